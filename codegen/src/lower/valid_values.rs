//! A value a schema accepts, for the tests the generator emits: the spec's example when it
//! keeps the schema's own rules, else one built from them (enum, format, pattern, lengths,
//! bounds). Only for the schemas of plain values (strings, numbers, lists of them): objects are
//! built member by member from the IR (`crate::samples`).

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::{Value, json};

use crate::load::Resolver;

/// What a schema says of its values, gathered through `allOf` (all parts) and `oneOf`/`anyOf`
/// (the first alternative).
#[derive(Default)]
pub struct Hints {
    pub example: Option<Value>,
    pub enumeration: Vec<String>,
    pub pattern: Option<String>,
    pub min_length: usize,
    pub max_length: Option<usize>,
    pub format: Option<String>,
    pub numeric: bool,
    pub integer: bool,
    pub boolean: bool,
    /// The values a number schema lists.
    pub numbers: Vec<Value>,
    /// The values a schema of another or no type lists (`{enum: [true]}`).
    pub values: Vec<Value>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    /// The hints of a list's items, and its least length.
    pub items: Option<(Box<Hints>, usize)>,
    /// The schema has members: no plain value fits it.
    pub object: bool,
}

impl Hints {
    /// What `node` says, resolved through references.
    pub fn of<'a>(resolver: &Resolver<'a>, node: &'a ReferenceOr<Schema>, at: &str) -> Hints {
        let mut hints = Hints::default();
        hints.gather(resolver, node, at, 0);
        hints
    }

    /// What `node` (a property, whose schemas are boxed) says.
    pub fn of_boxed<'a>(resolver: &Resolver<'a>, node: &'a ReferenceOr<Box<Schema>>, at: &str) -> Hints {
        let mut hints = Hints::default();
        if let Ok(resolved) = resolver.boxed_schema(node, at) {
            hints.gather_schema(resolver, resolved.node, at, 0);
        }
        hints
    }

    fn gather<'a>(&mut self, resolver: &Resolver<'a>, node: &'a ReferenceOr<Schema>, at: &str, depth: usize) {
        if let Ok(resolved) = resolver.schema(node, at) {
            self.gather_schema(resolver, resolved.node, at, depth);
        }
    }

    fn gather_schema<'a>(&mut self, resolver: &Resolver<'a>, schema: &'a Schema, at: &str, depth: usize) {
        if depth >= 8 {
            return;
        }
        if self.example.is_none() {
            self.example = schema.schema_data.example.clone();
        }
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                for part in all_of {
                    self.gather(resolver, part, at, depth + 1);
                }
            }
            SchemaKind::OneOf { one_of: alts } | SchemaKind::AnyOf { any_of: alts } => {
                if let Some(first) = alts.first() {
                    self.gather(resolver, first, at, depth + 1);
                }
            }
            SchemaKind::Type(Type::String(s)) => {
                if self.enumeration.is_empty() {
                    self.enumeration = s.enumeration.iter().flatten().cloned().collect();
                }
                self.pattern = self.pattern.take().or_else(|| s.pattern.clone());
                self.min_length = self.min_length.max(s.min_length.unwrap_or(0));
                self.max_length = match (self.max_length, s.max_length) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                if let VariantOrUnknownOrEmpty::Unknown(f) = &s.format {
                    self.format.get_or_insert_with(|| f.clone());
                }
                if let VariantOrUnknownOrEmpty::Item(f) = &s.format {
                    let name = match f {
                        openapiv3::StringFormat::Date => "date",
                        openapiv3::StringFormat::DateTime => "date-time",
                        openapiv3::StringFormat::Password => "password",
                        openapiv3::StringFormat::Byte => "byte",
                        openapiv3::StringFormat::Binary => "binary",
                    };
                    self.format.get_or_insert_with(|| name.to_string());
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                self.numeric = true;
                self.integer = true;
                if self.numbers.is_empty() {
                    self.numbers = i.enumeration.iter().flatten().map(|n| json!(n)).collect();
                }
                self.bound(i.minimum.map(|m| m as f64), i.maximum.map(|m| m as f64));
                self.exclusive_minimum |= i.exclusive_minimum;
                self.exclusive_maximum |= i.exclusive_maximum;
            }
            SchemaKind::Type(Type::Number(n)) => {
                self.numeric = true;
                if self.numbers.is_empty() {
                    self.numbers = n.enumeration.iter().flatten().map(|n| json!(n)).collect();
                }
                self.bound(n.minimum, n.maximum);
                self.exclusive_minimum |= n.exclusive_minimum;
                self.exclusive_maximum |= n.exclusive_maximum;
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                self.boolean = true;
                if self.values.is_empty() {
                    self.values = b.enumeration.iter().flatten().map(|v| json!(v)).collect();
                }
            }
            SchemaKind::Type(Type::Array(a)) => {
                if self.items.is_none() {
                    let mut items = Hints::default();
                    if let Some(Ok(resolved)) = a.items.as_ref().map(|node| resolver.boxed_schema(node, at)) {
                        items.gather_schema(resolver, resolved.node, at, depth + 1);
                    }
                    self.items = Some((Box::new(items), a.min_items.unwrap_or(0)));
                }
            }
            SchemaKind::Type(Type::Object(_)) => self.object = true,
            SchemaKind::Any(any) => {
                self.object |= !any.properties.is_empty();
                self.boolean |= any.typ.as_deref() == Some("boolean");
                if self.values.is_empty() {
                    self.values = any.enumeration.iter().filter(|v| !v.is_null()).cloned().collect();
                }
            }
            SchemaKind::Not { .. } => {}
        }
    }

    fn bound(&mut self, minimum: Option<f64>, maximum: Option<f64>) {
        self.minimum = match (self.minimum, minimum) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.maximum = match (self.maximum, maximum) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    /// A value the schema accepts, when it says enough to make one that a plain default (a
    /// word, a small number) might not be; `None` for objects and for schemas that say nothing.
    pub fn value(&self) -> Option<Value> {
        if self.object {
            return None;
        }
        if let Some((items, min_items)) = &self.items {
            let item = items.value()?;
            return Some(Value::Array(vec![item; (*min_items).max(1)]));
        }
        if let Some(example) = self.valid_example() {
            return Some(example.clone());
        }
        if let Some(first) = self.values.first() {
            return Some(first.clone());
        }
        if self.boolean {
            return Some(json!(true));
        }
        if self.numeric {
            return self.number();
        }
        if let Some(first) = self.enumeration.first() {
            return Some(json!(first));
        }
        let said = self.format.is_some() || self.pattern.is_some() || self.min_length > 0 || self.max_length.is_some();
        said.then(|| self.text()).flatten().map(Value::String)
    }

    /// The spec's example, when it keeps the schema's own rules.
    fn valid_example(&self) -> Option<&Value> {
        self.example.as_ref().filter(|e| self.accepts(e))
    }

    /// A value for a string that must be one: the example, an enum value, or one built.
    pub fn text(&self) -> Option<String> {
        if let Some(Value::String(example)) = self.valid_example() {
            return Some(example.clone());
        }
        if let Some(first) = self.enumeration.first() {
            return Some(first.clone());
        }
        let formatted = self.format.as_deref().and_then(format_value);
        let shortest = self.min_length.max(1);
        let letters = "a".repeat(8.clamp(shortest, self.max_length.unwrap_or(usize::MAX).max(shortest)));
        let candidates = formatted.into_iter().map(str::to_string).chain([letters]);
        for candidate in candidates {
            if self.fits_text(&candidate) {
                return Some(candidate);
            }
        }
        let pattern = self.pattern.as_deref()?;
        from_pattern(pattern, self.min_length, self.max_length.unwrap_or(usize::MAX))
    }

    fn number(&self) -> Option<Value> {
        if let Some(first) = self.numbers.first() {
            return Some(first.clone());
        }
        if self.minimum.is_none() && self.maximum.is_none() {
            return None;
        }
        let step = if self.integer { 1.0 } else { 0.5 };
        let mut n = match (self.minimum, self.maximum) {
            (Some(min), _) if self.exclusive_minimum => min + step,
            (Some(min), _) => min,
            (None, Some(max)) if self.exclusive_maximum => max - step,
            (None, Some(max)) => max.min(7.0),
            (None, None) => 7.0,
        };
        if self.integer {
            n = n.ceil();
        }
        // Whole numbers as integers: an integer field reads nothing else.
        Some(if n.fract() == 0.0 && n.abs() < 1e15 { json!(n as i64) } else { json!(n) })
    }

    /// Whether a value keeps the rules this schema states.
    fn accepts(&self, value: &Value) -> bool {
        match value {
            Value::String(s) => !self.numeric && !self.boolean && self.fits_text(s),
            Value::Number(n) => {
                let Some(x) = n.as_f64() else { return false };
                let listed = self.numbers.is_empty() || self.numbers.iter().any(|m| m.as_f64() == Some(x));
                self.numeric
                    && listed
                    && (!self.integer || n.is_i64() || n.is_u64())
                    && self.minimum.is_none_or(|m| if self.exclusive_minimum { x > m } else { x >= m })
                    && self.maximum.is_none_or(|m| if self.exclusive_maximum { x < m } else { x <= m })
            }
            Value::Bool(_) => self.boolean && (self.values.is_empty() || self.values.contains(value)),
            _ => false,
        }
    }

    fn fits_text(&self, s: &str) -> bool {
        let n = s.chars().count();
        (self.enumeration.is_empty() || self.enumeration.iter().any(|e| e == s))
            && n >= self.min_length
            && n <= self.max_length.unwrap_or(usize::MAX)
            && self.pattern.as_deref().is_none_or(|p| matches(p, s))
            && self.format.as_deref().is_none_or(|f| keeps_format(f, s))
    }
}

/// Whether `text` is a value of `format`, for the formats test servers check; others pass.
fn keeps_format(format: &str, text: &str) -> bool {
    match format {
        "uuid" => uuid::Uuid::parse_str(text).is_ok(),
        "date-time" => text.parse::<chrono::DateTime<chrono::FixedOffset>>().is_ok(),
        "date" => text.parse::<chrono::NaiveDate>().is_ok(),
        "email" => text.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.')),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" | "url" => text.contains("://"),
        _ => true,
    }
}

/// Whether `text` matches `pattern`, as JSON Schema reads one (unanchored); a pattern Rust's
/// regex engine cannot read (look-around) is taken to match.
pub fn matches(pattern: &str, text: &str) -> bool {
    regex::Regex::new(pattern).map_or(true, |re| re.is_match(text))
}

/// A value of a string format the test servers check.
fn format_value(format: &str) -> Option<&'static str> {
    Some(match format {
        "uuid" => crate::samples::UUID,
        "date-time" => "2024-05-06T07:08:09Z",
        "date" => "2024-05-06",
        "time" => "07:08:09Z",
        "email" => "user@example.com",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "uri" | "url" | "iri" => "https://example.com/",
        "uri-reference" | "uri-template" => "/path",
        "byte" => "Ynl0ZXM=",
        "duration" => "PT1M",
        _ => return None,
    })
}

/// A string that `pattern` matches within the lengths, built from its syntax tree: the first
/// alternative of each choice, a letter or digit of each class, repetitions as few as allowed,
/// then more until the length is reached. `None` for patterns the regex crate cannot read.
pub fn from_pattern(pattern: &str, min_length: usize, max_length: usize) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    [0, 1, 2, 4, 8, 16, 32, 64].into_iter().find_map(|extra| {
        let mut out = String::new();
        build(&hir, extra, &mut out).then_some(())?;
        let n = out.chars().count();
        (n >= min_length && n <= max_length && matches(pattern, &out)).then_some(out)
    })
}

fn build(hir: &regex_syntax::hir::Hir, extra: u32, out: &mut String) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => {
                out.push_str(text);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(Class::Unicode(class)) => {
            let has = |c: char| class.ranges().iter().any(|r| r.start() <= c && c <= r.end());
            let pick = ['a', 'A', '0', '-', '_', '.'].into_iter().find(|c| has(*c)).or_else(|| {
                // The first printable ASCII character the class holds, else its first.
                (b'!'..=b'~').map(char::from).find(|c| has(*c)).or_else(|| class.ranges().first().map(|r| r.start()))
            });
            pick.map(|c| out.push(c)).is_some()
        }
        HirKind::Class(Class::Bytes(class)) => {
            let pick = class.ranges().iter().find_map(|r| (r.start()..=r.end()).find(u8::is_ascii_graphic));
            pick.map(|b| out.push(char::from(b))).is_some()
        }
        HirKind::Repetition(rep) => {
            let count = rep.min.saturating_add(extra).min(rep.max.unwrap_or(u32::MAX));
            (0..count).all(|_| build(&rep.sub, extra, out))
        }
        HirKind::Capture(capture) => build(&capture.sub, extra, out),
        HirKind::Concat(parts) => parts.iter().all(|part| build(part, extra, out)),
        HirKind::Alternation(alternatives) => alternatives.first().is_some_and(|first| build(first, extra, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_each_pattern_accepts() {
        let cases: &[(&str, usize, usize)] = &[
            ("^[0-9a-f]{32}$", 0, usize::MAX),
            ("^[a-z0-9-]+$", 3, 63),
            (r"^\d{3}-\d{4}$", 0, usize::MAX),
            ("^(allow|block)$", 0, usize::MAX),
            (r"^[^/\s]+$", 0, usize::MAX),
            ("^[A-Z]{2}$", 2, 2),
            (r"^[a-zA-Z0-9_]+\.[a-z]{2,}$", 0, 253),
        ];
        for &(pattern, min, max) in cases {
            let value = from_pattern(pattern, min, max).unwrap_or_else(|| panic!("nothing for {pattern}"));
            let n = value.chars().count();
            assert!(matches(pattern, &value) && n >= min && n <= max, "{pattern}: {value:?}");
        }
    }

    #[test]
    fn an_example_that_breaks_its_pattern_is_not_used() {
        let hints = Hints {
            example: Some(json!("023e105f4ecef8ad9ca31a8372d0c353x")),
            pattern: Some("^[0-9a-f]{32}$".into()),
            ..Hints::default()
        };
        let text = hints.text().expect("a value");
        assert!(matches("^[0-9a-f]{32}$", &text), "{text}");
        let kept = Hints { example: Some(json!("023e105f4ecef8ad9ca31a8372d0c353")), ..hints };
        assert_eq!(kept.text().as_deref(), Some("023e105f4ecef8ad9ca31a8372d0c353"));
    }

    #[test]
    fn numbers_keep_their_bounds() {
        let cases = [
            (Some(10.0), None, false, true, json!(10)),
            (Some(0.0), None, true, true, json!(1)),
            (None, Some(3.0), false, true, json!(3)),
            (Some(0.5), Some(1.0), false, false, json!(0.5)),
        ];
        for (minimum, maximum, exclusive_minimum, integer, expected) in cases {
            let hints = Hints { numeric: true, integer, minimum, maximum, exclusive_minimum, ..Hints::default() };
            assert_eq!(hints.value(), Some(expected));
        }
    }
}
