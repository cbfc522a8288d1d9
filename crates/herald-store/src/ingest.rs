//! Ingesting one input: every article is recognised (already stored, a copy, a version, or
//! new), placed in a story, and written, all in one transaction.
//!
//! What grouping and dedup need to carry on lives in memory only for the window of time the
//! input's articles fall in: the stories active within `window_days` of them that began no
//! later than `window_days` after them (their [`StoryState`]s) and the copy-and-version
//! signatures of the articles of those days. Both are loaded from the store as an input's dates
//! reach back or forward, and dropped as they move on, so memory follows the window, not the
//! store's size, even for an old article arriving late. The document frequencies that weigh words are
//! loaded whole: they grow with the vocabulary, far slower than the store.

use crate::{Error, Result, Store};
use herald::clean::{CleanConfig, Cleaner};
use herald::cluster::stories::{profile_from_bytes, profile_to_bytes, Profile, StoryGrouper};
use herald::cluster::tracker::{day_number, StoryState, Tracker};
use herald::dedup::articles::{Deduper, Signature};
use herald::model::{Article, Skipped};
use herald::{Cancel, Cancelled};
use rayon::prelude::*;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What ingesting one input did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// The input's name (its path, or `-`).
    pub input: String,
    /// Articles stored for the first time.
    pub new: usize,
    /// Versions of a stored article: the same id with a new text, or an update, early cut or
    /// rewrite of one.
    pub versions: usize,
    /// Copies of a stored article under another id (a syndicated story, a mirror).
    pub copies: usize,
    /// Articles already stored with the same id and text: nothing was added for them.
    pub unchanged: usize,
    /// Documents not stored, and why.
    pub skipped: Vec<Skipped>,
    /// Stories this input opened (and that were not merged into another by its end).
    pub stories_opened: usize,
    /// Stories that existed before this input and gained articles.
    pub stories_grown: usize,
    /// Stories that proved to be one with an older story and now resolve to it.
    pub stories_merged: usize,
    /// Articles stored with a publication date later than tomorrow (a feed's wrong year, a
    /// page's scheduled date): kept as given, but grouped and ordered as undated, so a story
    /// does not sit at the top of the list until that day comes.
    pub dated_ahead: Vec<GivenDate>,
    /// Articles whose date could not be read as a day (`2024-13-01`, `2024-02-30`, a year of
    /// five digits, a date in words a JSONL line gave as it was): stored as given, grouped,
    /// listed and briefed as undated.
    pub unreadable_dates: Vec<GivenDate>,
    /// Ids already stored for a text that shares nothing with this one's (ids like `1` recur
    /// across sources): such an article is stored as new, not as a version of the other.
    pub reused_ids: Vec<String>,
}

/// An article and the date it gave, which the store does not go by ([`Report::dated_ahead`],
/// [`Report::unreadable_dates`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GivenDate {
    /// Its id.
    pub document: String,
    /// The date it gave.
    pub date: String,
}

/// The share of the shorter text's shingles two texts under one id must have in common for the
/// second to be a version of the first (a page updated in place) rather than another article
/// that reuses the id. A live page rewritten through the day keeps some of its sentences; two
/// unrelated articles share none.
const SAME_PAGE_CONTAINMENT: f64 = 0.2;

/// The latest stored article under `id` that `signature` is alike enough to be a version of
/// (a page updated in place: [`SAME_PAGE_CONTAINMENT`], or [`Deduper::is_version`]), and
/// whether some article stored under `id` was not. A text too short to sign cannot be told
/// apart, and is a version as its id says. The latest [`SAME_ID_CHECKS`] are compared.
fn same_page(
    conn: &rusqlite::Connection,
    deduper: &Deduper,
    id: &str,
    signature: &Signature,
) -> rusqlite::Result<(Option<i64>, bool)> {
    let mut stmt = conn.prepare_cached(
        "SELECT n, signature FROM articles WHERE id = ?1 ORDER BY n DESC LIMIT ?2",
    )?;
    let mut rows = stmt.query(params![id, SAME_ID_CHECKS])?;
    let mut unlike = false;
    while let Some(row) = rows.next()? {
        let n: i64 = row.get(0)?;
        let bytes: Vec<u8> = row.get(1)?;
        let alike = match Signature::from_bytes(&bytes).filter(|s| !s.is_empty()) {
            Some(stored) if !signature.is_empty() => {
                let s = deduper.similarity(signature, &stored);
                s.containment >= SAME_PAGE_CONTAINMENT || deduper.is_version(&s)
            }
            _ => true,
        };
        if alike {
            return Ok((Some(n), false));
        }
        unlike = true;
    }
    Ok((None, unlike))
}

/// How many of the articles stored under one id [`same_page`] compares a new text with, the
/// latest first: a page updated in place many times is alike its latest versions.
const SAME_ID_CHECKS: i64 = 16;

/// Days after the day of ingest an article's date may lie and still be taken as its date: a
/// page in a time zone ahead of UTC is dated tomorrow; one dated later is wrong.
const DAYS_AHEAD: i32 = 1;

/// The state of grouping and dedup that an ingest carries from one input to the next.
pub(crate) struct State {
    /// The store's generation this state matches (every commit adds one).
    generation: i64,
    tracker: Tracker,
    /// The loaded window: the stories last active on or after `loaded_from` that began on or
    /// before `loaded_to` (their first publication day; a story of undated articles counts as
    /// begun before any day), and the articles of the days in between. `i32::MAX`/`i32::MIN`
    /// when nothing is loaded.
    loaded_from: i32,
    loaded_to: i32,
    /// The articles' signatures are loaded for the days from `loaded_from` to this one.
    signed_to: i32,
    window: Window,
    /// The (term, n) pairs in `df_log`, not yet folded into `df`.
    df_logged: usize,
}

/// The document frequencies are folded from `df_log` into `df` when the log would hold more
/// pairs than the vocabulary's size over this: loading reads at most that much more, and `df`,
/// which a commit writing its changes there rewrites most of, is rewritten at most once per as
/// many changed pairs.
const DF_FOLD_SHARE: usize = 4;

/// The copy-and-version index of the loaded articles: for each LSH key, the articles that have
/// it, as a linked list through one arena (a window holds millions of keys; one small vector
/// per key would cost as many allocations).
#[derive(Default)]
struct Window {
    /// Key -> the arena slot of its latest entry.
    heads: HashMap<u64, u32>,
    /// Arena: (article, slot of the key's previous entry or `NONE`).
    entries: Vec<(i64, u32)>,
    signatures: HashMap<i64, (Signature, i32)>,
}

/// The end of a key's list in the window's arena.
const NONE: u32 = u32::MAX;

/// Articles of a bucket compared with a new article, the latest first: a bucket of thousands of
/// copies of one notice costs no more than this.
const BUCKET_CHECKS: usize = 64;

/// Candidates verified per new article, those sharing the most LSH keys with it.
const VERIFIED: usize = 16;

/// Two versions this alike (estimated Jaccard of their shingles) are copies of one text.
const COPY_JACCARD: f64 = 0.9;

impl Window {
    fn add(&mut self, deduper: &Deduper, n: i64, signature: Signature, day: i32) {
        for key in deduper.band_keys(&signature) {
            let slot = self.entries.len() as u32;
            let previous = self.heads.insert(key, slot).unwrap_or(NONE);
            self.entries.push((n, previous));
        }
        self.signatures.insert(n, (signature, day));
    }

    /// The articles under `key`, the latest first.
    fn bucket(&self, key: u64) -> impl Iterator<Item = i64> + '_ {
        let mut slot = self.heads.get(&key).copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            if slot == NONE {
                return None;
            }
            let (n, previous) = self.entries[slot as usize];
            slot = previous;
            Some(n)
        })
    }

    /// The stored article `signature` is a version of, if any: the most contained, then most
    /// alike, then earliest; with whether it is a copy. Candidates are the loaded articles that
    /// share LSH keys with it; only the [`VERIFIED`] sharing the most keys are verified on their
    /// signatures, since a true version shares most of its keys and a chance candidate one or
    /// two.
    fn find(&self, deduper: &Deduper, signature: &Signature) -> Option<(i64, bool)> {
        let mut shared: HashMap<i64, u32> = HashMap::new();
        for key in deduper.band_keys(signature) {
            for n in self.bucket(key).take(BUCKET_CHECKS) {
                *shared.entry(n).or_insert(0) += 1;
            }
        }
        let mut candidates: Vec<(u32, i64)> = shared.into_iter().map(|(n, c)| (c, n)).collect();
        // Most keys shared first, then the earliest article: a total order.
        candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.truncate(VERIFIED);
        let mut best: Option<((f64, f64), i64)> = None;
        for (_, n) in candidates {
            let Some((other, _)) = self.signatures.get(&n) else {
                continue;
            };
            let s = deduper.similarity(signature, other);
            if !deduper.is_version(&s) {
                continue;
            }
            let score = (s.containment, s.jaccard);
            let better = match best {
                None => true,
                Some((b, bn)) => score > b || (score == b && n < bn),
            };
            if better {
                best = Some((score, n));
            }
        }
        best.map(|((_, jaccard), n)| (n, jaccard >= COPY_JACCARD))
    }

    /// Unloads the articles of days before `day`: the arena is rebuilt from those left.
    fn evict_before(&mut self, deduper: &Deduper, day: i32) {
        let kept: Vec<(i64, (Signature, i32))> = std::mem::take(&mut self.signatures)
            .into_iter()
            .filter(|(_, (_, d))| *d >= day)
            .collect();
        let mut kept = kept;
        // Re-added in article order, so each key's list is latest-first as before.
        kept.sort_unstable_by_key(|(n, _)| *n);
        self.heads.clear();
        self.entries.clear();
        for (n, (signature, d)) in kept {
            self.add(deduper, n, signature, d);
        }
    }
}

/// What is computed for each article before any of it is compared with the store: on all
/// cores, since it needs nothing but the article.
struct Features {
    hash: Vec<u8>,
    signature: Signature,
    words: u32,
    profile: Profile,
    headline: String,
    day: Option<i32>,
    /// Whether its date lies ahead of the day of ingest (and `day` is therefore `None`).
    ahead: bool,
    /// Why the page is not an article (an archive notice, a login wall), if it is not.
    failed_scrape: Option<&'static str>,
}

/// One input being ingested; see [`Store::input`]. Nothing is visible to readers until
/// [`Input::commit`]; dropping it uncommitted (an error, a panic) rolls everything back.
pub struct Input<'s> {
    store: &'s mut Store,
    deduper: Deduper,
    n: i64,
    state: Option<State>,
    report: Report,
    /// Stories changed by this input, to be written back.
    dirty: BTreeSet<i64>,
    opened: BTreeSet<i64>,
    grown: BTreeSet<i64>,
    /// For a story that took in others in this input, the articles that named them: they may
    /// name it (see [`Input::name_stories`]). As many as the input's merges.
    merged_heads: BTreeMap<i64, BTreeSet<i64>>,
    /// The ids of this input's articles so far, hashed (8 bytes an article): what tells a
    /// reader's name for a repeat (`a#2`, see [`repeat_of`]) from an id of its own.
    ids: HashSet<u64>,
    now: String,
    today: i32,
    done: bool,
}

impl Store {
    /// Starts ingesting one input named `name`: takes the store's write lock (waiting for
    /// another writer up to 30 s) and loads what grouping and dedup need, unless this process
    /// wrote last. Add its articles with [`Input::add`] and [`Input::skip`], then
    /// [`Input::commit`].
    pub fn input(&mut self, name: &str) -> Result<Input<'_>> {
        crate::schema::writable(&self.path)?;
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.err(e))?;
        let (now, today) = clock();
        let begun = (|| -> rusqlite::Result<(i64, i64)> {
            let generation: i64 = self.conn.query_row(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'",
                [],
                |r| r.get(0),
            )?;
            self.conn.execute(
                "INSERT INTO inputs (name, ingested, new, versions, copies, unchanged, skipped) VALUES (?1, ?2, 0, 0, 0, 0, 0)",
                params![name, now],
            )?;
            Ok((generation, self.conn.last_insert_rowid()))
        })();
        let (generation, n) = match begun {
            Ok(x) => x,
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(self.err(e));
            }
        };
        let state = match self.cache.take() {
            Some(s) if s.generation == generation => s,
            _ => match self.load_state(generation) {
                Ok(s) => s,
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(e);
                }
            },
        };
        Ok(Input {
            deduper: Deduper::new(self.config.dedup.clone()),
            store: self,
            n,
            state: Some(state),
            report: Report {
                input: name.to_owned(),
                ..Report::default()
            },
            dirty: BTreeSet::new(),
            opened: BTreeSet::new(),
            grown: BTreeSet::new(),
            merged_heads: BTreeMap::new(),
            ids: HashSet::new(),
            now,
            today,
            done: false,
        })
    }

    /// The tracker as the store left it: document frequencies and the next story number; no
    /// story or article loaded yet (inputs load the window they need).
    fn load_state(&self, generation: i64) -> Result<State> {
        let load = || -> rusqlite::Result<State> {
            let articles: i64 = self.conn.query_row(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'articles'",
                [],
                |r| r.get(0),
            )?;
            let next: i64 =
                self.conn
                    .query_row("SELECT coalesce(max(n), 0) + 1 FROM stories", [], |r| {
                        r.get(0)
                    })?;
            let mut stmt = self.conn.prepare("SELECT term, n FROM df")?;
            let mut df = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, i64>(0)? as u32, r.get::<_, i64>(1)? as u32))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            // The logged changes after the table, in commit order: a later count of a term
            // replaces an earlier one.
            let before = df.len();
            let mut stmt = self
                .conn
                .prepare("SELECT terms FROM df_log ORDER BY input")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                df.extend(df_pairs(&row.get::<_, Vec<u8>>(0)?));
            }
            let df_logged = df.len() - before;
            let mut tracker = Tracker::new(self.config.stories.clone());
            tracker.restore(articles as u64, df, next as u64);
            Ok(State {
                generation,
                tracker,
                loaded_from: i32::MAX,
                loaded_to: i32::MIN,
                signed_to: i32::MIN,
                window: Window::default(),
                df_logged,
            })
        };
        load().map_err(|e| self.err(e))
    }
}

impl Input<'_> {
    /// Records documents of the input that could not be read.
    pub fn skip(&mut self, skipped: impl IntoIterator<Item = Skipped>) {
        self.report.skipped.extend(skipped);
    }

    /// Adds a batch of the input's articles, in date order (undated first, then by date; ties
    /// in the order given). Batches of a few thousand keep memory low on a long input; the
    /// result does not depend on how the input is cut, when its dates are in order and each
    /// batch's dates lie within `window_days` (a batch that runs longer keeps its first
    /// stories loaded to its end, where a finer cut would have unloaded them).
    ///
    /// The batch is taken in runs of dates without a gap of more than `window_days`, each with
    /// the window its dates need: an old article in a feed of today's (or a late batch into a
    /// store of years) loads the stories of its own weeks, not everything since.
    pub fn add(&mut self, articles: Vec<Article>) -> Result<()> {
        self.add_cancellable(articles, &Cancel::default())
    }

    /// [`Input::add`], stopped with [`Error::Cancelled`] once `cancel` is raised (it is looked
    /// at before each article): the input must then be dropped, which stores nothing of it.
    pub fn add_cancellable(&mut self, mut articles: Vec<Article>, cancel: &Cancel) -> Result<()> {
        // Readers name an article met twice in one input `a#2`, `a#3` (so that a summary's
        // sentences name one source); the store keeps ids as ingested, so the repeat is `a`
        // again: unchanged, or a version of it. Read in the order given, as the reader named
        // them, before the batch is sorted by date.
        for a in &mut articles {
            if let Some(base) = repeat_of(&a.id) {
                if self.ids.contains(&id_key(base)) {
                    a.id.truncate(base.len());
                }
            }
            self.ids.insert(id_key(&a.id));
        }
        let cancelled = |_| Error::Cancelled;
        let mut features = features(&articles, &self.store.config, cancel).map_err(cancelled)?;
        // A date that has not come yet is not one to group or order by.
        for f in &mut features {
            f.ahead = f.day.is_some_and(|d| d > self.today + DAYS_AHEAD);
            if f.ahead {
                f.day = None;
            }
        }
        let mut order: Vec<usize> = (0..articles.len()).collect();
        order.sort_by_key(|&i| (features[i].day, i));
        let window = self.store.config.stories.window_days as i32;
        let today = self.today;
        // Undated articles come first and count as stored today, so a run's days are not
        // always rising: its bounds are its least and greatest day.
        let day = |i: usize| features[i].day.unwrap_or(today);
        let mut start = 0;
        while start < order.len() {
            let (mut first, mut last) = (day(order[start]), day(order[start]));
            let mut end = start + 1;
            while end < order.len() && (day(order[end]) - day(order[end - 1])).abs() <= window {
                first = first.min(day(order[end]));
                last = last.max(day(order[end]));
                end += 1;
            }
            // What is unloaded must be written first: the stories this batch changed so far.
            self.flush().map_err(|e| self.store.err(e))?;
            self.load_window(first, last)?;
            for &i in &order[start..end] {
                cancel.check().map_err(cancelled)?;
                self.add_one(&articles[i], &features[i])
                    .map_err(|e| self.store.err(e))?;
            }
            start = end;
        }
        self.flush().map_err(|e| self.store.err(e))
    }

    /// Makes the loaded window hold what articles of days `first` to `last` are compared
    /// with: the stories active from `window_days` before `first` that began by
    /// `window_days` after `last`, and the articles of those days. A window the dates have
    /// moved past by more than a window is unloaded first; one wholly after them (an old
    /// article after newer ones) is unloaded whole. Everything changed so far must be written
    /// (see [`Input::flush`]), so that what is unloaded can be read back.
    fn load_window(&mut self, first: i32, last: i32) -> Result<()> {
        let window = self.store.config.stories.window_days as i32;
        let (lo, hi) = (first.saturating_sub(window), last.saturating_add(window));
        let loaded_from = self.state.as_ref().expect("an open input").loaded_from;
        let fresh = loaded_from == i32::MAX;
        // What the window must drop first: all of it when these dates lie wholly before it,
        // what they have moved past when they have moved on by more than a window.
        let drop_before = if fresh {
            None
        } else if hi < loaded_from {
            Some(i32::MAX)
        } else if lo > loaded_from.saturating_add(window) {
            Some(lo)
        } else {
            None
        };
        if drop_before.is_some() && self.store.config.stories.revisit {
            // The lone stories about to be unloaded get the second look the commit would give
            // them, while what they could join is still loaded.
            let state = self.state.as_mut().expect("an open input has its state");
            let merged = state.tracker.revisit();
            self.apply_merges(&merged).map_err(|e| self.store.err(e))?;
            self.flush().map_err(|e| self.store.err(e))?;
        }
        let state = self.state.as_mut().expect("an open input has its state");
        let config = &self.store.config;
        if let Some(day) = drop_before {
            state.tracker.evict_before(day);
            state.window.evict_before(&self.deduper, day);
            if day == i32::MAX {
                state.loaded_from = i32::MAX;
                state.loaded_to = i32::MIN;
                state.signed_to = i32::MIN;
            } else {
                state.loaded_from = day;
            }
        }
        let (from, to, signed_to) = (state.loaded_from, state.loaded_to, state.signed_to);
        if lo >= from && hi <= to && hi <= signed_to {
            return Ok(());
        }
        let new_from = from.min(lo);
        // Stories ahead by another window: a stream in date order moves their upper end only
        // every `window_days`, and each move reads the window's stories once. Signatures come
        // through an index of days, so they are read for the days needed only.
        let new_to = if hi > to {
            hi.saturating_add(window)
        } else {
            to
        };
        let new_signed_to = signed_to.max(hi);
        let stories_needed = lo < from || hi > to;
        let deduper = &self.deduper;
        let conn = &self.store.conn;
        let mut load = || -> rusqlite::Result<()> {
            // A story's first day: its first publication date. A story of undated articles
            // (or of dates SQLite cannot read) is compared with articles of any date, so it
            // counts as begun before any: it is loaded whenever it is active late enough.
            const FIRST: &str = "coalesce(julianday(substr(first, 1, 10)) - 2440587.5, -1e9)";
            if stories_needed {
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT n, state FROM stories WHERE merged_into IS NULL AND state IS NOT NULL
                       AND active >= ?1 AND {FIRST} < ?2 + 1
                       AND NOT (active >= ?3 AND {FIRST} < ?4 + 1)"
                ))?;
                let rows = stmt.query_map(params![new_from, new_to, from, to], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
                })?;
                for row in rows {
                    let (n, bytes) = row?;
                    // Stories this input created or changed are loaded already, newer than their
                    // rows.
                    if state.tracker.contains(n as u64) {
                        continue;
                    }
                    if let Some(s) = StoryState::from_bytes(&bytes) {
                        state.tracker.load(n as u64, s);
                    }
                }
            }
            // The articles of the days not loaded yet: below the window and above it.
            let mut days = Vec::new();
            if from > signed_to {
                days.push((new_from, new_signed_to));
            } else {
                if new_from < from {
                    days.push((new_from, from - 1));
                }
                if new_signed_to > signed_to {
                    days.push((signed_to + 1, new_signed_to));
                }
            }
            for (a, b) in days {
                // Sized once: a window holds millions of keys, and growing the map step by
                // step rehashes all of them several times.
                let rows: i64 = conn.query_row(
                    "SELECT count(*) FROM articles WHERE day >= ?1 AND day <= ?2",
                    params![a, b],
                    |r| r.get(0),
                )?;
                let keys = rows as usize * (config.dedup.bands + config.dedup.lead_bands);
                state.window.heads.reserve(keys);
                state.window.entries.reserve(keys);
                state.window.signatures.reserve(rows as usize);
                let mut stmt = conn.prepare_cached(
                    "SELECT n, signature, day FROM articles WHERE day >= ?1 AND day <= ?2",
                )?;
                let rows = stmt.query_map(params![a, b], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, i32>(2)?,
                    ))
                })?;
                for row in rows {
                    let (n, bytes, day) = row?;
                    if state.window.signatures.contains_key(&n) {
                        continue;
                    }
                    if let Some(sig) = Signature::from_bytes(&bytes) {
                        state.window.add(deduper, n, sig, day);
                    }
                }
            }
            Ok(())
        };
        load().map_err(|e| self.store.err(e))?;
        // A fresh tracker's first window is what the last commit left and revisited; what
        // a later input reaching further loads is new to the stories already loaded.
        if fresh {
            state.tracker.settle();
        }
        state.loaded_from = new_from;
        state.loaded_to = new_to;
        state.signed_to = new_signed_to;
        Ok(())
    }

    fn add_one(&mut self, article: &Article, f: &Features) -> rusqlite::Result<()> {
        // A page that is not an article would open a story of nothing, and its copies (every
        // archive notice is the same text) would glue unrelated stories together.
        if let Some(reason) = f.failed_scrape {
            self.report.skipped.push(Skipped {
                document: article.id.clone(),
                reason: reason.to_owned(),
            });
            return Ok(());
        }
        if f.words == 0 && f.profile.is_empty() {
            self.report.skipped.push(Skipped {
                document: article.id.clone(),
                reason: "no text after cleaning".into(),
            });
            return Ok(());
        }
        let conn = &self.store.conn;
        let known: Option<i64> = conn
            .prepare_cached("SELECT n FROM articles WHERE id = ?1 AND hash = ?2")?
            .query_row(params![article.id, f.hash], |r| r.get(0))
            .optional()?;
        if known.is_some() {
            self.report.unchanged += 1;
            return Ok(());
        }
        let state = self.state.as_mut().expect("an open input has its state");
        // Which stored article this one repeats, if any, and how; each way looked up only when
        // the ones before it found nothing.
        let stored = |sql: &str, key: &dyn rusqlite::ToSql| -> rusqlite::Result<Option<i64>> {
            conn.prepare_cached(sql)?
                .query_row([key], |r| r.get(0))
                .optional()
        };
        let deduper = &self.deduper;
        let copy_of = stored(
            "SELECT n FROM articles WHERE hash = ?1 ORDER BY n LIMIT 1",
            &f.hash,
        )?;
        // The same id with a new text is the page updated in place, if the texts are alike at
        // all: ids such as `1` or `article-3` recur across sources, and an unrelated article
        // taken for a version would join (and rename) another story.
        let (version_of, reused) = match copy_of {
            Some(_) => (None, false),
            None => {
                let (alike, unlike) = same_page(conn, deduper, &article.id, &f.signature)?;
                (alike, alike.is_none() && unlike)
            }
        };
        let (kind, of) = if let Some(n) = copy_of {
            ("copy", Some(n))
        } else if let Some(n) = version_of {
            ("version", Some(n))
        } else if let Some((n, copy)) = state.window.find(deduper, &f.signature) {
            (if copy { "copy" } else { "version" }, Some(n))
        } else {
            ("new", None)
        };
        // Said only of an article stored as new: one that the window finds a copy or version
        // of under another id went where its text says.
        if reused && kind == "new" {
            self.report.reused_ids.push(article.id.clone());
        }
        let day = f.day;
        let today = self.today;
        let (story, opened, merged) = match of {
            None => {
                let p = state.tracker.place(&f.profile, day, today);
                (p.story as i64, p.opened, p.merged)
            }
            Some(n) => {
                let story: i64 = conn
                    .prepare_cached("SELECT story FROM articles WHERE n = ?1")?
                    .query_row([n], |r| r.get(0))?;
                if !state.tracker.contains(story as u64) {
                    if let Some(s) = saved_state(conn, story)? {
                        state.tracker.load(story as u64, s);
                    }
                }
                let merged = state.tracker.place_in(story as u64, &f.profile, day, today);
                let survivor = merged.iter().fold(
                    story as u64,
                    |k, &(gone, into)| if gone == k { into } else { k },
                );
                (survivor as i64, false, merged)
            }
        };
        if opened {
            conn.prepare_cached(
                "INSERT INTO stories (n, active, opened, updated) VALUES (?1, ?2, ?3, ?3)",
            )?
            .execute(params![story, day.unwrap_or(today), self.now])?;
            self.opened.insert(story);
        } else if !self.opened.contains(&story) {
            self.grown.insert(story);
        }
        self.apply_merges(&merged)?;
        let conn = &self.store.conn;
        let state = self.state.as_mut().expect("an open input has its state");
        let outlet = outlet(article);
        conn.prepare_cached(
            "INSERT INTO articles (id, url, outlet, title, author, published, day, ingested, origin, text, body_start, hash, words, signature, profile, story, kind, of, input, display)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
        )?
        .execute(params![
            article.id,
            article.url,
            outlet,
            article.title,
            article.author,
            article.date,
            day.unwrap_or(today),
            self.now,
            article.origin,
            article.text,
            article.body_offset() as i64,
            f.hash,
            f.words,
            f.signature.to_bytes(),
            profile_to_bytes(&f.profile),
            story,
            kind,
            of,
            self.n,
            f.headline,
        ])?;
        let n = conn.last_insert_rowid();
        state
            .window
            .add(&self.deduper, n, f.signature.clone(), day.unwrap_or(today));
        match kind {
            "new" => self.report.new += 1,
            "copy" => self.report.copies += 1,
            _ => self.report.versions += 1,
        }
        let given = || GivenDate {
            document: article.id.clone(),
            date: article.date.clone().unwrap_or_default(),
        };
        if f.ahead {
            self.report.dated_ahead.push(given());
        } else if f.day.is_none()
            && article
                .date
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty())
        {
            self.report.unreadable_dates.push(given());
        }
        self.dirty.insert(story);
        Ok(())
    }

    /// Records stories that proved to be one, (merged away, survivor) in order: articles and
    /// briefs move to the survivor, the other resolves to it.
    fn apply_merges(&mut self, merged: &[(u64, u64)]) -> rusqlite::Result<()> {
        let conn = &self.store.conn;
        for &(gone, into) in merged {
            let (gone, into) = (gone as i64, into as i64);
            let mut heads = self.merged_heads.remove(&gone).unwrap_or_default();
            heads.extend(headline_article(conn, gone)?);
            if !heads.is_empty() {
                self.merged_heads.entry(into).or_default().extend(heads);
            }
            conn.prepare_cached("UPDATE articles SET story = ?2, joined = ?3 WHERE story = ?1")?
                .execute(params![gone, into, self.n])?;
            conn.prepare_cached("UPDATE briefs SET story = ?2 WHERE story = ?1")?
                .execute(params![gone, into])?;
            conn.prepare_cached(
                "UPDATE stories SET merged_into = ?2, state = NULL, updated = ?3 WHERE n = ?1 OR merged_into = ?1",
            )?
            .execute(params![gone, into, self.now])?;
            self.dirty.remove(&gone);
            self.opened.remove(&gone);
            self.grown.remove(&gone);
            if !self.opened.contains(&into) {
                self.grown.insert(into);
            }
            self.dirty.insert(into);
            self.report.stories_merged += 1;
        }
        Ok(())
    }

    /// Writes back the stories this input changed: state, counts, dates.
    fn flush(&mut self) -> rusqlite::Result<()> {
        let state = self.state.as_ref().expect("an open input has its state");
        let conn = &self.store.conn;
        for &story in &self.dirty {
            let bytes = state.tracker.story(story as u64).map(StoryState::to_bytes);
            let active = state.tracker.story(story as u64).map(|s| s.active);
            // Counts and dates in one pass over the story's articles. A story's dates are its
            // articles' own, read as days (`day` is then the date's day), not one that had not
            // come when the article was stored nor one that is no day (`2024-13-01`): `day` is
            // then the day of ingest.
            conn.prepare_cached(
                "UPDATE stories SET
                    state = coalesce(?2, state),
                    active = coalesce(?3, active),
                    (articles, outlets, first, last) = (
                        SELECT count(*), count(DISTINCT outlet),
                               min(published) FILTER (WHERE dated), max(published) FILTER (WHERE dated)
                        FROM (SELECT outlet, published,
                                     substr(published, 1, 10) = date(day * 86400, 'unixepoch') AS dated
                              FROM articles WHERE story = ?1)),
                    updated = ?4
                 WHERE n = ?1",
            )?
            .execute(params![story, bytes, active, self.now])?;
        }
        self.dirty.clear();
        Ok(())
    }

    /// Names every story this input opened or grew by the article nearest its centroid, among
    /// the article that named it before the input, those of this input with a headline, and
    /// the articles that named the stories merged into it in this input: judged once, at the
    /// commit, against the story as the input leaves it (its saved state, for a story the
    /// window has unloaded since) and the document frequencies as they are then, so that how
    /// the input was cut into batches does not matter. (Judging each article as it joined let
    /// the first, a story of one and so its own centroid, name the story for ever.) The
    /// candidates are read from the store, but for those of merges (`merged_heads`), so memory
    /// grows with the input's merges, not its articles.
    fn name_stories(&mut self) -> rusqlite::Result<()> {
        let state = self.state.as_ref().expect("an open input has its state");
        let conn = &self.store.conn;
        let stories: BTreeSet<i64> = self.opened.union(&self.grown).copied().collect();
        for story in stories {
            let story_state = match state.tracker.story(story as u64) {
                Some(s) => Cow::Borrowed(s),
                None => match saved_state(conn, story)? {
                    Some(s) => Cow::Owned(s),
                    None => continue,
                },
            };
            // One scan of the story's articles: this input's with a headline, and the one
            // that names it now.
            let mut candidates: Vec<i64> = conn
                .prepare_cached(
                    "SELECT n FROM articles WHERE story = ?1 AND display != ''
                       AND (input = ?2 OR display = (SELECT headline FROM stories WHERE n = ?1))",
                )?
                .query_map(params![story, self.n], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            candidates.extend(self.merged_heads.get(&story).into_iter().flatten());
            candidates.sort_unstable();
            candidates.dedup();
            let mut best: Option<(f64, i64, String)> = None;
            for n in candidates {
                let (bytes, display): (Vec<u8>, String) = conn
                    .prepare_cached("SELECT profile, display FROM articles WHERE n = ?1")?
                    .query_row([n], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let Some(profile) = profile_from_bytes(&bytes) else {
                    continue;
                };
                let centrality = state.tracker.centrality_of(&story_state, &profile);
                if best.as_ref().is_none_or(|b| centrality > b.0) {
                    best = Some((centrality, n, display));
                }
            }
            if let Some((centrality, _, headline)) = best {
                conn.prepare_cached("UPDATE stories SET headline = ?2, central = ?3 WHERE n = ?1")?
                    .execute(params![story, headline, centrality])?;
            }
        }
        Ok(())
    }

    /// Commits the input: everything it added becomes visible at once. Returns what it did.
    pub fn commit(mut self) -> Result<Report> {
        // Articles still alone in a story join the story they would join now that the input is
        // placed (what `group_pool` does after its one pass): any loaded story of one, not only
        // this input's, since an earlier input's lone article may belong with this one's; the
        // tracker searches again only those that could join what changed since the last commit.
        if self.store.config.stories.revisit {
            let state = self.state.as_mut().expect("an open input has its state");
            let merged = state.tracker.revisit();
            self.apply_merges(&merged).map_err(|e| self.store.err(e))?;
        }
        self.flush().map_err(|e| self.store.err(e))?;
        self.name_stories().map_err(|e| self.store.err(e))?;
        let mut state = self.state.take().expect("an open input has its state");
        let changes = state.tracker.take_df_changes();
        let conn = &self.store.conn;
        let report = &mut self.report;
        report.stories_opened = self.opened.len();
        report.stories_grown = self.grown.len();
        let fold = state.df_logged + changes.len() > state.tracker.vocabulary() / DF_FOLD_SHARE;
        let mut write = || -> rusqlite::Result<i64> {
            if fold {
                // Every term logged since the last fold, and this input's, at its count now.
                let mut terms: Vec<u32> = changes.iter().map(|&(t, _)| t).collect();
                let mut stmt = conn.prepare_cached("SELECT terms FROM df_log")?;
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    terms.extend(df_pairs(&row.get::<_, Vec<u8>>(0)?).map(|(t, _)| t));
                }
                terms.sort_unstable();
                terms.dedup();
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO df (term, n) VALUES (?1, ?2) ON CONFLICT (term) DO UPDATE SET n = excluded.n",
                )?;
                for t in terms {
                    let n = state.tracker.document_frequency(t);
                    stmt.execute(params![i64::from(t), i64::from(n)])?;
                }
                conn.execute("DELETE FROM df_log", [])?;
                state.df_logged = 0;
            } else if !changes.is_empty() {
                let mut bytes = Vec::with_capacity(changes.len() * 8);
                for (t, n) in &changes {
                    bytes.extend_from_slice(&t.to_le_bytes());
                    bytes.extend_from_slice(&n.to_le_bytes());
                }
                conn.prepare_cached("INSERT INTO df_log (input, terms) VALUES (?1, ?2)")?
                    .execute(params![self.n, bytes])?;
                state.df_logged += changes.len();
            }
            conn.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'articles'",
                [state.tracker.articles().to_string()],
            )?;
            conn.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'",
                [],
            )?;
            let mut stmt = conn.prepare_cached(
                "INSERT INTO skipped (input, document, reason) VALUES (?1, ?2, ?3)",
            )?;
            for s in &report.skipped {
                stmt.execute(params![self.n, s.document, s.reason])?;
            }
            conn.execute(
                "UPDATE inputs SET new = ?2, versions = ?3, copies = ?4, unchanged = ?5, skipped = ?6, committed = ?7 WHERE n = ?1",
                params![
                    self.n,
                    report.new,
                    report.versions,
                    report.copies,
                    report.unchanged,
                    report.skipped.len(),
                    clock().0,
                ],
            )?;
            conn.execute_batch("COMMIT")?;
            conn.query_row(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'",
                [],
                |r| r.get(0),
            )
        };
        let generation = write().map_err(|e| self.store.err(e))?;
        self.done = true;
        state.generation = generation;
        self.store.cache = Some(state);
        Ok(std::mem::take(&mut self.report))
    }
}

impl Drop for Input<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Nothing of the input reaches the file; the in-memory state saw part of it, so it
            // is dropped too and reloaded by the next input.
            let _ = self.store.conn.execute_batch("ROLLBACK");
            self.store.cache = None;
        }
    }
}

/// The id `id` repeats, when it has the form a reader gives a repeated id (`a#2`, `a#3`, ...:
/// [`herald::ingest::UniqueIds`]). Whether it is one is known only from the input: `a` must
/// have come before it.
fn repeat_of(id: &str) -> Option<&str> {
    let (base, n) = id.rsplit_once('#')?;
    let plain = !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit());
    (plain && n.parse::<u64>().is_ok_and(|n| n >= 2)).then_some(base)
}

/// A fixed hash of an id (the same in every run), for [`Input::ids`].
fn id_key(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// The state of `story` as last written back, if it has one (a story merged away has not).
fn saved_state(conn: &rusqlite::Connection, story: i64) -> rusqlite::Result<Option<StoryState>> {
    let bytes: Option<Vec<u8>> = conn
        .prepare_cached("SELECT state FROM stories WHERE n = ?1")?
        .query_row([story], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(bytes.as_deref().and_then(StoryState::from_bytes))
}

/// The article whose headline names `story` now (the first, if copies share it).
fn headline_article(conn: &rusqlite::Connection, story: i64) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT n FROM articles WHERE story = ?1 AND display != ''
           AND display = (SELECT headline FROM stories WHERE n = ?1) ORDER BY n LIMIT 1",
    )?
    .query_row([story], |r| r.get(0))
    .optional()
}

/// The features of every article, computed in parallel.
fn features(
    articles: &[Article],
    config: &crate::StoreConfig,
    cancel: &Cancel,
) -> std::result::Result<Vec<Features>, Cancelled> {
    let cleaner = Cleaner::new(CleanConfig::default());
    let deduper = Deduper::new(config.dedup.clone());
    let grouper = StoryGrouper::new(config.stories.profile.clone());
    articles
        .par_iter()
        .map(|a| {
            cancel.check()?;
            // Cleaned once for the signature, the profile and the headline alike.
            let cleaned = cleaner.clean(a);
            let (signature, words) = deduper.cleaned_signature(a, &cleaned);
            let described = grouper.describe_cleaned(a, &cleaned);
            let (profile, title) = (described.profile, described.title);
            let headline = match title {
                Some(t) => herald::cluster::headline::strip_outlet(&t, a.site.as_deref()),
                None => herald::cluster::headline::lead_headline_of(a, &cleaned),
            };
            Ok(Features {
                hash: Sha256::digest(a.text.as_bytes()).to_vec(),
                signature,
                words,
                profile,
                headline,
                day: a.date.as_deref().and_then(day_number),
                ahead: false,
                failed_scrape: described.failed_scrape,
            })
        })
        .collect()
}

/// The outlet an article is from: the site name the input gave, else its URL's host.
fn outlet(article: &Article) -> Option<String> {
    if let Some(site) = article.site.as_deref().filter(|s| !s.trim().is_empty()) {
        return Some(site.trim().to_owned());
    }
    let url = article.url.as_deref()?;
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The (term, n) pairs of a `df_log` row (a trailing partial pair, which no build writes, is
/// ignored).
fn df_pairs(bytes: &[u8]) -> impl Iterator<Item = (u32, u32)> + '_ {
    bytes.chunks_exact(8).map(|c| {
        let t = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let n = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
        (t, n)
    })
}

/// The time now as RFC 3339 (UTC, seconds) and as a day number. `HERALD_NOW` (RFC 3339 or a
/// date) overrides the clock, so that tests and replays are reproducible.
pub(crate) fn clock() -> (String, i32) {
    if let Ok(now) = std::env::var("HERALD_NOW") {
        if let Some(day) = day_number(&now) {
            let stamp = if now.len() == 10 {
                format!("{now}T00:00:00Z")
            } else {
                now
            };
            return (stamp, day);
        }
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    (stamp_of(secs), secs.div_euclid(86_400) as i32)
}

/// The RFC 3339 UTC time (`2026-03-05T10:00:00Z`) of `seconds` since 1970.
pub(crate) fn stamp_of(seconds: i64) -> String {
    let day = seconds.div_euclid(86_400) as i32;
    let rem = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        herald::cluster::tracker::date_of_day(day),
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald::cluster::tracker::date_of_day;

    /// One article a week, each week a story of its own: made of words no other week uses,
    /// so that what is loaded can be counted.
    fn weekly(start: i32, weeks: i32) -> Vec<Article> {
        let word = |w: i32, k: i32| -> String {
            // Letters only, distinct per (week, position): base-26 digits of a number.
            let mut n = (w * 40 + k) as u32 + 26 * 26;
            let mut s = String::new();
            while n > 0 {
                s.push((b'a' + (n % 26) as u8) as char);
                n /= 26;
            }
            format!("{s}ton")
        };
        (0..weeks)
            .map(|w| {
                let words = |from: i32| -> String {
                    (from..from + 9)
                        .map(|k| word(w, k))
                        .collect::<Vec<_>>()
                        .join(" the ")
                };
                Article {
                    id: format!("week-{w}"),
                    title: Some(format!("The {} and {}", word(w, 0), word(w, 1))),
                    date: Some(date_of_day(start + 7 * w)),
                    text: format!(
                        "The {} said on Monday. Then the {} said on Tuesday. And the {} said \
                         on Friday.",
                        words(0),
                        words(10),
                        words(20)
                    ),
                    ..Article::default()
                }
            })
            .collect()
    }

    #[test]
    fn an_old_article_loads_the_stories_of_its_own_weeks_not_everything_since() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("herald.db")).unwrap();
        let start = day_number("2020-01-06").unwrap();
        let mut input = store.input("two years").unwrap();
        input.add(weekly(start, 104)).unwrap();
        let report = input.commit().unwrap();
        assert_eq!(report.stories_opened, 104, "{report:?}");
        // A fresh process (the cache dropped), as a later `herald ingest` is.
        store.cache = None;
        let mut input = store.input("late").unwrap();
        let mut late = weekly(start, 3).remove(2);
        late.id = "late".into();
        late.text.push_str(" Residents returned home on Saturday.");
        input.add(vec![late]).unwrap();
        let window = store_window(&input);
        let loaded = input.state.as_ref().unwrap().tracker.loaded();
        // Its story (week 2) and the weeks within two windows of it, not 104.
        assert!(
            loaded <= 2 * window as usize / 7 + 3,
            "{loaded} stories loaded"
        );
        assert!(input.state.as_ref().unwrap().tracker.contains(3));
        let report = input.commit().unwrap();
        assert_eq!(report.stories_grown, 1, "{report:?}");
        // Then today's articles: the old window is dropped and the new one loaded.
        let mut input = store.input("now").unwrap();
        let mut now = weekly(start, 104).remove(103);
        now.id = "now".into();
        now.text.push_str(" The water fell on Saturday.");
        input.add(vec![now]).unwrap();
        let state = input.state.as_ref().unwrap();
        assert!(state.tracker.contains(104), "the last week's story");
        assert!(!state.tracker.contains(3), "the first weeks are unloaded");
        let report = input.commit().unwrap();
        assert_eq!(report.stories_grown, 1, "{report:?}");
    }

    fn store_window(input: &Input<'_>) -> u32 {
        input.store.config.stories.window_days
    }
}
