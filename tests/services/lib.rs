//! The guide's examples, run as this package's doctests: they use SDK crates beyond the six
//! service features (CloudWatch, Kinesis, SSO), which only this package depends on. Its
//! `tests/fixtures` is a link to the root's, so the paths in the guide hold here too.
#![doc = include_str!("../../README.md")]

// The guide's chapters, for their examples.
#[doc = include_str!("../../src/guide/answers.md")]
pub mod answers {}
#[doc = include_str!("../../src/guide/expectations.md")]
pub mod expectations {}
#[doc = include_str!("../../src/guide/pages_and_waiters.md")]
pub mod pages_and_waiters {}
#[doc = include_str!("../../src/guide/protocols_and_streams.md")]
pub mod protocols_and_streams {}
#[doc = include_str!("../../src/guide/fixture_files.md")]
pub mod fixture_files {}
#[doc = include_str!("../../src/guide/moto.md")]
pub mod moto {}
#[doc = include_str!("../../src/guide/sweep.md")]
pub mod sweep {}
#[doc = include_str!("../../src/guide/address.md")]
pub mod address {}
#[doc = include_str!("../../src/guide/policies.md")]
pub mod policies {}
#[doc = include_str!("../../src/guide/coming_from.md")]
pub mod coming_from {}
