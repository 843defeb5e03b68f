//! Multi-schema: `@@schema` on every model, view and enum once the datasource lists `schemas`, and
//! only schemas it lists; no `@@schema` where the database has no schemas.

use super::model::schema_attr;
use super::{codes, Context};
use crate::ast::Top;
use crate::diagnostics::Diagnostic;

/// `extensions = [...]`: only with the `postgresqlExtensions` preview feature, and then without `-` in
/// names. Prisma checks both among its validations (first of them), not while reading the
/// datasource: they are silent on a schema with earlier errors and stop nothing.
pub fn extensions(ctx: &mut Context<'_>) {
    let config = ctx.config;
    let Some(ds) = config.datasources.first() else { return };
    let Some(span) = ds.extensions_span else { return };
    if ds.active_provider == crate::connector::Provider::Postgres && !ctx.preview("postgresqlExtensions") {
        ctx.error(Diagnostic::error(
            codes::DATASOURCE_EXTENSIONS,
            "The `extensions` property is only available with the `postgresqlExtensions` preview feature.",
            span,
        ));
        return;
    }
    let mut dashed: Vec<_> = ds.extensions.iter().filter(|e| e.name.contains('-')).map(|e| e.span).collect();
    dashed.sort_by_key(|s| s.start());
    for span in dashed {
        ctx.error(Diagnostic::validation(
            codes::DATASOURCE_EXTENSIONS,
            "The character `-` is not allowed in extension names.",
            span,
        ));
    }
}

pub fn multi_schema(ctx: &mut Context<'_>) {
    if !ctx.connector.has(crate::connector::Capability::MultiSchema) {
        // MySQL, SQLite, no datasource: `@@schema` is refused wherever it is.
        let mut out = Vec::new();
        for (_, top) in ctx.ast.iter_tops() {
            let attributes = match top {
                Top::Model(m) => &m.attributes,
                Top::Enum(e) => &e.attributes,
                _ => continue,
            };
            if let Some((_, attr)) = schema_attr(attributes) {
                let span = attr.positional().map(|a| a.span()).unwrap_or(attr.span);
                out.push(Diagnostic::error(
                    codes::MULTI_SCHEMA,
                    "@@schema is not supported on the current datasource provider",
                    span,
                ));
            }
        }
        for d in out {
            ctx.error(d);
        }
        return;
    }
    let Some(ds) = ctx.config.datasource() else { return };
    // Without `schemas`, `@@schema` is optional but must still name a declared schema.
    let required = !ds.schemas.is_empty();
    let mut out = Vec::new();
    for (_, top) in ctx.ast.iter_tops() {
        let (attributes, span, missing) = match top {
            Top::Model(m) if m.is_view => (
                &m.attributes,
                m.span,
                format!("Error validating view \"{}\": This view is missing an `@@schema` attribute.", m.name.name),
            ),
            Top::Model(m) => (
                &m.attributes,
                m.span,
                format!("Error validating model \"{}\": This model is missing an `@@schema` attribute.", m.name.name),
            ),
            Top::Enum(e) => (&e.attributes, e.span, "This enum is missing an `@@schema` attribute.".to_string()),
            _ => continue,
        };
        match schema_attr(attributes) {
            None if required => out.push(Diagnostic::error(codes::MULTI_SCHEMA, missing, span)),
            None => {}
            Some((name, attr)) if !ds.schemas.iter().any(|(s, _)| s == name) => {
                let span = attr.positional().map(|a| a.span()).unwrap_or(attr.span);
                out.push(Diagnostic::error(
                    codes::MULTI_SCHEMA,
                    "This schema is not defined in the datasource. Read more on `@@schema` at https://pris.ly/d/multi-schema",
                    span,
                ));
            }
            Some(_) => {}
        }
    }
    for d in out {
        ctx.error(d);
    }
}
