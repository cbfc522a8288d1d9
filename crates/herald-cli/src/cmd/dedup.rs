//! `herald dedup`: find copies and versions of articles in a pool.
//!
//! Every article of every input is pooled (the input's own grouping is ignored) and reduced to
//! a signature as soon as its cluster is read, so memory holds ids and signatures, never texts
//! (see `input::pool_articles`).

use crate::Failure;
use herald::clean::{CleanConfig, Cleaner};
use herald::dedup::articles::{ArticleDedupConfig, Deduper, Group, Item};
use serde::Serialize;
use std::io::Write;

/// Arguments of `herald dedup`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Prints one line per group of versions of one article (groups of one are not printed): \
{\"canonical\": id, \"duplicates\": [ids]}. The canonical article is the latest, then the longest, then the \
first in input. A summary line goes to standard error.\n\n\
Example: herald dedup examples/g20-syria --format jsonl"
)]
pub struct Args {
    #[command(flatten)]
    pub pool: crate::input::PoolArgs,
    /// Also print the similarity of every pair of articles whose signatures overlap at all, for
    /// small pools (at most 5,000 articles): jaccard, containment and lead.
    #[arg(long)]
    pub pairs: bool,
}

/// The pooled articles: ids and dedup items side by side, in input order.
#[derive(Default)]
struct Pool {
    ids: Vec<String>,
    items: Vec<Item>,
    /// Id -> position, to recognise one document given twice (the same id in two clusters).
    positions: std::collections::HashMap<String, usize>,
    /// Documents given again under an id already pooled, with the same text: counted once.
    repeated: usize,
}

#[derive(Serialize)]
struct GroupLine<'a> {
    canonical: &'a str,
    duplicates: Vec<&'a str>,
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    crate::input::check_paths(&args.pool.paths)?;
    let Some(config) = args.pool.settings::<ArticleDedupConfig>()? else {
        return Ok(0);
    };
    let mut out = args.pool.output.open()?;
    let deduper = Deduper::new(config);
    let cleaner = Cleaner::new(CleanConfig::default());
    let (pool, errors, skipped) = read_pool(&args.pool.paths, &deduper, &cleaner);
    let groups = deduper.groups(&pool.items);

    if args.pairs {
        print_pairs(&deduper, &pool, &mut out)?;
    }
    for g in &groups {
        write_group(&args.pool.format, &pool.ids, g, &mut out)?;
    }
    out.finish()?;
    let duplicates: usize = groups.iter().map(|g| g.duplicates.len()).sum();
    eprintln!(
        "herald: {}, {}, {}{}{}",
        super::count(pool.ids.len() as u64, "article"),
        super::count(groups.len() as u64, "group"),
        super::count(duplicates as u64, "duplicate"),
        if skipped > 0 {
            format!(", {skipped} skipped")
        } else {
            String::new()
        },
        if pool.repeated > 0 {
            format!(
                ", {} given again under the same id (counted once)",
                pool.repeated
            )
        } else {
            String::new()
        }
    );
    if errors > 0 {
        eprintln!("herald: {}", super::count(errors as u64, "input error"));
        return Ok(1);
    }
    Ok(0)
}

/// Reads every input and computes the signatures; returns the pool, the number of input errors
/// and of skipped documents.
fn read_pool(paths: &[String], deduper: &Deduper, cleaner: &Cleaner) -> (Pool, usize, usize) {
    let mut pool = Pool::default();
    let counts = crate::input::pool_articles(
        paths,
        |a| deduper.article_signature(a, cleaner),
        |a, _, (signature, words)| {
            // The same document in two input clusters is one article, not a duplicate of
            // itself; different texts under one id stay two articles.
            if let Some(&k) = pool.positions.get(&a.id) {
                if pool.items[k].signature == signature {
                    pool.repeated += 1;
                    return;
                }
            }
            pool.positions.entry(a.id.clone()).or_insert(pool.ids.len());
            pool.items.push(Item {
                signature,
                date: a.date,
                words,
                order: pool.ids.len(),
            });
            pool.ids.push(a.id);
        },
    );
    (pool, counts.errors, counts.skipped)
}

fn write_group(
    format: &str,
    ids: &[String],
    g: &Group,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let id = |i: usize| ids[i].as_str();
    if format == "text" {
        use herald::render::printable;
        writeln!(out, "{}", printable(id(g.canonical)))?;
        for &d in &g.duplicates {
            writeln!(out, "  = {}", printable(id(d)))?;
        }
        return Ok(());
    }
    let line = GroupLine {
        canonical: id(g.canonical),
        duplicates: g.duplicates.iter().map(|&d| id(d)).collect(),
    };
    serde_json::to_writer(&mut *out, &line)?;
    writeln!(out)
}

/// Prints `{"a": id, "b": id, "jaccard": .., "containment": .., "lead": .., "version": bool}`
/// for every pair with any overlap, for measuring and explaining decisions on small pools.
fn print_pairs(deduper: &Deduper, pool: &Pool, out: &mut impl Write) -> std::io::Result<()> {
    if pool.ids.len() > 5000 {
        eprintln!("herald: --pairs skipped: more than 5,000 articles");
        return Ok(());
    }
    let n = pool.ids.len();
    for i in 0..n {
        for j in i + 1..n {
            let s = deduper.similarity(&pool.items[i].signature, &pool.items[j].signature);
            if s.jaccard == 0.0 && s.lead == 0.0 {
                continue;
            }
            let line = serde_json::json!({
                "a": pool.ids[i], "b": pool.ids[j],
                "jaccard": round3(s.jaccard), "containment": round3(s.containment), "lead": round3(s.lead),
                "version": deduper.is_version(&s),
            });
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
