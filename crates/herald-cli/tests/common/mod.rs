//! Helpers shared by the tests that drive the real binary.
// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// What a run of herald in the tests that talk to a loopback server must not inherit: a proxy
/// would take loopback requests elsewhere, and `HERALD_DB` would name another store.
pub const ISOLATED_FROM: [&str; 7] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "HERALD_DB",
];

/// A `herald` command whose environment holds none of [`ISOLATED_FROM`].
pub fn isolated_herald() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_herald"));
    for var in ISOLATED_FROM {
        command.env_remove(var);
    }
    command
}

/// Runs `herald ARGS` in `dir`.
pub fn herald_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run herald")
}

/// The standard output of a run that must have succeeded; its standard error otherwise.
pub fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "herald failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}
