//! Items the crate's macros expand to (`client!`, `op!`, ...), handed on as
//! `aws_stubber::_macro_support`. Not a stable API.
pub use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
pub use aws_smithy_runtime_api::client::stalled_stream_protection::StalledStreamProtectionConfig;
pub use aws_smithy_types::error::operation::BuildError;
pub use aws_smithy_types::retry::RetryConfig;
pub use aws_types::region::Region;

use aws_credential_types::Credentials;
use aws_smithy_async::rt::sleep::{SharedAsyncSleep, TokioSleep};
use aws_smithy_async::time::SharedTimeSource;
use aws_smithy_runtime::client::retries::RetryPartition;
use aws_smithy_runtime::client::retries::TokenBucket;

/// The access key id of stubbed clients.
pub const ACCESS_KEY_ID: &str = "AKIDAWSSTUBBER000000";
/// The secret key of stubbed clients.
pub const SECRET_ACCESS_KEY: &str = "aws-stubber-dummy-secret-access-key";

pub fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None, None, "aws-stubber")
}

/// Each stubbed client gets its own unlimited retry token bucket, so retries in one test
/// never drain a bucket shared with other tests.
pub fn retry_partition() -> RetryPartition {
    RetryPartition::custom("aws-stubber")
        .token_bucket(TokenBucket::unlimited())
        .build()
}

/// What clients of this stubber sleep on: the stubber's clock, on which sleeps pass at
/// once (waiters poll at full speed), or tokio's while real traffic is recorded.
pub fn sleep(stubber: &crate::queue::stubber::Stubber) -> SharedAsyncSleep {
    if stubber.inner.lock().recording.is_some() {
        SharedAsyncSleep::new(TokioSleep::new())
    } else {
        SharedAsyncSleep::new(stubber.inner.clock.clone())
    }
}

/// The time source of clients of this stubber: the wall clock, plus what its sleeps
/// passed at once.
pub fn time_source(stubber: &crate::queue::stubber::Stubber) -> SharedTimeSource {
    if stubber.inner.lock().recording.is_some() {
        SharedTimeSource::default()
    } else {
        SharedTimeSource::new(stubber.inner.clock.clone())
    }
}

/// The retry config with zero backoff, when retries are on.
pub fn zero_backoff(retry: Option<&RetryConfig>) -> Option<RetryConfig> {
    let retry = retry?;
    if retry.max_attempts() <= 1
        || retry.initial_backoff().is_zero() && retry.max_backoff().is_zero()
    {
        return None;
    }
    Some(
        retry
            .clone()
            .with_initial_backoff(std::time::Duration::ZERO)
            .with_max_backoff(std::time::Duration::ZERO),
    )
}

pub use crate::operation::{
    AttachCloner, AttachNoCloner, AttachNoOutputCloner, AttachOutputCloner, OutputProbe, Probe,
};

/// The type of a reference's target, for type inference in [`op!`](crate::op).
pub fn type_of<T>(_: &T) -> std::marker::PhantomData<T> {
    std::marker::PhantomData
}

/// The region of clients of this stubber (`us-east-1` unless a fixture's options say
/// otherwise).
pub fn region(stubber: &crate::queue::stubber::Stubber) -> Region {
    stubber.region()
}

/// The credentials of clients of this stubber: static dummy ones, or the real ones of a
/// recording.
pub fn credentials_provider(
    stubber: &crate::queue::stubber::Stubber,
) -> aws_credential_types::provider::SharedCredentialsProvider {
    stubber.credentials_provider()
}

/// The endpoint of clients of this stubber: the one a fixture was recorded against, or
/// `None` for AWS's own endpoints.
pub fn endpoint_url(stubber: &crate::queue::stubber::Stubber) -> Option<String> {
    stubber.endpoint_url()
}

/// Whether clients of this stubber sign their requests (with the dummy credentials
/// unless recording).
pub fn signs_requests(stubber: &crate::queue::stubber::Stubber) -> bool {
    stubber.inner.lock().signs_requests()
}

/// Applies the user's closure; its parameter type comes from this signature.
pub fn configure<B>(builder: B, f: impl FnOnce(B) -> B) -> B {
    f(builder)
}

pub trait AsStubber {
    fn as_stubber(&self) -> &crate::queue::stubber::Stubber;
}
impl AsStubber for crate::queue::stubber::Stubber {
    fn as_stubber(&self) -> &crate::queue::stubber::Stubber {
        self
    }
}
impl<T: AsStubber + ?Sized> AsStubber for &T {
    fn as_stubber(&self) -> &crate::queue::stubber::Stubber {
        (**self).as_stubber()
    }
}
impl<T: AsStubber + ?Sized> AsStubber for std::sync::Arc<T> {
    fn as_stubber(&self) -> &crate::queue::stubber::Stubber {
        (**self).as_stubber()
    }
}
