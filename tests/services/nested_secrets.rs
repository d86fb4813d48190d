//! The recorder on secrets carried as JSON inside a JSON string (an SQS message body), and on
//! CBOR bodies recorded with moto's usual dummy credentials (`testing`): a credential value
//! is replaced only where a whole value equals it, as in the other protocols.

use aws_credential_types::Credentials;
use aws_sdk_cloudwatch::types::{Dimension, MetricDatum};
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::{Stubber, client};

use crate::support::TempFixture;

fn record_options(url: &str, key: &str, secret: &str) -> FixtureOptions {
    FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .review(false)
        .endpoint(url)
        .credentials(Credentials::new(key, secret, None, None, "test"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_in_json_carried_in_a_message_body_is_not_recorded() {
    let url = crate::moto::canned_server(
        "application/x-amz-json-1.0",
        r#"{"MessageId":"m-1","MD5OfMessageBody":"d41d8cd98f00b204e9800998ecf8427e"}"#,
    );
    let path = TempFixture::new("sqs.json");
    let recorder = Stubber::fixture_with(
        &*path,
        record_options(&url, "AKIDNESTEDSQS0000001", "nested-sqs-key"),
    )
    .unwrap();
    let sqs = client!(aws_sdk_sqs, &recorder);
    let body = serde_json::json!({"user": "alice", "password": "message-body-secret"}).to_string();
    sqs.send_message()
        .queue_url("https://sqs.us-east-1.amazonaws.com/123456789012/q")
        .message_body(body)
        .send()
        .await
        .unwrap();
    recorder.finish().unwrap();
    drop(recorder);
    let text = std::fs::read_to_string(&*path).unwrap();
    assert!(!text.contains("message-body-secret"), "{text}");
    assert!(text.contains("alice"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cbor_recording_made_with_the_credential_testing_keeps_words_that_hold_it() {
    let url = crate::moto::canned_server("application/cbor", "");
    let path = TempFixture::new("cloudwatch.json");
    // moto's usual dummy credentials.
    let recorder =
        Stubber::fixture_with(&*path, record_options(&url, "testing", "testing")).unwrap();
    let cloudwatch = client!(aws_sdk_cloudwatch, &recorder);
    cloudwatch
        .put_metric_data()
        .namespace("load-testing")
        .metric_data(
            MetricDatum::builder()
                .metric_name("load-testing-latency")
                .dimensions(Dimension::builder().name("stage").value("testing").build())
                .value(1.0)
                .build(),
        )
        .send()
        .await
        .unwrap();
    recorder.finish().expect("the recording is written");
    drop(recorder);
    let text = std::fs::read_to_string(&*path).unwrap();
    assert!(
        text.contains("\"MetricName\": \"load-testing-latency\""),
        "{text}"
    );
    assert!(text.contains("\"Namespace\": \"load-testing\""), "{text}");
    // A whole value equal to the credential is replaced, as in every protocol.
    assert!(!text.contains("\"Value\": \"testing\""), "{text}");
}
