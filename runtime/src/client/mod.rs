//! The query engine of generated SDKs.
//!
//! A generated crate describes each model with static metadata ([`ModelMeta`]) and implements [`Model`];
//! everything else (SQL, binding, decoding, filters, includes, mutations, transactions, error mapping) lives
//! here, generically. See `docs/sdk.md` for the contract with the generator.
//!
//! ```no_run
//! # use schemagen_runtime::client as rt;
//! # fn main() -> rt::Result<()> {
//! let client = rt::Client::connect("sqlite::memory:")?;
//! client.migrate(&[("20240101000000_init", "CREATE TABLE t (id INTEGER PRIMARY KEY);")], &[])?;
//! let rows = client.raw().query("SELECT count(*) FROM t WHERE id > $1", &[rt::Value::BigInt(0)])?;
//! # Ok(()) }
//! ```
//!
//! Filters are typed by model, and string operators exist only on string fields. This compiles:
//!
//! ```
//! # use schemagen_runtime::client as rt;
//! # struct User; struct Task;
//! fn takes_task_filter(_: rt::Filter<Task>) {}
//! let f: rt::Filter<Task> = rt::Filter::all();
//! takes_task_filter(f);
//! let age: rt::Field<User, i32> = rt::Field::new(1);
//! let name: rt::Field<User, Option<String>> = rt::Field::new(2);
//! let _ = age.gt(1).and(name.contains("1").insensitive()).and(name.is_null());
//! ```
//!
//! and these do not:
//!
//! ```compile_fail
//! # use schemagen_runtime::client as rt;
//! # struct User; struct Task;
//! fn takes_task_filter(_: rt::Filter<Task>) {}
//! let f: rt::Filter<User> = rt::Filter::all();
//! takes_task_filter(f); // a Filter<User> is not a Filter<Task>
//! ```
//!
//! ```compile_fail
//! # use schemagen_runtime::client as rt;
//! # struct User;
//! let age: rt::Field<User, i32> = rt::Field::new(1);
//! let _ = age.contains("1"); // no `contains` on an i32 field
//! ```
//!
//! ```compile_fail
//! # use schemagen_runtime::client as rt;
//! # struct User;
//! let email: rt::Field<User, String> = rt::Field::new(1);
//! let _ = email.is_null(); // `is_null` only on nullable fields
//! ```

mod conn;
mod exec;
mod field;
mod filter;
mod include;
pub mod model;
mod mutate;
mod query;
mod relation;
mod sql;
pub mod value;

pub use crate::enum_db_type;
pub use conn::Stats;
pub use field::FieldType;
pub use field::{AggExpr, Field, OrderBy, Set, SortOrder, Unique};
pub use filter::{and, not, or, Filter, Having, TextFilter};
pub use include::{Include, IncludeMany, IncludeOne};
pub use model::{ClientDefault, ColumnMeta, Model, ModelMeta, RelationLink, RelationMeta, ScalarKind, UniqueMeta};
pub use mutate::{Create, CreateData, CreateMany, Delete, DeleteMany, Update, UpdateMany, Upsert};
pub use query::{AggResult, Aggregate, Count, FindFirst, FindMany, FindUnique, Group, GroupBy, SelectMany, Selection};
pub use relation::{NestedCreate, ToMany, ToOne};
#[doc(hidden)]
pub use value::{decode_enum, enum_from_value};
pub use value::{DbEnum, DbType, Numeric, Ordered, Row, Scalar, Value};

use conn::{Conn, Pool};
use std::cell::RefCell;
use std::marker::PhantomData;
use std::sync::Arc;

/// Everything that can go wrong in a query. Never raised by a panic.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `find_unique(..).exec()` has its `Option`; `update`, `delete` (and a `connect` target) report a missing
    /// record with this.
    #[error("no {model} record matches the unique filter")]
    NotFound {
        /// The model.
        model: &'static str,
    },
    /// A unique constraint (or the primary key) would be violated.
    #[error("unique constraint failed on {model} ({})", fields.join(", "))]
    UniqueViolation {
        /// The model written to ("" for raw SQL).
        model: &'static str,
        /// The schema field names of the constraint (column names for raw SQL).
        fields: Vec<String>,
    },
    /// A foreign key constraint would be violated (a missing parent, or a delete of a referenced row).
    #[error("foreign key constraint failed on {model}{}", field.as_ref().map(|f| format!(" ({f})")).unwrap_or_default())]
    ForeignKeyViolation {
        /// The model written to.
        model: &'static str,
        /// The foreign key field(s), when the database says (PostgreSQL does, SQLite does not).
        field: Option<String>,
    },
    /// The input cannot be used: negative take/skip, NUL in PostgreSQL text, NULL in a required column, ...
    #[error("invalid input: {0}")]
    Validation(String),
    /// The database cannot be reached, the pool has no free connection, or the database is busy.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Applying migrations failed.
    #[error(transparent)]
    Migration(#[from] crate::Error),
    /// A value read from the database does not fit the Rust type.
    #[error("cannot decode a value: {0}")]
    Decode(String),
    /// Any other database error (`code()` has the SQLSTATE / SQLite extended code).
    #[error("database error: {0}")]
    Driver(crate::DriverError),
}

/// The result type of the query engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;

struct ClientInner {
    pool: Pool,
}

/// A database client with a small connection pool. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("backend", &self.inner.pool.backend).finish()
    }
}

impl Client {
    /// Connects: `sqlite::memory:` (one connection), `sqlite:PATH` / `file:PATH` (WAL, up to 4 connections),
    /// `postgres://…` / `postgresql://…` (`?schema=NAME` sets the search path; up to 4 connections).
    /// SQLite connections always run with `PRAGMA foreign_keys = ON`.
    pub fn connect(url: &str) -> Result<Self> {
        Ok(Client { inner: Arc::new(ClientInner { pool: Pool::open(url)? }) })
    }

    /// The backend.
    pub fn backend(&self) -> crate::Backend {
        self.inner.pool.backend
    }

    /// Counters (statements sent), shared by all clones of this client.
    pub fn stats(&self) -> &Stats {
        &self.inner.pool.stats
    }

    /// Applies the embedded migrations of this client's backend (`(folder name, SQL)` pairs) with the
    /// migration runner ([`crate::deploy`]), on one of the pool's connections.
    pub fn migrate(&self, sqlite: &[(&str, &str)], postgres: &[(&str, &str)]) -> Result<()> {
        let backend = self.backend();
        let (set, provider) = match backend {
            crate::Backend::Sqlite => (sqlite, "sqlite"),
            crate::Backend::Postgres => (postgres, "postgresql"),
        };
        let migrations = crate::Migrations::from_embedded(set)?.with_provider(provider);
        let pooled = self.inner.pool.get()?;
        let conn = pooled.take();
        let Conn { kind, stats, .. } = *conn;
        let mut connection = match kind {
            conn::ConnKind::Sqlite(c) => crate::Connection::from_sqlite(c.into_inner()),
            conn::ConnKind::Pg(p) => crate::Connection::from_postgres(p.client),
        };
        let result = crate::deploy(&mut connection, &migrations);
        let kind = match connection.into_sqlite() {
            Ok(c) => conn::ConnKind::Sqlite(conn::SqliteConn::new(c)),
            Err(connection) => match connection.into_postgres() {
                Ok(c) => conn::ConnKind::Pg(Box::new(conn::PgConn::new(c))),
                Err(_) => unreachable!("a connection is SQLite or PostgreSQL"),
            },
        };
        let mut conn = Conn { kind, stats, in_tx: false, broken: false, foreign_sql: true };
        conn.clear_statements();
        self.inner.pool.give_back(Box::new(conn));
        self.inner.pool.clear_statements();
        result.map(|_| ()).map_err(Error::Migration)
    }

    /// The repository of a model.
    pub fn repo<M: Model>(&self) -> Repo<'_, M> {
        Repo { ctx: Ctx::Client(self), _m: PhantomData }
    }

    /// Raw SQL with `$1 … $n` placeholders on both backends.
    pub fn raw(&self) -> Raw<'_> {
        Raw { ctx: Ctx::Client(self) }
    }

    /// Runs `f` in a transaction (SQLite: `BEGIN IMMEDIATE`): committed when `f` returns `Ok`, rolled back when
    /// it returns `Err` or panics (the panic then continues).
    pub fn transaction<T, E: From<Error>>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        let pooled = self.inner.pool.get()?;
        let mut conn = pooled.take();
        if let Err(e) = conn.begin() {
            self.inner.pool.give_back(conn);
            return Err(e.into());
        }
        let tx = Tx { client: self, conn: RefCell::new(Some(conn)) };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&tx)));
        let mut conn = tx.conn.borrow_mut().take().expect("the transaction's connection");
        let result = match outcome {
            Ok(Ok(v)) => match conn.commit() {
                Ok(()) => Ok(v),
                Err(e) => Err(e.into()),
            },
            Ok(Err(e)) => {
                conn.rollback();
                Err(e)
            }
            Err(panic) => {
                conn.rollback();
                self.inner.pool.give_back(conn);
                std::panic::resume_unwind(panic);
            }
        };
        self.inner.pool.give_back(conn);
        result
    }
}

/// An open transaction, handed to the closure of [`Client::transaction`].
pub struct Tx<'a> {
    client: &'a Client,
    conn: RefCell<Option<Box<Conn>>>,
}

impl Tx<'_> {
    /// The repository of a model, inside this transaction.
    pub fn repo<M: Model>(&self) -> Repo<'_, M> {
        Repo { ctx: Ctx::Tx(self), _m: PhantomData }
    }

    /// Raw SQL inside this transaction.
    pub fn raw(&self) -> Raw<'_> {
        Raw { ctx: Ctx::Tx(self) }
    }

    /// The client this transaction belongs to.
    pub fn client(&self) -> &Client {
        self.client
    }
}

/// Where statements run: the pool, or an open transaction. (Also where a mandatory scope filter will live.)
#[derive(Clone, Copy)]
pub(crate) enum Ctx<'a> {
    Client(&'a Client),
    Tx(&'a Tx<'a>),
}

impl Ctx<'_> {
    /// Runs `f` on a connection.
    #[inline]
    pub(crate) fn run<R>(&self, f: impl FnOnce(&mut Conn) -> Result<R>) -> Result<R> {
        match self {
            Ctx::Client(c) => {
                let mut conn = c.inner.pool.get()?;
                f(&mut conn)
            }
            Ctx::Tx(tx) => {
                let mut guard = tx.conn.try_borrow_mut().map_err(|_| busy_tx())?;
                let conn = guard.as_mut().ok_or_else(busy_tx)?;
                f(conn)
            }
        }
    }

    /// Runs `f` atomically: in its own transaction on the pool, or inside the open transaction.
    pub(crate) fn atomic<R>(&self, f: impl FnOnce(&mut Conn) -> Result<R>) -> Result<R> {
        match self {
            Ctx::Client(c) => {
                let mut conn = c.inner.pool.get()?;
                conn.begin()?;
                // On a panic in `f`, the pooled connection rolls back when it goes back to the pool.
                match f(&mut conn) {
                    Ok(v) => {
                        conn.commit()?;
                        Ok(v)
                    }
                    Err(e) => {
                        conn.rollback();
                        Err(e)
                    }
                }
            }
            Ctx::Tx(_) => self.run(f),
        }
    }
}

fn busy_tx() -> Error {
    Error::Validation(
        "the transaction is in use by another statement (a nested-create closure cannot use the transaction)".into(),
    )
}

/// The operations on one model; each method returns a builder that runs with `.exec()`.
pub struct Repo<'a, M> {
    pub(crate) ctx: Ctx<'a>,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for Repo<'_, M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for Repo<'_, M> {}

/// Raw SQL. Placeholders are `$1 … $n` on both backends; values are always bound, never spliced.
pub struct Raw<'a> {
    ctx: Ctx<'a>,
}

impl Raw<'_> {
    /// Runs a query; values are decoded by the database's column types (SQLite: declared type, else storage
    /// class).
    pub fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>> {
        self.ctx.run(|c| c.raw_query(sql, params))
    }

    /// Runs a statement; returns the number of rows changed.
    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.ctx.run(|c| c.raw_execute(sql, params))
    }
}
