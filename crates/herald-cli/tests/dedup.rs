//! `herald dedup` driven through the real binary.
//!
//! `tests/fixtures/dedup-planted/input.jsonl` holds a small pool written for this test: one
//! article with an early cut, a syndicated copy (byline, stamp, dateline, share links), a copy
//! edit and an update (highlights box and a new paragraph); a follow-up that reuses two of its
//! paragraphs and another outlet's article on the same story (both must stay apart); and an
//! unrelated article with a wire copy. `expected.jsonl` and `expected.stderr` next to it are the
//! golden output; `HERALD_BLESS=1` rewrites them after an intended change.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn herald(args: &[&str], stdin: Option<&[u8]>) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(stdin.unwrap_or_default()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn check_golden(path: &Path, got: &str) {
    if std::env::var_os("HERALD_BLESS").is_some() {
        fs::write(path, got).unwrap();
        return;
    }
    let expected = fs::read_to_string(path).unwrap();
    assert_eq!(
        expected,
        got,
        "{} differs (HERALD_BLESS=1 rewrites)",
        path.display()
    );
}

#[test]
fn planted_versions_are_grouped_and_others_kept_apart() {
    let dir = fixture("dedup-planted");
    let input = dir.join("input.jsonl");
    let (stdout, stderr, code) = herald(
        &["dedup", input.to_str().unwrap(), "--format", "jsonl"],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    check_golden(&dir.join("expected.jsonl"), &stdout);
    check_golden(&dir.join("expected.stderr"), &stderr);
}

#[test]
fn text_format_lists_each_group() {
    let input = fixture("dedup-planted").join("input.jsonl");
    let (stdout, _, code) = herald(
        &["dedup", input.to_str().unwrap(), "--format", "text"],
        None,
    );
    assert_eq!(code, 0);
    assert!(stdout.starts_with("quake\n  = quake-copy\n"), "{stdout}");
    assert!(
        stdout.contains("tax-update\n  = tax-original\n"),
        "{stdout}"
    );
}

/// The seed cluster: the two versions of the CNN story form one group; the follow-up that
/// reuses their paragraphs, the other outlet and the June G8 article stay alone.
#[test]
fn seed_cluster_groups_only_the_two_cnn_versions() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/g20-syria");
    let (stdout, stderr, code) = herald(&["dedup", seed.to_str().unwrap()], None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "{\"canonical\":\"001_55ad1462f3b0bf93\",\"duplicates\":[\"000_c0d28317505d6522\"]}\n"
    );
    assert_eq!(stderr, "herald: 5 articles, 1 group, 1 duplicate\n");
}

/// Same input, same bytes out, whether read from a file or standard input, and every run.
#[test]
fn output_is_deterministic() {
    let input = fixture("dedup-planted").join("input.jsonl");
    let first = herald(&["dedup", input.to_str().unwrap()], None).0;
    assert!(!first.is_empty());
    for _ in 0..3 {
        assert_eq!(herald(&["dedup", input.to_str().unwrap()], None).0, first);
    }
    let bytes = fs::read(&input).unwrap();
    assert_eq!(herald(&["dedup", "-"], Some(&bytes)).0, first);
}

/// Bad input lines are reported with their place and exit 1; the rest is still deduplicated.
#[test]
fn bad_lines_are_reported_and_skipped() {
    let mut bytes = b"{not json}\n".to_vec();
    bytes.extend(fs::read(fixture("dedup-planted").join("input.jsonl")).unwrap());
    let (stdout, stderr, code) = herald(&["dedup", "-"], Some(&bytes));
    assert_eq!(code, 1);
    assert!(stderr.contains("<stdin>:1"), "{stderr}");
    assert_eq!(stdout.lines().count(), 2);
}

/// Regression: the same document in two input clusters (as DUC 2003 has) was reported as a
/// duplicate of itself.
#[test]
fn same_document_in_two_clusters_is_one_article() {
    let doc = r#"{"id": "wire-1", "text": "The council approved the flood wall plan on Thursday after a long debate about its cost."}"#;
    let other = r#"{"id": "wire-2", "text": "A rare snow leopard cub was born at the city zoo, keepers said on Friday morning."}"#;
    let input = format!(
        "{{\"id\": \"a\", \"documents\": [{doc}]}}\n{{\"id\": \"b\", \"documents\": [{doc}, {other}]}}\n"
    );
    let (stdout, stderr, code) =
        herald(&["dedup", "-", "--format", "jsonl"], Some(input.as_bytes()));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "", "no group: {stdout}");
    assert!(
        stderr.contains("2 articles, 0 groups, 0 duplicates, 1 given again under the same id"),
        "{stderr}"
    );
}
