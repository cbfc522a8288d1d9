//! Cluster: how well each article belongs with the others of its cluster.
//!
//! An article about a different event shares names with the rest (the same leaders, the same
//! country) but little else, so its similarity to the centroid of the other articles is far
//! below the typical member's. Such outliers are reported and kept out of the summary.

use crate::analyze::document::AnalyzedCluster;

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
    let terms = a.vocab.len();
    // Sparse (term, count) per document, and document frequencies, over dense term ids.
    let mut df = vec![0u32; terms];
    let mut tf: Vec<Vec<(u32, f64)>> = Vec::with_capacity(n);
    for doc in &a.documents {
        let mut ids: Vec<u32> = doc
            .sentences
            .clone()
            .flat_map(|s| a.tokens_of(s).iter().filter(|t| !t.stop).map(|t| t.term))
            .collect();
        ids.sort_unstable();
        let mut counts: Vec<(u32, f64)> = Vec::new();
        for t in ids {
            match counts.last_mut() {
                Some((last, c)) if *last == t => *c += 1.0,
                _ => counts.push((t, 1.0)),
            }
        }
        for &(t, _) in &counts {
            df[t as usize] += 1;
        }
        tf.push(counts);
    }
    let idf = |t: u32| ((n as f64 + 1.0) / (f64::from(df[t as usize]) + 0.5)).ln();
    let vectors: Vec<Vec<(u32, f64)>> = tf
        .into_iter()
        .map(|counts| {
            let mut v: Vec<(u32, f64)> = counts
                .into_iter()
                .map(|(t, c)| (t, (1.0 + c.ln()) * idf(t)))
                .collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            v
        })
        .collect();
    let mut total = vec![0.0f64; terms];
    for v in &vectors {
        for &(t, x) in v {
            total[t as usize] += x;
        }
    }
    let total_sq: f64 = total.iter().map(|y| y * y).sum();
    vectors
        .iter()
        .map(|v| {
            // The centroid of the others is the total minus this document; its squared norm is
            // the total's, corrected on this document's terms.
            let mut dot = 0.0;
            let mut norm = total_sq;
            for &(t, x) in v {
                let y = total[t as usize];
                dot += x * (y - x);
                norm += (y - x) * (y - x) - y * y;
            }
            if norm <= 1e-12 || v.is_empty() {
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
