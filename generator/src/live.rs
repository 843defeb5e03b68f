//! The CLI's read access to a live database: counting the rows a data-loss warning affects, and database
//! drift (what `migrate status` reports when the live schema differs from what the applied migrations build).
//!
//! Drift is found the way Prisma's shadow database finds it, without mapping either side to a schema model:
//! the applied migrations are replayed into a scratch database (SQLite: in memory; PostgreSQL: a temporary
//! schema in the same database, dropped afterwards), both are read with the same catalog queries, and the
//! two catalogs are compared table by table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A database opened by URL: `postgresql://…` (Prisma's `?schema=NAME` honoured), `sqlite:PATH`, `file:PATH`.
pub enum LiveDb {
    Sqlite(rusqlite::Connection),
    Postgres { client: Box<postgres::Client>, schema: String },
}

/// One table as the catalog describes it. Every entry is a normalized text so two catalogs compare by `==`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TableShape {
    /// column name → "type, NOT NULL, DEFAULT …"
    pub columns: BTreeMap<String, String>,
    /// index name → "UNIQUE (a, b)" / "(a DESC)"
    pub indexes: BTreeMap<String, String>,
    /// constraint name (or a synthetic key on SQLite) → definition (primary and foreign keys)
    pub constraints: BTreeMap<String, String>,
}

/// Tables by name; `_prisma_migrations` excluded.
pub type Catalog = BTreeMap<String, TableShape>;

fn fail(context: &str) -> impl Fn(&dyn std::fmt::Display) -> String + '_ {
    move |e| format!("{context}: {e}")
}

impl LiveDb {
    pub fn open(url: &str) -> Result<Self, String> {
        let f = fail("connecting");
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // The runtime's reading of the URL: Prisma's parameters, `?schema=` as the search path, TLS.
            let (client, schema) = schemagen_runtime::postgres_client(url).map_err(|e| f(&e))?;
            return Ok(LiveDb::Postgres { client: Box::new(client), schema });
        }
        let path = schemagen_runtime::sqlite_path(url)
            .ok_or_else(|| f(&"expected postgresql://…, sqlite:PATH or file:PATH"))?;
        let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| f(&e))?;
        Ok(LiveDb::Sqlite(conn))
    }

    /// Runs `SELECT COUNT(*) …` and returns the count.
    pub fn count(&mut self, sql: &str) -> Result<i64, String> {
        let f = fail(sql);
        match self {
            LiveDb::Sqlite(c) => c.query_row(sql, [], |r| r.get(0)).map_err(|e| f(&e)),
            LiveDb::Postgres { client, .. } => client.query_one(sql, &[]).map(|r| r.get(0)).map_err(|e| f(&e)),
        }
    }

    /// The live database's catalog.
    pub fn catalog(&mut self) -> Result<Catalog, String> {
        match self {
            LiveDb::Sqlite(c) => sqlite_catalog(c),
            LiveDb::Postgres { client, schema } => pg_catalog(client, schema),
        }
    }

    /// The catalog a fresh database gets from `scripts` (the applied migrations, in order).
    pub fn shadow_catalog(&mut self, scripts: &[&str]) -> Result<Catalog, String> {
        match self {
            LiveDb::Sqlite(_) => {
                let shadow = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
                for sql in scripts {
                    shadow
                        .execute_batch(sql)
                        .map_err(|e| format!("replaying the migrations into a scratch database: {e}"))?;
                }
                sqlite_catalog(&shadow)
            }
            LiveDb::Postgres { client, schema } => {
                let nanos =
                    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
                let shadow = format!("_schemagen_shadow_{}_{nanos}", std::process::id());
                let run = |client: &mut postgres::Client| -> Result<Catalog, String> {
                    client
                        .batch_execute(&format!("CREATE SCHEMA {0}; SET search_path TO {0}", quote(&shadow)))
                        .map_err(|e| format!("creating a scratch schema: {e}"))?;
                    for sql in scripts {
                        client
                            .batch_execute(sql)
                            .map_err(|e| format!("replaying the migrations into a scratch schema: {e}"))?;
                    }
                    pg_catalog(client, &shadow)
                };
                let result = run(client);
                // Always clean up, and go back to the live schema.
                let cleanup = client.batch_execute(&format!(
                    "DROP SCHEMA IF EXISTS {} CASCADE; SET search_path TO {}",
                    quote(&shadow),
                    quote(schema)
                ));
                let catalog = result?;
                cleanup.map_err(|e| format!("dropping the scratch schema: {e}"))?;
                Ok(catalog)
            }
        }
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn sqlite_catalog(c: &rusqlite::Connection) -> Result<Catalog, String> {
    let f = fail("reading the SQLite catalog");
    let mut catalog = Catalog::new();
    let tables: Vec<String> = c
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_prisma_migrations' ORDER BY name",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| f(&e))?;
    for table in tables {
        let mut shape = TableShape::default();
        let mut pk: Vec<(i64, String)> = Vec::new();
        let mut stmt = c
            .prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)")
            .map_err(|e| f(&e))?;
        let rows = stmt
            .query_map([&table], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .map_err(|e| f(&e))?;
        for row in rows {
            let (name, ty, not_null, default, pk_pos) = row.map_err(|e| f(&e))?;
            let mut def = ty.to_uppercase();
            if not_null {
                def.push_str(" NOT NULL");
            }
            if let Some(d) = default {
                let _ = write!(def, " DEFAULT {d}");
            }
            if pk_pos > 0 {
                pk.push((pk_pos, name.clone()));
            }
            shape.columns.insert(name, def);
        }
        if !pk.is_empty() {
            pk.sort();
            let cols: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
            shape.constraints.insert("PRIMARY KEY".into(), format!("PRIMARY KEY ({})", cols.join(", ")));
        }
        let mut stmt = c
            .prepare(
                "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1) \
                 ORDER BY id, seq",
            )
            .map_err(|e| f(&e))?;
        let mut fks: BTreeMap<i64, (String, Vec<String>, Vec<String>, String)> = BTreeMap::new();
        let rows = stmt
            .query_map([&table], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(|e| f(&e))?;
        for row in rows {
            let (id, target, from, to, on_update, on_delete) = row.map_err(|e| f(&e))?;
            let e = fks.entry(id).or_insert_with(|| (target, vec![], vec![], format!("{on_delete}/{on_update}")));
            e.1.push(from);
            e.2.push(to.unwrap_or_default());
        }
        for (target, from, to, actions) in fks.into_values() {
            let key = format!("FOREIGN KEY ({})", from.join(", "));
            shape
                .constraints
                .insert(key, format!("REFERENCES {target} ({}) ON DELETE/UPDATE {actions}", to.join(", ")));
        }
        let mut stmt = c
            .prepare("SELECT name, \"unique\" FROM pragma_index_list(?1) WHERE origin <> 'pk' ORDER BY name")
            .map_err(|e| f(&e))?;
        let indexes: Vec<(String, bool)> = stmt
            .query_map([&table], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| f(&e))?;
        for (name, unique) in indexes {
            let mut stmt = c
                .prepare("SELECT name, \"desc\" FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno")
                .map_err(|e| f(&e))?;
            let cols: Vec<String> = stmt
                .query_map([&name], |r| {
                    let col: Option<String> = r.get(0)?;
                    let desc: bool = r.get(1)?;
                    Ok(format!("{}{}", col.unwrap_or_else(|| "<expr>".into()), if desc { " DESC" } else { "" }))
                })
                .and_then(|rows| rows.collect())
                .map_err(|e| f(&e))?;
            let def = format!("{}({})", if unique { "UNIQUE " } else { "" }, cols.join(", "));
            shape.indexes.insert(name, def);
        }
        catalog.insert(table, shape);
    }
    Ok(catalog)
}

fn pg_catalog(client: &mut postgres::Client, schema: &str) -> Result<Catalog, String> {
    let f = fail("reading the PostgreSQL catalog");
    let mut catalog = Catalog::new();
    let columns = client
        .query(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
                    pg_get_expr(d.adbin, d.adrelid) \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
             LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum \
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations' \
             ORDER BY c.relname, a.attnum",
            &[&schema],
        )
        .map_err(|e| f(&e))?;
    for row in columns {
        let (table, column, ty, not_null, default): (String, String, String, bool, Option<String>) =
            (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
        let mut def = strip_schema(&ty, schema);
        if not_null {
            def.push_str(" NOT NULL");
        }
        if let Some(d) = default {
            let _ = write!(def, " DEFAULT {}", strip_schema(&d, schema));
        }
        catalog.entry(table).or_default().columns.insert(column, def);
    }
    let indexes = client
        .query(
            "SELECT t.relname, i.relname, pg_get_indexdef(i.oid) \
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace \
             WHERE n.nspname = $1 AND t.relname <> '_prisma_migrations'",
            &[&schema],
        )
        .map_err(|e| f(&e))?;
    for row in indexes {
        let (table, name, def): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        // "CREATE UNIQUE INDEX name ON schema.table USING btree (cols)" → "UNIQUE btree (cols)"
        let def = strip_schema(&def, schema);
        let short = def
            .split_once(" USING ")
            .map(|(head, tail)| format!("{}{tail}", if head.contains("UNIQUE") { "UNIQUE " } else { "" }))
            .unwrap_or(def);
        catalog.entry(table).or_default().indexes.insert(name, short);
    }
    let constraints = client
        .query(
            "SELECT t.relname, k.conname, pg_get_constraintdef(k.oid) \
             FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace \
             WHERE n.nspname = $1 AND k.contype IN ('p', 'f', 'c') AND t.relname <> '_prisma_migrations'",
            &[&schema],
        )
        .map_err(|e| f(&e))?;
    for row in constraints {
        let (table, name, def): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        catalog.entry(table).or_default().constraints.insert(name, strip_schema(&def, schema));
    }
    Ok(catalog)
}

/// Removes `schema.` / `"schema".` qualifiers so a scratch schema's catalog compares equal to the live one.
fn strip_schema(text: &str, schema: &str) -> String {
    text.replace(&format!("{}.", quote(schema)), "").replace(&format!("{schema}."), "")
}

/// Every difference between the live catalog and the one the migrations build, one sentence each.
pub fn drift(live: &Catalog, expected: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for (table, shape) in live {
        let Some(want) = expected.get(table) else {
            out.push(format!("table `{table}` exists in the database but no applied migration creates it"));
            continue;
        };
        compare("column", table, &shape.columns, &want.columns, &mut out);
        compare("index", table, &shape.indexes, &want.indexes, &mut out);
        compare("constraint", table, &shape.constraints, &want.constraints, &mut out);
    }
    for table in expected.keys().filter(|t| !live.contains_key(*t)) {
        out.push(format!("table `{table}` is missing from the database (the applied migrations create it)"));
    }
    out
}

fn compare(
    what: &str,
    table: &str,
    live: &BTreeMap<String, String>,
    want: &BTreeMap<String, String>,
    out: &mut Vec<String>,
) {
    for (name, def) in live {
        match want.get(name) {
            None => out.push(format!(
                "{what} `{name}` on table `{table}` exists in the database but not in the migrations ({def})"
            )),
            Some(w) if w != def => {
                out.push(format!("{what} `{name}` on table `{table}` differs: database has {def}, migrations give {w}"))
            }
            Some(_) => {}
        }
    }
    for (name, def) in want.iter().filter(|(n, _)| !live.contains_key(*n)) {
        out.push(format!("{what} `{name}` on table `{table}` is missing from the database (migrations give {def})"));
    }
}
