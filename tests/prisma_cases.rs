//! Small schemas of ours (`tests/fixtures/prisma-cases/*.prisma`), each with Prisma's verdict beside
//! it (`NAME.expected.json`, the output of `oracle validate tests/fixtures/prisma-cases/NAME.prisma`
//! run from the repository root). They cover what Prisma's own validation suite does not: the escapes
//! of string literals, and the order of errors when several passes report (names, types, the
//! configuration, relation checks). We must report the same errors, in the same order, with the same
//! spans, on one thread and with the validations beside resolution.

use std::path::Path;

use schemagen::{validate_schema_concurrently, validate_schema_on_one_thread, SourceFiles, ValidatedSchema};
use serde_json::Value;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const DIR: &str = "tests/fixtures/prisma-cases";

/// (message, line, start, end) of every error; offsets in characters, as the oracle gives them (it
/// runs Prisma in JavaScript, whose string offsets count characters where ours count bytes).
type Errors = Vec<(String, usize, usize, usize)>;

fn ours(files: &SourceFiles, text: &str, schema: &ValidatedSchema) -> Errors {
    let chars = |byte: usize| text.get(..byte).map_or(byte, |t| t.chars().count());
    schema
        .diagnostics
        .errors
        .iter()
        .map(|d| {
            let (line, _) = files.line_col(d.span.file(), d.span.start());
            (d.message.clone(), line, chars(d.span.start()), chars(d.span.end()))
        })
        .collect()
}

fn prismas(expected: &Value) -> Errors {
    expected["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            let n = |k: &str| e[k].as_u64().expect(k) as usize;
            (e["message"].as_str().expect("message").to_string(), n("startLine"), n("start"), n("end"))
        })
        .collect()
}

#[test]
fn small_cases_match_prisma() {
    let dir = Path::new(ROOT).join(DIR);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".prisma").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 69, "fixtures missing: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(format!("{name}.prisma"))).expect("schema");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).expect("expected"),
        )
        .expect("expected json");
        let files = SourceFiles::single(format!("{DIR}/{name}.prisma"), text.as_str());
        let wanted = prismas(&expected);
        assert_eq!(expected["ok"].as_bool(), Some(wanted.is_empty()), "{name}: expected file inconsistent");
        for (how, schema) in [
            ("one thread", validate_schema_on_one_thread(&files)),
            ("two threads", validate_schema_concurrently(&files)),
        ] {
            let got = ours(&files, &text, &schema);
            if got != wanted {
                failures.push(format!("{name} ({how}):\n  Prisma: {wanted:#?}\n  ours:   {got:#?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} case(s) differ from Prisma:\n{}", failures.len(), failures.join("\n"));
}
