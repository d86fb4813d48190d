//! Scenario 7: Auto Scaling groups, one from a launch template and one from a launch
//! configuration.
//!
//! `cargo run --example autoscaling_groups --features autoscaling`

use aws_sdk_autoscaling::operation::create_auto_scaling_group::CreateAutoScalingGroupOutput;
use aws_sdk_autoscaling::operation::create_launch_configuration::CreateLaunchConfigurationOutput;
use aws_sdk_autoscaling::types::LaunchTemplateSpecification;
use aws_stubber::{Stubber, client, op};

/// The code under test: a group from the launch template, then a legacy group from a new
/// launch configuration.
pub async fn create_groups(
    asg: &aws_sdk_autoscaling::Client,
    template_id: &str,
) -> Result<(), aws_sdk_autoscaling::Error> {
    asg.create_auto_scaling_group()
        .auto_scaling_group_name("web-lt")
        .launch_template(
            LaunchTemplateSpecification::builder()
                .launch_template_id(template_id)
                .version("$Latest")
                .build(),
        )
        .min_size(1)
        .max_size(3)
        .vpc_zone_identifier("subnet-a,subnet-b")
        .send()
        .await?;
    asg.create_launch_configuration()
        .launch_configuration_name("web-lc")
        .image_id("ami-12345678")
        .instance_type("t3.micro")
        .send()
        .await?;
    asg.create_auto_scaling_group()
        .auto_scaling_group_name("web-lc")
        .launch_configuration_name("web-lc")
        .min_size(1)
        .max_size(2)
        .availability_zones("us-east-1a")
        .send()
        .await?;
    Ok(())
}

/// Queues the three calls, checking the template and configuration names.
pub fn queue_groups(stubber: &Stubber) {
    let create = op!(aws_sdk_autoscaling::Client::create_auto_scaling_group);
    stubber
        .add_response(create, CreateAutoScalingGroupOutput::builder().build())
        .expect_input(|i| {
            i.auto_scaling_group_name("web-lt")
                .launch_template(
                    LaunchTemplateSpecification::builder()
                        .launch_template_id("lt-0abc")
                        .version("$Latest")
                        .build(),
                )
                .min_size(1)
                .max_size(3)
        });
    stubber
        .add_response(
            op!(aws_sdk_autoscaling::Client::create_launch_configuration),
            CreateLaunchConfigurationOutput::builder().build(),
        )
        .expect_input(|i| {
            i.launch_configuration_name("web-lc")
                .image_id("ami-12345678")
        });
    stubber
        .add_response(create, CreateAutoScalingGroupOutput::builder().build())
        .expect_input(|i| {
            i.auto_scaling_group_name("web-lc")
                .launch_configuration_name("web-lc")
        });
}

#[allow(dead_code)]
#[tokio::main]
async fn main() {
    let stubber = Stubber::new();
    let asg = client!(aws_sdk_autoscaling, &stubber);
    queue_groups(&stubber);
    create_groups(&asg, "lt-0abc")
        .await
        .expect("groups created");
    println!(
        "created group web-lt (launch template lt-0abc) and web-lc (launch configuration web-lc)"
    );
    stubber.assert_no_pending_responses();
}
