//! Fuzz target: `herald::fuzz_entry::feed` (see its documentation for what it checks).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| herald::fuzz_entry::feed(data));
