//! Expectations on the HTTP request a call sends: what `expect_http` builds.

/// Expectations on the HTTP request a call sends, checked after the SDK serialized it.
///
/// ```
/// # use aws_stubber::entry::HttpExpectation;
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
    pub(super) method: Option<String>,
    pub(super) host: Option<String>,
    pub(super) origin: Option<String>,
    pub(super) uri: Option<String>,
    pub(super) path: Option<String>,
    pub(super) query: Vec<(String, String)>,
    pub(super) query_exact: Option<Vec<(String, String)>>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) absent_headers: Vec<String>,
    pub(super) body: Option<(Option<String>, Vec<u8>)>,
    pub(super) body_contains: Vec<String>,
    /// From a recording: the whole request, compared strictly.
    pub(super) recorded: Option<Box<crate::compare::replayed::Recorded>>,
}

impl HttpExpectation {
    /// No expectation yet.
    ///
    /// ```
    /// use aws_stubber::entry::HttpExpectation;
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
    /// use aws_stubber::entry::HttpExpectation;
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
    /// use aws_stubber::entry::HttpExpectation;
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
    /// use aws_stubber::entry::HttpExpectation;
    /// let expectation = HttpExpectation::new().body_contains("<Action>UPSERT</Action>");
    /// # let _ = expectation;
    /// ```
    pub fn body_contains(mut self, text: impl Into<String>) -> Self {
        self.body_contains.push(text.into());
        self
    }
}
