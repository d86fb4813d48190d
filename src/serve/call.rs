//! One request at the address: which call it is (or which attempt of a call), the queue
//! entry that answers it, and the answer as bytes on the wire.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_smithy_types::body::SdkBody;

use crate::error::{StubError, StubErrorKind};
use crate::history::{Call, CallContext, CallId, CallInput, RecordedRequest};
use crate::message::PREFIX;
use crate::queue::slot::Entry;
use crate::queue::state::{Inner, Mode};
use crate::respond::{Answer, Response, Typed, strip_erased};
use crate::sdk::connector::{Swept, keep_request, pick_answer, swept};

use super::forward::{Behind, Raw};
use super::reply::{Reply, failure_reply, reply};

/// What the listener's connections share: the stubber's state and the calls seen so far by
/// their invocation id (the SDKs send one id with every attempt of a call).
pub(crate) struct Shared {
    pub(crate) inner: Arc<Inner>,
    attempts: Mutex<HashMap<String, CallContext>>,
    /// Why a call's request could not be read back into its input, by the call's number.
    unread: Arc<Mutex<HashMap<usize, String>>>,
    /// The live server that calls of an operation without an entry go to, if any.
    behind: Option<Behind>,
}

impl Shared {
    pub(crate) fn new(inner: Arc<Inner>, behind: Option<Behind>) -> Self {
        Shared {
            inner,
            attempts: Mutex::default(),
            unread: Arc::default(),
            behind,
        }
    }

    /// Answers one request, as an in-process client's HTTP client would answer its attempt.
    pub(crate) async fn answer(&self, request: RecordedRequest, raw: Raw) -> Reply {
        let call = match self.call(&request) {
            Ok(call) => call,
            Err(err) => {
                let err = self.inner.fail(err);
                let service = super::route::signed_service(&request).unwrap_or_default();
                return failure_reply(service, &request, &err);
            }
        };
        if let Some(swept) = swept(&self.inner, &call, &request) {
            return match swept {
                Swept::Hang => Reply::Hang,
                // An injected timeout: the client at the address has no timeout the stubber
                // could end, so the connection closes (transient, like a timeout).
                Swept::Answer(Answer::Fault(crate::respond::Fault::Timeout)) => Reply::Drop,
                Swept::Answer(answer) => reply(answer),
                Swept::Cut {
                    status,
                    headers,
                    body,
                } => Reply::Http {
                    status,
                    headers,
                    body,
                },
            };
        }
        // With a live server behind, calls of an operation no entry names go there (kept in
        // the history, and refused first if AWS would refuse them), as in process.
        if let Some(behind) = &self.behind
            && !self.inner.lock().has_entry_for(&call.id)
        {
            keep_request(&self.inner, &call, &request);
            let invalid = crate::validate::check(&call.id.service, &call.id.operation, &request);
            if let Some(invalid) = invalid {
                let err = self
                    .inner
                    .fail(crate::queue::pick::refused(&call, &invalid));
                return failure_reply(&call.id.service, &request, &err);
            }
            return match behind.send(raw).await {
                Ok(reply) => reply,
                Err(why) => {
                    let err = StubError::new(
                        StubErrorKind::Misuse,
                        format!("{PREFIX}{} could not be sent on: {why}", describe(&call)),
                    );
                    let err = self.inner.fail(err);
                    failure_reply(&call.id.service, &request, &err)
                }
            };
        }
        if let Some(err) = self.unservable(&call) {
            keep_request(&self.inner, &call, &request);
            let err = self.inner.fail(err);
            return failure_reply(&call.id.service, &request, &err);
        }
        let service = call.id.service.clone();
        match pick_answer(&self.inner, &call, request.clone()) {
            Ok(picked) => {
                if let Some(delay) = picked.delay {
                    sleep(delay).await;
                }
                if matches!(picked.answer, Answer::Typed) {
                    return match written(&call, &request, picked.typed) {
                        Ok(reply) => reply,
                        Err(why) => {
                            let err = StubError::new(
                                StubErrorKind::Misuse,
                                format!(
                                    "{PREFIX}{} took an entry whose typed output cannot be \
                                     written on the wire: {why}. {ANSWER_INSTEAD}",
                                    describe(&call)
                                ),
                            );
                            let err = self.inner.fail(err);
                            failure_reply(&service, &request, &err)
                        }
                    };
                }
                let answer = if picked.empty {
                    empty(&call, &request, picked.answer)
                } else {
                    picked.answer
                };
                reply(answer)
            }
            Err(err) => {
                let err = self.inner.fail(err);
                failure_reply(&service, &request, &err)
            }
        }
    }

    /// The call this request is an attempt of: a new one in the history, or the call whose
    /// invocation id it repeats (a retry).
    fn call(&self, request: &RecordedRequest) -> Result<CallContext, StubError> {
        let invocation = request
            .header_values("amz-sdk-invocation-id")
            .first()
            .map(|id| id.to_string());
        let mut attempts = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(call) = invocation.as_ref().and_then(|id| attempts.get(id)) {
            return Ok(call.clone());
        }
        let mut state = self.inner.lock();
        let hint: Vec<String> = state
            .queue
            .iter()
            .map(|e| crate::models::service_key(&service_of(e)))
            .collect();
        let found = super::route::identify(request, &hint).map_err(|why| {
            StubError::new(
                StubErrorKind::UnexpectedCall,
                format!(
                    "{PREFIX}a request to the stubber's address is no call of an AWS operation: \
                     {why}.\n    {} {}",
                    request.method, request.uri
                ),
            )
        })?;
        // The type of the input the queue's entries name for this operation, so that they
        // match as they match the in-process call.
        let input_type = state.queue.iter().find_map(|e| match &e.op {
            crate::operation::OpKey::Typed {
                type_id,
                name,
                krate,
                ..
            } if name.eq_ignore_ascii_case(&found.operation)
                && crate::models::service_key(krate)
                    == crate::models::service_key(found.service) =>
            {
                Some(*type_id)
            }
            _ => None,
        });
        let index = state.calls.len() + 1;
        // Read back on first use: most calls never need it, and a large upload is not free.
        let input = {
            let unread = self.unread.clone();
            let (service, operation) = (found.service, found.operation.clone());
            let request = request.clone();
            CallInput::read_later(move || {
                match crate::decode::input(service, &operation, &request) {
                    Ok(tree) => tree,
                    Err(why) => {
                        unread
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .insert(index, why);
                        crate::debug_tree::Node::parse(&request_text(&request))
                    }
                }
            })
        };
        let input = Arc::new(input);
        state.calls.push(Call {
            index,
            service: found.service.to_string(),
            operation: found.operation.clone(),
            input: input.clone(),
            requests: Vec::new(),
        });
        let call = CallContext {
            index,
            id: CallId {
                service: found.service.to_string(),
                operation: found.operation,
                input_type,
            },
            input,
        };
        if let Some(id) = invocation {
            attempts.insert(id, call.clone());
        }
        Ok(call)
    }

    /// The failure of a call whose entry needs what only an in-process call has (the SDK's
    /// typed value of the input), or needs the input that its request did not read back as.
    fn unservable(&self, call: &CallContext) -> Option<StubError> {
        let state = self.inner.lock();
        let entry = match state.mode {
            Mode::Strict => state.queue.front().filter(|e| e.op.matches(&call.id)),
            Mode::Unordered => state.queue.iter().find(|e| e.op.matches(&call.id)),
        }?;
        // An entry that looks at the input: read it now, to tell whether it reads.
        if entry.input.is_some() || entry.page.is_some() {
            let _ = call.input.tree();
        }
        let unread = self.unread.lock().unwrap_or_else(|p| p.into_inner());
        let what = needs_typed(entry, unread.get(&call.index).map(String::as_str))?;
        Some(
            StubError::new(
                StubErrorKind::Misuse,
                format!(
                    "{PREFIX}{} would take {}, which {what}. {ANSWER_INSTEAD}",
                    describe(call),
                    entry.header()
                ),
            )
            .about_entry(entry.number),
        )
    }
}

const ANSWER_INSTEAD: &str = "At an address, answer with add_response (typed outputs of every \
    protocol), add_client_error, add_error, add_empty_response, add_http_response, \
    add_event_stream or add_fault, and check the request with expect_input, expect_input_eq \
    or expect_http().";

/// What of the entry a served call cannot give it, if anything; `unread` says why the call's
/// request did not read back into its input.
fn needs_typed(entry: &Entry, unread: Option<&str>) -> Option<String> {
    use crate::compare::expect::InputExpectation;
    const TREE_ONLY: &str = "a stubber at an address reads the input back from the request as \
        its Debug tree, not as the SDK's value";
    if let Some(InputExpectation::Predicate { .. }) = &entry.input {
        return Some(format!(
            "checks the typed input with a predicate (expect_input_matches): {TREE_ONLY}; \
             expect_input or expect_input_eq compare it"
        ));
    }
    if let Response::Computed {
        needs_input: true, ..
    } = &entry.response
    {
        return Some(format!(
            "computes its answer from the typed input: {TREE_ONLY}"
        ));
    }
    let needs = if entry.input.is_some() {
        "expects the call's input (expect_input)"
    } else if entry.page.is_some() {
        "is a page of add_pages (its tokens are checked on the input)"
    } else {
        return None;
    };
    unread.map(|why| format!("{needs}, but the request does not read back into it: {why}"))
}

/// The service an entry names, as well as it is known (for telling services apart).
fn service_of(entry: &Entry) -> String {
    match &entry.op {
        crate::operation::OpKey::Typed { krate, .. } => krate.clone(),
        crate::operation::OpKey::Named(n) => n.service.clone(),
    }
}

fn describe(call: &CallContext) -> String {
    crate::message::call(call.index, &call.id.service, &call.id.operation)
}

/// A served call's input as its history shows it: the request as sent.
fn request_text(request: &RecordedRequest) -> String {
    let body = request.body_text();
    let mut text = format!(
        "Request {{ method: {:?}, path: {:?}, query: {:?}",
        request.method,
        request.path(),
        request.query_pairs()
    );
    if !body.is_empty() {
        text.push_str(&format!(", body: {body:?}"));
    }
    text.push_str(" }");
    text
}

/// A typed output written as the service sends it (see `encode`).
fn written(
    call: &CallContext,
    request: &RecordedRequest,
    typed: Option<Typed>,
) -> Result<Reply, String> {
    let Some(Typed {
        value: Ok(output), ..
    }) = typed
    else {
        return Err("the entry's answer is not an output".to_string());
    };
    let debug = strip_erased(&format!("{output:?}")).to_string();
    let written = write_output(call, request, &debug)?;
    Ok(Reply::Http {
        status: written.status,
        headers: written.headers,
        body: SdkBody::from(written.body),
    })
}

/// The output whose `Debug` text is `debug`, written for this call in the protocol its
/// request came in (see `encode`).
fn write_output(
    call: &CallContext,
    request: &RecordedRequest,
    debug: &str,
) -> Result<crate::encode::Written, String> {
    let content_type = request.header_values("content-type").first().copied();
    crate::encode::write(&call.id.service, &call.id.operation, content_type, debug)
}

/// An empty output on the wire: the output with nothing set, written from the models (the
/// XML root and result wrapper the operation's deserializer reads, which in process the
/// interceptor asks the deserializer for); the protocol's emptiest answer where the models
/// have no output to write.
fn empty(call: &CallContext, request: &RecordedRequest, answer: Answer) -> Answer {
    match write_output(call, request, "Output {}") {
        Ok(written) => Answer::Http {
            status: written.status,
            headers: written.headers,
            body: written.body.into(),
        },
        Err(_) => answer,
    }
}

async fn sleep(delay: Duration) {
    tokio::time::sleep(delay).await;
}
