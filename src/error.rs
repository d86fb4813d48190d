//! The error a stubbed call fails with.

use std::any::Any;
use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Why a stubbed call failed. The SDK call returns an `SdkError` whose source chain holds this
/// error; the stubber also keeps a copy so that verification fails the test even when the code
/// under test swallowed the error.
///
/// Find it in an SDK error with [`StubError::find`].
///
/// Its `Debug` output holds the message as it is, line breaks and all, so that the diff reads
/// the same in what `.unwrap()`, `.expect()` and a test returning `Result` print (they show the
/// `SdkError`'s `Debug`, which includes this one) as in `Display`.
#[derive(Clone)]
pub struct StubError {
    kind: StubErrorKind,
    message: String,
    /// The number of the queue entry the failed call was checked against, which stays queued.
    entry: Option<usize>,
    /// Whether the message was printed (its `Debug` or `Display` ran, as an `unwrap()` of the
    /// SDK's error does), shared with the stubber's copy: a test that panics with it is not
    /// told it again when the stubber drops.
    seen: Arc<AtomicBool>,
}

impl PartialEq for StubError {
    fn eq(&self, other: &Self) -> bool {
        (self.kind, &self.message, self.entry) == (other.kind, &other.message, other.entry)
    }
}

impl Eq for StubError {}

/// The kind of a [`StubError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StubErrorKind {
    /// The call's operation is not the one the next queue entry expects.
    OperationMismatch,
    /// The call's input does not meet the entry's input expectation.
    InputMismatch,
    /// The call's HTTP request does not meet the entry's HTTP expectation.
    RequestMismatch,
    /// A call was made with nothing queued for it.
    UnexpectedCall,
    /// The call's request breaks a constraint of the AWS service models (a required member
    /// left out, a value too long, out of range, off its pattern or not one of its enum's
    /// values): the service would refuse it.
    InvalidRequest,
    /// The call is one the policy the code runs under does not allow
    /// ([`Stubber::run_under`](crate::Stubber::run_under)): it was answered with the
    /// service's access-denied error.
    NotAuthorized,
    /// The stubber was used in a way it cannot serve (a request without the interceptor, a
    /// response that cannot be written for the service's protocol, ...).
    Misuse,
}

impl StubError {
    pub(crate) fn new(kind: StubErrorKind, message: impl Into<String>) -> Self {
        StubError {
            kind,
            message: message.into(),
            entry: None,
            seen: Arc::default(),
        }
    }

    /// Whether the message was printed by anyone (see the `seen` field).
    pub(crate) fn seen(&self) -> bool {
        self.seen.load(Ordering::Relaxed)
    }

    /// Names the queue entry the failed call was checked against (and left queued).
    pub(crate) fn about_entry(mut self, number: usize) -> Self {
        self.entry = Some(number);
        self
    }

    pub(crate) fn entry(&self) -> Option<usize> {
        self.entry
    }

    /// What went wrong.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, StubError, StubErrorKind, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let err = s3.list_buckets().send().await.unwrap_err();
    /// assert_eq!(StubError::find(&err).unwrap().kind(), StubErrorKind::UnexpectedCall);
    /// # stubber.take_failures();
    /// # });
    /// ```
    pub fn kind(&self) -> StubErrorKind {
        self.kind
    }

    /// The full message, as shown to the user.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, StubError, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let err = s3.list_buckets().send().await.unwrap_err(); // nothing queued
    /// let message = StubError::find(&err).unwrap().message();
    /// assert!(message.contains("ListBuckets"), "{message}");
    /// # stubber.take_failures();
    /// # });
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Walks an error's source chain (for example an `SdkError` returned by a stubbed call)
    /// and returns the stubber's error if it is there.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, StubError, StubErrorKind, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let err = s3.list_buckets().send().await.unwrap_err();
    /// let stub = StubError::find(&err).expect("the stubber's error is in the chain");
    /// assert_eq!(stub.kind(), StubErrorKind::UnexpectedCall);
    /// assert!(stub.message().starts_with("aws-stubber: unexpected call #1 to S3 ListBuckets"));
    /// # stubber.take_failures();
    /// # });
    /// ```
    pub fn find<'a>(error: &'a (dyn StdError + 'static)) -> Option<&'a StubError> {
        let mut current: Option<&(dyn StdError + 'static)> = Some(error);
        while let Some(err) = current {
            if let Some(found) = err.downcast_ref::<StubError>() {
                return Some(found);
            }
            current = err.source();
        }
        None
    }
}

impl fmt::Debug for StubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.seen.store(true, Ordering::Relaxed);
        write!(f, "StubError({:?}):\n\n{}\n\n", self.kind, self.message)
    }
}

impl fmt::Display for StubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.seen.store(true, Ordering::Relaxed);
        f.write_str(&self.message)
    }
}

impl StdError for StubError {}

/// The message of a caught panic.
pub(crate) fn panic_text(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}
