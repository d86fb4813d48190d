//! Record a workload against moto's server (a real AWS protocol peer on 127.0.0.1), then
//! replay the file offline with the same strictness.

use std::path::Path;

use aws_credential_types::Credentials;
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::{StubError, StubErrorKind, Stubber, client};

use crate::moto::{Moto, start_moto};
use crate::support::TempFixture;

const ACCESS_KEY: &str = "AKIDMOTORECORDING01";
const SECRET_KEY: &str = "motoRecordingSecretKey/DoNotWriteMe";

/// What the workload saw; compared between the live run and the replay.
#[derive(Debug, PartialEq)]
struct Seen {
    buckets: aws_sdk_s3::operation::list_buckets::ListBucketsOutput,
    objects: aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output,
    group: aws_sdk_ec2::operation::create_security_group::CreateSecurityGroupOutput,
    groups: aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput,
    user: aws_sdk_iam::operation::create_user::CreateUserOutput,
    users: aws_sdk_iam::operation::list_users::ListUsersOutput,
    zone: aws_sdk_route53::operation::create_hosted_zone::CreateHostedZoneOutput,
    zones: aws_sdk_route53::operation::list_hosted_zones::ListHostedZonesOutput,
    params: aws_sdk_rds::operation::create_db_parameter_group::CreateDbParameterGroupOutput,
    launch_configs: aws_sdk_autoscaling::operation::describe_launch_configurations::DescribeLaunchConfigurationsOutput,
    missing_user: String,
}

async fn workload(stubber: &Stubber, bucket: &str) -> Seen {
    let s3 = client!(aws_sdk_s3, stubber);
    let ec2 = client!(aws_sdk_ec2, stubber);
    let iam = client!(aws_sdk_iam, stubber);
    let r53 = client!(aws_sdk_route53, stubber);
    let rds = client!(aws_sdk_rds, stubber);
    let asg = client!(aws_sdk_autoscaling, stubber);

    s3.create_bucket().bucket(bucket).send().await.unwrap();
    let buckets = s3.list_buckets().send().await.unwrap();
    let objects = s3
        .list_objects_v2()
        .bucket(bucket)
        .prefix("logs/")
        .send()
        .await
        .unwrap();
    let group = ec2
        .create_security_group()
        .group_name("web")
        .description("web servers")
        .send()
        .await
        .unwrap();
    let groups = ec2
        .describe_security_groups()
        .group_ids(group.group_id().unwrap())
        .send()
        .await
        .unwrap();
    let user = iam.create_user().user_name("alice").send().await.unwrap();
    let users = iam.list_users().send().await.unwrap();
    let missing_user = iam.get_user().user_name("nobody").send().await.unwrap_err();
    let missing_user = format!(
        "{:?}",
        missing_user
            .into_service_error()
            .is_no_such_entity_exception()
    );
    let zone = r53
        .create_hosted_zone()
        .name("example.com")
        .caller_reference("zone-1")
        .send()
        .await
        .unwrap();
    let zones = r53.list_hosted_zones().send().await.unwrap();
    let params = rds
        .create_db_parameter_group()
        .db_parameter_group_name("app")
        .db_parameter_group_family("postgres16")
        .description("app parameters")
        .send()
        .await
        .unwrap();
    asg.create_launch_configuration()
        .launch_configuration_name("web-lc")
        .image_id("ami-12c6146b")
        .instance_type("t3.micro")
        .send()
        .await
        .unwrap();
    let launch_configs = asg.describe_launch_configurations().send().await.unwrap();
    Seen {
        buckets,
        objects,
        group,
        groups,
        user,
        users,
        zone,
        zones,
        params,
        launch_configs,
        missing_user,
    }
}

fn record_options(moto: &Moto) -> FixtureOptions {
    FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .review(false)
        .endpoint(&moto.url)
        .credentials(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            Some("SessionTokenMustNotLeak".into()),
            None,
            "test",
        ))
}

fn assert_no_secret(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    for secret in [ACCESS_KEY, SECRET_KEY, "SessionTokenMustNotLeak"] {
        assert!(
            !text.contains(secret),
            "{} contains {secret}",
            path.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_against_moto_then_replay_offline() {
    let Some(moto) = start_moto() else { return };
    let path = TempFixture::new("workload.json");

    // Record.
    let recorder = Stubber::fixture_with(&*path, record_options(&moto)).unwrap();
    assert!(recorder.is_recording());
    let live = workload(&recorder, "record-bucket").await;
    recorder.finish().unwrap();
    drop(recorder);
    assert_eq!(live.missing_user, "true");

    let fixture = aws_stubber::fixture::Fixture::load(&*path).unwrap();
    let services: std::collections::BTreeSet<&str> = fixture
        .interactions
        .iter()
        .map(|i| i.service.as_str())
        .collect();
    assert_eq!(
        services.into_iter().collect::<Vec<_>>(),
        ["Auto Scaling", "EC2", "IAM", "RDS", "Route 53", "S3"]
    );
    assert_eq!(fixture.endpoint.as_deref(), Some(moto.url.as_str()));
    assert_no_secret(&path);
    assert!(
        std::fs::read_to_string(&*path)
            .unwrap()
            .contains("\"authorization\": \"REDACTED\"")
    );

    // Replay offline: moto is stopped, and every typed output equals the live one.
    drop(moto);
    let replayer =
        Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    assert!(!replayer.is_recording());
    let replayed = workload(&replayer, "record-bucket").await;
    assert_eq!(replayed, live);
    replayer.assert_no_pending_responses();

    // A changed request is caught on replay.
    let replayer =
        Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    let s3 = client!(aws_sdk_s3, &replayer);
    let err = s3
        .create_bucket()
        .bucket("another-bucket")
        .send()
        .await
        .unwrap_err();
    let stub = StubError::find(&err).expect("a stub error");
    assert_eq!(stub.kind(), StubErrorKind::RequestMismatch);
    assert!(
        stub.message()
            .contains("path: expected \"/record-bucket/\", received \"/another-bucket/\""),
        "{}",
        stub.message()
    );
    replayer.take_expected_failures(&[StubErrorKind::RequestMismatch]);
    // Only the first interaction was meant to be replayed here.
    replayer.verify_on_drop(false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_mode_records_once_and_never_replaces_a_file() {
    let Some(moto) = start_moto() else { return };
    let path = TempFixture::new("once.json");
    let options = || record_options(&moto).mode(RecordMode::Missing);

    let recorder = Stubber::fixture_with(&*path, options()).unwrap();
    assert!(recorder.is_recording(), "the file is missing: record");
    let s3 = client!(aws_sdk_s3, &recorder);
    s3.list_buckets().send().await.unwrap();
    recorder.finish().unwrap();
    drop(recorder);
    let first = std::fs::read_to_string(&*path).unwrap();

    let again = Stubber::fixture_with(&*path, options()).unwrap();
    assert!(!again.is_recording(), "the file exists: replay");
    let s3 = client!(aws_sdk_s3, &again);
    s3.list_buckets().send().await.unwrap();
    drop(again);
    assert_eq!(std::fs::read_to_string(&*path).unwrap(), first);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_request_the_models_refuse_is_listed_for_review_and_fails_on_replay() {
    let Some(moto) = start_moto() else { return };
    let path = TempFixture::new("stricter.json");
    // moto takes a name IAM refuses: the model is stricter than this peer.
    let recorder = Stubber::fixture_with(&*path, record_options(&moto)).unwrap();
    let iam = client!(aws_sdk_iam, &recorder);
    iam.create_user()
        .user_name("bad name!")
        .send()
        .await
        .unwrap();
    recorder.finish().unwrap();
    drop(recorder);

    let fixture = aws_stubber::fixture::Fixture::load(&*path).unwrap();
    let review =
        aws_stubber::internals::fixture_changes(&aws_stubber::fixture::Fixture::new(), &fixture);
    assert!(
        review.contains(
            "  ! interaction 1: IAM CreateUser answered HTTP 200 a request the AWS service \
             models refuse (ValidationError); replaying it fails unless the entry accepts it:\n      \
             user_name = \"bad name!\": does not match the pattern [a-zA-Z0-9_+=,.@-]+\n"
        ),
        "{review}"
    );

    // Replayed, the request fails like any other request AWS would refuse.
    let replayer =
        Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    let iam = client!(aws_sdk_iam, &replayer);
    let err = iam
        .create_user()
        .user_name("bad name!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        StubError::find(&err).unwrap().kind(),
        StubErrorKind::InvalidRequest
    );
    replayer.take_expected_failures(&[StubErrorKind::InvalidRequest]);
    replayer.verify_on_drop(false);
}
