//! `herald serve`: the HTTP API and web page of `herald-server`.

use crate::Failure;
use std::net::SocketAddr;

/// Arguments of `herald serve`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Endpoints: GET / (web page), POST /api/summarize, GET /api/health, GET /api/algorithms, \
GET /api/example.\n\n\
Example: curl -s localhost:8080/api/summarize -d '{\"articles\": [{\"title\": \"...\", \"text\": \"...\"}], \"words\": 60}'"
)]
pub struct Args {
    /// Address to listen on, as IP:PORT (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: String,
}

/// Runs the server until Ctrl-C; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    let addr: SocketAddr = args.addr.parse().map_err(|_| {
        Failure::input(format!(
            "invalid --addr {:?}: expected IP:PORT, such as 127.0.0.1:8080",
            args.addr
        ))
    })?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime
        .block_on(herald_server::serve(
            addr,
            herald_server::AppState::default(),
            |bound| eprintln!("herald: listening on http://{bound}/"),
        ))
        // Once bound, axum keeps serving through connection errors, so what comes back is a
        // bind failure: the address is taken or not ours, a problem with the input.
        .map_err(|e| Failure::input(e.to_string()))?;
    Ok(0)
}
