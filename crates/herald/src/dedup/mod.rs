//! Dedup: which sentences say the same thing, across and within articles.
//!
//! Two sentences are equivalent when most of the content words of the shorter one appear in the
//! longer one. Equivalence gives two things: redundancy control (a summary never holds two
//! equivalent sentences, or the same quote twice) and support (how many articles back a fact).

pub mod articles;

use crate::analyze::document::AnalyzedCluster;
use rustc_hash::FxHashMap as HashMap;

/// Thresholds for sentence equivalence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DedupConfig {
    /// Share of the shorter sentence's content words found in the other for the two to be
    /// equivalent.
    pub sentence_containment: f64,
    /// Share of the shorter quote's words found in another quote for the two to be the same quote.
    pub quote_containment: f64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            sentence_containment: 0.6,
            quote_containment: 0.5,
        }
    }
}

/// How far apart, in content words, two words that stand together in a summary sentence may
/// stand in a sentence that backs it (`Republicans have the votes` in `Republicans now have
/// enough votes`): room for an adjective or two, not for another clause.
const NEAR: usize = 3;

/// How far apart, in content words, two words of a summary sentence may stand to count as said
/// together: a word another source puts otherwise (`last` for `final`) leaves the pair around it.
const TOGETHER: usize = 2;

/// Content-word sets of every sentence, for redundancy checks and support lists.
#[derive(Debug)]
pub struct SentenceIndex {
    config: DedupConfig,
    /// Sorted, unique content terms of each sentence.
    content: Vec<Vec<u32>>,
    /// The content terms of each sentence in the order they are written (repeats kept): which
    /// words stand together, for [`SentenceIndex::backs`].
    sequence: Vec<Vec<u32>>,
    /// Sorted, unique terms inside quotation marks, per sentence.
    quotes: Vec<Vec<u32>>,
    /// Document of each sentence.
    doc: Vec<usize>,
    /// Sorted, unique terms of each sentence that carry a fact of their own: numbers and
    /// names (words capitalised after the sentence's first).
    facts: Vec<Vec<u32>>,
    /// The numbers of each sentence ([`numbers_in`]): what a source of the sentence must give
    /// too ([`SentenceIndex::support`]).
    numbers: Vec<Vec<String>>,
    /// The union of `numbers` over each document's sentences, by document.
    doc_numbers: Vec<Vec<String>>,
}

impl SentenceIndex {
    /// Indexes every sentence of `a`.
    pub fn new(a: &AnalyzedCluster<'_>, config: DedupConfig) -> Self {
        let mut content = Vec::with_capacity(a.sentences.len());
        let mut sequence = Vec::with_capacity(a.sentences.len());
        let mut quotes = Vec::with_capacity(a.sentences.len());
        let mut facts = Vec::with_capacity(a.sentences.len());
        let mut numbers = Vec::with_capacity(a.sentences.len());
        for (i, s) in a.sentences.iter().enumerate() {
            let tokens = a.tokens_of(i);
            let text = &a.cluster.articles[s.doc].text;
            let digits = |t: &crate::analyze::Token| {
                text[t.start..t.end].bytes().any(|b| b.is_ascii_digit())
            };
            let mut f: Vec<u32> = tokens
                .iter()
                .enumerate()
                .filter(|&(k, t)| {
                    let word = &text[t.start..t.end];
                    digits(t)
                        || (k > 0 && !t.stop && word.chars().next().is_some_and(char::is_uppercase))
                })
                .map(|(_, t)| t.term)
                .collect();
            f.sort_unstable();
            f.dedup();
            facts.push(f);
            numbers.push(numbers_in(&text[s.span.clone()]));
            let mut terms: Vec<u32> = tokens.iter().filter(|t| !t.stop).map(|t| t.term).collect();
            sequence.push(terms.clone());
            terms.sort_unstable();
            terms.dedup();
            content.push(terms);
            let text = &a.cluster.articles[s.doc].text;
            let mut q: Vec<u32> = quoted(text, s.span.start, tokens)
                .filter(|t| !t.stop)
                .map(|t| t.term)
                .collect();
            q.sort_unstable();
            q.dedup();
            quotes.push(q);
        }
        let doc: Vec<usize> = a.sentences.iter().map(|s| s.doc).collect();
        let doc_numbers = numbers_by_document(&doc, &numbers);
        SentenceIndex {
            config,
            content,
            sequence,
            quotes,
            doc,
            facts,
            numbers,
            doc_numbers,
        }
    }

    /// Whether sentences `i` and `j` say the same thing or repeat the same quote.
    pub fn redundant(&self, i: usize, j: usize) -> bool {
        containment(&self.content[i], &self.content[j]) >= self.config.sentence_containment
            || self.same_quote(i, j)
    }

    /// Whether sentences `i` and `j` repeat the same quote (of three content words or more).
    fn same_quote(&self, i: usize, j: usize) -> bool {
        self.quotes[i].len() >= 3
            && self.quotes[j].len() >= 3
            && containment(&self.quotes[i], &self.quotes[j]) >= self.config.quote_containment
    }

    /// Whether sentence `i` tells nothing that sentence `j` did not: it says the same thing
    /// ([`SentenceIndex::redundant`]) and holds no number or name that `j` lacks. What an
    /// update brief leaves out: `1,429 dead` after `1,400 dead` is news, and so is the same
    /// promise from another official, though the words are mostly the same.
    pub fn restates(&self, i: usize, j: usize) -> bool {
        self.redundant(i, j)
            && crate::sparse::intersection_len(&self.facts[i], &self.facts[j])
                == self.facts[i].len()
    }

    /// Whether sentence `i` restates any of `known` ([`SentenceIndex::restates`]), for many
    /// `i`: [`Told::restated`] answers what `known.iter().any(|&j| index.restates(i, j))`
    /// would, but looks only at the known sentences that share one of a few of `i`'s rarer
    /// terms with it, so an update brief over a story of thousands of articles is not
    /// quadratic in its sentences.
    pub fn told(&self, known: &[usize]) -> Told<'_> {
        Told::new(self, known)
    }

    /// Whether sentence `j` says what sentence `i` says: the two are equivalent
    /// ([`SentenceIndex::redundant`]), `j` holds at least half of `i`'s content words, and two
    /// words that stand together in `i` stand together in `j` too ([`SentenceIndex::near`]).
    /// Equivalence alone is measured on the shorter sentence, so a short sentence that `i`
    /// contains would pass; half of `i` is the claim's core, and what a sentence leaves of an
    /// appositive or a place (`Ocalan, who is wanted in Turkey`) does not stop its article from
    /// having reported the claim. Half of a short claim is two or three words, which a long
    /// sentence about something else holds by chance (`The Republicans have the votes to
    /// prevail.` and `If Republicans win …, the number of votes needed …`); words said
    /// together are what tells a claim from its vocabulary. Or `j` repeats `i`'s quote, when
    /// the quote is a third of what `i` says or more: a sentence that is mostly someone's words
    /// is told by a page that gives those words, but a page that quotes the same three words
    /// (`rape problem in india`) did not report the long sentence around them.
    fn backs(&self, j: usize, i: usize) -> bool {
        let said = &self.content[i];
        let held = crate::sparse::intersection_len(said, &self.content[j]);
        let quoted = self.same_quote(i, j) && 3 * self.quotes[i].len() >= said.len();
        self.redundant(i, j) && ((2 * held >= said.len() && self.near(i, j)) || quoted)
    }

    /// Whether some two content words that stand together in sentence `i` (within
    /// [`TOGETHER`] content words: `the last step before sainthood` holds `step … sainthood`)
    /// stand within [`NEAR`] content words of each other in sentence `j`, in either order (`the
    /// votes are the Republicans'`). True for a sentence of one content word that `j` holds.
    fn near(&self, i: usize, j: usize) -> bool {
        let (said, other) = (&self.sequence[i], &self.sequence[j]);
        if said.len() < 2 {
            return said.iter().all(|t| other.contains(t));
        }
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (k, &a) in said.iter().enumerate() {
            for &b in &said[k + 1..said.len().min(k + 1 + TOGETHER)] {
                if a != b {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
        pairs.sort_unstable();
        other.iter().enumerate().any(|(k, &a)| {
            other[k + 1..other.len().min(k + 1 + NEAR)]
                .iter()
                .any(|&b| pairs.binary_search(&(a.min(b), a.max(b))).is_ok())
        })
    }

    /// The number of sentences indexed.
    pub(crate) fn len(&self) -> usize {
        self.content.len()
    }

    /// The sorted, distinct content terms (stems of non-stop words) of sentence `i`.
    pub(crate) fn content(&self, i: usize) -> &[u32] {
        &self.content[i]
    }

    /// Whether sentences `i` and `j` are copies of one another (a paragraph an article reused
    /// from another): each holds at least 80% of the other's content words.
    pub fn copies(&self, i: usize, j: usize) -> bool {
        let (a, b) = (&self.content[i], &self.content[j]);
        let larger = a.len().max(b.len());
        larger > 0 && crate::sparse::intersection_len(a, b) as f64 >= 0.8 * larger as f64
    }

    /// The documents that contain a sentence saying what sentence `i` says, `i`'s own first,
    /// then in document order. The other sentence must back it (`SentenceIndex::backs`: say
    /// the same, hold at least half of `i`'s content words, two of them together, or repeat
    /// the quote that is much of it): unlike
    /// [`SentenceIndex::redundant`] alone, a short sentence that `i` merely contains (`The talks
    /// ended.` inside `The talks ended without a deal on Syria.`) does not make its article a
    /// source of all `i` says. A document is named as a source of the sentence, so it must
    /// give every number of `i` too:
    /// `will reopen on April 2` is not what an article that says `could reopen in mid-April`
    /// reported, nor `1,429 dead` what one that says `1,400` did. The number may stand in
    /// another of its sentences (`The plan passed 9-2.` beside `The council approved the
    /// plan.`); names are not required as [`SentenceIndex::restates`] requires them: a source
    /// that leaves out `St. Petersburg` or `Saturday` still told the event. Called only for
    /// the few sentences of a summary, so a scan of all sentences is cheaper than keeping an
    /// inverted index for every cluster.
    pub fn support(&self, i: usize) -> Vec<usize> {
        let mut docs = vec![self.doc[i]];
        let numbers = &self.numbers[i];
        let mut others: Vec<usize> = (0..self.content.len())
            .filter(|&j| {
                self.doc[j] != self.doc[i]
                    && self.backs(j, i)
                    && crate::sparse::intersection_len(numbers, &self.doc_numbers[self.doc[j]])
                        == numbers.len()
            })
            .map(|j| self.doc[j])
            .collect();
        others.sort_unstable();
        others.dedup();
        docs.extend(others);
        docs
    }
}

/// The numbers a text gives, whole (`$1.2 million` gives 1.2, not 1 and 2; `1,400` gives 1400,
/// as `1400` does), sorted and unique. A number is a run of digits with single `.` or `,`
/// between digits; a comma is read as a thousands separator.
pub(crate) fn numbers_in(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut k = 0;
    while k < b.len() {
        if !b[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let mut number = String::new();
        while k < b.len() {
            if b[k].is_ascii_digit() {
                number.push(b[k] as char);
                k += 1;
            } else if matches!(b[k], b'.' | b',') && b.get(k + 1).is_some_and(u8::is_ascii_digit) {
                if b[k] == b'.' {
                    number.push('.');
                }
                k += 1;
            } else {
                break;
            }
        }
        out.push(number);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The union of the sentences' `numbers` per document, indexed by document (`doc` gives each
/// sentence's).
fn numbers_by_document(doc: &[usize], numbers: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut by_doc = vec![Vec::new(); doc.iter().max().map_or(0, |&d| d + 1)];
    for (&d, n) in doc.iter().zip(numbers) {
        by_doc[d].extend(n.iter().cloned());
    }
    for n in &mut by_doc {
        n.sort_unstable();
        n.dedup();
    }
    by_doc
}

/// Finds the copies ([`SentenceIndex::copies`]) of a sentence among the sentences indexed so
/// far without comparing it to each of them: MinHash LSH over the sentences' content terms,
/// every candidate verified with `copies` itself, so nothing is ever taken for a copy that is
/// not one.
///
/// Two copies share at least 80% of the larger one's content terms, so their Jaccard
/// similarity is at least 2/3; with [`COPY_BANDS`] bands of [`COPY_ROWS`] rows such a pair
/// shares a bucket with probability above 0.98 (1 - (1 - (2/3)^5)^32), and copies proper, with
/// Jaccard near 1, all but surely. A bucket holds many sentences only when they resemble one
/// another; a probe verifies the [`COPY_PROBES`] latest of each bucket (so at most
/// `COPY_BANDS × COPY_PROBES` sentences), and counts the probes that left older ones
/// unverified (`capped`), so the caller can say so.
#[derive(Debug, Default)]
pub(crate) struct CopyIndex {
    /// (band, key of the band's minimum hashes) -> sentences, in the order indexed.
    buckets: std::collections::HashMap<(u8, u64), Vec<u32>>,
    /// Probes that verified only the latest [`COPY_PROBES`] sentences of some bucket.
    pub(crate) capped: usize,
    /// Candidates verified with [`SentenceIndex::copies`], over all probes.
    pub(crate) verified: usize,
}

/// LSH bands of a sentence's MinHash (see [`CopyIndex`]).
pub(crate) const COPY_BANDS: usize = 32;
/// MinHash rows per band (see [`CopyIndex`]).
pub(crate) const COPY_ROWS: usize = 5;
/// The most sentences of one bucket a probe verifies, the latest first (see [`CopyIndex`]).
pub(crate) const COPY_PROBES: usize = 8;

impl CopyIndex {
    /// The band keys of sentence `i`'s content terms; empty for a sentence without any (it
    /// copies nothing).
    pub(crate) fn keys(index: &SentenceIndex, i: usize) -> Vec<u64> {
        let terms = index.content(i);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut mins = [u64::MAX; COPY_BANDS * COPY_ROWS];
        for &t in terms {
            let base = mix(u64::from(t));
            for (k, m) in mins.iter_mut().enumerate() {
                // One hash per (term, row): an odd multiplier and an offset per row over the
                // term's mixed id, a cheap family that is enough for candidates that are
                // verified anyway.
                let k = k as u64;
                let h = base
                    .wrapping_mul(mix(k) | 1)
                    .wrapping_add(mix(k ^ 0x5851_f42d_4c95_7f2d));
                *m = (*m).min(h);
            }
        }
        mins.chunks(COPY_ROWS)
            .map(|band| {
                band.iter()
                    .fold(0x243f_6a88_85a3_08d3, |acc, &v| mix(acc ^ v))
            })
            .collect()
    }

    /// Adds sentence `i` with its band `keys` (from [`CopyIndex::keys`]).
    pub(crate) fn insert(&mut self, i: usize, keys: &[u64]) {
        for (band, &key) in keys.iter().enumerate() {
            self.buckets
                .entry((band as u8, key))
                .or_default()
                .push(i as u32);
        }
    }

    /// The indexed sentences that are copies of sentence `i` (band `keys`), sorted.
    pub(crate) fn copies_of(&mut self, index: &SentenceIndex, i: usize, keys: &[u64]) -> Vec<u32> {
        let mut found = Vec::new();
        let mut capped = false;
        for (band, &key) in keys.iter().enumerate() {
            let Some(bucket) = self.buckets.get(&(band as u8, key)) else {
                continue;
            };
            capped |= bucket.len() > COPY_PROBES;
            found.extend(bucket.iter().rev().take(COPY_PROBES).copied());
        }
        self.capped += usize::from(capped);
        // A copy shares most bands: each candidate is verified once.
        found.sort_unstable();
        found.dedup();
        self.verified += found.len();
        found.retain(|&j| j as usize != i && index.copies(i, j as usize));
        found
    }
}

/// A 64-bit mixing function (splitmix64's finalizer).
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The tokens of a sentence that stand inside quotation marks, found in one pass over the
/// sentence: straight double quotes toggle, curly and AP-style (`` '') quotes open and close.
fn quoted<'t>(
    text: &'t str,
    start: usize,
    tokens: &'t [crate::analyze::Token],
) -> impl Iterator<Item = &'t crate::analyze::Token> + 't {
    let mut pos = start;
    let mut straight = false;
    let mut depth: i32 = 0;
    tokens.iter().filter(move |t| {
        let gap = &text[pos..t.start];
        for (k, c) in gap.char_indices() {
            match c {
                '"' => straight = !straight,
                '“' => depth += 1,
                '”' => depth -= 1,
                '`' if gap[k + 1..].starts_with('`') => depth += 1,
                '\'' if gap[k + 1..].starts_with('\'') => depth -= 1,
                _ => {}
            }
        }
        pos = t.end;
        straight || depth > 0
    })
}

/// |a ∩ b| / min(|a|, |b|) for sorted, unique slices; 0 when either is empty.
/// Known sentences indexed for [`SentenceIndex::restates`] checks ([`SentenceIndex::told`]).
///
/// Both tests of [`SentenceIndex::redundant`] are containments over the smaller of two term
/// sets: `|A ∩ B| >= t(min(|A|, |B|))`, `t(m)` the fewest shared terms that reach the
/// threshold. Prefix filtering finds every such pair without comparing all of them: when
/// `|B| >= |A|`, `B` holds one of `A`'s first `|A| - t(|A|) + 1` terms in any fixed order (the
/// others are too few to reach `t`), found through postings of all of `B`'s terms; when `|B| <
/// |A|`, `A` holds one of `B`'s first `|B| - t(|B|) + 1`, found through postings of those. The
/// order is rarest first among the known sentences, so the postings walked are short. Every
/// candidate is then checked by `restates` itself.
pub struct Told<'a> {
    index: &'a SentenceIndex,
    known: Vec<usize>,
    /// How many known sentences hold each term (content and quote terms alike).
    frequency: HashMap<u32, u32>,
    content: Postings,
    quotes: Postings,
    /// A threshold of 0 or below makes sentences that share nothing redundant, which no
    /// posting can find: such a configuration is checked pair by pair.
    exhaustive: bool,
}

/// Postings of one kind of term set: of every term, and of each set's prefix.
#[derive(Default)]
struct Postings {
    all: HashMap<u32, Vec<u32>>,
    prefix: HashMap<u32, Vec<u32>>,
}

/// The fewest shared terms out of `m` that reach `threshold` as `containment` computes it, or
/// `None` when no number does.
fn needed(m: usize, threshold: f64) -> Option<usize> {
    (1..=m).find(|&k| k as f64 / m as f64 >= threshold)
}

impl<'a> Told<'a> {
    fn new(index: &'a SentenceIndex, known: &[usize]) -> Self {
        let c = &index.config;
        let mut told = Told {
            index,
            known: known.to_vec(),
            frequency: HashMap::default(),
            content: Postings::default(),
            quotes: Postings::default(),
            exhaustive: c.sentence_containment <= 0.0 || c.quote_containment <= 0.0,
        };
        if told.exhaustive {
            return told;
        }
        for &j in known {
            for &t in index.content[j].iter().chain(&index.quotes[j]) {
                *told.frequency.entry(t).or_insert(0) += 1;
            }
        }
        for &j in known {
            let (content, quotes) = (&index.content[j], &index.quotes[j]);
            told.content
                .add(j, content, told.prefix(content, c.sentence_containment));
            if quotes.len() >= 3 {
                told.quotes
                    .add(j, quotes, told.prefix(quotes, c.quote_containment));
            }
        }
        told
    }

    /// The first terms of `set`, rarest first, that any set sharing enough of it must meet.
    fn prefix(&self, set: &[u32], threshold: f64) -> Vec<u32> {
        let Some(t) = needed(set.len(), threshold) else {
            return Vec::new();
        };
        let mut terms = set.to_vec();
        terms.sort_by_key(|term| (self.frequency.get(term).copied().unwrap_or(0), *term));
        terms.truncate(set.len() - t + 1);
        terms
    }

    /// Whether sentence `i` restates one of the known sentences.
    pub fn restated(&self, i: usize) -> bool {
        let index = self.index;
        // Every summary that is not an update asks with nothing known: no prefixes to sort.
        if self.known.is_empty() {
            return false;
        }
        if self.exhaustive {
            return self.known.iter().any(|&j| index.restates(i, j));
        }
        let c = &index.config;
        let mut candidates: Vec<u32> = Vec::new();
        let content = &index.content[i];
        self.content.candidates(
            content,
            &self.prefix(content, c.sentence_containment),
            &mut candidates,
        );
        let quotes = &index.quotes[i];
        if quotes.len() >= 3 {
            self.quotes.candidates(
                quotes,
                &self.prefix(quotes, c.quote_containment),
                &mut candidates,
            );
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates.iter().any(|&j| index.restates(i, j as usize))
    }
}

impl Postings {
    fn add(&mut self, j: usize, set: &[u32], prefix: Vec<u32>) {
        for &t in set {
            self.all.entry(t).or_default().push(j as u32);
        }
        for t in prefix {
            self.prefix.entry(t).or_default().push(j as u32);
        }
    }

    /// The known sets that may share enough with `set` (whose prefix is `prefix`): those
    /// holding a term of its prefix, and those whose prefix holds one of its terms.
    fn candidates(&self, set: &[u32], prefix: &[u32], out: &mut Vec<u32>) {
        for t in prefix {
            out.extend(self.all.get(t).into_iter().flatten());
        }
        for t in set {
            out.extend(self.prefix.get(t).into_iter().flatten());
        }
    }
}

fn containment(a: &[u32], b: &[u32]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    crate::sparse::intersection_len(a, b) as f64 / smaller as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sorted, distinct term set from arbitrary terms of a small vocabulary, so that sets
    /// overlap often.
    fn set(terms: Vec<u32>) -> Vec<u32> {
        let mut t: Vec<u32> = terms.into_iter().map(|x| x % 12).collect();
        t.sort_unstable();
        t.dedup();
        t
    }

    proptest::proptest! {
        /// The indexed check answers exactly what comparing with every known sentence does,
        /// whatever the thresholds (0 and above 1 included).
        #[test]
        fn told_is_restates_against_every_known_sentence(
            sentences in proptest::collection::vec(
                (
                    proptest::collection::vec(0u32..100, 0..9),
                    proptest::collection::vec(0u32..100, 0..6),
                    proptest::collection::vec(0u32..100, 0..3),
                    proptest::bool::ANY,
                ),
                1..40,
            ),
            sentence_containment in proptest::sample::select(vec![0.0, 0.3, 0.5, 0.6, 0.75, 1.0, 1.2]),
            quote_containment in proptest::sample::select(vec![0.0, 0.5, 0.7, 1.0]),
        ) {
            let index = SentenceIndex {
                config: DedupConfig { sentence_containment, quote_containment },
                content: sentences.iter().map(|s| set(s.0.clone())).collect(),
                sequence: sentences.iter().map(|s| s.0.clone()).collect(),
                quotes: sentences.iter().map(|s| set(s.1.clone())).collect(),
                doc: sentences.iter().map(|s| usize::from(s.3)).collect(),
                facts: sentences.iter().map(|s| set(s.2.clone())).collect(),
                numbers: vec![Vec::new(); sentences.len()],
                doc_numbers: vec![Vec::new(); 2],
            };
            let known: Vec<usize> = (0..sentences.len()).filter(|&i| sentences[i].3).collect();
            let told = index.told(&known);
            for i in 0..sentences.len() {
                let expected = known.iter().any(|&j| index.restates(i, j));
                proptest::prop_assert_eq!(told.restated(i), expected, "sentence {}", i);
            }
        }
    }

    #[test]
    fn a_source_is_named_only_when_it_gives_the_sentence_numbers() {
        use crate::analyze::document::AnalyzedCluster;
        use crate::clean::Cleaner;
        use crate::model::Cluster;
        let reopen = "Crews finished strengthening the Mill Street bridge over the weekend. The bridge will reopen to traffic on April 2, two weeks earlier than planned, officials said.";
        let vague = "Crews have been strengthening the Mill Street bridge since January. The bridge could reopen to traffic in mid-April, two weeks earlier than planned, officials said.";
        // The date in a sentence of its own: this article told the reopening on April 2.
        let apart = "The bridge will reopen to traffic two weeks earlier than planned, officials said on Monday. The new date is April 2.";
        let cluster = Cluster::of_texts("bridge", &[reopen, vague, apart]);
        let analysis = AnalyzedCluster::new(&cluster, &Cleaner::default());
        let index = SentenceIndex::new(&analysis, DedupConfig::default());
        let i = (0..analysis.sentences.len())
            .find(|&i| analysis.text(i).contains("on April 2, two weeks"))
            .expect("the sentence");
        // The vague article says the same in words, but not the date.
        assert!(index.redundant(i, i + 2), "{}", analysis.text(i + 2));
        assert_eq!(index.support(i), vec![0, 2]);
    }

    #[test]
    fn a_short_sentence_the_summary_sentence_contains_names_no_source() {
        use crate::analyze::document::AnalyzedCluster;
        use crate::clean::Cleaner;
        use crate::model::Cluster;
        let full = "The ministers met in Geneva on Tuesday. The talks ended without a deal on the \
                    ceasefire, and both delegations left the city angry.";
        let short = "Reporters waited outside the hotel all day. The talks ended.";
        let longer = "The talks ended without a deal on the ceasefire, and both delegations left \
                      the city angry, according to officials who spoke to reporters.";
        let cluster = Cluster::of_texts("talks", &[full, short, longer]);
        let analysis = AnalyzedCluster::new(&cluster, &Cleaner::default());
        let index = SentenceIndex::new(&analysis, DedupConfig::default());
        let i = (0..analysis.sentences.len())
            .find(|&i| analysis.text(i).starts_with("The talks ended without"))
            .expect("the sentence");
        let ended = (0..analysis.sentences.len())
            .find(|&j| analysis.text(j) == "The talks ended.")
            .expect("the short sentence");
        // For redundancy the short one says nothing new beside the long one...
        assert!(index.redundant(i, ended));
        // ...but its article did not report the deal that was not made, nor the anger.
        assert_eq!(index.support(i), vec![0, 2]);
    }

    #[test]
    fn a_source_says_the_claim_not_only_its_words() {
        use crate::analyze::document::AnalyzedCluster;
        use crate::clean::Cleaner;
        use crate::model::Cluster;
        let claim = "The House will vote on Thursday. The Republicans have the votes to prevail.";
        // The same words, apart, in sentences about something else.
        let races = "If Republicans gain five Senate seats next month, they reach 60, the \
                     number of votes that ends a filibuster.";
        // The claim in other words around the same pair.
        let said = "Aides said the Republicans now have enough votes to prevail on Thursday.";
        // A long sentence with a short quote in it, a page that gives only the quote, one that
        // tells the sentence; a sentence that is mostly a quote, and a page that gives it.
        let long = "Talks resumed at noon. Lawmakers of both parties agreed on Tuesday that the \
                    speaker's plan to cut school taxes for families was \"a fair bargain for \
                    taxpayers\" after months of talks.";
        let bits = "Critics doubted it was \"a fair bargain for taxpayers\" at all.";
        let whole = "The speaker's plan to cut school taxes for families is a fair bargain for \
                     taxpayers, lawmakers of both parties agreed after months of talks.";
        let mostly =
            "\"Raise school taxes again and we walk out,\" the union leader told a packed \
                      hall in Albany on Tuesday night.";
        let chant = "Teachers chanted \"raise school taxes again and we walk out\" outside.";
        let cluster = Cluster::of_texts(
            "vote",
            &[claim, races, said, long, bits, whole, mostly, chant],
        );
        let analysis = AnalyzedCluster::new(&cluster, &Cleaner::default());
        let index = SentenceIndex::new(&analysis, DedupConfig::default());
        let find = |start: &str| {
            (0..analysis.sentences.len())
                .find(|&i| analysis.text(i).starts_with(start))
                .expect(start)
        };
        let votes = find("The Republicans have");
        assert!(
            index.redundant(votes, find("If Republicans")),
            "equivalent by words alone"
        );
        assert!(index.redundant(votes, find("Aides said")));
        assert_eq!(index.support(votes), vec![0, 2]);
        let agreed = find("Lawmakers of both");
        assert!(index.redundant(agreed, find("Critics")), "the same quote");
        assert_eq!(index.support(agreed), vec![3, 5]);
        assert_eq!(index.support(find("\"Raise school")), vec![6, 7]);
    }

    #[test]
    fn numbers_are_read_whole() {
        assert_eq!(
            numbers_in("$1.2 million for 1,400 people, 1400 in all, on April 2. Then 3."),
            vec!["1.2", "1400", "2", "3"]
        );
        assert!(numbers_in("no digits here").is_empty());
    }

    #[test]
    fn containment_of_sorted_sets() {
        assert_eq!(containment(&[1, 2, 3], &[2, 3, 4, 5]), 2.0 / 3.0);
        assert_eq!(containment(&[], &[1]), 0.0);
        assert_eq!(containment(&[1, 2], &[1, 2]), 1.0);
    }

    #[test]
    fn quote_detection() {
        use crate::analyze::{Language, Tokenizer, Vocab};
        let cases = [
            (
                "Putin said, “He doesn’t agree,” and left",
                vec!["He", "doesn", "t", "agree"],
            ),
            ("He said \"we will\" go", vec!["we", "will"]),
            ("He said ``we will'' go", vec!["we", "will"]),
            ("No quotes here", vec![]),
        ];
        for (text, want) in cases {
            let mut vocab = Vocab::default();
            let mut tokens = Vec::new();
            Tokenizer::new(Language::English).tokenize(
                text,
                0..text.len(),
                &mut vocab,
                &mut tokens,
            );
            let got: Vec<&str> = quoted(text, 0, &tokens)
                .map(|t| &text[t.start..t.end])
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
