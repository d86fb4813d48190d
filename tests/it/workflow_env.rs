//! The recording workflow as a user's environment drives it: which record modes need what
//! (a recording, an endpoint), what `CI` changes, the README's workflow step by step in copies
//! of the test binary, and the messages a recording prints. The cycle itself, mode by mode,
//! is `workflow.rs`.

use std::path::PathBuf;

use aws_credential_types::Credentials;
use aws_stubber::fixture::FixtureErrorKind;
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::{Stubber, client};

use crate::moto::{start_moto, start_moto_on};
use crate::support::TempDir;
use crate::workflow::{live, pending, run_tool};

/// A fixture written by hand, recorded against `endpoint`.
fn hand_written(dir: &TempDir, endpoint: &str) -> PathBuf {
    dir.write(
        "hand.json",
        format!(
            r#"{{ "version": 1, "endpoint": "{endpoint}", "interactions": [ {{
                "service": "S3", "operation": "ListBuckets",
                "request": {{ "method": "GET", "uri": "{endpoint}/?x-id=ListBuckets" }},
                "response": {{ "status": 200, "body": "<ListAllMyBucketsResult/>" }} }} ] }}"#
        ),
    )
}

#[test]
fn a_drift_check_needs_a_recording_and_new_episodes_need_its_endpoint() {
    let dir = TempDir::new();
    let missing = dir.join("missing.json");
    let err =
        Stubber::fixture_with(&missing, FixtureOptions::new().mode(RecordMode::Drift)).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Missing);
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: does not exist, so there is nothing to check for \
             drift: record it first",
            missing.display()
        )
    );
    let path = hand_written(&dir, "http://127.0.0.1:1");
    let options = FixtureOptions::new()
        .mode(RecordMode::NewEpisodes)
        .record_on_ci(true)
        .endpoint("http://127.0.0.1:2");
    let err = Stubber::fixture_with(&path, options).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Record);
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: was recorded against http://127.0.0.1:1, but new \
             episodes would be recorded against http://127.0.0.1:2: one file cannot hold both; \
             record it whole with AWS_STUBBER_RECORD=all",
            path.display()
        )
    );
    assert_eq!(dir.files(), ["hand.json"], "nothing was written");
}

#[test]
fn under_ci_a_drift_check_runs_and_new_episodes_are_not_recorded() {
    if crate::support::checked_in_a_child(
        "workflow_env::under_ci_a_drift_check_runs_and_new_episodes_are_not_recorded",
        &[("CI", "true"), ("AWS_STUBBER_RECORD", "drift")],
    ) {
        return;
    }
    let dir = TempDir::new();
    let path = hand_written(&dir, "http://127.0.0.1:1");
    let checker = Stubber::fixture(&path).unwrap();
    assert!(
        checker.is_recording(),
        "a drift check writes nothing: it runs on CI"
    );
    drop(checker);
    let err = Stubber::fixture_with(&path, FixtureOptions::new().mode(RecordMode::NewEpisodes))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: FixtureOptions::mode asks to record, but recording \
             is disabled when CI is set; record locally and commit the file",
            path.display()
        )
    );
    assert_eq!(dir.files(), ["hand.json"], "nothing was written");
}

#[test]
fn an_unknown_record_mode_lists_the_modes() {
    if crate::support::checked_in_a_child(
        "workflow_env::an_unknown_record_mode_lists_the_modes",
        &[("AWS_STUBBER_RECORD", "sometimes")],
    ) {
        return;
    }
    let err = Stubber::fixture("tests/fixtures/buckets.json").unwrap_err();
    assert_eq!(
        err.to_string(),
        "aws-stubber: fixture file tests/fixtures/buckets.json: AWS_STUBBER_RECORD=\"sometimes\" \
         is not a record mode; use none, missing, new_episodes, all or drift"
    );
}

/// The workflow as the README gives it, driven by the environment the way a user's commands
/// set it: `AWS_STUBBER_RECORD=missing` with `AWS_ENDPOINT_URL` and credentials in the
/// environment, review and accept, replay with `CI` set and moto stopped, then
/// `AWS_STUBBER_RECORD=drift` once moto's state changed. Each step runs in a copy of the test
/// binary with that environment.
#[test]
fn the_readme_workflow_driven_by_the_environment() {
    const NAME: &str = "workflow_env::the_readme_workflow_driven_by_the_environment";
    if crate::support::in_a_child() {
        return readme_step();
    }
    let Some(moto) = start_moto() else { return };
    let dir = TempDir::new();
    let path = dir.join("buckets.json");
    let (fixture, shown_dir) = (path.to_str().unwrap(), dir.path().to_str().unwrap());
    let url = moto.url.clone();
    let user = |step: &'static str, mode: &'static str, ci: &'static str| {
        [
            ("AWS_STUBBER_TEST_STEP", step),
            ("AWS_STUBBER_TEST_FIXTURE", fixture),
            ("AWS_STUBBER_RECORD", mode),
            ("CI", ci),
            ("AWS_ENDPOINT_URL", url.as_str()),
            ("AWS_ACCESS_KEY_ID", "AKIDREADME0000000001"),
            ("AWS_SECRET_ACCESS_KEY", "readmeSecretMustNotLeak"),
        ]
    };
    // AWS_STUBBER_RECORD=missing cargo test --features s3,record
    crate::support::checked_in_a_child(NAME, &user("record", "missing", ""));
    assert_eq!(dir.files(), ["buckets.json.new"]);
    // aws-stubber-fixture review, accept
    assert!(run_tool(&["review", shown_dir]).contains("+ interaction 1: S3 ListBuckets"));
    run_tool(&["accept", shown_dir]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("readmeSecretMustNotLeak") && !text.contains("AKIDREADME"));
    // CI: cargo test, nothing listening any more.
    let port = moto.port();
    drop(moto);
    crate::support::checked_in_a_child(NAME, &user("replay", "none", "true"));
    // AWS_STUBBER_RECORD=drift cargo test --features s3,record, once a bucket was created.
    let moto = start_moto_on(Some(port)).expect("moto starts again");
    let seeder = Stubber::fixture_with(
        dir.join("seed.json"),
        live(&moto).mode(RecordMode::All).review(false),
    )
    .unwrap();
    let s3 = client!(aws_sdk_s3, &seeder);
    let created = s3.create_bucket().bucket("new-bucket").send();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(created)
        .unwrap();
    seeder.finish().unwrap();
    drop(seeder);
    std::fs::remove_file(dir.join("seed.json")).unwrap();
    crate::support::checked_in_a_child(NAME, &user("drift", "drift", ""));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// One step of the README's workflow, as the user's test runs it: the environment chooses.
fn readme_step() {
    let step = std::env::var("AWS_STUBBER_TEST_STEP").unwrap();
    let path = std::env::var("AWS_STUBBER_TEST_FIXTURE").unwrap();
    let stubber = Stubber::fixture(&path).unwrap();
    assert_eq!(stubber.is_recording(), step != "replay", "{step}");
    let s3 = client!(aws_sdk_s3, &stubber);
    let out = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(s3.list_buckets().send())
        .unwrap();
    match step.as_str() {
        "drift" => {
            let err = stubber.finish().unwrap_err();
            assert_eq!(err.kind(), FixtureErrorKind::Drift, "{err}");
            assert!(
                err.to_string().contains(
                    "response field ListAllMyBucketsResult/Buckets/Bucket/Name: \"new-bucket\" added"
                ),
                "{err}"
            );
        }
        _ => {
            assert!(out.buckets().is_empty());
            stubber.finish().unwrap();
        }
    }
}

/// What a recording prints when it does not fail: a new recording waiting for review, and a
/// drift check that found none. Run in a copy of the test binary, whose stderr is read.
#[test]
fn the_messages_a_recording_prints_are_pinned() {
    const NAME: &str = "workflow_env::the_messages_a_recording_prints_are_pinned";
    let dir_var = "AWS_STUBBER_TEST_DIR";
    if crate::support::in_a_child() {
        let path = PathBuf::from(std::env::var(dir_var).unwrap()).join("printed.json");
        let url = crate::moto::canned_server("application/xml", "<ListAllMyBucketsResult/>");
        let options = FixtureOptions::new()
            .record_on_ci(true)
            .endpoint(&url)
            .credentials(Credentials::new(
                "AKIDPRINT00000000001",
                "printSecret",
                None,
                None,
                "t",
            ));
        let list = |stubber: &Stubber| {
            let s3 = client!(aws_sdk_s3, stubber);
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(s3.list_buckets().send()).unwrap();
        };
        let recorder = Stubber::fixture_with(&path, options.clone().mode(RecordMode::All)).unwrap();
        list(&recorder);
        recorder.finish().unwrap();
        drop(recorder);
        std::fs::rename(pending(&path), &path).unwrap();
        let checker = Stubber::fixture_with(&path, options.mode(RecordMode::Drift)).unwrap();
        list(&checker);
        checker.finish().unwrap();
        return;
    }
    let dir = TempDir::new();
    let shown = dir.path().to_str().unwrap();
    let stderr = crate::support::stderr_of_a_child(NAME, &[(dir_var, shown)]).unwrap();
    let path = dir.join("printed.json");
    assert_eq!(
        stderr,
        format!(
            "aws-stubber: {path} is a new recording: it waits for review in {path}.new. Run \
             `aws-stubber-fixture review`, then `accept` or `reject` it.\n\
             aws-stubber: no drift: the live endpoint answers the interaction of {path} as \
             recorded\n",
            path = path.display()
        )
    );
}
