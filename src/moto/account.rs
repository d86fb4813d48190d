//! One test's own account in the shared moto server: every request of its clients carries
//! `x-moto-account-id`, which moto keys its resources by.

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

use super::server::{MotoError, server};

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
    config_for(fresh_account())
}

/// The configuration of `account` in this binary's moto server.
pub(super) fn config_for(account: String) -> Result<SdkConfig, MotoError> {
    let server = server()?;
    let http = SharedHttpClient::new(AccountClient {
        inner: aws_smithy_http_client::Builder::new().build_http(),
        account,
    });
    Ok(SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(
            crate::_macro_support::credentials(),
        ))
        .endpoint_url(server.url())
        .http_client(http)
        .sleep_impl(SharedAsyncSleep::new(TokioSleep::new()))
        .time_source(SharedTimeSource::default())
        .retry_config(RetryConfig::disabled())
        .build())
}

/// [`try_config`], failing the test with the reason (how to install moto, when it is
/// missing) when moto cannot be started.
#[track_caller]
pub fn config() -> SdkConfig {
    try_config().unwrap_or_else(|e| panic!("{e}"))
}

#[derive(Debug, Clone)]
struct AccountClient {
    inner: SharedHttpClient,
    account: String,
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
        })
    }
}

#[derive(Debug)]
struct AccountConnector {
    inner: SharedHttpConnector,
    account: String,
}

impl HttpConnector for AccountConnector {
    fn call(&self, mut request: HttpRequest) -> HttpConnectorFuture {
        request
            .headers_mut()
            .insert(ACCOUNT_HEADER, self.account.clone());
        self.inner.call(request)
    }
}
