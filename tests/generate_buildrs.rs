//! build.rs mode: the fixture crate `tests/fixtures/buildrs/` generates its SDK in `build.rs`
//! (`schemagen::Config::new().schema("schema.prisma").generate_to(OUT_DIR/schemagen)`) and `include!`s
//! `OUT_DIR/schemagen/lib.rs`; its test connects to `sqlite::memory:`, migrates, creates and finds a row.
//! The crate is copied to `target/realworld-check/buildrs` (same depth, so its relative paths still point at
//! the repo) and built with the breadth test's target dir, so dependencies are shared and reruns incremental.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::copy_dir;

fn repo() -> PathBuf {
    schemagen::project::absolute(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

#[test]
fn buildrs_fixture_generates_in_out_dir_and_passes() {
    let check_dir = repo().join("target/realworld-check");
    let krate = check_dir.join("buildrs");
    copy_dir(&repo().join("tests/fixtures/buildrs"), &krate);
    if !krate.join("Cargo.lock").exists() {
        std::fs::copy(repo().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--quiet"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", check_dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo test");
    assert!(
        output.status.success(),
        "cargo test failed in {}:\n{}{}",
        krate.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
