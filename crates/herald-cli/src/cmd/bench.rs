//! `herald bench`: summarize every cluster of a benchmark file, score the summaries against its
//! references with ROUGE-1.5.5 semantics, time each cluster, and print one table row per system.

use super::eval::{eval_order, Order};
use crate::Failure;
use herald::clean::boilerplate::BoilerplateCounter;
use herald::ingest::read_jsonl;
use herald::model::Cluster;
use herald::summarize::Algorithm;
use herald::{Budget, Config, Pipeline};
use herald_rouge::{Limit, Metric, Report, RougeConfig};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::time::Instant;

/// Arguments of `herald bench`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Scores use ROUGE-1.5.5 semantics with Porter stemming (-m), stop words kept, \
summaries truncated to the budget (-l N or -b N), -n 4 -2 4 -u -f A -p 0.5, as the DUC evaluations did.\n\n\
ms/cluster is the median time per cluster; \"x first\" divides it by the first row's (herald's first algorithm), so \
a peer at 100 takes a hundred times as long per cluster. A --compare file's times are its own \"seconds\" fields.\n\n\
Example: herald bench examples/bench-sample.jsonl --words 100 --algorithm concept,lexrank"
)]
pub struct Args {
    /// A cluster JSONL file with references.
    #[arg(value_name = "DATASET")]
    pub dataset: String,
    /// Summary length in words [default: 100].
    #[arg(long, group = "budget", value_name = "N", allow_negative_numbers = true, value_parser = super::summarize::parse_count)]
    pub words: Option<usize>,
    /// Summary length in bytes.
    #[arg(long, group = "budget", value_name = "N", allow_negative_numbers = true, value_parser = super::summarize::parse_count)]
    pub bytes: Option<usize>,
    /// herald algorithms to run, comma-separated: concept, lead, centroid, lexrank, textrank.
    #[arg(long, short = 'a', default_value = "concept", value_delimiter = ',')]
    pub algorithm: Vec<String>,
    /// Another system's summaries (JSONL lines with "id" and "summary", optionally "seconds")
    /// to score in the same table; repeatable.
    #[arg(long, value_name = "S.jsonl")]
    pub compare: Vec<String>,
    /// Fill the budget to the limit by cutting the last sentence (how DUC systems were scored).
    #[arg(long)]
    pub truncate: bool,
    /// Score without stemming (ROUGE without -m).
    #[arg(long)]
    pub no_stem: bool,
    /// A pipeline configuration JSON file (see `herald summarize --print-config`) for the
    /// first algorithm.
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// Write herald's summaries as JSONL to this file (first algorithm), for scoring elsewhere.
    #[arg(long, value_name = "FILE")]
    pub save: Option<String>,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub output: crate::output::OutputArg,
}

/// One system's results.
struct Row {
    name: String,
    report: Report,
    /// Seconds per cluster, when known.
    seconds: Vec<f64>,
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    let budget = match (args.words, args.bytes) {
        (_, Some(b)) => Budget::Bytes(b),
        (w, None) => Budget::Words(w.unwrap_or(100)),
    };
    let clusters = load(&args.dataset)?;
    if clusters.is_empty() {
        return Err(Failure::input(format!("{}: no clusters", args.dataset)));
    }
    let rouge = RougeConfig::new()
        .stemming(!args.no_stem)
        .limit(match budget {
            Budget::Bytes(b) => Limit::Bytes(b),
            Budget::Words(w) | Budget::Sentences(w) => Limit::Words(w),
        })
        .build()
        .map_err(|e| Failure::input(e.to_string()))?;
    // The official script's averaging order, as `herald eval` uses by default.
    let order = eval_order(Order::RougeMetric, clusters.len())
        .map_err(|e| Failure::input(format!("{e:#}")))?;
    let references: Vec<Vec<&str>> = clusters
        .iter()
        .map(|c| c.references.iter().map(String::as_str).collect())
        .collect();
    // Every system's summaries (in dataset order) are scored in that one averaging order: the
    // bootstrap estimate the script prints as the average depends on it.
    let score = |summaries: &[&str]| -> Report {
        let items: Vec<(&str, Vec<&str>)> = order
            .iter()
            .map(|&i| (summaries[i], references[i].clone()))
            .collect();
        rouge.evaluate(&items)
    };

    let mut rows = Vec::new();
    for (k, name) in args.algorithm.iter().enumerate() {
        let algorithm = Algorithm::from_name(name).ok_or_else(|| {
            Failure::input(format!(
                "unknown algorithm {name:?}; choose from {}",
                Algorithm::NAMES.join(", ")
            ))
        })?;
        let mut config = match (&args.config, k) {
            (Some(path), 0) => crate::input::read_config(path)?,
            _ => Config {
                algorithm,
                ..Config::default()
            },
        };
        config.budget = budget;
        config.truncate |= args.truncate;
        let mut pipeline = Pipeline::new(config);
        // Boilerplate across clusters, as `herald summarize` finds it; its cost is charged to
        // the clusters' times.
        let mut counter = BoilerplateCounter::default();
        let mut counting = Vec::with_capacity(clusters.len());
        for c in &clusters {
            let t = Instant::now();
            counter.add(c, pipeline.cleaner());
            counting.push(t.elapsed().as_secs_f64());
        }
        pipeline = pipeline.with_boilerplate(counter.finish(3));
        let progress = progress(clusters.len() as u64, name);
        let mut summaries = Vec::with_capacity(clusters.len());
        let mut seconds = Vec::with_capacity(clusters.len());
        for (c, counted) in clusters.iter().zip(&counting) {
            let t = Instant::now();
            let s = pipeline.summarize(c);
            seconds.push(t.elapsed().as_secs_f64() + counted);
            summaries.push(s);
            progress.inc(1);
        }
        progress.finish_and_clear();
        // Scored as 0 like any other, but never without a word: `herald summarize` says why.
        let empty: Vec<String> = summaries
            .iter()
            .filter(|s| s.sentences.is_empty())
            .map(|s| s.id.clone())
            .collect();
        if !empty.is_empty() {
            eprintln!(
                "herald: warning: herald {name}: {} of {} empty, scored 0 (herald summarize says \
                 why): {}",
                super::count(empty.len() as u64, "summary"),
                clusters.len(),
                super::eval::some_ids(&empty)
            );
        }
        if k == 0 {
            if let Some(path) = &args.save {
                let mut f = std::io::BufWriter::new(
                    std::fs::File::create(path)
                        .map_err(|e| Failure::input(format!("{path}: {e}")))?,
                );
                for s in &summaries {
                    serde_json::to_writer(&mut f, &json!({"id": s.id, "summary": s.summary}))
                        .map_err(std::io::Error::from)?;
                    writeln!(f)?;
                }
                f.flush()?;
            }
        }
        let texts: Vec<&str> = summaries.iter().map(|s| s.summary.as_str()).collect();
        rows.push(Row {
            name: format!("herald {name}"),
            report: score(&texts),
            seconds,
        });
    }
    for path in &args.compare {
        let (summaries, seconds) = load_summaries(path)?;
        // A missing summary is named in dataset order.
        let found = clusters
            .iter()
            .map(|c| {
                summaries.get(&c.id).map(String::as_str).ok_or_else(|| {
                    Failure::input(format!("{path}: no summary for cluster {:?}", c.id))
                })
            })
            .collect::<Result<Vec<&str>, Failure>>()?;
        rows.push(Row {
            name: path
                .rsplit('/')
                .next()
                .unwrap_or(path)
                .trim_end_matches(".jsonl")
                .to_owned(),
            report: score(&found),
            seconds,
        });
    }

    let mut out = args.output.open()?;
    if args.json {
        let first = first_median(&rows);
        let value = json!({
            "dataset": args.dataset,
            "clusters": clusters.len(),
            "budget": budget.to_string(),
            "systems": rows.iter().map(|r| row_json(r, first)).collect::<Vec<Value>>(),
        });
        serde_json::to_writer_pretty(&mut out, &value).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        table(&mut out, &args.dataset, clusters.len(), budget, &rows)?;
    }
    out.finish()?;
    Ok(0)
}

fn progress(len: u64, name: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} clusters {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix(name.to_owned());
    bar
}

/// Every cluster of the dataset that has references; a broken line is an error.
fn load(path: &str) -> Result<Vec<Cluster>, Failure> {
    let file = open_jsonl(path)?;
    let mut out = Vec::new();
    for c in read_jsonl(file, path) {
        let c = c.map_err(|e| Failure::input(e.to_string()))?;
        if c.references.is_empty() {
            eprintln!(
                "herald: warning: {path}: cluster {:?} has no references; not scored",
                c.id
            );
            continue;
        }
        out.push(c);
    }
    Ok(out)
}

/// Opens a JSONL file; a folder (which opens, then fails at its first read) is said as what it
/// is, not as a read error on line 1.
/// A gzipped one is decompressed as it is read.
fn open_jsonl(path: &str) -> Result<Box<dyn BufRead + Send>, Failure> {
    if std::path::Path::new(path).is_dir() {
        return Err(Failure::input(format!(
            "{path}: a folder, not a JSONL file"
        )));
    }
    herald::ingest::open_jsonl(std::path::Path::new(path))
        .map_err(|e| Failure::input(format!("{path}: {e}")))
}

/// A summaries file: id -> summary, and the "seconds" values when present.
fn load_summaries(path: &str) -> Result<(HashMap<String, String>, Vec<f64>), Failure> {
    let file = open_jsonl(path)?;
    let mut map = HashMap::new();
    let mut seconds = Vec::new();
    for (n, line) in file.lines().enumerate() {
        let line = line.map_err(|e| Failure::input(format!("{path}:{}: {e}", n + 1)))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)
            .map_err(|e| Failure::input(format!("{path}:{}: invalid JSON: {e}", n + 1)))?;
        let (Some(id), Some(summary)) = (v["id"].as_str(), v["summary"].as_str()) else {
            return Err(Failure::input(format!(
                "{path}:{}: needs \"id\" and \"summary\" strings",
                n + 1
            )));
        };
        if let Some(s) = v["seconds"].as_f64() {
            seconds.push(s);
        }
        map.insert(id.to_owned(), summary.to_owned());
    }
    Ok((map, seconds))
}

const METRICS: [(&str, Metric); 4] = [
    ("rouge-1", Metric::N(1)),
    ("rouge-2", Metric::N(2)),
    ("rouge-su4", Metric::SU4),
    ("rouge-l", Metric::L),
];

fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    Some(s[s.len() / 2])
}

/// The first row's median seconds per cluster, the yardstick of the "x first" column.
fn first_median(rows: &[Row]) -> Option<f64> {
    rows.first()
        .and_then(|r| median(&r.seconds))
        .filter(|m| *m > 0.0)
}

/// How many times as long as the first row a row takes per cluster (medians).
fn time_vs_first(r: &Row, first: Option<f64>) -> Option<f64> {
    Some(median(&r.seconds)? / first?)
}

fn row_json(r: &Row, first: Option<f64>) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("system".into(), json!(r.name));
    for (key, metric) in METRICS {
        if let Some(s) = r.report.get(metric) {
            m.insert(
                key.into(),
                json!({"r": s.recall.mean, "p": s.precision.mean, "f": s.f.mean}),
            );
        }
    }
    m.insert(
        "median_ms_per_cluster".into(),
        json!(median(&r.seconds).map(|s| s * 1e3)),
    );
    m.insert("total_seconds".into(), json!(r.seconds.iter().sum::<f64>()));
    m.insert("time_vs_first".into(), json!(time_vs_first(r, first)));
    Value::Object(m)
}

fn table(
    out: &mut dyn Write,
    dataset: &str,
    clusters: usize,
    budget: Budget,
    rows: &[Row],
) -> std::io::Result<()> {
    writeln!(
        out,
        "{dataset}: {clusters} clusters, {budget}; ROUGE recall / F1 x100"
    )?;
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(6).max(6);
    writeln!(
        out,
        "{:width$}  {:>13}  {:>13}  {:>13}  {:>13}  {:>12}  {:>8}",
        "system", "R-1 R / F", "R-2 R / F", "SU4 R / F", "L R / F", "ms/cluster", "x first"
    )?;
    let first = first_median(rows);
    for r in rows {
        write!(out, "{:width$}", r.name)?;
        for (_, metric) in METRICS {
            match r.report.get(metric) {
                Some(s) => write!(
                    out,
                    "  {:>6.2} {:>6.2}",
                    s.recall.mean * 100.0,
                    s.f.mean * 100.0
                )?,
                None => write!(out, "  {:>13}", "-")?,
            }
        }
        match median(&r.seconds) {
            Some(m) => write!(out, "  {:>12.3}", m * 1e3)?,
            None => write!(out, "  {:>12}", "-")?,
        }
        match time_vs_first(r, first) {
            Some(x) => writeln!(out, "  {x:>8.1}")?,
            None => writeln!(out, "  {:>8}", "-")?,
        }
    }
    Ok(())
}
