//! Names said in full and names said short: which sentences call someone by a surname alone
//! that their article introduced earlier in a longer form ("Sheriff Mike Hall", then "Hall
//! thanked the community …"). Quoted without an introduction, such a sentence leaves the reader
//! asking who that is.
//!
//! Only text that capitalizes names ([`super::document::capitalizes_names`]) is read: in
//! lowercased text a name and a word look alike.
//!
//! An event or a statement called by a bare definite noun (`The move comes after …`, `The vote
//! is expected to …`) relies on what came before in the same way, and is marked the same way
//! in text of any case ([`mark_events`]): the noun is its short form, and any sentence using
//! the noun introduces it.

use super::document::Sentence;
use super::{segment, Token};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Lowercase particles that belong to a surname after them (`al-Assad`, `van Gogh`); sorted,
/// for binary search.
const PARTICLES: &[&str] = &[
    "abu", "al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "la", "le", "van", "von",
];

/// Fills [`Sentence::full_names`] and [`Sentence::short_names`] for the sentences of one
/// article whose text capitalizes names.
///
/// A word is a name's short form in a sentence when it is capitalized (not an acronym), is not
/// joined to a capitalized word before or after it, never occurs in lowercase in the article,
/// and the article's first use of it was joined to a word before it (`Barack Obama`, `Mr.
/// Hall`, `al-Assad`): that first use introduced it, and this one relies on it. A word after
/// `the` or `a` is a modifier (`the Obama administration`), not a bare name.
///
/// Names written family name first (`Xu Wenli`, then `Xu spent 12 years in prison`) are read
/// the other way round: when the article introduces a two-word name, then uses its first word
/// alone and never its second, the first word is the short form ([`family_first`]).
pub(crate) fn mark(text: &str, sentences: &mut [Sentence], tokens: &[Token]) {
    let word = |t: &Token| &text[t.start..t.end];
    // Terms the article uses in lowercase anywhere are words, not names.
    let lowercase: HashSet<u32> = sentences
        .iter()
        .flat_map(|s| &tokens[s.tokens.clone()])
        .filter(|t| word(t).starts_with(char::is_lowercase))
        .map(|t| t.term)
        .collect();
    let uses: Vec<Vec<Use>> = sentences
        .iter()
        .map(|s| name_uses(text, &tokens[s.tokens.clone()], &lowercase))
        .collect();
    let family = family_first(&uses);
    // Per name: whether the article's first use of it was a longer form.
    let mut introduced: HashMap<u32, bool> = HashMap::default();
    for (s, uses) in sentences.iter_mut().zip(&uses) {
        let mut full = Vec::new();
        let mut short = Vec::new();
        for u in uses {
            // A family name leads its full form: `Xu` of `Xu Wenli`.
            let longer = u.joined_before || (u.joined_after && family.contains(&u.term));
            let first_use = *introduced.entry(u.term).or_insert(longer);
            if longer {
                full.push(u.term);
            } else if first_use && u.alone {
                short.push(u.term);
            }
        }
        short.retain(|n| !full.contains(n));
        short.sort_unstable();
        short.dedup();
        full.sort_unstable();
        full.dedup();
        s.full_names = full;
        s.short_names = short;
    }
}

/// One use of a word that could be a name (see [`mark`]).
struct Use {
    /// The token's index in its sentence.
    index: usize,
    term: u32,
    /// Joined to a name part before it: `Obama` in `Barack Obama`.
    joined_before: bool,
    /// Joined to a capitalized word after it: `Barack` in `Barack Obama`.
    joined_after: bool,
    /// Neither, and not a modifier after `the` or `a`: the word stands for the name alone.
    alone: bool,
}

/// The uses of name words among a sentence's tokens: capitalized, not stop words, never in
/// the article's `lowercase`.
fn name_uses(text: &str, toks: &[Token], lowercase: &HashSet<u32>) -> Vec<Use> {
    let word = |t: &Token| &text[t.start..t.end];
    let mut uses = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        if !is_name_word(word(t)) || t.stop || lowercase.contains(&t.term) {
            continue;
        }
        let before = k.checked_sub(1).map(|p| &toks[p]);
        let joined_before = before
            .is_some_and(|p| joined(&text[p.end..t.start], true) && is_name_part(word(p), p.stop));
        let joined_after = toks.get(k + 1).is_some_and(|q| {
            joined(&text[t.end..q.start], false)
                && word(q).starts_with(char::is_uppercase)
                && !q.stop
        });
        uses.push(Use {
            index: k,
            term: t.term,
            joined_before,
            joined_after,
            alone: !joined_before && !joined_after && !after_article(before.map(word)),
        });
    }
    uses
}

/// The words an article uses as family names written first: the first word `x` of a two-word
/// name `x y` that is the article's first use of `x`, where `x` is later used alone and `y`
/// never is (`Xu Wenli` … `Xu`; `Qin Yongmin` … `Qin`). A name whose second word is used alone
/// (`Barack Obama` … `Obama`) is read surname last.
fn family_first(uses: &[Vec<Use>]) -> HashSet<u32> {
    let mut seen: HashSet<u32> = HashSet::default();
    // First words of two-word names, and second words used as anything but that.
    let mut firsts: Vec<(u32, u32)> = Vec::new();
    let mut not_second: HashSet<u32> = HashSet::default();
    let mut alone: HashSet<u32> = HashSet::default();
    for sentence in uses {
        for (k, u) in sentence.iter().enumerate() {
            // The second word of a two-word name this use opens.
            let second_word = sentence.get(k + 1).filter(|n| {
                n.index == u.index + 1
                    && !u.joined_before
                    && u.joined_after
                    && n.joined_before
                    && !n.joined_after
            });
            if seen.insert(u.term) {
                if let Some(n) = second_word {
                    firsts.push((u.term, n.term));
                }
            }
            let second = u.joined_before
                && !u.joined_after
                && k > 0
                && sentence[k - 1].index + 1 == u.index
                && !sentence[k - 1].joined_before
                && sentence[k - 1].joined_after;
            if !second {
                not_second.insert(u.term);
            }
            if u.alone {
                alone.insert(u.term);
            }
        }
    }
    firsts
        .into_iter()
        .filter(|(x, y)| alone.contains(x) && !not_second.contains(y))
        .map(|(x, _)| x)
        .collect()
}

/// Nouns for an event, a statement or a document, which a sentence opening on `The` and the
/// bare noun refers back to: `The move comes after …`, `The vote is expected to …`, `The
/// reports, officials said, included …`. Sorted case-insensitively, for
/// [`segment::contains_ci`].
const EVENT_NOUNS: &[&str] = &[
    "accident",
    "action",
    "agreement",
    "announcement",
    "arrest",
    "attack",
    "bill",
    "case",
    "change",
    "changes",
    "comments",
    "crash",
    "deal",
    "decision",
    "discovery",
    "effort",
    "efforts",
    "explosion",
    "findings",
    "incident",
    "investigation",
    "law",
    "letter",
    "measure",
    "move",
    "news",
    "order",
    "plan",
    "problem",
    "proposal",
    "remarks",
    "report",
    "reports",
    "request",
    "result",
    "results",
    "ruling",
    "shooting",
    "statement",
    "step",
    "study",
    "survey",
    "verdict",
    "vote",
    "warning",
];

/// Words after such a noun that say in the same sentence which one is meant (`The decision of
/// the court`, `The vote in Israel`, `The report that …`): then it refers back to nothing.
/// Sorted, for [`segment::contains_ci`].
const DEFINING: &[&str] = &[
    "about", "against", "at", "between", "by", "for", "from", "in", "into", "of", "on", "over",
    "that", "to", "which", "who", "with",
];

/// Marks the sentences that open on `The` and a bare event noun ([`EVENT_NOUNS`]) as calling
/// that event by a short form ([`Sentence::short_names`]), and every sentence of the cluster
/// that uses the noun as introducing it ([`Sentence::full_names`]). When the sentence's own
/// article used the noun before, a summary must have used it before too (`The vote is
/// expected to …` after a sentence about the vote). When it did not, the noun stands for what
/// the sentence before it told (`… will cut 500 jobs. The move comes after …`), and the
/// sentence needs that one ([`Sentence::needs_context`]). `text_of(doc)` is an article's text.
pub(crate) fn mark_events<'t>(
    text_of: impl Fn(usize) -> &'t str,
    sentences: &mut [Sentence],
    tokens: &[Token],
) {
    let heads: Vec<(usize, u32)> = sentences
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, event_head(text_of(s.doc), s, tokens)?)))
        .collect();
    if heads.is_empty() {
        return;
    }
    let mut terms: Vec<u32> = heads.iter().map(|&(_, t)| t).collect();
    terms.sort_unstable();
    terms.dedup();
    // Every use of a head noun introduces it, except the bare use that calls it short.
    let mut next_head = heads.iter().peekable();
    for (i, s) in sentences.iter_mut().enumerate() {
        let short = next_head.next_if(|&&(h, _)| h == i).map(|&(_, t)| t);
        let toks = &tokens[s.tokens.clone()];
        let before = s.full_names.len();
        for (k, t) in toks.iter().enumerate() {
            if terms.binary_search(&t.term).is_ok() && !(k == 1 && short == Some(t.term)) {
                s.full_names.push(t.term);
            }
        }
        if s.full_names.len() > before {
            s.full_names.sort_unstable();
            s.full_names.dedup();
        }
    }
    for (i, term) in heads {
        if sentences[i].full_names.binary_search(&term).is_ok() {
            continue;
        }
        let first = i - sentences[i].position;
        let told_before = sentences[first..i]
            .iter()
            .any(|s| s.full_names.binary_search(&term).is_ok());
        let s = &mut sentences[i];
        if told_before {
            if let Err(at) = s.short_names.binary_search(&term) {
                s.short_names.insert(at, term);
            }
        } else {
            s.needs_context = true;
        }
    }
}

/// The event noun (its stem id) sentence `s` calls by a bare `The …` at its opening, if any
/// (see [`mark_events`]).
fn event_head(text: &str, s: &Sentence, tokens: &[Token]) -> Option<u32> {
    let toks = &tokens[s.tokens.clone()];
    let [the, noun, rest @ ..] = toks else {
        return None;
    };
    let word = |t: &Token| &text[t.start..t.end];
    if the.start != s.span.start
        || !word(the).eq_ignore_ascii_case("the")
        || &text[the.end..noun.start] != " "
        || !segment::contains_ci(EVENT_NOUNS, word(noun))
    {
        return None;
    }
    // `The decision of …`; or the noun is the first of a compound whose head is defined
    // (`the shooting deaths of two brothers`).
    let defining = |t: Option<&Token>, after: usize| {
        t.is_some_and(|t| &text[after..t.start] == " " && segment::contains_ci(DEFINING, word(t)))
    };
    let compound = rest
        .first()
        .is_some_and(|t| !t.stop && &text[noun.end..t.start] == " ");
    if defining(rest.first(), noun.end) || (compound && defining(rest.get(1), rest[0].end)) {
        return None;
    }
    Some(noun.term)
}

/// Whether `w` could be a name: capitalized, with a lowercase letter after the first (not an
/// acronym such as `NATO` or a lone initial).
fn is_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// Whether a word before a name is part of it: a capitalized word that is not a stop word
/// (`Barack`, `Mr`, the `S` of `U.S.`), or a surname particle (`al`).
fn is_name_part(w: &str, stop: bool) -> bool {
    (w.starts_with(char::is_uppercase) && !stop) || PARTICLES.binary_search(&w).is_ok()
}

/// Whether the text between two words joins them into one name: a space, or an initial's
/// period, or (`before` a surname) a particle's hyphen: `Barack Obama`, `John F. Kennedy`,
/// `al-Assad`. A comma or anything longer parts them.
fn joined(gap: &str, before: bool) -> bool {
    !gap.is_empty()
        && gap.len() <= 3
        && gap
            .chars()
            .all(|c| c == ' ' || c == '.' || (before && c == '-'))
}

/// Whether the word before a name makes it a modifier: `the Obama administration`.
fn after_article(before: Option<&str>) -> bool {
    before.is_some_and(|w| ["the", "a", "an", "The", "A", "An"].contains(&w))
}

#[cfg(test)]
mod tests {
    use super::super::document::AnalyzedCluster;
    use crate::clean::Cleaner;
    use crate::model::Cluster;

    /// Per sentence of a one-article cluster: (short names, full names), as words.
    fn names(text: &str) -> Vec<(Vec<String>, Vec<String>)> {
        let cluster = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&cluster, &Cleaner::default());
        let words = |ts: &[u32]| {
            let mut w: Vec<String> = ts.iter().map(|&t| a.vocab.term(t).to_owned()).collect();
            w.sort();
            w
        };
        a.sentences
            .iter()
            .map(|s| (words(&s.short_names), words(&s.full_names)))
            .collect()
    }

    #[test]
    fn a_surname_after_its_full_name_is_short() {
        let got = names(
            "Sheriff Mike Hall said the search would go on. \
             Hall thanked the community for its support. \
             Officials said Hall and Mike Hall's deputies worked all night.",
        );
        assert_eq!(got[0].0, Vec::<String>::new());
        assert_eq!(got[0].1, vec!["hall".to_owned(), "mike".to_owned()]);
        assert_eq!(got[1].0, vec!["hall".to_owned()]);
        // A sentence that names him in full as well needs nothing before it.
        assert_eq!(got[2].0, Vec::<String>::new());
    }

    #[test]
    fn particles_titles_and_initials_introduce_names() {
        let got = names(
            "Syrian President Bashar al-Assad spoke. Assad denied it. \
             Mr. Obama spoke. Obama agreed. John F. Kennedy was there. Kennedy left.",
        );
        assert_eq!(got[1].0, vec!["assad".to_owned()]);
        assert_eq!(got[3].0, vec!["obama".to_owned()]);
        assert_eq!(got[5].0, vec!["kennedi".to_owned()]);
    }

    #[test]
    fn a_family_name_written_first_is_the_short_form() {
        let got = names(
            "Police detained dissident Xu Wenli on Monday. Xu spent 12 years in prison. \
             Officials said Xu Wenli would be tried. Barack Obama spoke. Barack left. Obama agreed.",
        );
        assert!(got[0].1.contains(&"xu".to_owned()), "{got:?}");
        assert_eq!(got[1].0, vec!["xu".to_owned()]);
        assert_eq!(got[2].0, Vec::<String>::new());
        // A name whose second word is used alone is read surname last: `Barack` alone is not
        // taken for a family name.
        assert_eq!(got[4].0, Vec::<String>::new());
        assert_eq!(got[5].0, vec!["obama".to_owned()]);
    }

    #[test]
    fn event_word_lists_are_sorted_for_binary_search() {
        for list in [super::EVENT_NOUNS, super::DEFINING, super::PARTICLES] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            assert!(
                list.iter().all(|w| *w == w.to_ascii_lowercase()),
                "{list:?}"
            );
        }
    }

    #[test]
    fn a_bare_event_noun_refers_back_to_the_event() {
        let text = "Voters in Brazil go to the polls on Sunday for a new vote on the budget. \
                    Prices rose again in March. \
                    The vote is expected to return the president. \
                    The company will cut 500 jobs. \
                    The move comes after a year of losses. \
                    The decision of the court was final. \
                    The shooting deaths of two brothers were investigated.";
        let cluster = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&cluster, &Cleaner::default());
        let short: Vec<Vec<&str>> = a
            .sentences
            .iter()
            .map(|s| s.short_names.iter().map(|&t| a.vocab.term(t)).collect())
            .collect();
        let context: Vec<bool> = a.sentences.iter().map(|s| s.needs_context).collect();
        // Told before in its article: a summary must tell it before too, as the first
        // sentence does (it uses the noun, so it introduces it).
        assert_eq!(short[2], vec!["vote"]);
        assert!(a.sentences[0]
            .full_names
            .contains(&a.sentences[2].short_names[0]));
        assert!(!context[2]);
        // Not told before: the noun stands for what the sentence before it told.
        assert!(short[4].is_empty());
        assert!(context[4]);
        // Said which one in the sentence itself, or the first word of a defined compound.
        assert!(short[5].is_empty() && !context[5]);
        assert!(short[6].is_empty() && !context[6]);
        assert!(!context[1] && !context[3]);
    }

    #[test]
    fn words_names_used_bare_first_and_modifiers_are_not_short() {
        let got = names(
            "Putin met reporters in Moscow. Vladimir Putin left. Putin returned. \
             The Los Angeles Police said so. Police arrested two men; police said more. \
             President Barack Obama spoke. The Obama administration agreed. \
             NATO said so. The NATO allies met.",
        );
        // Putin was first used bare: every use stands alone.
        assert!(got.iter().all(|(short, _)| short.is_empty()), "{got:?}");
    }
}
