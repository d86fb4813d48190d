//! Scenario 2: launch EC2 instances with RunInstances (MinCount/MaxCount, security groups,
//! tags).
//!
//! `cargo run --example ec2_launch --features ec2`

use aws_sdk_ec2::operation::run_instances::RunInstancesOutput;
use aws_sdk_ec2::types::{Instance, InstanceType, ResourceType, Tag, TagSpecification};
use aws_stubber::{Stubber, client, op};

/// The code under test: launches `count` tagged instances and returns their ids.
pub async fn launch(
    ec2: &aws_sdk_ec2::Client,
    ami: &str,
    count: i32,
    security_group: &str,
    name: &str,
) -> Result<Vec<String>, aws_sdk_ec2::Error> {
    let out = ec2
        .run_instances()
        .image_id(ami)
        .instance_type(InstanceType::T3Micro)
        .min_count(count)
        .max_count(count)
        .security_group_ids(security_group)
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::Instance)
                .tags(Tag::builder().key("Name").value(name).build())
                .build(),
        )
        .send()
        .await?;
    Ok(out
        .instances()
        .iter()
        .filter_map(|i| i.instance_id().map(str::to_string))
        .collect())
}

/// Queues a RunInstances answer for two instances, checking the request.
pub fn queue_launch(stubber: &Stubber) {
    stubber
        .add_response(
            op!(aws_sdk_ec2::Client::run_instances),
            RunInstancesOutput::builder()
                .instances(Instance::builder().instance_id("i-0aaa").build())
                .instances(Instance::builder().instance_id("i-0bbb").build())
                .build(),
        )
        .expect_input(|i| {
            i.image_id("ami-12345678")
                .min_count(2)
                .max_count(2)
                .security_group_ids("sg-web")
                .tag_specifications(
                    TagSpecification::builder()
                        .resource_type(ResourceType::Instance)
                        .tags(Tag::builder().key("Name").value("web").build())
                        .build(),
                )
        })
        .expect_http(|h| {
            h.body_contains("MinCount=2")
                .body_contains("SecurityGroupId.1=sg-web")
        });
}

#[allow(dead_code)]
#[tokio::main]
async fn main() {
    let stubber = Stubber::new();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    queue_launch(&stubber);
    let ids = launch(&ec2, "ami-12345678", 2, "sg-web", "web")
        .await
        .expect("launch works");
    println!("launched {} instances: {}", ids.len(), ids.join(", "));
    stubber.assert_no_pending_responses();
}
