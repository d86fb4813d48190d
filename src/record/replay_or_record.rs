//! The stubber's entry points to fixture files: replay one, or record it, as the options and
//! the environment say; finish a recording; where the running test's file is.

use std::path::{Path, PathBuf};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_types::region::Region;

use super::expiry::Age;
use super::options::{FixtureOptions, RECORD_ENV, RecordMode, on_ci};
use crate::fixture::{Fixture, FixtureError, FixtureErrorKind, Matching};
use crate::queue::recorder::Outcome;
use crate::queue::state::Mode;
use crate::queue::stubber::Stubber;

impl Stubber {
    /// A stubber for the fixture at `path`: it replays the file, or records it when
    /// `AWS_STUBBER_RECORD` asks for that (see [`RecordMode`]). Build clients for it with
    /// [`client!`](crate::client) as usual, and call [`Stubber::finish`] at the end of the
    /// test: a recording is written only there (see its docs for where, and what happens
    /// otherwise).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, Stubber};
    ///
    /// let stubber = Stubber::fixture("tests/fixtures/buckets.json").unwrap();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let out = s3.list_buckets().send().await.unwrap();
    /// assert_eq!(out.buckets()[0].name(), Some("my-bucket"));
    /// stubber.finish().unwrap();
    /// # });
    /// ```
    #[track_caller]
    pub fn fixture(path: impl AsRef<Path>) -> Result<Stubber, FixtureError> {
        Self::fixture_with(path, FixtureOptions::new())
    }

    /// [`Stubber::fixture`] with options.
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    /// use aws_stubber::Stubber;
    ///
    /// let options = FixtureOptions::new().mode(RecordMode::None); // replay only, whatever the environment says
    /// let stubber = Stubber::fixture_with("tests/fixtures/buckets.json", options).unwrap();
    /// assert!(!stubber.is_recording());
    /// # stubber.verify_on_drop(false);
    /// ```
    #[track_caller]
    pub fn fixture_with(
        path: impl AsRef<Path>,
        options: FixtureOptions,
    ) -> Result<Stubber, FixtureError> {
        let path = path.as_ref();
        let mode = match options.mode {
            Some(m) => m,
            None => RecordMode::from_env()
                .map_err(|e| FixtureError::new(path, FixtureErrorKind::Record, e.to_string()))?,
        };
        let exists = path.exists();
        let mut record = match mode {
            RecordMode::None => false,
            RecordMode::Missing => !exists,
            RecordMode::NewEpisodes | RecordMode::All | RecordMode::Drift => true,
        };
        let mut loaded = None;
        if exists && !record {
            let fixture = Fixture::load(path)?;
            match check_age(path, &fixture, &options)? {
                Age::Rerecord => record = true,
                Age::Fresh | Age::Warned => loaded = Some(fixture),
            }
        }
        let stubber = if options.unordered {
            Stubber::with_mode(Mode::Unordered)
        } else {
            Stubber::new()
        };
        if let Some(region) = &options.region {
            stubber.inner.lock().region = Region::new(region.clone());
        }
        if !record {
            replay_existing(&stubber, path, loaded, options.matching)?;
            return Ok(stubber);
        }
        if on_ci() && !options.record_on_ci && mode != RecordMode::Drift {
            let asker = match options.mode {
                Some(_) => "FixtureOptions::mode".to_string(),
                None => RECORD_ENV.to_string(),
            };
            return Err(FixtureError::new(
                path,
                FixtureErrorKind::Record,
                format!(
                    "{asker} asks to record, but recording is disabled when CI is set; \
                     record locally and commit the file"
                ),
            ));
        }
        let base = recorded_base(path, mode)?;
        let replayed_first = base.clone().filter(|_| mode == RecordMode::NewEpisodes);
        let matching = options.matching;
        super::start(&stubber, path, mode, options, base)?;
        if let Some(fixture) = replayed_first {
            stubber.queue_fixture(path, fixture, matching)?;
        }
        Ok(stubber)
    }

    /// Ends a recording and writes it, scrubbed: call it at the end of a test that records.
    /// A recording that means the same as the fixture (dates and request ids aside) rewrites
    /// it; a new one, or one that changes it, waits for review beside it (`name.json.new`,
    /// see `aws-stubber-fixture review`) unless [`FixtureOptions::review`] turned that off.
    /// That happens only when the test got this far without a panic on any thread holding
    /// the stubber and without failed stub calls; otherwise the recording is written beside
    /// the fixture and this returns the error that says why. A recording that is dropped
    /// without `finish()` (a test that failed or returned `Err`) is written beside the
    /// fixture too. A drift check ([`RecordMode::Drift`]) writes nothing: this returns the
    /// differences it found as a [`FixtureErrorKind::Drift`] error. Calls after `finish()`
    /// fail. Does nothing when replaying.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, Stubber};
    ///
    /// let stubber = Stubber::fixture("tests/fixtures/buckets.json").unwrap();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// s3.list_buckets().send().await.unwrap();
    /// stubber.finish().unwrap(); // replaying: nothing to write
    /// # });
    /// ```
    pub fn finish(&self) -> Result<(), FixtureError> {
        let (recorder, outcome) = {
            let state = self.inner.lock();
            let Some(recorder) = state.recording.clone() else {
                return Ok(());
            };
            let outcome = Outcome {
                finished: true,
                panicked: state.panicked || std::thread::panicking(),
                failed: !state.failures.is_empty(),
            };
            (recorder, outcome)
        };
        recorder
            .end(outcome)
            .map_err(|err| match err.downcast::<FixtureError>() {
                Ok(err) => *err,
                Err(other) => {
                    FixtureError::new(Path::new(""), FixtureErrorKind::Io, other.to_string())
                }
            })
    }

    /// Whether this stubber records real traffic (see [`Stubber::fixture`]).
    ///
    /// ```
    /// use aws_stubber::record::{FixtureOptions, RecordMode};
    /// use aws_stubber::Stubber;
    ///
    /// let options = FixtureOptions::new().mode(RecordMode::None);
    /// let stubber = Stubber::fixture_with("tests/fixtures/buckets.json", options).unwrap();
    /// assert!(!stubber.is_recording(), "replaying");
    /// # stubber.verify_on_drop(false);
    /// ```
    pub fn is_recording(&self) -> bool {
        self.inner.lock().recording.is_some()
    }

    /// The endpoint clients built by [`client!`](crate::client) use: the one a fixture was
    /// recorded against, or `None` for AWS's own endpoints.
    pub(crate) fn endpoint_url(&self) -> Option<String> {
        let state = self.inner.lock();
        match &state.recording {
            Some(rec) => rec.endpoint(),
            None => state.endpoint.clone(),
        }
    }

    /// The region clients built by [`client!`](crate::client) use (`us-east-1` unless a
    /// fixture's options say otherwise).
    pub(crate) fn region(&self) -> Region {
        self.inner.lock().region.clone()
    }

    /// The credentials clients built by [`client!`](crate::client) use: static dummy ones,
    /// or the real ones of a recording.
    pub(crate) fn credentials_provider(&self) -> SharedCredentialsProvider {
        match &self.inner.lock().recording {
            Some(rec) => rec.credentials(),
            None => SharedCredentialsProvider::new(crate::sdk::macro_support::credentials()),
        }
    }
}

/// [`test_fixture!`](crate::test_fixture): the running test's fixture file, replayed or
/// recorded as `options` and the environment say.
#[track_caller]
pub fn test_fixture(
    manifest_dir: &str,
    options: crate::record::FixtureOptions,
) -> Result<Stubber, FixtureError> {
    Stubber::fixture_with(test_fixture_path(manifest_dir)?, options)
}

/// The fixture file of the running test (what [`test_fixture_path!`](crate::fixture::test_fixture_path)
/// gives): `<manifest dir>/tests/fixtures/<module path>/<test
/// name>.json`, from the name the test harness (libtest, cargo-nextest) gives the test's
/// thread, so each `#[rstest]` case gets its own file. `Err` when the current thread is not a
/// test's (a thread or task the test spawned): pass a path to [`Stubber::fixture`] there.
pub fn test_fixture_path(manifest_dir: &str) -> Result<PathBuf, FixtureError> {
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("");
    if name.is_empty() || name == "main" || !name.chars().all(is_test_name_char) {
        return Err(FixtureError::new(
            Path::new(manifest_dir),
            FixtureErrorKind::Missing,
            format!(
                "cannot tell which test is running: this thread is named {name:?}, not after a \
                 test. Call test_fixture!() in the test itself (not in a thread or task it \
                 spawns), or give Stubber::fixture a path"
            ),
        ));
    }
    let mut path = PathBuf::from(manifest_dir).join("tests").join("fixtures");
    for part in name.split("::") {
        path.push(part);
    }
    path.set_extension("json");
    Ok(path)
}

fn is_test_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == ':'
}

/// Queues the interactions of an existing fixture, or says why it cannot be replayed: it
/// does not exist (and how to record it), or a recording of it waits for review.
#[track_caller]
fn replay_existing(
    stubber: &Stubber,
    path: &Path,
    loaded: Option<Fixture>,
    matching: Option<Matching>,
) -> Result<(), FixtureError> {
    check_not_pending(path)?;
    let Some(fixture) = loaded else {
        let hint = if on_ci() {
            "does not exist, and nothing is recorded when CI is set. Record it locally \
             with AWS_STUBBER_RECORD=missing, accept it and commit it."
        } else {
            "does not exist. Record it by running the test once with \
             AWS_STUBBER_RECORD=missing (and the `record` feature), accept the recording \
                     (`aws-stubber-fixture review`, then `accept`) and commit the file."
        };
        return Err(FixtureError::new(path, FixtureErrorKind::Missing, hint));
    };
    stubber.queue_fixture(path, fixture, matching)?;
    Ok(())
}

/// Whether a fixture about to be replayed is past its maximum age, and what to do then.
fn check_age(
    path: &Path,
    fixture: &Fixture,
    options: &FixtureOptions,
) -> Result<Age, FixtureError> {
    let max_age = match options.max_age {
        Some(max_age) => Some(max_age),
        None => super::expiry::from_env()
            .map_err(|e| FixtureError::new(path, FixtureErrorKind::Record, e))?,
    };
    let allowed = !on_ci() || options.record_on_ci;
    super::expiry::check(path, fixture, max_age, allowed)
}

/// The committed recording a recording builds on: the one `new_episodes` replays first,
/// or the one a drift check compares with. `None` for the other modes and for
/// `new_episodes` without a file.
fn recorded_base(path: &Path, mode: RecordMode) -> Result<Option<Fixture>, FixtureError> {
    match mode {
        RecordMode::Drift if !path.exists() => Err(FixtureError::new(
            path,
            FixtureErrorKind::Missing,
            "does not exist, so there is nothing to check for drift: record it first",
        )),
        RecordMode::Drift => Fixture::load(path).map(Some),
        RecordMode::NewEpisodes if path.exists() => {
            check_not_pending(path)?;
            Fixture::load(path).map(Some)
        }
        _ => Ok(None),
    }
}

/// Fails when a recording of the fixture waits for review beside it.
fn check_not_pending(path: &Path) -> Result<(), FixtureError> {
    let pending = PathBuf::from(format!("{}.new", path.display()));
    if pending.exists() {
        return Err(FixtureError::new(
            path,
            FixtureErrorKind::Pending,
            format!(
                "a new recording of it waits for review in {}: run \
                 `aws-stubber-fixture review`, then `accept` or `reject` it",
                pending.display()
            ),
        ));
    }
    Ok(())
}
