//! The data behind a chart, shown beside it and offered as CSV.

use serde::Serialize;

/// A chart's data as display strings: a header row and body rows.
///
/// Cells are already formatted (same decimals as the chart, `—` for a
/// missing value); the page shows them as a table and [`DataTable::to_csv`]
/// offers them for download.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DataTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The text of a missing value in tables.
pub(crate) const MISSING: &str = "—";

impl DataTable {
    /// RFC 4180 CSV: CRLF line ends, a field quoted when it holds a comma,
    /// a double quote or a line break (quotes doubled), preceded by a UTF-8
    /// byte order mark so that Excel reads the Chinese correctly. Text cells
    /// that start like a formula get a `'` (CWE-1236); numbers stay numbers.
    pub fn to_csv(&self) -> String {
        csv(&self.columns, &self.rows)
    }
}

/// [`DataTable::to_csv`] of a header and rows held elsewhere.
pub fn csv(columns: &[String], rows: &[Vec<String>]) -> String {
    let cells: usize = rows.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(8 + cells * 8);
    out.push('\u{FEFF}');
    for row in std::iter::once(columns).chain(rows.iter().map(Vec::as_slice)) {
        for (i, f) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, f);
        }
        out.push_str("\r\n");
    }
    out
}

/// One CSV field: a text cell that a spreadsheet would run as a formula is
/// neutralised first (numbers stay as they are, see [`crate::cells::csv_cell`]),
/// then quoted where RFC 4180 needs it.
fn csv_field(out: &mut String, field: &str) {
    let field = crate::cells::csv_cell(field);
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_bom() {
        let table = DataTable {
            columns: vec!["学校".into(), "值".into()],
            rows: vec![
                vec!["一中, 本部".into(), "1".into()],
                vec!["说\"好\"".into(), "2\n3".into()],
                vec!["plain".into(), "".into()],
            ],
        };
        assert_eq!(
            table.to_csv(),
            "\u{FEFF}学校,值\r\n\"一中, 本部\",1\r\n\"说\"\"好\"\"\",\"2\n3\"\r\nplain,\r\n"
        );
        assert!(table.to_csv().as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
    }

    #[test]
    fn csv_neutralises_formulas_and_keeps_numbers() {
        let table = DataTable {
            columns: vec!["学校".into(), "变化".into()],
            rows: vec![
                vec!["=HYPERLINK(\"http://x\",\"点此\")".into(), "-0.5".into()],
                vec!["@SUM(A1)".into(), "-1,358".into()],
                vec!["-2+3".into(), "+1".into()],
            ],
        };
        assert_eq!(
            table.to_csv(),
            "\u{FEFF}学校,变化\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"点此\"\")\",-0.5\r\n'@SUM(A1),\"-1,358\"\r\n'-2+3,'+1\r\n"
        );
    }
}
