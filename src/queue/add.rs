//! Queueing entries: the `add_*` methods and the runs of entries they push.

use std::fmt;

use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::message::PREFIX;
use crate::operation::TypedHint;
use crate::operation::{IntoOperation, Operation};
use crate::queue::entry;
use crate::queue::queued::QueuedResponse;
use crate::queue::stubber::Stubber;
use crate::respond::{
    ClientError, EventStream, Fault, RawResponse, Response, modeled_error, modeled_parts,
};

impl Stubber {
    /// Queues a typed output for the next call of `op` (botocore's `add_response`).
    ///
    /// The request is built and checked as in production, up to the wire; the output is then
    /// handed to the code under test as it is, without going through the SDK's
    /// deserializer.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_sdk_s3::types::Bucket;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let output = ListBucketsOutput::builder().buckets(Bucket::builder().name("logs").build()).build();
    /// stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), output);
    /// let out = s3.list_buckets().send().await.unwrap();
    /// assert_eq!(out.buckets()[0].name(), Some("logs"));
    /// # });
    /// ```
    #[track_caller]
    pub fn add_response<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
        output: O,
    ) -> QueuedResponse<'_, I, B>
    where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let response = (op.queue_output)(output);
        self.push_op(op, response)
    }

    /// Queues the pages of a paginated call, one entry each, and checks what paginating code
    /// most often gets wrong: the first request carries no page token; the request for page
    /// k+1 carries exactly the token(s) page k returned; no other input field changes after
    /// page 1; and the code stops where the SDK's paginator would (every page but the last
    /// returns a token, the last none: a call after it is unexpected, and pages never asked
    /// for are reported as unused). Which output field feeds which input field comes from a
    /// table generated from the AWS service models (every paginated operation of every
    /// service: `NextToken`, S3's `ContinuationToken`, DynamoDB's `LastEvaluatedKey`, Route
    /// 53's three record tokens, CloudFront's nested markers, ...); an operation newer than the
    /// table falls back to token names, and its messages say so. A mistake fails with the page
    /// number and the token that was expected. Works with the SDK's paginators
    /// (`into_paginator()`) and with hand-written loops. Expectations chained on the returned
    /// value apply to every page.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
    /// use aws_sdk_s3::types::Object;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let page = |keys: &[&str], next: Option<&str>| {
    ///     ListObjectsV2Output::builder()
    ///         .set_contents(Some(keys.iter().map(|k| Object::builder().key(*k).build()).collect()))
    ///         .set_next_continuation_token(next.map(String::from))
    ///         .set_is_truncated(Some(next.is_some()))
    ///         .build()
    /// };
    /// stubber
    ///     .add_pages(
    ///         op!(aws_sdk_s3::Client::list_objects_v2),
    ///         [page(&["a", "b"], Some("t1")), page(&["c"], None)],
    ///     )
    ///     .expect_input(|i| i.bucket("my-bucket"));
    ///
    /// let mut keys = Vec::new();
    /// let mut pages = s3.list_objects_v2().bucket("my-bucket").into_paginator().send();
    /// while let Some(page) = pages.next().await {
    ///     keys.extend(page.unwrap().contents().iter().filter_map(|o| o.key().map(String::from)));
    /// }
    /// assert_eq!(keys, ["a", "b", "c"]);
    /// # });
    /// ```
    ///
    /// # Panics
    /// If there is no page, the operation is not paginated, a page before the last returns no
    /// token (or the last returns one), or a page's more-results flag contradicts its token.
    #[track_caller]
    pub fn add_pages<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
        pages: impl IntoIterator<Item = O>,
    ) -> QueuedResponse<'_, I, B>
    where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let pages: Vec<O> = pages.into_iter().collect();
        let outputs: Vec<crate::debug_tree::Node> = pages
            .iter()
            .map(|p| crate::debug_tree::Node::parse(&format!("{p:?}")))
            .collect();
        let default_input = crate::queue::expectations::partial_tree(op.build, |b| b, false);
        let (service, operation) = (op.service_crate(), op.name());
        let checks = match crate::pages::plan(&outputs, &default_input, &service, &operation) {
            Ok(checks) => checks,
            Err(why) => panic!("{PREFIX}add_pages for {}: {why}", op.name()),
        };
        let run = pages
            .into_iter()
            .zip(checks)
            .map(|(page, check)| ((op.queue_output)(page), Some(check)))
            .collect();
        let mut queued = self.push_run(op.key(), run);
        queued.build = Some(op.build);
        queued
    }
    /// Queues the operation's output with nothing set, without naming its type (botocore's
    /// `add_response(op, {})`): the SDK's deserializer builds it from the protocol's emptiest
    /// success response, as it would from a service that answered with nothing. Repeats with
    /// [`QueuedResponse::times`].
    ///
    /// Members the service always sends (IAM's `ListUsersOutput` has `users`) get their
    /// empty values, as the SDK fills them in when a response lacks them; an XML output gets
    /// the root element its deserializer reads, whatever its name. So one output is not
    /// "nothing set": where the root element is the one member (S3's `GetBucketLocation`
    /// reads `<LocationConstraint>` as its root), that member is set to its empty value
    /// (`location_constraint()` is `Some`, reading `""`, as S3 answers for `us-east-1`).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_empty_response(op!(aws_sdk_s3::Client::delete_object));
    /// stubber.add_empty_response(op!(aws_sdk_s3::Client::list_buckets));
    /// s3.delete_object().bucket("b").key("k").send().await.unwrap();
    /// assert!(s3.list_buckets().send().await.unwrap().buckets().is_empty());
    /// # });
    /// ```
    #[track_caller]
    pub fn add_empty_response<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
    ) -> QueuedResponse<'_, I, B>
    where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let type_name = crate::respond::short_type_name::<O>();
        self.push_op(op, Response::Empty { type_name })
    }

    /// Queues a typed modeled error, such as `GetObjectError::NoSuchKey(..)`, answered with
    /// HTTP status 400 unless [`QueuedResponse::http_status`] says otherwise. The SDK sees
    /// the protocol's error response for the error's code, then the error is handed to the
    /// code under test exactly as built.
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
    ///     .add_error(op!(aws_sdk_s3::Client::get_object), GetObjectError::NoSuchKey(NoSuchKey::builder().build()))
    ///     .http_status(404);
    /// let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    /// assert!(err.into_service_error().is_no_such_key());
    /// # });
    /// ```
    #[track_caller]
    pub fn add_error<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
        error: E,
    ) -> QueuedResponse<'_, I, B, entry::ErrorAnswer>
    where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        self.push_op(op, modeled_error(modeled_parts(error), 400))
    }

    /// Queues a service error by code and message, answered with HTTP status 400 unless
    /// [`QueuedResponse::http_status`] says otherwise (botocore's `add_client_error`). The
    /// stubber writes the error response the service's protocol really sends, and the SDK's
    /// deserializer turns it into the modeled error.
    ///
    /// ```
    /// # #[cfg(feature = "s3")] {
    /// # let stubber = aws_stubber::Stubber::new();
    /// # stubber.verify_on_drop(false);
    /// use aws_stubber::op;
    /// stubber.add_client_error(op!(aws_sdk_s3::Client::get_object), "NoSuchKey", "gone");
    /// stubber
    ///     .add_client_error(op!(aws_sdk_s3::Client::head_object), "NotFound", "")
    ///     .http_status(404);
    /// # }
    /// ```
    #[track_caller]
    pub fn add_client_error<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder, entry::ErrorAnswer> {
        self.add_client_error_with(op, ClientError::new(code).message(message))
    }

    /// Queues a service error with extra fields, headers or request id (see
    /// [`ClientError`]).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::RequestId as _;
    /// use aws_stubber::{client, op, ClientError, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_client_error_with(
    ///     op!(aws_sdk_s3::Client::get_object),
    ///     ClientError::new("NoSuchKey").message("gone").status(404).request_id("REQ-1"),
    /// );
    /// let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    /// assert_eq!(err.request_id(), Some("REQ-1"));
    /// # });
    /// ```
    #[track_caller]
    pub fn add_client_error_with<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        error: ClientError,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder, entry::ErrorAnswer> {
        self.push_op(op, Response::Client(error))
    }

    /// Queues a raw HTTP response; it goes through the SDK's real deserializer.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, op, RawResponse, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_http_response(
    ///     op!(aws_sdk_s3::Client::list_buckets),
    ///     RawResponse::new(200).body("<ListAllMyBucketsResult><Buckets><Bucket><Name>logs</Name></Bucket></Buckets></ListAllMyBucketsResult>"),
    /// );
    /// let out = s3.list_buckets().send().await.unwrap();
    /// assert_eq!(out.buckets()[0].name(), Some("logs"));
    /// # });
    /// ```
    #[track_caller]
    pub fn add_http_response<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        response: RawResponse,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder> {
        self.push_op(op, Response::Http(response))
    }

    /// Queues an event stream: the response of an event-stream operation, whose messages the
    /// SDK's event receiver delivers one by one (see [`EventStream`]).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::types::SelectObjectContentEventStream as Event;
    /// use aws_stubber::{client, op, EventStream, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_event_stream(
    ///     op!(aws_sdk_s3::Client::select_object_content),
    ///     EventStream::new()
    ///         .event("Records", "application/octet-stream", "1,alice\n")
    ///         .event("End", "application/octet-stream", ""),
    /// );
    /// # use aws_sdk_s3::types::{ExpressionType, InputSerialization, OutputSerialization, CsvInput, CsvOutput};
    /// let mut out = s3
    ///     .select_object_content()
    ///     .bucket("b")
    ///     .key("people.csv")
    ///     .expression("select * from s3object")
    ///     .expression_type(ExpressionType::Sql)
    ///     .input_serialization(InputSerialization::builder().csv(CsvInput::builder().build()).build())
    ///     .output_serialization(OutputSerialization::builder().csv(CsvOutput::builder().build()).build())
    ///     .send()
    ///     .await
    ///     .unwrap();
    /// let Some(Event::Records(records)) = out.payload.recv().await.unwrap() else { panic!() };
    /// assert_eq!(records.payload().unwrap().as_ref(), b"1,alice\n");
    /// assert!(matches!(out.payload.recv().await.unwrap(), Some(Event::End(_))));
    /// assert!(out.payload.recv().await.unwrap().is_none());
    /// # });
    /// ```
    #[track_caller]
    pub fn add_event_stream<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        stream: EventStream,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder> {
        self.push_op(op, Response::EventStream(stream))
    }

    /// Queues a transport fault (timeout, refused or reset connection).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, op, Fault, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_fault(op!(aws_sdk_s3::Client::list_buckets), Fault::Timeout);
    /// let err = s3.list_buckets().send().await.unwrap_err();
    /// assert!(matches!(err, aws_sdk_s3::error::SdkError::TimeoutError(_) | aws_sdk_s3::error::SdkError::DispatchFailure(_)));
    /// # });
    /// ```
    #[track_caller]
    pub fn add_fault<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        fault: Fault,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder> {
        self.push_op(op, Response::Fault(fault))
    }
}
