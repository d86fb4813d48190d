//! What was recorded comes back: a request body the SDK compressed is recorded readable and
//! replays, compared by meaning.

use aws_sdk_cloudwatch::types::MetricDatum;
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::{Stubber, client};

use crate::support::TempFixture;

/// A PutMetricData whose CBOR body is well over the SDK's 10 KiB compression threshold, so
/// the SDK sends it gzipped; `first` is the first datum's value.
async fn put_metrics(stubber: &Stubber, first: f64) -> Result<(), String> {
    let cloudwatch = client!(aws_sdk_cloudwatch, stubber);
    let data = (0..300).map(|i| {
        MetricDatum::builder()
            .metric_name(format!("load-latency-{i}"))
            .value(if i == 0 { first } else { f64::from(i) * 0.1 })
            .build()
    });
    cloudwatch
        .put_metric_data()
        .namespace("App")
        .set_metric_data(Some(data.collect()))
        .send()
        .await
        .map(|_| ())
        .map_err(|e| {
            aws_stubber::StubError::find(&e)
                .map(|s| s.message().to_string())
                .unwrap_or_else(|| format!("{e:?}"))
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_the_sdk_gzipped_is_recorded_readable_and_replays() {
    let url = crate::moto::canned_server("application/cbor", "");
    let path = TempFixture::new("gzip.json");
    let record = FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .review(false)
        .endpoint(&url)
        .credentials(aws_credential_types::Credentials::new(
            "AKIDFIDELITYTEST0001",
            "fidelity-secret-key",
            None,
            None,
            "test",
        ));
    let recorder = Stubber::fixture_with(&*path, record).unwrap();
    put_metrics(&recorder, 0.1 + 0.002).await.unwrap();
    recorder.finish().unwrap();
    drop(recorder);

    let text = std::fs::read_to_string(&*path).unwrap();
    // Sent gzipped, kept decompressed and readable; the header says how it was sent.
    assert!(text.contains("\"content-encoding\": \"gzip\""), "{text}");
    assert!(text.contains("\"body_cbor\""), "{text}");
    assert!(
        text.contains("\"MetricName\": \"load-latency-299\""),
        "{text}"
    );
    assert!(!text.contains("\"body\": \"REDACTED\""), "{text}");
    assert!(!text.contains("\"body_base64\""), "{text}");

    let replay = || Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None));
    let stubber = replay().unwrap();
    put_metrics(&stubber, 0.1 + 0.002).await.unwrap();
    stubber.finish().unwrap();

    let stubber = replay().unwrap();
    let message = put_metrics(&stubber, 0.5).await.unwrap_err();
    assert!(message.contains("body differs:"), "{message}");
    assert!(
        message.contains("-       \"Value\": 0.10200000000000001"),
        "{message}"
    );
    assert!(message.contains("+       \"Value\": 0.5"), "{message}");
    stubber.verify_on_drop(false);
}
