fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let files = schemagen::SourceFiles::single(path.clone(), text);
        let mut d = schemagen::Diagnostics::new();
        let ast = schemagen::parser::parse(&files, &mut d);
        println!("{path}: tops={} errors={}", ast.tops.len(), d.errors.len());
        for e in &d.errors { println!("   {} @{:?}", e.message, files.line_col(e.span.file, e.span.start)); }
    }
}
