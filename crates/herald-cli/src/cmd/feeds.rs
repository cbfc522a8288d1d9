//! `herald feeds`: the feeds the store follows on its own, which `herald watch` and `herald
//! serve --watch` poll without a feed list file.

use super::ingest::{store_failure, DbArg};
use crate::Failure;
use std::io::{BufWriter, Write};

/// Arguments of `herald feeds`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  herald feeds add https://news.example/rss --db news.db\n  \
herald feeds list --db news.db\n  herald watch --db news.db   # polls the feeds the store follows"
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

/// What to do with the store's feeds.
#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// List the feeds the store follows, with their last poll and its error, if any.
    List {
        #[command(flatten)]
        db: DbArg,
        /// Output format: text, or json (an array of {"url", "added", "checked", "error",
        /// "next_try"}).
        #[arg(long, short = 'f', default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Follow feeds (RSS or Atom addresses); the store is created if there is none.
    Add {
        /// The feeds' addresses (http or https).
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Stop following feeds; the articles they brought stay in the store.
    Remove {
        /// The feeds' addresses, as listed.
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        #[command(flatten)]
        db: DbArg,
    },
}

/// Runs the subcommand; returns the exit code (1 when an address was refused or not followed,
/// after the others were done).
pub fn run(args: &Args) -> Result<u8, Failure> {
    match &args.action {
        Action::List { db, format } => list(db, format),
        Action::Add { urls, db } => {
            let store = db.open()?;
            each(urls, |url| match store.subscribe(url) {
                Ok(true) => Ok(format!("following {url}")),
                Ok(false) => Ok(format!("already following {url}")),
                Err(e @ herald_store::Error::BadFeedUrl { .. }) => {
                    Err(Failure::input(e.to_string()))
                }
                Err(e) => Err(store_failure(e)),
            })
        }
        Action::Remove { urls, db } => {
            let store = db.open_existing()?;
            each(urls, |url| match store.unsubscribe(url) {
                Ok(true) => Ok(format!("no longer following {url}")),
                Ok(false) => Err(Failure::input(format!(
                    "{url}: not a feed the store follows (see `herald feeds list`)"
                ))),
                Err(e) => Err(store_failure(e)),
            })
        }
    }
}

/// Does `work` for every address, one line each on standard error; a refused address is
/// reported and the rest go on. An internal failure (exit code 2) stops at once.
fn each(
    urls: &[String],
    mut work: impl FnMut(&str) -> Result<String, Failure>,
) -> Result<u8, Failure> {
    let mut refused = false;
    for url in urls {
        match work(url) {
            Ok(done) => eprintln!("herald: {}", herald::render::printable(&done)),
            Err(f) if f.code == 1 => {
                eprintln!("herald: error: {}", herald::render::printable(&f.message));
                refused = true;
            }
            Err(f) => return Err(f),
        }
    }
    Ok(u8::from(refused))
}

fn list(db: &DbArg, format: &str) -> Result<u8, Failure> {
    let store = db.open_existing()?;
    let feeds = store.subscriptions().map_err(store_failure)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if format == "json" {
        let rows: Vec<serde_json::Value> = feeds
            .iter()
            .map(|f| {
                serde_json::json!({"url": f.url, "added": f.added, "checked": f.checked, "error": f.error, "next_try": f.next_try})
            })
            .collect();
        crate::input::write_json(&mut out, &rows)?;
    } else {
        if feeds.is_empty() {
            eprintln!("herald: the store follows no feeds (add one with `herald feeds add URL`)");
        }
        for f in &feeds {
            let state = match (&f.checked, &f.error) {
                (None, _) => "not polled yet".to_owned(),
                (Some(at), None) => format!("polled {at}"),
                (Some(at), Some(e)) => format!("failed {at}: {e}"),
            };
            let state = match &f.next_try {
                Some(next) => format!("{state}; next try after {next}"),
                None => state,
            };
            writeln!(
                out,
                "{}\t{}",
                herald::render::printable(&f.url),
                herald::render::printable(&state)
            )?;
        }
    }
    out.flush()?;
    Ok(0)
}
