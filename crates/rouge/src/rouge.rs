//! The scorer: tokens to integer ids, and the per-item combination rules of
//! ROUGE-1.5.5. The matching itself is in [`crate::matcher`].

use crate::bootstrap::{round5, Resamples};
use crate::lexicon::Lexicon;
use crate::matcher::{Counts, Doc, Matcher, Plan};
use crate::text::{flat_parts, for_each_token, sentence_parts, Token};
use crate::{Limit, Metric, Report, RougeConfig, Score, Scores, Scoring, Summary};

/// A configured ROUGE scorer. Cheap to share across threads; all methods take
/// `&self`. Build one with [`RougeConfig`].
#[derive(Clone, Debug)]
pub struct Rouge {
    config: RougeConfig,
    metrics: Vec<Metric>,
}

/// References of one item, tokenized once so that many peers can be scored
/// against them with [`Rouge::score_prepared`].
#[derive(Clone, Debug)]
pub struct References {
    lexicon: Lexicon,
    refs: Vec<Doc>,
}

/// Reusable buffers for scoring items one after another.
#[derive(Default)]
struct Work {
    peer: Doc,
    refs: Vec<Doc>,
    matcher: Matcher,
    counts: Vec<Counts>,
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

    /// Tokenizes the references of one item.
    pub fn prepare<R: AsRef<str>>(&self, references: &[R]) -> References {
        let mut lexicon = self.lexicon();
        let refs = references
            .iter()
            .map(|r| {
                let mut doc = Doc::default();
                self.fill_doc(r.as_ref(), &mut doc, |t| lexicon.intern(t));
                doc
            })
            .collect();
        References { lexicon, refs }
    }

    /// Scores one peer summary against its references.
    ///
    /// Each string is a whole summary; its lines are ROUGE's sentence units
    /// (see the crate docs).
    pub fn score<R: AsRef<str>>(&self, peer: &str, references: &[R]) -> Scores {
        let mut lexicon = self.lexicon();
        let mut work = Work::default();
        self.score_with(&mut lexicon, &mut work, peer, references)
    }

    /// Scores one peer summary against references prepared by [`Rouge::prepare`].
    ///
    /// # Panics
    ///
    /// If `references` was prepared by a scorer with different stemming or
    /// stop-word settings.
    pub fn score_prepared(&self, peer: &str, references: &References) -> Scores {
        let lexicon = &references.lexicon;
        assert!(
            lexicon.stem == self.config.stem_mode()
                && lexicon.remove_stopwords == self.config.remove_stopwords,
            "references were prepared with different stemming or stop-word settings"
        );
        let mut work = Work::default();
        let mut scratch = Vec::new();
        self.fill_doc(peer, &mut work.peer, |t| lexicon.lookup(t, &mut scratch));
        self.scores(
            &work.peer,
            &references.refs,
            lexicon.len(),
            &mut work.matcher,
            &mut work.counts,
        )
    }

    /// Scores every `(peer, references)` item and bootstraps the system averages.
    ///
    /// ROUGE-1.5.5 orders items by the string sort of their evaluation ids
    /// before resampling; pass items in that order to reproduce its confidence
    /// intervals (and its averages, which are means over the resamples).
    ///
    /// Each distinct word is lowercased, stemmed and looked up once for all
    /// items, so this is cheaper than scoring the items one by one.
    pub fn evaluate<P, Rs, R>(&self, items: &[(P, Rs)]) -> Report
    where
        P: AsRef<str>,
        Rs: AsRef<[R]>,
        R: AsRef<str>,
    {
        // One lexicon for all items: each distinct word is stemmed once.
        let mut lexicon = self.lexicon();
        let mut work = Work::default();
        let scores = items
            .iter()
            .map(|(peer, refs)| {
                self.score_with(&mut lexicon, &mut work, peer.as_ref(), refs.as_ref())
            })
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
        let width = 3 * self.metrics.len();
        let mut values = Vec::with_capacity(scores.len() * width);
        for s in &scores {
            assert_eq!(s.metrics.len(), self.metrics.len(), "scores of this scorer");
            for (_, score) in &s.metrics {
                values.extend([score.recall, score.precision, score.f]);
            }
        }
        let mut estimates = resamples.estimate(&values, width).into_iter();
        let metrics = self
            .metrics
            .iter()
            .map(|&metric| {
                let mut next = || estimates.next().expect("three estimates per metric");
                let (recall, precision, f) = (next(), next(), next());
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

    fn lexicon(&self) -> Lexicon {
        Lexicon::new(self.config.stem_mode(), self.config.remove_stopwords)
    }

    fn plan(&self) -> Plan {
        Plan {
            max_n: self.config.max_n,
            lcs: self.config.lcs,
            skip: self.config.skip,
        }
    }

    /// Tokenizes and scores one item, interning its words in `lexicon`.
    fn score_with<R: AsRef<str>>(
        &self,
        lexicon: &mut Lexicon,
        work: &mut Work,
        peer: &str,
        references: &[R],
    ) -> Scores {
        if work.refs.len() < references.len() {
            work.refs.resize_with(references.len(), Doc::default);
        }
        for (doc, r) in work.refs.iter_mut().zip(references) {
            self.fill_doc(r.as_ref(), doc, |t| lexicon.intern(t));
        }
        self.fill_doc(peer, &mut work.peer, |t| lexicon.intern(t));
        self.scores(
            &work.peer,
            &work.refs[..references.len()],
            lexicon.len(),
            &mut work.matcher,
            &mut work.counts,
        )
    }

    /// Term ids of a summary's two token streams.
    fn fill_doc(&self, text: &str, doc: &mut Doc, mut id: impl FnMut(Token) -> Option<u32>) {
        doc.clear();
        let limit = self.config.limit;
        sentence_parts(text, limit, |part| {
            for_each_token(part, |t| doc.sent.extend(id(t)));
            doc.sent_ends.push(doc.sent.len() as u32);
        });
        // Only a byte limit truncates the two streams differently.
        match limit {
            Limit::Bytes(n) if n > 0 => flat_parts(text, limit, |part| {
                for_each_token(part, |t| doc.flat.extend(id(t)));
            }),
            _ => doc.flat.extend_from_slice(&doc.sent),
        }
    }

    fn scores(
        &self,
        peer: &Doc,
        refs: &[Doc],
        vocab: usize,
        matcher: &mut Matcher,
        counts: &mut Vec<Counts>,
    ) -> Scores {
        let plan = self.plan();
        matcher.count(plan, peer, refs, vocab, counts);
        let width = plan.metric_count();
        let metrics = self
            .metrics
            .iter()
            .enumerate()
            .map(|(m, &metric)| {
                let per_ref = counts.iter().skip(m).step_by(width).copied();
                (metric, self.finish(self.combine(metric, per_ref)))
            })
            .collect();
        Scores { metrics }
    }

    /// Combines `(hits, reference size, peer size)` over references. Best
    /// mode compares recall rounded to five decimals for ROUGE-N and skip
    /// bigrams, and unrounded for ROUGE-L, as the script does; the first
    /// reference wins ties.
    fn combine(&self, metric: Metric, per_ref: impl Iterator<Item = Counts>) -> Counts {
        let mut total = Counts::default();
        let mut best = -1.0;
        for c in per_ref {
            match self.config.scoring {
                Scoring::Average => {
                    total.hits += c.hits;
                    total.reference_total += c.reference_total;
                    total.peer_total += c.peer_total;
                }
                Scoring::Best => {
                    let recall = if c.reference_total == 0 {
                        0.0
                    } else if metric == Metric::L {
                        c.hits as f64 / c.reference_total as f64
                    } else {
                        round5(c.hits as f64 / c.reference_total as f64)
                    };
                    if recall > best {
                        best = recall;
                        total = c;
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
