//! moto as fixtures: one shared server per test binary (S3 fixtures lease their own, see
//! `moto_isolation.rs`), an account per test, state that carries from call to call, shared
//! configurations for code that builds its own clients, and stubs in front of moto.

use aws_sdk_ec2::operation::describe_capacity_reservations::DescribeCapacityReservationsOutput;
use aws_sdk_ec2::types::CapacityReservation;
use aws_stubber::stubbed::moto::{self, MotoEc2, MotoIam, MotoS3, iam};
use aws_stubber::{StubErrorKind, op};
use rstest::rstest;

use crate::support::{in_a_child, stderr_of_a_child};

/// The fixtures need moto's server: outside CI, where it may be missing, the test says so and
/// stops; under CI (which installs it) a missing moto fails.
pub(crate) fn moto_runs() -> bool {
    match moto::server() {
        Ok(_) => true,
        Err(e) if std::env::var_os("CI").is_none() => {
            println!("SKIPPED: {e}");
            false
        }
        Err(e) => panic!("{e}"),
    }
}

/// Creates `bucket` (in the fixture's own moto server: any name will do).
pub(crate) async fn create_bucket(s3: &aws_sdk_s3::Client, bucket: &str) {
    s3.create_bucket().bucket(bucket).send().await.unwrap();
}

/// Creates a VPC with this CIDR block; returns its id.
pub(crate) async fn create_vpc(ec2: &aws_sdk_ec2::Client, cidr: &str) -> String {
    let vpc = ec2.create_vpc().cidr_block(cidr).send().await.unwrap();
    vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_string()
}

/// The names of the buckets the client sees.
pub(crate) async fn bucket_names(s3: &aws_sdk_s3::Client) -> Vec<String> {
    let listed = s3.list_buckets().send().await.unwrap();
    listed
        .buckets()
        .iter()
        .filter_map(|b| b.name().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn an_s3_fixture_keeps_what_the_test_put() {
    if !moto_runs() {
        return;
    }
    let s3: MotoS3 = moto::s3();
    let bucket = "keeps";
    create_bucket(&s3.client, bucket).await;
    s3.client
        .put_object()
        .bucket(bucket)
        .key("logs/a.txt")
        .body("hello".as_bytes().to_vec().into())
        .send()
        .await
        .unwrap();
    let listed = s3
        .client
        .list_objects_v2()
        .bucket(bucket)
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = listed.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys, ["logs/a.txt"]);
    let body = s3
        .client
        .get_object()
        .bucket(bucket)
        .key("logs/a.txt")
        .send()
        .await
        .unwrap()
        .body
        .collect()
        .await
        .unwrap()
        .into_bytes();
    assert_eq!(&body[..], b"hello");
}

/// Two tests that create the same IAM user, VPC and S3 bucket at the same time (libtest runs
/// them on parallel threads, nextest in parallel processes): each sees only its own.
async fn creates_alice_a_vpc_and_a_bucket(iam: MotoIam, ec2: MotoEc2, s3: MotoS3) {
    create_bucket(&s3.client, "reports").await;
    assert_eq!(bucket_names(&s3.client).await, ["reports"]);
    iam.client
        .create_user()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let users = iam.client.list_users().send().await.unwrap();
    let names: Vec<&str> = users.users().iter().map(|u| u.user_name()).collect();
    assert_eq!(names, ["alice"], "account {}", iam.account());
    let vpcs_before = ec2
        .client
        .describe_vpcs()
        .send()
        .await
        .unwrap()
        .vpcs()
        .len();
    ec2.client
        .create_vpc()
        .cidr_block("10.1.0.0/16")
        .send()
        .await
        .unwrap();
    let vpcs = ec2.client.describe_vpcs().send().await.unwrap();
    assert_eq!(
        vpcs.vpcs().len(),
        vpcs_before + 1,
        "account {}",
        ec2.account()
    );
}

#[tokio::test]
async fn parallel_tests_do_not_see_each_others_resources_one() {
    if moto_runs() {
        creates_alice_a_vpc_and_a_bucket(moto::iam(), moto::ec2(), moto::s3()).await;
    }
}

#[tokio::test]
async fn parallel_tests_do_not_see_each_others_resources_two() {
    if moto_runs() {
        creates_alice_a_vpc_and_a_bucket(moto::iam(), moto::ec2(), moto::s3()).await;
    }
}

#[test]
fn every_fixture_shares_the_one_server_of_the_binary() {
    if !moto_runs() {
        return;
    }
    let first = moto::server().unwrap();
    let again = moto::server().unwrap();
    assert!(std::ptr::eq(first, again));
    assert_eq!(first.url(), format!("http://127.0.0.1:{}", first.port()));
    println!("moto started in {:?}", first.started_in());
}

/// The fixture as rstest hands it out (without moto this fails with the install command).
#[rstest]
#[tokio::test]
async fn code_that_builds_its_own_clients_uses_the_fixtures_config(iam: MotoIam) {
    iam.client
        .create_user()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    // The code under test builds its own client from a shared configuration.
    let theirs = aws_sdk_iam::Client::new(iam.config());
    let users = theirs.list_users().send().await.unwrap();
    assert_eq!(users.users()[0].user_name(), "bob");
    // A new configuration is a new account.
    let other = aws_sdk_iam::Client::new(&moto::config());
    assert!(other.list_users().send().await.unwrap().users().is_empty());
}

#[test]
fn without_moto_the_fixture_fails_with_the_install_command() {
    // In a copy of this binary whose PATH has neither moto_server nor python3.
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_str().unwrap().to_string();
    if let Some(stderr) = stderr_of_a_child(
        "moto_fixtures::without_moto_the_fixture_fails_with_the_install_command",
        &[("PATH", &path)],
    ) {
        assert!(
            stderr.contains(
                "aws-stubber: moto's server is not installed: neither `moto_server` on the PATH \
                 nor `python3 -m moto.server` runs. Install it with `pip install 'moto[server]'`"
            ),
            "{stderr}"
        );
        // The panics name the test's lines, not the crate's.
        assert!(
            stderr.contains("panicked at tests/it/moto_fixtures.rs:"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked at src/"), "{stderr}");
        return;
    }
    assert!(in_a_child());
    let err = moto::try_config().unwrap_err();
    eprintln!("{err}");
    // Each called from this file (not handed to `catch_unwind` as a function, which would
    // call it from the standard library).
    assert!(
        std::panic::catch_unwind(|| drop(moto::s3())).is_err(),
        "the fixture fails"
    );
    assert!(std::panic::catch_unwind(|| drop(moto::config())).is_err());
    assert!(std::panic::catch_unwind(|| drop(moto::isolated_config())).is_err());
}

fn one_reservation(id: &str) -> DescribeCapacityReservationsOutput {
    DescribeCapacityReservationsOutput::builder()
        .capacity_reservations(
            CapacityReservation::builder()
                .capacity_reservation_id(id)
                .build(),
        )
        .build()
}

/// A VPC (moto) and capacity reservations, which moto does not implement (an entry): the
/// VPC's id. The VPC is looked up again, so the state is moto's.
pub(crate) async fn creates_a_vpc_and_reads_a_reservation(ec2: &MotoEc2) -> String {
    ec2.add_response(
        op!(aws_sdk_ec2::Client::describe_capacity_reservations),
        one_reservation("cr-1"),
    );
    let vpc = ec2
        .client
        .create_vpc()
        .cidr_block("10.9.0.0/16")
        .send()
        .await
        .unwrap();
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_string();
    let reserved = ec2
        .client
        .describe_capacity_reservations()
        .send()
        .await
        .unwrap();
    assert_eq!(
        reserved.capacity_reservations()[0].capacity_reservation_id(),
        Some("cr-1")
    );
    let vpcs = ec2
        .client
        .describe_vpcs()
        .vpc_ids(&vpc_id)
        .send()
        .await
        .unwrap();
    assert_eq!(vpcs.vpcs().len(), 1);
    assert_eq!(vpcs.vpcs()[0].vpc_id(), Some(vpc_id.as_str()));
    vpc_id
}

#[tokio::test]
async fn stubs_answer_what_moto_lacks_and_moto_the_rest() {
    if !moto_runs() {
        return;
    }
    let ec2 = moto::ec2();
    // moto does not implement DescribeCapacityReservations: without an entry, it fails.
    assert!(
        ec2.client
            .describe_capacity_reservations()
            .send()
            .await
            .is_err()
    );
    creates_a_vpc_and_reads_a_reservation(&ec2).await;
    ec2.assert_no_pending_responses();
    let operations: Vec<String> = ec2
        .calls()
        .iter()
        .map(|c| c.operation().to_string())
        .collect();
    assert_eq!(
        operations,
        [
            "DescribeCapacityReservations",
            "CreateVpc",
            "DescribeCapacityReservations",
            "DescribeVpcs"
        ]
    );
}

#[tokio::test]
async fn a_call_an_entry_names_is_held_to_it_with_the_usual_message() {
    if !moto_runs() {
        return;
    }
    let ec2 = moto::ec2();
    ec2.add_response(
        op!(aws_sdk_ec2::Client::describe_capacity_reservations),
        one_reservation("cr-1"),
    )
    .expect_input(|i| i.capacity_reservation_ids("cr-1"));
    let err = ec2
        .client
        .describe_capacity_reservations()
        .capacity_reservation_ids("cr-2")
        .send()
        .await
        .unwrap_err();
    let stub = aws_stubber::StubError::find(&err).expect("the stubber refused the call");
    assert_eq!(stub.kind(), StubErrorKind::InputMismatch);
    assert!(
        stub.to_string().starts_with(
            "aws-stubber: call #1 to EC2 DescribeCapacityReservations matches none of the 1 \
             queued entries (unordered mode); the closest, queue entry #1 \
             DescribeCapacityReservations"
        ),
        "{stub}"
    );
    ec2.take_expected_failures(&[StubErrorKind::InputMismatch]);
    ec2.verify_on_drop(false);
}

#[test]
fn an_entry_nothing_used_fails_the_test() {
    if !moto_runs() {
        return;
    }
    let ec2 = moto::ec2();
    ec2.add_response(
        op!(aws_sdk_ec2::Client::describe_capacity_reservations),
        one_reservation("cr-1"),
    );
    let err = ec2.verify().unwrap_err();
    assert!(
        err.to_string()
            .starts_with("aws-stubber: 1 response(s) remaining in queue"),
        "{err}"
    );
    ec2.verify_on_drop(false);
}

#[rstest]
#[tokio::test]
async fn a_request_moto_would_take_but_aws_refuses_fails_before_it_reaches_moto(iam: MotoIam) {
    if !moto_runs() {
        return;
    }
    // No entry names CreateUser: the call would go on to moto, which takes any name.
    let err = iam
        .client
        .create_user()
        .user_name("bad name!")
        .send()
        .await
        .unwrap_err();
    let stub = aws_stubber::StubError::find(&err).expect("the stubber refused the call");
    assert_eq!(stub.kind(), StubErrorKind::InvalidRequest);
    assert!(
        stub.message()
            .contains("\n    user_name = \"bad name!\": does not match the pattern"),
        "{}",
        stub.message()
    );
    iam.stubber
        .take_expected_failures(&[StubErrorKind::InvalidRequest]);
    // moto never saw it: the user does not exist.
    let listed = iam.client.list_users().send().await.unwrap();
    assert!(listed.users().is_empty(), "{:?}", listed.users());
}
