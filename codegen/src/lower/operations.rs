//! Operations to methods: where each lives, what it takes and what it returns.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr};

use super::names::{Scope, pascal, singular, snake};
use super::schemas::{PendingType, Types};
use super::valid_values::Hints;
use crate::config::{Config, OperationConfig, PaginationKind as ConfigPaginationKind};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{
    BodyEncoding, BodyKind, Doc, Field, HttpMethod, Operation, PageMode, Pagination, Param, PathSegment, Response,
    ResponseFormat, TypeKind, TypeRef, Unsupported,
};
use crate::load::escape_token;

/// An operation and the resource path it belongs to.
pub struct Placed {
    pub resource: Vec<String>,
    pub operation: Operation,
    /// Named by the configuration (a collision is then an error, not a suffix).
    pub configured: bool,
}

/// `METHOD /a/{}/b`: the key operations are matched on, parameter names ignored.
pub fn match_key(method: &str, path: &str) -> String {
    let mut out = format!("{} ", method.to_ascii_uppercase());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

fn methods(item: &PathItem) -> [(HttpMethod, Option<&openapiv3::Operation>); 8] {
    [
        (HttpMethod::Get, item.get.as_ref()),
        (HttpMethod::Post, item.post.as_ref()),
        (HttpMethod::Put, item.put.as_ref()),
        (HttpMethod::Patch, item.patch.as_ref()),
        (HttpMethod::Delete, item.delete.as_ref()),
        (HttpMethod::Head, item.head.as_ref()),
        (HttpMethod::Options, item.options.as_ref()),
        (HttpMethod::Trace, item.trace.as_ref()),
    ]
}

pub struct OperationLowering<'a, 'c> {
    pub types: &'c mut Types<'a>,
    pub config: &'a Config,
    pub diagnostics: Vec<Diagnostic>,
    /// Operations left out, with the reason.
    pub unsupported: Vec<Unsupported>,
    by_key: BTreeMap<String, (usize, &'a OperationConfig)>,
    /// Path segments (parameters as `{}`) and resource of every configured operation.
    configured_paths: Vec<(Vec<String>, Vec<String>)>,
    /// For operations without tags: how many operations each leading path word has.
    path_words: BTreeMap<String, usize>,
}

/// A path's segments, parameters written `{}`.
fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| if s.contains('{') { "{}".to_string() } else { s.to_string() })
        .collect()
}

impl<'a, 'c> OperationLowering<'a, 'c> {
    pub fn new(types: &'c mut Types<'a>, config: &'a Config) -> Self {
        let mut diagnostics = Vec::new();
        let mut by_key = BTreeMap::new();
        for (i, entry) in config.operations.iter().enumerate() {
            if let Some(variant) = &entry.scope {
                let variants = config.scope.as_ref().map(|s| s.variants.iter().map(|v| v.name.as_str()).collect());
                let variants: Vec<&str> = variants.unwrap_or_default();
                if !variants.contains(&variant.as_str()) {
                    let hint = if variants.is_empty() {
                        "declare the scope type in `scope:`, with this variant".to_string()
                    } else {
                        format!("the variants of `scope`: {}", variants.join(", "))
                    };
                    diagnostics.push(config_entry(
                        config,
                        i,
                        Severity::Error,
                        format!("`scope: {variant}` is not a variant of the configured scope type"),
                        &hint,
                    ));
                }
            }
            let Some((method, path)) = entry.op.split_once(' ') else {
                diagnostics.push(config_entry(
                    config,
                    i,
                    Severity::Error,
                    format!("`op: {}` is not of the form `METHOD /path`", entry.op),
                    "fix this entry of the configuration",
                ));
                continue;
            };
            if by_key.insert(match_key(method, path.trim()), (i, entry)).is_some() {
                diagnostics.push(config_entry(
                    config,
                    i,
                    Severity::Error,
                    format!("`{}` is configured twice", entry.op),
                    "remove one of the two entries",
                ));
            }
        }
        let configured_paths = config
            .operations
            .iter()
            .filter_map(|entry| {
                let (_, path) = entry.op.split_once(' ')?;
                let mut resource: Vec<String> = entry.name.split('.').map(snake).collect();
                resource.pop();
                Some((segments(path.trim()), resource))
            })
            .collect();
        let mut path_words = BTreeMap::new();
        for (path, item) in &types.resolver.api().paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            for (_, operation) in methods(item) {
                if let Some(word) = operation.filter(|o| o.tags.is_empty()).and_then(|_| path_word(path)) {
                    *path_words.entry(word).or_insert(0) += 1;
                }
            }
        }
        OperationLowering { types, config, diagnostics, unsupported: Vec::new(), by_key, configured_paths, path_words }
    }

    /// Every operation of the spec, in path then method order.
    pub fn lower_all(&mut self) -> Vec<Placed> {
        let api = self.types.resolver.api();
        let mut paths: Vec<(&'a String, &'a ReferenceOr<PathItem>)> = api.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = Vec::new();
        let mut used = vec![false; self.config.operations.len()];
        let mut ids: BTreeMap<&'a str, String> = BTreeMap::new();
        for (path, item) in paths {
            let pointer = format!("/paths/{}", escape_token(path));
            let ReferenceOr::Item(item) = item else {
                self.diagnostics.push(
                    Diagnostic::warning(&pointer, "path items given by `$ref` are not supported; skipped")
                        .with_hint("write the path item in place"),
                );
                continue;
            };
            for (method, operation) in methods(item) {
                let Some(operation) = operation else { continue };
                let op_pointer = format!("{pointer}/{}", method.as_str().to_ascii_lowercase());
                if let Some(id) = operation.operation_id.as_deref() {
                    if let Some(first) = ids.get(id) {
                        self.diagnostics.push(
                            Diagnostic::warning(
                                format!("{op_pointer}/operationId"),
                                format!("operationId `{id}` is also the id of #{first}; ids must be unique"),
                            )
                            .with_hint("rename one of them; until then the client gives them different names"),
                        );
                    } else {
                        ids.insert(id, op_pointer.clone());
                    }
                }
                let configured = self.by_key.get(&match_key(method.as_str(), path)).copied();
                if let Some((i, _)) = configured {
                    used[i] = true;
                }
                if let Some(placed) =
                    self.lower_one(path, item, method, operation, &op_pointer, configured.map(|(_, c)| c))
                {
                    out.push(placed);
                }
            }
        }
        for (i, entry) in self.config.operations.iter().enumerate() {
            if !used[i] {
                self.diagnostics.push(config_entry(
                    self.config,
                    i,
                    Severity::Warning,
                    format!("`{}` matches no operation of the spec", entry.op),
                    "remove the entry, or correct its method and path",
                ));
            }
        }
        out
    }

    fn lower_one(
        &mut self,
        path: &str,
        item: &'a PathItem,
        method: HttpMethod,
        operation: &'a openapiv3::Operation,
        pointer: &str,
        configured: Option<&'a OperationConfig>,
    ) -> Option<Placed> {
        let (resource, method_name) = match configured {
            Some(c) => {
                let mut parts: Vec<String> = c.name.split('.').map(snake).collect();
                let method_name = parts.pop().unwrap_or_default();
                (parts, method_name)
            }
            None => {
                // Without a tag, the leading word of the path names the resource, when more
                // than one operation shares it: `/v1/customers/{customer}` is in `customers()`.
                let by_path = || path_word(path).filter(|w| self.path_words.get(w).is_some_and(|n| *n > 1));
                let resource = self
                    .nearest_resource(path)
                    .or_else(|| operation.tags.first().map(|t| vec![snake(t)]))
                    .or_else(|| by_path().map(|w| vec![w]))
                    .unwrap_or_default();
                let name = operation
                    .operation_id
                    .as_deref()
                    .map(snake)
                    .unwrap_or_else(|| snake(&format!("{} {path}", method.as_str())));
                let name = without_repetition(&name, resource.last().map(String::as_str), operation.tags.first());
                (resource, name)
            }
        };
        let owner = match resource.last() {
            Some(last) if configured.is_some() => format!("{}{}", pascal(&singular(last)), pascal(&method_name)),
            _ => pascal(&method_name),
        };

        // Parameters: the operation's override the path item's of the same name and place.
        let mut params: BTreeMap<(String, &'static str), (&'a Parameter, String)> = BTreeMap::new();
        let lists = [
            (&item.parameters, format!("{}/parameters", pointer.rsplit_once('/').map_or("", |p| p.0))),
            (&operation.parameters, format!("{pointer}/parameters")),
        ];
        let mut order: Vec<(String, &'static str)> = Vec::new();
        for (list, base) in lists {
            for (i, node) in list.iter().enumerate() {
                let at = format!("{base}/{i}");
                match self.types.resolver.parameter(node, &at) {
                    Ok(r) => {
                        let key = (r.node.parameter_data_ref().name.clone(), location(r.node));
                        if !order.contains(&key) {
                            order.push(key.clone());
                        }
                        params.insert(key, (r.node, r.pointer));
                    }
                    Err(d) => self.diagnostics.push(d),
                }
            }
        }

        let (segments, names) = parse_template(path);
        let mut arg_scope = Scope::with_reserved(["params", "self"]);
        let mut path_params = Vec::new();
        let mut segs = Vec::new();
        for seg in segments {
            match seg {
                Segment::Literal(l) => segs.push(PathSegment::Literal(l)),
                Segment::Param(i) => {
                    let wire = &names[i];
                    let declared = params.get(&(wire.clone(), "path"));
                    let ty = match declared {
                        Some((p, at)) => self.param_type(p, at, &format!("{owner}{}", pascal(wire))),
                        None => {
                            self.diagnostics.push(
                                Diagnostic::warning(pointer, format!("path parameter `{{{wire}}}` is not declared; taken as a string"))
                                    .with_hint(format!("declare it: parameters: [{{name: {wire}, in: path, required: true, schema: {{type: string}}}}]")),
                            );
                            TypeRef::String
                        }
                    };
                    segs.push(PathSegment::Param(path_params.len()));
                    path_params.push(Param {
                        rust_name: arg_scope.claim(&snake(wire)),
                        wire_name: wire.clone(),
                        ty,
                        required: true,
                        doc: declared.and_then(|(p, _)| p.parameter_data_ref().description.clone()),
                        sample: declared.and_then(|(p, at)| self.param_sample(p, at)),
                    });
                }
            }
        }
        for key in &order {
            if key.1 == "path" && !names.contains(&key.0) {
                let at = &params[key].1;
                self.diagnostics.push(
                    Diagnostic::warning(
                        at,
                        format!("path parameter `{}` does not appear in the path `{path}`; ignored", key.0),
                    )
                    .with_hint(format!("remove the parameter, or write `{{{}}}` in the path", key.0)),
                );
            }
        }

        // `new` is the constructor; the other setters share the fields' names.
        let mut field_scope = Scope::with_reserved(["new"]);
        for name in TRAIT_METHODS {
            field_scope.alias(name, &format!("{name}_value"));
        }
        let query_names: BTreeSet<&str> = order.iter().filter(|k| k.1 == "query").map(|k| k.0.as_str()).collect();
        let detectable = || {
            let rules = self.config.pagination.values().filter(|p| {
                p.detect.as_ref().is_some_and(|d| d.query.iter().all(|q| query_names.contains(q.as_str())))
            });
            rules.into_iter().next().filter(|_| method == HttpMethod::Get)
        };
        let style = match configured.and_then(|c| c.pagination.as_ref()) {
            Some(p) => self.config.pagination.get(p),
            None => detectable(),
        };
        let paging_params: Vec<&str> = style
            .map(|p| {
                let page = p.page_param.as_deref().unwrap_or(match p.kind {
                    ConfigPaginationKind::PageNumber => "page",
                    _ => "",
                });
                [Some(page), p.size_param.as_deref()].into_iter().flatten().filter(|n| !n.is_empty()).collect()
            })
            .unwrap_or_default();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        for key in &order {
            let (param, at) = &params[key];
            let list = match key.1 {
                "query" => &mut query,
                "header" => &mut headers,
                "cookie" => {
                    self.diagnostics.push(Diagnostic::warning(
                        at,
                        format!("cookie parameter `{}` is not supported; left out", key.0),
                    ));
                    continue;
                }
                _ => continue,
            };
            let data = param.parameter_data_ref();
            let mut ty = self.param_type(param, at, &format!("{owner}{}", pascal(&data.name)));
            // Page numbers and sizes are whole numbers in every API that has them, whatever
            // type the spec writes: `page(3)` must not go out as `page=3.0`.
            if ty == TypeRef::Number && paging_params.contains(&data.name.as_str()) {
                ty = TypeRef::Integer;
            }
            list.push(Field {
                rust_name: field_scope.claim(&snake(&data.name)),
                wire_name: data.name.clone(),
                ty,
                required: data.required,
                nullable: false,
                doc: match &data.format {
                    ParameterSchemaOrContent::Schema(s) => match self.types.resolver.schema(s, at) {
                        Ok(r) => super::schemas::with_notes(data.description.clone(), r.node),
                        Err(_) => data.description.clone(),
                    },
                    ParameterSchemaOrContent::Content(_) => data.description.clone(),
                },
                separator: match param {
                    Parameter::Query { style: QueryStyle::Form, .. } if data.explode == Some(false) => Some(','),
                    Parameter::Query { style: QueryStyle::SpaceDelimited, .. } => Some(' '),
                    Parameter::Query { style: QueryStyle::PipeDelimited, .. } => Some('|'),
                    _ => None,
                },
                deep: matches!(param, Parameter::Query { style: QueryStyle::DeepObject, .. }),
                read_only: false,
                sample: match &data.format {
                    ParameterSchemaOrContent::Schema(s) => {
                        let mut hints = Hints::of(&self.types.resolver, s, at);
                        if data.example.is_some() {
                            hints.example = data.example.clone();
                        }
                        hints.value()
                    }
                    ParameterSchemaOrContent::Content(_) => None,
                },
            });
        }

        // The response first: an operation it cannot serve leaves no params type behind.
        let (mut response, result_info) = match self.response(operation, pointer, &owner) {
            Ok(response) => response,
            Err(reason) => {
                self.skip(method, path, operation, reason);
                return None;
            }
        };

        response.accept = self.accept(operation, pointer, response.format);

        let mut body_fields = Vec::new();
        let mut body = None;
        let mut open_body_required = false;
        if let Some(node) = &operation.request_body {
            let at = format!("{pointer}/requestBody");
            let resolved = match self.types.resolver.request_body(node, &at) {
                Ok(r) => r,
                Err(d) => {
                    self.diagnostics.push(d);
                    return None;
                }
            };
            // JSON when offered; else a form upload; else bytes in the first media type listed.
            let content = &resolved.node.content;
            let choice = content
                .iter()
                .find(|(m, _)| is_json(m))
                .or_else(|| content.iter().find(|(m, _)| is_multipart(m)))
                .or_else(|| content.iter().find(|(m, _)| is_form(m)))
                .or_else(|| content.iter().next());
            let Some((media, media_type)) = choice else {
                self.skip(
                    method,
                    path,
                    operation,
                    format!("a request body with no media type (at #{})", resolved.pointer),
                );
                return None;
            };
            let schema_at = format!("{}/content/{}/schema", resolved.pointer, escape_token(media));
            let schema = media_type.schema.as_ref().and_then(|s| self.types.resolver.schema(s, &schema_at).ok());
            if is_multipart(media) {
                let props = schema.and_then(|r| self.types.form_properties(r.node, &r.pointer));
                if let Some(props) = props {
                    body_fields = self.types.fields(&props, &owner, true);
                }
                // `<any part name>` documents parts of free names; `Call::part` sends those.
                body_fields.retain(|f| !(f.wire_name.starts_with('<') && f.wire_name.ends_with('>')));
                for f in &mut body_fields {
                    f.rust_name = field_scope.claim(&f.rust_name);
                    f.ty = as_part(&f.ty);
                }
                body = Some(BodyKind::Multipart);
            } else if is_form(media) {
                // Each property a pair, encoded as the media type's `encoding` says (Stripe's
                // `metadata[key]=value` and `expand[0]=x` are `deepObject`).
                if let Some(props) = schema.and_then(|r| self.types.properties(r.node, &r.pointer, 0)) {
                    body_fields = self.types.fields(&props, &owner, true);
                }
                for f in &mut body_fields {
                    f.rust_name = field_scope.claim(&f.rust_name);
                    if let Some(encoding) = media_type.encoding.get(&f.wire_name) {
                        // `openapiv3` reads a missing `explode` as false, though the spec's
                        // default for the form style is true: only the other styles join.
                        f.deep = matches!(encoding.style, Some(openapiv3::QueryStyle::DeepObject));
                        f.separator = match encoding.style {
                            Some(openapiv3::QueryStyle::SpaceDelimited) => Some(' '),
                            Some(openapiv3::QueryStyle::PipeDelimited) => Some('|'),
                            _ => None,
                        };
                    }
                }
                // A form of no fields (Stripe's GETs declare one) is no body at all.
                body = (!body_fields.is_empty()).then_some(BodyKind::Form);
            } else if !is_json(media) {
                body_fields.push(Field {
                    rust_name: field_scope.claim("body"),
                    wire_name: "body".into(),
                    ty: TypeRef::Binary,
                    // Bytes are the whole point of such a call: never optional.
                    required: true,
                    nullable: false,
                    doc: resolved.node.description.clone(),
                    separator: None,
                    deep: false,
                    read_only: false,
                    sample: None,
                });
                body = Some(BodyKind::Raw { content_type: media.clone() });
            } else {
                match schema.and_then(|r| self.types.properties(r.node, &r.pointer, 0)) {
                    Some(props) if !props.props.is_empty() => {
                        body_fields = self.types.fields(&props, &owner, true);
                        for f in &mut body_fields {
                            f.rust_name = field_scope.claim(&f.rust_name);
                        }
                        body = Some(if body_fields.is_empty() { BodyKind::EmptyObject } else { BodyKind::JsonFields });
                    }
                    // A body the spec says nothing about (`application/json: {}`, which 134 of
                    // Cloudflare's operations declare, most of them deletes): nothing is sent
                    // unless the caller attaches a value (`Call::json_body`).
                    _ if media_type.schema.as_ref().is_none_or(|s| self.types.is_any(s, &schema_at)) => {
                        open_body_required = resolved.node.required;
                    }
                    _ => {
                        let ty = match &media_type.schema {
                            Some(s) => self.types.lower(s, &schema_at, &format!("{owner}Body")),
                            None => TypeRef::Json,
                        };
                        body_fields.push(Field {
                            rust_name: field_scope.claim("body"),
                            wire_name: "body".into(),
                            ty,
                            required: resolved.node.required,
                            nullable: false,
                            doc: resolved.node.description.clone(),
                            separator: None,
                            deep: false,
                            read_only: false,
                            sample: media_type
                                .schema
                                .as_ref()
                                .and_then(|s| Hints::of(&self.types.resolver, s, &schema_at).value()),
                        });
                        body = Some(BodyKind::JsonValue);
                    }
                }
            }
        }

        // A name in both the query (or headers) and the body: both say where they go
        // (`uris_in_query`, `uris_in_body`), rather than one of them taking `uris_2`.
        for field in &mut body_fields {
            let base = snake(&field.wire_name);
            if field.rust_name == base {
                continue;
            }
            let places = query.iter_mut().map(|f| (f, "query")).chain(headers.iter_mut().map(|f| (f, "header")));
            if let Some((other, place)) = places.into_iter().find(|(f, _)| f.rust_name == base) {
                other.rust_name = field_scope.claim(&format!("{base}_in_{place}"));
                field.rust_name = field_scope.claim(&format!("{base}_in_body"));
            }
        }

        let params_ty = if query.is_empty() && headers.is_empty() && body_fields.is_empty() {
            None
        } else {
            let name = format!("{owner}Params");
            let doc = Doc { summary: Some(format!("Parameters of `{method_name}`.")), description: None };
            self.types.defs.push(super::schemas::PendingType {
                base_name: name,
                component: None,
                given: false,
                qualified: None,
                doc,
                kind: TypeKind::Params {
                    query,
                    headers,
                    body: body_fields,
                    encoding: match body {
                        Some(BodyKind::Multipart) => BodyEncoding::Multipart,
                        Some(BodyKind::Form) => BodyEncoding::Form,
                        _ => BodyEncoding::Json,
                    },
                },
                pointer: pointer.to_string(),
            });
            Some(TypeRef::Named(self.types.defs.len() - 1))
        };

        let pagination = match configured.and_then(|c| c.pagination.as_ref().map(|p| (p, c.items.as_deref()))) {
            Some((style, items)) => self.pagination(style, items, &response, result_info.as_ref(), pointer),
            None if method == HttpMethod::Get => self.detected(&query_names, &response, result_info.as_ref(), pointer),
            None => None,
        };

        let mut operation = Operation {
            operation_id: operation.operation_id.clone(),
            pointer: pointer.to_string(),
            method_name,
            http_method: method,
            path_template: path.to_string(),
            path: segs,
            path_params,
            params: params_ty,
            body,
            response,
            pagination,
            doc: Doc { summary: operation.summary.clone(), description: operation.description.clone() },
            deprecated: operation.deprecated,
            open_body_required,
            anonymous: operation.security.as_ref().is_some_and(Vec::is_empty),
            security: self.own_security(operation),
            scopes: Vec::new(),
        };
        if let Some(variant) = configured.and_then(|c| c.scope.as_ref()) {
            if let Err(why) = super::scopes::split(&mut operation, variant) {
                self.diagnostics.push(
                    Diagnostic::warning(pointer, format!("configured with `scope: {variant}`, but {why}"))
                        .with_hint("remove `scope` from this operation's configuration"),
                );
            }
        }
        Some(Placed { resource, configured: configured.is_some(), operation })
    }

    /// Records an operation the generator cannot serve yet, for the report.
    fn skip(&mut self, method: HttpMethod, path: &str, operation: &openapiv3::Operation, reason: String) {
        self.unsupported.push(Unsupported {
            http_method: method,
            path: path.to_string(),
            operation_id: operation.operation_id.clone(),
            reason,
        });
    }

    /// For an operation the configuration does not name: the resource of the configured
    /// operations whose paths share the longest prefix with its path (two literal segments at
    /// least, so that `/accounts/{id}` alone decides nothing); the shallowest such resource.
    fn nearest_resource(&self, path: &str) -> Option<Vec<String>> {
        let segs = segments(path);
        let shared = |other: &[String]| segs.iter().zip(other).take_while(|(a, b)| a == b).count();
        let literal = |n: usize| segs[..n].iter().filter(|s| *s != "{}").count();
        let best = self.configured_paths.iter().map(|(p, _)| shared(p)).filter(|&n| literal(n) >= 2).max()?;
        self.configured_paths
            .iter()
            .filter(|(p, _)| shared(p) == best)
            .map(|(_, r)| r)
            .min_by_key(|r| (r.len(), (*r).clone()))
            .cloned()
    }

    /// The paging of an operation the configuration does not page: the first style, by name,
    /// whose `detect` rule it meets, and whose reading the response allows.
    fn detected(
        &mut self,
        query: &BTreeSet<&str>,
        response: &Response,
        result_info: Option<&BTreeSet<String>>,
        pointer: &str,
    ) -> Option<Pagination> {
        let config = self.config;
        for (name, style) in &config.pagination {
            let Some(rule) = &style.detect else { continue };
            let members: Vec<String> = rule.response.clone();
            let has_members = members.iter().all(|m| {
                has_member(&self.types.defs, response.ty.as_ref(), m)
                    || result_info.is_some_and(|info| response.enveloped && info.contains(m))
            });
            if !rule.query.iter().all(|q| query.contains(q.as_str())) || !has_members {
                continue;
            }
            // A list in a wrapper (`{total_count, workflow_runs: [...]}`) pages as a list, when
            // the style does not name the member and the wrapper has only one list.
            let only_list =
                style.items.is_none().then(|| only_list_member(&self.types.defs, response.ty.as_ref())).flatten();
            // A rule that matches but cannot page this operation is not this operation's style.
            let before = self.diagnostics.len();
            match self.pagination(name, only_list.as_deref(), response, result_info, pointer) {
                Some(p) => return Some(p),
                None => self.diagnostics.truncate(before),
            }
        }
        None
    }

    /// The paging of an operation with a configured style. What the style reads must be where
    /// it says, or the pager would silently stop after one page: the items a list, the next
    /// cursor a member of `result_info`, the page numbers there too. Anything else is an error
    /// at the operation.
    fn pagination(
        &mut self,
        style: &str,
        items: Option<&str>,
        response: &Response,
        result_info: Option<&BTreeSet<String>>,
        pointer: &str,
    ) -> Option<Pagination> {
        let Some(conf) = self.config.pagination.get(style) else {
            self.diagnostics.push(
                Diagnostic::error(pointer, format!("pagination style `{style}` is not defined in the configuration"))
                    .with_hint("add it under `pagination:`"),
            );
            return None;
        };
        let mut problem = |message: String, hint: &str| {
            self.diagnostics
                .push(Diagnostic::error(pointer, format!("`{style}` pagination: {message}")).with_hint(hint));
        };
        let items_field = items.map(str::to_string).or_else(|| conf.items.clone());
        let list = match (&items_field, &response.ty) {
            (None, ty) => ty.clone(),
            (Some(field), Some(TypeRef::Named(id))) => match &self.types.defs[*id].kind {
                TypeKind::Struct { fields } => fields.iter().find(|f| &f.wire_name == field).map(|f| f.ty.clone()),
                _ => None,
            },
            (Some(_), _) => None,
        };
        let list = match list {
            Some(TypeRef::Option(inner)) => Some(*inner),
            other => other,
        };
        let Some(TypeRef::List(item)) = list else {
            let want =
                items_field.as_ref().map_or("a list result".to_string(), |f| format!("a result with a list `{f}`"));
            problem(
                format!("the operation's result is not {want}, so it cannot page"),
                "configure the operation without `pagination`, with another style, or with `items: <the list's member>`",
            );
            return None;
        };
        let dotted = |path: &str| path.split('.').map(str::to_string).collect::<Vec<_>>();
        // Where a path of the body must be found: in the result's type, or for an envelope
        // with `result_info`, there (the body holds both).
        let enveloped_info = response.enveloped.then(|| self.config.envelope.as_ref()?.result_info.clone()).flatten();
        let body_path = |path: &str| -> Vec<String> {
            match &enveloped_info {
                Some(info) => std::iter::once(info.clone()).chain(dotted(path)).collect(),
                None => dotted(path),
            }
        };
        let missing = |path: &str| -> Option<String> {
            match (&enveloped_info, result_info) {
                (Some(_), Some(paths)) if paths.is_empty() || paths.contains(path) => None,
                (Some(_), Some(paths)) => Some(format!("`result_info` has {}", listed(paths))),
                (Some(_), None) => Some("the response has no `result_info`".to_string()),
                (None, _) => type_lacks(&self.types.defs, response.ty.as_ref(), &dotted(path)),
            }
        };
        let mode = match conf.kind {
            ConfigPaginationKind::Single => PageMode::Single,
            ConfigPaginationKind::PageNumber => {
                // The pager reads the page it got and the number of pages from `result_info`.
                const PAGE_FIELDS: [&str; 4] = ["page", "total_pages", "total_count", "count"];
                // An object that lists no members says nothing either way (the alerting history
                // writes only an example); one that lists others has no page numbers.
                if let Some(paths) = result_info.filter(|p| {
                    conf.last_page.is_none() && !p.is_empty() && !PAGE_FIELDS.iter().any(|f| p.contains(*f))
                }) {
                    problem(
                        format!(
                            "`result_info` has none of `page`, `total_pages`, `total_count` and `count` (it has {})",
                            listed(paths)
                        ),
                        "configure the style that reads this operation's paging information, or none",
                    );
                    return None;
                }
                if let Some(found) = conf.last_page.as_deref().and_then(|p| missing(p).map(|m| (p, m))) {
                    problem(
                        format!("the last page is read at `{}`, but {}", found.0, found.1),
                        "configure `last_page` where this operation's response has it",
                    );
                    return None;
                }
                PageMode::PageNumber {
                    page_param: conf.page_param.clone().unwrap_or_else(|| "page".into()),
                    last_page: conf.last_page.as_deref().map(body_path).unwrap_or_default(),
                }
            }
            ConfigPaginationKind::Cursor => {
                let next_cursor = conf.next_cursor.as_deref().unwrap_or("cursor");
                if let Some(found) = missing(next_cursor) {
                    let place = if enveloped_info.is_some() { "result_info." } else { "" };
                    problem(
                        format!("the next cursor is read at `{place}{next_cursor}`, but {found}"),
                        "configure the style that reads the cursor where this operation's response has it",
                    );
                    return None;
                }
                PageMode::Cursor {
                    cursor_param: conf.cursor_param.clone().unwrap_or_else(|| "cursor".into()),
                    next_cursor: body_path(next_cursor),
                }
            }
            ConfigPaginationKind::NextUrl => {
                if let Some(found) = conf.next_url.as_deref().and_then(|p| missing(p).map(|m| (p, m))) {
                    problem(
                        format!("the next page's URL is read at `{}`, but {}", found.0, found.1),
                        "configure `next_url` where this operation's response has it, or leave it out for a `Link` header",
                    );
                    return None;
                }
                PageMode::NextUrl { next_url: conf.next_url.as_deref().map(body_path).unwrap_or_default() }
            }
            ConfigPaginationKind::HasMore => {
                let has_more = conf.has_more.as_deref().unwrap_or("has_more");
                if let Some(found) = missing(has_more) {
                    problem(
                        format!("whether more items follow is read at `{has_more}`, but {found}"),
                        "configure `has_more` where this operation's response has it",
                    );
                    return None;
                }
                let item_cursor = conf.item_cursor.clone().unwrap_or_else(|| "id".into());
                if let Some(found) = type_lacks(&self.types.defs, Some(&*item), std::slice::from_ref(&item_cursor)) {
                    problem(
                        format!("the next page starts after the last item's `{item_cursor}`, but {found}"),
                        "configure `item_cursor` as the member of an item that identifies it",
                    );
                    return None;
                }
                PageMode::HasMore {
                    cursor_param: conf.cursor_param.clone().unwrap_or_else(|| "starting_after".into()),
                    has_more: body_path(has_more),
                    item_cursor,
                    before_param: conf.before_param.clone(),
                }
            }
            ConfigPaginationKind::Offset => {
                if let Some(found) = conf.total.as_deref().and_then(|p| missing(p).map(|m| (p, m))) {
                    problem(
                        format!("the total is read at `{}`, but {}", found.0, found.1),
                        "configure `total` where this operation's response has it, or leave it out",
                    );
                    return None;
                }
                PageMode::Offset {
                    offset_param: conf.offset_param.clone().unwrap_or_else(|| "offset".into()),
                    total: conf.total.as_deref().map(body_path).unwrap_or_default(),
                }
            }
        };
        Some(Pagination { style: style.to_string(), item: *item, items_field, mode })
    }

    fn param_type(&mut self, param: &'a Parameter, pointer: &str, hint: &str) -> TypeRef {
        match &param.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(s) => self.types.lower(s, &format!("{pointer}/schema"), hint),
            ParameterSchemaOrContent::Content(_) => TypeRef::String,
        }
    }

    /// The success response: the lowest 2xx status with a body, else `2XX`, else `default`.
    fn response(
        &mut self,
        operation: &'a openapiv3::Operation,
        pointer: &str,
        owner: &str,
    ) -> Result<(Response, Option<BTreeSet<String>>), String> {
        use openapiv3::StatusCode;
        let mut candidates: Vec<(u16, &'a ReferenceOr<openapiv3::Response>, String)> = operation
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((*c, r, format!("{pointer}/responses/{c}"))),
                StatusCode::Range(2) => Some((299, r, format!("{pointer}/responses/2XX"))),
                _ => None,
            })
            .collect();
        candidates.sort_by_key(|c| c.0);
        if candidates.is_empty() {
            if let Some(r) = &operation.responses.default {
                candidates.push((0, r, format!("{pointer}/responses/default")));
            }
        }
        let mut chosen = None;
        for (_, node, at) in &candidates {
            match self.types.resolver.response(node, at) {
                Ok(r) => {
                    if let Some((media, content)) = r.node.content.iter().find(|(m, _)| is_json(m)) {
                        chosen = Some((content, format!("{}/content/{}/schema", r.pointer, escape_token(media))));
                        break;
                    }
                    // Not JSON: text media types read as a `String`, all others as bytes.
                    if let Some(media) = r.node.content.keys().next() {
                        let (ty, format) = if is_text(media) {
                            (TypeRef::String, ResponseFormat::Text)
                        } else {
                            (TypeRef::Binary, ResponseFormat::Binary)
                        };
                        return Ok((Response { ty: Some(ty), enveloped: false, format, accept: None }, None));
                    }
                }
                Err(d) => self.diagnostics.push(d),
            }
        }
        let json = |ty, enveloped| Response { ty, enveloped, format: ResponseFormat::Json, accept: None };
        let Some((content, at)) = chosen else { return Ok((json(None, false), None)) };
        let Some(schema) = &content.schema else { return Ok((json(Some(TypeRef::Json), false), None)) };
        let hint = format!("{owner}Response");
        if let Some(envelope) = self.config.envelope.as_ref() {
            if let Some((results, info)) = self.envelope_results(envelope, schema, &at) {
                let info = info.map(|(node, info_at)| self.types.member_paths(node, &info_at));
                let ty = self.result_type(results, &hint);
                return Ok((json(ty, true), info));
            }
        }
        Ok((json(Some(self.types.lower(schema, &at, &hint)), false), None))
    }
}

impl OperationLowering<'_, '_> {
    /// A value a path parameter's schema accepts, from what the spec says of it: its example
    /// when it keeps the schema's rules, its first enum value, or a value of its format,
    /// pattern, lengths or bounds; `None` when the spec says nothing of its values.
    fn param_sample(&self, param: &openapiv3::Parameter, at: &str) -> Option<String> {
        let data = param.parameter_data_ref();
        let openapiv3::ParameterSchemaOrContent::Schema(node) = &data.format else {
            return data.example.as_ref().and_then(text_of);
        };
        let mut hints = Hints::of(&self.types.resolver, node, at);
        if data.example.is_some() {
            hints.example = data.example.clone();
        }
        if hints.numeric {
            return Some(hints.value().as_ref().and_then(text_of).unwrap_or_else(|| "1".into()));
        }
        let said = hints.example.is_some()
            || !hints.enumeration.is_empty()
            || hints.pattern.is_some()
            || hints.format.is_some()
            || hints.min_length > 0
            || hints.max_length.is_some();
        said.then(|| hints.text()).flatten()
    }

    /// The operation's own security requirements, where they differ from the document's and
    /// the configuration lets them decide.
    fn own_security(&self, operation: &openapiv3::Operation) -> Option<Vec<Vec<String>>> {
        if self.config.client.per_operation_security == Some(false) {
            return None;
        }
        let own = requirement_names(operation.security.as_deref().filter(|s| !s.is_empty())?);
        let document = self.types.resolver.api().security.as_deref().map(requirement_names);
        (document.as_ref() != Some(&own)).then_some(own)
    }

    /// The media types of an operation's responses (errors included) that a call of this format
    /// reads: JSON ones for JSON, every one listed for text and bytes. `None` when the spec
    /// lists none but `*/*`.
    fn accept(&mut self, operation: &openapiv3::Operation, pointer: &str, format: ResponseFormat) -> Option<String> {
        let responses = &operation.responses;
        let mut media: Vec<String> = Vec::new();
        let nodes = responses
            .responses
            .iter()
            .map(|(code, r)| (r, format!("{pointer}/responses/{code}")))
            .chain(responses.default.iter().map(|r| (r, format!("{pointer}/responses/default"))));
        for (node, at) in nodes {
            let Ok(resolved) = self.types.resolver.response(node, &at) else { continue };
            for m in resolved.node.content.keys() {
                let readable = match format {
                    ResponseFormat::Json => is_json(m),
                    ResponseFormat::Text | ResponseFormat::Binary => true,
                };
                // A key that is no media type (`string`, `undefined`: spec mistakes) says nothing.
                let valid = m.contains('/') && m.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
                if readable && valid && essence(m) != "*/*" && !media.contains(m) {
                    media.push(m.clone());
                }
            }
        }
        if media.is_empty() && format == ResponseFormat::Json {
            media.push("application/json".to_string());
        }
        (!media.is_empty()).then(|| media.join(", "))
    }
}

/// A member of a schema, and where it is.
type Member<'a> = (&'a ReferenceOr<Box<openapiv3::Schema>>, String);
/// The results an envelope may hold, where it holds them.
type Results<'a> = Vec<Member<'a>>;

impl<'a> OperationLowering<'a, '_> {
    /// Whether a response schema is the envelope, by its meaning: `success` or `errors` beside
    /// `result`; or an object of nothing but envelope members (`{result: {...}}`, written
    /// without the shared envelope schema: its `success` is still checked); or a union of
    /// such objects (`oneOf: [{result: [...], success}, common-response]`). Gives the results
    /// its alternatives hold, and where `result_info` is.
    fn envelope_results(
        &mut self,
        envelope: &crate::config::EnvelopeConfig,
        schema: &'a ReferenceOr<openapiv3::Schema>,
        at: &str,
    ) -> Option<(Results<'a>, Option<Member<'a>>)> {
        let resolved = self.types.resolver.schema(schema, at).ok()?;
        let alternatives: Vec<(&'a openapiv3::Schema, String)> = match &resolved.node.schema_kind {
            openapiv3::SchemaKind::OneOf { one_of: list } | openapiv3::SchemaKind::AnyOf { any_of: list } => {
                let key = if matches!(resolved.node.schema_kind, openapiv3::SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                list.iter()
                    .enumerate()
                    .map(|(i, alt)| {
                        let r = self.types.resolver.schema(alt, &format!("{}/{key}/{i}", resolved.pointer)).ok()?;
                        Some((r.node, r.pointer))
                    })
                    .collect::<Option<_>>()?
            }
            _ => vec![(resolved.node, resolved.pointer.clone())],
        };
        let single = alternatives.len() == 1;
        let members = [
            Some(&envelope.result),
            envelope.success.as_ref(),
            envelope.errors.as_ref(),
            envelope.messages.as_ref(),
            envelope.result_info.as_ref(),
        ];
        let mut results = Vec::new();
        let mut info = None;
        for (alt, alt_at) in alternatives {
            let props = self.types.properties(alt, &alt_at, 0)?;
            let find = |name: Option<&String>| name.and_then(|n| props.props.iter().find(|p| &p.0 == n));
            let only_envelope = props.props.iter().all(|p| members.iter().any(|m| m.is_some_and(|m| *m == p.0)));
            let result = find(Some(&envelope.result));
            let marked = find(envelope.success.as_ref()).is_some() || find(envelope.errors.as_ref()).is_some();
            match result {
                Some(_) if marked || only_envelope => {}
                // The envelope without a result: a call that returns nothing (a delete), or
                // an alternative of a union that fails.
                None if only_envelope && marked => {}
                _ => return None,
            }
            if let Some((_, node, result_at)) = result {
                results.push((*node, result_at.clone()));
            }
            if info.is_none() {
                info = find(envelope.result_info.as_ref()).map(|(_, node, info_at)| (*node, info_at.clone()));
            }
        }
        (!results.is_empty() || single).then_some((results, info))
    }

    /// The type of an envelope's result: `None` when it says nothing; the one result's type; or
    /// for a union of envelopes, a union of their results (a list of the union of their items
    /// when every result is a list, as a list of memberships with roles or with policies).
    fn result_type(&mut self, results: Results<'a>, hint: &str) -> Option<TypeRef> {
        let results: Vec<_> = results.into_iter().filter(|(node, at)| !self.types.is_null_value(node, at)).collect();
        // A result the spec allows to be `null` (a delete's) is an `Option`.
        let mut types: Vec<TypeRef> = results
            .iter()
            .map(|(node, at)| {
                let ty = self.types.lower_boxed(node, at, hint);
                match ty {
                    TypeRef::Json | TypeRef::Option(_) => ty,
                    ty if self.types.nullable(node, at) => TypeRef::Option(Box::new(ty)),
                    ty => ty,
                }
            })
            .collect();
        types.dedup();
        // Of several envelopes, one that says nothing of its result (the shared collection
        // response) yields to those that do.
        fn says_nothing(ty: &TypeRef) -> bool {
            match ty {
                TypeRef::Json | TypeRef::JsonObject => true,
                TypeRef::Option(inner) | TypeRef::List(inner) => says_nothing(inner),
                _ => false,
            }
        }
        if types.len() > 1 && types.iter().any(|t| !says_nothing(t)) {
            types.retain(|t| !says_nothing(t));
        }
        match types.len() {
            0 => None,
            1 => types.pop(),
            _ => {
                let lists: Option<Vec<TypeRef>> = types
                    .iter()
                    .map(|t| match t {
                        TypeRef::List(item) => Some((**item).clone()),
                        _ => None,
                    })
                    .collect();
                let (alternatives, list) = match lists {
                    Some(items) => (items, true),
                    None => (types, false),
                };
                let union = self.types.union_of(
                    alternatives,
                    &format!("{hint}{}", if list { "Item" } else { "" }),
                    results[0].1.as_str(),
                );
                Some(if list { TypeRef::List(Box::new(union)) } else { union })
            }
        }
    }
}

/// Methods of standard traits that a setter of the same name and shape would be confused with
/// (clippy's `should_implement_trait`): a params field of such a name is `{name}_value`.
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// Paths for a message: `` `a`, `b.c` ``.
/// Why a value of `ty` cannot have a member at `path`, when its type says so; `None` when
/// it has one, or when its type does not say (an open object).
fn type_lacks(defs: &[PendingType], ty: Option<&TypeRef>, path: &[String]) -> Option<String> {
    let mut ty = ty?;
    for (depth, key) in path.iter().enumerate() {
        while let TypeRef::Option(inner) | TypeRef::Boxed(inner) = ty {
            ty = inner;
        }
        let TypeRef::Named(id) = ty else { return None };
        let def = &defs[*id];
        let TypeKind::Struct { fields } = &def.kind else { return None };
        match fields.iter().find(|f| &f.wire_name == key) {
            Some(f) => ty = &f.ty,
            None => {
                let at = if depth == 0 { "the response".to_string() } else { format!("`{}`", path[..depth].join(".")) };
                let names: BTreeSet<String> = fields.iter().map(|f| f.wire_name.clone()).collect();
                return Some(format!("{at} has {}", listed(&names)));
            }
        }
    }
    None
}

/// The one member of an object type that is a list, if it has exactly one.
fn only_list_member(defs: &[PendingType], ty: Option<&TypeRef>) -> Option<String> {
    let Some(TypeRef::Named(id)) = ty else { return None };
    let TypeKind::Struct { fields } = &defs[*id].kind else { return None };
    let is_list = |ty: &TypeRef| match ty {
        TypeRef::List(_) => true,
        TypeRef::Option(inner) => matches!(**inner, TypeRef::List(_)),
        _ => false,
    };
    let mut lists = fields.iter().filter(|f| is_list(&f.ty));
    match (lists.next(), lists.next()) {
        (Some(only), None) => Some(only.wire_name.clone()),
        _ => None,
    }
}

/// Whether a value of `ty` is an object whose type lists `member`.
fn has_member(defs: &[PendingType], ty: Option<&TypeRef>, member: &str) -> bool {
    let mut ty = ty;
    while let Some(TypeRef::Option(inner) | TypeRef::Boxed(inner)) = ty {
        ty = Some(inner);
    }
    match ty {
        Some(TypeRef::Named(id)) => match &defs[*id].kind {
            TypeKind::Struct { fields } => fields.iter().any(|f| f.wire_name == member),
            _ => false,
        },
        _ => false,
    }
}

/// Security requirements as the names of the schemes of each alternative.
pub fn requirement_names(requirements: &[openapiv3::SecurityRequirement]) -> Vec<Vec<String>> {
    requirements.iter().map(|r| r.keys().cloned().collect()).collect()
}

/// A JSON string or number as path text.
fn text_of(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first literal segment of a path that is not a version (`v1`, `2010-04-01`, `api`), as a
/// resource name: `/v1/customers/{customer}` → `customers`, `/2010-04-01/Accounts.json` →
/// `accounts`.
fn path_word(path: &str) -> Option<String> {
    let is_version = |s: &str| {
        let v = s.strip_prefix(['v', 'V']).unwrap_or(s);
        s.eq_ignore_ascii_case("api")
            || (!v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-'))
    };
    let first = path.split('/').find(|s| !s.is_empty() && !is_version(s))?;
    if first.contains('{') {
        return None;
    }
    let word = snake(first.split('.').next().unwrap_or(first));
    word.chars().next().is_some_and(|c| c.is_ascii_alphabetic()).then_some(word)
}

/// A method name without the resource or tag it repeats: GitHub's `actions/add-repo-access…`
/// under `actions()` is `add_repo_access…`, not `actions_add_repo_access…`.
fn without_repetition(name: &str, resource: Option<&str>, tag: Option<&String>) -> String {
    let words = [resource.map(snake), tag.map(|t| snake(t))];
    let prefixes = words.into_iter().flatten().flat_map(|w| [singular(&w), w]).filter(|w| !w.is_empty());
    let longest = prefixes
        .filter_map(|p| name.strip_prefix(&p).and_then(|rest| rest.strip_prefix('_')).map(|rest| (p.len(), rest)))
        // What is left must still be a name: not empty, not starting with a digit.
        .filter(|(_, rest)| rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .max_by_key(|(len, _)| *len);
    if let Some((_, rest)) = longest {
        return rest.to_string();
    }
    // The resource right after a leading verb: Stripe's `GetCustomersCustomer` under
    // `customers()` is `get_customer`; what is left must still say more than the verb.
    const VERBS: [&str; 10] = ["get", "post", "put", "patch", "delete", "head", "list", "create", "update", "retrieve"];
    let Some((verb, rest)) = name.split_once('_').filter(|(verb, _)| VERBS.contains(verb)) else {
        return name.to_string();
    };
    let Some(resource) = resource.map(snake) else { return name.to_string() };
    match rest.strip_prefix(&resource).and_then(|r| r.strip_prefix('_')) {
        Some(after) if after.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) => format!("{verb}_{after}"),
        _ => name.to_string(),
    }
}

fn listed(paths: &BTreeSet<String>) -> String {
    paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
}

fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_json(media: &str) -> bool {
    let media = essence(media);
    media == "application/json" || media.ends_with("+json") || media == "*/*"
}

fn is_text(media: &str) -> bool {
    essence(media).starts_with("text/")
}

fn is_multipart(media: &str) -> bool {
    essence(media) == "multipart/form-data"
}

fn is_form(media: &str) -> bool {
    essence(media) == "application/x-www-form-urlencoded"
}

/// The type of a form field: strings and bytes become parts, which take text or a file.
fn as_part(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::String | TypeRef::Binary => TypeRef::Part,
        TypeRef::List(inner) if matches!(**inner, TypeRef::String | TypeRef::Binary) => {
            TypeRef::List(Box::new(TypeRef::Part))
        }
        other => other.clone(),
    }
}

fn location(p: &Parameter) -> &'static str {
    match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

enum Segment {
    Literal(String),
    Param(usize),
}

/// Splits `/a/{b}/c.{d}` into literals and parameters (by index into the returned names).
fn parse_template(path: &str) -> (Vec<Segment>, Vec<String>) {
    let mut segments = Vec::new();
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else { break };
        if open > 0 {
            segments.push(Segment::Literal(rest[..open].to_string()));
        }
        let name = rest[open + 1..close].to_string();
        let index = names.iter().position(|n| n == &name).unwrap_or_else(|| {
            names.push(name);
            names.len() - 1
        });
        segments.push(Segment::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Literal(rest.to_string()));
    }
    (segments, names)
}

/// A problem with entry `index` of the configuration's `operations`.
fn config_entry(config: &Config, index: usize, severity: Severity, message: String, hint: &str) -> Diagnostic {
    let d = Diagnostic::error(format!("/operations/{index}"), message).with_hint(hint);
    config.in_file(Diagnostic { severity, ..d })
}

#[cfg(test)]
mod tests {
    use super::match_key;

    #[test]
    fn match_keys_ignore_parameter_names() {
        assert_eq!(match_key("post", "/accounts/{account_identifier}/x/{id}"), "POST /accounts/{}/x/{}");
        assert_eq!(match_key("GET", "/a/{b}.{c}"), "GET /a/{}.{}");
    }
}
