//! The runner against a real PostgreSQL server (`DATABASE_URL`; one fresh database per test).

mod common;

use common::{pg_server_url, sha256_file, write_migrations, PgDb};
use schemagen_runtime::{connect, deploy, resolve_applied, resolve_rolled_back, status, Backend, Error, Migrations};

const M1: (&str, &str) = (
    "20240101000000_init",
    "-- CreateEnum\nCREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\n\n-- CreateTable\nCREATE TABLE \"User\" (\n    \"id\" SERIAL NOT NULL,\n    \"email\" TEXT NOT NULL,\n    \"role\" \"Role\" NOT NULL DEFAULT 'USER',\n\n    CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")\n);\n\n-- CreateIndex\nCREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");\n",
);
const M2: (&str, &str) = (
    "20240102000000_posts",
    "-- CreateTable\nCREATE TABLE \"Post\" (\n    \"id\" SERIAL NOT NULL,\n    \"title\" TEXT NOT NULL DEFAULT 'a;b',\n    \"authorId\" INTEGER NOT NULL,\n\n    CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\")\n);\n\n-- AddForeignKey\nALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"User\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;\n",
);
const M3: (&str, &str) = (
    "20240103000000_fn",
    "-- a function whose body holds semicolons\nCREATE FUNCTION \"touch\"() RETURNS trigger AS $$\nBEGIN\n  NEW.\"title\" := NEW.\"title\" || ';';\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n\nCREATE TRIGGER \"post_touch\" BEFORE INSERT ON \"Post\" FOR EACH ROW EXECUTE FUNCTION \"touch\"();\n",
);

/// (name, data type, max length, nullable, default) from information_schema.columns.
type ColumnInfo = (String, String, Option<i32>, String, Option<String>);

fn count(db: &mut postgres::Client, sql: &str) -> i64 {
    db.query_one(sql, &[]).unwrap().get(0)
}

/// Everything about the public schema that a migration could change: tables, columns, types, constraints,
/// indexes, enum labels, functions, triggers.
fn schema_fingerprint(db: &mut postgres::Client) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || \
         coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public' \
         AND table_name <> '_prisma_migrations' ORDER BY 1",
        "SELECT c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relname NOT LIKE '_prisma_migrations%' ORDER BY 1",
        "SELECT conname || ':' || contype::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
         WHERE n.nspname = 'public' AND conname NOT LIKE '_prisma_migrations%' ORDER BY 1",
        "SELECT t.typname::text || ':' || e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY 1",
        "SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1",
        "SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
    ] {
        for row in db.query(sql, &[]).unwrap() {
            out.push(row.get::<_, String>(0));
        }
    }
    out
}

#[test]
fn deploy_then_status_and_idempotent_redeploy() {
    let Some(server) = pg_server_url("deploy_then_status_and_idempotent_redeploy") else { return };
    let db = PgDb::create(&server, "deploy_status");
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[M1, M2, M3], Some("postgresql"));
    let migrations = Migrations::from_dir(dir.path()).unwrap();

    let mut conn = connect(&db.url).unwrap();
    assert_eq!(conn.backend(), Backend::Postgres);
    assert_eq!(status(&mut conn, &migrations).unwrap().pending.len(), 3);
    assert_eq!(deploy(&mut conn, &migrations).unwrap().applied, [M1.0, M2.0, M3.0]);
    let st = status(&mut conn, &migrations).unwrap();
    assert!(st.is_up_to_date(), "{st:?}");
    assert_eq!(st.applied, [M1.0, M2.0, M3.0]);

    let mut inspect = db.inspect();
    inspect
        .batch_execute("INSERT INTO \"User\" (\"email\") VALUES ('a'); INSERT INTO \"Post\" (\"authorId\") VALUES (1);")
        .unwrap();
    assert_eq!(inspect.query_one("SELECT \"title\" FROM \"Post\"", &[]).unwrap().get::<_, String>(0), "a;b;");

    assert!(deploy(&mut conn, &migrations).unwrap().applied.is_empty());
    let mut again = connect(&db.url).unwrap();
    assert!(deploy(&mut again, &migrations).unwrap().applied.is_empty());
    assert_eq!(count(&mut inspect, "SELECT count(*) FROM _prisma_migrations"), 3);
}

#[test]
fn prisma_migrations_has_prismas_shape_and_checksums() {
    let Some(server) = pg_server_url("prisma_migrations_has_prismas_shape_and_checksums") else { return };
    let db = PgDb::create(&server, "shape");
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[M1, M2], None);
    let mut conn = connect(&db.url).unwrap();
    deploy(&mut conn, &Migrations::from_dir(dir.path()).unwrap()).unwrap();

    let mut inspect = db.inspect();
    let cols: Vec<ColumnInfo> = inspect
        .query(
            "SELECT column_name::text, data_type::text, character_maximum_length::int, is_nullable::text, \
             column_default::text FROM information_schema.columns WHERE table_name = '_prisma_migrations' \
             ORDER BY ordinal_position",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    let expected: Vec<ColumnInfo> = [
        ("id", "character varying", Some(36), "NO", None),
        ("checksum", "character varying", Some(64), "NO", None),
        ("finished_at", "timestamp with time zone", None, "YES", None),
        ("migration_name", "character varying", Some(255), "NO", None),
        ("logs", "text", None, "YES", None),
        ("rolled_back_at", "timestamp with time zone", None, "YES", None),
        ("started_at", "timestamp with time zone", None, "NO", Some("now()")),
        ("applied_steps_count", "integer", None, "NO", Some("0")),
    ]
    .into_iter()
    .map(|(a, b, c, d, e)| (a.to_owned(), b.to_owned(), c, d.to_owned(), e.map(str::to_owned)))
    .collect();
    assert_eq!(cols, expected);
    let pk: String = inspect
        .query_one(
            "SELECT conname::text FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass AND contype = 'p'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(pk, "_prisma_migrations_pkey");

    let rows = inspect
        .query(
            "SELECT id, checksum, migration_name, logs, rolled_back_at IS NULL, applied_steps_count, \
             finished_at >= started_at FROM _prisma_migrations ORDER BY started_at",
            &[],
        )
        .unwrap();
    assert_eq!(rows.len(), 2);
    for (row, (name, _)) in rows.iter().zip([M1, M2]) {
        assert_eq!(row.get::<_, String>(0).len(), 36);
        assert_eq!(row.get::<_, String>(1), sha256_file(&dir.path().join(name).join("migration.sql")));
        assert_eq!(row.get::<_, String>(2), name);
        assert_eq!(row.get::<_, Option<String>>(3), None);
        assert!(row.get::<_, bool>(4));
        assert_eq!(row.get::<_, i32>(5), 1);
        assert!(row.get::<_, bool>(6));
    }
}

#[test]
fn a_migration_failing_halfway_leaves_schema_and_data_unchanged_and_blocks_until_resolved() {
    let Some(server) = pg_server_url("a_migration_failing_halfway") else { return };
    let db = PgDb::create(&server, "failing");
    let dir = tempfile::tempdir().unwrap();
    let bad = (
        "20240102000000_bad",
        "-- CreateTable\nCREATE TABLE \"Post\" (\"id\" SERIAL PRIMARY KEY);\n\n-- AlterEnum\nALTER TYPE \"Role\" ADD VALUE 'OWNER';\n\n-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"age\" INTEGER;\nUPDATE \"User\" SET \"email\" = \"email\" || '-changed';\nDELETE FROM \"User\" WHERE \"id\" = 1;\n\n-- the bad one\nSELECT * FROM \"User\" WHERE \"nope\" = 1;\n",
    );
    write_migrations(dir.path(), &[M1, bad], Some("postgresql"));
    let migrations = Migrations::from_dir(dir.path()).unwrap();
    let mut conn = connect(&db.url).unwrap();
    deploy(&mut conn, &Migrations::from_embedded(&[M1]).unwrap()).unwrap();
    let mut inspect = db.inspect();
    inspect.batch_execute("INSERT INTO \"User\" (\"email\") VALUES ('a'), ('b'), ('c');").unwrap();
    let schema_before = schema_fingerprint(&mut inspect);

    let err = deploy(&mut conn, &migrations).unwrap_err();
    let Error::MigrationFailed(f) = &err else { panic!("expected MigrationFailed, got {err}") };
    assert_eq!(f.migration, bad.0);
    assert_eq!(f.statement_index, 6, "{err}");
    assert_eq!(f.line, 13, "the line of PostgreSQL's error position: {err}");
    assert_eq!(f.statement, "SELECT * FROM \"User\" WHERE \"nope\" = 1");
    assert_eq!(f.code.as_deref(), Some("42703"));
    assert!(err.to_string().contains(bad.0) && err.to_string().contains("nope"), "{err}");

    // Schema (tables, columns, enum values, constraints) and data exactly as before.
    assert_eq!(schema_fingerprint(&mut inspect), schema_before);
    assert_eq!(count(&mut inspect, "SELECT count(*) FROM \"User\""), 3);
    assert_eq!(count(&mut inspect, "SELECT count(*) FROM \"User\" WHERE \"email\" LIKE '%-changed'"), 0);
    assert!(inspect.query_one("SELECT to_regclass('\"Post\"') IS NULL", &[]).unwrap().get::<_, bool>(0));

    // Recorded as Prisma records a failure: started, unfinished, 0 steps, error in logs.
    let row = inspect
        .query_one(
            "SELECT finished_at IS NULL, applied_steps_count, logs FROM _prisma_migrations WHERE migration_name = $1",
            &[&bad.0],
        )
        .unwrap();
    assert!(row.get::<_, bool>(0));
    assert_eq!(row.get::<_, i32>(1), 0);
    assert!(row.get::<_, String>(2).contains("nope"));
    let st = status(&mut conn, &migrations).unwrap();
    assert_eq!(st.applied, [M1.0]);
    assert_eq!(st.failed.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), [bad.0]);
    assert!(st.pending.is_empty());

    // Deploy refuses until resolved, also with a new migration after it.
    let with_next = Migrations::from_embedded(&[M1, bad, M3]).unwrap();
    assert!(matches!(deploy(&mut conn, &with_next), Err(Error::FailedMigrations { names }) if names == [bad.0]));
    assert_eq!(schema_fingerprint(&mut inspect), schema_before);

    // Resolved by hand (finish the migration's intent manually), then marked applied: deploy goes on.
    inspect
        .batch_execute("CREATE TABLE \"Post\" (\"id\" SERIAL PRIMARY KEY, \"title\" TEXT, \"authorId\" INT);")
        .unwrap();
    resolve_applied(&mut conn, &with_next, bad.0).unwrap();
    assert_eq!(deploy(&mut conn, &with_next).unwrap().applied, [M3.0]);
    assert!(status(&mut conn, &with_next).unwrap().is_up_to_date());
}

#[test]
fn rolled_back_failed_migration_is_retried_with_the_fixed_script() {
    let Some(server) = pg_server_url("rolled_back_failed_migration_is_retried") else { return };
    let db = PgDb::create(&server, "retry");
    let mut conn = connect(&db.url).unwrap();
    let bad = ("20240102000000_x", "CREATE TABLE \"T\" (\"id\" INT);\nCREATE TABLE \"T\" (\"id\" INT);\n");
    assert!(matches!(
        deploy(&mut conn, &Migrations::from_embedded(&[M1, bad]).unwrap()),
        Err(Error::MigrationFailed(_))
    ));
    assert!(matches!(resolve_rolled_back(&mut conn, M1.0), Err(Error::NotFailed { .. })));
    resolve_rolled_back(&mut conn, bad.0).unwrap();
    let fixed = Migrations::from_embedded(&[M1, (bad.0, "CREATE TABLE \"T\" (\"id\" INT);\n")]).unwrap();
    assert_eq!(deploy(&mut conn, &fixed).unwrap().applied, [bad.0]);
    assert!(status(&mut conn, &fixed).unwrap().is_up_to_date());
    let mut inspect = db.inspect();
    assert_eq!(count(&mut inspect, "SELECT count(*) FROM _prisma_migrations WHERE rolled_back_at IS NOT NULL"), 1);
}

#[test]
fn an_edited_applied_migration_is_reported_and_blocks_deploy() {
    let Some(server) = pg_server_url("an_edited_applied_migration") else { return };
    let db = PgDb::create(&server, "edited");
    let mut conn = connect(&db.url).unwrap();
    deploy(&mut conn, &Migrations::from_embedded(&[M1, M2]).unwrap()).unwrap();
    let edited_sql = M2.1.replace("ON DELETE RESTRICT", "ON DELETE CASCADE");
    let edited = Migrations::from_embedded(&[M1, (M2.0, &edited_sql), M3]).unwrap();
    let st = status(&mut conn, &edited).unwrap();
    assert_eq!(st.modified, [M2.0]);
    assert_eq!(st.pending, [M3.0]);
    let err = deploy(&mut conn, &edited).unwrap_err();
    assert!(matches!(&err, Error::ModifiedMigrations { names } if names == &[M2.0]), "{err}");
    let mut inspect = db.inspect();
    assert!(inspect.query_one("SELECT to_regproc('touch') IS NULL", &[]).unwrap().get::<_, bool>(0));
}

#[test]
fn schema_parameter_non_empty_database_and_provider() {
    let Some(server) = pg_server_url("schema_parameter_non_empty_database_and_provider") else { return };
    let db = PgDb::create(&server, "schema_param");
    let mut inspect = db.inspect();
    inspect.batch_execute("CREATE SCHEMA app; CREATE TABLE public.\"Existing\" (id INT);").unwrap();

    // public has a table but no history: refuse (Prisma's P3005).
    let mut conn = connect(&db.url).unwrap();
    let m = Migrations::from_embedded(&[M1]).unwrap();
    assert!(matches!(deploy(&mut conn, &m), Err(Error::DatabaseNotEmpty)));
    assert!(matches!(
        deploy(&mut conn, &Migrations::from_embedded(&[M1]).unwrap().with_provider("sqlite")),
        Err(Error::ProviderMismatch { .. })
    ));

    // ?schema=app (Prisma's parameter) deploys into that schema.
    let mut app = connect(&format!("{}?schema=app&connection_limit=1", db.url)).unwrap();
    assert_eq!(deploy(&mut app, &m).unwrap().applied, [M1.0]);
    assert_eq!(count(&mut inspect, "SELECT count(*) FROM app._prisma_migrations"), 1);
    assert!(inspect.query_one("SELECT to_regclass('app.\"User\"') IS NOT NULL", &[]).unwrap().get::<_, bool>(0));
}

#[test]
fn concurrent_deploys_apply_each_migration_once() {
    let Some(server) = pg_server_url("concurrent_deploys_apply_each_migration_once") else { return };
    let db = PgDb::create(&server, "concurrent");
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let url = db.url.clone();
            std::thread::spawn(move || {
                let mut conn = connect(&url).unwrap();
                deploy(&mut conn, &Migrations::from_embedded(&[M1, M2, M3]).unwrap()).unwrap().applied.len()
            })
        })
        .collect();
    let applied: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(applied, 3);
    assert_eq!(count(&mut db.inspect(), "SELECT count(*) FROM _prisma_migrations"), 3);
}

#[test]
fn connection_errors_are_reported_without_the_password() {
    if pg_server_url("connection_errors").is_none() {
        return;
    }
    let err = connect("postgresql://u:secret@127.0.0.1:1/db?connect_timeout=2").unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err}");
    assert!(!err.to_string().contains("secret"), "{err}");
}

#[test]
fn scripts_wrapped_in_begin_commit_run_and_other_transaction_control_fails() {
    let Some(server) = pg_server_url("scripts_wrapped_in_begin_commit") else { return };
    let db = PgDb::create(&server, "tx_control");
    let mut conn = connect(&db.url).unwrap();
    let wrapped =
        ("1_wrapped", "BEGIN;\nCREATE TABLE \"a\" (\"id\" INT);\nSAVEPOINT s;\nROLLBACK TO SAVEPOINT s;\nCOMMIT;\n");
    assert_eq!(deploy(&mut conn, &Migrations::from_embedded(&[wrapped]).unwrap()).unwrap().applied, [wrapped.0]);
    let midway = ("2_midway", "CREATE TABLE \"b\" (\"id\" INT);\nCOMMIT;\nCREATE TABLE \"c\" (\"id\" INT);\n");
    let err = deploy(&mut conn, &Migrations::from_embedded(&[wrapped, midway]).unwrap()).unwrap_err();
    let Error::MigrationFailed(f) = &err else { panic!("{err}") };
    assert_eq!((f.statement_index, f.line, f.statement.as_str()), (2, 2, "COMMIT"), "{err}");
    let mut inspect = db.inspect();
    let tables = count(
        &mut inspect,
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('a', 'b', 'c')",
    );
    assert_eq!(tables, 1);
}
