//! The one error type of the crate.

use std::path::PathBuf;

/// Everything that can go wrong while reading, applying or inspecting migrations.
///
/// Each variant says what to do about it; none of them is ever raised by a panic.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder of the migrations directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },

    /// A migration folder has no `migration.sql`.
    #[error("migration folder {} has no migration.sql: add the script or remove the folder", dir.display())]
    MissingMigrationScript {
        /// The folder.
        dir: PathBuf,
    },

    /// A migration script is not valid UTF-8.
    #[error("{} is not valid UTF-8: save it as UTF-8", path.display())]
    NotUtf8 {
        /// The script.
        path: PathBuf,
    },

    /// Two embedded migrations have the same name.
    #[error("migration `{name}` is listed twice")]
    DuplicateMigration {
        /// The name.
        name: String,
    },

    /// `migration_lock.toml` could not be understood.
    #[error("{}: {reason}", path.display())]
    InvalidLockFile {
        /// The lock file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// The database URL could not be understood.
    #[error("invalid database URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL, with any password replaced by `***`.
        url: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The URL names a backend whose cargo feature is not enabled.
    #[error("the {backend} backend is not compiled in: enable the `{feature}` feature of schemagen-runtime")]
    BackendNotEnabled {
        /// `sqlite` or `postgresql`.
        backend: &'static str,
        /// The cargo feature to enable.
        feature: &'static str,
    },

    /// The database could not be opened or reached.
    #[error("cannot connect to the {backend} database at `{url}`: {source}")]
    Connect {
        /// `sqlite` or `postgresql`.
        backend: &'static str,
        /// The URL, with any password replaced by `***`.
        url: String,
        /// The driver's error.
        source: DriverError,
    },

    /// The migrations were written for another provider than the database's.
    #[error(
        "the migrations were written for `{expected}` (migration_lock.toml) but the database is {actual}: \
         use the migrations for {actual} or connect to a {expected} database"
    )]
    ProviderMismatch {
        /// The provider of `migration_lock.toml`.
        expected: String,
        /// The backend of the connection.
        actual: &'static str,
    },

    /// The database has tables but no `_prisma_migrations` table (Prisma's P3005).
    #[error(
        "the database is not empty and has no migration history (_prisma_migrations): baseline it by marking the \
         migrations it already contains as applied (`resolve_applied`, `schemagen migrate resolve --applied NAME`)"
    )]
    DatabaseNotEmpty,

    /// Another deploy holds the migration lock (PostgreSQL advisory lock 72707369, shared with Prisma Migrate).
    #[error(
        "timed out after {seconds} s waiting for the migration lock held by another deploy: retry when it is done"
    )]
    LockTimeout {
        /// How long we waited.
        seconds: u64,
    },

    /// Failed migrations block deploy until resolved (Prisma's P3009).
    #[error(
        "failed migrations in the database block new migrations: {}. Fix the database by hand, then mark each one \
         rolled back (`resolve_rolled_back`, `schemagen migrate resolve --rolled-back NAME`) to retry it, or applied \
         (`resolve_applied`, `--applied NAME`) if you finished it by hand",
        names.join(", ")
    )]
    FailedMigrations {
        /// The failed migrations, in the order they were started.
        names: Vec<String>,
    },

    /// Applied migrations whose script was edited afterwards block deploy.
    #[error(
        "applied migrations were edited after they were applied (their checksum differs): {}. Restore the \
         scripts as they were applied and put the change in a new migration",
        names.join(", ")
    )]
    ModifiedMigrations {
        /// The edited migrations.
        names: Vec<String>,
    },

    /// A migration failed; its transaction was rolled back, and it is recorded as failed.
    #[error("{0}")]
    MigrationFailed(Box<MigrationFailure>),

    /// `resolve_*` named a migration that is not in the migrations directory.
    #[error("migration `{name}` is not in the migrations directory")]
    UnknownMigration {
        /// The name.
        name: String,
    },

    /// `resolve_rolled_back` named a migration that is not in a failed state.
    #[error("migration `{name}` is not failed, so it cannot be marked rolled back")]
    NotFailed {
        /// The name.
        name: String,
    },

    /// `resolve_applied` named a migration that is already applied.
    #[error("migration `{name}` is already recorded as applied")]
    AlreadyApplied {
        /// The name.
        name: String,
    },

    /// Any other database error (reading or writing `_prisma_migrations`, transactions).
    #[error("database error: {0}")]
    Database(#[from] DriverError),
}

/// Where and why a migration failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MigrationFailure {
    /// The migration's name.
    pub migration: String,
    /// 1-based index of the failing statement in the script (0: recording or committing the migration failed).
    pub statement_index: usize,
    /// 1-based line of the script: the error position when the database gives one, else where the statement starts.
    pub line: usize,
    /// The failing statement.
    pub statement: String,
    /// The database's message.
    pub message: String,
    /// The database's error code (SQLSTATE on PostgreSQL, extended result code on SQLite), if any.
    pub code: Option<String>,
    /// The backend the migration ran on.
    pub backend: crate::Backend,
}

impl std::fmt::Display for MigrationFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "migration `{}` failed at statement {} (line {}): {}",
            self.migration, self.statement_index, self.line, self.message
        )?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        if !self.statement.is_empty() {
            write!(f, "\n\n{}\n", self.statement)?;
        }
        let note = match self.backend {
            crate::Backend::Sqlite => " (as far as SQLite allows: see the crate docs)",
            crate::Backend::Postgres => "",
        };
        write!(
            f,
            "\nThe migration's transaction was rolled back{note}; the migration is recorded as failed and blocks \
             further deploys until resolved (resolve_rolled_back / `schemagen migrate resolve --rolled-back`)"
        )
    }
}

/// An error of the database driver, kept opaque so that changing a driver does not change this crate's API.
#[derive(Debug)]
pub struct DriverError {
    message: String,
    code: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl DriverError {
    pub(crate) fn new(
        message: impl Into<String>,
        code: Option<String>,
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        Self { message: message.into(), code, source }
    }

    /// The database's error code, if any: SQLSTATE on PostgreSQL (e.g. `42P07`), the extended result code on
    /// SQLite (e.g. `2067`).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DriverError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
