//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in herald's library, with the place at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{}: {}", path.display(), io_reason(path, source))]
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

/// Why `path` could not be read, in the words herald uses elsewhere: a missing path is "no such
/// file or folder" (a link to nothing says so), a refusal "permission denied"; anything else
/// as the system says it.
fn io_reason(path: &std::path::Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound if std::fs::symlink_metadata(path).is_ok() => {
            "a link to nothing (its target does not exist)".into()
        }
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
