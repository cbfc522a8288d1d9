//! Articles and feeds from the web: `herald summarize URL` reads an `http://` or `https://`
//! address as it reads a local file, an article page through main-content extraction (as an
//! `.html` file) and a feed as one cluster of its items (as an `.rss` file).
//!
//! This lives in the CLI, not in the library: the library turns bytes into articles and never
//! opens a connection, so embedding it pulls in no HTTP or TLS stack. The blocking client is
//! ureq with rustls (no system OpenSSL to link). Every request names herald in its user agent,
//! is bounded in time and in size, and a failure is one line naming the URL.

pub mod robots;

use herald::ingest::{feed::parse_feed, html};
use herald::model::{Cluster, Skipped};
use std::sync::OnceLock;
use std::time::Duration;
use ureq::ResponseExt;

/// The largest body herald downloads: news pages are well under 1 MiB, feeds a few MiB; the
/// cap matches the WARC reader's per-record payload limit.
pub const MAX_BYTES: u64 = 16 << 20;

/// How long one request may take in all (connecting, redirects, reading the body).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Whether a command-line argument is a web address rather than a path.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A blocking HTTP client with herald's limits. One is shared by all the URLs of a run, so
/// connections to one site are reused.
pub struct Fetcher {
    agent: ureq::Agent,
    max_bytes: u64,
}

/// A downloaded body and what the server said about it.
#[derive(Debug)]
pub struct Fetched {
    /// The address the body came from, after redirects.
    pub url: String,
    /// The media type of `Content-Type`, lowercase (`text/html`), if sent.
    pub mime: Option<String>,
    /// The charset parameter of `Content-Type`, if sent.
    pub charset: Option<String>,
    /// The body, decompressed.
    pub bytes: Vec<u8>,
    /// The HTTP status of the final answer (200, or 304 for a conditional GET that matched).
    pub status: u16,
    /// The `ETag` header, verbatim, if sent.
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim, if sent.
    pub last_modified: Option<String>,
    /// The `Location` header of a redirect, verbatim (relative or not), when redirects are not
    /// followed (see [`Fetcher::get_hop`]).
    pub location: Option<String>,
}

/// A failed request: the HTTP status when the server answered with an error, and one line
/// saying what went wrong (without the URL: the caller names it).
#[derive(Debug)]
pub struct FetchError {
    /// The error status (404, 500, …), or `None` when there was no answer to speak of.
    pub status: Option<u16>,
    /// What went wrong.
    pub message: String,
}

impl Fetcher {
    /// A client with herald's limits: [`TIMEOUT`] and [`MAX_BYTES`].
    pub fn new() -> Self {
        Self::with_limits(TIMEOUT, MAX_BYTES)
    }

    /// A client with other limits, through the proxy the environment names, if any (the first
    /// of `ALL_PROXY`, `HTTPS_PROXY`, `HTTP_PROXY`, in either case; hosts in `NO_PROXY` go
    /// direct): machines that reach the web only through a proxy say so there.
    pub fn with_limits(timeout: Duration, max_bytes: u64) -> Self {
        Self::build(timeout, max_bytes, ureq::Proxy::try_from_env())
    }

    fn build(timeout: Duration, max_bytes: u64, proxy: Option<ureq::Proxy>) -> Self {
        let agent = ureq::Agent::config_builder()
            .user_agent(format!(
                "herald/{} (news summarizer)",
                env!("CARGO_PKG_VERSION")
            ))
            .timeout_global(Some(timeout))
            .proxy(proxy)
            .build()
            .into();
        Fetcher { agent, max_bytes }
    }

    /// Downloads `url`. The error is one line, without the URL (the caller names it).
    pub fn get(&self, url: &str) -> Result<Fetched, String> {
        self.get_with(url, &[]).map_err(|e| e.message)
    }

    /// Downloads `url` with extra request headers (`If-None-Match`, `If-Modified-Since`):
    /// a `304 Not Modified` is an answer, with an empty body, not an error.
    pub fn get_with(&self, url: &str, headers: &[(&str, &str)]) -> Result<Fetched, FetchError> {
        self.request(url, headers, true)
    }

    /// As [`Fetcher::get_with`], but a redirect is returned (status 3xx, with its `location`)
    /// rather than followed: a caller that checks every address before asking for it (robots.txt,
    /// a delay per host) follows redirects itself.
    pub fn get_hop(&self, url: &str, headers: &[(&str, &str)]) -> Result<Fetched, FetchError> {
        self.request(url, headers, false)
    }

    fn request(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        follow: bool,
    ) -> Result<Fetched, FetchError> {
        let mut request = self
            .agent
            .get(url)
            .header("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if !follow {
            request = request.config().max_redirects(0).build();
        }
        let mut response = request.call().map_err(|e| self.fail(e))?;
        let final_url = response.get_uri().to_string();
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header("etag");
        let last_modified = header("last-modified");
        let location = header("location");
        // A body declared larger than the limit is refused before a byte of it is read: read,
        // it would fail at the limit all the same, after up to 16 MiB (at every poll of a feed
        // that stays too large), or after the deadline from a server that sends it slowly. Not
        // when it is compressed (the limit counts what it inflates to), nor for a 304 or 204,
        // which may state the length of a body they do not send.
        let declared = header("content-length").and_then(|v| v.trim().parse::<u64>().ok());
        let encoded =
            header("content-encoding").is_some_and(|e| !e.trim().eq_ignore_ascii_case("identity"));
        if !encoded && status != 304 && status != 204 && declared > Some(self.max_bytes) {
            return Err(FetchError {
                status: None,
                message: self.too_large(),
            });
        }
        let body = response.body_mut();
        let mime = body.mime_type().map(str::to_ascii_lowercase);
        let charset = body.charset().map(str::to_owned);
        let bytes = body
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| self.fail(e))?;
        Ok(Fetched {
            url: final_url,
            mime,
            charset,
            bytes,
            status,
            etag,
            last_modified,
            location,
        })
    }

    /// Downloads `url` and reads it as one cluster: a feed's items, or the article of a page
    /// (skipped with the reason, as a local file would be, when it has no usable text).
    pub fn cluster(&self, url: &str) -> Result<Cluster, herald::Error> {
        let fail = |message: String| herald::Error::Parse {
            origin: url.to_owned(),
            message,
        };
        let fetched = self.get(url).map_err(fail)?;
        let name = name_of(&fetched.url);
        if fetched.is_feed() {
            // The origin is the address asked for, so errors name what the user typed.
            return parse_feed(&fetched.bytes, &name, url);
        }
        let mut cluster = Cluster {
            id: name.clone(),
            ..Cluster::default()
        };
        if let Some(mime) = fetched.mime.as_deref().filter(|m| !could_be_page(m)) {
            // As a local `.pdf` is: listed as skipped with the reason, not an input error.
            cluster.skipped.push(Skipped::new(
                url,
                format!("unsupported content type {mime:?} (expected an HTML page or a feed)"),
            ));
            return Ok(cluster);
        }
        let article = html::decode(&fetched.bytes, fetched.charset.as_deref()).and_then(|page| {
            html::article_from_html(&name, &page, url.to_owned(), Some(&fetched.url))
        });
        match article {
            Ok(a) if a.text.chars().any(char::is_alphanumeric) => cluster.articles.push(a),
            Ok(_) => cluster
                .skipped
                .push(Skipped::new(url, "empty: no text".to_owned())),
            Err(reason) => cluster.skipped.push(Skipped::new(url, reason)),
        }
        Ok(cluster)
    }

    /// A failed request, keeping the status the server answered with.
    fn fail(&self, e: ureq::Error) -> FetchError {
        let status = match e {
            ureq::Error::StatusCode(code) => Some(code),
            _ => None,
        };
        FetchError {
            status,
            message: self.describe(e),
        }
    }

    /// One line for a body over the limit.
    fn too_large(&self) -> String {
        format!("larger than {} MiB, not read", self.max_bytes >> 20)
    }

    /// One line for a failed request.
    fn describe(&self, e: ureq::Error) -> String {
        match e {
            ureq::Error::StatusCode(code) => format!("the server answered HTTP {code}"),
            ureq::Error::BodyExceedsLimit(_) => self.too_large(),
            ureq::Error::Timeout(_) => "no complete answer in time".to_owned(),
            ureq::Error::HostNotFound => "host not found".to_owned(),
            ureq::Error::Io(e) => e.to_string(),
            other => other.to_string(),
        }
    }
}

impl Default for Fetcher {
    fn default() -> Self {
        Self::new()
    }
}

impl Fetched {
    /// Whether the body is a feed: by its declared type when that says feed or page, else by
    /// its first element (servers often send feeds as `text/xml`, `application/xml` or
    /// `application/octet-stream`, and pages have been sent as `text/plain`).
    pub fn is_feed(&self) -> bool {
        match self.mime.as_deref() {
            Some(m) if m.contains("rss") || m.contains("atom") || m == "application/feed+json" => {
                true
            }
            Some("text/html" | "application/xhtml+xml") => false,
            _ => sniff_feed(&self.bytes),
        }
    }
}

/// Whether a declared media type may hold an HTML page: any text or XML type, or none in
/// particular (`application/octet-stream`, which misconfigured servers send for everything).
fn could_be_page(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.contains("html")
        || mime.contains("xml")
        || mime == "application/octet-stream"
}

/// Whether a body opens on a feed's root element (`<rss`, `<feed`, `<rdf:RDF`), after any
/// byte-order mark, XML declaration, comments and processing instructions; or is a JSON Feed.
fn sniff_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') {
        return head.contains("jsonfeed.org/version");
    }
    let mut rest = head;
    while let Some(tag) = rest.strip_prefix('<') {
        if tag.starts_with('?') || tag.starts_with("!--") {
            let end = if tag.starts_with('?') { "?>" } else { "-->" };
            match tag.find(end) {
                Some(i) => rest = tag[i + end.len()..].trim_start(),
                None => return false,
            }
            continue;
        }
        return tag.starts_with("rss") || tag.starts_with("feed") || tag.starts_with("rdf:rdf");
    }
    false
}

/// The cluster and article name of an address: its last path segment without the extension
/// (`…/2026/03/bridge-closure.html` → `bridge-closure`), else its host.
fn name_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let segment = path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
    let stem = segment
        .rsplit_once('.')
        .map_or(segment, |(stem, _)| stem)
        .trim();
    if stem.is_empty() {
        host.to_owned()
    } else {
        stem.to_owned()
    }
}

/// Reads `url` as one cluster with the shared client (see [`Fetcher::cluster`]).
pub fn read_url_cluster(url: &str) -> Result<Cluster, herald::Error> {
    static FETCHER: OnceLock<Fetcher> = OnceLock::new();
    FETCHER.get_or_init(Fetcher::new).cluster(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.org/a.html"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("http-notes.txt"));
        assert!(!is_url("examples/g20-syria"));
        assert!(!is_url("-"));
    }

    #[test]
    fn names_come_from_the_last_path_segment_else_the_host() {
        assert_eq!(
            name_of("https://news.example/2026/03/bridge-closure.html?x=1"),
            "bridge-closure"
        );
        assert_eq!(name_of("https://news.example/world/"), "world");
        assert_eq!(name_of("http://news.example"), "news.example");
        assert_eq!(
            name_of("http://news.example:8080/#top"),
            "news.example:8080"
        );
    }

    fn fetched(mime: Option<&str>, body: &str) -> Fetched {
        Fetched {
            url: "http://x/".into(),
            mime: mime.map(str::to_owned),
            charset: None,
            bytes: body.as_bytes().to_vec(),
            status: 200,
            etag: None,
            last_modified: None,
            location: None,
        }
    }

    #[test]
    fn feeds_are_known_by_their_type_else_by_their_root_element() {
        assert!(fetched(Some("application/rss+xml"), "").is_feed());
        assert!(fetched(Some("application/atom+xml"), "").is_feed());
        assert!(!fetched(Some("text/html"), "<rss>").is_feed());
        let rss = "\u{feff}<?xml version=\"1.0\"?>\n<!-- a comment -->\n<rss version=\"2.0\">";
        assert!(fetched(Some("text/xml"), rss).is_feed());
        assert!(fetched(None, "<feed xmlns=\"http://www.w3.org/2005/Atom\">").is_feed());
        assert!(fetched(Some("application/octet-stream"), "<rdf:RDF>").is_feed());
        assert!(fetched(None, "{\"version\": \"https://jsonfeed.org/version/1.1\"}").is_feed());
        assert!(!fetched(Some("text/xml"), "<?xml version=\"1.0\"?><html>").is_feed());
        assert!(!fetched(None, "<!doctype html><html>").is_feed());
    }

    /// A client that never goes through a proxy: tests talk to loopback only, whatever the
    /// environment says.
    fn direct(timeout: Duration, max_bytes: u64) -> Fetcher {
        Fetcher::build(timeout, max_bytes, None)
    }

    /// Serves every request on a fresh loopback port with `respond` (given the request's head,
    /// lowercased), and returns the base address.
    fn serve(respond: fn(&str, &mut std::net::TcpStream)) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut head = String::new();
                while reader.read_line(&mut head).unwrap_or(0) > 2 {}
                respond(&head.to_ascii_lowercase(), &mut stream);
            }
        });
        format!("http://{addr}")
    }

    #[test]
    fn a_body_over_the_limit_is_refused() {
        let base = serve(|_, s| {
            let body = "x".repeat(3 << 20);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        });
        let fetcher = direct(Duration::from_secs(10), 2 << 20);
        let err = fetcher.get(&format!("{base}/big")).unwrap_err();
        assert_eq!(err, "larger than 2 MiB, not read");
    }

    #[test]
    fn a_body_declared_over_the_limit_is_refused_before_it_is_read() {
        // 64 MiB declared, a few bytes sent, then nothing: reading it would wait for the
        // deadline (and a server that sends it all would send it at every poll).
        let base = serve(|_, s| {
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\n\r\n<rss>",
                64 << 20
            );
            let _ = s.flush();
            std::thread::sleep(Duration::from_secs(5));
        });
        let fetcher = direct(Duration::from_secs(3), 2 << 20);
        let started = std::time::Instant::now();
        let err = fetcher.get(&format!("{base}/huge.rss")).unwrap_err();
        assert_eq!(err, "larger than 2 MiB, not read");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_server_that_does_not_answer_times_out() {
        let base = serve(|_, _| std::thread::sleep(Duration::from_secs(5)));
        let fetcher = direct(Duration::from_millis(300), MAX_BYTES);
        let started = std::time::Instant::now();
        let err = fetcher.get(&format!("{base}/slow")).unwrap_err();
        assert_eq!(err, "no complete answer in time");
        assert!(started.elapsed() < Duration::from_secs(4));
    }

    #[test]
    fn requests_name_herald_and_its_version() {
        let base = serve(|head, s| {
            let agent = head
                .lines()
                .find_map(|l| l.strip_prefix("user-agent: "))
                .unwrap_or("none")
                .trim()
                .to_owned();
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{agent}",
                agent.len()
            );
        });
        let got = direct(TIMEOUT, MAX_BYTES).get(&format!("{base}/")).unwrap();
        let agent = String::from_utf8(got.bytes).unwrap();
        assert_eq!(
            agent,
            format!("herald/{} (news summarizer)", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(got.mime.as_deref(), Some("text/plain"));
    }
}
