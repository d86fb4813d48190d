//! The review and drift reports, pinned.

use super::{field_changes, report};
use crate::fixture::Fixture;
use crate::respond::RawResponse;

/// A one-interaction fixture answering with `response` (as its JSON form in a file).
fn answering(response: &str) -> Fixture {
    let text = format!(
        r#"{{ "version": 1, "interactions": [ {{ "service": "CloudWatch", "operation": "GetDashboard",
            "request": {{ "method": "POST", "uri": "https://monitoring.us-east-1.amazonaws.com/" }},
            "response": {response} }} ] }}"#
    );
    Fixture::parse("f.json".as_ref(), text.as_bytes()).unwrap()
}

#[test]
fn review_compares_bodies_by_meaning_and_shows_cbor_as_json() {
    let json = |body: &str| {
        answering(&format!(
            r#"{{ "status": 200, "headers": {{ "content-type": "application/json" }}, "body": {body:?} }}"#
        ))
    };
    let (text, changed) = report(
        &json(r#"{"a":1,"b":2}"#),
        &json(r#"{"b":2,"a":1}"#),
        super::Bodies::Lines,
    );
    assert_eq!(
        (text.as_str(), changed),
        ("  = interaction 1: CloudWatch GetDashboard\n", 0)
    );
    let cbor = |name: &str| {
        answering(&format!(
            r#"{{ "status": 200, "headers": {{ "content-type": "application/cbor" }}, "body_cbor": {{ "DashboardName": "{name}" }} }}"#
        ))
    };
    let (text, changed) = report(&cbor("d"), &cbor("e"), super::Bodies::Lines);
    assert_eq!(changed, 1);
    assert!(
        text.contains("-   \"DashboardName\": \"d\"\n")
            && text.contains("+   \"DashboardName\": \"e\"\n"),
        "{text}"
    );
}

#[test]
fn review_shows_no_change_where_only_dates_and_request_ids_differ() {
    let xml = |body: &str| {
        answering(&format!(
            r#"{{ "status": 200, "headers": {{ "content-type": "text/xml" }}, "body": {body:?} }}"#
        ))
    };
    let group = |date: &str, id: &str, name: &str| {
        xml(&format!(
            "<CreateGroupResponse><CreateGroupResult><Group><GroupName>{name}</GroupName>\
             <CreateDate>{date}</CreateDate></Group></CreateGroupResult><ResponseMetadata>\
             <RequestId>{id}</RequestId></ResponseMetadata></CreateGroupResponse>"
        ))
    };
    let old = group("2026-01-01T00:00:00Z", "r-1", "devs");
    let (text, changed) = report(
        &old,
        &group("2026-12-07T10:00:00Z", "r-2", "devs"),
        super::Bodies::Lines,
    );
    assert_eq!(
        (text.as_str(), changed),
        ("  = interaction 1: CloudWatch GetDashboard\n", 0)
    );
    let (text, changed) = report(
        &old,
        &group("2026-12-07T10:00:00Z", "r-2", "ops"),
        super::Bodies::Lines,
    );
    assert_eq!(changed, 1);
    assert!(text.contains("- <GroupName>devs</GroupName>"), "{text}");
    // Bodies that are not documents are compared as they are.
    let raw = |body: &str| {
        answering(&format!(
            r#"{{ "status": 200, "headers": {{ "content-type": "application/octet-stream" }}, "body": {body:?} }}"#
        ))
    };
    assert_eq!(report(&raw("a"), &raw("b"), super::Bodies::Lines).1, 1);
}

fn xml(body: &'static str) -> RawResponse {
    RawResponse::new(200)
        .header("content-type", "text/xml")
        .body(body)
}

#[test]
fn drift_reports_fields_added_removed_and_changed_but_not_per_run_values() {
    let old = xml(
        "<R><Zone><Id>/hostedzone/A</Id><Name>a.</Name><At>2026-01-01T00:00:00Z</At>\
         </Zone><RequestId>1</RequestId><Gone>x</Gone></R>",
    );
    let new = xml(
        "<R><Zone><Id>/hostedzone/B</Id><Name>b.</Name><At>2026-11-28T10:00:00Z</At>\
         </Zone><Zone><Id>/hostedzone/C</Id></Zone><RequestId>2</RequestId></R>",
    );
    let mut out = Vec::new();
    field_changes(&old, &new, &["id".to_string()], &mut out);
    assert_eq!(
        out,
        [
            "response field R/Zone/Name: \"a.\" -> \"b.\"",
            "response field R/Gone: \"x\" removed",
            "response field R/Zone[2]/Id: \"/hostedzone/C\" added",
        ]
    );
}
