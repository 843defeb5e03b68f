//! The README cannot go stale: every `schemagen …` command in its shell blocks runs (on a copy of `schema/` and
//! `sdk/`) with exit 0, and every `cargo …` command it mentions (in shell blocks or inline) names packages,
//! tests, benches and examples that exist. The two main commands themselves are run verbatim by `.ci/run`, and
//! the README's Rust example is a doc test of `examples/saas`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

mod common;
use common::copy_dir;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn readme() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap()
}

/// Commands of the ```sh blocks, `&&` chains split.
fn shell_commands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_sh = !in_sh && line.trim() == "```sh";
            continue;
        }
        if in_sh && !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            out.extend(line.split("&&").map(|c| c.trim().to_string()));
        }
    }
    out
}

/// `cargo …` commands quoted inline (`` `cargo test …` ``).
fn inline_cargo_commands(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).filter(|s| s.starts_with("cargo ")).map(str::to_string).collect()
}

fn workspace_packages() -> BTreeSet<String> {
    let meta = Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .current_dir(ROOT)
        .output()
        .unwrap();
    assert!(meta.status.success(), "{}", String::from_utf8_lossy(&meta.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&meta.stdout).unwrap();
    doc["packages"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_string()).collect()
}

/// The targets (`test`, `bench`, `example`, `bin`) of every workspace package.
fn workspace_targets() -> BTreeSet<(String, String)> {
    let meta = Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .current_dir(ROOT)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&meta.stdout).unwrap();
    let mut out = BTreeSet::new();
    for p in doc["packages"].as_array().unwrap() {
        for t in p["targets"].as_array().unwrap() {
            for kind in t["kind"].as_array().unwrap() {
                out.insert((kind.as_str().unwrap().to_string(), t["name"].as_str().unwrap().to_string()));
            }
        }
    }
    out
}

fn check_cargo_command(cmd: &str, packages: &BTreeSet<String>, targets: &BTreeSet<(String, String)>) {
    let words: Vec<&str> = cmd.split_whitespace().collect();
    let sub = words.get(1).copied().unwrap_or_default();
    assert!(["run", "test", "bench", "build", "clippy"].contains(&sub), "unexpected cargo command in README: {cmd}");
    for pair in words.windows(2) {
        match pair[0] {
            "-p" => assert!(packages.contains(pair[1]), "README: `{cmd}`: no package {}", pair[1]),
            "--test" => {
                assert!(targets.contains(&("test".into(), pair[1].into())), "README: `{cmd}`: no test {}", pair[1])
            }
            "--bench" => {
                assert!(targets.contains(&("bench".into(), pair[1].into())), "README: `{cmd}`: no bench {}", pair[1])
            }
            "--example" => assert!(
                targets.contains(&("example".into(), pair[1].into())),
                "README: `{cmd}`: no example {}",
                pair[1]
            ),
            _ => {}
        }
    }
}

#[test]
fn readme_commands_work() {
    let text = readme();
    let shell = shell_commands(&text);
    assert!(shell.len() >= 3, "README lost its shell blocks: {shell:?}");
    assert_eq!(
        &shell[..3],
        [
            "cargo run --release -p schemagen -- generate --schema schema/",
            "cargo run --release -p schemagen-example",
            "cargo test --workspace --release"
        ],
        "the README's two commands changed: update .ci/run and this test together"
    );
    let packages = workspace_packages();
    let targets = workspace_targets();
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(ROOT).join("schema"), &tmp.path().join("schema"));
    copy_dir(&Path::new(ROOT).join("sdk"), &tmp.path().join("sdk"));
    let (mut ran, mut checked) = (0, 0);
    for cmd in &shell {
        if let Some(args) = cmd.strip_prefix("schemagen ") {
            let out = Command::new(env!("CARGO_BIN_EXE_schemagen"))
                .args(args.split_whitespace())
                .current_dir(tmp.path())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "README command `{cmd}` failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        } else if cmd.starts_with("cargo ") {
            check_cargo_command(cmd, &packages, &targets);
            checked += 1;
        }
    }
    for cmd in inline_cargo_commands(&text) {
        check_cargo_command(&cmd, &packages, &targets);
        checked += 1;
    }
    println!("README: {ran} schemagen commands run, {checked} cargo commands checked against the workspace");
}
