//! The answer to one attempt of a call: the policy the code runs under, the request check,
//! then the queue entry that answers it.

use std::time::Duration;

use crate::error::StubError;
use crate::history::{CallContext, RecordedRequest};
use crate::queue::state::Inner;
use crate::respond::{Answer, Response, Typed};

/// The answer a queue entry gives one attempt of a call.
pub(crate) struct PickedAnswer {
    pub(crate) answer: Answer,
    /// The typed output or error the interceptor hands the SDK, if any.
    pub(crate) typed: Option<Typed>,
    /// The answer is an empty output (see `respond::empty`).
    pub(crate) empty: bool,
    pub(crate) delay: Option<Duration>,
}

/// Checks the request against the models, picks the queue entry for this attempt of `call`
/// and turns it into the answer; the request joins the call's history either way. A failure
/// is returned, not yet remembered (see [`Inner::fail`]).
pub(crate) fn pick_answer(
    inner: &Inner,
    call: &CallContext,
    wire: RecordedRequest,
) -> Result<PickedAnswer, StubError> {
    let invalid = crate::validate::check(&call.id.service, &call.id.operation, &wire);
    // Under a policy, a call the role may not make gets AWS's access-denied answer, and the
    // test fails (the failure is kept; the entry stays).
    let mut state = inner.lock();
    let refusal = state.policy.as_ref().and_then(|gate| gate(call, &wire));
    if let Some((error, response)) = refusal {
        drop(state);
        let _ = inner.fail(error);
        let (answer, typed) = response.into_answer(&call.id.service, &wire);
        if let Some(call) = inner.lock().calls.get_mut(call.index - 1) {
            call.requests.push(wire);
        }
        return Ok(PickedAnswer {
            answer,
            typed,
            empty: false,
            delay: None,
        });
    }
    let picked = crate::queue::pick::pick(&mut state, call, &wire, invalid.as_ref());
    drop(state);
    // A computed response runs the user's function: outside the lock.
    let answered = picked.and_then(|picked| {
        let response = picked.response.for_call(call)?;
        let empty = matches!(response, Response::Empty { .. });
        let (answer, typed) = response.into_answer(&call.id.service, &wire);
        Ok(PickedAnswer {
            answer,
            typed,
            empty,
            delay: picked.delay,
        })
    });
    if let Some(call) = inner.lock().calls.get_mut(call.index - 1) {
        call.requests.push(wire);
    }
    answered
}
