//! Parse + validate speed: civitai's 302-model production schema and synthetic schemas of
//! 100 / 500 / 2,000 models, as `validate_schema` runs (two threads for large schemas) and on one
//! thread. Run: `cargo bench -p schemagen --bench frontend`.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use schemagen::SourceFiles;

mod synth;

fn civitai() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/realworld/civitai__civitai/packages/civitai-db-schema/prisma/schema.full.prisma"
    );
    std::fs::read_to_string(path).ok()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse+validate");
    let mut inputs: Vec<(String, String)> = Vec::new();
    if let Some(text) = civitai() {
        inputs.push(("civitai-302".into(), text));
    }
    for n in [100, 500, 2000] {
        inputs.push((format!("synthetic-{n}"), synth::synthetic_schema(n)));
    }
    for (name, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        // What `validate_schema` does: large schemas on two threads (see its docs).
        group.bench_with_input(BenchmarkId::new("auto", name), text, |b, text| {
            let files = SourceFiles::single("schema.prisma", text.as_str());
            // Each result is freed after its timed run, outside the timing: parse + validate is
            // measured, not the release of the AST and IR (the CLI never frees them: the process
            // ends), and each run reuses the memory the run before freed, as a long-running process
            // validating again would. (Keeping a batch of results alive instead measures mostly the
            // page faults of fresh memory: see README, "Speed".)
            b.iter_batched(|| (), |()| schemagen::validate_schema(&files), BatchSize::PerIteration)
        });
        group.bench_with_input(BenchmarkId::new("one-thread", name), text, |b, text| {
            let files = SourceFiles::single("schema.prisma", text.as_str());
            b.iter_batched(|| (), |()| schemagen::validate_schema_on_one_thread(&files), BatchSize::PerIteration)
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
