//! Answering one chosen call of a run with a failure, for the sweep (`crate::sweep`): which
//! call, with what, whether the call's retries get the failure too, and what the run did
//! after it. Every stubber made while a run's body is polled joins that run.

mod plan;

pub(crate) use plan::{Decision, Injection, Limits, Plan, Target};

use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    /// The run whose body this thread is polling.
    static CURRENT: RefCell<Option<Arc<Plan>>> = const { RefCell::new(None) };
}

/// Runs `f` with `plan` as the current run of this thread: stubbers made inside join it.
pub(crate) fn within<T>(plan: &Arc<Plan>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Arc<Plan>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = previous);
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.borrow_mut().replace(plan.clone())));
    f()
}

/// The run a stubber made now joins, if any.
pub(crate) fn current() -> Option<Arc<Plan>> {
    CURRENT.with(|c| c.borrow().clone())
}
