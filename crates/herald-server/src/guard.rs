//! The request rules that are not about summarizing, as middleware layers around every
//! endpoint: who may write, what a write must be, and one error shape for every refusal,
//! whichever layer or router produced it.

use crate::AppState;
use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A refusal: status, the one-line JSON error, and extra headers.
fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// Reads (GET, HEAD, OPTIONS) change nothing and need none of the write rules.
fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A write with a body (POST, PUT, PATCH, not empty) must carry JSON: `Content-Type: application/json`
/// (parameters such as a charset allowed). A browser can send a form or `text/plain` to any site without asking first;
/// JSON it only sends cross-origin after a preflight this server never grants.
///
/// Only a method the path takes is checked: any other gets the router's 405, which says what
/// the path does take, rather than a 415 about a body it would never read.
pub(crate) async fn json_only(request: Request, next: Next) -> Response {
    // A POST with nothing in it (`POST /api/example/ingest`, which reads no body) has no type
    // to judge; a cross-site one is still refused by its `Origin`.
    let has_body = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH
    ) && !request.body().is_end_stream();
    if has_body
        && methods_of(request.uri().path()).contains(request.method())
        && !is_json(request.headers())
    {
        let given = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map_or("none".to_owned(), |v| format!("{v:?}"));
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "the request body must be JSON with \"Content-Type: application/json\" (given: {given})"
            ),
        );
    }
    next.run(request).await
}

/// A body whose declared `Content-Length` is over the limit is refused at once (413), before
/// a byte of it is read: a client that asked `Expect: 100-continue` is then never told to
/// send it, and one that did not is not kept waiting for the rest to be read and dropped.
pub(crate) async fn declared_length(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.body_limit as u64) {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "request body over the limit of {} MiB",
                state.body_limit >> 20
            ),
        );
    }
    next.run(request).await
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// A server without a token listens on loopback only, and answers only requests made to a
/// loopback name (`localhost`, `127.0.0.1`, `[::1]`, with any port). Otherwise a page of
/// another site could point its own name at 127.0.0.1 (DNS rebinding): the browser would then
/// take the server for that site's, send its `Host` and `Origin`, which agree, and let the page
/// write to the store, add feeds the server fetches, and read every answer. A request without
/// `Host` (HTTP/1.0, tests through the router) names no other site and passes.
pub(crate) async fn loopback_host(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if state.token.is_none() {
        if let Some(host) = request.headers().get(header::HOST) {
            if !host.to_str().is_ok_and(is_loopback_host) {
                let host = host.to_str().unwrap_or("(not text)");
                return refuse(
                    StatusCode::FORBIDDEN,
                    format!(
                        "request for host {host:?} refused: a server without a token answers \
                         only requests to localhost, 127.0.0.1 or [::1] (set --token to serve \
                         other names)"
                    ),
                );
            }
        }
    }
    next.run(request).await
}

/// Whether a `Host` value (`name[:port]`) names this machine's loopback: `localhost` and its
/// subdomains (RFC 6761), 127.0.0.0/8, `[::1]`.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inside, _)) => inside,
            None => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A write that a browser sends from another site's page carries that site's `Origin`: it is
/// refused, so that a page a user visits cannot post work to their local server, unless the
/// server allows that origin (`herald serve --allow-origin`). Clients that are not browsers
/// send no `Origin` and pass; the server's own page sends its own.
pub(crate) async fn same_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if is_write(request.method()) {
        if let Some(origin) = request.headers().get(header::ORIGIN) {
            let host = request.headers().get(header::HOST);
            let allowed = origin
                .to_str()
                .is_ok_and(|o| state.origins.iter().any(|a| a.eq_ignore_ascii_case(o)));
            if !allowed && !same_host(origin, host) {
                let origin = origin.to_str().unwrap_or("(not text)");
                return refuse(
                    StatusCode::FORBIDDEN,
                    format!(
                        "cross-origin request refused: Origin {origin:?} is not this server \
                         (`herald serve --allow-origin ORIGIN` lets that site's pages call it)"
                    ),
                );
            }
        }
    }
    next.run(request).await
}

/// Whether `origin` (`scheme://host[:port]`) names the host the request was sent to. The
/// scheme is not compared: behind a TLS proxy the page is `https` while this server is not.
fn same_host(origin: &HeaderValue, host: Option<&HeaderValue>) -> bool {
    let (Ok(origin), Some(Ok(host))) = (origin.to_str(), host.map(HeaderValue::to_str)) else {
        return false;
    };
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
}

/// With a token configured, a write needs `Authorization: Bearer <token>`; reads stay open
/// (health checks, the page, the example).
pub(crate) async fn bearer_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if is_write(request.method()) && !may_write(&state, request.headers()) {
        let mut response = refuse(
            StatusCode::UNAUTHORIZED,
            "this server needs \"Authorization: Bearer <token>\" to POST or DELETE",
        );
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    next.run(request).await
}

/// Whether a request with `headers` may write: the server has no token, or the request
/// carries it as `Authorization: Bearer <token>`.
pub(crate) fn may_write(state: &AppState, headers: &axum::http::HeaderMap) -> bool {
    let Some(token) = &state.token else {
        return true;
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        // The scheme's name is case-insensitive (RFC 9110), the token is not.
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token);
    given.is_some_and(|g| constant_time_eq(g.trim().as_bytes(), token.as_bytes()))
}

/// Byte equality whose time does not depend on where the first difference is, so the token
/// cannot be guessed a byte at a time from response times.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The methods of the paths that take more than GET; every other endpoint takes GET.
const METHODS: [(&str, &[Method]); 4] = [
    ("/api/summarize", &[Method::POST]),
    ("/api/ingest", &[Method::POST]),
    ("/api/example/ingest", &[Method::POST]),
    ("/api/feeds", &[Method::GET, Method::POST, Method::DELETE]),
];

/// The methods `path` takes: [`METHODS`], else GET.
fn methods_of(path: &str) -> &'static [Method] {
    METHODS
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(&[Method::GET], |(_, m)| m)
}

/// Every error answer as `{"error": "..."}`: those the handlers write already are; those a
/// router or layer writes with an empty or plain body (405, a deadline's 503, a header
/// rejection) are rewritten here, keeping their status and headers (`Allow`, `Retry-After`).
/// An error answer to a request with a body also says `Connection: close`.
pub(crate) async fn json_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let has_body = !request.body().is_end_stream();
    let mut response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // A refusal may leave the request body unread (a full queue, a wrong type, too large), and
    // then the connection cannot carry another request: saying so lets the client open a new
    // one instead of writing its next request into a closed socket.
    if has_body {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return response;
    }
    let message = match status {
        // The router adds its `Allow` header outside these layers, so the message names the
        // method itself.
        StatusCode::METHOD_NOT_ALLOWED => {
            let names: Vec<&str> = methods_of(&path).iter().map(Method::as_str).collect();
            let allowed = match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => names.concat(),
            };
            format!("method {method} not allowed on {path}: use {allowed}")
        }
        StatusCode::SERVICE_UNAVAILABLE => format!(
            "the request took longer than the deadline of {} s and was stopped",
            state.limits.request_timeout.as_secs_f64()
        ),
        other => format!(
            "{} {}",
            other.as_u16(),
            other.canonical_reason().unwrap_or("error")
        ),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = serde_json::to_vec(&json!({ "error": message })).unwrap_or_default();
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn loopback_names_and_others() {
        for host in [
            "localhost",
            "localhost:8080",
            "LOCALHOST.:8080",
            "desk.localhost:1",
            "127.0.0.1:8080",
            "127.8.9.10",
            "[::1]:8080",
            "[::1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example:8080",
            "localhost.evil.example",
            "10.0.0.1:8080",
            "[::2]:80",
            "[::1",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
