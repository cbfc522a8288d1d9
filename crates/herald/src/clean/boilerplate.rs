//! Boilerplate across stories: sentences that recur verbatim in several unrelated clusters.
//!
//! A site's cookie notice, an archive's "this page was crawled by ..." text or a newsletter
//! pitch is prose, so paragraph-level rules cannot tell it from news; what gives it away is
//! that it appears word for word in stories that have nothing else in common. When herald is
//! given many clusters at once, it counts in how many clusters each sentence occurs and keeps
//! those seen in at least `min_clusters` out of every summary.

use crate::analyze::segment::sentences;
use crate::clean::Cleaner;
use crate::model::Cluster;
use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::Hasher;

/// Sentences shorter than this many words are not tracked: short sentences recur by chance.
const MIN_WORDS: usize = 5;

/// Counts, over a stream of clusters, the clusters each sentence occurs in.
#[derive(Debug, Default)]
pub struct BoilerplateCounter {
    clusters: FxHashMap<u64, u32>,
    /// How many clusters were counted.
    counted: u32,
}

impl BoilerplateCounter {
    /// Counts the sentences of one cluster, each at most once.
    pub fn add(&mut self, cluster: &Cluster, cleaner: &Cleaner) {
        self.counted += 1;
        let mut seen = FxHashSet::default();
        for article in &cluster.articles {
            for para in cleaner.clean(article).paragraphs {
                let text = &article.text[para];
                for r in sentences(text) {
                    if let Some(key) = sentence_key(&text[r]) {
                        if seen.insert(key) {
                            *self.clusters.entry(key).or_default() += 1;
                        }
                    }
                }
            }
        }
    }

    /// The sentences seen in at least `min_clusters` clusters. None when `min_clusters` is 0
    /// (off) or fewer clusters than that were counted: then nothing can have recurred enough.
    pub fn finish(self, min_clusters: u32) -> Boilerplate {
        if min_clusters == 0 || self.counted < min_clusters {
            return Boilerplate::default();
        }
        Boilerplate {
            keys: self
                .clusters
                .into_iter()
                .filter(|&(_, n)| n >= min_clusters)
                .map(|(k, _)| k)
                .collect(),
        }
    }
}

/// A set of boilerplate sentences; see the module docs.
#[derive(Debug, Default, Clone)]
pub struct Boilerplate {
    keys: FxHashSet<u64>,
}

impl Boilerplate {
    /// Whether `sentence` is boilerplate.
    pub fn contains(&self, sentence: &str) -> bool {
        !self.keys.is_empty() && sentence_key(sentence).is_some_and(|k| self.keys.contains(&k))
    }

    /// How many distinct boilerplate sentences there are.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A sentence's identity: a hash of its words, lowercased, without punctuation; `None` for a
/// sentence too short to track.
fn sentence_key(sentence: &str) -> Option<u64> {
    // One pass over the characters, as this runs twice on every sentence of the input: once
    // to count, once to check. Each word's lowercased characters are hashed, then a 0 ends it.
    let mut h = rustc_hash::FxHasher::default();
    let mut words = 0;
    let mut in_word = false;
    for c in sentence.chars() {
        if c.is_alphanumeric() {
            if c.is_ascii() {
                h.write_u32(u32::from(c.to_ascii_lowercase()));
            } else {
                for lower in c.to_lowercase() {
                    h.write_u32(u32::from(lower));
                }
            }
            in_word = true;
        } else if in_word {
            h.write_u8(0);
            words += 1;
            in_word = false;
        }
    }
    if in_word {
        h.write_u8(0);
        words += 1;
    }
    (words >= MIN_WORDS).then(|| h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_repeated_across_clusters_are_boilerplate() {
        let notice = "Sign up for our newsletter to get the top stories every morning.";
        let mut counter = BoilerplateCounter::default();
        let cleaner = Cleaner::default();
        counter.add(
            &Cluster::of_texts(
                "a",
                &[&format!(
                    "The mayor resigned on Monday after a long inquiry. {notice}"
                )],
            ),
            &cleaner,
        );
        counter.add(
            &Cluster::of_texts(
                "b",
                &[&format!(
                    "Floods closed the main road for the third day. {notice}"
                )],
            ),
            &cleaner,
        );
        // Twice in one cluster counts once.
        counter.add(
            &Cluster::of_texts(
                "c",
                &[&format!(
                    "Prices rose again in May, the agency said. {notice} {notice}"
                )],
            ),
            &cleaner,
        );
        let b = counter.finish(3);
        assert_eq!(b.len(), 1);
        assert!(b.contains("SIGN UP for our newsletter, to get the top stories every morning!"));
        assert!(!b.contains("The mayor resigned on Monday after a long inquiry."));
    }

    #[test]
    fn too_few_clusters_or_a_zero_threshold_find_nothing() {
        let notice = "Sign up for our newsletter to get the top stories every morning.";
        let cleaner = Cleaner::default();
        let counted = |n: usize| {
            let mut counter = BoilerplateCounter::default();
            for k in 0..n {
                counter.add(&Cluster::of_texts(&k.to_string(), &[notice]), &cleaner);
            }
            counter
        };
        assert!(counted(2).finish(3).is_empty());
        assert_eq!(counted(3).finish(3).len(), 1);
        assert!(counted(3).finish(0).is_empty());
    }

    #[test]
    fn a_key_reads_words_in_any_case_and_punctuation() {
        let key = sentence_key("Sign up for our newsletter today.");
        assert!(key.is_some());
        assert_eq!(key, sentence_key("SIGN UP -- for our Newsletter, today!"));
        // Where words part is part of the key.
        assert_ne!(key, sentence_key("Signup for our newsletter today ok."));
        // Letters beyond ASCII are lowercased too.
        assert_eq!(
            sentence_key("Écoutez la radio de Montréal ce soir."),
            sentence_key("ÉCOUTEZ LA RADIO DE MONTRÉAL CE SOIR")
        );
        // Short sentences recur by chance and are not tracked.
        assert_eq!(sentence_key("Read more here."), None);
    }
}
