// The guide is the crate's documentation whatever the features. Its examples use SDK crates
// beyond the six service features (CloudWatch, Kinesis), so they run as doctests of the
// workspace member that depends on them (tests/services/lib.rs), not here.
#![cfg_attr(not(doctest), doc = include_str!("../README.md"))]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]

mod cbor;
mod clock;
mod compare;
pub mod entry;
mod error;
pub mod fixture;
pub mod history;
mod models;
mod queue;
mod record;
mod respond;
pub mod scrub;
pub mod sdk;
pub mod stubbed;
mod validate;

pub use error::{StubError, StubErrorKind};
pub use queue::queued::QueuedResponse;
pub use queue::stubber::Stubber;
pub use respond::{ClientError, EventStream, Fault, RawResponse};

/// A wildcard for input expectations: as the value of a string field (or of an SDK enum
/// built from it) it matches any value that is present. `repr` as in botocore: `<ANY>`.
pub const ANY: &str = "<ANY>";

#[doc(hidden)]
pub mod internals {
    //! Entry points for fuzzing and tooling. No stability promise: they may change in any
    //! release.

    use crate::history::RecordedRequest;

    /// How `actual` differs from a recorded request, as replay reports it (empty when it
    /// matches).
    pub fn replay_differences(recorded: &RecordedRequest, actual: &RecordedRequest) -> Vec<String> {
        crate::compare::recorded::Recorded::new(recorded.clone(), crate::scrub::REDACTED)
            .differences(actual)
    }

    /// Reads a value's `Debug` text back and prints it the way failure messages do.
    pub fn pretty_debug(text: &str) -> String {
        crate::compare::debug_tree::Node::parse(text).pretty()
    }

    /// What a new recording changes in a fixture, by meaning, as `aws-stubber-fixture
    /// review` shows it: one block per interaction (`=` unchanged, `~` changed, `+` added,
    /// `-` removed).
    pub fn fixture_changes(old: &crate::fixture::Fixture, new: &crate::fixture::Fixture) -> String {
        crate::record::changes::review(old, new)
    }

    /// What the AWS service models say the service would refuse in a request of `service`'s
    /// `operation` (the stubber's request validation): one line per broken constraint
    /// (`user_name: required, not sent`), empty when the request passes.
    pub fn request_violations(
        service: &str,
        operation: &str,
        request: &RecordedRequest,
    ) -> Vec<String> {
        crate::validate::check(service, operation, request)
            .map(|invalid| invalid.lines().collect())
            .unwrap_or_default()
    }

    /// A line diff of two texts, as failure messages show it.
    pub fn line_diff(expected: &str, received: &str) -> String {
        crate::compare::diff::lines(expected, received)
    }
}

#[doc(hidden)]
pub mod _macro_support {
    //! Items the crate's macros expand to. Not a stable API.
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
    pub fn sleep(stubber: &crate::Stubber) -> SharedAsyncSleep {
        if stubber.inner.lock().recording.is_some() {
            SharedAsyncSleep::new(TokioSleep::new())
        } else {
            SharedAsyncSleep::new(stubber.inner.clock.clone())
        }
    }

    /// The time source of clients of this stubber: the wall clock, plus what its sleeps
    /// passed at once.
    pub fn time_source(stubber: &crate::Stubber) -> SharedTimeSource {
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

    pub use crate::queue::operation::{
        AttachCloner, AttachNoCloner, AttachNoOutputCloner, AttachOutputCloner, OutputProbe, Probe,
    };

    /// The type of a reference's target, for type inference in [`op!`](crate::op).
    pub fn type_of<T>(_: &T) -> std::marker::PhantomData<T> {
        std::marker::PhantomData
    }

    /// The region of clients of this stubber (`us-east-1` unless a fixture's options say
    /// otherwise).
    pub fn region(stubber: &crate::Stubber) -> Region {
        stubber.region()
    }

    /// The credentials of clients of this stubber: static dummy ones, or the real ones of a
    /// recording.
    pub fn credentials_provider(
        stubber: &crate::Stubber,
    ) -> aws_credential_types::provider::SharedCredentialsProvider {
        stubber.credentials_provider()
    }

    /// The endpoint of clients of this stubber: the one a fixture was recorded against, or
    /// `None` for AWS's own endpoints.
    pub fn endpoint_url(stubber: &crate::Stubber) -> Option<String> {
        stubber.endpoint_url()
    }

    /// [`test_fixture!`](crate::test_fixture): the running test's fixture file, replayed or
    /// recorded as `options` and the environment say.
    #[track_caller]
    pub fn test_fixture(
        manifest_dir: &str,
        options: crate::fixture::FixtureOptions,
    ) -> Result<crate::Stubber, crate::fixture::FixtureError> {
        let path = crate::record::test_fixture_path(manifest_dir)?;
        crate::Stubber::fixture_with(path, options)
    }

    /// [`test_fixture_path!`](crate::fixture::test_fixture_path).
    pub fn test_fixture_path(
        manifest_dir: &str,
    ) -> Result<std::path::PathBuf, crate::fixture::FixtureError> {
        crate::record::test_fixture_path(manifest_dir)
    }

    /// Whether clients of this stubber sign their requests (with the dummy credentials
    /// unless recording).
    pub fn signs_requests(stubber: &crate::Stubber) -> bool {
        stubber.inner.lock().signs_requests()
    }

    /// Applies the user's closure; its parameter type comes from this signature.
    pub fn configure<B>(builder: B, f: impl FnOnce(B) -> B) -> B {
        f(builder)
    }

    pub trait AsStubber {
        fn as_stubber(&self) -> &crate::Stubber;
    }
    impl AsStubber for crate::Stubber {
        fn as_stubber(&self) -> &crate::Stubber {
            self
        }
    }
    impl<T: AsStubber + ?Sized> AsStubber for &T {
        fn as_stubber(&self) -> &crate::Stubber {
            (**self).as_stubber()
        }
    }
    impl<T: AsStubber + ?Sized> AsStubber for std::sync::Arc<T> {
        fn as_stubber(&self) -> &crate::Stubber {
            (**self).as_stubber()
        }
    }
}
