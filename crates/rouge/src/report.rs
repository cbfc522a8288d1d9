//! Result types and the perl-style text rendering.

use std::fmt;
use std::io;

use crate::SkipBigrams;

/// One ROUGE measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// ROUGE-N: clipped n-gram overlap, `N` in `1..=4`.
    N(usize),
    /// ROUGE-L: union longest common subsequence over sentence units.
    L,
    /// ROUGE-S or ROUGE-SU: skip-bigram overlap.
    S(SkipBigrams),
}

impl Metric {
    /// ROUGE-SU4: skip bigrams with at most four tokens in between, plus unigrams.
    pub const SU4: Metric = Metric::S(SkipBigrams {
        max_gap: Some(4),
        unigrams: true,
    });
}

impl fmt::Display for Metric {
    /// The script's name for the metric: `ROUGE-1`, `ROUGE-L`, `ROUGE-SU4`, `ROUGE-S*`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Metric::N(n) => write!(f, "ROUGE-{n}"),
            Metric::L => f.write_str("ROUGE-L"),
            Metric::S(s) => {
                f.write_str(if s.unigrams { "ROUGE-SU" } else { "ROUGE-S" })?;
                match s.max_gap {
                    Some(g) => write!(f, "{g}"),
                    None => f.write_str("*"),
                }
            }
        }
    }
}

/// One metric for one peer summary.
///
/// Recall, precision and F are rounded to five decimals, as the script rounds
/// them before averaging. The counts are pooled over references with
/// [`crate::Scoring::Average`], or those of the best reference.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    /// `hits / reference_total`.
    pub recall: f64,
    /// `hits / peer_total`.
    pub precision: f64,
    /// Weighted harmonic mean of recall and precision (see [`crate::RougeConfig::alpha`]).
    pub f: f64,
    /// Matched units (n-grams, skip bigrams or LCS tokens), clipped.
    pub hits: u64,
    /// Units in the reference(s).
    pub reference_total: u64,
    /// Units in the peer, counted once per reference in average mode.
    pub peer_total: u64,
}

/// All metrics for one peer summary, in [`crate::Rouge::metrics`] order.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    pub(crate) metrics: Vec<(Metric, Score)>,
}

impl Scores {
    /// The score for `metric`, if the scorer computes it.
    pub fn get(&self, metric: Metric) -> Option<&Score> {
        self.metrics
            .iter()
            .find(|(m, _)| *m == metric)
            .map(|(_, s)| s)
    }

    /// Every metric with its score.
    pub fn iter(&self) -> impl Iterator<Item = (Metric, &Score)> {
        self.metrics.iter().map(|(m, s)| (*m, s))
    }
}

/// A bootstrap estimate, rounded to five decimals like the script's output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Mean of the resample means: the script's `Average_X` figure.
    pub mean: f64,
    /// Lower bound of the confidence interval.
    pub low: f64,
    /// Upper bound of the confidence interval.
    pub high: f64,
}

/// System-level recall, precision and F for one metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Average recall.
    pub recall: Estimate,
    /// Average precision.
    pub precision: Estimate,
    /// Average F.
    pub f: Estimate,
}

/// The result of [`crate::Rouge::evaluate`]: per-item scores and bootstrapped
/// system averages for each metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub(crate) items: Vec<Scores>,
    pub(crate) metrics: Vec<(Metric, Summary)>,
    pub(crate) confidence: f64,
}

impl Report {
    /// The system averages for `metric`, if the scorer computes it.
    pub fn get(&self, metric: Metric) -> Option<&Summary> {
        self.metrics
            .iter()
            .find(|(m, _)| *m == metric)
            .map(|(_, s)| s)
    }

    /// Every metric with its averages, in the script's printing order.
    pub fn iter(&self) -> impl Iterator<Item = (Metric, &Summary)> {
        self.metrics.iter().map(|(m, s)| (*m, s))
    }

    /// Per-item scores, in input order.
    pub fn items(&self) -> &[Scores] {
        &self.items
    }

    /// Confidence level of the intervals, in percent.
    pub fn confidence(&self) -> f64 {
        self.confidence
    }

    /// Writes the averages the way ROUGE-1.5.5 prints them for system `system`:
    ///
    /// ```text
    /// ---------------------------------------------
    /// herald ROUGE-1 Average_R: 0.41234 (95%-conf.int. 0.39851 - 0.42690)
    /// ```
    pub fn write_perl_style(&self, out: impl io::Write, system: &str) -> io::Result<()> {
        self.write_perl_style_detailed(out, system, &[])
    }

    /// Writes the averages as [`Report::write_perl_style`] does, each metric followed by the
    /// score of every item in `items` (an evaluation id and its scores), as the script prints
    /// them with `-d`:
    ///
    /// ```text
    /// .............................................
    /// herald ROUGE-1 Eval d30003t R:0.40000 P:0.38095 F:0.39024
    /// ```
    ///
    /// With no items it writes exactly what [`Report::write_perl_style`] writes.
    pub fn write_perl_style_detailed(
        &self,
        mut out: impl io::Write,
        system: &str,
        items: &[(&str, &Scores)],
    ) -> io::Result<()> {
        for (metric, summary) in &self.metrics {
            writeln!(out, "---------------------------------------------")?;
            for (name, e) in [
                ("R", summary.recall),
                ("P", summary.precision),
                ("F", summary.f),
            ] {
                writeln!(
                    out,
                    "{system} {metric} Average_{name}: {:.5} ({}%-conf.int. {:.5} - {:.5})",
                    e.mean, self.confidence, e.low, e.high
                )?;
            }
            if items.is_empty() {
                continue;
            }
            writeln!(out, ".............................................")?;
            for (id, scores) in items {
                if let Some(s) = scores.get(*metric) {
                    writeln!(
                        out,
                        "{system} {metric} Eval {id} R:{:.5} P:{:.5} F:{:.5}",
                        s.recall, s.precision, s.f
                    )?;
                }
            }
        }
        Ok(())
    }
}
