//! Removing secrets before a fixture is written, and finding any that are left.
//!
//! A recording is scrubbed in order: every member the AWS service models mark sensitive
//! (known from the typed input and output of each recorded call, or from the tables the crate
//! compiles in), wherever the protocol put it (XML, JSON, CBOR, form bodies, headers, query);
//! then the [`Scrubber`]'s own names on top, the values of name/value pairs whose name reads
//! as a secret's, and JSON carried as text (in a JSON string, an XML element, a form value) by
//! the same rules; then every value scrubbed once, the recording's
//! credentials, URL user info, and anything shaped like an access key id, a JWT, a presigned
//! URL's signature or a private key, wherever else it appears in the file. A body the
//! scrubber cannot read is never written as it was ([`UnreadableBody`]). What is removed
//! reads [`REDACTED`] (or an interaction's own `REDACTED-N`, when its data holds that word).
//!
//! Recording does all of this by itself; name a secret the models do not mark with
//! [`FixtureOptions::scrubber`](crate::record::FixtureOptions::scrubber). The functions here
//! are for files written by hand or by other tools, and for checks of committed files
//! ([`find_secrets`], as `aws-stubber-fixture check` runs it).
//!
//! ```
//! use aws_stubber::fixture::Fixture;
//! use aws_stubber::scrub::{Scrubber, find_secrets};
//!
//! let text = br#"{ "version": 1, "interactions": [ { "service": "Pay", "operation": "Charge",
//!   "request": { "method": "POST", "uri": "https://pay.example/charge",
//!     "headers": { "content-type": "application/json", "x-api-key": "k-42" },
//!     "body": "{\"pin\": \"4242\", \"key\": \"AKIA4QWERTYUIOPASDFG\"}" },
//!   "response": { "status": 200, "headers": {}, "body": "" } } ] }"#;
//! let mut fixture = Fixture::parse("pay.json".as_ref(), text).unwrap();
//! assert!(!find_secrets(&fixture, &[]).is_empty(), "an access key id is there");
//!
//! Scrubber::default().field("pin").header("x-api-key").scrub_fixture(&mut fixture).unwrap();
//! assert!(find_secrets(&fixture, &["4242", "k-42"]).is_empty());
//! ```

mod document;
mod embedded;
mod everywhere;
mod interaction;
mod names;
mod scrubber;
mod secrets;
pub(crate) mod sensitive;
#[cfg(test)]
mod tests;
mod text;
pub(crate) mod unscrubbed;

/// The text a scrubbed value is replaced with in a fixture file; replaying, it matches any
/// value (the comparison's wildcard, the same text).
pub const REDACTED: &str = crate::compare::wildcard::REDACTED;
#[cfg(feature = "record")]
pub(crate) use scrubber::Knowledge;
pub use scrubber::{ScrubError, Scrubber, UnreadableBody};
pub use secrets::{SecretFinding, find_secrets};
#[cfg(feature = "record")]
pub(crate) use text::fresh_mark;
