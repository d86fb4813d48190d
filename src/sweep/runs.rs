//! The runs with a failure: one per call of the written run and failure of its catalogue, then
//! one per failure of each call the code makes only after a failure (a cleanup answered by an
//! optional entry), in the first run that reached it.

use std::future::Future;

use super::drive::Ended;
use super::report::{Earlier, Outcome, Report, Run};
use super::{Failure, Sweep, SweepOutput, catalogue, first_line};
use crate::inject::{Limits, Target};
use crate::queue::stubber::Stubber;

/// A call of a run: its number in the run, service and operation.
type Numbered = (usize, String, String);

/// A run to make: the call to fail and how, and the cleanup call failed after it, if any.
struct Planned {
    call: Numbered,
    failure: Failure,
    then: Option<(Numbered, Failure)>,
}

impl Planned {
    fn target(&self) -> Target {
        let target = |(call, _, operation): &Numbered, failure: &Failure| Target {
            call: *call,
            operation: operation.clone(),
            injection: failure.injection(),
            persists: failure.persists(),
            then: None,
        };
        let mut first = target(&self.call, &self.failure);
        first.then = self
            .then
            .as_ref()
            .map(|(call, failure)| Box::new(target(call, failure)));
        first
    }
}

impl<F, Fut, R> Sweep<F, R>
where
    F: Fn(Stubber) -> Fut,
    Fut: Future<Output = R>,
    R: SweepOutput,
{
    fn failures(&self, service: &str, operation: &str) -> Vec<Failure> {
        catalogue(service, operation)
            .into_iter()
            .filter(|f| self.kinds.is_empty() || self.kinds.contains(&f.kind()))
            .collect()
    }

    /// Makes the runs with a failure, within the budget, into `report`.
    pub(super) async fn failure_runs(
        &self,
        written: &[(String, String)],
        limits: Limits,
        report: &mut Report<R>,
    ) {
        let mut planned = Vec::new();
        for (number, (service, operation)) in written.iter().enumerate() {
            if !self.wants(service, operation) {
                continue;
            }
            for failure in self.failures(service, operation) {
                let call = (number + 1, service.clone(), operation.clone());
                planned.push(Planned {
                    call,
                    failure,
                    then: None,
                });
            }
        }
        let mut budget = self.budget;
        let mut cleanups: Vec<(Numbered, usize)> = Vec::new();
        for plan in planned.iter().take(budget) {
            let (run, optional) = self.failure_run(plan, limits).await;
            let at = report.runs.len();
            report.runs.push(run);
            for call in optional {
                let reached = cleanups
                    .iter()
                    .any(|((_, s, o), _)| (s, o) == (&call.1, &call.2));
                if !reached && self.wants(&call.1, &call.2) {
                    cleanups.push((call, at));
                }
            }
        }
        report.not_run = planned.len().saturating_sub(budget);
        budget = budget.saturating_sub(planned.len());
        // Each cleanup call, failed in turn in the first run that reached it.
        let mut then = Vec::new();
        for (call, at) in cleanups {
            let first = &planned[at];
            for failure in self.failures(&call.1, &call.2) {
                then.push(Planned {
                    call: first.call.clone(),
                    failure: first.failure.clone(),
                    then: Some((call.clone(), failure)),
                });
            }
        }
        report.not_run += then.len().saturating_sub(budget);
        for plan in then.iter().take(budget) {
            let (run, _) = self.failure_run(plan, limits).await;
            report.runs.push(run);
        }
    }

    /// One run with a failure, and the calls after it that optional entries answered.
    async fn failure_run(&self, planned: &Planned, limits: Limits) -> (Run<R>, Vec<Numbered>) {
        let ((call, service, operation), failure) = match &planned.then {
            Some((call, failure)) => (call, failure),
            None => (&planned.call, &planned.failure),
        };
        let (ended, plan) = self.run_once(Some(planned.target()), Some(limits)).await;
        let ended = ended.unwrap_or_else(Ended::Hung);
        let fired = match planned.then {
            Some(_) => plan.fired() && plan.fired_then(),
            None => plan.fired(),
        };
        let (outcome, returned) = match ended {
            Ended::Hung(why) => (Outcome::Hung(why), None),
            _ if !fired => {
                let why = plan.diverged().unwrap_or_else(|| {
                    format!("it made {} call(s) and no call #{call}", plan.calls().len())
                });
                (Outcome::NotReached(why), None)
            }
            Ended::Panicked(caught) => (
                Outcome::Panicked {
                    message: caught.message,
                    location: caught.location,
                },
                None,
            ),
            Ended::Returned(value) => match value.error_text() {
                Some(error) => (Outcome::ReturnedError(error), Some(value)),
                None => (Outcome::Returned, Some(value)),
            },
        };
        let mut run = Run {
            call: *call,
            service: service.clone(),
            operation: operation.clone(),
            failure: failure.clone(),
            after: planned.then.as_ref().map(|_| Earlier {
                call: planned.call.0,
                operation: planned.call.2.clone(),
                failure: planned.failure.clone(),
            }),
            outcome,
            returned,
            went_on: plan
                .failures_after()
                .iter()
                .map(|e| first_line(e.message()))
                .collect(),
            entries_left: plan.left(),
            rejected: false,
        };
        if let Some(check) = &self.check
            && run.returned.is_some()
        {
            run.rejected = !check(&run);
        }
        (run, plan.optional_calls())
    }
}
