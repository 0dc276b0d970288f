//! The intermediate representation: plain data describing the client to emit. `lower` builds
//! it and makes every decision (names, placement, parameter kinds, envelopes); `emit` only
//! prints it. Nothing here refers to `openapiv3` or to token streams, so both sides can be
//! tested against it directly.
//!
//! Names in the IR are final: Rust identifiers, unique where they must be, with the wire name
//! kept beside them wherever the two differ.

/// The whole client.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub krate: Crate,
    /// Used when the caller sets no base URL; `None` when the spec gives no full URL.
    pub default_base_url: Option<String>,
    /// What `build()` says when there is no base URL.
    pub no_base_url: String,
    /// Environment variable `Client::from_env` reads the base URL from.
    pub base_url_env: Option<String>,
    /// The header that carries an idempotency key on POST and PATCH, when the API has one.
    pub idempotency_header: Option<String>,
    /// The response header that carries the request's id, when configured.
    pub request_id_header: Option<String>,
    /// The credentials the API's operations accept unless they say otherwise: alternatives,
    /// each the names of the security schemes that go together.
    pub security: Vec<Vec<String>>,
    pub auth: Vec<AuthMethod>,
    pub envelope: Option<Envelope>,
    /// The type of one item of an error response's `errors`; `None`: errors stay JSON.
    pub error_detail: Option<TypeRef>,
    /// Where error bodies without an envelope keep their details, when configured.
    pub errors: Option<ErrorPlaces>,
    /// The resource tree; the root's operations are methods of `Client` itself.
    pub root: Resource,
    /// Every named type, in a deterministic order; `TypeRef::Named` indexes into it.
    pub types: Vec<TypeDef>,
    /// Operations of the spec the generator cannot serve yet, by path and method.
    pub unsupported: Vec<Unsupported>,
    /// The spec's webhooks (`POST name`): calls the API makes, not calls a client makes; listed
    /// in the report, not generated.
    pub webhooks: Vec<String>,
    pub conformance: Option<Conformance>,
    /// The type that says whose resource a scoped operation acts on, when configured.
    pub scope: Option<ScopeType>,
}

/// An enum whose variants each carry an owner's id (`AccountOrZone::Zone(id)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeType {
    pub name: String,
    pub doc: Option<String>,
    pub variants: Vec<ScopeVariant>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeVariant {
    /// The variant (`Zone`).
    pub name: String,
    /// Its constructor, and how calls name it (`zone`).
    pub snake: String,
    /// What its value is.
    pub doc: Option<String>,
}

impl SampleCall {
    /// The call path, e.g. `zero_trust.risk_scoring.integrations.list`, then in parentheses
    /// the scope it is called for (`zone`) and `every optional` for the call that sets every
    /// optional argument.
    pub fn name(&self) -> String {
        let name = self.resource.iter().chain([&self.method]).cloned().collect::<Vec<_>>().join(".");
        let every = matches!(self.params, Some(SampleParams { every_optional: true, .. }));
        let notes: Vec<String> = self
            .scope
            .as_ref()
            .map(|(_, snake, _)| snake.clone())
            .into_iter()
            .chain(every.then(|| "every optional".to_string()))
            .collect();
        if notes.is_empty() { name } else { format!("{name} ({})", notes.join(", ")) }
    }
}

/// Where a sampled call's value is in its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleAnswer {
    /// The members on the way: the envelope's result, a page's items field.
    pub at: Vec<String>,
    /// The call returns a page: the answer there is a list of the items.
    pub page: bool,
}

/// The params value of a sampled call: built with `new` from values of each required field's
/// schema (`crate::samples`), and with every optional field set too, when `every_optional`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleParams {
    /// The params type (`TypeKind::Params`).
    pub ty: usize,
    pub every_optional: bool,
}

impl SampleParams {
    /// The params type's fields: query, headers, body.
    pub fn fields<'a>(&self, api: &'a Api) -> Vec<&'a Field> {
        match &api.types[self.ty].kind {
            TypeKind::Params { query, headers, body, .. } => query.iter().chain(headers).chain(body).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the value is built (`new` and setters) rather than `Default`: something is
    /// required or every optional argument is to be set.
    pub fn built(&self, api: &Api) -> bool {
        self.every_optional || self.fields(api).iter().any(|f| f.required)
    }
}

/// A path argument of a sampled call: one that the parameter's schema accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum SampleArg {
    /// The configured `path_value`.
    Default,
    /// A number, for integer and number parameters.
    Number,
    /// One of the parameter's enumerated values.
    Text(String),
    /// A UUID, for `format: uuid` parameters.
    Uuid,
}

/// A test that calls a sample of operations against a mock server of the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Conformance {
    pub url_env: String,
    pub required_env: String,
    pub path_value: String,
    pub calls: Vec<SampleCall>,
    /// Every operation, when configured, with its required arguments, and again with every
    /// optional one where it has any; grouped by top-level resource.
    pub every: Vec<Vec<SampleCall>>,
}

/// One sampled operation and the path arguments it is called with.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleCall {
    /// The resource path, e.g. `["zero_trust", "risk_scoring"]`.
    pub resource: Vec<String>,
    pub method: String,
    /// For a scoped operation, the scope variant it is called for (its name, and its snake
    /// name for the call's name) and the id it is given.
    pub scope: Option<(String, String, SampleArg)>,
    pub path_args: Vec<SampleArg>,
    /// The params value it takes, if any.
    pub params: Option<SampleParams>,
    /// Whether the spec requires a body it says nothing about: the call attaches `{}`.
    pub open_body: bool,
    /// Where the decoded value is in the response, to compare the two; `None` when the value
    /// is not read from JSON.
    pub answer: Option<SampleAnswer>,
    /// The operation is deprecated (still in the API, and called).
    pub deprecated: bool,
    /// Why it is known to fail, if it is.
    pub known_failure: Option<String>,
}

/// An operation left out of the client, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unsupported {
    pub path: String,
    pub http_method: HttpMethod,
    pub operation_id: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    pub package: String,
    pub version: String,
    pub description: String,
    pub title: String,
    pub api_version: String,
    pub docs: Option<String>,
    /// Cargo features, one per top-level resource, each gating that resource's module.
    pub features: Vec<String>,
    /// The features on by default.
    pub default_features: Vec<String>,
}

/// A builder method that sets credentials, e.g. `api_key(email, key)`.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthMethod {
    pub method: String,
    pub doc: String,
    pub credentials: Vec<Credential>,
}

/// One credential: the builder argument, where it goes on the wire and where `from_env` finds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Credential {
    /// The security scheme (`components.securitySchemes`) the credential is for.
    pub scheme: String,
    pub arg: String,
    pub env: Option<String>,
    pub wire: Wire,
}

/// Where a credential goes in each request.
#[derive(Debug, Clone, PartialEq)]
pub enum Wire {
    /// A header; `prefix` goes before the value, e.g. `Bearer `.
    Header {
        name: String,
        prefix: String,
    },
    Query {
        name: String,
    },
    Cookie {
        name: String,
    },
    /// HTTP basic authentication's user name (or a key sent as one)…
    BasicUsername,
    /// …and password; a method without one sends an empty password.
    BasicPassword,
}

/// Where an error body keeps its details, and their code and message (see `ErrorsConfig`).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorPlaces {
    pub details: Vec<String>,
    pub code: Option<String>,
    pub message: Option<String>,
}

/// Field names of a response envelope like `{success, errors, messages, result}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub result: String,
    pub success: Option<String>,
    pub errors: Option<String>,
    pub messages: Option<String>,
    pub result_info: Option<String>,
}

/// A node of the resource tree: a module with a handle type and its operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Module path from the crate root, e.g. `["zero_trust", "risk_scoring"]`; empty for the root.
    pub module: Vec<String>,
    /// The handle type, e.g. `RiskScoring`.
    pub handle: String,
    pub operations: Vec<Operation>,
    pub children: Vec<Resource>,
}

impl Resource {
    /// The accessor method that reaches this resource from its parent (`risk_scoring`).
    pub fn accessor(&self) -> &str {
        self.module.last().map_or("", String::as_str)
    }

    /// This resource and every resource below it, depth first.
    pub fn walk(&self) -> Vec<&Resource> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.walk());
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// One API operation, as a method of its resource's handle.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: Option<String>,
    /// Where in the spec this operation is (a JSON pointer).
    pub pointer: String,
    pub method_name: String,
    pub http_method: HttpMethod,
    /// The path as the spec writes it, e.g. `/accounts/{account_id}/things`.
    pub path_template: String,
    pub path: Vec<PathSegment>,
    /// Positional arguments, in path order.
    pub path_params: Vec<Param>,
    /// The params value (query and body) the method takes, if any.
    pub params: Option<TypeRef>,
    pub body: Option<BodyKind>,
    pub response: Response,
    pub pagination: Option<Pagination>,
    pub doc: Doc,
    pub deprecated: bool,
    /// The spec requires a body it says nothing about (`application/json: {}`), which the
    /// client sends only when the caller attaches one.
    pub open_body_required: bool,
    /// The operation declares `security: []`: no credentials are sent.
    pub anonymous: bool,
    /// For an operation the API serves under several owners, each owner's path, in the scope
    /// type's order; the method takes the scope first. `path_template` and `path` are the
    /// first's. Empty for other operations.
    pub scopes: Vec<ScopedPath>,
    /// The credentials the operation accepts, where they differ from the API's: alternatives,
    /// each the names of the security schemes that go together.
    pub security: Option<Vec<Vec<String>>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// Index into `path_params`.
    Param(usize),
    /// The scope's id, in a scoped operation's path.
    Scope,
}

/// One owner's path of a scoped operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopedPath {
    /// The scope type's variant (`Zone`).
    pub variant: String,
    pub path_template: String,
    pub path: Vec<PathSegment>,
    /// Where in the spec this owner's operation is.
    pub pointer: String,
    /// This owner's operation's summary (the method's docs are the first owner's).
    pub summary: Option<String>,
    /// The owner's id parameter, as the spec describes it.
    pub id: Param,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    /// A value the parameter's schema accepts (its example, first enum value, a value of its
    /// format, pattern or length), for generated tests; `None` when the spec gives no hint.
    pub sample: Option<String>,
}

/// How a params value is sent as a request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// The params' body fields, as one JSON object.
    JsonFields,
    /// The params' single `body` field, as JSON.
    JsonValue,
    /// An object whose every property is read-only: `{}`.
    EmptyObject,
    /// The params' body fields, one `multipart/form-data` part each: `Part` fields as they
    /// are, strings as text, other values as JSON.
    Multipart,
    /// The params' single `body` field (bytes), sent as they are with this media type.
    Raw { content_type: String },
    /// The params' body fields as `application/x-www-form-urlencoded` pairs, encoded as query
    /// parameters are (`separator`, `deep`).
    Form,
}

/// How a params type's body fields go on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// One JSON object (or the single `body` value).
    Json,
    /// The parts of a `multipart/form-data` upload.
    Multipart,
    /// `application/x-www-form-urlencoded` pairs.
    Form,
}

/// What a successful call returns, and how it is read from the response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// `None`: the call returns `()` (no content, or an empty result).
    pub ty: Option<TypeRef>,
    /// The value is the envelope's `result`; `success` and `errors` are checked.
    pub enveloped: bool,
    pub format: ResponseFormat,
    /// The `Accept` header: the media types of the operation's responses the client can read.
    /// A server that negotiates then answers with one of them, not its first choice (XML).
    pub accept: Option<String>,
}

/// How a response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFormat {
    Json,
    /// The body is text, returned as a `String`.
    Text,
    /// The body is bytes, returned as they came.
    Binary,
}

/// How a list operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The configuration's name for the style, e.g. `SinglePage`.
    pub style: String,
    /// The type of one item.
    pub item: TypeRef,
    /// The field of the result that holds the items; `None`: the result is the list.
    pub items_field: Option<String>,
    pub mode: PageMode,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageMode {
    /// There is only one page.
    Single,
    /// The query parameter `page_param` numbers the pages; `last_page`, when not empty, is
    /// where the body gives the number of the last.
    PageNumber { page_param: String, last_page: Vec<String> },
    /// The query parameter `cursor_param` takes the cursor found at `next_cursor` in the body.
    Cursor { cursor_param: String, next_cursor: Vec<String> },
    /// The next page's URL is at `next_url` in the body, or (empty) in the `Link` header.
    NextUrl { next_url: Vec<String> },
    /// The flag at `has_more` says more follow, after the last item's `item_cursor`.
    /// `before_param`, when the call sets it, pages backwards from the first item instead.
    HasMore { cursor_param: String, has_more: Vec<String>, item_cursor: String, before_param: Option<String> },
    /// The query parameter `offset_param` skips the items read; `total` is where the body
    /// gives their number, when it does.
    Offset { offset_param: String, total: Vec<String> },
}

/// Documentation taken from the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Doc {
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// A type as used in a field, parameter or response.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// Index into `Api::types`.
    Named(usize),
    String,
    Integer,
    Number,
    Boolean,
    Uuid,
    DateTime,
    /// Any JSON value (an empty schema).
    Json,
    /// A JSON object with no declared properties.
    JsonObject,
    /// Bytes sent or received as they are (a file, an image).
    Binary,
    /// One part of a form upload: text, or a file with a name and a media type.
    Part,
    List(Box<TypeRef>),
    /// A map from string keys.
    Map(Box<TypeRef>),
    /// A value that may be `null`.
    Option(Box<TypeRef>),
    /// A named type that contains itself.
    Boxed(Box<TypeRef>),
}

/// A named type and the module it lives in.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub module: Vec<String>,
    pub name: String,
    pub doc: Doc,
    pub kind: TypeKind,
    /// Where the schema is in the spec.
    pub pointer: String,
    /// The features that need this type (it exists if any is on); empty: always there.
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A JSON object read from responses (and written when nested in requests).
    Struct { fields: Vec<Field> },
    /// The argument of one operation: its query and header parameters and its body, built
    /// with `new` and setters. Field names are unique across the three lists.
    /// `encoding`: how the body fields are sent.
    Params { query: Vec<Field>, headers: Vec<Field>, body: Vec<Field>, encoding: BodyEncoding },
    /// A string enum that keeps unknown values.
    Enum { variants: Vec<Variant> },
    /// A value that is one of several types: chosen by the discriminator property when there
    /// is one, else by how well the value fits each alternative (`runtime::shape::choose`).
    /// `fallback` is the variant that keeps a value none of the others is, as it came.
    /// `ambiguous` lists the alternatives the spec cannot tell from another: (the variant, the
    /// variant a value of it is read as).
    Union {
        variants: Vec<UnionVariant>,
        discriminator: Option<Discriminator>,
        fallback: usize,
        ambiguous: Vec<(usize, usize)>,
    },
    /// A name for another type.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    /// For a query list sent as one value, the character between items: `,` for OpenAPI's
    /// `form` style with `explode: false`, ` ` and `|` for the delimited styles. `None`: one
    /// pair per item.
    pub separator: Option<char>,
    /// Sent in OpenAPI's `deepObject` style, with the brackets Stripe and Rails read: an
    /// object's members as `name[key]=value`, a list's items as `name[0]=value`, at any depth.
    pub deep: bool,
    /// Read-only (the server sets it): in a struct, written only when it holds a value other
    /// than its default, so that a value built by a caller does not send one.
    pub read_only: bool,
    /// A value the field's schema accepts where it states rules a plain value may break (an
    /// enum, format, pattern, lengths, bounds, or a valid example), for generated tests.
    pub sample: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub rust_name: String,
    pub wire_value: String,
    pub doc: Option<String>,
}

/// The property whose value names a union's alternative: the spec's `discriminator`, or a
/// property that every alternative allows one value of (`type: {enum: [CNAME]}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discriminator {
    pub property: String,
    /// Each value of the property and the index of a variant it selects, sorted; a value
    /// that several alternatives share appears once for each.
    pub values: Vec<(String, usize)>,
    /// Whether every alternative has a value, so that a value not listed is none of them.
    pub complete: bool,
    /// Whether the value decides the alternative. Otherwise the values are the alternatives'
    /// examples of a plain string property (`type: {example: ssh}`), which the spec does not
    /// promise: they only break ties between alternatives a value fits equally well.
    pub decides: bool,
    /// Whether every value carries the property (the spec's `discriminator` says so, or every
    /// alternative requires it): a value without it is none of the alternatives.
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
}
