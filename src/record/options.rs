//! How a fixture is used: the record modes, and the options of `Stubber::fixture_with`.

use super::expiry::WhenExpired;
use crate::fixture::Matching;
use crate::scrub::Scrubber;

/// The environment variable that chooses whether fixtures are recorded.
pub const RECORD_ENV: &str = "AWS_STUBBER_RECORD";

/// When [`Stubber::fixture`](crate::Stubber::fixture) records instead of replaying, chosen by `AWS_STUBBER_RECORD`
/// or [`FixtureOptions::mode`]. The names are vcrpy's where they mean the same. When `CI` is
/// set, nothing is ever recorded (a drift check, which writes nothing, still runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordMode {
    /// `none` (the default): replay only; a missing file is an error.
    None,
    /// `missing` (or `once`): record when the file does not exist yet, replay otherwise.
    Missing,
    /// `new_episodes`: replay what the file holds, in order, and record the calls made past
    /// its end (a file that does not exist is recorded whole). The old interactions stay as
    /// they are; the longer recording waits for review like any other.
    NewEpisodes,
    /// `all`: record every time, replacing the file (after review, when it changed).
    All,
    /// `drift`: send every call to the live endpoint as a recording does, then compare the
    /// answers with the file's by meaning and fail with what differs (see
    /// [`FixtureOptions::per_run_fields`]). Never writes a file.
    Drift,
}

impl RecordMode {
    /// Reads `AWS_STUBBER_RECORD` (`none`, `missing`/`once`, `new_episodes`, `all` or
    /// `drift`; unset means `none`).
    ///
    /// ```
    /// use aws_stubber::record::RecordMode;
    ///
    /// // Under `AWS_STUBBER_RECORD=new_episodes cargo test` this is `RecordMode::NewEpisodes`.
    /// if std::env::var_os("AWS_STUBBER_RECORD").is_none() {
    ///     assert_eq!(RecordMode::from_env(), Ok(RecordMode::None));
    /// }
    /// ```
    pub fn from_env() -> Result<RecordMode, RecordModeError> {
        match std::env::var(RECORD_ENV) {
            Err(_) => Ok(RecordMode::None),
            Ok(v) => match v.trim().to_ascii_lowercase().as_str() {
                "" | "none" | "0" | "false" => Ok(RecordMode::None),
                "missing" | "new" | "once" => Ok(RecordMode::Missing),
                "new_episodes" | "new-episodes" => Ok(RecordMode::NewEpisodes),
                "all" | "1" | "true" => Ok(RecordMode::All),
                "drift" => Ok(RecordMode::Drift),
                other => Err(RecordModeError {
                    value: other.to_string(),
                }),
            },
        }
    }
}

/// `AWS_STUBBER_RECORD` holds no record mode; the message says which it holds and which it
/// may.
///
/// ```
/// # // The variable is read, not set: the error is built from a value the crate reads.
/// use aws_stubber::record::RecordMode;
///
/// if let Err(err) = RecordMode::from_env() {
///     assert!(err.to_string().contains("is not a record mode"));
///     assert!(!err.value().is_empty());
/// }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct RecordModeError {
    value: String,
}

impl RecordModeError {
    /// What the variable holds (trimmed and lowercased).
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl std::fmt::Display for RecordModeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{RECORD_ENV}={:?} is not a record mode; use none, missing, new_episodes, all or \
             drift",
            self.value
        )
    }
}

/// The message as it reads: an `unwrap()` or a test returning `Err` shows it so.
impl std::fmt::Debug for RecordModeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for RecordModeError {}

pub(crate) fn on_ci() -> bool {
    std::env::var("CI")
        .map(|v| !v.is_empty() && v != "false" && v != "0")
        .unwrap_or(false)
}

/// Options of [`Stubber::fixture_with`](crate::Stubber::fixture_with).
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
    pub(crate) max_age: Option<(std::time::Duration, WhenExpired)>,
    /// A passing recording is written over the fixture without waiting for review.
    pub(crate) skip_review: bool,
    pub(crate) per_run: Vec<String>,
    /// Where a recording sends its calls instead of AWS (a moto server of its own), made only
    /// when the fixture records.
    #[cfg_attr(not(feature = "record"), allow(dead_code))]
    pub(crate) live: Option<LiveClient>,
    /// Calls of an operation that a queued entry names take the entry, also while recording;
    /// the other calls are recorded.
    #[cfg_attr(not(feature = "record"), allow(dead_code))]
    pub(crate) stubs_in_front: bool,
}

/// Makes the HTTP client a recording sends with, or says why it cannot.
#[derive(Clone)]
#[cfg_attr(not(all(feature = "record", feature = "moto")), allow(dead_code))]
pub(crate) struct LiveClient(
    pub(crate)  std::sync::Arc<
        dyn Fn() -> Result<aws_smithy_runtime_api::client::http::SharedHttpClient, String>
            + Send
            + Sync,
    >,
);

impl std::fmt::Debug for LiveClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LiveClient")
    }
}

impl FixtureOptions {
    /// Default options: mode from the environment, AWS's endpoints, default credentials.
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    /// use aws_stubber::Stubber;
    ///
    /// let options = FixtureOptions::new();
    /// // Replays, unless AWS_STUBBER_RECORD asks to record.
    /// if std::env::var_os("AWS_STUBBER_RECORD").is_none() {
    ///     let stubber = Stubber::fixture_with("tests/fixtures/buckets.json", options).unwrap();
    ///     assert!(!stubber.is_recording());
    /// #   stubber.verify_on_drop(false);
    /// }
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The record mode, instead of reading `AWS_STUBBER_RECORD` (`CI` still forbids
    /// recording).
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    /// use aws_stubber::Stubber;
    ///
    /// // Replay only, whatever AWS_STUBBER_RECORD says.
    /// let options = FixtureOptions::new().mode(RecordMode::None);
    /// let stubber = Stubber::fixture_with("tests/fixtures/buckets.json", options).unwrap();
    /// assert!(!stubber.is_recording());
    /// # stubber.verify_on_drop(false);
    /// ```
    pub fn mode(mut self, mode: RecordMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// The endpoint to record against (an emulator, say). Without it, recording uses
    /// `AWS_ENDPOINT_URL` if set, else AWS's own endpoints.
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    /// use aws_stubber::Stubber;
    ///
    /// // Record against moto, say.
    /// let options = FixtureOptions::new().mode(RecordMode::Missing).endpoint("http://127.0.0.1:5000");
    /// # let _ = options;
    /// ```
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The region to record in (`us-east-1` unless set).
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    /// use aws_stubber::Stubber;
    ///
    /// let options = FixtureOptions::new().mode(RecordMode::Missing).region("eu-west-1");
    /// # let _ = options;
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Credentials to record with, instead of the default credential chain.
    ///
    /// ```
    /// use aws_credential_types::Credentials;
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    ///
    /// // Never written to the file: the recording scrubs every value it signed with.
    /// let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
    /// let options = FixtureOptions::new().mode(RecordMode::Missing).credentials(credentials);
    /// # let _ = options;
    /// ```
    pub fn credentials(mut self, credentials: aws_credential_types::Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The scrubber applied before the file is written.
    ///
    /// ```
    /// use aws_stubber::record::FixtureOptions;
    /// use aws_stubber::scrub::Scrubber;
    ///
    /// let options = FixtureOptions::new().scrubber(Scrubber::default().header("x-api-key"));
    /// # let _ = options;
    /// ```
    pub fn scrubber(mut self, scrubber: Scrubber) -> Self {
        self.scrubber = Some(scrubber);
        self
    }

    /// How replayed interactions are matched (overrides the file's setting).
    ///
    /// ```
    /// use aws_stubber::fixture::Matching;
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    /// use aws_stubber::Stubber;
    ///
    /// // Each interaction checks only the operation, not the request.
    /// let options = FixtureOptions::new().mode(RecordMode::None).matching(Matching::Operation);
    /// let stubber = Stubber::fixture_with("tests/fixtures/buckets.json", options).unwrap();
    /// # stubber.verify_on_drop(false);
    /// ```
    pub fn matching(mut self, matching: Matching) -> Self {
        self.matching = Some(matching);
        self
    }

    /// Allows recording even when `CI` is set. Only for tests of recording itself against
    /// a local emulator; fixtures meant to be committed are never recorded on CI.
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    /// use aws_stubber::Stubber;
    ///
    /// let options = FixtureOptions::new().mode(RecordMode::All).record_on_ci(true).endpoint("http://127.0.0.1:5000");
    /// # let _ = options;
    /// ```
    pub fn record_on_ci(mut self, allow: bool) -> Self {
        self.record_on_ci = allow;
        self
    }

    /// The maximum age of the file, and what happens past it (instead of
    /// `AWS_STUBBER_MAX_AGE`, which fails). The age comes from the file's `recorded_at`; a
    /// file without it (written by hand) never expires.
    ///
    /// ```
    /// use std::time::Duration;
    /// use aws_stubber::record::{FixtureOptions, WhenExpired};
    ///
    /// let options = FixtureOptions::new().max_age(Duration::from_secs(90 * 86_400), WhenExpired::Warn);
    /// # let _ = options;
    /// ```
    pub fn max_age(mut self, age: std::time::Duration, when: WhenExpired) -> Self {
        self.max_age = Some((age, when));
        self
    }

    /// Whether a recording that creates or changes the file waits for review beside it
    /// (`name.json.new`, see `aws-stubber-fixture review`), as it does by default. `false`
    /// writes it over the file at once: for tests of recording into temporary files, not for
    /// fixtures that are committed.
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    ///
    /// let options = FixtureOptions::new().mode(RecordMode::All).review(false);
    /// # let _ = options;
    /// ```
    pub fn review(mut self, review: bool) -> Self {
        self.skip_review = !review;
        self
    }

    /// Response fields and headers whose value a drift check ([`RecordMode::Drift`]) does
    /// not compare, because the service makes a new one on every run: generated ids, say
    /// (`"GroupId"`, `"Id"`, `"Location"`), by the field's own name in any letter case.
    /// Request ids and values that are timestamps on both sides are never compared. Fields
    /// added or removed are reported all the same.
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    ///
    /// let options = FixtureOptions::new()
    ///     .mode(RecordMode::Drift)
    ///     .per_run_fields(["Id", "Location"]);
    /// # let _ = options;
    /// ```
    pub fn per_run_fields<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.per_run.extend(names.into_iter().map(Into::into));
        self
    }

    /// Replays in unordered mode.
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    /// use aws_stubber::Stubber;
    ///
    /// let options = FixtureOptions::new().mode(RecordMode::None).unordered();
    /// let stubber = Stubber::fixture_with("tests/fixtures/buckets.json", options).unwrap();
    /// assert!(!stubber.is_recording());
    /// # stubber.verify_on_drop(false);
    /// ```
    pub fn unordered(mut self) -> Self {
        self.unordered = true;
        self
    }
}
