//! The `schemagen` binary as a user runs it: exit codes, output formats, file handling, `--help`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_schemagen"));
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&str], cwd: &Path) -> Output {
    bin().args(args).current_dir(cwd).output().expect("run schemagen")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const VALID: &str = "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n";

fn temp_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

#[test]
fn validate_exit_codes() {
    let dir = temp_with(&[("ok.prisma", VALID), ("bad.prisma", "model A {\n  id Int @id\n  ?? nonsense\n}\n")]);
    let ok = run(&["validate", "--schema", "ok.prisma"], dir.path());
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("is valid"));

    let bad = run(&["validate", "--schema", "bad.prisma"], dir.path());
    assert_eq!(bad.status.code(), Some(1));
    let err = text(&bad.stderr);
    assert!(err.contains("bad.prisma:3:3"), "location missing: {err}");
    assert!(err.contains("This line is not a valid field or attribute definition."), "{err}");

    let missing = run(&["validate", "--schema", "nope.prisma"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("schema not found"));

    let usage = run(&["validate", "--bogus"], dir.path());
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn json_diagnostics_have_the_documented_shape() {
    let dir = temp_with(&[("bad.prisma", "model A {\n  id Int @id\n  ?? nonsense\n}\n")]);
    let out = run(&["validate", "--schema", "bad.prisma", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json on stdout");
    assert_eq!(v["valid"], false);
    let d = &v["diagnostics"][0];
    for key in ["severity", "code", "message", "file", "start", "end", "line", "column"] {
        assert!(d.get(key).is_some(), "missing {key} in {d}");
    }
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 3);
    assert_eq!(d["file"], "bad.prisma");
    assert_eq!(d["start"], 25);
}

#[test]
fn diagnostics_name_the_right_file_of_a_multi_file_schema() {
    let dir = temp_with(&[
        ("schema/a.prisma", "datasource db {\n  provider = \"sqlite\"\n}\n"),
        ("schema/sub/b.prisma", "model B {\n  id Int @id\n  ?? x\n}\n"),
    ]);
    let out = run(&["validate", "--schema", "schema", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = v["diagnostics"][0]["file"].as_str().unwrap().replace('\\', "/");
    assert_eq!(file, "schema/sub/b.prisma");
    assert_eq!(v["diagnostics"][0]["line"], 3);
}

#[test]
fn default_schema_location() {
    // ./schema/ first ...
    let dir = temp_with(&[("schema/main.prisma", VALID), ("prisma/schema.prisma", "garbage\n")]);
    assert_eq!(run(&["validate"], dir.path()).status.code(), Some(0));
    // ... then ./prisma/schema.prisma ...
    let dir = temp_with(&[("prisma/schema.prisma", VALID), ("schema.prisma", "garbage\n")]);
    assert_eq!(run(&["validate"], dir.path()).status.code(), Some(0));
    // ... then ./schema.prisma.
    let dir = temp_with(&[("schema.prisma", "garbage\n")]);
    assert_eq!(run(&["validate"], dir.path()).status.code(), Some(1));
    let dir = temp_with(&[]);
    assert_eq!(run(&["validate"], dir.path()).status.code(), Some(2));
}

#[test]
fn no_colour_when_not_a_terminal_or_with_no_color() {
    let dir = temp_with(&[("bad.prisma", "model A {\n  ?? x\n}\n")]);
    let out = run(&["validate", "--schema", "bad.prisma"], dir.path());
    assert!(!text(&out.stderr).contains('\u{1b}'), "ANSI codes in piped output");
    let out = bin()
        .args(["validate", "--schema", "bad.prisma"])
        .env("NO_COLOR", "1")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!text(&out.stderr).contains('\u{1b}'));
}

#[test]
fn format_check_and_write() {
    let messy = "model User {\n  id Int @id\n  email String @unique\n}\n";
    let dir = temp_with(&[("schema/a.prisma", messy), ("schema/b.prisma", VALID)]);
    let check = run(&["format", "--schema", "schema", "--check"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    let listed = text(&check.stdout);
    assert!(listed.contains("a.prisma"), "{listed}");
    assert!(!listed.contains("b.prisma"), "an already formatted file was listed: {listed}");
    // --check writes nothing.
    assert_eq!(std::fs::read_to_string(dir.path().join("schema/a.prisma")).unwrap(), messy);

    let write = run(&["format", "--schema", "schema"], dir.path());
    assert_eq!(write.status.code(), Some(0), "{}", text(&write.stderr));
    let formatted = std::fs::read_to_string(dir.path().join("schema/a.prisma")).unwrap();
    assert_eq!(formatted, "model User {\n  id    Int    @id\n  email String @unique\n}\n");
    assert_eq!(run(&["format", "--schema", "schema", "--check"], dir.path()).status.code(), Some(0));
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("schema"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn the_example_schema_is_valid_and_formatted() {
    let out = run(&["validate", "--schema", "schema"], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(&["format", "--schema", "schema", "--check"], &repo());
    assert_eq!(out.status.code(), Some(0), "schema/ is not formatted: {}", text(&out.stdout));
}

#[test]
fn inspect_dmmf_prints_the_datamodel() {
    let dir = temp_with(&[("schema.prisma", VALID)]);
    let out = run(&["inspect", "--dmmf", "--schema", "schema.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["models"][0]["name"], "User");
    let bad = temp_with(&[("schema.prisma", "model A {\n  ?? x\n}\n")]);
    assert_eq!(run(&["inspect", "--dmmf", "--schema", "schema.prisma"], bad.path()).status.code(), Some(1));
}

#[test]
fn help_texts() {
    // Every command's help, so a changed flag is a reviewed change.
    let commands: &[&[&str]] = &[
        &["--help"],
        &["validate", "--help"],
        &["format", "--help"],
        &["inspect", "--help"],
        &["generate", "--help"],
        &["check", "--help"],
        &["init", "--help"],
        &["migrate", "--help"],
        &["migrate", "diff", "--help"],
        &["migrate", "dev", "--help"],
        &["migrate", "deploy", "--help"],
        &["migrate", "status", "--help"],
    ];
    for &args in commands {
        let out = bin().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let name = format!("help_{}", args.join("_").replace("--", ""));
        insta::assert_snapshot!(name, text(&out.stdout));
    }
}
