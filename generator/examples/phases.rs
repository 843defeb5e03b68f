//! Times each front-end phase on one thread, best of N runs (for profiling, not a benchmark):
//! `cargo run --release --example phases -- FILE [RUNS]`.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their peak, to tell what each phase keeps.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Live allocations, and the bytes their chunks take (glibc: usable size plus an 8-byte header).
static COUNT: AtomicUsize = AtomicUsize::new(0);
static CHUNK: AtomicUsize = AtomicUsize::new(0);
extern "C" {
    fn malloc_usable_size(p: *mut u8) -> usize;
}
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        let p = unsafe { System.alloc(layout) };
        COUNT.fetch_add(1, Relaxed);
        CHUNK.fetch_add(unsafe { malloc_usable_size(p) } + 8, Relaxed);
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        COUNT.fetch_sub(1, Relaxed);
        CHUNK.fetch_sub(unsafe { malloc_usable_size(ptr) } + 8, Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size - layout.size();
        LIVE.fetch_sub(layout.size(), Relaxed);
        PEAK.fetch_max(live, Relaxed);
        CHUNK.fetch_sub(unsafe { malloc_usable_size(ptr) } + 8, Relaxed);
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        CHUNK.fetch_add(unsafe { malloc_usable_size(p) } + 8, Relaxed);
        p
    }
}
#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

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
    {
        // Live bytes after each phase (the source text excluded), on one thread, in the order of
        // `validate_schema`: checks on the AST, then resolution consuming it.
        let base = LIVE.load(Relaxed);
        PEAK.store(base, Relaxed);
        let mut d = schemagen::Diagnostics::new();
        let (ast, _) = schemagen::parser::parse_in_parts(&files, &mut d, 1);
        let after_parse = LIVE.load(Relaxed) - base;
        println!(
            "after parse: {} live allocations, {:.2} MB requested, {:.2} MB in allocator chunks (source included)",
            COUNT.load(Relaxed),
            mb(LIVE.load(Relaxed)),
            mb(CHUNK.load(Relaxed))
        );
        let config = schemagen::config::read_configuration(&ast, &mut d);
        let found = schemagen::validate::checks(&ast, &config, false);
        let peak_checks = PEAK.load(Relaxed) - base;
        PEAK.store(LIVE.load(Relaxed), Relaxed);
        let (ir, later) = schemagen::ir::resolve_with_findings(ast, &config, &mut d);
        let after_resolve = LIVE.load(Relaxed) - base;
        let peak_resolve = PEAK.load(Relaxed) - base;
        schemagen::validate::finish(&ir, found, later, &mut d);
        println!(
            "heap: AST {:.2} MB (peak while checking {:.2} MB), IR {:.2} MB (peak while resolving {:.2} MB) (source {:.2} MB apart)",
            mb(after_parse),
            mb(peak_checks),
            mb(after_resolve),
            mb(peak_resolve),
            mb(files.iter().map(|(_, f)| f.text.len()).sum())
        );
    }
    {
        // The whole front end as `schemagen validate` runs it (two threads on a large schema).
        let base = LIVE.load(Relaxed);
        PEAK.store(base, Relaxed);
        let schema = schemagen::validate_schema(&files);
        println!(
            "validate_schema: peak {:.2} MB, kept {:.2} MB (source apart)",
            mb(PEAK.load(Relaxed) - base),
            mb(LIVE.load(Relaxed) - base)
        );
        drop(schema);
        // Its parse alone (a large file is read in two pieces at once).
        PEAK.store(LIVE.load(Relaxed), Relaxed);
        let ast = schemagen::parser::parse(&files, &mut schemagen::Diagnostics::new());
        println!("parse on two threads: peak {:.2} MB (source apart)", mb(PEAK.load(Relaxed) - base));
        drop(ast);
    }
    for _ in 0..runs {
        let mut d = schemagen::Diagnostics::new();
        let t = Instant::now();
        let (ast, _) = schemagen::parser::parse_in_parts(&files, &mut d, 1);
        record("parse", t.elapsed());
        let t = Instant::now();
        let config = schemagen::config::read_configuration(&ast, &mut d);
        record("config", t.elapsed());
        let t = Instant::now();
        let timings = schemagen::validate::run_timed(&ast, &config, &mut d);
        record("checks", t.elapsed());
        for (name, took) in timings {
            record(name, took);
        }
        let t = Instant::now();
        let ir = schemagen::ir::resolve(ast, &config, &mut d);
        record("resolve (AST dropped on the way)", t.elapsed());
        let t = Instant::now();
        schemagen::ir::validate_relations(&ir, &mut d);
        record("relations", t.elapsed());
        assert!(d.errors.is_empty(), "{:?}", d.errors.first());
        let t = Instant::now();
        drop(ir);
        record("drop", t.elapsed());
    }
    for (name, took) in best {
        println!("{name:>32} {:>8.3} ms", took.as_secs_f64() * 1e3);
    }
}
