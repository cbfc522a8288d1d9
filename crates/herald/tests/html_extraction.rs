//! HTML extraction measured on realistic saved news pages, and WARC reading on archives built
//! in code.
//!
//! Each page `tests/fixtures/html/NAME.html` has `NAME.expected.txt`, the body a careful reader
//! would copy by hand (paragraphs separated by blank lines), and `NAME.meta.json`, the metadata
//! the page states. Metadata must match exactly; the body is scored by word-level precision and
//! recall (bags of lowercase alphanumeric words), both straight from the extractor and after
//! herald's `Cleaner`. `cargo test -p herald --test html_extraction -- --nocapture` prints the
//! per-page table.

use herald::clean::Cleaner;
use herald::ingest::html::{self, article_from_html};
use herald::ingest::warc::{self, Record, SkipReason, WarcReader};
use herald::model::Article;
use proptest::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Lowest word precision a page may have. The pages named `heldout-*` were written after the
/// extraction rules were settled, as a check on pages the rules were not shaped by; on them,
/// leftover furniture is a newsletter box with class names in Spanish (0.92) and a video
/// placeholder line (0.99). 0.90 lets an unseen template keep a promo box, not a comment thread.
const MIN_PAGE_PRECISION: f64 = 0.90;
/// Lowest word recall a page may have: losing article text is worse than keeping a label, and
/// every page, held out or not, gives 1.00.
const MIN_PAGE_RECALL: f64 = 0.97;
/// Over all pages together, for precision and recall alike.
const MIN_OVERALL: f64 = 0.98;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages
}

fn bag(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for w in html::words(text) {
        *bag.entry(w.into_owned()).or_insert(0) += 1;
    }
    bag
}

/// (words in common, words extracted, words expected)
fn overlap(got: &str, expected: &str) -> (usize, usize, usize) {
    let (g, e) = (bag(got), bag(expected));
    let common = g
        .iter()
        .map(|(w, n)| (*n).min(e.get(w).copied().unwrap_or(0)))
        .sum();
    (common, g.values().sum(), e.values().sum())
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn after_cleaner(article: &Article) -> String {
    let cleaned = Cleaner::default().clean(article);
    cleaned
        .paragraphs
        .iter()
        .map(|r| &article.text[r.clone()])
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn load(page: &Path) -> (Article, String, serde_json::Value) {
    let bytes = std::fs::read(page).unwrap();
    let text = html::decode(&bytes, None).unwrap();
    let name = page.file_stem().unwrap().to_string_lossy().into_owned();
    let article = article_from_html(&name, &text, page.display().to_string(), None)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let expected = std::fs::read_to_string(page.with_extension("expected.txt")).unwrap();
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(page.with_extension("meta.json")).unwrap())
            .unwrap();
    (article, expected, meta)
}

#[test]
fn pages_give_the_body_a_careful_reader_would_copy() {
    let pages = fixtures();
    let mut failures = Vec::new();
    if pages.len() < 8 {
        failures.push(format!(
            "only {} fixture pages, expected 8 or more",
            pages.len()
        ));
    }
    let (mut raw_total, mut clean_total) = ((0, 0, 0), (0, 0, 0));
    println!(
        "{:<28} {:>6} {:>6} {:>6}   {:>6} {:>6}",
        "page", "words", "P", "R", "P+cln", "R+cln"
    );
    for page in &pages {
        let (article, expected, _) = load(page);
        let name = page.file_stem().unwrap().to_string_lossy().into_owned();
        let raw = overlap(&article.text, &expected);
        let clean = overlap(&after_cleaner(&article), &expected);
        for (total, part) in [(&mut raw_total, raw), (&mut clean_total, clean)] {
            total.0 += part.0;
            total.1 += part.1;
            total.2 += part.2;
        }
        let (p, r) = (ratio(raw.0, raw.1), ratio(raw.0, raw.2));
        println!(
            "{:<28} {:>6} {:>6.3} {:>6.3}   {:>6.3} {:>6.3}",
            name,
            raw.2,
            p,
            r,
            ratio(clean.0, clean.1),
            ratio(clean.0, clean.2)
        );
        if std::env::var_os("HERALD_SHOW_EXTRACTED").is_some() {
            println!("----- {name}\n{}\n-----", article.text);
        }
        if p < MIN_PAGE_PRECISION || r < MIN_PAGE_RECALL {
            failures.push(format!("{name}: precision {p:.3}, recall {r:.3}"));
        }
        // Paragraph structure is kept: no paragraph runs into the next.
        assert!(!article.text.contains("\n\n\n"), "{name}");
        assert!(article
            .text
            .split("\n\n")
            .all(|p| !p.is_empty() && p.trim() == p && !p.contains("  ") && !p.contains('\n')));
    }
    let (p, r) = (
        ratio(raw_total.0, raw_total.1),
        ratio(raw_total.0, raw_total.2),
    );
    println!(
        "{:<28} {:>6} {:>6.3} {:>6.3}   {:>6.3} {:>6.3}",
        "overall",
        raw_total.2,
        p,
        r,
        ratio(clean_total.0, clean_total.1),
        ratio(clean_total.0, clean_total.2)
    );
    if p < MIN_OVERALL || r < MIN_OVERALL {
        failures.push(format!("overall: precision {p:.3}, recall {r:.3}"));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn pages_give_their_metadata() {
    let mut failures = Vec::new();
    for page in fixtures() {
        let (article, _, meta) = load(&page);
        let name = page.file_stem().unwrap().to_string_lossy().into_owned();
        let got = [
            ("title", &article.title),
            ("date", &article.date),
            ("site", &article.site),
            ("url", &article.url),
            ("author", &article.author),
        ];
        for (field, value) in got {
            let want = meta.get(field).and_then(|v| v.as_str());
            if value.as_deref() != want {
                failures.push(format!("{name}: {field} is {value:?}, expected {want:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn json_documents_with_html_are_extracted_and_keep_their_fields() {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html/time-museum.html"),
    )
    .unwrap();
    let line = serde_json::json!({
        "id": "c1",
        "documents": [
            {"id": "psalter", "html": page, "date": "2024-03-06"},
            {"id": "empty", "html": "<html><body><nav>Home</nav></body></html>"}
        ]
    })
    .to_string();
    let cluster = herald::ingest::parse_cluster_line(&line, "t.jsonl:1").unwrap();
    assert_eq!(cluster.articles.len(), 1);
    let a = &cluster.articles[0];
    assert_eq!(a.id, "psalter");
    assert_eq!(
        a.date.as_deref(),
        Some("2024-03-06"),
        "the JSON's own date wins"
    );
    assert_eq!(
        a.title.as_deref(),
        Some("Stolen medieval psalter returned to Durham library after 40 years")
    );
    assert!(a.text.starts_with("A fourteenth-century psalter"));
    assert_eq!(cluster.skipped.len(), 1);
    assert_eq!(cluster.skipped[0].document, "empty");
}

// ---- WARC -------------------------------------------------------------------------------------

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title>\
         <meta property=\"og:site_name\" content=\"Test Wire\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>{title}</h1>{body}</article>\
         <footer>Copyright Test Wire. All rights reserved.</footer></body></html>"
    )
}

fn prose(topic: &str) -> String {
    (1..=5)
        .map(|i| {
            format!(
                "<p>Paragraph {i} about the {topic}: officials said on Tuesday that the work \
                 would continue through the winter, and residents were asked to stay patient \
                 while crews finished the repairs.</p>"
            )
        })
        .collect()
}

fn record(kind: &str, uri: &str, extra: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\n\
         WARC-Date: 2024-03-14T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n{extra}\
         Content-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut b = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    b.extend_from_slice(body);
    b
}

/// A small archive as CC-NEWS has them: warcinfo, two HTML pages (one in Windows-1252, declared
/// only in the HTTP header), an image, a request record, and a last record cut off mid-payload.
fn synthetic_warc() -> Vec<Vec<u8>> {
    let info = b"software: herald-test\r\nformat: WARC File Format 1.0\r\n";
    let first = page("Harbour reopens after storm", &prose("harbour"));
    let second = page("Caf\u{e9} owners count the cost", &prose("caf\u{e9}"));
    let (second_1252, _, _) = encoding_rs::WINDOWS_1252.encode(&second);
    let truncated = record(
        "response",
        "https://news.example/cut",
        "WARC-Identified-Payload-Type: text/html\r\n",
        &http("text/html", page("Cut", &prose("cut")).as_bytes()),
    );
    vec![
        record(
            "warcinfo",
            "",
            "Content-Type: application/warc-fields\r\n",
            info,
        ),
        record(
            "response",
            "https://news.example/harbour",
            "Content-Type: application/http; msgtype=response\r\n",
            &http("text/html; charset=utf-8", first.as_bytes()),
        ),
        record(
            "request",
            "https://news.example/harbour",
            "Content-Type: application/http; msgtype=request\r\n",
            b"GET /harbour HTTP/1.1\r\nHost: news.example\r\n\r\n",
        ),
        record(
            "response",
            "https://news.example/cafe",
            "Content-Type: application/http; msgtype=response\r\n",
            &http("text/html; charset=windows-1252", &second_1252),
        ),
        record(
            "response",
            "https://news.example/photo.jpg",
            "Content-Type: application/http; msgtype=response\r\n",
            &http("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
        ),
        truncated[..truncated.len() / 2].to_vec(),
    ]
}

fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(r).unwrap();
        out.extend(gz.finish().unwrap());
    }
    out
}

fn check_synthetic<R: std::io::BufRead>(reader: WarcReader<R>) {
    let mut reader = reader;
    let items: Vec<_> = reader.by_ref().collect();
    let articles: Vec<&Article> = items
        .iter()
        .filter_map(|i| match i {
            Ok(Record::Article(a)) => Some(a),
            _ => None,
        })
        .collect();
    assert_eq!(articles.len(), 2, "{items:#?}");
    assert_eq!(articles[0].id, "https://news.example/harbour");
    assert_eq!(
        articles[0].url.as_deref(),
        Some("https://news.example/harbour")
    );
    assert_eq!(articles[0].site.as_deref(), Some("Test Wire"));
    assert!(articles[0]
        .text
        .starts_with("Paragraph 1 about the harbour"));
    assert_eq!(articles[0].text.matches("\n\n").count(), 4);
    assert!(!articles[0].text.contains("Home") && !articles[0].text.contains("rights"));
    assert_eq!(
        articles[1].title.as_deref(),
        Some("Caf\u{e9} owners count the cost")
    );
    assert!(articles[1].text.contains("about the caf\u{e9}:"));
    let counts = reader.counts();
    assert_eq!(
        counts.get(SkipReason::NotResponse),
        2,
        "warcinfo and request"
    );
    assert_eq!(counts.get(SkipReason::NotHtml), 1, "the JPEG");
    assert_eq!(counts.total(), 3);
    assert_eq!(reader.records(), 6);
    // The record cut in half is no skip: the archive is damaged there, and the error says where.
    let Some(Err(cut)) = items.last() else {
        panic!("the cut record is an error: {items:#?}")
    };
    let cut = cut.to_string();
    assert!(cut.contains(": record 6"), "{cut}");
    assert!(cut.contains("it was cut short"), "{cut}");
    assert_eq!(items.iter().filter(|i| i.is_err()).count(), 1);
}

#[test]
fn warc_records_become_articles_or_counted_skips() {
    let bytes = synthetic_warc().concat();
    check_synthetic(WarcReader::new(&bytes[..], "test.warc"));
}

#[test]
fn gzipped_warc_is_read_member_by_member() {
    let gz = gzip_members(&synthetic_warc());
    let decoder = std::io::BufReader::new(flate2::bufread::MultiGzDecoder::new(&gz[..]));
    check_synthetic(WarcReader::new(decoder, "test.warc.gz"));
}

#[test]
fn warc_file_is_one_cluster_with_skips_aggregated_by_reason() {
    let dir = std::env::temp_dir().join(format!("herald-warc-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plain = dir.join("sample.warc");
    let gz = dir.join("sample.warc.gz");
    std::fs::write(&plain, synthetic_warc().concat()).unwrap();
    std::fs::write(&gz, gzip_members(&synthetic_warc())).unwrap();
    let last_member = gzip_members(&synthetic_warc()[..5]).len();
    let last_record = synthetic_warc()[..5].concat().len();
    for (path, name, place) in [
        (
            &plain,
            "sample.warc",
            format!("record 6 at byte {last_record}"),
        ),
        (
            &gz,
            "sample.warc.gz",
            format!("record 6 (in the gzip member at byte {last_member})"),
        ),
    ] {
        let read = warc::read_warc_cluster(path).unwrap();
        assert_eq!(read.cluster.id, name);
        assert_eq!(read.cluster.articles.len(), 2);
        let skipped: Vec<(&str, &str)> = read
            .cluster
            .skipped
            .iter()
            .map(|s| (s.document.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                (name, "2 records skipped: not a response record"),
                (name, "1 record skipped: not HTML"),
            ]
        );
        let errors: Vec<String> = read.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(&format!(
                "{}: {place}: the archive ends after ",
                path.display()
            )),
            "{errors:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn oversized_malformed_and_odd_records_are_skipped_and_reading_goes_on() {
    let good = record(
        "response",
        "https://news.example/ok",
        "",
        &http("text/html", page("Fine", &prose("river")).as_bytes()),
    );
    let big = record(
        "response",
        "https://news.example/big",
        "",
        &http("text/html", &vec![b'x'; 5000]),
    );
    let redirect = record(
        "response",
        "https://news.example/moved",
        "",
        b"HTTP/1.1 301 Moved Permanently\r\nLocation: /ok\r\n\r\n",
    );
    let bad_charset = record(
        "response",
        "https://news.example/klingon",
        "",
        &http("text/html; charset=x-klingon", b"<p>\xff\xfe\xfa</p>"),
    );
    let no_article = record(
        "response",
        "https://news.example/empty",
        "",
        &http("text/html", b"<html><body><nav>Home</nav></body></html>"),
    );
    // Small enough for the cap, too deeply nested to parse: refused for its size, not for
    // having no article.
    let nested = record(
        "response",
        "https://news.example/nested",
        "",
        &http("text/html", "<div>".repeat(600).as_bytes()),
    );
    let garbage = b"this is not a WARC header\r\nnor this\r\n".to_vec();
    let no_length = b"WARC/1.0\r\nWARC-Type: response\r\n\r\nbody\r\n\r\n".to_vec();
    let bytes = [
        garbage,
        big,
        redirect,
        no_length,
        bad_charset,
        no_article,
        nested,
        good.clone(),
    ]
    .concat();
    let mut reader = WarcReader::new(&bytes[..], "odd.warc").with_max_record_bytes(4000);
    let items: Vec<_> = reader.by_ref().collect();
    let ids: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Ok(Record::Article(a)) => Some(a.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["https://news.example/ok"]);
    let c = reader.counts();
    assert_eq!(c.get(SkipReason::TooLarge), 2);
    assert_eq!(c.get(SkipReason::HttpStatus), 1);
    assert_eq!(c.get(SkipReason::Undecodable), 1);
    assert_eq!(c.get(SkipReason::NoArticle), 1);
    assert_eq!(c.total(), 5);
    // Headers that are not WARC headers are the archive's damage, not skips: errors naming the
    // record and its byte, after which reading goes on.
    let errors: Vec<String> = items
        .iter()
        .filter_map(|i| i.as_ref().err().map(|e| e.to_string()))
        .collect();
    assert_eq!(
        errors.len(),
        2,
        "the garbage and the record without a length"
    );
    assert!(
        errors[0].starts_with("odd.warc: record 1 at byte 0: not a WARC archive: "),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("odd.warc: record 4 at byte ")
            && errors[1].contains("malformed WARC headers: no valid Content-Length"),
        "{errors:?}"
    );
}

proptest! {
    #[test]
    fn html_extraction_never_panics(html in "\\PC{0,400}", tags in proptest::collection::vec(
        prop_oneof![
            Just("<p>"), Just("</p>"), Just("<div class=\"share\">"), Just("</div>"),
            Just("<a href=x>"), Just("</a>"), Just("<figcaption>"), Just("<time datetime=\"2024-1\">"),
            Just("<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"NewsArticle\",\"author\":[1,{}]}]}</script>"),
            Just("<meta property=\"og:title\" content=\"\">"), Just("Some words of prose here. "),
        ], 0..60)) {
        let _ = html::extract(&html, None);
        let _ = html::extract(&tags.concat(), Some("https://x.example/a"));
        let _ = html::decode(html.as_bytes(), Some(&html));
    }

    #[test]
    fn warc_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2000), cut in 0usize..2000) {
        for _ in WarcReader::new(&bytes[..], "random.warc") {}
        // Real records cut at a random point, and random bytes after a valid start.
        let real = synthetic_warc().concat();
        let cut = cut.min(real.len());
        for _ in WarcReader::new(&real[..cut], "cut.warc") {}
        let spliced = [&real[..cut], &bytes[..]].concat();
        for _ in WarcReader::new(&spliced[..], "spliced.warc") {}
    }
}

/// The pages issue 30 found coming back empty although they hold an article: a page wrapped
/// whole in one `<form>`, a blog post of `<br>` lines in a "widget" box, Japanese and Chinese
/// text, a table of short numeric cells. Each gives its article through extraction, cleaning
/// and summarizing, and every quoted sentence is the article text at its offsets.
#[test]
fn pages_with_an_article_never_come_back_empty() {
    use herald::model::Cluster;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html");
    let pipeline = herald::Pipeline::new(herald::Config::default());
    for name in [
        "aspnet-form-ferry",
        "widget-blog-sourdough",
        "ja-library-hours",
        "zh-river-cleanup",
        "table-rainfall",
    ] {
        let (article, expected, _) = load(&dir.join(format!("{name}.html")));
        let (common, _, wanted) = overlap(&article.text, &expected);
        assert_eq!(common, wanted, "{name}: every expected word extracted");
        assert!(
            !after_cleaner(&article).is_empty(),
            "{name}: cleaned to nothing"
        );
        let cluster = Cluster {
            id: name.into(),
            articles: vec![article.clone()],
            ..Cluster::default()
        };
        let summary = pipeline.summarize(&cluster);
        assert!(!summary.sentences.is_empty(), "{name}: empty summary");
        for s in &summary.sentences {
            assert_eq!(article.text[s.start..s.end], s.text, "{name}");
        }
    }
    // The table's rows stay whole, cells apart, and are not mistaken for pull quotes.
    let (article, _, _) = load(&dir.join("table-rainfall.html"));
    assert!(
        article.text.contains("\n\nAshford | 61 | 148\n\n"),
        "{}",
        article.text
    );
}

/// herald's passes after the extractor record what they remove, and never remove everything.
#[test]
fn herald_passes_record_what_they_drop_and_never_empty_a_page() {
    // Pull quote and byline line around the body: both removed, both recorded.
    let page = "<html><head><title>Bridge reopens</title></head><body><article>\
        <p>Filed under Transport</p>\
        <p>The old bridge over the river reopened to traffic on Monday after eight months of repairs, the city said.</p>\
        <blockquote>eight months of repairs</blockquote>\
        <p>Engineers replaced the deck and two of the supports, and the speed limit stays at thirty for now.</p>\
        </article></body></html>";
    let e = html::extract(page, None).unwrap();
    assert!(!e.text.contains("Filed under"), "{}", e.text);
    let reasons: Vec<&str> = e.dropped.iter().map(|d| d.reason).collect();
    assert!(
        reasons.iter().any(|r| r.starts_with("pull quotes")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.starts_with("labels")),
        "{reasons:?}"
    );
    assert!(e.dropped.iter().all(|d| d.words > 0));
    // A page of nothing but short unpunctuated lines: every pass would drop every line, so
    // none is applied, and the record says so.
    let page =
        "<html><body><div>Harbour open<br>Ferries on time<br>Roads clear</div></body></html>";
    let e = html::extract(page, None).unwrap();
    assert!(e.text.contains("Ferries on time"), "{}", e.text);
    assert_eq!(e.dropped.len(), 1);
    assert!(e.dropped[0].reason.starts_with("none"));
}
