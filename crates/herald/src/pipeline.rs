//! The whole flow on one screen: clean -> analyze -> dedup -> cluster -> summarize.

use crate::analyze::document::AnalyzedCluster;
use crate::cancel::{Cancel, Cancelled};
use crate::clean::boilerplate::Boilerplate;
use crate::clean::{CleanConfig, Cleaner};
use crate::cluster::stories::StoryConfig;
use crate::cluster::{document_weights, ClusterConfig};
use crate::dedup::articles::{ArticleDedupConfig, Deduper, Item};
use crate::dedup::{DedupConfig, SentenceIndex};
use crate::model::{Budget, Cluster, Merged, Skipped, Source, Summary, SummarySentence};
use crate::summarize::{Algorithm, Context, Summarizer};
use serde::{Deserialize, Serialize};

/// Everything that decides a run's output. Serializable, so a run can be described by one JSON
/// file and saved next to its results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// How long the summary may be.
    pub budget: Budget,
    /// Which summarizer, with its settings.
    pub algorithm: Algorithm,
    /// Page-furniture removal.
    pub clean: CleanConfig,
    /// Sentence equivalence.
    pub dedup: DedupConfig,
    /// Copies and versions of one article, merged into the canonical one.
    pub versions: ArticleDedupConfig,
    /// Outlier articles.
    pub cluster: ClusterConfig,
    /// How a mixed pool is grouped into stories, when it is (`herald summarize --stories`,
    /// `herald cluster`).
    pub stories: StoryConfig,
    /// Sentences shorter than this many words are never quoted: too little to say.
    pub min_sentence_words: usize,
    /// Sentences longer than this many words are never quoted: usually run-ons or lists that
    /// the segmenter could not split.
    pub max_sentence_words: usize,
    /// Fill a word or byte budget exactly by cutting the last sentence at the limit, as the DUC
    /// systems were scored. Off by default: summaries are whole sentences.
    pub truncate: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            budget: Budget::default(),
            algorithm: Algorithm::default(),
            clean: CleanConfig::default(),
            dedup: DedupConfig::default(),
            versions: ArticleDedupConfig::default(),
            cluster: ClusterConfig::default(),
            stories: StoryConfig::default(),
            min_sentence_words: 6,
            max_sentence_words: 60,
            truncate: false,
        }
    }
}

/// A configured, reusable summarization pipeline. Build it once, run it on many clusters (from
/// many threads: it is `Sync`).
pub struct Pipeline {
    config: Config,
    cleaner: Cleaner,
    deduper: Deduper,
    boilerplate: Boilerplate,
    summarizer: Box<dyn Summarizer>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("config", &self.config)
            .finish()
    }
}

impl Pipeline {
    /// A pipeline for `config`.
    pub fn new(config: Config) -> Self {
        Pipeline {
            cleaner: Cleaner::new(config.clean.clone()),
            deduper: Deduper::new(config.versions.clone()),
            boilerplate: Boilerplate::default(),
            summarizer: config.algorithm.build(),
            config,
        }
    }

    /// The same pipeline, keeping `boilerplate` sentences (found across many clusters, see
    /// [`crate::clean::boilerplate`]) out of every summary.
    pub fn with_boilerplate(mut self, boilerplate: Boilerplate) -> Self {
        self.boilerplate = boilerplate;
        self
    }

    /// The cleaner this pipeline uses, for passes over the input before summarizing.
    pub fn cleaner(&self) -> &Cleaner {
        &self.cleaner
    }

    /// The configuration this pipeline runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Groups copies and versions of one article, from the cleaned paragraphs the analysis
    /// already has. Returns the merges, and per document whether it is a version of another.
    fn versions(&self, analysis: &AnalyzedCluster<'_>) -> (Vec<Merged>, Vec<bool>) {
        let articles = &analysis.cluster.articles;
        let items: Vec<Item> = analysis
            .documents
            .iter()
            .zip(articles)
            .enumerate()
            .map(|(order, (doc, a))| {
                let parts = doc.cleaned.paragraphs.iter().map(|r| &a.text[r.clone()]);
                let words = parts
                    .clone()
                    .map(|p| p.split_whitespace().count())
                    .sum::<usize>();
                Item {
                    signature: self.deduper.signature_of_parts(parts),
                    date: a.date.clone(),
                    words: u32::try_from(words).unwrap_or(u32::MAX),
                    order,
                }
            })
            .collect();
        let mut version = vec![false; articles.len()];
        let mut merged = Vec::new();
        for group in self.deduper.groups(&items) {
            for d in group.duplicates {
                version[d] = true;
                merged.push(Merged {
                    document: articles[d].id.clone(),
                    into: articles[group.canonical].id.clone(),
                });
            }
        }
        (merged, version)
    }

    /// Summarizes a story that herald grouped from a pool (see
    /// [`crate::cluster::stories::into_stories`]): as [`Pipeline::summarize`], and the summary
    /// lists the story's articles under `documents`, since the caller did not choose them.
    pub fn summarize_story(&self, story: &Cluster) -> Summary {
        never_cancelled(self.summarize_story_cancellable(story, &Cancel::default()))
    }

    /// [`Pipeline::summarize_story`], stopped early (`Err(Cancelled)`) once `cancel` is raised.
    pub fn summarize_story_cancellable(
        &self,
        story: &Cluster,
        cancel: &Cancel,
    ) -> Result<Summary, Cancelled> {
        let mut summary = self.summarize_with(story, None, cancel)?;
        summary.documents = story.articles.iter().map(|a| a.id.clone()).collect();
        Ok(summary)
    }

    /// Summarizes one cluster.
    pub fn summarize(&self, cluster: &Cluster) -> Summary {
        never_cancelled(self.summarize_with(cluster, None, &Cancel::default()))
    }

    /// [`Pipeline::summarize`], stopped early once `cancel` is raised: the long loops of every
    /// stage (segmenting articles, weighing concepts, the greedy's rounds, the graph
    /// baselines) look at it, so the work ends soon after, with `Err(Cancelled)`.
    pub fn summarize_cancellable(
        &self,
        cluster: &Cluster,
        cancel: &Cancel,
    ) -> Result<Summary, Cancelled> {
        self.summarize_with(cluster, None, cancel)
    }

    /// An update brief: what the articles of `cluster` not marked in `earlier` add to what the
    /// earlier ones, and the sentences already told (`told`, texts of earlier briefs), say.
    /// Only later articles are quoted, and no sentence that restates a sentence of an earlier
    /// article or a told one ([`SentenceIndex::restates`]): the rule of the TAC update task.
    /// The earlier articles still count as the story's context (versions, outliers, weights).
    pub fn summarize_update(
        &self,
        cluster: &Cluster,
        earlier: &[bool],
        told: &[String],
    ) -> Summary {
        never_cancelled(self.summarize_with(cluster, Some((earlier, told)), &Cancel::default()))
    }

    fn summarize_with(
        &self,
        cluster: &Cluster,
        update: Option<(&[bool], &[String])>,
        cancel: &Cancel,
    ) -> Result<Summary, Cancelled> {
        let analysis = AnalyzedCluster::new_cancellable(cluster, &self.cleaner, cancel)?;
        let index = SentenceIndex::new(&analysis, self.config.dedup.clone());
        cancel.check()?;
        let (merged, version) = self.versions(&analysis);
        cancel.check()?;
        // Sentences that occur word for word in many clusters of the input (site boilerplate).
        let boilerplate: Vec<bool> = (0..analysis.sentences.len())
            .map(|i| !self.boilerplate.is_empty() && self.boilerplate.contains(analysis.text(i)))
            .collect();
        // A page that is all site boilerplate (a failed scrape: an archive notice, a login
        // wall) says nothing about the story, so it must not make the real articles look like
        // outliers; it is left out of the comparison as versions are.
        let compared_out: Vec<bool> = analysis
            .documents
            .iter()
            .zip(&version)
            .map(|(doc, &v)| {
                v || (!doc.sentences.is_empty() && doc.sentences.clone().all(|i| boilerplate[i]))
            })
            .collect();
        let mut weights = document_weights(&analysis, &self.config.cluster, &compared_out);
        cancel.check()?;
        let outlier: Vec<bool> = weights
            .iter()
            .zip(&version)
            .map(|(w, v)| *w == 0.0 && !v)
            .collect();
        // A version says what its canonical article says: it supports the canonical article's
        // sentences (they find it through sentence equivalence) but adds no evidence or material.
        for (w, _) in weights.iter_mut().zip(&version).filter(|(_, v)| **v) {
            *w = 0.0;
        }

        let mut skipped = cluster.skipped.clone();
        for (d, doc) in analysis.documents.iter().enumerate() {
            if doc.sentences.is_empty() {
                skipped.push(Skipped::new(
                    cluster.articles[d].id.clone(),
                    "no prose left after removing page furniture",
                ));
            } else if doc.sentences.clone().all(|i| {
                !(self.config.min_sentence_words..=self.config.max_sentence_words)
                    .contains(&analysis.sentences[i].words)
            }) {
                // Never quotable, so the reader is told why it adds nothing: an article that is
                // one run-on sentence, or only fragments.
                let longest = doc
                    .sentences
                    .clone()
                    .map(|i| analysis.sentences[i].words)
                    .max()
                    .unwrap_or(0);
                skipped.push(Skipped::new(
                    cluster.articles[d].id.clone(),
                    format!(
                        "no sentence of a quotable length ({} to {} words; its longest has {})",
                        self.config.min_sentence_words, self.config.max_sentence_words, longest
                    ),
                ));
            }
        }

        // A sentence ends like one, and is not where a cut-off article trails off.
        let finished = |i: usize| {
            let text = analysis.text(i);
            let last_of_article = analysis
                .sentences
                .get(i + 1)
                .is_none_or(|next| next.doc != analysis.sentences[i].doc);
            crate::clean::ends_like_sentence(text)
                && !(last_of_article && crate::clean::trails_off(text))
        };
        // In an update, the sentences already known: those of earlier articles, and those
        // whose text an earlier brief told.
        let known: Vec<usize> = match update {
            Some((earlier, told)) => {
                let told: std::collections::HashSet<&str> = told.iter().map(|t| t.trim()).collect();
                (0..analysis.sentences.len())
                    .filter(|&i| {
                        earlier
                            .get(analysis.sentences[i].doc)
                            .copied()
                            .unwrap_or(false)
                            || told.contains(analysis.text(i).trim())
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let mut is_known = vec![false; analysis.sentences.len()];
        for &i in &known {
            is_known[i] = true;
        }
        let is_new = |i: usize| !is_known[i] && !known.iter().any(|&j| index.restates(i, j));
        let eligible = analysis
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                is_new(i)
                    && !s.spliced
                    && !s.furniture
                    && !outlier[s.doc]
                    && !version[s.doc]
                    && finished(i)
                    && !boilerplate[i]
                    && (self.config.min_sentence_words..=self.config.max_sentence_words)
                        .contains(&s.words)
            })
            .collect();
        let ctx = Context {
            analysis: &analysis,
            index: &index,
            eligible,
            doc_weight: weights,
            truncate: self.config.truncate,
            notes: Default::default(),
            cancel: cancel.clone(),
        };
        cancel.check()?;
        let mut chosen = self.summarizer.select(&ctx, self.config.budget);
        // A summarizer that saw the signal returned early with what it had: that is no summary.
        cancel.check()?;

        // A sentence admitted to overrun the budget (truncate mode) is always the last one chosen;
        // it stays last, so that cutting it at the limit loses nothing else.
        let overrun = if self.config.truncate && overruns(&analysis, &chosen, self.config.budget) {
            chosen.pop()
        } else {
            None
        };
        // Reading order: older articles first; among articles of one date (or none), leads before
        // details: by position, then input order. A sentence that needs its predecessor is
        // chained to it (it was only admitted with it) and sorts with the chain's first sentence.
        let is_chosen: std::collections::HashSet<usize> = chosen.iter().copied().collect();
        let key = |i: usize| {
            let head = crate::summarize::passage_head(&analysis, i, |k| is_chosen.contains(&k));
            crate::summarize::reading_key(&analysis, head, i)
        };
        chosen.sort_by(|&x, &y| key(x).cmp(&key(y)));
        chosen.extend(overrun);

        let mut sentences: Vec<SummarySentence> = chosen
            .iter()
            .map(|&i| {
                let s = &analysis.sentences[i];
                SummarySentence {
                    text: analysis.text(i).to_owned(),
                    document: cluster.articles[s.doc].id.clone(),
                    start: s.span.start,
                    end: s.span.end,
                    truncated: false,
                    support: index
                        .support(i)
                        .into_iter()
                        .map(|d| cluster.articles[d].id.clone())
                        .collect(),
                }
            })
            .collect();
        if self.config.truncate {
            cut_to_budget(&mut sentences, self.config.budget);
        }
        let summary = sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Summary {
            id: cluster.id.clone(),
            summary,
            sentences,
            skipped,
            merged,
            outliers: outlier
                .iter()
                .zip(&cluster.articles)
                .filter(|(o, _)| **o)
                .map(|(_, a)| a.id.clone())
                .collect(),
            documents: Vec::new(),
            // The graph baselines rank a bounded number of sentences; the caller is told when
            // that left some out.
            notes: match self.config.algorithm {
                Algorithm::Lexrank | Algorithm::Textrank => {
                    crate::summarize::baselines::graph_cap_note(analysis.sentences.len())
                }
                _ => None,
            }
            .into_iter()
            .chain(ctx.notes.take())
            .collect(),
            sources: cluster
                .articles
                .iter()
                .zip(&analysis.documents)
                .map(|(a, d)| Source {
                    id: a.id.clone(),
                    title: d.cleaned.title.clone(),
                    date: a.date.clone(),
                })
                .collect(),
        })
    }
}

/// The summary of a run that nothing could cancel.
fn never_cancelled(summary: Result<Summary, Cancelled>) -> Summary {
    match summary {
        Ok(summary) => summary,
        Err(Cancelled) => unreachable!("a default Cancel is never raised"),
    }
}

/// Cuts the sentences so that their text, joined by single spaces, fits `budget`: the sentence
/// that crosses the limit keeps only its leading words (or bytes, at a character boundary) and
/// everything after it goes. Cutting keeps the text an exact prefix of the source.
fn cut_to_budget(sentences: &mut Vec<SummarySentence>, budget: Budget) {
    let mut used = 0;
    for k in 0..sentences.len() {
        let s = &mut sentences[k];
        let keep = match budget {
            Budget::Sentences(_) => return,
            Budget::Words(n) => {
                let room = n.saturating_sub(used);
                let words = s.text.split_whitespace().count();
                if words <= room {
                    used += words;
                    continue;
                }
                s.text
                    .split_whitespace()
                    .nth(room)
                    .map_or(s.text.len(), |w| {
                        w.as_ptr() as usize - s.text.as_ptr() as usize
                    })
            }
            Budget::Bytes(n) => {
                let sep = usize::from(k > 0);
                let room = n.saturating_sub(used + sep);
                if s.text.len() <= room {
                    used += sep + s.text.len();
                    continue;
                }
                let mut end = room;
                while !s.text.is_char_boundary(end) {
                    end -= 1;
                }
                end
            }
        };
        let kept = s.text[..keep].trim_end().len();
        s.text.truncate(kept);
        s.end = s.start + kept;
        s.truncated = true;
        let last = if kept == 0 { k } else { k + 1 };
        sentences.truncate(last);
        return;
    }
}

/// Whether the chosen sentences, joined by single spaces, exceed a word or byte budget.
fn overruns(analysis: &AnalyzedCluster<'_>, chosen: &[usize], budget: Budget) -> bool {
    let words: usize = chosen.iter().map(|&i| analysis.sentences[i].words).sum();
    let bytes: usize = chosen
        .iter()
        .map(|&i| analysis.sentences[i].span.len())
        .sum::<usize>()
        + chosen.len().saturating_sub(1);
    match budget {
        Budget::Words(n) => words > n,
        Budget::Bytes(n) => bytes > n,
        Budget::Sentences(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::boilerplate::BoilerplateCounter;
    use std::time::Instant;

    #[test]
    fn a_cancelled_summary_stops_soon_with_cancelled() {
        let cluster = Cluster::crowded(150);
        for algorithm in [
            Algorithm::default(),
            Algorithm::Lexrank,
            Algorithm::Centroid,
        ] {
            let pipeline = Pipeline::new(Config {
                algorithm: algorithm.clone(),
                ..Config::default()
            });
            // Raised before it starts: nothing is done.
            let cancel = Cancel::new();
            cancel.cancel();
            assert_eq!(
                pipeline
                    .summarize_cancellable(&cluster, &cancel)
                    .unwrap_err(),
                Cancelled
            );
            // Raised on the way: it stops at the next check, whatever stage it is in, long
            // before the whole run would have ended.
            let started = Instant::now();
            assert!(pipeline
                .summarize_cancellable(&cluster, &Cancel::new())
                .is_ok());
            let whole = started.elapsed();
            for part in [1, 2] {
                let after = whole * part / 3;
                let cancel = Cancel::with_deadline(Instant::now() + after);
                let started = Instant::now();
                let result = pipeline.summarize_cancellable(&cluster, &cancel);
                let took = started.elapsed();
                assert_eq!(
                    result.unwrap_err(),
                    Cancelled,
                    "{algorithm:?} after {after:?}"
                );
                assert!(
                    took < after + whole / 6,
                    "{algorithm:?}: cancelled after {after:?}, stopped after {took:?}; the \
                     whole run takes {whole:?}"
                );
            }
        }
    }

    /// An earlier report and a later one: which of the later one's sentences an update brief
    /// may quote.
    fn update_quotes(earlier: &str, later: &str, told: &[String]) -> Vec<String> {
        let cluster = Cluster::of_texts("quake", &[earlier, later]);
        let config = Config {
            budget: Budget::Sentences(10),
            ..Config::default()
        };
        Pipeline::new(config)
            .summarize_update(&cluster, &[true, false], told)
            .sentences
            .into_iter()
            .map(|s| {
                assert_eq!(s.document, "quake-2", "only later articles are quoted");
                s.text
            })
            .collect()
    }

    const EARLIER: &str = "An earthquake killed at least 1,400 people in the mountain region of \
        Eastern Norland on Sunday, officials said. \"We will rebuild every home in this valley,\" \
        Mayor John Smith told reporters in the town of Ardell. Rescue teams from four countries \
        arrived at the airport of the provincial capital late on Sunday night.";

    #[test]
    fn an_update_leaves_out_a_fact_restated_in_other_words() {
        let later = "At least 1,400 people were killed by the earthquake in the mountain region \
            of Eastern Norland on Sunday, officials said. Engineers began to inspect the dam above \
            the town of Ardell on Monday after cracks were found in its wall.";
        let quoted = update_quotes(EARLIER, later, &[]);
        assert!(!quoted.iter().any(|q| q.contains("1,400")), "{quoted:?}");
        assert!(quoted.iter().any(|q| q.contains("dam")), "{quoted:?}");
    }

    #[test]
    fn an_update_keeps_a_number_that_moved_and_a_new_speaker() {
        let later = "The earthquake killed at least 1,429 people in the mountain region of \
            Eastern Norland, officials said on Monday. \"We will rebuild every home in this \
            valley,\" Governor Maria Lopez told reporters in the town of Ardell.";
        let quoted = update_quotes(EARLIER, later, &[]);
        assert!(quoted.iter().any(|q| q.contains("1,429")), "{quoted:?}");
        assert!(
            quoted.iter().any(|q| q.contains("Governor Maria Lopez")),
            "{quoted:?}"
        );
    }

    #[test]
    fn an_update_leaves_out_what_an_earlier_brief_told() {
        let later = "Engineers began to inspect the dam above the town of Ardell on Monday after \
            cracks were found in its wall. Schools across Eastern Norland will stay closed for the \
            rest of the week, the education ministry announced.";
        let told = vec!["Engineers began to inspect the dam above the town of Ardell on Monday after cracks were found in its wall.".to_string()];
        let quoted = update_quotes("", later, &told);
        assert!(!quoted.iter().any(|q| q.contains("dam")), "{quoted:?}");
        assert!(quoted.iter().any(|q| q.contains("Schools")), "{quoted:?}");
    }

    #[test]
    fn failed_scrapes_do_not_make_the_real_article_an_outlier() {
        // Two notices that share words with each other (web, location, history) and none
        // with the story: next to them, the story looks like the odd one out.
        let archive = "These crawls archive web pages and their location history as they are created on the web. The archive keeps the web location history of every page.";
        let login = "Tweet with a location: you can add location information to your tweets from the web. You always have the option to delete your web location history.";
        let story = "A parole board decided on Thursday that the former football star should be freed after nine years in prison. He apologized for his role in a 2007 armed robbery and said he had been a model prisoner. The board voted four to nothing after a hearing that lasted more than an hour.";
        let others = [
            "Floods closed the main coastal road for a third day on Monday, officials said.",
            "The central bank raised its main interest rate by a quarter point on Wednesday.",
        ];
        let cleaner = Cleaner::default();
        let mut counter = BoilerplateCounter::default();
        let scraped = Cluster::of_texts("c", &[story, archive, login]);
        counter.add(&scraped, &cleaner);
        for (k, other) in others.iter().enumerate() {
            counter.add(
                &Cluster::of_texts(&k.to_string(), &[other, archive, login]),
                &cleaner,
            );
        }
        let pipeline = Pipeline::new(Config::default()).with_boilerplate(counter.finish(3));
        let summary = pipeline.summarize(&scraped);
        assert!(summary.outliers.is_empty(), "{:?}", summary.outliers);
        assert!(
            summary.summary.starts_with("A parole board decided"),
            "{}",
            summary.summary
        );
    }
}
