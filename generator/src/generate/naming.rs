//! The one place for Rust identifier rules of the generated crate.
//!
//! - Types (model structs, enums, create structs) are `UpperCamelCase` of the schema name (`task_status` →
//!   `TaskStatus`); enum variants too (`IN_PROGRESS` → `InProgress`).
//! - Modules, struct fields and functions are `snake_case` (`createdAt` → `created_at`).
//! - A Rust keyword becomes a raw identifier (`type` → `r#type`); the few keywords that cannot be raw
//!   (`self`, `Self`, `super`, `crate`, `_`) get a trailing underscore (`self_`). Module names (which are also file
//!   names) always use the underscore form.
//! - Names that collide after case conversion are disambiguated in schema order: the first keeps the name, the
//!   next ones get a numeric suffix (`user_id`, `user_id_2`; `Status`, `Status2`).
//! - Unique lookups are `by_<field>` for one field, `by_<a>_<b>` for compound ones, or `by_<name>` when the
//!   `@@id`/`@@unique` has a `name:`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Strict and reserved keywords of Rust 2021 (edition 2024 adds `gen`, kept out of the way too).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s) || s == "_"
}

/// `snake_case` of a schema name (`createdAt` → `created_at`, `URL` → `url`).
pub fn snake(name: &str) -> String {
    let s = name.to_snake_case();
    if s.is_empty() {
        "field".to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// `UpperCamelCase` of a schema name (`IN_PROGRESS` → `InProgress`).
pub fn camel(name: &str) -> String {
    let s = name.to_upper_camel_case();
    if s.is_empty() {
        "Item".to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// The identifier as it is written in Rust source: keywords raw (`r#type`) or suffixed (`self_`).
pub fn ident_text(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// A module (and file) name: never raw, keywords get a trailing underscore.
pub fn module_name(name: &str) -> String {
    if is_keyword(name) {
        format!("{name}_")
    } else {
        name.to_string()
    }
}

/// Makes `names` unique, in order: a repeated name (or one in `taken`) gets `sep` + the first free number
/// from 2. `taken` receives every final name.
pub fn dedupe(names: Vec<String>, taken: &mut BTreeSet<String>, sep: &str) -> Vec<String> {
    dedupe_reserved(names, taken, &BTreeSet::new(), "", sep)
}

/// Like [`dedupe`], but a name in `reserved` (a name the generated code itself uses) first tries `name` +
/// `suffix` (`Transaction` → `TransactionModel`, `raw` → `raw_model`).
pub fn dedupe_reserved(
    names: Vec<String>,
    taken: &mut BTreeSet<String>,
    reserved: &BTreeSet<String>,
    suffix: &str,
    sep: &str,
) -> Vec<String> {
    names
        .into_iter()
        .map(|n| {
            let base = if reserved.contains(&n) { format!("{n}{suffix}") } else { n };
            let mut candidate = base.clone();
            let mut i = 2;
            while taken.contains(&candidate) || reserved.contains(&candidate) {
                candidate = format!("{base}{sep}{i}");
                i += 1;
            }
            taken.insert(candidate.clone());
            candidate
        })
        .collect()
}

/// The name of a unique lookup function: `by_email`, `by_workspace_id_user_id`, or `by_<name>` for a named
/// compound key.
pub fn unique_fn(explicit_name: Option<&str>, field_names: &[&str]) -> String {
    match explicit_name {
        Some(n) => format!("by_{}", snake(n)),
        None => {
            let parts: Vec<String> = field_names.iter().map(|f| snake(f)).collect();
            format!("by_{}", parts.join("_"))
        }
    }
}

/// Whether serde's `rename_all = "camelCase"` turns the Rust field name back into the schema name; when not,
/// the field needs an explicit `#[serde(rename = "...")]`.
pub fn serde_camel_roundtrips(rust_field: &str, schema_name: &str) -> bool {
    serde_camel(rust_field) == schema_name
}

/// serde's `camelCase` rule on a snake_case field name (raw prefix removed first, as serde does).
fn serde_camel(field: &str) -> String {
    let field = field.strip_prefix("r#").unwrap_or(field);
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// serde's `SCREAMING_SNAKE_CASE` rule on an enum variant (`InProgress` → `IN_PROGRESS`).
pub fn serde_screaming(variant: &str) -> String {
    let variant = variant.strip_prefix("r#").unwrap_or(variant);
    let mut out = String::with_capacity(variant.len() + 4);
    for (i, c) in variant.char_indices() {
        if i > 0 && c.is_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// Turns documentation into `///` lines' text (each line prefixed with a space, as rustdoc expects).
///
/// Schema comments are free text, read as Markdown by rustdoc, so two things are made explicit: a line that
/// continues a list item without indentation (a "lazy continuation", which clippy rejects) is indented under
/// the item, and a code fence without a language becomes ```` ```text ```` (never a doc test).
pub fn doc_lines(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut list_indent: Option<usize> = None;
    let mut in_fence = false;
    for l in doc.lines() {
        let trimmed = l.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            let line =
                if !in_fence && trimmed[3..].trim().is_empty() { format!("{fence}text") } else { trimmed.to_string() };
            in_fence = !in_fence;
            list_indent = None;
            out.push(format!(" {}{line}", &l[..l.len() - trimmed.len()]));
            continue;
        }
        if in_fence || l.trim().is_empty() {
            if l.trim().is_empty() {
                list_indent = None;
            }
            out.push(if l.is_empty() { String::new() } else { format!(" {l}") });
            continue;
        }
        let lead = l.len() - trimmed.len();
        if let Some(marker) = list_marker(trimmed) {
            list_indent = Some(lead + marker);
            out.push(format!(" {l}"));
        } else if let Some(indent) = list_indent.filter(|i| lead < *i) {
            out.push(format!(" {}{trimmed}", " ".repeat(indent)));
        } else {
            out.push(format!(" {l}"));
        }
    }
    out
}

/// The width of a Markdown list marker at the start of `line` (`- `, `* `, `+ `, `1. `, `1) `), if any.
fn list_marker(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        return Some(2);
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits) && b.len() > digits + 1 && matches!(b[digits], b'.' | b')') && b[digits + 1] == b' ' {
        return Some(digits + 2);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(snake("avatarURL"), "avatar_url");
        assert_eq!(camel("IN_PROGRESS"), "InProgress");
        assert_eq!(camel("task_status"), "TaskStatus");
        assert_eq!(ident_text("type"), "r#type");
        assert_eq!(ident_text("self"), "self_");
        assert_eq!(module_name("type"), "type_");
    }

    #[test]
    fn doc_lists_and_fences() {
        let doc = "Scopes:\n- a: one\nat two\n- b\n\nafter\n```\nx\n```";
        assert_eq!(
            doc_lines(doc),
            [" Scopes:", " - a: one", "   at two", " - b", "", " after", " ```text", " x", " ```"]
        );
    }

    #[test]
    fn collisions_get_numbers() {
        let mut taken = BTreeSet::new();
        let names = dedupe(vec!["user_id".into(), "user_id".into(), "user_id".into()], &mut taken, "_");
        assert_eq!(names, ["user_id", "user_id_2", "user_id_3"]);
        let reserved: BTreeSet<String> = ["Client".to_string()].into();
        let names =
            dedupe_reserved(vec!["Client".into(), "ClientModel".into()], &mut BTreeSet::new(), &reserved, "Model", "");
        assert_eq!(names, ["ClientModel", "ClientModel2"]);
    }

    #[test]
    fn serde_round_trip() {
        assert!(serde_camel_roundtrips("created_at", "createdAt"));
        assert!(serde_camel_roundtrips("r#type", "type"));
        assert!(!serde_camel_roundtrips("avatar_url", "avatarURL"));
        assert!(!serde_camel_roundtrips("user_id", "user_id"));
        assert_eq!(serde_screaming("InProgress"), "IN_PROGRESS");
        assert_eq!(serde_screaming("Level2"), "LEVEL2");
    }
}
