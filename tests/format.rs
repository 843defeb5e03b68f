//! `schemagen format` must write byte for byte what `prisma format` writes.
//!
//! * Prisma's reformatter cases (`psl/psl/tests/reformatter/**/X.prisma` -> `X.reformatted.prisma`,
//!   and the multi-file folders `reformatter_multi_file/<dir>/` -> `<dir>.reformatted/`);
//! * the real-world schemas and Prisma's validation cases against `prisma format`'s output, stored
//!   under `tests/fixtures/format/{realworld,validation}/<same path>.expected` (generated with the
//!   Prisma 7 oracle, `oracle format FILE`);
//! * formatting is idempotent on all of them, and the project's own `schema/` folder (formatted by
//!   Prisma) is left unchanged.

use schemagen::format::{format_files, format_text};
use schemagen::SourceFiles;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/format");
const OWN_SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema");

fn reformatter_dir() -> PathBuf {
    Path::new(CORPUS).join("prisma-engines/psl/psl/tests/reformatter")
}

fn multi_file_dir() -> PathBuf {
    Path::new(CORPUS).join("prisma-engines/psl/psl/tests/reformatter_multi_file")
}

fn prisma_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "prisma") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// A folder's `.prisma` files (by name) as one schema.
fn folder_schema(dir: &Path) -> SourceFiles {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "prisma"))
        .collect();
    names.sort();
    let mut files = SourceFiles::new();
    for p in names {
        files.add(p.file_name().unwrap().to_string_lossy().into_owned(), read(&p));
    }
    files
}

/// A readable first difference between two texts.
fn first_difference(got: &str, want: &str) -> String {
    let line = got.lines().zip(want.lines()).position(|(a, b)| a != b);
    match line {
        Some(i) => format!(
            "line {}:\n  got:  {:?}\n  want: {:?}",
            i + 1,
            got.lines().nth(i).unwrap_or(""),
            want.lines().nth(i).unwrap_or("")
        ),
        None => {
            format!("lengths differ: got {} bytes, want {} bytes (line ends / final newline?)", got.len(), want.len())
        }
    }
}

fn assert_idempotent(name: &str, formatted: &str, failures: &mut Vec<String>) {
    let again = format_text(formatted);
    if again != formatted {
        failures.push(format!("{name}: not idempotent, {}", first_difference(&again, formatted)));
    }
}

#[test]
fn reformatter_pairs_match_prisma() {
    let inputs: Vec<PathBuf> = prisma_files_under(&reformatter_dir())
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".reformatted.prisma"))
        .collect();
    assert_eq!(inputs.len(), 14, "expected 14 reformatter cases in {}", reformatter_dir().display());
    let mut failures = Vec::new();
    for input in &inputs {
        let expected_path = PathBuf::from(input.to_string_lossy().replace(".prisma", ".reformatted.prisma"));
        let got = format_text(&read(input));
        let want = read(&expected_path);
        let name = input.strip_prefix(reformatter_dir()).unwrap_or(input).display().to_string();
        if got != want {
            failures.push(format!("{name}: {}", first_difference(&got, &want)));
        }
        assert_idempotent(&name, &got, &mut failures);
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), inputs.len(), failures.join("\n"));
}

#[test]
fn reformatter_multi_file_folders_match_prisma() {
    let root = multi_file_dir();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.to_string_lossy().ends_with(".reformatted"))
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 4, "expected 4 multi-file cases in {}", root.display());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected_dir = root.join(format!("{name}.reformatted"));
        let schema = folder_schema(dir);
        let out = format_files(&schema);
        assert_eq!(out.len(), schema.len());
        for (path, got) in &out {
            let want = read(&expected_dir.join(path));
            if *got != want {
                failures.push(format!("{name}/{path}: {}", first_difference(got, &want)));
            }
        }
        // Idempotence, on the whole schema again.
        let mut again = SourceFiles::new();
        for (path, text) in &out {
            again.add(path.clone(), text.clone());
        }
        for ((path, a), (_, b)) in format_files(&again).iter().zip(&out) {
            if a != b {
                failures.push(format!("{name}/{path}: not idempotent, {}", first_difference(a, b)));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// Schemas on which `prisma format` itself is not idempotent (we follow Prisma): `configValue =`
/// without a value is formatted to `configValue`, which the next run reads as an unparseable line
/// that no longer widens the `=` column.
const PRISMA_NOT_IDEMPOTENT: &[&str] = &["generator/missing_property_value.prisma"];

/// Every schema under `corpus` formats to its fixture `<fixtures>/<same path>.expected` (when there is
/// one) and is idempotent.
fn check_against_fixtures(corpus: &Path, fixtures: &Path) {
    let schemas = prisma_files_under(corpus);
    assert!(!schemas.is_empty(), "no schemas under {}", corpus.display());
    let mut failures = Vec::new();
    let mut compared = 0;
    for path in &schemas {
        let rel = path.strip_prefix(corpus).unwrap();
        let name = rel.display().to_string();
        let got = format_text(&read(path));
        let fixture = fixtures.join(format!("{}.expected", rel.display()));
        if fixture.exists() {
            compared += 1;
            let want = read(&fixture);
            if got != want {
                failures.push(format!("{name}: differs from prisma format, {}", first_difference(&got, &want)));
            }
        }
        if !PRISMA_NOT_IDEMPOTENT.contains(&name.as_str()) {
            assert_idempotent(&name, &got, &mut failures);
        }
    }
    assert!(compared > 0, "no fixtures found under {}", fixtures.display());
    assert!(
        failures.is_empty(),
        "{} failures ({} schemas, {compared} compared with Prisma):\n{}",
        failures.len(),
        schemas.len(),
        failures.join("\n")
    );
}

#[test]
fn realworld_schemas_match_prisma_and_are_idempotent() {
    check_against_fixtures(&Path::new(CORPUS).join("realworld"), &Path::new(FIXTURES).join("realworld"));
}

/// Prisma's validation cases: many malformed schemas, a good test of the catch-all rules and of when
/// the relation additions apply.
#[test]
fn prisma_validation_cases_match_prisma_and_are_idempotent() {
    check_against_fixtures(
        &Path::new(CORPUS).join("prisma-engines/psl/psl/tests/validation"),
        &Path::new(FIXTURES).join("validation"),
    );
}

#[test]
fn own_schema_folder_is_already_formatted() {
    let schema = folder_schema(Path::new(OWN_SCHEMA));
    assert!(!schema.is_empty());
    let out = format_files(&schema);
    let mut failures = Vec::new();
    for ((path, got), (_, file)) in out.iter().zip(schema.iter()) {
        if *got != file.text {
            failures.push(format!("{path}: {}", first_difference(got, &file.text)));
        }
    }
    assert!(failures.is_empty(), "formatting schema/ changed it:\n{}", failures.join("\n"));
}

#[test]
fn edge_cases() {
    // CRLF input: Prisma writes `\n`, except inside lines it prints as they were written.
    assert_eq!(format_text("model A {\r\n  id Int @id\r\n}\r\n"), "model A {\n  id Int @id\n}\n");
    // Empty input and whitespace-only input.
    assert_eq!(format_text(""), "\n");
    assert_eq!(format_text("\n\n\n"), "\n");
    // A single newline at the end, blank lines between blocks kept to one.
    assert_eq!(
        format_text("model A {\n  id Int @id\n}\n\n\n\nmodel B {\n  id Int @id\n}"),
        "model A {\n  id Int @id\n}\n\nmodel B {\n  id Int @id\n}\n"
    );
    // Comments and catch-all lines survive; catch-all lines do not widen the columns.
    assert_eq!(
        format_text("model A {\n  id Int @id // c\n  ?? what\n  longName String\n}\n"),
        "model A {\n  id       Int    @id // c\n  ?? what\n  longName String\n}\n"
    );
    // Enum attributes are written without separator, as Prisma does.
    assert_eq!(format_text("enum E {\n  A @map(\"a\") @x\n}\n"), "enum E {\n  A @map(\"a\")@x\n}\n");
}

#[test]
fn never_panics_on_fragments() {
    let sources = [
        "model",
        "model A {",
        "model A {\n  id Int @relation(\n}",
        "}}}}",
        "/* unterminated",
        "model A { id Int }",
        "datasource db {\n  url =\n}",
        "enum E {\n  A B C\n}\n",
        "model A {\n  b B\n}\nmodel B {\n  a A[] @relation(fields: [x], references: [y])\n}\n",
        "model A {\n  id Int @id\n  b B @relation()\n}\nmodel B {\n  id Int @id\n}\n",
        "\u{feff}model A {\n}\n",
        "model A {\r  id Int\r}\r",
    ];
    for s in sources {
        let once = format_text(s);
        let _ = format_text(&once);
    }
}
