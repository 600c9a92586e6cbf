//! Same input, same bytes: set the PDF's metadata (title, author, dates) from
//! the report and its `/ID` from a hash of the content, so two builds of the
//! same data give byte-identical files.
//!
//! Chromium stamps the wall-clock time into `/CreationDate` and `/ModDate`,
//! and names the structure tree's elements after DOM node numbers that can
//! shift between two prints of the same page (`renumber_struct_ids`);
//! everything else it writes is deterministic for the same HTML and fonts. lopdf rewrites the file (objects in number order, a fresh xref), so
//! the Info dictionary may grow (an `/Author` is added) without byte-offset
//! bookkeeping by hand.

use lopdf::{Dictionary, Document, Object, StringFormat};
use sha2::{Digest, Sha256};

/// What goes into the PDF's Info dictionary.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub author: String,
    /// The report date, `YYYY-MM-DD`.
    pub date: String,
    /// The `/Creator` entry (junheng and its version).
    pub creator: String,
}

/// `2026-09-01` → `D:20260901000000+00'00'` (PDF date, midnight UTC).
pub fn pdf_date(date: &str) -> Result<String, String> {
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 8 || date.len() != 10 {
        return Err(format!("report date `{date}` is not YYYY-MM-DD"));
    }
    Ok(format!("D:{digits}000000+00'00'"))
}

/// Write `doc` with `meta` and a content-derived `/ID`.
pub fn normalize(doc: &mut Document, meta: &Meta) -> Result<Vec<u8>, String> {
    let date = pdf_date(&meta.date)?;
    set_info(doc, meta, &date)?;
    normalize_xmp(doc, &meta.date)?;
    renumber_struct_ids(doc);
    doc.trailer.remove(b"ID");
    let first = save(doc)?;
    let hash = Sha256::digest(&first);
    let id = Object::String(hash[..16].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    save(doc)
}

/// Chromium names each element of the tagged PDF's structure tree after its
/// DOM node (`/ID(node00000308)`), and a node's number is not always the
/// same for the same page: once in CI, every number of a rebuild was one
/// less, the PDF otherwise the same. The ids are renumbered in their order
/// (`node00000001`, …) wherever they appear (the elements, table headers'
/// `/Headers`, the `/IDTree` and its `/Limits`), so the id tree stays sorted.
fn renumber_struct_ids(doc: &mut Document) {
    let mut ids: Vec<Vec<u8>> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"StructElem"))
        .filter_map(|d| d.get(b"ID").and_then(Object::as_str).ok())
        .map(<[u8]>::to_vec)
        .collect();
    // Chromium's ids are of one width, so their byte order is their number order.
    ids.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    ids.dedup();
    if ids.is_empty() {
        return;
    }
    let new: std::collections::HashMap<Vec<u8>, Vec<u8>> = ids
        .into_iter()
        .enumerate()
        .map(|(n, id)| (id, format!("node{:08}", n + 1).into_bytes()))
        .collect();
    fn rename(o: &mut Object, new: &std::collections::HashMap<Vec<u8>, Vec<u8>>) {
        match o {
            Object::String(s, _) => {
                if let Some(n) = new.get(s.as_slice()) {
                    s.clone_from(n);
                }
            }
            Object::Array(items) => items.iter_mut().for_each(|i| rename(i, new)),
            Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| rename(v, new)),
            Object::Stream(st) => st.dict.iter_mut().for_each(|(_, v)| rename(v, new)),
            _ => {}
        }
    }
    for o in doc.objects.values_mut() {
        rename(o, &new);
    }
}

fn save(doc: &mut Document) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(out)
}

fn set_info(doc: &mut Document, meta: &Meta, date: &str) -> Result<(), String> {
    let existing = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| o.as_reference().ok());
    let id = match existing {
        Some(id) if doc.get_dictionary(id).is_ok() => id,
        _ => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", id);
            id
        }
    };
    let info = doc
        .get_dictionary_mut(id)
        .map_err(|e| format!("bad PDF Info dictionary: {e}"))?;
    if !meta.title.is_empty() {
        info.set("Title", lopdf::text_string(&meta.title));
    }
    if !meta.author.is_empty() {
        info.set("Author", lopdf::text_string(&meta.author));
    }
    info.set("Creator", lopdf::text_string(&meta.creator));
    info.set("CreationDate", Object::string_literal(date));
    info.set("ModDate", Object::string_literal(date));
    Ok(())
}

/// An XMP packet (Chromium writes none today, other browsers may): pin its
/// dates to the report date and drop its per-run document/instance ids.
fn normalize_xmp(doc: &mut Document, date: &str) -> Result<(), String> {
    let Some(id) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|o| o.as_reference().ok())
    else {
        return Ok(());
    };
    let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
        return Ok(());
    };
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let Ok(xml) = String::from_utf8(bytes) else {
        return Ok(());
    };
    let stamp = format!("{date}T00:00:00Z");
    let mut xml = xml;
    for tag in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
        xml = replace_value(&xml, tag, &stamp);
    }
    for tag in ["xmpMM:DocumentID", "xmpMM:InstanceID"] {
        xml = replace_value(&xml, tag, "uuid:junheng");
    }
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.set_plain_content(xml.into_bytes());
    Ok(())
}

/// Replace the value of `<tag>…</tag>` and of `tag="…"` everywhere in `xml`.
fn replace_value(xml: &str, tag: &str, value: &str) -> String {
    let mut s = xml.to_string();
    for (open, close) in [
        (format!("<{tag}>"), format!("</{tag}>")),
        (format!("{tag}=\""), "\"".to_string()),
    ] {
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_str();
        while let Some(i) = rest.find(&open) {
            let after = &rest[i + open.len()..];
            let Some(j) = after.find(&close) else { break };
            out.push_str(&rest[..i + open.len()]);
            out.push_str(value);
            rest = &after[j..];
        }
        out.push_str(rest);
        s = out;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn meta() -> Meta {
        Meta {
            title: "石柱县资料汇编".into(),
            author: "县教委".into(),
            date: "2026-09-01".into(),
            creator: "junheng test".into(),
        }
    }

    fn tiny(stamp: &str) -> Vec<u8> {
        let mut doc = Document::with_version("1.4");
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages });
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        let info = doc.add_object(dictionary! {
            "Title" => lopdf::text_string("x"),
            "CreationDate" => Object::string_literal(stamp),
            "ModDate" => Object::string_literal(stamp),
        });
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        let mut v = Vec::new();
        doc.save_to(&mut v).unwrap();
        v
    }

    fn load(bytes: &[u8]) -> Document {
        Document::load_mem(bytes).unwrap()
    }

    #[test]
    fn dates_are_pinned_and_bytes_repeat() {
        let a = normalize(&mut load(&tiny("D:20261129162659+00'00'")), &meta()).unwrap();
        let b = normalize(&mut load(&tiny("D:20261130080000+08'00'")), &meta()).unwrap();
        assert_eq!(a, b);
        let doc = Document::load_mem(&a).unwrap();
        let info = doc
            .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
            .unwrap();
        let text = |k: &[u8]| lopdf::decode_text_string(info.get(k).unwrap()).unwrap();
        assert_eq!(text(b"CreationDate"), "D:20260901000000+00'00'");
        assert_eq!(text(b"ModDate"), "D:20260901000000+00'00'");
        assert_eq!(text(b"Author"), "县教委");
        assert_eq!(text(b"Title"), "石柱县资料汇编");
        assert!(doc.trailer.get(b"ID").is_ok());
    }

    /// The same structure tree with Chromium's node numbers shifted by one
    /// (as a rebuild once gave) saves to the same bytes, and the ids, the
    /// table headers' references and the id tree keep pointing alike.
    #[test]
    fn struct_element_ids_are_renumbered_in_order() {
        let tagged = |first: u32| {
            let mut doc = load(&tiny("D:20261129162659+00'00'"));
            let id = |n: u32| Object::string_literal(format!("node{:08}", first + n));
            let th =
                doc.add_object(dictionary! { "Type" => "StructElem", "S" => "TH", "ID" => id(0) });
            let td = doc.add_object(dictionary! {
                "Type" => "StructElem", "S" => "TD", "ID" => id(1),
                "A" => vec![Object::Dictionary(dictionary! { "O" => "Table", "Headers" => vec![id(0)] })],
            });
            doc.add_object(dictionary! {
                "Names" => vec![id(0), th.into(), id(1), td.into()],
                "Limits" => vec![id(0), id(1)],
            });
            normalize(&mut doc, &meta()).unwrap()
        };
        let (a, b) = (tagged(308), tagged(307));
        assert_eq!(a, b);
        let text = String::from_utf8_lossy(&a);
        assert_eq!(text.matches("(node00000001)").count(), 4, "{text}");
        assert_eq!(text.matches("(node00000002)").count(), 3, "{text}");
        assert!(!text.contains("(node00000308)"));
    }

    #[test]
    fn the_id_follows_the_content() {
        let a = normalize(&mut load(&tiny("D:20261129162659+00'00'")), &meta()).unwrap();
        let mut m = meta();
        m.title = "另一个标题".into();
        let b = normalize(&mut load(&tiny("D:20261129162659+00'00'")), &m).unwrap();
        let id = |v: &[u8]| {
            let d = Document::load_mem(v).unwrap();
            format!("{:?}", d.trailer.get(b"ID").unwrap())
        };
        assert_ne!(id(&a), id(&b));
    }

    #[test]
    fn xmp_values_are_replaced() {
        let x = r#"<x><xmp:CreateDate>2026-11-29T16:00:00Z</xmp:CreateDate><r xmpMM:InstanceID="uuid:123"/></x>"#;
        let x = replace_value(x, "xmp:CreateDate", "2026-09-01T00:00:00Z");
        let x = replace_value(&x, "xmpMM:InstanceID", "uuid:junheng");
        assert_eq!(
            x,
            r#"<x><xmp:CreateDate>2026-09-01T00:00:00Z</xmp:CreateDate><r xmpMM:InstanceID="uuid:junheng"/></x>"#
        );
    }

    #[test]
    fn bad_dates_are_refused() {
        assert!(pdf_date("2026-9-1").is_err());
        assert_eq!(pdf_date("2024-09-01").unwrap(), "D:20240901000000+00'00'");
    }
}
