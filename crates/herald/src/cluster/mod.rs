//! Cluster: how well each article belongs with the others of its cluster.
//!
//! An article about a different event shares names with the rest (the same leaders, the same
//! country) but little else, so its similarity to the centroid of the other articles is far
//! below the typical member's. Such outliers are reported and kept out of the summary.

use crate::analyze::document::AnalyzedCluster;
use std::collections::HashMap;

/// Knobs for outlier detection.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ClusterConfig {
    /// An article is an outlier, kept out of the summary, when its similarity to the rest is
    /// below this share of the median article's.
    pub outlier_ratio: f64,
    /// Articles at or above this share of the median similarity count fully; between the two
    /// ratios their weight grows linearly from 0 to 1.
    pub full_ratio: f64,
    /// Clusters with fewer articles than this have no outliers: with two articles, neither is
    /// the odd one out.
    pub min_articles: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            outlier_ratio: 0.3,
            full_ratio: 0.6,
            min_articles: 3,
        }
    }
}

/// Each document's cosine similarity to the centroid of all other documents, over tf-idf
/// weighted content stems. Documents without sentences get 0.
pub fn cohesion(a: &AnalyzedCluster<'_>) -> Vec<f64> {
    let n = a.documents.len();
    let mut tf: Vec<HashMap<u32, f64>> = vec![HashMap::new(); n];
    let mut df: HashMap<u32, usize> = HashMap::new();
    for (d, doc) in a.documents.iter().enumerate() {
        for s in doc.sentences.clone() {
            for t in a.tokens_of(s).iter().filter(|t| !t.stop) {
                *tf[d].entry(t.term).or_default() += 1.0;
            }
        }
        for &term in tf[d].keys() {
            *df.entry(term).or_default() += 1;
        }
    }
    let idf = |term: &u32| ((n as f64 + 1.0) / (df[term] as f64 + 0.5)).ln();
    let vectors: Vec<HashMap<u32, f64>> = tf
        .into_iter()
        .map(|v| {
            let mut v: HashMap<u32, f64> = v
                .into_iter()
                .map(|(t, c)| (t, (1.0 + c.ln()) * idf(&t)))
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.values_mut().for_each(|x| *x /= norm);
            }
            v
        })
        .collect();
    let mut total: HashMap<u32, f64> = HashMap::new();
    for v in &vectors {
        for (&t, &x) in v {
            *total.entry(t).or_default() += x;
        }
    }
    vectors
        .iter()
        .map(|v| {
            // The centroid of the others is the total minus this document.
            let mut dot = 0.0;
            for (t, &x) in v {
                dot += x * (total[t] - x);
            }
            let mut norm = 0.0;
            for (t, &y) in &total {
                let rest = y - v.get(t).copied().unwrap_or(0.0);
                norm += rest * rest;
            }
            if norm <= 0.0 || v.is_empty() {
                0.0
            } else {
                dot / norm.sqrt()
            }
        })
        .collect()
}

/// How much each document counts as evidence for the cluster's story, in [0, 1]: 0 for an
/// outlier, 1 for a typical member, in between for a document that shares little with the rest.
pub fn document_weights(a: &AnalyzedCluster<'_>, config: &ClusterConfig) -> Vec<f64> {
    let n = a.documents.len();
    if n < config.min_articles {
        return vec![1.0; n];
    }
    let scores = cohesion(a);
    let mut sorted: Vec<f64> = scores.iter().copied().filter(|s| *s > 0.0).collect();
    if sorted.len() < config.min_articles {
        return vec![1.0; n];
    }
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let span = (config.full_ratio - config.outlier_ratio).max(f64::EPSILON);
    scores
        .iter()
        .map(|&s| {
            let ratio = s / median;
            if s > 0.0 && ratio < config.outlier_ratio {
                0.0
            } else {
                ((ratio - config.outlier_ratio) / span)
                    .clamp(0.0, 1.0)
                    .max(f64::from(u8::from(s == 0.0)))
            }
        })
        .collect()
}
