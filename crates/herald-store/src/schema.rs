//! Opening a store: pragmas, the schema's numbered migrations, and refusing what is not ours.

use crate::{Error, Result, StoreConfig};
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;

/// SQLite's `application_id` of a herald store: "HRLD".
pub const APPLICATION_ID: i64 = 0x4852_4c44;

/// The migrations, in order: migration `k` (counting from 1) takes a store from schema `k - 1`
/// to schema `k`. Never edit one that has shipped; add the next.
const MIGRATIONS: &[&str] = &[
    // 1: articles, their copy and version links, stories, what grouping carries between runs,
    // inputs and what they skipped, and the briefs given with their sentences.
    r#"
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE inputs (
        n INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        ingested TEXT NOT NULL,
        new INTEGER NOT NULL,
        versions INTEGER NOT NULL,
        copies INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        skipped INTEGER NOT NULL
    );
    CREATE TABLE skipped (
        input INTEGER NOT NULL REFERENCES inputs(n),
        document TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE stories (
        n INTEGER PRIMARY KEY,
        merged_into INTEGER REFERENCES stories(n),
        headline TEXT NOT NULL DEFAULT '',
        central REAL NOT NULL DEFAULT -1,
        first TEXT,
        last TEXT,
        active INTEGER NOT NULL,
        articles INTEGER NOT NULL DEFAULT 0,
        outlets INTEGER NOT NULL DEFAULT 0,
        opened TEXT NOT NULL,
        updated TEXT NOT NULL,
        state BLOB
    );
    CREATE INDEX stories_active ON stories(active) WHERE merged_into IS NULL;
    CREATE TABLE articles (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        display TEXT NOT NULL,
        author TEXT,
        published TEXT,
        day INTEGER NOT NULL,
        ingested TEXT NOT NULL,
        origin TEXT NOT NULL,
        text TEXT NOT NULL,
        body_start INTEGER NOT NULL,
        hash BLOB NOT NULL,
        words INTEGER NOT NULL,
        signature BLOB NOT NULL,
        profile BLOB NOT NULL,
        story INTEGER NOT NULL REFERENCES stories(n),
        kind TEXT NOT NULL CHECK (kind IN ('new', 'version', 'copy')),
        of INTEGER REFERENCES articles(n),
        input INTEGER NOT NULL REFERENCES inputs(n)
    );
    CREATE UNIQUE INDEX articles_id_hash ON articles(id, hash);
    CREATE INDEX articles_hash ON articles(hash);
    CREATE INDEX articles_story ON articles(story);
    CREATE INDEX articles_day ON articles(day);
    CREATE TABLE df (
        term INTEGER PRIMARY KEY,
        n INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE briefs (
        n INTEGER PRIMARY KEY,
        story INTEGER NOT NULL REFERENCES stories(n),
        at TEXT NOT NULL,
        since TEXT,
        options TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    CREATE INDEX briefs_story ON briefs(story);
    CREATE TABLE brief_sentences (
        brief INTEGER NOT NULL REFERENCES briefs(n),
        k INTEGER NOT NULL,
        document TEXT NOT NULL,
        article INTEGER REFERENCES articles(n),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (brief, k)
    ) WITHOUT ROWID;
    "#,
    // 2: what `herald watch` remembers of each feed between runs (its validators, for a
    // conditional GET, and how many polls in a row it held items back for their pages), and an
    // index that tells quickly whether an item's page is stored.
    r#"
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        waits INTEGER NOT NULL DEFAULT 0,
        checked TEXT NOT NULL
    );
    CREATE INDEX articles_url ON articles(url);
    "#,
    // 3: feeds the store itself follows (added from the desk page, the API or `herald feeds
    // add`), which `herald watch` and `herald serve --watch` poll without a feed list, and the
    // last failure of each feed, so the page can say which feed is broken and why.
    r#"
    CREATE TABLE subscriptions (
        url TEXT PRIMARY KEY,
        added TEXT NOT NULL
    );
    ALTER TABLE feeds ADD COLUMN error TEXT;
    "#,
    // 4: grouping weighs words by the shipped background document frequencies too
    // (`TrackerConfig::background`). A store made before keeps weighing them by its own counts
    // alone, so that its stories' saved centroids and new articles stay comparable.
    r#"
    UPDATE meta SET value = json_set(value, '$.stories.background', 0.0)
    WHERE key = 'config' AND json_type(value, '$.stories.background') IS NULL;
    "#,
    // 5: the document frequencies an input changed, (term, n) as little-endian u32 pairs, kept
    // apart until folded into `df`: any hundred articles change thousands of terms spread over
    // the whole of `df`, so writing them there rewrote most of its pages at every commit.
    r#"
    CREATE TABLE df_log (
        input INTEGER PRIMARY KEY REFERENCES inputs(n),
        terms BLOB NOT NULL
    );
    "#,
    // 6: the stories merged into a story, which every read of one story lists: without an
    // index that was a scan of every story's row (saved state included), 32 ms a story in a
    // store of 200,000 articles, and a page of the desk reads fifty stories.
    r#"
    CREATE INDEX stories_merged ON stories(merged_into) WHERE merged_into IS NOT NULL;
    "#,
    // 7: a comparison whose time is unknown is discounted (`TrackerConfig::undated`), and two
    // dated articles need less to join. A store made before keeps the bars it was made with.
    r#"
    UPDATE meta SET value = json_set(value, '$.stories.undated', 1.0)
    WHERE key = 'config' AND json_type(value, '$.stories.undated') IS NULL;
    "#,
    // 8: the last input stored when a brief read its story's articles: an update since the
    // brief (`--new`) counts an article new when a later input stored it. Times have whole
    // seconds, so by time an article stored in the brief's second after it was never new.
    // Briefs given before keep none (which input a time's second held is not known) and go by
    // time.
    r#"
    ALTER TABLE briefs ADD COLUMN input INTEGER;
    "#,
    // 9: when each input was committed. An article's `ingested` is when its input began, and
    // an input of thousands takes a while: a reader who looked in between would take its
    // articles for ones seen already. What an update since a time counts as new, and when an
    // article is said to have been stored, go by the commit (inputs before keep their start).
    // And articles by id in the order stored, for the versions of an id (`same_page`): the
    // index on (id, hash) lists them unsorted, which an id that many sources use (`1`) makes
    // long.
    r#"
    ALTER TABLE inputs ADD COLUMN committed TEXT;
    CREATE INDEX articles_id ON articles(id);
    "#,
    // 10: the input that brought each article into its story when that was not the input that
    // stored it (a merge moved it there), and the story each brief was given for (a merge
    // moves briefs too): an update since a story's last brief goes by the last brief given for
    // that story, and counts an article new when it joined the story after that brief, or a
    // merge's articles, and what the story gained before a merged story's later brief, would
    // never be told. Rows from before keep none (their own input; their story now).
    r#"
    ALTER TABLE articles ADD COLUMN joined INTEGER;
    ALTER TABLE briefs ADD COLUMN given_for INTEGER;
    "#,
    // 11: articles by the input that stored them: which stories gained articles since a
    // moment (`herald stories --new-since`, the desk's count of stories with news) is read
    // from the inputs committed after it, not from a scan of every article.
    r#"
    CREATE INDEX articles_input ON articles(input);
    "#,
    // 12: how many polls of each feed failed in a row: a feed that keeps failing (gone, 404)
    // is polled less and less often, up to once a day, instead of at every round for ever.
    r#"
    ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
    "#,
];

/// The schema this build writes.
pub const SCHEMA: i64 = MIGRATIONS.len() as i64;

/// A SQLite error on the store at `path` as this crate's error: [`Error::ReadOnly`] when the
/// store or a file beside it may not be written, else [`Error::Sqlite`].
pub(crate) fn sqlite_error(path: &Path, source: rusqlite::Error) -> Error {
    match &source {
        rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::ReadOnly => {
            // SQLite does not say which file; the first of the three this user may not write,
            // else the folder, where SQLite could not make the -wal or -shm file.
            let file = store_files(path)
                .into_iter()
                .find(|f| may_not_write(f))
                .unwrap_or_else(|| match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
                    _ => std::path::PathBuf::from("."),
                });
            Error::ReadOnly {
                path: path.to_owned(),
                file,
            }
        }
        _ => Error::Sqlite {
            path: path.to_owned(),
            source,
        },
    }
}

/// The files of the store at `path`: the store, and the `-wal` and `-shm` SQLite keeps beside
/// it.
fn store_files(path: &Path) -> [std::path::PathBuf; 3] {
    [path.to_owned(), beside(path, "-wal"), beside(path, "-shm")]
}

/// `path` with `suffix` after its file name (`herald.db-wal`).
fn beside(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Refuses, before an ingest writes to it, a store that this user may not write, or whose
/// `-wal` or `-shm` file may not be written: SQLite makes those with the store's mode, so a
/// store once made read-only leaves them read-only after its own mode is mended, and the error
/// SQLite then gives ("attempt to write a readonly database") names neither. Only writers are
/// refused: the desk or Python may read a store they cannot write.
pub(crate) fn writable(path: &Path) -> Result<()> {
    for file in store_files(path) {
        if may_not_write(&file) {
            return Err(Error::ReadOnly {
                path: path.to_owned(),
                file,
            });
        }
    }
    Ok(())
}

/// Whether `file` exists and this user may not write it. Asked with access(2), never by
/// opening the file: closing any descriptor of a database file drops every POSIX lock this
/// process holds on it, the locks SQLite's connections to the store rely on (a reader beside
/// the writer then fails with "locking protocol").
#[cfg(unix)]
fn may_not_write(file: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(name) = std::ffi::CString::new(file.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `name` is a NUL-terminated path that lives across the call; access(2) reads it
    // and keeps nothing.
    let refused = unsafe { libc::access(name.as_ptr(), libc::W_OK) } != 0;
    refused
        && matches!(
            std::io::Error::last_os_error().raw_os_error(),
            Some(libc::EACCES | libc::EROFS | libc::EPERM)
        )
}

/// Elsewhere SQLite's own refusal is reported (`sqlite_error`), naming the store.
#[cfg(not(unix))]
fn may_not_write(_file: &Path) -> bool {
    false
}

/// The size, in bytes, the -wal file is cut back to whenever SQLite starts it over (after a
/// checkpoint has copied all of it into the store).
pub(crate) const WAL_SIZE_LIMIT: i64 = 64 << 20;

/// How long a writer waits for another's write lock before it fails.
pub(crate) const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Opens `path`: sets the pragmas, refuses a file that is not a herald store or is newer than
/// this build, and migrates an older one (or, with `create`, a new empty file) to [`SCHEMA`].
pub fn open(path: &Path, create: bool, config: &StoreConfig) -> Result<Connection> {
    let sqlite = |source| sqlite_error(path, source);
    let not_ours = |why: &str| Error::NotAStore {
        path: path.to_owned(),
        why: why.to_owned(),
    };
    // SQLite says only "unable to open database file" for these two.
    if path.is_dir() {
        return Err(not_ours("a folder, not a file"));
    }
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        if !folder.is_dir() {
            return Err(Error::NoFolder {
                path: path.to_owned(),
                folder: folder.to_owned(),
            });
        }
    }
    let conn = Connection::open(path).map_err(sqlite)?;
    // A writer holds the lock for one input; readers never wait in WAL mode.
    conn.busy_timeout(BUSY_WAIT).map_err(sqlite)?;
    // The first read tells an SQLite file from anything else.
    let app: i64 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(not_ours("not an SQLite database"));
        }
        Err(e) => return Err(sqlite(e)),
    };
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sqlite)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(sqlite)?;
    if app != APPLICATION_ID && (app != 0 || tables > 0) {
        return Err(not_ours("an SQLite database of another program"));
    }
    if version > SCHEMA {
        return Err(Error::Newer {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA,
        });
    }
    // WAL: readers see the last commit while a writer works; NORMAL sync is durable against a
    // crash of the process (the log is fsynced at checkpoints).
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(sqlite)?;
    // The -wal file grows to hold the largest input's pages (or more, while readers keep a
    // checkpoint from starting it over) and SQLite never shrinks it on its own: a long-running
    // server kept a 267 MB log beside its store for good. With a limit, the log is cut back to
    // it whenever it is started over.
    conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)
        .map_err(sqlite)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(sqlite)?;
    if version < SCHEMA && (create || tables > 0) {
        migrate(&conn, config).map_err(sqlite)?;
    } else if version < SCHEMA {
        return Err(not_ours("an empty file; `herald ingest` creates a store"));
    }
    Ok(conn)
}

/// Runs the migrations the store lacks, all in one transaction, re-reading the version inside
/// it so that two processes opening a new store at once migrate it once.
fn migrate(conn: &Connection, config: &StoreConfig) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| {
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for (k, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            conn.execute_batch(sql)?;
            if k == 0 {
                // Plain data with string keys: serializing it cannot fail.
                let json = serde_json::to_string(config).unwrap_or_default();
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('config', ?1), ('articles', '0'), ('generation', '0')",
                    [json],
                )?;
            }
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.pragma_update(None, "user_version", SCHEMA)?;
        Ok(())
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT"),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// The settings saved in the store.
pub fn read_config(conn: &Connection, path: &Path) -> Result<StoreConfig> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'config'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|source| sqlite_error(path, source))?;
    match text {
        None => Ok(StoreConfig::default()),
        Some(t) => serde_json::from_str::<StoreConfig>(&t).map_err(|e| Error::NotAStore {
            path: path.to_owned(),
            why: format!("its saved settings are unreadable: {e}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_refusing_to_write_is_told_as_a_read_only_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("herald.db");
        let refused = || {
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                None,
            )
        };
        // No file of the store that this user may not write: the folder is named.
        match sqlite_error(&path, refused()) {
            Error::ReadOnly { path: p, file } => {
                assert_eq!((&p, file.as_path()), (&path, dir.path()))
            }
            other => panic!("{other}"),
        }
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        let busy = sqlite_error(&path, busy);
        assert!(matches!(busy, Error::Sqlite { .. }) && busy.is_busy());
        let corrupt = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            None,
        );
        assert!(!sqlite_error(&path, corrupt).is_busy());
        assert_eq!(beside(&path, "-shm"), dir.path().join("herald.db-shm"));
    }

    #[test]
    fn the_wal_is_cut_back_once_a_big_transaction_is_checkpointed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("herald.db");
        let conn = open(&path, true, &StoreConfig::default()).unwrap();
        let wal = || std::fs::metadata(beside(&path, "-wal")).unwrap().len();
        // One transaction larger than the limit: the log must hold all of it.
        let blobs = (WAL_SIZE_LIMIT as usize >> 20) + 16;
        conn.execute_batch("CREATE TABLE filler (b BLOB); BEGIN")
            .unwrap();
        for _ in 0..blobs {
            conn.execute("INSERT INTO filler VALUES (zeroblob(1048576))", [])
                .unwrap();
        }
        conn.execute_batch("COMMIT").unwrap();
        assert!(wal() > WAL_SIZE_LIMIT as u64, "{}", wal());
        // Checkpointed (no reader holds it back), the next write starts the log over.
        conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE); DELETE FROM filler")
            .unwrap();
        assert!(wal() <= WAL_SIZE_LIMIT as u64, "{}", wal());
    }
}
