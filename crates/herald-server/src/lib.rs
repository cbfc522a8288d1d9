//! herald's HTTP service: a JSON API over [`herald::Pipeline`] and a small web page to try it.
//!
//! [`router`] builds the whole service, so it can be tested without a socket; [`serve`] binds
//! an address and runs it until Ctrl-C. The endpoints:
//!
//! - `GET /`: the web page (one self-contained HTML file).
//! - `POST /api/summarize`: `{"cluster": {...}}` or `{"articles": [...]}`, with optional
//!   `words`, `sentences` or `bytes`, `algorithm` and `truncate`; answers with the JSON object
//!   `herald summarize --format json` prints, or `?format=markdown|text|html|jsonl`. With
//!   `"stories": true` (and `min_articles`, default 2) the articles are first grouped into
//!   stories, as by `herald summarize --stories`: `{"stories": [...], "apart": [...],
//!   "skipped": [...]}`, or the chosen format's rendering of every story (text and markdown
//!   then end by naming the articles left apart and skipped; every format carries their
//!   counts in the `X-Herald-Apart` and `X-Herald-Skipped` headers).
//! - `GET /api/health`, `GET /api/algorithms`, `GET /api/example` (the bundled seed cluster),
//!   `GET /api/example/mixed` (the seed cluster and two articles about another event).
//! - `GET /api/openapi.json`: the OpenAPI document of every endpoint and error.
//! - With a store ([`AppState::with_store`], `herald serve --db`): `POST /api/ingest`,
//!   `POST /api/example/ingest`, `GET /api/stories`, `GET /api/stories/{id}` (the story with
//!   its brief), `GET /api/stories/{id}/update?since=...`, `GET /api/articles/{id}`, and the
//!   story desk page at `/` and `/desk` (the summarize page then lives at `/try`). Without a
//!   store these answer 404 saying how to get one.
//!
//! Errors are `{"error": "..."}` on every path, whatever produced them: 400 (bad request), 401
//! (a token is required and missing), 403 (a cross-origin write, or a request to a name other
//! than loopback's on a server without a token), 404 (no such endpoint), 405
//! (wrong method), 408 (a stalled body), 413 (body over the limit), 415 (a POST that is not
//! JSON), 500 (a bug: the summarizer panicked) and 503 (the queue is full, with `Retry-After`;
//! the request's deadline passed; or the store was locked by another process past the busy
//! timeout, with `Retry-After`).
//!
//! The service holds under abuse through [`Limits`]: timeouts on headers, idle connections and
//! stalled bodies; caps on connections and on queued summaries; a deadline per request. Those
//! that concern requests are tower layers in [`router`]; those that concern connections are
//! settings of the connection loop in [`serve`].
//!
//! ```
//! let app: axum::Router = herald_server::router(herald_server::AppState::default());
//! # let _ = app;
//! ```

#![deny(missing_docs)]

mod api;
mod desk;
mod example;
mod feeds;
mod guard;
mod openapi;

use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, StatusCode};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
pub use feeds::FeedWatch;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::ServiceBuilder;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// The largest request body accepted by default: 16 MiB, room for a few hundred long articles.
pub const DEFAULT_BODY_LIMIT: usize = 16 << 20;

/// How much time and room one client may take. The defaults suit a service on a laptop or a
/// small host; every one can be changed, and each has its own test.
#[derive(Debug, Clone)]
pub struct Limits {
    /// From a connection's start, or the end of its last response, to the end of the next
    /// request's headers: a client that sends headers a byte at a time (slowloris), or keeps an
    /// idle keep-alive connection open, is disconnected after this. Default 10 s.
    pub header_timeout: Duration,
    /// The longest wait for the next piece of a request body: a stalled upload gets 408.
    /// Default 10 s.
    pub body_timeout: Duration,
    /// Deadline of a whole summarize request, body upload and queueing included: past it the
    /// answer is 503 and the work stops at its next checkpoint. Default 60 s.
    pub request_timeout: Duration,
    /// Connections served at once; more wait in the kernel's accept queue until one closes,
    /// so that a flood of connections cannot exhaust the process's file descriptors.
    /// Default 512.
    pub max_connections: usize,
    /// Summaries computing at once: summarizing is CPU-bound, so more than there are cores only
    /// makes each slower. Default: the number of cores.
    pub workers: usize,
    /// Summarize requests admitted at once, computing or waiting for a worker; one more gets
    /// 503 with `Retry-After` at once instead of waiting without bound. Default: four per
    /// worker.
    pub max_queued: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            max_connections: 512,
            workers: cores,
            max_queued: 4 * cores,
        }
    }
}

/// What the handlers share: the limits of this server and who may write to it.
#[derive(Debug, Clone)]
pub struct AppState {
    body_limit: usize,
    limits: Limits,
    // Summarizing is CPU-bound: running more at once than there are cores only makes every
    // request slower, so the rest wait their turn.
    summaries: Arc<Semaphore>,
    // Summarize requests admitted (computing or waiting); shared by every clone of the router
    // so that the cap is the server's, not one router's.
    queue: Arc<Semaphore>,
    token: Option<Arc<str>>,
    // The store of `herald serve --db`, if any: the store endpoints answer 404 without one.
    store: Option<desk::SharedStore>,
    // Who polls the store's feeds while the server runs (`herald serve --watch`), if anyone.
    feed_watch: Option<FeedWatch>,
    // Web origins (`https://app.example`) whose pages may call the API (CORS), beside the
    // server's own page.
    origins: Arc<[String]>,
}

impl Default for AppState {
    fn default() -> Self {
        AppState::with_limits(Limits::default())
    }
}

impl AppState {
    /// A state with these limits and the default body limit, without a token.
    pub fn with_limits(limits: Limits) -> Self {
        AppState {
            body_limit: DEFAULT_BODY_LIMIT,
            summaries: Arc::new(Semaphore::new(limits.workers.max(1))),
            queue: Arc::new(Semaphore::new(limits.max_queued.max(1))),
            limits,
            token: None,
            store: None,
            feed_watch: None,
            origins: Arc::from([]),
        }
    }

    /// The same state over the store at `path`, created if there is no file: the store
    /// endpoints (`/api/stories`, `/api/ingest`, ...) and the desk page read and write it.
    pub fn with_store(mut self, path: &std::path::Path) -> herald_store::Result<Self> {
        self.store = Some(Arc::new(desk::StoreHandle::open(path)?));
        Ok(self)
    }

    /// The same state, telling clients that the store's feeds are polled by `watch`, and
    /// nudging it when a feed is added through the API.
    pub fn with_feed_watch(mut self, watch: FeedWatch) -> Self {
        self.feed_watch = Some(watch);
        self
    }

    /// Whether this state has a store.
    pub fn has_store(&self) -> bool {
        self.store.is_some()
    }

    /// The same state with another request body limit, in bytes. It is capped at
    /// [`herald::ingest::MAX_INPUT_BYTES`], the largest cluster the library reads from a file.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes.min(herald::ingest::MAX_INPUT_BYTES);
        self
    }

    /// The same state, requiring `Authorization: Bearer <token>` on every write (POST). An
    /// empty token is no token.
    pub fn with_token(mut self, token: Option<String>) -> Self {
        self.token = token.filter(|t| !t.is_empty()).map(Arc::from);
        self
    }

    /// The same state, letting pages of these web origins call the API from a browser (CORS):
    /// they may read every answer, and write as the server's own page may (with the token, when
    /// there is one). Each origin is `scheme://host[:port]`, as [`parse_origin`] reads it.
    /// Without any, a browser lets only the server's own pages read its answers, and a write
    /// from another origin is refused (403).
    pub fn with_allowed_origins(mut self, origins: Vec<String>) -> Self {
        self.origins = Arc::from(origins);
        self
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Summaries computing right now (holding a worker): a finished or stopped summary gives
    /// its worker back, which this shows.
    pub fn summaries_running(&self) -> usize {
        self.limits.workers.max(1) - self.summaries.available_permits()
    }
}

/// A web origin as a browser sends it in `Origin`: `http` or `https`, a host and an optional
/// port, nothing after (`https://desk.example.com:8443`). Returns it as a browser sends it:
/// lowercased, without a trailing `/` or the scheme's own port (`:443`, `:80`); or a message
/// saying what is wrong.
pub fn parse_origin(text: &str) -> Result<String, String> {
    let origin = text.trim().trim_end_matches('/').to_ascii_lowercase();
    let Some((scheme, authority)) = origin.split_once("://") else {
        return Err(format!(
            "{text:?} is not a web origin: expected scheme://host[:port], such as https://app.example.com"
        ));
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "{text:?} is not a web origin: the scheme must be http or https"
        ));
    }
    let (host, port) = match authority.rsplit_once(':') {
        // An IPv6 address holds colons of its own: `[::1]:8080`, `[::1]`.
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok());
    if !host_ok || !port_ok {
        return Err(format!(
            "{text:?} is not a web origin: expected scheme://host[:port] with nothing after \
             (no path, query or user)"
        ));
    }
    // A browser leaves the scheme's own port out of `Origin`: kept, it would never match.
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    Ok(match origin.strip_suffix(default_port) {
        Some(bare) if !bare.ends_with(':') => bare.to_owned(),
        _ => origin,
    })
}

/// The CORS layer for the allowed origins, none without any: preflights answered, and every
/// answer (errors too) readable by their pages, with the headers a client acts on.
fn cors(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use axum::http::{HeaderName, HeaderValue, Method};
    use tower_http::cors::{AllowOrigin, CorsLayer};
    if origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
            .expose_headers([
                header::RETRY_AFTER,
                HeaderName::from_static("x-herald-apart"),
                HeaderName::from_static("x-herald-skipped"),
            ])
            .max_age(Duration::from_secs(3600)),
    )
}

/// The whole service: every endpoint and the layers that keep it standing, outermost first:
/// CORS for the allowed origins (if any), errors as JSON, loopback names only without a token,
/// the cross-origin check, the token, JSON bodies only, the stalled-body
/// timeout, the body limit; on `POST /api/summarize` also the queue cap (503 when full) and
/// the deadline.
pub fn router(state: AppState) -> Router {
    let limit = state.body_limit;
    let limits = state.limits.clone();
    // Shed, not queue, what the queue cap does not admit: LoadShed answers at once when the
    // concurrency limit has no permit, and HandleErrorLayer makes that a 503.
    let summarize = post(api::summarize).layer(
        ServiceBuilder::new()
            .layer(HandleErrorLayer::new(api::overloaded))
            .load_shed()
            .layer(GlobalConcurrencyLimitLayer::with_semaphore(
                state.queue.clone(),
            ))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                limits.request_timeout,
            )),
    );
    // With a store, the desk is the front page; the summarize page stays one path away.
    let front = if state.store.is_some() {
        get(desk_page)
    } else {
        get(page)
    };
    Router::new()
        .route("/", front)
        .route("/desk", get(desk_page))
        .route("/try", get(page))
        .route("/api/summarize", summarize)
        .route("/api/health", get(api::health))
        .route("/api/algorithms", get(api::algorithms))
        .route("/api/example", get(example::example))
        .route("/api/example/mixed", get(example::mixed))
        .route("/api/example/ingest", post(desk::ingest_example))
        .route("/api/ingest", post(desk::ingest))
        .route("/api/stories", get(desk::stories))
        .route("/api/stories/{id}", get(desk::story))
        .route("/api/stories/{id}/update", get(desk::update))
        .route("/api/articles/{id}", get(desk::article))
        .route(
            "/api/feeds",
            get(feeds::list).post(feeds::add).delete(feeds::remove),
        )
        .route("/api/openapi.json", get(openapi::document))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
        .layer(middleware::from_fn(guard::json_only))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::declared_length,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::bearer_token,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::same_origin,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::loopback_host,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::json_errors,
        ))
        // Outermost, so that a preflight is answered before any rule about writes, and an
        // error's answer is as readable to an allowed page as a success.
        .layer(tower::util::option_layer(cors(&state.origins)))
        .with_state(state)
}

async fn page() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("page.html"),
    )
}

async fn desk_page() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("desk.html"),
    )
}

/// Listens on the first of `addrs` that can be bound and serves [`router`] until Ctrl-C or
/// SIGTERM, then finishes the requests under way. `ready` is called with the bound address
/// (useful with port 0) once connections are accepted.
///
/// Refuses (an `InvalidInput` error, before binding) any address that is not loopback unless
/// the state has a token: the API would otherwise take work from anyone who can reach it. The
/// error of a failed bind names the address.
pub async fn serve(
    addrs: &[SocketAddr],
    state: AppState,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    let shown = addrs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if addrs.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "no address to listen on",
        ));
    }
    if state.token.is_none() {
        if let Some(open) = addrs.iter().find(|a| !a.ip().is_loopback()) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "refusing to listen on {open}, which is not a loopback address, without a \
                     token: set one with --token or HERALD_TOKEN (clients then send \
                     \"Authorization: Bearer <token>\" to POST)"
                ),
            ));
        }
    }
    let listener = tokio::net::TcpListener::bind(addrs)
        .await
        .map_err(|e| Error::new(e.kind(), format!("cannot listen on {shown}: {e}")))?;
    // The handlers are installed before readiness is announced: a signal sent the moment the
    // address is printed must stop the server gracefully, not kill it with the default action.
    let shutdown = shutdown_signal();
    ready(listener.local_addr()?);
    let limits = state.limits.clone();
    let app = router(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    // One timer covers both a slow header and an idle keep-alive connection: hyper starts it
    // whenever the connection waits for a request's head.
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // A permit before accepting: over the cap, connections wait in the kernel's queue
        // instead of each taking a file descriptor here.
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was accepted:
                // pause rather than spin, and go on serving the connections already open.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that disconnects or times out ends its connection with an error; there
            // is nobody to tell.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Installs the shutdown handlers now and returns a future that resolves on Ctrl-C, or on
/// SIGTERM (what service managers and `docker stop` send) on Unix. A signal whose handler cannot
/// be installed is simply never awaited.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, Signal, SignalKind};
        let terminate = signal(SignalKind::terminate()).ok();
        let interrupt = signal(SignalKind::interrupt()).ok();
        async fn received(signal: Option<Signal>) {
            match signal {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        async move {
            tokio::select! {
                () = received(terminate) => {}
                () = received(interrupt) => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
