//! Briefs: a story's summary, or an update that says only what is new, kept with its sentences
//! so that what was already told is known.

use crate::{Error, Result, Store, StoryDetail};
use herald::cluster::tracker::day_number;
use herald::{Config, Pipeline, Summary};
use rusqlite::{params, OptionalExtension};

/// What a brief covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// The whole story.
    All,
    /// An update: what the articles published (or, undated, stored) on or after this day
    /// (`YYYY-MM-DD`) add to them and to the briefs of the story given before the day.
    Date(String),
    /// An update: what the articles stored since the last brief of the story add to every
    /// brief given. The whole story when it never had a brief.
    LastBrief,
    /// An update since a moment, such as a reader's last visit (RFC 3339 in UTC,
    /// `2026-03-05T10:00:00Z`, as the store writes `ingested` and `briefs.at`): what the
    /// articles stored after it, or published after its day, add to the briefs given at or
    /// before it.
    Time(String),
}

/// A brief as given, and stored.
#[derive(Debug, Clone)]
pub struct Brief {
    /// The story.
    pub story: StoryDetail,
    /// The summary (of the later articles only, for an update).
    pub summary: Summary,
    /// For an update, the point it starts from: a date, or the time of the last brief.
    pub since: Option<String>,
    /// How many of the story's articles the update covers (all of them for a full brief).
    pub new_articles: usize,
    /// Per article of the story (in the order of [`StoryDetail::articles`]), whether the
    /// update counts it as new, so that a reader can tell which sources it covers; all `true`
    /// for a full brief.
    pub new: Vec<bool>,
}

/// How long a brief waits for another process's write lock to keep itself (see
/// [`Store::brief`]).
const RECORD_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

impl Store {
    /// Gives the brief of story `id` (resolved through merges) with `config`, from `since`,
    /// and stores it with its sentences (unless another process is ingesting: the brief is
    /// then given without waiting for it, and not stored). An update quotes only the articles after that point
    /// and no sentence that restates an earlier article's, or a brief's given before the point
    /// (any earlier brief's, for [`Since::LastBrief`]) ([`Pipeline::summarize_update`]). So an
    /// update since a day or a time is the same however often it is asked, while one since the
    /// last brief moves on with each brief.
    pub fn brief(&mut self, id: &str, config: &Config, since: Since) -> Result<Brief> {
        self.brief_kept(id, config, since, true)
    }

    /// [`Store::brief`], stored only when `keep`: a brief given to someone who may read the
    /// store but not write it (the HTTP service's reader without its token) is what the store
    /// would give, and leaves no trace, so that reading cannot grow the store nor move the
    /// point an update since the last brief starts from.
    pub fn brief_kept(
        &mut self,
        id: &str,
        config: &Config,
        since: Since,
        keep: bool,
    ) -> Result<Brief> {
        match &since {
            Since::Date(day) if !crate::is_day(day) => {
                return Err(Error::BadTime {
                    given: day.clone(),
                    expected: "a day (YYYY-MM-DD)",
                })
            }
            Since::Time(at) if crate::moment(at).is_none() => {
                return Err(Error::BadTime {
                    given: at.clone(),
                    expected: "a UTC time (YYYY-MM-DDTHH:MM:SSZ)",
                })
            }
            _ => {}
        }
        let n = self.resolve(id)?;
        // The last input stored, recorded with the brief: what the next update since it counts
        // as seen. Read before the articles, so that an input committed between the two reads
        // is new to that update (told again, rather than never).
        let seen: i64 = self
            .conn
            .query_row("SELECT coalesce(max(n), 0) FROM inputs", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let story = self.story(id)?;
        let stored = self.stored_articles(n)?;
        // The last brief given for this story (briefs are numbered as given; times have whole
        // seconds), with the input it had seen (none for a brief given before schema 8). Not
        // one given for a story merged into it since: that brief did not tell what this story
        // had gained by then.
        let last: Option<(String, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT at, input FROM briefs WHERE story = ?1 AND coalesce(given_for, story) = ?1
                 ORDER BY n DESC LIMIT 1",
                [n],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        // Per article, whether it is before the update's starting point.
        let (cutoff, earlier): (Option<String>, Vec<bool>) = match &since {
            Since::All => (None, vec![false; stored.len()]),
            // By the day of the article's date when the store read one that had come (see
            // `Stored::dated`), else by when it was stored.
            Since::Date(day) => {
                let since = day_number(day);
                let earlier = stored
                    .iter()
                    .map(|s| match (s.dated, since) {
                        (Some(dated), Some(since)) => dated < since,
                        _ => s.ingested.get(..10).unwrap_or(&s.ingested) < day.as_str(),
                    })
                    .collect();
                (Some(day.clone()), earlier)
            }
            // An article stored in the second of `at` may have come after the moment: it is new
            // (said again rather than never, as times have whole seconds).
            Since::Time(at) => {
                let day = day_number(at);
                let earlier = stored
                    .iter()
                    .map(|s| {
                        s.ingested.as_str() < at.as_str()
                            && s.dated.is_none_or(|d| day.is_none_or(|day| d <= day))
                    })
                    .collect();
                (Some(at.clone()), earlier)
            }
            // By the inputs the last brief had seen: an article stored in the brief's second,
            // after it, is new (by time it was not, and so never was), and so is one a later
            // merge brought into the story (it was in another story when the brief was
            // given). A brief from before the store kept its input goes by time, an article of
            // its second counted as new.
            Since::LastBrief => match last {
                None => (None, vec![false; stored.len()]),
                Some((at, input)) => {
                    let earlier = stored
                        .iter()
                        .map(|s| match input {
                            Some(seen) => s.joined <= seen,
                            None => s.ingested < at,
                        })
                        .collect();
                    (Some(at), earlier)
                }
            },
        };
        // What the reader had been told at the starting point: since a day, the briefs given
        // before it; since a moment, those given at or before it. So the same update asked
        // again is the same brief, though every brief is stored. Since the last brief, all of
        // them: that update is "since I last looked", and each one moves the point.
        let told = match &since {
            Since::All => Vec::new(),
            Since::Date(day) => self.told(n, Some((day, false)))?,
            Since::Time(at) => self.told(n, Some((at, true)))?,
            Since::LastBrief if cutoff.is_some() => self.told(n, None)?,
            Since::LastBrief => Vec::new(),
        };
        let new_articles = earlier.iter().filter(|e| !**e).count();
        let new: Vec<bool> = earlier.iter().map(|e| !e).collect();
        let ids: Vec<(String, i64)> = stored.iter().map(|s| (s.article.id.clone(), s.n)).collect();
        let cluster = herald::model::Cluster {
            id: story.story.id.clone(),
            articles: stored.into_iter().map(|s| s.article).collect(),
            ..Default::default()
        };
        let pipeline = Pipeline::new(config.clone());
        let summary = if cutoff.is_some() {
            pipeline.summarize_update(&cluster, &earlier, &told)
        } else {
            pipeline.summarize(&cluster)
        };
        if keep {
            // An ingest holds the write lock for the whole of its input (minutes, for a large
            // one), and a reader must not wait for it, nor fail after the 30 s a writer waits: a
            // brief that cannot be kept within RECORD_WAIT is given all the same, unkept, so a
            // later update since the last brief tells it again rather than never.
            self.conn
                .busy_timeout(RECORD_WAIT)
                .map_err(|e| self.err(e))?;
            let recorded = self.record(n, cutoff.as_deref(), seen, config, &summary, &ids);
            self.conn
                .busy_timeout(crate::schema::BUSY_WAIT)
                .map_err(|e| self.err(e))?;
            match recorded {
                Err(e) if e.is_busy() => {}
                other => other?,
            }
        }
        Ok(Brief {
            story,
            summary,
            since: cutoff,
            new_articles,
            new,
        })
    }

    /// The sentences of story `story`'s briefs, in the order they were given: of those given
    /// before `until` (a day or an RFC 3339 time, as `briefs.at` is written; at it too when
    /// the flag is set), or of all when `None`.
    fn told(&self, story: i64, until: Option<(&str, bool)>) -> Result<Vec<String>> {
        let (bound, inclusive) = until.map_or((None, false), |(t, i)| (Some(t), i));
        let read = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT s.text FROM brief_sentences s JOIN briefs b ON b.n = s.brief
                 WHERE b.story = ?1 AND (?2 IS NULL OR b.at < ?2 OR (?3 AND b.at = ?2))
                 ORDER BY b.n, s.k",
            )?;
            let rows = stmt.query_map(params![story, bound, inclusive], |r| r.get(0))?;
            rows.collect()
        };
        read().map_err(|e| self.err(e))
    }

    /// Stores a brief and its sentences, each linked to the stored article it quotes, with
    /// `seen`, the last input stored when its articles were read.
    fn record(
        &self,
        story: i64,
        since: Option<&str>,
        seen: i64,
        config: &Config,
        summary: &Summary,
        ids: &[(String, i64)],
    ) -> Result<()> {
        let (now, _) = crate::ingest::clock();
        let options = serde_json::json!({
            "budget": config.budget,
            "algorithm": config.algorithm,
            "truncate": config.truncate,
        })
        .to_string();
        let write = || -> rusqlite::Result<()> {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            // The same brief asked again (a reader reopening a story, a client polling an
            // update, the desk's "since your last visit" at each visit) is not stored again
            // while nothing was stored since: it would tell no more, and the story's briefs,
            // which every later update reads, would grow with each request. Only when it is
            // the story's latest brief, so that "since the last brief" still starts from it,
            // with the same inputs seen. Whatever point it was asked from: the same sentences
            // were told by the earlier row already, at an earlier time, so every later update
            // leaves them out as it would for this one.
            let again: Option<bool> = self
                .conn
                .query_row(
                    "SELECT options = ?2 AND summary = ?3 AND input = ?4
                     FROM briefs WHERE story = ?1 ORDER BY n DESC LIMIT 1",
                    params![story, options, summary.summary, seen],
                    |r| r.get(0),
                )
                .optional()?;
            if again == Some(true) {
                return self.conn.execute_batch("COMMIT");
            }
            self.conn.execute(
                "INSERT INTO briefs (story, at, since, options, summary, input, given_for) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?1)",
                params![story, now, since, options, summary.summary, seen],
            )?;
            let brief = self.conn.last_insert_rowid();
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO brief_sentences (brief, k, document, article, start, \"end\", text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (k, s) in summary.sentences.iter().enumerate() {
                let article = ids.iter().find(|(id, _)| *id == s.document).map(|x| x.1);
                stmt.execute(params![
                    brief,
                    k as i64,
                    s.document,
                    article,
                    s.start as i64,
                    s.end as i64,
                    s.text
                ])?;
            }
            self.conn.execute_batch("COMMIT")
        };
        write().map_err(|e| {
            let _ = self.conn.execute_batch("ROLLBACK");
            self.err(e)
        })
    }
}

/// The object `herald summarize --format json` gives for `summary`, plus `story` (the story's
/// id), `headline` and `sources` (the story's articles as [`StoryDetail::articles`] lists them):
/// the contract of `herald story ID --format json`, shared by the CLI and the Python bindings so
/// that both print the same object.
pub fn story_json(
    summary: &Summary,
    detail: &StoryDetail,
) -> serde_json::Result<serde_json::Value> {
    let mut value = serde_json::to_value(summary)?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("story".into(), detail.story.id.clone().into());
        obj.insert("headline".into(), detail.story.headline.clone().into());
        obj.insert("sources".into(), serde_json::to_value(&detail.articles)?);
    }
    Ok(value)
}

/// [`story_json`] of a brief as given, plus for an update `since` (its starting point) and
/// each source's `new` (whether the update covers it): the object `herald story ID --format
/// json` prints, and Python's `Store.story` returns.
pub fn brief_json(brief: &Brief) -> serde_json::Result<serde_json::Value> {
    let mut value = story_json(&brief.summary, &brief.story)?;
    if let (Some(obj), Some(since)) = (value.as_object_mut(), &brief.since) {
        obj.insert("since".into(), since.clone().into());
        if let Some(sources) = obj.get_mut("sources").and_then(|s| s.as_array_mut()) {
            for (source, new) in sources.iter_mut().zip(&brief.new) {
                if let Some(source) = source.as_object_mut() {
                    source.insert("new".into(), (*new).into());
                }
            }
        }
    }
    Ok(value)
}
