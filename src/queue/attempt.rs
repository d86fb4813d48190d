//! One attempt of a call, tagged by the interceptor and answered by the HTTP client.

use std::fmt;
use std::sync::{Arc, Mutex};

use aws_smithy_types::config_bag::{Storable, StoreReplace};

use crate::history::CallContext;
use crate::respond::Typed;

/// Receives the `Debug` text of what an attempt ended with (for recordings).
pub(crate) type ResultWatch = Box<dyn FnOnce(String) + Send>;

/// One attempt of a call: attached to its request (for the HTTP client) and kept in the
/// config bag (for the interceptor's later hooks), sharing one state.
#[derive(Clone)]
pub(crate) struct Attempt {
    pub(crate) call: CallContext,
    shared: Arc<Mutex<AttemptState>>,
}

#[derive(Default)]
struct AttemptState {
    typed: Option<Typed>,
    /// The answer is an empty output whose XML elements the deserializer is still to name
    /// (see `respond::empty`).
    fit: bool,
    watch: Option<ResultWatch>,
}

impl Attempt {
    pub(crate) fn new(call: CallContext) -> Self {
        Attempt {
            call,
            shared: Arc::default(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, AttemptState> {
        self.shared.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Set by the HTTP client: the typed answer of this attempt.
    pub(crate) fn answer_typed(&self, typed: Typed) {
        self.state().typed = Some(typed);
    }

    #[cfg_attr(not(feature = "record"), allow(dead_code))]
    /// Set by a recording: called with the `Debug` text of the attempt's output or error.
    pub(crate) fn watch_result(&self, watch: ResultWatch) {
        self.state().watch = Some(watch);
    }

    /// Set by the HTTP client: the answer is an empty output (see `respond::empty`).
    pub(crate) fn answer_empty(&self) {
        self.state().fit = true;
    }

    /// Whether the answer is an empty output whose XML root is still to be named.
    pub(crate) fn take_fit(&self) -> bool {
        std::mem::take(&mut self.state().fit)
    }

    pub(crate) fn take_typed(&self) -> Option<Typed> {
        self.state().typed.take()
    }

    pub(crate) fn take_result_watch(&self) -> Option<ResultWatch> {
        self.state().watch.take()
    }
}

impl fmt::Debug for Attempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Attempt({:?})", self.call)
    }
}

impl Storable for Attempt {
    type Storer = StoreReplace<Self>;
}

/// Ends an attempt whose typed output needs no HTTP exchange; never seen by users.
#[derive(Debug)]
pub(crate) struct Answered;

impl fmt::Display for Answered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("answered by aws-stubber with a typed output")
    }
}

impl std::error::Error for Answered {}
