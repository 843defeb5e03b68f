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
