use super::*;

fn clauses(doc: &Document) -> Vec<&str> {
    (0..doc.clauses.len()).map(|i| doc.clause_text(i)).collect()
}

#[test]
fn markdown_sections_clauses_and_lead_ins() {
    let src = "---\nkind: aup\n---\n# Acme AUP\n\n## Prohibited uses\n\nYou must not use the Services to:\n\n* track people <!-- note --> without consent;\n* build **weapons**.\n\nSee Sec. 4.2 of the U.S. terms. Violations may result in suspension.\n";
    let doc = Document::parse(src, Format::Markdown);
    assert_eq!(
        clauses(&doc),
        [
            "Acme AUP",
            "Prohibited uses",
            "You must not use the Services to:",
            "track people without consent;",
            "build weapons.",
            "See Sec. 4.2 of the U.S. terms.",
            "Violations may result in suspension."
        ]
    );
    assert_eq!(
        doc.front_matter.as_ref().unwrap().kind.as_ref().unwrap().0,
        "aup"
    );
    assert_eq!(doc.clauses[3].lead_in, Some(2));
    assert_eq!(doc.clauses[4].lead_in, Some(2));
    assert_eq!(doc.clauses[5].lead_in, None);
    assert_eq!(doc.title, Some(0));
    let path: Vec<_> = doc
        .heading_path(doc.clauses[3].section)
        .map(|h| doc.clause_text(h))
        .collect();
    assert_eq!(path, ["Prohibited uses", "Acme AUP"]);
    assert_eq!(doc.comments.len(), 1);
    assert_eq!(&src[doc.comments[0].body.clone()], "note");
    // Spans map to the exact source words, across the removed markup.
    let weapons = doc.clause_source_range(4);
    assert_eq!(&src[weapons], "build **weapons**.");
}

#[test]
fn crlf_bom_and_non_ascii_spans() {
    let src = "\u{feff}# Tïtle\r\n\r\nCustomer\r\nmay not   use “it”.\r\n";
    let doc = Document::parse(src, Format::Markdown);
    assert_eq!(clauses(&doc), ["Tïtle", "Customer may not use “it”."]);
    assert_eq!(
        &src[doc.clause_source_range(1)],
        "Customer\r\nmay not   use “it”."
    );
    let t = doc.clause_text(1);
    let off = doc.clauses[1].text.start + t.find("not").unwrap();
    assert_eq!(&src[doc.text.to_source(off..off + 3)], "not");
}

#[test]
fn nested_lists_chain_lead_ins() {
    let src = "This software must not be used by any organisation that:\n\n1. promotes:\n   * warfare\n   * torture\n2. other\n";
    let doc = Document::parse(src, Format::Markdown);
    assert_eq!(
        clauses(&doc),
        [
            "This software must not be used by any organisation that:",
            "promotes:",
            "warfare",
            "torture",
            "other"
        ]
    );
    assert_eq!(doc.clauses[1].lead_in, Some(0));
    assert_eq!(doc.clauses[2].lead_in, Some(1));
    assert_eq!(doc.clauses[4].lead_in, Some(0));
}

#[test]
fn html_blocks_keep_text_drop_tags() {
    let src = "<p>Customer shall respect <b>human rights</b>.</p>\n\n<!-- expect: x -->\nNext.\n";
    let doc = Document::parse(src, Format::Markdown);
    assert_eq!(
        clauses(&doc),
        ["Customer shall respect human rights.", "Next."]
    );
    assert_eq!(doc.comments.len(), 1);
}

#[test]
fn plain_text_headings_lists_and_wrapping() {
    let src = "OPEN MODEL LICENSE\n\n1. Definitions\n\n\"Model\" means the weights.\n\n2. Grant of License. Subject to the terms, Licensor grants\na license.\n\nARTICLE IV\n\nYou agree not to use the Model:\n(a) to track people;\n(b) for weapons.\n\nSection 7: Termination\nThe license ends.\n";
    let doc = Document::parse(src, Format::PlainText);
    assert_eq!(
        clauses(&doc),
        [
            "OPEN MODEL LICENSE",
            "1. Definitions",
            "\"Model\" means the weights.",
            "2. Grant of License.",
            "Subject to the terms, Licensor grants a license.",
            "ARTICLE IV",
            "You agree not to use the Model:",
            "to track people;",
            "for weapons.",
            "Section 7: Termination",
            "The license ends."
        ]
    );
    assert_eq!(doc.clauses[7].lead_in, Some(6));
    assert_eq!(doc.clauses[7].kind, ClauseKind::ListItem);
    assert_eq!(doc.clauses[10].kind, ClauseKind::Sentence);
    let path: Vec<_> = doc
        .heading_path(doc.clauses[4].section)
        .map(|h| doc.clause_text(h))
        .collect();
    assert_eq!(path[0], "2. Grant of License.");
}

#[test]
fn dotted_enumerations_keep_their_lead_in() {
    let src = "3.1.  The Licensee SHALL NOT:\n\n    3.1.1.  Infringe upon any right\n    (See Article 3)\n\n    3.1.2.  Hold any person in slavery\n    (See Article 4)\n";
    let doc = Document::parse(src, Format::Markdown);
    let got: Vec<(&str, Option<usize>)> = (0..doc.clauses.len())
        .map(|i| (doc.clause_text(i), doc.clauses[i].lead_in))
        .collect();
    assert_eq!(
        got,
        [
            ("3.1. The Licensee SHALL NOT:", None),
            ("Infringe upon any right (See Article 3)", Some(0)),
            ("Hold any person in slavery (See Article 4)", Some(0))
        ]
    );
}

#[test]
fn table_cells_past_the_header_count_are_kept() {
    // GFM drops cells beyond the header's count; their words are still
    // terms of the document.
    let src = "| Use | Allowed |\n|---|---|\n| mass surveillance | no | must not \\| ever | **police** |\n| maps |\n";
    let doc = Document::parse(src, Format::Markdown);
    assert_eq!(
        clauses(&doc),
        [
            "Use",
            "Allowed",
            "mass surveillance",
            "no",
            "must not \\| ever",
            "**police**",
            "maps"
        ]
    );
    let extra = doc.clause_source_range(4);
    assert_eq!(extra, 55..71);
    assert_eq!(&src[extra], "must not \\| ever");
    assert_eq!(doc.clauses[5].kind, ClauseKind::TableCell);
    assert_eq!(doc.clauses[4].block, doc.clauses[3].block + 1);
}

#[test]
fn enumerators_are_short_marks_before_a_space() {
    for text in [
        "(a) x",
        "(iv) x",
        "(12) x",
        "b. x",
        "a) x",
        "  (xiv) x",
        "ii. x",
    ] {
        assert!(starts_with_enumerator(text), "{text:?}");
    }
    for text in [
        "(1234) x",
        "(this is an aside) x",
        "Customer agrees (see below) x.",
        "(a)x",
        "abc) x",
        "é) x",
        "(a",
        "",
    ] {
        assert!(!starts_with_enumerator(text), "{text:?}");
    }
}

#[test]
fn short_unpunctuated_lines_are_list_items_unless_a_line_is_long() {
    let list = "You must not use the Services for:\nFacial recognition by police\nPredictive policing\nMass surveillance\n";
    let doc = Document::parse(list, Format::Markdown);
    assert_eq!(
        clauses(&doc),
        [
            "You must not use the Services for:",
            "Facial recognition by police",
            "Predictive policing",
            "Mass surveillance"
        ]
    );
    assert_eq!(doc.clauses[1].kind, ClauseKind::ListItem);
    assert_eq!(doc.clauses[3].lead_in, Some(0));

    // One line of 26 words: an ordinary wrapped paragraph, one clause.
    let long = format!(
        "You must not use the Services for:\nFacial recognition by police\n{}\nMass surveillance\n",
        ["Word"; 26].join(" ")
    );
    let doc = Document::parse(&long, Format::Markdown);
    assert_eq!(doc.clauses.len(), 1);
    assert_eq!(doc.clauses[0].kind, ClauseKind::Sentence);
    // 25 words are still short.
    let edge = long.replacen("Word ", "", 1);
    assert_eq!(Document::parse(&edge, Format::Markdown).clauses.len(), 4);

    // A line starting in lower case continues a sentence.
    let wrapped = "You must not use the Services for:\nfacial recognition by police\nPredictive policing\nMass surveillance\n";
    assert_eq!(Document::parse(wrapped, Format::Markdown).clauses.len(), 1);
}
