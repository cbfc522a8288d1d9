//! WARC ingest: news pages out of web archives (`.warc` and `.warc.gz`, as Common Crawl's
//! CC-NEWS ships them).
//!
//! [`WarcReader`] streams records from any [`BufRead`]: it holds one record's payload at a time
//! and never more than [`MAX_RECORD_BYTES`] of it, so an archive of many gigabytes reads in
//! bounded memory. Each `response` record with an HTML payload becomes an [`Article`] through
//! [`html::extract`]; every other record is a [`SkippedRecord`] with a [`SkipReason`], and the
//! reader keeps [`SkipCounts`] so a caller can report millions of skips in a few lines.
//!
//! The format is parsed here rather than with the `warc` crate: its last release reads header
//! lines without a bound, allocates each body whole and cannot find the next record after a
//! malformed one, while the format itself is a version line, `Name: value` headers, a blank
//! line and exactly `Content-Length` bytes.

use super::html;
use crate::error::{Error, Result};
use crate::model::{Article, Cluster, Skipped};
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// The largest record payload herald reads; bigger records are skipped without being loaded.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;
/// A header line longer than this means the reader is not looking at WARC headers.
const MAX_HEADER_LINE: usize = 64 << 10;
/// Nor does a header block with more lines than this.
const MAX_HEADER_LINES: usize = 1000;

/// Why a WARC record did not become an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// A `warcinfo`, `request`, `metadata`, `revisit` or other non-`response` record.
    NotResponse,
    /// A response that is not an HTTP response (DNS, for example).
    NotHttp,
    /// An HTTP status other than 2xx: redirects, errors.
    HttpStatus,
    /// A payload that is not HTML (images, PDF, JSON, ...).
    NotHtml,
    /// A payload over the size cap ([`MAX_RECORD_BYTES`] by default).
    TooLarge,
    /// A record cut short: the archive ends inside it, the stream cannot be read on, or the
    /// crawler marked it `WARC-Truncated`.
    Truncated,
    /// Headers that are not WARC headers; the reader skips to the next record.
    Malformed,
    /// A payload whose charset or content encoding cannot be decoded.
    Undecodable,
    /// An HTML page in which no article text was found.
    NoArticle,
}

impl SkipReason {
    /// Every reason, in the order reports list them.
    pub const ALL: [SkipReason; 9] = [
        SkipReason::NotResponse,
        SkipReason::NotHttp,
        SkipReason::HttpStatus,
        SkipReason::NotHtml,
        SkipReason::TooLarge,
        SkipReason::Truncated,
        SkipReason::Malformed,
        SkipReason::Undecodable,
        SkipReason::NoArticle,
    ];

    /// The reason in a few words, as reports print it.
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::NotResponse => "not a response record",
            SkipReason::NotHttp => "not an HTTP response",
            SkipReason::HttpStatus => "HTTP status not 2xx",
            SkipReason::NotHtml => "not HTML",
            SkipReason::TooLarge => "too large",
            SkipReason::Truncated => "truncated",
            SkipReason::Malformed => "malformed WARC headers",
            SkipReason::Undecodable => "undecodable payload",
            SkipReason::NoArticle => "no article text found",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// A record that was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRecord {
    /// The record's target URI, else its record id, else `record N`.
    pub record: String,
    /// Why it was skipped.
    pub reason: SkipReason,
    /// Specifics for a human: the content type, the status, the decoding error.
    pub detail: String,
}

/// How many records were skipped, per reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkipCounts([u64; SkipReason::ALL.len()]);

impl SkipCounts {
    /// Records skipped for `reason`.
    pub fn get(&self, reason: SkipReason) -> u64 {
        self.0[reason as usize]
    }

    /// Records skipped for any reason.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// The reasons that occurred, with their counts, in [`SkipReason::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (SkipReason, u64)> + '_ {
        SkipReason::ALL
            .iter()
            .map(|&r| (r, self.get(r)))
            .filter(|&(_, n)| n > 0)
    }

    fn add(&mut self, reason: SkipReason) {
        self.0[reason as usize] += 1;
    }
}

/// Streams the records of a WARC file; see the [module documentation](self).
///
/// Yields one item per record: the article, or why the record was skipped. After an error that
/// makes the rest of the stream unreadable (a truncated record, a corrupt gzip member) it yields
/// that error once and then ends.
#[derive(Debug)]
pub struct WarcReader<R> {
    reader: R,
    name: String,
    records: u64,
    counts: SkipCounts,
    max_record_bytes: u64,
    resync: bool,
    done: bool,
}

/// Opens a `.warc` or `.warc.gz` file (gzip is recognised by its magic bytes, not the name).
pub fn open(path: &Path) -> io::Result<WarcReader<Box<dyn BufRead>>> {
    let mut file = BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let gzip = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    // Archives are gzipped record by record: one gzip member each, hence the multi-member decoder.
    let reader: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(file)
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(WarcReader::new(reader, &name))
}

/// Reads a whole WARC file as one cluster (id: the file name) of its HTML articles. Skipped
/// records are listed once per reason with their count, so the list stays short for any archive.
/// Articles that share a URL get `#2`, `#3`, ... appended to keep document ids unique.
pub fn read_warc_cluster(path: &Path) -> Result<Cluster> {
    let mut reader = open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut cluster = Cluster {
        id: reader.name.clone(),
        ..Cluster::default()
    };
    // Skipped records are only counted: the reader keeps the tally.
    cluster.articles.extend(reader.by_ref().flatten());
    super::make_ids_unique(&mut cluster.articles);
    for (reason, n) in reader.counts().iter() {
        let records = if n == 1 { "record" } else { "records" };
        cluster.skipped.push(Skipped::new(
            reader.name.clone(),
            format!("{n} {records} skipped: {reason}"),
        ));
    }
    Ok(cluster)
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `reader`; `name` names the archive in article origins.
    pub fn new(reader: R, name: &str) -> Self {
        WarcReader {
            reader,
            name: name.to_owned(),
            records: 0,
            counts: SkipCounts::default(),
            max_record_bytes: MAX_RECORD_BYTES,
            resync: false,
            done: false,
        }
    }

    /// Sets the payload size cap; records over it are skipped as [`SkipReason::TooLarge`].
    pub fn with_max_record_bytes(mut self, max: u64) -> Self {
        self.max_record_bytes = max;
        self
    }

    /// The skips so far, per reason.
    pub fn counts(&self) -> &SkipCounts {
        &self.counts
    }

    /// Records seen so far, used or not.
    pub fn records(&self) -> u64 {
        self.records
    }

    fn skip(
        &mut self,
        record: String,
        reason: SkipReason,
        detail: impl Into<String>,
    ) -> Option<std::result::Result<Article, SkippedRecord>> {
        self.counts.add(reason);
        Some(Err(SkippedRecord {
            record,
            reason,
            detail: detail.into(),
        }))
    }

    /// Reads one line of at most [`MAX_HEADER_LINE`] bytes, without its line ending. `Ok(None)`
    /// at end of input; an over-long line is an error, its rest consumed.
    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut line = Vec::new();
        let mut too_long = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                if line.is_empty() && !too_long {
                    return Ok(None);
                }
                break;
            }
            let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            if line.len() + used > MAX_HEADER_LINE {
                too_long = true;
                line.clear();
            } else if !too_long {
                line.extend_from_slice(&chunk[..used]);
            }
            self.reader.consume(used);
            if done {
                break;
            }
        }
        if too_long {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "header line too long",
            ));
        }
        while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            line.pop();
        }
        Ok(Some(String::from_utf8_lossy(&line).into_owned()))
    }

    /// Reads and throws away `len` bytes; returns how many there were.
    fn discard(&mut self, len: u64) -> io::Result<u64> {
        io::copy(&mut (&mut self.reader).take(len), &mut io::sink())
    }
}

/// The outcome of reading a record's header block.
enum Header {
    Eof,
    Record(Vec<(String, String)>),
    Malformed(String),
    Truncated(String),
}

impl<R: BufRead> WarcReader<R> {
    fn read_header(&mut self) -> Header {
        // Between records (and after a malformed one) anything up to the next version line goes.
        loop {
            match self.read_line() {
                Ok(None) => return Header::Eof,
                Ok(Some(line)) if line.starts_with("WARC/") => break,
                Ok(Some(line)) if line.trim().is_empty() || self.resync => continue,
                Ok(Some(line)) => {
                    let shown: String = line.chars().take(40).collect();
                    return Header::Malformed(format!(
                        "expected a WARC version line, found {shown:?}"
                    ));
                }
                Err(e) if e.kind() == io::ErrorKind::InvalidData && self.resync => continue,
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    return Header::Malformed(e.to_string())
                }
                Err(e) => return Header::Truncated(format!("read error: {e}")),
            }
        }
        self.resync = false;
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            match self.read_line() {
                Ok(None) => return Header::Truncated("archive ends inside a record header".into()),
                Ok(Some(line)) if line.is_empty() => return Header::Record(headers),
                Ok(Some(line)) => {
                    if headers.len() >= MAX_HEADER_LINES {
                        return Header::Malformed("too many header lines".into());
                    }
                    if line.starts_with([' ', '\t']) {
                        // A folded continuation of the previous header's value.
                        match headers.last_mut() {
                            Some((_, value)) => {
                                value.push(' ');
                                value.push_str(line.trim());
                            }
                            None => {
                                return Header::Malformed(
                                    "continuation line before any header".into(),
                                )
                            }
                        }
                        continue;
                    }
                    match line.split_once(':') {
                        Some((name, value)) => headers
                            .push((name.trim().to_ascii_lowercase(), value.trim().to_owned())),
                        None => {
                            return Header::Malformed(format!(
                                "header line without a colon: {:?}",
                                line.chars().take(40).collect::<String>()
                            ))
                        }
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    return Header::Malformed(e.to_string())
                }
                Err(e) => return Header::Truncated(format!("read error: {e}")),
            }
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = std::result::Result<Article, SkippedRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let headers = match self.read_header() {
            Header::Eof => return None,
            Header::Record(h) => h,
            Header::Malformed(detail) => {
                self.records += 1;
                self.resync = true;
                let record = format!("record {}", self.records);
                return self.skip(record, SkipReason::Malformed, detail);
            }
            Header::Truncated(detail) => {
                self.records += 1;
                self.done = true;
                let record = format!("record {}", self.records);
                return self.skip(record, SkipReason::Truncated, detail);
            }
        };
        self.records += 1;
        let record = header(&headers, "warc-target-uri")
            .or_else(|| header(&headers, "warc-record-id"))
            .map(|id| id.trim_matches(['<', '>']).to_owned())
            .unwrap_or_else(|| format!("record {}", self.records));
        let Some(len) = header(&headers, "content-length").and_then(|l| l.parse::<u64>().ok())
        else {
            // Without a length the record's end cannot be found: look for the next one.
            self.resync = true;
            return self.skip(record, SkipReason::Malformed, "no valid Content-Length");
        };
        let kind = header(&headers, "warc-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        if kind != "response" || len > self.max_record_bytes {
            match self.discard(len) {
                Ok(n) if n == len => {}
                Ok(n) => {
                    self.done = true;
                    return self.skip(
                        record,
                        SkipReason::Truncated,
                        format!("archive ends after {n} of {len} bytes"),
                    );
                }
                Err(e) => {
                    self.done = true;
                    return self.skip(record, SkipReason::Truncated, format!("read error: {e}"));
                }
            }
            return if kind != "response" {
                self.skip(
                    record,
                    SkipReason::NotResponse,
                    format!("a {kind:?} record"),
                )
            } else {
                self.skip(record, SkipReason::TooLarge, format!("{len} bytes"))
            };
        }
        let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
        if let Err(e) = (&mut self.reader).take(len).read_to_end(&mut block) {
            self.done = true;
            return self.skip(record, SkipReason::Truncated, format!("read error: {e}"));
        }
        if (block.len() as u64) < len {
            self.done = true;
            let detail = format!("archive ends after {} of {len} bytes", block.len());
            return self.skip(record, SkipReason::Truncated, detail);
        }
        if let Some(why) = header(&headers, "warc-truncated") {
            return self.skip(
                record,
                SkipReason::Truncated,
                format!("cut by the crawler: {why}"),
            );
        }
        let origin = format!("{}: record {}", self.name, self.records);
        let url =
            header(&headers, "warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_owned());
        match article_from_response(
            &record,
            &block,
            origin,
            url.as_deref(),
            self.max_record_bytes,
        ) {
            Ok(article) => Some(Ok(article)),
            Err((reason, detail)) => self.skip(record, reason, detail),
        }
    }
}

/// An article from an HTTP response block: status line, headers, blank line, payload.
fn article_from_response(
    id: &str,
    block: &[u8],
    origin: String,
    url: Option<&str>,
    max: u64,
) -> std::result::Result<Article, (SkipReason, String)> {
    let head_end = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
        .ok_or((SkipReason::NotHttp, "no HTTP header block".to_owned()))?;
    let head = String::from_utf8_lossy(&block[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err((
            SkipReason::NotHttp,
            format!(
                "status line {:?}",
                status_line.chars().take(40).collect::<String>()
            ),
        ));
    }
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    if !status.starts_with('2') {
        return Err((SkipReason::HttpStatus, format!("HTTP status {status}")));
    }
    let http: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body: Vec<u8> = block[head_end.1..].to_vec();
    if header(&http, "transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        body = dechunk(&body).ok_or((
            SkipReason::Undecodable,
            "bad chunked transfer encoding".to_owned(),
        ))?;
    }
    match header(&http, "content-encoding")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("identity") | Some("") => {}
        Some("gzip" | "x-gzip") => {
            body = inflate(flate2::read::MultiGzDecoder::new(&body[..]), max)?
        }
        Some("deflate") => body = inflate(flate2::read::ZlibDecoder::new(&body[..]), max)?,
        Some(other) => return Err((SkipReason::Undecodable, format!("content encoding {other}"))),
    }
    let content_type = header(&http, "content-type").unwrap_or("");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let is_html = match mime.as_str() {
        "text/html" | "application/xhtml+xml" => true,
        // No declared type: believe the payload if it starts like a page.
        "" => {
            let start = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
            let start = start.trim_start_matches('\u{feff}').trim_start();
            start.starts_with("<!doctype html") || start.starts_with("<html")
        }
        _ => false,
    };
    if !is_html {
        let shown = if mime.is_empty() {
            "no content type"
        } else {
            mime.as_str()
        };
        return Err((SkipReason::NotHtml, shown.to_owned()));
    }
    let charset = content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().to_owned())
    });
    let page = html::decode(&body, charset.as_deref()).map_err(|e| (SkipReason::Undecodable, e))?;
    html::article_from_html(id, &page, origin, url).map_err(|e| (SkipReason::NoArticle, e))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decompresses a content-encoded payload, refusing to expand past `max` bytes.
fn inflate(decoder: impl Read, max: u64) -> std::result::Result<Vec<u8>, (SkipReason, String)> {
    let mut out = Vec::new();
    decoder.take(max + 1).read_to_end(&mut out).map_err(|e| {
        (
            SkipReason::Undecodable,
            format!("bad compressed payload: {e}"),
        )
    })?;
    if out.len() as u64 > max {
        return Err((
            SkipReason::TooLarge,
            format!("over {max} bytes decompressed"),
        ));
    }
    Ok(out)
}

/// Undoes HTTP chunked transfer encoding: hex size line, data, CRLF, ..., a zero-size chunk.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = find(data, b"\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = &data[size..];
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .unwrap_or(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
        assert_eq!(dechunk(b"10\r\nshort"), None);
    }

    #[test]
    fn counts_read_in_reason_order() {
        let mut c = SkipCounts::default();
        c.add(SkipReason::NoArticle);
        c.add(SkipReason::NotHtml);
        c.add(SkipReason::NotHtml);
        assert_eq!(
            c.iter().collect::<Vec<_>>(),
            [(SkipReason::NotHtml, 2), (SkipReason::NoArticle, 1)]
        );
        assert_eq!(c.total(), 3);
    }
}
