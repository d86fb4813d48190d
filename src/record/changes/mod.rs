//! What differs between two recordings of a fixture, by meaning: shown when a pending
//! recording is reviewed, used to tell whether a re-recording changed anything, and reported
//! by a drift check.

use std::collections::BTreeMap;

use crate::compare::fields::fields;
use crate::compare::wildcard::glob;
use crate::fixture::format::header_map;
use crate::fixture::{Fixture, Interaction};
use crate::respond::RawResponse;

/// Response headers whose value differs on every call, and the length, which the body's
/// comparison covers.
const PER_CALL_HEADERS: &[&str] = &[
    "date",
    "x-amz-request-id",
    "x-amzn-requestid",
    "x-amz-id-2",
    "content-length",
];

/// Body fields whose value differs on every call (request ids in error and query bodies).
const PER_CALL_FIELDS: &[&str] = &["requestid", "hostid"];

/// What `new` changes in `old`, as a review shows it.
pub(crate) fn review(old: &Fixture, new: &Fixture) -> String {
    report(old, new, Bodies::Lines).0 + &accepted_anyway(new)
}

/// Warnings for the recorded requests that break the models' constraints and that the
/// service answered with success all the same: a model stricter than the service, to be seen
/// rather than trusted (replaying such a request fails it unless its entry accepts it).
pub(crate) fn accepted_anyway(fixture: &Fixture) -> String {
    let mut out = String::new();
    for (i, it) in fixture.interactions.iter().enumerate() {
        let Some(response) = &it.response else {
            continue;
        };
        if !(200..300).contains(&response.status) {
            continue;
        }
        let Some(invalid) = crate::validate::check(&it.service, &it.operation, &it.request) else {
            continue;
        };
        out.push_str(&format!(
            "  ! interaction {}: {} answered HTTP {} a request the AWS service models refuse \
             ({}); replaying it fails unless the entry accepts it:\n",
            i + 1,
            name(it),
            response.status,
            invalid.code
        ));
        for line in invalid.lines() {
            out.push_str(&format!("      {line}\n"));
        }
    }
    out
}

/// How response bodies are compared.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bodies<'a> {
    /// A line diff of the bodies, pretty-printed (for review).
    Lines,
    /// Field by field, values of these fields (and timestamps) not compared (for drift).
    #[cfg_attr(not(feature = "record"), allow(dead_code))]
    Fields(&'a [String]),
}

fn name(it: &Interaction) -> String {
    format!("{} {}", it.service, it.operation)
}

/// The changes from `old` to `new`, one block per interaction (`=` unchanged, `~` changed,
/// `+` added, `-` removed), and how many interactions changed.
pub(crate) fn report(old: &Fixture, new: &Fixture, bodies: Bodies<'_>) -> (String, usize) {
    let mut out = String::new();
    let mut changed = 0;
    let count = old.interactions.len().max(new.interactions.len());
    for i in 0..count {
        let (mark, it, changes) = match (old.interactions.get(i), new.interactions.get(i)) {
            (Some(o), Some(n)) => {
                let changes = interaction_changes(o, n, bodies);
                (if changes.is_empty() { '=' } else { '~' }, n, changes)
            }
            (None, Some(n)) => ('+', n, Vec::new()),
            (Some(o), None) => ('-', o, Vec::new()),
            (None, None) => continue,
        };
        if mark != '=' {
            changed += 1;
        }
        out.push_str(&format!("  {mark} interaction {}: {}\n", i + 1, name(it)));
        for line in changes.iter().flat_map(|c| c.lines()) {
            out.push_str(&format!("      {line}\n"));
        }
    }
    (out, changed)
}

/// Whether two recordings say the same: the same interactions, requests equal as replay
/// compares them, responses equal but for what differs on every run (dates and request ids
/// in headers; timestamps and request ids in bodies, as a drift check reads them).
#[cfg_attr(not(feature = "record"), allow(dead_code))]
pub(crate) fn same_meaning(old: &Fixture, new: &Fixture) -> bool {
    old.endpoint == new.endpoint
        && old.matching == new.matching
        && old.interactions.len() == new.interactions.len()
        && old
            .interactions
            .iter()
            .zip(&new.interactions)
            .all(|(o, n)| {
                o.matching == n.matching
                    && request_changes(o, n).is_empty()
                    && interaction_changes(o, n, Bodies::Fields(&[])).is_empty()
            })
}

/// How the request of `new` differs from the one of `old`, as replay compares them.
fn request_changes(old: &Interaction, new: &Interaction) -> Vec<String> {
    let recorded = crate::compare::replayed::Recorded::new(old.request.clone(), old.mark());
    recorded
        .differences(&new.request)
        .into_iter()
        .map(|difference| format!("request {difference}"))
        .collect()
}

/// How two recordings of an interaction differ: the operation, the request as replay
/// compares it (not for drift: the requests are the test's), and the response.
fn interaction_changes(old: &Interaction, new: &Interaction, bodies: Bodies<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if (&old.service, &old.operation) != (&new.service, &new.operation) {
        out.push(format!("operation: {} -> {}", name(old), name(new)));
    }
    if let Bodies::Lines = bodies {
        out.extend(request_changes(old, new));
    }
    match (&old.response, &new.response) {
        (Some(o), Some(n)) => response_changes(o, n, bodies, &mut out),
        (o, n) => {
            if o.is_some() != n.is_some() || old.fault != new.fault {
                out.push(format!("response: {:?} -> {:?}", old.fault, new.fault));
            }
        }
    }
    out
}

fn response_changes(o: &RawResponse, n: &RawResponse, bodies: Bodies<'_>, out: &mut Vec<String>) {
    if o.status_code() != n.status_code() {
        out.push(format!(
            "response status: {} -> {}",
            o.status_code(),
            n.status_code()
        ));
    }
    let per_run = |header: &str| match bodies {
        Bodies::Fields(names) => names.iter().any(|n| n.eq_ignore_ascii_case(header)),
        Bodies::Lines => false,
    };
    // As files store them: by lowercase name, repeated headers joined.
    let (before, after) = (header_map(o.headers()), header_map(n.headers()));
    let mut names: Vec<&String> = before.keys().chain(after.keys()).collect();
    names.sort_unstable();
    names.dedup();
    for header in names
        .into_iter()
        .filter(|h| !PER_CALL_HEADERS.contains(&h.as_str()))
    {
        match (before.get(header), after.get(header)) {
            (Some(a), Some(b)) if !glob(a, b) && !per_run(header) => {
                out.push(format!("response header {header:?}: {a:?} -> {b:?}"))
            }
            (Some(a), None) => out.push(format!("response header {header:?}: {a:?} removed")),
            (None, Some(b)) => out.push(format!("response header {header:?}: {b:?} added")),
            _ => {}
        }
    }
    match bodies {
        Bodies::Lines if !same_body(o, n) && !per_run_only(o, n) => out.push(format!(
            "response body:\n{}",
            crate::compare::diff::lines(&pretty_body(o), &pretty_body(n)).trim_end()
        )),
        Bodies::Lines => {}
        Bodies::Fields(names) => field_changes(o, n, names, out),
    }
}

/// The response body's fields that were added, removed or changed, leaving out the values
/// of per-run fields: those named, request ids, and timestamps on both sides.
fn field_changes(o: &RawResponse, n: &RawResponse, per_run: &[String], out: &mut Vec<String>) {
    let old = body_fields(o);
    let new = body_fields(n);
    let new_by_path: BTreeMap<&str, &str> =
        new.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let old_by_path: BTreeMap<&str, &str> =
        old.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    for (path, before) in &old {
        match new_by_path.get(path.as_str()) {
            None => out.push(format!("response field {path}: {before:?} removed")),
            Some(after) if !same_value(path, before, after, per_run) => {
                out.push(format!("response field {path}: {before:?} -> {after:?}"))
            }
            Some(_) => {}
        }
    }
    for (path, after) in &new {
        if !old_by_path.contains_key(path.as_str()) {
            out.push(format!("response field {path}: {after:?} added"));
        }
    }
}

/// Whether two documents differ only in what differs on every run (timestamps and request
/// ids), as a re-recording that says the same is told apart: a review shows no such change.
fn per_run_only(o: &RawResponse, n: &RawResponse) -> bool {
    if body_fields(o).is_empty() || body_fields(n).is_empty() {
        return false;
    }
    let mut changes = Vec::new();
    field_changes(o, n, &[], &mut changes);
    changes.is_empty()
}

/// Whether a field's two values mean the same for drift.
fn same_value(path: &str, before: &str, after: &str, per_run: &[String]) -> bool {
    if glob(before, after) {
        return true;
    }
    // The field's own name: the last step, without its number or attribute.
    let step = path.rsplit(['/', '.']).next().unwrap_or(path);
    let step = step.split(['[', '@']).next().unwrap_or(step);
    per_run
        .iter()
        .map(String::as_str)
        .chain(PER_CALL_FIELDS.iter().copied())
        .any(|n| n.eq_ignore_ascii_case(step))
        || (is_timestamp(before) && is_timestamp(after))
}

fn is_timestamp(value: &str) -> bool {
    use aws_smithy_types::DateTime;
    use aws_smithy_types::date_time::Format;
    [Format::DateTime, Format::HttpDate]
        .into_iter()
        .any(|format| DateTime::from_str(value, format).is_ok())
}

fn content_type(r: &RawResponse) -> Option<&str> {
    r.headers()
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str())
}

/// A response body's fields, CBOR and event streams by their JSON form.
fn body_fields(r: &RawResponse) -> Vec<(String, String)> {
    match readable(r) {
        Some(value) => crate::compare::fields::json_document_fields(&value),
        None => fields(content_type(r), r.body_bytes()),
    }
}

/// The JSON form of a CBOR or event-stream body.
fn readable(r: &RawResponse) -> Option<serde_json::Value> {
    let body = r.body_bytes();
    if crate::cbor::is_cbor(content_type(r)) {
        crate::cbor::to_json(body)
    } else if std::str::from_utf8(body).is_err() {
        crate::fixture::events::to_json(body)
    } else {
        None
    }
}

/// Whether two response bodies mean the same: the same bytes, or the same document (JSON
/// members or XML attributes in another order, CBOR by its items).
fn same_body(o: &RawResponse, n: &RawResponse) -> bool {
    use crate::compare::body::Canonical;
    o.body_bytes() == n.body_bytes()
        || Canonical::of(content_type(o), o.body_bytes())
            == Canonical::of(content_type(n), n.body_bytes())
}

/// A body as lines to compare: JSON pretty-printed (CBOR and event streams in their JSON
/// form), XML one element per line, else as text.
fn pretty_body(r: &RawResponse) -> String {
    let body = r.body_bytes();
    let value = readable(r).or_else(|| serde_json::from_slice::<serde_json::Value>(body).ok());
    if let Some(value) = value {
        return serde_json::to_string_pretty(&value).unwrap_or_default();
    }
    let text = String::from_utf8_lossy(body);
    if text.trim_start().starts_with('<') {
        return text.replace("><", ">\n<");
    }
    text.into_owned()
}

#[cfg(test)]
mod tests;
