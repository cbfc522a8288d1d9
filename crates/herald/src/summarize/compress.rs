//! Compressive extraction: a summary sentence may leave out parts of its source sentence that
//! carry no fact a reader needs, so that a 100-word summary has room for more facts.
//!
//! Four kinds of part, each told by punctuation and word lists alone (there is no parser):
//! - an attribution tail or aside: `…, officials said Friday.`, `The cause, she said, was …`,
//!   `…, according to police.`, whose speaker is a pronoun or a generic source (`police`,
//!   `the newspaper`), never a name;
//! - an aside between commas that is a relative clause (`Smith, who was elected in 1996,
//!   said …`) or an appositive after a name (`John Smith, the mayor of Ardell, said …`), when
//!   a verb goes on after it;
//! - an aside in brackets or between a pair of dashes (`the senator (pictured) said`, `the
//!   plan — drawn up in secret — failed`);
//! - a leading phrase of time or place (`On Friday, `, `In Washington, `, `In a statement, `).
//!
//! What is left out must hold no digit, no negation, no quotation mark, no name the sentence
//! introduces ([`Sentence::full_names`]), and must not lie inside a quotation; what remains
//! must still end like a sentence and show a verb. A sentence whose speaker, or anything else
//! it needs from before, is only in the part left out no longer needs its predecessor; any
//! other reason to need it stays.
//!
//! What the reader sees is the kept spans of the source, exact, joined by [`MARK`] where
//! something was left out ([`display`]): `Seventeen died in landslides….`, `…the council
//! voted.`, `Smith… said the plan failed.` A kept span that starts mid-sentence is never
//! re-capitalised: the mark before it says that the sentence started earlier.
//!
//! [`Sentence::full_names`]: crate::analyze::document::Sentence::full_names

use crate::analyze::document::AnalyzedCluster;
use crate::analyze::segment::{contains_ci, word_count};
use crate::model::Span;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The mark shown where a summary sentence leaves out part of its source sentence.
pub const MARK: &str = "…";

/// Which parts of a sentence may be left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompressConfig {
    /// Offer compressed variants of sentences to the summarizer at all (only the concept
    /// summarizer's greedy uses them).
    pub enabled: bool,
    /// Attribution tails and asides with a pronoun or generic source as speaker.
    pub attribution: bool,
    /// Relative clauses and appositives between commas.
    pub commas: bool,
    /// Asides in brackets or between two dashes.
    pub brackets: bool,
    /// Leading phrases of time or occasion (`On Friday, `, `In a statement, `).
    pub leading: bool,
    /// Leading phrases of place (`In Washington, `).
    pub places: bool,
}

impl Default for CompressConfig {
    fn default() -> Self {
        // The kinds kept on when compression is: docs/results.md §53 measured each.
        CompressConfig {
            enabled: false,
            attribution: true,
            commas: false,
            brackets: true,
            leading: false,
            places: false,
        }
    }
}

/// A compressed form of one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The kept byte ranges of the article text, in order, disjoint, inside the sentence.
    pub spans: Vec<Range<usize>>,
    /// Words of the text the reader sees ([`display`]), counted as budgets count.
    pub words: usize,
    /// Bytes of that text.
    pub bytes: usize,
    /// Whether the variant still needs the sentence before it to be understood.
    pub needs_context: bool,
}

/// The text a reader sees for the kept `spans` of `source` whose sentence starts at `start`:
/// each span's text in order; [`MARK`] before the first when it starts after `start`, and
/// between two spans, followed by a space when the source has white space just before the
/// second span. Every piece of the result between marks is exactly the source of its span.
pub fn display(source: &str, start: usize, spans: &[Range<usize>]) -> String {
    let mut out = String::new();
    for (k, span) in spans.iter().enumerate() {
        if k > 0 {
            out.push_str(MARK);
            if source[..span.start].ends_with(char::is_whitespace) {
                out.push(' ');
            }
        } else if span.start > start {
            out.push_str(MARK);
        }
        out.push_str(&source[span.clone()]);
    }
    out
}

/// Where each piece of `shown`, the [`display`] text of `spans` of a sentence starting at
/// `start` (or a prefix of it), begins, and where the mark before it does if it has one:
/// `(mark, piece)` byte offsets into `shown`, one per span that `shown` reaches.
fn layout(shown: &str, start: usize, spans: &[Span]) -> Vec<(Option<usize>, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for (k, span) in spans.iter().enumerate() {
        let mut mark = None;
        if k > 0 || span.start > start {
            mark = Some(at);
            at += MARK.len();
            if k > 0 && shown.as_bytes().get(at) == Some(&b' ') {
                at += 1;
            }
        }
        if at >= shown.len() {
            break;
        }
        out.push((mark, at));
        at += span.end - span.start;
    }
    out
}

/// The byte offsets in `shown` (as `layout` lays it out) of the marks where words were left out, for
/// renderers that set them apart.
pub fn marks(shown: &str, start: usize, spans: &[Span]) -> Vec<usize> {
    layout(shown, start, spans)
        .into_iter()
        .filter_map(|(mark, _)| mark.filter(|&m| shown[m..].starts_with(MARK)))
        .collect()
}

/// The spans of `spans` (of a sentence starting at `start`) that `shown`, a prefix of their
/// [`display`] text, still holds, the last one cut where `shown` ends: what is left of a
/// compressed sentence cut at the budget's limit.
pub fn truncate_spans(shown: &str, start: usize, spans: &[Span]) -> Vec<Span> {
    layout(shown, start, spans)
        .into_iter()
        .zip(spans)
        .map(|((_, at), span)| Span {
            start: span.start,
            end: span.start + (span.end - span.start).min(shown.len() - at),
        })
        .collect()
}

/// The kinds of cut, each of which the configuration may turn off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Attribution,
    Comma,
    Bracket,
    Leading,
}

/// A part of a sentence to leave out: a byte range of the sentence text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cut {
    range: Range<usize>,
    kind: Kind,
}

/// The compressed variants of sentence `i` of `a`: each cut alone, and all of them together
/// when there are several; none when nothing may be cut. Those with fewer than `min_words`
/// words are left out.
pub fn variants(
    a: &AnalyzedCluster<'_>,
    i: usize,
    config: &CompressConfig,
    min_words: usize,
) -> Vec<Variant> {
    let s = &a.sentences[i];
    if !config.enabled || s.continues {
        return Vec::new();
    }
    let source = a.cluster.articles[s.doc].text.as_str();
    let text = &source[s.span.clone()];
    let cased = a.documents[s.doc].cased;
    // A sentence that needs its predecessor for a reason its words do not show (it goes on
    // with a quotation or an aside an earlier one opened) is someone's words: left whole.
    let text_needs = crate::analyze::document::needs_context(text, cased, true);
    if s.needs_context && !text_needs {
        return Vec::new();
    }
    let tokens = a.tokens_of(i);
    // A cut may not take a name the sentence introduces (a day's name is no one's).
    let holds_name = |r: &Range<usize>| {
        tokens.iter().any(|t| {
            t.start >= s.span.start + r.start
                && t.end <= s.span.start + r.end
                && s.full_names.binary_search(&t.term).is_ok()
                && !contains_ci(TIME_WORDS, &source[t.start..t.end])
        })
    };
    let mut cuts: Vec<Cut> = find_cuts(text, cased, config)
        .into_iter()
        .filter(|c| !holds_name(&c.range))
        .collect();
    cuts.sort_by_key(|c| c.range.start);
    // Overlapping cuts (a tail inside a bracket) keep the first.
    let mut end = 0;
    cuts.retain(|c| {
        let ok = c.range.start >= end;
        if ok {
            end = c.range.end;
        }
        ok
    });
    cuts.truncate(4);
    let mut sets: Vec<Vec<&Cut>> = cuts.iter().map(|c| vec![c]).collect();
    if cuts.len() > 1 {
        sets.push(cuts.iter().collect());
    }
    sets.into_iter()
        .filter_map(|set| {
            let spans = kept(text, &set);
            let spans: Vec<Range<usize>> = spans
                .into_iter()
                .map(|r| s.span.start + r.start..s.span.start + r.end)
                .collect();
            let shown = display(source, s.span.start, &spans);
            // The checks every quoted sentence passes, on what the reader will read: the
            // pieces as one sentence.
            let plain = spans
                .iter()
                .map(|r| &source[r.clone()])
                .collect::<Vec<_>>()
                .join(" ");
            let words = word_count(&shown);
            if words < min_words || words >= s.words || !crate::clean::ends_like_sentence(&plain) {
                return None;
            }
            let needs_context =
                s.needs_context && crate::analyze::document::needs_context(&plain, cased, true);
            Some(Variant {
                bytes: shown.len(),
                words,
                needs_context,
                spans,
            })
        })
        .collect()
}

/// The ranges of `text` left after taking out `cuts` (sorted, disjoint), without the white
/// space at either end of each.
fn kept(text: &str, cuts: &[&Cut]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    let bounds = cuts
        .iter()
        .map(|c| c.range.clone())
        .chain(std::iter::once(text.len()..text.len()));
    for r in bounds {
        let piece = &text[from..r.start];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push(from + lead..from + lead + trimmed.len());
        }
        from = r.end;
    }
    out
}

/// Every part of `text` (one sentence) that may be left out, by the kinds `config` allows.
fn find_cuts(text: &str, cased: bool, config: &CompressConfig) -> Vec<Cut> {
    let mut cuts = attribution(text);
    cuts.extend(comma_asides(text, cased));
    cuts.extend(bracket_asides(text));
    cuts.extend(leading_phrase(text, cased && config.places));
    cuts.retain(|c| {
        let allowed = match c.kind {
            Kind::Attribution => config.attribution,
            Kind::Comma => config.commas,
            Kind::Bracket => config.brackets,
            Kind::Leading => config.leading,
        };
        allowed && safe_to_leave_out(text, c.range.clone())
    });
    cuts
}

/// Whether the part `r` of `text` carries nothing a cut may lose: no digit, no negation, no
/// quotation mark, and it is not inside a quotation.
fn safe_to_leave_out(text: &str, r: Range<usize>) -> bool {
    let part = &text[r.clone()];
    !part
        .chars()
        .any(|c| c.is_ascii_digit() || QUOTES.contains(&c))
        && !part.contains("``")
        && !part.contains("''")
        && !words_of(part).any(|w| contains_ci(NEGATIONS, w) || w.ends_with("n't"))
        && !inside_quotation(&text[..r.start])
}

/// Whether a quotation opened in `before` is still open at its end.
fn inside_quotation(before: &str) -> bool {
    let straight = before.matches('"').count() % 2 == 1;
    let curly = before.matches('“').count() > before.matches('”').count();
    let typed = before.matches("``").count() > before.matches("''").count();
    straight || curly || typed
}

/// Quotation marks of any kind (apostrophes aside).
const QUOTES: &[char] = &['"', '“', '”', '«', '»', '`'];

/// The words of `s`: runs of letters, digits and apostrophes.
fn words_of(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

/// Words that negate; sorted, for `contains_ci`.
const NEGATIONS: &[&str] = &[
    "cannot", "neither", "never", "no", "nobody", "none", "nor", "not", "nothing", "without",
];

/// An attribution set off by a comma whose speaker is a pronoun or a generic source: at the
/// end (`…, officials said Friday.`, `…, according to police.`), or between two commas
/// (`The cause, she said, was a leak.`). The cut runs from the comma before it to the final
/// stop, or to the comma after it.
fn attribution(text: &str) -> Vec<Cut> {
    let mut out = Vec::new();
    for (comma, _) in text.match_indices(", ") {
        let rest = &text[comma + 2..];
        let Some(len) = attribution_len(rest) else {
            continue;
        };
        let after = &rest[len..];
        // At the end: the tail runs to the stop, in a sentence that quotes no one (whose
        // words the tail would attribute).
        if after == "." {
            if !text.contains(QUOTES) && !text.contains("''") {
                out.push(Cut {
                    range: comma..comma + 2 + len,
                    kind: Kind::Attribution,
                });
            }
        } else if let Some(next) = after.strip_prefix(", ") {
            // Inside: the clause goes on after it, on a lowercase word that is not a
            // conjunction (which would join a clause of the attribution's own).
            let word = next.split_whitespace().next().unwrap_or("");
            if word.starts_with(|c: char| c.is_lowercase())
                && !["and", "but", "or", "so", "yet"].contains(&word)
                && !comma_before(text, comma)
            {
                out.push(Cut {
                    range: comma..comma + 2 + len + 1,
                    kind: Kind::Attribution,
                });
            }
        }
    }
    out
}

/// The length of an attribution at the start of `s`, up to (not including) the comma or
/// final stop after it: `he said`, `officials said Friday`, `the newspaper reported`, `said
/// police`, `according to police`, `police said in a statement`.
fn attribution_len(s: &str) -> Option<usize> {
    let words: Vec<(usize, &str)> = s
        .split(' ')
        .scan(0, |at, w| {
            let here = *at;
            *at += w.len() + 1;
            Some((here, w))
        })
        .take(9)
        .collect();
    // The word's core, and whether it closes the attribution (a comma or the final stop).
    fn core(w: &str) -> &str {
        w.trim_end_matches([',', '.'])
    }
    let closes = |w: &str| w.ends_with([',', '.']);
    let end_of = |k: usize| words[k].0 + core(words[k].1).len();
    let mut k = 0;
    let speaker_then_verb;
    if words
        .first()
        .is_some_and(|w| w.1.eq_ignore_ascii_case("according"))
        && words.get(1).is_some_and(|w| w.1 == "to")
    {
        k = 2;
        speaker_then_verb = false;
    } else if words
        .first()
        .is_some_and(|w| contains_ci(TAIL_VERBS, core(w.1)))
    {
        k = 1;
        speaker_then_verb = false;
    } else {
        speaker_then_verb = true;
    }
    // The speaker: a pronoun, or up to three lowercase modifiers and a generic source noun.
    let first = words.get(k)?.1;
    if contains_ci(SPEAKER_PRONOUNS, core(first)) {
        if !speaker_then_verb {
            return None;
        }
    } else {
        let mut m = 0;
        loop {
            let w = core(words.get(k + m)?.1);
            if contains_ci(SOURCES, w) && w.starts_with(|c: char| c.is_lowercase()) {
                break;
            }
            // A modifier: a lowercase word (a capital would be a name or a country).
            if m >= 3
                || closes(words[k + m].1)
                || !w.chars().all(|c| c.is_lowercase() || c == '-')
                || w.is_empty()
            {
                return None;
            }
            m += 1;
        }
        k += m;
    }
    if closes(words[k].1) {
        return (!speaker_then_verb).then(|| end_of(k));
    }
    k += 1;
    if speaker_then_verb {
        // The verb, maybe after `have`/`has`/`had`.
        let mut w = core(words.get(k)?.1);
        if ["have", "has", "had"].contains(&w) && !closes(words[k].1) {
            k += 1;
            w = core(words.get(k)?.1);
        }
        if !contains_ci(TAIL_VERBS, w) {
            return None;
        }
        if closes(words[k].1) {
            return Some(end_of(k));
        }
        k += 1;
    }
    // When and how it was said: up to four words of time or occasion.
    for _ in 0..4 {
        let (_, w) = *words.get(k)?;
        if !contains_ci(OCCASION_WORDS, core(w)) {
            return None;
        }
        if closes(w) {
            return Some(end_of(k));
        }
        k += 1;
    }
    None
}

/// Pronouns that speak an attribution; sorted, for `contains_ci`.
const SPEAKER_PRONOUNS: &[&str] = &["he", "it", "she", "they"];

/// Verbs of an attribution tail; sorted, for `contains_ci`.
const TAIL_VERBS: &[&str] = &[
    "added",
    "announced",
    "confirmed",
    "explained",
    "noted",
    "reported",
    "said",
    "says",
    "stated",
];

/// Generic sources that speak an attribution without naming anyone; sorted, for
/// `contains_ci`.
const SOURCES: &[&str] = &[
    "agency",
    "aides",
    "analysts",
    "authorities",
    "daily",
    "diplomats",
    "doctors",
    "experts",
    "investigator",
    "investigators",
    "media",
    "newspaper",
    "official",
    "officials",
    "paper",
    "police",
    "relatives",
    "report",
    "reports",
    "rescuers",
    "residents",
    "source",
    "sources",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "statement",
    "witnesses",
];

/// Words that say when or how an attribution was made (`Friday`, `on Tuesday night`, `in a
/// statement`); sorted, for `contains_ci`.
const OCCASION_WORDS: &[&str] = &[
    "a",
    "afternoon",
    "an",
    "conference",
    "earlier",
    "evening",
    "friday",
    "in",
    "interview",
    "last",
    "late",
    "later",
    "monday",
    "morning",
    "news",
    "night",
    "on",
    "saturday",
    "statement",
    "sunday",
    "telephone",
    "thursday",
    "today",
    "tonight",
    "tuesday",
    "wednesday",
    "week",
    "yesterday",
];

/// A relative clause or an appositive set off by two commas, with a verb going on after it:
/// `Smith, who was elected in 1996, said …`, `The plan, which the council approved, will …`,
/// `John Smith, the mayor of Ardell, said …`. An appositive (opening on `a`, `an` or `the`)
/// must follow a capitalised name, so only in `cased` text. The cut runs from the first comma
/// to the second.
fn comma_asides(text: &str, cased: bool) -> Vec<Cut> {
    let mut out = Vec::new();
    for (open, _) in text.match_indices(", ") {
        let inner_start = open + 2;
        let Some(len) = text[inner_start..].find(',') else {
            continue;
        };
        let inner = &text[inner_start..inner_start + len];
        let close = inner_start + len;
        let n = inner.split_whitespace().count();
        if !(2..=12).contains(&n) || inner.contains(['(', ')', ';', ':', '—', '–']) {
            continue;
        }
        let first = inner.split_whitespace().next().unwrap_or("");
        let relative = ["who", "which", "whose"].contains(&first);
        let appositive = ["a", "an", "the"].contains(&first)
            && cased
            && text[..open]
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.starts_with(char::is_uppercase));
        if !(relative || appositive) {
            continue;
        }
        // What goes on after it is the sentence's verb: a list (`Paris, the capital, and
        // Rome`) or a clause of the aside's own would go on otherwise.
        let next = text[close + 1..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches([',', '.']);
        let verb = contains_ci(GOING_ON_VERBS, next)
            || (next.len() > 3 && next.ends_with("ed") && next.starts_with(char::is_lowercase));
        if verb && !text[..open].trim().is_empty() && !comma_before(text, open) {
            out.push(Cut {
                range: open..close + 1,
                kind: Kind::Comma,
            });
        }
    }
    out
}

/// Whether a comma before `open` in `text`, other than the one closing a leading phrase,
/// may pair with the comma that would close an aside at `open`: in `The memo, from Dan Rosen,
/// a vice president, was written …` the second aside's closing comma closes the first one
/// too, and taking it out would leave `The memo, from Dan Rosen was written`.
fn comma_before(text: &str, open: usize) -> bool {
    let from = leading_phrase(text, true).map_or(0, |c| c.range.end);
    text[from.min(open)..open].contains(',')
}

/// Verbs that carry a sentence on after an aside between commas; sorted, for `contains_ci`.
const GOING_ON_VERBS: &[&str] = &[
    "added",
    "announced",
    "are",
    "can",
    "could",
    "did",
    "does",
    "had",
    "has",
    "have",
    "is",
    "may",
    "might",
    "must",
    "said",
    "says",
    "should",
    "told",
    "was",
    "were",
    "will",
    "would",
];

/// An aside in brackets, or between two dashes, after the sentence's first word: `the senator
/// (pictured) said`, `the plan -- drawn up in secret -- failed`. Not a lone acronym in
/// brackets (`the Kosovo Liberation Army (KLA)`, `( rmsf )`), which later sentences may use. The cut
/// takes the white space before the aside.
fn bracket_asides(text: &str) -> Vec<Cut> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|k| k + from) {
        let Some(len) = text[open + 1..].find(')') else {
            break;
        };
        let close = open + 1 + len;
        from = close;
        let inner = text[open + 1..close].trim();
        // An acronym: one word, in capitals, or short (lowercased text's `( rmsf )`).
        let acronym = !inner.contains(' ')
            && (inner.chars().all(|c| !c.is_lowercase()) || inner.chars().count() <= 6);
        if let Some(cut) = aside(text, open, close + 1, inner) {
            if !acronym && !inner.contains('(') {
                out.push(cut);
            }
        }
    }
    // Dashes in pairs: ` -- `, ` — `, ` – `, and newswire's ` _ `.
    let dashes: Vec<(usize, usize)> = [" -- ", " — ", " – ", " _ "]
        .iter()
        .flat_map(|d| text.match_indices(d).map(|(k, m)| (k, k + m.len() - 1)))
        .collect();
    let mut dashes = dashes;
    dashes.sort_unstable();
    for pair in dashes.windows(2) {
        let (open, inner_start) = pair[0];
        let (close, after) = pair[1];
        if inner_start > close {
            continue;
        }
        let inner = text[inner_start..close].trim();
        if let Some(cut) = aside(text, open, after, inner) {
            out.push(cut);
        }
    }
    out
}

/// The cut for an aside `inner` that runs from `open` to `end` of `text`, when it is a short
/// one inside the sentence: at most twelve words without a stop.
fn aside(text: &str, open: usize, end: usize, inner: &str) -> Option<Cut> {
    let n = inner.split_whitespace().count();
    let before = text[..open].trim_end();
    let ok = (1..=12).contains(&n)
        && !inner.ends_with(['.', '!', '?'])
        && !before.is_empty()
        && before.split_whitespace().count() >= 2
        && !text[end..].trim().is_empty();
    let start = before.len();
    ok.then_some(Cut {
        range: start..end,
        kind: Kind::Bracket,
    })
}

/// A phrase of time or place before a sentence's subject, set off by a comma: `On Friday, `,
/// `Late Tuesday night, `, `In Washington, ` (a place: capitalised words, in `cased` text),
/// `In a statement, `. The cut runs to the first word after the comma.
fn leading_phrase(text: &str, cased: bool) -> Option<Cut> {
    let comma = text.find(", ")?;
    let phrase = &text[..comma];
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if !(2..=6).contains(&words.len()) || !contains_ci(LEADING_WORDS, words[0]) {
        return None;
    }
    let place = cased && ["in", "at"].contains(&words[0].to_lowercase().as_str());
    let ok = words[1..].iter().all(|w| {
        let core = w.trim_end_matches('.');
        contains_ci(TIME_WORDS, core)
            || contains_ci(LEADING_WORDS, core)
            || (place && w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic))
            || (place && ["the", "of"].contains(w))
    });
    // The rest opens on a word (not a quotation), and not on a place's second part
    // (`In Paris, France, …`).
    let rest = &text[comma + 2..];
    let first = rest.split_whitespace().next()?;
    let rest_ok = first.starts_with(char::is_alphanumeric)
        && !first.ends_with(',')
        && rest.split_whitespace().count() >= 4;
    (ok && rest_ok).then_some(Cut {
        range: 0..comma + 2,
        kind: Kind::Leading,
    })
}

/// Words that open a leading phrase of time or place; sorted, for `contains_ci`.
const LEADING_WORDS: &[&str] = &[
    "at", "during", "earlier", "early", "in", "last", "late", "later", "on", "this",
];

/// Words of a time, or of an occasion, in a leading phrase; sorted, for `contains_ci`.
const TIME_WORDS: &[&str] = &[
    "a",
    "afternoon",
    "an",
    "apr",
    "april",
    "aug",
    "august",
    "conference",
    "day",
    "dec",
    "december",
    "evening",
    "feb",
    "february",
    "friday",
    "interview",
    "jan",
    "january",
    "jul",
    "july",
    "jun",
    "june",
    "mar",
    "march",
    "may",
    "monday",
    "month",
    "morning",
    "news",
    "night",
    "nov",
    "november",
    "oct",
    "october",
    "same",
    "saturday",
    "sept",
    "september",
    "statement",
    "sunday",
    "the",
    "thursday",
    "today",
    "tuesday",
    "wednesday",
    "week",
    "weekend",
    "year",
    "yesterday",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Cleaner;
    use crate::model::Cluster;
    use proptest::prelude::*;

    /// Every kind of cut on.
    const ALL: CompressConfig = CompressConfig {
        enabled: true,
        attribution: true,
        commas: true,
        brackets: true,
        leading: true,
        places: true,
    };

    /// The texts a reader sees for each variant of the first sentence of `text`.
    fn shown(text: &str) -> Vec<String> {
        let c = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        variants(&a, 0, &ALL, 4)
            .iter()
            .map(|v| display(text, a.sentences[0].span.start, &v.spans))
            .collect()
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [
            NEGATIONS,
            SPEAKER_PRONOUNS,
            TAIL_VERBS,
            SOURCES,
            OCCASION_WORDS,
            GOING_ON_VERBS,
            LEADING_WORDS,
            TIME_WORDS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn an_attribution_tail_goes() {
        assert_eq!(
            shown("Seventeen others died in landslides near the coast, he said."),
            ["Seventeen others died in landslides near the coast…."]
        );
        assert_eq!(
            shown("The embassy had been warned about the attack, officials said Friday."),
            ["The embassy had been warned about the attack…."]
        );
        assert_eq!(
            shown("The storm forced thousands from their homes, disaster relief officials said."),
            ["The storm forced thousands from their homes…."]
        );
        assert_eq!(
            shown("The suspect was arrested at the border, according to police."),
            ["The suspect was arrested at the border…."]
        );
        assert_eq!(
            shown("The bomb was carried in a truck to the embassy, police said in a statement."),
            ["The bomb was carried in a truck to the embassy…."]
        );
    }

    #[test]
    fn an_attribution_inside_goes() {
        assert_eq!(
            shown("The cause of the fire, she said, was a leak in the gas line."),
            ["The cause of the fire… was a leak in the gas line."]
        );
    }

    #[test]
    fn an_attribution_to_a_name_or_of_a_quotation_stays() {
        assert!(shown("The storm forced thousands from their homes, Smith said.").is_empty());
        assert!(shown("The storm forced thousands from homes, Kenyan officials said.").is_empty());
        assert!(shown("\"We will rebuild every home in this valley,\" he said.").is_empty());
        assert!(shown("He called the storm \"a disaster for us all,\" officials said.").is_empty());
        // Not a tail: the sentence goes on.
        assert!(shown("The storm hit the coast, officials said, and more rain is due.").is_empty());
    }

    #[test]
    fn a_relative_clause_or_appositive_between_commas_goes() {
        assert_eq!(
            shown("Mayor Ann Lee, who took office in the spring, said the plan had failed."),
            ["Mayor Ann Lee… said the plan had failed."]
        );
        assert_eq!(
            shown("John Smith, the head of the city council, said the plan had failed."),
            ["John Smith… said the plan had failed."]
        );
    }

    #[test]
    fn an_aside_whose_closing_comma_closes_an_earlier_one_stays() {
        assert!(shown(
            "The memo, from Dan Rosen, a vice president, was sent to the board members."
        )
        .is_empty());
        // A leading phrase's comma pairs with nothing.
        assert_eq!(
            shown("On Friday, Mayor Ann Lee, who took office in May, said the plan failed."),
            [
                "…Mayor Ann Lee, who took office in May, said the plan failed.",
                "On Friday, Mayor Ann Lee… said the plan failed.",
                "…Mayor Ann Lee… said the plan failed.",
            ]
        );
    }

    #[test]
    fn a_list_or_a_clause_between_commas_stays() {
        assert!(shown("They visited Paris, the capital, and Rome during the trip.").is_empty());
        assert!(shown("The plan, which includes Paris, Rome and Madrid, is costly.").is_empty());
        // An appositive needs a name before it.
        assert!(shown("The man, a local farmer, said the water rose fast.").is_empty());
    }

    #[test]
    fn an_aside_in_brackets_or_dashes_goes() {
        assert_eq!(
            shown("The senator (a former judge) said the bill would pass."),
            ["The senator… said the bill would pass."]
        );
        assert_eq!(
            shown("A new budget plan -- drawn up in secret -- failed in the end."),
            ["A new budget plan… failed in the end."]
        );
        assert_eq!(
            shown("A new budget plan _ drawn up in secret _ failed in the end."),
            ["A new budget plan… failed in the end."]
        );
    }

    #[test]
    fn an_acronym_a_number_or_a_negation_stays() {
        assert!(shown("The Kosovo Liberation Army (KLA) attacked two police posts.").is_empty());
        assert!(shown("rocky mountain spotted fever ( rmsf ) is a disease of ticks.").is_empty());
        assert!(shown("The attack began at 9:45 (0745 GMT) in the old market.").is_empty());
        assert!(shown("The plan -- not the first one -- failed in the end.").is_empty());
        assert!(shown("Mayor Ann Lee, who had 300 votes, said the plan had failed.").is_empty());
    }

    #[test]
    fn a_leading_phrase_of_time_or_place_goes() {
        assert_eq!(
            shown("On Friday, the council voted to close the old bridge."),
            ["…the council voted to close the old bridge."]
        );
        assert_eq!(
            shown("Late Tuesday night, the council voted to close the bridge."),
            ["…the council voted to close the bridge."]
        );
        assert_eq!(
            shown("In Washington, the president signed the budget bill."),
            ["…the president signed the budget bill."]
        );
    }

    #[test]
    fn a_leading_clause_or_a_place_in_two_parts_stays() {
        assert!(shown("In Paris, France, the talks went on for a second day.").is_empty());
        assert!(shown("In response, the council voted to close the bridge.").is_empty());
        assert!(shown("When police arrived, the men had left the building.").is_empty());
    }

    #[test]
    fn several_cuts_give_each_alone_and_all_together() {
        assert_eq!(
            shown("On Friday, Mayor Ann Lee, who took office in May, said the plan failed, officials said."),
            [
                "…Mayor Ann Lee, who took office in May, said the plan failed, officials said.",
                "On Friday, Mayor Ann Lee… said the plan failed, officials said.",
                "On Friday, Mayor Ann Lee, who took office in May, said the plan failed….",
                "…Mayor Ann Lee… said the plan failed….",
            ]
        );
    }

    #[test]
    fn a_cut_that_frees_the_speaker_frees_the_sentence() {
        let text = "The mayor spoke to reporters on Monday. The storm forced thousands from \
            their homes, she said.";
        let c = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        assert!(a.sentences[1].needs_context);
        let config = ALL;
        let v = variants(&a, 1, &config, 4);
        assert_eq!(v.len(), 1);
        assert!(!v[0].needs_context);
        // A pronoun subject still needs its predecessor after the leading phrase goes.
        let text = "The mayor spoke on Monday. On Friday, she said the storm forced thousands \
            from their homes.";
        let c = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        let v = variants(&a, 1, &config, 4);
        assert!(v.iter().all(|v| v.needs_context), "{v:?}");
    }

    #[test]
    fn a_name_the_sentence_introduces_stays() {
        let text = "Officials met on Monday. The talks, which Sheriff Mike Hall led, \
            were called off. Hall said the talks would resume.";
        let c = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        let config = ALL;
        assert!(variants(&a, 1, &config, 4).is_empty());
    }

    #[test]
    fn switched_on_it_cuts_attributions_and_brackets_only() {
        let on = CompressConfig {
            enabled: true,
            ..CompressConfig::default()
        };
        let text = "On Friday, Mayor Ann Lee, who took office in May, said the plan (a costly \
            one) failed, officials said.";
        let c = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        let shown: Vec<String> = variants(&a, 0, &on, 4)
            .iter()
            .map(|v| display(text, 0, &v.spans))
            .collect();
        assert_eq!(
            shown,
            [
                "On Friday, Mayor Ann Lee, who took office in May, said the plan… failed, officials said.",
                "On Friday, Mayor Ann Lee, who took office in May, said the plan (a costly one) failed….",
                "On Friday, Mayor Ann Lee, who took office in May, said the plan… failed….",
            ]
        );
    }

    #[test]
    fn marks_and_a_cut_at_the_limit_follow_the_pieces() {
        let source = "On Friday, the plan (a costly one) failed, officials said.";
        let spans = [
            Span { start: 11, end: 19 },
            Span { start: 35, end: 41 },
            Span { start: 57, end: 58 },
        ];
        let ranges: Vec<Range<usize>> = spans.iter().map(|s| s.start..s.end).collect();
        let shown = display(source, 0, &ranges);
        assert_eq!(shown, "…the plan… failed….");
        let m = MARK.len();
        assert_eq!(marks(&shown, 0, &spans), [0, m + 8, 2 * m + 15]);
        // Cut after `the plan… fa`: two spans are left, the second cut short.
        let cut = &shown[..2 * m + 11];
        assert_eq!(
            truncate_spans(cut, 0, &spans),
            [Span { start: 11, end: 19 }, Span { start: 35, end: 37 }]
        );
    }

    #[test]
    fn nothing_is_cut_when_off() {
        let c = Cluster::of_texts("c", &["The cause of the fire, she said, was a leak."]);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        assert!(variants(&a, 0, &CompressConfig::default(), 4).is_empty());
    }

    /// Splits a displayed text back into its pieces by the rule of [`display`].
    fn pieces(shown: &str, leading: bool) -> Vec<&str> {
        let mut parts: Vec<&str> = shown.split(MARK).collect();
        if leading {
            assert_eq!(parts.remove(0), "");
        }
        parts
    }

    const WORDS: &[&str] = &[
        "On",
        "Friday,",
        "the",
        "mayor",
        "Ann",
        "Lee,",
        "who",
        "took",
        "office",
        "(a",
        "judge)",
        "said",
        "--",
        "in",
        "secret",
        "--",
        "plan",
        "failed,",
        "officials",
        "police",
        "was",
        "according",
        "to",
        "he",
        "said,",
        "_",
        "Smith,",
        "a",
        "leak",
        "é",
        "coast",
    ];

    proptest! {
        /// Every span of every variant is a piece of the text shown, in order, exactly as the
        /// source has it.
        #[test]
        fn kept_spans_are_exactly_the_pieces_shown(
            words in proptest::collection::vec(proptest::sample::select(WORDS), 4..30),
        ) {
            let text = format!("{}.", words.join(" "));
            let c = Cluster::of_texts("c", &[text.as_str()]);
            let a = AnalyzedCluster::new(&c, &Cleaner::default());
            let config = ALL;
            for i in 0..a.sentences.len() {
                let s = &a.sentences[i];
                for v in variants(&a, i, &config, 1) {
                    let shown = display(&text, s.span.start, &v.spans);
                    let parts = pieces(&shown, v.spans[0].start > s.span.start);
                    prop_assert_eq!(parts.len(), v.spans.len());
                    for (k, (part, span)) in parts.iter().zip(&v.spans).enumerate() {
                        prop_assert!(span.start >= s.span.start && span.end <= s.span.end);
                        let part: &str = if k > 0 { part.strip_prefix(' ').unwrap_or(part) } else { part };
                        prop_assert_eq!(part, &text[span.clone()]);
                    }
                    prop_assert!(v.spans.windows(2).all(|w| w[0].end < w[1].start));
                    prop_assert_eq!(v.words, word_count(&shown));
                    prop_assert_eq!(v.bytes, shown.len());
                }
            }
        }
    }
}
