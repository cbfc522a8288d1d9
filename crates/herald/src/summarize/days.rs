//! On which day each sentence's event happened, as far as the text says: the reading order
//! tells events in the order they happened and opens on the main event, not on a follow-up's
//! next-day news because its article happens to lead with it.
//!
//! The evidence is the article's date and the relative day words of news prose: a weekday
//! (`Friday`, `on Saturday`, `Tuesday's vote`) is the last day of that name up to the article's
//! date in a sentence that tells what happened (`was`, `said`), the next one in a sentence that
//! tells what is to come (`will`, `next`), and otherwise the nearest, at most three days either
//! way (news tells the last few days and the next few);
//! `yesterday`, `last night`, `today`, `tonight` and `tomorrow` count from the date. The first
//! day word of a sentence is its day. When no article is dated (a folder of `.txt` files), the
//! weekdays named across the cluster are read as one stretch of days: the week starts after the
//! longest run of days nobody names (Thursday, Friday, Saturday and Monday read in that order).
//!
//! The main event's day is the day the most articles name (the earliest of a tie): what most
//! outlets report. A sentence without a day word is about its article's date, or, in an undated
//! article, about the main event. Nothing is placed before the main event or the first
//! article's date, whichever is earlier, so that a background detail (`a dinner on Thursday`)
//! does not open the summary.

use crate::analyze::document::AnalyzedCluster;
use crate::cluster::tracker::day_number;

/// What a day word says: a weekday (Monday = 0) or a count of days from the article's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayWord {
    /// `Monday` = 0 … `Sunday` = 6.
    Weekday(u8),
    /// Days from the article's date: `yesterday` -1, `today` 0, `tomorrow` 1.
    Offset(i8),
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words before a weekday that make it a name, not a day: `Good Friday`, `Super Tuesday`.
const NOT_A_DAY_BEFORE: [&str; 7] = ["good", "black", "cyber", "super", "ash", "holy", "blue"];

/// The first day word of `text`, if any.
pub fn day_word(text: &str) -> Option<DayWord> {
    let mut previous = "";
    for word in text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| !w.is_empty())
    {
        // `Friday's` is Friday; quote marks and the possessive are cut before comparing.
        let word = word.trim_start_matches(['\'', '\u{2019}']);
        let bare = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("\u{2019}s"))
            .unwrap_or(word);
        let found = if (5..=9).contains(&bare.len()) {
            if let Some(k) = WEEKDAYS.iter().position(|d| bare.eq_ignore_ascii_case(d)) {
                (!NOT_A_DAY_BEFORE
                    .iter()
                    .any(|n| previous.eq_ignore_ascii_case(n)))
                .then_some(DayWord::Weekday(k as u8))
            } else if bare.eq_ignore_ascii_case("yesterday") {
                Some(DayWord::Offset(-1))
            } else if bare.eq_ignore_ascii_case("today") {
                // `USA Today` is a newspaper.
                (!previous.eq_ignore_ascii_case("usa")).then_some(DayWord::Offset(0))
            } else if bare.eq_ignore_ascii_case("tonight") {
                Some(DayWord::Offset(0))
            } else if bare.eq_ignore_ascii_case("tomorrow") {
                Some(DayWord::Offset(1))
            } else if bare.eq_ignore_ascii_case("night") && previous.eq_ignore_ascii_case("last") {
                Some(DayWord::Offset(-1))
            } else {
                None
            }
        } else {
            None
        };
        if found.is_some() {
            return found;
        }
        previous = word;
    }
    None
}

/// The weekday of a day number (Monday = 0): 1970-01-01 was a Thursday.
fn weekday(day: i32) -> i32 {
    (day + 3).rem_euclid(7)
}

/// Which way a sentence looks from its article's date, as its verbs say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    /// It tells what happened (`was closed on Monday`).
    Past,
    /// It tells what is to come (`will meet on Monday`).
    Future,
    /// It does not say.
    Unknown,
}

/// The tense of a sentence, by a few words news prose marks it with: a future marker (`will`,
/// `next`, `scheduled`) wins over a past one (`was`, `said`, `ago`), since a sentence that
/// tells a plan often says when it was announced too.
fn tense(text: &str) -> Tense {
    const FUTURE: [&str; 8] = [
        "will",
        "won't",
        "shall",
        "next",
        "upcoming",
        "scheduled",
        "tomorrow",
        "'ll",
    ];
    const PAST: [&str; 10] = [
        "was",
        "were",
        "had",
        "did",
        "said",
        "ago",
        "last",
        "earlier",
        "told",
        "announced",
    ];
    let mut past = false;
    for word in text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| !w.is_empty())
    {
        let word = word.replace('\u{2019}', "'").to_lowercase();
        if FUTURE.iter().any(|f| word == *f || word.ends_with("'ll")) {
            return Tense::Future;
        }
        past |= PAST.contains(&word.as_str());
    }
    if past {
        Tense::Past
    } else {
        Tense::Unknown
    }
}

/// The day of a day word in an article dated `date` (a day number), in a sentence of `tense`:
/// a weekday is the last day of that name up to the date in a sentence that tells what
/// happened, the next from the date in one that tells what is to come, and otherwise the
/// nearest, at most three days either way (`Monday` in Saturday's paper: the Monday before in
/// `the bridge was closed on Monday`, the one after in `it will reopen on Monday`).
fn resolve(word: DayWord, date: i32, tense: Tense) -> i32 {
    match word {
        DayWord::Offset(k) => date + i32::from(k),
        DayWord::Weekday(k) => {
            let ahead = (i32::from(k) - weekday(date)).rem_euclid(7);
            let back = if ahead == 0 { 0 } else { ahead - 7 };
            match tense {
                Tense::Past => date + back,
                Tense::Future => date + ahead,
                Tense::Unknown if ahead <= 3 => date + ahead,
                Tense::Unknown => date + back,
            }
        }
    }
}

/// For undated articles: where the week starts, so that the weekdays `named` read as the
/// shortest stretch of days: right after the longest run of days no one names.
fn week_start(named: [bool; 7]) -> i32 {
    let days: Vec<i32> = (0..7).filter(|&k| named[k as usize]).collect();
    let Some(&first) = days.first() else {
        return 0;
    };
    let mut best = (0, first);
    for (x, &d) in days.iter().enumerate() {
        let next = days.get(x + 1).copied().unwrap_or(first + 7);
        if next - d > best.0 {
            best = (next - d, next.rem_euclid(7));
        }
    }
    best.1
}

/// Each sentence's day for the reading order (see the module doc), a day number or, when no
/// article is dated, a day of the stretch the cluster's weekdays span; `None` for every
/// sentence when the cluster says nothing about days. Only articles marked in `counts` (not
/// outliers, versions or failed scrapes) say which day is the main event's.
pub fn sentence_days(a: &AnalyzedCluster<'_>, counts: &[bool]) -> Vec<Option<i32>> {
    let dates: Vec<Option<i32>> = a
        .cluster
        .articles
        .iter()
        .map(|x| x.date.as_deref().and_then(day_number))
        .collect();
    let words: Vec<Option<DayWord>> = (0..a.sentences.len())
        .map(|i| day_word(a.text(i)))
        .collect();
    let dated = dates.iter().any(Option::is_some);
    // Undated clusters read their weekdays as one stretch.
    let start = if dated {
        0
    } else {
        let mut named = [false; 7];
        for w in words.iter().flatten() {
            if let DayWord::Weekday(k) = w {
                named[*k as usize] = true;
            }
        }
        week_start(named)
    };
    let explicit: Vec<Option<i32>> = a
        .sentences
        .iter()
        .zip(&words)
        .enumerate()
        .map(|(i, (s, w))| match (dates[s.doc], w) {
            (Some(date), Some(w)) => Some(resolve(*w, date, tense(a.text(i)))),
            (None, Some(DayWord::Weekday(k))) if !dated => {
                Some((i32::from(*k) - start).rem_euclid(7))
            }
            _ => None,
        })
        .collect();
    // The main event: the day the most articles name.
    let mut named: Vec<(i32, usize)> = a
        .sentences
        .iter()
        .zip(&explicit)
        .filter(|(s, _)| counts.get(s.doc).copied().unwrap_or(false))
        .filter_map(|(s, d)| d.map(|d| (d, s.doc)))
        .collect();
    named.sort_unstable();
    named.dedup();
    let mut main: Option<(usize, i32)> = None;
    for run in named.chunk_by(|x, y| x.0 == y.0) {
        if main.is_none_or(|(n, _)| run.len() > n) {
            main = Some((run.len(), run[0].0));
        }
    }
    let main = main.map(|(_, d)| d);
    let first_date = dates
        .iter()
        .zip(counts)
        .filter(|(_, c)| **c)
        .filter_map(|(d, _)| *d)
        .min();
    let floor = match (main, first_date) {
        (Some(m), Some(f)) => Some(m.min(f)),
        (m, f) => m.or(f),
    };
    a.sentences
        .iter()
        .zip(&explicit)
        .map(|(s, e)| {
            let day = e.or(dates[s.doc]).or(main)?;
            Some(floor.map_or(day, |f| day.max(f)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_words_are_found_and_names_are_not() {
        assert_eq!(
            day_word("Kerry on Saturday sought Europe's support."),
            Some(DayWord::Weekday(5))
        );
        assert_eq!(
            day_word("the two spoke friday's morning, then on monday."),
            Some(DayWord::Weekday(4))
        );
        assert_eq!(
            day_word("Markets fell on Black Friday, analysts said yesterday."),
            Some(DayWord::Offset(-1))
        );
        assert_eq!(day_word("He told USA Today the plan was late."), None);
        assert_eq!(
            day_word("The vote came late last night."),
            Some(DayWord::Offset(-1))
        );
        assert_eq!(day_word("Fridays are quiet."), None);
    }

    #[test]
    fn a_weekday_is_the_nearest_one_to_the_date() {
        let saturday = day_number("2013-09-07").unwrap();
        assert_eq!(weekday(saturday), 5);
        let unknown = Tense::Unknown;
        assert_eq!(
            resolve(DayWord::Weekday(4), saturday, unknown),
            saturday - 1
        );
        assert_eq!(resolve(DayWord::Weekday(5), saturday, unknown), saturday);
        assert_eq!(
            resolve(DayWord::Weekday(0), saturday, unknown),
            saturday + 2
        );
        assert_eq!(
            resolve(DayWord::Weekday(3), saturday, unknown),
            saturday - 2
        );
        assert_eq!(
            resolve(DayWord::Offset(-1), saturday, unknown),
            saturday - 1
        );
        // What happened on Monday, in Saturday's paper, was five days before; what will
        // happen on Monday is two days after; Saturday itself is the day either way.
        let closed =
            "The old Harbor Bridge was closed to traffic on Monday after inspectors found cracks.";
        let reopens = "The bridge will reopen on Monday, the department said.";
        assert_eq!(tense(closed), Tense::Past);
        assert_eq!(tense(reopens), Tense::Future);
        assert_eq!(tense("Crews work on Monday."), Tense::Unknown);
        assert_eq!(
            resolve(DayWord::Weekday(0), saturday, tense(closed)),
            saturday - 5
        );
        assert_eq!(
            resolve(DayWord::Weekday(0), saturday, tense(reopens)),
            saturday + 2
        );
        assert_eq!(
            resolve(DayWord::Weekday(5), saturday, Tense::Past),
            saturday
        );
        assert_eq!(
            resolve(DayWord::Weekday(5), saturday, Tense::Future),
            saturday
        );
        assert_eq!(
            resolve(DayWord::Weekday(3), saturday, Tense::Future),
            saturday + 5
        );
    }

    #[test]
    fn undated_weekdays_read_as_the_shortest_stretch() {
        // Thursday, Friday, Saturday and Monday: the week starts on Thursday.
        let mut named = [false; 7];
        for k in [3, 4, 5, 0] {
            named[k] = true;
        }
        assert_eq!(week_start(named), 3);
        // Sunday and Monday: Sunday first.
        let mut named = [false; 7];
        for k in [6, 0] {
            named[k] = true;
        }
        assert_eq!(week_start(named), 6);
    }
}
