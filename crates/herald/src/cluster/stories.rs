//! Stories: group a mixed pool of articles into the stories they tell.
//!
//! Each article becomes a short tf-idf profile: the stems of its title and the opening of its
//! cleaned body (a news article says what it is about first), and the pairs of adjacent content
//! stems there at half weight, at most `terms` of them; a failed scrape (a web archive notice, a
//! login wall) has none, so it stays a story of its own. Pairs of articles that share a
//! distinctive stem are compared by cosine; each article keeps its closest `neighbours`, and a
//! pair only one of the two chose counts at three quarters of its similarity. Average-link agglomerative clustering over that sparse graph then
//! merges the two most similar groups while their mean pairwise similarity (pairs that were
//! never compared count as 0) stays at or above `threshold`. Average link resists the chaining
//! that sinks single link on news (every Syria story mentions Obama), and unlike single-pass
//! clustering it does not depend on the order of the input. Two things keep large stories
//! whole: copies of an article (cosine >= `copy_similarity`) are linked without using up its
//! neighbours, and the average is taken over the pairs a k-nearest-neighbour graph can hold,
//! not over all pairs, once two groups together pass 2k articles. Within a story, a member far less
//! similar to the rest than the others are to each other is flagged as an outlier, as the
//! summarizer does (see [`super::document_weights`]). The defaults and their measurements are
//! in docs/results.md.

use crate::analyze::{detect_language, Tokenizer, Vocab};
use crate::cancel::{Cancel, Cancelled};
use crate::clean::Cleaner;
use crate::model::Article;
use crate::sparse::dot;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::hash::{Hash, Hasher};

/// Settings of story grouping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryConfig {
    /// Words of each article's cleaned body that describe it, after its title. 1,000 takes in
    /// the whole of almost every news article: a profile of the first 300 words split dated
    /// events whose articles open on different angles (docs/results.md §57).
    pub lead_words: usize,
    /// How many times a title stem counts, next to once for each use in the body: a headline
    /// names the story.
    pub title_weight: f64,
    /// Stems kept per article, the most frequent first.
    pub terms: usize,
    /// Closest articles kept per article; the rest count as dissimilar.
    pub neighbours: usize,
    /// Pairs less similar than this are never linked.
    pub min_similarity: f64,
    /// Articles at least this similar are copies of one another (a syndicated wire story):
    /// they are linked without counting against `neighbours`.
    pub copy_similarity: f64,
    /// Groups merge while their average pairwise similarity is at least this.
    pub threshold: f64,
    /// Stems used by more than this share of the pool (and by more than 50 articles) do not
    /// propose pairs: they would pair everything with everything. They still count in the
    /// similarity of pairs proposed by other stems.
    pub max_df_share: f64,
    /// A member whose similarity to the rest of its story is below this share of the median
    /// member's is an outlier (stories of three or more).
    pub outlier_ratio: f64,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            lead_words: 1000,
            title_weight: 2.0,
            terms: 200,
            neighbours: 10,
            min_similarity: 0.05,
            copy_similarity: 0.9,
            threshold: 0.1,
            max_df_share: 0.05,
            outlier_ratio: 0.3,
        }
    }
}

/// One story: indices of the articles in it, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// Every article of the story, outliers included, in input order.
    pub documents: Vec<usize>,
    /// The members that belong least: far less similar to the rest than the others are.
    pub outliers: Vec<usize>,
}

/// How much an adjacent pair of content stems (`dan brown`, `da vinci`, `interest rates`) counts
/// in a profile, next to 1 for each stem. Pairs tell apart stories that share their words but
/// not their names and phrases — many stories about one president, in lowercased text where
/// capitals cannot mark the names; half weight, chosen on the TUNE pool (docs/results.md §47).
const PAIR_WEIGHT: f32 = 0.5;

/// How much a neighbour pair that only one of its two articles chose counts, as a share of its
/// similarity (a pair both chose counts in full). Chosen on the TUNE pool (docs/results.md §47).
const ONE_SIDED: f64 = 0.75;

/// An article's profile: (stem hash, count) pairs, sorted by hash.
pub type Profile = Vec<(u32, f32)>;

/// A profile (or any list of (term, weight) pairs, such as a story's summed vector) as bytes:
/// little-endian `(u32 term, f32 weight)` pairs, what the store saves and the Python bridge
/// passes.
pub fn profile_to_bytes(profile: &[(u32, f32)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(profile.len() * 8);
    for &(t, x) in profile {
        out.extend_from_slice(&t.to_le_bytes());
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

/// Reads what [`profile_to_bytes`] wrote; `None` when the length is not a whole number of pairs.
pub fn profile_from_bytes(bytes: &[u8]) -> Option<Profile> {
    if !bytes.len().is_multiple_of(8) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(8)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                )
            })
            .collect(),
    )
}

/// What grouping reads from one article ([`StoryGrouper::describe`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    /// Its profile ([`StoryGrouper::profile`]); empty for a failed scrape.
    pub profile: Profile,
    /// Its title as cleaning found it (see [`StoryGrouper::profile_and_title`]).
    pub title: Option<String>,
    /// Why it is not an article, when it is a failed scrape
    /// ([`crate::clean::failed_scrape`]): it is then a story of its own.
    pub failed_scrape: Option<&'static str>,
}

/// Groups articles into stories. Profiles are computed one article at a time (and may be
/// computed in parallel with [`StoryGrouper::profile`]), so a pool costs its profiles' memory,
/// not its texts'.
#[derive(Debug, Clone, Default)]
pub struct StoryGrouper {
    config: StoryConfig,
}

impl StoryGrouper {
    /// A grouper with `config`.
    pub fn new(config: StoryConfig) -> Self {
        StoryGrouper { config }
    }

    /// The configuration in use.
    pub fn config(&self) -> &StoryConfig {
        &self.config
    }

    /// The profile of one article: content stems of its title and the first `lead_words`
    /// words of its cleaned body, counted, and adjacent pairs of them at half weight, the
    /// `terms` most frequent kept. Stems are hashed to
    /// 32 bits, so that profiles from different threads need no shared vocabulary. A failed
    /// scrape ([`crate::clean::failed_scrape`]: a web archive notice, a login wall, …) has an
    /// empty profile, so that it is like no other article: such pages recur word for word
    /// across unrelated stories and would otherwise form a story of their own or glue stories
    /// together.
    pub fn profile(&self, article: &Article, cleaner: &Cleaner) -> Profile {
        self.describe(article, cleaner).profile
    }

    /// [`StoryGrouper::profile`], and the article's title as cleaning found it (`None` when the
    /// given title was page furniture, such as a navigation line, and no headline replaced it).
    pub fn profile_and_title(
        &self,
        article: &Article,
        cleaner: &Cleaner,
    ) -> (Profile, Option<String>) {
        let d = self.describe(article, cleaner);
        (d.profile, d.title)
    }

    /// [`StoryGrouper::profile_and_title`], and why the article is kept out of every story of
    /// several articles when it is a failed scrape: what callers print next to it.
    pub fn describe(&self, article: &Article, cleaner: &Cleaner) -> Described {
        self.describe_cleaned(article, &cleaner.clean(article))
    }

    /// [`StoryGrouper::describe`] for an article already cleaned (`cleaned` is
    /// `Cleaner::clean(article)`), for callers that need the cleaning for more than this.
    pub fn describe_cleaned(
        &self,
        article: &Article,
        cleaned: &crate::clean::Cleaned,
    ) -> Described {
        let c = &self.config;
        if let Some(reason) = crate::clean::failed_scrape_of(article, cleaned) {
            return Described {
                profile: Profile::new(),
                title: cleaned.title.clone(),
                failed_scrape: Some(reason),
            };
        }
        let mut body = String::new();
        let mut words = 0;
        for p in &cleaned.paragraphs {
            for w in article.text[p.clone()].split_whitespace() {
                if words >= c.lead_words {
                    break;
                }
                body.push_str(w);
                body.push(' ');
                words += 1;
            }
        }
        // A few hundred characters tell the language as well as the whole lead, at a fraction
        // of the cost: detection is most of a profile's time otherwise.
        let sample = crate::analyze::truncate_at_char(&body, 600);
        let tokenizer = Tokenizer::new(detect_language(sample));
        let mut vocab = Vocab::default();
        let mut counts: HashMap<u32, f32> = HashMap::default();
        let mut pairs: HashMap<(u32, u32), f32> = HashMap::default();
        let mut add = |text: &str, weight: f32, vocab: &mut Vocab| {
            let mut tokens = Vec::new();
            tokenizer.tokenize(text, 0..text.len(), vocab, &mut tokens);
            // The content stem just before, when nothing was skipped in between.
            let mut previous = None;
            for t in tokens {
                let word = &text[t.start..t.end];
                // Numbers and single letters say little about which story this is.
                if t.stop || word.chars().count() < 2 || !word.chars().any(char::is_alphabetic) {
                    previous = None;
                    continue;
                }
                *counts.entry(t.term).or_insert(0.0) += weight;
                if let Some(p) = previous {
                    *pairs.entry((p, t.term)).or_insert(0.0) += weight * PAIR_WEIGHT;
                }
                previous = Some(t.term);
            }
        };
        // The cleaned title only: a navigation line given as the title says nothing of the
        // story.
        if let Some(title) = cleaned.title.as_deref() {
            add(title, c.title_weight as f32, &mut vocab);
        }
        add(&body, 1.0, &mut vocab);
        // The headline and photo caption a flattened page ran in before its story are furniture
        // in a summary, but they still say which story it is.
        for r in &cleaned.removed {
            if r.reason == crate::clean::Furniture::Caption {
                add(&article.text[r.span.clone()], 1.0, &mut vocab);
            }
        }
        // A pair is hashed as its two stems with a space between, which no stem holds; a hash
        // shared by a stem and a pair (as rare as any collision) merely adds up.
        let mut hashed: HashMap<u32, f32> = HashMap::default();
        for (t, n) in counts {
            *hashed.entry(stem_hash(vocab.term(t))).or_insert(0.0) += n;
        }
        for ((a, b), n) in pairs {
            let pair = format!("{} {}", vocab.term(a), vocab.term(b));
            *hashed.entry(stem_hash(&pair)).or_insert(0.0) += n;
        }
        let mut profile: Vec<(u32, f32)> = hashed.into_iter().collect();
        // Most frequent first; ties by hash, so the cut never depends on map order.
        profile.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        profile.truncate(c.terms);
        profile.sort_by_key(|p| p.0);
        Described {
            profile,
            title: cleaned.title.clone(),
            failed_scrape: None,
        }
    }

    /// Groups the articles whose profiles are given into stories, ordered by their first
    /// article; every article is in exactly one story.
    pub fn group(&self, profiles: &[Profile]) -> Vec<Story> {
        // Smoothed: in a small pool, a stem every article uses still says something.
        let n = profiles.len() as f64;
        let df = document_frequency(profiles);
        let vectors = weigh(profiles, &df, |df| (1.0 + n / df).ln());
        let edges = self.neighbour_graph(&vectors, df);
        let groups = average_link(
            profiles.len(),
            &edges,
            self.config.threshold,
            self.config.neighbours.max(1),
        );
        let mut stories: Vec<Story> = groups
            .into_iter()
            .map(|documents| {
                let outliers = outliers(profiles, &documents, self.config.outlier_ratio);
                Story {
                    documents,
                    outliers,
                }
            })
            .collect();
        stories.sort_by_key(|s| s.documents[0]);
        stories
    }

    /// Each article's closest articles by cosine, as symmetric weighted edges (i < j); a pair
    /// only one side chose is weighed down by [`ONE_SIDED`].
    ///
    /// Candidates come from an inverted index: the dot product over shared stems is accumulated
    /// posting by posting, and the best `2 × neighbours` candidates by that partial score get
    /// their exact cosine. A stem used by more than `max_df_share` of the pool (at least 50
    /// articles) would make this quadratic, so its posting list keeps only the `2 × neighbours`
    /// articles that weigh it most: such a stem still pairs the articles most about it — the
    /// core of a story that fills much of the pool — without pairing everything with everything.
    fn neighbour_graph(
        &self,
        vectors: &[Vec<(u32, f32)>],
        df: HashMap<u32, u32>,
    ) -> Vec<(usize, usize, f64)> {
        let c = &self.config;
        let n = vectors.len();
        let cap = ((c.max_df_share * n as f64) as usize).max(50);
        let long_list = (2 * c.neighbours).max(1);
        // Postings in one flat array (compressed rows), for the stems that can pair articles.
        let mut row: HashMap<u32, usize> = HashMap::default();
        let mut start = vec![0usize];
        let mut terms: Vec<(u32, u32)> = df.into_iter().filter(|&(_, f)| f >= 2).collect();
        terms.sort_unstable();
        for (t, f) in terms {
            row.insert(t, start.len() - 1);
            start.push(start[start.len() - 1] + f as usize);
        }
        let mut fill = start.clone();
        let mut postings = vec![(0u32, 0f32); start[start.len() - 1]];
        for (d, v) in vectors.iter().enumerate() {
            for &(t, x) in v {
                if let Some(&r) = row.get(&t) {
                    postings[fill[r]] = (d as u32, x);
                    fill[r] += 1;
                }
            }
        }
        // Where each row's used part ends: all of it, or its heaviest `long_list` postings.
        let mut end: Vec<usize> = start[1..].to_vec();
        for r in 0..end.len() {
            let list = &mut postings[start[r]..start[r + 1]];
            if list.len() > cap {
                list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                end[r] = start[r] + long_list.min(list.len());
            }
        }
        let examine = 2 * c.neighbours + long_list;
        // Each article's neighbours are found on their own, so the articles are shared out
        // among threads, each with its own scratch accumulator; the result does not depend on
        // how they were shared out.
        let best: Vec<Vec<(f64, usize)>> = (0..n)
            .into_par_iter()
            .map_init(
                || (vec![0.0f64; n], Vec::new()),
                |(partial, touched): &mut (Vec<f64>, Vec<usize>), d| {
                    for &(t, x) in &vectors[d] {
                        let Some(&r) = row.get(&t) else {
                            continue;
                        };
                        for &(e, y) in &postings[start[r]..end[r]] {
                            let e = e as usize;
                            if e != d {
                                if partial[e] == 0.0 {
                                    touched.push(e);
                                }
                                partial[e] += f64::from(x * y);
                            }
                        }
                    }
                    let mut candidates: Vec<(f64, usize)> = touched
                        .drain(..)
                        .map(|e| (std::mem::take(&mut partial[e]), e))
                        .collect();
                    // Only the best `examine` candidates are ever looked at: select them
                    // (linear) before sorting, as a stem shared by thousands of articles touches
                    // thousands. The order is total (score, then index), so the result is what
                    // a full sort gives.
                    let by_score = |a: &(f64, usize), b: &(f64, usize)| {
                        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
                    };
                    if candidates.len() > examine {
                        candidates.select_nth_unstable_by(examine, by_score);
                        candidates.truncate(examine);
                    }
                    candidates.sort_unstable_by(by_score);
                    // Copies of the article (a wire story many outlets ran) are linked but do
                    // not use up its neighbours: otherwise an article with ten copies would see
                    // nothing else, and the copies of two articles about one event would never
                    // meet.
                    let (mut copies, mut others) = (Vec::new(), Vec::new());
                    // At most `examine` candidates are left, so only the neighbours found
                    // can end the search early.
                    for &(_, e) in &candidates {
                        if others.len() >= 2 * c.neighbours {
                            break;
                        }
                        let sim = dot(&vectors[d], &vectors[e]);
                        if sim >= c.copy_similarity && copies.len() < long_list {
                            copies.push((sim, e));
                        } else if sim >= c.min_similarity {
                            others.push((sim, e));
                        }
                    }
                    others.sort_by(by_score);
                    others.truncate(c.neighbours);
                    copies.extend(others);
                    copies
                },
            )
            .collect();
        let mut edges: Vec<(usize, usize, f64)> = best
            .iter()
            .enumerate()
            .flat_map(|(d, near)| near.iter().map(move |&(s, e)| (d.min(e), d.max(e), s)))
            .collect();
        // A pair both articles chose is listed twice; one only one of them chose counts at
        // `ONE_SIDED` of its similarity. In a crowded pool an article's nearest often include
        // other stories on its subject (several about one politician), which rarely choose it
        // back.
        edges.sort_by_key(|a| (a.0, a.1));
        let mut out: Vec<(usize, usize, f64)> = Vec::with_capacity(edges.len());
        for e in edges {
            match out.last_mut() {
                Some(last) if (last.0, last.1) == (e.0, e.1) => last.2 = e.2,
                _ => out.push((e.0, e.1, e.2 * ONE_SIDED)),
            }
        }
        out
    }
}

/// Groups a pool of articles into story clusters (ids `story-1`, `story-2`, ... in order of
/// their first article) of at least `min_articles` articles each; the articles of smaller
/// stories are returned apart, story by story. Articles keep their input order within a story.
/// An id that several pooled articles share (two inputs that both number theirs `d1`) is
/// numbered apart (`d1`, `d1#2`), so that every summary sentence names exactly one source.
pub fn into_stories(
    articles: Vec<Article>,
    config: &StoryConfig,
    cleaner: &Cleaner,
    min_articles: usize,
) -> (Vec<crate::model::Cluster>, Vec<Article>) {
    match into_stories_cancellable(articles, config, cleaner, min_articles, &Cancel::default()) {
        Ok(stories) => stories,
        Err(Cancelled) => unreachable!("a default Cancel is never raised"),
    }
}

/// [`into_stories`], stopping before the next article is read or placed once `cancel` is
/// raised.
pub fn into_stories_cancellable(
    mut articles: Vec<Article>,
    config: &StoryConfig,
    cleaner: &Cleaner,
    min_articles: usize,
    cancel: &Cancel,
) -> Result<(Vec<crate::model::Cluster>, Vec<Article>), Cancelled> {
    crate::ingest::make_ids_unique(&mut articles);
    let grouper = StoryGrouper::new(config.clone());
    let profiles: Vec<Profile> = articles
        .iter()
        .map(|a| {
            cancel.check()?;
            Ok(grouper.profile(a, cleaner))
        })
        .collect::<Result<_, Cancelled>>()?;
    let dates: Vec<Option<i32>> = articles
        .iter()
        .map(|a| a.date.as_deref().and_then(super::tracker::day_number))
        .collect();
    // The grouping `herald cluster` and the store use: articles placed in date order.
    let tracker = super::tracker::TrackerConfig {
        profile: config.clone(),
        ..Default::default()
    };
    let groups = super::tracker::group_pool_cancellable(&profiles, &dates, &tracker, cancel)?;
    let (kept, apart) = split_by_size(groups, min_articles);
    let mut slots: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
    let mut take = |members: &[usize]| -> Vec<Article> {
        members.iter().filter_map(|&d| slots[d].take()).collect()
    };
    let clusters = kept
        .iter()
        .enumerate()
        .map(|(k, members)| story_cluster(k, take(members)))
        .collect();
    let apart = take(&apart);
    Ok((clusters, apart))
}

/// Splits `stories` into the members of those with at least `min_articles` articles, in order,
/// and the articles of the smaller ones, story by story: how a pool becomes the clusters
/// [`into_stories`] returns, for callers that keep the texts elsewhere than in memory.
pub fn split_by_size(stories: Vec<Story>, min_articles: usize) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut kept = Vec::new();
    let mut apart = Vec::new();
    for s in stories {
        if s.documents.len() >= min_articles.max(1) {
            kept.push(s.documents);
        } else {
            apart.extend(s.documents);
        }
    }
    (kept, apart)
}

/// The cluster of the `k`-th story kept (counting from 0), named `story-{k + 1}`.
pub fn story_cluster(k: usize, articles: Vec<Article>) -> crate::model::Cluster {
    crate::model::Cluster {
        id: format!("story-{}", k + 1),
        articles,
        ..Default::default()
    }
}

/// A stem's 32-bit id: FNV-1a folded to 32 bits, fixed, so that profiles are the same on every
/// run and machine. Two stems that collide (about one pair in a vocabulary of 100,000) merely
/// count as one word.
fn stem_hash(stem: &str) -> u32 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    stem.hash(&mut h);
    let x = h.finish();
    (x ^ (x >> 32)) as u32
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// How many of `profiles` use each stem.
fn document_frequency(profiles: &[Profile]) -> HashMap<u32, u32> {
    let mut df: HashMap<u32, u32> = HashMap::default();
    for p in profiles {
        for &(t, _) in p {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    df
}

/// Unit tf-idf vectors: sublinear counts times `idf(document frequency)`.
fn weigh(
    profiles: &[Profile],
    df: &HashMap<u32, u32>,
    idf: impl Fn(f64) -> f64,
) -> Vec<Vec<(u32, f32)>> {
    profiles
        .iter()
        .map(|p| {
            let mut v: Vec<(u32, f64)> = p
                .iter()
                .map(|&(t, c)| (t, (1.0 + f64::from(c).ln()) * idf(f64::from(df[&t]))))
                .collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            // Single precision: a pool of many articles holds one of these per article.
            v.into_iter().map(|(t, x)| (t, x as f32)).collect()
        })
        .collect()
}

/// A candidate merge in the heap: the pair's average similarity when it was pushed.
#[derive(PartialEq)]
struct Merge {
    average: f64,
    a: usize,
    b: usize,
}

impl Eq for Merge {}

impl Ord for Merge {
    fn cmp(&self, other: &Self) -> Ordering {
        // Highest average first; among equals the lowest ids, so merges never depend on
        // anything but the data.
        self.average
            .total_cmp(&other.average)
            .then(other.a.cmp(&self.a))
            .then(other.b.cmp(&self.b))
    }
}

impl PartialOrd for Merge {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Average-link agglomerative clustering of `n` items over sparse similarity `edges`; pairs
/// without an edge count as 0. Returns the groups, each in increasing order.
fn average_link(
    n: usize,
    edges: &[(usize, usize, f64)],
    threshold: f64,
    k: usize,
) -> Vec<Vec<usize>> {
    // Per live group: its members and the summed similarity to each neighbouring group.
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut sums: Vec<HashMap<usize, f64>> = vec![HashMap::default(); n];
    for &(a, b, s) in edges {
        sums[a].insert(b, s);
        sums[b].insert(a, s);
    }
    // The mean over the pairs a k-nearest-neighbour graph can hold: all of them while the two
    // groups together are no larger than 2k, else about 2k·|x||y|/(|x|+|y|) — each article
    // links to only k others, so plain average link could never grow a story past a few
    // times k articles, however alike they are.
    let average = |sum: f64, x: usize, y: usize, members: &[Vec<usize>]| {
        let (a, b) = (members[x].len() as f64, members[y].len() as f64);
        sum / (a * b * (2.0 * k as f64 / (a + b)).min(1.0))
    };
    let mut heap: BinaryHeap<Merge> = edges
        .iter()
        .filter(|e| e.2 >= threshold)
        .map(|&(a, b, s)| Merge { average: s, a, b })
        .collect();
    while let Some(Merge { average: avg, a, b }) = heap.pop() {
        if avg < threshold {
            break;
        }
        // Stale entries: a side merged away, or the pair's average changed since.
        let Some(&sum) = sums[a].get(&b) else {
            continue;
        };
        if members[a].is_empty() || members[b].is_empty() || average(sum, a, b, &members) != avg {
            continue;
        }
        // Merge the smaller neighbourhood into the larger; the merged group keeps the id of
        // the larger, so each item moves O(log n) times.
        let (keep, gone) = if sums[a].len() >= sums[b].len() {
            (a, b)
        } else {
            (b, a)
        };
        let moved = std::mem::take(&mut sums[gone]);
        sums[keep].remove(&gone);
        for (x, s) in moved {
            if x == keep {
                continue;
            }
            *sums[keep].entry(x).or_insert(0.0) += s;
            let old = sums[x].remove(&gone).unwrap_or(0.0);
            *sums[x].entry(keep).or_insert(0.0) += old;
        }
        let gone_members = std::mem::take(&mut members[gone]);
        members[keep].extend(gone_members);
        let mut updates: Vec<(usize, f64)> = sums[keep].iter().map(|(&x, &s)| (x, s)).collect();
        updates.sort_by_key(|u| u.0);
        for (x, s) in updates {
            let avg = average(s, keep, x, &members);
            if avg >= threshold {
                heap.push(Merge {
                    average: avg,
                    a: keep.min(x),
                    b: keep.max(x),
                });
            }
        }
        // Every merge re-queues the merged group's pairs and leaves their old entries behind;
        // when the queue outgrows twice the graph (which only shrinks as groups merge), it is
        // rebuilt from the live pairs, so its size stays proportional to the graph's.
        if heap.len() > 2 * edges.len() + 1024 {
            heap = (0..n)
                .flat_map(|a| sums[a].iter().map(move |(&b, &s)| (a, b, s)))
                .filter(|&(a, b, _)| a < b)
                .map(|(a, b, s)| Merge {
                    average: average(s, a, b, &members),
                    a,
                    b,
                })
                .filter(|m| m.average >= threshold)
                .collect();
        }
    }
    members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .collect()
}

/// The members of a story that the summarizer would leave out as being about something else:
/// far less similar to the rest than the others are to each other (see
/// [`super::document_weights`]; stories of fewer than three have none). Stems are weighed
/// within the story, as the summarizer weighs them within its cluster: what every member
/// says is the story, not evidence of belonging.
pub fn outliers(profiles: &[Profile], documents: &[usize], ratio: f64) -> Vec<usize> {
    let config = super::ClusterConfig {
        outlier_ratio: ratio,
        ..super::ClusterConfig::default()
    };
    let members: Vec<Profile> = documents.iter().map(|&d| profiles[d].clone()).collect();
    let m = members.iter().filter(|p| !p.is_empty()).count() as f64;
    let df = document_frequency(&members);
    let vectors: Vec<Vec<(u32, f64)>> = weigh(&members, &df, |df| ((m + 1.0) / (df + 0.5)).ln())
        .into_iter()
        .map(|v| v.into_iter().map(|(t, x)| (t, f64::from(x))).collect())
        .collect();
    super::weights_of_vectors(&vectors, &config)
        .into_iter()
        .zip(documents)
        .filter(|(w, _)| *w == 0.0)
        .map(|(_, &d)| d)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, title: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            title: Some(title.into()),
            text: text.into(),
            ..Article::default()
        }
    }

    fn pool() -> Vec<Article> {
        vec![
            article("rates-1", "Central bank raises interest rates", "The central bank raised interest rates by half a point on Tuesday to fight inflation, and markets fell."),
            article("quake-1", "Earthquake strikes coastal city", "A magnitude 6.8 earthquake struck the coastal city before dawn, toppling buildings and killing dozens."),
            article("rates-2", "Rates rise again as inflation bites", "Interest rates rose by half a point as the central bank fought stubborn inflation; the governor warned of more."),
            article("cup-1", "Home side wins the cup final", "The home side won the cup final on penalties after a goalless draw, and fans celebrated until dawn."),
            article("quake-2", "Rescuers search rubble after earthquake", "Rescuers searched the rubble of collapsed buildings in the coastal city after the earthquake killed dozens."),
            article("rates-3", "Mortgage costs climb after rate rise", "Borrowers face higher mortgage costs after the central bank raised interest rates to tame inflation."),
            article("cup-2", "Penalty shootout decides cup final", "A penalty shootout decided the cup final after a goalless draw; the home side's keeper saved twice."),
        ]
    }

    fn ids(stories: &[Story], articles: &[Article]) -> Vec<Vec<String>> {
        stories
            .iter()
            .map(|s| {
                s.documents
                    .iter()
                    .map(|&d| articles[d].id.clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn groups_a_mixed_pool_into_its_stories() {
        let articles = pool();
        let g = StoryGrouper::default();
        let cleaner = Cleaner::default();
        let profiles: Vec<Profile> = articles.iter().map(|a| g.profile(a, &cleaner)).collect();
        let stories = g.group(&profiles);
        assert_eq!(
            ids(&stories, &articles),
            vec![
                vec!["rates-1", "rates-2", "rates-3"],
                vec!["quake-1", "quake-2"],
                vec!["cup-1", "cup-2"],
            ]
        );
        // The same pool in another order gives the same stories.
        let mut reversed = articles.clone();
        reversed.reverse();
        let profiles: Vec<Profile> = reversed.iter().map(|a| g.profile(a, &cleaner)).collect();
        let mut again = ids(&g.group(&profiles), &reversed);
        again.iter_mut().for_each(|s| s.sort());
        again.sort();
        let mut first = ids(&stories, &articles);
        first.sort();
        assert_eq!(again, first);
    }

    #[test]
    fn a_pool_becomes_story_clusters_and_lone_articles() {
        let articles = pool();
        let mut lone = article(
            "lone",
            "Museum opens new wing",
            "The city museum opened a new wing for modern sculpture on Saturday.",
        );
        lone.date = Some("2026-01-01".into());
        let mut all = articles.clone();
        all.push(lone);
        let (clusters, apart) = into_stories(all, &StoryConfig::default(), &Cleaner::default(), 2);
        let ids: Vec<(&str, Vec<&str>)> = clusters
            .iter()
            .map(|c| {
                (
                    c.id.as_str(),
                    c.articles.iter().map(|a| a.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            vec![
                ("story-1", vec!["rates-1", "rates-2", "rates-3"]),
                ("story-2", vec!["quake-1", "quake-2"]),
                ("story-3", vec!["cup-1", "cup-2"]),
            ]
        );
        assert_eq!(apart.len(), 1);
        assert_eq!(apart[0].id, "lone");
    }

    #[test]
    fn pooled_articles_that_share_an_id_are_told_apart() {
        let mut all = pool();
        // Two inputs that both number their articles from 1.
        for a in &mut all {
            a.id = format!("d{}", a.id.rsplit('-').next().unwrap_or_default());
        }
        let (clusters, _) = into_stories(all, &StoryConfig::default(), &Cleaner::default(), 2);
        let mut ids: Vec<&str> = clusters
            .iter()
            .flat_map(|c| c.articles.iter().map(|a| a.id.as_str()))
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "{ids:?}");
        assert!(ids.contains(&"d1#2"), "{ids:?}");
    }

    #[test]
    fn empty_articles_and_pools_are_their_own_stories() {
        let g = StoryGrouper::default();
        assert!(g.group(&[]).is_empty());
        let empty = article("e", "", "");
        let p = g.profile(&empty, &Cleaner::default());
        assert!(p.is_empty());
        let stories = g.group(&[p.clone(), p]);
        assert_eq!(stories.len(), 2);
    }

    #[test]
    fn a_story_of_hundreds_of_articles_stays_one_story() {
        // 300 near-copies of three articles about one event, and the small stories: a big
        // story must neither fall apart (each article links to only `neighbours` others) nor
        // lose its words for being common in the pool.
        let small = pool();
        let mut articles = Vec::new();
        for k in 0..300 {
            let mut a = small[[0, 2, 5][k % 3]].clone();
            a.id = format!("big-{k}");
            articles.push(a);
        }
        articles.extend(small.into_iter().filter(|a| !a.id.starts_with("rates")));
        let g = StoryGrouper::default();
        let cleaner = Cleaner::default();
        let profiles: Vec<Profile> = articles.iter().map(|a| g.profile(a, &cleaner)).collect();
        let stories = g.group(&profiles);
        let sizes: Vec<usize> = stories.iter().map(|s| s.documents.len()).collect();
        assert_eq!(sizes, vec![300, 2, 2], "{sizes:?}");
    }

    #[test]
    fn failed_scrapes_are_stories_of_their_own() {
        // The same login wall fetched for two stories, and a cookie page: alike word for word,
        // but not articles, so they neither form a story nor join one.
        let wall = "You have read all your free stories. Please log in to your subscriber account or purchase a subscription to continue reading.";
        let mut articles = pool();
        articles.push(article("wall-1", "", wall));
        articles.push(article("wall-2", "", wall));
        articles.push(article("cookies", "", "We use cookies to improve your experience. Read our cookie policy to learn more about interest rates."));
        let g = StoryGrouper::default();
        let cleaner = Cleaner::default();
        let described: Vec<Described> = articles.iter().map(|a| g.describe(a, &cleaner)).collect();
        let reasons: Vec<Option<&str>> = described.iter().map(|d| d.failed_scrape).collect();
        assert_eq!(reasons[..7], [None; 7]);
        assert_eq!(
            reasons[7..],
            [
                Some("failed scrape: login or paywall"),
                Some("failed scrape: login or paywall"),
                Some("failed scrape: cookie notice")
            ]
        );
        let profiles: Vec<Profile> = described.into_iter().map(|d| d.profile).collect();
        let stories = g.group(&profiles);
        for d in 7..10 {
            let story = stories.iter().find(|s| s.documents.contains(&d));
            assert_eq!(story.map(|s| s.documents.len()), Some(1), "{d}");
        }
        assert_eq!(stories.len(), 6);
    }

    #[test]
    fn average_link_does_not_chain() {
        // 0-1 and 1-2 are close, 0-2 unrelated: single link would join all three; average
        // link joins 0-1, then {0,1}-2 averages (0 + 0.5) / 2 = 0.25 < 0.3.
        let groups = average_link(3, &[(0, 1, 0.9), (1, 2, 0.5)], 0.3, 10);
        assert_eq!(groups, vec![vec![0, 1], vec![2]]);
        let groups = average_link(3, &[(0, 1, 0.9), (1, 2, 0.5)], 0.2, 10);
        assert_eq!(groups, vec![vec![0, 1, 2]]);
    }

    #[test]
    fn the_member_about_something_else_is_an_outlier() {
        let p = |terms: &[u32]| -> Profile { terms.iter().map(|&t| (t, 2.0)).collect() };
        let profiles = vec![
            p(&[1, 2, 3, 4, 5]),
            p(&[1, 2, 3, 4, 6]),
            p(&[1, 2, 3, 5, 6]),
            p(&[2, 3, 4, 5, 6]),
            p(&[1, 7, 8, 9, 10]),
        ];
        assert_eq!(outliers(&profiles, &[0, 1, 2, 3, 4], 0.3), vec![4]);
        assert!(outliers(&profiles, &[0, 4], 0.3).is_empty());
    }
}
