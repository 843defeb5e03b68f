//! What the connector cannot store at all: composite types, enums, scalar lists, `Json` and `Json[]`
//! columns, `autoincrement()` where the database has no such column; and models without a strict
//! unique criterion (Prisma Client needs one to address a row).

use super::model::{attrs, field, related_model, scalar_type, IndexKind};
use super::{codes, Context};
use crate::ast::{Expression, Field, FieldType, Model};
use crate::connector::{Capability, ScalarType};
use crate::diagnostics::Diagnostic;

/// `type` blocks outside MongoDB.
pub fn composite_types(ctx: &mut Context<'_>) {
    if ctx.connector.has(Capability::CompositeTypes) {
        return;
    }
    let name = ctx.connector.display_name;
    let spans: Vec<_> = ctx.ast.composite_types().map(|(_, c)| c.span).collect();
    for span in spans {
        ctx.error(Diagnostic::validation(
            codes::CAPABILITY_UNSUPPORTED,
            format!("Composite types are not supported on {name}."),
            span,
        ));
    }
}

/// `enum` blocks where the database has no enums (SQL Server).
pub fn enums(ctx: &mut Context<'_>) {
    if ctx.connector.has(Capability::Enums) {
        return;
    }
    let found: Vec<_> = ctx.ast.enums().map(|(_, e)| (e.name.name.to_string(), e.span)).collect();
    for (name, span) in found {
        ctx.error(Diagnostic::validation(
            codes::CAPABILITY_UNSUPPORTED,
            format!("You defined the enum `{name}`. But the current connector does not support enums."),
            span,
        ));
    }
}

/// Scalar fields of types or arities the connector lacks: `Json`, `Json[]`, any list.
pub fn scalar_fields(ctx: &mut Context<'_>) {
    let connector = ctx.connector;
    let (json, json_lists, lists) = (
        connector.has(Capability::JsonType),
        connector.has(Capability::JsonLists),
        connector.has(Capability::ScalarLists),
    );
    if json && json_lists && lists {
        return;
    }
    let composite: Vec<&str> = ctx.ast.composite_types().map(|(_, c)| c.name.name.as_str()).collect();
    let mut out = Vec::new();
    for m in &ctx.models.list {
        for f in &m.fields {
            let is_composite = matches!(&f.field_type, FieldType::Named(n) if composite.contains(&n.name.as_str()));
            if related_model(&ctx.models, f).is_some() || is_composite {
                continue;
            }
            let (model, name) = (m.name.name.as_str(), f.name.name.as_str());
            let is_json = scalar_type(f) == Some(ScalarType::Json);
            let prefix =
                format!("Error validating field `{name}` in model `{model}`: Field `{name}` in model `{model}`");
            if is_json && !json {
                out.push(Diagnostic::error(
                    codes::CAPABILITY_UNSUPPORTED,
                    format!("{prefix} can't be of type Json. The current connector does not support the Json type."),
                    f.span,
                ));
            }
            if is_json && f.arity.is_list() && !json_lists {
                out.push(Diagnostic::error(
                    codes::CAPABILITY_UNSUPPORTED,
                    format!(
                        "{prefix} can't be of type Json[]. The current connector does not support the Json List type."
                    ),
                    f.span,
                ));
            }
            if f.arity.is_list() && !lists {
                out.push(Diagnostic::error(
                    codes::CAPABILITY_UNSUPPORTED,
                    format!(
                        "Field \"{name}\" in model \"{model}\" can't be a list. The current connector does not support lists of primitive types."
                    ),
                    f.span,
                ));
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// Every model (not views, not `@@ignore`d ones) needs an id or a unique criterion whose fields are
/// all required and supported: Prisma Client addresses rows by it.
pub fn strict_unique_criteria(ctx: &mut Context<'_>) {
    let mut out = Vec::new();
    for (m, indexes) in ctx.models.with_indexes() {
        if m.is_view || attrs(&m.attributes, "ignore").next().is_some() {
            continue;
        }
        let mut loose = Vec::new();
        let mut strict = false;
        for index in indexes.iter().filter(|i| matches!(i.kind, IndexKind::Id | IndexKind::Unique)) {
            let names: Vec<&str> = index.fields.iter().map(|f| f.name).collect();
            if names.iter().all(|n| is_strict_field(m, n)) {
                strict = true;
                break;
            }
            loose.push(names.join(", "));
        }
        if strict {
            continue;
        }
        let mut message = String::from(
            "Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model.",
        );
        if !loose.is_empty() {
            message.push_str(
                " The following unique criterias were not considered as they contain fields that are not required:",
            );
            for l in &loose {
                message.push_str("\n- ");
                message.push_str(l);
            }
        }
        out.push(Diagnostic::in_block(codes::UNIQUE_CRITERIA, "model", &m.name.name, message, m.span));
    }
    for d in out {
        ctx.error(d);
    }
}

/// A field a strict criterion may hold: present, required and not `Unsupported`.
fn is_strict_field(m: &Model, name: &str) -> bool {
    field(m, name).is_some_and(|f| f.arity.is_required() && !matches!(f.field_type, FieldType::Unsupported(..)))
}

/// `autoincrement()`: how many per model, on which fields (SQLite: only the single-field id; MySQL:
/// only a field that leads an index).
pub fn autoincrement(ctx: &mut Context<'_>) {
    let connector = ctx.connector;
    let (multiple, non_id, non_indexed) = (
        connector.has(Capability::AutoIncrementMultipleAllowed),
        connector.has(Capability::AutoIncrementAllowedOnNonId),
        connector.has(Capability::AutoIncrementNonIndexedAllowed),
    );
    if multiple && non_id && non_indexed {
        return;
    }
    let error = |message: &str, span| {
        Diagnostic::attribute(
            codes::DEFAULT_VALUE,
            "@default",
            format!("The `autoincrement()` default value is used {message}"),
            span,
        )
    };
    let mut out = Vec::new();
    for (m, indexes) in ctx.models.with_indexes() {
        let fields: Vec<&Field> = m.fields.iter().filter(|f| is_autoincrement(f)).collect();
        if fields.len() > 1 && !multiple {
            out.push(error(
                "multiple times on this model even though the underlying datasource only supports one instance per table.",
                m.span,
            ));
        }
        for f in fields {
            let name = f.name.name.as_str();
            let is_id =
                indexes.iter().any(|i| i.kind == IndexKind::Id && i.fields.len() == 1 && i.fields[0].name == name);
            let leads_index = indexes.iter().any(|i| i.fields.first().is_some_and(|x| x.name == name));
            if !non_id && !is_id {
                out.push(error("on a non-id field even though the datasource does not support this.", f.span));
            }
            if !non_indexed && !leads_index {
                out.push(error("on a non-indexed field even though the datasource does not support this.", f.span));
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}

fn is_autoincrement(f: &Field) -> bool {
    attrs(&f.attributes, "default").any(|a| {
        matches!(a.positional().map(|arg| &arg.value), Some(Expression::Function(name, ..)) if name == "autoincrement")
    })
}
