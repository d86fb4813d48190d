//! Expectations a queue entry places on the call it answers.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crate::compare::body::Canonical;
use crate::compare::debug_tree::Node;
use crate::compare::diff::{self, indent};
use crate::error::panic_text;
use crate::history::CallInput;
use crate::history::RecordedRequest;

type Check = Arc<dyn Fn(&(dyn Any + Send + Sync)) -> bool + Send + Sync>;

#[derive(Clone)]
pub(crate) enum InputExpectation {
    /// Only the fields set in the expectation must match (`expect_input`).
    Partial { expected: Node },
    /// The whole input must be equal (`expect_input_eq`); `ANY` inside it is a wildcard.
    Exact { expected: Node, eq: Option<Check> },
    /// A predicate over the typed input (`expect_input_matches`).
    Predicate { check: Check },
}

impl fmt::Debug for InputExpectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputExpectation::Partial { expected } => write!(f, "partial {}", expected.pretty()),
            InputExpectation::Exact { expected, .. } => write!(f, "exact {}", expected.pretty()),
            InputExpectation::Predicate { .. } => f.write_str("predicate"),
        }
    }
}

impl InputExpectation {
    /// Whether the input meets the expectation, without saying how it differs (for
    /// unordered mode, which tries many entries).
    pub(crate) fn is_met(&self, input: &CallInput) -> bool {
        match self {
            InputExpectation::Partial { expected } => expected.matches(input.tree(), true),
            _ => self.check(input).is_ok(),
        }
    }

    /// `Ok` when the input meets the expectation, otherwise what differs (with a diff).
    pub(crate) fn check(&self, input: &CallInput) -> Result<(), String> {
        match self {
            InputExpectation::Partial { expected } => {
                if expected.matches(input.tree(), true) {
                    return Ok(());
                }
                let (e, a) = expected.project(input.tree());
                Err(format!(
                    "input differs from the expectation (only the fields it sets are compared):\n{}",
                    diff::lines(&e.pretty(), &a.pretty())
                ))
            }
            InputExpectation::Exact { expected, eq } => {
                let ok = match (eq, input.value()) {
                    (Some(eq), Some(typed)) => eq(typed),
                    _ => expected.matches(input.tree(), false),
                };
                if ok {
                    return Ok(());
                }
                Err(format!(
                    "input differs from the expected input:\n{}",
                    diff::lines(&expected.pretty(), &input.tree().pretty())
                ))
            }
            InputExpectation::Predicate { check } => {
                let outcome = input.value().map(|typed| {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(typed)))
                });
                match outcome {
                    Some(Ok(true)) => return Ok(()),
                    Some(Err(panic)) => {
                        let what = panic_text(&*panic);
                        return Err(format!(
                            "the predicate given to expect_input_matches panicked ({what}); received:\n{}",
                            indent(&input.tree().pretty())
                        ));
                    }
                    _ => {}
                }
                Err(format!(
                    "input does not satisfy the predicate given to expect_input_matches; received:\n{}",
                    indent(&input.tree().pretty())
                ))
            }
        }
    }

    pub(crate) fn partial(expected: Node) -> Self {
        InputExpectation::Partial { expected }
    }

    pub(crate) fn exact<I: PartialEq + fmt::Debug + Send + Sync + 'static>(expected: I) -> Self {
        let tree = Node::parse(&format!("{expected:?}"));
        let eq: Option<Check> = if tree.contains_any() {
            None
        } else {
            Some(Arc::new(move |actual: &(dyn Any + Send + Sync)| {
                actual.downcast_ref::<I>() == Some(&expected)
            }))
        };
        InputExpectation::Exact { expected: tree, eq }
    }

    pub(crate) fn predicate<I: Send + Sync + 'static>(
        f: impl Fn(&I) -> bool + Send + Sync + 'static,
    ) -> Self {
        InputExpectation::Predicate {
            check: Arc::new(move |actual: &(dyn Any + Send + Sync)| {
                actual.downcast_ref::<I>().is_some_and(&f)
            }),
        }
    }
}

/// Expectations on the HTTP request a call sends, checked after the SDK serialized it.
///
/// ```
/// # use aws_stubber::HttpExpectation;
/// let expectation = HttpExpectation::new()
///     .method("GET")
///     .path("/")
///     .query("list-type", "2")
///     .header("x-amz-request-payer", "requester");
/// # let _ = expectation;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use = "an HttpExpectation does nothing until it is passed to expect_http"]
pub struct HttpExpectation {
    method: Option<String>,
    host: Option<String>,
    origin: Option<String>,
    uri: Option<String>,
    path: Option<String>,
    query: Vec<(String, String)>,
    query_exact: Option<Vec<(String, String)>>,
    headers: Vec<(String, String)>,
    absent_headers: Vec<String>,
    body: Option<(Option<String>, Vec<u8>)>,
    body_contains: Vec<String>,
    /// From a recording: the whole request, compared strictly.
    recorded: Option<Box<crate::compare::recorded::Recorded>>,
}

impl HttpExpectation {
    /// No expectation yet.
    ///
    /// ```
    /// use aws_stubber::HttpExpectation;
    ///
    /// // What `expect_http` hands its closure: an expectation that checks nothing yet.
    /// assert_eq!(HttpExpectation::new(), HttpExpectation::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The HTTP method (`GET`, `POST`, ...), compared ignoring case.
    ///
    /// ```
    /// use aws_stubber::HttpExpectation;
    /// let expectation = HttpExpectation::new().method("PUT");
    /// # let _ = expectation;
    /// ```
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into());
        self
    }

    /// The host the request goes to (compared ignoring case), with its port when `host`
    /// names one (`"127.0.0.1:5000"`): with virtual-hosted S3 addressing, the bucket.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, RawResponse, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_http_response(op!(aws_sdk_s3::Client::head_bucket), RawResponse::new(200))
    ///     .expect_http(|h| h.host("logs.s3.us-east-1.amazonaws.com"));
    /// s3.head_bucket().bucket("logs").send().await.ok();
    /// assert!(stubber.take_failures().is_empty(), "the request meets the expectation");
    /// # });
    /// ```
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// Scheme, host and port together, as the URI starts (`"https://logs.s3.us-east-1.amazonaws.com"`,
    /// `"http://127.0.0.1:5000"`), compared ignoring case.
    ///
    /// ```
    /// use aws_stubber::HttpExpectation;
    /// let expectation = HttpExpectation::new().origin("http://127.0.0.1:5000");
    /// # let _ = expectation;
    /// ```
    pub fn origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = Some(origin.into());
        self
    }

    /// The whole URI exactly as sent: scheme, host, port, path and query, in the SDK's order
    /// and encoding (what `StaticReplayClient` users compare).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, RawResponse, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_http_response(op!(aws_sdk_s3::Client::get_object), RawResponse::new(200))
    ///     .expect_http(|h| h.uri("https://logs.s3.us-east-1.amazonaws.com/a%20b.txt?x-id=GetObject"));
    /// s3.get_object().bucket("logs").key("a b.txt").send().await.ok();
    /// assert!(stubber.take_failures().is_empty(), "the request meets the expectation");
    /// # });
    /// ```
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = Some(uri.into());
        self
    }

    /// The query parameters, all of them: the request's (decoded) parameters must be
    /// exactly these, in any order, no parameter more and none less (a name given twice
    /// must be sent twice).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, RawResponse, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_http_response(op!(aws_sdk_s3::Client::list_objects_v2), RawResponse::new(200))
    ///     .expect_http(|h| h.query_exact([("list-type", "2"), ("prefix", "2024/")]));
    /// s3.list_objects_v2().bucket("logs").prefix("2024/").send().await.ok();
    /// assert!(stubber.take_failures().is_empty(), "the request meets the expectation");
    /// # });
    /// ```
    pub fn query_exact<K: Into<String>, V: Into<String>>(
        mut self,
        params: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut params: Vec<(String, String)> = params
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        params.sort();
        self.query_exact = Some(params);
        self
    }

    /// A header that must not be sent (name compared ignoring case).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, RawResponse, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_http_response(op!(aws_sdk_s3::Client::list_objects_v2), RawResponse::new(200))
    ///     .expect_http(|h| h.header_absent("x-amz-request-payer"));
    /// s3.list_objects_v2().bucket("logs").send().await.ok();
    /// assert!(stubber.take_failures().is_empty(), "the request meets the expectation");
    /// # });
    /// ```
    pub fn header_absent(mut self, name: impl Into<String>) -> Self {
        self.absent_headers.push(name.into());
        self
    }

    /// The URI path, compared by meaning: percent-escapes decoded (`/my-bucket/logs/a b.txt`
    /// matches `/my-bucket/logs/a%20b.txt`), except an encoded `/` (`%2F`), which stays part
    /// of its segment.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, RawResponse, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_http_response(op!(aws_sdk_s3::Client::get_object), RawResponse::new(200))
    ///     .expect_http(|h| h.path("/2024/a b.txt")); // the bucket is in the host name
    /// s3.get_object().bucket("logs").key("2024/a b.txt").send().await.ok();
    /// assert!(stubber.take_failures().is_empty(), "the request meets the expectation");
    /// # });
    /// ```
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// A query parameter that must be present with this value; the order of parameters
    /// does not matter.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, RawResponse, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_http_response(op!(aws_sdk_s3::Client::list_objects_v2), RawResponse::new(200))
    ///     .expect_http(|h| h.query("prefix", "2024/").query("list-type", "2"));
    /// s3.list_objects_v2().bucket("logs").prefix("2024/").send().await.ok();
    /// assert!(stubber.take_failures().is_empty(), "the request meets the expectation");
    /// # });
    /// ```
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// A header that must be present with this value (name compared ignoring case).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, RawResponse, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_http_response(op!(aws_sdk_s3::Client::list_objects_v2), RawResponse::new(200))
    ///     .expect_http(|h| h.header("x-amz-request-payer", "requester"));
    /// let call = s3.list_objects_v2().bucket("logs");
    /// call.request_payer(aws_sdk_s3::types::RequestPayer::Requester).send().await.ok();
    /// assert!(stubber.take_failures().is_empty(), "the request meets the expectation");
    /// # });
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The body, compared by meaning for the request's content type: form parameters in
    /// any order, JSON structurally, XML ignoring formatting and attribute order.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, RawResponse, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_http_response(op!(aws_sdk_s3::Client::put_bucket_tagging), RawResponse::new(200))
    ///     .expect_http(|h| h.body(r#"<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>team</Key><Value>web</Value></Tag></TagSet></Tagging>"#));
    /// use aws_sdk_s3::types::{Tag, Tagging};
    /// let tag = Tag::builder().key("team").value("web").build().unwrap();
    /// let tagging = Tagging::builder().tag_set(tag).build().unwrap();
    /// s3.put_bucket_tagging().bucket("b").tagging(tagging).send().await.ok();
    /// assert!(stubber.take_failures().is_empty(), "the request meets the expectation");
    /// # });
    /// ```
    pub fn body(mut self, body: impl AsRef<[u8]>) -> Self {
        self.body = Some((None, body.as_ref().to_vec()));
        self
    }

    /// Text the body must contain.
    ///
    /// ```
    /// use aws_stubber::HttpExpectation;
    /// let expectation = HttpExpectation::new().body_contains("<Action>UPSERT</Action>");
    /// # let _ = expectation;
    /// ```
    pub fn body_contains(mut self, text: impl Into<String>) -> Self {
        self.body_contains.push(text.into());
        self
    }

    /// The expectation a recorded request places on a replayed call: everything that
    /// changes its meaning (see [`crate::compare::recorded`]).
    /// `mark` is what marks a scrubbed value in the recording.
    pub(crate) fn from_recording(request: RecordedRequest, mark: &str) -> Self {
        HttpExpectation {
            recorded: Some(Box::new(crate::compare::recorded::Recorded::new(
                request, mark,
            ))),
            ..Self::default()
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
