//! Native type attributes: names, arguments, compatibility with the field's scalar type, and the
//! connector rules that involve them.

use super::model::{field, native_type, scalar_type, IndexDef, IndexKind, NativeTypeAttr};
use super::{codes, Context};
use crate::connector::{parse_native_type, Provider, ScalarType};
use crate::diagnostics::Diagnostic;

/// `@db.X(args)` on every field of models and views, and of composite types where the database has
/// them (Prisma validates the fields of composite types only where they are supported).
pub fn arguments(ctx: &mut Context<'_>) {
    let connector = ctx.connector;
    let ds = ctx.models.datasource_name;
    let model_fields = ctx.models.list.iter().flat_map(|m| m.fields.iter());
    let composite_fields = ctx
        .ast
        .composite_types()
        .filter(|_| connector.has(crate::connector::Capability::CompositeTypes))
        .flat_map(|(_, c)| c.fields.iter());
    let fields = model_fields.chain(composite_fields);
    let mut out = Vec::new();
    if ds.is_none() {
        // Without a datasource every scoped attribute is a native type of Prisma's empty connector,
        // which has none.
        for f in fields {
            for a in &f.attributes {
                if let Some((_, name)) = a.name.name.split_once('.') {
                    out.push(Diagnostic::error(
                        codes::NATIVE_TYPE_ARGUMENTS,
                        format!("Native type {name} is not supported for Default connector."),
                        a.span,
                    ));
                }
            }
        }
        for d in out {
            ctx.error(d);
        }
        return;
    }
    for f in fields {
        // A native type under another prefix than the datasource's name is reported, then checked
        // as if the prefix were right (as Prisma does).
        let Some((prefix, attr)) = f.attributes.iter().find_map(|a| {
            let (prefix, name) = a.name.name.split_once('.')?;
            Some((prefix, NativeTypeAttr { name, attribute: a }))
        }) else {
            continue;
        };
        let span = attr.attribute.span;
        if let Some(ds) = ds.filter(|ds| *ds != prefix) {
            out.push(Diagnostic::error(
                codes::NATIVE_TYPE_ARGUMENTS,
                format!(
                    "The prefix {prefix} is invalid. It must be equal to the name of an existing datasource e.g. {ds}. Did you mean to use {ds}.{}?",
                    attr.name
                ),
                span,
            ));
        }
        // The field's scalar type against the native type's.
        let incompatible = |def: &crate::connector::NativeTypeDef| {
            let scalar = scalar_type(f)?;
            if def.scalar_types.contains(&scalar) {
                return None;
            }
            let expected: Vec<&str> = def.scalar_types.iter().map(|s| s.name()).collect();
            Some(Diagnostic::error(
                codes::NATIVE_TYPE_INCOMPATIBLE,
                format!(
                    "Native type {} is not compatible with declared field type {}, expected field type {}.",
                    attr.name,
                    scalar.name(),
                    expected.join(" or ")
                ),
                span,
            ))
        };
        match parse_native_type(connector, attr.name, &attr.args()) {
            Err(e) => {
                // Prisma checks the name and the number of arguments, then the field's type, then
                // the arguments' values.
                let mismatch = connector.native_type(attr.name).filter(|_| e.bad_value).and_then(incompatible);
                out.push(mismatch.unwrap_or_else(|| Diagnostic::error(codes::NATIVE_TYPE_ARGUMENTS, e.message, span)));
            }
            Ok(instance) => {
                let Some(scalar) = scalar_type(f) else { continue };
                if let Some(d) = incompatible(instance.def) {
                    out.push(d);
                    continue;
                }
                if let Some(msg) = crate::connector::native_types_check_arguments(connector, &instance) {
                    out.push(Diagnostic::error(codes::NATIVE_TYPE_ARGUMENTS, msg, span));
                } else if connector.provider == Some(Provider::Mysql)
                    && attr.name == "Bit"
                    && scalar == ScalarType::Boolean
                    && instance.args.first().is_some_and(|n| *n != Some(1))
                {
                    let n = instance.args.first().copied().flatten().unwrap_or(0);
                    out.push(Diagnostic::error(
                        codes::NATIVE_TYPE_ARGUMENTS,
                        format!("Argument M is out of range for native type `Bit({n})` of MySQL: only Bit(1) can be used as Boolean."),
                        span,
                    ));
                }
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// MySQL: text and blob columns need a `length` in indexes, uniques and primary keys.
pub fn mysql_length_required(ctx: &mut Context<'_>) {
    if ctx.connector.provider != Some(Provider::Mysql) {
        return;
    }
    let ds = ctx.models.datasource_name;
    let mut out = Vec::new();
    for (m, model_indexes) in ctx.models.with_indexes().filter(|(m, _)| !m.is_view) {
        // The indexes in Prisma's order, then the primary key (as on SQL Server).
        let keys = IndexDef::in_prisma_order(model_indexes).into_iter().filter(|i| i.kind != IndexKind::Id);
        for index in keys.chain(model_indexes.iter().filter(|i| i.kind == IndexKind::Id)) {
            if index.kind == IndexKind::Fulltext {
                continue;
            }
            for f in &index.fields {
                if f.length().is_some() {
                    continue;
                }
                let Some(nt) = field(m, f.name()).and_then(|mf| native_type(mf, ds)) else { continue };
                if !crate::connector::mysql_needs_length_in_index(nt.name) {
                    continue;
                }
                let hint = " Please use the `length` argument to the field in the index definition to allow this.";
                let message = match index.kind {
                    IndexKind::Unique => format!("Native type `{}` cannot be unique in MySQL.{hint}", nt.name),
                    IndexKind::Id => format!(
                        "Native type `{}` of MySQL cannot be used on a field that is `@id` or `@@id`.{hint}",
                        nt.name
                    ),
                    _ => format!("You cannot define an index on fields with native type `{}` of MySQL.{hint}", nt.name),
                };
                out.push(Diagnostic::error(codes::NATIVE_TYPE_CONNECTOR_RULE, message, index.attribute.span));
                break;
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// SQL Server: columns of the large (heap-stored) types cannot be indexed, unique or a key, and
/// `Bytes` cannot be part of the primary key. Per model: the indexes and uniques, then the primary
/// key (Prisma's order); the first such field of each is reported.
pub fn sqlserver_heap_types(ctx: &mut Context<'_>) {
    if ctx.connector.provider != Some(Provider::SqlServer) {
        return;
    }
    let ds = ctx.models.datasource_name;
    let mut out = Vec::new();
    for (m, model_indexes) in ctx.models.with_indexes().filter(|(m, _)| !m.is_view) {
        let keys = IndexDef::in_prisma_order(model_indexes).into_iter().filter(|i| i.kind != IndexKind::Id);
        for index in keys.chain(model_indexes.iter().filter(|i| i.kind == IndexKind::Id)) {
            let heap_type = index.fields.iter().find_map(|f| {
                let nt = field(m, f.name()).and_then(|mf| native_type(mf, ds))?;
                crate::connector::sqlserver_heap_type(nt.name, &nt.args())
            });
            // A key of large columns is reported as such; any other `Bytes` key as `Bytes`.
            if index.kind == IndexKind::Id
                && heap_type.is_none()
                && index.fields.iter().any(|f| field(m, f.name()).and_then(scalar_type) == Some(ScalarType::Bytes))
            {
                out.push(Diagnostic::error(
                    codes::NATIVE_TYPE_CONNECTOR_RULE,
                    "Invalid model: Using Bytes type is not allowed in the model's id.",
                    index.attribute.span,
                ));
            }
            let Some(t) = heap_type else { continue };
            let message = match index.kind {
                IndexKind::Id => {
                    format!("Native type `{t}` of SQL Server cannot be used on a field that is `@id` or `@@id`.")
                }
                IndexKind::Unique => format!("Native type `{t}` cannot be unique in SQL Server."),
                _ => format!("You cannot define an index on fields with native type `{t}` of SQL Server."),
            };
            out.push(Diagnostic::error(codes::NATIVE_TYPE_CONNECTOR_RULE, message, index.attribute.span));
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// PostgreSQL: an `Xml` column can be neither unique nor indexed; each such field of `index` is
/// reported ([`super::indexes::index_rules`] calls this first on each index, as Prisma's connector
/// does).
pub fn postgres_xml_in_index(m: &crate::ast::Model, index: &IndexDef<'_>, ds: Option<&str>, out: &mut Vec<Diagnostic>) {
    for f in &index.fields {
        let Some(mf) = field(m, f.name()).filter(|mf| native_type(mf, ds).is_some_and(|nt| nt.name == "Xml")) else {
            continue;
        };
        let message = if index.kind == IndexKind::Unique {
            "Native type `Xml` cannot be unique in Postgres."
        } else {
            "You cannot define an index on fields with native type `Xml` of Postgres."
        };
        out.push(Diagnostic::error(codes::NATIVE_TYPE_CONNECTOR_RULE, message, mf.span()));
    }
}
