//! The PostgreSQL backend (the synchronous `postgres` client; URLs and TLS in `pg_url`).

use crate::error::{DriverError, Error, Result};
use crate::split::{
    char_position_to_byte, line_of, split_postgres, transaction_control, Statement, TxControl, TX_CONTROL_MESSAGE,
};
use crate::{new_id, Backend, Driver, Migration, MigrationRecord, StatementFailure};
use std::time::{Duration, Instant, SystemTime};

/// Prisma's DDL for the history table on PostgreSQL.
const CREATE_TABLE: &str = "CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);";

/// Prisma Migrate's advisory lock key: holding the same one serialises us with Prisma too.
const ADVISORY_LOCK_KEY: i64 = 72_707_369;
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct PgDriver {
    client: postgres::Client,
}

pub(crate) fn driver_error(e: postgres::Error) -> DriverError {
    let code = e.code().map(|c| c.code().to_owned());
    let message = match e.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => {
            // The driver's own message is generic ("error performing TLS handshake"): add its causes.
            let mut text = e.to_string();
            let mut cause = std::error::Error::source(&e);
            while let Some(c) = cause {
                let part = c.to_string();
                if !text.contains(&part) {
                    text.push_str(": ");
                    text.push_str(&part);
                }
                cause = c.source();
            }
            text
        }
    };
    DriverError::new(message, code, Some(Box::new(e)))
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        Error::Database(driver_error(e))
    }
}

impl PgDriver {
    pub(crate) fn open(url: &str) -> Result<Self> {
        let client = crate::pg_url::PgUrl::parse(url)?.connect()?;
        Ok(Self { client })
    }

    /// Wraps an open client (the query engine lends its pooled connections to the runner this way).
    #[cfg(feature = "client")]
    pub(crate) fn from_client(client: postgres::Client) -> Self {
        Self { client }
    }

    /// The client back.
    #[cfg(feature = "client")]
    pub(crate) fn into_client(self) -> postgres::Client {
        self.client
    }

    fn record_failure(&mut self, id: &str, migration: &Migration, started: SystemTime, logs: &str) {
        // If even this fails, the migration stays pending; the database is unchanged either way.
        let _ = self.client.execute(
            "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, logs, applied_steps_count) \
             VALUES ($1, $2, $3, $4, $5, 0)",
            &[&id, &migration.checksum(), &started, &migration.name(), &logs],
        );
    }
}

fn failure_from(e: &postgres::Error, script: &str, index: usize, offset: usize, text: &str) -> StatementFailure {
    let mut line = line_of(script, offset);
    let (message, code) = match e.as_db_error() {
        Some(db) => {
            if let Some(postgres::error::ErrorPosition::Original(pos)) = db.position() {
                let within = char_position_to_byte(text, *pos as usize);
                line = line_of(script, offset + within);
            }
            let mut message = db.message().to_owned();
            if let Some(detail) = db.detail() {
                message.push_str("\nDETAIL: ");
                message.push_str(detail);
            }
            if let Some(hint) = db.hint() {
                message.push_str("\nHINT: ");
                message.push_str(hint);
            }
            (message, Some(db.code().code().to_owned()))
        }
        None => (e.to_string(), e.code().map(|c| c.code().to_owned())),
    };
    StatementFailure { index, line, statement: text.to_owned(), message, code }
}

impl Driver for PgDriver {
    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    fn lock(&mut self) -> Result<()> {
        let deadline = Instant::now() + LOCK_TIMEOUT;
        loop {
            let row = self.client.query_one("SELECT pg_try_advisory_lock($1)", &[&ADVISORY_LOCK_KEY])?;
            if row.get::<_, bool>(0) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(Error::LockTimeout { seconds: LOCK_TIMEOUT.as_secs() });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn unlock(&mut self) -> Result<()> {
        self.client.execute("SELECT pg_advisory_unlock($1)", &[&ADVISORY_LOCK_KEY])?;
        Ok(())
    }

    fn table_exists(&mut self) -> Result<bool> {
        let row = self.client.query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = current_schema() AND c.relname = '_prisma_migrations' AND c.relkind IN ('r', 'p'))",
            &[],
        )?;
        Ok(row.get(0))
    }

    fn has_user_tables(&mut self) -> Result<bool> {
        let row = self.client.query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p'))",
            &[],
        )?;
        Ok(row.get(0))
    }

    fn create_table(&mut self) -> Result<()> {
        Ok(self.client.batch_execute(CREATE_TABLE)?)
    }

    fn load_records(&mut self) -> Result<Vec<MigrationRecord>> {
        let rows = self.client.query(
            "SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count \
             FROM _prisma_migrations ORDER BY started_at ASC",
            &[],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(MigrationRecord {
                id: row.try_get(0)?,
                checksum: row.try_get(1)?,
                finished_at: row.try_get(2)?,
                migration_name: row.try_get(3)?,
                logs: row.try_get(4)?,
                rolled_back_at: row.try_get(5)?,
                started_at: row.try_get(6)?,
                applied_steps_count: i64::from(row.try_get::<_, i32>(7)?),
            });
        }
        Ok(out)
    }

    fn apply(&mut self, migration: &Migration) -> Result<bool> {
        let id = new_id();
        let started = SystemTime::now();
        let script = migration.sql();
        let statements = split_postgres(script);
        // A script wrapped whole in BEGIN; … COMMIT; runs without the wrapper (ours does the same); any other
        // transaction control would break the migration's atomicity, so it fails the migration before anything runs.
        let mut body: Vec<(usize, &Statement<'_>)> = statements.iter().enumerate().collect();
        if body.first().is_some_and(|(_, s)| transaction_control(s.text) == Some(TxControl::Begin))
            && body.last().is_some_and(|(_, s)| transaction_control(s.text) == Some(TxControl::Commit))
        {
            body = body[1..body.len() - 1].to_vec();
        }
        let forbidden =
            body.iter().find(|(_, s)| transaction_control(s.text).is_some()).map(|(i, s)| StatementFailure {
                index: i + 1,
                line: line_of(script, s.offset),
                statement: s.text.to_owned(),
                message: TX_CONTROL_MESSAGE.to_owned(),
                code: None,
            });
        let outcome = (|| -> std::result::Result<(), StatementFailure> {
            if let Some(failure) = forbidden {
                return Err(failure);
            }
            let db = |e: postgres::Error| failure_from(&e, script, 0, 0, "");
            let mut tx = self.client.transaction().map_err(db)?;
            tx.execute(
                "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, applied_steps_count) \
                 VALUES ($1, $2, $3, $4, 0)",
                &[&id, &migration.checksum(), &started, &migration.name()],
            )
            .map_err(db)?;
            for &(i, stmt) in &body {
                if let Err(e) = tx.batch_execute(stmt.text) {
                    return Err(failure_from(&e, script, i + 1, stmt.offset, stmt.text));
                }
            }
            tx.execute(
                "UPDATE _prisma_migrations SET finished_at = $1, applied_steps_count = 1 WHERE id = $2",
                &[&SystemTime::now(), &id],
            )
            .map_err(db)?;
            tx.commit().map_err(|e| {
                let mut f = failure_from(&e, script, statements.len() + 1, script.len(), "COMMIT");
                f.line = line_of(script, script.len());
                f
            })
            // A dropped, uncommitted transaction rolls back.
        })();
        match outcome {
            Ok(()) => Ok(true),
            Err(failure) => {
                self.record_failure(&id, migration, started, &failure.logs(migration.name()));
                Err(failure.into_error(migration.name(), Backend::Postgres))
            }
        }
    }

    fn mark_rolled_back(&mut self, id: &str) -> Result<()> {
        self.client
            .execute("UPDATE _prisma_migrations SET rolled_back_at = $1 WHERE id = $2", &[&SystemTime::now(), &id])?;
        Ok(())
    }

    fn mark_applied(&mut self, migration: &Migration) -> Result<()> {
        let now = SystemTime::now();
        self.client.execute(
            "INSERT INTO _prisma_migrations (id, checksum, logs, started_at, finished_at, migration_name) \
             VALUES ($1, $2, '', $3, $3, $4)",
            &[&new_id(), &migration.checksum(), &now, &migration.name()],
        )?;
        Ok(())
    }
}
