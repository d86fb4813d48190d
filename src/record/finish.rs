//! What a recording leaves when it ends: the scrubbed fixture, written over the file, held
//! for review beside it, or compared with it (drift).

use std::error::Error as StdError;
use std::path::{Path, PathBuf};

use super::recording::{Exchange, Recording, lock};
use crate::fixture::{Fixture, FixtureError, FixtureErrorKind};
use crate::message::PREFIX;
use crate::models::Direction;
use crate::queue::recorder::Outcome;
use crate::record::changes::{Bodies, report, same_meaning};
use crate::record::options::RecordMode;
use crate::scrub::Knowledge;
use crate::scrub::find_secrets;
use crate::scrub::sensitive::Sensitive;

type Ended = Result<(), Box<dyn StdError + Send + Sync>>;

impl Recording {
    /// Ends the recording with what it kept: see [`Stubber::finish`](crate::Stubber::finish).
    pub(super) fn finish(&self, exchanges: Vec<Exchange>, outcome: Outcome) -> Ended {
        if self.mode == RecordMode::Drift {
            return self.report_drift(exchanges, outcome);
        }
        if exchanges.is_empty() && (self.base.is_some() || !outcome.passed()) {
            if self.base.is_none() {
                eprintln!(
                    "{PREFIX}nothing was recorded for {}; no file was written",
                    self.path.display()
                );
            }
            return Ok(());
        }
        let mut fixture = self.fixture(exchanges)?;
        if let Some(base) = &self.base {
            // New episodes: the replayed interactions as they were, then the new ones.
            let new = std::mem::take(&mut fixture.interactions);
            fixture = base.clone();
            fixture.interactions.extend(new);
        }
        let appeared = self.mode == RecordMode::Missing && self.path.exists();
        if outcome.passed() && !appeared {
            return self.write_or_hold(&fixture);
        }
        self.hold_failed(&fixture, outcome, appeared)
    }

    /// A recording of a test that did not pass (or whose file appeared meanwhile): written
    /// beside the fixture, with the reason.
    fn hold_failed(&self, fixture: &Fixture, outcome: Outcome, appeared: bool) -> Ended {
        let beside = beside(&self.path);
        fixture.write_atomic(&beside)?;
        let why = if appeared {
            "the file appeared while recording; it is only replaced with AWS_STUBBER_RECORD=all"
        } else if outcome.panicked {
            "the test panicked"
        } else if outcome.failed {
            "stubbed calls failed during the test"
        } else {
            "the test did not reach Stubber::finish() (it failed, or returned early)"
        };
        let message = format!(
            "{PREFIX}{why}, so the recording was written to {} instead of {} (an \
             existing file is kept as it was). Review it with `aws-stubber-fixture \
             review`, and `accept` it if it is right.",
            beside.display(),
            self.path.display()
        );
        if outcome.finished {
            Err(FixtureError::new(&self.path, FixtureErrorKind::Record, message).into())
        } else {
            eprintln!("{message}");
            Ok(())
        }
    }

    /// The kept exchanges as a fixture, scrubbed; an error when a secret would remain.
    fn fixture(&self, exchanges: Vec<Exchange>) -> Result<Fixture, FixtureError> {
        let mut knowledge = Vec::with_capacity(exchanges.len());
        let mut interactions = Vec::with_capacity(exchanges.len());
        for ex in exchanges {
            let output = lock(&ex.output_debug).take();
            // What the SDK redacts, and beside it what the models' table marks sensitive.
            let (service, operation) = (&ex.interaction.service, &ex.interaction.operation);
            let mut input = Sensitive::from_debug(&ex.input_debug);
            input.add_table(service, operation, Direction::Input);
            let output = output.map(|o| {
                let mut output = Sensitive::from_debug(&o);
                output.add_table(service, operation, Direction::Output);
                output
            });
            knowledge.push(Knowledge {
                input: Some(input),
                output,
            });
            let mut interaction = ex.interaction;
            // A body the SDK gzipped is kept decompressed (its content-encoding header says
            // how it was sent), so that it can be scrubbed, read and compared by meaning.
            if let std::borrow::Cow::Owned(plain) = interaction.request.plain_body() {
                interaction.request.body = plain.into();
            }
            // Data that reads like the scrub mark gets a mark of its own.
            interaction.scrub_mark = crate::scrub::fresh_mark(&interaction.request);
            interactions.push(interaction);
        }
        let recorded_at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs().to_string())
            .ok();
        let mut fixture = Fixture {
            recorded_at,
            endpoint: self.endpoint.clone(),
            interactions,
            ..Fixture::new()
        };
        let known = lock(&self.seen).clone();
        let refused =
            |message: String| FixtureError::new(&self.path, FixtureErrorKind::Secret, message);
        self.scrubber
            .scrub_with(&mut fixture, &knowledge, &known)
            .map_err(|e| refused(e.to_string()))?;
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let findings = find_secrets(&fixture, &known);
        if !findings.is_empty() {
            return Err(refused(format!(
                "would still hold what looks like a secret after scrubbing, so nothing was \
                 written:\n{}\nScrub these with Scrubber::field/header/query_param.",
                findings
                    .iter()
                    .map(|f| format!("    {f}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )));
        }
        Ok(fixture)
    }
    /// A passing recording: one whose interactions are unchanged (only `recorded_at`
    /// moves) is written over the file; a new one, or one that changes the file, waits
    /// beside it for review (`aws-stubber-fixture review`, then `accept`), unless
    /// review was turned off.
    fn write_or_hold(&self, fixture: &Fixture) -> Ended {
        let (unchanged, docs) = match Fixture::load(&self.path) {
            Ok(old) => (same_meaning(&old, fixture), old.docs),
            Err(_) => (false, None),
        };
        // Requests the service accepted though the models refuse them: shown whether or not
        // the recording waits for review.
        let stricter = super::changes::accepted_anyway(fixture);
        if !stricter.is_empty() {
            eprintln!(
                "{PREFIX}{} holds requests the AWS service models refuse:\n{}",
                self.path.display(),
                stricter.trim_end()
            );
        }
        if unchanged || self.skip_review {
            // The note a user wrote in the file is kept.
            let mut fixture = fixture.clone();
            if docs.is_some() {
                fixture.docs = docs;
            }
            fixture.write_atomic(&self.path)?;
            let _ = std::fs::remove_file(beside(&self.path));
            return Ok(());
        }
        let pending = beside(&self.path);
        fixture.write_atomic(&pending)?;
        let what = if self.path.exists() {
            format!("the recording changes {}", self.path.display())
        } else {
            format!("{} is a new recording", self.path.display())
        };
        eprintln!(
            "{PREFIX}{what}: it waits for review in {}. Run `aws-stubber-fixture \
             review`, then `accept` or `reject` it.",
            pending.display()
        );
        Ok(())
    }

    /// Compares the answers of a drift check with the recording: `Ok` when they mean
    /// the same, else the report (an error from `finish()`, printed when dropped).
    fn report_drift(&self, exchanges: Vec<Exchange>, outcome: Outcome) -> Ended {
        let Some(base) = &self.base else {
            return Ok(());
        };
        let now = self.fixture(exchanges)?;
        let (changes, changed) = report(base, &now, Bodies::Fields(&self.per_run));
        if changed == 0 {
            let n = base.interactions.len();
            eprintln!(
                "{PREFIX}no drift: the live endpoint answers {} of {} as recorded",
                if n == 1 {
                    "the interaction".to_string()
                } else {
                    format!("all {n} interactions")
                },
                self.path.display()
            );
            return Ok(());
        }
        let message = format!(
            "drift: the live endpoint now answers differently from the recording ({changed} \
             of {} interactions differ):\n{changes}The file was not changed. If the new \
             answers are right, record it again (AWS_STUBBER_RECORD=all) and review the \
             recording; name fields that differ on every run (generated ids) with \
             FixtureOptions::per_run_fields.",
            base.interactions.len().max(now.interactions.len()),
        );
        let err = FixtureError::new(&self.path, FixtureErrorKind::Drift, message);
        if outcome.finished {
            Err(err.into())
        } else {
            eprintln!("{err}");
            Ok(())
        }
    }
}

/// `name.json` -> `name.json.new`.
fn beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".new");
    path.with_file_name(name)
}
