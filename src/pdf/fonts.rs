//! Fonts: is a Chinese font installed (fontconfig), and which fonts did the
//! browser embed in the PDF.

use std::collections::BTreeSet;
use std::process::Command;

use lopdf::{Document, Object};

/// The CJK font families fontconfig knows, or why that could not be asked.
#[derive(Debug)]
pub enum Installed {
    Families(Vec<String>),
    Unknown(String),
}

/// `fc-list :lang=zh family`: the installed fonts that cover Chinese.
pub fn installed_cjk() -> Installed {
    match Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output()
    {
        Ok(out) if out.status.success() => {
            let families: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter_map(|l| l.split(',').next())
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect();
            Installed::Families(families.into_iter().collect())
        }
        Ok(out) => Installed::Unknown(format!("fc-list failed: {}", out.status)),
        Err(_) if cfg!(windows) => Installed::Unknown("no fontconfig on Windows".into()),
        Err(e) => Installed::Unknown(format!("fc-list not found: {e}")),
    }
}

/// The fonts of a PDF.
#[derive(Debug, Default)]
pub struct Fonts {
    /// Embedded fonts with a program (TrueType, CFF): `BaseFont` without the subset tag.
    pub embedded: Vec<String>,
    pub not_embedded: Vec<String>,
    /// Type 3 fonts (glyphs drawn as PDF procedures: no name, always "embedded").
    pub type3: usize,
}

impl Fonts {
    pub fn describe(&self) -> String {
        let mut s = if self.embedded.is_empty() {
            "none with a font program".to_string()
        } else {
            self.embedded.join(", ")
        };
        if self.type3 > 0 {
            s.push_str(&format!("; {} Type 3", self.type3));
        }
        s
    }
}

/// List the fonts of `doc`.
pub fn embedded(doc: &Document) -> Fonts {
    let mut embedded = BTreeSet::new();
    let mut not_embedded = BTreeSet::new();
    let mut type3 = 0;
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice()) {
            continue;
        }
        let subtype = d.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        match subtype {
            b"Type3" => type3 += 1,
            // Composite fonts: the descendant (CIDFontType0/2) carries the descriptor.
            b"Type0" => {}
            _ => {
                let name = d
                    .get(b"BaseFont")
                    .and_then(Object::as_name)
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                let name = match name.split_once('+') {
                    Some((tag, rest)) if tag.len() == 6 => rest.to_string(),
                    _ => name,
                };
                let has_program = d
                    .get(b"FontDescriptor")
                    .ok()
                    .and_then(|o| doc.dereference(o).ok())
                    .and_then(|(_, o)| o.as_dict().ok())
                    .is_some_and(|fd| {
                        [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                            .iter()
                            .any(|k| fd.has(k))
                    });
                if has_program {
                    embedded.insert(name);
                } else {
                    not_embedded.insert(name);
                }
            }
        }
    }
    Fonts {
        embedded: embedded.into_iter().collect(),
        not_embedded: not_embedded.into_iter().collect(),
        type3,
    }
}
