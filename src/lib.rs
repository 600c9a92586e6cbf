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
/// without a lock). jemalloc: about 14 % faster at 3,000 schools
/// (1.69 -> 1.45 s), 1,000 schools 0.53 -> 0.49 s, the sample 78 -> 73 ms,
/// with a lower peak at 3,000 schools (393 -> 365 MiB) and the same at
/// 1,000 (137-139 MiB against 141-144 MiB) once it purges where glibc trimmed.
#[cfg(all(feature = "jemalloc", target_os = "linux"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
