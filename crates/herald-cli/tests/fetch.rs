//! `herald summarize URL` against a web server started by the test on loopback (never the
//! outside network): a page is read as the same `.html` file would be, a feed as the same
//! `.rss` file (by its Content-Type, or by its content when the type says nothing), redirects
//! are followed, and a URL that fails is one error line naming it while the other inputs are
//! still summarized.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::{isolated_herald, ok};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn page() -> PathBuf {
    fixtures().join("html-folder/pages/wire-harbor-strike.html")
}

fn feed() -> PathBuf {
    fixtures().join("feed-rss/harbour.rss")
}

/// Answers one request: the status line, content type and body for a path.
fn answer(path: &str) -> (&'static str, &'static str, Vec<u8>) {
    let read = |p: PathBuf| std::fs::read(p).unwrap();
    match path {
        "/news/wire-harbor-strike.html" => ("200 OK", "text/html; charset=utf-8", read(page())),
        "/feeds/harbour.rss" => ("200 OK", "application/rss+xml", read(feed())),
        // Served with a type that says nothing: told a feed by its content.
        "/untyped/harbour" => ("200 OK", "application/octet-stream", read(feed())),
        "/old-address" => ("301 Moved Permanently", "text/plain", Vec::new()),
        "/files/report.pdf" => ("200 OK", "application/pdf", b"%PDF-1.7".to_vec()),
        _ => ("404 Not Found", "text/plain", b"not here".to_vec()),
    }
}

/// Starts a small HTTP/1.1 server on 127.0.0.1 and returns its base URL.
fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            respond(stream);
        }
    });
    base
}

fn respond(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap_or(0) > 2 {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let (status, kind, body) = answer(&path);
    let location = if path == "/old-address" {
        "Location: /news/wire-harbor-strike.html\r\n"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{location}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Runs `herald ARGS` with no proxy in its environment, so requests stay on loopback.
fn herald(args: &[&str]) -> Output {
    isolated_herald().args(args).output().expect("run herald")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn a_page_url_is_summarized_as_the_same_html_file_is() {
    let base = server();
    let url = format!("{base}/news/wire-harbor-strike.html");
    let from_web = ok(&herald(&[
        "summarize",
        &url,
        "--words",
        "80",
        "--format",
        "json",
    ]));
    let from_file = ok(&herald(&[
        "summarize",
        page().to_str().unwrap(),
        "--words",
        "80",
        "--format",
        "json",
    ]));
    assert!(from_web.contains("\"sentences\": ["), "{from_web}");
    assert_eq!(from_web, from_file);
}

#[test]
fn a_redirect_is_followed() {
    let base = server();
    let moved = ok(&herald(&[
        "summarize",
        &format!("{base}/old-address"),
        "--format",
        "jsonl",
    ]));
    let direct = ok(&herald(&[
        "summarize",
        &format!("{base}/news/wire-harbor-strike.html"),
        "--format",
        "jsonl",
    ]));
    // Named after the address it ended at, as a file is after its name.
    assert_eq!(moved, direct);
}

#[test]
fn a_feed_url_is_read_as_the_same_feed_file_is_by_type_or_by_content() {
    let base = server();
    let from_file = ok(&herald(&[
        "summarize",
        feed().to_str().unwrap(),
        "--words",
        "60",
        "--format",
        "jsonl",
    ]));
    assert!(from_file.starts_with("{\"id\":\"harbour\""), "{from_file}");
    for path in ["/feeds/harbour.rss", "/untyped/harbour"] {
        let from_web = ok(&herald(&[
            "summarize",
            &format!("{base}{path}"),
            "--words",
            "60",
            "--format",
            "jsonl",
        ]));
        assert_eq!(from_web, from_file, "{path}");
    }
}

#[test]
fn a_failed_url_is_one_line_naming_it_and_the_other_inputs_are_summarized() {
    let base = server();
    let missing = format!("{base}/news/gone.html");
    // A port nobody listens on: bound, then released.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/story.html", l.local_addr().unwrap())
    };
    let out = herald(&[
        "summarize",
        &missing,
        page().to_str().unwrap(),
        &closed,
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert_eq!(
        lines[0],
        format!("herald: error: {missing}: the server answered HTTP 404")
    );
    assert!(
        lines[1].starts_with(&format!("herald: error: {closed}: ")),
        "{stderr}"
    );
    assert_eq!(lines[2], "herald: 2 input errors; 1 cluster summarized");
    let summaries = stdout(&out);
    assert_eq!(summaries.lines().count(), 1);
    assert!(summaries.starts_with("{\"id\":\"wire-harbor-strike\""));
}

/// A URL that answers with something other than a page or a feed is listed as skipped with the
/// reason, as a local file of an unsupported type is.
#[test]
fn a_url_that_is_neither_page_nor_feed_is_skipped_with_the_reason() {
    let base = server();
    let url = format!("{base}/files/report.pdf");
    let out = herald(&["summarize", &url, "--format", "json"]);
    // Nothing could be summarized: exit 1, with the (empty) summary and its reason still written.
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["id"], "report");
    assert_eq!(json["sentences"], serde_json::json!([]));
    assert_eq!(
        json["skipped"],
        serde_json::json!([{
            "document": url,
            "reason": "unsupported content type \"application/pdf\" (expected an HTML page or a feed)"
        }])
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty summary: its one article skipped"),
        "{stderr}"
    );
}
