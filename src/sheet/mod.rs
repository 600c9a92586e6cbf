//! Spreadsheets for the county's clerks and reviewers: `export` (a year's data
//! as a workbook to edit), `import` (such a workbook back into a year file),
//! and `export --calc` (the 资源配置 computation as live formulas).
//!
//! calamine reads (.xlsx, .xls, .ods); rust_xlsxwriter writes. Layout lives in
//! [`columns`], field names and notes in [`crate::model::fields`].

pub mod calc;
pub mod cell;
pub mod columns;
pub mod county;
pub mod export;
pub mod import;
pub mod run;
