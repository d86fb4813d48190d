//! How the stub core talks to a recording, without knowing fixture files: the state holds an
//! optional [`Recorder`], which the `fixture` module implements.

use std::error::Error as StdError;

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::http::{
    HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;

use crate::history::RecordedRequest;
use crate::interceptor::Attempt;

/// How a test went, as the stubber knows it when the recording ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// `finish()` was called (the test reached its end).
    pub(crate) finished: bool,
    /// A thread holding a handle panicked, or is panicking now.
    pub(crate) panicked: bool,
    /// Stubbed calls failed during the test.
    pub(crate) failed: bool,
}

impl Outcome {
    #[cfg_attr(not(feature = "record"), allow(dead_code))]
    /// Only a finished test without panics or failed calls may replace a fixture.
    pub(crate) fn passed(&self) -> bool {
        self.finished && !self.panicked && !self.failed
    }
}

/// A recording of real traffic in progress.
pub(crate) trait Recorder: Send + Sync {
    /// The real HTTP connector requests are sent with.
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector;

    /// The real credentials clients sign with.
    fn credentials(&self) -> SharedCredentialsProvider;

    /// The endpoint recorded against (`None` for AWS's own).
    fn endpoint(&self) -> Option<String>;

    /// Sends the request (`wire` is what it holds) to the real endpoint and keeps the
    /// exchange; an error once the recording has ended.
    fn send(
        self: std::sync::Arc<Self>,
        real: SharedHttpConnector,
        attempt: Attempt,
        wire: RecordedRequest,
        request: HttpRequest,
    ) -> HttpConnectorFuture;

    /// Ends the recording and writes what it holds: over the fixture when the test passed,
    /// beside it otherwise. Does nothing the second time.
    fn end(&self, outcome: Outcome) -> Result<(), Box<dyn StdError + Send + Sync>>;

    /// Whether the recording has ended.
    fn ended(&self) -> bool;
}
