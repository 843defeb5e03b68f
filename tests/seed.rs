//! The seed schema as first written (`tests/fixtures/seed-as-written/`) is invalid: Prisma reports
//! exactly four one-to-one relation errors (`tests/fixtures/seed-as-written.expected.json`, made
//! with `oracle validate`). We must report the same messages at the same lines.

use std::path::{Path, PathBuf};

use schemagen::{validate_schema, SourceFiles};
use serde_json::Value;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

#[test]
fn seed_as_written_yields_prismas_four_errors() {
    let root = Path::new(ROOT);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/seed-as-written.expected.json")).unwrap(),
    )
    .unwrap();

    // Load the files under the same relative names Prisma saw.
    let mut files = SourceFiles::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/seed-as-written"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "prisma"))
        .collect();
    paths.sort();
    for p in &paths {
        let name = format!("tests/fixtures/seed-as-written/{}", p.file_name().unwrap().to_string_lossy());
        files.add(name, std::fs::read_to_string(p).unwrap());
    }

    let schema = validate_schema(&files);
    let actual: Vec<(String, String, usize, usize, usize)> = schema
        .diagnostics
        .errors
        .iter()
        .map(|d| {
            let (line, _) = files.line_col(d.span.file(), d.span.start());
            (d.message.clone(), files.path(d.span.file()).to_string(), line, d.span.start(), d.span.end())
        })
        .collect();
    let wanted: Vec<(String, String, usize, usize, usize)> = expected["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["message"].as_str().unwrap().to_string(),
                e["file"].as_str().unwrap().to_string(),
                e["startLine"].as_u64().unwrap() as usize,
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(actual, wanted);
    assert_eq!(schema.diagnostics.errors.len(), 4);
}
