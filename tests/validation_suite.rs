//! Prisma's own validation suite (prisma-engines `psl/psl/tests/validation/**.prisma`), run through
//! `schemagen::validate_schema` and compared with the diagnostics Prisma renders for each file.
//!
//! Metrics (MongoDB-only cases are skipped):
//! * verdict: we report at least one error iff Prisma does (target 100%);
//! * first error: our first error has Prisma's message and line (target >= 95% of the cases that
//!   expect errors);
//! * all errors / warnings: the whole list matches (message + line, in order); informative.
//!
//! Set `SUITE_FILTER=substring` to run a subset, `SUITE_VERBOSE=1` to print every diagnostic of every
//! mismatching case.

use schemagen::{validate_schema, SourceFiles};
use std::path::{Path, PathBuf};

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/prisma-engines")
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    message: String,
    line: usize,
}

/// The diagnostics a case expects: (warnings, errors).
fn expected_diagnostics(text: &str) -> (Vec<Expected>, Vec<Expected>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut start = lines.len();
    while start > 1 && lines[start - 1].starts_with("//") {
        start -= 1;
    }
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for raw in &lines[start..] {
        let line = raw.strip_prefix("// ").or_else(|| raw.strip_prefix("//")).unwrap_or(raw);
        let line = strip_ansi(line);
        if let Some(m) = line.strip_prefix("error: ") {
            current = Some((true, m.trim().to_string()));
        } else if let Some(m) = line.strip_prefix("warning: ") {
            current = Some((false, m.trim().to_string()));
        } else if let Some(rest) = line.trim_start().strip_prefix("-->") {
            if let Some((is_error, message)) = current.take() {
                let n = rest.trim().rsplit(':').next().and_then(|n| n.parse().ok()).unwrap_or(0);
                let e = Expected { message, line: n };
                if is_error {
                    errors.push(e)
                } else {
                    warnings.push(e)
                }
            }
        }
    }
    (warnings, errors)
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

fn show(list: &[Expected]) -> String {
    if list.is_empty() {
        return "      (none)\n".to_string();
    }
    list.iter().map(|e| format!("      {}: {}\n", e.line, e.message)).collect()
}

#[test]
fn prisma_validation_suite() {
    let root = corpus_root();
    let manifest = std::fs::read_to_string(root.join("manifest.tsv")).expect("manifest.tsv of the corpus");
    let filter = std::env::var("SUITE_FILTER").ok();
    let verbose = std::env::var("SUITE_VERBOSE").is_ok();

    let (mut total, mut skipped) = (0usize, 0usize);
    let (mut verdict_ok, mut expecting_errors, mut first_ok, mut all_ok, mut warnings_ok) = (0, 0, 0, 0, 0);
    let mut report = String::new();

    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (Some(path), Some(provider)) = (cols.first(), cols.get(1)) else { continue };
        if let Some(f) = &filter {
            if !path.contains(f.as_str()) {
                continue;
            }
        }
        if *provider == "mongodb" {
            skipped += 1;
            continue;
        }
        total += 1;
        let text = std::fs::read_to_string(root.join(path)).expect("corpus file");
        let (exp_warnings, exp_errors) = expected_diagnostics(&text);

        let files = SourceFiles::single("schema.prisma", text.as_str());
        let result = validate_schema(&files);
        let to_list = |ds: &[schemagen::Diagnostic]| -> Vec<Expected> {
            ds.iter()
                .map(|d| Expected {
                    message: d.message.lines().next().unwrap_or("").trim().to_string(),
                    line: files.line_col(d.span.file(), d.span.start()).0,
                })
                .collect()
        };
        let got_errors = to_list(&result.diagnostics.errors);
        let got_warnings = to_list(&result.diagnostics.warnings);

        let verdict = exp_errors.is_empty() == got_errors.is_empty();
        let first = match (exp_errors.first(), got_errors.first()) {
            (Some(e), Some(g)) => Some(e == g),
            (Some(_), None) => Some(false),
            _ => None,
        };
        let all = exp_errors == got_errors;
        let warns = exp_warnings == got_warnings;
        verdict_ok += verdict as usize;
        if let Some(f) = first {
            expecting_errors += 1;
            first_ok += f as usize;
        }
        all_ok += all as usize;
        warnings_ok += warns as usize;

        if !verdict || first == Some(false) || !all || !warns || verbose {
            let mut tags = Vec::new();
            if !verdict {
                tags.push("VERDICT");
            }
            if first == Some(false) {
                tags.push("FIRST");
            }
            if !all {
                tags.push("errors");
            }
            if !warns {
                tags.push("warnings");
            }
            let short = path.trim_start_matches("psl/psl/tests/validation/");
            report.push_str(&format!("--- {short} [{provider}] {}\n", tags.join(" ")));
            if !all || verbose {
                report.push_str(&format!(
                    "    expected errors:\n{}    got errors:\n{}",
                    show(&exp_errors),
                    show(&got_errors)
                ));
            }
            if !warns || verbose {
                report.push_str(&format!(
                    "    expected warnings:\n{}    got warnings:\n{}",
                    show(&exp_warnings),
                    show(&got_warnings)
                ));
            }
        }
    }

    let pct = |n: usize, d: usize| if d == 0 { 100.0 } else { n as f64 * 100.0 / d as f64 };
    println!("{report}");
    println!("cases: {total} run, {skipped} skipped (mongodb)");
    println!("verdict match:      {verdict_ok}/{total} ({:.1}%)", pct(verdict_ok, total));
    println!("first error match:  {first_ok}/{expecting_errors} ({:.1}%)", pct(first_ok, expecting_errors));
    println!("all errors match:   {all_ok}/{total} ({:.1}%)", pct(all_ok, total));
    println!("warnings match:     {warnings_ok}/{total} ({:.1}%)", pct(warnings_ok, total));

    if filter.is_none() {
        assert_eq!(verdict_ok, total, "verdict must match on every case");
        assert!(pct(first_ok, expecting_errors) >= 95.0, "first error must match on >= 95% of the error cases");
    }
}

#[test]
fn expected_block_is_read() {
    let text = "model A {\n  id Int @id\n}\n// \u{1b}[1;91merror\u{1b}[0m: \u{1b}[1mBoom\u{1b}[0m\n//   \u{1b}[1;94m-->\u{1b}[0m  \u{1b}[4mschema.prisma:2\u{1b}[0m\n// \u{1b}[1;94m   | \u{1b}[0m\n";
    let (w, e) = expected_diagnostics(text);
    assert!(w.is_empty());
    assert_eq!(e, vec![Expected { message: "Boom".into(), line: 2 }]);
}

/// The realworld corpus: every schema was accepted by the Prisma version its project used. Our
/// configuration reading and validations (codes E05xx-E08xx) must not reject any of them; warnings
/// (removed `metrics`, deprecated `referentialIntegrity`) are fine.
#[test]
fn realworld_schemas_pass_validations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/realworld");
    let manifest = std::fs::read_to_string(root.join("manifest.tsv")).expect("realworld manifest");
    let header: Vec<&str> = manifest.lines().next().unwrap_or("").split('\t').collect();
    let col = header.iter().position(|h| *h == "local_path").expect("local_path column");
    let mut failures = Vec::new();
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let Some(path) = cols.get(col) else { continue };
        let text = std::fs::read_to_string(root.join(path)).expect("realworld schema");
        let files = SourceFiles::single("schema.prisma", text.as_str());
        let result = validate_schema(&files);
        for d in result.diagnostics.iter() {
            let (line, _) = files.line_col(d.span.file(), d.span.start());
            println!("{path}:{line}: {:?} [{}] {}", d.severity, d.code, d.message);
        }
        for d in &result.diagnostics.errors {
            let ours = d.code.get(1..).and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| (500..900).contains(&n));
            if ours {
                failures.push(format!("{path}: [{}] {}", d.code, d.message));
            }
        }
    }
    assert!(failures.is_empty(), "validation errors on realworld schemas:\n{}", failures.join("\n"));
}

/// Large schemas are read and validated on two threads: the result must be the one-thread result
/// (same AST, same diagnostics in the same order) on every case of Prisma's suite (most fail a
/// validation, some fail to resolve) and on the realworld schemas.
#[test]
fn two_threads_give_what_one_thread_gives() {
    let root = corpus_root();
    let manifest = std::fs::read_to_string(root.join("manifest.tsv")).expect("manifest.tsv of the corpus");
    let realworld = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/realworld");
    let mut paths: Vec<PathBuf> =
        manifest.lines().skip(1).filter_map(|row| row.split('\t').next()).map(|p| root.join(p)).collect();
    let rw = std::fs::read_to_string(realworld.join("manifest.tsv")).expect("realworld manifest");
    let col = rw.lines().next().unwrap_or("").split('\t').position(|h| h == "local_path").expect("local_path");
    paths.extend(rw.lines().skip(1).filter_map(|row| row.split('\t').nth(col)).map(|p| realworld.join(p)));
    let (mut compared, mut validator_errors, mut resolve_errors) = (0, 0, 0);
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("corpus file");
        let files = SourceFiles::single("schema.prisma", text.as_str());
        let one = schemagen::validate_schema_on_one_thread(&files);
        let two = schemagen::validate_schema_concurrently(&files);
        assert_eq!(one.diagnostics, two.diagnostics, "{}", path.display());
        assert_eq!(format!("{:?}", one.ir), format!("{:?}", two.ir), "{}", path.display());
        compared += 1;
        let validator = |d: &schemagen::Diagnostic| {
            d.code.get(1..).and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| (500..900).contains(&n))
        };
        if one.diagnostics.errors.iter().any(validator) {
            validator_errors += 1;
        } else if one.diagnostics.has_errors() {
            resolve_errors += 1;
        }
    }
    println!("two threads = one thread on {compared} schemas ({validator_errors} failing a validation, {resolve_errors} failing earlier)");
    assert!(compared > 200 && validator_errors > 50 && resolve_errors > 20, "too few cases of each kind");
}

/// Timing of configuration reading and validations on a synthetic 2,000-model schema
/// (`cargo test --release --test validation_suite -- --ignored --nocapture`).
#[test]
#[ignore]
fn validation_speed_2000_models() {
    let mut text = String::from("datasource db {\n  provider = \"postgresql\"\n}\n");
    for i in 0..2000 {
        let j = (i + 1) % 2000;
        let k = (i + 1999) % 2000;
        text.push_str(&format!(
            "model M{i} {{\n  id Int @id @default(autoincrement())\n  name String @db.VarChar(255)\n  email String @unique\n  other M{j}? @relation(\"r{i}\", fields: [otherId], references: [id], onDelete: Cascade)\n  otherId Int?\n  back M{k}[] @relation(\"r{k}\")\n  tags String[]\n  @@index([name, email])\n  @@map(\"m_{i}\")\n}}\n"
        ));
    }
    let files = SourceFiles::single("schema.prisma", text.as_str());
    let mut d = schemagen::Diagnostics::new();
    let t = std::time::Instant::now();
    let ast = schemagen::parser::parse(&files, &mut d);
    let t_parse = t.elapsed();
    let t = std::time::Instant::now();
    let config = schemagen::config::read_configuration(&ast, &mut d);
    let t_config = t.elapsed();
    let t = std::time::Instant::now();
    let timings = schemagen::validate::run_timed(&ast, &config, &mut d);
    let t_validate = t.elapsed();
    let t = std::time::Instant::now();
    let ir = schemagen::ir::resolve(ast, &config, &mut d);
    let t_ir = t.elapsed();
    schemagen::ir::validate_relations(&ir, &mut d);
    println!("{timings:?}");
    println!(
        "parse {t_parse:?}, config {t_config:?}, resolve {t_ir:?}, validate {t_validate:?}; {} errors",
        d.errors.len()
    );
    assert!(d.errors.is_empty(), "{:?}", d.errors.first());
}
