//! What herald writes for people to read (text and Markdown output, messages on standard
//! error) never carries a control character taken from the input: an id, title or reason with
//! a line break, ESC or BEL in it is shown escaped (`\n`, `\u{1b}`), and so is a quoted
//! sentence's (whose line breaks read as spaces), so an input cannot forge lines of output,
//! colour the terminal or set its title. JSON keeps every character exactly.

mod common;

use std::path::Path;

/// A cluster whose id, document id and title carry control characters: a colour sequence, a
/// line break, an OSC sequence that sets a terminal's title (ended by BEL), and NUL.
const HOSTILE: &str = r#"{"id":"c\u001b[31mtl","documents":[{"id":"a\nb\u0000","title":"Bad\u001b]0;pwned\u0007","text":"x"}]}"#;

/// An article whose sentences carry a colour sequence and a title-setting one: quoted in a
/// summary, they are article text, and text and Markdown show them escaped too.
const PROSE: &str = r#"{"id":"p","documents":[{"id":"h","text":"The harbour reopened on Tuesday after the storm\u001b[31m, officials said, and boats moved again by noon.\n\nCrews worked through the night\u001b]0;pwned\u0007 to clear the wreckage from the channel, the mayor said."}]}"#;

/// A line whose cluster id carries a screen-clearing sequence and whose documents are no array.
const BROKEN: &str = r#"{"id":"e\u001b[2J","documents":5}"#;

/// Runs `herald ARGS` in `dir`; the code, standard output and standard error.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = common::isolated_herald()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run herald");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("utf-8 output"),
        String::from_utf8(out.stderr).expect("utf-8 messages"),
    )
}

/// Panics if `text` holds a control character other than the line breaks that end its lines.
fn assert_printable(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: raw control characters {bad:?} in:\n{text}"
    );
}

#[test]
fn control_characters_of_the_input_reach_no_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), format!("{HOSTILE}\n{BROKEN}\n")).unwrap();
    std::fs::write(dir.path().join("one.jsonl"), format!("{HOSTILE}\n")).unwrap();
    std::fs::write(dir.path().join("prose.jsonl"), format!("{PROSE}\n")).unwrap();
    let (cluster, document, title, broken) = (
        r"c\u{1b}[31mtl",
        r"a\nb\0",
        r"Bad\u{1b}]0;pwned\u{7}",
        r"e\u{1b}[2J",
    );
    // Each run, and what it must show escaped rather than drop.
    let (colour, titled) = (r"storm\u{1b}[31m,", r"night\u{1b}]0;pwned\u{7} to");
    let colour_md = r"storm\u{1b}\[31m,";
    let runs: [(&[&str], &[&str]); 14] = [
        (&["summarize", "c.jsonl"], &[cluster, document, broken]),
        (
            &["summarize", "c.jsonl", "--format", "markdown"],
            &[cluster, document, title, broken],
        ),
        (&["dedup", "c.jsonl", "--format", "text"], &[broken]),
        (
            &["cluster", "c.jsonl", "--format", "text"],
            &[document, title, broken],
        ),
        // The broken line keeps the file out of the store; the good line alone goes in.
        (&["ingest", "--db", "c.db", "c.jsonl"], &[broken]),
        (&["ingest", "--db", "d.db", "one.jsonl"], &[]),
        (&["story", "--db", "d.db", "1"], &[document, title]),
        (
            &["story", "--db", "d.db", "1", "--format", "markdown"],
            &[document, title],
        ),
        (&["stories", "--db", "d.db"], &[title]),
        (&["summarize", "prose.jsonl"], &[colour, titled]),
        (
            &["summarize", "prose.jsonl", "--format", "markdown"],
            &[colour_md, titled],
        ),
        (&["ingest", "--db", "p.db", "prose.jsonl"], &[]),
        (&["story", "--db", "p.db", "1"], &[colour, titled]),
        (
            &["story", "--db", "p.db", "1", "--format", "markdown"],
            &[colour_md, titled],
        ),
    ];
    for (args, shown) in runs {
        let (_, out, err) = run(dir.path(), args);
        let what = args.join(" ");
        assert_printable(&format!("{what}: standard output"), &out);
        assert_printable(&format!("{what}: standard error"), &err);
        let all = format!("{out}{err}");
        for name in shown {
            assert!(all.contains(name), "{what}: no {name} in:\n{all}");
        }
    }
}

#[test]
fn json_output_keeps_control_characters_exactly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.jsonl"), format!("{HOSTILE}\n")).unwrap();
    let (_, out, _) = run(dir.path(), &["summarize", "c.jsonl", "--format", "jsonl"]);
    let summary: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
    assert_eq!(summary["id"], "c\u{1b}[31mtl");
    assert_eq!(summary["skipped"][0]["document"], "a\nb\u{0}");
    let (code, _, err) = run(dir.path(), &["ingest", "--db", "c.db", "c.jsonl"]);
    assert_eq!(code, Some(0), "{err}");
    let (_, out, _) = run(
        dir.path(),
        &["story", "--db", "c.db", "1", "--format", "json"],
    );
    let story: serde_json::Value = serde_json::from_str(&out).expect("a JSON object");
    assert_eq!(story["sources"][0]["id"], "a\nb\u{0}");
    assert_eq!(story["sources"][0]["title"], "Bad\u{1b}]0;pwned\u{7}");
}
