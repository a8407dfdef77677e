mod lsp;
