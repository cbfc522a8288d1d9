//! `herald man`: the manual page in roff, generated from the clap definition (clap_mangen), so
//! the options it lists are the options herald parses.

use crate::Failure;
use clap::CommandFactory;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `herald man`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  herald man | man -l -\n  \
herald man -o ~/.local/share/man/man1    (then: man herald, man herald-summarize)")]
pub struct Args {
    /// Write herald.1 and one page per subcommand (herald-summarize.1, ...) into this folder,
    /// creating it if needed, instead of printing herald's page.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// Prints the page of `herald` itself, or writes every page into `--output`.
pub fn run(args: &Args) -> Result<u8, Failure> {
    let command = crate::Cli::command();
    match &args.output {
        Some(dir) => {
            let fail = |e: std::io::Error| Failure::input(format!("{}: {e}", dir.display()));
            std::fs::create_dir_all(dir).map_err(fail)?;
            clap_mangen::generate_to(command, dir).map_err(fail)?;
        }
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(command).render(&mut out)?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&out)?;
            stdout.flush()?;
        }
    }
    Ok(0)
}
