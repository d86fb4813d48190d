//! The queue of expected calls: the `Stubber`, the entries it holds and how a call picks one.

pub(crate) mod add;
pub(crate) mod index;
pub(crate) mod operation;
pub(crate) mod pages;
pub(crate) mod pick;
pub(crate) mod queued;
pub(crate) mod state;
pub(crate) mod stubber;
