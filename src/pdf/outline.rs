//! Read a PDF's outline (bookmarks): each entry's level, title and the page
//! its destination is on. Chromium builds the outline from the headings
//! (`--generate-pdf-document-outline`), so this is where a heading's page is.
//! Also the named destinations: Chromium writes one per element id that a
//! link of the document points to (`href="#c3-tab-x"`), so a figure or table
//! caption the lists link to has its page there.

use std::collections::{BTreeMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

/// One bookmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1 for top-level bookmarks.
    pub level: usize,
    pub title: String,
    /// 1-based page number.
    pub page: u32,
}

/// The outline of `doc` in document order (depth first). A document without
/// an outline gives an empty list.
pub fn read(doc: &Document) -> Result<Vec<Entry>, String> {
    let pages: BTreeMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let catalog = doc
        .catalog()
        .map_err(|e| format!("PDF has no catalog: {e}"))?;
    let Some(root) = catalog
        .get(b"Outlines")
        .ok()
        .and_then(|o| deref_dict(doc, o))
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    walk(doc, &pages, root, 1, &mut out, &mut seen)?;
    Ok(out)
}

fn walk(
    doc: &Document,
    pages: &BTreeMap<ObjectId, u32>,
    parent: &Dictionary,
    level: usize,
    out: &mut Vec<Entry>,
    seen: &mut HashSet<ObjectId>,
) -> Result<(), String> {
    let mut next = parent
        .get(b"First")
        .ok()
        .and_then(|o| o.as_reference().ok());
    while let Some(id) = next {
        if !seen.insert(id) || level > 32 {
            return Err("the PDF outline has a cycle".into());
        }
        let item = doc
            .get_dictionary(id)
            .map_err(|e| format!("bad outline item {id:?}: {e}"))?;
        let title = item
            .get(b"Title")
            .ok()
            .and_then(|t| doc.dereference(t).ok())
            .and_then(|(_, t)| lopdf::decode_text_string(t).ok())
            .unwrap_or_default();
        let page = destination_page(doc, pages, item).unwrap_or(0);
        out.push(Entry { level, title, page });
        walk(doc, pages, item, level + 1, out, seen)?;
        next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
    }
    Ok(())
}

/// The page of an outline item's `/Dest` or `/A << /S /GoTo /D … >>`.
fn destination_page(
    doc: &Document,
    pages: &BTreeMap<ObjectId, u32>,
    item: &Dictionary,
) -> Option<u32> {
    let dest = match item.get(b"Dest") {
        Ok(d) => d,
        Err(_) => {
            let action = deref_dict(doc, item.get(b"A").ok()?)?;
            action.get(b"D").ok()?
        }
    };
    dest_page(doc, pages, dest)
}

/// The named destinations of `doc`: the catalog's `/Dests` dictionary and the
/// `/Names /Dests` name tree, name → 1-based page. Names that are not UTF-8
/// or point nowhere are left out.
pub fn destinations(doc: &Document) -> BTreeMap<String, u32> {
    let pages: BTreeMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut out = BTreeMap::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    if let Some(d) = catalog.get(b"Dests").ok().and_then(|o| deref_dict(doc, o)) {
        for (k, v) in d.iter() {
            if let (Ok(name), Some(p)) = (std::str::from_utf8(k), dest_page(doc, &pages, v)) {
                out.insert(name.to_string(), p);
            }
        }
    }
    if let Some(tree) = catalog
        .get(b"Names")
        .ok()
        .and_then(|o| deref_dict(doc, o))
        .and_then(|n| n.get(b"Dests").ok())
        .and_then(|o| deref_dict(doc, o))
    {
        name_tree(doc, &pages, tree, &mut out, 0);
    }
    out
}

fn name_tree(
    doc: &Document,
    pages: &BTreeMap<ObjectId, u32>,
    node: &Dictionary,
    out: &mut BTreeMap<String, u32>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    if let Some(names) = node.get(b"Names").ok().and_then(|o| deref_array(doc, o)) {
        for pair in names.chunks(2) {
            let [k, v] = pair else { continue };
            let key = doc
                .dereference(k)
                .ok()
                .and_then(|(_, k)| lopdf::decode_text_string(k).ok());
            if let (Some(name), Some(p)) = (key, dest_page(doc, pages, v)) {
                out.insert(name, p);
            }
        }
    }
    if let Some(kids) = node.get(b"Kids").ok().and_then(|o| deref_array(doc, o)) {
        for kid in kids {
            if let Some(d) = deref_dict(doc, kid) {
                name_tree(doc, pages, d, out, depth + 1);
            }
        }
    }
}

/// The page of a destination value: `[page …]` or `<< /D [page …] >>`.
fn dest_page(doc: &Document, pages: &BTreeMap<ObjectId, u32>, dest: &Object) -> Option<u32> {
    let (_, dest) = doc.dereference(dest).ok()?;
    let array = match dest {
        Object::Array(a) => a,
        Object::Dictionary(d) => d.get(b"D").ok()?.as_array().ok()?,
        _ => return None,
    };
    match array.first()? {
        Object::Reference(id) => pages.get(id).copied(),
        Object::Integer(i) => u32::try_from(*i).ok().map(|i| i + 1),
        _ => None,
    }
}

fn deref_array<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Vec<Object>> {
    doc.dereference(o).ok()?.1.as_array().ok()
}

fn deref_dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(o).ok()?.1.as_dict().ok()
}

/// Chromium sometimes doubles a bookmark's title (seen for chapter headings
/// set in Noto CJK: `第一章　标题第一章　标题`). Set each outline item whose
/// title is one of `labels` twice over back to the label; returns how many.
pub fn undouble_titles(doc: &mut Document, labels: &[String]) -> usize {
    let mut fixed = 0;
    for obj in doc.objects.values_mut() {
        let Ok(d) = obj.as_dict_mut() else { continue };
        if !d.has(b"Parent") {
            continue;
        }
        let Some(title) = d
            .get(b"Title")
            .ok()
            .and_then(|t| lopdf::decode_text_string(t).ok())
        else {
            continue;
        };
        let chars: Vec<char> = title.chars().collect();
        if chars.len() < 2 || !chars.len().is_multiple_of(2) {
            continue;
        }
        let (a, b) = chars.split_at(chars.len() / 2);
        if a != b {
            continue;
        }
        let half: String = a.iter().collect();
        if labels.iter().any(|l| same_title(l, &half)) {
            d.set("Title", lopdf::text_string(&half));
            fixed += 1;
        }
    }
    fixed
}

/// Compare titles ignoring all white space (Chromium keeps the full-width
/// space of 第一章　标题, other tools may not).
pub fn same_title(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(a) == squeeze(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Object};

    /// A two-page PDF with outline A (page 1) → A.1 (page 2), B (page 2 via /A GoTo).
    fn sample() -> Document {
        let mut doc = Document::with_version("1.4");
        let pages_id = doc.new_object_id();
        let p1 = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id });
        let p2 = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![p1.into(), p2.into()], "Count" => 2,
            }),
        );
        let root = doc.new_object_id();
        let a = doc.new_object_id();
        let a1 = doc.new_object_id();
        let b = doc.new_object_id();
        let dest =
            |p: ObjectId| Object::Array(vec![p.into(), "XYZ".into(), 0.into(), 0.into(), 0.into()]);
        doc.objects.insert(
            a,
            Object::Dictionary(dictionary! {
                "Title" => lopdf::text_string("第一章　总则"), "Parent" => root, "Next" => b,
                "First" => a1, "Last" => a1, "Dest" => dest(p1),
            }),
        );
        doc.objects.insert(
            a1,
            Object::Dictionary(dictionary! {
                "Title" => lopdf::text_string("一、概况"), "Parent" => a, "Dest" => dest(p2),
            }),
        );
        doc.objects.insert(
            b,
            Object::Dictionary(dictionary! {
                "Title" => lopdf::text_string("Appendix"), "Parent" => root, "Prev" => a,
                "A" => dictionary! { "S" => "GoTo", "D" => dest(p2) },
            }),
        );
        doc.objects.insert(
            root,
            Object::Dictionary(dictionary! { "Type" => "Outlines", "First" => a, "Last" => b }),
        );
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages_id, "Outlines" => root,
        });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn reads_nested_entries_with_pages() {
        let got = read(&sample()).unwrap();
        let want = [
            (1, "第一章　总则", 1),
            (2, "一、概况", 2),
            (1, "Appendix", 2),
        ];
        assert_eq!(got.len(), 3);
        for (e, (level, title, page)) in got.iter().zip(want) {
            assert_eq!((e.level, e.title.as_str(), e.page), (level, title, page));
        }
    }

    #[test]
    fn reads_named_destinations_from_dests_and_name_tree() {
        let mut doc = sample();
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let dest =
            |p: ObjectId| Object::Array(vec![p.into(), "XYZ".into(), 0.into(), 0.into(), 0.into()]);
        let dests = doc.add_object(dictionary! { "c1-tab-x" => dest(pages[1]) });
        let tree = doc.add_object(dictionary! {
            "Names" => vec![lopdf::text_string("annex-1"), dest(pages[0])],
        });
        let names = doc.add_object(dictionary! { "Dests" => tree });
        let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let cat = doc.get_dictionary_mut(root).unwrap();
        cat.set("Dests", dests);
        cat.set("Names", names);
        let d = destinations(&doc);
        assert_eq!(d.get("c1-tab-x"), Some(&2));
        assert_eq!(d.get("annex-1"), Some(&1));
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn no_outline_is_empty() {
        let mut doc = sample();
        let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
        doc.get_dictionary_mut(root).unwrap().remove(b"Outlines");
        assert!(read(&doc).unwrap().is_empty());
    }

    #[test]
    fn doubled_titles_of_known_labels_are_undoubled() {
        let mut doc = sample();
        for (_, o) in doc.objects.iter_mut() {
            if let Ok(d) = o.as_dict_mut() {
                if let Ok(t) = d.get(b"Title").and_then(lopdf::decode_text_string) {
                    if t == "第一章　总则" || t == "Appendix" {
                        d.set("Title", lopdf::text_string(&format!("{t}{t}")));
                    }
                }
            }
        }
        // Only titles of the contents' labels are touched.
        let n = undouble_titles(&mut doc, &["第一章 总则".to_string()]);
        assert_eq!(n, 1);
        let titles: Vec<String> = read(&doc).unwrap().into_iter().map(|e| e.title).collect();
        assert_eq!(titles, ["第一章　总则", "一、概况", "AppendixAppendix"]);
    }

    #[test]
    fn titles_compare_without_spaces() {
        assert!(same_title("第一章　县情概况", "第一章 县情概况"));
        assert!(!same_title("第一章", "第二章"));
    }
}
