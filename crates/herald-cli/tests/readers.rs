//! Hostile input to the readers, through the real binary. The rule the tests share: a damaged
//! input is one error line naming it and where, exit 1, and `herald ingest` stores nothing of
//! it (as for a broken JSONL line), while the other inputs go on; what is merely not an article
//! is skipped with the reason, as before.

use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `herald ARGS` in `dir` with `stdin` fed in: (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(args)
        .current_dir(dir)
        .env_remove("HERALD_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run herald");
    {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        // herald may refuse its arguments before reading standard input.
        let _ = pipe.write_all(stdin);
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The ids of the articles the store in `dir` holds, from `herald stories`.
fn stored(dir: &Path) -> Vec<String> {
    // An ingest that stored nothing leaves no store it would have made.
    if !dir.join("herald.db").exists() {
        return Vec::new();
    }
    let (code, out, err) = run(dir, &["stories", "--format", "jsonl"], b"");
    assert_eq!(code, 0, "{err}");
    let mut ids: Vec<String> = out
        .lines()
        .flat_map(|l| {
            let story: serde_json::Value = serde_json::from_str(l).unwrap();
            story["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    ids.sort();
    ids
}

/// A WARC response record holding a news page about harbour `n`.
fn warc_record(n: usize) -> Vec<u8> {
    let paragraphs: String = (0..5)
        .map(|k| {
            format!(
                "<p>The harbour of Port {n} reopened on Tuesday after the storm, officials said \
                 in their statement number {k}. Boats were moving again by noon.</p>"
            )
        })
        .collect();
    let page = format!(
        "<html><head><title>Harbour {n} reopens</title></head><body><article>\
         <h1>Harbour {n} reopens</h1>{paragraphs}</article></body></html>"
    );
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/harbour-{n}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

/// CRC-32 (IEEE), as gzip's trailer holds it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// `data` as one gzip member of stored (uncompressed) deflate blocks: a valid member written
/// without a compression library, so that its bytes can be damaged at known places.
fn gzip_member(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let blocks: Vec<&[u8]> = data.chunks(0xffff).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

/// Writes `ok.warc.gz` (three members, one record each), `garbled.warc.gz` (30 bytes inside
/// member 2 flipped), `cut.warc.gz` (cut halfway through member 2) and `notgz.warc.gz` (not
/// gzip, not WARC) into `dir`; returns where member 2 starts.
fn write_archives(dir: &Path) -> usize {
    let members: Vec<Vec<u8>> = (1..=3).map(|n| gzip_member(&warc_record(n))).collect();
    let ok = members.concat();
    let second = members[0].len();
    let middle = second + members[1].len() / 2;
    let mut garbled = ok.clone();
    for b in &mut garbled[middle - 15..middle + 15] {
        *b ^= 0x5a;
    }
    std::fs::write(dir.join("ok.warc.gz"), &ok).unwrap();
    std::fs::write(dir.join("garbled.warc.gz"), garbled).unwrap();
    std::fs::write(dir.join("cut.warc.gz"), &ok[..middle]).unwrap();
    std::fs::write(dir.join("notgz.warc.gz"), "hello, this is no archive\n").unwrap();
    second
}

const HARBOURS: [&str; 3] = [
    "https://news.example/harbour-1",
    "https://news.example/harbour-2",
    "https://news.example/harbour-3",
];

#[test]
fn a_damaged_warc_is_one_error_naming_where_and_ingest_stores_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let second = write_archives(dir.path());
    let (code, _, err) = run(dir.path(), &["ingest", "ok.warc.gz"], b"");
    assert_eq!(code, 0, "{err}");
    assert_eq!(stored(dir.path()), HARBOURS);

    let cases = [
        (
            "garbled.warc.gz",
            format!(
                "herald: error: garbled.warc.gz: record 2: corrupt gzip member at byte {second} ("
            ),
            "the rest of the archive was not read",
        ),
        (
            "cut.warc.gz",
            format!(
                "herald: error: cut.warc.gz: record 2: the archive ends inside the gzip member at \
                 byte {second}"
            ),
            "cut short",
        ),
        (
            "notgz.warc.gz",
            "herald: error: notgz.warc.gz: record 1 at byte 0: not a WARC archive".to_owned(),
            "expected a WARC version line",
        ),
    ];
    for (file, start, end) in &cases {
        let db = format!("{file}.db");
        let (code, _, err) = run(
            dir.path(),
            &["ingest", "--db", &db, file, "ok.warc.gz"],
            b"",
        );
        assert_eq!(code, 1, "{file}: {err}");
        let lines: Vec<&str> = err.lines().filter(|l| l.contains("error:")).collect();
        assert_eq!(lines.len(), 1, "{file}: {err}");
        assert!(lines[0].starts_with(start.as_str()), "{file}: {err}");
        assert!(lines[0].contains(end), "{file}: {err}");
        assert!(
            !err.contains("herald: skipped"),
            "{file}: counted as a skip: {err}"
        );
        // Nothing of the damaged archive is stored, not even the intact record before the
        // damage; the archive after it is stored whole.
        assert!(
            err.contains(&format!("{file}: not stored")),
            "{file}: {err}"
        );
        let (code, out, err) = run(
            dir.path(),
            &["stories", "--db", &db, "--format", "jsonl"],
            b"",
        );
        assert_eq!(code, 0, "{err}");
        let documents: usize = out
            .lines()
            .map(|l| {
                let story: serde_json::Value = serde_json::from_str(l).unwrap();
                story["documents"].as_array().unwrap().len()
            })
            .sum();
        assert_eq!(documents, 3, "only ok.warc.gz's three pages: {out}");
    }
}

#[test]
fn a_damaged_warc_is_an_error_for_summarize_cluster_and_dedup_and_the_other_inputs_go_on() {
    let dir = tempfile::tempdir().unwrap();
    write_archives(dir.path());
    for command in ["summarize", "cluster", "dedup"] {
        for file in ["garbled.warc.gz", "cut.warc.gz", "notgz.warc.gz"] {
            let (code, out, err) = run(dir.path(), &[command, file, "ok.warc.gz"], b"");
            assert_eq!(code, 1, "{command} {file}: {err}");
            assert_eq!(
                err.lines()
                    .filter(|l| l.starts_with(&format!("herald: error: {file}: record ")))
                    .count(),
                1,
                "{command} {file}: {err}"
            );
            assert!(!err.contains("herald: skipped"), "{command} {file}: {err}");
            // ok.warc.gz is still read: its summary or its pages are in the output.
            let read_on = match command {
                "summarize" => "== ok.warc.gz ==",
                _ => "https://news.example/harbour-3",
            };
            assert!(out.contains(read_on), "{command} {file}: {out}");
        }
    }
}

#[test]
fn records_that_are_not_articles_stay_skips_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let http = "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>";
    let missing = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/gone\r\n\
         Content-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let archive = [warc_record(1), missing.into_bytes()].concat();
    std::fs::write(dir.path().join("mixed.warc"), archive).unwrap();
    let (code, _, err) = run(dir.path(), &["ingest", "mixed.warc"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("skipped mixed.warc: 1 record skipped: HTTP status not 2xx"),
        "{err}"
    );
    assert_eq!(stored(dir.path()), ["https://news.example/harbour-1"]);
}

/// A folder of two articles and `b-link.txt`, a symbolic link that cannot be followed.
#[cfg(unix)]
fn folder_with_an_unreadable_file(dir: &Path, link_to: &str) -> std::path::PathBuf {
    let folder = dir.join("harbour");
    std::fs::create_dir(&folder).unwrap();
    let text = |n: usize| {
        format!(
            "Harbour {n} reopens\nThe harbour of Port {n} reopened on Tuesday after the storm, \
             officials said. Boats were moving again by noon, and the ferry resumed its crossings.\n"
        )
    };
    std::fs::write(folder.join("a.txt"), text(1)).unwrap();
    std::fs::write(folder.join("c.txt"), text(2)).unwrap();
    std::os::unix::fs::symlink(link_to, folder.join("b-link.txt")).unwrap();
    folder
}

#[cfg(unix)]
#[test]
fn a_file_of_a_folder_that_cannot_be_read_fails_the_folder_and_ingest_rolls_it_back() {
    // A file the system refuses to read: a dangling link, and a link to itself. (Permission
    // denied takes the same path, but the tests may run as root, who is never denied.)
    for (link_to, why) in [
        (
            "nowhere.txt",
            "a link to nothing (its target does not exist)",
        ),
        ("b-link.txt", "symbolic links"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        folder_with_an_unreadable_file(dir.path(), link_to);
        let (code, out, err) = run(dir.path(), &["ingest", "--format", "json", "harbour"], b"");
        assert_eq!(code, 1, "{err}");
        let errors: Vec<&str> = err.lines().filter(|l| l.contains("error:")).collect();
        assert_eq!(errors.len(), 1, "{err}");
        assert!(
            errors[0].starts_with("herald: error: harbour/b-link.txt: ") && errors[0].contains(why),
            "{err}"
        );
        assert!(!err.contains("herald: skipped"), "{err}");
        assert!(err.contains("harbour: not stored"), "{err}");
        assert_eq!(out, "", "no input was stored");
        assert_eq!(stored(dir.path()), Vec::<String>::new());
        // summarize still summarizes the files it could read, and says what it could not.
        let (code, out, err) = run(dir.path(), &["summarize", "harbour"], b"");
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("herald: error: harbour/b-link.txt: "), "{err}");
        assert!(out.contains("Port 1"), "{out}");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_folder_named_like_an_article_is_skipped_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let folder = folder_with_an_unreadable_file(dir.path(), "a.txt");
    std::fs::create_dir(folder.join("notes.txt")).unwrap();
    std::fs::create_dir(folder.join("old.rss")).unwrap();
    let made = ["pipe.txt", "pipe.rss"].iter().all(|name| {
        Command::new("mkfifo")
            .arg(folder.join(name))
            .status()
            .is_ok_and(|s| s.success())
    });
    // Reading a FIFO would wait for a writer for ever: the ingest would never end.
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["ingest", "harbour"])
        .current_dir(dir.path())
        .env_remove("HERALD_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("herald ingest waited on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("skipped notes.txt: is a folder, not an article"),
        "{err}"
    );
    // A folder named like a feed is a folder too, not a feed that cannot be read.
    assert!(
        err.contains("skipped old.rss: is a folder, not an article"),
        "{err}"
    );
    if made {
        for name in ["pipe.txt", "pipe.rss"] {
            assert!(
                err.contains(&format!(
                    "skipped {name}: not a regular file (a FIFO, socket or device)"
                )),
                "{err}"
            );
        }
    }
    // The link to a.txt is a.txt again, read as any file is.
    assert!(err.contains("now holds 3 articles"), "{err}");
}

fn jsonl_line() -> String {
    serde_json::json!({"id": "harbour", "documents": [{"id": "h1", "text":
        "The harbour authority closed the northern pier on Monday after divers found cracks in \
         its supports. Engineers said repairs would take at least three weeks."}]})
    .to_string()
}

#[test]
fn a_utf8_byte_order_mark_opening_a_jsonl_file_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = [b"\xef\xbb\xbf".as_slice(), jsonl_line().as_bytes(), b"\n"].concat();
    std::fs::write(dir.path().join("bom.jsonl"), &bytes).unwrap();
    let (code, _, err) = run(dir.path(), &["ingest", "bom.jsonl"], b"");
    assert_eq!(code, 0, "{err}");
    assert_eq!(stored(dir.path()), ["h1"]);
    let (code, out, err) = run(dir.path(), &["summarize", "-"], &bytes);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("northern pier"), "{out}");
}

#[test]
fn a_utf16_jsonl_file_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}\n{}\n", jsonl_line(), jsonl_line());
    let le: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xfe, 0xff]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (file, bytes) in [("le.jsonl", le), ("be.jsonl", be)] {
        std::fs::write(dir.path().join(file), bytes).unwrap();
        for command in ["ingest", "summarize", "dedup"] {
            let (code, _, err) = run(dir.path(), &[command, file], b"");
            assert_eq!(code, 1, "{command} {file}: {err}");
            let errors: Vec<&str> = err
                .lines()
                .filter(|l| l.starts_with(&format!("herald: error: {file}")))
                .collect();
            assert_eq!(
                errors,
                [format!(
                    "herald: error: {file}: UTF-16 text; herald reads JSONL as UTF-8 (convert \
                     it, e.g. iconv -f UTF-16 -t UTF-8)"
                )],
                "{command} {file}: {err}"
            );
        }
    }
}

#[test]
fn standard_input_named_twice_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!("{}\n", jsonl_line());
    for command in ["ingest", "summarize", "dedup", "cluster"] {
        let (code, out, err) = run(dir.path(), &[command, "-", "-"], line.as_bytes());
        assert_eq!(code, 1, "{command}: {err}");
        assert_eq!(
            err,
            "herald: error: - (standard input) is given more than once: it can be read only once\n",
            "{command}"
        );
        assert_eq!(out, "", "{command}");
    }
    // Nothing was ingested: the store was not even created.
    assert!(!dir.path().join("herald.db").exists());
}

#[test]
fn an_input_with_no_articles_is_not_called_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        dir.path(),
        &["summarize", "-"],
        b"{\"id\": \"d\", \"documents\": []}\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("d: empty summary: no articles found\n"),
        "{err}"
    );
    assert!(!err.contains("folder"), "{err}");
}

#[test]
fn gzipped_jsonl_is_read_by_name_and_on_standard_input_and_binary_jsonl_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}\n", jsonl_line());
    let gz = gzip_member(text.as_bytes());
    std::fs::write(dir.path().join("pool.jsonl.gz"), &gz).unwrap();
    let (code, out, err) = run(dir.path(), &["summarize", "pool.jsonl.gz"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("northern pier"), "{out}");
    let (code, out, err) = run(dir.path(), &["summarize", "-"], &gz);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("northern pier"), "{out}");
    let (code, _, err) = run(dir.path(), &["ingest", "pool.jsonl.gz"], b"");
    assert_eq!(code, 0, "{err}");
    assert_eq!(stored(dir.path()), ["h1"]);

    // Binary bytes where JSONL was expected: one error naming the line, not one per line.
    let mut binary = text.clone().into_bytes();
    binary.extend((0..4096u32).map(|i| (i % 7) as u8));
    std::fs::write(dir.path().join("bin.jsonl"), &binary).unwrap();
    let (code, _, err) = run(dir.path(), &["summarize", "bin.jsonl"], b"");
    assert_eq!(code, 1, "{err}");
    let errors: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("herald: error: bin.jsonl"))
        .collect();
    assert_eq!(
        errors,
        ["herald: error: bin.jsonl:2: binary data (a NUL byte), not JSONL text; the rest was not read"],
        "{err}"
    );
}
