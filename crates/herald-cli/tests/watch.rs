//! `herald watch --once` against a web server the test starts on loopback (nothing leaves the
//! machine): feeds and the pages their items link to are ingested; a second round is a
//! conditional GET answered 304; a failing feed is reported while the others are ingested;
//! robots.txt is obeyed; requests to one host are spaced by `--delay`.

mod common;

use common::isolated_herald;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the server saw.
#[derive(Debug, Clone)]
struct Hit {
    path: String,
    /// The request's head, lowercased.
    head: String,
    at: Instant,
}

/// What a site answers: status line, extra headers and body, given the server's base URL, the
/// path, the request head and how many times the path has been asked for (this time included).
type Site = fn(&str, &str, &str, usize) -> (&'static str, String, String);

struct Server {
    base: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    /// The test site of [`answer`].
    fn start() -> Server {
        Server::with(answer)
    }

    fn with(site: Site) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(Mutex::new(Vec::new()));
        let (b, h) = (base.clone(), hits.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                respond(stream, &b, &h, site);
            }
        });
        Server { base, hits }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    fn paths(&self) -> Vec<String> {
        self.hits().into_iter().map(|h| h.path).collect()
    }
}

fn respond(mut stream: TcpStream, base: &str, hits: &Mutex<Vec<Hit>>, site: Site) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    while reader.read_line(&mut head).unwrap_or(0) > 2 {}
    let at = Instant::now();
    let head = head.to_ascii_lowercase();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let seen = {
        let mut hits = hits.lock().unwrap();
        hits.push(Hit {
            path: path.clone(),
            head: head.clone(),
            at,
        });
        hits.iter().filter(|h| h.path == path).count()
    };
    let (status, extra, body) = site(base, &path, &head, seen);
    let reply = format!(
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes());
}

const HARBOUR_ETAG: &str = "\"harbour-v1\"";
const HARBOUR_DATE: &str = "Wed, 04 Mar 2026 08:00:00 GMT";

/// The site: status line, extra headers and body for a path asked for the `seen`th time.
fn answer(base: &str, path: &str, head: &str, seen: usize) -> (&'static str, String, String) {
    let typed = |t: &str| format!("Content-Type: {t}\r\n");
    match path {
        "/robots.txt" => (
            "200 OK",
            typed("text/plain"),
            "# fixtures\nUser-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n"
                .into(),
        ),
        "/feeds/harbour.rss" => {
            if head.contains(&format!("if-none-match: {HARBOUR_ETAG}")) {
                return ("304 Not Modified", String::new(), String::new());
            }
            let extra = format!(
                "{}ETag: {HARBOUR_ETAG}\r\nLast-Modified: {HARBOUR_DATE}\r\n",
                typed("application/rss+xml")
            );
            ("200 OK", extra, harbour_feed(base))
        }
        "/feeds/valley.atom" => ("200 OK", typed("application/atom+xml"), valley_feed(base)),
        "/feeds/bare.rss" => ("200 OK", typed("application/rss+xml"), bare_feed(base)),
        "/private/feed.rss" => ("200 OK", typed("application/rss+xml"), harbour_feed(base)),
        "/feeds/broken" => (
            "500 Internal Server Error",
            typed("text/plain"),
            "oops".into(),
        ),
        "/feeds/not-a-feed" => (
            "200 OK",
            typed("text/xml"),
            "<html><body><p>Maintenance tonight.</p></body></html>".into(),
        ),
        "/feeds/flaky.rss" => {
            let extra = format!("{}ETag: \"flaky-v1\"\r\n", typed("application/rss+xml"));
            if head.contains("if-none-match: \"flaky-v1\"") {
                return ("304 Not Modified", extra, String::new());
            }
            ("200 OK", extra, flaky_feed(base))
        }
        // Down the first time it is asked for, then up.
        "/news/flaky.html" if seen == 1 => (
            "503 Service Unavailable",
            typed("text/plain"),
            "busy".into(),
        ),
        "/news/flaky.html" => ("200 OK", typed("text/html; charset=utf-8"), ferry_page()),
        "/news/down.html" => (
            "503 Service Unavailable",
            typed("text/plain"),
            "down".into(),
        ),
        // Moved: once within the site (relative), once into the part robots.txt closes.
        "/feeds/moved.rss" => (
            "301 Moved Permanently",
            "Location: harbour.rss\r\n".into(),
            String::new(),
        ),
        "/old/feed" => (
            "302 Found",
            format!("Location: {base}/private/feed.rss\r\n"),
            String::new(),
        ),
        "/news/wall.html" => ("200 OK", typed("text/html; charset=utf-8"), wall_page()),
        "/news/ferry.html" => ("200 OK", typed("text/html; charset=utf-8"), ferry_page()),
        _ => ("404 Not Found", typed("text/plain"), "not here".into()),
    }
}

/// Items with a title and a link and nothing else, as many feeds are: one whose page is
/// there, one whose page is gone, one with no link at all.
fn bare_feed(base: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Bare Wire</title>
<item><title>Harbour wall vote</title><link>{base}/news/wall.html</link><guid>bare-1</guid></item>
<item><title>Gone</title><link>{base}/news/gone.html</link><guid>bare-2</guid></item>
<item><title>Nowhere</title><guid>bare-3</guid></item>
</channel></rss>"#
    )
}

fn harbour_feed(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Harbour Gazette</title>
  <link>{base}/</link>
  <item>
    <title>Council approves new harbour wall</title>
    <link>{base}/news/wall.html</link>
    <guid>{base}/?p=101</guid>
    <pubDate>Tue, 03 Mar 2026 09:30:00 +0000</pubDate>
    <description>Teaser: a wall for the harbour.</description>
  </item>
  <item>
    <title>Storm closes ferry route</title>
    <link>{base}/news/ferry.html</link>
    <guid>{base}/?p=102</guid>
    <pubDate>Wed, 04 Mar 2026 07:00:00 +0000</pubDate>
    <description>Teaser: no ferry today.</description>
  </item>
</channel></rss>"#
    )
}

fn flaky_feed(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Harbour Gazette</title>
  <item>
    <title>Storm closes ferry route</title>
    <link>{base}/news/flaky.html</link>
    <guid>flaky-1</guid>
    <description>Teaser: no ferry today.</description>
  </item>
  <item>
    <title>Lighthouse keeper retires</title>
    <link>{base}/news/down.html</link>
    <guid>down-1</guid>
    <description>The last keeper of the Skerry lighthouse retired on Friday after thirty-one years, the harbour trust said.</description>
  </item>
</channel></rss>"#
    )
}

fn valley_feed(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley News</title>
  <id>urn:valley</id>
  <updated>2026-03-05T10:00:00Z</updated>
  <entry>
    <title>Bridge reopens after repairs</title>
    <id>urn:valley:1</id>
    <updated>2026-03-05T10:00:00Z</updated>
    <link href="{base}/private/bridge.html"/>
    <content type="html">&lt;p&gt;The old bridge over the Vell reopened to traffic on Thursday after six months of repairs, the county said.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>School roof to be replaced</title>
    <id>urn:valley:2</id>
    <updated>2026-03-05T11:00:00Z</updated>
    <link href="{base}/news/gone.html"/>
    <summary>The roof of the primary school in Ashby will be replaced over the summer holidays, the education board decided on Wednesday.</summary>
  </entry>
</feed>"#
    )
}

fn page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title} | Harbour Gazette</title></head>\
<body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav>\
<article><h1>{title}</h1>\n{body}</article>\
<footer><p>Copyright Harbour Gazette. All rights reserved.</p></footer></body></html>"
    )
}

fn wall_page() -> String {
    page(
        "Council approves new harbour wall",
        &[
            "The town council voted by nine votes to four on Monday evening to build a new sea wall along the old harbour, ending two years of argument over how to protect the quay from winter storms.",
            "The wall will cost 4.2 million pounds and take eighteen months to build, the council's engineer told the meeting, with work starting in May once the fishing season allows.",
            "Fishermen who had opposed the plan said they would now ask for a say in where the new boat ramp goes, while shop owners on the quay welcomed the decision.",
        ],
    )
}

fn ferry_page() -> String {
    page(
        "Storm closes ferry route",
        &[
            "The ferry to the islands was cancelled on Wednesday morning as gusts reached ninety kilometres an hour along the coast, stranding dozens of passengers in the harbour town.",
            "The operator said sailings would resume on Thursday if the wind dropped below the safety limit, and that tickets for cancelled crossings would be refunded in full.",
            "Islanders said the third cancellation this month had left the island shop short of bread and milk, and called for a second, larger vessel on the route.",
        ],
    )
}

/// Runs `herald watch --once` with no proxy in its environment, so requests stay on loopback.
fn watch(dir: &Path, feeds: &[String], extra: &[&str]) -> (i32, String) {
    let list = dir.join("feeds.txt");
    let mut text = String::from("# feeds for the test\n\n");
    for f in feeds {
        text.push_str(f);
        text.push_str("\n\n");
    }
    std::fs::write(&list, text).unwrap();
    let db = dir.join("herald.db");
    let mut command = isolated_herald();
    command.args([
        "watch",
        list.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--once",
    ]);
    let out = command.args(extra).output().expect("run herald");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `(id, text)` of every stored article, in the order stored.
fn stored(dir: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(dir.join("herald.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, text FROM articles ORDER BY n")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

const FAST: &[&str] = &["--delay", "10ms"];

#[test]
fn a_first_round_ingests_items_with_their_pages_and_a_second_gets_304() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let feed = server.url("/feeds/harbour.rss");
    let (code, err) = watch(dir.path(), std::slice::from_ref(&feed), FAST);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 new"), "{err}");
    assert!(err.contains("2 read from their pages"), "{err}");
    let articles = stored(dir.path());
    assert_eq!(articles.len(), 2, "{articles:?}");
    assert_eq!(articles[0].0, server.url("/?p=101"));
    // The page's main content, not the feed's teaser.
    assert!(articles[0].1.contains("nine votes to four"), "{articles:?}");
    assert!(!articles[0].1.contains("Teaser"), "{articles:?}");
    assert!(
        articles[1].1.contains("ninety kilometres an hour"),
        "{articles:?}"
    );
    assert_eq!(
        server.paths(),
        [
            "/robots.txt",
            "/feeds/harbour.rss",
            "/news/wall.html",
            "/news/ferry.html"
        ]
    );

    // As if the last poll were long ago and had failed: a poll answered "not modified" is a
    // poll, so `herald feeds` must show it as the last, and the failure as over.
    let conn = rusqlite::Connection::open(dir.path().join("herald.db")).unwrap();
    conn.execute(
        "UPDATE feeds SET checked = '2001-01-01 00:00:00', error = 'timed out'",
        [],
    )
    .unwrap();
    let (code, err) = watch(dir.path(), std::slice::from_ref(&feed), FAST);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("not modified"), "{err}");
    let (checked, error): (String, Option<String>) = conn
        .query_row("SELECT checked, error FROM feeds", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(checked.as_str() > "2001-01-01 00:00:00", "{checked}");
    assert_eq!(error, None);
    let hits = server.hits();
    let second: Vec<&Hit> = hits[4..].iter().collect();
    let paths: Vec<&str> = second.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(paths, ["/robots.txt", "/feeds/harbour.rss"]);
    let head = &second[1].head;
    assert!(
        head.contains(&format!("if-none-match: {HARBOUR_ETAG}")),
        "{head}"
    );
    assert!(
        head.contains(&format!(
            "if-modified-since: {}",
            HARBOUR_DATE.to_ascii_lowercase()
        )),
        "{head}"
    );
    assert!(head.contains("user-agent: herald/"), "{head}");
    assert_eq!(stored(dir.path()).len(), 2);
}

#[test]
fn items_with_only_a_title_and_a_link_are_read_from_their_pages() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let feed = server.url("/feeds/bare.rss");
    let (code, err) = watch(dir.path(), std::slice::from_ref(&feed), FAST);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 read from their pages"), "{err}");
    let articles = stored(dir.path());
    assert_eq!(articles.len(), 1, "{err}");
    assert_eq!(articles[0].0, "bare-1");
    assert!(articles[0].1.contains("nine votes to four"), "{articles:?}");
    // The two without text are named with the reason, not silently dropped.
    assert!(
        err.contains("skipped bare-2: feed item without text, and its page failed: the server answered HTTP 404"),
        "{err}"
    );
    assert!(
        err.contains("skipped bare-3: feed item without text"),
        "{err}"
    );
}

#[test]
fn a_failing_feed_is_reported_and_the_others_are_still_ingested() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let broken = server.url("/feeds/broken");
    let not_a_feed = server.url("/feeds/not-a-feed");
    let feeds = [
        broken.clone(),
        not_a_feed.clone(),
        server.url("/feeds/harbour.rss"),
    ];
    let (code, err) = watch(dir.path(), &feeds, FAST);
    assert_eq!(code, 1, "a failed feed fails a --once round: {err}");
    let line = |url: &str| {
        err.lines()
            .find(|l| l.contains(url) && l.contains("error"))
            .unwrap_or_else(|| panic!("no error line for {url}: {err}"))
            .to_owned()
    };
    assert!(line(&broken).contains("HTTP 500"), "{err}");
    assert!(
        line(&not_a_feed).contains("not an RSS or Atom feed"),
        "{err}"
    );
    assert_eq!(stored(dir.path()).len(), 2, "{err}");

    // Failed feeds are asked again next round; the good one answers 304.
    let (code, err) = watch(dir.path(), &feeds, FAST);
    assert_eq!(code, 1, "{err}");
    let asked = |p: &str| server.paths().iter().filter(|x| *x == p).count();
    assert_eq!(asked("/feeds/broken"), 2);
    assert_eq!(asked("/feeds/not-a-feed"), 2);
    assert!(err.contains("not modified"), "{err}");
}

#[test]
fn robots_txt_is_obeyed_and_stored_items_are_not_fetched_again() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let private = server.url("/private/feed.rss");
    let feeds = [server.url("/feeds/valley.atom"), private.clone()];
    let (code, err) = watch(dir.path(), &feeds, FAST);
    assert_eq!(code, 1, "the disallowed feed is a failure: {err}");
    assert!(
        err.lines()
            .any(|l| l.contains(&private) && l.contains("robots.txt")),
        "{err}"
    );
    // Neither the disallowed feed nor the disallowed page was asked for.
    assert!(
        server.paths().iter().all(|p| !p.starts_with("/private/")),
        "{:?}",
        server.paths()
    );
    // The page that was not fetched (disallowed) and the one that failed (404) leave their
    // items with the feed's own text.
    assert!(err.contains(&server.url("/news/gone.html")), "{err}");
    let articles = stored(dir.path());
    assert_eq!(articles.len(), 2, "{err}");
    assert!(
        articles[0].1.contains("reopened to traffic"),
        "{articles:?}"
    );
    assert!(
        articles[1].1.contains("primary school in Ashby"),
        "{articles:?}"
    );

    // The Atom feed sends no validators, so it is read in full again, but its items are known:
    // their pages are not asked for again.
    let before = server.paths().len();
    let (_, err) = watch(dir.path(), &feeds, FAST);
    let again: Vec<String> = server.paths()[before..].to_vec();
    assert_eq!(again, ["/robots.txt", "/feeds/valley.atom"], "{err}");
    assert!(err.contains("2 items, 2 already stored"), "{err}");
    assert_eq!(stored(dir.path()).len(), 2);
}

#[test]
fn requests_to_one_host_are_spaced_by_the_delay() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let feed = server.url("/feeds/harbour.rss");
    let (code, err) = watch(dir.path(), &[feed], &["--delay", "300ms"]);
    assert_eq!(code, 0, "{err}");
    let hits = server.hits();
    assert_eq!(
        hits.len(),
        4,
        "robots.txt, the feed and two pages: {hits:?}"
    );
    for pair in hits.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        // The client waits 300 ms between the starts of its requests; the server stamps each
        // when its thread gets to it, which on a loaded machine can be late for one request
        // and on time for the next. Half the delay still tells a pause from none (a few ms).
        assert!(
            gap >= Duration::from_millis(150),
            "{} then {} after {gap:?}",
            pair[0].path,
            pair[1].path
        );
    }
}

#[test]
fn without_once_it_polls_again_every_interval() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("feeds.txt");
    std::fs::write(&list, format!("{}\n", server.url("/feeds/harbour.rss"))).unwrap();
    let db = dir.path().join("herald.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .args([
            "watch",
            list.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .args(["--every", "1s", "--delay", "10ms"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Rounds start a second apart; wait for the second (longer on a busy machine), then stop.
    let polled = |server: &Server| {
        server
            .paths()
            .iter()
            .filter(|p| *p == "/feeds/harbour.rss")
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while polled(&server) < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    // Let the second round finish what it started.
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let polls: Vec<Hit> = server
        .hits()
        .into_iter()
        .filter(|h| h.path == "/feeds/harbour.rss")
        .collect();
    assert!(polls.len() >= 2, "{polls:?}");
    // After the first, every poll is conditional, and the pages were read once.
    assert!(polls[1..]
        .iter()
        .all(|h| h.head.contains("if-none-match: \"harbour-v1\"")));
    let pages = server
        .paths()
        .iter()
        .filter(|p| p.starts_with("/news/"))
        .count();
    assert_eq!(pages, 2);
    assert_eq!(stored(dir.path()).len(), 2);
}

#[test]
fn items_wait_for_pages_that_fail_for_now_but_not_for_ever() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let feed = server.url("/feeds/flaky.rss");
    let feeds = std::slice::from_ref(&feed);
    // Round 1: both pages answer 503; both items wait, and the feed's ETag is not kept.
    let (code, err) = watch(dir.path(), feeds, FAST);
    assert_eq!(code, 0, "{err}");
    for page in ["/news/flaky.html", "/news/down.html"] {
        assert!(
            err.lines()
                .any(|l| l.contains(&server.url(page)) && l.contains("retried at the next run")),
            "{err}"
        );
    }
    assert!(err.contains("2 waiting for their pages"), "{err}");
    assert!(stored(dir.path()).is_empty());
    // Round 2: the feed is asked for in full; the flaky page is back, the other still down.
    let (_, err) = watch(dir.path(), feeds, FAST);
    let polls: Vec<Hit> = server
        .hits()
        .into_iter()
        .filter(|h| h.path == "/feeds/flaky.rss")
        .collect();
    assert!(
        !polls[1].head.contains("if-none-match"),
        "{}",
        polls[1].head
    );
    let articles = stored(dir.path());
    assert_eq!(articles.len(), 1, "{err}");
    assert_eq!(articles[0].0, "flaky-1");
    assert!(
        articles[0].1.contains("ninety kilometres an hour"),
        "{articles:?}"
    );
    // Round 3 waits too (three rounds in all); round 4 gives up on the page and ingests the
    // item with the feed's text.
    let (_, err) = watch(dir.path(), feeds, FAST);
    assert!(err.contains("1 waiting for their pages"), "{err}");
    let (_, err) = watch(dir.path(), feeds, FAST);
    assert!(err.contains("using the feed's text"), "{err}");
    let articles = stored(dir.path());
    assert_eq!(articles.len(), 2, "{err}");
    assert!(articles[1].1.contains("thirty-one years"), "{articles:?}");
    // Nothing waits any more: the ETag is kept and the next poll is answered 304.
    let (_, err) = watch(dir.path(), feeds, FAST);
    assert!(err.contains("not modified"), "{err}");
}

/// The example site shipped in examples/watch-site, as a static server on port 8000 would
/// serve it (its addresses moved to the test server's port).
fn example_site(base: &str, path: &str, _: &str, _: usize) -> (&'static str, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/watch-site");
    let Ok(text) = std::fs::read_to_string(root.join(path.trim_start_matches('/'))) else {
        return ("404 Not Found", String::new(), "not here".into());
    };
    let kind = match path.rsplit('.').next() {
        Some("rss") => "application/rss+xml",
        Some("xml") => "application/xml",
        Some("html") => "text/html; charset=utf-8",
        _ => "text/plain",
    };
    (
        "200 OK",
        format!("Content-Type: {kind}\r\n"),
        text.replace("http://127.0.0.1:8000", base),
    )
}

#[test]
fn the_example_site_makes_a_story_from_two_outlets() {
    let server = Server::with(example_site);
    let dir = tempfile::tempdir().unwrap();
    let list = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/watch-site/feeds.txt"),
    )
    .unwrap();
    let feeds: Vec<String> = list
        .lines()
        .filter(|l| l.starts_with("http"))
        .map(|l| l.replace("http://127.0.0.1:8000", &server.base))
        .collect();
    assert_eq!(feeds.len(), 2);
    let (code, err) = watch(dir.path(), &feeds, FAST);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stored(dir.path()).len(), 5, "{err}");
    // The draft is disallowed by the site's robots.txt: its item's own text is used.
    assert!(!server.paths().iter().any(|p| p.contains("/drafts/")));
    let listed = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args([
            "stories",
            "--db",
            dir.path().join("herald.db").to_str().unwrap(),
        ])
        .env_remove("HERALD_DB")
        .output()
        .unwrap();
    assert_eq!(listed.status.code(), Some(0));
    let out = String::from_utf8_lossy(&listed.stdout);
    // The fire, told by both outlets, is one story.
    assert!(out.contains("3 articles, 2 outlets"), "{out}");
}

#[test]
fn usage_errors_exit_1_and_leave_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let list = dir.path().join("feeds.txt");
    std::fs::write(&list, "# nothing yet\n").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_herald"))
            .arg("watch")
            .args(args)
            .args(["--db", db.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let missing = dir.path().join("missing.txt");
    let out = run(&[missing.to_str().unwrap(), "--once"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
    assert!(!db.exists(), "a missing feed list creates no store");
    for every in ["0s", "5x", "15"] {
        let out = run(&[list.to_str().unwrap(), "--every", every]);
        assert_eq!(out.status.code(), Some(1), "--every {every}");
    }
    // An empty list is a round with nothing to do.
    let out = run(&[list.to_str().unwrap(), "--once"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn redirects_are_followed_under_the_same_rules() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let sneaky = server.url("/old/feed");
    let feeds = [server.url("/feeds/moved.rss"), sneaky.clone()];
    let (code, err) = watch(dir.path(), &feeds, &["--delay", "200ms"]);
    assert_eq!(code, 1, "the redirect into /private/ fails: {err}");
    assert_eq!(stored(dir.path()).len(), 2, "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains(&sneaky) && l.contains("robots.txt")),
        "{err}"
    );
    let hits = server.hits();
    let paths: Vec<&str> = hits.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/robots.txt",
            "/feeds/moved.rss",
            "/feeds/harbour.rss",
            "/news/wall.html",
            "/news/ferry.html",
            "/old/feed"
        ]
    );
    // Each hop waits its turn.
    for pair in hits.windows(2) {
        assert!(pair[1].at.duration_since(pair[0].at) >= Duration::from_millis(150));
    }
}

/// Runs `herald ARGS --db DIR/herald.db` without proxies in its environment.
fn herald_db(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut command = isolated_herald();
    command
        .args(args)
        .args(["--db", dir.join("herald.db").to_str().unwrap()])
        .output()
        .expect("run herald")
}

#[test]
fn feeds_the_store_follows_are_polled_without_a_list_and_their_failures_listed() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    // Nothing to watch: no list and no store that follows feeds.
    let out = herald_db(dir.path(), &["watch", "--once"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("herald.db").exists());

    let harbour = server.url("/feeds/harbour.rss");
    let broken = server.url("/feeds/broken");
    let out = herald_db(
        dir.path(),
        &["feeds", "add", &harbour, &broken, "ftp://x/y"],
    );
    assert_eq!(out.status.code(), Some(1), "one address was refused");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"ftp://x/y\" is not a feed address"), "{err}");
    assert!(err.contains(&format!("following {broken}")), "{err}");

    let out = herald_db(dir.path(), &["watch", "--once", "--delay", "10ms"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the broken feed failed: {err}");
    assert_eq!(stored(dir.path()).len(), 2, "{err}");

    let out = herald_db(dir.path(), &["feeds", "list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let feeds: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(feeds[0]["url"], harbour.as_str());
    assert!(feeds[0]["checked"].is_string() && feeds[0]["error"].is_null());
    assert!(
        feeds[1]["error"].as_str().unwrap().contains("HTTP 500"),
        "{feeds}"
    );

    let out = herald_db(dir.path(), &["feeds", "remove", &broken]);
    assert_eq!(out.status.code(), Some(0));
    let out = herald_db(dir.path(), &["feeds", "remove", &broken]);
    assert_eq!(out.status.code(), Some(1), "not followed any more");
    let out = herald_db(dir.path(), &["feeds", "list"]);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(
        listed.starts_with(&harbour) && listed.contains("polled"),
        "{listed}"
    );
}

/// Kills `herald serve` when the test ends, passed or failed.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 request to `addr`; the status and the body.
fn request(addr: &str, method: &str, target: &str, body: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let body = body.unwrap_or("");
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

/// `herald serve --watch EVERY` on a free loopback port over `db`: the process, its address
/// and its standard error's lines after the first.
fn serve_watching(db: &Path, every: &str) -> (Serving, String, std::sync::mpsc::Receiver<String>) {
    let mut command = isolated_herald();
    let child = command
        .args(["serve", "--addr", "127.0.0.1:0", "--watch", every, "--db"])
        .arg(db)
        .env_remove("HERALD_TOKEN")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Serving(child);
    let stderr = server.0.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The first line says where; the rest (the watch's lines) is drained so that the
        // server never blocks on a full pipe.
        for line in BufReader::new(stderr).lines() {
            let _ = tx.send(line.unwrap_or_default());
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    let addr = first
        .strip_prefix("herald: listening on http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();
    (server, addr, rx)
}

/// How many articles the stories of the server at `addr` hold, once it holds `want` (or
/// whatever it holds after `wait`).
fn articles_within(addr: &str, want: i64, wait: Duration) -> i64 {
    let deadline = Instant::now() + wait;
    loop {
        let (_, body) = request(addr, "GET", "/api/stories", None);
        let stories: serde_json::Value = serde_json::from_str(&body).unwrap();
        let articles: i64 = stories["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["articles"].as_i64().unwrap())
            .sum();
        if articles >= want || Instant::now() >= deadline {
            return articles;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_watch_goes_on_after_a_store_error() {
    let site = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let out = herald_db(
        dir.path(),
        &["feeds", "add", &site.url("/feeds/harbour.rss")],
    );
    assert_eq!(out.status.code(), Some(0));
    let (_server, addr, lines) = serve_watching(&db, "1s");
    assert_eq!(articles_within(&addr, 2, Duration::from_secs(60)), 2);
    // The store fails under the watch: its table of feed states is gone for a moment (as a
    // write lock held past the busy timeout by another process fails it, only sooner).
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ddl: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'feeds'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch("DROP TABLE feeds").unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the store error is reported");
        if line.contains("no such table: feeds") {
            break;
        }
    }
    conn.execute_batch(&ddl).unwrap();
    // The watch goes on: a feed added now is read.
    let add = serde_json::json!({ "url": site.url("/feeds/valley.atom") }).to_string();
    let (status, body) = request(&addr, "POST", "/api/feeds", Some(&add));
    assert_eq!(status, 201, "{body}");
    assert!(
        articles_within(&addr, 3, Duration::from_secs(60)) > 2,
        "the feed added after the store error was never read"
    );
}

#[test]
fn watch_goes_on_after_a_store_error() {
    let site = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let list = dir.path().join("feeds.txt");
    std::fs::write(&list, format!("{}\n", site.url("/feeds/harbour.rss"))).unwrap();
    let child = isolated_herald()
        .args([
            "watch",
            list.to_str().unwrap(),
            "--every",
            "1s",
            "--delay",
            "10ms",
            "--db",
        ])
        .arg(&db)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut watching = Serving(child);
    let stderr = watching.0.stderr.take().unwrap();
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let _ = tx.send(line.unwrap_or_default());
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let next = |what: &str, wanted: &dyn Fn(&str) -> bool| loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no line saying {what}"));
        if wanted(&line) {
            return line;
        }
    };
    next("the first round", &|l| l.contains("2 new"));
    // The store fails under the watch for a moment (see serve_watch_goes_on_after_a_store_error).
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ddl: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'feeds'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch("DROP TABLE feeds").unwrap();
    next("the store error", &|l| l.contains("no such table: feeds"));
    conn.execute_batch(&ddl).unwrap();
    // Still watching: the next round polls the feed again.
    next("a later round", &|l| l.contains("harbour.rss"));
    assert!(
        watching.0.try_wait().unwrap().is_none(),
        "herald watch exited"
    );
}

/// The test site, with a harbour feed at `/feeds/slow.rss` that takes three seconds to answer.
fn slow_site(base: &str, path: &str, head: &str, seen: usize) -> (&'static str, String, String) {
    if path == "/feeds/slow.rss" {
        std::thread::sleep(Duration::from_secs(3));
        return answer(base, "/feeds/harbour.rss", head, seen);
    }
    answer(base, path, head, seen)
}

#[test]
fn serve_watch_leaves_alone_a_feed_removed_during_its_round() {
    let site = Server::with(slow_site);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let (slow, valley) = (site.url("/feeds/slow.rss"), site.url("/feeds/valley.atom"));
    let out = herald_db(dir.path(), &["feeds", "add", &slow, &valley]);
    assert_eq!(out.status.code(), Some(0));
    let (_server, addr, lines) = serve_watching(&db, "1h");
    // While the slow feed is being read, the reader removes the other.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !site.paths().iter().any(|p| p == "/feeds/slow.rss") {
        assert!(
            Instant::now() < deadline,
            "the slow feed was never asked for"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let encoded = valley.replace(':', "%3A").replace('/', "%2F");
    let (status, body) = request(&addr, "DELETE", &format!("/api/feeds?url={encoded}"), None);
    assert_eq!(status, 200, "{body}");
    loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the slow feed's round is reported");
        if line.contains(&slow) {
            break;
        }
    }
    // The round would ask for the removed feed next, a second later (the delay per host).
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        !site.paths().iter().any(|p| p == "/feeds/valley.atom"),
        "a removed feed was polled: {:?}",
        site.paths()
    );
    assert_eq!(articles_within(&addr, 2, Duration::from_secs(5)), 2);
}

#[test]
fn serve_watch_polls_a_feed_added_through_the_api_at_once() {
    let site = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let (_server, addr, _lines) = serve_watching(&db, "1h");

    let (status, body) = request(&addr, "GET", "/api/feeds", None);
    assert_eq!(status, 200, "{body}");
    let listed: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(listed["watching"], true);
    assert_eq!(listed["every"], 3600);
    assert_eq!(listed["feeds"], serde_json::json!([]));

    let feed = site.url("/feeds/harbour.rss");
    let add = serde_json::json!({ "url": feed }).to_string();
    let (status, body) = request(&addr, "POST", "/api/feeds", Some(&add));
    assert_eq!(status, 201, "{body}");
    // Polled at once, not in an hour: its two articles arrive.
    assert_eq!(
        articles_within(&addr, 2, Duration::from_secs(60)),
        2,
        "no articles from the feed"
    );
    let (_, body) = request(&addr, "GET", "/api/feeds", None);
    let listed: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(listed["feeds"][0]["url"], feed.as_str());
    assert!(listed["feeds"][0]["checked"].is_string(), "{listed}");
    assert!(listed["feeds"][0]["error"].is_null(), "{listed}");

    let (status, body) = request(&addr, "POST", "/api/feeds", Some(&add));
    assert_eq!(
        (status, body.contains("\"changed\":false")),
        (200, true),
        "{body}"
    );
    let (status, body) = request(
        &addr,
        "POST",
        "/api/feeds",
        Some(r#"{"url": "file:///etc/passwd"}"#),
    );
    assert_eq!(status, 400, "{body}");
    let encoded: String = feed
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let (status, body) = request(&addr, "DELETE", &format!("/api/feeds?url={encoded}"), None);
    assert_eq!(status, 200, "{body}");
    let (status, _) = request(&addr, "DELETE", &format!("/api/feeds?url={encoded}"), None);
    assert_eq!(status, 404);
    let (_, body) = request(&addr, "GET", "/api/feeds", None);
    assert!(body.contains("\"feeds\":[]"), "{body}");
}

/// A feed whose item (no page: its link answers 404, so the feed's text is the article) is
/// edited after the first poll: same guid, a sentence added. A second item is read from its
/// page, whose feed teaser changes every poll.
fn edited_site(base: &str, path: &str, _: &str, seen: usize) -> (&'static str, String, String) {
    let typed = |t: &str| format!("Content-Type: {t}\r\n");
    match path {
        "/feeds/edited.rss" => {
            let update = if seen > 1 {
                " By Thursday evening the crews had cleared the eastern road and reopened the school."
            } else {
                ""
            };
            let body = format!(
                r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Wire</title>
<item><title>Flood closes valley road</title><link>{base}/news/gone.html</link><guid>edit-1</guid>
<description>Floodwater closed the valley road on Wednesday after two days of heavy rain, the county said, and the village school sent its pupils home at noon.{update}</description></item>
<item><title>Council approves new harbour wall</title><link>{base}/news/wall.html</link><guid>edit-2</guid>
<description>Teaser number {seen}.</description></item>
</channel></rss>"#
            );
            ("200 OK", typed("application/rss+xml"), body)
        }
        "/news/wall.html" => answer(base, path, "", seen),
        _ => ("404 Not Found", typed("text/plain"), "gone".into()),
    }
}

#[test]
fn an_item_edited_in_the_feed_is_stored_as_a_version_and_only_once() {
    let server = Server::with(edited_site);
    let dir = tempfile::tempdir().unwrap();
    let feeds = [server.url("/feeds/edited.rss")];
    let (code, err) = watch(dir.path(), &feeds, FAST);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stored(dir.path()).len(), 2, "{err}");

    // Edited: the new text is stored under the same id, as a version of the first.
    let (code, err) = watch(dir.path(), &feeds, FAST);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 new, 1 version"), "{err}");
    assert!(err.contains("2 items, 1 already stored"), "{err}");
    let articles = stored(dir.path());
    assert_eq!(articles.len(), 3, "{articles:?}");
    assert_eq!(articles[2].0, "edit-1");
    assert!(
        articles[2].1.contains("cleared the eastern road"),
        "{articles:?}"
    );

    // The same text again is known; the item read from its page is not read again, though its
    // teaser changed.
    let before = server.paths().len();
    let (code, err) = watch(dir.path(), &feeds, FAST);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 items, 2 already stored"), "{err}");
    assert_eq!(stored(dir.path()).len(), 3);
    assert!(
        server.paths()[before..]
            .iter()
            .all(|p| !p.starts_with("/news/")),
        "{:?}",
        server.paths()
    );
}

#[test]
fn a_site_that_does_not_answer_is_said_so_and_once_promises_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    // A port nothing listens on: connections are refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/feed.rss");
    let (code, err) = watch(dir.path(), &[url], &["--delay", "0ms"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the site could not be reached ("), "{err}");
    assert!(!err.contains("robots.txt"), "{err}");
    assert!(err.contains("retried at the next run"), "{err}");
    assert!(!err.contains("retried next round"), "{err}");
}

#[test]
fn a_feed_that_keeps_failing_is_polled_less_often() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let gone = server.url("/feeds/gone.rss");
    let feeds = std::slice::from_ref(&gone);
    let polls = || {
        server
            .hits()
            .iter()
            .filter(|h| h.path == "/feeds/gone.rss")
            .count()
    };
    // Two failures: retried at the next run.
    for k in 1..=2 {
        let (code, err) = watch(dir.path(), feeds, FAST);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("HTTP 404; retried at the next run"),
            "{k}: {err}"
        );
    }
    // The third: a wait of an hour, said with the time.
    let (code, err) = watch(dir.path(), feeds, FAST);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("HTTP 404; failed 3 polls in a row: next try after "),
        "{err}"
    );
    assert_eq!(polls(), 3);
    // Within the hour the feed is not asked for, and the run says why.
    let (code, err) = watch(dir.path(), feeds, FAST);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("not polled: failed 3 polls in a row; next try after "),
        "{err}"
    );
    assert_eq!(polls(), 3);
}
