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

/// Writes to `out` the `-m` stem of a lowercased token. ROUGE-1.5.5 only
/// stems tokens longer than three bytes; shorter ones are kept unchanged.
/// `wordnet` says whether WordNet's exceptions are consulted first.
pub(crate) fn stem_into(token: &[u8], wordnet: bool, out: &mut Vec<u8>) {
    out.clear();
    match wordnet.then(|| exception(token)).flatten() {
        Some(base) if token.len() > 3 => out.extend_from_slice(base.as_bytes()),
        _ => {
            out.extend_from_slice(token);
            if token.len() > 3 {
                porter(out);
            }
        }
    }
}

/// [`stem_into`] into a new vector.
#[cfg(test)]
pub(crate) fn stem_token(token: &[u8], wordnet: bool) -> Vec<u8> {
    let mut out = Vec::new();
    stem_into(token, wordnet, &mut out);
    out
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
    /// Whether the class holds bytes of byte class `x` (see [`byte_class`]).
    const fn holds(self, x: usize) -> bool {
        match self {
            Class::Consonant => x != A,
            Class::StrictConsonant => x == W || x == K,
            Class::Vowel => x == A || x == Y,
            Class::StrictVowel => x == A,
            Class::Closing => x == K,
        }
    }
}

/// Byte classes that the pattern classes are unions of: `aeiou`, `y`, `w`
/// or `x`, and every other byte (including the protected initial `Y`).
const A: usize = 0;
const Y: usize = 1;
const W: usize = 2;
const K: usize = 3;

fn byte_class(b: u8) -> usize {
    match b {
        b'a' | b'e' | b'i' | b'o' | b'u' => A,
        b'y' => Y,
        b'w' | b'x' => W,
        _ => K,
    }
}

#[derive(Clone, Copy)]
enum Elem {
    One(Class),
    Many(Class),
}

use Class::*;
use Elem::*;

/// The pieces of the script's patterns: a consonant sequence `C` is one
/// consonant then any non-`aeiouy`; a vowel sequence `V` is one vowel then any
/// of `aeiou`.
const C1: Elem = One(Consonant);
const C2: Elem = Many(StrictConsonant);
const V1: Elem = One(Vowel);
const V2: Elem = Many(StrictVowel);

/// One of the script's start-anchored regular expressions as a
/// nondeterministic automaton over [`byte_class`]es, run with one bit per
/// pattern position. Perl finds a match exactly when one exists, so this
/// decides the same as its backtracking.
struct Nfa {
    /// Per byte class: positions whose single element takes the byte.
    one: [u32; 4],
    /// Per byte class: positions whose repeated element takes the byte.
    many: [u32; 4],
    /// Positions holding a repeated element, which may also match nothing.
    skip: u32,
    /// Positions to start from; starting past a leading `(C)?` makes it optional.
    start: u32,
    /// Positions that complete a match.
    accept: u32,
    /// Whether the match must end at the end of the string (`$`).
    to_end: bool,
}

impl Nfa {
    const fn new(pattern: &[Elem], start: u32, accept: u32, to_end: bool) -> Nfa {
        let mut nfa = Nfa {
            one: [0; 4],
            many: [0; 4],
            skip: 0,
            start,
            accept,
            to_end,
        };
        let mut k = 0;
        while k < pattern.len() {
            let mut x = 0;
            while x < 4 {
                match pattern[k] {
                    One(c) if c.holds(x) => nfa.one[x] |= 1 << k,
                    Many(c) if c.holds(x) => nfa.many[x] |= 1 << k,
                    _ => {}
                }
                x += 1;
            }
            if let Many(_) = pattern[k] {
                // One closure step suffices because no two repeated elements
                // are adjacent.
                assert!(k + 1 == pattern.len() || matches!(pattern[k + 1], One(_)));
                nfa.skip |= 1 << k;
            }
            k += 1;
        }
        nfa
    }

    fn matches(&self, s: &[u8]) -> bool {
        let mut set = self.start;
        set |= (set & self.skip) << 1;
        for &b in s {
            if !self.to_end && set & self.accept != 0 {
                return true;
            }
            let x = byte_class(b);
            set = ((set & self.one[x]) << 1) | (set & self.many[x]);
            set |= (set & self.skip) << 1;
            if set == 0 {
                return false;
            }
        }
        set & self.accept != 0
    }
}

/// Positions `k` as a bit set.
const fn at(ks: &[u32]) -> u32 {
    let mut set = 0;
    let mut i = 0;
    while i < ks.len() {
        set |= 1 << ks[i];
        i += 1;
    }
    set
}

/// `^(C)?VC`: measure greater than zero.
const MGR0: Nfa = Nfa::new(&[C1, C2, V1, V2, C1, C2], at(&[0, 2]), at(&[6]), false);
/// `^(C)?VCVC`: measure greater than one.
const MGR1: Nfa = Nfa::new(
    &[C1, C2, V1, V2, C1, C2, V1, V2, C1, C2],
    at(&[0, 2]),
    at(&[10]),
    false,
);
/// `^(C)?VC(V)?$`: measure exactly one.
const MEQ1: Nfa = Nfa::new(
    &[C1, C2, V1, V2, C1, C2, V1, V2],
    at(&[0, 2]),
    at(&[6, 8]),
    true,
);
/// `^(C)?v`: the stem contains a vowel.
const HAS_VOWEL: Nfa = Nfa::new(&[C1, C2, V1], at(&[0, 2]), at(&[3]), false);
/// `^Cv[^aeiouwxy]$`: a short syllable spanning the whole stem.
const SHORT: Nfa = Nfa::new(&[C1, C2, V1, One(Closing)], at(&[0]), at(&[4]), true);

fn m_gt0(s: &[u8]) -> bool {
    MGR0.matches(s)
}

fn m_gt1(s: &[u8]) -> bool {
    MGR1.matches(s)
}

fn m_eq1(s: &[u8]) -> bool {
    MEQ1.matches(s)
}

fn has_vowel(s: &[u8]) -> bool {
    HAS_VOWEL.matches(s)
}

fn short_syllable(s: &[u8]) -> bool {
    SHORT.matches(s)
}

/// `w.ends_with(suffix)` for the short suffixes of the stemmer, compared in
/// line rather than through `memcmp`.
#[inline]
fn ends(w: &[u8], suffix: &[u8]) -> bool {
    w.len() >= suffix.len()
        && w[w.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(a, b)| a == b)
}

/// A list of `(suffix, replacement)` pairs, indexed by the last letter of
/// the suffix.
struct Suffixes {
    list: &'static [(&'static str, &'static str)],
    /// Per letter `a..=z`: the entries whose suffix ends with it, as bits.
    by_last: [u32; 26],
}

impl Suffixes {
    const fn new(list: &'static [(&'static str, &'static str)]) -> Suffixes {
        assert!(list.len() <= 32);
        let mut by_last = [0u32; 26];
        let mut k = 0;
        while k < list.len() {
            let suffix = list[k].0.as_bytes();
            let last = suffix[suffix.len() - 1];
            assert!(last.is_ascii_lowercase());
            by_last[(last - b'a') as usize] |= 1 << k;
            k += 1;
        }
        Suffixes { list, by_last }
    }

    /// Longest suffix of `w` from the list, as the length of the stem before
    /// it and its replacement: a `$`-anchored alternation matches at the
    /// leftmost start, which is the longest candidate.
    fn longest(&self, w: &[u8]) -> Option<(usize, &'static str)> {
        let last = *w.last()?;
        if !last.is_ascii_lowercase() {
            return None;
        }
        let mut candidates = self.by_last[(last - b'a') as usize];
        let mut best: Option<(usize, &'static str)> = None;
        while candidates != 0 {
            let (suffix, replacement) = self.list[candidates.trailing_zeros() as usize];
            candidates &= candidates - 1;
            if ends(w, suffix.as_bytes())
                && best.is_none_or(|(stem, _)| w.len() - suffix.len() < stem)
            {
                best = Some((w.len() - suffix.len(), replacement));
            }
        }
        best
    }
}

const STEP2: Suffixes = Suffixes::new(&[
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
]);

const STEP3: Suffixes = Suffixes::new(&[
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
]);

/// Step 4 suffixes. "ment" and "ent" are handled after this list because the
/// script was changed so that "-ement" words do not lose a shorter suffix first.
const STEP4: Suffixes = Suffixes::new(&[
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
]);

/// The Porter stemmer exactly as ROUGE-1.5.5 runs it, including its step-4
/// changes, on a lowercased token.
fn porter(w: &mut Vec<u8>) {
    if w.len() < 3 {
        return;
    }
    // An initial y is a consonant; upper case keeps it out of the vowel class.
    let initial_y = w[0] == b'y';
    if initial_y {
        w[0] = b'Y';
    }

    // Step 1a.
    if ends(w, b"sses") || ends(w, b"ies") {
        w.truncate(w.len() - 2);
    } else if w.len() >= 2 && ends(w, b"s") && w[w.len() - 2] != b's' {
        w.pop();
    }

    // Step 1b.
    if ends(w, b"eed") {
        if m_gt0(&w[..w.len() - 3]) {
            w.pop();
        }
    } else if ends(w, b"ed") || ends(w, b"ing") {
        let cut = if ends(w, b"ed") { 2 } else { 3 };
        let stem_len = w.len() - cut;
        if has_vowel(&w[..stem_len]) {
            w.truncate(stem_len);
            let n = w.len();
            if ends(w, b"at") || ends(w, b"bl") || ends(w, b"iz") {
                w.push(b'e');
            } else if n >= 2 && w[n - 1] == w[n - 2] && !b"aeiouylsz".contains(&w[n - 1]) {
                w.pop();
            } else if short_syllable(w) {
                w.push(b'e');
            }
        }
    }

    // Step 1c.
    if ends(w, b"y") && has_vowel(&w[..w.len() - 1]) {
        let n = w.len();
        w[n - 1] = b'i';
    }

    // Steps 2 and 3.
    for list in [&STEP2, &STEP3] {
        if let Some((stem_len, replacement)) = list.longest(w) {
            if m_gt0(&w[..stem_len]) {
                w.truncate(stem_len);
                w.extend_from_slice(replacement.as_bytes());
            }
        }
    }

    // Step 4: each test sees the result of the previous one.
    if let Some((stem_len, _)) = STEP4.longest(w) {
        if m_gt1(&w[..stem_len]) {
            w.truncate(stem_len);
        }
    }
    if ends(w, b"ment") && m_gt1(&w[..w.len() - 4]) {
        w.truncate(w.len() - 4);
    }
    if ends(w, b"ent") {
        if m_gt1(&w[..w.len() - 3]) {
            w.truncate(w.len() - 3);
        }
    } else if (ends(w, b"sion") || ends(w, b"tion")) && m_gt1(&w[..w.len() - 3]) {
        w.truncate(w.len() - 3);
    }

    // Step 5.
    if ends(w, b"e") {
        let stem = &w[..w.len() - 1];
        if m_gt1(stem) || (m_eq1(stem) && !short_syllable(stem)) {
            w.pop();
        }
    }
    if ends(w, b"ll") && m_gt1(w) {
        w.pop();
    }

    if initial_y {
        w[0] = b'y';
    }
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

    /// The script's patterns, each alternative of `(C)?` and `(V)?` spelled
    /// out, matched by backtracking as perl does.
    fn by_backtracking(pattern: &[Elem], to_end: bool, s: &[u8]) -> bool {
        fn has(c: Class, b: u8) -> bool {
            match c {
                Consonant => !b"aeiou".contains(&b),
                StrictConsonant => !b"aeiouy".contains(&b),
                Vowel => b"aeiouy".contains(&b),
                StrictVowel => b"aeiou".contains(&b),
                Closing => !b"aeiouwxy".contains(&b),
            }
        }
        fn go(p: &[Elem], to_end: bool, s: &[u8], i: usize) -> bool {
            match p.split_first() {
                None => !to_end || i == s.len(),
                Some((One(c), rest)) => i < s.len() && has(*c, s[i]) && go(rest, to_end, s, i + 1),
                Some((Many(c), rest)) => {
                    let run = s[i..].iter().take_while(|&&b| has(*c, b)).count();
                    (0..=run).rev().any(|k| go(rest, to_end, s, i + k))
                }
            }
        }
        go(pattern, to_end, s, 0)
    }

    #[test]
    fn automata_decide_like_backtracking() {
        let c = [C1, C2];
        let v = [V1, V2];
        let cat = |parts: &[&[Elem]]| parts.concat();
        // Every sequence of byte classes up to 8 long, and more letters on
        // shorter words.
        let mut words: Vec<Vec<u8>> = Vec::new();
        for (alphabet, longest) in [(&b"aywb"[..], 8), (&b"aeiywxbY"[..], 5)] {
            let mut frontier = vec![Vec::new()];
            for _ in 0..longest {
                frontier = frontier
                    .iter()
                    .flat_map(|w: &Vec<u8>| {
                        alphabet.iter().map(move |&b| [w.as_slice(), &[b]].concat())
                    })
                    .collect();
                words.extend(frontier.iter().cloned());
            }
        }
        for w in &words {
            let either = |rest: &[Elem], to_end: bool| {
                by_backtracking(&cat(&[&c, rest]), to_end, w) || by_backtracking(rest, to_end, w)
            };
            assert_eq!(m_gt0(w), either(&cat(&[&v, &c]), false), "{w:?}");
            assert_eq!(m_gt1(w), either(&cat(&[&v, &c, &v, &c]), false), "{w:?}");
            assert_eq!(
                m_eq1(w),
                either(&cat(&[&v, &c]), true) || either(&cat(&[&v, &c, &v]), true),
                "{w:?}"
            );
            assert_eq!(has_vowel(w), either(&[V1], false), "{w:?}");
            assert_eq!(
                short_syllable(w),
                by_backtracking(&[C1, C2, V1, One(Closing)], true, w),
                "{w:?}"
            );
        }
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
