//! One run of a sweep as its stubbers see it: the calls in the order they came (over every
//! stubber of the run), the call to fail, and what came after.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::Waker;
use std::time::Duration;

use crate::clock::Clock;
use crate::error::StubError;
use crate::history::CallContext;
use crate::respond::Fault;

/// What a chosen call is answered with instead of its queued entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Injection {
    /// An error response with this code and status, written in the service's protocol.
    Error { code: String, status: u16 },
    /// A transport fault: no response at all.
    Fault(Fault),
    /// The written answer's status and headers, with a body that ends in an error halfway.
    CutBody,
}

/// The call a run fails, and how.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The call's number in the run (from 1, over every stubber of the run).
    pub(crate) call: usize,
    /// The call's operation in the written run.
    pub(crate) operation: String,
    pub(crate) injection: Injection,
    /// Every attempt of the call, and every later call of the same operation and input, gets
    /// the failure too; else only the call's first attempt does.
    pub(crate) persists: bool,
    /// A call the code makes only after this failure (a cleanup, answered by an optional
    /// entry), failed too: its number in such a run, and how.
    pub(crate) then: Option<Box<Target>>,
}

/// When a run counts as hung.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Attempts in all.
    pub(crate) attempts: usize,
    /// How far a stubber's clock may move ahead.
    pub(crate) clock: Duration,
}

/// What the stub HTTP client does with an attempt.
pub(crate) enum Decision {
    /// Answer it from the queue, as always.
    Queue,
    /// Answer it with the failure.
    Inject(Injection),
    /// The run is hung: never answer (the sweep stops polling it).
    Hang,
}

/// A call of the run, as first seen.
#[derive(Debug, Clone)]
pub(crate) struct SeenCall {
    /// The stubber (its number in the run) and the call's number in that stubber's history.
    key: (usize, usize),
    pub(crate) service: String,
    pub(crate) operation: String,
    input: Arc<str>,
}

#[derive(Default)]
struct State {
    target: Option<Target>,
    limits: Option<Limits>,
    calls: Vec<SeenCall>,
    attempts: usize,
    /// The failed call, once the failure was given.
    fired: Option<SeenCall>,
    /// The call of the target's `then`, once its failure was given.
    fired_then: Option<SeenCall>,
    /// Calls after the failure that optional entries answered (by their number in the run).
    optional: Vec<usize>,
    /// What went wrong at the stubbers after the failure (calls nothing answered, ...).
    after: Vec<StubError>,
    /// Entries the run's stubbers still held when they were dropped.
    left: usize,
    hung: Option<String>,
    clocks: Vec<Clock>,
    waker: Option<Waker>,
    /// The run made another call than the written run where the target was.
    diverged: Option<String>,
}

/// One run of a sweep, shared by its stubbers and the sweep.
#[derive(Default)]
pub(crate) struct Plan {
    state: Mutex<State>,
}

impl Plan {
    pub(crate) fn new(target: Option<Target>, limits: Option<Limits>) -> Self {
        Plan {
            state: Mutex::new(State {
                target,
                limits,
                ..State::default()
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A stubber joins the run: its number in the run.
    pub(crate) fn join(&self, clock: Clock) -> usize {
        let mut state = self.lock();
        state.clocks.push(clock);
        state.clocks.len()
    }

    /// What to do with an attempt of `call` at the stubber numbered `stubber`.
    pub(crate) fn attempt(&self, stubber: usize, call: &CallContext) -> Decision {
        let mut state = self.lock();
        if state.hung.is_some() {
            return Decision::Hang;
        }
        let key = (stubber, call.index);
        let first_attempt = !state.calls.iter().any(|c| c.key == key);
        let input: Arc<str> = call.input.debug().clone();
        if first_attempt {
            state.calls.push(SeenCall {
                key,
                service: call.id.service.clone(),
                operation: call.id.operation.clone(),
                input: input.clone(),
            });
        }
        state.attempts += 1;
        if let Some(why) = over_limits(&state) {
            state.hung = Some(why);
            if let Some(waker) = state.waker.take() {
                waker.wake();
            }
            return Decision::Hang;
        }
        let Some(target) = state.target.clone() else {
            return Decision::Queue;
        };
        if let Some(fired) = &state.fired {
            let again = |seen: &SeenCall| {
                seen.key == key
                    || (seen.service == call.id.service
                        && seen.operation == call.id.operation
                        && seen.input == input)
            };
            if target.persists && again(fired) {
                return Decision::Inject(target.injection);
            }
            let Some(then) = target.then else {
                return Decision::Queue;
            };
            if let Some(fired_then) = &state.fired_then {
                return if then.persists && again(fired_then) {
                    Decision::Inject(then.injection)
                } else {
                    Decision::Queue
                };
            }
            if first_attempt
                && state.calls.len() == then.call
                && call.id.operation.eq_ignore_ascii_case(&then.operation)
            {
                state.fired_then = state.calls.last().cloned();
                return Decision::Inject(then.injection);
            }
            return Decision::Queue;
        }
        if !first_attempt || state.calls.len() != target.call {
            return Decision::Queue;
        }
        if !call.id.operation.eq_ignore_ascii_case(&target.operation) {
            state.diverged = Some(format!(
                "call #{} was {} in the written run and {} {} in this one",
                target.call, target.operation, call.id.service, call.id.operation
            ));
            return Decision::Queue;
        }
        state.fired = state.calls.last().cloned();
        Decision::Inject(target.injection)
    }

    /// Whether the failure was given: the run's stubbers then let calls skip entries, and
    /// leave what is unused to the sweep.
    pub(crate) fn fired(&self) -> bool {
        self.lock().fired.is_some()
    }

    /// Whether the target's `then` failure was given.
    pub(crate) fn fired_then(&self) -> bool {
        self.lock().fired_then.is_some()
    }

    /// An optional entry of the stubber numbered `stubber` answered its call `index`: after
    /// the failure, that call is one the code makes only after a failure (a cleanup).
    pub(crate) fn note_optional(&self, stubber: usize, index: usize) {
        let mut state = self.lock();
        if state.fired.is_none() {
            return;
        }
        if let Some(at) = state.calls.iter().position(|c| c.key == (stubber, index)) {
            state.optional.push(at + 1);
        }
    }

    /// The calls after the failure that optional entries answered: their number in the run,
    /// service and operation.
    pub(crate) fn optional_calls(&self) -> Vec<(usize, String, String)> {
        let state = self.lock();
        state
            .optional
            .iter()
            .map(|&n| {
                let c = &state.calls[n - 1];
                (n, c.service.clone(), c.operation.clone())
            })
            .collect()
    }

    /// A stubber of the run failed a call after the failure.
    pub(crate) fn note_failure(&self, err: &StubError) {
        self.lock().after.push(err.clone());
    }

    /// A stubber of the run was dropped with `left` entries unused.
    pub(crate) fn note_left(&self, left: usize) {
        self.lock().left += left;
    }

    /// The waker of the task polling the run, woken when the run is found hung.
    pub(crate) fn set_waker(&self, waker: &Waker) {
        let mut state = self.lock();
        if !state.waker.as_ref().is_some_and(|w| w.will_wake(waker)) {
            state.waker = Some(waker.clone());
        }
    }

    /// Why the run counts as hung, if it does (checked again now).
    pub(crate) fn hung(&self) -> Option<String> {
        let mut state = self.lock();
        if state.hung.is_none() {
            state.hung = over_limits(&state);
        }
        state.hung.clone()
    }

    /// The run's calls in order: service and operation.
    pub(crate) fn calls(&self) -> Vec<(String, String)> {
        self.lock()
            .calls
            .iter()
            .map(|c| (c.service.clone(), c.operation.clone()))
            .collect()
    }

    pub(crate) fn attempts(&self) -> usize {
        self.lock().attempts
    }

    /// How far the clock of the run's stubbers moved ahead.
    pub(crate) fn waited(&self) -> Duration {
        waited(&self.lock())
    }

    pub(crate) fn failures_after(&self) -> Vec<StubError> {
        self.lock().after.clone()
    }

    pub(crate) fn left(&self) -> usize {
        self.lock().left
    }

    pub(crate) fn diverged(&self) -> Option<String> {
        self.lock().diverged.clone()
    }
}

fn waited(state: &State) -> Duration {
    state
        .clocks
        .iter()
        .map(Clock::advanced)
        .max()
        .unwrap_or_default()
}

fn over_limits(state: &State) -> Option<String> {
    let limits = state.limits?;
    let (service, operation) = state
        .calls
        .last()
        .map_or(("", ""), |c| (c.service.as_str(), c.operation.as_str()));
    if state.attempts > limits.attempts {
        return Some(format!(
            "hung: {} attempts, more than the {} allowed, and still calling ({service} {operation})",
            state.attempts, limits.attempts
        ));
    }
    let waited = waited(state);
    if waited > limits.clock {
        return Some(format!(
            "hung: waited {} on the stubber's clock, more than the {} allowed (last call {service} {operation})",
            crate::message::duration(waited),
            crate::message::duration(limits.clock)
        ));
    }
    None
}
