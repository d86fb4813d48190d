//! A fixture file per test, named after it: `test_fixture!()` needs no path.

use std::path::Path;

use aws_stubber::fixture::{FixtureErrorKind, test_fixture_path};
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::{client, test_fixture};
use rstest::rstest;

fn fixtures_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

#[tokio::test]
async fn replays_the_file_named_after_the_test() {
    assert_eq!(
        test_fixture_path!().unwrap(),
        fixtures_dir().join("fixture_per_test/replays_the_file_named_after_the_test.json")
    );
    let stubber = test_fixture!(FixtureOptions::new().mode(RecordMode::None)).unwrap();
    let s3 = client!(aws_sdk_s3, &stubber);
    let out = s3.list_buckets().send().await.unwrap();
    assert_eq!(out.buckets()[0].name(), Some("my-bucket"));
    stubber.finish().unwrap();
}

#[rstest]
#[case::first("a")]
#[case::second("b")]
fn each_rstest_case_gets_its_own_file(#[case] _bucket: &str) {
    let path = test_fixture_path!().unwrap();
    let case = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        path.starts_with(
            fixtures_dir().join("fixture_per_test/each_rstest_case_gets_its_own_file")
        ),
        "{}",
        path.display()
    );
    assert!(
        case.starts_with("case_1_first") || case.starts_with("case_2_second"),
        "{case}"
    );
}

#[test]
fn a_missing_file_says_how_to_record_it() {
    let err = test_fixture!(FixtureOptions::new().mode(RecordMode::None)).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Missing);
    assert!(
        err.to_string().contains(
            "tests/fixtures/fixture_per_test/a_missing_file_says_how_to_record_it.json: does not exist"
        ),
        "{err}"
    );
}

#[test]
fn outside_the_test_thread_it_says_why_it_cannot_name_the_file() {
    let err = std::thread::spawn(|| test_fixture!().unwrap_err())
        .join()
        .unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: cannot tell which test is running: this thread is named \"\", not after a test. Call test_fixture!() in the test itself (not in a thread or task it spawns), or give Stubber::fixture a path",
            env!("CARGO_MANIFEST_DIR")
        )
    );
}
