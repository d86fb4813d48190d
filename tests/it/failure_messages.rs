//! Every failure a user can meet, with its message pinned.

use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_stubber::{StubError, StubErrorKind, Stubber, client, op};

use crate::support::{expect_listing_of_logs, only_failure, scrub};

#[tokio::test]
async fn operation_out_of_order_names_both_and_keeps_the_entry() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    let err = s3.list_objects_v2().bucket("b").send().await.unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::OperationMismatch);
    assert_eq!(
        scrub(stub.message()),
        "aws-stubber: call #1 to S3 ListObjectsV2 does not match queue entry #1 ListBuckets (queued at <loc>): operation mismatch\n    \
         expected: ListBuckets\n    received: ListObjectsV2\n\
         The entry stays queued. Queue responses in the order the code makes its calls, or use Stubber::unordered()."
    );
    assert_eq!(only_failure(&stubber).message(), stub.message());
    // The entry is still there for the right call.
    s3.list_buckets().send().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn extra_call_names_the_operation_and_how_many_were_used() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    s3.list_buckets().send().await.unwrap();
    let err = s3.list_buckets().send().await.unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::UnexpectedCall);
    let message = stub.message();
    assert!(
        message.starts_with(
            "aws-stubber: unexpected call #2 to S3 ListBuckets: no response is queued (1 of 1 queued responses were used).\n\
             Queue one with add_response/add_client_error before the code makes this call, or remove the call.\nInput:\n    ListBucketsInput {"
        ),
        "{message}"
    );
    only_failure(&stubber);
}

#[tokio::test]
async fn an_extra_call_counts_calls_where_an_entry_answered_several() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_buckets);
    stubber
        .add_response(list, ListBucketsOutput::builder().build())
        .times(2);
    stubber.add_response(list, ListBucketsOutput::builder().build());
    for _ in 0..3 {
        s3.list_buckets().send().await.unwrap();
    }
    let err = s3.list_buckets().send().await.unwrap_err();
    let message = StubError::find(&err).unwrap().message().to_string();
    assert!(
        message.starts_with(
            "aws-stubber: unexpected call #4 to S3 ListBuckets: no response is queued (2 of 2 \
             queued responses were used, answering 3 calls).\n"
        ),
        "{message}"
    );
    only_failure(&stubber);
}

#[tokio::test]
async fn exact_input_mismatch_shows_a_line_diff() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let expected = aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Input::builder()
        .bucket("expected")
        .build()
        .unwrap();
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            ListObjectsV2Output::builder().build(),
        )
        .expect_input_eq(expected);
    let err = s3
        .list_objects_v2()
        .bucket("actual")
        .send()
        .await
        .unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::InputMismatch);
    assert_eq!(
        scrub(stub.message()),
        "aws-stubber: call #1 to S3 ListObjectsV2 does not match queue entry #1 ListObjectsV2 (queued at <loc>): \
         input differs from the expected input:\n\
         --- expected\n+++ received\n  ListObjectsV2Input {\n-     bucket: Some(\"expected\"),\n+     bucket: Some(\"actual\"),\n      delimiter: None,\n      encoding_type: None,\n      max_keys: None,\n  ...\n\
         The entry stays queued."
    );
    // A correct retry of the call still gets the entry (as in botocore).
    s3.list_objects_v2()
        .bucket("expected")
        .send()
        .await
        .unwrap();
    only_failure(&stubber);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn predicate_mismatch_shows_the_input() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            ListObjectsV2Output::builder().build(),
        )
        .expect_input_matches(|i| i.max_keys() == Some(10))
        .named("first page");
    let err = s3
        .list_objects_v2()
        .bucket("b")
        .max_keys(5)
        .send()
        .await
        .unwrap_err();
    let message = scrub(StubError::find(&err).unwrap().message());
    assert!(
        message.starts_with(
            "aws-stubber: call #1 to S3 ListObjectsV2 does not match queue entry #1 ListObjectsV2 \"first page\" (queued at <loc>): \
             input does not satisfy the predicate given to expect_input_matches; received:\n    ListObjectsV2Input {\n        bucket: Some(\"b\"),"
        ),
        "{message}"
    );
    assert!(
        message.contains("        max_keys: Some(5),\n"),
        "{message}"
    );
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
}

#[tokio::test]
async fn http_expectation_mismatch_lists_each_difference() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            ListObjectsV2Output::builder().build(),
        )
        .expect_http(|h| {
            h.method("POST")
                .query("prefix", "logs/")
                .header("x-amz-request-payer", "requester")
        });
    let err = s3
        .list_objects_v2()
        .bucket("b")
        .prefix("data/")
        .send()
        .await
        .unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::RequestMismatch);
    assert_eq!(
        scrub(stub.message()),
        "aws-stubber: call #1 to S3 ListObjectsV2 does not match queue entry #1 ListObjectsV2 (queued at <loc>): the HTTP request differs:\n    \
         method: expected POST, received GET\n    \
         query parameter \"prefix\": expected \"logs/\", received [\"data/\"]\n    \
         header \"x-amz-request-payer\": expected \"requester\", but it is absent\n\
         The entry stays queued."
    );
    stubber.take_expected_failures(&[StubErrorKind::RequestMismatch]);
}

#[test]
#[should_panic(
    expected = "aws-stubber: 2 response(s) remaining in queue (0 of 2 used):\n    #1 ListBuckets -> output ListBucketsOutput (queued at "
)]
fn assert_no_pending_responses_lists_what_is_left() {
    let stubber = Stubber::new();
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    stubber
        .add_client_error(op!(aws_sdk_s3::Client::get_object), "NoSuchKey", "gone")
        .http_status(404);
    stubber.assert_no_pending_responses();
}

#[test]
fn pending_entries_are_described_in_order() {
    let stubber = Stubber::new();
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    stubber
        .add_client_error(op!(aws_sdk_s3::Client::get_object), "NoSuchKey", "gone")
        .http_status(404);
    let pending: Vec<String> = stubber
        .pending_descriptions()
        .iter()
        .map(|d| scrub(d))
        .collect();
    assert_eq!(
        pending,
        [
            "#1 ListBuckets -> output ListBucketsOutput (queued at <loc>)",
            "#2 GetObject -> client error NoSuchKey (404) (queued at <loc>)"
        ]
    );
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn a_swallowed_error_still_fails_verification() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    // The code under test ignores the error of an unexpected call...
    let _ = s3.list_buckets().send().await;
    // ...but verification reports it.
    let err = stubber.verify().unwrap_err();
    assert!(
        err.message().starts_with(
            "aws-stubber: 1 stubbed call(s) failed during the test (the code under test may have swallowed the error):\n\
             1. aws-stubber: unexpected call #1 to S3 ListBuckets"
        ),
        "{}",
        err.message()
    );
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        stubber.assert_no_pending_responses()
    }));
    assert!(
        panic.is_err(),
        "assert_no_pending_responses must fail on a swallowed error"
    );
    stubber.take_failures();
}

#[test]
fn dropping_with_pending_entries_panics_with_the_list() {
    let result = std::panic::catch_unwind(|| {
        let stubber = Stubber::new();
        stubber.add_response(
            op!(aws_sdk_s3::Client::list_buckets),
            ListBucketsOutput::builder().build(),
        );
    });
    let payload = result.expect_err("drop must fail the test");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        message,
        "aws-stubber: 1 response(s) remaining in queue (0 of 1 used):\n    \
         #1 ListBuckets -> output ListBucketsOutput (queued at tests/it/failure_messages.rs:256:17)\n\
         (reported when the Stubber made at tests/it/failure_messages.rs:255:23 was dropped; \
         call assert_no_pending_responses() to check earlier, or verify_on_drop(false) to opt out)"
    );
}

#[test]
fn dropping_while_already_panicking_does_not_abort() {
    // A double panic would abort the whole test binary; this test passing proves it does not.
    let handle = std::thread::spawn(|| {
        let stubber = Stubber::new();
        stubber.add_response(
            op!(aws_sdk_s3::Client::list_buckets),
            ListBucketsOutput::builder().build(),
        );
        panic!("the test body failed");
    });
    let payload = handle.join().expect_err("the thread panicked");
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"the test body failed")
    );
}

#[test]
fn verify_on_drop_can_be_turned_off() {
    let stubber = Stubber::new();
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    stubber.verify_on_drop(false);
}

#[test]
fn clones_verify_only_when_the_last_handle_drops() {
    let stubber = Stubber::new();
    let clone = stubber.clone();
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    drop(stubber); // another handle is alive: no verification yet
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(clone)));
    assert!(result.is_err());
}

#[test]
#[should_panic(
    expected = "aws-stubber: the expectation passed to expect_input sets no field the stubber can compare"
)]
fn partial_expectation_on_a_redacted_field_is_rejected_when_built() {
    let stubber = Stubber::new();
    stubber.verify_on_drop(false);
    stubber
        .add_response(
            op!(aws_sdk_iam::Client::create_login_profile),
            aws_sdk_iam::operation::create_login_profile::CreateLoginProfileOutput::builder()
                .build(),
        )
        .expect_input(|i| i.password("hunter2"));
}

#[test]
#[should_panic(
    expected = "aws-stubber: 1000 is not an HTTP status code; use a number from 100 to 999"
)]
fn invalid_status_is_rejected_when_queued() {
    let stubber = Stubber::new();
    stubber.verify_on_drop(false);
    stubber
        .add_client_error(op!(aws_sdk_s3::Client::get_object), "X", "y")
        .http_status(1000);
}

#[tokio::test]
async fn a_poisoned_stubber_keeps_working() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    // Poison the lock: panic while the stubber is being formatted under its lock.
    let stubber2 = stubber.clone();
    let _ = std::thread::spawn(move || {
        let _s = stubber2;
        struct Bomb;
        impl std::fmt::Debug for Bomb {
            fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                panic!("boom")
            }
        }
        let _ = format!("{:?}", Bomb);
    })
    .join();
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    s3.list_buckets().send().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_client_error_is_answered_with_400_unless_told_otherwise() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let get = op!(aws_sdk_s3::Client::get_object);
    stubber.add_client_error(get, "NoSuchKey", "gone");
    stubber
        .add_client_error(get, "NoSuchKey", "gone")
        .http_status(404);
    for status in [400, 404] {
        let err = s3
            .get_object()
            .bucket("b")
            .key("k")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.raw_response().unwrap().status().as_u16(), status);
        assert!(err.into_service_error().is_no_such_key());
    }
}

#[tokio::test]
async fn a_call_never_takes_an_entry_whose_expectations_are_still_being_attached() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let queued = stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    let err = s3.list_buckets().send().await.unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::Misuse);
    assert_eq!(
        scrub(stub.message()),
        "aws-stubber: call #1 to S3 ListBuckets came while queue entry #1 ListBuckets (queued \
         at <loc>) was still being set up: the value its add_* returned is alive, so its \
         expectations may not all be attached yet. Chain them in the statement that queues the \
         entry (or drop that value) before the code makes the call. The entry stays queued."
    );
    drop(queued.named("ready now"));
    s3.list_buckets().send().await.unwrap();
    assert_eq!(stubber.take_failures().len(), 1);
    stubber.assert_no_pending_responses();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrent_call_never_takes_an_entry_without_its_expectations() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    // Another task keeps calling with the wrong bucket while the entry is being queued.
    let caller = {
        let s3 = s3.clone();
        tokio::spawn(async move {
            for _ in 0..500 {
                let out = s3.list_objects_v2().bucket("wrong").send().await;
                assert!(
                    out.is_err(),
                    "a call took the entry before its expectation was attached"
                );
                tokio::task::yield_now().await;
            }
        })
    };
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            ListObjectsV2Output::builder().build(),
        )
        .expect_input(|i| i.bucket("right"));
    caller.await.unwrap();
    s3.list_objects_v2().bucket("right").send().await.unwrap();
    stubber.take_failures();
    stubber.assert_no_pending_responses();
}

/// Whether recording is refused depends on `CI`, which the process's environment holds: the
/// check runs in a copy of this test binary started with `CI=true`, whatever the outer
/// environment says.
#[test]
fn recording_is_refused_when_ci_is_set() {
    if crate::support::checked_in_a_child(
        "failure_messages::recording_is_refused_when_ci_is_set",
        &[("CI", "true"), ("AWS_STUBBER_RECORD", "all")],
    ) {
        return;
    }
    let dir = crate::support::TempDir::new();
    let path = dir.join("ci.json");
    let err = Stubber::fixture_with(
        &path,
        aws_stubber::record::FixtureOptions::new().mode(aws_stubber::record::RecordMode::All),
    )
    .unwrap_err();
    assert_eq!(err.kind(), aws_stubber::fixture::FixtureErrorKind::Record);
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: FixtureOptions::mode asks to record, but recording is disabled when CI is set; record locally and commit the file",
            path.display()
        )
    );
    // Asked by the environment, the message names the variable.
    let err = Stubber::fixture(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: AWS_STUBBER_RECORD asks to record, but recording is disabled when CI is set; record locally and commit the file",
            path.display()
        )
    );
    assert!(!path.exists());
}

#[tokio::test]
async fn expected_failures_excuse_only_the_entries_they_left_queued() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    expect_listing_of_logs(&stubber);
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    s3.list_objects_v2()
        .bucket("typo")
        .send()
        .await
        .unwrap_err();
    let failures = stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
    assert_eq!(failures.len(), 1);
    // The entry the failed call was checked against is excused; the one after it is not.
    let message = scrub(&stubber.verify().unwrap_err().to_string());
    assert_eq!(
        message,
        "aws-stubber: 1 response(s) remaining in queue (0 of 2 used):\n    \
         #2 ListBuckets -> output ListBucketsOutput (queued at <loc>)"
    );
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn expected_failures_of_another_kind_fail_at_the_callers_line() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    s3.list_buckets().send().await.unwrap_err();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        stubber.take_expected_failures(&[StubErrorKind::InputMismatch])
    }))
    .unwrap_err();
    let message = scrub(caught.downcast_ref::<String>().unwrap());
    assert_eq!(
        message,
        "aws-stubber: expected failures of kinds [InputMismatch], but the calls failed with [UnexpectedCall]\n\
         1. UnexpectedCall: aws-stubber: unexpected call #1 to S3 ListBuckets: no response is queued (0 of 0 queued responses were used).\n\
         Queue one with add_response/add_client_error before the code makes this call, or remove the call.\n\
         Input:\n    ListBucketsInput {\n        max_buckets: None,\n        continuation_token: None,\n        prefix: None,\n        bucket_region: None,\n    }"
    );
    let none = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        stubber.take_expected_failures(&[StubErrorKind::InputMismatch])
    }))
    .unwrap_err();
    assert_eq!(
        none.downcast_ref::<String>().unwrap(),
        "aws-stubber: expected failures of kinds [InputMismatch], but the calls failed with []\nNo stubbed call failed."
    );
}

#[tokio::test]
async fn unwrap_expect_and_question_mark_show_the_message_with_its_line_breaks() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    expect_listing_of_logs(&stubber);
    let result = s3.list_objects_v2().bucket("typo").send().await;
    let message = StubError::find(result.as_ref().unwrap_err())
        .unwrap()
        .message()
        .to_string();
    assert!(
        message.contains("\n--- expected\n+++ received\n"),
        "{message}"
    );

    // `.unwrap()` and `.expect()` print the SdkError's Debug.
    let unwrapped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        result.as_ref().unwrap();
    }))
    .unwrap_err();
    let shown = unwrapped.downcast_ref::<String>().unwrap();
    assert!(
        shown.contains(&format!("StubError(InputMismatch):\n\n{message}\n\n")),
        "{shown}"
    );
    // A test returning `Result<(), Box<dyn Error>>` prints the error's Debug too.
    let boxed: Box<dyn std::error::Error> = Box::new(result.unwrap_err());
    assert!(format!("{boxed:?}").contains(&message));
    // `DisplayErrorContext` prints each source's Display.
    let context = aws_smithy_types::error::display::DisplayErrorContext(&*boxed).to_string();
    assert!(context.contains(&message), "{context}");
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
}

#[tokio::test]
async fn panic_on_failure_panics_inside_the_call_with_the_whole_message() {
    let stubber = Stubber::new();
    stubber.panic_on_failure(true);
    let s3 = client!(aws_sdk_s3, &stubber);
    expect_listing_of_logs(&stubber);
    let call = tokio::spawn(async move { s3.list_objects_v2().bucket("typo").send().await });
    let panic = call.await.unwrap_err().into_panic();
    let message = scrub(panic.downcast_ref::<String>().unwrap());
    assert_eq!(
        message,
        "aws-stubber: call #1 to S3 ListObjectsV2 does not match queue entry #1 ListObjectsV2 (queued at <loc>): \
         input differs from the expectation (only the fields it sets are compared):\n\
         --- expected\n\
         +++ received\n  \
         ListObjectsV2Input {\n\
         -     bucket: Some(\"logs\"),\n\
         +     bucket: Some(\"typo\"),\n      \
               ..\n  \
         }\n\
         The entry stays queued."
    );
    // The failure is remembered all the same, for code that catches the panic.
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
}

#[test]
fn errors_read_as_their_message_when_unwrapped_or_returned() {
    // What `unwrap()` and a test returning `Err` print is the error's `Debug`.
    let missing =
        aws_stubber::fixture::Fixture::load("tests/fixtures/no_such_file.json").unwrap_err();
    assert_eq!(format!("{missing:?}"), missing.to_string());
    assert!(
        format!("{missing:?}")
            .starts_with("aws-stubber: fixture file tests/fixtures/no_such_file.json: "),
        "{missing:?}"
    );
    let text = br#"{ "version": 1, "interactions": [ { "service": "S", "operation": "O",
        "request": { "method": "GET", "uri": "https://x/" },
        "response": { "status": 200, "headers": { "content-type": "application/xml" }, "body": "<a>" } } ] }"#;
    let mut fixture = aws_stubber::fixture::Fixture::parse("f.json".as_ref(), text).unwrap();
    let refused = aws_stubber::scrub::Scrubber::default()
        .unreadable_bodies(aws_stubber::scrub::UnreadableBody::Refuse)
        .scrub_fixture(&mut fixture)
        .unwrap_err();
    assert_eq!(format!("{refused:?}"), refused.to_string());
}
