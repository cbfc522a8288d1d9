//! The whole flow on one screen: clean -> analyze -> dedup -> cluster -> summarize.

use crate::analyze::document::AnalyzedCluster;
use crate::cancel::{Cancel, Cancelled};
use crate::clean::boilerplate::Boilerplate;
use crate::clean::{CleanConfig, Cleaner};
use crate::cluster::stories::StoryConfig;
use crate::cluster::{document_weights, ClusterConfig};
use crate::dedup::articles::{ArticleDedupConfig, Deduper, Item};
use crate::dedup::{DedupConfig, SentenceIndex};
use crate::model::{Budget, Cluster, Merged, Skipped, Source, Span, Summary, SummarySentence};
use crate::summarize::compress::{self, CompressConfig};
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
    /// Fill a word or byte budget to the limit by cutting the last sentence there, as the DUC
    /// systems were scored (a summary still stops short when no sentence left adds anything).
    /// Off by default: summaries are whole sentences.
    pub truncate: bool,
    /// Compressive extraction: which parts of a sentence a summary may leave out
    /// ([`crate::summarize::compress`]).
    pub compress: CompressConfig,
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
            compress: CompressConfig::default(),
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
        // Sentences name their article by id: two articles under one id would each be cited as
        // the other. The readers rename such repeats (`a#2`); a cluster built in code is renamed
        // here the same way.
        let renamed;
        let cluster = if has_repeated_ids(&cluster.articles) {
            let mut copy = cluster.clone();
            crate::ingest::make_ids_unique(&mut copy.articles);
            renamed = copy;
            &renamed
        } else {
            cluster
        };
        let analysis = AnalyzedCluster::new_cancellable(cluster, &self.cleaner, cancel)?;
        let index = SentenceIndex::new(&analysis, self.config.dedup.clone());
        cancel.check()?;
        let (merged, version) = self.versions(&analysis);
        cancel.check()?;
        // Sentences that occur word for word in many clusters of the input (site boilerplate).
        let boilerplate: Vec<bool> = (0..analysis.sentences.len())
            .map(|i| !self.boilerplate.is_empty() && self.boilerplate.contains(analysis.text(i)))
            .collect();
        // A failed scrape (an archive notice, an embedded post's widget text, a login wall) is
        // not an article: told by its own words (`clean::failed_scrape_of`), which works in a
        // cluster of one's own, where no other cluster shows its sentences to be boilerplate.
        let scrape: Vec<Option<&'static str>> = analysis
            .documents
            .iter()
            .zip(&cluster.articles)
            .map(|(doc, a)| crate::clean::failed_scrape_of(a, &doc.cleaned))
            .collect();
        // A page that is all site boilerplate, or a failed scrape, says nothing about the
        // story, so it must not make the real articles look like outliers (two notices share
        // more words with each other than with the story); it is left out of the comparison as
        // versions are, and never quoted.
        let compared_out: Vec<bool> = analysis
            .documents
            .iter()
            .zip(&version)
            .zip(&scrape)
            .map(|((doc, &v), why)| {
                v || why.is_some()
                    || (!doc.sentences.is_empty() && doc.sentences.clone().all(|i| boilerplate[i]))
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
        // A failed scrape adds nothing at all.
        for ((w, _), _) in weights
            .iter_mut()
            .zip(&version)
            .zip(&scrape)
            .filter(|((_, v), why)| **v || why.is_some())
        {
            *w = 0.0;
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
        // Herald quotes sentences and will not invent where one ends: a transcript without
        // punctuation, or a page of headlines and labels, has none to quote.
        const UNPUNCTUATED: &str = "no sentence ends like one (a verb, then `.`, `?` or `!`): \
                                    text without punctuation, or only headlines and labels";
        let mut skipped = cluster.skipped.clone();
        for (d, doc) in analysis.documents.iter().enumerate() {
            if let Some(why) = scrape[d] {
                skipped.push(Skipped::new(cluster.articles[d].id.clone(), why));
            } else if unpunctuated_prose(&cluster.articles[d].text)
                && !doc.sentences.clone().any(finished)
            {
                // Cleaning took every line for a headline or a label, as they have no stop,
                // or what is left runs on without one.
                skipped.push(Skipped::new(cluster.articles[d].id.clone(), UNPUNCTUATED));
            } else if doc.sentences.is_empty() {
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
        let templates = crate::clean::templates::Templates::shipped();
        let quotable: Vec<bool> = analysis
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                !s.spliced
                    && !s.furniture
                    && !outlier[s.doc]
                    && !version[s.doc]
                    && scrape[s.doc].is_none()
                    && finished(i)
                    && !boilerplate[i]
                    && (self.config.min_sentence_words..=self.config.max_sentence_words)
                        .contains(&s.words)
                    // What many unrelated stories of a crawl repeat word for word is the page's
                    // (`clean::templates`): the evidence of `boilerplate`, gathered once over
                    // more pages, so a newsletter box is known in an input of one cluster too.
                    && !templates.contains(analysis.text(i))
            })
            .collect();
        // The compressed variants of every sentence that could be quoted.
        let variants: Vec<Vec<compress::Variant>> = (0..analysis.sentences.len())
            .map(|i| {
                if quotable[i] {
                    compress::variants(
                        &analysis,
                        i,
                        &self.config.compress,
                        self.config.min_sentence_words,
                    )
                } else {
                    Vec::new()
                }
            })
            .collect();
        // A sentence an earlier brief told in a compressed form was told as well.
        let told_compressed = |i: usize| {
            update.is_some_and(|(_, told)| {
                let source = &cluster.articles[analysis.sentences[i].doc].text;
                variants[i].iter().any(|v| {
                    let shown =
                        compress::display(source, analysis.sentences[i].span.start, &v.spans);
                    told.iter().any(|t| t.trim() == shown)
                })
            })
        };
        let told = index.told(&known);
        let is_new = |i: usize| !is_known[i] && !told_compressed(i) && !told.restated(i);
        let eligible = (0..analysis.sentences.len())
            .map(|i| quotable[i] && is_new(i))
            .collect();
        // Kept apart for the note of a short update: "told already", not "a fragment".
        let known = match update {
            Some(_) => (0..analysis.sentences.len())
                .map(|i| quotable[i] && !is_new(i))
                .collect(),
            None => Vec::new(),
        };
        // What happened when, for the reading order: only the articles that count as the
        // story's evidence say which day was the main event's.
        let counts: Vec<bool> = weights.iter().map(|&w| w > 0.0).collect();
        let days = crate::summarize::days::sentence_days(&analysis, &counts);
        let ctx = Context {
            analysis: &analysis,
            index: &index,
            eligible,
            known,
            doc_weight: weights,
            truncate: self.config.truncate,
            variants,
            notes: Default::default(),
            cancel: cancel.clone(),
        };
        cancel.check()?;
        let mut chosen = self.summarizer.select_variants(&ctx, self.config.budget);
        // A summarizer that saw the signal returned early with what it had: that is no summary.
        cancel.check()?;
        // A summary far short of its budget says why; with `truncate` the budget is filled
        // by design.
        let budget_note = if self.config.truncate {
            None
        } else {
            crate::summarize::budget_note(&ctx, self.config.budget, &chosen)
        };

        // A sentence admitted to overrun the budget (truncate mode) is always the last one chosen;
        // it stays last, so that cutting it at the limit loses nothing else.
        let overrun = if self.config.truncate && overruns(&ctx, &chosen, self.config.budget) {
            chosen.pop()
        } else {
            None
        };
        // Reading order: older articles first; among articles of one date (or none), leads
        // before details: by position, then input order. A sentence that needs its
        // predecessor is chained to it (it was only admitted with it) and sorts with the
        // chain's first sentence. The selection's rules read this order (a surname only after
        // its full name).
        let is_chosen: std::collections::HashSet<usize> = chosen.iter().map(|c| c.0).collect();
        let head =
            |i: usize| crate::summarize::passage_head(&analysis, i, |k| is_chosen.contains(&k));
        let key = |i: usize| crate::summarize::reading_key(&analysis, head(i), i);
        chosen.sort_by(|x, y| key(x.0).cmp(&key(y.0)));
        // Then events in the order they happened (`summarize::days`): each passage on its
        // day, keeping the order above within a day. A sentence that calls someone by a short
        // name comes no earlier than a sentence before it that gives the name in full, so
        // the surname rule the selection kept still holds.
        let heads: Vec<usize> = chosen
            .iter()
            .map(|&(i, _)| chosen.iter().position(|c| c.0 == head(i)).unwrap_or(0))
            .collect();
        let mut day: Vec<Option<i32>> = chosen.iter().map(|&(i, _)| days[head(i)]).collect();
        // Raising one day may raise another (a passage moves with its latest sentence, a
        // short name with its introduction): until nothing moves; days only grow.
        loop {
            let mut moved = false;
            for (k, &(i, _)) in chosen.iter().enumerate() {
                let introduced = analysis.sentences[i].short_names.iter().filter_map(|n| {
                    (0..k)
                        .filter(|&c| {
                            analysis.sentences[chosen[c].0]
                                .full_names
                                .binary_search(n)
                                .is_ok()
                        })
                        .map(|c| day[c])
                        .min()
                });
                let d = introduced.fold(day[k].max(day[heads[k]]), Option::max);
                if d > day[k] {
                    day[k] = d;
                    moved = true;
                }
                if day[k] > day[heads[k]] {
                    day[heads[k]] = day[k];
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        let mut order: Vec<usize> = (0..chosen.len()).collect();
        order.sort_by_key(|&k| day[k]);
        let mut chosen: Vec<crate::summarize::Choice> =
            order.into_iter().map(|k| chosen[k]).collect();
        chosen.extend(overrun);

        let mut sentences: Vec<SummarySentence> = chosen
            .iter()
            .map(|&(i, variant)| {
                let s = &analysis.sentences[i];
                let source = &cluster.articles[s.doc].text;
                let kept = variant.and_then(|v| ctx.variants[i].get(v));
                SummarySentence {
                    text: match kept {
                        Some(v) => compress::display(source, s.span.start, &v.spans),
                        None => analysis.text(i).to_owned(),
                    },
                    document: cluster.articles[s.doc].id.clone(),
                    start: s.span.start,
                    end: s.span.end,
                    spans: kept.map_or_else(Vec::new, |v| {
                        v.spans
                            .iter()
                            .map(|r| Span {
                                start: r.start,
                                end: r.end,
                            })
                            .collect()
                    }),
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
            .chain(budget_note)
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
/// Whether two articles share an id.
fn has_repeated_ids(articles: &[crate::model::Article]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(articles.len());
    articles.iter().any(|a| !seen.insert(a.id.as_str()))
}

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
        if s.spans.is_empty() {
            s.end = s.start + kept;
        } else {
            s.spans = compress::truncate_spans(&s.text, s.start, &s.spans);
            s.end = s.spans.last().map_or(s.start, |r| r.end);
        }
        s.truncated = true;
        let last = if kept == 0 { k } else { k + 1 };
        sentences.truncate(last);
        return;
    }
}

/// Whether the chosen sentences, joined by single spaces, exceed a word or byte budget.
fn overruns(ctx: &Context<'_>, chosen: &[crate::summarize::Choice], budget: Budget) -> bool {
    let words: usize = chosen.iter().map(|&(i, v)| ctx.length(i, v).0).sum();
    let bytes: usize = chosen
        .iter()
        .map(|&(i, v)| ctx.length(i, v).1)
        .sum::<usize>()
        + chosen.len().saturating_sub(1);
    match budget {
        Budget::Words(n) => words > n,
        Budget::Bytes(n) => bytes > n,
        Budget::Sentences(_) => false,
    }
}

/// Whether `text` has no sentence punctuation anywhere but lines as long as prose's (20 words
/// or more): a transcript or a flattened page without stops, not a menu or a list of labels.
fn unpunctuated_prose(text: &str) -> bool {
    !text.contains(['.', '!', '?', '…', '。', '！', '？'])
        && text
            .lines()
            .any(|line| line.split_whitespace().count() >= 20)
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
            // before the whole run would have ended. Wall time on a shared machine is noisy
            // (another build can take the core mid-run), so a late stop is tried again with a
            // fresh measure of the whole run; a pipeline that does not look at the signal is
            // late every time.
            let mut late = Vec::new();
            for _attempt in 0..3 {
                let started = Instant::now();
                assert!(pipeline
                    .summarize_cancellable(&cluster, &Cancel::new())
                    .is_ok());
                let whole = started.elapsed();
                late.clear();
                for part in [1, 2] {
                    let after = whole * part / 3;
                    let cancel = Cancel::with_deadline(Instant::now() + after);
                    let started = Instant::now();
                    let result = pipeline.summarize_cancellable(&cluster, &cancel);
                    let took = started.elapsed();
                    // A run that ends before its deadline (the measure of the whole was slowed
                    // by another process) proves nothing either way: measured again. One that
                    // never looks at the signal ends so every time.
                    if result.is_ok() {
                        late.push(format!("finished before the deadline of {after:?}"));
                        continue;
                    }
                    assert_eq!(result, Err(Cancelled), "{algorithm:?} after {after:?}");
                    if took >= after + whole / 6 {
                        late.push(format!(
                            "cancelled after {after:?}, stopped after {took:?}; the whole run \
                             takes {whole:?}"
                        ));
                    }
                }
                if late.is_empty() {
                    break;
                }
            }
            assert!(late.is_empty(), "{algorithm:?}: {late:?}");
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
    fn an_update_short_of_its_budget_says_the_rest_was_told_already() {
        // The later report's first sentence restates the earlier one's; only its second is
        // new. What the note gives as the reason is that the rest was told, not that it was
        // page furniture or a fragment.
        let later = "At least 1,400 people were killed by the earthquake in the mountain region \
            of Eastern Norland on Sunday, officials said. Engineers began to inspect the dam above \
            the town of Ardell on Monday after cracks were found in its wall.";
        let cluster = Cluster::of_texts("quake", &[EARLIER, later]);
        let config = Config {
            budget: Budget::Sentences(10),
            ..Config::default()
        };
        let summary = Pipeline::new(config).summarize_update(&cluster, &[true, false], &[]);
        assert_eq!(summary.sentences.len(), 1, "{:?}", summary.sentences);
        assert_eq!(
            summary.notes,
            vec![
                "the summary stops at 1 of 10 sentences: every other sentence was told \
                 already, by an earlier article or brief"
                    .to_owned()
            ]
        );
    }

    /// Two reports of one storm whose sentences end on an attribution.
    const STORM: [&str; 2] = [
        "A powerful storm forced thousands of families from their homes along the northern coast, officials said. \
         The storm destroyed the old harbour bridge near the northern coast town of Ardell, police said.",
        "A powerful storm forced thousands of families from their homes along the northern coast on Monday. \
         The storm destroyed the old harbour bridge near Ardell, rescuers said.",
    ];

    fn compressing() -> Config {
        Config {
            budget: Budget::Words(30),
            compress: CompressConfig {
                enabled: true,
                ..CompressConfig::default()
            },
            ..Config::default()
        }
    }

    #[test]
    fn a_compressed_sentence_quotes_its_kept_spans_exactly() {
        let cluster = Cluster::of_texts("storm", &STORM);
        let summary = Pipeline::new(compressing()).summarize(&cluster);
        let cut: Vec<&SummarySentence> = summary
            .sentences
            .iter()
            .filter(|s| !s.spans.is_empty())
            .collect();
        assert!(!cut.is_empty(), "{summary:?}");
        for s in cut {
            let article = cluster
                .articles
                .iter()
                .find(|a| a.id == s.document)
                .unwrap();
            let spans: Vec<std::ops::Range<usize>> =
                s.spans.iter().map(|r| r.start..r.end).collect();
            assert_eq!(compress::display(&article.text, s.start, &spans), s.text);
            assert!(s.text.contains(compress::MARK) && !s.text.contains("said"));
            assert!(s.start <= spans[0].start && spans.last().unwrap().end <= s.end);
        }
        // Off, every sentence is whole.
        let whole = Pipeline::new(Config {
            budget: Budget::Words(30),
            ..Config::default()
        })
        .summarize(&cluster);
        assert!(whole.sentences.iter().all(|s| s.spans.is_empty()));
    }

    #[test]
    fn an_update_does_not_tell_again_what_a_brief_told_compressed() {
        let cluster = Cluster::of_texts("storm", &["", STORM[0]]);
        let pipeline = Pipeline::new(compressing());
        let first = pipeline.summarize_update(&cluster, &[true, false], &[]);
        let told: Vec<String> = first.sentences.iter().map(|s| s.text.clone()).collect();
        assert!(told.iter().any(|t| t.contains(compress::MARK)), "{told:?}");
        let again = pipeline.summarize_update(&cluster, &[true, false], &told);
        for s in &again.sentences {
            assert!(
                !first.sentences.iter().any(|f| f.start == s.start),
                "{:?} told again",
                s.text
            );
        }
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

    #[test]
    fn one_article_beside_failed_scrapes_is_summarized_without_boilerplate_counts() {
        // A user's single cluster: no other clusters to count the notices in. The two notices
        // share words with each other (link, page, web, taken off), none with the story: next
        // to them the story looked like the odd one out, and the summary was empty.
        let archive = "These crawls are part of an effort to archive web pages as they are \
            created, and the pages they link to. That way, a link to a page that is later taken \
            off the web keeps working. Crawls of supported sites are added to the Wayback \
            Machine after an embargo period.";
        let notice = "The crawl data of this collection comes from a narrow set of web pages, \
            often on a single domain. A link to such a page keeps working when the page is \
            taken off the web. These crawls are not currently available to the general public.";
        let story = "A parole board decided on Thursday that the former football star should be \
            freed after nine years in prison. He apologized for his role in a 2007 armed robbery \
            and said he had been a model prisoner. The board voted four to nothing after a \
            hearing that lasted more than an hour.";
        let cluster = Cluster::of_texts("c", &[archive, story, notice]);
        let summary = Pipeline::new(Config::default()).summarize(&cluster);
        assert!(summary.outliers.is_empty(), "{:?}", summary.outliers);
        assert!(
            summary.summary.starts_with("A parole board decided"),
            "{}",
            summary.summary
        );
        let reasons: Vec<&str> = summary.skipped.iter().map(|k| k.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "failed scrape: web archive notice",
                "failed scrape: web archive notice"
            ],
            "{:?}",
            summary.skipped
        );
    }

    #[test]
    fn a_page_template_is_never_quoted_even_in_a_cluster_of_its_own() {
        // A newsletter box flattened into both reports: no other cluster of the input shows it
        // to be boilerplate, but the shipped page templates know it.
        let box_ = "You must select a newsletter to subscribe to.";
        assert!(crate::clean::templates::Templates::shipped().contains(box_));
        let a = format!(
            "Floods closed the main coastal road for a third day on Monday, officials said. \
             {box_} Crews expect to reopen one lane of the road by Wednesday morning."
        );
        let b = format!(
            "The coastal road stayed closed on Monday after floods washed out a culvert. {box_} \
             Residents of the cut-off villages were taken out by boat over the weekend."
        );
        let cluster = Cluster::of_texts("c", &[a.as_str(), b.as_str()]);
        let summary = Pipeline::new(Config {
            budget: Budget::Words(1000),
            ..Config::default()
        })
        .summarize(&cluster);
        assert!(summary.sentences.len() >= 3, "{}", summary.summary);
        assert!(
            summary.sentences.iter().all(|s| s.text != box_),
            "{}",
            summary.summary
        );
    }

    /// Two short reports of one event, each sentence of the second restating one of the first
    /// (a version of it: only the longer is quoted).
    const BRIDGE: [&str; 2] = [
        "Police closed the main bridge into the city on Monday after a truck hit its railing. \
         Engineers will inspect the damaged railing of the bridge before it opens again.",
        "The main bridge into the city was closed by police on Monday after a truck hit its \
         railing. The damaged railing of the bridge will be inspected by engineers before it \
         opens again.",
    ];

    fn bridge_summary(budget: Budget) -> Summary {
        let config = Config {
            budget,
            ..Config::default()
        };
        Pipeline::new(config).summarize(&Cluster::of_texts("bridge", &BRIDGE))
    }

    #[test]
    fn two_articles_under_one_id_are_cited_apart_and_odd_fields_do_not_panic() {
        let fire = "A fire destroyed a warehouse in Riverton on Wednesday night, fire officials \
                    said. No one was hurt in the blaze, which started shortly after 9 p.m.";
        let flames = "Flames tore through a Riverton warehouse late Wednesday, officials said. \
                      Crews from three towns battled the fire for four hours before it was out.";
        let mut cluster = Cluster::of_texts("c", &[fire, flames]);
        for a in &mut cluster.articles {
            a.id = "a".into();
        }
        let pipeline = Pipeline::new(Config {
            budget: Budget::Words(60),
            ..Config::default()
        });
        let summary = pipeline.summarize(&cluster);
        assert!(!summary.sentences.is_empty());
        for s in &summary.sentences {
            let text = match s.document.as_str() {
                "a" => fire,
                "a#2" => flames,
                other => panic!("cited {other:?}"),
            };
            assert_eq!(&text[s.start..s.end], s.text, "{}", s.document);
        }
        // A body start inside a character, and budgets that stand for "no limit".
        let mut odd = Cluster::of_texts(
            "odd",
            &["é Le café a brûlé mercredi soir, selon les pompiers de la ville."],
        );
        odd.articles[0].body_start = 1;
        assert_eq!(odd.articles[0].body_offset(), 0);
        for budget in [
            Budget::Words(usize::MAX),
            Budget::Bytes(usize::MAX),
            Budget::Sentences(usize::MAX),
        ] {
            let pipeline = Pipeline::new(Config {
                budget,
                ..Config::default()
            });
            pipeline.summarize(&odd);
            pipeline.summarize(&cluster);
        }
    }

    #[test]
    fn a_summary_far_short_of_its_budget_says_why() {
        let summary = bridge_summary(Budget::Words(60));
        let words = summary.summary.split_whitespace().count();
        assert!(words < 45, "{}", summary.summary);
        assert_eq!(
            summary.notes,
            [format!(
                "the summary stops at {words} of 60 words: every other sentence repeats one \
                 already chosen"
            )]
        );
        // A summary that fills its budget has nothing to explain.
        assert_eq!(
            bridge_summary(Budget::Words(33)).notes,
            Vec::<String>::new()
        );
        // Room the next sentence does not fit in is counted as such.
        assert_eq!(
            bridge_summary(Budget::Words(30)).notes,
            [
                "the summary stops at 18 of 30 words: of the 2 other sentences that could be \
              quoted, 1 repeats one already chosen, 1 is longer than the 12 words left; 1 more \
              cannot be quoted at all"
            ]
        );
    }

    #[test]
    fn a_budget_smaller_than_any_sentence_is_named_as_the_reason() {
        let summary = bridge_summary(Budget::Words(8));
        assert!(summary.sentences.is_empty());
        assert_eq!(
            summary.notes,
            ["the budget (8 words) is smaller than any sentence (shortest 15 words)"]
        );
    }

    /// A follow-up that leads with the next day's news, and a report of the main event.
    const SUMMIT: [&str; 2] = [
        "Foreign Minister Ana Costa on Saturday sought support in Europe for new tariffs after \
         the summit ended without a deal on the trade dispute. President Lee and President Park \
         met for an hour on Friday, officials said, and discussed tariffs on steel and grain. \
         Costa will travel to three more countries before the trade talks resume in the autumn.",
        "President Lee and President Park held talks on Friday on the sidelines of the summit \
         in the capital, but reached no deal on the trade dispute. Officials from both \
         countries called the talks frank and said their ministers would keep meeting until \
         the autumn.",
    ];

    fn summit_order(dates: [Option<&str>; 2]) -> Vec<String> {
        let mut cluster = Cluster::of_texts("summit", &SUMMIT);
        for (a, d) in cluster.articles.iter_mut().zip(dates) {
            a.date = d.map(String::from);
        }
        let config = Config {
            budget: Budget::Sentences(10),
            ..Config::default()
        };
        let summary = Pipeline::new(config).summarize(&cluster);
        summary.sentences.into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn the_summary_tells_events_in_the_order_they_happened() {
        for dates in [
            [None, None],
            [Some("2013-09-07"), Some("2013-09-07")],
            [Some("2013-09-07"), Some("2013-09-06")],
        ] {
            let order = summit_order(dates);
            let saturday = order.iter().position(|s| s.contains("Saturday"));
            let fridays: Vec<usize> = (0..order.len())
                .filter(|&k| order[k].contains("Friday"))
                .collect();
            assert!(
                saturday.is_some() && fridays.len() == 2,
                "{dates:?}: {order:#?}"
            );
            assert!(
                fridays.iter().all(|&f| Some(f) < saturday),
                "{dates:?}: {order:#?}"
            );
            assert!(order[0].contains("Friday"), "{dates:?}: {order:#?}");
        }
    }
}
