//! The one integration-test binary: every service crate is linked once.

mod behaviour;
#[cfg(feature = "cli")]
mod cli;
mod failures;
mod fixture_files;
mod fixtures;
mod hardening;
mod protocols;
#[cfg(feature = "record")]
mod record_replay;
mod s3;
mod scenarios;
