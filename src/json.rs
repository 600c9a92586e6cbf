//! Pretty JSON for large downloads (`data/report.json`), byte for byte what
//! `serde_json::to_writer_pretty` writes, at a fraction of the cost.
//!
//! serde_json's `PrettyFormatter` writes every indentation level with a
//! `write_all` of its own, and a stream handed to us as `&mut dyn Write`
//! takes each of those (and each quote, colon and comma) through a virtual
//! call. At 3,000 schools the report is 83 MB of JSON and these small writes
//! were most of its 0.2 s. Here the output goes through a buffer of our own,
//! so small writes are copies into it, and a line break with its indentation
//! is one copy.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// Write `value` as serde_json's pretty JSON (two spaces per level) to `w`.
pub fn write_pretty<W: Write + ?Sized, T: Serialize + ?Sized>(
    w: &mut W,
    value: &T,
) -> serde_json::Result<()> {
    let mut buf = io::BufWriter::with_capacity(1 << 16, w);
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, Pretty::default());
    value.serialize(&mut ser)?;
    buf.flush().map_err(serde_json::Error::io)
}

/// A line break followed by the spaces of the deepest indentation written in
/// one copy; deeper levels (never reached by a report) take more copies.
const BREAK: &[u8; 1 + 128] = &{
    let mut b = [b' '; 129];
    b[0] = b'\n';
    b
};

/// `PrettyFormatter` with a two-space indent, with the same output.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break, then the current indentation.
    fn new_line<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        let mut spaces = self.level * 2;
        let first = spaces.min(BREAK.len() - 1);
        w.write_all(&BREAK[..1 + first])?;
        spaces -= first;
        while spaces > 0 {
            let n = spaces.min(BREAK.len() - 1);
            w.write_all(&BREAK[1..1 + n])?;
            spaces -= n;
        }
        Ok(())
    }

    fn begin<W: Write + ?Sized>(&mut self, w: &mut W, open: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(open)
    }

    fn end<W: Write + ?Sized>(&mut self, w: &mut W, close: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(w)?;
        }
        w.write_all(close)
    }

    fn item<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.new_line(w)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"[")
    }

    fn end_array<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }

    fn begin_array_value<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: Write + ?Sized>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"{")
    }

    fn end_object<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }

    fn begin_object_key<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: Write + ?Sized>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ours<T: Serialize>(v: &T) -> Vec<u8> {
        let mut out = Vec::new();
        write_pretty(&mut out, v).unwrap();
        out
    }

    #[test]
    fn same_bytes_as_serde_json_pretty() {
        // Empty and nested containers, strings needing escapes, numbers, and
        // nesting deeper than one copy of indentation (70 levels = 140 spaces).
        let mut deep = json!("leaf");
        for i in 0..70 {
            deep = if i % 2 == 0 {
                json!([deep, 1])
            } else {
                json!({ "k": deep, "e": {} })
            };
        }
        let values = [
            json!(null),
            json!([]),
            json!({}),
            json!([[], {}, [[]], {"a": []}]),
            json!({"名称": "西沱小学 \"一\"\n", "n": 1.5, "m": -3, "x": [1, 2.25, null, true]}),
            deep,
        ];
        for v in &values {
            let theirs = serde_json::to_vec_pretty(v).unwrap();
            assert_eq!(
                String::from_utf8(ours(v)).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }

    #[test]
    fn what_serde_json_refuses_is_an_error_and_non_finite_is_null() {
        #[derive(Serialize)]
        struct S {
            x: f64,
        }
        // serde_json writes a non-finite float as null; a map key that is
        // not a string is what it refuses.
        let bad: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        let mut out = Vec::new();
        assert!(write_pretty(&mut out, &bad).is_err());
        assert_eq!(ours(&S { x: f64::NAN }), b"{\n  \"x\": null\n}");
    }
}
