//! The example programs' scenarios, exercised through the fixtures, with their error paths.

#[path = "../../examples/autoscaling_groups.rs"]
pub(crate) mod autoscaling_groups;
#[path = "../../examples/ec2_launch.rs"]
pub(crate) mod ec2_launch;
#[path = "../../examples/iam_users.rs"]
pub(crate) mod iam_users;
#[path = "../../examples/rds_setup.rs"]
pub(crate) mod rds_setup;
#[path = "../../examples/route53_records.rs"]
pub(crate) mod route53_records;
#[path = "../../examples/s3_keys.rs"]
pub(crate) mod s3_keys;
#[path = "../../examples/security_groups.rs"]
pub(crate) mod security_groups;

use aws_sdk_ec2::error::ProvideErrorMetadata;
use aws_stubber::op;
use aws_stubber::stubbed::*;
use rstest::rstest;

#[rstest]
#[tokio::test]
async fn s3_last_keys_follows_continuation_tokens(s3: StubbedS3) {
    let pages = s3_keys::queue_three_pages(&s3, "my-bucket", "logs/");
    let keys = s3_keys::last_keys(&s3.client, "my-bucket", "logs/", 2)
        .await
        .unwrap();
    assert_eq!(keys, ["logs/2024-04", "logs/2024-05"]);
    assert_eq!(pages.calls(), 3);
    let tokens: Vec<Option<String>> = pages
        .inputs()
        .iter()
        .map(|i| i.continuation_token().map(str::to_string))
        .collect();
    assert_eq!(
        tokens,
        [None, Some("token-1".into()), Some("token-2".into())]
    );
}

#[rstest]
#[tokio::test]
async fn s3_missing_bucket_is_reported(s3: StubbedS3) {
    s3.add_client_error(
        op!(aws_sdk_s3::Client::list_objects_v2),
        "NoSuchBucket",
        "The specified bucket does not exist",
    )
    .http_status(404);
    let err = s3_keys::last_keys(&s3.client, "nope", "", 3)
        .await
        .unwrap_err();
    assert!(matches!(err, aws_sdk_s3::Error::NoSuchBucket(_)), "{err:?}");
}

#[rstest]
#[tokio::test]
async fn s3_get_of_a_missing_key_is_no_such_key(s3: StubbedS3) {
    s3.add_client_error(
        op!(aws_sdk_s3::Client::get_object),
        "NoSuchKey",
        "The specified key does not exist.",
    )
    .http_status(404);
    let err = s3
        .client
        .get_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_no_such_key());
}

#[rstest]
#[tokio::test]
async fn ec2_launch_sends_counts_groups_and_tags(ec2: StubbedEc2) {
    ec2_launch::queue_launch(&ec2);
    let ids = ec2_launch::launch(&ec2.client, "ami-12345678", 2, "sg-web", "web")
        .await
        .unwrap();
    assert_eq!(ids, ["i-0aaa", "i-0bbb"]);
}

#[rstest]
#[tokio::test]
async fn ec2_launch_with_an_unknown_image_fails(ec2: StubbedEc2) {
    ec2.add_client_error(
        op!(aws_sdk_ec2::Client::run_instances),
        "InvalidAMIID.NotFound",
        "The image id '[ami-0]' does not exist",
    );
    let err = ec2_launch::launch(&ec2.client, "ami-0", 1, "sg-web", "web")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidAMIID.NotFound"));
}

#[rstest]
#[tokio::test]
async fn security_group_rules_are_authorized_and_revoked(ec2: StubbedEc2) {
    security_groups::queue_web_group(&ec2);
    assert_eq!(
        security_groups::web_group(&ec2.client, "vpc-1")
            .await
            .unwrap(),
        "sg-0web"
    );
}

#[rstest]
#[tokio::test]
async fn authorizing_on_a_deleted_group_is_invalid_group_not_found(ec2: StubbedEc2) {
    ec2.add_response(
        op!(aws_sdk_ec2::Client::create_security_group),
        aws_sdk_ec2::operation::create_security_group::CreateSecurityGroupOutput::builder()
            .group_id("sg-0web")
            .build(),
    );
    ec2.add_client_error(
        op!(aws_sdk_ec2::Client::authorize_security_group_ingress),
        "InvalidGroup.NotFound",
        "The security group 'sg-0web' does not exist",
    );
    let err = security_groups::web_group(&ec2.client, "vpc-1")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidGroup.NotFound"));
}

#[rstest]
#[tokio::test]
async fn rds_database_goes_in_a_subnet_group_of_the_vpc(ec2: StubbedEc2, rds: StubbedRds) {
    rds_setup::queue_database(&ec2, &rds);
    let status = rds_setup::database_in_vpc(&ec2.client, &rds.client, "vpc-1")
        .await
        .unwrap();
    assert_eq!(status, "creating");
}

#[rstest]
#[tokio::test]
async fn route53_lists_records_across_pages(route53: StubbedRoute53) {
    route53_records::queue_zone(&route53);
    let names = route53_records::zone_with_www(&route53.client, "example.com")
        .await
        .unwrap();
    assert_eq!(names, ["example.com.", "www.example.com."]);
}

#[rstest]
#[tokio::test]
async fn autoscaling_groups_from_template_and_configuration(autoscaling: StubbedAutoScaling) {
    autoscaling_groups::queue_groups(&autoscaling);
    autoscaling_groups::create_groups(&autoscaling.client, "lt-0abc")
        .await
        .unwrap();
}

#[rstest]
#[tokio::test]
async fn iam_onboarding_creates_and_lists(iam: StubbedIam) {
    iam_users::queue_onboarding(&iam);
    let members = iam_users::onboard(&iam.client, &["alice", "bob"], "admins", "alice")
        .await
        .unwrap();
    assert_eq!(members, ["alice"]);
}

#[rstest]
#[tokio::test]
async fn iam_adding_a_missing_user_is_no_such_entity(iam: StubbedIam) {
    iam.add_response(
        op!(aws_sdk_iam::Client::create_group),
        aws_sdk_iam::operation::create_group::CreateGroupOutput::builder()
            .group(iam_users::group("admins"))
            .build(),
    );
    iam.add_client_error(
        op!(aws_sdk_iam::Client::add_user_to_group),
        "NoSuchEntity",
        "The user with name carol cannot be found.",
    )
    .http_status(404);
    let err = iam_users::onboard(&iam.client, &[], "admins", "carol")
        .await
        .unwrap_err();
    assert!(
        matches!(err, aws_sdk_iam::Error::NoSuchEntityException(_)),
        "{err:?}"
    );
}
