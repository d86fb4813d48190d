//! Fixture files older than their maximum age: warn, fail, or record again.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_stubber::fixture::FixtureErrorKind;
use aws_stubber::record::{FixtureOptions, RecordMode, WhenExpired};
use aws_stubber::{Stubber, client};

use crate::support::{TempFixture, checked_in_a_child};

/// A listing recorded in 2001.
const OLD: &str = r#"{
  "version": 1,
  "recorded_at": "1000000000",
  "interactions": [
    {
      "service": "S3",
      "operation": "ListBuckets",
      "request": { "method": "GET", "uri": "https://s3.us-east-1.amazonaws.com/?x-id=ListBuckets", "headers": {}, "body": "" },
      "response": { "status": 200, "headers": { "content-type": "application/xml" }, "body": "<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>" }
    }
  ]
}
"#;

const MONTH: Duration = Duration::from_secs(30 * 86_400);

fn old_fixture() -> TempFixture {
    let path = TempFixture::new("old.json");
    std::fs::write(&path, OLD).unwrap();
    path
}

fn days_since_2001() -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    (now - 1_000_000_000) / 86_400
}

fn replay() -> FixtureOptions {
    FixtureOptions::new().mode(RecordMode::None)
}

#[test]
fn past_its_maximum_age_a_fixture_fails_and_says_how_old_it_is() {
    let path = old_fixture();
    let err = Stubber::fixture_with(&path, replay().max_age(MONTH, WhenExpired::Fail)).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Expired);
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: was recorded {} days ago, more than its maximum age of 30 days; re-record it (AWS_STUBBER_RECORD=all) and review the changes before committing them",
            path.display(),
            days_since_2001()
        )
    );
    // Young enough, it replays.
    let stubber = Stubber::fixture_with(
        &path,
        replay().max_age(Duration::from_secs(u64::MAX / 2), WhenExpired::Fail),
    )
    .unwrap();
    assert_eq!(stubber.pending(), 1);
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn warn_replays_an_old_fixture() {
    let path = old_fixture();
    let stubber = Stubber::fixture_with(&path, replay().max_age(MONTH, WhenExpired::Warn)).unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    s3.list_buckets().send().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[test]
fn record_re_records_an_old_fixture_where_recording_is_allowed() {
    if checked_in_a_child(
        "expiry::record_re_records_an_old_fixture_where_recording_is_allowed",
        &[("CI", "")],
    ) {
        return;
    }
    let path = old_fixture();
    let url = crate::moto::canned_server("application/xml", "<ListAllMyBucketsResult/>");
    let options = replay()
        .max_age(MONTH, WhenExpired::Record)
        .endpoint(url)
        .credentials(Credentials::new(
            "AKIDEXPIRY0000000001",
            "expirySecret",
            None,
            None,
            "t",
        ));
    let stubber = Stubber::fixture_with(&path, options).unwrap();
    assert!(stubber.is_recording());
    stubber.verify_on_drop(false);
}

#[test]
fn record_fails_on_ci_where_nothing_is_recorded() {
    if checked_in_a_child(
        "expiry::record_fails_on_ci_where_nothing_is_recorded",
        &[("CI", "true")],
    ) {
        return;
    }
    let path = old_fixture();
    let err =
        Stubber::fixture_with(&path, replay().max_age(MONTH, WhenExpired::Record)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: was recorded {} days ago, more than its maximum age of 30 days, and it is not re-recorded when CI is set; re-record it locally",
            path.display(),
            days_since_2001()
        )
    );
}

#[test]
fn the_environment_sets_a_maximum_age_for_every_fixture() {
    if checked_in_a_child(
        "expiry::the_environment_sets_a_maximum_age_for_every_fixture",
        &[("AWS_STUBBER_MAX_AGE", "365d")],
    ) {
        return;
    }
    let path = old_fixture();
    let err = Stubber::fixture_with(&path, replay()).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Expired);
    assert!(
        err.to_string()
            .contains("more than its maximum age of 365 days"),
        "{err}"
    );
}

#[test]
fn a_maximum_age_that_is_not_one_is_reported() {
    if checked_in_a_child(
        "expiry::a_maximum_age_that_is_not_one_is_reported",
        &[("AWS_STUBBER_MAX_AGE", "a year")],
    ) {
        return;
    }
    let path = old_fixture();
    let err = Stubber::fixture_with(&path, replay()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: AWS_STUBBER_MAX_AGE=\"a year\" is not an age; write a number of days, hours or seconds, such as 90d, 12h or 3600s",
            path.display()
        )
    );
}
