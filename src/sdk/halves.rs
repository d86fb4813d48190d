//! The two halves a client needs to be stubbed: the HTTP client that answers its requests and
//! the interceptor that tells the stubber which operation is called, with what input.

use crate::queue::stubber::Stubber;
use crate::sdk::connector::StubHttpClient;
use crate::sdk::interceptor::StubInterceptor;

impl Stubber {
    /// The HTTP client to install on an SDK config builder. It answers from the queue and
    /// never opens a network connection. [`client!`](crate::client) installs it for you.
    ///
    /// ```
    /// # #[cfg(feature = "s3")] {
    /// let stubber = aws_stubber::Stubber::new();
    /// let config = aws_sdk_s3::Config::builder()
    ///     .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
    ///     .region(aws_sdk_s3::config::Region::new("us-east-1"))
    ///     .http_client(stubber.http_client())
    ///     .interceptor(stubber.interceptor())
    ///     .build();
    /// let s3 = aws_sdk_s3::Client::from_conf(config);
    /// # let _ = s3;
    /// # }
    /// ```
    pub fn http_client(&self) -> StubHttpClient {
        StubHttpClient::new(self.inner.clone())
    }

    /// The interceptor to install beside [`Stubber::http_client`]: it tells the stubber
    /// which operation is called, with what input.
    ///
    /// ```
    /// # #[cfg(feature = "s3")] {
    /// let stubber = aws_stubber::Stubber::new();
    /// let config = aws_sdk_s3::Config::builder()
    ///     .behavior_version_latest()
    ///     .region(aws_sdk_s3::config::Region::new("us-east-1"))
    ///     .credentials_provider(aws_sdk_s3::config::Credentials::for_tests())
    ///     .http_client(stubber.http_client())
    ///     .interceptor(stubber.interceptor())
    ///     .build();
    /// let s3 = aws_sdk_s3::Client::from_conf(config);
    /// # let _ = s3;
    /// # }
    /// ```
    pub fn interceptor(&self) -> StubInterceptor {
        StubInterceptor::new(self.inner.clone())
    }
}
