//! Every realworld schema of the corpus (manifest.tsv) validates with no error. Warnings are
//! allowed (e.g. the removed `metrics` preview feature).

use std::path::Path;

use schemagen::{validate_schema, SourceFiles};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");

#[test]
fn all_realworld_schemas_validate() {
    let manifest = std::fs::read_to_string(Path::new(CORPUS).join("realworld/manifest.tsv")).unwrap();
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = header.iter().position(|h| *h == "local_path").unwrap();
    let (mut total, mut warnings) = (0, 0);
    let mut failures = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let Some(local_path) = line.split('\t').nth(col) else { continue };
        total += 1;
        let text = std::fs::read_to_string(Path::new(CORPUS).join("realworld").join(local_path)).unwrap();
        let files = SourceFiles::single(local_path, text);
        let schema = validate_schema(&files);
        warnings += schema.diagnostics.warnings.len();
        if !schema.is_valid() {
            let errs: Vec<String> = schema
                .diagnostics
                .errors
                .iter()
                .take(5)
                .map(|d| {
                    format!("  {} line {}: {}", d.code, files.line_col(d.span.file(), d.span.start()).0, d.message)
                })
                .collect();
            failures.push(format!("{local_path}: {} errors\n{}", schema.diagnostics.errors.len(), errs.join("\n")));
        }
    }
    println!("realworld: {}/{} valid ({} warnings)", total - failures.len(), total, warnings);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
