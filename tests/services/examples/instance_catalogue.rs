//! Scenario 3: an instance-type catalogue: DescribeInstanceTypes (paginated, x86_64) joined
//! with on-demand prices from the Pricing API's GetProducts price list documents.
//!
//! `cargo run -p aws-stubber-services --example instance_catalogue` (a workspace member of its
//! own, so that the Pricing crate it needs is not built for the other examples)

use std::collections::HashMap;

use aws_sdk_ec2::operation::describe_instance_types::DescribeInstanceTypesOutput;
use aws_sdk_ec2::types::{
    Filter, InstanceType, InstanceTypeInfo, MemoryInfo, NetworkInfo, ProcessorInfo, VCpuInfo,
};
use aws_sdk_pricing::operation::get_products::GetProductsOutput;
use aws_sdk_pricing::types::{Filter as PriceFilter, FilterType};
use aws_stubber::{Stubber, client, op};

/// One row of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub instance_type: String,
    pub vcpus: i32,
    pub ram_gib: f64,
    pub ghz: Option<f64>,
    pub network: String,
    pub usd_per_hour: Option<f64>,
}

/// The code under test.
pub async fn catalogue(
    ec2: &aws_sdk_ec2::Client,
    pricing: &aws_sdk_pricing::Client,
    location: &str,
) -> Result<Vec<Row>, Box<dyn std::error::Error + Send + Sync>> {
    let mut types = Vec::new();
    let mut pages = ec2
        .describe_instance_types()
        .filters(
            Filter::builder()
                .name("processor-info.supported-architecture")
                .values("x86_64")
                .build(),
        )
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        types.extend(page?.instance_types().iter().cloned());
    }
    let mut prices = HashMap::new();
    let mut token = None;
    loop {
        let page = pricing
            .get_products()
            .service_code("AmazonEC2")
            .filters(term("location", location))
            .filters(term("operatingSystem", "Linux"))
            .filters(term("tenancy", "Shared"))
            .filters(term("preInstalledSw", "NA"))
            .filters(term("capacitystatus", "Used"))
            .set_next_token(token.take())
            .send()
            .await?;
        for doc in page.price_list() {
            if let Some((instance_type, usd)) = on_demand_price(doc) {
                prices.insert(instance_type, usd);
            }
        }
        match page.next_token() {
            Some(next) => token = Some(next.to_string()),
            None => break,
        }
    }
    let mut rows: Vec<Row> = types
        .iter()
        .map(|t| {
            let name = t
                .instance_type()
                .map(|i| i.as_str().to_string())
                .unwrap_or_default();
            Row {
                usd_per_hour: prices.get(&name).copied(),
                vcpus: t.v_cpu_info().and_then(|v| v.default_v_cpus()).unwrap_or(0),
                ram_gib: t.memory_info().and_then(|m| m.size_in_mib()).unwrap_or(0) as f64 / 1024.0,
                ghz: t
                    .processor_info()
                    .and_then(|p| p.sustained_clock_speed_in_ghz()),
                network: t
                    .network_info()
                    .and_then(|n| n.network_performance())
                    .unwrap_or("")
                    .to_string(),
                instance_type: name,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.instance_type.cmp(&b.instance_type));
    Ok(rows)
}

fn term(field: &str, value: &str) -> PriceFilter {
    PriceFilter::builder()
        .r#type(FilterType::TermMatch)
        .field(field)
        .value(value)
        .build()
        .expect("all fields set")
}

/// Reads `(instanceType, USD per hour)` from one price list JSON document.
pub fn on_demand_price(doc: &str) -> Option<(String, f64)> {
    let v: serde_json::Value = serde_json::from_str(doc).ok()?;
    let instance_type = v["product"]["attributes"]["instanceType"]
        .as_str()?
        .to_string();
    let on_demand = v["terms"]["OnDemand"].as_object()?;
    let usd = on_demand
        .values()
        .filter_map(|term| term["priceDimensions"].as_object())
        .flat_map(|dims| dims.values())
        .find_map(|d| d["pricePerUnit"]["USD"].as_str()?.parse::<f64>().ok())?;
    Some((instance_type, usd))
}

/// A price list document as the Pricing API returns it.
pub fn price_document(instance_type: &str, usd: &str) -> String {
    serde_json::json!({
        "product": {
            "productFamily": "Compute Instance",
            "attributes": {"instanceType": instance_type, "operatingSystem": "Linux", "location": "US East (N. Virginia)"},
            "sku": format!("SKU-{instance_type}")
        },
        "terms": {"OnDemand": {format!("SKU-{instance_type}.JRTCKXETXF"): {
            "priceDimensions": {format!("SKU-{instance_type}.JRTCKXETXF.6YS6EN2CT7"): {
                "unit": "Hrs", "pricePerUnit": {"USD": usd}
            }}
        }}}
    })
    .to_string()
}

fn info(t: InstanceType, vcpus: i32, mib: i64, ghz: f64, network: &str) -> InstanceTypeInfo {
    InstanceTypeInfo::builder()
        .instance_type(t)
        .v_cpu_info(VCpuInfo::builder().default_v_cpus(vcpus).build())
        .memory_info(MemoryInfo::builder().size_in_mib(mib).build())
        .processor_info(
            ProcessorInfo::builder()
                .supported_architectures("x86_64".into())
                .sustained_clock_speed_in_ghz(ghz)
                .build(),
        )
        .network_info(NetworkInfo::builder().network_performance(network).build())
        .build()
}

/// Queues two pages of instance types and one page of prices.
pub fn queue_catalogue(ec2: &Stubber, pricing: &Stubber) {
    let describe = op!(aws_sdk_ec2::Client::describe_instance_types);
    ec2.add_response(
        describe,
        DescribeInstanceTypesOutput::builder()
            .instance_types(info(
                InstanceType::M5Large,
                2,
                8192,
                3.1,
                "Up to 10 Gigabit",
            ))
            .next_token("page-2")
            .build(),
    )
    .expect_input(|i| {
        i.filters(
            Filter::builder()
                .name("processor-info.supported-architecture")
                .values("x86_64")
                .build(),
        )
    });
    ec2.add_response(
        describe,
        DescribeInstanceTypesOutput::builder()
            .instance_types(info(
                InstanceType::C5Xlarge,
                4,
                8192,
                3.4,
                "Up to 10 Gigabit",
            ))
            .build(),
    )
    .expect_input(|i| i.next_token("page-2"));
    queue_prices(pricing);
}

/// Queues one page of prices (m5.large and c5.xlarge in US East).
pub fn queue_prices(pricing: &Stubber) {
    pricing
        .add_response(
            op!(aws_sdk_pricing::Client::get_products),
            GetProductsOutput::builder()
                .price_list(price_document("m5.large", "0.0960000000"))
                .price_list(price_document("c5.xlarge", "0.1700000000"))
                .format_version("aws_v1")
                .build(),
        )
        .expect_input(|i| {
            i.service_code("AmazonEC2")
                .filters(term("location", "US East (N. Virginia)"))
                .filters(term("operatingSystem", "Linux"))
                .filters(term("tenancy", "Shared"))
                .filters(term("preInstalledSw", "NA"))
                .filters(term("capacitystatus", "Used"))
        })
        .expect_http(|h| h.header("x-amz-target", "AWSPriceListService.GetProducts"));
}

#[allow(dead_code)]
#[tokio::main]
async fn main() {
    let (ec2_stubber, pricing_stubber) = (Stubber::new(), Stubber::new());
    let ec2 = client!(aws_sdk_ec2, &ec2_stubber);
    let pricing = client!(aws_sdk_pricing, &pricing_stubber);
    queue_catalogue(&ec2_stubber, &pricing_stubber);
    let rows = catalogue(&ec2, &pricing, "US East (N. Virginia)")
        .await
        .expect("catalogue built");
    println!(
        "{:<12} {:>5} {:>8} {:>5} {:<18} {:>9}",
        "type", "vCPU", "RAM GiB", "GHz", "network", "USD/h"
    );
    for r in &rows {
        println!(
            "{:<12} {:>5} {:>8.1} {:>5.1} {:<18} {:>9.4}",
            r.instance_type,
            r.vcpus,
            r.ram_gib,
            r.ghz.unwrap_or(0.0),
            r.network,
            r.usd_per_hour.unwrap_or(f64::NAN)
        );
    }
    ec2_stubber.assert_no_pending_responses();
    pricing_stubber.assert_no_pending_responses();
}
