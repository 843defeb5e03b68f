//! The SQLite backend (rusqlite, bundled SQLite).

use crate::error::{DriverError, Error, Result};
use crate::split::{leading_trivia, line_of, transaction_control, TxControl, TX_CONTROL_MESSAGE};
use crate::time::{from_millis, parse_text, to_millis};
use crate::{new_id, Backend, Driver, Migration, MigrationRecord, StatementFailure};
use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::types::ValueRef;
use std::time::{Duration, SystemTime};

/// Prisma's DDL for the history table on SQLite.
const CREATE_TABLE: &str = r#"CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);"#;

pub(crate) struct SqliteDriver {
    conn: rusqlite::Connection,
}

fn driver_error(e: rusqlite::Error) -> DriverError {
    let code = match &e {
        rusqlite::Error::SqliteFailure(err, _) | rusqlite::Error::SqlInputError { error: err, .. } => {
            Some(err.extended_code.to_string())
        }
        _ => None,
    };
    DriverError::new(e.to_string(), code, Some(Box::new(e)))
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Database(driver_error(e))
    }
}

fn now_ms() -> i64 {
    to_millis(SystemTime::now())
}

fn time_at(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<SystemTime>> {
    Ok(match row.get_ref(idx)? {
        ValueRef::Integer(ms) => from_millis(ms),
        ValueRef::Real(ms) => from_millis(ms as i64),
        ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(parse_text),
        ValueRef::Null | ValueRef::Blob(_) => None,
    })
}

impl SqliteDriver {
    pub(crate) fn open(path: &str, url: &str) -> Result<Self> {
        let connect_error =
            |e: rusqlite::Error| Error::Connect { backend: "sqlite", url: url.to_owned(), source: driver_error(e) };
        let conn =
            if path == ":memory:" { rusqlite::Connection::open_in_memory() } else { rusqlite::Connection::open(path) }
                .map_err(connect_error)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(connect_error)?;
        Ok(Self { conn })
    }

    /// Wraps an open connection (the query engine lends its pooled connections to the runner this way).
    #[cfg(feature = "client")]
    pub(crate) fn from_connection(conn: rusqlite::Connection) -> Self {
        Self { conn }
    }

    /// The connection back.
    #[cfg(feature = "client")]
    pub(crate) fn into_connection(self) -> rusqlite::Connection {
        self.conn
    }

    /// Runs the script statement by statement (SQLite's own parser finds the statement ends).
    fn run_script(&self, sql: &str) -> std::result::Result<(), StatementFailure> {
        let mut batch = rusqlite::Batch::new(&self.conn, sql);
        let mut index = 0;
        let mut cursor = 0;
        loop {
            index += 1;
            match batch.next() {
                Ok(None) => return Ok(()),
                Ok(Some(mut stmt)) => {
                    let text = stmt.expanded_sql().unwrap_or_default();
                    let start = sql[cursor..].find(text.as_str()).map_or(cursor, |p| cursor + p);
                    cursor = (start + text.len()).min(sql.len());
                    let skip = leading_trivia(&text);
                    match transaction_control(&text) {
                        None => {}
                        // A script wrapped whole in BEGIN; … COMMIT; runs as is: the wrapper is ours already.
                        Some(TxControl::Begin) if index == 1 => continue,
                        Some(TxControl::Commit) if leading_trivia(&sql[cursor..]) == sql.len() - cursor => continue,
                        Some(_) => {
                            return Err(StatementFailure {
                                index,
                                line: line_of(sql, start + skip),
                                statement: text[skip..].trim_end().to_owned(),
                                message: TX_CONTROL_MESSAGE.to_owned(),
                                code: None,
                            })
                        }
                    }
                    let mut rows = stmt.raw_query();
                    let outcome = loop {
                        match rows.next() {
                            Ok(Some(_)) => continue,
                            Ok(None) => break Ok(()),
                            Err(e) => break Err(e),
                        }
                    };
                    if let Err(e) = outcome {
                        let (message, code) = split_error(&e);
                        return Err(StatementFailure {
                            index,
                            line: line_of(sql, start + skip),
                            statement: text[skip..].trim_end().to_owned(),
                            message,
                            code,
                        });
                    }
                }
                Err(e) => {
                    let (message, code) = split_error(&e);
                    // A statement that does not parse: SQLite reports the remaining script and the offset in it.
                    let (start, error_at) = match &e {
                        rusqlite::Error::SqlInputError { sql: rest, offset, .. } => {
                            (sql.len().saturating_sub(rest.len()), usize::try_from(*offset).ok())
                        }
                        _ => (cursor, None),
                    };
                    let rest = &sql[start.min(sql.len())..];
                    let skip = leading_trivia(rest);
                    // The error offset when SQLite gives one (syntax errors), else the statement's first line.
                    let line = line_of(sql, start + error_at.unwrap_or(skip));
                    let rest = &rest[skip..];
                    let statement = rest.split_inclusive(';').next().unwrap_or(rest).trim_end();
                    return Err(StatementFailure { index, line, statement: statement.to_owned(), message, code });
                }
            }
        }
    }

    fn foreign_key_violations(&self) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |row| {
            let table: String = row.get(0)?;
            let rowid: Option<i64> = row.get(1)?;
            let parent: String = row.get(2)?;
            Ok(format!("{table} (rowid {}) references a missing row of {parent}", rowid.unwrap_or(-1)))
        })?;
        rows.collect()
    }

    fn rollback_if_open(&self) {
        if !self.conn.is_autocommit() {
            // Nothing more can be done if even the rollback fails; the connection reports it on next use.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    fn apply_in_transaction(&mut self, migration: &Migration, check_fk: bool) -> Result<bool> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let already: i64 = match self.conn.query_row(
            "SELECT count(*) FROM \"_prisma_migrations\" WHERE migration_name = ?1 AND rolled_back_at IS NULL",
            [migration.name()],
            |r| r.get(0),
        ) {
            Ok(n) => n,
            Err(e) => {
                self.rollback_if_open();
                return Err(e.into());
            }
        };
        if already > 0 {
            // Another deploy applied (or failed) it since we looked.
            self.rollback_if_open();
            return Ok(false);
        }
        let id = new_id();
        let started = now_ms();
        let outcome = (|| -> std::result::Result<(), StatementFailure> {
            let db = |e: rusqlite::Error| {
                let (message, code) = split_error(&e);
                StatementFailure { index: 0, line: 0, statement: String::new(), message, code }
            };
            self.conn
                .execute(
                    "INSERT INTO \"_prisma_migrations\" (id, checksum, started_at, migration_name, applied_steps_count) \
                     VALUES (?1, ?2, ?3, ?4, 0)",
                    rusqlite::params![id, migration.checksum(), started, migration.name()],
                )
                .map_err(db)?;
            self.run_script(migration.sql())?;
            if check_fk {
                let violations = self.foreign_key_violations().map_err(db)?;
                if !violations.is_empty() {
                    return Err(StatementFailure {
                        index: 0,
                        line: 0,
                        statement: "PRAGMA foreign_key_check".to_owned(),
                        message: format!("foreign key violations after the migration: {}", violations.join("; ")),
                        code: None,
                    });
                }
            }
            self.conn
                .execute(
                    "UPDATE \"_prisma_migrations\" SET finished_at = ?1, applied_steps_count = 1 WHERE id = ?2",
                    rusqlite::params![now_ms(), id],
                )
                .map_err(db)?;
            self.conn.execute_batch("COMMIT").map_err(|e| {
                let (message, code) = split_error(&e);
                StatementFailure { index: 0, line: 0, statement: "COMMIT".to_owned(), message, code }
            })
        })();
        match outcome {
            Ok(()) => Ok(true),
            Err(failure) => {
                self.rollback_if_open();
                // Record the failure as Prisma does: started, not finished, with the error in `logs`. If even that
                // fails, the migration simply stays pending; the database is unchanged either way.
                let _ = self.conn.execute(
                    "INSERT INTO \"_prisma_migrations\" \
                     (id, checksum, started_at, migration_name, logs, applied_steps_count) VALUES (?1, ?2, ?3, ?4, ?5, 0)",
                    rusqlite::params![id, migration.checksum(), started, migration.name(), failure.logs(migration.name())],
                );
                Err(failure.into_error(migration.name(), Backend::Sqlite))
            }
        }
    }
}

fn split_error(e: &rusqlite::Error) -> (String, Option<String>) {
    match e {
        rusqlite::Error::SqliteFailure(err, msg) => {
            (msg.clone().unwrap_or_else(|| err.to_string()), Some(err.extended_code.to_string()))
        }
        rusqlite::Error::SqlInputError { error, msg, .. } => (msg.clone(), Some(error.extended_code.to_string())),
        other => (other.to_string(), None),
    }
}

impl Driver for SqliteDriver {
    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    fn lock(&mut self) -> Result<()> {
        Ok(())
    }

    fn unlock(&mut self) -> Result<()> {
        Ok(())
    }

    fn table_exists(&mut self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'",
            [],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }

    fn has_user_tables(&mut self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            [],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }

    fn create_table(&mut self) -> Result<()> {
        Ok(self.conn.execute_batch(CREATE_TABLE)?)
    }

    fn load_records(&mut self) -> Result<Vec<MigrationRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count \
             FROM \"_prisma_migrations\" ORDER BY started_at ASC",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(MigrationRecord {
                id: row.get(0)?,
                checksum: row.get(1)?,
                finished_at: time_at(row, 2)?,
                migration_name: row.get(3)?,
                logs: row.get(4)?,
                rolled_back_at: time_at(row, 5)?,
                started_at: time_at(row, 6)?,
                applied_steps_count: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn apply(&mut self, migration: &Migration) -> Result<bool> {
        let fk_on: i64 = self.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        if fk_on != 0 {
            self.conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        }
        let result = self.apply_in_transaction(migration, fk_on != 0);
        if fk_on != 0 {
            let restored = self.conn.execute_batch("PRAGMA foreign_keys = ON");
            let applied = result?;
            restored?;
            return Ok(applied);
        }
        result
    }

    fn mark_rolled_back(&mut self, id: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE \"_prisma_migrations\" SET rolled_back_at = ?1 WHERE id = ?2",
            rusqlite::params![now_ms(), id],
        )?;
        Ok(())
    }

    fn mark_applied(&mut self, migration: &Migration) -> Result<()> {
        let now = now_ms();
        self.conn.execute(
            "INSERT INTO \"_prisma_migrations\" (id, checksum, logs, started_at, finished_at, migration_name) \
             VALUES (?1, ?2, '', ?3, ?3, ?4)",
            rusqlite::params![new_id(), migration.checksum(), now, migration.name()],
        )?;
        Ok(())
    }
}
