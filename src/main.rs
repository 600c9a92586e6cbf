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
/// eight per core), and memory freed in one arena is not reused by another.
/// The cap is eight: enough for every thread of a build (main, the rayon
/// workers, the render threads, the workbook writers) to have its own.
/// With two (before), threads shared arenas and waited on their locks, most
/// in `realloc` and `free` (a page's HTML is made on a render thread and
/// freed on a worker): a `sched_switch` profile of a 3,000-school build
/// showed about 2,000 such waits, one core idle a quarter of the time. Eight
/// arenas made that build about 6 % faster (1.77 -> 1.67 s) and 1,000
/// schools 3.5 %, with the same peak at 3,000 schools (392 MiB) and 1 MiB
/// more at 1,000 (144 MiB): since the year pages free the report value
/// first, little memory is left stranded in one arena.
///
/// Only when glibc's malloc is the allocator: on Linux it is jemalloc unless
/// the crate is built without its `jemalloc` feature (see `src/lib.rs`).
#[cfg(all(target_os = "linux", target_env = "gnu", not(feature = "jemalloc")))]
fn cap_malloc_arenas() {
    // SAFETY: a malloc tuning parameter set at startup, before any thread
    // exists; mallopt only reads its two integers.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 8);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu", not(feature = "jemalloc"))))]
fn cap_malloc_arenas() {}
