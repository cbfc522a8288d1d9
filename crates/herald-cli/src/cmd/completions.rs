//! `herald completions SHELL`: a shell completion script, generated from the same clap
//! definition that parses the arguments, so it can never fall behind the options.

use crate::Failure;
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;

/// Arguments of `herald completions`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Install the script where your shell looks for completions, e.g.:\n  \
herald completions bash > ~/.local/share/bash-completion/completions/herald\n  \
herald completions zsh > ~/.zfunc/_herald    (with fpath+=~/.zfunc before compinit in ~/.zshrc)\n  \
herald completions fish > ~/.config/fish/completions/herald.fish"
)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the completion script for `args.shell` on standard output.
pub fn run(args: &Args) -> Result<u8, Failure> {
    let mut command = crate::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "herald", &mut out);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(0)
}
