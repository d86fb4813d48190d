//! A good fixture is only replaced by a test that passed: failures of every kind write the
//! recording beside it, a path that cannot be written fails before the first real call,
//! calls after `finish()` fail, and concurrent writers never share a temporary file.

use std::path::{Path, PathBuf};

use aws_credential_types::Credentials;
use aws_stubber::fixture::FixtureErrorKind;
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::{StubErrorKind, Stubber, client};

use crate::support::TempDir;

const GOOD: &str = "{\n  \"version\": 1,\n  \"interactions\": []\n}\n";

/// A local S3 that answers every ListBuckets with an empty list.
fn fake_s3() -> String {
    crate::moto::canned_server(
        "application/xml",
        "<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>",
    )
}

fn options(url: &str) -> FixtureOptions {
    FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .endpoint(url)
        .credentials(Credentials::new(
            "AKIDSAFETY0000000001",
            "safetySecret",
            None,
            None,
            "t",
        ))
}

/// A temporary directory holding a good fixture.
struct Dir(TempDir);

impl Dir {
    fn with_good_fixture() -> Self {
        let dir = TempDir::new();
        dir.write("f.json", GOOD);
        Dir(dir)
    }

    fn fixture(&self) -> PathBuf {
        self.0.join("f.json")
    }

    fn files(&self) -> Vec<String> {
        self.0.files()
    }

    /// The good fixture is untouched and the recording is beside it.
    fn assert_kept_with_recording_beside(&self) {
        assert_eq!(std::fs::read_to_string(self.fixture()).unwrap(), GOOD);
        assert_eq!(self.files(), ["f.json", "f.json.new"]);
        let beside = std::fs::read_to_string(self.0.join("f.json.new")).unwrap();
        assert!(
            beside.contains("\"operation\": \"ListBuckets\""),
            "{beside}"
        );
    }
}

/// Records one ListBuckets call into `path`, for a test that passes.
async fn record(path: &Path, url: &str) {
    let stubber = Stubber::fixture_with(path, options(url)).unwrap();
    list_buckets(&stubber).await.unwrap();
    stubber.finish().unwrap();
}

async fn list_buckets(stubber: &Stubber) -> Result<(), aws_sdk_s3::Error> {
    client!(aws_sdk_s3, stubber).list_buckets().send().await?;
    Ok(())
}

#[tokio::test]
async fn a_test_that_returns_err_never_replaces_the_fixture() {
    let dir = Dir::with_good_fixture();
    let url = fake_s3();
    async fn test_body(path: &Path, url: &str) -> Result<(), Box<dyn std::error::Error>> {
        let stubber = Stubber::fixture_with(path, options(url))?;
        list_buckets(&stubber).await?;
        Err("the code under test returned an error".into())
        // The stubber is dropped here, without finish().
    }
    assert!(test_body(&dir.fixture(), &url).await.is_err());
    dir.assert_kept_with_recording_beside();
}

#[tokio::test]
async fn a_panic_on_another_thread_holding_the_stubber_never_replaces_the_fixture() {
    let dir = Dir::with_good_fixture();
    let stubber = Stubber::fixture_with(dir.fixture(), options(&fake_s3())).unwrap();
    list_buckets(&stubber).await.unwrap();
    let clone = stubber.clone();
    let worker = std::thread::spawn(move || {
        let _held = clone;
        panic!("a worker of the test failed");
    });
    assert!(worker.join().is_err());
    let err = stubber.finish().unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Record);
    assert!(
        err.to_string()
            .contains("the test panicked, so the recording was written to"),
        "{err}"
    );
    assert!(err.to_string().ends_with(
        "(an existing file is kept as it was). Review it with `aws-stubber-fixture review`, and `accept` it if it is right."
    ));
    dir.assert_kept_with_recording_beside();
}

#[tokio::test]
async fn a_call_after_finish_is_an_error_and_keeps_the_fixture_safe() {
    let dir = Dir::with_good_fixture();
    let stubber = Stubber::fixture_with(dir.fixture(), options(&fake_s3())).unwrap();
    list_buckets(&stubber).await.unwrap();
    stubber.finish().unwrap();
    // The recording changes the committed fixture: it waits for review beside it.
    let written = std::fs::read_to_string(dir.0.join("f.json.new")).unwrap();
    assert!(written.contains("ListBuckets"));
    assert_eq!(std::fs::read_to_string(dir.fixture()).unwrap(), GOOD);
    let err = client!(aws_sdk_s3, &stubber)
        .list_buckets()
        .send()
        .await
        .unwrap_err();
    let stub = aws_stubber::StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::Misuse);
    assert_eq!(
        stub.message(),
        "aws-stubber: call #2 to S3 ListBuckets was made after the recording ended \
         (Stubber::finish() was called), so it was neither sent nor recorded. Call finish() \
         after the last call of the test."
    );
    assert_eq!(stubber.take_failures().len(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.0.join("f.json.new")).unwrap(),
        written
    );
    assert_eq!(std::fs::read_to_string(dir.fixture()).unwrap(), GOOD);
}

#[test]
fn a_path_that_cannot_be_written_fails_before_the_first_call() {
    let dir = Dir::with_good_fixture();
    let err = Stubber::fixture_with(dir.0.path(), options("http://127.0.0.1:1")).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Io);
    assert!(
        err.to_string()
            .ends_with("is a directory; give the path of a .json file in it"),
        "{err}"
    );
    let under_a_file = dir.fixture().join("nested.json");
    let err = Stubber::fixture_with(&under_a_file, options("http://127.0.0.1:1")).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Io);
    assert!(
        err.to_string()
            .contains("cannot be written (its directory cannot be created: "),
        "{err}"
    );
    assert!(err.to_string().ends_with("nothing was recorded"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_recordings_of_one_file_never_share_a_temporary_file() {
    let dir = Dir::with_good_fixture();
    let url = fake_s3();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (path, url) = (dir.fixture(), url.clone());
        tasks.push(tokio::spawn(async move {
            let stubber = Stubber::fixture_with(&path, options(&url)).unwrap();
            list_buckets(&stubber).await.unwrap();
            stubber.finish().unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(
        dir.files(),
        ["f.json", "f.json.new"],
        "no temporary file is left; the recording waits for review"
    );
    let fixture = aws_stubber::fixture::Fixture::load(dir.0.join("f.json.new")).unwrap();
    assert_eq!(fixture.interactions.len(), 1);
}

#[tokio::test]
async fn a_recording_that_changes_a_fixture_waits_for_review_and_an_unchanged_one_does_not() {
    let dir = TempDir::new();
    let path = dir.join("f.json");
    let url = fake_s3();
    // A new fixture waits for review too: there is nothing yet to replay.
    record(&path, &url).await;
    assert_eq!(dir.files(), ["f.json.new"]);
    let err =
        Stubber::fixture_with(&path, FixtureOptions::new().mode(RecordMode::None)).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Pending, "{err}");
    std::fs::rename(dir.join("f.json.new"), &path).unwrap();
    let first = aws_stubber::fixture::Fixture::load(&path).unwrap();
    // Recorded again with the same answers (other dates and invocation ids): the file is
    // replaced, and the note written in it is kept.
    let mut noted = first.clone();
    noted.docs = Some("a note written by hand".into());
    noted.write_atomic(&path).unwrap();
    record(&path, &url).await;
    assert_eq!(dir.files(), ["f.json"]);
    let again = aws_stubber::fixture::Fixture::load(&path).unwrap();
    assert_eq!(again.docs.as_deref(), Some("a note written by hand"));
    // A committed fixture the recording changes is kept, and the recording waits beside it.
    let mut edited = first.clone();
    edited.interactions[0].response = Some(
        aws_stubber::RawResponse::new(200)
            .header("content-type", "application/xml")
            .body("<ListAllMyBucketsResult><Buckets><Bucket><Name>old</Name></Bucket></Buckets></ListAllMyBucketsResult>"),
    );
    edited.write_atomic(&path).unwrap();
    record(&path, &url).await;
    assert_eq!(dir.files(), ["f.json", "f.json.new"]);
    assert_eq!(aws_stubber::fixture::Fixture::load(&path).unwrap(), edited);
}

#[tokio::test]
async fn a_recording_with_a_body_it_cannot_read_is_refused_when_asked_and_writes_nothing() {
    let dir = Dir::with_good_fixture();
    // An answer whose body is not a document the scrubber reads.
    let url = crate::moto::canned_server("text/plain", "opaque answer");
    let options = options(&url).scrubber(
        aws_stubber::scrub::Scrubber::default()
            .unreadable_bodies(aws_stubber::scrub::UnreadableBody::Refuse),
    );
    let stubber = Stubber::fixture_with(dir.fixture(), options).unwrap();
    let _ = list_buckets(&stubber).await;
    let err = stubber.finish().unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Secret);
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: cannot be scrubbed safely, so nothing was written: \
             interaction #1 response body: its content type \"text/plain\" is not one the \
             scrubber reads. Redact such bodies whole instead (UnreadableBody::Redact, or \
             --redact-unreadable), or mark a body that is an operation's raw payload with \
             \"payload\": true",
            dir.fixture().display()
        )
    );
    assert_eq!(
        dir.files(),
        ["f.json"],
        "nothing written, not even beside it"
    );
    assert_eq!(std::fs::read_to_string(dir.fixture()).unwrap(), GOOD);
}
