//! The guide: one chapter per topic, after the front page's first test. Each chapter is a
//! module that holds nothing but its text; its examples are compiled and run as doctests
//! (by the workspace member `tests/services`, which links the SDK crates beyond the six
//! service features that some of them use).
//!
//! - [`answers`]: every `add_*` method and what the call gets from it.
//! - [`expectations`]: what an entry expects of its call, the history's assertions, and the
//!   check of every request against the AWS service models.
//! - [`pages_and_waiters`]: paginated calls with each page's token checked; waiters.
//! - [`protocols_and_streams`]: the error body of every protocol, CBOR, event streams.
//! - [`fixture_files`]: recording real traffic, scrubbing, replaying, reviewing.
//! - [`moto`]: stateful clients of a moto server, with stubs in front.
//! - [`sweep`]: one test that tries every failure each call can meet.
//! - [`address`]: code that makes its own clients, binaries run as child processes, other
//!   languages: the stubber at an address.
//! - [`policies`]: the IAM policy a test's calls need, and the calls held against the policy
//!   the code runs under.
//! - [`coming_from`]: the same tests written with botocore's `Stubber`, aws-smithy-mocks,
//!   `StaticReplayClient` and aws-sdk-client-mock.

// The chapters' examples use SDK crates beyond the six service features: they run as the
// doctests of tests/services (tests/services/lib.rs), not here.
#[cfg_attr(not(doctest), doc = include_str!("answers.md"))]
pub mod answers {}
#[cfg_attr(not(doctest), doc = include_str!("expectations.md"))]
pub mod expectations {}
#[cfg_attr(not(doctest), doc = include_str!("pages_and_waiters.md"))]
pub mod pages_and_waiters {}
#[cfg_attr(not(doctest), doc = include_str!("protocols_and_streams.md"))]
pub mod protocols_and_streams {}
#[cfg_attr(not(doctest), doc = include_str!("fixture_files.md"))]
pub mod fixture_files {}
#[cfg_attr(not(doctest), doc = include_str!("moto.md"))]
pub mod moto {}
#[cfg_attr(not(doctest), doc = include_str!("sweep.md"))]
pub mod sweep {}
#[cfg_attr(not(doctest), doc = include_str!("address.md"))]
pub mod address {}
#[cfg_attr(not(doctest), doc = include_str!("policies.md"))]
pub mod policies {}
#[cfg_attr(not(doctest), doc = include_str!("coming_from.md"))]
pub mod coming_from {}
