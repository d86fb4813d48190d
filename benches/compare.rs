//! Per-call cost of stubbing an SDK call, side by side in one run:
//! the floor (a bare HTTP client returning canned bytes), StaticReplayClient,
//! aws-smithy-mocks (typed output and raw HTTP), and aws-stubber (typed output, raw HTTP,
//! synthesized client error, fixture replay); unordered mode at scale beside strict mode;
//! plus queue-depth flatness, fixture loading and client construction. See BENCHMARKS.md.

use std::time::{Duration, Instant};

use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
use aws_sdk_ec2::types::{Instance, Reservation};
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::types::Object;
use aws_smithy_runtime_api::client::http::{
    HttpConnector, HttpConnectorFuture, SharedHttpConnector, http_client_fn,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use aws_stubber::fixture::{Fixture, Interaction};
use aws_stubber::{RawResponse, Stubber, client, op};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn list_xml() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>my-bucket</Name><Prefix>logs/</Prefix><KeyCount>10</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"#,
    );
    for i in 0..10 {
        xml.push_str(&format!(
            "<Contents><Key>logs/{i:04}.gz</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>\"e{i}\"</ETag><Size>{}</Size><StorageClass>STANDARD</StorageClass></Contents>",
            1000 + i
        ));
    }
    xml.push_str("</ListBucketResult>");
    xml
}

const EC2_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><reservationSet><item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId><instancesSet><item><instanceId>i-1</instanceId><imageId>ami-1</imageId><instanceState><code>16</code><name>running</name></instanceState><instanceType>t3.micro</instanceType></item><item><instanceId>i-2</instanceId><imageId>ami-1</imageId><instanceState><code>16</code><name>running</name></instanceState><instanceType>t3.micro</instanceType></item></instancesSet></item></reservationSet></DescribeInstancesResponse>"#;

fn list_output() -> ListObjectsV2Output {
    ListObjectsV2Output::builder()
        .name("my-bucket")
        .prefix("logs/")
        .key_count(10)
        .set_contents(Some(
            (0..10)
                .map(|i| {
                    Object::builder()
                        .key(format!("logs/{i:04}.gz"))
                        .size(1000 + i)
                        .build()
                })
                .collect(),
        ))
        .build()
}

fn describe_output() -> DescribeInstancesOutput {
    DescribeInstancesOutput::builder()
        .reservations(
            Reservation::builder()
                .reservation_id("r-1")
                .instances(Instance::builder().instance_id("i-1").build())
                .instances(Instance::builder().instance_id("i-2").build())
                .build(),
        )
        .build()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The floor: a connector that returns the same canned bytes for every request.
#[derive(Debug, Clone)]
struct Canned {
    body: &'static str,
    content_type: &'static str,
}

impl HttpConnector for Canned {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        let mut response = HttpResponse::new(200.try_into().unwrap(), SdkBody::from(self.body));
        response
            .headers_mut()
            .insert("content-type", self.content_type);
        HttpConnectorFuture::ready(Ok(response))
    }
}

macro_rules! bare_client {
    ($krate:ident, $connector:expr) => {{
        let connector = SharedHttpConnector::new($connector);
        bare_client_with!($krate, http_client_fn(move |_, _| connector.clone()))
    }};
}

/// The same SDK client with the given HTTP client.
macro_rules! bare_client_with {
    ($krate:ident, $http_client:expr) => {{
        $krate::Client::from_conf(
            $krate::Config::builder()
                .behavior_version($krate::config::BehaviorVersion::latest())
                .region($krate::config::Region::new("us-east-1"))
                .credentials_provider($krate::config::Credentials::new(
                    "AKID", "SECRET", None, None, "bench",
                ))
                .retry_config(aws_smithy_types::retry::RetryConfig::disabled())
                .http_client($http_client)
                .build(),
        )
    }};
}

macro_rules! mocks_client {
    ($krate:ident, $rule:expr) => {{
        let interceptor = aws_smithy_mocks::MockResponseInterceptor::new()
            .rule_mode(aws_smithy_mocks::RuleMode::MatchAny)
            .with_rule(&$rule);
        $krate::Client::from_conf(
            $krate::Config::builder()
                .behavior_version($krate::config::BehaviorVersion::latest())
                .region($krate::config::Region::new("us-east-1"))
                .credentials_provider($krate::config::Credentials::new(
                    "AKID", "SECRET", None, None, "bench",
                ))
                .retry_config(aws_smithy_types::retry::RetryConfig::disabled())
                .http_client(aws_smithy_mocks::create_mock_http_client())
                .interceptor(interceptor)
                .build(),
        )
    }};
}

/// Benchmarks `call` (an expression that may `.await`): each sample runs `setup` untimed,
/// then times `iters` calls inside one runtime entry.
macro_rules! bench_calls {
    ($group:expr, $rt:expr, $name:expr, |$iters:ident| { $($setup:tt)* } => $call:expr) => {
        $group.bench_function($name, |b| {
            b.iter_custom(|$iters| {
                $($setup)*
                $rt.block_on(async {
                    let start = Instant::now();
                    for _ in 0..$iters {
                        $call;
                    }
                    start.elapsed()
                })
            })
        })
    };
}

/// How many interleaved rounds the per-call comparisons run (`BENCH_ROUNDS`, 3 unless set):
/// every variant once per round, so that a noisy stretch of the machine hits all of them.
fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
}

/// A group of one round of per-call comparisons, with times short enough for several rounds.
fn round_group<'a>(
    c: &'a mut Criterion,
    name: &str,
    round: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(format!("{name}/round-{round}"));
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(40);
    group
}

/// A RunInstances call with the members a launch usually sets.
async fn run_instances(ec2: &aws_sdk_ec2::Client) {
    use aws_sdk_ec2::types::{InstanceType, ResourceType, Tag, TagSpecification};
    ec2.run_instances()
        .image_id("ami-12c6146b")
        .instance_type(InstanceType::T3Micro)
        .min_count(1)
        .max_count(2)
        .key_name("deploy")
        .security_group_ids("sg-1")
        .subnet_id("subnet-1")
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::Instance)
                .tags(Tag::builder().key("team").value("web").build())
                .tags(Tag::builder().key("stage").value("prod").build())
                .build(),
        )
        .send()
        .await
        .unwrap();
}

const VALIDATION: &str = "aws-stubber request validation alone (one request)";
const OUTPUT_DEBUG: &str = "the queued output's Debug text alone";
const VALIDATION_RUN: &str = "aws-stubber request validation alone (a RunInstances request)";

/// The request validation alone, on the request of the same call as the variants beside it
/// (taken from one stubbed call): the part of "typed output (queue + call)" it costs.
fn bench_validation(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    rt: &tokio::runtime::Runtime,
    (service, operation): (&str, &str),
    name: &str,
    call: impl AsyncFnOnce(&Stubber),
) {
    let stubber = Stubber::new();
    rt.block_on(call(&stubber));
    let request = stubber.calls()[0].requests()[0].clone();
    assert!(
        aws_stubber::internals::request_violations(service, operation, &request).is_empty(),
        "the benchmark's request is valid"
    );
    group.bench_function(name, |b| {
        b.iter(|| aws_stubber::internals::request_violations(service, operation, &request))
    });
}

fn per_call_rounds(c: &mut Criterion) {
    for round in 1..=rounds() {
        s3_list_objects_round(c, round);
        ec2_describe_instances_round(c, round);
        unordered_round(c, round);
    }
}

/// A call that checks its input, in strict mode and in unordered mode with 10, 1,000 and
/// 10,000 other entries of the same operation queued (each expecting another prefix): each
/// iteration queues one entry and makes the call that takes it, so the depth stays. One
/// stubber and client per variant serve all its samples (queueing 10,000 entries is not
/// what is measured), after a first call that resolves what later calls reuse.
fn unordered_round(c: &mut Criterion, round: usize) {
    let rt = runtime();
    let mut group = round_group(c, "unordered_at_scale", round);
    let op = op!(aws_sdk_s3::Client::list_objects_v2);
    let variants = [
        ("strict (queue + call)".to_string(), Stubber::new(), 0),
        (
            "unordered, 10 queued (queue + call)".to_string(),
            Stubber::unordered(),
            10,
        ),
        (
            "unordered, 1000 queued (queue + call)".to_string(),
            Stubber::unordered(),
            1_000,
        ),
        (
            "unordered, 10000 queued (queue + call)".to_string(),
            Stubber::unordered(),
            10_000,
        ),
    ];
    let mut n = 0usize;
    for (name, stubber, depth) in variants {
        stubber.verify_on_drop(false);
        let s3 = client!(aws_sdk_s3, &stubber);
        for i in 0..depth {
            stubber
                .add_response(op, list_output())
                .expect_input(|b| b.bucket("my-bucket").prefix(format!("other-{i}")));
        }
        let queue_and_call = |prefix: String| {
            stubber
                .add_response(op, list_output())
                .expect_input(|i| i.bucket("my-bucket").prefix(&prefix));
            s3.list_objects_v2()
                .bucket("my-bucket")
                .prefix(prefix)
                .send()
        };
        rt.block_on(queue_and_call("first".into())).unwrap();
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        n += 1;
                        queue_and_call(format!("p-{n}")).await.unwrap();
                    }
                    start.elapsed()
                })
            })
        });
        assert_eq!(
            stubber.pending(),
            depth,
            "every call took the entry queued for it"
        );
    }
    group.finish();
}

/// 16 tasks on a multi-threaded runtime share one unordered stubber, one entry per call
/// with an input expectation (16,000 calls in all): the time for all of them.
fn unordered_16_tasks(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("unordered_16_tasks_16000_calls");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let op = op!(aws_sdk_s3::Client::list_objects_v2);
    group.bench_function("all calls", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let stubber = Stubber::unordered();
                let s3 = client!(aws_sdk_s3, &stubber);
                for task in 0..16 {
                    for call in 0..1_000 {
                        stubber.add_response(op, list_output()).expect_input(|i| {
                            i.bucket("my-bucket").prefix(format!("{task}-{call}"))
                        });
                    }
                }
                let start = Instant::now();
                rt.block_on(async {
                    let tasks: Vec<_> = (0..16)
                        .map(|task| {
                            let s3 = s3.clone();
                            tokio::spawn(async move {
                                for call in 0..1_000 {
                                    s3.list_objects_v2()
                                        .bucket("my-bucket")
                                        .prefix(format!("{task}-{call}"))
                                        .send()
                                        .await
                                        .unwrap();
                                }
                            })
                        })
                        .collect();
                    for task in tasks {
                        task.await.unwrap();
                    }
                });
                total += start.elapsed();
                stubber.assert_no_pending_responses();
            }
            total
        })
    });
    group.finish();
}

fn s3_list_objects_round(c: &mut Criterion, round: usize) {
    let rt = runtime();
    let xml: &'static str = Box::leak(list_xml().into_boxed_str());
    let mut group = round_group(c, "s3_list_objects_v2", round);
    macro_rules! list {
        ($client:expr) => {
            $client
                .list_objects_v2()
                .bucket("my-bucket")
                .prefix("logs/")
                .send()
                .await
        };
    }

    let floor = bare_client!(
        aws_sdk_s3,
        Canned {
            body: xml,
            content_type: "application/xml"
        }
    );
    bench_calls!(group, rt, "floor (bare canned HTTP client)", |_iters| {} => list!(floor).unwrap());

    bench_calls!(group, rt, "StaticReplayClient", |iters| {
        let events = (0..iters)
            .map(|_| {
                aws_smithy_http_client::test_util::ReplayEvent::new(
                    http::Request::builder()
                        .uri("https://my-bucket.s3.us-east-1.amazonaws.com/")
                        .body(SdkBody::empty())
                        .unwrap(),
                    http::Response::builder().status(200).body(SdkBody::from(xml)).unwrap(),
                )
            })
            .collect();
        let replay = aws_smithy_http_client::test_util::StaticReplayClient::new(events);
        let s3 = bare_client_with!(aws_sdk_s3, replay);
    } => list!(s3).unwrap());

    let typed_rule = aws_smithy_mocks::mock!(aws_sdk_s3::Client::list_objects_v2)
        .sequence()
        .output(list_output)
        .repeatedly()
        .build();
    let mocks_typed = mocks_client!(aws_sdk_s3, typed_rule);
    bench_calls!(group, rt, "aws-smithy-mocks typed output", |_iters| {} => list!(mocks_typed).unwrap());

    let http_rule = aws_smithy_mocks::mock!(aws_sdk_s3::Client::list_objects_v2)
        .sequence()
        .http_response(move || HttpResponse::new(200.try_into().unwrap(), SdkBody::from(xml)))
        .repeatedly()
        .build();
    let mocks_http = mocks_client!(aws_sdk_s3, http_rule);
    bench_calls!(group, rt, "aws-smithy-mocks raw HTTP", |_iters| {} => list!(mocks_http).unwrap());

    let op = op!(aws_sdk_s3::Client::list_objects_v2);
    bench_calls!(group, rt, "aws-stubber typed output (queue + call)", |_iters| {
        let stubber = Stubber::new();
        let s3 = client!(aws_sdk_s3, &stubber);
    } => {
        stubber.add_response(op, list_output());
        list!(s3).unwrap()
    });
    bench_calls!(group, rt, "aws-stubber raw HTTP (queue + call)", |_iters| {
        let stubber = Stubber::new();
        let s3 = client!(aws_sdk_s3, &stubber);
    } => {
        stubber.add_http_response(op, RawResponse::new(200).header("content-type", "application/xml").body(xml));
        list!(s3).unwrap()
    });
    bench_validation(
        &mut group,
        &rt,
        ("S3", "ListObjectsV2"),
        VALIDATION,
        async |stubber| {
            let s3 = client!(aws_sdk_s3, stubber);
            stubber.add_response(op!(aws_sdk_s3::Client::list_objects_v2), list_output());
            list!(s3).unwrap();
        },
    );
    // What checking a queued output against the models when it is queued would have to read
    // at the least: its Debug text (issue 38 asks for it; the typed path would pay it).
    let output = list_output();
    group.bench_function(OUTPUT_DEBUG, |b| b.iter(|| format!("{output:?}")));
    bench_calls!(group, rt, "aws-stubber client error (queue + call)", |_iters| {
        let stubber = Stubber::new();
        let s3 = client!(aws_sdk_s3, &stubber);
    } => {
        stubber.add_client_error(op, "NoSuchBucket", "The specified bucket does not exist").http_status(404);
        list!(s3).unwrap_err()
    });

    let fixture_path =
        std::env::temp_dir().join(format!("aws-stubber-bench-{}.json", std::process::id()));
    bench_calls!(group, rt, "aws-stubber fixture replay (call)", |iters| {
        list_fixture(xml, iters as usize).write_atomic(&fixture_path).unwrap();
        let stubber = Stubber::new();
        stubber.load_fixture(&fixture_path).unwrap();
        let s3 = client!(aws_sdk_s3, &stubber);
    } => list!(s3).unwrap());
    let _ = std::fs::remove_file(&fixture_path);
    group.finish();
}

fn list_fixture(xml: &str, n: usize) -> Fixture {
    let interaction: Interaction = serde_json::from_value(serde_json::json!({
        "service": "S3",
        "operation": "ListObjectsV2",
        "request": {
            "method": "GET",
            "uri": "https://my-bucket.s3.us-east-1.amazonaws.com/?list-type=2&prefix=logs%2F",
            "headers": {"authorization": "REDACTED"},
            "body": ""
        },
        "response": {"status": 200, "headers": {"content-type": "application/xml"}, "body": xml}
    }))
    .unwrap();
    let mut fixture = Fixture::new();
    fixture.interactions = vec![interaction; n];
    fixture
}

fn ec2_describe_instances_round(c: &mut Criterion, round: usize) {
    let rt = runtime();
    let mut group = round_group(c, "ec2_describe_instances", round);
    macro_rules! describe {
        ($client:expr) => {
            $client
                .describe_instances()
                .instance_ids("i-1")
                .send()
                .await
        };
    }
    let floor = bare_client!(
        aws_sdk_ec2,
        Canned {
            body: EC2_XML,
            content_type: "text/xml"
        }
    );
    bench_calls!(group, rt, "floor (bare canned HTTP client)", |_iters| {} => describe!(floor).unwrap());
    let typed_rule = aws_smithy_mocks::mock!(aws_sdk_ec2::Client::describe_instances)
        .sequence()
        .output(describe_output)
        .repeatedly()
        .build();
    let mocks_typed = mocks_client!(aws_sdk_ec2, typed_rule);
    bench_calls!(group, rt, "aws-smithy-mocks typed output", |_iters| {} => describe!(mocks_typed).unwrap());
    let op = op!(aws_sdk_ec2::Client::describe_instances);
    bench_calls!(group, rt, "aws-stubber typed output (queue + call)", |_iters| {
        let stubber = Stubber::new();
        let ec2 = client!(aws_sdk_ec2, &stubber);
    } => {
        stubber.add_response(op, describe_output());
        describe!(ec2).unwrap()
    });
    bench_calls!(group, rt, "aws-stubber raw HTTP (queue + call)", |_iters| {
        let stubber = Stubber::new();
        let ec2 = client!(aws_sdk_ec2, &stubber);
    } => {
        stubber.add_http_response(op, RawResponse::new(200).header("content-type", "text/xml").body(EC2_XML));
        describe!(ec2).unwrap()
    });
    bench_validation(
        &mut group,
        &rt,
        ("EC2", "DescribeInstances"),
        VALIDATION,
        async |stubber| {
            let ec2 = client!(aws_sdk_ec2, stubber);
            stubber.add_response(
                op!(aws_sdk_ec2::Client::describe_instances),
                describe_output(),
            );
            describe!(ec2).unwrap();
        },
    );
    bench_calls!(group, rt, "aws-stubber typed output, RunInstances (queue + call)", |_iters| {
        let stubber = Stubber::new();
        let ec2 = client!(aws_sdk_ec2, &stubber);
    } => {
        stubber.add_response(
            op!(aws_sdk_ec2::Client::run_instances),
            aws_sdk_ec2::operation::run_instances::RunInstancesOutput::builder().build(),
        );
        run_instances(&ec2).await
    });
    // DescribeInstances has no constraint in the models: its check ends at the table's
    // lookup. RunInstances has many (required counts, enum values, nested tag lists).
    bench_validation(
        &mut group,
        &rt,
        ("EC2", "RunInstances"),
        VALIDATION_RUN,
        async |stubber| {
            let ec2 = client!(aws_sdk_ec2, stubber);
            stubber.add_response(
                op!(aws_sdk_ec2::Client::run_instances),
                aws_sdk_ec2::operation::run_instances::RunInstancesOutput::builder().build(),
            );
            run_instances(&ec2).await;
        },
    );
    bench_calls!(group, rt, "aws-stubber client error (queue + call)", |_iters| {
        let stubber = Stubber::new();
        let ec2 = client!(aws_sdk_ec2, &stubber);
    } => {
        stubber.add_client_error(op, "InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist");
        describe!(ec2).unwrap_err()
    });
    group.finish();
}

fn queue_depth(c: &mut Criterion) {
    let rt = runtime();
    let mut group = c.benchmark_group("queue_depth_typed_output");
    let op = op!(aws_sdk_s3::Client::list_objects_v2);
    for depth in [10usize, 1_000, 100_000] {
        bench_calls!(group, rt, BenchmarkId::from_parameter(depth), |iters| {
            let stubber = Stubber::new();
            stubber.verify_on_drop(false);
            let s3 = client!(aws_sdk_s3, &stubber);
            for _ in 0..(iters as usize + depth) {
                stubber.add_response(op, list_output());
            }
        } => s3.list_objects_v2().bucket("my-bucket").prefix("logs/").send().await.unwrap());
    }
    group.finish();
}

fn fixture_loading(c: &mut Criterion) {
    let xml = list_xml();
    let fixture = list_fixture(&xml, 10_000);
    let path =
        std::env::temp_dir().join(format!("aws-stubber-bench-10k-{}.json", std::process::id()));
    fixture.write_atomic(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut group = c.benchmark_group("fixture_10k_interactions");
    group.sample_size(20);
    group.bench_function("serde_json::Value parse", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(&bytes).unwrap())
    });
    group.bench_function("Fixture::parse (checked)", |b| {
        b.iter(|| Fixture::parse(&path, &bytes).unwrap())
    });
    group.bench_function("Stubber::load_fixture (read, check, queue)", |b| {
        b.iter(|| {
            let stubber = Stubber::new();
            stubber.verify_on_drop(false);
            stubber.load_fixture(&path).unwrap()
        })
    });
    group.finish();
    let _ = std::fs::remove_file(&path);
}

fn client_construction(c: &mut Criterion) {
    let rt = runtime();
    let mut group = c.benchmark_group("client_construction");
    group.bench_function("aws_stubber::client!", |b| {
        let stubber = Stubber::new();
        b.iter(|| client!(aws_sdk_s3, &stubber))
    });
    group.bench_function("Config::builder() + Client::from_conf (floor)", |b| {
        b.iter(|| {
            bare_client!(
                aws_sdk_s3,
                Canned {
                    body: "",
                    content_type: "application/xml"
                }
            )
        })
    });
    group.bench_function(
        "aws_config::defaults().region(..).load() + Client::new",
        |b| {
            b.iter(|| {
                rt.block_on(async {
                    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
                        .region("us-east-1")
                        .load()
                        .await;
                    aws_sdk_s3::Client::new(&config)
                })
            })
        },
    );
    // The default region chain as a user writes it. Instance metadata is switched off:
    // nothing may leave this machine, and an unreachable IMDS would only add its timeout.
    // SAFETY: the benchmarks run on this thread and a current-thread runtime; no other
    // thread reads the environment while it is set.
    unsafe { std::env::set_var("AWS_EC2_METADATA_DISABLED", "true") };
    group.bench_function("aws_config::defaults().load() + Client::new", |b| {
        b.iter(|| {
            rt.block_on(async {
                let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
                    .load()
                    .await;
                aws_sdk_s3::Client::new(&config)
            })
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    per_call_rounds,
    unordered_16_tasks,
    queue_depth,
    fixture_loading,
    client_construction
);
criterion_main!(benches);
