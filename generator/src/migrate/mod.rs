//! SQL migrations: Prisma Migrate's SQL for PostgreSQL and SQLite, byte for byte.
//!
//! ```text
//! ir::Schema ──calculate──▶ SqlSchema ──steps::create_all──▶ [Step] ──SqlRenderer──▶ SQL script
//!                          (dialect-neutral)                (dialect-neutral)   (Postgres | Sqlite)
//! ```
//!
//! - [`sql_schema`]: the database a schema describes, neutral of dialect ([`calculate`]).
//! - [`steps`]: the changes, in Prisma's order ([`Step`]), and the human summary.
//! - [`render`]: one [`SqlRenderer`] per dialect; the trait's default methods hold the shared SQL.
//!
//! - [`diff`]: two [`SqlSchema`]s -> the steps between them (drops, alters, renames, SQLite table
//!   rebuilds), with data-loss warnings and rename hints.
//! - [`history`]: the state a migrations folder produces (snapshots, or replaying Prisma's
//!   migrations: SQLite in memory, PostgreSQL in a scratch schema — [`introspect_pg`]) and the
//!   writing of new migration folders.
//!
//! Pure functions except [`history`], which reads and writes migration folders.

pub mod diff;
pub mod history;
pub mod introspect_pg;
pub mod render;
pub mod sql_schema;
pub mod steps;
pub mod values;

pub use diff::{diff, Diff, Renames, SchemaDiff};
pub use render::{renderer_for, Postgres, SqlRenderer, Sqlite, EMPTY_MIGRATION};
pub use sql_schema::{calculate, MigrateError, SqlSchema};
pub use steps::Step;

use crate::connector::Provider;
use crate::ir;

/// What `migrate diff --from-empty --to-schema` computes: the target database, the steps and
/// their rendering.
#[derive(Debug, Clone)]
pub struct Migration {
    pub schema: SqlSchema,
    pub steps: Vec<Step>,
}

impl Migration {
    /// The SQL script, in Prisma's layout (`-- This is an empty migration.` without steps).
    pub fn script(&self) -> String {
        let provider = self.schema.provider.unwrap_or(Provider::Postgres);
        match renderer_for(provider) {
            Some(r) => r.render_script(&self.steps, &self.schema),
            None => EMPTY_MIGRATION.to_string(),
        }
    }

    /// The human summary (`[+] Added tables ...`, `No difference detected.`).
    pub fn summary(&self) -> String {
        steps::summary(&self.steps, &self.schema)
    }

    pub fn has_changes(&self) -> bool {
        !self.steps.is_empty()
    }
}

/// The provider to render for: `provider` when given, else the schema's own.
pub fn target_provider(schema: &ir::Schema, provider: Option<Provider>) -> Result<Provider, MigrateError> {
    provider.or(schema.provider).ok_or_else(|| MigrateError {
        message: "the schema has no datasource; pass --provider postgresql|sqlite".to_string(),
    })
}

/// The migration from an empty database to `schema`, for `provider` (the schema's own provider
/// when `None`).
pub fn migration_from_empty(schema: &ir::Schema, provider: Option<Provider>) -> Result<Migration, MigrateError> {
    let target = target_provider(schema, provider)?;
    let sql = calculate(schema, target)?;
    let steps = steps::create_all(&sql, &[]);
    Ok(Migration { schema: sql, steps })
}

/// The SQL Prisma Migrate writes for `schema` from an empty database
/// (`prisma migrate diff --from-empty --to-schema S --script`).
pub fn from_empty(schema: &ir::Schema, provider: Option<Provider>) -> Result<String, MigrateError> {
    migration_from_empty(schema, provider).map(|m| m.script())
}
