//! Database names: two models (or views, or enums) with one database name in one schema, and
//! constraint names that clash in their namespace.

use super::model::{attrs, db_name, field, indexes, schema_attr, IndexKind};
use super::{codes, Context};
use crate::ast::{Field, Top};
use crate::connector::Provider;
use crate::diagnostics::Diagnostic;
use std::collections::HashMap;

fn column_name(f: &Field) -> &str {
    attrs(&f.attributes, "map")
        .next()
        .and_then(|a| a.positional().or_else(|| a.named("name")))
        .and_then(|a| a.value.as_string())
        .unwrap_or(&f.name.name)
}

/// Models, views and enums with the same database name in the same schema.
pub fn database_names(ctx: &mut Context<'_>) {
    let mut tables: HashMap<(&str, &str), &str> = HashMap::new();
    let mut enums: HashMap<(&str, &str), &str> = HashMap::new();
    let mut out = Vec::new();
    for (_, top) in ctx.ast.iter_tops() {
        match top {
            Top::Model(m) => {
                let (name, map) = db_name(m);
                let schema = schema_attr(&m.attributes).map(|(s, _)| s).unwrap_or("");
                match tables.get(&(schema, name)) {
                    Some(existing) if *existing != m.name.name => {
                        let kind = if m.is_view { "view" } else { "model" };
                        out.push(Diagnostic::error(
                            codes::DATABASE_NAME_CLASH,
                            format!("The {kind} with database name \"{name}\" could not be defined because another model or view with this name exists: \"{existing}\""),
                            map.map(|a| a.span).unwrap_or(m.name.span),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        tables.insert((schema, name), &m.name.name);
                    }
                }
            }
            Top::Enum(e) => {
                let map = attrs(&e.attributes, "map").next();
                let name = map.and_then(|a| a.positional()).and_then(|a| a.value.as_string()).unwrap_or(&e.name.name);
                let schema = schema_attr(&e.attributes).map(|(s, _)| s).unwrap_or("");
                match enums.get(&(schema, name)) {
                    Some(existing) if *existing != e.name.name => out.push(Diagnostic::error(
                        codes::DATABASE_NAME_CLASH,
                        "An enum with the same database name is already defined.",
                        e.name.span,
                    )),
                    Some(_) => {}
                    None => {
                        enums.insert((schema, name), &e.name.name);
                    }
                }
            }
            _ => {}
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// Primary key, unique and index names in the connector's global namespace.
pub fn constraint_names(ctx: &mut Context<'_>) {
    if !ctx.connector.constraint_names_global || ctx.connector.provider == Some(Provider::Sqlite) {
        return;
    }
    let include_indexes = ctx.connector.provider != Some(Provider::SqlServer);
    let mut entries: Vec<(&str, String, &'static str, crate::source::Span)> = Vec::new();
    let mut cols: Vec<&str> = Vec::new();
    for m in ctx.models.list.iter().filter(|m| !m.is_view) {
        let (table, _) = db_name(m);
        let schema = schema_attr(&m.attributes).map(|(s, _)| s).unwrap_or("");
        for index in indexes(m) {
            if index.kind == IndexKind::Fulltext || (index.kind == IndexKind::Index && !include_indexes) {
                continue;
            }
            let name = match index.map() {
                Some(n) => n.to_string(),
                None => {
                    cols.clear();
                    cols.extend(index.fields.iter().map(|f| field(m, f.name).map(column_name).unwrap_or(f.name)));
                    match index.kind {
                        IndexKind::Id => format!("{table}_pkey"),
                        IndexKind::Unique => format!("{table}_{}_key", cols.join("_")),
                        _ => format!("{table}_{}_idx", cols.join("_")),
                    }
                }
            };
            entries.push((schema, name, index.attribute_name, index.attribute.span));
        }
    }
    let mut seen: HashMap<(&str, &str), usize> = HashMap::with_capacity(entries.len());
    for (schema, name, _, _) in &entries {
        *seen.entry((schema, name.as_str())).or_insert(0) += 1;
    }
    let mut out = Vec::new();
    for (schema, name, attribute, span) in &entries {
        if seen.get(&(*schema, name.as_str())).copied().unwrap_or(0) > 1 {
            let (attribute, span) = (*attribute, *span);
            out.push(Diagnostic::attribute(
                codes::CONSTRAINT_NAME_CLASH,
                attribute,
                format!("The given constraint name `{name}` has to be unique in the following namespace: global for primary key, indexes and unique constraints. Please provide a different name using the `map` argument."),
                span,
            ));
        }
    }
    for d in out {
        ctx.error(d);
    }
}
