//! Turning command-line paths into clusters, shared by every subcommand that reads articles.

use herald::ingest::{read_article_file, read_folder, read_jsonl};
use herald::model::Cluster;
use std::io::BufReader;
use std::path::Path;

/// Reads every PATH in turn and hands each cluster, or each input error, to `each`. A folder is
/// one cluster, a `.jsonl` file one cluster per line, `-` JSONL on standard input, a `.warc` or
/// `.warc.gz` archive one cluster of its HTML pages, and a single article file a cluster of one.
/// Errors do not stop the reading.
pub fn for_each_cluster(paths: &[String], mut each: impl FnMut(Result<Cluster, herald::Error>)) {
    for p in paths {
        if p == "-" {
            let stdin = std::io::stdin().lock();
            for c in read_jsonl(stdin, "<stdin>") {
                each(c);
            }
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            each(read_folder(path));
            continue;
        }
        let lower = p.to_ascii_lowercase();
        if lower.ends_with(".warc") || lower.ends_with(".warc.gz") {
            each(herald::ingest::warc::read_warc_cluster(path));
            continue;
        }
        let is_jsonl = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
        if is_jsonl {
            match std::fs::File::open(path) {
                Ok(f) => {
                    for c in read_jsonl(BufReader::new(f), p) {
                        each(c);
                    }
                }
                Err(source) => each(Err(herald::Error::Io {
                    path: path.to_owned(),
                    source,
                })),
            }
            continue;
        }
        if !path.exists() {
            each(Err(herald::Error::Io {
                path: path.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            }));
            continue;
        }
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut cluster = Cluster {
            id,
            ..Cluster::default()
        };
        match read_article_file(path) {
            Ok(a) => cluster.articles.push(a),
            Err(s) => cluster.skipped.push(s),
        }
        each(Ok(cluster));
    }
}

/// Reads a JSON configuration file (as `--print-config` writes one) into `T`.
pub fn read_config<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, crate::Failure> {
    let text =
        std::fs::read_to_string(path).map_err(|e| crate::Failure::input(format!("{path}: {e}")))?;
    serde_json::from_str(&text)
        .map_err(|e| crate::Failure::input(format!("{path}: invalid configuration: {e}")))
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
