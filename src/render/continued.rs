//! 续表 in the printed compilation: a numbered table that runs onto another
//! page says so there (`续表3-2`, `续附表4`), above its repeated header.
//!
//! Chromium repeats a table's `<thead>` on every page but cannot print content
//! on continued pages only. So this pass, run on `print.html` alone, gives each
//! numbered table a first header row `<tr class="cont">` with the 续表 label,
//! repeated with the rest of the header, and puts a white `cont-mask` block
//! just before the table that covers that row where the table starts (print.css
//! sizes both). On screen both are hidden.
//!
//! It only rewrites HTML the templates produced: a table is numbered when its
//! caption (`<p class="table-caption">表3-2　…` or an annex title
//! `<h2 class="annex-title">附表4　…`) comes before it with no heading, figure
//! or other table in between. It computes nothing and reads nothing else.

use std::fmt::Write;

const CAPTION: &str = "<p class=\"table-caption\"";
const ANNEX_TITLE: &str = "<h2 class=\"annex-title\"";
const MASK: &str = "<div class=\"cont-mask\" aria-hidden=\"true\"></div>";

/// `html` with every numbered table marked for 续表 (see the module docs).
pub fn mark(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let mut label: Option<String> = None;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let (before, tag) = rest.split_at(i);
        out.push_str(before);
        if tag.starts_with(CAPTION) || tag.starts_with(ANNEX_TITLE) {
            label = caption_label(tag);
        } else if tag.starts_with("<table") {
            if let Some(l) = label.take() {
                if let Some(marked) = mark_table(tag, &l) {
                    out.push_str(MASK);
                    out.push_str(&marked.0);
                    rest = &tag[marked.1..];
                    continue;
                }
            }
        } else if [
            "</table",
            "<h1",
            "<h2",
            "<h3",
            "<h4",
            "<figure",
            "</section",
        ]
        .iter()
        .any(|t| tag.starts_with(t))
        {
            label = None;
        }
        out.push('<');
        rest = &tag[1..];
    }
    out.push_str(rest);
    out
}

/// The number of a caption starting at `tag` (`表3-2`, `附表4`): its text up to
/// the full-width space, when it is a short plain label.
fn caption_label(tag: &str) -> Option<String> {
    let text = &tag[tag.find('>')? + 1..];
    let end = text.find('<')?;
    if !text[end..].starts_with("</") {
        return None;
    }
    let label = text[..end].split('\u{3000}').next()?.trim();
    let plain = label.chars().count() <= 12
        && label.contains('表')
        && label.contains(|c: char| c.is_ascii_digit())
        && !label.contains(['&', '"', '<', '>', ' ']);
    plain.then(|| label.to_string())
}

/// The table starting at `tag` with the 续表 row first in its header: the
/// marked text up to and including `<thead>`'s first row start, and how many
/// bytes of `tag` it replaces. `None` when the table has no `<thead>` row.
fn mark_table(tag: &str, label: &str) -> Option<(String, usize)> {
    let table_end = tag.find("</table>").unwrap_or(tag.len());
    let thead = tag[..table_end].find("<thead>")? + "<thead>".len();
    let row_end = thead + tag[thead..table_end].find("</tr>")?;
    let columns = header_columns(&tag[thead..row_end]);
    if columns == 0 {
        return None;
    }
    let mut marked = String::with_capacity(thead + 120);
    marked.push_str(&tag[..thead]);
    let _ = write!(
        marked,
        "<tr class=\"cont\" aria-hidden=\"true\"><th colspan=\"{columns}\">续{label}</th></tr>"
    );
    Some((marked, thead))
}

/// The columns a header row spans: its cells, each counted by its `colspan`.
fn header_columns(row: &str) -> usize {
    row.match_indices("<th")
        .filter(|(i, _)| {
            // `<th` followed by `>` or a space: not `<thead`.
            matches!(row.as_bytes().get(i + 3), Some(b'>') | Some(b' '))
        })
        .map(|(i, _)| {
            let cell = &row[i..];
            let open = &cell[..cell.find('>').unwrap_or(cell.len())];
            open.split("colspan=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "<table>\n<thead><tr><th>学校</th><th colspan=\"2\" class=\"group\">甲</th></tr>\
                         <tr><th>a</th><th>b</th></tr></thead>\n<tbody><tr><td>1</td></tr></tbody>\n</table>";

    #[test]
    fn a_captioned_table_gets_the_row_and_the_mask() {
        let html = format!("<p class=\"table-caption\">表3-2\u{3000}指标</p>\n{TABLE}");
        let out = mark(&html);
        assert!(out.contains(&format!("</p>\n{MASK}<table>")), "{out}");
        assert!(
            out.contains("<thead><tr class=\"cont\" aria-hidden=\"true\"><th colspan=\"3\">续表3-2</th></tr><tr><th>学校</th>"),
            "{out}"
        );
        // Nothing else changes.
        let undone = out.replace(MASK, "").replace(
            "<tr class=\"cont\" aria-hidden=\"true\"><th colspan=\"3\">续表3-2</th></tr>",
            "",
        );
        assert_eq!(undone, html);
    }

    #[test]
    fn an_annex_title_numbers_the_table_after_its_lead() {
        let html = format!(
            "<section class=\"annex\"><h2 class=\"annex-title\">附表4\u{3000}学校</h2>\n\
             <p class=\"annex-lead\">说明</p><div class=\"table-wrap\">\n{TABLE}</div></section>"
        );
        assert!(mark(&html).contains(">续附表4</th>"));
    }

    #[test]
    fn a_caption_numbers_one_table_only_and_headings_end_it() {
        let two = format!("<p class=\"table-caption\">表1-1\u{3000}x</p>{TABLE}{TABLE}");
        assert_eq!(mark(&two).matches("续表1-1").count(), 1);
        let cut = format!("<p class=\"table-caption\">表1-1\u{3000}x</p><h2>另一节</h2>{TABLE}");
        assert_eq!(mark(&cut), cut);
        assert_eq!(mark(TABLE), TABLE, "an unnumbered table stays as it is");
    }

    #[test]
    fn odd_captions_and_tables_are_left_alone() {
        for html in [
            format!("<p class=\"table-caption\">说明文字</p>{TABLE}"),
            format!("<p class=\"table-caption\">表<b>1</b></p>{TABLE}"),
            "<p class=\"table-caption\">表1-1\u{3000}x</p><table><tbody></tbody></table>".into(),
            "<p class=\"table-caption\">表1-1\u{3000}x</p><table><thead></thead>".into(),
            "<p class=\"table-caption\">表1".into(),
            "<".into(),
        ] {
            assert_eq!(mark(&html), html);
        }
    }

    #[test]
    fn header_columns_counts_spans_not_thead() {
        assert_eq!(header_columns("<th>a</th><th colspan=\"4\">b</th>"), 5);
        assert_eq!(header_columns("<th rowspan=\"2\" class=\"x\">a</th>"), 1);
        assert_eq!(header_columns("<thead>"), 0);
    }
}
