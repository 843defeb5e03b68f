//! The runner against real SQLite files.

mod common;

use common::{sha256_file, write_migrations, SqliteFixture};
use schemagen_runtime::{connect, deploy, resolve_applied, resolve_rolled_back, status, Error, Migrations};

const M1: (&str, &str) = (
    "20240101000000_init",
    "-- CreateTable\nCREATE TABLE \"User\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"email\" TEXT NOT NULL\n);\n\n-- CreateIndex\nCREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");\n",
);
const M2: (&str, &str) = (
    "20240102000000_posts",
    "-- CreateTable\nCREATE TABLE \"Post\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"authorId\" INTEGER NOT NULL,\n    CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"User\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE\n);\n",
);
const M3: (&str, &str) = (
    "20240103000000_name",
    "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;\n\n-- a trigger body has semicolons of its own\nCREATE TRIGGER \"t\" AFTER INSERT ON \"User\" BEGIN UPDATE \"User\" SET \"name\" = 'x;y' WHERE \"id\" = NEW.\"id\"; END;\n",
);

fn count(db: &rusqlite::Connection, sql: &str) -> i64 {
    db.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn table_exists(db: &rusqlite::Connection, name: &str) -> bool {
    count(db, &format!("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'")) == 1
}

#[test]
fn deploy_applies_in_order_then_status_is_up_to_date_and_redeploy_is_a_no_op() {
    let fx = SqliteFixture::new();
    let dir = fx.migrations_dir();
    write_migrations(&dir, &[M3, M1, M2], Some("sqlite"));
    let migrations = Migrations::from_dir(&dir).unwrap();
    assert_eq!(migrations.iter().map(|m| m.name()).collect::<Vec<_>>(), [M1.0, M2.0, M3.0]);
    assert_eq!(migrations.provider(), Some("sqlite"));

    let mut conn = connect(&fx.url()).unwrap();
    let before = status(&mut conn, &migrations).unwrap();
    assert!(!before.history_exists);
    assert_eq!(before.pending, [M1.0, M2.0, M3.0]);

    let report = deploy(&mut conn, &migrations).unwrap();
    assert_eq!(report.applied, [M1.0, M2.0, M3.0]);
    let st = status(&mut conn, &migrations).unwrap();
    assert!(st.is_up_to_date(), "{st:?}");
    assert_eq!(st.applied, [M1.0, M2.0, M3.0]);

    // The trigger (semicolons in its body) was created whole and works.
    let db = fx.inspect();
    db.execute("INSERT INTO \"User\" (\"email\") VALUES ('a@b')", []).unwrap();
    let name: String = db.query_row("SELECT \"name\" FROM \"User\"", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "x;y");

    // Idempotent: nothing to do the second time, no new rows.
    let again = deploy(&mut conn, &migrations).unwrap();
    assert!(again.applied.is_empty());
    assert_eq!(count(&db, "SELECT count(*) FROM _prisma_migrations"), 3);
    // A new connection sees the same.
    let mut conn2 = connect(&format!("file:{}?connection_limit=1", fx.db_path().display())).unwrap();
    assert!(deploy(&mut conn2, &migrations).unwrap().applied.is_empty());
}

#[test]
fn prisma_migrations_rows_have_prismas_shape() {
    let fx = SqliteFixture::new();
    let dir = fx.migrations_dir();
    write_migrations(&dir, &[M1, M2], None);
    let mut conn = connect(&fx.url()).unwrap();
    deploy(&mut conn, &Migrations::from_dir(&dir).unwrap()).unwrap();

    let db = fx.inspect();
    // Columns as Prisma's SQLite DDL declares them: (name, declared type, not null, default, pk).
    let mut stmt = db.prepare("PRAGMA table_info(\"_prisma_migrations\")").unwrap();
    let cols: Vec<(String, String, bool, Option<String>, bool)> = stmt
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? == 1, r.get(4)?, r.get::<_, i64>(5)? == 1)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<(String, String, bool, Option<String>, bool)> = [
        ("id", "TEXT", true, None, true),
        ("checksum", "TEXT", true, None, false),
        ("finished_at", "DATETIME", false, None, false),
        ("migration_name", "TEXT", true, None, false),
        ("logs", "TEXT", false, None, false),
        ("rolled_back_at", "DATETIME", false, None, false),
        ("started_at", "DATETIME", true, Some("current_timestamp"), false),
        ("applied_steps_count", "INTEGER UNSIGNED", true, Some("0"), false),
    ]
    .into_iter()
    .map(|(n, t, nn, d, pk)| (n.to_owned(), t.to_owned(), nn, d.map(str::to_owned), pk))
    .collect();
    assert_eq!(cols, expected);

    // Rows: checksum = SHA-256 of the file's bytes, times as Unix milliseconds (as Prisma writes them on SQLite).
    let mut stmt = db
        .prepare(
            "SELECT id, checksum, typeof(finished_at), migration_name, logs, rolled_back_at, typeof(started_at), \
             applied_steps_count, finished_at >= started_at FROM _prisma_migrations ORDER BY started_at, migration_name",
        )
        .unwrap();
    #[allow(clippy::type_complexity)]
    let rows: Vec<(String, String, String, String, Option<String>, Option<i64>, String, i64, bool)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2);
    for (row, (name, _)) in rows.iter().zip([M1, M2]) {
        assert_eq!(row.0.len(), 36, "id is a UUID: {}", row.0);
        assert_eq!(row.1, sha256_file(&dir.join(name).join("migration.sql")));
        assert_eq!((row.2.as_str(), row.3.as_str(), &row.4, row.5), ("integer", name, &None, None));
        assert_eq!((row.6.as_str(), row.7, row.8), ("integer", 1, true));
    }
}

#[test]
fn a_failing_migration_is_rolled_back_recorded_failed_and_blocks_until_resolved() {
    let fx = SqliteFixture::new();
    let dir = fx.migrations_dir();
    let bad = (
        "20240102000000_bad",
        "CREATE TABLE \"Post\" (\"id\" INTEGER PRIMARY KEY);\nALTER TABLE \"User\" ADD COLUMN \"age\" INTEGER;\nDELETE FROM \"User\";\n\nINSERT INTO \"Nope\" VALUES (1);\n",
    );
    write_migrations(&dir, &[M1, bad], None);
    let migrations = Migrations::from_dir(&dir).unwrap();
    let mut conn = connect(&fx.url()).unwrap();
    deploy(&mut conn, &Migrations::from_embedded(&[M1]).unwrap()).unwrap();
    let db = fx.inspect();
    db.execute_batch("INSERT INTO \"User\" (\"email\") VALUES ('a'), ('b');").unwrap();
    let schema_before = count(&db, "SELECT count(*) FROM sqlite_master");

    let err = deploy(&mut conn, &migrations).unwrap_err();
    let Error::MigrationFailed(f) = &err else { panic!("expected MigrationFailed, got {err}") };
    assert_eq!((f.migration.as_str(), f.statement_index, f.line), (bad.0, 4, 5), "{err}");
    assert_eq!(f.statement, "INSERT INTO \"Nope\" VALUES (1);");
    assert!(f.message.contains("no such table"), "{}", f.message);
    assert!(err.to_string().contains(bad.0));

    // Schema and data as before.
    assert!(!table_exists(&db, "Post"));
    assert_eq!(count(&db, "SELECT count(*) FROM pragma_table_info('User') WHERE name = 'age'"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM \"User\""), 2);
    assert_eq!(count(&db, "SELECT count(*) FROM sqlite_master"), schema_before);

    // Recorded as failed, as Prisma does: started, not finished, error in logs.
    let st = status(&mut conn, &migrations).unwrap();
    assert_eq!(st.applied, [M1.0]);
    assert_eq!(st.failed.len(), 1);
    assert_eq!(st.failed[0].name, bad.0);
    assert!(st.failed[0].logs.as_deref().unwrap_or("").contains("Nope"));
    let (finished, steps): (Option<i64>, i64) = db
        .query_row(
            "SELECT finished_at, applied_steps_count FROM _prisma_migrations WHERE migration_name = ?1",
            [bad.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((finished, steps), (None, 0));

    // Blocks deploy until resolved.
    assert!(matches!(deploy(&mut conn, &migrations), Err(Error::FailedMigrations { names }) if names == [bad.0]));
    assert!(matches!(resolve_rolled_back(&mut conn, M1.0), Err(Error::NotFailed { .. })));
    resolve_rolled_back(&mut conn, bad.0).unwrap();
    // Fixed script (editing a failed, rolled-back migration is allowed), then deploy applies it.
    write_migrations(&dir, &[(bad.0, "CREATE TABLE \"Post\" (\"id\" INTEGER PRIMARY KEY);\n")], None);
    let fixed = Migrations::from_dir(&dir).unwrap();
    assert_eq!(deploy(&mut conn, &fixed).unwrap().applied, [bad.0]);
    assert!(status(&mut conn, &fixed).unwrap().is_up_to_date());
    assert_eq!(count(&db, "SELECT count(*) FROM _prisma_migrations WHERE rolled_back_at IS NOT NULL"), 1);
}

#[test]
fn a_syntax_error_names_statement_and_line() {
    let fx = SqliteFixture::new();
    let mut conn = connect(&fx.url()).unwrap();
    let m = Migrations::from_embedded(&[(
        "1_x",
        "CREATE TABLE a (id INT);\n-- c\nCREATE TABLE b (id INT;\nCREATE TABLE c (id INT);",
    )])
    .unwrap();
    let err = deploy(&mut conn, &m).unwrap_err();
    let Error::MigrationFailed(f) = &err else { panic!("{err}") };
    assert_eq!((f.statement_index, f.line), (2, 3), "{err}");
    assert!(f.statement.starts_with("CREATE TABLE b"), "{}", f.statement);
    assert!(!table_exists(&fx.inspect(), "a"));
}

#[test]
fn an_edited_applied_migration_is_reported_and_blocks_deploy() {
    let fx = SqliteFixture::new();
    let dir = fx.migrations_dir();
    write_migrations(&dir, &[M1, M2], None);
    let mut conn = connect(&fx.url()).unwrap();
    deploy(&mut conn, &Migrations::from_dir(&dir).unwrap()).unwrap();

    // Line endings changed by git are not an edit (Prisma accepts them too).
    write_migrations(&dir, &[(M1.0, &M1.1.replace('\n', "\r\n"))], None);
    assert!(status(&mut conn, &Migrations::from_dir(&dir).unwrap()).unwrap().is_up_to_date());

    write_migrations(&dir, &[(M1.0, &format!("{}-- edited\n", M1.1)), M3], None);
    let edited = Migrations::from_dir(&dir).unwrap();
    let st = status(&mut conn, &edited).unwrap();
    assert_eq!(st.modified, [M1.0]);
    assert_eq!(st.pending, [M3.0]);
    let err = deploy(&mut conn, &edited).unwrap_err();
    assert!(matches!(&err, Error::ModifiedMigrations { names } if names == &[M1.0]), "{err}");
    assert!(err.to_string().contains(M1.0));
    // Nothing was applied.
    assert_eq!(status(&mut conn, &edited).unwrap().pending, [M3.0]);
}

#[test]
fn missing_locally_provider_mismatch_and_baseline() {
    let fx = SqliteFixture::new();
    let mut conn = connect(&fx.url()).unwrap();
    deploy(&mut conn, &Migrations::from_embedded(&[M1, M2]).unwrap()).unwrap();
    let only_first = Migrations::from_embedded(&[M1]).unwrap();
    let st = status(&mut conn, &only_first).unwrap();
    assert_eq!(st.missing_locally, [M2.0]);
    assert_eq!(deploy(&mut conn, &only_first).unwrap().missing_locally, [M2.0]);

    let pg = Migrations::from_embedded(&[M1]).unwrap().with_provider("postgresql");
    assert!(matches!(deploy(&mut conn, &pg), Err(Error::ProviderMismatch { .. })));

    // A database with tables but no history must be baselined first (Prisma's P3005).
    let fx2 = SqliteFixture::new();
    fx2.inspect().execute_batch(M1.1).unwrap();
    let mut conn2 = connect(&fx2.url()).unwrap();
    let both = Migrations::from_embedded(&[M1, M2]).unwrap();
    assert!(matches!(deploy(&mut conn2, &both), Err(Error::DatabaseNotEmpty)));
    resolve_applied(&mut conn2, &both, M1.0).unwrap();
    assert!(matches!(resolve_applied(&mut conn2, &both, M1.0), Err(Error::AlreadyApplied { .. })));
    assert!(matches!(resolve_applied(&mut conn2, &both, "nope"), Err(Error::UnknownMigration { .. })));
    assert_eq!(deploy(&mut conn2, &both).unwrap().applied, [M2.0]);
}

#[test]
fn table_rebuilds_do_not_cascade_and_foreign_key_violations_fail_the_migration() {
    let fx = SqliteFixture::new();
    let mut conn = connect(&fx.url()).unwrap();
    deploy(&mut conn, &Migrations::from_embedded(&[M1, M2]).unwrap()).unwrap();
    let db = fx.inspect();
    db.execute_batch("INSERT INTO \"User\" (\"id\", \"email\") VALUES (1, 'a'); INSERT INTO \"Post\" (\"authorId\") VALUES (1), (1);")
        .unwrap();
    // Prisma's table rebuild: DROP TABLE "User" would cascade-delete the posts if foreign keys were on.
    let rebuild = (
        "20240104000000_rebuild",
        "-- RedefineTables\nPRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\nCREATE TABLE \"new_User\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"email\" TEXT NOT NULL,\n    \"nick\" TEXT NOT NULL DEFAULT ''\n);\nINSERT INTO \"new_User\" (\"id\", \"email\") SELECT \"id\", \"email\" FROM \"User\";\nDROP TABLE \"User\";\nALTER TABLE \"new_User\" RENAME TO \"User\";\nCREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");\nPRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;\n",
    );
    deploy(&mut conn, &Migrations::from_embedded(&[M1, M2, rebuild]).unwrap()).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM \"Post\""), 2);
    assert_eq!(count(&db, "SELECT count(*) FROM \"User\" WHERE \"nick\" = ''"), 1);

    // Foreign keys are on again for the connection afterwards.
    conn.execute_batch(
        "INSERT INTO \"User\" (\"id\", \"email\") VALUES (2, 'b'); DELETE FROM \"User\" WHERE \"id\" = 1;",
    )
    .unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM \"Post\""), 0, "ON DELETE CASCADE works again");

    // A migration leaving dangling references fails and is rolled back.
    let dangling = ("20240105000000_dangling", "INSERT INTO \"Post\" (\"authorId\") VALUES (999);\n");
    let err = deploy(&mut conn, &Migrations::from_embedded(&[M1, M2, rebuild, dangling]).unwrap()).unwrap_err();
    let Error::MigrationFailed(f) = &err else { panic!("{err}") };
    assert!(f.message.contains("foreign key"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM \"Post\""), 0);
}

#[test]
fn in_memory_and_embedded() {
    let mut conn = connect("sqlite::memory:").unwrap();
    let m = Migrations::from_embedded(&[M2, M1]).unwrap();
    assert_eq!(deploy(&mut conn, &m).unwrap().applied, [M1.0, M2.0]);
    assert!(status(&mut conn, &m).unwrap().is_up_to_date());
    assert_eq!(conn.history().unwrap().len(), 2);
    assert!(matches!(Migrations::from_embedded(&[M1, M1]), Err(Error::DuplicateMigration { .. })));
}

#[test]
fn folder_errors() {
    let fx = SqliteFixture::new();
    let dir = fx.migrations_dir();
    std::fs::create_dir_all(dir.join("20240101000000_empty")).unwrap();
    assert!(matches!(Migrations::from_dir(&dir), Err(Error::MissingMigrationScript { .. })));
    assert!(matches!(Migrations::from_dir(fx.dir.path().join("nope")), Err(Error::Io { .. })));
    let _ = std::fs::remove_dir(dir.join("20240101000000_empty"));
    std::fs::write(dir.join("migration_lock.toml"), "provider = sqlite\n").unwrap();
    assert!(matches!(Migrations::from_dir(&dir), Err(Error::InvalidLockFile { .. })));
}

#[test]
fn scripts_wrapped_in_begin_commit_run_and_other_transaction_control_fails() {
    let fx = SqliteFixture::new();
    let mut conn = connect(&fx.url()).unwrap();
    let wrapped = ("1_wrapped", "BEGIN;\nCREATE TABLE \"a\" (\"id\" INTEGER);\nCOMMIT;\n-- trailing comment\n");
    assert_eq!(deploy(&mut conn, &Migrations::from_embedded(&[wrapped]).unwrap()).unwrap().applied, [wrapped.0]);
    let midway = ("2_midway", "CREATE TABLE \"b\" (\"id\" INTEGER);\nCOMMIT;\nCREATE TABLE \"c\" (\"id\" INTEGER);\n");
    let err = deploy(&mut conn, &Migrations::from_embedded(&[wrapped, midway]).unwrap()).unwrap_err();
    let Error::MigrationFailed(f) = &err else { panic!("{err}") };
    assert_eq!((f.statement_index, f.line, f.statement.as_str()), (2, 2, "COMMIT;"), "{err}");
    let db = fx.inspect();
    assert!(table_exists(&db, "a") && !table_exists(&db, "b") && !table_exists(&db, "c"));
}
