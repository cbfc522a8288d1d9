//! `herald cluster`: group a mixed pool of articles into stories.
//!
//! Every article of every input is pooled (the input's own grouping is ignored, except by
//! `--score`, which measures the stories against it) and reduced to a short profile as soon as
//! its batch is read, so memory holds ids and profiles, never texts.

use crate::Failure;
use herald::clean::{CleanConfig, Cleaner};
use herald::cluster::stories::{Profile, Story, StoryGrouper};
use herald::cluster::tracker::{day_number, group_pool, TrackerConfig};
use herald::render::printable;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

/// Arguments of `herald cluster`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Prints one line per story: {\"story\": n, \"documents\": [ids], \"outliers\": [ids]}, \
stories numbered from 1 in the order of their first article, documents in input order; every \
article is in exactly one story (an article alike to no other is a story of one). Outliers are \
members far less similar to the rest of their story than the others are. A page that is not an \
article (a failed scrape: a web archive notice, a login wall, a cookie or error page, a video player \
or comment box that crawls repeat across stories) is always a \
story of its own, and its line says why: \"failed_scrape\": \"failed scrape: ...\". A summary line \
goes to standard error.\n\n\
Example: herald cluster examples/bench-sample.jsonl --score"
)]
pub struct Args {
    #[command(flatten)]
    pub pool: crate::input::PoolArgs,
    /// Measure the stories against the grouping the input already has (each JSONL line or
    /// folder is one true story): pairwise and B-cubed precision, recall and F1 on stderr.
    #[arg(long)]
    pub score: bool,
}

#[derive(Serialize)]
struct StoryLine<'a> {
    story: usize,
    documents: Vec<&'a str>,
    outliers: Vec<&'a str>,
    /// Why the story's one article is not an article (`failed scrape: …`), if it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    failed_scrape: Option<&'static str>,
}

/// Per pooled article: its id, cleaned title, the input cluster it came in, and why it is not
/// an article when it is a failed scrape.
struct Entry {
    id: String,
    title: String,
    cluster: u32,
    failed_scrape: Option<&'static str>,
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    crate::input::check_paths(&args.pool.paths)?;
    let Some(config) = args.pool.settings::<TrackerConfig>()? else {
        return Ok(0);
    };
    let mut out = args.pool.output.open()?;
    let grouper = StoryGrouper::new(config.profile.clone());
    let cleaner = Cleaner::new(CleanConfig::default());
    let started = std::time::Instant::now();
    let mut entries: Vec<Entry> = Vec::new();
    let mut profiles: Vec<Profile> = Vec::new();
    let mut dates: Vec<Option<i32>> = Vec::new();
    let mut clusters: HashMap<String, u32> = HashMap::new();
    // Articles of different inputs may share an id; the stories must name each one apart.
    let mut ids = herald::ingest::UniqueIds::default();
    let counts = crate::input::pool_articles(
        &args.pool.paths,
        |a| grouper.describe(a, &cleaner),
        |a, cluster, described| {
            let next = clusters.len() as u32;
            let cluster = *clusters.entry(cluster.to_owned()).or_insert(next);
            entries.push(Entry {
                id: ids.claim(a.id),
                title: described.title.unwrap_or_default(),
                cluster,
                failed_scrape: described.failed_scrape,
            });
            profiles.push(described.profile);
            dates.push(a.date.as_deref().and_then(day_number));
        },
    );
    let read = started.elapsed();

    let grouping = crate::input::spinner(&format!(
        "grouping {} articles into stories",
        profiles.len()
    ));
    let stories = group_pool(&profiles, &dates, &config);
    grouping.finish_and_clear();
    for (n, s) in stories.iter().enumerate() {
        write_story(&args.pool.format, n + 1, s, &entries, &mut out)?;
    }
    out.finish()?;
    let multi = stories.iter().filter(|s| s.documents.len() > 1).count();
    eprintln!(
        "herald: {}, {} ({multi} of two or more){}; read {:.2}s, grouped {:.2}s",
        super::count(entries.len() as u64, "article"),
        super::count(stories.len() as u64, "story"),
        if counts.skipped > 0 {
            format!(", {} skipped", counts.skipped)
        } else {
            String::new()
        },
        read.as_secs_f64(),
        (started.elapsed() - read).as_secs_f64(),
    );
    if args.score {
        let truth: Vec<u32> = entries.iter().map(|e| e.cluster).collect();
        let s = score(&stories, &truth);
        eprintln!(
            "herald: against the input's {}: pairwise P {:.4} R {:.4} F1 {:.4}; B-cubed P {:.4} R {:.4} F1 {:.4}",
            super::count(clusters.len() as u64, "cluster"),
            s.pair_p,
            s.pair_r,
            f1(s.pair_p, s.pair_r),
            s.bcubed_p,
            s.bcubed_r,
            f1(s.bcubed_p, s.bcubed_r),
        );
    }
    if counts.errors > 0 {
        eprintln!(
            "herald: {}",
            super::count(counts.errors as u64, "input error")
        );
        return Ok(1);
    }
    Ok(0)
}

fn write_story(
    format: &str,
    n: usize,
    s: &Story,
    entries: &[Entry],
    out: &mut impl Write,
) -> std::io::Result<()> {
    if format == "text" {
        writeln!(out, "story {n}")?;
        for &d in &s.documents {
            let mark = if s.outliers.contains(&d) {
                " (outlier)".to_owned()
            } else if let Some(why) = entries[d].failed_scrape {
                format!(" ({why})")
            } else {
                String::new()
            };
            let title = &entries[d].title;
            let sep = if title.is_empty() { "" } else { "  " };
            writeln!(
                out,
                "  {}{sep}{}{mark}",
                printable(&entries[d].id),
                printable(title)
            )?;
        }
        return writeln!(out);
    }
    let line = StoryLine {
        story: n,
        documents: s
            .documents
            .iter()
            .map(|&d| entries[d].id.as_str())
            .collect(),
        outliers: s.outliers.iter().map(|&d| entries[d].id.as_str()).collect(),
        failed_scrape: match s.documents[..] {
            [d] => entries[d].failed_scrape,
            _ => None,
        },
    };
    serde_json::to_writer(&mut *out, &line)?;
    writeln!(out)
}

/// Agreement of stories with a true grouping.
#[derive(Debug, PartialEq)]
struct Score {
    pair_p: f64,
    pair_r: f64,
    bcubed_p: f64,
    bcubed_r: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Pairwise precision and recall (of the pairs put together, the share truly together; of the
/// pairs truly together, the share put together) and B-cubed precision and recall (per
/// article, the share of its story that shares its true group, and the share of its true group
/// in its story, averaged; Bagga & Baldwin 1998), computed from the contingency table.
fn score(stories: &[Story], truth: &[u32]) -> Score {
    let n = truth.len();
    let mut story_of = vec![0usize; n];
    for (k, s) in stories.iter().enumerate() {
        for &d in &s.documents {
            story_of[d] = k;
        }
    }
    let mut cell: HashMap<(usize, u32), u64> = HashMap::new();
    let mut story_size: HashMap<usize, u64> = HashMap::new();
    let mut true_size: HashMap<u32, u64> = HashMap::new();
    for d in 0..n {
        *cell.entry((story_of[d], truth[d])).or_insert(0) += 1;
        *story_size.entry(story_of[d]).or_insert(0) += 1;
        *true_size.entry(truth[d]).or_insert(0) += 1;
    }
    let pairs = |x: u64| (x * x.saturating_sub(1) / 2) as f64;
    let together: f64 = cell.values().map(|&c| pairs(c)).sum();
    let put: f64 = story_size.values().map(|&c| pairs(c)).sum();
    let truly: f64 = true_size.values().map(|&c| pairs(c)).sum();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(s, t), &c) in &cell {
        let c = c as f64;
        bp += c * c / story_size[&s] as f64;
        br += c * c / true_size[&t] as f64;
    }
    let n = n.max(1) as f64;
    Score {
        pair_p: ratio(together, put),
        pair_r: ratio(together, truly),
        bcubed_p: bp / n,
        bcubed_r: br / n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(documents: Vec<usize>) -> Story {
        Story {
            documents,
            outliers: Vec::new(),
        }
    }

    #[test]
    fn scores_a_perfect_and_a_merged_grouping() {
        let truth = [0, 0, 1, 1];
        let perfect = score(&[story(vec![0, 1]), story(vec![2, 3])], &truth);
        assert_eq!(
            perfect,
            Score {
                pair_p: 1.0,
                pair_r: 1.0,
                bcubed_p: 1.0,
                bcubed_r: 1.0
            }
        );
        // Everything in one story: 2 of 6 pairs right; each article's story is half its own.
        let merged = score(&[story(vec![0, 1, 2, 3])], &truth);
        assert!((merged.pair_p - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(merged.pair_r, 1.0);
        assert_eq!(merged.bcubed_p, 0.5);
        assert_eq!(merged.bcubed_r, 1.0);
        // All apart: nothing put together, so precision is vacuous and recall 0.
        let apart = score(&(0..4).map(|d| story(vec![d])).collect::<Vec<_>>(), &truth);
        assert_eq!((apart.pair_p, apart.pair_r), (1.0, 0.0));
        assert_eq!(apart.bcubed_r, 0.5);
    }
}
