//! Property tests: whatever the input, herald does not panic, stays within budget, and quotes
//! its sources exactly.

use herald::ingest::parse_cluster_line;
use herald::model::{Article, Cluster};
use herald::{Budget, Config, Pipeline};
use proptest::prelude::*;

fn cluster_of(texts: Vec<String>) -> Cluster {
    Cluster {
        id: "p".into(),
        articles: texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| Article {
                id: format!("d{i}"),
                title: None,
                body_start: 0,
                text,
                ..Article::default()
            })
            .collect(),
        ..Cluster::default()
    }
}

fn check(cluster: &Cluster, budget: Budget) {
    check_with(cluster, budget, false);
    check_with(cluster, budget, true);
}

/// [`check`] with compressive extraction off or on: a compressed sentence shows exactly its
/// kept spans, joined by the display rule.
fn check_with(cluster: &Cluster, budget: Budget, compress: bool) {
    let summary = Pipeline::new(Config {
        budget,
        compress: herald::summarize::compress::CompressConfig {
            enabled: compress,
            ..Default::default()
        },
        ..Config::default()
    })
    .summarize(cluster);
    for s in &summary.sentences {
        let article = cluster
            .articles
            .iter()
            .find(|a| a.id == s.document)
            .unwrap();
        if s.spans.is_empty() {
            assert_eq!(&article.text[s.start..s.end], s.text);
        } else {
            let spans: Vec<_> = s.spans.iter().map(|r| r.start..r.end).collect();
            let shown = herald::summarize::compress::display(&article.text, s.start, &spans);
            assert_eq!(shown, s.text);
        }
    }
    match budget {
        Budget::Words(n) => assert!(summary.summary.split_whitespace().count() <= n),
        Budget::Bytes(n) => assert!(summary.summary.len() <= n),
        Budget::Sentences(n) => assert!(summary.sentences.len() <= n),
    }
}

/// Text made of news-like pieces, so that sentences, quotes and furniture actually occur.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("The president said".to_owned()),
        Just("U.S.".to_owned()),
        Just("St. Petersburg".to_owned()),
        Just("\u{201c}We listened,\u{201d} he said.".to_owned()),
        Just("``Quote,'' Mr. Smith said.".to_owned()),
        Just("- Back to Home \u{bb}".to_owned()),
        Just("(CNN) --".to_owned()),
        Just("25-11-2024 08:52 AM".to_owned()),
        Just("\n\n".to_owned()),
        Just("\n".to_owned()),
        Just("...".to_owned()),
        Just(". ".to_owned()),
        Just("aftObama".to_owned()),
        Just("( associated press )".to_owned()),
        Just("( ap ) \u{2014}".to_owned()),
        Just("(AP Photo/Jane Doe)".to_owned()),
        Just("enlarge this image toggle caption jim cole/ap jim cole/ap".to_owned()),
        Just("Advertisement".to_owned()),
        Just("read more".to_owned()),
        Just("\u{130}\u{212a}(".to_owned()),
        // Lone punctuation, as token soup and flattened pages leave it: brackets closing
        // nothing, marks that end nothing.
        prop::sample::select(vec![
            "?", "!", ")", "(", "]", "\"", "''", "``", "\u{201d}", "\u{2019}", ";", ":", "\u{2014}"
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z]{1,12}",
        "[0-9.,:]{1,6}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.join(" "))
}

fn budget() -> impl Strategy<Value = Budget> {
    prop_oneof![
        (0usize..200).prop_map(Budget::Words),
        (0usize..10).prop_map(Budget::Sentences),
        (0usize..1000).prop_map(Budget::Bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_unicode_never_panics(texts in prop::collection::vec("\\PC{0,300}", 0..5), b in budget()) {
        check(&cluster_of(texts), b);
    }

    #[test]
    fn newsy_text_never_panics(texts in prop::collection::vec(newsy(), 0..6), b in budget()) {
        check(&cluster_of(texts), b);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), b in budget()) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        check(&cluster_of(vec![text.clone(), text]), b);
    }

    #[test]
    fn random_json_lines_never_panic(line in "\\PC{0,200}") {
        let _ = parse_cluster_line(&line, "x:1");
    }

    #[test]
    fn random_cluster_json_never_panics(
        ids in prop::collection::vec(prop_oneof![Just(serde_json::Value::Null), any::<i64>().prop_map(serde_json::Value::from), "\\PC{0,8}".prop_map(serde_json::Value::from)], 0..4),
        texts in prop::collection::vec(prop_oneof![Just(serde_json::Value::Null), any::<bool>().prop_map(serde_json::Value::from), newsy().prop_map(serde_json::Value::from)], 0..4),
    ) {
        let docs: Vec<serde_json::Value> = ids.iter().zip(&texts).map(|(id, text)| serde_json::json!({"id": id, "text": text})).collect();
        let line = serde_json::json!({"id": "c", "documents": docs}).to_string();
        if let Ok(cluster) = parse_cluster_line(&line, "x:1") {
            prop_assert_eq!(cluster.articles.len() + cluster.skipped.len(), docs.len());
            check(&cluster, Budget::Words(50));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Story grouping never panics, puts every article in exactly one story, lists outliers
    /// only among a story's own documents, and gives the same stories on a second run.
    #[test]
    fn story_grouping_is_a_partition(texts in prop::collection::vec(newsy(), 0..12)) {
        use herald::clean::Cleaner;
        use herald::cluster::stories::StoryGrouper;
        let cluster = cluster_of(texts);
        let grouper = StoryGrouper::default();
        let cleaner = Cleaner::default();
        let profiles: Vec<_> = cluster.articles.iter().map(|a| grouper.profile(a, &cleaner)).collect();
        let stories = grouper.group(&profiles);
        let mut seen: Vec<usize> = stories.iter().flat_map(|s| s.documents.iter().copied()).collect();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..cluster.articles.len()).collect::<Vec<_>>());
        for s in &stories {
            prop_assert!(s.outliers.iter().all(|o| s.documents.contains(o)));
        }
        prop_assert_eq!(grouper.group(&profiles), stories);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Feeds: random bytes, and RSS items with random titles and HTML descriptions, never
    /// panic; every article that comes out has text.
    #[test]
    fn random_feeds_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        items in prop::collection::vec(("\\PC{0,40}", "\\PC{0,200}"), 0..4),
    ) {
        use herald::ingest::feed::parse_feed;
        let _ = parse_feed(&bytes, "f", "f.rss");
        let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let body: String = items
            .iter()
            .map(|(t, d)| format!("<item><title>{}</title><description>&lt;p&gt;{}&lt;/p&gt;</description></item>", escape(t), escape(d)))
            .collect();
        let rss = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>{body}</channel></rss>");
        if let Ok(c) = parse_feed(rss.as_bytes(), "f", "f.rss") {
            prop_assert!(c.articles.iter().all(|a| a.text.chars().any(char::is_alphanumeric)));
            prop_assert_eq!(c.articles.len() + c.skipped.len(), items.len());
        }
    }
}
