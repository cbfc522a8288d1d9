//! Hot-path benchmarks: sentence segmentation, analysis, and the whole pipeline, on the bundled
//! example cluster repeated to the size of a DUC cluster (~10 articles, ~6,000 words); story
//! grouping on a generated pool of 1,000 articles in 100 stories.
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
    let seed = read_folder(&folder)
        .expect("the example cluster is in the repository")
        .cluster;
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

/// A pool of `stories` × 10 articles: each story has its own 30 words (made-up, so that no two
/// stories share one), each article 120 words drawn from its story's words and 40 shared ones,
/// by a fixed linear congruential generator.
fn story_pool(stories: usize) -> Vec<herald::model::Article> {
    const SHARED: &[&str] = &[
        "government",
        "officials",
        "president",
        "minister",
        "country",
        "people",
        "police",
        "report",
        "week",
        "city",
        "national",
        "public",
        "support",
        "leaders",
        "plan",
        "state",
        "group",
        "court",
        "party",
        "talks",
        "market",
        "workers",
        "crisis",
        "meeting",
        "vote",
        "security",
        "health",
        "money",
        "power",
        "region",
        "world",
        "news",
        "agency",
        "team",
        "family",
        "school",
        "water",
        "price",
        "law",
        "border",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n
    };
    let syllables = [
        "ka", "lo", "mi", "ru", "te", "zan", "vor", "pel", "dus", "qi",
    ];
    let mut articles = Vec::new();
    for s in 0..stories {
        let own: Vec<String> = (0..30)
            .map(|w| {
                let mut word: String = (0..3)
                    .map(|k| syllables[(s * 7 + w * 3 + k * 5 + s / 10) % 10])
                    .collect();
                word.push_str(&format!("{s}x{w}"));
                word
            })
            .collect();
        for a in 0..10 {
            let words: Vec<&str> = (0..120)
                .map(|_| {
                    if next(3) == 0 {
                        SHARED[next(SHARED.len())]
                    } else {
                        own[next(own.len())].as_str()
                    }
                })
                .collect();
            articles.push(herald::model::Article {
                id: format!("s{s}-a{a}"),
                title: Some(words[..6].join(" ")),
                text: words
                    .chunks(15)
                    .map(|c| c.join(" ") + ".")
                    .collect::<Vec<_>>()
                    .join(" "),
                ..Default::default()
            });
        }
    }
    articles
}

fn story_benches(c: &mut Criterion) {
    use herald::cluster::stories::{Profile, StoryGrouper};
    let articles = story_pool(100);
    let grouper = StoryGrouper::default();
    let cleaner = Cleaner::default();
    c.bench_function("profile 1,000 articles", |b| {
        b.iter(|| {
            let p: Vec<Profile> = articles
                .iter()
                .map(|a| grouper.profile(a, &cleaner))
                .collect();
            assert!(p.iter().all(|x| !x.is_empty()));
            p
        })
    });
    let profiles: Vec<Profile> = articles
        .iter()
        .map(|a| grouper.profile(a, &cleaner))
        .collect();
    c.bench_function("group 1,000 articles into stories", |b| {
        b.iter(|| {
            let stories = grouper.group(black_box(&profiles));
            // Every story of ten found whole.
            assert_eq!(stories.len(), 100, "{} stories", stories.len());
            stories
        })
    });
}

criterion_group!(pipeline, benches, story_benches);
criterion_main!(pipeline);
