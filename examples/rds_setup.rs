//! Scenario 5: create a DB subnet group from the VPC's subnets, then a DB instance in it.
//!
//! `cargo run --example rds_setup --features "ec2 rds"`

use aws_sdk_ec2::operation::describe_subnets::DescribeSubnetsOutput;
use aws_sdk_ec2::types::{Filter, Subnet};
use aws_sdk_rds::operation::create_db_instance::CreateDbInstanceOutput;
use aws_sdk_rds::operation::create_db_subnet_group::CreateDbSubnetGroupOutput;
use aws_sdk_rds::types::{DbInstance, DbSubnetGroup};
use aws_stubber::{Stubber, client, op};

/// The code under test: a subnet group over every subnet of `vpc`, and a Postgres instance
/// in it. Returns the instance's status.
pub async fn database_in_vpc(
    ec2: &aws_sdk_ec2::Client,
    rds: &aws_sdk_rds::Client,
    vpc: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let subnets = ec2
        .describe_subnets()
        .filters(Filter::builder().name("vpc-id").values(vpc).build())
        .send()
        .await?;
    let ids: Vec<String> = subnets
        .subnets()
        .iter()
        .filter_map(|s| s.subnet_id().map(str::to_string))
        .collect();
    rds.create_db_subnet_group()
        .db_subnet_group_name("app-db")
        .db_subnet_group_description("subnets of the app VPC")
        .set_subnet_ids(Some(ids))
        .send()
        .await?;
    let instance = rds
        .create_db_instance()
        .db_instance_identifier("app-db-1")
        .db_instance_class("db.t3.micro")
        .engine("postgres")
        .allocated_storage(20)
        .master_username("app")
        .manage_master_user_password(true)
        .db_subnet_group_name("app-db")
        .send()
        .await?;
    Ok(instance
        .db_instance()
        .and_then(|i| i.db_instance_status())
        .unwrap_or("unknown")
        .to_string())
}

/// Queues the three calls across the two stubbers.
pub fn queue_database(ec2: &Stubber, rds: &Stubber) {
    ec2.add_response(
        op!(aws_sdk_ec2::Client::describe_subnets),
        DescribeSubnetsOutput::builder()
            .subnets(
                Subnet::builder()
                    .subnet_id("subnet-a")
                    .availability_zone("us-east-1a")
                    .build(),
            )
            .subnets(
                Subnet::builder()
                    .subnet_id("subnet-b")
                    .availability_zone("us-east-1b")
                    .build(),
            )
            .build(),
    )
    .expect_input(|i| i.filters(Filter::builder().name("vpc-id").values("vpc-1").build()));
    rds.add_response(
        op!(aws_sdk_rds::Client::create_db_subnet_group),
        CreateDbSubnetGroupOutput::builder()
            .db_subnet_group(
                DbSubnetGroup::builder()
                    .db_subnet_group_name("app-db")
                    .vpc_id("vpc-1")
                    .build(),
            )
            .build(),
    )
    .expect_input(|i| {
        i.db_subnet_group_name("app-db")
            .subnet_ids("subnet-a")
            .subnet_ids("subnet-b")
    });
    rds.add_response(
        op!(aws_sdk_rds::Client::create_db_instance),
        CreateDbInstanceOutput::builder()
            .db_instance(
                DbInstance::builder()
                    .db_instance_identifier("app-db-1")
                    .db_instance_status("creating")
                    .build(),
            )
            .build(),
    )
    .expect_input(|i| {
        i.db_instance_identifier("app-db-1")
            .engine("postgres")
            .db_subnet_group_name("app-db")
    });
}

#[allow(dead_code)]
#[tokio::main]
async fn main() {
    let (ec2_stubber, rds_stubber) = (Stubber::new(), Stubber::new());
    let ec2 = client!(aws_sdk_ec2, &ec2_stubber);
    let rds = client!(aws_sdk_rds, &rds_stubber);
    queue_database(&ec2_stubber, &rds_stubber);
    let status = database_in_vpc(&ec2, &rds, "vpc-1")
        .await
        .expect("database set up");
    println!("subnet group app-db over subnet-a, subnet-b; DB instance app-db-1 is {status}");
    ec2_stubber.assert_no_pending_responses();
    rds_stubber.assert_no_pending_responses();
}
