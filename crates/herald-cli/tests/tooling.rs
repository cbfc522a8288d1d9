//! What makes herald an installed tool rather than a cargo project: shell completions and man
//! pages generated from the CLI definition, and `-o/--output`, which writes a command's results
//! to a file that appears only once they are complete.

use std::path::{Path, PathBuf};
mod common;

use common::ok;
use std::process::Output;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Runs `herald ARGS` in the workspace root.
fn herald(args: &[&str]) -> Output {
    common::herald_in(&root(), args)
}

const SUBCOMMANDS: [&str; 8] = [
    "summarize",
    "eval",
    "bench",
    "dedup",
    "cluster",
    "serve",
    "completions",
    "man",
];

#[test]
fn every_shell_gets_a_completion_script_naming_the_subcommands_and_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = ok(&herald(&["completions", shell]));
        for name in SUBCOMMANDS {
            assert!(script.contains(name), "{shell}: no {name:?} in the script");
        }
        assert!(script.contains("words"), "{shell}: summarize's --words");
    }
    // The shapes each shell loads.
    assert!(ok(&herald(&["completions", "bash"])).contains("complete -F _herald"));
    assert!(ok(&herald(&["completions", "zsh"])).starts_with("#compdef herald"));
    assert!(ok(&herald(&["completions", "fish"])).contains("complete -c herald"));
    let out = herald(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let page = ok(&herald(&["man"]));
    assert!(page.contains(".TH herald 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "no {section}");
    }
    for name in SUBCOMMANDS {
        assert!(page.contains(&format!("herald\\-{name}(1)")), "no {name}");
    }
}

#[test]
fn man_with_a_folder_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    ok(&herald(&["man", "-o", pages.to_str().unwrap()]));
    assert!(std::fs::read_to_string(pages.join("herald.1"))
        .unwrap()
        .contains(".TH herald 1"));
    for name in SUBCOMMANDS {
        let page = std::fs::read_to_string(pages.join(format!("herald-{name}.1")))
            .unwrap_or_else(|e| panic!("herald-{name}.1: {e}"));
        assert!(page.contains(&format!(".TH herald-{name} 1")), "{name}");
    }
    let summarize = std::fs::read_to_string(pages.join("herald-summarize.1")).unwrap();
    assert!(summarize.contains("\\-\\-words"), "summarize's options");
}

/// The names in `dir`, sorted: no temporary file may be left behind.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every command that writes results writes to `-o FILE` exactly what it prints otherwise,
/// and nothing on standard output.
#[test]
fn output_files_hold_what_standard_output_would() {
    let news = "crates/herald-cli/tests/fixtures/bench-news";
    let dataset = format!("{news}/dataset.jsonl");
    let peer = format!("{news}/peer.jsonl");
    let commands: [Vec<&str>; 6] = [
        vec![
            "summarize",
            "examples/g20-syria",
            "--words",
            "60",
            "--format",
            "json",
        ],
        vec!["summarize", &dataset, "--words", "40", "--format", "jsonl"],
        vec!["dedup", "examples/g20-syria"],
        vec!["cluster", &dataset, "--format", "text"],
        vec![
            "eval",
            "--dataset",
            &dataset,
            "--summaries",
            &peer,
            "--stem",
        ],
        vec!["summarize", "examples/g20-syria", "--print-config"],
    ];
    for args in commands {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("result.out");
        let printed = ok(&herald(&args));
        assert!(!printed.is_empty(), "{args:?}");
        let mut with_output = args.clone();
        with_output.extend(["-o", file.to_str().unwrap()]);
        let written = herald(&with_output);
        assert_eq!(ok(&written), "", "{args:?}: nothing on standard output");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), printed, "{args:?}");
        assert_eq!(listing(dir.path()), ["result.out"], "{args:?}");
    }
}

/// `bench` takes `--output` for its table too (its timings differ run to run, so only the
/// shape is compared), besides `--save` for the summaries.
#[test]
fn bench_writes_its_table_to_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("table.txt");
    let out = herald(&[
        "bench",
        "crates/herald-cli/tests/fixtures/bench-news/dataset.jsonl",
        "--words",
        "40",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(ok(&out), "");
    let table = std::fs::read_to_string(&file).unwrap();
    assert_eq!(table.lines().count(), 3, "{table}");
    assert!(table.lines().nth(2).unwrap().starts_with("herald concept"));
}

#[test]
fn a_failed_run_leaves_the_previous_output_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scores.json");
    std::fs::write(&file, "previous results\n").unwrap();
    let out = herald(&[
        "eval",
        "--dataset",
        "crates/herald-cli/tests/fixtures/bench-news/dataset.jsonl",
        "--summaries",
        "crates/herald-cli/tests/fixtures/bench-news/peer-missing.jsonl",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "previous results\n"
    );
    assert_eq!(listing(dir.path()), ["scores.json"]);
}

/// Input errors do not lose the summaries of the inputs that could be read: they are written,
/// and the exit code still says something was wrong.
#[test]
fn an_input_error_still_writes_the_other_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summaries.jsonl");
    let out = herald(&[
        "summarize",
        "examples/g20-syria",
        "no-such-folder",
        "--format",
        "jsonl",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-folder"));
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written.lines().count(), 1);
    assert!(written.starts_with("{\"id\":\"g20-syria\""), "{written}");
}

#[test]
fn an_output_file_in_a_missing_folder_is_an_error_naming_it() {
    let out = herald(&[
        "summarize",
        "examples/g20-syria",
        "-o",
        "/nonexistent-folder/summary.txt",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("herald: error: /nonexistent-folder/summary.txt: cannot write"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn an_output_file_is_readable_as_a_redirection_would_make_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("groups.jsonl");
    ok(&herald(&[
        "dedup",
        "examples/g20-syria",
        "-o",
        file.to_str().unwrap(),
    ]));
    // Not the 0600 of a temporary file: the mode `>` (or File::create) gives under this umask.
    let redirected = dir.path().join("redirected");
    std::fs::File::create(&redirected).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), mode(&redirected));
}

/// `-o` names a place to write as a shell's `>` does: a link is followed (the file it names
/// gets the results, the link stays a link), a device or a named pipe is written to, not
/// replaced by a regular file (`-o /dev/null` once replaced the machine's /dev/null when run as
/// root), and a file replaced keeps its mode.
#[cfg(unix)]
#[test]
fn an_output_through_a_link_or_to_a_device_is_written_not_replaced() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let printed = ok(&herald(&["dedup", "examples/g20-syria"]));
    let dedup_to = |path: &Path| {
        ok(&herald(&[
            "dedup",
            "examples/g20-syria",
            "-o",
            path.to_str().unwrap(),
        ]))
    };

    // A link to an existing file, and a dangling one (relative, as links usually are).
    let real = dir.path().join("real.jsonl");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink("real.jsonl", &link).unwrap();
    dedup_to(&link);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), printed);
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the replaced file keeps its mode");
    let dangling = dir.path().join("dangling.jsonl");
    std::os::unix::fs::symlink("made.jsonl", &dangling).unwrap();
    dedup_to(&dangling);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("made.jsonl")).unwrap(),
        printed
    );

    // A named pipe, read by another thread while herald writes to it: what is not a regular
    // file is written to. (Not /dev/null itself: a regression would replace the machine's.)
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    dedup_to(&fifo);
    assert_eq!(reader.join().unwrap(), printed);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    let mut names = listing(dir.path());
    names.sort();
    assert_eq!(
        names,
        [
            "dangling.jsonl",
            "link.jsonl",
            "made.jsonl",
            "pipe",
            "real.jsonl"
        ]
    );
}
