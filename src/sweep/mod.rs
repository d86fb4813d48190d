//! The failure sweep: a test body run once as written, then once for every failure each of
//! its calls can meet, to find the error paths that panic or hang.
//!
//! [`sweep`] takes an async body that queues its answers on a fresh [`Stubber`] and runs the
//! code under test. The sweep runs it as written (that run must pass: it returned `()` or
//! `Ok`, left no entry unused and no call failed), then once per call of that run and per
//! failure in the call's [`catalogue`]: the errors the operation declares in the AWS models,
//! the errors AWS documents that the models do not declare (S3's `NoSuchBucket`, EC2's
//! `InvalidInstanceID.NotFound`, access denied and expired credentials for every call), the
//! service's throttling error, `InternalError` (500), a timeout, a dropped connection, and a
//! body cut short for outputs that stream one. In each run that call is answered with the
//! failure and every other call as queued. The [`Report`] says what each run did; the sweep
//! fails when a run panicked, hung, did not repeat the written run, or was rejected by
//! [`Sweep::check`].
//!
//! ```
//! # #[cfg(feature = "s3")]
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use aws_sdk_s3::operation::get_object::GetObjectOutput;
//! use aws_stubber::{client, op, sweep};
//!
//! /// The code under test: a missing file reads as empty, any other error is returned.
//! async fn read_config(s3: &aws_sdk_s3::Client) -> Result<String, Box<dyn std::error::Error>> {
//!     match s3.get_object().bucket("app").key("config").send().await {
//!         Ok(object) => {
//!             let bytes = object.body.collect().await?;
//!             Ok(String::from_utf8_lossy(&bytes.into_bytes()).into_owned())
//!         }
//!         Err(err) if err.as_service_error().is_some_and(|e| e.is_no_such_key()) => Ok(String::new()),
//!         Err(err) => Err(err.into()),
//!     }
//! }
//!
//! let report = sweep(|stubber| async move {
//!     let s3 = client!(aws_sdk_s3, &stubber);
//!     stubber.add_response(
//!         op!(aws_sdk_s3::Client::get_object),
//!         GetObjectOutput::builder().body("debug = true".as_bytes().to_vec().into()).build(),
//!     );
//!     read_config(&s3).await
//! })
//! .report()
//! .await;
//! assert!(report.passed(), "{report}");
//! // NoSuchKey, InvalidObjectState, NoSuchBucket, SlowDown, AccessDenied, ExpiredToken,
//! // InternalError, timeout, dropped connection, body cut short: one run each.
//! assert_eq!(report.runs().len(), 10);
//! # });
//! ```
//!
//! Stubbers made while a run's body is polled join the run, so a body may use the rstest
//! fixtures (call `aws_stubber::stubbed::s3()` in the body: each run needs its own), clients
//! of any SDK crate from [`client!`](crate::client), fixture files, pages, waiters, and the
//! stubs in front of moto. Calls are numbered over all of a run's stubbers in the order they
//! come; a stubber made in a spawned task does not join. The guide's chapter
//! [`guide::sweep`](crate::guide::sweep) walks through a sweep that finds a bug.

mod catalogue;
mod drive;
mod report;
mod runs;

pub use catalogue::{Failure, FailureKind, catalogue};
pub use report::{Earlier, Outcome, Report, Run};

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::inject::{Limits, Plan, Target, within};
use crate::queue::stubber::Stubber;
use drive::{Drive, Ended, catch};

/// What a body returns: `()`, or a `Result` whose `Err` counts as "returned an error".
pub trait SweepOutput {
    /// The error's `Debug` text when the body returned one.
    fn error_text(&self) -> Option<String>;
}

impl SweepOutput for () {
    fn error_text(&self) -> Option<String> {
        None
    }
}

impl<T, E: fmt::Debug> SweepOutput for Result<T, E> {
    fn error_text(&self) -> Option<String> {
        self.as_ref().err().map(|e| format!("{e:?}"))
    }
}

/// A sweep of `body`: run it with [`Sweep::run`] (panics with the report when the sweep
/// fails) or [`Sweep::report`]. See [the module](self).
pub fn sweep<F, Fut, R>(body: F) -> Sweep<F, R>
where
    F: Fn(Stubber) -> Fut,
    Fut: Future<Output = R>,
    R: SweepOutput,
{
    Sweep {
        body,
        operations: Vec::new(),
        kinds: Vec::new(),
        budget: Sweep::<F, R>::DEFAULT_BUDGET,
        check: None,
        wall: Sweep::<F, R>::DEFAULT_WALL_LIMIT,
        attempts: Sweep::<F, R>::DEFAULT_EXTRA_ATTEMPTS,
        clock: Sweep::<F, R>::DEFAULT_CLOCK_LIMIT,
    }
}

/// A check of each run's outcome.
type Check<R> = Box<dyn Fn(&Run<R>) -> bool>;

/// A failure sweep being set up (see [the module](self)).
#[must_use = "a sweep does nothing until .run().await or .report().await"]
pub struct Sweep<F, R> {
    body: F,
    operations: Vec<String>,
    kinds: Vec<FailureKind>,
    budget: usize,
    check: Option<Check<R>>,
    wall: Duration,
    attempts: usize,
    clock: Duration,
}

impl<F, R> fmt::Debug for Sweep<F, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sweep")
            .field("operations", &self.operations)
            .field("kinds", &self.kinds)
            .field("budget", &self.budget)
            .field("check", &self.check.is_some())
            .field("wall", &self.wall)
            .field("attempts", &self.attempts)
            .field("clock", &self.clock)
            .finish()
    }
}

impl<F, Fut, R> Sweep<F, R>
where
    F: Fn(Stubber) -> Fut,
    Fut: Future<Output = R>,
    R: SweepOutput,
{
    /// Runs at most this many failures unless [`Sweep::budget`] says otherwise; the report
    /// counts the ones left out.
    pub const DEFAULT_BUDGET: usize = 500;
    /// A run not done after this much wall time is hung (it waits on something other than
    /// the stubber's clock, which never makes a test wait).
    pub const DEFAULT_WALL_LIMIT: Duration = Duration::from_secs(10);
    /// A run that makes this many more attempts than the written run is hung.
    pub const DEFAULT_EXTRA_ATTEMPTS: usize = 200;
    /// A run whose stubber clock moves this much further than in the written run is hung.
    pub const DEFAULT_CLOCK_LIMIT: Duration = Duration::from_secs(3600);

    /// Fails only the calls of these operations (`"GetObject"`, or with the service,
    /// `"S3 GetObject"`); every call by default.
    pub fn operations(mut self, operations: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.operations = operations.into_iter().map(Into::into).collect();
        self
    }

    /// Tries only failures of these kinds; every kind by default.
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = FailureKind>) -> Self {
        self.kinds = kinds.into_iter().collect();
        self
    }

    /// The most runs with a failure to make ([`Sweep::DEFAULT_BUDGET`] by default): runs go
    /// by call, then by failure, and the report counts those left out.
    pub fn budget(mut self, runs: usize) -> Self {
        self.budget = runs;
        self
    }

    /// Rejects a run whose outcome `accept` returns false for (with [`Run::returned`], what
    /// the body returned): the sweep then fails. For example, that every failure comes back
    /// as an error: `.check(|run| matches!(run.returned, Some(Err(_))))`.
    pub fn check(mut self, accept: impl Fn(&Run<R>) -> bool + 'static) -> Self {
        self.check = Some(Box::new(accept));
        self
    }

    /// How long a run may take in wall time before it counts as hung
    /// ([`Sweep::DEFAULT_WALL_LIMIT`] by default).
    pub fn wall_limit(mut self, limit: Duration) -> Self {
        self.wall = limit;
        self
    }

    /// When a run counts as hung on the stubber's clock: after `attempts` more attempts than
    /// the written run made, or when the clock moved `clock` further than in the written run
    /// ([`Sweep::DEFAULT_EXTRA_ATTEMPTS`], [`Sweep::DEFAULT_CLOCK_LIMIT`] by default). Such a
    /// hang costs no wall time.
    pub fn hang_limits(mut self, attempts: usize, clock: Duration) -> Self {
        self.attempts = attempts;
        self.clock = clock;
        self
    }

    /// Runs the sweep and panics with its report when it fails; the report is printed either
    /// way (shown for a failing test, or with `--nocapture`).
    pub async fn run(self) {
        let report = self.report().await;
        eprintln!("{report}");
        if !report.passed() {
            panic!("{report}");
        }
    }

    /// Runs the sweep and returns what it found.
    pub async fn report(self) -> Report<R> {
        let (ended, plan) = self.run_once(None, None).await;
        let written: Vec<(String, String)> = plan.calls();
        let mut report = Report {
            written: written.clone(),
            written_failure: None,
            runs: Vec::new(),
            not_run: 0,
            budget: self.budget,
        };
        if let Err(why) = ended {
            report.written_failure = Some(why);
            return report;
        }
        let limits = Limits {
            attempts: plan.attempts() + self.attempts,
            clock: plan.waited() + self.clock,
        };
        self.failure_runs(&written, limits, &mut report).await;
        report
    }

    fn wants(&self, service: &str, operation: &str) -> bool {
        self.operations.is_empty()
            || self.operations.iter().any(|o| {
                o.eq_ignore_ascii_case(operation)
                    || o.eq_ignore_ascii_case(&format!("{service} {operation}"))
            })
    }

    /// The written run: `Err(why)` unless it passed.
    async fn run_once(
        &self,
        target: Option<Target>,
        limits: Option<Limits>,
    ) -> (Result<Ended<R>, String>, Arc<Plan>) {
        let plan = Arc::new(Plan::new(target.clone(), limits));
        let stubber = within(&plan, Stubber::new);
        let ended = match catch(|| within(&plan, || (self.body)(stubber.clone()))) {
            Ok(body) => Drive::new(body, plan.clone(), self.wall).await,
            Err(caught) => Ended::Panicked(caught),
        };
        let verified = stubber.verify();
        stubber.verify_on_drop(false);
        drop(stubber);
        if target.is_some() {
            return (Ok(ended), plan);
        }
        let why = match &ended {
            Ended::Panicked(caught) => Some(panicked(caught)),
            Ended::Hung(why) => Some(why.clone()),
            Ended::Returned(value) => match value.error_text() {
                Some(error) => Some(format!("returned an error: {error}")),
                None => verified
                    .err()
                    .map(|e| format!("did not use its stubber as queued:\n{}", e.message())),
            },
        };
        (why.map_or(Ok(ended), Err), plan)
    }
}

fn panicked(caught: &drive::Caught) -> String {
    Outcome::Panicked {
        message: caught.message.clone(),
        location: caught.location.clone(),
    }
    .to_string()
}

fn first_line(message: &str) -> String {
    let text = message
        .strip_prefix(crate::message::PREFIX)
        .unwrap_or(message);
    text.lines().next().unwrap_or_default().to_string()
}
