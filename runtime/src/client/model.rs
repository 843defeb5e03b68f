//! The contract between generated code and the query engine.
//!
//! Generated code describes each model once, as `static` metadata ([`ModelMeta`]), and implements [`Model`]
//! (row decoding, reading a column's value back out of a struct). Everything else (SQL, filters, includes,
//! mutations, transactions) is generic code in this crate, so the generated crate stays small.
//!
//! Column and relation references are indexes into the model's `columns` / `relations` slices.

use super::value::{Row, Value};
use super::Result;

/// The storage class of a scalar column. Drives binding, decoding and the SQL of filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    /// `String` (TEXT / VARCHAR / UUID on PostgreSQL when `@db.Uuid`, see [`ColumnMeta::pg_cast`]).
    String,
    /// `Boolean`.
    Bool,
    /// `Int` (i32).
    Int,
    /// `BigInt` (i64).
    BigInt,
    /// `Float` (f64).
    Float,
    /// `Decimal` (rust_decimal). `scale` from `@db.Decimal(p, s)` when known.
    Decimal {
        /// Digits after the point, when the column declares them.
        scale: Option<u32>,
    },
    /// `DateTime` (chrono `DateTime<Utc>`). SQLite stores Unix milliseconds, as Prisma does.
    DateTime,
    /// `Json` (serde_json::Value).
    Json,
    /// `Bytes` (`Vec<u8>`).
    Bytes,
    /// A schema enum; `db_type` is the PostgreSQL enum type name.
    Enum {
        /// The PostgreSQL type name of the enum (`"SubscriptionStatus"`).
        db_type: &'static str,
    },
}

/// A value the client computes before an INSERT when the caller leaves the field out (Prisma applies these
/// in the client, not in the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientDefault {
    /// No client-side default (the database default, if any, applies and is read back with RETURNING).
    None,
    /// `cuid()` (version 1).
    Cuid,
    /// `cuid(2)`.
    Cuid2,
    /// `uuid()` / `uuid(4)`.
    Uuid4,
    /// `uuid(7)`.
    Uuid7,
    /// `ulid()`.
    Ulid,
    /// `nanoid()` / `nanoid(n)`.
    Nanoid(u8),
    /// `now()`.
    Now,
}

/// One scalar column of a model.
#[derive(Debug)]
pub struct ColumnMeta {
    /// Field name in the schema (`createdAt`).
    pub name: &'static str,
    /// Column name in the database (`@map`, else the field name).
    pub db_name: &'static str,
    /// Storage class.
    pub kind: ScalarKind,
    /// `?` in the schema.
    pub nullable: bool,
    /// `[]` in the schema (scalar list, PostgreSQL only).
    pub list: bool,
    /// Value computed by the client when a create leaves the field out.
    pub client_default: ClientDefault,
    /// The column has a database-side default (`autoincrement()`, `dbgenerated(..)`, a literal, `now()`).
    pub has_db_default: bool,
    /// `@updatedAt`: set to now on every create and update.
    pub updated_at: bool,
    /// A cast PostgreSQL needs for a bound text parameter (`"uuid"`, `"inet"`, ...), for native types the
    /// driver cannot bind from a Rust string. `None` for most columns.
    pub pg_cast: Option<&'static str>,
}

/// A unique constraint (or the primary key), with its database name as Prisma names it.
#[derive(Debug)]
pub struct UniqueMeta {
    /// Constraint / index name in the database (`User_email_key`, `User_pkey`).
    pub db_name: &'static str,
    /// Column indexes, in constraint order.
    pub columns: &'static [u16],
}

/// How a relation field reaches its target.
#[derive(Debug)]
pub enum RelationLink {
    /// This model holds the foreign key: `fields` here reference `references` in the target.
    Owned {
        /// FK columns of this model.
        fields: &'static [u16],
        /// Referenced columns of the target.
        references: &'static [u16],
    },
    /// The target holds the foreign key: the target's `fields` reference this model's `references`.
    Inverse {
        /// FK columns of the target model.
        fields: &'static [u16],
        /// Referenced columns of this model.
        references: &'static [u16],
    },
    /// Implicit many-to-many through Prisma's join table (`_AToB` with columns `A` and `B`).
    ManyToMany {
        /// Join table name.
        table: &'static str,
        /// Join column pointing at this model (`"A"` or `"B"`).
        this_column: &'static str,
        /// Join column pointing at the target (`"B"` or `"A"`).
        other_column: &'static str,
        /// Id column of this model referenced by the join table.
        this_id: u16,
        /// Id column of the target referenced by the join table.
        other_id: u16,
    },
}

/// One relation field of a model.
#[derive(Debug)]
pub struct RelationMeta {
    /// Field name in the schema.
    pub name: &'static str,
    /// The target model's metadata.
    pub target: fn() -> &'static ModelMeta,
    /// `[]`: a to-many relation.
    pub many: bool,
    /// `?` on a to-one relation.
    pub optional: bool,
    /// How the relation is stored.
    pub link: RelationLink,
}

/// Everything the engine knows about a model.
#[derive(Debug)]
pub struct ModelMeta {
    /// Model name in the schema (`User`).
    pub name: &'static str,
    /// Table name in the database (`@@map`, else the model name).
    pub table: &'static str,
    /// Scalar columns, in schema order. Rows are always selected in this order.
    pub columns: &'static [ColumnMeta],
    /// Relation fields, in schema order.
    pub relations: &'static [RelationMeta],
    /// Primary key columns.
    pub primary_key: &'static [u16],
    /// Unique constraints other than the primary key (`@unique`, `@@unique`).
    pub uniques: &'static [UniqueMeta],
    /// Name of the primary key constraint (`User_pkey`).
    pub pk_name: &'static str,
}

/// Implemented by the generated struct of every model.
pub trait Model: Sized + Send + 'static {
    /// The model's metadata.
    const META: &'static ModelMeta;
    /// Decodes a row whose first `META.columns.len()` columns are this model's columns, in order.
    fn from_row(row: &Row<'_>) -> Result<Self>;
    /// The value of scalar column `column` (index into `META.columns`).
    fn value(&self, column: u16) -> Value;
}
