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
