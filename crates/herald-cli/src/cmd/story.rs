//! `herald story ID`: one story of the store, with its articles and its brief.

use super::ingest::{store_failure, DbArg};
use crate::Failure;
use herald::model::{Summary, SummarySentence};
use herald::render::{escape_html, markdown_text, printable, quoted, Format};
use herald::summarize::Algorithm;
use herald::{Budget, Config};
use herald_store::Since;
use herald_store::StoryDetail;
use std::io::{BufWriter, Write};

/// Arguments of `herald story`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Prints the story's headline, its articles (title, outlet, date, link, and which are \
versions or copies of which) and its brief: today's summarizer over the story's articles, with the \
same budgets, algorithms and formats as `herald summarize`. --format json prints the object `herald \
summarize --format json` prints, plus \"story\", \"headline\" and \"sources\" (the articles; in an \
update each with \"new\", whether the update covers it, shown as [new] in the other formats). An id \
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
    #[arg(long, group = "budget", value_name = "N", allow_negative_numbers = true, value_parser = super::summarize::parse_count)]
    pub words: Option<usize>,
    /// Brief length in sentences.
    #[arg(long, group = "budget", value_name = "N", allow_negative_numbers = true, value_parser = super::summarize::parse_count)]
    pub sentences: Option<usize>,
    /// Brief length in bytes.
    #[arg(long, group = "budget", value_name = "N", allow_negative_numbers = true, value_parser = super::summarize::parse_count)]
    pub bytes: Option<usize>,
    /// Output format: text, markdown, json, jsonl or html.
    #[arg(long, short = 'f', default_value = "text", value_parser = parse_format)]
    pub format: Format,
    /// Summarization algorithm.
    #[arg(long, short = 'a', default_value = "concept", value_parser = clap::builder::PossibleValuesParser::new(Algorithm::NAMES))]
    pub algorithm: String,
    /// An update brief: only what the articles published (or, undated, stored) on or after
    /// this day (YYYY-MM-DD) add; nothing that an earlier article, or a brief given before
    /// the day, already said. Asked again, the same brief.
    #[arg(long, value_name = "DATE", value_parser = super::stories::parse_date, conflicts_with = "new")]
    pub since: Option<String>,
    /// An update brief since the last brief herald gave for this story (the whole story if
    /// none was given): nothing any brief of it said. Each brief moves the point on.
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
    let (detail, summary) = (&brief.story, &brief.summary);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json | Format::Jsonl => {
            let value = herald_store::brief_json(&brief).map_err(std::io::Error::from)?;
            if args.format == Format::Json {
                crate::input::write_json(&mut out, &value)?;
            } else {
                serde_json::to_writer(&mut out, &value).map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
        }
        human => {
            // In the formats people read, what the brief skipped is a note on standard error.
            let view = View::of(
                detail,
                summary,
                brief.since.as_deref(),
                brief.new_articles,
                &brief.new,
            );
            for k in &summary.skipped {
                eprintln!(
                    "herald: skipped {}: {}",
                    printable(view.name_of(&k.document)),
                    printable(&k.reason)
                );
            }
            match human {
                Format::Html => view.html(&mut out)?,
                Format::Markdown => view.text(true, &mut out)?,
                _ => view.text(false, &mut out)?,
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

/// The name each of a story's articles is shown by: its id, and when the story holds several
/// texts stored under that id (a page updated in place), which of them it is, in the order
/// they are listed: `bridge-closure-3 (first version)`, `bridge-closure-3 (second version)`.
/// The brief's own names for them (`id#2`) are internal keys, never shown.
fn shown_names(detail: &StoryDetail) -> Vec<String> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    detail
        .articles
        .iter()
        .map(|a| {
            let total = detail.articles.iter().filter(|b| b.id == a.id).count();
            let nth = seen.entry(&a.id).or_insert(0);
            *nth += 1;
            if total == 1 {
                return a.id.clone();
            }
            const ORDINALS: [&str; 10] = [
                "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth", "tenth",
            ];
            match ORDINALS.get(*nth - 1) {
                Some(ordinal) => format!("{} ({ordinal} version)", a.id),
                None => format!("{} (version {nth})", a.id),
            }
        })
        .collect()
}

/// What `herald story` shows people, built once from the brief and written as text, Markdown
/// or HTML, so that every human format carries the same: the headline, the line of facts, an
/// update's framing ("What's new since …", "Nothing new."), the sentences with their source
/// numbers, the notes, and the numbered sources with what the store knows of each.
struct View<'a> {
    headline: &'a str,
    facts: String,
    /// An update's heading, `None` for a whole brief.
    update: Option<String>,
    /// Each sentence and the source numbers it cites (`1, 2, +3 more`).
    sentences: Vec<(&'a SummarySentence, String)>,
    notes: &'a [String],
    /// Each source's line, as pieces each format writes its own way.
    sources: Vec<Vec<Piece>>,
    /// The brief's name of each source (an id stored twice is `id`, then `id#2`: the names
    /// the brief's sentences cite) and the name shown for it ([`shown_names`]).
    names: Vec<(String, String)>,
}

/// A part of a source's line.
enum Piece {
    /// Words.
    Plain(String),
    /// A link: `<url>` in text, an anchor in HTML.
    Link(String),
    /// A bracketed tag: `[…]`.
    Tag(String),
}

impl<'a> View<'a> {
    fn of(
        detail: &'a StoryDetail,
        summary: &'a Summary,
        since: Option<&str>,
        new_articles: usize,
        new: &[bool],
    ) -> Self {
        let s = &detail.story;
        let dates = match (&s.first, &s.last) {
            (Some(f), Some(l)) if f == l => f.clone(),
            (Some(f), Some(l)) => format!("{f} to {l}"),
            _ => "undated".into(),
        };
        let update = since.map(|since| {
            format!(
                "What's new since {since} ({new_articles} of {} articles)",
                s.articles
            )
        });
        // Sources are numbered oldest first, the order the brief read them in; the brief
        // names them as it did (an id stored twice is `id`, then `id#2`).
        let mut unique = herald::ingest::UniqueIds::default();
        let names: Vec<(String, String)> = detail
            .articles
            .iter()
            .zip(shown_names(detail))
            .map(|(a, shown)| (unique.claim(a.id.clone()), shown))
            .collect();
        let number = |id: &str| names.iter().position(|(k, _)| k == id).map(|k| k + 1);
        let sentences = summary
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
                (sentence, refs.join(", "))
            })
            .collect();
        let sources = detail
            .articles
            .iter()
            .zip(&names)
            .enumerate()
            .map(|(k, (a, (key, name)))| {
                let mut line = vec![Piece::Plain(
                    a.title.clone().unwrap_or_else(|| a.id.clone()),
                )];
                if let Some(o) = &a.outlet {
                    line.push(Piece::Plain(format!(" — {o}")));
                }
                if let Some(d) = &a.published {
                    line.push(Piece::Plain(format!(" ({d})")));
                }
                if let Some(u) = &a.url {
                    line.push(Piece::Link(u.clone()));
                }
                // What the store found when the article came: a later version or a copy of an
                // article stored before it. The same id with a new text is a version of
                // itself; its name says which version it is instead.
                match (a.kind.as_str(), &a.of) {
                    (_, Some(of)) if *of == a.id => {}
                    ("version", Some(of)) => {
                        line.push(Piece::Tag(format!("a later version of {of}")));
                    }
                    ("copy", Some(of)) => line.push(Piece::Tag(format!("a copy of {of}"))),
                    (kind, Some(of)) => line.push(Piece::Tag(format!("{kind} of {of}"))),
                    (_, None) => {}
                }
                line.push(Piece::Tag(name.clone()));
                // In an update, which sources it covers: "1 of 4 articles" and "Nothing new."
                // leave the reader asking which one came.
                if since.is_some() && new.get(k).copied().unwrap_or(false) {
                    line.push(Piece::Tag("new".into()));
                }
                // Set aside by the brief as about another event: listed, since it is in the
                // story, but the reader should know why nothing of it is quoted.
                if summary.outliers.contains(key) {
                    line.push(Piece::Tag("not used: about a different event".into()));
                }
                line
            })
            .collect();
        View {
            headline: super::stories::headline_shown(&s.headline),
            facts: facts(s, &dates),
            update,
            sentences,
            notes: &summary.notes,
            sources,
            names,
        }
    }

    /// The name shown for the source the brief calls `key`.
    fn name_of<'k>(&'k self, key: &'k str) -> &'k str {
        self.names
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key, |(_, name)| name.as_str())
    }

    /// Whether an update found nothing new to say.
    fn nothing_new(&self) -> bool {
        self.update.is_some() && self.sentences.is_empty()
    }

    /// Writes the view as text, or as Markdown when `md`.
    fn text(&self, md: bool, out: &mut impl Write) -> std::io::Result<()> {
        let (headline, facts) = if md {
            (markdown_text(self.headline), markdown_text(&self.facts))
        } else {
            (
                printable(self.headline).into_owned(),
                printable(&self.facts).into_owned(),
            )
        };
        if md {
            writeln!(out, "# {headline}\n")?;
            writeln!(out, "*{facts}*\n")?;
        } else {
            writeln!(out, "{headline}\n{facts}\n")?;
        }
        if let Some(what) = &self.update {
            let what = printable(what);
            if md {
                writeln!(out, "## {what}\n")?;
            } else {
                writeln!(out, "{what}:")?;
            }
            if self.nothing_new() {
                writeln!(out, "Nothing new.")?;
            }
        }
        let cited: Vec<String> = self
            .sentences
            .iter()
            .map(|(sentence, refs)| {
                let text = quoted(&sentence.text);
                if md {
                    format!("{} [{refs}]", markdown_text(&text))
                } else {
                    format!("{text} [{refs}]")
                }
            })
            .collect();
        if !cited.is_empty() {
            writeln!(out, "{}", cited.join(" "))?;
        }
        for note in self.notes {
            if md {
                writeln!(out, "\n_Note: {note}._")?;
            } else {
                writeln!(out, "Note: {note}")?;
            }
        }
        writeln!(out)?;
        writeln!(out, "{}", if md { "## Sources\n" } else { "Sources:" })?;
        for (k, pieces) in self.sources.iter().enumerate() {
            let mut line = format!("[{}] ", k + 1);
            for piece in pieces {
                match piece {
                    Piece::Plain(words) if md => {
                        line.push_str(&herald::render::markdown_text(words))
                    }
                    Piece::Plain(words) => line.push_str(&printable(words)),
                    Piece::Link(url) if md => {
                        line.push_str(&format!(" {}", herald::render::markdown_link(url)))
                    }
                    Piece::Link(url) => line.push_str(&format!(" <{}>", printable(url))),
                    Piece::Tag(tag) if md => {
                        line.push_str(&format!(" \\[{}]", herald::render::markdown_text(tag)))
                    }
                    Piece::Tag(tag) => line.push_str(&format!(" [{}]", printable(tag))),
                }
            }
            writeln!(out, "{}{line}", if md { "- " } else { "  " })?;
        }
        Ok(())
    }

    /// Writes the view as a standalone HTML page titled by the headline.
    fn html(&self, out: &mut impl Write) -> std::io::Result<()> {
        herald::render::html_start(self.headline, out)?;
        writeln!(out, "<article><h1>{}</h1>", escape_html(self.headline))?;
        writeln!(out, "<p class=\"facts\">{}</p>", escape_html(&self.facts))?;
        if let Some(what) = &self.update {
            writeln!(out, "<h2>{}</h2>", escape_html(what))?;
            if self.nothing_new() {
                writeln!(out, "<p>Nothing new.</p>")?;
            }
        }
        if !self.sentences.is_empty() {
            let cited: Vec<String> = self
                .sentences
                .iter()
                .map(|(sentence, refs)| {
                    format!(
                        "{}<sup>[{}]</sup>",
                        herald::render::sentence_html(sentence),
                        escape_html(refs)
                    )
                })
                .collect();
            writeln!(out, "<p>{}</p>", cited.join(" "))?;
        }
        for note in self.notes {
            writeln!(out, "<p class=\"note\">Note: {}.</p>", escape_html(note))?;
        }
        writeln!(out, "<h2>Sources</h2>\n<ol class=\"src\">")?;
        for pieces in &self.sources {
            let mut line = String::new();
            for piece in pieces {
                match piece {
                    Piece::Plain(words) => line.push_str(&escape_html(words)),
                    // Only a web address becomes a link: a `javascript:` one from the input
                    // would run in the reader's browser.
                    Piece::Link(url) if crate::fetch::is_url(url) => {
                        let url = escape_html(url);
                        line.push_str(&format!(" <a href=\"{url}\">{url}</a>"));
                    }
                    Piece::Link(url) => line.push_str(&format!(" {}", escape_html(url))),
                    Piece::Tag(tag) => line.push_str(&format!(" [{}]", escape_html(tag))),
                }
            }
            writeln!(out, "<li>{line}</li>")?;
        }
        writeln!(out, "</ol></article>")?;
        herald::render::html_end(out)
    }
}
