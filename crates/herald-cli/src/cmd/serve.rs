//! `herald serve`: the HTTP API and web page of `herald-server`.

use crate::Failure;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

/// Arguments of `herald serve`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Endpoints: GET / (the summarize page, also at /try), POST /api/summarize, GET /api/health, \
GET /api/algorithms, GET /api/example (the seed cluster), GET /api/example/mixed (the seed cluster and \
two articles of another story, to show grouping), GET /api/openapi.json (the OpenAPI document of every \
endpoint).\n\n\
With --db FILE, also the store's JSON API (POST /api/ingest, GET /api/stories, GET /api/stories/ID, \
GET /api/stories/ID/update?since=TIME, GET /api/articles/ID, POST /api/example/ingest, GET/POST/DELETE \
/api/feeds) and the story desk at / and /desk (the summarize page stays at /try). With --watch too, the \
feeds the store follows are polled while the server runs.\n\n\
POST bodies must be JSON (Content-Type: application/json). Off loopback, a token is required; \
without one, only requests to localhost, 127.0.0.1 or [::1] are answered. The token: \
--token or HERALD_TOKEN, sent by clients as \"Authorization: Bearer <token>\" with every POST and DELETE. \
A browser page of another site can call the API only if its origin is given with --allow-origin.\n\n\
Example: curl -s localhost:8080/api/summarize -H 'Content-Type: application/json' -d '{\"articles\": [{\"title\": \"...\", \"text\": \"...\"}], \"words\": 60}'"
)]
pub struct Args {
    /// Address to listen on, as HOST:PORT (port 0 picks a free one). Anything but loopback
    /// needs a token.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: String,
    /// Require "Authorization: Bearer TOKEN" on every POST and DELETE (default: the HERALD_TOKEN
    /// environment variable). Required to listen on an address that is not loopback.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Deadline of one summarize request in seconds, upload and queueing included; past it
    /// the answer is 503 and the work stops.
    #[arg(long, default_value_t = 60, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: u64,
    /// Serve this store too (created if missing): its JSON API and the story desk page.
    #[arg(long, value_name = "FILE")]
    pub db: Option<std::path::PathBuf>,
    /// Poll the feeds the store follows while serving, a round every DURATION (default 15m)
    /// and one at once when a feed is added; as `herald watch` does, politely.
    #[arg(
        long,
        requires = "db",
        value_name = "DURATION",
        num_args = 0..=1,
        default_missing_value = "15m",
        value_parser = super::watch::parse_duration
    )]
    pub watch: Option<Duration>,
    /// Let pages of this web origin (scheme://host[:port], such as https://app.example.com)
    /// call the API from a browser (CORS): read its answers, and write with the token when
    /// there is one. Repeat for more origins. Without it only the server's own pages can.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    pub allow_origin: Vec<String>,
}

fn parse_origin(text: &str) -> Result<String, String> {
    herald_server::parse_origin(text)
}

/// Checks `--timeout`: whole seconds, at least one. clap's own range check said "0 is not in
/// 1..18446744073709551615", and "invalid digit found in string" for `60s`.
fn parse_timeout(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(0) => Err("a deadline of 0 s would stop every summary: give 1 or more seconds".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "{s:?} is not a whole number of seconds (such as 60)"
        )),
    }
}

/// Runs the server until Ctrl-C; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    // Host names too (`localhost:0`): every address the name resolves to is a candidate, and
    // the server takes the first it can bind.
    let addrs: Vec<SocketAddr> = args
        .addr
        .to_socket_addrs()
        .map_err(|e| {
            Failure::input(format!(
                "invalid --addr {:?}: expected HOST:PORT, such as 127.0.0.1:8080 ({e})",
                args.addr
            ))
        })?
        .collect();
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var("HERALD_TOKEN").ok());
    let limits = herald_server::Limits {
        request_timeout: Duration::from_secs(args.timeout),
        ..herald_server::Limits::default()
    };
    let mut state = herald_server::AppState::with_limits(limits)
        .with_token(token)
        .with_allowed_origins(args.allow_origin.clone());
    if let Some(db) = &args.db {
        state = state.with_store(db).map_err(super::ingest::store_failure)?;
        if let Some(every) = args.watch {
            if every.is_zero() {
                return Err(Failure::input("--watch must be longer than 0s"));
            }
            let nudge = super::watch::spawn(db, every, Duration::from_secs(1))?;
            state = state.with_feed_watch(herald_server::FeedWatch::new(every, nudge));
        }
    }
    let runtime = tokio::runtime::Runtime::new()?;
    runtime
        .block_on(herald_server::serve(&addrs, state, |bound| {
            eprintln!("herald: listening on http://{bound}/")
        }))
        // Once bound, the server keeps serving through connection errors, so what comes back
        // is a refused or failed bind: the address is taken, not ours, or open without a
        // token, a problem with the input.
        .map_err(|e| Failure::input(e.to_string()))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::parse_timeout;

    #[test]
    fn a_timeout_is_whole_seconds_and_its_refusals_say_so() {
        assert_eq!(parse_timeout("60"), Ok(60));
        assert_eq!(
            parse_timeout("0"),
            Err("a deadline of 0 s would stop every summary: give 1 or more seconds".to_owned())
        );
        assert_eq!(
            parse_timeout("60s"),
            Err("\"60s\" is not a whole number of seconds (such as 60)".to_owned())
        );
    }
}
