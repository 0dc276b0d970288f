//! What the client knows, at run time, of the JSON shape of each generated type: enough to
//! choose a union's alternative by what a value contains, and to repair a response that drifted
//! from its description one field at a time instead of failing the whole call.
//!
//! The generator writes one [`Shape`] per named type into a table (`crate::shapes::SHAPES`);
//! [`Ty`] refers to table entries by index, so that recursive types need no indirection and the
//! table is plain data. Everything here depends only on `serde_json`, `chrono` and `uuid`, and
//! is also compiled into the generator's tests, which run [`choose`] over every union of a spec
//! without compiling a client.

use serde_json::Value;

/// The shape of a value as the API describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty<'t> {
    /// Any JSON value.
    Any,
    /// Any JSON object.
    Object,
    Bool,
    /// A whole number that fits an `i64`.
    Integer,
    Number,
    String,
    /// A string holding a UUID.
    Uuid,
    /// A string holding an RFC 3339 date-time.
    DateTime,
    /// Entry `n` of the shape table.
    Named(u32),
    List(&'t Ty<'t>),
    /// An object whose members all have this shape.
    Map(&'t Ty<'t>),
    /// `null`, or a value of this shape.
    Nullable(&'t Ty<'t>),
}

/// The shape of a named type.
#[derive(Debug, Clone, Copy)]
pub enum Shape<'t> {
    /// An object with these members (a missing one takes its default).
    Struct(&'t [Field<'t>]),
    /// A string, one of these values (others are kept as unknown values).
    Enum(&'t [&'t str]),
    Union(Union<'t>),
    /// Another shape under a name of its own, or a type that is never decoded.
    Alias(Ty<'t>),
}

/// A member of an object.
#[derive(Debug, Clone, Copy)]
pub struct Field<'t> {
    pub name: &'t str,
    /// `Nullable` where the Rust field accepts `null` (every optional field does).
    pub ty: Ty<'t>,
    pub required: bool,
}

/// A value of one of several shapes.
#[derive(Debug, Clone, Copy)]
pub struct Union<'t> {
    pub alternatives: &'t [Ty<'t>],
    pub discriminator: Option<Discriminator<'t>>,
}

/// The member whose value says which alternative an object is.
#[derive(Debug, Clone, Copy)]
pub struct Discriminator<'t> {
    pub property: &'t str,
    /// Each value and the alternatives it may select (usually one).
    pub values: &'t [(&'t str, &'t [u32])],
    /// Whether every alternative has a value: then a value not listed is none of them.
    pub complete: bool,
    /// Whether a value decides the alternative (the spec's discriminator, or values a schema
    /// allows); otherwise the values are the spec's examples, and only break ties between
    /// alternatives the value fits equally well.
    pub decides: bool,
    /// Whether every value carries the property: one without it is none of the alternatives.
    pub required: bool,
}

/// Implemented by every generated type that responses decode into, and by the standard types
/// they are built from: where its shape is.
pub trait Described {
    const TY: Ty<'static>;
}

macro_rules! described {
    ($($t:ty => $ty:expr),* $(,)?) => { $( impl Described for $t { const TY: Ty<'static> = $ty; } )* };
}

described! {
    bool => Ty::Bool,
    i64 => Ty::Integer,
    f64 => Ty::Number,
    String => Ty::String,
    uuid::Uuid => Ty::Uuid,
    chrono::DateTime<chrono::Utc> => Ty::DateTime,
    serde_json::Value => Ty::Any,
    serde_json::Map<String, serde_json::Value> => Ty::Object,
    () => Ty::Any,
}

// Downloads are bytes as they came, never JSON.
impl Described for bytes::Bytes {
    const TY: Ty<'static> = Ty::Any;
}

// A value read without looking inside (a page before its items are read).
impl Described for Box<serde_json::value::RawValue> {
    const TY: Ty<'static> = Ty::Any;
}

impl<T: Described> Described for Vec<T> {
    const TY: Ty<'static> = Ty::List(&T::TY);
}

impl<T: Described> Described for Option<T> {
    const TY: Ty<'static> = Ty::Nullable(&T::TY);
}

impl<T: Described> Described for Box<T> {
    const TY: Ty<'static> = T::TY;
}

impl<T: Described> Described for std::collections::BTreeMap<String, T> {
    const TY: Ty<'static> = Ty::Map(&T::TY);
}

/// How one drifted value was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Resolution {
    /// Converted to the described type without losing anything (`"true"` to `true`).
    Converted,
    /// Left out: the field takes its type's default (`None` for an optional field), the list
    /// item or map entry is skipped.
    Dropped,
    /// Kept as it came: a union's value that is none of its alternatives, in its catch-all.
    Kept,
}

/// A value in a response that did not have the described shape, and what the client did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Drift {
    /// Where the value is, e.g. `result[0].created_at`.
    pub path: String,
    /// What the API description says, e.g. "a boolean".
    pub expected: &'static str,
    /// The start of the value that came.
    pub found: String,
    pub resolution: Resolution,
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.resolution {
            Resolution::Converted => "converted",
            Resolution::Dropped => "left out",
            Resolution::Kept => "kept as it came",
        };
        write!(f, "at `{}`: expected {}, found {} ({what})", self.path, self.expected, self.found)
    }
}

/// How far below a union's alternative its members are compared when choosing.
const CHOICE_DEPTH: u32 = 4;
/// Items of a list compared when choosing; a list's first items tell its item type.
const CHOICE_ITEMS: usize = 8;

/// How well a value fits a shape, for choosing among a union's alternatives. Counts are summed
/// over the members compared, at every depth, so that alternatives that differ only inside a
/// nested object (identity providers by their `config`) are told apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Fit {
    /// The value is of the right JSON kind (an object for an object, …).
    kind: bool,
    /// Required members absent or `null`.
    missing: u32,
    /// Values present but not of their shape (an unknown enum value counts).
    wrong: u32,
    /// Values present and of their shape.
    matched: u32,
    /// Members the shape does not describe.
    unknown: u32,
    /// Members the shape describes that the value does not have.
    absent: u32,
}

impl Fit {
    fn exact(&self) -> bool {
        self.kind && self.missing == 0 && self.wrong == 0
    }

    fn scalar(kind: bool, exact: bool) -> Fit {
        Fit { kind, matched: u32::from(kind && exact), wrong: u32::from(kind && !exact), ..Fit::default() }
    }

    /// Adds a member's fit to its container's.
    fn add(&mut self, member: Fit) {
        if !member.kind {
            self.wrong += 1;
            return;
        }
        self.missing += member.missing;
        self.wrong += member.wrong;
        self.matched += member.matched;
        self.unknown += member.unknown;
        self.absent += member.absent;
    }

    /// How `self` ranks as a choice (higher is better). Exact fits first: among them the one
    /// the value's tag names (`preferred`: the example of a plain `type` property, which the
    /// spec does not promise but usually means), then the one that describes the most of the
    /// value, then the one that leaves the least of it undescribed, then the one that expects
    /// the least the value lacks (the tightest). Otherwise the fewest problems, then the same.
    /// Ties go to the earlier alternative (the caller keeps the first).
    fn rank(&self, preferred: bool) -> Rank {
        let fewest = |n: u32| u32::MAX - n;
        let problems = if self.exact() { 0 } else { self.missing + self.wrong };
        (self.exact(), fewest(problems), preferred, self.matched, fewest(self.unknown), fewest(self.absent))
    }
}

/// Orders alternatives: see [`Fit::rank`].
type Rank = (bool, u32, bool, u32, u32, u32);

fn resolve<'t>(table: &[Shape<'t>], mut ty: Ty<'t>) -> Ty<'t> {
    // Aliases of aliases end; a cycle of aliases (which the generator never writes) is `Any`.
    for _ in 0..8 {
        match ty {
            Ty::Named(i) => match table.get(i as usize) {
                Some(Shape::Alias(inner)) => ty = *inner,
                Some(_) => return ty,
                None => return Ty::Any,
            },
            other => return other,
        }
    }
    Ty::Any
}

fn is_integer(value: &Value) -> bool {
    value.as_i64().is_some()
}

/// Whether a string is a date-time as the client reads it strictly (RFC 3339, or a space for `T`).
fn is_date_time(text: &str) -> bool {
    text.parse::<chrono::DateTime<chrono::FixedOffset>>().is_ok()
}

fn fit<'t>(table: &[Shape<'t>], ty: Ty<'t>, value: &Value, depth: u32) -> Fit {
    // Below the depth compared, a value's kind is all that counts.
    let deeper = |ty: Ty<'t>, value: &Value| {
        if depth >= CHOICE_DEPTH {
            Fit { kind: true, matched: 1, ..Fit::default() }
        } else {
            fit(table, ty, value, depth + 1)
        }
    };
    match resolve(table, ty) {
        Ty::Any => Fit { kind: true, ..Fit::default() },
        Ty::Object => Fit::scalar(value.is_object(), true),
        Ty::Bool => Fit::scalar(value.is_boolean(), true),
        Ty::Integer => Fit::scalar(value.is_number(), is_integer(value)),
        Ty::Number => Fit::scalar(value.is_number(), true),
        Ty::String => Fit::scalar(value.is_string(), true),
        Ty::Uuid => Fit::scalar(value.is_string(), value.as_str().is_some_and(|s| uuid::Uuid::parse_str(s).is_ok())),
        Ty::DateTime => Fit::scalar(value.is_string(), value.as_str().is_some_and(is_date_time)),
        Ty::Nullable(inner) => match value {
            Value::Null => Fit::scalar(true, true),
            _ => fit(table, *inner, value, depth),
        },
        Ty::List(item) => match value {
            Value::Array(items) => {
                let mut out = Fit { kind: true, ..Fit::default() };
                items.iter().take(CHOICE_ITEMS).for_each(|v| out.add(deeper(*item, v)));
                out
            }
            _ => Fit::default(),
        },
        Ty::Map(member) => match value {
            Value::Object(members) => {
                let mut out = Fit { kind: true, ..Fit::default() };
                members.values().take(CHOICE_ITEMS).for_each(|v| out.add(deeper(*member, v)));
                out
            }
            _ => Fit::default(),
        },
        Ty::Named(i) => match &table[i as usize] {
            // A value the enum lists says more than a string that any string type accepts.
            Shape::Enum(values) => match value {
                Value::String(s) if values.contains(&s.as_str()) => Fit { kind: true, matched: 2, ..Fit::default() },
                Value::String(_) => Fit::scalar(true, false),
                _ => Fit::default(),
            },
            Shape::Struct(fields) => match value {
                Value::Object(members) => {
                    let mut out = Fit { kind: true, ..Fit::default() };
                    let mut known = 0;
                    for field in fields.iter() {
                        match members.get(field.name) {
                            None => {
                                out.missing += u32::from(field.required);
                                out.absent += 1;
                            }
                            Some(member) => {
                                known += 1;
                                if member.is_null() && !matches!(field.ty, Ty::Nullable(_)) {
                                    out.missing += u32::from(field.required);
                                } else {
                                    out.add(deeper(field.ty, member));
                                }
                            }
                        }
                    }
                    out.unknown += (members.len() - known) as u32;
                    out
                }
                _ => Fit::default(),
            },
            // A union of unions (or of itself) is followed one level deeper each time.
            Shape::Union(_) if depth >= CHOICE_DEPTH => Fit { kind: true, matched: 1, ..Fit::default() },
            Shape::Union(union) => match pick(table, union, value, Some(depth + 1)) {
                Some((_, fit)) => fit,
                None => Fit::default(),
            },
            Shape::Alias(_) => Fit { kind: true, ..Fit::default() },
        },
    }
}

/// A discriminating value as the table writes it: strings as they are, numbers and booleans
/// as their JSON text (Discord's `type: 11`).
fn tag_text(value: &Value) -> Option<std::borrow::Cow<'_, str>> {
    match value {
        Value::String(s) => Some(std::borrow::Cow::Borrowed(s)),
        Value::Number(_) | Value::Bool(_) => Some(std::borrow::Cow::Owned(value.to_string())),
        _ => None,
    }
}

/// The alternative of `union` that `value` is, by its discriminator when it has one, else by
/// how well it fits each alternative; `None` when it is none of them (the union then keeps the
/// value as it came).
pub fn choose<'t>(table: &[Shape<'t>], union: &Union<'t>, value: &Value) -> Option<usize> {
    pick(table, union, value, None).map(|(index, _)| index)
}

/// [`choose`]; with `depth`, also how well the chosen alternative fits (for a union inside
/// another union's alternative), else a fit that only says "of its kind".
fn pick<'t>(table: &[Shape<'t>], union: &Union<'t>, value: &Value, depth: Option<u32>) -> Option<(usize, Fit)> {
    let mut candidates: Option<&[u32]> = None;
    let mut preferred: &[u32] = &[];
    if let Some(d) = &union.discriminator {
        let tagged = value.get(d.property).and_then(tag_text).map(|tag| d.values.iter().find(|(v, _)| *v == tag));
        match tagged {
            Some(Some((_, [only]))) if d.decides => {
                let index = *only as usize;
                let fit = match depth {
                    Some(depth) => fit(table, union.alternatives[index], value, depth),
                    None => Fit { kind: true, ..Fit::default() },
                };
                return Some((index, fit));
            }
            Some(Some((_, several))) if d.decides => candidates = Some(several),
            Some(Some((_, named))) => preferred = named,
            Some(None) if d.decides && d.complete => return None,
            None if d.decides && d.required => return None,
            _ => {}
        }
    }
    let indices: Box<dyn Iterator<Item = usize>> = match candidates {
        Some(list) => Box::new(list.iter().map(|&i| i as usize)),
        None => Box::new(0..union.alternatives.len()),
    };
    let mut best: Option<(usize, Fit, Rank)> = None;
    for i in indices {
        let f = fit(table, union.alternatives[i], value, depth.unwrap_or(0));
        if !f.kind {
            continue;
        }
        let rank = f.rank(preferred.contains(&(i as u32)));
        if best.as_ref().is_none_or(|b| rank > b.2) {
            best = Some((i, f, rank));
        }
    }
    // A value that matches nothing an alternative describes is none of them.
    best.filter(|(_, f, _)| f.exact() || f.matched > 0).map(|(i, f, _)| (i, f))
}

/// A place in the value, from the root: linked through the stack, so that descending costs
/// nothing until a drift is recorded.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root(&'a str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Root(root) => root.to_string(),
            Path::Key(parent, key) => {
                let parent = parent.render();
                if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
            }
            Path::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

/// The start of a value, for a drift record: enough to recognise it, never a whole document.
fn start_of(value: &Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn expected<'t>(table: &[Shape<'t>], ty: Ty<'t>) -> &'static str {
    match resolve(table, ty) {
        Ty::Any => "any value",
        Ty::Object => "an object",
        Ty::Bool => "a boolean",
        Ty::Integer => "a whole number",
        Ty::Number => "a number",
        Ty::String => "a string",
        Ty::Uuid => "a UUID",
        Ty::DateTime => "a date-time (RFC 3339)",
        Ty::List(_) => "a list",
        Ty::Map(_) => "an object",
        Ty::Nullable(inner) => expected(table, *inner),
        Ty::Named(i) => match table.get(i as usize) {
            Some(Shape::Enum(_)) => "a string",
            Some(Shape::Struct(_)) => "an object",
            Some(Shape::Union(_)) => "one of the described alternatives",
            _ => "any value",
        },
    }
}

struct Repair<'a, 't> {
    table: &'a [Shape<'t>],
    drift: Vec<Drift>,
    /// Nodes visited, so that tests can hold the work to a multiple of the value's size.
    visits: usize,
    /// Unions entered on the way to the current value without descending into it.
    hops: u32,
}

/// How many unions in a row a value may pass through (a union of unions of …).
const MAX_HOPS: u32 = 16;

/// What became of one value.
enum Outcome {
    Kept,
    Dropped,
}

/// Makes `value` fit `ty` wherever that can be done without losing anything, and leaves out
/// what cannot: the tolerant read that runs when the strict one fails. Returns the records of
/// what was changed, or `Err` with them when the value as a whole is not of its shape.
pub fn repair<'t>(table: &[Shape<'t>], ty: Ty<'t>, value: &mut Value, root: &str) -> Result<Vec<Drift>, Vec<Drift>> {
    repair_counted(table, ty, value, root).0
}

/// [`repair`], and the number of nodes it visited.
pub fn repair_counted<'t>(
    table: &[Shape<'t>],
    ty: Ty<'t>,
    value: &mut Value,
    root: &str,
) -> (Result<Vec<Drift>, Vec<Drift>>, usize) {
    let mut r = Repair { table, drift: Vec::new(), visits: 0, hops: 0 };
    let outcome = r.value(ty, value, Path::Root(root));
    let visits = r.visits;
    match outcome {
        Outcome::Kept => (Ok(r.drift), visits),
        Outcome::Dropped => (Err(r.drift), visits),
    }
}

impl<'t> Repair<'_, 't> {
    fn record(&mut self, path: Path<'_>, ty: Ty<'t>, value: &Value, resolution: Resolution) {
        self.drift.push(Drift {
            path: path.render(),
            expected: expected(self.table, ty),
            found: start_of(value),
            resolution,
        });
    }

    /// Replaces `value` by `converted`, recording the conversion.
    fn convert(&mut self, path: Path<'_>, ty: Ty<'t>, value: &mut Value, converted: Value) -> Outcome {
        self.record(path, ty, value, Resolution::Converted);
        *value = converted;
        Outcome::Kept
    }

    fn drop(&mut self, path: Path<'_>, ty: Ty<'t>, value: &Value) -> Outcome {
        self.record(path, ty, value, Resolution::Dropped);
        Outcome::Dropped
    }

    fn value(&mut self, ty: Ty<'t>, value: &mut Value, path: Path<'_>) -> Outcome {
        self.visits += 1;
        let ty = resolve(self.table, ty);
        match (ty, &*value) {
            (Ty::Any, _) => Outcome::Kept,
            (Ty::Nullable(_), Value::Null) => Outcome::Kept,
            (Ty::Nullable(inner), _) => self.value(*inner, value, path),
            (Ty::Object, Value::Object(_)) => Outcome::Kept,
            (Ty::Object | Ty::Map(_) | Ty::List(_), Value::String(text)) => match embedded(ty, text) {
                // A list or object written as JSON text (`"[]"`): read, then checked as such.
                Some(parsed) => {
                    self.convert(path, ty, value, parsed);
                    self.value(ty, value, path)
                }
                None if matches!(ty, Ty::List(_)) => self.list(ty, value, path),
                None => self.drop(path, ty, value),
            },
            (Ty::Bool, Value::Bool(_)) => Outcome::Kept,
            (Ty::Bool, Value::String(s)) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
                let b = s.eq_ignore_ascii_case("true");
                self.convert(path, ty, value, Value::Bool(b))
            }
            (Ty::Integer, Value::Number(n)) if n.is_i64() => Outcome::Kept,
            (Ty::Integer, Value::Number(n)) => match n.as_f64().and_then(whole) {
                Some(i) => self.convert(path, ty, value, Value::from(i)),
                None => self.drop(path, ty, value),
            },
            (Ty::Integer, Value::String(s)) => {
                let parsed = s.trim().parse::<i64>().ok().or_else(|| s.trim().parse::<f64>().ok().and_then(whole));
                match parsed {
                    Some(i) => self.convert(path, ty, value, Value::from(i)),
                    None => self.drop(path, ty, value),
                }
            }
            (Ty::Number, Value::Number(_)) => Outcome::Kept,
            (Ty::Number, Value::String(s)) => {
                let parsed = s.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64);
                match parsed {
                    Some(n) => {
                        // `"5432"` stays a whole number, not `5432.0`.
                        let n = s.trim().parse::<i64>().map(serde_json::Number::from).unwrap_or(n);
                        self.convert(path, ty, value, Value::Number(n))
                    }
                    None => self.drop(path, ty, value),
                }
            }
            (Ty::String, Value::String(_)) => Outcome::Kept,
            (Ty::String, Value::Number(_) | Value::Bool(_)) => {
                let text = value.to_string();
                self.convert(path, ty, value, Value::String(text))
            }
            (Ty::Uuid, Value::String(s)) if uuid::Uuid::parse_str(s).is_ok() => Outcome::Kept,
            (Ty::DateTime, Value::String(s)) if is_date_time(s) => Outcome::Kept,
            (Ty::DateTime, Value::String(s)) => match lenient_date_time(s) {
                Some(fixed) => self.convert(path, ty, value, Value::String(fixed)),
                None => self.drop(path, ty, value),
            },
            (Ty::List(_), _) => self.list(ty, value, path),
            (Ty::Map(member), Value::Object(_)) => {
                let Value::Object(members) = value else { return Outcome::Kept };
                let mut gone = Vec::new();
                for (key, v) in members.iter_mut() {
                    if let Outcome::Dropped = self.value(*member, v, Path::Key(&path, key)) {
                        gone.push(key.clone());
                    }
                }
                for key in gone {
                    members.remove(&key);
                }
                Outcome::Kept
            }
            (Ty::Named(i), _) => self.named(i, ty, value, path),
            _ => self.drop(path, ty, value),
        }
    }

    fn list(&mut self, ty: Ty<'t>, value: &mut Value, path: Path<'_>) -> Outcome {
        let Ty::List(item) = ty else { return Outcome::Kept };
        if !value.is_array() {
            // One value where a list is described, of the item's shape: a list of one.
            if fit(self.table, *item, value, CHOICE_DEPTH).kind && !value.is_null() {
                let single = value.take();
                self.record(path, ty, &single, Resolution::Converted);
                *value = Value::Array(vec![single]);
                return self.value(ty, value, path);
            }
            return self.drop(path, ty, value);
        }
        let Value::Array(items) = value else { return Outcome::Kept };
        let mut keep = vec![true; items.len()];
        for (i, v) in items.iter_mut().enumerate() {
            if let Outcome::Dropped = self.value(*item, v, Path::Index(&path, i)) {
                keep[i] = false;
            }
        }
        if keep.contains(&false) {
            let mut flags = keep.into_iter();
            items.retain(|_| flags.next().unwrap_or(true));
        }
        Outcome::Kept
    }

    fn named(&mut self, index: u32, ty: Ty<'t>, value: &mut Value, path: Path<'_>) -> Outcome {
        match self.table.get(index as usize).copied() {
            Some(Shape::Enum(_)) => match value {
                Value::String(_) => Outcome::Kept,
                Value::Number(_) | Value::Bool(_) => {
                    let text = value.to_string();
                    self.convert(path, ty, value, Value::String(text))
                }
                _ => self.drop(path, ty, value),
            },
            Some(Shape::Struct(fields)) => {
                let Value::Object(members) = value else { return self.drop(path, ty, value) };
                let mut gone = Vec::new();
                for field in fields {
                    let Some(member) = members.get_mut(field.name) else { continue };
                    let at = Path::Key(&path, field.name);
                    if member.is_null() && !matches!(field.ty, Ty::Nullable(_)) {
                        // A required value sent as `null`: it takes its type's default.
                        self.visits += 1;
                        self.record(at, field.ty, member, Resolution::Dropped);
                        gone.push(field.name);
                    } else if let Outcome::Dropped = self.value(field.ty, member, at) {
                        gone.push(field.name);
                    }
                }
                for name in gone {
                    members.remove(name);
                }
                Outcome::Kept
            }
            // A union whose alternative is a union (even itself) is followed a bounded number
            // of times without descending into the value.
            Some(Shape::Union(_)) if self.hops >= MAX_HOPS => Outcome::Kept,
            Some(Shape::Union(union)) => match choose(self.table, &union, value) {
                Some(i) => {
                    self.hops += 1;
                    let outcome = self.value(union.alternatives[i], value, path);
                    self.hops -= 1;
                    outcome
                }
                // Kept whole by the union's catch-all, and said.
                None => {
                    self.record(path, ty, value, Resolution::Kept);
                    Outcome::Kept
                }
            },
            Some(Shape::Alias(inner)) => self.value(inner, value, path),
            None => Outcome::Kept,
        }
    }
}

/// A float that is a whole number within `i64`.
fn whole(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
}

/// JSON text of the container kind `ty` describes, parsed.
fn embedded(ty: Ty<'_>, text: &str) -> Option<Value> {
    let trimmed = text.trim_start();
    let opens = match ty {
        Ty::List(_) => trimmed.starts_with('['),
        _ => trimmed.starts_with('{'),
    };
    if !opens {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// The common near-RFC-3339 forms servers send, as RFC 3339: a space for `T`, no zone meaning
/// UTC, fractional seconds of any length.
pub fn lenient_date_time(text: &str) -> Option<String> {
    let text = text.trim();
    let date_time = text.get(..19)?;
    let (date, time) = (date_time.get(..10)?, date_time.get(11..19)?);
    if !matches!(date_time.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let rest = &text[19..];
    let (fraction, zone) = match rest.strip_prefix('.') {
        Some(after) => {
            let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
            (&after[..digits], &after[digits..])
        }
        None => ("", rest),
    };
    let nanos: String = fraction.chars().chain(std::iter::repeat('0')).take(9).collect();
    let zone = match zone.trim() {
        "" | "Z" | "z" | "UTC" => "Z".to_string(),
        other => other.to_string(),
    };
    let candidate = format!("{date}T{time}.{nanos}{zone}");
    let parsed = candidate.parse::<chrono::DateTime<chrono::FixedOffset>>().ok()?;
    Some(parsed.with_timezone(&chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// Whole floats as integers, at any depth: what a request sends for a `number` that holds
/// `300.0` is `300`, as servers that parse into integer types need.
pub fn integral_numbers(value: &mut Value) {
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(i) = n.as_f64().and_then(whole) {
                *value = Value::from(i);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        Value::Object(members) => members.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// What decoding lost: the places in `answer` (a response, or the part a value was read from)
/// that the shape describes and that `written` (the decoded value serialised again) lacks or
/// holds otherwise. A member the shape does not describe is not looked at, nor is a value of
/// another JSON kind than described (that is drift, which decoding records); a member absent
/// from `written` whose answer was `null` or its type's default is not lost (optional fields
/// leave out `None`, read-only ones their default).
pub fn lost<'t>(table: &[Shape<'t>], ty: Ty<'t>, answer: &Value, written: &Value, path: &str, out: &mut Vec<String>) {
    let place = |path: &str| if path.is_empty() { "the value".to_string() } else { format!("`{path}`") };
    match (resolve(table, ty), answer) {
        (_, Value::Null) | (Ty::Any | Ty::Object, _) if same(answer, written) => {}
        (Ty::Nullable(inner), _) => lost(table, *inner, answer, written, path, out),
        (Ty::List(item), Value::Array(items)) => match written.as_array() {
            Some(kept) if kept.len() == items.len() => {
                for (i, (a, w)) in items.iter().zip(kept).enumerate() {
                    lost(table, *item, a, w, &format!("{path}[{i}]"), out);
                }
            }
            _ => out.push(format!("{} had {} items, written back {written}", place(path), items.len())),
        },
        (Ty::Map(member), Value::Object(members)) => {
            for (key, a) in members {
                let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                match written.get(key) {
                    Some(w) => lost(table, *member, a, w, &at, out),
                    None => out.push(format!("`{at}` is missing")),
                }
            }
        }
        (Ty::Named(i), _) => match &table[i as usize] {
            Shape::Struct(fields) => {
                let Value::Object(members) = answer else { return };
                for field in fields.iter() {
                    let Some(a) = members.get(field.name) else { continue };
                    let at = if path.is_empty() { field.name.to_string() } else { format!("{path}.{}", field.name) };
                    match written.get(field.name) {
                        Some(w) => lost(table, field.ty, a, w, &at, out),
                        None if a.is_null() || is_default(a) => {}
                        None => out.push(format!("`{at}` is missing")),
                    }
                }
            }
            Shape::Union(union) => match choose(table, union, answer) {
                Some(index) => lost(table, union.alternatives[index], answer, written, path, out),
                None if same(answer, written) => {}
                None => out.push(format!("{} was {answer}, written back {written}", place(path))),
            },
            Shape::Enum(_) => {
                if answer.is_string() && !same(answer, written) {
                    out.push(format!("{} was {answer}, written back {written}", place(path)));
                }
            }
            Shape::Alias(_) => {}
        },
        (Ty::Bool, Value::Bool(_))
        | (Ty::String | Ty::Uuid, Value::String(_))
        | (Ty::Integer | Ty::Number, Value::Number(_))
            if same(answer, written) => {}
        (Ty::Bool, Value::Bool(_))
        | (Ty::String | Ty::Uuid, Value::String(_))
        | (Ty::Integer | Ty::Number, Value::Number(_))
        | (Ty::Any | Ty::Object, _) => out.push(format!("{} was {answer}, written back {written}", place(path))),
        // Date-times are written back in one form of the same instant; other kinds are drift.
        _ => {}
    }
}

/// Equal as JSON, numbers by value (`2.0` is `2`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}

fn is_default(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        Value::Null => true,
    }
}
