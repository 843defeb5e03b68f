//! Helpers shared by the integration tests in this folder (each test binary includes this module with
//! `mod common;` and uses what it needs).
#![allow(dead_code)]

use std::path::Path;

/// Copies the tree `from` into `to` (created if needed), skipping `target/` folders. A file whose bytes are
/// already equal is left alone, so its modification time does not make cargo rebuild a copied crate.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == "target" {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else if std::fs::read(&dst).ok() != Some(std::fs::read(&src).unwrap()) {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// The PostgreSQL server the tests use (`DATABASE_URL`, else `SCHEMAGEN_TEST_PG_URL`), or `None` when neither is
/// set — which fails under `CI` (the `what` tests must run there).
pub fn postgres_url(what: &str) -> Option<String> {
    let url =
        ["DATABASE_URL", "SCHEMAGEN_TEST_PG_URL"].iter().find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()));
    if url.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI is set but DATABASE_URL is not: the {what} must run");
        println!("skipped PostgreSQL: DATABASE_URL is not set");
    }
    url
}

/// `postgresql://user@host:port/db?x` -> the same URL for database `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map(|(b, q)| (b, format!("?{q}"))).unwrap_or((url, String::new()));
    let cut = base.rfind('/').filter(|i| *i > "postgresql://".len()).unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..cut])
}
