//! The bundled examples in `fixtures/examples/` are what new users run first:
//! their coverage must match the careful reading written down in
//! `docs/bundled-examples.md` (status and weakening features, per concept).

use std::collections::BTreeMap;
use std::process::Command;

type Expected = BTreeMap<String, (String, Vec<String>)>;

/// Parses the tables of docs/bundled-examples.md: example file → concept → (status, features).
fn expected() -> BTreeMap<String, Expected> {
    let md = std::fs::read_to_string("docs/bundled-examples.md").expect("docs/bundled-examples.md");
    let mut out: BTreeMap<String, Expected> = BTreeMap::new();
    let mut file: Option<String> = None;
    let mut pack: Option<String> = None;
    for line in md.lines() {
        if let Some(rest) = line.strip_prefix("## `") {
            file = rest.split('`').next().map(str::to_string);
            pack = None;
        } else if let Some(rest) = line.strip_prefix("### ") {
            pack = Some(rest.trim().to_string());
        } else if line.starts_with('|') {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() < 5
                || cells[1] == "concept"
                || cells[1].starts_with("---")
                || cells[1].contains("finding")
            {
                continue;
            }
            let (Some(f), Some(p)) = (&file, &pack) else {
                continue;
            };
            let status = cells[2].split_whitespace().next().unwrap_or("").to_string();
            let mut features: Vec<String> = cells[3]
                .split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect();
            features.sort();
            out.entry(f.clone())
                .or_default()
                .insert(format!("{p}/{}", cells[1]), (status, features));
        }
    }
    out
}

#[test]
fn bundled_examples_match_their_documented_coverage() {
    let expected = expected();
    assert_eq!(expected.len(), 3, "three bundled examples are documented");
    let mut wrong = Vec::new();
    for (file, concepts) in &expected {
        assert_eq!(concepts.len(), 24, "{file}: every concept has a row");
        let out = Command::new(env!("CARGO_BIN_EXE_clauselint"))
            .args(["check", "--format", "json", "--fail-on", "never"])
            .arg(format!("fixtures/examples/{file}"))
            .output()
            .expect("run clauselint");
        assert!(out.status.success(), "{file}: exit {:?}", out.status);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        let coverage = json["documents"][0]["coverage"]
            .as_array()
            .expect("coverage");
        for (concept, (status, features)) in concepts {
            let c = coverage
                .iter()
                .find(|c| c["concept"] == concept.as_str())
                .unwrap_or_else(|| panic!("{file}: no coverage for {concept}"));
            let mut got: Vec<String> = c["features"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect();
            got.sort();
            if c["status"] != status.as_str() || &got != features {
                wrong.push(format!(
                    "{file} {concept}: documented {status} {features:?}, got {} {got:?}",
                    c["status"]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "coverage differs from docs/bundled-examples.md:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_readme_example_exits_with_findings() {
    // `cargo run --release -- check fixtures/examples/acme-vision-aup.md` is the
    // README's first command: it must show findings (exit 1), never fail to run.
    let out = Command::new(env!("CARGO_BIN_EXE_clauselint"))
        .args([
            "check",
            "--color",
            "never",
            "fixtures/examples/acme-vision-aup.md",
        ])
        .output()
        .expect("run clauselint");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("prohibited-use/facial-recognition-police"),
        "{text}"
    );
    assert!(text.contains("scope-limited: "), "{text}");
    assert!(text.contains("clauselint: 1 document checked"), "{text}");
}
