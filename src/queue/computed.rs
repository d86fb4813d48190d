//! Entries whose answer a function computes from the call's input.

use std::fmt;
use std::sync::Arc;

use aws_smithy_runtime_api::client::interceptors::context::Output;

use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::operation::Operation;
use crate::queue::entry::{self, ComputedAnswer};
use crate::queue::queued::QueuedResponse;
use crate::queue::stubber::Stubber;
use crate::respond::{Response, modeled_parts};

impl Stubber {
    /// Queues an answer computed from each call's typed input (aws-smithy-mocks'
    /// `then_compute_output` and `then_compute_response`, aws-sdk-client-mock's
    /// `callsFake`): the function returns the operation's output, or `Result<Output,
    /// Error>` to answer some inputs with a modeled error (HTTP status 400 unless
    /// [`QueuedResponse::http_status`] says otherwise). The entry keeps its place in the
    /// strict queue like any other; with [`QueuedResponse::times`] it computes an answer for
    /// each of the calls it answers. The input must be `Clone` (every input without a
    /// streaming body is), so the stubber can keep it typed; for an answer that needs no
    /// input, see [`add_response_fn`](Self::add_response_fn).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::head_object::{HeadObjectError, HeadObjectOutput};
    /// use aws_sdk_s3::types::error::NotFound;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_computed_response(op!(aws_sdk_s3::Client::head_object), |input| {
    ///         match input.key().unwrap_or_default() {
    ///             "missing" => Err(HeadObjectError::NotFound(NotFound::builder().build())),
    ///             key => Ok(HeadObjectOutput::builder().content_length(key.len() as i64).build()),
    ///         }
    ///     })
    ///     .http_status(404)
    ///     .times(2);
    /// let out = s3.head_object().bucket("b").key("abc").send().await.unwrap();
    /// assert_eq!(out.content_length(), Some(3));
    /// let err = s3.head_object().bucket("b").key("missing").send().await.unwrap_err();
    /// assert!(err.into_service_error().is_not_found());
    /// # });
    /// ```
    #[track_caller]
    pub fn add_computed_response<I, O, E, B, R, M>(
        &self,
        op: Operation<I, O, E, B>,
        compute: impl Fn(&I) -> R + Send + Sync + 'static,
    ) -> QueuedResponse<'_, I, B, R::Kind>
    where
        I: fmt::Debug + Clone + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
        R: ComputedAnswer<O, E, M>,
    {
        let compute: crate::respond::Compute = Arc::new(move |input| {
            let input = input
                .and_then(|i| i.downcast_ref::<I>())
                .expect("a call's typed input is of its operation's input type");
            compute(input).answer()
        });
        let op = Operation {
            cloner: Some(crate::operation::clone_input::<I>),
            ..op
        };
        let what = if R::may_fail() {
            format!(
                "computed output {} or error",
                crate::respond::short_type_name::<O>()
            )
        } else {
            format!("computed output {}", crate::respond::short_type_name::<O>())
        };
        let response = Response::Computed {
            compute,
            what,
            method: "add_computed_response",
            needs_input: true,
            status: 400,
        };
        self.push_op(op, response)
    }

    /// Queues a typed output built afresh for each call it answers (aws-smithy-mocks'
    /// `then_output(|| ..)`): for outputs that cannot be cloned (a `GetObjectOutput` holds a
    /// stream), so that [`QueuedResponse::times`] and [`QueuedResponse::repeatedly`] can
    /// answer several calls with them.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::get_object::GetObjectOutput;
    /// use aws_sdk_s3::primitives::ByteStream;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_response_fn(op!(aws_sdk_s3::Client::get_object), || {
    ///         GetObjectOutput::builder().body(ByteStream::from_static(b"hello")).build()
    ///     })
    ///     .times(2);
    /// for _ in 0..2 {
    ///     let out = s3.get_object().bucket("b").key("k").send().await.unwrap();
    ///     assert_eq!(out.body.collect().await.unwrap().into_bytes().as_ref(), b"hello");
    /// }
    /// # });
    /// ```
    #[track_caller]
    pub fn add_response_fn<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
        build: impl Fn() -> O + Send + Sync + 'static,
    ) -> QueuedResponse<'_, I, B>
    where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let response = Response::Computed {
            compute: Arc::new(move |_| Ok(Output::erase(build()))),
            what: format!("output {}", crate::respond::short_type_name::<O>()),
            method: "add_response_fn",
            needs_input: false,
            status: 400,
        };
        self.push_op(op, response)
    }

    /// Queues a typed modeled error built afresh for each call it answers (aws-smithy-mocks'
    /// `then_error(|| ..)`): the SDK's error types are not `Clone`, so this is how
    /// [`QueuedResponse::times`] and [`QueuedResponse::repeatedly`] answer several calls with
    /// one. HTTP status 400 unless [`QueuedResponse::http_status`] says otherwise.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::get_object::GetObjectError;
    /// use aws_sdk_s3::types::error::NoSuchKey;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_error_fn(op!(aws_sdk_s3::Client::get_object), || {
    ///         GetObjectError::NoSuchKey(NoSuchKey::builder().build())
    ///     })
    ///     .http_status(404)
    ///     .times(3);
    /// for _ in 0..3 {
    ///     let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    ///     assert!(err.into_service_error().is_no_such_key());
    /// }
    /// # });
    /// ```
    #[track_caller]
    pub fn add_error_fn<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
        build: impl Fn() -> E + Send + Sync + 'static,
    ) -> QueuedResponse<'_, I, B, entry::ErrorAnswer>
    where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let response = Response::Computed {
            compute: Arc::new(move |_| Err(modeled_parts(build()))),
            what: format!("modeled error {}", crate::respond::short_type_name::<E>()),
            method: "add_error_fn",
            needs_input: false,
            status: 400,
        };
        self.push_op(op, response)
    }
}
