//! moto as fixtures (feature `moto`): clients of a live, stateful fake of AWS, for the calls
//! moto implements; the stubber stays the tool for what it does not.
//!
//! moto's server is started once per run, on a free loopback port (`moto_server` on the
//! PATH, else `python3 -m moto.server`; install it with `pip install 'moto[server]'`), by the
//! first test process that needs it, and every later test process of the run uses it: the
//! test binaries of `cargo test` and cargo-nextest's process per test alike. They find it in
//! [`registry::dir`] (`target/debug/aws-stubber-moto`, the folder of the test binaries;
//! `AWS_STUBBER_MOTO_DIR` names another, `process` one of each process's own). A small Python
//! keeper runs it in a session of its own and stops it once no test process has held it for
//! ten seconds (`AWS_STUBBER_MOTO_LINGER`), whatever ended them (SIGKILL included: a process
//! holds the server by a file lock the kernel lets go of), and moto dies with its keeper. A
//! server that died or stopped answering is never handed out again, in any process. Each
//! fixture, and each [`config`], gets an account of its own in it, so tests that run in
//! parallel do not see each other's resources (moto keeps them by account). S3 bucket names
//! are one namespace for every account in moto, as in AWS: each S3 fixture (and each
//! [`isolated_config`]) gets a server of its own instead, leased from the run's pool and reset
//! to no resources before its next lease, so two tests can create the same bucket at the same
//! time. [`Moto::recorded`] (feature `record`) writes a test's calls to a fixture file that
//! replays without moto.
//!
//! A call moto does not answer as AWS would fails with a [`MotoError`] as the source of its
//! connector error, saying what moto said: a server stuck past the client's read timeout
//! ([`CALL_TIMEOUT`] unless its config sets one) or one that exited is named (pid, port, the
//! end of its output) and no fixture gets it again; an operation moto does not implement is
//! named with the entry that answers it in front of moto; any other crash of moto carries the
//! end of its traceback. `aws_stubber::client!(aws_sdk_rds, fixture)` builds a client of
//! another service in a fixture's account, through its stubber.
//!
//! ```
//! # #[cfg(feature = "iam")]
//! # async fn doc() {
//! use aws_stubber::stubbed::moto::*;
//!
//! // In a test: #[rstest] #[tokio::test] async fn lists(iam: MotoIam) { .. }
//! async fn lists(iam: MotoIam) {
//!     iam.client.create_user().user_name("alice").send().await.unwrap();
//!     let users = iam.client.list_users().send().await.unwrap();
//!     assert_eq!(users.users()[0].user_name(), "alice");
//! }
//! # }
//! ```
//!
//! Where moto lacks an operation (it answers "not implemented"), queue a response for it on
//! the fixture, which dereferences to a [`Stubber`] in front of moto: calls of an operation
//! that an entry names take the entry, with the stubber's strictness and messages; every other
//! call goes to moto; an entry never used fails the test.
//!
//! ```
//! # #[cfg(feature = "ec2")]
//! # async fn doc() {
//! use aws_sdk_ec2::operation::describe_capacity_reservations::DescribeCapacityReservationsOutput;
//! use aws_stubber::op;
//! use aws_stubber::stubbed::moto::*;
//!
//! async fn reserves(ec2: MotoEc2) {
//!     // moto does not implement DescribeCapacityReservations: an entry answers it.
//!     ec2.add_response(
//!         op!(aws_sdk_ec2::Client::describe_capacity_reservations),
//!         DescribeCapacityReservationsOutput::builder().build(),
//!     );
//!     let vpc = ec2.client.create_vpc().cidr_block("10.0.0.0/16").send().await.unwrap(); // moto
//!     ec2.client.describe_capacity_reservations().send().await.unwrap(); // the entry
//! #   let _ = vpc;
//! }
//! # }
//! ```
//!
//! A missing moto fails the fixture with the install command; it never skips the test.

mod account;
mod error;
mod process;
#[cfg(feature = "record")]
mod recording;
pub mod registry;
mod said;
mod server;

use std::ops::Deref;
use std::sync::Arc;

use aws_types::SdkConfig;

use crate::queue::stubber::Stubber;

pub use account::{CALL_TIMEOUT, config, isolated_config, try_config, try_isolated_config};

use account::Server;
use process::Process;
#[cfg(feature = "record")]
pub use recording::{RECORDED_ACCOUNT, RECORDED_ADDRESS};
pub use server::{MotoError, MotoServer, server};

/// A client of moto in an account of its own (on the run's shared server, or on a server
/// of its own for S3), with a stubber in front, as the fixtures hand it out. Calls of an operation that no queued entry names go to moto;
/// queue entries (`add_response`, `add_client_error`, ...) for what moto does not implement,
/// and they answer those calls with the usual strictness: a call that does not match them
/// fails, and an entry never used fails the test. It dereferences to its [`Stubber`] (unordered), as
/// [`Stubbed`](crate::stubbed::Stubbed) does; the SDK client is `.client`.
#[derive(Debug)]
pub struct Moto<C> {
    /// The SDK client: its calls go through the stubber to moto.
    pub client: C,
    /// The stubber in front of moto.
    pub stubber: Stubber,
    config: SdkConfig,
    account: String,
    /// The server's process (none for a recording that replays), and whether the server is
    /// the fixture's own.
    server: Option<(Arc<Process>, bool)>,
}

impl<C> Moto<C> {
    /// A fresh account, a stubber in front of moto, and the client `make` builds from the
    /// configuration (whose HTTP client is the stubber's) and the stubber (whose interceptor
    /// the client needs for entries to answer its calls). Fails the test when moto cannot be
    /// started, saying how to install it.
    ///
    /// A fixture of your own, for another service crate (`aws_sdk_sqs` in place of
    /// `aws_sdk_s3`) or a client configured otherwise:
    ///
    /// ```
    /// # #[cfg(feature = "s3")] {
    /// use aws_stubber::stubbed::moto::Moto;
    ///
    /// #[rstest::fixture]
    /// fn s3_in_ireland() -> Moto<aws_sdk_s3::Client> {
    ///     Moto::new(|config, stubber| {
    ///         let config = aws_sdk_s3::config::Builder::from(config)
    ///             .interceptor(stubber.interceptor()) // for queued entries to answer its calls
    ///             .force_path_style(true) // moto on 127.0.0.1 has no bucket subdomains
    ///             .region(aws_sdk_s3::config::Region::new("eu-west-1"));
    ///         aws_sdk_s3::Client::from_conf(config.build())
    ///     })
    /// }
    /// # let _ = s3_in_ireland;
    /// # }
    /// ```
    #[track_caller]
    pub fn new(make: impl FnOnce(&SdkConfig, &Stubber) -> C) -> Self {
        Self::build(Server::Shared, make)
    }

    /// Like [`Moto::new`], but on a moto server of the fixture's own, leased from a pool
    /// (see [`isolated_config`]): for what moto keeps in one namespace for every account.
    /// The `s3` fixture is built this way, so that tests running at the same time can create
    /// the same bucket name.
    ///
    /// ```
    /// # #[cfg(all(feature = "s3", feature = "iam"))] {
    /// use aws_stubber::stubbed::moto::Moto;
    ///
    /// #[rstest::fixture]
    /// fn s3_and_iam() -> Moto<(aws_sdk_s3::Client, aws_sdk_iam::Client)> {
    ///     // Both clients see the same server: one configuration builds them.
    ///     Moto::isolated(|config, stubber| {
    ///         let s3 = aws_sdk_s3::config::Builder::from(config)
    ///             .interceptor(stubber.interceptor())
    ///             .force_path_style(true);
    ///         let iam = aws_sdk_iam::config::Builder::from(config).interceptor(stubber.interceptor());
    ///         (aws_sdk_s3::Client::from_conf(s3.build()), aws_sdk_iam::Client::from_conf(iam.build()))
    ///     })
    /// }
    /// # let _ = s3_and_iam;
    /// # }
    /// ```
    #[track_caller]
    pub fn isolated(make: impl FnOnce(&SdkConfig, &Stubber) -> C) -> Self {
        Self::build(Server::Own, make)
    }

    #[track_caller]
    fn build(server: Server, make: impl FnOnce(&SdkConfig, &Stubber) -> C) -> Self {
        let account = account::fresh_account();
        let own = matches!(server, Server::Own);
        let (config, process) = match account::config_for(account.clone(), server) {
            // Not a closure: the panic names the test that asked for the fixture.
            Ok(found) => found,
            Err(e) => panic!("{e}"),
        };
        let stubber = Stubber::unordered();
        {
            let mut state = stubber.inner.lock();
            state.behind = config.http_client();
            // Clients that `client!` builds from the fixture reach the same server.
            state.endpoint = Some(format!("http://127.0.0.1:{}", process.port));
        }
        let stubbed = config
            .to_builder()
            .http_client(stubber.http_client())
            .build();
        let client = make(&stubbed, &stubber);
        Moto {
            client,
            stubber,
            config,
            account,
            server: Some((process, own)),
        }
    }

    /// Seeds the generator moto makes ids and names with (`/moto-api/seed`), so that the same
    /// calls make the same VPC, subnet or instance ids each run. A recording
    /// ([`Moto::recorded`]) has a new server, seeded from its file's name; seed it with this
    /// for a seed of your own, or a fixture with a server of its own ([`Moto::isolated`], the
    /// `s3` fixture). moto also draws from the generator for what it sets up on a service's
    /// first call in its process, so ids repeat exactly from the same history: on a new
    /// server (a recording's), or once the test's services have been called on the server
    /// (a leased one may have served other tests). The generator is the whole server's, so a
    /// fixture on the shared server (whose other tests run at the same time) refuses, saying
    /// so; a recording that replays has no server, and nothing to seed.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # fn doc() -> Result<(), aws_stubber::stubbed::moto::MotoError> {
    /// let s3 = aws_stubber::stubbed::moto::s3();
    /// s3.seed(7)?; // from here on, the ids of the run before with seed 7
    /// # Ok(())
    /// # }
    /// ```
    pub fn seed(&self, seed: u64) -> Result<(), MotoError> {
        match &self.server {
            None => Ok(()),
            Some((process, true)) => server::seed(process, seed),
            Some((process, false)) => Err(MotoError::new(format!(
                "moto's server on port {} is shared by every test of the run, which run at \
                 the same time: seeding it would not make this test's ids repeatable. Seed a \
                 fixture with a server of its own (`Moto::isolated`)",
                process.port
            ))),
        }
    }

    /// moto's process id, to inspect the server (`None` for a recording that replays).
    pub fn server_pid(&self) -> Option<u32> {
        self.server.as_ref().and_then(|(process, _)| process.pid())
    }

    /// The configuration of the client's account (and server), without the stubber: clients
    /// that the code under test builds from it see the same resources, and every call of
    /// theirs goes to moto. For a [`Moto::recorded`] fixture it is the stubber's, so that
    /// their calls are recorded and replayed too.
    pub fn config(&self) -> &SdkConfig {
        &self.config
    }

    /// The 12-digit account id moto keeps this test's resources under.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The fixture at an address (feature `serve`), for code that makes its own clients and
    /// for child processes ([`Served::env`](crate::serve::Served::env)): the stubber in front
    /// of moto, as for the fixture's client. Calls of an operation that an entry names take
    /// the entry; the others go to moto in the fixture's account (which a child's SDK could
    /// not name: moto reads it from a header the address adds), so the child sees what the
    /// test made with `.client` and the other way round.
    ///
    /// ```
    /// # #[cfg(feature = "iam")]
    /// # async fn doc() {
    /// use aws_stubber::stubbed::moto::MotoIam;
    ///
    /// async fn tool_sees_the_users_the_test_made(iam: MotoIam) {
    ///     iam.client.create_user().user_name("ana").send().await.unwrap();
    ///     let served = iam.serve();
    ///     let mut tool = std::process::Command::new("my-tool");
    ///     served.env().apply(&mut tool); // the tool's ListUsers finds ana
    /// }
    /// # }
    /// ```
    #[cfg(feature = "serve")]
    #[cfg_attr(docsrs, doc(cfg(feature = "serve")))]
    #[track_caller]
    pub fn serve(&self) -> crate::serve::Served {
        let behind = self.server.as_ref().map(|(process, _)| {
            let addr = std::net::SocketAddr::from(([127, 0, 0, 1], process.port));
            let header = (account::ACCOUNT_HEADER.to_string(), self.account.clone());
            (addr, vec![header])
        });
        self.stubber.serve_in_front_of(behind)
    }
}

/// So that `client!` builds a client of another service in the fixture's account, through
/// its stubber: `aws_stubber::client!(aws_sdk_rds, ec2)`.
#[doc(hidden)]
impl<C> crate::sdk::macro_support::AsStubber for Moto<C> {
    fn as_stubber(&self) -> &Stubber {
        &self.stubber
    }
}

impl<C> Deref for Moto<C> {
    type Target = Stubber;
    fn deref(&self) -> &Stubber {
        &self.stubber
    }
}

macro_rules! moto_fixture {
    ($feature:literal, $krate:ident, $fixture:ident, $alias:ident, $doc:literal, $make:expr) => {
        moto_fixture!(
            $feature, $krate, $fixture, $alias, $doc, new,
            "in an account of its own in the run's shared moto server", $make
        );
    };
    ($feature:literal, $krate:ident, $fixture:ident, $alias:ident, $doc:literal, $ctor:ident,
     $where:literal, $make:expr) => {
        #[cfg(feature = $feature)]
        #[doc = concat!("A ", $doc, " client of moto, ", $where, " (features `moto` and `", $feature, "`).")]
        pub type $alias = Moto<$krate::Client>;

        #[cfg(feature = $feature)]
        #[doc = concat!("rstest fixture: a ", $doc, " client of moto, ", $where, ".")]
        #[rstest::fixture]
        #[track_caller]
        pub fn $fixture() -> $alias {
            Moto::$ctor($make)
        }
    };
}

/// The client of a service crate for a moto fixture: the stubbed configuration and the
/// stubber's interceptor. (Unused when no service feature is on.)
#[allow(unused_macros)]
macro_rules! moto_client {
    ($krate:ident, $config:expr, $stubber:expr $(, $setting:ident($value:expr))*) => {
        $krate::Client::from_conf(
            $krate::config::Builder::from($config)
                .interceptor($stubber.interceptor())
                $(.$setting($value))*
                .build(),
        )
    };
}

// S3 addresses buckets by path: a loopback endpoint has no bucket subdomains. Bucket names
// are one namespace for every account in moto: each fixture has a server of its own.
moto_fixture!(
    "s3",
    aws_sdk_s3,
    s3,
    MotoS3,
    "S3",
    isolated,
    "on a moto server of its own (bucket names are one namespace for every account)",
    |c: &SdkConfig, s: &Stubber| { moto_client!(aws_sdk_s3, c, s, force_path_style(true)) }
);
moto_fixture!(
    "ec2",
    aws_sdk_ec2,
    ec2,
    MotoEc2,
    "EC2",
    |c: &SdkConfig, s: &Stubber| { moto_client!(aws_sdk_ec2, c, s) }
);
moto_fixture!(
    "iam",
    aws_sdk_iam,
    iam,
    MotoIam,
    "IAM",
    |c: &SdkConfig, s: &Stubber| { moto_client!(aws_sdk_iam, c, s) }
);
moto_fixture!(
    "route53",
    aws_sdk_route53,
    route53,
    MotoRoute53,
    "Route 53",
    |c: &SdkConfig, s: &Stubber| moto_client!(aws_sdk_route53, c, s)
);
moto_fixture!(
    "rds",
    aws_sdk_rds,
    rds,
    MotoRds,
    "RDS",
    |c: &SdkConfig, s: &Stubber| { moto_client!(aws_sdk_rds, c, s) }
);
moto_fixture!(
    "autoscaling",
    aws_sdk_autoscaling,
    autoscaling,
    MotoAutoScaling,
    "Auto Scaling",
    |c: &SdkConfig, s: &Stubber| moto_client!(aws_sdk_autoscaling, c, s)
);
