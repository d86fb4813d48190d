//! What an address costs: one S3 call answered in process beside the same call answered by
//! the same stubber at an address (the client's HTTP stack, a loopback connection and the
//! server's parsing on top), and the time from `serve()` to a listening address, in
//! interleaved rounds as `compare.rs`. See BENCHMARKS.md.
//!
//! ```sh
//! cargo bench --features s3,serve,record --bench serve   # BENCH_ROUNDS=3 unless set
//! python3 benches/summarize.py target/criterion
//! ```

use std::time::Duration;

use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::types::Object;
use aws_stubber::{RawResponse, Stubber, client, op};
use criterion::{Criterion, criterion_group, criterion_main};

fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
}

const BODY: &str = "<ListBucketResult><Name>b</Name><KeyCount>1</KeyCount>\
    <Contents><Key>logs/1</Key><Size>3</Size></Contents></ListBucketResult>";

/// One entry that answers every call (an unordered stubber lets it): the raw answer, or the
/// same output typed (written on the wire at an address).
fn queue(stubber: &Stubber, typed: bool) {
    let op = op!(aws_sdk_s3::Client::list_objects_v2);
    if typed {
        let output = ListObjectsV2Output::builder()
            .name("b")
            .key_count(1)
            .contents(Object::builder().key("logs/1").size(3).build())
            .build();
        stubber.add_response(op, output).repeatedly();
    } else {
        stubber
            .add_http_response(op, RawResponse::new(200).body(BODY))
            .repeatedly();
    }
}

/// A client of the address, as code that builds its own would make it (a plain HTTP client,
/// the endpoint, dummy credentials; the HTTP client is the `record` feature's).
fn address_client(url: &str) -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(url)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "secret", None, None, "bench"))
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

async fn list(s3: &aws_sdk_s3::Client) {
    let out = s3.list_objects_v2().bucket("b").send().await.unwrap();
    assert_eq!(out.contents().len(), 1);
}

fn serve_rounds(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    for round in 1..=rounds() {
        let mut group = c.benchmark_group(format!("serve/round-{round}"));
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        for kind in ["raw", "typed"] {
            // A stubber of each variant's own, new each round: a stubber keeps every call in
            // its history, and a long one slows the calls after it.
            let fresh = || {
                let stubber = Stubber::unordered();
                stubber.verify_on_drop(false);
                queue(&stubber, kind == "typed");
                stubber
            };
            let in_process = fresh();
            let local = client!(aws_sdk_s3, &in_process);
            group.bench_function(format!("ListObjectsV2, {kind} answer, in process"), |b| {
                b.iter(|| rt.block_on(list(&local)))
            });
            let served = fresh().serve();
            let remote = address_client(&served.url());
            group.bench_function(
                format!("ListObjectsV2, {kind} answer, at an address"),
                |b| b.iter(|| rt.block_on(list(&remote))),
            );
        }
        group.bench_function("serve() until listening, then dropped", |b| {
            b.iter(|| {
                let stubber = Stubber::new();
                drop(stubber.serve());
            })
        });
        group.finish();
    }
}

criterion_group!(benches, serve_rounds);
criterion_main!(benches);
