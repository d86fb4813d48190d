//! The `Stubber`: its handles, its settings, and the verification of what happened to its
//! queue (entries are queued in `add.rs`).

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::error::{StubError, StubErrorKind};
use crate::history::Call;
use crate::message::PREFIX;
use crate::queue::state::{Inner, Mode, verification_message};

/// A first-in-first-out queue of expected calls and their responses, plugged into SDK
/// clients as their HTTP client and interceptor (see [`client!`](crate::client)).
///
/// Cloning gives another handle to the same queue. When the last handle is dropped the
/// stubber verifies that every entry was used and that no call failed (see
/// [`Stubber::assert_no_pending_responses`]); [`Stubber::verify_on_drop`] turns that off.
pub struct Stubber {
    pub(crate) inner: Arc<Inner>,
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
                &state.queue.iter().map(|e| e.describe()).collect::<Vec<_>>(),
            )
            .field("calls", &state.calls.len())
            .field("failures", &state.failures.len())
            .finish()
    }
}

impl Stubber {
    /// A strict stubber: each call must take the next queued entry.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build());
    /// s3.list_buckets().send().await.unwrap();
    /// # });
    /// ```
    #[track_caller]
    pub fn new() -> Self {
        Self::with_mode(Mode::Strict)
    }

    /// An unordered stubber, for code that makes calls concurrently: a call takes the first
    /// queued entry whose operation and expectations match. Extra calls and leftover entries
    /// still fail.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::{head_bucket::HeadBucketOutput, list_buckets::ListBucketsOutput};
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::unordered();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build());
    /// stubber.add_response(op!(aws_sdk_s3::Client::head_bucket), HeadBucketOutput::builder().build());
    /// // In another order than queued:
    /// s3.head_bucket().bucket("b").send().await.unwrap();
    /// s3.list_buckets().send().await.unwrap();
    /// # });
    /// ```
    #[track_caller]
    pub fn unordered() -> Self {
        Self::with_mode(Mode::Unordered)
    }

    #[track_caller]
    pub(crate) fn with_mode(mode: Mode) -> Self {
        Stubber {
            inner: Arc::new(Inner::new(mode)),
        }
    }

    /// Whether dropping the last handle verifies the stubber (on by default).
    ///
    /// ```
    /// use aws_stubber::Stubber;
    ///
    /// let stubber = Stubber::new();
    /// stubber.add_fault(("S3", "ListBuckets"), aws_stubber::Fault::Timeout);
    /// stubber.verify_on_drop(false); // the entry is left unused on purpose
    /// ```
    pub fn verify_on_drop(&self, verify: bool) {
        self.inner.lock().verify_on_drop = verify;
    }

    /// Makes a failed call (wrong operation, unexpected input, nothing queued) panic inside
    /// the SDK call, the closest thing to botocore raising from the call: the test stops in
    /// the `send().await` that failed (its backtrace names the line) and the panic message is
    /// the full failure message. Off by default: the call returns an `SdkError` whose source
    /// chain holds a [`StubError`]. Either way the failure is remembered and verification
    /// reports it, even if the code under test catches the panic or runs the call in a task.
    ///
    /// ```
    /// let stubber = aws_stubber::Stubber::new();
    /// stubber.panic_on_failure(true);
    /// ```
    pub fn panic_on_failure(&self, panic: bool) {
        self.inner.lock().panic_on_failure = panic;
    }

    /// How many entries are still queued.
    ///
    /// ```
    /// let stubber = aws_stubber::Stubber::new();
    /// stubber.add_fault(("S3", "ListBuckets"), aws_stubber::Fault::Timeout);
    /// assert_eq!(stubber.pending(), 1);
    /// # stubber.verify_on_drop(false);
    /// ```
    pub fn pending(&self) -> usize {
        self.inner.lock().queue.len()
    }

    /// Descriptions of the entries still queued, in order.
    ///
    /// ```
    /// let stubber = aws_stubber::Stubber::new();
    /// stubber.add_fault(("S3", "ListBuckets"), aws_stubber::Fault::Timeout).named("first");
    /// assert!(stubber.pending_descriptions()[0].starts_with("#1 S3 ListBuckets \"first\" -> fault: timeout"));
    /// # stubber.verify_on_drop(false);
    /// ```
    pub fn pending_descriptions(&self) -> Vec<String> {
        self.inner
            .lock()
            .queue
            .iter()
            .map(|e| e.describe())
            .collect()
    }

    /// Every call made so far, in order.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build());
    /// s3.list_buckets().send().await.unwrap();
    /// let calls = stubber.calls();
    /// assert_eq!(calls[0].operation(), "ListBuckets");
    /// assert_eq!(calls[0].requests()[0].method, "GET");
    /// # });
    /// ```
    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().calls.clone()
    }

    /// Removes and returns the failures recorded so far. Entries the failed calls left
    /// queued still count as unused; [`Stubber::take_expected_failures`] is the one call for
    /// a test that provokes failures on purpose.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// assert!(s3.list_buckets().send().await.is_err()); // nothing was queued
    /// assert_eq!(stubber.take_failures().len(), 1);
    /// # });
    /// ```
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
                "{PREFIX}expected failures of kinds {kinds:?}, but the calls failed with {got:?}\n{}",
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
    ///
    /// ```
    /// let stubber = aws_stubber::Stubber::new();
    /// stubber.add_fault(("S3", "ListBuckets"), aws_stubber::Fault::Timeout);
    /// let err = stubber.verify().unwrap_err();
    /// assert!(err.message().starts_with("aws-stubber: 1 response(s) remaining in queue (0 of 1 used)"));
    /// # stubber.verify_on_drop(false);
    /// ```
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
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build());
    /// s3.list_buckets().send().await.unwrap();
    /// stubber.assert_no_pending_responses();
    /// # });
    /// ```
    #[track_caller]
    pub fn assert_no_pending_responses(&self) {
        let message = verification_message(&self.inner.lock());
        if let Some(message) = message {
            panic!("{message}");
        }
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
        {
            let state = self.inner.lock();
            if let Some((plan, _)) = &state.sweep {
                plan.note_left(state.unused().len());
            }
        }
        let recorder = self.inner.lock().recording.clone();
        if let Some(recorder) = recorder {
            let outcome = {
                let state = self.inner.lock();
                crate::queue::recorder::Outcome {
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
            let why = if panicking {
                crate::queue::state::SWALLOWED
            } else {
                crate::queue::state::NOT_PANICKED
            };
            crate::queue::state::verification(&state, panicking, why)
        };
        if let Some(message) = message {
            if panicking {
                // A second panic would abort the whole test binary; the test already fails.
                eprintln!("{message}\n(reported while the thread was already panicking)");
            } else {
                panic!(
                    "{message}\n(reported when the Stubber made at {} was dropped; call assert_no_pending_responses() to check earlier, or verify_on_drop(false) to opt out)",
                    self.inner.made_at
                );
            }
        }
    }
}
