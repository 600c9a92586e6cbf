//! junheng (均衡): reads a county's YAML data for its 2020–2029 plan for
//! high-quality balanced compulsory education, computes the national
//! assessment indicators and renders a website and a print-ready compilation.
//!
//! The pipeline runs one way: [`load`] → [`validate`] → compute → render → write.

pub mod archive;
pub mod build;
pub mod cells;
pub mod cli;
pub mod commands;
pub mod compute;
pub mod diag;
pub mod gen;
pub mod init;
pub mod json;
pub mod load;
pub mod mem;
pub mod model;
pub mod output;
pub mod pdf;
pub mod render;
pub mod serve;
pub mod sheet;
pub mod stats;
pub mod validate;
pub mod write;

/// jemalloc, on Linux, for every program built from this crate (the
/// command, the tests, the examples), so that [`mem::release_freed`] acts on
/// the allocator in use. glibc's malloc kept a core waiting: a page's HTML is
/// made on a render thread and freed on a worker, and each such free takes
/// the lock of the arena it came from (a 3,000-school build waited about
/// 3,900 times, 0.16 s in all; jemalloc's thread caches take most frees
/// without a lock). With jemalloc, builds alternating with the glibc build on
/// /dev/shm: 3,000 schools about 11 % faster (1.66-1.72 -> 1.46-1.52 s),
/// 1,000 schools 0.58 -> 0.53 s, the sample 77 -> 73 ms; peaks 393 -> 365 MiB
/// at 3,000 schools and 143 -> 138 MiB at 1,000, since `release_freed`
/// purges jemalloc's arenas where it trimmed glibc's heap.
#[cfg(all(feature = "jemalloc", target_os = "linux"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
