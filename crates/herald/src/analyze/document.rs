//! The analysed cluster: every article cleaned, segmented and tokenized, with the sentence
//! facts the later stages need.

use super::{detect_language, segment, Token, Tokenizer, Vocab};
use crate::cancel::{Cancel, Cancelled};
use crate::clean::{
    agency_dateline_len, byline_len, caption_len, ends_on_caption_label, has_glued_question_mark,
    is_all_capitals, is_web_furniture, list_number_len, looks_spliced, opens_on_glued_heading,
    region_dateline_len, Cleaned, Cleaner, Furniture, Removed,
};
use crate::model::Cluster;
use std::ops::Range;

/// One sentence of one article.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Index of its article in the cluster.
    pub doc: usize,
    /// Its position among the article's sentences, from 0.
    pub position: usize,
    /// Byte range in the article text.
    pub span: Range<usize>,
    /// Its tokens, as a range into [`AnalyzedCluster::tokens`].
    pub tokens: Range<usize>,
    /// Whitespace-separated words, a run of Chinese or Japanese counted as one word per two
    /// characters ([`crate::analyze::segment::word_count`]).
    pub words: usize,
    /// Needs the sentence before it to be understood: it opens on a pronoun or connective, is
    /// a quote whose speaker is not named in it, or goes on with a quotation an earlier
    /// sentence opened.
    pub needs_context: bool,
    /// Leaves a quotation open that the next sentence goes on with: quoted without it, the
    /// reader would see a quote mark that never closes.
    pub continues: bool,
    /// A caption or link was spliced into it, its text is damaged (a question mark glued
    /// between letters, or the whole sentence set in capitals), or it speaks in the first
    /// person outside a quotation (an outlet's, a company's or a writer's own voice); it must
    /// not be quoted.
    pub spliced: bool,
    /// Page furniture ([`crate::clean::is_web_furniture`]) inside a quotation or aside over
    /// several sentences, kept there to hold the quotation together; it must not be quoted.
    /// Furniture anywhere else is removed before it becomes a sentence.
    pub furniture: bool,
    /// The names (stem ids) it gives in a longer form, which introduces them: `Barack Obama`,
    /// `Mr. Hall`; and the event nouns a sentence of the cluster calls short that it uses
    /// (`a new vote on the budget`). Sorted.
    pub full_names: Vec<u32>,
    /// The names (stem ids) it calls by a short form that its article introduced earlier in a
    /// longer one (`Hall` after `Sheriff Mike Hall`), and the event it calls by a bare noun
    /// that its article used before (`The vote is expected …`): in a summary, a sentence
    /// giving the longer form, or using the noun, must come before it. Sorted. The module
    /// `analyze::names` marks both.
    pub short_names: Vec<u32>,
}

/// An article after cleaning and analysis.
#[derive(Debug, Clone)]
pub struct Document {
    /// The cleaning result: title, prose paragraphs, removed furniture.
    pub cleaned: Cleaned,
    /// Its sentences, as a range into [`AnalyzedCluster::sentences`].
    pub sentences: Range<usize>,
    /// Whether its text capitalizes names (`capitalizes_names`), as edited prose does.
    pub cased: bool,
}

/// A cluster after cleaning and analysis. Sentences and tokens of all documents live in two flat
/// vectors, in document order, so that stages can index them cheaply.
#[derive(Debug)]
pub struct AnalyzedCluster<'a> {
    /// The cluster as read.
    pub cluster: &'a Cluster,
    /// One entry per article of the cluster, in the same order.
    pub documents: Vec<Document>,
    /// Every sentence of every document.
    pub sentences: Vec<Sentence>,
    /// Every token of every sentence.
    pub tokens: Vec<Token>,
    /// The cluster's stems.
    pub vocab: Vocab,
}

impl<'a> AnalyzedCluster<'a> {
    /// Cleans and analyses every article of `cluster`.
    pub fn new(cluster: &'a Cluster, cleaner: &Cleaner) -> Self {
        match Self::new_cancellable(cluster, cleaner, &Cancel::default()) {
            Ok(a) => a,
            Err(Cancelled) => unreachable!("a default Cancel is never raised"),
        }
    }

    /// [`AnalyzedCluster::new`], stopping before the next article once `cancel` is raised.
    pub fn new_cancellable(
        cluster: &'a Cluster,
        cleaner: &Cleaner,
        cancel: &Cancel,
    ) -> Result<Self, Cancelled> {
        let all_text: String = cluster
            .articles
            .iter()
            .map(|a| super::truncate_at_char(a.body(), 1000))
            .collect::<Vec<_>>()
            .join("\n");
        let tokenizer = Tokenizer::new(detect_language(&all_text));
        Self::with_tokenizer(cluster, cleaner, cancel, &tokenizer)
    }

    /// The sentences of `cluster` and what the analysis says of each, its words lowercased but
    /// not stemmed, and no language guessed: for a reader of the sentences' marks (which
    /// could open a brief), not of their concepts. About four times cheaper than
    /// [`AnalyzedCluster::new`].
    pub(crate) fn unstemmed(cluster: &'a Cluster, cleaner: &Cleaner) -> Self {
        let tokenizer = Tokenizer::new(super::Language::Unknown);
        match Self::with_tokenizer(cluster, cleaner, &Cancel::default(), &tokenizer) {
            Ok(a) => a,
            Err(Cancelled) => unreachable!("a default Cancel is never raised"),
        }
    }

    fn with_tokenizer(
        cluster: &'a Cluster,
        cleaner: &Cleaner,
        cancel: &Cancel,
        tokenizer: &Tokenizer,
    ) -> Result<Self, Cancelled> {
        let mut out = AnalyzedCluster {
            cluster,
            documents: Vec::with_capacity(cluster.articles.len()),
            sentences: Vec::new(),
            tokens: Vec::new(),
            vocab: Vocab::default(),
        };
        for (doc, article) in cluster.articles.iter().enumerate() {
            cancel.check()?;
            let mut cleaned = cleaner.clean(article);
            let cased = capitalizes_names(article.body());
            let first = out.sentences.len();
            let mut position = 0;
            for para in &cleaned.paragraphs {
                let mut quotes = Quotation::default();
                let para_text = &article.text[para.clone()];
                let mut asides = Asides::new(para_text);
                // The cleaner may have cut a dateline or caption just before this paragraph.
                let cut_before_paragraph = cleaned.removed.iter().any(|r| {
                    r.span.end == para.start
                        && matches!(r.reason, Furniture::Dateline | Furniture::Caption)
                });
                for local in segment::sentences_in(para_text, cased) {
                    let inside = quotes.open_at(para_text, local.start);
                    let open_after = quotes.open_at(para_text, local.end);
                    // An aside in brackets over several sentences binds them as a quotation
                    // does.
                    let in_aside = asides.open_at(local.start);
                    let aside_after = asides.open_at(local.end);
                    let mut span = para.start + local.start..para.start + local.end;
                    // The segmenter keeps a detached closing bracket with the sentence before
                    // it, as none opens on one; one that closes nothing would dangle there.
                    span.end = para.start + asides.without_stray_closer(para_text, local.clone());
                    // A "sentence" that is nothing but a bracket closing nothing (`said. ) )`)
                    // has nothing left to say.
                    if span.is_empty() {
                        continue;
                    }
                    let start = span.start;
                    // A photo caption the page ran into the text ends in its credit; the
                    // sentence proper starts after it.
                    let cut = caption_len(&article.text[span.clone()]);
                    cut_front(&mut span, cut, Furniture::Caption, &mut cleaned.removed);
                    // An agency dateline, or a place dateline with its region, opens the story
                    // wherever it stands: a flattened page may run the story's first paragraph
                    // into the same paragraph as its headline and photo credit, or into the
                    // middle of the text after a teaser of the story.
                    let here = &article.text[span.clone()];
                    let cut =
                        agency_dateline_len(here).unwrap_or_else(|| region_dateline_len(here));
                    cut_front(&mut span, cut, Furniture::Dateline, &mut cleaned.removed);
                    if position < 3 {
                        // So does a byline the page ran into the story.
                        let cut = byline_len(&article.text[span.clone()], cased);
                        cut_front(&mut span, cut, Furniture::Dateline, &mut cleaned.removed);
                    }
                    // A numbered list's item number is not part of what the item says.
                    let cut = list_number_len(&article.text[span.clone()]);
                    cut_front(&mut span, cut, Furniture::ListNumber, &mut cleaned.removed);
                    let text = &article.text[span.clone()];
                    // A label that announces a caption (`image caption`, as the BBC's pages
                    // print it) has the caption right after it, and the caption runs into the
                    // story's sentence without a stop: the sentence is not the writer's,
                    // whichever stage cut the label.
                    let caption_glued = ends_on_caption_label(&article.text[..span.start]);
                    // Page furniture is no sentence of the article: it goes, so that the
                    // sentences around it follow each other (a quote after a share button still
                    // finds its speaker named before). Inside a quotation or an aside over
                    // several sentences it stays, never quoted, so that they keep both ends.
                    let furniture = is_web_furniture(text);
                    if furniture && !(inside || open_after || in_aside || aside_after) {
                        cleaned.removed.push(Removed {
                            span: span.clone(),
                            reason: Furniture::WebText,
                        });
                        continue;
                    }
                    let after_cut =
                        span.start > start || (start == para.start && cut_before_paragraph);
                    let t0 = out.tokens.len();
                    tokenizer.tokenize(
                        &article.text,
                        span.clone(),
                        &mut out.vocab,
                        &mut out.tokens,
                    );
                    if out.tokens.len() == t0 {
                        continue;
                    }
                    if inside && !open_after {
                        // The quotation that opened earlier closes here: whether the
                        // sentence that opened it can stand first depends on the speaker
                        // being named after the close, as for a one-sentence quote.
                        if let Some(opener) = quotes.opener.take() {
                            out.sentences[opener].needs_context = !speaker_named(text, cased);
                        }
                    }
                    if !inside && open_after {
                        let opens_on_quote = text.trim_start().starts_with(OPEN_QUOTES);
                        quotes.opener = opens_on_quote.then_some(out.sentences.len());
                    }
                    out.sentences.push(Sentence {
                        doc,
                        position,
                        span,
                        tokens: t0..out.tokens.len(),
                        words: crate::analyze::segment::word_count(text),
                        needs_context: inside || in_aside || needs_context(text, cased, after_cut),
                        continues: open_after || aside_after,
                        spliced: caption_glued
                            || (!(inside || open_after) && speaks_in_the_first_person(text))
                            || looks_spliced(text)
                            || has_glued_question_mark(text)
                            || opens_on_glued_heading(text)
                            || is_all_capitals(text)
                            || repeats_its_opening(&article.text, &out.tokens[t0..]),
                        furniture,
                        full_names: Vec::new(),
                        short_names: Vec::new(),
                    });
                    position += 1;
                }
            }
            if cased {
                super::names::mark(&article.text, &mut out.sentences[first..], &out.tokens);
            }
            out.documents.push(Document {
                cleaned,
                sentences: first..out.sentences.len(),
                cased,
            });
        }
        super::names::mark_events(
            |doc| cluster.articles[doc].text.as_str(),
            &mut out.sentences,
            &out.tokens,
        );
        Ok(out)
    }

    /// The text of sentence `i`.
    pub fn text(&self, i: usize) -> &'a str {
        let s = &self.sentences[i];
        &self.cluster.articles[s.doc].text[s.span.clone()]
    }

    /// The tokens of sentence `i`.
    pub fn tokens_of(&self, i: usize) -> &[Token] {
        &self.tokens[self.sentences[i].tokens.clone()]
    }
}

/// Moves the start of `span` past its first `len` bytes, furniture of kind `reason`, and
/// records what was removed; nothing when `len` is 0.
fn cut_front(span: &mut Range<usize>, len: usize, reason: Furniture, removed: &mut Vec<Removed>) {
    if len > 0 {
        removed.push(Removed {
            span: span.start..span.start + len,
            reason,
        });
        span.start += len;
    }
}

/// Words that, opening a sentence, point back to something said before it.
const DANGLING_OPENERS: &[&str] = &[
    "additionally",
    "afterward",
    "afterwards",
    "also",
    "and",
    "besides",
    "both",
    "but",
    "consequently",
    "furthermore",
    "hence",
    "her",
    "he",
    "his",
    "however",
    "instead",
    "it",
    "its",
    "likewise",
    "meanwhile",
    "moreover",
    "nevertheless",
    "nonetheless",
    "or",
    "otherwise",
    "she",
    "similarly",
    "so",
    "still",
    "such",
    "that",
    "their",
    "them",
    "then",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "thus",
    "yet",
];

const OPEN_QUOTES: &[char] = &['"', '“', '‘', '\'', '`', '«'];
const CLOSE_QUOTES: &[char] = &['"', '”', '’', '\'', '»'];

/// Whether a sentence says its first two words again further on, straight after a word: the
/// page ran a headline or caption into the story, which opens by naming its subject again
/// (`richard carpenter to music companies you screwed me richard carpenter sues …`). Only
/// content words count; after a stop word or a mark, prose is naming something again inside
/// a phrase (`the first beer brewed on the white house grounds`, `… bipolar i, bipolar ii`).
fn repeats_its_opening(text: &str, tokens: &[Token]) -> bool {
    let [a, b, rest @ ..] = tokens else {
        return false;
    };
    if a.stop || b.stop {
        return false;
    }
    // The repeat comes after at least two more words: a headline has a few.
    rest.windows(3).skip(1).any(|w| {
        let [before, x, y] = w else { return false };
        x.term == a.term
            && y.term == b.term
            && !before.stop
            && text[before.end..x.start].chars().all(char::is_whitespace)
    })
}

/// Whether a sentence cannot stand on its own at the head of a summary or after an unrelated
/// sentence: it opens on a pronoun, a connective or lowercase, or it is a quote whose speaker
/// is not named ("…,” he said.").
///
/// A lowercase start counts as continuing an earlier sentence only in `cased` text (see
/// [`capitalizes_names`]) and not `after_cut`: after a cut dateline or caption ("dallas ( ap )
/// — a dallas police officer died…") the lowercase start is the sentence's own, and in text
/// that was lowercased as a whole every sentence may start so. Then only what the sentence
/// opens on (a quote, a pronoun, a connective) counts.
pub(crate) fn needs_context(sentence: &str, cased: bool, after_cut: bool) -> bool {
    let s = sentence.trim_start();
    if s.starts_with(OPEN_QUOTES) {
        return !names_speaker(s, cased);
    }
    // An aside in brackets that is a sentence of its own remarks on what came before (`( too
    // late! ) the crossbow …`, `(The company declined to comment.)`). A bracket of a few
    // words without a stop is a tag (`( lvmpd ) police said …`, a date, an agency).
    if s.starts_with(['(', '[']) {
        let close = s.find([')', ']']).unwrap_or(s.len());
        if s[1..close].trim_end().ends_with(['.', '!', '?', '…']) || close == s.len() {
            return true;
        }
    }
    let first: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if cased && !after_cut && s.starts_with(|c: char| c.is_lowercase()) {
        return true;
    }
    if DANGLING_OPENERS.contains(&first.as_str()) || counts_what_came_before(&first, s) {
        return true;
    }
    segment::starts_with_ci(s, "the two ")
        || (s.contains(" a similar ") && !s.contains("similar to"))
        || refers_back_with_this(s)
        || ends_on_that(s)
        || leans_on_a_connective(s)
        || attributed_to_a_pronoun(s)
        || opens_on_a_phrase_that_points_back(s)
        || pronoun_after_an_opening(s, cased)
}

/// Whether a sentence opens on a phrase that points back at what was said before it: `By
/// comparison, …`, `For its part, …`, `Of these patients, …`, `Among them was …`.
fn opens_on_a_phrase_that_points_back(s: &str) -> bool {
    // Set off by a comma: `In addition to her duties, …` and `In response to the attack, …`
    // name what they add to or answer.
    let phrase = POINTING_PHRASES
        .iter()
        .any(|p| segment::starts_with_ci(s, p) && s[p.len()..].starts_with(','));
    let mut words = s
        .split_whitespace()
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()));
    phrase
        || (words
            .next()
            .is_some_and(|w| segment::contains_ci(&["among", "besides", "of", "unlike"], w))
            && words
                .next()
                .is_some_and(|w| segment::contains_ci(&["them", "these", "those"], w)))
}

/// Opening phrases that point back at what came before them, lowercase.
const POINTING_PHRASES: &[&str] = &[
    "as a result",
    "at the same time",
    "by comparison",
    "by contrast",
    "even so",
    "for her part",
    "for his part",
    "for its part",
    "for their part",
    "in addition",
    "in contrast",
    "in other words",
    "in response",
    "in turn",
    "on the other hand",
    "that said",
    "to that end",
];

/// Whether a pronoun is the subject straight after a short opening — an adverb (`Now it wants
/// its money back.`, `Luckily, his comments …`) or a phrase on a preposition (`On Monday, he
/// said …`, `In 1992, they won …`): who "he" is was said before. An opening clause has a
/// subject of its own that the pronoun may stand for (`When officers arrived, they found …`),
/// and so, in `cased` text, has an opening that names someone (`During Obama's visit, he
/// said …`). `It` followed by a form of "be" or a verb of seeming is mostly the empty subject
/// of `it was reported that …` and is left alone.
fn pronoun_after_an_opening(s: &str, cased: bool) -> bool {
    let mut first_words = [""; 7];
    let mut n = 0;
    for w in s.split_whitespace().take(first_words.len()) {
        first_words[n] = w;
        n += 1;
    }
    let words = &first_words[..n];
    let Some(first) = words.first().map(|w| w.trim_end_matches(',')) else {
        return false;
    };
    let on_preposition = segment::contains_ci(OPENING_PREPOSITIONS, first);
    let lead = segment::contains_ci(
        &[
            "eventually",
            "later",
            "now",
            "once",
            "soon",
            "today",
            "yesterday",
        ],
        first,
    );
    let names = |opening: &[&str]| {
        cased
            && opening.iter().skip(1).any(|w| {
                let core = w.trim_matches(|c: char| !c.is_alphanumeric());
                core.starts_with(char::is_uppercase)
                    && !segment::contains_ci(segment::TIME_FOLLOWERS, core)
            })
    };
    (1..words.len()).any(|i| {
        let after_opening = (i == 1 && (lead || words[0].ends_with(',')))
            || (on_preposition && i <= 5 && words[i - 1].ends_with(','));
        let subject = if words[i].eq_ignore_ascii_case("it") {
            words
                .get(i + 1)
                .is_some_and(|next| !segment::contains_ci(EMPTY_IT_VERBS, next))
        } else {
            segment::contains_ci(&["he", "her", "his", "she", "their", "they"], words[i])
        };
        after_opening && subject && !names(&words[..i])
    })
}

/// Prepositions that open a phrase of time, place or manner before a sentence's subject;
/// sorted, for `segment::contains_ci`. `after`, `before` and `since` also open clauses, and are left out.
const OPENING_PREPOSITIONS: &[&str] = &[
    "amid",
    "at",
    "by",
    "during",
    "for",
    "from",
    "in",
    "on",
    "through",
    "throughout",
    "under",
    "with",
    "without",
];

/// Words after which `it` is mostly an empty subject (`it was reported`, `it seems`); sorted,
/// for `segment::contains_ci`.
const EMPTY_IT_VERBS: &[&str] = &[
    "appeared", "appears", "could", "had", "has", "is", "may", "might", "remains", "seemed",
    "seems", "was", "will", "would",
];

/// Whether a sentence speaks in the first person outside any quotation in it: the voice of
/// the outlet (`we're told she hit the first car`, `as we previously reported`), of a
/// company's statement (`Our hearts are with the family …`) or of a writer (`… tells me he
/// had complained`, `My family has decided to move`), which a summary cannot quote without
/// saying whose it is. `us` is left out, as lowercased text writes the country so; `I`, which
/// is also a numeral (`World War I`, `bipolar i`), counts only before a verb of [`I_VERBS`]
/// (`I am sorry for that`, `i haven't seen`, `I'm`) and not after a noun of [`NUMBERED`]. A
/// sentence whose straight quotes do not pair up is left alone, as where its quotation runs is
/// unknown.
fn speaks_in_the_first_person(s: &str) -> bool {
    if s.matches('"').count() % 2 == 1 {
        return false;
    }
    // The same reading of quotation marks as a paragraph's, over this one sentence.
    let mut quotes = Quotation::default();
    let mut words = s.split(|c: char| !c.is_alphanumeric());
    let mut before = "";
    while let Some(w) = words.next() {
        let at = w.as_ptr() as usize - s.as_ptr() as usize;
        let first_person = segment::contains_ci(FIRST_PERSON, w)
            || (w.eq_ignore_ascii_case("i")
                && !segment::contains_ci(NUMBERED, before)
                && words.clone().find(|n| !n.is_empty()).is_some_and(|n| {
                    // What joins `I` to the next word: an apostrophe for a contraction
                    // (`I'm`, `i ' ve`), white space for a verb (`I am`; not `I. M. Pei`).
                    let gap = &s[at + 1..n.as_ptr() as usize - s.as_ptr() as usize];
                    if gap.contains(['\'', '’']) {
                        ["m", "ve", "ll", "d"]
                            .iter()
                            .any(|c| n.eq_ignore_ascii_case(c))
                    } else {
                        gap.chars().all(char::is_whitespace) && segment::contains_ci(I_VERBS, n)
                    }
                }));
        if first_person && !quotes.open_at(s, at) {
            return true;
        }
        if !w.is_empty() {
            before = w;
        }
    }
    false
}

/// Nouns a Roman numeral follows (`World War I was`, `Phase I will`); sorted, for
/// `segment::contains_ci`.
const NUMBERED: &[&str] = &[
    "act", "chapter", "class", "grade", "level", "part", "phase", "stage", "tier", "title", "type",
    "volume", "war",
];

/// Verbs after which `I` is the speaker, not a numeral (`don`, `haven`, … as split from
/// `don't`, `haven't`); sorted, for `segment::contains_ci`.
const I_VERBS: &[&str] = &[
    "am", "believe", "can", "could", "did", "didn", "do", "don", "feel", "had", "have", "haven",
    "hope", "knew", "know", "think", "thought", "want", "was", "wasn", "will", "would",
];

/// The words of a speaker in the first person that [`speaks_in_the_first_person`] looks for;
/// sorted, for `segment::contains_ci`.
const FIRST_PERSON: &[&str] = &["me", "my", "myself", "our", "ours", "ourselves", "we"];

/// Whether a connective set off by commas inside a sentence ties it to what came before:
/// `In Bangkok, however, there are some silver linings.`, `The plan, too, failed.`, `It was
/// a bad year, though.` Without the commas the same words are conjunctions or adverbs of the
/// sentence's own (`though it rained`, `too late`).
fn leans_on_a_connective(s: &str) -> bool {
    after_commas(s).any(|mut words| {
        words.next().is_some_and(|word| {
            let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            word[core.len()..].starts_with([',', '.', ';', '!', '?'])
                && segment::contains_ci(INNER_CONNECTIVES, core)
        })
    })
}

/// The words after each comma of `s` that ends a word: where a connective or an attribution
/// set off by commas starts. Most sentences have few commas, so this is cheaper than reading
/// every word.
fn after_commas(s: &str) -> impl Iterator<Item = std::str::SplitWhitespace<'_>> {
    s.match_indices(',')
        .map(move |(k, _)| &s[k + 1..])
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(str::split_whitespace)
}

/// Connectives that, set off by commas inside a sentence, refer to what came before it;
/// sorted, for `segment::contains_ci`.
const INNER_CONNECTIVES: &[&str] = &[
    "also",
    "consequently",
    "furthermore",
    "however",
    "instead",
    "likewise",
    "meanwhile",
    "moreover",
    "nevertheless",
    "nonetheless",
    "similarly",
    "therefore",
    "though",
    "thus",
    "too",
];

/// Whether a sentence that is not a quotation of its own is attributed to a pronoun:
/// `Seventeen others died in landslides, he said.`, `The cause, she said, was a leak.` The
/// speaker was named in a sentence before it.
///
/// The attribution is the whole clause: the verb closes it or at most three words do (`, he
/// said in a statement.`); in `On Monday, he said the talks would resume.` the pronoun is the
/// sentence's subject, which [`pronoun_after_an_opening`] judges.
fn attributed_to_a_pronoun(s: &str) -> bool {
    after_commas(s).any(|mut words| {
        let pronoun = words
            .next()
            .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()));
        if !pronoun.is_some_and(|p| segment::contains_ci(ATTRIBUTED_PRONOUNS, p)) {
            return false;
        }
        let Some(verb) = words.next() else {
            return false;
        };
        if !segment::contains_ci(
            segment::SPEECH_VERBS,
            verb.trim_end_matches(|c: char| !c.is_alphanumeric()),
        ) {
            return false;
        }
        // The verb or one of the three words after it closes the clause: with a comma, or
        // with the sentence.
        let mut tail = std::iter::once(verb).chain(words);
        for _ in 0..4 {
            match tail.next() {
                Some(w) if w.ends_with(',') => return true,
                Some(w) if w.ends_with(['.', ';', '!', '?']) => return tail.next().is_none(),
                Some(_) => {}
                None => return false,
            }
        }
        false
    })
}

/// Pronouns that, as the speaker of an attribution inside a sentence, stand for someone
/// named before; sorted, for `segment::contains_ci`. `I` and `you` speak in quotations.
const ATTRIBUTED_PRONOUNS: &[&str] = &["he", "it", "she", "they", "we"];

/// Whether a sentence ends on "that" as a pronoun, pointing at what was said before it:
/// `Golestan residents, contacted by telephone, disputed that.`, `"We can't allow that," he
/// said.` Inside a sentence "that" is mostly a conjunction or relative pronoun and is left
/// alone.
fn ends_on_that(s: &str) -> bool {
    let bytes = s.as_bytes();
    s.match_indices("that")
        .chain(s.match_indices("That"))
        .any(|(at, _)| {
            let end = at + 4;
            // A whole word, not the sentence's first.
            let whole = at > 0
                && !bytes[at - 1].is_ascii_alphanumeric()
                && bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
            // Only punctuation closes it: a stop, or a comma that closes a quotation.
            let after = s[end..].trim_start_matches(CLOSE_QUOTES);
            whole
                && !s[..at].trim().is_empty()
                && (after.starts_with(['.', '!', '?'])
                    || after
                        .strip_prefix(',')
                        .is_some_and(|r| r.trim_start().starts_with(CLOSE_QUOTES)))
        })
}

/// Whether a sentence opens on a number standing for things named before it: `Two are
/// believed to be independents.`, `Three of them were hurt.` A number before its noun (`Two
/// people were hurt.`) names what it counts.
///
/// A number of `others` counts on from things named before (`Seventeen others died in
/// landslides.`), and so does one of `more` as the subject (`12 more were hurt.`); `Two more
/// tunnels were found.` names what it counts.
fn counts_what_came_before(first: &str, s: &str) -> bool {
    let number = segment::contains_ci(COUNTING_WORDS, first);
    let mut rest = s
        .split_whitespace()
        .skip(1)
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()));
    let mut ahead = rest.clone();
    let on_from_before = match ahead.next() {
        Some("others") => true,
        Some("more") => ahead
            .next()
            .is_some_and(|w| segment::contains_ci(COUNTED_VERBS, w)),
        _ => false,
    };
    let digits = !first.is_empty() && first.chars().all(|c| c.is_ascii_digit());
    if on_from_before && (number || digits) {
        return true;
    }
    if !number {
        return false;
    }
    match rest.next() {
        Some("of") => rest
            .next()
            .is_some_and(|w| ["them", "these", "those", "whom"].contains(&w)),
        Some(w) => segment::contains_ci(COUNTED_VERBS, w),
        None => false,
    }
}

/// Number words that can stand for the things they count; sorted, for `segment::contains_ci`.
const COUNTING_WORDS: &[&str] = &[
    "eight",
    "eighteen",
    "eleven",
    "fifteen",
    "five",
    "four",
    "fourteen",
    "nine",
    "nineteen",
    "one",
    "seven",
    "seventeen",
    "six",
    "sixteen",
    "ten",
    "thirteen",
    "three",
    "twelve",
    "twenty",
    "two",
];

/// Verbs that, straight after a number, make it the subject: the noun it counts was named
/// before. Sorted, for `segment::contains_ci`.
const COUNTED_VERBS: &[&str] = &[
    "are", "had", "have", "is", "remain", "remained", "remains", "was", "were", "will", "would",
];

/// Whether "this" stands as a pronoun after a sentence's first word, pointing at something said
/// before: `The pope mentioned this in his homily.`, `Critics compare this to the cost of …`,
/// `"We don't think this will be an issue," he said.` Followed by a noun it is a determiner
/// (`this week`) and refers to nothing earlier.
fn refers_back_with_this(s: &str) -> bool {
    let mut words = s.split_whitespace().skip(1).peekable();
    while let Some(w) = words.next() {
        let core = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        if !segment::starts_with_ci(core, "this") {
            continue;
        }
        let tail = &core[4..];
        if tail.starts_with(char::is_alphanumeric) || tail.starts_with(['\'', '’', '-']) {
            continue;
        }
        if !tail.is_empty() {
            // `this.`, `this,`, `this?''`; `from this:` points forward, at what follows.
            return !tail.starts_with(':');
        }
        if words.peek().is_some_and(|next| {
            let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
            segment::contains_ci(THIS_PRONOUN_FOLLOWERS, next)
        }) {
            return true;
        }
    }
    false
}

/// Words after which "this" is a pronoun, not a determiner, or with which it makes one (`would
/// love this one`); sorted, for `segment::contains_ci`.
const THIS_PRONOUN_FOLLOWERS: &[&str] = &[
    "at", "because", "could", "for", "from", "had", "happened", "has", "in", "is", "means",
    "meant", "on", "one", "to", "was", "will", "with", "would",
];

/// Pronouns that, as the subject of an attribution, leave the speaker unnamed; sorted, for
/// `segment::contains_ci`.
const PRONOUNS: &[&str] = &["he", "i", "it", "one", "she", "they", "we", "you"];

/// Whether a sentence that opens on a quote names who said it after the closing quote. In
/// `cased` text a name is a capitalised word ("…,” Obama said."). In lowercased text ("…, "
/// said gabe garrison of happy camp.") the attribution's subject is the first word that is not
/// a speech verb, and it names the speaker unless it is a pronoun ("…, " he said.").
fn names_speaker(s: &str, cased: bool) -> bool {
    // Skip the opening quote mark: a straight quote is both an opener and a closer.
    let open_len = s.chars().next().map_or(0, char::len_utf8);
    speaker_named(&s[open_len..], cased)
}

/// Whether the attribution after the last closing quote mark of `quoted` (a quotation's text
/// from after its opening mark) names the speaker; see [`names_speaker`].
fn speaker_named(quoted: &str, cased: bool) -> bool {
    let Some(close) = quoted.rfind(CLOSE_QUOTES) else {
        return false;
    };
    let mut words = quoted[close..]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    if cased {
        return words.any(|w| w.starts_with(char::is_uppercase) && w != "I");
    }
    words
        .find(|w| !segment::contains_ci(segment::SPEECH_VERBS, w))
        .is_some_and(|w| !segment::contains_ci(PRONOUNS, w))
}

/// Whether a quotation is open at a point of a paragraph, read forward from its start, and
/// which sentence opened it. Straight double quotes open and close in turn (the segmenter's
/// own parity); curly ones and guillemets say which they do. Single quotes are left out: they
/// double as apostrophes.
#[derive(Default)]
struct Quotation {
    straight: segment::QuoteParity,
    /// Curly quotes, guillemets and typewriter pairs (``` `` ```) opened and not closed
    /// before `upto`.
    depth: usize,
    upto: usize,
    /// The sentence that opened the open quotation, when it opens on the quote mark.
    opener: Option<usize>,
}

impl Quotation {
    /// Whether a quotation is open at byte `p` of the paragraph `text`; `p` never moves back.
    fn open_at(&mut self, text: &str, p: usize) -> bool {
        if p > self.upto {
            // Bytes, not chars: every mark looked for starts with a byte no other character's
            // encoding holds (`“` is E2 80 9C, `«` C2 AB).
            let bytes = &text.as_bytes()[self.upto..p];
            let mut k = 0;
            while k < bytes.len() {
                match &bytes[k..] {
                    [0xE2, 0x80, 0x9C, ..] | [0xC2, 0xAB, ..] => self.depth += 1,
                    [0xE2, 0x80, 0x9D, ..] | [0xC2, 0xBB, ..] => {
                        self.depth = self.depth.saturating_sub(1)
                    }
                    // Newswire's typewriter quotes (AP, NYT): two backquotes open, two
                    // apostrophes close; a single one is an apostrophe.
                    [b'`', b'`', ..] => {
                        self.depth += 1;
                        k += 1;
                    }
                    [b'\'', b'\'', ..] => {
                        self.depth = self.depth.saturating_sub(1);
                        k += 1;
                    }
                    _ => {}
                }
                k += 1;
            }
            self.upto = p;
        }
        self.straight.open_at(text, p) || self.depth > 0
    }
}

/// Whether a text capitalises names, as edited prose does. Some corpora lowercase everything
/// but each sentence's first letter (Multi-News: "rhode island's gov. Lincoln chafee"); there
/// the case of a sentence's first letter tells nothing about a continuation, and a speaker's
/// name is not capitalised. Counted over words that follow a lowercase word or a comma, where
/// only names take a capital (not "I"): 3.7% of them or more in every DUC, MultiLing and
/// full-text Multi-News article, none in truncated Multi-News. A text with fewer than 40 such
/// words is taken to be cased, as most text is.
pub(crate) fn capitalizes_names(text: &str) -> bool {
    let (mut inner, mut capitals) = (0usize, 0usize);
    let mut words = text.split_whitespace();
    let Some(mut prev) = words.next() else {
        return true;
    };
    for w in words {
        let after_word = prev
            .chars()
            .next_back()
            .is_some_and(|c| c.is_lowercase() || c == ',');
        if after_word && w.starts_with(char::is_alphabetic) {
            inner += 1;
            if w.starts_with(char::is_uppercase) && w != "I" && !w.starts_with("I'") {
                capitals += 1;
            }
        }
        prev = w;
    }
    inner < 40 || capitals * 100 >= inner
}

/// The brackets of a paragraph that close, round or square, read forward from its start: which
/// sentences an aside runs over (`( note: she confirmed it monday. She was dressed as a zombie.
/// )`), and which closing bracket closes nothing.
struct Asides {
    /// Byte positions of the brackets that pair up, in order: +1 opens, -1 closes.
    marks: Vec<(usize, i32)>,
    /// Marks counted into `depth` so far.
    next: usize,
    depth: i32,
}

impl Asides {
    fn new(text: &str) -> Self {
        let mut marks = Vec::new();
        let mut open: Vec<(usize, u8)> = Vec::new();
        for (k, b) in text.bytes().enumerate() {
            let pair = match b {
                b'(' | b'[' => {
                    open.push((k, b));
                    continue;
                }
                b')' => b'(',
                b']' => b'[',
                _ => continue,
            };
            if let Some(&(at, _)) = open.last().filter(|o| o.1 == pair) {
                open.pop();
                marks.push((at, 1));
                marks.push((k, -1));
            }
        }
        marks.sort_unstable();
        Asides {
            marks,
            next: 0,
            depth: 0,
        }
    }

    /// Whether an aside is open at byte `p` (its closing bracket not yet before `p`); `p`
    /// never moves back.
    fn open_at(&mut self, p: usize) -> bool {
        while let Some(&(_, step)) = self.marks.get(self.next).filter(|m| m.0 < p) {
            self.depth += step;
            self.next += 1;
        }
        self.depth > 0
    }

    /// Where the sentence `range` of `text` ends without a detached closing bracket (`…
    /// dressed as a zombie. )`) that closes no bracket of the paragraph; its end if it has none.
    /// Never before its start: a sentence of a lone stray bracket becomes empty.
    fn without_stray_closer(&self, text: &str, range: Range<usize>) -> usize {
        let end = range.end;
        let Some(before) = text[..end].strip_suffix([')', ']']) else {
            return end;
        };
        if before.ends_with(char::is_whitespace)
            && self.marks.binary_search(&(end - 1, -1)).is_err()
        {
            before.trim_end().len().max(range.start)
        } else {
            end
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Article;

    #[test]
    fn dangling_openers_need_context() {
        for s in [
            "He said the talks were useful.",
            "But he said he was encouraged.",
            "However, the vote failed.",
            "Both leaders said they could work together.",
            "The two men hold opposing views.",
            "Putin gave reporters a similar account, adding that they disagreed.",
            "“This is not something we fabricated,” he said.",
            "\"If we are serious, a response is required.\"",
            "\"We spoke sitting down... it was a constructive, meaningful, cordial conversation.",
            "and then it ended.",
            "( too late! ) the crossbow is perched on the dash between us.",
            "(The company declined to comment on the ruling.)",
            "The pope mentioned this in his homily.",
            "Critics have been quick to compare this to the $177 million spent on the games.",
            "``We don't think this will be much of an issue,'' a spokesman said.",
            "Nobody expected this.",
            "Chicken Little would love this one.",
            "Two are believed to be independents.",
            "Three of them were taken to hospital.",
            "One was killed, police said.",
            "Golestan residents, contacted by telephone, disputed that.",
            "\"We can't allow that,\" he said.",
            "\"Nobody wants that!\" she said.",
            "In Bangkok, however, there are some silver linings.",
            "The plan, too, failed.",
            "It was a bad year, though.",
            "Seventeen others died in landslides in nearby Camarines Sur province, he said.",
            "The cause, she said, was a leak.",
            "Revenue fell 3 percent, it said in a statement.",
            "By comparison, breast cancer screening begins at 40.",
            "For his part, Simpson seemed unaltered.",
            "Of these patients, nearly 15 percent were younger than 50.",
            "Among them was a 12-year-old boy.",
            "Now it wants its money back.",
            "On Monday, he said the plan would fail.",
            "In 1992, they won the seat with 48 percent of the vote.",
            "Later, his lawyer said the charges were false.",
            "Luckily, his comments did not bring her down.",
            "Seventeen others died in landslides in nearby Camarines Sur province.",
            "12 more were hurt in the blast.",
            "In combination, they optimize their leverage.",
            "The talks failed, he said Monday.",
        ] {
            assert!(needs_context(s, true, false), "{s}");
        }
        for s in [
            "( lvmpd ) police said performers thwarted a gunman.",
            "( july 18, 2013 ) -- the center is pleased to release the translation.",
        ] {
            assert!(!needs_context(s, false, false), "{s}");
        }
        for s in [
            "Obama said the talks were useful.",
            "“There’s a growing recognition that the world cannot stand idly by,” Obama said.",
            "``We will not give up,'' Mandela told reporters.",
            "Hezbollah said it fired the rockets.",
            "The U.S. president showed emotion.",
            "The plan is a similar to last year's, officials said.",
            "The leaders will meet in Geneva this week, officials said.",
            "The ruling comes after this year's vote on the budget.",
            "Officials said this-and-that rules would change.",
            "The site wants to take you from this: a lonely night to a date.",
            "Two people were hurt in the blast.",
            "Three of the victims were children.",
            "One of the world's largest banks said so.",
            "Officials said that the talks would resume.",
            "Police said the car that hit him was stolen, and that it was found.",
            "Officials admired the thatched roof.",
            "The mayor said the plan was just that: a plan.",
            "Officials said the rain fell, though it did not flood the town.",
            "The rescue came too late, officials said.",
            "The company said Friday that it had, too late, recalled the cars.",
            "The mayor is a man who, friends said, would never lie.",
            "Later, it was reported that the epicenter was offshore.",
            "Now the company wants its money back.",
            "Of the 228 people on board, none survived.",
            "Among the dead were two children.",
            "For the second time in two days, the crowds came out.",
            "By Friday, police had arrested three men.",
            "In a statement, the company said it would appeal, and that he had resigned.",
            "When Obama arrived in Moscow, he said the talks would be hard.",
            "When officers arrived, they found the family trapped.",
            "Twelve people died in the fire.",
            "Two more bodies were found on Sunday.",
            "More than 1,400 people were killed.",
            "In addition to her duties as an actress, she runs a charity.",
            "As a result of the storm, the town lost power.",
        ] {
            assert!(!needs_context(s, true, false), "{s}");
        }
    }

    #[test]
    fn an_aside_over_sentences_binds_them_and_a_bracket_closing_nothing_is_left_out() {
        let text = "( note: kate confirmed it monday. She was dressed as a zombie. ) turns out \
                    it was a costume. Wire services contributed to this report. ) The end ( really ).";
        let sentences: Vec<_> = segment::sentences(text);
        let mut asides = Asides::new(text);
        let read: Vec<(bool, bool, bool)> = sentences
            .iter()
            .map(|r| {
                let inside = asides.open_at(r.start);
                let stray = asides.without_stray_closer(text, r.clone()) < r.end;
                (inside, asides.open_at(r.end), stray)
            })
            .collect();
        assert_eq!(
            read,
            [
                (false, true, false),
                (true, false, false),
                (false, false, false),
                (false, false, true),
                (false, false, false),
            ],
            "{sentences:?}"
        );
    }

    #[test]
    fn the_first_person_outside_a_quotation_is_the_outlets_a_companys_or_a_writers_voice() {
        for s in [
            "Our hearts are with the family and friends affected by this tragedy.",
            "Erin didn't hit them all at once -- we're told she hit the first car.",
            "As we previously reported, the singer was found dead on Sunday.",
            "“It was hard,” she said, and we checked the sheriff's office.",
            "Family of the engineer tells me he had complained to the dealer.",
            "\"Bring it on,\" Stockman told me Thursday morning.",
            "I am sorry for that, and i am focused on making it right.",
            "I haven't seen her new movie, identity thief, yet.",
            "i ' m not a fan of the sequel.",
        ] {
            assert!(speaks_in_the_first_person(s), "{s}");
        }
        for s in [
            "\"We are tired of waiting,\" the mayor said.",
            "“Our goal is to shut these tunnels down,” the agent said.",
            "``We will not give up,'' Mandela told reporters.",
            "The US military halted the evacuation.",
            "Us weekly reports the couple was worried.",
            "Many of us drink coffee on the way to work.",
            "\"We want the money now, the mayor said.",
            "The weather was poor, officials said.",
            "World War I veterans met in Paris, where I. M. Pei built the pyramid.",
            "“Give me a break,” the mayor said.",
            "\"I am sorry,\" she said.",
            "World War I was over by then, and Henry VIII had six wives.",
            "The bipolar i diagnosis came in 2010.",
        ] {
            assert!(!speaks_in_the_first_person(s), "{s}");
        }
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(THIS_PRONOUN_FOLLOWERS.windows(2).all(|w| w[0] < w[1]));
        assert!(PRONOUNS.windows(2).all(|w| w[0] < w[1]));
        assert!(INNER_CONNECTIVES.windows(2).all(|w| w[0] < w[1]));
        assert!(ATTRIBUTED_PRONOUNS.windows(2).all(|w| w[0] < w[1]));
        assert!(EMPTY_IT_VERBS.windows(2).all(|w| w[0] < w[1]));
        assert!(FIRST_PERSON.windows(2).all(|w| w[0] < w[1]));
        assert!(I_VERBS.windows(2).all(|w| w[0] < w[1]));
        assert!(NUMBERED.windows(2).all(|w| w[0] < w[1]));
        assert!(OPENING_PREPOSITIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(COUNTED_VERBS.windows(2).all(|w| w[0] < w[1]));
        assert!(COUNTING_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_dateline_in_the_middle_of_a_flattened_page_is_cut() {
        let text = "Headline for the story\n\nA teaser of the story runs first on the page. \
                    It says what happened in a few words. NASHVILLE, Tenn. (AP) — The \
                    university announced Monday that it will pay. Ft. Bragg, n.c. -- sgt. \
                    Adam holcomb testified on wednesday. Smith -- a former marine who served \
                    two tours in iraq -- said he would run.";
        let got = texts_of(text);
        assert!(
            got.contains(&"The university announced Monday that it will pay.".to_owned()),
            "{got:?}"
        );
        assert!(
            got.contains(&"sgt. Adam holcomb testified on wednesday.".to_owned()),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|s| s.starts_with("Smith -- a former marine")),
            "{got:?}"
        );
    }

    #[test]
    fn a_pronoun_after_a_cut_dateline_still_needs_context() {
        assert!(needs_context("he said the talks had failed.", true, true));
        assert!(needs_context("but the talks had failed.", true, true));
        assert!(!needs_context(
            "a dallas police officer died wednesday.",
            true,
            true
        ));
    }

    #[test]
    fn lowercased_text_is_read_by_what_sentences_open_on() {
        // Text lowercased as a whole: a lowercase start is not a continuation, and a speaker
        // is named without a capital.
        for s in [
            "fisher died in 2016 after suffering a cardiac event on a flight.",
            "\"this fort is older than st. augustine, \" said historian michael gannon.",
            "\" the evidence is sorely lacking, \" nail said this afternoon.",
            "\"it was late, \" the official told reporters.",
        ] {
            assert!(!needs_context(s, false, false), "{s}");
        }
        for s in [
            "he has been a visiting professor at stanford university.",
            "but the fate of the site depends on its owner.",
            "\" yet again, we're devastated by a similar tragedy, \" he said.",
            "\"we cannot judge, \" she told reporters.",
            "\"we cannot judge if these documents are authentic.",
        ] {
            assert!(needs_context(s, false, false), "{s}");
        }
        // The same sentences in edited text keep the stricter reading.
        assert!(needs_context(
            "fisher died in 2016 after suffering a cardiac event on a flight.",
            true,
            false
        ));
        assert!(needs_context(
            "\"it was late,\" the official told reporters.",
            true,
            false
        ));
    }

    #[test]
    fn tells_lowercased_text_from_edited_text() {
        let edited = "President Barack Obama met Vladimir Putin in St. Petersburg on Friday, \
            and the two men talked about Syria for half an hour while leaders from Britain, \
            France and China watched. "
            .repeat(4);
        assert!(capitalizes_names(&edited));
        let lowered = edited.to_lowercase();
        assert!(!capitalizes_names(&lowered));
        // "I" is not a name; sentence starts do not count.
        let first_person = "i said that I would go there and I went, and then I came back home \
            again. Then we left. "
            .repeat(6);
        assert!(!capitalizes_names(&first_person));
        // Too little text to tell: taken as edited.
        assert!(capitalizes_names("a short note in lowercase."));
        assert!(capitalizes_names(""));
    }

    #[test]
    fn analyses_sentences_with_offsets() {
        let text = "A title\n\n(CNN) -- The leaders met in St. Petersburg on Friday. They disagreed on Syria.\n";
        let cluster = Cluster {
            id: "c".into(),
            articles: vec![Article {
                id: "d".into(),
                title: Some("A title".into()),
                text: text.into(),
                body_start: 8,
                ..Article::default()
            }],
            ..Cluster::default()
        };
        let a = AnalyzedCluster::new(&cluster, &Cleaner::default());
        assert_eq!(a.sentences.len(), 2);
        assert_eq!(a.text(0), "The leaders met in St. Petersburg on Friday.");
        assert!(!a.sentences[0].needs_context);
        assert!(a.sentences[1].needs_context);
        assert_eq!(a.sentences[1].position, 1);
    }

    #[test]
    fn a_sentence_of_stray_closing_brackets_alone_is_dropped() {
        // The second `)` is a sentence of its own to the segmenter; without its bracket it is
        // empty, and its end must not reach back into the sentence before it.
        let text = "\u{201c}We listened,\u{201d} he said. ) ) \n\nThe talks ended on Friday.";
        assert_eq!(
            texts_of(text),
            [
                "\u{201c}We listened,\u{201d} he said.",
                "The talks ended on Friday."
            ]
        );
    }

    #[test]
    fn page_furniture_between_sentences_goes_and_they_follow_each_other() {
        let text = "Her father got strange text messages from her phone on Monday. Get push \
                    notifications with news, features and more. \"I met a great guy and we're \
                    leaving tonight,\" she texted him.";
        let cluster = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&cluster, &Cleaner::default());
        let texts = sentence_texts(&a);
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[1].starts_with("\"I met"), "{texts:?}");
        // The quote's speaker is named in the sentence before it, which is now next to it.
        assert!(a.sentences[1].needs_context);
        assert_eq!(a.sentences[1].position, 1);
        let removed = &a.documents[0].cleaned.removed;
        assert!(
            removed.iter().any(|r| r.reason == Furniture::WebText
                && text[r.span.clone()].starts_with("Get push notifications")),
            "{removed:?}"
        );
        // Inside a quotation over several sentences, furniture stays (never quoted), so that the
        // quotation keeps both its ends.
        let quoted =
            "\"We will rebuild. Follow us on twitter for updates. We will not leave,\" the \
                      mayor said on Friday.";
        let kept = per_sentence(quoted, |a, i| a.sentences[i].furniture);
        assert_eq!(kept, [false, true, false]);
    }

    #[test]
    fn a_headline_run_into_the_story_is_told_by_the_name_said_again() {
        let spliced = |text: &str| per_sentence(text, |a, i| a.sentences[i].spliced);
        for glued in [
            "Richard carpenter to music companies you screwed me and karen royally richard \
             carpenter sues for karen over the music catalog.",
            "Mikaela shiffrin, alpine skiing mikaela shiffrin, 18, looks to be the heir apparent \
             to the champion.",
        ] {
            assert_eq!(spliced(glued), [true], "{glued}");
        }
        for prose in [
            // Inside a phrase, after a stop word or a comma.
            "White house honey brown ale, believed to be the first beer brewed on the white \
             house grounds, includes light malt extract.",
            "Bipolar disorder is severe in some patients, while with milder forms, bipolar \
             disorder is mild in others.",
            // Stop words open it.
            "At least 41 people have raised at least half a million dollars for the family.",
        ] {
            assert_eq!(spliced(prose), [false], "{prose}");
        }
    }

    #[test]
    fn a_caption_after_its_label_runs_into_the_story() {
        let text = "Image copyright afp image caption south koreans have taken to the streets \
                    against ms park the scandal in south korea has taken an unexpected twist. \
                    The pills were not used, a spokesman said on Wednesday.";
        let cluster = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&cluster, &Cleaner::default());
        let spliced: Vec<bool> = a.sentences.iter().map(|s| s.spliced).collect();
        assert_eq!(spliced, [true, false]);
        assert!(a.text(0).starts_with("south koreans"), "{}", a.text(0));
        // A player's label is followed by the story itself, its caption gone.
        let text = "Voters pick governors enlarge this image toggle caption jim cole/ap jim \
                    cole/ap voters in 11 states will pick their governors tonight, and the \
                    count starts at nine.";
        let cluster = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&cluster, &Cleaner::default());
        assert_eq!(a.sentences.len(), 1);
        assert!(!a.sentences[0].spliced, "{}", a.text(0));
    }

    /// The text of each sentence of `a`, in order.
    fn sentence_texts<'c>(a: &AnalyzedCluster<'c>) -> Vec<&'c str> {
        (0..a.sentences.len()).map(|i| a.text(i)).collect()
    }

    /// `read` of each sentence of `text`, analysed as a one-article cluster.
    fn per_sentence<T>(text: &str, read: impl Fn(&AnalyzedCluster<'_>, usize) -> T) -> Vec<T> {
        let cluster = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&cluster, &Cleaner::default());
        (0..a.sentences.len()).map(|i| read(&a, i)).collect()
    }

    /// The sentences of `text`, analysed as a one-article cluster.
    fn texts_of(text: &str) -> Vec<String> {
        per_sentence(text, |a, i| a.text(i).to_owned())
    }

    /// Per sentence of `text` (one article): (needs_context, continues).
    fn quote_flags(text: &str) -> Vec<(bool, bool)> {
        per_sentence(text, |a, i| {
            (a.sentences[i].needs_context, a.sentences[i].continues)
        })
    }

    #[test]
    fn a_quotation_over_several_sentences_ties_them_together() {
        // Opened in one sentence and closed in the next, speaker named at the close: the
        // opener can stand first but not alone; the closer needs the opener.
        assert_eq!(
            quote_flags(
                "The council met on Tuesday night. \"We are tired of waiting for the money. \
                 We want it now,\" Mayor Ann Lee told the council."
            ),
            [(false, false), (false, true), (true, false)]
        );
        // The speaker is a pronoun: the pair needs what comes before it.
        assert_eq!(
            quote_flags(
                "The mayor spoke last. “We are tired of waiting. We want it now,” she said."
            ),
            [(false, false), (true, true), (true, false)]
        );
        // Three sentences: the middle one goes on with the quotation and leaves it open.
        assert_eq!(
            quote_flags(
                "Lee spoke last. \"We waited a year. Nobody came to see us. \
                 We want the money now,\" Lee said."
            ),
            [(false, false), (false, true), (true, true), (true, false)]
        );
        // A quotation closed within its sentence ties nothing; neither do apostrophes.
        assert_eq!(
            quote_flags(
                "\"We want the money,\" Lee said. The council's vote is on Friday. \
                 Officials didn't say when it would pay."
            ),
            [(false, false), (false, false), (false, false)]
        );
        // Newswire's typewriter quotes tie the same way; a lone apostrophe opens nothing.
        assert_eq!(
            quote_flags(
                "``There's no question about that. I've got a great record,'' she said. \
                 The party's vote is on Friday."
            ),
            [(true, true), (true, false), (false, false)]
        );
        // A paragraph break ends what a quotation could tie: each paragraph is read afresh.
        assert_eq!(
            quote_flags("Lee said: \"We want the money now.\n\nThe council meets on Friday."),
            [(false, true), (false, false)]
        );
    }

    #[test]
    fn a_caption_run_into_a_later_sentence_is_cut_at_its_credit() {
        let text = "Washington ( ap ) — wild elephants can tell human languages apart, a new study says. This handout photo shows a wild elephant in kenya reacting to sound played by scientists in experiments that show they... ( associated press ) that's what researchers found when they played recordings of people.";
        let cluster = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&cluster, &Cleaner::default());
        assert_eq!(
            sentence_texts(&a),
            [
                "wild elephants can tell human languages apart, a new study says.",
                "that's what researchers found when they played recordings of people."
            ]
        );
        // Lowercase after a cut is where the sentence starts, not a continuation; what it
        // opens on still counts ("that's what…" points back).
        assert!(!a.sentences[0].needs_context);
        assert!(a.sentences[1].needs_context);
        let reasons: Vec<Furniture> = a.documents[0]
            .cleaned
            .removed
            .iter()
            .map(|r| r.reason)
            .collect();
        assert!(reasons.contains(&Furniture::Caption), "{reasons:?}");
    }
}
