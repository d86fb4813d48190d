//! moto's server, started once per test binary on a free loopback port and stopped when the
//! binary ends, whatever way it ends.

use std::io::Read as _;
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

/// The moto server of this test binary: started by the first fixture that needs it, shared by
/// every test of the binary (each in its own account), stopped when the binary exits.
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
    let log = std::env::temp_dir().join(format!("aws-stubber-moto-{}.log", std::process::id()));
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
