//! The seed scenario that needs a service beyond the six: EC2 instance types joined with
//! their prices from the Pricing API.

#[path = "examples/instance_catalogue.rs"]
mod instance_catalogue;

use aws_stubber::stubbed::*;
use aws_stubber::{Stubber, client};
use rstest::rstest;

#[rstest]
#[tokio::test]
async fn instance_catalogue_joins_types_and_prices(ec2: StubbedEc2) {
    let pricing_stubber = Stubber::new();
    let pricing = client!(aws_sdk_pricing, &pricing_stubber);
    instance_catalogue::queue_catalogue(&ec2, &pricing_stubber);
    let rows = instance_catalogue::catalogue(&ec2.client, &pricing, "US East (N. Virginia)")
        .await
        .unwrap();
    assert_eq!(
        rows,
        [
            instance_catalogue::Row {
                instance_type: "c5.xlarge".into(),
                vcpus: 4,
                ram_gib: 8.0,
                ghz: Some(3.4),
                network: "Up to 10 Gigabit".into(),
                usd_per_hour: Some(0.17),
            },
            instance_catalogue::Row {
                instance_type: "m5.large".into(),
                vcpus: 2,
                ram_gib: 8.0,
                ghz: Some(3.1),
                network: "Up to 10 Gigabit".into(),
                usd_per_hour: Some(0.096),
            },
        ]
    );
}

#[test]
fn price_documents_are_parsed() {
    let doc = instance_catalogue::price_document("t3.micro", "0.0104000000");
    assert_eq!(
        instance_catalogue::on_demand_price(&doc),
        Some(("t3.micro".to_string(), 0.0104))
    );
    assert_eq!(instance_catalogue::on_demand_price("{}"), None);
}
