//! # schemagen-runtime
//!
//! Applies a folder of SQL migrations in Prisma Migrate's layout (`migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql`
//! plus `migration_lock.toml`) to SQLite or PostgreSQL, and reports their status. The history is kept in a
//! `_prisma_migrations` table with Prisma's exact shape and semantics, so a team can switch between Prisma
//! Migrate and schemagen on the same database.
//!
//! ```no_run
//! # fn main() -> Result<(), schemagen_runtime::Error> {
//! let migrations = schemagen_runtime::Migrations::from_dir("migrations")?;
//! let mut conn = schemagen_runtime::connect("sqlite:dev.db")?;
//! let report = schemagen_runtime::deploy(&mut conn, &migrations)?;
//! println!("applied {:?}", report.applied);
//! let status = schemagen_runtime::status(&mut conn, &migrations)?;
//! assert!(status.is_up_to_date());
//! # Ok(()) }
//! ```
//!
//! ## Guarantees
//!
//! - Each migration runs in one transaction together with its `_prisma_migrations` row. On failure the
//!   transaction is rolled back (the database is as before the migration) and a row is written that marks the
//!   migration failed, as Prisma does (`finished_at` NULL, `logs` holding the error). A failed migration blocks
//!   further deploys until resolved ([`resolve_rolled_back`], [`resolve_applied`]).
//! - An applied migration whose script changed (checksum differs) is reported by [`status`] and blocks [`deploy`].
//! - PostgreSQL: statements run one by one inside the transaction, so the error names the failing statement;
//!   deploys are serialised by Prisma's advisory lock (72707369), shared with Prisma Migrate.
//! - SQLite: DDL is transactional too, with these limits: the migration runs with `PRAGMA foreign_keys = OFF`
//!   (set before the transaction, since it cannot change inside one; `PRAGMA foreign_keys` statements in the script
//!   are no-ops), so table rebuilds do not cascade deletes; `PRAGMA foreign_key_check` runs before commit and
//!   any violation fails the migration. Statements that cannot run in a transaction (`VACUUM`, `BEGIN`/`COMMIT` in
//!   the script) fail the migration. `BEGIN IMMEDIATE` serialises concurrent deploys.
//! - The API is synchronous (rusqlite and the synchronous `postgres` client). Inside an async runtime call it from
//!   a blocking thread (e.g. `tokio::task::spawn_blocking`).
#![deny(missing_docs)]
#![cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]

#[cfg(feature = "client")]
pub mod client;
mod error;
mod migrations;
#[cfg(feature = "postgres")]
mod pg;
#[cfg(feature = "postgres")]
mod pg_url;
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
mod split;
#[cfg(feature = "sqlite")]
mod sqlite;
mod time;

pub use error::{DriverError, Error, MigrationFailure, Result};
pub use migrations::{checksum, Migration, Migrations};
#[cfg(feature = "postgres")]
pub use pg_url::postgres_client;

use std::time::SystemTime;

/// The name of the history table, as Prisma Migrate names it.
pub const MIGRATIONS_TABLE: &str = "_prisma_migrations";

/// Which database a [`Connection`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// The Prisma provider name: `sqlite` or `postgresql`.
    pub fn provider(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }
}

/// A database connection. The driver behind it is an implementation detail.
pub struct Connection {
    inner: Inner,
}

enum Inner {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlite::SqliteDriver),
    #[cfg(feature = "postgres")]
    Postgres(pg::PgDriver),
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").field("backend", &self.backend()).finish()
    }
}

impl Connection {
    /// Opens a connection; the backend comes from the URL:
    /// `sqlite:PATH`, `sqlite://PATH`, `file:PATH` (a query string like `?connection_limit=1` is ignored),
    /// `sqlite::memory:`, `postgres://…` or `postgresql://…` (Prisma's `?schema=NAME` sets the schema; TLS as
    /// `sslmode`, `sslaccept`, `sslcert`, `sslidentity`/`sslpassword` ask, see the `pg_url` table in the README;
    /// other Prisma-only parameters are ignored).
    pub fn open(url: &str) -> Result<Self> {
        connect(url)
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        match self.inner {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            Inner::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs SQL statements (no parameters, no results), outside any migration. For setup and tests.
    pub fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.driver().execute_batch(sql)
    }

    /// The rows of `_prisma_migrations`, ordered by `started_at` (empty if the table does not exist).
    pub fn history(&mut self) -> Result<Vec<MigrationRecord>> {
        let driver = self.driver();
        if !driver.table_exists()? {
            return Ok(Vec::new());
        }
        driver.load_records()
    }

    /// A connection around an open SQLite connection (the query engine's pool lends its connections this way).
    #[cfg(feature = "client")]
    pub(crate) fn from_sqlite(conn: rusqlite::Connection) -> Self {
        Connection { inner: Inner::Sqlite(sqlite::SqliteDriver::from_connection(conn)) }
    }

    /// A connection around an open PostgreSQL client.
    #[cfg(feature = "client")]
    pub(crate) fn from_postgres(client: postgres::Client) -> Self {
        Connection { inner: Inner::Postgres(pg::PgDriver::from_client(client)) }
    }

    /// The SQLite connection inside, or `Err(self)` for another backend.
    #[cfg(feature = "client")]
    #[allow(clippy::result_large_err)]
    pub(crate) fn into_sqlite(self) -> std::result::Result<rusqlite::Connection, Self> {
        match self.inner {
            Inner::Sqlite(d) => Ok(d.into_connection()),
            #[allow(unreachable_patterns)]
            other => Err(Connection { inner: other }),
        }
    }

    /// The PostgreSQL client inside, or `Err(self)` for another backend.
    #[cfg(feature = "client")]
    #[allow(clippy::result_large_err)]
    pub(crate) fn into_postgres(self) -> std::result::Result<postgres::Client, Self> {
        match self.inner {
            Inner::Postgres(d) => Ok(d.into_client()),
            #[allow(unreachable_patterns)]
            other => Err(Connection { inner: other }),
        }
    }

    fn driver(&mut self) -> &mut dyn Driver {
        match self.inner {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(ref mut d) => d,
            #[cfg(feature = "postgres")]
            Inner::Postgres(ref mut d) => d,
        }
    }
}

/// Opens a connection; see [`Connection::open`] for the URL forms.
pub fn connect(url: &str) -> Result<Connection> {
    let invalid = |reason: &str| Error::InvalidUrl { url: redact(url), reason: reason.to_owned() };
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        #[cfg(feature = "postgres")]
        return Ok(Connection { inner: Inner::Postgres(pg::PgDriver::open(url)?) });
        #[cfg(not(feature = "postgres"))]
        return Err(Error::BackendNotEnabled { backend: "postgresql", feature: "postgres" });
    }
    let Some(path) = sqlite_path(url) else {
        return Err(invalid("expected sqlite:PATH, file:PATH, sqlite::memory: or postgresql://…"));
    };
    if path.is_empty() {
        return Err(invalid("the SQLite file path is empty"));
    }
    #[cfg(feature = "sqlite")]
    return Ok(Connection { inner: Inner::Sqlite(sqlite::SqliteDriver::open(path, url)?) });
    #[cfg(not(feature = "sqlite"))]
    {
        let _ = path;
        Err(Error::BackendNotEnabled { backend: "sqlite", feature: "sqlite" })
    }
}

/// The file path of a SQLite URL (`sqlite:PATH`, `sqlite://PATH`, `file:PATH`, `file://PATH`; a query string
/// such as `?connection_limit=1` cut off; `:memory:` for `sqlite::memory:`), or `None` for another scheme.
pub fn sqlite_path(url: &str) -> Option<&str> {
    let rest = ["sqlite://", "sqlite:", "file://", "file:"].iter().find_map(|p| url.strip_prefix(p))?;
    Some(rest.split_once('?').map_or(rest, |(p, _)| p))
}

/// A URL with its password replaced by `***`, for messages (`postgresql://u:***@host/db`); other URLs unchanged.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_owned() };
    let after = &url[scheme_end + 3..];
    let authority_end = after.find(['/', '?']).unwrap_or(after.len());
    let authority = &after[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => {
            format!("{}{}:***{}", &url[..scheme_end + 3], &authority[..colon], &after[at..])
        }
        _ => url.to_owned(),
    }
}

/// One row of `_prisma_migrations`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MigrationRecord {
    /// Random UUID.
    pub id: String,
    /// SHA-256 of the script when it was applied (hex).
    pub checksum: String,
    /// When the migration finished successfully; `None` while running or after a failure.
    pub finished_at: Option<SystemTime>,
    /// The migration's folder name.
    pub migration_name: String,
    /// The error of a failed migration.
    pub logs: Option<String>,
    /// When the migration was marked rolled back (`resolve_rolled_back`); such rows are ignored.
    pub rolled_back_at: Option<SystemTime>,
    /// When the migration was started (`None` if the stored value cannot be read as a time).
    pub started_at: Option<SystemTime>,
    /// 1 for a migration script that ran to the end, 0 otherwise.
    pub applied_steps_count: i64,
}

impl MigrationRecord {
    fn is_rolled_back(&self) -> bool {
        self.rolled_back_at.is_some()
    }
    fn is_failed(&self) -> bool {
        self.finished_at.is_none() && self.rolled_back_at.is_none()
    }
    fn is_applied(&self) -> bool {
        self.finished_at.is_some() && self.rolled_back_at.is_none()
    }
}

/// A failed migration, as [`status`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FailedMigration {
    /// The migration's name.
    pub name: String,
    /// The recorded error.
    pub logs: Option<String>,
}

/// Where the database stands against a set of migrations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Status {
    /// Whether the database has a `_prisma_migrations` table.
    pub history_exists: bool,
    /// Local migrations recorded as applied, in order (edited ones included; see `modified`).
    pub applied: Vec<String>,
    /// Local migrations not applied yet, in order.
    pub pending: Vec<String>,
    /// Migrations recorded as failed and not resolved; they block deploy.
    pub failed: Vec<FailedMigration>,
    /// Applied migrations whose local script differs from the one applied; they block deploy.
    pub modified: Vec<String>,
    /// Migrations recorded as applied in the database but absent from the local set.
    pub missing_locally: Vec<String>,
}

impl Status {
    /// Nothing pending, failed, edited or missing locally.
    pub fn is_up_to_date(&self) -> bool {
        self.pending.is_empty() && self.failed.is_empty() && self.modified.is_empty() && self.missing_locally.is_empty()
    }
}

/// What [`deploy`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeployReport {
    /// The migrations applied by this call, in order.
    pub applied: Vec<String>,
    /// Migrations recorded in the database but absent locally (a warning: the code may be older than the
    /// database); they do not block deploy, as with Prisma.
    pub missing_locally: Vec<String>,
}

/// Compares the database's history with a set of migrations. Reads only; creates nothing.
pub fn status(conn: &mut Connection, migrations: &Migrations) -> Result<Status> {
    let driver = conn.driver();
    if !driver.table_exists()? {
        return Ok(Status { pending: migrations.iter().map(|m| m.name().to_owned()).collect(), ..Status::default() });
    }
    let records = driver.load_records()?;
    Ok(compute_status(&records, migrations))
}

fn compute_status(records: &[MigrationRecord], migrations: &Migrations) -> Status {
    let mut status = Status { history_exists: true, ..Status::default() };
    for r in records.iter().filter(|r| r.is_failed()) {
        status.failed.push(FailedMigration { name: r.migration_name.clone(), logs: r.logs.clone() });
    }
    for m in migrations {
        let live: Vec<&MigrationRecord> =
            records.iter().filter(|r| r.migration_name == m.name() && !r.is_rolled_back()).collect();
        if live.iter().any(|r| r.is_failed()) {
            continue;
        }
        match live.iter().rev().find(|r| r.is_applied()) {
            Some(r) => {
                status.applied.push(m.name().to_owned());
                if !m.matches_checksum(&r.checksum) {
                    status.modified.push(m.name().to_owned());
                }
            }
            None => status.pending.push(m.name().to_owned()),
        }
    }
    for r in records.iter().filter(|r| r.is_applied()) {
        if migrations.get(&r.migration_name).is_none() && !status.missing_locally.contains(&r.migration_name) {
            status.missing_locally.push(r.migration_name.clone());
        }
    }
    status
}

/// Applies the pending migrations in order, each in its own transaction, recording each in `_prisma_migrations`
/// (created if missing). Refuses to start while a migration is failed or an applied one was edited, when the
/// migrations were written for another provider, or when the database has tables but no history (baseline it
/// with [`resolve_applied`]). Stops at the first failing migration with [`Error::MigrationFailed`].
pub fn deploy(conn: &mut Connection, migrations: &Migrations) -> Result<DeployReport> {
    check_provider(conn, migrations)?;
    let driver = conn.driver();
    driver.lock()?;
    let result = deploy_locked(driver, migrations);
    let unlocked = driver.unlock();
    let report = result?;
    unlocked?;
    Ok(report)
}

fn deploy_locked(driver: &mut dyn Driver, migrations: &Migrations) -> Result<DeployReport> {
    if !driver.table_exists()? {
        if driver.has_user_tables()? {
            if migrations.is_empty() {
                return Ok(DeployReport::default());
            }
            return Err(Error::DatabaseNotEmpty);
        }
        driver.create_table()?;
    }
    let status = compute_status(&driver.load_records()?, migrations);
    if !status.failed.is_empty() {
        return Err(Error::FailedMigrations { names: status.failed.into_iter().map(|f| f.name).collect() });
    }
    if !status.modified.is_empty() {
        return Err(Error::ModifiedMigrations { names: status.modified });
    }
    let mut report = DeployReport { applied: Vec::new(), missing_locally: status.missing_locally };
    for name in &status.pending {
        let Some(migration) = migrations.get(name) else { continue };
        if driver.apply(migration)? {
            report.applied.push(name.clone());
        }
    }
    Ok(report)
}

fn check_provider(conn: &Connection, migrations: &Migrations) -> Result<()> {
    let actual = conn.backend().provider();
    match migrations.provider() {
        Some(expected) if expected != actual && !(expected == "postgres" && actual == "postgresql") => {
            Err(Error::ProviderMismatch { expected: expected.to_owned(), actual })
        }
        _ => Ok(()),
    }
}

/// Marks the failed records of a migration as rolled back (Prisma's `migrate resolve --rolled-back`), after the
/// database was repaired by hand; the next [`deploy`] applies the migration again.
pub fn resolve_rolled_back(conn: &mut Connection, name: &str) -> Result<()> {
    let driver = conn.driver();
    if !driver.table_exists()? {
        return Err(Error::NotFailed { name: name.to_owned() });
    }
    let failed: Vec<String> = driver
        .load_records()?
        .into_iter()
        .filter(|r| r.migration_name == name && r.is_failed())
        .map(|r| r.id)
        .collect();
    if failed.is_empty() {
        return Err(Error::NotFailed { name: name.to_owned() });
    }
    for id in &failed {
        driver.mark_rolled_back(id)?;
    }
    Ok(())
}

/// Records a migration as applied without running it (Prisma's `migrate resolve --applied`): to baseline a
/// database that already has the schema, or after finishing a failed migration by hand (its failed records are
/// marked rolled back). Creates `_prisma_migrations` if missing.
pub fn resolve_applied(conn: &mut Connection, migrations: &Migrations, name: &str) -> Result<()> {
    check_provider(conn, migrations)?;
    let migration = migrations.get(name).ok_or_else(|| Error::UnknownMigration { name: name.to_owned() })?;
    let driver = conn.driver();
    if !driver.table_exists()? {
        driver.create_table()?;
    }
    let records = driver.load_records()?;
    if records.iter().any(|r| r.migration_name == name && r.is_applied()) {
        return Err(Error::AlreadyApplied { name: name.to_owned() });
    }
    for r in records.iter().filter(|r| r.migration_name == name && r.is_failed()) {
        driver.mark_rolled_back(&r.id)?;
    }
    driver.mark_applied(migration)
}

/// Why a migration failed: the statement and the database's error.
pub(crate) struct StatementFailure {
    pub(crate) index: usize,
    pub(crate) line: usize,
    pub(crate) statement: String,
    pub(crate) message: String,
    pub(crate) code: Option<String>,
}

impl StatementFailure {
    /// The text recorded in `_prisma_migrations.logs`.
    pub(crate) fn logs(&self, migration: &str) -> String {
        format!(
            "Migration `{migration}` failed at statement {} (line {}): {}{}\n\n{}",
            self.index,
            self.line,
            self.message,
            self.code.as_deref().map(|c| format!(" (code {c})")).unwrap_or_default(),
            self.statement
        )
    }

    pub(crate) fn into_error(self, migration: &str, backend: Backend) -> Error {
        Error::MigrationFailed(Box::new(MigrationFailure {
            migration: migration.to_owned(),
            statement_index: self.index,
            line: self.line,
            statement: self.statement,
            message: self.message,
            code: self.code,
            backend,
        }))
    }
}

/// What each backend provides. Internal, so that drivers can change without changing the API.
pub(crate) trait Driver {
    fn execute_batch(&mut self, sql: &str) -> Result<()>;
    /// Takes the migration lock (PostgreSQL advisory lock; nothing on SQLite, which locks per transaction).
    fn lock(&mut self) -> Result<()>;
    fn unlock(&mut self) -> Result<()>;
    fn table_exists(&mut self) -> Result<bool>;
    /// Whether the database (PostgreSQL: the current schema) has tables of its own.
    fn has_user_tables(&mut self) -> Result<bool>;
    fn create_table(&mut self) -> Result<()>;
    fn load_records(&mut self) -> Result<Vec<MigrationRecord>>;
    /// Applies one migration in a transaction with its history row. `Ok(false)`: another deploy applied it
    /// meanwhile. On failure: rolls back, records the failure and returns [`Error::MigrationFailed`].
    fn apply(&mut self, migration: &Migration) -> Result<bool>;
    fn mark_rolled_back(&mut self, id: &str) -> Result<()>;
    fn mark_applied(&mut self, migration: &Migration) -> Result<()>;
}

/// A new random record id (UUID v4, as Prisma writes).
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths() {
        assert_eq!(sqlite_path("sqlite:dev.db"), Some("dev.db"));
        assert_eq!(sqlite_path("sqlite:///tmp/a.db?connection_limit=1"), Some("/tmp/a.db"));
        assert_eq!(sqlite_path("file:./x.db"), Some("./x.db"));
        assert_eq!(sqlite_path("sqlite::memory:"), Some(":memory:"));
        assert_eq!(sqlite_path("postgresql://h/db"), None);
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgresql://u:secret@h:5432/db?x=1"), "postgresql://u:***@h:5432/db?x=1");
        assert_eq!(redact("postgresql://u@h/db"), "postgresql://u@h/db");
        assert_eq!(redact("sqlite:a.db"), "sqlite:a.db");
    }

    #[test]
    fn bad_urls_are_errors() {
        assert!(matches!(connect("mysql://x"), Err(Error::InvalidUrl { .. })));
        assert!(matches!(connect("sqlite:"), Err(Error::InvalidUrl { .. })));
    }
}
