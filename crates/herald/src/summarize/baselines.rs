//! The classic extractive baselines, implemented as their papers describe, so users can compare:
//! centroid (Radev et al. 2004), LexRank (Erkan & Radev 2004) and TextRank (Mihalcea & Tarau
//! 2004). Their rankings go through the same [`fill_by_rank`] rules as every summarizer: budget,
//! no redundancy, no dangling openers.
//!
//! LexRank and TextRank rank a graph of sentences. Its edges are found through the terms
//! sentences share and only non-zero ones are kept, and at most [`MAX_GRAPH_SENTENCES`]
//! sentences enter it, so that no input can make them take more than tens of megabytes or a
//! second or two: a dense n × n matrix of 20,000 sentences would take 3.2 GB.

use super::graph::{cosine, idf, pagerank, rank, similarity_graph, tfidf};
use super::{fill_by_rank, Context, Summarizer};
use crate::model::Budget;

/// Centroid: a sentence's score is the sum of the cluster centroid's weights over its words, plus
/// a position score and its overlap with its article's first sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct Centroid;

impl Summarizer for Centroid {
    fn select(&self, ctx: &Context<'_>, budget: Budget) -> Vec<usize> {
        let a = ctx.analysis;
        let n = a.sentences.len();
        let vectors = tfidf(a, &idf(ctx.index));
        if ctx.cancel.is_cancelled() {
            return Vec::new();
        }
        let mut centroid: std::collections::HashMap<u32, f64> = std::collections::HashMap::new();
        for v in &vectors {
            for &(t, w) in v {
                *centroid.entry(t).or_default() += w / n.max(1) as f64;
            }
        }
        let c_max = vectors
            .iter()
            .map(|v| v.iter().map(|(t, _)| centroid[t]).sum::<f64>())
            .fold(0.0, f64::max)
            .max(f64::MIN_POSITIVE);
        let scores: Vec<f64> = (0..n)
            .map(|i| {
                let s = &a.sentences[i];
                let doc = &a.documents[s.doc];
                let count = doc.sentences.len() as f64;
                let c = vectors[i].iter().map(|(t, _)| centroid[t]).sum::<f64>();
                let p = c_max * (count - s.position as f64) / count;
                let first = cosine(&vectors[i], &vectors[doc.sentences.start]);
                c + p + first
            })
            .collect();
        if ctx.cancel.is_cancelled() {
            return Vec::new();
        }
        fill_by_rank(ctx, budget, &rank(&scores))
    }
}

/// LexRank: PageRank over the graph of sentences whose tf-idf cosine is at least 0.1.
#[derive(Debug, Clone, Copy, Default)]
pub struct LexRank;

impl Summarizer for LexRank {
    fn select(&self, ctx: &Context<'_>, budget: Budget) -> Vec<usize> {
        let a = ctx.analysis;
        let vectors = tfidf(a, &idf(ctx.index));
        let nodes = graph_sentences(a);
        let terms: Vec<Vec<u32>> = nodes
            .iter()
            .map(|&i| vectors[i].iter().map(|&(t, _)| t).collect())
            .collect();
        let graph = similarity_graph(
            nodes.len(),
            |k| &terms[k],
            |k, l| {
                f64::from(u8::from(
                    cosine(&vectors[nodes[k]], &vectors[nodes[l]]) >= 0.1,
                ))
            },
            &ctx.cancel,
        );
        let scores = pagerank(&graph, 0.85, &ctx.cancel);
        if ctx.cancel.is_cancelled() {
            return Vec::new();
        }
        fill_by_rank(ctx, budget, &ranking(a, &nodes, &scores))
    }
}

/// TextRank: PageRank over sentences weighted by word overlap normalised by the logs of their
/// lengths.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextRank;

impl Summarizer for TextRank {
    fn select(&self, ctx: &Context<'_>, budget: Budget) -> Vec<usize> {
        let a = ctx.analysis;
        let nodes = graph_sentences(a);
        let graph = similarity_graph(
            nodes.len(),
            |k| ctx.index.content(nodes[k]),
            |k, l| {
                let (x, y) = (ctx.index.content(nodes[k]), ctx.index.content(nodes[l]));
                if x.len() < 2 || y.len() < 2 {
                    return 0.0;
                }
                let common = crate::sparse::intersection_len(x, y) as f64;
                common / ((x.len() as f64).ln() + (y.len() as f64).ln())
            },
            &ctx.cancel,
        );
        let scores = pagerank(&graph, 0.85, &ctx.cancel);
        if ctx.cancel.is_cancelled() {
            return Vec::new();
        }
        fill_by_rank(ctx, budget, &ranking(a, &nodes, &scores))
    }
}

/// The most sentences LexRank and TextRank put in their graph. Any pair of them may share a
/// term, so the graph can have up to n² / 2 edges of 12 bytes each: 2,000 sentences bound it
/// at 24 MB and a few hundred milliseconds, while a news cluster of ten long articles has
/// 300 to 500 sentences and is ranked whole.
pub const MAX_GRAPH_SENTENCES: usize = 2_000;

/// Whether a cluster of `sentences` is too big for the graph baselines to rank whole: `Some`
/// of a one-line note for the caller saying how many were ranked, `None` if all were.
pub fn graph_cap_note(sentences: usize) -> Option<String> {
    (sentences > MAX_GRAPH_SENTENCES).then(|| {
        format!(
            "graph capped: ranked the first {MAX_GRAPH_SENTENCES} of {sentences} sentences by \
             position in their articles; the others were only candidates after them"
        )
    })
}

/// The sentences that enter the graph, ascending: all of them, or if there are more than
/// [`MAX_GRAPH_SENTENCES`], the earliest by position in their articles (every lead, then every
/// second sentence, ...), where news puts what matters most.
fn graph_sentences(a: &crate::analyze::document::AnalyzedCluster<'_>) -> Vec<usize> {
    let n = a.sentences.len();
    if n <= MAX_GRAPH_SENTENCES {
        return (0..n).collect();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (a.sentences[i].position, i));
    order.truncate(MAX_GRAPH_SENTENCES);
    order.sort_unstable();
    order
}

/// Every sentence ranked: the graph's `nodes` by their `scores`, then the sentences left out of
/// the graph in position order, so that a budget the graph cannot fill is still filled.
fn ranking(
    a: &crate::analyze::document::AnalyzedCluster<'_>,
    nodes: &[usize],
    scores: &[f64],
) -> Vec<usize> {
    let mut order: Vec<usize> = rank(scores).into_iter().map(|k| nodes[k]).collect();
    if nodes.len() < a.sentences.len() {
        let mut in_graph = vec![false; a.sentences.len()];
        for &i in nodes {
            in_graph[i] = true;
        }
        let mut rest: Vec<usize> = (0..a.sentences.len()).filter(|&i| !in_graph[i]).collect();
        rest.sort_by_key(|&i| (a.sentences[i].position, i));
        order.extend(rest);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cluster;
    use crate::{Config, Pipeline};

    /// 20 articles of 1,000 sentences each, every sentence sharing words with thousands of
    /// others: a dense matrix of them would take 3.2 GB.
    fn huge_cluster() -> Cluster {
        let words: Vec<&str> = "government minister police river storm council market vote \
            school hospital court bridge village harbour ferry union judge budget price energy \
            water road city report strike workers election mayor airport train"
            .split_whitespace()
            .collect();
        // A fixed pseudo-random sequence (xorshift), so that no two sentences are the same and
        // cleaning keeps every one of them.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut word = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            words[(state % words.len() as u64) as usize]
        };
        let mut sentence = || {
            let w: Vec<&str> = (0..7).map(|_| word()).collect();
            format!(
                "The {} told the {} that the {} and the {} met near the {} of {} on {}.",
                w[0], w[1], w[2], w[3], w[4], w[5], w[6]
            )
        };
        let texts: Vec<String> = (0..20)
            .map(|_| {
                // Paragraphs of five sentences, as news is written.
                (0..200)
                    .map(|_| (0..5).map(|_| sentence()).collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        Cluster::of_texts("huge", &texts)
    }

    #[test]
    fn twenty_thousand_sentences_are_ranked_fast_in_bounded_memory() {
        let cluster = huge_cluster();
        for algorithm in [
            super::super::Algorithm::Lexrank,
            super::super::Algorithm::Textrank,
        ] {
            let started = std::time::Instant::now();
            let config = Config {
                algorithm: algorithm.clone(),
                ..Config::default()
            };
            let summary = Pipeline::new(config).summarize(&cluster);
            let elapsed = started.elapsed();
            assert!(!summary.sentences.is_empty(), "{algorithm:?}");
            assert_eq!(summary.notes, vec![graph_cap_note(20_000).unwrap()]);
            // A debug build; release takes a fraction of this. The old dense matrix needed
            // 3.2 GB and tens of seconds here.
            assert!(elapsed.as_secs() < 60, "{algorithm:?} took {elapsed:?}");
        }
    }

    #[test]
    fn the_cap_keeps_the_earliest_sentences_and_says_so() {
        assert_eq!(graph_cap_note(MAX_GRAPH_SENTENCES), None);
        let note = graph_cap_note(20_000).unwrap();
        assert!(note.contains("first 2000 of 20000"), "{note}");
        // The earliest sentences by position: with 20 articles of 1,000, the first 100 of each.
        let cluster = huge_cluster();
        let analysis = crate::analyze::document::AnalyzedCluster::new(
            &cluster,
            &crate::clean::Cleaner::default(),
        );
        assert_eq!(analysis.sentences.len(), 20_000);
        let nodes = graph_sentences(&analysis);
        assert_eq!(nodes.len(), MAX_GRAPH_SENTENCES);
        assert!(nodes.iter().all(|&i| analysis.sentences[i].position < 100));
    }
}
