//! What `prisma format` adds to a schema before laying it out: missing back-relation fields, missing
//! forward relation fields with their scalar fields, missing `@relation` attributes and missing
//! `fields:` / `references:` arguments.
//!
//! Prisma does this only when its parser database (names, types, attributes, relations; not the full
//! validation) has no errors. The checks below are the subset of those checks that decide whether the
//! relation analysis is meaningful: syntax, names, field types, attribute names and the field lists
//! of `@relation` and index attributes. The relation analysis itself follows Prisma's: one relation
//! per pair of opposite relation fields (same relation name), with the same sides and ties.
//!
//! The result is a list of insertions per file; the text with the insertions is then formatted.

use super::inflect::{camel_case, lower_first, plural, upper_first};
use crate::ast::{Attribute, Expression, FieldArity, FieldType, SchemaAst, Top};
use crate::diagnostics::Diagnostics;
use crate::source::SourceFiles;
use std::collections::{HashMap, HashSet};

/// Text to insert at a byte offset of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Insertion {
    pub position: usize,
    pub content: String,
}

const SCALARS: [&str; 9] = ["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes"];

/// The insertions for every file (one list per file, in file order; all empty when the schema does not
/// resolve cleanly).
pub(crate) fn missing_bits(files: &SourceFiles) -> Vec<Vec<Insertion>> {
    let mut out: Vec<Vec<Insertion>> = vec![Vec::new(); files.len()];
    if files.iter().any(|(_, f)| super::syntax::prisma_rejects(&f.text)) {
        return out;
    }
    let mut diagnostics = Diagnostics::new();
    let ast = crate::parser::parse(files, &mut diagnostics);
    if diagnostics.has_errors() {
        return out;
    }
    let Some(db) = Db::build(&ast) else { return out };
    let relations = db.infer_relations();
    let mut bits: Vec<(usize, Insertion)> = Vec::new();
    for r in &relations {
        db.push_missing_fields(r, files, &mut bits);
    }
    for r in &relations {
        db.push_missing_relation_attribute(r, files, &mut bits);
    }
    for r in &relations {
        db.push_missing_relation_arguments(r, &mut bits);
    }
    for (file, bit) in bits {
        if let Some(list) = out.get_mut(file) {
            list.push(bit);
        }
    }
    for list in &mut out {
        list.sort_by_key(|b| b.position); // stable: insertions at one place keep their order
    }
    out
}

/// `input` with the insertions applied.
pub(crate) fn enrich(input: &str, bits: &[Insertion]) -> String {
    let mut out = String::with_capacity(input.len() + bits.iter().map(|b| b.content.len()).sum::<usize>());
    let mut last = 0;
    for b in bits {
        let pos = b.position.clamp(last, input.len());
        if !input.is_char_boundary(pos) {
            continue;
        }
        out.push_str(&input[last..pos]);
        out.push_str(&b.content);
        last = pos;
    }
    out.push_str(&input[last..]);
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Arity {
    Required,
    Optional,
    List,
}

impl Arity {
    fn suffix(self) -> &'static str {
        match self {
            Arity::Required => "",
            Arity::Optional => "?",
            Arity::List => "[]",
        }
    }
}

impl From<FieldArity> for Arity {
    fn from(a: FieldArity) -> Self {
        match a {
            FieldArity::Required => Arity::Required,
            FieldArity::Optional => Arity::Optional,
            FieldArity::List => Arity::List,
        }
    }
}

enum Kind<'a> {
    /// A scalar field: its built-in type (`None` for enums, composite types and `Unsupported`), and
    /// the source of its native type attribute.
    Scalar {
        builtin: Option<&'static str>,
        native: Option<&'a Attribute>,
        unsupported: bool,
    },
    Relation(RelationField<'a>),
}

struct RelationField<'a> {
    target: usize,
    name: Option<&'a str>,
    fields: Option<Vec<usize>>,
    references: Option<Vec<usize>>,
    attribute: Option<&'a Attribute>,
}

struct Field<'a> {
    name: &'a str,
    arity: Arity,
    kind: Kind<'a>,
    /// Where the type name ends (before `?` / `[]`).
    type_end: usize,
    file: usize,
}

struct Model<'a> {
    name: &'a str,
    fields: Vec<Field<'a>>,
    ignored: bool,
    /// Primary key first, then unique constraints (field-level first, then `@@unique`), as field
    /// indexes. A criteria naming a field path of a composite type is left out.
    unique_criterias: Vec<Vec<usize>>,
    /// Field lists of unique constraints only (to tell 1:1 from 1:n).
    uniques: Vec<Vec<usize>>,
    /// Offset of the closing brace, and file.
    close: usize,
    file: usize,
}

impl Model<'_> {
    fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    fn scalar_named(&self, name: &str) -> Option<&Field<'_>> {
        self.fields.iter().find(|f| f.name == name && matches!(f.kind, Kind::Scalar { .. }))
    }
}

struct Db<'a> {
    models: Vec<Model<'a>>,
}

/// Which relation fields a relation has: the forward side is on model A (it holds the references).
#[derive(Clone, Copy)]
struct Relation {
    model_a: usize,
    model_b: usize,
    forward: Option<usize>,
    back: Option<usize>,
    one_to_one: bool,
}

/// A scalar field the forward side of a relation needs.
struct Inferred<'a> {
    name: String,
    arity: Arity,
    /// The field it references (model B).
    blueprint: &'a Field<'a>,
}

const FIELD_ATTRIBUTES: [&str; 8] = ["map", "ignore", "id", "updatedAt", "default", "unique", "relation", "shardKey"];
const MODEL_ATTRIBUTES: [&str; 8] = ["ignore", "id", "map", "schema", "index", "unique", "fulltext", "shardKey"];

impl<'a> Db<'a> {
    /// Resolves names and attributes; `None` where Prisma's parser database reports an error.
    fn build(ast: &'a SchemaAst) -> Option<Db<'a>> {
        let mut models_by_name: HashMap<&str, usize> = HashMap::new();
        let mut enums: HashSet<&str> = HashSet::new();
        let mut enum_values: HashMap<&str, HashSet<&str>> = HashMap::new();
        let mut composites: HashSet<&str> = HashSet::new();
        let mut names: HashSet<&str> = HashSet::new();
        let mut config_names: HashSet<(bool, &str)> = HashSet::new();
        let mut model_tops = Vec::new();
        if !names_are_valid(ast) {
            return None;
        }
        for top in &ast.tops {
            match top {
                Top::Model(m) => {
                    models_by_name.insert(&m.name.name, model_tops.len());
                    model_tops.push(m);
                }
                Top::Enum(e) => {
                    enums.insert(&e.name.name);
                    enum_values.insert(&e.name.name, e.values.iter().map(|v| v.name.name.as_str()).collect());
                }
                Top::CompositeType(c) => {
                    composites.insert(&c.name.name);
                }
                Top::Datasource(c) | Top::Generator(c) => {
                    if !config_names.insert((matches!(top, Top::Datasource(_)), &c.name.name)) {
                        return None;
                    }
                    continue;
                }
            }
            if !names.insert(&top.name().name) {
                return None; // duplicate top-level name
            }
        }

        // Enums and composite types: duplicate members, unknown attributes, unknown field types.
        for top in &ast.tops {
            match top {
                Top::Enum(e) => {
                    let mut seen = HashSet::new();
                    for v in &e.values {
                        if !seen.insert(&v.name.name) || v.attributes.iter().any(|a| a.name.name != "map") {
                            return None;
                        }
                    }
                    if e.attributes.iter().any(|a| !matches!(a.name.name.as_str(), "map" | "schema")) {
                        return None;
                    }
                }
                Top::CompositeType(c) => {
                    let mut seen = HashSet::new();
                    for f in &c.fields {
                        if !seen.insert(&f.name.name) {
                            return None;
                        }
                        let ok_type = match &f.field_type {
                            FieldType::Unsupported(..) => true,
                            FieldType::Named(n) => {
                                let n = n.name.as_str();
                                SCALARS.contains(&n) || enums.contains(n) || composites.contains(n)
                            }
                        };
                        if !ok_type {
                            return None;
                        }
                    }
                }
                _ => {}
            }
        }

        let mut models = Vec::with_capacity(model_tops.len());
        for m in &model_tops {
            let mut fields = Vec::with_capacity(m.fields.len());
            let mut seen = HashSet::new();
            for f in &m.fields {
                if !seen.insert(f.name.name.as_str()) {
                    return None;
                }
                let type_span = f.field_type.span();
                let kind = match &f.field_type {
                    FieldType::Unsupported(..) => Kind::Scalar { builtin: None, native: None, unsupported: true },
                    FieldType::Named(n) => {
                        let n = n.name.as_str();
                        if let Some(&target) = models_by_name.get(n) {
                            let attribute = single(&f.attributes, "relation")?;
                            Kind::Relation(RelationField {
                                target,
                                name: None,
                                fields: None,
                                references: None,
                                attribute,
                            })
                        } else if let Some(s) = SCALARS.iter().find(|s| **s == n) {
                            Kind::Scalar { builtin: Some(s), native: None, unsupported: false }
                        } else if enums.contains(n) || composites.contains(n) {
                            Kind::Scalar { builtin: None, native: None, unsupported: false }
                        } else {
                            return None; // unknown type
                        }
                    }
                };
                fields.push(Field {
                    name: &f.name.name,
                    arity: f.arity.into(),
                    kind,
                    type_end: type_span.end(),
                    file: type_span.file().0 as usize,
                });
            }
            models.push(Model {
                name: &m.name.name,
                fields,
                ignored: false,
                unique_criterias: Vec::new(),
                uniques: Vec::new(),
                close: m.span.end().saturating_sub(1),
                file: m.span.file().0 as usize,
            });
        }

        // Field attributes, relation arguments, primary keys and unique constraints.
        for (mi, m) in model_tops.iter().enumerate() {
            let mut pk: Option<Vec<usize>> = None;
            let mut field_uniques = Vec::new();
            for (fi, f) in m.fields.iter().enumerate() {
                let is_relation = matches!(models[mi].fields[fi].kind, Kind::Relation(_));
                let mut native = None;
                for a in &f.attributes {
                    let name = a.name.name.as_str();
                    if name.contains('.') {
                        let builtin = matches!(models[mi].fields[fi].kind, Kind::Scalar { builtin: Some(_), .. });
                        if !builtin || native.replace(a).is_some() {
                            return None;
                        }
                    } else {
                        let allowed = FIELD_ATTRIBUTES.contains(&name)
                            && if is_relation { matches!(name, "relation" | "ignore") } else { name != "relation" };
                        if !allowed {
                            return None;
                        }
                    }
                }
                for name in ["map", "ignore", "id", "updatedAt", "default", "unique"] {
                    single(&f.attributes, name)?;
                }
                let model_ignored = m.attributes.iter().any(|a| a.name.name == "ignore");
                if !is_relation && !scalar_attributes_ok(f, &enum_values, model_ignored) {
                    return None;
                }
                if single(&f.attributes, "id")?.is_some() && pk.is_none() {
                    pk = Some(vec![fi]);
                }
                if single(&f.attributes, "unique")?.is_some() {
                    field_uniques.push(vec![fi]);
                }
                if let Kind::Scalar { native: n, .. } = &mut models[mi].fields[fi].kind {
                    *n = native;
                }
                if let Some(Some(attr)) = is_relation.then(|| single(&f.attributes, "relation")).flatten() {
                    let target = match &models[mi].fields[fi].kind {
                        Kind::Relation(r) => r.target,
                        Kind::Scalar { .. } => continue,
                    };
                    let fields = match attr.named("fields") {
                        Some(arg) => Some(resolve_scalar_list(&arg.value, &models[mi])?),
                        None => None,
                    };
                    let references = match attr.named("references") {
                        Some(arg) => Some(resolve_scalar_list(&arg.value, &models[target])?),
                        None => None,
                    };
                    let name_arg = attr.named("name").or_else(|| attr.positional());
                    let name = match name_arg {
                        Some(arg) => match arg.value.as_string() {
                            Some("") | None => return None,
                            Some(s) => Some(s),
                        },
                        None => None,
                    };
                    if let Kind::Relation(r) = &mut models[mi].fields[fi].kind {
                        r.fields = fields;
                        r.references = references;
                        r.name = name;
                    }
                }
            }

            let mut model_uniques = Vec::new();
            for a in &m.attributes {
                let name = a.name.name.as_str();
                if !MODEL_ATTRIBUTES.contains(&name) || !model_attribute_arguments_ok(a) {
                    return None;
                }
            }
            for name in ["ignore", "id", "map", "schema", "shardKey"] {
                single(&m.attributes, name)?;
            }
            if let Some(id) = single(&m.attributes, "id")? {
                let fields = resolve_index_fields(id, &models[mi])?;
                if pk.is_some() {
                    return None; // `@id` and `@@id` together
                }
                pk = fields;
            }
            if pk.as_ref().is_some_and(|pk| pk.iter().any(|&fi| models[mi].fields[fi].arity != Arity::Required)) {
                return None; // id fields must be required
            }
            for a in &m.attributes {
                match a.name.name.as_str() {
                    "unique" => {
                        if let Some(fields) = resolve_index_fields(a, &models[mi])? {
                            model_uniques.push(fields);
                        }
                    }
                    "index" | "fulltext" | "shardKey" => {
                        resolve_index_fields(a, &models[mi])?;
                    }
                    _ => {}
                }
            }
            let model = &mut models[mi];
            model.ignored = single(&m.attributes, "ignore")?.is_some();
            model.uniques = field_uniques.iter().chain(model_uniques.iter()).cloned().collect();
            model.unique_criterias = pk.into_iter().chain(field_uniques).chain(model_uniques).collect();
        }
        Some(Db { models })
    }

    fn relation_field(&self, model: usize, field: usize) -> Option<&RelationField<'a>> {
        match &self.models.get(model)?.fields.get(field)?.kind {
            Kind::Relation(r) => Some(r),
            Kind::Scalar { .. } => None,
        }
    }

    /// Prisma's relation inference: every relation field, in model and field order, either starts a
    /// relation or is the opposite side of one started elsewhere.
    fn infer_relations(&self) -> Vec<Relation> {
        let mut out = Vec::new();
        for (mi, model) in self.models.iter().enumerate() {
            for (fi, field) in model.fields.iter().enumerate() {
                let Kind::Relation(rf) = &field.kind else { continue };
                let target = &self.models[rf.target];
                let is_self = rf.target == mi;
                let opposite = target.fields.iter().enumerate().find(|(ofi, of)| match &of.kind {
                    Kind::Relation(orf) => orf.target == mi && !(is_self && *ofi == fi) && orf.name == rf.name,
                    Kind::Scalar { .. } => false,
                });
                fn key<'x>(m: &Model<'x>, f: &Field<'x>) -> (&'x str, &'x str) {
                    (m.name, f.name)
                }
                let relation = match (field.arity, opposite) {
                    (Arity::List, Some((_, of))) if of.arity == Arity::List => continue, // many-to-many
                    (Arity::Required, Some((ofi, of))) if of.arity == Arity::Optional => Relation {
                        model_a: mi,
                        model_b: rf.target,
                        forward: Some(fi),
                        back: Some(ofi),
                        one_to_one: true,
                    },
                    (Arity::Required, Some((ofi, of))) if of.arity == Arity::Required => {
                        if key(model, field) > key(target, of) {
                            continue;
                        }
                        Relation {
                            model_a: mi,
                            model_b: rf.target,
                            forward: Some(fi),
                            back: Some(ofi),
                            one_to_one: true,
                        }
                    }
                    (Arity::Optional, Some((_, of))) if of.arity == Arity::Required => continue,
                    (Arity::Optional, Some((ofi, of))) if of.arity == Arity::Optional => {
                        let opposite_has_fields =
                            self.relation_field(rf.target, ofi).is_some_and(|o| o.fields.is_some());
                        if rf.fields.is_none() && (opposite_has_fields || key(model, field) > key(target, of)) {
                            continue;
                        }
                        Relation {
                            model_a: mi,
                            model_b: rf.target,
                            forward: Some(fi),
                            back: Some(ofi),
                            one_to_one: true,
                        }
                    }
                    (Arity::List, Some(_)) => continue,
                    (Arity::List, None) => {
                        Relation { model_a: rf.target, model_b: mi, forward: None, back: Some(fi), one_to_one: false }
                    }
                    (_, Some((ofi, _))) => Relation {
                        model_a: mi,
                        model_b: rf.target,
                        forward: Some(fi),
                        back: Some(ofi),
                        one_to_one: false,
                    },
                    (_, None) => {
                        let unique = rf.fields.as_ref().is_some_and(|fs| model.uniques.iter().any(|u| u == fs));
                        Relation { model_a: mi, model_b: rf.target, forward: Some(fi), back: None, one_to_one: unique }
                    }
                };
                out.push(relation);
            }
        }
        out
    }

    fn forward(&self, r: &Relation) -> Option<(&Field<'a>, &RelationField<'a>)> {
        let f = self.models[r.model_a].fields.get(r.forward?)?;
        match &f.kind {
            Kind::Relation(rf) => Some((f, rf)),
            Kind::Scalar { .. } => None,
        }
    }

    /// The scalar fields the forward side should reference through, named after model B's first
    /// unique criteria.
    fn infer_scalar_fields(&self, r: &Relation) -> Vec<Inferred<'_>> {
        let a = &self.models[r.model_a];
        let b = &self.models[r.model_b];
        let Some(criteria) = b.unique_criterias.first() else { return Vec::new() };
        let forward_arity = self.forward(r).map(|(f, _)| f.arity);
        criteria
            .iter()
            .filter_map(|&fi| b.fields.get(fi))
            .map(|blueprint| {
                let name = format!("{}{}", lower_first(b.name), upper_first(blueprint.name));
                let arity = match a.scalar_named(&name) {
                    Some(existing) => existing.arity,
                    None => forward_arity.unwrap_or(Arity::Optional),
                };
                Inferred { name, arity, blueprint }
            })
            .collect()
    }

    /// Names of the referenced fields: as written, else model B's first criteria without optional fields.
    fn referenced_field_names(&self, r: &Relation) -> Vec<&str> {
        let b = &self.models[r.model_b];
        if let Some((_, rf)) = self.forward(r) {
            if let Some(refs) = &rf.references {
                return refs.iter().filter_map(|&i| b.fields.get(i)).map(|f| f.name).collect();
            }
        }
        b.unique_criterias
            .iter()
            .find(|c| c.iter().all(|&i| b.fields.get(i).is_some_and(is_strict)))
            .map(|c| c.iter().filter_map(|&i| b.fields.get(i)).map(|f| f.name).collect())
            .unwrap_or_default()
    }

    fn fields_argument(&self, r: &Relation) -> String {
        let names: Vec<String> = self.infer_scalar_fields(r).into_iter().map(|f| f.name).collect();
        format!("fields: [{}]", names.join(", "))
    }

    fn references_argument(&self, r: &Relation) -> String {
        format!("references: [{}]", self.referenced_field_names(r).join(", "))
    }

    fn push_missing_fields(&self, r: &Relation, files: &SourceFiles, bits: &mut Vec<(usize, Insertion)>) {
        let a = &self.models[r.model_a];
        let b = &self.models[r.model_b];
        if r.back.is_none() {
            let arity = if r.one_to_one { "?" } else { "[]" };
            let name = if r.one_to_one { camel_case(a.name) } else { plural(&camel_case(a.name)) };
            let ignore = if a.ignored { "@ignore" } else { "" };
            bits.push((
                b.file,
                Insertion { position: b.close, content: format!("{name} {}{arity} {ignore}\n", a.name) },
            ));
        }
        if r.forward.is_none() {
            let arity = if self.infer_scalar_fields(r).iter().any(|f| f.arity == Arity::Optional) {
                Arity::Optional
            } else {
                Arity::Required
            };
            let name = camel_case(b.name);
            let content = format!(
                "{name} {}{} @relation({}, {})\n",
                b.name,
                arity.suffix(),
                self.fields_argument(r),
                self.references_argument(r)
            );
            bits.push((a.file, Insertion { position: a.close, content }));
        }
        // Missing scalar fields of the forward side.
        let has_fields = self.forward(r).is_some_and(|(_, rf)| rf.fields.is_some());
        if has_fields {
            return;
        }
        for inferred in self.infer_scalar_fields(r) {
            if a.scalar_named(&inferred.name).is_some() {
                continue;
            }
            let Kind::Scalar { builtin: Some(ty), native, .. } = &inferred.blueprint.kind else { return };
            let native = native.map(|n| files.slice(n.span)).unwrap_or_default();
            let content = format!("{} {ty}{} {native}\n", inferred.name, inferred.arity.suffix());
            bits.push((a.file, Insertion { position: a.close, content }));
        }
    }

    fn push_missing_relation_attribute(&self, r: &Relation, files: &SourceFiles, bits: &mut Vec<(usize, Insertion)>) {
        let Some((field, rf)) = self.forward(r) else { return };
        if rf.attribute.is_some() {
            return;
        }
        let content = format!(" @relation({}, {})", self.fields_argument(r), self.references_argument(r));
        let text = files.text(crate::source::FileId(field.file as u32));
        let position = after_type(text, field.type_end);
        bits.push((field.file, Insertion { position, content }));
    }

    fn push_missing_relation_arguments(&self, r: &Relation, bits: &mut Vec<(usize, Insertion)>) {
        let Some((_, rf)) = self.forward(r) else { return };
        let Some(attribute) = rf.attribute else { return };
        let mut extra = Vec::new();
        if rf.fields.is_none() {
            extra.push(self.fields_argument(r));
        }
        if rf.references.is_none() {
            extra.push(self.references_argument(r));
        }
        let extra = extra.join(", ");
        let (content, position) = if attribute.arguments.arguments.is_empty() {
            (format!("({extra})"), attribute.span.end())
        } else {
            (format!(", {extra}"), attribute.span.end().saturating_sub(1))
        };
        bits.push((attribute.span.file().0 as usize, Insertion { position, content }));
    }
}

/// A field a strict unique criteria may hold: neither optional nor `Unsupported`.
fn is_strict(f: &Field<'_>) -> bool {
    f.arity != Arity::Optional && !matches!(f.kind, Kind::Scalar { unsupported: true, .. })
}

/// Names Prisma's parser database rejects: empty, starting with a digit, containing `-`, a scalar
/// type name or a reserved word as a model or enum name; duplicate keys in a configuration block.
fn names_are_valid(ast: &SchemaAst) -> bool {
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
    fn ident_ok(name: &str) -> bool {
        name.chars().next().is_some_and(|c| !c.is_numeric()) && !name.contains('-')
    }
    fn attributes_ok(attributes: &[Attribute]) -> bool {
        attributes.iter().all(|a| ident_ok(&a.name.name))
    }
    ast.tops.iter().all(|top| {
        let name = top.name().name.as_str();
        if SCALARS.contains(&name) {
            return false;
        }
        match top {
            Top::Model(m) => {
                ident_ok(name)
                    && !RESERVED.contains(&name)
                    && attributes_ok(&m.attributes)
                    && m.fields.iter().all(|f| ident_ok(&f.name.name) && attributes_ok(&f.attributes))
            }
            Top::Enum(e) => {
                ident_ok(name)
                    && !RESERVED.contains(&name)
                    && attributes_ok(&e.attributes)
                    && e.values.iter().all(|v| ident_ok(&v.name.name) && attributes_ok(&v.attributes))
            }
            Top::CompositeType(_) => ident_ok(name),
            Top::Datasource(c) | Top::Generator(c) => {
                let mut seen = HashSet::new();
                c.properties.iter().all(|p| seen.insert(p.name.name.as_str()))
            }
        }
    })
}

/// Argument checks of Prisma's parser database on a scalar field's attributes.
fn scalar_attributes_ok(
    field: &crate::ast::Field,
    enum_values: &HashMap<&str, HashSet<&str>>,
    model_ignored: bool,
) -> bool {
    let type_name = match &field.field_type {
        FieldType::Named(n) => Some(n.name.as_str()),
        FieldType::Unsupported(..) => None,
    };
    let is_list = field.arity == FieldArity::List;
    field.attributes.iter().all(|a| match a.name.name.as_str() {
        "updatedAt" => type_name == Some("DateTime") && !is_list,
        "id" => field.arity == FieldArity::Required && sort_ok(a),
        "unique" => sort_ok(a) && map_ok(a),
        "map" => a.named("name").or_else(|| a.positional()).is_some_and(|n| n.value.as_string().is_some()),
        "ignore" => !model_ignored && type_name.is_some(),
        "default" => match a.named("value").or_else(|| a.positional()) {
            Some(arg) => default_ok(&arg.value, type_name, is_list, enum_values),
            None => false,
        },
        _ => true,
    })
}

fn default_ok(
    value: &Expression,
    type_name: Option<&str>,
    is_list: bool,
    enum_values: &HashMap<&str, HashSet<&str>>,
) -> bool {
    if let Expression::Function(name, ..) = value {
        if name == "dbgenerated" {
            return true;
        }
    }
    if is_list {
        return match value {
            Expression::Array(items, _) => items.iter().all(|i| default_ok(i, type_name, false, enum_values)),
            _ => false,
        };
    }
    let function = |names: &[&str]| matches!(value, Expression::Function(n, ..) if names.contains(&n.as_str()));
    match type_name {
        Some("String") => {
            matches!(value, Expression::String(..)) || function(&["uuid", "cuid", "nanoid", "ulid", "auto"])
        }
        Some("Int" | "BigInt") => {
            matches!(value, Expression::Numeric(n, _) if !n.contains('.')) || function(&["autoincrement", "sequence"])
        }
        Some("Float" | "Decimal") => matches!(value, Expression::Numeric(..)),
        Some("Boolean") => matches!(value, Expression::Constant(c, _) if c == "true" || c == "false"),
        Some("DateTime") => matches!(value, Expression::String(..)) || function(&["now"]),
        Some("Json" | "Bytes") => matches!(value, Expression::String(..)),
        Some(other) => match enum_values.get(other) {
            Some(values) => matches!(value, Expression::Constant(c, _) if values.contains(c.as_str())),
            None => false,
        },
        None => false,
    }
}

/// A `sort:` argument (on the attribute or on its fields) is `Asc` or `Desc`.
fn sort_ok(a: &Attribute) -> bool {
    fn valid(args: &crate::ast::ArgumentsList) -> bool {
        args.arguments.iter().all(|arg| match arg.name.as_ref().map(|n| n.name.as_str()) {
            Some("sort") => matches!(arg.value.as_constant(), Some("Asc" | "Desc")),
            _ => match &arg.value {
                Expression::Array(items, _) => items.iter().all(|i| match i {
                    Expression::Function(_, inner, _) => valid(inner),
                    _ => true,
                }),
                _ => true,
            },
        })
    }
    valid(&a.arguments)
}

/// The `map:` argument, when present, is a non-empty string.
fn map_ok(a: &Attribute) -> bool {
    match a.named("map") {
        Some(arg) => matches!(arg.value.as_string(), Some(s) if !s.is_empty()),
        None => true,
    }
}

fn model_attribute_arguments_ok(a: &Attribute) -> bool {
    match a.name.name.as_str() {
        "map" => a.named("name").or_else(|| a.positional()).is_some_and(|n| n.value.as_string().is_some()),
        "id" | "unique" | "fulltext" => sort_ok(a) && map_ok(a),
        "index" => {
            sort_ok(a)
                && map_ok(a)
                && a.named("type").is_none_or(|t| {
                    matches!(t.value.as_constant(), Some("BTree" | "Hash" | "Gist" | "Gin" | "SpGist" | "Brin"))
                })
        }
        _ => true,
    }
}

/// The offset after a field type's `?`, `[]` or `!` suffix.
fn after_type(text: &str, type_end: usize) -> usize {
    let rest = text.get(type_end..).unwrap_or("");
    type_end + rest.find(|c: char| !matches!(c, '[' | ']' | '?' | '!')).unwrap_or(rest.len())
}

/// The only attribute of that name; `None` (an error) when it is repeated.
fn single<'x>(attributes: &'x [Attribute], name: &str) -> Option<Option<&'x Attribute>> {
    let mut found = None;
    for a in attributes.iter().filter(|a| a.name.name == name) {
        if found.replace(a).is_some() {
            return None;
        }
    }
    Some(found)
}

/// `[a, b]` (or `a`) naming scalar fields of `model`; `None` when a name is unknown or a relation.
fn resolve_scalar_list(value: &Expression, model: &Model<'_>) -> Option<Vec<usize>> {
    let items: Vec<&Expression> = match value {
        Expression::Array(items, _) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let name = item.as_constant()?;
        let fi = model.field(name)?;
        if !matches!(model.fields[fi].kind, Kind::Scalar { .. }) || out.contains(&fi) {
            return None;
        }
        out.push(fi);
    }
    Some(out)
}

/// The field list of `@@id` / `@@unique` / `@@index` / `@@fulltext`. `None` (an error) when a field
/// is unknown or a relation field; `Some(None)` for lists through composite types.
fn resolve_index_fields(attribute: &Attribute, model: &Model<'_>) -> Option<Option<Vec<usize>>> {
    let value = &attribute.named("fields").or_else(|| attribute.positional())?.value;
    let items = value.as_array()?;
    let mut out = Vec::with_capacity(items.len());
    let mut through_composite = false;
    for item in items {
        let name = match item {
            Expression::Constant(s, _) => s.as_str(),
            Expression::Function(s, _, _) => s.as_str(),
            _ => return None,
        };
        let (first, rest) = match name.split_once('.') {
            Some((f, r)) => (f, Some(r)),
            None => (name, None),
        };
        let fi = model.field(first)?;
        if !matches!(model.fields[fi].kind, Kind::Scalar { .. }) {
            return None;
        }
        through_composite |= rest.is_some();
        out.push(fi);
    }
    Some(if through_composite { None } else { Some(out) })
}
