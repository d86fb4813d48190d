//! One call the code under test made.

use std::fmt;
use std::sync::Arc;

use super::input::CallInput;
use super::request::RecordedRequest;

/// One call the code under test made through a stubbed client.
#[derive(Clone)]
pub struct Call {
    pub(crate) index: usize,
    pub(crate) service: String,
    pub(crate) operation: String,
    pub(crate) input: Arc<CallInput>,
    pub(crate) requests: Vec<RecordedRequest>,
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("index", &self.index)
            .field("service", &self.service)
            .field("operation", &self.operation)
            .field("input", &self.input_debug())
            .field("requests", &self.requests)
            .finish()
    }
}

impl Call {
    /// The 1-based position of the call among all calls the stubber saw.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// # stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build());
    /// # stubber.add_http_response(op!(aws_sdk_s3::Client::head_bucket), aws_stubber::RawResponse::new(200));
    /// s3.list_buckets().send().await.unwrap();
    /// s3.head_bucket().bucket("logs").send().await.unwrap();
    /// let call = &stubber.calls()[1];
    /// assert_eq!(call.index(), 2);
    /// # });
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// The service name from the SDK's operation metadata (`"S3"`, `"EC2"`, `"Route 53"`).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// # stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build());
    /// # stubber.add_http_response(op!(aws_sdk_s3::Client::head_bucket), aws_stubber::RawResponse::new(200));
    /// s3.list_buckets().send().await.unwrap();
    /// s3.head_bucket().bucket("logs").send().await.unwrap();
    /// let call = &stubber.calls()[1];
    /// assert_eq!(call.service(), "S3");
    /// # });
    /// ```
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The operation name from the SDK's operation metadata (`"ListObjectsV2"`).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// # stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build());
    /// # stubber.add_http_response(op!(aws_sdk_s3::Client::head_bucket), aws_stubber::RawResponse::new(200));
    /// s3.list_buckets().send().await.unwrap();
    /// s3.head_bucket().bucket("logs").send().await.unwrap();
    /// let call = &stubber.calls()[1];
    /// assert_eq!(call.operation(), "HeadBucket");
    /// # });
    /// ```
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The typed input, when its type is `I`. Inputs of operations that some queue entry
    /// names are kept typed; others only as [`Call::input_debug`].
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// # stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build());
    /// # stubber.add_http_response(op!(aws_sdk_s3::Client::head_bucket), aws_stubber::RawResponse::new(200));
    /// s3.list_buckets().send().await.unwrap();
    /// s3.head_bucket().bucket("logs").send().await.unwrap();
    /// let call = &stubber.calls()[1];
    /// use aws_sdk_s3::operation::head_bucket::HeadBucketInput;
    /// // Kept typed: a queue entry named the operation with op!.
    /// assert_eq!(call.input::<HeadBucketInput>().unwrap().bucket(), Some("logs"));
    /// # });
    /// ```
    pub fn input<I: 'static>(&self) -> Option<&I> {
        self.input.value()?.downcast_ref::<I>()
    }

    /// The input's `Debug` text (always available).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// # stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build());
    /// # stubber.add_http_response(op!(aws_sdk_s3::Client::head_bucket), aws_stubber::RawResponse::new(200));
    /// s3.list_buckets().send().await.unwrap();
    /// s3.head_bucket().bucket("logs").send().await.unwrap();
    /// let call = &stubber.calls()[1];
    /// assert!(call.input_debug().contains("bucket: Some(\"logs\")"));
    /// # });
    /// ```
    pub fn input_debug(&self) -> &str {
        self.input.debug()
    }

    /// The HTTP requests of the call as they reached the wire, one per attempt (empty when
    /// the call failed before that, or only presigned a request).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// # stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build());
    /// # stubber.add_http_response(op!(aws_sdk_s3::Client::head_bucket), aws_stubber::RawResponse::new(200));
    /// s3.list_buckets().send().await.unwrap();
    /// s3.head_bucket().bucket("logs").send().await.unwrap();
    /// let call = &stubber.calls()[1];
    /// assert_eq!(call.requests().len(), 1, "one attempt");
    /// assert_eq!(call.requests()[0].method, "HEAD");
    /// # });
    /// ```
    pub fn requests(&self) -> &[RecordedRequest] {
        &self.requests
    }
}
