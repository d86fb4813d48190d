//! One request, one stage: expectations, history, recording and replay all see the request as
//! it goes on the wire, after every interceptor of the SDK (checksums, aws-chunked encoding,
//! trailers). Checked against the real SDK and a moto recording; then every kind of change
//! to a replayed request is rejected with a message that names it.

use aws_sdk_s3::primitives::ByteStream;
use aws_stubber::{StubError, Stubber, client, op};

use crate::support::TempFixture;

pub(crate) const BUCKET: &str = "wire-bucket";

/// A file with this content in its own temporary directory, removed on drop.
pub(crate) struct TempFile(pub(crate) TempFixture);

impl TempFile {
    pub(crate) fn new(name: &str, content: &[u8]) -> Self {
        let file = TempFixture::new(name);
        std::fs::write(&file, content).unwrap();
        TempFile(file)
    }
}

#[tokio::test]
async fn expect_http_sees_the_checksum_the_sdk_adds() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let put = aws_sdk_s3::operation::put_object::PutObjectOutput::builder().build();
    stubber
        .add_response(op!(aws_sdk_s3::Client::put_object), put)
        .expect_http(|h| {
            h.method("PUT")
                .path("/k")
                .header("x-amz-checksum-crc32", "DUoRhQ==")
                .header("x-amz-sdk-checksum-algorithm", "CRC32")
                .body("hello world")
        });
    s3.put_object()
        .bucket("my-bucket")
        .key("k")
        .body(ByteStream::from_static(b"hello world"))
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_streaming_upload_is_seen_decoded_with_its_trailer() {
    let file = TempFile::new("upload.txt", b"hello world");
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let put = aws_sdk_s3::operation::put_object::PutObjectOutput::builder().build();
    stubber
        .add_response(op!(aws_sdk_s3::Client::put_object), put)
        .expect_http(|h| {
            h.header("content-encoding", "aws-chunked")
                .header("x-amz-decoded-content-length", "11")
                .header("x-amz-trailer", "x-amz-checksum-crc32")
                .body("hello world")
        });
    s3.put_object()
        .bucket("b")
        .key("k")
        .body(ByteStream::from_path(&file.0).await.unwrap())
        .send()
        .await
        .unwrap();
    let calls = stubber.calls();
    let request = &calls[0].requests()[0];
    assert_eq!(request.body_text(), "hello world");
    assert_eq!(
        request.trailers,
        [("x-amz-checksum-crc32".to_string(), "DUoRhQ==".to_string())]
    );
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn expect_http_compares_paths_by_meaning_and_an_encoded_slash_is_not_a_separator() {
    let stubber = Stubber::new();
    stubber.verify_on_drop(false);
    let r53 = client!(aws_sdk_route53, &stubber);
    let zone = || {
        aws_sdk_route53::operation::get_hosted_zone::GetHostedZoneOutput::builder()
            .hosted_zone(
                aws_sdk_route53::types::HostedZone::builder()
                    .id("z")
                    .name("example.com")
                    .caller_reference("r")
                    .build()
                    .unwrap(),
            )
            .build()
    };
    // The SDK sends the id `a b/c` as `a%20b%2Fc`: a space is a space, a slash stays data.
    stubber
        .add_response(op!(aws_sdk_route53::Client::get_hosted_zone), zone())
        .expect_http(|h| h.path("/2013-04-01/hostedzone/a b%2Fc"));
    r53.get_hosted_zone().id("a b/c").send().await.unwrap();

    stubber
        .add_response(op!(aws_sdk_route53::Client::get_hosted_zone), zone())
        .expect_http(|h| h.path("/2013-04-01/hostedzone/a b/c"));
    let err = r53.get_hosted_zone().id("a b/c").send().await.unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert!(
        stub.message().contains(
            "path: expected \"/2013-04-01/hostedzone/a b/c\", received \
             \"/2013-04-01/hostedzone/a%20b%2Fc\""
        ),
        "{}",
        stub.message()
    );
}
