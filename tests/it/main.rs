//! The one integration-test binary: every service crate is linked once.

mod behaviour;
mod failures;
mod fixtures;
mod protocols;
mod s3;
mod scenarios;
