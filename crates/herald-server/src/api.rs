//! The JSON API: reading a summarize request, running the pipeline off the async threads, and
//! the one error shape every endpoint uses.

use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use herald::clean::boilerplate::BoilerplateCounter;
use herald::cluster::stories::into_stories_cancellable;
use herald::ingest::parse_cluster_value;
use herald::model::{Budget, Cluster, Skipped, Summary};
use herald::render::{render, render_one, Format};
use herald::summarize::Algorithm;
use herald::{Cancel, Cancelled, Config, Pipeline};
use serde_json::{json, Map, Value};

/// A failed request: the status and one line saying what was wrong and where.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    /// Seconds after which trying again may succeed, sent as `Retry-After`.
    pub(crate) retry_after: Option<u64>,
}

impl ApiError {
    /// An error with this status.
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({ "error": self.message }))).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

/// The fields a summarize request may have; anything else is a typo worth reporting.
const FIELDS: [&str; 9] = [
    "cluster",
    "articles",
    "words",
    "sentences",
    "bytes",
    "algorithm",
    "truncate",
    "stories",
    "min_articles",
];

/// A story needs this many articles unless the request says otherwise: a lone article is not
/// yet a story (the default of `herald summarize --min-articles`).
const MIN_ARTICLES: usize = 2;

/// In stories mode, a sentence found word for word in this many stories is boilerplate and never
/// quoted: the default of `herald summarize --boilerplate-clusters`, so that server and CLI
/// agree on the same pool.
const BOILERPLATE_STORIES: u32 = 3;

/// The query string of `POST /api/summarize`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SummarizeQuery {
    format: Option<String>,
}

/// Summarize articles (`POST /api/summarize`).
#[utoipa::path(
    post,
    path = "/api/summarize",
    tag = "summarize",
    params(("format" = Option<String>, Query, description = "json (default), markdown, text, html or jsonl")),
    request_body(content = Object, content_type = "application/json", description = "`{\"cluster\": {...}}` or `{\"articles\": [...]}`, with optional `words`, `sentences` or `bytes`, `algorithm`, `truncate`, `stories` and `min_articles`"),
    responses(
        (status = 200, description = "The summary (or, with `stories`, `{stories, apart, skipped}`) in the chosen format; with `stories`, the headers `X-Herald-Apart` and `X-Herald-Skipped` count the articles no summary covers", content(
            (Object = "application/json"),
            (String = "application/x-ndjson"),
            (String = "text/markdown"),
            (String = "text/plain"),
            (String = "text/html"),
        )),
        (status = 400, description = "A body or query string that is not a summarize request", body = crate::desk::ErrorBody),
        (status = 408, description = "The body stalled", body = crate::desk::ErrorBody),
        (status = 503, description = "The queue is full (with `Retry-After`) or the deadline passed", body = crate::desk::ErrorBody),
    )
)]
pub(crate) async fn summarize(
    State(state): State<AppState>,
    query: Result<Query<SummarizeQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Query(query) =
        query.map_err(|e| ApiError::bad_request(format!("query string: {}", e.body_text())))?;
    let format = match query.format.as_deref() {
        None => Format::Json,
        Some(name) => Format::from_name(name).ok_or_else(|| {
            ApiError::bad_request(format!(
                "query string: unknown format {name:?}: use json, markdown, text, html or jsonl"
            ))
        })?,
    };
    let body = body.map_err(|e| body_error(&state, e))?;
    let turn = state
        .summaries
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal("the server is shutting down"))?;
    // Set when this handler is dropped before it finishes: the deadline passed or the client
    // went away. The work looks at it between its stages and stops, giving its worker back.
    let stop = StopFlag::default();
    let _stop_on_drop = stop.arm();
    // Parsing and summarizing a large cluster takes a while and must not hold up the async
    // threads; a panic there surfaces here as a JoinError instead of killing the connection.
    // The turn goes with the work: a client that hangs up does not free a core still busy.
    let work = move || {
        let _turn = turn;
        summarize_body(&body, format, &stop)
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => Err(ApiError::internal(
            "internal error: the summarizer panicked on this input (please report it)",
        )),
        Err(_) => Err(ApiError::internal(
            "internal error: the summary was cancelled",
        )),
    }
}

/// Why a request body could not be read, as an answer: too large (413), stalled (408), or cut.
pub(crate) fn body_error(state: &AppState, e: BytesRejection) -> ApiError {
    let status = e.status();
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        format!(
            "request body over the limit of {} MiB",
            state.body_limit >> 20
        )
    } else if is_body_timeout(&e) {
        return ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "request body: nothing received for {} s",
                state.limits.body_timeout.as_secs_f64()
            ),
        );
    } else {
        format!("request body: {}", e.body_text())
    };
    ApiError::new(status, message)
}

/// Whether a request body failed because it stalled past the body timeout.
fn is_body_timeout(rejection: &BytesRejection) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(rejection);
    while let Some(e) = source {
        if e.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// A request's "stop now" signal, shared between its handler and its blocking work: the
/// library's [`Cancel`], which the pipeline looks at inside its long loops.
#[derive(Debug, Clone, Default)]
pub(crate) struct StopFlag(Cancel);

/// Raises its flag when dropped, that is when the handler future is dropped: by the deadline
/// layer, by a client that disconnects, or after the answer is sent (too late to matter).
pub(crate) struct StopOnDrop(StopFlag);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0 .0.cancel();
    }
}

impl StopFlag {
    /// A guard that raises this flag when dropped.
    pub(crate) fn arm(&self) -> StopOnDrop {
        StopOnDrop(self.clone())
    }

    /// `Err` once nobody waits for the answer any more.
    fn check(&self) -> Result<(), ApiError> {
        if self.0.is_cancelled() {
            Err(stopped())
        } else {
            Ok(())
        }
    }
}

/// The answer to work stopped because nobody waits for it (whoever is left to read it).
fn stopped() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "the request was stopped: its deadline passed or its client left",
    )
}

/// Parses, summarizes and renders one request, checking `stop` between stages and handing it
/// to the pipeline, which looks at it inside its long loops: work nobody waits for ends soon
/// after instead of running to the end.
fn summarize_body(body: &[u8], format: Format, stop: &StopFlag) -> Result<Response, ApiError> {
    stop.check()?;
    let (cluster, config, stories) = parse_request(body)?;
    stop.check()?;
    let mut out = Vec::new();
    let mut left_out = None;
    match stories {
        None => {
            let summary = Pipeline::new(config)
                .summarize_cancellable(&cluster, &stop.0)
                .map_err(|_| stopped())?;
            render(format, std::slice::from_ref(&summary), &mut out)
        }
        Some(min_articles) => {
            match summarize_stories(cluster, config, min_articles, format, &mut out, stop) {
                Ok(Some(counts)) => {
                    left_out = Some(counts);
                    Ok(())
                }
                Ok(None) => return Err(stop.check().expect_err("stopped")),
                Err(e) => Err(e),
            }
        }
    }
    .map_err(|e| ApiError::internal(format!("internal error: rendering failed: {e}")))?;
    let mut response = ([(header::CONTENT_TYPE, content_type(format))], out).into_response();
    // Every format says how many articles no summary covers; only JSON has room for the lists.
    if let Some((apart, skipped)) = left_out {
        let headers = response.headers_mut();
        headers.insert("x-herald-apart", apart.into());
        headers.insert("x-herald-skipped", skipped.into());
    }
    Ok(response)
}

/// The JSON answer in stories mode: what `herald summarize --stories` writes on standard output
/// and standard error, in one object.
#[derive(serde::Serialize)]
struct StoriesResponse<'a> {
    stories: &'a [Summary],
    apart: &'a [&'a str],
    skipped: &'a [Skipped],
}

/// `"stories": true`: groups the cluster's articles into stories as `herald summarize --stories`
/// does and renders one summary per story of at least `min_articles`. Returns how many
/// articles were left apart (in smaller stories) and how many were skipped as unreadable, or
/// `None` if `stop` was raised before the last story was summarized.
fn summarize_stories(
    cluster: Cluster,
    config: Config,
    min_articles: usize,
    format: Format,
    out: &mut Vec<u8>,
    stop: &StopFlag,
) -> std::io::Result<Option<(usize, usize)>> {
    let story_config = config.stories.clone();
    let mut pipeline = Pipeline::new(config);
    let Ok((stories, apart)) = into_stories_cancellable(
        cluster.articles,
        &story_config,
        pipeline.cleaner(),
        min_articles,
        &stop.0,
    ) else {
        return Ok(None);
    };
    let mut counter = BoilerplateCounter::default();
    for story in &stories {
        counter.add(story, pipeline.cleaner());
    }
    pipeline = pipeline.with_boilerplate(counter.finish(BOILERPLATE_STORIES));
    if stop.check().is_err() {
        return Ok(None);
    }
    let mut summaries: Vec<Summary> = Vec::with_capacity(stories.len());
    for story in &stories {
        match pipeline.summarize_story_cancellable(story, &stop.0) {
            Ok(summary) => summaries.push(summary),
            Err(Cancelled) => return Ok(None),
        }
    }
    let apart: Vec<&str> = apart.iter().map(|a| a.id.as_str()).collect();
    let skipped = &cluster.skipped;
    match format {
        Format::Json => {
            let response = StoriesResponse {
                stories: &summaries,
                apart: &apart,
                skipped,
            };
            serde_json::to_writer_pretty(&mut *out, &response)?;
            out.push(b'\n');
        }
        // Machine formats stay exactly the CLI's; the counts go in the response headers.
        Format::Html | Format::Jsonl => render(format, &summaries, out)?,
        // Headed even when there is one story, as the CLI's --stories output is: the reader
        // should see which story it is. What the CLI says on standard error follows the
        // stories, so a reader of the page knows what no summary covers.
        Format::Text | Format::Markdown => {
            for (i, s) in summaries.iter().enumerate() {
                render_one(format, s, i == 0, true, out)?;
            }
            left_out_note(format, min_articles, &apart, skipped, out)?;
        }
    }
    Ok(Some((apart.len(), skipped.len())))
}

/// The articles no story summary covers, after the stories in text or markdown: those in
/// stories smaller than `min_articles`, and those skipped as unreadable.
fn left_out_note(
    format: Format,
    min_articles: usize,
    apart: &[&str],
    skipped: &[Skipped],
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    use std::io::Write;
    if apart.is_empty() && skipped.is_empty() {
        return Ok(());
    }
    let markdown = format == Format::Markdown;
    writeln!(out)?;
    if markdown {
        writeln!(out, "---")?;
        writeln!(out)?;
    }
    if !apart.is_empty() {
        let label = format!(
            "In stories of fewer than {} articles, not summarized:",
            min_articles.max(1)
        );
        if markdown {
            writeln!(out, "*{label}* {}", apart.join(", "))?;
        } else {
            writeln!(out, "({label} {})", apart.join(", "))?;
        }
    }
    for k in skipped {
        if markdown {
            writeln!(out, "- *skipped* {}: {}", k.document, k.reason)?;
        } else {
            writeln!(out, "(skipped {}: {})", k.document, k.reason)?;
        }
    }
    Ok(())
}

fn content_type(format: Format) -> &'static str {
    match format {
        Format::Json => "application/json",
        Format::Jsonl => "application/x-ndjson",
        Format::Markdown => "text/markdown; charset=utf-8",
        Format::Text => "text/plain; charset=utf-8",
        Format::Html => "text/html; charset=utf-8",
    }
}

/// A request body that must be a JSON object, or the one-line error saying what it is instead.
pub(crate) fn json_object(body: &[u8]) -> Result<serde_json::Map<String, Value>, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("request body is not valid JSON: {e}")))?;
    match value {
        Value::Object(obj) => Ok(obj),
        other => Err(ApiError::bad_request(format!(
            "request body should be a JSON object, not {}",
            describe(&other)
        ))),
    }
}

/// The cluster and pipeline configuration a request body describes, and in stories mode the
/// fewest articles a story needs to be summarized.
fn parse_request(body: &[u8]) -> Result<(Cluster, Config, Option<usize>), ApiError> {
    let mut obj = json_object(body)?;
    if let Some(k) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(ApiError::bad_request(format!(
            "unknown field {k:?}: expected \"cluster\" or \"articles\", and optionally {}",
            FIELDS[2..].join(", ")
        )));
    }
    let budget = Budget::from_counts(
        count(&obj, "words", 1)?,
        count(&obj, "sentences", 1)?,
        count(&obj, "bytes", 1)?,
    )
    .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let algorithm = match obj.get("algorithm") {
        None | Some(Value::Null) => Algorithm::default(),
        Some(Value::String(name)) => Algorithm::from_name(name).ok_or_else(|| {
            ApiError::bad_request(format!(
                "unknown algorithm {name:?}: use one of {}",
                Algorithm::NAMES.join(", ")
            ))
        })?,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "\"algorithm\" should be a string, not {}",
                describe(other)
            )))
        }
    };
    let truncate = flag(&obj, "truncate")?;
    let stories = match (flag(&obj, "stories")?, count(&obj, "min_articles", 1)?) {
        (true, min) => Some(min.unwrap_or(MIN_ARTICLES)),
        (false, None) => None,
        // Ignoring it would summarize the whole cluster as one while the client expected
        // stories.
        (false, Some(_)) => {
            return Err(ApiError::bad_request(
                "\"min_articles\" only applies with \"stories\": true",
            ))
        }
    };
    let cluster = match (obj.remove("cluster"), obj.remove("articles")) {
        (Some(c), None) => parse_cluster_value(&c, "\"cluster\"")
            .map_err(|e| ApiError::bad_request(e.to_string()))?,
        (None, Some(a)) => articles_cluster(a)?,
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "give either \"cluster\" or \"articles\", not both",
            ))
        }
        (None, None) => {
            return Err(ApiError::bad_request(
                "nothing to summarize: give \"cluster\" (a cluster object) or \"articles\" (a list of {\"title\", \"text\"})",
            ))
        }
    };
    if cluster.articles.is_empty() {
        return Err(ApiError::bad_request(no_articles(&cluster)));
    }
    let config = Config {
        budget: budget.unwrap_or_default(),
        algorithm,
        truncate,
        ..Config::default()
    };
    Ok((cluster, config, stories))
}

/// The short form: a list of articles becomes a cluster called `articles`, whose documents
/// without an id are named `article-1`, `article-2`, ... by position.
pub(crate) fn articles_cluster(articles: Value) -> Result<Cluster, ApiError> {
    let Value::Array(list) = articles else {
        return Err(ApiError::bad_request(format!(
            "\"articles\" should be an array of {{\"title\", \"text\"}} objects, not {}",
            describe(&articles)
        )));
    };
    let documents: Vec<Value> = list
        .into_iter()
        .enumerate()
        .map(|(k, doc)| match doc {
            Value::Object(mut o) if !o.contains_key("id") => {
                o.insert("id".into(), Value::String(format!("article-{}", k + 1)));
                Value::Object(o)
            }
            other => other,
        })
        .collect();
    let cluster = json!({ "id": "articles", "documents": documents });
    parse_cluster_value(&cluster, "\"articles\"").map_err(|e| ApiError::bad_request(e.to_string()))
}

/// Why a cluster with nothing to read cannot be summarized, with the first few skip reasons.
fn no_articles(cluster: &Cluster) -> String {
    if cluster.skipped.is_empty() {
        return format!("cluster {:?} has no documents", cluster.id);
    }
    const SHOWN: usize = 3;
    let reasons: Vec<String> = cluster
        .skipped
        .iter()
        .take(SHOWN)
        .map(|s| format!("{}: {}", s.document, s.reason))
        .collect();
    let more = cluster.skipped.len().saturating_sub(SHOWN);
    let more = if more > 0 {
        format!(" (and {more} more)")
    } else {
        String::new()
    };
    format!(
        "cluster {:?} has no usable documents: {}{more}",
        cluster.id,
        reasons.join("; ")
    )
}

/// A count: absent, or a whole number of at least `min` that fits in memory sizes.
fn count(obj: &Map<String, Value>, name: &str, min: u64) -> Result<Option<usize>, ApiError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .filter(|&n| n >= min)
            .and_then(|n| usize::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{name:?} should be a whole number of {min} or more, not {}",
                    describe(v)
                ))
            }),
    }
}

/// A switch: absent (off), or true or false.
fn flag(obj: &Map<String, Value>, name: &str) -> Result<bool, ApiError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(ApiError::bad_request(format!(
            "{name:?} should be true or false, not {}",
            describe(other)
        ))),
    }
}

/// A JSON value named for an error message: numbers as they are, anything else by its kind,
/// so a message never echoes a huge string back.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// How long a client told "too busy" should wait before trying again, in seconds: about the
/// time a few summaries take.
const RETRY_AFTER_SECONDS: u64 = 2;

/// What the summarize endpoint's layers fail with, as an answer: the queue is full (503 with
/// `Retry-After`), or, which should not happen, some other layer error (500).
pub(crate) async fn overloaded(error: tower::BoxError) -> Response {
    if error.is::<tower::load_shed::error::Overloaded>() {
        ApiError {
            retry_after: Some(RETRY_AFTER_SECONDS),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("too many summaries queued; try again in {RETRY_AFTER_SECONDS} s"),
            )
        }
        .into_response()
    } else {
        ApiError::internal(format!("internal error: {error}")).into_response()
    }
}

/// Whether the service is up (`GET /api/health`).
#[utoipa::path(get, path = "/api/health", tag = "service", responses(
    (status = 200, description = "`{\"status\": \"ok\", \"version\"}`", body = Health),
))]
pub(crate) async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// The names `"algorithm"` accepts, the default first (`GET /api/algorithms`).
#[utoipa::path(get, path = "/api/algorithms", tag = "service", responses(
    (status = 200, description = "The algorithms' names", body = Vec<String>),
))]
pub(crate) async fn algorithms() -> Json<&'static [&'static str]> {
    Json(Algorithm::NAMES)
}

/// The health answer, for the OpenAPI document.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // only documents the answer
pub(crate) struct Health {
    /// Always `ok`.
    status: String,
    /// herald's version.
    version: String,
}

/// Any other path.
pub(crate) async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such endpoint: {method} {}", uri.path()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raised_stop_flag_stops_the_work_before_it_starts() {
        let body = br#"{"articles": [{"text": "One sentence here. Another one there."}]}"#;
        let stop = StopFlag::default();
        assert!(summarize_body(body, Format::Json, &stop).is_ok());
        drop(stop.arm());
        let error = summarize_body(body, Format::Json, &stop).unwrap_err();
        assert_eq!(error.status, StatusCode::SERVICE_UNAVAILABLE);
    }

    #[test]
    fn stories_stop_between_two_stories() {
        let stop = StopFlag::default();
        drop(stop.arm());
        let cluster = Cluster::default();
        let mut out = Vec::new();
        let counts =
            summarize_stories(cluster, Config::default(), 1, Format::Json, &mut out, &stop);
        assert_eq!(counts.unwrap(), None);
        assert!(out.is_empty());
    }
}
