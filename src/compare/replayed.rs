//! Comparing a replayed request with the recorded one: everything that changes its meaning.
//!
//! Scheme, host and port (so bucket, region and endpoint); the path exactly as sent; the
//! query as a multiset; every header that is not volatile, both ways (missing, different or
//! extra); the trailers of an `aws-chunked` body; and the body by meaning, values untrimmed.
//! A recorded value that was scrubbed (`REDACTED`, or the interaction's own scrub mark, see
//! [`crate::compare::wildcard`]) matches any value that is present.

use crate::compare::body::Canonical;
use crate::compare::diff;
use crate::compare::diff::indent;
use crate::compare::wildcard::glob_with;
use crate::history::RecordedRequest;
use crate::history::VOLATILE_HEADERS;

fn is_volatile(name: &str) -> bool {
    VOLATILE_HEADERS
        .iter()
        .any(|v| v.eq_ignore_ascii_case(name))
}

/// Header values by name (lowercase), repeated headers joined with `, ` as fixture files
/// store them; volatile headers left out.
fn header_map(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in headers.iter().filter(|(k, _)| !is_volatile(k)) {
        let k = k.to_ascii_lowercase();
        match out.iter_mut().find(|(name, _)| *name == k) {
            Some((_, existing)) => {
                existing.push_str(", ");
                existing.push_str(v);
            }
            None => out.push((k, v.clone())),
        }
    }
    out.sort();
    out
}

fn scrubbed_note(mark: &str, expected: &str) -> &'static str {
    if expected.contains(mark) {
        " (scrubbed when recorded: any present value matches)"
    } else {
        ""
    }
}

/// Compares fields both ways: missing, different, and extra.
fn compare_fields(
    mark: &str,
    what: &str,
    expected: &[(String, String)],
    actual: &[(String, String)],
    out: &mut Vec<String>,
) {
    let mut unmatched: Vec<&(String, String)> = actual.iter().collect();
    let mut missing = Vec::new();
    for (k, v) in expected {
        match unmatched
            .iter()
            .position(|(ak, av)| ak == k && glob_with(mark, v, av))
        {
            Some(i) => {
                unmatched.remove(i);
            }
            None => missing.push((k, v)),
        }
    }
    for (k, v) in missing {
        let received: Vec<&str> = unmatched
            .iter()
            .filter(|(ak, _)| ak == k)
            .map(|(_, av)| av.as_str())
            .collect();
        let note = scrubbed_note(mark, v);
        out.push(match received.as_slice() {
            [] => format!("{what} {k:?}: expected {v:?}{note}, but it is absent"),
            [one] => format!("{what} {k:?}: expected {v:?}{note}, received {one:?}"),
            many => format!("{what} {k:?}: expected {v:?}{note}, received {many:?}"),
        });
        unmatched.retain(|(ak, _)| ak != k);
    }
    for (k, v) in unmatched {
        out.push(format!("{what} {k:?}: not recorded, received {v:?}"));
    }
}

/// The wire protocol changed since the recording: the service moved to another one in this
/// version of its SDK crate.
fn protocol_change(recorded: &RecordedRequest, actual: &RecordedRequest) -> Option<String> {
    let (then, now) = (recorded.protocol_family(), actual.protocol_family());
    (then != now).then(|| {
        format!(
            "protocol: recorded in {then}, but this version of the SDK sends {now}: the \
             service changed its wire protocol. Record the fixture again \
             (AWS_STUBBER_RECORD=all) with this SDK version"
        )
    })
}

/// A recorded request, with what every comparison needs from it computed once.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recorded {
    request: RecordedRequest,
    /// What marks a scrubbed value in this recording.
    mark: String,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: Canonical,
    /// Compared as a request at an address: by any SDK, to a loopback host.
    at_address: bool,
}

/// What every SDK sends its own way: at an address, only the headers that carry the call's
/// input are compared (`x-amz-*` but these).
const SDK_HEADERS: &[&str] = &[
    "x-amz-user-agent",
    "x-amz-date",
    "x-amz-content-sha256",
    "x-amz-security-token",
    "x-amz-target",
    "x-amz-trailer",
    "x-amz-decoded-content-length",
    "x-amz-sdk-checksum-algorithm",
    "x-amz-checksum-crc32",
    "x-amz-checksum-crc32c",
    "x-amz-checksum-crc64nvme",
    "x-amz-checksum-sha1",
    "x-amz-checksum-sha256",
    "x-amz-expected-bucket-owner",
];

fn carries_input(name: &str) -> bool {
    name.starts_with("x-amz-") && !SDK_HEADERS.contains(&name)
}

/// The path a request names its resource by, with an S3 bucket of a virtual host moved into
/// it (`https://b.s3.amazonaws.com/k` -> `/b/k`), as a request to an IP address sends it.
fn path_style(request: &RecordedRequest) -> String {
    let origin = request.origin();
    let host = origin.split_once("://").map_or(origin, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    let path = request.raw_path();
    match host.split_once(".s3.").or_else(|| host.split_once(".s3-")) {
        Some((bucket, _)) if !bucket.is_empty() => {
            format!("/{bucket}{}", if path == "/" { "" } else { path })
        }
        _ => path.to_string(),
    }
}

fn content_type(r: &RecordedRequest) -> Option<&str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str())
}

impl Recorded {
    /// `mark` is what marks a scrubbed value in it (`REDACTED` unless the interaction says).
    pub(crate) fn new(request: RecordedRequest, mark: &str) -> Self {
        let mut query = request.query_pairs();
        query.sort();
        Recorded {
            headers: header_map(&request.headers),
            body: Canonical::of(content_type(&request), &request.plain_body()),
            query,
            request,
            mark: mark.to_string(),
            at_address: false,
        }
    }

    /// From now on, compared as a request at an address (see [`Recorded::differences`]).
    pub(crate) fn at_an_address(&mut self) {
        self.at_address = true;
        self.query.retain(|(k, _)| k != "x-id");
    }

    /// Every way `actual` differs in meaning from the recorded request, one line each. At an
    /// address (any SDK, another host): the method, the path (path-style), the query without
    /// `x-id`, the `x-amz-*` headers that carry input, and the body by meaning.
    pub(crate) fn differences(&self, actual: &RecordedRequest) -> Vec<String> {
        if self.at_address {
            return self.differences_at_address(actual);
        }
        let recorded = &self.request;
        if let Some(change) = protocol_change(recorded, actual) {
            // Every other difference follows from this one.
            return vec![change];
        }
        let mark = self.mark.as_str();
        let mut out = Vec::new();
        if !recorded.method.eq_ignore_ascii_case(&actual.method) {
            out.push(format!(
                "method: expected {}, received {}",
                recorded.method, actual.method
            ));
        }
        let (expected_origin, actual_origin) = (recorded.origin(), actual.origin());
        if !glob_with(
            mark,
            &expected_origin.to_ascii_lowercase(),
            &actual_origin.to_ascii_lowercase(),
        ) {
            out.push(format!(
                "scheme, host or port: expected {expected_origin:?}, received {actual_origin:?}"
            ));
        }
        self.path_and_query(recorded.raw_path(), actual, &mut out);
        compare_fields(
            mark,
            "header",
            &self.headers,
            &header_map(&actual.headers),
            &mut out,
        );
        compare_fields(
            mark,
            "trailer",
            &recorded.trailers,
            &actual.trailers,
            &mut out,
        );
        out.extend(self.body_difference(actual));
        out
    }

    /// How the path and the query differ (without `x-id` at an address, which only some
    /// SDKs send).
    fn path_and_query(&self, expected_path: &str, actual: &RecordedRequest, out: &mut Vec<String>) {
        let (mark, actual_path) = (self.mark.as_str(), actual.raw_path());
        if !glob_with(mark, expected_path, actual_path) {
            out.push(format!(
                "path: expected {expected_path:?}, received {actual_path:?}"
            ));
        }
        let mut actual_query = actual.query_pairs();
        if self.at_address {
            actual_query.retain(|(k, _)| k != "x-id");
        }
        actual_query.sort();
        compare_fields(mark, "query parameter", &self.query, &actual_query, out);
    }

    fn differences_at_address(&self, actual: &RecordedRequest) -> Vec<String> {
        let (recorded, mark) = (&self.request, self.mark.as_str());
        let mut out = Vec::new();
        if !recorded.method.eq_ignore_ascii_case(&actual.method) {
            let (then, now) = (&recorded.method, &actual.method);
            out.push(format!("method: expected {then}, received {now}"));
        }
        self.path_and_query(&path_style(recorded), actual, &mut out);
        let input = |headers: &[(String, String)]| -> Vec<(String, String)> {
            header_map(headers)
                .into_iter()
                .filter(|(k, _)| carries_input(k))
                .collect()
        };
        let recorded_headers = input(&recorded.headers);
        compare_fields(
            mark,
            "header",
            &recorded_headers,
            &input(&actual.headers),
            &mut out,
        );
        out.extend(self.body_difference(actual));
        out
    }

    /// How the body differs by meaning, as a diff of its canonical lines.
    fn body_difference(&self, actual: &RecordedRequest) -> Option<String> {
        // A body the SDK gzipped is compared decompressed, as the recording holds it.
        let received = Canonical::of(content_type(actual), &actual.plain_body());
        if self.body.matches(&received, &self.mark) {
            return None;
        }
        let lines = (self.body.lines(), received.lines());
        let body = if lines.0 == lines.1 {
            format!(
                "body differs: {} bytes recorded, {} received",
                self.request.plain_body().len(),
                actual.plain_body().len()
            )
        } else {
            format!(
                "body differs:\n{}",
                indent(&diff::lines(&lines.0, &lines.1))
            )
        };
        Some(
            format!("{body}{}", scrubbed_note(&self.mark, &lines.0))
                .trim_end()
                .to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::compare::wildcard::glob;

    #[test]
    fn at_an_address_a_recording_is_compared_as_any_sdk_sends_it() {
        use super::Recorded;
        use crate::history::RecordedRequest;
        // Recorded by the Rust SDK against AWS, virtual-hosted and signed.
        let recorded = RecordedRequest::new(
            "GET",
            "https://logs.s3.us-east-1.amazonaws.com/a%20b?tagging&x-id=GetObjectTagging",
        )
        .with_header("authorization", "AWS4-HMAC-SHA256 Credential=AKID/..")
        .with_header("x-amz-user-agent", "aws-sdk-rust/1.3")
        .with_header("x-amz-request-payer", "requester");
        let mut expectation = Recorded::new(recorded, "REDACTED");
        expectation.at_an_address();
        // Sent by botocore to an address: path-style, unsigned differently, no x-id.
        let sent = RecordedRequest::new("GET", "http://127.0.0.1:9/logs/a%20b?tagging")
            .with_header("user-agent", "Botocore/1.43")
            .with_header("x-amz-request-payer", "requester");
        assert_eq!(expectation.differences(&sent), Vec::<String>::new());
        let other = RecordedRequest::new("GET", "http://127.0.0.1:9/logs/c?tagging");
        assert_eq!(
            expectation.differences(&other),
            [
                "path: expected \"/logs/a%20b\", received \"/logs/c\"",
                "header \"x-amz-request-payer\": expected \"requester\", but it is absent",
            ]
        );
    }

    #[test]
    fn scrubbed_values_match_any_present_value() {
        assert!(glob("REDACTED", "hunter2"));
        assert!(!glob("REDACTED", ""), "absent is not a value");
        assert!(glob("Bearer REDACTED", "Bearer abc"));
        assert!(glob("a=REDACTED&b=REDACTED", "a=1&b=2"));
        assert!(!glob("a=REDACTED&b=REDACTED", "a=1&c=2"));
        assert!(glob("plain", "plain") && !glob("plain", "plain "));
    }
}
