//! moto's server as a process: started under a small Python watchdog that stops it when this
//! process exits (whatever way it exits, on every platform moto runs on), its output kept
//! line by line for the messages that name it, and whether it still runs.

use std::collections::VecDeque;
use std::io::BufRead as _;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How many lines of moto's output are kept: enough for a few tracebacks.
const KEPT_LINES: usize = 400;

/// The watchdog, run by `python3`: it starts `moto_server` (from the PATH, else `python -m
/// moto.server` when this Python has moto), says which and its pid, stops moto when its stdin
/// closes (this process holds the other end: it closes when this process exits, even on a
/// panic or a signal), and exits as moto did. Nothing imports moto before the server starts.
const WATCHDOG: &str = r#"# aws-stubber: the watchdog of a moto server
import importlib.util, os, shutil, signal, subprocess, sys, threading
args = sys.argv[1:]
exe = shutil.which("moto_server")
if exe:
    cmd, named = [exe] + args, "moto_server"
elif importlib.util.find_spec("moto") is not None:
    cmd, named = [sys.executable, "-m", "moto.server"] + args, sys.executable + " -m moto.server"
else:
    print("aws-stubber-moto: not installed", file=sys.stderr, flush=True)
    os._exit(3)
moto = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sys.stderr)
print("aws-stubber-moto: pid=%d command=%s" % (moto.pid, named), file=sys.stderr, flush=True)
def watch():
    try:
        while sys.stdin.buffer.read(65536):
            pass
    finally:
        moto.kill()
threading.Thread(target=watch, daemon=True).start()
code = moto.wait()
sys.stderr.flush()
if code < 0 and hasattr(os, "kill"):
    try:
        signal.signal(-code, signal.SIG_DFL)
    except (OSError, ValueError):
        pass
    os.kill(os.getpid(), -code)
os._exit(code if code >= 0 else 128 - code)
"#;

/// The watchdog's own lines in the output: what it started, or that moto is missing.
const MARK: &str = "aws-stubber-moto: ";

/// A running (or exited) moto server process, with its output.
#[derive(Debug)]
pub(crate) struct Process {
    /// The watchdog, and the end of its stdin that keeps moto running.
    watchdog: Mutex<(Child, Option<ChildStdin>)>,
    /// Set when a call to it got no answer in time: the server is not handed out again.
    wedged: AtomicBool,
    pub(crate) port: u16,
    output: Arc<(Mutex<Output>, Condvar)>,
}

/// What moto printed (stdout and stderr, in order), the last [`KEPT_LINES`] of it.
#[derive(Debug, Default)]
pub(crate) struct Output {
    lines: VecDeque<String>,
    /// How many lines were printed in all.
    count: u64,
    pid: Option<u32>,
    command: Option<String>,
    not_installed: bool,
    ended: bool,
}

impl Output {
    /// The kept lines printed after the first `mark` lines.
    fn after(&self, mark: u64) -> Vec<String> {
        let first = self.count - self.lines.len() as u64;
        let skip = mark.saturating_sub(first) as usize;
        self.lines.iter().skip(skip).cloned().collect()
    }
}

/// Why the watchdog could not be started.
pub(crate) enum SpawnError {
    /// Neither `python3` nor `python` runs.
    NoPython(std::io::Error),
}

impl Process {
    /// Starts moto's server under the watchdog on `port` of 127.0.0.1.
    pub(crate) fn spawn(port: u16) -> Result<Process, SpawnError> {
        let mut last = None;
        for python in ["python3", "python"] {
            let spawned = Command::new(python)
                .arg("-c")
                .arg(WATCHDOG)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn();
            match spawned {
                Ok(mut child) => {
                    let stdin = child.stdin.take();
                    let stderr = child.stderr.take().expect("stderr is piped");
                    let output = Arc::new((Mutex::new(Output::default()), Condvar::new()));
                    let kept = output.clone();
                    std::thread::Builder::new()
                        .name(format!("moto-output-{port}"))
                        .spawn(move || keep_output(stderr, &kept))
                        .expect("a thread for moto's output");
                    return Ok(Process {
                        watchdog: Mutex::new((child, stdin)),
                        wedged: AtomicBool::new(false),
                        port,
                        output,
                    });
                }
                Err(e) => last = Some(e),
            }
        }
        Err(SpawnError::NoPython(last.expect("two tries")))
    }

    /// How moto exited, once it has (the watchdog exits as moto did).
    pub(crate) fn exited(&self) -> Option<ExitStatus> {
        let mut watchdog = self.watchdog.lock().unwrap_or_else(|p| p.into_inner());
        watchdog.0.try_wait().ok().flatten()
    }

    /// [`exited`](Self::exited), waiting up to `within` for the watchdog to see moto go.
    pub(crate) fn exited_within(&self, within: Duration) -> Option<ExitStatus> {
        let deadline = std::time::Instant::now() + within;
        loop {
            if let Some(status) = self.exited() {
                return Some(status);
            }
            if std::time::Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Marks the server as not answering in time.
    pub(crate) fn set_wedged(&self) {
        self.wedged.store(true, Ordering::Relaxed);
    }

    /// Whether a new fixture may use it: it runs and has answered every call in time.
    pub(crate) fn usable(&self) -> bool {
        !self.wedged.load(Ordering::Relaxed) && self.exited().is_none()
    }

    /// moto's pid, once the watchdog has said it.
    pub(crate) fn pid(&self) -> Option<u32> {
        self.with_output(|o| o.pid)
    }

    /// The command the watchdog runs moto with, once it has said it.
    pub(crate) fn command(&self) -> Option<String> {
        self.with_output(|o| o.command.clone())
    }

    /// Whether the watchdog found no moto to run.
    pub(crate) fn not_installed(&self) -> bool {
        self.with_output(|o| o.not_installed)
    }

    /// How many lines moto has printed so far: a mark to read what comes after.
    pub(crate) fn lines_so_far(&self) -> u64 {
        self.with_output(|o| o.count)
    }

    /// The last `n` lines moto printed.
    pub(crate) fn tail(&self, n: usize) -> Vec<String> {
        self.with_output(|o| {
            let skip = o.lines.len().saturating_sub(n);
            o.lines.iter().skip(skip).cloned().collect()
        })
    }

    /// The lines printed after `mark` (those still kept).
    pub(crate) fn lines_after(&self, mark: u64) -> Vec<String> {
        self.with_output(|o| o.after(mark))
    }

    /// Waits up to `within` for the output to end (moto and the watchdog gone), so that its
    /// last lines are read.
    pub(crate) fn wait_for_end(&self, within: Duration) {
        let (lock, ended) = &*self.output;
        let guard = lock.lock().unwrap_or_else(|p| p.into_inner());
        let _ = ended.wait_timeout_while(guard, within, |o| !o.ended);
    }

    /// Waits up to `within` for the watchdog to say moto's pid.
    pub(crate) fn wait_for_pid(&self, within: Duration) {
        let (lock, changed) = &*self.output;
        let guard = lock.lock().unwrap_or_else(|p| p.into_inner());
        let _ = changed.wait_timeout_while(guard, within, |o| o.pid.is_none() && !o.ended);
    }

    /// Waits up to `within` for the lines after `mark` to hold one that `done` accepts.
    pub(crate) fn wait_for_line(
        &self,
        mark: u64,
        within: Duration,
        done: impl Fn(&[String]) -> bool,
    ) {
        let (lock, changed) = &*self.output;
        let guard = lock.lock().unwrap_or_else(|p| p.into_inner());
        let _ = changed.wait_timeout_while(guard, within, |o| !o.ended && !done(&o.after(mark)));
    }

    fn with_output<T>(&self, f: impl FnOnce(&Output) -> T) -> T {
        let output = self.output.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&output)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let watchdog = self.watchdog.get_mut().unwrap_or_else(|p| p.into_inner());
        // Closing its stdin stops moto; the watchdog then exits.
        watchdog.1.take();
        let _ = watchdog.0.wait();
    }
}

/// Reads moto's output until it ends, keeping the last lines and the watchdog's own.
fn keep_output(stderr: std::process::ChildStderr, output: &(Mutex<Output>, Condvar)) {
    let (lock, changed) = output;
    for line in std::io::BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        let mut o = lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(said) = line.strip_prefix(MARK) {
            if said == "not installed" {
                o.not_installed = true;
            } else if let Some(rest) = said.strip_prefix("pid=") {
                let (pid, command) = rest.split_once(" command=").unwrap_or((rest, ""));
                o.pid = pid.parse().ok();
                o.command = Some(command.to_string());
            }
        } else {
            o.lines.push_back(line);
            o.count += 1;
            if o.lines.len() > KEPT_LINES {
                o.lines.pop_front();
            }
        }
        changed.notify_all();
    }
    lock.lock().unwrap_or_else(|p| p.into_inner()).ended = true;
    changed.notify_all();
}

/// Where `program` is on the PATH, without running it.
pub(crate) fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
