//! The IDX/gzip reader on arbitrary file contents (body: `d2l::fuzzing::idx`).
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| d2l::fuzzing::idx(bytes));
