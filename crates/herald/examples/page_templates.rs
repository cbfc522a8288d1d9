//! Learns the page templates that failed-scrape detection ships
//! (`crates/herald/src/clean/page_templates.bin`; see `herald::clean::templates`).
//!
//! ```text
//! zcat ../shared/data/multinews-train.jsonl.gz | \
//!   cargo run --release -p herald --example page_templates -- --skip 800 --min-clusters 5 \
//!   > crates/herald/src/clean/page_templates.bin
//! ```
//!
//! Reads clusters as JSONL on standard input (the benchmark format) and skips the first
//! `--skip` (the shipped table skips the 800 Multi-News training clusters that the TUNE-LARGE
//! grouping pool of `scripts/grouping/make_pools.py --train 800` holds, so that pool stays
//! unseen). Every sentence of every article's cleaned text, as failed-scrape detection reads
//! it, and of the furniture cleaning removed, is keyed by `template_key`; the keys found in at least `--min-clusters` different
//! clusters are written to standard output as a table. With `--show N`, standard error also
//! gets the N most widespread sentences and the N least (those just at the bar), to read.

use herald::analyze::segment::sentences;
use herald::clean::templates::{template_key, Templates};
use herald::clean::Cleaner;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};

fn main() {
    let (mut skip, mut min_clusters, mut show) = (0usize, 5usize, 0usize);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().and_then(|v| v.parse::<usize>().ok());
        match (a.as_str(), value) {
            ("--skip", Some(v)) => skip = v,
            ("--min-clusters", Some(v)) => min_clusters = v,
            ("--show", Some(v)) => show = v,
            _ => {
                eprintln!(
                    "usage: page_templates [--skip N] [--min-clusters N] [--show N] < clusters.jsonl > table"
                );
                std::process::exit(1);
            }
        }
    }
    let cleaner = Cleaner::default();
    let mut lines = Vec::new();
    for (k, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.unwrap_or_else(|e| {
            eprintln!("error: standard input, line {}: {e}", k + 1);
            std::process::exit(1);
        });
        if k >= skip && !line.trim().is_empty() {
            lines.push((k, line));
        }
    }
    // Per cluster, its distinct sentence keys (and one text of each, to show).
    let per_cluster: Vec<HashMap<u64, String>> = lines
        .par_iter()
        .map(|(k, line)| {
            let cluster = herald::ingest::parse_cluster_line(line, "stdin").unwrap_or_else(|e| {
                eprintln!("error: standard input, line {}: {e}", k + 1);
                std::process::exit(1);
            });
            let mut keys = HashMap::new();
            for a in &cluster.articles {
                let cleaned = cleaner.clean(a);
                // The removed furniture too: a page that is nothing but page text has no
                // prose left, and is told by what was removed.
                let removed = cleaned.removed.iter().map(|r| r.span.clone());
                for p in cleaned.paragraphs.iter().cloned().chain(removed) {
                    let Some(paragraph) = a.text.get(p) else {
                        continue;
                    };
                    for s in sentences(paragraph) {
                        let sentence = &paragraph[s];
                        if let Some(key) = template_key(sentence) {
                            keys.entry(key).or_insert_with(|| sentence.to_string());
                        }
                    }
                }
            }
            keys
        })
        .collect();
    let mut clusters: HashMap<u64, usize> = HashMap::new();
    let mut text: HashMap<u64, String> = HashMap::new();
    for keys in per_cluster {
        for (key, sentence) in keys {
            *clusters.entry(key).or_insert(0) += 1;
            text.entry(key).or_insert(sentence);
        }
    }
    let mut kept: Vec<(usize, u64)> = clusters
        .iter()
        .filter(|&(_, &n)| n >= min_clusters)
        .map(|(&k, &n)| (n, k))
        .collect();
    kept.sort_unstable_by(|a, b| b.cmp(a));
    if show > 0 {
        let line = |&(n, k): &(usize, u64)| eprintln!("{n:6}  {}", text[&k]);
        eprintln!("most widespread:");
        kept.iter().take(show).for_each(line);
        eprintln!("at the bar:");
        kept.iter().rev().take(show).for_each(line);
    }
    let keys: HashSet<u64> = kept.iter().map(|&(_, k)| k).collect();
    let mut keys: Vec<u64> = keys.into_iter().collect();
    keys.sort_unstable();
    eprintln!(
        "{} clusters, {} distinct sentences, {} in at least {min_clusters} clusters",
        lines.len(),
        clusters.len(),
        keys.len()
    );
    std::io::stdout()
        .write_all(&Templates { keys }.to_bytes())
        .expect("writing the table to standard output");
}
