//! Choosing the queue entry that answers an attempt, with the request as sent.

use std::time::Duration;

use crate::compare::diff::indent;
use crate::error::{StubError, StubErrorKind};
use crate::history::CallContext;
use crate::history::RecordedRequest;
use crate::message::PREFIX;
use crate::queue::slot::{Entry, FOREVER, Use};
use crate::queue::state::{Mode, State};
use crate::respond::Response;
use crate::validate::Invalid;

/// What the picked entry answers this attempt with.
pub(crate) struct Picked {
    pub(crate) response: Response,
    pub(crate) delay: Option<Duration>,
}

/// Takes the entry at `index` for one call: the entry itself on its last use, else a copy of
/// its response (an entry that answers several calls stays in its place).
fn take(state: &mut State, index: usize, call: &CallContext) -> Picked {
    let entry = &mut state.queue[index];
    if let Some(page) = &entry.page {
        page.taken(call.input.tree());
    }
    entry.answered += 1;
    let number = entry.number;
    if entry.optional
        && let Some((plan, stubber)) = &state.sweep
    {
        plan.note_optional(*stubber, call.index);
    }
    // The attempt's request joins the call's requests after this (see the HTTP client).
    let attempt = state
        .calls
        .get(call.index - 1)
        .map_or(0, |c| c.requests.len());
    state.uses.push(Use {
        entry: number,
        call: call.index,
        attempt,
    });
    let entry = &mut state.queue[index];
    if entry.times == FOREVER {
        return Picked {
            response: entry.response.next_copy(),
            delay: entry.delay,
        };
    }
    if entry.uses_left > 1 {
        entry.uses_left -= 1;
        return Picked {
            response: entry.response.next_copy(),
            delay: entry.delay,
        };
    }
    let entry = state.queue.remove(index).expect("index is in range");
    if state.mode == Mode::Unordered {
        state.index.remove(&entry);
    }
    state.consumed += 1;
    Picked {
        response: entry.response.last_use(),
        delay: entry.delay,
    }
}

/// Takes the entry that answers this attempt, or explains why there is none.
pub(crate) fn pick(
    state: &mut State,
    call: &CallContext,
    request: &RecordedRequest,
    invalid: Option<&Invalid>,
) -> Result<Picked, StubError> {
    let call_name = describe_call(call);
    if state.queue.is_empty() {
        // Calls answered, where they are not as many as the entries used (`.times(2)`).
        let mut answered: Vec<usize> = state.uses.iter().map(|u| u.call).collect();
        answered.dedup();
        let calls = if answered.len() == state.consumed {
            String::new()
        } else {
            let n = answered.len();
            format!(", answering {n} call{}", if n == 1 { "" } else { "s" })
        };
        return Err(StubError::new(
            StubErrorKind::UnexpectedCall,
            format!(
                "{PREFIX}unexpected {call_name}: no response is queued ({} of {} queued responses were used{calls}).\n\
                 Queue one with add_response/add_client_error before the code makes this call, or remove the call.\n\
                 Input:\n{}",
                state.consumed,
                state.queued_total,
                indent(&call.input.tree().pretty())
            ),
        ));
    }
    let index = match state.mode {
        Mode::Strict => match check_next(state, call, request, &call_name) {
            Ok(index) => index,
            // Optional entries before the call's own are skipped, in order.
            Err(err) if state.queue[0].optional => state
                .queue
                .iter()
                .position(|e| !e.optional || is_match(e, call, request))
                .filter(|&i| state.queue[i].sealed && is_match(&state.queue[i], call, request))
                .ok_or(err)?,
            // After a sweep's failure the code may skip calls: the first entry that matches.
            Err(err) if state.after_injected_failure() => state
                .queue
                .iter()
                .position(|e| e.sealed && is_match(e, call, request))
                .ok_or(err)?,
            Err(err) => return Err(err),
        },
        Mode::Unordered => first_matching(state, call, request, &call_name, invalid)?,
    };
    if let Some(invalid) = invalid {
        let entry = &state.queue[index];
        if !entry.answers_invalid(invalid) {
            let source = page_token_source(state, call, invalid);
            let err = StubError::new(
                StubErrorKind::InvalidRequest,
                invalid.message_with(call.index, &call.id.service, &call.id.operation, &source),
            );
            return Err(err.about_entry(entry.number));
        }
    }
    Ok(take(state, index, call))
}

/// The failure of a call whose request the service would refuse.
pub(crate) fn refused(call: &CallContext, invalid: &Invalid) -> StubError {
    StubError::new(
        StubErrorKind::InvalidRequest,
        invalid.message(call.index, &call.id.service, &call.id.operation),
    )
}

/// Where a refused page token came from, when the code sent back what an earlier queued
/// answer of the same operation returned: the value AWS would never have returned is that
/// answer's, not the code's (empty when no refused member is a page token, or no earlier call
/// of the operation was answered from the queue).
fn page_token_source(state: &State, call: &CallContext, invalid: &Invalid) -> String {
    let Some(Some(pagination)) = crate::models::pagination(&call.id.service, &call.id.operation)
    else {
        return String::new();
    };
    let earlier = state.calls[..call.index.saturating_sub(1).min(state.calls.len())]
        .iter()
        .rev()
        .find(|c| c.service == call.id.service && c.operation == call.id.operation);
    let Some(earlier) = earlier else {
        return String::new();
    };
    let Some(entry) = state.uses.iter().rev().find(|u| u.call == earlier.index) else {
        return String::new();
    };
    let mut lines = String::new();
    for violation in invalid.violations.iter().filter(|v| v.value.is_some()) {
        let Some(at) = pagination.inputs.iter().position(|i| *i == violation.path) else {
            continue;
        };
        let output = pagination.outputs.get(at).copied().unwrap_or_default();
        lines.push_str(&format!(
            "\n    {} is {}'s page token: the code sent back the {output} that queue entry #{} \
             returned to call #{}. AWS never returns a token it would refuse: fix that \
             queued answer.",
            violation.path, call.id.operation, entry.entry, earlier.index,
        ));
    }
    lines
}

/// Strict mode: the next entry must match.
fn check_next(
    state: &State,
    call: &CallContext,
    request: &RecordedRequest,
    call_name: &str,
) -> Result<usize, StubError> {
    let entry = &state.queue[0];
    if !entry.sealed {
        return Err(unsealed(entry, call_name).about_entry(entry.number));
    }
    check_entry(entry, call, request).map_err(|(kind, detail)| {
        StubError::new(
            kind,
            format!(
                "{PREFIX}{call_name} does not match {}: {detail}\n\
                 The entry stays queued.{}",
                entry.header(),
                if kind == StubErrorKind::OperationMismatch {
                    " Queue responses in the order the code makes its calls, or use Stubber::unordered()."
                } else {
                    ""
                }
            ),
        )
        .about_entry(entry.number)
    })?;
    Ok(0)
}

/// Unordered mode: the first entry that matches, or why none does (with the closest one).
fn first_matching(
    state: &State,
    call: &CallContext,
    request: &RecordedRequest,
    call_name: &str,
    invalid: Option<&Invalid>,
) -> Result<usize, StubError> {
    // Only the entries of the call's operation that may match its input, in queue order; for
    // a request the service refuses, the first that answers it as such, else the first.
    let mut first = None;
    for number in state.index.candidates(&call.id, call.input.tree()) {
        let Ok(i) = state.queue.binary_search_by_key(&number, |e| e.number) else {
            continue;
        };
        let entry = &state.queue[i];
        if entry.sealed && is_match(entry, call, request) {
            match invalid {
                Some(invalid) if !entry.answers_invalid(invalid) => {
                    first.get_or_insert(i);
                }
                _ => return Ok(i),
            }
        }
    }
    if let Some(i) = first {
        return Ok(i);
    }
    let closest = state.queue.iter().find(|e| e.op.matches(&call.id));
    let detail = match closest {
        Some(entry) => {
            let (_, why) = check_entry(entry, call, request).expect_err("no entry matched");
            format!("the closest, {}: {why}", entry.header())
        }
        None => format!(
            "none is for {}. Queued:\n{}",
            call.id.operation,
            state
                .queue
                .iter()
                .map(|e| format!("    {}\n", e.describe()))
                .collect::<String>()
                .trim_end()
        ),
    };
    let kind = match closest {
        Some(_) => StubErrorKind::InputMismatch,
        None => StubErrorKind::OperationMismatch,
    };
    let error = StubError::new(
        kind,
        format!(
            "{PREFIX}{call_name} matches none of the {} queued entries (unordered mode); {detail}",
            state.queue.len()
        ),
    );
    Err(match closest {
        Some(entry) => error.about_entry(entry.number),
        None => error,
    })
}

/// The next entry is still being set up: the value its `add_*` returned is alive.
fn unsealed(entry: &Entry, call_name: &str) -> StubError {
    StubError::new(
        StubErrorKind::Misuse,
        format!(
            "{PREFIX}{call_name} came while {} was still being set up: the \
             value its add_* returned is alive, so its expectations may not all be attached yet. \
             Chain them in the statement that queues the entry (or drop that value) before the \
             code makes the call. The entry stays queued.",
            entry.header()
        ),
    )
}

/// The call as messages name it: `call #3 to S3 ListBuckets`.
fn describe_call(call: &CallContext) -> String {
    crate::message::call(call.index, &call.id.service, &call.id.operation)
}

/// Whether the entry answers the call ([`check_entry`] without its messages).
fn is_match(entry: &Entry, call: &CallContext, request: &RecordedRequest) -> bool {
    entry.op.matches(&call.id)
        && entry.input.as_ref().is_none_or(|e| e.is_met(&call.input))
        && entry
            .page
            .as_ref()
            .is_none_or(|p| p.check(call.input.tree()).is_ok())
        && entry
            .http
            .as_ref()
            .is_none_or(|h| h.differences(request).is_empty())
}

fn check_entry(
    entry: &Entry,
    call: &CallContext,
    request: &RecordedRequest,
) -> Result<(), (StubErrorKind, String)> {
    if !entry.op.matches(&call.id) {
        return Err((
            StubErrorKind::OperationMismatch,
            format!(
                "operation mismatch\n    expected: {}\n    received: {}",
                entry.op.display(),
                call.id.operation
            ),
        ));
    }
    if let Some(expectation) = &entry.input {
        expectation
            .check(&call.input)
            .map_err(|d| (StubErrorKind::InputMismatch, d.trim_end().to_string()))?;
    }
    if let Some(page) = &entry.page {
        page.check(call.input.tree())
            .map_err(|d| (StubErrorKind::InputMismatch, d.trim_end().to_string()))?;
    }
    if let Some(http) = &entry.http {
        let differences = http.differences(request);
        if !differences.is_empty() {
            return Err((
                StubErrorKind::RequestMismatch,
                format!(
                    "the HTTP request differs:\n{}",
                    differences
                        .iter()
                        .map(|d| format!("    {d}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            ));
        }
    }
    Ok(())
}
