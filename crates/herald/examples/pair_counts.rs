//! Counts herald's concepts (adjacent stem pairs, not both stop words) over a corpus of
//! clusters, for `scripts/learn/pair_idf.py`, which fits the background weights shipped in
//! `crates/herald/data/pair_df.txt`.
//!
//! `zcat ../shared/data/multinews-train.jsonl.gz | cargo run --release -p herald --example
//! pair_counts -- DF_OUT ROWS_OUT MIN_DF` reads JSONL clusters (`documents[].text`,
//! `references`) from standard input and writes:
//!
//! - DF_OUT: `# documents N`, then one `stem stem<TAB>df` line per pair used by at least MIN_DF
//!   documents, sorted by pair;
//! - ROWS_OUT: for every pair of every cluster, bucketed, how often it occurs in the cluster's
//!   reference: `articles<TAB>cluster_articles<TAB>idf_bucket<TAB>stop<TAB>in_reference<TAB>count`,
//!   where idf is computed from the document frequency of the *other* clusters (so a pair's own
//!   cluster does not lower its idf), in quarter steps.
//!
//! Documents are tokenized whole, as `Tokenizer` does a sentence, so pairs across a sentence
//! break are counted too: a few extra pairs that no summary concept will look up.

use herald::analyze::{Language, Tokenizer, Vocab};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, Write};

/// A pair of stems by their ids in one shared vocabulary, and whether both are stop words.
type Pair = (u32, u32);

fn pairs(
    tok: &Tokenizer,
    vocab: &mut Vocab,
    text: &str,
    stop_pair: &mut HashSet<Pair>,
) -> HashSet<Pair> {
    let mut out = Vec::new();
    tok.tokenize(text, 0..text.len(), vocab, &mut out);
    let mut set = HashSet::new();
    for w in out.windows(2) {
        if w[0].stop && w[1].stop {
            continue;
        }
        let p = (w[0].term, w[1].term);
        if w[0].stop || w[1].stop {
            stop_pair.insert(p);
        }
        set.insert(p);
    }
    set
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, df_out, rows_out, min_df] = args.as_slice() else {
        eprintln!("usage: pair_counts DF_OUT ROWS_OUT MIN_DF < clusters.jsonl");
        std::process::exit(2);
    };
    let min_df: u32 = min_df.parse().expect("MIN_DF: a whole number");
    let tok = Tokenizer::new(Language::English);
    let mut vocab = Vocab::default();
    let mut with_stop: HashSet<Pair> = HashSet::new();
    // Per cluster: each article's pairs, and the reference's.
    let mut clusters: Vec<(Vec<HashSet<Pair>>, HashSet<Pair>)> = Vec::new();
    let mut df: HashMap<Pair, u32> = HashMap::new();
    let mut documents = 0u64;
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.expect("stdin: cannot read");
        let v: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("stdin:{}: invalid JSON: {e}", n + 1));
        let docs: Vec<HashSet<Pair>> = v["documents"]
            .as_array()
            .map(|d| {
                d.iter()
                    .filter_map(|doc| doc["text"].as_str())
                    .map(|t| pairs(&tok, &mut vocab, t, &mut with_stop))
                    .collect()
            })
            .unwrap_or_default();
        let mut reference = HashSet::new();
        for r in v["references"].as_array().into_iter().flatten() {
            if let Some(r) = r.as_str() {
                reference.extend(pairs(&tok, &mut vocab, r, &mut with_stop));
            }
        }
        for d in &docs {
            documents += 1;
            for p in d {
                *df.entry(*p).or_default() += 1;
            }
        }
        clusters.push((docs, reference));
    }

    let mut table: Vec<(String, u32)> = df
        .iter()
        .filter(|(_, &n)| n >= min_df)
        .map(|(&(a, b), &n)| (format!("{} {}", vocab.term(a), vocab.term(b)), n))
        .collect();
    table.sort();
    let mut f = std::io::BufWriter::new(std::fs::File::create(df_out).expect("DF_OUT"));
    writeln!(f, "# documents {documents}").unwrap();
    writeln!(f, "# min_df {min_df}").unwrap();
    for (pair, n) in &table {
        writeln!(f, "{pair}\t{n}").unwrap();
    }

    let mut buckets: BTreeMap<(u32, u32, i64, bool, bool), u64> = BTreeMap::new();
    for (docs, reference) in &clusters {
        let mut here: HashMap<Pair, u32> = HashMap::new();
        for d in docs {
            for p in d {
                *here.entry(*p).or_default() += 1;
            }
        }
        let others = documents - docs.len() as u64;
        for (p, k) in here {
            let rest = df[&p] - k;
            let idf = ((others as f64 + 1.0) / (f64::from(rest) + 1.0)).ln();
            let key = (
                k.min(6),
                (docs.len() as u32).min(6),
                (idf * 4.0).round() as i64,
                with_stop.contains(&p),
                reference.contains(&p),
            );
            *buckets.entry(key).or_default() += 1;
        }
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(rows_out).expect("ROWS_OUT"));
    for ((k, n, idf, stop, hit), count) in buckets {
        writeln!(
            f,
            "{k}\t{n}\t{}\t{}\t{}\t{count}",
            idf as f64 / 4.0,
            u8::from(stop),
            u8::from(hit)
        )
        .unwrap();
    }
}
