//! The queue of expected calls: the `Stubber`, the entries it holds and how a call picks one.

pub(crate) mod add;
mod computed;
pub(crate) mod expectations;
pub(crate) mod handle;
pub(crate) mod hint;
pub(crate) mod index;
pub(crate) mod operation;
pub(crate) mod pages;
pub(crate) mod pick;
mod push;
pub(crate) mod queued;
mod slot;
pub(crate) mod state;
pub(crate) mod stubber;
mod tokens;
