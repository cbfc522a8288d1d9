//! The fuzz corpus and every input that ever crashed a fuzz target, run on stable.
//!
//! `fuzz/corpus/<target>/` holds the seed inputs of each cargo-fuzz target and
//! `fuzz/regressions/<target>/` the inputs that once crashed, hung or blew up one (add a file
//! there for every finding). Each is handed to the very function the target calls
//! (`herald::fuzz_entry::*`, `herald_rouge::fuzz_entry::score`), so a regression fails
//! `cargo test` without a nightly toolchain. See docs/fuzzing.md.
//!
//! `stable_fuzzing_run` (ignored by default) is the stand-in for coverage-guided fuzzing where
//! no nightly is available: each target's corpus mutated at random for
//! `HERALD_FUZZ_EXECS` executions (default 2000), with executions and time printed.

use std::path::{Path, PathBuf};
use std::time::Instant;

type Target = fn(&[u8]);

/// Every fuzz target by name, with the function it calls.
const TARGETS: &[(&str, Target)] = &[
    ("html", herald::fuzz_entry::html),
    ("warc", herald::fuzz_entry::warc),
    ("jsonl", herald::fuzz_entry::jsonl),
    ("feed", herald::fuzz_entry::feed),
    ("segment", herald::fuzz_entry::segment),
    ("pipeline", herald::fuzz_entry::pipeline),
    ("rouge", herald_rouge::fuzz_entry::score),
    ("store", herald_store::fuzz_entry::input),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted; none if the folder does not exist. The HTML
/// target's seeds also include the extraction test pages (`crates/herald/tests/fixtures/html`),
/// which are not copied into the fuzz corpus.
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let mut dirs = vec![fuzz_dir().join(kind).join(target)];
    if (kind, target) == ("corpus", "html") {
        dirs.push(html_fixtures());
    }
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_file()
                && p.file_name().is_none_or(|n| n != ".gitkeep")
                && (target != "html" || p.extension().is_some_and(|e| e == "html"))
        })
        .collect();
    files.sort();
    files
}

fn html_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../herald/tests/fixtures/html")
}

#[test]
fn every_corpus_and_regression_input_runs_clean() {
    let mut total = 0;
    for &(name, target) in TARGETS {
        let corpus = inputs("corpus", name);
        assert!(!corpus.is_empty(), "fuzz/corpus/{name} has no seed inputs");
        for file in corpus.iter().chain(&inputs("regressions", name)) {
            let data = std::fs::read(file).unwrap();
            let started = Instant::now();
            target(&data);
            // A hang is a finding too: nothing in the corpus may take long even unoptimized.
            let took = started.elapsed();
            assert!(took.as_secs() < 20, "{}: {took:?}", file.display());
            total += 1;
        }
    }
    assert!(total >= TARGETS.len());
}

#[test]
fn every_fuzz_target_has_its_folders_and_source() {
    for &(name, _) in TARGETS {
        let source = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
        assert!(source.is_file(), "{} missing", source.display());
        let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{name} not in fuzz/Cargo.toml"
        );
    }
}

/// A small xorshift generator: reproducible runs without another dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the parsers, spliced in by the mutator.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</p>",
    b"<p>",
    b"<div>",
    b"<form>",
    b"<table><tr><td>",
    b"<br>",
    b"&amp;",
    b"\r\n",
    b"\n\n",
    b"\0",
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"Content-Length: ",
    b"WARC/1.0\r\n",
    b". ",
    b"? ",
    "\u{3002}".as_bytes(),
    "\u{2026}".as_bytes(),
    b"\xff",
    b"<![CDATA[",
    b"<!ENTITY ",
    b"99999999999",
];

/// One random mutation of `data`: flip, insert, delete, duplicate a span, or splice a token.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    match rng.below(5) {
        0 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = rng.below(data.len() + 1);
            data.insert(i, rng.next() as u8);
        }
        2 if !data.is_empty() => {
            let i = rng.below(data.len());
            let n = rng.below(16).min(data.len() - i);
            data.drain(i..i + n);
        }
        3 if !data.is_empty() => {
            let i = rng.below(data.len());
            let n = rng.below(64).min(data.len() - i);
            let span = data[i..i + n].to_vec();
            let at = rng.below(data.len() + 1);
            data.splice(at..at, span);
        }
        _ => {
            let token = TOKENS[rng.below(TOKENS.len())];
            let at = rng.below(data.len() + 1);
            data.splice(at..at, token.iter().copied());
        }
    }
}

#[test]
#[ignore = "a long run: cargo test -p herald-cli --release --test fuzz_regressions -- --ignored --nocapture"]
fn stable_fuzzing_run() {
    let execs: usize = std::env::var("HERALD_FUZZ_EXECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    println!(
        "{:<10} {:>8} {:>10} {:>10}",
        "target", "execs", "seconds", "execs/s"
    );
    for &(name, target) in TARGETS {
        let seeds: Vec<Vec<u8>> = inputs("corpus", name)
            .iter()
            .chain(&inputs("regressions", name))
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
        let started = Instant::now();
        for _ in 0..execs {
            let mut data = seeds[rng.below(seeds.len())].clone();
            for _ in 0..=rng.below(8) {
                mutate(&mut rng, &mut data);
            }
            // The input is printed before a panic can lose it: save it under
            // fuzz/regressions/<target>/.
            let caught = std::panic::catch_unwind(|| target(&data));
            if caught.is_err() {
                panic!(
                    "{name}: crashing input {:?}",
                    String::from_utf8_lossy(&data)
                );
            }
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{name:<10} {execs:>8} {secs:>10.1} {:>10.0}",
            execs as f64 / secs.max(1e-9)
        );
    }
}
