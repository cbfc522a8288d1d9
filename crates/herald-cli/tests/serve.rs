//! `herald serve` through the real binary: it binds port 0, says where on stderr, and answers
//! one request over loopback. Every wait is bounded and the child is killed however the test
//! ends, so a hung server fails the test instead of hanging it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

/// Kills the server when the test ends, passed or failed.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `herald serve` on a free port; returns it and the address it printed.
fn start() -> (Server, String) {
    start_on("127.0.0.1:0")
}

/// Starts `herald serve --addr addr`; returns it and the address it printed.
fn start_on(addr: &str) -> (Server, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["serve", "--addr", addr])
        .env_remove("HERALD_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let stderr = server.0.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stderr).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(WAIT).expect("herald serve printed nothing");
    let addr = line
        .trim()
        .strip_prefix("herald: listening on http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    (server, addr)
}

/// SIGTERM, what service managers send, stops the server cleanly: exit 0.
#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly() {
    let (mut server, _addr) = start();
    let pid = server.0.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success());
    // Polled, not waited on, so that a server that ignores the signal is still killed (by
    // `Server`'s drop) when the test fails.
    let deadline = std::time::Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "herald serve did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn serve_answers_on_the_address_it_prints() {
    let (_server, addr) = start();
    assert_health(&addr);
}

/// A host name is resolved; `localhost` is loopback, so no token is needed.
#[test]
fn serve_listens_on_a_host_name() {
    let (_server, addr) = start_on("localhost:0");
    assert_health(&addr);
}

/// One GET /api/health over a fresh connection answers 200 with the version.
fn assert_health(addr: &str) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    stream
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    let body = concat!(
        "{\"status\":\"ok\",\"version\":\"",
        env!("CARGO_PKG_VERSION"),
        "\"}"
    );
    assert!(response.ends_with(body), "{response}");
}

#[test]
fn bad_address_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["serve", "--addr", "localhost"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "herald: error: invalid --addr \"localhost\": expected HOST:PORT, such as 127.0.0.1:8080 ("
        ),
        "{stderr}"
    );
}

/// Off loopback the API would take work from anyone: without a token herald refuses to start.
#[test]
fn an_open_address_without_a_token_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .env_remove("HERALD_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("herald: error: refusing to listen on 0.0.0.0:0, which is not a loopback address, without a token"),
        "{stderr}"
    );
}

#[test]
fn serve_help_lists_every_route_the_server_has() {
    // The routes as the server's router declares them, `{id}` written as the help writes it.
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../herald-server/src/lib.rs"
    ))
    .unwrap();
    // `.route("/path", …)`, the path on the same line or the next (rustfmt breaks long calls).
    let routes: Vec<String> = source
        .split(".route(")
        .skip(1)
        .map(|rest| {
            let rest = rest.trim_start().strip_prefix('"').expect("a route's path");
            rest[..rest.find('"').unwrap()].replace("{id}", "ID")
        })
        .collect();
    assert!(routes.iter().any(|r| r == "/api/feeds"), "{routes:?}");
    assert!(routes.len() >= 15, "{routes:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for route in &routes {
        // A path followed by what ends a path in the help: a space, comma, bracket or query.
        let listed = [" ", ",", ")", "?", "\n"]
            .iter()
            .any(|end| help.contains(&format!("{route}{end}")));
        assert!(listed, "{route} is not in `herald serve --help`:\n{help}");
    }
}
