//! Shared pieces of the classic baselines: tf-idf sentence vectors, cosine similarity, and
//! PageRank by power iteration.

use crate::analyze::document::AnalyzedCluster;
use crate::dedup::SentenceIndex;
use crate::sparse::dot;
use std::collections::HashMap;

/// A sparse vector: (term, weight) pairs sorted by term.
pub(crate) type Sparse = Vec<(u32, f64)>;

/// Inverse sentence frequency of each content term: the baselines, like their reference
/// implementations, treat each sentence as a document.
pub(crate) fn idf(index: &SentenceIndex) -> HashMap<u32, f64> {
    let mut df: HashMap<u32, usize> = HashMap::new();
    for i in 0..index.len() {
        for &t in index.content(i) {
            *df.entry(t).or_default() += 1;
        }
    }
    let n = index.len().max(1) as f64;
    df.into_iter()
        .map(|(t, d)| (t, (n / d as f64).ln() + 1.0))
        .collect()
}

/// Raw term counts of sentence `i`'s content words.
pub(crate) fn counts(a: &AnalyzedCluster<'_>, i: usize) -> Sparse {
    crate::sparse::term_counts(
        a.tokens_of(i)
            .iter()
            .filter(|t| !t.stop)
            .map(|t| t.term)
            .collect(),
    )
}

/// tf-idf vectors of every sentence.
pub(crate) fn tfidf(a: &AnalyzedCluster<'_>, idf: &HashMap<u32, f64>) -> Vec<Sparse> {
    (0..a.sentences.len())
        .map(|i| {
            counts(a, i)
                .into_iter()
                .map(|(t, c)| (t, c * idf[&t]))
                .collect()
        })
        .collect()
}

/// Cosine similarity; 0 when either vector is empty.
pub(crate) fn cosine(x: &Sparse, y: &Sparse) -> f64 {
    let norm = (dot(x, x) * dot(y, y)).sqrt();
    if norm == 0.0 {
        0.0
    } else {
        dot(x, y) / norm
    }
}

/// PageRank over a dense, symmetric weight matrix: each row is normalised to a transition
/// distribution (a node without edges jumps uniformly), then power iteration with damping `d`
/// until the scores move less than 1e-6 in total or after 200 rounds.
pub(crate) fn pagerank(weights: &[Vec<f64>], d: f64) -> Vec<f64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let out_sum: Vec<f64> = weights.iter().map(|row| row.iter().sum()).collect();
    let mut score = vec![1.0 / n as f64; n];
    for _ in 0..200 {
        let dangling: f64 = (0..n)
            .filter(|&j| out_sum[j] == 0.0)
            .map(|j| score[j])
            .sum::<f64>()
            / n as f64;
        let mut next = vec![(1.0 - d) / n as f64 + d * dangling; n];
        for j in 0..n {
            if out_sum[j] == 0.0 {
                continue;
            }
            let share = d * score[j] / out_sum[j];
            for (i, w) in weights[j].iter().enumerate() {
                if *w != 0.0 {
                    next[i] += share * w;
                }
            }
        }
        let delta: f64 = next.iter().zip(&score).map(|(a, b)| (a - b).abs()).sum();
        score = next;
        if delta < 1e-6 {
            break;
        }
    }
    score
}

/// Sentence indices sorted by descending score, ties by index.
pub(crate) fn rank(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&x, &y| scores[y].total_cmp(&scores[x]).then(x.cmp(&y)));
    order
}

/// The symmetric n × n matrix of `sim(i, j)` for i < j (0 on the diagonal): the sentence graph
/// both LexRank and TextRank run PageRank on.
pub(crate) fn similarity_matrix(n: usize, sim: impl Fn(usize, usize) -> f64) -> Vec<Vec<f64>> {
    let mut w = vec![vec![0.0; n]; n];
    for (i, row) in w.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate().skip(i + 1) {
            *cell = sim(i, j);
        }
    }
    // Mirror the upper triangle: row i's first i cells are column i of the rows above.
    for i in 1..n {
        let (above, rest) = w.split_at_mut(i);
        for (cell, upper) in rest[0].iter_mut().zip(above.iter()) {
            *cell = upper[i];
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_sparse_vectors() {
        let x = vec![(1, 1.0), (2, 1.0)];
        let y = vec![(2, 1.0), (3, 1.0)];
        assert!((cosine(&x, &y) - 0.5).abs() < 1e-12);
        assert_eq!(cosine(&x, &Vec::new()), 0.0);
    }

    #[test]
    fn pagerank_prefers_the_hub() {
        // Node 0 is linked to both others; 1 and 2 only to 0.
        let w = vec![
            vec![0.0, 1.0, 1.0],
            vec![1.0, 0.0, 0.0],
            vec![1.0, 0.0, 0.0],
        ];
        let s = pagerank(&w, 0.85);
        assert!(s[0] > s[1] && s[0] > s[2]);
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-6);
        assert_eq!(rank(&s)[0], 0);
    }

    #[test]
    fn similarity_matrix_is_symmetric_with_an_empty_diagonal() {
        let w = similarity_matrix(3, |i, j| (10 * i + j) as f64);
        assert_eq!(
            w,
            vec![
                vec![0.0, 1.0, 2.0],
                vec![1.0, 0.0, 12.0],
                vec![2.0, 12.0, 0.0]
            ]
        );
        assert!(similarity_matrix(0, |_, _| 1.0).is_empty());
    }
}
