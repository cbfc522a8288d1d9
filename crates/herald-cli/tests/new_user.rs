//! Mistakes a new user makes on a first day with herald, each answered by one line that says
//! what was wrong in the user's own words.

mod common;

use common::isolated_herald;
use std::path::Path;
use std::process::Output;

fn run(dir: &Path, args: &[&str]) -> Output {
    isolated_herald()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run herald")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_negative_brief_length_gets_the_message_summarize_gives() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--words", "--sentences", "--bytes"] {
        let out = run(dir.path(), &["story", "1", flag, "-5"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("a budget of -5 leaves no room for a summary"),
            "{flag}: {err}"
        );
        assert!(!err.contains("-- -5"), "{flag}: clap's tip: {err}");
    }
}

#[test]
fn watch_given_a_feed_address_instead_of_a_list_says_how_to_follow_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["watch", "https://news.example/feed.rss", "--once"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("not a feed list"), "{err}");
    assert!(
        err.contains("`herald feeds add https://news.example/feed.rss`"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    assert!(!dir.path().join("herald.db").exists());
}

#[test]
fn output_into_a_missing_folder_names_the_folder_not_a_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["summarize", "-", "-o", "nosuch/summaries.jsonl"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("nosuch/summaries.jsonl: cannot write: no folder nosuch to write it in"),
        "{err}"
    );
    assert!(!err.contains(".herald-"), "{err}");
    std::fs::write(dir.path().join("afile"), "x").unwrap();
    let out = run(
        dir.path(),
        &["summarize", "-", "-o", "afile/summaries.jsonl"],
    );
    let err = stderr(&out);
    assert!(err.contains("afile is not a folder"), "{err}");
    assert!(!err.contains(".herald-"), "{err}");
}

#[test]
fn bench_and_eval_given_a_folder_say_it_is_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    let dataset = serde_json::json!({"id": "a", "references": ["The pier closed."], "documents": [
        {"id": "d", "text": "The harbour authority closed the northern pier on Monday after divers found cracks in its supports."}
    ]});
    std::fs::write(dir.path().join("d.jsonl"), format!("{dataset}\n")).unwrap();
    std::fs::write(
        dir.path().join("s.jsonl"),
        "{\"id\": \"a\", \"summary\": \"The pier closed.\"}\n",
    )
    .unwrap();
    for args in [
        &["bench", "articles"][..],
        &["bench", "d.jsonl", "--compare", "articles"][..],
        &["eval", "--dataset", "articles", "--summaries", "s.jsonl"][..],
        &["eval", "--dataset", "d.jsonl", "--summaries", "articles"][..],
    ] {
        let out = run(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("articles: a folder, not a JSONL file"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("articles:1:"), "{args:?}: {err}");
    }
}

#[test]
fn the_help_names_every_input_the_pool_reads_and_every_algorithm_bench_runs() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["dedup", "cluster"] {
        let out = run(dir.path(), &[command, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(help.contains("WARC archives"), "{command}: {help}");
    }
    let out = run(dir.path(), &["ingest", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        help.contains("http(s):// URLs of article pages or feeds, or - for JSONL"),
        "{help}"
    );
    let out = run(dir.path(), &["bench", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    let names = herald::summarize::Algorithm::NAMES.join(", ");
    assert!(help.contains(&names), "{names}: {help}");
}

#[test]
fn ingesting_a_folder_without_articles_says_none_were_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = run(dir.path(), &["ingest", "empty", "--db", "news.db"]);
    let err = stderr(&out);
    // Nothing failed: the exit status stays 0, but the user learns why nothing was added.
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("herald: warning: empty: no articles found"),
        "{err}"
    );
}

#[test]
fn stories_too_small_to_summarize_are_not_called_an_input_without_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/bench-sample.jsonl"
    );
    let out = run(
        dir.path(),
        &["summarize", "--stories", "--min-articles", "4", sample],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("herald: error: nothing to summarize: no story of 4 articles or more"),
        "{err}"
    );
    assert!(!err.contains("holds no clusters"), "{err}");
}

#[test]
fn help_examples_use_files_that_ship_with_herald() {
    // ../shared/data is the developers' benchmark folder, beside the repository: a new user
    // has none of it. The examples/ files are in every clone.
    let dir = tempfile::tempdir().unwrap();
    for command in ["eval", "bench", "cluster"] {
        let out = run(dir.path(), &[command, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(!help.contains("../shared"), "{command}: {help}");
        assert!(
            help.contains("examples/bench-sample.jsonl"),
            "{command}: {help}"
        );
    }
}

#[test]
fn bench_refuses_a_budget_that_leaves_no_room_as_summarize_does() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bench-sample.jsonl");
    for (flag, n) in [("--words", "0"), ("--bytes", "-3")] {
        let out = run(dir.path(), &["bench", sample.to_str().unwrap(), flag, n]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{flag} {n}: {err}");
        assert!(
            err.contains(&format!("a budget of {n} leaves no room for a summary")),
            "{flag} {n}: {err}"
        );
    }
}

#[test]
fn watch_refuses_a_feed_list_with_a_line_that_is_no_feed_address() {
    let dir = tempfile::tempdir().unwrap();
    // An article given where the feed list goes: refused at once, naming the line, and no
    // store is made.
    std::fs::write(
        dir.path().join("story.txt"),
        "# a comment\nCouncil approves the budget\nThe council voted on Monday.\n",
    )
    .unwrap();
    let out = run(dir.path(), &["watch", "story.txt", "--once"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("story.txt:2: \"Council approves the budget\" is not a feed address"),
        "{err}"
    );
    assert!(!err.contains("retried next round"), "{err}");
    assert!(!dir.path().join("herald.db").exists());
}
