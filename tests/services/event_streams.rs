//! Event-stream operations answered by stubbed streams: every message reaches code that reads
//! the SDK's own event receiver, in order; errors in the middle of a stream arrive as the
//! SDK's stream error type; pauses follow tokio's clock.

use std::time::Duration;

use aws_sdk_s3::types::SelectObjectContentEventStream as Select;
use aws_sdk_s3::types::{
    CsvInput, CsvOutput, ExpressionType, InputSerialization, OutputSerialization,
};
use aws_stubber::{EventStream, Stubber, client, op};

/// A `SelectObjectContent` call as code under test makes it.
async fn select(
    s3: &aws_sdk_s3::Client,
) -> aws_sdk_s3::operation::select_object_content::SelectObjectContentOutput {
    s3.select_object_content()
        .bucket("people")
        .key("people.csv")
        .expression("select * from s3object")
        .expression_type(ExpressionType::Sql)
        .input_serialization(
            InputSerialization::builder()
                .csv(CsvInput::builder().build())
                .build(),
        )
        .output_serialization(
            OutputSerialization::builder()
                .csv(CsvOutput::builder().build())
                .build(),
        )
        .send()
        .await
        .unwrap()
}

const STATS: &str = "<Stats><BytesScanned>24</BytesScanned><BytesProcessed>24</BytesProcessed>\
                     <BytesReturned>16</BytesReturned></Stats>";

#[tokio::test]
async fn s3_select_delivers_every_event_in_order() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_event_stream(
        op!(aws_sdk_s3::Client::select_object_content),
        EventStream::new()
            .event("Records", "application/octet-stream", "1,alice\n")
            .event("Records", "application/octet-stream", "2,bob\n")
            .event("Cont", "application/octet-stream", "")
            .event("Stats", "text/xml", STATS)
            .event("End", "application/octet-stream", ""),
    );
    let mut out = select(&s3).await;
    let mut seen = Vec::new();
    while let Some(event) = out.payload.recv().await.unwrap() {
        seen.push(match event {
            Select::Records(r) => {
                format!(
                    "records {}",
                    String::from_utf8_lossy(r.payload().unwrap().as_ref())
                )
            }
            Select::Cont(_) => "cont".to_string(),
            Select::Stats(s) => format!(
                "stats scanned={:?} returned={:?}",
                s.details().unwrap().bytes_scanned(),
                s.details().unwrap().bytes_returned()
            ),
            Select::End(_) => "end".to_string(),
            other => format!("{other:?}"),
        });
    }
    assert_eq!(
        seen,
        [
            "records 1,alice\n",
            "records 2,bob\n",
            "cont",
            "stats scanned=Some(24) returned=Some(16)",
            "end"
        ]
    );
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn an_error_in_the_middle_of_an_s3_stream_is_the_sdk_stream_error() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_event_stream(
        op!(aws_sdk_s3::Client::select_object_content),
        EventStream::new()
            .event("Records", "application/octet-stream", "1,alice\n")
            .exception(
                "InternalError",
                "text/xml",
                "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>",
            ),
    );
    let mut out = select(&s3).await;
    assert!(matches!(
        out.payload.recv().await.unwrap(),
        Some(Select::Records(_))
    ));
    let err = out.payload.recv().await.unwrap_err().into_service_error();
    use aws_sdk_s3::error::ProvideErrorMetadata;
    assert_eq!(err.code(), Some("InternalError"), "{err:?}");
    assert_eq!(err.message(), Some("We encountered an internal error."));
}

#[tokio::test]
async fn kinesis_subscribe_to_shard_delivers_events_then_a_modeled_error() {
    use aws_sdk_kinesis::types::SubscribeToShardEventStream as Shard;
    use aws_sdk_kinesis::types::{ShardIteratorType, StartingPosition};
    let stubber = Stubber::new();
    let kinesis = client!(aws_sdk_kinesis, &stubber);
    let event = |sequence: &str, data: &str| {
        format!(
            r#"{{"Records":[{{"SequenceNumber":"{sequence}","Data":"{data}","PartitionKey":"p","ApproximateArrivalTimestamp":1700000000}}],"ContinuationSequenceNumber":"{sequence}","MillisBehindLatest":0}}"#
        )
    };
    stubber.add_event_stream(
        op!(aws_sdk_kinesis::Client::subscribe_to_shard),
        EventStream::new()
            .event(
                "SubscribeToShardEvent",
                "application/json",
                event("1", "aGk="),
            )
            .event(
                "SubscribeToShardEvent",
                "application/json",
                event("2", "dGhlcmU="),
            )
            .exception(
                "ResourceNotFoundException",
                "application/json",
                r#"{"message":"Stream s was deleted"}"#,
            ),
    );
    let mut out = kinesis
        .subscribe_to_shard()
        .consumer_arn("arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1")
        .shard_id("shardId-000000000000")
        .starting_position(
            StartingPosition::builder()
                .r#type(ShardIteratorType::TrimHorizon)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let mut data = Vec::new();
    let err = loop {
        match out.event_stream.recv().await {
            Ok(Some(Shard::SubscribeToShardEvent(e))) => {
                for record in e.records() {
                    data.push(String::from_utf8_lossy(record.data().as_ref()).into_owned());
                }
            }
            Ok(other) => panic!("unexpected {other:?}"),
            Err(err) => break err.into_service_error(),
        }
    };
    assert_eq!(data, ["hi", "there"]);
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    use aws_sdk_kinesis::error::ProvideErrorMetadata;
    assert_eq!(err.message(), Some("Stream s was deleted"));
}

#[tokio::test]
async fn an_unmodeled_error_message_fails_the_receiver() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_event_stream(
        op!(aws_sdk_s3::Client::select_object_content),
        EventStream::new().error("InternalFailure", "try again"),
    );
    let mut out = select(&s3).await;
    let err = out.payload.recv().await.unwrap_err();
    let text = format!(
        "{}",
        aws_smithy_types::error::display::DisplayErrorContext(&err)
    );
    assert!(
        text.contains("InternalFailure") && text.contains("try again"),
        "{text}"
    );
}

#[tokio::test(start_paused = true)]
async fn pauses_between_events_follow_tokio_time() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_event_stream(
        op!(aws_sdk_s3::Client::select_object_content),
        EventStream::new()
            .event("Records", "application/octet-stream", "1\n")
            .pause(Duration::from_secs(30))
            .event("End", "application/octet-stream", ""),
    );
    let mut out = select(&s3).await;
    let start = tokio::time::Instant::now();
    assert!(matches!(
        out.payload.recv().await.unwrap(),
        Some(Select::Records(_))
    ));
    assert!(start.elapsed() < Duration::from_secs(1));
    assert!(matches!(
        out.payload.recv().await.unwrap(),
        Some(Select::End(_))
    ));
    assert!(
        start.elapsed() >= Duration::from_secs(30),
        "the End event came after the pause, on tokio's (paused, auto-advancing) clock"
    );
}

/// A fixture whose answer is an event stream, written as a user reads and edits it.
const SELECT_FIXTURE: &str = r#"{
  "version": 1,
  "match": "operation",
  "interactions": [
    {
      "service": "S3",
      "operation": "SelectObjectContent",
      "request": { "method": "POST", "uri": "https://people.s3.us-east-1.amazonaws.com/people.csv?select&select-type=2" },
      "response": {
        "status": 200,
        "headers": { "content-type": "application/vnd.amazon.eventstream" },
        "body_events": [
          { "headers": { ":message-type": "event", ":event-type": "Records", ":content-type": "application/octet-stream" },
            "payload": "1,alice\n" },
          { "headers": { ":message-type": "event", ":event-type": "Stats", ":content-type": "text/xml" },
            "payload": "<Stats><BytesScanned>24</BytesScanned><BytesProcessed>24</BytesProcessed><BytesReturned>8</BytesReturned></Stats>" },
          { "headers": { ":message-type": "event", ":event-type": "End" } }
        ]
      }
    }
  ]
}
"#;

#[tokio::test]
async fn event_streams_in_fixture_files_are_readable_messages_that_replay() {
    let fixture =
        aws_stubber::fixture::Fixture::parse("select.json".as_ref(), SELECT_FIXTURE.as_bytes())
            .unwrap();
    // Written back, the messages read the same.
    let again =
        aws_stubber::fixture::Fixture::parse("again.json".as_ref(), fixture.to_json().as_bytes())
            .unwrap();
    assert_eq!(again, fixture);
    assert!(fixture.to_json().contains("\"body_events\": ["));
    let dir = crate::support::TempDir::new();
    let path = dir.join("select.json");
    fixture.write_atomic(&path).unwrap();

    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    let mut out = select(&s3).await;
    let Some(Select::Records(records)) = out.payload.recv().await.unwrap() else {
        panic!("records first")
    };
    assert_eq!(records.payload().unwrap().as_ref(), b"1,alice\n");
    let Some(Select::Stats(stats)) = out.payload.recv().await.unwrap() else {
        panic!("stats next")
    };
    assert_eq!(stats.details().unwrap().bytes_returned(), Some(8));
    assert!(matches!(
        out.payload.recv().await.unwrap(),
        Some(Select::End(_))
    ));
    assert!(out.payload.recv().await.unwrap().is_none());
}

#[test]
fn secrets_in_event_payloads_are_scrubbed_message_by_message() {
    let text = SELECT_FIXTURE.replace(
        r#""payload": "1,alice\n" },"#,
        r#""payload": "1,alice\n" },
          { "headers": { ":message-type": "event", ":event-type": "Credentials", ":content-type": "application/json" },
            "payload_json": { "SessionToken": "FwoGZXIvYXdzEXAMPLE", "Expiration": 1 } },"#,
    );
    let mut fixture =
        aws_stubber::fixture::Fixture::parse("select.json".as_ref(), text.as_bytes()).unwrap();
    aws_stubber::scrub::Scrubber::default()
        .scrub_fixture(&mut fixture)
        .unwrap();
    let written = fixture.to_json();
    assert!(
        written.contains(r#""SessionToken": "REDACTED""#),
        "{written}"
    );
    assert!(!written.contains("FwoGZXIvYXdzEXAMPLE"));
    assert!(
        written.contains(r#""payload": "1,alice\n""#),
        "data payloads are kept"
    );
}

/// Every event of a SelectObjectContent response, as code under test would log them.
async fn all_events(
    mut out: aws_sdk_s3::operation::select_object_content::SelectObjectContentOutput,
) -> Vec<String> {
    use aws_sdk_s3::types::SelectObjectContentEventStream as Event;
    let mut seen = Vec::new();
    while let Some(event) = out.payload.recv().await.unwrap() {
        seen.push(match event {
            // The records as text, as code under test reads them.
            Event::Records(records) => {
                let payload = records.payload().map(|b| b.as_ref()).unwrap_or_default();
                format!("Records({:?})", String::from_utf8_lossy(payload))
            }
            other => format!("{other:?}"),
        });
    }
    seen
}

/// Records S3 Select over `csv` against moto, then replays the file offline: the events seen
/// live, those seen on replay, and the file's text.
async fn record_select(csv: &'static [u8]) -> Option<(Vec<String>, Vec<String>, String)> {
    use aws_credential_types::Credentials;
    use aws_stubber::record::{FixtureOptions, RecordMode};
    let moto = crate::moto::start_moto()?;
    let dir = crate::support::TempDir::new();
    let path = dir.join("select.json");
    let upload = |s3: aws_sdk_s3::Client| async move {
        s3.create_bucket().bucket("people").send().await.unwrap();
        let csv = aws_sdk_s3::primitives::ByteStream::from_static(csv);
        let put = s3.put_object().bucket("people").key("people.csv").body(csv);
        put.send().await.unwrap();
        s3
    };
    let options = FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .review(false)
        .endpoint(&moto.url)
        .credentials(Credentials::new(
            "AKIDSELECT0000000001",
            "selectSecret",
            None,
            None,
            "t",
        ));
    let recorder = Stubber::fixture_with(&path, options).unwrap();
    let s3 = upload(client!(aws_sdk_s3, &recorder)).await;
    let live = all_events(select(&s3).await).await;
    recorder.finish().unwrap();
    drop(recorder);
    drop(moto);
    let text = std::fs::read_to_string(&path).unwrap();

    // Replayed offline.
    let replayer =
        Stubber::fixture_with(&path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    let s3 = upload(client!(aws_sdk_s3, &replayer)).await;
    let replayed = all_events(select(&s3).await).await;
    replayer.assert_no_pending_responses();
    Some((live, replayed, text))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_event_stream_is_written_as_messages_and_replays() {
    let Some((live, replayed, text)) = record_select(b"1,alice\n2,bob\n").await else {
        return;
    };
    assert!(live[0].starts_with("Records("), "{live:?}");
    assert!(live.last().unwrap().starts_with("End("), "{live:?}");
    assert!(text.contains("\"body_events\": ["), "{text}");
    assert!(text.contains("\":event-type\": \"Records\""), "{text}");
    assert!(text.contains("\"payload\": \"1,alice\\n2,bob\\n"), "{text}");
    // The code sees the same events.
    assert_eq!(replayed, live);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_inside_an_event_stream_is_scrubbed_in_its_message_and_the_stream_replays() {
    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWxlY3QifQ.c2lnbmF0dXJl";
    let Some((live, replayed, text)) = record_select(
        b"1,alice,eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWxlY3QifQ.c2lnbmF0dXJl\n2,bob,none\n",
    )
    .await
    else {
        return;
    };
    assert!(live[0].contains(JWT), "{live:?}");
    assert!(!text.contains("eyJhbGciOiJIUzI1NiJ9"), "{text}");
    assert!(
        text.contains("\"payload\": \"1,alice,REDACTED\\n2,bob,none\\n"),
        "{text}"
    );
    // The stream replays, frame by frame, with the secret replaced.
    assert_eq!(replayed.len(), live.len(), "{replayed:?}");
    assert_eq!(replayed[0], live[0].replace(JWT, "REDACTED"));
    assert_eq!(replayed[1..], live[1..]);
}
