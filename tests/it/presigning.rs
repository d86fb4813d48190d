//! Presigning sends nothing: it takes no queue entry, is no call, and returns a URL signed
//! with the stubbed client's dummy credentials, the same on every run for a fixed start time.

use std::time::{Duration, UNIX_EPOCH};

use aws_sdk_s3::presigning::PresigningConfig;
use aws_stubber::{Stubber, client, op};

/// The URL botocore 1.43 computes for the same request, credentials and time
/// (`botocore.auth.S3SigV4QueryAuth(Credentials("AKIDAWSSTUBBER000000",
/// "aws-stubber-dummy-secret-access-key"), "s3", "us-east-1", expires=900)` with the clock at
/// 2023-11-14T22:13:20Z): an independent SigV4 implementation agrees with the SDK's.
const PRESIGNED: &str = "https://my-bucket.s3.us-east-1.amazonaws.com/k?x-id=GetObject\
    &X-Amz-Algorithm=AWS4-HMAC-SHA256\
    &X-Amz-Credential=AKIDAWSSTUBBER000000%2F20231114%2Fus-east-1%2Fs3%2Faws4_request\
    &X-Amz-Date=20231114T221320Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host\
    &X-Amz-Signature=b02f7c8577076a73ff5a15f8331d2185bb70be4dbd2c9790ab283f19c835f120";

fn presigning() -> PresigningConfig {
    PresigningConfig::builder()
        .start_time(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .expires_in(Duration::from_secs(900))
        .build()
        .unwrap()
}

async fn presign(s3: &aws_sdk_s3::Client) -> String {
    s3.get_object()
        .bucket("my-bucket")
        .key("k")
        .presigned(presigning())
        .await
        .unwrap()
        .uri()
        .to_string()
}

#[tokio::test]
async fn presigning_takes_no_entry_and_signs_with_the_dummy_credentials() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let listing = aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder().build();
    stubber.add_response(op!(aws_sdk_s3::Client::list_objects_v2), listing);

    let url = presign(&s3).await;
    assert_eq!(url, PRESIGNED);
    assert_eq!(presign(&s3).await, url, "the same on every run");
    assert!(stubber.calls().is_empty(), "presigning is no call");
    assert_eq!(stubber.pending(), 1, "and takes no entry");

    s3.list_objects_v2()
        .bucket("my-bucket")
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn presigning_with_nothing_queued_is_not_an_unexpected_call() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    assert_eq!(presign(&s3).await, PRESIGNED);
    assert!(stubber.verify().is_ok(), "no failure is remembered");
}

#[tokio::test]
async fn presigning_on_a_replaying_client_leaves_the_fixture_alone() {
    let stubber = Stubber::new();
    stubber.load_fixture("tests/fixtures/buckets.json").unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    assert_eq!(presign(&s3).await, PRESIGNED);
    s3.list_buckets().send().await.unwrap();
    stubber.assert_no_pending_responses();
}
