fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let files = schemagen::SourceFiles::single(path, text);
    let mut d = schemagen::Diagnostics::new();
    let (ast, _) = schemagen::parser::parse_in_parts(&files, &mut d, 1);
    let config = schemagen::config::read_configuration(&ast, &mut d);
    let ir = schemagen::ir::resolve(ast, &config, &mut d);
    std::hint::black_box(&ir);
    std::mem::forget(ir);
}
