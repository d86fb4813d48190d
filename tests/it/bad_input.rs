//! Bad input and misuse: malformed fixture files, huge and non-UTF-8 bodies, a panicking predicate; each a clear error, never a panic deep inside a dependency.

use crate::support::TempFixture;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_stubber::fixture::{Fixture, FixtureErrorKind};
use aws_stubber::{StubError, StubErrorKind, Stubber, client, op};

#[tokio::test]
async fn a_panicking_predicate_becomes_a_reported_failure() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            ListObjectsV2Output::builder().build(),
        )
        .expect_input_matches(|i| i.prefix().unwrap().starts_with("x"));
    let err = s3.list_objects_v2().bucket("b").send().await.unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert!(stub.message().contains("the predicate given to expect_input_matches panicked (called `Option::unwrap()` on a `None` value)"), "{}", stub.message());
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
}

const ONE: &str = r#"{"version": 1, "interactions": [{"service": "S3", "operation": "ListBuckets",
  "request": {"method": "GET", "uri": "https://s3.us-east-1.amazonaws.com/?x-id=ListBuckets"},
  "response": {"status": 200, "headers": {"content-type": "application/xml"}, "body": "<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>"}}]}"#;

fn load_error(text: &[u8]) -> (FixtureErrorKind, String) {
    let path = TempFixture::new("bad.json");
    std::fs::write(&path, text).unwrap();
    let err = Stubber::new().load_fixture(&path).unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("aws-stubber: fixture file {}: ", path.display())),
        "{message}"
    );
    (err.kind(), message)
}

#[test]
fn bad_fixture_files_get_clear_errors() {
    let cases: Vec<(Vec<u8>, FixtureErrorKind, &str)> = vec![
        (
            ONE.as_bytes()[..ONE.len() / 2].to_vec(),
            FixtureErrorKind::Json,
            "EOF while parsing",
        ),
        (
            b"\xff\xfe not json".to_vec(),
            FixtureErrorKind::Json,
            "is not a valid fixture",
        ),
        (
            ONE.replace("\"version\": 1", "\"version\": 2").into_bytes(),
            FixtureErrorKind::Version,
            "has version 2",
        ),
        (
            ONE.replace("\"method\": \"GET\", ", "").into_bytes(),
            FixtureErrorKind::Json,
            "missing field `method`",
        ),
        (
            ONE.replace("\"status\": 200", "\"status\": 70000")
                .into_bytes(),
            FixtureErrorKind::Json,
            "invalid value: integer `70000`",
        ),
        (
            ONE.replace("\"status\": 200", "\"status\": 42")
                .into_bytes(),
            FixtureErrorKind::Invalid,
            "response status 42",
        ),
        (
            ONE.replace("\"application/xml\"", "\"a\\nb\"").into_bytes(),
            FixtureErrorKind::Invalid,
            "invalid value for response header \"content-type\"",
        ),
        (
            ONE.replace("\"method\": \"GET\"", "\"method\": \"G E T\"")
                .into_bytes(),
            FixtureErrorKind::Invalid,
            "invalid request method",
        ),
        (
            ONE.replace(
                "\"body\": \"<List",
                "\"body_base64\": \"%%%\", \"x\": \"<List",
            )
            .into_bytes(),
            FixtureErrorKind::Json,
            "unknown field `x`",
        ),
        (
            ONE.replace(
                "\"body\": \"<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>\"",
                "\"body_base64\": \"%%%\"",
            )
            .into_bytes(),
            FixtureErrorKind::Invalid,
            "response `body_base64` is not valid base64",
        ),
        (
            ONE.replace("\"response\"", "\"fault\": \"timeout\", \"response\"")
                .into_bytes(),
            FixtureErrorKind::Invalid,
            "has both `response` and `fault`",
        ),
        (
            ONE.replace(
                "\"headers\": {\"content-type\": \"application/xml\"}",
                "\"headers\": {\"content-type\": \"application/xml\", \"Content-Type\": \"text/plain\"}",
            )
            .into_bytes(),
            FixtureErrorKind::Invalid,
            "interaction #1 has response headers \"Content-Type\" and \"content-type\", which \
             differ only in case and would be merged; keep one (header names are not \
             case-sensitive)",
        ),
        (
            ONE.replace("\"service\": \"S3\"", "\"service\": \"\"")
                .into_bytes(),
            FixtureErrorKind::Invalid,
            "interaction #1 has an empty `service`; name the SDK's service (\"S3\", \"Route 53\")",
        ),
        (
            ONE.replace("https://s3.us-east-1.amazonaws.com/?x-id", "/?x-id")
                .into_bytes(),
            FixtureErrorKind::Invalid,
            "interaction #1 has the request uri \"/?x-id=ListBuckets\", without scheme and host; \
             write it as it was sent (\"https://s3.us-east-1.amazonaws.com/?x-id=ListBuckets\")",
        ),
        (
            ONE.replace("\"version\": 1,", "\"version\": 1, \"endpoint\": \"localhost:5000\",")
                .into_bytes(),
            FixtureErrorKind::Invalid,
            "has `endpoint` \"localhost:5000\", which is not a URL (scheme and host, \
             \"http://127.0.0.1:5000\"); replay sends every request there",
        ),
        (
            ONE.replace("\"operation\"", "\"scrub_mark\": \"<ANY>\", \"operation\"")
                .into_bytes(),
            FixtureErrorKind::Invalid,
            "interaction #1 has `scrub_mark` \"<ANY>\", which is not a scrub mark \
             (\"REDACTED-N\", N a number, written by the recorder when the request held the \
             word REDACTED as data); remove it to mark scrubbed values with REDACTED",
        ),
        (
            ONE.replace("\"version\": 1,", "\"version\": 1, \"recorded_at\": \"yesterday\",")
                .into_bytes(),
            FixtureErrorKind::Invalid,
            "has `recorded_at` \"yesterday\", which is not a time aws-stubber reads (seconds \
             since the Unix epoch, as text: \"1767225600\"); correct it, or remove it (a file \
             without it never expires)",
        ),
    ];
    for (text, kind, needle) in cases {
        let (k, message) = load_error(&text);
        assert_eq!(k, kind, "{message}");
        assert!(message.contains(needle), "expected {needle:?} in {message}");
    }
}

#[tokio::test]
async fn a_50_mb_body_loads_and_replays() {
    let path = TempFixture::new("large.json");
    let mut fixture = Fixture::parse(std::path::Path::new("x"), ONE.as_bytes()).unwrap();
    let big = format!(
        "<ListAllMyBucketsResult><Buckets><Bucket><Name>{}</Name></Bucket></Buckets></ListAllMyBucketsResult>",
        "b".repeat(50 * 1024 * 1024)
    );
    let response = fixture.interactions[0].response.take().unwrap();
    fixture.interactions[0].response = Some(response.body(big));
    fixture.write_atomic(&path).unwrap();
    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    let out = s3.list_buckets().send().await.unwrap();
    assert_eq!(
        out.buckets()[0].name().map(str::len),
        Some(50 * 1024 * 1024)
    );
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_non_utf8_xml_body_is_an_sdk_error_not_a_panic() {
    let path = TempFixture::new("latin1.json");
    let text = ONE.replace(
        "\"body\": \"<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>\"",
        // "<ListAllMyBucketsResult><Buckets><Bucket><Name>caf\xe9" ... in base64
        "\"body_base64\": \"PExpc3RBbGxNeUJ1Y2tldHNSZXN1bHQ+PEJ1Y2tldHM+PEJ1Y2tldD48TmFtZT5jYWbpPC9OYW1lPjwvQnVja2V0PjwvQnVja2V0cz48L0xpc3RBbGxNeUJ1Y2tldHNSZXN1bHQ+\"",
    );
    std::fs::write(&path, text).unwrap();
    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    let err = s3.list_buckets().send().await.unwrap_err();
    assert!(
        matches!(
            err,
            aws_sdk_s3::error::SdkError::ResponseError(_)
                | aws_sdk_s3::error::SdkError::ServiceError(_)
        ),
        "{err:?}"
    );
    stubber.assert_no_pending_responses();
}

#[cfg(feature = "record")]
mod recorder_under_failure {
    use super::*;
    use crate::support::TempFixture;
    use aws_credential_types::Credentials;
    use aws_stubber::record::{FixtureOptions, RecordMode};
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Duration;

    const SECRET: &str = "recorderSecretMustNeverBeWritten";

    fn options(endpoint: &str) -> FixtureOptions {
        FixtureOptions::new()
            .mode(RecordMode::All)
            .record_on_ci(true)
            .review(false)
            .endpoint(endpoint)
            .credentials(Credentials::new(
                "AKIDRECORDERFAILURE",
                SECRET,
                None,
                None,
                "test",
            ))
    }

    /// A one-shot local HTTP server: answers each connection with `response`, or never
    /// answers when it is `None`.
    fn serve(response: Option<&'static str>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming().take(4) {
                let Ok(mut stream) = stream else { return };
                let mut buf = [0u8; 8192];
                let _ = stream.read(&mut buf);
                match response {
                    Some(r) => {
                        let _ = stream.write_all(r.as_bytes());
                    }
                    None => std::thread::sleep(Duration::from_secs(5)),
                }
            }
        });
        url
    }

    fn fixture_text(path: &std::path::Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            !text.contains(SECRET) && !text.contains("AKIDRECORDERFAILURE"),
            "{text}"
        );
        text
    }

    #[tokio::test]
    async fn connection_refused_is_recorded_as_a_fault_and_replays() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let path = TempFixture::new("refused.json");
        let recorder =
            Stubber::fixture_with(&path, options(&format!("http://127.0.0.1:{port}"))).unwrap();
        let s3 = client!(aws_sdk_s3, &recorder);
        let err = s3.list_buckets().send().await.unwrap_err();
        assert!(
            matches!(err, aws_sdk_s3::error::SdkError::DispatchFailure(_)),
            "{err:?}"
        );
        recorder.finish().unwrap();
        drop(recorder);
        let text = fixture_text(&path);
        assert!(text.contains("\"fault\": \"connection_refused\""), "{text}");

        let replay =
            Stubber::fixture_with(&path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
        let s3 = client!(aws_sdk_s3, &replay);
        let err = s3.list_buckets().send().await.unwrap_err();
        match err {
            aws_sdk_s3::error::SdkError::DispatchFailure(d) => assert!(d.is_io()),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_timeout_is_recorded_as_a_fault() {
        let url = serve(None);
        let path = TempFixture::new("timeout.json");
        let recorder = Stubber::fixture_with(&path, options(&url)).unwrap();
        let s3 = client!(aws_sdk_s3, &recorder, |c| c.timeout_config(
            aws_smithy_types::timeout::TimeoutConfig::builder()
                .read_timeout(Duration::from_millis(300))
                .build()
        ));
        let err = s3.list_buckets().send().await.unwrap_err();
        assert!(
            matches!(
                err,
                aws_sdk_s3::error::SdkError::DispatchFailure(_)
                    | aws_sdk_s3::error::SdkError::TimeoutError(_)
            ),
            "{err:?}"
        );
        recorder.finish().unwrap();
        assert!(fixture_text(&path).contains("\"fault\": \"timeout\""));
    }

    #[tokio::test]
    async fn a_5xx_is_recorded_as_it_was() {
        let url = serve(Some(
            "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/xml\r\ncontent-length: 78\r\nconnection: close\r\n\r\n<Error><Code>SlowDown</Code><Message>Please reduce your rate</Message></Error>",
        ));
        let path = TempFixture::new("5xx.json");
        let recorder = Stubber::fixture_with(&path, options(&url)).unwrap();
        let s3 = client!(aws_sdk_s3, &recorder);
        let err = s3.list_buckets().send().await.unwrap_err();
        assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(503));
        recorder.finish().unwrap();
        let text = fixture_text(&path);
        assert!(
            text.contains("\"status\": 503") && text.contains("SlowDown"),
            "{text}"
        );
    }

    #[test]
    fn a_test_that_panics_while_recording_keeps_the_existing_file() {
        let path = TempFixture::new("kept.json");
        std::fs::write(&path, ONE).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let result = std::panic::catch_unwind(|| {
            let rt = tokio::runtime::Runtime::new().unwrap();
            let recorder =
                Stubber::fixture_with(&path, options(&format!("http://127.0.0.1:{port}"))).unwrap();
            let s3 = client!(aws_sdk_s3, &recorder);
            let _ = rt.block_on(s3.list_buckets().send());
            panic!("the test failed half-way");
        });
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            ONE,
            "the old fixture is untouched"
        );
        let beside = path.with_file_name("kept.json.new");
        assert!(
            fixture_text(&beside).contains("\"fault\": \"connection_refused\""),
            "the recording is kept beside the fixture, for review"
        );
        let mut leftovers: Vec<String> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        leftovers.sort();
        assert_eq!(
            leftovers,
            ["kept.json", "kept.json.new"],
            "no temporary file is left behind"
        );
    }
}
