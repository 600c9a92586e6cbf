//! Reading one spreadsheet cell as the value its column expects, forgiving
//! what is unambiguous (a number stored as text, `1,358`, full-width digits,
//! `60%` for a share, a spreadsheet date) and refusing the rest with a Chinese
//! reason. No workbook access here: cells arrive as [`calamine::Data`].

use calamine::Data;

use super::columns::Kind;
use crate::model::Date;

/// A parsed cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Num(f64),
    Count(u64),
    List(Vec<f64>),
    Counts(Vec<u64>),
    Text(String),
    Date(Date),
    Bool(bool),
    /// An enum key (`in_progress`).
    Key(&'static str),
}

/// A cell's text as the clerk sees it (for messages).
pub fn shown(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => crate::init::emit::fmt_num(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => crate::init::emit::fmt_num(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e:?}"),
    }
}

/// Undo [`crate::cells::neutralize`]: a `'` before a formula character.
pub fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if crate::cells::neutralize(rest).len() != rest.len() => rest,
        _ => s,
    }
}

/// Full-width digits and signs to ASCII, spaces removed.
fn ascii_number(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '，' => ',',
            '－' => '-',
            '％' => '%',
            c => c,
        })
        .collect()
}

/// A number written as text: `1358`, `1,358`, `１３５８`, `4500.5`. The bool is
/// true when it ended in `%` (the number is then the percentage, not divided).
pub fn text_number(s: &str) -> Result<(f64, bool), String> {
    let t = ascii_number(s);
    let (t, pct) = match t.strip_suffix('%') {
        Some(r) => (r.to_string(), true),
        None => (t, false),
    };
    let plain = if t.contains(',') {
        // Only proper thousands groups: 1,358 or 12,345,678.5
        let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
        let groups: Vec<&str> = int.split(',').collect();
        let ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[0].bytes().all(|b| b.is_ascii_digit())
            && groups[1..]
                .iter()
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
            && frac.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            return Err(format!(
                "“{s}”不是一个数（逗号只能用作千位分隔符，如 1,358）"
            ));
        }
        t.replace(',', "")
    } else {
        t
    };
    if plain.is_empty()
        || !plain
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    {
        return Err(format!("“{s}”不是一个数"));
    }
    match plain.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok((x, pct)),
        _ => Err(format!("“{s}”不是一个数")),
    }
}

/// A cell as a number (text forgiven); `pct` true when written as a percentage.
fn number(d: &Data) -> Result<Option<(f64, bool)>, String> {
    match d {
        Data::Empty => Ok(None),
        Data::Float(f) => Ok(Some((*f, false))),
        Data::Int(i) => Ok(Some((*i as f64, false))),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => text_number(restore(s.trim())).map(Some),
        Data::Bool(_) => Err(format!("应为数字，实为“{}”", shown(d))),
        Data::Error(e) => Err(format!("单元格是错误值 {e:?}，应为数字")),
        _ => Err(format!("应为数字，实为日期或时间“{}”", shown(d))),
    }
}

fn count_of(x: f64, s: &str) -> Result<u64, String> {
    if x < 0.0 {
        Err(format!("应为非负整数，实为负数 {s}"))
    } else if x.fract() != 0.0 {
        Err(format!("应为整数（人数、个数），实为 {s}"))
    } else if x > 9.0e15 {
        Err(format!("数值过大：{s}"))
    } else {
        Ok(x as u64)
    }
}

/// Days since 1970-01-01 to a date.
fn civil(days: i64) -> Date {
    let z = days + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    Date {
        year: (if m <= 2 { y + 1 } else { y }) as i32,
        month: m as u32,
        day: d as u32,
    }
}

/// A date in text: 2025-09-01, 2025/9/1, 2025.9.1, 2025年9月1日.
pub fn text_date(s: &str) -> Option<Date> {
    let t: String = ascii_number(s)
        .replace(['/', '.', '年', '月'], "-")
        .trim_end_matches('日')
        .to_string();
    let parts: Vec<&str> = t.split('-').collect();
    if parts.len() != 3 {
        return None;
    }
    Date::parse(&format!("{}-{:0>2}-{:0>2}", parts[0], parts[1], parts[2]))
}

/// Split a list cell: `96,100`, `96、100`, `96；100`, `96 100`.
fn list_items(s: &str) -> Vec<String> {
    ascii_number_keep_space(s)
        .split([',', '，', '、', ';', '；', ' ', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn ascii_number_keep_space(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Read `d` as a value of `kind`. `Ok(Value::Empty)` for an empty cell.
pub fn read(d: &Data, kind: Kind) -> Result<Value, String> {
    match kind {
        Kind::Count => match number(d)? {
            None => Ok(Value::Empty),
            Some((_, true)) => Err(format!("应为人数或个数，实为百分数“{}”", shown(d))),
            Some((x, false)) => count_of(x, &shown(d)).map(Value::Count),
        },
        Kind::Amount => match number(d)? {
            None => Ok(Value::Empty),
            Some((_, true)) => Err(format!("应为数值（面积、金额），实为百分数“{}”", shown(d))),
            Some((x, false)) if x < 0.0 => Err(format!("应为非负数，实为 {}", shown(d))),
            Some((x, false)) => Ok(Value::Num(x)),
        },
        Kind::Share | Kind::Rate => match number(d)? {
            None => Ok(Value::Empty),
            Some((x, pct)) => {
                let x = if pct { x / 100.0 } else { x };
                if x < 0.0 {
                    Err(format!("应为非负数，实为 {}", shown(d)))
                } else if kind == Kind::Share && x > 1.0 {
                    Err(format!(
                        "应为 0—1 的小数或百分数，实为 {}（如 60% 或 0.6）",
                        shown(d)
                    ))
                } else {
                    Ok(Value::Num(x))
                }
            }
        },
        Kind::Counts | Kind::Amounts => {
            let text = match d {
                Data::Empty => return Ok(Value::Empty),
                Data::Float(_) | Data::Int(_) => shown(d),
                Data::String(s) => restore(s.trim()).to_string(),
                _ => return Err(format!("应为用逗号分隔的数，实为“{}”", shown(d))),
            };
            if text.is_empty() {
                return Ok(Value::Empty);
            }
            if matches!(text.as_str(), "无" | "[]" | "没有" | "0间") {
                return Ok(if kind == Kind::Counts {
                    Value::Counts(vec![])
                } else {
                    Value::List(vec![])
                });
            }
            let mut nums = Vec::new();
            for item in list_items(&text) {
                let (x, pct) = text_number(&item)
                    .map_err(|e| format!("“{text}”中的{e}；多个数请用逗号分隔"))?;
                if pct || x < 0.0 {
                    return Err(format!("“{text}”中的“{item}”应为非负数"));
                }
                nums.push(x);
            }
            if kind == Kind::Counts {
                let c: Result<Vec<u64>, String> =
                    nums.iter().map(|x| count_of(*x, &text)).collect();
                c.map(Value::Counts)
            } else {
                Ok(Value::List(nums))
            }
        }
        Kind::Text => match d {
            Data::Empty => Ok(Value::Empty),
            Data::String(s) if s.trim().is_empty() => Ok(Value::Empty),
            Data::String(s) => Ok(Value::Text(restore(s.trim()).to_string())),
            Data::Error(e) => Err(format!("单元格是错误值 {e:?}")),
            Data::DateTime(_) | Data::DateTimeIso(_) => match read(d, Kind::Date)? {
                Value::Date(x) => Ok(Value::Text(x.to_string())),
                _ => Ok(Value::Text(shown(d))),
            },
            _ => Ok(Value::Text(shown(d))),
        },
        Kind::Date => match d {
            Data::Empty => Ok(Value::Empty),
            Data::DateTime(x) => Ok(Value::Date(civil(x.as_f64().floor() as i64 - 25569))),
            Data::DateTimeIso(s) => s
                .get(..10)
                .and_then(Date::parse)
                .map(Value::Date)
                .ok_or_else(|| format!("无法识别的日期“{s}”")),
            Data::Float(f) if *f > 0.0 && f.fract() == 0.0 => {
                Ok(Value::Date(civil(*f as i64 - 25569)))
            }
            Data::String(s) if s.trim().is_empty() => Ok(Value::Empty),
            Data::String(s) => text_date(restore(s.trim()))
                .map(Value::Date)
                .ok_or_else(|| format!("应为日期（年-月-日，如 2025-09-01），实为“{s}”")),
            _ => Err(format!(
                "应为日期（年-月-日，如 2025-09-01），实为“{}”",
                shown(d)
            )),
        },
        Kind::Bool => match d {
            Data::Empty => Ok(Value::Empty),
            Data::Bool(b) => Ok(Value::Bool(*b)),
            Data::String(s) => match s.trim() {
                "" => Ok(Value::Empty),
                "是" | "true" | "TRUE" | "True" | "√" | "✓" | "达到" | "Y" | "y" | "yes" => {
                    Ok(Value::Bool(true))
                }
                "否" | "false" | "FALSE" | "False" | "×" | "✗" | "未达到" | "N" | "n" | "no" => {
                    Ok(Value::Bool(false))
                }
                t => Err(format!("应为“是”或“否”，实为“{t}”")),
            },
            _ => Err(format!("应为“是”或“否”，实为“{}”", shown(d))),
        },
        Kind::Enum(list) => {
            let t = match d {
                Data::Empty => return Ok(Value::Empty),
                Data::String(s) => s.trim().to_string(),
                _ => shown(d),
            };
            if t.is_empty() {
                return Ok(Value::Empty);
            }
            list.iter()
                .find(|(k, zh)| *zh == t || *k == t)
                .map(|(k, _)| Value::Key(k))
                .ok_or_else(|| {
                    format!(
                        "应为以下之一：{}，实为“{t}”",
                        list.iter().map(|(_, z)| *z).collect::<Vec<_>>().join("、")
                    )
                })
        }
    }
}

/// `A1`-style address of a 0-based cell.
pub fn address(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push((b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Data {
        Data::String(x.into())
    }

    #[test]
    fn clerks_numbers_are_read_where_unambiguous() {
        assert_eq!(read(&s("1358"), Kind::Count), Ok(Value::Count(1358)));
        assert_eq!(read(&s("1,358"), Kind::Count), Ok(Value::Count(1358)));
        assert_eq!(read(&s("１３５８"), Kind::Count), Ok(Value::Count(1358)));
        assert_eq!(read(&s(" 4500.5 "), Kind::Amount), Ok(Value::Num(4500.5)));
        assert_eq!(read(&Data::Float(12.0), Kind::Count), Ok(Value::Count(12)));
        assert_eq!(read(&s("60%"), Kind::Share), Ok(Value::Num(0.6)));
        assert_eq!(read(&s("60％"), Kind::Share), Ok(Value::Num(0.6)));
        assert!(read(&s("95%"), Kind::Count).unwrap_err().contains("百分数"));
        assert!(read(&s("1,35"), Kind::Count).unwrap_err().contains("千位"));
        assert!(read(&s("12.5"), Kind::Count).unwrap_err().contains("整数"));
        assert!(read(&s("abc"), Kind::Count).is_err());
        assert_eq!(read(&s(""), Kind::Count), Ok(Value::Empty));
    }

    #[test]
    fn lists_dates_enums_and_neutralized_text() {
        assert_eq!(
            read(&s("96，100"), Kind::Amounts),
            Ok(Value::List(vec![96.0, 100.0]))
        );
        assert_eq!(read(&s("无"), Kind::Amounts), Ok(Value::List(vec![])));
        assert_eq!(
            read(&s("2025/9/1"), Kind::Date),
            Ok(Value::Date(Date::parse("2025-09-01").unwrap()))
        );
        // 45901 is 2025-09-01 in the 1900 date system.
        assert_eq!(
            read(&Data::Float(45901.0), Kind::Date),
            Ok(Value::Date(Date::parse("2025-09-01").unwrap()))
        );
        assert_eq!(
            read(
                &s("在建"),
                Kind::Enum(super::super::columns::PROJECT_STATUS)
            ),
            Ok(Value::Key("in_progress"))
        );
        assert_eq!(
            read(&s("'=1+1"), Kind::Text),
            Ok(Value::Text("=1+1".into()))
        );
        assert_eq!(
            read(&s("'quoted"), Kind::Text),
            Ok(Value::Text("'quoted".into()))
        );
        assert_eq!(address(11, 5), "F12");
        assert_eq!(address(0, 27), "AB1");
    }
}
