//! Ingest: read articles from folders, article files, JSONL cluster files and standard input.
//!
//! Every input is accounted for. An article that cannot be used becomes a [`Skipped`] entry of
//! its cluster with the reason; a JSONL line that cannot be parsed is an [`Error`] naming the
//! file and line, and the lines after it are still read. A part of an input that cannot be read
//! at all (a file of a folder the system refuses to read, a damaged WARC record) is an error
//! too, returned beside what could be read ([`ClusterRead`]), never a skip: a skip says the
//! input holds something that is not an article, an error that the input is damaged. Input is
//! streamed line by line with a bound on line and file size, so a huge or broken input never
//! fills memory.

use crate::error::{Error, Result};
use crate::model::{Article, Cluster, Skipped};
use serde_json::Value;
use std::fs;
use std::io::{BufRead, Read};
use std::path::Path;

pub mod feed;
pub mod html;
pub mod warc;

/// The largest article file or JSONL line herald reads; larger ones are reported, not loaded.
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// An input read as far as it could be: the cluster of what was read, and an error for each
/// part of it that could not be read (a file of a folder, a damaged record of a WARC archive),
/// naming that part. A caller that stores inputs whole (`herald ingest`) drops the cluster
/// when there is an error; one that only summarizes may use it, reporting the errors.
#[derive(Debug, Default)]
pub struct ClusterRead {
    /// What could be read, with the documents skipped for a reason.
    pub cluster: Cluster,
    /// What could not be read, in input order.
    pub errors: Vec<Error>,
}

/// Reads a folder as one cluster: every `.txt`, `.json` and `.html` file in it is an article,
/// and every item of an `.rss`/`.atom` feed in it, in file-name order. A `.txt` file's first
/// line is its title.
///
/// A file that is no article (another type, binary data, no text, a subfolder) is skipped with
/// the reason. A file the system fails to read (permission denied, a dangling or looping
/// symbolic link, a disk error) is an error in [`ClusterRead::errors`] naming the file.
///
/// Errors: the folder itself cannot be listed.
pub fn read_folder(path: &Path) -> Result<ClusterRead> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let mut entries: Vec<_> = fs::read_dir(path)
        .map_err(io)?
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    entries.sort_by_key(|e| e.file_name());
    let mut cluster = Cluster {
        id: name_of(path),
        ..Cluster::default()
    };
    let mut errors = Vec::new();
    for entry in entries {
        let file = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // A feed is read only when it is a file: a folder named `old.rss` is skipped as a folder
        // is, and a FIFO named `x.rss` would wait for a writer for ever.
        let regular = fs::metadata(&file).map(|m| m.is_file());
        if is_feed_path(&file) && !matches!(regular, Ok(true)) {
            let why = match regular {
                Ok(false) if file.is_dir() => "is a folder, not an article",
                Ok(_) => "not a regular file (a FIFO, socket or device)",
                Err(_) => "",
            };
            if !why.is_empty() {
                cluster.skipped.push(Skipped::new(name, why));
                continue;
            }
        }
        if is_feed_path(&file) {
            // A feed in a story's folder adds its items to the story.
            match feed::read_feed_cluster(&file) {
                Ok(c) => {
                    cluster.articles.extend(c.articles);
                    cluster.skipped.extend(c.skipped);
                }
                Err(e @ Error::Io { .. }) => errors.push(e),
                // Not a feed it can read: a file that is no article, as in a folder elsewhere.
                Err(e) => cluster.skipped.push(Skipped::new(name, e.to_string())),
            }
            continue;
        }
        match read_file(&file) {
            Ok(FileContent::Article(article)) => cluster.articles.push(article),
            // A cluster file in a story's folder (as `GET /api/example` returns one) adds its
            // documents to the story, as a feed adds its items.
            Ok(FileContent::Cluster(c)) => {
                cluster.articles.extend(c.articles);
                cluster.skipped.extend(c.skipped);
            }
            Err(Unusable::Skipped(skipped)) => cluster.skipped.push(skipped),
            // The folder holds the file but it cannot be read: the input is damaged, not merely
            // holding something that is no article, and the caller must be able to tell.
            Err(Unusable::Io(e)) => errors.push(e),
        }
    }
    make_ids_unique(&mut cluster.articles);
    Ok(ClusterRead { cluster, errors })
}

/// Reads one file given on its own as a cluster: a `.json` file holding a cluster object
/// (`{"id", "documents": [...]}`, the JSONL line format and what `GET /api/example` returns, or
/// a `POST /api/summarize` body: `{"cluster": {...}}` or `{"articles": [...]}`) is
/// that cluster; any other article file is a cluster of one named after the file, or of none
/// with the reason it was skipped.
///
/// Errors: the system fails to read the file (permission denied, a disk error).
pub fn read_file_cluster(path: &Path) -> Result<Cluster> {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cluster = Cluster {
        id,
        ..Cluster::default()
    };
    match read_file(path) {
        Ok(FileContent::Article(a)) => cluster.articles.push(a),
        Ok(FileContent::Cluster(c)) => cluster = c,
        Err(Unusable::Skipped(s)) => cluster.skipped.push(s),
        Err(Unusable::Io(e)) => return Err(e),
    }
    Ok(cluster)
}

/// What one input file holds.
enum FileContent {
    Article(Article),
    Cluster(Cluster),
}

/// Why one input file gave nothing.
enum Unusable {
    /// It is no article, for this reason: another type, binary data, no text.
    Skipped(Skipped),
    /// The system failed to read it.
    Io(Error),
}

impl From<Skipped> for Unusable {
    fn from(s: Skipped) -> Self {
        Unusable::Skipped(s)
    }
}

/// Hands out document ids unique within one cluster or pool: an id seen before gets `#2`, `#3`,
/// ... appended (an archive with one URL twice, a feed that reuses a guid, two input files that
/// both number their articles `d1`), so that two documents never share an id.
#[derive(Debug, Default)]
pub struct UniqueIds(std::collections::HashSet<String>);

impl UniqueIds {
    /// `id`, or the first of `id#2`, `id#3`, ... not handed out yet.
    pub fn claim(&mut self, id: String) -> String {
        let mut candidate = id.clone();
        let mut n = 1;
        while !self.0.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{id}#{n}");
        }
        candidate
    }
}

/// Renames articles whose id another article of the cluster already has (`a`, `a#2`), so that
/// every summary sentence names exactly one source: a folder with `a.txt` and `a.html`, or a
/// JSON cluster that repeats an id, a pool of several inputs.
pub fn make_ids_unique(articles: &mut [Article]) {
    let mut ids = UniqueIds::default();
    for a in articles {
        a.id = ids.claim(std::mem::take(&mut a.id));
    }
}

/// Whether `path` names an RSS or Atom feed by its extension (`.rss`, `.atom`).
pub fn is_feed_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("rss") || e.eq_ignore_ascii_case("atom"))
}

/// Reads one article file (`.txt`, `.json`, or `.html`/`.htm` through [`html::extract`]), or says
/// why it cannot be used. A `.json` file holding a whole cluster is not one article: it is
/// skipped with that reason here; [`read_file_cluster`] and [`read_folder`] read its documents.
/// A file the system fails to read is reported as `unreadable` with the system's reason.
pub fn read_article_file(path: &Path) -> std::result::Result<Article, Skipped> {
    let name = || {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let content = match read_file(path) {
        Ok(content) => content,
        Err(Unusable::Skipped(s)) => return Err(s),
        Err(Unusable::Io(Error::Io { source, .. })) => {
            return Err(Skipped::new(name(), format!("unreadable: {source}")))
        }
        Err(Unusable::Io(e)) => return Err(Skipped::new(name(), e.to_string())),
    };
    match content {
        FileContent::Article(a) => Ok(a),
        FileContent::Cluster(c) => Err(Skipped::new(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            format!(
                "holds a cluster of {} document(s), not one article",
                c.articles.len() + c.skipped.len()
            ),
        )),
    }
}

/// The article a `.txt` file holds: its first line is the title, the rest the body, and the
/// text is the whole file (so offsets point into the file and a store hashes what was read).
/// A file of one line (a pasted paragraph, a one-sentence note) has nothing below its title:
/// that line is then the body, so it is summarized rather than skipped as empty. It is not
/// also the title, which the cleaner would remove from the body as a repeated headline.
pub fn article_from_txt(id: String, text: String, origin: String) -> Article {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let title = text[..first_line_end]
        .trim()
        .trim_start_matches('\u{feff}')
        .trim();
    let one_line = !has_words(&text[first_line_end..]);
    let body_start = if one_line { 0 } else { first_line_end };
    Article {
        id,
        title: (!title.is_empty() && !one_line).then(|| title.to_owned()),
        date: None,
        body_start,
        text,
        origin,
        ..Article::default()
    }
}

fn read_file(path: &Path) -> std::result::Result<FileContent, Unusable> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let id = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    let skip = |reason: String| Skipped::new(name.clone(), reason);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let io = |source| {
        Unusable::Io(Error::Io {
            path: path.to_owned(),
            source,
        })
    };
    // Through symbolic links: a link to an article is that article, and a link to nothing is
    // a file that cannot be read, as the error says.
    let meta = fs::metadata(path);
    if meta.as_ref().is_ok_and(|m| m.is_dir()) {
        return Err(skip("is a folder, not an article".into()).into());
    }
    if is_jsonl_path(path) || is_warc_path(path) {
        // Read when given as a PATH of its own; in a folder it would be one article.
        return Err(skip(
            "a cluster file (.jsonl, .warc), not an article: give it as a path of its own".into(),
        )
        .into());
    }
    if !matches!(ext.as_str(), "txt" | "json" | "html" | "htm") {
        return Err(skip(format!(
            "unsupported file type {:?} (expected .txt, .json, .html, or a .rss/.atom feed)",
            ext
        ))
        .into());
    }
    if !meta.map_err(io)?.is_file() {
        // A FIFO, socket or device: opening a FIFO would wait for a writer for ever, and a
        // device may never end.
        return Err(skip("not a regular file (a FIFO, socket or device)".into()).into());
    }
    let bytes = read_bounded(path).map_err(io)?.map_err(skip)?;
    let text = decode(&bytes).map_err(skip)?;
    let origin = path.display().to_string();
    let article = match ext.as_str() {
        "txt" => article_from_txt(id, text, origin),
        "json" => {
            let value: Value =
                serde_json::from_str(&text).map_err(|e| skip(format!("invalid JSON: {e}")))?;
            // A body for `POST /api/summarize` saved to a file holds its cluster under
            // "cluster", or its articles under "articles": the cluster it asks to summarize.
            let value = match (
                value.get("text"),
                value.get("cluster"),
                value.get("articles"),
            ) {
                (None, Some(cluster @ Value::Object(_)), _) => cluster.clone(),
                (None, None, Some(articles @ Value::Array(_))) => {
                    serde_json::json!({"documents": articles})
                }
                _ => value,
            };
            if value.get("documents").is_some() {
                // A cluster object, not an article: read as the cluster it is, named after the
                // file when it has no id of its own.
                let mut value = value;
                if let Some(obj) = value.as_object_mut() {
                    let named = matches!(obj.get("id"), Some(Value::String(s)) if !s.is_empty())
                        || matches!(obj.get("id"), Some(Value::Number(_)));
                    if !named {
                        obj.insert("id".into(), Value::String(id.clone()));
                    }
                }
                return parse_cluster_value(&value, &origin)
                    .map(FileContent::Cluster)
                    .map_err(|e| skip(e.to_string()).into());
            }
            article_from_json(&value, &id, origin).map_err(skip)?
        }
        _ => {
            let page = html::decode(&bytes, None).map_err(skip)?;
            html::article_from_html(&id, &page, origin, None).map_err(skip)?
        }
    };
    if !has_words(article.body()) {
        return Err(skip("empty: no text".into()).into());
    }
    Ok(FileContent::Article(article))
}

/// Reads a file of at most [`MAX_INPUT_BYTES`]. The outer error is the system's (the file
/// cannot be read); the inner one says the file is too large to be an article.
pub(crate) fn read_bounded(path: &Path) -> std::io::Result<std::result::Result<Vec<u8>, String>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Ok(Err(format!(
            "too large: over {} MiB",
            MAX_INPUT_BYTES >> 20
        )));
    }
    Ok(Ok(bytes))
}

/// Decodes article bytes: UTF-8 (or UTF-16 with a byte-order mark); text that is not valid
/// UTF-8 is read as Windows-1252, the usual encoding of older news pages. Binary data is refused.
fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(format!("not readable as {}", encoding.name()));
        }
        return Ok(text.into_owned());
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err("not text: binary data".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let controls = text
                .chars()
                .filter(|c| c.is_control() && !c.is_whitespace())
                .count();
            if controls * 20 > text.chars().count() {
                return Err("not text: invalid UTF-8 and mostly control characters".into());
            }
            Ok(text.into_owned())
        }
    }
}

fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

fn name_of(path: &Path) -> String {
    path.canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// An article from a JSON object with `text` (or `html`, run through [`html::extract`]) and
/// optional `id`, `title`, `date`, `url`, `site`, `author`.
fn article_from_json(
    value: &Value,
    default_id: &str,
    origin: String,
) -> std::result::Result<Article, String> {
    let obj = value.as_object().ok_or("not a JSON object")?;
    let field = |name: &str| -> std::result::Result<Option<String>, String> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) if name == "id" => Ok(Some(n.to_string())),
            Some(other) => Err(format!(
                "field {name:?} should be a string, not {}",
                kind(other)
            )),
        }
    };
    let id = field("id")?
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| default_id.to_owned());
    let text = match (field("text")?, obj.get("html")) {
        (Some(t), _) => t,
        (None, Some(Value::String(page))) => {
            let url = field("url")?;
            let mut article = html::article_from_html(&id, page, origin, url.as_deref())?;
            // What the JSON states outright beats what was guessed from the page.
            let given = |f: &str| field(f).map(|v| v.filter(|s| !s.trim().is_empty()));
            article.title = given("title")?.or(article.title);
            article.date = given("date")?.and_then(|d| read_date(&d)).or(article.date);
            article.url = url.or(article.url);
            article.site = given("site")?.or(article.site);
            article.author = given("author")?.or(article.author);
            return Ok(article);
        }
        (None, _) => return Err("no \"text\" field".into()),
    };
    Ok(Article {
        id,
        title: field("title")?.filter(|t| !t.trim().is_empty()),
        date: field("date")?.and_then(|d| read_date(&d)),
        text,
        body_start: 0,
        origin,
        url: field("url")?,
        site: field("site")?,
        author: field("author")?,
    })
}

/// A date as a JSON document gives it: an ISO date (or timestamp) as it is, a feed's or a
/// page's way of writing one (`Mon, 01 Jul 2024 10:00:00 GMT`, `July 1, 2024`) as its ISO
/// day ([`html::normalize_date`]), nothing for an empty string, and anything else as given
/// (the store reports it as a date it could not read).
fn read_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    // `day_number` reads the first ten bytes only: a timestamp is a day too.
    if crate::cluster::tracker::day_number(raw).is_some() {
        return Some(raw.to_owned());
    }
    Some(html::normalize_date(raw).unwrap_or_else(|| raw.to_owned()))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses one JSONL line as a cluster. `origin` names the file and line for messages.
pub fn parse_cluster_line(line: &str, origin: &str) -> Result<Cluster> {
    let value: Value = serde_json::from_str(line).map_err(|e| Error::Parse {
        origin: origin.to_owned(),
        message: format!("invalid JSON: {e}"),
    })?;
    parse_cluster_value(&value, origin)
}

/// An id for an article that came without one, made from its text: 16 hex digits of its
/// SHA-256. The same text always gets the same id, so reading it again finds it unchanged, and
/// different texts never share one, as ids by position would across inputs (the first article
/// of today's batch is not a version of yesterday's first).
pub fn content_id(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads an already parsed JSON value as a cluster, with the same rules and messages as
/// [`parse_cluster_line`]: for a cluster that arrives inside a larger JSON document (an HTTP
/// request body, for example).
pub fn parse_cluster_value(value: &Value, origin: &str) -> Result<Cluster> {
    let parse_err = |message: String| Error::Parse {
        origin: origin.to_owned(),
        message,
    };
    let obj = value
        .as_object()
        .ok_or_else(|| parse_err(format!("expected a cluster object, found {}", kind(value))))?;
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(parse_err("cluster has no \"id\" string".into())),
    };
    let docs = match obj.get("documents") {
        Some(Value::Array(d)) => d,
        _ => {
            return Err(parse_err(format!(
                "cluster {id:?} has no \"documents\" array"
            )))
        }
    };
    let mut cluster = Cluster {
        id: id.clone(),
        ..Cluster::default()
    };
    for (k, doc) in docs.iter().enumerate() {
        let default_id = format!("{id}#{}", k + 1);
        let doc_origin = format!("{origin}: document {}", k + 1);
        match article_from_json(doc, &default_id, doc_origin) {
            Ok(a) if !has_words(&a.text) => {
                cluster.skipped.push(Skipped::new(a.id, "empty: no text"))
            }
            Ok(a) => cluster.articles.push(a),
            Err(reason) => {
                let name = doc.get("id").and_then(Value::as_str).unwrap_or(&default_id);
                cluster.skipped.push(Skipped::new(name, reason));
            }
        }
    }
    make_ids_unique(&mut cluster.articles);
    if let Some(Value::Array(refs)) = obj.get("references") {
        cluster.references = refs
            .iter()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect();
    }
    Ok(cluster)
}

/// Whether `path` names a JSONL file: `.jsonl`, or `.jsonl.gz` as datasets are shipped (any
/// case). Such a file is opened with [`open_jsonl`].
pub fn is_jsonl_path(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
}

/// Whether `path` names a WARC archive (`.warc`, `.warc.gz`, any case), which
/// [`warc::read_warc_cluster`] reads.
pub fn is_warc_path(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Opens a JSONL file for [`read_jsonl`], decompressing it as it is read when it is gzipped
/// (known by its first two bytes, whatever its name says). See [`gunzipped`].
pub fn open_jsonl(path: &Path) -> std::io::Result<Box<dyn BufRead + Send>> {
    let file = std::io::BufReader::with_capacity(1 << 16, fs::File::open(path)?);
    gunzipped(file)
}

/// `reader` as text: decompressed as it is read when its first bytes are gzip's magic number
/// (every member of a multi-member stream, as `zcat` reads it), else as it is. Memory stays
/// bounded by the decoder's window, whatever the size of the file.
pub fn gunzipped<R: BufRead + Send + 'static>(
    mut reader: R,
) -> std::io::Result<Box<dyn BufRead + Send>> {
    if reader.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        let decoder = flate2::bufread::MultiGzDecoder::new(reader);
        return Ok(Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            decoder,
        )));
    }
    Ok(Box::new(reader))
}

/// Streams clusters from JSONL. Blank lines are ignored; each other line yields a cluster or an
/// error naming `name:line`, and reading goes on after an error. JSONL is UTF-8; a byte-order
/// mark opening the stream is passed over. A stream that opens with a UTF-16 byte-order mark
/// yields one error naming `name` and ends: each of its lines would be another error. So does a
/// stream holding a NUL byte, which JSON text never holds (a binary file, compressed data that
/// was not recognised, a device such as `/dev/zero`), and one that cannot be read on.
pub fn read_jsonl<R: BufRead>(reader: R, name: &str) -> JsonlReader<R> {
    JsonlReader {
        reader,
        name: name.to_owned(),
        line: 0,
        buf: Vec::new(),
        done: false,
    }
}

/// Iterator over the clusters of a JSONL stream; see [`read_jsonl`].
#[derive(Debug)]
pub struct JsonlReader<R> {
    reader: R,
    name: String,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Cluster>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            self.buf.clear();
            self.line += 1;
            let origin = format!("{}:{}", self.name, self.line);
            if self.line == 1 {
                // Looked for before the line is read: UTF-16 text is full of NUL bytes.
                let start = self
                    .reader
                    .fill_buf()
                    .map(|b| b.get(..2) == Some(b"\xff\xfe") || b.get(..2) == Some(b"\xfe\xff"));
                if start.unwrap_or(false) {
                    // Not one bad line but a whole file in another encoding: one error, here.
                    self.done = true;
                    return Some(Err(Error::Parse {
                        origin: self.name.clone(),
                        message: "UTF-16 text; herald reads JSONL as UTF-8 (convert it, e.g. \
                                  iconv -f UTF-16 -t UTF-8)"
                            .into(),
                    }));
                }
            }
            match read_line_bounded(&mut self.reader, &mut self.buf, MAX_INPUT_BYTES) {
                Ok(LineRead::Eof) => return None,
                Ok(LineRead::TooLong) => {
                    return Some(Err(Error::Parse {
                        origin,
                        message: format!("line longer than {} MiB", MAX_INPUT_BYTES >> 20),
                    }))
                }
                Ok(LineRead::Line) => {}
                Ok(LineRead::Binary) => {
                    // Every line after it would be another error, and a device never ends.
                    self.done = true;
                    return Some(Err(Error::Parse {
                        origin,
                        message: "binary data (a NUL byte), not JSONL text; the rest was not \
                                  read"
                            .into(),
                    }));
                }
                Err(e) => {
                    // A read error (a damaged gzip stream, a disk error) is not one bad line:
                    // reading on would give the same error again, or garbage.
                    self.done = true;
                    return Some(Err(Error::Parse {
                        origin,
                        message: format!("read error: {e}; the rest was not read"),
                    }));
                }
            }
            if self.line == 1 {
                // Editors on Windows open UTF-8 files with a byte-order mark; it is no JSON.
                if self.buf.starts_with(b"\xef\xbb\xbf") {
                    self.buf.drain(..3);
                }
            }
            let Ok(line) = std::str::from_utf8(&self.buf) else {
                return Some(Err(Error::Parse {
                    origin,
                    message: "line is not valid UTF-8".into(),
                }));
            };
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            return Some(parse_cluster_line(line, &origin));
        }
    }
}

enum LineRead {
    Line,
    TooLong,
    /// A NUL byte was met: the stream is not text.
    Binary,
    Eof,
}

/// Reads up to and including the next newline into `buf`, keeping at most `max` bytes; the rest
/// of an over-long line is consumed and dropped. Stops at the first chunk holding a NUL byte.
fn read_line_bounded<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<LineRead> {
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if !any {
                LineRead::Eof
            } else if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line
            });
        }
        any = true;
        let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if chunk[..used].contains(&0) {
            return Ok(LineRead::Binary);
        }
        if !too_long {
            if buf.len() + used > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..used]);
            }
        }
        r.consume(used);
        if done {
            return Ok(if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_get_numbered() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a".into()), "a");
        assert_eq!(ids.claim("a".into()), "a#2");
        assert_eq!(ids.claim("b".into()), "b");
        assert_eq!(ids.claim("a".into()), "a#3");
    }

    #[test]
    fn dates_in_json_are_read_as_days_where_they_can_be() {
        let line = r#"{"id":"c","documents":[
            {"id":"a","text":"One.","date":"2024-07-01T10:00:00Z"},
            {"id":"b","text":"Two.","date":"Mon, 01 Jul 2024 10:00:00 GMT"},
            {"id":"c","text":"Three.","date":"July 1, 2024"},
            {"id":"d","text":"Four.","date":"  "},
            {"id":"e","text":"Five.","date":"last week"}]}"#
            .replace('\n', "");
        let c = parse_cluster_line(&line, "f:1").unwrap();
        let dates: Vec<Option<&str>> = c.articles.iter().map(|a| a.date.as_deref()).collect();
        assert_eq!(
            dates,
            [
                Some("2024-07-01T10:00:00Z"),
                Some("2024-07-01"),
                Some("2024-07-01"),
                None,
                Some("last week")
            ]
        );
    }

    #[test]
    fn every_article_of_a_cluster_gets_its_own_id() {
        let line = r#"{"id":"c","documents":[{"id":"a","text":"One."},{"id":"a","text":"Two."},{"id":"","text":"Three."},{"text":"Four."}]}"#;
        let c = parse_cluster_line(line, "f:1").unwrap();
        let ids: Vec<&str> = c.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "a#2", "c#3", "c#4"]);
    }

    #[test]
    fn jsonl_errors_name_the_line_and_reading_goes_on() {
        let input = "{\"id\":\"a\",\"documents\":[{\"id\":\"d1\",\"text\":\"Some words here.\"}]}\nnot json\n\n{\"id\":\"b\",\"documents\":[]}\n";
        let got: Vec<_> = read_jsonl(input.as_bytes(), "x.jsonl").collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().id, "a");
        let err = got[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("x.jsonl:2: invalid JSON"), "{err}");
        assert_eq!(got[2].as_ref().unwrap().id, "b");
    }

    #[test]
    fn bad_documents_are_skipped_with_reasons() {
        let line = r#"{"id":"c","documents":[{"id":"ok","text":"Real text."},{"id":"e","text":"  "},{"id":"n","text":5},{"title":"x"}],"references":["r1"]}"#;
        let c = parse_cluster_line(line, "f:1").unwrap();
        assert_eq!(c.articles.len(), 1);
        assert_eq!(c.references, ["r1"]);
        let reasons: Vec<(&str, &str)> = c
            .skipped
            .iter()
            .map(|s| (s.document.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                ("e", "empty: no text"),
                ("n", "field \"text\" should be a string, not a number"),
                ("c#4", "no \"text\" field")
            ]
        );
    }

    #[test]
    fn over_long_lines_are_reported_and_skipped() {
        let mut input = vec![b'x'; 100];
        input.extend_from_slice(b"\nab\n");
        let mut r = &input[..];
        let mut buf = Vec::new();
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 10).unwrap(),
            LineRead::TooLong
        ));
        buf.clear();
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 10).unwrap(),
            LineRead::Line
        ));
        assert_eq!(buf, b"ab\n");
        buf.clear();
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 10).unwrap(),
            LineRead::Eof
        ));
    }

    #[test]
    fn binary_data_in_jsonl_is_one_error_and_reading_stops() {
        let line = r#"{"id":"a","documents":[{"id":"d1","text":"Some words here."}]}"#;
        let mut input = format!("{line}\n").into_bytes();
        input.extend_from_slice(&[0u8; 100]);
        input.extend_from_slice(format!("\n{line}\n").as_bytes());
        let got: Vec<_> = read_jsonl(&input[..], "x.jsonl").collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].is_ok());
        let err = got[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("x.jsonl:2: binary data"), "{err}");
        // A stream of NULs without end (a link to /dev/zero) ends at its first chunk.
        let zeros = std::io::BufReader::new(std::io::repeat(0));
        let got: Vec<_> = read_jsonl(zeros, "z.jsonl").collect();
        assert_eq!(got.len(), 1);
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn gzipped_jsonl_is_read_as_its_text_and_a_cut_one_ends_with_one_error() {
        let a = r#"{"id":"a","documents":[{"id":"d1","text":"Some words here."}]}"#;
        let b = r#"{"id":"b","documents":[{"id":"d1","text":"Other words here."}]}"#;
        // Two members, as `cat a.gz b.gz` makes: both read.
        let mut bytes = gzip(format!("{a}\n").as_bytes());
        bytes.extend(gzip(format!("{b}\n").as_bytes()));
        let read = |bytes: Vec<u8>| -> Vec<Result<Cluster>> {
            read_jsonl(
                gunzipped(std::io::Cursor::new(bytes)).unwrap(),
                "x.jsonl.gz",
            )
            .collect()
        };
        let ids: Vec<String> = read(bytes.clone())
            .into_iter()
            .map(|c| c.unwrap().id)
            .collect();
        assert_eq!(ids, ["a", "b"]);
        // Plain text passes through untouched.
        let plain = read(format!("{a}\n").into_bytes());
        assert_eq!(plain.len(), 1);
        assert!(plain[0].is_ok());
        // Cut inside the second member: the first line, then one error, then nothing.
        bytes.truncate(bytes.len() - 10);
        let got = read(bytes);
        assert!(got[0].is_ok(), "{got:?}");
        assert_eq!(got.len(), 2, "{got:?}");
        let err = got[1].as_ref().unwrap_err().to_string();
        assert!(
            err.contains("read error") && err.ends_with("the rest was not read"),
            "{err}"
        );
    }

    #[test]
    fn jsonl_paths_are_told_by_their_names() {
        for yes in ["a.jsonl", "A.JSONL", "dir/x.jsonl.gz", "x.JSONL.GZ"] {
            assert!(is_jsonl_path(Path::new(yes)), "{yes}");
        }
        for no in ["a.json", "a.gz", "a.warc.gz", "jsonl", "a.jsonl.bak"] {
            assert!(!is_jsonl_path(Path::new(no)), "{no}");
        }
        // In a folder, such a file is named for what it is, not as an unknown type.
        let dir = std::env::temp_dir().join(format!("herald-cluster-files-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for name in ["pool.jsonl", "crawl.warc.gz"] {
            fs::write(dir.join(name), "{}\n").unwrap();
        }
        let read = read_folder(&dir).unwrap();
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(read.cluster.skipped.len(), 2);
        for s in &read.cluster.skipped {
            assert!(s.reason.contains("give it as a path of its own"), "{s:?}");
        }
    }

    #[test]
    fn a_utf8_byte_order_mark_opening_jsonl_is_passed_over() {
        let line = r#"{"id":"a","documents":[{"id":"d1","text":"Some words here."}]}"#;
        let input = format!("\u{feff}{line}\n{line}\n");
        let got: Vec<_> = read_jsonl(input.as_bytes(), "x.jsonl").collect();
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|c| c.as_ref().is_ok_and(|c| c.id == "a")));
        // Only at the start of the stream: further on it is a broken line like any other.
        let input = format!("{line}\n\u{feff}{line}\n");
        let got: Vec<_> = read_jsonl(input.as_bytes(), "x.jsonl").collect();
        assert!(got[1].as_ref().is_err());
    }

    #[test]
    fn utf16_jsonl_is_one_error_naming_the_file() {
        let text = "{\"id\":\"a\",\"documents\":[]}\n{\"id\":\"b\",\"documents\":[]}\n";
        for (bom, unit) in [
            ([0xff, 0xfe], u16::to_le_bytes as fn(u16) -> [u8; 2]),
            ([0xfe, 0xff], u16::to_be_bytes),
        ] {
            let bytes: Vec<u8> = bom
                .into_iter()
                .chain(text.encode_utf16().flat_map(unit))
                .collect();
            let got: Vec<String> = read_jsonl(&bytes[..], "wide.jsonl")
                .map(|c| c.unwrap_err().to_string())
                .collect();
            assert_eq!(
                got,
                [
                    "wide.jsonl: UTF-16 text; herald reads JSONL as UTF-8 (convert it, e.g. \
                  iconv -f UTF-16 -t UTF-8)"
                ]
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_file_of_a_folder_that_cannot_be_read_is_an_error_and_the_rest_is_read() {
        let dir = std::env::temp_dir().join(format!("herald-folder-io-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub.txt")).unwrap();
        fs::write(
            dir.join("a.txt"),
            "Title\nThe ferry caught fire, officials said.\n",
        )
        .unwrap();
        fs::write(dir.join("notes.pdf"), "%PDF").unwrap();
        std::os::unix::fs::symlink("nowhere.txt", dir.join("b.txt")).unwrap();
        std::os::unix::fs::symlink("loop.txt", dir.join("loop.txt")).unwrap();
        // A link to nothing with a type herald does not read is skipped for its type.
        std::os::unix::fs::symlink("nowhere.pdf", dir.join("c.pdf")).unwrap();
        let read = read_folder(&dir).unwrap();
        let ids: Vec<&str> = read
            .cluster
            .articles
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(ids, ["a"]);
        let skipped: Vec<&str> = read
            .cluster
            .skipped
            .iter()
            .map(|s| s.document.as_str())
            .collect();
        assert_eq!(skipped, ["c.pdf", "notes.pdf", "sub.txt"]);
        let errors: Vec<String> = read.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].starts_with(&format!("{}: ", dir.join("b.txt").display())),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with(&format!("{}: ", dir.join("loop.txt").display())),
            "{errors:?}"
        );
        // Given on its own, such a file is an error too.
        assert!(read_file_cluster(&dir.join("loop.txt")).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn decodes_utf8_latin1_and_refuses_binary() {
        assert_eq!(decode("héllo".as_bytes()).unwrap(), "héllo");
        assert_eq!(decode(b"caf\xe9 au lait").unwrap(), "café au lait");
        assert!(decode(b"\x00\x01\x02binary")
            .unwrap_err()
            .starts_with("not text"));
        assert_eq!(decode(b"\xef\xbb\xbfbom").unwrap(), "bom");
    }
}
