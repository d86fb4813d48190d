//! Fixture files: replay, strict request matching, and clear errors for bad files.

use crate::support::TempFixture;
use aws_stubber::fixture::{Fixture, FixtureErrorKind, Matching};
use aws_stubber::{StubError, StubErrorKind, Stubber, client};

const LIST_OBJECTS: &str = r#"{
  "version": 1,
  "docs": "one page of a listing",
  "interactions": [
    {
      "service": "S3",
      "operation": "ListObjectsV2",
      "request": {
        "method": "GET",
        "uri": "https://my-bucket.s3.us-east-1.amazonaws.com/?prefix=logs%2F&list-type=2",
        "headers": { "authorization": "REDACTED", "x-amz-date": "20240101T000000Z" },
        "body": ""
      },
      "response": {
        "status": 200,
        "headers": { "content-type": "application/xml" },
        "body": "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult><Name>my-bucket</Name><Prefix>logs/</Prefix><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated><Contents><Key>logs/a</Key><Size>3</Size></Contents></ListBucketResult>"
      }
    }
  ]
}
"#;

#[tokio::test]
async fn a_fixture_replays_through_the_real_deserializer() {
    let path = TempFixture::new("list.json");
    std::fs::write(&path, LIST_OBJECTS).unwrap();
    let stubber = Stubber::new();
    assert_eq!(stubber.load_fixture(&path).unwrap(), 1);
    let s3 = client!(aws_sdk_s3, &stubber);
    // Query parameters in another order than recorded still match.
    let out = s3
        .list_objects_v2()
        .bucket("my-bucket")
        .prefix("logs/")
        .send()
        .await
        .unwrap();
    assert_eq!(out.contents()[0].key(), Some("logs/a"));
    assert_eq!(out.key_count(), Some(1));
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_changed_request_is_caught_with_a_field_level_diff() {
    let path = TempFixture::new("list-changed.json");
    std::fs::write(&path, LIST_OBJECTS).unwrap();
    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    let err = s3
        .list_objects_v2()
        .bucket("my-bucket")
        .prefix("data/")
        .max_keys(5)
        .send()
        .await
        .unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::RequestMismatch);
    let message = stub.message();
    assert!(
        message.contains("queue entry #1 S3 ListObjectsV2 \"list-changed.json interaction 1\""),
        "{message}"
    );
    assert!(
        message.contains("query parameter \"prefix\": expected \"logs/\", received \"data/\""),
        "{message}"
    );
    assert!(
        message.contains("query parameter \"max-keys\": not recorded, received \"5\""),
        "{message}"
    );
    stubber.take_expected_failures(&[StubErrorKind::RequestMismatch]);
}

#[tokio::test]
async fn operation_only_matching_relaxes_the_request_check() {
    let path = TempFixture::new("list-relaxed.json");
    std::fs::write(&path, LIST_OBJECTS).unwrap();
    let stubber = Stubber::new();
    stubber
        .load_fixture_matching(&path, Some(Matching::Operation))
        .unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    s3.list_objects_v2()
        .bucket("my-bucket")
        .prefix("anything/")
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
    // The same, said in the file.
    let relaxed = LIST_OBJECTS.replace(
        "\"version\": 1,",
        "\"version\": 1,\n  \"match\": \"operation\",",
    );
    std::fs::write(&path, relaxed).unwrap();
    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    s3.list_objects_v2()
        .bucket("my-bucket")
        .prefix("other/")
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

#[test]
fn a_missing_file_says_how_to_record_it() {
    let path = TempFixture::new("does-not-exist.json");
    let err = Stubber::fixture_with(
        &path,
        aws_stubber::record::FixtureOptions::new().mode(aws_stubber::record::RecordMode::None),
    )
    .unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Missing);
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "aws-stubber: fixture file {}: does not exist",
            path.display()
        )),
        "{message}"
    );
    assert!(message.contains("AWS_STUBBER_RECORD=missing"), "{message}");
}

fn parse_error(text: &str) -> (FixtureErrorKind, String) {
    let err = Fixture::parse(
        std::path::Path::new("tests/fixtures/bad.json"),
        text.as_bytes(),
    )
    .unwrap_err();
    (err.kind(), err.to_string())
}

#[test]
fn malformed_json_names_the_file_and_position() {
    let (kind, message) = parse_error("{\n  \"version\": 1,\n  \"interactions\": [\n");
    assert_eq!(kind, FixtureErrorKind::Json);
    assert!(
        message.starts_with(
            "aws-stubber: fixture file tests/fixtures/bad.json: is not a valid fixture: "
        ),
        "{message}"
    );
    assert!(message.contains("line 4"), "{message}");
}

#[test]
fn an_unknown_version_is_named() {
    let (kind, message) = parse_error(r#"{"version": 7, "interactions": []}"#);
    assert_eq!(kind, FixtureErrorKind::Version);
    assert_eq!(
        message,
        "aws-stubber: fixture file tests/fixtures/bad.json: has version 7, but this aws-stubber reads version 1; re-record it or upgrade aws-stubber"
    );
    let (kind, _) = parse_error(r#"{"interactions": []}"#);
    assert_eq!(kind, FixtureErrorKind::Version);
}

#[test]
fn a_missing_field_is_named() {
    let text = LIST_OBJECTS.replace("\"status\": 200,", "");
    let (kind, message) = parse_error(&text);
    assert_eq!(kind, FixtureErrorKind::Json);
    assert!(message.contains("missing field `status`"), "{message}");
}

#[test]
fn invalid_values_are_named_with_their_interaction() {
    let (kind, message) = parse_error(&LIST_OBJECTS.replace("\"status\": 200", "\"status\": 1200"));
    assert_eq!(kind, FixtureErrorKind::Invalid);
    assert!(
        message.ends_with(
            "interaction #1 has response status 1200, which is not an HTTP status (100 to 999)"
        ),
        "{message}"
    );
    let bad_b64 = LIST_OBJECTS.replace("\"body\": \"\"", "\"body_base64\": \"not base64!\"");
    let (_, message) = parse_error(&bad_b64);
    assert!(
        message.contains("interaction #1 request `body_base64` is not valid base64"),
        "{message}"
    );
    let bad_header = LIST_OBJECTS.replace(
        "\"content-type\": \"application/xml\"",
        "\"bad header\": \"x\"",
    );
    let (_, message) = parse_error(&bad_header);
    assert!(
        message.contains("interaction #1 has an invalid response header name \"bad header\""),
        "{message}"
    );
    let two_bodies = LIST_OBJECTS.replace("\"body\": \"\"", "\"body\": \"\", \"body_cbor\": {}");
    let (_, message) = parse_error(&two_bodies);
    assert!(
        message.ends_with(
            "interaction #1 request has more than one of `body`, `body_base64`, `body_cbor` and \
             `body_events`; keep one"
        ),
        "{message}"
    );
    let bad_cbor = LIST_OBJECTS.replace("\"body\": \"\"", "\"body_cbor\": {\"$bytes\": 1}");
    let (_, message) = parse_error(&bad_cbor);
    assert!(
        message
            .ends_with("interaction #1 request `body_cbor` has a `$bytes` that is not base64 text"),
        "{message}"
    );
    let bad_events = LIST_OBJECTS.replace("\"body\": \"\"", "\"body_events\": [{}]");
    let (_, message) = parse_error(&bad_events);
    assert!(
        message.ends_with("interaction #1 request `body_events` message 1 has no `headers` object"),
        "{message}"
    );
    let (kind, message) = parse_error(
        &LIST_OBJECTS.replace("\"service\": \"S3\",", "\"service\": \"S3\", \"extra\": 1,"),
    );
    assert_eq!(kind, FixtureErrorKind::Json);
    assert!(message.contains("unknown field `extra`"), "{message}");
}

#[test]
fn fixtures_round_trip_and_keep_binary_bodies() {
    let mut fixture =
        Fixture::parse(std::path::Path::new("x.json"), LIST_OBJECTS.as_bytes()).unwrap();
    let response = fixture.interactions[0].response.take().unwrap();
    fixture.interactions[0].response = Some(response.body(vec![0u8, 255]));
    let path = TempFixture::new("round-trip.json");
    fixture.write_atomic(&path).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"body_base64\": \"AP8=\""),
        "a body that is not UTF-8 is stored in base64"
    );
    let back = Fixture::load(&path).unwrap();
    assert_eq!(back, fixture);
    assert_eq!(
        back.interactions[0]
            .response
            .as_ref()
            .unwrap()
            .body_bytes()
            .as_ref(),
        &[0u8, 255]
    );
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[tokio::test]
async fn a_hand_edited_body_replays_with_a_content_length_that_matches_it() {
    let path = TempFixture::new("edited-length.json");
    // The body was edited by hand; its recorded content-length (999) no longer matches.
    let edited = LIST_OBJECTS.replace(
        "\"headers\": { \"content-type\": \"application/xml\" }",
        "\"headers\": { \"content-type\": \"application/xml\", \"content-length\": \"999\" }",
    );
    std::fs::write(&path, edited).unwrap();
    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    let out = s3
        .list_objects_v2()
        .bucket("my-bucket")
        .prefix("logs/")
        .send()
        .await
        .unwrap();
    assert_eq!(out.contents()[0].key(), Some("logs/a"));
    stubber.assert_no_pending_responses();
}
