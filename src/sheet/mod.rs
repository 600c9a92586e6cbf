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

/// Why a workbook could not be written, in Chinese: rust_xlsxwriter's own
/// messages are English. The one a county's data can cause is a text longer
/// than a cell holds.
pub fn xlsx_problem(e: &rust_xlsxwriter::XlsxError) -> String {
    use rust_xlsxwriter::XlsxError as E;
    match e {
        E::MaxStringLengthExceeded => "有一段文字超过 32,767 个字符（Excel 单元格的上限），\
             多为学校名称或说明过长：请在数据中缩短"
            .to_string(),
        E::RowColumnLimitError => {
            "行数或列数超过 Excel 工作表的上限（1,048,576 行、16,384 列）".to_string()
        }
        E::IoError(io) => format!("写入时出错：{io}"),
        E::TempFileError(path, io) => format!("写入临时文件 {} 时出错：{io}", path.display()),
        other => format!("junheng 内部出错（{other}），请把该信息报告给维护人员"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_text_too_long_for_a_cell_is_named_in_chinese() {
        let e = rust_xlsxwriter::XlsxError::MaxStringLengthExceeded;
        assert!(super::xlsx_problem(&e).starts_with("有一段文字超过 32,767 个字符"));
    }
}
