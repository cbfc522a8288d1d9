//! The functions the fuzz targets in `fuzz/` call, one per input path, kept in the library so
//! that every committed corpus file and every input that ever crashed runs on stable in
//! `cargo test` (`crates/herald-cli/tests/fuzz_regressions.rs`) exactly as the fuzzer ran it.
//!
//! Each takes arbitrary bytes, must return without panicking, and asserts what must hold of
//! any output: a panic here is a finding. They do no I/O beyond memory.

use crate::analyze::segment;
use crate::clean::Cleaner;
use crate::ingest::{self, html, warc};
use crate::model::{Article, Cluster};
use crate::{Budget, Config, Pipeline};

/// Bytes over this are cut before any target sees them: the fuzzer should look for crashes,
/// not time out on what the size limits elsewhere already refuse.
pub const MAX_INPUT: usize = 256 << 10;

fn bounded(data: &[u8]) -> &[u8] {
    &data[..data.len().min(MAX_INPUT)]
}

/// Asserts that `range` is a slice of `text` on character boundaries.
fn assert_slice(text: &str, range: &std::ops::Range<usize>) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{range:?} out of bounds"
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{range:?} splits a character"
    );
}

/// Cleans `article` and checks that every paragraph and removal is a slice of its text.
fn check_cleaned(article: &Article) {
    let cleaned = Cleaner::default().clean(article);
    for p in &cleaned.paragraphs {
        assert_slice(&article.text, p);
    }
    for r in &cleaned.removed {
        assert_slice(&article.text, &r.span);
    }
}

/// HTML extraction and cleaning: decode the bytes as a page, extract the article, clean it.
/// An extracted body is never empty, and what herald's passes dropped is recorded.
pub fn html(data: &[u8]) {
    let data = bounded(data);
    let Ok(page) = html::decode(data, None) else {
        return;
    };
    if let Ok(e) = html::extract(&page, None) {
        assert!(e.text.chars().any(char::is_alphanumeric), "empty body");
        assert!(!e.text.contains("\n\n\n"));
        let article = Article {
            id: "page".into(),
            text: e.text,
            ..Article::default()
        };
        check_cleaned(&article);
    }
    // Feed items and fragments go through the same paragraph code without the main-content
    // search.
    let _ = html::fragment_text(&page);
    let _ = html::inline_text(&page);
}

/// The WARC reader over the bytes as an archive: every record is an article or a counted skip.
pub fn warc(data: &[u8]) {
    let data = bounded(data);
    let mut reader = warc::WarcReader::new(data, "fuzz.warc").with_max_record_bytes(64 << 10);
    let mut skipped = 0u64;
    for item in reader.by_ref() {
        match item {
            Ok(warc::Record::Article(article)) => check_cleaned(&article),
            Ok(warc::Record::Skipped(_)) => skipped += 1,
            // A damaged archive: reported, not counted as a skip.
            Err(_) => {}
        }
    }
    assert_eq!(reader.counts().total(), skipped, "every skip is counted");
}

/// JSONL cluster ingest: each line a cluster or an error naming its line, and every article a
/// slice-safe text for the cleaner.
pub fn jsonl(data: &[u8]) {
    let data = bounded(data);
    for cluster in ingest::read_jsonl(data, "fuzz.jsonl").flatten() {
        for a in &cluster.articles {
            assert!(a.body_start <= a.text.len());
            check_cleaned(a);
        }
    }
}

/// RSS and Atom feeds: a cluster of items, or an error.
pub fn feed(data: &[u8]) {
    let data = bounded(data);
    if let Ok(cluster) = ingest::feed::parse_feed(data, "fuzz", "fuzz.rss") {
        for a in &cluster.articles {
            check_cleaned(a);
        }
    }
}

/// The sentence segmenter: sentences are ordered, do not overlap, and are slices of the text
/// on character boundaries, in cased and lowercased text alike.
pub fn segment(data: &[u8]) {
    let text = String::from_utf8_lossy(bounded(data));
    for cased in [true, false] {
        let mut end = 0;
        for s in segment::sentences_in(&text, cased) {
            assert_slice(&text, &s);
            assert!(s.start >= end, "sentences overlap or go back");
            end = s.end;
        }
    }
    let _ = segment::word_count(&text);
}

/// The whole pipeline on the bytes as articles (split on NUL bytes; a first byte chooses the
/// budget): no panic, and every quoted sentence is exactly its article's text at its offsets.
pub fn pipeline(data: &[u8]) {
    let data = bounded(data);
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(choice % 32) + 1;
    let budget = match choice / 64 {
        0 => Budget::Words(n * 10),
        1 => Budget::Sentences(n),
        _ => Budget::Bytes(n * 50),
    };
    let articles: Vec<Article> = rest
        .split(|&b| b == 0)
        .take(8)
        .enumerate()
        .map(|(i, bytes)| Article {
            id: format!("d{i}"),
            text: String::from_utf8_lossy(bytes).into_owned(),
            ..Article::default()
        })
        .collect();
    let cluster = Cluster {
        id: "fuzz".into(),
        articles,
        ..Cluster::default()
    };
    let summary = Pipeline::new(Config {
        budget,
        truncate: choice & 1 == 1,
        compress: crate::summarize::compress::CompressConfig {
            enabled: choice & 2 == 2,
            ..Default::default()
        },
        ..Config::default()
    })
    .summarize(&cluster);
    for s in &summary.sentences {
        let article = cluster
            .articles
            .iter()
            .find(|a| a.id == s.document)
            .expect("a sentence names one of the articles");
        assert_slice(&article.text, &(s.start..s.end));
        if s.spans.is_empty() {
            // A sentence cut at the budget has its end moved with it, so this holds for it too.
            assert_eq!(
                article.text[s.start..s.end],
                s.text,
                "quoted text equals its offsets"
            );
        } else {
            // A compressed sentence shows its kept spans by the display rule.
            let spans: Vec<_> = s.spans.iter().map(|r| r.start..r.end).collect();
            for r in &spans {
                assert_slice(&article.text, r);
            }
            let shown = crate::summarize::compress::display(&article.text, s.start, &spans);
            assert!(
                shown.starts_with(&s.text),
                "a compressed sentence shows its kept spans"
            );
        }
    }
}
