//! The resolved schema (IR): names, types, attributes and relations resolved, with typed ids.
//! Built from the AST in passes by [`resolve`], layered like Prisma's `parser-database`:
//!
//! 1. [`names`]: every top and field is named, duplicates are reported;
//! 2. [`types`]: every field type is resolved to a scalar, enum, composite type or model;
//! 3. [`attributes`]: `@id`, `@unique`, `@@index`, `@default`, `@map`, `@relation`... are read;
//! 4. [`relations`]: relation fields are paired into relations, which are then checked.
//!
//! Errors of names or types stop the resolution before attributes (Prisma reads the attributes of
//! the fields it could resolve; see README, "Known difference"). The relation checks are Prisma
//! validations and run apart ([`validate_relations`]). Every emitter reads this IR, never the AST.
//!
//! Read access goes through small walkers: `schema.models()`, `model.scalar_fields()`,
//! `field.column_name()`, `relation.kind()`... The plain data is public too.

mod attributes;
mod cascades;
pub mod codes;
mod names;
pub mod naming;
mod relations;
mod types;

use crate::ast::{FieldArity, SchemaAst};
use crate::config::Configuration;
use crate::connector::{Provider, RelationMode};
use crate::diagnostics::Diagnostics;
use crate::source::Span;

pub use relations::RelationKind;

// ------------------------------------------------------------------------------------------------
// Ids
// ------------------------------------------------------------------------------------------------

/// A model or a view (index in [`Schema::models`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModelId(pub u32);

/// An enum (index in [`Schema::enums`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnumId(pub u32);

/// A composite type (index in [`Schema::composite_types`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CompositeTypeId(pub u32);

/// A relation (index in [`Schema::relations`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationId(pub u32);

/// A field of a model: the model and the field's position in [`Model::fields`] (source order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldId {
    pub model: ModelId,
    pub index: u32,
}

// ------------------------------------------------------------------------------------------------
// Data
// ------------------------------------------------------------------------------------------------

/// The resolved schema.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Models and views, in source order (files in order).
    pub models: Vec<Model>,
    pub enums: Vec<Enum>,
    pub composite_types: Vec<CompositeType>,
    /// Relations, in the order Prisma infers them (by referencing field, in source order).
    pub relations: Vec<Relation>,
    /// The datasource provider, if any.
    pub provider: Option<Provider>,
    pub relation_mode: RelationMode,
    /// The longest identifier the database accepts; default constraint names are cut to it.
    pub max_identifier_length: usize,
    /// True when every pass ran (no early stop on errors).
    pub complete: bool,
}

/// A `model` or `view`.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: crate::ast::Name,
    pub span: Span,
    pub is_view: bool,
    /// `@@map("...")`.
    pub mapped_name: Option<crate::ast::Name>,
    /// `@@schema("...")`.
    pub schema: Option<crate::ast::Name>,
    pub documentation: Option<crate::ast::Name>,
    /// `@@ignore`.
    pub ignored: bool,
    /// Every field, scalar and relation, in source order.
    pub fields: Vec<Field>,
    /// The documentation of the fields that have some: (field index, text), by index (see
    /// [`FieldWalker::documentation`]; kept beside the fields: few have any).
    pub field_docs: Box<[(u32, crate::ast::Name)]>,
    pub primary_key: Option<PrimaryKey>,
    /// `@shardKey` / `@@shardKey` (preview feature `shardKeys`; boxed: rare).
    pub shard_key: Option<Box<ShardKey>>,
    /// `@unique`, `@@unique`, `@@index`, `@@fulltext` in Prisma's order: field-level uniques, then
    /// `@@index`, `@@unique`, `@@fulltext`, each in source order.
    pub indexes: Vec<Index>,
}

/// A field of a model or view.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: crate::ast::Name,
    pub span: Span,
    pub arity: FieldArity,
    /// `@ignore`.
    pub ignored: bool,
    /// `@updatedAt` (scalar fields only; kept here, where it takes no room of its own).
    pub updated_at: bool,
    pub kind: FieldKind,
}

#[derive(Debug, Clone)]
pub enum FieldKind {
    Scalar(ScalarField),
    Relation(Box<RelationField>),
}

/// What a scalar (non-relation) field carries.
#[derive(Debug, Clone)]
pub struct ScalarField {
    pub r#type: ScalarType,
    /// `@map("...")`.
    pub mapped_name: Option<crate::ast::Name>,
    /// `@db.Name(args)`.
    pub native_type: Option<Box<NativeType>>,
    pub default: Option<Box<DefaultValue>>,
}

/// The type of a scalar field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScalarType {
    String,
    Boolean,
    Int,
    BigInt,
    Float,
    Decimal,
    DateTime,
    Json,
    Bytes,
    Enum(EnumId),
    Composite(CompositeTypeId),
    /// `Unsupported("...")`.
    Unsupported(crate::ast::Name),
}

impl From<crate::connector::ScalarType> for ScalarType {
    fn from(t: crate::connector::ScalarType) -> Self {
        use crate::connector::ScalarType as B;
        match t {
            B::String => ScalarType::String,
            B::Boolean => ScalarType::Boolean,
            B::Int => ScalarType::Int,
            B::BigInt => ScalarType::BigInt,
            B::Float => ScalarType::Float,
            B::Decimal => ScalarType::Decimal,
            B::DateTime => ScalarType::DateTime,
            B::Json => ScalarType::Json,
            B::Bytes => ScalarType::Bytes,
        }
    }
}

impl ScalarType {
    /// The built-in scalar type of a name (`String`, `Int`...). The names live in one place:
    /// [`crate::connector::ScalarType`].
    pub fn builtin(name: &str) -> Option<ScalarType> {
        crate::connector::ScalarType::from_name(name).map(ScalarType::from)
    }

    /// The built-in scalar type, if this is one (not an enum, composite or unsupported type).
    pub fn as_builtin(&self) -> Option<crate::connector::ScalarType> {
        use crate::connector::ScalarType as B;
        Some(match self {
            ScalarType::String => B::String,
            ScalarType::Boolean => B::Boolean,
            ScalarType::Int => B::Int,
            ScalarType::BigInt => B::BigInt,
            ScalarType::Float => B::Float,
            ScalarType::Decimal => B::Decimal,
            ScalarType::DateTime => B::DateTime,
            ScalarType::Json => B::Json,
            ScalarType::Bytes => B::Bytes,
            ScalarType::Enum(_) | ScalarType::Composite(_) | ScalarType::Unsupported(_) => return None,
        })
    }

    /// The name of a built-in scalar type; `None` for enums, composite and unsupported types.
    pub fn builtin_name(&self) -> Option<&'static str> {
        self.as_builtin().map(|b| b.name())
    }

    pub fn is_builtin(&self) -> bool {
        self.builtin_name().is_some()
    }

    pub fn is_unsupported(&self) -> bool {
        matches!(self, ScalarType::Unsupported(_))
    }
}

/// `@db.VarChar(255)`: name `VarChar`, args `["255"]` (as written; strings keep their quotes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeType {
    /// The datasource name before the dot (`db`).
    pub scope: crate::ast::Name,
    pub name: crate::ast::Name,
    pub args: Vec<crate::ast::Name>,
    pub span: Span,
}

/// `@default(...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultValue {
    pub value: DefaultExpr,
    /// `map: "..."`: the default constraint's database name (SQL Server).
    pub mapped_name: Option<crate::ast::Name>,
    pub span: Span,
}

/// The value of a `@default`.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultExpr {
    /// A literal of the field's type (list fields: a [`Literal::List`]).
    Literal(Literal),
    /// A generator function.
    Function(DefaultFunction),
}

/// A literal default value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    String(crate::ast::Name),
    /// A number as written (`1`, `-2.5`).
    Number(crate::ast::Name),
    Boolean(bool),
    /// An enum value.
    EnumValue(crate::ast::Name),
    List(Box<[Literal]>),
}

/// A default function, with Prisma's defaults for omitted arguments.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultFunction {
    Autoincrement,
    /// `cuid()` is version 1.
    Cuid(u8),
    /// `uuid()` is version 4.
    Uuid(u8),
    Ulid,
    /// `nanoid()` or `nanoid(length)`.
    Nanoid(Option<u8>),
    Now,
    /// `dbgenerated()` or `dbgenerated("expression")`.
    DbGenerated(Option<crate::ast::Name>),
    /// `sequence(...)` (CockroachDB), arguments as written.
    Sequence(Box<[(Option<crate::ast::Name>, crate::ast::Name)]>),
    /// `auto()` (MongoDB).
    Auto,
    /// A function Prisma does not know at this level (left to the connector).
    Other {
        name: crate::ast::Name,
        args: Box<[crate::ast::Name]>,
    },
}

impl DefaultFunction {
    pub fn name(&self) -> &str {
        match self {
            DefaultFunction::Autoincrement => "autoincrement",
            DefaultFunction::Cuid(_) => "cuid",
            DefaultFunction::Uuid(_) => "uuid",
            DefaultFunction::Ulid => "ulid",
            DefaultFunction::Nanoid(_) => "nanoid",
            DefaultFunction::Now => "now",
            DefaultFunction::DbGenerated(_) => "dbgenerated",
            DefaultFunction::Sequence(_) => "sequence",
            DefaultFunction::Auto => "auto",
            DefaultFunction::Other { name, .. } => name,
        }
    }
}

/// What a relation field carries.
#[derive(Debug, Clone)]
pub struct RelationField {
    pub related_model: ModelId,
    /// The relation this field belongs to (set by the relations pass).
    pub relation: Option<RelationId>,
    /// The `name` argument of `@relation`, when given.
    pub explicit_name: Option<String>,
    /// `fields: [...]` as written (resolved to scalar fields of this model).
    pub fields: Option<Vec<FieldId>>,
    /// `references: [...]` as written (resolved to scalar fields of the related model).
    pub references: Option<Vec<FieldId>>,
    pub on_delete: Option<(ReferentialAction, Span)>,
    pub on_update: Option<(ReferentialAction, Span)>,
    /// `map: "..."`: the foreign key's database name.
    pub mapped_name: Option<crate::ast::Name>,
    /// The span of the `@relation` attribute, if any.
    pub relation_attribute: Option<Span>,
}

impl RelationField {
    /// A relation field to `related_model` with no `@relation` arguments (yet).
    pub fn new(related_model: ModelId) -> Self {
        RelationField {
            related_model,
            relation: None,
            explicit_name: None,
            fields: None,
            references: None,
            on_delete: None,
            on_update: None,
            mapped_name: None,
            relation_attribute: None,
        }
    }
}

/// `onDelete` / `onUpdate` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferentialAction {
    Cascade,
    Restrict,
    NoAction,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ReferentialAction::Cascade => "Cascade",
            ReferentialAction::Restrict => "Restrict",
            ReferentialAction::NoAction => "NoAction",
            ReferentialAction::SetNull => "SetNull",
            ReferentialAction::SetDefault => "SetDefault",
        }
    }

    pub fn from_name(name: &str) -> Option<ReferentialAction> {
        Some(match name {
            "Cascade" => ReferentialAction::Cascade,
            "Restrict" => ReferentialAction::Restrict,
            "NoAction" => ReferentialAction::NoAction,
            "SetNull" => ReferentialAction::SetNull,
            "SetDefault" => ReferentialAction::SetDefault,
            _ => return None,
        })
    }
}

/// The primary key of a model (`@id` or `@@id`).
#[derive(Debug, Clone)]
pub struct PrimaryKey {
    pub fields: Vec<IndexField>,
    /// `@@id(name: "...")`: the client name of a compound id.
    pub name: Option<crate::ast::Name>,
    /// `map: "..."`.
    pub mapped_name: Option<crate::ast::Name>,
    /// The constraint name in the database: `map`, or Prisma's default (`Table_pkey`).
    pub db_name: crate::ast::Name,
    pub clustered: Option<bool>,
    /// True for `@id` on a field, false for `@@id`.
    pub defined_on_field: bool,
    pub span: Span,
}

/// The shard key of a model (`@shardKey` or `@@shardKey`).
#[derive(Debug, Clone)]
pub struct ShardKey {
    pub fields: Vec<FieldId>,
    pub defined_on_field: bool,
    pub span: Span,
}

/// One field of an index, unique constraint or primary key, with its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexField {
    /// The model field (for a composite path, the model field that starts it).
    pub field: FieldId,
    /// For `@@index([a.b.c])`: the composite type fields after the model field `a`.
    pub path: Box<[(CompositeTypeId, u32)]>,
    pub sort_order: Option<SortOrder>,
    pub length: Option<u32>,
    /// Boxed: rare, and every index field would carry it.
    pub operator_class: Option<Box<OperatorClass>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortOrder {
    Asc,
    Desc,
}

/// `ops: JsonbPathOps` or `ops: raw("text_pattern_ops")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorClass {
    /// One of Prisma's named classes, as written (`JsonbPathOps`).
    Named(crate::ast::Name),
    Raw(crate::ast::Name),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexKind {
    /// `@@index`.
    Normal,
    /// `@unique` / `@@unique`.
    Unique,
    /// `@@fulltext`.
    Fulltext,
}

/// `type: ...` of an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexAlgorithm {
    BTree,
    Hash,
    Gist,
    Gin,
    SpGist,
    Brin,
}

impl IndexAlgorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            IndexAlgorithm::BTree => "BTree",
            IndexAlgorithm::Hash => "Hash",
            IndexAlgorithm::Gist => "Gist",
            IndexAlgorithm::Gin => "Gin",
            IndexAlgorithm::SpGist => "SpGist",
            IndexAlgorithm::Brin => "Brin",
        }
    }
}

/// An index or unique constraint.
#[derive(Debug, Clone)]
pub struct Index {
    pub kind: IndexKind,
    pub fields: Vec<IndexField>,
    /// `name: "..."` of `@@unique` (the client name of a compound unique).
    pub name: Option<crate::ast::Name>,
    /// `map: "..."` (or the legacy `name:` of `@@index`).
    pub mapped_name: Option<crate::ast::Name>,
    /// The constraint name in the database: `map`, or Prisma's default (`Table_col_key`/`_idx`).
    pub db_name: crate::ast::Name,
    pub algorithm: Option<IndexAlgorithm>,
    pub clustered: Option<bool>,
    /// True for `@unique` on a field.
    pub defined_on_field: bool,
    pub span: Span,
}

impl Index {
    pub fn is_unique(&self) -> bool {
        self.kind == IndexKind::Unique
    }
}

/// An `enum`.
#[derive(Debug, Clone)]
pub struct Enum {
    pub name: crate::ast::Name,
    pub span: Span,
    /// `@@map("...")`.
    pub mapped_name: Option<crate::ast::Name>,
    /// `@@schema("...")`.
    pub schema: Option<crate::ast::Name>,
    pub documentation: Option<crate::ast::Name>,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub name: crate::ast::Name,
    /// `@map("...")`.
    pub mapped_name: Option<crate::ast::Name>,
    pub documentation: Option<crate::ast::Name>,
    pub span: Span,
}

/// A composite `type`.
#[derive(Debug, Clone)]
pub struct CompositeType {
    pub name: crate::ast::Name,
    pub span: Span,
    pub documentation: Option<crate::ast::Name>,
    pub fields: Vec<CompositeField>,
}

#[derive(Debug, Clone)]
pub struct CompositeField {
    pub name: crate::ast::Name,
    pub span: Span,
    pub arity: FieldArity,
    pub documentation: Option<String>,
    pub r#type: ScalarType,
    pub mapped_name: Option<String>,
    pub native_type: Option<NativeType>,
    pub default: Option<DefaultValue>,
}

/// A relation between two models (see [`RelationKind`] for which side is A).
#[derive(Debug, Clone)]
pub struct Relation {
    pub kind: RelationKind,
    /// The relation name: the explicit `@relation("...")` name, or `AToB` (model names sorted).
    pub name: String,
    pub explicit_name: bool,
    /// 1:1 and 1:n: the referencing model (the one with the foreign key). m:n: the first model by name.
    pub model_a: ModelId,
    pub model_b: ModelId,
    /// The relation field on model A, if present.
    pub field_a: Option<FieldId>,
    /// The relation field on model B, if present.
    pub field_b: Option<FieldId>,
}

// ------------------------------------------------------------------------------------------------
// Walkers
// ------------------------------------------------------------------------------------------------

/// A typed id together with the schema: the read API of the IR.
#[derive(Debug, Clone, Copy)]
pub struct Walker<'a, I> {
    pub schema: &'a Schema,
    pub id: I,
}

impl<I: PartialEq> PartialEq for Walker<'_, I> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

pub type ModelWalker<'a> = Walker<'a, ModelId>;
pub type FieldWalker<'a> = Walker<'a, FieldId>;
pub type EnumWalker<'a> = Walker<'a, EnumId>;
pub type RelationWalker<'a> = Walker<'a, RelationId>;
pub type CompositeTypeWalker<'a> = Walker<'a, CompositeTypeId>;

impl Schema {
    pub fn walk<I>(&self, id: I) -> Walker<'_, I> {
        Walker { schema: self, id }
    }

    /// Models and views, in source order.
    pub fn models(&self) -> impl Iterator<Item = ModelWalker<'_>> + '_ {
        (0..self.models.len() as u32).map(move |i| self.walk(ModelId(i)))
    }

    /// Models only (no views).
    pub fn tables(&self) -> impl Iterator<Item = ModelWalker<'_>> + '_ {
        self.models().filter(|m| !m.is_view())
    }

    pub fn views(&self) -> impl Iterator<Item = ModelWalker<'_>> + '_ {
        self.models().filter(|m| m.is_view())
    }

    pub fn enums(&self) -> impl Iterator<Item = EnumWalker<'_>> + '_ {
        (0..self.enums.len() as u32).map(move |i| self.walk(EnumId(i)))
    }

    pub fn composite_types(&self) -> impl Iterator<Item = CompositeTypeWalker<'_>> + '_ {
        (0..self.composite_types.len() as u32).map(move |i| self.walk(CompositeTypeId(i)))
    }

    pub fn relations(&self) -> impl Iterator<Item = RelationWalker<'_>> + '_ {
        (0..self.relations.len() as u32).map(move |i| self.walk(RelationId(i)))
    }

    pub fn find_model(&self, name: &str) -> Option<ModelWalker<'_>> {
        self.models().find(|m| m.name() == name)
    }

    pub fn find_enum(&self, name: &str) -> Option<EnumWalker<'_>> {
        self.enums().find(|e| e.name() == name)
    }

    pub fn model(&self, id: ModelId) -> &Model {
        &self.models[id.0 as usize]
    }

    pub fn field(&self, id: FieldId) -> &Field {
        &self.models[id.model.0 as usize].fields[id.index as usize]
    }

    pub fn enum_(&self, id: EnumId) -> &Enum {
        &self.enums[id.0 as usize]
    }

    pub fn composite_type(&self, id: CompositeTypeId) -> &CompositeType {
        &self.composite_types[id.0 as usize]
    }

    pub fn relation(&self, id: RelationId) -> &Relation {
        &self.relations[id.0 as usize]
    }
}

impl<'a> ModelWalker<'a> {
    pub fn get(self) -> &'a Model {
        self.schema.model(self.id)
    }

    pub fn name(self) -> &'a str {
        &self.get().name
    }

    /// The `@@map` name, if any.
    pub fn mapped_name(self) -> Option<&'a str> {
        self.get().mapped_name.as_deref()
    }

    /// The table (or view) name in the database.
    pub fn table_name(self) -> &'a str {
        self.mapped_name().unwrap_or(self.name())
    }

    pub fn schema_name(self) -> Option<&'a str> {
        self.get().schema.as_deref()
    }

    pub fn is_view(self) -> bool {
        self.get().is_view
    }

    pub fn is_ignored(self) -> bool {
        self.get().ignored
    }

    pub fn documentation(self) -> Option<&'a str> {
        self.get().documentation.as_deref()
    }

    /// Every field, scalar and relation, in source order.
    pub fn fields(self) -> impl Iterator<Item = FieldWalker<'a>> + 'a {
        let schema = self.schema;
        let model = self.id;
        (0..self.get().fields.len() as u32).map(move |index| schema.walk(FieldId { model, index }))
    }

    pub fn scalar_fields(self) -> impl Iterator<Item = FieldWalker<'a>> + 'a {
        self.fields().filter(|f| f.is_scalar())
    }

    pub fn relation_fields(self) -> impl Iterator<Item = FieldWalker<'a>> + 'a {
        self.fields().filter(|f| f.is_relation())
    }

    pub fn find_field(self, name: &str) -> Option<FieldWalker<'a>> {
        self.fields().find(|f| f.name() == name)
    }

    pub fn primary_key(self) -> Option<&'a PrimaryKey> {
        self.get().primary_key.as_ref()
    }

    pub fn indexes(self) -> impl Iterator<Item = &'a Index> + 'a {
        self.get().indexes.iter()
    }

    /// Unique constraints (`@unique`, `@@unique`).
    pub fn unique_indexes(self) -> impl Iterator<Item = &'a Index> + 'a {
        self.indexes().filter(|i| i.kind == IndexKind::Unique)
    }

    /// Relations whose foreign key is on this model (1:1 and 1:n, this model is A).
    pub fn relations_from(self) -> impl Iterator<Item = RelationWalker<'a>> + 'a {
        let id = self.id;
        self.schema.relations().filter(move |r| r.get().model_a == id && r.kind() != RelationKind::ImplicitManyToMany)
    }

    /// Every relation this model takes part in.
    pub fn relations(self) -> impl Iterator<Item = RelationWalker<'a>> + 'a {
        let id = self.id;
        self.schema.relations().filter(move |r| r.get().model_a == id || r.get().model_b == id)
    }
}

impl<'a> FieldWalker<'a> {
    pub fn get(self) -> &'a Field {
        self.schema.field(self.id)
    }

    pub fn model(self) -> ModelWalker<'a> {
        self.schema.walk(self.id.model)
    }

    pub fn name(self) -> &'a str {
        &self.get().name
    }

    pub fn arity(self) -> FieldArity {
        self.get().arity
    }

    pub fn is_required(self) -> bool {
        self.arity().is_required()
    }

    pub fn is_optional(self) -> bool {
        self.arity().is_optional()
    }

    pub fn is_list(self) -> bool {
        self.arity().is_list()
    }

    pub fn is_ignored(self) -> bool {
        self.get().ignored
    }

    pub fn documentation(self) -> Option<&'a str> {
        crate::ast::field_documentation(&self.model().get().field_docs, self.id.index as usize).map(|d| d.as_str())
    }

    pub fn is_scalar(self) -> bool {
        matches!(self.get().kind, FieldKind::Scalar(_))
    }

    pub fn is_relation(self) -> bool {
        matches!(self.get().kind, FieldKind::Relation(_))
    }

    pub fn as_scalar(self) -> Option<&'a ScalarField> {
        match &self.get().kind {
            FieldKind::Scalar(s) => Some(s),
            FieldKind::Relation(_) => None,
        }
    }

    pub fn as_relation(self) -> Option<&'a RelationField> {
        match &self.get().kind {
            FieldKind::Relation(r) => Some(r),
            FieldKind::Scalar(_) => None,
        }
    }

    /// The scalar type (`None` for relation fields).
    pub fn scalar_type(self) -> Option<&'a ScalarType> {
        self.as_scalar().map(|s| &s.r#type)
    }

    /// The `@map` name, if any.
    pub fn mapped_name(self) -> Option<&'a str> {
        self.as_scalar().and_then(|s| s.mapped_name.as_deref())
    }

    /// The column name in the database.
    pub fn column_name(self) -> &'a str {
        self.mapped_name().unwrap_or(self.name())
    }

    pub fn native_type(self) -> Option<&'a NativeType> {
        self.as_scalar().and_then(|s| s.native_type.as_deref())
    }

    pub fn default_value(self) -> Option<&'a DefaultValue> {
        self.as_scalar().and_then(|s| s.default.as_deref())
    }

    pub fn is_updated_at(self) -> bool {
        self.get().updated_at
    }

    pub fn is_unsupported(self) -> bool {
        self.scalar_type().is_some_and(|t| t.is_unsupported())
    }

    /// `@id` on this field alone, or `@@id([thisField])`.
    pub fn is_single_pk(self) -> bool {
        self.model().primary_key().is_some_and(|pk| {
            pk.fields.len() == 1 && pk.fields.first().is_some_and(|f| f.field == self.id && f.path.is_empty())
        })
    }

    /// Part of the primary key (alone or compound).
    pub fn is_part_of_pk(self) -> bool {
        self.model().primary_key().is_some_and(|pk| pk.fields.iter().any(|f| f.field == self.id))
    }

    /// A unique constraint (or the id) on exactly this field.
    pub fn is_unique(self) -> bool {
        self.is_single_pk()
            || self
                .model()
                .indexes()
                .any(|i| i.is_unique() && i.fields.len() == 1 && i.fields.first().is_some_and(|f| f.field == self.id))
    }

    /// Used in `@relation(fields: [...])` by a relation field of the same model.
    pub fn is_read_only(self) -> bool {
        self.model()
            .relation_fields()
            .any(|rf| rf.as_relation().and_then(|r| r.fields.as_ref()).is_some_and(|fs| fs.contains(&self.id)))
    }

    /// Relation fields: the related model.
    pub fn related_model(self) -> Option<ModelWalker<'a>> {
        self.as_relation().map(|r| self.schema.walk(r.related_model))
    }

    /// Relation fields: the relation.
    pub fn relation(self) -> Option<RelationWalker<'a>> {
        self.as_relation().and_then(|r| r.relation).map(|id| self.schema.walk(id))
    }

    /// Relation fields: the relation name (explicit or generated).
    pub fn relation_name(self) -> Option<&'a str> {
        self.relation().map(|r| r.name())
    }

    /// Relation fields: the scalar fields of `fields: [...]`.
    pub fn referencing_fields(self) -> Option<impl Iterator<Item = FieldWalker<'a>> + 'a> {
        let schema = self.schema;
        self.as_relation().and_then(|r| r.fields.as_ref()).map(move |fs| fs.iter().map(move |f| schema.walk(*f)))
    }

    /// Relation fields: the scalar fields of `references: [...]`.
    pub fn referenced_fields(self) -> Option<impl Iterator<Item = FieldWalker<'a>> + 'a> {
        let schema = self.schema;
        self.as_relation().and_then(|r| r.references.as_ref()).map(move |fs| fs.iter().map(move |f| schema.walk(*f)))
    }
}

impl<'a> EnumWalker<'a> {
    pub fn get(self) -> &'a Enum {
        self.schema.enum_(self.id)
    }

    pub fn name(self) -> &'a str {
        &self.get().name
    }

    /// The type name in the database.
    pub fn db_name(self) -> &'a str {
        self.get().mapped_name.as_deref().unwrap_or(self.name())
    }

    pub fn values(self) -> impl Iterator<Item = &'a EnumValue> + 'a {
        self.get().values.iter()
    }
}

impl EnumValue {
    /// The value in the database.
    pub fn db_name(&self) -> &str {
        self.mapped_name.as_deref().unwrap_or(&self.name)
    }
}

impl<'a> CompositeTypeWalker<'a> {
    pub fn get(self) -> &'a CompositeType {
        self.schema.composite_type(self.id)
    }

    pub fn name(self) -> &'a str {
        &self.get().name
    }
}

impl<'a> RelationWalker<'a> {
    pub fn get(self) -> &'a Relation {
        self.schema.relation(self.id)
    }

    pub fn kind(self) -> RelationKind {
        self.get().kind
    }

    pub fn name(self) -> &'a str {
        &self.get().name
    }

    pub fn is_self_relation(self) -> bool {
        self.get().model_a == self.get().model_b
    }

    pub fn model_a(self) -> ModelWalker<'a> {
        self.schema.walk(self.get().model_a)
    }

    pub fn model_b(self) -> ModelWalker<'a> {
        self.schema.walk(self.get().model_b)
    }

    /// 1:1 and 1:n: the field carrying `fields`/`references` (on model A).
    pub fn forward_field(self) -> Option<FieldWalker<'a>> {
        match self.kind() {
            RelationKind::ImplicitManyToMany | RelationKind::TwoWayEmbeddedManyToMany => None,
            _ => self.get().field_a.map(|f| self.schema.walk(f)),
        }
    }

    /// 1:1 and 1:n: the field on the referenced model.
    pub fn back_field(self) -> Option<FieldWalker<'a>> {
        match self.kind() {
            RelationKind::ImplicitManyToMany | RelationKind::TwoWayEmbeddedManyToMany => None,
            _ => self.get().field_b.map(|f| self.schema.walk(f)),
        }
    }

    pub fn field_a(self) -> Option<FieldWalker<'a>> {
        self.get().field_a.map(|f| self.schema.walk(f))
    }

    pub fn field_b(self) -> Option<FieldWalker<'a>> {
        self.get().field_b.map(|f| self.schema.walk(f))
    }

    /// The model with the foreign key (1:1, 1:n).
    pub fn referencing_model(self) -> ModelWalker<'a> {
        self.model_a()
    }

    /// The model the foreign key points to (1:1, 1:n).
    pub fn referenced_model(self) -> ModelWalker<'a> {
        self.model_b()
    }

    /// 1:1, 1:n: the foreign key's columns (fields of model A).
    pub fn referencing_fields(self) -> Vec<FieldWalker<'a>> {
        self.forward_field().and_then(|f| f.referencing_fields().map(|i| i.collect())).unwrap_or_default()
    }

    /// 1:1, 1:n: the referenced columns (fields of model B).
    pub fn referenced_fields(self) -> Vec<FieldWalker<'a>> {
        self.forward_field().and_then(|f| f.referenced_fields().map(|i| i.collect())).unwrap_or_default()
    }

    pub fn explicit_on_delete(self) -> Option<ReferentialAction> {
        self.forward_field().and_then(|f| f.as_relation()).and_then(|r| r.on_delete).map(|(a, _)| a)
    }

    pub fn explicit_on_update(self) -> Option<ReferentialAction> {
        self.forward_field().and_then(|f| f.as_relation()).and_then(|r| r.on_update).map(|(a, _)| a)
    }

    /// The `onDelete` action in effect: explicit, or Prisma's default (Restrict when a referencing
    /// field is required — NoAction where the database has no Restrict — SetNull otherwise).
    pub fn on_delete(self) -> ReferentialAction {
        if let Some(a) = self.explicit_on_delete() {
            return a;
        }
        let required = self.referencing_fields().iter().any(|f| f.is_required());
        let connector = crate::connector::connector_for(self.schema.provider);
        let action = connector.default_on_delete(required, self.schema.relation_mode);
        ReferentialAction::from_name(action.name()).unwrap_or(ReferentialAction::NoAction)
    }

    /// The `onUpdate` action in effect: explicit, or Cascade.
    pub fn on_update(self) -> ReferentialAction {
        self.explicit_on_update().unwrap_or(ReferentialAction::Cascade)
    }

    /// The foreign key's database name: `map`, or Prisma's default `Table_col1_col2_fkey`.
    pub fn foreign_key_name(self) -> Option<String> {
        let forward = self.forward_field()?;
        if let Some(m) = forward.as_relation().and_then(|r| r.mapped_name.clone()) {
            return Some(m.to_string());
        }
        let cols: Vec<&str> = self.referencing_fields().iter().map(|f| f.column_name()).collect();
        if cols.is_empty() {
            return None;
        }
        Some(naming::foreign_key_name(self.model_a().table_name(), &cols, self.schema.max_identifier_length))
    }

    /// Implicit m:n: the join table name (`_AToB`, or `_` + the relation name).
    pub fn join_table_name(self) -> Option<String> {
        (self.kind() == RelationKind::ImplicitManyToMany).then(|| format!("_{}", self.name()))
    }
}

// ------------------------------------------------------------------------------------------------
// Resolution
// ------------------------------------------------------------------------------------------------

/// Resolves the AST into the IR, reporting what Prisma's resolution reports. The AST is consumed:
/// each block is dropped once its attributes are read, so that a large schema's AST and IR are never
/// both whole in memory.
pub fn resolve(ast: SchemaAst, config: &Configuration, diagnostics: &mut Diagnostics) -> Schema {
    let (schema, later) = resolve_with_findings(ast, config, diagnostics);
    diagnostics.extend(later);
    schema
}

/// [`resolve`], with apart the errors found while resolving that Prisma reports among its
/// validations: they do not stop the validations, and come after theirs (see
/// [`crate::validate_schema`]).
pub fn resolve_with_findings(
    ast: SchemaAst,
    config: &Configuration,
    diagnostics: &mut Diagnostics,
) -> (Schema, Diagnostics) {
    let prepared = prepare(&ast, config, diagnostics);
    resolve_prepared(ast, prepared, diagnostics)
}

/// What resolution's first passes (names, types) found: see [`prepare`].
pub struct Prepared {
    schema: Schema,
    names: names::Names,
    relation_fields: Vec<FieldId>,
    /// Whether these passes reported errors.
    failed: bool,
}

/// Resolution's first passes, names and types, which only read the AST: they can run while the
/// validations read it ([`crate::validate_schema`] does). [`resolve_prepared`] does the rest.
pub fn prepare(ast: &SchemaAst, config: &Configuration, diagnostics: &mut Diagnostics) -> Prepared {
    let provider = config.provider();
    let mut schema = Schema {
        provider,
        relation_mode: config.relation_mode(),
        max_identifier_length: match crate::connector::connector_for(provider).max_identifier_length {
            0 => usize::MAX,
            n => n,
        },
        ..Default::default()
    };
    let errors_before = diagnostics.errors.len();
    let mut names = names::resolve_names(ast, &mut schema, diagnostics);
    // Name errors (duplicates, reserved names) and unknown types do not stop the next passes:
    // Prisma 7 reports an unknown type next to a duplicate name, and the attribute errors of the
    // fields whose types resolved.
    let types = types::resolve_types(ast, &names, &mut schema, diagnostics);
    names.unresolved_fields = types.unresolved;
    let failed = diagnostics.errors.len() > errors_before;
    Prepared { schema, names, relation_fields: types.relation_fields, failed }
}

/// The rest of resolution after [`prepare`] (attributes, relations, default names), consuming the
/// AST, with apart the findings that Prisma reports among its validations.
pub fn resolve_prepared(ast: SchemaAst, prepared: Prepared, diagnostics: &mut Diagnostics) -> (Schema, Diagnostics) {
    let Prepared { mut schema, names, relation_fields, failed } = prepared;
    let errors_before = diagnostics.errors.len();
    let later = attributes::resolve_attributes(ast, &relation_fields, &names, &mut schema, diagnostics);
    if failed || diagnostics.errors.len() > errors_before {
        // Relations are inferred only on a schema whose attributes all resolved.
        return (schema, later);
    }
    relations::infer_relations(&mut schema);
    naming::fill_default_names(&mut schema);
    schema.complete = true;
    (schema, later)
}

/// The relation checks (ambiguous relations, missing opposite fields, fields and references that do
/// not match...). Prisma runs them among its validations, after the configuration is read, and only
/// on a schema with no error so far: callers run this when `diagnostics` has no error
/// ([`crate::validate::finish`] does).
pub fn validate_relations(schema: &Schema, diagnostics: &mut Diagnostics) {
    if let Some(ambiguity) = first_ambiguous_relation(schema) {
        diagnostics.push_error(ambiguity);
        return;
    }
    diagnostics.errors.extend(relations::relations_to_ignored_models(schema));
    relations::relation_loop(schema, diagnostics, Vec::new());
}

/// The first ambiguous relation, if any: one of a model's relation-field checks in Prisma, which
/// stops validating there ([`crate::validate`] puts it in place and drops what follows).
pub fn first_ambiguous_relation(schema: &Schema) -> Option<crate::diagnostics::Diagnostic> {
    relations::first_ambiguous_relation(schema)
}

/// Relation fields pointing to an ignored model without `@ignore`: one of a model's own checks in
/// Prisma (its loop over the model's relation fields), for [`crate::validate`] to order with them.
pub fn relations_to_ignored_models(schema: &Schema) -> Vec<crate::diagnostics::Diagnostic> {
    relations::relations_to_ignored_models(schema)
}

/// Prisma's loop over relations (missing opposite fields, fields and references that do not match,
/// referential-action cycles...), with the relation errors of the validation pipeline (foreign key
/// name clashes, referential actions on required fields, many-to-many rules:
/// [`crate::validate::take_relation_errors`]) put where Prisma reports them: with their relation,
/// after the checks of references and field types. Callers first rule out ambiguous relations
/// ([`first_ambiguous_relation`]).
pub fn validate_relations_with(
    schema: &Schema,
    diagnostics: &mut Diagnostics,
    pipeline: Vec<crate::diagnostics::Diagnostic>,
) {
    relations::relation_loop(schema, diagnostics, pipeline);
}

/// A fast, non-cryptographic hasher (the Fx hash of rustc) for the passes' name tables: keys are
/// schema names, not attacker-chosen in a way that matters for a compiler front end.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(c);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A hash map with [`FxHasher`].
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// The closest name to `name` among `candidates`, if one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let max = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = if c.to_lowercase() == lower { 0 } else { edit_distance(&lower, &c.to_lowercase()) };
        if d <= max && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        let names = ["Workspace", "User", "Post"];
        assert_eq!(did_you_mean("Workspce", names.iter().copied()), Some("Workspace"));
        assert_eq!(did_you_mean("user", names.iter().copied()), Some("User"));
        assert_eq!(did_you_mean("Banana", names.iter().copied()), None);
    }
}
