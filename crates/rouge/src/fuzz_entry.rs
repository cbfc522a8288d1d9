//! The body of the ROUGE fuzz target, kept here so that `fuzz/fuzz_targets/rouge.rs` and the
//! stable replay of its corpus (`crates/herald-cli/tests/fuzz_regressions.rs`) run the same code.

use crate::{Metric, RougeConfig};

/// The bytes as a summary and references (split on NUL bytes), scored with and without
/// stemming: no panic, and every score within 0..=1.
pub fn score(data: &[u8]) {
    let data = &data[..data.len().min(64 << 10)];
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let peer = parts.next().unwrap_or_default();
    let references: Vec<&str> = parts.take(4).collect();
    if references.is_empty() {
        return;
    }
    for stem in [false, true] {
        let rouge = RougeConfig::new()
            .stemming(stem)
            .build()
            .expect("a valid configuration");
        let scores = rouge.score(peer, &references);
        for metric in [Metric::N(1), Metric::N(2), Metric::L] {
            if let Some(s) = scores.get(metric) {
                for v in [s.recall, s.precision, s.f] {
                    assert!((0.0..=1.0).contains(&v), "{metric:?} {v}");
                }
            }
        }
    }
}
