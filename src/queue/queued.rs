//! A queue entry being set up: the value `add_*` returns, and the expectations and options
//! chained on it.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::compare::debug_tree::{FieldRule, Node};
use crate::compare::expect::{HttpExpectation, InputExpectation};
use crate::history::RecordedRequest;
use crate::queue::operation::{BuildFn, Operation};
use crate::queue::state::{Entry, FOREVER, Inner, Mode};
use crate::respond::{Response, check_status};

/// Gives access to the typed input of a queue entry's operation, so that expectations can be
/// added to entries named by a typed [`Operation`] but not to [`crate::OperationName`]s.
pub trait TypedHint {
    /// The operation's input type ([`Untyped`] for named operations).
    type Input;
    /// The input's builder type ([`Untyped`] for named operations).
    type Builder;
    #[doc(hidden)]
    fn build_fn(&self) -> Option<BuildFn<Self::Builder, Self::Input>>;
}

/// The input type of an entry whose operation is named by strings: it has no typed input,
/// so input expectations are not available on it.
#[derive(Default)]
pub struct Untyped(());

impl<I, O, E, B> TypedHint for Operation<I, O, E, B> {
    type Input = I;
    type Builder = B;
    fn build_fn(&self) -> Option<BuildFn<B, I>> {
        Some(self.build)
    }
}

impl TypedHint for crate::OperationName {
    type Input = Untyped;
    type Builder = Untyped;
    fn build_fn(&self) -> Option<BuildFn<Untyped, Untyped>> {
        None
    }
}

impl TypedHint for (&str, &str) {
    type Input = Untyped;
    type Builder = Untyped;
    fn build_fn(&self) -> Option<BuildFn<Untyped, Untyped>> {
        None
    }
}

/// The types a [`QueuedResponse`] is for, without owning any of them.
type Types<I, B, K> = fn() -> (I, B, K);

/// A queued entry, returned by the `add_*` methods to add expectations and options to it.
///
/// The entry holds its place in the queue from the start, and calls can take it once this
/// value is dropped: at the end of the statement that queued it, usually. So a call never
/// takes an entry before the expectations chained on it are attached. Keep it in a variable
/// while the code under test runs, and the call fails, saying so.
pub struct QueuedResponse<'a, I, B, K = entry::Any> {
    pub(crate) inner: &'a Arc<Inner>,
    /// The first of the `count` consecutive entries this value sets up.
    pub(crate) number: usize,
    pub(crate) count: usize,
    pub(crate) build: Option<BuildFn<B, I>>,
    pub(crate) _types: PhantomData<Types<I, B, K>>,
}

/// What a [`QueuedResponse`] answers with, so that options which only make sense for one
/// kind of answer exist only there: [`QueuedResponse::http_status`] is for errors, and
/// setting it on anything else does not compile.
///
/// ```compile_fail
/// use aws_stubber::{Fault, Stubber};
/// let stubber = Stubber::new();
/// stubber.add_fault(("S3", "ListBuckets"), Fault::Timeout).http_status(404);
/// ```
pub mod entry {
    use std::fmt;

    use aws_smithy_runtime_api::client::interceptors::context::Output;
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;

    /// An entry queued by `add_response`, `add_http_response` or `add_fault`.
    #[derive(Debug)]
    pub enum Any {}
    /// An entry queued by `add_error`, `add_client_error` or `add_client_error_with` (or
    /// computed as an output or an error): it takes an HTTP status.
    #[derive(Debug)]
    pub enum Error {}

    /// What the function given to
    /// [`add_computed_response`](crate::Stubber::add_computed_response) returns: the
    /// operation's output `O`, or `Result<O, E>` with the operation's error `E` (a modeled
    /// error, answered as the service would send it). `M` tells the two apart; it is
    /// inferred.
    pub trait ComputedAnswer<O, E, M>: sealed::Sealed<O, E, M> {
        /// What the entry is: [`Error`] when the function may answer with an error, so
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
        type Kind = Any;
    }

    impl<O, E> ComputedAnswer<O, E, OutputOrError> for Result<O, E>
    where
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
    {
        type Kind = Error;
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
}

/// A queue entry after it was queued: what it answered (see [`QueuedResponse::handle`]).
/// For a run of entries (the pages of [`add_pages`](crate::Stubber::add_pages)) it counts
/// all of them.
pub struct EntryHandle<I> {
    inner: Arc<Inner>,
    number: usize,
    count: usize,
    _input: PhantomData<fn() -> I>,
}

impl<I> fmt::Debug for EntryHandle<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryHandle(#{}, {} calls)", self.number, self.calls())
    }
}

impl<I> EntryHandle<I> {
    /// The calls that took the entry, in order, as (call index, attempt) pairs.
    fn uses(&self) -> Vec<(usize, usize)> {
        let numbers = self.number..self.number + self.count;
        self.inner
            .lock()
            .uses
            .iter()
            .filter(|u| numbers.contains(&u.entry))
            .map(|u| (u.call, u.attempt))
            .collect()
    }

    /// How many calls (attempts, when the SDK retries) the entry answered so far.
    ///
    /// ```
    /// let stubber = aws_stubber::Stubber::new();
    /// let timeout = stubber.add_fault(("S3", "ListBuckets"), aws_stubber::Fault::Timeout).handle();
    /// assert_eq!(timeout.calls(), 0);
    /// # stubber.verify_on_drop(false);
    /// ```
    pub fn calls(&self) -> usize {
        self.uses().len()
    }

    /// The HTTP requests the entry answered, as they reached the wire, in order.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, op, RawResponse, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let put = stubber.add_http_response(op!(aws_sdk_s3::Client::put_object), RawResponse::new(200)).handle();
    /// s3.put_object().bucket("logs").key("k").body("hello".as_bytes().to_vec().into()).send().await.unwrap();
    /// assert_eq!(put.requests()[0].body_text(), "hello");
    /// # });
    /// ```
    pub fn requests(&self) -> Vec<RecordedRequest> {
        let uses = self.uses();
        let state = self.inner.lock();
        uses.iter()
            .filter_map(|&(call, attempt)| state.calls.get(call - 1)?.requests.get(attempt))
            .cloned()
            .collect()
    }
}

impl<I: Clone + 'static> EntryHandle<I> {
    /// The typed inputs of the calls the entry answered, in order (one per attempt).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let list = stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build()).handle();
    /// s3.list_buckets().prefix("logs-").send().await.unwrap();
    /// assert_eq!(list.inputs()[0].prefix(), Some("logs-"));
    /// # });
    /// ```
    pub fn inputs(&self) -> Vec<I> {
        let uses = self.uses();
        let state = self.inner.lock();
        uses.iter()
            .filter_map(|&(call, _)| state.calls.get(call - 1)?.input::<I>().cloned())
            .collect()
    }
}

impl<I, B, K> fmt::Debug for QueuedResponse<'_, I, B, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QueuedResponse(#{})", self.number)
    }
}

impl<I, B, K> Drop for QueuedResponse<'_, I, B, K> {
    fn drop(&mut self) {
        self.inner
            .lock()
            .seal(self.number..self.number + self.count);
    }
}

impl<I, B, K> QueuedResponse<'_, I, B, K> {
    #[track_caller]
    pub(crate) fn edit(&self, mut f: impl FnMut(&mut Entry)) {
        let mut state = self.inner.lock();
        let numbers = self.number..self.number + self.count;
        // New entries are at the back: search from there.
        let mut found = 0;
        for entry in state
            .queue
            .iter_mut()
            .rev()
            .take_while(|e| e.number >= self.number)
        {
            if numbers.contains(&entry.number) {
                f(entry);
                found += 1;
            }
        }
        if found < self.count {
            drop(state);
            panic!(
                "aws-stubber: queue entry #{} was already used by a call; set its expectations \
                 before the code under test runs",
                self.number
            )
        }
    }

    /// Expectations on the HTTP request the call sends (method, path, query, headers,
    /// body).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_objects_v2), ListObjectsV2Output::builder().build())
    ///     .expect_http(|h| h.method("GET").query("list-type", "2").query("prefix", "logs/"));
    /// s3.list_objects_v2().bucket("b").prefix("logs/").send().await.unwrap();
    /// # });
    /// ```
    #[track_caller]
    pub fn expect_http(self, f: impl FnOnce(HttpExpectation) -> HttpExpectation) -> Self {
        let expectation = f(HttpExpectation::new());
        self.edit(|e| e.http = Some(expectation.clone()));
        self
    }

    /// Waits this long before answering (the SDK's timeouts apply). The wait is on the
    /// stubber's own clock, as the client's timeouts are: it passes at once, and a delay
    /// longer than a timeout still times out.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use std::time::Duration;
    /// use aws_stubber::{client, op, Fault, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_fault(op!(aws_sdk_s3::Client::list_buckets), Fault::Timeout).delay(Duration::from_millis(5));
    /// assert!(s3.list_buckets().send().await.is_err());
    /// # });
    /// ```
    #[track_caller]
    pub fn delay(self, delay: Duration) -> Self {
        self.edit(|e| e.delay = Some(delay));
        self
    }

    /// Answers the next `n` calls with this entry (each a match for its expectations), as if
    /// it were queued `n` times in a row: strict order still holds around it. Typed outputs
    /// repeat when their type is `Clone`; computed responses compute one per call.
    ///
    /// # Panics
    /// If `n` is 0, or the response cannot answer more than one call (an `add_error`, or an
    /// output type that is not `Clone`); the message says what to do instead.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build()).times(3);
    /// for _ in 0..3 {
    ///     s3.list_buckets().send().await.unwrap();
    /// }
    /// # });
    /// ```
    #[track_caller]
    pub fn times(self, n: usize) -> Self {
        assert!(
            n > 0,
            "aws-stubber: times(0) queues an entry no call may take; remove the entry instead"
        );
        self.answer_calls(n, &format!("{n} calls"))
    }

    /// Lets the entry answer `n` calls (`what` says how many, for messages).
    #[track_caller]
    fn answer_calls(self, n: usize, what: &str) -> Self {
        assert!(
            self.count == 1,
            "aws-stubber: times and repeatedly apply to a single entry; each page of add_pages \
             answers one call"
        );
        let mut refused = None;
        self.edit(|e| {
            if n > 1 && !e.response.can_repeat() {
                refused = Some((e.response.summary(), e.response.why_not_repeatable()));
            } else {
                e.uses_left = n;
                e.times = n;
            }
        });
        if let Some((summary, why)) = refused {
            panic!(
                "aws-stubber: queue entry #{} ({summary}) cannot answer {what}: {why}",
                self.number
            );
        }
        self
    }

    /// Answers any number of calls that match it, at least one (aws-smithy-mocks'
    /// `repeatedly`, `RuleMode::MatchAny`): for stubbers made with
    /// [`Stubber::unordered`](crate::Stubber::unordered), where the order of the other
    /// entries does not depend on it. Unused, it is reported like any other entry.
    ///
    /// # Panics
    /// On a strict stubber (each call there takes the next entry, so an entry that never
    /// runs out would keep every entry after it from being reached: use
    /// [`times`](Self::times) for a known number of calls), or when the response cannot
    /// answer more than one call (as for `times`).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::head_bucket::HeadBucketOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::unordered();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_response(op!(aws_sdk_s3::Client::head_bucket), HeadBucketOutput::builder().build()).repeatedly();
    /// for bucket in ["a-bucket", "b-bucket", "c-bucket"] {
    ///     s3.head_bucket().bucket(bucket).send().await.unwrap();
    /// }
    /// # });
    /// ```
    #[track_caller]
    pub fn repeatedly(self) -> Self {
        if self.inner.lock().mode == Mode::Strict {
            panic!(
                "aws-stubber: repeatedly() on queue entry #{} of a strict stubber: each call \
                 takes the next entry there, so an entry that answers any number of calls would \
                 keep every entry after it from being reached. Use times(n) for a known number \
                 of calls, or make the stubber with Stubber::unordered()",
                self.number
            );
        }
        self.answer_calls(FOREVER, "any number of calls")
    }

    /// Hands back a handle to the entry that outlives the statement (the entry can be taken
    /// as soon as this is called, as when the value is dropped): how many calls it answered,
    /// with their inputs and requests, for `assert_eq!(get.calls(), 2)` after the code under
    /// test ran (aws-smithy-mocks' `num_calls`).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::head_object::HeadObjectOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let head = stubber
    ///     .add_response(op!(aws_sdk_s3::Client::head_object), HeadObjectOutput::builder().build())
    ///     .times(2)
    ///     .handle();
    /// s3.head_object().bucket("b").key("a").send().await.unwrap();
    /// s3.head_object().bucket("b").key("b").send().await.unwrap();
    /// assert_eq!(head.calls(), 2);
    /// assert_eq!(head.inputs()[1].key(), Some("b"));
    /// assert_eq!(head.requests()[0].method, "HEAD");
    /// # });
    /// ```
    pub fn handle(self) -> EntryHandle<I> {
        EntryHandle {
            inner: Arc::clone(self.inner),
            number: self.number,
            count: self.count,
            _input: PhantomData,
        }
        // `self` drops here: the entry is sealed, calls may take it.
    }

    /// A label shown in failure messages beside the entry's number.
    ///
    /// ```
    /// let stubber = aws_stubber::Stubber::new();
    /// stubber.add_fault(("S3", "ListBuckets"), aws_stubber::Fault::Timeout).named("the first listing");
    /// assert!(stubber.pending_descriptions()[0].contains("\"the first listing\""));
    /// # stubber.verify_on_drop(false);
    /// ```
    #[track_caller]
    pub fn named(self, label: impl Into<String>) -> Self {
        let label = label.into();
        self.edit(|e| e.label = Some(label.clone()));
        self
    }
}

impl<I, B> QueuedResponse<'_, I, B, entry::Error> {
    /// The HTTP status the error is answered with (400 unless set, as in botocore).
    ///
    /// # Panics
    /// If `status` is not an HTTP status code (100 to 999).
    ///
    /// ```
    /// let stubber = aws_stubber::Stubber::new();
    /// stubber.add_client_error(("S3", "HeadObject"), "NotFound", "").http_status(404);
    /// # stubber.verify_on_drop(false);
    /// ```
    #[track_caller]
    pub fn http_status(self, status: u16) -> Self {
        check_status(status);
        self.edit(|e| match &mut e.response {
            Response::ModeledError { status: s, .. } | Response::Computed { status: s, .. } => {
                *s = status
            }
            Response::Client(error) => error.status = status,
            _ => unreachable!("entries typed entry::Error hold an error"),
        });
        self
    }
}

impl<I, B, K> QueuedResponse<'_, I, B, K>
where
    I: fmt::Debug + Send + Sync + 'static,
    B: Default,
{
    fn build_fn(&self) -> BuildFn<B, I> {
        self.build
            .expect("typed entries always carry their input builder")
    }

    /// Expects an input whose fields equal those the closure sets on the input builder;
    /// fields it leaves unset are not compared. `ANY` as a string value matches any
    /// present value.
    ///
    /// ```
    /// # let stubber = aws_stubber::Stubber::new();
    /// # stubber.verify_on_drop(false);
    /// # #[cfg(feature = "s3")] {
    /// use aws_stubber::{op, ANY};
    /// let output = aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder().build();
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_objects_v2), output)
    ///     .expect_input(|i| i.bucket("my-bucket").prefix("logs/").continuation_token(ANY));
    /// # }
    /// ```
    #[track_caller]
    pub fn expect_input(self, expect: impl FnOnce(B) -> B) -> Self {
        let mut tree = partial_tree(self.build_fn(), expect, true);
        let mut conflict = None;
        self.edit(|e| {
            // Keep what expect_absent and expect_present required, unless this sets it.
            if let Some(InputExpectation::Partial { expected }) = &e.input {
                for (field, rule) in expected.field_rules() {
                    if let Err(why) = tree.require(&field, rule) {
                        conflict = Some(why);
                    }
                }
            }
            e.input = Some(InputExpectation::partial(tree.clone()));
        });
        if let Some(why) = conflict {
            panic!(
                "aws-stubber: expect_input conflicts with an earlier expect_absent or expect_present: {why}"
            );
        }
        self
    }

    /// Requires these fields of the input to be absent (`None`), where a partial
    /// expectation otherwise leaves unset fields unchecked: the meaning of botocore's
    /// `{'Prefix': None}`. Adds to [`expect_input`](Self::expect_input), in either order;
    /// works for fields of every type (strings, numbers, lists, maps, structures). Names are
    /// the input's top-level fields as its builder methods spell them (`continuation_token`).
    ///
    /// ```
    /// # let stubber = aws_stubber::Stubber::new();
    /// # stubber.verify_on_drop(false);
    /// # #[cfg(feature = "s3")] {
    /// use aws_stubber::op;
    /// let output = aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder().build();
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_objects_v2), output)
    ///     .expect_input(|i| i.bucket("my-bucket"))
    ///     .expect_absent(["prefix", "continuation_token"]);
    /// # }
    /// ```
    ///
    /// # Panics
    /// If the input has no such field, the field is not optional, the expectation sets it,
    /// or the entry's input is compared by `expect_input_eq` or `expect_input_matches`.
    #[track_caller]
    pub fn expect_absent<'f>(self, fields: impl IntoIterator<Item = &'f str>) -> Self {
        self.require_fields(fields, FieldRule::Absent, "expect_absent")
    }

    /// Requires these fields of the input to be present, with any value: botocore's `ANY`
    /// for fields of every type (`max_keys`, booleans, timestamps, enums, whole lists, maps
    /// and structures), where the [`ANY`](crate::ANY) string only fits string fields (and
    /// `instance_ids(ANY)` means a one-element list). Adds to
    /// [`expect_input`](Self::expect_input), in either order.
    ///
    /// ```
    /// # let stubber = aws_stubber::Stubber::new();
    /// # stubber.verify_on_drop(false);
    /// # #[cfg(feature = "ec2")] {
    /// use aws_stubber::op;
    /// let output = aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput::builder().build();
    /// stubber
    ///     .add_response(op!(aws_sdk_ec2::Client::describe_instances), output)
    ///     .expect_present(["instance_ids", "max_results", "dry_run"]);
    /// # }
    /// ```
    ///
    /// # Panics
    /// As [`expect_absent`](Self::expect_absent).
    #[track_caller]
    pub fn expect_present<'f>(self, fields: impl IntoIterator<Item = &'f str>) -> Self {
        self.require_fields(fields, FieldRule::Present, "expect_present")
    }

    #[track_caller]
    fn require_fields<'f>(
        self,
        fields: impl IntoIterator<Item = &'f str>,
        rule: FieldRule,
        method: &str,
    ) -> Self {
        let build = self.build_fn();
        let fields: Vec<&str> = fields.into_iter().collect();
        let mut problem = None;
        self.edit(|e| {
            let mut tree = match e.input.take() {
                None => partial_tree(build, |b| b, false),
                Some(InputExpectation::Partial { expected }) => expected,
                Some(other) => {
                    e.input = Some(other);
                    problem = Some(
                        "the entry's input is already compared whole (expect_input_eq) or by a \
                         predicate (expect_input_matches); say it there"
                            .to_string(),
                    );
                    return;
                }
            };
            for field in &fields {
                if let Err(why) = tree.require(field, rule) {
                    problem.get_or_insert(why);
                }
            }
            e.input = Some(InputExpectation::partial(tree));
        });
        if let Some(why) = problem {
            panic!("aws-stubber: {method}: {why}");
        }
        self
    }

    /// Expects exactly this input (compared with `==`; when it contains `ANY`, compared
    /// field by field with `ANY` matching any present value).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::{ListBucketsInput, ListBucketsOutput};
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let expected = ListBucketsInput::builder().max_buckets(10).build().unwrap();
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build())
    ///     .expect_input_eq(expected);
    /// s3.list_buckets().max_buckets(10).send().await.unwrap();
    /// # });
    /// ```
    #[track_caller]
    pub fn expect_input_eq(self, input: I) -> Self
    where
        I: PartialEq,
    {
        let expectation = InputExpectation::exact(input);
        self.edit(|e| e.input = Some(expectation.clone()));
        self
    }

    /// Expects an input for which the predicate returns true (for inputs that are `Clone`:
    /// the stubber keeps a copy of each call's input to run it on).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build())
    ///     .expect_input_matches(|i| i.max_buckets().is_some_and(|n| n <= 100));
    /// s3.list_buckets().max_buckets(10).send().await.unwrap();
    /// # });
    /// ```
    #[track_caller]
    pub fn expect_input_matches(
        self,
        predicate: impl Fn(&I) -> bool + Send + Sync + 'static,
    ) -> Self
    where
        I: Clone,
    {
        let expectation = InputExpectation::predicate(predicate);
        self.edit(|e| e.input = Some(expectation.clone()));
        self
    }
}

#[track_caller]
pub(crate) fn partial_tree<I: fmt::Debug, B: Default>(
    build: BuildFn<B, I>,
    expect: impl FnOnce(B) -> B,
    reject_empty: bool,
) -> Node {
    let build_or_panic = |builder: B| match build(builder) {
        Ok(input) => input,
        Err(err) => panic!("aws-stubber: the expected input does not build: {err}"),
    };
    let text = format!("{:?}", build_or_panic(expect(B::default())));
    let default = format!("{:?}", build_or_panic(B::default()));
    if reject_empty && text == default {
        panic!(
            "aws-stubber: the expectation passed to expect_input sets no field the stubber can \
             compare: it sets nothing, or only fields that the SDK redacts in Debug output \
             (passwords, secrets, user data). Use expect_input_eq (compares with ==) or \
             expect_input_matches (a predicate) for those."
        );
    }
    Node::parse(&text).without_defaults(&Node::parse(&default))
}
