//! Hot-path benchmarks: sentence segmentation, analysis, and the whole pipeline, on the bundled
//! example cluster repeated to the size of a DUC cluster (~10 articles, ~6,000 words).
//!
//! `cargo bench -p herald --bench pipeline`. Each benchmark also checks its result, so a
//! faster but broken build cannot pass unnoticed.

use criterion::{criterion_group, criterion_main, Criterion};
use herald::analyze::document::AnalyzedCluster;
use herald::analyze::segment::sentences;
use herald::clean::Cleaner;
use herald::ingest::read_folder;
use herald::model::Cluster;
use herald::{Budget, Config, Pipeline};
use std::hint::black_box;
use std::path::Path;

/// The example cluster, its articles repeated with new ids until it holds ten.
fn duc_sized() -> Cluster {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/g20-syria");
    let seed = read_folder(&folder).expect("the example cluster is in the repository");
    let mut cluster = Cluster {
        id: "bench".into(),
        ..Cluster::default()
    };
    for (k, a) in seed.articles.iter().cycle().take(10).enumerate() {
        let mut a = a.clone();
        a.id = format!("{}-{k}", a.id);
        cluster.articles.push(a);
    }
    cluster
}

fn benches(c: &mut Criterion) {
    let cluster = duc_sized();
    let words: usize = cluster
        .articles
        .iter()
        .map(|a| a.text.split_whitespace().count())
        .sum();
    assert!(words > 5_000, "bench cluster too small: {words} words");

    let text: String = cluster
        .articles
        .iter()
        .map(|a| a.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    c.bench_function("segment 10 articles", |b| {
        b.iter(|| {
            let n = sentences(black_box(&text)).len();
            assert!(n > 200);
            n
        })
    });

    let cleaner = Cleaner::default();
    c.bench_function("clean + analyze 10 articles", |b| {
        b.iter(|| {
            let a = AnalyzedCluster::new(black_box(&cluster), &cleaner);
            assert!(a.sentences.len() > 200);
            a.tokens.len()
        })
    });

    let pipeline = Pipeline::new(Config {
        budget: Budget::Words(100),
        ..Config::default()
    });
    c.bench_function("summarize 10 articles, 100 words", |b| {
        b.iter(|| {
            let s = pipeline.summarize(black_box(&cluster));
            assert!(!s.sentences.is_empty() && s.summary.split_whitespace().count() <= 100);
            s
        })
    });
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
