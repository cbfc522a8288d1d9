//! What `herald watch` keeps between runs: each feed's HTTP validators (so the next poll is a
//! conditional GET that costs the server a 304), and whether an item is already stored (so its
//! page is not downloaded again).

use crate::{Result, Store};
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

impl Store {
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

    /// Remembers the validators of the feed at `url`, replacing what was there. Called only
    /// after the feed's items are committed, so a crash in between costs a refetch, never an
    /// item.
    pub fn set_feed_state(&self, url: &str, state: &FeedState) -> Result<()> {
        let now = sqlite_now(&self.conn).map_err(|e| self.err(e))?;
        self.conn
            .execute(
                "INSERT INTO feeds (url, etag, last_modified, waits, checked) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3, waits = ?4, checked = ?5",
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

    fn exists(&self, sql: &str, key: &str) -> Result<bool> {
        self.conn
            .query_row(sql, [key], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(|e| self.err(e))
    }
}

/// The current UTC time as SQLite writes it (`2026-03-05 10:00:00`), without a date crate.
fn sqlite_now(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
    conn.query_row("SELECT datetime('now')", [], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use crate::{FeedState, Store};

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
