//! `herald story ID`: one story of the store, with its articles and its brief.

use super::ingest::{store_failure, DbArg};
use crate::Failure;
use herald::model::Cluster;
use herald::render::{render_one, Format};
use herald::summarize::Algorithm;
use herald::{Budget, Config, Pipeline};
use std::io::{BufWriter, Write};

/// Arguments of `herald story`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Prints the story's headline, its articles (title, outlet, date, link, and which are \
versions or copies of which) and its brief: today's summarizer over the story's articles, with the \
same budgets, algorithms and formats as `herald summarize`. --format json prints the object `herald \
summarize --format json` prints, plus \"story\", \"headline\" and \"sources\" (the articles). An id \
of a story merged into another shows the survivor.\n\n\
Examples:\n  herald story s-000001\n  herald story 1 --words 60 --format json"
)]
pub struct Args {
    /// The story's id (s-000042, or just 42).
    #[arg(value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub db: DbArg,
    /// Brief length in words [default: 100].
    #[arg(long, group = "budget", value_name = "N")]
    pub words: Option<usize>,
    /// Brief length in sentences.
    #[arg(long, group = "budget", value_name = "N")]
    pub sentences: Option<usize>,
    /// Brief length in bytes.
    #[arg(long, group = "budget", value_name = "N")]
    pub bytes: Option<usize>,
    /// Output format: text, markdown, json, jsonl or html.
    #[arg(long, short = 'f', default_value = "text", value_parser = parse_format)]
    pub format: Format,
    /// Summarization algorithm.
    #[arg(long, short = 'a', default_value = "concept", value_parser = clap::builder::PossibleValuesParser::new(Algorithm::NAMES))]
    pub algorithm: String,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s)
        .ok_or_else(|| format!("unknown format {s:?}: use text, markdown, json, jsonl or html"))
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    let mut config = Config::default();
    if let Some(b) = Budget::from_counts(args.words, args.sentences, args.bytes)
        .map_err(|e| Failure::input(e.to_string()))?
    {
        config.budget = b;
    }
    config.algorithm = Algorithm::from_name(&args.algorithm)
        .ok_or_else(|| Failure::input(format!("unknown algorithm {:?}", args.algorithm)))?;
    let store = args.db.open_existing()?;
    let detail = store.story(&args.id).map_err(store_failure)?;
    let articles = store.story_articles(&args.id).map_err(store_failure)?;
    let cluster = Cluster {
        id: detail.story.id.clone(),
        articles,
        ..Cluster::default()
    };
    let summary = Pipeline::new(config).summarize(&cluster);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json | Format::Jsonl => {
            let value =
                herald_store::story_json(&summary, &detail).map_err(std::io::Error::from)?;
            if args.format == Format::Json {
                crate::input::write_json(&mut out, &value)?;
            } else {
                serde_json::to_writer(&mut out, &value).map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
        }
        Format::Html => render_one(Format::Html, &summary, true, false, &mut out)
            .or_else(|_| herald::render::render(Format::Html, &[summary], &mut out))?,
        Format::Text | Format::Markdown => {
            let md = args.format == Format::Markdown;
            let s = &detail.story;
            let dates = match (&s.first, &s.last) {
                (Some(f), Some(l)) if f == l => f.clone(),
                (Some(f), Some(l)) => format!("{f} to {l}"),
                _ => "undated".into(),
            };
            if md {
                writeln!(out, "# {}\n", s.headline)?;
                writeln!(
                    out,
                    "*{} · {} articles from {} outlets · {dates}*\n",
                    s.id, s.articles, s.outlets
                )?;
            } else {
                writeln!(
                    out,
                    "{}\n{} · {} articles from {} outlets · {dates}\n",
                    s.headline, s.id, s.articles, s.outlets
                )?;
            }
            render_one(args.format, &summary, true, false, &mut out)?;
            writeln!(out)?;
            writeln!(out, "{}", if md { "## Sources\n" } else { "Sources:" })?;
            for a in &detail.articles {
                let mut line = String::new();
                line.push_str(a.outlet.as_deref().unwrap_or("unknown outlet"));
                line.push_str(": ");
                line.push_str(a.title.as_deref().unwrap_or(&a.id));
                if let Some(d) = &a.published {
                    line.push_str(&format!(" ({d})"));
                }
                if let Some(u) = &a.url {
                    line.push_str(&format!(" <{u}>"));
                }
                if let Some(of) = &a.of {
                    line.push_str(&format!(" [{} of {of}]", a.kind));
                }
                line.push_str(&format!(" [{}]", a.id));
                writeln!(out, "{}{line}", if md { "- " } else { "  " })?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}
