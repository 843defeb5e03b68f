//! Database names: two models (or views, or enums) with one database name in one schema, and
//! constraint names that clash in their namespace.

use super::model::{attrs, db_name, field, schema_attr, IndexDef, IndexKind};
use super::{codes, Context};
use crate::ast::{Field, Top};
use crate::connector::Provider;
use crate::diagnostics::Diagnostic;
use crate::ir::FastMap;

fn column_name(f: &Field) -> &str {
    attrs(&f.attributes, "map")
        .next()
        .and_then(|a| a.positional().or_else(|| a.named("name")))
        .and_then(|a| a.value.as_string())
        .unwrap_or(&f.name.name)
}

/// Models, views and enums with the same database name in the same schema.
pub fn database_names(ctx: &mut Context<'_>) {
    let mut tables: FastMap<(&str, &str), &str> = FastMap::default();
    let mut enums: FastMap<(&str, &str), &str> = FastMap::default();
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
    // Every name is written once into `buffer`; entries refer to it by range (no string per name),
    // to their schema by position in `schemas` (one per model) and to their index definition.
    let mut buffer = String::new();
    let mut schemas: Vec<&str> = Vec::with_capacity(ctx.models.list.len());
    let mut entries: Vec<(&IndexDef<'_>, u32, u32, u32)> = Vec::with_capacity(ctx.models.index_count());
    for (m, model_indexes) in ctx.models.with_indexes().filter(|(m, _)| !m.is_view) {
        let (table, _) = db_name(m);
        let schema_slot = schemas.len() as u32;
        schemas.push(schema_attr(&m.attributes).map(|(s, _)| s).unwrap_or(""));
        for index in model_indexes {
            if index.kind == IndexKind::Fulltext || (index.kind == IndexKind::Index && !include_indexes) {
                continue;
            }
            let start = buffer.len();
            match index.map() {
                Some(n) => buffer.push_str(n),
                None => {
                    buffer.push_str(table);
                    if index.kind != IndexKind::Id {
                        // `{table}_{columns joined by "_"}_key`: no columns leave two underscores.
                        if index.fields.is_empty() {
                            buffer.push('_');
                        }
                        for f in &index.fields {
                            buffer.push('_');
                            buffer.push_str(field(m, f.name).map(column_name).unwrap_or(f.name));
                        }
                    }
                    buffer.push_str(match index.kind {
                        IndexKind::Id => "_pkey",
                        IndexKind::Unique => "_key",
                        _ => "_idx",
                    });
                }
            }
            entries.push((index, schema_slot, start as u32, buffer.len() as u32));
        }
    }
    let name_of = |start: u32, end: u32| &buffer[start as usize..end as usize];
    let mut seen: FastMap<(&str, &str), u32> = FastMap::with_capacity_and_hasher(entries.len(), Default::default());
    for (_, schema, start, end) in &entries {
        *seen.entry((schemas[*schema as usize], name_of(*start, *end))).or_insert(0) += 1;
    }
    let mut out = Vec::new();
    for (index, schema, start, end) in &entries {
        let name = name_of(*start, *end);
        if seen.get(&(schemas[*schema as usize], name)).copied().unwrap_or(0) > 1 {
            let (attribute, span) = (index.attribute_name(), index.attribute.span);
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
