//! Assertions on the calls the code under test made, after the fact
//! (aws-sdk-client-mock's `toHaveReceivedCommand*`).

use std::any::Any;
use std::fmt;

use crate::history::Call;
use crate::message::PREFIX;
use crate::operation::{IntoOperation, OpKey, Operation};
use crate::queue::expectations::partial_tree;
use crate::queue::stubber::Stubber;

impl Stubber {
    /// The typed inputs of every call to `op` so far, in order.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let list = op!(aws_sdk_s3::Client::list_buckets);
    /// stubber.add_response(list, ListBucketsOutput::builder().build());
    /// s3.list_buckets().max_buckets(5).send().await.unwrap();
    /// assert_eq!(stubber.inputs(list)[0].max_buckets(), Some(5));
    /// stubber.assert_called_times(list, 1);
    /// stubber.assert_called_with(list, |i| i.max_buckets(5));
    /// stubber.assert_nth_called_with(list, 1, |i| i.max_buckets(5));
    /// # });
    /// ```
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
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// let put = op!(aws_sdk_s3::Client::put_object);
    /// stubber.add_http_response(put, aws_stubber::RawResponse::new(200)).times(2);
    /// s3.put_object().bucket("logs").key("a.txt").send().await.unwrap();
    /// s3.put_object().bucket("logs").key("b.txt").send().await.unwrap();
    /// stubber.assert_called_times(put, 2);
    /// # });
    /// ```
    #[track_caller]
    pub fn assert_called_times<Op: IntoOperation>(&self, op: Op, times: usize) {
        let key = op.into_key();
        let calls = self.calls_to(&key);
        if calls.len() != times {
            panic!(
                "{PREFIX}expected {times} call(s) to {}, but there were {}.\n{}",
                key.display(),
                calls.len(),
                self.call_list()
            );
        }
    }

    /// Panics unless some call to `op` has an input matching the fields that `expect` sets
    /// (`toHaveReceivedCommandWith`).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// let put = op!(aws_sdk_s3::Client::put_object);
    /// stubber.add_http_response(put, aws_stubber::RawResponse::new(200)).times(2);
    /// s3.put_object().bucket("logs").key("a.txt").send().await.unwrap();
    /// s3.put_object().bucket("logs").key("b.txt").send().await.unwrap();
    /// stubber.assert_called_with(put, |i| i.key("b.txt"));
    /// # });
    /// ```
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
        if calls.iter().any(|c| expected.matches(c.input.tree(), true)) {
            return;
        }
        let closest = match calls.last() {
            Some(c) => {
                let (e, a) = expected.project(c.input.tree());
                format!(
                    "The last call (#{}) differs:\n{}",
                    c.index,
                    crate::compare::diff::lines(&e.pretty(), &a.pretty())
                )
            }
            None => self.call_list(),
        };
        panic!(
            "{PREFIX}no call to {} had the expected input ({} call(s) to it).\n{closest}",
            key.display(),
            calls.len()
        );
    }

    /// Panics unless the `nth` (1-based) call to `op` has an input matching the fields that
    /// `expect` sets (`toHaveReceivedNthCommandWith`).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # use aws_stubber::{client, op, Stubber};
    /// # let stubber = Stubber::new();
    /// # let s3 = client!(aws_sdk_s3, &stubber);
    /// let put = op!(aws_sdk_s3::Client::put_object);
    /// stubber.add_http_response(put, aws_stubber::RawResponse::new(200)).times(2);
    /// s3.put_object().bucket("logs").key("a.txt").send().await.unwrap();
    /// s3.put_object().bucket("logs").key("b.txt").send().await.unwrap();
    /// stubber.assert_nth_called_with(put, 1, |i| i.bucket("logs").key("a.txt"));
    /// # });
    /// ```
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
                "{PREFIX}expected a call #{nth} to {}, but there were {} call(s) to it.\n{}",
                key.display(),
                calls.len(),
                self.call_list()
            );
        };
        let actual = call.input.tree();
        if !expected.matches(actual, true) {
            let (e, a) = expected.project(actual);
            panic!(
                "{PREFIX}call {nth} to {} (call #{} overall) had a different input:\n{}",
                key.display(),
                call.index,
                crate::compare::diff::lines(&e.pretty(), &a.pretty())
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
        OpKey::Typed { type_id, .. } => match call.input.value() {
            Some(input) => Any::type_id(input) == *type_id,
            None => key.operation_name().eq_ignore_ascii_case(&call.operation),
        },
        OpKey::Named(_) => key.matches(&crate::history::CallId {
            service: call.service.clone(),
            operation: call.operation.clone(),
            input_type: None,
        }),
    }
}
