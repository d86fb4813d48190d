//! The stubber's own clock: what its clients sleep for passes at once.
//!
//! A stubbed client gets this clock as its sleep implementation and time source, so the SDK's
//! waiters poll through their queue entries at full speed while their maximum wait is still
//! measured (in the clock's time), and entry delays race the SDK's timeouts in that same time.
//! A sleep ends when no sleep that ends sooner is pending: the clock then moves to its end.
//! Before it ends it lets the runtime run other ready work a few times, so that a sleep
//! started alongside it (a timeout and the answer it races) is pending too.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use aws_smithy_async::rt::sleep::{AsyncSleep, Sleep};
use aws_smithy_async::time::TimeSource;

/// How many times a sleep that would end lets other ready work run first.
const YIELDS: u8 = 3;

#[derive(Debug, Clone, Default)]
pub(crate) struct Clock {
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    /// How far the clock is ahead of the wall clock.
    advanced: Duration,
    /// Pending sleeps by their end and a number, with their wakers.
    pending: BTreeMap<(Duration, u64), Option<Waker>>,
    next: u64,
}

impl State {
    fn wake_all(&mut self) {
        for waker in self.pending.values_mut().filter_map(Option::take) {
            waker.wake();
        }
    }
}

impl Clock {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How far the clock has moved ahead of the wall clock.
    pub(crate) fn advanced(&self) -> Duration {
        self.lock().advanced
    }

    /// A sleep on this clock.
    pub(crate) fn sleep_for(&self, duration: Duration) -> ClockSleep {
        ClockSleep {
            clock: self.clone(),
            duration,
            key: None,
            yields: 0,
        }
    }
}

impl AsyncSleep for Clock {
    fn sleep(&self, duration: Duration) -> Sleep {
        Sleep::new(self.sleep_for(duration))
    }
}

impl TimeSource for Clock {
    fn now(&self) -> SystemTime {
        SystemTime::now() + self.advanced()
    }
}

/// One sleep on a [`Clock`].
pub(crate) struct ClockSleep {
    clock: Clock,
    duration: Duration,
    key: Option<(Duration, u64)>,
    yields: u8,
}

impl Future for ClockSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let clock = self.clock.clone();
        let mut state = clock.lock();
        let key = match self.key {
            Some(key) => key,
            None => {
                let key = (state.advanced + self.duration, state.next);
                state.next += 1;
                state.pending.insert(key, None);
                self.key = Some(key);
                key
            }
        };
        let first = state.pending.keys().next().copied();
        if first == Some(key) || key.0 <= state.advanced {
            if self.yields < YIELDS {
                self.yields += 1;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            state.pending.remove(&key);
            state.advanced = state.advanced.max(key.0);
            self.key = None;
            state.wake_all();
            return Poll::Ready(());
        }
        self.yields = 0;
        state.pending.insert(key, Some(cx.waker().clone()));
        Poll::Pending
    }
}

impl Drop for ClockSleep {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            let mut state = self.clock.lock();
            state.pending.remove(&key);
            state.wake_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sleeps_pass_at_once_and_move_the_clock() {
        let clock = Clock::default();
        let before = clock.now();
        let started = std::time::Instant::now();
        clock.sleep(Duration::from_secs(300)).await;
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(clock.now().duration_since(before).unwrap() >= Duration::from_secs(300));
    }

    #[tokio::test]
    async fn the_sooner_of_two_racing_sleeps_ends_first() {
        let clock = Clock::default();
        let long = clock.sleep(Duration::from_secs(10));
        let short = clock.sleep(Duration::from_secs(1));
        tokio::select! {
            _ = long => panic!("the 10 s sleep ended before the 1 s one"),
            _ = short => {}
        }
        assert_eq!(clock.advanced(), Duration::from_secs(1));
    }
}
