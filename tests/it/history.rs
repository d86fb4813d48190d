//! The call history: inputs and requests kept, assertions on them after the fact.

use crate::pages::page;
use aws_stubber::{ANY, RawResponse, Stubber, client, op};

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
