//! Scenario 4: security groups: create, authorize and revoke ingress and egress rules.
//!
//! `cargo run --example security_groups --features ec2`

use aws_sdk_ec2::operation::authorize_security_group_egress::AuthorizeSecurityGroupEgressOutput;
use aws_sdk_ec2::operation::authorize_security_group_ingress::AuthorizeSecurityGroupIngressOutput;
use aws_sdk_ec2::operation::create_security_group::CreateSecurityGroupOutput;
use aws_sdk_ec2::operation::revoke_security_group_ingress::RevokeSecurityGroupIngressOutput;
use aws_sdk_ec2::types::{IpPermission, IpRange};
use aws_stubber::{Stubber, client, op};

fn tcp(port: i32, cidr: &str) -> IpPermission {
    IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(port)
        .to_port(port)
        .ip_ranges(IpRange::builder().cidr_ip(cidr).build())
        .build()
}

/// The code under test: a web security group open on 443, with SSH removed and egress to
/// the database subnet.
pub async fn web_group(ec2: &aws_sdk_ec2::Client, vpc: &str) -> Result<String, aws_sdk_ec2::Error> {
    let group_id = ec2
        .create_security_group()
        .group_name("web")
        .description("web servers")
        .vpc_id(vpc)
        .send()
        .await?
        .group_id()
        .unwrap_or_default()
        .to_string();
    ec2.authorize_security_group_ingress()
        .group_id(&group_id)
        .ip_permissions(tcp(443, "0.0.0.0/0"))
        .ip_permissions(tcp(22, "10.0.0.0/8"))
        .send()
        .await?;
    ec2.authorize_security_group_egress()
        .group_id(&group_id)
        .ip_permissions(tcp(5432, "10.0.2.0/24"))
        .send()
        .await?;
    ec2.revoke_security_group_ingress()
        .group_id(&group_id)
        .ip_permissions(tcp(22, "10.0.0.0/8"))
        .send()
        .await?;
    Ok(group_id)
}

/// Queues the four calls, checking each rule.
pub fn queue_web_group(stubber: &Stubber) {
    stubber
        .add_response(
            op!(aws_sdk_ec2::Client::create_security_group),
            CreateSecurityGroupOutput::builder()
                .group_id("sg-0web")
                .build(),
        )
        .expect_input(|i| i.group_name("web").vpc_id("vpc-1"));
    stubber
        .add_response(
            op!(aws_sdk_ec2::Client::authorize_security_group_ingress),
            AuthorizeSecurityGroupIngressOutput::builder()
                .r#return(true)
                .build(),
        )
        .expect_input(|i| {
            i.group_id("sg-0web")
                .ip_permissions(tcp(443, "0.0.0.0/0"))
                .ip_permissions(tcp(22, "10.0.0.0/8"))
        });
    stubber
        .add_response(
            op!(aws_sdk_ec2::Client::authorize_security_group_egress),
            AuthorizeSecurityGroupEgressOutput::builder()
                .r#return(true)
                .build(),
        )
        .expect_input(|i| {
            i.group_id("sg-0web")
                .ip_permissions(tcp(5432, "10.0.2.0/24"))
        });
    stubber
        .add_response(
            op!(aws_sdk_ec2::Client::revoke_security_group_ingress),
            RevokeSecurityGroupIngressOutput::builder()
                .r#return(true)
                .build(),
        )
        .expect_input(|i| i.group_id("sg-0web").ip_permissions(tcp(22, "10.0.0.0/8")));
}

#[allow(dead_code)]
#[tokio::main]
async fn main() {
    let stubber = Stubber::new();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    queue_web_group(&stubber);
    let id = web_group(&ec2, "vpc-1")
        .await
        .expect("security group set up");
    println!(
        "security group {id}: ingress 443 from anywhere, SSH revoked, egress 5432 to 10.0.2.0/24"
    );
    stubber.assert_no_pending_responses();
}
