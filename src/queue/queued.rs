//! A queue entry being set up: the value `add_*` returns, and the expectations and options
//! chained on it.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::compare::http::HttpExpectation;
use crate::message::PREFIX;
use crate::operation::BuildFn;
use crate::queue::entry::{self, EntryHandle};
use crate::queue::slot::{Entry, FOREVER};
use crate::queue::state::{Inner, Mode};
use crate::respond::{Response, check_status};

/// The types a [`QueuedResponse`] is for, without owning any of them.
type Types<I, B, K> = fn() -> (I, B, K);

/// A queued entry, returned by the `add_*` methods to add expectations and options to it.
///
/// The entry holds its place in the queue from the start, and calls can take it once this
/// value is dropped: at the end of the statement that queued it, usually. So a call never
/// takes an entry before the expectations chained on it are attached. Keep it in a variable
/// while the code under test runs, and the call fails, saying so.
pub struct QueuedResponse<'a, I, B, K = entry::AnyAnswer> {
    pub(crate) inner: &'a Arc<Inner>,
    /// The first of the `count` consecutive entries this value sets up.
    pub(crate) number: usize,
    pub(crate) count: usize,
    pub(crate) build: Option<BuildFn<B, I>>,
    pub(crate) _types: PhantomData<Types<I, B, K>>,
}

impl<I, B, K> fmt::Debug for QueuedResponse<'_, I, B, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QueuedResponse(#{})", self.number)
    }
}

impl<I, B, K> Drop for QueuedResponse<'_, I, B, K> {
    fn drop(&mut self) {
        seal(self.inner, self.number, self.count);
    }
}

/// Seals the entries a `QueuedResponse` stands for: compiled once, not once per operation.
fn seal(inner: &Inner, number: usize, count: usize) {
    inner.lock().seal(number..number + count);
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
                "{PREFIX}queue entry #{} was already used by a call; set its expectations \
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
            "{PREFIX}times(0) queues an entry no call may take; remove the entry instead"
        );
        self.answer_calls(n, &format!("{n} calls"))
    }

    /// Lets the entry answer `n` calls (`what` says how many, for messages).
    #[track_caller]
    fn answer_calls(self, n: usize, what: &str) -> Self {
        assert!(
            self.count == 1,
            "{PREFIX}times and repeatedly apply to a single entry; each page of add_pages \
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
                "{PREFIX}queue entry #{} ({summary}) cannot answer {what}: {why}",
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
                "{PREFIX}repeatedly() on queue entry #{} of a strict stubber: each call \
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
        EntryHandle::new(Arc::clone(self.inner), self.number, self.count)
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

    /// Lets this entry answer a request that breaks the AWS service models' constraints
    /// (every other entry fails such a call). An entry that answers with the service's
    /// validation error (`add_client_error(op, "ValidationError", ...)`) takes one without
    /// it; this is for the rest: a model stricter than the service, or an answer of another
    /// kind that the test means to give to a request AWS would refuse.
    ///
    /// ```
    /// # #[cfg(feature = "iam")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_iam::operation::create_user::CreateUserOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let iam = client!(aws_sdk_iam, &stubber);
    /// stubber
    ///     .add_response(op!(aws_sdk_iam::Client::create_user), CreateUserOutput::builder().build())
    ///     .accept_invalid_request();
    /// // A name longer than IAM's 64 characters.
    /// iam.create_user().user_name("u".repeat(65)).send().await.unwrap();
    /// stubber.assert_no_pending_responses();
    /// # });
    /// ```
    #[track_caller]
    pub fn accept_invalid_request(self) -> Self {
        self.edit(|e| e.accepts_invalid = true);
        self
    }

    /// Lets this entry go unused: it answers a call the code makes only on some paths (a
    /// cleanup after a failure, a retry of its own), and verification does not report it
    /// when no call took it. In a strict stubber a call skips optional entries before its
    /// own, in order; in a failure sweep the runs that reach the call answer it and sweep it
    /// in turn, and the written run leaves it.
    ///
    /// ```
    /// # #[cfg(feature = "ec2")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_ec2::operation::terminate_instances::TerminateInstancesOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let ec2 = client!(aws_sdk_ec2, &stubber);
    /// stubber
    ///     .add_response(op!(aws_sdk_ec2::Client::terminate_instances), TerminateInstancesOutput::builder().build())
    ///     .optional();
    /// // The code made no call that needed the cleanup: the entry is not reported.
    /// stubber.assert_no_pending_responses();
    /// # let _ = ec2;
    /// # });
    /// ```
    #[track_caller]
    pub fn optional(self) -> Self {
        self.edit(|e| e.optional = true);
        self
    }
}

impl<I, B> QueuedResponse<'_, I, B, entry::ErrorAnswer> {
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
            _ => unreachable!("entries typed entry::ErrorAnswer hold an error"),
        });
        self
    }
}
