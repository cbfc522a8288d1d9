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
//!
//! Errors are `{"error": "..."}` with status 400 (bad request), 413 (body over the limit),
//! 404 (no such endpoint) or 500 (a bug: the summarizer panicked).
//!
//! ```
//! let app: axum::Router = herald_server::router(herald_server::AppState::default());
//! # let _ = app;
//! ```

#![deny(missing_docs)]

mod api;
mod example;

use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The largest request body accepted by default: 16 MiB, room for a few hundred long articles.
pub const DEFAULT_BODY_LIMIT: usize = 16 << 20;

/// What the handlers share: the limits of this server.
#[derive(Debug, Clone)]
pub struct AppState {
    body_limit: usize,
    // Summarizing is CPU-bound: running more at once than there are cores only makes every
    // request slower, so the rest wait their turn.
    summaries: Arc<Semaphore>,
}

impl Default for AppState {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        AppState {
            body_limit: DEFAULT_BODY_LIMIT,
            summaries: Arc::new(Semaphore::new(cores)),
        }
    }
}

impl AppState {
    /// The same state with another request body limit, in bytes. It is capped at
    /// [`herald::ingest::MAX_INPUT_BYTES`], the largest cluster the library reads from a file.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes.min(herald::ingest::MAX_INPUT_BYTES);
        self
    }
}

/// The whole service: every endpoint, the body limit and the JSON 404.
pub fn router(state: AppState) -> Router {
    let limit = state.body_limit;
    Router::new()
        .route("/", get(page))
        .route("/api/summarize", post(api::summarize))
        .route("/api/health", get(api::health))
        .route("/api/algorithms", get(api::algorithms))
        .route("/api/example", get(example::example))
        .route("/api/example/mixed", get(example::mixed))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

async fn page() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("page.html"),
    )
}

/// Listens on `addr` and serves [`router`] until Ctrl-C or SIGTERM, then finishes the requests
/// under way.
/// `ready` is called with the bound address (useful with port 0) once connections are accepted.
///
/// The error of a failed bind names the address.
pub async fn serve(
    addr: SocketAddr,
    state: AppState,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
    // The handlers are installed before readiness is announced: a signal sent the moment the
    // address is printed must stop the server gracefully, not kill it with the default action.
    let shutdown = shutdown_signal();
    ready(listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
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
