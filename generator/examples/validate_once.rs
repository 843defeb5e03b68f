//! Validates a schema once (for profilers): `validate_once FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: validate_once FILE");
    let text = std::fs::read_to_string(&path).expect("read schema");
    let files = schemagen::SourceFiles::single(path, text);
    let schema = schemagen::validate_schema(&files);
    println!("errors={} warnings={}", schema.diagnostics.errors.len(), schema.diagnostics.warnings.len());
}
