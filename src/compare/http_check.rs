//! Checking a request against an [`HttpExpectation`]: each part it sets, and the whole
//! request of a recording.

use crate::compare::body::Canonical;
use crate::compare::diff::{self, indent};
use crate::compare::http::HttpExpectation;
use crate::history::RecordedRequest;

impl HttpExpectation {
    /// The expectation a recorded request places on a replayed call: everything that
    /// changes its meaning (see [`crate::compare::replayed`]).
    /// `mark` is what marks a scrubbed value in the recording.
    pub(crate) fn from_recording(request: RecordedRequest, mark: &str) -> Self {
        HttpExpectation {
            recorded: Some(Box::new(crate::compare::replayed::Recorded::new(
                request, mark,
            ))),
            ..Self::default()
        }
    }

    /// A recording's expectation compared as a request at an address from now on (see
    /// `Recorded::differences`); other expectations are unchanged.
    pub(crate) fn at_an_address(&mut self) {
        if let Some(recorded) = &mut self.recorded {
            recorded.at_an_address();
        }
    }

    /// Every way `request` differs from the expectation, one line each.
    pub(crate) fn differences(&self, request: &RecordedRequest) -> Vec<String> {
        if let Some(recorded) = &self.recorded {
            return recorded.differences(request);
        }
        let mut out = Vec::new();
        if let Some(m) = &self.method
            && !m.eq_ignore_ascii_case(&request.method)
        {
            out.push(format!("method: expected {m}, received {}", request.method));
        }
        if let Some(uri) = &self.uri
            && *uri != request.uri
        {
            out.push(format!("uri: expected {uri:?}, received {:?}", request.uri));
        }
        if let Some(origin) = &self.origin
            && !origin.eq_ignore_ascii_case(request.origin())
        {
            out.push(format!(
                "scheme, host or port: expected {origin:?}, received {:?}",
                request.origin()
            ));
        }
        if let Some(host) = &self.host {
            let authority = request.origin().split_once("://").map_or("", |(_, a)| a);
            let received = if host.contains(':') {
                authority
            } else {
                authority.split(':').next().unwrap_or("")
            };
            if !host.eq_ignore_ascii_case(received) {
                out.push(format!("host: expected {host:?}, received {received:?}"));
            }
        }
        if let Some(p) = &self.path {
            use crate::history::path_meaning;
            if path_meaning(p) != path_meaning(request.raw_path()) {
                out.push(format!(
                    "path: expected {p:?}, received {:?}",
                    request.raw_path()
                ));
            }
        }
        let query = request.query_pairs();
        for (k, v) in &self.query {
            let values: Vec<&str> = query
                .iter()
                .filter(|(qk, _)| qk == k)
                .map(|(_, v)| v.as_str())
                .collect();
            expect_value("query parameter", k, v, &values, &mut out);
        }
        if let Some(expected) = &self.query_exact {
            query_multiset(expected, &query, &mut out);
        }
        for (k, v) in &self.headers {
            expect_value("header", k, v, &request.header_values(k), &mut out);
        }
        for name in &self.absent_headers {
            let values = request.header_values(name);
            if !values.is_empty() {
                out.push(format!(
                    "header {:?}: expected to be absent, received {values:?}",
                    name.to_ascii_lowercase()
                ));
            }
        }
        if let Some((_, body)) = &self.body {
            let ct = request.header_values("content-type").first().copied();
            let expected = Canonical::of(ct, body);
            let actual = Canonical::of(ct, &request.plain_body());
            if expected != actual {
                out.push(format!(
                    "body differs:\n{}",
                    indent(&diff::lines(&expected.lines(), &actual.lines()))
                ));
            }
        }
        for needle in &self.body_contains {
            let hay = String::from_utf8_lossy(&request.plain_body()).into_owned();
            if !hay.contains(needle.as_str()) {
                out.push(format!("body: expected to contain {needle:?}"));
            }
        }
        out
    }
}

/// Reports how the query differs from an exact multiset of parameters: each parameter
/// missing (or with another value) and each one more.
fn query_multiset(
    expected: &[(String, String)],
    actual: &[(String, String)],
    out: &mut Vec<String>,
) {
    let mut extra: Vec<&(String, String)> = actual.iter().collect();
    let mut missing = Vec::new();
    for pair in expected {
        match extra.iter().position(|p| *p == pair) {
            Some(i) => {
                extra.remove(i);
            }
            None => missing.push(pair),
        }
    }
    for (k, v) in missing {
        match extra.iter().position(|(ek, _)| ek == k) {
            Some(i) => {
                let (_, received) = extra.remove(i);
                out.push(format!(
                    "query parameter {k:?}: expected {v:?}, received {received:?}"
                ));
            }
            None => out.push(format!(
                "query parameter {k:?}: expected {v:?}, but it is absent"
            )),
        }
    }
    for (k, v) in extra {
        out.push(format!(
            "query parameter {k:?}: not expected, received {v:?}"
        ));
    }
}

/// Reports a query parameter or header that does not have the expected value among its
/// values.
fn expect_value(what: &str, name: &str, expected: &str, values: &[&str], out: &mut Vec<String>) {
    if values.contains(&expected) {
        return;
    }
    out.push(match values {
        [] => format!("{what} {name:?}: expected {expected:?}, but it is absent"),
        _ => format!("{what} {name:?}: expected {expected:?}, received {values:?}"),
    });
}
