//! Stage two: the parsed spec and the configuration become the IR. Every decision the emitted
//! code embodies is made here.

mod conformance;
mod dedup;
mod names;
mod operations;
mod placement;
mod schemas;
mod scopes;
mod unions;
mod valid_values;

use std::collections::BTreeMap;

use openapiv3::{APIKeyLocation, SecurityScheme};

pub use names::{pascal, snake};
pub use operations::match_key;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{
    Api, AuthMethod, Crate, Credential, Envelope, ErrorPlaces, Operation, Resource, ScopeType, ScopeVariant, Wire,
};
use crate::load::{Resolver, Spec};
use names::Scope;
use operations::{OperationLowering, Placed};
use schemas::Types;

/// Lowers a spec; warnings come back beside the IR, errors instead of it.
/// Methods the runtime gives `Client` (calls to any path, settings), which no generated
/// resource or operation at the top may take.
const CLIENT_METHODS: [&str; 8] = ["request", "get", "post", "put", "patch", "delete", "base_url", "builder"];

pub fn lower(spec: &Spec, config: &Config) -> Result<(Api, Diagnostics), Diagnostics> {
    let api = &spec.api;
    let mut diagnostics = Diagnostics::default();
    let mut types = Types::new(Resolver::new(api), &config.types);

    let mut ops = OperationLowering::new(&mut types, config);
    let placed = ops.lower_all();
    diagnostics.0.append(&mut ops.diagnostics);
    let mut unsupported = std::mem::take(&mut ops.unsupported);
    unsupported.sort();

    let mut error_detail = config
        .envelope
        .as_ref()
        .and_then(|e| e.message_schema.as_ref())
        .map(|name| types.lower_ref(&format!("#/components/schemas/{name}"), "/components/schemas"));
    let auth = auth_methods(api, config, &mut diagnostics);
    let (default_base_url, no_base_url) = base_url(api, config, &mut diagnostics);
    diagnostics.0.append(&mut types.diagnostics);

    let mut root = resource_tree(placed, &mut diagnostics);
    let renamed = |d: &schemas::PendingType| d.component.as_ref().is_some_and(|c| config.types.rename.contains_key(c));
    let mut defs = dedup::merge(types.defs, &mut root, &mut error_detail, renamed);
    let scope = config.scope.as_ref().map(|s| ScopeType {
        name: s.name.clone(),
        doc: s.doc.clone(),
        variants: s
            .variants
            .iter()
            .map(|v| ScopeVariant { name: v.name.clone(), snake: snake(&v.name), doc: v.doc.clone() })
            .collect(),
    });
    scopes::merge(&mut root, scope.as_ref(), &mut defs, &mut diagnostics);
    let defs = dedup::prune(defs, &mut root, &mut error_detail);
    let mut type_defs = placement::place(defs, &mut root, error_detail.as_ref());
    diagnostics.0.extend(unions::check(&mut type_defs));

    // One feature per top-level resource: users compile what they use.
    let features: Vec<String> = root.children.iter().map(|c| c.accessor().to_string()).collect();
    for (i, f) in config.krate.default_features.iter().flatten().enumerate() {
        if !features.contains(f) {
            let d =
                Diagnostic::error(format!("/crate/default_features/{i}"), format!("`{f}` is not a top-level resource"))
                    .with_hint(format!("top-level resources: {}", features.join(", ")));
            diagnostics.push(config.in_file(d));
        }
    }

    spec.place(&mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let krate = Crate {
        package: config.krate.name.clone(),
        version: config.krate.version.clone(),
        description: config.krate.description.clone().unwrap_or_else(|| format!("Client for {}", api.info.title)),
        title: api.info.title.clone(),
        api_version: api.info.version.clone(),
        docs: api.info.description.clone(),
        features: features.clone(),
        default_features: config.krate.default_features.clone().unwrap_or_else(|| vec!["full".to_string()]),
    };
    let envelope = config.envelope.as_ref().map(|e| Envelope {
        result: e.result.clone(),
        success: e.success.clone(),
        errors: e.errors.clone(),
        messages: e.messages.clone(),
        result_info: e.result_info.clone(),
    });
    let conformance = config
        .conformance
        .as_ref()
        .map(|c| conformance::sample(c, &root, &type_defs, envelope.as_ref().map(|e| e.result.as_str())));
    if let (Some(conf), Some(sample)) = (&config.conformance, &conformance) {
        let called = |n: &str| sample.calls.iter().chain(sample.every.iter().flatten()).any(|c| c.name() == n);
        for name in conf.known_failures.keys().filter(|n| !called(n)) {
            let d = Diagnostic::warning(
                format!("/conformance/known_failures/{}", crate::load::escape_token(name)),
                format!("`{name}` is not a sampled operation"),
            )
            .with_hint("take it off the list");
            diagnostics.push(config.in_file(d));
        }
    }
    let ir = Api {
        conformance,
        krate,
        default_base_url,
        no_base_url,
        base_url_env: config.client.base_url_env.clone(),
        idempotency_header: config.client.idempotency_header.clone(),
        request_id_header: config.client.request_id_header.as_deref().map(str::to_ascii_lowercase),
        security: spec.api.security.as_deref().map(operations::requirement_names).unwrap_or_default(),
        auth,
        envelope,
        error_detail,
        errors: config.errors.as_ref().map(|e| ErrorPlaces {
            details: e
                .details
                .as_deref()
                .unwrap_or_default()
                .split('.')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            code: e.code.clone(),
            message: e.message.clone(),
        }),
        root,
        types: type_defs,
        unsupported,
        webhooks: spec.webhooks.clone(),
        scope,
    };
    Ok((ir, diagnostics))
}

/// The server a client talks to unless told otherwise: the configuration's, else the spec's
/// first server with its variables at their defaults, when that is a full URL. Without one, a
/// client must be given a base URL, and `build()` says so with this message.
fn base_url(api: &openapiv3::OpenAPI, config: &Config, diagnostics: &mut Diagnostics) -> (Option<String>, String) {
    let missing = |detail: &str| {
        format!("no base URL: {detail}; give the client one with `.base_url(\"https://…\")` on its builder")
    };
    if let Some(url) = &config.client.base_url {
        return (Some(url.clone()), missing("none is configured"));
    }
    let Some(server) = api.servers.first() else {
        diagnostics.push(
            Diagnostic::warning("/servers", "the spec names no server; a client must be given a base URL")
                .with_hint("add `servers: [{url: ...}]` to the spec, or `client.base_url` in the configuration"),
        );
        return (None, missing("the API's description names no server"));
    };
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    if url.starts_with("https://") || url.starts_with("http://") {
        return (Some(url), missing("none is configured"));
    }
    diagnostics.push(
        Diagnostic::warning(
            "/servers/0/url",
            format!("the server `{url}` is not a full URL; a client must be given a base URL"),
        )
        .with_hint("give the server's scheme and host, or `client.base_url` in the configuration"),
    );
    (
        None,
        missing(&format!(
            "the API's description gives only `{url}`, not a host: use `.base_url(\"https://your-host{url}\")`"
        )),
    )
}

/// The runtime's own `ClientBuilder` methods: an API's credential methods take other names.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "credentials",
    "base_url",
    "max_retries",
    "timeout",
    "overall_timeout",
    "max_response_bytes",
    "strict_decoding",
    "bearer_token",
    "default_header",
    "http_client",
    "build",
];

fn auth_methods(api: &openapiv3::OpenAPI, config: &Config, diagnostics: &mut Diagnostics) -> Vec<AuthMethod> {
    let schemes = api.components.as_ref().map(|c| &c.security_schemes);
    let scheme = |name: &str| match schemes.and_then(|s| s.get(name)) {
        Some(openapiv3::ReferenceOr::Item(s)) => Some(s),
        _ => None,
    };
    // Where the scheme's credential goes; for HTTP basic, the user name (the password is the
    // next credential of the same scheme, if any).
    let wire = |s: &SecurityScheme| -> Option<Wire> {
        match s {
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                Some(Wire::Header { name: "Authorization".into(), prefix: "Bearer ".into() })
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Some(Wire::BasicUsername),
            SecurityScheme::APIKey { location, name, .. } => Some(match location {
                APIKeyLocation::Header => Wire::Header { name: name.clone(), prefix: String::new() },
                APIKeyLocation::Query => Wire::Query { name: name.clone() },
                APIKeyLocation::Cookie => Wire::Cookie { name: name.clone() },
            }),
            // An OAuth2 or OpenID Connect access token, obtained elsewhere, is a bearer token.
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
                Some(Wire::Header { name: "Authorization".into(), prefix: "Bearer ".into() })
            }
            _ => None,
        }
    };
    if config.auth.is_empty() {
        let mut out = Vec::new();
        let mut scope = Scope::with_reserved(BUILDER_METHODS.iter().copied());
        for (name, s) in schemes.into_iter().flatten() {
            let openapiv3::ReferenceOr::Item(s) = s else { continue };
            let Some(wire) = wire(s) else {
                diagnostics.push(Diagnostic::warning(
                    format!("/components/securitySchemes/{name}"),
                    "this kind of credential gets no builder method of its own",
                ).with_hint("clients send it with `default_header(..)` on the builder (or `bearer_token(..)`); a configuration's `auth` can name a method for it"));
                continue;
            };
            let (what, credentials) = match &wire {
                Wire::BasicUsername => (
                    "A user name and password (or a key as the user name, with an empty password)".to_string(),
                    vec![
                        Credential {
                            scheme: name.clone(),
                            arg: "username".into(),
                            env: None,
                            wire: Wire::BasicUsername,
                        },
                        Credential {
                            scheme: name.clone(),
                            arg: "password".into(),
                            env: None,
                            wire: Wire::BasicPassword,
                        },
                    ],
                ),
                _ => {
                    let what = match s {
                        SecurityScheme::OAuth2 { .. } => "An OAuth2 access token, obtained elsewhere",
                        SecurityScheme::OpenIDConnect { .. } => "An OpenID Connect access token, obtained elsewhere",
                        _ => "Credentials",
                    };
                    let arg = if matches!(&wire, Wire::Header { prefix, .. } if !prefix.is_empty()) {
                        "token"
                    } else {
                        "key"
                    };
                    let credential =
                        Credential { scheme: name.clone(), arg: arg.into(), env: None, wire: wire.clone() };
                    (what.to_string(), vec![credential])
                }
            };
            out.push(AuthMethod {
                method: scope.claim(&snake(name)),
                doc: format!("{what} for the `{name}` security scheme, sent {}.", where_sent(&wire)),
                credentials,
            });
        }
        return out;
    }
    let mut out = Vec::new();
    for (i, entry) in config.auth.iter().enumerate() {
        let mut credentials: Vec<Credential> = Vec::new();
        for (j, c) in entry.credentials.iter().enumerate() {
            match scheme(&c.scheme).and_then(wire) {
                Some(mut wire) => {
                    // The second credential of a basic scheme is its password.
                    if wire == Wire::BasicUsername && credentials.iter().any(|c| c.wire == Wire::BasicUsername) {
                        wire = Wire::BasicPassword;
                    }
                    credentials.push(Credential {
                        scheme: c.scheme.clone(),
                        arg: snake(&c.arg),
                        env: c.env.clone(),
                        wire,
                    })
                }
                None => {
                    let d = Diagnostic::error(
                        format!("/auth/{i}/credentials/{j}"),
                        format!("`{}` is not a security scheme of the spec that the client can send", c.scheme),
                    )
                    .with_hint("name a bearer, basic, API key, OAuth2 or OpenID Connect scheme from components.securitySchemes");
                    diagnostics.push(config.in_file(d));
                }
            }
        }
        out.push(AuthMethod { method: snake(&entry.method), doc: entry.doc.clone().unwrap_or_default(), credentials });
    }
    out
}

/// Where a credential goes, for the builder method's documentation.
fn where_sent(wire: &Wire) -> String {
    match wire {
        Wire::Header { name, prefix } if prefix.is_empty() => format!("in `{name}`"),
        Wire::Header { name, prefix } => format!("in `{name}` as `{prefix}<token>`"),
        Wire::Query { name } => format!("in the query parameter `{name}`"),
        Wire::Cookie { name } => format!("in the cookie `{name}`"),
        Wire::BasicUsername | Wire::BasicPassword => "as HTTP basic authentication".to_string(),
    }
}

/// Builds the resource tree and gives every method in it a unique name.
fn resource_tree(placed: Vec<Placed>, diagnostics: &mut Diagnostics) -> Resource {
    #[derive(Default)]
    struct Node {
        ops: Vec<(Operation, bool)>,
        children: BTreeMap<String, Node>,
    }
    let mut root = Node::default();
    for p in placed {
        let mut node = &mut root;
        for seg in &p.resource {
            node = node.children.entry(seg.clone()).or_default();
        }
        node.ops.push((p.operation, p.configured));
    }
    fn build(module: Vec<String>, mut node: Node, diagnostics: &mut Diagnostics) -> Resource {
        let handle = match module.last() {
            None => "Client".to_string(),
            // A handle named `Default` would hide the trait from its module's code.
            Some(m) if names::PRELUDE.contains(&pascal(m).as_str()) => format!("{}Resource", pascal(m)),
            Some(m) => pascal(m),
        };
        let top = module.is_empty();
        if top {
            for name in CLIENT_METHODS {
                let Some(child) = node.children.remove(name) else { continue };
                let renamed = format!("{name}_resource");
                diagnostics.push(Diagnostic::warning(
                    "/paths",
                    format!("`Client::{name}` is the runtime's; the resource `{name}` is `{renamed}()`"),
                ));
                node.children.insert(renamed, child);
            }
        }
        let runtime = CLIENT_METHODS.iter().copied().filter(|_| top);
        let mut scope =
            Scope::with_reserved(node.children.keys().map(String::as_str).chain(["new", "clone"]).chain(runtime));
        // Configured names first, so generated ones yield to them.
        node.ops.sort_by(|a, b| {
            (!a.1, &a.0.method_name, &a.0.path_template, a.0.http_method).cmp(&(
                !b.1,
                &b.0.method_name,
                &b.0.path_template,
                b.0.http_method,
            ))
        });
        let mut operations: Vec<Operation> = Vec::new();
        for (mut op, configured) in node.ops {
            // Scoped operations of one name, each for another owner, become one method later.
            let other_owner = |earlier: &Operation| {
                earlier.method_name == op.method_name
                    && !earlier.scopes.is_empty()
                    && op.scopes.first().is_some_and(|s| s.variant != earlier.scopes[0].variant)
            };
            if operations.iter().any(other_owner)
                && !operations.iter().any(|e| e.method_name == op.method_name && !other_owner(e))
            {
                operations.push(op);
                continue;
            }
            if configured && scope.contains(&op.method_name) {
                diagnostics.push(
                    Diagnostic::error(
                        &op.pointer,
                        format!("the configuration names two operations `{}.{}`", module.join("."), op.method_name),
                    )
                    .with_hint("give one of them another name in the configuration"),
                );
            }
            let wanted = op.method_name.clone();
            op.method_name = scope.claim(&wanted);
            if !configured && op.method_name != wanted {
                let owner = if module.is_empty() { "Client".to_string() } else { module.join(".") };
                diagnostics.push(
                    Diagnostic::warning(
                        &op.pointer,
                        format!(
                            "another method of `{owner}` is already `{wanted}`; this operation is `{}`",
                            op.method_name
                        ),
                    )
                    .with_hint("give the operation an `operationId` of its own, or a name in the configuration"),
                );
            }
            operations.push(op);
        }
        operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        let children = node
            .children
            .into_iter()
            .map(|(name, child)| {
                let mut path = module.clone();
                path.push(name);
                build(path, child, diagnostics)
            })
            .collect();
        Resource { module, handle, operations, children }
    }
    build(Vec::new(), root, diagnostics)
}
