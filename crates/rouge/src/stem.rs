//! Term normalisation for `-s` and `-m`: the stop-word list and the stemmer of
//! ROUGE-1.5.5, which consults WordNet's inflection exceptions before falling
//! back to its own variant of the Porter algorithm.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::tables::{STEM_EXCEPTIONS, STOP_WORDS};

/// Whether a lowercased token is on the `-s` stop-word list.
pub(crate) fn is_stop_word(token: &[u8]) -> bool {
    static SET: OnceLock<HashSet<&[u8]>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().map(|w| w.as_bytes()).collect())
        .contains(token)
}

/// The WordNet exception for a lowercased token, if any. Hashed once because
/// every distinct word of every summary is looked up.
fn exception(token: &[u8]) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<&[u8], &str>> = OnceLock::new();
    MAP.get_or_init(|| {
        STEM_EXCEPTIONS
            .iter()
            .map(|(k, v)| (k.as_bytes(), *v))
            .collect()
    })
    .get(token)
    .copied()
}

/// The `-m` stem of a lowercased token. ROUGE-1.5.5 only stems tokens longer
/// than three bytes; shorter ones are returned unchanged. `wordnet` says
/// whether WordNet's exceptions are consulted first.
pub(crate) fn stem_token(token: &[u8], wordnet: bool) -> Vec<u8> {
    if token.len() <= 3 {
        return token.to_vec();
    }
    match exception(token).filter(|_| wordnet) {
        Some(base) => base.as_bytes().to_vec(),
        None => porter(token),
    }
}

/// A character class of the Porter patterns.
#[derive(Clone, Copy)]
enum Class {
    /// Not `aeiou`: `y` (and the protected initial `Y`) count as consonants here.
    Consonant,
    /// Neither `aeiou` nor `y`.
    StrictConsonant,
    /// `aeiouy`.
    Vowel,
    /// `aeiou`.
    StrictVowel,
    /// Not `aeiouwxy`: the final letter of the short-syllable test.
    Closing,
}

impl Class {
    fn has(self, b: u8) -> bool {
        match self {
            Class::Consonant => !b"aeiou".contains(&b),
            Class::StrictConsonant => !b"aeiouy".contains(&b),
            Class::Vowel => b"aeiouy".contains(&b),
            Class::StrictVowel => b"aeiou".contains(&b),
            Class::Closing => !b"aeiouwxy".contains(&b),
        }
    }
}

#[derive(Clone, Copy)]
enum Elem {
    One(Class),
    Many(Class),
    End,
}

use Class::*;
use Elem::*;

/// The pieces of the script's patterns: a consonant sequence `C` is one
/// consonant then any non-`aeiouy`; a vowel sequence `V` is one vowel then any
/// of `aeiou`. The optional leading `(C)?` is expanded into two patterns.
const C1: Elem = One(Consonant);
const C2: Elem = Many(StrictConsonant);
const V1: Elem = One(Vowel);
const V2: Elem = Many(StrictVowel);

/// Anchored-at-start backtracking match of a pattern without alternation.
fn matches(pattern: &[Elem], s: &[u8]) -> bool {
    fn go(p: &[Elem], s: &[u8], i: usize) -> bool {
        match p.split_first() {
            None => true,
            Some((End, rest)) => i == s.len() && go(rest, s, i),
            Some((One(c), rest)) => i < s.len() && c.has(s[i]) && go(rest, s, i + 1),
            Some((Many(c), rest)) => {
                let run = s[i..].iter().take_while(|&&b| c.has(b)).count();
                (0..=run).rev().any(|k| go(rest, s, i + k))
            }
        }
    }
    go(pattern, s, 0)
}

/// `[C]VC...`: measure greater than zero.
fn m_gt0(s: &[u8]) -> bool {
    matches(&[C1, C2, V1, V2, C1, C2], s) || matches(&[V1, V2, C1, C2], s)
}

/// `[C]VCVC...`: measure greater than one.
fn m_gt1(s: &[u8]) -> bool {
    matches(&[C1, C2, V1, V2, C1, C2, V1, V2, C1, C2], s)
        || matches(&[V1, V2, C1, C2, V1, V2, C1, C2], s)
}

/// `[C]VC[V]`: measure exactly one.
fn m_eq1(s: &[u8]) -> bool {
    matches(&[C1, C2, V1, V2, C1, C2, V1, V2, End], s)
        || matches(&[C1, C2, V1, V2, C1, C2, End], s)
        || matches(&[V1, V2, C1, C2, V1, V2, End], s)
        || matches(&[V1, V2, C1, C2, End], s)
}

/// `[C]v`: the stem contains a vowel.
fn has_vowel(s: &[u8]) -> bool {
    matches(&[C1, C2, V1], s) || matches(&[V1], s)
}

/// `Cv` followed by one closing consonant, spanning the whole stem.
fn short_syllable(s: &[u8]) -> bool {
    matches(&[C1, C2, V1, One(Closing), End], s)
}

/// Longest suffix of `w` from `list`: a `$`-anchored alternation matches at
/// the leftmost start, which is the longest candidate.
fn longest_suffix<'a>(w: &[u8], list: &[(&'a str, &'a str)]) -> Option<(usize, &'a str)> {
    list.iter()
        .filter(|(suffix, _)| w.ends_with(suffix.as_bytes()))
        .max_by_key(|(suffix, _)| suffix.len())
        .map(|(suffix, replacement)| (w.len() - suffix.len(), *replacement))
}

const STEP2: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
];

const STEP3: &[(&str, &str)] = &[
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
];

/// Step 4 suffixes. "ment" and "ent" are handled after this list because the
/// script was changed so that "-ement" words do not lose a shorter suffix first.
const STEP4: &[(&str, &str)] = &[
    ("al", ""),
    ("ance", ""),
    ("ence", ""),
    ("er", ""),
    ("ic", ""),
    ("able", ""),
    ("ible", ""),
    ("ant", ""),
    ("ement", ""),
    ("ou", ""),
    ("ism", ""),
    ("ate", ""),
    ("iti", ""),
    ("ous", ""),
    ("ive", ""),
    ("ize", ""),
];

/// The Porter stemmer exactly as ROUGE-1.5.5 runs it, including its step-4
/// changes, on a lowercased token.
pub(crate) fn porter(token: &[u8]) -> Vec<u8> {
    let mut w = token.to_vec();
    if w.len() < 3 {
        return w;
    }
    // An initial y is a consonant; upper case keeps it out of the vowel class.
    let initial_y = w[0] == b'y';
    if initial_y {
        w[0] = b'Y';
    }

    // Step 1a.
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if w.len() >= 2 && w.ends_with(b"s") && w[w.len() - 2] != b's' {
        w.pop();
    }

    // Step 1b.
    if w.ends_with(b"eed") {
        if m_gt0(&w[..w.len() - 3]) {
            w.pop();
        }
    } else if w.ends_with(b"ed") || w.ends_with(b"ing") {
        let cut = if w.ends_with(b"ed") { 2 } else { 3 };
        let stem_len = w.len() - cut;
        if has_vowel(&w[..stem_len]) {
            w.truncate(stem_len);
            let n = w.len();
            if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
                w.push(b'e');
            } else if n >= 2 && w[n - 1] == w[n - 2] && !b"aeiouylsz".contains(&w[n - 1]) {
                w.pop();
            } else if short_syllable(&w) {
                w.push(b'e');
            }
        }
    }

    // Step 1c.
    if w.ends_with(b"y") && has_vowel(&w[..w.len() - 1]) {
        let n = w.len();
        w[n - 1] = b'i';
    }

    // Steps 2 and 3.
    for list in [STEP2, STEP3] {
        if let Some((stem_len, replacement)) = longest_suffix(&w, list) {
            if m_gt0(&w[..stem_len]) {
                w.truncate(stem_len);
                w.extend_from_slice(replacement.as_bytes());
            }
        }
    }

    // Step 4: each test sees the result of the previous one.
    if let Some((stem_len, _)) = longest_suffix(&w, STEP4) {
        if m_gt1(&w[..stem_len]) {
            w.truncate(stem_len);
        }
    }
    if w.ends_with(b"ment") && m_gt1(&w[..w.len() - 4]) {
        w.truncate(w.len() - 4);
    }
    if w.ends_with(b"ent") {
        if m_gt1(&w[..w.len() - 3]) {
            w.truncate(w.len() - 3);
        }
    } else if (w.ends_with(b"sion") || w.ends_with(b"tion")) && m_gt1(&w[..w.len() - 3]) {
        w.truncate(w.len() - 3);
    }

    // Step 5.
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        if m_gt1(stem) || (m_eq1(stem) && !short_syllable(stem)) {
            w.pop();
        }
    }
    if w.ends_with(b"ll") && m_gt1(&w) {
        w.pop();
    }

    if initial_y {
        w[0] = b'y';
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(s: &str) -> String {
        String::from_utf8(stem_token(s.as_bytes(), true)).unwrap()
    }

    #[test]
    fn porter_classics() {
        for (w, s) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("agreed", "agre"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("generalizations", "gener"),
            ("adjustment", "adjust"),
            ("replacement", "replac"),
            ("controlling", "control"),
            ("yelling", "yell"),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }

    #[test]
    fn exceptions_win_over_porter_and_short_words_stay() {
        assert_eq!(stem("children"), "child");
        assert_eq!(stem("went"), "go");
        assert_eq!(stem("was"), "was");
        assert_eq!(stem("runs"), "run");
    }

    #[test]
    fn without_exceptions_porter_decides() {
        let porter = |w: &str| String::from_utf8(stem_token(w.as_bytes(), false)).unwrap();
        assert_eq!(porter("went"), "went");
        assert_eq!(porter("children"), "children");
        assert_eq!(porter("runs"), "run");
    }

    #[test]
    fn stop_words() {
        assert!(is_stop_word(b"the"));
        assert!(is_stop_word(b"whereas"));
        assert!(!is_stop_word(b"senate"));
    }

    #[test]
    fn stems_match_rouge_script_golden_list() {
        let golden = include_str!("../tests/golden/stems.txt");
        let mut checked = 0;
        for line in golden.lines() {
            let (word, expected) = line.split_once(' ').expect("word stem");
            assert_eq!(stem(word), expected, "{word}");
            checked += 1;
        }
        assert!(checked > 2000, "only {checked} words");
    }
}
