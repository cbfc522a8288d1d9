//! Clean: find the article's prose and drop the page furniture around and inside it.
//!
//! The rules are general, not tuned to any site: prose paragraphs end in sentence punctuation,
//! while headlines, navigation, highlight boxes, related-story links, bylines and crawl stamps
//! are short lines that do not. Cleaning never rewrites text: it returns byte ranges into the
//! article's original text, so everything later stages quote can be found there verbatim.

pub mod boilerplate;

use crate::analyze::segment::{contains_ci, starts_with_ci};
use crate::model::Article;
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Range;

/// Knobs for cleaning. The defaults are what herald uses.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CleanConfig {
    /// A paragraph that does not end in sentence punctuation and has fewer words than this is a
    /// headline, label or link, not prose.
    pub max_unpunctuated_words: usize,
    /// Paragraphs with fewer words than this are dropped as fragments.
    pub min_paragraph_words: usize,
    /// A paragraph that is a single question of at most this many words is a sub-heading or a
    /// related-story link ("Would Bush be stronger on Syria?").
    pub max_question_heading_words: usize,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            max_unpunctuated_words: 25,
            min_paragraph_words: 4,
            max_question_heading_words: 8,
        }
    }
}

/// Why a piece of text was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Furniture {
    /// A bulleted list item: highlights, navigation, related links.
    ListItem,
    /// A line with navigation marks such as "»" or "|".
    Navigation,
    /// A date and time stamp left by a crawler or a CMS.
    Timestamp,
    /// A short line without sentence punctuation: a headline, label or link.
    Headline,
    /// A short standalone question: a sub-heading or related-story link.
    QuestionHeading,
    /// Too few words to be prose.
    Fragment,
    /// The article's title again.
    RepeatedTitle,
    /// A paragraph that already appeared earlier in the article.
    RepeatedParagraph,
    /// A dateline, outlet tag or byline before the first sentence ("LONDON (AP) _", "(CNN) --",
    /// "by tom winter" run into the story).
    Dateline,
    /// Headline, photo caption and credit run into the first paragraph of a flattened page,
    /// before the mark where the story starts: an agency dateline, a bracketed photo credit, an
    /// image-viewer label ("… was... ( associated press ) the 1911 cubist painting").
    Caption,
    /// The number of a numbered list item before its sentence (`1. The clinton show: …`), or
    /// a bullet or separator's dashes (`-- tami just bailed out …`).
    ListNumber,
    /// A sentence that is the web page's, not the story's ([`is_web_furniture`]): a photo
    /// caption, a web address or copyright line, a link label, a call to action, a widget's
    /// text.
    WebText,
}

/// A removed piece of the article, for `--explain`-style reports and tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// Byte range in the article text.
    pub span: Range<usize>,
    /// Why it was removed.
    pub reason: Furniture,
}

/// The clean article: its title and the byte ranges of its prose paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The headline after cleaning, if any.
    pub title: Option<String>,
    /// Prose paragraphs, as byte ranges into the article text, in reading order.
    pub paragraphs: Vec<Range<usize>>,
    /// What was removed and why.
    pub removed: Vec<Removed>,
}

/// Removes page furniture from articles.
#[derive(Debug, Clone, Default)]
pub struct Cleaner {
    config: CleanConfig,
}

impl Cleaner {
    /// A cleaner with `config`.
    pub fn new(config: CleanConfig) -> Self {
        Cleaner { config }
    }

    /// Cleans one article.
    pub fn clean(&self, article: &Article) -> Cleaned {
        let text = article.text.as_str();
        let body_start = article.body_start.min(text.len());
        let units = units(text, body_start);
        let mut out = Cleaned::default();

        let mut title = article
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        // A headline is naturally short and unpunctuated; only crawl stamps, navigation and list
        // items disqualify a title.
        if title.is_some_and(|t| {
            matches!(
                self.furniture(t),
                Some(Furniture::Timestamp | Furniture::Navigation | Furniture::ListItem)
            )
        }) {
            title = None;
        }
        let mut title_key = title.map(normalize);
        let mut seen: HashSet<u64> = HashSet::new();
        for unit in units {
            let s = &text[unit.clone()];
            if let Some(reason) = self.furniture(s) {
                // A site whose first line is a crawl stamp puts the real headline next; it is the
                // title, and its repeats are furniture like any repeated title.
                if title.is_none() && out.paragraphs.is_empty() && reason == Furniture::Headline {
                    title = Some(s);
                    title_key = Some(normalize(s));
                }
                out.removed.push(Removed { span: unit, reason });
                continue;
            }
            let key = normalize(s);
            if title_key == Some(key) {
                out.removed.push(Removed {
                    span: unit,
                    reason: Furniture::RepeatedTitle,
                });
                continue;
            }
            if !seen.insert(key) {
                out.removed.push(Removed {
                    span: unit,
                    reason: Furniture::RepeatedParagraph,
                });
                continue;
            }
            let mut unit = unit;
            if out.paragraphs.is_empty() {
                let top = caption_len(s);
                if top > 0 {
                    out.removed.push(Removed {
                        span: unit.start..unit.start + top,
                        reason: Furniture::Caption,
                    });
                    unit.start += top;
                }
                let s = &text[unit.clone()];
                let cut = dateline_len(s);
                if cut > 0 {
                    out.removed.push(Removed {
                        span: unit.start..unit.start + cut,
                        reason: Furniture::Dateline,
                    });
                    unit.start += cut;
                }
            }
            out.paragraphs.push(unit);
        }
        out.title = title.map(str::to_owned);
        out
    }

    /// Why the paragraph `s` is furniture, or `None` if it is prose.
    fn furniture(&self, s: &str) -> Option<Furniture> {
        let words = s.split_whitespace().count();
        let first = s.chars().next()?;
        if matches!(
            first,
            '-' | '•' | '*' | '·' | '–' | '—' | '▪' | '►' | '■' | '»' | '>'
        ) && s[first.len_utf8()..].starts_with(char::is_whitespace)
        {
            return Some(Furniture::ListItem);
        }
        if words < 12 && s.contains(['»', '«', '›', '|']) {
            return Some(Furniture::Navigation);
        }
        if words <= 10 && is_timestamp(s) {
            return Some(Furniture::Timestamp);
        }
        if !ends_like_prose(s) && words < self.config.max_unpunctuated_words {
            return Some(Furniture::Headline);
        }
        if words < self.config.min_paragraph_words {
            return Some(Furniture::Fragment);
        }
        if words <= self.config.max_question_heading_words
            && s.trim_end().ends_with('?')
            && !s.contains(['"', '“', '”', '\'', '‘', '’', '`'])
        {
            return Some(Furniture::QuestionHeading);
        }
        None
    }
}

/// Splits the body into paragraph-like units: lines, with hard-wrapped continuation lines joined
/// back to the line they continue. Each unit is trimmed.
fn units(text: &str, body_start: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pos = body_start;
    let mut prev_blank = true;
    for line in text[body_start..].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            prev_blank = true;
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let range = start + lead..start + lead + trimmed.len();
        let continues = !prev_blank
            && out
                .last()
                .is_some_and(|last| !ends_like_prose(&text[last.clone()]))
            && trimmed.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit());
        match out.last_mut() {
            Some(last) if continues => last.end = range.end,
            _ => out.push(range),
        }
        prev_blank = false;
    }
    out
}

/// Whether `s` ends the way a finished sentence or prose paragraph does: sentence punctuation,
/// maybe inside quotes or brackets. Headlines and labels do not, nor do texts cut mid-sentence.
pub(crate) fn ends_like_prose(s: &str) -> bool {
    s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '`')
    })
    .ends_with([
        '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '‽', '。', '！', '？', ':', ';',
    ])
}

/// Whether `s` can stand as a sentence of a summary. It ends like prose, but:
/// - not on a colon or semicolon, which announce what follows ("The New York Times said in an
///   editorial:"), and it does not open on `Here's`, which does too;
/// - it is not a question in the writer's own voice (`How did police find out about this?`,
///   `can you remember when you first fell in love with …?`): a feature's teaser or an
///   anchor's cue, which a summary would put to its reader unanswered. A quoted question
///   (`"Why now?" she asked.`, `… "will it last?"`) is someone's words, reported;
/// - it shows a verb ([`has_verb`]): a caption or a fact-box line is not a sentence.
pub(crate) fn ends_like_sentence(s: &str) -> bool {
    let unquoted =
        s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’'));
    let asks = s.trim_end().ends_with(['?', '？'])
        && !s.trim_start().starts_with(['"', '“', '‘', '\'', '`']);
    // `Here's what to watch for wednesday night.`, `Here are 14 worth keeping an eye on …`:
    // a list or a video followed on the page.
    let announces = ["here's ", "here’s ", "here is ", "here are "]
        .iter()
        .any(|p| starts_with_ci(s.trim_start(), p));
    ends_like_prose(s)
        && !unquoted.ends_with([':', ';'])
        && !asks
        && !announces
        && has_verb(s)
        && !opens_on_label(s)
}

/// Whether `s` opens on a label of at most four words without a verb, and a colon: a
/// headline's kicker (`Army suicide testimony: sergeant taunted …`), a fact box's field
/// (`Education: degrees in law …`), a teaser (`( also on politico: …`) or a speaker's tag in
/// a dialogue (`Him: "we don't …`). What follows is the rest of a headline, often run into the
/// story's first sentence on a flattened page, or a field's value, not a sentence of the
/// story. A clock (`At 2: 45 p.m.`) is no label, nor a title in quotes (`"avengers: infinity
/// war" has …`); a label with a verb introduces its sentence (`Obama had it right: …`).
fn opens_on_label(s: &str) -> bool {
    let s = s.trim_start();
    let Some((label, rest)) = s.split_once(':') else {
        return false;
    };
    let words = label.split_whitespace().count();
    (1..=4).contains(&words)
        && !label.starts_with(['"', '“', '‘', '\'', '`'])
        && !rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
        && !has_verb(label)
}

/// Whether `s` shows some sign of a verb, so that it can be a clause and not a fragment of the
/// page: a photo caption without its verb (`Agustín Ross Balcony after the earthquake and
/// tsunami.`), a line of a fact box (`Born in neuilly-sur-seine, france on april 25, 1949.`),
/// a credit (`Starring melissa mccarthy and jason bateman.`) or a headline (`A royal pain in the
/// neck.`). Without a part-of-speech tagger the test leans to yes: any word ending in `-ed` or
/// `-s` (plural nouns too), a contraction, or a word of [`VERB_WORDS`] (an auxiliary, an
/// irregular past or participle, a common bare verb, or a subject that takes a bare verb:
/// `we`, `they`, `police`, `people`) counts. A question is left alone (`So why spend the
/// money?`).
pub(crate) fn has_verb(s: &str) -> bool {
    if s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’'))
        .ends_with(['?', '？'])
    {
        return true;
    }
    s.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.trim_matches(['\'', '’']);
            // A contraction: `isn't`, `it's`, `they're`, `we've`, `I'm`, `she'll`, `he'd` (a
            // possessive `'s` counts too, which only makes the test lean further to yes).
            if let Some((_, tail)) = w.rsplit_once(['\'', '’']) {
                return is_contraction_ending(tail);
            }
            let b = w.as_bytes();
            b.len() > 3 && b[b.len() - 2..].eq_ignore_ascii_case(b"ed")
                || b.len() > 2
                    && b[b.len() - 1].eq_ignore_ascii_case(&b's')
                    && !b[b.len() - 2].eq_ignore_ascii_case(&b's')
                || contains_ci(VERB_WORDS, w)
        })
}

/// Whether `tail`, the letters after an apostrophe, end a contraction (`'s`, `'t`, `'re`,
/// `'ve`, `'m`, `'ll`, `'d`), in any case.
fn is_contraction_ending(tail: &str) -> bool {
    ["s", "t", "re", "ve", "m", "ll", "d"]
        .iter()
        .any(|t| tail.eq_ignore_ascii_case(t))
}

/// Words that show a verb without an `-ed` or `-s` ending (see [`has_verb`]): auxiliaries and
/// modals, irregular past forms and participles, the commonest verbs of news in their bare form
/// (`officials say`, `they hope`; a noun of the same spelling only makes the test lean to yes),
/// and subjects a bare present verb follows (`we`, `many of us`, `police`). Sorted and
/// lowercase, for `analyze::segment::contains_ci`.
const VERB_WORDS: &[&str] = &[
    "add",
    "admit",
    "agree",
    "am",
    "appear",
    "are",
    "argue",
    "ask",
    "ate",
    "be",
    "beat",
    "became",
    "become",
    "been",
    "began",
    "begin",
    "begun",
    "being",
    "believe",
    "bet",
    "bit",
    "blew",
    "bore",
    "bought",
    "bring",
    "broke",
    "broken",
    "brought",
    "build",
    "built",
    "buy",
    "call",
    "came",
    "can",
    "cannot",
    "catch",
    "caught",
    "change",
    "children",
    "choose",
    "chose",
    "chosen",
    "claim",
    "come",
    "consider",
    "continue",
    "could",
    "create",
    "cut",
    "dealt",
    "decide",
    "deny",
    "did",
    "die",
    "do",
    "does",
    "doing",
    "done",
    "doubt",
    "drank",
    "drew",
    "drink",
    "drive",
    "driven",
    "drove",
    "eat",
    "eaten",
    "expect",
    "face",
    "fall",
    "fallen",
    "fear",
    "fed",
    "feel",
    "fell",
    "felt",
    "fight",
    "find",
    "fled",
    "flew",
    "flown",
    "fly",
    "follow",
    "forgot",
    "forgotten",
    "fought",
    "found",
    "froze",
    "frozen",
    "gave",
    "get",
    "give",
    "given",
    "go",
    "gone",
    "got",
    "grew",
    "grow",
    "grown",
    "had",
    "happen",
    "has",
    "have",
    "hear",
    "heard",
    "held",
    "hid",
    "hidden",
    "hit",
    "hold",
    "hope",
    "hung",
    "hurt",
    "i",
    "include",
    "insist",
    "is",
    "keep",
    "kill",
    "knew",
    "know",
    "known",
    "laid",
    "lay",
    "lead",
    "learn",
    "leave",
    "led",
    "left",
    "let",
    "lit",
    "live",
    "lose",
    "lost",
    "love",
    "made",
    "make",
    "may",
    "mean",
    "meant",
    "meet",
    "men",
    "met",
    "might",
    "move",
    "must",
    "need",
    "note",
    "offer",
    "open",
    "oppose",
    "paid",
    "pass",
    "pay",
    "people",
    "plan",
    "play",
    "police",
    "pull",
    "put",
    "quit",
    "raise",
    "ran",
    "rang",
    "reach",
    "read",
    "remain",
    "remember",
    "report",
    "require",
    "ridden",
    "risen",
    "rode",
    "rose",
    "run",
    "said",
    "sang",
    "sank",
    "sat",
    "saw",
    "say",
    "see",
    "seem",
    "seen",
    "sell",
    "send",
    "serve",
    "set",
    "shall",
    "shook",
    "shot",
    "should",
    "show",
    "shown",
    "shut",
    "sing",
    "sit",
    "sleep",
    "slept",
    "slid",
    "sold",
    "sought",
    "speak",
    "spend",
    "spent",
    "spoke",
    "spoken",
    "spread",
    "stand",
    "stay",
    "stole",
    "stolen",
    "stood",
    "stop",
    "struck",
    "stuck",
    "suggest",
    "support",
    "swam",
    "swept",
    "swore",
    "sworn",
    "take",
    "taken",
    "taught",
    "teach",
    "tell",
    "they",
    "think",
    "thought",
    "threw",
    "thrown",
    "told",
    "took",
    "tore",
    "torn",
    "try",
    "understand",
    "understood",
    "upset",
    "urge",
    "us",
    "vow",
    "wait",
    "walk",
    "want",
    "warn",
    "was",
    "watch",
    "we",
    "wear",
    "went",
    "were",
    "will",
    "win",
    "withdrew",
    "woke",
    "woken",
    "women",
    "won",
    "wore",
    "worn",
    "would",
    "write",
    "written",
    "wrote",
    "you",
];

/// Whether the line is mostly a date and/or clock time ("25-11-2024 08:52 AM", "Updated 2:31 PM
/// ET, Fri September 6, 2013").
fn is_timestamp(s: &str) -> bool {
    let has_clock = s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_digit());
        let mut parts = w.split(':');
        matches!((parts.next(), parts.next()), (Some(h), Some(m))
            if (1..=2).contains(&h.len()) && m.len() == 2
                && h.bytes().all(|b| b.is_ascii_digit()) && m.bytes().all(|b| b.is_ascii_digit()))
    });
    let has_date = s.split_whitespace().any(|w| {
        let groups: Vec<&str> = w.split(['-', '/', '.']).filter(|g| !g.is_empty()).collect();
        groups.len() == 3 && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
    });
    has_clock || has_date
}

/// The length in bytes of a dateline or outlet tag at the start of the first paragraph, with
/// the white space after it; 0 if there is none.
///
/// Recognised shapes: `(CNN) -- `, `CNN — `, `LONDON (AP) _ `, `WASHINGTON, Oct. 5 (Reuters) - `,
/// `Whittier >> `
/// and a short place name before a colon, `St Petersburg: `, when a long sentence follows.
fn dateline_len(s: &str) -> usize {
    if let Some(len) = agency_dateline_len(s) {
        return len;
    }
    let window = crate::analyze::truncate_at_char(s, 80);
    for (i, c) in window.char_indices() {
        let sep_len = match c {
            '—' | '–' | '_' | ':' => c.len_utf8(),
            '-' if window[i..].starts_with("--") => 2,
            '-' => 1,
            // Some chains set the dateline apart with chevrons: `Whittier >> the community …`.
            '>' if window[i..].starts_with(">>") => 2,
            _ => continue,
        };
        let before = &window[..i];
        let after = &s[i + sep_len..];
        if !before.ends_with(char::is_whitespace) && c != ':' {
            continue;
        }
        if !after.starts_with(char::is_whitespace) {
            continue;
        }
        let rest = after.trim_start();
        let prefix = before.trim_end();
        let ok = if c == ':' {
            is_place_name(prefix)
                && rest.split_whitespace().count() >= 15
                && !rest.starts_with(['"', '“', '\'', '‘'])
        } else {
            is_dateline_prefix(prefix)
                || is_place_dateline(prefix, rest, &window[i..i + sep_len])
                || is_signed_dateline(prefix)
        };
        if ok && !rest.is_empty() {
            return s.len() - rest.len();
        }
        // Only the first separator can end a dateline.
        return 0;
    }
    0
}

/// The length of a place dateline with its region at the start of `s` — `Ft. Bragg, n.c. --`,
/// `NASHVILLE, Tenn. —`, `AUGUSTA, Ga. (WRDW/WAGT) –` — with its dash and the white space
/// after it; 0 if there is none. A flattened page loses the break before the story's first
/// paragraph, so its dateline can open any sentence. Away from the top of the text a lone
/// place before a dash is too often a name opening an aside (`Smith -- a former Marine … --
/// said`), and two names before one (`Obama, Putin -- …`) a list, so the place must be printed
/// in capitals or its region abbreviated, as datelines print them.
pub(crate) fn region_dateline_len(s: &str) -> usize {
    let window = crate::analyze::truncate_at_char(s, 60);
    // The first dash standing alone as a word, within six words.
    let Some((at, dash)) = words_at(window).take(6).find(|(_, w)| DASHES.contains(w)) else {
        return 0;
    };
    let prefix = window[..at].trim_end();
    let Some(rest) = after_separator(&s[at..], dash) else {
        return 0;
    };
    let Some((place, region)) = prefix.split_once(',') else {
        return 0;
    };
    // The region without an outlet's bracket after it.
    let region = region.split('(').next().unwrap_or_default().trim();
    let capitals = place.chars().any(char::is_alphabetic) && !place.chars().any(char::is_lowercase);
    let abbreviated = region.ends_with('.') && region.split_whitespace().count() == 1;
    if rest.is_empty() || !(capitals || abbreviated) || !is_place_dateline(prefix, rest, dash) {
        return 0;
    }
    s.len() - rest.len()
}

/// The length of a dateline signed by a news agency in brackets at the start of `s` — a place
/// of at most five words, `(AP)`, then an optional dash, underscore or colon — with the white
/// space after it. Any case and spacing (`Paris ( ap ) — `, `(CNN)`, `washington ( cnn ) `):
/// the bracketed agency is evidence enough, so this shape is also looked for at the start of
/// any early sentence, not only of the first paragraph. `None` if there is none.
pub(crate) fn agency_dateline_len(s: &str) -> Option<usize> {
    let window = crate::analyze::truncate_at_char(s, 80);
    let open = window.find('(')?;
    let close = open + window[open..].find(')')?;
    if window[..open].split_whitespace().count() > 5 {
        return None;
    }
    let inside = window[open + 1..close].trim();
    if !is_agency(inside) {
        return None;
    }
    let mut rest = s[close + 1..].trim_start();
    let mut separated = false;
    for sep in ["--", "—", "–", "-", "_", ":"] {
        if let Some(r) = rest.strip_prefix(sep) {
            rest = r.trim_start();
            separated = true;
            break;
        }
    }
    // Without a dash after the bracket, only a bare place may come before it: "The report
    // (AP) was wrong" is a sentence, "Washington (CNN) Brett…" a dateline.
    let bare_place = window[..open].split_whitespace().all(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        !crate::analyze::stopwords::is_stop_word(&w)
    });
    (!rest.is_empty() && (separated || bare_place)).then(|| s.len() - rest.len())
}

/// How far into a first paragraph flattened page furniture (headline, photo, caption) may reach
/// before the story starts, in words.
const MAX_CAPTION_WORDS: usize = 120;

/// The most words between two marks for the second to belong to the same run of furniture (a
/// caption is a sentence or two); more, and the text between them is the story.
const MAX_CAPTION_GAP: usize = 50;

/// The length in bytes of the headline, photo caption and credit that a flattened page runs
/// into the start of a paragraph (or a sentence), up to the mark that shows where the story
/// starts; 0 if there is none. The marks:
///
/// - an agency dateline with its dash, `dallas ( ap ) —`: the story starts after it, so no
///   later mark is looked at;
/// - a bracketed photo credit: `(AP Photo/Jane Doe)`, `(Photo: …)`, `(Getty Images)`, or an
///   agency after a caption the page cut short, `… was... ( associated press )`;
/// - an image viewer's labels, `enlarge this image`, `toggle caption`, `hide caption`, with
///   the photographer's credit that follows them (such pages print it twice).
///
/// The first mark must come within [`MAX_CAPTION_WORDS`] words, each further one within
/// [`MAX_CAPTION_GAP`] words of the one before (pages repeat a caption, or stack a photo's
/// credits). A text that opens on its dateline is left to [`dateline_len`]; a bracket that is
/// not a credit is prose.
pub(crate) fn caption_len(s: &str) -> usize {
    // A text that opens on its dateline has no furniture before the story.
    if agency_dateline_len(s).is_some() {
        return 0;
    }
    let limit = words_at(s)
        .nth(MAX_CAPTION_WORDS)
        .map_or(s.len(), |(at, _)| at);
    let window = &s[..limit];
    // Marks as (start, end, is a dateline), in text order. Every mark is ASCII, so byte
    // positions found case-insensitively are positions in `s`.
    let mut marks: Vec<(usize, usize, bool)> = Vec::new();
    for (open, _) in window.match_indices('(') {
        // The bracket that closes this one, past any it holds: `( photo: immigration and
        // customs enforcement ( ice ) via ap )` is one credit.
        let Some(close) = closing_bracket(window, open) else {
            continue;
        };
        let inside = window[open + 1..close].trim();
        let agency = is_agency(inside) || inside.eq_ignore_ascii_case("associated press");
        let after = s[close + 1..].trim_start();
        // Old AP copy also sets its dateline apart with `_`.
        let dash = after_dash(after).or_else(|| after_separator(after, "_"));
        if let (true, Some(rest)) = (agency, dash) {
            marks.push((open, s.len() - rest.len(), true));
        } else if is_photo_credit(inside)
            // A newspaper's name alone in brackets, opening the sentence, credits the photo or
            // video before it: `( the washington post ) word rapidly spread …`.
            || (window[..open].trim().is_empty() && is_newspaper_name(inside))
            || (agency
                && (window[..open].trim_end().ends_with("...")
                    // The agency that sends the photo, after its photographer's credit:
                    // `( jaap buitendijk/dreamworks via ap ) ( associated press ) …`.
                    || marks
                        .last()
                        .is_some_and(|m| window[m.1.min(open)..open].trim().is_empty())))
        {
            marks.push((open, s.len() - after.len(), false));
        } else if let Some(date) = embed_signature_date(inside, after) {
            marks.push((open, s.len() - after.len() + date, false));
        }
    }
    for m in label_finder().find_overlapping_iter(window) {
        let (at, after) = (m.start(), m.end());
        let anywhere = LABELS[m.pattern().as_usize()].1;
        // Whole words only, and a label that is also an ordinary word only at the start.
        let bounded = !window[..at].ends_with(char::is_alphanumeric)
            && !window[after..].starts_with(char::is_alphanumeric);
        if bounded && (anywhere || window[..at].trim().is_empty()) {
            let after = after + repeated_credit_len(&s[after..]);
            marks.push((at, after + duration_len(&s[after..]), false));
        }
    }
    if let Some((start, stamp_end)) = dated_timestamp(window) {
        marks.push((start, stamp_end, false));
    }
    if let Some(stamp_end) = publication_stamp_len(window).or_else(|| bare_date_len(window)) {
        marks.push((0, stamp_end, false));
    }
    if let Some(credit) = unbracketed_credit(window) {
        marks.push((credit.start, credit.end, false));
    }
    marks.sort_unstable();
    let mut end = 0;
    for (start, mark_end, dateline) in marks {
        if start < end {
            continue;
        }
        let gap = s[end..start].split_whitespace().count();
        if end > 0 && gap > MAX_CAPTION_GAP {
            break;
        }
        end = mark_end;
        if dateline {
            break;
        }
    }
    if end == 0 {
        return 0;
    }
    // A dash that separated the furniture from the story goes with the furniture.
    let rest = s[end..].trim_start();
    let rest = after_dash(rest).unwrap_or(rest);
    // Something must remain: a page that is all furniture is left to the other rules.
    if rest.split_whitespace().count() < 4 {
        return 0;
    }
    s.len() - rest.len()
}

/// The dashes that set furniture (a dateline, a credit) apart from the story.
const DASHES: &[&str] = &["--", "—", "–", "-"];

/// What follows a dash at the start of `s` and the white space after it, without that space;
/// `None` if `s` does not open on a free-standing dash.
fn after_dash(s: &str) -> Option<&str> {
    DASHES.iter().find_map(|d| after_separator(s, d))
}

/// Word `w` without the punctuation around it: `"Hello,"` is `Hello`.
fn unpunctuated(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The words of `s`, split at white space, each with its byte offset in `s`.
fn words_at(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// What follows `sep` at the start of `s` and the white space after it, without that space.
fn after_separator<'s>(s: &'s str, sep: &str) -> Option<&'s str> {
    s.strip_prefix(sep)
        .filter(|r| r.starts_with(char::is_whitespace))
        .map(str::trim_start)
}

/// The position of the `)` that closes the `(` at `open`, counting the brackets between.
fn closing_bracket(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, b) in s.bytes().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// One automaton for all [`LABELS`], any ASCII case: a sentence is scanned once, not once per
/// label.
fn label_finder() -> &'static aho_corasick::AhoCorasick {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| any_case(LABELS.iter().map(|l| l.0)))
}

/// A matcher for `patterns` in any ASCII case. Plain strings always build.
fn any_case<'p>(patterns: impl IntoIterator<Item = &'p str>) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(patterns)
        .expect("plain string patterns always build")
}

/// The first publication stamp in `window` — a year followed by a clock time, with its am/pm
/// and time zone: `… sunday, july 22, 2012 11: 11 edt`, `june 22, 1996 web posted at: 11: 55
/// p.m. edt` — as (start of the year, end of the stamp). A byline or headline before it is
/// page furniture. Prose gives a time before a date, not a clock right after a year.
fn dated_timestamp(window: &str) -> Option<(usize, usize)> {
    // Every clock has a colon; most sentences have none, and need no word list.
    if !window.contains(':') {
        return None;
    }
    let words: Vec<(usize, &str)> = words_at(window).collect();
    // "11:55", "11:", "10:05am"; the minutes may follow as their own word ("11: 55").
    let clock_len = |k: usize| -> Option<usize> {
        let w = words.get(k)?.1;
        let (h, m) = w.split_once(':')?;
        if h.is_empty() || h.len() > 2 || !h.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let m = m.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        match m.len() {
            2 if m.bytes().all(|b| b.is_ascii_digit()) => Some(1),
            0 => words
                .get(k + 1)
                .filter(|n| n.1.len() >= 2 && n.1.as_bytes()[..2].iter().all(u8::is_ascii_digit))
                .map(|_| 2),
            _ => None,
        }
    };
    for y in 0..words.len() {
        if !is_year(words[y].1.trim_end_matches(',')) {
            continue;
        }
        // The clock may come right after the year or after a short label ("web posted at:").
        let Some((k, len)) =
            (y + 1..(y + 5).min(words.len())).find_map(|k| clock_len(k).map(|n| (k, n)))
        else {
            continue;
        };
        let mut last = k + len - 1;
        for _ in 0..2 {
            let Some(&(_, next)) = words.get(last + 1) else {
                break;
            };
            let n = next.trim_end_matches([',', '.']).to_ascii_lowercase();
            if MERIDIEMS.contains(&n.as_str())
                || ["a", "p"].contains(&n.as_str())
                || TIME_ZONES.contains(&n.as_str())
            {
                last += 1;
            } else {
                break;
            }
        }
        let (at, w) = words[last];
        return Some((words[y].0, at + w.len()));
    }
    None
}

/// The length of a publication stamp that opens `window`: a label (`posted`, `published`,
/// `updated`, `last updated`, …) and the date or clock time it gives, `Posted june 25, 2014`,
/// `( published thursday, feb. 5, 2015 )`, `updated at 10: 55 p.m. Et`. The stamp must give a
/// year or a clock, and must not end on a comma: `Published on June 5, 2015, the report…` is
/// prose whose opening phrase happens to be a date.
fn publication_stamp_len(window: &str) -> Option<usize> {
    const LABELS: &[&str] = &["modified", "posted", "published", "updated"];
    let mut words = words_at(window)
        .skip_while(|(_, w)| w.chars().all(|c| "(/|-–—".contains(c)))
        .peekable();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase()
    };
    let (_, first) = words.next()?;
    let mut label = bare(first);
    if (label == "last" || label == "first") && words.peek().is_some() {
        label = bare(words.next()?.1);
    }
    if !LABELS.contains(&label.as_str()) || first.ends_with(',') {
        return None;
    }
    let (mut end, mut dated, mut last) = (0, false, "");
    for (at, w) in words {
        let b = bare(w);
        let digits = !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit());
        let year = is_year(&b);
        // "10:55", "10:", "10:55am", and the minutes after "10:" as their own word.
        let clock = w.contains(':') && w.starts_with(|c: char| c.is_ascii_digit())
            || (digits && b.len() == 2 && last.ends_with(':'));
        let part = year
            || clock
            || w == ")"
            || (digits && b.len() <= 2)
            || ["on", "at"].contains(&b.as_str())
            || WEEKDAYS.contains(&b.as_str())
            || is_month(&b)
            || MERIDIEMS.contains(&b.as_str())
            || TIME_ZONES.contains(&b.as_str());
        if !part {
            break;
        }
        dated |= year || clock;
        end = at + w.len();
        last = w;
        if w.ends_with(')') {
            break;
        }
    }
    (dated && !last.ends_with(',')).then_some(end)
}

/// The length of a date that opens `window` with no label and no comma after it, run into the
/// story's first words: `November 21, 2018 the camp fire – …`. A date that opens prose is
/// the subject of a verb (`November 21, 2018 marked …`) or a phrase closed by a comma; one
/// followed straight by an article starts a new sentence, and the date stamped the page.
fn bare_date_len(window: &str) -> Option<usize> {
    // Words are read in place, in any case: this runs on every sentence.
    let mut words = words_at(window);
    let (_, mut month) = words.next()?;
    if WEEKDAYS
        .iter()
        .any(|d| unpunctuated(month).eq_ignore_ascii_case(d))
    {
        month = words.next()?.1;
    }
    let day = unpunctuated(words.next()?.1);
    let (at, year) = words.next()?;
    let next = unpunctuated(words.next()?.1);
    let dated = is_month(unpunctuated(month))
        && (1..=2).contains(&day.len())
        && day.bytes().all(|b| b.is_ascii_digit())
        && is_year(unpunctuated(year));
    let article = ["the", "a", "an"]
        .iter()
        .any(|a| next.eq_ignore_ascii_case(a));
    (dated && !year.ends_with(',') && article).then_some(at + year.len())
}

/// A photo credit without brackets, `photo: reuters`, `photograph: alberto pizzoli/afp/getty
/// images`, `handout via reuters`, as its byte range in `window`: a credit label followed
/// within six words by a news or photo agency, up to the last agency word. A dateline right
/// after it (`… photo: reuters washington – it is possible…`) goes with it, up to its dash.
/// Without an agency the credit's end cannot be told, and nothing is marked.
fn unbracketed_credit(window: &str) -> Option<Range<usize>> {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let finder = FINDER.get_or_init(|| {
        any_case([
            "photo:",
            "photograph:",
            "photographer:",
            "photo by",
            "photo credit:",
            "image:",
            "picture:",
            "handout via",
        ])
    });
    // The earliest label that stands as whole words.
    let start = finder
        .find_overlapping_iter(window)
        .filter(|m| {
            !window[..m.start()].ends_with(char::is_alphanumeric)
                && !window[m.end()..].starts_with(char::is_alphanumeric)
        })
        .map(|m| (m.start(), m.end()))
        .min()?;
    let words: Vec<(usize, &str)> = window[start.1..]
        .split_whitespace()
        .take(10)
        .map(|w| (w.as_ptr() as usize - window.as_ptr() as usize, w))
        .collect();
    let agency = |w: &str| {
        w.to_ascii_lowercase()
            .split(['/', ',', '.', ';'])
            .any(|p| is_agency(p) || ["getty", "epa", "press", "images"].contains(&p))
    };
    let last = words.iter().take(6).rposition(|(_, w)| agency(w))?;
    let mut end = words[last].0 + words[last].1.len();
    // A dateline of a few words and its dash: the story starts after it.
    if let Some((at, dash)) = words[last + 1..]
        .iter()
        .take(4)
        .find(|(_, w)| DASHES.contains(w))
    {
        end = at + dash.len();
    }
    // The credit may close a bracket its label was in (`( picture: getty )`).
    let rest = &window[end..];
    if rest.trim_start().starts_with(')') {
        end = window.len() - rest.trim_start()[1..].len();
    }
    Some(start.0..end)
}

/// The label a page prints just before a photo's caption (the BBC's layout), which then runs
/// into the story without a stop.
const CAPTION_LABEL: &str = "image caption";

/// Whether `before` (an article's text up to a sentence) ends on [`CAPTION_LABEL`]: the
/// sentence then opens with the caption.
pub(crate) fn ends_on_caption_label(before: &str) -> bool {
    let before = before.trim_end();
    before
        .len()
        .checked_sub(CAPTION_LABEL.len())
        .and_then(|k| before.get(k..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(CAPTION_LABEL))
}

/// The labels of page widgets that flattened pages leave in their text (image viewers, video
/// players, share bars, ads, links to related stories), and whether the label marks furniture
/// wherever it stands (`true`) or, being also an ordinary word, only at the start of a
/// paragraph or sentence. Whatever comes before a label in the same run of furniture is that
/// widget's caption or headline.
const LABELS: &[(&str, bool)] = &[
    ("enlarge this image", true),
    ("toggle caption", true),
    ("hide caption", true),
    (CAPTION_LABEL, true),
    ("image copyright", true),
    ("continue reading the main story", true),
    ("continue reading below", true),
    ("read more", true),
    ("loading video...", true),
    ("play video", true),
    ("please enable javascript to watch this video", true),
    ("hide transcript", true),
    ("show transcript", true),
    ("share on facebook", true),
    ("share on twitter", true),
    ("share on google plus", true),
    ("log in to save", true),
    ("back to gallery", true),
    ("you might also like:", true),
    ("media playback is not supported on this device", true),
    ("advertisement", false),
    ("story continued below", false),
    ("article excerpt", false),
    ("listen to article", false),
    ("photo advertisement", false),
];

/// The length of the date that follows a social-media handle in brackets when they sign an
/// embedded post — `— Jane Doe ( @jdoe ) December 14, 2017` or `a photo posted by Jane Doe
/// ( @jdoe ) on Dec 20, 2015 at 10: 05am PST` — so the post before it is cut with its signature;
/// `None` when `inside` is not a lone handle or no date follows.
fn embed_signature_date(inside: &str, after: &str) -> Option<usize> {
    let handle = inside.strip_prefix('@')?;
    if handle.is_empty() || !handle.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let words: Vec<(usize, &str)> = words_at(after).take(8).collect();
    let skip = usize::from(
        words
            .first()
            .is_some_and(|w| w.1.eq_ignore_ascii_case("on")),
    );
    let [(_, month), (_, day), (at, year), ..] = words.get(skip..)? else {
        return None;
    };
    let month = month.trim_end_matches('.').to_ascii_lowercase();
    let day_ok = day
        .trim_end_matches(',')
        .parse::<u32>()
        .is_ok_and(|d| (1..=31).contains(&d));
    let year_digits = year.trim_end_matches(|c: char| !c.is_ascii_digit());
    if !(is_month(&month) && day_ok && year_digits.len() == 4 && year_digits.parse::<u32>().is_ok())
    {
        return None;
    }
    let mut end = at + year_digits.len();
    // "at 10: 05am pst"
    if let Some(&(_, w)) = words.get(skip + 3) {
        if w.eq_ignore_ascii_case("at") {
            let tail: Vec<&(usize, &str)> = words[skip + 4..].iter().take(3).collect();
            let mut k = 0;
            while k < tail.len()
                && tail[k].1.chars().any(|c| c.is_ascii_digit())
                && tail[k]
                    .1
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ':')
            {
                k += 1;
            }
            if k > 0 {
                let mut last = tail[k - 1];
                if let Some(zone) = tail.get(k) {
                    if zone.1.len() <= 4 && zone.1.chars().all(|c| c.is_ascii_alphabetic()) {
                        last = zone;
                    }
                }
                end = last.0 + last.1.len();
            }
        }
    }
    Some(end)
}

/// Weekdays in full and cut short, lowercase.
const WEEKDAYS: &[&str] = &[
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
];

/// Whether a word names a month, in any case, in full or cut to three letters or more ("feb",
/// "Sept").
fn is_month(word: &str) -> bool {
    word.len() >= 3 && MONTHS.iter().any(|m| starts_with_ci(m, word))
}

/// Whether `word` is a year of a page stamp: four digits, 19xx or 20xx.
fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

/// How a page's clock time says morning or afternoon (lowercase, without a final period).
const MERIDIEMS: &[&str] = &["am", "pm", "a.m", "p.m"];

/// The time zones a page's clock time may give.
const TIME_ZONES: &[&str] = &[
    "edt", "est", "et", "pdt", "pst", "pt", "cdt", "cst", "ct", "gmt", "utc", "bst",
];

/// Month names, for dates in page stamps and embed signatures.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a sentence is a photo caption, a web address, a copyright line, a link or an
/// instruction to the reader rather than news: it describes a photo ("In this file photo, …",
/// "This undated photo provided by …"), holds a URL or a copyright notice, opens on a link
/// label ("Related: …", "Photos: …": a flattened page glues the linked headline to the story's
/// next sentence, and where the headline ends cannot be told) or on a call to action
/// ("Subscribe to our channel", "Click here", "Follow the ticker on Twitter: …", "Visit … for
/// more on …"), or holds a list bullet after its start (a flattened list: "Key moments: •
/// drama over emails").
pub fn is_web_furniture(sentence: &str) -> bool {
    // A list bullet left in front of the line does not change what it is.
    let s =
        sentence.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '•' | '*'));
    // Nor does a bracket: `( scroll down for live updates ) three reactors …`.
    let opening = s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '['));
    let opens_with = |openings: &[&str]| openings.iter().any(|c| starts_with_ci(opening, c));
    // "Follow the ticker on Twitter: @handle", "Like Raw Story on Facebook", not "Like many
    // users on Facebook, she …" or "follow the money … on Twitter's first day".
    let follow_us = opens_with(&["follow ", "like "]) && {
        let head = s.get(..60).unwrap_or(s).to_ascii_lowercase();
        [" on twitter", " on facebook", " on instagram"]
            .iter()
            .any(|site| {
                head.find(site)
                    .is_some_and(|k| !head[k + site.len()..].starts_with([',', '\'', '\u{2019}']))
            })
    };
    // A sentence wholly in square brackets is the editor's, not the story's: `[ updated with
    // nyse developments. ]`, `[Editor's note: …]`.
    let editors_note = s.starts_with('[') && s.trim_end().ends_with(']');
    // Three labelled fields or more (`broadcast on: … duration: … categories: …`, `me: … him:
    // …`) make a listing or a transcript, not a sentence; prose rarely has two.
    let labels = || {
        s.as_bytes()
            .windows(3)
            .filter(|w| w[0].is_ascii_alphabetic() && w[1] == b':' && w[2] == b' ')
            .count()
    };
    // A video player's close button before its caption: `CLOSE The Southern Baptist …`.
    let video_caption = || {
        s.strip_prefix("CLOSE ").is_some_and(|rest| {
            rest.starts_with(char::is_uppercase) && rest.chars().any(char::is_lowercase)
        })
    };
    // `Visit the National Cancer Institute for more on colon cancer.`, `Read on for more.`:
    // the page sends the reader elsewhere.
    let sends_elsewhere = || {
        opens_with(&["visit ", "see ", "read ", "go to ", "head to "]) && {
            let lower = s.to_ascii_lowercase();
            lower.match_indices(" for more").any(|(k, m)| {
                let after = &lower[k + m.len()..];
                after.starts_with(['.', ',', '!', ':'])
                    || [
                        " on ",
                        " about ",
                        " information",
                        " details",
                        " coverage",
                        " news",
                    ]
                    .iter()
                    .any(|w| after.starts_with(w))
            })
        }
    };
    web_finder().is_match(s)
        || editors_note
        || sends_elsewhere()
        || hands_off(s)
        || opens_on_a_gallery_counter(opening)
        || video_caption()
        || has_credit_slash(s)
        || opens_on_name_credit(s)
        || points_at_the_page(s)
        || labels() >= 3
        || opens_with(CAPTION_OPENINGS)
        || opens_with(CALLS_TO_ACTION)
        || opens_with(LINK_LABELS)
        || follow_us
        // Bullets and the bars of navigation menus (`| | news | | page 1 of 1`) are never prose.
        || s.contains(['•', '|'])
}

/// Whether `s` trails off into an ellipsis straight after a word (`… proxy for a...`): as the
/// last sentence of an article, the text was cut there (a teaser, or a truncated source).
/// After a stop or inside a quotation (`"… they are ..."`) an ellipsis is the writer's own.
pub(crate) fn trails_off(s: &str) -> bool {
    let s = s.trim_end();
    (s.ends_with("...") || s.ends_with('…'))
        && s.trim_end_matches(['.', '…'])
            .ends_with(|c: char| c.is_alphanumeric() || c == ',')
}

/// Labels a page puts before a link to another story, a gallery or a video.
const LINK_LABELS: &[&str] = &[
    "related:",
    "related stories:",
    "related headlines",
    "related read",
    "related video",
    "trending stories",
    "read:",
    "more:",
    "see also:",
    "also read:",
    "read more:",
    "read also:",
    "recommended:",
    "photos:",
    "photo gallery:",
    "gallery:",
    "slideshow:",
    "video:",
    "videos:",
    "watch:",
    "text size -",
    "buy photo",
];

/// What marks a sentence as a photo caption, a web address or a copyright line, wherever it
/// stands.
const WEB_MARKS: &[&str] = &[
    "in this photo",
    "in this file photo",
    "this undated photo",
    "this handout photo",
    "this file photo",
    // `… this sept. 30, 2003, file photo, shows …`, the date between.
    "file photo,",
    // A box of bullet points flattened into the text.
    "story highlights",
    "photo provided by",
    "getty images",
    "view full caption",
    "in this image",
    "image made from video",
    // Where a person stands in the picture, which only a caption says: `Joey wilson, left,
    // rings up …`, `Denice juneski ( left ) and …`, `front row from left, danai gurira, …`.
    ", left,",
    ", right,",
    ", center,",
    ", centre,",
    "(left)",
    "(right)",
    "( left )",
    "( right )",
    "( center )",
    "from left,",
    "from right,",
    "http://",
    "https://",
    "www.",
    "pic.twitter.com",
    "bit.ly/",
    "\u{a9}",
    "all rights reserved",
    // Reporters' credit lines.
    "contributed to this report",
    // Blogs' link to the rest of a post.
    "after the jump",
    "; editing by",
    // The header of a wire service's running file of updates.
    "(all times local)",
    "( all times local )",
    // Newsletter boxes, share buttons, video players and the text of embedded posts.
    "thanks for signing up",
    "confirm your subscription",
    "delivered to your inbox",
    "breaking news alerts",
    "email this",
    "share copy link",
    "skip ad",
    "replay more videos",
    "embed more news videos",
    // An invitation to the outlet's live chat or blog during an event.
    "for a live chat",
    "full screen autoplay",
    "when you see a tweet you love",
    "any tweet with a reply",
    "add a location to your tweets",
    "location information to your tweets",
    "your tweet location history",
    // What a page fetched from the web archive says about the archive instead of the story:
    // Multi-News holds dozens of such failed scrapes, and any archived page can be one.
    "crawl data to the internet archive",
    "added to the wayback machine",
    "archive pages as they are created",
    "references to these archived pages",
    "the version that was live when the page was written",
    "broken links on the web",
    "\"no more 404\"",
    "get push notifications",
    "delivered weekday",
    // A share bar: `Facebook Twitter Pinterest`; prose puts commas between names.
    "facebook twitter",
    "video provided by",
    // Status notes on a story being written, and the rules of its comment section.
    "breaking news update",
    "check back soon",
    "check back later",
    "our commenting",
    "this article contains",
];

/// Openings of photo captions that agencies mark as file pictures, and of a stock chart's caption.
const CAPTION_OPENINGS: &[&str] = &[
    "file -",
    "file-",
    "file photo",
    "stock chart for",
    // A photo's or video's source, glued to the next sentence: `Provided by fbi … task force
    // authorities are looking for this man, …`.
    "provided by ",
    // A source note: `Source: Abdelsattar Z, Wong S, et al.`, `SOURCE: the company`.
    "source:",
    "sources:",
];

/// Openings of instructions to the reader.
const CALLS_TO_ACTION: &[&str] = &[
    "subscribe to",
    "follow us",
    "sign up for",
    "click here",
    "click through",
    "scroll down",
    "create an account",
    "scroll up",
    "check local",
    "like us on",
    "tweets not working",
    "to apply",
    "download the",
    "listen to the story",
];

/// One automaton for all [`WEB_MARKS`], any ASCII case.
fn web_finder() -> &'static aho_corasick::AhoCorasick {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| any_case(WEB_MARKS.iter().copied()))
}

/// Whether the text inside a bracket is a photo credit: `AP Photo/Jane Doe`, `Photo: Reuters`,
/// `File photo`, `Getty Images`, `jim cole/ap`, and the photographer and outlet of a few
/// words set apart by a spaced slash, `bill o'leary / the washington post`, `/ lionsgate`.
fn is_photo_credit(inside: &str) -> bool {
    let inside = inside.trim();
    if has_credit_slash(inside) && inside.split_whitespace().count() <= 10 {
        return true;
    }
    let compact: String = inside
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    [
        "apphoto",
        "photo:",
        "photographer:",
        "photoby",
        "photocredit",
        "filephoto",
        "image:",
        "credit:",
    ]
    .iter()
    .any(|p| compact.starts_with(p))
        || ["gettyimages", "/ap", "viaap", "/reuters", "/afp"]
            .iter()
            .any(|p| compact.ends_with(p))
}

/// Whether `s` is a newspaper's or agency's name as credits print it: `the`, one to three
/// words of letters, and last a word that names a paper (`the washington post`, `The Canadian
/// Press`, `the new york times`). A word must come between `the` and the paper's word, so
/// `the post` is no name, and the paper's word must be last, so `the post office` is none
/// either.
fn is_newspaper_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [the, name @ .., paper] => {
            the.eq_ignore_ascii_case("the")
                && (1..=3).contains(&name.len())
                && words[1..]
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.'))
                && contains_ci(NEWSPAPER_WORDS, paper)
        }
        _ => false,
    }
}

/// The last word of a newspaper's or agency's name (`is_newspaper_name`); sorted and lowercase, for
/// `contains_ci`.
const NEWSPAPER_WORDS: &[&str] = &[
    "chronicle",
    "courier",
    "dispatch",
    "examiner",
    "gazette",
    "globe",
    "guardian",
    "herald",
    "independent",
    "inquirer",
    "journal",
    "observer",
    "post",
    "press",
    "sentinel",
    "telegraph",
    "times",
    "tribune",
];

/// Whether `s` holds a slash set apart by a space next to a word, as a photo credit's does
/// (`jim cole / ap`, `university of chicago / facebook`, `/ updated by …`); prose writes
/// `and/or`, `24/7`, `9 / 11`.
fn has_credit_slash(s: &str) -> bool {
    s.char_indices().any(|(k, c)| {
        c == '/' && {
            let before = s[..k].chars().next_back();
            let after = s[k + 1..].chars().next();
            let spaced = |c: Option<char>| c.is_none_or(char::is_whitespace);
            (spaced(before) || spaced(after))
                && (s[..k].trim_end().ends_with(char::is_alphabetic)
                    || s[k + 1..].trim_start().starts_with(char::is_alphabetic))
        }
    })
}

/// Whether `s` opens on a photo gallery's counter, `11 of 23 Photos: The rise and fall of …`,
/// `image 2 of 30 buy photo …`: the caption of a slide, not the story. `18 of 22 counts of
/// fraud` counts something else.
fn opens_on_a_gallery_counter(s: &str) -> bool {
    const MEDIA: &[&str] = &[
        "image", "images", "photo", "photos", "picture", "pictures", "slide", "slides",
    ];
    let mut words = s.split_whitespace().map(unpunctuated).peekable();
    let media = |w: &str| MEDIA.iter().any(|m| w.eq_ignore_ascii_case(m));
    let number =
        |w: Option<&str>| w.is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()));
    let labelled = words.next_if(|w| media(w)).is_some();
    number(words.next())
        && words.next() == Some("of")
        && number(words.next())
        && (labelled || words.next().is_some_and(media))
}

/// Whether `s` is a broadcast's hand-off to its reporter, the script of a video the page
/// carried: `Mark segraves reports.`, `Dan Noyes has an exclusive report.`, `Kala rama is live
/// at the casselberry police department for us.` (a live shot hands back to the studio). The
/// reporter is named in at most three words before the verb, and the sentence says nothing
/// else: `The mail on sunday reports that …` and `The minister has the final report on her
/// desk.` are news.
fn hands_off(s: &str) -> bool {
    // At most twelve words, trimmed of their punctuation.
    let mut words = [""; 12];
    let mut n = 0;
    for w in s.split_whitespace() {
        if n == words.len() {
            return false;
        }
        words[n] = unpunctuated(w);
        n += 1;
    }
    let words = &words[..n];
    let is = |w: &str, one_of: &[&str]| one_of.iter().any(|o| w.eq_ignore_ascii_case(o));
    let ends_on = |rest: &[&str], end: &[&str]| {
        rest.len() >= end.len()
            && rest[rest.len() - end.len()..]
                .iter()
                .zip(end)
                .all(|(w, e)| w.eq_ignore_ascii_case(e))
    };
    // The verb is the second, third or fourth word.
    (1..words.len().min(4)).any(|k| {
        let rest = &words[k + 1..];
        if words[k].eq_ignore_ascii_case("reports") {
            // The whole sentence is `<reporter> reports.`
            return rest.is_empty() && s.trim_end().ends_with('.');
        }
        if words[k].eq_ignore_ascii_case("has") {
            return matches!(rest, [article, .., what]
                if rest.len() <= 3
                    && is(article, &["a", "an", "the"])
                    && is(what, &["details", "report", "story"]))
                && s.trim_end().ends_with('.');
        }
        // A live shot hands back to the studio: `… for us.`, `… with the latest.`
        words[k].eq_ignore_ascii_case("is")
            && matches!(rest, [live, at, .., _] if live.eq_ignore_ascii_case("live")
                && is(at, &["at", "from", "in", "outside"]))
            && (ends_on(rest, &["us"])
                || ends_on(rest, &["with", "the", "latest"])
                || ends_on(rest, &["with", "more"]))
    })
}

/// Whether `s` points at a picture, video or post on the page (`This youtube video below, in
/// particular, is jarring.`, `the two images below are taken from the complaint`): a summary
/// has none to show.
fn points_at_the_page(s: &str) -> bool {
    const MEDIA: &[&str] = &[
        "video", "videos", "image", "images", "photo", "photos", "picture", "pictures", "clip",
        "tweet", "tweets", "gallery", "footage", "chart", "graphic", "map",
    ];
    // What follows a page reference: the end of a phrase, or its verb (`the images below are
    // …`); `the photo above the fireplace` is a place.
    const AFTER: &[&str] = &[
        "is", "are", "was", "were", "shows", "show", "appear", "appears", "both", "for",
    ];
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    // Words are read in place, each with the one before and the one after it: this runs on
    // every sentence.
    let mut words = s.split_whitespace().peekable();
    let mut before = None;
    while let Some(w) = words.next() {
        let place = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        let points = before.is_some_and(|b| {
            (place.eq_ignore_ascii_case("below") || place.eq_ignore_ascii_case("above"))
                && MEDIA.contains(&bare(b).as_str())
                && (place.len() < w.len()
                    || words.peek().is_none_or(|next| {
                        AFTER.contains(&bare(next).as_str())
                            || !next.starts_with(char::is_alphanumeric)
                    }))
        });
        if points {
            return true;
        }
        before = Some(w);
    }
    false
}

/// Words that open a phrase after `by` in prose (`By sunday night the …`, `By far the …`), so
/// that `by` is not a byline's there; sorted, for `analyze::segment::contains_ci`.
const NOT_BYLINE_WORDS: &[&str] = &[
    "accident",
    "air",
    "all",
    "car",
    "chance",
    "comparison",
    "contrast",
    "dawn",
    "day",
    "default",
    "definition",
    "design",
    "dusk",
    "early",
    "email",
    "end",
    "far",
    "foot",
    "force",
    "hand",
    "late",
    "law",
    "mail",
    "midnight",
    "mistake",
    "morning",
    "most",
    "nature",
    "night",
    "noon",
    "now",
    "one",
    "phone",
    "popular",
    "sea",
    "some",
    "then",
    "today",
    "tomorrow",
    "tonight",
    "train",
    "two",
    "way",
    "year",
    "yesterday",
];

/// The length of a byline run into the story's first sentence on a flattened page, with the
/// white space after it; 0 if there is none. A byline is `by` and the writers' names, each of
/// two words: `By tom winter the longtime chief financial officer …`, `by pete williams, hannah
/// rappleye and robert windrem san bernardino terror couple …`. The last name ends it: after
/// one writer, where a stop word starts the story; after a list, at its `and` name. In `cased`
/// text the names are capitalized. Prose that opens on `by` sets its phrase off by a comma or
/// says when or how (`By monday evening, …`, `By sending up beams …`, `By far the …`).
pub(crate) fn byline_len(s: &str, cased: bool) -> usize {
    let Some(rest) = s.strip_prefix("By ").or_else(|| s.strip_prefix("by ")) else {
        return 0;
    };
    let words: Vec<&str> = rest.split_whitespace().take(24).collect();
    let name_word = |w: &str| {
        let lower = w.to_lowercase();
        w.chars().all(char::is_alphabetic)
            && (!cased || w.starts_with(char::is_uppercase))
            && !crate::analyze::stopwords::is_stop_word(&lower)
            && !contains_ci(NOT_BYLINE_WORDS, &lower)
            && !WEEKDAYS.contains(&lower.as_str())
            && !is_month(&lower)
            && !lower.ends_with("ing")
            && !lower.ends_with("ly")
    };
    // Writers' names, two words each, set apart by commas and a last `and`.
    let (mut k, mut names, mut after_and) = (0, 0, false);
    loop {
        let (Some(first), Some(last)) = (words.get(k), words.get(k + 1)) else {
            return 0;
        };
        let comma = last.ends_with(',');
        if !name_word(first) || !name_word(last.trim_end_matches(',')) {
            return 0;
        }
        names += 1;
        k += 2;
        if words.get(k) == Some(&"and") {
            (k, after_and) = (k + 1, true);
        } else if !comma {
            break;
        } else {
            after_and = false;
        }
    }
    // One writer: the story starts on a stop word (`the longtime …`). Several: the list ends
    // on its `and` name, and the story follows whatever it is.
    let story_starts = words.get(k).is_some_and(|w| {
        if names == 1 {
            crate::analyze::stopwords::is_stop_word(&w.to_lowercase())
        } else {
            after_and
        }
    });
    if story_starts {
        words[k].as_ptr() as usize - s.as_ptr() as usize
    } else {
        0
    }
}

/// The length of a list item's number at the start of `s` (`1. `, `12) `), or of a bullet or
/// separator's dashes (`-- tami just bailed out`, `--- attorney general …`, `___ security`,
/// `• the`), with the white space after it, when a word follows; 0 otherwise. `3.5 million`,
/// `2012. The` (a year ending the sentence before is not at the start), `1,400 people` and
/// `-5 degrees` are not list markers. No sentence of a story opens on a dash: where one
/// does, the page ran an update mark or a section rule into the text.
pub(crate) fn list_number_len(s: &str) -> usize {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let marker = if (1..=2).contains(&digits) {
        s[digits..]
            .strip_prefix(['.', ')'])
            .filter(|r| r.starts_with(char::is_whitespace))
    } else {
        let rest = s.trim_start_matches(['-', '–', '—', '_', '•', '*']);
        let bullets = s[..s.len() - rest.len()].chars().count();
        Some(rest).filter(|r| (1..=4).contains(&bullets) && r.starts_with(char::is_whitespace))
    };
    let Some(rest) = marker else {
        return 0;
    };
    let rest = rest.trim_start();
    if rest.starts_with(char::is_alphabetic) || rest.starts_with(['"', '“', '\'', '‘']) {
        s.len() - rest.len()
    } else {
        0
    }
}

/// Whether `s` opens on a photographer's credit written without spaces, `Javier
/// manzano/for the washington post after a tough season …`, `Therese apel/the clarion-ledger
/// …`: one or two words of a name, then a word joined by a slash to the outlet. None of the
/// name's words is a stop word (`and/or`, `the ac/dc tour`), and an agency dateline (`New
/// york/paris ( reuters ) - …`) is a dateline, not a credit.
fn opens_on_name_credit(s: &str) -> bool {
    let is_name_word = |w: &str| {
        w.len() >= 2
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.'))
            && !crate::analyze::stopwords::is_stop_word(&w.to_lowercase())
    };
    let credit = |w: &str| {
        w.split_once('/').is_some_and(|(name, outlet)| {
            is_name_word(name) && outlet.starts_with(char::is_alphabetic)
        })
    };
    // The slash is looked for before any word is lowercased: this runs on every sentence.
    let mut words = s.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let shape = if second.contains('/') {
        is_name_word(first) && credit(second)
    } else {
        words.next().is_some_and(|third| {
            third.contains('/') && is_name_word(first) && is_name_word(second) && credit(third)
        })
    };
    shape && agency_dateline_len(s).is_none()
}

/// The length of a credit printed twice in a row at the start of `s` (`jim cole/ap jim
/// cole/ap`), with the space before it; 0 if the words that follow are not such a pair.
fn repeated_credit_len(s: &str) -> usize {
    let words: Vec<(usize, &str)> = words_at(s).take(12).collect();
    for k in (1..=6).rev() {
        if words.len() >= 2 * k
            && words[..k]
                .iter()
                .zip(&words[k..2 * k])
                .all(|(a, b)| a.1.eq_ignore_ascii_case(b.1))
        {
            let (at, w) = words[2 * k - 1];
            return at + w.len();
        }
    }
    0
}

/// The length of a media player's running time right after a label (` 5: 30`, ` 2:32`), with
/// the space before it; 0 if none follows.
fn duration_len(s: &str) -> usize {
    let rest = s.trim_start();
    let Some((minutes, tail)) = rest.split_once(':') else {
        return 0;
    };
    let seconds = tail.trim_start();
    let digits = seconds.bytes().take_while(u8::is_ascii_digit).count();
    let minutes_ok =
        (1..=3).contains(&minutes.len()) && minutes.bytes().all(|b| b.is_ascii_digit());
    if !minutes_ok || digits != 2 || seconds[digits..].starts_with(|c: char| !c.is_whitespace()) {
        return 0;
    }
    s.len() - seconds.len() + digits
}

/// Whether `name` is one of the [`AGENCIES`], in any case.
fn is_agency(name: &str) -> bool {
    AGENCIES.iter().any(|a| name.eq_ignore_ascii_case(a))
}

/// News agencies and outlets that sign datelines in brackets.
const AGENCIES: &[&str] = &[
    "ap",
    "afp",
    "ani",
    "apa",
    "bloomberg",
    "cnn",
    "dpa",
    "efe",
    "ians",
    "pti",
    "reuters",
    "upi",
    "xinhua",
    "ansa",
    "kyodo",
    "yonhap",
    "tass",
    "itar-tass",
    "bbc",
    "cnbc",
    "ktla",
    "wpvi",
];

/// `LONDON`, `NEW YORK, Oct. 5 (Reuters)`, `(CNN)`, `CNN`: capitals, an optional date and an
/// optional agency in brackets.
fn is_dateline_prefix(prefix: &str) -> bool {
    // A date before an outlet's tag, as syndicated health and science copy opens: `Monday,
    // jan. 25, 2016 ( healthday news ) -- colon cancer rates are rising …`.
    if let Some((date, tag)) = prefix.strip_suffix(')').and_then(|p| p.rsplit_once('(')) {
        let words = date_words(date);
        let dated = words.iter().any(|w| is_month(w)) && words.iter().any(|w| is_year(w));
        let date_only = words.iter().all(|w| {
            is_month(w)
                || WEEKDAYS.contains(&w.as_str())
                || (w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
        });
        if dated && date_only && (1..=4).contains(&tag.split_whitespace().count()) {
            return true;
        }
    }
    if prefix.is_empty() || prefix.split_whitespace().count() > 7 {
        return false;
    }
    // A date in brackets, as press releases open: `( july 18, 2013 ) -- the center is …`.
    if let Some(inside) = prefix.strip_prefix('(').and_then(|p| p.strip_suffix(')')) {
        let words = date_words(inside);
        if words.len() >= 2
            && words.first().is_some_and(|w| is_month(w))
            && words.last().is_some_and(|w| is_year(w))
        {
            return true;
        }
    }
    let mut saw_caps = false;
    for word in prefix.split_whitespace() {
        let core = word.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '.'));
        if core.is_empty() {
            continue;
        }
        let bracketed = word.starts_with('(') || word.ends_with(')');
        let letters: Vec<char> = core.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
        let numeric = core.chars().all(|c| c.is_ascii_digit());
        let month = core.starts_with(char::is_uppercase) && core.len() <= 9 && saw_caps;
        if all_caps {
            saw_caps = true;
        } else if !(bracketed || numeric || month) {
            return false;
        }
    }
    saw_caps || prefix.starts_with('(')
}

/// The words of a date as `is_month`, `is_year` and `WEEKDAYS` read them: lowercase, without
/// the commas and periods of `jan. 25, 2016`.
fn date_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| w.trim_matches([',', '.']).to_lowercase())
        .collect()
}

/// A dateline in any case, as web pages and lowercased text print them: a place of one to
/// three words, perhaps a region after a comma and an outlet in brackets (`Washington`,
/// `Huntington beach ( cbsla )`, `Duluth, minn.`, `Jamestown, tuolumne county ( kpix 5 )`),
/// before the dash `dash`. A name and a dash can also open an aside (`Putin -- a determined
/// ally of Assad -- has …`), so the same dash must not come back within a dozen words.
fn is_place_dateline(prefix: &str, rest: &str, dash: &str) -> bool {
    let place = match prefix.strip_suffix(')').and_then(|p| p.rsplit_once('(')) {
        Some((place, outlet)) if outlet.split_whitespace().count() <= 4 => place.trim_end(),
        Some(_) => return false,
        None => prefix,
    };
    let parts: Vec<&str> = place.split(',').collect();
    parts.len() <= 2
        && parts.iter().all(|p| is_place(p))
        && !rest.split_whitespace().take(12).any(|w| w == dash)
}

/// A writer's name, the newspaper or agency, and perhaps the place, as a flattened page runs
/// them before the story's dash: `Sheryl ubelacker, the canadian press toronto`.
fn is_signed_dateline(prefix: &str) -> bool {
    let Some((name, signed)) = prefix.split_once(',') else {
        return false;
    };
    let name_words = name.split_whitespace().count();
    let words: Vec<&str> = signed.split_whitespace().collect();
    // The newspaper's name, then at most two words of place.
    (1..=3).contains(&name_words)
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || c == '.')
        && (0..=2).any(|place| {
            words.len() > place
                && is_newspaper_name(&words[..words.len() - place].join(" "))
                && (place == 0 || is_place(&words[words.len() - place..].join(" ")))
        })
}

/// One to three capitalised words: a place name before a colon.
fn is_place_name(prefix: &str) -> bool {
    is_place(prefix)
        && prefix
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase))
}

/// One to three words that can name a place, in any case: letters, dots and apostrophes, and
/// no stop word (`Palo alto`, `Ft. Bragg`, `minn.`, but not `The vote`).
fn is_place(part: &str) -> bool {
    let n = part.split_whitespace().count();
    (1..=3).contains(&n)
        && part.split_whitespace().all(|w| {
            w.len() <= 15
                && w.starts_with(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\''))
                && !crate::analyze::stopwords::is_stop_word(&w.trim_end_matches('.').to_lowercase())
        })
}

/// A paragraph's identity for repeat detection: a hash of its words, lowercased, without
/// punctuation. 64 bits make an accidental collision between two paragraphs of one article
/// practically impossible.
fn normalize(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    let mut in_word = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            h.write_u8(c.to_ascii_lowercase() as u8);
            in_word = true;
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                h.write_u32(l as u32);
            }
            in_word = true;
        } else if in_word {
            h.write_u8(0);
            in_word = false;
        }
    }
    h.finish()
}

/// Whether a sentence shows a caption or link spliced into the middle of a word, as in
/// "days aftObama and Putin on the sidelines of G8 er the White House": a word that starts in
/// lowercase and turns to a capitalised word after two or more lowercase letters. Brand names
/// like "iPhone" or "eBay" have a single lowercase letter first and pass.
pub fn looks_spliced(sentence: &str) -> bool {
    sentence.split(|c: char| !c.is_alphabetic()).any(|word| {
        let lower_run = word.chars().take_while(|c| c.is_lowercase()).count();
        if lower_run < 2 {
            return false;
        }
        // After the lowercase run: one capital, then at least two lowercase letters to the end.
        let mut rest = word.chars().skip(lower_run);
        rest.next().is_some_and(char::is_uppercase) && {
            let tail: usize = rest.clone().count();
            tail >= 2 && rest.all(char::is_lowercase)
        }
    })
}

/// Whether a sentence opens on a short phrase in single quotes whose closing quote is glued to
/// the next word, as in "' pointless slaughter'they were working as nurses …": a page's
/// quoted subheading that lost its line break, run into the paragraph after it. The letters
/// after the quote must not be a contraction's (`'s`, `'t`, `'re`, …), so `'It's over,' he
/// said` is prose.
pub fn opens_on_glued_heading(sentence: &str) -> bool {
    let Some(rest) = sentence.trim_start().strip_prefix(['\'', '\u{2018}']) else {
        return false;
    };
    let mut words = 0;
    let mut prev: Option<char> = None;
    // Letters of the word before the quote since a space or another quote: one letter is the
    // `n` of `rock'n'roll`, not the end of a heading.
    let mut run = 0;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() && prev.is_some_and(|p| !p.is_whitespace()) {
            words += 1;
            if words > 5 {
                return false;
            }
        }
        if matches!(c, '\'' | '\u{2019}') && run >= 2 {
            let tail = &rest[i + c.len_utf8()..];
            let next = &tail[..tail
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(tail.len())];
            // `'n'` and `'em` are contractions of speech too.
            let contraction = is_contraction_ending(next)
                || next.eq_ignore_ascii_case("n")
                || next.eq_ignore_ascii_case("em");
            if !next.is_empty() && !contraction {
                return true;
            }
        }
        run = if c.is_alphabetic() { run + 1 } else { 0 };
        prev = Some(c);
    }
    false
}

/// Whether a sentence has a question mark between two letters, as in "the boy?s parents say it
/// was?intense?" or "does it go too far?however": a character the page's encoding lost, or a
/// paragraph break lost after a question. Either way the sentence is not the text its writer
/// published.
pub fn has_glued_question_mark(sentence: &str) -> bool {
    let mut before: Option<char> = None;
    let mut chars = sentence.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?'
            && before.is_some_and(char::is_alphabetic)
            && chars.peek().is_some_and(|n| n.is_alphabetic())
        {
            return true;
        }
        before = Some(c);
    }
    false
}

/// Whether a sentence is set in capitals throughout (`IT SEEMS THEY GOT TO THE BABY JUST IN
/// TIME.`): a broadcaster's caption transcript, a banner or a headline, not prose a summary can
/// quote; its case is lost, so names and words look alike. A short one (`NEW YORK (AP)`, an
/// acronym or two) is not a sentence of this kind.
pub fn is_all_capitals(sentence: &str) -> bool {
    // A lowercase letter, or one of a script without case, ends it.
    let mut letters = 0usize;
    for c in sentence.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 15 && sentence.split_whitespace().count() >= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_in_capitals_throughout_are_not_prose() {
        assert!(is_all_capitals(
            "IT SEEMS THEY GOT TO THE BABY JUST IN TIME."
        ));
        assert!(is_all_capitals(
            "NEW AT 5:00, A SEMINOLE COUNTY MOM IS ACCUSED OF TAKING HER NEWBORN."
        ));
        for prose in [
            "NATO and the EU met in Brussels on Friday.",
            "NEW YORK (AP) -- ",
            "U.S. OKS DEAL.",
            "Kala Rama is live at the police department.",
            "Москва ПРИНЯЛА решение о новых мерах.",
        ] {
            assert!(!is_all_capitals(prose), "{prose}");
        }
    }

    #[test]
    fn a_quoted_heading_glued_to_its_paragraph_is_damaged_text() {
        for damaged in [
            "' pointless slaughter'they were working as nurses at the home.",
            "' identity thief'review: a case of fraud.",
            "\u{2018}Never again\u{2019}the mayor said the city would rebuild.",
        ] {
            assert!(opens_on_glued_heading(damaged), "{damaged}");
        }
        for fine in [
            "'It's something unforgettable to me,' she said.",
            "' we're not ruling it out, ' she said.",
            "'Rock'n'roll is here to stay,' he sang.",
            "The word 'slaughter'was misspelled.",
            "'One two three four five six seven'eight is too long for a heading.",
        ] {
            assert!(!opens_on_glued_heading(fine), "{fine}");
        }
    }

    #[test]
    fn question_marks_glued_between_letters_mark_damaged_text() {
        for damaged in [
            "The boy?s parents say it was?intense? to learn it.",
            "Does this bill go too far?however, many say no.",
        ] {
            assert!(has_glued_question_mark(damaged), "{damaged}");
        }
        for fine in [
            "Is it over? Not yet, he said.",
            "\"Why?\" she asked.",
            "Who won in 2012?2016 was closer.",
        ] {
            assert!(!has_glued_question_mark(fine), "{fine}");
        }
    }

    fn article(text: &str) -> Article {
        let first = text.find('\n').map_or(text.len(), |i| i + 1);
        Article {
            id: "a".into(),
            title: Some(text[..first].trim().to_owned()),
            text: text.to_owned(),
            body_start: first,
            ..Article::default()
        }
    }

    fn kept(text: &str) -> Vec<String> {
        let a = article(text);
        Cleaner::default()
            .clean(&a)
            .paragraphs
            .iter()
            .map(|r| a.text[r.clone()].to_owned())
            .collect()
    }

    #[test]
    fn drops_highlight_box_and_keeps_prose() {
        let text = "Talks end without deal\n\nStory highlights\n\nNEW: At least 64 are killed on Friday, a group reports\n\nCNN  — \n\nThe two leaders met on Friday for half an hour and agreed to disagree.\n";
        assert_eq!(
            kept(text),
            ["The two leaders met on Friday for half an hour and agreed to disagree."]
        );
    }

    #[test]
    fn drops_bullets_navigation_and_related_links() {
        let text = "Title here\n- Back to Home »\n- Leaders make little headway\n(CNN) -- The secretary of state on Saturday sought support for the plan.\nRebels treat wounded in secret\nWould Bush be stronger on Syria?\nFrance is the only nation so far to commit to the action alongside the United States.\n";
        assert_eq!(
            kept(text),
            [
                "The secretary of state on Saturday sought support for the plan.",
                "France is the only nation so far to commit to the action alongside the United States."
            ]
        );
    }

    #[test]
    fn timestamp_title_gives_way_to_headline_and_repeats_go() {
        let text = "25-11-2024 08:52 AM Jerusalem Timing\n\nLeaders Still at Odds\n\nLeaders Still at Odds\n\nThe leaders said the two men agreed that violence might be stopped.\n\nThe leaders said the two men agreed that violence might be stopped.\n";
        let a = article(text);
        let c = Cleaner::default().clean(&a);
        assert_eq!(c.title.as_deref(), Some("Leaders Still at Odds"));
        assert_eq!(c.paragraphs.len(), 1);
        let reasons: Vec<Furniture> = c.removed.iter().map(|r| r.reason).collect();
        assert!(
            reasons.contains(&Furniture::RepeatedParagraph),
            "{reasons:?}"
        );
    }

    #[test]
    fn fragments_without_a_verb_are_not_summary_sentences() {
        for fragment in [
            "Agustín Ross Balcony after the earthquake and tsunami.",
            "Born in neuilly-sur-seine, france on april 25, 1949.",
            "Starring melissa mccarthy and jason bateman.",
            "A royal pain in the neck.",
            "Chief executive of the memorial project foundation.",
        ] {
            assert!(!has_verb(fragment), "{fragment}");
            assert!(!ends_like_sentence(fragment), "{fragment}");
        }
        for clause in [
            "The vote passed.",
            "Nearly 37,000 people have died in the conflict.",
            "Republicans hold 55 seats in the Senate.",
            "Police say the man fled on foot.",
            "People shop for black clothing to mourn the king.",
            "At 10 a.m. the satellite dish blew away.",
            "It's the golden state's latest version of the great secession.",
            "We're not ruling out an accident.",
            "He isn\u{2019}t leaving.",
            "Throughout the Philippines, at least 129 died.",
            "Huang worked as an engineer at Apple.",
            "I never saw her tv show.",
            "Then came the flood.",
            "So why spend the time and the money?",
            "\"why now?\"",
        ] {
            assert!(has_verb(clause), "{clause}");
        }
        assert!(
            VERB_WORDS.windows(2).all(|w| w[0] < w[1])
                && VERB_WORDS.iter().all(|w| *w == w.to_lowercase()),
            "VERB_WORDS must stay sorted and lowercase for contains_ci"
        );
    }

    #[test]
    fn a_sentence_opening_on_a_label_is_not_a_summary_sentence() {
        for labelled in [
            "Army suicide testimony: sergeant taunted danny chen with slurs an african american soldier, pvt. Marcus merritt, testified wednesday.",
            "Education: degrees in law, business administration, political studies and statistics.",
            "( also on politico: republicans line up to rip michele bachmann ) if anything, the uproar seems to have galvanized her base.",
            "Him: \"we don't do that because it will ruin it.",
        ] {
            assert!(opens_on_label(labelled), "{labelled}");
            assert!(!ends_like_sentence(labelled), "{labelled}");
        }
        for sentence in [
            // A label with a verb introduces its sentence.
            "Hillary clinton learned her lesson: no rope lines in iowa.",
            "Exact distances were: 102 kilometers to the northwest of Talca.",
            // A clock, a title in quotes, a colon after four words.
            "Around the 1: 10 mark, amid a screaming crowd, a man remains standing.",
            "\"avengers: infinity war \" has maintained its staying power at the box office.",
            "The nasdaq composite index ( nasdaq: comp ) was last at 3631.17, up 31.38 points.",
        ] {
            assert!(!opens_on_label(sentence), "{sentence}");
            assert!(ends_like_sentence(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_sentence_announcing_what_follows_is_not_a_summary_sentence() {
        assert!(ends_like_sentence("The vote passed."));
        assert!(ends_like_sentence("\"We will rebuild,\" she said."));
        assert!(!ends_like_sentence(
            "The New York Times said in an editorial for Wednesday, Oct. 7:"
        ));
        assert!(!ends_like_sentence("The measures include higher taxes;"));
        assert!(!ends_like_sentence("Leaders meet in Paris"));
        assert!(!ends_like_sentence("How did police find out about this?"));
        assert!(!ends_like_sentence(
            "Here's what to watch for wednesday night."
        ));
        assert!(!ends_like_sentence("Here are 14 worth keeping an eye on."));
        assert!(ends_like_sentence(
            "Where the road ends, here is the border, she said."
        ));
        assert!(ends_like_sentence("\"Why now?\" she asked."));
        assert!(ends_like_sentence("\"Why now?\""));
        assert!(ends_like_sentence("The next question — \"will it last?\""));
        // A paragraph may end on a colon: a quote follows.
        assert!(ends_like_prose("The minister told parliament:"));
    }

    #[test]
    fn an_ellipsis_straight_after_a_word_trails_off() {
        assert!(trails_off("That moment has become a proxy for a..."));
        assert!(trails_off("the four horsemen of the apocal… "));
        assert!(trails_off("officials were sure that banks,..."));
        assert!(!trails_off(
            "People trampled on each other on the way to the exit. ..."
        ));
        assert!(!trails_off("\"Maybe you know how they are ...\""));
        assert!(!trails_off("The vote passed."));
        assert!(!trails_off("..."));
    }

    #[test]
    fn finds_list_numbers() {
        for (s, want) in [
            (
                "1. The clinton show: the former president takes the podium.",
                "The clinton show: the former president takes the podium.",
            ),
            (
                "12) Will the allegations take center stage?",
                "Will the allegations take center stage?",
            ),
            (
                "3. \"We are ready,\" he said.",
                "\"We are ready,\" he said.",
            ),
            ("3.5 million people voted.", "3.5 million people voted."),
            ("1,400 people were killed.", "1,400 people were killed."),
            ("2012. The year began.", "2012. The year began."),
            ("1. 2. 3.", "1. 2. 3."),
            (
                "-- tami just bailed out of jail.",
                "tami just bailed out of jail.",
            ),
            (
                "--- attorney general jeff sessions ' visit",
                "attorney general jeff sessions ' visit",
            ),
            ("___ security: it's foremost", "security: it's foremost"),
            ("_ He cited no evidence.", "He cited no evidence."),
            (
                "— likely will not be a twist.",
                "likely will not be a twist.",
            ),
            ("-5 degrees is cold.", "-5 degrees is cold."),
            ("-- 12 people died.", "-- 12 people died."),
            ("----- ", "----- "),
        ] {
            assert_eq!(&s[list_number_len(s)..], want, "{s}");
        }
    }

    #[test]
    fn newspaper_names() {
        assert!(NEWSPAPER_WORDS.windows(2).all(|w| w[0] < w[1]));
        for s in [
            "the washington post",
            "The Canadian Press",
            "the new york times",
        ] {
            assert!(is_newspaper_name(s), "{s}");
        }
        for s in [
            "the post",
            "the post office",
            "the news media",
            "the times of her life",
        ] {
            assert!(!is_newspaper_name(s), "{s}");
        }
    }

    #[test]
    fn finds_datelines_with_a_region_anywhere() {
        for (s, want) in [
            (
                "Ft. Bragg, n.c. -- sgt. Adam holcomb bombarded danny chen with slurs.",
                "sgt. Adam holcomb bombarded danny chen with slurs.",
            ),
            (
                "NASHVILLE, Tenn. — Vanderbilt University announced Monday that it will pay.",
                "Vanderbilt University announced Monday that it will pay.",
            ),
            (
                "AUGUSTA, Ga. (WRDW/WAGT) – Two young boys are recovering in the hospital.",
                "Two young boys are recovering in the hospital.",
            ),
            // A lone place, two names, a place and region in ordinary case, or a place whose
            // dash comes back: prose.
            (
                "Smith -- a former marine who served two tours in iraq -- said he would run.",
                "Smith -- a former marine who served two tours in iraq -- said he would run.",
            ),
            (
                "Obama, Putin -- the two leaders met on the sidelines of the summit.",
                "Obama, Putin -- the two leaders met on the sidelines of the summit.",
            ),
            (
                "Paris, France -- the city hosted the talks that ended on Friday.",
                "Paris, France -- the city hosted the talks that ended on Friday.",
            ),
            (
                "Dover, Del. -- the base -- received the bodies on Sunday.",
                "Dover, Del. -- the base -- received the bodies on Sunday.",
            ),
            (
                "The mayor, Sen. Smith -- no relation -- spoke.",
                "The mayor, Sen. Smith -- no relation -- spoke.",
            ),
        ] {
            assert_eq!(&s[region_dateline_len(s)..], want, "{s}");
        }
    }

    #[test]
    fn strips_datelines() {
        for (input, want) in [
            ("(CNN) -- U.S. President Barack Obama held talks.", "U.S. President Barack Obama held talks."),
            ("LONDON (AP) _ An influential lawmaker said on Friday that the vote was lost.", "An influential lawmaker said on Friday that the vote was lost."),
            ("CNN — The talks ended.", "The talks ended."),
            ("WASHINGTON, Oct. 5 (Reuters) - The Senate voted on the bill late on Friday night.", "The Senate voted on the bill late on Friday night."),
            (" St Petersburg:  US President Barack Obama and his Russian counterpart failed to bridge their divisions over plans for military action.", "US President Barack Obama and his Russian counterpart failed to bridge their divisions over plans for military action."),
            ("Putin -- a determined ally of Assad -- has challenged the assertion.", "Putin -- a determined ally of Assad -- has challenged the assertion."),
            ("The vote - the first in years - passed.", "The vote - the first in years - passed."),
            ("Paris ( ap ) — the museum hopes to display the painting in may.", "the museum hopes to display the painting in may."),
            ("new york ( reuters ) - shares rose on wednesday after the report.", "shares rose on wednesday after the report."),
            ("Rome (Xinhua) -- The talks resumed on Monday.", "The talks resumed on Monday."),
            ("Police (officers) - three of them - arrived at noon on Friday.", "Police (officers) - three of them - arrived at noon on Friday."),
            ("( cnn ) hillary clinton is not considering a run.", "hillary clinton is not considering a run."),
            ("Washington (CNN)Brett Kavanaugh emerged from the hearing.", "Brett Kavanaugh emerged from the hearing."),
            // A writer's name and paper before the place.
            ("Sheryl ubelacker, the canadian press toronto -- watching the couple cuddle their son, it's hard to believe.", "watching the couple cuddle their son, it's hard to believe."),
            ("Jane Doe, The New York Times -- The talks ended on Friday night.", "The talks ended on Friday night."),
            ("John Smith, the washington post's editor -- who resigned -- spoke.", "John Smith, the washington post's editor -- who resigned -- spoke."),
            ("Smith, the post office manager -- and a friend -- spoke.", "Smith, the post office manager -- and a friend -- spoke."),
            ("The report (AP) was wrong, a spokesman for the ministry said on Monday afternoon.", "The report (AP) was wrong, a spokesman for the ministry said on Monday afternoon."),
            // Places in any case, with a region or a local outlet.
            ("Washington — the death penalty is shaping up to be a big issue.", "the death penalty is shaping up to be a big issue."),
            ("Huntington beach ( cbsla ) – the shooting deaths of two brothers were investigated.", "the shooting deaths of two brothers were investigated."),
            ("Perth, australia -- search crews failed to relocate the sounds.", "search crews failed to relocate the sounds."),
            ("Duluth, minn. - authorities are releasing more information.", "authorities are releasing more information."),
            ("Jamestown, tuolumne county ( kpix 5 ) — weeks of rainy weather swelled the river.", "weeks of rainy weather swelled the river."),
            ("Whittier >> the whittier community grieved sunday for the victim.", "the whittier community grieved sunday for the victim."),
            ("( july 18, 2013 ) -- the documentation center is pleased to release the translation.", "the documentation center is pleased to release the translation."),
            ("(May 2013) - The documentation center released the translation.", "The documentation center released the translation."),
            ("( may be ) - the center released the translation on monday.", "( may be ) - the center released the translation on monday."),
            ("Monday, jan. 25, 2016 ( healthday news ) -- colon cancer rates are rising, a new analysis shows.", "colon cancer rates are rising, a new analysis shows."),
            ("Monday, jan. 25 ( after the vote ) -- the center was closed, the director said.", "Monday, jan. 25 ( after the vote ) -- the center was closed, the director said."),
            ("Rome — if the paragon of all christmas trees is the one in front of the rockefeller center in new york — first erected, it was grand.", "if the paragon of all christmas trees is the one in front of the rockefeller center in new york — first erected, it was grand."),
            // Asides after a name are not datelines.
            ("Rafe esquith — perhaps the most famous teacher in the country — has been accused.", "Rafe esquith — perhaps the most famous teacher in the country — has been accused."),
            ("The company said on Monday - its first statement - that sales fell.", "The company said on Monday - its first statement - that sales fell."),
            ("Profits > costs this year, the fund manager wrote on Monday.", "Profits > costs this year, the fund manager wrote on Monday."),
        ] {
            let text = format!("T\n{input}\n");
            assert_eq!(kept(&text), [want], "input {input:?}");
        }
    }

    #[test]
    fn a_byline_run_into_the_story_is_cut() {
        assert!(NOT_BYLINE_WORDS.windows(2).all(|w| w[0] < w[1]));
        for (input, cased, want) in [
            ("By tom winter the longtime chief financial officer was given immunity.", false, "the longtime chief financial officer was given immunity."),
            ("By Tom Winter The longtime officer was given immunity.", true, "The longtime officer was given immunity."),
            ("by pete williams, hannah rappleye and robert windrem san bernardino terror couple syed farook spent a year preparing.", false, "san bernardino terror couple syed farook spent a year preparing."),
            ("by jane doe and john roe police said the road was closed.", false, "police said the road was closed."),
        ] {
            assert_eq!(&input[byline_len(input, cased)..], want, "{input}");
        }
        for (input, cased) in [
            ("By monday evening, another student came forward.", false),
            (
                "By sending up beams of light, the group expects to learn more.",
                false,
            ),
            (
                "By way of explanation, antimo palumbo pointed at the concrete.",
                false,
            ),
            ("By far the largest share went to the state.", false),
            (
                "By tom winter the longtime officer was given immunity.",
                true,
            ),
            (
                "By noon an inch of water had turned the carpets into sponges.",
                false,
            ),
            ("By popular demand the band played on.", false),
            (
                "by pete williams, hannah rappleye san bernardino couple spent a year preparing.",
                false,
            ),
            (
                "The report by tom winter the longtime editor was read.",
                false,
            ),
        ] {
            assert_eq!(byline_len(input, cased), 0, "{input}");
        }
    }

    /// What is left of `s` once the furniture `caption_len` finds before its story is cut.
    fn after_caption(s: &str) -> &str {
        &s[caption_len(s)..]
    }

    /// Each `(input, want)` of `cut` keeps only `want` after its furniture; each of `unchanged`
    /// is left whole.
    fn assert_captions(cut: &[(&str, &str)], unchanged: &[&str]) {
        for (input, want) in cut {
            assert_eq!(after_caption(input), *want, "input {input:?}");
        }
        for s in unchanged {
            assert_eq!(after_caption(s), *s);
        }
    }

    #[test]
    fn finds_the_story_start_after_flattened_captions() {
        assert_captions(
            &[
                // Headline and caption before an agency dateline.
                ("Dallas officer dies after shooting. Officers stand guard at the hospital entrance... ( associated press ) dallas ( ap ) — a dallas police officer died wednesday after a shooting.",
                 "a dallas police officer died wednesday after a shooting."),
                // A caption cut short and credited, without a dateline.
                ("Authorities say the painting worth millions of dollars was... ( associated press ) the 1911 cubist painting was found in a shipment.",
                 "the 1911 cubist painting was found in a shipment."),
                // The agency after the photographer's credit goes with it.
                ("In this image released by disney, tom hanks appears in a scene. ( jaap buitendijk/dreamworks pictures via ap ) ( associated press ) steven spielberg's film plays the long game.",
                 "steven spielberg's film plays the long game."),
                ("Delegates cheer in charlotte, n.c., on monday. ( ap photo/charles dharapak ) the former president speaks tonight at the convention.",
                 "the former president speaks tonight at the convention."),
                ("Part of the exchange a woman received. ( Photo: Cassie Young via Facebook ) A personal trainer tried to shame a woman.",
                 "A personal trainer tried to shame a woman."),
                // Photographer and outlet set apart by a spaced slash.
                ("( bill o ' leary / the washington post ) on the morning after the inauguration, the park service tweeted.",
                 "on the morning after the inauguration, the park service tweeted."),
                ("( / lionsgate ) an air of stolid assurance pervades the cold war thriller.",
                 "an air of stolid assurance pervades the cold war thriller."),
                // A newspaper's name alone, crediting the video before it.
                ("( the washington post ) word rapidly spread through the agency and washington.",
                 "word rapidly spread through the agency and washington."),
                // An image viewer's labels, with the credit printed twice.
                ("Gop eyes gains as voters pick governors enlarge this image toggle caption jim cole/ap jim cole/ap voters in 11 states will pick their governors tonight.",
                 "voters in 11 states will pick their governors tonight."),
                // A caption repeated after its credit belongs to the same furniture.
                ("A boat patrols the coast. ( ap photo/alex brandon ) ( associated press ) a boat patrols the coast. ( ap photo/alex brandon ) ( associated press ) palm beach, fla. ( ap ) — the latest on the trip.",
                 "the latest on the trip."),
            ],
            &[
                // The dateline opens the story; the caption after its lead is not the top of the page.
                "Washington ( ap ) — wild elephants can tell languages apart, a study says. This photo shows an elephant reacting to sound in experiments that show they... ( associated press ) that's what researchers found.",
                // A dateline at the start is the dateline rule's.
                "LONDON (AP) _ An influential lawmaker said on Friday that the vote was lost.",
                // Brackets that are not credits.
                "The company (which makes chips) said sales rose (by 8 percent) in the quarter.",
                "The report (AP) was wrong, a spokesman for the ministry said on Monday afternoon.",
                "The price (in dollars/barrel) rose for a third day in the spot market on Monday.",
                "The attacks of ( 9 / 11 ) changed the skyline of the city for good, the mayor said.",
                "He told the paper (the washington post) that he would resign from the board.",
                "(The post office) was closed on Monday for the holiday, the city said.",
                // Nothing would be left.
                "A photo of the harbour at dawn. ( ap photo/jane doe ) more soon",
            ],
        );
        // A second credit far into the story is an inline caption, not more top furniture.
        let long = format!(
            "Two sisters learned they were switched at birth. ( photo: boyd huppert, kare 11 ) {} linda points to herself in a family photo. ( photo: boyd huppert, kare 11 ) only weeks have passed.",
            "they struggle to find a word for the bond they share. ".repeat(6)
        );
        assert!(
            after_caption(&long).starts_with("they struggle"),
            "{}",
            after_caption(&long)
        );
    }

    #[test]
    fn publication_stamps_before_the_story_are_furniture() {
        assert_captions(
            &[
                ("Posted june 25, 2014 \"rain, rain go away\" might be popular as a nursery rhyme.",
                 "\"rain, rain go away\" might be popular as a nursery rhyme."),
                ("( published thursday, feb. 5, 2015 ) one of the two teens who was shot is in critical condition.",
                 "one of the two teens who was shot is in critical condition."),
                ("updated at 10: 55 p.m. Et supreme court nominee brett kavanaugh weathered another long day.",
                 "supreme court nominee brett kavanaugh weathered another long day."),
                ("Last updated: 11:02am Sunday, March 3 2019 the storm moved east overnight, forecasters said.",
                 "the storm moved east overnight, forecasters said."),
                // No label, but an article right after the date: the story starts there.
                ("November 21, 2018 the camp fire has hit close to home for the brewery.",
                 "the camp fire has hit close to home for the brewery."),
                ("Wednesday, Nov. 21, 2018 A storm moved east overnight, forecasters said.",
                 "A storm moved east overnight, forecasters said."),
            ],
            &[
                // A date that opens the prose, with its comma.
                "Published on June 5, 2015, the report found that the river had been poisoned.",
                // A label with no date or clock after it.
                "Updated figures released on Monday show the economy grew by 2 percent last year.",
                "Posted to the site on Monday, the video drew a million views within a day.",
                // No label, and the date is the subject or its phrase has a comma.
                "June 25, 2014 was the hottest day of the year in the city, officials said.",
                "June 25, 2014, the day the storm hit, was the hottest of the year.",
                "June 2014 the storm hit the coast, and the town has not recovered.",
            ],
        );
    }

    #[test]
    fn photo_credits_without_brackets_are_furniture() {
        assert_captions(
            &[
                ("Photograph: alberto pizzoli/afp/getty images in a rare book heist, a gang of thieves has stolen books.",
                 "in a rare book heist, a gang of thieves has stolen books."),
                ("Photo: associated press president trump's financial gatekeeper was granted immunity.",
                 "president trump's financial gatekeeper was granted immunity."),
                ("Obama and netanyahu meeting in ny, sept. 2011 photo: reuters washington – it is possible that the press would have paid more attention.",
                 "it is possible that the press would have paid more attention."),
                ("Handout via reuters the north korean defector was shot and wounded by his fellow soldiers.",
                 "the north korean defector was shot and wounded by his fellow soldiers."),
                ("They're too pretty ( picture: getty ) a team of experts spent three months on the study.",
                 "a team of experts spent three months on the study."),
                ("\"femme au chat \" photographer: katya kazakina/bloomberg both withdrawn paintings had been guaranteed.",
                 "both withdrawn paintings had been guaranteed."),
                // A bracket inside the credit does not end it.
                ("( photo: immigration and customs enforcement ( ice ) via ap ) two more tunnels have been uncovered.",
                 "two more tunnels have been uncovered."),
            ],
            &[
                // No agency: where the credit ends cannot be told.
                "Photo by popville flickr user mylar bono dear popville, i was refused service.",
                // Prose about a photo.
                "The photo was taken by a reuters photographer on the first day of the summit.",
                "He showed the photograph: it was taken in Paris by a Reuters photographer.",
            ],
        );
    }

    #[test]
    fn widget_labels_and_what_they_label_are_furniture() {
        assert_captions(
            &[
                ("Advertisement tony aiello was arrested wednesday on suspicion of murder.",
                 "tony aiello was arrested wednesday on suspicion of murder."),
                ("Photo advertisement continue reading the main story the district attorney said on friday that he would act.",
                 "the district attorney said on friday that he would act."),
                ("Last male northern white rhino is put down read more save the rhino estimates there are fewer than 5,500 black rhinos.",
                 "save the rhino estimates there are fewer than 5,500 black rhinos."),
                ("Please enable javascript to watch this video cass county, mo. -- the fbi has been called in to assist.",
                 "cass county, mo. -- the fbi has been called in to assist."),
                ("Story continued below rubio was caught off guard by the question.",
                 "rubio was caught off guard by the question."),
                ("Article excerpt a technical glitch knocked out trading for three hours thursday.",
                 "a technical glitch knocked out trading for three hours thursday."),
                // A player's running time goes with its label.
                ("Listen to article 5: 30 a former associate of the manager pleaded guilty.",
                 "a former associate of the manager pleaded guilty."),
                ("Listen to article 2:32 a former associate of the manager pleaded guilty.",
                 "a former associate of the manager pleaded guilty."),
                ("Media playback is not supported on this device garrincha scored against england in 1962.",
                 "garrincha scored against england in 1962."),
            ],
            &[
                // A label that is also a word marks furniture only where a widget would stand.
                "The advertisement ran for weeks before the network pulled it from the schedule.",
                // Whole words only.
                "Voters who read moretti's column were unconvinced, the poll found on Monday.",
                "The story continued below the fold of the front page for three more columns.",
            ],
        );
    }

    #[test]
    fn embedded_posts_go_with_their_signature() {
        assert_eq!(
            after_caption("Sentencing is set for friday pic.twitter.com/1xd2 \u{2014} robin hood ( @robinhood702 ) december 14, 2017 the blackjack player was sentenced to eight years."),
            "the blackjack player was sentenced to eight years."
        );
        assert_eq!(
            after_caption("Let's do this team!! a photo posted by adrianne haslet ( @adriannehaslet ) on dec 20, 2015 at 10: 05am pst \"i made the decision a while ago, \" she said."),
            "\"i made the decision a while ago, \" she said."
        );
        // A handle without a date is how prose names an account.
        let prose =
            "The singer thanked him on twitter ( @carrieunderwood ) for the kiss after the show.";
        assert_eq!(after_caption(prose), prose);
    }

    #[test]
    fn web_addresses_copyright_and_calls_to_action_are_not_news() {
        for s in [
            "For more information, go to www.example.com.",
            "The post reports ( http://dpo.st/1xo ) the fbi is asking for help.",
            "Subscribe to our channel for breaking news.",
            "Click here to see video of the scene.",
            "( \u{a9} 2017 cbs local media, a division of cbs radio inc.",
            "File - in this may 7, 2015 file photo, the quarterback gestures during an event.",
            "This undated photo provided by the department shows a cubist painting.",
            "Photos: cheaters gallery \"suzanne stood by peter for years, but he lied to her.",
            "More: ex-postal worker admits he burned 20 tubs of mail in contrast, the organizer got probation.",
            "Related: amazing drone video of icelandic volcano \" the new island is more than one kilometer.",
            "- follow the ticker on twitter: @politicalticker \" those two comments are really irresponsible.",
            "Text size - + reset photos: stars hit up the swing states play slideshow.",
            "Like raw story on facebook anti-tax crusader grover norquist helped the group.",
            "sign up for the sunrise morning newsletter thanks for signing up! something went wrong.",
            "Please check your email to confirm your subscription.",
            "Breaking news emails get breaking news alerts and special reports.",
            "Catherine zeta-jones checks into mental health facility email this with husband.",
            "1 of 14 full screen autoplay close skip ad × athletes to watch for the olympics.",
            "Add a location to your tweets when you tweet with a location, twitter stores it.",
            "You always have the option to delete your Tweet location history.",
            "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.",
            "The goal is to fix all broken links on the web .",
            "Crawls of supported \"No More 404\" sites.",
            "Key moments from the hearing: • drama over confidential emails....",
            "The latest on president donald trump ( all times local ): 6 p.m.",
            "[ updated with nyse developments. ]",
            "Related stories: the university's turnabout shows how the conference is blocking it.",
            "Read: phil robertson defends his comments.",
            "Related video why did this 24 y/o become an internet exhibitionist?",
            "Trending stories \" there's no case, there's no abuse, \" the lawyer said.",
            "Buy photo story highlights confederate memorial hall opened 1935.",
            "( associated press ) file - this sept. 30, 2003, file photo, shows the exterior of a dormitory.",
            "Click through the gallery to see moments from his life.",
            "Check local tv listings for when you can catch the action.",
            "Wire services contributed to this report.",
            "( reporting by joan gralla; editing by jan paschal )",
            "[Editor's note: this story has been corrected.]",
            "Scroll down to listen to audio ( warning: contains bad language ) gladiators, ready!",
            "( scroll down for live updates ) three reactors have had partial meltdowns.",
            "Create an account for free access to: first name last name please select a country...",
            "Just watched jonathan pollard granted parole replay more videos...",
            "EMBED More News Videos A 38-year-old man was killed when his car crashed.",
            "| | news | | page 1 of 1 updated: a photo of two men kissing has been removed.",
            "The complete review after the jump.",
            "CLOSE The Southern Baptist Convention voted to urge its congregations to stop.",
            "University of chicago / facebook amid a controversy, a student is suing.",
            "/ updated by corky siemaszko more former wrestlers have come forward.",
            "Eric piermont/agence france-presse — getty images san francisco — the company did.",
            "View full caption dnainfo/trevor kapp brooklyn — the rookie officer was indicted.",
            "Broadcast on: bbc radio 4 duration: 30 minutes available until: 12: 00am categories: arts.",
            "Get push notifications with news, features and more.",
            "The news and stories that matter, delivered weekday mornings.",
            "Facebook twitter pinterest the tomb after the lid was removed.",
            "video provided by newsy newslook once again the candidate has kindled the fires.",
            "This is a breaking news update.",
            "Check back soon for further information.",
            "We ask that you stay within the bounds of our commenting and posting policy.",
            "Btw warning: this article contains graphic imagery and language.",
            "Stock chart for orexigen therapeutics inc ( orex ) the company won a panel vote.",
            "Download the wbal app miami-dade police said the rider had no helmet.",
            "Listen to the story airing on 89.9 wjct-fm brown's charges include wire fraud.",
            "Joey wilson, left, rings up curtis barwick for a gold pan saturday in oroville.",
            "Denice juneski ( left ) and linda jourdeans recently learned they were switched.",
            "This image shows, front row from left, danai gurira and chadwick boseman.",
            "He appears with Joe Namath, left, and Frank Gifford.",
            "Provided by fbi task force authorities are looking for this man, accused of robbery.",
            "Javier manzano/for the washington post after a tough season, soldiers are short.",
            "Therese apel/the clarion-ledger vincent mitchell told the associated press.",
            "Hollis johnson/business insider more than 400 people said they would go.",
            "This youtube video below, in particular, is jarring.",
            "\" the two images below are taken from the complaint [ pdf ].",
            "Watch the video above for the full interview.",
            "Visit the U.S. National Cancer Institute for more on colon cancer.",
            "Read on for more.",
            "Mark segraves reports.",
            "Dan Noyes has an exclusive report.",
            "ABC7's Dan Noyes has the story.",
            "Kala rama is live at the casselberry police department for us.",
            "Jane Doe is live in Orlando with the latest.",
            "Plus join howard kurtz for a live chat during the debate, starting at 8pm et.",
            "11 of 23 Photos: The rise and fall of O.J. Simpson Ronald Goldman was slain in 1994.",
            "image 2 of 30 buy photo local news crews check out the scene.",
            "Source: Abdelsattar Z, Wong S, Regenbogen S, et al.",
            "SOURCES: the company's filings with the SEC.",
        ] {
            assert!(is_web_furniture(s), "{s}");
        }
        for s in [
            "The agency does not have to follow the advice of its committees.",
            "Follow-up talks are planned for Monday in Geneva, the ministry said.",
            "Follow the money, the prosecutor told the jury on Twitter's first day in court.",
            "More than 1,400 people were killed in the August 21 attack.",
            "Watchdogs said the video showed the attack.",
            "Like many users on facebook, she shared the photo of the tomb.",
            "Couples can sign up for a license online, the clerk said.",
            "Couples can sign up for a license online.",
            "Sources said the minister would resign on Friday.",
            "A copy of the page saved by the Internet Archive's Wayback Machine shows the edit.",
            "Reporters found the deleted tweets in the Wayback Machine.",
            "The file was sent to the ministry in May, officials said.",
            "• The council voted to close the school at the end of the year.",
            "[The minister] said the plan would be ready next week.",
            "One of the signs read: \"you have to go.\"",
            "Related stories ran in three papers, the editor said.",
            "Officials wrote: the plan has two parts: a ceasefire and talks.",
            "Close friends said the couple had split.",
            "The store is open 24/7 and/or on call, since the 9 / 11 attacks.",
            "CLOSE CALL FOR THE SHUTTLE CREW",
            "The jury heard the call at 7: 15 p.m., the prosecutor said.",
            "The company posted on Facebook, Twitter and Instagram within minutes.",
            "Investigators will check back with the witnesses next week.",
            "Officials want to download the information from the car's modules.",
            "The whole row from left to right, then down the row again, from right to left.",
            "The fire, left unattended, spread to the roof, right next to the school.",
            "Two of the men left, and the rest stayed, officials said.",
            "Parents and/or guardians must sign the form, the school said.",
            "The ac/dc tour was cancelled on Monday.",
            "New york/paris ( reuters ) - imf chief christine lagarde said on Monday.",
            "Either/or questions were asked by the pollster.",
            "Temperatures stayed below freezing, and the video showed the ice above the dam.",
            "The photo above the fireplace was a gift, she said.",
            "Visitors came for more than a week.",
            "Read the ruling, the judge said, for more than the headlines.",
            "Visiting the site for more than an hour, the minister said little.",
            "The mail on sunday reports that over 100 bags were taken.",
            "The party denied the reports.",
            "The minister has the final report on her desk.",
            "The band is live in concert on Friday.",
            "18 of 22 counts of fraud were upheld on appeal.",
            "Photo 3 was taken in 1994, the archive said.",
        ] {
            assert!(!is_web_furniture(s), "{s}");
        }
    }

    #[test]
    fn a_publication_stamp_ends_the_byline_before_the_story() {
        assert_eq!(
            after_caption("Report links activist to group by eric w. dolan sunday, july 22, 2012 11: 11 edt anti-tax crusader grover norquist helped the group, the report says."),
            "anti-tax crusader grover norquist helped the group, the report says."
        );
        assert_eq!(
            after_caption("Find your forecast digital reporter cheryl santa maria wednesday, january 21, 2015, 2: 28 pm - a volcano that began erupting last month has created an island."),
            "a volcano that began erupting last month has created an island."
        );
        assert_eq!(
            after_caption("Book says she talks to the dead. June 22, 1996 web posted at: 11: 55 p.m. edt washington ( cnn ) -- first lady hillary clinton held imaginary talks."),
            "first lady hillary clinton held imaginary talks."
        );
        // A time before the date is how prose tells it.
        let prose = "The quake struck at 11:55 p.m. on June 22, 1996, and shook the whole valley for a minute.";
        assert_eq!(after_caption(prose), prose);
    }

    #[test]
    fn drops_the_top_of_a_flattened_page() {
        let text = "T
Stocks rally on hopes. People shop for clothing at a mall in bangkok. Reuters/edgar su bangkok ( reuters ) - thai authorities have warned traders not to raise prices.
";
        let a = article(text);
        let c = Cleaner::default().clean(&a);
        assert_eq!(
            kept(text),
            ["thai authorities have warned traders not to raise prices."]
        );
        assert_eq!(c.removed[0].reason, Furniture::Caption);
        assert_eq!(&text[c.removed[0].span.clone()], "Stocks rally on hopes. People shop for clothing at a mall in bangkok. Reuters/edgar su bangkok ( reuters ) - ");
    }

    #[test]
    fn joins_hard_wrapped_lines() {
        let text = "T\nThe minister said the talks, which began on Monday in the capital,\nwould continue next week despite the protests.\n";
        assert_eq!(
            kept(text),
            ["The minister said the talks, which began on Monday in the capital,\nwould continue next week despite the protests."]
        );
    }

    #[test]
    fn offsets_point_into_original_text() {
        let text = "Title\n\n(CNN) -- The leaders met on Friday in the city.\n";
        let a = article(text);
        let c = Cleaner::default().clean(&a);
        let r = c.paragraphs[0].clone();
        assert_eq!(&text[r], "The leaders met on Friday in the city.");
    }

    #[test]
    fn spliced_caption_is_detected() {
        assert!(looks_spliced(
            "days aftObama and Putin on the sidelines of G8 er the White House signaled"
        ));
        assert!(!looks_spliced(
            "He bought an iPhone on eBay from McDonald and YouTube."
        ));
        assert!(!looks_spliced("The macOS update shipped."));
    }
}
