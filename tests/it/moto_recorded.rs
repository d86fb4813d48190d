//! A moto fixture that records: a machine with moto writes the fixture file, one without it
//! replays the file with the same test, and entries answer what moto lacks in both.

use aws_stubber::fixture::Fixture;
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::stubbed::moto::{Moto, MotoEc2, RECORDED_ACCOUNT, RECORDED_ADDRESS};

use crate::moto_fixtures::{create_vpc, creates_a_vpc_and_reads_a_reservation, moto_runs};
use crate::support::{checked_in_a_child, in_a_child, stderr_of_a_child};

const FIXTURE_ENV: &str = "AWS_STUBBER_TEST_MOTO_FIXTURE";
const VPC_ENV: &str = "AWS_STUBBER_TEST_MOTO_VPC";

fn recorded(path: &str, mode: RecordMode) -> Result<MotoEc2, aws_stubber::fixture::FixtureError> {
    let options = FixtureOptions::new()
        .mode(mode)
        .record_on_ci(true)
        .review(false);
    Moto::recorded_with(path, options, |config, stubber| {
        let config = aws_sdk_ec2::config::Builder::from(config).interceptor(stubber.interceptor());
        aws_sdk_ec2::Client::from_conf(config.build())
    })
}

/// The test's calls: a VPC and a look at it (moto), and capacity reservations, which moto
/// does not implement (an entry). Returns the VPC's id.
async fn creates_a_vpc_and_reads_reservations(ec2: &MotoEc2) -> String {
    let vpc_id = creates_a_vpc_and_reads_a_reservation(ec2).await;
    let vpcs = ec2.client.describe_vpcs().send().await.unwrap();
    assert_eq!(vpcs.vpcs()[0].owner_id(), Some(RECORDED_ACCOUNT));
    ec2.finish().unwrap();
    vpc_id
}

#[tokio::test]
async fn a_recording_against_moto_replays_where_moto_is_not_installed() {
    if in_a_child() {
        // The replay: PATH has neither moto_server nor python3.
        let path = std::env::var(FIXTURE_ENV).unwrap();
        let ec2 = recorded(&path, RecordMode::None).unwrap();
        assert!(!ec2.is_recording());
        let vpc_id = creates_a_vpc_and_reads_reservations(&ec2).await;
        assert_eq!(vpc_id, std::env::var(VPC_ENV).unwrap());
        ec2.assert_no_pending_responses();
        return;
    }
    if !moto_runs() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vpc.json");
    let path = path.to_str().unwrap();
    let ec2 = recorded(path, RecordMode::All).unwrap();
    assert!(ec2.is_recording());
    assert_eq!(ec2.account(), RECORDED_ACCOUNT);
    let vpc_id = creates_a_vpc_and_reads_reservations(&ec2).await;
    drop(ec2);

    // The file holds moto's answers, not the entry's, and names moto's usual address.
    let fixture = Fixture::load(path).unwrap();
    let operations: Vec<&str> = fixture
        .interactions
        .iter()
        .map(|i| i.operation.as_str())
        .collect();
    assert_eq!(operations, ["CreateVpc", "DescribeVpcs", "DescribeVpcs"]);
    assert_eq!(fixture.endpoint.as_deref(), Some(RECORDED_ADDRESS));
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(&vpc_id) && text.contains(RECORDED_ACCOUNT));
    // Whatever port the recording's server had, the file names only moto's usual address.
    let ports: Vec<&str> = text
        .split("127.0.0.1:")
        .skip(1)
        .map(|rest| {
            &rest[..rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())]
        })
        .collect();
    assert!(
        !ports.is_empty() && ports.iter().all(|p| *p == "5000"),
        "{ports:?}\n{text}"
    );
    let empty = tempfile::tempdir().unwrap();
    assert!(checked_in_a_child(
        "moto_recorded::a_recording_against_moto_replays_where_moto_is_not_installed",
        &[
            ("PATH", empty.path().to_str().unwrap()),
            (FIXTURE_ENV, path),
            (VPC_ENV, &vpc_id),
        ],
    ));
}

#[test]
fn recording_without_moto_fails_with_the_install_command() {
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().join("never.json");
    if let Some(stderr) = stderr_of_a_child(
        "moto_recorded::recording_without_moto_fails_with_the_install_command",
        &[
            ("PATH", empty.path().to_str().unwrap()),
            (FIXTURE_ENV, path.to_str().unwrap()),
        ],
    ) {
        let expected = format!(
            "aws-stubber: fixture file {}: cannot be recorded against moto: moto's server is \
             not installed: neither `moto_server` on the PATH nor `python3 -m moto.server` runs. \
             Install it with `pip install 'moto[server]'`",
            path.display()
        );
        assert!(stderr.contains(&expected), "{stderr}");
        assert!(!path.exists(), "nothing is written");
        return;
    }
    let path = std::env::var(FIXTURE_ENV).unwrap();
    let err = recorded(&path, RecordMode::All).expect_err("recording fails");
    eprintln!("{err}");
}

#[test]
fn new_episodes_cannot_be_recorded_against_moto() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("episodes.json");
    let err = recorded(path.to_str().unwrap(), RecordMode::NewEpisodes)
        .expect_err("new episodes are refused");
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: cannot record new episodes against moto: the calls \
             replayed from the file would not reach moto, whose state starts empty, so the new \
             ones would not find what they made. Record it whole with AWS_STUBBER_RECORD=all",
            path.display()
        )
    );
    assert!(!path.exists());
}

/// Records a VPC with a subnet, and a user (through a client of another service in the same
/// account), into `path`, waiting for review when `review` says so.
async fn records_a_network_and_a_user(path: &str, review: bool) {
    let options = FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .review(review);
    let ec2 = Moto::recorded_with(path, options, |config, stubber| {
        let config = aws_sdk_ec2::config::Builder::from(config).interceptor(stubber.interceptor());
        aws_sdk_ec2::Client::from_conf(config.build())
    })
    .unwrap();
    assert!(
        ec2.server_pid().is_some(),
        "a recording has a server of its own"
    );
    let iam = aws_stubber::client!(aws_sdk_iam, ec2);
    let vpc_id = create_vpc(&ec2.client, "10.0.0.0/16").await;
    ec2.client
        .create_subnet()
        .vpc_id(vpc_id)
        .cidr_block("10.0.1.0/24")
        .send()
        .await
        .unwrap();
    iam.create_user().user_name("alice").send().await.unwrap();
    ec2.finish().unwrap();
}

#[tokio::test]
async fn recording_one_scenario_twice_writes_the_same_ids_and_waits_for_no_review() {
    if !moto_runs() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("network.json");
    let path = path.to_str().unwrap();
    records_a_network_and_a_user(path, false).await;
    let first = std::fs::read_to_string(path).unwrap();
    // Again, with review on: nothing changed but the dates, so the file is written over.
    records_a_network_and_a_user(path, true).await;
    let second = std::fs::read_to_string(path).unwrap();
    let pending: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pending, ["network.json"], "nothing waits for review");
    // moto made the same ids: the files differ in their dates alone.
    let dated = |line: &str| {
        [
            "\"recorded_at\"",
            "\"x-amz-date\"",
            "\"date\"",
            "CreateDate",
        ]
        .iter()
        .any(|dated| line.contains(dated))
    };
    let (first, second): (Vec<&str>, Vec<&str>) = (
        first.lines().filter(|l| !dated(l)).collect(),
        second.lines().filter(|l| !dated(l)).collect(),
    );
    let differ: Vec<(&&str, &&str)> = first.iter().zip(&second).filter(|(a, b)| a != b).collect();
    assert!(
        differ.is_empty() && first.len() == second.len(),
        "{differ:#?}"
    );
    assert!(
        first.iter().any(|l| l.contains("vpc-")) && first.iter().any(|l| l.contains("subnet-"))
    );
}
