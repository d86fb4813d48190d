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
use crate::debug_tree::Node;
use crate::error::{StubError, StubErrorKind};
use crate::expect::{HttpExpectation, InputExpectation};
use crate::history::Call;
use crate::interceptor::StubInterceptor;
use crate::operation::{BuildFn, Checker, Cloner, IntoOperation, OpKey, Operation};
use crate::response::{check_status, ClientError, Fault, RawResponse, Response};

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
    /// Input types the queue has named: how to recognise them, and how to keep a copy.
    pub(crate) input_types: HashMap<TypeId, (Checker, Option<Cloner>)>,
    pub(crate) verify_on_drop: bool,
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
    pub(crate) location: &'static Location<'static>,
    /// False while the [`QueuedResponse`] that `add_*` returned is alive: a call never takes
    /// an entry before the expectations chained on it are attached.
    pub(crate) sealed: bool,
}

impl Entry {
    pub(crate) fn describe(&self) -> String {
        let label = match &self.label {
            Some(l) => format!(" {l:?}"),
            None => String::new(),
        };
        format!(
            "#{} {}{label} -> {} (queued at {})",
            self.number,
            self.op.display(),
            self.response.summary(),
            self.location
        )
    }

    pub(crate) fn header(&self) -> String {
        let label = match &self.label {
            Some(l) => format!(" {l:?}"),
            None => String::new(),
        };
        format!(
            "queue entry #{} {}{label} (queued at {})",
            self.number,
            self.op.display(),
            self.location
        )
    }
}

impl Inner {
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
                    input_types: HashMap::new(),
                    verify_on_drop: true,
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
    pub(crate) fn push<I, B>(&self, op: OpKey, response: Response) -> QueuedResponse<'_, I, B> {
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
        state.queued_total += 1;
        let number = state.queued_total;
        state.queue.push_back(Entry {
            number,
            op,
            input: None,
            http: None,
            response,
            delay: None,
            label: None,
            location,
            sealed: false,
        });
        QueuedResponse {
            stubber: self,
            number,
            build: None,
            _types: PhantomData,
        }
    }

    #[track_caller]
    fn push_op<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        response: Response,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder> {
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
                location,
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
        let mut queued = self.push(op.key(), Response::Output(Output::erase(output)));
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
    ) -> QueuedResponse<'_, I, B>
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

    /// Queues a service error by code, message and HTTP status (botocore's
    /// `add_client_error`). The stubber writes the error response the service's protocol
    /// really sends, and the SDK's deserializer turns it into the modeled error.
    #[track_caller]
    pub fn add_client_error<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        code: impl Into<String>,
        message: impl Into<String>,
        status: u16,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder> {
        check_status(status);
        self.add_client_error_with(op, ClientError::new(code).message(message).status(status))
    }

    /// Queues a service error with extra fields, headers or request id (see
    /// [`ClientError`]).
    #[track_caller]
    pub fn add_client_error_with<Op: IntoOperation + TypedHint>(
        &self,
        op: Op,
        error: ClientError,
    ) -> QueuedResponse<'_, Op::Input, Op::Builder> {
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

    /// Removes and returns the failures recorded so far, for tests that provoke a failure
    /// on purpose and check it.
    pub fn take_failures(&self) -> Vec<StubError> {
        std::mem::take(&mut self.inner.lock().failures)
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

    /// The typed inputs of every call to `op` so far, in order.
    pub fn inputs<I, O, E, B>(&self, op: Operation<I, O, E, B>) -> Vec<I>
    where
        I: fmt::Debug + Clone + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let _ = op;
        self.inner
            .lock()
            .calls
            .iter()
            .filter_map(|c| c.input::<I>().cloned())
            .collect()
    }

    /// Panics unless `op` was called exactly `times` times
    /// (`toHaveReceivedCommandTimes`).
    #[track_caller]
    pub fn assert_called_times<Op: IntoOperation>(&self, op: Op, times: usize) {
        let key = op.into_key();
        let calls = self.calls_to(&key);
        if calls.len() != times {
            panic!(
                "aws-stubber: expected {times} call(s) to {}, but there were {}.\n{}",
                key.display(),
                calls.len(),
                self.call_list()
            );
        }
    }

    /// Panics unless some call to `op` has an input matching the fields that `expect` sets
    /// (`toHaveReceivedCommandWith`).
    #[track_caller]
    pub fn assert_called_with<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
        expect: impl FnOnce(B) -> B,
    ) where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let expected = partial_tree(op.build, expect, false);
        let key = op.key();
        let calls = self.calls_to(&key);
        if calls
            .iter()
            .any(|c| expected.matches(&Node::parse(&c.input_debug), true))
        {
            return;
        }
        let closest = match calls.last() {
            Some(c) => {
                let (e, a) = expected.project(&Node::parse(&c.input_debug));
                format!(
                    "The last call (#{}) differs:\n{}",
                    c.index,
                    crate::diff::lines(&e.pretty(), &a.pretty())
                )
            }
            None => self.call_list(),
        };
        panic!(
            "aws-stubber: no call to {} had the expected input ({} call(s) to it).\n{closest}",
            key.display(),
            calls.len()
        );
    }

    /// Panics unless the `nth` (1-based) call to `op` has an input matching the fields that
    /// `expect` sets (`toHaveReceivedNthCommandWith`).
    #[track_caller]
    pub fn assert_nth_called_with<I, O, E, B>(
        &self,
        op: Operation<I, O, E, B>,
        nth: usize,
        expect: impl FnOnce(B) -> B,
    ) where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        let expected = partial_tree(op.build, expect, false);
        let key = op.key();
        let calls = self.calls_to(&key);
        let Some(call) = nth.checked_sub(1).and_then(|i| calls.get(i)) else {
            panic!(
                "aws-stubber: expected a call #{nth} to {}, but there were {} call(s) to it.\n{}",
                key.display(),
                calls.len(),
                self.call_list()
            );
        };
        let actual = Node::parse(&call.input_debug);
        if !expected.matches(&actual, true) {
            let (e, a) = expected.project(&actual);
            panic!(
                "aws-stubber: call {nth} to {} (call #{} overall) had a different input:\n{}",
                key.display(),
                call.index,
                crate::diff::lines(&e.pretty(), &a.pretty())
            );
        }
    }

    fn calls_to(&self, key: &OpKey) -> Vec<Call> {
        self.inner
            .lock()
            .calls
            .iter()
            .filter(|c| call_is(key, c))
            .cloned()
            .collect()
    }

    fn call_list(&self) -> String {
        let state = self.inner.lock();
        if state.calls.is_empty() {
            return "No calls were made.".to_string();
        }
        let mut out = String::from("Calls made:\n");
        for c in &state.calls {
            out.push_str(&format!("    #{} {} {}\n", c.index, c.service, c.operation));
        }
        out
    }
}

fn call_is(key: &OpKey, call: &Call) -> bool {
    match key {
        OpKey::Typed { type_id, .. } => match &call.input {
            Some(input) => (**input).type_id() == *type_id,
            None => key.operation_name().eq_ignore_ascii_case(&call.operation),
        },
        OpKey::Named(_) => key.matches(&crate::operation::CallId {
            service: call.service.clone(),
            operation: call.operation.clone(),
            input_type: None,
        }),
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
    if !state.queue.is_empty() {
        let mut s = format!(
            "aws-stubber: {} response(s) remaining in queue ({} of {} used):\n",
            state.queue.len(),
            state.consumed,
            state.queued_total
        );
        for e in &state.queue {
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

/// A queued entry, returned by the `add_*` methods to add expectations and options to it.
///
/// The entry holds its place in the queue from the start, and calls can take it once this
/// value is dropped: at the end of the statement that queued it, usually. So a call never
/// takes an entry before the expectations chained on it are attached. Keep it in a variable
/// while the code under test runs, and the call fails, saying so.
pub struct QueuedResponse<'a, I, B> {
    stubber: &'a Stubber,
    number: usize,
    build: Option<BuildFn<B, I>>,
    _types: PhantomData<fn() -> (I, B)>,
}

impl<I, B> fmt::Debug for QueuedResponse<'_, I, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QueuedResponse(#{})", self.number)
    }
}

impl<I, B> Drop for QueuedResponse<'_, I, B> {
    fn drop(&mut self) {
        let mut state = self.stubber.inner.lock();
        if let Some(entry) = state
            .queue
            .iter_mut()
            .rev()
            .find(|e| e.number == self.number)
        {
            entry.sealed = true;
        }
    }
}

impl<I, B> QueuedResponse<'_, I, B> {
    #[track_caller]
    pub(crate) fn edit(&self, f: impl FnOnce(&mut Entry)) {
        let mut state = self.stubber.inner.lock();
        // New entries are at the back: search from there.
        match state
            .queue
            .iter_mut()
            .rev()
            .find(|e| e.number == self.number)
        {
            Some(entry) => f(entry),
            None => {
                drop(state);
                panic!(
                    "aws-stubber: queue entry #{} was already used by a call; set its expectations \
                     before the code under test runs",
                    self.number
                )
            }
        }
    }

    /// Expectations on the HTTP request the call sends (method, path, query, headers,
    /// body).
    #[track_caller]
    pub fn expect_http(self, f: impl FnOnce(HttpExpectation) -> HttpExpectation) -> Self {
        let expectation = f(HttpExpectation::new());
        self.edit(|e| e.http = Some(expectation));
        self
    }

    /// Waits this long before answering (the SDK's timeouts apply). The wait uses tokio's
    /// clock, so a test with paused time does not wait for real.
    #[track_caller]
    pub fn delay(self, delay: Duration) -> Self {
        self.edit(|e| e.delay = Some(delay));
        self
    }

    /// A label shown in failure messages beside the entry's number.
    #[track_caller]
    pub fn named(self, label: impl Into<String>) -> Self {
        let label = label.into();
        self.edit(|e| e.label = Some(label));
        self
    }

    /// The HTTP status of a modeled error queued with [`Stubber::add_error`].
    ///
    /// # Panics
    /// If the entry is not a modeled error, or `status` is not an HTTP status code.
    #[track_caller]
    pub fn http_status(self, status: u16) -> Self {
        check_status(status);
        let mut misuse = false;
        self.edit(|e| match &mut e.response {
            Response::ModeledError { status: s, .. } => *s = status,
            _ => misuse = true,
        });
        assert!(
            !misuse,
            "aws-stubber: http_status applies to errors queued with add_error; \
             give a client error its status in add_client_error, a raw response in RawResponse::new"
        );
        self
    }
}

impl<I, B> QueuedResponse<'_, I, B>
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
        let tree = partial_tree(self.build_fn(), expect, true);
        self.edit(|e| e.input = Some(InputExpectation::partial(tree)));
        self
    }

    /// Expects exactly this input (compared with `==`; when it contains `ANY`, compared
    /// field by field with `ANY` matching any present value).
    #[track_caller]
    pub fn expect_input_eq(self, input: I) -> Self
    where
        I: PartialEq,
    {
        let expectation = InputExpectation::exact(input);
        self.edit(|e| e.input = Some(expectation));
        self
    }

    /// Expects an input for which the predicate returns true (for inputs that are `Clone`:
    /// the stubber keeps a copy of each call's input to run it on).
    #[track_caller]
    pub fn expect_input_matches(
        self,
        predicate: impl Fn(&I) -> bool + Send + Sync + 'static,
    ) -> Self
    where
        I: Clone,
    {
        let expectation = InputExpectation::predicate(predicate);
        self.edit(|e| e.input = Some(expectation));
        self
    }
}
