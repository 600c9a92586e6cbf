//! Memory housekeeping for large builds.

/// Hands the heap memory freed so far back to the operating system.
///
/// glibc keeps freed memory for later allocations, so a large value that
/// lived only for a while (the report as a template value, for the chapters)
/// otherwise stays in the process's peak: at 1,000 schools the pages then grow
/// the heap beside its fragments instead of into it. A no-op elsewhere.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists under its locks;
    // it may be called at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
