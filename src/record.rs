//! Recording real traffic (feature `record`): the only place that pulls a real HTTPS client
//! and the default credential chain.

use std::path::Path;

use crate::fixture_file::{FixtureError, FixtureErrorKind};
use crate::replay::{FixtureOptions, RecordMode};
use crate::Stubber;

#[cfg(not(feature = "record"))]
pub(crate) fn start(
    _stubber: &Stubber,
    path: &Path,
    _mode: RecordMode,
    _options: FixtureOptions,
) -> Result<(), FixtureError> {
    Err(FixtureError::new(
        path,
        FixtureErrorKind::Record,
        "recording needs the `record` feature of aws-stubber; enable it (for example \
         `cargo test --features aws-stubber/record`) or unset AWS_STUBBER_RECORD to replay",
    ))
}

#[cfg(feature = "record")]
pub(crate) fn start(
    stubber: &Stubber,
    path: &Path,
    mode: RecordMode,
    options: FixtureOptions,
) -> Result<(), FixtureError> {
    use aws_credential_types::provider::SharedCredentialsProvider;
    use aws_smithy_http_client::tls;

    let client = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https();
    let credentials = match options.credentials {
        Some(c) => SharedCredentialsProvider::new(c),
        None => {
            SharedCredentialsProvider::new(default_chain::LazyDefaultChain::new(client.clone()))
        }
    };
    let endpoint = options.endpoint.or_else(|| {
        std::env::var("AWS_ENDPOINT_URL")
            .ok()
            .filter(|v| !v.is_empty())
    });
    if endpoint.is_none() && path.as_os_str().is_empty() {
        return Err(FixtureError::new(
            path,
            FixtureErrorKind::Record,
            "has an empty path",
        ));
    }
    stubber.inner.lock().recording = Some(crate::replay::Recording {
        path: path.to_path_buf(),
        mode,
        scrubber: options.scrubber.unwrap_or_default(),
        endpoint,
        interactions: Vec::new(),
        written: false,
        credentials,
        client,
    });
    Ok(())
}

#[cfg(feature = "record")]
mod default_chain {
    use aws_config::default_provider::credentials::DefaultCredentialsChain;
    use aws_config::provider_config::ProviderConfig;
    use aws_credential_types::provider::{future, ProvideCredentials};
    use aws_smithy_runtime_api::client::http::SharedHttpClient;
    use std::sync::Arc;
    use tokio::sync::OnceCell;

    /// The SDK's default credential chain (environment, profile, SSO, web identity,
    /// containers, instance metadata), built on first use.
    #[derive(Debug, Clone)]
    pub(crate) struct LazyDefaultChain {
        client: SharedHttpClient,
        chain: Arc<OnceCell<DefaultCredentialsChain>>,
    }

    impl LazyDefaultChain {
        pub(crate) fn new(client: SharedHttpClient) -> Self {
            LazyDefaultChain {
                client,
                chain: Arc::new(OnceCell::new()),
            }
        }
    }

    impl ProvideCredentials for LazyDefaultChain {
        fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            future::ProvideCredentials::new(async move {
                let chain = self
                    .chain
                    .get_or_init(|| async {
                        DefaultCredentialsChain::builder()
                            .configure(
                                ProviderConfig::without_region()
                                    .with_http_client(self.client.clone()),
                            )
                            .build()
                            .await
                    })
                    .await;
                chain.provide_credentials().await
            })
        }
    }
}
