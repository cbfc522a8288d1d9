//! One module per subcommand, each with its clap `Args` and a `run()`.

pub mod bench;
pub mod cluster;
pub mod completions;
pub mod dedup;
pub mod eval;
pub mod feeds;
pub mod ingest;
pub mod man;
pub mod serve;
pub mod stories;
pub mod story;
pub mod summarize;
pub mod watch;
