//! Spec descriptions as rustdoc: Markdown that renders as written and raises no rustdoc
//! warnings (bare URLs, stray brackets taken for links, HTML-like text), and code blocks that
//! are never compiled as doctests.

use proc_macro2::TokenStream;
use quote::quote;

/// Turns spec text into rustdoc Markdown.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    // The indentation continuation lines of the current list item need, if in one.
    let mut list_indent: Option<usize> = None;
    // A code span may run over a line break (GitHub's link texts do); inside one, nothing is
    // escaped.
    let mut in_code = false;
    // rustdoc and clippy warn about tabs; a tab stands for four spaces.
    let text = text.replace('\t', "    ");
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Spec code blocks are examples in any language: never doctests.
            out.push(if in_fence { "```".to_string() } else { "```text".to_string() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
            continue;
        }
        // Indentation would make an (unfenced) code block, which rustdoc compiles; it is
        // dropped, except the little that keeps a list item's continuation in the item.
        let text = escape_line(trimmed.trim_end(), &mut in_code);
        if trimmed.is_empty() {
            list_indent = None;
            in_code = false;
            out.push(text);
        } else if let Some(marker) = list_marker(trimmed) {
            list_indent = Some(marker);
            out.push(text);
        } else if let Some(indent) = list_indent {
            out.push(format!("{}{text}", " ".repeat(indent)));
        } else {
            out.push(text);
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

/// `[text](http…)` at the start of `rest`, if it is one (text without brackets or backticks).
fn web_link(rest: &str) -> Option<&str> {
    let close = rest.find("](")?;
    let text = &rest[1..close];
    if text.is_empty() || text.contains(['[', ']', '`']) {
        return None;
    }
    let target = &rest[close + 2..];
    if !(target.starts_with("https://") || target.starts_with("http://")) {
        return None;
    }
    let end = target.find(|c: char| c == ')' || c.is_whitespace())?;
    target[end..].starts_with(')').then(|| &rest[..close + 2 + end + 1])
}

/// The width of a list item's marker with the spaces after it (`- `, `*   `, `1. `), if the
/// line starts one: continuation lines are indented as far, or the item ends.
fn list_marker(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !line[digits..].starts_with('.') {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    (spaces > 0).then_some(marker + spaces)
}

fn escape_line(line: &str, in_code: &mut bool) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            *in_code = !*in_code;
        }
        let in_code = *in_code;
        // A Markdown link to a web page renders as written and raises no warning; its text
        // may still hold `<Conference>` (Twilio's), which must not read as HTML.
        if let Some(link) = (!in_code && c == '[').then(|| web_link(rest)).flatten() {
            let close = link.find("](").unwrap_or(0);
            out.push('[');
            out.push_str(&link[1..close].replace('<', "&lt;").replace('>', "&gt;"));
            out.push_str(&link[close..]);
            rest = &rest[link.len()..];
            continue;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | ')' | ']'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' if !in_code => out.push_str("\\["),
            ']' if !in_code => out.push_str("\\]"),
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `#[doc]` attributes for a block of paragraphs (already Markdown).
pub fn attrs(paragraphs: &[String]) -> TokenStream {
    let text = paragraphs.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n");
    lines(&text, false)
}

/// Inner `#![doc]` attributes, for module and crate docs.
pub fn inner_attrs(paragraphs: &[String]) -> TokenStream {
    let text = paragraphs.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n");
    lines(&text, true)
}

fn lines(text: &str, inner: bool) -> TokenStream {
    let docs = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    if inner {
        quote! { #( #![doc = #docs] )* }
    } else {
        quote! { #( #[doc = #docs] )* }
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn spec_text_becomes_warning_free_rustdoc() {
        let cases = [
            ("See https://example.com/a.", "See <https://example.com/a>."),
            ("A [b] c <d>", "A \\[b\\] c &lt;d&gt;"),
            ("  indented\n    more", "indented\nmore"),
            ("```\ncode\n```", "```text\ncode\n```"),
            ("e.g. \"https://tenant.okta.com\"", "e.g. \"<https://tenant.okta.com>\""),
            ("Notes:\n- A records\ncontinue here.\n\nAfter", "Notes:\n- A records\n  continue here.\n\nAfter"),
            ("1. one\ntwo", "1. one\n   two"),
            (
                "refer to [the docs](https://d.example/a), or [x]",
                "refer to [the docs](https://d.example/a), or \\[x\\]",
            ),
            ("sent as `Bearer <token>` [x]", "sent as `Bearer <token>` \\[x\\]"),
            ("*   one\ntwo", "*   one\n    two"),
            ("the [<Conference> verb](https://t.example/c)", "the [&lt;Conference&gt; verb](https://t.example/c)"),
            ("a\tb\n```\nc\td\n```", "a    b\n```text\nc    d\n```"),
            (
                "[`amazing\nlanguage:go`](https://g.example/s?q=a)",
                "\\[`amazing\nlanguage:go`\\](<https://g.example/s?q=a>)",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(sanitize(raw), want, "{raw:?}");
        }
    }
}
