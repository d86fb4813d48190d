//! Scenario 8: create users and a group, add a user to the group, list them.
//!
//! `cargo run --example iam_users --features iam`

use aws_sdk_iam::operation::add_user_to_group::AddUserToGroupOutput;
use aws_sdk_iam::operation::create_group::CreateGroupOutput;
use aws_sdk_iam::operation::create_user::CreateUserOutput;
use aws_sdk_iam::operation::get_group::GetGroupOutput;
use aws_sdk_iam::types::{Group, User};
use aws_smithy_types::DateTime;
use aws_stubber::{Stubber, client, op};

/// The code under test: creates the users and the group, puts `admin` in it, and returns the
/// group's members.
pub async fn onboard(
    iam: &aws_sdk_iam::Client,
    users: &[&str],
    group: &str,
    admin: &str,
) -> Result<Vec<String>, aws_sdk_iam::Error> {
    for user in users {
        iam.create_user().user_name(*user).send().await?;
    }
    iam.create_group().group_name(group).send().await?;
    iam.add_user_to_group()
        .group_name(group)
        .user_name(admin)
        .send()
        .await?;
    let members = iam.get_group().group_name(group).send().await?;
    Ok(members
        .users()
        .iter()
        .map(|u| u.user_name().to_string())
        .collect())
}

pub fn user(name: &str) -> User {
    User::builder()
        .user_name(name)
        .user_id(format!("AIDA{}", name.to_uppercase()))
        .arn(format!("arn:aws:iam::123456789012:user/{name}"))
        .path("/")
        .create_date(DateTime::from_secs(1_700_000_000))
        .build()
        .expect("all required fields set")
}

pub fn group(name: &str) -> Group {
    Group::builder()
        .group_name(name)
        .group_id("AGPAGROUP")
        .arn(format!("arn:aws:iam::123456789012:group/{name}"))
        .path("/")
        .create_date(DateTime::from_secs(1_700_000_000))
        .build()
        .expect("all required fields set")
}

/// Queues the whole onboarding conversation.
pub fn queue_onboarding(stubber: &Stubber) {
    for name in ["alice", "bob"] {
        stubber
            .add_response(
                op!(aws_sdk_iam::Client::create_user),
                CreateUserOutput::builder().user(user(name)).build(),
            )
            .expect_input(move |i| i.user_name(name));
    }
    stubber
        .add_response(
            op!(aws_sdk_iam::Client::create_group),
            CreateGroupOutput::builder().group(group("admins")).build(),
        )
        .expect_input(|i| i.group_name("admins"));
    stubber
        .add_response(
            op!(aws_sdk_iam::Client::add_user_to_group),
            AddUserToGroupOutput::builder().build(),
        )
        .expect_input(|i| i.group_name("admins").user_name("alice"));
    stubber.add_response(
        op!(aws_sdk_iam::Client::get_group),
        GetGroupOutput::builder()
            .group(group("admins"))
            .users(user("alice"))
            .build()
            .unwrap(),
    );
}

#[allow(dead_code)]
#[tokio::main]
async fn main() {
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    queue_onboarding(&stubber);
    let members = onboard(&iam, &["alice", "bob"], "admins", "alice")
        .await
        .expect("onboarding works");
    println!(
        "created users alice, bob and group admins; members of admins: {}",
        members.join(", ")
    );
    stubber.assert_no_pending_responses();
}
