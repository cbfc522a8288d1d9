//! Where a command writes its results: standard output, or with `-o/--output FILE` a file that
//! appears only when the command has finished writing it.
//!
//! The file is written under a temporary name in the same folder and renamed over FILE at the
//! end (a rename within one file system is atomic), so a reader never sees half a result, and a
//! run that fails leaves an earlier FILE as it was.

use crate::Failure;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The `-o/--output` option, shared by the commands that write results.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct OutputArg {
    /// Write the results to FILE instead of standard output. FILE is replaced only once
    /// everything is written (a temporary file in the same folder is renamed over it).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputArg {
    /// Opens the destination: standard output, or a temporary file next to FILE.
    pub fn open(&self) -> Result<Output, Failure> {
        Output::new(self.output.as_deref())
    }
}

/// A buffered destination for results; call [`Output::finish`] when done, or the results
/// written to a file are discarded.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A temporary file that becomes `path` on [`Output::finish`].
    File {
        /// The temporary file, deleted if dropped unfinished.
        file: BufWriter<tempfile::NamedTempFile>,
        /// The final name.
        path: PathBuf,
    },
}

impl Output {
    /// Standard output for `None`, else a temporary file in `path`'s folder.
    pub fn new(path: Option<&Path>) -> Result<Self, Failure> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::new(io::stdout().lock())));
        };
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".herald-").suffix(".tmp");
        // A temporary file is private to its owner (0600) by default; the result is an
        // ordinary file, so it gets what a shell's `>` would give: 0666 less the umask.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder
            .tempfile_in(folder)
            .map_err(|e| Failure::input(format!("{}: cannot write: {e}", path.display())))?;
        Ok(Output::File {
            file: BufWriter::new(file),
            path: path.to_owned(),
        })
    }

    /// Flushes everything and, for a file, moves it into place.
    pub fn finish(self) -> Result<(), Failure> {
        match self {
            Output::Stdout(mut out) => Ok(out.flush()?),
            Output::File { file, path } => {
                let fail = |e: io::Error| Failure::input(format!("{}: {e}", path.display()));
                let file = file.into_inner().map_err(|e| fail(e.into_error()))?;
                file.persist(&path).map_err(|e| fail(e.error))?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File { file, .. } => file.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.write_all(buf),
            Output::File { file, .. } => file.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File { file, .. } => file.flush(),
        }
    }
}
