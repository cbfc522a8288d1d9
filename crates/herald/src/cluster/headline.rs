//! A story's headline: the title of its most central article without the outlet's name, or,
//! for an article without a usable title, its first sentence.

use crate::clean::Cleaner;
use crate::model::Article;

/// Words of a lead sentence kept in a headline; a longer one is cut and marked with `…`.
const LEAD_WORDS: usize = 24;

/// A lead sentence cut at a clause's end keeps at least this many words: an earlier clause is
/// as often the opening one, before the sentence's subject (`Attempting to refute a central
/// allegation in the government's antitrust case,`).
const MIN_CLAUSE_WORDS: usize = 16;

/// A lead sentence shorter than this (`Got your attention? good.`) says too little to name a
/// story; the next one is taken.
const MIN_LEAD_WORDS: usize = 5;

/// `title` without an outlet's name that pages append or prepend (`… - CNN`, `BBC News | …`,
/// `… – The Washington Post`): a segment after the last (or before the first) separator that
/// names `site`, or that is a short run of capitalised words or a domain, when the rest is
/// long enough to be a headline on its own.
pub fn strip_outlet(title: &str, site: Option<&str>) -> String {
    const SEPARATORS: [&str; 5] = [" | ", " - ", " – ", " — ", " :: "];
    let mut t = title.trim();
    let names = |segment: &str| {
        let s = segment.trim();
        let lower = s.to_lowercase();
        let is_site = site.is_some_and(|site| {
            let site = site.trim().to_lowercase();
            !site.is_empty() && (lower == site || lower.contains(&site) || site.contains(&lower))
        });
        let words: Vec<&str> = s.split_whitespace().collect();
        let looks_like_name = !words.is_empty()
            && words.len() <= 4
            && words.iter().all(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                    || matches!(*w, "of" | "the" | "and" | "for" | "de")
            });
        let domain = words.len() == 1 && s.contains('.') && !s.ends_with('.');
        is_site || looks_like_name || domain
    };
    // At most one name at each end.
    for sep in SEPARATORS {
        if let Some((rest, tail)) = t.rsplit_once(sep) {
            if rest.split_whitespace().count() >= 3 && names(tail) {
                t = rest.trim();
                break;
            }
        }
    }
    for sep in SEPARATORS {
        if let Some((head, rest)) = t.split_once(sep) {
            if rest.split_whitespace().count() >= 3
                && site.is_some_and(|_| names(head))
                && head.split_whitespace().count() <= 3
            {
                t = rest.trim();
                break;
            }
        }
    }
    t.to_owned()
}

/// The first sentence of the article's cleaned body that can name it (see
/// [`lead_headline_of`]), cut to a headline's length; empty when cleaning left nothing.
pub fn lead_headline(article: &Article, cleaner: &Cleaner) -> String {
    lead_headline_of(article, &cleaner.clean(article))
}

/// [`lead_headline`] for an article already cleaned (`cleaned` is `Cleaner::clean(article)`).
/// The first sentence that is not web furniture (`See more of … on facebook`, a photo's
/// caption) and has at least five words; the very first when none is.
pub fn lead_headline_of(article: &Article, cleaned: &crate::clean::Cleaned) -> String {
    // Read as the summarizer reads it: in lowercased text (Multi-News), a capital after
    // `p.m.` is the detokenizer's, not a new sentence's (`in a 3 p.m. Press conference`).
    let cased = crate::analyze::document::capitalizes_names(article.body());
    let mut sentences = cleaned
        .paragraphs
        .iter()
        .flat_map(|p| {
            let paragraph = &article.text[p.clone()];
            crate::analyze::segment::sentences_in(paragraph, cased)
                .into_iter()
                .map(move |r| &paragraph[r])
        })
        .peekable();
    let Some(&first) = sentences.peek() else {
        return String::new();
    };
    let names_it = |s: &&str| {
        let words = s
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        words >= MIN_LEAD_WORDS && !crate::clean::is_web_furniture(s)
    };
    let sentence = sentences.find(names_it).unwrap_or(first);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= LEAD_WORDS {
        return words.join(" ");
    }
    // Cut where a clause ends, when one ends late enough to leave a headline's worth: `… Gen.
    // Augusto Pinochet…` rather than `… Gen. Augusto Pinochet, in London for…`.
    let clause_end = (MIN_CLAUSE_WORDS..LEAD_WORDS).rev().find(|&i| {
        words[i - 1].ends_with([',', ';', ':']) || matches!(words[i], "_" | "-" | "–" | "—")
    });
    let mut end = clause_end.unwrap_or(LEAD_WORDS);
    // Nor on a word that leads into what was cut (`crowded with…`, `the chairman of…`).
    while end > MIN_LEAD_WORDS
        && crate::analyze::stopwords::is_stop_word(&words[end - 1].to_lowercase())
    {
        end -= 1;
    }
    let mut cut = words[..end]
        .join(" ")
        .trim_end_matches([',', ';', ':'])
        .to_owned();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_names_come_off_the_title() {
        let cases = [
            (
                "Obama, Putin make little headway - CNN.com",
                None,
                "Obama, Putin make little headway",
            ),
            (
                "Rift remains after talks | The Straits Times",
                Some("The Straits Times"),
                "Rift remains after talks",
            ),
            (
                "Quake kills dozens in coastal city – BBC News",
                None,
                "Quake kills dozens in coastal city",
            ),
            (
                "Reuters - Quake kills dozens in coastal city",
                Some("Reuters"),
                "Quake kills dozens in coastal city",
            ),
            // A dash inside the headline is the headline's own.
            (
                "Talks end - but the rift remains deep",
                None,
                "Talks end - but the rift remains deep",
            ),
            (
                "Putin, Obama hold talks on Syria in Russia",
                None,
                "Putin, Obama hold talks on Syria in Russia",
            ),
            // Too little would be left.
            ("Syria - BBC", None, "Syria - BBC"),
        ];
        for (title, site, want) in cases {
            assert_eq!(strip_outlet(title, site), want, "{title}");
        }
    }

    #[test]
    fn a_lead_sentence_stands_in_for_a_missing_title() {
        let a = Article {
            id: "a".into(),
            text: "WASHINGTON (AP) _ The Senate passed the budget late on Friday after a long debate. \
                   Both parties claimed victory."
                .into(),
            ..Article::default()
        };
        assert_eq!(
            lead_headline(&a, &Cleaner::default()),
            "The Senate passed the budget late on Friday after a long debate."
        );
        let long = Article {
            id: "b".into(),
            text: format!("{}.", vec!["word"; 40].join(" ")),
            ..Article::default()
        };
        let h = lead_headline(&long, &Cleaner::default());
        assert!(
            h.ends_with('…') && h.split_whitespace().count() == LEAD_WORDS,
            "{h}"
        );
        let empty = Article::default();
        assert_eq!(lead_headline(&empty, &Cleaner::default()), "");
        // A long lead is cut where its last clause within reach ends.
        let clauses = Article {
            id: "c".into(),
            text: "An influential lawmaker from the governing Labor Party on Saturday backed \
                   Spanish requests to question former Chilean dictator Gen. Augusto Pinochet, in \
                   London for back surgery, on allegations of genocide and terrorism."
                .into(),
            ..Article::default()
        };
        let trailing = Article {
            id: "d".into(),
            text: "A panicky telephone call in poor Swedish was the first word that authorities \
                   got of a fire racing through a dance hall crowded with teenagers on Friday."
                .into(),
            ..Article::default()
        };
        assert_eq!(
            lead_headline(&trailing, &Cleaner::default()),
            "A panicky telephone call in poor Swedish was the first word that authorities got \
             of a fire racing through a dance hall crowded…"
        );
        assert_eq!(
            lead_headline(&clauses, &Cleaner::default()),
            "An influential lawmaker from the governing Labor Party on Saturday backed Spanish \
             requests to question former Chilean dictator Gen. Augusto Pinochet…"
        );
    }

    #[test]
    fn web_furniture_and_a_few_words_do_not_make_a_headline() {
        let a = Article {
            id: "a".into(),
            text: "Got your attention? See more of jazzy rowe on facebook. The county opened a \
                   shelter for families displaced by the flood on friday."
                .into(),
            ..Article::default()
        };
        assert_eq!(
            lead_headline(&a, &Cleaner::default()),
            "The county opened a shelter for families displaced by the flood on friday."
        );
        // With nothing better, the first sentence still stands.
        let short = Article {
            id: "b".into(),
            text: "The road is closed.".into(),
            ..Article::default()
        };
        assert_eq!(
            lead_headline(&short, &Cleaner::default()),
            "The road is closed."
        );
    }

    #[test]
    fn lowercased_text_is_split_as_the_summarizer_splits_it() {
        // Multi-News capitalises every word after a period, `p.m.` too.
        let a = Article {
            id: "a".into(),
            text: "In a 3 p.m. Press conference, the mayor said the bridge would reopen on monday.                    Officials had warned of delays for weeks, and drivers on the east side said \
                   the detour through the old mill district had added half an hour to every \
                   trip into town. the city council will vote on the repair budget next week, \
                   and the state has promised to pay for most of the work on the crossing."
                .into(),
            ..Article::default()
        };
        assert_eq!(
            lead_headline(&a, &Cleaner::default()),
            "In a 3 p.m. Press conference, the mayor said the bridge would reopen on monday."
        );
    }
}
