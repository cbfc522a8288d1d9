//! WARC ingest: news pages out of web archives (`.warc` and `.warc.gz`, as Common Crawl's
//! CC-NEWS ships them).
//!
//! [`WarcReader`] streams records from any [`BufRead`]: it holds one record's payload at a time
//! and never more than [`MAX_RECORD_BYTES`] of it, so an archive of many gigabytes reads in
//! bounded memory. Each `response` record with an HTML payload becomes an [`Article`] through
//! [`html::extract`]; every other record is a [`SkippedRecord`] with a [`SkipReason`], and the
//! reader keeps [`SkipCounts`] so a caller can report millions of skips in a few lines.
//!
//! A record that holds no article is not a fault of the archive; a damaged archive is. Headers
//! that are not WARC headers, a corrupt or cut gzip member and an archive that ends inside a
//! record are errors naming the record and the byte where it starts (for a gzipped archive, the
//! gzip member's byte in the file), never skips: a caller that keeps inputs whole must be able
//! to tell a damaged archive from one that merely holds images and redirects.
//!
//! The format is parsed here rather than with the `warc` crate: its last release reads header
//! lines without a bound, allocates each body whole and cannot find the next record after a
//! malformed one, while the format itself is a version line, `Name: value` headers, a blank
//! line and exactly `Content-Length` bytes.

use super::{html, ClusterRead};
use crate::error::{Error, Result};
use crate::model::{Article, Cluster, Skipped};
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// The largest record payload herald reads; bigger records are skipped without being loaded.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;
/// A header line longer than this means the reader is not looking at WARC headers.
const MAX_HEADER_LINE: usize = 64 << 10;
/// How far past a damaged record the reader looks for the next one: four times the largest
/// record it reads, far more than any archive puts between two records.
const MAX_RESYNC_BYTES: u64 = 4 * MAX_RECORD_BYTES;
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
    /// A payload over the size cap ([`MAX_RECORD_BYTES`] by default), or a page too complex or
    /// too deeply nested to parse.
    TooLarge,
    /// A record the crawler marked `WARC-Truncated`: whole in the archive, but a cut page.
    /// (An archive that ends inside a record is an error, not a skip.)
    Truncated,
    /// A payload whose charset or content encoding cannot be decoded.
    Undecodable,
    /// An HTML page in which no article text was found.
    NoArticle,
}

impl SkipReason {
    /// Every reason, in the order reports list them.
    pub const ALL: [SkipReason; 8] = [
        SkipReason::NotResponse,
        SkipReason::NotHttp,
        SkipReason::HttpStatus,
        SkipReason::NotHtml,
        SkipReason::TooLarge,
        SkipReason::Truncated,
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
            SkipReason::TooLarge => "too large or too complex",
            SkipReason::Truncated => "truncated by the crawler",
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

/// What a [`WarcReader`] yields for a record that it could read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A response record whose HTML page gave an article.
    Article(Article),
    /// A record that holds no article (a request, an image, a redirect), and why.
    Skipped(SkippedRecord),
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
/// Yields one item per record: the article, or why the record was skipped, or an error naming
/// the record and the byte where it starts when the archive is damaged there. After headers
/// that are not WARC headers it reads on from the next version line; after an error that makes
/// the rest of the stream unreadable (a cut archive, a corrupt gzip member) it ends.
#[derive(Debug)]
pub struct WarcReader<R> {
    reader: R,
    name: String,
    /// How errors name the archive: its path when opened by [`open`], else `name`.
    label: String,
    records: u64,
    counts: SkipCounts,
    max_record_bytes: u64,
    resync: bool,
    done: bool,
    /// Bytes consumed from `reader` so far, and where the record being read starts.
    pos: u64,
    record_start: u64,
    /// For a gzipped archive: where the gzip member being decoded starts in the file, and the
    /// member the record being read starts in. Offsets into the decompressed stream mean
    /// nothing to someone looking at the file.
    member: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    record_member: u64,
    /// The record whose block was just read, as errors name it, and its `Content-Length`: when
    /// what follows is not the next record, that length is the likeliest fault, so the error
    /// names this record rather than the bytes after it.
    previous: Option<(String, u64)>,
}

/// Opens a `.warc` or `.warc.gz` file (gzip is recognised by its magic bytes, not the name).
pub fn open(path: &Path) -> io::Result<WarcReader<Box<dyn BufRead>>> {
    let mut file = BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let gzip = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut reader = if gzip {
        // Archives are gzipped record by record, one gzip member each: decoded member by member,
        // so that a damaged one is named by where it starts.
        let members = GzMembers::new(file);
        let start = members.start.clone();
        let mut reader = WarcReader::new(
            Box::new(BufReader::with_capacity(1 << 16, members)) as Box<dyn BufRead>,
            &name,
        );
        reader.member = Some(start);
        reader
    } else {
        WarcReader::new(Box::new(file) as Box<dyn BufRead>, &name)
    };
    reader.label = path.display().to_string();
    Ok(reader)
}

/// How much of a gzip member is decoded ahead of the reader: a member up to this size (a
/// CC-NEWS member holds one record, rarely over a few hundred KiB) gives none of its bytes
/// until its checksum has been checked, so a damaged one never yields half an article.
const MEMBER_HOLD: u64 = 4 << 20;

/// A multi-member gzip stream decoded one member at a time, knowing where each starts, so that
/// a corrupt or cut member is named by its byte offset in the file. (flate2's `MultiGzDecoder`
/// decodes the same stream but cannot say where a member begins.) Each member is decoded up to
/// [`MEMBER_HOLD`] bytes ahead before any of it is given out.
struct GzMembers<R: BufRead> {
    /// The member being decoded; `None` once the stream has ended or failed.
    decoder: Option<flate2::bufread::GzDecoder<Counted<R>>>,
    /// Where that member starts in the file; shared with the [`WarcReader`] that reads it.
    start: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Bytes decoded ahead, and how many of them were given out.
    held: Vec<u8>,
    given: usize,
    /// Whether the member's end (and checksum) has been decoded: once `held` is given out, the
    /// next member starts.
    member_done: bool,
}

impl<R: BufRead> GzMembers<R> {
    fn new(inner: R) -> Self {
        GzMembers {
            decoder: Some(flate2::bufread::GzDecoder::new(Counted { inner, pos: 0 })),
            start: Default::default(),
            held: Vec::new(),
            given: 0,
            member_done: false,
        }
    }

    /// Moves on to the member after the one that ended; `Ok(false)` at the end of the file.
    fn next_member(&mut self) -> io::Result<bool> {
        let Some(mut inner) = self.decoder.take().map(|d| d.into_inner()) else {
            return Ok(false);
        };
        // Tools that write archives in blocks pad the last one with zero bytes: zeros are no
        // member and are passed over (gzip(1) ignores trailing zeros too). Whatever else follows
        // them must be a member, named by its own byte if it is not.
        let mut at = inner.pos;
        loop {
            let more = inner
                .fill_buf()
                .map_err(|e| io::Error::new(e.kind(), format!("read error at byte {at}: {e}")))?;
            if more.is_empty() {
                return Ok(false);
            }
            let zeros = more.iter().take_while(|&&b| b == 0).count();
            if zeros == 0 {
                break;
            }
            inner.consume(zeros);
            at = inner.pos;
        }
        self.start.store(at, std::sync::atomic::Ordering::Relaxed);
        self.decoder = Some(flate2::bufread::GzDecoder::new(inner));
        Ok(true)
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.given < self.held.len() {
                let n = buf.len().min(self.held.len() - self.given);
                buf[..n].copy_from_slice(&self.held[self.given..self.given + n]);
                self.given += n;
                return Ok(n);
            }
            self.held.clear();
            self.given = 0;
            // The next member starts only once the last one's bytes are all given out, so that
            // `start` is the member of the bytes the reader is at.
            if self.member_done {
                self.member_done = false;
                if !self.next_member()? {
                    return Ok(0);
                }
            }
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(0);
            };
            match decoder.take(MEMBER_HOLD).read_to_end(&mut self.held) {
                // Less than asked for: the decoder reached the member's end, checksum checked.
                Ok(n) => self.member_done = (n as u64) < MEMBER_HOLD,
                Err(e) => {
                    // A damaged member leaves no way to find where the next one starts.
                    self.decoder = None;
                    self.held.clear();
                    let start = self.start.load(std::sync::atomic::Ordering::Relaxed);
                    let what = match e.kind() {
                        io::ErrorKind::UnexpectedEof => format!(
                            "the archive ends inside the gzip member at byte {start}: it was cut short"
                        ),
                        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
                            format!("corrupt gzip member at byte {start} ({e})")
                        }
                        _ => format!("read error in the gzip member at byte {start}: {e}"),
                    };
                    return Err(io::Error::new(e.kind(), what));
                }
            }
        }
    }
}

/// A reader that counts the bytes taken from it, by `read` or by `consume`.
struct Counted<R> {
    inner: R,
    pos: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// Reads a whole WARC file as one cluster (id: the file name) of its HTML articles, with an
/// error for each place where the archive is damaged (see [`WarcReader`]). Skipped records are
/// listed once per reason with their count, so the list stays short for any archive. Articles
/// that share a URL get `#2`, `#3`, ... appended to keep document ids unique.
///
/// Errors: the file cannot be opened.
pub fn read_warc_cluster(path: &Path) -> Result<ClusterRead> {
    let mut reader = open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut read = ClusterRead {
        cluster: Cluster {
            id: reader.name.clone(),
            ..Cluster::default()
        },
        errors: Vec::new(),
    };
    for item in reader.by_ref() {
        match item {
            Ok(Record::Article(a)) => read.cluster.articles.push(a),
            // Skipped records are only counted: the reader keeps the tally.
            Ok(Record::Skipped(_)) => {}
            Err(e) => read.errors.push(e),
        }
    }
    super::make_ids_unique(&mut read.cluster.articles);
    for (reason, n) in reader.counts().iter() {
        let records = if n == 1 { "record" } else { "records" };
        read.cluster.skipped.push(Skipped::new(
            reader.name.clone(),
            format!("{n} {records} skipped: {reason}"),
        ));
    }
    Ok(read)
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `reader`; `name` names the archive in article origins.
    pub fn new(reader: R, name: &str) -> Self {
        WarcReader {
            reader,
            name: name.to_owned(),
            label: name.to_owned(),
            records: 0,
            counts: SkipCounts::default(),
            max_record_bytes: MAX_RECORD_BYTES,
            resync: false,
            done: false,
            pos: 0,
            record_start: 0,
            member: None,
            record_member: 0,
            previous: None,
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
    ) -> Option<Result<Record>> {
        self.counts.add(reason);
        Some(Ok(Record::Skipped(SkippedRecord {
            record,
            reason,
            detail: detail.into(),
        })))
    }

    /// The record being read, as errors name it: its number, and where it starts in the file
    /// (for a gzipped archive, the gzip member it starts in).
    fn place(&self) -> String {
        match self.member {
            Some(_) => format!(
                "record {} (in the gzip member at byte {})",
                self.records, self.record_member
            ),
            None => format!("record {} at byte {}", self.records, self.record_start),
        }
    }

    /// An error about the record being read. A `fatal` one ends the reading: the stream cannot
    /// be read past it.
    fn damaged(&mut self, place: String, message: String, fatal: bool) -> Option<Result<Record>> {
        self.done |= fatal;
        Some(Err(Error::Parse {
            origin: format!("{}: {place}", self.label),
            message,
        }))
    }

    /// A record whose headers are not WARC headers; the reader goes on at the next version line.
    fn malformed(&mut self, detail: String) -> Option<Result<Record>> {
        let place = self.place();
        let message = if self.records == 1 {
            // Nothing before it was WARC either: most likely not an archive at all.
            format!("not a WARC archive: {detail}")
        } else {
            format!("malformed WARC headers: {detail}; reading went on at the next record")
        };
        self.damaged(place, message, false)
    }

    /// A read error from the stream: it cannot be read on. A gzip error already says where the
    /// member starts, so only the record's number is added.
    fn unreadable(&mut self, e: io::Error) -> Option<Result<Record>> {
        let place = format!("record {}", self.records);
        let message = match (self.member.is_some(), e.kind()) {
            // A cut member: there is no rest to speak of.
            (true, io::ErrorKind::UnexpectedEof) => e.to_string(),
            (true, _) => format!("{e}; the rest of the archive was not read"),
            (false, _) => format!(
                "read error at byte {}: {e}; the rest of the archive was not read",
                self.pos
            ),
        };
        self.damaged(place, message, true)
    }

    /// Reads one line of at most [`MAX_HEADER_LINE`] bytes, without its line ending; an
    /// over-long line's rest is consumed.
    fn read_line(&mut self) -> io::Result<Line> {
        let mut line = Vec::new();
        let mut too_long = false;
        let mut member = None;
        let mut consumed = 0u64;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                if line.is_empty() && !too_long {
                    return Ok(Line::Eof);
                }
                break;
            }
            // A line ends where its gzip member does: each member holds whole records, so
            // after a damaged one (a line of garbage with no end) the next record is found.
            let here = self
                .member
                .as_ref()
                .map(|m| m.load(std::sync::atomic::Ordering::Relaxed));
            if *member.get_or_insert(here) != here {
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
            self.pos += used as u64;
            consumed += used as u64;
            // A line without end (a device, a file of garbage) is given up on, as the reader
            // gives up looking for the next record (see `read_header`).
            if done || consumed > MAX_RESYNC_BYTES {
                break;
            }
        }
        if too_long {
            return Ok(Line::TooLong);
        }
        while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            line.pop();
        }
        Ok(Line::Text(String::from_utf8_lossy(&line).into_owned()))
    }

    /// Reads and throws away `len` bytes; returns how many there were.
    fn discard(&mut self, len: u64) -> io::Result<u64> {
        let n = io::copy(&mut (&mut self.reader).take(len), &mut io::sink())?;
        self.pos += n;
        Ok(n)
    }
}

/// A line of headers, as [`WarcReader::read_line`] reads it.
enum Line {
    /// The end of the input.
    Eof,
    /// A line over [`MAX_HEADER_LINE`] bytes: not a header.
    TooLong,
    /// A line, without its line ending.
    Text(String),
}

/// The outcome of reading a record's header block.
enum Header {
    Eof,
    Record(Vec<(String, String)>),
    /// Not WARC headers: the reader can look for the next version line.
    Malformed(String),
    /// Where a version line was due, something else: shown as found.
    NotVersion(String),
    /// The archive ends inside the headers.
    Cut,
    /// The stream cannot be read on.
    Unreadable(io::Error),
    /// No version line in [`MAX_RESYNC_BYTES`] after this byte, looking for the next record.
    Lost(u64),
}

impl<R: BufRead> WarcReader<R> {
    fn read_header(&mut self) -> Header {
        // Between records (and after a malformed one) anything up to the next version line goes,
        // but not for ever: a file of garbage (or a link to a device) has no next record.
        let began = self.pos;
        loop {
            if self.resync && self.pos - began > MAX_RESYNC_BYTES {
                return Header::Lost(began);
            }
            self.record_start = self.pos;
            if let Some(member) = &self.member {
                // Once the line's first bytes are buffered, the member they came from is the
                // one being decoded (a read never spans two members).
                if let Err(e) = self.reader.fill_buf() {
                    return Header::Unreadable(e);
                }
                self.record_member = member.load(std::sync::atomic::Ordering::Relaxed);
            }
            match self.read_line() {
                Ok(Line::Eof) => return Header::Eof,
                Ok(Line::Text(line)) if line.starts_with("WARC/") => break,
                // Blank lines end each record; archives are sometimes padded with NUL bytes.
                Ok(Line::Text(line)) if line.trim_matches(['\0', ' ', '\t']).is_empty() => continue,
                Ok(Line::Text(_)) if self.resync => continue,
                Ok(Line::TooLong) if self.resync => continue,
                Ok(Line::Text(line)) => {
                    return Header::NotVersion(line.chars().take(40).collect());
                }
                Ok(Line::TooLong) => {
                    return Header::Malformed(
                        "expected a WARC version line, found a line over 64 KiB".into(),
                    )
                }
                Err(e) => return Header::Unreadable(e),
            }
        }
        self.resync = false;
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            match self.read_line() {
                Ok(Line::Eof) => return Header::Cut,
                Ok(Line::Text(line)) if line.is_empty() => return Header::Record(headers),
                Ok(Line::Text(line)) => {
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
                Ok(Line::TooLong) => return Header::Malformed("header line over 64 KiB".into()),
                Err(e) => return Header::Unreadable(e),
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
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let previous = self.previous.take();
        let block = self.read_header();
        if !matches!(block, Header::Eof) {
            self.records += 1;
        }
        let headers = match block {
            Header::Eof => return None,
            Header::Record(h) => h,
            Header::NotVersion(found) => {
                self.resync = true;
                let Some((place, len)) = previous else {
                    return self
                        .malformed(format!("expected a WARC version line, found {found:?}"));
                };
                // A record's block was read whole, and what follows is not the next record: its
                // Content-Length is wrong (or bytes were put between records). Naming the bytes
                // after it as a malformed record would send the reader to the wrong place.
                self.records -= 1;
                let message = format!(
                    "its Content-Length ({len} bytes) does not end where the next record starts \
                     ({found:?} follows); reading went on at the next record"
                );
                return self.damaged(place, message, false);
            }
            Header::Malformed(detail) => {
                self.resync = true;
                return self.malformed(detail);
            }
            Header::Cut => {
                let place = self.place();
                let message = "the archive ends inside the record's headers: it was cut short";
                return self.damaged(place, message.into(), true);
            }
            Header::Unreadable(e) => return self.unreadable(e),
            Header::Lost(from) => {
                self.records -= 1;
                let message = format!(
                    "no WARC record in the {} MiB from here; the rest of the archive was not read",
                    MAX_RESYNC_BYTES >> 20
                );
                return self.damaged(format!("byte {from}"), message, true);
            }
        };
        let named = header(&headers, "warc-target-uri")
            .or_else(|| header(&headers, "warc-record-id"))
            .map(|id| id.trim_matches(['<', '>']).to_owned());
        let Some(len) = header(&headers, "content-length").and_then(|l| l.parse::<u64>().ok())
        else {
            // Without a length the record's end cannot be found: look for the next one.
            self.resync = true;
            let place = self.place();
            let of = named.map(|n| format!(" ({n})")).unwrap_or_default();
            let message = format!(
                "malformed WARC headers: no valid Content-Length{of}; reading went on at the next record"
            );
            return self.damaged(place, message, false);
        };
        let record = named.unwrap_or_else(|| format!("record {}", self.records));
        let cut = |reader: &Self, n: u64| {
            (
                reader.place(),
                format!("the archive ends after {n} of the record's {len} bytes: it was cut short"),
            )
        };
        let kind = header(&headers, "warc-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        if kind != "response" || len > self.max_record_bytes {
            match self.discard(len) {
                Ok(n) if n == len => self.previous = Some((self.place(), len)),
                Ok(n) => {
                    let (place, message) = cut(self, n);
                    return self.damaged(place, message, true);
                }
                Err(e) => return self.unreadable(e),
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
        let read = (&mut self.reader).take(len).read_to_end(&mut block);
        self.pos += block.len() as u64;
        if let Err(e) = read {
            return self.unreadable(e);
        }
        if (block.len() as u64) < len {
            let (place, message) = cut(self, block.len() as u64);
            return self.damaged(place, message, true);
        }
        self.previous = Some((self.place(), len));
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
            Ok(article) => Some(Ok(Record::Article(article))),
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
    html::article_from_html(id, &page, origin, url).map_err(|e| {
        // A page refused before or after parsing for its size is not one without an article.
        let reason = if e.starts_with(html::REFUSED_PAGE) {
            SkipReason::TooLarge
        } else {
            SkipReason::NoArticle
        };
        (reason, e)
    })
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

    fn gzip(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(data).unwrap();
        gz.finish().unwrap()
    }

    fn read_all(r: impl Read) -> (Vec<u8>, Option<io::Error>) {
        let mut r = BufReader::new(r);
        let mut out = Vec::new();
        let err = r.read_to_end(&mut out).err();
        (out, err)
    }

    #[test]
    fn gzip_members_decode_to_their_concatenation() {
        let parts: [&[u8]; 3] = [b"first member\n", b"", b"third, after an empty one\n"];
        let file: Vec<u8> = parts.iter().flat_map(|p| gzip(p)).collect();
        let (out, err) = read_all(GzMembers::new(&file[..]));
        assert!(err.is_none(), "{err:?}");
        assert_eq!(out, parts.concat());
    }

    #[test]
    fn a_damaged_gzip_member_is_named_by_its_byte_and_gives_none_of_its_bytes() {
        let one = gzip(b"the first record, intact\n");
        let two = gzip(&b"the second record, damaged in its middle\n".repeat(50));
        let three = gzip(b"the third record, never read\n");
        let start = one.len();
        let mut garbled = [&one[..], &two, &three].concat();
        let middle = start + two.len() / 2;
        for b in &mut garbled[middle - 4..middle + 4] {
            *b ^= 0x5a;
        }
        let (out, err) = read_all(GzMembers::new(&garbled[..]));
        // Member 2 fails its decoding or its checksum: nothing of it comes out, half an article
        // or a page of garbage, and nothing after it.
        assert_eq!(out, b"the first record, intact\n");
        let err = err.expect("an error").to_string();
        assert!(
            err.starts_with(&format!("corrupt gzip member at byte {start} (")),
            "{err}"
        );

        let cut = [&one[..], &two[..two.len() / 2]].concat();
        let (out, err) = read_all(GzMembers::new(&cut[..]));
        assert_eq!(out, b"the first record, intact\n");
        assert_eq!(
            err.expect("an error").to_string(),
            format!("the archive ends inside the gzip member at byte {start}: it was cut short")
        );
    }

    fn response(uri: &str, extra: &str) -> Vec<u8> {
        let page = "<html><head><title>Harbour reopens</title></head><body><article>\
                    <p>The harbour reopened on Tuesday after the storm, officials said, and \
                    boats were moving again by noon.</p></article></body></html>";
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n{extra}\
             Content-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
        .into_bytes()
    }

    #[test]
    fn a_cut_archive_is_an_error_and_a_page_the_crawler_cut_is_a_skip() {
        let whole = response("https://news.example/a", "");
        let crawler_cut = response("https://news.example/b", "WARC-Truncated: length\r\n");
        let third = response("https://news.example/c", "");
        let archive = [&whole[..], &crawler_cut, &third[..third.len() - 40]].concat();
        let mut reader = WarcReader::new(&archive[..], "x.warc");
        let items: Vec<_> = reader.by_ref().collect();
        assert_eq!(items.len(), 3, "{items:#?}");
        assert!(matches!(&items[0], Ok(Record::Article(a)) if a.id == "https://news.example/a"));
        assert!(matches!(&items[1], Ok(Record::Skipped(s)) if s.reason == SkipReason::Truncated));
        let err = items[2].as_ref().unwrap_err().to_string();
        let at = whole.len() + crawler_cut.len();
        assert!(
            err.starts_with(&format!(
                "x.warc: record 3 at byte {at}: the archive ends after "
            )),
            "{err}"
        );
        assert_eq!(reader.counts().total(), 1);
    }

    #[test]
    fn gzipped_records_are_placed_by_their_member() {
        let one = gzip(&response("https://news.example/a", ""));
        let two = gzip(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n");
        let archive = [&one[..], &two].concat();
        let members = GzMembers::new(&archive[..]);
        let start = members.start.clone();
        let mut reader = WarcReader::new(BufReader::new(members), "x.warc.gz");
        reader.member = Some(start);
        let items: Vec<_> = reader.collect();
        assert!(matches!(&items[0], Ok(Record::Article(_))), "{items:#?}");
        let err = items[1].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "x.warc.gz: record 2 (in the gzip member at byte {}): malformed WARC headers: \
                 no valid Content-Length",
                one.len()
            )),
            "{err}"
        );
    }

    #[test]
    fn a_gzip_member_of_garbage_loses_no_record_after_it() {
        // A member that inflates to a line with no end (2 GB of zeros in the probe) was read
        // on into the next member, whose version line was then mid-line: its record was lost.
        let one = gzip(&response("https://news.example/a", ""));
        let junk = gzip(&vec![b'x'; 200_000]);
        let three = gzip(&response("https://news.example/c", ""));
        let archive = [&one[..], &junk, &three].concat();
        let members = GzMembers::new(&archive[..]);
        let start = members.start.clone();
        let mut reader = WarcReader::new(BufReader::new(members), "x.warc.gz");
        reader.member = Some(start);
        let items: Vec<_> = reader.collect();
        assert_eq!(items.len(), 3, "{items:#?}");
        assert!(matches!(&items[0], Ok(Record::Article(a)) if a.id == "https://news.example/a"));
        let err = items[1].as_ref().unwrap_err().to_string();
        assert!(err.contains("line over 64 KiB"), "{err}");
        assert!(matches!(&items[2], Ok(Record::Article(a)) if a.id == "https://news.example/c"));
    }

    #[test]
    fn a_wrong_content_length_is_blamed_on_its_record_and_reading_goes_on() {
        let one = response("https://news.example/a", "");
        let two = response("https://news.example/b", "");
        let three = response("https://news.example/c", "");
        let declared = |r: &[u8]| {
            let text = String::from_utf8_lossy(r).into_owned();
            let at = text.find("Content-Length: ").unwrap() + "Content-Length: ".len();
            let end = at + text[at..].find('\r').unwrap();
            (text, at, end)
        };
        for delta in [-12i64, 9] {
            let (text, at, end) = declared(&one);
            let len: i64 = text[at..end].parse().unwrap();
            let wrong = format!("{}{}{}", &text[..at], len + delta, &text[end..]).into_bytes();
            let archive = [&wrong[..], &two, &three].concat();
            let items: Vec<_> = WarcReader::new(&archive[..], "x.warc").collect();
            let errors: Vec<String> = items
                .iter()
                .filter_map(|i| i.as_ref().err().map(|e| e.to_string()))
                .collect();
            assert_eq!(errors.len(), 1, "{delta}: {items:#?}");
            assert!(
                errors[0].starts_with(&format!(
                    "x.warc: record 1 at byte 0: its Content-Length ({} bytes) does not end \
                     where the next record starts",
                    len + delta
                )),
                "{delta}: {}",
                errors[0]
            );
            // The reader goes on at the next version line it finds: the second record's when the
            // length fell short of it, the third's when the block ran into the second's.
            let read: Vec<&str> = items
                .iter()
                .filter_map(|i| match i {
                    Ok(Record::Article(a)) => Some(a.id.as_str()),
                    _ => None,
                })
                .collect();
            let after = if delta < 0 { 1 } else { 2 };
            assert_eq!(
                read[1..],
                ["https://news.example/b", "https://news.example/c"][after - 1..],
                "{delta}"
            );
        }
    }

    #[test]
    fn zero_padding_after_the_last_record_is_no_damage() {
        let one = response("https://news.example/a", "");
        let plain = [&one[..], &[0u8; 700]].concat();
        let items: Vec<_> = WarcReader::new(&plain[..], "x.warc").collect();
        assert_eq!(items.len(), 1, "{items:#?}");
        assert!(matches!(&items[0], Ok(Record::Article(_))));

        let packed = [gzip(&one), vec![0u8; 70_000]].concat();
        let (out, err) = read_all(GzMembers::new(&packed[..]));
        assert!(err.is_none(), "{err:?}");
        assert_eq!(out, one);
        // Zeros and then bytes that are no gzip member: an error naming where they start.
        let first = gzip(&one);
        let damaged = [&first[..], &[0u8; 10], b"junk after the padding"].concat();
        let (_, err) = read_all(GzMembers::new(&damaged[..]));
        let err = err.expect("an error").to_string();
        assert!(
            err.starts_with(&format!(
                "corrupt gzip member at byte {} (",
                first.len() + 10
            )),
            "{err}"
        );
    }

    #[test]
    fn a_stream_of_garbage_without_end_is_given_up_on() {
        // A link to /dev/zero named .warc: one error for what is not an archive, then one
        // saying where the reader gave up; it does not read on for ever.
        let zeros = io::BufReader::new(io::repeat(0));
        let items: Vec<_> = WarcReader::new(zeros, "z.warc").collect();
        assert_eq!(items.len(), 2, "{items:#?}");
        let first = items[0].as_ref().unwrap_err().to_string();
        assert!(first.contains("not a WARC archive"), "{first}");
        let last = items[1].as_ref().unwrap_err().to_string();
        assert!(last.contains(": byte "), "{last}");
        assert!(
            last.ends_with(
                "no WARC record in the 64 MiB from here; the rest of the archive was not read"
            ),
            "{last}"
        );
        // Garbage lines with ends, after a good record, are given up on the same way.
        let mut noise = response("https://news.example/a", "");
        noise.extend(b"no record here\n".repeat((MAX_RESYNC_BYTES / 15 + 2) as usize));
        noise.extend(response("https://news.example/b", ""));
        let items: Vec<_> = WarcReader::new(&noise[..], "n.warc").collect();
        assert!(
            matches!(&items[0], Ok(Record::Article(_))),
            "{:?}",
            items[0]
        );
        let last = items.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(last.contains(": byte "), "{last}");
        assert!(
            last.ends_with(
                "no WARC record in the 64 MiB from here; the rest of the archive was not read"
            ),
            "{last}"
        );
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
