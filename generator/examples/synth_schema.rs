//! Prints a synthetic schema: `cargo run --example synth_schema -- 2000 > /tmp/s2000.prisma`.

#[path = "../benches/synth.rs"]
mod synth;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    print!("{}", synth::synthetic_schema(n));
}
