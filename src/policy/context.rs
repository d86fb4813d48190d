//! The request context a policy's conditions and variables read: condition keys and their
//! values, and which keys the context can speak for.

use std::collections::{BTreeMap, BTreeSet};

use super::Known;

/// The condition keys of a request (`aws:RequestedRegion`, `aws:username`,
/// `aws:PrincipalTag/team`, `s3:prefix`, ...) with their values. Keys compare ignoring case,
/// values as written.
///
/// A context made with [`Context::new`] speaks for every key: a key it was not given is absent
/// from the request. One made with [`Context::open`] speaks only for the keys it was given
/// (and those marked [`absent`](Context::absent)): a condition on any other key cannot be
/// decided, and the evaluation says so instead of guessing.
///
/// ```
/// use aws_stubber::policy::Context;
///
/// let context = Context::new()
///     .with("aws:username", "ana")
///     .with_values("aws:TagKeys", ["team", "stage"]);
/// # let _ = context;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    values: BTreeMap<String, Vec<String>>,
    absent: BTreeSet<String>,
    open: bool,
}

impl Context {
    /// A context that speaks for every key: keys not given are absent.
    pub fn new() -> Self {
        Context::default()
    }

    /// A context that speaks only for the keys given to it (or marked absent).
    pub fn open() -> Self {
        Context {
            open: true,
            ..Context::default()
        }
    }

    /// The key with one value.
    pub fn with(self, key: &str, value: impl Into<String>) -> Self {
        self.with_values(key, [value.into()])
    }

    /// The key with several values (a multivalued key such as `aws:TagKeys`).
    pub fn with_values(
        mut self,
        key: &str,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let key = key.to_ascii_lowercase();
        self.absent.remove(&key);
        self.values
            .insert(key, values.into_iter().map(Into::into).collect());
        self
    }

    /// The key, known to be absent from the request (for an open context).
    pub fn absent(mut self, key: &str) -> Self {
        let key = key.to_ascii_lowercase();
        self.values.remove(&key);
        self.absent.insert(key);
        self
    }

    /// The key's values: `No` when the request does not have it, `Unknown` when this context
    /// cannot tell.
    pub(crate) fn values(&self, key: &str) -> Known<&[String]> {
        let key = key.to_ascii_lowercase();
        match self.values.get(&key) {
            Some(values) => Known::Yes(values),
            None if !self.open || self.absent.contains(&key) => Known::No,
            None => Known::Unknown,
        }
    }
}
