//! Values, rows and the mapping between Rust types and database columns.
//!
//! Every value written goes through [`DbType::to_value`] and is bound by one function per backend
//! (`bind_sqlite`, [`PgParam`]); every value read goes through [`DbType::decode`] on a [`Row`], which knows the
//! [`ColumnMeta`] of the column. Per-field transforms (encryption at rest, redaction) attach at those points.

use super::model::{ColumnMeta, ScalarKind};
use super::{Error, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A value bound to or read from the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// `Boolean`.
    Bool(bool),
    /// `Int`.
    Int(i32),
    /// `BigInt`.
    BigInt(i64),
    /// `Float`.
    Float(f64),
    /// `Decimal`.
    Decimal(Decimal),
    /// `String` (and enum labels read without metadata).
    String(String),
    /// `DateTime`.
    DateTime(DateTime<Utc>),
    /// `Json`.
    Json(serde_json::Value),
    /// `Bytes`.
    Bytes(Vec<u8>),
    /// A label of a schema enum.
    Enum(&'static str),
    /// A scalar list (PostgreSQL arrays).
    List(Vec<Value>),
}

impl Value {
    /// Whether this is [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Bool(_) => "Bool",
            Value::Int(_) => "Int",
            Value::BigInt(_) => "BigInt",
            Value::Float(_) => "Float",
            Value::Decimal(_) => "Decimal",
            Value::String(_) => "String",
            Value::DateTime(_) => "DateTime",
            Value::Json(_) => "Json",
            Value::Bytes(_) => "Bytes",
            Value::Enum(_) => "Enum",
            Value::List(_) => "List",
        }
    }

    /// The string inside a `String` or `Enum` value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            Value::Enum(s) => Some(s),
            _ => None,
        }
    }

    /// The integer inside an `Int` or `BigInt` value.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(i64::from(*i)),
            Value::BigInt(i) => Some(*i),
            _ => None,
        }
    }

    /// Whether a string inside contains a NUL character (PostgreSQL text cannot hold one).
    pub(crate) fn has_nul(&self) -> bool {
        match self {
            Value::String(s) => s.contains('\0'),
            Value::Enum(s) => s.contains('\0'),
            Value::Json(j) => json_has_nul(j),
            Value::List(items) => items.iter().any(Value::has_nul),
            _ => false,
        }
    }
}

fn json_has_nul(j: &serde_json::Value) -> bool {
    match j {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(a) => a.iter().any(json_has_nul),
        serde_json::Value::Object(o) => o.iter().any(|(k, v)| k.contains('\0') || json_has_nul(v)),
        _ => false,
    }
}

macro_rules! value_from {
    ($($t:ty => $v:ident),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from(x: $t) -> Self { Value::$v(x) }
        }
    )*};
}
value_from!(bool => Bool, i32 => Int, i64 => BigInt, f64 => Float, Decimal => Decimal, String => String,
    DateTime<Utc> => DateTime, serde_json::Value => Json, Vec<u8> => Bytes, Vec<Value> => List);

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

pub(crate) fn decode_error(what: impl std::fmt::Display) -> Error {
    Error::Decode(what.to_string())
}

fn mismatch(expected: &str, got: &Value) -> Error {
    decode_error(format_args!("expected {expected}, found a {} value", got.kind_name()))
}

/// The row being decoded, over the driver's row. Column indexes are relative to the model's columns.
pub struct Row<'a> {
    pub(crate) inner: RowInner<'a>,
    /// Metadata of the selected columns, when known.
    pub(crate) columns: &'a [ColumnMeta],
    /// When only some columns are selected: `picked[i]` is the index in `columns` of result column `i`.
    pub(crate) picked: Option<&'a [u16]>,
}

pub(crate) enum RowInner<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
    /// Values known without reading them back, as `(column, value)` in column order (each is taken when
    /// decoded).
    Values(&'a std::cell::RefCell<Vec<(u16, Value)>>),
}

impl<'a> Row<'a> {
    pub(crate) fn sqlite(row: &'a rusqlite::Row<'a>, columns: &'a [ColumnMeta]) -> Self {
        Row { inner: RowInner::Sqlite(row), columns, picked: None }
    }

    pub(crate) fn pg(row: &'a postgres::Row, columns: &'a [ColumnMeta]) -> Self {
        Row { inner: RowInner::Pg(row), columns, picked: None }
    }

    pub(crate) fn values(values: &'a std::cell::RefCell<Vec<(u16, Value)>>, columns: &'a [ColumnMeta]) -> Self {
        Row { inner: RowInner::Values(values), columns, picked: None }
    }

    /// Decodes column `idx`.
    #[inline]
    pub fn get<T: DbType>(&self, idx: usize) -> Result<T> {
        T::decode(self, idx)
    }

    /// The metadata of column `idx`, when the row belongs to a model query.
    #[inline]
    pub fn column(&self, idx: usize) -> Option<&'a ColumnMeta> {
        match self.picked {
            None => self.columns.get(idx),
            Some(p) => p.get(idx).and_then(|&c| self.columns.get(c as usize)),
        }
    }

    /// The number of columns in the row.
    pub fn len(&self) -> usize {
        match self.inner {
            RowInner::Sqlite(r) => r.as_ref().column_count(),
            RowInner::Pg(r) => r.len(),
            RowInner::Values(v) => v.borrow().len(),
        }
    }

    /// Whether the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether column `idx` is NULL.
    pub fn is_null(&self, idx: usize) -> Result<bool> {
        match self.inner {
            RowInner::Sqlite(r) => Ok(matches!(sqlite_ref(r, idx)?, rusqlite::types::ValueRef::Null)),
            RowInner::Pg(r) => {
                Ok(r.try_get::<_, IsNull>(idx).map_err(|e| decode_error(format_args!("column {idx}: {e}")))?.0)
            }
            RowInner::Values(v) => Ok(v.borrow().get(idx).is_none_or(|(_, v)| v.is_null())),
        }
    }

    /// Column `idx` as a [`Value`], decoded by the column's metadata when known, else by its database type.
    pub fn value(&self, idx: usize) -> Result<Value> {
        match self.inner {
            RowInner::Sqlite(r) => {
                let v = sqlite_ref(r, idx)?;
                Ok(sqlite_value(v, self.column(idx).map(|c| c.kind), None))
            }
            RowInner::Pg(r) => {
                r.try_get::<_, PgAny>(idx).map(|v| v.0).map_err(|e| decode_error(format_args!("column {idx}: {e}")))
            }
            RowInner::Values(v) => take_value(v, idx),
        }
    }
}

/// Column `idx` of a row of values, taken out (each column is read once).
#[inline]
fn take_value(values: &std::cell::RefCell<Vec<(u16, Value)>>, idx: usize) -> Result<Value> {
    match values.borrow_mut().get_mut(idx) {
        Some((_, slot)) => Ok(std::mem::replace(slot, Value::Null)),
        None => Err(decode_error(format_args!("no column {idx}"))),
    }
}

#[inline]
fn sqlite_ref<'r>(row: &'r rusqlite::Row<'_>, idx: usize) -> Result<rusqlite::types::ValueRef<'r>> {
    row.get_ref(idx).map_err(|e| decode_error(format_args!("column {idx}: {e}")))
}

/// A SQLite value as a [`Value`]: by the column's kind when known, else by the declared type, else by storage class.
pub(crate) fn sqlite_value(v: rusqlite::types::ValueRef<'_>, kind: Option<ScalarKind>, decl: Option<&str>) -> Value {
    use rusqlite::types::ValueRef as V;
    let kind = kind.or_else(|| {
        let decl = decl?.to_ascii_uppercase();
        if decl.starts_with("DATETIME") || decl.starts_with("TIMESTAMP") || decl == "DATE" {
            Some(ScalarKind::DateTime)
        } else if decl.starts_with("BOOL") {
            Some(ScalarKind::Bool)
        } else if decl.starts_with("DECIMAL") || decl.starts_with("NUMERIC") {
            Some(ScalarKind::Decimal { scale: None })
        } else if decl.starts_with("JSON") {
            Some(ScalarKind::Json)
        } else {
            None
        }
    });
    match (v, kind) {
        (V::Null, _) => Value::Null,
        (V::Integer(i), Some(ScalarKind::Bool)) => Value::Bool(i != 0),
        (V::Integer(i), Some(ScalarKind::Int)) => i32::try_from(i).map_or(Value::BigInt(i), Value::Int),
        (V::Integer(i), Some(ScalarKind::DateTime)) => {
            DateTime::from_timestamp_millis(i).map_or(Value::BigInt(i), Value::DateTime)
        }
        (V::Integer(i), Some(ScalarKind::Decimal { .. })) => Value::Decimal(Decimal::from(i)),
        (V::Integer(i), Some(ScalarKind::Float)) => Value::Float(i as f64),
        (V::Integer(i), _) => Value::BigInt(i),
        (V::Real(f), Some(ScalarKind::Decimal { scale })) => {
            decimal_from_f64(f, scale).map_or(Value::Float(f), Value::Decimal)
        }
        (V::Real(f), _) => Value::Float(f),
        (V::Text(t), kind) => {
            let s = String::from_utf8_lossy(t);
            match kind {
                Some(ScalarKind::DateTime) => match parse_datetime(&s) {
                    Some(d) => Value::DateTime(d),
                    None => Value::String(s.into_owned()),
                },
                Some(ScalarKind::Decimal { scale }) => match parse_decimal(&s, scale) {
                    Some(d) => Value::Decimal(d),
                    None => Value::String(s.into_owned()),
                },
                Some(ScalarKind::Json) => match serde_json::from_str(&s) {
                    Ok(j) => Value::Json(j),
                    Err(_) => Value::String(s.into_owned()),
                },
                _ => Value::String(s.into_owned()),
            }
        }
        (V::Blob(b), _) => Value::Bytes(b.to_vec()),
    }
}

/// Parses a decimal written in plain or scientific notation, rescaled to `scale` when given.
pub(crate) fn parse_decimal(s: &str, scale: Option<u32>) -> Option<Decimal> {
    let s = s.trim();
    let d = Decimal::from_str(s).or_else(|_| Decimal::from_scientific(s)).ok()?;
    Some(rescale(d, scale))
}

/// A REAL read back as the decimal it was written as: Rust's shortest round-trip formatting, then parsed.
pub(crate) fn decimal_from_f64(f: f64, scale: Option<u32>) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    parse_decimal(&format!("{f}"), scale)
}

fn rescale(mut d: Decimal, scale: Option<u32>) -> Decimal {
    if let Some(s) = scale {
        if d.scale() < s {
            d.rescale(s);
        } else if d.scale() > s {
            d = d.round_dp(s);
            d.rescale(s);
        }
    }
    d
}

/// Parses what SQLite may hold for a date-time: RFC 3339, `YYYY-MM-DD HH:MM:SS[.fff]`, `YYYY-MM-DD`, or
/// Unix milliseconds.
pub(crate) fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(n.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|n| n.and_utc());
    }
    s.parse::<i64>().ok().and_then(DateTime::from_timestamp_millis)
}

/// A Rust type stored in a column.
///
/// Implemented for `String, bool, i32, i64, f64, Decimal, DateTime<Utc>, serde_json::Value, Vec<u8>`,
/// `Option<T>`, `Vec<T>` (scalar lists) and, through [`enum_db_type!`](crate::enum_db_type), every schema enum.
pub trait DbType: Sized {
    /// Decodes column `idx` of a row.
    fn decode(row: &Row<'_>, idx: usize) -> Result<Self> {
        let v = row.value(idx)?;
        Self::from_value(v).map_err(|e| column_error(row, idx, e))
    }
    /// The value to bind.
    fn to_value(&self) -> Value;
    /// The value to bind, without copying (strings, bytes, JSON move into the value).
    fn into_value(self) -> Value {
        self.to_value()
    }
    /// Converts a decoded value (lenient: numbers widen, Unix milliseconds become date-times, ...).
    fn from_value(v: Value) -> Result<Self>;
    /// Decodes a non-NULL SQLite value already read from column `idx` of `row` (so that `Option<T>` reads a
    /// column once). Implemented by the scalar types; the default reads the column again.
    #[doc(hidden)]
    #[inline]
    fn decode_sqlite(_v: SqliteRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        Self::decode(row, idx)
    }
    /// Converts the non-NULL value of column `idx` of `row`, already taken out of a row of known values.
    #[doc(hidden)]
    #[inline]
    fn decode_value(v: Value, row: &Row<'_>, idx: usize) -> Result<Self> {
        Self::from_value(v).map_err(|e| column_error(row, idx, e))
    }
    /// Decodes a non-NULL PostgreSQL value of column `idx` of `row` from its binary form. Implemented by the
    /// scalar types for the column types they are stored as; the default goes through [`Value`].
    #[doc(hidden)]
    #[inline]
    fn decode_pg(v: PgRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        pg_fallback(v, row, idx)
    }
}

/// A non-NULL PostgreSQL value as the driver hands it out: the column's type and the value's binary form.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct PgRef<'a> {
    ty: &'a Type,
    raw: &'a [u8],
}

/// The raw bytes of a PostgreSQL column (`None` for NULL), for any type.
struct PgBytes<'a>(Option<&'a [u8]>);

impl<'a> FromSql<'a> for PgBytes<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(PgBytes(Some(raw)))
    }
    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(PgBytes(None))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Column `idx` of a PostgreSQL row: `None` when NULL.
#[inline(always)]
fn pg_ref<'r>(row: &'r postgres::Row, idx: usize) -> Result<Option<PgRef<'r>>> {
    let raw = row.try_get::<_, PgBytes<'r>>(idx).map_err(|e| decode_error(format_args!("column {idx}: {e}")))?;
    // `try_get` checked the index.
    Ok(raw.0.map(|raw| PgRef { ty: row.columns()[idx].type_(), raw }))
}

/// Decodes a PostgreSQL value the fast paths do not handle: through [`Value`], by the value's type.
#[cold]
fn pg_fallback<T: DbType>(v: PgRef<'_>, row: &Row<'_>, idx: usize) -> Result<T> {
    let value = PgAny::from_sql(v.ty, v.raw).map_err(|e| column_error(row, idx, decode_error(e)))?.0;
    T::decode_value(value, row, idx)
}

/// A PostgreSQL text value (text, varchar, enum labels).
#[inline]
fn pg_str<'a>(v: PgRef<'a>, row: &Row<'_>, idx: usize) -> Result<Option<&'a str>> {
    let text =
        matches!(*v.ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME) || matches!(v.ty.kind(), Kind::Enum(_));
    if !text {
        return Ok(None);
    }
    std::str::from_utf8(v.raw).map(Some).map_err(|e| column_error(row, idx, decode_error(e)))
}

/// Decodes a PostgreSQL value of the type `ty` with `postgres`'s own decoder; other types go through [`Value`].
#[inline]
fn pg_typed<'a, T: DbType, D: FromSql<'a>>(
    v: PgRef<'a>,
    row: &Row<'_>,
    idx: usize,
    ty: Type,
    f: impl FnOnce(D) -> T,
) -> Result<T> {
    if *v.ty == ty {
        D::from_sql(v.ty, v.raw).map(f).map_err(|e| column_error(row, idx, decode_error(e)))
    } else {
        pg_fallback(v, row, idx)
    }
}

/// A SQLite value as the driver hands it out (borrowed from the current row).
#[doc(hidden)]
pub type SqliteRef<'a> = rusqlite::types::ValueRef<'a>;

/// Decodes a SQLite value the fast paths do not handle: through [`Value`], by the column's metadata.
#[cold]
fn sqlite_fallback<T: DbType>(v: SqliteRef<'_>, row: &Row<'_>, idx: usize) -> Result<T> {
    let kind = row.column(idx).map(|c| c.kind);
    T::from_value(sqlite_value(v, kind, None)).map_err(|e| column_error(row, idx, e))
}

/// `decode` of the scalar types, which implement `decode_sqlite` and `decode_pg`: the column is read once and
/// decoded directly. (Not the trait's default: `decode_sqlite`'s default calls `decode`.)
#[inline]
fn decode_scalar<T: DbType>(row: &Row<'_>, idx: usize) -> Result<T> {
    match row.inner {
        RowInner::Sqlite(r) => T::decode_sqlite(sqlite_ref(r, idx)?, row, idx),
        RowInner::Pg(r) => match pg_ref(r, idx)? {
            Some(v) => T::decode_pg(v, row, idx),
            None => T::from_value(Value::Null).map_err(|e| column_error(row, idx, e)),
        },
        RowInner::Values(v) => {
            let v = take_value(v, idx)?;
            T::from_value(v).map_err(|e| column_error(row, idx, e))
        }
    }
}

fn column_error(row: &Row<'_>, idx: usize, e: Error) -> Error {
    match (row.column(idx), e) {
        (Some(c), Error::Decode(m)) => decode_error(format_args!("column `{}`: {m}", c.name)),
        (_, e) => e,
    }
}

/// A non-nullable scalar type a field can have (the `T` of `Field<M, T>` or `Field<M, Option<T>>`).
pub trait Scalar: DbType {}

/// A type with an order: `lt / lte / gt / gte` are available on its fields.
pub trait Ordered: Scalar {}

/// A number: `increment / decrement / multiply / divide` and `sum / avg` are available on its fields.
pub trait Numeric: Ordered {
    /// The type of `sum` over the field.
    type Sum: DbType;
    /// The type of `avg` over the field.
    type Avg: DbType;
}

/// A schema enum stored as its label (a PostgreSQL enum type, TEXT on SQLite).
pub trait DbEnum: Sized + Copy + 'static {
    /// The label in the database (`@map` value if any).
    fn as_str(&self) -> &'static str;
    /// The variant of a label.
    fn from_db(s: &str) -> Option<Self>;
}

/// Decodes an enum column (used by [`enum_db_type!`](crate::enum_db_type)).
#[doc(hidden)]
pub fn decode_enum<E: DbEnum>(row: &Row<'_>, idx: usize) -> Result<E> {
    match row.inner {
        RowInner::Sqlite(r) => decode_enum_sqlite(sqlite_ref(r, idx)?, row, idx),
        RowInner::Pg(r) => match pg_ref(r, idx)? {
            Some(v) => decode_enum_pg(v, row, idx),
            None => enum_from_value(Value::Null),
        },
        RowInner::Values(v) => enum_from_value(take_value(v, idx)?),
    }
}

/// Decodes an enum from a SQLite value already read (used by [`enum_db_type!`](crate::enum_db_type)).
#[doc(hidden)]
#[inline]
pub fn decode_enum_sqlite<E: DbEnum>(v: SqliteRef<'_>, row: &Row<'_>, idx: usize) -> Result<E> {
    match v {
        rusqlite::types::ValueRef::Text(t) => {
            let s = std::str::from_utf8(t).map_err(decode_error)?;
            E::from_db(s).ok_or_else(|| decode_error(format_args!("unknown enum label `{s}`")))
        }
        other => Err(column_error(row, idx, mismatch("an enum label", &sqlite_value(other, None, None)))),
    }
}

/// Decodes an enum from a non-NULL PostgreSQL value (used by [`enum_db_type!`](crate::enum_db_type)).
#[doc(hidden)]
#[inline]
pub fn decode_enum_pg<E: DbEnum>(v: PgRef<'_>, row: &Row<'_>, idx: usize) -> Result<E> {
    match pg_str(v, row, idx)? {
        Some(s) => E::from_db(s).ok_or_else(|| decode_error(format_args!("unknown enum label `{s}`"))),
        None => pg_fallback::<Enumerated<E>>(v, row, idx).map(|e| e.0),
    }
}

/// An enum decoded through [`Value`] (the fallback of [`decode_enum_pg`]).
struct Enumerated<E>(E);

impl<E: DbEnum> DbType for Enumerated<E> {
    fn to_value(&self) -> Value {
        Value::Enum(self.0.as_str())
    }
    fn from_value(v: Value) -> Result<Self> {
        enum_from_value(v).map(Enumerated)
    }
}

/// Converts a value to an enum (used by [`enum_db_type!`](crate::enum_db_type)).
#[doc(hidden)]
pub fn enum_from_value<E: DbEnum>(v: Value) -> Result<E> {
    match v.as_str() {
        Some(s) => E::from_db(s).ok_or_else(|| decode_error(format_args!("unknown enum label `{s}`"))),
        None => Err(mismatch("an enum label", &v)),
    }
}

/// Implements [`DbType`] (and the field capabilities) for a schema enum that implements [`DbEnum`].
///
/// ```
/// use schemagen_runtime::client as rt;
/// #[derive(Debug, Clone, Copy, PartialEq)]
/// enum Role { User, Admin }
/// impl rt::DbEnum for Role {
///     fn as_str(&self) -> &'static str { match self { Role::User => "USER", Role::Admin => "ADMIN" } }
///     fn from_db(s: &str) -> Option<Self> { match s { "USER" => Some(Role::User), "ADMIN" => Some(Role::Admin), _ => None } }
/// }
/// rt::enum_db_type!(Role);
/// assert_eq!(rt::DbType::to_value(&Role::Admin), rt::Value::Enum("ADMIN"));
/// ```
#[macro_export]
macro_rules! enum_db_type {
    ($t:ty) => {
        impl $crate::client::DbType for $t {
            fn decode(row: &$crate::client::Row<'_>, idx: usize) -> $crate::client::Result<Self> {
                $crate::client::decode_enum(row, idx)
            }
            fn to_value(&self) -> $crate::client::Value {
                $crate::client::Value::Enum($crate::client::DbEnum::as_str(self))
            }
            fn from_value(v: $crate::client::Value) -> $crate::client::Result<Self> {
                $crate::client::enum_from_value(v)
            }
            #[inline]
            fn decode_sqlite(
                v: $crate::client::value::SqliteRef<'_>,
                row: &$crate::client::Row<'_>,
                idx: usize,
            ) -> $crate::client::Result<Self> {
                $crate::client::value::decode_enum_sqlite(v, row, idx)
            }
            #[inline]
            fn decode_pg(
                v: $crate::client::value::PgRef<'_>,
                row: &$crate::client::Row<'_>,
                idx: usize,
            ) -> $crate::client::Result<Self> {
                $crate::client::value::decode_enum_pg(v, row, idx)
            }
        }
        impl $crate::client::Scalar for $t {}
    };
}

// ---- the scalar types ----

impl DbType for String {
    #[inline]
    fn decode(row: &Row<'_>, idx: usize) -> Result<Self> {
        decode_scalar(row, idx)
    }
    #[inline]
    fn decode_sqlite(v: SqliteRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Text(t) => {
                String::from_utf8(t.to_vec()).map_err(|e| column_error(row, idx, decode_error(e)))
            }
            v => sqlite_fallback(v, row, idx),
        }
    }
    #[inline]
    fn decode_pg(v: PgRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        match pg_str(v, row, idx)? {
            Some(s) => Ok(s.to_owned()),
            None => pg_fallback(v, row, idx),
        }
    }
    fn to_value(&self) -> Value {
        Value::String(self.clone())
    }
    fn into_value(self) -> Value {
        Value::String(self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::String(s) => Ok(s),
            Value::Enum(s) => Ok(s.to_owned()),
            Value::Int(i) => Ok(i.to_string()),
            Value::BigInt(i) => Ok(i.to_string()),
            Value::Decimal(d) => Ok(d.to_string()),
            other => Err(mismatch("a string", &other)),
        }
    }
}
impl Scalar for String {}
impl Ordered for String {}

impl DbType for bool {
    #[inline]
    fn decode(row: &Row<'_>, idx: usize) -> Result<Self> {
        decode_scalar(row, idx)
    }
    #[inline]
    fn decode_sqlite(v: SqliteRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Integer(i) => Ok(i != 0),
            v => sqlite_fallback(v, row, idx),
        }
    }
    #[inline]
    fn decode_pg(v: PgRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        pg_typed(v, row, idx, Type::BOOL, |b: bool| b)
    }
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Bool(b) => Ok(b),
            Value::Int(i) => Ok(i != 0),
            Value::BigInt(i) => Ok(i != 0),
            other => Err(mismatch("a boolean", &other)),
        }
    }
}
impl Scalar for bool {}

fn int_from_value<T: TryFrom<i64>>(v: Value, what: &str) -> Result<T> {
    let i = match v {
        Value::Int(i) => i64::from(i),
        Value::BigInt(i) => i,
        Value::Bool(b) => i64::from(b),
        Value::Decimal(d) if d.fract().is_zero() => {
            i64::try_from(d).map_err(|_| decode_error(format_args!("{d} is out of range for {what}")))?
        }
        Value::Float(f) if f.fract() == 0.0 && f >= i64::MIN as f64 && f <= i64::MAX as f64 => f as i64,
        other => return Err(mismatch(what, &other)),
    };
    T::try_from(i).map_err(|_| decode_error(format_args!("{i} is out of range for {what}")))
}

impl DbType for i32 {
    #[inline]
    fn decode(row: &Row<'_>, idx: usize) -> Result<Self> {
        decode_scalar(row, idx)
    }
    #[inline]
    fn decode_sqlite(v: SqliteRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Integer(i) => {
                i32::try_from(i).map_err(|_| column_error(row, idx, decode_error("out of range for Int")))
            }
            v => sqlite_fallback(v, row, idx),
        }
    }
    #[inline]
    fn decode_pg(v: PgRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        pg_typed(v, row, idx, Type::INT4, |i: i32| i)
    }
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
    fn from_value(v: Value) -> Result<Self> {
        int_from_value(v, "an Int (i32)")
    }
}
impl Scalar for i32 {}
impl Ordered for i32 {}
impl Numeric for i32 {
    type Sum = i64;
    type Avg = f64;
}

impl DbType for i64 {
    #[inline]
    fn decode(row: &Row<'_>, idx: usize) -> Result<Self> {
        decode_scalar(row, idx)
    }
    #[inline]
    fn decode_sqlite(v: SqliteRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Integer(i) => Ok(i),
            v => sqlite_fallback(v, row, idx),
        }
    }
    #[inline]
    fn decode_pg(v: PgRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        pg_typed(v, row, idx, Type::INT8, |i: i64| i)
    }
    fn to_value(&self) -> Value {
        Value::BigInt(*self)
    }
    fn from_value(v: Value) -> Result<Self> {
        int_from_value(v, "a BigInt (i64)")
    }
}
impl Scalar for i64 {}
impl Ordered for i64 {}
impl Numeric for i64 {
    type Sum = i64;
    type Avg = f64;
}

impl DbType for f64 {
    #[inline]
    fn decode(row: &Row<'_>, idx: usize) -> Result<Self> {
        match row.inner {
            RowInner::Pg(r) => match pg_ref(r, idx)? {
                Some(v) => Self::decode_pg(v, row, idx),
                None => Self::from_value(Value::Null).map_err(|e| column_error(row, idx, e)),
            },
            _ => Self::from_value(row.value(idx)?).map_err(|e| column_error(row, idx, e)),
        }
    }
    #[inline]
    fn decode_pg(v: PgRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        pg_typed(v, row, idx, Type::FLOAT8, |f: f64| f)
    }
    fn to_value(&self) -> Value {
        Value::Float(*self)
    }
    fn from_value(v: Value) -> Result<Self> {
        use rust_decimal::prelude::ToPrimitive;
        match v {
            Value::Float(f) => Ok(f),
            Value::Int(i) => Ok(f64::from(i)),
            Value::BigInt(i) => Ok(i as f64),
            Value::Decimal(d) => d.to_f64().ok_or_else(|| decode_error("decimal out of range for f64")),
            other => Err(mismatch("a Float (f64)", &other)),
        }
    }
}
impl Scalar for f64 {}
impl Ordered for f64 {}
impl Numeric for f64 {
    type Sum = f64;
    type Avg = f64;
}

impl DbType for Decimal {
    fn decode(row: &Row<'_>, idx: usize) -> Result<Self> {
        let scale = match row.column(idx).map(|c| c.kind) {
            Some(ScalarKind::Decimal { scale }) => scale,
            _ => None,
        };
        if let RowInner::Sqlite(r) = row.inner {
            if let rusqlite::types::ValueRef::Integer(i) = sqlite_ref(r, idx)? {
                return Ok(rescale(Decimal::from(i), scale));
            }
        }
        let v = row.value(idx)?;
        let d = Self::from_value(v).map_err(|e| column_error(row, idx, e))?;
        Ok(rescale(d, scale))
    }
    fn decode_value(v: Value, row: &Row<'_>, idx: usize) -> Result<Self> {
        let scale = match row.column(idx).map(|c| c.kind) {
            Some(ScalarKind::Decimal { scale }) => scale,
            _ => None,
        };
        let d = Self::from_value(v).map_err(|e| column_error(row, idx, e))?;
        Ok(rescale(d, scale))
    }
    fn to_value(&self) -> Value {
        Value::Decimal(*self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Decimal(d) => Ok(d),
            Value::Int(i) => Ok(Decimal::from(i)),
            Value::BigInt(i) => Ok(Decimal::from(i)),
            Value::Float(f) => {
                decimal_from_f64(f, None).ok_or_else(|| decode_error(format_args!("{f} is not a decimal")))
            }
            Value::String(s) => {
                parse_decimal(&s, None).ok_or_else(|| decode_error(format_args!("`{s}` is not a decimal")))
            }
            other => Err(mismatch("a Decimal", &other)),
        }
    }
}
impl Scalar for Decimal {}
impl Ordered for Decimal {}
impl Numeric for Decimal {
    type Sum = Decimal;
    type Avg = Decimal;
}

impl DbType for DateTime<Utc> {
    #[inline]
    fn decode(row: &Row<'_>, idx: usize) -> Result<Self> {
        decode_scalar(row, idx)
    }
    #[inline]
    fn decode_sqlite(v: SqliteRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Integer(ms) => DateTime::from_timestamp_millis(ms)
                .ok_or_else(|| column_error(row, idx, decode_error("date-time out of range"))),
            v => sqlite_fallback(v, row, idx),
        }
    }
    #[inline]
    fn decode_pg(v: PgRef<'_>, row: &Row<'_>, idx: usize) -> Result<Self> {
        pg_typed(v, row, idx, Type::TIMESTAMP, |d: NaiveDateTime| d.and_utc())
    }
    fn to_value(&self) -> Value {
        Value::DateTime(*self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::DateTime(d) => Ok(d),
            Value::BigInt(ms) => {
                DateTime::from_timestamp_millis(ms).ok_or_else(|| decode_error("date-time out of range"))
            }
            Value::Int(ms) => {
                DateTime::from_timestamp_millis(i64::from(ms)).ok_or_else(|| decode_error("date-time out of range"))
            }
            Value::Float(ms) => {
                DateTime::from_timestamp_millis(ms as i64).ok_or_else(|| decode_error("date-time out of range"))
            }
            Value::String(s) => {
                parse_datetime(&s).ok_or_else(|| decode_error(format_args!("`{s}` is not a date-time")))
            }
            other => Err(mismatch("a DateTime", &other)),
        }
    }
}
impl Scalar for DateTime<Utc> {}
impl Ordered for DateTime<Utc> {}

impl DbType for serde_json::Value {
    fn to_value(&self) -> Value {
        Value::Json(self.clone())
    }
    fn into_value(self) -> Value {
        Value::Json(self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Json(j) => Ok(j),
            Value::String(s) => serde_json::from_str(&s).map_err(|e| decode_error(format_args!("invalid JSON: {e}"))),
            Value::Bytes(b) => serde_json::from_slice(&b).map_err(|e| decode_error(format_args!("invalid JSON: {e}"))),
            other => Err(mismatch("JSON", &other)),
        }
    }
}
impl Scalar for serde_json::Value {}

impl DbType for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Bytes(self.clone())
    }
    fn into_value(self) -> Value {
        Value::Bytes(self)
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Bytes(b) => Ok(b),
            Value::String(s) => Ok(s.into_bytes()),
            other => Err(mismatch("bytes", &other)),
        }
    }
}
impl Scalar for Vec<u8> {}

impl<T: DbType> DbType for Option<T> {
    #[inline]
    fn decode(row: &Row<'_>, idx: usize) -> Result<Self> {
        if let RowInner::Sqlite(r) = row.inner {
            return match sqlite_ref(r, idx)? {
                rusqlite::types::ValueRef::Null => Ok(None),
                v => T::decode_sqlite(v, row, idx).map(Some),
            };
        }
        if let RowInner::Values(v) = row.inner {
            return match take_value(v, idx)? {
                Value::Null => Ok(None),
                v => T::decode_value(v, row, idx).map(Some),
            };
        }
        if let RowInner::Pg(r) = row.inner {
            return match pg_ref(r, idx)? {
                None => Ok(None),
                Some(v) => T::decode_pg(v, row, idx).map(Some),
            };
        }
        if row.is_null(idx)? {
            Ok(None)
        } else {
            T::decode(row, idx).map(Some)
        }
    }
    fn to_value(&self) -> Value {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
    fn into_value(self) -> Value {
        match self {
            Some(v) => v.into_value(),
            None => Value::Null,
        }
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// Scalar lists (`String[]`, `Int[]`, ...): PostgreSQL arrays.
impl<T: Scalar> DbType for Vec<T> {
    fn to_value(&self) -> Value {
        Value::List(self.iter().map(DbType::to_value).collect())
    }
    fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::List(items) => items.into_iter().map(T::from_value).collect(),
            Value::Json(serde_json::Value::Array(items)) => {
                items.into_iter().map(|j| T::from_value(json_scalar(j))).collect()
            }
            Value::String(s) => match serde_json::from_str::<serde_json::Value>(&s) {
                Ok(serde_json::Value::Array(items)) => {
                    items.into_iter().map(|j| T::from_value(json_scalar(j))).collect()
                }
                _ => Err(decode_error("expected a list")),
            },
            other => Err(mismatch("a list", &other)),
        }
    }
}
impl<T: Scalar> Scalar for Vec<T> {}

fn json_scalar(j: serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::BigInt(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::String(s),
        other => Value::Json(other),
    }
}

// ---- binding ----

/// A value bound to a SQLite statement.
pub(crate) struct SqliteParam<'a>(pub(crate) &'a Value);

impl rusqlite::ToSql for SqliteParam<'_> {
    #[inline]
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput as O, Value as SV, ValueRef as R};
        Ok(match self.0 {
            Value::Null => O::Borrowed(R::Null),
            Value::Bool(b) => O::Owned(SV::Integer(i64::from(*b))),
            Value::Int(i) => O::Owned(SV::Integer(i64::from(*i))),
            Value::BigInt(i) => O::Owned(SV::Integer(*i)),
            Value::Float(f) => O::Owned(SV::Real(*f)),
            Value::Decimal(d) => O::Owned(SV::Text(d.to_string())),
            Value::String(s) => O::Borrowed(R::Text(s.as_bytes())),
            Value::DateTime(d) => O::Owned(SV::Integer(d.timestamp_millis())),
            Value::Json(j) => O::Owned(SV::Text(j.to_string())),
            Value::Bytes(b) => O::Borrowed(R::Blob(b)),
            Value::Enum(s) => O::Borrowed(R::Text(s.as_bytes())),
            Value::List(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    "scalar lists are not supported on SQLite (as with Prisma)".into(),
                ))
            }
        })
    }
}

use postgres::types::{FromSql, IsNull as PgIsNull, Kind, ToSql, Type};

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// A value bound to a PostgreSQL statement: converted to whatever type the server inferred for the parameter
/// (enum labels for enum types, NUMERIC from decimals, TIMESTAMP(3) from date-times, ...).
#[derive(Debug)]
pub(crate) struct PgParam<'a>(pub(crate) &'a Value);

fn pg_text(s: &str, ty: &Type, out: &mut bytes::BytesMut) -> std::result::Result<PgIsNull, BoxError> {
    if s.contains('\0') {
        return Err("PostgreSQL text cannot contain NUL (0x00) characters".into());
    }
    match *ty {
        Type::UUID => uuid::Uuid::parse_str(s)?.as_bytes().as_slice().to_sql(&Type::BYTEA, out),
        Type::JSONB => {
            serde_json::from_str::<serde_json::Value>(s)?;
            out.extend_from_slice(&[1]);
            out.extend_from_slice(s.as_bytes());
            Ok(PgIsNull::No)
        }
        Type::JSON => {
            serde_json::from_str::<serde_json::Value>(s)?;
            out.extend_from_slice(s.as_bytes());
            Ok(PgIsNull::No)
        }
        Type::BYTEA => s.as_bytes().to_sql(ty, out),
        Type::INT2 | Type::INT4 | Type::INT8 => int_to_pg(s.trim().parse()?, ty, out),
        Type::FLOAT4 | Type::FLOAT8 => float_to_pg(s.trim().parse()?, ty, out),
        Type::NUMERIC => Decimal::from_str(s.trim())?.to_sql(ty, out),
        Type::BOOL => bool::from_str(s.trim())?.to_sql(ty, out),
        Type::TIMESTAMP | Type::TIMESTAMPTZ | Type::DATE => match parse_datetime(s) {
            Some(d) => datetime_to_pg(d, ty, out),
            None => Err(format!("`{s}` is not a date-time").into()),
        },
        _ => {
            out.extend_from_slice(s.as_bytes());
            Ok(PgIsNull::No)
        }
    }
}

fn int_to_pg(i: i64, ty: &Type, out: &mut bytes::BytesMut) -> std::result::Result<PgIsNull, BoxError> {
    match *ty {
        Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
        Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
        Type::INT8 => i.to_sql(ty, out),
        Type::OID => u32::try_from(i)?.to_sql(ty, out),
        Type::FLOAT4 => (i as f32).to_sql(ty, out),
        Type::FLOAT8 => (i as f64).to_sql(ty, out),
        Type::NUMERIC => Decimal::from(i).to_sql(ty, out),
        Type::BOOL => (i != 0).to_sql(ty, out),
        Type::TIMESTAMP | Type::TIMESTAMPTZ | Type::DATE => match DateTime::from_timestamp_millis(i) {
            Some(d) => datetime_to_pg(d, ty, out),
            None => Err("date-time out of range".into()),
        },
        _ => pg_text(&i.to_string(), ty, out),
    }
}

fn float_to_pg(f: f64, ty: &Type, out: &mut bytes::BytesMut) -> std::result::Result<PgIsNull, BoxError> {
    match *ty {
        Type::FLOAT4 => (f as f32).to_sql(ty, out),
        Type::FLOAT8 => f.to_sql(ty, out),
        Type::NUMERIC => match decimal_from_f64(f, None) {
            Some(d) => d.to_sql(ty, out),
            None => Err(format!("{f} is not a decimal").into()),
        },
        Type::INT2 | Type::INT4 | Type::INT8 if f.fract() == 0.0 => int_to_pg(f as i64, ty, out),
        _ => pg_text(&f.to_string(), ty, out),
    }
}

fn datetime_to_pg(d: DateTime<Utc>, ty: &Type, out: &mut bytes::BytesMut) -> std::result::Result<PgIsNull, BoxError> {
    match *ty {
        Type::TIMESTAMPTZ => d.to_sql(ty, out),
        Type::TIMESTAMP => d.naive_utc().to_sql(ty, out),
        Type::DATE => d.date_naive().to_sql(ty, out),
        Type::INT8 => d.timestamp_millis().to_sql(ty, out),
        _ => pg_text(&d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true), ty, out),
    }
}

impl ToSql for PgParam<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> std::result::Result<PgIsNull, BoxError> {
        use rust_decimal::prelude::ToPrimitive;
        match self.0 {
            Value::Null => Ok(PgIsNull::Yes),
            Value::Bool(b) => match *ty {
                Type::BOOL => b.to_sql(ty, out),
                Type::INT2 | Type::INT4 | Type::INT8 => int_to_pg(i64::from(*b), ty, out),
                _ => pg_text(if *b { "true" } else { "false" }, ty, out),
            },
            Value::Int(i) => int_to_pg(i64::from(*i), ty, out),
            Value::BigInt(i) => int_to_pg(*i, ty, out),
            Value::Float(f) => float_to_pg(*f, ty, out),
            Value::Decimal(d) => match *ty {
                Type::NUMERIC => d.to_sql(ty, out),
                Type::FLOAT4 | Type::FLOAT8 => float_to_pg(d.to_f64().ok_or("decimal out of range")?, ty, out),
                Type::INT2 | Type::INT4 | Type::INT8 if d.fract().is_zero() => {
                    int_to_pg(d.to_i64().ok_or("decimal out of range")?, ty, out)
                }
                _ => pg_text(&d.to_string(), ty, out),
            },
            Value::String(s) => pg_text(s, ty, out),
            Value::Enum(s) => pg_text(s, ty, out),
            Value::DateTime(d) => datetime_to_pg(*d, ty, out),
            Value::Json(j) => match *ty {
                Type::JSON | Type::JSONB => {
                    if json_has_nul(j) {
                        return Err("PostgreSQL JSON cannot contain NUL (\\u0000) characters".into());
                    }
                    j.to_sql(ty, out)
                }
                _ => pg_text(&j.to_string(), ty, out),
            },
            Value::Bytes(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ => pg_text(std::str::from_utf8(b)?, ty, out),
            },
            Value::List(items) => match ty.kind() {
                Kind::Array(_) => items.iter().map(PgParam).collect::<Vec<_>>().to_sql(ty, out),
                _ => Err(format!("a list cannot be bound to a parameter of type {ty}").into()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// Any PostgreSQL value, decoded by its type.
pub(crate) struct PgAny(pub(crate) Value);

impl<'a> FromSql<'a> for PgAny {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(PgAny(match *ty {
            Type::BOOL => Value::Bool(bool::from_sql(ty, raw)?),
            Type::INT2 => Value::Int(i32::from(i16::from_sql(ty, raw)?)),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?),
            Type::INT8 => Value::BigInt(i64::from_sql(ty, raw)?),
            Type::OID => Value::BigInt(i64::from(u32::from_sql(ty, raw)?)),
            Type::FLOAT4 => Value::Float(f64::from(f32::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Float(f64::from_sql(ty, raw)?),
            Type::NUMERIC => Value::Decimal(Decimal::from_sql(ty, raw)?),
            Type::TIMESTAMPTZ => Value::DateTime(DateTime::<Utc>::from_sql(ty, raw)?),
            Type::TIMESTAMP => Value::DateTime(NaiveDateTime::from_sql(ty, raw)?.and_utc()),
            Type::DATE => Value::DateTime(
                NaiveDate::from_sql(ty, raw)?.and_hms_opt(0, 0, 0).ok_or("date out of range")?.and_utc(),
            ),
            Type::JSON | Type::JSONB => Value::Json(serde_json::Value::from_sql(ty, raw)?),
            Type::BYTEA => Value::Bytes(raw.to_vec()),
            Type::UUID => Value::String(uuid::Uuid::from_slice(raw)?.to_string()),
            Type::CHAR => Value::String(char::from(i8::from_sql(ty, raw)? as u8).to_string()),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                Value::String(std::str::from_utf8(raw)?.to_owned())
            }
            _ => match ty.kind() {
                Kind::Array(_) => Value::List(Vec::<PgAny>::from_sql(ty, raw)?.into_iter().map(|v| v.0).collect()),
                Kind::Enum(_) => Value::String(std::str::from_utf8(raw)?.to_owned()),
                Kind::Domain(inner) => PgAny::from_sql(inner, raw)?.0,
                _ => match std::str::from_utf8(raw) {
                    // Types whose binary form is their text (citext, ...).
                    Ok(s) if ty.name() == "citext" => Value::String(s.to_owned()),
                    _ => return Err(format!("cannot decode PostgreSQL type `{ty}`: cast it to text in SQL").into()),
                },
            },
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(PgAny(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Whether a PostgreSQL value is NULL, for any type.
struct IsNull(bool);

impl<'a> FromSql<'a> for IsNull {
    fn from_sql(_: &Type, _: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(IsNull(false))
    }
    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(IsNull(true))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Role {
        User,
    }

    impl DbEnum for Role {
        fn as_str(&self) -> &'static str {
            "USER"
        }
        fn from_db(s: &str) -> Option<Self> {
            (s == "USER").then_some(Role::User)
        }
    }

    crate::enum_db_type!(Role);

    /// PostgreSQL decoding: the direct paths (a column of the type the Rust type is stored as) and the fallbacks
    /// through `Value` (other column types) agree, NULLs are `None` or an error naming the column.
    #[test]
    fn postgres_values_decode_directly_and_through_the_fallback() {
        let Some(url) = std::env::var("SCHEMAGEN_TEST_PG_URL").or_else(|_| std::env::var("DATABASE_URL")).ok() else {
            assert!(std::env::var_os("CI").is_none(), "CI is set but SCHEMAGEN_TEST_PG_URL is not");
            eprintln!("skipped: set SCHEMAGEN_TEST_PG_URL");
            return;
        };
        let stats = std::sync::Arc::new(super::super::conn::Stats::default());
        let mut conn = super::super::conn::Conn::open(&url, stats).expect("connect");
        let sql = "SELECT 'abc'::text, 'xy'::varchar, 5::int4, 6::int8, 7::int2, 2.5::float8, true, \
                   TIMESTAMP '2024-01-02 03:04:05.123', TIMESTAMPTZ '2024-01-02 03:04:05.123+00', NULL::text, \
                   '6f1c1d2e-0000-4000-8000-000000000001'::uuid, 'USER'::text, 'NOPE'::text, 1.25::numeric";
        let cols = [ColumnMeta {
            name: "name",
            db_name: "name",
            kind: ScalarKind::String,
            nullable: false,
            list: false,
            client_default: super::super::model::ClientDefault::None,
            has_db_default: false,
            updated_at: false,
            pg_cast: None,
        }];
        let t = DateTime::from_timestamp_millis(1_704_164_645_123).unwrap();
        let mut rows = 0;
        conn.query(sql, &[] as &[Value], None, &cols, None, &mut |row| {
            rows += 1;
            assert_eq!(row.get::<String>(0)?, "abc");
            assert_eq!(row.get::<Option<String>>(1)?.as_deref(), Some("xy"));
            assert_eq!(row.get::<i32>(2)?, 5);
            assert_eq!(row.get::<i64>(2)?, 5, "int4 as i64 (fallback)");
            assert_eq!(row.get::<i32>(3)?, 6, "int8 as i32 (fallback)");
            assert_eq!(row.get::<i64>(3)?, 6);
            assert_eq!(row.get::<i32>(4)?, 7, "int2 (fallback)");
            assert_eq!(row.get::<f64>(5)?, 2.5);
            assert_eq!(row.get::<Option<f64>>(2)?, Some(5.0), "int4 as f64 (fallback)");
            assert!(row.get::<bool>(6)?);
            assert_eq!(row.get::<DateTime<Utc>>(7)?, t);
            assert_eq!(row.get::<DateTime<Utc>>(8)?, t, "timestamptz (fallback)");
            assert_eq!(row.get::<Option<String>>(9)?, None);
            assert_eq!(row.get::<Option<i32>>(9)?, None);
            let e = row.get::<String>(9).expect_err("NULL into String");
            assert!(e.to_string().contains("expected a string, found a NULL value"), "{e}");
            assert_eq!(row.get::<String>(10)?, "6f1c1d2e-0000-4000-8000-000000000001", "uuid (fallback)");
            assert_eq!(row.get::<Role>(11)?, Role::User);
            assert_eq!(row.get::<Option<Role>>(11)?, Some(Role::User));
            let e = row.get::<Role>(12).expect_err("unknown label");
            assert!(e.to_string().contains("unknown enum label `NOPE`"), "{e}");
            let e = row.get::<i32>(0).expect_err("text into i32");
            assert!(e.to_string().contains("column `name`: expected an Int"), "{e}");
            assert_eq!(row.get::<Decimal>(13)?, Decimal::new(125, 2));
            Ok(())
        })
        .expect("query");
        assert_eq!(rows, 1);
    }

    #[test]
    fn decimals_from_reals_round_trip() {
        let d = decimal_from_f64(12345678.9, Some(2)).unwrap();
        assert_eq!(d.to_string(), "12345678.90");
        assert_eq!(decimal_from_f64(0.1, None).unwrap().to_string(), "0.1");
        assert_eq!(decimal_from_f64(1e-7, None).unwrap().to_string(), "0.0000001");
        assert!(decimal_from_f64(f64::NAN, None).is_none());
    }

    #[test]
    fn date_times_from_text() {
        let d = parse_datetime("2024-01-02 03:04:05").unwrap();
        assert_eq!(d.timestamp(), 1_704_164_645);
        assert_eq!(parse_datetime("2024-01-02T03:04:05.123Z").unwrap().timestamp_millis(), 1_704_164_645_123);
        assert_eq!(parse_datetime("1704164645123").unwrap().timestamp_millis(), 1_704_164_645_123);
        assert!(parse_datetime("nope").is_none());
    }
}
