//! `herald`: the command-line face of the herald library.
//!
//! Each subcommand lives in its own file under `cmd/` with its own `run()`; this file only
//! parses arguments, dispatches, and maps errors to exit codes: 0 success, 1 bad input or usage,
//! 2 internal error. A closed pipe (`herald ... | head`) is success.

// The doc comments of the argument structs are clap's `--help` text, read on a terminal: a
// web address or `host[:port]` there is plain text, not a Markdown link.
#![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links)]

mod cmd;
mod fetch;
mod input;
mod output;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Short, faithful, attributed summaries of news stories.
#[derive(Parser, Debug)]
#[command(name = "herald", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Summarize clusters of news articles.
    Summarize(cmd::summarize::Args),
    /// Score summaries against references with ROUGE-1.5.5 semantics.
    Eval(cmd::eval::EvalArgs),
    /// Summarize and score a benchmark file against its references, with timings.
    Bench(cmd::bench::Args),
    /// Find copies and versions of articles in a pool.
    Dedup(cmd::dedup::Args),
    /// Group a mixed pool of articles into stories.
    Cluster(cmd::cluster::Args),
    /// Serve the HTTP API and a web page for summarizing pasted articles.
    Serve(cmd::serve::Args),
    /// Add articles to the store; each joins a story or opens one.
    Ingest(cmd::ingest::Args),
    /// List the stories in the store, most recently active first.
    Stories(cmd::stories::Args),
    /// Show one story of the store: its articles and its brief.
    Story(cmd::story::Args),
    /// Poll RSS/Atom feeds, read their new items' pages and add them to the store.
    Watch(cmd::watch::Args),
    /// List, add or remove the feeds the store follows (polled by watch and serve --watch).
    Feeds(cmd::feeds::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell or elvish).
    Completions(cmd::completions::Args),
    /// Print the manual page in roff, or write one page per subcommand with -o DIR.
    Man(cmd::man::Args),
}

/// An error with the exit code it deserves.
#[derive(Debug)]
pub struct Failure {
    /// 1 for bad input or usage, 2 for internal errors.
    pub code: u8,
    /// The one-line message.
    pub message: String,
}

impl Failure {
    /// Bad input or usage (exit 1).
    pub fn input(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure {
            code: 2,
            message: e.to_string(),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; every other parse failure is a usage error.
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match &cli.command {
        Command::Summarize(args) => cmd::summarize::run(args),
        Command::Bench(args) => cmd::bench::run(args),
        // Every error eval returns is about its input files.
        Command::Eval(args) => cmd::eval::run(args)
            .map(|code| u8::try_from(code).unwrap_or(2))
            .map_err(|e| Failure::input(format!("{e:#}"))),
        Command::Dedup(args) => cmd::dedup::run(args),
        Command::Cluster(args) => cmd::cluster::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Stories(args) => cmd::stories::run(args),
        Command::Story(args) => cmd::story::run(args),
        Command::Watch(args) => cmd::watch::run(args),
        Command::Feeds(args) => cmd::feeds::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) if f.code == 2 && f.message.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(f) => {
            // Messages name files, lines, ids and links of the input: printed escaped.
            eprintln!("herald: error: {}", herald::render::printable(&f.message));
            ExitCode::from(f.code)
        }
    }
}
