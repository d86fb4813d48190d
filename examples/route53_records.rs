//! Scenario 6: create a hosted zone, change record sets, and list more than one page of
//! record sets following NextRecordName / NextRecordType.
//!
//! `cargo run --example route53_records --features route53`

use aws_sdk_route53::operation::change_resource_record_sets::ChangeResourceRecordSetsOutput;
use aws_sdk_route53::operation::create_hosted_zone::CreateHostedZoneOutput;
use aws_sdk_route53::operation::list_resource_record_sets::ListResourceRecordSetsOutput;
use aws_sdk_route53::types::{
    Change, ChangeAction, ChangeBatch, ChangeInfo, ChangeStatus, DelegationSet, HostedZone,
    ResourceRecord, ResourceRecordSet, RrType,
};
use aws_smithy_types::DateTime;
use aws_stubber::{Stubber, client, op};

fn a_record(name: &str, ip: &str) -> ResourceRecordSet {
    ResourceRecordSet::builder()
        .name(name)
        .r#type(RrType::A)
        .ttl(300)
        .resource_records(ResourceRecord::builder().value(ip).build().unwrap())
        .build()
        .unwrap()
}

/// The code under test: creates the zone, upserts `www`, and returns every record name,
/// following the listing's pages.
pub async fn zone_with_www(
    r53: &aws_sdk_route53::Client,
    domain: &str,
) -> Result<Vec<String>, aws_sdk_route53::Error> {
    let zone = r53
        .create_hosted_zone()
        .name(domain)
        .caller_reference("zone-1")
        .send()
        .await?;
    let zone_id = zone
        .hosted_zone()
        .map(|z| z.id().to_string())
        .unwrap_or_default();
    r53.change_resource_record_sets()
        .hosted_zone_id(&zone_id)
        .change_batch(
            ChangeBatch::builder()
                .changes(
                    Change::builder()
                        .action(ChangeAction::Upsert)
                        .resource_record_set(a_record(&format!("www.{domain}"), "192.0.2.10"))
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await?;
    let mut names = Vec::new();
    let (mut next_name, mut next_type) = (None, None);
    loop {
        let page = r53
            .list_resource_record_sets()
            .hosted_zone_id(&zone_id)
            .set_start_record_name(next_name.take())
            .set_start_record_type(next_type.take())
            .send()
            .await?;
        names.extend(
            page.resource_record_sets()
                .iter()
                .map(|r| r.name().to_string()),
        );
        if !page.is_truncated() {
            break;
        }
        next_name = page.next_record_name().map(str::to_string);
        next_type = page.next_record_type().cloned();
    }
    Ok(names)
}

/// Queues the conversation; the listing's pages are checked for the start name and type.
pub fn queue_zone(stubber: &Stubber) {
    let change_info = || {
        ChangeInfo::builder()
            .id("/change/C1")
            .status(ChangeStatus::Pending)
            .submitted_at(DateTime::from_secs(1_700_000_000))
            .build()
            .unwrap()
    };
    stubber
        .add_response(
            op!(aws_sdk_route53::Client::create_hosted_zone),
            CreateHostedZoneOutput::builder()
                .hosted_zone(
                    HostedZone::builder()
                        .id("/hostedzone/Z1")
                        .name("example.com.")
                        .caller_reference("zone-1")
                        .build()
                        .unwrap(),
                )
                .change_info(change_info())
                .delegation_set(
                    DelegationSet::builder()
                        .name_servers("ns-1.awsdns-01.org")
                        .build()
                        .unwrap(),
                )
                .location("https://route53.amazonaws.com/2013-04-01/hostedzone/Z1")
                .build()
                .unwrap(),
        )
        .expect_input(|i| i.name("example.com").caller_reference("zone-1"));
    stubber
        .add_response(
            op!(aws_sdk_route53::Client::change_resource_record_sets),
            ChangeResourceRecordSetsOutput::builder()
                .change_info(change_info())
                .build(),
        )
        .expect_http(|h| {
            h.method("POST")
                .body_contains("<Action>UPSERT</Action>")
                .body_contains("<Value>192.0.2.10</Value>")
        });
    // Two pages: the second request must carry the name and type the first returned.
    stubber
        .add_pages(
            op!(aws_sdk_route53::Client::list_resource_record_sets),
            [
                ListResourceRecordSetsOutput::builder()
                    .resource_record_sets(a_record("example.com.", "192.0.2.1"))
                    .is_truncated(true)
                    .next_record_name("www.example.com.")
                    .next_record_type(RrType::A)
                    .max_items(1)
                    .build()
                    .unwrap(),
                ListResourceRecordSetsOutput::builder()
                    .resource_record_sets(a_record("www.example.com.", "192.0.2.10"))
                    .is_truncated(false)
                    .max_items(1)
                    .build()
                    .unwrap(),
            ],
        )
        .expect_input(|i| i.hosted_zone_id("Z1"));
}

#[allow(dead_code)]
#[tokio::main]
async fn main() {
    let stubber = Stubber::new();
    let r53 = client!(aws_sdk_route53, &stubber);
    queue_zone(&stubber);
    let names = zone_with_www(&r53, "example.com")
        .await
        .expect("zone set up");
    println!(
        "hosted zone example.com, records over 2 pages: {}",
        names.join(", ")
    );
    stubber.assert_no_pending_responses();
}
