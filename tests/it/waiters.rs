//! The SDK's waiters over stubbed clients: their sleeps pass at once on the stubber's clock,
//! in a plain `#[tokio::test]`, and their maximum wait is still measured in that clock's time.

use std::time::{Duration, Instant};

use aws_sdk_ec2::client::Waiters as _;
use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
use aws_sdk_ec2::types::{Instance, InstanceState, InstanceStateName, Reservation};
use aws_sdk_rds::client::Waiters as _;
use aws_sdk_rds::operation::describe_db_instances::DescribeDbInstancesOutput;
use aws_sdk_rds::types::DbInstance;
use aws_stubber::{Stubber, client, op};

fn instances(state: InstanceStateName) -> DescribeInstancesOutput {
    DescribeInstancesOutput::builder()
        .reservations(
            Reservation::builder()
                .instances(
                    Instance::builder()
                        .instance_id("i-1")
                        .state(InstanceState::builder().name(state).build())
                        .build(),
                )
                .build(),
        )
        .build()
}

/// Awaits `wait` (a waiter's `wait(..)`), asserting that it took well under a second of wall
/// time, and returns what it gave.
async fn in_wall_time_under_a_second<T>(wait: impl std::future::Future<Output = T>) -> T {
    let started = Instant::now();
    let out = wait.await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(1), "the waiter took {took:?}");
    out
}

#[tokio::test]
async fn an_ec2_waiter_polls_through_its_entries_in_milliseconds() {
    let stubber = Stubber::new();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    let describe = op!(aws_sdk_ec2::Client::describe_instances);
    stubber
        .add_response(describe, instances(InstanceStateName::Pending))
        .times(2)
        .expect_input(|i| i.instance_ids("i-1"));
    stubber.add_response(describe, instances(InstanceStateName::Running));
    // Three polls at least 15 s apart in the waiter's own time.
    let wait = ec2
        .wait_until_instance_running()
        .instance_ids("i-1")
        .wait(Duration::from_secs(600));
    in_wall_time_under_a_second(wait).await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn an_rds_waiter_polls_through_its_entries_in_milliseconds() {
    let stubber = Stubber::new();
    let rds = client!(aws_sdk_rds, &stubber);
    let status = |s: &str| {
        DescribeDbInstancesOutput::builder()
            .db_instances(
                DbInstance::builder()
                    .db_instance_identifier("db")
                    .db_instance_status(s)
                    .build(),
            )
            .build()
    };
    let describe = op!(aws_sdk_rds::Client::describe_db_instances);
    stubber.add_response(describe, status("creating")).times(3);
    stubber.add_response(describe, status("available"));
    let wait = rds
        .wait_until_db_instance_available()
        .db_instance_identifier("db")
        .wait(Duration::from_secs(3600));
    in_wall_time_under_a_second(wait).await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_waiter_still_gives_up_after_its_maximum_wait() {
    let stubber = Stubber::unordered();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    // More polls than 300 s allow at the waiter's minimum delay of 15 s.
    stubber
        .add_response(
            op!(aws_sdk_ec2::Client::describe_instances),
            instances(InstanceStateName::Pending),
        )
        .times(40);
    let wait = ec2
        .wait_until_instance_running()
        .instance_ids("i-1")
        .wait(Duration::from_secs(300));
    let err = in_wall_time_under_a_second(wait).await.unwrap_err();
    // The SDK's own timeout error, after as many polls as 300 s of its delays allow.
    let aws_smithy_runtime_api::client::waiters::error::WaiterError::ExceededMaxWait(exceeded) =
        err
    else {
        panic!("expected the waiter to exceed its maximum wait, got {err:?}");
    };
    assert_eq!(exceeded.max_wait(), Duration::from_secs(300));
    assert!(
        exceeded.elapsed() >= Duration::from_secs(300),
        "{exceeded:?}"
    );
    let polls = stubber.calls().len();
    assert!((3..=21).contains(&polls), "{polls} polls in 300 s");
    assert_eq!(exceeded.poll_count() as usize, polls);
    stubber.verify_on_drop(false);
}

#[tokio::test(start_paused = true)]
async fn waiters_also_finish_at_once_with_tokios_time_paused() {
    let stubber = Stubber::new();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    let describe = op!(aws_sdk_ec2::Client::describe_instances);
    stubber.add_response(describe, instances(InstanceStateName::Pending));
    stubber.add_response(describe, instances(InstanceStateName::Running));
    let wait = ec2
        .wait_until_instance_running()
        .instance_ids("i-1")
        .wait(Duration::from_secs(600));
    in_wall_time_under_a_second(wait).await.unwrap();
    stubber.assert_called_times(describe, 2);
    stubber.assert_no_pending_responses();
}
