use std::process::ExitCode;

fn main() -> ExitCode {
    reset_sigpipe();
    cap_malloc_arenas();
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

/// glibc gives threads that allocate at once their own malloc arenas (up to
/// eight per core), and memory freed in one arena is not reused by another:
/// with pages rendered on every core, the peak grows by tens of megabytes
/// beyond what is live. Two arenas keep a large build's peak near its live
/// memory (issue 12: memory bounded by the largest page); each thread's own
/// cache still serves most small allocations without a lock.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn cap_malloc_arenas() {
    // SAFETY: a malloc tuning parameter set at startup, before any thread
    // exists; mallopt only reads its two integers.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn cap_malloc_arenas() {}
