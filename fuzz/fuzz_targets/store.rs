//! Fuzz target: `herald_store::fuzz_entry::input` (see its documentation for what it checks).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| herald_store::fuzz_entry::input(data));
