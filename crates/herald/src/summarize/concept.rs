//! herald's default: concept coverage under a length budget.
//!
//! A concept is a pair of adjacent stems (not both stop words) — "chemical weapon", "security
//! council". Its weight is the evidence that it matters to the story: how many articles use it
//! (super-linearly; concepts used by only one article count only a little), more when
//! they use it early. A summary's value is the total weight of the distinct concepts it covers,
//! so saying a thing twice earns nothing: redundancy is penalised by the objective itself, on top
//! of the sentence-equivalence rule every summary keeps. Coverage is monotone submodular, and the
//! budgeted greedy below (gain per unit of cost, then the better of that and the best single
//! sentence) carries the known constant-factor guarantee for budgeted maximum coverage when
//! `length_exponent` is 1 (Khuller, Moss & Naor 1999; Lin & Bilmes 2010); the default 0.75 is
//! Lin & Bilmes' scaled variant. With `exact`, the same objective is maximised exactly by an
//! integer linear program (Gillick & Favre 2009) over the best candidates. The defaults and the
//! measurements behind them are in docs/results.md.

use super::{ilp, Choice, Context, Selection, Summarizer};
use crate::dedup::CopyIndex;
use crate::model::Budget;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Settings of the concept-coverage summarizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConceptConfig {
    /// Concepts used by fewer articles than this (when the cluster has that many articles) count
    /// only `rare_weight` as much: one article's idiosyncrasies are rarely the story.
    pub min_documents: usize,
    /// Raises `min_documents` to this share of the cluster's (non-outlier) articles, rounded
    /// (0.3: in a cluster of ten, what only two say is not yet the story). Off (0) by default:
    /// 0.3 helped the DUC clusters it was chosen on but not the others (docs/results.md §51).
    pub min_document_share: f64,
    /// The weight factor of concepts used by fewer than `min_documents` articles. A small
    /// positive value lets the summary keep filling its budget when few concepts are shared
    /// (two short articles), without letting them compete with shared ones.
    pub rare_weight: f64,
    /// Extra weight for a concept in an article's first sentence; it decays with the position
    /// of the concept's earliest use in each article as `1 / (1 + position)^position_decay`.
    pub position_bonus: f64,
    /// How fast the position bonus decays (see `position_bonus`).
    pub position_decay: f64,
    /// A concept's weight is its summed evidence over articles to this power: 1 counts
    /// articles linearly, above 1 favours what many articles say.
    pub document_exponent: f64,
    /// Extra evidence for a concept an article uses repeatedly: each article's use counts
    /// `1 + frequency_weight × ln(sentences using it)` times.
    pub frequency_weight: f64,
    /// Weight factor of single content stems as concepts, next to stem pairs; 0 uses pairs
    /// only.
    pub unigram_weight: f64,
    /// A per-sentence bonus for leading sentences, `lead_weight × (mean sentence gain) /
    /// (1 + position)^lead_decay`, added to the coverage objective (a modular term, so the
    /// objective stays monotone submodular). An article's first sentence is the one its writer
    /// meant as the summary: on DUC and MultiLing it holds 1.6-2.2 times the reference bigrams
    /// per bigram of any later one (docs/results.md §18).
    pub lead_weight: f64,
    /// How fast the lead bonus falls with position: 3 keeps it almost all on the first
    /// sentence (the second gets 1/8 of it), as the data show no such edge for the second.
    pub lead_decay: f64,
    /// Gain is divided by the sentence's cost to this power: 1 is gain per word (or byte, as the
    /// budget counts), 0 ignores length.
    pub length_exponent: f64,
    /// Count an article as support for a concept only when the sentence using it is not a copy
    /// of one in an article already counted (a follow-up reusing paragraphs is one source).
    pub independent_sources: bool,
    /// The longest run of consecutive sentences the greedy may add as one unit: a sentence
    /// that needs context (a pronoun opener, "a similar account") together with the
    /// predecessors it needs, judged by their joint gain per joint cost. 1 adds a sentence
    /// that needs context only once its predecessor happens to be chosen.
    pub max_chain: usize,
    /// Maximise coverage exactly, with an integer linear program over the best `candidates`
    /// sentences (see `summarize::ilp`), instead of the budgeted greedy. What room the program
    /// leaves (and, with `truncate`, the overrunning last sentence) is filled greedily.
    pub exact: bool,
    /// How many sentences, the best by greedy gain per unit of cost, the exact program chooses
    /// among (their predecessors are added when they need context).
    pub candidates: usize,
    /// Branch-and-bound nodes the exact program may explore before settling for its best
    /// solution so far: a deterministic bound on its time.
    pub node_limit: u64,
    /// A diminishing return per article: the greedy weighs a sentence's gain by `1 / (1 +
    /// source_discount × k)`, `k` the sentences already chosen from its article beyond its
    /// first [`FREE_PER_ARTICLE`], so that when another outlet says something comparable the
    /// summary quotes it rather than a fifth sentence of one report. Only the choice is
    /// weighed, not the objective: a sentence of the same article that says much more still
    /// wins. It applies only when at least [`MIN_OUTLETS`] articles can be quoted. 0 turns it
    /// off; 0.1 costs no ROUGE on either half of the development data (docs/results.md §66).
    pub source_discount: f64,
}

impl Default for ConceptConfig {
    /// The defaults chosen on the development sets; docs/results.md has the measurements.
    fn default() -> Self {
        ConceptConfig {
            min_documents: 2,
            min_document_share: 0.0,
            rare_weight: 0.3,
            position_bonus: 2.0,
            position_decay: 1.0,
            document_exponent: 1.5,
            frequency_weight: 0.0,
            unigram_weight: 0.0,
            lead_weight: 0.5,
            lead_decay: 3.0,
            length_exponent: 1.0,
            independent_sources: true,
            max_chain: 2,
            exact: false,
            candidates: 40,
            node_limit: 2000,
            source_discount: 0.1,
        }
    }
}

/// Sentences of one article the greedy takes before [`ConceptConfig::source_discount`]
/// applies: a lead and the sentence that goes on with it are one report's core, and
/// discounting them cost DUC 2003 0.1-0.5 R-1 where discounting from the third cost nothing
/// (docs/results.md §52).
pub const FREE_PER_ARTICLE: usize = 2;

/// Articles that must be quotable for [`ConceptConfig::source_discount`] to apply. Spreading
/// a summary over outlets is about a story many covered; beside one other report, quoting the
/// fuller of two is no fault, and on two-article clusters the discount quoted the thinner one
/// (the full-text Multi-News losses of docs/results.md §52 were all such clusters).
pub const MIN_OUTLETS: usize = 3;

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

/// Each sentence's concepts as indices into a weight table, and each sentence's modular bonus.
struct Concepts {
    weights: Vec<f64>,
    of_sentence: Vec<Vec<usize>>,
    /// Per sentence, per compressed variant ([`Context::variants`]): the concepts its kept
    /// spans hold.
    of_variant: Vec<Vec<Vec<usize>>>,
    bonus: Vec<f64>,
    /// Stem pair -> concept index, to find the concepts of part of a sentence.
    ids: HashMap<Key, usize>,
    /// How many pairs of sentences the copy check compared (`independent_sources`): the
    /// measure of its cost that the bound test reads.
    #[cfg_attr(not(test), allow(dead_code))]
    comparisons: usize,
}

/// A stem pair, or a single stem with `u32::MAX` as its second half.
type Key = (u32, u32);

/// The end of a list threaded through `firsts` (see [`Concept::concepts`]).
const NONE: u32 = u32::MAX;

/// While a concept has at most this many sources, a sentence is checked for being a copy of
/// each of them (`independent_sources`); beyond, through a [`CopyIndex`] of the cluster's
/// sentences, so that the check stays near-linear in the number of articles. Clusters of up
/// to this many articles never reach the index.
const EXACT_SOURCES: usize = 16;

/// How many sentences a loop goes through between two looks at the cancel signal.
const CANCEL_EVERY: usize = 256;

/// What the articles read so far say for one concept.
#[derive(Clone, Copy)]
struct Tally {
    /// The summed evidence of the articles counted before the last one.
    evidence: f64,
    /// How many articles use the concept (copies of a counted sentence aside).
    documents: u32,
    /// The last article counted, its earliest position using the concept and how many of its
    /// sentences use it; its evidence is added once the next article is counted, or at the end.
    doc: u32,
    position: u32,
    count: u32,
    /// The head of this concept's list of the sentences that brought each article in.
    first: u32,
}

impl Tally {
    /// All the evidence counted: the earlier articles' and the last one's, weighed by
    /// `evidence(article, earliest position, sentences)`.
    fn total(&self, evidence: impl Fn(usize, u32, u32) -> f64) -> f64 {
        if self.documents == 0 {
            return 0.0;
        }
        self.evidence + evidence(self.doc as usize, self.position, self.count)
    }
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            evidence: 0.0,
            documents: 0,
            doc: 0,
            position: 0,
            count: 0,
            first: NONE,
        }
    }
}

impl Concept {
    /// The concepts of `ctx`'s sentences and their weights; `None` once `ctx.cancel` is raised.
    fn concepts(&self, ctx: &Context<'_>) -> Option<Concepts> {
        let c = &self.config;
        let a = ctx.analysis;
        let mut ids: HashMap<Key, usize> = HashMap::new();
        let mut unigram: Vec<bool> = Vec::new();
        let mut of_sentence = Vec::with_capacity(a.sentences.len());
        // Per concept, what the articles read so far say for it. Articles are read one after
        // the other, so only the last one counted can still gain sentences.
        let mut tallies: Vec<Tally> = Vec::new();
        // The sentences that brought each article into a concept's tally, to tell copies
        // apart: linked lists threaded through one vector (head in `Tally::first`), as most
        // concepts have one or two.
        let mut firsts: Vec<(u32, u32)> = Vec::new();
        let evidence = |doc: usize, position: u32, count: u32| {
            ctx.doc_weight[doc]
                * (1.0 + c.position_bonus / (1.0 + f64::from(position)).powf(c.position_decay))
                * (1.0 + c.frequency_weight * f64::from(count).ln())
        };
        let mut keys: Vec<Key> = Vec::new();
        // Past `EXACT_SOURCES` sources, copies are found through the index: the sentences that
        // brought an article into some tally are indexed, and `pushed` says which tallies.
        let sources = ctx.doc_weight.iter().filter(|w| **w > 0.0).count();
        let use_index = c.independent_sources && sources > EXACT_SOURCES;
        let mut copy_index = CopyIndex::default();
        let mut pushed: HashSet<(u32, u32)> = HashSet::new();
        let mut walked = 0usize;
        for (i, s) in a.sentences.iter().enumerate() {
            if i % CANCEL_EVERY == 0 && ctx.cancel.is_cancelled() {
                return None;
            }
            // Sentence `i`'s band keys and its copies among the indexed sentences, found once
            // and only when some concept needs them.
            let mut band_keys: Option<Vec<u64>> = None;
            let mut copies: Option<Vec<u32>> = None;
            let mut brought = false;
            let tokens = a.tokens_of(i);
            keys.clear();
            keys.extend(
                tokens
                    .windows(2)
                    .filter(|p| !(p[0].stop && p[1].stop))
                    .map(|p| (p[0].term, p[1].term)),
            );
            if c.unigram_weight > 0.0 {
                keys.extend(
                    tokens
                        .iter()
                        .filter(|t| !t.stop)
                        .map(|t| (t.term, u32::MAX)),
                );
            }
            keys.sort_unstable();
            keys.dedup();
            let mut mine = Vec::with_capacity(keys.len());
            let doc = s.doc as u32;
            let position = s.position as u32;
            for &key in &keys {
                let next = ids.len();
                let id = *ids.entry(key).or_insert(next);
                if id == tallies.len() {
                    tallies.push(Tally::default());
                    unigram.push(key.1 == u32::MAX);
                }
                mine.push(id);
                if ctx.doc_weight[s.doc] <= 0.0 {
                    continue;
                }
                let t = &mut tallies[id];
                if t.documents > 0 && t.doc == doc {
                    t.count += 1;
                    continue;
                }
                // A sentence copied from another article is that article's evidence again,
                // not a new source's.
                if c.independent_sources {
                    let copied = if t.documents as usize <= EXACT_SOURCES {
                        std::iter::successors((t.first != NONE).then_some(t.first), |&k| {
                            let after = firsts[k as usize].1;
                            (after != NONE).then_some(after)
                        })
                        .any(|k| {
                            walked += 1;
                            ctx.index.copies(i, firsts[k as usize].0 as usize)
                        })
                    } else {
                        let band = band_keys.get_or_insert_with(|| CopyIndex::keys(ctx.index, i));
                        copies
                            .get_or_insert_with(|| copy_index.copies_of(ctx.index, i, band))
                            .iter()
                            .any(|&j| pushed.contains(&(j, id as u32)))
                    };
                    if copied {
                        continue;
                    }
                }
                if use_index {
                    pushed.insert((i as u32, id as u32));
                    brought = true;
                }
                firsts.push((i as u32, t.first));
                *t = Tally {
                    evidence: t.total(evidence),
                    documents: t.documents + 1,
                    doc,
                    position,
                    count: 1,
                    first: (firsts.len() - 1) as u32,
                };
            }
            if brought {
                let band = band_keys.get_or_insert_with(|| CopyIndex::keys(ctx.index, i));
                copy_index.insert(i, band);
            }
            mine.sort_unstable();
            mine.dedup();
            of_sentence.push(mine);
        }
        if copy_index.capped > 0 {
            ctx.notes.borrow_mut().push(format!(
                "copy check capped: {} sentences were compared with only the latest {} of some \
                 bucket of similar sentences, so an older copy may have counted as a source of \
                 its own",
                copy_index.capped,
                crate::dedup::COPY_PROBES
            ));
        }
        let documents = ctx.doc_weight.iter().filter(|w| **w > 0.0).count();
        let share = (c.min_document_share * documents as f64).round() as usize;
        let min_docs = c.min_documents.max(share).min(documents).max(1);
        let weights: Vec<f64> = tallies
            .iter()
            .zip(&unigram)
            .map(|(t, &uni)| {
                let factor = if (t.documents as usize) < min_docs {
                    c.rare_weight
                } else {
                    1.0
                } * if uni { c.unigram_weight } else { 1.0 };
                if factor <= 0.0 {
                    return 0.0;
                }
                factor * t.total(evidence).powf(c.document_exponent)
            })
            .collect();
        let mut bonus = vec![0.0; a.sentences.len()];
        if c.lead_weight > 0.0 {
            let gains: Vec<f64> = (0..a.sentences.len())
                .filter(|&i| ctx.eligible[i])
                .map(|i| of_sentence[i].iter().map(|&k| weights[k]).sum::<f64>())
                .filter(|g| *g > 0.0)
                .collect();
            let mean = gains.iter().sum::<f64>() / gains.len().max(1) as f64;
            for (i, s) in a.sentences.iter().enumerate() {
                bonus[i] = c.lead_weight * mean / (1.0 + s.position as f64).powf(c.lead_decay);
            }
        }
        let of_variant = (0..a.sentences.len())
            .map(|i| {
                let variants = ctx.variants.get(i).map_or(&[][..], Vec::as_slice);
                variants
                    .iter()
                    .map(|v| variant_concepts(a.tokens_of(i), &v.spans, &ids))
                    .collect()
            })
            .collect();
        Some(Concepts {
            weights,
            of_sentence,
            of_variant,
            bonus,
            ids,
            comparisons: walked + copy_index.verified,
        })
    }

    /// The gain of sentence `i` cut to its first `room` words (or bytes), as `--truncate`
    /// will cut the sentence that overruns the budget: only the concepts that survive the cut
    /// count.
    fn prefix_gain(
        &self,
        ctx: &Context<'_>,
        concepts: &Concepts,
        i: usize,
        covered: &[bool],
        room: usize,
        budget: Budget,
    ) -> f64 {
        let a = ctx.analysis;
        let s = &a.sentences[i];
        let text = a.text(i);
        let cut = match budget {
            Budget::Words(_) => text
                .split_whitespace()
                .nth(room)
                .map_or(text.len(), |w| w.as_ptr() as usize - text.as_ptr() as usize),
            Budget::Bytes(_) => room.min(text.len()),
            Budget::Sentences(_) => text.len(),
        };
        let end = s.span.start + cut;
        let tokens: Vec<_> = a.tokens_of(i).iter().take_while(|t| t.end <= end).collect();
        let mut seen: Vec<usize> = tokens
            .windows(2)
            .filter(|p| !(p[0].stop && p[1].stop))
            .filter_map(|p| concepts.ids.get(&(p[0].term, p[1].term)).copied())
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let g: f64 = seen
            .iter()
            .filter(|&&c| !covered[c])
            .map(|&c| concepts.weights[c])
            .sum();
        g * ctx.doc_weight[s.doc]
    }
}

/// The concepts (stem pairs of `ids`) of the tokens inside `spans`, pairs within one span
/// only: what a compressed variant keeps of its sentence's concepts.
fn variant_concepts(
    tokens: &[crate::analyze::Token],
    spans: &[std::ops::Range<usize>],
    ids: &HashMap<Key, usize>,
) -> Vec<usize> {
    let span_of = |t: &crate::analyze::Token| {
        spans
            .iter()
            .position(|r| t.start >= r.start && t.end <= r.end)
    };
    let kept: Vec<(usize, &crate::analyze::Token)> = tokens
        .iter()
        .filter_map(|t| span_of(t).map(|k| (k, t)))
        .collect();
    let mut out: Vec<usize> = kept
        .windows(2)
        .filter(|p| p[0].0 == p[1].0 && !(p[0].1.stop && p[1].1.stop))
        .filter_map(|p| ids.get(&(p[0].1.term, p[1].1.term)).copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Summarizer for Concept {
    fn select(&self, ctx: &Context<'_>, budget: Budget) -> Vec<usize> {
        self.select_variants(ctx, budget)
            .into_iter()
            .map(|c| c.0)
            .collect()
    }

    fn select_variants(&self, ctx: &Context<'_>, budget: Budget) -> Vec<Choice> {
        let Some(concepts) = self.concepts(ctx) else {
            return Vec::new();
        };
        let n = ctx.analysis.sentences.len();
        let gain = |i: usize, covered: &[bool]| -> f64 {
            let s: f64 = concepts.of_sentence[i]
                .iter()
                .filter(|&&c| !covered[c])
                .map(|&c| concepts.weights[c])
                .sum();
            (s + concepts.bonus[i]) * ctx.doc_weight[ctx.analysis.sentences[i].doc]
        };
        // The concepts of sentence `i` whole, or as its compressed `variant`.
        let concepts_of = |i: usize, variant: Option<usize>| -> &[usize] {
            match variant {
                Some(v) => &concepts.of_variant[i][v],
                None => &concepts.of_sentence[i],
            }
        };
        // The gain of adding several sentences at once (a chain, all from one article), the
        // last as `variant`: each new concept counts once.
        let unit_gain = |unit: &[usize], variant: Option<usize>, covered: &[bool]| -> f64 {
            if let ([i], None) = (unit, variant) {
                return gain(*i, covered);
            }
            let last = unit.len() - 1;
            let mut fresh: Vec<usize> = unit
                .iter()
                .enumerate()
                .flat_map(|(k, &i)| {
                    concepts_of(i, if k == last { variant } else { None })
                        .iter()
                        .copied()
                })
                .filter(|&c| !covered[c])
                .collect();
            fresh.sort_unstable();
            fresh.dedup();
            let value: f64 = fresh.iter().map(|&c| concepts.weights[c]).sum::<f64>()
                + unit.iter().map(|&i| concepts.bonus[i]).sum::<f64>();
            value * ctx.doc_weight[ctx.analysis.sentences[unit[0]].doc]
        };
        // What a sentence costs against the budget, whole or as a variant.
        let units_as = |i: usize, variant: Option<usize>| {
            let (words, bytes) = ctx.length(i, variant);
            match budget {
                Budget::Words(_) => words,
                Budget::Bytes(_) => bytes + 1,
                Budget::Sentences(_) => 1,
            }
        };
        let units = |i: usize| units_as(i, None);
        // Gain is weighed against what the budget counts, so a sentence budget prefers rich
        // sentences and a word or byte budget prefers dense ones.
        let cost = |i: usize| (units(i).max(1) as f64).powf(self.config.length_exponent);

        let mut sel = Selection::new(ctx, budget);
        let mut covered = vec![false; concepts.weights.len()];
        let mut total = 0.0;
        if self.config.exact {
            if let Some(chosen) = self.exact(ctx, budget, &concepts, &gain, &units, &cost) {
                // The program keeps a sentence that needs context with its predecessor, so a
                // chain of two brings in nothing it did not choose: a sentence that leaves a
                // quotation open is skipped at its turn and comes in with the next one. A
                // sentence that calls someone by surname waits for the one giving the full
                // name, which may come later in sentence order, or comes in with its article's
                // introducing sentence (`Selection::chain`); rounds go on while any is added.
                let mut pending = chosen;
                loop {
                    let before = pending.len();
                    pending.retain(|&i| {
                        let Some(unit) = sel.chain(i, 2) else {
                            return true;
                        };
                        total += unit_gain(&unit, None, &covered);
                        sel.add_chain(&unit);
                        for k in unit {
                            for &c in &concepts.of_sentence[k] {
                                covered[c] = true;
                            }
                        }
                        false
                    });
                    if pending.len() == before {
                        break;
                    }
                }
            }
        }
        // Sentences chosen so far per article, for the diminishing return per article.
        let mut from = vec![0usize; ctx.analysis.documents.len()];
        for i in sel.chosen() {
            from[ctx.analysis.sentences[*i].doc] += 1;
        }
        // Articles that can be quoted at all (not outliers, with an eligible sentence).
        let mut usable = vec![false; ctx.analysis.documents.len()];
        for (k, s) in ctx.analysis.sentences.iter().enumerate() {
            if ctx.eligible[k] && ctx.doc_weight[s.doc] > 0.0 {
                usable[s.doc] = true;
            }
        }
        let outlets = usable.iter().filter(|&&u| u).count();
        let discount = if outlets >= MIN_OUTLETS {
            self.config.source_discount
        } else {
            0.0
        };
        let spread = |i: usize, from: &[usize]| {
            let beyond = from[ctx.analysis.sentences[i].doc].saturating_sub(FREE_PER_ARTICLE);
            1.0 / (1.0 + discount * beyond as f64)
        };
        let mut overrun = false;
        loop {
            let mut best: Option<(f64, Vec<usize>, Option<usize>)> = None;
            for i in 0..n {
                if i % CANCEL_EVERY == 0 && ctx.cancel.is_cancelled() {
                    return Vec::new();
                }
                // The sentence whole, then each of its compressed variants (none once the
                // budget overruns: the last sentence is cut at the limit whole).
                let forms = if overrun {
                    0
                } else {
                    concepts.of_variant[i].len()
                };
                for variant in std::iter::once(None).chain((0..forms).map(Some)) {
                    // The last, overrunning sentence is judged by what survives its cut;
                    // every candidate then costs the same, the room left.
                    let (g, unit) = if overrun {
                        if !sel.can_add(i) {
                            continue;
                        }
                        let g = self.prefix_gain(ctx, &concepts, i, &covered, sel.room(), budget);
                        (g, vec![i])
                    } else {
                        let Some(unit) = sel.chain_as(i, self.config.max_chain.max(1), variant)
                        else {
                            continue;
                        };
                        (unit_gain(&unit, variant, &covered), unit)
                    };
                    if g <= 0.0 {
                        continue;
                    }
                    let g = g * spread(unit[0], &from);
                    let ratio = if overrun {
                        g
                    } else {
                        let last = unit.len() - 1;
                        let units: usize = unit
                            .iter()
                            .enumerate()
                            .map(|(k, &j)| {
                                units_as(j, if k == last { variant } else { None }).max(1)
                            })
                            .sum();
                        g / (units as f64).powf(self.config.length_exponent)
                    };
                    // Ties go to the earlier sentence, and to the whole sentence, so the
                    // output never depends on hash order.
                    if best.as_ref().is_none_or(|(r, _, _)| ratio > *r) {
                        best = Some((ratio, unit, variant));
                    }
                }
            }
            let Some((_, unit, variant)) = best else {
                if sel.allow_overrun() {
                    overrun = true;
                    continue;
                }
                break;
            };
            total += unit_gain(&unit, variant, &covered);
            sel.add_chain_as(&unit, variant);
            let last = unit.len() - 1;
            for (k, i) in unit.into_iter().enumerate() {
                from[ctx.analysis.sentences[i].doc] += 1;
                for &c in concepts_of(i, if k == last { variant } else { None }) {
                    covered[c] = true;
                }
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
            Some((g, i)) if g > total => vec![(i, None)],
            _ => sel.into_choices(),
        }
    }
}

impl Concept {
    /// The exact program's choice among the best candidates, in sentence order; `None` when
    /// the solver gives up.
    fn exact(
        &self,
        ctx: &Context<'_>,
        budget: Budget,
        concepts: &Concepts,
        gain: &dyn Fn(usize, &[bool]) -> f64,
        units: &dyn Fn(usize) -> usize,
        cost: &dyn Fn(usize) -> f64,
    ) -> Option<Vec<usize>> {
        let a = ctx.analysis;
        let empty = Selection::new(ctx, budget);
        let none = vec![false; concepts.weights.len()];
        let limit = match budget {
            Budget::Words(n) | Budget::Sentences(n) => n,
            Budget::Bytes(n) => n + 1,
        };
        // Sentences that could be chosen at all, ranked by greedy ratio. One that leaves a
        // quotation open comes in only as the predecessor of the sentence going on with it.
        let mut ranked: Vec<(f64, usize)> = (0..a.sentences.len())
            .filter(|&i| {
                ctx.eligible[i]
                    && units(i) <= limit
                    && !a.sentences[i].continues
                    && (empty.can_add(i) || a.sentences[i].needs_context)
            })
            .map(|i| (gain(i, &none) / cost(i), i))
            .filter(|(r, _)| *r > 0.0)
            .collect();
        ranked.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let mut chosen: Vec<usize> = Vec::new();
        let mut is_candidate = vec![false; a.sentences.len()];
        for &(_, i) in &ranked {
            if chosen.len() >= self.config.candidates {
                break;
            }
            // A sentence that needs context comes with its chain of predecessors, or not at all.
            let mut chain = vec![i];
            let mut k = i;
            let mut ok = true;
            while a.sentences[k].needs_context {
                if a.sentences[k].position == 0 || !ctx.eligible[k - 1] {
                    ok = false;
                    break;
                }
                k -= 1;
                chain.push(k);
            }
            if !ok {
                continue;
            }
            for k in chain {
                if !is_candidate[k] {
                    is_candidate[k] = true;
                    chosen.push(k);
                }
            }
        }
        chosen.sort_unstable();
        let position: std::collections::HashMap<usize, usize> =
            chosen.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let candidates: Vec<ilp::Candidate<'_>> = chosen
            .iter()
            .map(|&i| {
                let s = &a.sentences[i];
                // A candidate that needs context is never an article's first sentence.
                let before = s.needs_context.then(|| position.get(&(i - 1))).flatten();
                let after = s.continues.then(|| position.get(&(i + 1))).flatten();
                ilp::Candidate {
                    sentence: i,
                    cost: units(i) as f64,
                    bonus: concepts.bonus[i] * ctx.doc_weight[s.doc],
                    concepts: &concepts.of_sentence[i],
                    needs: before.into_iter().chain(after).copied().collect(),
                }
            })
            .collect();
        let mut conflicts = Vec::new();
        for x in 0..chosen.len() {
            for y in x + 1..chosen.len() {
                if ctx.index.redundant(chosen[x], chosen[y]) {
                    conflicts.push((x, y));
                }
            }
        }
        ilp::solve(
            &candidates,
            &concepts.weights,
            &conflicts,
            limit as f64,
            self.config.node_limit,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::document::AnalyzedCluster;
    use crate::clean::Cleaner;
    use crate::dedup::SentenceIndex;
    use crate::model::Cluster;

    /// The copy comparisons `independent_sources` makes per sentence of a crowded cluster of
    /// `n` articles (every concept shared by many of them).
    fn comparisons_per_sentence(n: usize) -> f64 {
        let cluster = Cluster::crowded(n);
        let a = AnalyzedCluster::new(&cluster, &Cleaner::default());
        let index = SentenceIndex::new(&a, Default::default());
        let ctx = Context {
            analysis: &a,
            index: &index,
            eligible: vec![true; a.sentences.len()],
            known: Vec::new(),
            doc_weight: vec![1.0; n],
            truncate: false,
            variants: vec![Vec::new(); a.sentences.len()],
            notes: Default::default(),
            cancel: Default::default(),
        };
        let concepts = Concept::default().concepts(&ctx).expect("not cancelled");
        concepts.comparisons as f64 / a.sentences.len() as f64
    }

    /// The copy check stays near-linear in the number of articles: comparing each sentence
    /// with one sentence of every earlier article that used its concept made the comparisons
    /// per sentence grow with the cluster (about 58 s at 4,000 articles); now they are bounded
    /// by `EXACT_SOURCES` per concept of the sentence plus one probe of the copy index.
    #[test]
    fn the_copy_check_is_near_linear_in_articles() {
        let small = comparisons_per_sentence(200);
        let large = comparisons_per_sentence(800);
        // A check that grew with the articles would make four times as many comparisons here.
        assert!(
            large < small * 2.0,
            "comparisons per sentence grew from {small:.1} at 200 articles to {large:.1} at 800"
        );
        // A crowded sentence has at most 19 words, so at most 18 stem pairs.
        let bound = 18 * EXACT_SOURCES + crate::dedup::COPY_BANDS * crate::dedup::COPY_PROBES;
        assert!(large <= bound as f64, "{large:.1} > {bound}");
    }
}
