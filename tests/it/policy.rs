//! The least-privilege policy of a test's calls, and the calls held against a policy: S3's
//! actions on the ARNs of each request as sent (a cross-bucket copy, a head, a listing), other
//! operations unscoped; a policy written for a run, checked back on the same run, passes, and
//! removing any one of its statements fails a named call.

use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
use aws_sdk_s3::operation::copy_object::CopyObjectOutput;
use aws_sdk_s3::operation::head_object::HeadObjectOutput;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_stubber::policy::Policy;
use aws_stubber::{Stubber, client, op};

/// A run of the calls the issue names: a listing, a head, a copy from one bucket to another,
/// and an EC2 call the mapping does not scope.
async fn run() -> Stubber {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let ec2 = client!(aws_sdk_ec2, &stubber);
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_objects_v2),
        ListObjectsV2Output::builder().build(),
    );
    stubber.add_response(
        op!(aws_sdk_s3::Client::head_object),
        HeadObjectOutput::builder().build(),
    );
    stubber.add_response(
        op!(aws_sdk_s3::Client::copy_object),
        CopyObjectOutput::builder().build(),
    );
    stubber.add_response(
        op!(aws_sdk_ec2::Client::describe_instances),
        DescribeInstancesOutput::builder().build(),
    );
    s3.list_objects_v2()
        .bucket("reports")
        .prefix("2026/")
        .send()
        .await
        .unwrap();
    s3.head_object()
        .bucket("reports")
        .key("2026/q1.csv")
        .send()
        .await
        .unwrap();
    s3.copy_object()
        .copy_source("reports/2026/q1 final.csv")
        .bucket("archive")
        .key("q1.csv")
        .send()
        .await
        .unwrap();
    ec2.describe_instances().send().await.unwrap();
    stubber
}

#[tokio::test]
async fn the_policy_of_a_run_names_each_action_on_the_arns_the_requests_named() {
    let stubber = run().await;
    let written = stubber.least_privilege_policy();
    assert_eq!(
        written.document,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ec2DescribeInstances",
      "Effect": "Allow",
      "Action": "ec2:DescribeInstances",
      "Resource": "*"
    },
    {
      "Sid": "s3GetObject",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": [
        "arn:aws:s3:::reports/2026/q1 final.csv",
        "arn:aws:s3:::reports/2026/q1.csv"
      ]
    },
    {
      "Sid": "s3ListBucket",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::reports"
    },
    {
      "Sid": "s3PutObject",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::archive/q1.csv"
    }
  ]
}"#
    );
    assert_eq!(written.unscoped, ["call #4 EC2 DescribeInstances"]);
    assert!(written.unknown.is_empty());
    // Checked back on the same run, it allows every call.
    let policy = Policy::parse(&written.document).unwrap();
    assert_eq!(stubber.check_policy(&policy), Ok(()));
}

#[tokio::test]
async fn removing_any_statement_fails_a_named_call() {
    let stubber = run().await;
    let written = stubber.least_privilege_policy();
    let document: serde_json::Value = serde_json::from_str(&written.document).unwrap();
    let statements = document["Statement"].as_array().unwrap();
    let mut failures = Vec::new();
    for (i, removed) in statements.iter().enumerate() {
        let mut fewer = statements.clone();
        fewer.remove(i);
        let policy = serde_json::json!({"Version": "2012-10-17", "Statement": fewer});
        let policy = Policy::parse(&policy.to_string()).unwrap();
        let refused = stubber.check_policy(&policy).unwrap_err();
        assert!(
            refused.contains(removed["Action"].as_str().unwrap()),
            "{refused}"
        );
        failures.push(refused.lines().nth(1).unwrap().trim().to_string());
    }
    assert_eq!(
        failures,
        [
            "call #4 EC2 DescribeInstances: ec2:DescribeInstances on *: no statement allows it",
            "call #2 S3 HeadObject: s3:GetObject on arn:aws:s3:::reports/2026/q1.csv: no \
             statement allows it",
            "call #1 S3 ListObjectsV2: s3:ListBucket on arn:aws:s3:::reports: no statement \
             allows it",
            "call #3 S3 CopyObject: s3:PutObject on arn:aws:s3:::archive/q1.csv: no statement \
             allows it",
        ]
    );
}

#[tokio::test]
async fn a_policy_that_allows_only_the_copy_destination_fails_on_the_source() {
    let stubber = run().await;
    let policy = Policy::parse(
        r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
             "Resource": "arn:aws:s3:::archive/*"},
            {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
             "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/2026/q1.csv"]},
            {"Sid": "NoEc2", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}
        ]}"#,
    )
    .unwrap();
    assert_eq!(
        stubber.check_policy(&policy).unwrap_err(),
        "aws-stubber: the policy does not allow 2 of the test's calls' actions:\n    \
         call #3 S3 CopyObject: s3:GetObject on arn:aws:s3:::reports/2026/q1 final.csv: no \
         statement allows it\n    \
         call #4 EC2 DescribeInstances: ec2:DescribeInstances on *: denied by statement NoEc2"
    );
}

/// Under a policy, a call the role may not make is answered as AWS answers it (the service's
/// access-denied error, in its protocol) and fails the test, naming the call, the action, the
/// ARN and the statement that decided; allowed calls are answered from the queue.
#[tokio::test]
async fn a_call_the_policy_does_not_allow_is_denied_as_aws_denies_it_and_fails_the_test() {
    use aws_sdk_s3::error::ProvideErrorMetadata;
    use aws_stubber::StubErrorKind;
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let ec2 = client!(aws_sdk_ec2, &stubber);
    stubber.run_under(
        Policy::parse(
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports"},
                {"Sid": "ReadOnlyEc2", "Effect": "Deny", "Action": ["ec2:Terminate*", "ec2:Stop*"],
                 "Resource": "*"}
            ]}"#,
        )
        .unwrap(),
    );
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_objects_v2),
        ListObjectsV2Output::builder().build(),
    );
    stubber.add_response(
        op!(aws_sdk_s3::Client::get_object),
        aws_sdk_s3::operation::get_object::GetObjectOutput::builder().build(),
    );
    s3.list_objects_v2().bucket("reports").send().await.unwrap();
    let err = s3
        .get_object()
        .bucket("reports")
        .key("q1.csv")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"));
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(403));
    let err = ec2
        .terminate_instances()
        .instance_ids("i-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("UnauthorizedOperation"));
    let failures = stubber
        .take_expected_failures(&[StubErrorKind::NotAuthorized, StubErrorKind::NotAuthorized]);
    assert_eq!(
        failures[0].message(),
        "aws-stubber: call #2 to S3 GetObject is not allowed by the policy the code runs under \
         (Stubber::run_under):\n    s3:GetObject on arn:aws:s3:::reports/q1.csv: no statement \
         allows it\nIt was answered with AccessDenied (403), as AWS answers it; its queue entry \
         stays."
    );
    assert!(
        failures[1]
            .message()
            .contains("ec2:TerminateInstances on *: denied by statement ReadOnlyEc2\n"),
        "{}",
        failures[1].message()
    );
    // The denied call's entry stays queued, as the message says.
    assert_eq!(stubber.pending(), 1);
    stubber.verify_on_drop(false);
}
