//! What a sweep found: each run's failure and outcome, as data and as a table.

use std::fmt;

use super::catalogue::Failure;
use crate::message::PREFIX;

/// How a run of the body ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The body returned `()` or `Ok(..)`.
    Returned,
    /// The body returned `Err(..)`: its `Debug` text.
    ReturnedError(String),
    /// The body panicked: the message, and where (`file:line:column`).
    Panicked {
        /// The panic's message.
        message: String,
        /// Where the panic was raised.
        location: Option<String>,
    },
    /// The run made no progress within the sweep's limits: why (see
    /// [`Sweep::hang_limits`](super::Sweep::hang_limits)).
    Hung(String),
    /// The run never made the call the failure was for: it made other calls than the written
    /// run (the body is not deterministic, or its calls race).
    NotReached(String),
}

impl Outcome {
    /// Whether the outcome fails the sweep by itself: a panic, a hang, or a run that did not
    /// repeat the written one.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Outcome::Panicked { .. } | Outcome::Hung(_) | Outcome::NotReached(_)
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Returned => f.write_str("returned"),
            Outcome::ReturnedError(e) => write!(f, "returned an error: {}", one_line(e, 100)),
            Outcome::Panicked { message, location } => match location {
                Some(at) => write!(f, "panicked at {at}: {}", one_line(message, 160)),
                None => write!(f, "panicked: {}", one_line(message, 160)),
            },
            Outcome::Hung(why) => f.write_str(why),
            Outcome::NotReached(why) => write!(f, "did not repeat the written run: {why}"),
        }
    }
}

/// One run of a sweep: the call that failed, with what, and what the body did.
#[derive(Debug)]
#[non_exhaustive]
pub struct Run<R> {
    /// The failed call's number in the run (from 1, over every stubber of the run).
    pub call: usize,
    /// The failed call's service, as the SDK names it (`S3`).
    pub service: String,
    /// The failed call's operation (`GetObject`).
    pub operation: String,
    /// What the call failed with.
    pub failure: Failure,
    /// The failure this call came after, when it is a call the code makes only after a
    /// failure (a cleanup answered by an optional entry): the run gave that failure first.
    pub after: Option<Earlier>,
    /// How the body ended.
    pub outcome: Outcome,
    /// What the body returned, unless it panicked or hung.
    pub returned: Option<R>,
    /// What the stubbers refused after the failure, each message's first line: calls the
    /// code went on to make with nothing queued for them, requests AWS would refuse, ...
    pub went_on: Vec<String>,
    /// Queue entries the run left unused, beyond the failed call's own (which the failure
    /// answered in its stead): expected when the code stops early after a failure, not an
    /// error by itself.
    pub entries_left: usize,
    /// The sweep's check ([`Sweep::check`](super::Sweep::check)) rejected the run.
    pub rejected: bool,
}

/// The failure a run gave first, before the call it fails is made (see [`Run::after`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    /// The call's number in the run.
    pub call: usize,
    /// The call's operation.
    pub operation: String,
    /// What it failed with.
    pub failure: Failure,
}

impl<R> Run<R> {
    /// The failure, and the one it came after if any (`InternalError (500) after #2
    /// DescribeInstances: timeout`).
    fn failure_text(&self) -> String {
        match &self.after {
            Some(e) => format!(
                "{} after #{} {}: {}",
                self.failure, e.call, e.operation, e.failure
            ),
            None => self.failure.to_string(),
        }
    }

    /// Whether the run fails the sweep: its outcome is a failure, or the check rejected it.
    pub fn failed(&self) -> bool {
        self.outcome.is_failure() || self.rejected
    }

    /// The outcome with what came after it, as the table shows it.
    fn described(&self) -> String {
        let mut text = self.outcome.to_string();
        if self.rejected {
            text = format!("rejected by the check: {text}");
        }
        if let Some(first) = self.went_on.first() {
            text.push_str(&format!("; then {}", one_line(first, 160)));
            if self.went_on.len() > 1 {
                text.push_str(&format!(" (and {} more)", self.went_on.len() - 1));
            }
        }
        if self.entries_left > 0 {
            text.push_str(&format!(
                "; stopped early ({} left)",
                entries(self.entries_left)
            ));
        }
        text
    }
}

/// What a sweep found. `Display` gives the table the sweep prints.
#[derive(Debug)]
pub struct Report<R> {
    pub(crate) written: Vec<(String, String)>,
    pub(crate) written_failure: Option<String>,
    pub(crate) runs: Vec<Run<R>>,
    pub(crate) not_run: usize,
    pub(crate) budget: usize,
}

impl<R> Report<R> {
    /// The runs with a failure, in order (by call, then failure).
    pub fn runs(&self) -> &[Run<R>] {
        &self.runs
    }

    /// The calls of the written run (every call answered as queued): service and operation.
    pub fn written_calls(&self) -> &[(String, String)] {
        &self.written
    }

    /// Why the written run did not pass, if it did not (then no failure was tried).
    pub fn written_run_failure(&self) -> Option<&str> {
        self.written_failure.as_deref()
    }

    /// Runs the budget left out ([`Sweep::budget`](super::Sweep::budget)).
    pub fn not_run(&self) -> usize {
        self.not_run
    }

    /// Whether the sweep passed: the written run passed and no run failed.
    pub fn passed(&self) -> bool {
        self.written_failure.is_none() && !self.runs.iter().any(Run::failed)
    }

    /// The runs that fail the sweep.
    pub fn failed_runs(&self) -> impl Iterator<Item = &Run<R>> {
        self.runs.iter().filter(|r| r.failed())
    }
}

impl<R> fmt::Display for Report<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(why) = &self.written_failure {
            return write!(
                f,
                "{PREFIX}the sweep tried no failure: the written run (every call answered as \
                 queued) must pass first, and it {why}"
            );
        }
        let failed: Vec<&Run<R>> = self.failed_runs().collect();
        let calls = self.written.len();
        if failed.is_empty() {
            writeln!(
                f,
                "{PREFIX}the sweep passed: {} failure(s) over {calls} call(s), none panicked or hung",
                self.runs.len()
            )?;
        } else {
            writeln!(
                f,
                "{PREFIX}the sweep found {} run(s) that fail, of {} failure(s) over {calls} call(s):",
                failed.len(),
                self.runs.len()
            )?;
            for place in places(&failed) {
                writeln!(f, "    {place}")?;
            }
        }
        if self.not_run > 0 {
            writeln!(
                f,
                "{} more run(s) were not made: the budget is {} runs (Sweep::budget; narrow \
                 the sweep with Sweep::operations or Sweep::kinds).",
                self.not_run, self.budget
            )?;
        }
        let rows: Vec<[String; 4]> = self
            .runs
            .iter()
            .map(|r| {
                [
                    format!("#{}", r.call),
                    format!("{} {}", r.service, r.operation),
                    r.failure_text(),
                    r.described(),
                ]
            })
            .collect();
        let header = ["call", "operation", "failure", "outcome"].map(String::from);
        let widths: Vec<usize> = (0..3)
            .map(|i| {
                rows.iter()
                    .chain([&header])
                    .map(|r| r[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in [&header].into_iter().chain(&rows) {
            let line = format!(
                "    {:w0$}  {:w1$}  {:w2$}  {}",
                row[0],
                row[1],
                row[2],
                row[3],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2]
            );
            writeln!(f, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// Where failed runs went wrong, each place once: `sweep.rs:25:25 panics on call #1 and #4
/// ListObjectsV2, for 5 failures each: NoSuchBucket, SlowDown, ...`, then the first such run's
/// message.
fn places<R>(failed: &[&Run<R>]) -> Vec<String> {
    let mut groups: Vec<(String, Vec<&Run<R>>)> = Vec::new();
    for run in failed {
        let place = place(run);
        match groups.iter_mut().find(|(p, _)| *p == place) {
            Some((_, runs)) => runs.push(run),
            None => groups.push((place, vec![run])),
        }
    }
    groups
        .into_iter()
        .map(|(place, runs)| {
            let detail = match &runs[0].outcome {
                Outcome::Panicked { message, .. } => format!("\n      {}", one_line(message, 160)),
                _ => String::new(),
            };
            format!("{place} on {}{detail}", reached(&runs))
        })
        .collect()
}

/// What went wrong where, as the lead of the report names it.
fn place<R>(run: &Run<R>) -> String {
    let what = match &run.outcome {
        Outcome::Panicked {
            location: Some(at), ..
        } => format!("{at} panics"),
        Outcome::Panicked { location: None, .. } => "a panic (no location)".to_string(),
        Outcome::Hung(why) => format!("a hang ({})", one_line(why, 100)),
        Outcome::NotReached(why) => {
            format!(
                "a run that did not repeat the written one ({})",
                one_line(why, 100)
            )
        }
        other => format!(
            "the check rejects a run that {}",
            one_line(&other.to_string(), 100)
        ),
    };
    if run.rejected && run.outcome.is_failure() {
        format!("{what}, and the check rejects it")
    } else {
        what
    }
}

/// The calls and failures that reach one place: `call #1 and #4 ListObjectsV2, for 5
/// failures each: NoSuchBucket, SlowDown, ...`.
fn reached<R>(runs: &[&Run<R>]) -> String {
    // Calls in order, each with its failures.
    let mut calls: Vec<(usize, &str, Vec<String>)> = Vec::new();
    for run in runs {
        match calls.iter_mut().find(|(c, _, _)| *c == run.call) {
            Some((_, _, failures)) => failures.push(run.failure_text()),
            None => calls.push((run.call, &run.operation, vec![run.failure_text()])),
        }
    }
    // Calls of one operation named together: `call #1 and #4 ListObjectsV2, #2 GetObject`.
    let mut operations: Vec<(&str, Vec<usize>)> = Vec::new();
    for (call, operation, _) in &calls {
        match operations.iter_mut().find(|(o, _)| o == operation) {
            Some((_, numbers)) => numbers.push(*call),
            None => operations.push((operation, vec![*call])),
        }
    }
    let named: Vec<String> = operations
        .iter()
        .map(|(operation, numbers)| {
            let numbers: Vec<String> = numbers.iter().map(|n| format!("#{n}")).collect();
            let numbers = match numbers.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => numbers.concat(),
            };
            format!("{numbers} {operation}")
        })
        .collect();
    let failures = |list: &[String]| {
        let n = list.len();
        let noun = if n == 1 { "failure" } else { "failures" };
        (n, noun, list.join(", "))
    };
    let same = calls.windows(2).all(|w| w[0].2 == w[1].2);
    let tried = if same {
        let (n, noun, list) = failures(&calls[0].2);
        let each = if calls.len() > 1 { " each" } else { "" };
        format!("for {n} {noun}{each}: {list}")
    } else {
        let per_call: Vec<String> = calls
            .iter()
            .map(|(call, _, list)| format!("{} on #{call}", list.join(", ")))
            .collect();
        format!("for {}", per_call.join("; "))
    };
    format!("call {}, {tried}", named.join(", "))
}

fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".to_string()
    } else {
        format!("{n} entries")
    }
}

/// Text on one line, whitespace runs as one space, cut to `max` characters.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= max {
        joined
    } else {
        let cut: String = joined.chars().take(max).collect();
        format!("{cut}...")
    }
}
