//! What a queue entry answered, read after the fact through its [`EntryHandle`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use crate::history::RecordedRequest;
use crate::queue::state::Inner;

/// A queue entry after it was queued: what it answered (see [`QueuedResponse::handle`](crate::QueuedResponse::handle)).
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
    pub(crate) fn new(inner: Arc<Inner>, number: usize, count: usize) -> Self {
        EntryHandle {
            inner,
            number,
            count,
            _input: PhantomData,
        }
    }

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
