//! What a service's first use of the compiled-in tables costs now that they are packed: its
//! part of each table inflated (the largest services' parts, and S3's), in interleaved rounds
//! as `compare.rs`. Before the tables were packed this cost nothing (the text was in the
//! binary); the reading of a part that follows is the same as before. See BENCHMARKS.md.
//!
//! ```sh
//! cargo bench --bench tables   # BENCH_ROUNDS=3 unless set
//! ```

use std::time::Duration;

use aws_stubber::internals::inflate_table_part;
use criterion::{Criterion, criterion_group, criterion_main};

fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
}

/// The parts inflated: the largest of each table, and S3's.
const PARTS: &[(&str, &str)] = &[
    ("constraints", "QuickSight"),
    ("constraints", "EC2"),
    ("constraints", "S3"),
    ("errors", "Connect"),
    ("errors", "S3"),
    ("sensitive", "S3"),
    ("pages", "S3"),
];

fn tables(c: &mut Criterion) {
    for round in 1..=rounds() {
        let mut group = c.benchmark_group(format!("tables/round-{round}"));
        group
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        for (table, service) in PARTS {
            let size = inflate_table_part(table, service).expect("a part of the tables");
            group.bench_function(format!("{table} of {service} ({size} bytes)"), |b| {
                b.iter(|| inflate_table_part(table, service))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, tables);
criterion_main!(benches);
