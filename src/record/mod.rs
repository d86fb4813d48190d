//! Recording fixture files from real traffic, and when a file is replayed instead: the
//! options of [`Stubber::fixture_with`](crate::Stubber::fixture_with) ([`FixtureOptions`]),
//! the record modes ([`RecordMode`], chosen by [`RECORD_ENV`]), and how old a recorded file
//! may grow ([`MAX_AGE_ENV`], [`WhenExpired`]). Recording needs the `record` feature; the
//! files themselves are [`crate::fixture`]'s.
//!
//! ```
//! # #[cfg(feature = "s3")]
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use aws_stubber::record::{FixtureOptions, RecordMode};
//! use aws_stubber::{client, Stubber};
//!
//! // Replay only, whatever AWS_STUBBER_RECORD says.
//! let options = FixtureOptions::new().mode(RecordMode::None);
//! let stubber = Stubber::fixture_with("tests/fixtures/buckets.json", options).unwrap();
//! let s3 = client!(aws_sdk_s3, &stubber);
//! s3.list_buckets().send().await.unwrap();
//! stubber.finish().unwrap();
//! # });
//! ```
//!
//! Inside: the options and record modes (`options.rs`), the entry points that replay a file
//! or record it (`replay_or_record.rs`), expiry, and, with the `record` feature, the recording
//! itself: `live.rs` holds the only real HTTPS client and the default credential chain,
//! `recording.rs` sends each call and keeps the exchange, `finish.rs` turns what was kept
//! into a scrubbed fixture and writes it, holds it for review, or compares it with the
//! committed one (`changes.rs` says what differs by meaning).

pub(crate) mod changes;
pub(crate) mod expiry;
mod macros;
pub(crate) mod options;
mod replay_or_record;

pub use expiry::{MAX_AGE_ENV, WhenExpired};
pub use options::{FixtureOptions, RECORD_ENV, RecordMode, RecordModeError};
#[doc(hidden)]
pub use replay_or_record::{test_fixture, test_fixture_path};

use std::path::Path;

use crate::fixture::{FixtureError, FixtureErrorKind};

/// Fails unless the fixture's path can be written: checked before the first real call.
#[cfg_attr(not(feature = "record"), allow(dead_code))]
pub(crate) fn check_writable(path: &Path) -> Result<(), FixtureError> {
    if path.as_os_str().is_empty() {
        return Err(FixtureError::new(
            path,
            FixtureErrorKind::Io,
            "is an empty path",
        ));
    }
    if path.is_dir() {
        return Err(FixtureError::new(
            path,
            FixtureErrorKind::Io,
            "is a directory; give the path of a .json file in it",
        ));
    }
    let io = |what: &str, e: std::io::Error| {
        FixtureError::new(
            path,
            FixtureErrorKind::Io,
            format!("cannot be written ({what}: {e}); nothing was recorded"),
        )
    };
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir,
        None => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| io("its directory cannot be created", e))?;
    let probe = dir.join(format!(
        ".aws-stubber-probe-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::File::create(&probe).map_err(|e| io("its directory is not writable", e))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

#[cfg(not(feature = "record"))]
pub(crate) fn start(
    _stubber: &crate::queue::stubber::Stubber,
    path: &Path,
    _mode: options::RecordMode,
    _options: options::FixtureOptions,
    _base: Option<crate::fixture::Fixture>,
) -> Result<(), FixtureError> {
    Err(FixtureError::new(
        path,
        FixtureErrorKind::Record,
        "recording needs the `record` feature of aws-stubber; enable it (for example \
         `cargo test --features aws-stubber/record`) or unset AWS_STUBBER_RECORD to replay",
    ))
}

#[cfg(feature = "record")]
mod finish;
#[cfg(feature = "record")]
mod live;
#[cfg(feature = "record")]
mod recording;

#[cfg(feature = "record")]
pub(crate) use recording::start;
