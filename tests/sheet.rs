//! `export` and `import`: round trips on every sample year, each clerk's
//! mistake (read where unambiguous, else refused naming sheet and cell),
//! `--force` and backups, and the formula workbook recalculated by LibreOffice.
//!
//! The LibreOffice tests print "skipped: soffice not found" when it is missing,
//! and fail instead under JUNHENG_REQUIRE_TOOLS=1. One soffice run converts
//! every workbook they need.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader};
use common::{copy_tree, junheng, repo};
use rust_xlsxwriter::Workbook;

/// The sample county (data only) in a temporary folder.
fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), &dir.path().join("data"));
    dir
}

fn small() -> tempfile::TempDir {
    common::project(None)
}

fn p(dir: &Path) -> String {
    dir.display().to_string()
}

fn stats(dir: &Path, year: u16) -> String {
    let r = junheng(&[
        "--project",
        &p(dir),
        "stats",
        "--year",
        &year.to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

fn export(dir: &Path, year: u16, extra: &[&str]) -> PathBuf {
    let out = dir.join(format!("out-{year}{}.xlsx", extra.join("")));
    let mut args = vec![
        "--project".to_string(),
        p(dir),
        "export".into(),
        "--year".into(),
        year.to_string(),
        "--out".into(),
        p(&out),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = junheng(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("已导出"), "{}", r.stdout);
    out
}

fn import(dir: &Path, file: &Path, force: bool) -> common::Run {
    let mut args = vec![
        "--project",
        dir.to_str().unwrap(),
        "import",
        file.to_str().unwrap(),
    ];
    if force {
        args.push("--force");
    }
    junheng(&args)
}

fn remove_year(dir: &Path, year: u16) {
    let f = dir.join(format!("data/years/{year}.yaml"));
    let d = dir.join(format!("data/years/{year}"));
    if f.exists() {
        std::fs::remove_file(f).unwrap();
    } else {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn every_sample_year_round_trips_through_a_workbook() {
    let dir = sample();
    let years: Vec<u16> = (2020..=2026).collect();
    for y in years {
        let before = stats(dir.path(), y);
        let wb = export(dir.path(), y, &[]);
        remove_year(dir.path(), y);
        let r = import(dir.path(), &wb, false);
        assert_eq!(r.code, 0, "{y}: {}", r.stderr);
        assert!(r.stdout.contains("已导入"), "{}", r.stdout);
        assert_eq!(stats(dir.path(), y), before, "{y}");
    }
    // The written file carries the Chinese field comments.
    let text = std::fs::read_to_string(dir.path().join("data/years/2025.yaml")).unwrap();
    assert!(text.contains("# 在校生数（人）："), "{}", &text[..500]);
    let check = junheng(&["--project", &p(dir.path()), "check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn import_replaces_only_with_force_and_keeps_the_old_file() {
    let dir = small();
    let wb = export(dir.path(), 2023, &[]);
    let file = dir.path().join("data/years/2023.yaml");
    let old = std::fs::read(&file).unwrap();
    let r = import(dir.path(), &wb, false);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), old);
    let r = import(dir.path(), &wb, true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("data/backup/2023.yaml.bak-1"),
        "{}",
        r.stdout
    );
    assert_eq!(
        std::fs::read(dir.path().join("data/backup/2023.yaml.bak-1")).unwrap(),
        old
    );
    // The backup folder does not upset the loader.
    assert_eq!(junheng(&["--project", &p(dir.path()), "check"]).code, 0);
}

#[test]
fn blank_template_lists_every_school_with_empty_values() {
    let dir = small();
    let wb = export(dir.path(), 2023, &["--blank"]);
    let sheets = read_book(&wb);
    let s = sheet(&sheets, "学校数据");
    let ids: Vec<String> = s.iter().skip(1).map(|r| r[0].to_string()).collect();
    let reg = std::fs::read_to_string(dir.path().join("data/schools.yaml")).unwrap();
    for id in &ids {
        assert!(reg.contains(&format!("id: {id}")), "{id}");
    }
    assert!(!ids.is_empty());
    assert!(s
        .iter()
        .skip(1)
        .all(|r| r[3..].iter().all(|c| matches!(c, Data::Empty))));
    // Importing the empty template is refused, naming cells.
    let r = import(dir.path(), &wb, true);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("学校数据!"), "{}", r.stderr);
}

// ---- clerks' mistakes -------------------------------------------------------

type Sheets = Vec<(String, Vec<Vec<Data>>)>;

fn read_book(path: &Path) -> Sheets {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let (h, w) = r.end().map_or((0, 0), |(a, b)| (a + 1, b + 1));
            let rows = (0..h)
                .map(|i| {
                    (0..w)
                        .map(|j| r.get_value((i, j)).cloned().unwrap_or(Data::Empty))
                        .collect()
                })
                .collect();
            (n, rows)
        })
        .collect()
}

fn sheet<'a>(s: &'a Sheets, name: &str) -> &'a Vec<Vec<Data>> {
    &s.iter().find(|(n, _)| n == name).unwrap().1
}

fn sheet_mut<'a>(s: &'a mut Sheets, name: &str) -> &'a mut Vec<Vec<Data>> {
    &mut s.iter_mut().find(|(n, _)| n == name).unwrap().1
}

/// Write sheets back as a plain workbook, with merged ranges (sheet, r0, c0, r1, c1).
fn write_book(s: &Sheets, merges: &[(&str, u32, u16, u32, u16)], to: &Path) {
    let mut wb = Workbook::new();
    for (name, rows) in s {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::String(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    _ => {}
                }
            }
        }
        for (sn, r0, c0, r1, c1) in merges {
            if sn == name {
                let v = match &rows[*r0 as usize][*c0 as usize] {
                    Data::String(t) => t.clone(),
                    Data::Float(f) => f.to_string(),
                    _ => String::new(),
                };
                ws.merge_range(*r0, *c0, *r1, *c1, &v, &rust_xlsxwriter::Format::new())
                    .unwrap();
            }
        }
    }
    wb.save(to).unwrap();
}

fn col_of(rows: &[Vec<Data>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == header))
        .unwrap_or_else(|| panic!("no column {header}"))
}

fn addr(r: usize, c: usize) -> String {
    format!("{}{}", (b'A' + c as u8) as char, r + 1)
}

/// A sample-county 2025 workbook, edited by `edit`, imported (with --force);
/// returns the run and the stats before.
struct Case {
    dir: tempfile::TempDir,
    before: String,
    sheets: Sheets,
}

fn case() -> Case {
    let dir = small();
    let before = stats(dir.path(), 2023);
    let wb = export(dir.path(), 2023, &[]);
    let sheets = read_book(&wb);
    Case {
        dir,
        before,
        sheets,
    }
}

impl Case {
    fn run(&self, merges: &[(&str, u32, u16, u32, u16)]) -> common::Run {
        let f = self.dir.path().join("edited.xlsx");
        write_book(&self.sheets, merges, &f);
        import(self.dir.path(), &f, true)
    }
    fn accepted(&self, merges: &[(&str, u32, u16, u32, u16)]) {
        let r = self.run(merges);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(stats(self.dir.path(), 2023), self.before);
    }
    fn refused(&self, merges: &[(&str, u32, u16, u32, u16)], cell: &str, phrase: &str) {
        let file = self.dir.path().join("data/years/2023.yaml");
        let old = std::fs::read(&file).unwrap();
        let r = self.run(merges);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr
                .lines()
                .any(|l| l.contains(cell) && l.contains(phrase)),
            "wanted {cell} and {phrase} in:\n{}",
            r.stderr
        );
        assert!(r.stderr.contains("未写入任何文件"), "{}", r.stderr);
        assert_eq!(std::fs::read(&file).unwrap(), old, "nothing written");
        assert!(!self.dir.path().join("data/backup").exists());
    }
    fn schools(&mut self) -> &mut Vec<Vec<Data>> {
        sheet_mut(&mut self.sheets, "学校数据")
    }
}

/// The first row (1-based index into the sheet) whose students cell holds a number.
fn first_counted(rows: &[Vec<Data>], col: usize) -> usize {
    (1..rows.len())
        .find(|r| matches!(rows[*r][col], Data::Float(_)))
        .unwrap()
}

#[test]
fn numbers_stored_as_text_with_separators_or_full_width_are_read() {
    let mut c = case();
    let rows = c.schools();
    let col = col_of(rows, "在校生数（人）");
    let r = first_counted(rows, col);
    let n = match rows[r][col] {
        Data::Float(f) => f as u64,
        _ => unreachable!(),
    };
    rows[r][col] = Data::String(n.to_string());
    let t = col_of(rows, "专任教师数（人）");
    let teachers = rows[r][t].to_string();
    let full: String = teachers
        .chars()
        .map(|ch| char::from_u32(ch as u32 - '0' as u32 + '０' as u32).unwrap())
        .collect();
    rows[r][t] = Data::String(full);
    let rr = first_counted(rows, col) + 1;
    let a = col_of(rows, "教学仪器设备值（元）");
    if let Data::Float(f) = rows[rr][a] {
        let v = f as u64;
        if v >= 1000 && f.fract() == 0.0 {
            rows[rr][a] = Data::String(format!("{},{:03}", v / 1000, v % 1000));
        }
    }
    c.accepted(&[]);
}

#[test]
fn a_percentage_in_a_count_is_refused_naming_the_cell() {
    let mut c = case();
    let rows = c.schools();
    let col = col_of(rows, "在校生数（人）");
    let r = first_counted(rows, col);
    rows[r][col] = Data::String("95%".into());
    c.refused(&[], &format!("学校数据!{}", addr(r, col)), "百分数");
}

#[test]
fn a_total_row_and_blank_rows_are_skipped() {
    let mut c = case();
    let rows = c.schools();
    let w = rows[0].len();
    let mut total = vec![Data::Empty; w];
    total[1] = Data::String("合计".into());
    total[3] = Data::Float(99999.0);
    let blank = vec![Data::Empty; w];
    rows.insert(2, blank.clone());
    rows.push(blank);
    rows.push(total);
    c.accepted(&[]);
}

#[test]
fn a_moved_column_is_found_by_its_header() {
    let mut c = case();
    for row in c.schools().iter_mut() {
        let v = row.remove(3);
        row.push(v);
    }
    c.accepted(&[]);
}

#[test]
fn a_renamed_column_is_refused() {
    let mut c = case();
    let rows = c.schools();
    let col = col_of(rows, "班数（个）");
    rows[0][col] = Data::String("班级数目".into());
    c.refused(
        &[],
        &format!("学校数据!{}", addr(0, col)),
        "无法识别的列标题",
    );
}

#[test]
fn an_unknown_or_repeated_school_is_refused() {
    let mut c = case();
    let rows = c.schools();
    rows[1][0] = Data::String("no-such-school".into());
    c.refused(&[], "学校数据!A2", "未知学校");
    let mut c = case();
    let rows = c.schools();
    let dup = rows[1].clone();
    rows.push(dup);
    let n = rows.len() - 1;
    c.refused(&[], &format!("学校数据!A{}", n + 1), "学校重复");
}

#[test]
fn merged_cells_fill_names_down_but_not_figures() {
    // A school with two sections: its id cells merged is fine.
    let mut c = case();
    let rows = c.schools();
    let two = (1..rows.len() - 1).find(|r| rows[*r][0] == rows[*r + 1][0]);
    let Some(r) = two else {
        // The fixture has no two-section school: merge the figures of two schools instead.
        let col = col_of(rows, "在校生数（人）");
        rows[2][col] = Data::Empty;
        c.refused(
            &[("学校数据", 1, col as u16, 2, col as u16)],
            &format!("学校数据!{}", addr(1, col)),
            "合并单元格",
        );
        return;
    };
    rows[r + 1][0] = Data::Empty;
    rows[r + 1][1] = Data::Empty;
    c.accepted(&[
        ("学校数据", r as u32, 0, r as u32 + 1, 0),
        ("学校数据", r as u32, 1, r as u32 + 1, 1),
    ]);
    let mut c = case();
    let rows = c.schools();
    let col = col_of(rows, "在校生数（人）");
    rows[r + 1][col] = Data::Empty;
    c.refused(
        &[("学校数据", r as u32, col as u16, r as u32 + 1, col as u16)],
        &format!("学校数据!{}", addr(r, col)),
        "合并单元格",
    );
}

#[test]
fn a_validation_error_names_the_cell_and_the_school() {
    let mut c = case();
    let rows = c.schools();
    let col = col_of(rows, "专任教师数（人）");
    let q = col_of(rows, "高于规定学历的专任教师数（人）");
    let r = first_counted(rows, col);
    rows[r][col] = Data::Float(1.0);
    rows[r][q] = Data::Float(5.0);
    let name = rows[r][1].to_string();
    let file = c.dir.path().join("data/years/2023.yaml");
    let old = std::fs::read(&file).unwrap();
    let run = c.run(&[]);
    assert_eq!(run.code, 1);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("qualified_teachers"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(line.contains(&format!("学校数据!{}", addr(r, q))), "{line}");
    assert!(line.contains(&name), "{line}");
    assert_eq!(std::fs::read(&file).unwrap(), old);
}

// ---- LibreOffice -----------------------------------------------------------

fn require_tools() -> bool {
    std::env::var("JUNHENG_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

fn soffice() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("soffice"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            !require_tools(),
            "JUNHENG_REQUIRE_TOOLS=1 but soffice is not installed"
        );
        eprintln!("skipped: soffice not found");
    }
    found
}

/// Convert every file to xlsx in one soffice run (a private profile); returns the outputs.
fn resave(files: &[PathBuf], outdir: &Path) -> Vec<PathBuf> {
    let exe = soffice().unwrap();
    let profile = tempfile::tempdir().unwrap();
    // Recalculate every formula on load (LibreOffice otherwise trusts the values
    // cached in the file, which are not junheng's to check).
    std::fs::create_dir_all(profile.path().join("user")).unwrap();
    std::fs::write(
        profile.path().join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let mut cmd = Command::new(exe);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.path().display()
    ))
    .args(["--headless", "--convert-to", "xlsx", "--outdir"])
    .arg(outdir)
    .args(files);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    files
        .iter()
        .map(|f| outdir.join(f.file_name().unwrap()))
        .inspect(|f| assert!(f.is_file(), "{} not written", f.display()))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The recalculated formula workbook equals the stats JSON on every figure.
fn assert_calc_matches(book: &Path, stats_json: &str) {
    let s: serde_json::Value = serde_json::from_str(stats_json).unwrap();
    let sheets = read_book(book);
    let keys = [
        "qualified_teachers_per_100",
        "backbone_teachers_per_100",
        "pe_art_teachers_per_100",
        "teaching_area_per_student",
        "sports_area_per_student",
        "equipment_value_per_student",
        "multimedia_rooms_per_100",
    ];
    let mut checked = 0;
    for (level, zh) in [("primary", "小学"), ("junior", "初中")] {
        let lv = &s["levels"][level];
        let secs = lv["sections"].as_array().cloned().unwrap_or_default();
        if secs.is_empty() {
            continue;
        }
        let rows = sheet(&sheets, &format!("{zh}资源配置"));
        let n = secs.len();
        for (k, sec) in secs.iter().enumerate() {
            let row = &rows[1 + k];
            assert_eq!(row[0].to_string(), sec["school"].as_str().unwrap());
            for (j, key) in keys.iter().enumerate() {
                let want = sec["values"][key].as_f64().unwrap();
                assert!(
                    close(num(&row[10 + j]), want),
                    "{zh} {} {key}: {:?} vs {want}",
                    sec["school"],
                    row[10 + j]
                );
            }
            assert_eq!(num(&row[17]) as u64, sec["met"].as_u64().unwrap());
            assert_eq!(
                matches!(&row[18], Data::String(s) if s == "达标"),
                sec["passes"].as_bool().unwrap()
            );
            checked += 1;
        }
        let at = |k: usize| &rows[n + 2 + k];
        for (j, key) in keys.iter().enumerate() {
            let ind = &lv["indicators"][key];
            assert!(
                close(num(&at(0)[10 + j]), ind["county_value"].as_f64().unwrap()),
                "{key} county"
            );
            if let Some(cv) = ind["cv"].as_f64() {
                assert!(
                    close(num(&at(3)[10 + j]), cv),
                    "{key} cv {:?} {cv}",
                    at(3)[10 + j]
                );
            }
            assert!(close(
                num(&at(1)[10 + j]),
                ind["standard"].as_f64().unwrap()
            ));
            assert!(
                close(num(&at(5)[10 + j]), ind["rate"].as_f64().unwrap()),
                "{key} rate"
            );
        }
        if let Some(c) = lv["composite_cv"].as_f64() {
            assert!(close(num(&at(6)[10]), c), "composite");
        }
    }
    assert!(checked > 0);
}

#[test]
fn libreoffice_recalculates_the_formula_workbook_to_the_stats_and_resaves_data() {
    if soffice().is_none() {
        return;
    }
    let big = sample();
    let little = small();
    let calc_big = export(big.path(), 2025, &["--calc"]);
    let calc_small = export(little.path(), 2023, &["--calc"]);
    // Deterministic bytes (a second file: an existing one is never replaced without --force).
    let again = std::fs::read(export(big.path(), 2025, &["--calc", "--force"])).unwrap();
    assert_eq!(std::fs::read(&calc_big).unwrap(), again);
    let data = export(big.path(), 2025, &[]);
    let renamed_small = big.path().join("small-calc.xlsx");
    std::fs::copy(&calc_small, &renamed_small).unwrap();
    // A probe whose cached value is wrong: proves LibreOffice recalculated
    // (the formula workbook caches junheng's own figures).
    let probe = big.path().join("probe.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .write_formula(0, 0, rust_xlsxwriter::Formula::new("=1+1").set_result("5"))
        .unwrap();
    wb.save(&probe).unwrap();
    let outdir = tempfile::tempdir().unwrap();
    let out = resave(&[calc_big, renamed_small, data, probe], outdir.path());
    assert_eq!(
        num(&sheet(&read_book(&out[3]), "Sheet1")[0][0]),
        2.0,
        "not recalculated"
    );
    assert_calc_matches(&out[0], &stats(big.path(), 2025));
    assert_calc_matches(&out[1], &stats(little.path(), 2023));
    // A workbook re-saved by LibreOffice imports to the same stats.
    let before = stats(big.path(), 2025);
    remove_year(big.path(), 2025);
    let r = import(big.path(), &out[2], false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stats(big.path(), 2025), before);
}

#[test]
fn help_and_summaries_are_chinese() {
    for args in [
        vec!["--help"],
        vec!["export", "--help"],
        vec!["import", "--help"],
        vec!["check", "--help"],
        vec!["stats", "--help"],
        vec!["serve", "--help"],
    ] {
        let r = junheng(&args);
        assert_eq!(r.code, 0);
        assert!(
            r.stdout
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            r.stdout
        );
        for english in [
            "Usage:",
            "Options:",
            "[OPTIONS]",
            "[default:",
            "[possible values:",
        ] {
            assert!(!r.stdout.contains(english), "{english}: {}", r.stdout);
        }
    }
    let r = junheng(&["export", "--yaer", "2025"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("无法识别的选项") && r.stderr.contains("--yaer"),
        "{}",
        r.stderr
    );
    let dir = small();
    let r = junheng(&["--project", &p(dir.path()), "check"]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains("error(s)"), "{}", r.stdout);
    assert!(r.stdout.contains("错误"), "{}", r.stdout);
}

#[test]
fn the_site_offers_each_years_formula_workbook() {
    let dir = small();
    let out = dir.path().join("site");
    let r = junheng(&["--project", &p(dir.path()), "build", "--out", &p(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let downloads = std::fs::read_to_string(out.join("downloads.html")).unwrap();
    let years: Vec<u16> = std::fs::read_dir(dir.path().join("data/years"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.get(..4)?.parse().ok())
        .collect();
    assert!(!years.is_empty());
    for y in years {
        let rel = format!("data/xlsx/resource-{y}.xlsx");
        assert!(downloads.contains(&rel), "{downloads}");
        let wb = export(dir.path(), y, &["--calc"]);
        assert_eq!(
            std::fs::read(out.join(&rel)).unwrap(),
            std::fs::read(wb).unwrap()
        );
    }
}

#[test]
fn not_applicable_figures_round_trip() {
    let dir = small();
    let f = dir.path().join("data/years/2023.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    let text = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("migrant_children:"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(
            "county:\n",
            "county:\n  not_applicable: [migrant_children]\n",
        );
    std::fs::write(&f, text).unwrap();
    let before = stats(dir.path(), 2023);
    let wb = export(dir.path(), 2023, &[]);
    remove_year(dir.path(), 2023);
    let r = import(dir.path(), &wb, false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stats(dir.path(), 2023), before);
    let back = std::fs::read_to_string(&f).unwrap();
    assert!(
        back.contains("not_applicable: [migrant_children]"),
        "{back}"
    );
}
