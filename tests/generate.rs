//! `schemagen generate`: snapshots of every generated file (the app schema and the fixtures of
//! `tests/fixtures/generate/`), determinism, the committed `sdk/` being up to date, the CLI, write safety and
//! template overrides.

use schemagen::generate::{self as gen, GeneratedFile, MigrationList, Options, RuntimeDependency};
use schemagen::loader::load_schema;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_schemagen"));
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&str], cwd: &Path) -> Output {
    bin().args(args).current_dir(cwd).output().expect("run schemagen")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Generates a schema (file or folder) in memory, with the options the CLI would use, the `@generated`
/// source shown as `source`, and the migrations found in `migrations_of` (an output folder).
fn generate_in_memory(schema_path: &Path, source: &str, migrations_of: Option<&Path>) -> Vec<GeneratedFile> {
    let files = load_schema(schema_path).expect("load schema");
    let schema = schemagen::validate_schema(&files);
    assert!(schema.is_valid(), "{:?}", schema.diagnostics);
    let settings = gen::settings_from_config(&schema.config, &files).expect("generator block");
    let mut options = Options::new(settings.crate_name.clone().unwrap_or_else(|| "fixture-sdk".to_string()));
    options.providers = gen::resolve_providers(&settings, &schema.ir).expect("providers");
    if let Some(p) = &settings.runtime_path {
        options.runtime = RuntimeDependency::Path(p.clone());
    }
    options.source = source.to_string();
    let migrations = match migrations_of {
        Some(out) => gen::write::read_migrations(out, &options.providers).expect("migrations"),
        None => MigrationList::default(),
    };
    gen::generate(&schema.ir, &options, &migrations).expect("generate")
}

fn snapshot_files(prefix: &str, files: &[GeneratedFile]) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(true);
    settings.set_snapshot_path(repo().join("tests/snapshots"));
    settings.bind(|| {
        for f in files {
            let name = format!("{prefix}__{}", f.path.replace(['/', '.'], "_"));
            insta::assert_snapshot!(name, &f.contents);
        }
    });
}

const FIXTURES: &[&str] = &["postgres_features", "sqlite_blog", "naming"];

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/generate").join(format!("{name}.prisma"))
}

#[test]
fn app_schema_snapshots() {
    let files = generate_in_memory(&repo().join("schema"), "../schema", Some(&repo().join("sdk")));
    snapshot_files("schema", &files);
}

#[test]
fn fixture_snapshots() {
    for name in FIXTURES {
        let files = generate_in_memory(&fixture(name), &format!("{name}.prisma"), None);
        snapshot_files(name, &files);
    }
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    for path in [repo().join("schema")].into_iter().chain(FIXTURES.iter().map(|n| fixture(n))) {
        let a = generate_in_memory(&path, "x", None);
        let b = generate_in_memory(&path, "x", None);
        assert_eq!(a, b, "{}", path.display());
    }
}

/// Every file starts with the `@generated` line, and the Rust files parse.
#[test]
fn every_file_is_marked_and_rust_parses() {
    for path in [repo().join("schema")].into_iter().chain(FIXTURES.iter().map(|n| fixture(n))) {
        for f in generate_in_memory(&path, "x", None) {
            assert!(gen::has_marker(&f.contents), "{} has no marker", f.path);
            if f.path.ends_with(".rs") {
                syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
            }
        }
    }
}

/// The committed `sdk/` is what `schemagen generate --schema schema/` produces now (its `migrations/` belong to
/// `migrate dev`). Regenerate with `cargo run --release -p schemagen -- generate --schema schema/`.
#[test]
fn committed_sdk_is_up_to_date() {
    let sdk = repo().join("sdk");
    if !sdk.join("src/lib.rs").exists() {
        panic!("sdk/src/lib.rs is missing: run `schemagen generate --schema schema/`");
    }
    let files = generate_in_memory(&repo().join("schema"), "../schema", Some(&sdk));
    let mut stale = Vec::new();
    for f in &files {
        let on_disk = std::fs::read(sdk.join(&f.path)).unwrap_or_default();
        if on_disk != f.contents.as_bytes() {
            stale.push(f.path.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "sdk/ is stale ({stale:?}): run `cargo run --release -p schemagen -- generate --schema schema/`"
    );
}

/// Sizes of the generated Rust for the app schema (printed; the target is about 10 KB per model).
#[test]
fn generated_size_per_model() {
    let files = generate_in_memory(&repo().join("schema"), "../schema", None);
    let rust: Vec<&GeneratedFile> = files.iter().filter(|f| f.path.ends_with(".rs")).collect();
    let models = rust.iter().filter(|f| f.path != "src/lib.rs" && f.path != "src/enums.rs").count();
    let total: usize = rust.iter().map(|f| f.contents.len()).sum();
    let model_bytes: usize =
        rust.iter().filter(|f| f.path != "src/lib.rs" && f.path != "src/enums.rs").map(|f| f.contents.len()).sum();
    println!(
        "{models} models: {total} bytes of Rust in all ({} per model), model files {} bytes on average",
        total / models,
        model_bytes / models
    );
    assert!(total / models <= 12_000, "generated code grew: {} bytes per model", total / models);
}

// ------------------------------------------------------------------------------------------------
// CLI and writing
// ------------------------------------------------------------------------------------------------

const SCHEMA: &str = r#"datasource db {
  provider = "sqlite"
}

generator client {
  provider  = "schemagen"
  output    = "../out"
  crateName = "tiny-sdk"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int  @id @default(autoincrement())
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"#;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("prisma")).unwrap();
    std::fs::write(dir.path().join("prisma/schema.prisma"), SCHEMA).unwrap();
    dir
}

fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            if e.path().is_dir() {
                walk(&e.path(), &rel, out);
            } else {
                out.push(rel);
            }
        }
    }
    walk(dir, "", &mut out);
    out.sort();
    out
}

#[test]
fn cli_generates_into_the_output_of_the_generator_block() {
    let dir = project();
    let out = run(&["generate", "--schema", "prisma/schema.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        listing(&dir.path().join("out")),
        ["Cargo.toml", "README.md", "src/lib.rs", "src/post.rs", "src/user.rs"]
    );
    let cargo = std::fs::read_to_string(dir.path().join("out/Cargo.toml")).unwrap();
    assert!(cargo.starts_with("# @generated by schemagen from ../prisma/schema.prisma."), "{cargo}");
    assert!(cargo.contains("name = \"tiny-sdk\""), "{cargo}");
    // No runtimePath: the runtime by version.
    assert!(cargo.contains(&format!("schemagen-runtime = {{ version = \"{}\" }}", gen::VERSION)), "{cargo}");
    assert!(text(&out.stdout).contains("5 written, 0 unchanged, 0 deleted"), "{}", text(&out.stdout));

    // Flags override the block.
    let out =
        run(&["generate", "--schema", "prisma/schema.prisma", "--out", "other", "--crate-name", "x-sdk"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let cargo = std::fs::read_to_string(dir.path().join("other/Cargo.toml")).unwrap();
    assert!(cargo.contains("name = \"x-sdk\""), "{cargo}");
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = project();
    let first = run(&["generate", "--schema", "prisma/schema.prisma"], dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let lib = dir.path().join("out/src/lib.rs");
    let before = std::fs::metadata(&lib).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = run(&["generate", "--schema", "prisma/schema.prisma"], dir.path());
    assert_eq!(second.status.code(), Some(0));
    assert!(text(&second.stdout).contains("0 written, 5 unchanged, 0 deleted"), "{}", text(&second.stdout));
    assert_eq!(std::fs::metadata(&lib).unwrap().modified().unwrap(), before);
}

#[test]
fn user_files_are_left_alone_and_stale_generated_files_deleted() {
    let dir = project();
    assert_eq!(run(&["generate", "--schema", "prisma/schema.prisma"], dir.path()).status.code(), Some(0));
    // A user file (no marker) and a stale generated file (a model that was removed).
    std::fs::create_dir_all(dir.path().join("out/tests")).unwrap();
    std::fs::write(dir.path().join("out/tests/smoke.rs"), "// mine\n").unwrap();
    std::fs::write(dir.path().join("out/src/notes.md"), "notes\n").unwrap();
    std::fs::write(
        dir.path().join("out/src/comment.rs"),
        "// @generated by schemagen from ../prisma/schema.prisma. Do not edit: run `schemagen generate`.\n",
    )
    .unwrap();
    // Migrations belong to `migrate dev`: never looked into, even with a marker-like first line.
    std::fs::create_dir_all(dir.path().join("out/migrations/sqlite/1_init")).unwrap();
    std::fs::write(dir.path().join("out/migrations/sqlite/1_init/migration.sql"), "-- @generated by schemagen\n")
        .unwrap();
    let out = run(&["generate", "--schema", "prisma/schema.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 deleted"), "{}", text(&out.stdout));
    assert!(!dir.path().join("out/src/comment.rs").exists());
    assert_eq!(std::fs::read_to_string(dir.path().join("out/tests/smoke.rs")).unwrap(), "// mine\n");
    assert!(dir.path().join("out/src/notes.md").exists());
    // The migration is embedded.
    let lib = std::fs::read_to_string(dir.path().join("out/src/lib.rs")).unwrap();
    assert!(lib.contains("include_str!(\"../migrations/sqlite/1_init/migration.sql\")"), "{lib}");
}

#[test]
fn a_colliding_user_file_stops_everything() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("out/src")).unwrap();
    std::fs::write(dir.path().join("out/src/user.rs"), "// hand-written\n").unwrap();
    let out = run(&["generate", "--schema", "prisma/schema.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("user.rs") && err.contains("Nothing was written"), "{err}");
    assert_eq!(listing(&dir.path().join("out")), ["src/user.rs"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("out/src/user.rs")).unwrap(), "// hand-written\n");
}

#[test]
fn invalid_schema_exits_1_and_writes_nothing() {
    let dir = project();
    std::fs::write(dir.path().join("prisma/schema.prisma"), SCHEMA.replace("email String @unique", "email Strin"))
        .unwrap();
    let out = run(&["generate", "--schema", "prisma/schema.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Strin"), "{}", text(&out.stderr));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.prisma"), "datasource db {\n  provider = \"sqlite\"\n}\n").unwrap();
    // No generator block and no --out.
    let out = run(&["generate", "--schema", "s.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--out"), "{}", text(&out.stderr));
    let out = run(&["generate", "--schema", "missing.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["generate", "--schema", "s.prisma", "--out", "o", "--crate-name", "not a name"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn scalar_lists_with_sqlite_in_providers_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let schema = "datasource db {\n  provider = \"postgresql\"\n}\n\ngenerator client {\n  provider  = \"schemagen\"\n  output    = \"out\"\n  providers = [\"postgresql\", \"sqlite\"]\n}\n\nmodel A {\n  id   Int      @id\n  tags String[]\n}\n";
    std::fs::write(dir.path().join("s.prisma"), schema).unwrap();
    let out = run(&["generate", "--schema", "s.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("A.tags: scalar lists are only supported on PostgreSQL"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn templates_can_be_overridden() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("tpl/sdk")).unwrap();
    std::fs::write(
        dir.path().join("tpl/sdk/README.md.hbs"),
        "# {{crate_name}}\n\n{{#each models}}- {{name}}\n{{/each}}",
    )
    .unwrap();
    let out = run(&["generate", "--schema", "prisma/schema.prisma", "--templates", "tpl"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let readme = std::fs::read_to_string(dir.path().join("out/README.md")).unwrap();
    assert_eq!(
        readme,
        "<!-- @generated by schemagen from ../prisma/schema.prisma. Do not edit: run `schemagen generate`. -->\n# tiny-sdk\n\n- User\n- Post\n"
    );
    // Cargo.toml keeps the embedded template.
    assert!(std::fs::read_to_string(dir.path().join("out/Cargo.toml")).unwrap().contains("[dependencies]"));
    // A template error is reported, nothing written.
    std::fs::write(dir.path().join("tpl/sdk/README.md.hbs"), "{{#each models}").unwrap();
    let out = run(&["generate", "--schema", "prisma/schema.prisma", "--templates", "tpl"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("sdk/README.md.hbs"), "{}", text(&out.stderr));
}
