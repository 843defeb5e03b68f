//! Pass 4: relations. Relation fields are paired with their opposite field into relations
//! (Prisma's `relations.rs` inference), then the relation rules Prisma checks on them are applied
//! (the relation parts of `psl-core`'s validation pipeline: ambiguity, missing opposite fields,
//! `fields`/`references` placement, one-to-one uniqueness...).

use super::codes;
use super::{FieldId, FieldWalker, ModelId, Relation, RelationId, RelationWalker, Schema};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::Span;

/// The kind of a relation. Which model is "A":
/// - 1:1 and 1:n: model A holds the foreign key (its field is the forward field);
/// - implicit m:n: the models ordered by name (for self relations, the fields ordered by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    OneToOne,
    OneToMany,
    ImplicitManyToMany,
    /// MongoDB: both sides lists with `fields` on at least one side.
    TwoWayEmbeddedManyToMany,
}

/// The generated name of an unnamed relation: `AToB`, the model names in order.
pub fn generated_relation_name(model_a: &str, model_b: &str) -> String {
    let (first, second) = if model_a < model_b { (model_a, model_b) } else { (model_b, model_a) };
    let mut name = String::with_capacity(first.len() + 2 + second.len());
    name.push_str(first);
    name.push_str("To");
    name.push_str(second);
    name
}

pub(super) fn infer_relations(schema: &mut Schema) {
    // (model, related model, field): the relation fields of `model` pointing to `related`, sorted,
    // so that a pair's fields are a run in field order (a sorted list, not a table of lists: this
    // pass runs when the whole IR is alive).
    let mut pointing: Vec<(ModelId, ModelId, u32)> = Vec::new();
    let mut all: Vec<FieldId> = Vec::new();
    for m in schema.models() {
        for f in m.relation_fields() {
            if let Some(r) = f.as_relation() {
                pointing.push((m.id, r.related_model, f.id.index));
                all.push(f.id);
            }
        }
    }
    pointing.sort_unstable();
    let pointing_to = |model: ModelId, related: ModelId| {
        let from = pointing.partition_point(|&(m, r, _)| (m, r) < (model, related));
        let to = pointing.partition_point(|&(m, r, _)| (m, r) <= (model, related));
        pointing[from..to].iter().map(|&(_, _, index)| index)
    };

    let mut relations: Vec<Relation> = Vec::with_capacity(all.len());
    let mut assignments: Vec<(FieldId, RelationId)> = Vec::with_capacity(all.len());
    for field in all {
        let fw = schema.walk(field);
        let Some(rf) = fw.as_relation() else { continue };
        let model = field.model;
        let related = rf.related_model;
        let is_self = model == related;
        let model_name = fw.model().name();
        let related_name = schema.walk(related).name();

        let opposite: Option<FieldWalker<'_>> = pointing_to(related, model)
            .map(|i| schema.walk(FieldId { model: related, index: i }))
            .filter(|o| !is_self || o.id != field)
            .find(|o| o.as_relation().is_some_and(|orf| orf.explicit_name == rf.explicit_name));
        let two_way_embedded =
            opposite.and_then(|o| o.as_relation()).is_some_and(|orf| rf.fields.is_some() || orf.fields.is_some());

        use crate::ast::FieldArity::*;
        let pair = |a: FieldId, b: Option<FieldId>| (a, b);
        let (kind, field_a, field_b, back_only) = match (fw.arity(), opposite) {
            (List, Some(o)) if o.is_list() => {
                if model_name > related_name {
                    continue;
                }
                if is_self && fw.name() > o.name() {
                    continue;
                }
                let kind = if two_way_embedded {
                    RelationKind::TwoWayEmbeddedManyToMany
                } else {
                    RelationKind::ImplicitManyToMany
                };
                let (a, b) = pair(field, Some(o.id));
                (kind, Some(a), b, false)
            }
            (Required, Some(o)) if o.is_optional() => (RelationKind::OneToOne, Some(field), Some(o.id), false),
            (Required, Some(o)) if o.is_required() => {
                if (model_name, fw.name()) > (related_name, o.name()) {
                    continue;
                }
                (RelationKind::OneToOne, Some(field), Some(o.id), false)
            }
            (Optional, Some(o)) if o.is_required() => continue,
            (Optional, Some(o)) if o.is_optional() => {
                if rf.fields.is_some() {
                    (RelationKind::OneToOne, Some(field), Some(o.id), false)
                } else if o.as_relation().is_some_and(|orf| orf.fields.is_none()) {
                    if (model_name, fw.name()) > (related_name, o.name()) {
                        continue;
                    }
                    (RelationKind::OneToOne, Some(field), Some(o.id), false)
                } else {
                    continue;
                }
            }
            (List, Some(_)) => continue,
            (List, None) => (RelationKind::OneToMany, None, Some(field), true),
            (Required | Optional, Some(o)) => (RelationKind::OneToMany, Some(field), Some(o.id), false),
            (Required | Optional, None) => {
                let unique = rf.fields.as_ref().is_some_and(|fields| {
                    fw.model().indexes().any(|idx| {
                        idx.is_unique()
                            && idx.fields.len() == fields.len()
                            && idx.fields.iter().zip(fields.iter()).all(|(i, f)| i.path.is_empty() && i.field == *f)
                    })
                });
                let kind = if unique { RelationKind::OneToOne } else { RelationKind::OneToMany };
                (kind, Some(field), None, false)
            }
        };

        let (model_a, model_b) = if back_only { (related, model) } else { (model, related) };
        let (name, explicit_name) = match &rf.explicit_name {
            Some(n) => (n.clone(), true),
            None => (generated_relation_name(model_name, related_name), false),
        };
        let id = RelationId(relations.len() as u32);
        if let Some(a) = field_a {
            assignments.push((a, id));
        }
        if let Some(b) = field_b {
            assignments.push((b, id));
        }
        relations.push(Relation { kind, name, explicit_name, model_a, model_b, field_a, field_b });
    }

    relations.shrink_to_fit();
    schema.relations = relations;
    for (field, id) in assignments {
        if let Some(super::FieldKind::Relation(r)) = schema
            .models
            .get_mut(field.model.0 as usize)
            .and_then(|m| m.fields.get_mut(field.index as usize))
            .map(|f| &mut f.kind)
        {
            r.relation = Some(id);
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Validations
// ------------------------------------------------------------------------------------------------

const RELATION: &str = "@relation";
const FORMAT_HINT: &str = "You can run `prisma format` to fix this automatically.";

fn field_error(code: &'static str, message: String, f: FieldWalker<'_>) -> Diagnostic {
    Diagnostic::attribute(code, RELATION, message, f.get().span)
}

/// `fields` (or `references`) absent or empty.
fn no_fields(f: FieldWalker<'_>) -> bool {
    f.as_relation().and_then(|r| r.fields.as_ref()).is_none_or(|v| v.is_empty())
}

fn no_references(f: FieldWalker<'_>) -> bool {
    f.as_relation().and_then(|r| r.references.as_ref()).is_none_or(|v| v.is_empty())
}

fn has_explicit_actions(f: FieldWalker<'_>) -> bool {
    f.as_relation().is_some_and(|r| r.on_delete.is_some() || r.on_update.is_some())
}

fn container(f: FieldWalker<'_>) -> &'static str {
    if f.model().is_view() {
        "view"
    } else {
        "model"
    }
}

/// Field names as Prisma lists them: "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn and_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        0 | 1 => quoted.join(", "),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// The first ambiguous relation (relation fields of a model pointing to the same model under the
/// same name), if any. Prisma checks this first in its loop over a model's relation fields, and
/// stops validating there.
pub(super) fn first_ambiguous_relation(schema: &Schema) -> Option<Diagnostic> {
    // Ambiguity: relation fields of a model pointing to the same model under the same name.
    // Unnamed relations between the same two models share their generated name: the key is the
    // explicit name, or none. A model's relation fields are compared among themselves (a model has
    // few): no table over the whole schema.
    let mut mine: Vec<(ModelId, Option<&str>, FieldId)> = Vec::new();
    for m in schema.models() {
        mine.clear();
        mine.extend(
            m.relation_fields()
                .filter_map(|f| f.as_relation().map(|r| (r.related_model, r.explicit_name.as_deref(), f.id))),
        );
        for &(related_model, name, id) in &mine {
            let same = || mine.iter().filter(move |(m2, n2, _)| *m2 == related_model && *n2 == name);
            // Most fields have no rival: counted before any list is made.
            if same().nth(1).is_none() {
                continue;
            }
            let fields: Vec<FieldId> = same().map(|(_, _, f)| *f).collect();
            let f = schema.walk(id);
            let related = schema.walk(related_model);
            let explicit = name.is_some();
            let names: Vec<&str> = fields.iter().map(|id| schema.walk(*id).name()).collect();
            let listed = and_list(&names);
            let is_self = m.id == related_model;
            let message = match (explicit, is_self, fields.len()) {
                (false, true, 2) => format!(
                    "Ambiguous self relation detected. The fields {listed} in model `{}` both refer to `{}`. If they are part of the same relation add the same relation name for them with `@relation(<name>)`.",
                    m.name(),
                    related.name()
                ),
                (false, true, _) => format!(
                    "Unnamed self relation detected. The fields {listed} in model `{}` have no relation name. Please provide a relation name for one of them by adding `@relation(<name>).",
                    m.name()
                ),
                (true, true, 2) => continue,
                (true, true, _) => format!(
                    "Wrongly named self relation detected. The fields {listed} in model `{}` have the same relation name. At most two relation fields can belong to the same relation and therefore have the same name. Please assign a different relation name to one of them.",
                    m.name()
                ),
                (false, false, _) => format!(
                    "Ambiguous relation detected. The fields {listed} in model `{}` both refer to `{}`. Please provide different relation names for them by adding `@relation(<name>).",
                    m.name(),
                    related.name()
                ),
                (true, false, _) => format!(
                    "Wrongly named relation detected. The fields {listed} in model `{}` both use the same relation name. Please provide different relation names for them through `@relation(<name>).",
                    m.name()
                ),
            };
            return Some(Diagnostic::in_block(
                codes::AMBIGUOUS_RELATION,
                container(f),
                m.name(),
                message,
                f.get().span,
            ));
        }
    }
    None
}

/// Relation fields pointing to an ignored model without being ignored themselves. Prisma checks
/// these in its loop over a model's relation fields, among the model's own checks.
pub(super) fn relations_to_ignored_models(schema: &Schema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for m in schema.models() {
        for f in m.relation_fields() {
            let Some(related) = f.related_model() else { continue };
            if related.is_ignored() && !f.is_ignored() && !m.is_ignored() {
                out.push(Diagnostic::attribute(
                    codes::RELATION_TO_IGNORED_MODEL,
                    "@ignore",
                    format!(
                        "The relation field `{}` on Model `{}` must specify the `@ignore` attribute, because the model {} it is pointing to is marked ignored.",
                        f.name(),
                        m.name(),
                        related.name()
                    ),
                    f.get().span,
                ));
            }
        }
    }
    out
}

/// Prisma's loop over relations, with the pipeline's relation errors put with their relation.
pub(super) fn relation_loop(schema: &Schema, d: &mut Diagnostics, mut pipeline: Vec<Diagnostic>) {
    let errors_at_start = d.errors.len();
    let cascades = super::cascades::Cascades::new(schema);
    for r in schema.relations() {
        match r.kind() {
            RelationKind::OneToOne | RelationKind::OneToMany => {
                if let Some(cascades) = &cascades {
                    cascades.check(r, d);
                }
                references_unique_fields(r, d);
                same_length(r, d);
                field_arity(r, d);
                types_match(r, d);
                pipeline_errors_of(r, &mut pipeline, d);
                if r.kind() == RelationKind::OneToOne {
                    one_to_one(r, d, errors_at_start);
                } else {
                    one_to_many(r, d);
                }
            }
            RelationKind::TwoWayEmbeddedManyToMany => {
                pipeline_errors_of(r, &mut pipeline, d);
                embedded_many_to_many(r, d)
            }
            RelationKind::ImplicitManyToMany => {
                pipeline_errors_of(r, &mut pipeline, d);
                implicit_many_to_many_actions(r, d)
            }
        }
    }
    // Those on no relation Prisma knows (a relation that did not pair up) come last.
    for e in pipeline {
        d.push_error(e);
    }
}

/// Moves the pipeline's errors about `r` (on one of its fields) into `d`, in their order.
fn pipeline_errors_of(r: RelationWalker<'_>, pipeline: &mut Vec<Diagnostic>, d: &mut Diagnostics) {
    if pipeline.is_empty() {
        return;
    }
    let spans: Vec<Span> = [r.field_a(), r.field_b()].into_iter().flatten().map(|f| f.get().span).collect();
    let (mut mine, rest): (Vec<Diagnostic>, Vec<Diagnostic>) = std::mem::take(pipeline)
        .into_iter()
        .partition(|e| spans.iter().any(|s| s.contains(&e.ordered_at.unwrap_or(e.span))));
    *pipeline = rest;
    // Prisma checks the referential actions of the relation's forward field only: on the back
    // field they are misplaced, which the relation checks report.
    if let (Some(forward), Some(back)) = (r.forward_field(), r.back_field()) {
        let back_span = back.get().span;
        if forward.id != back.id {
            mine.retain(|e| e.code != crate::validate::codes::REFERENTIAL_ACTION || !back_span.contains(&e.span));
        }
    }
    // Prisma checks a relation's foreign key name before its referential actions.
    mine.sort_by_key(|e| e.code != crate::validate::codes::FOREIGN_KEY_NAME_CLASH);
    for e in mine {
        d.push_error(e);
    }
}

/// Each referencing field has the scalar type of the field it references (arity and native types
/// aside, as in Prisma).
fn types_match(r: RelationWalker<'_>, d: &mut Diagnostics) {
    let Some(forward) = r.forward_field() else { return };
    for (referencing, referenced) in r.referencing_fields().into_iter().zip(r.referenced_fields()) {
        if referencing.scalar_type() == referenced.scalar_type() {
            continue;
        }
        d.push_error(field_error(
            codes::RELATION_FIELD_TYPES,
            format!(
                "The type of the field `{}` in the model `{}` is not matching the type of the referenced field `{}` in model `{}`.",
                referencing.name(),
                referencing.model().name(),
                referenced.name(),
                referenced.model().name()
            ),
            forward,
        ));
    }
}

/// Lists on both sides with `fields`/`references`: only MongoDB stores such relations.
fn embedded_many_to_many(r: RelationWalker<'_>, d: &mut Diagnostics) {
    let connector = crate::connector::connector_for(r.schema.provider);
    if connector.has(crate::connector::Capability::TwoWayEmbeddedManyToManyRelation) {
        return;
    }
    // Prisma pairs the two lists of a many-to-many relation in the order of their models' names
    // (then of the fields' names), and reports them in that order.
    let mut sides: Vec<(&str, &str, Span)> =
        [r.field_a(), r.field_b()].into_iter().flatten().map(|f| (f.model().name(), f.name(), f.get().span)).collect();
    sides.sort_by_key(|&(model, field, _)| (model, field));
    for (_, _, span) in sides {
        d.push_error(Diagnostic::validation(
            codes::EMBEDDED_MANY_TO_MANY,
            format!(
                "Embedded many-to-many relations are not supported on {}. Please use the syntax defined in https://pris.ly/d/relational-database-many-to-many",
                connector.display_name
            ),
            span,
        ));
    }
}

/// Fields of the primary key and of every unique constraint (no composite paths).
/// The fields of the primary key, then of each unique index (borrowed: no list is built).
fn unique_criterias(m: super::ModelWalker<'_>) -> impl Iterator<Item = &[super::IndexField]> {
    m.primary_key()
        .map(|pk| pk.fields.as_slice())
        .into_iter()
        .chain(m.unique_indexes().map(|idx| idx.fields.as_slice()))
}

fn references_unique_fields(r: RelationWalker<'_>, d: &mut Diagnostics) {
    let Some(forward) = r.forward_field() else { return };
    let references = r.referenced_fields();
    if references.is_empty() {
        return;
    }
    let mut wanted: Vec<&str> = references.iter().map(|f| f.name()).collect();
    wanted.sort_unstable();
    let referenced = r.referenced_model();
    // Whether the primary key or a unique index has exactly the referenced fields (in any order),
    // compared in one reused buffer.
    let mut names: Vec<&str> = Vec::with_capacity(wanted.len());
    let mut is_wanted = |fields: &[super::IndexField]| {
        if fields.len() != wanted.len() {
            return false;
        }
        names.clear();
        names.extend(fields.iter().map(|f| r.schema.walk(f.field).name()));
        names.sort_unstable();
        names == wanted
    };
    let unique = unique_criterias(referenced).any(&mut is_wanted);
    if unique {
        referencing_fields_in_correct_order(r, d);
        return;
    }
    let names: Vec<&str> = references.iter().map(|f| f.name()).collect();
    let message = if names.len() == 1 {
        format!(
            "The argument `references` must refer to a unique criterion in the related model. Consider adding an `@unique` attribute to the field `{}` in the model `{}`.",
            names.join(", "),
            referenced.name()
        )
    } else {
        format!(
            "The argument `references` must refer to a unique criterion in the related model. Consider adding an `@@unique([{}])` attribute to the model `{}`.",
            names.join(", "),
            referenced.name()
        )
    };
    d.push_error(field_error(codes::REFERENCES_NOT_UNIQUE, message, forward));
}

fn referencing_fields_in_correct_order(r: RelationWalker<'_>, d: &mut Diagnostics) {
    let Some(forward) = r.forward_field() else { return };
    let references = r.referenced_fields();
    if references.len() <= 1 {
        return;
    }
    let connector = crate::connector::connector_for(r.schema.provider);
    if connector.has(crate::connector::Capability::RelationFieldsInArbitraryOrder) {
        return;
    }
    let ok = unique_criterias(r.referenced_model())
        .any(|c| c.len() == references.len() && c.iter().zip(references.iter()).all(|(a, b)| a.field == b.id));
    if ok {
        return;
    }
    let names: Vec<&str> = references.iter().map(|f| f.name()).collect();
    d.push_error(Diagnostic::validation(
        codes::REFERENCES_NOT_UNIQUE,
        format!(
            "The argument `references` must refer to a unique criterion in the related model `{}` using the same order of fields. Please check the ordering in the following fields: `{}`.",
            r.referenced_model().name(),
            names.join(", ")
        ),
        forward.get().span,
    ));
}

fn same_length(r: RelationWalker<'_>, d: &mut Diagnostics) {
    let Some(forward) = r.forward_field() else { return };
    let Some(rf) = forward.as_relation() else { return };
    if let (Some(f), Some(refs)) = (&rf.fields, &rf.references) {
        if f.len() != refs.len() {
            d.push_error(Diagnostic::validation(
                codes::RELATION_LENGTH_MISMATCH,
                "You must specify the same number of fields in `fields` and `references`.",
                rf.relation_attribute.unwrap_or(forward.get().span),
            ));
        }
    }
}

fn field_arity(r: RelationWalker<'_>, d: &mut Diagnostics) {
    let Some(forward) = r.forward_field() else { return };
    if !forward.is_required() {
        return;
    }
    let Some(fields) = forward.referencing_fields() else { return };
    let fields: Vec<FieldWalker<'_>> = fields.collect();
    if fields.iter().all(|f| !f.is_optional()) {
        return;
    }
    let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    d.push_error(Diagnostic::validation(
        codes::RELATION_ARITY,
        format!(
            "The relation field `{}` uses the scalar fields {}. At least one of those fields is optional. Hence the relation field must be optional as well.",
            forward.name(),
            names.join(", ")
        ),
        forward.get().span,
    ));
}

fn missing_opposite(f: FieldWalker<'_>, d: &mut Diagnostics) {
    let container = container(f);
    let related = f.related_model().map(|m| m.name()).unwrap_or("");
    let message = format!(
        "The relation field `{}` on {container} `{}` is missing an opposite relation field on the model `{related}`. Either run `prisma format` or add it manually.",
        f.name(),
        f.model().name()
    );
    d.push_error(Diagnostic::error(
        codes::MISSING_OPPOSITE_RELATION,
        format!("Error validating field `{}` in {container} `{}`: {message}", f.name(), f.model().name()),
        f.get().span,
    ));
}

fn one_to_many(r: RelationWalker<'_>, d: &mut Diagnostics) {
    match (r.forward_field(), r.back_field()) {
        (Some(f), None) | (None, Some(f)) => return missing_opposite(f, d),
        _ => {}
    }
    let (Some(forward), Some(back)) = (r.forward_field(), r.back_field()) else { return };
    if no_fields(forward) {
        d.push_error(field_error(
            codes::RELATION_FIELDS_REFERENCES,
            format!(
                "The relation field `{}` on Model `{}` must specify the `fields` argument in the {RELATION} attribute. {FORMAT_HINT}",
                forward.name(),
                forward.model().name()
            ),
            forward,
        ));
    }
    if no_references(forward) {
        d.push_error(field_error(
            codes::RELATION_FIELDS_REFERENCES,
            format!(
                "The relation field `{}` on Model `{}` must specify the `references` argument in the {RELATION} attribute.",
                forward.name(),
                forward.model().name()
            ),
            forward,
        ));
    }
    if !no_fields(back) || !no_references(back) {
        d.push_error(field_error(
            codes::RELATION_FIELDS_REFERENCES,
            format!(
                "The relation field `{}` on Model `{}` must not specify the `fields` or `references` argument in the {RELATION} attribute. You must only specify it on the opposite field `{}` on model `{}`.",
                back.name(),
                back.model().name(),
                forward.name(),
                forward.model().name()
            ),
            back,
        ));
    }
    if has_explicit_actions(back) {
        d.push_error(field_error(
            codes::REFERENTIAL_ACTION_PLACEMENT,
            format!(
                "The relation field `{}` on Model `{}` must not specify the `onDelete` or `onUpdate` argument in the {RELATION} attribute. You must only specify it on the opposite field `{}` on model `{}`, or in case of a many to many relation, in an explicit join table.",
                back.name(),
                back.model().name(),
                forward.name(),
                forward.model().name()
            ),
            back,
        ));
    }
}

fn one_to_one(r: RelationWalker<'_>, d: &mut Diagnostics, errors_at_start: usize) {
    let Some(forward) = r.forward_field() else { return };
    let back = r.back_field();
    if back.is_none() {
        missing_opposite(forward, d);
    }

    if let Some(back) = back {
        let pair = |a: FieldWalker<'_>, b: FieldWalker<'_>, what: &str, tail: &str| {
            format!(
                "The relation fields `{}` on Model `{}` and `{}` on Model `{}` {what} in the {RELATION} attribute. {tail}",
                a.name(),
                a.model().name(),
                b.name(),
                b.model().name()
            )
        };
        // fields_and_references_are_defined
        if no_fields(forward) && no_fields(back) {
            let what = "do not provide the `fields` argument";
            let tail = "You have to provide it on one of the two fields.";
            d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, pair(forward, back, what, tail), forward));
            d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, pair(back, forward, what, tail), back));
        }
        if no_references(forward) && no_references(back) {
            let what = "do not provide the `references` argument";
            let tail = "You have to provide it on one of the two fields.";
            d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, pair(forward, back, what, tail), forward));
            d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, pair(back, forward, what, tail), back));
        }
        // fields_and_references_defined_on_one_side_only
        if !no_references(forward) && !no_references(back) {
            let m = pair(
                forward,
                back,
                "both provide the `references` argument",
                "You have to provide it only on one of the two fields.",
            );
            d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, m.clone(), forward));
            d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, m, back));
        }
        if !no_fields(forward) && !no_fields(back) {
            let m = pair(
                forward,
                back,
                "both provide the `fields` argument",
                "You have to provide it only on one of the two fields.",
            );
            d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, m.clone(), forward));
            d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, m, back));
        }
        // referential_actions
        let both = "both provide the `onDelete` or `onUpdate` argument";
        let tail = "You have to provide it only on one of the two fields.";
        if has_explicit_actions(forward) && has_explicit_actions(back) {
            d.push_error(field_error(codes::REFERENTIAL_ACTION_PLACEMENT, pair(back, forward, both, tail), back));
            d.push_error(field_error(codes::REFERENTIAL_ACTION_PLACEMENT, pair(forward, back, both, tail), forward));
        } else if has_explicit_actions(back) {
            d.push_error(field_error(
                codes::REFERENTIAL_ACTION_PLACEMENT,
                format!(
                    "The relation field `{}` on Model `{}` must not specify the `onDelete` or `onUpdate` argument in the {RELATION} attribute. You must only specify it on the opposite field `{}` on model `{}`.",
                    back.name(),
                    back.model().name(),
                    forward.name(),
                    forward.model().name()
                ),
                back,
            ));
        }
    }

    // fields_must_be_a_unique_constraint
    if let Some(fields) = forward.referencing_fields() {
        let fields: Vec<FieldWalker<'_>> = fields.collect();
        let unique = unique_criterias(forward.model())
            .any(|c| c.len() == fields.len() && fields.iter().all(|f| c.iter().any(|x| x.field == f.id)));
        if !unique {
            let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
            let message = if names.len() == 1 {
                format!(
                    "A one-to-one relation must use unique fields on the defining side. Either add an `@unique` attribute to the field `{}`, or change the relation to one-to-many.",
                    names.join(", ")
                )
            } else {
                format!(
                    "A one-to-one relation must use unique fields on the defining side. Either add an `@@unique([{}])` attribute to the model, or change the relation to one-to-many.",
                    names.join(", ")
                )
            };
            d.push_error(field_error(codes::ONE_TO_ONE_NOT_UNIQUE, message, forward));
        }
    }

    let Some(back) = back else { return };
    if d.errors.len() > errors_at_start {
        return;
    }
    // fields_references_mixups
    if !no_fields(forward) && !no_references(back) {
        let m = format!(
            "The relation field `{}` on Model `{}` provides the `fields` argument in the {RELATION} attribute. And the related field `{}` on Model `{}` provides the `references` argument. You must provide both arguments on the same side.",
            forward.name(),
            forward.model().name(),
            back.name(),
            back.model().name()
        );
        d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, m.clone(), forward));
        d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, m, back));
    }
    if !no_references(forward) && !no_fields(back) {
        let m = format!(
            "The relation field `{}` on Model `{}` provides the `references` argument in the {RELATION} attribute. And the related field `{}` on Model `{}` provides the `fields` argument. You must provide both arguments on the same side.",
            forward.name(),
            forward.model().name(),
            back.name(),
            back.model().name()
        );
        d.push_error(field_error(codes::RELATION_FIELDS_REFERENCES, m, forward));
    }
    if d.errors.len() > errors_at_start {
        return;
    }
    // back_relation_arity_is_optional
    if back.is_required() {
        d.push_error(field_error(
            codes::RELATION_ARITY,
            format!(
                "The relation field `{}` on Model `{}` is required. This is not valid because it's not possible to enforce this constraint on the database level. Please change the field type from `{}` to `{}?` to fix this.",
                back.name(),
                back.model().name(),
                forward.model().name(),
                forward.model().name()
            ),
            back,
        ));
    }
    if d.errors.len() > errors_at_start {
        return;
    }
    // fields_and_references_on_wrong_side
    let back_has_args = back.as_relation().is_some_and(|r| r.fields.is_some() || r.references.is_some());
    if forward.is_required() && back_has_args {
        d.push_error(field_error(
            codes::RELATION_FIELDS_REFERENCES,
            format!(
                "The relation field `{}.{}` defines the `fields` and/or `references` argument. You must set them on the required side of the relation (`{}.{}`) in order for the constraints to be enforced. Alternatively, you can change this field to be required and the opposite optional, or make both sides of the relation optional.",
                back.model().name(),
                back.name(),
                forward.model().name(),
                forward.name()
            ),
            back,
        ));
    }
}

/// `onDelete`/`onUpdate` on an implicit many-to-many relation: the join table's foreign keys are
/// Prisma's, not the schema's.
fn implicit_many_to_many_actions(r: RelationWalker<'_>, d: &mut Diagnostics) {
    for field in [r.field_a(), r.field_b()].into_iter().flatten() {
        let Some(rel) = field.as_relation() else { continue };
        for (_, span) in [rel.on_delete, rel.on_update].into_iter().flatten() {
            d.push_error(Diagnostic::validation(
                codes::REFERENTIAL_ACTION_PLACEMENT,
                "Referential actions on implicit many-to-many relations are not supported",
                span,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFiles;

    fn schema(text: &str) -> crate::ValidatedSchema {
        crate::validate_schema(&SourceFiles::single("schema.prisma", text))
    }

    fn kinds(s: &Schema) -> Vec<(String, RelationKind)> {
        s.relations().map(|r| (r.name().to_string(), r.kind())).collect()
    }

    #[test]
    fn relation_kinds() {
        let s = schema(
            r#"
model User {
  id      Int      @id
  posts   Post[]
  profile Profile?
  tags    Tag[]
  boss    User?    @relation("Boss", fields: [bossId], references: [id])
  bossId  Int?
  minions User[]   @relation("Boss")
}
model Post {
  id       Int  @id
  author   User @relation(fields: [authorId], references: [id])
  authorId Int
}
model Profile {
  id     Int  @id
  user   User @relation(fields: [userId], references: [id])
  userId Int  @unique
}
model Tag {
  id    Int    @id
  users User[]
}
"#,
        );
        assert!(s.is_valid(), "{:?}", s.diagnostics.errors);
        let k = kinds(&s.ir);
        assert!(k.contains(&("PostToUser".into(), RelationKind::OneToMany)));
        assert!(k.contains(&("ProfileToUser".into(), RelationKind::OneToOne)));
        assert!(k.contains(&("TagToUser".into(), RelationKind::ImplicitManyToMany)));
        assert!(k.contains(&("Boss".into(), RelationKind::OneToMany)));
        let m2m = s.ir.relations().find(|r| r.kind() == RelationKind::ImplicitManyToMany).unwrap();
        assert_eq!(m2m.model_a().name(), "Tag");
        assert_eq!(m2m.join_table_name().as_deref(), Some("_TagToUser"));
        let post = s.ir.relations().find(|r| r.name() == "PostToUser").unwrap();
        assert_eq!(post.referencing_model().name(), "Post");
        assert_eq!(post.on_delete(), super::super::ReferentialAction::Restrict);
        assert_eq!(post.on_update(), super::super::ReferentialAction::Cascade);
        assert_eq!(post.foreign_key_name().as_deref(), Some("Post_authorId_fkey"));
        let boss = s.ir.relations().find(|r| r.name() == "Boss").unwrap();
        assert!(boss.is_self_relation());
        assert_eq!(boss.on_delete(), super::super::ReferentialAction::SetNull);
    }

    #[test]
    fn missing_opposite_and_one_to_one_uniqueness() {
        let s = schema("model A {\n  id Int @id\n  b B @relation(fields: [bId], references: [id])\n  bId Int\n}\nmodel B {\n  id Int @id\n}\n");
        assert_eq!(s.diagnostics.errors.len(), 1);
        assert!(s.diagnostics.errors[0].message.contains("is missing an opposite relation field on the model `B`"));

        let s = schema("model A {\n  id Int @id\n  b B? @relation(fields: [bId], references: [id])\n  bId Int?\n}\nmodel B {\n  id Int @id\n  a A?\n}\n");
        assert_eq!(s.diagnostics.errors.len(), 1, "{:?}", s.diagnostics.errors);
        assert!(s.diagnostics.errors[0].message.contains("A one-to-one relation must use unique fields"));
    }

    #[test]
    fn ambiguous_relations() {
        let s = schema("model A {\n  id Int @id\n  b1 B @relation(fields: [x], references: [id])\n  b2 B @relation(fields: [y], references: [id])\n  x Int\n  y Int\n}\nmodel B {\n  id Int @id\n  as A[]\n}\n");
        assert!(
            s.diagnostics.errors[0]
                .message
                .contains("Ambiguous relation detected. The fields `b1` and `b2` in model `A` both refer to `B`."),
            "{:?}",
            s.diagnostics.errors
        );
    }
}
