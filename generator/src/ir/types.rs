//! Pass 2: types. Every field type is resolved to a built-in scalar, an enum, a composite type or a
//! model (making the field a relation field) (Prisma's `types.rs`).

use super::codes;
use super::names::{Names, TopRef};
use super::{CompositeField, FieldKind, ModelId, RelationField, ScalarField, ScalarType, Schema};
use crate::ast;
use crate::diagnostics::{Diagnostic, Diagnostics};

enum Resolved {
    Scalar(ScalarType),
    Model(ModelId),
}

/// A model field's type as this pass resolved it: two words, where the IR's field takes ten.
/// The attributes pass makes each model's IR fields from these when it reads that model, so that
/// the IR's fields are not all made while the whole AST is still there.
pub(super) enum Typed {
    Scalar(ScalarType),
    /// Filled in by the relation field's `@relation`.
    Relation(Box<RelationField>),
}

impl Typed {
    /// The IR's kind of field.
    pub(super) fn into_kind(self) -> FieldKind {
        match self {
            Typed::Scalar(t) => FieldKind::Scalar(scalar(t)),
            Typed::Relation(r) => FieldKind::Relation(r),
        }
    }
}

/// Every model field's [`Typed`], by model and field position.
pub(super) type ModelTypes = Vec<Box<[Typed]>>;

/// Resolves every field's type. Returns the model fields whose type is unknown (model index, field
/// index, in order: the later passes treat them as absent, as Prisma does) and every model field's
/// type, by model. Composite types get their IR fields here.
pub(super) fn resolve_types(
    ast: &ast::SchemaAst,
    names: &Names,
    schema: &mut Schema,
    diagnostics: &mut Diagnostics,
) -> (Vec<(u32, u32)>, ModelTypes) {
    let mut unresolved = Vec::new();
    let mut typed = Vec::with_capacity(schema.models.len());
    // Walk the tops in source order (so that errors come in Prisma's order).
    let (mut mi, mut ei, mut ci) = (0usize, 0usize, 0usize);
    for top in &ast.tops {
        match top {
            ast::Top::Model(m) => {
                let mut fields = Vec::with_capacity(m.fields.len());
                for (fi, f) in m.fields.iter().enumerate() {
                    fields.push(match resolve_field_type(f, names, diagnostics) {
                        Some(Resolved::Model(related_model)) => Typed::Relation(Box::new(RelationField {
                            related_model,
                            relation: None,
                            explicit_name: None,
                            fields: None,
                            references: None,
                            on_delete: None,
                            on_update: None,
                            mapped_name: None,
                            relation_attribute: None,
                        })),
                        Some(Resolved::Scalar(t)) => Typed::Scalar(t),
                        // Unresolved: the schema is invalid; keep positions aligned with the AST.
                        None => {
                            unresolved.push((mi as u32, fi as u32));
                            Typed::Scalar(ScalarType::Unsupported(f.field_type.name().into()))
                        }
                    });
                }
                typed.push(fields.into_boxed_slice());
                mi += 1;
            }
            ast::Top::CompositeType(c) => {
                let mut fields = Vec::with_capacity(c.fields.len());
                for f in &c.fields {
                    let r#type = match resolve_field_type(f, names, diagnostics) {
                        Some(Resolved::Scalar(t)) => t,
                        Some(Resolved::Model(model)) => {
                            let model_name = schema.models.get(model.0 as usize).map(|m| m.name.as_str()).unwrap_or("");
                            diagnostics.push_error(Diagnostic::in_block(
                                codes::RELATION_IN_COMPOSITE_TYPE,
                                "composite type",
                                &c.name.name,
                                format!("{model_name} refers to a model, making this a relation field. Relation fields inside composite types are not supported."),
                                f.field_type.span(),
                            ));
                            ScalarType::Unsupported(model_name.into())
                        }
                        None => ScalarType::Unsupported(f.field_type.name().into()),
                    };
                    fields.push(CompositeField {
                        name: f.name.name.clone(),
                        span: f.span,
                        arity: f.arity,
                        documentation: f.documentation.as_deref().map(String::from),
                        r#type,
                        mapped_name: None,
                        native_type: None,
                        default: None,
                    });
                }
                if let Some(ct) = schema.composite_types.get_mut(ci) {
                    ct.fields = fields;
                }
                ci += 1;
            }
            ast::Top::Enum(e) => {
                if e.values.is_empty() {
                    diagnostics.push_error(Diagnostic::validation(
                        codes::EMPTY_ENUM,
                        "An enum must have at least one value.",
                        e.span,
                    ));
                }
                ei += 1;
            }
            ast::Top::Datasource(_) | ast::Top::Generator(_) => {}
        }
    }
    let _ = ei;
    (unresolved, typed)
}

fn scalar(r#type: ScalarType) -> ScalarField {
    ScalarField { r#type, mapped_name: None, native_type: None, default: None, updated_at: false }
}

fn resolve_field_type(field: &ast::Field, names: &Names, diagnostics: &mut Diagnostics) -> Option<Resolved> {
    let ident = match &field.field_type {
        ast::FieldType::Unsupported(u) => return Some(Resolved::Scalar(ScalarType::Unsupported(u.0.as_str().into()))),
        ast::FieldType::Named(ident) => ident,
    };
    if let Some(t) = ScalarType::builtin(&ident.name) {
        return Some(Resolved::Scalar(t));
    }
    match names.tops.get(ident.name.as_str()) {
        Some(TopRef::Model(id)) => Some(Resolved::Model(*id)),
        Some(TopRef::Enum(id)) => Some(Resolved::Scalar(ScalarType::Enum(*id))),
        Some(TopRef::CompositeType(id)) => Some(Resolved::Scalar(ScalarType::Composite(*id))),
        None => {
            let mut d = Diagnostic::error(
                codes::TYPE_NOT_FOUND,
                format!(
                    "Type \"{}\" is neither a built-in type, nor refers to another model, composite type, or enum.",
                    ident.name
                ),
                ident.span,
            );
            const BUILTINS: [&str; 9] =
                ["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes"];
            let candidates = names.tops.keys().map(|k| k.as_str()).chain(BUILTINS.iter().copied());
            if let Some(s) = super::did_you_mean(&ident.name, candidates) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            diagnostics.push_error(d);
            None
        }
    }
}
