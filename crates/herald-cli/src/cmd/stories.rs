//! `herald stories`: the stories in the store, most recently active first.

use super::count;
use super::ingest::{store_failure, DbArg};
use crate::Failure;
use herald::render::printable;
use herald_store::StorySummary;
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;

/// Arguments of `herald stories`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "--format jsonl prints one line per story: {\"id\", \"headline\", \"first\", \"last\", \
\"articles\", \"outlets\", \"documents\": [article ids as ingested]}; first and last are the earliest and \
latest publication dates (null when no article is dated). Stories merged into another are not listed: \
their ids resolve to the survivor in `herald story`.\n\n\
With --new-since, only the stories that gained articles at or after that moment (stored then \
or later, whatever their dates), each with \"new_articles\", how many: \
what a reader who last looked then has not seen.\n\n\
Examples:\n  herald stories\n  herald stories --since 2013-09-01 --min-articles 2 --format jsonl\n  herald stories --limit 20\n  \
herald stories --new-since 2026-03-05T08:00:00Z"
)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Only stories with an article dated (or, undated, stored) on or after this day
    /// (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<String>,
    /// Only stories of at least this many articles.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_articles: usize,
    /// Only stories that gained articles at or after this moment: a day (YYYY-MM-DD, from its
    /// start) or a UTC time (YYYY-MM-DDTHH:MM:SSZ), by when they were stored, not their dates.
    #[arg(long, value_name = "TIME", value_parser = parse_moment)]
    pub new_since: Option<String>,
    /// Only the first N stories of the list (the N most recently active).
    #[arg(long, value_name = "N", value_parser = parse_limit)]
    pub limit: Option<usize>,
    /// Output format: text, json or jsonl.
    #[arg(long, short = 'f', default_value = "text", value_parser = ["text", "json", "jsonl"])]
    pub format: String,
}

/// Checks a `--since` date.
pub fn parse_date(s: &str) -> Result<String, String> {
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(k, b)| {
            if k == 4 || k == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if herald_store::is_day(s) {
        Ok(s.to_owned())
    } else if shaped {
        // Written as asked, but February 30th or month 13: "use YYYY-MM-DD" would not help.
        Err(format!("{s:?} is no day of the calendar"))
    } else {
        Err(format!("{s:?} is not a date: use YYYY-MM-DD"))
    }
}

/// Checks a `--new-since` moment; the store's form of it.
fn parse_moment(s: &str) -> Result<String, String> {
    herald_store::moment(s).ok_or_else(|| {
        format!(
            "{s:?} is not a moment: use a day (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)"
        )
    })
}

/// Checks a `--limit`: a count of stories, at least one.
fn parse_limit(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("{s:?} is not a number of stories: use 1 or more")),
    }
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    let store = args.db.open_existing()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (since, min, limit) = (args.since.as_deref(), args.min_articles, args.limit);
    // Only the stories that gained articles since the moment, each with how many: the list is
    // then cut to `limit` after that choice, not before.
    let gained = match &args.new_since {
        Some(t) => Some(store.gained_since(t, since, min).map_err(store_failure)?),
        None => None,
    };
    let mut listed = 0u64;
    // Each story is written as it is read, so memory holds one story whatever the store's
    // size; the first failed write (a closed pipe) stops the reading.
    let mut failed: Option<std::io::Error> = None;
    store
        .each_story(
            since,
            min,
            0,
            limit.filter(|_| gained.is_none()),
            false,
            |s| {
                let new = match &gained {
                    Some(g) => match g.get(&s.id) {
                        Some(&n) => Some(n),
                        None => return ControlFlow::Continue(()),
                    },
                    None => None,
                };
                listed += 1;
                let listing = Listing { story: &s, new };
                let written = match args.format.as_str() {
                    "json" => write_array_item(&mut out, &listing, listed == 1),
                    "jsonl" => serde_json::to_writer(&mut out, &listing)
                        .map_err(std::io::Error::from)
                        .and_then(|()| writeln!(out)),
                    _ => write_text(&mut out, &s, new),
                };
                match written {
                    Ok(()) if limit.is_some_and(|l| listed >= l as u64) => ControlFlow::Break(()),
                    Ok(()) => ControlFlow::Continue(()),
                    Err(e) => {
                        failed = Some(e);
                        ControlFlow::Break(())
                    }
                }
            },
        )
        .map_err(store_failure)?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    if args.format == "json" {
        writeln!(out, "{}", if listed == 0 { "[]" } else { "\n]" })?;
    }
    out.flush()?;
    if args.format == "text" {
        eprintln!("herald: {}", count(listed, "story"));
    }
    Ok(0)
}

/// One story as an element of the pretty JSON array `serde_json` would print for the whole
/// list (elements indented by two spaces, separated by commas), so that the array can be
/// written a story at a time. JSON strings escape their line breaks, so indenting every line
/// indents only the structure.
fn write_array_item(
    out: &mut impl Write,
    s: &impl serde::Serialize,
    first: bool,
) -> std::io::Result<()> {
    let item = serde_json::to_string_pretty(s).map_err(std::io::Error::from)?;
    out.write_all(if first { b"[\n" } else { b",\n" })?;
    for (k, line) in item.lines().enumerate() {
        if k > 0 {
            out.write_all(b"\n")?;
        }
        write!(out, "  {line}")?;
    }
    Ok(())
}

/// A story as JSON lists it: its summary, and with `--new-since` how many articles it gained.
#[derive(serde::Serialize)]
struct Listing<'a> {
    #[serde(flatten)]
    story: &'a StorySummary,
    #[serde(rename = "new_articles", skip_serializing_if = "Option::is_none")]
    new: Option<usize>,
}

/// One story as the text format lists it: id and headline, then counts and dates, and how
/// many articles are new when `new` is given.
fn write_text(out: &mut impl Write, s: &StorySummary, new: Option<usize>) -> std::io::Result<()> {
    let dates = match (&s.first, &s.last) {
        (Some(f), Some(l)) if f == l => f.clone(),
        (Some(f), Some(l)) => format!("{f} to {l}"),
        _ => "undated".into(),
    };
    let headline = headline_shown(&s.headline);
    // Articles read from files or JSONL without a link name no outlet: "0 outlets" would read
    // as if the story had no source.
    let outlets = match s.outlets {
        0 => String::new(),
        1 => ", 1 outlet".into(),
        n => format!(", {n} outlets"),
    };
    let new = new.map_or_else(String::new, |n| format!(" ({n} new)"));
    writeln!(
        out,
        "{}  {}\n          {}{new}{outlets}, {}",
        s.id,
        printable(headline),
        count(s.articles.max(0) as u64, "article"),
        printable(&dates),
    )
}

/// A story's headline as the text formats show it: a story whose articles gave no title or
/// lead to choose from says so rather than leave a blank line.
pub(crate) fn headline_shown(headline: &str) -> &str {
    if headline.is_empty() {
        "(no headline)"
    } else {
        headline
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_date_written_right_but_no_day_is_said_so() {
        assert_eq!(super::parse_date("2013-09-06"), Ok("2013-09-06".to_owned()));
        assert_eq!(
            super::parse_date("2013-02-30"),
            Err("\"2013-02-30\" is no day of the calendar".to_owned())
        );
        assert_eq!(
            super::parse_date("2024-13-01"),
            Err("\"2024-13-01\" is no day of the calendar".to_owned())
        );
        assert_eq!(
            super::parse_date("2013-9-6"),
            Err("\"2013-9-6\" is not a date: use YYYY-MM-DD".to_owned())
        );
    }

    #[test]
    fn the_json_array_written_a_story_at_a_time_is_what_serde_json_prints_whole() {
        let story = |k: i64| herald_store::StorySummary {
            id: format!("s-{k:06}"),
            headline: "Line \"one\"\nand two".into(),
            first: Some("2013-09-06".into()),
            last: None,
            articles: k,
            outlets: 0,
            documents: vec!["a".into(), "b\u{e9}".into()],
        };
        for n in [1, 2, 3] {
            let stories: Vec<_> = (1..=n).map(story).collect();
            let mut streamed = Vec::new();
            for (k, s) in stories.iter().enumerate() {
                super::write_array_item(&mut streamed, s, k == 0).unwrap();
            }
            streamed.extend_from_slice(b"\n]\n");
            let whole = serde_json::to_string_pretty(&stories).unwrap() + "\n";
            assert_eq!(String::from_utf8(streamed).unwrap(), whole);
        }
        let empty: Vec<herald_store::StorySummary> = Vec::new();
        assert_eq!(serde_json::to_string_pretty(&empty).unwrap(), "[]");
    }
}
