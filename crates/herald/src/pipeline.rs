//! The whole flow on one screen: clean -> analyze -> dedup -> cluster -> summarize.

use crate::analyze::document::AnalyzedCluster;
use crate::clean::{CleanConfig, Cleaner};
use crate::cluster::{document_weights, ClusterConfig};
use crate::dedup::{DedupConfig, SentenceIndex};
use crate::model::{Budget, Cluster, Skipped, Source, Summary, SummarySentence};
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
    /// Outlier articles.
    pub cluster: ClusterConfig,
    /// Sentences shorter than this many words are never quoted: too little to say.
    pub min_sentence_words: usize,
    /// Sentences longer than this many words are never quoted: usually run-ons or lists that
    /// the segmenter could not split.
    pub max_sentence_words: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            budget: Budget::default(),
            algorithm: Algorithm::default(),
            clean: CleanConfig::default(),
            dedup: DedupConfig::default(),
            cluster: ClusterConfig::default(),
            min_sentence_words: 6,
            max_sentence_words: 60,
        }
    }
}

/// A configured, reusable summarization pipeline. Build it once, run it on many clusters (from
/// many threads: it is `Sync`).
pub struct Pipeline {
    config: Config,
    cleaner: Cleaner,
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
            summarizer: config.algorithm.build(),
            config,
        }
    }

    /// The configuration this pipeline runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Summarizes one cluster.
    pub fn summarize(&self, cluster: &Cluster) -> Summary {
        let analysis = AnalyzedCluster::new(cluster, &self.cleaner);
        let index = SentenceIndex::new(&analysis, self.config.dedup.clone());
        let weights = document_weights(&analysis, &self.config.cluster);
        let outlier: Vec<bool> = weights.iter().map(|w| *w == 0.0).collect();

        let mut skipped = cluster.skipped.clone();
        for (d, doc) in analysis.documents.iter().enumerate() {
            if doc.sentences.is_empty() {
                skipped.push(Skipped::new(
                    cluster.articles[d].id.clone(),
                    "no prose left after removing page furniture",
                ));
            }
        }

        let eligible = analysis
            .sentences
            .iter()
            .map(|s| {
                !s.spliced
                    && !outlier[s.doc]
                    && (self.config.min_sentence_words..=self.config.max_sentence_words)
                        .contains(&s.words)
            })
            .collect();
        let ctx = Context {
            analysis: &analysis,
            index: &index,
            eligible,
            doc_weight: weights,
        };
        let mut chosen = self.summarizer.select(&ctx, self.config.budget);

        // Reading order: older articles first, then input order, then position in the article.
        let article = |i: usize| &cluster.articles[analysis.sentences[i].doc];
        chosen.sort_by(|&x, &y| {
            let (sx, sy) = (&analysis.sentences[x], &analysis.sentences[y]);
            (
                article(x).date.as_deref().unwrap_or(""),
                sx.doc,
                sx.position,
            )
                .cmp(&(
                    article(y).date.as_deref().unwrap_or(""),
                    sy.doc,
                    sy.position,
                ))
        });

        let sentences: Vec<SummarySentence> = chosen
            .iter()
            .map(|&i| {
                let s = &analysis.sentences[i];
                SummarySentence {
                    text: analysis.text(i).to_owned(),
                    document: cluster.articles[s.doc].id.clone(),
                    start: s.span.start,
                    end: s.span.end,
                    support: index
                        .support(i)
                        .into_iter()
                        .map(|d| cluster.articles[d].id.clone())
                        .collect(),
                }
            })
            .collect();
        let summary = sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Summary {
            id: cluster.id.clone(),
            summary,
            sentences,
            skipped,
            merged: Vec::new(),
            outliers: outlier
                .iter()
                .zip(&cluster.articles)
                .filter(|(o, _)| **o)
                .map(|(_, a)| a.id.clone())
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
        }
    }
}
