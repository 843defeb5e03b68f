//! SQL for migration steps: one [`SqlRenderer`] per dialect. The trait's default methods write the
//! SQL both dialects share; [`Postgres`] and [`Sqlite`] override only what differs (quoting, type
//! names, autoincrement, enums, inline foreign keys on SQLite).
//!
//! A script is Prisma's layout: each step is `-- Label` followed by its statements, each ending in
//! `;` and a newline; steps are separated by an empty line.

use super::sql_schema::{
    Arity, Column, DefaultValue, ForeignKey, ForeignKeyAction, Index, IndexAlgorithm, IndexColumn, IndexKind,
    NativeType, SortOrder, SqlSchema, Table, TypeFamily, Value,
};
use super::steps::Step;
use super::values::hex;
use crate::connector::Provider;

pub const INDENT: &str = "    ";

/// What Prisma writes for a migration without any step.
pub const EMPTY_MIGRATION: &str = "-- This is an empty migration.\n";

/// The SQL of one dialect.
pub trait SqlRenderer {
    /// A quoted identifier.
    fn quote(&self, name: &str) -> String {
        format!("\"{}\"", name.replace('"', "\"\""))
    }

    /// A quoted string literal.
    fn string_literal(&self, s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }

    /// A table (or type) name with its namespace, when it has one.
    fn qualified(&self, namespace: Option<&str>, name: &str) -> String {
        match namespace {
            Some(ns) => format!("{}.{}", self.quote(ns), self.quote(name)),
            None => self.quote(name),
        }
    }

    fn table_ref(&self, table: &Table) -> String {
        self.qualified(table.namespace.as_deref(), &table.name)
    }

    /// The column's type as written in CREATE TABLE.
    fn column_type(&self, column: &Column, schema: &SqlSchema) -> String;

    /// A default value's SQL (`None`: no DEFAULT clause).
    fn default_sql(&self, column: &Column, schema: &SqlSchema) -> Option<String>;

    /// One column definition, without indentation.
    fn column_definition(&self, column: &Column, _table: &Table, schema: &SqlSchema) -> String {
        let mut s = format!("{} {}", self.quote(&column.name), self.column_type(column, schema));
        if column.arity == Arity::Required {
            s.push_str(" NOT NULL");
        }
        if let Some(d) = self.default_sql(column, schema) {
            s.push_str(" DEFAULT ");
            s.push_str(&d);
        }
        s
    }

    fn render_create_schema(&self, namespace: &str) -> Vec<String> {
        vec![format!("CREATE SCHEMA IF NOT EXISTS {}", self.quote(namespace))]
    }

    fn render_create_enum(&self, schema: &SqlSchema, enum_index: usize) -> Vec<String> {
        let Some(e) = schema.enums.get(enum_index) else { return Vec::new() };
        let values: Vec<String> = e.values.iter().map(|v| self.string_literal(v)).collect();
        vec![format!("CREATE TYPE {} AS ENUM ({})", self.qualified(e.namespace.as_deref(), &e.name), values.join(", "))]
    }

    fn render_create_table(&self, schema: &SqlSchema, table: &Table, table_index: usize) -> Vec<String>;

    fn index_column(&self, c: &IndexColumn) -> String {
        let mut s = self.quote(&c.name);
        if let Some(op) = &c.operator_class {
            s.push(' ');
            s.push_str(op);
        }
        match c.sort_order {
            Some(SortOrder::Asc) => s.push_str(" ASC"),
            Some(SortOrder::Desc) => s.push_str(" DESC"),
            None => {}
        }
        s
    }

    fn render_create_index(&self, table: &Table, index: &Index) -> Vec<String> {
        let unique = if index.kind == IndexKind::Unique { "UNIQUE " } else { "" };
        let using = match index.algorithm {
            None | Some(IndexAlgorithm::BTree) => String::new(),
            Some(a) => format!(
                " USING {} ",
                match a {
                    IndexAlgorithm::Hash => "HASH",
                    IndexAlgorithm::Gist => "GIST",
                    IndexAlgorithm::Gin => "GIN",
                    IndexAlgorithm::SpGist => "SPGIST",
                    IndexAlgorithm::Brin => "BRIN",
                    IndexAlgorithm::BTree => "BTREE",
                }
            ),
        };
        let cols: Vec<String> = index.columns.iter().map(|c| self.index_column(c)).collect();
        vec![format!(
            "CREATE {unique}INDEX {} ON {}{using}({})",
            self.quote(&index.name),
            self.table_ref(table),
            cols.join(", ")
        )]
    }

    fn foreign_key_action(&self, a: ForeignKeyAction) -> &'static str {
        match a {
            ForeignKeyAction::Cascade => "CASCADE",
            ForeignKeyAction::Restrict => "RESTRICT",
            ForeignKeyAction::NoAction => "NO ACTION",
            ForeignKeyAction::SetNull => "SET NULL",
            ForeignKeyAction::SetDefault => "SET DEFAULT",
        }
    }

    fn quoted_list(&self, names: &[String]) -> String {
        names.iter().map(|n| self.quote(n)).collect::<Vec<_>>().join(", ")
    }

    fn render_add_foreign_key(&self, schema: &SqlSchema, fk: &ForeignKey) -> Vec<String> {
        let (Some(table), Some(referenced)) = (schema.tables.get(fk.table), schema.tables.get(fk.referenced_table))
        else {
            return Vec::new();
        };
        vec![format!(
            "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {}",
            self.table_ref(table),
            self.quote(&fk.name),
            self.quoted_list(&fk.columns),
            self.table_ref(referenced),
            self.quoted_list(&fk.referenced_columns),
            self.foreign_key_action(fk.on_delete),
            self.foreign_key_action(fk.on_update),
        )]
    }

    /// The statements of one step (without the trailing `;`).
    fn render_step(&self, step: &Step, schema: &SqlSchema) -> Vec<String> {
        match step {
            Step::CreateSchema { namespace } => self.render_create_schema(namespace),
            Step::CreateEnum { enum_index } => self.render_create_enum(schema, *enum_index),
            Step::CreateTable { table } => match schema.tables.get(*table) {
                Some(t) => self.render_create_table(schema, t, *table),
                None => Vec::new(),
            },
            Step::CreateIndex { table, index } => {
                match schema.tables.get(*table).and_then(|t| Some((t, t.indexes.get(*index)?))) {
                    Some((t, i)) => self.render_create_index(t, i),
                    None => Vec::new(),
                }
            }
            Step::AddForeignKey { foreign_key } => match schema.foreign_keys.get(*foreign_key) {
                Some(fk) => self.render_add_foreign_key(schema, fk),
                None => Vec::new(),
            },
        }
    }

    /// The whole script, in Prisma's layout.
    fn render_script(&self, steps: &[Step], schema: &SqlSchema) -> String {
        let mut parts = Vec::new();
        for step in steps {
            let statements = self.render_step(step, schema);
            if statements.is_empty() {
                continue;
            }
            let mut part = format!("-- {}\n", step.label());
            for s in statements {
                part.push_str(&s);
                part.push_str(";\n");
            }
            parts.push(part);
        }
        if parts.is_empty() {
            return EMPTY_MIGRATION.to_string();
        }
        parts.join("\n")
    }
}

/// The renderer of a provider (PostgreSQL or SQLite).
pub fn renderer_for(provider: Provider) -> Option<&'static dyn SqlRenderer> {
    match provider {
        Provider::Postgres => Some(&Postgres),
        Provider::Sqlite => Some(&Sqlite),
        _ => None,
    }
}

/// PostgreSQL.
#[derive(Debug, Clone, Copy, Default)]
pub struct Postgres;

/// SQLite.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

fn args(args: &[u32]) -> String {
    match args {
        [] => String::new(),
        [a] => format!("({a})"),
        [p, s, ..] => format!("({p},{s})"),
    }
}

/// A PostgreSQL native type's SQL name (`VarChar` + `[20]` -> `VARCHAR(20)`).
fn postgres_native(nt: &NativeType, auto_increment: bool) -> String {
    let a = args(&nt.args);
    match nt.name.as_str() {
        "SmallInt" if auto_increment => "SMALLSERIAL".into(),
        "Integer" if auto_increment => "SERIAL".into(),
        "BigInt" if auto_increment => "BIGSERIAL".into(),
        "SmallInt" => "SMALLINT".into(),
        "Integer" => "INTEGER".into(),
        "BigInt" => "BIGINT".into(),
        "Decimal" => format!("DECIMAL{a}"),
        "Real" => "REAL".into(),
        "DoublePrecision" => "DOUBLE PRECISION".into(),
        "VarChar" => format!("VARCHAR{a}"),
        "Char" => format!("CHAR{a}"),
        "Text" => "TEXT".into(),
        "ByteA" => "BYTEA".into(),
        "Date" => "DATE".into(),
        "Timestamp" => format!("TIMESTAMP{a}"),
        "Timestamptz" => format!("TIMESTAMPTZ{a}"),
        "Time" => format!("TIME{a}"),
        "Timetz" => format!("TIMETZ{a}"),
        "Boolean" => "BOOLEAN".into(),
        "Bit" => format!("BIT{a}"),
        "VarBit" => format!("VARBIT{a}"),
        "Uuid" => "UUID".into(),
        "Xml" => "XML".into(),
        "Json" => "JSON".into(),
        "JsonB" => "JSONB".into(),
        "Citext" => "CITEXT".into(),
        "Oid" => "OID".into(),
        "Inet" => "INET".into(),
        "Money" => "MONEY".into(),
        other => format!("{}{a}", other.to_uppercase()),
    }
}

/// The PostgreSQL type of a family without a native type.
fn postgres_family(family: &TypeFamily, auto_increment: bool) -> &'static str {
    match family {
        TypeFamily::Int if auto_increment => "SERIAL",
        TypeFamily::BigInt if auto_increment => "BIGSERIAL",
        TypeFamily::Int => "INTEGER",
        TypeFamily::BigInt => "BIGINT",
        TypeFamily::Float => "DOUBLE PRECISION",
        TypeFamily::Decimal => "DECIMAL(65,30)",
        TypeFamily::Boolean => "BOOLEAN",
        TypeFamily::String | TypeFamily::Enum(_) | TypeFamily::Unsupported(_) => "TEXT",
        TypeFamily::DateTime => "TIMESTAMP(3)",
        TypeFamily::Json => "JSONB",
        TypeFamily::Binary => "BYTEA",
    }
}

impl Postgres {
    fn value(&self, v: &Value, full_type: &str) -> String {
        match v {
            Value::String(s) | Value::Enum(s) | Value::Json(s) | Value::DateTime(s) => self.string_literal(s),
            Value::Bytes(b) => format!("'\\x{}'", hex(b)),
            Value::Int(i) => i.to_string(),
            Value::Number(n) => n.clone(),
            Value::Boolean(b) => b.to_string(),
            Value::List(items) => {
                let items: Vec<String> = items.iter().map(|i| self.value(i, full_type)).collect();
                format!("ARRAY[{}]::{full_type}", items.join(", "))
            }
        }
    }
}

impl SqlRenderer for Postgres {
    fn column_type(&self, column: &Column, schema: &SqlSchema) -> String {
        let base = match &column.family {
            TypeFamily::Enum(i) => match schema.enums.get(*i) {
                Some(e) => self.qualified(e.namespace.as_deref(), &e.name),
                None => "TEXT".to_string(),
            },
            TypeFamily::Unsupported(t) => t.clone(),
            family => match &column.native_type {
                Some(nt) if nt.provider == Provider::Postgres => postgres_native(nt, column.auto_increment),
                _ => postgres_family(family, column.auto_increment).to_string(),
            },
        };
        if column.arity == Arity::List {
            format!("{base}[]")
        } else {
            base
        }
    }

    fn default_sql(&self, column: &Column, schema: &SqlSchema) -> Option<String> {
        Some(match column.default.as_ref()? {
            DefaultValue::Now => "CURRENT_TIMESTAMP".into(),
            DefaultValue::DbGenerated(expr) => expr.clone(),
            DefaultValue::Value(v) => self.value(v, &self.column_type(column, schema)),
        })
    }

    fn render_create_table(&self, schema: &SqlSchema, table: &Table, _table_index: usize) -> Vec<String> {
        let columns: Vec<String> =
            table.columns.iter().map(|c| format!("{INDENT}{}", self.column_definition(c, table, schema))).collect();
        let mut sql = format!("CREATE TABLE {} (\n{}", self.table_ref(table), columns.join(",\n"));
        if let Some(pk) = &table.primary_key {
            let cols: Vec<String> = pk.columns.iter().map(|c| self.quote(&c.name)).collect();
            sql.push_str(&format!(",\n\n{INDENT}CONSTRAINT {} PRIMARY KEY ({})", self.quote(&pk.name), cols.join(",")));
        }
        sql.push_str("\n)");
        vec![sql]
    }
}

/// The SQLite declared type of a column. Native types of another provider are mapped to the SQLite
/// storage that keeps every value (see the README's type table).
fn sqlite_type(column: &Column, cross: bool) -> String {
    if column.arity == Arity::List {
        // SQLite has no arrays: a JSON array.
        return "JSONB".into();
    }
    let native = column.native_type.as_ref().filter(|nt| nt.provider != Provider::Sqlite);
    match &column.family {
        TypeFamily::Int => "INTEGER".into(),
        TypeFamily::BigInt => "BIGINT".into(),
        TypeFamily::Float => "REAL".into(),
        TypeFamily::Decimal => match native {
            None => "DECIMAL".into(),
            // NUMERIC affinity keeps 15 significant digits exactly; wider decimals are kept as text.
            Some(nt) if nt.name == "Decimal" && nt.args.first().is_some_and(|p| *p <= 15) => {
                format!("DECIMAL{}", args(&nt.args))
            }
            Some(_) => "TEXT".into(),
        },
        TypeFamily::Boolean => "BOOLEAN".into(),
        TypeFamily::String | TypeFamily::Enum(_) => "TEXT".into(),
        TypeFamily::DateTime => "DATETIME".into(),
        TypeFamily::Json => "JSONB".into(),
        TypeFamily::Binary => "BLOB".into(),
        // A raw type of another database: BLOB affinity stores any value unchanged.
        TypeFamily::Unsupported(_) if cross => "BLOB".into(),
        TypeFamily::Unsupported(t) => t.clone(),
    }
}

impl Sqlite {
    fn value(&self, v: &Value, as_text: bool) -> String {
        match v {
            Value::String(s) | Value::Enum(s) | Value::DateTime(s) | Value::Json(s) => self.string_literal(s),
            Value::Bytes(b) => format!("'{}'", hex(b)),
            Value::Int(i) => i.to_string(),
            Value::Number(n) if as_text => self.string_literal(n),
            Value::Number(n) => n.clone(),
            Value::Boolean(b) => b.to_string(),
            Value::List(items) => self.string_literal(&json_array(items)),
        }
    }
}

/// A list default as a JSON array (lists are stored as JSON on SQLite).
fn json_array(items: &[Value]) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|v| match v {
            Value::String(s) | Value::Enum(s) | Value::DateTime(s) => serde_json::Value::from(s.as_str()).to_string(),
            Value::Bytes(b) => serde_json::Value::from(hex(b)).to_string(),
            Value::Int(i) => i.to_string(),
            Value::Number(n) => n.clone(),
            Value::Boolean(b) => b.to_string(),
            Value::Json(j) => j.clone(),
            Value::List(l) => json_array(l),
        })
        .collect();
    format!("[{}]", items.join(","))
}

impl SqlRenderer for Sqlite {
    fn column_type(&self, column: &Column, schema: &SqlSchema) -> String {
        sqlite_type(column, schema.is_cross_provider())
    }

    fn default_sql(&self, column: &Column, schema: &SqlSchema) -> Option<String> {
        Some(match column.default.as_ref()? {
            DefaultValue::Now => "CURRENT_TIMESTAMP".into(),
            DefaultValue::DbGenerated(expr) => expr.clone(),
            DefaultValue::Value(v) => self.value(v, self.column_type(column, schema) == "TEXT"),
        })
    }

    fn column_definition(&self, column: &Column, table: &Table, schema: &SqlSchema) -> String {
        let mut s = format!("{} {}", self.quote(&column.name), self.column_type(column, schema));
        if column.arity == Arity::Required {
            s.push_str(" NOT NULL");
        }
        if table.is_single_pk(&column.name) {
            s.push_str(" PRIMARY KEY");
            // Prisma makes every single INTEGER primary key AUTOINCREMENT on SQLite.
            if column.family.is_int() {
                s.push_str(" AUTOINCREMENT");
            }
        }
        if let Some(d) = self.default_sql(column, schema) {
            s.push_str(" DEFAULT ");
            s.push_str(&d);
        }
        s
    }

    fn render_create_table(&self, schema: &SqlSchema, table: &Table, table_index: usize) -> Vec<String> {
        let columns: Vec<String> =
            table.columns.iter().map(|c| format!("{INDENT}{}", self.column_definition(c, table, schema))).collect();
        let mut sql = format!("CREATE TABLE {} (\n{}", self.quote(&table.name), columns.join(",\n"));
        if let Some(pk) = table.primary_key.as_ref().filter(|pk| pk.columns.len() > 1) {
            let cols: Vec<String> = pk.columns.iter().map(|c| c.name.clone()).collect();
            sql.push_str(&format!(",\n\n{INDENT}PRIMARY KEY ({})", self.quoted_list(&cols)));
        }
        for fk in schema.foreign_keys.iter().filter(|fk| fk.table == table_index) {
            let Some(referenced) = schema.tables.get(fk.referenced_table) else { continue };
            sql.push_str(&format!(
                ",\n{INDENT}CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
                self.quote(&fk.name),
                self.quoted_list(&fk.columns),
                self.quote(&referenced.name),
                self.quoted_list(&fk.referenced_columns),
                self.foreign_key_action(fk.on_delete),
                self.foreign_key_action(fk.on_update),
            ));
        }
        sql.push_str("\n)");
        vec![sql]
    }

    fn index_column(&self, c: &IndexColumn) -> String {
        let mut s = self.quote(&c.name);
        match c.sort_order {
            Some(SortOrder::Asc) => s.push_str(" ASC"),
            Some(SortOrder::Desc) => s.push_str(" DESC"),
            None => {}
        }
        s
    }

    fn render_create_index(&self, table: &Table, index: &Index) -> Vec<String> {
        let unique = if index.kind == IndexKind::Unique { "UNIQUE " } else { "" };
        let cols: Vec<String> = index.columns.iter().map(|c| self.index_column(c)).collect();
        let sql = format!(
            "CREATE {unique}INDEX {} ON {}({})",
            self.quote(&index.name),
            self.quote(&table.name),
            cols.join(", ")
        );
        if index.name.starts_with("sqlite_") {
            vec![format!("Pragma writable_schema=1;\n{sql};\nPragma writable_schema=0")]
        } else {
            vec![sql]
        }
    }

    /// Foreign keys are part of CREATE TABLE on SQLite; adding one to an existing table needs a
    /// table rebuild (a later step kind).
    fn render_add_foreign_key(&self, _schema: &SqlSchema, _fk: &ForeignKey) -> Vec<String> {
        Vec::new()
    }
}
