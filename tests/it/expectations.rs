//! Input expectations: fields required absent or present with any value, and what partial
//! expectations leave unchecked.

use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_stubber::{StubError, StubErrorKind, Stubber, client, op};

use crate::support::{panic_message, scrub};

fn listing() -> ListObjectsV2Output {
    ListObjectsV2Output::builder().build()
}

#[tokio::test]
async fn a_field_required_absent_fails_when_present_with_a_diff() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    for _ in 0..2 {
        stubber
            .add_response(list, listing())
            .expect_input(|i| i.bucket("foo"))
            .expect_absent(["prefix"]);
    }
    s3.list_objects_v2().bucket("foo").send().await.unwrap();
    let err = s3
        .list_objects_v2()
        .bucket("foo")
        .prefix("bar")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        scrub(StubError::find(&err).unwrap().message()),
        "aws-stubber: call #2 to S3 ListObjectsV2 does not match queue entry #2 ListObjectsV2 (queued at <loc>): \
         input differs from the expectation (only the fields it sets are compared):\n\
         --- expected\n\
         +++ received\n  \
         ListObjectsV2Input {\n      \
               bucket: Some(\"foo\"),\n\
         -     prefix: None (must be absent),\n\
         +     prefix: Some(\"bar\"),\n      \
               ..\n  \
         }\n\
         The entry stays queued."
    );
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
}

#[tokio::test]
async fn none_in_a_partial_expectation_means_not_checked() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(op!(aws_sdk_s3::Client::list_objects_v2), listing())
        .expect_input(|i| i.bucket("foo").set_prefix(None));
    s3.list_objects_v2()
        .bucket("foo")
        .prefix("bar")
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn absent_works_alone_in_either_order_and_for_lists() {
    let stubber = Stubber::new();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    let describe = op!(aws_sdk_ec2::Client::describe_instances);
    let out = || DescribeInstancesOutput::builder().build();
    stubber
        .add_response(describe, out())
        .expect_absent(["instance_ids"]);
    stubber
        .add_response(describe, out())
        .expect_absent(["instance_ids"])
        .expect_input(|i| i.max_results(5));
    ec2.describe_instances().send().await.unwrap();
    let err = ec2
        .describe_instances()
        .instance_ids("i-1")
        .max_results(5)
        .send()
        .await
        .unwrap_err();
    let message = StubError::find(&err).unwrap().message().to_string();
    assert!(
        message.contains(
            "-     instance_ids: None (must be absent),\n+     instance_ids: Some(\n+         [\n+             \"i-1\",\n"
        ),
        "{message}"
    );
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
    ec2.describe_instances()
        .max_results(5)
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

#[test]
fn absent_fields_that_cannot_be_are_refused_where_they_are_queued() {
    let stubber = Stubber::new();
    stubber.verify_on_drop(false);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    let unknown = panic_message(|| {
        stubber
            .add_response(list, listing())
            .expect_absent(["prefx"]);
    });
    assert!(
        unknown.starts_with(
            "aws-stubber: expect_absent: the input has no field `prefx`; its fields are: bucket, delimiter, encoding_type, max_keys, prefix,"
        ),
        "{unknown}"
    );
    assert_eq!(
        panic_message(|| {
            stubber
                .add_response(list, listing())
                .expect_input(|i| i.bucket("foo").prefix("a"))
                .expect_absent(["prefix"]);
        }),
        "aws-stubber: expect_absent: field `prefix` is set by the expectation or is not optional, so it cannot be required absent"
    );
    assert_eq!(
        panic_message(|| {
            stubber
                .add_response(list, listing())
                .expect_absent(["prefix"])
                .expect_input(|i| i.bucket("foo").prefix("a"));
        }),
        "aws-stubber: expect_input conflicts with an earlier expect_absent or expect_present: field `prefix` is set by the expectation or is not optional, so it cannot be required absent"
    );
    assert_eq!(
        panic_message(|| {
            stubber
                .add_response(list, listing())
                .expect_input_matches(|i| i.bucket() == Some("foo"))
                .expect_absent(["prefix"]);
        }),
        "aws-stubber: expect_absent: the entry's input is already compared whole (expect_input_eq) or by a predicate (expect_input_matches); say it there"
    );
}

#[tokio::test]
async fn present_with_any_value_works_for_every_type_of_field() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let ec2 = client!(aws_sdk_ec2, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    let get = op!(aws_sdk_s3::Client::head_object);
    let describe = op!(aws_sdk_ec2::Client::describe_instances);
    // A number, an enum and a boolean.
    for _ in 0..2 {
        stubber
            .add_response(list, listing())
            .expect_input(|i| i.bucket("foo"))
            .expect_present(["max_keys", "encoding_type", "fetch_owner"]);
    }
    // A timestamp.
    stubber
        .add_response(
            get,
            aws_sdk_s3::operation::head_object::HeadObjectOutput::builder().build(),
        )
        .expect_present(["if_modified_since"]);
    // A list of strings and a list of structures.
    stubber
        .add_response(describe, DescribeInstancesOutput::builder().build())
        .expect_present(["instance_ids", "filters"]);

    s3.list_objects_v2()
        .bucket("foo")
        .max_keys(3)
        .encoding_type(aws_sdk_s3::types::EncodingType::Url)
        .fetch_owner(false)
        .send()
        .await
        .unwrap();
    let err = s3
        .list_objects_v2()
        .bucket("foo")
        .max_keys(3)
        .fetch_owner(true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        scrub(StubError::find(&err).unwrap().message()),
        "aws-stubber: call #2 to S3 ListObjectsV2 does not match queue entry #2 ListObjectsV2 (queued at <loc>): \
         input differs from the expectation (only the fields it sets are compared):\n\
         --- expected\n\
         +++ received\n  \
         ListObjectsV2Input {\n      \
               bucket: Some(\"foo\"),\n\
         -     encoding_type: Some(<ANY>) (any value),\n\
         +     encoding_type: None,\n      \
               max_keys: Some(3),\n      \
               fetch_owner: Some(true),\n      \
               ..\n  \
         }\n\
         The entry stays queued."
    );
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
    s3.list_objects_v2()
        .bucket("foo")
        .max_keys(0)
        .encoding_type(aws_sdk_s3::types::EncodingType::Url)
        .fetch_owner(true)
        .send()
        .await
        .unwrap();
    s3.head_object()
        .bucket("b")
        .key("k")
        .if_modified_since(aws_sdk_s3::primitives::DateTime::from_secs(0))
        .send()
        .await
        .unwrap();
    ec2.describe_instances()
        .instance_ids("i-1")
        .instance_ids("i-2")
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("instance-state-name")
                .values("running")
                .build(),
        )
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}
