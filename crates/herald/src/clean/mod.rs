//! Clean: find the article's prose and drop the page furniture around and inside it.
//!
//! The rules are general, not tuned to any site: prose paragraphs end in sentence punctuation,
//! while headlines, navigation, highlight boxes, related-story links, bylines and crawl stamps
//! are short lines that do not. Cleaning never rewrites text: it returns byte ranges into the
//! article's original text, so everything later stages quote can be found there verbatim.

pub mod boilerplate;
mod captions;
mod datelines;
mod dates;
mod prose;
mod scrape;
pub mod templates;
mod text;
mod web;

pub use prose::{has_glued_question_mark, is_all_capitals, looks_spliced, opens_on_glued_heading};
pub use scrape::{failed_scrape, failed_scrape_of};
pub use web::is_web_furniture;

pub(crate) use captions::{caption_len, ends_on_caption_label};
pub(crate) use datelines::{agency_dateline_len, byline_len, region_dateline_len};
pub(crate) use prose::{ends_like_sentence, trails_off};
pub(crate) use web::list_number_len;

use crate::model::Article;
use datelines::dateline_len;
use dates::is_timestamp;
use prose::ends_like_prose;
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
    /// A row of a data table (cells apart by " | ", as HTML extraction writes them, one of them
    /// a number): kept in the article text, but no sentence to quote.
    TableRow,
}

/// Whether `s` is a table row as [`crate::ingest::html`] writes one: at least two cells apart
/// by " | ", one of them a number (which tells it from a "Home | News" navigation line).
fn is_table_row(s: &str) -> bool {
    let cells: Vec<&str> = s.split(" | ").map(str::trim).collect();
    cells.len() >= 2
        && cells
            .iter()
            .all(|c| crate::analyze::segment::word_count(c) <= 6)
        && cells.iter().any(|c| {
            c.chars().any(|ch| ch.is_ascii_digit())
                && c.chars().all(|ch| {
                    ch.is_ascii_digit() || matches!(ch, '.' | ',' | '%' | '-' | '+' | ' ')
                })
        })
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
        let body_start = article.body_offset();
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
        // Chinese and Japanese paragraphs have no spaces: counted by characters, they are not
        // one-word fragments.
        let words = crate::analyze::segment::word_count(s);
        let first = s.chars().next()?;
        if matches!(
            first,
            '-' | '•' | '*' | '·' | '–' | '—' | '▪' | '►' | '■' | '»' | '>'
        ) && s[first.len_utf8()..].starts_with(char::is_whitespace)
        {
            return Some(Furniture::ListItem);
        }
        if is_table_row(s) {
            return Some(Furniture::TableRow);
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
