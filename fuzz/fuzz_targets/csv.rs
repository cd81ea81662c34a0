//! The CSV -> features pipeline of `d2l preprocess` on arbitrary files (body:
//! `d2l::fuzzing::csv`).
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| d2l::fuzzing::csv(bytes));
