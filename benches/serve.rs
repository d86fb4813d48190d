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

/// The floor under any address on this machine: the same answer's bytes exchanged between a
/// bare HTTP/1.1 client and server (hyper to hyper over loopback, the server on a thread and
/// runtime of its own as the stubber's listener is), with no SDK and no stubber.
fn bare_server() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                stream.set_nodelay(true).unwrap();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(|_request| async {
                        let body = aws_smithy_types::body::SdkBody::from(BODY);
                        Ok::<_, std::convert::Infallible>(
                            hyper::Response::builder()
                                .status(200)
                                .header("content-type", "application/xml")
                                .body(body)
                                .unwrap(),
                        )
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
    });
    addr
}

async fn bare_client(
    addr: std::net::SocketAddr,
) -> hyper::client::conn::http1::SendRequest<aws_smithy_types::body::SdkBody> {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let io = hyper_util::rt::TokioIo::new(stream);
    let (sender, connection) = hyper::client::conn::http1::handshake(io).await.unwrap();
    tokio::spawn(connection);
    sender
}

async fn bare_exchange(
    sender: &mut hyper::client::conn::http1::SendRequest<aws_smithy_types::body::SdkBody>,
) {
    let request = hyper::Request::get("/b?list-type=2")
        .header("host", "127.0.0.1")
        .body(aws_smithy_types::body::SdkBody::empty())
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    let body = aws_smithy_types::byte_stream::ByteStream::new(
        aws_smithy_types::body::SdkBody::from_body_1_x(response.into_body()),
    )
    .collect()
    .await
    .unwrap()
    .into_bytes();
    assert_eq!(body.len(), BODY.len());
}

async fn list(s3: &aws_sdk_s3::Client) {
    let out = s3.list_objects_v2().bucket("b").send().await.unwrap();
    assert_eq!(out.contents().len(), 1);
}

fn serve_rounds(c: &mut Criterion) {
    // The runtime `#[tokio::test]` gives a test: one thread.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for round in 1..=rounds() {
        let mut group = c.benchmark_group(format!("serve/round-{round}"));
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        let bare = bare_server();
        let mut sender = rt.block_on(bare_client(bare));
        group.bench_function(
            "the same answer's bytes, bare HTTP client to bare server (no SDK, no stubber)",
            |b| b.iter(|| rt.block_on(bare_exchange(&mut sender))),
        );
        // The SDK's own share: the same client of an address, answered by the bare server.
        let to_bare = address_client(&format!("http://{bare}"));
        group.bench_function("ListObjectsV2, the SDK's client to the bare server", |b| {
            b.iter(|| rt.block_on(list(&to_bare)))
        });
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
