//! The call being made: which operation, and its input as the stubber keeps it.

use std::any::{Any, TypeId};
use std::fmt;
use std::sync::Arc;

use aws_smithy_types::config_bag::{Storable, StoreReplace};

use crate::debug_tree::Node;

/// What identifies a call: the SDK's metadata names and the input's type.
#[derive(Debug, Clone)]
pub(crate) struct CallId {
    pub(crate) service: String,
    pub(crate) operation: String,
    pub(crate) input_type: Option<TypeId>,
}

/// What the interceptor learned about the current call before its input was serialized.
#[derive(Clone)]
pub(crate) struct CallContext {
    /// The call's number in the history (from 1).
    pub(crate) index: usize,
    pub(crate) id: CallId,
    pub(crate) input: Arc<CallInput>,
}

impl fmt::Debug for CallContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CallContext(#{} {})", self.index, self.id.operation)
    }
}

impl Storable for CallContext {
    type Storer = StoreReplace<Self>;
}

/// The input of a call, as the stubber sees it.
pub(crate) struct CallInput {
    /// The input's `Debug` text, with the SDK's redactions: made when the call is seen for
    /// inputs the stubber cannot keep typed, else on first use (most calls never need it).
    debug: std::sync::OnceLock<Arc<str>>,
    /// The same read back as a tree, on first use: only expectations and failure messages
    /// need it.
    tree: std::sync::OnceLock<Node>,
    pub(crate) typed: Option<TypedInput>,
    /// How to read the tree on first use, for an input read back from a request as sent
    /// (most calls never need it, and reading a large upload is not free).
    read: std::sync::Mutex<Option<Reader>>,
}

/// Reads a call's input tree.
type Reader = Box<dyn FnOnce() -> Node + Send>;

/// A copy of a call's typed input, and how to print it.
#[derive(Clone)]
#[doc(hidden)]
pub struct TypedInput {
    pub(crate) value: Arc<dyn Any + Send + Sync>,
    pub(crate) debug: fn(&(dyn Any + Send + Sync)) -> String,
}

impl CallInput {
    /// An input known only by its `Debug` text.
    pub(crate) fn from_debug(debug: String) -> Self {
        CallInput {
            debug: std::sync::OnceLock::from(Arc::<str>::from(debug)),
            tree: std::sync::OnceLock::new(),
            typed: None,
            read: std::sync::Mutex::new(None),
        }
    }

    /// An input read back from a request as sent, by `read`, on first use.
    #[cfg(feature = "serve")]
    pub(crate) fn read_later(read: impl FnOnce() -> Node + Send + 'static) -> Self {
        CallInput {
            debug: std::sync::OnceLock::new(),
            tree: std::sync::OnceLock::new(),
            typed: None,
            read: std::sync::Mutex::new(Some(Box::new(read))),
        }
    }

    /// An input kept typed; its text is made on first use.
    pub(crate) fn from_typed(typed: TypedInput) -> Self {
        CallInput {
            debug: std::sync::OnceLock::new(),
            tree: std::sync::OnceLock::new(),
            typed: Some(typed),
            read: std::sync::Mutex::new(None),
        }
    }

    /// The typed input, to downcast.
    pub(crate) fn value(&self) -> Option<&(dyn Any + Send + Sync)> {
        self.typed.as_ref().map(|t| t.value.as_ref())
    }

    pub(crate) fn debug(&self) -> &Arc<str> {
        self.debug.get_or_init(|| match &self.typed {
            Some(typed) => (typed.debug)(typed.value.as_ref()).into(),
            // Read back from a request: the text its tree prints.
            None => self.tree().compact().into(),
        })
    }

    pub(crate) fn tree(&self) -> &Node {
        self.tree.get_or_init(|| {
            let read = self.read.lock().unwrap_or_else(|p| p.into_inner()).take();
            match read {
                Some(read) => read(),
                None => Node::parse(self.debug()),
            }
        })
    }
}
