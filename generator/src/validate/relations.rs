//! Relation rules that depend on the connector and the relation mode: referential actions,
//! implicit many-to-many relations with views, indexes on emulated relations.

use super::model::{field, field_names, is_list, related_model, relation_args, relation_name, IndexKind};
use super::{codes, Context};
use crate::ast::{Argument, Expression, Model};
use crate::connector::{Provider, ReferentialAction, RelationMode};
use crate::diagnostics::Diagnostic;

/// `onDelete` / `onUpdate`: allowed by the connector and relation mode, `SetNull` on required
/// fields, MySQL's `SetDefault`.
pub fn referential_actions(ctx: &mut Context<'_>) {
    let allowed = ctx.connector.allowed_referential_actions(ctx.relation_mode);
    let provider = ctx.connector.provider;
    let mode = ctx.relation_mode;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for m in &ctx.models.list {
        for f in &m.fields {
            if related_model(ctx.models, f).is_none() {
                continue;
            }
            let rel = relation_args(f);
            // A list field with `fields:` (an embedded many-to-many relation) has no foreign key to
            // set to null: Prisma does not check it.
            let any_required = !f.arity.is_list()
                && rel.fields.iter().any(|name| field(m, name).is_some_and(|sf| sf.arity.is_required()));
            let actions: [(&str, Option<&Argument>); 2] = [("onDelete", rel.on_delete), ("onUpdate", rel.on_update)];
            for (which, arg) in actions {
                let Some(arg) = arg else { continue };
                let Some(action) = arg.value.as_constant().and_then(ReferentialAction::from_name) else { continue };
                if !allowed.contains(&action) {
                    let list: Vec<String> = allowed.iter().map(|a| format!("`{}`", a.name())).collect();
                    let mut message = format!(
                        "Invalid referential action: `{}`. Allowed values: ({})",
                        action.name(),
                        list.join(", ")
                    );
                    // Where the database has `NoAction` but the emulation does not, Prisma says so.
                    if action == ReferentialAction::NoAction
                        && mode == RelationMode::Prisma
                        && ctx.connector.allowed_referential_actions(RelationMode::ForeignKeys).contains(&action)
                    {
                        message.push_str(&format!(". `NoAction` is not implemented for {} when using `relationMode = \"prisma\"`, you could try using `Restrict` instead. Learn more at https://pris.ly/d/relation-mode", ctx.connector.display_name));
                    }
                    errors.push(Diagnostic::validation(codes::INVALID_REFERENTIAL_ACTION, message, arg.span()));
                    continue;
                }
                if action == ReferentialAction::SetNull && any_required {
                    if provider == Some(Provider::Postgres) && mode == RelationMode::ForeignKeys {
                        warnings.push(Diagnostic::warning(
                            codes::W_REFERENTIAL_ACTION,
                            format!("The `{which}` referential action of a relation should not be set to `SetNull` when a referenced field is required. We recommend either to choose another referential action, or to make the referenced fields optional. Read more at https://pris.ly/d/postgres-set-null"),
                            arg.span(),
                        ));
                    } else {
                        errors.push(Diagnostic::attribute(
                            codes::REFERENTIAL_ACTION,
                            "@relation",
                            format!("The `{which}` referential action of a relation must not be set to `SetNull` when a referenced field is required.\nEither choose another referential action, or make the referenced fields optional.\n"),
                            // Prisma points at the whole relation field.
                            f.span(),
                        ));
                    }
                }
                if action == ReferentialAction::SetDefault
                    && provider == Some(Provider::Mysql)
                    && mode == RelationMode::ForeignKeys
                {
                    warnings.push(Diagnostic::warning(
                        codes::W_REFERENTIAL_ACTION,
                        "MySQL does not actually support the `SetDefault` referential action, so using it may result in unexpected errors. Read more at https://pris.ly/d/mysql-set-default",
                        arg.span(),
                    ));
                }
            }
        }
    }
    for d in warnings {
        ctx.warning(d);
    }
    for d in errors {
        ctx.error(d);
    }
}

/// Whether the model has an id of one field (read from the attributes directly: this runs for every relation field).
fn has_single_id(m: &Model) -> bool {
    if m.fields.iter().any(|f| f.attributes.iter().any(|a| a.name.name == "id")) {
        return true;
    }
    m.attributes.iter().filter(|a| a.name.name == "id").any(|a| {
        let is_field = |e: &Expression| matches!(e, Expression::Constant(..) | Expression::Function(..));
        let count = match a.named("fields").or_else(|| a.positional()).map(|x| &x.value) {
            Some(Expression::Array(items, _)) => items.iter().filter(|e| is_field(e)).count(),
            Some(single) => usize::from(is_field(single)),
            None => 0,
        };
        count == 1
    })
}

/// Implicit many-to-many relations: not with views; both sides need a single-field `@id`.
pub fn views_many_to_many(ctx: &mut Context<'_>) {
    let mut pairs: Vec<(&Model, &crate::ast::Field, &Model, &crate::ast::Field)> = Vec::new();
    for m in &ctx.models.list {
        for f in m.fields.iter().filter(|f| is_list(f)) {
            let Some(other) = related_model(ctx.models, f) else { continue };
            if !relation_args(f).fields.is_empty() {
                continue;
            }
            let name = relation_name(f);
            // The back field: a list field on `other` pointing to `m` with the same relation name.
            let back = other.fields.iter().find(|g| {
                is_list(g) && g.field_type.name() == m.name.name && !std::ptr::eq(*g, f) && relation_name(g) == name
            });
            let Some(back) = back else { continue };
            // `fields:` on the other side: an embedded many-to-many relation, not an implicit one.
            if !relation_args(back).fields.is_empty() {
                continue;
            }
            // Each relation once: from the side whose model name sorts first (Prisma's order).
            let (a_name, b_name) = (&m.name.name, &other.name.name);
            if a_name < b_name || (a_name == b_name && f.name.name < back.name.name) {
                pairs.push((m, f, other, back));
            }
        }
    }
    let mut out = Vec::new();
    for (a, fa, b, fb) in pairs {
        let involves_view = a.is_view || b.is_view;
        if involves_view {
            for f in [fa, fb] {
                out.push(Diagnostic::validation(
                    codes::MANY_TO_MANY,
                    "Implicit many-to-many relations are not supported for views.",
                    f.span(),
                ));
            }
        }
        let container = if involves_view { "view" } else { "model" };
        for (m, f, other) in [(a, fa, b), (b, fb, a)] {
            if !has_single_id(other) {
                out.push(Diagnostic::error(
                    codes::MANY_TO_MANY,
                    format!(
                        "Error validating field `{f}` in {container} `{m}`: The relation field `{f}` on {container} `{m}` references `{o}` which does not have an `@id` field. Models without `@id` cannot be part of a many to many relation. Use an explicit intermediate Model to represent this relationship.",
                        f = f.name.name,
                        m = m.name.name,
                        o = other.name.name
                    ),
                    f.span(),
                ));
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// `relationMode = "prisma"`: a relation's scalar fields should lead some index.
pub fn missing_relation_index(ctx: &mut Context<'_>) {
    if ctx.relation_mode != RelationMode::Prisma || ctx.connector.provider == Some(Provider::MongoDb) {
        return;
    }
    let mut out = Vec::new();
    for (m, all) in ctx.models.with_indexes().filter(|(m, _)| !m.is_view) {
        for f in &m.fields {
            if related_model(ctx.models, f).is_none() {
                continue;
            }
            let rel = relation_args(f);
            if rel.fields.is_empty() {
                continue;
            }
            let covered = all.iter().filter(|i| i.kind != IndexKind::Fulltext).any(|i| {
                let names = field_names(i);
                names.len() >= rel.fields.len() && names.iter().zip(rel.fields.iter()).all(|(a, b)| a == b)
            });
            if !covered {
                out.push(Diagnostic::warning(
                    codes::W_MISSING_RELATION_INDEX,
                    "With `relationMode = \"prisma\"`, no foreign keys are used, so relation fields will not benefit from the index usually created by the relational database under the hood. This can lead to poor performance when querying these fields. We recommend adding an index manually. Learn more at https://pris.ly/d/relation-mode-prisma-indexes\" ",
                    f.span(),
                ));
            }
        }
    }
    for d in out {
        ctx.warning(d);
    }
}
