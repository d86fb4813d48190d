//! Entries that answer several calls (`times`) and responses computed from the input.

use aws_sdk_s3::operation::get_object::{GetObjectError, GetObjectOutput};
use aws_sdk_s3::operation::head_object::HeadObjectOutput;
use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::types::error::NoSuchKey;
use aws_stubber::{ANY, StubError, StubErrorKind, Stubber, client, op};

use crate::support::{expect_listing_of_logs, panic_message, scrub};

#[tokio::test]
async fn an_entry_answers_the_next_n_calls_and_strict_order_holds_around_it() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    stubber
        .add_response(list, ListObjectsV2Output::builder().key_count(7).build())
        .expect_input(|i| i.bucket("logs"))
        .times(2);
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    assert_eq!(
        scrub(&stubber.pending_descriptions()[0]),
        "#1 ListObjectsV2 -> output ListObjectsV2Output, 2 of 2 calls left (queued at <loc>)"
    );
    for _ in 0..2 {
        let out = s3.list_objects_v2().bucket("logs").send().await.unwrap();
        assert_eq!(out.key_count(), Some(7));
    }
    // A third listing is out of order: the next entry is the bucket listing.
    let err = s3
        .list_objects_v2()
        .bucket("logs")
        .send()
        .await
        .unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::OperationMismatch);
    assert!(
        scrub(stub.message()).starts_with(
            "aws-stubber: call #3 to S3 ListObjectsV2 does not match queue entry #2 ListBuckets (queued at <loc>): operation mismatch"
        ),
        "{}",
        stub.message()
    );
    stubber.take_expected_failures(&[StubErrorKind::OperationMismatch]);
    s3.list_buckets().send().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn each_use_checks_the_expectations() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    expect_listing_of_logs(&stubber).times(2);
    s3.list_objects_v2().bucket("logs").send().await.unwrap();
    s3.list_objects_v2()
        .bucket("typo")
        .send()
        .await
        .unwrap_err();
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
    // The failed call used nothing: the entry still answers one more call.
    assert_eq!(
        scrub(&stubber.pending_descriptions()[0]),
        "#1 ListObjectsV2 -> output ListObjectsV2Output, 1 of 2 calls left (queued at <loc>)"
    );
    s3.list_objects_v2().bucket("logs").send().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn unused_repeats_are_reported() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_client_error(op!(aws_sdk_s3::Client::get_object), "NoSuchKey", "gone")
        .http_status(404)
        .times(3);
    for _ in 0..2 {
        let err = s3
            .get_object()
            .bucket("b")
            .key("k")
            .send()
            .await
            .unwrap_err();
        assert!(err.into_service_error().is_no_such_key());
    }
    assert_eq!(
        scrub(&stubber.verify().unwrap_err().to_string()),
        "aws-stubber: 1 response(s) remaining in queue (0 of 1 used):\n    \
         #1 GetObject -> client error NoSuchKey (404), 1 of 3 calls left (queued at <loc>)"
    );
    stubber.verify_on_drop(false);
}

#[test]
fn what_cannot_repeat_is_refused_where_it_is_queued() {
    let stubber = Stubber::new();
    stubber.verify_on_drop(false);
    let get = op!(aws_sdk_s3::Client::get_object);
    assert_eq!(
        panic_message(|| {
            stubber
                .add_error(get, GetObjectError::NoSuchKey(NoSuchKey::builder().build()))
                .times(2);
        }),
        "aws-stubber: queue entry #1 (modeled error NoSuchKey (400)) cannot answer 2 calls: the \
         SDK's error types are not Clone; build one for each call with add_error_fn, or use \
         add_client_error, which can answer several calls"
    );
    assert_eq!(
        panic_message(|| {
            stubber
                .add_response(get, GetObjectOutput::builder().build())
                .times(2);
        }),
        "aws-stubber: queue entry #2 (output GetObjectOutput) cannot answer 2 calls: its output \
         type is not Clone (it holds a stream, say); build one for each call with \
         add_response_fn (or from the input with add_computed_response)"
    );
    assert_eq!(
        panic_message(|| {
            stubber.add_client_error(get, "NoSuchKey", "gone").times(0);
        }),
        "aws-stubber: times(0) queues an entry no call may take; remove the entry instead"
    );
}

#[tokio::test]
async fn a_computed_response_is_made_from_each_calls_input() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_computed_response(op!(aws_sdk_s3::Client::head_object), |input| {
            HeadObjectOutput::builder()
                .e_tag(format!("\"{}\"", input.key().unwrap_or_default()))
                .build()
        })
        .expect_input(|i| i.bucket("b").key(ANY))
        .times(2);
    for key in ["first", "second"] {
        let out = s3.head_object().bucket("b").key(key).send().await.unwrap();
        assert_eq!(out.e_tag(), Some(format!("\"{key}\"").as_str()));
    }
    assert_eq!(stubber.pending(), 0);
}

#[tokio::test]
async fn a_computed_response_that_panics_is_a_reported_failure() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_computed_response(op!(aws_sdk_s3::Client::head_object), |input| {
        assert_eq!(input.key(), Some("expected"), "the key the test wanted");
        HeadObjectOutput::builder().build()
    });
    let err = s3
        .head_object()
        .bucket("b")
        .key("other")
        .send()
        .await
        .unwrap_err();
    let failures = stubber.take_expected_failures(&[StubErrorKind::Misuse]);
    assert_eq!(StubError::find(&err), Some(&failures[0]));
    assert!(
        failures[0].message().starts_with(
            "aws-stubber: call #1 to S3 HeadObject: the function given to add_computed_response \
             panicked (assertion `left == right` failed: the key the test wanted"
        ),
        "{}",
        failures[0].message()
    );
    // The entry was taken by the call: nothing is left.
    stubber.assert_no_pending_responses();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_entries_serve_concurrent_calls_in_unordered_mode() {
    let stubber = Stubber::unordered();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_buckets),
            ListBucketsOutput::builder().build(),
        )
        .times(20);
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let s3 = s3.clone();
            tokio::spawn(async move { s3.list_buckets().send().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn an_order_mismatch_on_an_entry_of_several_calls_says_how_many_it_has_left() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_buckets),
            ListBucketsOutput::builder().build(),
        )
        .times(3);
    s3.list_buckets().send().await.unwrap();
    let line = line!() - 6;
    s3.head_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap_err();
    let failures = stubber.take_expected_failures(&[StubErrorKind::OperationMismatch]);
    assert_eq!(
        failures[0].message(),
        format!(
            "aws-stubber: call #2 to S3 HeadObject does not match queue entry #1 ListBuckets (2 \
             of 3 calls left, queued at tests/it/repeated.rs:{line}:10): operation mismatch\n    \
             expected: ListBuckets\n    received: HeadObject\nThe entry stays queued. Queue \
             responses in the order the code makes its calls, or use Stubber::unordered()."
        )
    );
    stubber.verify_on_drop(false);
}
