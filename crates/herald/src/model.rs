//! The plain data types the pipeline stages exchange.

use serde::Serialize;
use std::fmt;

/// One news article as it was read, before any cleaning.
///
/// `text` is the article exactly as herald read it (for a `.txt` file, the whole file, title
/// line included); every byte offset herald reports for this article points into `text`.
/// It serializes whole (unlike the JSONL input format, which has no `body_start`), so that it
/// can be set aside on disk and read back unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Article {
    /// The document id: the JSONL `id`, or the file name without extension.
    pub id: String,
    /// The headline, if the input gave one.
    pub title: Option<String>,
    /// The publication date, ISO `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// The full text as read; offsets point into it.
    pub text: String,
    /// Where the body starts in `text` (after a `.txt` file's title line, for example).
    pub body_start: usize,
    /// Where the article came from, for error messages: a path, or `file:line#n`.
    pub origin: String,
    /// The article's canonical URL, when the input gave one.
    pub url: Option<String>,
    /// The outlet or site name ("Reuters", "BBC News"), when known.
    pub site: Option<String>,
    /// The byline, when known.
    pub author: Option<String>,
}

impl Article {
    /// The text after `body_start`: the article without a title line the input put before it.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset()..]
    }

    /// Where the body starts: `body_start`, kept within the text and moved back to the start of
    /// the character it falls in (the field is public, and a caller's offset may be off).
    pub fn body_offset(&self) -> usize {
        let mut k = self.body_start.min(self.text.len());
        while !self.text.is_char_boundary(k) {
            k -= 1;
        }
        k
    }
}

/// A group of articles to summarize together, with optional human reference summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cluster {
    /// The cluster id: the JSONL `id`, or the folder name.
    pub id: String,
    /// The articles that could be read.
    pub articles: Vec<Article>,
    /// Human reference summaries (benchmark data only).
    pub references: Vec<String>,
    /// Inputs of this cluster that could not be used, with the reason.
    pub skipped: Vec<Skipped>,
}

#[cfg(test)]
impl Cluster {
    /// A cluster `id` of untitled articles with these texts, numbered `{id}-1`, `{id}-2`, ...:
    /// the one way the library's unit tests build clusters.
    pub(crate) fn of_texts(id: &str, texts: &[&str]) -> Cluster {
        Cluster {
            id: id.into(),
            articles: texts
                .iter()
                .enumerate()
                .map(|(k, t)| Article {
                    id: format!("{id}-{}", k + 1),
                    text: (*t).to_owned(),
                    ..Article::default()
                })
                .collect(),
            ..Cluster::default()
        }
    }

    /// `n` articles of 20 sentences each over a vocabulary of 30 words: every concept is shared
    /// by many articles and no sentence copies another, the worst case for concept weighing.
    pub(crate) fn crowded(n: usize) -> Cluster {
        const WORDS: [&str; 30] = [
            "minister", "flood", "river", "city", "police", "report", "council", "vote", "storm",
            "market", "bank", "rescue", "army", "court", "judge", "school", "fire", "bridge",
            "road", "power", "health", "doctor", "price", "oil", "ship", "port", "train",
            "village", "water", "crop",
        ];
        let mut state: u64 = 7;
        let mut next = |m: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % m
        };
        let texts: Vec<String> = (0..n)
            .map(|_| {
                (0..20)
                    .map(|_| {
                        let words: Vec<&str> = (0..8 + next(9)).map(|_| WORDS[next(30)]).collect();
                        format!("The {} said officials.", words.join(" "))
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        Cluster::of_texts("crowded", &texts)
    }
}

/// An input document that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The document id or file name.
    pub document: String,
    /// Why it was not used, in a few words.
    pub reason: String,
}

impl Skipped {
    /// A skipped document with its reason.
    pub fn new(document: impl Into<String>, reason: impl Into<String>) -> Self {
        Skipped {
            document: document.into(),
            reason: reason.into(),
        }
    }
}

/// How long a summary may be. The budget is never exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Budget {
    /// At most this many whitespace-separated words.
    Words(usize),
    /// At most this many sentences.
    Sentences(usize),
    /// At most this many bytes of summary text (sentences joined by one space).
    Bytes(usize),
}

impl Default for Budget {
    fn default() -> Self {
        Budget::Words(100)
    }
}

impl Budget {
    /// The budget that at most one of these counts asks for, `None` when none does. Asking for
    /// two at once, or for 0, is an error rather than a silent choice or an empty summary.
    pub fn from_counts(
        words: Option<usize>,
        sentences: Option<usize>,
        bytes: Option<usize>,
    ) -> crate::Result<Option<Budget>> {
        let given = [
            words.map(Budget::Words),
            sentences.map(Budget::Sentences),
            bytes.map(Budget::Bytes),
        ];
        if given.iter().flatten().any(|b| {
            matches!(
                b,
                Budget::Words(0) | Budget::Sentences(0) | Budget::Bytes(0)
            )
        }) {
            return Err(crate::Error::Config(
                "a budget of 0 leaves no room for a summary: give at least 1".into(),
            ));
        }
        let mut given = given.into_iter().flatten();
        let first = given.next();
        if given.next().is_some() {
            return Err(crate::Error::Config(
                "give at most one budget: words, sentences or bytes".into(),
            ));
        }
        Ok(first)
    }
}

impl fmt::Display for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Budget::Words(n) => write!(f, "{n} words"),
            Budget::Sentences(n) => write!(f, "{n} sentences"),
            Budget::Bytes(n) => write!(f, "{n} bytes"),
        }
    }
}

/// One sentence of a summary, quoted exactly from a source article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummarySentence {
    /// The sentence text as the reader sees it: `article.text[start..end]`, or, when `spans`
    /// is not empty, the kept spans joined by the compression rule
    /// ([`crate::summarize::compress::display`]): each span's source text, with `…` before the
    /// first when it starts after `start` and between two spans, followed by a space when the
    /// source has white space just before the second span.
    pub text: String,
    /// The id of the article it was taken from.
    pub document: String,
    /// Byte offset of the source sentence's start in that article's text.
    pub start: usize,
    /// Byte offset just past the source sentence's end.
    pub end: usize,
    /// When part of the source sentence was left out: the byte ranges of that article's text
    /// that were kept, in order, inside `start..end`. Empty (and not printed) when the
    /// sentence is quoted whole.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
    /// Every document that says the same thing, the quoted one first.
    pub support: Vec<String>,
    /// The sentence was cut at the budget's limit (only with `truncate`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

/// A byte range of an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
}

/// An article that herald found to be a version or copy of another and merged into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merged {
    /// The merged document.
    pub document: String,
    /// The canonical document it was merged into.
    pub into: String,
}

/// The summary of one cluster: what the renderers print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The cluster id.
    pub id: String,
    /// The summary as plain text: the sentences joined by single spaces.
    pub summary: String,
    /// The sentences, in reading order, with their sources.
    pub sentences: Vec<SummarySentence>,
    /// Input documents that were not used, and why.
    pub skipped: Vec<Skipped>,
    /// Documents merged into another as versions or copies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<Merged>,
    /// Documents judged to be about a different event than the rest of the cluster.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outliers: Vec<String>,
    /// The articles of a story that herald grouped from a pool ([`crate::Pipeline::summarize_story`]),
    /// in input order; empty (and not printed) for a cluster the input gave, whose members the
    /// caller already knows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    /// What the caller should know about how the summary was made, one line each: a limit that
    /// applied, such as the sentence cap of the graph baselines
    /// ([`crate::summarize::baselines::MAX_GRAPH_SENTENCES`]). Empty (and not printed) normally.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Title and date of every article that was read, for renderers that list sources. Not part
    /// of the JSON contract.
    #[serde(skip)]
    pub sources: Vec<Source>,
}

/// An input article as renderers name it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    /// The document id.
    pub id: String,
    /// Its title after cleaning, if any.
    pub title: Option<String>,
    /// Its date, if known.
    pub date: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_one_budget() {
        assert_eq!(Budget::from_counts(None, None, None).unwrap(), None);
        assert_eq!(
            Budget::from_counts(None, Some(3), None).unwrap(),
            Some(Budget::Sentences(3))
        );
        assert!(Budget::from_counts(Some(100), None, Some(665)).is_err());
        for zero in [
            Budget::from_counts(Some(0), None, None),
            Budget::from_counts(None, Some(0), None),
            Budget::from_counts(None, None, Some(0)),
        ] {
            assert!(zero.unwrap_err().to_string().contains("budget of 0"));
        }
    }
}
