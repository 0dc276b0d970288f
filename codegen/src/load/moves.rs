//! Where the nodes of a converted document stood in the original one.
//!
//! Diagnostics name JSON pointers, and the user reads them against their own file. Converting
//! Swagger 2.0 moves whole subtrees (`/definitions/X` becomes `/components/schemas/X`, a body
//! parameter becomes `requestBody`), and normalizing references copies nodes into new
//! components; whatever a later stage says about the converted document is translated back
//! through the longest recorded prefix.

use std::collections::BTreeMap;

/// Pointer prefixes of a converted document, each mapped to the prefix it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moves {
    map: BTreeMap<String, String>,
}

impl Moves {
    /// Records that the node at `to` (and everything under it) came from the node at `from`.
    pub fn record(&mut self, to: impl Into<String>, from: impl Into<String>) {
        let (to, from) = (to.into(), from.into());
        if to != from {
            self.map.insert(to, from);
        }
    }

    /// The pointer, in the original document, of the node at `pointer` in the converted one.
    pub fn original(&self, pointer: &str) -> String {
        let mut end = pointer.len();
        loop {
            if let Some(from) = self.map.get(&pointer[..end]) {
                return format!("{from}{}", &pointer[end..]);
            }
            match pointer[..end].rfind('/') {
                Some(slash) => end = slash,
                None => return pointer.to_string(),
            }
        }
    }

    /// Records that the node at `from` was copied to `to`, both pointers in terms of the
    /// document as it is now: whatever is recorded of `from` and below holds for `to`.
    pub fn copied(&mut self, to: &str, from: &str) {
        let mut copy = Moves::default();
        copy.record(to, from);
        self.then(copy);
    }

    /// Appends the moves of a later pass, whose `from` pointers are in terms of this one's
    /// converted document, so that the result maps the later document to the original.
    pub fn then(&mut self, later: Moves) {
        let mut entries: Vec<(String, String)> = later.map.into_iter().collect();
        // Outer moves first: a move inside another refines it.
        entries.sort_by_key(|(to, _)| to.len());
        // Every `from` is read against this document as it was before the later pass, not
        // against the later pass's own entries.
        let mut added = Vec::new();
        for (to, from) in &entries {
            added.extend(self.under(from).map(|(k, v)| (format!("{to}{}", &k[from.len()..]), v.clone())));
            added.push((to.clone(), self.original(from)));
        }
        // What stood under a `to` before is gone; what stands there now is a copy of `from`.
        for (to, _) in &entries {
            let stale: Vec<String> = self.under(to).map(|(k, _)| k.clone()).collect();
            for key in stale {
                self.map.remove(&key);
            }
        }
        for (to, from) in added {
            self.map.remove(&to);
            self.record(to, from);
        }
    }

    /// Every recorded prefix: converted, then original.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Entries strictly below `prefix`.
    fn under<'m>(&'m self, prefix: &str) -> impl Iterator<Item = (&'m String, &'m String)> {
        let start = format!("{prefix}/");
        self.map.range(start.clone()..).take_while(move |(k, _)| k.starts_with(&start))
    }
}

#[cfg(test)]
mod tests {
    use super::Moves;

    #[test]
    fn the_longest_prefix_translates() {
        let mut moves = Moves::default();
        moves.record("/components/schemas", "/definitions");
        moves.record(
            "/paths/~1a/post/requestBody/content/application~1json/schema",
            "/paths/~1a/post/parameters/0/schema",
        );
        moves.record("/paths/~1a/post/requestBody", "/paths/~1a/post/parameters/0");
        let cases = [
            ("/components/schemas/Pet/properties/id", "/definitions/Pet/properties/id"),
            ("/components/schemasX", "/components/schemasX"),
            (
                "/paths/~1a/post/requestBody/content/application~1json/schema/items",
                "/paths/~1a/post/parameters/0/schema/items",
            ),
            ("/paths/~1a/post/requestBody/content", "/paths/~1a/post/parameters/0/content"),
            ("/paths/~1a/get", "/paths/~1a/get"),
            ("", ""),
        ];
        for (converted, original) in cases {
            assert_eq!(moves.original(converted), original, "{converted}");
        }
    }

    #[test]
    fn later_moves_compose_with_earlier_ones() {
        let mut moves = Moves::default();
        moves.record("/components/schemas", "/definitions");
        moves.record("/paths/~1a/post/requestBody/content/m/schema/properties/f", "/paths/~1a/post/parameters/2");
        let mut later = Moves::default();
        later.record("/components/schemas/Tag_allOf_0", "/components/schemas/Tag/allOf/0");
        later.record("/components/schemas/Form", "/paths/~1a/post/requestBody/content/m/schema");
        moves.then(later);
        assert_eq!(moves.original("/components/schemas/Tag_allOf_0/type"), "/definitions/Tag/allOf/0/type");
        assert_eq!(moves.original("/components/schemas/Form/properties/f/items"), "/paths/~1a/post/parameters/2/items");
        assert_eq!(moves.original("/components/schemas/Tag"), "/definitions/Tag");
    }

    #[test]
    fn a_pass_is_composed_with_what_came_before_not_with_itself() {
        // A 2.0 operation whose body parameter came first: the query parameter moved from
        // index 1 to 0, and the one at index 2 to 1.
        let mut pass = Moves::default();
        pass.record("/p/parameters/0", "/p/parameters/1");
        pass.record("/p/parameters/0/schema", "/p/parameters/1");
        pass.record("/p/parameters/1", "/p/parameters/2");
        pass.record("/p/parameters/1/schema", "/p/parameters/2");
        let mut moves = Moves::default();
        moves.then(pass.clone());
        assert_eq!(moves, pass);
        assert_eq!(moves.original("/p/parameters/0/schema/items"), "/p/parameters/1/items");
    }

    #[test]
    fn a_copy_carries_what_is_known_below_its_source() {
        let mut moves = Moves::default();
        moves.record("/s/properties/a/allOf/0", "/s/properties/a");
        moves.copied("/s/oneOf/1/properties", "/s/properties");
        assert_eq!(moves.original("/s/oneOf/1/properties/a/allOf/0/x"), "/s/properties/a/x");
        assert_eq!(moves.original("/s/oneOf/1/properties/b"), "/s/properties/b");
    }

    #[test]
    fn a_replaced_node_forgets_what_stood_under_it() {
        let mut moves = Moves::default();
        moves.record("/paths/~1a/get/parameters/0", "/paths/~1a/get/parameters/1");
        let mut later = Moves::default();
        later.record("/paths/~1a", "/paths/~1b");
        moves.then(later);
        assert_eq!(moves.original("/paths/~1a/get/parameters/0"), "/paths/~1b/get/parameters/0");
    }
}
