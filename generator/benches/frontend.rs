//! Parse + validate speed: civitai's 302-model production schema and synthetic schemas of
//! 100 / 500 / 2,000 models. Run: `cargo bench -p schemagen --bench frontend`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
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
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| {
                let files = SourceFiles::single("schema.prisma", text.as_str());
                let schema = schemagen::validate_schema(&files);
                std::hint::black_box(schema.diagnostics.errors.len())
            })
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
