//! moto's servers as a test process sees them: the run's shared one (found or started in
//! `registry.rs`, and found again when it died or stopped answering), the servers of the
//! pool that fixtures lease one at a time (reset before each lease), and servers of their own.

use std::fs::File;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use super::error::MotoError;
use super::process::Process;
use super::registry;

/// A moto server: the run's shared one (started by the first fixture of the run that needs
/// it, used by every test of every test process, each in its own account, see [`server`]),
/// one an S3 fixture leases from the pool, or one started by [`MotoServer::start`], stopped
/// when it is dropped. The others stop when no test process has used them for a few seconds.
#[derive(Debug)]
pub struct MotoServer {
    url: String,
    port: u16,
    started_in: Duration,
    pub(super) process: Arc<Process>,
    /// The locks that hold it in use (and, for a lease, to this holder alone).
    _held: Vec<File>,
    /// A server of its own: stopped when dropped.
    own: bool,
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        if self.own {
            self.process.stop();
        }
    }
}

impl MotoServer {
    /// Starts a moto server of its own, apart from the run's shared one and the pool the S3
    /// fixtures lease from: stopped when it is dropped, or a few seconds after the process
    /// exits, however it exits.
    ///
    /// ```
    /// use aws_stubber::stubbed::moto::MotoServer;
    ///
    /// match MotoServer::start() {
    ///     Ok(server) => println!("moto listens at {} after {:?}", server.url(), server.started_in()),
    ///     Err(e) => println!("{e}"), // moto is not installed here
    /// }
    /// ```
    pub fn start() -> Result<MotoServer, MotoError> {
        let started = std::time::Instant::now();
        let (process, held) = registry::own()?;
        Ok(MotoServer::new(
            process,
            vec![held],
            started.elapsed(),
            true,
        ))
    }

    fn new(process: Process, held: Vec<File>, started_in: Duration, own: bool) -> Self {
        MotoServer {
            url: format!("http://127.0.0.1:{}", process.port),
            port: process.port,
            started_in,
            process: Arc::new(process),
            _held: held,
            own,
        }
    }

    /// Where it listens: `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The loopback port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// moto's process id.
    pub fn pid(&self) -> Option<u32> {
        self.process.pid()
    }

    /// How long this process waited for it: from spawning moto to its first accepted
    /// connection, or finding it running.
    pub fn started_in(&self) -> Duration {
        self.started_in
    }

    /// Makes moto load its EC2 code now, which it does on the first EC2 call otherwise (about
    /// a second: EC2 is moto's largest service); returns when it has. The shared server's
    /// keeper does it once moto has been idle for two seconds.
    pub fn warm_up(&self) {
        ec2_call(self.port);
    }

    /// Seeds moto's generator of ids and names: from then on the same calls make the same ids
    /// (moto's `/moto-api/seed`). The generator is the server's: seed a server only one test
    /// uses at a time.
    pub fn seed(&self, seed: u64) -> Result<(), MotoError> {
        self::seed(&self.process, seed)
    }
}

/// Seeds the generator of the server whose process this is.
pub(super) fn seed(process: &Process, seed: u64) -> Result<(), MotoError> {
    registry::admin(process.port, &format!("/moto-api/seed?a={seed}")).map_err(|e| {
        MotoError::new(format!(
            "moto's server on port {} was not seeded: {e}",
            process.port
        ))
    })
}

/// The shared server as this process found it: found again when it exited or stopped
/// answering. Each one is kept for the rest of the process (a dead one costs a few bytes), so
/// that `server()` hands out a plain reference.
static SERVER: Mutex<Option<Result<&'static MotoServer, MotoError>>> = Mutex::new(None);

/// A moto server held by one fixture (or configuration) alone, back to the pool on drop.
#[derive(Debug)]
pub(super) struct Lease {
    server: MotoServer,
}

impl Lease {
    pub(super) fn server(&self) -> &MotoServer {
        &self.server
    }
}

/// A server no one else uses until the lease is dropped: one of the run's pool that no other
/// lease holds, reset to no resources (moto's `/moto-api/reset`), or a new one.
pub(super) fn lease() -> Result<Lease, MotoError> {
    let started = std::time::Instant::now();
    let (process, held) = registry::lease()?;
    Ok(Lease {
        server: MotoServer::new(process, held, started.elapsed(), false),
    })
}

/// A lease of a server started for it: one whose history holds nothing (moto draws ids from
/// its generator for what it sets up on a service's first call in a process, so a seeded
/// server repeats its ids exactly when it starts from the same history). Back to the pool
/// when dropped.
#[cfg(feature = "record")]
pub(super) fn fresh_lease() -> Result<Lease, MotoError> {
    let started = std::time::Instant::now();
    let (process, held) = registry::fresh_lease()?;
    Ok(Lease {
        server: MotoServer::new(process, held, started.elapsed(), false),
    })
}

/// The moto server of this run, shared by every test process of it (see the module's docs for
/// how it is found), started on first use, and again when the one before exited or stopped
/// answering (the tests that used it lose their resources with it).
///
/// ```
/// match aws_stubber::stubbed::moto::server() {
///     Ok(server) => assert!(server.url().starts_with("http://127.0.0.1:")),
///     Err(e) => assert!(e.to_string().starts_with("aws-stubber: ")),
/// }
/// ```
pub fn server() -> Result<&'static MotoServer, MotoError> {
    let mut shared = SERVER.lock().unwrap_or_else(|p| p.into_inner());
    match &*shared {
        Some(Ok(server)) if server.process.usable() => return Ok(server),
        Some(Err(e)) => return Err(e.clone()),
        _ => {}
    }
    let waited = std::time::Instant::now();
    let started = registry::shared().map(|process| {
        let server = MotoServer::new(process, Vec::new(), waited.elapsed(), false);
        &*Box::leak(Box::new(server))
    });
    *shared = Some(started.clone());
    started
}

/// An EC2 call in an account no fixture gets (`000000000000`): what it answers does not
/// matter.
fn ec2_call(port: u16) {
    let headers = "content-type: application/x-www-form-urlencoded\r\n\
                   x-moto-account-id: 000000000000\r\n\
                   authorization: AWS4-HMAC-SHA256 Credential=AKIDMOTO/20260101/us-east-1/ec2/\
                   aws4_request, SignedHeaders=host, Signature=0\r\n";
    let _ = registry::post(
        port,
        "/",
        headers,
        "Action=DescribeRegions&Version=2016-11-15",
    );
}
