//! Requests AWS would refuse fail at the stubbed call, by the service models' constraints:
//! one case per kind of constraint, in the protocols of the six services (restXml, ec2Query,
//! awsQuery). The JSON and CBOR protocols are in tests/services/validation.rs.

use aws_sdk_autoscaling::operation::create_auto_scaling_group::CreateAutoScalingGroupOutput;
use aws_sdk_ec2::operation::run_instances::RunInstancesOutput;
use aws_sdk_iam::operation::create_group::CreateGroupOutput;
use aws_sdk_iam::operation::create_user::CreateUserOutput;
use aws_sdk_rds::operation::create_db_instance::CreateDbInstanceOutput;
use aws_sdk_route53::operation::change_resource_record_sets::ChangeResourceRecordSetsOutput;
use aws_sdk_route53::types::{
    Change, ChangeAction, ChangeBatch, ResourceRecord, ResourceRecordSet, RrType,
};
use aws_sdk_s3::operation::put_object::PutObjectOutput;
use aws_stubber::{StubErrorKind, Stubber, client, op};

use crate::support::{only_failure, refused};

fn iam_user_output() -> CreateUserOutput {
    CreateUserOutput::builder().build()
}

#[tokio::test]
async fn a_missing_required_member_fails_the_call_with_the_whole_message() {
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    stubber.add_response(op!(aws_sdk_iam::Client::create_user), iam_user_output());
    let err = iam.create_user().send().await.unwrap_err();
    assert_eq!(
        refused(&err),
        "aws-stubber: call #1 to IAM CreateUser sends a request that IAM refuses (ValidationError, \
         HTTP 400: 1 validation error by the AWS service models):\n    \
         user_name: required, not sent\n\
         No answer was handed out: a passing test means AWS would accept its calls. Fix the \
         request; or, if the test means to send it, queue the service's answer for it \
         (add_client_error(\"CreateUser\", \"ValidationError\", \"...\")), or chain \
         .accept_invalid_request() on the entry that answers it."
    );
    // The failure is kept, so a test that swallows the error still fails; the entry stays.
    assert_eq!(only_failure(&stubber).kind(), StubErrorKind::InvalidRequest);
    iam.create_user().user_name("alice").send().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn lengths_and_patterns_of_strings_are_checked() {
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    stubber
        .add_response(op!(aws_sdk_iam::Client::create_user), iam_user_output())
        .times(3);
    let long = "u".repeat(65);
    let err = iam.create_user().user_name(&long).send().await.unwrap_err();
    assert!(
        refused(&err).contains(&format!(
            "\n    user_name = \"{}\"... (65 characters): longer than the max length 64\n",
            "u".repeat(40)
        )),
        "{}",
        refused(&err)
    );
    let err = iam
        .create_user()
        .user_name("bad name!")
        .send()
        .await
        .unwrap_err();
    assert!(
        refused(&err).contains(
            "\n    user_name = \"bad name!\": does not match the pattern [a-zA-Z0-9_+=,.@-]+\n"
        ),
        "{}",
        refused(&err)
    );
    let err = iam
        .create_user()
        .user_name("alice")
        .path("nopath")
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    assert!(
        message.contains("\n    path = \"nopath\": does not match the pattern "),
        "{message}"
    );
    // Valid values pass: the entry answers them.
    iam.create_user()
        .user_name("alice+ops@example.com")
        .path("/team/")
        .send()
        .await
        .unwrap();
    iam.create_user()
        .user_name(&long[..64])
        .send()
        .await
        .unwrap();
    iam.create_user().user_name("bob").send().await.unwrap();
    stubber.take_failures();
}

#[tokio::test]
async fn every_violation_of_a_request_is_listed() {
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    stubber.add_response(
        op!(aws_sdk_iam::Client::create_group),
        CreateGroupOutput::builder().build(),
    );
    let err = iam
        .create_group()
        .group_name("g".repeat(129))
        .path("x")
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    assert!(
        message.contains("(ValidationError, HTTP 400: 2 validation errors"),
        "{message}"
    );
    assert!(
        message.contains("\n    path = \"x\": does not match the pattern"),
        "{message}"
    );
    assert!(
        message.contains("(129 characters): longer than the max length 128"),
        "{message}"
    );
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn ec2_names_missing_parameters_in_its_query_protocol() {
    let stubber = Stubber::new();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    stubber.add_response(
        op!(aws_sdk_ec2::Client::run_instances),
        RunInstancesOutput::builder().build(),
    );
    let err = ec2
        .run_instances()
        .image_id("ami-1")
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    assert!(
        message.starts_with(
            "aws-stubber: call #1 to EC2 RunInstances sends a request that EC2 refuses \
             (MissingParameter, HTTP 400: 2 validation errors by the AWS service models):\n    \
             max_count: required, not sent\n    min_count: required, not sent\n"
        ),
        "{message}"
    );
    ec2.run_instances()
        .image_id("ami-1")
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap();
    stubber.take_failures();
}

#[tokio::test]
async fn rds_and_auto_scaling_name_their_required_members() {
    // Unordered: the refused RDS call leaves its entry queued.
    let stubber = Stubber::unordered();
    let rds = client!(aws_sdk_rds, &stubber);
    let autoscaling = client!(aws_sdk_autoscaling, &stubber);
    stubber.add_response(
        op!(aws_sdk_rds::Client::create_db_instance),
        CreateDbInstanceOutput::builder().build(),
    );
    stubber.add_response(
        op!(aws_sdk_autoscaling::Client::create_auto_scaling_group),
        CreateAutoScalingGroupOutput::builder().build(),
    );
    let err = rds
        .create_db_instance()
        .db_instance_identifier("db1")
        .db_instance_class("db.t3.micro")
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    assert!(
        message.contains("RDS refuses (ValidationError"),
        "{message}"
    );
    assert!(
        message.contains("\n    engine: required, not sent\n"),
        "{message}"
    );
    let err = autoscaling
        .create_auto_scaling_group()
        .auto_scaling_group_name("web")
        .max_size(2)
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    assert!(
        message.contains("Auto Scaling refuses (ValidationError"),
        "{message}"
    );
    assert!(
        message.contains("\n    min_size: required, not sent\n"),
        "{message}"
    );
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

fn record_set(ttl: i64) -> ChangeBatch {
    let set = ResourceRecordSet::builder()
        .name("www.example.com")
        .r#type(RrType::A)
        .ttl(ttl)
        .resource_records(
            ResourceRecord::builder()
                .value("192.0.2.1")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let change = Change::builder()
        .action(ChangeAction::Upsert)
        .resource_record_set(set)
        .build()
        .unwrap();
    ChangeBatch::builder().changes(change).build().unwrap()
}

#[tokio::test]
async fn route53_checks_numbers_deep_in_its_xml_body() {
    let stubber = Stubber::new();
    let route53 = client!(aws_sdk_route53, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_route53::Client::change_resource_record_sets),
            ChangeResourceRecordSetsOutput::builder()
                .change_info(
                    aws_sdk_route53::types::ChangeInfo::builder()
                        .id("C1")
                        .status(aws_sdk_route53::types::ChangeStatus::Pending)
                        .submitted_at(aws_smithy_types::DateTime::from_secs(0))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .times(2);
    let send = |ttl| {
        route53
            .change_resource_record_sets()
            .hosted_zone_id("Z1")
            .change_batch(record_set(ttl))
            .send()
    };
    let err = send(-1).await.unwrap_err();
    let message = refused(&err);
    assert!(
        message.contains("Route 53 refuses (InvalidInput"),
        "{message}"
    );
    assert!(
        message.contains(
            "\n    change_batch.changes[0].resource_record_set.ttl = -1: below the min value 0\n"
        ),
        "{message}"
    );
    send(300).await.unwrap();
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn s3_checks_enum_values_in_its_headers() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::put_object),
            PutObjectOutput::builder().build(),
        )
        .times(2);
    let put = |class: &str| {
        s3.put_object()
            .bucket("b")
            .key("k")
            .storage_class(class.into())
            .send()
    };
    let err = put("FAST").await.unwrap_err();
    let message = refused(&err);
    assert!(message.contains("S3 refuses (InvalidArgument"), "{message}");
    assert!(
        message.contains(
            "\n    storage_class = \"FAST\": not one of the values the model lists (STANDARD, "
        ),
        "{message}"
    );
    put("GLACIER").await.unwrap();
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn the_services_validation_error_answers_an_invalid_request() {
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    stubber
        .add_client_error(
            op!(aws_sdk_iam::Client::create_user),
            "ValidationError",
            "1 validation error detected",
        )
        .times(2);
    let err = iam.create_user().send().await.unwrap_err();
    assert_eq!(
        aws_sdk_iam::error::ProvideErrorMetadata::code(&err),
        Some("ValidationError")
    );
    // A valid request takes the same entry: the answer is what the test queued.
    iam.create_user()
        .user_name("alice")
        .send()
        .await
        .unwrap_err();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn accept_invalid_request_lets_one_entry_answer_what_the_models_refuse() {
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    stubber
        .add_response(op!(aws_sdk_iam::Client::create_user), iam_user_output())
        .accept_invalid_request();
    stubber.add_response(op!(aws_sdk_iam::Client::create_user), iam_user_output());
    iam.create_user()
        .user_name("u".repeat(65))
        .send()
        .await
        .unwrap();
    // Only that entry: the next one refuses the same request.
    let err = iam
        .create_user()
        .user_name("u".repeat(65))
        .send()
        .await
        .unwrap_err();
    refused(&err);
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn unordered_mode_prefers_the_entry_that_answers_an_invalid_request() {
    let stubber = Stubber::unordered();
    let iam = client!(aws_sdk_iam, &stubber);
    stubber.add_response(op!(aws_sdk_iam::Client::create_user), iam_user_output());
    stubber.add_client_error(
        op!(aws_sdk_iam::Client::create_user),
        "ValidationError",
        "too long",
    );
    let err = iam
        .create_user()
        .user_name("u".repeat(65))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        aws_sdk_iam::error::ProvideErrorMetadata::code(&err),
        Some("ValidationError")
    );
    // The valid request takes the output; an invalid one with nothing to answer it fails.
    iam.create_user().user_name("alice").send().await.unwrap();
    stubber.add_response(op!(aws_sdk_iam::Client::create_user), iam_user_output());
    let err = iam.create_user().send().await.unwrap_err();
    refused(&err);
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

/// An IAM CreateUser exchange as a fixture file holds it, with the response `status` and
/// `body`.
fn create_user_fixture(user: &str, status: u16, body: &str) -> aws_stubber::fixture::Fixture {
    use aws_stubber::RawResponse;
    use aws_stubber::fixture::{Fixture, Interaction};
    use aws_stubber::history::RecordedRequest;
    let form: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("Action", "CreateUser")
        .append_pair("Version", "2010-05-08")
        .append_pair("UserName", user)
        .finish();
    let request = RecordedRequest::new("POST", "https://iam.amazonaws.com/")
        .with_header("content-type", "application/x-www-form-urlencoded")
        .with_body(form);
    let mut interaction = Interaction::new("IAM", "CreateUser", request);
    interaction.response = Some(
        RawResponse::new(status)
            .header("content-type", "text/xml")
            .body(body.to_string()),
    );
    let mut fixture = Fixture::new();
    fixture.interactions.push(interaction);
    fixture
}

const CREATED: &str = "<CreateUserResponse><CreateUserResult><User><Path>/</Path>\
    <UserName>u</UserName><UserId>AIDA</UserId><Arn>arn:aws:iam::123456789012:user/u</Arn>\
    <CreateDate>2024-01-01T00:00:00Z</CreateDate></User></CreateUserResult></CreateUserResponse>";

#[tokio::test]
async fn a_replayed_fixture_is_checked_too_and_its_recorded_refusal_answers() {
    let dir = crate::support::TempDir::new();
    // A hand-edited file whose request AWS would refuse, answered with success.
    let path = dir.join("invalid.json");
    create_user_fixture("bad name!", 200, CREATED)
        .write_atomic(&path)
        .unwrap();
    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let iam = client!(aws_sdk_iam, &stubber);
    let err = iam
        .create_user()
        .user_name("bad name!")
        .send()
        .await
        .unwrap_err();
    assert!(
        refused(&err).contains("\n    user_name = \"bad name!\": does not match the pattern"),
        "{}",
        refused(&err)
    );
    stubber.take_failures();
    stubber.verify_on_drop(false);

    // A recording of the service refusing it replays: the file says it was refused.
    let path = dir.join("refused.json");
    let refusal = "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>\
        <Message>1 validation error detected</Message></Error><RequestId>r</RequestId></ErrorResponse>";
    create_user_fixture("bad name!", 400, refusal)
        .write_atomic(&path)
        .unwrap();
    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let iam = client!(aws_sdk_iam, &stubber);
    let err = iam
        .create_user()
        .user_name("bad name!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        aws_sdk_iam::error::ProvideErrorMetadata::code(&err),
        Some("ValidationError")
    );
    stubber.assert_no_pending_responses();
}

#[test]
fn the_review_lists_requests_the_service_accepted_though_the_models_refuse_them() {
    use aws_stubber::fixture::Fixture;
    let review = aws_stubber::internals::fixture_changes(
        &Fixture::new(),
        &create_user_fixture("bad name!", 200, CREATED),
    );
    assert!(
        review.contains(
            "  ! interaction 1: IAM CreateUser answered HTTP 200 a request the AWS service \
             models refuse (ValidationError); replaying it fails unless the entry accepts it:\n      \
             user_name = \"bad name!\": does not match the pattern [a-zA-Z0-9_+=,.@-]+\n"
        ),
        "{review}"
    );
    // A valid request, or one the service refused, is not listed.
    let valid = aws_stubber::internals::fixture_changes(
        &Fixture::new(),
        &create_user_fixture("alice", 200, CREATED),
    );
    assert!(!valid.contains(" ! "), "{valid}");
    let refused = aws_stubber::internals::fixture_changes(
        &Fixture::new(),
        &create_user_fixture("bad name!", 400, "<ErrorResponse/>"),
    );
    assert!(!refused.contains(" ! "), "{refused}");
}

#[tokio::test]
async fn list_counts_and_minimum_lengths_are_checked() {
    use aws_sdk_iam::operation::tag_user::TagUserOutput;
    use aws_sdk_iam::types::Tag;
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    stubber.add_response(
        op!(aws_sdk_iam::Client::tag_user),
        TagUserOutput::builder().build(),
    );
    let tag = |i: usize| {
        Tag::builder()
            .key(format!("k{i}"))
            .value("v")
            .build()
            .unwrap()
    };
    let err = iam
        .tag_user()
        .user_name("alice")
        .set_tags(Some((0..51).map(tag).collect()))
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    assert!(
        message.contains("\n    tags = 51 items: more than the max of 50 items\n"),
        "{message}"
    );
    let err = iam
        .tag_user()
        .user_name("")
        .tags(tag(1))
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    assert!(
        message.contains("\n    user_name = \"\" (0 characters): shorter than the min length 1\n"),
        "{message}"
    );
    iam.tag_user()
        .user_name("alice")
        .set_tags(Some((0..50).map(tag).collect()))
        .send()
        .await
        .unwrap();
    stubber.take_failures();
}

#[tokio::test]
async fn computed_answers_and_pages_are_checked_too() {
    use aws_sdk_iam::operation::list_users::ListUsersOutput;
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    stubber.add_response_fn(op!(aws_sdk_iam::Client::create_user), iam_user_output);
    let err = iam
        .create_user()
        .user_name("bad name!")
        .send()
        .await
        .unwrap_err();
    refused(&err);
    iam.create_user().user_name("alice").send().await.unwrap();

    let page = |marker: Option<&str>| {
        ListUsersOutput::builder()
            .set_users(Some(vec![]))
            .set_marker(marker.map(String::from))
            .is_truncated(marker.is_some())
            .build()
            .unwrap()
    };
    stubber.add_pages(
        op!(aws_sdk_iam::Client::list_users),
        [page(Some("m1")), page(None)],
    );
    // MaxItems 0: IAM's minimum is 1.
    let err = iam.list_users().max_items(0).send().await.unwrap_err();
    let message = refused(&err);
    assert!(
        message.contains("\n    max_items = 0: below the min value 1\n"),
        "{message}"
    );
    let pages: Vec<_> = iam
        .list_users()
        .max_items(10)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    stubber.take_expected_failures(&[StubErrorKind::InvalidRequest, StubErrorKind::InvalidRequest]);
    stubber.assert_no_pending_responses();
}
