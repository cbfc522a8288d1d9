//! Cluster: how well each article belongs with the others of its cluster, and (in
//! [`stories`]) which articles of a mixed pool tell one story.
//!
//! An article about a different event shares names with the rest (the same leaders, the same
//! country) but little else, so its similarity to the centroid of the other articles is far
//! below the typical member's. Such outliers are reported and kept out of the summary.

pub mod background;
pub mod headline;
pub mod stories;
pub mod tracker;

use crate::analyze::document::AnalyzedCluster;

/// Knobs for outlier detection.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ClusterConfig {
    /// An article is an outlier, kept out of the summary, when its similarity to the rest is
    /// below this share of the baseline: the median similarity of the other articles to each
    /// other, measured without it.
    pub outlier_ratio: f64,
    /// Articles at or above this share of the baseline count fully; between the two ratios
    /// their weight grows linearly from 0 to 1.
    pub full_ratio: f64,
    /// Clusters with fewer articles than this have no outliers: with two articles, neither is
    /// the odd one out.
    pub min_articles: usize,
    /// In a cluster of three, the baseline is one pair's similarity: two near-copies set it so
    /// high that any third article falls below the ratio, on the story or not. There an article
    /// is an outlier only if its cosine to the other two is also below this floor; above it,
    /// it counts with [`DOUBTFUL_WEIGHT`]. (Multi-News dev: of 16 three-article outliers, the
    /// 8 on the story have 0.027-0.074, the 8 off it 0-0.015.)
    pub outlier_floor: f64,
}

/// The weight of an article in a cluster of three that the ratio would set aside but whose
/// similarity is above [`ClusterConfig::outlier_floor`]: it stays in, as the least of members.
pub const DOUBTFUL_WEIGHT: f64 = 0.1;

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            outlier_ratio: 0.3,
            full_ratio: 0.6,
            min_articles: 3,
            outlier_floor: 0.02,
        }
    }
}

/// Unit-length tf-idf vectors of the documents' content stems, as sorted (term, weight) pairs.
/// Documents marked in `exclude`, and documents without words, get an empty vector and do not
/// count in document frequencies.
fn vectors(a: &AnalyzedCluster<'_>, exclude: &[bool]) -> Vec<Vec<(u32, f64)>> {
    let n = a.documents.len();
    let mut df = vec![0u32; a.vocab.len()];
    let mut tf: Vec<Vec<(u32, f64)>> = Vec::with_capacity(n);
    for (d, doc) in a.documents.iter().enumerate() {
        if exclude.get(d).copied().unwrap_or(false) {
            tf.push(Vec::new());
            continue;
        }
        let counts = crate::sparse::term_counts(
            doc.sentences
                .clone()
                .flat_map(|s| a.tokens_of(s).iter().filter(|t| !t.stop).map(|t| t.term))
                .collect(),
        );
        for &(t, _) in &counts {
            df[t as usize] += 1;
        }
        tf.push(counts);
    }
    let members = tf.iter().filter(|v| !v.is_empty()).count() as f64;
    let idf = |t: u32| ((members + 1.0) / (f64::from(df[t as usize]) + 0.5)).ln();
    tf.into_iter()
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
        .collect()
}

/// Dot products of unit document vectors: every cohesion, with or without another document in
/// the centroid, follows from them without touching the vectors again. The pairwise products
/// are kept only for clusters of at most [`LEAVE_ONE_OUT_MAX`] live documents, the only ones
/// that leave a document out; larger clusters need each document's product with the sum of
/// all, which takes one pass instead of one per pair.
struct Gram {
    /// With at most [`LEAVE_ONE_OUT_MAX`] live documents: each document's place among them and
    /// their pairwise products `pairs[x][y]` = v_x · v_y.
    pairs: Option<(Vec<usize>, Vec<Vec<f64>>)>,
    /// v_i · v_i (1 for a unit vector, 0 for an empty one).
    diag: Vec<f64>,
    /// Whether the document has words (and is not excluded).
    live: Vec<bool>,
    /// T · v_i, with T the sum of all live vectors.
    row: Vec<f64>,
    /// |T|².
    total: f64,
}

impl Gram {
    fn new(v: &[Vec<(u32, f64)>]) -> Self {
        let n = v.len();
        let live: Vec<bool> = v.iter().map(|x| !x.is_empty()).collect();
        let members: Vec<usize> = (0..n).filter(|&d| live[d]).collect();
        let diag: Vec<f64> = v.iter().map(|x| crate::sparse::dot(x, x)).collect();
        if members.len() <= LEAVE_ONE_OUT_MAX {
            // Rows summed in document order, as they always were (an empty document's row is
            // zeros, so leaving it out changes no sum).
            let m = members.len();
            let mut g = vec![vec![0.0; m]; m];
            for x in 0..m {
                for y in x..m {
                    let p = crate::sparse::dot(&v[members[x]], &v[members[y]]);
                    g[x][y] = p;
                    g[y][x] = p;
                }
            }
            let mut place = vec![usize::MAX; n];
            let mut row = vec![0.0; n];
            for (x, &d) in members.iter().enumerate() {
                place[d] = x;
                row[d] = g[x].iter().sum();
            }
            let total = row.iter().sum();
            return Gram {
                pairs: Some((place, g)),
                diag,
                live,
                row,
                total,
            };
        }
        let mut sum: std::collections::HashMap<u32, f64> = std::collections::HashMap::new();
        for x in v {
            for &(t, w) in x {
                *sum.entry(t).or_insert(0.0) += w;
            }
        }
        let mut sum: Vec<(u32, f64)> = sum.into_iter().collect();
        sum.sort_unstable_by_key(|&(t, _)| t);
        let row: Vec<f64> = v.iter().map(|x| crate::sparse::dot(x, &sum)).collect();
        let total = row.iter().sum();
        Gram {
            pairs: None,
            diag,
            live,
            row,
            total,
        }
    }

    /// v_d · v_w, for clusters small enough to keep them.
    fn pair(&self, d: usize, w: usize) -> f64 {
        let (place, g) = self
            .pairs
            .as_ref()
            .expect("pairwise products are kept for every cluster that leaves one out");
        if !self.live[d] || !self.live[w] {
            return 0.0;
        }
        g[place[d]][place[w]]
    }

    /// cos(v_d, T - v_d - v_without): document `d` against the centroid of the others, leaving
    /// out `without` as well when given.
    fn cohesion(&self, d: usize, without: Option<usize>) -> f64 {
        self.cohesion_without(d, without.as_slice())
    }

    /// cos(v_d, T - v_d - Σ v_w for w in `without`): document `d` against the centroid of the
    /// others, leaving out every document of `without` as well (none of them `d`).
    fn cohesion_without(&self, d: usize, without: &[usize]) -> f64 {
        if !self.live[d] {
            return 0.0;
        }
        // |T - v_d - W|² = |T|² + |v_d|² + |W|² - 2 T·v_d - 2 T·W + 2 v_d·W, W = Σ v_w.
        let (mut dotp, mut norm) = (
            self.row[d] - self.diag[d],
            self.total - 2.0 * self.row[d] + self.diag[d],
        );
        for &w in without {
            let dw = self.pair(d, w);
            dotp -= dw;
            norm += -2.0 * self.row[w] + 2.0 * dw;
            norm += without.iter().map(|&x| self.pair(w, x)).sum::<f64>();
        }
        if norm <= 1e-12 {
            0.0
        } else {
            dotp / norm.sqrt()
        }
    }
}

/// Pairs of documents about another event than the rest: each document's nearest neighbour is
/// the other, and each, against the centroid of the rest with its partner left out, is below
/// `outlier_ratio` of how well the rest fit each other (the median cohesion of the rest with
/// both left out). Next to its partner, neither looks far from the rest — two articles about
/// another event prop each other up — so the single-document test misses them. Only where the
/// rest are a majority of at least three: in a cluster of four, two against two has no
/// majority to judge by.
fn minority_pairs(gram: &Gram, members: &[usize], config: &ClusterConfig) -> Vec<usize> {
    if members.len() < 5 || members.len() > LEAVE_ONE_OUT_MAX {
        return Vec::new();
    }
    let nearest = |d: usize| {
        members
            .iter()
            .copied()
            .filter(|&k| k != d)
            .max_by(|&x, &y| gram.pair(d, x).total_cmp(&gram.pair(d, y)).then(y.cmp(&x)))
    };
    let mut out = Vec::new();
    for &d in members {
        let Some(j) = nearest(d) else { continue };
        if j < d || nearest(j) != Some(d) {
            continue;
        }
        let mut rest: Vec<f64> = members
            .iter()
            .filter(|&&k| k != d && k != j)
            .map(|&k| gram.cohesion_without(k, &[d, j]))
            .collect();
        rest.sort_by(f64::total_cmp);
        let baseline = rest[rest.len() / 2];
        if baseline <= 0.0 {
            continue;
        }
        let far = |x: usize, partner: usize| {
            gram.cohesion_without(x, &[partner]) < config.outlier_ratio * baseline
        };
        if far(d, j) && far(j, d) {
            out.extend([d, j]);
        }
    }
    out
}

/// Above this many articles, an outlier barely moves the others' centroids, and the quadratic
/// leave-one-out baseline is not worth its cost.
const LEAVE_ONE_OUT_MAX: usize = 64;

/// How much each document counts as evidence for the cluster's story, in [0, 1]: 0 for an
/// outlier, 1 for a typical member, in between for a document that shares little with the rest.
///
/// Documents marked in `exclude` (versions of another article) are left out of the comparison
/// — a near-copy would make its original look more typical than it is — and get 1: the caller
/// decides what they count for.
pub fn document_weights(
    a: &AnalyzedCluster<'_>,
    config: &ClusterConfig,
    exclude: &[bool],
) -> Vec<f64> {
    weights_setting_aside(exclude, |out| vectors(a, out), config)
}

/// [`document_weights`] for documents given as unit vectors (empty for documents that do not
/// take part, which get 1).
pub(crate) fn weights_of_vectors(v: &[Vec<(u32, f64)>], config: &ClusterConfig) -> Vec<f64> {
    let without = |out: &[bool]| {
        v.iter()
            .zip(out)
            .map(|(x, &o)| if o { Vec::new() } else { x.clone() })
            .collect()
    };
    weights_setting_aside(&vec![false; v.len()], without, config)
}

/// The weights, with pairs about another event ([`minority_pairs`]) set aside first: each
/// found pair gets 0 and leaves the comparison (`vectors_without(out)` builds the vectors of
/// the documents not `out`, so that document frequencies are the rest's too), and the others
/// are judged among themselves, as if the pair had not been there.
fn weights_setting_aside(
    exclude: &[bool],
    vectors_without: impl Fn(&[bool]) -> Vec<Vec<(u32, f64)>>,
    config: &ClusterConfig,
) -> Vec<f64> {
    let mut out = exclude.to_vec();
    let mut pairs = Vec::new();
    loop {
        let v = vectors_without(&out);
        let gram = Gram::new(&v);
        let members: Vec<usize> = (0..v.len()).filter(|&d| gram.live[d]).collect();
        let found = minority_pairs(&gram, &members, config);
        if found.is_empty() {
            let mut w = single_weights(&gram, &members, config);
            for d in pairs {
                w[d] = 0.0;
            }
            return w;
        }
        for d in found {
            out[d] = true;
            pairs.push(d);
        }
    }
}

/// Each document's weight by its own cohesion to the rest (see [`document_weights`]).
fn single_weights(gram: &Gram, members: &[usize], config: &ClusterConfig) -> Vec<f64> {
    let n = gram.live.len();
    if members.len() < config.min_articles {
        return vec![1.0; n];
    }
    let median = |mut v: Vec<f64>| -> f64 {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let scores: Vec<f64> = (0..n).map(|d| gram.cohesion(d, None)).collect();
    let plain = median(members.iter().map(|&d| scores[d]).collect());
    let span = (config.full_ratio - config.outlier_ratio).max(f64::EPSILON);
    (0..n)
        .map(|d| {
            if !gram.live[d] {
                return 1.0;
            }
            // The baseline is how well the other articles fit each other: with the candidate
            // left out of their centroids too, so that an outlier in a small cluster does not
            // drag the baseline down to its own level.
            let baseline = if members.len() <= LEAVE_ONE_OUT_MAX {
                median(
                    members
                        .iter()
                        .filter(|&&j| j != d)
                        .map(|&j| gram.cohesion(j, Some(d)))
                        .collect(),
                )
            } else {
                plain
            };
            if baseline <= 0.0 {
                return 1.0;
            }
            let ratio = scores[d] / baseline;
            let weight = if ratio < config.outlier_ratio {
                0.0
            } else {
                ((ratio - config.outlier_ratio) / span).clamp(0.0, 1.0)
            };
            if members.len() == 3 && scores[d] >= config.outlier_floor {
                weight.max(DOUBTFUL_WEIGHT)
            } else {
                weight
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Cleaner;
    use crate::model::Cluster;

    const STORY: [&str; 4] = [
        "The central bank raised interest rates by half a point on Tuesday to fight inflation. Markets fell after the bank raised rates. The governor said inflation remained too high.",
        "Interest rates rose by half a point on Tuesday as the central bank fought inflation. The governor warned that inflation was still too high and markets fell.",
        "Shares fell on Tuesday after the central bank raised interest rates again. Analysts said the governor signalled more rate rises to tame inflation.",
        "Borrowers face higher mortgage costs after the central bank raised interest rates on Tuesday. The governor said inflation must come down.",
    ];
    const OTHER: &str = "The national football team won the cup final on Sunday after a penalty shootout. Fans celebrated in the streets of the capital until dawn.";

    #[test]
    fn an_article_about_something_else_is_an_outlier() {
        let mut texts = STORY.to_vec();
        texts.push(OTHER);
        let c = Cluster::of_texts("c", &texts);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        let w = document_weights(&a, &ClusterConfig::default(), &[false; 5]);
        assert_eq!(w[4], 0.0, "{w:?}");
        assert!(w[..4].iter().all(|&x| x > 0.0), "{w:?}");
    }

    #[test]
    fn excluded_versions_do_not_count_and_small_clusters_have_no_outliers() {
        let c = Cluster::of_texts("c", &[STORY[0], STORY[1], OTHER]);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        let w = document_weights(&a, &ClusterConfig::default(), &[false, true, false]);
        assert_eq!(w, vec![1.0; 3]);
    }

    /// Two near-copies of one report and a third article on the same story in other words:
    /// the pair's similarity is the baseline, so the ratio alone would set the third aside.
    const PAIR: [&str; 2] = [
        "The central bank raised interest rates by half a point on Tuesday to fight inflation. Markets fell after the bank raised rates. The governor said inflation remained too high.",
        "The central bank raised interest rates by half a point on Tuesday to fight inflation. Markets fell sharply after the bank raised rates. The governor said inflation remained far too high.",
    ];
    const SAME_STORY: &str = "Borrowers face higher mortgage costs after Tuesday's rate decision. Lenders expect the central bank to keep raising rates while inflation climbs.";

    #[test]
    fn in_a_cluster_of_three_only_an_article_below_the_floor_is_an_outlier() {
        let config = ClusterConfig::default();
        let on_story = Cluster::of_texts("c", &[PAIR[0], PAIR[1], SAME_STORY]);
        let a = AnalyzedCluster::new(&on_story, &Cleaner::default());
        let w = document_weights(&a, &config, &[false; 3]);
        assert!(w[2] > 0.0, "{w:?}");
        // The ratio test alone sets it aside: the floor is what keeps it.
        let no_floor = ClusterConfig {
            outlier_floor: f64::INFINITY,
            ..config.clone()
        };
        assert_eq!(document_weights(&a, &no_floor, &[false; 3])[2], 0.0);

        let off_story = Cluster::of_texts("c", &[PAIR[0], PAIR[1], OTHER]);
        let a = AnalyzedCluster::new(&off_story, &Cleaner::default());
        let w = document_weights(&a, &config, &[false; 3]);
        assert_eq!(w[2], 0.0, "{w:?}");
    }

    const OTHER_TOO: &str =
        "Thousands of fans celebrated the national football team's cup final win \
        in the streets of the capital. The team won on penalties on Sunday after a goalless final.";

    #[test]
    fn a_minority_pair_about_something_else_is_set_aside() {
        // Two articles about the football final, each close to the other: next to its partner
        // neither looks far from the rest, so each must be judged with its partner left out.
        let mut texts = STORY.to_vec();
        texts.extend([MORTGAGES[0], OTHER, OTHER_TOO]);
        let c = Cluster::of_texts("c", &texts);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        let w = document_weights(&a, &ClusterConfig::default(), &[false; 7]);
        assert_eq!(w[5..], [0.0, 0.0], "{w:?}");
        // The rest are then judged among themselves by the single test, which these short
        // texts leave unsure of one of them (their shared words are in every one, so count
        // little); most keep their weight.
        assert!(w[..5].iter().filter(|&&x| x > 0.0).count() >= 3, "{w:?}");
    }

    /// Two reports of the rate rise from the borrowers' side, close to each other.
    const MORTGAGES: [&str; 2] = [
        "Mortgage lenders raised their rates within hours of the central bank's decision on \
         Tuesday. Borrowers on variable rates will pay more from next month as inflation stays \
         high.",
        "Banks passed the central bank's rate rise on to mortgage borrowers on Tuesday. Variable \
         mortgage rates rise from next month, lenders said, while inflation remains high.",
    ];

    #[test]
    fn a_close_pair_on_the_story_is_not_set_aside() {
        // Two reports of one side of the story, next to four reports of the decision.
        let mut texts = STORY.to_vec();
        texts.extend(MORTGAGES);
        let c = Cluster::of_texts("c", &texts);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        let w = document_weights(&a, &ClusterConfig::default(), &[false; 6]);
        assert!(w.iter().all(|&x| x > 0.0), "{w:?}");
    }

    #[test]
    fn gram_cohesion_matches_direct_cosine() {
        let v = vec![vec![(0, 0.6), (1, 0.8)], vec![(1, 1.0)], vec![(0, 1.0)]];
        let g = Gram::new(&v);
        // Document 0 against v1 + v2 = (1, 1): cos = (0.6 + 0.8) / sqrt(2).
        assert!((g.cohesion(0, None) - 1.4 / 2f64.sqrt()).abs() < 1e-12);
        // Without document 2, the centroid is v1 alone: cos = 0.8.
        assert!((g.cohesion(0, Some(2)) - 0.8).abs() < 1e-12);
    }
}
