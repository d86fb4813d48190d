//! One test's own account in the shared moto server (every request of its clients carries
//! `x-moto-account-id`, which moto keys its resources by), or a server of its own.

use std::sync::atomic::{AtomicU64, Ordering};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_async::rt::sleep::{SharedAsyncSleep, TokioSleep};
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

use super::server::{Lease, MotoError, lease, server};

/// The header moto reads the account of a request from.
const ACCOUNT_HEADER: &str = "x-moto-account-id";

/// A new 12-digit account id, unique in this process (and, by the process id, apart from
/// other test binaries sharing nothing but the machine).
pub(super) fn fresh_account() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let pid = u64::from(std::process::id()) % 100_000;
    format!("{:012}", 100_000_000_000 + pid * 1_000_000 + n % 1_000_000)
}

/// The shared configuration for a fresh account in this binary's moto server: its endpoint,
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
    config_for(fresh_account(), Server::Shared)
}

/// Which moto server a configuration's requests go to.
pub(super) enum Server {
    /// This binary's shared server.
    Shared,
    /// A server of its own: leased now, back to the pool when the configuration and every
    /// client built from it are dropped.
    Own,
}

/// The configuration of `account` in a moto server.
pub(super) fn config_for(account: String, server: Server) -> Result<SdkConfig, MotoError> {
    let (url, lease) = match server {
        Server::Shared => (self::server()?.url().to_string(), None),
        Server::Own => {
            let lease = lease()?;
            (lease.server().url().to_string(), Some(Arc::new(lease)))
        }
    };
    let http = SharedHttpClient::new(AccountClient {
        inner: aws_smithy_http_client::Builder::new().build_http(),
        account,
        lease,
        redirect: None,
    });
    Ok(config_with(&url, http))
}

/// A configuration for moto at `url` whose requests go through `http`.
pub(super) fn config_with(url: &str, http: SharedHttpClient) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(
            crate::_macro_support::credentials(),
        ))
        .endpoint_url(url)
        .http_client(http)
        .sleep_impl(SharedAsyncSleep::new(TokioSleep::new()))
        .time_source(SharedTimeSource::default())
        .retry_config(RetryConfig::disabled())
        .build()
}

/// [`try_config`], failing the test with the reason (how to install moto, when it is
/// missing) when moto cannot be started.
#[track_caller]
pub fn config() -> SdkConfig {
    try_config().unwrap_or_else(|e| panic!("{e}"))
}

/// Like [`try_config`], but on a moto server of this configuration's own: one that no other
/// test uses while this configuration or a client built from it is alive. For what moto
/// keeps in one namespace for every account: S3 bucket names (two tests can then create the
/// same bucket at the same time). The server comes from a pool: it is reset to no resources
/// before it is handed out again (about 14 ms), and a binary starts as many as it uses at
/// once (each costs moto's start, 0.6–0.8 s, the first time). Build every client that must see
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
    config_for(fresh_account(), Server::Own)
}

/// [`try_isolated_config`], failing the test with the reason when moto cannot be started.
#[track_caller]
pub fn isolated_config() -> SdkConfig {
    try_isolated_config().unwrap_or_else(|e| panic!("{e}"))
}

#[derive(Debug, Clone)]
struct AccountClient {
    inner: SharedHttpClient,
    account: String,
    /// The server of this configuration's own, held as long as a client can send to it.
    lease: Option<Arc<Lease>>,
    /// Sends every request to this server (scheme, host and port), whatever its URI says,
    /// and keeps the URI's host and port in the `host` header.
    redirect: Option<String>,
}

/// An HTTP client for a server of its own in `account`, sending every request there whatever
/// host and port its URI names (a recording's clients name moto's usual address).
#[cfg(feature = "record")]
pub(super) fn redirecting_client(account: &str) -> Result<SharedHttpClient, MotoError> {
    let lease = lease()?;
    let url = lease.server().url().to_string();
    let client = AccountClient {
        inner: aws_smithy_http_client::Builder::new().build_http(),
        account: account.to_string(),
        lease: Some(Arc::new(lease)),
        redirect: Some(url.clone()),
    };
    Ok(SharedHttpClient::new(client))
}

impl HttpClient for AccountClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(AccountConnector {
            inner: self.inner.http_connector(settings, components),
            account: self.account.clone(),
            _lease: self.lease.clone(),
            redirect: self.redirect.clone(),
        })
    }
}

#[derive(Debug)]
struct AccountConnector {
    inner: SharedHttpConnector,
    account: String,
    _lease: Option<Arc<Lease>>,
    redirect: Option<String>,
}

impl HttpConnector for AccountConnector {
    fn call(&self, mut request: HttpRequest) -> HttpConnectorFuture {
        request
            .headers_mut()
            .insert(ACCOUNT_HEADER, self.account.clone());
        if let Some(url) = &self.redirect {
            // The host and port the URI names (moto's usual address, for a recording).
            let named = request
                .uri()
                .parse::<http::Uri>()
                .ok()
                .and_then(|uri| uri.authority().map(|a| a.to_string()));
            if let Err(e) = request.uri_mut().set_endpoint(url) {
                let e =
                    aws_smithy_runtime_api::client::result::ConnectorError::other(e.into(), None);
                return HttpConnectorFuture::ready(Err(e));
            }
            if let Some(named) = named {
                request.headers_mut().insert("host", named);
            }
        }
        self.inner.call(request)
    }
}
