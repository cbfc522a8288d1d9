//! Render: summaries as text, Markdown, JSON, JSONL or HTML, written to any `impl Write`, so
//! the CLI and the server print the same bytes.

use crate::model::Summary;
use std::borrow::Cow;
use std::io::{self, Write};

/// `text` as it may be written where people read it (a terminal, a log, a Markdown file):
/// every control character escaped the way Rust writes it (`\n`, `\r`, `\t`, `\0`,
/// `\u{1b}`), other text unchanged and not copied. Ids, titles, outlets, links and reasons
/// come from the input; written raw, a line break in one forges a line of output and an
/// escape sequence recolours the terminal, moves its cursor or sets its title. Text output,
/// Markdown and messages on standard error pass every such name through here; JSON escapes
/// them itself and keeps them exact.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(misleads) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if misleads(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Article text quoted for reading (a summary sentence in text or Markdown output): a run of
/// white space holding a line break or a tab (a hard-wrapped source) reads as one space, and
/// every other character [`printable`] escapes is escaped as there, so that a page carrying an
/// escape sequence cannot recolour or retitle the reader's terminal. JSON keeps the text exact,
/// with its offsets.
pub fn quoted(text: &str) -> Cow<'_, str> {
    if !text.chars().any(misleads) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    // Inside a run of white space that already gave its one space.
    let mut gap = false;
    for c in text.chars() {
        if matches!(
            c,
            '\n' | '\r' | '\t' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            gap = true;
        } else if c == ' ' && gap {
        } else {
            gap = false;
            if misleads(c) {
                out.extend(c.escape_debug());
            } else {
                out.push(c);
            }
        }
    }
    Cow::Owned(out)
}

/// A name from the input (a title, an outlet, a reason) as Markdown text: [`printable`], and
/// `<`, `>`, `[` and `` ` `` written so that no Markdown renderer takes them for HTML, a
/// link or code (a title `<script>…` or `[click](javascript:…)` stays text).
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // An opening bracket is enough to keep `[text](target)` from being a link.
            '[' | '`' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A link from the input as Markdown: an `http(s)` address as an autolink, anything else
/// (`javascript:…`, a file path) as plain text that no renderer makes live.
pub fn markdown_link(url: &str) -> String {
    let lower = url.trim_start().to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    if web && !url.contains(['<', '>', ' ']) {
        format!("<{}>", printable(url))
    } else {
        markdown_text(url)
    }
}

/// Whether `c` would act on the reader's screen rather than show in a name: a control
/// character, a line or paragraph separator, or a bidirectional override or isolate (which
/// can make `exe.txt` read as `txt.exe`).
fn misleads(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The summary text, one paragraph per cluster.
    Text,
    /// Markdown with numbered source references.
    Markdown,
    /// One pretty JSON object (an array of them for several clusters).
    Json,
    /// One JSON object per line, per cluster.
    Jsonl,
    /// A standalone HTML page.
    Html,
}

impl Format {
    /// The format called `name`.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "text" => Format::Text,
            "markdown" | "md" => Format::Markdown,
            "json" => Format::Json,
            "jsonl" => Format::Jsonl,
            "html" => Format::Html,
            _ => return None,
        })
    }
}

/// Writes `summaries` in `format`. Streaming formats (text, markdown, jsonl) can also be written
/// one summary at a time with [`render_one`]; JSON and HTML need the whole list.
pub fn render(format: Format, summaries: &[Summary], out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json if summaries.len() == 1 => json_pretty(&summaries[0], out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, summaries)?;
            writeln!(out)
        }
        Format::Html => html(summaries, out),
        _ => {
            for (i, s) in summaries.iter().enumerate() {
                render_one(format, s, i == 0, summaries.len() > 1, out)?;
            }
            Ok(())
        }
    }
}

/// Writes one summary in a streaming format. `first` says whether it is the first of the
/// output; `headed` whether each summary gets a heading (when there are several clusters).
pub fn render_one(
    format: Format,
    s: &Summary,
    first: bool,
    headed: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => {
            if !first {
                writeln!(out)?;
            }
            if headed {
                writeln!(out, "== {} ==", printable(&s.id))?;
            }
            writeln!(out, "{}", quoted(&s.summary))?;
            for note in &s.notes {
                writeln!(out, "Note: {note}")?;
            }
            for k in &s.skipped {
                writeln!(
                    out,
                    "(skipped {}: {})",
                    printable(&k.document),
                    printable(&k.reason)
                )?;
            }
            Ok(())
        }
        Format::Markdown => markdown(s, first, out),
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, s)?;
            writeln!(out)
        }
        Format::Json => json_pretty(s, out),
        Format::Html => html(std::slice::from_ref(s), out),
    }
}

fn json_pretty(s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, s)?;
    writeln!(out)
}

/// The most source numbers a sentence cites in text meant for reading; the rest are counted
/// (`+N more`). A sentence of a story of hundreds of articles can be said by a hundred of
/// them, and a hundred numbers after it bury it; the JSON keeps every one.
pub const MAX_CITES: usize = 8;

/// Which of a sentence's source numbers (given in support order: the quoted source first) to
/// cite for a reader, and how many are left out. Up to [`MAX_CITES`] all are cited as given;
/// past that, the quoted source and the lowest-numbered of the others, [`MAX_CITES`] in all,
/// in that order.
pub fn cited(numbers: &[usize]) -> (Vec<usize>, usize) {
    if numbers.len() <= MAX_CITES {
        return (numbers.to_vec(), 0);
    }
    let mut others: Vec<usize> = numbers[1..].to_vec();
    others.sort_unstable();
    others.truncate(MAX_CITES - 1);
    let mut shown = vec![numbers[0]];
    shown.extend(others);
    let hidden = numbers.len() - shown.len();
    (shown, hidden)
}

/// The 1-based number of each source document as Markdown and HTML cite it.
fn source_number(s: &Summary, id: &str) -> usize {
    s.sources
        .iter()
        .position(|x| x.id == id)
        .map_or(0, |p| p + 1)
}

fn markdown(s: &Summary, first: bool, out: &mut dyn Write) -> io::Result<()> {
    if !first {
        writeln!(out)?;
    }
    writeln!(out, "## {}", printable(&s.id))?;
    writeln!(out)?;
    if s.sentences.is_empty() {
        writeln!(out, "_No summary: no usable sentences._")?;
    }
    for sent in &s.sentences {
        let numbers: Vec<usize> = sent.support.iter().map(|d| source_number(s, d)).collect();
        let (shown, hidden) = cited(&numbers);
        let mut refs: Vec<String> = shown.iter().map(|n| format!("[{n}]")).collect();
        if hidden > 0 {
            refs.push(format!(" +{hidden} more"));
        }
        writeln!(
            out,
            "- {} {}",
            markdown_text(&quoted(&sent.text)),
            refs.join("")
        )?;
    }
    if s.sentences.iter().any(|x| !x.spans.is_empty()) {
        writeln!(out)?;
        writeln!(out, "{CUT_NOTE}")?;
    }
    if !s.notes.is_empty() {
        writeln!(out)?;
        for note in &s.notes {
            writeln!(out, "_Note: {note}._")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "**Sources**")?;
    writeln!(out)?;
    for (i, src) in s.sources.iter().enumerate() {
        let mut line = format!("{}. `{}`", i + 1, printable(&src.id));
        if let Some(t) = &src.title {
            line.push_str(&format!(" — {}", markdown_text(t)));
        }
        if let Some(d) = &src.date {
            line.push_str(&format!(" ({})", printable(d)));
        }
        if s.outliers.contains(&src.id) {
            line.push_str(" — *not used: about a different event*");
        }
        // The summary quotes one version of an article (the latest, then the longest), so
        // the others are said to be versions of that one: which came first is not known here.
        if let Some(m) = s.merged.iter().find(|m| m.document == src.id) {
            line.push_str(&format!(
                " — *another version of `{}`, which is quoted instead*",
                printable(&m.into)
            ));
        }
        writeln!(out, "{line}")?;
    }
    for k in &s.skipped {
        writeln!(
            out,
            "- skipped `{}`: {}",
            printable(&k.document),
            printable(&k.reason)
        )?;
    }
    Ok(())
}

/// What Markdown and HTML say under a summary that left words out of a sentence.
const CUT_NOTE: &str = "_… marks words of a source sentence left out._";

/// A summary sentence in HTML: its text escaped, each mark where words were left out set apart
/// with a title that says so.
pub fn sentence_html(sent: &crate::model::SummarySentence) -> String {
    use crate::summarize::compress::{marks, MARK};
    let mut html = String::new();
    let mut from = 0;
    for m in marks(&sent.text, sent.start, &sent.spans) {
        html.push_str(&escape_html(&sent.text[from..m]));
        html.push_str(&format!(
            "<span class=\"cut\" title=\"words of the source sentence left out\">{MARK}</span>"
        ));
        from = m + MARK.len();
    }
    html.push_str(&escape_html(&sent.text[from..]));
    html
}

/// `text` escaped for HTML text and attribute values (`&`, `<`, `>`, `"`, `'`). A control
/// character other than a line break or tab, which HTML does not allow and which acts on a
/// terminal the page is printed to, is written as its code (`\u{1b}`); a carriage return is
/// white space in HTML and is written as a space.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            '\r' => out.push(' '),
            c if c.is_control() => out.extend(c.escape_debug()),
            _ => out.push(c),
        }
    }
    out
}

/// The start of a standalone HTML page titled `title` (escaped here), up to and including
/// `<body>`: the head and style every herald page shares. [`html_end`] closes it.
pub fn html_start(title: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>",
        escape_html(title)
    )?;
    writeln!(out, "<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em}}sup{{color:#666}}.cut{{color:#a00}}.src{{color:#444;font-size:90%}}</style></head><body>")
}

/// The end of a page begun by [`html_start`].
pub fn html_end(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "</body></html>")
}

fn html(summaries: &[Summary], out: &mut dyn Write) -> io::Result<()> {
    html_start("herald summaries", out)?;
    for s in summaries {
        writeln!(out, "<article><h2>{}</h2>", escape_html(&s.id))?;
        write!(out, "<p>")?;
        for (k, sent) in s.sentences.iter().enumerate() {
            if k > 0 {
                write!(out, " ")?;
            }
            let numbers: Vec<usize> = sent.support.iter().map(|d| source_number(s, d)).collect();
            let (shown, hidden) = cited(&numbers);
            let mut refs: Vec<String> = shown.iter().map(usize::to_string).collect();
            if hidden > 0 {
                refs.push(format!("+{hidden} more"));
            }
            write!(
                out,
                "{}<sup>[{}]</sup>",
                sentence_html(sent),
                refs.join(",")
            )?;
        }
        writeln!(out, "</p>")?;
        for note in &s.notes {
            writeln!(out, "<p class=\"note\">Note: {}.</p>", escape_html(note))?;
        }
        writeln!(out, "<ol class=\"src\">")?;
        for src in &s.sources {
            let title = src.title.as_deref().map(escape_html).unwrap_or_default();
            writeln!(
                out,
                "<li><code>{}</code> {}</li>",
                escape_html(&src.id),
                title
            )?;
        }
        writeln!(out, "</ol></article>")?;
    }
    html_end(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Skipped, Source, SummarySentence};

    fn sample() -> Summary {
        Summary {
            id: "c1".into(),
            summary: "A <b> said.".into(),
            sentences: vec![SummarySentence {
                spans: Vec::new(),
                text: "A <b> said.".into(),
                document: "d2".into(),
                start: 3,
                end: 14,
                support: vec!["d2".into(), "d1".into()],
                truncated: false,
            }],
            skipped: vec![Skipped::new("d3", "empty: no text")],
            merged: vec![],
            outliers: vec![],
            documents: vec![],
            notes: vec![],
            sources: vec![
                Source {
                    id: "d1".into(),
                    title: Some("T1".into()),
                    date: None,
                },
                Source {
                    id: "d2".into(),
                    title: None,
                    date: Some("2013-09-06".into()),
                },
            ],
        }
    }

    fn to_string(format: Format) -> String {
        let mut buf = Vec::new();
        render(format, &[sample()], &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn a_sentence_cites_eight_sources_at_most_the_quoted_one_always() {
        assert_eq!(cited(&[3, 1, 2]), (vec![3, 1, 2], 0));
        let many: Vec<usize> = (1..=20).rev().collect();
        assert_eq!(cited(&many), (vec![20, 1, 2, 3, 4, 5, 6, 7], 12));
        // Rendered: Markdown counts the rest after the eight, and so does HTML.
        let mut s = sample();
        s.sources = (1..=12)
            .map(|k| Source {
                id: format!("d{k}"),
                title: None,
                date: None,
            })
            .collect();
        s.sentences[0].support = (1..=12).rev().map(|k| format!("d{k}")).collect();
        let mut buf = Vec::new();
        render(Format::Markdown, std::slice::from_ref(&s), &mut buf).unwrap();
        let md = String::from_utf8(buf).unwrap();
        assert!(
            md.contains("- A &lt;b&gt; said. [12][1][2][3][4][5][6][7] +4 more\n"),
            "{md}"
        );
        let mut buf = Vec::new();
        render(Format::Html, &[s], &mut buf).unwrap();
        let html = String::from_utf8(buf).unwrap();
        assert!(
            html.contains("<sup>[12,1,2,3,4,5,6,7,+4 more]</sup>"),
            "{html}"
        );
    }

    #[test]
    fn jsonl_follows_the_contract() {
        let got = to_string(Format::Jsonl);
        assert_eq!(
            got,
            "{\"id\":\"c1\",\"summary\":\"A <b> said.\",\"sentences\":[{\"text\":\"A <b> said.\",\"document\":\"d2\",\"start\":3,\"end\":14,\"support\":[\"d2\",\"d1\"]}],\"skipped\":[{\"document\":\"d3\",\"reason\":\"empty: no text\"}]}\n"
        );
    }

    #[test]
    fn markdown_cites_sources_by_number() {
        let got = to_string(Format::Markdown);
        assert!(got.contains("- A &lt;b&gt; said. [2][1]\n"), "{got}");
        assert!(
            got.contains("1. `d1` — T1\n2. `d2` (2013-09-06)\n"),
            "{got}"
        );
    }

    /// The sample with its sentence compressed: `A <b>, he said, left.` from byte 3, its
    /// attribution left out.
    fn compressed() -> Summary {
        let mut s = sample();
        let sent = &mut s.sentences[0];
        sent.text = "A <b>… left.".into();
        sent.start = 3;
        sent.end = 24;
        sent.spans = vec![
            crate::model::Span { start: 3, end: 8 },
            crate::model::Span { start: 19, end: 24 },
        ];
        s.summary = sent.text.clone();
        s
    }

    #[test]
    fn a_cut_is_shown_and_its_spans_are_given() {
        let mut buf = Vec::new();
        render(Format::Jsonl, &[compressed()], &mut buf).unwrap();
        let got = String::from_utf8(buf).unwrap();
        assert!(
            got.contains("\"text\":\"A <b>… left.\",\"document\":\"d2\",\"start\":3,\"end\":24,\"spans\":[{\"start\":3,\"end\":8},{\"start\":19,\"end\":24}]"),
            "{got}"
        );
        let mut buf = Vec::new();
        render(Format::Html, &[compressed()], &mut buf).unwrap();
        let got = String::from_utf8(buf).unwrap();
        assert!(
            got.contains("A &lt;b&gt;<span class=\"cut\" title=\"words of the source sentence left out\">…</span> left.<sup>[2,1]</sup>"),
            "{got}"
        );
        let mut buf = Vec::new();
        render(Format::Markdown, &[compressed()], &mut buf).unwrap();
        let got = String::from_utf8(buf).unwrap();
        assert!(
            got.contains("- A &lt;b&gt;… left. [2][1]\n\n_… marks words"),
            "{got}"
        );
        let mut buf = Vec::new();
        render(Format::Text, &[compressed()], &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "A <b>… left.\n(skipped d3: empty: no text)\n"
        );
        // Whole sentences get no note.
        assert!(!to_string(Format::Markdown).contains("marks words"));
    }

    #[test]
    fn printable_escapes_control_characters_and_nothing_else() {
        assert!(matches!(
            printable("Café “quoted” — 東京"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            printable("a\nb\r\t\0\u{1b}[31m\u{1b}]0;pwned\u{7}\u{9b}"),
            r"a\nb\r\t\0\u{1b}[31m\u{1b}]0;pwned\u{7}\u{9b}"
        );
        // Nor may a name turn the line around or break it.
        assert_eq!(
            printable("report\u{202e}txt.exe\u{2028}x"),
            r"report\u{202e}txt.exe\u{2028}x"
        );
        // Markdown and text name the cluster and its sources through it.
        let mut s = sample();
        s.id = "c\u{1b}[2J".into();
        s.sources[0].title = Some("T\n1".into());
        for format in [Format::Text, Format::Markdown] {
            let mut buf = Vec::new();
            render(format, &[s.clone(), s.clone()], &mut buf).unwrap();
            let got = String::from_utf8(buf).unwrap();
            assert!(!got.contains('\u{1b}'), "{format:?}: {got}");
            assert!(got.contains(r"c\u{1b}[2J"), "{format:?}: {got}");
        }
    }

    #[test]
    fn quoted_text_joins_hard_wrapped_lines_and_escapes_terminal_controls() {
        assert!(matches!(quoted("Plain, as most are."), Cow::Borrowed(_)));
        assert_eq!(
            quoted("The harbour \n  reopened\r\non\tTuesday \u{2028}at noon."),
            "The harbour reopened on Tuesday at noon."
        );
        assert_eq!(
            quoted("Boats \u{1b}]0;owned\u{7}moved \u{1b}[31magain\u{202e}."),
            "Boats \\u{1b}]0;owned\\u{7}moved \\u{1b}[31magain\\u{202e}."
        );
        // Text output: the summary line; Markdown: each sentence, escaped as Markdown too.
        let mut s = sample();
        s.sentences[0].text = "A\n<b>\u{1b}[2J said.".into();
        s.summary = s.sentences[0].text.clone();
        for (format, line) in [
            (Format::Text, "A <b>\\u{1b}[2J said.\n"),
            (Format::Markdown, "- A &lt;b&gt;\\u{1b}\\[2J said. [2][1]\n"),
        ] {
            let mut out = Vec::new();
            render(format, std::slice::from_ref(&s), &mut out).unwrap();
            let got = String::from_utf8(out).unwrap();
            assert!(got.contains(line), "{format:?}: {got}");
            assert!(!got.contains('\u{1b}'), "{format:?}: {got}");
        }
    }

    #[test]
    fn markdown_keeps_names_as_text_and_links_to_the_web_only() {
        assert_eq!(
            markdown_text("<script>x</script> [click](javascript:y) `z`"),
            r"&lt;script&gt;x&lt;/script&gt; \[click](javascript:y) \`z\`"
        );
        assert_eq!(
            markdown_link("https://a.example/x"),
            "<https://a.example/x>"
        );
        assert_eq!(markdown_link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(markdown_link("<javascript:x>"), "&lt;javascript:x&gt;");
    }

    #[test]
    fn html_escapes() {
        let got = to_string(Format::Html);
        assert!(got.contains("A &lt;b&gt; said.<sup>[2,1]</sup>"), "{got}");
        // Control characters never reach the page (or a terminal it is printed to).
        assert_eq!(
            escape_html("a\u{1b}]0;t\u{7}\r\nb\t<"),
            "a\\u{1b}]0;t\\u{7} \nb\t&lt;"
        );
    }

    #[test]
    fn text_markdown_and_html_print_the_notes() {
        let mut s = sample();
        s.notes = vec![
            "the summary stops at 3 of 60 words: every other sentence repeats one already chosen"
                .into(),
        ];
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let mut buf = Vec::new();
            render(format, std::slice::from_ref(&s), &mut buf).unwrap();
            let got = String::from_utf8(buf).unwrap();
            assert!(
                got.contains("Note: the summary stops at 3 of 60 words: every other sentence"),
                "{format:?}: {got}"
            );
        }
    }
}
