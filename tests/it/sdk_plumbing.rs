//! The plumbing into the SDK: fixed idempotency tokens, no signature, nothing sent without the interceptor, a stubber shared across threads.

use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_stubber::{Stubber, client, op};

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
