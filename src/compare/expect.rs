//! The input expectations a queue entry places on the call it answers.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crate::compare::diff::{self, indent};
use crate::debug_tree::Node;
use crate::error::panic_text;
use crate::history::CallInput;

type Check = Arc<dyn Fn(&(dyn Any + Send + Sync)) -> bool + Send + Sync>;

#[derive(Clone)]
pub(crate) enum InputExpectation {
    /// Only the fields set in the expectation must match (`expect_input`).
    Partial { expected: Node },
    /// The whole input must be equal (`expect_input_eq`); `ANY` inside it is a wildcard.
    Exact { expected: Node, eq: Option<Check> },
    /// A predicate over the typed input (`expect_input_matches`).
    Predicate { check: Check },
}

impl fmt::Debug for InputExpectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputExpectation::Partial { expected } => write!(f, "partial {}", expected.pretty()),
            InputExpectation::Exact { expected, .. } => write!(f, "exact {}", expected.pretty()),
            InputExpectation::Predicate { .. } => f.write_str("predicate"),
        }
    }
}

impl InputExpectation {
    /// Whether the input meets the expectation, without saying how it differs (for
    /// unordered mode, which tries many entries).
    pub(crate) fn is_met(&self, input: &CallInput) -> bool {
        match self {
            InputExpectation::Partial { expected } => expected.matches(input.tree(), true),
            _ => self.check(input).is_ok(),
        }
    }

    /// `Ok` when the input meets the expectation, otherwise what differs (with a diff).
    pub(crate) fn check(&self, input: &CallInput) -> Result<(), String> {
        match self {
            InputExpectation::Partial { expected } => {
                if expected.matches(input.tree(), true) {
                    return Ok(());
                }
                let (e, a) = expected.project(input.tree());
                Err(format!(
                    "input differs from the expectation (only the fields it sets are compared):\n{}",
                    diff::lines(&e.pretty(), &a.pretty())
                ))
            }
            InputExpectation::Exact { expected, eq } => {
                let ok = match (eq, input.value()) {
                    (Some(eq), Some(typed)) => eq(typed),
                    _ => expected.matches(input.tree(), false),
                };
                if ok {
                    return Ok(());
                }
                Err(format!(
                    "input differs from the expected input:\n{}",
                    diff::lines(&expected.pretty(), &input.tree().pretty())
                ))
            }
            InputExpectation::Predicate { check } => {
                let outcome = input.value().map(|typed| {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(typed)))
                });
                match outcome {
                    Some(Ok(true)) => return Ok(()),
                    Some(Err(panic)) => {
                        let what = panic_text(&*panic);
                        return Err(format!(
                            "the predicate given to expect_input_matches panicked ({what}); received:\n{}",
                            indent(&input.tree().pretty())
                        ));
                    }
                    _ => {}
                }
                Err(format!(
                    "input does not satisfy the predicate given to expect_input_matches; received:\n{}",
                    indent(&input.tree().pretty())
                ))
            }
        }
    }

    pub(crate) fn partial(expected: Node) -> Self {
        InputExpectation::Partial { expected }
    }

    pub(crate) fn exact<I: PartialEq + fmt::Debug + Send + Sync + 'static>(expected: I) -> Self {
        let tree = Node::parse(&format!("{expected:?}"));
        let eq: Option<Check> = if tree.contains_any() {
            None
        } else {
            Some(Arc::new(move |actual: &(dyn Any + Send + Sync)| {
                actual.downcast_ref::<I>() == Some(&expected)
            }))
        };
        InputExpectation::Exact { expected: tree, eq }
    }

    pub(crate) fn predicate<I: Send + Sync + 'static>(
        f: impl Fn(&I) -> bool + Send + Sync + 'static,
    ) -> Self {
        InputExpectation::Predicate {
            check: Arc::new(move |actual: &(dyn Any + Send + Sync)| {
                actual.downcast_ref::<I>().is_some_and(&f)
            }),
        }
    }
}
