//! Shared pieces of the classic baselines: tf-idf sentence vectors, cosine similarity, and
//! PageRank by power iteration.

use crate::analyze::document::AnalyzedCluster;
use crate::cancel::Cancel;
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

/// A sparse, symmetric sentence graph with its upper triangle stored row by row: node `i`'s
/// edges to nodes `j > i`, ascending, with their positive weights. Zero-weight pairs take no
/// room, so a cluster's graph costs memory in proportion to its edges, not to n².
#[derive(Debug, Default)]
pub(crate) struct Graph {
    /// Where each node's row starts in `to` and `weight`; one entry more than there are nodes.
    row: Vec<usize>,
    /// The upper neighbour of each edge.
    to: Vec<u32>,
    /// Each edge's weight.
    weight: Vec<f64>,
}

impl Graph {
    /// The number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.row.len().saturating_sub(1)
    }

    /// Node `i`'s edges to higher nodes: (neighbour, weight), ascending.
    fn upper(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let span = self.row[i]..self.row[i + 1];
        self.to[span.clone()]
            .iter()
            .map(|&j| j as usize)
            .zip(self.weight[span].iter().copied())
    }
}

/// The graph of `sim(i, j)` over `n` nodes whose `terms` (sorted, deduplicated term ids) may
/// make them similar: only pairs sharing a term are compared, found through an inverted index,
/// since `sim` must be 0 for any other pair (both baselines' similarities are). Pairs whose
/// `sim` is 0 get no edge. Once `cancel` is raised the graph is left unfinished (the caller
/// discards it).
pub(crate) fn similarity_graph<'t>(
    n: usize,
    terms: impl Fn(usize) -> &'t [u32],
    sim: impl Fn(usize, usize) -> f64,
    cancel: &Cancel,
) -> Graph {
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    for i in 0..n {
        for &t in terms(i) {
            postings.entry(t).or_default().push(i as u32);
        }
    }
    let mut graph = Graph {
        row: Vec::with_capacity(n + 1),
        ..Graph::default()
    };
    graph.row.push(0);
    // `seen[j] == i + 1` marks j as already a candidate of node i, without clearing per node.
    let mut seen = vec![0u32; n];
    let mut candidates: Vec<u32> = Vec::new();
    for i in 0..n {
        if i % 64 == 0 && cancel.is_cancelled() {
            return Graph::default();
        }
        candidates.clear();
        for t in terms(i) {
            let list = &postings[t];
            // Postings are ascending: the nodes above i are the tail after i itself.
            let above = list.partition_point(|&j| j as usize <= i);
            for &j in &list[above..] {
                if seen[j as usize] != i as u32 + 1 {
                    seen[j as usize] = i as u32 + 1;
                    candidates.push(j);
                }
            }
        }
        candidates.sort_unstable();
        for &j in &candidates {
            let w = sim(i, j as usize);
            if w != 0.0 {
                graph.to.push(j);
                graph.weight.push(w);
            }
        }
        graph.row.push(graph.to.len());
    }
    graph
}

/// PageRank over a sparse, symmetric graph: each node's edges are normalised to a transition
/// distribution (a node without edges jumps uniformly), then power iteration with damping `d`
/// until the scores move less than 1e-6 in total or after 200 rounds.
///
/// The sums run in the order a dense matrix's would (by ascending neighbour), so the scores are
/// bit for bit those of PageRank over the full n × n matrix, at the cost of the edges only.
/// Once `cancel` is raised the scores are left where they are (the caller discards them).
pub(crate) fn pagerank(graph: &Graph, d: f64, cancel: &Cancel) -> Vec<f64> {
    let n = graph.len();
    if n == 0 {
        return Vec::new();
    }
    // Row sums in ascending column order: the lower part of row j (its edges from nodes i < j)
    // arrives while visiting the rows before it, the upper part when visiting row j.
    let mut out_sum = vec![0.0; n];
    for i in 0..n {
        for (j, w) in graph.upper(i) {
            out_sum[i] += w;
            out_sum[j] += w;
        }
    }
    let mut score = vec![1.0 / n as f64; n];
    let mut share = vec![0.0; n];
    for _ in 0..200 {
        if cancel.is_cancelled() {
            break;
        }
        let dangling: f64 = (0..n)
            .filter(|&j| out_sum[j] == 0.0)
            .map(|j| score[j])
            .sum::<f64>()
            / n as f64;
        for j in 0..n {
            share[j] = if out_sum[j] == 0.0 {
                0.0
            } else {
                d * score[j] / out_sum[j]
            };
        }
        let mut next = vec![(1.0 - d) / n as f64 + d * dangling; n];
        // next[i] gathers share[j] * w(j, i) by ascending j: from j < i while visiting those
        // rows, then from j > i all at once on row i.
        for i in 0..n {
            for (j, w) in graph.upper(i) {
                next[j] += share[i] * w;
                next[i] += share[j] * w;
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

    /// The dense PageRank the sparse one replaced, kept as the reference it must equal.
    fn dense_pagerank(weights: &[Vec<f64>], d: f64) -> Vec<f64> {
        let n = weights.len();
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

    #[test]
    fn pagerank_prefers_the_hub() {
        // Node 0 is linked to both others; 1 and 2 only to 0.
        let terms: [&[u32]; 3] = [&[1, 2], &[1], &[2]];
        let g = similarity_graph(3, |i| terms[i], |_, _| 1.0, &Cancel::default());
        let s = pagerank(&g, 0.85, &Cancel::default());
        assert!(s[0] > s[1] && s[0] > s[2]);
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-6);
        assert_eq!(rank(&s)[0], 0);
    }

    #[test]
    fn sparse_pagerank_equals_the_dense_one_bit_for_bit() {
        // Twelve nodes over five terms, weights that are not round numbers, an isolated node
        // (11, no terms) and pairs that share a term but weigh 0.
        let terms: Vec<Vec<u32>> = (0..12u32)
            .map(|i| {
                if i == 11 {
                    Vec::new()
                } else {
                    (0..5).filter(|t| (i * 7 + t * 3) % 5 < 2).collect()
                }
            })
            .collect();
        let sim = |i: usize, j: usize| {
            let common = crate::sparse::intersection_len(&terms[i], &terms[j]) as f64;
            if (i + j).is_multiple_of(4) {
                0.0
            } else {
                common / (1.3 + i as f64 * 0.17 + j as f64 * 0.05)
            }
        };
        let n = terms.len();
        let dense: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| if i == j { 0.0 } else { sim(i.min(j), i.max(j)) })
                    .collect()
            })
            .collect();
        let graph = similarity_graph(n, |i| &terms[i], sim, &Cancel::default());
        let sparse = pagerank(&graph, 0.85, &Cancel::default());
        assert_eq!(sparse, dense_pagerank(&dense, 0.85));
        assert!(sparse[11] < sparse[0]);
    }

    #[test]
    fn empty_graph() {
        let g = similarity_graph(0, |_| &[], |_, _| 1.0, &Cancel::default());
        assert!(pagerank(&g, 0.85, &Cancel::default()).is_empty());
    }
}
