//! Hostile inputs: untrusted repositories, file names, documents and
//! editors (issue 22). One module per surface.

mod lsp;
mod text;
