// The front page (README.md) and the guide's chapters (src/guide/) are the crate's
// documentation whatever the features. Their examples use SDK crates beyond the six service
// features (CloudWatch, Kinesis), so they run as doctests of the workspace member that depends
// on them (tests/services/lib.rs), not here.
#![cfg_attr(not(doctest), doc = include_str!("../README.md"))]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]

mod cbor;
mod clock;
mod compare;
mod debug_tree;
#[cfg(feature = "serve")]
mod decode;
#[cfg(feature = "serve")]
mod encode;
mod error;
pub mod fixture;
pub mod guide;
pub mod history;
mod inject;
mod message;
mod models;
pub mod operation;
mod pages;
pub mod policy;
mod queue;
pub mod record;
mod respond;
pub mod scrub;
pub mod sdk;
#[cfg(feature = "serve")]
#[cfg_attr(docsrs, doc(cfg(feature = "serve")))]
pub mod serve;
pub mod stubbed;
pub mod sweep;
mod validate;

pub use error::{StubError, StubErrorKind};
pub use queue::entry;
pub use queue::queued::QueuedResponse;
pub use queue::stubber::Stubber;
pub use respond::{ClientError, EventStream, Fault, RawResponse};

pub use debug_tree::ANY;
pub use sweep::sweep;

#[doc(hidden)]
pub mod internals;

#[doc(hidden)]
pub mod _macro_support {
    //! Items the crate's macros expand to (`client!`, `op!`, `test_fixture!`, ...). Not a
    //! stable API.
    pub use crate::record::{test_fixture, test_fixture_path};
    pub use crate::sdk::macro_support::*;
}
