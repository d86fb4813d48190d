//! The environment that sends an AWS SDK to an address and to nothing else: for a child
//! process ([`AwsEnv::apply`]) or for this process ([`AwsEnv::set`]).

use std::ffi::OsString;
use std::sync::{Mutex, MutexGuard};

use crate::sdk::macro_support::{ACCESS_KEY_ID, SECRET_ACCESS_KEY};

/// A file that exists and holds nothing: the shared config and credentials files.
#[cfg(unix)]
const EMPTY_FILE: &str = "/dev/null";
#[cfg(not(unix))]
const EMPTY_FILE: &str = "NUL";

/// Variables that a developer's or CI's shell may hold and that would send an SDK elsewhere,
/// or make it look for credentials elsewhere: removed. (`AWS_ENDPOINT_URL_<SERVICE>` for every
/// service is removed too, whatever the service.)
pub const REMOVED: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_ACCOUNT_ID",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE",
    "AWS_S3_USE_ARN_REGION",
    "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
    "AWS_CA_BUNDLE",
];

/// The prefix of the per-service endpoint variables (`AWS_ENDPOINT_URL_S3`).
const PER_SERVICE_ENDPOINT: &str = "AWS_ENDPOINT_URL_";

/// The variables that send the AWS SDKs (for Rust, and botocore, the AWS CLI and the other
/// SDKs that read the same ones) to one address with dummy credentials, and what they remove.
///
/// Set: `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (the stubber's dummy
/// pair), `AWS_REGION` and `AWS_DEFAULT_REGION`, `AWS_EC2_METADATA_DISABLED=true`, and
/// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` pointing at an empty file (so no
/// profile's `endpoint_url`, role or credential process applies). Removed: every variable of
/// [`REMOVED`] and every `AWS_ENDPOINT_URL_<SERVICE>`.
///
/// ```
/// let env = aws_stubber::serve::AwsEnv::new("http://127.0.0.1:4566");
/// let mut command = std::process::Command::new("true");
/// env.apply(&mut command);
/// let set: Vec<_> = command.get_envs().filter(|(_, v)| v.is_some()).map(|(k, _)| k.to_owned()).collect();
/// assert!(set.iter().any(|k| k == "AWS_ENDPOINT_URL"));
/// ```
#[derive(Debug, Clone)]
pub struct AwsEnv {
    set: Vec<(&'static str, String)>,
}

impl AwsEnv {
    /// The environment for an endpoint (`http://127.0.0.1:PORT`), in region `us-east-1`.
    pub fn new(endpoint: impl Into<String>) -> Self {
        let empty = EMPTY_FILE.to_string();
        AwsEnv {
            set: vec![
                ("AWS_ENDPOINT_URL", endpoint.into()),
                ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_string()),
                ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY.to_string()),
                ("AWS_REGION", "us-east-1".to_string()),
                ("AWS_DEFAULT_REGION", "us-east-1".to_string()),
                ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
                ("AWS_CONFIG_FILE", empty.clone()),
                ("AWS_SHARED_CREDENTIALS_FILE", empty),
            ],
        }
    }

    /// The same in another region (`AWS_REGION` and `AWS_DEFAULT_REGION`).
    #[must_use = "region returns the changed environment"]
    pub fn region(mut self, region: &str) -> Self {
        for (name, value) in &mut self.set {
            if name.ends_with("REGION") {
                *value = region.to_string();
            }
        }
        self
    }

    /// The variables set, as `(name, value)`.
    pub fn vars(&self) -> impl Iterator<Item = (&str, &str)> {
        self.set.iter().map(|(k, v)| (*k, v.as_str()))
    }

    /// The variables removed from this process's environment: [`REMOVED`], and each
    /// `AWS_ENDPOINT_URL_<SERVICE>` set now.
    pub fn removed(&self) -> Vec<OsString> {
        let mut removed: Vec<OsString> = REMOVED.iter().map(OsString::from).collect();
        removed.extend(
            std::env::vars_os()
                .map(|(k, _)| k)
                .filter(|k| k.to_string_lossy().starts_with(PER_SERVICE_ENDPOINT)),
        );
        removed
    }

    /// Applies the environment to a child process: the variables set, the others removed
    /// (the child inherits the rest of this process's environment).
    pub fn apply<'c>(
        &self,
        command: &'c mut std::process::Command,
    ) -> &'c mut std::process::Command {
        let mut removed = self.removed();
        // Set on the command already, not inherited: removed as well.
        removed.extend(
            command
                .get_envs()
                .map(|(k, _)| k.to_owned())
                .filter(|k| k.to_string_lossy().starts_with(PER_SERVICE_ENDPOINT)),
        );
        for name in removed {
            command.env_remove(name);
        }
        for (name, value) in &self.set {
            command.env(name, value);
        }
        command
    }

    /// The environment as shell lines (`export AWS_ENDPOINT_URL=...`, `unset AWS_PROFILE`),
    /// for a script or a terminal.
    pub fn shell(&self) -> String {
        let mut out = String::new();
        for name in self.removed() {
            out.push_str(&format!("unset {}\n", name.to_string_lossy()));
        }
        for (name, value) in &self.set {
            out.push_str(&format!("export {name}={value}\n"));
        }
        out
    }

    /// Sets the environment in this process, for code under test that calls
    /// `aws_config::load_from_env()` itself, until the guard drops, which puts back what was
    /// there before. Guards of every stubber take one process-wide lock, so two tests of one
    /// binary that both set it run one after the other; code that reads the environment
    /// without a guard (a test of the same binary running at the same time) may see it.
    /// cargo-nextest runs each test in a process of its own, where none of this arises.
    #[must_use = "the environment is put back when the guard drops"]
    pub fn set(&self) -> EnvGuard {
        let lock = LOCK.lock().unwrap_or_else(|p| p.into_inner());
        let mut saved = Vec::new();
        for name in self.removed() {
            saved.push((name.clone(), std::env::var_os(&name)));
            // SAFETY: every write to the environment by this crate holds LOCK; see `set`'s
            // documentation for readers outside it.
            unsafe { std::env::remove_var(&name) };
        }
        for (name, value) in &self.set {
            saved.push((OsString::from(name), std::env::var_os(name)));
            // SAFETY: as above.
            unsafe { std::env::set_var(name, value) };
        }
        EnvGuard { saved, _lock: lock }
    }
}

static LOCK: Mutex<()> = Mutex::new(());

/// This process's environment set by [`AwsEnv::set`]; dropping it puts back what was there.
#[must_use = "the environment is put back when the guard drops"]
pub struct EnvGuard {
    saved: Vec<(OsString, Option<OsString>)>,
    _lock: MutexGuard<'static, ()>,
}

impl std::fmt::Debug for EnvGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EnvGuard")
    }
}

impl Drop for EnvGuard {
    fn drop(&mut self) {
        // In reverse: a name both removed and set gets its first saved value last.
        for (name, value) in self.saved.iter().rev() {
            // SAFETY: LOCK is held until this guard is gone.
            unsafe {
                match value {
                    Some(value) => std::env::set_var(name, value),
                    None => std::env::remove_var(name),
                }
            }
        }
    }
}
