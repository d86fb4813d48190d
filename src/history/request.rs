//! One HTTP request as the SDK would send it, and how its parts read.

use std::fmt;

use bytes::Bytes;

/// Request headers that differ on every call (or come from signing) and are never compared.
pub(crate) const VOLATILE_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-date",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "user-agent",
    "x-amz-user-agent",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "content-length",
    "host",
    "expect",
    "transfer-encoding",
    "connection",
    "accept-encoding",
];

/// One HTTP request as it would go on the wire (one per attempt): after every interceptor of
/// the SDK (checksums, MD5, aws-chunked encoding, signing).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The full URI, with the endpoint applied.
    pub uri: String,
    /// Headers in order, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The payload. A streaming body is read in full; an `aws-chunked` one is decoded (its
    /// headers still say how it was sent, and its trailers are in `trailers`).
    pub body: Bytes,
    /// The trailer fields of an `aws-chunked` body (`x-amz-checksum-crc32`, ...), without the
    /// trailer signature.
    pub trailers: Vec<(String, String)>,
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("trailers", &self.trailers)
            .finish()
    }
}

impl RecordedRequest {
    /// A request with no headers, no body and no trailers: add them with
    /// [`with_header`](Self::with_header), [`with_body`](Self::with_body) and
    /// [`with_trailer`](Self::with_trailer).
    ///
    /// ```
    /// use aws_stubber::history::RecordedRequest;
    ///
    /// let request = RecordedRequest::new("PUT", "https://b.s3.us-east-1.amazonaws.com/k")
    ///     .with_header("Content-Type", "text/plain")
    ///     .with_body("hello");
    /// assert_eq!(request.path(), "/k");
    /// assert_eq!(request.header_values("content-type"), ["text/plain"]);
    /// assert_eq!(&request.body[..], b"hello");
    /// ```
    pub fn new(method: impl Into<String>, uri: impl Into<String>) -> Self {
        RecordedRequest {
            method: method.into(),
            uri: uri.into(),
            headers: Vec::new(),
            body: Bytes::new(),
            trailers: Vec::new(),
        }
    }

    /// The request with one more header (its name lowercased, as recorded requests keep
    /// them).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .push((name.into().to_ascii_lowercase(), value.into()));
        self
    }

    /// The request with this body.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The request with one more trailer field of an `aws-chunked` body.
    pub fn with_trailer(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.trailers
            .push((name.into().to_ascii_lowercase(), value.into()));
        self
    }

    /// The wire protocol family the request is written in, as far as the request shows it:
    /// `rpcv2Cbor`, `awsJson1_0`, `awsJson1_1`, `awsQuery` (or `ec2Query`), else REST.
    pub(crate) fn protocol_family(&self) -> &'static str {
        let header = |name: &str| {
            self.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        let content_type = header("content-type").unwrap_or_default();
        if header("smithy-protocol").as_deref() == Some("rpc-v2-cbor")
            || content_type.starts_with("application/cbor")
        {
            "rpcv2Cbor"
        } else if content_type.starts_with("application/x-amz-json-1.0") {
            "awsJson1_0"
        } else if content_type.starts_with("application/x-amz-json-1.1")
            || header("x-amz-target").is_some()
        {
            "awsJson1_1"
        } else if content_type.starts_with("application/x-www-form-urlencoded")
            && (self.body.starts_with(b"Action=") || self.body.windows(8).any(|w| w == b"&Action="))
        {
            "awsQuery (or ec2Query)"
        } else {
            "REST (restXml or restJson1)"
        }
    }
}

impl RecordedRequest {
    /// The scheme and authority (`https://bucket.s3.us-east-1.amazonaws.com`), as sent.
    ///
    /// ```
    /// let request = aws_stubber::history::RecordedRequest::new("PUT", "https://my-bucket.s3.us-east-1.amazonaws.com/a%2Fb?tagging&x-id=PutObject")
    ///     .with_header("content-type", "text/plain")
    ///     .with_body("hello");
    /// assert_eq!(request.origin(), "https://my-bucket.s3.us-east-1.amazonaws.com");
    /// ```
    pub fn origin(&self) -> &str {
        let Some((scheme, rest)) = self.uri.split_once("://") else {
            return "";
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        &self.uri[..scheme.len() + 3 + end]
    }

    /// The path, percent-decoded.
    ///
    /// ```
    /// let request = aws_stubber::history::RecordedRequest::new("PUT", "https://my-bucket.s3.us-east-1.amazonaws.com/a%2Fb?tagging&x-id=PutObject")
    ///     .with_header("content-type", "text/plain")
    ///     .with_body("hello");
    /// assert_eq!(request.path(), "/a/b");
    /// ```
    pub fn path(&self) -> String {
        percent_decode(self.raw_path())
    }

    /// The path as sent.
    ///
    /// ```
    /// let request = aws_stubber::history::RecordedRequest::new("PUT", "https://my-bucket.s3.us-east-1.amazonaws.com/a%2Fb?tagging&x-id=PutObject")
    ///     .with_header("content-type", "text/plain")
    ///     .with_body("hello");
    /// assert_eq!(request.raw_path(), "/a%2Fb");
    /// ```
    pub fn raw_path(&self) -> &str {
        let after_scheme = self
            .uri
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.uri);
        let path_start = after_scheme.find('/').unwrap_or(after_scheme.len());
        let path = &after_scheme[path_start..];
        let path = path.split(['?', '#']).next().unwrap_or("");
        if path.is_empty() { "/" } else { path }
    }

    /// The query parameters, decoded, in order.
    ///
    /// ```
    /// let request = aws_stubber::history::RecordedRequest::new("PUT", "https://my-bucket.s3.us-east-1.amazonaws.com/a%2Fb?tagging&x-id=PutObject")
    ///     .with_header("content-type", "text/plain")
    ///     .with_body("hello");
    /// assert_eq!(request.query_pairs()[1], ("x-id".to_string(), "PutObject".to_string()));
    /// ```
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        match self.uri.split_once('?') {
            Some((_, q)) => form_urlencoded::parse(q.split('#').next().unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The values of a header (name compared ignoring case).
    ///
    /// ```
    /// let request = aws_stubber::history::RecordedRequest::new("PUT", "https://my-bucket.s3.us-east-1.amazonaws.com/a%2Fb?tagging&x-id=PutObject")
    ///     .with_header("content-type", "text/plain")
    ///     .with_body("hello");
    /// assert_eq!(request.header_values("Content-Type"), ["text/plain"]);
    /// ```
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body as text (lossy for non-UTF-8 bytes).
    ///
    /// ```
    /// let request = aws_stubber::history::RecordedRequest::new("PUT", "https://my-bucket.s3.us-east-1.amazonaws.com/a%2Fb?tagging&x-id=PutObject")
    ///     .with_header("content-type", "text/plain")
    ///     .with_body("hello");
    /// assert_eq!(request.body_text(), "hello");
    /// ```
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn percent_decode(s: &str) -> String {
    decode_path(s, false)
}

/// A percent-encoded part of a URI (a path label), decoded.
pub(crate) fn decode_component(s: &str) -> String {
    decode_path(s, false)
}

/// A path as it means to the server: percent-escapes decoded, except an encoded `/`, which is
/// data inside one segment and not a separator (`/a%2Fb` is not `/a/b`).
pub(crate) fn path_meaning(s: &str) -> String {
    decode_path(s, true)
}

fn decode_path(s: &str, keep_encoded_slash: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            if v == b'/' && keep_encoded_slash {
                out.extend_from_slice(b"%2F");
            } else {
                out.push(v);
            }
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(uri: &str) -> RecordedRequest {
        RecordedRequest {
            method: "GET".into(),
            uri: uri.into(),
            headers: vec![("Content-Type".into(), "a".into())],
            body: Bytes::new(),
            trailers: Vec::new(),
        }
    }

    #[test]
    fn an_encoded_slash_keeps_its_meaning() {
        use super::path_meaning;
        assert_eq!(path_meaning("/b/a%20b"), "/b/a b");
        assert_eq!(path_meaning("/b/a%2Fb"), "/b/a%2Fb");
        assert_eq!(path_meaning("/b/a%2fb"), path_meaning("/b/a%2Fb"));
        assert_ne!(path_meaning("/b/a%2Fb"), path_meaning("/b/a/b"));
    }

    #[test]
    fn splits_uris() {
        let r = req("https://b.s3.us-east-1.amazonaws.com/a%20b/c?list-type=2&prefix=logs%2F#x");
        assert_eq!(r.raw_path(), "/a%20b/c");
        assert_eq!(r.path(), "/a b/c");
        assert_eq!(
            r.query_pairs(),
            vec![
                ("list-type".into(), "2".into()),
                ("prefix".into(), "logs/".into())
            ]
        );
        assert_eq!(req("https://host").raw_path(), "/");
        assert_eq!(req("https://host").header_values("content-type"), vec!["a"]);
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
