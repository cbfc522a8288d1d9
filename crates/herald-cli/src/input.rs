//! Turning command-line paths into clusters, shared by every subcommand that reads articles.

use herald::ingest::{read_file_cluster, read_folder, read_jsonl};
use herald::model::Cluster;
use herald::render::printable;
use std::io::BufReader;
use std::path::Path;

/// Reads every PATH in turn and hands each cluster, or each input error, to `each`. A folder is
/// one cluster, a `.jsonl` file one cluster per line (`.jsonl.gz`, and `-` JSONL on standard
/// input, are decompressed if gzipped), a `.warc` or
/// `.warc.gz` archive one cluster of its HTML pages, an `.rss`, `.atom` or `.xml` feed one
/// cluster of its items, a single article file a cluster of one, and an `http(s)://` URL a
/// page or feed fetched from the web (see `fetch`).
/// Errors do not stop the reading. An input that could be read only in part (a folder with a
/// file the system fails to read, a damaged archive) gives its cluster of what was read and
/// then an error for each part that was not, so a caller that stores inputs whole drops it.
pub fn for_each_cluster(paths: &[String], mut each: impl FnMut(Result<Cluster, herald::Error>)) {
    let mut partial = |read: Result<herald::ingest::ClusterRead, herald::Error>| match read {
        Ok(read) => {
            each(Ok(read.cluster));
            read.errors.into_iter().for_each(|e| each(Err(e)));
        }
        Err(e) => each(Err(e)),
    };
    for p in paths {
        if crate::fetch::is_url(p) {
            partial(crate::fetch::read_url_cluster(p).map(whole));
            continue;
        }
        if p == "-" {
            match herald::ingest::gunzipped(BufReader::new(std::io::stdin())) {
                Ok(stdin) => {
                    for c in read_jsonl(stdin, "<stdin>") {
                        partial(c.map(whole));
                    }
                }
                Err(e) => partial(Err(herald::Error::Parse {
                    origin: "<stdin>".into(),
                    message: format!("read error: {e}"),
                })),
            }
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            partial(read_folder(path));
            continue;
        }
        if herald::ingest::is_warc_path(path) {
            partial(herald::ingest::warc::read_warc_cluster(path));
            continue;
        }
        // A feed is one cluster of its items; so is an .xml file, which must then be a feed.
        if herald::ingest::is_feed_path(path) || p.to_ascii_lowercase().ends_with(".xml") {
            partial(herald::ingest::feed::read_feed_cluster(path).map(whole));
            continue;
        }
        if herald::ingest::is_jsonl_path(path) {
            match herald::ingest::open_jsonl(path) {
                Ok(f) => {
                    for c in read_jsonl(f, p) {
                        partial(c.map(whole));
                    }
                }
                Err(source) => partial(Err(herald::Error::Io {
                    path: path.to_owned(),
                    source,
                })),
            }
            continue;
        }
        if !path.exists() {
            partial(Err(herald::Error::Io {
                path: path.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            }));
            continue;
        }
        partial(read_file_cluster(path).map(whole));
    }
}

/// A cluster read whole, with nothing that could not be read.
fn whole(cluster: Cluster) -> herald::ingest::ClusterRead {
    herald::ingest::ClusterRead {
        cluster,
        errors: Vec::new(),
    }
}

/// Refuses PATHs that name standard input (`-`) more than once: it can be read only once, so
/// the second would silently read nothing.
pub fn check_paths(paths: &[String]) -> Result<(), crate::Failure> {
    if paths.iter().filter(|p| p.as_str() == "-").count() > 1 {
        return Err(crate::Failure::input(
            "- (standard input) is given more than once: it can be read only once",
        ));
    }
    Ok(())
}

/// Reads a JSON configuration file (as `--print-config` writes one) into `T`. A key `T` does
/// not know (a misspelt setting, or one from another subcommand) is an error naming it, not a
/// setting silently left at its default.
pub fn read_config<T>(path: &str) -> Result<T, crate::Failure>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let text =
        std::fs::read_to_string(path).map_err(|e| crate::Failure::input(format!("{path}: {e}")))?;
    let invalid =
        |e: serde_json::Error| crate::Failure::input(format!("{path}: invalid configuration: {e}"));
    let given: serde_json::Value = serde_json::from_str(&text).map_err(invalid)?;
    let config: T = serde_json::from_value(given.clone()).map_err(invalid)?;
    // What was understood, written back, holds every key that was read; whatever else was
    // given was ignored. (The configurations default every field and write every field, so
    // nothing known is missing from the round trip.)
    let understood = serde_json::to_value(&config).map_err(invalid)?;
    let mut unknown = Vec::new();
    unknown_keys(&given, &understood, "", &mut unknown);
    if !unknown.is_empty() {
        return Err(crate::Failure::input(format!(
            "{path}: unknown {} {} (--print-config lists every setting)",
            if unknown.len() == 1 {
                "setting"
            } else {
                "settings"
            },
            unknown.join(", ")
        )));
    }
    Ok(config)
}

/// The dotted paths of the object keys in `given` that `understood` lacks.
fn unknown_keys(
    given: &serde_json::Value,
    understood: &serde_json::Value,
    prefix: &str,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    if let (Value::Object(g), Value::Object(u)) = (given, understood) {
        for (key, value) in g {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match u.get(key) {
                Some(known) => unknown_keys(value, known, &path, out),
                None => out.push(format!("{path:?}")),
            }
        }
    }
}

/// Writes `value` as pretty JSON and a newline, and flushes: how `--print-config` and single
/// JSON results are printed.
pub fn write_json<T: serde::Serialize>(
    out: &mut impl std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    out.flush()
}

/// The arguments of the subcommands that pool every article of every input (dedup, cluster).
#[derive(clap::Args, Debug)]
pub struct PoolArgs {
    /// Folders, .jsonl files, feeds, WARC archives, article files, http(s):// URLs of pages or
    /// feeds, or - for JSONL on standard input; all pooled.
    #[arg(required_unless_present = "print_config", value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format: jsonl or text.
    #[arg(long, short = 'f', default_value = "jsonl", value_parser = ["jsonl", "text"])]
    pub format: String,
    /// A JSON file with the subcommand's settings (as printed by --print-config).
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// Print the resolved configuration as JSON and exit.
    #[arg(long)]
    pub print_config: bool,
    #[command(flatten)]
    pub output: crate::output::OutputArg,
}

impl PoolArgs {
    /// The settings: from `--config`, else the defaults. With `--print-config` they are
    /// printed (to standard output or `--output`) and `None` is returned: the command is done.
    pub fn settings<T>(&self) -> Result<Option<T>, crate::Failure>
    where
        T: serde::de::DeserializeOwned + serde::Serialize + Default,
    {
        let config: T = match &self.config {
            Some(path) => read_config(path)?,
            None => T::default(),
        };
        if self.print_config {
            let mut out = self.output.open()?;
            write_json(&mut out, &config)?;
            out.finish()?;
            return Ok(None);
        }
        Ok(Some(config))
    }
}

/// Articles handed from the reader to the workers at a time, when pooling.
const POOL_BATCH: usize = 2048;

/// What pooling every input met: input errors (reported on stderr as they came) and documents
/// skipped with a reason.
#[derive(Debug, Default, Clone, Copy)]
pub struct PoolCounts {
    /// Files, lines or clusters that could not be read.
    pub errors: usize,
    /// Documents skipped with a reason.
    pub skipped: usize,
}

/// A spinner on standard error with `message` and the time elapsed, for a long step without a
/// known length. indicatif draws nothing when standard error is not a terminal, so redirected
/// output and tests see only herald's own lines. Clear it with `finish_and_clear`.
pub fn spinner(message: &str) -> indicatif::ProgressBar {
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    spinner.set_message(message.to_owned());
    spinner
}

/// Reads every article of every input, computes `work(article)` for a batch of them on all
/// cores while the next batch is read, and hands each article, the id of the input cluster it
/// came in and its result to `keep`, in input order, on one thread. Memory holds one batch of
/// texts at a time plus whatever `keep` keeps. Errors and skipped documents go to stderr.
pub fn pool_articles<T: Send>(
    paths: &[String],
    work: impl Fn(&herald::model::Article) -> T + Sync,
    mut keep: impl FnMut(herald::model::Article, &str, T) + Send,
) -> PoolCounts {
    use rayon::prelude::*;
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Cluster>>(2);
    let mut counts = PoolCounts::default();
    // With the running count: a pool of 100,000 articles takes half a minute to read.
    let spinner = spinner("reading articles");
    std::thread::scope(|scope| {
        let work = &work;
        let spinner = &spinner;
        let worker = scope.spawn(move || {
            let mut done = 0usize;
            for batch in receive {
                let articles: Vec<_> = batch
                    .into_iter()
                    .flat_map(|c| {
                        let id = c.id;
                        c.articles.into_iter().map(move |a| (id.clone(), a))
                    })
                    .collect();
                let results: Vec<T> = articles.par_iter().map(|(_, a)| work(a)).collect();
                done += articles.len();
                for ((cluster, a), r) in articles.into_iter().zip(results) {
                    keep(a, &cluster, r);
                }
                spinner.set_message(format!(
                    "{} read",
                    crate::cmd::count(done as u64, "article")
                ));
            }
        });
        let mut batch: Vec<Cluster> = Vec::new();
        let mut size = 0usize;
        for_each_cluster(paths, |cluster| match cluster {
            Ok(c) => {
                counts.skipped += c.skipped.len();
                for s in &c.skipped {
                    eprintln!(
                        "herald: skipped {}: {}",
                        printable(&s.document),
                        printable(&s.reason)
                    );
                }
                size += c.articles.len();
                batch.push(c);
                if size >= POOL_BATCH {
                    size = 0;
                    // The worker only stops early by panicking, which join reports below.
                    let _ = send.send(std::mem::take(&mut batch));
                }
            }
            Err(e) => {
                counts.errors += 1;
                eprintln!("herald: error: {}", printable(&e.to_string()));
            }
        });
        if !batch.is_empty() {
            let _ = send.send(batch);
        }
        drop(send);
        worker.join().expect("pool worker panicked");
        spinner.finish_and_clear();
    });
    counts
}

/// Articles set aside in an unnamed temporary file as they are read, so that a command that
/// must see the whole pool before it can summarize any of it (`summarize --stories`) holds
/// only their positions in memory and reads each article back when it is needed. The file is
/// deleted when the spool is dropped, also on error or interrupt (the operating system removes
/// an unnamed file with its last handle).
pub struct Spool {
    file: std::io::BufWriter<std::fs::File>,
    /// Each article's start and length in the file, in the order they were added.
    spans: Vec<(u64, usize)>,
    end: u64,
}

impl Spool {
    /// An empty spool in the system's temporary folder.
    pub fn new() -> std::io::Result<Self> {
        Ok(Spool {
            file: std::io::BufWriter::new(tempfile::tempfile()?),
            spans: Vec::new(),
            end: 0,
        })
    }

    /// Sets `article` aside as the next article, numbered from 0.
    pub fn push(&mut self, article: &herald::model::Article) -> std::io::Result<()> {
        use std::io::Write;
        let bytes = serde_json::to_vec(article)?;
        self.file.write_all(&bytes)?;
        self.spans.push((self.end, bytes.len()));
        self.end += bytes.len() as u64;
        Ok(())
    }

    /// Reads back the articles numbered `which`, in that order.
    pub fn read(&mut self, which: &[usize]) -> std::io::Result<Vec<herald::model::Article>> {
        use std::io::{Read, Seek, SeekFrom, Write};
        self.file.flush()?;
        let file = self.file.get_mut();
        let mut buf = Vec::new();
        let articles = which
            .iter()
            .map(|&i| {
                let (start, len) = self.spans[i];
                file.seek(SeekFrom::Start(start))?;
                buf.resize(len, 0);
                file.read_exact(&mut buf)?;
                Ok(serde_json::from_slice(&buf)?)
            })
            .collect();
        // Writes go on at the end, wherever the reads left the file position.
        file.seek(SeekFrom::Start(self.end))?;
        articles
    }
}

#[cfg(test)]
mod tests {
    use super::{check_paths, Spool};
    use herald::model::Article;

    fn article(id: &str, text: &str, body_start: usize) -> Article {
        Article {
            id: id.to_owned(),
            title: Some(text[..body_start].trim().to_owned()).filter(|t| !t.is_empty()),
            text: text.to_owned(),
            body_start,
            origin: format!("pool.jsonl:1#{id}"),
            ..Article::default()
        }
    }

    #[test]
    fn standard_input_may_be_named_once() {
        let paths = |ps: &[&str]| ps.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        assert!(check_paths(&paths(&["a.jsonl", "-", "b"])).is_ok());
        // "./-" is a file named "-", not standard input.
        assert!(check_paths(&paths(&["-", "./-"])).is_ok());
        let refused = check_paths(&paths(&["-", "a.jsonl", "-"])).unwrap_err();
        assert_eq!(refused.code, 1);
        assert_eq!(
            refused.message,
            "- (standard input) is given more than once: it can be read only once"
        );
    }

    #[test]
    fn a_spool_gives_back_each_article_as_it_was_set_aside() {
        let a = article("a", "Talks end\nThe “talks” ended — in café.\n", 10);
        let b = article("b#2", "Line one.\r\nLine\ttwo \\ \"quoted\".", 0);
        let c = article("c", "", 0);
        let mut spool = Spool::new().expect("a temporary file");
        spool.push(&a).unwrap();
        spool.push(&b).unwrap();
        assert_eq!(spool.read(&[1, 0]).unwrap(), vec![b.clone(), a.clone()]);
        // Adding after a read appends, and leaves what was there readable.
        spool.push(&c).unwrap();
        assert_eq!(spool.read(&[2, 0, 2]).unwrap(), vec![c.clone(), a, c]);
        assert_eq!(spool.read(&[]).unwrap(), vec![]);
    }
}
