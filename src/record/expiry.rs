//! How old a fixture file may get before it is re-recorded: a maximum age per test
//! (`FixtureOptions::max_age`) or for every fixture (`AWS_STUBBER_MAX_AGE`), and what to do
//! past it.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::fixture::{Fixture, FixtureError, FixtureErrorKind};
use crate::message::PREFIX;

/// The environment variable that sets the maximum age of every fixture file: a number of days
/// (`90d`), hours (`12h`) or seconds (`3600s`). Past it, replaying fails (see [`WhenExpired`]).
pub const MAX_AGE_ENV: &str = "AWS_STUBBER_MAX_AGE";

/// What happens when a fixture file is older than its maximum age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WhenExpired {
    /// Replay it, and print a warning that says how old it is.
    Warn,
    /// Fail with an error that says how old it is and how to re-record it (the default of
    /// `AWS_STUBBER_MAX_AGE`).
    Fail,
    /// Record it again (where recording is allowed; when `CI` is set this fails instead).
    Record,
}

/// What replaying a file found about its age.
pub(crate) enum Age {
    Fresh,
    /// Older than allowed: replay with a warning.
    Warned,
    /// Older than allowed: record it again.
    Rerecord,
}

/// The maximum age from `AWS_STUBBER_MAX_AGE`, with [`WhenExpired::Fail`].
pub(crate) fn from_env() -> Result<Option<(Duration, WhenExpired)>, String> {
    let Ok(text) = std::env::var(MAX_AGE_ENV) else {
        return Ok(None);
    };
    let text = text.trim();
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let seconds = match (number.parse::<u64>(), unit) {
        (Ok(n), "d") => n * 86_400,
        (Ok(n), "h") => n * 3_600,
        (Ok(n), "s") => n,
        _ => {
            return Err(format!(
                "{MAX_AGE_ENV}={text:?} is not an age; write a number of days, hours or \
                 seconds, such as 90d, 12h or 3600s"
            ));
        }
    };
    Ok(Some((Duration::from_secs(seconds), WhenExpired::Fail)))
}

/// Checks the age of the fixture at `path` against `max_age`; a file without `recorded_at`
/// (written by hand) has no age and never expires.
pub(crate) fn check(
    path: &Path,
    fixture: &Fixture,
    max_age: Option<(Duration, WhenExpired)>,
    recording_allowed: bool,
) -> Result<Age, FixtureError> {
    let Some((max, when)) = max_age else {
        return Ok(Age::Fresh);
    };
    let Some(recorded) = fixture
        .recorded_at
        .as_deref()
        .and_then(|t| t.trim().parse::<u64>().ok())
    else {
        return Ok(Age::Fresh);
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let age = Duration::from_secs(now.saturating_sub(recorded));
    if age <= max {
        return Ok(Age::Fresh);
    }
    let what = format!(
        "was recorded {} ago, more than its maximum age of {}",
        days(age),
        days(max)
    );
    match when {
        WhenExpired::Warn => {
            eprintln!(
                "{PREFIX}fixture file {}: {what}; re-record it (AWS_STUBBER_RECORD=all)",
                path.display()
            );
            Ok(Age::Warned)
        }
        WhenExpired::Record if recording_allowed => Ok(Age::Rerecord),
        WhenExpired::Record => Err(FixtureError::new(
            path,
            FixtureErrorKind::Expired,
            format!("{what}, and it is not re-recorded when CI is set; re-record it locally"),
        )),
        WhenExpired::Fail => Err(FixtureError::new(
            path,
            FixtureErrorKind::Expired,
            format!(
                "{what}; re-record it (AWS_STUBBER_RECORD=all) and review the changes before \
                 committing them"
            ),
        )),
    }
}

/// `400 days`, `2 hours`, `30 seconds`: the largest whole unit.
fn days(d: Duration) -> String {
    let s = d.as_secs();
    let (n, unit) = if s >= 86_400 {
        (s / 86_400, "day")
    } else if s >= 3_600 {
        (s / 3_600, "hour")
    } else {
        (s, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}
