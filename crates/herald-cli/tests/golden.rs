//! Golden-file tests that drive the real `herald` binary.
//!
//! Each folder under `tests/fixtures/` is a case: `args` holds the command-line arguments, one
//! per line (`$ROOT` is the workspace root), `stdin` is fed to the process if present, and
//! `expected.stdout`, `expected.stderr` and `expected.code` hold what it must print and return
//! (stderr is only checked when its file exists). Run with `HERALD_BLESS=1` to rewrite the
//! expected files after an intended change, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

struct Output {
    stdout: String,
    stderr: String,
    code: i32,
}

fn run_case(dir: &Path) -> Output {
    let root = root();
    let args: Vec<String> = fs::read_to_string(dir.join("args"))
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.replace("$ROOT", root.to_str().unwrap()))
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(&args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = fs::read(dir.join("stdin")).unwrap_or_default();
    {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(&stdin).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Output {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr)
            .unwrap()
            .replace(root.to_str().unwrap(), "$ROOT"),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Compares line by line and panics with a readable diff.
fn assert_same(case: &str, what: &str, expected: &str, got: &str) {
    if expected == got {
        return;
    }
    let mut report = format!("case {case}: {what} differs (HERALD_BLESS=1 rewrites)\n");
    let (e, g): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), got.lines().collect());
    for i in 0..e.len().max(g.len()) {
        match (e.get(i), g.get(i)) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => {
                report.push_str(&format!(
                    "line {}:\n  - {}\n  + {}\n",
                    i + 1,
                    a.unwrap_or(&"<none>"),
                    b.unwrap_or(&"<none>")
                ));
            }
        }
    }
    panic!("{report}");
}

#[test]
fn golden_cases() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bless = std::env::var_os("HERALD_BLESS").is_some();
    let mut cases: Vec<PathBuf> = fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("args").exists())
        .collect();
    cases.sort();
    assert!(
        !cases.is_empty(),
        "no golden cases found in {}",
        fixtures.display()
    );
    for dir in cases {
        let case = dir.file_name().unwrap().to_string_lossy().into_owned();
        let out = run_case(&dir);
        if bless {
            fs::write(dir.join("expected.stdout"), &out.stdout).unwrap();
            fs::write(dir.join("expected.code"), format!("{}\n", out.code)).unwrap();
            if dir.join("expected.stderr").exists() {
                fs::write(dir.join("expected.stderr"), &out.stderr).unwrap();
            }
            continue;
        }
        let expected = |name: &str| fs::read_to_string(dir.join(name));
        assert_same(
            &case,
            "exit code",
            expected("expected.code").unwrap().trim(),
            &out.code.to_string(),
        );
        assert_same(
            &case,
            "stdout",
            &expected("expected.stdout").unwrap(),
            &out.stdout,
        );
        if let Ok(stderr) = expected("expected.stderr") {
            assert_same(&case, "stderr", &stderr, &out.stderr);
        }
    }
}

/// The same input and options give byte-identical output.
#[test]
fn output_is_deterministic() {
    let example = root().join("examples/g20-syria");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_herald"))
            .args([
                "summarize",
                example.to_str().unwrap(),
                "--words",
                "120",
                "--format",
                "json",
            ])
            .output()
            .unwrap()
            .stdout
    };
    let first = run();
    assert!(!first.is_empty());
    for _ in 0..3 {
        assert_eq!(run(), first);
    }
}

/// Usage errors exit 1 with a message; help exits 0.
#[test]
fn usage_errors_exit_1() {
    let bin = env!("CARGO_BIN_EXE_herald");
    let out = Command::new(bin).args(["summarize"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PATH"));
    let out = Command::new(bin)
        .args(["summarize", "x", "--words", "5", "--bytes", "9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // A sentence budget has no limit to cut the last sentence at.
    let out = Command::new(bin)
        .args(["summarize", "x", "--sentences", "2", "--truncate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"));
    let out = Command::new(bin)
        .args(["summarize", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--words"));
    // The settings need no input to be printed.
    for command in ["summarize", "cluster", "dedup"] {
        let out = Command::new(bin)
            .args([command, "--print-config"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}");
        let config: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(config.is_object(), "{command}");
    }
}

/// A closed pipe is not an error.
#[test]
fn broken_pipe_is_success() {
    let example = root().join("examples/g20-syria");
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args([
            "summarize",
            example.to_str().unwrap(),
            example.to_str().unwrap(),
            "--format",
            "markdown",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
