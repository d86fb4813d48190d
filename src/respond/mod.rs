//! What a queue entry answers with, and (in `protocol`) the wire formats of errors.

mod cut;
mod empty;
mod event_stream;
mod kinds;
mod names;
pub(crate) mod protocol;

pub(crate) use cut::{CutBody, written_http};
pub(crate) use empty::fit as fit_empty;
pub use event_stream::EventStream;
pub(crate) use event_stream::{EVENT_STREAM, FrameBody, Part};
pub(crate) use kinds::DEFAULT_REQUEST_ID;
pub(crate) use kinds::check_status;
pub use kinds::{ClientError, Fault, RawResponse};
pub(crate) use names::{short_type_name, strip_erased, type_of_debug};

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use aws_smithy_runtime_api::client::interceptors::context::{Error, Output};
use bytes::Bytes;

use crate::error::{StubError, StubErrorKind};
use crate::history::{CallContext, RecordedRequest};
use crate::message::PREFIX;
use crate::respond::protocol::{ErrorParts, Protocol, error_response};

/// The typed output or error an attempt is answered with. `via_http` is true when the
/// attempt also got an HTTP response from the stub client (a modeled error): then it only
/// replaces a result the SDK deserialized.
pub(crate) struct Typed {
    pub(crate) value: Result<Output, Error>,
    pub(crate) via_http: bool,
}

impl Typed {
    fn answer(value: Result<Output, Error>, via_http: bool) -> Self {
        Typed { value, via_http }
    }
}

pub(crate) enum Response {
    Output(Output),
    /// A `Clone` output that can answer several calls: each use but the last gets a copy,
    /// made when the entry is taken (under the queue's lock, so copies and the last use never
    /// race); the last use gets the value itself.
    Repeatable {
        make: MakeCopy,
        type_name: &'static str,
    },
    /// An answer built for each call (from its typed input when `needs_input`), outside any
    /// lock: an output, or a modeled error answered with `status`.
    Computed {
        compute: Compute,
        /// What the entry answers with, for messages (`computed output HeadObjectOutput`).
        what: String,
        /// The `add_*` method that queued it, for messages.
        method: &'static str,
        needs_input: bool,
        status: u16,
    },
    ModeledError {
        error: Error,
        code: Option<String>,
        message: Option<String>,
        status: u16,
    },
    Client(ClientError),
    /// The operation's output with nothing set, built by the SDK's deserializer from the
    /// protocol's emptiest success response (see `empty`).
    Empty {
        type_name: &'static str,
    },
    Http(RawResponse),
    EventStream(EventStream),
    Fault(Fault),
}

/// Makes a copy of a repeatable output (`false`), or hands over the value itself (`true`,
/// the last use).
pub(crate) type MakeCopy = Arc<dyn Fn(bool) -> Output + Send + Sync>;

/// Builds a call's answer, from its typed input when there is one: an output, or a modeled
/// error.
pub(crate) type Compute =
    Arc<dyn Fn(Option<&(dyn Any + Send + Sync)>) -> Result<Output, ModeledParts> + Send + Sync>;

/// A modeled error with what its wire response needs: its code and message. (Public types
/// only: a sealed trait's method returns it.)
pub(crate) type ModeledParts = (Error, Option<String>, Option<String>);

/// The parts of a typed modeled error: its code (from its metadata, else its variant's name,
/// as hand-built variants often carry none) and message.
pub(crate) fn modeled_parts<E>(error: E) -> ModeledParts
where
    E: std::error::Error
        + aws_smithy_types::error::metadata::ProvideErrorMetadata
        + fmt::Debug
        + Send
        + Sync
        + 'static,
{
    let code = error.code().map(str::to_string).or_else(|| {
        let debug = format!("{error:?}");
        let name: String = debug
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty() && name != "Unhandled").then_some(name)
    });
    let message = error.message().map(str::to_string);
    (Error::erase(error), code, message)
}

/// The response answering with a modeled error and `status`.
pub(crate) fn modeled_error((error, code, message): ModeledParts, status: u16) -> Response {
    Response::ModeledError {
        error,
        code,
        message,
        status,
    }
}

impl Response {
    /// A typed output that can answer several calls (see [`QueuedResponse::times`]).
    ///
    /// [`QueuedResponse::times`]: crate::QueuedResponse::times
    pub(crate) fn repeatable<O: fmt::Debug + Clone + Send + Sync + 'static>(output: O) -> Self {
        let slot = std::sync::Mutex::new(Some(output));
        Response::Repeatable {
            make: Arc::new(move |last| {
                let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
                let value = if last { slot.take() } else { slot.clone() };
                Output::erase(value.expect("the last use of a repeatable output is the last"))
            }),
            type_name: short_type_name::<O>(),
        }
    }

    /// Whether the response can answer more than one call.
    pub(crate) fn can_repeat(&self) -> bool {
        !matches!(self, Response::Output(_) | Response::ModeledError { .. })
    }

    /// The response for one use of an entry that answers more calls after it.
    pub(crate) fn next_copy(&self) -> Response {
        match self {
            Response::Repeatable { make, .. } => Response::Output(make(false)),
            Response::Computed {
                compute,
                what,
                method,
                needs_input,
                status,
            } => Response::Computed {
                compute: compute.clone(),
                what: what.clone(),
                method,
                needs_input: *needs_input,
                status: *status,
            },
            Response::Client(c) => Response::Client(c.clone()),
            Response::Empty { type_name } => Response::Empty { type_name },
            Response::Http(r) => Response::Http(r.clone()),
            Response::EventStream(e) => Response::EventStream(e.clone()),
            Response::Fault(f) => Response::Fault(*f),
            Response::Output(_) | Response::ModeledError { .. } => {
                unreachable!("times() lets only responses that can repeat answer several calls")
            }
        }
    }

    /// The response for the entry's last use.
    pub(crate) fn last_use(self) -> Response {
        match self {
            Response::Repeatable { make, .. } => Response::Output(make(true)),
            other => other,
        }
    }

    /// Why [`Response::can_repeat`] says no, as advice.
    pub(crate) fn why_not_repeatable(&self) -> &'static str {
        match self {
            Response::ModeledError { .. } => {
                "the SDK's error types are not Clone; build one for each call with \
                 add_error_fn, or use add_client_error, which can answer several calls"
            }
            _ => {
                "its output type is not Clone (it holds a stream, say); build one for each call \
                 with add_response_fn (or from the input with add_computed_response)"
            }
        }
    }

    /// Runs a computed response's function for this call (outside any lock); other
    /// responses stay as they are.
    pub(crate) fn for_call(self, call: &CallContext) -> Result<Response, StubError> {
        let Response::Computed {
            compute,
            method,
            needs_input,
            status,
            ..
        } = self
        else {
            return Ok(self);
        };
        let input = call.input.value();
        if needs_input && input.is_none() {
            return Err(StubError::new(
                StubErrorKind::Misuse,
                format!(
                    "{PREFIX}{} has no typed input to compute its response from",
                    crate::message::call(call.index, &call.id.service, &call.id.operation)
                ),
            ));
        }
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| compute(input)))
            .map(|answer| match answer {
                Ok(output) => Response::Output(output),
                Err(error) => modeled_error(error, status),
            })
            .map_err(|panic| {
                StubError::new(
                    StubErrorKind::Misuse,
                    format!(
                        "{PREFIX}{}: the function given to {method} panicked ({})",
                        crate::message::call(call.index, &call.id.service, &call.id.operation),
                        crate::error::panic_text(&*panic)
                    ),
                )
            })
    }

    pub(crate) fn summary(&self) -> String {
        match self {
            Response::Output(o) => format!("output {}", type_of_debug(&format!("{o:?}"))),
            Response::Repeatable { type_name, .. } => format!("output {type_name}"),
            Response::Computed { what, .. } => what.clone(),
            Response::ModeledError { code, status, .. } => format!(
                "modeled error {} ({status})",
                code.as_deref().unwrap_or("without code")
            ),
            Response::Client(c) => format!("client error {} ({})", c.code, c.status),
            Response::Empty { type_name } => format!("empty output {type_name}"),
            Response::Http(r) => format!("HTTP {} ({} bytes)", r.status, r.body.len()),
            Response::EventStream(e) => format!("event stream ({} messages)", e.messages()),
            Response::Fault(f) => format!("fault: {f}"),
        }
    }
}

/// What the stub HTTP client answers an attempt with.
pub(crate) enum Answer {
    Http {
        status: u16,
        headers: Vec<(String, String)>,
        body: Bytes,
    },
    Fault(Fault),
    /// A typed output, handed to the SDK without an HTTP exchange.
    Typed,
    /// An event stream, framed, with its pauses.
    Stream {
        headers: Vec<(String, String)>,
        parts: Vec<Part>,
    },
}

impl Response {
    /// The HTTP answer to `request` (a call to `service`), and the typed value that replaces
    /// what the SDK makes of it. Client errors are written in the service's wire protocol.
    pub(crate) fn into_answer(
        self,
        service: &str,
        request: &RecordedRequest,
    ) -> (Answer, Option<Typed>) {
        let head_request = request.method.eq_ignore_ascii_case("HEAD");
        let error = |parts: ErrorParts<'_>, headers| error_answer(service, request, parts, headers);
        match self {
            Response::Output(output) => (Answer::Typed, Some(Typed::answer(Ok(output), false))),
            Response::ModeledError {
                error: value,
                code,
                message,
                status,
            } => {
                let parts = ErrorParts {
                    code: code.as_deref().unwrap_or("Unknown"),
                    message: message.as_deref().unwrap_or(""),
                    status,
                    request_id: DEFAULT_REQUEST_ID,
                    fields: &[],
                    head_request,
                };
                (
                    error(parts, Vec::new()),
                    Some(Typed::answer(Err(value), true)),
                )
            }
            Response::Client(mut ce) => {
                let headers = std::mem::take(&mut ce.headers);
                let parts = ErrorParts {
                    code: &ce.code,
                    message: &ce.message,
                    status: ce.status,
                    request_id: &ce.request_id,
                    fields: &ce.fields,
                    head_request,
                };
                (error(parts, headers), None)
            }
            Response::Http(raw) => (
                Answer::Http {
                    status: raw.status,
                    headers: raw.headers,
                    body: raw.body,
                },
                None,
            ),
            Response::Fault(fault) => (Answer::Fault(fault), None),
            Response::Empty { .. } => (empty::answer(service, request), None),
            Response::EventStream(EventStream { headers, parts }) => {
                (Answer::Stream { headers, parts }, None)
            }
            Response::Repeatable { .. } | Response::Computed { .. } => {
                unreachable!("taking the entry and for_call make the output first")
            }
        }
    }
}

/// An error written as the service's wire protocol writes it, with these extra headers.
fn error_answer(
    service: &str,
    request: &RecordedRequest,
    parts: ErrorParts<'_>,
    headers: Vec<(String, String)>,
) -> Answer {
    let protocol = Protocol::infer(service, &request.headers, &request.body);
    let mut synthesized = error_response(protocol, &parts);
    synthesized.headers.extend(headers);
    Answer::Http {
        status: parts.status,
        headers: synthesized.headers,
        body: synthesized.body.into(),
    }
}
