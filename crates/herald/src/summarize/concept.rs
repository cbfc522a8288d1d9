//! herald's default: concept coverage under a length budget.
//!
//! A concept is a pair of adjacent stems (not both stop words) — "chemical weapon", "security
//! council". Its weight is the evidence that it matters to the story: how many articles use it,
//! more when they use it early. A summary's value is the total weight of the distinct concepts it
//! covers, so saying a thing twice earns nothing: redundancy is penalised by the objective
//! itself. Coverage is monotone submodular, and the budgeted greedy below (gain per word, then
//! the better of that and the best single sentence) carries the known constant-factor guarantee
//! for budgeted maximum coverage (Khuller, Moss & Naor 1999; Lin & Bilmes 2010).

use super::{Context, Selection, Summarizer};
use crate::model::Budget;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Settings of the concept-coverage summarizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConceptConfig {
    /// Concepts used by fewer articles than this are ignored (when the cluster has that many
    /// articles); one article's idiosyncrasies are not the story.
    pub min_documents: usize,
    /// Extra weight for a concept in an article's first sentence; it decays as 1/(1+position).
    pub position_bonus: f64,
    /// Gain is divided by the sentence's cost to this power: 1 is gain per word (or byte, as the
    /// budget counts), 0 ignores length.
    pub length_exponent: f64,
}

impl Default for ConceptConfig {
    fn default() -> Self {
        ConceptConfig {
            min_documents: 2,
            position_bonus: 1.0,
            length_exponent: 1.0,
        }
    }
}

/// The concept-coverage summarizer.
#[derive(Debug, Clone, Default)]
pub struct Concept {
    config: ConceptConfig,
}

impl Concept {
    /// A summarizer with `config`.
    pub fn new(config: ConceptConfig) -> Self {
        Concept { config }
    }
}

/// Each sentence's concepts as indices into a weight table.
struct Concepts {
    weights: Vec<f64>,
    of_sentence: Vec<Vec<usize>>,
}

impl Concept {
    fn concepts(&self, ctx: &Context<'_>) -> Concepts {
        let a = ctx.analysis;
        let mut ids: HashMap<u64, usize> = HashMap::new();
        let mut of_sentence = Vec::with_capacity(a.sentences.len());
        // Per concept: the documents that use it and the earliest position in each.
        let mut uses: Vec<Vec<(usize, usize)>> = Vec::new();
        for (i, s) in a.sentences.iter().enumerate() {
            let tokens = a.tokens_of(i);
            let mut mine = Vec::with_capacity(tokens.len());
            for pair in tokens.windows(2) {
                if pair[0].stop && pair[1].stop {
                    continue;
                }
                let key = (u64::from(pair[0].term) << 32) | u64::from(pair[1].term);
                let next = ids.len();
                let id = *ids.entry(key).or_insert(next);
                if id == uses.len() {
                    uses.push(Vec::new());
                }
                mine.push(id);
                if ctx.doc_weight[s.doc] > 0.0 {
                    match uses[id].iter_mut().find(|(d, _)| *d == s.doc) {
                        Some((_, pos)) => *pos = (*pos).min(s.position),
                        None => uses[id].push((s.doc, s.position)),
                    }
                }
            }
            mine.sort_unstable();
            mine.dedup();
            of_sentence.push(mine);
        }
        let documents = ctx.doc_weight.iter().filter(|w| **w > 0.0).count();
        let min_docs = self.config.min_documents.min(documents).max(1);
        let weights = uses
            .iter()
            .map(|u| {
                if u.len() < min_docs {
                    return 0.0;
                }
                u.iter()
                    .map(|&(d, pos)| {
                        ctx.doc_weight[d] * (1.0 + self.config.position_bonus / (1.0 + pos as f64))
                    })
                    .sum()
            })
            .collect();
        Concepts {
            weights,
            of_sentence,
        }
    }
}

impl Summarizer for Concept {
    fn select(&self, ctx: &Context<'_>, budget: Budget) -> Vec<usize> {
        let concepts = self.concepts(ctx);
        let n = ctx.analysis.sentences.len();
        let mut covered = vec![false; concepts.weights.len()];
        let gain = |i: usize, covered: &[bool]| -> f64 {
            let s: f64 = concepts.of_sentence[i]
                .iter()
                .filter(|&&c| !covered[c])
                .map(|&c| concepts.weights[c])
                .sum();
            s * ctx.doc_weight[ctx.analysis.sentences[i].doc]
        };
        // Gain is weighed against what the budget counts, so a sentence budget prefers rich
        // sentences and a word or byte budget prefers dense ones.
        let cost = |i: usize| {
            let s = &ctx.analysis.sentences[i];
            let units = match budget {
                Budget::Words(_) => s.words,
                Budget::Bytes(_) => s.span.len(),
                Budget::Sentences(_) => 1,
            };
            (units.max(1) as f64).powf(self.config.length_exponent)
        };

        let mut sel = Selection::new(ctx, budget);
        let mut total = 0.0;
        loop {
            let mut best: Option<(f64, usize)> = None;
            for i in 0..n {
                if !sel.can_add(i) {
                    continue;
                }
                let g = gain(i, &covered);
                if g <= 0.0 {
                    continue;
                }
                let ratio = g / cost(i);
                // Ties go to the earlier sentence, so the output never depends on hash order.
                if best.is_none_or(|(r, _)| ratio > r) {
                    best = Some((ratio, i));
                }
            }
            let Some((_, i)) = best else {
                if sel.allow_overrun() {
                    continue;
                }
                break;
            };
            total += gain(i, &covered);
            sel.add(i);
            for &c in &concepts.of_sentence[i] {
                covered[c] = true;
            }
        }

        // The guarantee needs the best single sentence as a fallback: one long, rich sentence
        // can beat a greedy run of short ones.
        let empty = Selection::new(ctx, budget);
        let no_cover = vec![false; concepts.weights.len()];
        let single = (0..n)
            .filter(|&i| empty.can_add(i))
            .map(|i| (gain(i, &no_cover), i))
            .fold(None, |best: Option<(f64, usize)>, (g, i)| match best {
                Some((bg, _)) if bg >= g => best,
                _ => Some((g, i)),
            });
        match single {
            Some((g, i)) if g > total => vec![i],
            _ => sel.into_chosen(),
        }
    }
}
