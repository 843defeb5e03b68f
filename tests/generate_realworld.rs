//! Breadth test of `schemagen generate`: every realworld schema of the corpus (`manifest.tsv`) whose datasource
//! is PostgreSQL or SQLite is generated into one member crate of a scratch Cargo workspace
//! (`target/realworld-check/ws`, the repo's `runtime/` by path), and ONE
//! `cargo clippy --release --workspace --all-targets -- -D warnings` must pass over all of them.
//!
//! Dependencies compile once into `target/realworld-check/target` and reruns are incremental (files are only
//! rewritten when their contents change). Schemas of other providers are skipped (counted). A schema that
//! cannot be generated fails the test, unless every problem is one of the deliberate, documented refusals
//! listed in [`DELIBERATE_REFUSALS`].
//!
//! Prints the generated Rust bytes per model for every schema and overall.

use schemagen::connector::Provider;
use schemagen::generate::{self as gen, GeneratorSettings, MigrationList, Options, RuntimeDependency};
use std::path::{Path, PathBuf};
use std::process::Command;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/realworld");

/// Problems of `GenerateError` that are deliberate refusals of the generated client (documented in
/// `generator/src/generate/mod.rs`), not emitter bugs.
const DELIBERATE_REFUSALS: &[&str] = &[
    // Scalar lists need PostgreSQL arrays.
    "scalar lists are only supported on PostgreSQL",
    // MongoDB-only features.
    "composite types (MongoDB) are not supported",
    "embedded many-to-many relations (MongoDB) are not supported",
];

fn repo() -> PathBuf {
    schemagen::project::absolute(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// Writes `contents` to `path` unless it already holds exactly that (keeps mtimes, so cargo stays incremental).
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn crate_name_of(local_path: &str) -> String {
    let mut name = String::from("rw-");
    for c in local_path.trim_end_matches(".prisma").chars() {
        let c = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' };
        if !(c == '-' && name.ends_with('-')) {
            name.push(c);
        }
    }
    // Keep names readable and within Cargo's limit; the owner/repo prefix and the last parts are the useful bits.
    let name = name.replace("-prisma-schema", "").replace("-packages-", "-").replace("-internal-", "-");
    let name = name.trim_end_matches('-').to_string();
    if name.len() > 60 {
        name[..60].trim_end_matches('-').to_string()
    } else {
        name
    }
}

struct Generated {
    crate_name: String,
    models: usize,
    rust_bytes: usize,
}

#[test]
fn realworld_schemas_generate_and_pass_clippy() {
    let started = std::time::Instant::now();
    let manifest = std::fs::read_to_string(Path::new(CORPUS).join("manifest.tsv")).unwrap();
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = header.iter().position(|h| *h == "local_path").unwrap();

    let check_dir = repo().join("target/realworld-check");
    let ws = check_dir.join("ws");
    let runtime = repo().join("runtime");

    let mut generated: Vec<Generated> = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let Some(local_path) = line.split('\t').nth(col) else { continue };
        // A schema is a file or a folder of `.prisma` files; the loader reads both.
        let files = schemagen::loader::load_schema(&Path::new(CORPUS).join(local_path)).expect("load schema");
        let schema = schemagen::validate_schema(&files);
        assert!(schema.is_valid(), "{local_path} does not validate (tests/realworld.rs should have caught it)");
        let provider = schema.ir.provider;
        if !matches!(provider, Some(Provider::Postgres | Provider::Sqlite)) {
            skipped.push(format!("{local_path} ({})", provider.map(|p| p.name()).unwrap_or("no datasource")));
            continue;
        }
        let crate_name = crate_name_of(local_path);
        assert!(!generated.iter().any(|g| g.crate_name == crate_name), "duplicate crate name {crate_name}");
        let mut options = Options::new(crate_name.clone());
        options.providers = gen::resolve_providers(&GeneratorSettings::default(), &schema.ir).expect("providers");
        options.runtime = RuntimeDependency::Path(runtime.to_string_lossy().into_owned());
        options.source = local_path.to_string();
        let out = match gen::generate(&schema.ir, &options, &MigrationList::default()) {
            Ok(out) => out,
            Err(e) => {
                if e.problems.iter().all(|p| DELIBERATE_REFUSALS.iter().any(|r| p.contains(r))) {
                    refused.push(format!("{local_path}: {}", e.problems.join("; ")));
                } else {
                    failures.push(format!("{local_path}: GenerateError\n  {}", e.problems.join("\n  ")));
                }
                continue;
            }
        };
        let mut rust_bytes = 0;
        let mut models = 0;
        for f in &out {
            if f.path.ends_with(".rs") {
                rust_bytes += f.contents.len();
                if f.path != "src/lib.rs" && f.path != "src/enums.rs" {
                    models += 1;
                }
            }
            write_if_changed(&ws.join(&crate_name).join(&f.path), &f.contents);
        }
        generated.push(Generated { crate_name, models, rust_bytes });
    }

    // The workspace: one member per generated schema, the lock file of the repo (same versions, already
    // downloaded), stale members removed.
    let members: Vec<String> = generated.iter().map(|g| format!("{:?}", g.crate_name)).collect();
    write_if_changed(
        &ws.join("Cargo.toml"),
        &format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    );
    if !ws.join("Cargo.lock").exists() {
        std::fs::copy(repo().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();
    }
    for entry in std::fs::read_dir(&ws).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !generated.iter().any(|g| g.crate_name == name) {
            std::fs::remove_dir_all(entry.path()).unwrap();
        }
    }

    // Bytes per model.
    let (mut total_bytes, mut total_models) = (0, 0);
    println!("{:<62} {:>7} {:>10} {:>9}", "crate", "models", "rust bytes", "bytes/model");
    for g in &generated {
        total_bytes += g.rust_bytes;
        total_models += g.models;
        println!("{:<62} {:>7} {:>10} {:>9}", g.crate_name, g.models, g.rust_bytes, g.rust_bytes / g.models.max(1));
    }
    println!(
        "overall: {} schemas generated, {total_models} models, {total_bytes} bytes of Rust, {} bytes/model",
        generated.len(),
        total_bytes / total_models.max(1)
    );
    println!("skipped (provider not supported by the generated client): {}", skipped.len());
    for s in &skipped {
        println!("  {s}");
    }
    println!("deliberate refusals: {}", refused.len());
    for r in &refused {
        println!("  {r}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let clippy_started = std::time::Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "clippy",
            "--release",
            "--workspace",
            "--all-targets",
            "--keep-going",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", check_dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo clippy");
    println!(
        "cargo clippy over {} crates: {:.1}s (test total {:.1}s)",
        generated.len(),
        clippy_started.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        output.status.success(),
        "cargo clippy failed in {}:\n{}{}",
        ws.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
