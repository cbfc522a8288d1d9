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
///
/// The first sentence of the article's opening that the summarizer could open a brief with
/// (`quotable_lead`): read as the analysis reads it, without the photo credit, dateline or
/// byline a page ran into it, and neither furniture, nor spliced, nor leaning on what came
/// before. When the opening has none, the first sentence that is not web furniture and has at
/// least five words; the very first when none is.
///
/// In text that does not capitalize names (Multi-News is lowercased), the headline's first
/// letter is made a capital, as every headline of edited text has one: a list of stories
/// opening some on `the united states …` and others on `Nearly 2,400 …` read as broken.
pub fn lead_headline_of(article: &Article, cleaned: &crate::clean::Cleaned) -> String {
    // Read once: a scan of the whole body.
    let cased = crate::analyze::document::capitalizes_names(article.body());
    let headline = match quotable_lead(article) {
        Some(sentence) => cut_to_headline(&sentence),
        None => first_sentence_headline(article, cleaned, cased),
    };
    if cased {
        return headline;
    }
    capitalize_first_letter(&headline)
}

/// `text` with its first letter (after any opening quotes or brackets) in capitals.
fn capitalize_first_letter(text: &str) -> String {
    match text.char_indices().find(|(_, c)| c.is_alphanumeric()) {
        Some((k, c)) if c.is_lowercase() => {
            let mut out = String::with_capacity(text.len() + 2);
            out.push_str(&text[..k]);
            out.extend(c.to_uppercase());
            out.push_str(&text[k + c.len_utf8()..]);
            out
        }
        _ => text.to_owned(),
    }
}

/// Bytes of an article's body read for its lead, in turn: the first few sentences hold it in
/// most articles, and a page's furniture before it seldom runs past the second reach. The cost
/// of an article's headline does not grow with the article.
const LEAD_BYTES: [usize; 2] = [600, 3000];

/// The first sentence of the body's opening (see [`LEAD_BYTES`]) that the summarizer would
/// quote at the head of a brief, as the analysis of a cluster of this one article gives it:
/// what the sentence says after the credit, dateline or byline cut from its front; not
/// furniture, not spliced from two texts, not needing the sentence before it, of at least
/// [`MIN_LEAD_WORDS`] words, ending as a sentence does, and not a page template's.
fn quotable_lead(article: &Article) -> Option<String> {
    let start = article.body_offset();
    for reach in LEAD_BYTES {
        let mut end = (start + reach).min(article.text.len());
        while !article.text.is_char_boundary(end) {
            end -= 1;
        }
        let whole = end == article.text.len();
        // The opening only, ended where a line or a sentence does, so that what is cut off is
        // not read as a sentence that trails off.
        if !whole {
            let opening = &article.text[start..end];
            if let Some(k) = opening.rfind(['\n', '.', '!', '?']) {
                end = start + k + 1;
            }
        }
        if let Some(lead) = quotable_in(article, end) {
            return Some(lead);
        }
        if whole {
            break;
        }
    }
    None
}

/// [`quotable_lead`] within `article.text[..end]`.
fn quotable_in(article: &Article, end: usize) -> Option<String> {
    let cluster = crate::model::Cluster {
        articles: vec![Article {
            text: article.text[..end].to_owned(),
            id: article.id.clone(),
            title: article.title.clone(),
            site: article.site.clone(),
            url: article.url.clone(),
            body_start: article.body_start,
            ..Article::default()
        }],
        ..Default::default()
    };
    // Stems are not needed to tell which sentence could open a brief, and were most of the
    // cost of reading an opening.
    let analysis =
        crate::analyze::document::AnalyzedCluster::unstemmed(&cluster, &Cleaner::default());
    let templates = crate::clean::templates::Templates::shipped();
    (0..analysis.sentences.len())
        .find(|&i| {
            let s = &analysis.sentences[i];
            let text = analysis.text(i);
            !s.furniture
                && !s.spliced
                && !s.needs_context
                && s.words >= MIN_LEAD_WORDS
                && crate::clean::ends_like_sentence(text)
                && !templates.contains(text)
        })
        .map(|i| analysis.text(i).trim().to_owned())
}

/// The first sentence of the cleaned body of at least five words that is not web furniture
/// (`See more of … on facebook`, a photo's caption); the very first when none is.
fn first_sentence_headline(
    article: &Article,
    cleaned: &crate::clean::Cleaned,
    cased: bool,
) -> String {
    // Read as the summarizer reads it: in lowercased text (Multi-News), a capital after
    // `p.m.` is the detokenizer's, not a new sentence's (`in a 3 p.m. Press conference`).
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
    cut_to_headline(sentences.find(names_it).unwrap_or(first))
}

/// `sentence` as a headline: whole up to [`LEAD_WORDS`] words, else cut where a clause ends
/// and marked with `…`.
fn cut_to_headline(sentence: &str) -> String {
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
    fn the_lead_is_the_first_sentence_a_brief_could_open_with() {
        // A photo credit and an update stamp the page ran into the lead are not the story's.
        let credited = Article {
            id: "a".into(),
            text: "( ap photo/carolyn kaster ) ( associated press ) president barack obama and \
                   poland's prime minister donald tusk arrive for a joint news conference in \
                   warsaw. the two leaders discussed the crisis in ukraine."
                .into(),
            ..Article::default()
        };
        let h = lead_headline(&credited, &Cleaner::default());
        assert!(h.starts_with("president barack obama and poland's"), "{h}");
        // A feature's opening that leans on what the reader has not been told gives way to
        // the first sentence that stands alone.
        let feature = Article {
            id: "b".into(),
            text: "But this brush with death isn't anything new for her. The actress was \
                   sentenced to 480 hours of community service on Tuesday for violating her \
                   probation."
                .into(),
            ..Article::default()
        };
        assert_eq!(
            lead_headline(&feature, &Cleaner::default()),
            "The actress was sentenced to 480 hours of community service on Tuesday for \
             violating her probation."
        );
        // Only the opening is read: a first quotable sentence far into a long article is not
        // looked for, and the first sentence of five words stands.
        let long = Article {
            id: "c".into(),
            text: format!(
                "But it was never going to be easy. {}The council approved the new budget.",
                "And so it went on, as it had before. ".repeat(100)
            ),
            ..Article::default()
        };
        assert_eq!(
            lead_headline(&long, &Cleaner::default()),
            "But it was never going to be easy."
        );
    }

    #[test]
    fn a_headline_of_lowercased_text_opens_on_a_capital_and_edited_text_is_left_as_it_is() {
        assert_eq!(capitalize_first_letter("the vote"), "The vote");
        assert_eq!(capitalize_first_letter("\" why now? \""), "\" Why now? \"");
        assert_eq!(capitalize_first_letter("élan vital"), "Élan vital");
        assert_eq!(capitalize_first_letter("2,400 games"), "2,400 games");
        let lowercased = Article {
            id: "a".into(),
            // Long enough for its case to be judged (`capitalizes_names` needs 40 words).
            text: "the united states is considering adding venezuela to its list of state \
                   sponsors of terrorism. officials said no decision has been made and that \
                   the review would take weeks. the state department declined to comment on \
                   the talks, which began in the spring and have been held in private, with \
                   envoys from both countries meeting in a third country every few weeks \
                   since then."
                .into(),
            ..Article::default()
        };
        let h = lead_headline(&lowercased, &Cleaner::default());
        assert!(h.starts_with("The united states is considering"), "{h}");
        // Edited text keeps its own case: `eBay` stays as the writer had it.
        let edited = Article {
            id: "b".into(),
            text: "eBay said on Monday that it would cut jobs in Europe and Asia.".into(),
            ..Article::default()
        };
        let h = lead_headline(&edited, &Cleaner::default());
        assert!(h.starts_with("eBay said"), "{h}");
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
