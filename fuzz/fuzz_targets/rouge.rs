//! Fuzz target: ROUGE scoring of arbitrary text (`herald_rouge::fuzz_entry::score`, which the
//! stable replay of the corpus in `crates/herald-cli/tests/fuzz_regressions.rs` calls too).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| herald_rouge::fuzz_entry::score(data));
