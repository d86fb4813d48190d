//! What goes wrong with moto, in words that say what to do.

use crate::message::PREFIX;

/// How to install what the fixtures need; every error that comes from a missing moto says it.
pub(super) const INSTALL: &str = "pip install 'moto[server]'";

/// Why moto's server could not be started (it is not installed, and the message says how to
/// install it, or it exited or never listened, and the message holds the end of its output),
/// or why a call to it failed: it did not answer in time, it exited, it does not implement the
/// operation, or it failed on it (the message holds what moto printed). A failed call's
/// `SdkError` holds it as the source of its connector error.
#[derive(Clone, PartialEq, Eq)]
pub struct MotoError {
    message: String,
}

impl MotoError {
    pub(super) fn new(message: String) -> Self {
        MotoError { message }
    }

    /// What went wrong, without the crate's prefix.
    #[cfg(feature = "record")]
    pub(super) fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for MotoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{PREFIX}{}", self.message)
    }
}

/// The message as it reads, lines and all: an `unwrap()` of a failed call shows it so.
impl std::fmt::Debug for MotoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for MotoError {}

pub(super) fn not_installed() -> MotoError {
    MotoError::new(format!(
        "moto's server is not installed: neither `moto_server` on the PATH nor `python3 -m \
         moto.server` runs. Install it with `{INSTALL}`"
    ))
}
