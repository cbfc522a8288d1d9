//! Where a command writes its results: standard output, or with `-o/--output FILE` a file that
//! appears only when the command has finished writing it.
//!
//! The file is written under a temporary name in the same folder and renamed over FILE at the
//! end (a rename within one file system is atomic), so a reader never sees half a result, and a
//! run that fails leaves an earlier FILE as it was. A symbolic link is followed (the file it
//! names is replaced, the link stays), and what is not a regular file (`/dev/null`, a named
//! pipe) is written to directly, as a shell's `>` would: a rename would replace the device.

use crate::Failure;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The `-o/--output` option, shared by the commands that write results.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct OutputArg {
    /// Write the results to FILE instead of standard output. FILE is replaced only once
    /// everything is written (a temporary file in the same folder is renamed over it); a link
    /// is followed, and a device or named pipe is written to as it is.
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
    /// What is not a regular file (a device, a named pipe), written to as it is.
    Direct(BufWriter<std::fs::File>),
    /// A temporary file that becomes `path` on [`Output::finish`].
    File {
        /// The temporary file, deleted if dropped unfinished.
        file: BufWriter<tempfile::NamedTempFile>,
        /// The final name.
        path: PathBuf,
    },
}

impl Output {
    /// Standard output for `None`; else, for what is not a regular file, that file itself; else
    /// a temporary file in the folder of `path` (of the file it links to, for a link).
    pub fn new(path: Option<&Path>) -> Result<Self, Failure> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::new(io::stdout().lock())));
        };
        let cannot =
            |e: io::Error| Failure::input(format!("{}: cannot write: {e}", path.display()));
        let target = follow_links(path).map_err(cannot)?;
        let existing = std::fs::metadata(&target).ok();
        if existing
            .as_ref()
            .is_some_and(|m| !m.is_file() && !m.is_dir())
        {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(cannot)?;
            return Ok(Output::Direct(BufWriter::new(file)));
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        // Said here, in the user's words: tempfile's own error names the temporary file.
        if !folder.is_dir() {
            let why = if folder.exists() {
                format!("{} is not a folder", folder.display())
            } else {
                format!(
                    "no folder {} to write it in: make it first",
                    folder.display()
                )
            };
            return Err(Failure::input(format!(
                "{}: cannot write: {why}",
                path.display()
            )));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".herald-").suffix(".tmp");
        // A temporary file is private to its owner (0600) by default; the result gets what a
        // shell's `>` would give: the mode of the file it replaces, or 0666 less the umask.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(match &existing {
                Some(m) if m.is_file() => m.permissions(),
                _ => std::fs::Permissions::from_mode(0o666),
            });
        }
        let file = builder.tempfile_in(folder).map_err(cannot)?;
        Ok(Output::File {
            file: BufWriter::new(file),
            path: target,
        })
    }

    /// Flushes everything and, for a file, moves it into place.
    pub fn finish(self) -> Result<(), Failure> {
        match self {
            Output::Stdout(mut out) => Ok(out.flush()?),
            Output::Direct(mut out) => Ok(out.flush()?),
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
            Output::Direct(out) => out.write(buf),
            Output::File { file, .. } => file.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.write_all(buf),
            Output::Direct(out) => out.write_all(buf),
            Output::File { file, .. } => file.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::Direct(out) => out.flush(),
            Output::File { file, .. } => file.flush(),
        }
    }
}

/// The file `path` names once symbolic links are followed, even to a file not yet made (a
/// dangling link is written through, as a shell does); `path` itself when it is no link.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_owned();
    // A loop of links ends in an error rather than a hang.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)?;
                at = match at.parent() {
                    Some(folder) if to.is_relative() => folder.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}
