//! What the code under test called: each [`Call`] with its input and the HTTP requests of
//! its attempts ([`RecordedRequest`]), kept by the stubber for assertions after the fact.
//!
//! The stubber's own assertions (`assert_called_times`, `assert_called_with`,
//! `assert_nth_called_with`) read this history; [`Stubber::calls`](crate::Stubber::calls)
//! hands it out for anything else.
//!
//! ```
//! # #[cfg(feature = "s3")]
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
//! use aws_stubber::history::Call;
//! use aws_stubber::{client, op, Stubber};
//!
//! let stubber = Stubber::new();
//! stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build());
//! let s3 = client!(aws_sdk_s3, &stubber);
//! s3.list_buckets().send().await.unwrap();
//!
//! let calls: Vec<Call> = stubber.calls();
//! assert_eq!(calls[0].operation(), "ListBuckets");
//! assert_eq!(calls[0].requests()[0].method, "GET");
//! # });
//! ```

mod call;
pub(crate) mod encoding;
mod input;
mod request;

pub use call::Call;
pub(crate) use input::{CallContext, CallId, CallInput, TypedInput};
pub use request::RecordedRequest;
pub(crate) use request::{VOLATILE_HEADERS, decode_component, path_meaning};
