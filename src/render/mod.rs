//! Render stage: Tera templates, Markdown chapters and SVG charts over the
//! computed report. Computes no indicator: it only shows what compute produced.

pub mod annex;
mod attrs;
mod budget;
pub mod charts;
pub mod content;
pub mod context;
pub mod continued;
pub mod enhance;
pub mod figures;
pub mod fixed;
pub mod links;
pub mod markdown;
mod school;
pub mod search;
pub mod site;
pub mod templates;
