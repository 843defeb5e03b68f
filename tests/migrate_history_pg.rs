//! PostgreSQL migration history without snapshots (written by Prisma Migrate, or by hand): replayed into a
//! scratch schema on the `--shadow-url` server and read back from the catalog.
//!
//! 1. Every realworld PostgreSQL schema with Prisma's `migration.sql` (the only migration of a folder)
//!    reads back with no difference (`migrate diff --from-migrations DIR --to-schema S --shadow-url URL
//!    --exit-code` exits 0), and the state read back equals the one computed from the schema; `schema/` with
//!    `sdk/migrations/postgresql`, its snapshots removed, too. A history missing a statement does differ.
//! 2. After a schema change, `migrate dev` writes the same `migration.sql` (and snapshot) from the
//!    snapshot-less history as from the history with snapshots.
//! 3. Without a shadow URL: exit 2, an error naming `--shadow-url postgresql://…`, nothing written; the
//!    datasource's `shadowDatabaseUrl` is the fallback; the scratch schema is dropped when a script fails.
//!
//! PostgreSQL comes from `DATABASE_URL` (or `SCHEMAGEN_TEST_PG_URL`). Without it the PostgreSQL parts are
//! skipped with a message, unless `CI` is set: then they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, postgres_url, with_database};

use schemagen::connector::Provider;
use schemagen::loader::load_schema;
use schemagen::migrate;
use schemagen::validate_schema;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const BIN: &str = env!("CARGO_BIN_EXE_schemagen");

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// A fresh database (dropped when the guard goes), with `setup` run in it.
struct TempDb {
    admin: String,
    name: String,
    url: String,
}

impl TempDb {
    fn new(admin: &str, tag: &str, setup: &str) -> TempDb {
        let name = format!("schemagen_h2_{tag}_{}", std::process::id());
        let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("connecting to DATABASE_URL");
        c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\"")).unwrap();
        c.batch_execute(&format!("CREATE DATABASE \"{name}\"")).unwrap();
        let url = with_database(admin, &name);
        if !setup.is_empty() {
            let mut d = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            d.batch_execute(setup).unwrap_or_else(|e| panic!("{setup}: {e}"));
        }
        TempDb { admin: admin.to_string(), name, url }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}

/// The schemas named `_schemagen_shadow_<pid>_*` on the server.
fn scratch_schemas(url: &str, pid: u32) -> Vec<String> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE $1", &[&format!("_schemagen_shadow_{pid}_%")])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn schemagen(args: &[&str]) -> (i32, String, String) {
    schemagen_env(args, &[])
}

fn schemagen_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(ROOT).env_remove("H2_SHADOW_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("running schemagen");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ir_of(path: &Path) -> schemagen::ir::Schema {
    let files = load_schema(path).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()));
    let v = validate_schema(&files);
    assert!(v.is_valid(), "{} is invalid: {:?}", path.display(), v.diagnostics.errors.first());
    v.ir
}

/// Realworld PostgreSQL schemas with Prisma's `migration.sql`: (id, schema file, applies on this server).
fn realworld_cases() -> Vec<(String, PathBuf, bool)> {
    let manifest = read(&Path::new(CORPUS).join("realworld/manifest.tsv"));
    let summary = read(&Path::new(CORPUS).join("expected/realworld/summary.tsv"));
    let mut out = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let Some(local) = cols.last() else { continue };
        if !matches!(cols.get(4), Some(&"postgresql") | Some(&"postgres")) {
            continue;
        }
        let id = local.trim_end_matches(".prisma").replace('/', "__");
        if !Path::new(CORPUS).join("expected/realworld").join(&id).join("migration.sql").exists() {
            continue;
        }
        let row: Vec<&str> =
            summary.lines().find(|l| l.split('\t').next() == Some(id.as_str())).unwrap_or("").split('\t').collect();
        let applies = row.get(6).is_some_and(|v| v.starts_with("yes"));
        out.push((id, Path::new(CORPUS).join("realworld").join(local), applies));
    }
    out
}

/// A migrations folder with `sql` as its only migration (as Prisma Migrate writes it: no snapshot).
fn single_migration_history(dir: &Path, sql: &str) {
    let m = dir.join("20240101000000_init");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("migration.sql"), sql).unwrap();
    std::fs::write(dir.join("migration_lock.toml"), "provider = \"postgresql\"\n").unwrap();
}

/// A copy of `src` (a migrations folder) without its snapshots.
fn copy_without_snapshots(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            copy_without_snapshots(&p, &dst.join(entry.file_name()));
        } else if entry.file_name() != migrate::history::SNAPSHOT_FILE {
            std::fs::copy(&p, dst.join(entry.file_name())).unwrap();
        }
    }
}

/// The first difference between two states, as JSON paths (empty when equal).
fn state_difference(a: &migrate::SqlSchema, b: &migrate::SqlSchema) -> Option<String> {
    let (a, b) = (serde_json::to_value(a).unwrap(), serde_json::to_value(b).unwrap());
    fn walk(path: &str, a: &serde_json::Value, b: &serde_json::Value) -> Option<String> {
        use serde_json::Value::*;
        match (a, b) {
            (Object(x), Object(y)) => {
                for k in x.keys().chain(y.keys()) {
                    let (va, vb) = (x.get(k).unwrap_or(&Null), y.get(k).unwrap_or(&Null));
                    let label = match x.get("name").or(y.get("name")) {
                        Some(String(n)) => format!("{path}[{n}].{k}"),
                        _ => format!("{path}.{k}"),
                    };
                    if let Some(d) = walk(&label, va, vb) {
                        return Some(d);
                    }
                }
                None
            }
            (Array(x), Array(y)) if x.len() == y.len() => {
                x.iter().zip(y).enumerate().find_map(|(i, (p, q))| walk(&format!("{path}[{i}]"), p, q))
            }
            _ if a == b => None,
            _ => Some(format!("{path}: read back {a}, computed {b}")),
        }
    }
    walk("", &a, &b)
}

#[test]
fn realworld_histories_read_back_without_difference() {
    let Some(admin) = postgres_url("PostgreSQL history tests") else { return };
    let cases = realworld_cases();
    assert!(cases.len() >= 9, "expected the realworld PostgreSQL migration.sql files, found {}", cases.len());
    let tmp = tempfile::tempdir().unwrap();
    // civitai's SQL uses CITEXT without creating the extension (summary.tsv: "needs CREATE EXTENSION citext").
    let citext = TempDb::new(&admin, "citext", "CREATE EXTENSION IF NOT EXISTS citext");
    let (mut total, mut same, mut notes, mut failures) = (0, 0, Vec::new(), Vec::new());
    for (id, schema, applies) in &cases {
        if !applies {
            notes.push(format!("{id}: not replayed (summary.tsv: Prisma's own SQL does not apply on this server)"));
            continue;
        }
        total += 1;
        let dir = tmp.path().join(id);
        let sql = read(&Path::new(CORPUS).join("expected/realworld").join(id).join("migration.sql"));
        single_migration_history(&dir, &sql);
        let shadow = if id.starts_with("civitai") { citext.url.clone() } else { admin.clone() };
        let args = ["migrate", "diff", "--from-migrations", dir.to_str().unwrap(), "--to-schema"];
        let (code, out, err) =
            schemagen(&[&args[..], &[schema.to_str().unwrap(), "--shadow-url", &shadow, "--exit-code"]].concat());
        if code != 0 {
            failures.push(format!("{id}: exit {code}\n{out}{err}"));
            continue;
        }
        assert_eq!(out, "No difference detected.\n", "{id}");
        // The state itself: what the schema computes, field for field.
        let to = migrate::calculate(&ir_of(schema), Provider::Postgres).unwrap();
        let state = migrate::history::state_with_shadow(&dir, Provider::Postgres, Some(&shadow), Some(&to)).unwrap();
        match state_difference(&state, &to) {
            None => same += 1,
            Some(d) => notes.push(format!("{id}: no change to migrate, but the state differs at {d}")),
        }
        // What the catalog alone gives (before taking the schema's spelling of equivalent things).
        let raw = migrate::history::state_with_shadow(&dir, Provider::Postgres, Some(&shadow), None).unwrap();
        if let Some(d) = state_difference(&raw, &to) {
            notes.push(format!("{id}: aligned to the schema's spelling, first at {d}"));
        }
    }
    for n in &notes {
        println!("note: {n}");
    }
    println!(
        "realworld PostgreSQL histories without snapshots: {}/{total} read back with no difference ({same} equal to \
         the computed state field for field)",
        total - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(scratch_schemas(&admin, std::process::id()), Vec::<String>::new());
}

/// Control: a history that lacks part of the schema does differ (the read-back is not vacuous).
#[test]
fn incomplete_history_differs() {
    let Some(admin) = postgres_url("PostgreSQL history tests") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let id = "umami-software__umami__prisma__schema";
    let sql = read(&Path::new(CORPUS).join("expected/realworld").join(id).join("migration.sql"));
    let schema = Path::new(CORPUS).join("realworld/umami-software__umami/prisma/schema.prisma");
    // Without the last CREATE INDEX, with a default changed, and with a foreign key's action changed.
    let last_index = sql.rfind("-- CreateIndex").unwrap();
    let end = last_index + sql[last_index..].find(";\n").unwrap() + 2;
    let mut broken = format!("{}{}", &sql[..last_index], &sql[end..]);
    assert!(broken.contains("DEFAULT CURRENT_TIMESTAMP"));
    broken = broken.replacen("DEFAULT CURRENT_TIMESTAMP", "DEFAULT '2020-01-01 00:00:00+00'", 1);
    let dir = tmp.path().join("m");
    single_migration_history(&dir, &broken);
    let (code, out, err) = schemagen(&[
        "migrate",
        "diff",
        "--from-migrations",
        dir.to_str().unwrap(),
        "--to-schema",
        schema.to_str().unwrap(),
        "--shadow-url",
        &admin,
        "--script",
        "--exit-code",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    let removed = &sql[last_index..end];
    let index_name = removed.split('"').nth(1).unwrap();
    assert!(
        out.contains(&format!("-- CreateIndex\nCREATE INDEX \"{index_name}\""))
            || out.contains(&format!("CREATE UNIQUE INDEX \"{index_name}\"")),
        "{out}"
    );
    assert!(out.contains("SET DEFAULT CURRENT_TIMESTAMP"), "{out}");
    assert_eq!(out.matches("-- ").count(), 2, "exactly the two changes:\n{out}");
}

/// Columns, defaults and indexes the realworld schemas do not have, each spelled in a way the catalog
/// normalizes: `dbgenerated` expressions, date-time, bytes, JSON and list defaults, `@db.Char`/`@db.Bit`
/// without length, `Unsupported`, `sort: Asc`, `type: BTree`, a default operator class written out, a
/// compound primary key (Prisma 7 refuses `sort:` in a PostgreSQL primary key), `SetDefault`/`Restrict`
/// actions. The history is our own from-empty SQL.
const EXOTIC: &str = r#"datasource db {
  provider = "postgresql"
}

enum Mood {
  HAPPY
  SAD
}

model Thing {
  id       String   @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  due      DateTime @default(dbgenerated("now() + interval '1 day'"))
  at       DateTime @default("2020-01-02T03:04:05.678Z")
  atz      DateTime @default("2020-01-02T03:04:05Z") @db.Timestamptz(3)
  blob     Bytes    @default("AQID")
  code     String   @db.Char
  bits     String   @db.Bit
  vec      Unsupported("tsvector")?
  doc      Json     @default("{\"a\": 1,  \"b\": [true]}")
  mood     Mood     @default(SAD)
  moods    Mood[]   @default([HAPPY, SAD])
  nums     Int[]    @default([1, -2])
  ratio    Float    @default(-1.5)
  price    Decimal  @default(10) @db.Decimal(8, 2)
  big      BigInt   @default(9007199254740993)
  small    Int      @default(autoincrement()) @db.SmallInt
  flag     Boolean  @default(true)
  name     String   @default("it's \"quoted\"") @db.VarChar(50)
  parentId String?  @db.Uuid
  parent   Thing?   @relation("tree", fields: [parentId], references: [id], onDelete: SetDefault, onUpdate: Restrict)
  children Thing[]  @relation("tree")

  @@unique([code(sort: Asc), due(sort: Desc)])
  @@index([doc(ops: JsonbOps)], type: Gin)
  @@index([name], type: BTree)
  @@index([nums(ops: ArrayOps)], type: Gin)
}

model Pair {
  a Int
  b Int
  @@id([a, b])
}
"#;

#[test]
fn normalized_spellings_read_back_without_difference() {
    let Some(admin) = postgres_url("PostgreSQL history tests") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("exotic.prisma");
    std::fs::write(&schema, EXOTIC).unwrap();
    let ir = ir_of(&schema);
    let dir = tmp.path().join("migrations");
    single_migration_history(&dir, &migrate::from_empty(&ir, None).unwrap());
    let (code, out, err) = schemagen(&[
        "migrate",
        "diff",
        "--from-migrations",
        dir.to_str().unwrap(),
        "--to-schema",
        schema.to_str().unwrap(),
        "--shadow-url",
        &admin,
        "--script",
        "--exit-code",
    ]);
    assert_eq!((code, out.as_str()), (0, "-- This is an empty migration.\n"), "{err}");
    let to = migrate::calculate(&ir, Provider::Postgres).unwrap();
    let state = migrate::history::state_with_shadow(&dir, Provider::Postgres, Some(&admin), Some(&to)).unwrap();
    assert_eq!(state_difference(&state, &to), None);
    // Without the schema's spelling, the catalog's own differs (the alignment is what makes them equal).
    let raw = migrate::history::state_with_shadow(&dir, Provider::Postgres, Some(&admin), None).unwrap();
    assert!(state_difference(&raw, &to).is_some());
}

#[test]
fn schema_folder_history_without_snapshots() {
    let Some(admin) = postgres_url("PostgreSQL history tests") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    copy_without_snapshots(&Path::new(ROOT).join("sdk/migrations/postgresql"), &dir);
    let migrations = migrate::history::migration_dirs(&dir).unwrap();
    assert!(migrations.len() >= 2, "sdk/migrations/postgresql has several migrations");
    assert!(migrations.iter().all(|m| !m.join(migrate::history::SNAPSHOT_FILE).exists()));
    let (code, out, err) = schemagen(&[
        "migrate",
        "diff",
        "--from-migrations",
        dir.to_str().unwrap(),
        "--to-schema",
        "schema/",
        "--shadow-url",
        &admin,
        "--exit-code",
    ]);
    assert_eq!((code, out.as_str()), (0, "No difference detected.\n"), "{err}");
    // Read back, the state is the last snapshot.
    let snapshot =
        migrate::history::state_of(&Path::new(ROOT).join("sdk/migrations/postgresql"), Provider::Postgres).unwrap();
    let to = migrate::calculate(&ir_of(&Path::new(ROOT).join("schema")), Provider::Postgres).unwrap();
    let state = migrate::history::state_with_shadow(&dir, Provider::Postgres, Some(&admin), Some(&to)).unwrap();
    // Tables come back in creation order (`labels` was added by the second migration): compared in name order.
    assert_eq!(state_difference(&canonical(&state), &canonical(&snapshot)), None);
}

/// `s` with tables, enums, indexes and foreign keys in name order (references renumbered).
fn canonical(s: &migrate::SqlSchema) -> migrate::SqlSchema {
    use migrate::sql_schema::TypeFamily;
    let mut out = s.clone();
    let mut tables: Vec<usize> = (0..s.tables.len()).collect();
    tables.sort_by_key(|&i| s.tables[i].name.clone());
    let mut enums: Vec<usize> = (0..s.enums.len()).collect();
    enums.sort_by_key(|&i| s.enums[i].name.clone());
    let new_table = |old: usize| tables.iter().position(|&i| i == old).unwrap();
    let new_enum = |old: usize| enums.iter().position(|&i| i == old).unwrap();
    out.tables = tables.iter().map(|&i| s.tables[i].clone()).collect();
    out.enums = enums.iter().map(|&i| s.enums[i].clone()).collect();
    for t in &mut out.tables {
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        for c in &mut t.columns {
            if let TypeFamily::Enum(i) = c.family {
                c.family = TypeFamily::Enum(new_enum(i));
            }
        }
    }
    for fk in &mut out.foreign_keys {
        fk.table = new_table(fk.table);
        fk.referenced_table = new_table(fk.referenced_table);
    }
    out.foreign_keys.sort_by(|a, b| (a.table, &a.name).cmp(&(b.table, &b.name)));
    out
}

/// `schema/` with changes of many kinds: columns added, dropped, retyped, defaults changed, an enum value
/// added and one removed, indexes added and dropped, a new table with a serial key, lists, JSON and a
/// foreign key.
fn changed_schema_folder(dst: &Path) {
    copy_dir(&Path::new(ROOT).join("schema"), dst);
    let edit = |file: &str, from: &str, to: &str| {
        let p = dst.join(file);
        let text = read(&p);
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "base.prisma",
        "  name      String?\n",
        "  name      String?  @default(\"anon\")\n  nickname  String?  @db.VarChar(40)\n",
    );
    edit("base.prisma", "  avatarUrl String?\n", "");
    edit("base.prisma", "enum TaskPriority {\n", "enum TaskPriority {\n  CRITICAL\n");
    edit("drive.prisma", "@default(\"hourly\")", "@default(\"daily\")");
    let enum_file = read(&dst.join("referrals.prisma"));
    let status = enum_file.split("enum PayoutMethod {").nth(1).unwrap();
    let first_value = status.lines().map(str::trim).find(|l| !l.is_empty()).unwrap().to_string();
    edit("referrals.prisma", &format!("enum PayoutMethod {{\n  {first_value}\n"), "enum PayoutMethod {\n");
    let text = read(&dst.join("referrals.prisma"));
    assert!(!text.contains(&format!("@default({first_value})")), "PayoutMethod.{first_value} is a default");
    std::fs::write(
        dst.join("probe.prisma"),
        "model Probe {\n  id      Int      @id @default(autoincrement())\n  tags    String[] @default([\"a\", \"b\"])\n  \
         meta    Json     @default(\"{\\\"k\\\": [1, 2]}\")\n  price   Decimal  @default(2.50) @db.Decimal(10, 2)\n  \
         at      DateTime @default(now()) @db.Timestamptz(6)\n  code    String   @db.Char(3)\n  ownerId String?\n  \
         owner   User?    @relation(fields: [ownerId], references: [id], onDelete: SetNull)\n\n  \
         @@unique([code, at(sort: Desc)])\n  @@index([meta(ops: JsonbPathOps)], type: Gin)\n  @@index([price], type: Hash)\n}\n",
    )
    .unwrap();
    edit(
        "base.prisma",
        "  memberships   WorkspaceMember[]\n",
        "  memberships   WorkspaceMember[]\n  probes        Probe[]\n",
    );
}

/// The `migration.sql` and snapshot a `migrate dev` wrote into `dir` (its newest folder).
fn newest_migration(dir: &Path) -> (String, String) {
    let newest = migrate::history::migration_dirs(dir).unwrap().pop().unwrap();
    (read(&newest.join("migration.sql")), read(&newest.join(migrate::history::SNAPSHOT_FILE)))
}

/// `schemagen migrate dev --name change --accept-data-loss` of `schema` into `dir` (with `--shadow-url` if given).
fn dev_change(schema: &Path, dir: &Path, shadow: Option<&str>) -> (i32, String, String) {
    let mut args = vec![
        "migrate",
        "dev",
        "--name",
        "change",
        "--accept-data-loss",
        "--schema",
        schema.to_str().unwrap(),
        "--migrations",
        dir.to_str().unwrap(),
    ];
    if let Some(s) = shadow {
        args.extend(["--shadow-url", s]);
    }
    schemagen(&args)
}

#[test]
fn migrate_dev_writes_the_same_migration_without_snapshots() {
    let Some(admin) = postgres_url("PostgreSQL history tests") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("schema");
    changed_schema_folder(&schema);
    let with = tmp.path().join("with");
    let without = tmp.path().join("without");
    copy_dir(&Path::new(ROOT).join("sdk/migrations/postgresql"), &with);
    copy_without_snapshots(&Path::new(ROOT).join("sdk/migrations/postgresql"), &without);
    let dev = |dir: &Path, shadow: Option<&str>| {
        let (code, out, err) = dev_change(&schema, dir, shadow);
        assert_eq!(code, 0, "migrate dev on {}:\n{out}{err}", dir.display());
        err
    };
    let warnings_with = dev(&with, None);
    let warnings_without = dev(&without, Some(&admin));
    assert_eq!(warnings_without, warnings_with);
    let (sql_with, snapshot_with) = newest_migration(&with);
    let (sql_without, snapshot_without) = newest_migration(&without);
    for needle in [
        "ALTER TYPE \"TaskPriority\" ADD VALUE 'CRITICAL'",
        "DROP COLUMN \"avatarUrl\"",
        "ADD COLUMN     \"nickname\" VARCHAR(40)",
        "SET DEFAULT 'daily'",
        "CREATE TABLE \"Probe\"",
        "USING GIN (\"meta\" jsonb_path_ops)",
    ] {
        assert!(sql_with.contains(needle), "the change has {needle:?}:\n{sql_with}");
    }
    assert_eq!(sql_without, sql_with, "migration.sql from the snapshot-less history");
    assert_eq!(snapshot_without, snapshot_with);

    // Every realworld history: a new table and enum, and the last @@index removed.
    let citext = TempDb::new(&admin, "citext_dev", "CREATE EXTENSION IF NOT EXISTS citext");
    let mut checked = 0;
    for (id, source, applies) in realworld_cases() {
        if !applies {
            continue;
        }
        let base = tmp.path().join(&id);
        let (with, without) = (base.join("with"), base.join("without"));
        let original = base.join("original.prisma");
        std::fs::create_dir_all(&base).unwrap();
        std::fs::copy(&source, &original).unwrap();
        // The history with a snapshot: schemagen's own first migration (Prisma's SQL, byte for byte).
        let (code, out, err) = schemagen(&[
            "migrate",
            "dev",
            "--name",
            "init",
            "--schema",
            original.to_str().unwrap(),
            "--migrations",
            with.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{id}: {out}{err}");
        single_migration_history(&without, &newest_migration(&with).0);
        let mut text = read(&source);
        if let Some(i) = text.rfind("\n  @@index(") {
            let end = i + 1 + text[i + 1..].find('\n').unwrap();
            text.replace_range(i..end, "");
        }
        text.push_str("\nenum H2Probe {\n  ON\n  OFF\n}\n\nmodel H2ProbeRow {\n  id    Int    @id @default(autoincrement())\n  state H2Probe @default(ON)\n  note  String @default(\"it's\")\n\n  @@index([note(sort: Desc)])\n}\n");
        let changed = base.join("changed.prisma");
        std::fs::write(&changed, text).unwrap();
        let shadow = if id.starts_with("civitai") { citext.url.clone() } else { admin.clone() };
        for (dir, shadow) in [(&with, None), (&without, Some(shadow.as_str()))] {
            let (code, out, err) = dev_change(&changed, dir, shadow);
            assert_eq!(code, 0, "{id}: migrate dev on {}:\n{out}{err}", dir.display());
        }
        let (a, b) = (newest_migration(&with), newest_migration(&without));
        assert!(a.0.contains("CREATE TABLE \"H2ProbeRow\""), "{id}:\n{}", a.0);
        assert_eq!(b.0, a.0, "{id}: migration.sql from the snapshot-less history");
        assert_eq!(b.1, a.1, "{id}: snapshot");
        checked += 1;
    }
    println!("migrate dev: schema/ and {checked} realworld histories write the same migration without snapshots");
}

#[test]
fn missing_shadow_url_is_an_error_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    copy_without_snapshots(&Path::new(ROOT).join("sdk/migrations/postgresql"), &dir);
    let listing = |d: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = migrate::history::migration_dirs(d).unwrap();
        v.sort();
        v
    };
    let before = listing(&dir);
    let schema = tmp.path().join("schema");
    changed_schema_folder(&schema);
    let (code, out, err) = schemagen(&[
        "migrate",
        "dev",
        "--name",
        "x",
        "--schema",
        schema.to_str().unwrap(),
        "--migrations",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("--shadow-url postgresql://"), "{err}");
    assert!(err.contains("has no schema.snapshot.json"), "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(listing(&dir), before, "nothing written");
    assert!(std::fs::read_dir(&dir).unwrap().flatten().all(|e| !e.file_name().to_string_lossy().starts_with('.')));

    let (code, out, err) =
        schemagen(&["migrate", "diff", "--from-migrations", dir.to_str().unwrap(), "--to-schema", "schema/"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.starts_with("error: migrate diff: ") && err.contains("--shadow-url postgresql://"), "{err}");

    // A URL that is not PostgreSQL's, and a server that does not answer: exit 2, the flag named.
    let (code, _, err) = schemagen(&[
        "migrate",
        "diff",
        "--from-migrations",
        dir.to_str().unwrap(),
        "--to-schema",
        "schema/",
        "--shadow-url",
        "sqlite:x.db",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--shadow-url") && err.contains("expected a postgresql:// URL"), "{err}");
    let (code, _, err) = schemagen(&[
        "migrate",
        "diff",
        "--from-migrations",
        dir.to_str().unwrap(),
        "--to-schema",
        "schema/",
        "--shadow-url",
        "postgresql://nobody:secret@127.0.0.1:1/none",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "--shadow-url: cannot connect to the postgresql database at `postgresql://nobody:***@127.0.0.1:1/none`"
        ),
        "{err}"
    );
    assert!(!err.contains("secret"), "{err}");
}

#[test]
fn datasource_shadow_database_url_is_the_fallback() {
    let Some(admin) = postgres_url("PostgreSQL history tests") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    copy_without_snapshots(&Path::new(ROOT).join("sdk/migrations/postgresql"), &dir);
    let schema = tmp.path().join("schema");
    copy_dir(&Path::new(ROOT).join("schema"), &schema);
    let base = schema.join("base.prisma");
    let text = read(&base).replacen(
        "  provider = \"postgresql\"\n",
        "  provider = \"postgresql\"\n  shadowDatabaseUrl = env(\"H2_SHADOW_URL\")\n",
        1,
    );
    std::fs::write(&base, text).unwrap();
    let args = [
        "migrate",
        "diff",
        "--from-migrations",
        dir.to_str().unwrap(),
        "--to-schema",
        schema.to_str().unwrap(),
        "--exit-code",
    ];
    let (code, out, err) = schemagen_env(&args, &[("H2_SHADOW_URL", &admin)]);
    assert_eq!((code, out.as_str()), (0, "No difference detected.\n"), "{err}");
    // The variable unset: the error of a missing shadow URL.
    let (code, _, err) = schemagen(&args);
    assert_eq!(code, 2);
    assert!(err.contains("--shadow-url postgresql://"), "{err}");
}

#[test]
fn failing_script_is_reported_and_the_scratch_schema_dropped() {
    let Some(admin) = postgres_url("PostgreSQL history tests") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    single_migration_history(&dir, "-- CreateTable\nCREATE TABLE \"a\" (\n    \"id\" INTEGER NOT NULL\n);\n");
    let second = dir.join("20240102000000_broken");
    std::fs::create_dir_all(&second).unwrap();
    std::fs::write(
        second.join("migration.sql"),
        "-- AlterTable\nALTER TABLE \"a\" ADD COLUMN \"b\" TEXT;\n\nALTER TABLE \"missing\" ADD COLUMN \"c\" TEXT;\n",
    )
    .unwrap();
    let schema = tmp.path().join("s.prisma");
    std::fs::write(&schema, "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel a {\n  id Int @id\n}\n").unwrap();
    let child = Command::new(BIN)
        .args(["migrate", "diff", "--from-migrations", dir.to_str().unwrap(), "--to-schema", schema.to_str().unwrap()])
        .args(["--shadow-url", &admin])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("20240102000000_broken/migration.sql into a scratch schema"), "the failing file: {err}");
    assert!(err.contains("relation \"missing\" does not exist"), "{err}");
    assert_eq!(scratch_schemas(&admin, pid), Vec::<String>::new(), "the scratch schema is dropped");
    // Nothing of the replay is left in the server's public schema either.
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    let n: i64 = c
        .query_one(
            "SELECT COUNT(*) FROM pg_namespace WHERE nspname LIKE '\\_schemagen\\_shadow\\_' || $1::text || '\\_%'",
            &[&pid.to_string()],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0);

    // A syntax error: the database gives its position, the message its line.
    std::fs::write(
        second.join("migration.sql"),
        "-- AlterTable\nALTER TABLE \"a\" ADD COLUMN \"b\" TEXT;\n\nALTER TABLE \"a\" ADD COLUMN COLUMN;\n",
    )
    .unwrap();
    let (code, _, err) = schemagen(&[
        "migrate",
        "diff",
        "--from-migrations",
        dir.to_str().unwrap(),
        "--to-schema",
        schema.to_str().unwrap(),
        "--shadow-url",
        &admin,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("20240102000000_broken/migration.sql:4 into a scratch schema: ERROR: syntax error"), "{err}");
}

#[test]
fn multi_schema_history_is_refused_before_running() {
    let Some(admin) = postgres_url("PostgreSQL history tests") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    let name = format!("h2_never_created_{}", std::process::id());
    single_migration_history(&dir, &format!("-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS \"{name}\";\n"));
    let schema = tmp.path().join("s.prisma");
    std::fs::write(&schema, "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel a {\n  id Int @id\n}\n").unwrap();
    let (code, _, err) = schemagen(&[
        "migrate",
        "diff",
        "--from-migrations",
        dir.to_str().unwrap(),
        "--to-schema",
        schema.to_str().unwrap(),
        "--shadow-url",
        &admin,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("multiSchema") && err.contains("migration.sql:2"), "{err}");
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    let n: i64 = c.query_one("SELECT COUNT(*) FROM pg_namespace WHERE nspname = $1", &[&name]).unwrap().get(0);
    assert_eq!(n, 0, "nothing ran");
}

#[test]
fn check_reads_a_postgres_history_without_snapshots() {
    let Some(admin) = postgres_url("PostgreSQL history tests") else { return };
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(ROOT).join("schema"), &tmp.path().join("schema"));
    copy_dir(&Path::new(ROOT).join("sdk"), &tmp.path().join("sdk"));
    // The PostgreSQL history as Prisma Migrate would have left it: scripts only.
    let pg = tmp.path().join("sdk/migrations/postgresql");
    let bare = tmp.path().join("bare");
    copy_without_snapshots(&pg, &bare);
    std::fs::remove_dir_all(&pg).unwrap();
    std::fs::rename(&bare, &pg).unwrap();
    let schema = tmp.path().join("schema");
    let schema = schema.to_str().unwrap();
    let (code, out, err) = schemagen(&["check", "--schema", schema, "--shadow-url", &admin]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("No drift"), "{out}");
    // Without a server to replay it on, the history cannot be read: a finding that says what to pass.
    let (code, out, err) = schemagen(&["check", "--schema", schema]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("--shadow-url"), "{out}");
}
