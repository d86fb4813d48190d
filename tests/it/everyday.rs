//! Everyday tests written shorter: whole-request checks, answers built per call, entry
//! handles, empty answers.

use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_stubber::{RawResponse, StubError, StubErrorKind, Stubber, client, op};

use crate::support::scrub;

fn only_failure(stubber: &Stubber) -> StubError {
    let mut failures = stubber.take_failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    failures.remove(0)
}

#[tokio::test]
async fn whole_request_checks_pass_on_the_request_as_sent() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            ListObjectsV2Output::builder().build(),
        )
        .expect_http(|h| {
            h.host("logs.s3.us-east-1.amazonaws.com")
                .origin("https://logs.s3.us-east-1.amazonaws.com")
                .uri("https://logs.s3.us-east-1.amazonaws.com/?list-type=2&prefix=2024%2F")
                .query_exact([("prefix", "2024/"), ("list-type", "2")])
                .header_absent("x-amz-request-payer")
        });
    s3.list_objects_v2()
        .bucket("logs")
        .prefix("2024/")
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn whole_request_checks_name_every_difference() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_http_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            RawResponse::new(200),
        )
        .expect_http(|h| {
            h.host("other.s3.us-east-1.amazonaws.com")
                .origin("http://logs.s3.us-east-1.amazonaws.com")
                .uri("https://logs.s3.us-east-1.amazonaws.com/?list-type=2")
                .query_exact([("list-type", "2"), ("prefix", "2025/"), ("max-keys", "5")])
                .header_absent("x-amz-request-payer")
        });
    let err = s3
        .list_objects_v2()
        .bucket("logs")
        .prefix("2024/")
        .fetch_owner(true)
        .request_payer(aws_sdk_s3::types::RequestPayer::Requester)
        .send()
        .await
        .unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::RequestMismatch);
    assert_eq!(
        scrub(stub.message()),
        "aws-stubber: call #1 to S3 ListObjectsV2 does not match queue entry #1 ListObjectsV2 \
         (queued at <loc>): the HTTP request differs:\n    \
         uri: expected \"https://logs.s3.us-east-1.amazonaws.com/?list-type=2\", received \
         \"https://logs.s3.us-east-1.amazonaws.com/?list-type=2&prefix=2024%2F&fetch-owner=true\"\n    \
         scheme, host or port: expected \"http://logs.s3.us-east-1.amazonaws.com\", received \
         \"https://logs.s3.us-east-1.amazonaws.com\"\n    \
         host: expected \"other.s3.us-east-1.amazonaws.com\", received \"logs.s3.us-east-1.amazonaws.com\"\n    \
         query parameter \"max-keys\": expected \"5\", but it is absent\n    \
         query parameter \"prefix\": expected \"2025/\", received \"2024/\"\n    \
         query parameter \"fetch-owner\": not expected, received \"true\"\n    \
         header \"x-amz-request-payer\": expected to be absent, received [\"requester\"]\n\
         The entry stays queued."
    );
    only_failure(&stubber);
    stubber.verify_on_drop(false);
}
