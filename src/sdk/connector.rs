//! The HTTP client half of a stubber: sees each request as it would go on the wire (after
//! every interceptor of the SDK), picks the queue entry that answers it, and never opens a
//! connection.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;

use crate::error::{StubError, StubErrorKind};
use crate::history::CallContext;
use crate::history::RecordedRequest;
use crate::inject::{Decision, Injection};
use crate::message::PREFIX;
use crate::queue::attempt::{Answered, Attempt};
use crate::queue::state::Inner;
use crate::respond::{Answer, ClientError, CutBody, Fault, RawResponse, Response, written_http};
pub(crate) use crate::sdk::answer::pick_answer;

/// The HTTP client half of a [`Stubber`](crate::Stubber); install it with
/// [`Stubber::http_client`](crate::Stubber::http_client) (the [`client!`](crate::client)
/// macro does).
#[derive(Clone)]
pub struct StubHttpClient {
    inner: Arc<Inner>,
}

impl fmt::Debug for StubHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StubHttpClient")
    }
}

impl StubHttpClient {
    pub(crate) fn new(inner: Arc<Inner>) -> Self {
        StubHttpClient { inner }
    }
}

impl HttpClient for StubHttpClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        let (real, behind) = {
            let state = self.inner.lock();
            let real = state
                .recording
                .as_ref()
                .map(|r| r.http_connector(settings, components));
            let behind = state
                .behind
                .as_ref()
                .map(|c| c.http_connector(settings, components));
            (real, behind)
        };
        SharedHttpConnector::new(StubConnector {
            inner: self.inner.clone(),
            real,
            behind,
        })
    }
}

#[derive(Clone)]
struct StubConnector {
    inner: Arc<Inner>,
    /// The real HTTP client of a recording.
    real: Option<SharedHttpConnector>,
    /// The live endpoint behind the stubber, for calls of operations without entries.
    behind: Option<SharedHttpConnector>,
}

impl fmt::Debug for StubConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StubConnector")
    }
}

impl HttpConnector for StubConnector {
    fn call(&self, mut request: HttpRequest) -> HttpConnectorFuture {
        let Some(attempt) = request.extension::<Attempt>().cloned() else {
            let err = StubError::new(
                StubErrorKind::Misuse,
                format!(
                    "{PREFIX}a {} request to {} reached the stub HTTP client without the \
                     stubber's interceptor, so it was not sent anywhere. Install both \
                     stubber.http_client() and stubber.interceptor() on the client config \
                     (aws_stubber::client! does).",
                    request.method(),
                    request.uri()
                ),
            );
            return HttpConnectorFuture::ready(Err(stub_failure(self.inner.fail(err))));
        };
        // With a live endpoint behind the stubber, calls of operations that no entry names go
        // there untouched (kept in the history when their body is in memory).
        if let Some(behind) = &self.behind
            && !self.inner.lock().has_entry_for(&attempt.call.id)
        {
            if let Some(wire) = crate::sdk::wire::read_now(&request) {
                if let Some(swept) = self.swept(&attempt, &wire) {
                    return swept;
                }
                self.keep_request(&attempt, &wire);
                if let Some(invalid) = validate(&attempt, &wire) {
                    let err = crate::queue::pick::refused(&attempt.call, &invalid);
                    return HttpConnectorFuture::ready(Err(stub_failure(self.inner.fail(err))));
                }
            }
            return behind.call(request);
        }
        // In-memory bodies are answered at once; streaming ones are read first.
        if let Some(wire) = crate::sdk::wire::read_now(&request)
            && self.real.is_none()
        {
            if let Some(swept) = self.swept(&attempt, &wire) {
                return swept;
            }
            return match self.answer(&attempt, wire) {
                Ok((answer, None)) => HttpConnectorFuture::ready(respond(answer)),
                Ok((answer, Some(delay))) => {
                    let sleep = self.inner.clock.sleep_for(delay);
                    HttpConnectorFuture::new(async move {
                        sleep.await;
                        respond(answer)
                    })
                }
                Err(err) => HttpConnectorFuture::ready(Err(err)),
            };
        }
        let this = self.clone();
        HttpConnectorFuture::new(async move {
            let wire = match crate::sdk::wire::read_streaming(&mut request).await {
                Ok(wire) => wire,
                Err(message) => {
                    let err = StubError::new(StubErrorKind::Misuse, format!("{PREFIX}{message}"));
                    return Err(stub_failure(this.inner.fail(err)));
                }
            };
            // A recording sends the call, unless entries wait in the queue: those a
            // `new_episodes` recording replays before it records.
            if let Some(real) = this.real.clone()
                && this.inner.lock().records(&attempt.call.id)
            {
                return this.record(real, attempt, wire, request).await;
            }
            if let Some(swept) = this.swept(&attempt, &wire) {
                return swept.await;
            }
            let (answer, delay) = this.answer(&attempt, wire)?;
            if let Some(delay) = delay {
                this.inner.clock.sleep_for(delay).await;
            }
            respond(answer)
        })
    }
}

impl StubConnector {
    /// Sends a recording's request to the real HTTP client, through the recorder.
    async fn record(
        &self,
        real: SharedHttpConnector,
        attempt: Attempt,
        wire: RecordedRequest,
        request: HttpRequest,
    ) -> Result<HttpResponse, ConnectorError> {
        self.keep_request(&attempt, &wire);
        let recorder = self.inner.lock().recording.clone();
        match recorder {
            Some(recorder) if !recorder.ended() => {
                recorder.send(real, attempt, wire, request).await
            }
            _ => {
                let err = StubError::new(
                    StubErrorKind::Misuse,
                    format!(
                        "{PREFIX}{} was made after the recording ended (Stubber::finish() \
                         was called), so it was neither sent nor recorded. Call finish() after \
                         the last call of the test.",
                        crate::message::call(
                            attempt.call.index,
                            &attempt.call.id.service,
                            &attempt.call.id.operation
                        )
                    ),
                );
                Err(stub_failure(self.inner.fail(err)))
            }
        }
    }

    /// A sweep's answer to this attempt, when the sweep takes it: the failure it injects
    /// (the queue entry stays for a retry), or no answer at all once the run is hung.
    fn swept(&self, attempt: &Attempt, wire: &RecordedRequest) -> Option<HttpConnectorFuture> {
        Some(match swept(&self.inner, &attempt.call, wire)? {
            Swept::Hang => HttpConnectorFuture::new(std::future::pending()),
            Swept::Answer(answer) => HttpConnectorFuture::ready(respond(answer)),
            Swept::Cut {
                status,
                headers,
                body,
            } => HttpConnectorFuture::ready(http_response(status, &headers, body)),
        })
    }

    fn keep_request(&self, attempt: &Attempt, wire: &RecordedRequest) {
        keep_request(&self.inner, &attempt.call, wire);
    }

    /// Picks the queue entry for this attempt and turns it into the answer.
    fn answer(
        &self,
        attempt: &Attempt,
        wire: RecordedRequest,
    ) -> Result<(Answer, Option<Duration>), ConnectorError> {
        let picked = match pick_answer(&self.inner, &attempt.call, wire) {
            Ok(picked) => picked,
            Err(err) => return Err(stub_failure(self.inner.fail(err))),
        };
        if picked.empty {
            attempt.answer_empty();
        }
        if let Some(typed) = picked.typed {
            attempt.answer_typed(typed);
        }
        Ok((picked.answer, picked.delay))
    }
}

/// What a sweep answers an attempt with, when it takes the attempt from the queue.
pub(crate) enum Swept {
    /// Never answer: the run is hung.
    Hang,
    /// The injected error or fault.
    Answer(Answer),
    /// The written answer's body, cut short.
    Cut {
        status: u16,
        headers: Vec<(String, String)>,
        body: SdkBody,
    },
}

/// A sweep's answer to this attempt of `call`, when the sweep takes it (kept in the call's
/// requests); `None` when the queue answers.
pub(crate) fn swept(inner: &Inner, call: &CallContext, wire: &RecordedRequest) -> Option<Swept> {
    let (plan, stubber) = inner.lock().sweep.clone()?;
    let injection = match plan.attempt(stubber, call) {
        Decision::Queue => return None,
        Decision::Hang => return Some(Swept::Hang),
        Decision::Inject(injection) => injection,
    };
    keep_request(inner, call, wire);
    inner.lock().excuse_entry_of(&call.id);
    let service = &call.id.service;
    Some(match injection {
        Injection::Error { code, status } => {
            let error = ClientError::new(code)
                .message("injected by aws_stubber::sweep")
                .status(status);
            Swept::Answer(Response::Client(error).into_answer(service, wire).0)
        }
        Injection::Fault(fault) => Swept::Answer(Answer::Fault(fault)),
        Injection::CutBody => {
            let written = {
                let state = inner.lock();
                let entry = state.queue.iter().find(|e| e.op.matches(&call.id));
                entry.map_or(RawResponse::new(200), |e| written_http(&e.response))
            };
            let (status, headers, body) = CutBody::answer(written);
            Swept::Cut {
                status,
                headers,
                body: SdkBody::from_body_1_x(body),
            }
        }
    })
}

/// Keeps one attempt's request in the call's history.
pub(crate) fn keep_request(inner: &Inner, call: &CallContext, wire: &RecordedRequest) {
    let mut state = inner.lock();
    if let Some(call) = state.calls.get_mut(call.index - 1) {
        call.requests.push(wire.clone());
    }
}

/// What the AWS service models say the service would refuse in the request, if anything.
fn validate(attempt: &Attempt, wire: &RecordedRequest) -> Option<crate::validate::Invalid> {
    let id = &attempt.call.id;
    crate::validate::check(&id.service, &id.operation, wire)
}

/// A stub failure as the SDK reports it: a dispatch failure whose source is the
/// [`StubError`].
fn stub_failure(err: StubError) -> ConnectorError {
    ConnectorError::other(Box::new(err), None)
}

fn respond(answer: Answer) -> Result<HttpResponse, ConnectorError> {
    match answer {
        Answer::Http {
            status,
            headers,
            body,
        } => http_response(status, &headers, body),
        Answer::Typed => Err(ConnectorError::other(Box::new(Answered), None)),
        Answer::Stream { headers, parts } => {
            let mut all = vec![(
                "content-type".to_string(),
                crate::respond::EVENT_STREAM.to_string(),
            )];
            all.extend(headers);
            let body = SdkBody::from_body_1_x(crate::respond::FrameBody::new(parts));
            http_response(200, &all, body)
        }
        Answer::Fault(fault) => Err(match fault {
            Fault::Timeout => ConnectorError::timeout(format!("{PREFIX}stubbed timeout").into()),
            Fault::ConnectionRefused => ConnectorError::io(Box::new(std::io::Error::new(
                std::io::ErrorKind::ConnectionRefused,
                format!("{PREFIX}stubbed connection refused"),
            ))),
            Fault::ConnectionReset => ConnectorError::io(Box::new(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                format!("{PREFIX}stubbed connection reset"),
            ))),
        }),
    }
}

/// An HTTP response for the SDK.
pub(crate) fn http_response(
    status: u16,
    headers: &[(String, String)],
    body: impl Into<SdkBody>,
) -> Result<HttpResponse, ConnectorError> {
    let invalid = |e: &dyn fmt::Display| {
        ConnectorError::other(
            format!("{PREFIX}the queued response is not valid HTTP: {e}").into(),
            None,
        )
    };
    let mut builder = http::Response::builder().status(status);
    for (k, v) in headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let response = builder.body(body.into()).map_err(|e| invalid(&e))?;
    HttpResponse::try_from(response).map_err(|e| invalid(&e))
}
