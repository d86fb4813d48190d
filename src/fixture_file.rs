//! Fixture files: recorded interactions in versioned, pretty-printed JSON.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::history::RecordedRequest;

/// The fixture format version this crate reads and writes.
pub const FIXTURE_VERSION: u32 = 1;

/// A fixture file: interactions recorded from a real endpoint (or written by hand), replayed
/// by [`Stubber::load_fixture`](crate::Stubber::load_fixture).
///
/// ```json
/// {
///   "version": 1,
///   "interactions": [
///     {
///       "service": "S3",
///       "operation": "ListObjectsV2",
///       "request": { "method": "GET", "uri": "https://b.s3.us-east-1.amazonaws.com/?list-type=2", "headers": {}, "body": "" },
///       "response": { "status": 200, "headers": { "content-type": "application/xml" }, "body": "<ListBucketResult/>" }
///     }
///   ]
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Always [`FIXTURE_VERSION`].
    pub version: u32,
    /// A note for readers of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// When the file was recorded (seconds since the Unix epoch, as text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<String>,
    /// The endpoint URL the interactions were recorded against, if not AWS's own. Replay
    /// uses it too, so that requests are built the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// How every interaction is matched unless it says otherwise.
    #[serde(
        default,
        rename = "match",
        skip_serializing_if = "Matching::is_default"
    )]
    pub matching: Matching,
    /// The recorded calls, in order (one per attempt).
    pub interactions: Vec<Interaction>,
}

/// How strictly a replayed interaction checks the request the code sends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    /// The operation and the request: method, path, query parameters (any order), headers
    /// other than volatile ones, and the body compared by meaning.
    #[default]
    Request,
    /// The operation only.
    Operation,
}

impl Matching {
    fn is_default(&self) -> bool {
        *self == Matching::Request
    }
}

/// One recorded call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    /// The SDK's service name (`"S3"`, `"Route 53"`).
    pub service: String,
    /// The SDK's operation name (`"ListObjectsV2"`).
    pub operation: String,
    /// Overrides the file's matching for this interaction.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub matching: Option<Matching>,
    /// The request as sent.
    pub request: HttpRequestRecord,
    /// The response as received (absent when the exchange ended in a fault).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<HttpResponseRecord>,
    /// The transport fault the exchange ended in, instead of a response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<FaultRecord>,
}

/// A transport fault recorded instead of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultRecord {
    /// The request timed out.
    Timeout,
    /// The connection was refused.
    ConnectionRefused,
    /// The connection was reset, or another I/O error ended it.
    ConnectionReset,
}

/// A recorded request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpRequestRecord {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The full URI.
    pub uri: String,
    /// Header values by lowercase name (repeated headers joined with `, `).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body, when it is UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The body in standard base64, when it is not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
}

/// A recorded response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpResponseRecord {
    /// The HTTP status.
    pub status: u16,
    /// Header values by lowercase name.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body, when it is UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The body in standard base64, when it is not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
}

/// Stores `bytes` as `body` when they are UTF-8, else as `body_base64`.
pub(crate) fn encode_body(bytes: &[u8]) -> (Option<String>, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Some(text.to_string()), None),
        Err(_) => (
            None,
            Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
        ),
    }
}

/// Decodes a body, moving the text instead of copying it.
pub(crate) fn decode_body_owned(
    body: Option<String>,
    body_base64: Option<String>,
) -> Result<Bytes, String> {
    match (body, body_base64) {
        (Some(text), None) => Ok(Bytes::from(text)),
        (body, body_base64) => decode_body(&body, &body_base64),
    }
}

/// Checks a body without copying a text one.
fn check_body(body: &Option<String>, body_base64: &Option<String>) -> Result<(), String> {
    match (body, body_base64) {
        (Some(_), None) | (None, None) => Ok(()),
        _ => decode_body(body, body_base64).map(|_| ()),
    }
}

fn decode_body(body: &Option<String>, body_base64: &Option<String>) -> Result<Bytes, String> {
    match (body, body_base64) {
        (Some(_), Some(_)) => Err("has both `body` and `body_base64`; keep one".into()),
        (Some(text), None) => Ok(Bytes::from(text.clone())),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map(Bytes::from)
            .map_err(|e| format!("`body_base64` is not valid base64 ({e})")),
        (None, None) => Ok(Bytes::new()),
    }
}

impl HttpRequestRecord {
    /// The body bytes.
    pub fn body_bytes(&self) -> Result<Bytes, String> {
        decode_body(&self.body, &self.body_base64)
    }

    pub(crate) fn to_recorded(&self) -> Result<RecordedRequest, String> {
        Ok(RecordedRequest {
            method: self.method.clone(),
            uri: self.uri.clone(),
            headers: self
                .headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                .collect(),
            body: self.body_bytes()?,
        })
    }
}

impl HttpResponseRecord {
    /// The body bytes.
    pub fn body_bytes(&self) -> Result<Bytes, String> {
        decode_body(&self.body, &self.body_base64)
    }
}

/// Why a fixture file could not be used. The message names the file and says what is wrong.
#[derive(Debug)]
pub struct FixtureError {
    path: PathBuf,
    kind: FixtureErrorKind,
    message: String,
}

/// The kind of a [`FixtureError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FixtureErrorKind {
    /// The file does not exist.
    Missing,
    /// It could not be read or written.
    Io,
    /// It is not valid JSON, or not of the fixture's shape.
    Json,
    /// Its `version` is not one this crate reads.
    Version,
    /// A value in it is invalid (status, header, base64, URI, ...).
    Invalid,
    /// Recording was asked for but cannot happen (CI, or the `record` feature is off).
    Record,
}

impl FixtureError {
    pub(crate) fn new(path: &Path, kind: FixtureErrorKind, message: impl Into<String>) -> Self {
        FixtureError {
            path: path.to_path_buf(),
            kind,
            message: message.into(),
        }
    }

    /// The file concerned.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What went wrong.
    pub fn kind(&self) -> FixtureErrorKind {
        self.kind
    }
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "aws-stubber: fixture file {}: {}",
            self.path.display(),
            self.message
        )
    }
}

impl std::error::Error for FixtureError {}

impl Fixture {
    /// An empty fixture of the current version.
    pub fn new() -> Self {
        Fixture {
            version: FIXTURE_VERSION,
            docs: None,
            recorded_at: None,
            endpoint: None,
            matching: Matching::Request,
            interactions: Vec::new(),
        }
    }

    /// Reads and checks a fixture file.
    pub fn load(path: impl AsRef<Path>) -> Result<Fixture, FixtureError> {
        let path = path.as_ref();
        let text = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(FixtureError::new(
                    path,
                    FixtureErrorKind::Missing,
                    "does not exist. Record it by running the test once with \
                     AWS_STUBBER_RECORD=missing (and the `record` feature), then commit the file.",
                ))
            }
            Err(e) => {
                return Err(FixtureError::new(
                    path,
                    FixtureErrorKind::Io,
                    format!("cannot be read: {e}"),
                ))
            }
        };
        Self::parse(path, &text)
    }

    /// Parses and checks fixture JSON; `path` names it in errors.
    pub fn parse(path: &Path, text: &[u8]) -> Result<Fixture, FixtureError> {
        let version_error = |found: Option<serde_json::Value>| match found {
            Some(v) => FixtureError::new(
                path,
                FixtureErrorKind::Version,
                format!(
                    "has version {v}, but this aws-stubber reads version {FIXTURE_VERSION}; \
                     re-record it or upgrade aws-stubber"
                ),
            ),
            None => FixtureError::new(
                path,
                FixtureErrorKind::Version,
                format!("has no `version` field; add \"version\": {FIXTURE_VERSION}"),
            ),
        };
        match serde_json::from_slice::<Fixture>(text) {
            Ok(fixture) if fixture.version != FIXTURE_VERSION => {
                Err(version_error(Some(fixture.version.into())))
            }
            Ok(fixture) => {
                fixture.validate(path)?;
                Ok(fixture)
            }
            Err(e) => {
                // A file of another version says so, instead of listing the fields that
                // changed.
                #[derive(Deserialize)]
                struct VersionOnly {
                    version: Option<serde_json::Value>,
                }
                if let Ok(probe) = serde_json::from_slice::<VersionOnly>(text) {
                    let ours = probe.version.as_ref().and_then(serde_json::Value::as_u64)
                        == Some(FIXTURE_VERSION as u64);
                    if !ours {
                        return Err(version_error(probe.version));
                    }
                }
                Err(FixtureError::new(
                    path,
                    FixtureErrorKind::Json,
                    format!("is not a valid fixture: {e}"),
                ))
            }
        }
    }

    fn validate(&self, path: &Path) -> Result<(), FixtureError> {
        let invalid = |i: usize, what: String| {
            FixtureError::new(
                path,
                FixtureErrorKind::Invalid,
                format!("interaction #{} {what}", i + 1),
            )
        };
        for (i, it) in self.interactions.iter().enumerate() {
            if it.operation.is_empty() {
                return Err(invalid(i, "has an empty `operation`".into()));
            }
            if http::Method::from_bytes(it.request.method.as_bytes()).is_err() {
                return Err(invalid(
                    i,
                    format!("has an invalid request method {:?}", it.request.method),
                ));
            }
            if it.request.uri.parse::<http::Uri>().is_err() {
                return Err(invalid(
                    i,
                    format!("has an invalid request uri {:?}", it.request.uri),
                ));
            }
            let empty = BTreeMap::new();
            let response_headers = match (&it.response, &it.fault) {
                (Some(_), Some(_)) => {
                    return Err(invalid(
                        i,
                        "has both `response` and `fault`; keep one".into(),
                    ))
                }
                (None, None) => {
                    return Err(invalid(i, "has neither `response` nor `fault`".into()))
                }
                (Some(response), None) => {
                    if !(100..=999).contains(&response.status) {
                        return Err(invalid(
                            i,
                            format!(
                                "has response status {}, which is not an HTTP status (100 to 999)",
                                response.status
                            ),
                        ));
                    }
                    check_body(&response.body, &response.body_base64)
                        .map_err(|e| invalid(i, format!("response {e}")))?;
                    &response.headers
                }
                (None, Some(_)) => &empty,
            };
            for (side, headers) in [
                ("request", &it.request.headers),
                ("response", response_headers),
            ] {
                for (k, v) in headers {
                    if http::HeaderName::from_bytes(k.as_bytes()).is_err() {
                        return Err(invalid(
                            i,
                            format!("has an invalid {side} header name {k:?}"),
                        ));
                    }
                    if http::HeaderValue::from_str(v).is_err() {
                        return Err(invalid(
                            i,
                            format!("has an invalid value for {side} header {k:?}"),
                        ));
                    }
                }
            }
            check_body(&it.request.body, &it.request.body_base64)
                .map_err(|e| invalid(i, format!("request {e}")))?;
        }
        Ok(())
    }

    /// The fixture as pretty-printed JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("fixtures always serialize");
        text.push('\n');
        text
    }

    /// Writes the file atomically: to a temporary file beside it, then renamed over it, so a
    /// crash never leaves a half-written fixture.
    pub fn write_atomic(&self, path: impl AsRef<Path>) -> Result<(), FixtureError> {
        let path = path.as_ref();
        let io = |e: std::io::Error| {
            FixtureError::new(
                path,
                FixtureErrorKind::Io,
                format!("cannot be written: {e}"),
            )
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "fixture.json".into());
        let tmp = path.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(self.to_json().as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(io)
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}
