//! The rstest fixtures: one ready client per service, verified at the end of each test.

use aws_stubber::stubbed::*;
use aws_stubber::{Stubber, client, op};
use rstest::rstest;

#[rstest]
#[tokio::test]
async fn s3_fixture(s3: StubbedS3) {
    s3.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build(),
    );
    s3.client.list_buckets().send().await.unwrap();
}

#[rstest]
#[tokio::test]
async fn ec2_fixture(ec2: StubbedEc2) {
    ec2.add_client_error(
        op!(aws_sdk_ec2::Client::describe_vpcs),
        "InvalidVpcID.NotFound",
        "no vpc",
    );
    let err = ec2
        .client
        .describe_vpcs()
        .vpc_ids("vpc-1")
        .send()
        .await
        .unwrap_err();
    use aws_sdk_ec2::error::ProvideErrorMetadata;
    assert_eq!(err.code(), Some("InvalidVpcID.NotFound"));
}

#[rstest]
#[tokio::test]
async fn iam_fixture(iam: StubbedIam) {
    iam.add_response(
        op!(aws_sdk_iam::Client::list_users),
        aws_sdk_iam::operation::list_users::ListUsersOutput::builder()
            .set_users(Some(vec![]))
            .build()
            .unwrap(),
    );
    assert!(
        iam.client
            .list_users()
            .send()
            .await
            .unwrap()
            .users()
            .is_empty()
    );
}

#[rstest]
#[tokio::test]
async fn route53_fixture(route53: StubbedRoute53) {
    route53
        .add_client_error(
            op!(aws_sdk_route53::Client::get_hosted_zone),
            "NoSuchHostedZone",
            "none",
        )
        .http_status(404);
    let err = route53
        .client
        .get_hosted_zone()
        .id("Z")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_no_such_hosted_zone());
}

#[rstest]
#[tokio::test]
async fn rds_fixture(rds: StubbedRds) {
    rds.add_response(
        op!(aws_sdk_rds::Client::describe_db_instances),
        aws_sdk_rds::operation::describe_db_instances::DescribeDbInstancesOutput::builder().build(),
    );
    rds.client.describe_db_instances().send().await.unwrap();
}

#[rstest]
#[tokio::test]
async fn autoscaling_fixture(autoscaling: StubbedAutoScaling) {
    autoscaling.add_response(
        op!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups),
        aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput::builder()
            .set_auto_scaling_groups(Some(vec![]))
            .build(),
    );
    autoscaling
        .client
        .describe_auto_scaling_groups()
        .send()
        .await
        .unwrap();
}

/// Each test gets its own stubber: these run in parallel and never see each other's queue.
#[rstest]
#[case(1)]
#[case(2)]
#[case(3)]
#[case(4)]
#[tokio::test]
async fn fixtures_are_isolated_per_test(s3: StubbedS3, #[case] n: usize) {
    for _ in 0..n {
        s3.add_response(
            op!(aws_sdk_s3::Client::list_buckets),
            aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build(),
        );
    }
    for _ in 0..n {
        s3.client.list_buckets().send().await.unwrap();
    }
    assert_eq!(s3.calls().len(), n);
}

#[rstest]
#[should_panic(expected = "aws-stubber: 1 response(s) remaining in queue")]
#[tokio::test]
async fn a_fixture_verifies_when_the_test_ends(s3: StubbedS3) {
    s3.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build(),
    );
}

/// The AWS settings of the environment never reach a stubbed client: the check runs in a copy
/// of this test binary whose environment names another region, endpoint, profile and keys.
#[tokio::test]
async fn stubbed_clients_ignore_the_aws_environment() {
    if crate::support::checked_in_a_child(
        "stubbed::stubbed_clients_ignore_the_aws_environment",
        &[
            ("AWS_REGION", "eu-west-3"),
            ("AWS_DEFAULT_REGION", "eu-west-3"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
            ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"),
            ("AWS_PROFILE", "production"),
            ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "real-secret"),
        ],
    ) {
        return;
    }
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build(),
    );
    s3.list_buckets().send().await.unwrap();
    assert_eq!(s3.config().region().map(|r| r.as_ref()), Some("us-east-1"));
    let calls = stubber.calls();
    assert_eq!(
        calls[0].requests()[0].uri,
        "https://s3.us-east-1.amazonaws.com/?x-id=ListBuckets"
    );
}
