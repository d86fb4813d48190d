//! One queued entry: what it may answer with, the HTTP expectation chained on it, and the
//! handle that reads what it answered.
//!
//! The names here appear in signatures rather than in tests: [`HttpExpectation`] is what
//! [`QueuedResponse::expect_http`](crate::QueuedResponse::expect_http) hands its closure,
//! [`EntryHandle`] what [`QueuedResponse::handle`](crate::QueuedResponse::handle) returns,
//! and the kinds and [`ComputedAnswer`] keep options to the entries they make sense for.
//!
//! ```
//! # #[cfg(feature = "s3")]
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
//! use aws_stubber::entry::EntryHandle;
//! use aws_stubber::{client, op, Stubber};
//!
//! fn queue_listing(stubber: &Stubber) -> EntryHandle<aws_sdk_s3::operation::list_buckets::ListBucketsInput> {
//!     stubber
//!         .add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build())
//!         .expect_http(|h| h.method("GET"))
//!         .handle()
//! }
//!
//! let stubber = Stubber::new();
//! let listing = queue_listing(&stubber);
//! let s3 = client!(aws_sdk_s3, &stubber);
//! s3.list_buckets().send().await.unwrap();
//! assert_eq!(listing.calls(), 1);
//! # });
//! ```
//!
//! The kinds ([`AnyAnswer`], [`ErrorAnswer`]) keep options to the answers they make sense for:
//! [`QueuedResponse::http_status`](crate::QueuedResponse::http_status) is for errors, and
//! setting it on anything else does not compile.
//!
//! ```compile_fail
//! use aws_stubber::{Fault, Stubber};
//! let stubber = Stubber::new();
//! stubber.add_fault(("S3", "ListBuckets"), Fault::Timeout).http_status(404);
//! ```

use std::fmt;

use aws_smithy_runtime_api::client::interceptors::context::Output;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// An entry queued by `add_response`, `add_http_response` or `add_fault`.
#[derive(Debug)]
pub enum AnyAnswer {}
/// An entry queued by `add_error`, `add_client_error` or `add_client_error_with` (or
/// computed as an output or an error): it takes an HTTP status.
#[derive(Debug)]
pub enum ErrorAnswer {}

/// The former name of [`AnyAnswer`].
#[deprecated(since = "0.1.0", note = "renamed `entry::AnyAnswer`")]
pub type Any = AnyAnswer;
/// The former name of [`ErrorAnswer`] (a name that read like an error type).
#[deprecated(since = "0.1.0", note = "renamed `entry::ErrorAnswer`")]
pub type Error = ErrorAnswer;

/// What the function given to
/// [`add_computed_response`](crate::Stubber::add_computed_response) returns: the
/// operation's output `O`, or `Result<O, E>` with the operation's error `E` (a modeled
/// error, answered as the service would send it). `M` tells the two apart; it is
/// inferred.
pub trait ComputedAnswer<O, E, M>: sealed::Sealed<O, E, M> {
    /// What the entry is: [`ErrorAnswer`] when the function may answer with an error, so
    /// that [`http_status`](crate::QueuedResponse::http_status) can be set.
    type Kind;
}

/// `M` of a function that returns the output.
#[derive(Debug)]
pub enum OutputOnly {}
/// `M` of a function that returns `Result<O, E>`.
#[derive(Debug)]
pub enum OutputOrError {}

impl<O, E> ComputedAnswer<O, E, OutputOnly> for O
where
    O: fmt::Debug + Send + Sync + 'static,
{
    type Kind = AnyAnswer;
}

impl<O, E> ComputedAnswer<O, E, OutputOrError> for Result<O, E>
where
    O: fmt::Debug + Send + Sync + 'static,
    E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
{
    type Kind = ErrorAnswer;
}

pub(crate) mod sealed {
    use super::*;
    use crate::respond::{ModeledParts, modeled_parts};

    /// Keeps [`ComputedAnswer`](super::ComputedAnswer) to the two kinds of answer.
    pub trait Sealed<O, E, M> {
        /// The answer, type-erased: the output, or a modeled error with its code and
        /// message.
        fn answer(self) -> Result<Output, ModeledParts>;
        /// Whether the function may answer with an error.
        fn may_fail() -> bool;
    }

    impl<O, E> Sealed<O, E, OutputOnly> for O
    where
        O: fmt::Debug + Send + Sync + 'static,
    {
        fn answer(self) -> Result<Output, ModeledParts> {
            Ok(Output::erase(self))
        }
        fn may_fail() -> bool {
            false
        }
    }

    impl<O, E> Sealed<O, E, OutputOrError> for Result<O, E>
    where
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
    {
        fn answer(self) -> Result<Output, ModeledParts> {
            self.map(Output::erase).map_err(modeled_parts)
        }
        fn may_fail() -> bool {
            true
        }
    }
}

// Defined with the comparison that checks it (below the queue, which holds it in each entry).
pub use crate::compare::http::HttpExpectation;
mod handle;
pub use handle::EntryHandle;
