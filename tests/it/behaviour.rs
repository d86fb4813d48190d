//! Retries, paginators, waiters, unordered mode, transport faults and call history.

use std::time::Duration;

use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::types::Object;
use aws_stubber::sdk::retries;
use aws_stubber::{ANY, Fault, RawResponse, Stubber, client, op};

fn page(keys: &[&str], next: Option<&str>) -> ListObjectsV2Output {
    ListObjectsV2Output::builder()
        .set_contents(Some(
            keys.iter()
                .map(|k| Object::builder().key(*k).build())
                .collect(),
        ))
        .is_truncated(next.is_some())
        .set_next_continuation_token(next.map(str::to_string))
        .build()
}

#[tokio::test]
async fn each_retry_attempt_takes_the_next_entry_without_sleeping() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber, |c| c
        .retry_config(retries(3).with_initial_backoff(Duration::from_secs(30))));
    let list_buckets = op!(aws_sdk_s3::Client::list_buckets);
    stubber
        .add_client_error(list_buckets, "ServiceUnavailable", "slow down")
        .http_status(503);
    stubber
        .add_client_error(list_buckets, "ServiceUnavailable", "slow down")
        .http_status(503);
    stubber.add_response(list_buckets, ListBucketsOutput::builder().build());
    let started = std::time::Instant::now();
    s3.list_buckets()
        .send()
        .await
        .expect("third attempt succeeds");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a 30 s backoff must not be slept"
    );
    let calls = stubber.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].requests().len(), 3, "three attempts");
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn retries_are_off_by_default() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_client_error(
            op!(aws_sdk_s3::Client::list_buckets),
            "InternalError",
            "oops",
        )
        .http_status(500);
    let err = s3.list_buckets().send().await.unwrap_err();
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 500);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn transport_faults_are_retried_like_real_ones() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber, |c| c.retry_config(retries(3)));
    let list_buckets = op!(aws_sdk_s3::Client::list_buckets);
    stubber.add_fault(list_buckets, Fault::Timeout);
    stubber.add_fault(list_buckets, Fault::ConnectionReset);
    stubber.add_response(list_buckets, ListBucketsOutput::builder().build());
    s3.list_buckets().send().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_fault_without_retries_is_a_dispatch_failure() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_fault(
        op!(aws_sdk_s3::Client::list_buckets),
        Fault::ConnectionRefused,
    );
    let err = s3.list_buckets().send().await.unwrap_err();
    match &err {
        aws_sdk_s3::error::SdkError::DispatchFailure(d) => assert!(d.is_io(), "{d:?}"),
        other => panic!("expected a dispatch failure, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_delay_longer_than_the_timeout_times_out() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber, |c| c.timeout_config(
        aws_smithy_types::timeout::TimeoutConfig::builder()
            .operation_timeout(Duration::from_secs(2))
            .build()
    ));
    let list_buckets = op!(aws_sdk_s3::Client::list_buckets);
    stubber
        .add_response(list_buckets, ListBucketsOutput::builder().build())
        .delay(Duration::from_secs(10));
    stubber
        .add_response(list_buckets, ListBucketsOutput::builder().build())
        .delay(Duration::from_secs(1));
    let err = s3.list_buckets().send().await.unwrap_err();
    assert!(
        matches!(err, aws_sdk_s3::error::SdkError::TimeoutError(_)),
        "{err:?}"
    );
    s3.list_buckets()
        .send()
        .await
        .expect("a 1 s delay is within the 2 s timeout");
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn paginator_takes_one_entry_per_page_with_tokens_checked() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    stubber
        .add_response(list, page(&["a", "b"], Some("t1")))
        .expect_input(|i| i.bucket("b").prefix("p/"));
    stubber
        .add_response(list, page(&["c"], Some("t2")))
        .expect_input(|i| i.bucket("b").continuation_token("t1"));
    stubber
        .add_response(list, page(&["d"], None))
        .expect_input(|i| i.bucket("b").continuation_token("t2"));
    let keys: Vec<String> = s3
        .list_objects_v2()
        .bucket("b")
        .prefix("p/")
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap()
        .into_iter()
        .flat_map(|page| page.contents.unwrap_or_default())
        .filter_map(|o| o.key)
        .collect();
    assert_eq!(keys, ["a", "b", "c", "d"]);
    stubber.assert_no_pending_responses();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unordered_mode_serves_concurrent_tasks_by_input() {
    let stubber = Stubber::unordered();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    for n in 0..20 {
        stubber
            .add_response(list, page(&[&format!("key-{n}")], None))
            .expect_input(move |i| i.bucket(format!("bucket-{n}")));
    }
    let tasks: Vec<_> = (0..20)
        .rev()
        .map(|n| {
            let s3 = s3.clone();
            tokio::spawn(async move {
                let out = s3
                    .list_objects_v2()
                    .bucket(format!("bucket-{n}"))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(out.contents()[0].key(), Some(format!("key-{n}").as_str()));
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    stubber.assert_called_times(list, 20);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn unordered_mode_still_fails_extra_calls_and_mismatches() {
    let stubber = Stubber::unordered();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(op!(aws_sdk_s3::Client::list_objects_v2), page(&[], None))
        .expect_input(|i| i.bucket("right"));
    let err = s3
        .list_objects_v2()
        .bucket("wrong")
        .send()
        .await
        .unwrap_err();
    let message = aws_stubber::StubError::find(&err)
        .unwrap()
        .message()
        .to_string();
    assert!(
        message.starts_with("aws-stubber: call #1 to S3 ListObjectsV2 matches none of the 1 queued entries (unordered mode); the closest, queue entry #1 ListObjectsV2"),
        "{message}"
    );
    assert!(
        message.contains("-     bucket: Some(\"right\"),\n+     bucket: Some(\"wrong\"),"),
        "{message}"
    );
    let err = s3.list_buckets().send().await.unwrap_err();
    let message = aws_stubber::StubError::find(&err)
        .unwrap()
        .message()
        .to_string();
    assert!(
        message.contains("none is for ListBuckets. Queued:\n    #1 ListObjectsV2"),
        "{message}"
    );
    assert_eq!(stubber.take_failures().len(), 2);
    s3.list_objects_v2().bucket("right").send().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn call_history_records_inputs_and_requests() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    stubber.add_response(list, page(&[], None));
    stubber.add_response(list, page(&[], None));
    stubber.add_http_response(
        op!(aws_sdk_s3::Client::list_buckets),
        RawResponse::new(200).body("<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>"),
    );
    s3.list_objects_v2()
        .bucket("my-bucket")
        .prefix("one/")
        .send()
        .await
        .unwrap();
    s3.list_objects_v2()
        .bucket("my-bucket")
        .prefix("two/")
        .send()
        .await
        .unwrap();
    s3.list_buckets().send().await.unwrap();

    stubber.assert_called_times(list, 2);
    stubber.assert_called_with(list, |i| i.prefix("two/"));
    stubber.assert_nth_called_with(list, 1, |i| i.bucket("my-bucket").prefix("one/"));
    stubber.assert_nth_called_with(list, 2, |i| i.prefix(ANY));
    let inputs = stubber.inputs(list);
    assert_eq!(
        inputs
            .iter()
            .map(|i| i.prefix().unwrap())
            .collect::<Vec<_>>(),
        ["one/", "two/"]
    );

    let calls = stubber.calls();
    assert_eq!(calls[2].operation(), "ListBuckets");
    assert_eq!(calls[2].service(), "S3");
    let request = &calls[0].requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(
        request
            .query_pairs()
            .iter()
            .find(|(k, _)| k == "prefix")
            .map(|(_, v)| v.as_str()),
        Some("one/")
    );
    assert!(
        request
            .uri
            .starts_with("https://my-bucket.s3.us-east-1.amazonaws.com/"),
        "{}",
        request.uri
    );
    stubber.assert_no_pending_responses();
}

#[test]
#[should_panic(
    expected = "aws-stubber: call 1 to ListObjectsV2 (call #1 overall) had a different input:\n--- expected\n+++ received\n  ListObjectsV2Input {\n-     prefix: Some(\"two/\"),\n+     prefix: Some(\"one/\"),\n      ..\n  }"
)]
fn nth_call_assertion_shows_a_diff() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    stubber.add_response(list, page(&[], None));
    rt.block_on(s3.list_objects_v2().bucket("b").prefix("one/").send())
        .unwrap();
    stubber.assert_nth_called_with(list, 1, |i| i.prefix("two/"));
}

#[tokio::test]
async fn idempotency_tokens_are_fixed() {
    let stubber = Stubber::new();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_ec2::Client::run_instances),
            aws_sdk_ec2::operation::run_instances::RunInstancesOutput::builder().build(),
        )
        .expect_input(|i| {
            i.client_token(aws_stubber::sdk::IDEMPOTENCY_TOKEN)
                .min_count(1)
                .max_count(1)
        });
    ec2.run_instances()
        .image_id("ami-1")
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

#[test]
fn stubber_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Stubber>();
}

#[tokio::test]
async fn a_request_that_bypasses_the_interceptor_is_never_sent() {
    let stubber = Stubber::new();
    // Only the HTTP client, not the interceptor: misuse must fail closed.
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_s3::config::Credentials::new(
            "a", "b", None, None, "t",
        ))
        .http_client(stubber.http_client())
        .build();
    let s3 = aws_sdk_s3::Client::from_conf(config);
    let err = s3.list_buckets().send().await.unwrap_err();
    let stub = aws_stubber::StubError::find(&err).expect("stub error");
    assert!(stub
        .message()
        .contains("reached the stub HTTP client without the stubber's interceptor, so it was not sent anywhere"));
    assert_eq!(stubber.take_failures().len(), 1);
}

/// A stub needs no signature, and signing is a quarter of a call: stubbed requests go
/// unsigned (recordings and plain-http endpoints sign; presigning always does).
#[tokio::test]
async fn stubbed_requests_are_not_signed() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    s3.list_buckets().send().await.unwrap();
    let calls = stubber.calls();
    let request = &calls[0].requests()[0];
    assert!(
        request.headers.iter().all(|(k, _)| k != "authorization"),
        "{:?}",
        request.headers
    );
}
