//! Views: the preview feature, no primary keys, no indexes, `@@unique` restrictions.

use super::model::{IndexDef, IndexKind};
use super::{codes, Context};
use crate::diagnostics::Diagnostic;

/// `view` blocks need the `views` preview feature.
pub fn preview_feature(ctx: &mut Context<'_>) {
    if ctx.preview("views") {
        return;
    }
    let spans: Vec<_> = ctx.models.list.iter().filter(|m| m.is_view).map(|m| m.span).collect();
    for span in spans {
        ctx.error(Diagnostic::validation(
            codes::PREVIEW_FEATURE_REQUIRED,
            "View definitions are only available with the `views` preview feature.",
            span,
        ));
    }
}

/// Primary keys, indexes and unique arguments on views. Per view, as Prisma: the primary key first,
/// then every index in order; the `map:` and `clustered:` rules apply to any index of a view, not
/// only to `@@unique`.
pub fn rules(ctx: &mut Context<'_>) {
    let mut out = Vec::new();
    for (_, model_indexes) in ctx.models.with_indexes().filter(|(m, _)| m.is_view) {
        for index in model_indexes.iter().filter(|i| i.kind == IndexKind::Id) {
            out.push(Diagnostic::validation(
                codes::VIEW_PRIMARY_KEY,
                "Views cannot have primary keys.",
                index.attribute.span,
            ));
        }
        for index in IndexDef::in_prisma_order(model_indexes).into_iter().filter(|i| i.kind != IndexKind::Id) {
            if index.kind != IndexKind::Unique {
                out.push(Diagnostic::validation(codes::VIEW, "Views cannot have indexes.", index.attribute.span));
            }
            if index.arg("map").is_some() {
                out.push(Diagnostic::validation(
                    codes::VIEW,
                    "@@unique annotations on views are not backed by unique indexes in the database and cannot specify a mapped database name.",
                    index.attribute.span,
                ));
            }
            if index.arg("clustered").is_some() {
                out.push(Diagnostic::validation(
                    codes::VIEW,
                    "@@unique annotations on views are not backed by unique indexes in the database and cannot be clustered.",
                    index.attribute.span,
                ));
            }
            if index.fields.iter().any(|f| f.has_args()) {
                out.push(Diagnostic::attribute(
                    codes::VIEW,
                    index.attribute_name(),
                    "Scalar fields in @@unique attributes in views cannot have arguments.",
                    index.attribute.span,
                ));
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}
