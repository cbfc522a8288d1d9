//! Shows what herald's clean stage keeps and removes, article by article.
//!
//! `cargo run -p herald --example clean -- FOLDER` prints each article's title, its prose
//! paragraphs (`+`) and the furniture removed with the reason (`-`).

use herald::clean::Cleaner;
use herald::ingest::read_folder;
use std::path::Path;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: clean FOLDER");
        std::process::exit(1);
    };
    let cluster = match read_folder(Path::new(&path)) {
        Ok(read) => {
            // What could not be read is said, and the rest is still shown.
            for e in &read.errors {
                eprintln!("error: {e}");
            }
            read.cluster
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let cleaner = Cleaner::default();
    for article in &cluster.articles {
        let cleaned = cleaner.clean(article);
        println!("== {} | title: {:?}", article.id, cleaned.title);
        let mut items: Vec<(usize, String)> = cleaned
            .paragraphs
            .iter()
            .map(|r| (r.start, format!("+ {}", &article.text[r.clone()])))
            .collect();
        items.extend(cleaned.removed.iter().map(|r| {
            (
                r.span.start,
                format!("- [{:?}] {}", r.reason, &article.text[r.span.clone()]),
            )
        }));
        items.sort();
        for (_, line) in items {
            println!("{line}");
        }
    }
    for s in &cluster.skipped {
        println!("skipped {}: {}", s.document, s.reason);
    }
}
