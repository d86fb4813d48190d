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

/// A raw EC2 call (DescribeVpcs) in `account` on the server at `port`: what a test's first
/// EC2 call makes moto do, without an SDK crate in this benchmark.
fn ec2_call(port: u16, account: &str) {
    use std::io::{Read as _, Write as _};
    let body = "Action=DescribeVpcs&Version=2016-11-15";
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST / HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-type: \
         application/x-www-form-urlencoded\r\nx-moto-account-id: {account}\r\n\
         authorization: AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/ec2/\
         aws4_request, SignedHeaders=host, Signature=0\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// The first EC2 call of a binary, as a test makes it a second after the server started
/// (the other fixtures of the binary being set up meanwhile), with and without the warm-up
/// the shared server does as it starts; and a new account's first EC2 call after that.
fn first_ec2_call(c: &mut Criterion) {
    let pause = Duration::from_secs(1);
    for round in 1..=rounds() {
        let mut group = c.benchmark_group(format!("moto_first_ec2_call/round-{round}"));
        group
            .warm_up_time(Duration::from_millis(1))
            .measurement_time(Duration::from_secs(20))
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat);
        for warm in [false, true] {
            let name = if warm {
                "first EC2 call, 1 s after the start, warm-up at the start"
            } else {
                "first EC2 call, 1 s after the start, no warm-up"
            };
            group.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let server = std::sync::Arc::new(MotoServer::start().unwrap());
                        let warming = warm.then(|| {
                            let server = server.clone();
                            std::thread::spawn(move || server.warm_up())
                        });
                        std::thread::sleep(pause);
                        let asked = Instant::now();
                        ec2_call(server.port(), "111111111111");
                        total += asked.elapsed();
                        if let Some(warming) = warming {
                            warming.join().unwrap();
                        }
                    }
                    total
                })
            });
        }
        group.finish();
    }
    let server = MotoServer::start().unwrap();
    server.warm_up();
    let mut group = c.benchmark_group("moto_first_ec2_call/new-account");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(20);
    let mut next = 200_000_000_000_u64;
    group.bench_function("a new account's first EC2 call (warm server)", |b| {
        b.iter(|| {
            next += 1;
            ec2_call(server.port(), &next.to_string());
        })
    });
    group.finish();
}

criterion_group!(benches, moto_rounds, first_ec2_call);
criterion_main!(benches);
