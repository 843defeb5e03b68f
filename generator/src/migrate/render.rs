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
use super::steps::{EnumColumn, RedefineTable, Step, TableChange};
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
            Step::RenameTable { namespace, from, table } => match schema.tables.get(*table) {
                Some(t) => vec![format!(
                    "ALTER TABLE {} RENAME TO {}",
                    self.qualified(namespace.as_deref(), from),
                    self.quote(&t.name)
                )],
                None => Vec::new(),
            },
            Step::AlterEnum { enum_index, added, removed, columns } => {
                self.render_alter_enum(schema, *enum_index, added, removed, columns)
            }
            Step::DropForeignKey { namespace, table, name } => vec![format!(
                "ALTER TABLE {} DROP CONSTRAINT {}",
                self.qualified(namespace.as_deref(), table),
                self.quote(name)
            )],
            Step::DropIndex { namespace, name, .. } => {
                vec![format!("DROP INDEX {}", self.qualified(namespace.as_deref(), name))]
            }
            Step::AlterTable { table, changes } => match schema.tables.get(*table) {
                Some(t) => self.render_alter_table(schema, t, changes),
                None => Vec::new(),
            },
            Step::DropTable { namespace, name } => self.render_drop_table(namespace.as_deref(), name),
            Step::DropEnum { namespace, name } => {
                vec![format!("DROP TYPE {}", self.qualified(namespace.as_deref(), name))]
            }
            Step::RedefineTables { tables } => self.render_redefine_tables(schema, tables),
            Step::RenameForeignKey { namespace, table, from, to } => vec![format!(
                "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
                self.qualified(namespace.as_deref(), table),
                self.quote(from),
                self.quote(to)
            )],
            Step::RenameIndex { table, from, index } => {
                match schema.tables.get(*table).and_then(|t| Some((t, t.indexes.get(*index)?))) {
                    Some((t, i)) => vec![format!(
                        "ALTER INDEX {} RENAME TO {}",
                        self.qualified(t.namespace.as_deref(), from),
                        self.quote(&i.name)
                    )],
                    None => Vec::new(),
                }
            }
            Step::RedefineIndex { table, from, index } => {
                match schema.tables.get(*table).and_then(|t| Some((t, t.indexes.get(*index)?))) {
                    Some((t, i)) => {
                        let mut v = vec![format!("DROP INDEX {}", self.qualified(t.namespace.as_deref(), from))];
                        v.extend(self.render_create_index(t, i));
                        v
                    }
                    None => Vec::new(),
                }
            }
        }
    }

    fn render_drop_table(&self, namespace: Option<&str>, name: &str) -> Vec<String> {
        vec![format!("DROP TABLE {}", self.qualified(namespace, name))]
    }

    /// Adding values: `ALTER TYPE .. ADD VALUE`. Removing values: a new type, the columns cast to
    /// it (through text), the old type dropped; defaults dropped before and restored after.
    /// Prisma wraps the latter in `BEGIN`/`COMMIT`; the runner already runs every migration in
    /// one transaction (and refuses transaction control inside a script), so we do not.
    fn render_alter_enum(
        &self,
        schema: &SqlSchema,
        enum_index: usize,
        added: &[String],
        removed: &[String],
        columns: &[EnumColumn],
    ) -> Vec<String> {
        let Some(e) = schema.enums.get(enum_index) else { return Vec::new() };
        let name = self.qualified(e.namespace.as_deref(), &e.name);
        if removed.is_empty() {
            return added.iter().map(|v| format!("ALTER TYPE {name} ADD VALUE {}", self.string_literal(v))).collect();
        }
        let new_name = self.qualified(e.namespace.as_deref(), &format!("{}_new", e.name));
        let values: Vec<String> = e.values.iter().map(|v| self.string_literal(v)).collect();
        let mut out = vec![format!("CREATE TYPE {new_name} AS ENUM ({})", values.join(", "))];
        let mut restore = Vec::new();
        for c in columns {
            let Some(t) = schema.tables.get(c.table) else { continue };
            let col = self.quote(&c.column);
            out.push(format!("ALTER TABLE {} ALTER COLUMN {col} DROP DEFAULT", self.table_ref(t)));
            let is_list = c.restore_default_of.and_then(|i| t.columns.get(i)).is_some_and(|c| c.arity == Arity::List);
            let cast = if is_list { format!("{new_name}[]") } else { new_name.clone() };
            let via = if is_list { "text[]" } else { "text" };
            out.push(format!(
                "ALTER TABLE {} ALTER COLUMN {col} TYPE {cast} USING ({col}::{via}::{cast})",
                self.table_ref(t)
            ));
            if let Some(d) =
                c.restore_default_of.and_then(|i| t.columns.get(i)).and_then(|tc| self.default_sql(tc, schema))
            {
                restore.push(format!("ALTER TABLE {} ALTER COLUMN {col} SET DEFAULT {d}", self.table_ref(t)));
            }
        }
        let old_name = format!("{}_old", e.name);
        out.push(format!("ALTER TYPE {name} RENAME TO {}", self.quote(&old_name)));
        out.push(format!("ALTER TYPE {new_name} RENAME TO {}", self.quote(&e.name)));
        out.push(format!("DROP TYPE {}", self.qualified(e.namespace.as_deref(), &old_name)));
        out.extend(restore);
        out
    }

    /// The column's type without `SERIAL`: what `SET DATA TYPE` and sequences take.
    fn plain_column_type(&self, column: &Column, schema: &SqlSchema) -> String {
        if column.auto_increment {
            let plain = Column { auto_increment: false, ..column.clone() };
            self.column_type(&plain, schema)
        } else {
            self.column_type(column, schema)
        }
    }

    /// The sequence Prisma creates when `autoincrement()` is added to an existing column:
    /// `{table}_{column}_seq` in lower case, unquoted as Prisma writes it (quoted when it is not
    /// a plain identifier, where Prisma's unquoted name would not parse).
    fn sequence_name(&self, table: &Table, column: &Column) -> String {
        let name = format!("{}_{}_seq", table.name, column.name).to_lowercase();
        let plain = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        let name = if plain { name } else { self.quote(&name) };
        match &table.namespace {
            Some(ns) => format!("{}.{name}", self.quote(ns)),
            None => name,
        }
    }

    /// A statement run on the sequence that owns the column's values, whatever its name (the
    /// `"T_c_seq"` of a `SERIAL` column or the `t_c_seq` of an added `autoincrement()`):
    /// PostgreSQL finds it by ownership. Nothing happens when no sequence owns the column.
    fn owned_sequence_statement(&self, table: &Table, column: &Column, statement: &str, suffix: &str) -> String {
        let lookup = format!(
            "pg_get_serial_sequence({}, {})",
            self.string_literal(&self.table_ref(table)),
            self.string_literal(&column.name)
        );
        format!(
            "DO $$ DECLARE s text := {lookup}; BEGIN IF s IS NOT NULL THEN EXECUTE {} || s{}; END IF; END $$",
            self.string_literal(&format!("{statement} ")),
            if suffix.is_empty() { String::new() } else { format!(" || {}", self.string_literal(suffix)) }
        )
    }

    /// `ALTER TABLE`: column renames as statements of their own, then every other change in one
    /// statement, as Prisma writes it; sequences are created before it, owned, renamed primary
    /// keys and dropped sequences after it.
    fn render_alter_table(&self, schema: &SqlSchema, table: &Table, changes: &[TableChange]) -> Vec<String> {
        let t = self.table_ref(table);
        let mut out = Vec::new();
        let mut before = Vec::new();
        let mut clauses = Vec::new();
        let mut after = Vec::new();
        let col = |i: &usize| table.columns.get(*i);
        for c in changes {
            match c {
                TableChange::RenameColumn { from, to } => {
                    out.push(format!("ALTER TABLE {t} RENAME COLUMN {} TO {}", self.quote(from), self.quote(to)))
                }
                TableChange::DropPrimaryKey { name } => clauses.push(format!("DROP CONSTRAINT {}", self.quote(name))),
                TableChange::RenamePrimaryKey { from, to } => {
                    after.push(format!("ALTER TABLE {t} RENAME CONSTRAINT {} TO {}", self.quote(from), self.quote(to)))
                }
                TableChange::DropColumn { name } => clauses.push(format!("DROP COLUMN {}", self.quote(name))),
                TableChange::AddColumn { column } => {
                    if let Some(c) = col(column) {
                        clauses.push(format!("ADD COLUMN     {}", self.column_definition(c, table, schema)));
                    }
                }
                TableChange::DropAndRecreateColumn { column } => {
                    if let Some(c) = col(column) {
                        clauses.push(format!("DROP COLUMN {}", self.quote(&c.name)));
                        clauses.push(format!("ADD COLUMN     {}", self.column_definition(c, table, schema)));
                    }
                }
                TableChange::AlterColumn { column, arity, default, data_type, auto_increment } => {
                    let Some(c) = col(column) else { continue };
                    let name = self.quote(&c.name);
                    if *arity && c.arity == Arity::Required {
                        // NULLs take the new default first, so SET NOT NULL keeps every row (as
                        // SQLite's rebuild does with coalesce; Prisma would fail here).
                        if let Some(d) = self.default_sql(c, schema) {
                            out.push(format!("UPDATE {t} SET {name} = {d} WHERE {name} IS NULL"));
                        }
                    }
                    if *arity {
                        let what = if c.arity == Arity::Required { "SET" } else { "DROP" };
                        clauses.push(format!("ALTER COLUMN {name} {what} NOT NULL"));
                    }
                    let sequence_added = *auto_increment && c.auto_increment;
                    let sequence_dropped = *auto_increment && !c.auto_increment;
                    if sequence_added {
                        // Prisma's statements, plus the setval: rows already there keep their
                        // ids and new rows get ids above them.
                        let seq = self.sequence_name(table, c);
                        let seq_literal = self.string_literal(&seq);
                        before.push(format!("CREATE SEQUENCE {seq}"));
                        clauses.push(format!("ALTER COLUMN {name} SET DEFAULT nextval({seq_literal})"));
                        after.push(format!("ALTER SEQUENCE {seq} OWNED BY {t}.{name}"));
                        after.push(format!(
                            "SELECT setval({seq_literal}, max({name})) FROM {t} HAVING max({name}) >= 1"
                        ));
                    } else if *default || sequence_dropped {
                        match self.default_sql(c, schema) {
                            Some(d) => clauses.push(format!("ALTER COLUMN {name} SET DEFAULT {d}")),
                            None => clauses.push(format!("ALTER COLUMN {name} DROP DEFAULT")),
                        }
                    }
                    if *data_type {
                        // Not `SERIAL`, which is no type (Prisma writes `SET DATA TYPE BIGSERIAL`).
                        let ty = self.plain_column_type(c, schema);
                        if matches!(c.family, TypeFamily::Enum(_)) {
                            let via = if c.arity == Arity::List { "text[]" } else { "text" };
                            clauses.push(format!("ALTER COLUMN {name} SET DATA TYPE {ty} USING ({name}::{via}::{ty})"));
                        } else {
                            clauses.push(format!("ALTER COLUMN {name} SET DATA TYPE {ty}"));
                        }
                        // A kept sequence follows the column's type (Int -> BigInt: a SERIAL's
                        // sequence would stop at 2^31 - 1).
                        if c.auto_increment
                            && !*auto_increment
                            && matches!(ty.as_str(), "SMALLINT" | "INTEGER" | "BIGINT")
                        {
                            after.push(self.owned_sequence_statement(table, c, "ALTER SEQUENCE", &format!(" AS {ty}")));
                        }
                    }
                    if sequence_dropped {
                        // Prisma writes `DROP SEQUENCE "";` (it does not know the name).
                        after.push(self.owned_sequence_statement(table, c, "DROP SEQUENCE", ""));
                    }
                }
                TableChange::AddPrimaryKey => {
                    if let Some(pk) = &table.primary_key {
                        let cols: Vec<String> = pk.columns.iter().map(|c| self.quote(&c.name)).collect();
                        clauses.push(format!(
                            "ADD CONSTRAINT {} PRIMARY KEY ({})",
                            self.quote(&pk.name),
                            cols.join(", ")
                        ));
                    }
                }
            }
        }
        out.extend(before);
        if !clauses.is_empty() {
            out.push(format!("ALTER TABLE {t} {}", clauses.join(",\n")));
        }
        out.extend(after);
        out
    }

    /// SQLite's table rebuild; other dialects alter tables in place.
    fn render_redefine_tables(&self, _schema: &SqlSchema, _tables: &[RedefineTable]) -> Vec<String> {
        Vec::new()
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

    fn render_drop_table(&self, _namespace: Option<&str>, name: &str) -> Vec<String> {
        vec![
            "PRAGMA foreign_keys=off".into(),
            format!("DROP TABLE {}", self.quote(name)),
            "PRAGMA foreign_keys=on".into(),
        ]
    }

    /// Prisma's rebuild: with foreign keys off, create `new_T`, copy the kept columns, drop `T`,
    /// rename `new_T` to `T`, create its indexes.
    fn render_redefine_tables(&self, schema: &SqlSchema, tables: &[RedefineTable]) -> Vec<String> {
        let mut out = vec!["PRAGMA defer_foreign_keys=ON".to_string(), "PRAGMA foreign_keys=OFF".to_string()];
        for r in tables {
            let Some(table) = schema.tables.get(r.table) else { continue };
            let mut temp = table.clone();
            temp.name = format!("new_{}", table.name);
            out.extend(self.render_create_table(schema, &temp, r.table));
            if !r.copy.is_empty() {
                let to: Vec<String> = r.copy.iter().map(|c| self.quote(&c.to)).collect();
                let from: Vec<String> = r
                    .copy
                    .iter()
                    .map(|c| {
                        let d = if c.coalesce {
                            table.column(&c.to).and_then(|tc| self.default_sql(tc, schema))
                        } else {
                            None
                        };
                        match d {
                            Some(d) => format!("coalesce({}, {d}) AS {}", self.quote(&c.from), self.quote(&c.to)),
                            None => self.quote(&c.from),
                        }
                    })
                    .collect();
                out.push(format!(
                    "INSERT INTO {} ({}) SELECT {} FROM {}",
                    self.quote(&temp.name),
                    to.join(", "),
                    from.join(", "),
                    self.quote(&r.from_name)
                ));
            }
            out.push(format!("DROP TABLE {}", self.quote(&r.from_name)));
            out.push(format!("ALTER TABLE {} RENAME TO {}", self.quote(&temp.name), self.quote(&table.name)));
            for index in &table.indexes {
                out.extend(self.render_create_index(table, index));
            }
        }
        out.push("PRAGMA foreign_keys=ON".into());
        out.push("PRAGMA defer_foreign_keys=OFF".into());
        out
    }

    /// SQLite alters a table in place only to rename columns and add nullable columns, one
    /// statement each; every other change is a rebuild.
    fn render_alter_table(&self, schema: &SqlSchema, table: &Table, changes: &[TableChange]) -> Vec<String> {
        let t = self.quote(&table.name);
        let mut out = Vec::new();
        for c in changes {
            match c {
                TableChange::RenameColumn { from, to } => {
                    out.push(format!("ALTER TABLE {t} RENAME COLUMN {} TO {}", self.quote(from), self.quote(to)))
                }
                TableChange::AddColumn { column } => {
                    if let Some(c) = table.columns.get(*column) {
                        out.push(format!("ALTER TABLE {t} ADD COLUMN {}", self.column_definition(c, table, schema)));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Foreign keys are part of CREATE TABLE on SQLite; adding one to an existing table goes
    /// through a table rebuild.
    fn render_add_foreign_key(&self, _schema: &SqlSchema, _fk: &ForeignKey) -> Vec<String> {
        Vec::new()
    }
}
