//! Analyze: sentences, tokens, stems, stop words and language of cleaned text.
//!
//! Every sentence and token keeps its byte offsets into the article's original text, so a
//! summary quotes its source exactly and every duplicate can be traced back.

pub mod document;
mod names;
pub mod segment;
pub mod stopwords;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// A word of a sentence, reduced to its stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word's start in the article text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// The stem's id in the cluster's [`Vocab`].
    pub term: u32,
    /// Whether the word is a stop word.
    pub stop: bool,
}

/// The stems seen in one cluster, each with a dense id, so that later stages compare integers.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    terms: Vec<String>,
    /// Lowercase surface word -> (term id, stop word?), so each distinct word is stemmed once.
    words: HashMap<String, (u32, bool)>,
}

impl Vocab {
    /// The number of distinct stems.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether no stem has been seen.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The stem with id `term`.
    pub fn term(&self, term: u32) -> &str {
        &self.terms[term as usize]
    }

    fn intern_stem(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(stem.to_owned());
        self.ids.insert(stem.to_owned(), id);
        id
    }
}

/// The language of a text, as far as herald's analysis cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English: Snowball English stemming and herald's stop words.
    English,
    /// Another language with a Snowball stemmer; no stop words are removed.
    Other(Algorithm),
    /// A language herald cannot stem: words are only lowercased.
    Unknown,
}

/// Guesses the language of `text`, defaulting to English when unsure: most of herald's input is
/// English news, and a wrong non-English guess would cost stop-word removal.
pub fn detect_language(text: &str) -> Language {
    let sample = truncate_at_char(text, 4000);
    // Most input is English news, and English shows itself in its function words long before a
    // trigram model is needed: this check is what keeps detection off the profile of grouping
    // large pools. Only words no other supported language uses commonly count.
    if reads_as_english(truncate_at_char(sample, 600)) {
        return Language::English;
    }
    let Some(info) = whatlang::detect(sample) else {
        return Language::English;
    };
    if !info.is_reliable() {
        return Language::English;
    }
    use whatlang::Lang;
    let algorithm = match info.lang() {
        Lang::Eng => return Language::English,
        Lang::Fra => Algorithm::French,
        Lang::Deu => Algorithm::German,
        Lang::Spa => Algorithm::Spanish,
        Lang::Ita => Algorithm::Italian,
        Lang::Por => Algorithm::Portuguese,
        Lang::Nld => Algorithm::Dutch,
        Lang::Swe => Algorithm::Swedish,
        Lang::Nob => Algorithm::Norwegian,
        Lang::Dan => Algorithm::Danish,
        Lang::Fin => Algorithm::Finnish,
        Lang::Hun => Algorithm::Hungarian,
        Lang::Ron => Algorithm::Romanian,
        Lang::Rus => Algorithm::Russian,
        Lang::Tur => Algorithm::Turkish,
        Lang::Ell => Algorithm::Greek,
        Lang::Ara => Algorithm::Arabic,
        Lang::Tam => Algorithm::Tamil,
        _ => return Language::Unknown,
    };
    Language::Other(algorithm)
}

/// English function words that are not common words of another language herald detects
/// (unlike "in", "is", "on", "to", "for", "was" or "die"); sorted, for binary search.
const ENGLISH_MARKERS: &[&str] = &[
    "and", "been", "from", "has", "have", "said", "that", "the", "their", "this", "were", "which",
    "with", "would",
];

/// Whether at least one word in 16 of `sample` (and at least six in all) is an English marker
/// word: English prose runs at about one in nine, other languages at next to none.
fn reads_as_english(sample: &str) -> bool {
    let (mut words, mut markers) = (0usize, 0usize);
    let mut lower = String::new();
    for word in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word.len() <= 6 && word.is_ascii() {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            markers += usize::from(ENGLISH_MARKERS.binary_search(&lower.as_str()).is_ok());
        }
    }
    markers >= 6 && markers * 16 >= words
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
pub(crate) fn truncate_at_char(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Turns words into stemmed, interned tokens for one language.
pub struct Tokenizer {
    stemmer: Option<Stemmer>,
    stop_words: bool,
}

impl Tokenizer {
    /// A tokenizer for `language`.
    pub fn new(language: Language) -> Self {
        match language {
            Language::English => Tokenizer {
                stemmer: Some(Stemmer::create(Algorithm::English)),
                stop_words: true,
            },
            Language::Other(a) => Tokenizer {
                stemmer: Some(Stemmer::create(a)),
                stop_words: false,
            },
            Language::Unknown => Tokenizer {
                stemmer: None,
                stop_words: false,
            },
        }
    }

    /// Appends the tokens of `text[range]` to `out`.
    ///
    /// A word is a maximal run of alphanumeric characters: punctuation, apostrophes and hyphens
    /// separate words, as in ROUGE's tokenization, so "al-Assad" gives "al" and "assad".
    pub fn tokenize(
        &self,
        text: &str,
        range: Range<usize>,
        vocab: &mut Vocab,
        out: &mut Vec<Token>,
    ) {
        let slice = &text[range.clone()];
        let mut word_start: Option<usize> = None;
        let mut lower = String::new();
        for (i, c) in slice
            .char_indices()
            .chain(std::iter::once((slice.len(), ' ')))
        {
            if c.is_alphanumeric() {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(ws) = word_start.take() {
                let word = &slice[ws..i];
                lower.clear();
                if word.is_ascii() {
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                } else {
                    lower.extend(word.chars().flat_map(char::to_lowercase));
                }
                let (term, stop) = self.lookup(&lower, vocab);
                out.push(Token {
                    start: range.start + ws,
                    end: range.start + i,
                    term,
                    stop,
                });
            }
        }
    }

    fn lookup(&self, lower: &str, vocab: &mut Vocab) -> (u32, bool) {
        if let Some(&hit) = vocab.words.get(lower) {
            return hit;
        }
        let stop = self.stop_words && stopwords::is_stop_word(lower);
        let term = match &self.stemmer {
            Some(s) => {
                let stem = s.stem(lower);
                vocab.intern_stem(&stem)
            }
            None => vocab.intern_stem(lower),
        };
        vocab.words.insert(lower.to_owned(), (term, stop));
        (term, stop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool)> {
        let mut vocab = Vocab::default();
        let mut out = Vec::new();
        Tokenizer::new(Language::English).tokenize(text, 0..text.len(), &mut vocab, &mut out);
        out.iter()
            .map(|t| (vocab.term(t.term).to_owned(), t.stop))
            .collect()
    }

    #[test]
    fn stems_lowercases_and_marks_stop_words() {
        let got = words("The Leaders held talks");
        let want = [
            ("the", true),
            ("leader", false),
            ("held", false),
            ("talk", false),
        ];
        assert_eq!(got.len(), want.len());
        for ((g, gs), (w, ws)) in got.iter().zip(want) {
            assert_eq!((g.as_str(), *gs), (w, ws));
        }
    }

    #[test]
    fn splits_on_hyphens_and_apostrophes_and_keeps_offsets() {
        let text = "al-Assad’s 1,400";
        let mut vocab = Vocab::default();
        let mut out = Vec::new();
        Tokenizer::new(Language::English).tokenize(text, 0..text.len(), &mut vocab, &mut out);
        let spans: Vec<&str> = out.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["al", "Assad", "s", "1", "400"]);
    }

    #[test]
    fn same_word_gets_same_term() {
        let text = "Syria syria SYRIA";
        let mut vocab = Vocab::default();
        let mut out = Vec::new();
        Tokenizer::new(Language::English).tokenize(text, 0..text.len(), &mut vocab, &mut out);
        assert!(out.iter().all(|t| t.term == out[0].term));
        assert_eq!(vocab.len(), 1);
    }

    #[test]
    fn detects_english_and_french() {
        assert_eq!(
            detect_language("The president met his counterpart on Friday to discuss the war in Syria and the sanctions."),
            Language::English
        );
        assert_eq!(
            detect_language("Le président a rencontré son homologue vendredi pour discuter de la guerre en Syrie et des sanctions."),
            Language::Other(Algorithm::French)
        );
    }

    #[test]
    fn english_function_words_settle_the_language_before_the_trigram_model() {
        let english = "The talks, which had been planned for weeks, ended with no deal. Officials \
                       said that the two sides would meet again and that their teams have been \
                       asked to draft a statement with the main points.";
        assert!(reads_as_english(english));
        assert_eq!(detect_language(english), Language::English);
        // Other languages carry next to none of the marker words, so the model decides.
        for (text, algorithm) in [
            (
                "Die Gespräche, die seit Wochen geplant waren, endeten ohne Einigung. Beamte \
              sagten, dass sich beide Seiten wieder treffen würden und dass ihre Teams eine \
              Erklärung mit den wichtigsten Punkten entwerfen sollen.",
                Algorithm::German,
            ),
            (
                "De gesprekken, die al weken gepland waren, eindigden zonder akkoord. Ambtenaren \
              zeiden dat de twee partijen elkaar opnieuw zouden ontmoeten en dat hun teams een \
              verklaring met de belangrijkste punten moeten opstellen.",
                Algorithm::Dutch,
            ),
            (
                "Las conversaciones, que se habían planeado durante semanas, terminaron sin \
              acuerdo. Los funcionarios dijeron que las dos partes volverían a reunirse y que \
              sus equipos redactarán una declaración con los puntos principales.",
                Algorithm::Spanish,
            ),
        ] {
            assert!(!reads_as_english(text), "{text}");
            assert_eq!(detect_language(text), Language::Other(algorithm), "{text}");
        }
        // A few English words in a short line are not enough to skip the model.
        assert!(!reads_as_english("The end"));
    }

    #[test]
    fn truncates_on_char_boundary() {
        assert_eq!(truncate_at_char("héllo", 2), "h");
        assert_eq!(truncate_at_char("héllo", 3), "hé");
    }
}
