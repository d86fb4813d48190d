//! What an operation tells a queue entry about its typed input: expectations on the input
//! exist only for operations named by a typed [`Operation`].

use super::{BuildFn, Operation, OperationName};

/// Gives access to the typed input of a queue entry's operation, so that expectations can be
/// added to entries named by a typed [`Operation`] but not to [`OperationName`]s.
pub trait TypedHint {
    /// The operation's input type ([`Untyped`] for named operations).
    type Input;
    /// The input's builder type ([`Untyped`] for named operations).
    type Builder;
    #[doc(hidden)]
    fn build_fn(&self) -> Option<BuildFn<Self::Builder, Self::Input>>;
}

/// The input type of an entry whose operation is named by strings: it has no typed input,
/// so input expectations are not available on it.
#[derive(Default)]
pub struct Untyped(());

impl<I, O, E, B> TypedHint for Operation<I, O, E, B> {
    type Input = I;
    type Builder = B;
    fn build_fn(&self) -> Option<BuildFn<B, I>> {
        Some(self.build)
    }
}

impl TypedHint for OperationName {
    type Input = Untyped;
    type Builder = Untyped;
    fn build_fn(&self) -> Option<BuildFn<Untyped, Untyped>> {
        None
    }
}

impl TypedHint for (&str, &str) {
    type Input = Untyped;
    type Builder = Untyped;
    fn build_fn(&self) -> Option<BuildFn<Untyped, Untyped>> {
        None
    }
}
