//! The queue of expected calls and the verification of what happened to it.

use std::any::TypeId;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::panic::Location;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use aws_smithy_runtime_api::client::interceptors::context::{Error, Output};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::connector::StubHttpClient;
use crate::error::{StubError, StubErrorKind};
use crate::expect::{HttpExpectation, InputExpectation};
use crate::history::Call;
use crate::interceptor::StubInterceptor;
use crate::operation::{Checker, Cloner, IntoOperation, OpKey, Operation};
use crate::queued::{entry, QueuedResponse, TypedHint};
use crate::response::{ClientError, Fault, RawResponse, Response};

/// How a call picks its queue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Each call takes the next entry; anything else is a failure (the default).
    Strict,
    /// A call takes the first queued entry whose operation and expectations match, for code
    /// that makes calls concurrently. Extra calls and leftover entries still fail.
    Unordered,
}

/// A first-in-first-out queue of expected calls and their responses, plugged into SDK
/// clients as their HTTP client and interceptor (see [`client!`](crate::client)).
///
/// Cloning gives another handle to the same queue. When the last handle is dropped the
/// stubber verifies that every entry was used and that no call failed (see
/// [`Stubber::assert_no_pending_responses`]); [`Stubber::verify_on_drop`] turns that off.
pub struct Stubber {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    state: Mutex<State>,
    handles: AtomicUsize,
}

pub(crate) struct State {
    pub(crate) mode: Mode,
    pub(crate) queue: VecDeque<Entry>,
    pub(crate) queued_total: usize,
    pub(crate) consumed: usize,
    pub(crate) calls: Vec<Call>,
    pub(crate) failures: Vec<StubError>,
    /// Entries that failures taken by [`Stubber::take_expected_failures`] left queued: they
    /// are not reported as unused.
    pub(crate) excused: Vec<usize>,
    /// Input types the queue has named: how to recognise them, and how to keep a copy.
    pub(crate) input_types: HashMap<TypeId, (Checker, Option<Cloner>)>,
    pub(crate) verify_on_drop: bool,
    /// A failed call panics inside the SDK call instead of returning an error.
    pub(crate) panic_on_failure: bool,
    pub(crate) endpoint: Option<String>,
    pub(crate) region: aws_types::region::Region,
    /// A recording of real traffic, when the stubber records instead of answering.
    pub(crate) recording: Option<Arc<dyn crate::recorder::Recorder>>,
    /// A thread holding a handle panicked: a recording must not replace a fixture.
    pub(crate) panicked: bool,
}

/// An entry built outside the queue (see [`Stubber::push_all`]).
pub(crate) struct QueuedEntry {
    pub(crate) op: OpKey,
    pub(crate) response: Response,
    pub(crate) http: Option<HttpExpectation>,
    pub(crate) label: Option<String>,
}

pub(crate) struct Entry {
    pub(crate) number: usize,
    pub(crate) op: OpKey,
    pub(crate) input: Option<InputExpectation>,
    pub(crate) http: Option<HttpExpectation>,
    pub(crate) response: Response,
    pub(crate) delay: Option<Duration>,
    pub(crate) label: Option<String>,
    /// The entry's place in a run of pages (see [`Stubber::add_pages`]).
    pub(crate) page: Option<crate::pages::PageCheck>,
    pub(crate) location: &'static Location<'static>,
    /// How many more calls the entry answers (see [`QueuedResponse::times`]).
    pub(crate) uses_left: usize,
    /// How many calls it answers in all.
    pub(crate) times: usize,
    /// False while the [`QueuedResponse`] that `add_*` returned is alive: a call never takes
    /// an entry before the expectations chained on it are attached.
    pub(crate) sealed: bool,
}

impl Entry {
    /// ` "label" (page 2 of 3)`, or what of it is set.
    fn label_text(&self) -> String {
        let mut text = match &self.label {
            Some(l) => format!(" {l:?}"),
            None => String::new(),
        };
        if let Some(page) = &self.page {
            text.push_str(&format!(" ({})", page.describe()));
        }
        text
    }

    pub(crate) fn describe(&self) -> String {
        let label = self.label_text();
        let uses = match self.times {
            1 => String::new(),
            n => format!(", {} of {n} calls left", self.uses_left),
        };
        format!(
            "#{} {}{label} -> {}{uses} (queued at {})",
            self.number,
            self.op.display(),
            self.response.summary(),
            self.location
        )
    }

    pub(crate) fn header(&self) -> String {
        let label = self.label_text();
        format!(
            "queue entry #{} {}{label} (queued at {})",
            self.number,
            self.op.display(),
            self.location
        )
    }
}

impl State {
    /// Whether clients of this stubber sign their requests: when recording real traffic, and
    /// towards a plain-http endpoint (the SDK signs aws-chunked uploads there as it encodes
    /// them, and cannot do that without a signer). Otherwise the no-auth scheme goes first.
    pub(crate) fn signs_requests(&self) -> bool {
        self.recording.is_some()
            || self
                .endpoint
                .as_deref()
                .is_some_and(|e| e.to_ascii_lowercase().starts_with("http:"))
    }
}

impl Inner {
    /// Remembers a failed call, so that verification fails the test even if the code under
    /// test swallows the error; in panic mode, panics with its message (holding no lock).
    pub(crate) fn fail(&self, err: StubError) -> StubError {
        let panic = {
            let mut state = self.lock();
            state.failures.push(err.clone());
            state.panic_on_failure
        };
        if panic {
            panic!("{}", err.message());
        }
        err
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere (in a test body, while the lock was held) must not turn every
        // later use into a second panic: the state is plain data and stays usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for Stubber {
    fn default() -> Self {
        Self::new()
    }
}

impl Clone for Stubber {
    fn clone(&self) -> Self {
        self.inner.handles.fetch_add(1, Ordering::SeqCst);
        Stubber {
            inner: self.inner.clone(),
        }
    }
}

impl fmt::Debug for Stubber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.inner.lock();
        f.debug_struct("Stubber")
            .field("mode", &state.mode)
            .field(
                "queue",
                &state.queue.iter().map(Entry::describe).collect::<Vec<_>>(),
            )
            .field("calls", &state.calls.len())
            .field("failures", &state.failures.len())
            .finish()
    }
}

impl Stubber {
    /// A strict stubber: each call must take the next queued entry.
    pub fn new() -> Self {
        Self::with_mode(Mode::Strict)
    }

    /// An unordered stubber (see [`Mode::Unordered`]).
    pub fn unordered() -> Self {
        Self::with_mode(Mode::Unordered)
    }

    /// A stubber in the given mode.
    pub fn with_mode(mode: Mode) -> Self {
        Stubber {
            inner: Arc::new(Inner {
                state: Mutex::new(State {
                    mode,
                    queue: VecDeque::new(),
                    queued_total: 0,
                    consumed: 0,
                    calls: Vec::new(),
                    failures: Vec::new(),
                    excused: Vec::new(),
                    input_types: HashMap::new(),
                    verify_on_drop: true,
                    panic_on_failure: false,
                    endpoint: None,
                    region: aws_types::region::Region::from_static("us-east-1"),
                    recording: None,
                    panicked: false,
                }),
                handles: AtomicUsize::new(1),
            }),
        }
    }

    /// The mode calls pick entries in.
    pub fn mode(&self) -> Mode {
        self.inner.lock().mode
    }

    /// Whether dropping the last handle verifies the stubber (on by default).
    pub fn verify_on_drop(&self, verify: bool) {
        self.inner.lock().verify_on_drop = verify;
    }

    /// Makes a failed call (wrong operation, unexpected input, nothing queued) panic inside
    /// the SDK call, the closest thing to botocore raising from the call: the test stops in
    /// the `send().await` that failed (its backtrace names the line) and the panic message is
    /// the full failure message. Off by default: the call returns an `SdkError` whose source
    /// chain holds a [`StubError`]. Either way the failure is remembered and verification
    /// reports it, even if the code under test catches the panic or runs the call in a task.
    pub fn panic_on_failure(&self, panic: bool) {
        self.inner.lock().panic_on_failure = panic;
    }

    /// The HTTP client to install on an SDK config builder. It answers from the queue and
    /// never opens a network connection. [`client!`](crate::client) installs it for you.
    pub fn http_client(&self) -> StubHttpClient {
        StubHttpClient::new(self.inner.clone())
    }

    /// The interceptor to install beside [`Stubber::http_client`]: it tells the stubber
    /// which operation is called, with what input.
    pub fn interceptor(&self) -> StubInterceptor {
        StubInterceptor::new(self.inner.clone())
    }

    #[track_caller]
    pub(crate) fn push<I, B, K>(
        &self,
        op: OpKey,
        response: Response,
    ) -> QueuedResponse<'_, I, B, K> {
        self.push_run(op, vec![(response, None)])
    }

    /// Queues consecutive entries for one operation under one lock; options chained on the
    /// returned value apply to each.
    #[track_caller]
    pub(crate) fn push_run<I, B, K>(
        &self,
        op: OpKey,
        run: Vec<(Response, Option<crate::pages::PageCheck>)>,
    ) -> QueuedResponse<'_, I, B, K> {
        let location = Location::caller();
        let mut state = self.inner.lock();
        if let OpKey::Typed {
            type_id,
            checker,
            cloner,
            ..
        } = &op
        {
            state.input_types.insert(*type_id, (*checker, *cloner));
        }
        let number = state.queued_total + 1;
        let count = run.len();
        for (response, page) in run {
            state.queued_total += 1;
            let entry = Entry {
                number: state.queued_total,
                op: op.clone(),
                input: None,
                http: None,
                response,
                delay: None,
                label: None,
                page,
                location,
                uses_left: 1,
                times: 1,
                sealed: false,
            };
            state.queue.push_back(entry);
        }
        QueuedResponse {
            stubber: self,
            number,
            count,
            build: None,
            _types: PhantomData,
        }
    }

    #[track_caller]
    fn push_op<Op: IntoOperation + TypedHint, K>(
        &self,
        op: Op,
        response: Response,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder, K> {
        let build = op.build_fn();
        let mut queued = self.push(op.into_key(), response);
        queued.build = build;
        queued
    }

    /// Queues fully built entries under one lock (fixture files).
    #[track_caller]
    pub(crate) fn push_all(&self, entries: Vec<QueuedEntry>) {
        let location = Location::caller();
        let mut state = self.inner.lock();
        state.queue.reserve(entries.len());
        for e in entries {
            state.queued_total += 1;
            let number = state.queued_total;
            state.queue.push_back(Entry {
                number,
                op: e.op,
                input: None,
                http: e.http,
                response: e.response,
                delay: None,
                label: e.label,
                page: None,
                location,
                uses_left: 1,
                times: 1,
                sealed: true,
            });
        }
    }

    /// Queues a typed output for the next call of `op` (botocore's `add_response`).
    ///
    /// The request is built and checked as in production, up to the wire; the output is then
    /// handed to the code under test as it is, without going through the SDK's
    /// deserializer.
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
        let mut queued = self.push(op.key(), (op.queue_output)(output));
        queued.build = Some(op.build);
        queued
    }

    /// Queues the pages of a paginated call, one entry each, and checks what paginating code
    /// most often gets wrong: the first request carries no page token; the request for page
    /// k+1 carries exactly the token(s) page k returned (every style: `NextToken`, S3's
    /// `ContinuationToken`, `Marker` in IAM, RDS and S3, Route 53's `StartRecordName` /
    /// `StartRecordType` / `StartRecordIdentifier`); no other input field changes after
    /// page 1; and the code stops at the last page (which must return no token: a call after
    /// it is unexpected, and pages never asked for are reported as unused). A mistake fails
    /// with the page number and the token that was expected. Works with the SDK's
    /// paginators (`into_paginator()`) and with hand-written loops. Expectations chained on
    /// the returned value apply to every page.
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
    /// If there is no page, the operation has no page token, or the last page returns one.
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
        let default_input = crate::queued::partial_tree(op.build, |b| b, false);
        let checks = match crate::pages::plan(&outputs, &default_input) {
            Ok(checks) => checks,
            Err(why) => panic!("aws-stubber: add_pages for {}: {why}", op.name()),
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

    /// Queues a typed output computed from each call's typed input (aws-smithy-mocks'
    /// `then_compute_output`, aws-sdk-client-mock's `callsFake`). The entry keeps its place
    /// in the strict queue like any other; with [`QueuedResponse::times`] it computes an
    /// output for each of the calls it answers. The input must be `Clone` (every input
    /// without a streaming body is), so the stubber can keep it typed.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::head_object::HeadObjectOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_computed_response(op!(aws_sdk_s3::Client::head_object), |input| {
    ///         let key = input.key().unwrap_or_default();
    ///         HeadObjectOutput::builder().content_length(key.len() as i64).build()
    ///     })
    ///     .times(2);
    /// let out = s3.head_object().bucket("b").key("abc").send().await.unwrap();
    /// assert_eq!(out.content_length(), Some(3));
    /// let out = s3.head_object().bucket("b").key("abcdef").send().await.unwrap();
    /// assert_eq!(out.content_length(), Some(6));
    /// # });
    /// ```
    #[track_caller]
    pub fn add_computed_response<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
        compute: impl Fn(&I) -> O + Send + Sync + 'static,
    ) -> QueuedResponse<'_, I, B>
    where
        I: fmt::Debug + Clone + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let compute: crate::response::Compute = Arc::new(move |input| {
            let input = input
                .downcast_ref::<I>()
                .expect("a call's typed input is of its operation's input type");
            Output::erase(compute(input))
        });
        let op = Operation {
            cloner: Some(crate::operation::clone_input::<I>),
            ..op
        };
        let response = Response::Computed {
            compute,
            type_name: crate::response::short_type_name::<O>(),
        };
        let mut queued = self.push(op.key(), response);
        queued.build = Some(op.build);
        queued
    }

    /// Queues a typed modeled error, such as `GetObjectError::NoSuchKey(..)`, answered with
    /// HTTP status 400 unless [`QueuedResponse::http_status`] says otherwise. The SDK sees
    /// the protocol's error response for the error's code, then the error is handed to the
    /// code under test exactly as built.
    #[track_caller]
    pub fn add_error<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
        error: E,
    ) -> QueuedResponse<'_, I, B, entry::Error>
    where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + ProvideErrorMetadata + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let code = error.code().map(str::to_string).or_else(|| {
            // Hand-built variants often carry no metadata: use the variant's name.
            let debug = format!("{error:?}");
            let name: String = debug
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty() && name != "Unhandled").then_some(name)
        });
        let message = error.message().map(str::to_string);
        let mut queued = self.push(
            op.key(),
            Response::ModeledError {
                error: Error::erase(error),
                code,
                message,
                status: 400,
            },
        );
        queued.build = Some(op.build);
        queued
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
    ) -> QueuedResponse<'_, Op::Input, Op::Builder, entry::Error> {
        self.add_client_error_with(op, ClientError::new(code).message(message))
    }

    /// Queues a service error with extra fields, headers or request id (see
    /// [`ClientError`]).
    #[track_caller]
    pub fn add_client_error_with<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        error: ClientError,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder, entry::Error> {
        self.push_op(op, Response::Client(error))
    }

    /// Queues a raw HTTP response; it goes through the SDK's real deserializer.
    #[track_caller]
    pub fn add_http_response<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        response: RawResponse,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder> {
        self.push_op(op, Response::Http(response))
    }

    /// Queues a transport fault (timeout, refused or reset connection).
    #[track_caller]
    pub fn add_fault<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        fault: Fault,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder> {
        self.push_op(op, Response::Fault(fault))
    }

    /// How many entries are still queued.
    pub fn pending(&self) -> usize {
        self.inner.lock().queue.len()
    }

    /// Descriptions of the entries still queued, in order.
    pub fn pending_descriptions(&self) -> Vec<String> {
        self.inner
            .lock()
            .queue
            .iter()
            .map(Entry::describe)
            .collect()
    }

    /// Every call made so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().calls.clone()
    }

    /// Removes and returns the failures recorded so far. Entries the failed calls left
    /// queued still count as unused; [`Stubber::take_expected_failures`] is the one call for
    /// a test that provokes failures on purpose.
    pub fn take_failures(&self) -> Vec<StubError> {
        std::mem::take(&mut self.inner.lock().failures)
    }

    /// For a test that provokes failures on purpose: takes the failures recorded so far and
    /// panics, pointing at the caller's line, unless their kinds are `kinds`, in order. The
    /// entries those calls were checked against (and left queued) are no longer reported as
    /// unused, so verification at the end still checks every other entry. Returns the
    /// failures, to check their messages.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
    /// use aws_stubber::{client, op, StubErrorKind, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_objects_v2), ListObjectsV2Output::builder().build())
    ///     .expect_input(|i| i.bucket("logs"));
    ///
    /// assert!(s3.list_objects_v2().bucket("typo").send().await.is_err());
    /// let failures = stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
    /// assert!(failures[0].message().contains("bucket"));
    /// # });
    /// ```
    #[track_caller]
    pub fn take_expected_failures(&self, kinds: &[StubErrorKind]) -> Vec<StubError> {
        let mut state = self.inner.lock();
        let failures = std::mem::take(&mut state.failures);
        let got: Vec<StubErrorKind> = failures.iter().map(StubError::kind).collect();
        if got != kinds {
            drop(state);
            let listed: String = failures
                .iter()
                .enumerate()
                .map(|(i, f)| format!("{}. {:?}: {}\n", i + 1, f.kind(), f.message()))
                .collect();
            panic!(
                "aws-stubber: expected failures of kinds {kinds:?}, but the calls failed with {got:?}\n{}",
                if listed.is_empty() {
                    "No stubbed call failed.".to_string()
                } else {
                    listed.trim_end().to_string()
                }
            );
        }
        let left: Vec<usize> = failures.iter().filter_map(StubError::entry).collect();
        state.excused.extend(left);
        failures
    }

    /// Checks that every queued entry was used and that no call failed; the error message
    /// lists what is left and every failure.
    pub fn verify(&self) -> Result<(), StubError> {
        let state = self.inner.lock();
        match verification_message(&state) {
            None => Ok(()),
            Some(message) => Err(StubError::new(StubErrorKind::Misuse, message)),
        }
    }

    /// Panics unless every queued entry was used and no call failed (botocore's
    /// `assert_no_pending_responses`, which also reports failures the code under test may
    /// have swallowed). The panic points at the caller's line.
    #[track_caller]
    pub fn assert_no_pending_responses(&self) {
        let message = verification_message(&self.inner.lock());
        if let Some(message) = message {
            panic!("{message}");
        }
    }
}

pub(crate) fn verification_message(state: &State) -> Option<String> {
    let mut parts = Vec::new();
    if !state.failures.is_empty() {
        let mut s = format!(
            "aws-stubber: {} stubbed call(s) failed during the test (the code under test may have swallowed the error):\n",
            state.failures.len()
        );
        for (i, f) in state.failures.iter().enumerate() {
            s.push_str(&format!("{}. {}\n", i + 1, f.message()));
        }
        parts.push(s);
    }
    let pending: Vec<&Entry> = state
        .queue
        .iter()
        .filter(|e| !state.excused.contains(&e.number))
        .collect();
    if !pending.is_empty() {
        let mut s = format!(
            "aws-stubber: {} response(s) remaining in queue ({} of {} used):\n",
            pending.len(),
            state.consumed,
            state.queued_total
        );
        for e in pending {
            s.push_str(&format!("    {}\n", e.describe()));
        }
        parts.push(s);
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n").trim_end().to_string())
    }
}

impl Drop for Stubber {
    fn drop(&mut self) {
        let panicking = std::thread::panicking();
        if self.inner.handles.fetch_sub(1, Ordering::SeqCst) != 1 {
            if panicking {
                self.inner.lock().panicked = true;
            }
            return;
        }
        let recorder = self.inner.lock().recording.clone();
        if let Some(recorder) = recorder {
            let outcome = {
                let state = self.inner.lock();
                crate::recorder::Outcome {
                    finished: false,
                    panicked: state.panicked || panicking,
                    failed: !state.failures.is_empty(),
                }
            };
            if let Err(err) = recorder.end(outcome) {
                if panicking {
                    eprintln!("{err}");
                } else {
                    panic!("{err}");
                }
            }
        }
        let message = {
            let state = self.inner.lock();
            if !state.verify_on_drop {
                return;
            }
            verification_message(&state)
        };
        if let Some(message) = message {
            if panicking {
                // A second panic would abort the whole test binary; the test already fails.
                eprintln!("{message}\n(reported while the thread was already panicking)");
            } else {
                panic!("{message}\n(reported when the Stubber was dropped; call assert_no_pending_responses() to check earlier, or verify_on_drop(false) to opt out)");
            }
        }
    }
}
