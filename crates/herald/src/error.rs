//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in herald's library, with the place at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A line of a JSONL input, or a JSON file, is not what herald expects.
    #[error("{origin}: {message}")]
    Parse {
        /// Where: `file:line` for JSONL, the file path for JSON.
        origin: String,
        /// What was wrong, in one line.
        message: String,
    },
    /// An option or argument that cannot be used.
    #[error("{0}")]
    Config(String),
}

/// A `Result` with herald's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
