//! Finds the line and column of a JSON pointer in the source text, so that diagnostics about
//! a node can name its place in the file. Parsing keeps no positions (serde_yaml and
//! serde_json give none for values), so the place is looked up again in the text, only when a
//! diagnostic needs it.
//!
//! JSON is scanned exactly. YAML is read by indentation, which covers block style (how
//! OpenAPI documents are written); inside flow collections it answers with the nearest
//! enclosing block node.

/// Line and column (both 1-based) of the node at `pointer`, or of its nearest ancestor found.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let tokens = pointer_tokens(pointer);
    if text.trim_start().starts_with('{') || text.trim_start().starts_with('[') {
        json::locate(text, &tokens)
    } else {
        yaml::locate(text, &tokens)
    }
}

/// Splits a JSON pointer (`/paths/~1accounts/get`) into its unescaped tokens.
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}

/// Escapes one token for use in a JSON pointer.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

mod json {
    use super::line_col;

    struct Scanner<'a> {
        bytes: &'a [u8],
        pos: usize,
    }

    impl Scanner<'_> {
        fn skip_ws(&mut self) {
            while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.pos).copied()
        }

        /// Moves past a string starting at the opening quote; returns its raw contents.
        fn skip_string(&mut self) -> Option<&[u8]> {
            self.pos += 1;
            let start = self.pos;
            while self.pos < self.bytes.len() {
                match self.bytes[self.pos] {
                    b'\\' => self.pos += 2,
                    b'"' => {
                        self.pos += 1;
                        return Some(&self.bytes[start..self.pos - 1]);
                    }
                    _ => self.pos += 1,
                }
            }
            None
        }

        /// Reads a string starting at the opening quote, unescaped only if it has escapes.
        fn string(&mut self) -> Option<std::borrow::Cow<'_, str>> {
            let raw = std::str::from_utf8(self.skip_string()?).ok()?;
            if !raw.contains('\\') {
                return Some(raw.into());
            }
            Some(serde_json::from_str::<String>(&format!("\"{raw}\"")).map_or_else(|_| raw.into(), Into::into))
        }

        /// Skips one value of any kind.
        fn skip_value(&mut self) -> Option<()> {
            self.skip_ws();
            match self.peek()? {
                b'"' => self.skip_string().map(|_| ()),
                b'{' | b'[' => {
                    let mut depth = 0usize;
                    while let Some(b) = self.peek() {
                        match b {
                            b'"' => {
                                self.skip_string()?;
                                continue;
                            }
                            b'{' | b'[' => depth += 1,
                            b'}' | b']' => {
                                depth -= 1;
                                if depth == 0 {
                                    self.pos += 1;
                                    return Some(());
                                }
                            }
                            _ => {}
                        }
                        self.pos += 1;
                    }
                    None
                }
                _ => {
                    while let Some(b) = self.peek() {
                        if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                            break;
                        }
                        self.pos += 1;
                    }
                    Some(())
                }
            }
        }

        /// Moves to the value under `token` in the object or array at the cursor.
        fn enter(&mut self, token: &str) -> Option<()> {
            self.skip_ws();
            match self.peek()? {
                b'{' => {
                    self.pos += 1;
                    loop {
                        self.skip_ws();
                        if self.peek()? != b'"' {
                            return None;
                        }
                        let matched = self.string()? == token;
                        self.skip_ws();
                        if self.peek()? != b':' {
                            return None;
                        }
                        self.pos += 1;
                        self.skip_ws();
                        if matched {
                            return Some(());
                        }
                        self.skip_value()?;
                        self.skip_ws();
                        if self.peek()? != b',' {
                            return None;
                        }
                        self.pos += 1;
                    }
                }
                b'[' => {
                    let index: usize = token.parse().ok()?;
                    self.pos += 1;
                    for _ in 0..index {
                        self.skip_value()?;
                        self.skip_ws();
                        if self.peek()? != b',' {
                            return None;
                        }
                        self.pos += 1;
                    }
                    self.skip_ws();
                    Some(())
                }
                _ => None,
            }
        }
    }

    pub fn locate(text: &str, tokens: &[String]) -> Option<(usize, usize)> {
        let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0 };
        scanner.skip_ws();
        let mut found = scanner.pos;
        for token in tokens {
            if scanner.enter(token).is_none() {
                break;
            }
            found = scanner.pos;
        }
        Some(line_col(text, found))
    }
}

mod yaml {
    /// One meaningful line: where its key (if any) and its sequence dash (if any) stand.
    struct Line<'a> {
        number: usize,
        dash: Option<usize>,
        key_col: usize,
        rest: &'a str,
    }

    fn parse_lines(text: &str) -> Vec<Line<'_>> {
        let mut out = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let trimmed = raw.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
                continue;
            }
            let indent = raw.len() - trimmed.len();
            let (dash, key_col, rest) = if let Some(after) = trimmed.strip_prefix("- ") {
                let inner = after.trim_start();
                (Some(indent), indent + 2 + (after.len() - inner.len()), inner)
            } else if trimmed == "-" {
                (Some(indent), indent + 2, "")
            } else {
                (None, indent, trimmed)
            };
            out.push(Line { number: i + 1, dash, key_col, rest });
        }
        out
    }

    fn key_of(rest: &str) -> Option<String> {
        let (key, _) = if let Some(stripped) = rest.strip_prefix('"') {
            let end = stripped.find("\":")?;
            return Some(stripped[..end].to_string());
        } else if let Some(stripped) = rest.strip_prefix('\'') {
            let end = stripped.find("':")?;
            return Some(stripped[..end].replace("''", "'"));
        } else {
            let colon = rest.find(": ").or_else(|| rest.strip_suffix(':').map(|k| k.len()))?;
            (rest[..colon].to_string(), ())
        };
        Some(key)
    }

    pub fn locate(text: &str, tokens: &[String]) -> Option<(usize, usize)> {
        let lines = parse_lines(text);
        let first = lines.first()?;
        let mut found = (first.number, first.key_col + 1);
        // The current node: the range of lines that belong to it and the column its owner
        // stands at (children stand further right).
        let (mut start, mut end, mut owner_col) = (0usize, lines.len(), None::<usize>);
        for token in tokens {
            let deeper = |l: &Line<'_>| owner_col.is_none_or(|c| l.dash.unwrap_or(l.key_col) > c || l.key_col > c);
            let children: Vec<usize> = (start..end).filter(|&i| deeper(&lines[i])).collect();
            let Some(&first_child) = children.first() else { break };
            let next = if let Some(index) = token.parse::<usize>().ok().filter(|_| lines[first_child].dash.is_some()) {
                let dash_col = lines[first_child].dash;
                let items: Vec<usize> = children.iter().copied().filter(|&i| lines[i].dash == dash_col).collect();
                items.get(index).map(|&i| (i, dash_col.unwrap_or(0)))
            } else {
                let col = children.iter().map(|&i| lines[i].key_col).min().unwrap_or(0);
                children
                    .iter()
                    .copied()
                    .find(|&i| lines[i].key_col == col && key_of(lines[i].rest).as_deref() == Some(token.as_str()))
                    .map(|i| (i, col))
            };
            let Some((line, col)) = next else { break };
            found = (lines[line].number, lines[line].key_col + 1);
            let stop = ((line + 1)..end)
                .find(|&i| {
                    lines[i].dash.unwrap_or(lines[i].key_col) <= col
                        && !(lines[i].dash.is_none() && lines[i].key_col > col)
                })
                .unwrap_or(end);
            // A sequence item's own keys sit on its first line too: keep that line in range.
            start = if lines[line].dash == Some(col) { line } else { line + 1 };
            end = stop;
            owner_col = Some(col);
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - in: path\n          name: id\n        - in: query\n          name: q\n      responses:\n        '200':\n          description: ok\n";
    const JSON: &str = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a/{id}\": {\n      \"get\": {\"parameters\": [{\"in\": \"path\"}, {\"in\": \"query\", \"name\": \"q\"}]}\n    }\n  }\n}\n";

    #[test]
    fn finds_nodes_in_yaml_and_json() {
        let cases = [
            (YAML, "/openapi", (1, 1)),
            (YAML, "/paths/~1a~1{id}/get", (4, 5)),
            (YAML, "/paths/~1a~1{id}/get/parameters/1/name", (9, 11)),
            (YAML, "/paths/~1a~1{id}/get/parameters/0", (6, 11)),
            (YAML, "/paths/~1a~1{id}/get/responses/200/description", (12, 11)),
            (YAML, "/paths/~1a~1{id}/get/missing", (4, 5)),
            (JSON, "/paths/~1a~1{id}/get", (5, 14)),
            (JSON, "/paths/~1a~1{id}/get/parameters/1/name", (5, 70)),
        ];
        for (text, pointer, want) in cases {
            assert_eq!(locate(text, pointer), Some(want), "{pointer}");
        }
    }
}
