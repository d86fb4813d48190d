//! Expectations and comparison: what a queue entry expects of a call, how inputs and
//! requests are compared (by meaning, with wildcards), and how a difference is shown.

pub(crate) mod body;
pub(crate) mod diff;
pub(crate) mod expect;
pub(crate) mod fields;
pub(crate) mod http;
mod http_check;
pub(crate) mod replayed;
pub(crate) mod wildcard;
