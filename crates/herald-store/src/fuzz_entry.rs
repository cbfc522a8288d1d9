//! The store's input paths under arbitrary input, for the cargo-fuzz target `store` (in
//! `fuzz/`) and its replay on stable (`crates/herald-cli/tests/fuzz_regressions.rs`): both call
//! [`input`], so every corpus file and every input that ever crashed runs in `cargo test`.

use crate::Store;
use herald::model::Article;
use rusqlite::OptionalExtension;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes over this are cut before the target sees them (a few inputs of a few hundred
/// articles at most: the fuzzer should look for crashes, not time out on ingest speed).
pub const MAX_INPUT: usize = 64 << 10;

/// A store file in the temporary folder, removed with its journal files when dropped.
struct TempStore(PathBuf);

impl TempStore {
    fn new() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        TempStore(
            std::env::temp_dir().join(format!("herald-fuzz-store-{}-{n}.db", std::process::id())),
        )
    }
}

impl Drop for TempStore {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = self.0.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }
}

/// Arbitrary bytes as inputs to a fresh store: split on NUL into at most four inputs, each read
/// as JSONL by herald's reader (a line that is no cluster is skipped, as `herald ingest` skips
/// it). The first byte chooses which input is abandoned before its commit (dropped, as an
/// error or a killed process leaves it) and whether articles are added in one batch or one by
/// one. After every input the store must hold:
///
/// - `PRAGMA integrity_check` and `PRAGMA foreign_key_check` clean;
/// - every article in a story that exists, from an input that exists, and a version or copy
///   pointing to an article that exists; every merged story pointing to a story that exists;
/// - a committed input whole: as many article rows as its report's new, versions and copies,
///   and its `inputs` row;
/// - an abandoned input not at all: no article, story or `inputs` row more than before it.
pub fn input(data: &[u8]) {
    let data = &data[..data.len().min(MAX_INPUT)];
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let abandoned = usize::from(choice & 3);
    let one_by_one = choice & 4 != 0;
    let temp = TempStore::new();
    let mut store = Store::open(&temp.0).expect("a new store in the temporary folder");
    for (k, part) in rest.split(|&b| b == 0).take(4).enumerate() {
        let mut articles: Vec<Article> = Vec::new();
        let mut skipped = Vec::new();
        for cluster in herald::ingest::read_jsonl(part, "fuzz.jsonl").flatten() {
            articles.extend(cluster.articles);
            skipped.extend(cluster.skipped);
        }
        let before = counts(&store);
        let mut input = store.input(&format!("input-{k}")).expect("an input begins");
        input.skip(skipped);
        if one_by_one {
            for a in articles {
                input.add(vec![a]).expect("articles are added");
            }
        } else {
            input.add(articles).expect("articles are added");
        }
        if k == abandoned {
            drop(input);
            check(&store);
            assert_eq!(counts(&store), before, "an abandoned input left something");
        } else {
            let report = input.commit().expect("an input commits");
            check(&store);
            let after = counts(&store);
            assert_eq!(
                after.articles - before.articles,
                (report.new + report.versions + report.copies) as i64,
                "article rows against the report {report:?}"
            );
            assert_eq!(after.inputs, before.inputs + 1);
        }
    }
}

/// Rows of the tables an input writes.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
struct Counts {
    articles: i64,
    stories: i64,
    inputs: i64,
}

fn counts(store: &Store) -> Counts {
    let count = |table: &str| -> i64 {
        store
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("a count")
    };
    Counts {
        articles: count("articles"),
        stories: count("stories"),
        inputs: count("inputs"),
    }
}

/// The store's integrity: SQLite's own checks and the references between its tables.
fn check(store: &Store) {
    let conn = &store.conn;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check answers");
    assert_eq!(integrity, "ok");
    let broken: Option<String> = conn
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()
        .expect("foreign_key_check answers");
    assert_eq!(broken, None, "a reference to a missing row");
    for (what, sql) in [
        (
            "an article in a story that does not exist",
            "SELECT count(*) FROM articles a LEFT JOIN stories s ON s.n = a.story WHERE s.n IS NULL",
        ),
        (
            "an article from an input that does not exist",
            "SELECT count(*) FROM articles a LEFT JOIN inputs i ON i.n = a.input WHERE i.n IS NULL",
        ),
        (
            "a version or copy of an article that does not exist",
            "SELECT count(*) FROM articles a LEFT JOIN articles o ON o.n = a.of WHERE a.of IS NOT NULL AND o.n IS NULL",
        ),
        (
            "a story merged into one that does not exist",
            "SELECT count(*) FROM stories s LEFT JOIN stories t ON t.n = s.merged_into WHERE s.merged_into IS NOT NULL AND t.n IS NULL",
        ),
    ] {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).expect("a check");
        assert_eq!(n, 0, "{what}");
    }
}
