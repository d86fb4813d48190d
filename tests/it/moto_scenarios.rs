//! The seed scenarios against moto: the same code as the stubbed scenario tests
//! (`scenarios.rs`), run on moto's state instead of queued answers.

use aws_sdk_autoscaling::operation::create_auto_scaling_group::CreateAutoScalingGroupOutput;
use aws_sdk_ec2::types::Filter;
use aws_stubber::op;
use aws_stubber::stubbed::moto;

use crate::moto_fixtures::{create_bucket, create_vpc, moto_runs};
use crate::scenarios::{
    autoscaling_groups, ec2_launch, iam_users, rds_setup, route53_records, s3_keys, security_groups,
};

#[tokio::test]
async fn s3_last_keys_of_what_was_put() {
    if !moto_runs() {
        return;
    }
    let s3 = moto::s3();
    let bucket = "keys";
    create_bucket(&s3.client, bucket).await;
    for key in ["logs/2024-01", "logs/2024-02", "logs/2024-03", "other/x"] {
        s3.client
            .put_object()
            .bucket(bucket)
            .key(key)
            .body(Vec::from(&b"-"[..]).into())
            .send()
            .await
            .unwrap();
    }
    let keys = s3_keys::last_keys(&s3.client, bucket, "logs/", 2)
        .await
        .unwrap();
    assert_eq!(keys, ["logs/2024-02", "logs/2024-03"]);
}

/// An image moto knows, from its catalogue.
async fn an_image(ec2: &aws_sdk_ec2::Client) -> String {
    let images = ec2.describe_images().owners("amazon").send().await.unwrap();
    images.images()[0].image_id().unwrap().to_string()
}

#[tokio::test]
async fn ec2_launches_tagged_instances() {
    if !moto_runs() {
        return;
    }
    let ec2 = moto::ec2();
    let ami = an_image(&ec2.client).await;
    let group = ec2
        .client
        .create_security_group()
        .group_name("web")
        .description("web")
        .send()
        .await
        .unwrap();
    let ids = ec2_launch::launch(&ec2.client, &ami, 2, group.group_id().unwrap(), "web")
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
    let described = ec2
        .client
        .describe_instances()
        .filters(Filter::builder().name("tag:Name").values("web").build())
        .send()
        .await
        .unwrap();
    let found: usize = described
        .reservations()
        .iter()
        .map(|r| r.instances().len())
        .sum();
    assert_eq!(found, 2);
}

#[tokio::test]
async fn security_group_rules_are_authorized_and_revoked() {
    if !moto_runs() {
        return;
    }
    let ec2 = moto::ec2();
    let vpc_id = &create_vpc(&ec2.client, "10.0.0.0/16").await;
    let group_id = security_groups::web_group(&ec2.client, vpc_id)
        .await
        .unwrap();
    let groups = ec2
        .client
        .describe_security_groups()
        .group_ids(&group_id)
        .send()
        .await
        .unwrap();
    let ports: Vec<i32> = groups.security_groups()[0]
        .ip_permissions()
        .iter()
        .filter_map(|p| p.from_port())
        .collect();
    assert_eq!(ports, [443], "SSH was revoked, HTTPS stays");
}

#[tokio::test]
async fn rds_database_in_a_subnet_group_of_the_vpc() {
    if !moto_runs() {
        return;
    }
    let rds = moto::rds();
    // The same account's EC2, for the VPC and its subnets.
    let ec2 = aws_sdk_ec2::Client::new(rds.config());
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.2.0.0/16")
        .send()
        .await
        .unwrap();
    let vpc_id = vpc.vpc().unwrap().vpc_id().unwrap().to_string();
    for (cidr, zone) in [("10.2.1.0/24", "us-east-1a"), ("10.2.2.0/24", "us-east-1b")] {
        ec2.create_subnet()
            .vpc_id(&vpc_id)
            .cidr_block(cidr)
            .availability_zone(zone)
            .send()
            .await
            .unwrap();
    }
    let status = rds_setup::database_in_vpc(&ec2, &rds.client, &vpc_id)
        .await
        .unwrap();
    assert_eq!(status, "available");
    let group = rds
        .client
        .describe_db_subnet_groups()
        .db_subnet_group_name("app-db")
        .send()
        .await
        .unwrap();
    assert_eq!(group.db_subnet_groups()[0].subnets().len(), 2);
}

#[tokio::test]
async fn route53_zone_with_www_lists_its_records() {
    if !moto_runs() {
        return;
    }
    let r53 = moto::route53();
    let names = route53_records::zone_with_www(&r53.client, "example.com.")
        .await
        .unwrap();
    assert!(names.contains(&"www.example.com.".to_string()), "{names:?}");
}

#[tokio::test]
async fn iam_users_join_a_group() {
    if !moto_runs() {
        return;
    }
    let iam = moto::iam();
    let members = iam_users::onboard(&iam.client, &["ann", "bo"], "admins", "ann")
        .await
        .unwrap();
    assert_eq!(members, ["ann"]);
}

#[tokio::test]
async fn autoscaling_groups_with_a_stub_where_moto_refuses_made_up_subnets() {
    if !moto_runs() {
        return;
    }
    let asg = moto::autoscaling();
    let ec2 = aws_sdk_ec2::Client::new(asg.config());
    let template = ec2
        .create_launch_template()
        .launch_template_name("web")
        .launch_template_data(
            aws_sdk_ec2::types::RequestLaunchTemplateData::builder()
                .image_id("ami-12345678")
                .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let template_id = template
        .launch_template()
        .unwrap()
        .launch_template_id()
        .unwrap();
    // The example names made-up subnets, which moto (like AWS) refuses: an entry answers
    // the group that uses them; the other group, the launch configuration and the template
    // are moto's.
    asg.add_response(
        op!(aws_sdk_autoscaling::Client::create_auto_scaling_group),
        CreateAutoScalingGroupOutput::builder().build(),
    )
    .expect_input(|i| {
        i.auto_scaling_group_name("web-lt")
            .vpc_zone_identifier("subnet-a,subnet-b")
    });
    autoscaling_groups::create_groups(&asg.client, template_id)
        .await
        .unwrap();
    asg.assert_no_pending_responses();
    let groups = asg
        .client
        .describe_auto_scaling_groups()
        .send()
        .await
        .unwrap();
    let mut names: Vec<&str> = groups
        .auto_scaling_groups()
        .iter()
        .filter_map(|g| g.auto_scaling_group_name())
        .collect();
    names.sort();
    assert_eq!(names, ["web-lc"]);
}
