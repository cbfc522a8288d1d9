//! Random input never panics and every score is a fraction.

use herald_rouge::{Limit, RougeConfig, Scoring};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Mostly words and separators, with some arbitrary Unicode mixed in.
    prop_oneof![
        3 => proptest::collection::vec(
            prop_oneof![
                Just("the".to_string()),
                Just("running".to_string()),
                Just("Police".to_string()),
                Just("-".to_string()),
                Just("\n".to_string()),
                Just("  ".to_string()),
                "[a-z]{1,8}",
                "[0-9]{1,3}",
            ],
            0..40,
        )
        .prop_map(|w| w.join(" ")),
        1 => any::<String>(),
    ]
}

fn config() -> impl Strategy<Value = RougeConfig> {
    (
        any::<bool>(),
        any::<bool>(),
        prop_oneof![
            Just(Limit::None),
            (0usize..20).prop_map(Limit::Words),
            (0usize..80).prop_map(Limit::Bytes),
        ],
        any::<bool>(),
        0.0f64..=1.0,
    )
        .prop_map(|(stem, stop, limit, best, alpha)| {
            RougeConfig::new()
                .stemming(stem)
                .remove_stopwords(stop)
                .limit(limit)
                .scoring(if best {
                    Scoring::Best
                } else {
                    Scoring::Average
                })
                .alpha(alpha)
                .resamples(20)
        })
}

proptest! {
    #[test]
    fn scores_are_fractions(
        config in config(),
        items in proptest::collection::vec((text(), proptest::collection::vec(text(), 0..4)), 0..4),
    ) {
        let rouge = config.build().expect("valid config");
        let report = rouge.evaluate(&items);
        prop_assert_eq!(report.items().len(), items.len());
        for scores in report.items() {
            for (_, s) in scores.iter() {
                for v in [s.recall, s.precision, s.f] {
                    prop_assert!((0.0..=1.0).contains(&v), "{v}");
                }
                prop_assert!(s.hits <= s.reference_total && s.hits <= s.peer_total);
            }
        }
        for (_, summary) in report.iter() {
            for e in [summary.recall, summary.precision, summary.f] {
                prop_assert!(0.0 <= e.low && e.low <= e.high && e.high <= 1.0, "{e:?}");
                prop_assert!((0.0..=1.0).contains(&e.mean));
            }
        }
    }

    #[test]
    fn prepared_references_give_the_same_scores(peer in text(), refs in proptest::collection::vec(text(), 1..4)) {
        let rouge = RougeConfig::new().stemming(true).build().expect("valid config");
        let prepared = rouge.prepare(&refs);
        prop_assert_eq!(rouge.score_prepared(&peer, &prepared), rouge.score(&peer, &refs));
    }

    #[test]
    fn evaluate_scores_items_like_score(
        config in config(),
        items in proptest::collection::vec((text(), proptest::collection::vec(text(), 0..4)), 0..5),
    ) {
        // evaluate shares one vocabulary and its buffers across items.
        let rouge = config.build().expect("valid config");
        let report = rouge.evaluate(&items);
        for ((peer, refs), scores) in items.iter().zip(report.items()) {
            prop_assert_eq!(scores, &rouge.score(peer, refs));
        }
    }
}
