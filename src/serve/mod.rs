//! A stubber at an address, for code that makes its own clients: a function that calls
//! `aws_config::load_from_env()` itself, a binary run as a child process, a script in
//! another language.
//!
//! [`Stubber::serve`] listens on `127.0.0.1` (an IP address: the SDKs address S3 buckets by
//! path there, where `bucket.localhost` would need a name that does not resolve everywhere)
//! on a free port and answers every request from the same queue as in process: the same
//! order, the same check of each request against the AWS service models, HTTP expectations,
//! history and verification. [`Served::env`] is the environment that sends an AWS SDK there
//! and nowhere else, for a child process ([`AwsEnv::apply`]) or for this process
//! ([`AwsEnv::set`]).
//!
//! No interceptor tells a stubber at an address which operation is called: the service comes
//! from the signature's credential scope (or `X-Amz-Target`, the query form's API version,
//! the rpcv2Cbor path), the operation from `X-Amz-Target`, the form's `Action` or the REST
//! URI template of the models (a table generated from them, `models/routes.tsv`). A request
//! of no operation fails the test and says so. Each attempt of a call carries the SDK's
//! invocation id, so a retry is another attempt of the same call, as in process.
//!
//! Typed outputs queued with `add_response` are written on the wire from the models' output
//! shapes (a table generated from them, `models/shapes.tsv`) in every protocol: JSON,
//! REST-JSON, query, EC2, REST-XML (S3, Route 53) and rpcv2Cbor (a service of both RPC
//! protocols answers in the one the request came in). The output is read from its `Debug`
//! text, so two things cannot be written: a member the SDK's `Debug` hides as sensitive (it
//! prints the same text whether the member is set or not: it is left out, and reaches the
//! code as absent) and a body streamed from a file (the call fails with a message that says
//! to queue the bytes). Each request is read back into its input's `Debug` tree against the
//! models' input shape (`decode`), so input expectations, page checks and the history work
//! as in process; what needs the SDK's typed value (`expect_input_matches`, answers computed
//! from the input) fails its call with a message that says what to use instead. A
//! stubbed timeout never answers (the client's own timeout ends the call); a stubbed dropped
//! or refused connection closes the connection.
//!
//! A fixture file loaded on a served stubber (before or after `serve()`) compares each
//! request by what it asks, whichever SDK sends it: the method, the path (path-style for S3), the query without
//! `x-id`, the `x-amz-*` headers that carry input, and the body by meaning; not the host, the
//! signature or the headers each SDK sends its own way. In a failure sweep
//! ([`crate::sweep()`]), a served stubber made in the body joins the run like any other, and a
//! timeout the sweep injects closes the connection (a client at an address has no timeout
//! the stubber could end).
//!
//! A call the stubber fails is answered with a `400` error in the service's protocol, code
//! `AwsStubberFailure`, its message the stubber's: code that prints the error shows why.
//! Code that swallows it still fails the test: when the guard drops (or [`Served::verify`]),
//! as the last handle of an in-process stubber does.
//!
//! ```
//! # #[cfg(all(feature = "iam", feature = "record"))]
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use aws_stubber::{op, Stubber};
//!
//! let stubber = Stubber::new();
//! stubber.add_client_error(op!(aws_sdk_iam::Client::get_user), "NoSuchEntity", "no such user")
//!     .http_status(404);
//! let served = stubber.serve();
//! // A child process would get `served.env().apply(&mut command)`; here, a client made from
//! // the same endpoint.
//! let config = aws_sdk_iam::Config::builder()
//!     .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
//!     .endpoint_url(served.url())
//!     .region(aws_sdk_iam::config::Region::new("us-east-1"))
//!     .credentials_provider(aws_sdk_iam::config::Credentials::for_tests())
//!     .http_client(aws_smithy_http_client::Builder::new().build_http())
//!     .build();
//! let iam = aws_sdk_iam::Client::from_conf(config);
//! let err = iam.get_user().user_name("ana").send().await.unwrap_err();
//! assert!(err.into_service_error().is_no_such_entity_exception());
//! served.verify().unwrap();
//! # });
//! ```

mod call;
mod env;
mod forward;
mod listen;
mod reply;
pub(crate) mod route;

use std::net::SocketAddr;
use std::sync::Arc;

pub use env::{AwsEnv, EnvGuard, REMOVED};

use crate::Stubber;
use crate::error::{StubError, StubErrorKind};
use crate::message::PREFIX;
use crate::queue::state::verification_message;

impl Stubber {
    /// Serves this stubber's queue at an address on `127.0.0.1` until the guard drops (see
    /// [the module](crate::serve)). The guard dereferences to the stubber, and verifies it
    /// when it drops.
    ///
    /// # Panics
    ///
    /// When no port of `127.0.0.1` can be listened on.
    #[track_caller]
    #[must_use = "the address closes when the guard drops"]
    pub fn serve(&self) -> Served {
        self.serve_in_front_of(None)
    }

    /// [`Stubber::serve`], with calls of an operation that no entry names sent on to a live
    /// server (a moto fixture's), with `headers` added.
    #[track_caller]
    pub(crate) fn serve_in_front_of(
        &self,
        behind: Option<(SocketAddr, Vec<(String, String)>)>,
    ) -> Served {
        let behind = behind.map(|(addr, headers)| forward::Behind { addr, headers });
        {
            // Fixture files' requests, queued or still to come, are compared by what they ask,
            // whichever SDK sends them to the address.
            let mut state = self.inner.lock();
            state.at_address = true;
            for entry in state.queue.iter_mut() {
                if let Some(http) = &mut entry.http {
                    http.at_an_address();
                }
            }
        }
        let shared = Arc::new(call::Shared::new(self.inner.clone(), behind));
        match listen::Listener::start(shared) {
            Ok(listener) => Served {
                listener,
                stubber: self.clone(),
            },
            Err(e) => panic!("{PREFIX}the stubber cannot listen on 127.0.0.1: {e}"),
        }
    }
}

/// A [`Stubber`] at an address; made by [`Stubber::serve`]. Dropping it closes the address
/// and verifies the stubber: an unused entry or a failed call fails the test there, even
/// when the code under test (a child process that exits 0, say) never reported it.
pub struct Served {
    listener: listen::Listener,
    stubber: Stubber,
}

impl std::fmt::Debug for Served {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Served")
            .field("url", &self.url())
            .field("stubber", &self.stubber)
            .finish()
    }
}

impl std::ops::Deref for Served {
    type Target = Stubber;

    fn deref(&self) -> &Stubber {
        &self.stubber
    }
}

impl Served {
    /// The address (`127.0.0.1:PORT`).
    pub fn addr(&self) -> SocketAddr {
        self.listener.addr
    }

    /// The endpoint URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.listener.addr)
    }

    /// The environment that sends an AWS SDK to this address and nowhere else (see
    /// [`AwsEnv`]).
    pub fn env(&self) -> AwsEnv {
        AwsEnv::new(self.url())
    }

    /// Closes the address, then verifies the stubber as [`Stubber::verify`] does.
    pub fn verify(mut self) -> Result<(), StubError> {
        self.listener.stop();
        let message = {
            let mut state = self.stubber.inner.lock();
            let message = verification_message(&state);
            if message.is_some() {
                // Reported here: the stubber's own drop does not repeat it.
                state.verify_on_drop = false;
            }
            message
        };
        match message {
            None => Ok(()),
            Some(message) => Err(StubError::new(StubErrorKind::Misuse, message)),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.listener.stop();
        let message = {
            let mut state = self.stubber.inner.lock();
            // In a failure sweep's run, the stubber's own drop tells the sweep what was left.
            if !state.verify_on_drop || state.sweep.is_some() {
                return;
            }
            let message = verification_message(&state);
            if message.is_some() {
                state.verify_on_drop = false;
            }
            message
        };
        if let Some(message) = message {
            if std::thread::panicking() {
                eprintln!("{message}\n(reported while the thread was already panicking)");
            } else {
                panic!(
                    "{message}\n(reported when the served stubber's guard was dropped; call \
                     verify() on it to check earlier)"
                );
            }
        }
    }
}
