//! Hostile text (issue 22, items 3–5): file names that hold GitHub Actions
//! workflow commands, documents and suppression comments that hold
//! terminal escape sequences and BiDi controls, and words hidden from the
//! matcher by invisible or look-alike characters.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir` with no colour-related environment.
fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_clauselint"))
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("CLAUSELINT_TODAY")
        .args(args)
        .output()
        .expect("the binary runs");
    let run = Run {
        code: out.status.code().expect("not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// A policy whose surveillance restriction is weakened only by the word in
/// place of `WORD` ("unlawful" makes it `lawfulness-only`).
const POLICY: &str = "---\nkind: aup\n---\n# Acceptable Use Policy\n\n\
    You may not use the Services to engage in WORD monitoring of any person.\n";

// ------------------------------------------------- workflow commands (3)

/// A workflow command the GitHub Actions runner obeys, read as it reads a
/// line of a step's output.
#[derive(Debug)]
struct WorkflowCommand {
    name: String,
    /// `file=`, unescaped.
    file: Option<String>,
    data: String,
}

/// The runner's two syntaxes: `::name props::data` once leading spaces are
/// trimmed, and `##[name props]data` anywhere in the line.
fn parse_command(line: &str) -> Option<WorkflowCommand> {
    let (info, separator, data) = if let Some(rest) = line.trim_start().strip_prefix("::") {
        let end = rest.find("::")?;
        (&rest[..end], ',', &rest[end + 2..])
    } else {
        let rest = &line[line.find("##[")? + 3..];
        let end = rest.find(']')?;
        (&rest[..end], ';', &rest[end + 1..])
    };
    let (name, properties) = info.split_once(' ').unwrap_or((info, ""));
    let file = properties
        .split(separator)
        .find_map(|p| p.trim().strip_prefix("file="))
        .map(|v| {
            v.replace("%0D", "\r")
                .replace("%0A", "\n")
                .replace("%3A", ":")
                .replace("%2C", ",")
                .replace("%25", "%")
        });
    Some(WorkflowCommand {
        name: name.to_string(),
        file,
        data: data.to_string(),
    })
}

/// The annotations the runner would make from a step's output, honouring
/// `stop-commands` as it does: nothing is obeyed until the command named by
/// its token.
fn obeyed_annotations(output: &str) -> Vec<WorkflowCommand> {
    let mut stopped_until: Option<String> = None;
    let mut obeyed = Vec::new();
    for line in output.split(['\n', '\r']) {
        let Some(command) = parse_command(line) else {
            continue;
        };
        if let Some(token) = &stopped_until {
            if command.name == *token {
                stopped_until = None;
            }
        } else if command.name == "stop-commands" {
            stopped_until = Some(command.data);
        } else if ["error", "warning", "notice"].contains(&command.name.as_str()) {
            obeyed.push(command);
        }
    }
    obeyed
}

/// A directory of documents, some named to inject workflow commands:
/// skipped ones (binary, a symbolic link) get a note on stderr, an
/// undecodable one an error, a checked one annotations.
fn repository_with_hostile_names() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.md"), POLICY.replace("WORD", "unlawful")).unwrap();
    std::fs::write(docs.join("z\n::stop-commands::x\n.md"), b"x\0y").unwrap();
    std::fs::write(docs.join("b\n::error::fake ##[error]fake\n.md"), b"\xff\0").unwrap();
    std::fs::write(docs.join("u\n::error file=a.md::bad\n.md"), b"bad \xff").unwrap();
    std::fs::write(
        docs.join("w\n::warning::injected ##[warning]x\n.md"),
        POLICY.replace("WORD", "lawful"),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("a.md", docs.join("l\n::stop-commands::y\n.md")).unwrap();
    dir
}

#[test]
fn file_names_cannot_stop_or_fake_github_annotations() {
    let dir = repository_with_hostile_names();
    let out = run(dir.path(), &["check", "--format", "github", "docs"]);
    assert_eq!(out.code, 2, "an undecodable document is an input error");
    let both = format!("{}\n{}", out.stdout, out.stderr);
    let obeyed = obeyed_annotations(&both);
    // Every annotation clauselint wrote is obeyed, and nothing else: no
    // stop, no command a file name made.
    let written = out.stdout.lines().filter(|l| l.starts_with("::")).count();
    assert!(written > 20, "{}", out.stdout);
    assert_eq!(obeyed.len(), written, "{both}");
    for command in &obeyed {
        let file = command
            .file
            .as_deref()
            .expect("every annotation names a file");
        assert!(
            dir.path().join(file).is_file(),
            "annotation on a file that is not there: {file:?}\n{both}"
        );
    }
    // The checked and the undecodable documents keep their real names.
    let files: Vec<&str> = obeyed.iter().filter_map(|c| c.file.as_deref()).collect();
    assert!(files.contains(&"docs/a.md"));
    assert!(files.contains(&"docs/w\n::warning::injected ##[warning]x\n.md"));
    assert!(files.contains(&"docs/u\n::error file=a.md::bad\n.md"));
    assert!(
        out.stderr
            .contains("note: docs/z\\n::stop-commands::x\\n.md: skipped: binary file"),
        "{}",
        out.stderr
    );
}

#[test]
fn paths_on_stderr_are_escaped_in_every_format() {
    let dir = repository_with_hostile_names();
    for format in [
        "human",
        "concise",
        "json",
        "json-lines",
        "sarif",
        "github",
        "junit",
    ] {
        let out = run(dir.path(), &["check", "--format", format, "docs"]);
        for line in out.stderr.lines() {
            assert!(
                !line.trim_start().starts_with("::") && !line.contains("##["),
                "{format}: a line of stderr is a workflow command: {line:?}\n{}",
                out.stderr
            );
        }
        assert!(
            out.stderr
                .contains("docs/z\\n::stop-commands::x\\n.md: skipped: binary file"),
            "{format}: {}",
            out.stderr
        );
        if format == "human" || format == "concise" {
            // Input errors go to stderr in these formats, escaped too.
            assert!(
                out.stderr
                    .contains("docs/u\\n::error file=a.md::bad\\n.md:1:5: not valid UTF-8"),
                "{format}: {}",
                out.stderr
            );
            // The document's own path on stdout: no line is a command.
            for line in out.stdout.lines() {
                assert!(
                    parse_command(line).is_none(),
                    "{format}: {line:?}\n{}",
                    out.stdout
                );
            }
        }
    }
}

// ------------------------------------------------ terminal escapes (4)

/// A document whose text, and a suppression comment's rule id, hold escape
/// sequences: clear screen and home, OSC 8 links, an OSC 0 window title,
/// a C1 CSI, BiDi overrides and isolates.
const HOSTILE_TEXT: &str = "---\nkind: aup\n---\n\
    # Acceptable Use Policy \x1b[2J\x1b[HALL CLEAR\n\n\
    You may not use the Services for \x1b]8;;https://evil.example/\x07covert\x1b]8;;\x07 \
    surveillance \x1b]0;pwned\x07 of any \u{202e}person\u{202c} or \u{2067}group\u{2069}\u{9b}2J.\n\n\
    <!-- clauselint-disable-next-line evil\x1b[31mid -->\n\
    Text.\n";

/// The characters of `text` that must not reach a terminal: controls but
/// the line break, and BiDi controls. With `sgr`, the colour codes
/// clauselint itself writes (`ESC [ digits/semicolons m`) are allowed.
fn raw_controls(text: &str, sgr: bool) -> Vec<(usize, char)> {
    let mut found = Vec::new();
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        if c == '\x1b' && sgr {
            let params = text[i + 1..].strip_prefix('[').map(|r| {
                r.len()
                    - r.trim_start_matches(|c: char| c.is_ascii_digit() || c == ';')
                        .len()
            });
            if let Some(n) = params
                && text[i + 2 + n..].starts_with('m')
            {
                skip_to = i + 3 + n;
                continue;
            }
        }
        let bidi = matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        );
        if (c.is_control() && c != '\n') || bidi {
            found.push((i, c));
        }
    }
    found
}

#[test]
fn document_text_reaches_no_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.md"), HOSTILE_TEXT).unwrap();
    for format in ["human", "concise", "github"] {
        for color in ["never", "always"] {
            let out = run(
                dir.path(),
                &[
                    "check",
                    "--format",
                    format,
                    "--color",
                    color,
                    "--coverage",
                    "policy.md",
                ],
            );
            assert_eq!(out.code, 1, "{format} {color}: {}", out.stderr);
            let sgr = color == "always";
            for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                assert_eq!(
                    raw_controls(text, sgr),
                    [],
                    "{format} --color {color}, {stream}:\n{text}"
                );
            }
            // The rule id from the suppression comment is shown, escaped.
            assert!(
                out.stdout.contains("evil\\u{1b}[31mid"),
                "{format} --color {color}:\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn snippets_show_escapes_with_labels_on_the_words() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.md"), HOSTILE_TEXT).unwrap();
    let out = run(dir.path(), &["check", "--color", "never", "policy.md"]);
    let text = &out.stdout;
    assert!(
        text.contains("# Acceptable Use Policy \\u{1b}[2J\\u{1b}[HALL CLEAR"),
        "{text}"
    );
    assert!(
        text.contains("\\u{1b}]8;;https://evil.example/\\u{7}covert\\u{1b}]8;;\\u{7}"),
        "{text}"
    );
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}"), "{text}");
    assert!(
        text.contains("\\u{202e}person\\u{202c} or \\u{2067}group\\u{2069}\\u{9b}2J."),
        "{text}"
    );
    // The unknown id's note: header at the id's place in the original
    // (line 8, column 35), and the label under the id as shown.
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.contains("`evil\\u{1b}[31mid` is not a loaded rule or pack"))
        .expect("the note on the unknown id");
    assert!(
        lines[header + 1].ends_with("[policy.md:8:35]"),
        "{}",
        lines[header + 1]
    );
    let id = "evil\\u{1b}[31mid";
    let snippet = lines[header + 2..]
        .iter()
        .position(|l| l.contains(id))
        .map(|i| header + 2 + i)
        .expect("the snippet line");
    let column = |line: &str, byte: usize| line[..byte].chars().count();
    let id_column = column(lines[snippet], lines[snippet].find(id).unwrap());
    let underline = lines[snippet + 1];
    let first = underline.find('─').expect("an underline");
    let last = underline.rfind('─').unwrap();
    assert_eq!(column(underline, first), id_column, "{underline}");
    assert_eq!(
        column(underline, last) + 1 - id_column,
        id.chars().count(),
        "{}\n{underline}",
        lines[snippet]
    );
}

#[test]
fn rule_ids_from_suppression_comments_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.md"), HOSTILE_TEXT).unwrap();
    let concise = run(dir.path(), &["check", "--format", "concise", "policy.md"]);
    assert!(
        concise.stdout.lines().any(|l| l
            == "policy.md:8:35: note[clauselint/unused-suppression] this suppression comment \
                suppresses nothing: `evil\\u{1b}[31mid` is not a loaded rule or pack"),
        "{}",
        concise.stdout
    );
    let github = run(dir.path(), &["check", "--format", "github", "policy.md"]);
    assert!(
        github.stdout.contains(
            "::notice file=policy.md,line=8,col=35,endLine=8,endColumn=46,\
             title=clauselint/unused-suppression::this suppression comment suppresses \
             nothing: `evil\\u{1b}[31mid` is not a loaded rule or pack%0A"
        ),
        "{}",
        github.stdout
    );
    // JSON is for programs: the id as written (escaped by JSON itself).
    let json = run(dir.path(), &["check", "--format", "json", "policy.md"]);
    assert!(
        json.stdout
            .contains("`evil\\u001b[31mid` is not a loaded rule"),
        "{}",
        json.stdout
    );
}

// --------------------------------------- invisible and look-alike (5)

/// A word as written, and what the note names.
struct Disguise {
    word: String,
    note: &'static str,
}

fn disguises() -> Vec<Disguise> {
    let invisible = |c: char, note| Disguise {
        word: format!("unl{c}awful"),
        note,
    };
    vec![
        invisible('\u{200b}', "invisible characters (U+200B)"),
        invisible('\u{200c}', "invisible characters (U+200C)"),
        invisible('\u{200d}', "invisible characters (U+200D)"),
        invisible('\u{2060}', "invisible characters (U+2060)"),
        invisible('\u{feff}', "invisible characters (U+FEFF)"),
        invisible('\u{ad}', "invisible characters (U+00AD)"),
        Disguise {
            word: "unl\u{430}wful".to_string(),
            note: "look-alike characters (U+0430)",
        },
        Disguise {
            word: "ｕｎｌａｗｆｕｌ".to_string(),
            note: "look-alike characters (U+FF55, U+FF4E, U+FF4C, U+FF41, U+FF57, U+FF46)",
        },
        Disguise {
            word: "u\u{200b}n\u{ad}l\u{430}wful".to_string(),
            note: "invisible characters (U+200B, U+00AD)",
        },
    ]
}

#[test]
fn hidden_characters_do_not_hide_a_lawfulness_only_restriction() {
    let dir = tempfile::tempdir().unwrap();
    let disguises = disguises();
    let mut names = Vec::new();
    for (n, d) in disguises.iter().enumerate() {
        let name = format!("policy-{n}.md");
        std::fs::write(dir.path().join(&name), POLICY.replace("WORD", &d.word)).unwrap();
        names.push(name);
    }
    let mut args = vec!["check", "--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let out = run(dir.path(), &args);
    let report: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let documents = report["documents"].as_array().unwrap();
    assert_eq!(documents.len(), disguises.len());
    for (doc, d) in documents.iter().zip(&disguises) {
        let source = POLICY.replace("WORD", &d.word);
        let word = source.find(&d.word).unwrap();
        let coverage = doc["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["concept"] == "prohibited-use/surveillance")
            .unwrap();
        assert_eq!(coverage["status"], "weak", "{}: {coverage}", d.word);
        assert!(
            coverage["features"]
                .as_array()
                .unwrap()
                .contains(&"lawfulness-only".into()),
            "{}: {coverage}",
            d.word
        );
        let finding = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "prohibited-use/surveillance")
            .unwrap();
        let label = finding["labels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["feature"] == "lawfulness-only")
            .unwrap();
        // The label covers the word's bytes in the file, hidden ones too.
        assert_eq!(
            (
                label["span"]["start"].as_u64(),
                label["span"]["end"].as_u64()
            ),
            (Some(word as u64), Some((word + d.word.len()) as u64)),
            "{}",
            d.word
        );
        let notes: Vec<&str> = finding["notes"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no notes: {finding}", d.word))
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with(&format!("the matched word contains {}", d.note))),
            "{}: {notes:?}",
            d.word
        );
    }
}

#[test]
fn the_note_is_shown_in_human_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("policy.md"),
        POLICY.replace("WORD", "unl\u{200b}awful"),
    )
    .unwrap();
    let out = run(dir.path(), &["check", "--color", "never", "policy.md"]);
    assert!(
        out.stdout.contains(
            "  note: the matched word contains invisible characters (U+200B), \
             read as if they were not there\n"
        ),
        "{}",
        out.stdout
    );
    // A plain document gets no note.
    std::fs::write(
        dir.path().join("policy.md"),
        POLICY.replace("WORD", "unlawful"),
    )
    .unwrap();
    let plain = run(dir.path(), &["check", "--format", "json", "policy.md"]);
    assert!(!plain.stdout.contains("\"notes\":["), "{}", plain.stdout);
}
