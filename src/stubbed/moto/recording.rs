//! A moto fixture that records its calls into a fixture file (features `moto` and `record`),
//! so that a machine without moto (CI without Python) replays what ran against it.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use aws_smithy_async::rt::sleep::{SharedAsyncSleep, TokioSleep};
use aws_smithy_async::time::SharedTimeSource;
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_smithy_types::retry::RetryConfig;
use aws_types::SdkConfig;

use super::Moto;
use super::process::Process;
use crate::fixture::{FixtureError, FixtureErrorKind};
use crate::queue::stubber::Stubber;
use crate::record::options::LiveClient;
use crate::record::{FixtureOptions, RecordMode};

/// The address a recording names, whatever port its server had: moto's usual one, so that
/// the file does not change from one recording to the next.
pub const RECORDED_ADDRESS: &str = "http://127.0.0.1:5000";

/// The account a recording's resources are kept under: moto's default one. A recording has
/// a server of its own, so no other test sees them.
pub const RECORDED_ACCOUNT: &str = "123456789012";

impl<C> Moto<C> {
    /// A moto fixture that records: when `AWS_STUBBER_RECORD` asks to record (see
    /// [`RecordMode`]), the client's calls go to a moto server of
    /// their own and are written to the fixture file at `path` when the test calls
    /// [`Stubber::finish`]; otherwise the file is replayed and moto is not needed (nor
    /// started). So a developer's machine with moto records, and CI without Python replays
    /// the same test, with the stubber's strictness.
    ///
    /// Entries queued on the fixture (for what moto does not implement) answer the calls of
    /// the operations they name in both cases, and are not written to the file: the test
    /// queues them again when it replays. Every other call is recorded, or replayed from the
    /// file in any order among the operations (the fixture is unordered, as moto fixtures
    /// are; calls of one operation come back in the order they were recorded).
    ///
    /// The file names moto's usual address ([`RECORDED_ADDRESS`]) and the resources are in
    /// moto's default account ([`RECORDED_ACCOUNT`]), so that recording the same test again
    /// writes the same file (dates and request ids aside). Recording without moto fails
    /// with the command that installs it.
    ///
    /// ```
    /// # #[cfg(feature = "iam")]
    /// # async fn doc() -> Result<(), Box<dyn std::error::Error>> {
    /// use aws_stubber::fixture::test_fixture_path;
    /// use aws_stubber::stubbed::moto::Moto;
    ///
    /// // #[tokio::test] async fn lists_users() -> Result<(), Box<dyn std::error::Error>> {
    /// let iam = Moto::recorded(test_fixture_path!()?, |config, stubber| {
    ///     let config = aws_sdk_iam::config::Builder::from(config).interceptor(stubber.interceptor());
    ///     aws_sdk_iam::Client::from_conf(config.build())
    /// })?;
    /// iam.client.create_user().user_name("alice").send().await?;
    /// let users = iam.client.list_users().send().await?;
    /// assert_eq!(users.users()[0].user_name(), "alice");
    /// iam.finish()?; // writes the recording; does nothing when replaying
    /// # Ok(())
    /// # }
    /// ```
    #[track_caller]
    pub fn recorded(
        path: impl AsRef<Path>,
        make: impl FnOnce(&SdkConfig, &Stubber) -> C,
    ) -> Result<Self, FixtureError> {
        Self::recorded_with(path, FixtureOptions::new(), make)
    }

    /// [`Moto::recorded`] with options (a record mode, a scrubber, ...). The endpoint,
    /// credentials and order are the fixture's own: those options are replaced. New episodes
    /// ([`RecordMode::NewEpisodes`]) cannot be recorded against moto (its state starts empty
    /// while the file's calls are replayed): that mode is an error that says so.
    #[track_caller]
    pub fn recorded_with(
        path: impl AsRef<Path>,
        options: FixtureOptions,
        make: impl FnOnce(&SdkConfig, &Stubber) -> C,
    ) -> Result<Self, FixtureError> {
        let path = path.as_ref();
        let asked = match options.mode {
            Some(mode) => Some(mode),
            None => RecordMode::from_env().ok(),
        };
        if asked == Some(RecordMode::NewEpisodes) {
            return Err(FixtureError::new(
                path,
                FixtureErrorKind::Record,
                "cannot record new episodes against moto: the calls replayed from the file \
                 would not reach moto, whose state starts empty, so the new ones would not \
                 find what they made. Record it whole with AWS_STUBBER_RECORD=all",
            ));
        }
        let mut options = options
            .unordered()
            .endpoint(RECORDED_ADDRESS)
            .credentials(crate::sdk::macro_support::credentials());
        options.stubs_in_front = true;
        // The same file records the same ids each run.
        let seed = seed_of(&path.file_name().unwrap_or_default().to_string_lossy());
        let leased: Arc<OnceLock<Arc<Process>>> = Arc::default();
        let server = leased.clone();
        options.live = Some(LiveClient(Arc::new(move || {
            let (client, process) = super::account::redirecting_client(RECORDED_ACCOUNT, seed)
                .map_err(|e| format!("cannot be recorded against moto: {}", e.message()))?;
            let _ = server.set(process);
            Ok(client)
        })));
        let stubber = Stubber::fixture_with(path, options)?;
        let mut config = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(stubber.region())
            .credentials_provider(stubber.credentials_provider())
            .http_client(stubber.http_client())
            .sleep_impl(SharedAsyncSleep::new(TokioSleep::new()))
            .time_source(SharedTimeSource::default())
            .retry_config(RetryConfig::disabled());
        if let Some(url) = stubber.endpoint_url() {
            config = config.endpoint_url(url);
        }
        let config = config.build();
        let client = make(&config, &stubber);
        Ok(Moto {
            client,
            stubber,
            config,
            account: RECORDED_ACCOUNT.to_string(),
            server: leased.get().map(|process| (process.clone(), true)),
        })
    }
}

/// A seed from a name: the same name, the same seed.
fn seed_of(name: &str) -> u64 {
    // FNV-1a, kept to 48 bits (any integer moto reads).
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    hash >> 16
}
