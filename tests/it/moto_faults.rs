//! moto that never hangs and says what moto said: a stuck server fails the call within the
//! client's timeout, a dead one is named and replaced, an operation moto lacks is named with
//! the entry that answers it, and clients of several services share one account.

use std::time::{Duration, Instant};

use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::timeout::TimeoutConfig;
use aws_stubber::stubbed::moto::{self, Moto, MotoEc2, MotoError, ec2};
use rstest::rstest;

use crate::moto_fixtures::{create_vpc, moto_runs};
use crate::support::{in_a_child, stderr_of_a_child};

/// Sends `signal` (`STOP`, `CONT`, `KILL`) to the process `pid`.
fn signal(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} {pid}");
}

/// The whole error of a failed call, sources and all.
fn full<E: std::error::Error>(err: &E) -> String {
    format!("{}", DisplayErrorContext(err))
}

/// The `MotoError` a failed call carries as the source of its connector error.
fn moto_error<E: std::error::Error + 'static>(err: &E) -> &MotoError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = err.source();
    while let Some(e) = source {
        if let Some(moto) = e.downcast_ref::<MotoError>() {
            return moto;
        }
        source = e.source();
    }
    panic!("no MotoError in {}", full(err))
}

#[tokio::test]
async fn a_stuck_server_fails_the_call_within_the_timeout_naming_it() {
    if !moto_runs() {
        return;
    }
    // A server of its own (the shared one serves the tests running beside this one), and a
    // client with a one-second read timeout.
    let iam = Moto::isolated(|config, stubber| {
        let config = aws_sdk_iam::config::Builder::from(config)
            .interceptor(stubber.interceptor())
            .timeout_config(
                TimeoutConfig::builder()
                    .read_timeout(Duration::from_secs(1))
                    .build(),
            );
        aws_sdk_iam::Client::from_conf(config.build())
    });
    iam.client.list_users().send().await.unwrap();
    let pid = iam.server_pid().expect("moto's pid");
    signal(pid, "STOP");
    let asked = Instant::now();
    let err = iam.client.list_users().send().await.unwrap_err();
    let took = asked.elapsed();
    signal(pid, "CONT");
    assert!(
        took < Duration::from_secs(3),
        "failed after {took:?}: {}",
        full(&err)
    );
    let said = moto_error(&err).to_string();
    assert!(
        said.starts_with(&format!(
            "aws-stubber: moto's server (pid {pid}, port {}) did not answer IAM ListUsers \
             within 1s: it is stuck or overloaded, and no fixture gets it again. Its output \
             ends:\n",
            iam.config()
                .endpoint_url()
                .unwrap()
                .rsplit(':')
                .next()
                .unwrap()
        )),
        "{said}"
    );
    // Its output: moto's log of the call before.
    assert!(said.contains("\"POST / HTTP/1.1\" 200"), "{said}");
    assert!(said.ends_with("give the client a longer read timeout: `.timeout_config(TimeoutConfig::builder().read_timeout(..).build())` on its config"), "{said}");
    assert!(
        full(&err).starts_with("dispatch failure: timeout: "),
        "{}",
        full(&err)
    );
    // The stuck server is not handed out again.
    drop(iam);
    let next = Moto::isolated(|config, stubber| {
        let config = aws_sdk_iam::config::Builder::from(config).interceptor(stubber.interceptor());
        aws_sdk_iam::Client::from_conf(config.build())
    });
    assert_ne!(next.server_pid(), Some(pid));
    next.client.list_users().send().await.unwrap();
}

#[test]
fn a_shared_server_that_dies_is_named_and_the_next_fixture_gets_a_new_one() {
    // In a copy of this binary, whose shared server no other test uses.
    if stderr_of_a_child(
        "moto_faults::a_shared_server_that_dies_is_named_and_the_next_fixture_gets_a_new_one",
        &[],
    )
    .is_some()
        || !moto_runs()
    {
        return;
    }
    assert!(in_a_child());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let iam = moto::iam();
    rt.block_on(iam.client.create_user().user_name("alice").send())
        .unwrap();
    let pid = iam.server_pid().expect("moto's pid");
    let port = moto::server().unwrap().port();
    signal(pid, "KILL");
    let err = rt.block_on(iam.client.list_users().send()).unwrap_err();
    let said = moto_error(&err).to_string();
    assert!(
        said.starts_with(&format!(
            "aws-stubber: moto's server (pid {pid}, port {port}) exited (signal: 9 (SIGKILL)) \
             before it answered IAM ListUsers; its output ends:\n"
        )),
        "{said}"
    );
    assert!(
        said.contains("exited (signal: 9 (SIGKILL)) before it answered IAM ListUsers"),
        "{said}"
    );
    assert!(
        said.ends_with(
            "The next fixture starts a new server (this test's resources are gone with this one)"
        ),
        "{said}"
    );
    // The next fixture starts a new shared server, and works.
    let next = moto::iam();
    assert_ne!(next.server_pid(), Some(pid));
    let users = rt.block_on(next.client.list_users().send()).unwrap();
    assert!(users.users().is_empty());
    assert_eq!(moto::server().unwrap().pid(), next.server_pid());
}

#[rstest]
#[tokio::test]
async fn an_operation_moto_lacks_is_named_with_the_entry_that_answers_it(ec2: MotoEc2) {
    if !moto_runs() {
        return;
    }
    let err = ec2
        .client
        .describe_capacity_reservations()
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        moto_error(&err).to_string(),
        "aws-stubber: moto does not implement EC2 DescribeCapacityReservations (it answered \
         HTTP 500: \"The describe_capacity_reservations action has not been implemented\"). \
         Queue an entry for it on the moto fixture, which answers it in front of moto: \
         `fixture.add_response(op!(aws_sdk_ec2::Client::describe_capacity_reservations), ..)` \
         (or `add_client_error`, ...)"
    );
    // A client the code under test builds from the configuration (no stubber in front) hears
    // the same.
    let theirs = aws_sdk_ec2::Client::new(ec2.config());
    let err = theirs
        .describe_capacity_reservations()
        .send()
        .await
        .unwrap_err();
    assert!(
        moto_error(&err)
            .to_string()
            .starts_with("aws-stubber: moto does not implement ec2 DescribeCapacityReservations"),
        "{}",
        full(&err)
    );
}

#[rstest]
#[tokio::test]
async fn an_ec2_and_rds_scenario_runs_in_one_account(ec2: MotoEc2) {
    if !moto_runs() {
        return;
    }
    // RDS in the EC2 fixture's account, through its stubber.
    let rds = aws_stubber::client!(aws_sdk_rds, ec2);
    let vpc_id = &create_vpc(&ec2.client, "10.1.0.0/16").await;
    let mut subnets = Vec::new();
    for (cidr, zone) in [("10.1.1.0/24", "us-east-1a"), ("10.1.2.0/24", "us-east-1b")] {
        let subnet = ec2
            .client
            .create_subnet()
            .vpc_id(vpc_id)
            .cidr_block(cidr)
            .availability_zone(zone)
            .send()
            .await
            .unwrap();
        subnets.push(
            subnet
                .subnet()
                .and_then(|s| s.subnet_id())
                .unwrap()
                .to_string(),
        );
    }
    let group = rds
        .create_db_subnet_group()
        .db_subnet_group_name("app")
        .db_subnet_group_description("the app's database subnets")
        .set_subnet_ids(Some(subnets.clone()))
        .send()
        .await
        .unwrap();
    let group = group.db_subnet_group().unwrap();
    assert_eq!(group.vpc_id(), Some(vpc_id.as_str()));
    assert_eq!(group.subnets().len(), 2);
    // A fixture of its own account does not see those subnets.
    let elsewhere = moto::ec2();
    let other = aws_stubber::client!(aws_sdk_rds, elsewhere);
    let refused = other
        .create_db_subnet_group()
        .db_subnet_group_name("app")
        .db_subnet_group_description("elsewhere")
        .set_subnet_ids(Some(subnets))
        .send()
        .await
        .unwrap_err();
    assert!(
        full(&refused).contains("InvalidSubnet"),
        "{}",
        full(&refused)
    );
}

/// An EC2 fixture on a server of its own, seeded with `seed`, and the id of a VPC it makes.
async fn vpc_made_after_seeding(seed: u64) -> String {
    let ec2 = Moto::isolated(|config, stubber| {
        let config = aws_sdk_ec2::config::Builder::from(config).interceptor(stubber.interceptor());
        aws_sdk_ec2::Client::from_conf(config.build())
    });
    // moto sets EC2 up on its first call in the server's process: seeded after it, the ids
    // repeat whatever the leased server served before.
    ec2.client.describe_vpcs().send().await.unwrap();
    ec2.seed(seed).unwrap();
    create_vpc(&ec2.client, "10.0.0.0/16").await
}

#[tokio::test]
async fn a_server_of_its_own_seeded_alike_makes_the_same_ids() {
    if !moto_runs() {
        return;
    }
    let first = vpc_made_after_seeding(7).await;
    assert_eq!(vpc_made_after_seeding(7).await, first);
    assert_ne!(vpc_made_after_seeding(8).await, first);
}

#[test]
fn a_fixture_on_the_shared_server_refuses_a_seed_saying_why() {
    if !moto_runs() {
        return;
    }
    let iam = moto::iam();
    let err = iam.seed(7).unwrap_err();
    assert!(
        err.to_string().ends_with(
            "is shared by every test of the run, which run at the same time: seeding it \
             would not make this test's ids repeatable. Seed a fixture with a server of its \
             own (`Moto::isolated`)"
        ),
        "{err}"
    );
}

#[test]
fn a_test_binary_killed_mid_test_leaves_no_moto_running() {
    const NAME: &str = "moto_faults::a_test_binary_killed_mid_test_leaves_no_moto_running";
    if in_a_child() {
        // The copy: starts the shared server, says moto's pid, and waits to be killed.
        let server = moto::server().unwrap();
        eprintln!("moto pid {}", server.pid().unwrap());
        std::thread::sleep(Duration::from_secs(60));
        return;
    }
    if !moto_runs() {
        return;
    }
    // Servers of the copy's own, stopped one second after no process uses them.
    let servers = tempfile::tempdir().unwrap();
    let mut copy = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", NAME, "--nocapture"])
        .env(crate::support::CHILD, "1")
        .env(moto::registry::DIR_VAR, servers.path())
        .env(moto::registry::LINGER_VAR, "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = std::io::BufReader::new(copy.stderr.take().unwrap());
    let pid: u32 = std::io::BufRead::lines(stderr)
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("moto pid ").map(|p| p.parse().unwrap()))
        .expect("the copy says moto's pid");
    // Running, not a zombie waiting to be reaped.
    let alive = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            !stat
                .rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
    };
    assert!(alive(pid));
    // SIGKILL: the copy runs no code of its own on the way out.
    copy.kill().unwrap();
    copy.wait().unwrap();
    let killed = Instant::now();
    while alive(pid) && killed.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !alive(pid),
        "moto (pid {pid}) outlived the killed test binary"
    );
}
