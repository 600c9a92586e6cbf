//! `archive` and `verify`: snapshots verify, name what changed, rebuild to
//! identical bytes, are never overwritten without --force, and appear on the
//! site's archive page without `build` ever writing into the archive.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{junheng, project, read_tree};

fn run(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["--project", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    junheng(&all)
}

#[test]
fn archive_verify_and_tamper() {
    let dir = project(None);
    let r = run(dir.path(), &["archive", "--year", "2024", "--provisional"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let snap = dir.path().join("output/archive/2024");
    assert!(snap.join("site/index.html").is_file());
    assert!(snap.join("site/print.html").is_file());
    assert!(snap.join("inputs/data/schools.yaml").is_file());
    assert!(snap.join("inputs/data/years/2024/schools.yaml").is_file());
    assert!(dir.path().join("output/archive/2024.zip").is_file());
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(snap.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["year"], 2024);
    assert_eq!(manifest["tool"], "junheng");

    let snap_s = snap.to_str().unwrap();
    let v = junheng(&["verify", snap_s]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);

    // A reviewer without junheng: `sha256sum -c` accepts the snapshot.
    if let Ok(out) = Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(&snap)
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    let rebuilt = junheng(&["verify", snap_s, "--rebuild"]);
    assert_eq!(rebuilt.code, 0, "{}{}", rebuilt.stdout, rebuilt.stderr);
    assert!(rebuilt.stdout.contains("完全一致"), "{}", rebuilt.stdout);

    // One changed byte is named, and verify fails.
    let page = snap.join("site/ledger.html");
    let mut bytes = fs::read(&page).unwrap();
    bytes[10] ^= 1;
    fs::write(&page, bytes).unwrap();
    let v = junheng(&["verify", snap_s]);
    assert_eq!(v.code, 1);
    assert!(
        v.stdout.contains("已改动：site/ledger.html"),
        "{}",
        v.stdout
    );
    assert_eq!(v.stdout.matches("已改动：").count(), 1, "{}", v.stdout);
}

#[test]
fn an_archive_is_never_overwritten_without_force() {
    let dir = project(None);
    assert_eq!(
        run(dir.path(), &["archive", "--year", "2024", "--provisional"]).code,
        0
    );
    let archive = dir.path().join("output/archive");
    let before = read_tree(&archive);
    let again = run(dir.path(), &["archive", "--year", "2024", "--provisional"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(read_tree(&archive), before);

    let forced = run(
        dir.path(),
        &["archive", "--year", "2024", "--provisional", "--force"],
    );
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        archive.join("2024.replaced-1/manifest.json").is_file(),
        "old snapshot kept aside"
    );
    assert!(archive.join("2024.replaced-1.zip").is_file());
    assert!(archive.join("2024/manifest.json").is_file());
}

#[test]
fn an_archive_uses_only_data_up_to_its_year() {
    let dir = project(None);
    assert_eq!(run(dir.path(), &["archive", "--year", "2023"]).code, 0);
    let snap = dir.path().join("output/archive/2023");
    assert!(snap.join("inputs/data/years/2023.yaml").is_file());
    assert!(!snap.join("inputs/data/years/2024").exists());
    assert!(snap.join("site/years/2023.html").is_file());
    assert!(!snap.join("site/years/2024.html").exists());
}

#[test]
fn build_lists_snapshots_and_never_writes_the_archive() {
    let dir = project(None);
    assert_eq!(
        run(dir.path(), &["archive", "--year", "2024", "--provisional"]).code,
        0
    );
    let archive = dir.path().join("output/archive");
    let before = read_tree(&archive);
    let b = run(dir.path(), &["build", "--strict"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(
        read_tree(&archive),
        before,
        "build must not touch the archive"
    );
    let site = dir.path().join("output/site");
    let page = fs::read_to_string(site.join("archive.html")).unwrap();
    assert!(page.contains("archive/2024/index.html"), "{page}");
    assert_eq!(
        fs::read(site.join("archive/2024/index.html")).unwrap(),
        fs::read(archive.join("2024/site/index.html")).unwrap()
    );
}

#[test]
fn a_provisional_year_is_archived_only_with_provisional_and_says_so() {
    let dir = project(None);
    // 2024 of the fixture is `status: provisional`.
    let refused = run(dir.path(), &["archive", "--year", "2024"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("初步数据"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("--provisional"),
        "{}",
        refused.stderr
    );
    assert!(!dir.path().join("output/archive").exists());

    let r = run(dir.path(), &["archive", "--year", "2024", "--provisional"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let snap = dir.path().join("output/archive/2024");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(snap.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["provisional"], true);
    assert!(r.stdout.contains("初步数据"), "{}", r.stdout);
    let v = junheng(&["verify", snap.to_str().unwrap()]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains("初步数据"), "{}", v.stdout);
    // Every page carries the banner.
    let site = read_tree(&snap.join("site"));
    let mut pages = 0;
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            pages += 1;
            let html = String::from_utf8_lossy(bytes);
            assert!(
                html.contains("初步数据，尚未定稿"),
                "{path} does not say the data is provisional"
            );
        }
    }
    assert!(pages > 10);

    // A final year is archived without the flag and without the banner.
    let r = run(dir.path(), &["archive", "--year", "2023"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let snap = dir.path().join("output/archive/2023");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(snap.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["provisional"], false);
    let index = fs::read_to_string(snap.join("site/index.html")).unwrap();
    assert!(!index.contains("尚未定稿"));
}

#[test]
fn verify_accepts_the_zip_and_rebuilds_from_it() {
    let dir = project(None);
    assert_eq!(run(dir.path(), &["archive", "--year", "2023"]).code, 0);
    let zip = dir.path().join("output/archive/2023.zip");
    let zip_s = zip.to_str().unwrap();
    let v = junheng(&["verify", zip_s]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains("已核验"), "{}", v.stdout);
    let v = junheng(&["verify", zip_s, "--rebuild"]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains("完全一致"), "{}", v.stdout);

    // The zip is readable by group and others, like every other file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&zip).unwrap().permissions().mode() & 0o777;
        let manifest = dir.path().join("output/archive/2023/manifest.json");
        let usual = fs::metadata(manifest).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, usual, "zip {mode:o}, other files {usual:o}");
        assert_eq!(mode & 0o044, 0o044, "{mode:o}");
    }

    // Not a zip: refused with a message, no panic.
    let bad = dir.path().join("bad.zip");
    fs::write(&bad, "not a zip").unwrap();
    let v = junheng(&["verify", bad.to_str().unwrap()]);
    assert_eq!(v.code, 2, "{}{}", v.stdout, v.stderr);
    assert!(v.stderr.contains("不是可读的 zip 文件"), "{}", v.stderr);
}

#[test]
fn an_unreadable_snapshot_is_a_warning_naming_it() {
    let dir = project(None);
    let broken = dir.path().join("output/archive/2022");
    fs::create_dir_all(&broken).unwrap();
    fs::write(broken.join("manifest.json"), "{ not json").unwrap();
    let b = run(dir.path(), &["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.stderr.contains("output/archive/2022"), "{}", b.stderr);
    assert!(b.stderr.contains("无法解析"), "{}", b.stderr);
    // --strict makes it fail like any warning.
    assert_eq!(run(dir.path(), &["build", "--strict"]).code, 1);
}
