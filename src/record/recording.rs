//! A recording in progress: the real client and credentials it sends with, and the
//! exchanges it keeps.

use std::error::Error as StdError;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;

use super::live;
use crate::fixture::{Fixture, FixtureError, FixtureErrorKind, Interaction, Payload};
use crate::history::RecordedRequest;
use crate::queue::attempt::Attempt;
use crate::queue::recorder::{Outcome, Recorder};
use crate::queue::stubber::Stubber;
use crate::record::options::{FixtureOptions, RecordMode};
use crate::respond::{Fault, RawResponse};
use crate::scrub::Scrubber;

pub(crate) fn start(
    stubber: &Stubber,
    path: &Path,
    mode: RecordMode,
    options: FixtureOptions,
    base: Option<Fixture>,
) -> Result<(), FixtureError> {
    if mode != RecordMode::Drift {
        super::check_writable(path)?;
    }
    let client = match &options.live {
        Some(live) => {
            (live.0)().map_err(|e| FixtureError::new(path, FixtureErrorKind::Record, e))?
        }
        None => live::https_client(),
    };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let credentials = live::credentials(options.credentials, &client, seen.clone());
    let endpoint = options
        .endpoint
        .or_else(|| {
            std::env::var("AWS_ENDPOINT_URL")
                .ok()
                .filter(|v| !v.is_empty())
        })
        .or_else(|| base.as_ref().and_then(|b| b.endpoint.clone()));
    if let Some(base) = base.as_ref().filter(|_| mode == RecordMode::NewEpisodes)
        && base.endpoint != endpoint
    {
        return Err(FixtureError::new(
            path,
            FixtureErrorKind::Record,
            format!(
                "was recorded against {}, but new episodes would be recorded against {}: \
                 one file cannot hold both; record it whole with AWS_STUBBER_RECORD=all",
                base.endpoint.as_deref().unwrap_or("AWS's own endpoints"),
                endpoint.as_deref().unwrap_or("AWS's own endpoints"),
            ),
        ));
    }
    let recording = Recording {
        path: path.to_path_buf(),
        mode,
        base,
        skip_review: options.skip_review,
        per_run: options.per_run,
        scrubber: options.scrubber.unwrap_or_default(),
        endpoint,
        credentials,
        seen,
        client,
        state: Mutex::new(RecState::default()),
    };
    let mut state = stubber.inner.lock();
    state.recording = Some(Arc::new(recording));
    state.stubs_in_front = options.stubs_in_front;
    Ok(())
}

/// A recording in progress.
pub(super) struct Recording {
    pub(super) path: PathBuf,
    pub(super) mode: RecordMode,
    /// What `new_episodes` replayed first, or what a drift check compares with.
    pub(super) base: Option<Fixture>,
    pub(super) skip_review: bool,
    /// Fields a drift check does not compare.
    pub(super) per_run: Vec<String>,
    pub(super) scrubber: Scrubber,
    pub(super) endpoint: Option<String>,
    pub(super) credentials: SharedCredentialsProvider,
    /// The credential values handed to the SDK: never written to the file.
    pub(super) seen: Arc<Mutex<Vec<String>>>,
    pub(super) client: SharedHttpClient,
    pub(super) state: Mutex<RecState>,
}

#[derive(Default)]
pub(super) struct RecState {
    pub(super) exchanges: Vec<Exchange>,
    pub(super) ended: bool,
}

/// One recorded exchange with what the SDK knew about it.
pub(super) struct Exchange {
    pub(super) interaction: Interaction,
    pub(super) input_debug: Arc<str>,
    pub(super) output_debug: Arc<Mutex<Option<String>>>,
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Recording {
    fn keep(&self, exchange: Exchange) {
        lock(&self.state).exchanges.push(exchange);
    }
}

impl Recorder for Recording {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.client.http_connector(settings, components)
    }

    fn credentials(&self) -> SharedCredentialsProvider {
        self.credentials.clone()
    }

    fn endpoint(&self) -> Option<String> {
        self.endpoint.clone()
    }

    fn ended(&self) -> bool {
        lock(&self.state).ended
    }

    fn send(
        self: Arc<Self>,
        real: SharedHttpConnector,
        attempt: Attempt,
        wire: RecordedRequest,
        request: HttpRequest,
    ) -> HttpConnectorFuture {
        let output_debug = Arc::new(Mutex::new(None));
        let slot = output_debug.clone();
        attempt.watch_result(Box::new(move |debug| *lock(&slot) = Some(debug)));
        let call = attempt.call;
        // A random id per call, never compared: written, it would change the file each time.
        let mut wire = wire;
        wire.headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("amz-sdk-invocation-id"));
        let exchange = move |response, fault| Exchange {
            interaction: Interaction {
                service: call.id.service.clone(),
                operation: call.id.operation.clone(),
                matching: None,
                scrub_mark: None,
                request: wire.clone(),
                response,
                fault,
                payload: Payload::default(),
            },
            input_debug: call.input.debug().clone(),
            output_debug: output_debug.clone(),
        };
        HttpConnectorFuture::new(async move {
            let response = match real.call(request).await {
                Ok(response) => response,
                Err(err) => {
                    // Keep what happened: a fault instead of a response.
                    let fault = if err.is_timeout() {
                        Fault::Timeout
                    } else if live::is_refused(&err) {
                        Fault::ConnectionRefused
                    } else {
                        Fault::ConnectionReset
                    };
                    self.keep(exchange(None, Some(fault)));
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
            let record = RawResponse {
                status,
                headers: headers.clone(),
                body: body.clone(),
            };
            self.keep(exchange(Some(record), None));
            crate::sdk::connector::http_response(status, &headers, body)
        })
    }

    fn end(&self, outcome: Outcome) -> Result<(), Box<dyn StdError + Send + Sync>> {
        let exchanges = {
            let mut state = lock(&self.state);
            if state.ended {
                return Ok(());
            }
            state.ended = true;
            std::mem::take(&mut state.exchanges)
        };
        self.finish(exchanges, outcome)
    }
}
