//! Pass 2: types. Every field type is resolved to a built-in scalar, an enum, a composite type or a
//! model (making the field a relation field) (Prisma's `types.rs`).

use super::codes;
use super::names::{Names, TopRef};
use super::{CompositeField, FieldId, FieldKind, ModelId, RelationField, ScalarField, ScalarType, Schema};
use crate::ast;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A field's type as this pass resolves it.
pub(super) enum Typed {
    Scalar(ScalarType),
    Relation(ModelId),
}

/// A model field's type, without reporting anything ([`resolve_types`] reports): an unknown type
/// is `Unsupported` with its name, as the IR keeps such fields (the schema is invalid then). The
/// attributes pass asks this again when it makes a model's IR fields rather than keeping every
/// field's type from this pass: that would be one more table alive beside the whole AST.
pub(super) fn field_type(field: &ast::Field, names: &Names) -> Typed {
    lookup(field, names).unwrap_or_else(|_| Typed::Scalar(ScalarType::Unsupported(field.field_type.name().into())))
}

impl Typed {
    /// The IR's kind of field; a relation field's `@relation` arguments come with `relation` (none
    /// when it has no `@relation`).
    pub(super) fn into_kind(self, relation: Option<Box<RelationField>>) -> FieldKind {
        match self {
            Typed::Scalar(t) => FieldKind::Scalar(scalar(t)),
            Typed::Relation(related_model) => {
                FieldKind::Relation(relation.unwrap_or_else(|| Box::new(RelationField::new(related_model))))
            }
        }
    }
}

/// What [`resolve_types`] finds beside its diagnostics.
pub(super) struct FieldTypes {
    /// The model fields whose type is unknown (model index, field index, in order): the later
    /// passes treat them as absent, as Prisma does.
    pub unresolved: Vec<(u32, u32)>,
    /// The relation fields, in order.
    pub relation_fields: Vec<FieldId>,
}

/// Resolves every field's type, reporting unknown types. Composite types get their IR fields here;
/// models get theirs in the attributes pass.
pub(super) fn resolve_types(
    ast: &ast::SchemaAst,
    names: &Names,
    schema: &mut Schema,
    diagnostics: &mut Diagnostics,
) -> FieldTypes {
    let mut unresolved = Vec::new();
    let mut relation_fields = Vec::new();
    let (mut mi, mut ei, mut ci) = (0usize, 0usize, 0usize);
    for top in &ast.tops {
        match top {
            ast::Top::Model(m) => {
                for (fi, f) in m.fields.iter().enumerate() {
                    match resolve_field_type(f, names, diagnostics) {
                        None => unresolved.push((mi as u32, fi as u32)),
                        Some(Typed::Relation(_)) => {
                            relation_fields.push(FieldId { model: ModelId(mi as u32), index: fi as u32 })
                        }
                        Some(Typed::Scalar(_)) => {}
                    }
                }
                mi += 1;
            }
            ast::Top::CompositeType(c) => {
                let mut fields = Vec::with_capacity(c.fields.len());
                for (fi, f) in c.fields.iter().enumerate() {
                    let r#type = match resolve_field_type(f, names, diagnostics) {
                        Some(Typed::Scalar(t)) => t,
                        Some(Typed::Relation(model)) => {
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
                        span: f.span(),
                        arity: f.arity,
                        documentation: ast::field_documentation(&c.field_docs, fi).map(|d| d.to_string()),
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
    FieldTypes { unresolved, relation_fields }
}

fn scalar(r#type: ScalarType) -> ScalarField {
    ScalarField { r#type, mapped_name: None, native_type: None, default: None }
}

/// A field's type, or the name that is not a type.
fn lookup<'f>(field: &'f ast::Field, names: &Names) -> Result<Typed, &'f ast::Ident> {
    let ident = match &field.field_type {
        ast::FieldType::Unsupported(u) => return Ok(Typed::Scalar(ScalarType::Unsupported(u.0.as_str().into()))),
        ast::FieldType::Named(ident) => ident,
    };
    if let Some(t) = ScalarType::builtin(&ident.name) {
        return Ok(Typed::Scalar(t));
    }
    match names.tops.get(ident.name.as_str()) {
        Some(TopRef::Model(id)) => Ok(Typed::Relation(*id)),
        Some(TopRef::Enum(id)) => Ok(Typed::Scalar(ScalarType::Enum(*id))),
        Some(TopRef::CompositeType(id)) => Ok(Typed::Scalar(ScalarType::Composite(*id))),
        None => Err(ident),
    }
}

fn resolve_field_type(field: &ast::Field, names: &Names, diagnostics: &mut Diagnostics) -> Option<Typed> {
    let ident = match lookup(field, names) {
        Ok(resolved) => return Some(resolved),
        Err(ident) => ident,
    };
    let mut d = Diagnostic::error(
        codes::TYPE_NOT_FOUND,
        format!(
            "Type \"{}\" is neither a built-in type, nor refers to another model, composite type, or enum.",
            ident.name
        ),
        ident.span,
    );
    const BUILTINS: [&str; 9] = ["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes"];
    let candidates = names.tops.keys().map(|k| k.as_str()).chain(BUILTINS.iter().copied());
    if let Some(s) = super::did_you_mean(&ident.name, candidates) {
        d = d.with_help(format!("did you mean `{s}`?"));
    }
    diagnostics.push_error(d);
    None
}
