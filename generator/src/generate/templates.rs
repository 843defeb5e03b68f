//! The non-Rust files of the generated crate, rendered from handlebars templates: `Cargo.toml` and
//! `README.md` (with a mermaid ER diagram). The templates in `templates/sdk/` are embedded in the binary;
//! `--templates DIR` replaces any of them with `DIR/sdk/<name>.hbs`. The `@generated` line is added by the
//! generator, not by the templates, so that an overridden template cannot produce a file `write` would refuse
//! to replace later.

use super::{marker_line, GenerateError, Link, Options, Plan, RuntimeDependency};
use crate::ir::RelationKind;
use handlebars::Handlebars;
use serde_json::{json, Value};

/// The embedded templates: (name, text). Names are paths under `templates/`.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("sdk/Cargo.toml.hbs", include_str!("../../../templates/sdk/Cargo.toml.hbs")),
    ("sdk/README.md.hbs", include_str!("../../../templates/sdk/README.md.hbs")),
];

/// Versions of the generated crate's dependencies (those `schemagen-runtime` uses).
const VERSIONS: &[(&str, &str)] = &[("serde", "1"), ("serde_json", "1"), ("chrono", "0.4"), ("rust_decimal", "1")];

/// (output path, contents) of every templated file.
pub fn files(plan: &Plan<'_>, options: &Options) -> Result<Vec<(String, String)>, GenerateError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    for (name, embedded) in EMBEDDED {
        let text = options.templates.get(*name).map(String::as_str).unwrap_or(embedded);
        hb.register_template_string(name, text).map_err(|e| GenerateError::one(format!("template {name}: {e}")))?;
    }
    let data = data(plan, options);
    let mut out = Vec::new();
    for (name, path) in [("sdk/Cargo.toml.hbs", "Cargo.toml"), ("sdk/README.md.hbs", "README.md")] {
        let body = hb.render(name, &data).map_err(|e| GenerateError::one(format!("template {name}: {e}")))?;
        let mut text = marker_line(path, &options.source);
        text.push('\n');
        text.push_str(&body);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        out.push((path.to_string(), text));
    }
    Ok(out)
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text safe inside a mermaid quoted label.
fn mermaid_text(s: &str) -> String {
    s.replace('"', "'")
}

fn data(plan: &Plan<'_>, options: &Options) -> Value {
    let runtime_dependency = match &options.runtime {
        RuntimeDependency::Path(p) => format!("{{ path = {} }}", toml_string(p)),
        RuntimeDependency::Version(v) => format!("{{ version = {} }}", toml_string(v)),
    };
    let versions: serde_json::Map<String, Value> =
        VERSIONS.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect();

    let models: Vec<Value> = plan
        .models
        .iter()
        .map(|m| {
            let fk_columns: std::collections::BTreeSet<u16> = m
                .relations
                .iter()
                .filter_map(|r| match &r.link {
                    Link::Owned { fields, .. } => Some(fields.iter().copied()),
                    _ => None,
                })
                .flatten()
                .collect();
            let columns: Vec<Value> = m
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let i = i as u16;
                    let enum_name = match c.scalar_type() {
                        crate::ir::ScalarType::Enum(id) => Some(plan.schema.enum_(id.to_owned()).name.as_str()),
                        _ => None,
                    };
                    let mut ty = super::types::prisma_type_name(c.scalar_type(), enum_name);
                    if c.field.is_list() {
                        ty.push_str("[]");
                    }
                    let mut keys = Vec::new();
                    if m.primary_key.contains(&i) && !m.pk_name.is_empty() {
                        keys.push("PK");
                    }
                    if fk_columns.contains(&i) {
                        keys.push("FK");
                    }
                    if m.uniques.iter().any(|u| !u.is_primary_key && u.columns == [i]) {
                        keys.push("UK");
                    }
                    let comment = if c.field.is_optional() { "nullable" } else { "" };
                    json!({ "name": c.field.name(), "type": ty, "keys": keys.join(", "), "comment": comment })
                })
                .collect();
            json!({
                "name": m.model.name(),
                "type_name": m.type_name,
                "module": m.module,
                "table": m.model.table_name(),
                "column_count": m.columns.len(),
                "relation_count": m.relations.len(),
                "columns": columns,
            })
        })
        .collect();

    let enums: Vec<Value> = plan
        .enums
        .iter()
        .map(|e| {
            let values: Vec<String> = e
                .variants
                .iter()
                .map(|(_, name, db, _)| if name == db { format!("`{name}`") } else { format!("`{name}` (`{db}`)") })
                .collect();
            json!({ "name": e.walker.name(), "type_name": e.type_name, "values": values.join(", ") })
        })
        .collect();

    // Relations, each once, between generated models: the referenced model on the left.
    let generated: std::collections::HashSet<_> = plan.models.iter().map(|m| m.model.id).collect();
    let relations: Vec<Value> = plan
        .schema
        .relations()
        .filter(|r| generated.contains(&r.model_a().id) && generated.contains(&r.model_b().id))
        .filter_map(|r| {
            let fa = r.field_a().filter(|f| !f.is_ignored());
            let fb = r.field_b().filter(|f| !f.is_ignored());
            let label = fb.or(fa)?.name().to_string();
            let (left, right, cardinality) = match r.kind() {
                RelationKind::ImplicitManyToMany => (r.model_a().name(), r.model_b().name(), "}o--o{"),
                kind => {
                    let optional = r.referencing_fields().iter().any(|f| f.is_optional());
                    let one = if optional { "|o" } else { "||" };
                    let other = if kind == RelationKind::OneToOne { "o|" } else { "o{" };
                    let cardinality: &'static str = match (one, other) {
                        ("||", "o|") => "||--o|",
                        ("||", _) => "||--o{",
                        (_, "o|") => "|o--o|",
                        _ => "|o--o{",
                    };
                    (r.model_b().name(), r.model_a().name(), cardinality)
                }
            };
            Some(json!({ "left": left, "right": right, "cardinality": cardinality, "label": mermaid_text(&label) }))
        })
        .collect();

    let example =
        plan.models.first().map(|m| json!({ "accessor": m.accessor, "module": m.module, "model": m.type_name }));
    json!({
        "crate_name": options.crate_name,
        "lib_name": plan.lib_name,
        "source": options.source,
        "runtime_dependency": runtime_dependency,
        "versions": versions,
        "providers": options.providers.iter().map(|p| p.name()).collect::<Vec<_>>(),
        "models": models,
        "enums": enums,
        "relations": relations,
        "example": example,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("../runtime"), "\"../runtime\"");
        assert_eq!(toml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
