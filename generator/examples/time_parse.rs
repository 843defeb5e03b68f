fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let pairs = schemagen::parser::parse_tree(&text).unwrap();
        let n = pairs.flatten().count();
        let t1 = t.elapsed();
        let files = schemagen::SourceFiles::single("s", text.clone());
        let t = std::time::Instant::now();
        let s = schemagen::validate_schema(&files);
        println!("pest {:?} ({n} pairs), validate_schema {:?} errors={}", t1, t.elapsed(), s.diagnostics.errors.len());
    }
}
