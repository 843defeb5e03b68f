//! Connections, the pool, statement execution and error mapping.

use super::exec::{FxHasher, ShapeKey, Shaped};
use super::model::{ColumnMeta, ModelMeta, RelationLink};
use super::value::{PgParam, Row, SqliteParam, Value};
use super::{Error, Result};
use crate::error::DriverError;
use crate::Backend;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Counters of a client (shared by its clones).
#[derive(Debug, Default)]
pub struct Stats {
    queries: AtomicU64,
}

impl Stats {
    /// Statements sent to the database so far (queries, mutations, transaction control excluded).
    pub fn queries(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    #[inline]
    pub(crate) fn count(&self) {
        self.queries.fetch_add(1, Ordering::Relaxed);
    }
}

/// The values bound to a statement's `?1 … ?n` / `$1 … $n`, in order: a slice of values, or the `(column,
/// value)` pairs of a row (bound without first copying the values into a list of their own).
pub(crate) trait Params {
    fn count(&self) -> usize;
    fn at(&self, i: usize) -> &Value;
}

impl Params for [Value] {
    #[inline]
    fn count(&self) -> usize {
        self.len()
    }
    #[inline]
    fn at(&self, i: usize) -> &Value {
        &self[i]
    }
}

impl Params for [(u16, Value)] {
    #[inline]
    fn count(&self) -> usize {
        self.len()
    }
    #[inline]
    fn at(&self, i: usize) -> &Value {
        &self[i].1
    }
}

impl<T> Params for Vec<T>
where
    [T]: Params,
{
    #[inline]
    fn count(&self) -> usize {
        self.as_slice().count()
    }
    #[inline]
    fn at(&self, i: usize) -> &Value {
        self.as_slice().at(i)
    }
}

impl<const N: usize> Params for [Value; N] {
    #[inline]
    fn count(&self) -> usize {
        N
    }
    #[inline]
    fn at(&self, i: usize) -> &Value {
        &self[i]
    }
}

/// The SQL of a statement: text, and for fixed shapes ([`Shaped`]) the key its prepared statement is kept under.
pub(crate) trait SqlText {
    fn text(&self) -> &str;
    #[inline]
    fn key(&self) -> Option<&ShapeKey> {
        None
    }
}

impl SqlText for str {
    #[inline]
    fn text(&self) -> &str {
        self
    }
}

impl SqlText for String {
    #[inline]
    fn text(&self) -> &str {
        self
    }
}

impl SqlText for Shaped {
    #[inline]
    fn text(&self) -> &str {
        &self.text
    }
    #[inline]
    fn key(&self) -> Option<&ShapeKey> {
        self.key.as_ref()
    }
}

/// SQL text under a fixed key.
struct Keyed<'a>(ShapeKey, &'a str);

impl SqlText for Keyed<'_> {
    #[inline]
    fn text(&self) -> &str {
        self.1
    }
    #[inline]
    fn key(&self) -> Option<&ShapeKey> {
        Some(&self.0)
    }
}

type ShapeStatements<S> = HashMap<ShapeKey, S, BuildHasherDefault<FxHasher>>;

const OP_BEGIN: u8 = 250;
const OP_COMMIT: u8 = 251;

/// Prepared statements of fixed shapes kept per connection (then all are finalized and the cache starts over).
const SHAPE_STATEMENTS_MAX: usize = 256;

/// A SQLite connection and the prepared statements of fixed shapes, looked up by [`ShapeKey`]: a hit costs a
/// small integer-key hash probe, where rusqlite's `prepare_cached` hashes the SQL text twice (lookup, and
/// re-insertion when the statement is dropped) and moves the statement through its LRU list.
///
/// The statements borrow the connection, which is therefore kept at a fixed address (a leaked `Box`) and
/// reached only through shared references; the statements are finalized before it is closed (`Drop`,
/// [`SqliteConn::into_inner`]).
pub(crate) struct SqliteConn {
    shapes: ShapeStatements<rusqlite::Statement<'static>>,
    conn: NonNull<rusqlite::Connection>,
}

// SAFETY: `rusqlite::Connection` is `Send`. The statements are not (they hold `&Connection`, and `Connection` is
// not `Sync`), but they only ever refer to this struct's own connection and move with it: a `SqliteConn` is used
// by one thread at a time (`&mut self` for every statement), as a `Connection` alone would be.
unsafe impl Send for SqliteConn {}

impl SqliteConn {
    pub(crate) fn new(conn: rusqlite::Connection) -> Self {
        SqliteConn { shapes: HashMap::default(), conn: NonNull::from(Box::leak(Box::new(conn))) }
    }

    /// The connection, after finalizing the cached statements.
    pub(crate) fn into_inner(mut self) -> rusqlite::Connection {
        self.shapes.clear();
        let conn = self.conn;
        std::mem::forget(self);
        // SAFETY: `conn` came from `Box::leak` in `new`; no statement refers to it any more, and `self` (whose
        // `Drop` would free it) is forgotten.
        *unsafe { Box::from_raw(conn.as_ptr()) }
    }

    /// Forgets every prepared statement (after DDL).
    fn flush(&mut self) {
        self.shapes.clear();
        self.flush_prepared_statement_cache();
    }

    /// The prepared statement of `sql`: by key for fixed shapes, else through rusqlite's statement cache.
    #[inline]
    fn prepare<S: SqlText + ?Sized>(&mut self, sql: &S) -> rusqlite::Result<Prepared<'_>> {
        use std::collections::hash_map::Entry;
        // SAFETY: the connection lives at a fixed address until `Drop`/`into_inner` (which need `self` by value
        // or exclusively, so not while a statement is borrowed), and is only ever reached through shared
        // references. The statements kept in `self.shapes` are finalized before it closes.
        let conn: &'static rusqlite::Connection = unsafe { &*self.conn.as_ptr() };
        let Some(&key) = sql.key() else { return conn.prepare_cached(sql.text()).map(Prepared::Cached) };
        if self.shapes.len() >= SHAPE_STATEMENTS_MAX && !self.shapes.contains_key(&key) {
            self.shapes.clear();
        }
        let stmt = match self.shapes.entry(key) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(conn.prepare(sql.text())?),
        };
        Ok(Prepared::Held(Self::shorten(stmt)))
    }

    /// A kept statement, borrowed for as long as the connection is.
    #[inline]
    fn shorten<'c>(stmt: &'c mut rusqlite::Statement<'static>) -> &'c mut rusqlite::Statement<'c> {
        // SAFETY: `Statement<'c>` and `Statement<'static>` are the same type but for the lifetime of the connection
        // reference inside, which outlives 'c; the caller cannot store the statement anywhere longer-lived.
        unsafe { &mut *(stmt as *mut rusqlite::Statement<'static>).cast::<rusqlite::Statement<'c>>() }
    }
}

impl std::ops::Deref for SqliteConn {
    type Target = rusqlite::Connection;
    #[inline]
    fn deref(&self) -> &rusqlite::Connection {
        // SAFETY: see `prepare`.
        unsafe { self.conn.as_ref() }
    }
}

impl Drop for SqliteConn {
    fn drop(&mut self) {
        // Statements first: closing a connection with live statements fails.
        self.shapes.clear();
        // SAFETY: `conn` came from `Box::leak` in `new` and no statement refers to it any more.
        drop(unsafe { Box::from_raw(self.conn.as_ptr()) });
    }
}

/// A prepared SQLite statement: from rusqlite's cache (returned to it when dropped) or kept by [`SqliteConn`].
pub(crate) enum Prepared<'c> {
    Cached(rusqlite::CachedStatement<'c>),
    Held(&'c mut rusqlite::Statement<'c>),
}

impl<'c> std::ops::Deref for Prepared<'c> {
    type Target = rusqlite::Statement<'c>;
    #[inline]
    fn deref(&self) -> &rusqlite::Statement<'c> {
        match self {
            Prepared::Cached(s) => s,
            Prepared::Held(s) => s,
        }
    }
}

impl<'c> std::ops::DerefMut for Prepared<'c> {
    #[inline]
    fn deref_mut(&mut self) -> &mut rusqlite::Statement<'c> {
        match self {
            Prepared::Cached(s) => s,
            Prepared::Held(s) => s,
        }
    }
}

/// A PostgreSQL connection and its prepared statements.
pub(crate) struct PgConn {
    pub(crate) client: postgres::Client,
    /// Other statements by text (FxHash: SipHash over the text of every statement costs more than it protects).
    statements: HashMap<String, postgres::Statement, BuildHasherDefault<FxHasher>>,
    /// Statements of fixed shapes, by key (no hashing of the SQL text).
    shapes: ShapeStatements<postgres::Statement>,
}

const PG_STATEMENT_CACHE: usize = 256;

pub(crate) enum ConnKind {
    Sqlite(SqliteConn),
    Pg(Box<PgConn>),
}

/// One database connection.
pub(crate) struct Conn {
    pub(crate) kind: ConnKind,
    pub(crate) stats: Arc<Stats>,
    /// A transaction is open (ours).
    pub(crate) in_tx: bool,
    /// The connection failed in a way that makes it unusable.
    pub(crate) broken: bool,
    /// SQL this crate did not build ran on it (raw statements, migrations): it may have opened a transaction
    /// of its own, so going back to the pool checks SQLite's autocommit state. Statements this crate builds
    /// never do (its transactions are tracked by `in_tx`), so the check is skipped for them.
    pub(crate) foreign_sql: bool,
}

impl Conn {
    pub(crate) fn backend(&self) -> Backend {
        match self.kind {
            ConnKind::Sqlite(_) => Backend::Sqlite,
            ConnKind::Pg(_) => Backend::Postgres,
        }
    }

    pub(crate) fn open(url: &str, stats: Arc<Stats>) -> Result<Self> {
        let conn = crate::connect(url).map_err(open_error)?;
        let kind = match conn.into_sqlite() {
            Ok(c) => {
                c.set_prepared_statement_cache_capacity(256);
                let memory = c.path().is_none_or(str::is_empty);
                let pragmas = if memory {
                    "PRAGMA foreign_keys = ON;"
                } else {
                    "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                };
                c.execute_batch(pragmas).map_err(|e| Error::Unavailable(format!("cannot set up SQLite: {e}")))?;
                ConnKind::Sqlite(SqliteConn::new(c))
            }
            Err(conn) => match conn.into_postgres() {
                Ok(client) => ConnKind::Pg(Box::new(PgConn::new(client))),
                Err(_) => return Err(Error::Unavailable("unsupported backend".into())),
            },
        };
        Ok(Conn { kind, stats, in_tx: false, broken: false, foreign_sql: false })
    }

    /// Transaction control (not counted). SQLite: a kept prepared statement (`execute_batch` would parse the SQL
    /// every time); `op` tells the statements apart.
    fn control(&mut self, op: u8, sql: &str) -> Result<()> {
        let r = match &mut self.kind {
            ConnKind::Sqlite(c) => c
                .prepare(&Keyed(ShapeKey::fixed(op), sql))
                .and_then(|mut s| s.raw_execute())
                .map(|_| ())
                .map_err(|e| map_sqlite(e, None)),
            ConnKind::Pg(p) => p.client.batch_execute(sql).map_err(|e| map_pg(e, None)),
        };
        if let Err(Error::Unavailable(_)) = &r {
            self.broken = true;
        }
        r
    }

    pub(crate) fn begin(&mut self) -> Result<()> {
        let sql = match self.kind {
            // IMMEDIATE: concurrent writers on a file database wait for the lock instead of failing at their
            // first write.
            ConnKind::Sqlite(_) => "BEGIN IMMEDIATE",
            ConnKind::Pg(_) => "BEGIN",
        };
        self.control(OP_BEGIN, sql)?;
        self.in_tx = true;
        Ok(())
    }

    pub(crate) fn commit(&mut self) -> Result<()> {
        let r = self.control(OP_COMMIT, "COMMIT");
        if r.is_err() {
            self.rollback();
        }
        self.in_tx = false;
        r
    }

    pub(crate) fn rollback(&mut self) {
        match &mut self.kind {
            ConnKind::Sqlite(c) => {
                if !c.is_autocommit() && c.execute_batch("ROLLBACK").is_err() {
                    self.broken = true;
                }
            }
            ConnKind::Pg(p) => {
                if p.client.batch_execute("ROLLBACK").is_err() {
                    self.broken = true;
                }
            }
        }
        self.in_tx = false;
    }

    /// Runs a query and calls `f` for every row. `columns`: metadata of the result columns, for decoding.
    pub(crate) fn query<S: SqlText + ?Sized, P: Params + ?Sized>(
        &mut self,
        sql: &S,
        params: &P,
        meta: Option<&ModelMeta>,
        columns: &[ColumnMeta],
        picked: Option<&[u16]>,
        f: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        self.stats.count();
        match &mut self.kind {
            ConnKind::Sqlite(c) => {
                let mut stmt = c.prepare(sql).map_err(|e| map_sqlite(e, meta))?;
                bind_sqlite(&mut stmt, params, meta)?;
                let mut rows = stmt.raw_query();
                loop {
                    match rows.next() {
                        Ok(Some(r)) => {
                            let row = Row { picked, ..Row::sqlite(r, columns) };
                            f(&row)?;
                        }
                        Ok(None) => return Ok(()),
                        Err(e) => return Err(map_sqlite(e, meta)),
                    }
                }
            }
            ConnKind::Pg(p) => {
                check_pg_params(params)?;
                let stmt = p.prepare(sql).map_err(|e| map_pg(e, meta));
                let stmt = match stmt {
                    Ok(s) => s,
                    Err(e) => return Err(self.note(e)),
                };
                let refs: Vec<PgParam<'_>> = (0..params.count()).map(|i| PgParam(params.at(i))).collect();
                let dyn_refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    refs.iter().map(|p| p as &(dyn postgres::types::ToSql + Sync)).collect();
                let ConnKind::Pg(p) = &mut self.kind else { unreachable!() };
                let rows = match p.client.query(&stmt, &dyn_refs) {
                    Ok(rows) => rows,
                    Err(e) => {
                        let e = map_pg(e, meta);
                        return Err(self.note(e));
                    }
                };
                for r in &rows {
                    let row = Row { picked, ..Row::pg(r, columns) };
                    f(&row)?;
                }
                Ok(())
            }
        }
    }

    /// Runs a query and decodes its first row with `f` (the statement is not stepped further); `None` when it
    /// has no row. Generic so that the decoded value is returned, not moved through a closure's captures.
    #[inline]
    pub(crate) fn query_one<S: SqlText + ?Sized, P: Params + ?Sized, T>(
        &mut self,
        sql: &S,
        params: &P,
        meta: Option<&ModelMeta>,
        columns: &[ColumnMeta],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        if let ConnKind::Sqlite(c) = &mut self.kind {
            self.stats.count();
            let mut stmt = c.prepare(sql).map_err(|e| map_sqlite(e, meta))?;
            bind_sqlite(&mut stmt, params, meta)?;
            let mut rows = stmt.raw_query();
            return match rows.next() {
                Ok(Some(r)) => f(&Row::sqlite(r, columns)).map(Some),
                Ok(None) => Ok(None),
                Err(e) => Err(map_sqlite(e, meta)),
            };
        }
        let mut f = Some(f);
        let mut out = None;
        self.query(sql, params, meta, columns, None, &mut |row| {
            if let Some(f) = f.take() {
                out = Some(f(row)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Runs a statement; returns the number of rows changed.
    pub(crate) fn execute<S: SqlText + ?Sized, P: Params + ?Sized>(
        &mut self,
        sql: &S,
        params: &P,
        meta: Option<&ModelMeta>,
    ) -> Result<u64> {
        self.stats.count();
        match &mut self.kind {
            ConnKind::Sqlite(c) => {
                let mut stmt = c.prepare(sql).map_err(|e| map_sqlite(e, meta))?;
                bind_sqlite(&mut stmt, params, meta)?;
                stmt.raw_execute().map(|n| n as u64).map_err(|e| map_sqlite(e, meta))
            }
            ConnKind::Pg(p) => {
                check_pg_params(params)?;
                let stmt = match p.prepare(sql) {
                    Ok(s) => s,
                    Err(e) => {
                        let e = map_pg(e, meta);
                        return Err(self.note(e));
                    }
                };
                let refs: Vec<PgParam<'_>> = (0..params.count()).map(|i| PgParam(params.at(i))).collect();
                let dyn_refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    refs.iter().map(|p| p as &(dyn postgres::types::ToSql + Sync)).collect();
                let ConnKind::Pg(p) = &mut self.kind else { unreachable!() };
                match p.client.execute(&stmt, &dyn_refs) {
                    Ok(n) => Ok(n),
                    Err(e) => {
                        let e = map_pg(e, meta);
                        Err(self.note(e))
                    }
                }
            }
        }
    }

    /// Raw query: rows as values, decoded by the database's column types.
    pub(crate) fn raw_query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>> {
        self.foreign_sql = true;
        match &mut self.kind {
            ConnKind::Sqlite(c) => {
                self.stats.count();
                let sql = dollar_to_question(sql);
                let mut stmt = c.prepare_cached(&sql).map_err(|e| map_sqlite(e, None))?;
                bind_sqlite(&mut stmt, params, None)?;
                let decls: Vec<Option<String>> = stmt.columns().map(|c| c.decl_type().map(str::to_owned)).collect();
                let mut rows = stmt.raw_query();
                let mut out = Vec::new();
                loop {
                    match rows.next() {
                        Ok(Some(r)) => {
                            let mut vals = Vec::with_capacity(decls.len());
                            for (i, decl) in decls.iter().enumerate() {
                                let v = r.get_ref(i).map_err(|e| map_sqlite(e, None))?;
                                vals.push(super::value::sqlite_value(v, None, decl.as_deref()));
                            }
                            out.push(vals);
                        }
                        Ok(None) => return Ok(out),
                        Err(e) => return Err(map_sqlite(e, None)),
                    }
                }
            }
            ConnKind::Pg(_) => {
                let mut out = Vec::new();
                self.query(sql, params, None, &[], None, &mut |row| {
                    let mut vals = Vec::with_capacity(row.len());
                    for i in 0..row.len() {
                        vals.push(row.value(i)?);
                    }
                    out.push(vals);
                    Ok(())
                })?;
                Ok(out)
            }
        }
    }

    pub(crate) fn raw_execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        self.foreign_sql = true;
        match self.kind {
            ConnKind::Sqlite(_) => self.execute(&dollar_to_question(sql), params, None),
            ConnKind::Pg(_) => self.execute(sql, params, None),
        }
    }

    fn note(&mut self, e: Error) -> Error {
        if let ConnKind::Pg(p) = &self.kind {
            if p.client.is_closed() {
                self.broken = true;
            }
        }
        e
    }

    /// PostgreSQL: whether every parameter of `sql` has a type that stores a bound value unchanged (text,
    /// varchar, bool, int4, int8, float8, bytea, jsonb, timestamp, numeric, enums): then an INSERT's row is
    /// known without `RETURNING` (given whole-millisecond date-times and decimals within the declared scale; see
    /// the caller). Prepares (cached) the statement. `false` on SQLite.
    pub(crate) fn pg_params_exact<S: SqlText + ?Sized>(&mut self, sql: &S, meta: Option<&ModelMeta>) -> Result<bool> {
        use postgres::types::{Kind, Type};
        let ConnKind::Pg(p) = &mut self.kind else { return Ok(false) };
        let stmt = match p.prepare(sql) {
            Ok(s) => s,
            Err(e) => {
                let e = map_pg(e, meta);
                return Err(self.note(e));
            }
        };
        Ok(stmt.params().iter().all(|t| {
            matches!(
                *t,
                Type::TEXT
                    | Type::VARCHAR
                    | Type::BOOL
                    | Type::INT4
                    | Type::INT8
                    | Type::FLOAT8
                    | Type::BYTEA
                    | Type::JSONB
                    | Type::TIMESTAMP
                    | Type::NUMERIC
            ) || matches!(t.kind(), Kind::Enum(_))
        }))
    }

    /// SQLite's rowid of the last row inserted on this connection.
    pub(crate) fn last_insert_rowid(&self) -> Option<i64> {
        match &self.kind {
            ConnKind::Sqlite(c) => Some(c.last_insert_rowid()),
            ConnKind::Pg(_) => None,
        }
    }

    /// Forgets prepared statements (after DDL).
    pub(crate) fn clear_statements(&mut self) {
        match &mut self.kind {
            ConnKind::Sqlite(c) => c.flush(),
            ConnKind::Pg(p) => {
                p.statements.clear();
                p.shapes.clear();
            }
        }
    }
}

impl PgConn {
    pub(crate) fn new(client: postgres::Client) -> Self {
        PgConn { client, statements: HashMap::default(), shapes: HashMap::default() }
    }

    fn prepare<S: SqlText + ?Sized>(&mut self, sql: &S) -> std::result::Result<postgres::Statement, postgres::Error> {
        let Some(key) = sql.key() else { return self.prepare_text(sql.text()) };
        if let Some(s) = self.shapes.get(key) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(sql.text())?;
        if self.shapes.len() >= SHAPE_STATEMENTS_MAX {
            self.shapes.clear();
        }
        self.shapes.insert(*key, stmt.clone());
        Ok(stmt)
    }

    fn prepare_text(&mut self, sql: &str) -> std::result::Result<postgres::Statement, postgres::Error> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(sql)?;
        if self.statements.len() >= PG_STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }
}

#[inline]
fn bind_sqlite<P: Params + ?Sized>(
    stmt: &mut rusqlite::Statement<'_>,
    params: &P,
    meta: Option<&ModelMeta>,
) -> Result<()> {
    let expected = stmt.parameter_count();
    let n = params.count();
    if expected != n {
        return Err(Error::Validation(format!("the statement has {expected} parameters but {n} values were given")));
    }
    for i in 0..n {
        stmt.raw_bind_parameter(i + 1, SqliteParam(params.at(i))).map_err(|e| map_sqlite(e, meta))?;
    }
    Ok(())
}

fn check_pg_params<P: Params + ?Sized>(params: &P) -> Result<()> {
    if (0..params.count()).any(|i| params.at(i).has_nul()) {
        return Err(Error::Validation(
            "PostgreSQL text cannot contain NUL (0x00) characters; remove them or store the data as Bytes".into(),
        ));
    }
    Ok(())
}

/// `$1 … $n` → `?1 … ?n` outside quotes and comments, so raw SQL uses one placeholder style on both backends.
pub(crate) fn dollar_to_question(sql: &str) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i += 1;
            }
            b'[' => {
                while i < b.len() && b[i] != b']' {
                    i += 1;
                }
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            b'$' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                out.push_str(&sql[last..i]);
                out.push('?');
                i += 1;
                last = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[last.min(sql.len())..]);
    out
}

fn open_error(e: crate::Error) -> Error {
    match e {
        crate::Error::InvalidUrl { .. } | crate::Error::BackendNotEnabled { .. } => Error::Validation(e.to_string()),
        other => Error::Unavailable(other.to_string()),
    }
}

fn driver(message: String, code: Option<String>, source: Option<Box<dyn std::error::Error + Send + Sync>>) -> Error {
    Error::Driver(DriverError::new(message, code, source))
}

fn field_name(meta: &ModelMeta, db_name: &str) -> String {
    meta.columns.iter().find(|c| c.db_name == db_name).map_or_else(|| db_name.to_owned(), |c| c.name.to_owned())
}

fn model_name(meta: Option<&ModelMeta>) -> &'static str {
    meta.map_or("", |m| m.name)
}

pub(crate) fn map_sqlite(e: rusqlite::Error, meta: Option<&ModelMeta>) -> Error {
    match &e {
        rusqlite::Error::SqliteFailure(err, msg) => {
            let message = msg.clone().unwrap_or_else(|| err.to_string());
            match err.extended_code {
                // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
                2067 | 1555 => {
                    let cols = message.split_once(": ").map_or("", |(_, c)| c);
                    let fields = cols
                        .split(", ")
                        .filter(|s| !s.is_empty())
                        .map(|tc| {
                            let col = tc.rsplit_once('.').map_or(tc, |(_, c)| c);
                            match meta {
                                Some(m) => field_name(m, col),
                                None => col.to_owned(),
                            }
                        })
                        .collect();
                    Error::UniqueViolation { model: model_name(meta), fields }
                }
                // SQLITE_CONSTRAINT_FOREIGNKEY; ON DELETE RESTRICT fails as SQLITE_CONSTRAINT_TRIGGER
                787 => Error::ForeignKeyViolation { model: model_name(meta), field: None },
                1811 if message.contains("FOREIGN KEY") => {
                    Error::ForeignKeyViolation { model: model_name(meta), field: None }
                }
                // SQLITE_CONSTRAINT_NOTNULL
                1299 => Error::Validation(message),
                5 | 6 | 261 | 262 | 517 => Error::Unavailable(format!("database is busy: {message}")),
                code => driver(message, Some(code.to_string()), Some(Box::new(e))),
            }
        }
        rusqlite::Error::SqlInputError { error, msg, .. } => {
            driver(msg.clone(), Some(error.extended_code.to_string()), Some(Box::new(e)))
        }
        rusqlite::Error::ToSqlConversionFailure(inner) => Error::Validation(inner.to_string()),
        _ => driver(e.to_string(), None, Some(Box::new(e))),
    }
}

pub(crate) fn map_pg(e: postgres::Error, meta: Option<&ModelMeta>) -> Error {
    let Some(db) = e.as_db_error() else {
        if e.is_closed() {
            return Error::Unavailable(format!("the PostgreSQL connection is closed: {e}"));
        }
        let msg = e.to_string();
        if let Some(src) = std::error::Error::source(&e) {
            // Parameter conversion failures (ours) are the caller's input.
            if msg.contains("error serializing parameter") {
                return Error::Validation(format!("{msg}: {src}"));
            }
        }
        return driver(msg, None, Some(Box::new(e)));
    };
    let code = db.code().code().to_owned();
    let message = match db.detail() {
        Some(d) => format!("{}: {d}", db.message()),
        None => db.message().to_owned(),
    };
    match code.as_str() {
        "23505" => {
            let constraint = db.constraint().unwrap_or("");
            let fields = meta
                .and_then(|m| {
                    let cols = if constraint == m.pk_name {
                        Some(m.primary_key)
                    } else {
                        m.uniques.iter().find(|u| u.db_name == constraint).map(|u| u.columns)
                    };
                    cols.map(|cols| cols.iter().map(|&c| m.columns[c as usize].name.to_owned()).collect())
                })
                .or_else(|| {
                    // "Key (a, b)=(…) already exists."
                    let d = db.detail()?;
                    let inner = d.strip_prefix("Key (")?.split_once(")=")?.0;
                    Some(
                        inner
                            .split(", ")
                            .map(|c| {
                                let c = c.trim_matches('"');
                                meta.map_or_else(|| c.to_owned(), |m| field_name(m, c))
                            })
                            .collect(),
                    )
                })
                .unwrap_or_default();
            Error::UniqueViolation { model: model_name(meta), fields }
        }
        "23503" => {
            let constraint = db.constraint().unwrap_or("");
            let field = meta.and_then(|m| {
                m.relations.iter().find_map(|r| match r.link {
                    RelationLink::Owned { fields, .. } => {
                        let cols: Vec<&str> = fields.iter().map(|&c| m.columns[c as usize].db_name).collect();
                        (format!("{}_{}_fkey", m.table, cols.join("_")) == constraint)
                            .then(|| fields.iter().map(|&c| m.columns[c as usize].name).collect::<Vec<_>>().join(", "))
                    }
                    _ => None,
                })
            });
            Error::ForeignKeyViolation { model: model_name(meta), field }
        }
        "23502" | "23514" => Error::Validation(message),
        c if c.starts_with("22") => Error::Validation(message),
        c if c.starts_with("08") || c == "57P01" || c == "57P02" || c == "57P03" => Error::Unavailable(message),
        _ => driver(message, Some(code), Some(Box::new(e))),
    }
}

// ---- the pool ----

struct PoolState {
    /// Boxed: connections move between here and the hot slot (a pointer) without being re-allocated.
    #[allow(clippy::vec_box)]
    idle: Vec<Box<Conn>>,
    open: usize,
}

/// A pool of connections. The most recently returned connection sits in `hot`, outside the mutex: checking it
/// out and returning it are one atomic swap each, so a single-threaded caller (and every in-memory SQLite
/// client, whose pool has one connection) never takes the lock. The others wait in `state.idle`.
pub(crate) struct Pool {
    url: String,
    max: usize,
    timeout: Duration,
    hot: AtomicPtr<Conn>,
    state: Mutex<PoolState>,
    available: Condvar,
    /// Threads waiting in [`Pool::get`]: a returned connection wakes one only if there is one (a wake-up is a
    /// syscall even when nobody waits).
    waiters: AtomicUsize,
    pub(crate) stats: Arc<Stats>,
    pub(crate) backend: Backend,
}

impl Pool {
    pub(crate) fn open(url: &str) -> Result<Self> {
        let stats = Arc::new(Stats::default());
        let first = Conn::open(url, stats.clone())?;
        let backend = first.backend();
        let memory = match &first.kind {
            ConnKind::Sqlite(c) => c.path().is_none_or(str::is_empty),
            ConnKind::Pg(_) => false,
        };
        let max = if memory { 1 } else { 4 };
        Ok(Pool {
            url: url.to_owned(),
            max,
            timeout: Duration::from_secs(30),
            hot: AtomicPtr::new(Box::into_raw(Box::new(first))),
            state: Mutex::new(PoolState { idle: Vec::new(), open: 1 }),
            available: Condvar::new(),
            waiters: AtomicUsize::new(0),
            stats,
            backend,
        })
    }

    /// The connection in the hot slot, if any.
    #[inline]
    fn take_hot(&self) -> Option<Box<Conn>> {
        let p = self.hot.swap(std::ptr::null_mut(), Ordering::SeqCst);
        // SAFETY: a non-null `hot` is a pointer from `Box::into_raw` that only this swap took out.
        (!p.is_null()).then(|| unsafe { Box::from_raw(p) })
    }

    #[inline]
    pub(crate) fn get(&self) -> Result<PooledConn<'_>> {
        if let Some(conn) = self.take_hot() {
            return Ok(PooledConn { pool: self, conn: Some(conn) });
        }
        self.get_slow()
    }

    #[cold]
    fn get_slow(&self) -> Result<PooledConn<'_>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let deadline = std::time::Instant::now() + self.timeout;
        loop {
            if let Some(conn) = state.idle.pop().or_else(|| self.take_hot()) {
                return Ok(PooledConn { pool: self, conn: Some(conn) });
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                return match Conn::open(&self.url, self.stats.clone()) {
                    Ok(conn) => Ok(PooledConn { pool: self, conn: Some(Box::new(conn)) }),
                    Err(e) => {
                        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                        state.open -= 1;
                        drop(state);
                        if self.waiters.load(Ordering::SeqCst) > 0 {
                            self.available.notify_one();
                        }
                        Err(e)
                    }
                };
            }
            let now = std::time::Instant::now();
            if now >= deadline {
                return Err(Error::Unavailable(format!(
                    "no database connection became free within {} s (pool of {}): is a connection held by a \
                     transaction that is waiting for another one?",
                    self.timeout.as_secs(),
                    self.max
                )));
            }
            // Announce the wait, then look at the hot slot once more: a connection returned to it concurrently
            // either is seen here, or its returner sees the waiter and wakes it (both sides use SeqCst).
            self.waiters.fetch_add(1, Ordering::SeqCst);
            if let Some(conn) = self.take_hot() {
                self.waiters.fetch_sub(1, Ordering::SeqCst);
                return Ok(PooledConn { pool: self, conn: Some(conn) });
            }
            state = self.available.wait_timeout(state, deadline - now).unwrap_or_else(|e| e.into_inner()).0;
            self.waiters.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Every idle connection forgets its prepared statements (after migrations).
    pub(crate) fn clear_statements(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hot) = self.take_hot() {
            state.idle.push(hot);
        }
        for c in &mut state.idle {
            c.clear_statements();
        }
    }

    #[inline]
    fn put(&self, mut conn: Box<Conn>) {
        if conn.in_tx {
            conn.rollback();
        }
        match &conn.kind {
            ConnKind::Sqlite(c) => {
                if conn.foreign_sql {
                    if !c.is_autocommit() && c.execute_batch("ROLLBACK").is_err() {
                        conn.broken = true;
                    }
                    conn.foreign_sql = false;
                }
            }
            ConnKind::Pg(p) => {
                if p.client.is_closed() {
                    conn.broken = true;
                }
            }
        }
        if conn.broken {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.open -= 1;
        } else {
            let p = Box::into_raw(conn);
            if self.hot.compare_exchange(std::ptr::null_mut(), p, Ordering::SeqCst, Ordering::SeqCst).is_err() {
                // SAFETY: `p` came from `Box::into_raw` above and was not stored (the slot was taken).
                let conn = unsafe { Box::from_raw(p) };
                self.state.lock().unwrap_or_else(|e| e.into_inner()).idle.push(conn);
            }
        }
        if self.waiters.load(Ordering::SeqCst) > 0 {
            // Taking the lock orders this wake-up after the waiter's wait began.
            drop(self.state.lock().unwrap_or_else(|e| e.into_inner()));
            self.available.notify_one();
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        drop(self.take_hot());
    }
}

/// A connection borrowed from the pool; goes back (rolled back if a transaction is open) when dropped.
pub(crate) struct PooledConn<'p> {
    pool: &'p Pool,
    conn: Option<Box<Conn>>,
}

impl PooledConn<'_> {
    pub(crate) fn take(mut self) -> Box<Conn> {
        self.conn.take().expect("connection present")
    }
}

impl std::ops::Deref for PooledConn<'_> {
    type Target = Conn;
    #[inline]
    fn deref(&self) -> &Conn {
        self.conn.as_ref().expect("connection present")
    }
}

impl std::ops::DerefMut for PooledConn<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut Conn {
        self.conn.as_mut().expect("connection present")
    }
}

impl Drop for PooledConn<'_> {
    #[inline]
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            self.pool.put(c);
        }
    }
}

impl Pool {
    /// Returns a connection taken with [`PooledConn::take`].
    pub(crate) fn give_back(&self, conn: Box<Conn>) {
        self.put(conn);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollar_placeholders() {
        assert_eq!(dollar_to_question("SELECT $1, '$2', \"$3\", $10 -- $4\n"), "SELECT ?1, '$2', \"$3\", ?10 -- $4\n");
        assert_eq!(dollar_to_question("SELECT $2 + $1"), "SELECT ?2 + ?1");
    }

    fn autocommit(conn: &Conn) -> bool {
        match &conn.kind {
            ConnKind::Sqlite(c) => c.is_autocommit(),
            ConnKind::Pg(_) => unreachable!("a SQLite pool"),
        }
    }

    fn sqlite(conn: &mut Conn) -> &mut SqliteConn {
        match &mut conn.kind {
            ConnKind::Sqlite(c) => c,
            ConnKind::Pg(_) => unreachable!("a SQLite connection"),
        }
    }

    fn keyed(op: u8, sql: &str) -> Shaped {
        Shaped { key: Some(ShapeKey::fixed(op)), text: sql.into() }
    }

    fn count(conn: &mut Conn, sql: &Shaped, params: &[Value]) -> i64 {
        let cols = [];
        let n = conn.query_one(sql, params, None, &cols, |row| row.value(0)).expect("query");
        n.and_then(|v| v.as_i64()).expect("a count")
    }

    #[test]
    fn kept_statements_are_reused_evicted_and_finalized_before_the_connection_closes() {
        let mut conn = Conn::open("sqlite::memory:", Arc::new(Stats::default())).expect("open");
        conn.raw_execute("CREATE TABLE t (x INTEGER PRIMARY KEY)", &[]).expect("create");
        let insert = keyed(1, "INSERT INTO t (x) VALUES (?1)");
        conn.execute(&insert, &[Value::BigInt(1)], None).expect("insert 1");
        conn.execute(&insert, &[Value::BigInt(2)], None).expect("insert 2");
        assert_eq!(sqlite(&mut conn).shapes.len(), 1, "one kept statement for the two inserts");
        // A failed step (duplicate key) leaves the kept statement usable.
        let err = conn.execute(&insert, &[Value::BigInt(2)], None).expect_err("duplicate");
        assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
        conn.execute(&insert, &[Value::BigInt(3)], None).expect("insert after a failure");
        // More shapes than the cache keeps: it starts over, and every statement still gives its own answer.
        for i in 0..(SHAPE_STATEMENTS_MAX as i64 + 20) {
            let sql = keyed(2 + (i % 200) as u8, &format!("SELECT count(*) + {i} FROM t WHERE x >= ?1"));
            let sql = Shaped { key: sql.key.map(|k| ShapeKey { a: i as u64, ..k }), ..sql };
            assert_eq!(count(&mut conn, &sql, &[Value::BigInt(2)]), 2 + i);
            assert!(sqlite(&mut conn).shapes.len() <= SHAPE_STATEMENTS_MAX);
        }
        // Statements move with their connection to another thread.
        let mut conn = std::thread::spawn(move || {
            assert_eq!(count(&mut conn, &keyed(1, "SELECT count(*) FROM t WHERE x < ?1"), &[Value::BigInt(3)]), 2);
            conn
        })
        .join()
        .expect("thread");
        // After DDL the kept statements are forgotten (a changed table is read as it now is).
        conn.clear_statements();
        assert!(sqlite(&mut conn).shapes.is_empty());
        let ConnKind::Sqlite(c) = conn.kind else { unreachable!("a SQLite connection") };
        // `close` fails while statements are live: they were finalized first.
        c.into_inner().close().map_err(|(_, e)| e).expect("closes");
    }

    #[test]
    fn a_dropped_connection_with_kept_statements_closes_cleanly() {
        let dir = std::env::temp_dir().join(format!("schemagen-kept-{}.db", std::process::id()));
        let url = format!("file:{}", dir.display());
        {
            let mut conn = Conn::open(&url, Arc::new(Stats::default())).expect("open");
            conn.raw_execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)", &[]).expect("create");
            conn.execute(&keyed(1, "INSERT INTO t (x) VALUES (?1)"), &[Value::BigInt(7)], None).expect("insert");
            conn.begin().expect("begin");
            conn.commit().expect("commit");
        }
        // Closed: the WAL was checkpointed and removed, the file can be opened and read again.
        assert!(!std::path::Path::new(&format!("{}-wal", dir.display())).exists(), "the connection was closed");
        let mut conn = Conn::open(&url, Arc::new(Stats::default())).expect("reopen");
        assert_eq!(count(&mut conn, &keyed(2, "SELECT count(*) FROM t WHERE x = ?1"), &[Value::BigInt(7)]), 1);
        drop(conn);
        let _ = std::fs::remove_file(&dir);
    }

    #[test]
    fn a_transaction_left_open_by_raw_sql_is_rolled_back_when_the_connection_goes_back() {
        let pool = Pool::open("sqlite::memory:").expect("open");
        {
            let mut conn = pool.get().expect("get");
            conn.raw_execute("CREATE TABLE t (x INTEGER)", &[]).expect("create");
            conn.raw_execute("BEGIN", &[]).expect("begin");
            conn.raw_execute("INSERT INTO t VALUES (1)", &[]).expect("insert");
            assert!(!autocommit(&conn));
        }
        let mut conn = pool.get().expect("get again");
        assert!(autocommit(&conn), "the open transaction was rolled back");
        assert!(!conn.foreign_sql, "checked, then cleared");
        assert!(conn.raw_query("SELECT x FROM t", &[]).expect("select").is_empty(), "the insert was rolled back");
    }
}
