//! The database a schema describes, independent of any SQL dialect: tables, columns (a neutral type
//! family plus the native type, if any), defaults, primary keys, indexes, foreign keys, enums.
//!
//! [`calculate`] computes it from the IR for one target provider, the way Prisma's schema engine
//! does (`sql_schema_calculator`): model tables in source order (views left out, `@@ignore`d models
//! kept), then the join tables of implicit many-to-many relations; foreign keys of 1:1/1:n relations
//! in relation order, then those of the join tables. A differ compares two of these; the renderers
//! turn the steps into SQL.

use crate::ast::FieldArity;
use crate::connector::{Provider, RelationMode};
use crate::ir::{self, DefaultExpr, DefaultFunction, Literal, RelationKind, ScalarType};

use super::values;
use serde::{Deserialize, Serialize};

/// The database described by a schema, for one provider.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SqlSchema {
    /// The provider the schema is rendered for.
    #[serde(with = "provider_serde")]
    pub provider: Option<Provider>,
    /// The provider of the Prisma schema it was computed from (differs for a cross-provider
    /// rendering, e.g. a PostgreSQL schema rendered for SQLite).
    #[serde(with = "provider_serde")]
    pub source_provider: Option<Provider>,
    /// The namespaces (PostgreSQL schemas) that hold a table or an enum, sorted by name. Empty on
    /// SQLite.
    pub namespaces: Vec<String>,
    /// Enum types (PostgreSQL only; on SQLite enum columns are text).
    pub enums: Vec<SqlEnum>,
    pub tables: Vec<Table>,
    pub foreign_keys: Vec<ForeignKey>,
    /// Things of the source schema the target cannot hold, left out on purpose (cross-provider
    /// rendering: `dbgenerated` expressions of another database, index methods...).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqlEnum {
    pub name: String,
    pub namespace: Option<String>,
    /// Database values, in declaration order.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    pub namespace: Option<String>,
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    /// Unique and non-unique indexes, in Prisma's order.
    pub indexes: Vec<Index>,
}

impl SqlSchema {
    /// True when computed from a schema of another provider.
    pub fn is_cross_provider(&self) -> bool {
        self.source_provider.is_some() && self.source_provider != self.provider
    }
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// True when the primary key is this one column alone.
    pub fn is_single_pk(&self, column: &str) -> bool {
        self.primary_key.as_ref().is_some_and(|pk| pk.columns.len() == 1 && pk.columns[0].name == column)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Arity {
    Required,
    Nullable,
    List,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub family: TypeFamily,
    /// The native type (`@db.VarChar(20)`), or the provider's default one for the family. `None`
    /// for enums and unsupported types.
    pub native_type: Option<NativeType>,
    pub arity: Arity,
    pub default: Option<DefaultValue>,
    /// `@default(autoincrement())`.
    pub auto_increment: bool,
}

/// The dialect-neutral type of a column (Prisma's scalar types, an enum, or a raw type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TypeFamily {
    Int,
    BigInt,
    Float,
    Decimal,
    Boolean,
    String,
    DateTime,
    Json,
    Binary,
    /// An enum: index in [`SqlSchema::enums`].
    Enum(usize),
    /// `Unsupported("...")`: the database type as written.
    Unsupported(String),
}

impl TypeFamily {
    pub fn is_int(&self) -> bool {
        matches!(self, TypeFamily::Int)
    }
}

/// A native type as Prisma names it (`VarChar`, `Decimal`...), with its integer arguments, and the
/// provider whose type it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NativeType {
    #[serde(with = "provider_serde::one")]
    pub provider: Provider,
    pub name: String,
    pub args: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DefaultValue {
    /// `now()`.
    Now,
    /// `dbgenerated("expr")`: the expression, verbatim.
    DbGenerated(String),
    Value(Value),
}

/// A constant default value, typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Int(i64),
    /// A Float or Decimal number as written (normalized: no `+`, no leading zeros).
    Number(String),
    Boolean(bool),
    String(String),
    /// An enum value's database name.
    Enum(String),
    Json(String),
    Bytes(Vec<u8>),
    /// A date-time as Prisma renders it (`2020-01-02 03:04:05.678 +00:00`).
    DateTime(String),
    List(Vec<Value>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexColumn {
    pub name: String,
    pub sort_order: Option<SortOrder>,
    pub length: Option<u32>,
    /// PostgreSQL operator class, as SQL (`jsonb_path_ops`).
    pub operator_class: Option<String>,
}

impl IndexColumn {
    fn plain(name: &str) -> IndexColumn {
        IndexColumn { name: name.to_string(), sort_order: None, length: None, operator_class: None }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: String,
    pub columns: Vec<IndexColumn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexKind {
    Normal,
    Unique,
    Fulltext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexAlgorithm {
    BTree,
    Hash,
    Gist,
    Gin,
    SpGist,
    Brin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub kind: IndexKind,
    pub columns: Vec<IndexColumn>,
    /// `type:` (PostgreSQL); `None` is the database default (B-tree).
    pub algorithm: Option<IndexAlgorithm>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ForeignKeyAction {
    Cascade,
    Restrict,
    NoAction,
    SetNull,
    SetDefault,
}

impl From<ir::ReferentialAction> for ForeignKeyAction {
    fn from(a: ir::ReferentialAction) -> Self {
        match a {
            ir::ReferentialAction::Cascade => ForeignKeyAction::Cascade,
            ir::ReferentialAction::Restrict => ForeignKeyAction::Restrict,
            ir::ReferentialAction::NoAction => ForeignKeyAction::NoAction,
            ir::ReferentialAction::SetNull => ForeignKeyAction::SetNull,
            ir::ReferentialAction::SetDefault => ForeignKeyAction::SetDefault,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    /// The referencing table (index in [`SqlSchema::tables`]).
    pub table: usize,
    pub columns: Vec<String>,
    /// The referenced table (index in [`SqlSchema::tables`]).
    pub referenced_table: usize,
    pub referenced_columns: Vec<String>,
    pub on_delete: ForeignKeyAction,
    pub on_update: ForeignKeyAction,
}

/// Why a schema cannot be turned into SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateError {
    pub message: String,
}

impl std::fmt::Display for MigrateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MigrateError {}

fn err<T>(message: impl Into<String>) -> Result<T, MigrateError> {
    Err(MigrateError { message: message.into() })
}

/// The database `schema` describes, rendered for `target` (PostgreSQL or SQLite). The schema's own
/// provider may differ from `target` (a PostgreSQL schema rendered for SQLite): native types are then
/// kept for the renderer to map, and what SQLite cannot hold (database expressions of another
/// database, namespaces, index methods) is left out and listed in [`SqlSchema::notes`].
pub fn calculate(schema: &ir::Schema, target: Provider) -> Result<SqlSchema, MigrateError> {
    if !matches!(target, Provider::Postgres | Provider::Sqlite) {
        return err(format!("SQL migrations are implemented for postgresql and sqlite, not {}", target.name()));
    }
    if !schema.complete {
        return err("the schema has errors; fix them before computing migrations");
    }
    let source = schema.provider.unwrap_or(target);
    let cross = source != target;
    let pg = target == Provider::Postgres;
    let mut out = SqlSchema { provider: Some(target), source_provider: Some(source), ..Default::default() };

    // Enums (PostgreSQL: types; SQLite: text columns).
    let mut enum_index: Vec<Option<usize>> = vec![None; schema.enums.len()];
    if pg {
        for e in schema.enums() {
            enum_index[e.id.0 as usize] = Some(out.enums.len());
            out.enums.push(SqlEnum {
                name: e.db_name().to_string(),
                namespace: e.get().schema.as_deref().map(String::from),
                values: e.values().map(|v| v.db_name().to_string()).collect(),
            });
        }
    }

    // Model tables.
    let mut table_of_model: Vec<Option<usize>> = vec![None; schema.models.len()];
    for model in schema.tables() {
        let mut table = Table {
            name: model.table_name().to_string(),
            namespace: if pg { model.schema_name().map(str::to_string) } else { None },
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
        };
        for field in model.scalar_fields() {
            if let Some(column) = column_for_field(schema, field, target, cross, &enum_index, &mut out.notes) {
                table.columns.push(column);
            }
        }
        let column_of = |f: &ir::IndexField| schema.walk(f.field).column_name().to_string();
        if let Some(pk) = model.primary_key() {
            table.primary_key = Some(PrimaryKey {
                name: pk.db_name.to_string(),
                columns: pk.fields.iter().map(|f| index_column(f, column_of(f), pg && !cross)).collect(),
            });
        }
        for idx in model.indexes() {
            let kind = match idx.kind {
                ir::IndexKind::Normal => IndexKind::Normal,
                ir::IndexKind::Unique => IndexKind::Unique,
                ir::IndexKind::Fulltext => IndexKind::Fulltext,
            };
            let algorithm = idx.algorithm.map(|a| match a {
                ir::IndexAlgorithm::BTree => IndexAlgorithm::BTree,
                ir::IndexAlgorithm::Hash => IndexAlgorithm::Hash,
                ir::IndexAlgorithm::Gist => IndexAlgorithm::Gist,
                ir::IndexAlgorithm::Gin => IndexAlgorithm::Gin,
                ir::IndexAlgorithm::SpGist => IndexAlgorithm::SpGist,
                ir::IndexAlgorithm::Brin => IndexAlgorithm::Brin,
            });
            let algorithm = if pg {
                algorithm
            } else {
                if algorithm.is_some_and(|a| a != IndexAlgorithm::BTree) {
                    out.notes.push(format!("index {}: the index method is left out on SQLite", idx.db_name));
                }
                None
            };
            table.indexes.push(Index {
                name: idx.db_name.to_string(),
                kind,
                columns: idx.fields.iter().map(|f| index_column(f, column_of(f), pg)).collect(),
                algorithm,
            });
        }
        table_of_model[model.id.0 as usize] = Some(out.tables.len());
        out.tables.push(table);
    }

    let foreign_keys = schema.relation_mode == RelationMode::ForeignKeys;

    // Foreign keys of 1:1 and 1:n relations.
    if foreign_keys {
        for relation in schema.relations() {
            if !matches!(relation.kind(), RelationKind::OneToOne | RelationKind::OneToMany) {
                continue;
            }
            let (Some(from), Some(to)) = (
                table_of_model[relation.referencing_model().id.0 as usize],
                table_of_model[relation.referenced_model().id.0 as usize],
            ) else {
                continue; // a view on one side
            };
            let columns: Vec<String> =
                relation.referencing_fields().iter().map(|f| f.column_name().to_string()).collect();
            let referenced: Vec<String> =
                relation.referenced_fields().iter().map(|f| f.column_name().to_string()).collect();
            let Some(name) = relation.foreign_key_name() else { continue };
            if columns.is_empty() || columns.len() != referenced.len() {
                continue;
            }
            out.foreign_keys.push(ForeignKey {
                name,
                table: from,
                columns,
                referenced_table: to,
                referenced_columns: referenced,
                on_delete: relation.on_delete().into(),
                on_update: relation.on_update().into(),
            });
        }
    }

    // Join tables of implicit many-to-many relations.
    let max = schema.max_identifier_length;
    for relation in schema.relations() {
        if relation.kind() != RelationKind::ImplicitManyToMany {
            continue;
        }
        let (model_a, model_b) = (relation.model_a(), relation.model_b());
        let (Some(ta), Some(tb)) = (table_of_model[model_a.id.0 as usize], table_of_model[model_b.id.0 as usize])
        else {
            continue;
        };
        let pk_column = |t: usize| -> Option<Column> {
            let table = &out.tables[t];
            let name = &table.primary_key.as_ref()?.columns.first()?.name;
            let mut c = table.column(name)?.clone();
            c.default = None;
            c.auto_increment = false;
            Some(c)
        };
        let (Some(mut col_a), Some(mut col_b)) = (pk_column(ta), pk_column(tb)) else { continue };
        let ref_a = col_a.name.clone();
        let ref_b = col_b.name.clone();
        col_a.name = "A".into();
        col_b.name = "B".into();
        let Some(join_name) = relation.join_table_name() else { continue };
        let table_name = take_chars(&join_name, max);
        let unique_name = if pg {
            format!("{}_AB_pkey", take_chars(&table_name, max.saturating_sub(8)))
        } else {
            format!("{}_AB_unique", take_chars(&table_name, max.saturating_sub(10)))
        };
        let ab = vec![IndexColumn::plain("A"), IndexColumn::plain("B")];
        let (primary_key, mut indexes) = if pg {
            (Some(PrimaryKey { name: unique_name, columns: ab }), Vec::new())
        } else {
            (None, vec![Index { name: unique_name, kind: IndexKind::Unique, columns: ab, algorithm: None }])
        };
        indexes.push(Index {
            name: format!("{}_B_index", take_chars(&table_name, max.saturating_sub(8))),
            kind: IndexKind::Normal,
            columns: vec![IndexColumn::plain("B")],
            algorithm: None,
        });
        let join = out.tables.len();
        out.tables.push(Table {
            name: table_name.clone(),
            namespace: out.tables[ta].namespace.clone(),
            columns: vec![col_a, col_b],
            primary_key,
            indexes,
        });
        if foreign_keys {
            // Prisma cuts the table name so that the two names never collide.
            let max_table = max.saturating_sub(7);
            let cut = |s: &str, n: usize| s.get(..n).unwrap_or(s).to_string();
            let fk_a = if table_name.len() > max_table {
                format!("{}_A_fkey", cut(&table_name, max_table))
            } else {
                format!("{table_name}_A_fkey")
            };
            let fk_b = if table_name.len() >= max_table {
                format!("{}_B_fkey", cut(&table_name, max_table))
            } else {
                format!("{table_name}_B_fkey")
            };
            for (name, column, referenced_table, referenced) in [(fk_a, "A", ta, ref_a), (fk_b, "B", tb, ref_b)] {
                out.foreign_keys.push(ForeignKey {
                    name,
                    table: join,
                    columns: vec![column.to_string()],
                    referenced_table,
                    referenced_columns: vec![referenced],
                    on_delete: ForeignKeyAction::Cascade,
                    on_update: ForeignKeyAction::Cascade,
                });
            }
        }
    }

    // Namespaces that hold something (PostgreSQL): tables and enums without `@@schema` live in the
    // default one, `public`.
    if pg {
        let mut names: Vec<String> = out
            .tables
            .iter()
            .map(|t| t.namespace.clone())
            .chain(out.enums.iter().map(|e| e.namespace.clone()))
            .map(|n| n.unwrap_or_else(|| "public".to_string()))
            .collect();
        names.sort();
        names.dedup();
        out.namespaces = names;
    }
    Ok(out)
}

fn take_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn index_column(f: &ir::IndexField, name: String, with_opclass: bool) -> IndexColumn {
    IndexColumn {
        name,
        sort_order: f.sort_order.map(|s| match s {
            ir::SortOrder::Asc => SortOrder::Asc,
            ir::SortOrder::Desc => SortOrder::Desc,
        }),
        length: f.length,
        operator_class: if with_opclass {
            f.operator_class.as_deref().map(|o| match o {
                ir::OperatorClass::Named(n) => opclass_sql_name(n),
                ir::OperatorClass::Raw(r) => r.to_string(),
            })
        } else {
            None
        },
    }
}

/// `JsonbPathOps` -> `jsonb_path_ops`, `Int4MinMaxMultiOps` -> `int4_minmax_multi_ops`.
fn opclass_sql_name(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() || words.is_empty() {
            words.push(String::new());
        }
        if let Some(w) = words.last_mut() {
            w.push(c.to_ascii_lowercase());
        }
    }
    let mut out: Vec<String> = Vec::new();
    for w in words {
        let glue = matches!(
            (out.last().map(String::as_str), w.as_str()),
            (Some("min"), "max") | (Some("time"), "tz") | (Some("timestamp"), "tz") | (Some("var"), "bit")
        );
        match out.last_mut() {
            Some(last) if glue => last.push_str(&w),
            _ => out.push(w),
        }
    }
    out.join("_")
}

fn column_for_field(
    schema: &ir::Schema,
    field: ir::FieldWalker<'_>,
    target: Provider,
    cross: bool,
    enum_index: &[Option<usize>],
    notes: &mut Vec<String>,
) -> Option<Column> {
    let scalar = field.as_scalar()?;
    let arity = match field.arity() {
        FieldArity::Required => Arity::Required,
        FieldArity::Optional => Arity::Nullable,
        FieldArity::List => Arity::List,
    };
    let source = schema.provider.unwrap_or(target);
    let (family, native_type) = match &scalar.r#type {
        ScalarType::Enum(id) => match enum_index.get(id.0 as usize).copied().flatten() {
            Some(i) => (TypeFamily::Enum(i), None),
            None => (TypeFamily::String, None),
        },
        ScalarType::Unsupported(t) => (TypeFamily::Unsupported(t.to_string()), None),
        ScalarType::Composite(_) => (TypeFamily::Json, default_native(source, &TypeFamily::Json)),
        other => {
            let family = match other {
                ScalarType::Int => TypeFamily::Int,
                ScalarType::BigInt => TypeFamily::BigInt,
                ScalarType::Float => TypeFamily::Float,
                ScalarType::Decimal => TypeFamily::Decimal,
                ScalarType::Boolean => TypeFamily::Boolean,
                ScalarType::DateTime => TypeFamily::DateTime,
                ScalarType::Bytes => TypeFamily::Binary,
                ScalarType::Json => TypeFamily::Json,
                _ => TypeFamily::String,
            };
            let native = match field.native_type() {
                Some(nt) => Some(NativeType {
                    provider: source,
                    name: nt.name.to_string(),
                    args: nt.args.iter().filter_map(|a| a.trim().parse().ok()).collect(),
                }),
                None => default_native(source, &family),
            };
            (family, native)
        }
    };

    let enum_db_value = |name: &str| -> String {
        match &scalar.r#type {
            ScalarType::Enum(id) => schema
                .walk(*id)
                .values()
                .find(|v| v.name == name)
                .map(|v| v.db_name().to_string())
                .unwrap_or_else(|| name.to_string()),
            _ => name.to_string(),
        }
    };

    let mut auto_increment = false;
    let default = match field.default_value().map(|d| &d.value) {
        None => None,
        Some(DefaultExpr::Function(f)) => match f {
            DefaultFunction::Autoincrement => {
                auto_increment = true;
                None
            }
            DefaultFunction::Now => Some(DefaultValue::Now),
            DefaultFunction::DbGenerated(Some(expr)) => {
                if cross {
                    notes.push(format!(
                        "{}.{}: the database expression `{expr}` of {} is left out",
                        field.model().table_name(),
                        field.column_name(),
                        source.name()
                    ));
                    None
                } else {
                    Some(DefaultValue::DbGenerated(expr.to_string()))
                }
            }
            // cuid(), uuid(), nanoid(), ulid(): filled in by the client; dbgenerated() without an
            // expression and sequence() have no column default either.
            _ => None,
        },
        Some(DefaultExpr::Literal(lit)) => literal_value(lit, &scalar.r#type, &enum_db_value).map(DefaultValue::Value),
    };

    Some(Column { name: field.column_name().to_string(), family, native_type, arity, default, auto_increment })
}

/// The native type Prisma gives a scalar type without `@db.*` (PostgreSQL); `None` on SQLite,
/// whose columns are typed by family.
fn default_native(provider: Provider, family: &TypeFamily) -> Option<NativeType> {
    if provider != Provider::Postgres {
        return None;
    }
    let (name, args): (&str, &[u32]) = match family {
        TypeFamily::Int => ("Integer", &[]),
        TypeFamily::BigInt => ("BigInt", &[]),
        TypeFamily::Float => ("DoublePrecision", &[]),
        TypeFamily::Decimal => ("Decimal", &[65, 30]),
        TypeFamily::Boolean => ("Boolean", &[]),
        TypeFamily::String => ("Text", &[]),
        TypeFamily::DateTime => ("Timestamp", &[3]),
        TypeFamily::Json => ("JsonB", &[]),
        TypeFamily::Binary => ("ByteA", &[]),
        TypeFamily::Enum(_) | TypeFamily::Unsupported(_) => return None,
    };
    Some(NativeType { provider, name: name.to_string(), args: args.to_vec() })
}

fn literal_value(lit: &Literal, ty: &ScalarType, enum_db_value: &dyn Fn(&str) -> String) -> Option<Value> {
    Some(match lit {
        Literal::List(items) => Value::List(items.iter().filter_map(|i| literal_value(i, ty, enum_db_value)).collect()),
        Literal::Boolean(b) => Value::Boolean(*b),
        Literal::EnumValue(v) => match ty {
            ScalarType::Boolean => Value::Boolean(v == "true"),
            _ => Value::Enum(enum_db_value(v)),
        },
        Literal::Number(n) => match ty {
            ScalarType::Int | ScalarType::BigInt => match n.trim().parse::<i64>() {
                Ok(i) => Value::Int(i),
                Err(_) => Value::Number(values::normalize_number(n)),
            },
            _ => Value::Number(values::normalize_number(n)),
        },
        Literal::String(s) => match ty {
            ScalarType::DateTime => Value::DateTime(values::render_datetime(s).unwrap_or_else(|| s.to_string())),
            ScalarType::Json => Value::Json(s.to_string()),
            ScalarType::Bytes => Value::Bytes(values::decode_base64(s).unwrap_or_else(|| s.as_bytes().to_vec())),
            ScalarType::Decimal | ScalarType::Float => Value::Number(values::normalize_number(s)),
            ScalarType::Enum(_) => Value::Enum(enum_db_value(s)),
            _ => Value::String(s.to_string()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opclass_names() {
        assert_eq!(opclass_sql_name("JsonbPathOps"), "jsonb_path_ops");
        assert_eq!(opclass_sql_name("Int4MinMaxMultiOps"), "int4_minmax_multi_ops");
        assert_eq!(opclass_sql_name("TimestampTzBloomOps"), "timestamptz_bloom_ops");
        assert_eq!(opclass_sql_name("VarBitMinMaxOps"), "varbit_minmax_ops");
        assert_eq!(opclass_sql_name("InetOps"), "inet_ops");
    }
}

/// Providers in snapshots, by their datasource name (`postgresql`, `sqlite`).
mod provider_serde {
    use crate::connector::Provider;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(p: &Option<Provider>, s: S) -> Result<S::Ok, S::Error> {
        match p {
            Some(p) => s.serialize_some(p.name()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Provider>, D::Error> {
        let name: Option<String> = Option::deserialize(d)?;
        match name {
            None => Ok(None),
            Some(n) => Provider::from_name(&n)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown provider {n:?}"))),
        }
    }

    pub mod one {
        use crate::connector::Provider;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(p: &Provider, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(p.name())
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Provider, D::Error> {
            let n = String::deserialize(d)?;
            Provider::from_name(&n).ok_or_else(|| serde::de::Error::custom(format!("unknown provider {n:?}")))
        }
    }
}
