//! One test's own account in the shared moto server (every request of its clients carries
//! `x-moto-account-id`, which moto keys its resources by), or a server of its own.

use std::sync::atomic::{AtomicU64, Ordering};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_async::rt::sleep::{AsyncSleep as _, SharedAsyncSleep, TokioSleep};
use aws_smithy_async::time::SharedTimeSource;
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::retry::RetryConfig;
use aws_types::SdkConfig;
use aws_types::region::Region;

use std::sync::Arc;
use std::time::Duration;

use aws_smithy_async::future::timeout::Timeout;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_types::retry::ErrorKind;
use aws_smithy_types::timeout::TimeoutConfig;

use super::process::Process;
use super::said;
#[cfg(feature = "record")]
use super::server::fresh_lease;
use super::server::{Lease, MotoError, lease, server};

/// How long a call to moto may take before it fails naming the server, unless the client's
/// config gives a read timeout of its own: moto answers most calls in milliseconds, and its
/// slowest first calls (EC2's, which loads its catalogues) in about a second and a half.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// The header moto reads the account of a request from.
pub(super) const ACCOUNT_HEADER: &str = "x-moto-account-id";

/// A new 12-digit account id, unique in this process (and, by the process id, apart from
/// other test binaries sharing nothing but the machine).
pub(super) fn fresh_account() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let pid = u64::from(std::process::id()) % 100_000;
    format!("{:012}", 100_000_000_000 + pid * 1_000_000 + n % 1_000_000)
}

/// The shared configuration for a fresh account in the run's moto server: its endpoint,
/// `us-east-1`, dummy credentials, no retries, and an HTTP client that puts every request in
/// the account. Build any `aws-sdk-*` client from it (`Client::new(&config)`), as code that
/// builds its own clients from a shared config does. `Err` when moto cannot be started.
///
/// ```
/// # #[cfg(feature = "iam")]
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// match aws_stubber::stubbed::moto::try_config() {
///     Ok(config) => {
///         let iam = aws_sdk_iam::Client::new(&config);
///         iam.create_user().user_name("alice").send().await.unwrap();
///         let users = iam.list_users().send().await.unwrap();
///         assert_eq!(users.users()[0].user_name(), "alice");
///     }
///     Err(e) => println!("{e}"), // moto is not installed here
/// }
/// # });
/// ```
pub fn try_config() -> Result<SdkConfig, MotoError> {
    config_for(fresh_account(), Server::Shared).map(|(config, _)| config)
}

/// Which moto server a configuration's requests go to.
pub(super) enum Server {
    /// The run's shared server.
    Shared,
    /// A server of its own: leased now, back to the pool when the configuration and every
    /// client built from it are dropped.
    Own,
}

/// The configuration of `account` in a moto server, and that server's process.
pub(super) fn config_for(
    account: String,
    server: Server,
) -> Result<(SdkConfig, Arc<Process>), MotoError> {
    let (url, process, lease) = match server {
        Server::Shared => {
            let server = self::server()?;
            (server.url().to_string(), server.process.clone(), None)
        }
        Server::Own => {
            let lease = lease()?;
            let server = lease.server();
            (
                server.url().to_string(),
                server.process.clone(),
                Some(Arc::new(lease)),
            )
        }
    };
    let http = SharedHttpClient::new(AccountClient {
        inner: aws_smithy_http_client::Builder::new().build_http(),
        account,
        lease,
        process: process.clone(),
        redirect: url.clone(),
    });
    Ok((config_with(&url, http), process))
}

/// A configuration for moto at `url` whose requests go through `http`.
pub(super) fn config_with(url: &str, http: SharedHttpClient) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(
            crate::sdk::macro_support::credentials(),
        ))
        .endpoint_url(url)
        .http_client(http)
        .sleep_impl(SharedAsyncSleep::new(TokioSleep::new()))
        .time_source(SharedTimeSource::default())
        .retry_config(RetryConfig::disabled())
        .timeout_config(TimeoutConfig::builder().read_timeout(CALL_TIMEOUT).build())
        .build()
}

/// [`try_config`], failing the test with the reason (how to install moto, when it is
/// missing) when moto cannot be started.
#[track_caller]
pub fn config() -> SdkConfig {
    // Not a closure: a panic there would name this file, not the test.
    match try_config() {
        Ok(config) => config,
        Err(e) => panic!("{e}"),
    }
}

/// Like [`try_config`], but on a moto server of this configuration's own: one that no other
/// test uses while this configuration or a client built from it is alive. For what moto
/// keeps in one namespace for every account: S3 bucket names (two tests can then create the
/// same bucket at the same time). The server comes from a pool: it is reset to no resources
/// before it is handed out again (about 12 ms), and a binary starts as many as it uses at
/// once (each costs moto's start, 0.6–0.7 s, the first time). Build every client that must see
/// the same resources (S3 and SQS, say) from this one configuration.
///
/// ```
/// # #[cfg(feature = "s3")]
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// match aws_stubber::stubbed::moto::try_isolated_config() {
///     Ok(config) => {
///         let s3 = aws_sdk_s3::Client::from_conf(
///             aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build(),
///         );
///         s3.create_bucket().bucket("reports").send().await.unwrap(); // no other test has it
///     }
///     Err(e) => println!("{e}"), // moto is not installed here
/// }
/// # });
/// ```
pub fn try_isolated_config() -> Result<SdkConfig, MotoError> {
    config_for(fresh_account(), Server::Own).map(|(config, _)| config)
}

/// [`try_isolated_config`], failing the test with the reason when moto cannot be started.
#[track_caller]
pub fn isolated_config() -> SdkConfig {
    match try_isolated_config() {
        Ok(config) => config,
        Err(e) => panic!("{e}"),
    }
}

#[derive(Debug, Clone)]
struct AccountClient {
    inner: SharedHttpClient,
    account: String,
    /// The server of this configuration's own, held as long as a client can send to it.
    lease: Option<Arc<Lease>>,
    /// The server's process, named when a call to it fails.
    process: Arc<Process>,
    /// Every request goes to this server (scheme, host and port), whatever its URI says: a
    /// recording's clients name moto's usual address, and clients built by `client!` from
    /// a fixture the stubber's. The `host` header keeps the URI's host and port.
    redirect: String,
}

/// An HTTP client for a server of its own in `account`, sending every request there whatever
/// host and port its URI names (a recording's clients name moto's usual address). The server
/// is a new one, its generator of ids seeded with `seed`, so that the same calls make the
/// same ids.
#[cfg(feature = "record")]
pub(super) fn redirecting_client(
    account: &str,
    seed: u64,
) -> Result<(SharedHttpClient, Arc<Process>), MotoError> {
    let lease = fresh_lease()?;
    lease.server().seed(seed)?;
    let process = lease.server().process.clone();
    let client = AccountClient {
        inner: aws_smithy_http_client::Builder::new().build_http(),
        account: account.to_string(),
        process: process.clone(),
        redirect: lease.server().url().to_string(),
        lease: Some(Arc::new(lease)),
    };
    Ok((SharedHttpClient::new(client), process))
}

impl HttpClient for AccountClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        // The connector keeps the read timeout itself, to name moto when it runs out.
        let mut inner = HttpConnectorSettings::builder();
        inner.set_connect_timeout(settings.connect_timeout());
        SharedHttpConnector::new(AccountConnector {
            inner: self.inner.http_connector(&inner.build(), components),
            account: self.account.clone(),
            _lease: self.lease.clone(),
            process: self.process.clone(),
            redirect: self.redirect.clone(),
            timeout: settings.read_timeout().unwrap_or(CALL_TIMEOUT),
        })
    }
}

#[derive(Debug)]
struct AccountConnector {
    inner: SharedHttpConnector,
    account: String,
    _lease: Option<Arc<Lease>>,
    process: Arc<Process>,
    redirect: String,
    timeout: Duration,
}

impl HttpConnector for AccountConnector {
    fn call(&self, mut request: HttpRequest) -> HttpConnectorFuture {
        request
            .headers_mut()
            .insert(ACCOUNT_HEADER, self.account.clone());
        // The host and port the URI names (moto's usual address, for a recording).
        let named = request
            .uri()
            .parse::<http::Uri>()
            .ok()
            .and_then(|uri| uri.authority().map(|a| a.to_string()));
        if let Err(e) = request.uri_mut().set_endpoint(&self.redirect) {
            return HttpConnectorFuture::ready(Err(ConnectorError::other(e.into(), None)));
        }
        if let Some(named) = named {
            request.headers_mut().insert("host", named);
        }
        let call = said::CallName::of(&request);
        let process = self.process.clone();
        let mark = process.lines_so_far();
        let limit = self.timeout;
        // On the wall clock: a stubber's clients sleep on the stubber's clock, which does not
        // wait for anything.
        let answered = Timeout::new(self.inner.call(request), TokioSleep::new().sleep(limit));
        HttpConnectorFuture::new(async move {
            let response = match answered.await {
                Ok(Ok(response)) => response,
                Ok(Err(e)) => {
                    return Err(match process.exited_within(Duration::from_millis(300)) {
                        Some(status) => {
                            ConnectorError::io(said::exited(&process, &call, &status).into())
                        }
                        None => e,
                    });
                }
                Err(_) => {
                    if let Some(status) = process.exited() {
                        return Err(ConnectorError::io(
                            said::exited(&process, &call, &status).into(),
                        ));
                    }
                    process.set_wedged();
                    return Err(ConnectorError::timeout(
                        said::wedged(&process, &call, limit).into(),
                    ));
                }
            };
            if !said::crashed(&response) {
                return Ok(response);
            }
            // moto prints the traceback just after it answers.
            process.wait_for_line(mark, Duration::from_secs(2), said::has_exception);
            let (err, not_implemented) = said::failed(&process, &call, &process.lines_after(mark));
            let kind = if not_implemented {
                ErrorKind::ClientError
            } else {
                ErrorKind::ServerError
            };
            Err(ConnectorError::other(err.into(), Some(kind)))
        })
    }
}
