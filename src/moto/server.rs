//! moto's servers: the shared one, started once per test binary, and the servers of their
//! own that fixtures lease one at a time (reset before each lease); each on a free loopback
//! port, stopped when the binary ends, whatever way it ends.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How to install what the fixtures need; every error that comes from a missing moto says it.
const INSTALL: &str = "pip install 'moto[server]'";

/// How long moto may take to listen: its first start imports every service.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Why moto's server could not be started: it is not installed (the message says how to
/// install it), or it exited or never listened (the message holds the end of its output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotoError {
    message: String,
}

impl std::fmt::Display for MotoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "aws-stubber: {}", self.message)
    }
}

impl std::error::Error for MotoError {}

impl MotoError {
    /// What went wrong, without the crate's prefix.
    #[cfg(feature = "record")]
    pub(super) fn message(&self) -> &str {
        &self.message
    }
}

/// A moto server: the binary's shared one (started by the first fixture that needs it, used by
/// every test of the binary, each in its own account, see [`server`]), one an S3 fixture
/// leases from the pool, or one started by [`MotoServer::start`]. Stopped when the binary
/// exits.
#[derive(Debug)]
pub struct MotoServer {
    url: String,
    port: u16,
    started_in: Duration,
    /// The shell that runs moto; moto stops when this end of its stdin closes, at the exit of
    /// this process.
    _watch: Mutex<(Child, ChildStdin)>,
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

    /// How long it took from spawning moto to its first accepted connection.
    pub fn started_in(&self) -> Duration {
        self.started_in
    }
}

static SERVER: OnceLock<Result<MotoServer, MotoError>> = OnceLock::new();

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
        if let Some(server) = self.server.take() {
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
        if reset(server.port).is_ok() {
            return Ok(Lease {
                server: Some(server),
            });
        }
    }
}

/// Asks moto on `port` to forget every resource of every account.
fn reset(port: u16) -> std::io::Result<()> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "POST /moto-api/reset HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-length: 0\r\n\
         connection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    if answer.starts_with("HTTP/1.1 200") {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "moto's reset answered: {answer}"
        )))
    }
}

/// The moto server of this test binary, started on first use.
///
/// ```
/// match aws_stubber::stubbed::moto::server() {
///     Ok(server) => assert!(server.url().starts_with("http://127.0.0.1:")),
///     Err(e) => assert!(e.to_string().starts_with("aws-stubber: moto's server")),
/// }
/// ```
pub fn server() -> Result<&'static MotoServer, MotoError> {
    SERVER.get_or_init(start).as_ref().map_err(Clone::clone)
}

/// The command that runs moto's server: `moto_server` on the PATH, else `python3 -m
/// moto.server`.
fn command() -> Result<Vec<&'static str>, MotoError> {
    static COMMAND: OnceLock<Result<Vec<&'static str>, MotoError>> = OnceLock::new();
    COMMAND.get_or_init(find_command).clone()
}

fn find_command() -> Result<Vec<&'static str>, MotoError> {
    let works = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works("moto_server", &["--help"]) {
        return Ok(vec!["moto_server"]);
    }
    if works("python3", &["-c", "import moto.server"]) {
        return Ok(vec!["python3", "-m", "moto.server"]);
    }
    Err(MotoError {
        message: format!(
            "moto's server is not installed: neither `moto_server` on the PATH nor `python3 -m \
             moto.server` runs. Install it with `{INSTALL}`"
        ),
    })
}

fn start() -> Result<MotoServer, MotoError> {
    let command = command()?;
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| MotoError {
            message: format!("no free loopback port for moto: {e}"),
        })?;
    static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let nth = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let log =
        std::env::temp_dir().join(format!("aws-stubber-moto-{}-{nth}.log", std::process::id()));
    let log_file = std::fs::File::create(&log).map_err(|e| MotoError {
        message: format!("cannot create moto's log {}: {e}", log.display()),
    })?;
    // The shell runs moto in the background and waits for it; a second background job reads
    // the shell's stdin, which only this process holds, and stops moto when it closes: when
    // this process exits, pass or fail, even on a panic or a signal. (A background job's
    // stdin is /dev/null in a shell without job control: the pipe reaches it as fd 3.)
    let script = r#"exec 3<&0; "$@" </dev/null & pid=$!; (cat <&3 >/dev/null; kill "$pid" 2>/dev/null) & wait "$pid""#;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .args(&command)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(log_file)
        .spawn()
        .map_err(|e| MotoError {
            message: format!("cannot run moto's server through `sh`: {e}"),
        })?;
    let stdin = child.stdin.take().expect("stdin is piped");
    let spawned = Instant::now();
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        let exited = child.try_wait().ok().flatten();
        if exited.is_some() || spawned.elapsed() > START_TIMEOUT {
            let _ = child.kill();
            let mut output = String::new();
            let _ = std::fs::File::open(&log).and_then(|mut f| f.read_to_string(&mut output));
            let tail: Vec<&str> = output.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            let what = match exited {
                Some(status) => format!("exited ({status})"),
                None => format!("did not listen within {} s", START_TIMEOUT.as_secs()),
            };
            return Err(MotoError {
                message: format!(
                    "moto's server (`{}`) {what} on port {port}; its output ends:\n{}\nReinstall \
                     it with `{INSTALL}` if it fails to start",
                    command.join(" "),
                    tail.join("\n")
                ),
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // The shell keeps writing to the open file; its name is not needed any more.
    let _ = std::fs::remove_file(&log);
    Ok(MotoServer {
        url: format!("http://127.0.0.1:{port}"),
        port,
        started_in: spawned.elapsed(),
        _watch: Mutex::new((child, stdin)),
    })
}
