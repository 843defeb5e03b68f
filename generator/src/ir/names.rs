//! Pass 1: names. Every model, view, enum and composite type gets its id; duplicates, reserved
//! names and malformed identifiers are reported (Prisma's `names.rs`).

use super::FastMap as HashMap;

use super::codes;
use super::{CompositeType, CompositeTypeId, Enum, EnumId, EnumValue, Model, ModelId, Schema};
use crate::ast::{self, Name, Top};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A model, enum or composite type, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TopRef {
    Model(ModelId),
    Enum(EnumId),
    CompositeType(CompositeTypeId),
}

/// Up to this many fields, a model's fields are found by a scan instead of a hash table (as fast for
/// so few, and no table per model).
const SMALL_MODEL: usize = 32;

/// What the later passes need from name resolution. It owns its names (shared strings), not
/// borrowing the AST: the attributes pass consumes the AST block by block.
pub(super) struct Names {
    /// Models, views, enums and composite types share one namespace.
    pub tops: HashMap<Name, TopRef>,
    /// Field name -> position, per model with more than [`SMALL_MODEL`] fields (`None`: the model's
    /// fields are searched directly, without building a table).
    pub model_fields: Vec<Option<HashMap<Name, u32>>>,
    /// Field name -> position, per composite type.
    pub composite_type_fields: Vec<HashMap<Name, u32>>,
    /// Model fields whose type did not resolve (model, field; sorted): the later passes visit none of
    /// their attributes and count them as non-scalar fields, as Prisma does.
    pub unresolved_fields: Vec<(u32, u32)>,
}

impl Names {
    /// The position of a model's field (the last of that name). When the model is small its IR fields
    /// are searched: the attributes pass makes them when it reads the model, and looks up the fields
    /// of models it has not read yet in their AST (`attributes::Cx::field_index`).
    pub fn find_model_field(&self, schema: &Schema, model: ModelId, name: &str) -> Option<u32> {
        match self.model_fields.get(model.0 as usize)? {
            Some(table) => table.get(name).copied(),
            // As a table would: the last field of that name.
            None => {
                schema.models.get(model.0 as usize)?.fields.iter().rposition(|f| *f.name == *name).map(|i| i as u32)
            }
        }
    }

    /// Whether a model field's type is unknown (see [`Names::unresolved_fields`]).
    pub fn is_unresolved(&self, model: ModelId, field: u32) -> bool {
        !self.unresolved_fields.is_empty() && self.unresolved_fields.binary_search(&(model.0, field)).is_ok()
    }

    pub fn find_composite_type_field(&self, ct: CompositeTypeId, name: &str) -> Option<u32> {
        self.composite_type_fields.get(ct.0 as usize).and_then(|m| m.get(name)).copied()
    }
}

/// Prisma's name for the kind of a top in messages.
pub(super) fn top_kind(top: &Top) -> &'static str {
    match top {
        Top::Model(m) if m.is_view => "view",
        Top::Model(_) => "model",
        Top::Enum(_) => "enum",
        Top::CompositeType(_) => "composite type",
        Top::Datasource(_) => "datasource",
        Top::Generator(_) => "generator",
    }
}

pub(super) fn resolve_names(ast: &ast::SchemaAst, schema: &mut Schema, diagnostics: &mut Diagnostics) -> Names {
    let mut names = Names {
        tops: HashMap::default(),
        model_fields: Vec::new(),
        composite_type_fields: Vec::new(),
        unresolved_fields: Vec::new(),
    };
    // Generators and datasources each have their own namespace.
    let mut generators: HashMap<&str, &Top> = HashMap::default();
    let mut datasources: HashMap<&str, &Top> = HashMap::default();
    // Room for every block at once: the IR's lists last, and growing them by doubling would leave
    // the copies they outgrew as holes beside the AST.
    schema.models.reserve_exact(ast.models().count());
    schema.enums.reserve_exact(ast.enums().count());
    names.model_fields.reserve_exact(schema.models.capacity());
    names.tops.reserve(ast.tops.len());

    for top in &ast.tops {
        let ident = top.name();
        if super::ScalarType::builtin(&ident.name).is_some() {
            diagnostics.push_error(Diagnostic::error(
                codes::RESERVED_SCALAR_NAME,
                format!("\"{}\" is a reserved scalar type name and cannot be used.", ident.name),
                ident.span,
            ));
        }

        match top {
            Top::Enum(e) => {
                validate_identifier(&e.name, "Enum", diagnostics);
                if is_reserved_type_name(&e.name.name) {
                    diagnostics.push_error(Diagnostic::error(
                        codes::RESERVED_MODEL_NAME,
                        format!(
                            "Error validating enum `{0}`: The enum name `{0}` is invalid. It is a reserved name. Please change it. Read more at https://www.prisma.io/docs/reference/tools-and-interfaces/prisma-schema/data-model#naming-enums",
                            e.name.name
                        ),
                        e.span,
                    ));
                }
                validate_attribute_identifiers(&e.attributes, diagnostics);
                let mut seen: HashMap<&str, ()> = HashMap::default();
                for v in &e.values {
                    validate_identifier(&v.name, "Enum Value", diagnostics);
                    validate_attribute_identifiers(&v.attributes, diagnostics);
                    if seen.insert(&v.name.name, ()).is_some() {
                        diagnostics.push_error(Diagnostic::error(
                            codes::DUPLICATE_ENUM_VALUE,
                            format!("Value \"{}\" is already defined on enum \"{}\".", v.name.name, e.name.name),
                            v.span,
                        ));
                    }
                }
                let id = EnumId(schema.enums.len() as u32);
                schema.enums.push(Enum {
                    name: e.name.name.clone(),
                    span: e.span,
                    mapped_name: None,
                    schema: None,
                    documentation: e.documentation.as_deref().map(Name::from),
                    values: e
                        .values
                        .iter()
                        .map(|v| EnumValue {
                            name: v.name.name.clone(),
                            mapped_name: None,
                            documentation: v.documentation.as_deref().map(Name::from),
                            span: v.span,
                        })
                        .collect(),
                });
                insert_top(&mut names, schema, top, TopRef::Enum(id), diagnostics);
            }
            Top::Model(m) => {
                let (item, field_item, kind) =
                    if m.is_view { ("view", "field", "view") } else { ("Model", "Field", "model") };
                validate_identifier(&m.name, item, diagnostics);
                if is_reserved_type_name(&m.name.name) {
                    diagnostics.push_error(Diagnostic::in_block(
                        codes::RESERVED_MODEL_NAME,
                        "model",
                        &m.name.name,
                        format!(
                            "The {kind} name `{}` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-models",
                            m.name.name
                        ),
                        m.span,
                    ));
                }
                validate_attribute_identifiers(&m.attributes, diagnostics);
                let mut fields: Option<HashMap<Name, u32>> = (m.fields.len() > SMALL_MODEL)
                    .then(|| HashMap::with_capacity_and_hasher(m.fields.len(), Default::default()));
                for (i, f) in m.fields.iter().enumerate() {
                    validate_identifier(&f.name, field_item, diagnostics);
                    validate_attribute_identifiers(&f.attributes, diagnostics);
                    let duplicate = match &mut fields {
                        Some(table) => table.insert(f.name.name.clone(), i as u32).is_some(),
                        None => m.fields[..i].iter().any(|g| g.name.name == f.name.name),
                    };
                    if duplicate {
                        diagnostics.push_error(Diagnostic::error(
                            codes::DUPLICATE_FIELD,
                            format!("Field \"{}\" is already defined on {kind} \"{}\".", f.name.name, m.name.name),
                            f.name.span,
                        ));
                    }
                }
                let id = ModelId(schema.models.len() as u32);
                schema.models.push(Model {
                    name: m.name.name.clone(),
                    span: m.span,
                    is_view: m.is_view,
                    mapped_name: None,
                    schema: None,
                    documentation: m.documentation.clone(),
                    ignored: false,
                    fields: Vec::new(),
                    field_docs: Box::default(),
                    primary_key: None,
                    shard_key: None,
                    indexes: Vec::new(),
                });
                names.model_fields.push(fields);
                insert_top(&mut names, schema, top, TopRef::Model(id), diagnostics);
            }
            Top::CompositeType(c) => {
                validate_identifier(&c.name, "Composite type", diagnostics);
                let mut fields: HashMap<Name, u32> =
                    HashMap::with_capacity_and_hasher(c.fields.len(), Default::default());
                for (i, f) in c.fields.iter().enumerate() {
                    if fields.insert(f.name.name.clone(), i as u32).is_some() {
                        diagnostics.push_error(Diagnostic::error(
                            codes::DUPLICATE_FIELD,
                            format!(
                                "Field \"{}\" is already defined on composite type \"{}\".",
                                f.name.name, c.name.name
                            ),
                            f.name.span,
                        ));
                    }
                }
                let id = CompositeTypeId(schema.composite_types.len() as u32);
                schema.composite_types.push(CompositeType {
                    name: c.name.name.clone(),
                    span: c.span,
                    documentation: c.documentation.clone(),
                    fields: Vec::new(),
                });
                names.composite_type_fields.push(fields);
                insert_top(&mut names, schema, top, TopRef::CompositeType(id), diagnostics);
            }
            Top::Datasource(_) => insert_config(&mut datasources, top, diagnostics),
            Top::Generator(_) => insert_config(&mut generators, top, diagnostics),
        }
    }
    names
}

/// Names a model, enum or composite type; a name already taken is reported against the last
/// top that took it (whose kind its id tells: no second table of the tops by name).
fn insert_top(names: &mut Names, schema: &Schema, top: &Top, id: TopRef, diagnostics: &mut Diagnostics) {
    if let Some(existing) = names.tops.insert(top.name().name.clone(), id) {
        let existing = match existing {
            TopRef::Model(m) if schema.models.get(m.0 as usize).is_some_and(|m| m.is_view) => "view",
            TopRef::Model(_) => "model",
            TopRef::Enum(_) => "enum",
            TopRef::CompositeType(_) => "composite type",
        };
        diagnostics.push_error(duplicate_top(top, existing));
    }
}

fn insert_config<'a>(namespace: &mut HashMap<&'a str, &'a Top>, top: &'a Top, diagnostics: &mut Diagnostics) {
    if let Some(existing) = namespace.insert(top.name().name.as_str(), top) {
        diagnostics.push_error(duplicate_top(top, config_kind(existing)));
    }
}

/// How Prisma names a top in this message (a datasource is a "source" here).
fn config_kind(top: &Top) -> &'static str {
    match top {
        Top::Datasource(_) => "source",
        _ => top_kind(top),
    }
}

fn duplicate_top(duplicate: &Top, existing_kind: &str) -> Diagnostic {
    Diagnostic::error(
        codes::DUPLICATE_TOP,
        format!(
            "The {} \"{}\" cannot be defined because a {} with that name already exists.",
            config_kind(duplicate),
            duplicate.name().name,
            existing_kind
        ),
        duplicate.name().span,
    )
}

fn validate_attribute_identifiers(attributes: &[ast::Attribute], diagnostics: &mut Diagnostics) {
    for a in attributes {
        validate_identifier(&a.name, "Attribute", diagnostics);
    }
}

fn validate_identifier(ident: &ast::Ident, item: &str, diagnostics: &mut Diagnostics) {
    let message = match ident.name.chars().next() {
        None => format!("The name of a {item} must not be empty."),
        Some(c) if c.is_numeric() => format!("The name of a {item} must not start with a number."),
        Some(_) if ident.name.bytes().any(|b| b == b'-') => {
            format!("The character `-` is not allowed in {item} names.")
        }
        Some(_) => return,
    };
    diagnostics.push_error(Diagnostic::validation(codes::INVALID_IDENTIFIER, message, ident.span));
}

/// Names the generated client reserves (`PrismaClient` and JavaScript keywords).
pub fn is_reserved_type_name(name: &str) -> bool {
    const RESERVED: &[&str] = &[
        "PrismaClient",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "null",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
    ];
    RESERVED.contains(&name)
}
