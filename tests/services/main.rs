//! The integration tests that need AWS SDK crates beyond the six service features, in one
//! binary of their own workspace member (see Cargo.toml): every such crate is linked once.

mod event_streams;
mod everyday;
mod models;
#[rustfmt::skip]
mod models_generated;
#[allow(dead_code)]
#[path = "../it/moto.rs"]
mod moto;
mod nested_secrets;
mod pages;
mod pages_by_service;
mod protocols;
mod replay_fidelity;
mod scenarios;
mod secrets;
mod secrets_in_data;
mod serve;
mod serve_inputs;
mod serve_outputs;
#[allow(dead_code)]
#[path = "../it/support.rs"]
mod support;
mod sweep;
mod validation;
