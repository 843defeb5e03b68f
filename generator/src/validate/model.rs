//! Read-only views of the AST the checks need: models by name, their indexes (field-level and
//! block-level), native types, relation arguments. Nothing here reports diagnostics.

use crate::ast::{Argument, Attribute, Expression, Field, FieldArity, Model, SchemaAst};
use crate::config::Configuration;
use crate::connector::{IndexAlgorithm, ScalarType};
use crate::ir::FastMap as HashMap;
use crate::source::Span;

/// All models and views by name (first definition wins), in source order.
pub struct Models<'a> {
    pub list: Vec<&'a Model>,
    by_name: HashMap<&'a str, usize>,
    /// The datasource name (`db` in `@db.VarChar`).
    pub datasource_name: Option<&'a str>,
    /// [`push_indexes`] of every model of `list`, read once for all checks: `index_defs[index_ranges[i]]`
    /// are those of `list[i]`.
    index_defs: Vec<IndexDef<'a>>,
    index_ranges: Vec<std::ops::Range<usize>>,
}

impl<'a> Models<'a> {
    pub fn new(ast: &'a SchemaAst, config: &'a Configuration) -> Self {
        let mut list = Vec::new();
        let mut by_name = HashMap::default();
        let mut index_defs = Vec::new();
        let mut index_ranges = Vec::new();
        for (_, m) in ast.models() {
            by_name.entry(m.name.name.as_str()).or_insert(list.len());
            list.push(m);
            let start = index_defs.len();
            push_indexes(m, &mut index_defs);
            index_ranges.push(start..index_defs.len());
        }
        // Kept through every check: no room left over from growing.
        index_defs.shrink_to_fit();
        Models {
            list,
            by_name,
            datasource_name: config.datasource().map(|d| d.name.name.as_str()),
            index_defs,
            index_ranges,
        }
    }

    /// How many indexes all models have together.
    pub fn index_count(&self) -> usize {
        self.index_defs.len()
    }

    /// Every model with its indexes ([`push_indexes`]), in source order.
    pub fn with_indexes(&self) -> impl Iterator<Item = (&'a Model, &[IndexDef<'a>])> + '_ {
        self.list.iter().zip(&self.index_ranges).map(|(m, r)| (*m, &self.index_defs[r.clone()]))
    }

    pub fn get(&self, name: &str) -> Option<&'a Model> {
        self.by_name.get(name).and_then(|i| self.list.get(*i)).copied()
    }
}

pub fn attrs<'a>(attributes: &'a [Attribute], name: &'a str) -> impl Iterator<Item = &'a Attribute> + 'a {
    attributes.iter().filter(move |a| a.name.name == name)
}

pub fn field<'a>(model: &'a Model, name: &str) -> Option<&'a Field> {
    model.fields.iter().find(|f| f.name.name == name)
}

pub fn scalar_type(field: &Field) -> Option<ScalarType> {
    ScalarType::from_name(field.field_type.name())
}

/// What kind of index an attribute defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    Id,
    Unique,
    Index,
    Fulltext,
}

/// One field of an index, with its arguments (`a(length: 10, sort: Desc, ops: X)`): a view of the
/// AST (three words), read when asked.
#[derive(Debug, Clone, Copy)]
pub enum IndexField<'a> {
    /// The field of an `@id` or `@unique`, with that attribute (its `length:` and `sort:` are the
    /// field's arguments).
    OnField(&'a Field, &'a Attribute),
    /// An item of a block attribute's field list: `a` or `a(sort: Desc)`.
    Item(&'a Expression),
}

impl<'a> IndexField<'a> {
    pub fn name(&self) -> &'a str {
        match self {
            IndexField::OnField(f, _) => &f.name.name,
            IndexField::Item(Expression::Constant(n, _) | Expression::Function(n, _, _)) => n,
            IndexField::Item(_) => "",
        }
    }

    pub fn span(&self) -> Span {
        match self {
            IndexField::OnField(f, _) => f.name.span,
            IndexField::Item(e) => e.span(),
        }
    }

    fn argument(&self, name: &str) -> Option<&'a Expression> {
        match self {
            IndexField::OnField(_, a) if name != "ops" => a.named(name).map(|x| &x.value),
            IndexField::Item(Expression::Function(_, args, _)) => args.named(name).map(|x| &x.value),
            _ => None,
        }
    }

    pub fn length(&self) -> Option<&'a Expression> {
        self.argument("length")
    }

    pub fn sort(&self) -> Option<&'a Expression> {
        self.argument("sort")
    }

    pub fn ops(&self) -> Option<&'a Expression> {
        self.argument("ops")
    }

    /// Whether the field has arguments: `a(...)` with any, or `@unique(sort:, length:)`.
    pub fn has_args(&self) -> bool {
        match self {
            IndexField::OnField(..) => self.length().is_some() || self.sort().is_some(),
            IndexField::Item(Expression::Function(_, args, _)) => !args.arguments.is_empty(),
            IndexField::Item(_) => false,
        }
    }
}

/// `@id`, `@@id`, `@unique`, `@@unique`, `@@index` or `@@fulltext`.
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub struct IndexDef<'a> {
    pub kind: IndexKind,
    pub attribute: &'a Attribute,
    pub field_level: bool,
    pub fields: IndexFields<'a>,
}

/// The fields of an index: a field-level index has exactly one, kept inline (no allocation).
#[derive(Debug, Clone)]
pub enum IndexFields<'a> {
    One(IndexField<'a>),
    /// The field list of a block attribute, as written: its items that name a field (`a`,
    /// `a(sort: Desc)`) are the index's fields, read when asked (no list per index).
    Many(&'a [Expression]),
}

impl<'a> IndexFields<'a> {
    pub fn iter(&self) -> IndexFieldsIter<'a> {
        match self {
            IndexFields::One(f) => IndexFieldsIter { one: Some(*f), many: [].iter() },
            IndexFields::Many(items) => IndexFieldsIter { one: None, many: items.iter() },
        }
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    pub fn first(&self) -> Option<IndexField<'a>> {
        self.iter().next()
    }
}

/// The fields of an index ([`IndexFields::iter`]).
pub struct IndexFieldsIter<'a> {
    one: Option<IndexField<'a>>,
    many: std::slice::Iter<'a, Expression>,
}

impl<'a> Iterator for IndexFieldsIter<'a> {
    type Item = IndexField<'a>;

    fn next(&mut self) -> Option<IndexField<'a>> {
        if let Some(f) = self.one.take() {
            return Some(f);
        }
        self.many.find(|item| matches!(item, Expression::Constant(..) | Expression::Function(..))).map(IndexField::Item)
    }
}

impl<'a> IntoIterator for &IndexFields<'a> {
    type Item = IndexField<'a>;
    type IntoIter = IndexFieldsIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IndexDef<'a> {
    /// Prisma's name for the attribute in messages (`@id`, `@@index`, ...).
    pub fn attribute_name(&self) -> &'static str {
        match (self.kind, self.field_level) {
            (IndexKind::Id, true) => "@id",
            (IndexKind::Unique, true) => "@unique",
            (IndexKind::Id, false) => "@@id",
            (IndexKind::Unique, false) => "@@unique",
            (IndexKind::Index, _) => "@@index",
            (IndexKind::Fulltext, _) => "@@fulltext",
        }
    }

    pub fn arg(&self, name: &str) -> Option<&'a Argument> {
        self.attribute.named(name)
    }

    /// `clustered: true/false` when given as a boolean.
    pub fn clustered(&self) -> Option<bool> {
        match self.arg("clustered").map(|a| &a.value) {
            Some(Expression::Constant(c, _)) if c == "true" => Some(true),
            Some(Expression::Constant(c, _)) if c == "false" => Some(false),
            _ => None,
        }
    }

    pub fn algorithm(&self) -> Option<(Option<IndexAlgorithm>, Span)> {
        self.arg("type").map(|a| (a.value.as_constant().and_then(IndexAlgorithm::from_name), a.span()))
    }

    /// The indexes of a model in the order Prisma visits them: primary key, field-level uniques,
    /// `@@index`, `@@unique`, `@@fulltext` (each in source order).
    pub fn in_prisma_order<'b>(indexes: &'b [IndexDef<'a>]) -> Vec<&'b IndexDef<'a>> {
        let mut ordered: Vec<&IndexDef<'a>> = indexes.iter().collect();
        ordered.sort_by_key(|i| i.prisma_rank());
        ordered
    }

    /// The rank of this index's kind in [`IndexDef::in_prisma_order`].
    pub fn prisma_rank(&self) -> u8 {
        match self.kind {
            IndexKind::Id => 0,
            IndexKind::Unique if self.field_level => 1,
            IndexKind::Index => 2,
            IndexKind::Unique => 3,
            IndexKind::Fulltext => 4,
        }
    }

    pub fn map(&self) -> Option<&'a str> {
        // `@@index(name: ...)` is a legacy alias of `map:` (resolution refuses both at once); for
        // `@@id` / `@@unique`, `name:` is the client name.
        let map = self.arg("map").or_else(|| (self.kind == IndexKind::Index).then(|| self.arg("name")).flatten());
        map.and_then(|a| a.value.as_string())
    }
}

/// Every index-like attribute of a model: field-level ones first (in field order), then block ones.
/// (Appended to `out`.)
pub(super) fn push_indexes<'a>(model: &'a Model, out: &mut Vec<IndexDef<'a>>) {
    for f in &model.fields {
        for a in &f.attributes {
            let kind = match a.name.name.as_str() {
                "id" => IndexKind::Id,
                "unique" => IndexKind::Unique,
                _ => continue,
            };
            out.push(IndexDef {
                kind,
                attribute: a,
                field_level: true,
                fields: IndexFields::One(IndexField::OnField(f, a)),
            });
        }
    }
    for a in &model.attributes {
        let kind = match a.name.name.as_str() {
            "id" => IndexKind::Id,
            "unique" => IndexKind::Unique,
            "index" => IndexKind::Index,
            "fulltext" => IndexKind::Fulltext,
            _ => continue,
        };
        let list = a.named("fields").or_else(|| a.positional()).map(|x| &x.value);
        let items: &[Expression] = match list {
            Some(Expression::Array(items, _)) => items,
            Some(single) => std::slice::from_ref(single),
            None => &[],
        };
        let fields = IndexFields::Many(items);
        out.push(IndexDef { kind, attribute: a, field_level: false, fields });
    }
}

/// The names of an index's fields.
pub fn field_names<'a>(index: &IndexDef<'a>) -> Vec<&'a str> {
    index.fields.iter().map(|f| f.name()).collect()
}

/// A field's native type attribute (`@db.X(...)`): its type name and attribute.
pub struct NativeTypeAttr<'a> {
    pub name: &'a str,
    pub attribute: &'a Attribute,
}

impl<'a> NativeTypeAttr<'a> {
    /// The raw arguments as written (numbers, constants and strings as their text, without copies).
    pub fn args(&self) -> Vec<std::borrow::Cow<'a, str>> {
        self.attribute
            .arguments
            .arguments
            .iter()
            .map(|arg| match &arg.value {
                Expression::Numeric(v, _) | Expression::Constant(v, _) | Expression::String(v, _) => {
                    std::borrow::Cow::Borrowed(v.as_str())
                }
                other => std::borrow::Cow::Owned(crate::config::render_expression(other)),
            })
            .collect()
    }
}

pub fn native_type<'a>(field: &'a Field, datasource_name: Option<&str>) -> Option<NativeTypeAttr<'a>> {
    // Without a datasource there are no native types. With one, a scoped attribute under another
    // prefix is still the field's native type: Prisma reports the prefix and reads the type.
    datasource_name?;
    field.attributes.iter().find_map(|a| {
        let (_, name) = a.name.name.split_once('.')?;
        Some(NativeTypeAttr { name, attribute: a })
    })
}

/// A relation field's `@relation(...)` arguments.
#[allow(dead_code)]
pub struct RelationArgs<'a> {
    pub attribute: Option<&'a Attribute>,
    pub fields: Vec<&'a str>,
    pub references: Vec<&'a str>,
    pub on_delete: Option<&'a Argument>,
    pub on_update: Option<&'a Argument>,
}

fn names_of(expr: Option<&Expression>) -> Vec<&str> {
    match expr {
        Some(Expression::Array(items, _)) => items.iter().filter_map(|i| i.as_constant()).collect(),
        Some(Expression::Constant(c, _)) => vec![c.as_str()],
        _ => Vec::new(),
    }
}

pub fn relation_args(field: &Field) -> RelationArgs<'_> {
    let attribute = attrs(&field.attributes, "relation").next();
    RelationArgs {
        attribute,
        fields: names_of(attribute.and_then(|a| a.named("fields")).map(|a| &a.value)),
        references: names_of(attribute.and_then(|a| a.named("references")).map(|a| &a.value)),
        on_delete: attribute.and_then(|a| a.named("onDelete")),
        on_update: attribute.and_then(|a| a.named("onUpdate")),
    }
}

/// The model a field points to, when its type is a model or view.
pub fn related_model<'a>(models: &Models<'a>, field: &Field) -> Option<&'a Model> {
    match &field.field_type {
        crate::ast::FieldType::Named(n) => models.get(&n.name),
        _ => None,
    }
}

/// The relation name of a relation field (`@relation("name")` or `@relation(name: "name")`).
pub fn relation_name(field: &Field) -> Option<&str> {
    let attribute = attrs(&field.attributes, "relation").next()?;
    attribute.positional().or_else(|| attribute.named("name")).and_then(|a| a.value.as_string())
}

/// Whether a relation field of `model` has no opposite field: no field of the related model points
/// back under the same relation name (for a self relation, no other field of the model).
pub fn is_one_sided(models: &Models<'_>, model: &Model, field: &Field) -> bool {
    let Some(related) = related_model(models, field) else { return false };
    let name = relation_name(field);
    !related
        .fields
        .iter()
        .any(|g| !std::ptr::eq(g, field) && g.field_type.name() == model.name.name && relation_name(g) == name)
}

pub fn is_list(field: &Field) -> bool {
    field.arity == FieldArity::List
}

/// The database name of a model (`@@map`, or its name) and the `@@map` attribute.
pub fn db_name(model: &Model) -> (&str, Option<&Attribute>) {
    match attrs(&model.attributes, "map").next() {
        Some(a) => (
            a.positional().or_else(|| a.named("name")).and_then(|x| x.value.as_string()).unwrap_or(&model.name.name),
            Some(a),
        ),
        None => (&model.name.name, None),
    }
}

/// The `@@schema("x")` of a block.
pub fn schema_attr(attributes: &[Attribute]) -> Option<(&str, &Attribute)> {
    attrs(attributes, "schema").next().map(|a| (a.positional().and_then(|x| x.value.as_string()).unwrap_or(""), a))
}
