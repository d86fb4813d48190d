//! The state behind a `Stubber`'s handles: the queue and its entries, the history, the
//! failures, and the verification message built from them.

use std::any::TypeId;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::error::StubError;
use crate::history::Call;
use crate::operation::{Checker, Cloner};

use super::slot::{Entry, FOREVER, Use};
use crate::message::PREFIX;

/// How a call picks its queue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Each call takes the next entry; anything else is a failure (the default).
    Strict,
    /// A call takes the first queued entry whose operation and expectations match, for code
    /// that makes calls concurrently. Extra calls and leftover entries still fail.
    Unordered,
}

pub(crate) struct Inner {
    state: Mutex<State>,
    pub(crate) handles: AtomicUsize,
    /// The clock of the stubber's clients: their sleeps pass at once (see [`crate::clock`]).
    pub(crate) clock: crate::clock::Clock,
    /// Where the test made the stubber (its drop's message names it: a panic in `drop` can
    /// only point into the crate).
    pub(crate) made_at: &'static std::panic::Location<'static>,
}

/// What a stubber running under a policy does with a call (`Stubber::run_under`): `None`
/// when the policy allows it, else the failure that says why and the answer AWS gives it.
pub(crate) type Gate = Arc<
    dyn Fn(
            &crate::history::CallContext,
            &crate::history::RecordedRequest,
        ) -> Option<(StubError, crate::respond::Response)>
        + Send
        + Sync,
>;

pub(crate) struct State {
    pub(crate) mode: Mode,
    /// Entries boxed: a call in unordered mode takes one from the middle, and moving the
    /// others then moves pointers, not entries.
    pub(crate) queue: VecDeque<Box<Entry>>,
    /// Unordered mode: the sealed entries by operation and required value (see
    /// [`crate::queue::index`]).
    pub(crate) index: crate::queue::index::Index,
    pub(crate) queued_total: usize,
    pub(crate) consumed: usize,
    pub(crate) calls: Vec<Call>,
    /// Which entry answered which call, in order (for entry handles).
    pub(crate) uses: Vec<Use>,
    pub(crate) failures: Vec<StubError>,
    /// Entries that failures taken by [`Stubber::take_expected_failures`] left queued, and
    /// those of calls a sweep failed in their stead: they are not reported as unused.
    pub(crate) excused: Vec<usize>,
    /// Input types the queue has named: how to recognise them, and how to keep a copy.
    pub(crate) input_types: HashMap<TypeId, (Checker, Option<Cloner>)>,
    pub(crate) verify_on_drop: bool,
    /// A failed call panics inside the SDK call instead of returning an error.
    pub(crate) panic_on_failure: bool,
    pub(crate) endpoint: Option<String>,
    pub(crate) region: aws_types::region::Region,
    /// A recording of real traffic, when the stubber records instead of answering.
    pub(crate) recording: Option<Arc<dyn crate::queue::recorder::Recorder>>,
    /// A thread holding a handle panicked: a recording must not replace a fixture.
    pub(crate) panicked: bool,
    /// The identity policy the code runs under ([`crate::Stubber::run_under`]).
    pub(crate) policy: Option<Gate>,
    /// A live endpoint's HTTP client behind the stubber: calls to an operation without a
    /// queued entry go there (a moto fixture's stubs in front of moto).
    pub(crate) behind: Option<aws_smithy_runtime_api::client::http::SharedHttpClient>,
    /// While recording, calls of an operation that a queued entry names take the entry; the
    /// others are recorded (a recorded moto fixture's stubs).
    pub(crate) stubs_in_front: bool,
    /// The stubber is at an address: fixture files' requests are compared as any SDK sends
    /// them (see `compare::replayed`).
    pub(crate) at_address: bool,
    /// The sweep run this stubber was made in, and the stubber's number in it.
    pub(crate) sweep: Option<(Arc<crate::inject::Plan>, usize)>,
}

impl State {
    /// Marks the entries numbered `numbers` as set up: calls may take them now.
    pub(crate) fn seal(&mut self, numbers: std::ops::Range<usize>) {
        let unordered = self.mode == Mode::Unordered;
        let State { queue, index, .. } = self;
        for entry in queue
            .iter_mut()
            .rev()
            .take_while(|e| e.number >= numbers.start)
        {
            if numbers.contains(&entry.number) && !entry.sealed {
                entry.sealed = true;
                if unordered {
                    index.insert(entry);
                }
            }
        }
    }

    /// Whether a queued entry (used up or not) names the operation of `call`: with a live
    /// endpoint behind the stubber, the calls of other operations go there.
    pub(crate) fn has_entry_for(&self, call: &crate::history::CallId) -> bool {
        self.queue.iter().any(|e| e.op.matches(call))
    }

    /// Whether a recording sends `call` (and records it) rather than answer it from the queue:
    /// when nothing is queued (a `new_episodes` recording replays what is first), or, with
    /// stubs in front, when no entry names its operation.
    pub(crate) fn records(&self, call: &crate::history::CallId) -> bool {
        self.queue.is_empty() || (self.stubs_in_front && !self.has_entry_for(call))
    }

    /// Whether this stubber's sweep run has given its failure: calls may then skip entries,
    /// and what is left unused or fails is the sweep's to report.
    pub(crate) fn after_injected_failure(&self) -> bool {
        self.sweep.as_ref().is_some_and(|(plan, _)| plan.fired())
    }

    /// The entries verification reports as unused.
    /// Excuses the entry a call would have taken, which a sweep's failure answered in its
    /// stead: it stays queued, but the run did not leave it.
    pub(crate) fn excuse_entry_of(&mut self, call: &crate::history::CallId) {
        let own = match self.mode {
            Mode::Strict => self.queue.front().filter(|e| e.op.matches(call)),
            Mode::Unordered => self.queue.iter().find(|e| e.op.matches(call)),
        }
        .map(|e| e.number);
        if let Some(number) = own.filter(|n| !self.excused.contains(n)) {
            self.excused.push(number);
        }
    }

    pub(crate) fn unused(&self) -> Vec<&Entry> {
        self.queue
            .iter()
            .map(|e| &**e)
            .filter(|e| !self.excused.contains(&e.number) && !e.optional)
            // An entry that answers any number of calls is used once it answered one.
            .filter(|e| !(e.times == FOREVER && e.answered > 0))
            .collect()
    }

    /// Whether clients of this stubber sign their requests: when recording real traffic, and
    /// towards a plain-http endpoint (the SDK signs aws-chunked uploads there as it encodes
    /// them, and cannot do that without a signer). Otherwise the no-auth scheme goes first.
    pub(crate) fn signs_requests(&self) -> bool {
        self.recording.is_some()
            || self.behind.is_some()
            || self
                .endpoint
                .as_deref()
                .is_some_and(|e| e.to_ascii_lowercase().starts_with("http:"))
    }
}

impl Inner {
    #[track_caller]
    pub(crate) fn new(mode: Mode) -> Self {
        let clock = crate::clock::Clock::default();
        let sweep = crate::inject::current().map(|plan| {
            let number = plan.join(clock.clone());
            (plan, number)
        });
        Inner {
            state: Mutex::new(State {
                mode,
                queue: VecDeque::new(),
                index: Default::default(),
                queued_total: 0,
                consumed: 0,
                calls: Vec::new(),
                uses: Vec::new(),
                failures: Vec::new(),
                excused: Vec::new(),
                input_types: HashMap::new(),
                verify_on_drop: true,
                panic_on_failure: false,
                endpoint: None,
                region: aws_types::region::Region::from_static("us-east-1"),
                recording: None,
                panicked: false,
                policy: None,
                behind: None,
                stubs_in_front: false,
                at_address: false,
                sweep,
            }),
            handles: AtomicUsize::new(1),
            clock,
            made_at: std::panic::Location::caller(),
        }
    }

    /// Remembers a failed call, so that verification fails the test even if the code under
    /// test swallows the error; in panic mode, panics with its message (holding no lock).
    pub(crate) fn fail(&self, err: StubError) -> StubError {
        let panic = {
            let mut state = self.lock();
            if state.after_injected_failure() {
                // What the code does after a sweep's failure is the sweep's to report.
                if let Some((plan, _)) = &state.sweep {
                    plan.note_failure(&err);
                }
                return err;
            }
            state.failures.push(err.clone());
            state.panic_on_failure
        };
        if panic {
            panic!("{}", err.message());
        }
        err
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere (in a test body, while the lock was held) must not turn every
        // later use into a second panic: the state is plain data and stays usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What verification finds wrong: calls that failed, entries left unused.
pub(crate) fn verification_message(state: &State) -> Option<String> {
    verification(state, false, SWALLOWED)
}

/// Why failed calls are reported at verification.
pub(crate) const SWALLOWED: &str = "the code under test may have swallowed the error";
/// Why they are, when the stubber is dropped at the end of a test that did not panic: a test
/// returning the error as its `Err` is not printed after the drop's panic.
pub(crate) const NOT_PANICKED: &str = "the test did not panic with the error: it is returning \
     it, which is not printed after this, or the code under test swallowed it";

/// What verification finds wrong; while the test panics (`panicking`), only what the panic did
/// not already say: failures whose message nobody printed, and entries left unused other than
/// those the printed failures were checked against (the same mistake, told once).
pub(crate) fn verification(state: &State, panicking: bool, why: &str) -> Option<String> {
    let mut parts = Vec::new();
    let failures: Vec<_> = state
        .failures
        .iter()
        .filter(|f| !(panicking && f.seen()))
        .collect();
    // Entries a failure was checked against are named by its message (printed by the panic,
    // or below): not listed again.
    let told: Vec<usize> = state.failures.iter().filter_map(|f| f.entry()).collect();
    if !failures.is_empty() {
        let mut s = format!(
            "{PREFIX}{} stubbed call(s) failed during the test ({why}):\n",
            failures.len()
        );
        for (i, f) in failures.iter().enumerate() {
            s.push_str(&format!("{}. {}\n", i + 1, f.message()));
        }
        parts.push(s);
    }
    // After a sweep's failure, entries left unused are expected (the sweep counts them).
    let pending: Vec<&Entry> = if state.after_injected_failure() {
        Vec::new()
    } else {
        state.unused()
    };
    let unused = pending.len();
    let pending: Vec<&Entry> = pending
        .into_iter()
        .filter(|e| !told.contains(&e.number))
        .collect();
    let other = if pending.len() < unused { "other " } else { "" };
    if !pending.is_empty() {
        let answering = state
            .queue
            .iter()
            .filter(|e| e.times == FOREVER && e.answered > 0)
            .count();
        let mut s = format!(
            "{PREFIX}{} {other}response(s) remaining in queue ({} of {} used):\n",
            pending.len(),
            state.consumed + answering,
            state.queued_total
        );
        for e in pending {
            s.push_str(&format!("    {}\n", e.describe()));
        }
        parts.push(s);
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n").trim_end().to_string())
    }
}
