//! The store's face: the JSON API of `herald serve --db`, over a [`herald_store::Store`].
//!
//! SQLite work runs on the blocking threads, never on the async ones. Writes (ingest) go
//! through the one writing store behind a mutex, so the server is the store's one writer;
//! every read opens its own connection, so readers never wait for an ingest (WAL).

use crate::api::{articles_cluster, describe, ApiError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use herald::ingest::parse_cluster_value;
use herald::model::{Article, Budget, Cluster, Summary};
use herald::summarize::Algorithm;
use herald::{Config, Pipeline};
use herald_store::{Report, Store, StoryDetail};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use utoipa::{IntoParams, ToSchema};

/// The store a server was started with: where it is, and the one connection that writes.
#[derive(Debug)]
pub(crate) struct StoreHandle {
    path: PathBuf,
    writer: Mutex<Store>,
}

impl StoreHandle {
    /// Opens (or creates) the store at `path` for the server.
    pub(crate) fn open(path: &std::path::Path) -> herald_store::Result<StoreHandle> {
        Ok(StoreHandle {
            path: path.to_owned(),
            writer: Mutex::new(Store::open(path)?),
        })
    }
}

/// Stories listed at a time unless `limit` says otherwise.
const DEFAULT_LIMIT: usize = 50;
/// The most stories one page may list: each listed story costs a read of its articles.
const MAX_LIMIT: usize = 200;

/// An error answer: every error of the API has this shape.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    /// What was wrong, in one line.
    error: String,
}

/// The query string of `GET /api/stories`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct StoriesQuery {
    /// Stories listed at most (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<usize>,
    /// Stories skipped from the top of the list (default 0).
    offset: Option<usize>,
    /// Only stories with an article dated (or, undated, stored) on or after this day
    /// (YYYY-MM-DD).
    since: Option<String>,
    /// Only stories of at least this many articles (default 1).
    min_articles: Option<usize>,
    /// A time (YYYY-MM-DD or RFC 3339, UTC): each story then counts its articles stored after
    /// it (or in its second) in `new_articles`, such as the reader's last visit.
    new_since: Option<String>,
}

/// One page of the story list.
#[derive(Serialize, ToSchema)]
pub(crate) struct StoryList {
    /// The stories of this page, most recently active first.
    stories: Vec<StoryItem>,
    /// How many stories the whole list has.
    total: usize,
    /// The offset of this page.
    offset: usize,
    /// The limit of this page.
    limit: usize,
    /// With `new_since`: how many stories of the whole list gained articles since then (the
    /// page's `new_articles` count only its own).
    #[serde(skip_serializing_if = "Option::is_none")]
    with_news: Option<usize>,
}

/// A story as the list shows it.
#[derive(Serialize, ToSchema)]
pub(crate) struct StoryItem {
    /// Its id, `s-000042`.
    id: String,
    /// The title (or lead) of its most central article.
    headline: String,
    /// The earliest publication date of its articles.
    first: Option<String>,
    /// The latest publication date of its articles.
    last: Option<String>,
    /// How many articles it holds, versions and copies included.
    articles: i64,
    /// How many outlets they come from.
    outlets: i64,
    /// The outlets' names, in the order their first article was stored.
    outlet_names: Vec<String>,
    /// When an article last joined it (UTC, RFC 3339).
    updated: String,
    /// The title of the article that joined it last (the newest of the last input's), when
    /// it joined a story that was there before; `None` for a story whose articles all came
    /// together.
    latest_title: Option<String>,
    /// With `new_since`: its articles stored after that time, or in its second (times have
    /// whole seconds: one of that second may have come after the moment).
    #[serde(skip_serializing_if = "Option::is_none")]
    new_articles: Option<usize>,
    /// Its articles' ids as ingested.
    documents: Vec<String>,
}

/// The query string of a brief: its budget (at most one) and algorithm.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct BriefQuery {
    /// Brief length in words (default 100).
    #[param(minimum = 1)]
    words: Option<usize>,
    /// Brief length in sentences.
    #[param(minimum = 1)]
    sentences: Option<usize>,
    /// Brief length in bytes.
    #[param(minimum = 1)]
    bytes: Option<usize>,
    /// Summarization algorithm (see `GET /api/algorithms`; default `concept`).
    algorithm: Option<String>,
}

/// The query string of an update brief: the brief's and the time it updates from.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct UpdateQuery {
    /// What the reader already knows. A day (YYYY-MM-DD) goes by the articles' dates: those
    /// published that day or later are new (`herald story --since DAY`). A time (RFC 3339,
    /// UTC) goes by the reader's last look: articles stored after it are new too, a late report
    /// of last week included (what the desk sends). The answer's `since` is the time form of
    /// either.
    // Read as optional so that its absence gets this API's own one-line error.
    #[param(required = true)]
    since: Option<String>,
    /// Brief length in words (default 100).
    #[param(minimum = 1)]
    words: Option<usize>,
    /// Brief length in sentences.
    #[param(minimum = 1)]
    sentences: Option<usize>,
    /// Brief length in bytes.
    #[param(minimum = 1)]
    bytes: Option<usize>,
    /// Summarization algorithm (default `concept`).
    algorithm: Option<String>,
}

/// A story with its brief: the object `herald story ID --format json` prints, plus the story's
/// counts and its article versions.
#[derive(Serialize, ToSchema)]
pub(crate) struct StoryBrief {
    /// The brief's id: the story's.
    id: String,
    /// The story's id.
    story: String,
    /// The story's headline.
    headline: String,
    /// The earliest publication date of its articles.
    first: Option<String>,
    /// The latest publication date of its articles.
    last: Option<String>,
    /// How many articles it holds.
    articles: i64,
    /// How many outlets they come from.
    outlets: i64,
    /// For an update brief: the time it updates from.
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
    /// The brief as plain text: its sentences joined by spaces (empty when nothing is new).
    summary: String,
    /// The brief's sentences in reading order, each quoted from one article.
    sentences: Vec<BriefSentence>,
    /// Articles that could not be summarized, and why.
    skipped: Vec<SkippedDoc>,
    /// Articles merged into another as versions or copies.
    merged: Vec<MergedDoc>,
    /// Articles judged to be about another event.
    outliers: Vec<String>,
    /// How the brief was made, when a limit applied.
    notes: Vec<String>,
    /// The story's articles, in the order they were stored.
    sources: Vec<SourceDoc>,
    /// The articles that are a new version of an earlier one.
    versions: Vec<VersionDoc>,
}

/// One sentence of a brief.
#[derive(Serialize, ToSchema)]
pub(crate) struct BriefSentence {
    /// The sentence as the reader sees it: exactly as in its article, or, when `spans` is
    /// given, its kept spans with `…` where words were left out.
    text: String,
    /// The article it is quoted from (`GET /api/articles/{id}`).
    document: String,
    /// Byte offset of the source sentence's start in the article's `text`.
    start: usize,
    /// Byte offset just past its end.
    end: usize,
    /// When words were left out: the kept byte ranges of the article's `text`, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    spans: Vec<SpanDoc>,
    /// Every article that says the same, the quoted one first.
    support: Vec<String>,
    /// Cut at the budget's limit.
    truncated: bool,
}

/// A byte range of an article's `text`.
#[derive(Serialize, ToSchema)]
pub(crate) struct SpanDoc {
    /// Byte offset of its start.
    start: usize,
    /// Byte offset just past its end.
    end: usize,
}

/// A document that was not used.
#[derive(Serialize, ToSchema)]
pub(crate) struct SkippedDoc {
    /// Its id or name.
    document: String,
    /// Why, in a few words.
    reason: String,
}

/// A document merged into another.
#[derive(Serialize, ToSchema)]
pub(crate) struct MergedDoc {
    /// The merged document.
    document: String,
    /// The document it was merged into.
    into: String,
}

/// One article of a story, without its text.
#[derive(Serialize, ToSchema)]
pub(crate) struct SourceDoc {
    /// The id it was ingested under.
    id: String,
    /// The id the brief's sentences cite it by, when that is not `id`: the later texts stored
    /// under one id are `id#2`, `id#3`, … (what `/api/articles/{id}` takes).
    #[serde(skip_serializing_if = "Option::is_none")]
    cited: Option<String>,
    /// Its title.
    title: Option<String>,
    /// Its outlet (site name, else URL host).
    outlet: Option<String>,
    /// Its publication date.
    published: Option<String>,
    /// Its URL.
    url: Option<String>,
    /// `new`, `version` or `copy`.
    kind: String,
    /// The article it is a version or copy of.
    of: Option<String>,
    /// When it was stored (UTC, RFC 3339).
    ingested: String,
    /// In an update: whether the update counts it as new (what it covers), as `herald story
    /// --since/--new --format json` says. Absent from a full brief.
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<bool>,
}

/// An article stored as a new version of another.
#[derive(Serialize, ToSchema)]
pub(crate) struct VersionDoc {
    /// The version's id.
    id: String,
    /// The id the brief's sentences cite it by, when that is not `id` (`id#2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    cited: Option<String>,
    /// The article it is a version of.
    of: Option<String>,
    /// When it was stored.
    ingested: String,
}

/// One stored article with its text.
#[derive(Serialize, ToSchema)]
pub(crate) struct ArticleDoc {
    /// Its id, as brief sentences name it (`id#2` for a second version).
    id: String,
    /// The story it belongs to.
    story: String,
    /// Its title.
    title: Option<String>,
    /// Its outlet.
    outlet: Option<String>,
    /// Its publication date.
    published: Option<String>,
    /// Its URL.
    url: Option<String>,
    /// Its byline.
    author: Option<String>,
    /// The text exactly as read: brief sentences' offsets point into it.
    text: String,
    /// Where the body starts in `text` (after a title line).
    body_start: usize,
}

/// The query string of `GET /api/articles/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ArticleQuery {
    /// The story the article belongs to: found faster, and needed for an id stored in two
    /// stories.
    story: Option<String>,
}

/// An article to ingest, as `POST /api/summarize` takes it.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // only documents the body, which is read as JSON to report errors well
pub(crate) struct ArticleIn {
    /// Its id. The same id with a new text is a new version. Default here: `article-` and 16
    /// hex digits made from the title and text, so the same article sent again is unchanged
    /// and different ones never share an id (`POST /api/summarize` numbers them `article-N`).
    id: Option<String>,
    /// Its headline.
    title: Option<String>,
    /// Its text.
    text: String,
    /// Its publication date (YYYY-MM-DD).
    date: Option<String>,
    /// Its URL.
    url: Option<String>,
    /// Its outlet's name.
    site: Option<String>,
    /// Its byline.
    author: Option<String>,
}

/// The body of `POST /api/ingest`: `articles`, or a `cluster` object (whose grouping is
/// ignored), and optionally a name for the input.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // only documents the body
pub(crate) struct IngestBody {
    /// The articles.
    articles: Option<Vec<ArticleIn>>,
    /// A cluster object `{"id", "documents": [...]}`.
    #[schema(value_type = Option<Object>)]
    cluster: Option<Value>,
    /// The input's name in the store's history (default `api`).
    input: Option<String>,
}

/// What one ingest did.
#[derive(Serialize, ToSchema)]
pub(crate) struct IngestReport {
    /// The input's name.
    input: String,
    /// Articles stored for the first time.
    new: usize,
    /// New versions of stored articles.
    versions: usize,
    /// Copies of stored articles under another id.
    copies: usize,
    /// Articles already stored, unchanged.
    unchanged: usize,
    /// Documents not stored, and why.
    skipped: Vec<SkippedDoc>,
    /// Stories opened.
    stories_opened: usize,
    /// Stories that gained articles.
    stories_grown: usize,
    /// Stories merged into an older one.
    stories_merged: usize,
    /// Articles stored with a date later than tomorrow, grouped and ordered as undated.
    dated_ahead: Vec<GivenDateDoc>,
    /// Articles whose date could not be read as a day, stored as undated.
    unreadable_dates: Vec<GivenDateDoc>,
    /// Ids already stored for an unrelated text: these articles were stored as new ones.
    reused_ids: Vec<String>,
}

/// An article and the date it gave, which the store does not go by (not come yet, or no day).
#[derive(Serialize, ToSchema)]
pub(crate) struct GivenDateDoc {
    /// Its id.
    document: String,
    /// The date it gave.
    date: String,
}

impl From<herald_store::GivenDate> for GivenDateDoc {
    fn from(d: herald_store::GivenDate) -> Self {
        GivenDateDoc {
            document: d.document,
            date: d.date,
        }
    }
}

impl From<Report> for IngestReport {
    fn from(r: Report) -> Self {
        IngestReport {
            input: r.input,
            new: r.new,
            versions: r.versions,
            copies: r.copies,
            unchanged: r.unchanged,
            skipped: r
                .skipped
                .into_iter()
                .map(|s| SkippedDoc {
                    document: s.document,
                    reason: s.reason,
                })
                .collect(),
            stories_opened: r.stories_opened,
            stories_grown: r.stories_grown,
            stories_merged: r.stories_merged,
            dated_ahead: r.dated_ahead.into_iter().map(GivenDateDoc::from).collect(),
            unreadable_dates: r
                .unreadable_dates
                .into_iter()
                .map(GivenDateDoc::from)
                .collect(),
            reused_ids: r.reused_ids,
        }
    }
}

fn no_store() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "this server has no store: start it with `herald serve --db FILE`",
    )
}

/// How long a client told that the store is busy should wait: about what a big ingest takes.
const STORE_BUSY_RETRY_SECONDS: u64 = 30;

/// A store error as an answer: an unknown story is the client's 404, a store locked by
/// another process past the busy timeout a 503 with `Retry-After`, the rest the server's.
pub(crate) fn store_error(e: herald_store::Error) -> ApiError {
    match e {
        herald_store::Error::NoSuchStory(_) => ApiError::new(StatusCode::NOT_FOUND, e.to_string()),
        herald_store::Error::BadTime { .. } => ApiError::bad_request(e.to_string()),
        // Another process (a big `herald ingest`, a backup) held the store's write lock past
        // the busy timeout: neither the client's fault nor a bug, and it passes.
        e if e.is_busy() => ApiError {
            retry_after: Some(STORE_BUSY_RETRY_SECONDS),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the store is busy: another process has been writing it for too long ({e}); try again in {STORE_BUSY_RETRY_SECONDS} s"
                ),
            )
        },
        other => ApiError::internal(format!("store: {other}")),
    }
}

/// Runs `work` on a blocking thread with a reading connection of its own.
pub(crate) async fn read<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let handle = state.store.clone().ok_or_else(no_store)?;
    blocking(move || {
        let store = Store::open_existing(&handle.path).map_err(store_error)?;
        work(&store)
    })
    .await
}

/// Runs `work` on a blocking thread with a connection of its own, which may write: for work
/// that must not queue behind the server's writer, and whose writes may be given up when the
/// store is busy.
async fn own<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let handle = state.store.clone().ok_or_else(no_store)?;
    blocking(move || {
        let mut store = Store::open_existing(&handle.path).map_err(store_error)?;
        work(&mut store)
    })
    .await
}

/// Runs `work` on a blocking thread with the server's one writing connection.
pub(crate) async fn write<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let handle = state.store.clone().ok_or_else(no_store)?;
    blocking(move || {
        // A panic in an earlier ingest rolled its transaction back (the input was dropped):
        // the store itself is sound, so the poison is cleared rather than failing every
        // later write.
        let mut store = handle.writer.lock().unwrap_or_else(|p| p.into_inner());
        work(&mut store)
    })
    .await
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(_) => Err(ApiError::internal(
            "internal error: the store's work panicked (please report it)",
        )),
    }
}

pub(crate) fn query_error(e: QueryRejection) -> ApiError {
    ApiError::bad_request(format!("query string: {}", e.body_text()))
}

fn path_error(e: PathRejection) -> ApiError {
    ApiError::bad_request(format!("path: {}", e.body_text()))
}

/// A time a client gives: `YYYY-MM-DD`, or an RFC 3339 UTC time (`2024-05-01T08:30:00Z`,
/// fractions of a second allowed), normalized to the store's `YYYY-MM-DDTHH:MM:SSZ`
/// ([`herald_store::moment`]).
fn parse_time(name: &str, given: &str) -> Result<String, ApiError> {
    herald_store::moment(given).ok_or_else(|| {
        ApiError::bad_request(format!(
            "{name:?} should be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ), not {given:?}"
        ))
    })
}

/// The pipeline settings a brief's query asks for.
fn brief_config(
    words: Option<usize>,
    sentences: Option<usize>,
    bytes: Option<usize>,
    algorithm: Option<&str>,
) -> Result<Config, ApiError> {
    let mut config = Config::default();
    if let Some(b) = Budget::from_counts(words, sentences, bytes)
        .map_err(|e| ApiError::bad_request(format!("query string: {e}")))?
    {
        config.budget = b;
    }
    if let Some(name) = algorithm {
        config.algorithm = Algorithm::from_name(name).ok_or_else(|| {
            ApiError::bad_request(format!(
                "query string: unknown algorithm {name:?}: use one of {}",
                Algorithm::NAMES.join(", ")
            ))
        })?;
    }
    Ok(config)
}

/// List the stories.
#[utoipa::path(
    get,
    path = "/api/stories",
    tag = "store",
    params(StoriesQuery),
    responses(
        (status = 200, description = "One page of stories, most recently active first", body = StoryList),
        (status = 400, description = "A bad query string", body = ErrorBody),
        (status = 404, description = "The server has no store", body = ErrorBody),
    )
)]
pub(crate) async fn stories(
    State(state): State<AppState>,
    query: Result<Query<StoriesQuery>, QueryRejection>,
) -> Result<Json<StoryList>, ApiError> {
    let Query(q) = query.map_err(query_error)?;
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "query string: \"limit\" should be 1 to {MAX_LIMIT}, not {limit}"
        )));
    }
    let offset = q.offset.unwrap_or(0);
    if let Some(since) = &q.since {
        if !herald_store::is_day(since) {
            return Err(ApiError::bad_request(format!(
                "query string: \"since\" should be a date (YYYY-MM-DD), not {since:?}"
            )));
        }
    }
    let new_since = q
        .new_since
        .as_deref()
        .map(|t| parse_time("new_since", t))
        .transpose()?;
    let min_articles = q.min_articles.unwrap_or(1);
    read(&state, move |store| {
        let (page, total) = store
            .stories_page(q.since.as_deref(), min_articles, offset, Some(limit))
            .map_err(store_error)?;
        let with_news = match &new_since {
            Some(t) => Some(
                store
                    .gained_since(t, q.since.as_deref(), min_articles)
                    .map_err(store_error)?
                    .len(),
            ),
            None => None,
        };
        let mut stories = Vec::new();
        for s in page {
            let detail = store.story(&s.id).map_err(store_error)?;
            let mut outlet_names: Vec<String> = Vec::new();
            for a in &detail.articles {
                if let Some(o) = &a.outlet {
                    if !outlet_names.contains(o) {
                        outlet_names.push(o.clone());
                    }
                }
            }
            // The story's articles come oldest first by date, so the last one need not be the
            // last stored: an older report can arrive late.
            let updated = detail
                .articles
                .iter()
                .map(|a| a.ingested.as_str())
                .max()
                .unwrap_or_default()
                .to_owned();
            // What joined last: the newest of the last input's articles, and only when the
            // story was there before it. Articles that opened a story together came in the
            // order of their input, which tells nothing new (the bundled example's last file
            // is the very report its brief sets aside).
            let inputs = detail.articles.iter().map(|a| a.input);
            let (first_input, last_input) = (inputs.clone().min(), inputs.max());
            let latest_title = if first_input < last_input {
                let latest = detail
                    .articles
                    .iter()
                    .rev()
                    .find(|a| Some(a.input) == last_input);
                latest.and_then(|a| a.title.clone())
            } else {
                None
            };
            let new_articles = new_since.as_ref().map(|t| {
                detail
                    .articles
                    .iter()
                    // In the second of `t` too, as the update brief counts them: said
                    // again rather than never.
                    .filter(|a| a.ingested.as_str() >= t.as_str())
                    .count()
            });
            stories.push(StoryItem {
                id: s.id,
                headline: s.headline,
                first: s.first,
                last: s.last,
                articles: s.articles,
                outlets: s.outlets,
                outlet_names,
                updated,
                latest_title,
                new_articles,
                documents: s.documents,
            });
        }
        Ok(Json(StoryList {
            stories,
            total,
            offset,
            limit,
            with_news,
        }))
    })
    .await
}

/// One story with its brief.
#[utoipa::path(
    get,
    path = "/api/stories/{id}",
    tag = "store",
    params(("id" = String, Path, description = "The story's id (s-000042, or 42); a merged story's id answers with the story it is now"), BriefQuery),
    responses(
        (status = 200, description = "The story, its brief and its sources", body = StoryBrief),
        (status = 400, description = "A bad budget or algorithm", body = ErrorBody),
        (status = 404, description = "No such story, or no store", body = ErrorBody),
        (status = 503, description = "The server is shutting down", body = ErrorBody),
    )
)]
pub(crate) async fn story(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<BriefQuery>, QueryRejection>,
) -> Result<Json<StoryBrief>, ApiError> {
    let Path(id) = id.map_err(path_error)?;
    let Query(q) = query.map_err(query_error)?;
    let config = brief_config(q.words, q.sentences, q.bytes, q.algorithm.as_deref())?;
    let turn = worker(&state).await?;
    read(&state, move |store| {
        let _turn = turn;
        let detail = store.story(&id).map_err(store_error)?;
        let articles = store.story_articles(&id).map_err(store_error)?;
        let summary = summarize(&detail, articles, config);
        Ok(Json(story_brief(detail, summary, None, None)))
    })
    .await
}

/// What a story's articles added since a time.
#[utoipa::path(
    get,
    path = "/api/stories/{id}/update",
    tag = "store",
    params(("id" = String, Path, description = "The story's id"), UpdateQuery),
    responses(
        (status = 200, description = "The update brief: only what the articles after `since` say", body = StoryBrief),
        (status = 400, description = "No or a bad `since`, budget or algorithm", body = ErrorBody),
        (status = 404, description = "No such story, or no store", body = ErrorBody),
        (status = 503, description = "The server is shutting down", body = ErrorBody),
    )
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<UpdateQuery>, QueryRejection>,
) -> Result<Json<StoryBrief>, ApiError> {
    let Path(id) = id.map_err(path_error)?;
    let Query(q) = query.map_err(query_error)?;
    let since = q
        .since
        .as_deref()
        .ok_or_else(|| ApiError::bad_request("query string: \"since\" is required"))?;
    let day_only = since.len() == 10;
    let since = parse_time("since", since)?;
    let config = brief_config(q.words, q.sentences, q.bytes, q.algorithm.as_deref())?;
    // Reads need no token, writes do: a reader without it is given the brief the store would
    // give, and it is not kept (a GET from anyone must not grow the store).
    let keep = crate::guard::may_write(&state, &headers);
    let turn = worker(&state).await?;
    // The store's own update briefs: they leave out what the briefs given before `since` told
    // (the reader could have read them by then), so asking again gives the same brief. A day
    // counts by publication date; a time of day (the desk's "since your last visit") by when
    // articles were stored, too.
    //
    // On a connection of its own, not the server's writer: an update waited for a running
    // ingest to end (seconds to minutes), holding a summary worker all that time. It reads
    // what was committed, and keeps itself only if the store is free within a moment, as
    // when another process ingests (`Store::brief_kept`); else it is given unkept.
    own(&state, move |store| {
        let _turn = turn;
        let from = if day_only {
            herald_store::Since::Date(since[..10].to_owned())
        } else {
            herald_store::Since::Time(since.clone())
        };
        let mut brief = store
            .brief_kept(&id, &config, from, keep)
            .map_err(store_error)?;
        if brief.new_articles == 0 {
            brief
                .summary
                .notes
                .push(format!("no article of this story is newer than {since}"));
        }
        Ok(Json(story_brief(
            brief.story,
            brief.summary,
            Some(since),
            Some(&brief.new),
        )))
    })
    .await
}

/// One of the summary workers: a brief is as CPU-bound as a summary and shares their cap.
async fn worker(state: &AppState) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    state.summaries.clone().acquire_owned().await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down",
        )
    })
}

fn summarize(detail: &StoryDetail, articles: Vec<Article>, config: Config) -> Summary {
    let cluster = Cluster {
        id: detail.story.id.clone(),
        articles,
        ..Cluster::default()
    };
    Pipeline::new(config).summarize(&cluster)
}

/// The answer for a brief; `new` (per article of the story, as `Brief::new`) only for an
/// update.
fn story_brief(
    detail: StoryDetail,
    summary: Summary,
    since: Option<String>,
    new: Option<&[bool]>,
) -> StoryBrief {
    let versions = detail
        .articles
        .iter()
        .filter(|a| a.kind == "version")
        .map(|a| VersionDoc {
            id: a.id.clone(),
            cited: a.cited.clone(),
            of: a.of.clone(),
            ingested: a.ingested.clone(),
        })
        .collect();
    let s = detail.story;
    StoryBrief {
        id: summary.id,
        story: s.id,
        headline: s.headline,
        first: s.first,
        last: s.last,
        articles: s.articles,
        outlets: s.outlets,
        since,
        summary: summary.summary,
        sentences: summary
            .sentences
            .into_iter()
            .map(|x| BriefSentence {
                text: x.text,
                document: x.document,
                start: x.start,
                end: x.end,
                spans: x
                    .spans
                    .iter()
                    .map(|r| SpanDoc {
                        start: r.start,
                        end: r.end,
                    })
                    .collect(),
                support: x.support,
                truncated: x.truncated,
            })
            .collect(),
        skipped: summary
            .skipped
            .into_iter()
            .map(|k| SkippedDoc {
                document: k.document,
                reason: k.reason,
            })
            .collect(),
        merged: summary
            .merged
            .into_iter()
            .map(|m| MergedDoc {
                document: m.document,
                into: m.into,
            })
            .collect(),
        outliers: summary.outliers,
        notes: summary.notes,
        sources: detail
            .articles
            .into_iter()
            .enumerate()
            .map(|(k, a)| SourceDoc {
                id: a.id,
                cited: a.cited,
                title: a.title,
                outlet: a.outlet,
                published: a.published,
                url: a.url,
                kind: a.kind,
                of: a.of,
                ingested: a.ingested,
                new: new.map(|n| n.get(k).copied().unwrap_or(false)),
            })
            .collect(),
        versions,
    }
}

/// One article with its text.
#[utoipa::path(
    get,
    path = "/api/articles/{id}",
    tag = "store",
    params(("id" = String, Path, description = "The article's id as a brief sentence names it (percent-encoded)"), ArticleQuery),
    responses(
        (status = 200, description = "The article, its text and metadata", body = ArticleDoc),
        (status = 400, description = "A bad query string", body = ErrorBody),
        (status = 404, description = "No such article or story, or no store", body = ErrorBody),
    )
)]
pub(crate) async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<ArticleQuery>, QueryRejection>,
) -> Result<Json<ArticleDoc>, ApiError> {
    let Path(id) = id.map_err(path_error)?;
    let Query(q) = query.map_err(query_error)?;
    read(&state, move |store| {
        // `id#2` names the second version of `id`; but an id may hold a `#` of its own (a
        // feed item's link with a fragment), so the id as given is looked up too.
        let base = id
            .rsplit_once('#')
            .filter(|(_, n)| n.parse::<u32>().is_ok())
            .map(|(b, _)| b);
        let asked = q.story.clone();
        let stories: Vec<String> = match q.story {
            Some(s) => vec![store.story(&s).map_err(store_error)?.story.id],
            None => {
                let mut found = store.stories_of_article(&id).map_err(store_error)?;
                if let Some(b) = base {
                    for s in store.stories_of_article(b).map_err(store_error)? {
                        if !found.contains(&s) {
                            found.push(s);
                        }
                    }
                }
                found
            }
        };
        for story in stories {
            let found = store
                .story_articles(&story)
                .map_err(store_error)?
                .into_iter()
                .find(|a| a.id == id);
            if let Some(a) = found {
                // The title as the story lists it: cleaned of page furniture given as a title.
                let listed = store.story(&story).map_err(store_error)?.articles;
                let stored_id = base.filter(|_| !listed.iter().any(|s| s.id == id));
                let title = listed
                    .into_iter()
                    .find(|s| s.id == stored_id.unwrap_or(&id))
                    .and_then(|s| s.title)
                    .or(a.title);
                return Ok(Json(ArticleDoc {
                    id: a.id,
                    story,
                    title,
                    outlet: a.site,
                    published: a.date,
                    url: a.url,
                    author: a.author,
                    text: a.text,
                    body_start: a.body_start,
                }));
            }
        }
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            match asked {
                Some(story) => format!("no article {id:?} in story {story:?}"),
                None => format!("no article {id:?} in the store"),
            },
        ))
    })
    .await
}

/// Ingest articles into the store.
#[utoipa::path(
    post,
    path = "/api/ingest",
    tag = "store",
    request_body(content = IngestBody, content_type = "application/json"),
    responses(
        (status = 200, description = "What the ingest did: the input is stored whole", body = IngestReport),
        (status = 400, description = "A body that is not articles", body = ErrorBody),
        (status = 404, description = "The server has no store", body = ErrorBody),
    )
)]
pub(crate) async fn ingest(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IngestReport>, ApiError> {
    let body = body.map_err(|e| crate::api::body_error(&state, e))?;
    let (cluster, input) = parse_ingest(&body)?;
    store_cluster(&state, cluster, input).await
}

/// Ingest the bundled example.
#[utoipa::path(
    post,
    path = "/api/example/ingest",
    tag = "store",
    responses(
        (status = 200, description = "What ingesting the bundled example did (unchanged articles the second time)", body = IngestReport),
        (status = 404, description = "The server has no store", body = ErrorBody),
    )
)]
pub(crate) async fn ingest_example(
    State(state): State<AppState>,
) -> Result<Json<IngestReport>, ApiError> {
    store_cluster(&state, crate::example::mixed_cluster(), "example".into()).await
}

async fn store_cluster(
    state: &AppState,
    cluster: Cluster,
    name: String,
) -> Result<Json<IngestReport>, ApiError> {
    write(state, move |store| {
        let mut input = store.input(&name).map_err(store_error)?;
        input.skip(cluster.skipped);
        input.add(cluster.articles).map_err(store_error)?;
        let report = input.commit().map_err(store_error)?;
        Ok(Json(report.into()))
    })
    .await
}

/// Gives a document without an id one made from its title and text
/// ([`herald::ingest::content_id`]): `article-` and 16 hex digits. Anything else is left for
/// the parser to judge.
fn name_by_text(doc: &mut Value) {
    let Value::Object(o) = doc else { return };
    if o.contains_key("id") {
        return;
    }
    let field = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("");
    let named = format!("{}\n{}", field("title"), field("text"));
    let id = format!("article-{}", herald::ingest::content_id(&named));
    o.insert("id".into(), Value::String(id));
}

/// The articles of an ingest body and the input's name.
fn parse_ingest(body: &[u8]) -> Result<(Cluster, String), ApiError> {
    let mut obj = crate::api::json_object(body)?;
    if let Some(k) = obj
        .keys()
        .find(|k| !["articles", "cluster", "input"].contains(&k.as_str()))
    {
        return Err(ApiError::bad_request(format!(
            "unknown field {k:?}: expected \"articles\" or \"cluster\", and optionally \"input\""
        )));
    }
    let input = match obj.remove("input") {
        None | Some(Value::Null) => "api".to_owned(),
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "\"input\" should be a non-empty string, not {}",
                describe(&other)
            )))
        }
    };
    // An article without an id is named by its text, not by its place in the body: the first
    // article of two requests is rarely the same article, and by position a follow-up would be
    // stored as a new version of yesterday's report.
    let cluster = match (obj.remove("cluster"), obj.remove("articles")) {
        (Some(mut c), None) => {
            if let Some(Value::Array(docs)) = c.get_mut("documents") {
                docs.iter_mut().for_each(name_by_text);
            }
            parse_cluster_value(&c, "\"cluster\"")
                .map_err(|e| ApiError::bad_request(e.to_string()))?
        }
        (None, Some(mut a)) => {
            if let Value::Array(docs) = &mut a {
                docs.iter_mut().for_each(name_by_text);
            }
            articles_cluster(a)?
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "give either \"cluster\" or \"articles\", not both",
            ))
        }
        (None, None) => return Err(ApiError::bad_request(
            "nothing to ingest: give \"articles\" (a list of {\"title\", \"text\"}) or \"cluster\"",
        )),
    };
    if cluster.articles.is_empty() && cluster.skipped.is_empty() {
        return Err(ApiError::bad_request("nothing to ingest: no articles"));
    }
    Ok((cluster, input))
}

/// Keeps the handle's type nameable from `lib.rs`.
pub(crate) type SharedStore = Arc<StoreHandle>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_locked_too_long_is_503_with_retry_after_not_a_bug() {
        let busy = herald_store::Error::Sqlite {
            path: "herald.db".into(),
            source: rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some("database is locked".into()),
            ),
        };
        let error = store_error(busy);
        assert_eq!(
            error.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            error.message
        );
        assert!(error.message.contains("busy"), "{}", error.message);
        let response = axum::response::IntoResponse::into_response(error);
        assert_eq!(response.headers()["retry-after"], "30");
        let corrupt = herald_store::Error::Sqlite {
            path: "herald.db".into(),
            source: rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                None,
            ),
        };
        assert_eq!(
            store_error(corrupt).status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn times_are_normalized_or_refused() {
        assert_eq!(
            parse_time("since", "2024-05-01").unwrap(),
            "2024-05-01T00:00:00Z"
        );
        assert_eq!(
            parse_time("since", "2024-05-01T08:30:12.345Z").unwrap(),
            "2024-05-01T08:30:12Z"
        );
        assert_eq!(
            parse_time("since", "2024-05-01T23:59:60Z").unwrap(),
            "2024-05-01T23:59:60Z"
        );
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "2024-05-01 08:30",
            "2024-05-01T08:30",
            "2024-05-01T24:00:00Z",
            "2024-05-01T08:60:00Z",
            "2024-05-01T08:30:61Z",
            "2024-05-01T99:99:99Z",
        ] {
            assert!(parse_time("since", bad).is_err(), "{bad}");
        }
    }
}
