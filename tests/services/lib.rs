//! The guide's examples, run as this package's doctests: they use SDK crates beyond the six
//! service features (CloudWatch, Kinesis, SSO), which only this package depends on. Its
//! `tests/fixtures` is a link to the root's, so the paths in the guide hold here too.
#![doc = include_str!("../../README.md")]
