//! The process around every command: signals, standard output that fails, exit statuses.
//! Set up once in `main`, so that every command, old or new, behaves the same.

use std::io::Write;

/// Everything `main` sets up before a command runs.
pub fn set_up() {
    restore_sigpipe();
    keep_freed_tensor_memory();
    clean_up_on_signals();
    report_output_failures();
}

/// Flushes standard output at the end of a run: a failure (a full disk) is an error, not
/// something to ignore as Rust's own flush at exit does.
pub fn flush_stdout() -> anyhow::Result<()> {
    std::io::stdout()
        .flush()
        .map_err(|e| anyhow::anyhow!("cannot write to standard output: {e}"))
}

/// `d2l tensor | head` should stop quietly when `head` exits, as Unix tools do, instead of
/// panicking on the closed pipe (Rust ignores SIGPIPE by default).
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is always valid.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP: remove the temporary files of writes under way (a
/// generated CSV, a figure, a checkpoint), say so, and exit with 128 + the signal's number as
/// shells do. Files already in place stay as they are; nothing is left half-written.
fn clean_up_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return; // without the handler a signal ends the process as before
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let removed = d2l::fsutil::remove_temporaries();
                let _ = writeln!(
                    std::io::stderr(),
                    "\ninterrupted (signal {signal}){}",
                    if removed > 0 {
                        format!(": removed {removed} unfinished file(s)")
                    } else {
                        String::new()
                    }
                );
                std::process::exit(128 + signal);
            }
        });
    }
}

/// `println!` panics when standard output fails (`d2l ... > /dev/full`). That panic becomes one
/// line on stderr and exit status 1, with the temporaries removed; a failing stderr ends the
/// process with status 1 and nothing to say. Every other panic keeps Rust's report.
fn report_output_failures() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if let Some(cause) = message.strip_prefix("failed printing to stdout: ") {
            d2l::fsutil::remove_temporaries();
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write to standard output: {cause}"
            );
            std::process::exit(1);
        }
        if message.starts_with("failed printing to stderr") {
            d2l::fsutil::remove_temporaries();
            std::process::exit(1);
        }
        default(info);
    }));
}

/// Training allocates and frees tensors of a few hundred kB on every minibatch. glibc serves
/// blocks above its mmap threshold (128 kB at first) with fresh `mmap`s and returns them on
/// free, so each minibatch paid for page faults and zeroed pages: ~10 % of `d2l mlp`'s time
/// (perf: `exc_page_fault`, `clear_page_erms`). Raising the thresholds to 32 MB keeps such
/// blocks in the heap for reuse (peak memory grows by ~3 MB), while blocks as large as a whole
/// data set or a table still go back to the system when freed.
fn keep_freed_tensor_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 32 << 20);
    }
}
