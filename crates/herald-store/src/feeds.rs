//! What `herald watch` keeps between runs: each feed's HTTP validators (so the next poll is a
//! conditional GET that costs the server a 304), its last failure, whether an item is already
//! stored (so its page is not downloaded again), and the feeds the store follows on its own
//! (its subscriptions: polled by `herald watch` and `herald serve --watch` with no list file).

use crate::{Error, Result, Store};
use rusqlite::{params, OptionalExtension};

/// The validators a feed's server sent with its last full answer, replayed as
/// `If-None-Match` and `If-Modified-Since` on the next poll.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedState {
    /// The `ETag` header, verbatim (quotes and any `W/` included, as it must be sent back).
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim.
    pub last_modified: Option<String>,
    /// Polls in a row in which some new item was held back because its page failed for a
    /// reason that may pass; herald stops holding items back after a few.
    pub waits: u32,
}

/// A feed the store follows, as `herald feeds` and `GET /api/feeds` list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// The feed's address.
    pub url: String,
    /// When it was added (UTC, RFC 3339: `2026-03-05T10:00:00Z`, as every other time herald
    /// writes).
    pub added: String,
    /// When it was last polled, successfully or not (as `added`); `None` before the first poll.
    pub checked: Option<String>,
    /// Why the last poll failed; `None` when it succeeded (or none was made).
    pub error: Option<String>,
    /// When a feed that failed [`BACKOFF_AFTER`] polls in a row or more is next polled (as
    /// `added`); `None` when it is polled at the next round.
    pub next_try: Option<String>,
}

impl Store {
    /// Follows the feed at `url` (kept as given, trimmed). `Ok(false)` when it was followed
    /// already.
    pub fn subscribe(&self, url: &str) -> Result<bool> {
        let url = url.trim();
        if let Some(why) = feed_url_problem(url) {
            return Err(Error::BadFeedUrl {
                url: url.to_owned(),
                why,
            });
        }
        let now = now();
        let added = self
            .conn
            .execute(
                "INSERT INTO subscriptions (url, added) VALUES (?1, ?2) ON CONFLICT(url) DO NOTHING",
                params![url, now],
            )
            .map_err(|e| self.err(e))?;
        // Asked to follow it (again), the reader wants it polled now, not after a wait its
        // failures earned before.
        self.conn
            .execute("UPDATE feeds SET failures = 0 WHERE url = ?1", [url])
            .map_err(|e| self.err(e))?;
        Ok(added > 0)
    }

    /// Stops following the feed at `url`; what it brought stays. `Ok(false)` when it was not
    /// followed.
    pub fn unsubscribe(&self, url: &str) -> Result<bool> {
        let removed = self
            .conn
            .execute("DELETE FROM subscriptions WHERE url = ?1", [url.trim()])
            .map_err(|e| self.err(e))?;
        Ok(removed > 0)
    }

    /// Whether the store follows the feed at `url` right now (it may have been removed since
    /// [`Store::subscriptions`] listed it).
    pub fn follows(&self, url: &str) -> Result<bool> {
        self.exists("SELECT 1 FROM subscriptions WHERE url = ?1", url.trim())
    }

    /// The feeds the store follows, in the order they were added, with their last poll.
    pub fn subscriptions(&self) -> Result<Vec<Feed>> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT s.url, s.added, f.checked, f.error, f.failures FROM subscriptions s
                 LEFT JOIN feeds f ON f.url = s.url ORDER BY s.rowid",
            )
            .map_err(|e| self.err(e))?;
        let now = now();
        let rows = statement
            .query_map([], |r| {
                let checked = r.get::<_, Option<String>>(2)?.map(rfc3339);
                let failures = r.get::<_, Option<u32>>(4)?.unwrap_or(0);
                Ok(Feed {
                    url: r.get(0)?,
                    added: rfc3339(r.get(1)?),
                    next_try: checked.as_deref().and_then(|c| retry_at(failures, c, &now)),
                    checked,
                    error: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Records that polling the feed at `url` failed, and why; its validators stay as they
    /// were (the next poll asks again in full only if they were already gone).
    pub fn set_feed_error(&self, url: &str, error: &str) -> Result<()> {
        let now = now();
        self.conn
            .execute(
                "INSERT INTO feeds (url, checked, error, failures) VALUES (?1, ?2, ?3, 1)
                 ON CONFLICT(url) DO UPDATE SET checked = ?2, error = ?3, failures = failures + 1",
                params![url, now, error],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// When the feed at `url` is next due, if not now: after [`BACKOFF_AFTER`] failed polls in
    /// a row it waits an hour after the last, then twice as long after each further failure,
    /// up to a day ([`backoff_seconds`]); a poll that succeeds ends the wait. `None`: poll it
    /// now. The time is RFC 3339, as the store writes times, given with the failures in a row
    /// that earned the wait.
    pub fn feed_retry_at(&self, url: &str) -> Result<Option<(String, u32)>> {
        let row: Option<(u32, String)> = self
            .conn
            .query_row(
                "SELECT failures, checked FROM feeds WHERE url = ?1",
                [url],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(row.and_then(|(failures, checked)| {
            retry_at(failures, &rfc3339(checked), &now()).map(|at| (at, failures))
        }))
    }

    /// How many polls of the feed at `url` failed in a row (0 for a feed never polled).
    pub fn feed_failures(&self, url: &str) -> Result<u32> {
        self.conn
            .query_row("SELECT failures FROM feeds WHERE url = ?1", [url], |r| {
                r.get(0)
            })
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(|e| self.err(e))
    }

    /// The validators remembered for the feed at `url`; `None` for a feed never polled.
    pub fn feed_state(&self, url: &str) -> Result<Option<FeedState>> {
        self.conn
            .query_row(
                "SELECT etag, last_modified, waits FROM feeds WHERE url = ?1",
                [url],
                |r| {
                    Ok(FeedState {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                        waits: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Remembers the validators of the feed at `url`, replacing what was there, and that the
    /// poll succeeded (no error). Called only after the feed's items are committed, so a crash
    /// in between costs a refetch, never an item.
    pub fn set_feed_state(&self, url: &str, state: &FeedState) -> Result<()> {
        let now = now();
        self.conn
            .execute(
                "INSERT INTO feeds (url, etag, last_modified, waits, checked) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3, waits = ?4, checked = ?5, error = NULL, failures = 0",
                params![url, state.etag, state.last_modified, state.waits, now],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Whether an article with this address (as its `url`) is stored.
    pub fn has_url(&self, url: &str) -> Result<bool> {
        self.exists("SELECT 1 FROM articles WHERE url = ?1 LIMIT 1", url)
    }

    /// Whether an article with this id is stored (in any version).
    pub fn has_id(&self, id: &str) -> Result<bool> {
        self.exists("SELECT 1 FROM articles WHERE id = ?1 LIMIT 1", id)
    }

    /// Whether the feed item `id`, stored from the feed at `feed`'s own text (not from the page
    /// it links to), now comes with a `text` the store does not hold under `id`: an item edited
    /// in place (same guid, new text), which ingesting again stores as a version. `false` for
    /// an id never stored, an empty text, or an id whose latest text came from elsewhere (its
    /// page, another feed, a file): reading that again would cost a download, or compare a
    /// page with a teaser.
    pub fn feed_item_changed(&self, id: &str, text: &str, feed: &str) -> Result<bool> {
        use sha2::{Digest, Sha256};
        if text.is_empty() {
            return Ok(false);
        }
        let origin: Option<String> = self
            .conn
            .query_row(
                "SELECT origin FROM articles WHERE id = ?1 ORDER BY n DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        // `feed_items` names an item's origin `FEED#k` (k its place in the feed that time).
        let from_feed = origin.is_some_and(|o| {
            o.strip_prefix(feed)
                .and_then(|rest| rest.strip_prefix('#'))
                .is_some_and(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
        });
        if !from_feed {
            return Ok(false);
        }
        let hash = Sha256::digest(text.as_bytes()).to_vec();
        let held = self
            .conn
            .query_row(
                "SELECT 1 FROM articles WHERE id = ?1 AND hash = ?2 LIMIT 1",
                params![id, hash],
                |_| Ok(()),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(held.is_none())
    }

    fn exists(&self, sql: &str, key: &str) -> Result<bool> {
        self.conn
            .query_row(sql, [key], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(|e| self.err(e))
    }
}

/// What keeps `url` from being a feed herald can poll, if anything: it must be an http(s)
/// address with a host, without spaces, of a reasonable length. The store refuses to follow
/// such an address; `herald watch` refuses a feed list that holds one.
pub fn feed_url_problem(url: &str) -> Option<&'static str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return Some("it should start with http:// or https://");
    };
    if url.len() > 2048 {
        Some("it is longer than 2,048 bytes")
    } else if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("it contains a space or a control character")
    } else if rest.split(['/', '?', '#']).next().is_none_or(str::is_empty) {
        Some("it names no host")
    } else {
        None
    }
}

/// The current UTC time in RFC 3339 (`2026-03-05T10:00:00Z`), as the store stamps articles
/// (`HERALD_NOW` sets it too).
fn now() -> String {
    crate::ingest::clock().0
}

/// Failed polls in a row after which a feed waits before it is polled again: one or two
/// failures are often a server's bad minute.
pub const BACKOFF_AFTER: u32 = 3;

/// Seconds a feed that failed `failures` polls in a row waits after the last: none below
/// [`BACKOFF_AFTER`], then an hour, doubled at each further failure, a day at most.
pub fn backoff_seconds(failures: u32) -> i64 {
    if failures < BACKOFF_AFTER {
        return 0;
    }
    (3600i64 << (failures - BACKOFF_AFTER).min(5)).min(86_400)
}

/// When a feed last polled at `checked` after `failures` failed polls in a row is next due,
/// if later than `now` (all RFC 3339).
fn retry_at(failures: u32, checked: &str, now: &str) -> Option<String> {
    let wait = backoff_seconds(failures);
    let (last, now) = (seconds_of(checked)?, seconds_of(now)?);
    (wait > 0 && now < last + wait).then(|| crate::ingest::stamp_of(last + wait))
}

/// Seconds since 1970 of an RFC 3339 UTC time the store wrote (`2026-03-05T10:00:00Z`).
fn seconds_of(stamp: &str) -> Option<i64> {
    let day = herald::cluster::tracker::day_number(stamp.get(..10)?)?;
    let clock = stamp.get(11..19)?;
    let mut parts = clock.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    Some(i64::from(day) * 86_400 + h * 3600 + m * 60 + s)
}

/// A time the store wrote, in RFC 3339: stores made before feeds were stamped so kept SQLite's
/// `2026-03-05 10:00:00`, which the JSON of `GET /api/feeds` gave beside RFC 3339 elsewhere.
fn rfc3339(stamp: String) -> String {
    let b = stamp.as_bytes();
    if b.len() == 19 && b[10] == b' ' && crate::is_day(&stamp[..10]) {
        return format!("{}T{}Z", &stamp[..10], &stamp[11..]);
    }
    stamp
}

#[cfg(test)]
mod tests {
    use crate::{FeedState, Store};

    #[test]
    fn a_feed_that_keeps_failing_waits_longer_and_longer_and_a_success_ends_it() {
        assert_eq!(
            (0..10).map(super::backoff_seconds).collect::<Vec<_>>(),
            [0, 0, 0, 3600, 7200, 14_400, 28_800, 57_600, 86_400, 86_400]
        );
        assert_eq!(
            super::seconds_of("1970-01-02T01:00:05Z"),
            Some(86_400 + 3605)
        );
        assert_eq!(
            crate::ingest::stamp_of(86_400 + 3605),
            "1970-01-02T01:00:05Z"
        );
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db")).unwrap();
        let url = "https://gone.example/feed.rss";
        assert_eq!(store.feed_retry_at(url).unwrap(), None);
        for k in 1..=super::BACKOFF_AFTER {
            assert_eq!(
                store.feed_retry_at(url).unwrap(),
                None,
                "after {} failures",
                k - 1
            );
            store
                .set_feed_error(url, "the server answered HTTP 404")
                .unwrap();
        }
        assert_eq!(store.feed_failures(url).unwrap(), super::BACKOFF_AFTER);
        store.subscribe("https://other.example/rss").unwrap();
        let listed = store.subscriptions().unwrap();
        assert_eq!(listed.len(), 1, "only what the store follows is listed");
        assert_eq!(listed[0].next_try, None);
        // Checked just now: due an hour from then.
        let (at, failures) = store.feed_retry_at(url).unwrap().expect("a wait");
        assert_eq!(failures, super::BACKOFF_AFTER);
        let checked = store
            .conn
            .query_row("SELECT checked FROM feeds WHERE url = ?1", [url], |r| {
                r.get::<_, String>(0)
            })
            .unwrap();
        assert_eq!(
            super::seconds_of(&at).unwrap() - super::seconds_of(&checked).unwrap(),
            3600
        );
        // Following it again asks for it now.
        store.subscribe(url).unwrap();
        assert_eq!(store.feed_retry_at(url).unwrap(), None);
        store
            .set_feed_error(url, "the server answered HTTP 404")
            .unwrap();
        assert_eq!(store.feed_failures(url).unwrap(), 1);
        // A poll that succeeds ends the wait and the count.
        store.set_feed_state(url, &FeedState::default()).unwrap();
        assert_eq!(store.feed_failures(url).unwrap(), 0);
        assert_eq!(store.feed_retry_at(url).unwrap(), None);
    }

    #[test]
    fn feed_times_are_rfc_3339_and_old_ones_are_read_as_such() {
        assert_eq!(
            super::rfc3339("2026-03-05 10:00:00".into()),
            "2026-03-05T10:00:00Z"
        );
        assert_eq!(
            super::rfc3339("2026-03-05T10:00:00Z".into()),
            "2026-03-05T10:00:00Z"
        );
        assert_eq!(super::rfc3339("not a time".into()), "not a time");
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db")).unwrap();
        store.subscribe("https://news.example/feed.rss").unwrap();
        store
            .set_feed_error("https://news.example/feed.rss", "timed out")
            .unwrap();
        // A subscription written as stores before this one wrote it.
        store
            .conn
            .execute(
                "INSERT INTO subscriptions (url, added) VALUES ('https://b.example/rss', '2025-01-02 03:04:05')",
                [],
            )
            .unwrap();
        let feeds = store.subscriptions().unwrap();
        let shaped = |t: &str| {
            t.len() == 20 && t.as_bytes()[10] == b'T' && t.ends_with('Z') && crate::is_day(&t[..10])
        };
        assert!(shaped(&feeds[0].added), "{:?}", feeds[0]);
        assert!(
            shaped(feeds[0].checked.as_deref().unwrap()),
            "{:?}",
            feeds[0]
        );
        assert_eq!(feeds[1].added, "2025-01-02T03:04:05Z");
    }

    #[test]
    fn subscriptions_are_added_once_listed_in_order_with_their_last_poll_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("h.db")).unwrap();
        let (a, b) = ("http://a.example/feed", "http://b.example/rss");
        assert!(store.subscribe(a).unwrap());
        assert!(store.subscribe(&format!(" {b} ")).unwrap());
        assert!(!store.subscribe(a).unwrap(), "already followed");
        let feeds = store.subscriptions().unwrap();
        let urls: Vec<&str> = feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, [a, b]);
        assert!(feeds
            .iter()
            .all(|f| f.checked.is_none() && f.error.is_none()));

        store.set_feed_error(b, "connection refused").unwrap();
        let feeds = store.subscriptions().unwrap();
        assert_eq!(feeds[1].error.as_deref(), Some("connection refused"));
        assert!(feeds[1].checked.is_some());
        // A later good poll clears the error and keeps the validators it brought.
        let state = FeedState {
            etag: Some("\"v2\"".into()),
            ..FeedState::default()
        };
        store.set_feed_state(b, &state).unwrap();
        assert_eq!(store.subscriptions().unwrap()[1].error, None);
        assert_eq!(store.feed_state(b).unwrap(), Some(state.clone()));
        // A failure leaves the validators as they were.
        store.set_feed_error(b, "HTTP 500").unwrap();
        assert_eq!(store.feed_state(b).unwrap(), Some(state));

        for bad in [
            "ftp://a.example/feed",
            "news.example/rss",
            "http://",
            "http:///x",
            "http://a b/",
        ] {
            let e = store.subscribe(bad).unwrap_err();
            assert!(matches!(e, crate::Error::BadFeedUrl { .. }), "{bad}: {e}");
        }
        assert_eq!(store.subscriptions().unwrap().len(), 2);

        assert!(store.follows(a).unwrap());
        assert!(store.unsubscribe(a).unwrap());
        assert!(!store.follows(a).unwrap());
        assert!(!store.unsubscribe(a).unwrap());
        let urls: Vec<String> = store
            .subscriptions()
            .unwrap()
            .into_iter()
            .map(|f| f.url)
            .collect();
        assert_eq!(urls, [b]);
    }

    #[test]
    fn feed_state_round_trips_and_items_are_found_by_id_and_url() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("h.db")).unwrap();
        let url = "http://news.example/feed.rss";
        assert_eq!(store.feed_state(url).unwrap(), None);
        let state = FeedState {
            etag: Some("W/\"abc\"".into()),
            last_modified: Some("Tue, 03 Mar 2026 09:30:00 GMT".into()),
            waits: 2,
        };
        store.set_feed_state(url, &state).unwrap();
        assert_eq!(store.feed_state(url).unwrap(), Some(state));
        let cleared = FeedState::default();
        store.set_feed_state(url, &cleared).unwrap();
        assert_eq!(store.feed_state(url).unwrap(), Some(cleared));

        assert!(!store.has_id("a1").unwrap());
        let mut input = store.input("t").unwrap();
        input
            .add(vec![herald::model::Article {
                id: "a1".into(),
                url: Some("http://news.example/a1".into()),
                text: "The harbour wall will be built next spring, the council said.".into(),
                ..Default::default()
            }])
            .unwrap();
        input.commit().unwrap();
        assert!(store.has_id("a1").unwrap());
        assert!(store.has_url("http://news.example/a1").unwrap());
        assert!(!store.has_url("http://news.example/a2").unwrap());
    }
}
