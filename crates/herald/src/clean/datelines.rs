//! What opens a story before its first word: datelines (`LONDON (AP) _`, `Ft. Bragg, n.c.
//! --`), outlet tags, signed datelines and bylines run into the text, with the place, agency
//! and newspaper names they are recognised by.

use super::dates::{date_words, is_month, is_year, WEEKDAYS};
use super::text::{after_separator, words_at, DASHES};
use crate::analyze::segment::contains_ci;

/// The length in bytes of a dateline or outlet tag at the start of the first paragraph, with
/// the white space after it; 0 if there is none.
///
/// Recognised shapes: `(CNN) -- `, `CNN — `, `LONDON (AP) _ `, `WASHINGTON, Oct. 5 (Reuters) - `,
/// `Whittier >> `
/// and a short place name before a colon, `St Petersburg: `, when a long sentence follows.
pub(super) fn dateline_len(s: &str) -> usize {
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

/// Whether `s` is a newspaper's or agency's name as credits print it: `the`, one to three
/// words of letters, and last a word that names a paper (`the washington post`, `The Canadian
/// Press`, `the new york times`). A word must come between `the` and the paper's word, so
/// `the post` is no name, and the paper's word must be last, so `the post office` is none
/// either.
pub(super) fn is_newspaper_name(s: &str) -> bool {
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

/// Whether `name` is one of the [`AGENCIES`], in any case.
pub(super) fn is_agency(name: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
