//! The SDK plumbing: the client macro, the interceptor that identifies each call, the HTTP
//! client that answers it, and the reading of the request as it goes on the wire.

pub(crate) mod attempt;
pub(crate) mod client;
pub(crate) mod connector;
pub(crate) mod interceptor;
pub(crate) mod wire;
