//! Markdown for people: `api.md`, every operation and its Rust call, as the official SDKs
//! list theirs; and `REPORT.md`, the operations the generator cannot serve yet.

use crate::ir::{Api, Resource};

/// `| METHOD | /path | client.a().b().method(..) |`, one table per resource, in tree order.
pub fn api_md(api: &Api) -> String {
    let mut out = format!(
        "# {} API\n\nEvery operation of the client: its HTTP method and path, and the Rust call that sends it.\n",
        api.krate.package
    );
    for resource in api.root.walk() {
        if resource.operations.is_empty() {
            continue;
        }
        let title = if resource.module.is_empty() { "client".to_string() } else { resource.module.join(".") };
        out.push_str(&format!("\n## {title}\n\n| Method | Path | Rust |\n| --- | --- | --- |\n"));
        for op in &resource.operations {
            let method = op.http_method.as_str();
            // A scoped method is listed once per owner's path, with the scope that sends there.
            match &api.scope {
                Some(scope) if !op.scopes.is_empty() => {
                    for s in &op.scopes {
                        let arg = format!("{}::{}(..), ..", scope.name, s.variant);
                        let call = call(resource, &op.method_name).replace("(..)", &format!("({arg})"));
                        out.push_str(&format!("| {method} | `{}` | `{call}` |\n", s.path_template));
                    }
                }
                _ => {
                    let call = call(resource, &op.method_name);
                    out.push_str(&format!("| {method} | `{}` | `{call}` |\n", op.path_template));
                }
            }
        }
    }
    out
}

fn call(resource: &Resource, method: &str) -> String {
    let chain: String = resource.module.iter().map(|m| format!(".{m}()")).collect();
    format!("client{chain}.{method}(..)")
}

/// The operations left out, with the reason (the goal is an empty list), and the webhooks,
/// which a client does not call.
pub fn report_md(api: &Api) -> String {
    let mut out = if api.unsupported.is_empty() {
        "# Operations not generated yet\n\nNone: every operation of the spec is in the client.\n".to_string()
    } else {
        let mut out = format!(
            "# Operations not generated yet\n\n{} operation(s) of the spec are not in the client yet. Each line says why.\n",
            api.unsupported.len()
        );
        out.push_str("\n| Method | Path | Operation | Reason |\n| --- | --- | --- | --- |\n");
        for u in &api.unsupported {
            let id = u.operation_id.as_deref().unwrap_or("");
            out.push_str(&format!(
                "| {} | `{}` | `{id}` | {} |\n",
                u.http_method.as_str(),
                u.path,
                u.reason.replace('|', "\\|")
            ));
        }
        out
    };
    if !api.webhooks.is_empty() {
        out.push_str(&format!(
            "\n## Webhooks\n\nThe spec describes {} webhook(s): requests the API sends to you, which a client does not make.\n\n",
            api.webhooks.len()
        ));
        for hook in &api.webhooks {
            out.push_str(&format!("- `{hook}`\n"));
        }
    }
    out
}
