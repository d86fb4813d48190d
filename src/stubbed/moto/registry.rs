//! Where the moto servers of a run are found, by every test process of it: a directory beside
//! the test binaries (`target/<profile>/aws-stubber-moto`, the folder above the binary's
//! `deps`; `AWS_STUBBER_MOTO_DIR` names another), so that `cargo test`'s binaries and
//! cargo-nextest's process per test share them. `servers/shared` names the port of the shared
//! server (started under `servers/shared.lock`, which one process holds at a time);
//! `servers/<port>.pool` marks a server of the pool S3 fixtures lease (a lease holds
//! `<port>.lease` exclusively). Every process that uses a server holds its `<port>.users`
//! shared, the shared server's for the rest of its life; the kernel lets go of a lock when its
//! process ends, however it ends, and a server whose lock has been free for the linger
//! (`AWS_STUBBER_MOTO_LINGER` seconds, 10 unless set) is stopped by its keeper.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::error::{INSTALL, MotoError, not_installed};
use super::process::{self, Process, Said, SpawnError, alive, on_path, with_suffix};

/// The variable that names the directory of a run's servers.
pub const DIR_VAR: &str = "AWS_STUBBER_MOTO_DIR";

/// The variable that sets how long an unused server lingers, in seconds.
pub const LINGER_VAR: &str = "AWS_STUBBER_MOTO_LINGER";

/// How long a server no test process uses lingers for the next one, unless set.
const LINGER: f64 = 10.0;

/// How long moto may take to listen: its first start compiles every module it imports.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How long moto may take to reset or seed a server.
const ADMIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Locks this process holds for the rest of its life.
static FOR_LIFE: Mutex<Vec<File>> = Mutex::new(Vec::new());

/// The directory of the run's servers: `AWS_STUBBER_MOTO_DIR` when set (`process` for one of
/// this process's own, which shares its servers with no other process), else
/// `aws-stubber-moto` in the folder of the test binaries (`target/debug`).
pub fn dir() -> PathBuf {
    match std::env::var_os(DIR_VAR) {
        Some(dir) if dir == "process" => {
            return std::env::temp_dir().join(format!("aws-stubber-moto-{}", std::process::id()));
        }
        Some(dir) => return PathBuf::from(dir),
        None => {}
    }
    let exe = std::env::current_exe().ok();
    let beside = exe.as_deref().and_then(Path::parent).map(|d| {
        if d.ends_with("deps") {
            d.parent().unwrap_or(d)
        } else {
            d
        }
    });
    beside
        .map_or_else(std::env::temp_dir, Path::to_path_buf)
        .join("aws-stubber-moto")
}

fn linger() -> f64 {
    // No other process finds a server of a process's own: it stops as the process ends.
    let own = std::env::var_os(DIR_VAR).is_some_and(|d| d == "process");
    std::env::var(LINGER_VAR)
        .ok()
        .and_then(|l| l.parse().ok())
        .filter(|l: &f64| *l >= 0.0)
        .unwrap_or(if own { 0.0 } else { LINGER })
}

fn servers() -> Result<PathBuf, MotoError> {
    let dir = dir().join("servers");
    std::fs::create_dir_all(&dir).map_err(|e| {
        MotoError::new(format!(
            "the directory of moto's servers ({}) cannot be made: {e}; name another with {DIR_VAR}",
            dir.display()
        ))
    })?;
    Ok(dir)
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> MotoError {
    MotoError::new(format!("{what} ({}) failed: {e}", path.display()))
}

fn open_lock(path: &Path) -> Result<File, MotoError> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| io_error("opening a lock of moto's servers", path, e))
}

/// Holds the server at `base` in use (its `.users` lock, shared) until the file is dropped.
fn hold(base: &Path) -> Result<File, MotoError> {
    let path = with_suffix(base, ".users");
    let file = open_lock(&path)?;
    file.lock_shared()
        .map_err(|e| io_error("holding moto's server", &path, e))?;
    Ok(file)
}

/// The server on `port` (its files at `base`) when it is live: its keeper says moto runs,
/// moto does, no call to it went unanswered, and its port takes a connection.
fn live(port: u16, base: &Path) -> Option<Process> {
    let Some(Said::Running {
        pid,
        keeper,
        command,
    }) = process::said(base)
    else {
        return None;
    };
    if !alive(pid) || process::wedged(base) || TcpStream::connect(("127.0.0.1", port)).is_err() {
        return None;
    }
    Some(Process::new(port, base.to_path_buf(), pid, keeper, command))
}

/// The run's shared server: the live one another process (or this one) started, else a new
/// one. This process holds it in use for the rest of its life.
pub(super) fn shared() -> Result<Process, MotoError> {
    let dir = servers()?;
    let lock_path = dir.join("shared.lock");
    let lock = open_lock(&lock_path)?;
    lock.lock()
        .map_err(|e| io_error("waiting for moto's shared server", &lock_path, e))?;
    let named = std::fs::read_to_string(dir.join("shared"))
        .ok()
        .and_then(|p| p.trim().parse::<u16>().ok());
    if let Some(port) = named {
        let base = dir.join(port.to_string());
        if live(port, &base).is_some() {
            let held = hold(&base)?;
            // Checked again now that it is held: its keeper may have stopped it just before.
            if let Some(process) = live(port, &base) {
                for_life(held);
                return Ok(process);
            }
        }
    }
    let (process, held) = start(&dir, true)?;
    for_life(held);
    let path = dir.join("shared");
    std::fs::write(&path, process.port.to_string())
        .map_err(|e| io_error("naming moto's shared server", &path, e))?;
    Ok(process)
}

fn for_life(file: File) {
    FOR_LIFE
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(file);
}

/// A server of the pool that no other lease holds, reset to no resources, or a new one; the
/// files hold it until they are dropped.
pub(super) fn lease() -> Result<(Process, Vec<File>), MotoError> {
    let dir = servers()?;
    let pool: Vec<u16> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| {
                    e.ok()?
                        .file_name()
                        .to_str()?
                        .strip_suffix(".pool")?
                        .parse()
                        .ok()
                })
                .collect()
        })
        .unwrap_or_default();
    for port in pool {
        let base = dir.join(port.to_string());
        let lease = open_lock(&with_suffix(&base, ".lease"))?;
        if lease.try_lock().is_err() {
            continue;
        }
        if live(port, &base).is_none() {
            let _ = std::fs::remove_file(with_suffix(&base, ".pool"));
            continue;
        }
        let held = hold(&base)?;
        match live(port, &base) {
            Some(process) if admin(port, "/moto-api/reset").is_ok() => {
                return Ok((process, vec![lease, held]));
            }
            _ => continue,
        }
    }
    fresh_lease()
}

/// A lease of a new server of the pool (one whose history holds nothing).
pub(super) fn fresh_lease() -> Result<(Process, Vec<File>), MotoError> {
    let dir = servers()?;
    let (process, held) = start(&dir, false)?;
    let base = dir.join(process.port.to_string());
    let lease = open_lock(&with_suffix(&base, ".lease"))?;
    let _ = lease.try_lock();
    let marker = with_suffix(&base, ".pool");
    std::fs::write(&marker, b"").map_err(|e| io_error("adding to moto's pool", &marker, e))?;
    Ok((process, vec![lease, held]))
}

/// A server of its own, stopped when its holder asks ([`Process::stop`]).
pub(super) fn own() -> Result<(Process, File), MotoError> {
    start(&servers()?, false)
}

/// Starts a new server in `dir` on a free port, held by the file returned; `warm` for the
/// shared one, whose keeper loads EC2 once it is idle.
fn start(dir: &Path, warm: bool) -> Result<(Process, File), MotoError> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| MotoError::new(format!("no free loopback port for moto: {e}")))?;
    let base = dir.join(port.to_string());
    for suffix in [
        ".info", ".exit", ".stop", ".log", ".pool", ".wedged", ".warm",
    ] {
        let _ = std::fs::remove_file(with_suffix(&base, suffix));
    }
    // Held before the keeper starts: it stops a server no one holds once the linger is over.
    let held = hold(&base)?;
    let spawned = Instant::now();
    process::spawn(port, &base, linger(), warm).map_err(|SpawnError::NoPython(e)| {
        if on_path("moto_server").is_none() {
            return not_installed();
        }
        MotoError::new(format!(
            "cannot run moto's server: its keeper needs `python3` (or `python`) on the PATH, \
             as moto does: {e}"
        ))
    })?;
    loop {
        match process::said(&base) {
            Some(Said::NotInstalled) => return Err(not_installed()),
            Some(Said::Running {
                pid,
                keeper,
                command,
            }) => {
                let process = Process::new(port, base.clone(), pid, keeper, command);
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Ok((process, held));
                }
                if let Some(how) = process.exited() {
                    return Err(start_failed(&process, &format!("exited ({how})")));
                }
                if spawned.elapsed() > START_TIMEOUT {
                    process.stop();
                    let what = format!("did not listen within {} s", START_TIMEOUT.as_secs());
                    return Err(start_failed(&process, &what));
                }
            }
            None if spawned.elapsed() > START_TIMEOUT => {
                let log = with_suffix(&base, ".log");
                let said = std::fs::read_to_string(&log).unwrap_or_default();
                return Err(MotoError::new(format!(
                    "the keeper of moto's server did not start it within {} s; it wrote:\n{said}",
                    START_TIMEOUT.as_secs()
                )));
            }
            None => {}
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// How moto failed to start: the message holds the end of its output.
fn start_failed(process: &Process, what: &str) -> MotoError {
    MotoError::new(format!(
        "moto's server (`{}`) {what} on port {}; its output ends:\n{}\nReinstall it with \
         `{INSTALL}` if it fails to start",
        process.command(),
        process.port,
        process.tail(20).join("\n")
    ))
}

/// Posts to moto's own API on `port` (`/moto-api/reset`, `/moto-api/seed?a=N`).
pub(super) fn admin(port: u16, path: &str) -> std::io::Result<()> {
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
pub(super) fn post(port: u16, path: &str, headers: &str, body: &str) -> std::io::Result<String> {
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
