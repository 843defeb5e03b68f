//! Index and primary key rules that depend on the connector: length prefixes, index algorithms,
//! clustering, PostgreSQL operator classes.

use super::model::{field, native_type, scalar_type, IndexDef, IndexKind};
use super::{codes, postgres_opclasses, Context};
use crate::connector::{Capability, IndexAlgorithm, Provider, ScalarType};
use crate::diagnostics::Diagnostic;

fn attr_error(code: &'static str, index: &IndexDef<'_>, message: impl AsRef<str>) -> Diagnostic {
    Diagnostic::attribute(code, index.attribute_name(), message, index.attribute.span)
}

/// Whether an index is clustered (primary keys are clustered by default where clustering exists).
fn is_clustered(index: &IndexDef<'_>) -> bool {
    match index.kind {
        IndexKind::Id => index.clustered().unwrap_or(true),
        _ => index.clustered().unwrap_or(false),
    }
}

/// Primary keys: clustering support, and at most one clustered index per model.
pub fn primary_key_clustering(ctx: &mut Context<'_>) {
    let supports = ctx.connector.has(Capability::ClusteringSetting);
    let mut out = Vec::new();
    for (_, all) in ctx.models.with_indexes().filter(|(m, _)| !m.is_view) {
        let Some(pk) = all.iter().find(|i| i.kind == IndexKind::Id) else { continue };
        if pk.arg("clustered").is_some() && !supports {
            out.push(attr_error(
                codes::INDEX_CLUSTERING,
                pk,
                "Defining clustering is not supported in the current connector.",
            ));
        }
        if supports && is_clustered(pk) && all.iter().any(|i| i.kind != IndexKind::Id && is_clustered(i)) {
            out.push(attr_error(codes::INDEX_CLUSTERING, pk, "A model can only hold one clustered index or id."));
        }
        // Prisma checks the length prefixes before the sort orders.
        if pk.fields.iter().any(|f| f.length().is_some()) && !ctx.connector.has(Capability::IndexColumnLengthPrefixing)
        {
            out.push(attr_error(
                codes::INDEX_LENGTH_UNSUPPORTED,
                pk,
                "The length argument is not supported in the primary key with the current connector",
            ));
        }
        if pk.fields.iter().any(|f| f.sort().is_some()) && !ctx.connector.has(Capability::PrimaryKeySortOrderDefinition)
        {
            out.push(attr_error(
                codes::INDEX_SORT,
                pk,
                "The sort argument is not supported in the primary key with the current connector",
            ));
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// Where length prefixes exist (MySQL), only `String` and `Bytes` fields take one. Per model: the
/// primary key, then field-level uniques, `@@index`, `@@unique` (Prisma's order).
pub fn length_field_types(ctx: &mut Context<'_>) {
    if !ctx.connector.has(Capability::IndexColumnLengthPrefixing) {
        return;
    }
    let mut out = Vec::new();
    for (m, all) in ctx.models.with_indexes().filter(|(m, _)| !m.is_view) {
        for index in IndexDef::in_prisma_order(all) {
            let bad = index.fields.iter().any(|f| {
                f.length().is_some()
                    && !field(m, f.name())
                        .and_then(scalar_type)
                        .is_some_and(|t| matches!(t, ScalarType::String | ScalarType::Bytes))
            });
            if bad {
                out.push(attr_error(
                    codes::INDEX_LENGTH_FIELD_TYPE,
                    index,
                    "The length argument is only allowed with field types `String` or `Bytes`.",
                ));
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// `@unique`, `@@unique`, `@@index`, `@@fulltext`.
pub fn index_rules(ctx: &mut Context<'_>) {
    let connector = ctx.connector;
    let mut out = Vec::new();
    for (m, all) in ctx.models.with_indexes().filter(|(m, _)| !m.is_view) {
        let clustered_count = all.iter().filter(|i| is_clustered(i)).count();
        let pk_clustered = all.iter().any(|i| i.kind == IndexKind::Id && is_clustered(i));
        // In Prisma's order of indexes: the connector's rules run index by index (the generic
        // checks are put in that order anyway, `super::in_block_order`).
        for index in IndexDef::in_prisma_order(all).into_iter().filter(|i| i.kind != IndexKind::Id) {
            if connector.provider == Some(Provider::Postgres) {
                super::native_types::postgres_xml_in_index(m, index, ctx.models.datasource_name, &mut out);
            }
            if index.fields.iter().any(|f| f.length().is_some())
                && !connector.has(Capability::IndexColumnLengthPrefixing)
            {
                out.push(attr_error(
                    codes::INDEX_LENGTH_UNSUPPORTED,
                    index,
                    "The length argument is not supported in an index definition with the current connector",
                ));
            }
            let algorithm = index.algorithm();
            if let Some((algo, span)) = algorithm {
                if !algo.is_some_and(|a| connector.supports_index_algorithm(a)) {
                    out.push(Diagnostic::attribute(
                        codes::INDEX_TYPE_UNSUPPORTED,
                        index.attribute_name(),
                        "The given index type is not supported with the current connector",
                        span,
                    ));
                    continue;
                }
            }
            if algorithm.is_some_and(|(a, _)| a == Some(IndexAlgorithm::Hash))
                && index.fields.iter().any(|f| f.sort().is_some())
            {
                out.push(attr_error(codes::INDEX_SORT, index, "Hash type does not support sort option."));
            }
            if index.arg("clustered").is_some() && !connector.has(Capability::ClusteringSetting) {
                out.push(attr_error(
                    codes::INDEX_CLUSTERING,
                    index,
                    "Defining clustering is not supported in the current connector.",
                ));
            } else if is_clustered(index) && clustered_count > 1 {
                // Beside a clustered primary key, or beside another clustered index.
                let message = if pk_clustered {
                    "A model can only hold one clustered index or key."
                } else {
                    "A model can only hold one clustered index."
                };
                out.push(attr_error(codes::INDEX_CLUSTERING, index, message));
            }
            if index.kind == IndexKind::Fulltext && !connector.has(Capability::FullTextIndex) {
                out.push(attr_error(
                    codes::INDEX_FULLTEXT,
                    index,
                    "Defining fulltext indexes is not supported with the current connector.",
                ));
            } else if index.kind == IndexKind::Fulltext
                && index.fields.iter().any(|f| f.sort().is_some())
                && !connector.has(Capability::SortOrderInFullTextIndex)
            {
                out.push(attr_error(
                    codes::INDEX_FULLTEXT,
                    index,
                    "The sort argument is not supported in a @@fulltext attribute in the current connector.",
                ));
            }
            if index.kind == IndexKind::Unique && index.fields.iter().any(|f| f.ops().is_some()) {
                out.push(attr_error(
                    codes::INDEX_OPERATOR_CLASS_PLACEMENT,
                    index,
                    "Operator classes can only be defined to fields in an @@index attribute.",
                ));
            }
            // CockroachDB's inverted (Gin) indexes take no operator classes, and (when none is
            // given: Prisma reports one or the other) Json and list columns only.
            if connector.provider == Some(Provider::CockroachDb)
                && algorithm.is_some_and(|(a, _)| a == Some(IndexAlgorithm::Gin))
            {
                if index.fields.iter().any(|f| f.ops().is_some()) {
                    out.push(attr_error(
                        codes::INDEX_OPERATOR_CLASS,
                        index,
                        "Custom operator classes are not supported with the current connector.",
                    ));
                } else if let Some(f) = index.fields.iter().find(|f| {
                    field(m, f.name())
                        .is_some_and(|mf| !mf.arity.is_list() && scalar_type(mf) != Some(ScalarType::Json))
                }) {
                    out.push(attr_error(
                        codes::INDEX_TYPE_RULE,
                        index,
                        format!("The Gin index type does not support the type of the field `{}`.", f.name()),
                    ));
                }
            }
            // Elsewhere Prisma accepts `ops:` on an `@@index` and ignores it.
            if connector.provider == Some(Provider::Postgres) {
                let algo = algorithm.and_then(|(a, _)| a).unwrap_or(IndexAlgorithm::BTree);
                if algo == IndexAlgorithm::SpGist && index.fields.len() > 1 {
                    out.push(attr_error(
                        codes::INDEX_TYPE_RULE,
                        index,
                        "SpGist does not support multi-column indices.",
                    ));
                    continue;
                }
                for f in &index.fields {
                    let Some(model_field) = field(m, f.name()) else { continue };
                    let native = native_type(model_field, ctx.models.datasource_name);
                    let field_info = postgres_opclasses::FieldInfo {
                        name: f.name(),
                        scalar: scalar_type(model_field),
                        is_list: model_field.arity.is_list(),
                        native: native.as_ref().map(|n| n.name),
                    };
                    if let Some(msg) = postgres_opclasses::check(algo, f.ops(), &field_info) {
                        out.push(attr_error(codes::INDEX_OPERATOR_CLASS, index, msg));
                    }
                }
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}
