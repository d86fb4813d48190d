//! The SDK plumbing a test rarely names: the HTTP client and the interceptor that plug a
//! stubber into an SDK client (what [`client!`](crate::client) installs), the retry config
//! and idempotency token stubbed clients use.
//!
//! Name them to wire a client by hand, for example one built from a shared config.
//!
//! ```
//! # #[cfg(feature = "s3")]
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use aws_stubber::sdk::retries;
//! use aws_stubber::{op, Stubber};
//!
//! let stubber = Stubber::new();
//! let config = aws_sdk_s3::Config::builder()
//!     .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
//!     .region(aws_sdk_s3::config::Region::new("us-east-1"))
//!     .credentials_provider(aws_sdk_s3::config::Credentials::new("AKID", "secret", None, None, "test"))
//!     .http_client(stubber.http_client()) // a StubHttpClient
//!     .interceptor(stubber.interceptor()) // a StubInterceptor
//!     .retry_config(retries(1))
//!     .build();
//! let s3 = aws_sdk_s3::Client::from_conf(config);
//! stubber.add_response(
//!     op!(aws_sdk_s3::Client::list_buckets),
//!     aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build(),
//! );
//! s3.list_buckets().send().await.unwrap();
//! # });
//! ```

mod answer;
pub(crate) mod client;
pub(crate) mod connector;
mod halves;
pub(crate) mod interceptor;
#[doc(hidden)]
pub mod macro_support;
pub(crate) mod wire;

pub use client::{IDEMPOTENCY_TOKEN, retries};
pub use connector::StubHttpClient;
pub use interceptor::StubInterceptor;
