//! Article-level dedup: exact copies, near-duplicates and versions of one article.
//!
//! Two articles are versions of one another when one is a copy of the other (with other page
//! furniture, a few words edited, a paragraph or a highlights box added, or cut short), not when
//! they merely report the same story. Each article is reduced to a fixed-size [`Signature`]
//! computed from its cleaned prose, so a pool of millions keeps only ids and signatures in
//! memory:
//!
//! - a MinHash of the article's word shingles, built by one-permutation hashing with optimal
//!   densification (one hash per shingle instead of one per shingle and permutation), which
//!   estimates the Jaccard similarity of two articles' shingle sets;
//! - the number of shingles, which turns that Jaccard estimate into containment: how much of
//!   the shorter article is inside the longer one (an early cut, or the article before an
//!   update, is almost entirely inside the other);
//! - the exact shingle set of the lead (the first words of the body), because a version keeps
//!   its article's opening while a follow-up that reuses paragraphs of an earlier article opens
//!   on the new development.
//!
//! Candidate pairs come from locality-sensitive hashing (bands of the MinHash, plus bands of a
//! MinHash of the lead so that short early cuts are found), are verified on the signatures, and
//! merged with union-find. The thresholds were chosen by measurement; see `docs/dedup.md`.

use crate::clean::Cleaner;
use crate::model::Cluster;
use serde::{Deserialize, Serialize};

/// Marks an empty bin before densification; [`bin_value`] never gives it to a shingle.
const EMPTY: u32 = u32::MAX;

/// The knobs of article dedup. The defaults were measured (see `docs/dedup.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleDedupConfig {
    /// Words per shingle of the body.
    pub shingle: usize,
    /// MinHash values per signature (one-permutation bins).
    pub hashes: usize,
    /// LSH bands over the body MinHash; `bands * rows` must not exceed `hashes`.
    pub bands: usize,
    /// MinHash values per LSH band.
    pub rows: usize,
    /// Words of the body's start that make up the lead.
    pub lead_words: usize,
    /// Words per shingle of the lead.
    pub lead_shingle: usize,
    /// LSH bands (of two values each) over a MinHash of the lead, to find early cuts whose whole
    /// text is a small part of the full article.
    pub lead_bands: usize,
    /// Two articles are versions when this share of the shorter one's shingles is in the other.
    pub min_containment: f64,
    /// ... or when their leads share this share of shingles (Jaccard) ...
    pub min_lead: f64,
    /// ... and their bodies at least this Jaccard similarity.
    pub min_jaccard_with_lead: f64,
    /// Largest number of later members of one LSH bucket each member is compared with, so that
    /// a bucket of thousands of exact copies costs linear, not quadratic, time; copies still
    /// join through the chain.
    pub max_bucket_pairs: usize,
}

impl Default for ArticleDedupConfig {
    fn default() -> Self {
        ArticleDedupConfig {
            shingle: 4,
            hashes: 128,
            bands: 64,
            rows: 2,
            lead_words: 40,
            lead_shingle: 2,
            lead_bands: 4,
            min_containment: 0.75,
            min_lead: 0.15,
            min_jaccard_with_lead: 0.25,
            max_bucket_pairs: 64,
        }
    }
}

/// The fixed-size summary of one article that dedup compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// One-permutation MinHash of the body's shingles, densified: `hashes` values.
    mins: Box<[u32]>,
    /// Number of shingles in the body.
    shingles: u32,
    /// Sorted, unique hashes of the lead's shingles.
    lead: Box<[u32]>,
}

impl Signature {
    /// Whether the article had no words at all; such articles are never grouped.
    pub fn is_empty(&self) -> bool {
        self.shingles == 0
    }

    /// Heap bytes held by this signature, for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        (self.mins.len() + self.lead.len()) * 4
    }

    /// The signature as bytes, for a store: the shingle count, the number of MinHash values,
    /// then the values and the lead's hashes, all little-endian `u32`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.heap_bytes());
        out.extend_from_slice(&self.shingles.to_le_bytes());
        out.extend_from_slice(&(self.mins.len() as u32).to_le_bytes());
        for x in self.mins.iter().chain(self.lead.iter()) {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out
    }

    /// Reads what [`Signature::to_bytes`] wrote; `None` if the bytes are not a signature.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() < 8 || !bytes.len().is_multiple_of(4) {
            return None;
        }
        let words: Vec<u32> = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let (shingles, k) = (words[0], words[1] as usize);
        let values = &words[2..];
        if values.len() < k {
            return None;
        }
        Some(Signature {
            mins: values[..k].into(),
            shingles,
            lead: values[k..].into(),
        })
    }
}

/// How alike two articles are, as estimated from their signatures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Estimated Jaccard similarity of the bodies' shingle sets.
    pub jaccard: f64,
    /// Estimated share of the shorter body's shingles found in the longer one.
    pub containment: f64,
    /// Exact Jaccard similarity of the leads' shingle sets.
    pub lead: f64,
}

/// One article of a pool, as dedup needs it: never its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The article's signature.
    pub signature: Signature,
    /// Its publication date, ISO `YYYY-MM-DD` (or any string that sorts by time).
    pub date: Option<String>,
    /// Its length in words after cleaning: how complete it is.
    pub words: u32,
    /// Its position in the input; the last tie-break for the canonical article.
    pub order: usize,
}

/// A group of versions of one article, as indices into the items given to [`Deduper::groups`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The canonical article: the latest, then the most complete, then the first in input.
    pub canonical: usize,
    /// The other versions, in input order. Never empty.
    pub duplicates: Vec<usize>,
}

/// Finds versions of articles. Build once from an [`ArticleDedupConfig`]; it is `Sync`.
#[derive(Debug, Clone)]
pub struct Deduper {
    config: ArticleDedupConfig,
    /// For each empty bin, the bins densification probes, in order (the same for every article,
    /// so densified values stay comparable).
    probes: Vec<Vec<u16>>,
}

impl Deduper {
    /// A deduper for `config`; invalid sizes are clamped to workable ones.
    pub fn new(mut config: ArticleDedupConfig) -> Self {
        config.shingle = config.shingle.max(1);
        config.lead_shingle = config.lead_shingle.max(1);
        config.hashes = config.hashes.clamp(1, u16::MAX as usize);
        config.rows = config.rows.clamp(1, config.hashes);
        config.bands = config.bands.min(config.hashes / config.rows);
        let k = config.hashes;
        // Optimal densification (Shrivastava, ICML 2017): an empty bin borrows the value of the
        // first non-empty bin in its own fixed pseudo-random probe sequence. Sequences long
        // enough that an article with at least one shingle always finds a value: each is a
        // permutation of all bins.
        let probes = (0..k)
            .map(|i| {
                let mut order: Vec<u16> = (0..k as u16).collect();
                let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ (i as u64);
                for j in (1..k).rev() {
                    state = splitmix(state);
                    order.swap(j, (state % (j as u64 + 1)) as usize);
                }
                order
            })
            .collect();
        Deduper { config, probes }
    }

    /// The configuration in use.
    pub fn config(&self) -> &ArticleDedupConfig {
        &self.config
    }

    /// The signature of a cleaned body given as one text.
    /// Paragraphs are separated by blank lines, as in cluster JSONL.
    pub fn signature(&self, text: &str) -> Signature {
        self.signature_of_parts(text.split("\n\n"))
    }

    /// The signature of a cleaned body given as paragraphs; words never run across paragraphs,
    /// but shingles do, as they would in the joined text. The lead is the first paragraph with
    /// words, up to `lead_words` words.
    pub fn signature_of_parts<'a>(&self, parts: impl IntoIterator<Item = &'a str>) -> Signature {
        let k = self.config.hashes;
        let mut mins = vec![EMPTY; k];
        let mut window = vec![0u64; self.config.shingle];
        let mut lead_window = vec![0u64; self.config.lead_shingle];
        let mut lead: Vec<u32> = Vec::with_capacity(self.config.lead_words);
        let (size, lead_size) = (window.len(), lead_window.len());
        let mut words = 0usize;
        let mut shingles = 0u32;
        for part in parts {
            let lead_open = lead.is_empty() || words < lead_size;
            for_each_word(part, |w| {
                window[words % size] = w;
                lead_window[words % lead_size] = w;
                words += 1;
                if words >= size {
                    shingles += 1;
                    let h = shingle_hash(&window, words);
                    let bin = (((h >> 32) * k as u64) >> 32) as usize;
                    mins[bin] = mins[bin].min(bin_value(h));
                }
                if lead_open && words <= self.config.lead_words && words >= lead_size {
                    lead.push(shingle_hash(&lead_window, words) as u32);
                }
            });
        }
        // A text shorter than one shingle is one shingle of all its words.
        if shingles == 0 && words > 0 {
            shingles = 1;
            let h = shingle_hash(&window[..words], words);
            let bin = (((h >> 32) * k as u64) >> 32) as usize;
            mins[bin] = bin_value(h);
        }
        if lead.is_empty() && words > 0 {
            let n = words.min(lead_window.len());
            lead.push(shingle_hash(&lead_window[..n], n) as u32);
        }
        if shingles > 0 {
            let filled = mins.clone();
            for (i, m) in mins.iter_mut().enumerate() {
                if *m == EMPTY {
                    if let Some(&j) = self.probes[i]
                        .iter()
                        .find(|&&j| filled[j as usize] != EMPTY)
                    {
                        *m = filled[j as usize];
                    }
                }
            }
        }
        lead.sort_unstable();
        lead.dedup();
        Signature {
            mins: mins.into_boxed_slice(),
            shingles,
            lead: lead.into_boxed_slice(),
        }
    }

    /// The signature and length in words of an article, after removing its page furniture.
    pub fn article_signature(
        &self,
        article: &crate::model::Article,
        cleaner: &Cleaner,
    ) -> (Signature, u32) {
        self.cleaned_signature(article, &cleaner.clean(article))
    }

    /// [`Deduper::article_signature`] for an article already cleaned (`cleaned` is
    /// `Cleaner::clean(article)`), for callers that need the cleaning for more than this.
    pub fn cleaned_signature(
        &self,
        article: &crate::model::Article,
        cleaned: &crate::clean::Cleaned,
    ) -> (Signature, u32) {
        let mut cleaned = cleaned.paragraphs.clone();
        // An article that is all furniture (a list, a stub) is still the same article as its
        // exact copy: sign its raw body then.
        if cleaned.is_empty() {
            cleaned.push(article.body_offset()..article.text.len());
        }
        let parts = cleaned.iter().map(|r| &article.text[r.clone()]);
        let words = parts
            .clone()
            .map(|p| p.split_whitespace().count())
            .sum::<usize>();
        (
            self.signature_of_parts(parts),
            words.min(u32::MAX as usize) as u32,
        )
    }

    /// How alike two signatures are.
    pub fn similarity(&self, a: &Signature, b: &Signature) -> Similarity {
        if a.is_empty() || b.is_empty() {
            return Similarity {
                jaccard: 0.0,
                containment: 0.0,
                lead: 0.0,
            };
        }
        let equal = a
            .mins
            .iter()
            .zip(b.mins.iter())
            .filter(|(x, y)| x == y)
            .count();
        let jaccard = equal as f64 / a.mins.len().max(1) as f64;
        // |A ∩ B| = J (|A| + |B|) / (1 + J); divided by the smaller set.
        let (na, nb) = (a.shingles as f64, b.shingles as f64);
        let containment = (jaccard * (na + nb) / (1.0 + jaccard) / na.min(nb)).min(1.0);
        Similarity {
            jaccard,
            containment,
            lead: sorted_jaccard(&a.lead, &b.lead),
        }
    }

    /// Whether two articles are versions of one another.
    ///
    /// Either one is (nearly) inside the other, as an early cut is in the full article and an
    /// article in its update; or they open the same way and share a good part of their text, as
    /// a rewritten update does. A follow-up that reuses paragraphs opens differently, and another
    /// outlet's article shares neither.
    pub fn is_version(&self, s: &Similarity) -> bool {
        s.containment >= self.config.min_containment
            || (s.lead >= self.config.min_lead && s.jaccard >= self.config.min_jaccard_with_lead)
    }

    /// The locality-sensitive hashing keys of a signature: one per band of the MinHash, then
    /// one per band of the lead. Two articles that share a key are the candidate pairs
    /// [`Deduper::groups`] verifies; a store keeps these keys to find, among everything it
    /// holds, the candidates for a new article. Empty for an empty signature.
    pub fn band_keys(&self, signature: &Signature) -> Vec<u64> {
        if signature.is_empty() {
            return Vec::new();
        }
        (0..self.config.bands + self.config.lead_bands)
            .map(|b| self.band(signature, b))
            .collect()
    }

    /// The key of band `b` of a signature: MinHash bands first, then lead bands.
    fn band(&self, signature: &Signature, b: usize) -> u64 {
        let rows = self.config.rows;
        if b < self.config.bands {
            return band_key(b as u64, &signature.mins[b * rows..(b + 1) * rows]);
        }
        let band = b - self.config.bands;
        let seed = splitmix(0x1ead ^ band as u64);
        let pair = [
            lead_min(&signature.lead, seed),
            lead_min(&signature.lead, splitmix(seed)),
        ];
        band_key((1 << 32) | band as u64, &pair)
    }

    /// Groups `items` into versions of one article. Only groups with at least two members are
    /// returned, sorted by their canonical article's input order. Deterministic.
    pub fn groups(&self, items: &[Item]) -> Vec<Group> {
        let mut sets = UnionFind::new(items.len());
        let mut keys: Vec<(u64, u32)> = Vec::with_capacity(items.len());
        let live = || {
            items
                .iter()
                .enumerate()
                .filter(|(_, it)| !it.signature.is_empty())
        };
        for band in 0..self.config.bands + self.config.lead_bands {
            keys.clear();
            keys.extend(live().map(|(i, it)| (self.band(&it.signature, band), i as u32)));
            self.verify_buckets(items, &mut keys, &mut sets);
        }

        let mut members: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
        for i in 0..items.len() {
            members[sets.find(i)].push(i);
        }
        let mut groups: Vec<Group> = members
            .into_iter()
            .filter(|m| m.len() > 1)
            .map(|mut m| {
                let best = *m
                    .iter()
                    .max_by(|&&x, &&y| canonical_order(&items[x], &items[y]))
                    .unwrap();
                m.retain(|&i| i != best);
                m.sort_by_key(|&i| (items[i].order, i));
                Group {
                    canonical: best,
                    duplicates: m,
                }
            })
            .collect();
        groups.sort_by_key(|g| (items[g.canonical].order, g.canonical));
        groups
    }

    /// Sorts one band's keys and verifies the pairs that share a bucket.
    fn verify_buckets(&self, items: &[Item], keys: &mut [(u64, u32)], sets: &mut UnionFind) {
        keys.sort_unstable();
        let mut start = 0;
        while start < keys.len() {
            let mut end = start + 1;
            while end < keys.len() && keys[end].0 == keys[start].0 {
                end += 1;
            }
            for x in start..end {
                for y in x + 1..end.min(x + 1 + self.config.max_bucket_pairs) {
                    let (a, b) = (keys[x].1 as usize, keys[y].1 as usize);
                    if sets.find(a) == sets.find(b) {
                        continue;
                    }
                    let s = self.similarity(&items[a].signature, &items[b].signature);
                    if self.is_version(&s) {
                        sets.union(a, b);
                    }
                }
            }
            start = end;
        }
    }
}

/// Groups the versions of articles inside one cluster, for the summarize pipeline: the groups'
/// indices are positions in `cluster.articles`.
pub fn group_versions(
    cluster: &Cluster,
    cleaner: &Cleaner,
    config: &ArticleDedupConfig,
) -> Vec<Group> {
    let deduper = Deduper::new(config.clone());
    let items: Vec<Item> = cluster
        .articles
        .iter()
        .enumerate()
        .map(|(order, a)| {
            let (signature, words) = deduper.article_signature(a, cleaner);
            Item {
                signature,
                date: a.date.clone(),
                words,
                order,
            }
        })
        .collect();
    deduper.groups(&items)
}

/// Orders items so that the canonical one is the greatest: the latest date (a known date beats
/// none), then the most words, then the earliest in input.
fn canonical_order(a: &Item, b: &Item) -> std::cmp::Ordering {
    (a.date.as_deref(), a.words)
        .cmp(&(b.date.as_deref(), b.words))
        .then_with(|| b.order.cmp(&a.order))
}

/// Calls `f` with the hash of each word of `text`: maximal runs of alphanumeric characters,
/// lowercased, so case, punctuation and quote styles (“ ” vs ") do not matter.
fn for_each_word(text: &str, mut f: impl FnMut(u64)) {
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_ascii() {
                h = (h ^ c.to_ascii_lowercase() as u64).wrapping_mul(FNV_PRIME);
            } else {
                for l in c.to_lowercase() {
                    h = (h ^ l as u64).wrapping_mul(FNV_PRIME);
                }
            }
        } else if in_word {
            f(h);
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        f(h);
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The hash of the shingle held in the ring buffer `window`, whose newest word was the
/// `count`-th; words are combined oldest first, so the same words in the same order always give
/// the same hash.
fn shingle_hash(window: &[u64], count: usize) -> u64 {
    let n = window.len();
    let mut acc = 0x51_7cc1_b727_220au64;
    for j in 0..n {
        let w = window[(count + j) % n];
        acc = splitmix(acc ^ w);
    }
    acc
}

/// The value a shingle hash contributes to its bin; `EMPTY` is reserved.
fn bin_value(h: u64) -> u32 {
    (h as u32).min(EMPTY - 1)
}

/// The minimum over a lead set of its hashes rehashed with `seed`: one MinHash value.
fn lead_min(lead: &[u32], seed: u64) -> u64 {
    lead.iter()
        .map(|&x| splitmix(seed ^ x as u64))
        .min()
        .unwrap_or(u64::MAX)
}

/// The bucket key of one band.
fn band_key(band: u64, values: &[impl Copy + Into<u64>]) -> u64 {
    let mut acc = splitmix(band);
    for &v in values {
        acc = splitmix(acc ^ v.into());
    }
    acc
}

/// SplitMix64's output function: a fast, well-mixing 64-bit hash step.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// |a ∩ b| / |a ∪ b| for sorted, unique slices; 0 when both are empty.
fn sorted_jaccard(a: &[u32], b: &[u32]) -> f64 {
    let common = crate::sparse::intersection_len(a, b);
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let up = self.parent[self.parent[x] as usize];
            self.parent[x] = up;
            x = up as usize;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a as u32;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAS: &[&str] = &[
        "The finance minister of Norland announced a sweeping tax reform on Tuesday, saying the plan would cut the deficit by half within three years.",
        "The reform raises the top income tax rate and closes several exemptions that critics say have long favoured large landowners in the north.",
        "Opposition leaders called the proposal reckless and promised to block it in parliament, where the governing coalition holds a narrow majority.",
        "Economists at the central bank said the measures could slow growth next year but would reassure investors who had grown worried about rising debt.",
        "Farmers' unions announced protests in the capital for Friday, and several regional governors asked for talks before the vote.",
        "The minister said she was open to changes but would not abandon the core of the plan, which she described as overdue and fair.",
        "Parliament is expected to debate the bill next month, with a final vote scheduled before the summer recess begins in July.",
        "Markets reacted calmly, with the currency steady against the euro and government bond yields slightly lower by the close of trading.",
    ];

    fn body(paras: &[&str]) -> String {
        paras.join("\n\n")
    }

    fn deduper() -> Deduper {
        Deduper::new(ArticleDedupConfig::default())
    }

    fn is_version(a: &str, b: &str) -> bool {
        let d = deduper();
        let s = d.similarity(&d.signature(a), &d.signature(b));
        d.is_version(&s)
    }

    #[test]
    fn signatures_round_trip_through_bytes_and_share_band_keys_with_their_copies() {
        let d = deduper();
        let s = d.signature(&body(PARAS));
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s.clone()));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
        let keys = d.band_keys(&s);
        assert_eq!(keys.len(), 64 + 4);
        // An early cut shares a lead band with the full article; another text shares none.
        let cut = d.signature(&body(&PARAS[..2]));
        assert!(d.band_keys(&cut).iter().any(|k| keys.contains(k)));
        let other = d.signature("A magnitude 6.8 earthquake struck the coastal city before dawn.");
        assert!(d.band_keys(&other).iter().all(|k| !keys.contains(k)));
        assert!(d.band_keys(&d.signature("")).is_empty());
    }

    #[test]
    fn identical_articles_are_versions() {
        assert!(is_version(&body(PARAS), &body(PARAS)));
    }

    #[test]
    fn copy_edits_are_versions() {
        let edited = body(PARAS)
            .replace("sweeping", "broad")
            .replace("reckless", "reckles")
            .replace("slightly lower", "lower");
        assert!(is_version(&body(PARAS), &edited));
    }

    #[test]
    fn an_update_with_a_new_paragraph_is_a_version() {
        let mut updated: Vec<&str> = PARAS.to_vec();
        updated.insert(
            0,
            "Thousands marched through the capital on Wednesday night against the tax plan, police said.",
        );
        assert!(is_version(&body(PARAS), &body(&updated)));
    }

    #[test]
    fn an_early_cut_is_a_version() {
        assert!(is_version(&body(&PARAS[..3]), &body(PARAS)));
    }

    #[test]
    fn a_follow_up_reusing_paragraphs_is_not_a_version() {
        let follow_up = body(&[
            "Parliament in Norland rejected the government's tax reform late on Thursday after a day of protests, dealing a blow to the finance minister.",
            PARAS[1],
            "Forty-one members of the governing coalition voted against the bill, more than had been expected even by its opponents.",
            PARAS[3],
            "The minister said she would return with a revised plan in the autumn and did not intend to resign over the defeat.",
            "Union leaders celebrated outside parliament, where crowds had gathered since the early morning despite heavy rain.",
        ]);
        assert!(!is_version(&body(PARAS), &follow_up));
    }

    #[test]
    fn another_outlet_on_the_same_story_is_not_a_version() {
        let other = body(&[
            "Norland's government unveiled plans on Tuesday to overhaul the tax system, in a bid to halve a budget deficit that has alarmed investors.",
            "Under the proposal, the highest earners would pay more and a range of exemptions enjoyed by big landowners would be scrapped.",
            "The opposition vowed to fight the plan, and farmers said they would take to the streets of the capital at the end of the week.",
        ]);
        assert!(!is_version(&body(PARAS), &other));
    }

    #[test]
    fn the_seed_rewrite_keeps_its_lead() {
        // Shape of the seed cluster's CNN update: the lead is rewritten around the same opening.
        let d = deduper();
        let a = d.signature("U.S. President Barack Obama and his Russian counterpart, Vladimir Putin, held constructive talks Friday on Syria on the sidelines of the Group of 20 summit in Russia.");
        let b = d.signature("U.S. President Barack Obama and his Russian counterpart, Vladimir Putin, held what each man described Friday as a constructive talk about Syria.");
        assert!(d.similarity(&a, &b).lead >= d.config().min_lead);
    }

    fn item(d: &Deduper, text: &str, date: Option<&str>, order: usize) -> Item {
        Item {
            signature: d.signature(text),
            date: date.map(str::to_owned),
            words: text.split_whitespace().count() as u32,
            order,
        }
    }

    #[test]
    fn canonical_is_latest_then_longest_then_first() {
        let d = deduper();
        let full = body(PARAS);
        let cut = body(&PARAS[..5]);
        // Latest wins, even when shorter.
        let items = vec![
            item(&d, &full, Some("2013-09-06"), 0),
            item(&d, &cut, Some("2013-09-07"), 1),
            item(
                &d,
                "Something else entirely, about football and the weather in spring.",
                None,
                2,
            ),
        ];
        assert_eq!(
            d.groups(&items),
            vec![Group {
                canonical: 1,
                duplicates: vec![0]
            }]
        );
        // Same date: the longest wins; an unknown date loses to a known one.
        let items = vec![
            item(&d, &cut, Some("2013-09-06"), 0),
            item(&d, &full, Some("2013-09-06"), 1),
            item(&d, &full, None, 2),
        ];
        assert_eq!(d.groups(&items)[0].canonical, 1);
        // Full ties: the first in input wins.
        let items = vec![item(&d, &full, None, 0), item(&d, &full, None, 1)];
        assert_eq!(
            d.groups(&items),
            vec![Group {
                canonical: 0,
                duplicates: vec![1]
            }]
        );
    }

    #[test]
    fn empty_articles_are_never_grouped() {
        let d = deduper();
        let items = vec![item(&d, "", None, 0), item(&d, "  ", None, 1)];
        assert!(d.groups(&items).is_empty());
        assert!(d.signature("").is_empty());
    }

    #[test]
    fn signatures_are_deterministic_and_fixed_size() {
        let d = deduper();
        let a = d.signature(&body(PARAS));
        assert_eq!(a, d.signature(&body(PARAS)));
        assert_eq!(a.mins.len(), d.config().hashes);
        assert_eq!(d.signature("One short line.").mins.len(), d.config().hashes);
    }

    #[test]
    fn group_versions_of_a_cluster() {
        use crate::model::Article;
        let article = |id: &str, text: String, date: &str| Article {
            id: id.into(),
            text,
            date: Some(date.into()),
            ..Article::default()
        };
        let cluster = Cluster {
            id: "c".into(),
            articles: vec![
                article("early", body(&PARAS[..4]), "2013-09-05"),
                article("other", "A different story entirely: the national football team won its qualifier on Saturday night in front of a home crowd.".into(), "2013-09-05"),
                article("full", format!("(Reuters) - {}", body(PARAS)), "2013-09-06"),
            ],
            ..Cluster::default()
        };
        let groups = group_versions(
            &cluster,
            &Cleaner::default(),
            &ArticleDedupConfig::default(),
        );
        assert_eq!(
            groups,
            vec![Group {
                canonical: 2,
                duplicates: vec![0]
            }]
        );
    }
}
