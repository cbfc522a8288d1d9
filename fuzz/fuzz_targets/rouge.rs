//! Fuzz target: ROUGE scoring of arbitrary text. The same code is `rouge` in
//! `crates/herald-cli/tests/fuzz_regressions.rs`, which runs the corpus on stable.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rouge(data));

/// The bytes as a summary and references (split on NUL bytes), scored with every metric, with
/// and without stemming: no panic, and every score within 0..=1.
fn rouge(data: &[u8]) {
    let data = &data[..data.len().min(64 << 10)];
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let peer = parts.next().unwrap_or_default();
    let references: Vec<&str> = parts.take(4).collect();
    if references.is_empty() {
        return;
    }
    for stem in [false, true] {
        let rouge = herald_rouge::RougeConfig::new()
            .stemming(stem)
            .build()
            .expect("a valid configuration");
        let scores = rouge.score(peer, &references);
        for metric in [
            herald_rouge::Metric::N(1),
            herald_rouge::Metric::N(2),
            herald_rouge::Metric::L,
        ] {
            if let Some(s) = scores.get(metric) {
                for v in [s.recall, s.precision, s.f] {
                    assert!((0.0..=1.0).contains(&v), "{metric:?} {v}");
                }
            }
        }
    }
}
