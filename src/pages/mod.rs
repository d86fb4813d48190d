//! Page checks: how an operation pages (from the models' tables), which token of one page's
//! output the next page's input must carry, and the check that holds each page's call to it.
//! Needs only comparison and the models.

mod check;
mod tokens;

pub(crate) use check::{PageCheck, plan};
