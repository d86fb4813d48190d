//! What scrubbing would still remove from a fixture, named by interaction and field: what
//! `aws-stubber-fixture check` and `accept` refuse, beside what the secret scanner finds.

use super::scrubber::{Knowledge, Scrubber, UnreadableBody};
use crate::compare::fields::fields;
use crate::compare::wildcard::REDACTED;
use crate::fixture::Fixture;
use crate::scrub::{SecretFinding, find_secrets};

/// A value scrubbing replaces.
const SCRUBBED: &str =
    "a value scrub removes (a member the AWS service models mark sensitive, or a secret by name)";
/// A body the scrubber cannot read.
const UNREADABLE: &str = "a body the scrubber cannot read, so nothing in it can be checked \
     (mark an operation's raw data \"payload\": true)";

impl Scrubber {
    /// Everything in a fixture that should not be committed: what looks like a secret
    /// ([`find_secrets`]), and every value this scrubber would still replace (members the
    /// AWS service models mark sensitive for each interaction's operation, headers, query
    /// parameters and fields named secret) or a body it cannot read. Empty for a file that
    /// is safe to commit; `aws-stubber-fixture check` and `accept` refuse the others.
    ///
    /// ```
    /// # use aws_stubber::fixture::Fixture;
    /// # use aws_stubber::scrub::Scrubber;
    /// let text = br#"{ "version": 1, "interactions": [ { "service": "SSM", "operation": "GetParameter",
    ///   "request": { "method": "POST", "uri": "https://ssm.us-east-1.amazonaws.com/",
    ///     "headers": { "content-type": "application/x-amz-json-1.1" }, "body": "{\"Name\": \"db\"}" },
    ///   "response": { "status": 200, "headers": { "content-type": "application/x-amz-json-1.1" },
    ///     "body": "{\"Parameter\": {\"Name\": \"db\", \"Value\": \"hunter22\"}}" } } ] }"#;
    /// let fixture = Fixture::parse("ssm.json".as_ref(), text).unwrap();
    /// let findings = Scrubber::default().findings(&fixture);
    /// assert_eq!(findings[0].to_string(), "interaction #1 response body field Parameter.Value: \
    ///     a value scrub removes (a member the AWS service models mark sensitive, or a secret by name)");
    /// ```
    pub fn findings(&self, fixture: &Fixture) -> Vec<SecretFinding> {
        let known = super::scrubber::key_ids(fixture);
        let mut found = find_secrets(
            fixture,
            &known.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let mut scrubbed = fixture.clone();
        let knowledge: Vec<Knowledge> = fixture.interactions.iter().map(Knowledge::of).collect();
        let scrubber = self.clone().unreadable_bodies(UnreadableBody::Redact);
        if let Err(why) = scrubber.scrub_with(&mut scrubbed, &knowledge, &known) {
            unreachable!("scrubbing that redacts unreadable bodies does not fail: {why}");
        }
        if fixture.endpoint != scrubbed.endpoint && !found.iter().any(|f| f.interaction.is_none()) {
            found.push(SecretFinding {
                interaction: None,
                field: "endpoint".into(),
                what: SCRUBBED,
            });
        }
        for (i, (before, after)) in fixture
            .interactions
            .iter()
            .zip(&scrubbed.interactions)
            .enumerate()
        {
            let mut changed = Vec::new();
            let (old, new) = (before.request.query_pairs(), after.request.query_pairs());
            for ((name, value), (_, scrubbed)) in old.iter().zip(&new) {
                if value != scrubbed {
                    changed.push((format!("request query {name:?}"), SCRUBBED));
                }
            }
            headers(
                "request",
                &before.request.headers,
                &after.request.headers,
                &mut changed,
            );
            body(
                "request",
                &before.request.headers,
                (&before.request.body, &after.request.body),
                &mut changed,
            );
            if let (Some(old), Some(new)) = (&before.response, &after.response) {
                headers("response", &old.headers, &new.headers, &mut changed);
                body(
                    "response",
                    &old.headers,
                    (&old.body, &new.body),
                    &mut changed,
                );
            }
            for (field, what) in changed {
                let reported = found
                    .iter()
                    .any(|f| f.interaction == Some(i + 1) && field.starts_with(f.field.as_str()));
                if !reported {
                    found.push(SecretFinding {
                        interaction: Some(i + 1),
                        field,
                        what,
                    });
                }
            }
        }
        found
    }
}

fn headers(
    side: &str,
    old: &[(String, String)],
    new: &[(String, String)],
    changed: &mut Vec<(String, &'static str)>,
) {
    for ((name, value), (_, scrubbed)) in old.iter().zip(new) {
        if value != scrubbed {
            changed.push((format!("{side} header {name:?}"), SCRUBBED));
        }
    }
}

fn body(
    side: &str,
    headers: &[(String, String)],
    (old, new): (&[u8], &[u8]),
    changed: &mut Vec<(String, &'static str)>,
) {
    if old == new {
        return;
    }
    if new == REDACTED.as_bytes() {
        changed.push((format!("{side} body"), UNREADABLE));
        return;
    }
    let content_type = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str());
    let (before, after) = (fields(content_type, old), fields(content_type, new));
    let mut named = false;
    for ((path, value), (_, scrubbed)) in before.iter().zip(&after) {
        if value != scrubbed {
            changed.push((format!("{side} body field {path}"), SCRUBBED));
            named = true;
        }
    }
    if !named {
        changed.push((format!("{side} body"), SCRUBBED));
    }
}
