//! The integration tests of the six service features, in one binary: every service crate is
//! linked once. Those that need other SDK crates are in tests/services, a workspace member.

mod bad_input;
#[cfg(feature = "cli")]
mod cli;
mod cli_serve;
mod concurrency;
mod docs;
mod expectations;
#[cfg(feature = "record")]
mod expiry;
mod failure_messages;
mod fixture_files;
mod fixture_per_test;
mod history;
mod layout;
mod moto;
#[cfg(feature = "moto")]
mod moto_faults;
#[cfg(feature = "moto")]
mod moto_fixtures;
#[cfg(feature = "moto")]
mod moto_isolation;
#[cfg(all(feature = "moto", feature = "record"))]
mod moto_recorded;
#[cfg(feature = "moto")]
mod moto_scenarios;
#[cfg(feature = "moto")]
mod moto_shared;
#[cfg(feature = "record")]
mod nested_secrets;
mod one_message;
mod pages;
mod policy;
mod presigning;
#[cfg(feature = "record")]
mod record_replay;
#[cfg(feature = "record")]
mod recording_safety;
mod repeated;
#[cfg(feature = "record")]
mod replay_rejects_changes;
mod retries_and_faults;
mod s3;
mod scenarios;
mod sdk_plumbing;
mod stubbed;
mod support;
mod sweep;
mod sweep_examples;
#[cfg(feature = "moto")]
mod sweep_moto;
mod unordered;
mod validation;
mod waiters;
#[cfg(feature = "record")]
mod wire_stage;
#[cfg(all(feature = "record", feature = "cli"))]
mod workflow;
#[cfg(all(feature = "record", feature = "cli"))]
mod workflow_env;
