//! What cleaning and analysis remove from each article of a cluster JSONL file, by reason: the
//! read that found the story text cut as captions (docs/results.md §63).
//!
//! `cargo run --release -p herald --example removed -- FILE.jsonl [MIN_WORDS]` prints one
//! tab-separated line per removed span of at least MIN_WORDS words (default 25): reason, words,
//! article id, the span's first 300 characters. A count per reason (spans, words, long spans)
//! goes to standard error.

use herald::analyze::document::AnalyzedCluster;
use herald::clean::Cleaner;
use herald::ingest::read_jsonl;
use herald::model::Cluster;
use std::collections::BTreeMap;
use std::io::BufReader;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: removed FILE.jsonl [MIN_WORDS]");
        std::process::exit(2);
    };
    let min: usize = match args.next().map(|s| s.parse()) {
        None => 25,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("removed: MIN_WORDS must be a whole number");
            std::process::exit(2);
        }
    };
    let file = match std::fs::File::open(&path) {
        Ok(f) => BufReader::new(f),
        Err(e) => {
            eprintln!("removed: {path}: {e}");
            std::process::exit(1);
        }
    };
    let cleaner = Cleaner::default();
    // reason -> (spans, words, spans of at least `min` words)
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for cluster in read_jsonl(file, &path) {
        let cluster = match cluster {
            Ok(c) => c,
            Err(e) => {
                eprintln!("removed: {e}");
                continue;
            }
        };
        for article in &cluster.articles {
            // Analysed alone, so that what the sentence pass removes is counted too.
            let one = Cluster {
                id: cluster.id.clone(),
                articles: vec![article.clone()],
                references: Vec::new(),
                skipped: Vec::new(),
            };
            let analysis = AnalyzedCluster::new(&one, &cleaner);
            for r in &analysis.documents[0].cleaned.removed {
                let text = &article.text[r.span.clone()];
                let words = text.split_whitespace().count();
                let entry = counts.entry(format!("{:?}", r.reason)).or_default();
                entry.0 += 1;
                entry.1 += words;
                if words >= min {
                    entry.2 += 1;
                    let head: String = text.chars().take(300).collect();
                    println!(
                        "{:?}\t{words}\t{}\t{}",
                        r.reason,
                        article.id,
                        head.replace('\n', " ")
                    );
                }
            }
        }
    }
    for (reason, (spans, words, long)) in counts {
        eprintln!("{reason}: {spans} spans, {words} words, {long} of {min}+ words");
    }
}
