//! herald's store: the articles herald has read and the stories they tell, kept in one SQLite
//! file so that stories can be followed over days.
//!
//! The library crate `herald` computes (profiles, signatures, similarities, summaries); this
//! crate persists. [`Store::open`] opens or creates a store, upgrades its schema through
//! numbered migrations and refuses a file that is not a herald store or was written by a newer
//! herald. [`Store::input`] starts one input's ingest: every article of it is committed in one
//! transaction, or none is. [`Store::stories`] and [`Store::story`] read what is there; they
//! answer while another process ingests (WAL: one writer, many readers).
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = herald_store::Store::open(&dir.path().join("herald.db")).unwrap();
//! let article = herald::model::Article {
//!     id: "a1".into(),
//!     title: Some("Earthquake strikes coastal city".into()),
//!     date: Some("2024-05-01".into()),
//!     text: "A strong earthquake struck the coastal city before dawn on Wednesday, toppling \
//!            buildings and killing at least a dozen people, officials said.".into(),
//!     ..Default::default()
//! };
//! let mut input = store.input("example").unwrap();
//! input.add(vec![article]).unwrap();
//! let report = input.commit().unwrap();
//! assert_eq!((report.new, report.stories_opened), (1, 1));
//! let stories = store.stories(None, 1).unwrap();
//! assert_eq!(stories[0].id, "s-000001");
//! assert_eq!(stories[0].documents, vec!["a1".to_string()]);
//! ```

#![deny(missing_docs)]

mod brief;
mod feeds;
pub mod fuzz_entry;
mod ingest;
mod read;
mod schema;

pub use brief::{brief_json, story_json, Brief, Since};
pub use feeds::{backoff_seconds, feed_url_problem, Feed, FeedState, BACKOFF_AFTER};
pub use ingest::{GivenDate, Input, Report};
pub use read::{is_day, moment, StoredArticle, StoryDetail, StorySummary};

use herald::cluster::tracker::TrackerConfig;
use herald::dedup::articles::ArticleDedupConfig;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file exists but is not a herald store.
    #[error("{path}: not a herald store ({why})")]
    NotAStore {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        why: String,
    },
    /// The store was written by a newer herald.
    #[error(
        "{path}: written by a newer herald (store schema {found}; this herald reads up to {supported}); upgrade herald"
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build understands.
        supported: i64,
    },
    /// The folder the store should be in does not exist (herald makes the file, not folders).
    #[error("{path}: no folder {folder} to keep the store in: make it first")]
    NoFolder {
        /// The file.
        path: PathBuf,
        /// Its folder, which is missing.
        folder: PathBuf,
    },
    /// No story has that id.
    #[error("no story {0:?} in the store")]
    NoSuchStory(String),
    /// A feed address the store will not follow.
    #[error("{url:?} is not a feed address herald can poll: {why}")]
    BadFeedUrl {
        /// The address as given.
        url: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// The store, or the `-wal` or `-shm` file SQLite keeps beside it, may not be written by
    /// this user: an ingest (or a reader that needs the `-shm` index) cannot go on.
    #[error(
        "{file}: no permission to write it; the store {path} and its -wal and -shm files beside it must be writable (check their owner and mode)"
    )]
    ReadOnly {
        /// The store.
        path: PathBuf,
        /// The file that may not be written (the store or one beside it).
        file: PathBuf,
    },
    /// A day or a time given to a read that is not one (`since`, a story list's day).
    #[error("{given:?} is not {expected}")]
    BadTime {
        /// What was given.
        given: String,
        /// What was expected, in words.
        expected: &'static str,
    },
    /// An ingest was stopped by its [`herald::Cancel`] before it committed; dropping the input
    /// stores nothing of it.
    #[error("the input was stopped before it was stored; nothing of it is stored")]
    Cancelled,
    /// SQLite failed (disk full, locked past the timeout, a corrupt file).
    #[error("{path}: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// How a store groups and dedups what it ingests. Saved in the store when it is created, so
/// that every later ingest carries on with the same settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// Story grouping.
    pub stories: TrackerConfig,
    /// Copies and versions.
    pub dedup: ArticleDedupConfig,
}

/// An open store. One process may write at a time (others wait, up to a timeout); any number
/// may read.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    config: StoreConfig,
    /// The grouping and dedup state of the last input this process committed, reused when no
    /// other process wrote in between.
    cache: Option<ingest::State>,
}

impl Error {
    /// Whether SQLite gave up waiting for a lock another connection held (past the busy
    /// timeout): a failure that passes, not a fault of the store or of the request.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Error::Sqlite {
                source: rusqlite::Error::SqliteFailure(e, _),
                ..
            } if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        )
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `path`, creating it (with the default settings) if there is no file,
    /// and upgrading an older schema.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, StoreConfig::default())
    }

    /// Opens the store at `path`; a new store is created with `config`, an existing one keeps
    /// the settings it was created with.
    pub fn open_with(path: &Path, config: StoreConfig) -> Result<Store> {
        let conn = schema::open(path, true, &config)?;
        let config = schema::read_config(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            config,
            cache: None,
        })
    }

    /// Opens an existing store for reading; a missing file is an error, not a new store.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::NotAStore {
                path: path.to_owned(),
                why: "no such file; `herald ingest` creates it".into(),
            });
        }
        let conn = schema::open(path, false, &StoreConfig::default())?;
        let config = schema::read_config(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            config,
            cache: None,
        })
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The settings the store was created with.
    pub fn config(&self) -> &StoreConfig {
        &self.config
    }

    /// Wraps a SQLite error with the store's path.
    fn err(&self, source: rusqlite::Error) -> Error {
        schema::sqlite_error(&self.path, source)
    }
}

/// The public id of story number `n`: `s-000042`.
pub fn story_id(n: i64) -> String {
    format!("s-{n:06}")
}

/// The number of a story id: `s-000042`, `s-42` or `42`; `None` for anything else.
pub fn story_number(id: &str) -> Option<i64> {
    let digits = id.strip_prefix("s-").unwrap_or(id);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_ids_read_back_in_every_form() {
        assert_eq!(story_id(42), "s-000042");
        assert_eq!(story_id(1_234_567), "s-1234567");
        for id in ["s-000042", "s-42", "42"] {
            assert_eq!(story_number(id), Some(42), "{id}");
        }
        for bad in ["", "s-", "s-0", "story-1", "4x", "-3"] {
            assert_eq!(story_number(bad), None, "{bad}");
        }
    }
}
