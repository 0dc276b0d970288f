//! Schemas to types: every `$ref`ed component is lowered once; inline objects, enums and
//! unions become named types with a name taken from where they stand.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::names::{Scope, pascal, snake};
use crate::config::TypesConfig;
use crate::diagnostics::Diagnostic;
use crate::ir::{Discriminator, Doc, Field, TypeKind, TypeRef, UnionVariant, Variant};
use crate::load::{Resolver, escape_token};

/// A named type before placement: its module and final name are decided later.
#[derive(Debug, Clone)]
pub struct PendingType {
    pub base_name: String,
    pub component: Option<String>,
    /// Whether the spec gives the name (a component's, or a title's), rather than the
    /// generator making one up from where the schema stands: such a name survives merging.
    pub given: bool,
    /// A longer name that says where the type comes from, for when `base_name` is taken
    /// (`AppRequestSelfHostedApplication`); without one, a taken name gets a number.
    pub qualified: Option<String>,
    pub doc: Doc,
    pub kind: TypeKind,
    pub pointer: String,
}

/// How deep `allOf` may nest before it is taken for a cycle.
const MAX_DEPTH: usize = 32;

/// The shape of a schema, whichever way the spec spells it.
enum Shape<'a> {
    Str { format: Option<&'a str>, values: Vec<Option<String>> },
    Integer,
    Number,
    Boolean,
    Object { props: &'a IndexMap<String, ReferenceOr<Box<Schema>>>, additional: Option<&'a AdditionalProperties> },
    Array(Option<&'a ReferenceOr<Box<Schema>>>),
    AllOf(&'a [ReferenceOr<Schema>]),
    OneOf(&'a [ReferenceOr<Schema>]),
    Values(&'a [serde_json::Value]),
    Any,
    Unknown(&'a str),
}

/// Whether every alternative (inline) only constrains an object's members (which it
/// requires, how many there are) and describes none of its own; true for none.
fn only_require(alternatives: &[ReferenceOr<Schema>]) -> bool {
    alternatives.iter().all(|alt| match alt {
        ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(b), .. }) => {
            b.properties.is_empty()
                && matches!(b.typ.as_deref(), None | Some("object"))
                && b.items.is_none()
                && b.additional_properties.is_none()
                && b.one_of.is_empty()
                && b.any_of.is_empty()
                && b.all_of.is_empty()
                && b.enumeration.is_empty()
        }
        ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Object(o)), .. }) => {
            o.properties.is_empty() && o.additional_properties.is_none()
        }
        ReferenceOr::Reference { .. } | ReferenceOr::Item(_) => false,
    })
}

fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Shape::Str {
            format: match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
                VariantOrUnknownOrEmpty::Item(_) | VariantOrUnknownOrEmpty::Empty => None,
                VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
            },
            values: s.enumeration.clone(),
        },
        SchemaKind::Type(Type::Integer(_)) => Shape::Integer,
        // A number whose every allowed value is whole (`enum: [301, 302]`) is a whole number: as
        // `f64` it would be written back as `301.0`, which a server reading an integer rejects.
        SchemaKind::Type(Type::Number(n)) if whole_values(&n.enumeration) => Shape::Integer,
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(o)) => {
            Shape::Object { props: &o.properties, additional: o.additional_properties.as_ref() }
        }
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref()),
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of),
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of),
        SchemaKind::AnyOf { any_of } => Shape::OneOf(any_of),
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(a) => {
            // A value that must be an array is one, whatever else the schema writes beside
            // (`properties`, or `anyOf` alternatives that only constrain objects).
            if a.typ.as_deref() == Some("array") {
                Shape::Array(a.items.as_ref())
            } else if !a.properties.is_empty()
                && a.all_of.is_empty()
                && a.one_of.len() + a.any_of.len() > 0
                && only_require(&a.one_of)
                && only_require(&a.any_of)
            {
                // `anyOf: [{required: [hostnames]}, {required: [ip_subnets]}]` beside properties
                // asks for one of them: the object is its properties, those optional.
                Shape::Object { props: &a.properties, additional: a.additional_properties.as_ref() }
            } else if !a.all_of.is_empty() {
                Shape::AllOf(&a.all_of)
            } else if !a.one_of.is_empty() {
                Shape::OneOf(&a.one_of)
            } else if !a.any_of.is_empty() {
                Shape::OneOf(&a.any_of)
            } else if !a.properties.is_empty()
                || a.additional_properties.is_some()
                || a.typ.as_deref() == Some("object")
            {
                Shape::Object { props: &a.properties, additional: a.additional_properties.as_ref() }
            } else if a.items.is_some() || a.typ.as_deref() == Some("array") {
                Shape::Array(a.items.as_ref())
            } else if !a.enumeration.is_empty() {
                Shape::Values(&a.enumeration)
            } else {
                match a.typ.as_deref() {
                    // `format: binary` alone is a file (Cloudflare's image upload writes it so).
                    None if matches!(a.format.as_deref(), Some("binary" | "byte")) => {
                        Shape::Str { format: a.format.as_deref(), values: Vec::new() }
                    }
                    None => Shape::Any,
                    Some("string") => Shape::Str { format: a.format.as_deref(), values: Vec::new() },
                    Some("integer") => Shape::Integer,
                    Some("number") => Shape::Number,
                    Some("boolean") => Shape::Boolean,
                    Some(other) => Shape::Unknown(other),
                }
            }
        }
    }
}

/// A schema that only annotates (`{default: true}`, `{example: …}`): as a part of an `allOf`
/// it changes nothing about the value.
fn is_annotation(node: &ReferenceOr<Schema>) -> bool {
    matches!(node, ReferenceOr::Item(s) if matches!(shape(s), Shape::Any) && !matches!(s.schema_kind, SchemaKind::Not { .. }))
}

/// One alternative of a union, as the spec gives it.
struct Alternative<'a> {
    /// Its position among the spec's alternatives.
    index: usize,
    node: &'a ReferenceOr<Schema>,
    at: String,
    title: Option<String>,
    props: Option<Properties<'a>>,
    reference: Option<&'a str>,
}

/// Properties of an object, after `allOf` is merged: later parts override earlier ones.
/// A property's schema and where it is in the spec.
pub type PropertyAt<'a> = (&'a ReferenceOr<Box<Schema>>, String);

pub struct Properties<'a> {
    pub props: Vec<(String, &'a ReferenceOr<Box<Schema>>, String)>,
    pub required: BTreeSet<String>,
    /// For a property that several `allOf` parts describe, the earlier parts' schemas, which
    /// the last one replaced: objects (or lists of objects) among them are merged with it.
    pub earlier: BTreeMap<String, Vec<PropertyAt<'a>>>,
}

impl<'a> Properties<'a> {
    /// Adds a property; a later schema of a property replaces the earlier, which is kept in
    /// `earlier`, unless it only annotates it (`{example: …}`, `{readOnly: true}`): that does
    /// not replace the type an earlier part gives it.
    fn add(&mut self, name: &str, node: &'a ReferenceOr<Box<Schema>>, at: String) {
        let annotation = matches!(node, ReferenceOr::Item(s) if matches!(shape(s), Shape::Any));
        match self.props.iter().position(|p| p.0 == name) {
            Some(_) if annotation => {}
            Some(i) => {
                let (_, replaced, replaced_at) = std::mem::replace(&mut self.props[i], (name.to_string(), node, at));
                self.earlier.entry(name.to_string()).or_default().push((replaced, replaced_at));
            }
            None => self.props.push((name.to_string(), node, at)),
        }
    }
}

pub struct Types<'a> {
    pub resolver: Resolver<'a>,
    config: &'a TypesConfig,
    pub defs: Vec<PendingType>,
    by_component: HashMap<&'a str, TypeRef>,
    /// Components being lowered, with the number of lists and maps entered when each began.
    in_progress: HashMap<&'a str, usize>,
    /// Lists and maps entered: a component met again inside one is a recursive value.
    containers: usize,
    /// Objects met through a `$ref`, named but not lowered yet. Lowering them after the
    /// reference, not inside it, keeps the recursion as deep as one schema's own nesting
    /// rather than as long as the longest chain of references (which can be the whole spec).
    queue: VecDeque<(usize, &'a Schema, String, String)>,
    /// Calls of `lower` under way; the outermost one empties the queue before returning, so
    /// that every type a caller gets back is complete.
    nesting: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Types<'a> {
    pub fn new(resolver: Resolver<'a>, config: &'a TypesConfig) -> Self {
        Types {
            resolver,
            config,
            defs: Vec::new(),
            by_component: HashMap::new(),
            in_progress: HashMap::new(),
            containers: 0,
            queue: VecDeque::new(),
            nesting: 0,
            diagnostics: Vec::new(),
        }
    }

    /// The Rust name a component schema gets before collisions are resolved.
    pub fn component_type_name(&self, component: &str) -> String {
        if let Some(name) = self.config.rename.get(component) {
            return pascal(name);
        }
        let stripped = match &self.config.strip_prefix_before {
            Some(sep) => component.split_once(sep.as_str()).map_or(component, |(_, rest)| rest),
            None => component,
        };
        pascal(if stripped.is_empty() { component } else { stripped })
    }

    pub fn lower(&mut self, node: &'a ReferenceOr<Schema>, pointer: &str, hint: &str) -> TypeRef {
        self.complete(|this| match node {
            ReferenceOr::Reference { reference } => this.lower_ref_now(reference, pointer),
            ReferenceOr::Item(schema) => this.lower_schema(schema, pointer, hint, None),
        })
    }

    pub fn lower_boxed(&mut self, node: &'a ReferenceOr<Box<Schema>>, pointer: &str, hint: &str) -> TypeRef {
        self.complete(|this| match node {
            ReferenceOr::Reference { reference } => this.lower_ref_now(reference, pointer),
            ReferenceOr::Item(schema) => this.lower_schema(schema, pointer, hint, None),
        })
    }

    pub fn lower_ref(&mut self, reference: &str, pointer: &str) -> TypeRef {
        self.complete(|this| this.lower_ref_now(reference, pointer))
    }

    /// Runs one lowering step; the outermost step also lowers the objects it queued.
    fn complete(&mut self, step: impl FnOnce(&mut Self) -> TypeRef) -> TypeRef {
        self.nesting += 1;
        let ty = step(self);
        if self.nesting == 1 {
            while let Some((id, schema, pointer, hint)) = self.queue.pop_front() {
                self.fill_object(id, schema, &pointer, &hint);
            }
        }
        self.nesting -= 1;
        ty
    }

    /// Whether a schema becomes a struct of its own: an object with properties, or an `allOf`
    /// of more than one part whose parts are all objects (one level deep is enough to tell).
    fn is_object(&self, schema: &'a Schema, pointer: &str) -> bool {
        let objectish = |s: &Schema| match shape(s) {
            Shape::Object { props, additional } => !props.is_empty() || additional.is_none(),
            Shape::AllOf(_) | Shape::Any => true,
            _ => false,
        };
        match shape(schema) {
            Shape::Object { props, .. } => !props.is_empty(),
            Shape::AllOf(parts) => {
                let own = matches!(&schema.schema_kind, SchemaKind::Any(a) if !a.properties.is_empty());
                (parts.len() > 1 || own)
                    && parts.iter().enumerate().all(|(i, part)| {
                        self.resolver.schema(part, &format!("{pointer}/allOf/{i}")).is_ok_and(|r| objectish(r.node))
                    })
            }
            _ => false,
        }
    }

    /// The fields of an object type already reserved as `id`.
    fn fill_object(&mut self, id: usize, schema: &'a Schema, pointer: &str, hint: &str) {
        self.defs[id].kind = match self.properties(schema, pointer, 0) {
            Some(props) => TypeKind::Struct { fields: self.fields(&props, hint, false) },
            None => TypeKind::Alias(TypeRef::Json),
        };
    }

    /// A schema is nullable when it says so, or when it is a `$ref` to one that says so.
    pub fn nullable(&self, node: &'a ReferenceOr<Box<Schema>>, pointer: &str) -> bool {
        self.resolver.boxed_schema(node, pointer).is_ok_and(|r| r.node.schema_data.nullable)
    }

    fn lower_ref_now(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let resolved = match self.resolver.schema_by_ref(reference, pointer) {
            Ok(r) => r,
            Err(d) => {
                self.diagnostics.push(d);
                return TypeRef::Json;
            }
        };
        let name = resolved.component.unwrap_or_default();
        if let Some(found) = self.by_component.get(name) {
            return found.clone();
        }
        if let Some(&entered) = self.in_progress.get(name) {
            // Met again inside a list or map of itself: no Rust type says more than "some
            // JSON". Met again with nothing in between, it is only ever itself: no schema.
            if entered == self.containers {
                self.diagnostics.push(
                    Diagnostic::error(
                        resolved.pointer.clone(),
                        format!("`{reference}` is defined only by itself, through `$ref` or `allOf`"),
                    )
                    .with_hint(
                        "a chain of components that only refer to each other has no schema; give one of them a schema",
                    ),
                );
            }
            return TypeRef::Json;
        }
        self.in_progress.insert(name, self.containers);
        let hint = self.component_type_name(name);
        if self.is_object(resolved.node, &resolved.pointer) {
            let id = self.reserve(&hint, Some(name), resolved.node, &resolved.pointer);
            self.queue.push_back((id, resolved.node, resolved.pointer.clone(), hint));
            return TypeRef::Named(id);
        }
        let ty = self.lower_schema(resolved.node, &resolved.pointer, &hint, Some(name));
        self.in_progress.remove(name);
        self.by_component.insert(name, ty.clone());
        ty
    }

    fn new_type(
        &mut self,
        name: &str,
        component: Option<&str>,
        schema: &Schema,
        pointer: &str,
        kind: TypeKind,
    ) -> usize {
        let titled = schema.schema_data.title.as_deref().is_some_and(|t| pascal(t) == name);
        self.defs.push(PendingType {
            base_name: name.to_string(),
            component: component.map(str::to_string),
            given: component.is_some() || titled,
            qualified: component.map(pascal),
            doc: Doc { summary: schema.schema_data.title.clone(), description: schema.schema_data.description.clone() },
            kind,
            pointer: pointer.to_string(),
        });
        self.defs.len() - 1
    }

    /// Reserves a named type before its contents are lowered, so that recursion finds it.
    fn reserve(&mut self, name: &str, component: Option<&'a str>, schema: &Schema, pointer: &str) -> usize {
        let id = self.new_type(name, component, schema, pointer, TypeKind::Alias(TypeRef::Json));
        if let Some(c) = component {
            self.by_component.insert(c, TypeRef::Named(id));
        }
        id
    }

    fn lower_schema(&mut self, schema: &'a Schema, pointer: &str, hint: &str, component: Option<&'a str>) -> TypeRef {
        match shape(schema) {
            Shape::Str { format, values } => {
                if !values.is_empty() {
                    let strings: Vec<String> = values.into_iter().flatten().collect();
                    return self.string_enum(schema, &strings, pointer, hint, component);
                }
                match format {
                    Some("uuid") => TypeRef::Uuid,
                    Some("date-time") => TypeRef::DateTime,
                    _ => TypeRef::String,
                }
            }
            Shape::Integer => TypeRef::Integer,
            Shape::Number => TypeRef::Number,
            Shape::Boolean => TypeRef::Boolean,
            Shape::Values(values) => {
                if values.iter().all(|v| v.is_string() || v.is_null()) {
                    let strings: Vec<String> = values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
                    self.string_enum(schema, &strings, pointer, hint, component)
                } else {
                    TypeRef::Json
                }
            }
            Shape::Array(items) => {
                let Some(items) = items else { return TypeRef::List(Box::new(TypeRef::Json)) };
                let item_pointer = format!("{pointer}/items");
                self.containers += 1;
                let item = self.lower_boxed(items, &item_pointer, &format!("{hint}Item"));
                self.containers -= 1;
                let item = if self.nullable(items, &item_pointer) { TypeRef::Option(Box::new(item)) } else { item };
                TypeRef::List(Box::new(item))
            }
            Shape::Object { props, additional } if props.is_empty() => match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value_pointer = format!("{pointer}/additionalProperties");
                    self.containers += 1;
                    let lowered = self.lower(value, &value_pointer, &format!("{hint}Value"));
                    self.containers -= 1;
                    // `null` values mean something (GitHub deletes a gist's file given one).
                    let nullable =
                        self.resolver.schema(value, &value_pointer).is_ok_and(|r| r.node.schema_data.nullable);
                    let lowered = match lowered {
                        TypeRef::Option(_) | TypeRef::Json => lowered,
                        _ if nullable => TypeRef::Option(Box::new(lowered)),
                        _ => lowered,
                    };
                    TypeRef::Map(Box::new(lowered))
                }
                _ => TypeRef::JsonObject,
            },
            Shape::Object { .. } | Shape::AllOf(_) => {
                // `allOf: [$ref]` beside a description or `nullable`, or beside parts that only
                // annotate (`{default: true}`), is the referenced type.
                let own_properties = matches!(&schema.schema_kind, SchemaKind::Any(a) if !a.properties.is_empty());
                if let (Shape::AllOf(parts), false) = (shape(schema), own_properties) {
                    let mut meaningful = parts.iter().enumerate().filter(|(_, p)| !is_annotation(p));
                    if let (Some((i, only)), None) = (meaningful.next(), meaningful.next()) {
                        return self.lower(only, &format!("{pointer}/allOf/{i}"), hint);
                    }
                }
                let id = self.reserve(hint, component, schema, pointer);
                self.fill_object(id, schema, pointer, hint);
                match self.defs[id].kind {
                    TypeKind::Alias(TypeRef::Json) => TypeRef::Json,
                    _ => TypeRef::Named(id),
                }
            }
            Shape::OneOf(variants) => self.union(schema, variants, pointer, hint, component),
            Shape::Any => TypeRef::Json,
            Shape::Unknown(typ) => {
                self.diagnostics.push(
                    Diagnostic::error(format!("{pointer}/type"), format!("unknown schema type `{typ}`"))
                        .with_hint("OpenAPI 3.0 types are string, number, integer, boolean, array and object"),
                );
                TypeRef::Json
            }
        }
    }

    fn string_enum(
        &mut self,
        schema: &Schema,
        values: &[String],
        pointer: &str,
        hint: &str,
        component: Option<&'a str>,
    ) -> TypeRef {
        if values.is_empty() {
            return TypeRef::String;
        }
        let mut scope = Scope::with_reserved(["Unknown"]);
        let mut seen = BTreeSet::new();
        let variants = values
            .iter()
            .filter(|v| seen.insert(v.as_str()))
            .map(|v| Variant { rust_name: scope.claim(&pascal(v)), wire_value: v.clone(), doc: None })
            .collect();
        let id = self.new_type(hint, component, schema, pointer, TypeKind::Enum { variants });
        TypeRef::Named(id)
    }

    fn union(
        &mut self,
        schema: &'a Schema,
        variants: &'a [ReferenceOr<Schema>],
        pointer: &str,
        hint: &str,
        component: Option<&'a str>,
    ) -> TypeRef {
        let key = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) { "anyOf" } else { "oneOf" };
        // `null` alternatives make the whole value nullable; they are not variants.
        let real: Vec<(usize, &'a ReferenceOr<Schema>)> = variants
            .iter()
            .enumerate()
            .filter(|(i, v)| {
                !self.resolver.schema(v, &format!("{pointer}/{key}/{i}")).is_ok_and(|r| is_null_schema(r.node))
            })
            .collect();
        if let [(i, only)] = real.as_slice() {
            // `{oneOf: [url_target], required: [target]}` is the alternative with those members
            // required: an object of its own.
            let requires = matches!(&schema.schema_kind, SchemaKind::Any(a) if !a.required.is_empty());
            let at = format!("{pointer}/{key}/{i}");
            let object = self
                .resolver
                .schema(only, &at)
                .is_ok_and(|r| matches!(shape(r.node), Shape::Object { .. } | Shape::AllOf(_)));
            if !(requires && object) {
                return self.lower(only, &at, hint);
            }
            let id = self.reserve(hint, component, schema, pointer);
            self.fill_object(id, schema, pointer, hint);
            return TypeRef::Named(id);
        }
        if let Some(ty) = self.primitive_union(&real, pointer, key) {
            return ty;
        }
        let id = self.reserve(hint, component, schema, pointer);

        // What each alternative is, before any is lowered: its title, its component, and the
        // properties that may tell it from the others.
        let alternatives: Vec<Alternative<'a>> = real
            .iter()
            .map(|&(i, node)| {
                let at = format!("{pointer}/{key}/{i}");
                let resolved = self.resolver.schema(node, &at).ok();
                let title = resolved.as_ref().and_then(|r| r.node.schema_data.title.clone());
                let props = resolved.as_ref().and_then(|r| {
                    let mut quiet = std::mem::take(&mut self.diagnostics);
                    let props = self.properties(r.node, &r.pointer, 0);
                    // Problems in an alternative's properties are reported when it is lowered.
                    std::mem::swap(&mut quiet, &mut self.diagnostics);
                    props
                });
                let reference = match node {
                    ReferenceOr::Reference { reference } => Some(reference.as_str()),
                    ReferenceOr::Item(_) => None,
                };
                Alternative { index: i, node, at, title, props, reference }
            })
            .collect();
        let explicit = schema.schema_data.discriminator.as_ref();
        let (property, decides) = match explicit.map(|d| d.property_name.clone()) {
            Some(p) => (Some(p), true),
            None => match self.implicit_discriminator(&alternatives) {
                Some(p) => (Some(p), true),
                None => (self.example_discriminator(&alternatives), false),
            },
        };

        let mut scope = Scope::default();
        let mut out = Vec::new();
        let mut tags: Vec<(String, usize)> = Vec::new();
        let mut complete = true;
        for alt in &alternatives {
            // The values that select this alternative: those the mapping gives it, else the
            // one value its own schema allows the property, else (for the spec's
            // discriminator) the name of the component it refers to.
            let mut values: Vec<String> = Vec::new();
            if let (Some(d), Some(reference)) = (explicit, alt.reference) {
                values.extend(
                    d.mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || reference.ends_with(&format!("/{target}")))
                        .map(|(value, _)| value.clone()),
                );
            }
            if let (true, Some(p)) = (values.is_empty(), &property) {
                let found = if decides { self.property_values(alt, p) } else { self.property_example(alt, p) };
                values.extend(found.unwrap_or_default());
            }
            if values.is_empty() && explicit.is_some() {
                values.extend(alt.reference.map(|r| r.rsplit('/').next().unwrap_or_default().to_string()));
            }
            complete &= !values.is_empty();
            // Names a person would write: the alternative's title, else the value that
            // selects it, else its component's name, else its shape.
            // A value that selects only this alternative names it best; several values name it
            // only when nothing else does (`StringOrSecret`).
            let component = alt.reference.map(|r| self.component_type_name(r.rsplit('/').next().unwrap_or_default()));
            // A title other alternatives share (OpenAI's three `array`s) names none of them.
            let own_title = alt
                .title
                .as_deref()
                .filter(|t| alternatives.iter().filter(|a| a.title.as_deref() == Some(*t)).count() == 1);
            let given = own_title
                .map(pascal)
                .or_else(|| match values.as_slice() {
                    [one] if decides => Some(pascal(one)),
                    _ => None,
                })
                .or(component)
                // An alternative that is one value (Stripe's `enum: [""]`, which unsets a
                // field) is named by it: `Metadata::Empty`.
                .or_else(|| one_value(self.resolver.schema(alt.node, &alt.at).ok().map(|r| r.node)).map(|v| pascal(&v)))
                .or_else(|| (decides && (2..=3).contains(&values.len())).then(|| pascal(&values.join(" or "))))
                .or_else(|| own_property(alt, &alternatives).map(pascal));
            let type_hint = match (&alt.title, &given) {
                (Some(title), _) => pascal(title),
                (None, Some(name)) => format!("{name}{hint}"),
                (None, None) => format!("{hint}Variant{}", alt.index + 1),
            };
            let ty = self.lower(alt.node, &alt.at, &type_hint);
            if let TypeRef::Named(made) = ty {
                // An alternative's own type, named by its title: other unions' alternatives
                // often have the same title (a request's and a response's), so the union's
                // name stands in front when the title alone is taken.
                let def = &mut self.defs[made];
                if def.component.is_none() && alt.title.is_some() && def.base_name == type_hint {
                    def.qualified = Some(format!("{hint}{type_hint}"));
                }
            }
            let name = given.unwrap_or_else(|| match &ty {
                TypeRef::String => "String".into(),
                TypeRef::Integer => "Integer".into(),
                TypeRef::Number => "Number".into(),
                TypeRef::Boolean => "Boolean".into(),
                TypeRef::Uuid => "Uuid".into(),
                TypeRef::DateTime => "DateTime".into(),
                TypeRef::List(item) => list_name(item, &self.defs).unwrap_or_else(|| "List".into()),
                TypeRef::JsonObject | TypeRef::Map(_) => "Object".into(),
                TypeRef::Json => "Other".into(),
                _ => format!("Variant{}", alt.index + 1),
            });
            // Alternatives differ in size; boxing the named ones keeps the union small.
            let ty = match ty {
                TypeRef::Named(_) => TypeRef::Boxed(Box::new(ty)),
                other => other,
            };
            tags.extend(values.into_iter().map(|v| (v, out.len())));
            out.push(UnionVariant { rust_name: scope.claim(&name), ty });
        }
        let discriminator = property.filter(|_| !tags.is_empty()).map(|property| {
            tags.sort();
            tags.dedup();
            let required = explicit.is_some()
                || (decides
                    && alternatives.iter().all(|a| a.props.as_ref().is_some_and(|p| p.required.contains(&property))));
            Discriminator { property, values: tags, complete, decides, required }
        });
        // A value none of the alternatives accepts is kept, not an error (schema drift).
        let fallback = match out.iter().position(|v| v.ty == TypeRef::Json) {
            Some(i) => i,
            None => {
                out.push(UnionVariant { rust_name: scope.claim("Other"), ty: TypeRef::Json });
                out.len() - 1
            }
        };
        self.defs[id].kind = TypeKind::Union { variants: out, discriminator, fallback, ambiguous: Vec::new() };
        TypeRef::Named(id)
    }

    /// A union of alternatives that are all strings, all numbers or all booleans is that type:
    /// the value needs no choosing (a DNS `ttl` is any number, or `1` for automatic). The
    /// special values go into the docs (`with_notes`).
    fn primitive_union(&self, real: &[(usize, &'a ReferenceOr<Schema>)], pointer: &str, key: &str) -> Option<TypeRef> {
        let mut kinds = BTreeSet::new();
        for (i, node) in real {
            let resolved = self.resolver.schema(node, &format!("{pointer}/{key}/{i}")).ok()?;
            self.scalar_kinds(resolved.node, &resolved.pointer, &mut kinds, 0)?;
        }
        if kinds.contains("integer") && kinds.contains("number") {
            kinds.remove("integer");
        }
        match kinds.into_iter().collect::<Vec<_>>().as_slice() {
            ["string"] => Some(TypeRef::String),
            ["integer"] => Some(TypeRef::Integer),
            ["number"] => Some(TypeRef::Number),
            ["boolean"] => Some(TypeRef::Boolean),
            _ => None,
        }
    }

    /// The one alternative of a `oneOf`/`anyOf` (written alone or beside other keywords) that is
    /// not `null`; the schema itself when there are more, or none. (Discord writes a nullable
    /// constant `oneOf: [{type: null}, {enum: [2]}]`.)
    fn single_alternative(&self, schema: &'a Schema, pointer: &str) -> &'a Schema {
        let Shape::OneOf(alternatives) = shape(schema) else { return schema };
        let key = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) { "anyOf" } else { "oneOf" };
        let mut real = alternatives
            .iter()
            .enumerate()
            .filter_map(|(i, alt)| self.resolver.schema(alt, &format!("{pointer}/{key}/{i}")).ok())
            .map(|r| r.node)
            .filter(|s| !is_null_schema(s));
        match (real.next(), real.next()) {
            (Some(only), None) => only,
            _ => schema,
        }
    }

    /// The scalar kinds a schema's values may be, through nested unions (OpenAI's model ids
    /// are a union of a union of strings); `None` when some value is not a scalar.
    fn scalar_kinds(
        &self,
        schema: &'a Schema,
        pointer: &str,
        kinds: &mut BTreeSet<&'static str>,
        depth: usize,
    ) -> Option<()> {
        kinds.insert(match shape(schema) {
            Shape::Str { .. } => "string",
            Shape::Values(values) if values.iter().all(|v| v.is_string() || v.is_null()) => "string",
            Shape::Values(values) if values.iter().all(|v| v.is_i64() || v.is_null()) => "integer",
            Shape::Values(values) if values.iter().all(|v| v.is_number() || v.is_null()) => "number",
            Shape::Integer => "integer",
            Shape::Number => "number",
            Shape::Boolean => "boolean",
            Shape::OneOf(alternatives) if depth < MAX_DEPTH => {
                let key = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) { "anyOf" } else { "oneOf" };
                for (i, alt) in alternatives.iter().enumerate() {
                    let resolved = self.resolver.schema(alt, &format!("{pointer}/{key}/{i}")).ok()?;
                    if !is_null_schema(resolved.node) {
                        self.scalar_kinds(resolved.node, &resolved.pointer, kinds, depth + 1)?;
                    }
                }
                return Some(());
            }
            _ => return None,
        });
        Some(())
    }

    /// A property that every alternative has and allows a few values of, no value allowed by
    /// two alternatives: what tells the alternatives apart without a `discriminator`
    /// (`type: {enum: [CNAME]}`).
    fn implicit_discriminator(&self, alternatives: &[Alternative<'a>]) -> Option<String> {
        let first = alternatives.first()?.props.as_ref()?;
        first.props.iter().map(|p| &p.0).find_map(|name| {
            let mut seen = BTreeSet::new();
            for alt in alternatives {
                for value in self.property_values(alt, name)? {
                    if !seen.insert(value) {
                        return None;
                    }
                }
            }
            (seen.len() > 1).then(|| name.clone())
        })
    }

    /// A string property that every alternative has, with an example in each and no example
    /// shared: the spec does not say so, but such a property (`type` of Access applications,
    /// `example: ssh`) is usually what tells the alternatives apart.
    fn example_discriminator(&self, alternatives: &[Alternative<'a>]) -> Option<String> {
        let first = alternatives.first()?.props.as_ref()?;
        first.props.iter().map(|p| &p.0).find_map(|name| {
            let mut seen = BTreeSet::new();
            for alt in alternatives {
                for value in self.property_example(alt, name)? {
                    if !seen.insert(value) {
                        return None;
                    }
                }
            }
            (seen.len() > 1).then(|| name.clone())
        })
    }

    /// The example of property `name` in an alternative, when it is a plain string property.
    fn property_example(&self, alt: &Alternative<'a>, name: &str) -> Option<Vec<String>> {
        let (_, node, at) = alt.props.as_ref()?.props.iter().find(|p| p.0 == name)?;
        let resolved = self.resolver.boxed_schema(node, at).ok()?;
        match &resolved.node.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => {}
            _ => return None,
        }
        let example = resolved.node.schema_data.example.as_ref()?.as_str()?;
        Some(vec![example.to_string()])
    }

    /// The values an alternative's schema allows property `name`, if it lists them.
    fn property_values(&self, alt: &Alternative<'a>, name: &str) -> Option<Vec<String>> {
        let (_, node, at) = alt.props.as_ref()?.props.iter().find(|p| p.0 == name)?;
        let resolved = self.resolver.boxed_schema(node, at).ok()?;
        let schema = self.single_alternative(resolved.node, &resolved.pointer);
        // Strings as they are, numbers and booleans as their JSON text (Discord's `type: 11`).
        let values: Vec<String> = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
            SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().flatten().map(i64::to_string).collect(),
            SchemaKind::Type(Type::Boolean(b)) => b.enumeration.iter().flatten().map(bool::to_string).collect(),
            SchemaKind::Any(a) => a
                .enumeration
                .iter()
                .filter_map(|v| match v {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(v.to_string()),
                    _ => None,
                })
                .collect(),
            _ => return None,
        };
        (!values.is_empty()).then_some(values)
    }

    /// Merges an object's properties through `allOf`; `None` when some part is not an object.
    pub fn properties(&mut self, schema: &'a Schema, pointer: &str, depth: usize) -> Option<Properties<'a>> {
        if depth > MAX_DEPTH {
            self.diagnostics.push(
                Diagnostic::error(pointer, "`allOf` nests too deeply; it is probably a cycle")
                    .with_hint("an allOf must not include itself, directly or through other components"),
            );
            return None;
        }
        let mut out = Properties { props: Vec::new(), required: BTreeSet::new(), earlier: BTreeMap::new() };
        match shape(schema) {
            Shape::Object { props, .. } => {
                for (name, node) in props {
                    out.add(name, node, format!("{pointer}/properties/{}", escape_token(name)));
                }
            }
            Shape::AllOf(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    let at = format!("{pointer}/allOf/{i}");
                    let resolved = match self.resolver.schema(part, &at) {
                        Ok(r) => r,
                        Err(d) => {
                            self.diagnostics.push(d);
                            continue;
                        }
                    };
                    if matches!(shape(resolved.node), Shape::Any) {
                        // A part that only lists what is required (`{required: [expected_codes]}`)
                        // makes the other parts' members required.
                        if let SchemaKind::Any(a) = &resolved.node.schema_kind {
                            out.required.extend(a.required.iter().cloned());
                        }
                        continue;
                    }
                    let inner = self.properties(resolved.node, &resolved.pointer, depth + 1)?;
                    for (name, earlier) in inner.earlier {
                        out.earlier.entry(name).or_default().extend(earlier);
                    }
                    for (name, node, at) in inner.props {
                        out.add(&name, node, at);
                    }
                    out.required.extend(inner.required);
                }
                // Properties written beside `allOf` belong to the same object.
                if let SchemaKind::Any(a) = &schema.schema_kind {
                    for (name, node) in &a.properties {
                        out.add(name, node, format!("{pointer}/properties/{}", escape_token(name)));
                    }
                }
            }
            // One alternative (and `null`s) is that alternative, with what is written beside.
            Shape::OneOf(_) => {
                let only = self.single_alternative(schema, pointer);
                if std::ptr::eq(only, schema) {
                    return None;
                }
                let inner = self.properties(only, pointer, depth + 1)?;
                for (name, node, at) in inner.props {
                    out.add(&name, node, at);
                }
                out.required.extend(inner.required);
            }
            _ => return None,
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => out.required.extend(o.required.iter().cloned()),
            SchemaKind::Any(a) => {
                out.required.extend(a.required.iter().cloned());
                // What every alternative of a choice of required members requires.
                let choice = if a.one_of.is_empty() { &a.any_of } else { &a.one_of };
                if !choice.is_empty() && only_require(&a.one_of) && only_require(&a.any_of) {
                    let lists: Vec<&[String]> = choice
                        .iter()
                        .map(|alt| match alt {
                            ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(b), .. }) => b.required.as_slice(),
                            ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Object(o)), .. }) => {
                                o.required.as_slice()
                            }
                            _ => &[],
                        })
                        .collect();
                    if let Some((first, rest)) = lists.split_first() {
                        out.required.extend(first.iter().filter(|name| rest.iter().all(|l| l.contains(name))).cloned());
                    }
                }
            }
            _ => {}
        }
        Some(out)
    }

    /// The properties of a form: an object's, or for `oneOf`/`anyOf` those of every
    /// alternative, all optional (a form has no way to say which alternative it is).
    pub fn form_properties(&mut self, schema: &'a Schema, pointer: &str) -> Option<Properties<'a>> {
        let alternatives = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            _ => return self.properties(schema, pointer, 0),
        };
        let mut out = Properties { props: Vec::new(), required: BTreeSet::new(), earlier: BTreeMap::new() };
        for (i, alternative) in alternatives.0.iter().enumerate() {
            let at = format!("{pointer}/{}/{i}", alternatives.1);
            let Ok(resolved) = self.resolver.schema(alternative, &at) else { continue };
            for prop in self.properties(resolved.node, &resolved.pointer, 0).map(|p| p.props).unwrap_or_default() {
                if !out.props.iter().any(|p| p.0 == prop.0) {
                    out.props.push(prop);
                }
            }
        }
        Some(out)
    }

    /// Fields for merged properties. In a `request`, read-only ones are left out; a read-only
    /// one that is also required (the spec's "required" then applies to responses only, as
    /// OpenAPI says) is kept but optional: never demanded, still settable, since specs mark
    /// identifiers read-only and some servers read them anyway.
    pub fn fields(&mut self, props: &Properties<'a>, owner: &str, request: bool) -> Vec<Field> {
        let mut scope = Scope::default();
        let mut out = Vec::new();
        for (wire, node, at) in &props.props {
            let resolved = self.resolver.boxed_schema(node, at).ok();
            let marked_read_only = resolved.as_ref().is_some_and(|r| r.node.schema_data.read_only);
            let read_only = request && marked_read_only;
            if read_only && !props.required.contains(wire) {
                continue;
            }
            let hint = format!("{owner}{}", pascal(wire));
            let merged = props.earlier.get(wire).and_then(|earlier| self.merged(earlier, node, at, &hint, request));
            let ty = merged.unwrap_or_else(|| self.lower_boxed(node, at, &hint));
            out.push(Field {
                rust_name: scope.claim(&snake(wire)),
                wire_name: wire.clone(),
                ty,
                required: props.required.contains(wire) && !read_only,
                nullable: resolved.as_ref().is_some_and(|r| r.node.schema_data.nullable),
                doc: resolved.and_then(|r| value_doc(r.node)),
                separator: None,
                deep: false,
                read_only: !request && marked_read_only,
                sample: super::valid_values::Hints::of_boxed(&self.resolver, node, at).value(),
            });
        }
        out
    }

    /// A property that several `allOf` parts describe, each as an object (or each as a list of
    /// objects): one object with the members of all (a later part's member replacing an
    /// earlier one's of the same name), required where any part requires it. `None` when the
    /// parts are not all objects or all lists of them: the last part's schema is the type.
    fn merged(
        &mut self,
        earlier: &[PropertyAt<'a>],
        last: &'a ReferenceOr<Box<Schema>>,
        at: &str,
        hint: &str,
        request: bool,
    ) -> Option<TypeRef> {
        let mut parts: Vec<(&'a Schema, String)> = Vec::new();
        for (node, pointer) in earlier.iter().map(|(n, p)| (*n, p.as_str())).chain([(last, at)]) {
            let resolved = self.resolver.boxed_schema(node, pointer).ok()?;
            parts.push((resolved.node, resolved.pointer));
        }
        let objects = |parts: &[(&'a Schema, String)]| {
            parts.iter().all(|(s, _)| {
                matches!(shape(s), Shape::Object { props, .. } if !props.is_empty())
                    || matches!(shape(s), Shape::AllOf(_))
            })
        };
        if objects(&parts) {
            return self.merged_object(&parts, hint, request);
        }
        // Lists whose items are all objects: a list of the merged item.
        let mut items = Vec::new();
        for (schema, pointer) in &parts {
            let Shape::Array(Some(node)) = shape(schema) else { return None };
            let at = format!("{pointer}/items");
            let resolved = self.resolver.boxed_schema(node, &at).ok()?;
            items.push((resolved.node, resolved.pointer));
        }
        if !objects(&items) {
            return None;
        }
        let item = self.merged_object(&items, &format!("{hint}Item"), request)?;
        Some(TypeRef::List(Box::new(item)))
    }

    /// `None` when the last part already has every member the others add, required as they
    /// require it: that part's own type is the merge.
    fn merged_object(&mut self, parts: &[(&'a Schema, String)], hint: &str, request: bool) -> Option<TypeRef> {
        let mut all = Properties { props: Vec::new(), required: BTreeSet::new(), earlier: BTreeMap::new() };
        for (schema, pointer) in parts {
            let Some(props) = self.properties(schema, pointer, 0) else { continue };
            for (name, earlier) in props.earlier {
                all.earlier.entry(name).or_default().extend(earlier);
            }
            for (name, node, at) in props.props {
                all.add(&name, node, at);
            }
            all.required.extend(props.required);
        }
        let (last, last_at) = parts.last()?;
        let own = self.properties(last, last_at, 0)?;
        let adds =
            all.props.iter().any(|p| !own.props.iter().any(|o| o.0 == p.0)) || !all.required.is_subset(&own.required);
        if !adds {
            return None;
        }
        let (first, first_at) = &parts[0];
        let id = self.reserve(hint, None, first, first_at);
        self.defs[id].kind = TypeKind::Struct { fields: self.fields(&all, hint, request) };
        Some(TypeRef::Named(id))
    }

    /// A union of types already lowered, named `name` (the results of a union of envelopes);
    /// its alternatives are named by their types and chosen by what a value contains.
    pub fn union_of(&mut self, alternatives: Vec<TypeRef>, name: &str, pointer: &str) -> TypeRef {
        let mut scope = Scope::default();
        let mut variants: Vec<UnionVariant> = alternatives
            .into_iter()
            .map(|ty| {
                let named = match &ty {
                    TypeRef::Named(id) => self.defs[*id].base_name.clone(),
                    other => format!("{other:?}"),
                };
                let ty = match ty {
                    TypeRef::Named(_) => TypeRef::Boxed(Box::new(ty)),
                    other => other,
                };
                UnionVariant { rust_name: scope.claim(&pascal(&named)), ty }
            })
            .collect();
        variants.push(UnionVariant { rust_name: scope.claim("Other"), ty: TypeRef::Json });
        let fallback = variants.len() - 1;
        self.defs.push(PendingType {
            base_name: name.to_string(),
            component: None,
            given: false,
            qualified: None,
            doc: Doc::default(),
            kind: TypeKind::Union { variants, discriminator: None, fallback, ambiguous: Vec::new() },
            pointer: pointer.to_string(),
        });
        TypeRef::Named(self.defs.len() - 1)
    }

    /// The dotted paths of an object's members, nested objects included (`cursors.after`),
    /// down to a few levels: where a configured style may read paging information.
    pub fn member_paths(&mut self, node: &'a ReferenceOr<Box<Schema>>, pointer: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut work: Vec<(String, &'a ReferenceOr<Box<Schema>>, String, usize)> =
            vec![(String::new(), node, pointer.to_string(), 0)];
        while let Some((prefix, node, at, depth)) = work.pop() {
            let Ok(resolved) = self.resolver.boxed_schema(node, &at) else { continue };
            let Some(props) = self.properties(resolved.node, &resolved.pointer, 0) else { continue };
            for (name, child, child_at) in props.props {
                let path = if prefix.is_empty() { name } else { format!("{prefix}.{name}") };
                if depth < 3 {
                    work.push((path.clone(), child, child_at, depth + 1));
                }
                out.insert(path);
            }
        }
        out
    }

    /// Whether a schema allows any value at all (`{}`).
    pub fn is_any(&self, node: &'a ReferenceOr<Schema>, pointer: &str) -> bool {
        self.resolver.schema(node, pointer).is_ok_and(|r| matches!(shape(r.node), Shape::Any))
    }

    /// Whether a schema allows only `null`: such a result carries nothing and is returned as
    /// `()`. (An open object or `{}` is returned as JSON: a server's answer is never dropped.)
    pub fn is_null_value(&self, node: &'a ReferenceOr<Box<Schema>>, pointer: &str) -> bool {
        let Ok(resolved) = self.resolver.boxed_schema(node, pointer) else { return false };
        matches!(shape(resolved.node), Shape::Values(values) if values.iter().all(serde_json::Value::is_null))
    }
}

/// A value's documentation: its description (or title), then what the schema says of its
/// values that the Rust type cannot: the server's default, and the allowed numbers or booleans.
pub fn value_doc(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    with_notes(data.description.clone().or_else(|| data.title.clone()), schema)
}

/// `text`, followed by the notes on the schema's values.
pub fn with_notes(text: Option<String>, schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    let mut parts: Vec<String> = text.into_iter().collect();
    let literal = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let allowed: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => t.enumeration.iter().flatten().map(i64::to_string).collect(),
        SchemaKind::Type(Type::Number(t)) => t.enumeration.iter().flatten().map(f64::to_string).collect(),
        SchemaKind::Type(Type::Boolean(t)) => t.enumeration.iter().flatten().map(bool::to_string).collect(),
        _ => Vec::new(),
    };
    if !allowed.is_empty() {
        let list: Vec<String> = allowed.iter().map(|v| format!("`{v}`")).collect();
        parts.push(if list.len() == 1 {
            format!("Always {}.", list[0])
        } else {
            format!("One of {}.", list.join(", "))
        });
    }
    let special = special_values(schema);
    if !special.is_empty() {
        parts.push(format!("Special values: {}.", special.join("; ")));
    }
    if let Some(default) = data.default.as_ref().map(literal) {
        // A default that cannot sit in a code span, or would swamp the text, is left to the spec.
        if !default.contains('`') && !default.contains('\n') && default.len() <= 80 {
            parts.push(format!("The server's default: `{default}`."));
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// The values that alternatives of a union of scalars single out (`1` for "automatic"), each
/// with its alternative's description: the union is read as one type, so the docs keep them.
fn special_values(schema: &Schema) -> Vec<String> {
    let alternatives = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for alternative in alternatives {
        let ReferenceOr::Item(alt) = alternative else { continue };
        let values: Vec<String> = match &alt.schema_kind {
            SchemaKind::Type(Type::Integer(t)) => t.enumeration.iter().flatten().map(i64::to_string).collect(),
            SchemaKind::Type(Type::Number(t)) => t.enumeration.iter().flatten().map(f64::to_string).collect(),
            SchemaKind::Type(Type::String(t)) => t.enumeration.iter().flatten().cloned().collect(),
            SchemaKind::Any(a) => a
                .enumeration
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect(),
            _ => Vec::new(),
        };
        if values.is_empty() || values.iter().any(|v| v.contains('`') || v.contains('\n')) {
            continue;
        }
        // An empty string (Stripe's "unset") shows as `""`, not as an empty code span.
        let shown = |v: &String| if v.is_empty() { "`\"\"`".to_string() } else { format!("`{v}`") };
        let list = values.iter().map(shown).collect::<Vec<_>>().join(", ");
        out.push(match alt.schema_data.description.as_deref().or(alt.schema_data.title.as_deref()) {
            Some(text) => format!("{list}: {}", text.trim().trim_end_matches('.')),
            None => list,
        });
    }
    out
}

/// The first property (required ones first) that this alternative has and no other has: a
/// name for an alternative that has no other (`index`, `before`, `after` of a position).
fn own_property<'s>(alt: &'s Alternative<'_>, all: &[Alternative<'_>]) -> Option<&'s str> {
    let props = alt.props.as_ref()?;
    let elsewhere = |name: &str| {
        all.iter()
            .filter(|other| other.index != alt.index)
            .any(|other| other.props.as_ref().is_some_and(|p| p.props.iter().any(|q| q.0 == name)))
    };
    let mut names: Vec<&str> = props.props.iter().map(|p| p.0.as_str()).collect();
    names.sort_by_key(|name| !props.required.contains(*name));
    names.into_iter().find(|name| !elsewhere(name))
}

/// The one value a schema allows, when it is an enum of one string.
fn one_value(schema: Option<&Schema>) -> Option<String> {
    match &schema?.schema_kind {
        SchemaKind::Type(Type::String(t)) => match t.enumeration.as_slice() {
            [Some(one)] => Some(one.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// A list alternative named by what it holds: `Strings`, `Integers`, `IntegerLists`, `Tags`.
fn list_name(item: &TypeRef, defs: &[PendingType]) -> Option<String> {
    let one = match item {
        TypeRef::String => "String".to_string(),
        TypeRef::Integer => "Integer".to_string(),
        TypeRef::Number => "Number".to_string(),
        TypeRef::Boolean => "Boolean".to_string(),
        TypeRef::Uuid => "Uuid".to_string(),
        TypeRef::DateTime => "DateTime".to_string(),
        TypeRef::JsonObject | TypeRef::Map(_) => "Object".to_string(),
        TypeRef::List(inner) => format!("{}List", list_name(inner, defs)?.strip_suffix('s')?),
        TypeRef::Boxed(inner) => return list_name(&TypeRef::List(inner.clone()), defs),
        TypeRef::Named(id) => defs.get(*id)?.base_name.clone(),
        _ => return None,
    };
    Some(format!("{one}s"))
}

/// Whether a schema allows only `null` (`{type: null}`, `{enum: [null]}`): an alternative that
/// makes a union nullable rather than a variant of it.
fn is_null_schema(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(a)
        if !a.enumeration.is_empty() && a.enumeration.iter().all(serde_json::Value::is_null))
}

/// Whether an enum of numbers lists only whole numbers an `i64` holds (and at least one).
fn whole_values(values: &[Option<f64>]) -> bool {
    let whole = |v: &f64| v.fract() == 0.0 && v.abs() < 9.0e15;
    !values.is_empty() && values.iter().flatten().all(whole) && values.iter().any(Option::is_some)
}
