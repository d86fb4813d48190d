//! The responses a user builds: client errors, raw HTTP responses and transport faults.

use std::fmt;

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
pub const DEFAULT_REQUEST_ID: &str = "aws-stubber-request-id";

impl ClientError {
    /// An error with this code, an empty message and status 400.
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
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// The HTTP status (400 unless set). 5xx statuses are retried when retries are on.
    ///
    /// # Panics
    /// If `status` is not an HTTP status code (100 to 999).
    #[track_caller]
    pub fn status(mut self, status: u16) -> Self {
        check_status(status);
        self.status = status;
        self
    }

    /// An extra field of the error (botocore's `service_error_meta`), such as S3's
    /// `BucketName`: an element of the XML error or a member of the JSON error body.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.push((name.into(), value.into()));
        self
    }

    /// The request id the response carries.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = request_id.into();
        self
    }

    /// An extra response header.
    ///
    /// # Panics
    /// If the name or value is not valid in an HTTP header.
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
            "aws-stubber: {name:?} is not a valid HTTP header name ({e}); use letters, digits and dashes"
        );
    }
    if let Err(e) = http::HeaderValue::from_str(&value) {
        panic!(
            "aws-stubber: the value of header {name:?} is not a valid HTTP header value ({e}); remove control characters such as newlines"
        );
    }
    (name, value)
}

#[track_caller]
pub(crate) fn check_status(status: u16) {
    assert!(
        (100..=999).contains(&status),
        "aws-stubber: {status} is not an HTTP status code; use a number from 100 to 999"
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
    #[track_caller]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push(check_header(name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The status code.
    pub fn status_code(&self) -> u16 {
        self.status
    }

    /// The headers, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body.
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
