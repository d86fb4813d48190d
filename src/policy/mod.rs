//! IAM policies evaluated offline: whether an identity policy (and a permissions boundary)
//! allows an action on a resource in a request's context, as IAM decides it.
//!
//! An explicit `Deny` wins; without an `Allow` the call is denied. `Action` and `NotAction`
//! match with `*` and `?`, ignoring case; `Resource` and `NotResource` match ARNs part by part,
//! with wildcards, as written (case counts). Policy variables (`${aws:username}`,
//! `${aws:PrincipalTag/team, 'default'}`, `${*}`) are put in from the context under version
//! `2012-10-17` only; under `2008-10-17` (or with no version) they are literal text. The
//! condition operators are IAM's (String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress,
//! NotIpAddress, Arn*, Null, with `...IfExists` and `ForAllValues:` / `ForAnyValue:`); a key
//! absent from the request makes a condition false, and true for a negated operator. What the
//! context cannot tell (a condition on a key an [open](Context::open) context was not given) is
//! reported as [`Decision::Undecided`], never guessed.
//!
//! [`action`] says what AWS's Service Authorization Reference knows of an action (its access
//! level, the resource types it is checked against with their ARN templates, its condition
//! keys), and [`Policy::unknown_actions`] finds the actions a policy names that no service
//! has (a misspelt action grants nothing).
//!
//! ```
//! use aws_stubber::policy::{Context, Decision, Policy};
//!
//! let policy = Policy::parse(r#"{
//!     "Version": "2012-10-17",
//!     "Statement": [
//!         {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
//!          "Resource": "arn:aws:s3:::reports/${aws:username}/*"},
//!         {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:*",
//!          "Resource": "arn:aws:s3:::reports/*/secret*"}
//!     ]
//! }"#).unwrap();
//! let ana = Context::new().with("aws:username", "ana");
//! let decide = |arn: &str| policy.evaluate("s3:GetObject", arn, &ana);
//! assert_eq!(decide("arn:aws:s3:::reports/ana/q1.csv"), Decision::Allowed { statement: "Read".into() });
//! assert_eq!(decide("arn:aws:s3:::reports/ana/secret.txt"), Decision::Denied { statement: "NoSecrets".into() });
//! assert_eq!(decide("arn:aws:s3:::reports/bob/q1.csv"), Decision::NotAllowed);
//! ```

mod actions;
mod calls;
mod condition;
mod context;
mod matching;
mod parse;

use std::fmt;

use serde_json::Value;

pub use actions::{ActionInfo, ResourceType, action, reference_version};
pub use calls::{Written, check_calls, least_privilege};
pub(crate) use calls::{access_denied, refused_actions};
pub use context::Context;

use matching::{arn_like, glob, substituted};
use parse::{Statement, statement};

/// Three ways a question about a request can come out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Known<T> {
    Yes(T),
    No,
    Unknown,
}

/// A policy's language version: policy variables exist only in `2012-10-17`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V2008,
    V2012,
}

/// What a policy decides for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// A statement allows it (its `Sid`, or its position: `#2`).
    Allowed {
        /// The statement that allows it.
        statement: String,
    },
    /// A statement denies it explicitly.
    Denied {
        /// The statement that denies it.
        statement: String,
    },
    /// No statement allows it (an implicit deny).
    NotAllowed,
    /// The context cannot tell: a statement that would decide depends on a key it was not
    /// given.
    Undecided {
        /// Why, naming the statement and the key.
        why: String,
    },
}

impl Decision {
    /// Whether the request is allowed.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed { .. })
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Allowed { statement } => write!(f, "allowed by statement {statement}"),
            Decision::Denied { statement } => write!(f, "denied by statement {statement}"),
            Decision::NotAllowed => f.write_str("no statement allows it"),
            Decision::Undecided { why } => write!(f, "undecided: {why}"),
        }
    }
}

/// A policy that cannot be read, and why.
#[derive(Clone, PartialEq, Eq)]
pub struct PolicyError(String);

impl fmt::Debug for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PolicyError {}

/// An IAM identity policy (or permissions boundary), read from its JSON document.
#[derive(Debug, Clone)]
pub struct Policy {
    version: Version,
    statements: Vec<Statement>,
}

impl Policy {
    /// Reads a policy document. A malformed one (not JSON, no `Statement`, an `Effect` other
    /// than `Allow` and `Deny`, an unknown condition operator, a `Principal`) is refused with
    /// what is wrong.
    pub fn parse(json: &str) -> Result<Policy, PolicyError> {
        let document: Value = serde_json::from_str(json)
            .map_err(|e| PolicyError(format!("the policy is not JSON: {e}")))?;
        let version = match document.get("Version").and_then(Value::as_str) {
            Some("2012-10-17") => Version::V2012,
            Some("2008-10-17") | None => Version::V2008,
            Some(other) => {
                return Err(PolicyError(format!(
                    "the policy's Version is {other:?}: \"2012-10-17\" or \"2008-10-17\""
                )));
            }
        };
        let statements = match document.get("Statement") {
            Some(Value::Array(items)) => items,
            Some(one @ Value::Object(_)) => std::slice::from_ref(one),
            _ => return Err(PolicyError("the policy has no Statement".to_string())),
        };
        let statements = statements
            .iter()
            .enumerate()
            .map(|(i, s)| statement(i, s))
            .collect::<Result<_, _>>()?;
        Ok(Policy {
            version,
            statements,
        })
    }

    /// What the policy decides for `action` (`s3:GetObject`) on `resource` (an ARN, or `*`
    /// for actions that name none) in `context`.
    pub fn evaluate(&self, action: &str, resource: &str, context: &Context) -> Decision {
        let (mut allowed, mut deny_unknown, mut allow_unknown) = (None, None, None);
        for s in &self.statements {
            let mut why = String::new();
            match (
                self.applies(s, action, resource, context, &mut why),
                s.allow,
            ) {
                (Known::Yes(()), false) => {
                    return Decision::Denied {
                        statement: s.name.clone(),
                    };
                }
                (Known::Yes(()), true) => {
                    allowed.get_or_insert(&s.name);
                }
                (Known::Unknown, false) => {
                    deny_unknown.get_or_insert(format!("statement {} ({why})", s.name));
                }
                (Known::Unknown, true) => {
                    allow_unknown.get_or_insert(format!("statement {} ({why})", s.name));
                }
                (Known::No, _) => {}
            }
        }
        // A Deny that may apply cannot be ruled out; an Allow that may apply decides only when
        // no other allows.
        let undecided = |which: String, effect: &str| Decision::Undecided {
            why: format!("{which} would {effect} it, on a key the request's context does not give"),
        };
        match (deny_unknown, allowed, allow_unknown) {
            (Some(which), _, _) => undecided(which, "deny"),
            (None, Some(statement), _) => Decision::Allowed {
                statement: statement.clone(),
            },
            (None, None, Some(which)) => undecided(which, "allow"),
            (None, None, None) => Decision::NotAllowed,
        }
    }

    /// Whether a statement applies to the request: its actions, resources and conditions.
    fn applies(
        &self,
        s: &Statement,
        action: &str,
        resource: &str,
        context: &Context,
        why: &mut String,
    ) -> Known<()> {
        let action_matches = s.actions.iter().any(|a| glob(a, action, true));
        if action_matches == s.not_action {
            return Known::No;
        }
        let mut resource_matches = Known::No;
        for pattern in &s.resources {
            match substituted(pattern, self.version, context) {
                Known::Yes(p) if arn_like(&p, resource) => {
                    resource_matches = Known::Yes(());
                    break;
                }
                Known::Unknown => {
                    *why = format!("a variable of its resource {pattern}");
                    resource_matches = Known::Unknown;
                }
                _ => {}
            }
        }
        let resource_matches = match (resource_matches, s.not_resource) {
            (Known::Unknown, _) => return Known::Unknown,
            (Known::Yes(()), false) | (Known::No, true) => true,
            _ => false,
        };
        if !resource_matches {
            return Known::No;
        }
        let mut all = Known::Yes(());
        for c in &s.conditions {
            match c.operator.holds(&c.key, &c.values, self.version, context) {
                Known::Yes(true) => {}
                Known::Yes(false) | Known::No => return Known::No,
                Known::Unknown => {
                    *why = format!("its condition {}", c.text);
                    all = Known::Unknown;
                }
            }
        }
        all
    }
}

/// What an identity policy and a permissions boundary decide together: an explicit deny in
/// either wins; otherwise both must allow.
///
/// ```
/// use aws_stubber::policy::{evaluate_with_boundary, Context, Decision, Policy};
///
/// let identity = Policy::parse(r#"{"Version": "2012-10-17", "Statement":
///     {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#).unwrap();
/// let boundary = Policy::parse(r#"{"Version": "2012-10-17", "Statement":
///     {"Sid": "ReadOnly", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}}"#).unwrap();
/// let decide = |action: &str| {
///     evaluate_with_boundary(&identity, &boundary, action, "arn:aws:s3:::b/k", &Context::new())
/// };
/// assert!(decide("s3:GetObject").is_allowed());
/// assert_eq!(decide("s3:PutObject"), Decision::NotAllowed);
/// ```
pub fn evaluate_with_boundary(
    identity: &Policy,
    boundary: &Policy,
    action: &str,
    resource: &str,
    context: &Context,
) -> Decision {
    let by_identity = identity.evaluate(action, resource, context);
    let by_boundary = boundary.evaluate(action, resource, context);
    match (&by_identity, &by_boundary) {
        (Decision::Denied { .. }, _) => by_identity,
        (_, Decision::Denied { .. }) => by_boundary,
        (Decision::Undecided { .. }, _) => by_identity,
        (_, Decision::Undecided { .. }) => by_boundary,
        (Decision::Allowed { .. }, Decision::Allowed { .. }) => by_identity,
        _ => Decision::NotAllowed,
    }
}

#[cfg(test)]
mod tests;
