//! rstest fixtures: a ready client and its stubber per test, one per service feature (`s3`,
//! `ec2`, `iam`, `route53`, `rds`, `autoscaling`), and [`Stubbed`] to write your own. The
//! stubber checks at the end of the test that every queued entry was used.
//!
//! ```
//! # #[cfg(feature = "s3")] {
//! use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
//! use aws_stubber::op;
//! use aws_stubber::stubbed::*;
//!
//! // In a test: #[rstest] #[tokio::test] async fn lists(s3: StubbedS3) { .. }
//! async fn lists(s3: StubbedS3) {
//!     s3.add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build());
//!     s3.client.list_buckets().send().await.unwrap();
//! }
//! # tokio::runtime::Runtime::new().unwrap().block_on(lists(s3()));
//! # }
//! ```

use std::ops::Deref;

#[cfg(feature = "moto")]
pub mod moto;

use crate::queue::stubber::Stubber;

/// A stubbed client and its [`Stubber`], as handed out by the fixtures. It dereferences to
/// the stubber, so `s3.add_response(..)` queues and `s3.client` is the SDK client; when it
/// is dropped at the end of the test the stubber verifies that every entry was used.
///
/// A fixture of your own takes three lines: for a service crate without a feature here
/// (`aws_sdk_sso` in place of `aws_sdk_s3` below, as the guide shows), or for a client
/// configured otherwise:
///
/// ```
/// # #[cfg(feature = "s3")] {
/// use aws_stubber::stubbed::Stubbed;
/// #[rstest::fixture]
/// fn s3_with_retries() -> Stubbed<aws_sdk_s3::Client> {
///     Stubbed::new(|stubber| {
///         aws_stubber::client!(aws_sdk_s3, stubber, |c| c.retry_config(aws_stubber::sdk::retries(3)))
///     })
/// }
/// # let _ = s3_with_retries;
/// # }
/// ```
#[derive(Debug)]
pub struct Stubbed<C> {
    /// The SDK client, wired to [`Stubbed::stubber`].
    pub client: C,
    /// The stubber answering the client's calls.
    pub stubber: Stubber,
}

impl<C> Stubbed<C> {
    /// A strict stubber and the client `make` builds for it.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_stubber::{client, stubbed::Stubbed, op};
    ///
    /// let s3 = Stubbed::new(|stubber| client!(aws_sdk_s3, stubber));
    /// s3.add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build());
    /// s3.client.list_buckets().send().await.unwrap();
    /// // Dropped at the end of the test: every entry must have been used.
    /// # });
    /// ```
    #[track_caller]
    pub fn new(make: impl FnOnce(&Stubber) -> C) -> Self {
        let stubber = Stubber::new();
        let client = make(&stubber);
        Stubbed { client, stubber }
    }

    /// An unordered stubber and the client `make` builds for it.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_stubber::{client, stubbed::Stubbed, op, RawResponse};
    ///
    /// let s3 = Stubbed::unordered(|stubber| client!(aws_sdk_s3, stubber));
    /// s3.add_http_response(op!(aws_sdk_s3::Client::head_object), RawResponse::new(200)).expect_input(|i| i.key("b"));
    /// s3.add_http_response(op!(aws_sdk_s3::Client::head_object), RawResponse::new(200)).expect_input(|i| i.key("a"));
    /// // Concurrent calls take whichever entry matches them.
    /// let (a, b) = (s3.client.head_object().bucket("x").key("a"), s3.client.head_object().bucket("x").key("b"));
    /// let (a, b) = tokio::join!(a.send(), b.send());
    /// assert!(a.is_ok() && b.is_ok());
    /// # });
    /// ```
    #[track_caller]
    pub fn unordered(make: impl FnOnce(&Stubber) -> C) -> Self {
        let stubber = Stubber::unordered();
        let client = make(&stubber);
        Stubbed { client, stubber }
    }
}

impl<C> Deref for Stubbed<C> {
    type Target = Stubber;
    fn deref(&self) -> &Stubber {
        &self.stubber
    }
}

macro_rules! service_fixture {
    ($feature:literal, $krate:ident, $fixture:ident, $alias:ident, $doc:literal) => {
        #[cfg(feature = $feature)]
        #[doc = concat!("A stubbed ", $doc, " client (feature `", $feature, "`).")]
        pub type $alias = Stubbed<$krate::Client>;

        #[cfg(feature = $feature)]
        #[doc = concat!(
            "rstest fixture: a ", $doc, " client answering from a strict stubber that verifies at the end of the test.\n\n",
            "```\n",
            "use aws_stubber::stubbed::*;\n",
            "// In a test: #[rstest] #[tokio::test] async fn uses(", stringify!($fixture), ": ", stringify!($alias), ") { .. }\n",
            "fn uses(", stringify!($fixture), ": ", stringify!($alias), ") {\n",
            "    let _client = &", stringify!($fixture), ".client;\n",
            "}\n",
            "# uses(", stringify!($fixture), "());\n",
            "```"
        )]
        #[rstest::fixture]
        #[track_caller]
        pub fn $fixture() -> $alias {
            Stubbed::new(|stubber| crate::client!($krate, stubber))
        }
    };
}

service_fixture!("s3", aws_sdk_s3, s3, StubbedS3, "S3");
service_fixture!("ec2", aws_sdk_ec2, ec2, StubbedEc2, "EC2");
service_fixture!("iam", aws_sdk_iam, iam, StubbedIam, "IAM");
service_fixture!(
    "route53",
    aws_sdk_route53,
    route53,
    StubbedRoute53,
    "Route 53"
);
service_fixture!("rds", aws_sdk_rds, rds, StubbedRds, "RDS");
service_fixture!(
    "autoscaling",
    aws_sdk_autoscaling,
    autoscaling,
    StubbedAutoScaling,
    "Auto Scaling"
);
