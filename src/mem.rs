//! Memory housekeeping for large builds.

use std::sync::atomic::{AtomicBool, Ordering};

/// Hands the heap memory freed so far back to the operating system.
///
/// The allocator keeps freed memory for later allocations, so a large value
/// that lived only for a while (the report as a template value, for the
/// chapters) otherwise stays in the process's peak: at 1,000 schools the
/// pages then grow the heap beside its fragments instead of into it.
///
/// - **jemalloc** (Linux, the `jemalloc` feature; see `src/lib.rs`): every
///   arena's unused dirty pages are purged at once. Left to jemalloc's own
///   decay (ten seconds), a 1,000-school build peaked at 155 MiB instead of
///   137-139 MiB. Purging at a small county costs nothing measurable (the
///   sample: 73 ms either way).
/// - **glibc** (built without `jemalloc`): the heap is trimmed when at least
///   [`RELEASE_AT_LEAST`] is free ([`worth_releasing`]). A small county's few
///   free megabytes are kept: giving them back only makes the pages that
///   follow fault the same memory in again (the sample county: about 900
///   page faults, 3–5 % of its build).
///
/// A no-op elsewhere.
pub fn release_freed() {
    #[cfg(all(feature = "jemalloc", target_os = "linux"))]
    // A purge that fails only leaves the memory where it was.
    let _ = purge_jemalloc();
    #[cfg(all(target_os = "linux", target_env = "gnu", not(feature = "jemalloc")))]
    // SAFETY: mallinfo and malloc_trim only walk glibc's own arenas and free
    // lists under their locks; they may be called at any time from any thread.
    // `mallinfo`, not `mallinfo2`: the latter needs glibc 2.33, and junheng
    // builds on older systems (CentOS, Ubuntu 20.04). Its `int` fields hold
    // the byte counts truncated; read as unsigned they are exact below 4 GiB.
    unsafe {
        if worth_releasing(libc::mallinfo().fordblks as u32 as usize) {
            libc::malloc_trim(0);
        }
    }
}

/// Purge every jemalloc arena's unused dirty pages; jemalloc's status (0
/// when done).
#[cfg(all(feature = "jemalloc", target_os = "linux"))]
fn purge_jemalloc() -> i32 {
    // SAFETY: `arena.<i>.purge` takes no value in or out (null pointers, zero
    // length, as jemalloc's manual gives them), and jemalloc locks what it
    // purges, so it may be called from any thread at any time. 4096 is
    // `MALLCTL_ARENAS_ALL` (jemalloc_macros.h): every arena.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            c"arena.4096.purge".as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        )
    }
}

/// The least free heap memory worth handing back: below it, a build's peak
/// hardly moves, and the memory would soon be faulted in again.
pub const RELEASE_AT_LEAST: usize = 16 << 20;

/// Whether `free` bytes held by the allocator (free chunks in every arena)
/// are worth handing back to the operating system.
pub fn worth_releasing(free: usize) -> bool {
    free >= RELEASE_AT_LEAST
}

/// Set once the process is known to end when its command is done.
static ENDING: AtomicBool = AtomicBool::new(false);

/// Declares that the process ends when the current command is done (`check`,
/// `build`): what it still holds then may be left to the operating system
/// ([`let_go`]). Never for `serve`, which builds again and again, nor for
/// the library's other callers (tests among them): they free as usual.
pub fn ending_after_command() {
    ENDING.store(true, Ordering::Relaxed);
}

/// Lets go of `value`: drops it, or, in a process that ends after its
/// command ([`ending_after_command`]), leaves its memory to the operating
/// system, which takes a process's memory back whole and at once when it
/// exits. Freeing the report, its template value and the figures node by
/// node costs `check` about 0.2 s at 3,000 schools, for nothing; compilers
/// skip that work for the same reason (clang's `-disable-free`). Only for
/// plain data: nothing in it may need its `Drop` to run (files to flush,
/// threads to join).
pub fn let_go<T>(value: T) {
    if ENDING.load(Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outside a one-shot command (tests, `serve`) a value let go is freed.
    #[test]
    fn a_value_let_go_is_dropped_unless_the_process_ends_after_its_command() {
        let shared = std::sync::Arc::new(());
        let_go(std::sync::Arc::clone(&shared));
        assert_eq!(std::sync::Arc::strong_count(&shared), 1);
    }

    /// jemalloc knows the purge asked of it (a misspelt name answers ENOENT
    /// and would purge nothing, silently).
    #[cfg(all(feature = "jemalloc", target_os = "linux"))]
    #[test]
    fn jemalloc_purges_every_arena() {
        let freed = vec![1u8; 8 << 20];
        drop(std::hint::black_box(freed));
        assert_eq!(purge_jemalloc(), 0);
    }

    #[test]
    fn only_a_large_free_heap_is_handed_back() {
        assert!(!worth_releasing(0));
        assert!(!worth_releasing(RELEASE_AT_LEAST - 1));
        assert!(worth_releasing(RELEASE_AT_LEAST));
        assert!(worth_releasing(400 << 20));
    }
}
