//! What moto fixtures cost: starting a server (once per test binary, or per S3 fixture the
//! pool has no idle server for) and each test's fixture, on the shared server and from the
//! pool, with and without a first call. Interleaved rounds, as `compare.rs`. Needs moto's
//! server (`pip install 'moto[server]'`).
//!
//! ```sh
//! cargo bench --features moto,s3,iam --bench moto   # BENCH_ROUNDS=3 unless set
//! python3 benches/summarize.py target/criterion
//! ```

use std::time::{Duration, Instant};

use aws_stubber::stubbed::moto::{self, MotoServer};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn moto_rounds(c: &mut Criterion) {
    if let Err(e) = moto::server() {
        panic!("the moto benchmarks need moto's server: {e}");
    }
    let rt = runtime();
    for round in 1..=rounds() {
        let mut group = c.benchmark_group(format!("moto_startup/round-{round}"));
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat);
        group.bench_function(
            "server start (per binary; per S3 fixture the pool lacks)",
            |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let started = Instant::now();
                        let server = MotoServer::start().unwrap();
                        total += started.elapsed();
                        drop(server);
                    }
                    total
                })
            },
        );
        group.finish();

        let mut group = c.benchmark_group(format!("moto_per_test/round-{round}"));
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .sample_size(20);
        group.bench_function(
            "IAM fixture, shared server (account, config, client)",
            |b| b.iter(moto::iam),
        );
        group.bench_function("IAM fixture + ListUsers", |b| {
            b.iter(|| {
                let iam = moto::iam();
                rt.block_on(iam.client.list_users().send()).unwrap();
            })
        });
        group.bench_function(
            "S3 fixture, server from the pool (reset, config, client)",
            |b| b.iter(moto::s3),
        );
        group.bench_function("S3 fixture + ListBuckets", |b| {
            b.iter(|| {
                let s3 = moto::s3();
                rt.block_on(s3.client.list_buckets().send()).unwrap();
            })
        });
        group.finish();
    }
}

criterion_group!(benches, moto_rounds);
criterion_main!(benches);
