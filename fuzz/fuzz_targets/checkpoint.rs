//! Checkpoint loading on arbitrary files (body: `d2l::fuzzing::checkpoint`).
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| d2l::fuzzing::checkpoint(bytes));
