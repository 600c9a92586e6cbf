use std::process::ExitCode;

fn main() -> ExitCode {
    reset_sigpipe();
    junheng::cli::main()
}

/// `junheng check | head` must end quietly when the reader goes away, like
/// other Unix tools, instead of panicking on a broken pipe.
#[cfg(unix)]
fn reset_sigpipe() {
    // SAFETY: restoring the default disposition of SIGPIPE at startup, before
    // any thread exists, is the documented way to get it; nothing else is touched.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn reset_sigpipe() {}
