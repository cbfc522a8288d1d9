//! Dates and clock times as pages stamp them: crawl and publication stamps, dates run into
//! the story, the date that signs an embedded post, a player's running time, and the word
//! lists (weekdays, months, time zones) they are read with. Captions and datelines both need
//! them, so they stand on their own.

use super::text::{unpunctuated, words_at};
use crate::analyze::segment::starts_with_ci;

/// Whether the line is mostly a date and/or clock time ("25-11-2024 08:52 AM", "Updated 2:31 PM
/// ET, Fri September 6, 2013").
pub(super) fn is_timestamp(s: &str) -> bool {
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

/// The first publication stamp in `window` — a year followed by a clock time, with its am/pm
/// and time zone: `… sunday, july 22, 2012 11: 11 edt`, `june 22, 1996 web posted at: 11: 55
/// p.m. edt` — as (start of the year, end of the stamp). A byline or headline before it is
/// page furniture. Prose gives a time before a date, not a clock right after a year.
pub(super) fn dated_timestamp(window: &str) -> Option<(usize, usize)> {
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
pub(super) fn publication_stamp_len(window: &str) -> Option<usize> {
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
pub(super) fn bare_date_len(window: &str) -> Option<usize> {
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

/// The length of the date that follows a social-media handle in brackets when they sign an
/// embedded post — `— Jane Doe ( @jdoe ) December 14, 2017` or `a photo posted by Jane Doe
/// ( @jdoe ) on Dec 20, 2015 at 10: 05am PST` — so the post before it is cut with its signature;
/// `None` when `inside` is not a lone handle or no date follows.
pub(super) fn embed_signature_date(inside: &str, after: &str) -> Option<usize> {
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
pub(super) const WEEKDAYS: &[&str] = &[
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
pub(super) fn is_month(word: &str) -> bool {
    word.len() >= 3 && MONTHS.iter().any(|m| starts_with_ci(m, word))
}

/// Whether `word` is a year of a page stamp: four digits, 19xx or 20xx.
pub(super) fn is_year(word: &str) -> bool {
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

/// The length of a media player's running time right after a label (` 5: 30`, ` 2:32`), with
/// the space before it; 0 if none follows.
pub(super) fn duration_len(s: &str) -> usize {
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

/// The words of a date as `is_month`, `is_year` and `WEEKDAYS` read them: lowercase, without
/// the commas and periods of `jan. 25, 2016`.
pub(super) fn date_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| w.trim_matches([',', '.']).to_lowercase())
        .collect()
}
