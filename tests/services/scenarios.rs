//! The seed scenario that needs a service beyond the six: EC2 instance types joined with
//! their prices from the Pricing API, stubbed, and against moto's EC2 with the Pricing API
//! (which moto does not serve) stubbed in front of it.

#[path = "examples/instance_catalogue.rs"]
mod instance_catalogue;

use aws_stubber::stubbed::moto::{self, Moto};
use aws_stubber::stubbed::*;
use aws_stubber::{Stubber, client};
use rstest::rstest;

/// The catalogue's row for m5.large, as the stubbed answers and moto both describe it.
fn m5_large() -> instance_catalogue::Row {
    instance_catalogue::Row {
        instance_type: "m5.large".into(),
        vcpus: 2,
        ram_gib: 8.0,
        ghz: Some(3.1),
        network: "Up to 10 Gigabit".into(),
        usd_per_hour: Some(0.096),
    }
}

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
            m5_large(),
        ]
    );
}

/// moto's EC2 knows every instance type; moto does not serve the Pricing API, so the fixture's
/// stubber answers GetProducts and moto the rest.
#[tokio::test]
async fn instance_catalogue_against_moto_with_prices_stubbed() {
    match moto::server() {
        Err(e) if std::env::var_os("CI").is_none() => {
            println!("SKIPPED: {e}");
            return;
        }
        other => {
            other.unwrap();
        }
    }
    let both = Moto::new(|config, stubber| {
        let ec2 = aws_sdk_ec2::config::Builder::from(config).interceptor(stubber.interceptor());
        let pricing =
            aws_sdk_pricing::config::Builder::from(config).interceptor(stubber.interceptor());
        (
            aws_sdk_ec2::Client::from_conf(ec2.build()),
            aws_sdk_pricing::Client::from_conf(pricing.build()),
        )
    });
    let (ec2, pricing) = &both.client;
    // Without an entry, the call goes to moto, which has no Pricing API: it fails there, and
    // the error says so.
    let err = pricing
        .get_products()
        .service_code("AmazonEC2")
        .send()
        .await
        .unwrap_err();
    let said = format!(
        "{}",
        aws_smithy_types::error::display::DisplayErrorContext(&err)
    );
    assert!(
        said.starts_with(
            "dispatch failure: other: aws-stubber: moto does not implement Pricing GetProducts: \
             it has no Pricing service at all (it answered HTTP 500 as it looked for one). \
             Queue an entry for each of its calls on the moto fixture, which answers them in \
             front of moto: `fixture.add_response(op!(aws_sdk_pricing::Client::get_products), \
             ..)` (or `add_client_error`, ...)"
        ),
        "{said}"
    );
    instance_catalogue::queue_prices(&both);
    let rows = instance_catalogue::catalogue(ec2, pricing, "US East (N. Virginia)")
        .await
        .unwrap();
    let m5 = rows.iter().find(|r| r.instance_type == "m5.large");
    assert_eq!(m5, Some(&m5_large()));
    let priced: Vec<&str> = rows
        .iter()
        .filter(|r| r.usd_per_hour.is_some())
        .map(|r| r.instance_type.as_str())
        .collect();
    assert_eq!(priced, ["c5.xlarge", "m5.large"]);
    // moto's types, filtered to x86_64 by the code under test: no Graviton type is listed.
    assert!(rows.len() > 100, "{} rows", rows.len());
    assert!(!rows.iter().any(|r| r.instance_type.starts_with("m6g.")));
    both.assert_no_pending_responses();
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
