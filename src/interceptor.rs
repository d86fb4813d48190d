//! The interceptor: tells the stubber which operation is called, picks the queue entry for
//! each attempt, and hands typed outputs and errors to the SDK.

use std::any::Any;
use std::fmt;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut, Error,
    FinalizerInterceptorContextMut, Output,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::{Metadata, OrchestratorError};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

use crate::connector::{Directive, Ticket};
use crate::debug_tree::Node;
use crate::error::{StubError, StubErrorKind};
use crate::expect::{indent, CallInput};
use crate::history::{Call, RecordedRequest};
use crate::operation::CallId;
use crate::protocol::{error_response, ErrorParts, Protocol};
use crate::replay::RecordTag;
use crate::response::{strip_erased, Response};
use crate::stubber::{Entry, Inner, Mode, State};

/// The interceptor half of a [`Stubber`](crate::Stubber); install it with
/// [`Stubber::interceptor`](crate::Stubber::interceptor) (the [`client!`](crate::client)
/// macro does).
#[derive(Clone)]
pub struct StubInterceptor {
    inner: Arc<Inner>,
}

impl fmt::Debug for StubInterceptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StubInterceptor")
    }
}

impl StubInterceptor {
    pub(crate) fn new(inner: Arc<Inner>) -> Self {
        StubInterceptor { inner }
    }
}

/// What the interceptor learned about the current call before its input was serialized.
#[derive(Clone)]
struct CallContext {
    index: usize,
    id: CallId,
    input: Arc<CallInput>,
}

impl fmt::Debug for CallContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CallContext(#{} {})", self.index, self.id.operation)
    }
}

impl Storable for CallContext {
    type Storer = StoreReplace<Self>;
}

/// The typed output or error an attempt is answered with, handed over at attempt completion.
/// `via_http` is true when the attempt also went through the stub HTTP client (for a
/// delay or a modeled error); then it only replaces a result the SDK deserialized, never a
/// timeout or dispatch failure on the way.
#[derive(Clone)]
struct Replacement {
    value: Arc<Mutex<Option<Result<Output, Error>>>>,
    via_http: bool,
}

impl Replacement {
    fn new(value: Option<Result<Output, Error>>, via_http: bool) -> Self {
        Replacement {
            value: Arc::new(Mutex::new(value)),
            via_http,
        }
    }
}

impl fmt::Debug for Replacement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Replacement")
    }
}

impl Storable for Replacement {
    type Storer = StoreReplace<Self>;
}

/// Ends an attempt early whose typed output needs no HTTP exchange; never seen by users.
#[derive(Debug)]
struct Answered;

impl fmt::Display for Answered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("answered by aws-stubber with a typed output")
    }
}

impl std::error::Error for Answered {}

#[aws_smithy_runtime_api::client::interceptors::dyn_dispatch_hint]
impl Intercept for StubInterceptor {
    fn name(&self) -> &'static str {
        "aws-stubber"
    }

    fn read_before_serialization(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = match cfg.load::<Metadata>() {
            Some(m) => (m.service().to_string(), m.name().to_string()),
            None => (String::new(), String::new()),
        };
        let input = context.input();
        let debug = strip_erased(&format!("{input:?}")).to_string();
        let mut state = self.inner.lock();
        let mut typed: Option<(std::any::TypeId, Arc<dyn Any + Send + Sync>)> = None;
        let mut input_type = None;
        for (type_id, (is_type, cloner)) in &state.input_types {
            if is_type(input) {
                input_type = Some(*type_id);
                if let Some(value) = cloner.and_then(|clone| clone(input)) {
                    typed = Some((*type_id, value));
                }
                break;
            }
        }
        let index = state.calls.len() + 1;
        state.calls.push(Call {
            index,
            service: service.clone(),
            operation: operation.clone(),
            input_debug: debug.clone(),
            input: typed.as_ref().map(|(_, v)| v.clone()),
            requests: Vec::new(),
        });
        drop(state);
        cfg.interceptor_state().store_put(CallContext {
            index,
            id: CallId {
                service,
                operation,
                input_type,
            },
            input: Arc::new(CallInput {
                tree: Node::parse(&debug),
                typed: typed.map(|(_, v)| v),
            }),
        });
        Ok(())
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(call) = cfg.load::<CallContext>().cloned() else {
            let err = StubError::new(
                StubErrorKind::Misuse,
                "aws-stubber: the interceptor saw an attempt but not the call's input; install it \
                 on the client config (aws_stubber::client! does), not on a single operation",
            );
            self.inner.lock().failures.push(err.clone());
            return Err(err.into());
        };
        let request = context.request();
        let recorded = RecordedRequest {
            method: request.method().to_string(),
            uri: request.uri().to_string(),
            headers: request
                .headers()
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                .collect(),
            body: request
                .body()
                .bytes()
                .map(bytes::Bytes::copy_from_slice)
                .unwrap_or_default(),
        };
        let picked = {
            let mut state = self.inner.lock();
            if let Some(c) = state.calls.get_mut(call.index - 1) {
                c.requests.push(recorded.clone());
            }
            if state.recording.is_some() {
                drop(state);
                context.request_mut().add_extension(RecordTag {
                    service: call.id.service.clone(),
                    operation: call.id.operation.clone(),
                });
                return Ok(());
            }
            let picked = pick(&mut state, &call, &recorded);
            if let Err(err) = &picked {
                state.failures.push(err.clone());
            }
            picked
        };
        let entry = picked?;
        let head_request = recorded.method.eq_ignore_ascii_case("HEAD");
        let protocol = || Protocol::infer(&call.id.service, &recorded.headers, &recorded.body);
        let (directive, replacement) = match entry.response {
            Response::Output(output) => match entry.delay {
                None => {
                    cfg.interceptor_state()
                        .store_put(Replacement::new(Some(Ok(output)), false));
                    return Err(Box::new(Answered));
                }
                Some(_) => (
                    Directive::Respond {
                        status: 200,
                        headers: Vec::new(),
                        body: Vec::new().into(),
                    },
                    Some(Ok(output)),
                ),
            },
            Response::ModeledError {
                error,
                code,
                message,
                status,
            } => {
                let synthesized = error_response(
                    protocol(),
                    &ErrorParts {
                        code: code.as_deref().unwrap_or("Unknown"),
                        message: message.as_deref().unwrap_or(""),
                        status,
                        request_id: crate::response::DEFAULT_REQUEST_ID,
                        fields: &[],
                        head_request,
                    },
                );
                (
                    Directive::Respond {
                        status,
                        headers: synthesized.headers,
                        body: synthesized.body.into(),
                    },
                    Some(Err(error)),
                )
            }
            Response::Client(ce) => {
                let mut synthesized = error_response(
                    protocol(),
                    &ErrorParts {
                        code: &ce.code,
                        message: &ce.message,
                        status: ce.status,
                        request_id: &ce.request_id,
                        fields: &ce.fields,
                        head_request,
                    },
                );
                synthesized.headers.extend(ce.headers);
                (
                    Directive::Respond {
                        status: ce.status,
                        headers: synthesized.headers,
                        body: synthesized.body.into(),
                    },
                    None,
                )
            }
            Response::Http(raw) => (
                Directive::Respond {
                    status: raw.status,
                    headers: raw.headers,
                    body: raw.body,
                },
                None,
            ),
            Response::Fault(fault) => (Directive::Fault(fault), None),
        };
        cfg.interceptor_state()
            .store_put(Replacement::new(replacement, true));
        context
            .request_mut()
            .add_extension(Ticket::new(directive, entry.delay));
        Ok(())
    }

    fn modify_before_attempt_completion(
        &self,
        context: &mut FinalizerInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(slot) = cfg.load::<Replacement>().cloned() else {
            return Ok(());
        };
        let taken = slot.value.lock().unwrap_or_else(|p| p.into_inner()).take();
        let Some(replacement) = taken else {
            return Ok(());
        };
        if slot.via_http {
            let deserialized = context.response().is_some()
                && match context.output_or_error() {
                    Some(Ok(_)) => true,
                    Some(Err(e)) => e.as_operation_error().is_some() || e.is_response_error(),
                    None => false,
                };
            if !deserialized {
                return Ok(());
            }
        }
        context.inner_mut().set_output_or_error(match replacement {
            Ok(output) => Ok(output),
            Err(error) => Err(OrchestratorError::operation(error)),
        });
        Ok(())
    }
}

/// Takes the entry that answers this attempt, or explains why there is none.
fn pick(
    state: &mut State,
    call: &CallContext,
    request: &RecordedRequest,
) -> Result<Entry, StubError> {
    let call_name = describe_call(call);
    if state.queue.is_empty() {
        return Err(StubError::new(
            StubErrorKind::UnexpectedCall,
            format!(
                "aws-stubber: unexpected call #{} to {call_name}: no response is queued ({} of {} queued responses were used).\n\
                 Queue one with add_response/add_client_error before the code makes this call, or remove the call.\n\
                 Input:\n{}",
                call.index,
                state.consumed,
                state.queued_total,
                indent(&call.input.tree.pretty())
            ),
        ));
    }
    match state.mode {
        Mode::Strict => {
            let entry = &state.queue[0];
            check_entry(entry, call, request).map_err(|(kind, detail)| {
                StubError::new(
                    kind,
                    format!(
                        "aws-stubber: call #{} to {call_name} does not match {}: {detail}\n\
                         The entry stays queued.{}",
                        call.index,
                        entry.header(),
                        if kind == StubErrorKind::OperationMismatch {
                            " Queue responses in the order the code makes its calls, or use Stubber::unordered()."
                        } else {
                            ""
                        }
                    ),
                )
            })?;
        }
        Mode::Unordered => {
            let position = state
                .queue
                .iter()
                .position(|e| check_entry(e, call, request).is_ok());
            match position {
                Some(0) => {}
                Some(i) => {
                    let entry = state.queue.remove(i).expect("position is in range");
                    state.consumed += 1;
                    return Ok(entry);
                }
                None => {
                    let closest = state.queue.iter().find(|e| e.op.matches(&call.id));
                    let detail = match closest {
                        Some(entry) => {
                            let (_, why) =
                                check_entry(entry, call, request).expect_err("no entry matched");
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
                    return Err(StubError::new(
                        if closest.is_some() {
                            StubErrorKind::InputMismatch
                        } else {
                            StubErrorKind::OperationMismatch
                        },
                        format!(
                            "aws-stubber: call #{} to {call_name} matches none of the {} queued entries (unordered mode); {detail}",
                            call.index,
                            state.queue.len()
                        ),
                    ));
                }
            }
        }
    }
    state.consumed += 1;
    Ok(state.queue.pop_front().expect("queue is not empty"))
}

fn describe_call(call: &CallContext) -> String {
    if call.id.service.is_empty() {
        call.id.operation.clone()
    } else {
        format!("{} {}", call.id.service, call.id.operation)
    }
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
