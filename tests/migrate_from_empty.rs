//! `migrate diff --from-empty`: our SQL against Prisma Migrate's.
//!
//! 1. Byte for byte: every realworld postgresql/sqlite schema with an expected `migration.sql`, and
//!    Prisma's `single_migration_tests` (postgres, sqlite).
//! 2. Round trip on real databases: our SQL applied to a fresh SQLite file and a fresh PostgreSQL
//!    database, then `oracle ddl --from-db URL SCHEMA` must find nothing left to do. Also `schema/`
//!    on PostgreSQL, and `schema/` rendered for SQLite (`--provider sqlite`), checked through
//!    `PRAGMA table_info` and through the oracle on a SQLite twin of the schema.
//! 3. The CLI: `--script`, `--provider sqlite`, the human summary, `--exit-code`.
//!
//! PostgreSQL comes from `DATABASE_URL` (e.g. `postgresql://postgres@127.0.0.1:54329/postgres`;
//! locally: `../shared/oracle/oracle pg-start /tmp/mig-pg 54329`). Without it the PostgreSQL part is
//! skipped with a message, unless `CI` is set: then it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use schemagen::connector::Provider;
use schemagen::loader::load_schema;
use schemagen::migrate::{self, steps};
use schemagen::validate_schema;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
const ORACLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/oracle/oracle");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const EMPTY: &str = "-- This is an empty migration.";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn ir_of(path: &Path) -> schemagen::ir::Schema {
    let files = load_schema(path).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()));
    let v = validate_schema(&files);
    assert!(v.is_valid(), "{} is invalid: {:?}", path.display(), v.diagnostics.errors.first());
    v.ir
}

/// A realworld schema with Prisma's `migration.sql`: (id, source path, provider, summary row notes).
struct Case {
    id: String,
    source: PathBuf,
    provider: Provider,
    applies: bool,
    prisma_roundtrip_empty: bool,
}

fn realworld_cases() -> Vec<Case> {
    let manifest = read(&Path::new(CORPUS).join("realworld/manifest.tsv"));
    let summary = read(&Path::new(CORPUS).join("expected/realworld/summary.tsv"));
    let mut out = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let Some(local) = cols.last() else { continue };
        let id = local.trim_end_matches(".prisma").replace('/', "__");
        let expected = Path::new(CORPUS).join("expected/realworld").join(&id).join("migration.sql");
        if !expected.exists() {
            continue;
        }
        let row: Vec<&str> =
            summary.lines().find(|l| l.split('\t').next() == Some(id.as_str())).unwrap_or("").split('\t').collect();
        let provider = match cols[4] {
            "sqlite" => Provider::Sqlite,
            _ => Provider::Postgres,
        };
        out.push(Case {
            source: Path::new(CORPUS).join("realworld").join(local),
            provider,
            applies: row.get(6).is_some_and(|v| v.starts_with("yes")),
            prisma_roundtrip_empty: row.get(7) == Some(&"yes"),
            id,
        });
    }
    out
}

/// A short unified view of the first difference between two texts.
fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    for i in 0..e.len().max(a.len()) {
        if e.get(i) != a.get(i) {
            return format!(
                "line {}:\n  expected: {:?}\n  actual:   {:?}",
                i + 1,
                e.get(i).unwrap_or(&"<end>"),
                a.get(i).unwrap_or(&"<end>")
            );
        }
    }
    format!("same lines; trailing bytes differ ({} vs {} bytes)", expected.len(), actual.len())
}

#[test]
fn realworld_byte_identical() {
    let cases = realworld_cases();
    assert!(cases.len() >= 18, "expected the realworld migration.sql files, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let expected = read(&Path::new(CORPUS).join("expected/realworld").join(&case.id).join("migration.sql"));
        let ir = ir_of(&case.source);
        let ours = migrate::from_empty(&ir, None).expect("postgresql/sqlite schema");
        if ours != expected {
            failures.push(format!("{}: {}", case.id, first_difference(&expected, &ours)));
        }
    }
    println!("realworld: {}/{} byte-identical", cases.len() - failures.len(), cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Prisma's `single_migration_tests` (postgres and sqlite; mysql/vitess are skipped).
///
/// Prisma's test harness diffs from a live database whose default schema already exists, so its
/// expected SQL for a single-schema datamodel has no `CREATE SCHEMA IF NOT EXISTS "public"`, which
/// `prisma migrate diff --from-empty` (and ours) writes first — see the realworld outputs. We
/// compare with the default namespace counted as existing when the datamodel does not use
/// `@@schema`; with `@@schema`, the harness creates every used schema, `public` included.
#[test]
fn single_migration_tests() {
    let dir = Path::new(CORPUS).join("prisma-engines/schema-engine/sql-migration-tests/tests/single_migration_tests");
    let mut files = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "prisma") {
                out.push(p);
            }
        }
    }
    walk(&dir, &mut files);
    let mut total = 0;
    let mut failures = Vec::new();
    for file in files {
        let text = read(&file);
        let tags = text.lines().next().unwrap_or("");
        if !(tags.contains("postgres") || tags.contains("sqlite")) {
            continue;
        }
        total += 1;
        let Some((_, expected)) = text.split_once("// Expected Migration:\n") else {
            failures.push(format!("{}: no expected migration", file.display()));
            continue;
        };
        let expected: String = expected
            .lines()
            .map(|l| l.strip_prefix("// ").or_else(|| l.strip_prefix("//")).unwrap_or(l))
            .map(|l| format!("{l}\n"))
            .collect();
        let ir = ir_of(&file);
        let sql = migrate::calculate(&ir, ir.provider.unwrap()).unwrap();
        let multi_schema = ir.models.iter().any(|m| m.schema.is_some());
        let existing: &[&str] = if multi_schema { &[] } else { &["public"] };
        let steps = steps::create_all(&sql, existing);
        let ours = migrate::renderer_for(ir.provider.unwrap()).unwrap().render_script(&steps, &sql);
        if ours.trim_end() != expected.trim_end() {
            failures.push(format!("{}: {}", file.display(), first_difference(&expected, &ours)));
        }
    }
    println!("single_migration_tests: {}/{total} byte-identical", total - failures.len());
    assert_eq!(total, 11, "10 postgres + 1 sqlite cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
