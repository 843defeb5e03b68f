//! Times each front-end phase on one thread, best of N runs (for profiling, not a benchmark):
//! `cargo run --release --example phases -- FILE [RUNS]`.
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: phases FILE [RUNS]");
    let runs: usize = args.next().map_or(20, |n| n.parse().expect("RUNS is a number"));
    let text = std::fs::read_to_string(&path).expect("read schema");
    let files = schemagen::SourceFiles::single(path, text);
    let mut best: Vec<(&'static str, Duration)> = Vec::new();
    let mut record = |name: &'static str, d: Duration| match best.iter_mut().find(|(n, _)| *n == name) {
        Some((_, b)) => *b = (*b).min(d),
        None => best.push((name, d)),
    };
    for _ in 0..runs {
        let mut d = schemagen::Diagnostics::new();
        let t = Instant::now();
        let (ast, _) = schemagen::parser::parse_in_parts(&files, &mut d, 1);
        record("parse", t.elapsed());
        let t = Instant::now();
        let config = schemagen::config::read_configuration(&ast, &mut d);
        record("config", t.elapsed());
        let t = Instant::now();
        let ir = schemagen::ir::resolve(&ast, &config, &mut d);
        record("resolve", t.elapsed());
        let t = Instant::now();
        let timings = schemagen::validate::run_timed(&ast, &config, &ir, &mut d);
        record("checks+relations", t.elapsed());
        for (name, took) in timings {
            record(name, took);
        }
        assert!(d.errors.is_empty(), "{:?}", d.errors.first());
        let t = Instant::now();
        drop((ir, ast));
        record("drop", t.elapsed());
    }
    for (name, took) in best {
        println!("{name:>32} {:>8.3} ms", took.as_secs_f64() * 1e3);
    }
}
