//! DMMF conformance: our `dmmf::to_dmmf` against Prisma's own answers.
//!
//! - every realworld schema with an expected `dmmf.json` (`oracle dmmf`, normalized), the MongoDB example included;
//! - every `query-engine/dmmf/test_files/*.prisma` but the mongodb ones, against the sibling `.json`
//!   (Prisma's raw datamodel) normalized like `oracle/bin/psl-dmmf.mjs` does;
//! - the project's own multi-file schema (`schema/`) against `tests/fixtures/schema.dmmf.json`.

use std::path::{Path, PathBuf};

use schemagen::{validate_schema, SourceFiles};
use serde_json::{json, Map, Value};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every `*.prisma` below `dir`, sorted by path (like the oracle's multi-file loading).
fn load_folder(dir: &Path) -> SourceFiles {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "prisma") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    let mut files = SourceFiles::new();
    for p in paths {
        files.add(p.display().to_string(), read(&p));
    }
    files
}

/// The first differences between two JSON values, as readable lines.
fn diff(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    if out.len() >= 12 {
        return;
    }
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => diff(ev, av, &format!("{path}.{k}"), out),
                    None => out.push(format!("{path}.{k}: missing (expected {})", short(ev))),
                }
            }
            for k in a.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{path}.{k}: unexpected {}", short(&a[k])));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (ev, av)) in e.iter().zip(a.iter()).enumerate() {
                let label =
                    ev.get("name").and_then(Value::as_str).map(|n| format!("[{i}:{n}]")).unwrap_or(format!("[{i}]"));
                diff(ev, av, &format!("{path}{label}"), out);
            }
            if e.len() != a.len() {
                out.push(format!("{path}: expected {} items, got {}", e.len(), a.len()));
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {}, got {}", short(expected), short(actual))),
        _ => {}
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 160 {
        format!("{}...", &s[..s.char_indices().nth(160).map(|(i, _)| i).unwrap_or(s.len())])
    } else {
        s
    }
}

/// Validates, renders and compares; `Err` holds a readable report.
fn check(name: &str, files: &SourceFiles, expected: &Value) -> Result<(), String> {
    let schema = validate_schema(files);
    if !schema.is_valid() {
        let errors: Vec<String> =
            schema.diagnostics.errors.iter().take(5).map(|d| format!("  {} {}", d.code, d.message)).collect();
        return Err(format!("{name}: {} errors\n{}", schema.diagnostics.errors.len(), errors.join("\n")));
    }
    let actual = schemagen::dmmf::to_dmmf(&schema.ir);
    if &actual == expected {
        return Ok(());
    }
    let mut lines = Vec::new();
    diff(expected, &actual, "", &mut lines);
    Err(format!("{name}: DMMF differs\n  {}", lines.join("\n  ")))
}

fn manifest() -> Vec<(String, String)> {
    // (folder name of the expected outputs, local path of the schema)
    let text = read(&Path::new(CORPUS).join("realworld/manifest.tsv"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = header.iter().position(|h| *h == "local_path").expect("local_path column");
    lines
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| l.split('\t').nth(col).map(str::to_string))
        .map(|p| (p.trim_end_matches(".prisma").replace('/', "__"), p))
        .collect()
}

#[test]
fn realworld_dmmf_matches_prisma() {
    let mut failures = Vec::new();
    let mut total = 0;
    for (folder, local_path) in manifest() {
        let expected_path = Path::new(CORPUS).join("expected/realworld").join(&folder).join("dmmf.json");
        if !expected_path.exists() {
            continue;
        }
        total += 1;
        let expected: Value = serde_json::from_str(&read(&expected_path)).unwrap();
        let schema_path = Path::new(CORPUS).join("realworld").join(&local_path);
        let files = SourceFiles::single(local_path.clone(), read(&schema_path));
        if let Err(e) = check(&folder, &files, &expected) {
            failures.push(e);
        }
    }
    println!("realworld dmmf: {}/{} equal", total - failures.len(), total);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---- the oracle's normalization (oracle/bin/psl-dmmf.mjs), for Prisma's raw datamodel ----

const SCALAR_KEYS: [&str; 14] = [
    "name",
    "dbName",
    "type",
    "kind",
    "isList",
    "isRequired",
    "isId",
    "isUnique",
    "isUpdatedAt",
    "isReadOnly",
    "hasDefaultValue",
    "default",
    "nativeType",
    "isGenerated",
];
const REL_KEYS: [&str; 5] =
    ["relationName", "relationFromFields", "relationToFields", "relationOnDelete", "relationOnUpdate"];

fn or_null(v: Option<&Value>) -> Value {
    v.filter(|v| !v.is_null()).cloned().unwrap_or(Value::Null)
}

fn normalize_field(f: &Value) -> Value {
    let mut r = Map::new();
    for k in SCALAR_KEYS {
        r.insert(k.into(), or_null(f.get(k)));
    }
    if f.get("kind").and_then(Value::as_str) == Some("object") {
        for k in REL_KEYS {
            let v = match or_null(f.get(k)) {
                Value::Null if k == "relationFromFields" || k == "relationToFields" => json!([]),
                v => v,
            };
            r.insert(k.into(), v);
        }
    }
    if let Some(d) = f.get("documentation").filter(|d| !d.is_null()) {
        r.insert("documentation".into(), d.clone());
    }
    Value::Object(r)
}

fn normalize(dm: &Value) -> Value {
    let empty = Vec::new();
    let arr = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    let indexes = dm.get("indexes").and_then(Value::as_array).unwrap_or(&empty);
    let models: Vec<Value> = arr(dm.get("models"))
        .iter()
        .map(|m| {
            let name = m.get("name").cloned().unwrap_or(Value::Null);
            let mut o = Map::new();
            o.insert("name".into(), name.clone());
            o.insert("dbName".into(), or_null(m.get("dbName")));
            o.insert("schema".into(), or_null(m.get("schema")));
            o.insert("fields".into(), Value::Array(arr(m.get("fields")).iter().map(normalize_field).collect()));
            o.insert("primaryKey".into(), or_null(m.get("primaryKey")));
            o.insert("uniqueFields".into(), Value::Array(arr(m.get("uniqueFields"))));
            o.insert("uniqueIndexes".into(), Value::Array(arr(m.get("uniqueIndexes"))));
            let own: Vec<Value> = indexes
                .iter()
                .filter(|i| i.get("model") == Some(&name))
                .map(|i| {
                    let mut i = i.as_object().cloned().unwrap_or_default();
                    i.remove("model");
                    Value::Object(i)
                })
                .collect();
            o.insert("indexes".into(), Value::Array(own));
            if let Some(d) = m.get("documentation").filter(|d| !d.is_null()) {
                o.insert("documentation".into(), d.clone());
            }
            Value::Object(o)
        })
        .collect();
    let enums: Vec<Value> = arr(dm.get("enums"))
        .iter()
        .map(|e| {
            let mut o = Map::new();
            o.insert("name".into(), or_null(e.get("name")));
            o.insert("dbName".into(), or_null(e.get("dbName")));
            let values: Vec<Value> = arr(e.get("values"))
                .iter()
                .map(|v| json!({ "name": or_null(v.get("name")), "dbName": or_null(v.get("dbName")) }))
                .collect();
            o.insert("values".into(), Value::Array(values));
            if let Some(d) = e.get("documentation").filter(|d| !d.is_null()) {
                o.insert("documentation".into(), d.clone());
            }
            Value::Object(o)
        })
        .collect();
    json!({ "models": models, "enums": enums, "types": arr(dm.get("types")) })
}

#[test]
fn dmmf_test_files_match_prisma() {
    let dir = Path::new(CORPUS).join("prisma-engines/query-engine/dmmf/test_files");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut failures = Vec::new();
    let mut total = 0;
    for p in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "prisma")) {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if stem.contains("mongodb") {
            continue;
        }
        total += 1;
        let raw: Value = serde_json::from_str(&read(&p.with_extension("json"))).unwrap();
        let expected = normalize(&raw);
        let files = SourceFiles::single(format!("{stem}.prisma"), read(p));
        if let Err(e) = check(&stem, &files, &expected) {
            failures.push(e);
        }
    }
    println!("dmmf test_files: {}/{} equal", total - failures.len(), total);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn project_schema_dmmf_matches_the_oracle() {
    let files = load_folder(&Path::new(ROOT).join("schema"));
    let expected: Value =
        serde_json::from_str(&read(&Path::new(ROOT).join("tests/fixtures/schema.dmmf.json"))).unwrap();
    if let Err(e) = check("schema/", &files, &expected) {
        panic!("{e}");
    }
}

#[test]
fn normalization_matches_the_oracle_on_a_small_case() {
    // A raw field without the optional keys gets them as null; relation defaults are [].
    let raw = json!({
        "models": [{ "name": "A", "fields": [{ "name": "b", "kind": "object", "type": "B" }] }],
        "enums": [], "indexes": []
    });
    let n = normalize(&raw);
    assert_eq!(n["models"][0]["fields"][0]["relationFromFields"], json!([]));
    assert_eq!(n["models"][0]["fields"][0]["isId"], Value::Null);
    assert_eq!(n["types"], json!([]));
}
