//! moto's server as a process that any test process of a run can use: started under a small
//! Python keeper in a session of its own, which writes moto's output to a log file, stops
//! moto when no test process has held the server for a while (see `registry.rs`), and takes
//! moto with it when it dies, however it dies. A test process knows a server by the files
//! the keeper writes beside its log: what it runs and its pids (`.info`), how moto ended
//! (`.exit`).

use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The keeper, run by `python3` with the port, the path of the server's files without their
/// suffix, and the linger in seconds. It leaves its parent at once (a session of its own: no
/// signal to the test's process group reaches it, and no test runner waits for it), starts
/// `moto_server` (from the PATH, else `python -m moto.server` when this Python has moto) with
/// its output in the log, and stops it when its `.users` lock has been free for the linger
/// (every test process that uses the server holds it shared; the kernel lets go of it when
/// the process ends, SIGKILL included) or a `.stop` file asks. On Linux moto gets SIGKILL
/// when the keeper dies. Nothing imports moto before the server starts; once moto has printed
/// nothing for two seconds (no call in flight), the keeper of the shared server makes one EC2
/// call, so that EC2's slow first load happens while no test waits (`.warm` says it has; not
/// on servers of their own, whose seeded ids it would move).
const KEEPER: &str = r#"# aws-stubber: the keeper of a moto server
import fcntl, importlib.util, os, shutil, signal, subprocess, sys, time
port, base, linger, warms = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4] == "warm"
if os.fork():
    os._exit(0)
os.setsid()
log = os.open(base + ".log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
null = os.open(os.devnull, os.O_RDWR)
os.dup2(null, 0); os.dup2(log, 1); os.dup2(log, 2)
def put(suffix, text):
    with open(base + suffix + ".tmp", "w") as f:
        f.write(text)
    os.replace(base + suffix + ".tmp", base + suffix)
exe = shutil.which("moto_server")
if exe:
    cmd, named = [exe], "moto_server"
elif importlib.util.find_spec("moto") is not None:
    cmd, named = [sys.executable, "-m", "moto.server"], sys.executable + " -m moto.server"
else:
    put(".info", "not installed")
    os._exit(3)
def bound():
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    except Exception:
        pass
moto = subprocess.Popen(cmd + ["-H", "127.0.0.1", "-p", port], stdin=null, stdout=log,
                        stderr=log, preexec_fn=bound if sys.platform.startswith("linux") else None)
users = os.open(base + ".users", os.O_RDWR | os.O_CREAT, 0o644)
put(".info", "pid=%d keeper=%d command=%s" % (moto.pid, os.getpid(), named))
def ended(how):
    put(".exit", how)
    os._exit(0)
def warm():
    # EC2 is moto's slowest first call (its code and default images): made in an account no
    # fixture gets, once moto has answered nothing for two seconds.
    import urllib.request
    request = urllib.request.Request(
        "http://127.0.0.1:%s/" % port, data=b"Action=DescribeRegions&Version=2016-11-15",
        headers={"content-type": "application/x-www-form-urlencoded",
                 "x-moto-account-id": "000000000000",
                 "authorization": "AWS4-HMAC-SHA256 Credential=AKIDMOTO/20260101/us-east-1/"
                                  "ec2/aws4_request, SignedHeaders=host, Signature=0"})
    try:
        urllib.request.urlopen(request, timeout=30).read()
        put(".warm", "ec2")
    except Exception:
        pass
idle_since = time.monotonic()
quiet, printed, warmed = time.monotonic(), -1, not warms
while True:
    size = os.fstat(log).st_size
    if size != printed:
        quiet, printed = time.monotonic(), size
    elif not warmed and time.monotonic() - quiet >= 2:
        warmed = True
        warm()
    code = moto.poll()
    if code is not None:
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = "?"
            ended("signal: %d (%s)" % (-code, name))
        ended("exit status: %d" % code)
    if os.path.exists(base + ".stop"):
        moto.kill(); moto.wait()
        ended("stopped when the server of its own was dropped")
    try:
        fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        idle_since = time.monotonic()
    else:
        if time.monotonic() - idle_since >= linger:
            moto.kill(); moto.wait()
            ended("stopped: no test process had used it for %g s" % linger)
        fcntl.flock(users, fcntl.LOCK_UN)
    time.sleep(0.1)
"#;

/// A moto server process: its port, pids and files.
#[derive(Debug)]
pub(crate) struct Process {
    pub(crate) port: u16,
    pid: u32,
    keeper: u32,
    command: String,
    /// The path of its files without their suffix (`<registry>/servers/<port>`).
    base: PathBuf,
    /// Set when a call to it got no answer in time: the server is not handed out again.
    wedged: AtomicBool,
}

/// What the keeper said of a server it started.
pub(crate) enum Said {
    Running {
        pid: u32,
        keeper: u32,
        command: String,
    },
    NotInstalled,
}

/// Why the keeper could not be started.
pub(crate) enum SpawnError {
    /// Neither `python3` nor `python` runs.
    NoPython(std::io::Error),
}

/// Starts the keeper of a new server on `port`, its files at `base`; returns once it has
/// left (the server starts in the background: see [`said`]).
pub(crate) fn spawn(port: u16, base: &Path, linger: f64, warm: bool) -> Result<(), SpawnError> {
    let mut last = None;
    for python in ["python3", "python"] {
        let spawned = std::process::Command::new(python)
            .arg("-c")
            .arg(KEEPER)
            .arg(port.to_string())
            .arg(base)
            .arg(linger.to_string())
            .arg(if warm { "warm" } else { "cold" })
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        match spawned {
            Ok(_) => return Ok(()),
            Err(e) => last = Some(e),
        }
    }
    Err(SpawnError::NoPython(last.expect("two tries")))
}

/// What the keeper at `base` says, if it has said it.
pub(crate) fn said(base: &Path) -> Option<Said> {
    let text = std::fs::read_to_string(with_suffix(base, ".info")).ok()?;
    if text == "not installed" {
        return Some(Said::NotInstalled);
    }
    let rest = text.strip_prefix("pid=")?;
    let (pid, rest) = rest.split_once(" keeper=")?;
    let (keeper, command) = rest.split_once(" command=")?;
    Some(Said::Running {
        pid: pid.parse().ok()?,
        keeper: keeper.parse().ok()?,
        command: command.to_string(),
    })
}

pub(crate) fn with_suffix(base: &Path, suffix: &str) -> PathBuf {
    let mut path = base.as_os_str().to_owned();
    path.push(suffix);
    PathBuf::from(path)
}

/// Whether a call to the server at `base` got no answer in time, in any process.
pub(crate) fn wedged(base: &Path) -> bool {
    with_suffix(base, ".wedged").exists()
}

/// Whether process `pid` runs (not a zombie waiting to be reaped). Where there is no `/proc`,
/// every process is taken to run: the port's answer tells then.
pub(crate) fn alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        !stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

impl Process {
    pub(crate) fn new(port: u16, base: PathBuf, pid: u32, keeper: u32, command: String) -> Self {
        Process {
            port,
            pid,
            keeper,
            command,
            base,
            wedged: AtomicBool::new(false),
        }
    }

    /// How moto ended (`signal: 9 (SIGKILL)`, `exit status: 1`), once it has: checked on moto
    /// itself, then as the keeper tells it (or that the keeper is gone too).
    pub(crate) fn exited(&self) -> Option<String> {
        if alive(self.pid) {
            return None;
        }
        if let Ok(how) = std::fs::read_to_string(with_suffix(&self.base, ".exit")) {
            return Some(how);
        }
        // The keeper writes how within a tenth of a second, unless it is gone too.
        (!alive(self.keeper)).then(|| "ended with its keeper".to_string())
    }

    /// [`exited`](Self::exited), waiting up to `within` for moto to go and the keeper to say
    /// how.
    pub(crate) fn exited_within(&self, within: Duration) -> Option<String> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(how) = self.exited() {
                return Some(how);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Marks the server as not answering in time, for every process of the run.
    pub(crate) fn set_wedged(&self) {
        self.wedged.store(true, Ordering::Relaxed);
        let _ = std::fs::write(with_suffix(&self.base, ".wedged"), b"");
    }

    /// Whether a new fixture may use it: moto runs and has answered every call in time.
    pub(crate) fn usable(&self) -> bool {
        !self.wedged.load(Ordering::Relaxed) && !wedged(&self.base) && alive(self.pid)
    }

    /// moto's pid.
    pub(crate) fn pid(&self) -> Option<u32> {
        Some(self.pid)
    }

    /// The command the keeper runs moto with.
    pub(crate) fn command(&self) -> &str {
        &self.command
    }

    /// Where moto's output is.
    pub(crate) fn log(&self) -> PathBuf {
        with_suffix(&self.base, ".log")
    }

    /// How much moto has printed so far: a mark to read what comes after.
    pub(crate) fn lines_so_far(&self) -> u64 {
        std::fs::metadata(self.log()).map_or(0, |m| m.len())
    }

    /// The last `n` lines moto printed.
    pub(crate) fn tail(&self, n: usize) -> Vec<String> {
        let len = self.lines_so_far();
        let lines = self.lines_after(len.saturating_sub(64 * 1024));
        let skip = lines.len().saturating_sub(n);
        lines.into_iter().skip(skip).collect()
    }

    /// The lines printed after `mark` (whole lines only).
    pub(crate) fn lines_after(&self, mark: u64) -> Vec<String> {
        let mut text = Vec::new();
        let read = std::fs::File::open(self.log()).and_then(|mut file| {
            file.seek(SeekFrom::Start(mark))?;
            file.read_to_end(&mut text)
        });
        if read.is_err() {
            return Vec::new();
        }
        let text = String::from_utf8_lossy(&text);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // A line cut by the mark is not whole.
        if mark > 0 && !lines.is_empty() {
            let before = self.byte_before(mark);
            if before != Some(b'\n') {
                lines.remove(0);
            }
        }
        lines
    }

    fn byte_before(&self, mark: u64) -> Option<u8> {
        let mut file = std::fs::File::open(self.log()).ok()?;
        file.seek(SeekFrom::Start(mark - 1)).ok()?;
        let mut byte = [0u8];
        file.read_exact(&mut byte).ok()?;
        Some(byte[0])
    }

    /// Waits up to `within` for moto to end and the keeper to say how, so that its last lines
    /// are in the log.
    pub(crate) fn wait_for_end(&self, within: Duration) {
        let _ = self.exited_within(within);
    }

    /// Waits up to `within` for the lines after `mark` to hold one that `done` accepts.
    pub(crate) fn wait_for_line(
        &self,
        mark: u64,
        within: Duration,
        done: impl Fn(&[String]) -> bool,
    ) {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline && !done(&self.lines_after(mark)) {
            if self.exited().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Asks the keeper to stop moto now (a server of its own, dropped).
    pub(crate) fn stop(&self) {
        let _ = std::fs::write(with_suffix(&self.base, ".stop"), b"");
    }
}

/// Where `program` is on the PATH, without running it.
pub(crate) fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
