//! Dedup: which sentences say the same thing, across and within articles.
//!
//! Two sentences are equivalent when most of the content words of the shorter one appear in the
//! longer one. Equivalence gives two things: redundancy control (a summary never holds two
//! equivalent sentences, or the same quote twice) and support (how many articles back a fact).


use crate::analyze::document::AnalyzedCluster;
use std::collections::HashMap;

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

/// Content-word sets of every sentence, with an inverted index to find overlapping sentences.
#[derive(Debug)]
pub struct SentenceIndex {
    config: DedupConfig,
    /// Sorted, unique content terms of each sentence.
    content: Vec<Vec<u32>>,
    /// Sorted, unique terms inside quotation marks, per sentence.
    quotes: Vec<Vec<u32>>,
    /// Term -> sentences containing it.
    postings: HashMap<u32, Vec<u32>>,
    /// Document of each sentence.
    doc: Vec<usize>,
}

impl SentenceIndex {
    /// Indexes every sentence of `a`.
    pub fn new(a: &AnalyzedCluster<'_>, config: DedupConfig) -> Self {
        let mut content = Vec::with_capacity(a.sentences.len());
        let mut quotes = Vec::with_capacity(a.sentences.len());
        let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, s) in a.sentences.iter().enumerate() {
            let mut terms: Vec<u32> = a
                .tokens_of(i)
                .iter()
                .filter(|t| !t.stop)
                .map(|t| t.term)
                .collect();
            terms.sort_unstable();
            terms.dedup();
            for &t in &terms {
                postings.entry(t).or_default().push(i as u32);
            }
            content.push(terms);
            let text = &a.cluster.articles[s.doc].text;
            let mut q: Vec<u32> = a
                .tokens_of(i)
                .iter()
                .filter(|t| !t.stop && inside_quotes(&text[s.span.start..t.start]))
                .map(|t| t.term)
                .collect();
            q.sort_unstable();
            q.dedup();
            quotes.push(q);
        }
        let doc = a.sentences.iter().map(|s| s.doc).collect();
        SentenceIndex {
            config,
            content,
            quotes,
            postings,
            doc,
        }
    }

    /// Whether sentences `i` and `j` say the same thing or repeat the same quote.
    pub fn redundant(&self, i: usize, j: usize) -> bool {
        containment(&self.content[i], &self.content[j]) >= self.config.sentence_containment
            || (self.quotes[i].len() >= 3
                && self.quotes[j].len() >= 3
                && containment(&self.quotes[i], &self.quotes[j]) >= self.config.quote_containment)
    }

    /// The documents that contain a sentence equivalent to sentence `i`, `i`'s own first, then
    /// in document order.
    pub fn support(&self, i: usize) -> Vec<usize> {
        let mut docs = vec![self.doc[i]];
        let mut candidates: Vec<u32> = self.content[i]
            .iter()
            .filter_map(|t| self.postings.get(t))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut others: Vec<usize> = candidates
            .into_iter()
            .map(|j| j as usize)
            .filter(|&j| self.doc[j] != self.doc[i] && self.redundant(i, j))
            .map(|j| self.doc[j])
            .collect();
        others.sort_unstable();
        others.dedup();
        docs.extend(others);
        docs
    }
}

/// |a ∩ b| / min(|a|, |b|) for sorted, unique slices; 0 when either is empty.
fn containment(a: &[u32], b: &[u32]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / smaller as f64
}

/// Whether a position is inside a quotation, given the sentence text before it: an odd number
/// of straight double quotes, or more opening than closing curly or AP-style quotes.
fn inside_quotes(before: &str) -> bool {
    let straight = before.matches('"').count();
    let open = before.matches('“').count() + before.matches("``").count();
    let close = before.matches('”').count() + before.matches("''").count();
    straight % 2 == 1 || open > close
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_of_sorted_sets() {
        assert_eq!(containment(&[1, 2, 3], &[2, 3, 4, 5]), 2.0 / 3.0);
        assert_eq!(containment(&[], &[1]), 0.0);
        assert_eq!(containment(&[1, 2], &[1, 2]), 1.0);
    }

    #[test]
    fn quote_detection() {
        assert!(inside_quotes("Putin said, “He"));
        assert!(!inside_quotes("Putin said, “He doesn’t agree,” and"));
        assert!(inside_quotes("He said \"we"));
        assert!(inside_quotes("He said ``we"));
        assert!(!inside_quotes("He said ``we'' and"));
    }
}
