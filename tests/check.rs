//! `schemagen check`, the CI drift check: clean on the repository; on a copy of `schema/` and `sdk/`, each kind
//! of drift makes it exit 1 naming the right file and the command that fixes it.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::copy_dir;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn schemagen(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_schemagen")).args(args).current_dir(dir).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A temp copy of the repository's `schema/` and `sdk/`.
fn copy_of_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(ROOT).join("schema"), &tmp.path().join("schema"));
    copy_dir(&Path::new(ROOT).join("sdk"), &tmp.path().join("sdk"));
    tmp
}

fn edit(path: PathBuf, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(&path).unwrap();
    let new = f(text.clone());
    assert_ne!(new, text, "the edit of {} changed nothing", path.display());
    std::fs::write(path, new).unwrap();
}

fn first_migration(dir: &Path, provider: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir.join("sdk/migrations").join(provider))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.remove(0).join("migration.sql")
}

#[test]
fn the_repository_has_no_drift() {
    let (code, out, err) = schemagen(&["check", "--schema", "schema/"], Path::new(ROOT));
    assert_eq!(code, 0, "schemagen check on the repository:\n{out}{err}");
    assert!(out.contains("No drift"), "{out}");
}

#[test]
fn each_kind_of_drift_is_named_with_its_fix() {
    // (edit, expected file (suffix of a finding's `file`), expected kind, expected text in the fix)
    type Edit = fn(&Path);
    let cases: Vec<(&str, Edit, &str, &str, &str)> = vec![
        (
            "add a field",
            |d| {
                edit(d.join("schema/base.prisma"), |t| {
                    t.replacen("  avatarUrl String?\n", "  avatarUrl String?\n  nickname  String?\n", 1)
                })
            },
            "sdk/src/user.rs",
            "differs",
            "schemagen generate",
        ),
        (
            "add a field (migration)",
            |d| {
                edit(d.join("schema/base.prisma"), |t| {
                    t.replacen("  avatarUrl String?\n", "  avatarUrl String?\n  nickname  String?\n", 1)
                })
            },
            "sdk/migrations/sqlite",
            "uncaptured_changes",
            "schemagen migrate dev",
        ),
        (
            "rename a model",
            |d| {
                edit(d.join("schema/base.prisma"), |t| {
                    t.replace("model Label {", "model Tag {").replace("Label[]", "Tag[]")
                })
            },
            "sdk/src/tag.rs",
            "missing",
            "schemagen generate",
        ),
        (
            "rename a model (old file)",
            |d| {
                edit(d.join("schema/base.prisma"), |t| {
                    t.replace("model Label {", "model Tag {").replace("Label[]", "Tag[]")
                })
            },
            "sdk/src/label.rs",
            "stale",
            "schemagen generate",
        ),
        (
            "delete a generated file",
            |d| std::fs::remove_file(d.join("sdk/src/task.rs")).unwrap(),
            "sdk/src/task.rs",
            "missing",
            "schemagen generate",
        ),
        (
            "edit a generated file by hand",
            |d| {
                edit(d.join("sdk/src/user.rs"), |t| {
                    t.replacen("pub struct User {", "pub struct User {\n    pub hand_added: bool,", 1)
                })
            },
            "sdk/src/user.rs",
            "differs",
            "schemagen generate",
        ),
        (
            "a stray file in the generated folder",
            |d| std::fs::write(d.join("sdk/src/notes.rs"), "// my notes\n").unwrap(),
            "sdk/src/notes.rs",
            "stray",
            "rm ",
        ),
        (
            "a schema change without a migration",
            |d| {
                edit(d.join("schema/base.prisma"), |t| {
                    t.replacen(
                        "  @@index([workspaceId])\n  @@map(\"projects\")",
                        "  @@index([workspaceId])\n  @@index([name])\n  @@map(\"projects\")",
                        1,
                    )
                })
            },
            "sdk/migrations/postgresql",
            "uncaptured_changes",
            "schemagen migrate dev",
        ),
        (
            "edit a committed migration",
            |d| edit(first_migration(d, "sqlite"), |t| t + "\n-- edited by hand\n"),
            "migration.sql",
            "edited_migration",
            "git checkout",
        ),
        (
            "a wrong lock file",
            |d| {
                edit(d.join("sdk/migrations/sqlite/migration_lock.toml"), |t| t.replace("\"sqlite\"", "\"postgresql\""))
            },
            "sdk/migrations/sqlite/migration_lock.toml",
            "lock_file",
            "provider = \"sqlite\"",
        ),
    ];
    for (name, apply, file, kind, fix) in cases {
        let tmp = copy_of_repo();
        let dir = tmp.path();
        let (code, out, err) = schemagen(&["check", "--schema", "schema/"], dir);
        assert_eq!(code, 0, "{name}: the copy must be clean first:\n{out}{err}");
        apply(dir);
        let (code, out, err) = schemagen(&["check", "--schema", "schema/", "--format", "json"], dir);
        assert_eq!(code, 1, "{name}: expected drift (exit 1):\n{out}{err}");
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        let findings = doc["findings"].as_array().unwrap();
        let hit = findings.iter().find(|f| {
            f["file"].as_str().unwrap_or_default().ends_with(file)
                && f["kind"] == kind
                && f["fix"].as_str().unwrap_or_default().contains(fix)
        });
        assert!(hit.is_some(), "{name}: no {kind} finding for {file} with fix {fix:?} in:\n{out}");
        // Human output names the file and the fix too.
        let (code, human, _) = schemagen(&["check", "--schema", "schema/"], dir);
        assert_eq!(code, 1);
        assert!(human.contains(file) && human.contains(fix), "{name}:\n{human}");
        println!("{name}: exit 1, {} finding(s), {file} ({kind})", findings.len());
    }
}

#[test]
fn a_hand_edit_shows_a_unified_diff() {
    let tmp = copy_of_repo();
    let dir = tmp.path();
    edit(dir.join("sdk/src/user.rs"), |t| {
        t.replacen("pub struct User {", "pub struct User {\n    pub hand_added: bool,", 1)
    });
    let (code, out, _) = schemagen(&["check", "--schema", "schema/"], dir);
    assert_eq!(code, 1);
    assert!(out.contains("-    pub hand_added: bool,"), "{out}");
    assert!(out.contains("(committed)") && out.contains("(generated)"), "{out}");
}

/// `schemagen init` → `migrate dev` → `generate` → `check` is clean; init never overwrites; the starter schema
/// is valid and formatted (ours and Prisma's formatter agree: `format --check`).
#[test]
fn init_then_dev_generate_check_is_clean() {
    for (provider, folder) in [("sqlite", false), ("postgresql", true)] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let mut args = vec!["init", "--provider", provider];
        if folder {
            args.push("--folder");
        }
        let (code, out, err) = schemagen(&args, dir);
        assert_eq!(code, 0, "{out}{err}");
        let schema = if folder { dir.join("schema/schema.prisma") } else { dir.join("schema.prisma") };
        let before = std::fs::read_to_string(&schema).unwrap();
        assert!(before.contains(&format!("provider = \"{provider}\"")), "{before}");
        let (code, _, err) = schemagen(&args, dir);
        assert_eq!(code, 2, "a second init must refuse: {err}");
        assert!(err.contains("never overwrites"), "{err}");
        assert_eq!(std::fs::read_to_string(&schema).unwrap(), before, "init overwrote the schema");
        for cmd in [&["validate"][..], &["format", "--check"], &["migrate", "dev", "--name", "init"], &["generate"]] {
            let (code, out, err) = schemagen(cmd, dir);
            assert_eq!(code, 0, "{provider}: schemagen {cmd:?}:\n{out}{err}");
        }
        assert!(dir.join("sdk/migrations").join(provider).join("migration_lock.toml").is_file());
        let (code, out, err) = schemagen(&["check"], dir);
        assert_eq!(code, 0, "{provider}: check after init/dev/generate:\n{out}{err}");
    }
}

/// `cargo fmt` must not touch generated code (it would make `check` report drift): every item of the
/// generated `lib.rs` and every module file is marked `#[rustfmt::skip]`.
#[test]
fn rustfmt_leaves_the_generated_crate_alone() {
    let out = Command::new("rustfmt")
        .args(["--check", "--edition", "2021", "sdk/src/lib.rs"])
        .current_dir(ROOT)
        .output()
        .expect("rustfmt (the toolchain's) must be on PATH");
    assert!(
        out.status.success(),
        "rustfmt would reformat the generated crate:\n{}",
        String::from_utf8_lossy(&out.stdout).lines().take(40).collect::<Vec<_>>().join("\n")
    );
}
