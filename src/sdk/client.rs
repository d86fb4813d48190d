//! Building a stubbed client of any `aws-sdk-*` crate.

/// Builds a client of any `aws-sdk-*` crate that answers from a [`Stubber`](crate::Stubber).
///
/// ```
/// # #[cfg(feature = "s3")] {
/// let stubber = aws_stubber::Stubber::new();
/// let s3: aws_sdk_s3::Client = aws_stubber::client!(aws_sdk_s3, &stubber);
/// // With a closure that adjusts the config builder:
/// let s3_path_style = aws_stubber::client!(aws_sdk_s3, &stubber, |c| c.force_path_style(true));
/// # let _ = (s3, s3_path_style);
/// # }
/// ```
///
/// The client gets the stubber's HTTP client and interceptor, static dummy credentials,
/// region `us-east-1`, the latest behavior version, no retries, and (for EC2, S3 and Auto
/// Scaling) the fixed idempotency token [`IDEMPOTENCY_TOKEN`](crate::sdk::IDEMPOTENCY_TOKEN). It
/// reads no environment variable, no `~/.aws` file and no instance metadata, and it cannot
/// reach the network. Retries stay off unless the closure sets a retry config (for
/// example with [`retries`](crate::sdk::retries)); their backoff is always zero, so a test never
/// sleeps between attempts. Whatever else the client sleeps for (a waiter's delay between
/// polls, an entry's [`delay`](crate::QueuedResponse::delay), a timeout) passes at once on
/// the stubber's own clock, which is also the client's time source: a waiter polls through its
/// queue entries in milliseconds, and still gives up after as many polls as its maximum wait
/// allows. For another crate with idempotency tokens, fix them in the
/// closure: `|c| c.idempotency_token_provider(aws_stubber::sdk::IDEMPOTENCY_TOKEN)`.
#[macro_export]
macro_rules! client {
    ($krate:ident, $stubber:expr $(,)?) => {
        $crate::client!($krate, $stubber, |builder| builder)
    };
    ($krate:ident, $stubber:expr, $configure:expr $(,)?) => {{
        let stubber_ref = &$stubber;
        let stubber: &$crate::Stubber = $crate::_macro_support::AsStubber::as_stubber(stubber_ref);
        let mut builder = $krate::config::Builder::new()
            .behavior_version($crate::_macro_support::BehaviorVersion::latest())
            .region($crate::_macro_support::region(stubber))
            .credentials_provider($crate::_macro_support::credentials_provider(stubber))
            .http_client(stubber.http_client())
            .interceptor(stubber.interceptor())
            .retry_config($crate::_macro_support::RetryConfig::disabled())
            .sleep_impl($crate::_macro_support::sleep(stubber))
            .time_source($crate::_macro_support::time_source(stubber))
            .stalled_stream_protection($crate::_macro_support::StalledStreamProtectionConfig::disabled());
        // Every setting is copied each time the client prepares a call: set only what is used.
        if let ::core::option::Option::Some(endpoint) = $crate::_macro_support::endpoint_url(stubber) {
            builder.set_endpoint_url(::core::option::Option::Some(endpoint));
        }
        // A stub needs no signature: skip SigV4 unless real traffic is being recorded, or
        // requests go to a plain-http endpoint (the SDK signs aws-chunked uploads there as it
        // encodes them, and cannot do that without a signer).
        // (The interceptor puts no-auth first for each call: a setting here would be copied
        // each time the client prepares a call.)
        let builder = if $crate::_macro_support::signs_requests(stubber) {
            builder
        } else {
            builder.allow_no_auth()
        };
        let builder = $crate::client!(@idempotency $krate builder);
        let config = $crate::_macro_support::configure(builder, $configure).build();
        let config = match $crate::_macro_support::zero_backoff(config.retry_config()) {
            // Retries on: zero backoff, and a token bucket of the client's own.
            ::core::option::Option::Some(retry) => config
                .to_builder()
                .retry_config(retry)
                .retry_partition($crate::_macro_support::retry_partition())
                .build(),
            ::core::option::Option::None => config,
        };
        $krate::Client::from_conf(config)
    }};
    (@idempotency aws_sdk_ec2 $builder:ident) => {
        $builder.idempotency_token_provider($crate::sdk::IDEMPOTENCY_TOKEN)
    };
    (@idempotency aws_sdk_s3 $builder:ident) => {
        $builder.idempotency_token_provider($crate::sdk::IDEMPOTENCY_TOKEN)
    };
    (@idempotency aws_sdk_autoscaling $builder:ident) => {
        $builder.idempotency_token_provider($crate::sdk::IDEMPOTENCY_TOKEN)
    };
    (@idempotency $other:ident $builder:ident) => {
        $builder
    };
}

/// The idempotency token stubbed clients put in requests that need one (EC2's
/// `ClientToken`, ...), so that inputs and recorded requests are the same on every run.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A standard retry config with `max_attempts` attempts in all, for
/// `client!(crate, &stubber, |c| c.retry_config(aws_stubber::sdk::retries(3)))`. Stubbed clients
/// never sleep between attempts: each attempt takes the next queue entry at once.
///
/// ```
/// # #[cfg(feature = "s3")]
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use aws_stubber::sdk::retries;
/// use aws_stubber::{client, op, Fault, Stubber};
///
/// let stubber = Stubber::new();
/// let s3 = client!(aws_sdk_s3, &stubber, |c| c.retry_config(retries(2)));
/// stubber.add_fault(op!(aws_sdk_s3::Client::list_buckets), Fault::Timeout);
/// stubber.add_response(
///     op!(aws_sdk_s3::Client::list_buckets),
///     aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build(),
/// );
/// s3.list_buckets().send().await.unwrap(); // the second attempt takes the second entry
/// # });
/// ```
pub fn retries(max_attempts: u32) -> aws_smithy_types::retry::RetryConfig {
    aws_smithy_types::retry::RetryConfig::standard().with_max_attempts(max_attempts)
}
