//! The queue of expected calls: the `Stubber`, the entries it holds and how a call picks one.

pub(crate) mod add;
mod assertions;
pub(crate) mod attempt;
mod computed;
pub mod entry;
pub(crate) mod expectations;
pub(crate) mod index;
pub(crate) mod pick;
pub(crate) mod policy;
mod push;
pub(crate) mod queued;
pub(crate) mod recorder;
pub(crate) mod slot;
pub(crate) mod state;
pub(crate) mod stubber;
