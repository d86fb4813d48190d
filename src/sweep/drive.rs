//! Running one body of a sweep: polled with its run as the thread's current one (so that the
//! stubbers it makes join the run), its panics caught with their message and place, stopped
//! when the run is hung.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::{Arc, Once};
use std::task::{Context, Poll};
use std::time::Duration;

use crate::inject::{Plan, within};

/// A panic of the body: its message and where it was raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caught {
    pub(crate) message: String,
    pub(crate) location: Option<String>,
}

thread_local! {
    /// This thread is inside [`catch`]: the panic hook keeps the panic instead of printing it.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static CAUGHT: RefCell<Option<Caught>> = const { RefCell::new(None) };
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(a panic with a payload that is not text)".to_string()
    }
}

/// Installs, once per process, a panic hook that keeps the panics of [`catch`] (with their
/// place) and hands every other panic to the hook that was there before.
fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.get() {
                let caught = Caught {
                    message: payload_text(info.payload()),
                    location: info
                        .location()
                        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column())),
                };
                CAUGHT.with(|c| *c.borrow_mut() = Some(caught));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, catching a panic.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
    install_hook();
    let was = CATCHING.replace(true);
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.set(was);
    result.map_err(|payload| {
        CAUGHT
            .with(|c| c.borrow_mut().take())
            .unwrap_or_else(|| Caught {
                message: payload_text(payload.as_ref()),
                location: None,
            })
    })
}

/// How a body's run ended.
pub(crate) enum Ended<R> {
    Returned(R),
    Panicked(Caught),
    Hung(String),
}

/// Polls a body within its run until it ends, panics, or hangs.
pub(crate) struct Drive<Fut> {
    body: Option<Pin<Box<Fut>>>,
    plan: Arc<Plan>,
    wall: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
}

impl<Fut: Future> Drive<Fut> {
    pub(crate) fn new(body: Fut, plan: Arc<Plan>, wall: Duration) -> Self {
        Drive {
            body: Some(Box::pin(body)),
            plan,
            wall,
            timer: Box::pin(tokio::time::sleep(wall)),
        }
    }

    /// Drops the body (its stubbers and clients) within the run, catching what it panics with.
    fn stop(&mut self) {
        let plan = self.plan.clone();
        let body = self.body.take();
        let _ = catch(|| within(&plan, || drop(body)));
    }
}

impl<Fut: Future> Future for Drive<Fut> {
    type Output = Ended<Fut::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        this.plan.set_waker(cx.waker());
        if let Some(why) = this.plan.hung() {
            this.stop();
            return Poll::Ready(Ended::Hung(why));
        }
        let Some(body) = this.body.as_mut() else {
            return Poll::Ready(Ended::Hung("the run was already stopped".to_string()));
        };
        let plan = this.plan.clone();
        match catch(|| within(&plan, || body.as_mut().poll(cx))) {
            Ok(Poll::Ready(value)) => {
                this.stop();
                Poll::Ready(Ended::Returned(value))
            }
            Err(caught) => {
                this.stop();
                Poll::Ready(Ended::Panicked(caught))
            }
            Ok(Poll::Pending) => {
                if let Some(why) = this.plan.hung() {
                    this.stop();
                    return Poll::Ready(Ended::Hung(why));
                }
                if this.timer.as_mut().poll(cx).is_ready() {
                    this.stop();
                    return Poll::Ready(Ended::Hung(format!(
                        "hung: not done after {} of wall time, waiting on something other \
                         than the stubber's clock (Sweep::wall_limit)",
                        crate::message::duration(this.wall)
                    )));
                }
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_keeps_its_message_and_place() {
        let caught = catch(|| panic!("planted {}", 1)).unwrap_err();
        assert_eq!(caught.message, "planted 1");
        let location = caught.location.unwrap();
        assert!(location.starts_with("src/sweep/drive.rs:"), "{location}");
        assert_eq!(catch(|| 5), Ok(5));
    }
}
