//! Property tests of the load stage: any YAML value, and any slip typed into a
//! valid year file (a Tab, a full-width colon, space or digit, a stray
//! character), never panics the loader, and a year file that is not loaded is
//! always named by an error.
//!
//! `PROPTEST_CASES=2000 cargo test --test load_props` runs a longer search.

mod common;

use std::fs;

use proptest::prelude::*;
use serde_json::Value;

const YEAR: &str = "data/years/2024.yaml";

/// The valid county with its 2024 folder replaced by one file holding `text`.
fn load_with(text: &str) -> (junheng::load::Project, junheng::diag::Diagnostics) {
    let dir = common::project(None);
    fs::remove_dir_all(dir.path().join("data/years/2024")).unwrap();
    fs::write(dir.path().join(YEAR), text).unwrap();
    junheng::load::load(dir.path())
}

fn assert_named(text: &str) {
    let (project, diags) = load_with(text);
    let named = diags.items.iter().any(|d| d.file == YEAR && d.is_error());
    assert!(
        project.years.contains_key(&2024) || named,
        "2024 not loaded and no error names {YEAR}: {:?}",
        diags.items
    );
    for d in diags.items.iter().filter(|d| d.file == YEAR) {
        assert!(!d.message.is_empty());
        if d.line > 0 {
            assert!(
                d.line <= text.split('\n').count(),
                "line {} past the end",
                d.line
            );
        }
    }
}

/// Keys of a year file, so generated values reach the typed model's depths.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("year".to_string()),
        Just("schools".to_string()),
        Just("school".to_string()),
        Just("primary".to_string()),
        Just("students".to_string()),
        Just("county".to_string()),
        Just("rotation".to_string()),
        Just("projects".to_string()),
        Just("not_applicable".to_string()),
        "\\PC{0,8}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The valid fixture's 2024 data as one file.
fn valid_year() -> String {
    let dir = common::fixtures().join("valid/data/years/2024");
    let header = fs::read_to_string(dir.join("schools.yaml")).unwrap();
    let county = fs::read_to_string(dir.join("county.yaml")).unwrap();
    format!("{header}\n{county}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_yaml_value_is_loaded_or_named(v in value()) {
        // JSON is YAML: every value is a well-formed YAML document.
        assert_named(&serde_json::to_string_pretty(&v).unwrap());
        assert_named(&format!("year: 2024\nschools: {}\n", serde_json::to_string(&v).unwrap()));
    }

    #[test]
    fn any_slip_in_a_valid_file_is_loaded_or_named(
        at in prop::collection::vec((any::<prop::sample::Index>(), prop_oneof![
            Just("\t"), Just("："), Just("\u{3000}"), Just("３"), Just("  "), Just("-"),
            Just(":"), Just("["), Just("#"), Just("\n"), Just("é"), Just("\u{feff}"),
        ]), 1..4)
    ) {
        let mut text = valid_year();
        for (i, s) in at {
            let chars: Vec<char> = text.chars().collect();
            let n = i.index(chars.len() + 1);
            let mut t: String = chars[..n].iter().collect();
            t.push_str(s);
            t.extend(&chars[n..]);
            text = t;
        }
        assert_named(&text);
    }
}
