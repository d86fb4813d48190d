//! Helpers every test module shares.

use std::path::{Path, PathBuf};

use aws_sdk_s3::operation::list_objects_v2::builders::ListObjectsV2InputBuilder;
use aws_sdk_s3::operation::list_objects_v2::{ListObjectsV2Input, ListObjectsV2Output};
use aws_stubber::{QueuedResponse, Stubber, op};

/// A fresh directory under the system's temporary directory, removed with everything in it
/// when dropped (also when the test fails).
pub struct TempDir(tempfile::TempDir);

impl TempDir {
    pub fn new() -> Self {
        TempDir(
            tempfile::Builder::new()
                .prefix("aws-stubber-test-")
                .tempdir()
                .expect("create a temporary directory"),
        )
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// The path of `name` in this directory (nothing is created).
    pub fn join(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    /// Writes `content` to `name` in this directory and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(name);
        std::fs::write(&path, content).expect("write a temporary file");
        path
    }

    /// The names of the files in this directory, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// A fixture path in its own temporary directory, removed on drop.
pub struct TempFixture {
    _dir: TempDir,
    path: PathBuf,
}

impl TempFixture {
    pub fn new(name: &str) -> Self {
        let dir = TempDir::new();
        let path = dir.join(name);
        TempFixture { _dir: dir, path }
    }
}

impl std::ops::Deref for TempFixture {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempFixture {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

/// Replaces `(queued at tests/it/s3.rs:12:5)` with `(queued at <loc>)`.
pub fn scrub(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find("queued at ") {
        out.push_str(&rest[..i + "queued at ".len()]);
        rest = &rest[i + "queued at ".len()..];
        let end = rest.find(')').unwrap_or(rest.len());
        out.push_str("<loc>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Queues an empty listing that expects the bucket `logs`.
pub fn expect_listing_of_logs(
    stubber: &Stubber,
) -> QueuedResponse<'_, ListObjectsV2Input, ListObjectsV2InputBuilder> {
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            ListObjectsV2Output::builder().build(),
        )
        .expect_input(|i| i.bucket("logs"))
}

/// The one failure the stubber recorded (taken from it).
pub fn only_failure(stubber: &aws_stubber::Stubber) -> aws_stubber::StubError {
    let mut failures = stubber.take_failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    failures.remove(0)
}

/// The message of a call's failure, checked to be a request the service would refuse.
pub fn refused<E: std::error::Error + 'static>(err: &E) -> String {
    let stub = aws_stubber::StubError::find(err).expect("the stubber's error is in the chain");
    assert_eq!(
        stub.kind(),
        aws_stubber::StubErrorKind::InvalidRequest,
        "{}",
        stub.message()
    );
    stub.message().to_string()
}

/// Runs `f`, which must panic, and returns its panic message.
pub fn panic_message(f: impl FnOnce()) -> String {
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_err();
    caught
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| caught.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap()
}

/// Set in the copies of this test binary that [`checked_in_a_child`] starts.
pub const CHILD: &str = "AWS_STUBBER_TEST_CHILD";

/// [`checked_in_a_child`] that also returns what the copy printed to stderr (in the copy:
/// `None`, and the test goes on).
pub fn stderr_of_a_child(name: &str, env: &[(&str, &str)]) -> Option<String> {
    if in_a_child() {
        return None;
    }
    // moto servers of the copy's own, so that what it does to them reaches no other test.
    let servers = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture"])
        .env(CHILD, "1")
        .env("AWS_STUBBER_MOTO_DIR", servers.path())
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name} failed with {env:?}:\n{stdout}\n{stderr}"
    );
    Some(stderr)
}

/// Whether this is a copy of the test binary that [`checked_in_a_child`] started.
pub fn in_a_child() -> bool {
    std::env::var_os(CHILD).is_some()
}

/// For checks that depend on the process environment: in the test itself, runs the test
/// `name` (its full path, `module::test`) in a copy of this binary with `env` set and returns
/// true once that copy passed (the test then returns); in the copy, returns false, and the
/// test goes on to check.
pub fn checked_in_a_child(name: &str, env: &[(&str, &str)]) -> bool {
    stderr_of_a_child(name, env).is_some()
}
