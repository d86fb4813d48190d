//! How entries get into the queue: one, a run of consecutive ones, or a fixture's all at once,
//! each holding its place from the start.

use std::marker::PhantomData;
use std::panic::Location;

use crate::operation::TypedHint;
use crate::operation::{IntoOperation, OpKey};
use crate::queue::queued::QueuedResponse;
use crate::queue::slot::{Entry, QueuedEntry};
use crate::queue::stubber::Stubber;
use crate::respond::Response;

impl Stubber {
    #[track_caller]
    pub(crate) fn push<I, B, K>(
        &self,
        op: OpKey,
        response: Response,
    ) -> QueuedResponse<'_, I, B, K> {
        self.queued(self.queue_one(op, response, Location::caller()))
    }

    /// [`Stubber::queue_run`] of one entry.
    fn queue_one(
        &self,
        op: OpKey,
        response: Response,
        location: &'static Location<'static>,
    ) -> (usize, usize) {
        self.queue_run(op, vec![(response, None)], location)
    }

    /// Queues consecutive entries for one operation under one lock; options chained on the
    /// returned value apply to each.
    #[track_caller]
    pub(crate) fn push_run<I, B, K>(
        &self,
        op: OpKey,
        run: Vec<(Response, Option<crate::pages::PageCheck>)>,
    ) -> QueuedResponse<'_, I, B, K> {
        self.queued(self.queue_run(op, run, Location::caller()))
    }

    /// The value `add_*` returns for the entries `queue_run` queued.
    fn queued<I, B, K>(&self, (number, count): (usize, usize)) -> QueuedResponse<'_, I, B, K> {
        QueuedResponse {
            inner: &self.inner,
            number,
            count,
            build: None,
            _types: PhantomData,
        }
    }

    /// The work of [`Stubber::push_run`], the same for every operation (so compiled once, not
    /// once per operation a test file names): the first entry's number and the count.
    fn queue_run(
        &self,
        op: OpKey,
        run: Vec<(Response, Option<crate::pages::PageCheck>)>,
        location: &'static Location<'static>,
    ) -> (usize, usize) {
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
                answered: 0,
                sealed: false,
                accepts_invalid: false,
                optional: false,
            };
            state.queue.push_back(Box::new(entry));
        }
        (number, count)
    }

    #[track_caller]
    pub(super) fn push_op<Op: IntoOperation + TypedHint, K>(
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
        let first = state.queued_total + 1;
        let at_address = state.at_address;
        for mut e in entries {
            state.queued_total += 1;
            let number = state.queued_total;
            if at_address && let Some(http) = &mut e.http {
                http.at_an_address();
            }
            state.queue.push_back(Box::new(Entry {
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
                answered: 0,
                sealed: false,
                accepts_invalid: false,
                optional: false,
            }));
        }
        let end = state.queued_total + 1;
        state.seal(first..end);
    }
}
