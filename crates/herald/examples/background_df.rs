//! Counts the background document frequencies that story grouping ships
//! (`crates/herald/src/cluster/background_df.bin`; see `herald::cluster::background`).
//!
//! ```text
//! zcat ../shared/data/multinews-train.jsonl.gz | \
//!   cargo run --release -p herald --example background_df -- --skip 800 --min-df 10 \
//!   > crates/herald/src/cluster/background_df.bin
//! ```
//!
//! Reads clusters as JSONL on standard input (the benchmark format), skips the first `--skip`
//! (the shipped table skips the 800 Multi-News training clusters that the TUNE-LARGE grouping
//! pool of `scripts/grouping/make_pools.py --train 800` holds, so that pool stays unseen), and
//! profiles every article with the default story settings. Failed scrapes (empty profiles) are
//! not counted. Terms used by fewer than `--min-df` articles are left out. Writes the table to
//! standard output and a summary line to standard error.

use herald::clean::Cleaner;
use herald::cluster::background::Background;
use herald::cluster::stories::StoryGrouper;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufRead, Write};

fn main() {
    let mut skip = 0usize;
    let mut min_df = 1u32;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().and_then(|v| v.parse::<usize>().ok());
        match (a.as_str(), value) {
            ("--skip", Some(v)) => skip = v,
            ("--min-df", Some(v)) => min_df = v as u32,
            _ => {
                eprintln!("usage: background_df [--skip N] [--min-df N] < clusters.jsonl > table");
                std::process::exit(1);
            }
        }
    }
    let grouper = StoryGrouper::default();
    let cleaner = Cleaner::default();
    let mut df: HashMap<u32, u32> = HashMap::new();
    let mut articles = 0u32;
    let stdin = std::io::stdin().lock();
    let mut lines = Vec::new();
    for (k, line) in stdin.lines().enumerate() {
        let line = line.unwrap_or_else(|e| {
            eprintln!("error: standard input, line {}: {e}", k + 1);
            std::process::exit(1);
        });
        if k >= skip && !line.trim().is_empty() {
            lines.push((k, line));
        }
    }
    let profiles: Vec<Vec<_>> = lines
        .par_iter()
        .map(|(k, line)| {
            let cluster = herald::ingest::parse_cluster_line(line, "stdin").unwrap_or_else(|e| {
                eprintln!("error: standard input, line {}: {e}", k + 1);
                std::process::exit(1);
            });
            cluster
                .articles
                .iter()
                .map(|a| grouper.profile(a, &cleaner))
                .collect()
        })
        .collect();
    for p in profiles.iter().flatten().filter(|p| !p.is_empty()) {
        articles += 1;
        for &(t, _) in p {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    let mut table: Vec<(u32, u32)> = df.into_iter().filter(|&(_, n)| n >= min_df).collect();
    table.sort_unstable();
    eprintln!(
        "{} clusters, {articles} articles counted, {} terms kept (df >= {min_df})",
        lines.len(),
        table.len()
    );
    let bytes = Background {
        articles,
        df: table,
    }
    .to_bytes();
    std::io::stdout()
        .write_all(&bytes)
        .expect("writing the table to standard output");
}
