//! Reading stories back: the list, one story, and its articles' texts for a brief.

use crate::{story_id, story_number, Error, Result, Store};
use herald::cluster::tracker::day_number;
use herald::model::Article;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::ops::ControlFlow;

/// A story as `herald stories` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    /// Its id, `s-000042`.
    pub id: String,
    /// The title (or lead) of its most central article.
    pub headline: String,
    /// The earliest publication date of its articles (`None` when none is dated).
    pub first: Option<String>,
    /// The latest publication date of its articles.
    pub last: Option<String>,
    /// How many articles it holds, versions and copies included.
    pub articles: i64,
    /// How many outlets they come from (site names, else URL hosts).
    pub outlets: i64,
    /// Its articles' ids as ingested, in the order they were stored; an id with several
    /// versions is listed once.
    pub documents: Vec<String>,
}

/// One stored article as a story lists it: never its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredArticle {
    /// The id it was ingested under.
    pub id: String,
    /// The id a brief's sentences cite it by when that is not `id`: a story that holds several
    /// texts stored under one id (a page updated in place) has its briefs cite the later ones
    /// `id#2`, `id#3`, … in this list's order, as `GET /api/articles/{id}` reads them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited: Option<String>,
    /// Its title after cleaning (page furniture given as a title is gone), or its first
    /// sentence when it had none.
    pub title: Option<String>,
    /// Its outlet (site name, else URL host).
    pub outlet: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// `new`, `version` (of the article in `of`) or `copy` (of it).
    pub kind: String,
    /// The id of the article this one is a version or copy of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// When herald stored it (UTC, RFC 3339).
    pub ingested: String,
    /// The input that stored it, numbered in the order inputs were committed: articles
    /// stored together share it (and, within a second, their `ingested` time too).
    #[serde(skip)]
    pub input: i64,
}

/// One story: its summary line, its articles, and the ids that were merged into it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryDetail {
    /// What `herald stories` shows of it.
    #[serde(flatten)]
    pub story: StorySummary,
    /// Its articles oldest first (by date, then in the order they were stored): the order in
    /// which a brief reads them, so that numbering them numbers a brief's sources.
    #[serde(rename = "sources")]
    pub articles: Vec<StoredArticle>,
    /// Ids of stories that proved to be this one; they resolve here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<String>,
}

/// Story `n`'s summary line from a row holding `headline, first, last, articles, outlets` from
/// column `at` on, without its article ids.
fn summary_row(n: i64, r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<StorySummary> {
    Ok(StorySummary {
        id: story_id(n),
        headline: r.get(at)?,
        first: r.get(at + 1)?,
        last: r.get(at + 2)?,
        articles: r.get(at + 3)?,
        outlets: r.get(at + 4)?,
        documents: Vec::new(),
    })
}

/// A stored article with its row number and when it was stored.
pub(crate) struct Stored {
    pub article: Article,
    pub n: i64,
    pub ingested: String,
    /// The day of its date, when the store read one and it had come when the article was
    /// stored: what an update brief orders it by (else by `ingested`).
    pub dated: Option<i32>,
    /// The input that brought it into its story: the one that stored it, or a later one that
    /// merged its story into this one. What an update since a brief compares with the last
    /// input the brief had seen.
    pub joined: i64,
}

/// Whether `given` is a whole day, `YYYY-MM-DD` and nothing after: what a story list's and an
/// update's `since` take as a day.
pub fn is_day(given: &str) -> bool {
    given.len() == 10 && day_number(given).is_some()
}

/// A moment as the store writes times (`YYYY-MM-DDTHH:MM:SSZ`, UTC) from what a person or a
/// client gives: a day (`2026-03-05`, its first second) or an RFC 3339 UTC time
/// (`2026-03-05T10:00:00Z`, a fraction of a second allowed and dropped). `None` for anything
/// else, a clock reading past `23:59:60` included: such a time compares after every stored one
/// and would silently find nothing.
pub fn moment(given: &str) -> Option<String> {
    // `day_number` reads the first ten bytes only.
    day_number(given)?;
    if given.len() == 10 {
        return Some(format!("{given}T00:00:00Z"));
    }
    let b = given.as_bytes();
    let clock_ok = b.len() >= 20
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && [11, 12, 14, 15, 17, 18]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && given.ends_with('Z')
        && (b.len() == 20 || (b[19] == b'.' && b[20..b.len() - 1].iter().all(u8::is_ascii_digit)));
    let field = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    if !clock_ok || field(11) > 23 || field(14) > 59 || field(17) > 60 {
        return None;
    }
    Some(format!("{}Z", &given[..19]))
}

/// Which stories the list holds (`s` is the `stories` row; `?1` the least number of
/// articles, `?2` the first `active` day, as [`listed_bounds`] gives them). `active` is the last
/// `day` of the story's articles (the day of its date, or of its storing when undated or dated
/// ahead): exactly "an article dated (or, undated, stored) on or after the day", the order the
/// list is read in, and a range of the index it is read through. (`last` alone, the last date,
/// left out a story dated years back whose undated articles came today, though the list
/// ranked it first.)
const LISTED: &str =
    "s.merged_into IS NULL AND s.articles >= ?1 AND s.articles > 0 AND s.active >= ?2";

/// The values of [`LISTED`]'s `?1` and `?2` for a list of stories of at least `min_articles`
/// articles active on or after `since`.
fn listed_bounds(since: Option<&str>, min_articles: usize) -> (i64, i64) {
    // Saturating: a minimum past i64 (a client may send any usize) lists none, where `as`
    // would wrap it to a negative number and list every story.
    let min = i64::try_from(min_articles).unwrap_or(i64::MAX);
    // No `since`: from any day; one that is not a date: from none.
    let since = match since {
        None => i64::MIN,
        Some(d) => day_number(d).map_or(i64::MAX, i64::from),
    };
    (min, since)
}

impl Store {
    /// How many articles each story (not one merged away) gained at or after `moment` (as
    /// [`moment`] writes it): stored by an input committed then or later, counted in the story
    /// they are in now (a story merged away since counts in its survivor), as the desk counts
    /// a story's new articles. Stories that gained none are absent. What a reader who last
    /// looked at `moment` has not seen, whatever the articles' dates: a late report of last
    /// week counts, as it does for the desk's `new_since`. Only stories that
    /// [`Store::stories`]`(since, min_articles)` lists are counted.
    pub fn gained_since(
        &self,
        moment: &str,
        since: Option<&str>,
        min_articles: usize,
    ) -> Result<std::collections::HashMap<String, usize>> {
        let (min, since) = listed_bounds(since, min_articles);
        let read = || -> rusqlite::Result<std::collections::HashMap<String, usize>> {
            let mut gained = std::collections::HashMap::new();
            // Inputs are numbered as they begin and stored one at a time, so those committed
            // at or after the moment are the inputs from the first of them on. An input from
            // before schema 9 has no commit time: its start stands for it.
            let first: Option<i64> = self.conn.query_row(
                "SELECT min(n) FROM inputs WHERE coalesce(committed, ingested) >= ?1",
                [moment],
                |r| r.get(0),
            )?;
            let Some(first) = first else {
                return Ok(gained);
            };
            let mut stmt = self.conn.prepare(&format!(
                "SELECT s.n, count(*) FROM articles a JOIN stories s ON s.n = a.story
                 WHERE {LISTED} AND a.input >= ?3 GROUP BY s.n"
            ))?;
            let mut rows = stmt.query(params![min, since, first])?;
            while let Some(row) = rows.next()? {
                let n: i64 = row.get(0)?;
                let count: i64 = row.get(1)?;
                gained.insert(story_id(n), count as usize);
            }
            Ok(gained)
        };
        read().map_err(|e| self.err(e))
    }

    /// The stories (not those merged away), most recently active first (by the last day an
    /// article was dated, or, undated, stored), with at least `min_articles` articles and,
    /// when `since` (`YYYY-MM-DD`) is given, an article dated (or, undated, stored) on or after
    /// that day: the head of the list down to the day. A `since` that is not a date lists none.
    pub fn stories(&self, since: Option<&str>, min_articles: usize) -> Result<Vec<StorySummary>> {
        self.stories_head(since, min_articles, None)
    }

    /// The first `limit` stories of [`Store::stories`] (all when `None`), without counting
    /// the rest.
    pub fn stories_head(
        &self,
        since: Option<&str>,
        min_articles: usize,
        limit: Option<usize>,
    ) -> Result<Vec<StorySummary>> {
        let mut head = Vec::new();
        self.each_story(since, min_articles, 0, limit, false, |s| {
            head.push(s);
            ControlFlow::Continue(())
        })?;
        Ok(head)
    }

    /// One page of what [`Store::stories`] lists: at most `limit` stories (all when `None`)
    /// after skipping `offset`, and how many the whole list holds. Only the page's stories
    /// have their article ids read, so a page of a store of a million articles costs what
    /// the page holds, not what the store holds.
    pub fn stories_page(
        &self,
        since: Option<&str>,
        min_articles: usize,
        offset: usize,
        limit: Option<usize>,
    ) -> Result<(Vec<StorySummary>, usize)> {
        let mut page = Vec::new();
        let total = self.each_story(since, min_articles, offset, limit, true, |s| {
            page.push(s);
            ControlFlow::Continue(())
        })?;
        Ok((page, total))
    }

    /// Hands the stories of [`Store::stories_page`] to `each` one at a time, in the list's
    /// order, until it breaks: memory holds one story, however many the store has. Returns
    /// how many the whole list holds when `count` is set (a second query), else 0.
    pub fn each_story(
        &self,
        since: Option<&str>,
        min_articles: usize,
        offset: usize,
        limit: Option<usize>,
        count: bool,
        mut each: impl FnMut(StorySummary) -> ControlFlow<()>,
    ) -> Result<usize> {
        if let Some(day) = since.filter(|d| !is_day(d)) {
            return Err(crate::Error::BadTime {
                given: day.to_owned(),
                expected: "a day (YYYY-MM-DD)",
            });
        }
        let (min, since) = listed_bounds(since, min_articles);
        let mut read = || -> rusqlite::Result<usize> {
            let total: i64 = if count {
                self.conn.query_row(
                    &format!("SELECT count(*) FROM stories s WHERE {LISTED}"),
                    params![min, since],
                    |r| r.get(0),
                )?
            } else {
                0
            };
            let mut stmt = self.conn.prepare(&format!(
                "SELECT n, headline, first, last, articles, outlets FROM stories s WHERE {LISTED}
                 ORDER BY active DESC, n DESC LIMIT ?3 OFFSET ?4"
            ))?;
            // SQLite reads a negative LIMIT as no limit.
            let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
            let offset = i64::try_from(offset).unwrap_or(i64::MAX);
            let mut rows = stmt.query(params![min, since, limit, offset])?;
            while let Some(r) = rows.next()? {
                let n: i64 = r.get(0)?;
                let story = StorySummary {
                    documents: self.documents(n)?,
                    ..summary_row(n, r, 1)?
                };
                if each(story).is_break() {
                    break;
                }
            }
            Ok(total as usize)
        };
        // One read transaction: a list consistent with one commit even while an ingest writes.
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| self.err(e))?;
        let result = read().map_err(|e| self.err(e));
        let _ = self.conn.execute_batch("COMMIT");
        result
    }

    /// The listed stories (as [`Store::stories`] lists them) holding an article ingested
    /// under `id`: one, unless the same id came with unrelated texts; oldest first.
    pub fn stories_of_article(&self, id: &str) -> Result<Vec<String>> {
        let read = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT a.story FROM articles a JOIN stories s ON s.n = a.story
                 WHERE a.id = ?1 AND s.merged_into IS NULL AND s.articles > 0 ORDER BY a.story",
            )?;
            let stories = stmt
                .query_map([id], |r| r.get::<_, i64>(0))?
                .map(|n| n.map(story_id))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(stories)
        };
        read().map_err(|e| self.err(e))
    }

    fn documents(&self, n: i64) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM articles WHERE story = ?1 GROUP BY id ORDER BY min(n)",
        )?;
        let ids = stmt
            .query_map([n], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>();
        ids
    }

    /// The number of the story `id` names (`s-000042`, `s-42` or `42`), following merges to
    /// the story it now is.
    pub fn resolve(&self, id: &str) -> Result<i64> {
        let missing = || Error::NoSuchStory(id.to_owned());
        let mut n = story_number(id).ok_or_else(missing)?;
        // Merges always point to an older story, so the chain ends.
        loop {
            let next: Option<Option<i64>> = self
                .conn
                .prepare_cached("SELECT merged_into FROM stories WHERE n = ?1")
                .and_then(|mut s| s.query_row([n], |r| r.get(0)).optional())
                .map_err(|e| self.err(e))?;
            match next {
                None => return Err(missing()),
                Some(None) => return Ok(n),
                Some(Some(into)) => n = into,
            }
        }
    }

    /// One story, resolved through merges, with its articles (not their texts).
    pub fn story(&self, id: &str) -> Result<StoryDetail> {
        let n = self.resolve(id)?;
        let read = || -> rusqlite::Result<StoryDetail> {
            let story = self.conn.query_row(
                "SELECT headline, first, last, articles, outlets FROM stories WHERE n = ?1",
                [n],
                |r| summary_row(n, r, 0),
            )?;
            let mut stmt = self.conn.prepare(
                "SELECT a.id, coalesce(nullif(a.display, ''), a.title), a.outlet, a.published, a.url, a.kind, o.id,
                        coalesce(i.committed, a.ingested), a.input
                 FROM articles a LEFT JOIN articles o ON o.n = a.of LEFT JOIN inputs i ON i.n = a.input
                 WHERE a.story = ?1 ORDER BY a.day, a.n",
            )?;
            let articles = stmt
                .query_map([n], |r| {
                    Ok(StoredArticle {
                        id: r.get(0)?,
                        cited: None,
                        title: r.get(1)?,
                        outlet: r.get(2)?,
                        published: r.get(3)?,
                        url: r.get(4)?,
                        kind: r.get(5)?,
                        of: r.get(6)?,
                        ingested: r.get(7)?,
                        input: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<StoredArticle>>>()?;
            // Named as `stored_articles` names them for a brief: the same order, the same rule.
            let mut ids = herald::ingest::UniqueIds::default();
            let mut articles = articles;
            for a in &mut articles {
                let cited = ids.claim(a.id.clone());
                if cited != a.id {
                    a.cited = Some(cited);
                }
            }
            let mut stmt = self
                .conn
                .prepare("SELECT n FROM stories WHERE merged_into = ?1 ORDER BY n")?;
            let merged = stmt
                .query_map([n], |r| r.get::<_, i64>(0))?
                .map(|m| m.map(story_id))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let documents = self.documents(n)?;
            Ok(StoryDetail {
                story: StorySummary { documents, ..story },
                articles,
                merged,
            })
        };
        read().map_err(|e| self.err(e))
    }

    /// The articles of story `id` (resolved through merges) as herald read them, texts
    /// included, oldest first: what a brief summarizes. An id stored in several versions
    /// keeps them apart (`id`, `id#2`, …) so every sentence names one source.
    pub fn story_articles(&self, id: &str) -> Result<Vec<Article>> {
        let n = self.resolve(id)?;
        Ok(self
            .stored_articles(n)?
            .into_iter()
            .map(|s| s.article)
            .collect())
    }

    /// The articles of story number `n`, oldest first, with what the store knows of each.
    pub(crate) fn stored_articles(&self, n: i64) -> Result<Vec<Stored>> {
        let read = || -> rusqlite::Result<Vec<Stored>> {
            let mut stmt = self.conn.prepare(
                "SELECT a.id, a.title, a.published, a.text, a.body_start, a.origin, a.url, a.outlet,
                        a.author, a.n, coalesce(i.committed, a.ingested), a.day,
                        coalesce(a.joined, a.input)
                 FROM articles a LEFT JOIN inputs i ON i.n = a.input
                 WHERE a.story = ?1 ORDER BY a.day, a.n",
            )?;
            let articles = stmt
                .query_map([n], |r| {
                    let mut article = Article {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        date: r.get(2)?,
                        text: r.get(3)?,
                        body_start: r.get::<_, i64>(4)? as usize,
                        origin: r.get(5)?,
                        url: r.get(6)?,
                        site: r.get(7)?,
                        author: r.get(8)?,
                    };
                    // `day` is the date's day, or the day of ingest for an article undated,
                    // dated in a way the store cannot read, or dated later than the day after
                    // it was stored. A date ahead is not trusted: the article reads as undated
                    // in a brief. Only a date read and come counts in what an update calls new.
                    let day: i32 = r.get(11)?;
                    let read = article.date.as_deref().and_then(day_number);
                    if read.is_some_and(|d| d > day) {
                        article.date = None;
                    }
                    Ok(Stored {
                        article,
                        n: r.get(9)?,
                        ingested: r.get(10)?,
                        dated: read.filter(|&d| d <= day),
                        joined: r.get(12)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(articles)
        };
        let mut stored = read().map_err(|e| self.err(e))?;
        let mut ids = herald::ingest::UniqueIds::default();
        for s in &mut stored {
            s.article.id = ids.claim(std::mem::take(&mut s.article.id));
        }
        Ok(stored)
    }

    /// How many articles and live stories the store holds.
    pub fn counts(&self) -> Result<(i64, i64)> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories WHERE merged_into IS NULL)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::moment;

    #[test]
    fn moments_are_days_or_utc_times_in_the_stores_form() {
        let cases = [
            ("2026-06-02", Some("2026-06-02T00:00:00Z")),
            ("2026-06-02T08:00:01Z", Some("2026-06-02T08:00:01Z")),
            ("2026-06-02T08:00:01.250Z", Some("2026-06-02T08:00:01Z")),
            ("2026-06-02T23:59:60Z", Some("2026-06-02T23:59:60Z")),
            ("2026-06-02T24:00:00Z", None),
            ("2026-06-02T08:00:00junkZ", None),
            ("2026-06-02T08:00:00+02:00", None),
            ("2026-02-30", None),
            ("yesterday", None),
            ("2026-06-0é", None),
        ];
        for (given, expected) in cases {
            assert_eq!(moment(given).as_deref(), expected, "{given}");
        }
    }
}
