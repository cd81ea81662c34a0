//! The whole `d2l` command line, as clap parses it with our value parsers (`--device`, sizes,
//! rates, output paths, ...), on arbitrary arguments: the input's lines are the arguments.
//! Parsing may refuse them; it must not panic. Only parsing runs: no command is executed.
#![no_main]

// The binary's root as a module; its modules are `pub(crate)` so that the glob import below puts
// them at this crate's root, where their `crate::args`-style paths look for them.
#[path = "../../src/bin/d2l/main.rs"]
#[allow(dead_code, unused_imports)]
mod cli;
#[allow(unused_imports)]
use cli::*;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let args = std::iter::once("d2l").chain(text.split('\n'));
    let _ = cli::parse(args);
    for line in text.split('\n') {
        let _ = line.parse::<d2l::device::DeviceSpec>();
    }
});
