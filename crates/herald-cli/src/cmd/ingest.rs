//! `herald ingest`: add articles to the store, each input in one transaction.

use crate::Failure;
use herald::model::Article;
use herald::render::printable;
use herald_store::Store;
use std::borrow::Cow;

/// Articles handed to the store at a time: enough to keep every core busy computing
/// signatures and profiles, few enough that a long input holds little in memory.
const BATCH: usize = 2000;

/// Arguments of `herald ingest`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Every input that `herald summarize` reads can be ingested: folders, article files, \
.jsonl files (the clusters' own grouping is ignored), WARC archives, RSS/Atom feeds, http(s):// URLs \
of article pages or feeds, - for JSONL on standard input. Each article is recognised as new, a version of a stored article (the same id with a \
new text that shares some of the stored one's, or an update, early cut or rewrite of one), a copy of one (another id, the same text or nearly: a syndicated copy with a word or two changed), or \
unchanged (already stored: nothing is added), and joins a story or opens one. Each input is one \
transaction: it is stored whole or not at all, so a .jsonl file with a line that cannot be read, a \
folder with a file that cannot be read or a damaged WARC archive is reported and not stored (exit \
status 1), while the inputs after it are; when none of the inputs exists, no store is created. One \
line per input goes to \
standard error; with --format json one JSON object per stored input goes to standard output: {\"input\", \"new\", \"versions\", \
\"copies\", \"unchanged\", \"skipped\": [{\"document\", \"reason\"}], \"stories_opened\", \
\"stories_grown\", \"stories_merged\", \"dated_ahead\": [{\"document\", \"date\"}], \"unreadable_dates\": [{\"document\", \"date\"}], \
\"reused_ids\"}. An article dated later than tomorrow (a wrong year in a feed), or with a date \
that is no day (2024-13-01, 2024-02-30; JSONL dates are YYYY-MM-DD), is stored with its date but \
grouped and listed as undated, and named in the line and in \"dated_ahead\" or \
\"unreadable_dates\". An article whose id is stored for \
an unrelated text (ids like 1 recur across sources) is stored as a new article, and its id named \
in the line and in \"reused_ids\".\n\n\
Examples:\n  herald ingest examples/g20-syria\n  herald ingest --db news.db feed.rss crawl.warc.gz"
)]
pub struct Args {
    /// Folders, .jsonl files, feeds, WARC archives, article files, http(s):// URLs of article
    /// pages or feeds, or - for JSONL on standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub db: DbArg,
    /// Output: text (a line per input on standard error only) or json (also a JSON object per
    /// input on standard output).
    #[arg(long, short = 'f', default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

/// The store option shared by the store's subcommands.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArg {
    /// The store: one SQLite file, created by the first ingest.
    #[arg(
        long,
        env = "HERALD_DB",
        default_value = "herald.db",
        value_name = "FILE"
    )]
    pub db: String,
}

impl DbArg {
    /// Opens the store for writing, creating it if needed.
    pub fn open(&self) -> Result<Store, Failure> {
        Store::open(std::path::Path::new(&self.db)).map_err(store_failure)
    }

    /// Opens an existing store for reading.
    pub fn open_existing(&self) -> Result<Store, Failure> {
        Store::open_existing(std::path::Path::new(&self.db)).map_err(store_failure)
    }
}

/// A store error as a failure: what the user gave is at fault (not a store, a newer one, no
/// such story), except SQLite's own failures (disk full, a damaged file).
pub fn store_failure(e: herald_store::Error) -> Failure {
    let code = match e {
        herald_store::Error::Sqlite { .. } => 2,
        _ => 1,
    };
    Failure {
        code,
        message: e.to_string(),
    }
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    crate::input::check_paths(&args.paths)?;
    let db = std::path::Path::new(&args.db.db);
    // When no input is there to read, a store is not made for nothing: an empty file would be
    // taken for the user's store by later commands. (Only checked, never removed afterwards:
    // another process may be filling a store this run found missing.)
    let missing: Vec<&String> = args
        .paths
        .iter()
        .filter(|p| {
            p.as_str() != "-" && !crate::fetch::is_url(p) && std::fs::symlink_metadata(p).is_err()
        })
        .collect();
    if missing.len() == args.paths.len() && std::fs::symlink_metadata(db).is_err() {
        for p in &missing {
            eprintln!("herald: error: {}: no such file or folder", printable(p));
        }
        eprintln!(
            "herald: {}: not created: no input to store",
            printable(&args.db.db)
        );
        return Ok(1);
    }
    let mut store = args.db.open()?;
    let started = std::time::Instant::now();
    let (errors, read) = ingest(args, &mut store)?;
    let (articles, stories) = store.counts().map_err(store_failure)?;
    eprintln!(
        "herald: {} now holds {} in {} ({read} read in {:.2}s)",
        printable(&args.db.db),
        super::count(articles as u64, "article"),
        super::count(stories as u64, "story"),
        started.elapsed().as_secs_f64()
    );
    if errors > 0 {
        eprintln!("herald: {}", super::count(errors as u64, "input error"));
        return Ok(1);
    }
    Ok(0)
}

/// Stores each input in turn; returns the number of input errors and of the articles the
/// committed inputs held.
fn ingest(args: &Args, store: &mut Store) -> Result<(usize, usize), Failure> {
    let mut errors = 0usize;
    let mut total = 0usize;
    for path in &args.paths {
        let spinner = crate::input::spinner(&format!("ingesting {path}"));
        let mut input = store.input(path).map_err(store_failure)?;
        let mut batch: Vec<Article> = Vec::new();
        let mut failed: Option<herald_store::Error> = None;
        let mut read = 0usize;
        let mut input_errors = 0usize;
        let mut clusters = 0usize;
        crate::input::for_each_cluster(std::slice::from_ref(path), |cluster| {
            if failed.is_some() {
                return;
            }
            match cluster {
                Ok(c) => {
                    clusters += 1;
                    for s in &c.skipped {
                        eprintln!(
                            "herald: skipped {}: {}",
                            printable(&s.document),
                            printable(&s.reason)
                        );
                    }
                    input.skip(c.skipped);
                    read += c.articles.len();
                    batch.extend(c.articles);
                    if batch.len() >= BATCH {
                        if let Err(e) = input.add(std::mem::take(&mut batch)) {
                            failed = Some(e);
                        }
                        spinner.set_message(format!("ingesting {path}: {read} articles"));
                    }
                }
                Err(e) => {
                    input_errors += 1;
                    eprintln!("herald: error: {}", printable(&e.to_string()));
                }
            }
        });
        if failed.is_none() && !batch.is_empty() {
            if let Err(e) = input.add(batch) {
                failed = Some(e);
            }
        }
        spinner.finish_and_clear();
        if let Some(e) = failed {
            // Dropping the input rolls it back: nothing of it is stored.
            drop(input);
            return Err(store_failure(e));
        }
        if input_errors > 0 {
            // A broken line leaves the file broken: storing the lines around it would leave
            // half an input, and ingesting the mended file again would then add the rest. So
            // nothing of it is stored; the inputs after it go on.
            drop(input);
            errors += input_errors;
            if clusters > 0 {
                eprintln!(
                    "herald: {}: not stored: {} of it could not be read (above), so \
                     nothing of it was added ({} read): mend it and ingest it again",
                    printable(path),
                    super::count(input_errors as u64, "part"),
                    super::count(read as u64, "article"),
                );
            }
            continue;
        }
        let report = input.commit().map_err(store_failure)?;
        total += read;
        eprintln!("herald: {}", tally(&report));
        if read == 0 && report.skipped.is_empty() {
            // An empty folder or file, or the wrong one: said, as `herald summarize` says it.
            eprintln!(
                "herald: warning: {}: no articles found (a folder's articles are its .txt, \
                 .json and .html files and its feeds)",
                printable(path)
            );
        }
        if args.format == "json" {
            let mut out = std::io::stdout().lock();
            serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from)?;
            use std::io::Write;
            writeln!(out)?;
        }
    }
    Ok((errors, total))
}

/// The first of `docs` (id and date, printable) and how many more there are (` and 2 more`):
/// the tally names one and counts the rest, so that it stays one line.
fn named(docs: &[herald_store::GivenDate]) -> Option<(Cow<'_, str>, Cow<'_, str>, String)> {
    let first = docs.first()?;
    let more = match docs.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    Some((printable(&first.document), printable(&first.date), more))
}

/// The one-line tally of an input.
pub fn tally(r: &herald_store::Report) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "{}: {} new, {}, {}, {} unchanged, {} skipped; stories: {} opened, {} grown",
        printable(&r.input),
        r.new,
        plural(r.versions, "version", "versions"),
        plural(r.copies, "copy", "copies"),
        r.unchanged,
        r.skipped.len(),
        r.stories_opened,
        r.stories_grown,
    );
    if r.stories_merged > 0 {
        line.push_str(&format!(", {} merged", r.stories_merged));
    }
    if let Some((document, date, more)) = named(&r.dated_ahead) {
        line.push_str(&format!(
            "; {document} dated {date}{more}, after tomorrow: grouped and listed as undated"
        ));
    }
    if let Some((document, date, more)) = named(&r.unreadable_dates) {
        line.push_str(&format!(
            "; {document} dated \"{date}\"{more}, not a day: grouped and listed as undated"
        ));
    }
    if let Some(first) = r.reused_ids.first() {
        let first = printable(first);
        line.push_str(&match r.reused_ids.len() {
            1 => format!("; id {first} already stored for an unrelated text: stored as a new article"),
            n => format!(
                "; ids {first} and {} more already stored for unrelated texts: stored as new articles",
                n - 1
            ),
        });
    }
    line
}
