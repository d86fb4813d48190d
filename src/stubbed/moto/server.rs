//! moto's servers: the shared one, started by the first fixture of a test binary that needs
//! it (and again when it died or stopped answering), and the servers of their own that
//! fixtures lease one at a time (reset before each lease); each on a free loopback port,
//! stopped when the binary ends, whatever way it ends.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::process::{Process, SpawnError, on_path};
use crate::message::PREFIX;

/// How to install what the fixtures need; every error that comes from a missing moto says it.
const INSTALL: &str = "pip install 'moto[server]'";

/// How long moto may take to listen: its first start compiles every module it imports.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How long moto may take to reset or seed a server.
const ADMIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Why moto's server could not be started (it is not installed, and the message says how to
/// install it, or it exited or never listened, and the message holds the end of its output),
/// or why a call to it failed: it did not answer in time, it exited, it does not implement the
/// operation, or it failed on it (the message holds what moto printed). A failed call's
/// `SdkError` holds it as the source of its connector error.
#[derive(Clone, PartialEq, Eq)]
pub struct MotoError {
    message: String,
}

impl MotoError {
    pub(super) fn new(message: String) -> Self {
        MotoError { message }
    }

    /// What went wrong, without the crate's prefix.
    #[cfg(feature = "record")]
    pub(super) fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for MotoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{PREFIX}{}", self.message)
    }
}

/// The message as it reads, lines and all: an `unwrap()` of a failed call shows it so.
impl std::fmt::Debug for MotoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for MotoError {}

/// A moto server: the binary's shared one (started by the first fixture that needs it, used by
/// every test of the binary, each in its own account, see [`server`]), one an S3 fixture
/// leases from the pool, or one started by [`MotoServer::start`]. Stopped when it is dropped
/// or the binary exits.
#[derive(Debug)]
pub struct MotoServer {
    url: String,
    port: u16,
    started_in: Duration,
    pub(super) process: Arc<Process>,
}

impl MotoServer {
    /// Starts a moto server of its own, apart from the binary's shared one and the pool the
    /// S3 fixtures lease from: stopped when it is dropped, or when the process exits.
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
        start()
    }

    /// Where it listens: `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The loopback port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// moto's process id (`None` in the moment before its watchdog has said it).
    pub fn pid(&self) -> Option<u32> {
        self.process.pid()
    }

    /// How long it took from spawning moto to its first accepted connection.
    pub fn started_in(&self) -> Duration {
        self.started_in
    }

    /// Makes moto load its EC2 code now, which it does on the first EC2 call otherwise (about
    /// a second: EC2 is moto's largest service); returns when it has. The shared server does
    /// it in the background as it starts, so that a test's first EC2 call waits less.
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
    admin(process.port, &format!("/moto-api/seed?a={seed}")).map_err(|e| {
        MotoError::new(format!(
            "moto's server on port {} was not seeded: {e}",
            process.port
        ))
    })
}

/// The shared server: replaced when it exited or stopped answering. Each one is kept for the
/// rest of the binary (a dead one costs a few bytes), so that `server()` hands out a plain
/// reference.
static SERVER: Mutex<Option<Result<&'static MotoServer, MotoError>>> = Mutex::new(None);

/// Servers of their own that no fixture holds now: a lease takes one (resetting it) before it
/// starts another, so a binary starts as many as it runs such fixtures at once.
static IDLE: Mutex<Vec<MotoServer>> = Mutex::new(Vec::new());

/// A moto server held by one fixture (or configuration) alone, back to the pool on drop.
#[derive(Debug)]
pub(super) struct Lease {
    server: Option<MotoServer>,
}

impl Lease {
    pub(super) fn server(&self) -> &MotoServer {
        self.server
            .as_ref()
            .expect("a lease holds its server until dropped")
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(server) = self.server.take()
            && server.process.usable()
        {
            IDLE.lock().unwrap_or_else(|p| p.into_inner()).push(server);
        }
    }
}

/// A server no one else uses until the lease is dropped: an idle one, reset to no resources
/// (moto's `/moto-api/reset`), or a new one.
pub(super) fn lease() -> Result<Lease, MotoError> {
    loop {
        let idle = IDLE.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let Some(server) = idle else {
            return start().map(|server| Lease {
                server: Some(server),
            });
        };
        // A server that does not answer its reset is dropped (which stops it).
        if server.process.usable() && admin(server.port, "/moto-api/reset").is_ok() {
            return Ok(Lease {
                server: Some(server),
            });
        }
    }
}

/// A lease of a server started for it: one whose history holds nothing (moto draws ids from
/// its generator for what it sets up on a service's first call in a process, so a seeded
/// server repeats its ids exactly when it starts from the same history). Back to the pool
/// when dropped.
#[cfg(feature = "record")]
pub(super) fn fresh_lease() -> Result<Lease, MotoError> {
    start().map(|server| Lease {
        server: Some(server),
    })
}

/// Posts to moto's own API on `port` (`/moto-api/reset`, `/moto-api/seed?a=N`).
fn admin(port: u16, path: &str) -> std::io::Result<()> {
    let answer = post(port, path, "", "")?;
    if answer.starts_with("HTTP/1.1 200") {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "moto answered {path}: {answer}"
        )))
    }
}

/// Posts `body` to `path` on moto at `port`, with `headers` (each line ending in `\r\n`);
/// returns the whole answer.
fn post(port: u16, path: &str, headers: &str, body: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(ADMIN_TIMEOUT))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n{headers}content-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

/// The moto server of this test binary, started on first use, and started again when the one
/// before exited or stopped answering (the tests that used it lose their resources with it).
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
    let started = start().map(|server| &*Box::leak(Box::new(server)));
    if let Ok(server) = &started {
        let server: &'static MotoServer = server;
        let _ = std::thread::Builder::new()
            .name("moto-warm-up".to_string())
            .spawn(move || server.warm_up());
    }
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
    let _ = post(
        port,
        "/",
        headers,
        "Action=DescribeRegions&Version=2016-11-15",
    );
}

/// How moto failed to start: it exited (the message holds the end of its output and, when
/// it was not found, how to install it) or never listened.
fn start_failed(process: &Process, port: u16, what: &str) -> MotoError {
    process.wait_for_end(Duration::from_secs(1));
    if process.not_installed() {
        return not_installed();
    }
    let command = process
        .command()
        .unwrap_or_else(|| "moto_server".to_string());
    MotoError {
        message: format!(
            "moto's server (`{command}`) {what} on port {port}; its output ends:\n{}\nReinstall \
             it with `{INSTALL}` if it fails to start",
            process.tail(20).join("\n")
        ),
    }
}

fn not_installed() -> MotoError {
    MotoError {
        message: format!(
            "moto's server is not installed: neither `moto_server` on the PATH nor `python3 -m \
             moto.server` runs. Install it with `{INSTALL}`"
        ),
    }
}

fn start() -> Result<MotoServer, MotoError> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| MotoError {
            message: format!("no free loopback port for moto: {e}"),
        })?;
    let spawned = Instant::now();
    let process = Process::spawn(port).map_err(|SpawnError::NoPython(e)| {
        if on_path("moto_server").is_none() {
            return not_installed();
        }
        MotoError {
            message: format!(
                "cannot run moto's server: the watchdog that stops it needs `python3` (or \
                 `python`) on the PATH, as moto does: {e}"
            ),
        }
    })?;
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        if let Some(status) = process.exited() {
            return Err(start_failed(&process, port, &format!("exited ({status})")));
        }
        if spawned.elapsed() > START_TIMEOUT {
            let what = format!("did not listen within {} s", START_TIMEOUT.as_secs());
            let err = start_failed(&process, port, &what);
            drop(process);
            return Err(err);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // The watchdog says moto's pid before moto starts: by now it has.
    process.wait_for_pid(Duration::from_secs(1));
    Ok(MotoServer {
        url: format!("http://127.0.0.1:{port}"),
        port,
        started_in: spawned.elapsed(),
        process: Arc::new(process),
    })
}
