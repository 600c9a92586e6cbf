//! `IdIndex`: the position of each id in a list, so that looking an entry up
//! by id (a school in the registry, a school's entry in a year) costs O(1)
//! instead of a scan; a county of 3,000 schools looks schools up thousands of
//! times per year. Holds no data of its own and never changes what a lookup
//! answers.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Built on first use from the list it indexes. Every answer is the one
/// `items.iter().find(|t| key(t) == id)` gives: a hit is checked against the
/// list, and a miss, a failed check or a list whose length changed since the
/// index was built falls back to the scan (the fields are public, so a list
/// may change after the index was built).
#[derive(Debug, Clone, Default)]
pub struct IdIndex(OnceLock<(usize, HashMap<String, usize>)>);

impl IdIndex {
    pub fn find<'a, T>(&self, items: &'a [T], id: &str, key: impl Fn(&T) -> &str) -> Option<&'a T> {
        let (len, map) = self.0.get_or_init(|| {
            let mut map = HashMap::with_capacity(items.len());
            for (i, t) in items.iter().enumerate() {
                map.entry(key(t).to_string()).or_insert(i);
            }
            (items.len(), map)
        });
        if *len == items.len() {
            if let Some(t) = map.get(id).and_then(|i| items.get(*i)) {
                if key(t) == id {
                    return Some(t);
                }
            }
        }
        items.iter().find(|t| key(t) == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &String) -> &str {
        s
    }

    #[test]
    fn answers_like_a_scan() {
        let ix = IdIndex::default();
        let mut v: Vec<String> = ["a", "b", "a", "c"].map(String::from).to_vec();
        let found = |v: &[String], id: &str| ix.find(v, id, key).map(|s| s as *const String);
        assert_eq!(found(&v, "a"), Some(&v[0] as *const String));
        assert_eq!(found(&v, "c"), Some(&v[3] as *const String));
        assert_eq!(found(&v, "x"), None);
        // Changed after the index was built: still the scan's answer.
        v[3] = "x".into();
        assert_eq!(found(&v, "x"), Some(&v[3] as *const String));
        assert_eq!(found(&v, "c"), None);
        v.push("d".into());
        assert_eq!(found(&v, "d"), Some(&v[4] as *const String));
    }
}
