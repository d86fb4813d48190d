use aws_sdk_s3::operation::get_object::{GetObjectError, GetObjectOutput};
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::Object;
use aws_sdk_s3::types::error::NoSuchKey;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_stubber::{ANY, StubError, StubErrorKind, Stubber, client, op};

fn listing(keys: &[&str]) -> ListObjectsV2Output {
    ListObjectsV2Output::builder()
        .set_contents(Some(
            keys.iter()
                .map(|k| Object::builder().key(*k).build())
                .collect(),
        ))
        .key_count(keys.len() as i32)
        .build()
}

#[tokio::test]
async fn typed_output_with_partial_input_expectation() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            listing(&["a", "b"]),
        )
        .expect_input(|i| i.bucket("my-bucket").prefix("logs/"));
    let out = s3
        .list_objects_v2()
        .bucket("my-bucket")
        .prefix("logs/")
        .max_keys(5)
        .send()
        .await
        .unwrap();
    let keys: Vec<_> = out.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys, ["a", "b"]);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn client_error_becomes_the_modeled_error() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_client_error(
            op!(aws_sdk_s3::Client::get_object),
            "NoSuchKey",
            "The key does not exist",
        )
        .http_status(404);
    let err = s3
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap_err();
    let service_err = err.into_service_error();
    assert!(service_err.is_no_such_key(), "{service_err:?}");
    use aws_sdk_s3::error::ProvideErrorMetadata;
    assert_eq!(service_err.message(), Some("The key does not exist"));
    assert_eq!(service_err.code(), Some("NoSuchKey"));
}

#[tokio::test]
async fn streaming_output_and_modeled_error() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_response(
        op!(aws_sdk_s3::Client::get_object),
        GetObjectOutput::builder()
            .body(ByteStream::from_static(b"hello"))
            .build(),
    );
    stubber
        .add_error(
            op!(aws_sdk_s3::Client::get_object),
            GetObjectError::NoSuchKey(NoSuchKey::builder().message("gone").build()),
        )
        .http_status(404);
    let body = s3
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap()
        .body
        .collect()
        .await
        .unwrap();
    assert_eq!(body.into_bytes().as_ref(), b"hello");
    let err = s3
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(404));
    let err = err.into_service_error();
    assert!(err.is_no_such_key());
}

#[tokio::test]
async fn input_mismatch_is_reported_with_a_diff_and_remembered() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(op!(aws_sdk_s3::Client::list_objects_v2), listing(&[]))
        .expect_input(|i| i.bucket("my-bucket").prefix(ANY));
    let err = s3
        .list_objects_v2()
        .bucket("other")
        .prefix("x")
        .send()
        .await
        .unwrap_err();
    let text = format!("{}", DisplayErrorContext(&err));
    let stub = StubError::find(&err).expect("stub error in the chain");
    assert_eq!(stub.kind(), StubErrorKind::InputMismatch);
    assert!(text.contains("does not match queue entry #1"), "{text}");
    assert_eq!(
        crate::support::scrub(stub.message()),
        "aws-stubber: call #1 to S3 ListObjectsV2 does not match queue entry #1 ListObjectsV2 (queued at <loc>): \
         input differs from the expectation (only the fields it sets are compared):\n\
         --- expected\n\
         +++ received\n  \
         ListObjectsV2Input {\n\
         -     bucket: Some(\"my-bucket\"),\n\
         +     bucket: Some(\"other\"),\n      \
               prefix: Some(\"x\"),\n      \
               ..\n  \
         }\n\
         The entry stays queued."
    );
    assert_eq!(stubber.pending(), 1);
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
}

#[tokio::test]
async fn operations_with_streaming_inputs_can_be_stubbed_and_checked() {
    // PutObjectInput holds a ByteStream: it is neither Clone nor PartialEq.
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::put_object),
            aws_sdk_s3::operation::put_object::PutObjectOutput::builder()
                .e_tag("\"abc\"")
                .build(),
        )
        .expect_input(|i| {
            i.bucket("my-bucket")
                .key("a.txt")
                .content_type("text/plain")
        })
        .expect_http(|h| h.method("PUT").path("/a.txt"));
    let out = s3
        .put_object()
        .bucket("my-bucket")
        .key("a.txt")
        .content_type("text/plain")
        .body(ByteStream::from_static(b"hello"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.e_tag(), Some("\"abc\""));
    stubber.assert_called_with(op!(aws_sdk_s3::Client::put_object), |i| i.key("a.txt"));
    stubber.assert_no_pending_responses();
}
