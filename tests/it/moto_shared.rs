//! One moto for every test process of a run: processes find the server an earlier one
//! started (in the directory `AWS_STUBBER_MOTO_DIR` names, here a temporary one per test), each
//! in accounts of its own; a server no process holds stops after the linger, whatever was
//! killed; a dead server is never handed out. Each test runs copies of this binary as the
//! test processes, and checks moto's processes in /proc.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aws_stubber::stubbed::moto::{self, registry};

use crate::moto_fixtures::moto_runs;
use crate::support::{CHILD, in_a_child};

/// What a copy did: the shared server it got, and how many users its account held before it
/// made one.
#[derive(Debug, PartialEq)]
struct Report {
    port: u16,
    pid: u32,
    users_before: usize,
}

/// In a copy: gets the shared server, lists the users of a fresh account, makes one, and says
/// so on stderr.
fn as_a_copy() {
    let server = moto::server().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let iam = moto::iam();
    let before = rt
        .block_on(iam.client.list_users().send())
        .unwrap()
        .users()
        .len();
    rt.block_on(iam.client.create_user().user_name("alice").send())
        .unwrap();
    eprintln!(
        "moto port={} pid={} users_before={before}",
        server.port(),
        server.pid().unwrap()
    );
}

/// Runs the test `name` in a copy of this binary with the servers of `dir`, and reads its
/// report.
fn copy(name: &str, dir: &Path, linger: &str) -> Report {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture"])
        .env(CHILD, "1")
        .env(registry::DIR_VAR, dir)
        .env(registry::LINGER_VAR, linger)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("moto port="))
        .unwrap_or_else(|| panic!("no report in {stderr}"));
    let field = |name: &str| {
        line.split(' ')
            .find_map(|f| f.strip_prefix(name))
            .unwrap_or_else(|| panic!("{name} in {line}"))
            .to_string()
    };
    Report {
        port: line.split(' ').next().unwrap().parse().unwrap(),
        pid: field("pid=").parse().unwrap(),
        users_before: field("users_before=").parse().unwrap(),
    }
}

/// Running, not a zombie waiting to be reaped.
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        !stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

/// Waits up to `within` for `pid` to be gone; whether it is.
fn gone_within(pid: u32, within: Duration) -> bool {
    let start = Instant::now();
    while alive(pid) && start.elapsed() < within {
        std::thread::sleep(Duration::from_millis(20));
    }
    !alive(pid)
}

/// The keeper of the server on `port` in `dir`, as its files say.
fn keeper(dir: &Path, port: u16) -> u32 {
    let info = std::fs::read_to_string(dir.join(format!("servers/{port}.info"))).unwrap();
    info.split(' ')
        .find_map(|f| f.strip_prefix("keeper="))
        .unwrap()
        .parse()
        .unwrap()
}

fn signal(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} {pid}");
}

fn kill(pid: u32) {
    signal(pid, "KILL");
}

/// Kills a process when dropped, so that a failed assertion leaves no stopped keeper behind.
struct KilledAtTheEnd(u32);

impl Drop for KilledAtTheEnd {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", &self.0.to_string()])
            .stderr(Stdio::null())
            .status();
    }
}

#[test]
fn test_processes_of_a_run_share_one_server_each_in_accounts_of_its_own() {
    const NAME: &str =
        "moto_shared::test_processes_of_a_run_share_one_server_each_in_accounts_of_its_own";
    if in_a_child() {
        return as_a_copy();
    }
    if !moto_runs() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let first = copy(NAME, dir.path(), "30");
    let second = copy(NAME, dir.path(), "30");
    assert_eq!((second.port, second.pid), (first.port, first.pid));
    // Each process's account is its own: the first one's user is not in the second's.
    assert_eq!((first.users_before, second.users_before), (0, 0));
    assert!(alive(first.pid), "the server lingers for the next process");
    // Idle, it loads EC2 (no test asked for it, so none waited for it).
    let warm = dir.path().join(format!("servers/{}.warm", first.port));
    let asked = Instant::now();
    while !warm.exists() && asked.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&warm).ok().as_deref(), Some("ec2"));
    kill(keeper(dir.path(), first.port));
    assert!(gone_within(first.pid, Duration::from_secs(5)));
}

#[test]
fn a_server_no_process_holds_stops_after_the_linger() {
    const NAME: &str = "moto_shared::a_server_no_process_holds_stops_after_the_linger";
    if in_a_child() {
        return as_a_copy();
    }
    if !moto_runs() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let used = copy(NAME, dir.path(), "1");
    let keeper = keeper(dir.path(), used.port);
    assert!(
        gone_within(used.pid, Duration::from_secs(5)),
        "moto lingered"
    );
    assert!(
        gone_within(keeper, Duration::from_secs(2)),
        "its keeper lingered"
    );
    let exit = std::fs::read_to_string(dir.path().join(format!("servers/{}.exit", used.port)));
    assert_eq!(
        exit.unwrap(),
        "stopped: no test process had used it for 1 s"
    );
}

#[test]
fn a_killed_keeper_takes_moto_with_it_and_a_killed_moto_its_keeper() {
    const NAME: &str =
        "moto_shared::a_killed_keeper_takes_moto_with_it_and_a_killed_moto_its_keeper";
    if in_a_child() {
        return as_a_copy();
    }
    if !moto_runs() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let first = copy(NAME, dir.path(), "60");
    // SIGKILL to the keeper: moto gets SIGKILL from the kernel.
    kill(keeper(dir.path(), first.port));
    assert!(
        gone_within(first.pid, Duration::from_secs(2)),
        "moto outlived its keeper"
    );
    // SIGKILL to moto: its keeper says how it ended, and exits.
    let second = copy(NAME, dir.path(), "60");
    assert_ne!(second.pid, first.pid);
    let keeper = keeper(dir.path(), second.port);
    kill(second.pid);
    assert!(
        gone_within(keeper, Duration::from_secs(2)),
        "the keeper outlived moto"
    );
    let exit = std::fs::read_to_string(dir.path().join(format!("servers/{}.exit", second.port)));
    assert_eq!(exit.unwrap(), "signal: 9 (SIGKILL)");
}

#[test]
fn a_dead_server_is_never_handed_out() {
    const NAME: &str = "moto_shared::a_dead_server_is_never_handed_out";
    if in_a_child() {
        return as_a_copy();
    }
    if !moto_runs() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let first = copy(NAME, dir.path(), "60");
    // moto killed while its keeper is stopped: nothing but moto itself says it is gone.
    let first_keeper = keeper(dir.path(), first.port);
    let _first = KilledAtTheEnd(first_keeper);
    signal(first_keeper, "STOP");
    kill(first.pid);
    // Gone (a zombie its stopped keeper cannot reap), not yet told of.
    assert!(gone_within(first.pid, Duration::from_secs(5)));
    let second = copy(NAME, dir.path(), "60");
    let _second = KilledAtTheEnd(keeper(dir.path(), second.port));
    assert_ne!(second.port, first.port);
    assert!(alive(second.pid));
}
