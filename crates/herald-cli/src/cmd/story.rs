//! `herald story ID`: one story of the store, with its articles and its brief.

use super::ingest::{store_failure, DbArg};
use crate::Failure;
use herald::render::{printable, render_one, Format};
use herald::summarize::Algorithm;
use herald::{Budget, Config};
use herald_store::Since;
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
    /// An update brief: only what the articles published (or, undated, stored) on or after
    /// this day (YYYY-MM-DD) add; nothing that an earlier article or brief already said.
    #[arg(long, value_name = "DATE", value_parser = super::stories::parse_date, conflicts_with = "new")]
    pub since: Option<String>,
    /// An update brief since the last brief herald gave for this story (the whole story if
    /// none was given).
    #[arg(long)]
    pub new: bool,
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
    let mut store = args.db.open_existing()?;
    let since = match (&args.since, args.new) {
        (Some(d), _) => Since::Date(d.clone()),
        (None, true) => Since::LastBrief,
        (None, false) => Since::All,
    };
    // Every brief is stored with its sentences, so that a later update knows what was told.
    let brief = store
        .brief(&args.id, &config, since)
        .map_err(store_failure)?;
    let (detail, summary) = (brief.story, brief.summary);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json | Format::Jsonl => {
            let mut value =
                herald_store::story_json(&summary, &detail).map_err(std::io::Error::from)?;
            if let (Some(obj), Some(since)) = (value.as_object_mut(), &brief.since) {
                obj.insert("since".into(), since.clone().into());
            }
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
            let dates = printable(&dates);
            if md {
                writeln!(out, "# {}\n", printable(&s.headline))?;
                writeln!(out, "*{}*\n", facts(s, &dates))?;
            } else {
                writeln!(out, "{}\n{}\n", printable(&s.headline), facts(s, &dates))?;
            }
            if let Some(since) = &brief.since {
                let what = format!(
                    "What's new since {since} ({} of {} articles)",
                    brief.new_articles, s.articles
                );
                if md {
                    writeln!(out, "## {what}\n")?;
                } else {
                    writeln!(out, "{what}:")?;
                }
                if summary.sentences.is_empty() {
                    writeln!(out, "Nothing new.")?;
                }
            }
            // Sources are numbered oldest first, the order the brief read them in; the brief
            // names them as it did (an id stored twice is `id`, then `id#2`).
            let mut unique = herald::ingest::UniqueIds::default();
            let keys: Vec<String> = detail
                .articles
                .iter()
                .map(|a| unique.claim(a.id.clone()))
                .collect();
            let number = |id: &str| keys.iter().position(|k| k == id).map(|k| k + 1);
            let cited: Vec<String> = summary
                .sentences
                .iter()
                .map(|sentence| {
                    let mut numbers: Vec<usize> = Vec::new();
                    for n in sentence.support.iter().filter_map(|d| number(d)) {
                        if !numbers.contains(&n) {
                            numbers.push(n);
                        }
                    }
                    let (mut shown, hidden) = herald::render::cited(&numbers);
                    shown.sort_unstable();
                    let mut refs: Vec<String> = shown.iter().map(usize::to_string).collect();
                    if hidden > 0 {
                        refs.push(format!("+{hidden} more"));
                    }
                    format!("{} [{}]", sentence.text, refs.join(", "))
                })
                .collect();
            if !cited.is_empty() {
                writeln!(out, "{}", cited.join(" "))?;
            }
            for k in &summary.skipped {
                eprintln!(
                    "herald: skipped {}: {}",
                    printable(&k.document),
                    printable(&k.reason)
                );
            }
            writeln!(out)?;
            writeln!(out, "{}", if md { "## Sources\n" } else { "Sources:" })?;
            for (k, a) in detail.articles.iter().enumerate() {
                let mut line = format!("[{}] ", k + 1);
                line.push_str(&printable(a.title.as_deref().unwrap_or(&a.id)));
                if let Some(o) = &a.outlet {
                    line.push_str(&format!(" — {}", printable(o)));
                }
                if let Some(d) = &a.published {
                    line.push_str(&format!(" ({})", printable(d)));
                }
                if let Some(u) = &a.url {
                    line.push_str(&format!(" <{}>", printable(u)));
                }
                if let Some(of) = &a.of {
                    line.push_str(&format!(" [{} of {}]", a.kind, printable(of)));
                }
                line.push_str(&format!(" [{}]", printable(&a.id)));
                // Set aside by the brief as about another event: listed, since it is in the
                // story, but the reader should know why nothing of it is quoted.
                if summary.outliers.contains(&keys[k]) {
                    line.push_str(" [not used: about a different event]");
                }
                writeln!(out, "{}{line}", if md { "- " } else { "  " })?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

/// The line under a story's headline: id, size, outlets when known, dates.
fn facts(s: &herald_store::StorySummary, dates: &str) -> String {
    let mut line = format!(
        "{} · {} article{}",
        s.id,
        s.articles,
        if s.articles == 1 { "" } else { "s" }
    );
    if s.outlets > 0 {
        line.push_str(&format!(
            " from {} outlet{}",
            s.outlets,
            if s.outlets == 1 { "" } else { "s" }
        ));
    }
    line.push_str(&format!(" · {dates}"));
    line
}
