//! The one integration-test binary: every service crate is linked once.

mod behaviour;
#[cfg(feature = "cli")]
mod cli;
mod docs;
mod event_streams;
mod everyday;
mod expectations;
#[cfg(feature = "record")]
mod expiry;
mod failures;
mod fixture_files;
mod fixture_per_test;
mod hardening;
#[cfg(feature = "record")]
mod models;
#[rustfmt::skip]
mod models_generated;
mod moto;
mod pages;
mod presigning;
mod protocols;
#[cfg(feature = "record")]
mod record_replay;
#[cfg(feature = "record")]
mod recording_safety;
mod repeated;
#[cfg(feature = "record")]
mod replay_fidelity;
mod s3;
mod scenarios;
#[cfg(feature = "record")]
mod secrets;
mod stubbed;
mod support;
mod waiters;
#[cfg(feature = "record")]
mod wire_stage;
#[cfg(all(feature = "record", feature = "cli"))]
mod workflow;
