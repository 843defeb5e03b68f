//! Pass 2: types. Every field type is resolved to a built-in scalar, an enum, a composite type or a
//! model (making the field a relation field) (Prisma's `types.rs`).

use super::codes;
use super::names::{Names, TopRef};
use super::{CompositeField, Field, FieldKind, ModelId, RelationField, ScalarField, ScalarType, Schema};
use crate::ast;
use crate::diagnostics::{Diagnostic, Diagnostics};

enum Resolved {
    Scalar(ScalarType),
    Model(ModelId),
}

/// Resolves every field's type; returns the model fields whose type is unknown (model index, field
/// index, in order): the later passes treat them as absent, as Prisma does.
pub(super) fn resolve_types(
    ast: &ast::SchemaAst,
    names: &Names,
    schema: &mut Schema,
    diagnostics: &mut Diagnostics,
) -> Vec<(u32, u32)> {
    let mut unresolved = Vec::new();
    // Walk the tops in source order (so that errors come in Prisma's order).
    let (mut mi, mut ei, mut ci) = (0usize, 0usize, 0usize);
    for top in &ast.tops {
        match top {
            ast::Top::Model(m) => {
                let mut fields = Vec::with_capacity(m.fields.len());
                for (fi, f) in m.fields.iter().enumerate() {
                    let kind = match resolve_field_type(f, names, diagnostics) {
                        Some(Resolved::Model(related_model)) => FieldKind::Relation(Box::new(RelationField {
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
                        Some(Resolved::Scalar(t)) => FieldKind::Scalar(scalar(t)),
                        // Unresolved: the schema is invalid; keep positions aligned with the AST.
                        None => {
                            unresolved.push((mi as u32, fi as u32));
                            FieldKind::Scalar(scalar(ScalarType::Unsupported(f.field_type.name().into())))
                        }
                    };
                    fields.push(Field {
                        name: f.name.name.clone(),
                        span: f.span,
                        arity: f.arity,
                        documentation: f.documentation.clone(),
                        ignored: false,
                        kind,
                    });
                }
                if let Some(model) = schema.models.get_mut(mi) {
                    model.fields = fields;
                }
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
    unresolved
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
