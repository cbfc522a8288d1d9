//! The classic extractive baselines, implemented as their papers describe, so users can compare:
//! centroid (Radev et al. 2004), LexRank (Erkan & Radev 2004) and TextRank (Mihalcea & Tarau
//! 2004). Their rankings go through the same [`fill_by_rank`] rules as every summarizer: budget,
//! no redundancy, no dangling openers.

use super::graph::{cosine, idf, pagerank, rank, similarity_matrix, tfidf};
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
        let w = similarity_matrix(vectors.len(), |i, j| {
            f64::from(u8::from(cosine(&vectors[i], &vectors[j]) >= 0.1))
        });
        fill_by_rank(ctx, budget, &rank(&pagerank(&w, 0.85)))
    }
}

/// TextRank: PageRank over sentences weighted by word overlap normalised by the logs of their
/// lengths.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextRank;

impl Summarizer for TextRank {
    fn select(&self, ctx: &Context<'_>, budget: Budget) -> Vec<usize> {
        let w = similarity_matrix(ctx.analysis.sentences.len(), |i, j| {
            let (x, y) = (ctx.index.content(i), ctx.index.content(j));
            if x.len() < 2 || y.len() < 2 {
                return 0.0;
            }
            let common = crate::sparse::intersection_len(x, y) as f64;
            common / ((x.len() as f64).ln() + (y.len() as f64).ln())
        });
        fill_by_rank(ctx, budget, &rank(&pagerank(&w, 0.85)))
    }
}
