//! `archive` and `verify`: thin commands over the build and the archive module.

use std::path::Path;
use std::process::ExitCode;

use crate::archive::{self, ArchiveError, SnapshotMeta};
use crate::build::{self, BuildOptions};
use crate::cli::{checked, Checked, Cli};
use crate::diag::Diagnostic;

fn print_diags(cli: &Cli, diags: &[Diagnostic]) {
    for d in diags {
        if d.is_error() || !cli.quiet {
            eprint!("{d}");
        }
    }
}

/// `pdf`: `Some(browser)` to print the compilation into the snapshot.
pub fn archive(
    cli: &Cli,
    year: u16,
    force: bool,
    provisional: bool,
    pdf: Option<Option<std::path::PathBuf>>,
) -> anyhow::Result<ExitCode> {
    let Checked {
        project, failed, ..
    } = checked(cli, false)?;
    if failed {
        eprintln!("archive: 数据有错误，未存档（请先运行 `junheng check` 并修正）");
        return Ok(ExitCode::from(1));
    }
    let Some(y) = project.years.get(&year) else {
        let have: Vec<String> = project.years.keys().map(u16::to_string).collect();
        eprintln!(
            "错误: {year} 年没有数据，无法存档。有数据的年份：{}",
            have.join("、")
        );
        return Ok(ExitCode::from(1));
    };
    let is_provisional = y.status == crate::model::year::Status::Provisional;
    if is_provisional && !provisional {
        eprintln!(
            "错误: {year} 年的数据是初步数据（status: provisional），不宜作为正式存档。\
             请在数据定稿后（status: final）再存档；如确需存档初步数据，请加 --provisional，\
             快照的每一页和 manifest.json 都会注明“初步数据”"
        );
        return Ok(ExitCode::from(1));
    }
    if let Some(w) = build::source_date_epoch_warning() {
        eprintln!("警告: {w}");
    }
    let data_date = y.as_of.map(|d| d.to_string());
    let opts = BuildOptions {
        year: Some(year),
        pdf: pdf.is_some(),
        dry_run: false,
        ..BuildOptions::default()
    };
    // The snapshot is written as it is rendered (one file in memory at a time).
    let dir = build::archive_dir(&project);
    let writer = match archive::SnapshotWriter::start(&dir, year, force) {
        Ok(w) => w,
        Err(ArchiveError::Exists(folder)) => {
            eprintln!(
                "archive: {} 已存在，存档从不覆盖。如需替换请加 --force（原存档会另行保留）",
                folder.display()
            );
            return Ok(ExitCode::from(1));
        }
        Err(ArchiveError::Write(e)) => {
            eprintln!("错误: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(ArchiveError::Io(e)) => {
            return Err(anyhow::anyhow!("无法写入存档 {}：{e}", dir.display()))
        }
    };
    let built =
        build::render_to(&project, &opts, &writer.site()).map_err(|e| anyhow::anyhow!(e))?;
    print_diags(cli, &built.diags);
    if built.has_errors() {
        eprintln!("archive: 报告生成有错误，未存档");
        return Ok(ExitCode::from(1));
    }
    for (path, bytes) in archive::collect_inputs(&project.root, year)? {
        writer.put(&format!("inputs/{path}"), &bytes).map_err(|e| {
            anyhow::anyhow!("无法写入存档文件 inputs/{path}（{}）：{e}", dir.display())
        })?;
    }
    let report_date = build::report_date(&build::as_of(&project, Some(year)), Some(year));
    if let Some(browser) = pdf {
        let printed = print_pdf(
            cli,
            &writer.staged("site"),
            &writer.staged(PDF),
            browser,
            &report_date,
        );
        if let Err(e) = printed.and_then(|()| Ok(writer.add_written(PDF)?)) {
            eprintln!("archive: 无法生成 PDF，未存档：{e}");
            return Ok(ExitCode::from(2));
        }
    }
    let meta = SnapshotMeta {
        county: &project.county.name,
        year,
        data_date,
        report_date,
        provisional: is_provisional,
    };
    match writer.finish(&meta) {
        Ok(done) => {
            if let Some(old) = done.kept {
                println!("原有存档已另存为 {}", old.display());
            }
            println!(
                "已存档 {year} 年：{}（{} 个文件）和 {}",
                done.folder.display(),
                done.files,
                done.zip.display()
            );
            if is_provisional {
                println!("注意：该存档基于初步数据，每一页和 manifest.json 均已注明");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ArchiveError::Write(e)) => {
            eprintln!("错误: {e}");
            Ok(ExitCode::from(2))
        }
        Err(ArchiveError::Exists(folder)) => Err(anyhow::anyhow!(
            "{} 在存档过程中出现，未存档",
            folder.display()
        )),
        Err(ArchiveError::Io(e)) => Err(anyhow::anyhow!("无法写入存档 {}：{e}", dir.display())),
    }
}

/// Print the compilation of a site built in memory; the PDF's bytes.
fn print_tree_pdf(cli: &Cli, tree: &crate::write::Tree, date: &str) -> anyhow::Result<Vec<u8>> {
    let tmp = tempfile::tempdir()?;
    let site = tmp.path().join("site");
    crate::write::write_atomic(&site, tree)?;
    let out = tmp.path().join(PDF);
    print_pdf(cli, &site, &out, None, date)?;
    Ok(std::fs::read(out)?)
}

/// The compilation's file name in a snapshot.
const PDF: &str = "compilation.pdf";

/// Print the compilation of the site in `site` (a snapshot's staged site) to `out`.
fn print_pdf(
    cli: &Cli,
    site: &Path,
    out: &Path,
    browser: Option<std::path::PathBuf>,
    date: &str,
) -> anyhow::Result<()> {
    let opts = crate::pdf::Options {
        browser,
        date: date.to_string(),
        timeout: crate::pdf::browser::TIMEOUT,
        verbose: cli.verbose,
        quiet: cli.quiet,
    };
    crate::pdf::build(site, out, &opts).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

pub fn verify(cli: &Cli, path: &Path, rebuild: bool) -> anyhow::Result<ExitCode> {
    if !path.is_dir() && !path.is_file() {
        anyhow::bail!(
            "{} 不存在：请给出快照目录（output/archive/<年份>）或其 zip 文件",
            path.display()
        );
    }
    let snapshot = archive::read_snapshot(path)?;
    let v = archive::verify_tree(&snapshot)?;
    for f in &v.missing {
        println!("缺少：  {f}");
    }
    for f in &v.changed {
        println!("已改动：{f}");
    }
    for f in &v.extra {
        println!("多出：  {f}");
    }
    for p in &v.sums {
        println!("SHA256SUMS: {p}");
    }
    let Some(manifest) = v.manifest.clone() else {
        println!("{} 中没有可读的 manifest.json", path.display());
        return Ok(ExitCode::from(1));
    };
    if !v.ok() {
        println!("verify: {} 与其清单（manifest.json）不符", path.display());
        return Ok(ExitCode::from(1));
    }
    println!(
        "已核验 {}：{} 个文件与 manifest.json 一致（{} 年，junheng {}）",
        path.display(),
        manifest.files.len(),
        manifest.year,
        manifest.version
    );
    if manifest.provisional {
        println!(
            "注意：该快照基于 {} 年的初步数据（manifest.json 中 provisional: true）",
            manifest.year
        );
    }
    if !rebuild {
        return Ok(ExitCode::SUCCESS);
    }
    if manifest.version != env!("CARGO_PKG_VERSION") {
        eprintln!(
            "注意：该存档由 junheng {} 生成，当前版本为 {}",
            manifest.version,
            env!("CARGO_PKG_VERSION")
        );
    }
    // Rebuild from the snapshot's own inputs, unpacked into a temporary folder
    // (the same for a folder and a zip).
    let unpacked = tempfile::tempdir()?;
    let inputs_tree: crate::write::Tree = snapshot
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("inputs/")?.to_string(), v.clone())))
        .collect();
    let inputs_dir = unpacked.path().join("inputs");
    crate::write::write_atomic(&inputs_dir, &inputs_tree)?;
    let inputs = Cli {
        project: inputs_dir,
        ..cli.clone()
    };
    let Checked {
        project, failed, ..
    } = checked(&inputs, false)?;
    if failed {
        println!("verify --rebuild: 存档中的输入数据有错误");
        return Ok(ExitCode::from(1));
    }
    let opts = BuildOptions {
        year: Some(manifest.year),
        date: Some(manifest.report_date.clone()),
        pdf: path.join("compilation.pdf").is_file(),
        dry_run: false,
        ..BuildOptions::default()
    };
    let built = build::render(&project, &opts).map_err(|e| anyhow::anyhow!(e))?;
    let archived: crate::write::Tree = snapshot
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("site/")?.to_string(), v.clone())))
        .collect();
    let mut diff: Vec<String> = archive::tree_diff(&archived, &built.tree)
        .into_iter()
        .map(|f| format!("site/{f}"))
        .collect();
    if let Some(archived_pdf) = snapshot.get("compilation.pdf") {
        match print_tree_pdf(cli, &built.tree, &manifest.report_date) {
            Ok(bytes) if bytes == *archived_pdf => {
                println!("重新生成 compilation.pdf：完全一致")
            }
            Ok(_) => diff.push("compilation.pdf".into()),
            Err(e) => eprintln!("注意：未能重新生成 compilation.pdf：{e}"),
        }
    }
    for f in &diff {
        println!("不一致：{f}");
    }
    if diff.is_empty() {
        println!(
            "已用 inputs/ 重新生成：网站的全部 {} 个文件完全一致",
            archived.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!("verify --rebuild: {} 个文件不一致", diff.len());
        Ok(ExitCode::from(1))
    }
}
