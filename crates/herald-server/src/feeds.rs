//! The store's feeds over HTTP: `GET /api/feeds`, `POST /api/feeds`, `DELETE /api/feeds`. The
//! server only records which feeds the store follows; polling them is the job of whoever
//! watches the store (`herald serve --watch`, which this module nudges when a feed is added,
//! or a `herald watch` running beside it).

use crate::api::{describe, ApiError};
use crate::desk::{query_error, read, store_error, write, ErrorBody};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use utoipa::{IntoParams, ToSchema};

/// How the store's feeds are polled while this server runs: every `every`, and at once after
/// `nudge` when a feed is added.
#[derive(Clone)]
pub struct FeedWatch {
    every: Duration,
    nudge: Arc<dyn Fn() + Send + Sync>,
}

impl FeedWatch {
    /// Feeds polled every `every`; `nudge` asks the poller for a round now.
    pub fn new(every: Duration, nudge: impl Fn() + Send + Sync + 'static) -> Self {
        FeedWatch {
            every,
            nudge: Arc::new(nudge),
        }
    }
}

impl std::fmt::Debug for FeedWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedWatch")
            .field("every", &self.every)
            .finish()
    }
}

/// The feeds the store follows.
#[derive(Serialize, ToSchema)]
pub(crate) struct FeedList {
    /// In the order they were added.
    feeds: Vec<FeedItem>,
    /// Whether this server polls them (`herald serve --watch`); if not, only a `herald watch`
    /// beside it brings their articles.
    watching: bool,
    /// With `watching`: seconds between two rounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    every: Option<u64>,
}

/// One followed feed.
#[derive(Serialize, ToSchema)]
pub(crate) struct FeedItem {
    /// Its address.
    url: String,
    /// When it was added (UTC, RFC 3339: `YYYY-MM-DDTHH:MM:SSZ`).
    added: String,
    /// When it was last polled (as `added`); null before the first poll.
    checked: Option<String>,
    /// Why the last poll failed; null when it succeeded or none was made.
    error: Option<String>,
    /// When a feed that failed three polls in a row or more is next polled (as `added`): it
    /// waits an hour, twice as long after each further failure, a day at most. Null when it
    /// is polled at the next round.
    next_try: Option<String>,
}

impl From<herald_store::Feed> for FeedItem {
    fn from(f: herald_store::Feed) -> Self {
        FeedItem {
            url: f.url,
            added: f.added,
            checked: f.checked,
            error: f.error,
            next_try: f.next_try,
        }
    }
}

/// The body of `POST /api/feeds`.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // Read by hand (for one-line errors); here for the document.
pub(crate) struct FeedBody {
    /// The feed's address (http or https).
    url: String,
}

/// The query string of `DELETE /api/feeds`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct FeedQuery {
    /// The feed's address, as listed.
    url: String,
}

/// The answer of `POST` and `DELETE`.
#[derive(Serialize, ToSchema)]
pub(crate) struct FeedChange {
    /// The feed's address.
    url: String,
    /// Whether this request changed anything (false: it was followed, or not, already).
    changed: bool,
}

/// List the feeds the store follows.
#[utoipa::path(
    get,
    path = "/api/feeds",
    tag = "store",
    responses(
        (status = 200, description = "The followed feeds, with their last poll", body = FeedList),
        (status = 404, description = "The server has no store", body = ErrorBody),
    )
)]
pub(crate) async fn list(State(state): State<AppState>) -> Result<Json<FeedList>, ApiError> {
    let watch = state.feed_watch.clone();
    read(&state, move |store| {
        let feeds = store.subscriptions().map_err(store_error)?;
        Ok(Json(FeedList {
            feeds: feeds.into_iter().map(FeedItem::from).collect(),
            watching: watch.is_some(),
            every: watch.map(|w| w.every.as_secs()),
        }))
    })
    .await
}

/// Follow a feed.
#[utoipa::path(
    post,
    path = "/api/feeds",
    tag = "store",
    request_body(content = FeedBody, content_type = "application/json"),
    responses(
        (status = 201, description = "The store follows the feed now", body = FeedChange),
        (status = 200, description = "The store followed the feed already", body = FeedChange),
        (status = 400, description = "A body without a feed address herald can poll", body = ErrorBody),
        (status = 404, description = "The server has no store", body = ErrorBody),
    )
)]
pub(crate) async fn add(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<FeedChange>), ApiError> {
    let body = body.map_err(|e| crate::api::body_error(&state, e))?;
    let url = feed_url(&body)?;
    let added = write(&state, move |store| {
        let changed = store.subscribe(&url).map_err(|e| match e {
            herald_store::Error::BadFeedUrl { .. } => ApiError::bad_request(e.to_string()),
            other => store_error(other),
        })?;
        Ok(FeedChange {
            url: url.trim().to_owned(),
            changed,
        })
    })
    .await?;
    if added.changed {
        if let Some(watch) = &state.feed_watch {
            (watch.nudge)();
        }
    }
    let status = if added.changed {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(added)))
}

/// Stop following a feed (its articles stay).
#[utoipa::path(
    delete,
    path = "/api/feeds",
    tag = "store",
    params(FeedQuery),
    responses(
        (status = 200, description = "The store no longer follows the feed", body = FeedChange),
        (status = 400, description = "A bad query string", body = ErrorBody),
        (status = 404, description = "Not a feed the store follows, or no store", body = ErrorBody),
    )
)]
pub(crate) async fn remove(
    State(state): State<AppState>,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Result<Json<FeedChange>, ApiError> {
    let Query(q) = query.map_err(query_error)?;
    write(&state, move |store| {
        if store.unsubscribe(&q.url).map_err(store_error)? {
            Ok(Json(FeedChange {
                url: q.url,
                changed: true,
            }))
        } else {
            Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("{:?} is not a feed the store follows", q.url),
            ))
        }
    })
    .await
}

/// The `url` of a `POST /api/feeds` body, with a one-line error for anything else.
fn feed_url(body: &[u8]) -> Result<String, ApiError> {
    let mut obj = crate::api::json_object(body)?;
    if let Some(k) = obj.keys().find(|k| k.as_str() != "url") {
        return Err(ApiError::bad_request(format!(
            "unknown field {k:?}: expected only \"url\""
        )));
    }
    match obj.remove("url") {
        Some(Value::String(url)) => Ok(url),
        None => Err(ApiError::bad_request("no \"url\": give the feed's address")),
        Some(other) => Err(ApiError::bad_request(format!(
            "\"url\" should be a string, not {}",
            describe(&other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::feed_url;

    #[test]
    fn a_feed_body_is_one_url_string() {
        assert_eq!(
            feed_url(br#"{"url": "https://news.example/rss"}"#).unwrap(),
            "https://news.example/rss"
        );
        for (body, says) in [
            (&b"[1]"[..], "JSON object"),
            (br#"{"url": 3}"#, "should be a string"),
            (br#"{}"#, "no \"url\""),
            (br#"{"url": "x", "every": 5}"#, "unknown field \"every\""),
            (b"{", "not valid JSON"),
        ] {
            let e = feed_url(body).unwrap_err();
            assert!(e.message.contains(says), "{}: {}", says, e.message);
        }
    }
}
