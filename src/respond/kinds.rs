//! The responses a user builds: client errors, raw HTTP responses and transport faults.

use std::fmt;

use crate::message::PREFIX;
use bytes::Bytes;

/// A service error by code, message and HTTP status, written as the protocol's real error
/// response so that the SDK's deserializer produces the modeled error.
///
/// ```
/// use aws_stubber::ClientError;
/// let err = ClientError::new("NoSuchBucket")
///     .message("The specified bucket does not exist")
///     .status(404)
///     .field("BucketName", "missing")
///     .request_id("REQ123");
/// # let _ = err;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a ClientError does nothing until it is queued with Stubber::add_client_error_with"]
pub struct ClientError {
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) status: u16,
    pub(crate) request_id: String,
    pub(crate) fields: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
}

/// The request id a synthesized response carries unless the test sets one.
pub(crate) const DEFAULT_REQUEST_ID: &str = "aws-stubber-request-id";

impl ClientError {
    /// The request id a synthesized error (and a modeled error's response) carries unless
    /// the test sets one with [`ClientError::request_id`].
    ///
    /// ```
    /// assert_eq!(aws_stubber::ClientError::DEFAULT_REQUEST_ID, "aws-stubber-request-id");
    /// ```
    pub const DEFAULT_REQUEST_ID: &str = DEFAULT_REQUEST_ID;

    /// An error with this code, an empty message and status 400.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// use aws_sdk_s3::error::ProvideErrorMetadata;
    /// use aws_stubber::ClientError;
    ///
    /// let error = ClientError::new("NoSuchKey");
    /// stubber.add_client_error_with(op!(aws_sdk_s3::Client::get_object), error);
    /// let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    /// assert_eq!(err.code(), Some("NoSuchKey"));
    /// # });
    /// ```
    pub fn new(code: impl Into<String>) -> Self {
        ClientError {
            code: code.into(),
            message: String::new(),
            status: 400,
            request_id: DEFAULT_REQUEST_ID.to_string(),
            fields: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// The error message.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// use aws_sdk_s3::error::ProvideErrorMetadata;
    /// use aws_stubber::ClientError;
    ///
    /// let error = ClientError::new("NoSuchKey").message("The specified key does not exist.");
    /// stubber.add_client_error_with(op!(aws_sdk_s3::Client::get_object), error);
    /// let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    /// assert_eq!(err.message(), Some("The specified key does not exist."));
    /// # });
    /// ```
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// The HTTP status (400 unless set). 5xx statuses are retried when retries are on.
    ///
    /// # Panics
    /// If `status` is not an HTTP status code (100 to 999).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// use aws_stubber::ClientError;
    ///
    /// let error = ClientError::new("NoSuchKey").status(404);
    /// stubber.add_client_error_with(op!(aws_sdk_s3::Client::get_object), error);
    /// let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    /// assert_eq!(err.raw_response().unwrap().status().as_u16(), 404);
    /// # });
    /// ```
    #[track_caller]
    pub fn status(mut self, status: u16) -> Self {
        check_status(status);
        self.status = status;
        self
    }

    /// An extra field of the error (botocore's `service_error_meta`), such as S3's
    /// `BucketName`: an element of the XML error or a member of the JSON error body.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// use aws_stubber::ClientError;
    ///
    /// let error = ClientError::new("NoSuchKey").field("Key", "k");
    /// stubber.add_client_error_with(op!(aws_sdk_s3::Client::get_object), error);
    /// let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    /// let body = err.raw_response().unwrap().body().bytes().unwrap();
    /// assert!(String::from_utf8_lossy(body).contains("<Key>k</Key>"));
    /// # });
    /// ```
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.push((name.into(), value.into()));
        self
    }

    /// The request id the response carries.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// use aws_sdk_s3::operation::RequestId;
    /// use aws_stubber::ClientError;
    ///
    /// let error = ClientError::new("NoSuchKey").request_id("REQ-1");
    /// stubber.add_client_error_with(op!(aws_sdk_s3::Client::get_object), error);
    /// let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    /// assert_eq!(err.request_id(), Some("REQ-1"));
    /// # });
    /// ```
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = request_id.into();
        self
    }

    /// An extra response header.
    ///
    /// # Panics
    /// If the name or value is not valid in an HTTP header.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// use aws_stubber::ClientError;
    ///
    /// let error = ClientError::new("NoSuchKey").header("x-amz-bucket-region", "eu-west-1");
    /// stubber.add_client_error_with(op!(aws_sdk_s3::Client::get_object), error);
    /// let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    /// let headers = err.raw_response().unwrap().headers();
    /// assert_eq!(headers.get("x-amz-bucket-region"), Some("eu-west-1"));
    /// # });
    /// ```
    #[track_caller]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push(check_header(name.into(), value.into()));
        self
    }
}

#[track_caller]
fn check_header(name: String, value: String) -> (String, String) {
    if let Err(e) = http::HeaderName::from_bytes(name.as_bytes()) {
        panic!(
            "{PREFIX}{name:?} is not a valid HTTP header name ({e}); use letters, digits and dashes"
        );
    }
    if let Err(e) = http::HeaderValue::from_str(&value) {
        panic!(
            "{PREFIX}the value of header {name:?} is not a valid HTTP header value ({e}); remove control characters such as newlines"
        );
    }
    (name, value)
}

#[track_caller]
pub(crate) fn check_status(status: u16) {
    assert!(
        (100..=999).contains(&status),
        "{PREFIX}{status} is not an HTTP status code; use a number from 100 to 999"
    );
}

/// A raw HTTP response, passed through the SDK's real deserializer.
///
/// ```
/// use aws_stubber::RawResponse;
/// let r = RawResponse::new(200)
///     .header("content-type", "application/xml")
///     .body("<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>");
/// # let _ = r;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a RawResponse does nothing until it is queued with Stubber::add_http_response"]
pub struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// A response with this status, no headers and an empty body.
    ///
    /// # Panics
    /// If `status` is not an HTTP status code (100 to 999).
    ///
    /// ```
    /// use aws_stubber::RawResponse;
    ///
    /// let response = RawResponse::new(204);
    /// assert_eq!(response.status_code(), 204);
    /// assert!(response.headers().is_empty() && response.body_bytes().is_empty());
    /// ```
    #[track_caller]
    pub fn new(status: u16) -> Self {
        check_status(status);
        RawResponse {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// Adds a header.
    ///
    /// # Panics
    /// If the name or value is not valid in an HTTP header.
    ///
    /// ```
    /// use aws_stubber::RawResponse;
    ///
    /// let response = RawResponse::new(200).header("content-type", "application/xml");
    /// assert_eq!(response.headers(), [("content-type".to_string(), "application/xml".to_string())]);
    /// ```
    #[track_caller]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push(check_header(name.into(), value.into()));
        self
    }

    /// Sets the body.
    ///
    /// ```
    /// use aws_stubber::RawResponse;
    ///
    /// let response = RawResponse::new(200).body("<ListAllMyBucketsResult/>");
    /// assert_eq!(response.body_bytes().as_ref(), b"<ListAllMyBucketsResult/>");
    /// ```
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The status code.
    ///
    /// ```
    /// use aws_stubber::RawResponse;
    ///
    /// assert_eq!(RawResponse::new(404).status_code(), 404);
    /// ```
    pub fn status_code(&self) -> u16 {
        self.status
    }

    /// The headers, in order.
    ///
    /// ```
    /// use aws_stubber::RawResponse;
    ///
    /// let response = RawResponse::new(200).header("etag", "\"abc\"").header("etag", "\"def\"");
    /// assert_eq!(response.headers().len(), 2, "repeated headers are kept in order");
    /// ```
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body.
    ///
    /// ```
    /// use aws_stubber::RawResponse;
    ///
    /// assert_eq!(RawResponse::new(200).body(vec![0u8, 159]).body_bytes().len(), 2);
    /// ```
    pub fn body_bytes(&self) -> &Bytes {
        &self.body
    }
}

/// A transport failure instead of a response. The SDK sees a dispatch failure, which it
/// retries when retries are on. Fixture files store it as `"fault": "timeout"`
/// (`connection_refused`, `connection_reset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Fault {
    /// The request timed out (`ConnectorError::is_timeout()`).
    Timeout,
    /// The connection was refused (`ConnectorError::is_io()`).
    ConnectionRefused,
    /// The connection was reset mid-request (`ConnectorError::is_io()`).
    ConnectionReset,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Fault::Timeout => "timeout",
            Fault::ConnectionRefused => "connection refused",
            Fault::ConnectionReset => "connection reset",
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[should_panic(expected = "aws-stubber: \"bad header\" is not a valid HTTP header name")]
    fn invalid_header_names_are_rejected_when_built() {
        let _ = super::RawResponse::new(200).header("bad header", "x");
    }

    #[test]
    #[should_panic(
        expected = "aws-stubber: the value of header \"x-a\" is not a valid HTTP header value"
    )]
    fn invalid_header_values_are_rejected_when_built() {
        let _ = super::ClientError::new("X").header("x-a", "line\nbreak");
    }
}
