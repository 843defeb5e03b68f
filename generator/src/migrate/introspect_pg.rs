//! PostgreSQL history without snapshots: the migrations are replayed into a scratch schema on a
//! PostgreSQL server (Prisma's shadow database), and the scratch schema's catalog is read back into a
//! [`SqlSchema`] shaped the way [`super::calculate`] shapes one, so that diffing it against a schema gives
//! what diffing the snapshot would.
//!
//! The scratch schema is `_schemagen_shadow_<pid>_<nanos>`: created, set as the only schema of the
//! `search_path`, filled by every `migration.sql` in order, read, and dropped — also when a script fails.
//! Objects of the scratch schema stand for the default schema (`public`): tables and enums come back
//! without a namespace, as a schema without `@@schema` computes them. Histories that create or name other
//! schemas (multiSchema) are refused before anything runs: their scripts would write outside the scratch
//! schema.
//!
//! The catalog cannot tell some spellings of one database apart (`sort: Asc` and no sort order, `type:
//! BTree` and no type, a default operator class written out or not, `@db.Char` and `@db.Char(1)`, JSON
//! defaults that differ only in whitespace...). [`align`] takes the target schema's spelling for those, so
//! they do not show up as changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::sql_schema::{
    Arity, Column, DefaultValue, ForeignKey, ForeignKeyAction, Index, IndexAlgorithm, IndexColumn, IndexKind,
    MigrateError, NativeType, PrimaryKey, SortOrder, SqlEnum, SqlSchema, Table, TypeFamily, Value,
};
use super::values;
use crate::connector::Provider;

fn err<T>(message: impl Into<String>) -> Result<T, MigrateError> {
    Err(MigrateError { message: message.into() })
}

/// Connects to a PostgreSQL server given by URL (`postgresql://…` or `postgres://…`) exactly as the runtime
/// does: Prisma's own parameters (`schema`, `connection_limit`, …) understood, TLS as `sslmode`/`sslaccept`/
/// `sslcert` ask. Every connection of the migrations library goes through here.
pub fn connect_pg(url: &str) -> Result<postgres::Client, MigrateError> {
    if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return err(format!("{}: expected a postgresql:// URL", schemagen_runtime::redact(url)));
    }
    // The runtime's reading of the URL (Prisma's parameters, TLS); its errors hide the password.
    schemagen_runtime::postgres_client(url).map(|(client, _schema)| client).or_else(|e| err(e.to_string()))
}

/// A PostgreSQL error with the server's message, detail, hint and position when there is one.
fn pg_error(e: &postgres::Error) -> String {
    let Some(db) = e.as_db_error() else { return e.to_string() };
    let mut s = format!("{}: {} (SQLSTATE {})", db.severity(), db.message(), db.code().code());
    if let Some(d) = db.detail() {
        s.push_str(&format!("; {d}"));
    }
    if let Some(h) = db.hint() {
        s.push_str(&format!("; hint: {h}"));
    }
    s
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A line of `sql` (1-based) at byte `offset`, for error positions.
fn line_of(sql: &str, offset: usize) -> usize {
    sql.get(..offset).map_or(0, |s| s.matches('\n').count()) + 1
}

/// Why a history cannot be replayed into one scratch schema: it creates or names other schemas.
fn multi_schema_use(path: &Path, sql: &str) -> Option<String> {
    for (i, line) in sql.lines().enumerate() {
        let upper = line.trim_start().to_ascii_uppercase();
        if let Some(rest) = upper.strip_prefix("CREATE SCHEMA") {
            let name = rest.trim().trim_start_matches("IF NOT EXISTS").trim().trim_end_matches(';').trim();
            if name != "\"PUBLIC\"" && name != "PUBLIC" {
                return Some(format!("{}:{}: `{}`", path.display(), i + 1, line.trim()));
            }
        }
        let qualified = ["TABLE", "ON", "REFERENCES", "TYPE", "INDEX", "EXISTS"]
            .iter()
            .any(|k| line.contains(&format!("{k} \"public\".")));
        if qualified {
            return Some(format!("{}:{}: `{}`", path.display(), i + 1, line.trim()));
        }
    }
    None
}

/// Replays the `migration.sql` of every folder of `dirs`, in order, into a scratch schema on the server
/// at `shadow_url`, and reads the result back. The scratch schema is dropped in every case. With `target`,
/// its `dbgenerated` expressions are also written to the matching scratch columns and read back, so that
/// [`align`] compares them as PostgreSQL normalizes them (`now() + interval '1 day'` is stored as
/// `(now() + '1 day'::interval)`).
pub fn replay_postgres(
    dirs: &[PathBuf],
    shadow_url: &str,
    target: Option<&SqlSchema>,
) -> Result<Replayed, MigrateError> {
    let mut scripts = Vec::new();
    for d in dirs {
        let path = d.join("migration.sql");
        let sql = std::fs::read_to_string(&path).or_else(|e| err(format!("cannot read {}: {e}", path.display())))?;
        if let Some(place) = multi_schema_use(&path, &sql) {
            return err(format!(
                "{place} names a schema other than the default one (multiSchema): a history without snapshots is \
                 replayed into one scratch schema, which cannot hold it. Keep the snapshots schemagen writes \
                 (schema.snapshot.json), or start a new history from the current database"
            ));
        }
        scripts.push((path, sql));
    }
    let mut client = connect_pg(shadow_url).map_err(|e| MigrateError { message: format!("--shadow-url: {e}") })?;
    match replay_into_scratch(&mut client, &scripts, false, target) {
        // A type the scripts use but do not create (an extension installed on the server beforehand, e.g.
        // citext in `public`): replay again with the extensions' schemas visible after the scratch schema.
        Err(Failure::UndefinedType(_)) => match replay_into_scratch(&mut client, &scripts, true, target) {
            Err(Failure::UndefinedType(e)) | Err(Failure::Other(e)) => err(format!(
                "{e}\nhint: the history is replayed into a scratch schema on the --shadow-url server, with the \
                     schemas of the extensions installed there visible: a type that no migration creates must come \
                     from an extension installed on that server (e.g. CREATE EXTENSION citext), or be created by a \
                     migration"
            )),
            Ok(r) => Ok(r),
        },
        Err(Failure::Other(e)) => err(e),
        Ok(r) => Ok(r),
    }
}

enum Failure {
    /// SQLSTATE 42704 (undefined object) while replaying: the message.
    UndefinedType(String),
    Other(String),
}

fn replay_into_scratch(
    client: &mut postgres::Client,
    scripts: &[(PathBuf, String)],
    with_extensions: bool,
    target: Option<&SqlSchema>,
) -> Result<Replayed, Failure> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let scratch = format!("_schemagen_shadow_{}_{nanos}", std::process::id());
    let mut path = vec![quote(&scratch)];
    if with_extensions {
        let rows = client
            .query(
                "SELECT DISTINCT n.nspname::text FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace \
                 WHERE n.nspname <> 'pg_catalog' ORDER BY 1",
                &[],
            )
            .map_err(|e| Failure::Other(format!("reading the shadow server's extensions: {}", pg_error(&e))))?;
        path.extend(rows.iter().map(|r| quote(&r.get::<_, String>(0))));
    }
    let run = |client: &mut postgres::Client| -> Result<Replayed, Failure> {
        client
            .batch_execute(&format!("CREATE SCHEMA {}; SET search_path TO {}", quote(&scratch), path.join(", ")))
            .map_err(|e| Failure::Other(format!("creating a scratch schema on the shadow server: {}", pg_error(&e))))?;
        for (file, sql) in scripts {
            if let Err(e) = client.batch_execute(sql) {
                let mut at = file.display().to_string();
                if let Some(postgres::error::ErrorPosition::Original(p)) = e.as_db_error().and_then(|d| d.position()) {
                    // The position counts characters from 1.
                    let byte = sql.char_indices().nth((*p as usize).saturating_sub(1)).map_or(sql.len(), |(b, _)| b);
                    at = format!("{at}:{}", line_of(sql, byte));
                }
                let message = format!("replaying {at} into a scratch schema: {}", pg_error(&e));
                let undefined = e.code() == Some(&postgres::error::SqlState::UNDEFINED_OBJECT);
                return Err(if undefined && !with_extensions {
                    Failure::UndefinedType(message)
                } else {
                    Failure::Other(message)
                });
            }
        }
        let mut replayed = introspect(client, &scratch)
            .map_err(|e| Failure::Other(format!("reading the replayed schema: {}", pg_error(&e))))?;
        if let Some(target) = target {
            replayed.normalized_target_defaults = normalize_target_defaults(client, &scratch, &replayed, target);
        }
        Ok(replayed)
    };
    let result = run(client);
    // Always drop the scratch schema (the scripts may have changed the search_path: name it in full).
    let cleanup =
        client.batch_execute(&format!("RESET search_path; DROP SCHEMA IF EXISTS {} CASCADE", quote(&scratch)));
    let replayed = result?;
    cleanup.map_err(|e| {
        Failure::Other(format!("dropping the scratch schema {scratch} on the shadow server: {}", pg_error(&e)))
    })?;
    Ok(replayed)
}

/// A replayed history: the state, plus what [`align`] needs to know about the catalog.
#[derive(Debug, Clone, Default)]
pub struct Replayed {
    pub schema: SqlSchema,
    /// (table, column) -> the default expression as the catalog shows it.
    pub raw_defaults: BTreeMap<(String, String), String>,
    /// (table, index, column) -> the operator class the index uses, where it is the default one (the
    /// column then has no `operator_class`).
    pub default_opclasses: BTreeMap<(String, String, String), String>,
    /// (table, column) -> the target's `dbgenerated` expression as PostgreSQL stores it.
    pub normalized_target_defaults: BTreeMap<(String, String), String>,
}

/// The target's `dbgenerated` defaults that differ in spelling from the replayed ones, set on the scratch
/// columns and read back (an expression PostgreSQL refuses is left out: it then differs).
fn normalize_target_defaults(
    client: &mut postgres::Client,
    scratch: &str,
    replayed: &Replayed,
    target: &SqlSchema,
) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for t in target.tables.iter().filter(|t| t.namespace.is_none()) {
        for c in &t.columns {
            let Some(DefaultValue::DbGenerated(expr)) = &c.default else { continue };
            let key = (t.name.clone(), c.name.clone());
            let Some(raw) = replayed.raw_defaults.get(&key) else { continue };
            if raw == expr {
                continue;
            }
            let table = format!("{}.{}", quote(scratch), quote(&t.name));
            let set = format!("ALTER TABLE {table} ALTER COLUMN {} SET DEFAULT {expr}", quote(&c.name));
            if client.batch_execute(&set).is_err() {
                continue;
            }
            let row = client.query_one(
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a \
                 ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = $1::text::regclass AND a.attname = $2",
                &[&table, &c.name],
            );
            if let Ok(Some(normalized)) = row.map(|r| r.get::<_, Option<String>>(0)) {
                out.insert(key, normalized);
            }
        }
    }
    out
}

/// The PostgreSQL catalog of namespace `ns`, as a [`SqlSchema`] (see the module documentation).
pub fn introspect(client: &mut postgres::Client, ns: &str) -> Result<Replayed, postgres::Error> {
    let mut out = Replayed {
        schema: SqlSchema {
            provider: Some(Provider::Postgres),
            source_provider: Some(Provider::Postgres),
            ..SqlSchema::default()
        },
        ..Replayed::default()
    };
    let nsq = "(SELECT oid FROM pg_namespace WHERE nspname = $1)";

    // Enums, in creation order.
    let enums = client.query(
        &format!(
            "SELECT t.typname::text, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid \
             ORDER BY e.enumsortorder) FROM pg_type t WHERE t.typnamespace = {nsq} AND t.typtype = 'e' ORDER BY t.oid"
        ),
        &[&ns],
    )?;
    for row in enums {
        out.schema.enums.push(SqlEnum { name: row.get(0), namespace: None, values: row.get(1) });
    }

    // Tables, in creation order.
    let tables = client.query(
        &format!(
            "SELECT c.oid::int8, c.relname::text FROM pg_class c WHERE c.relnamespace = {nsq} \
             AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations' ORDER BY c.oid"
        ),
        &[&ns],
    )?;
    let mut table_of_oid: BTreeMap<i64, usize> = BTreeMap::new();
    for row in tables {
        table_of_oid.insert(row.get(0), out.schema.tables.len());
        out.schema.tables.push(Table {
            name: row.get(1),
            namespace: None,
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
        });
    }

    // Columns.
    let columns = client.query(
        &format!(
            "SELECT a.attrelid::int8, a.attname::text, et.typname::text, et.typtype::text, et.typnamespace = {nsq}, \
                    t.typcategory = 'A', a.atttypmod, a.attnotnull, pg_get_expr(d.adbin, d.adrelid), \
                    format_type(et.oid, a.atttypmod), a.attgenerated::text \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_type t ON t.oid = a.atttypid \
             JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE c.relnamespace = {nsq} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY c.oid, a.attnum"
        ),
        &[&ns],
    )?;
    for row in columns {
        let Some(&ti) = table_of_oid.get(&row.get::<_, i64>(0)) else { continue };
        let name: String = row.get(1);
        let typname: String = row.get(2);
        let typtype: String = row.get(3);
        let local_type: bool = row.get(4);
        let list: bool = row.get(5);
        let typmod: i32 = row.get(6);
        let not_null: bool = row.get(7);
        let default: Option<String> = row.get(8);
        let formatted: String = row.get(9);
        let generated: String = row.get(10);
        let (family, native_type) = if typtype == "e" && local_type {
            match out.schema.enums.iter().position(|e| e.name == typname) {
                Some(i) => (TypeFamily::Enum(i), None),
                None => (TypeFamily::Unsupported(formatted), None),
            }
        } else {
            type_of(&typname, typmod).unwrap_or((TypeFamily::Unsupported(formatted), None))
        };
        let arity = if list {
            Arity::List
        } else if not_null {
            Arity::Required
        } else {
            Arity::Nullable
        };
        let table_name = out.schema.tables[ti].name.clone();
        let mut column = Column { name, family, native_type, arity, default: None, auto_increment: false };
        if let Some(expr) = default.filter(|_| generated.is_empty()) {
            let serial = expr.starts_with("nextval(")
                && matches!(column.family, TypeFamily::Int | TypeFamily::BigInt)
                && column.arity != Arity::List;
            if serial {
                column.auto_increment = true;
            } else {
                column.default = Some(default_value(&expr, &column));
            }
            out.raw_defaults.insert((table_name, column.name.clone()), expr);
        }
        out.schema.tables[ti].columns.push(column);
    }

    // Indexes and primary keys (expression and partial indexes are left out: a schema cannot describe them).
    let indexes = client.query(
        &format!(
            "SELECT x.indrelid::int8, i.relname::text, x.indisunique, x.indisprimary, am.amname::text, \
                    a.attname::text, (x.indoption[(k.ord - 1)::int]::int & 1) = 1, opc.opcname::text, opc.opcdefault, \
                    x.indexprs IS NOT NULL OR x.indpred IS NOT NULL \
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
             JOIN pg_am am ON am.oid = i.relam \
             CROSS JOIN LATERAL unnest(x.indkey::int2[], x.indclass::oid[]) WITH ORDINALITY AS k(attnum, opclass, ord) \
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0 \
             LEFT JOIN pg_opclass opc ON opc.oid = k.opclass \
             WHERE t.relnamespace = {nsq} AND t.relkind IN ('r', 'p') AND k.ord <= x.indnkeyatts \
             ORDER BY i.oid, k.ord"
        ),
        &[&ns],
    )?;
    // (table, name) -> (unique, primary, method, columns, skip)
    type Raw = (usize, String, bool, bool, String, Vec<IndexColumn>, bool);
    let mut raw: Vec<Raw> = Vec::new();
    for row in indexes {
        let Some(&ti) = table_of_oid.get(&row.get::<_, i64>(0)) else { continue };
        let name: String = row.get(1);
        if raw.last().is_none_or(|r| r.0 != ti || r.1 != name) {
            raw.push((ti, name.clone(), row.get(2), row.get(3), row.get(4), Vec::new(), row.get(9)));
        }
        let Some(entry) = raw.last_mut() else { continue };
        let column: Option<String> = row.get(5);
        let Some(column) = column else {
            entry.6 = true; // an expression
            continue;
        };
        let desc: Option<bool> = row.get(6);
        let opclass: Option<String> = row.get(7);
        let is_default: Option<bool> = row.get(8);
        let operator_class = match (opclass, is_default) {
            (Some(o), Some(true)) => {
                let table = out.schema.tables[ti].name.clone();
                out.default_opclasses.insert((table, name.clone(), column.clone()), o);
                None
            }
            (o, _) => o,
        };
        entry.5.push(IndexColumn {
            name: column,
            sort_order: (desc == Some(true)).then_some(SortOrder::Desc),
            length: None,
            operator_class,
        });
    }
    for (ti, name, unique, primary, method, columns, skip) in raw {
        if skip {
            continue;
        }
        let table = &mut out.schema.tables[ti];
        if primary {
            table.primary_key = Some(PrimaryKey { name, columns });
            continue;
        }
        let algorithm = match method.as_str() {
            "btree" => None,
            "hash" => Some(IndexAlgorithm::Hash),
            "gist" => Some(IndexAlgorithm::Gist),
            "gin" => Some(IndexAlgorithm::Gin),
            "spgist" => Some(IndexAlgorithm::SpGist),
            "brin" => Some(IndexAlgorithm::Brin),
            _ => continue,
        };
        let kind = if unique { IndexKind::Unique } else { IndexKind::Normal };
        table.indexes.push(Index { name, kind, columns, algorithm });
    }

    // Foreign keys, in creation order.
    let fks = client.query(
        &format!(
            "SELECT k.conrelid::int8, k.conname::text, k.confrelid::int8, k.confdeltype::text, k.confupdtype::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o) \
                          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o), \
                    ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o) \
                          JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o) \
             FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid \
             WHERE k.contype = 'f' AND t.relnamespace = {nsq} ORDER BY k.oid"
        ),
        &[&ns],
    )?;
    for row in fks {
        let (Some(&table), Some(&referenced_table)) =
            (table_of_oid.get(&row.get::<_, i64>(0)), table_of_oid.get(&row.get::<_, i64>(2)))
        else {
            continue;
        };
        let action = |c: String| match c.as_str() {
            "c" => ForeignKeyAction::Cascade,
            "r" => ForeignKeyAction::Restrict,
            "n" => ForeignKeyAction::SetNull,
            "d" => ForeignKeyAction::SetDefault,
            _ => ForeignKeyAction::NoAction,
        };
        out.schema.foreign_keys.push(ForeignKey {
            name: row.get(1),
            table,
            columns: row.get(5),
            referenced_table,
            referenced_columns: row.get(6),
            on_delete: action(row.get(3)),
            on_update: action(row.get(4)),
        });
    }

    if !out.schema.tables.is_empty() || !out.schema.enums.is_empty() {
        out.schema.namespaces = vec!["public".to_string()];
    }
    Ok(out)
}

/// A built-in type's family and Prisma native type (`None`: not a type a Prisma scalar maps to).
fn type_of(typname: &str, typmod: i32) -> Option<(TypeFamily, Option<NativeType>)> {
    let nt =
        |name: &str, args: Vec<u32>| Some(NativeType { provider: Provider::Postgres, name: name.to_string(), args });
    // varchar/char: typmod = length + 4; numeric: ((precision << 16) | scale) + 4; time types and bit: as is.
    let len = || if typmod >= 4 { vec![(typmod - 4) as u32] } else { Vec::new() };
    let prec = || if typmod >= 0 { vec![typmod as u32] } else { Vec::new() };
    Some(match typname {
        "int2" => (TypeFamily::Int, nt("SmallInt", vec![])),
        "int4" => (TypeFamily::Int, nt("Integer", vec![])),
        "oid" => (TypeFamily::Int, nt("Oid", vec![])),
        "int8" => (TypeFamily::BigInt, nt("BigInt", vec![])),
        "float4" => (TypeFamily::Float, nt("Real", vec![])),
        "float8" => (TypeFamily::Float, nt("DoublePrecision", vec![])),
        "numeric" => {
            let args = if typmod >= 4 {
                let m = (typmod - 4) as u32;
                vec![m >> 16, m & 0xffff]
            } else {
                Vec::new()
            };
            (TypeFamily::Decimal, nt("Decimal", args))
        }
        "money" => (TypeFamily::Decimal, nt("Money", vec![])),
        "bool" => (TypeFamily::Boolean, nt("Boolean", vec![])),
        "text" => (TypeFamily::String, nt("Text", vec![])),
        "varchar" => (TypeFamily::String, nt("VarChar", len())),
        "bpchar" => (TypeFamily::String, nt("Char", len())),
        "uuid" => (TypeFamily::String, nt("Uuid", vec![])),
        "xml" => (TypeFamily::String, nt("Xml", vec![])),
        "inet" => (TypeFamily::String, nt("Inet", vec![])),
        "citext" => (TypeFamily::String, nt("Citext", vec![])),
        "bit" => (TypeFamily::String, nt("Bit", prec())),
        "varbit" => (TypeFamily::String, nt("VarBit", prec())),
        "date" => (TypeFamily::DateTime, nt("Date", vec![])),
        "time" => (TypeFamily::DateTime, nt("Time", prec())),
        "timetz" => (TypeFamily::DateTime, nt("Timetz", prec())),
        "timestamp" => (TypeFamily::DateTime, nt("Timestamp", prec())),
        "timestamptz" => (TypeFamily::DateTime, nt("Timestamptz", prec())),
        "json" => (TypeFamily::Json, nt("Json", vec![])),
        "jsonb" => (TypeFamily::Json, nt("JsonB", vec![])),
        "bytea" => (TypeFamily::Binary, nt("ByteA", vec![])),
        _ => return None,
    })
}

/// `expr` without one pair of parentheses around all of it.
fn strip_parens(expr: &str) -> &str {
    let t = expr.trim();
    if !(t.starts_with('(') && t.ends_with(')')) {
        return t;
    }
    // Only when the first parenthesis closes at the end.
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in t.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return if i == t.len() - 1 { strip_parens(&t[1..i]) } else { t };
                }
            }
            _ => {}
        }
    }
    t
}

/// `'it''s'::text` -> `it's`, `-1`, `'-1'::integer` -> `-1`, `true` -> `true`; the literal and whether it was
/// quoted. `None` when `expr` is not one literal (with an optional cast).
fn literal(expr: &str) -> Option<(String, bool)> {
    let t = strip_parens(expr);
    if let Some(rest) = t.strip_prefix('\'') {
        let mut s = String::new();
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                    s.push('\'');
                    continue;
                }
                let after = rest[i + 1..].trim();
                // Nothing, or a cast to a type name (no further expression).
                let ok = after.is_empty()
                    || after.strip_prefix("::").is_some_and(|ty| {
                        !ty.is_empty() && ty.chars().all(|c| c.is_alphanumeric() || " _\"[]().,".contains(c))
                    });
                return ok.then_some((s, true));
            }
            s.push(c);
        }
        return None;
    }
    let bare = t.split("::").next().unwrap_or(t).trim();
    let simple = !bare.is_empty() && bare.chars().all(|c| c.is_ascii_alphanumeric() || "-+._".contains(c));
    simple.then(|| (bare.to_string(), false))
}

/// A scalar default of `family`, or `None` when the literal does not fit it.
fn scalar_value(expr: &str, family: &TypeFamily) -> Option<Value> {
    let (text, quoted) = literal(expr)?;
    Some(match family {
        TypeFamily::Int | TypeFamily::BigInt => Value::Int(text.parse().ok()?),
        TypeFamily::Float | TypeFamily::Decimal => {
            text.parse::<f64>().ok()?;
            Value::Number(values::normalize_number(&text))
        }
        TypeFamily::Boolean => Value::Boolean(match text.to_ascii_lowercase().as_str() {
            "true" | "t" => true,
            "false" | "f" => false,
            _ => return None,
        }),
        TypeFamily::String if quoted => Value::String(text),
        TypeFamily::Enum(_) if quoted => Value::Enum(text),
        TypeFamily::Json if quoted => Value::Json(text),
        TypeFamily::DateTime if quoted => Value::DateTime(text),
        TypeFamily::Binary if quoted => Value::Bytes(decode_hex(text.strip_prefix("\\x")?)?),
        _ => return None,
    })
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// The items of `ARRAY[a, b]` (optionally `::type[]`), split at top-level commas.
fn array_items(expr: &str) -> Option<Vec<String>> {
    let t = strip_parens(expr);
    let inner = t.strip_prefix("ARRAY[")?;
    let mut depth = 1i32;
    let mut quoted = false;
    let mut items = Vec::new();
    let mut current = String::new();
    for (i, c) in inner.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '[' | '(' if !quoted => depth += 1,
            ']' | ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    let rest = inner[i + 1..].trim();
                    if !(rest.is_empty() || rest.starts_with("::")) {
                        return None;
                    }
                    if !current.trim().is_empty() {
                        items.push(current.trim().to_string());
                    }
                    return Some(items);
                }
            }
            ',' if !quoted && depth == 1 => {
                items.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    None
}

/// A catalog default expression as a [`DefaultValue`]: `CURRENT_TIMESTAMP` is `now()`, literals of the
/// column's type are values, anything else is kept verbatim as a database expression.
fn default_value(expr: &str, column: &Column) -> DefaultValue {
    if expr.trim() == "CURRENT_TIMESTAMP" {
        return DefaultValue::Now;
    }
    let value = if column.arity == Arity::List {
        array_items(expr).and_then(|items| {
            items.iter().map(|i| scalar_value(i, &column.family)).collect::<Option<Vec<_>>>().map(Value::List)
        })
    } else {
        scalar_value(expr, &column.family)
    };
    match value {
        Some(v) => DefaultValue::Value(v),
        None => DefaultValue::DbGenerated(expr.to_string()),
    }
}

/// Text compared loosely: no whitespace, lower case, no double quotes.
fn loose(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '"').flat_map(char::to_lowercase).collect()
}

/// Whether two defaults are one database default written two ways.
fn same_default(replayed: &DefaultValue, raw: Option<&str>, target: &DefaultValue) -> bool {
    match (replayed, target) {
        (_, DefaultValue::DbGenerated(expr)) => {
            raw.is_some_and(|r| loose(strip_parens(r)) == loose(strip_parens(expr)) || loose(r) == loose(expr))
        }
        (DefaultValue::Value(a), DefaultValue::Value(b)) => same_value(a, b),
        _ => false,
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Json(a), Value::Json(b)) => {
            match (serde_json::from_str::<serde_json::Value>(a), serde_json::from_str::<serde_json::Value>(b)) {
                (Ok(x), Ok(y)) => x == y,
                _ => a == b,
            }
        }
        (Value::DateTime(a), Value::DateTime(b)) => same_instant(a, b),
        (Value::Number(a), Value::Number(b)) => {
            a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
        }
        (Value::List(a), Value::List(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y)),
        _ => a == b,
    }
}

/// `2020-01-02 03:04:05.678` (the catalog, in UTC here) and `2020-01-02 03:04:05.678 +00:00` (Prisma).
fn same_instant(catalog: &str, prisma: &str) -> bool {
    let key = |s: &str| -> String {
        let s = s.trim();
        let s =
            s.strip_suffix(" +00:00").or_else(|| s.strip_suffix("+00")).or_else(|| s.strip_suffix('Z')).unwrap_or(s);
        let s = s.replace('T', " ");
        match s.split_once('.') {
            Some((whole, frac)) => {
                let frac = frac.trim_end_matches('0');
                if frac.is_empty() {
                    whole.to_string()
                } else {
                    format!("{whole}.{frac}")
                }
            }
            None => s,
        }
    };
    key(catalog) == key(prisma)
}

/// Whether two native types are one database type (`@db.Char` is `char(1)`, `@db.Bit` is `bit(1)`).
fn same_native(replayed: &NativeType, target: &NativeType) -> bool {
    if replayed.name != target.name {
        return false;
    }
    replayed.args == target.args
        || (matches!(target.name.as_str(), "Char" | "Bit") && target.args.is_empty() && replayed.args == [1])
}

fn align_index_columns(
    replayed: &mut [IndexColumn],
    target: &[IndexColumn],
    default_opclass: impl Fn(&str) -> Option<String>,
) {
    if replayed.len() != target.len() {
        return;
    }
    for (r, t) in replayed.iter_mut().zip(target) {
        if r.name != t.name {
            continue;
        }
        if r.sort_order.is_none() && t.sort_order == Some(SortOrder::Asc) {
            r.sort_order = t.sort_order;
        }
        if r.operator_class.is_none() {
            if let Some(op) = &t.operator_class {
                if default_opclass(&r.name).is_some_and(|d| d.eq_ignore_ascii_case(op)) {
                    r.operator_class = Some(op.clone());
                }
            }
        }
    }
}

/// Takes `target`'s spelling wherever the replayed state and `target` describe one database in two ways
/// (see the module documentation). Tables, columns and indexes are matched by name.
pub fn align(replayed: Replayed, target: &SqlSchema) -> SqlSchema {
    let Replayed { mut schema, raw_defaults, default_opclasses, normalized_target_defaults } = replayed;
    for table in &mut schema.tables {
        let Some(t) = target.tables.iter().find(|t| t.name == table.name && t.namespace.is_none()) else { continue };
        for column in &mut table.columns {
            let Some(c) = t.column(&column.name) else { continue };
            if column.family == c.family {
                if let (Some(r), Some(n)) = (&column.native_type, &c.native_type) {
                    if r != n && same_native(r, n) {
                        column.native_type = c.native_type.clone();
                    }
                }
            }
            if let (TypeFamily::Unsupported(r), TypeFamily::Unsupported(n)) = (&column.family, &c.family) {
                if r != n && loose(r) == loose(n).trim_start_matches("public.") {
                    column.family = c.family.clone();
                }
            }
            if let (Some(r), Some(n)) = (&column.default, &c.default) {
                let key = (table.name.clone(), column.name.clone());
                let raw = raw_defaults.get(&key).map(String::as_str);
                let stored = normalized_target_defaults.get(&key).map(String::as_str);
                if r != n && (same_default(r, raw, n) || (raw.is_some() && raw == stored)) {
                    column.default = c.default.clone();
                }
            }
        }
        let opclass_of = |index: &str| {
            let table = table.name.clone();
            let index = index.to_string();
            let map = &default_opclasses;
            move |column: &str| map.get(&(table.clone(), index.clone(), column.to_string())).cloned()
        };
        if let (Some(pk), Some(tpk)) = (&mut table.primary_key, &t.primary_key) {
            align_index_columns(&mut pk.columns, &tpk.columns, opclass_of(&pk.name));
            // A PostgreSQL primary key constraint has no sort order (`@@id([a, b(sort: Desc)])` is written
            // without it): the schema's is kept.
            if pk.columns.len() == tpk.columns.len()
                && pk.columns.iter().zip(&tpk.columns).all(|(a, b)| a.name == b.name)
            {
                for (a, b) in pk.columns.iter_mut().zip(&tpk.columns) {
                    a.sort_order = b.sort_order;
                }
            }
        }
        for index in &mut table.indexes {
            let Some(ti) = t.indexes.iter().find(|i| i.name == index.name) else { continue };
            if index.algorithm.is_none() && ti.algorithm == Some(IndexAlgorithm::BTree) {
                index.algorithm = ti.algorithm;
            }
            let f = opclass_of(&index.name);
            align_index_columns(&mut index.columns, &ti.columns, f);
        }
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(family: TypeFamily, arity: Arity) -> Column {
        Column { name: "c".into(), family, native_type: None, arity, default: None, auto_increment: false }
    }

    #[test]
    fn defaults() {
        let d = |e: &str, f: TypeFamily, a: Arity| default_value(e, &column(f, a));
        use TypeFamily::*;
        assert_eq!(d("CURRENT_TIMESTAMP", DateTime, Arity::Required), DefaultValue::Now);
        assert_eq!(d("'x''y'::text", String, Arity::Required), DefaultValue::Value(Value::String("x'y".into())));
        assert_eq!(d("'-1'::integer", Int, Arity::Required), DefaultValue::Value(Value::Int(-1)));
        assert_eq!(d("'-0.5'::numeric", Float, Arity::Required), DefaultValue::Value(Value::Number("-0.5".into())));
        assert_eq!(d("2.00", Decimal, Arity::Required), DefaultValue::Value(Value::Number("2.00".into())));
        assert_eq!(d("false", Boolean, Arity::Required), DefaultValue::Value(Value::Boolean(false)));
        assert_eq!(d("'A'::\"St\"", Enum(0), Arity::Required), DefaultValue::Value(Value::Enum("A".into())));
        assert_eq!(d("'\\x0102'::bytea", Binary, Arity::Required), DefaultValue::Value(Value::Bytes(vec![1, 2])));
        assert_eq!(d("ARRAY[]::text[]", String, Arity::List), DefaultValue::Value(Value::List(vec![])));
        assert_eq!(
            d("ARRAY['a, b'::text, 'c'::text]", String, Arity::List),
            DefaultValue::Value(Value::List(vec![Value::String("a, b".into()), Value::String("c".into())]))
        );
        assert_eq!(
            d("gen_random_uuid()", String, Arity::Required),
            DefaultValue::DbGenerated("gen_random_uuid()".into())
        );
        assert_eq!(d("now()", DateTime, Arity::Required), DefaultValue::DbGenerated("now()".into()));
        assert_eq!(
            d("('a'::text || 'b'::text)", String, Arity::Required),
            DefaultValue::DbGenerated("('a'::text || 'b'::text)".into())
        );
        assert_eq!(
            d("'x'::text || 'y'", String, Arity::Required),
            DefaultValue::DbGenerated("'x'::text || 'y'".into())
        );
    }

    #[test]
    fn types() {
        assert_eq!(type_of("numeric", 4259874).unwrap().1.unwrap().args, vec![65, 30]);
        assert_eq!(type_of("varchar", 24).unwrap().1.unwrap().args, vec![20]);
        assert_eq!(type_of("varchar", -1).unwrap().1.unwrap().args, Vec::<u32>::new());
        assert_eq!(type_of("timestamp", 3).unwrap().1.unwrap().args, vec![3]);
        assert!(type_of("tsvector", -1).is_none());
    }

    #[test]
    fn instants_and_urls() {
        assert!(same_instant("2020-01-02 03:04:05.678", "2020-01-02 03:04:05.678 +00:00"));
        assert!(!same_instant("2020-01-02 03:04:05.678", "2020-01-02 03:04:05.679 +00:00"));
        // A wrong scheme is named without the password.
        let e = connect_pg("mysql://u:secret@h:1/db").err().map(|e| e.message).unwrap_or_default();
        assert!(e.contains("u:***@h:1") && !e.contains("secret"), "{e}");
    }

    #[test]
    fn multi_schema_is_refused() {
        let p = Path::new("m.sql");
        assert!(multi_schema_use(p, "CREATE SCHEMA IF NOT EXISTS \"public\";\nCREATE TABLE \"a\" ();").is_none());
        assert!(multi_schema_use(p, "CREATE SCHEMA IF NOT EXISTS \"auth\";").is_some());
        assert!(multi_schema_use(p, "CREATE TABLE \"public\".\"a\" ();").is_some());
        assert!(multi_schema_use(p, "    \"location\" \"public\".geography,").is_none());
    }
}
