//! The HTTP client half of a stubber: answers each request with what the interceptor picked
//! for it, and never opens a connection.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;

use crate::error::{StubError, StubErrorKind};
use crate::fixture_file::FaultRecord;
use crate::replay::{request_record, response_record, RecordTag};
use crate::response::Fault;
use crate::stubber::Inner;

/// What the HTTP client answers one request with.
pub(crate) enum Directive {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Bytes,
    },
    Fault(Fault),
}

/// Attached to a request by the interceptor: the answer for this attempt.
#[derive(Clone)]
pub(crate) struct Ticket(Arc<Mutex<Option<Answer>>>);

type Answer = (Directive, Option<Duration>);

impl Ticket {
    pub(crate) fn new(directive: Directive, delay: Option<Duration>) -> Self {
        Ticket(Arc::new(Mutex::new(Some((directive, delay)))))
    }
}

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
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        #[cfg(feature = "record")]
        let real = self
            .inner
            .lock()
            .recording
            .as_ref()
            .map(|r| r.client.http_connector(_settings, _components));
        #[cfg(not(feature = "record"))]
        let real = None;
        SharedHttpConnector::new(StubConnector {
            inner: self.inner.clone(),
            real,
        })
    }
}

#[derive(Clone)]
struct StubConnector {
    inner: Arc<Inner>,
    /// The real HTTP client of a recording.
    real: Option<SharedHttpConnector>,
}

impl fmt::Debug for StubConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StubConnector")
    }
}

impl HttpConnector for StubConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        if let (Some(tag), Some(real)) = (request.extension::<RecordTag>().cloned(), &self.real) {
            return record_exchange(self.inner.clone(), real.clone(), tag, request);
        }
        let answer = request
            .extension::<Ticket>()
            .and_then(|t| t.0.lock().unwrap_or_else(|p| p.into_inner()).take());
        let Some((directive, delay)) = answer else {
            let err = StubError::new(
                StubErrorKind::Misuse,
                format!(
                    "aws-stubber: a {} request to {} reached the stub HTTP client without a queue \
                     entry picked by its interceptor, so it was not sent anywhere. Install both \
                     stubber.http_client() and stubber.interceptor() on the client config \
                     (aws_stubber::client! does).",
                    request.method(),
                    request.uri()
                ),
            );
            self.inner.lock().failures.push(err.clone());
            return HttpConnectorFuture::ready(Err(ConnectorError::other(Box::new(err), None)));
        };
        match delay {
            None => HttpConnectorFuture::ready(answer_with(directive)),
            Some(delay) => HttpConnectorFuture::new(async move {
                tokio::time::sleep(delay).await;
                answer_with(directive)
            }),
        }
    }
}

fn answer_with(directive: Directive) -> Result<HttpResponse, ConnectorError> {
    match directive {
        Directive::Respond {
            status,
            headers,
            body,
        } => {
            let mut builder = http::Response::builder().status(status);
            for (k, v) in &headers {
                builder = builder.header(k.as_str(), v.as_str());
            }
            let response = builder.body(SdkBody::from(body)).map_err(|e| {
                ConnectorError::other(
                    format!("aws-stubber: the queued response is not valid HTTP: {e}").into(),
                    None,
                )
            })?;
            HttpResponse::try_from(response).map_err(|e| {
                ConnectorError::other(
                    format!("aws-stubber: the queued response is not valid HTTP: {e}").into(),
                    None,
                )
            })
        }
        Directive::Fault(fault) => Err(match fault {
            Fault::Timeout => ConnectorError::timeout("aws-stubber: stubbed timeout".into()),
            Fault::ConnectionRefused => ConnectorError::io(Box::new(std::io::Error::new(
                std::io::ErrorKind::ConnectionRefused,
                "aws-stubber: stubbed connection refused",
            ))),
            Fault::ConnectionReset => ConnectorError::io(Box::new(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "aws-stubber: stubbed connection reset",
            ))),
        }),
    }
}

/// Sends a request of a recording to the real endpoint and keeps the exchange.
fn record_exchange(
    inner: Arc<Inner>,
    real: SharedHttpConnector,
    tag: RecordTag,
    request: HttpRequest,
) -> HttpConnectorFuture {
    let request_record = request_record(
        request.method(),
        request.uri(),
        request
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string())),
        request.body().bytes().unwrap_or_default(),
    );
    HttpConnectorFuture::new(async move {
        let response = match real.call(request).await {
            Ok(response) => response,
            Err(err) => {
                // Keep what happened: a fault instead of a response.
                let fault = if err.is_timeout() {
                    FaultRecord::Timeout
                } else if is_refused(&err) {
                    FaultRecord::ConnectionRefused
                } else {
                    FaultRecord::ConnectionReset
                };
                if let Some(rec) = inner.lock().recording.as_mut() {
                    rec.interactions.push(crate::fixture_file::Interaction {
                        service: tag.service,
                        operation: tag.operation,
                        matching: None,
                        request: request_record,
                        response: None,
                        fault: Some(fault),
                    });
                }
                return Err(err);
            }
        };
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let body = aws_smithy_types::byte_stream::ByteStream::new(response.into_body())
            .collect()
            .await
            .map_err(|e| ConnectorError::io(Box::new(e)))?
            .into_bytes();
        let interaction = crate::fixture_file::Interaction {
            service: tag.service,
            operation: tag.operation,
            matching: None,
            request: request_record,
            response: Some(response_record(status, headers.iter().cloned(), &body)),
            fault: None,
        };
        if let Some(rec) = inner.lock().recording.as_mut() {
            rec.interactions.push(interaction);
        }
        answer_with(Directive::Respond {
            status,
            headers,
            body,
        })
    })
}

/// Whether a connector error comes from a refused connection, anywhere in its source chain.
fn is_refused(err: &ConnectorError) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                return true;
            }
        }
        if e.to_string()
            .to_ascii_lowercase()
            .contains("connection refused")
        {
            return true;
        }
        source = e.source();
    }
    false
}
