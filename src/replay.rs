//! Replaying fixture files, and recording them from real traffic.

use std::path::{Path, PathBuf};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_types::region::Region;

use crate::expect::HttpExpectation;
use crate::fixture_file::{
    FaultRecord, Fixture, FixtureError, FixtureErrorKind, HttpRequestRecord, HttpResponseRecord,
    Interaction, Matching,
};
use crate::operation::{OpKey, OperationName};
use crate::response::{Fault, RawResponse, Response};
use crate::scrub::Scrubber;
use crate::stubber::{Mode, QueuedEntry, Stubber};

/// The environment variable that chooses whether fixtures are recorded.
pub const RECORD_ENV: &str = "AWS_STUBBER_RECORD";

/// When [`Stubber::fixture`] records instead of replaying, chosen by `AWS_STUBBER_RECORD`.
/// When `CI` is set, nothing is ever recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordMode {
    /// `none` (the default): replay only; a missing file is an error.
    None,
    /// `missing`: record when the file does not exist yet, replay otherwise.
    Missing,
    /// `all`: record every time, replacing the file.
    All,
}

impl RecordMode {
    /// Reads `AWS_STUBBER_RECORD` (`none`, `missing` or `all`; unset means `none`).
    pub fn from_env() -> Result<RecordMode, String> {
        match std::env::var(RECORD_ENV) {
            Err(_) => Ok(RecordMode::None),
            Ok(v) => match v.trim().to_ascii_lowercase().as_str() {
                "" | "none" | "0" | "false" => Ok(RecordMode::None),
                "missing" | "new" | "once" => Ok(RecordMode::Missing),
                "all" | "1" | "true" => Ok(RecordMode::All),
                other => Err(format!(
                    "{RECORD_ENV}={other:?} is not a record mode; use none, missing or all"
                )),
            },
        }
    }
}

pub(crate) fn on_ci() -> bool {
    std::env::var("CI")
        .map(|v| !v.is_empty() && v != "false" && v != "0")
        .unwrap_or(false)
}

/// Options of [`Stubber::fixture_with`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct FixtureOptions {
    pub(crate) mode: Option<RecordMode>,
    pub(crate) endpoint: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<aws_credential_types::Credentials>,
    pub(crate) scrubber: Option<Scrubber>,
    pub(crate) matching: Option<Matching>,
    pub(crate) unordered: bool,
    pub(crate) record_on_ci: bool,
}

impl FixtureOptions {
    /// Default options: mode from the environment, AWS's endpoints, default credentials.
    pub fn new() -> Self {
        Self::default()
    }

    /// The record mode, instead of reading `AWS_STUBBER_RECORD` (`CI` still forbids
    /// recording).
    pub fn mode(mut self, mode: RecordMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// The endpoint to record against (an emulator, say). Without it, recording uses
    /// `AWS_ENDPOINT_URL` if set, else AWS's own endpoints.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The region to record in (`us-east-1` unless set).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Credentials to record with, instead of the default credential chain.
    pub fn credentials(mut self, credentials: aws_credential_types::Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The scrubber applied before the file is written.
    pub fn scrubber(mut self, scrubber: Scrubber) -> Self {
        self.scrubber = Some(scrubber);
        self
    }

    /// How replayed interactions are matched (overrides the file's setting).
    pub fn matching(mut self, matching: Matching) -> Self {
        self.matching = Some(matching);
        self
    }

    /// Allows recording even when `CI` is set. Only for tests of recording itself against
    /// a local emulator; fixtures meant to be committed are never recorded on CI.
    pub fn record_on_ci(mut self, allow: bool) -> Self {
        self.record_on_ci = allow;
        self
    }

    /// Replays in unordered mode.
    pub fn unordered(mut self) -> Self {
        self.unordered = true;
        self
    }
}

/// A recording in progress.
pub(crate) struct Recording {
    pub(crate) path: PathBuf,
    pub(crate) mode: RecordMode,
    pub(crate) scrubber: Scrubber,
    pub(crate) endpoint: Option<String>,
    pub(crate) interactions: Vec<Interaction>,
    pub(crate) written: bool,
    pub(crate) credentials: SharedCredentialsProvider,
    #[cfg(feature = "record")]
    pub(crate) client: aws_smithy_runtime_api::client::http::SharedHttpClient,
}

/// Marks a request whose exchange the HTTP client records.
#[derive(Debug, Clone)]
pub(crate) struct RecordTag {
    pub(crate) service: String,
    pub(crate) operation: String,
}

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

impl Stubber {
    /// Queues every interaction of a fixture file (strict by default: each call must take
    /// the next one). Each entry checks the operation and, unless the file or interaction
    /// says `"match": "operation"`, the request: method, path, query parameters in any order,
    /// non-volatile headers, and the body by meaning. Returns how many were queued.
    #[track_caller]
    pub fn load_fixture(&self, path: impl AsRef<Path>) -> Result<usize, FixtureError> {
        self.load_fixture_matching(path, None)
    }

    /// [`Stubber::load_fixture`] with a matching that overrides the file's.
    #[track_caller]
    pub fn load_fixture_matching(
        &self,
        path: impl AsRef<Path>,
        matching: Option<Matching>,
    ) -> Result<usize, FixtureError> {
        let path = path.as_ref();
        let fixture = Fixture::load(path)?;
        self.queue_fixture(path, fixture, matching)
    }

    #[track_caller]
    pub(crate) fn queue_fixture(
        &self,
        path: &Path,
        fixture: Fixture,
        matching: Option<Matching>,
    ) -> Result<usize, FixtureError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let count = fixture.interactions.len();
        let mut entries = Vec::with_capacity(count);
        for (i, it) in fixture.interactions.into_iter().enumerate() {
            let invalid = |e: String| {
                FixtureError::new(
                    path,
                    FixtureErrorKind::Invalid,
                    format!("interaction #{} {e}", i + 1),
                )
            };
            let matching = matching.or(it.matching).unwrap_or(fixture.matching);
            let expectation = match matching {
                Matching::Request => Some(HttpExpectation::from_recording(
                    &it.request.to_recorded().map_err(invalid)?,
                )),
                Matching::Operation => None,
            };
            let response = match (it.response, it.fault) {
                (Some(r), _) => Response::Http(RawResponse {
                    status: r.status,
                    headers: r.headers.into_iter().collect(),
                    body: crate::fixture_file::decode_body_owned(r.body, r.body_base64)
                        .map_err(invalid)?,
                }),
                (None, Some(fault)) => Response::Fault(match fault {
                    FaultRecord::Timeout => Fault::Timeout,
                    FaultRecord::ConnectionRefused => Fault::ConnectionRefused,
                    FaultRecord::ConnectionReset => Fault::ConnectionReset,
                }),
                (None, None) => return Err(invalid("has neither `response` nor `fault`".into())),
            };
            entries.push(QueuedEntry {
                op: OpKey::Named(OperationName::new(it.service, it.operation)),
                response,
                http: expectation,
                label: Some(format!("{name} interaction {}", i + 1)),
            });
        }
        self.push_all(entries);
        if let Some(endpoint) = fixture.endpoint {
            self.inner.lock().endpoint = Some(endpoint);
        }
        Ok(count)
    }

    /// A stubber for the fixture at `path`: it replays the file, or records it when
    /// `AWS_STUBBER_RECORD` asks for that (see [`RecordMode`]). Build clients for it with
    /// [`client!`](crate::client) as usual; a recording is written when the last handle is
    /// dropped or at [`Stubber::finish`].
    #[track_caller]
    pub fn fixture(path: impl AsRef<Path>) -> Result<Stubber, FixtureError> {
        Self::fixture_with(path, FixtureOptions::new())
    }

    /// [`Stubber::fixture`] with options.
    #[track_caller]
    pub fn fixture_with(
        path: impl AsRef<Path>,
        options: FixtureOptions,
    ) -> Result<Stubber, FixtureError> {
        let path = path.as_ref();
        let mode = match options.mode {
            Some(m) => m,
            None => RecordMode::from_env()
                .map_err(|e| FixtureError::new(path, FixtureErrorKind::Record, e))?,
        };
        let exists = path.exists();
        let record = match mode {
            RecordMode::None => false,
            RecordMode::Missing => !exists,
            RecordMode::All => true,
        };
        let stubber = if options.unordered {
            Stubber::with_mode(Mode::Unordered)
        } else {
            Stubber::new()
        };
        if let Some(region) = &options.region {
            stubber.inner.lock().region = Region::new(region.clone());
        }
        if !record {
            if !exists {
                let hint = if on_ci() {
                    "does not exist, and nothing is recorded when CI is set. Record it locally \
                     with AWS_STUBBER_RECORD=missing and commit it."
                } else {
                    "does not exist. Record it by running the test once with \
                     AWS_STUBBER_RECORD=missing (and the `record` feature), then commit the file."
                };
                return Err(FixtureError::new(path, FixtureErrorKind::Missing, hint));
            }
            stubber.load_fixture_matching(path, options.matching)?;
            return Ok(stubber);
        }
        if on_ci() && !options.record_on_ci {
            return Err(FixtureError::new(
                path,
                FixtureErrorKind::Record,
                format!(
                    "{RECORD_ENV} asks to record, but recording is disabled when CI is set; \
                     record locally and commit the file"
                ),
            ));
        }
        crate::record::start(&stubber, path, mode, options)?;
        Ok(stubber)
    }

    /// Writes a recording now (instead of when the last handle is dropped). Does nothing
    /// when replaying.
    pub fn finish(&self) -> Result<(), FixtureError> {
        let fixture = {
            let mut state = self.inner.lock();
            let Some(rec) = state.recording.as_mut() else {
                return Ok(());
            };
            if rec.written {
                return Ok(());
            }
            rec.written = true;
            let mut interactions = rec.interactions.clone();
            for it in &mut interactions {
                rec.scrubber.scrub(it);
            }
            let path = rec.path.clone();
            if rec.mode == RecordMode::Missing && path.exists() {
                return Err(FixtureError::new(
                    &path,
                    FixtureErrorKind::Record,
                    "appeared while recording; it is only replaced with AWS_STUBBER_RECORD=all",
                ));
            }
            let recorded_at = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs().to_string())
                .ok();
            (
                path,
                Fixture {
                    recorded_at,
                    endpoint: rec.endpoint.clone(),
                    interactions,
                    ..Fixture::new()
                },
            )
        };
        fixture.1.write_atomic(&fixture.0)
    }

    /// Whether this stubber records real traffic (see [`Stubber::fixture`]).
    pub fn is_recording(&self) -> bool {
        self.inner.lock().recording.is_some()
    }

    /// The endpoint clients built by [`client!`](crate::client) use: the one a fixture was
    /// recorded against, or `None` for AWS's own endpoints.
    pub fn endpoint_url(&self) -> Option<String> {
        let state = self.inner.lock();
        match &state.recording {
            Some(rec) => rec.endpoint.clone(),
            None => state.endpoint.clone(),
        }
    }

    /// The region clients built by [`client!`](crate::client) use (`us-east-1` unless a
    /// fixture's options say otherwise).
    pub fn region(&self) -> Region {
        self.inner.lock().region.clone()
    }

    /// The credentials clients built by [`client!`](crate::client) use: static dummy ones,
    /// or the real ones of a recording.
    pub fn credentials_provider(&self) -> SharedCredentialsProvider {
        match &self.inner.lock().recording {
            Some(rec) => rec.credentials.clone(),
            None => SharedCredentialsProvider::new(crate::_macro_support::credentials()),
        }
    }
}

pub(crate) fn request_record(
    method: &str,
    uri: &str,
    headers: impl Iterator<Item = (String, String)>,
    body: &[u8],
) -> HttpRequestRecord {
    let (body, body_base64) = crate::fixture_file::encode_body(body);
    HttpRequestRecord {
        method: method.to_string(),
        uri: uri.to_string(),
        headers: join_headers(headers),
        body,
        body_base64,
    }
}

pub(crate) fn response_record(
    status: u16,
    headers: impl Iterator<Item = (String, String)>,
    body: &[u8],
) -> HttpResponseRecord {
    let (body, body_base64) = crate::fixture_file::encode_body(body);
    HttpResponseRecord {
        status,
        headers: join_headers(headers),
        body,
        body_base64,
    }
}

fn join_headers(
    headers: impl Iterator<Item = (String, String)>,
) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::<String, String>::new();
    for (k, v) in headers {
        out.entry(k.to_ascii_lowercase())
            .and_modify(|existing| {
                existing.push_str(", ");
                existing.push_str(&v);
            })
            .or_insert(v);
    }
    out
}
