//! What a call can fail with: the errors its operation declares in the AWS models, the errors
//! AWS documents that the models do not declare, its service's throttling error, an internal
//! error, a timeout, a dropped connection, and a body cut short for outputs that stream one.

use std::fmt;

use crate::inject::Injection;
use crate::respond::Fault;

/// One way a call can fail, as the sweep answers it.
///
/// Failures that come from the state of the service ([`Failure::Modeled`],
/// [`Failure::Documented`], [`Failure::Throttling`]) persist: every attempt of the failed call, and every later call of
/// the same operation with the same input, gets the failure too. The others are transient: a
/// retry, by the SDK or by the code, gets the answer the written run had.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Failure {
    /// An error the operation declares in the AWS models (`NoSuchKey`), with its HTTP status.
    /// Persists.
    Modeled {
        /// The error code on the wire.
        code: String,
        /// The HTTP status the service answers it with.
        status: u16,
    },
    /// An error AWS documents for the call that the models do not declare: one every call of
    /// the service can meet (`AccessDenied`, expired credentials; each protocol's spelling),
    /// S3's `NoSuchBucket` on an operation that names a bucket, EC2's
    /// `InvalidInstanceID.NotFound` and the like on an operation whose input names such a
    /// resource. Persists.
    Documented {
        /// The error code on the wire.
        code: String,
        /// The HTTP status the service answers it with.
        status: u16,
        /// What leads to it: the input member (`"Bucket"`, `"InstanceIds"`), or
        /// `"every call"` for errors about the caller's permissions and credentials.
        source: &'static str,
    },
    /// The error the service throttles with (`SlowDown` for S3, `RequestLimitExceeded` for
    /// EC2, `Throttling` for the query services, `ThrottlingException` for most JSON ones).
    /// Persists: a loop that retries it without end is found hung.
    Throttling {
        /// The error code on the wire.
        code: String,
        /// The HTTP status the service answers it with.
        status: u16,
    },
    /// `InternalError` with HTTP 500. Transient.
    InternalError,
    /// The request times out before any answer. Transient.
    Timeout,
    /// The connection drops before any answer. Transient.
    DroppedConnection,
    /// The answer's body ends in an error halfway (for operations whose output streams a
    /// body, as S3 `GetObject`). Transient.
    BodyCutShort,
}

/// The kinds of [`Failure`], to choose which a sweep tries ([`Sweep::kinds`](super::Sweep::kinds)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailureKind {
    /// [`Failure::Modeled`].
    Modeled,
    /// [`Failure::Documented`].
    Documented,
    /// [`Failure::Throttling`].
    Throttling,
    /// [`Failure::InternalError`].
    InternalError,
    /// [`Failure::Timeout`].
    Timeout,
    /// [`Failure::DroppedConnection`].
    DroppedConnection,
    /// [`Failure::BodyCutShort`].
    BodyCutShort,
}

impl Failure {
    /// The failure's kind.
    pub fn kind(&self) -> FailureKind {
        match self {
            Failure::Modeled { .. } => FailureKind::Modeled,
            Failure::Documented { .. } => FailureKind::Documented,
            Failure::Throttling { .. } => FailureKind::Throttling,
            Failure::InternalError => FailureKind::InternalError,
            Failure::Timeout => FailureKind::Timeout,
            Failure::DroppedConnection => FailureKind::DroppedConnection,
            Failure::BodyCutShort => FailureKind::BodyCutShort,
        }
    }

    /// Whether retries of the failed call get the failure too (see [`Failure`]).
    pub fn persists(&self) -> bool {
        matches!(
            self,
            Failure::Modeled { .. } | Failure::Documented { .. } | Failure::Throttling { .. }
        )
    }

    pub(crate) fn injection(&self) -> Injection {
        match self {
            Failure::Modeled { code, status }
            | Failure::Documented { code, status, .. }
            | Failure::Throttling { code, status } => Injection::Error {
                code: code.clone(),
                status: *status,
            },
            Failure::InternalError => Injection::Error {
                code: "InternalError".to_string(),
                status: 500,
            },
            Failure::Timeout => Injection::Fault(Fault::Timeout),
            Failure::DroppedConnection => Injection::Fault(Fault::ConnectionReset),
            Failure::BodyCutShort => Injection::CutBody,
        }
    }
}

/// `NoSuchKey`, `NoSuchBucket (documented, Bucket)`, `AccessDenied (documented, every call)`,
/// `SlowDown (throttling)`, `InternalError (500)`, `timeout`, `dropped connection`,
/// `body cut short`.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Modeled { code, .. } => f.write_str(code),
            Failure::Documented { code, source, .. } => write!(f, "{code} (documented, {source})"),
            Failure::Throttling { code, .. } => write!(f, "{code} (throttling)"),
            Failure::InternalError => f.write_str("InternalError (500)"),
            Failure::Timeout => f.write_str("timeout"),
            Failure::DroppedConnection => f.write_str("dropped connection"),
            Failure::BodyCutShort => f.write_str("body cut short"),
        }
    }
}

/// Every failure a call of `operation` of `service` can meet, in the order a sweep tries
/// them: the errors the operation declares, the errors AWS documents for it that its model
/// does not declare (by the input members that lead to them), the service's throttling error
/// (unless declared), the errors AWS documents for every call (access denied, expired
/// credentials), `InternalError`, a timeout, a dropped connection, and a body cut short when
/// the output streams one. A service the models do not know gets the last four.
///
/// ```
/// use aws_stubber::sweep::{catalogue, Failure};
///
/// let failures = catalogue("S3", "GetObject");
/// assert_eq!(failures[0], Failure::Modeled { code: "NoSuchKey".into(), status: 404 });
/// let names: Vec<String> = failures.iter().map(ToString::to_string).collect();
/// assert_eq!(
///     names,
///     [
///         "NoSuchKey",
///         "InvalidObjectState",
///         "NoSuchBucket (documented, Bucket)",
///         "SlowDown (throttling)",
///         "AccessDenied (documented, every call)",
///         "ExpiredToken (documented, every call)",
///         "InternalError (500)",
///         "timeout",
///         "dropped connection",
///         "body cut short",
///     ]
/// );
/// ```
pub fn catalogue(service: &str, operation: &str) -> Vec<Failure> {
    let mut failures = Vec::new();
    let known = crate::models::errors::errors(service, operation);
    if let Some(known) = &known {
        let declared = |code: &str| known.declared.iter().any(|e| e.code == code);
        for error in &known.declared {
            failures.push(Failure::Modeled {
                code: error.code.to_string(),
                status: error.status,
            });
        }
        for (error, member) in &known.documented {
            failures.push(Failure::Documented {
                code: error.code.to_string(),
                status: error.status,
                source: member,
            });
        }
        if !declared(known.throttling.code) {
            failures.push(Failure::Throttling {
                code: known.throttling.code.to_string(),
                status: known.throttling.status,
            });
        }
        for error in known.common.iter().filter(|e| !declared(e.code)) {
            failures.push(Failure::Documented {
                code: error.code.to_string(),
                status: error.status,
                source: "every call",
            });
        }
    }
    failures.extend([
        Failure::InternalError,
        Failure::Timeout,
        Failure::DroppedConnection,
    ]);
    if known.is_some_and(|k| k.streams) {
        failures.push(Failure::BodyCutShort);
    }
    failures
}
