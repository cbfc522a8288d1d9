//! The scorer: tokens to integer ids, count tables per reference, and the
//! per-item combination rules of ROUGE-1.5.5.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::bootstrap::{round5, Resamples};
use crate::config::Stem;
use crate::stem::{is_stop_word, stem_token};
use crate::text::{flat_tokens, lines, sentence_tokens};
use crate::{Limit, Metric, Report, RougeConfig, Score, Scores, Scoring, SkipBigrams, Summary};

/// Id of a peer term that no reference contains; it can never match.
const UNSEEN: u32 = u32::MAX - 1;
/// Second half of a skip-bigram key that stands for a lone unigram (`-u`).
const UNIGRAM: u32 = u32::MAX;

/// A configured ROUGE scorer. Cheap to share across threads; all methods take
/// `&self`. Build one with [`RougeConfig`].
#[derive(Clone, Debug)]
pub struct Rouge {
    config: RougeConfig,
    metrics: Vec<Metric>,
}

/// References of one item, tokenized and counted once so that many peers can
/// be scored against them with [`Rouge::score_prepared`].
#[derive(Clone, Debug)]
pub struct References {
    vocab: Vocab,
    stemming: Stem,
    remove_stopwords: bool,
    refs: Vec<Tables>,
}

/// Maps surface tokens to term ids, applying stop-word removal and stemming
/// once per distinct surface form.
#[derive(Clone, Debug, Default)]
struct Vocab {
    /// Lowercased surface form to term id; `None` for a stop word.
    surfaces: HashMap<Box<[u8]>, Option<u32>, FastHash>,
    terms: HashMap<Box<[u8]>, u32, FastHash>,
}

/// The vocabulary hashes short words from local input, where SipHash's
/// flooding resistance buys nothing and costs a large share of scoring time.
type FastHash = BuildHasherDefault<WordHasher>;

/// FNV-1a over bytes, folded eight at a time.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h ^ word).wrapping_mul(0x0100_0000_01b3).rotate_left(23);
        }
        for &b in chunks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A tokenized summary: one stream for n-grams, per-sentence for ROUGE-L.
struct Doc {
    flat: Vec<u32>,
    sentences: Vec<Vec<u32>>,
}

/// Everything scoring needs from one summary.
#[derive(Clone, Debug)]
struct Tables {
    /// Sorted `(n-gram, count)` for n = 1..=max_n.
    ngrams: Vec<Vec<(u128, u32)>>,
    ngram_totals: Vec<u64>,
    skip: Vec<(u64, u32)>,
    skip_total: u64,
    flat: Vec<u32>,
    sentences: Vec<Vec<u32>>,
}

/// Hits and sizes of one metric against one or several references.
#[derive(Clone, Copy, Default)]
struct Counts {
    hits: u64,
    reference_total: u64,
    peer_total: u64,
}

impl Rouge {
    pub(crate) fn from_parts(config: RougeConfig, metrics: Vec<Metric>) -> Self {
        Rouge { config, metrics }
    }

    /// The configuration this scorer was built from.
    pub fn config(&self) -> &RougeConfig {
        &self.config
    }

    /// The metrics every [`Scores`] and [`Report`] holds, in ROUGE-1.5.5's
    /// printing order: ROUGE-N by increasing N, ROUGE-L, then skip bigrams.
    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    /// Tokenizes and counts the references of one item.
    pub fn prepare<R: AsRef<str>>(&self, references: &[R]) -> References {
        let mut vocab = Vocab::default();
        let mut scratch = Vec::new();
        let refs = references
            .iter()
            .map(|r| {
                let doc = self.doc(r.as_ref(), |t| {
                    vocab.intern(
                        t,
                        self.config.stem_mode(),
                        self.config.remove_stopwords,
                        &mut scratch,
                    )
                });
                self.tables(doc)
            })
            .collect();
        References {
            vocab,
            stemming: self.config.stem_mode(),
            remove_stopwords: self.config.remove_stopwords,
            refs,
        }
    }

    /// Scores one peer summary against its references.
    ///
    /// Each string is a whole summary; its lines are ROUGE's sentence units
    /// (see the crate docs).
    pub fn score<R: AsRef<str>>(&self, peer: &str, references: &[R]) -> Scores {
        self.score_prepared(peer, &self.prepare(references))
    }

    /// Scores one peer summary against references prepared by [`Rouge::prepare`].
    ///
    /// # Panics
    ///
    /// If `references` was prepared by a scorer with different stemming or
    /// stop-word settings.
    pub fn score_prepared(&self, peer: &str, references: &References) -> Scores {
        assert!(
            references.stemming == self.config.stem_mode()
                && references.remove_stopwords == self.config.remove_stopwords,
            "references were prepared with different stemming or stop-word settings"
        );
        let mut scratch = Vec::new();
        let doc = self.doc(peer, |t| {
            references.vocab.lookup(
                t,
                self.config.stem_mode(),
                self.config.remove_stopwords,
                &mut scratch,
            )
        });
        let peer = self.tables(doc);
        let metrics = self
            .metrics
            .iter()
            .map(|&metric| {
                let counts = match metric {
                    Metric::N(n) => self.combine(&references.refs, |r| {
                        let hits = clipped_hits(&r.ngrams[n - 1], &peer.ngrams[n - 1]);
                        (hits, r.ngram_totals[n - 1], peer.ngram_totals[n - 1])
                    }),
                    Metric::S(_) => self.combine(&references.refs, |r| {
                        (
                            clipped_hits(&r.skip, &peer.skip),
                            r.skip_total,
                            peer.skip_total,
                        )
                    }),
                    Metric::L => self.lcs_counts(&references.refs, &peer, references.vocab.len()),
                };
                (metric, self.finish(counts))
            })
            .collect();
        Scores { metrics }
    }

    /// Scores every `(peer, references)` item and bootstraps the system averages.
    ///
    /// ROUGE-1.5.5 orders items by the string sort of their evaluation ids
    /// before resampling; pass items in that order to reproduce its confidence
    /// intervals (and its averages, which are means over the resamples).
    pub fn evaluate<P, Rs, R>(&self, items: &[(P, Rs)]) -> Report
    where
        P: AsRef<str>,
        Rs: AsRef<[R]>,
        R: AsRef<str>,
    {
        let scores = items
            .iter()
            .map(|(peer, refs)| self.score(peer.as_ref(), refs.as_ref()))
            .collect();
        self.report(scores)
    }

    /// Bootstraps system averages from per-item scores computed elsewhere,
    /// for instance in parallel with [`Rouge::score_prepared`]. All `scores`
    /// must come from this scorer.
    pub fn report(&self, scores: Vec<Scores>) -> Report {
        let resamples = Resamples::new(
            scores.len(),
            self.config.resamples,
            self.config.seed,
            self.config.confidence,
        );
        let metrics = self
            .metrics
            .iter()
            .enumerate()
            .map(|(i, &metric)| {
                let values: Vec<[f64; 3]> = scores
                    .iter()
                    .map(|s| {
                        let score = &s.metrics[i].1;
                        [score.recall, score.precision, score.f]
                    })
                    .collect();
                let [recall, precision, f] = resamples.estimate(&values);
                (
                    metric,
                    Summary {
                        recall,
                        precision,
                        f,
                    },
                )
            })
            .collect();
        Report {
            items: scores,
            metrics,
            confidence: self.config.confidence,
        }
    }

    fn doc(&self, text: &str, mut id: impl FnMut(&[u8]) -> Option<u32>) -> Doc {
        let lines = lines(text);
        let limit = self.config.limit;
        let sentences: Vec<Vec<u32>> = sentence_tokens(&lines, limit)
            .into_iter()
            .map(|s| s.into_iter().filter_map(&mut id).collect())
            .collect();
        // Only a byte limit truncates the two streams differently.
        let flat = match limit {
            Limit::Bytes(n) if n > 0 => flat_tokens(&lines, limit)
                .into_iter()
                .filter_map(&mut id)
                .collect(),
            _ => sentences.concat(),
        };
        Doc { flat, sentences }
    }

    fn tables(&self, doc: Doc) -> Tables {
        let ids = &doc.flat;
        let mut ngrams = Vec::with_capacity(self.config.max_n);
        let mut ngram_totals = Vec::with_capacity(self.config.max_n);
        for n in 1..=self.config.max_n {
            let keys: Vec<u128> = ids
                .windows(n)
                .map(|w| w.iter().fold(0u128, |k, &id| (k << 32) | u128::from(id)))
                .collect();
            ngram_totals.push(keys.len() as u64);
            ngrams.push(count_sorted(keys));
        }
        let (skip, skip_total) = match self.config.skip {
            Some(s) => {
                let keys = skip_keys(ids, s);
                let total = keys.len() as u64;
                (count_sorted(keys), total)
            }
            None => (Vec::new(), 0),
        };
        Tables {
            ngrams,
            ngram_totals,
            skip,
            skip_total,
            flat: doc.flat,
            sentences: doc.sentences,
        }
    }

    /// Combines `(hits, reference size, peer size)` over references. Best
    /// mode compares recall rounded to five decimals, as the script does.
    fn combine(
        &self,
        refs: &[Tables],
        mut per_ref: impl FnMut(&Tables) -> (u64, u64, u64),
    ) -> Counts {
        let mut total = Counts::default();
        let mut best = -1.0;
        for r in refs {
            let (hits, reference_total, peer_total) = per_ref(r);
            match self.config.scoring {
                Scoring::Average => {
                    total.hits += hits;
                    total.reference_total += reference_total;
                    total.peer_total += peer_total;
                }
                Scoring::Best => {
                    let recall = if reference_total == 0 {
                        0.0
                    } else {
                        round5(hits as f64 / reference_total as f64)
                    };
                    if recall > best {
                        best = recall;
                        total = Counts {
                            hits,
                            reference_total,
                            peer_total,
                        };
                    }
                }
            }
        }
        total
    }

    /// ROUGE-L: union LCS of each reference sentence against all peer
    /// sentences, with hits clipped by unigram counts so that a token is
    /// matched at most as often as it occurs on both sides.
    fn lcs_counts(&self, refs: &[Tables], peer: &Tables, vocab_len: usize) -> Counts {
        let mut peer_counts = vec![0u32; vocab_len];
        for &id in &peer.flat {
            if let Some(c) = peer_counts.get_mut(id as usize) {
                *c += 1;
            }
        }
        let mut peer_left = vec![0u32; vocab_len];
        let mut model_left = vec![0u32; vocab_len];
        // Which terms each peer sentence contains, to skip reference tokens
        // that cannot be part of its LCS.
        let peer_presence: Vec<Vec<bool>> = peer
            .sentences
            .iter()
            .map(|s| {
                let mut present = vec![false; vocab_len];
                for &id in s {
                    if let Some(p) = present.get_mut(id as usize) {
                        *p = true;
                    }
                }
                present
            })
            .collect();
        let mut mask = Vec::new();
        let mut lcs = LcsBuffers::default();
        let mut total = Counts::default();
        let mut best = -1.0;
        for r in refs {
            peer_left.copy_from_slice(&peer_counts);
            model_left.fill(0);
            for &id in &r.flat {
                model_left[id as usize] += 1;
            }
            let mut hits = 0u64;
            let mut base = 0u64;
            for sentence in &r.sentences {
                base += sentence.len() as u64;
                mask.clear();
                mask.resize(sentence.len(), false);
                for (p, present) in peer.sentences.iter().zip(&peer_presence) {
                    lcs.mark(sentence, p, present, &mut mask);
                }
                for (&id, _) in sentence.iter().zip(&mask).filter(|(_, &hit)| hit) {
                    let (m, p) = (&mut model_left[id as usize], &mut peer_left[id as usize]);
                    if *m > 0 && *p > 0 {
                        *m -= 1;
                        *p -= 1;
                        hits += 1;
                    }
                }
            }
            let peer_total = peer.flat.len() as u64;
            match self.config.scoring {
                Scoring::Average => {
                    total.hits += hits;
                    total.reference_total += base;
                    total.peer_total += peer_total;
                }
                Scoring::Best => {
                    // Unlike ROUGE-N, the script compares unrounded LCS recall.
                    let recall = if base == 0 {
                        0.0
                    } else {
                        hits as f64 / base as f64
                    };
                    if recall > best {
                        best = recall;
                        total = Counts {
                            hits,
                            reference_total: base,
                            peer_total,
                        };
                    }
                }
            }
        }
        total
    }

    /// Per-item recall, precision and F, each rounded to five decimals like
    /// the script's intermediate strings; F is computed from the rounded R and P.
    fn finish(&self, c: Counts) -> Score {
        let ratio = |a: u64, b: u64| {
            if b == 0 {
                0.0
            } else {
                round5(a as f64 / b as f64)
            }
        };
        let recall = ratio(c.hits, c.reference_total);
        let precision = ratio(c.hits, c.peer_total);
        let alpha = self.config.alpha;
        let denominator = (1.0 - alpha) * precision + alpha * recall;
        let f = if denominator > 0.0 {
            round5(precision * recall / denominator)
        } else {
            0.0
        };
        Score {
            recall,
            precision,
            f,
            hits: c.hits,
            reference_total: c.reference_total,
            peer_total: c.peer_total,
        }
    }
}

impl Vocab {
    fn len(&self) -> usize {
        self.terms.len()
    }

    fn intern(
        &mut self,
        token: &[u8],
        stem: Stem,
        stop: bool,
        scratch: &mut Vec<u8>,
    ) -> Option<u32> {
        lowercase_into(token, scratch);
        if let Some(&id) = self.surfaces.get(scratch.as_slice()) {
            return id;
        }
        let id = term(scratch, stem, stop).map(|t| {
            let next = self.terms.len() as u32;
            *self.terms.entry(t.into_owned().into()).or_insert(next)
        });
        self.surfaces.insert(scratch.as_slice().into(), id);
        id
    }

    fn lookup(&self, token: &[u8], stem: Stem, stop: bool, scratch: &mut Vec<u8>) -> Option<u32> {
        lowercase_into(token, scratch);
        if let Some(&id) = self.surfaces.get(scratch.as_slice()) {
            return id;
        }
        term(scratch, stem, stop).map(|t| self.terms.get(t.as_ref()).copied().unwrap_or(UNSEEN))
    }
}

fn lowercase_into(token: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend(token.iter().map(u8::to_ascii_lowercase));
}

/// The counted form of a lowercased token, or `None` for a removed stop word.
/// Stop words are matched before stemming, as in the script.
fn term(token: &[u8], stem: Stem, stop: bool) -> Option<Cow<'_, [u8]>> {
    if stop && is_stop_word(token) {
        return None;
    }
    match stem {
        Stem::Off => Some(Cow::Borrowed(token)),
        Stem::Porter => Some(Cow::Owned(stem_token(token, false))),
        Stem::WordNet => Some(Cow::Owned(stem_token(token, true))),
    }
}

/// Skip-bigram keys in ROUGE-1.5.5's order. The script only visits pair
/// starts before the last token, so with `-u` the last token's unigram is
/// never counted and a one-token summary has no units at all.
pub(crate) fn skip_keys(ids: &[u32], skip: SkipBigrams) -> Vec<u64> {
    let last = ids.len().saturating_sub(1);
    let per_start = skip.max_gap.map_or(last, |g| g + 1) + usize::from(skip.unigrams);
    let mut keys = Vec::with_capacity(last * per_start.min(last + 1));
    for i in 0..last {
        let head = u64::from(ids[i]) << 32;
        if skip.unigrams {
            keys.push(head | u64::from(UNIGRAM));
        }
        let end = skip.max_gap.map_or(last, |g| last.min(i + g + 1));
        keys.extend(ids[i + 1..=end].iter().map(|&j| head | u64::from(j)));
    }
    keys
}

fn count_sorted<K: Ord + Copy>(mut keys: Vec<K>) -> Vec<(K, u32)> {
    keys.sort_unstable();
    let mut out: Vec<(K, u32)> = Vec::with_capacity(keys.len());
    for k in keys {
        match out.last_mut() {
            Some((last, c)) if *last == k => *c += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}

/// Sum over shared keys of the smaller count.
pub(crate) fn clipped_hits<K: Ord>(a: &[(K, u32)], b: &[(K, u32)]) -> u64 {
    let (mut i, mut j, mut hits) = (0, 0, 0u64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                hits += u64::from(a[i].1.min(b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    hits
}

/// Scratch space for [`LcsBuffers::mark`], reused across sentence pairs.
#[derive(Default)]
pub(crate) struct LcsBuffers {
    /// Positions in the model sentence of tokens the peer sentence contains.
    kept: Vec<usize>,
    dp: Vec<u32>,
}

impl LcsBuffers {
    /// Marks in `mask` the model positions on one LCS of `model` and `peer`.
    /// Which LCS is marked matters for the later clipping, so ties follow the
    /// script: a match goes diagonal, otherwise up (drop a model token)
    /// unless left is strictly longer.
    ///
    /// Model tokens absent from the peer (`present[id]` false) are left out of
    /// the table: their rows would repeat the row above and the walk back
    /// would always step over them, so the marks are unchanged.
    pub(crate) fn mark(
        &mut self,
        model: &[u32],
        peer: &[u32],
        present: &[bool],
        mask: &mut [bool],
    ) {
        self.kept.clear();
        self.kept.extend(
            model
                .iter()
                .enumerate()
                .filter(|(_, &id)| present.get(id as usize).copied().unwrap_or(false))
                .map(|(i, _)| i),
        );
        let (m, n) = (self.kept.len(), peer.len());
        if m == 0 || n == 0 {
            return;
        }
        let w = n + 1;
        let dp = &mut self.dp;
        dp.clear();
        dp.resize((m + 1) * w, 0);
        for (i, &at) in self.kept.iter().enumerate() {
            let token = model[at];
            let (done, rest) = dp.split_at_mut((i + 1) * w);
            let prev = &done[i * w..];
            let cur = &mut rest[..w];
            for (j, &other) in peer.iter().enumerate() {
                cur[j + 1] = if token == other {
                    prev[j] + 1
                } else {
                    prev[j + 1].max(cur[j])
                };
            }
        }
        let (mut i, mut j) = (m, n);
        while i > 0 && j > 0 {
            if model[self.kept[i - 1]] == peer[j - 1] {
                i -= 1;
                j -= 1;
                mask[self.kept[i]] = true;
            } else if dp[(i - 1) * w + j] >= dp[i * w + j - 1] {
                i -= 1;
            } else {
                j -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcs_marks_one_subsequence() {
        let mut mask = vec![false; 5];
        let present = [
            false, true, false, true, false, true, false, false, false, true,
        ];
        LcsBuffers::default().mark(&[1, 2, 3, 4, 5], &[1, 3, 9, 5], &present, &mut mask);
        assert_eq!(mask, [true, false, true, false, true]);
    }

    #[test]
    fn lcs_tie_prefers_dropping_model_tokens() {
        // Both [1] and [2] are longest; preferring to drop the last model
        // token on a tie marks the earlier one.
        let mut mask = vec![false; 2];
        LcsBuffers::default().mark(&[1, 2], &[2, 1], &[false, true, true], &mut mask);
        assert_eq!(mask, [true, false]);
    }

    #[test]
    fn skip_bigrams_with_gap_and_unigrams() {
        let su = |gap| SkipBigrams {
            max_gap: gap,
            unigrams: true,
        };
        // 4 tokens, gap 1: unigrams of the first three, pairs within distance 2.
        let keys = skip_keys(&[1, 2, 3, 4], su(Some(1)));
        assert_eq!(keys.len(), 3 + 2 + 2 + 1);
        assert!(skip_keys(&[7], su(Some(4))).is_empty());
        // Unlimited gap: all 6 pairs plus 3 unigrams.
        assert_eq!(skip_keys(&[1, 2, 3, 4], su(None)).len(), 9);
    }

    #[test]
    fn clipping_takes_the_smaller_count() {
        let a = count_sorted(vec![1u64, 1, 1, 2, 5]);
        let b = count_sorted(vec![1u64, 2, 2, 3]);
        assert_eq!(clipped_hits(&a, &b), 2);
    }
}
