//! Retries and transport faults: each attempt takes an entry, without sleeping; faults and delays fail as real ones do.

use std::time::Duration;

use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_stubber::sdk::retries;
use aws_stubber::{Fault, Stubber, client, op};

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
