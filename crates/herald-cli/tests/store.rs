//! The store through the real binary: a new user's first steps, and `herald ingest` killed
//! with SIGKILL half-way through an input.

use std::path::Path;
use std::process::{Command, Stdio};

fn herald() -> Command {
    Command::new(env!("CARGO_BIN_EXE_herald"))
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = herald()
        .args(args)
        .current_dir(dir)
        .env_remove("HERALD_DB")
        .output()
        .expect("herald runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn example() -> String {
    format!("{}/../../examples/g20-syria", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn ingest_the_example_then_a_second_batch_list_and_show_a_story() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["ingest", &example(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["new"], 4, "{out}");
    assert_eq!(report["versions"], 1, "{out}");
    assert_eq!(report["stories_opened"], 1, "{out}");
    assert!(err.contains("4 new, 1 version"), "{err}");
    assert!(
        dir.path().join("herald.db").exists(),
        "the default store is herald.db"
    );

    // A second batch: another event, and the example again (nothing new in it).
    let batch = dir.path().join("batch.jsonl");
    let line = serde_json::json!({"id": "b", "documents": [
        {"id": "rates-1", "title": "Norland raises interest rates", "date": "2013-09-10",
         "text": "The central bank of Norland raised interest rates by half a point on Tuesday to fight inflation, its third increase this year. Markets fell and mortgage lenders said borrowing costs for households would climb within weeks."},
        {"id": "rates-2", "title": "Mortgage costs climb after Norland rate rise", "date": "2013-09-11",
         "text": "Households in Norland face higher mortgage costs after the central bank raised interest rates by half a point to fight inflation. Lenders said the increase would reach borrowers within weeks."}
    ]});
    std::fs::write(&batch, format!("{line}\n")).unwrap();
    let (code, _, err) = run(dir.path(), &["ingest", batch.to_str().unwrap(), &example()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 new"), "{err}");
    assert!(
        err.contains("0 new, 0 versions, 0 copies, 5 unchanged"),
        "{err}"
    );

    let (code, out, err) = run(dir.path(), &["stories", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let stories: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(stories.len(), 2, "{out}");
    // The dated story is the most recently active... unless the undated example counts as
    // active today, which it does: it was stored today.
    let g20 = stories
        .iter()
        .find(|s| s["articles"] == 5)
        .expect("the example's story");
    // The title of the article nearest the story's centroid: the longer, later version of
    // the first report.
    assert_eq!(
        g20["headline"],
        "‘Constructive’ talks, but little headway on Syrian crisis"
    );
    // --limit keeps the head of the same list.
    let (code, head, err) = run(
        dir.path(),
        &["stories", "--format", "jsonl", "--limit", "1"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(head, format!("{}\n", out.lines().next().unwrap()));
    let (code, _, err) = run(dir.path(), &["stories", "--limit", "0"]);
    assert_eq!(code, 1, "a limit of 0 is refused: {err}");
    assert!(err.contains("\"0\" is not a number of stories"), "{err}");
    let rates = stories.iter().find(|s| s["articles"] == 2).unwrap();
    assert_eq!(rates["first"], "2013-09-10");
    assert_eq!(rates["last"], "2013-09-11");
    assert_eq!(
        rates["documents"],
        serde_json::json!(["rates-1", "rates-2"])
    );

    let id = g20["id"].as_str().unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["story", id, "--words", "60", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let brief: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(brief["story"], id);
    assert_eq!(brief["headline"], g20["headline"]);
    let sentences = brief["sentences"].as_array().unwrap();
    assert!(!sentences.is_empty());
    assert_eq!(brief["sources"].as_array().unwrap().len(), 5);
    // Every quoted sentence is in its source article.
    for s in sentences {
        let doc = s["document"].as_str().unwrap();
        let file = std::fs::read_dir(example())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_stem().unwrap().to_str() == Some(doc))
            .unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], s["text"].as_str().unwrap());
    }
    let (code, out, _) = run(dir.path(), &["story", id, "--words", "60"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("‘Constructive’ talks, but little headway on Syrian crisis\n"),
        "{out}"
    );
    assert!(out.contains("Sources:"), "{out}");
    // The June G8 article is in the story but not quoted; its source line says why.
    let g8 = out
        .lines()
        .find(|l| l.contains("004_f8b5fa20748c1842"))
        .expect("the G8 article is listed");
    assert!(g8.ends_with("[not used: about a different event]"), "{g8}");
    assert_eq!(out.matches("not used: about a different event").count(), 1);

    let (code, _, err) = run(dir.path(), &["story", "s-000099"]);
    assert_eq!(code, 1);
    assert!(err.contains("no story \"s-000099\""), "{err}");
}

/// The bundled example's articles as JSONL documents with the days they were published, in
/// the order given by `names` (file-name prefixes).
fn dated_example(names: &[&str]) -> String {
    let dates = [
        ("000", "2013-09-06"),
        ("001", "2013-09-06"),
        ("002", "2013-09-07"),
        ("003", "2013-09-06"),
        ("004", "2013-06-17"),
    ];
    let mut documents = Vec::new();
    for name in names {
        let entry = std::fs::read_dir(example())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(name))
            .unwrap();
        let text = std::fs::read_to_string(&entry).unwrap();
        let id = entry.file_stem().unwrap().to_str().unwrap().to_owned();
        let date = dates.iter().find(|(n, _)| n == name).unwrap().1;
        documents.push(serde_json::json!({"id": id, "date": date, "text": text}));
    }
    format!(
        "{}\n",
        serde_json::json!({"id": "dated", "documents": documents})
    )
}

/// The stories as sorted lists of the file-name prefixes of their articles, sorted.
fn prefixes(stories_jsonl: &str) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = stories_jsonl
        .lines()
        .map(|l| {
            let s: serde_json::Value = serde_json::from_str(l).unwrap();
            let mut d: Vec<String> = s["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap()[..3].to_owned())
                .collect();
            d.sort();
            d
        })
        .collect();
    groups.sort();
    groups
}

#[test]
fn the_june_g8_meeting_is_another_story_than_the_september_g20_in_any_order() {
    // Undated, the June article shares the September story (its brief sets it aside, as the
    // test above shows); dated, it is another story, whether it comes first, with the others
    // or late in an input of its own.
    let expected = vec![
        vec!["000".to_owned(), "001".into(), "002".into(), "003".into()],
        vec!["004".to_owned()],
    ];
    let orders: [&[&[&str]]; 3] = [
        &[&["000", "001", "002", "003", "004"]],
        &[&["004"], &["000", "001", "002", "003"]],
        &[&["000", "001", "002", "003"], &["004"]],
    ];
    for inputs in orders {
        let dir = tempfile::tempdir().unwrap();
        for (k, names) in inputs.iter().enumerate() {
            let path = dir.path().join(format!("input-{k}.jsonl"));
            std::fs::write(&path, dated_example(names)).unwrap();
            let (code, _, err) = run(dir.path(), &["ingest", path.to_str().unwrap()]);
            assert_eq!(code, 0, "{err}");
        }
        let (code, out, err) = run(dir.path(), &["stories", "--format", "jsonl"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(prefixes(&out), expected, "{inputs:?}: {out}");
    }
}

#[test]
fn stories_of_a_file_that_is_not_a_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("notes.db"),
        "not a database at all, just some words",
    )
    .unwrap();
    let (code, _, err) = run(dir.path(), &["stories", "--db", "notes.db"]);
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("notes.db: not a herald store"), "{err}");
    let (code, _, err) = run(dir.path(), &["stories"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("herald.db: not a herald store (no such file"),
        "{err}"
    );
}

#[test]
fn a_file_with_a_broken_line_is_not_stored_at_all_and_the_next_input_is() {
    let dir = tempfile::tempdir().unwrap();
    let good = serde_json::json!({"id": "harbour", "documents": [
        {"id": "h1", "date": "2024-02-01", "title": "Fire closes harbour",
         "text": "A fire on a cargo ship closed the harbour of Port Elm on Monday night, and \
                  firefighters fought the blaze until dawn. No one was hurt."}]});
    let broken = dir.path().join("crawl.jsonl");
    std::fs::write(&broken, format!("{good}\n{{\"id\": \"cut off\n")).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "ingest",
            "--format",
            "json",
            broken.to_str().unwrap(),
            &example(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("crawl.jsonl:2: invalid JSON"), "{err}");
    assert!(
        err.contains("crawl.jsonl: not stored: 1 part of it could not be read"),
        "{err}"
    );
    // The example after it is stored, and only it: one report line, five articles.
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("g20-syria"), "{out}");
    let (_, listed, _) = run(dir.path(), &["stories", "--format", "jsonl"]);
    assert!(!listed.contains("\"h1\""), "{listed}");
    assert!(listed.contains("000_c0d28317505d6522"), "{listed}");
    // Mended, it goes in whole.
    std::fs::write(&broken, format!("{good}\n")).unwrap();
    let (code, _, err) = run(dir.path(), &["ingest", broken.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("crawl.jsonl: 1 new"), "{err}");
}

#[test]
fn an_article_dated_years_ahead_is_named_and_does_not_head_the_list_when_its_day_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let article = |id: &str, date: &str, title: &str, text: &str| serde_json::json!({"id": id, "date": date, "title": title, "text": text});
    let input = |name: &str, docs: Vec<serde_json::Value>| {
        let path = dir.path().join(name);
        let line = serde_json::json!({"id": name, "documents": docs});
        std::fs::write(&path, format!("{line}\n")).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let first = input(
        "monday.jsonl",
        vec![
            article(
                "library",
                "2099-01-01",
                "Council approves library budget",
                "The city council approved a budget for a new public library on Monday after a \
                 long debate about its cost. The library will open in two years.",
            ),
            article(
                "tomorrow",
                "2026-03-03",
                "Bridge reopens after repairs",
                "The old river bridge reopened to traffic after six months of repairs, the \
                 roads agency said. Buses return to the route next week.",
            ),
        ],
    );
    let ingest = |path: &str, now: &str| {
        let out = herald()
            .args(["ingest", "--format", "json", path])
            .current_dir(dir.path())
            .env_remove("HERALD_DB")
            .env("HERALD_NOW", now)
            .output()
            .unwrap();
        assert!(out.status.success());
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (out, err) = ingest(&first, "2026-03-02");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    // Tomorrow's date is a time zone ahead; the year 2099 is a mistake, and said so.
    assert_eq!(
        report["dated_ahead"],
        serde_json::json!([{"document": "library", "date": "2099-01-01"}]),
        "{out}"
    );
    assert!(
        err.contains("library dated 2099-01-01, after tomorrow: grouped and listed as undated"),
        "{err}"
    );
    // A day later another story grows: the library's story, active the day it was stored, no
    // longer heads the list, and shows no dates it does not have yet.
    let second = input(
        "tuesday.jsonl",
        vec![article(
            "storm",
            "2026-03-03",
            "Storm closes schools",
            "A winter storm closed schools across the region on Tuesday, and snow ploughs \
             worked through the night to clear the main roads.",
        )],
    );
    let (out, _) = ingest(&second, "2026-03-03");
    assert!(out.contains("\"dated_ahead\":[]"), "{out}");
    let (_, listed, _) = run(dir.path(), &["stories", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let library = lines
        .iter()
        .position(|s| s["documents"] == serde_json::json!(["library"]))
        .unwrap();
    assert_eq!(library, lines.len() - 1, "{listed}");
    assert_eq!(lines[library]["last"], serde_json::Value::Null, "{listed}");
    assert_eq!(lines[0]["last"], "2026-03-03", "{listed}");
    // Nor is it new to every update until 2099: it counts as of the day it was stored.
    let id = lines[library]["id"].as_str().unwrap();
    let (code, update, err) = run(
        dir.path(),
        &["story", id, "--since", "2026-03-03", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let update: serde_json::Value = serde_json::from_str(&update).unwrap();
    assert_eq!(update["sentences"], serde_json::json!([]), "{update}");
}

#[test]
fn a_date_that_is_no_day_is_named_and_never_shown_as_a_story_date() {
    let dir = tempfile::tempdir().unwrap();
    let text = "A fire in the engine room of the passenger ferry Nordlys forced the evacuation \
                of 212 people off the coast of Halden, the coast guard said. Rescue boats took \
                the passengers to the harbour and nobody was hurt, officials said.";
    let dates = [
        "2024-13-01",
        "2024-02-30",
        "-0044-03-15",
        "99999-01-01",
        "2024-05-07",
    ];
    let docs: Vec<serde_json::Value> = dates
        .iter()
        .enumerate()
        .map(|(k, d)| serde_json::json!({"id": format!("f{k}"), "date": d, "text": format!("{text} Report {k}.")}))
        .collect();
    let path = dir.path().join("dates.jsonl");
    let line = serde_json::json!({"id": "ferry", "documents": docs});
    std::fs::write(&path, format!("{line}\n")).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["ingest", "--format", "json", path.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let named: Vec<&str> = report["unreadable_dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(named, &dates[..4], "{out}");
    assert!(
        err.contains("f0 dated \"2024-13-01\" and 3 more, not a day"),
        "{err}"
    );
    let (_, listed, _) = run(dir.path(), &["stories", "--format", "jsonl"]);
    let story: serde_json::Value = serde_json::from_str(listed.trim()).unwrap();
    assert_eq!(story["articles"], 5, "{listed}");
    assert_eq!(
        (story["first"].as_str(), story["last"].as_str()),
        (Some("2024-05-07"), Some("2024-05-07")),
        "{listed}"
    );
}

/// `run` with herald's clock set to `now` (`HERALD_NOW`), so that "today" and the times
/// articles and briefs are stored at are known.
fn run_at(dir: &Path, now: &str, args: &[&str]) -> (i32, String, String) {
    let out = herald()
        .args(args)
        .current_dir(dir)
        .env_remove("HERALD_DB")
        .env("HERALD_NOW", now)
        .output()
        .expect("herald runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn bench_sample() -> String {
    format!(
        "{}/../../examples/bench-sample.jsonl",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn stories_since_a_day_are_the_head_of_the_list_an_undated_article_counting_as_stored() {
    // The example's first report dated 2013-09-10 and the other four undated, stored on
    // 2026-06-10 with the invented stories of bench-sample (dated March to May 2026, and two
    // undated).
    let dir = tempfile::tempdir().unwrap();
    let mut documents = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(example())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for (k, file) in files.iter().enumerate() {
        let id = file.file_stem().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        let date = (k == 0).then_some("2013-09-10");
        documents.push(serde_json::json!({"id": id, "date": date, "text": text}));
    }
    let line = serde_json::json!({"id": "g20", "documents": documents});
    std::fs::write(dir.path().join("g20.jsonl"), format!("{line}\n")).unwrap();
    let now = "2026-06-10T09:00:00Z";
    let (code, _, err) = run_at(dir.path(), now, &["ingest", "g20.jsonl", &bench_sample()]);
    assert_eq!(code, 0, "{err}");
    let (code, all, err) = run(dir.path(), &["stories", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let all: Vec<&str> = all.lines().collect();
    let g20 = all
        .iter()
        .position(|l| l.contains("000_c0d28317505d6522"))
        .unwrap();
    let story: serde_json::Value = serde_json::from_str(all[g20]).unwrap();
    assert_eq!(story["articles"], 5, "{}", all[g20]);
    assert_eq!(story["last"], "2013-09-10", "{}", all[g20]);
    // Ranked as active on the day its undated articles were stored: above May's story.
    let may = all
        .iter()
        .position(|l| l.contains("\"last\":\"2026-05-13\""))
        .unwrap();
    assert!(g20 < may, "{all:#?}");
    // So a list since a day keeps it with the stories it ranks above: every list since a day
    // is the head of the whole list, down to the last story active on or after the day.
    for (since, listed) in [
        ("2026-06-01", may),
        ("2026-05-13", may + 1),
        ("2026-03-04", all.len()),
        ("2026-06-11", 0),
    ] {
        let (code, head, err) = run(
            dir.path(),
            &["stories", "--since", since, "--format", "jsonl"],
        );
        assert_eq!(code, 0, "{err}");
        let head: Vec<&str> = head.lines().collect();
        assert_eq!(head, all[..listed], "since {since}");
    }
}

/// The id of the story listing article `document`.
fn story_of(dir: &Path, document: &str) -> String {
    let (code, out, err) = run(dir, &["stories", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let line = out
        .lines()
        .find(|l| l.contains(&format!("\"{document}\"")))
        .unwrap();
    let story: serde_json::Value = serde_json::from_str(line).unwrap();
    story["id"].as_str().unwrap().to_owned()
}

#[test]
fn an_update_since_a_day_asked_twice_is_the_same_brief() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2026-06-10T09:00:00Z";
    let (code, _, err) = run_at(dir.path(), now, &["ingest", &bench_sample()]);
    assert_eq!(code, 0, "{err}");
    let id = story_of(dir.path(), "orchard-frost-1");
    // Every brief is stored, but what one given today told is not what a reader could have
    // seen by 2026-03-10: the same question gets the same answer.
    for format in ["text", "json"] {
        let ask = || {
            run_at(
                dir.path(),
                now,
                &["story", &id, "--since", "2026-03-10", "-f", format],
            )
        };
        let (code, first, err) = ask();
        assert_eq!(code, 0, "{err}");
        assert!(first.contains("orchard-frost-3"), "{first}");
        assert!(!first.contains("Nothing new"), "{first}");
        let (_, second, _) = ask();
        assert_eq!(first, second, "{format}");
    }
    // `--new` is since the last brief: all of the above were told.
    let (code, out, err) = run_at(dir.path(), now, &["story", &id, "--new"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(0 of 3 articles)"), "{out}");
    assert!(out.contains("Nothing new."), "{out}");
}

#[test]
fn an_article_stored_in_the_second_of_the_last_brief_is_in_the_next_update() {
    // The bridge story of bench-sample in two inputs, the brief between them; herald's clock
    // is stopped, so brief and second input share one second.
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(bench_sample()).unwrap();
    let bridge = sample
        .lines()
        .find(|l| l.contains("bridge-closure-3"))
        .unwrap();
    let mut cluster: serde_json::Value = serde_json::from_str(bridge).unwrap();
    cluster.as_object_mut().unwrap().remove("references");
    let documents = cluster["documents"].as_array().unwrap().clone();
    for (name, part) in [("first", &documents[..2]), ("more", &documents[2..])] {
        cluster["documents"] = serde_json::Value::Array(part.to_vec());
        std::fs::write(
            dir.path().join(format!("{name}.jsonl")),
            format!("{cluster}\n"),
        )
        .unwrap();
    }
    let now = "2026-06-10T09:00:00Z";
    let (code, _, err) = run_at(dir.path(), now, &["ingest", "first.jsonl"]);
    assert_eq!(code, 0, "{err}");
    let id = story_of(dir.path(), "bridge-closure-1");
    let (code, _, err) = run_at(dir.path(), now, &["story", &id]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_at(dir.path(), now, &["ingest", "more.jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(story_of(dir.path(), "bridge-closure-3"), id);
    let (code, out, err) = run_at(dir.path(), now, &["story", &id, "--new", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let update: serde_json::Value = serde_json::from_str(&out).unwrap();
    let quoted: Vec<&str> = update["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["document"].as_str().unwrap())
        .collect();
    assert!(
        !quoted.is_empty() && quoted.iter().all(|d| *d == "bridge-closure-3"),
        "{out}"
    );
    // And once told, it is not new again.
    let (code, out, err) = run_at(dir.path(), now, &["story", &id, "--new"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(0 of 3 articles)"), "{out}");
}

/// A JSONL input of `n` made-up articles, dated over a few days, each about one of a few
/// hundred made-up events.
fn write_input(path: &Path, prefix: &str, n: usize) {
    use std::io::Write;
    let words = [
        "council", "harbour", "strike", "budget", "flood", "election", "tariff", "vaccine",
        "bridge", "court", "festival", "mine", "railway", "drought", "summit", "reactor",
    ];
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut docs = Vec::new();
    for k in 0..n {
        let event = k % 300;
        let (a, b, c) = (
            words[event % 16],
            words[(event / 16) % 16],
            words[(event * 7) % 16],
        );
        let text = format!(
            "Officials in town {event} said the {a} and the {b} dominated talks on day {k}. \
             Residents told reporters the {c} would matter for weeks, and a spokesman for \
             district {event} promised an answer about the {a} soon. Article {prefix}{k} \
             quotes witness number {k} at length about the {b} of town {event}."
        );
        docs.push(serde_json::json!({
            "id": format!("{prefix}{k}"),
            "title": format!("Town {event} weighs the {a} and the {b}"),
            "date": format!("2024-03-{:02}", 1 + k * 20 / n),
            "text": text,
        }));
    }
    writeln!(
        f,
        "{}",
        serde_json::json!({"id": prefix, "documents": docs})
    )
    .unwrap();
}

#[test]
fn a_store_killed_mid_ingest_keeps_every_committed_input_whole_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.jsonl");
    let big = dir.path().join("big.jsonl");
    write_input(&small, "s", 300);
    write_input(&big, "b", 30_000);
    let db = dir.path().join("kill.db");
    let mut child = herald()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&small)
        .arg(&big)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first input's tally line: it is committed, the second is being written.
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.contains("small.jsonl:") {
                let _ = tx.send(line);
            }
        }
    });
    let tally = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the first input is committed");
    assert!(tally.contains("0 unchanged, 0 skipped"), "{tally}");
    // While the second input is written, a reader answers with what was committed.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let started = std::time::Instant::now();
    let (code, out, err) = run(
        dir.path(),
        &["stories", "--db", "kill.db", "--format", "jsonl"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let listed: usize = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["documents"].as_array().unwrap().len()
        })
        .sum();
    assert_eq!(listed, 300, "only the committed input is visible");
    assert!(
        child.try_wait().unwrap().is_none(),
        "the second input must still be running to be killed mid-write"
    );
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    // The store opens, is consistent, and holds the first input whole and nothing of the second.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let inputs: Vec<(String, i64)> = conn
        .prepare("SELECT name, new + versions + copies FROM inputs ORDER BY n")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(inputs.len(), 1, "{inputs:?}");
    assert!(inputs[0].0.ends_with("small.jsonl"));
    let articles: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(articles, inputs[0].1);
    assert_eq!(articles, 300);
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM articles WHERE story NOT IN (SELECT n FROM stories)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    drop(conn);
    // And the killed input can simply be ingested again.
    let (code, _, err) = run(
        dir.path(),
        &["ingest", "--db", "kill.db", small.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("300 unchanged"), "{err}");
}

#[test]
fn a_story_in_html_and_markdown_carries_what_its_text_carries() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["ingest", &example()]);
    assert_eq!(code, 0, "{err}");
    let headline = "‘Constructive’ talks, but little headway on Syrian crisis";
    let (code, text, err) = run(dir.path(), &["story", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(text.starts_with(&format!("{headline}\ns-000001 · 5 articles · undated\n")));
    let (code, html, err) = run(dir.path(), &["story", "1", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    // The page is the story's: its headline as title and heading, its line of facts.
    let escaped = headline.replace('\'', "&#39;");
    assert!(
        html.contains(&format!("<title>{escaped}</title>")),
        "{html}"
    );
    assert!(html.contains(&format!("<h1>{escaped}</h1>")), "{html}");
    assert!(html.contains("s-000001 · 5 articles · undated"), "{html}");
    assert!(!html.contains("herald summaries"), "{html}");
    // Each source with what the text format says of it.
    let g8 = html
        .lines()
        .find(|l| l.contains("004_f8b5fa20748c1842"))
        .expect("the G8 article is listed");
    assert!(g8.contains("[not used: about a different event]"), "{g8}");

    // An update after that brief: nothing new, said so, in every format.
    for format in ["html", "markdown", "text"] {
        let (code, out, err) = run(dir.path(), &["story", "1", "--new", "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("What's new since") || out.contains("What&#39;s new since"),
            "{format}: {out}"
        );
        assert!(out.contains("Nothing new."), "{format}: {out}");
        assert!(!out.contains("<p></p>"), "{format}: {out}");
    }
}

#[test]
fn an_update_short_of_its_budget_says_in_every_format_that_the_rest_was_told() {
    for (format, opening) in [
        ("html", "<p class=\"note\">Note: "),
        ("text", "Note: "),
        ("markdown", "_Note: "),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("dated.jsonl");
        std::fs::write(&input, dated_example(&["000", "001", "003"])).unwrap();
        let (code, _, err) = run(dir.path(), &["ingest", input.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        // A whole brief, then 002 comes in and the reader asks what is new since that brief:
        // what the others and the brief said is told already.
        let (code, _, err) = run(dir.path(), &["story", "1"]);
        assert_eq!(code, 0, "{err}");
        let later = dir.path().join("later.jsonl");
        std::fs::write(&later, dated_example(&["002"])).unwrap();
        let (code, _, err) = run(dir.path(), &["ingest", later.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let update = [
            "story",
            "1",
            "--new",
            "--sentences",
            "30",
            "--format",
            format,
        ];
        let (code, out, err) = run(dir.path(), &update);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("What's new since") || out.contains("What&#39;s new since"),
            "{format}: {out}"
        );
        let note = out
            .lines()
            .find(|l| l.starts_with(opening))
            .unwrap_or_else(|| panic!("{format}: no note on the short update: {out}"));
        assert!(note.contains("told already"), "{format}: {note}");
        assert!(!note.contains("page furniture"), "{format}: {note}");
    }
}

#[test]
fn version_labels_say_which_came_later_and_never_name_an_article_a_version_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = ("000_c0d28317505d6522", "001_55ad1462f3b0bf93");
    // Summarizing, herald quotes one version of the two (the later, longer one) and says so
    // of the other.
    let (code, md, err) = run(
        dir.path(),
        &["summarize", &example(), "--format", "markdown"],
    );
    assert_eq!(code, 0, "{err}");
    let line = |text: &str, id: &str| -> String {
        text.lines()
            .find(|l| l.contains(&format!(". `{id}`")) || l.contains(&format!("[{id}]")))
            .unwrap_or_else(|| panic!("no line of {id}: {text}"))
            .to_owned()
    };
    assert!(
        line(&md, first).ends_with(&format!(
            "— *another version of `{second}`, which is quoted instead*"
        )),
        "{md}"
    );
    assert!(!line(&md, second).contains("version"), "{md}");
    // The store says which arrived later, the same pair the same way round.
    let (code, _, err) = run(dir.path(), &["ingest", &example()]);
    assert_eq!(code, 0, "{err}");
    let (code, text, err) = run(dir.path(), &["story", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        line(&text, second).contains(&format!("[a later version of {first}]")),
        "{text}"
    );
    assert!(!line(&text, first).contains("version"), "{text}");

    // The same id again with a new text: a version of itself, shown as which version it is.
    let sample = format!(
        "{}/../../examples/bench-sample.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let bridge = std::fs::read_to_string(&sample)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .flat_map(|c| c["documents"].as_array().unwrap().clone())
        .find(|d| d["id"] == "bridge-closure-3")
        .expect("bridge-closure-3 in the sample");
    let mut updated = bridge.clone();
    updated["text"] = format!(
        "{}\n\nThe council will meet again on Thursday to decide whether the ferry should run \
         through the night while the bridge is closed.",
        bridge["text"].as_str().unwrap()
    )
    .into();
    let again = dir.path().join("again.jsonl");
    std::fs::write(
        &again,
        format!(
            "{}\n",
            serde_json::json!({"id": "again", "documents": [updated]})
        ),
    )
    .unwrap();
    let db = ["--db", "bench.db"];
    let (code, _, err) = run(dir.path(), &[&["ingest", &sample][..], &db].concat());
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        dir.path(),
        &[&["ingest", again.to_str().unwrap()][..], &db].concat(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 version"), "{err}");
    let (code, list, err) = run(
        dir.path(),
        &[&["stories", "--format", "jsonl"][..], &db].concat(),
    );
    assert_eq!(code, 0, "{err}");
    let story = list
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|s| s["documents"].to_string().contains("bridge-closure-3"))
        .expect("the bridge story");
    let id = story["id"].as_str().unwrap();
    for format in ["text", "markdown", "html"] {
        let (code, out, err) = run(
            dir.path(),
            &[&["story", id, "--format", format][..], &db].concat(),
        );
        assert_eq!(code, 0, "{err}");
        assert!(!out.contains("#2"), "{format}: {out}");
        assert!(
            !out.contains("version of bridge-closure-3"),
            "{format}: {out}"
        );
        assert!(
            out.contains("bridge-closure-3 (first version)")
                && out.contains("bridge-closure-3 (second version)"),
            "{format}: {out}"
        );
    }
}

#[test]
fn an_ingest_that_stores_nothing_leaves_no_new_store_and_an_old_one_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nonexistent");
    let (code, _, err) = run(
        dir.path(),
        &["ingest", "--db", "g.db", missing.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no such file or folder"), "{err}");
    assert!(
        err.contains("g.db: not created: no input to store"),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A file that is there but broken is read in a store, which is kept, empty: herald never
    // removes a store (another process may be filling it).
    std::fs::write(dir.path().join("b.jsonl"), "{bad\n").unwrap();
    let (code, _, err) = run(dir.path(), &["ingest", "--db", "g.db", "b.jsonl"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("g.db now holds 0 articles in 0 stories"),
        "{err}"
    );
    // A store that was there keeps what it holds.
    let (code, _, err) = run(dir.path(), &["ingest", "--db", "g.db", &example()]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        dir.path(),
        &["ingest", "--db", "g.db", missing.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("g.db now holds 5 articles in 1 story"),
        "{err}"
    );
    let (code, out, err) = run(
        dir.path(),
        &["stories", "--db", "g.db", "--format", "jsonl"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn an_article_listed_twice_in_one_batch_is_one_source_under_its_own_id() {
    // Two topics of one batch carry the same article (DUC 2003 does; so does a feed that lists
    // an item in two sections): one article, named as given, not a copy called `nyt-1#2`.
    let dir = tempfile::tempdir().unwrap();
    let doc = serde_json::json!({"id": "nyt-1", "title": "Norland raises interest rates",
        "date": "2013-09-10", "site": "Gazette",
        "text": "The central bank of Norland raised interest rates by half a point on Tuesday to fight inflation, its third increase this year. Markets fell and mortgage lenders said borrowing costs for households would climb within weeks."});
    let line = serde_json::json!({"id": "day", "documents": [doc.clone(), doc]});
    std::fs::write(dir.path().join("day.jsonl"), format!("{line}\n")).unwrap();
    let (code, out, err) = run(dir.path(), &["ingest", "day.jsonl", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (&report["new"], &report["copies"], &report["unchanged"]),
        (&1.into(), &0.into(), &1.into()),
        "{out}"
    );
    let (code, out, err) = run(dir.path(), &["stories", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let story: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(story["articles"], 1, "{out}");
    assert_eq!(story["documents"], serde_json::json!(["nyt-1"]), "{out}");
    let (code, out, err) = run(dir.path(), &["story", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("#2") && !out.contains("a copy of"), "{out}");
}

#[test]
fn an_update_marks_which_sources_are_new_even_when_nothing_new_is_said() {
    // A copy comes from another outlet: "Nothing new." is right, and "1 of 2 articles" should
    // let the reader see which one that is.
    let dir = tempfile::tempdir().unwrap();
    let text = "The central bank of Norland raised interest rates by half a point on Tuesday to fight inflation, its third increase this year. Markets fell and mortgage lenders said borrowing costs for households would climb within weeks.";
    let day = |name: &str, id: &str, site: &str, date: &str| {
        let line = serde_json::json!({"id": name, "documents": [{"id": id,
            "title": "Norland raises interest rates", "date": date, "site": site,
            "text": text}]});
        std::fs::write(dir.path().join(name), format!("{line}\n")).unwrap();
    };
    day("d1.jsonl", "gazette-1", "Gazette", "2013-09-10");
    day("d2.jsonl", "herald-7", "Herald", "2013-09-11");
    let (code, _, err) = run_at(dir.path(), "2013-09-10T08:00:00Z", &["ingest", "d1.jsonl"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_at(dir.path(), "2013-09-10T09:00:00Z", &["story", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("[new]"), "a whole brief marks none: {out}");
    let (code, _, err) = run_at(dir.path(), "2013-09-11T08:00:00Z", &["ingest", "d2.jsonl"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run_at(dir.path(), "2013-09-11T09:00:00Z", &["story", "1", "--new"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("(1 of 2 articles)") && out.contains("Nothing new."),
        "{out}"
    );
    let line = |id: &str| {
        out.lines()
            .find(|l| l.contains(&format!("[{id}]")))
            .unwrap_or("")
    };
    assert!(line("herald-7").ends_with("[new]"), "{out}");
    assert!(!line("gazette-1").contains("[new]"), "{out}");
    let (code, out, err) = run_at(
        dir.path(),
        "2013-09-11T09:00:00Z",
        &["story", "1", "--since", "2013-09-11", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let brief: serde_json::Value = serde_json::from_str(&out).unwrap();
    let new: Vec<&serde_json::Value> = brief["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["new"])
        .collect();
    assert_eq!(
        new,
        vec![&serde_json::json!(false), &serde_json::json!(true)],
        "{out}"
    );
}

#[test]
fn stories_new_since_a_moment_lists_what_gained_articles_whatever_their_dates() {
    // The morning of June 1: the invented stories of bench-sample (dated March to May) and
    // two reports of the 2013 G20 talks. The morning of June 2: a third report of the talks and
    // the June 2013 G8 meeting arrive, late by years: no list by date shows them as news.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.jsonl"), dated_example(&["000", "001"])).unwrap();
    std::fs::write(dir.path().join("two.jsonl"), dated_example(&["003", "004"])).unwrap();
    let (code, _, err) = run_at(
        dir.path(),
        "2026-06-01T08:00:00Z",
        &["ingest", "one.jsonl", &bench_sample()],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_at(dir.path(), "2026-06-02T08:00:00Z", &["ingest", "two.jsonl"]);
    assert_eq!(code, 0, "{err}");
    let list = |args: &[&str]| {
        let (code, out, err) = run(
            dir.path(),
            &[&["stories", "--format", "jsonl"], args].concat(),
        );
        assert_eq!(code, 0, "{args:?}: {err}");
        out.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .collect::<Vec<_>>()
    };
    let all = list(&[]);
    assert!(all.len() >= 7, "{all:#?}");
    assert!(
        all.iter().all(|s| s.get("new_articles").is_none()),
        "{all:#?}"
    );
    assert!(list(&["--since", "2026-06-02"]).is_empty());

    let news = list(&["--new-since", "2026-06-02"]);
    let mut told: Vec<(Vec<String>, u64)> = news
        .iter()
        .map(|s| {
            let prefixes = s["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap()[..3].to_owned())
                .collect();
            (prefixes, s["new_articles"].as_u64().unwrap())
        })
        .collect();
    told.sort();
    assert_eq!(
        told,
        [
            (vec!["000".to_owned(), "001".into(), "003".into()], 1),
            (vec!["004".to_owned()], 1),
        ],
        "{news:#?}"
    );
    // From the first morning's moment on, every story; after the second, none.
    assert_eq!(
        list(&["--new-since", "2026-06-01T08:00:00Z"]).len(),
        all.len()
    );
    assert!(list(&["--new-since", "2026-06-02T08:00:01.5Z"]).is_empty());
    assert_eq!(
        list(&["--new-since", "2026-06-01", "--limit", "2"]).len(),
        2
    );
    let (code, text, err) = run(dir.path(), &["stories", "--new-since", "2026-06-02"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(text.matches(" (1 new)").count(), 2, "{text}");
    let (code, _, err) = run(
        dir.path(),
        &["stories", "--new-since", "2026-06-02T25:00:00Z"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is not a moment"), "{err}");
}
