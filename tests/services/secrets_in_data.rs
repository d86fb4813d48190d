//! Secrets inside what a service answers as data (a presigned URL's signature, an ECR token
//! inside a JSON document, an SSE-C key), recorded against a local server that answers canned
//! bodies; and real values that read like the scrub mark, compared like any other.

use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::{Stubber, client};

use crate::secrets::{SSE_C_KEY, SSE_C_KEY_MD5, assert_clean, options};
use crate::support::TempFixture;

/// Records one call against a local server that answers `body`, and returns the fixture's
/// text (checked for `secrets`) and a stubber that replays it.
async fn record_canned<F, Fut>(
    name: &str,
    content_type: &'static str,
    body: &'static str,
    secrets: &[&str],
    call: F,
) -> Stubber
where
    F: Fn(Stubber) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let url = crate::moto::canned_server(content_type, body);
    let path = TempFixture::new(name);
    let recorder = Stubber::fixture_with(&*path, options(&url)).unwrap();
    call(recorder.clone()).await;
    recorder.finish().unwrap();
    drop(recorder);
    assert_clean(
        &path,
        &secrets.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None)).unwrap()
}

/// The `Location` an S3 CompleteMultipartUpload answers with.
async fn upload_location(stubber: Stubber) -> String {
    let s3 = client!(aws_sdk_s3, &stubber, |c| c.force_path_style(true));
    let out = s3
        .complete_multipart_upload()
        .bucket("b")
        .key("k")
        .upload_id("u")
        .send()
        .await
        .unwrap();
    out.location().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_presigned_url_in_a_response_keeps_its_url_but_not_its_signature() {
    const BODY: &str = concat!(
        "<CompleteMultipartUploadResult><Location>",
        "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256",
        "&amp;X-Amz-Credential=presign-credential%2F20260101%2Fus-east-1%2Fs3%2Faws4_request",
        "&amp;X-Amz-Date=20260101T000000Z&amp;X-Amz-Expires=900",
        "&amp;X-Amz-Security-Token=presign-session-token&amp;X-Amz-SignedHeaders=host",
        "&amp;X-Amz-Signature=presign-signature-0123456789",
        "</Location><Bucket>b</Bucket><Key>k</Key><ETag>\"e\"</ETag></CompleteMultipartUploadResult>"
    );
    let record = |stubber: Stubber| async move {
        assert!(upload_location(stubber).await.contains("presign-signature"));
    };
    let secrets = [
        "presign-credential",
        "presign-session-token",
        "presign-signature",
    ];
    let replay = record_canned("presigned.json", "application/xml", BODY, &secrets, record).await;
    assert_eq!(
        upload_location(replay.clone()).await,
        "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=REDACTED&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900\
         &X-Amz-Security-Token=REDACTED&X-Amz-SignedHeaders=host&X-Amz-Signature=REDACTED"
    );
    replay.assert_no_pending_responses();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ecr_authorization_token_inside_application_data_is_scrubbed() {
    // base64 of `AWS:docker-login-password`, as an application hands it on in a message.
    const TOKEN: &str = "QVdTOmRvY2tlci1sb2dpbi1wYXNzd29yZA==";
    const BODY: &str = "{\"Messages\":[{\"MessageId\":\"m-1\",\"ReceiptHandle\":\"r-1\",\
        \"Body\":\"{\\\"registry\\\":\\\"ecr\\\",\\\"authorizationToken\\\":\\\"QVdTOmRvY2tlci1sb2dpbi1wYXNzd29yZA==\\\"}\"}]}";
    assert!(BODY.contains(TOKEN));
    let receive = |stubber: Stubber| async move {
        let sqs = client!(aws_sdk_sqs, &stubber);
        let out = sqs.receive_message().queue_url("q").send().await.unwrap();
        assert!(out.messages()[0].body().unwrap().contains(TOKEN));
    };
    let replay = record_canned(
        "ecr_token.json",
        "application/x-amz-json-1.0",
        BODY,
        &[TOKEN, "RvY2tlci1sb2dpbi1wYXNzd29yZA"],
        receive,
    )
    .await;
    let sqs = client!(aws_sdk_sqs, &replay);
    let out = sqs.receive_message().queue_url("q").send().await.unwrap();
    assert_eq!(
        out.messages()[0].body(),
        Some("{\"registry\":\"ecr\",\"authorizationToken\":\"REDACTED\"}")
    );
    replay.assert_no_pending_responses();
}

/// S3 PutObject of `key` with an SSE-C key (a header the model marks sensitive); the
/// stubber's message when the call fails.
async fn put_with_customer_key(
    stubber: &Stubber,
    key: &str,
    customer_key: &str,
) -> Result<(), String> {
    let s3 = client!(aws_sdk_s3, stubber, |c| c.force_path_style(true));
    s3.put_object()
        .bucket("b")
        .key(key)
        .sse_customer_algorithm("AES256")
        .sse_customer_key(customer_key)
        .sse_customer_key_md5(SSE_C_KEY_MD5)
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"data"))
        .send()
        .await
        .map(|_| ())
        .map_err(|e| {
            let stub = aws_stubber::StubError::find(&e).expect("a stubber failure");
            stub.message().to_string()
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_value_that_reads_like_the_scrub_mark_is_compared_like_any_other() {
    let url = crate::moto::canned_server("application/xml", "");
    let path = TempFixture::new("mark.json");
    let recorder = Stubber::fixture_with(&*path, options(&url)).unwrap();
    put_with_customer_key(&recorder, "REDACTED.txt", SSE_C_KEY)
        .await
        .unwrap();
    recorder.finish().unwrap();
    drop(recorder);
    let text = assert_clean(&path, &[SSE_C_KEY.to_string()]);
    assert!(text.contains("\"scrub_mark\": \"REDACTED-2\""), "{text}");
    assert!(
        text.contains("\"x-amz-server-side-encryption-customer-key\": \"REDACTED-2\""),
        "{text}"
    );
    assert!(text.contains("/b/REDACTED.txt"), "{text}");

    let replay = || Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None));
    // The scrubbed key matches any key; the real object key only itself.
    let stubber = replay().unwrap();
    put_with_customer_key(
        &stubber,
        "REDACTED.txt",
        "YW5vdGhlci1rZXktb2YtMzItYnl0ZXMtbG9uZyEhIQ==",
    )
    .await
    .unwrap();
    stubber.finish().unwrap();
    let stubber = replay().unwrap();
    let message = put_with_customer_key(&stubber, "secret.txt", SSE_C_KEY)
        .await
        .unwrap_err();
    assert!(
        message.contains("path: expected \"/b/REDACTED.txt\", received \"/b/secret.txt\""),
        "{message}"
    );
    assert!(!message.contains("scrubbed when recorded"), "{message}");
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn a_file_without_a_scrub_mark_keeps_reading_redacted_as_scrubbed() {
    // Files written before `scrub_mark` existed replay as they did: every `REDACTED` in a
    // request stands for any present value. With a mark of its own, the same value is data.
    const OLD: &str = r#"{"version": 1, "interactions": [{"service": "S3", "operation": "ListObjectsV2",
      "request": {"method": "GET", "uri": "https://s3.us-east-1.amazonaws.com/b/?list-type=2&prefix=REDACTED%2F"},
      "response": {"status": 200, "headers": {"content-type": "application/xml"}, "body": "<ListBucketResult/>"}}]}"#;
    let marked = OLD.replace(
        "\"operation\": \"ListObjectsV2\",",
        "\"operation\": \"ListObjectsV2\", \"scrub_mark\": \"REDACTED-2\",",
    );
    let list = |text: String| async move {
        let path = TempFixture::new("old.json");
        std::fs::write(&path, text).unwrap();
        let stubber = Stubber::new();
        stubber.load_fixture(&path).unwrap();
        let s3 = client!(aws_sdk_s3, &stubber);
        let result = s3
            .list_objects_v2()
            .bucket("b")
            .prefix("secrets/")
            .send()
            .await;
        stubber.verify_on_drop(false);
        result.map(|_| ()).map_err(|e| {
            aws_stubber::StubError::find(&e)
                .expect("a stubber failure")
                .message()
                .to_string()
        })
    };
    list(OLD.to_string()).await.unwrap();
    let message = list(marked).await.unwrap_err();
    assert!(
        message
            .contains("query parameter \"prefix\": expected \"REDACTED/\", received \"secrets/\""),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_credential_that_is_a_plain_word_is_data_in_a_sentence_and_a_secret_as_a_value() {
    // Recorded with moto's suggested dummy credentials: `testing` is a word of the message,
    // and the whole value of its sender.
    const BODY: &str = "{\"Messages\":[{\"MessageId\":\"m-1\",\"ReceiptHandle\":\"r-1\",\
        \"Body\":\"Latency during load testing\",\"Attributes\":{\"SenderId\":\"testing\"}}]}";
    let receive = |stubber: Stubber| async move {
        let sqs = client!(aws_sdk_sqs, &stubber);
        let out = sqs.receive_message().queue_url("q").send().await.unwrap();
        out.messages()[0].body().unwrap().to_string()
    };
    let url = crate::moto::canned_server("application/x-amz-json-1.0", BODY);
    let path = TempFixture::new("plain_word.json");
    let options = FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .review(false)
        .endpoint(&url)
        .credentials(aws_credential_types::Credentials::new(
            "testing", "testing", None, None, "test",
        ));
    let recorder = Stubber::fixture_with(&*path, options).unwrap();
    assert_eq!(
        receive(recorder.clone()).await,
        "Latency during load testing"
    );
    recorder.finish().unwrap();
    drop(recorder);
    let text = std::fs::read_to_string(&*path).unwrap();
    assert!(text.contains("Latency during load testing"), "{text}");
    assert!(!text.contains("SenderId\\\":\\\"testing"), "{text}");
    let replay =
        Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    assert_eq!(receive(replay.clone()).await, "Latency during load testing");
    replay.assert_no_pending_responses();
}
