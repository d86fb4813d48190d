//! Naming the operation a queue entry answers: [`Operation`] (made by [`op!`](crate::op),
//! typed), or [`OperationName`] (by strings); [`IntoOperation`] is either, and [`TypedHint`]
//! says whether it has a typed input. Name these to write a helper generic over operations:
//!
//! ```
//! # #[cfg(feature = "s3")] {
//! use aws_stubber::operation::{IntoOperation, OperationName, TypedHint};
//! use aws_stubber::{op, Fault, Stubber};
//!
//! /// Queues a timeout for any operation.
//! fn times_out(stubber: &Stubber, op: impl IntoOperation + TypedHint) {
//!     stubber.add_fault(op, Fault::Timeout);
//! }
//!
//! let stubber = Stubber::new();
//! times_out(&stubber, op!(aws_sdk_s3::Client::list_buckets));
//! times_out(&stubber, OperationName::new("S3", "HeadBucket"));
//! assert_eq!(stubber.pending(), 2);
//! # stubber.verify_on_drop(false);
//! # }
//! ```

mod hint;
mod naming;
use naming::derived_crate;
pub(crate) use naming::derived_name;

pub use hint::{TypedHint, Untyped};

use std::any::{Any, TypeId};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use aws_smithy_runtime_api::client::interceptors::context::{Input, Output};

use crate::history::CallId;
use crate::respond::Response;

use aws_smithy_types::error::operation::BuildError;

/// A typed SDK operation, made with [`op!`](crate::op) from a client method path such as
/// `op!(aws_sdk_s3::Client::list_objects_v2)`.
///
/// The type parameters are the operation's input `I`, output `O`, error `E` and input
/// builder `B`; they are inferred, so a misspelt operation does not compile and a response
/// of the wrong type is rejected by the compiler.
pub struct Operation<I, O, E, B> {
    pub(crate) build: BuildFn<B, I>,
    /// Set by [`op!`](crate::op) when the input is `Clone`: the stubber then keeps calls'
    /// inputs typed (for predicates, `inputs()` and exact comparison).
    pub(crate) cloner: Option<Cloner>,
    /// How a typed output is queued: so that the entry can answer several calls when
    /// [`op!`](crate::op) finds the output `Clone`, as it is otherwise.
    pub(crate) queue_output: fn(O) -> Response,
    pub(crate) _types: TypeMarker<I, O, E, B>,
}

type TypeMarker<I, O, E, B> = PhantomData<fn() -> (I, O, E, B)>;

/// Builds an operation's input from its builder.
pub(crate) type BuildFn<B, I> = fn(B) -> Result<I, BuildError>;

impl<I, O, E, B> Clone for Operation<I, O, E, B> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<I, O, E, B> Copy for Operation<I, O, E, B> {}

impl<I: 'static, O, E, B> fmt::Debug for Operation<I, O, E, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "op!({})", derived_name::<I>())
    }
}

impl<I, O, E, B> Operation<I, O, E, B>
where
    I: fmt::Debug + Send + Sync + 'static,
    O: fmt::Debug + Send + Sync + 'static,
    E: std::error::Error + fmt::Debug + Send + Sync + 'static,
    B: Default,
{
    #[doc(hidden)]
    pub fn __from_hints<F>(
        _builder_hint: impl FnOnce() -> PhantomData<B>,
        build: BuildFn<B, I>,
        _send_hint: impl FnOnce() -> F,
    ) -> Self
    where
        F: std::future::Future<
                Output = Result<
                    O,
                    aws_smithy_runtime_api::client::result::SdkError<
                        E,
                        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
                    >,
                >,
            >,
    {
        Operation {
            build,
            cloner: None,
            queue_output: |output| Response::Output(Output::erase(output)),
            _types: PhantomData,
        }
    }

    /// The operation's name as derived from its input type (`ListObjectsV2`).
    ///
    /// ```
    /// # #[cfg(feature = "s3")] {
    /// assert_eq!(aws_stubber::op!(aws_sdk_s3::Client::list_objects_v2).name(), "ListObjectsV2");
    /// # }
    /// ```
    pub fn name(&self) -> String {
        derived_name::<I>()
    }

    /// The SDK crate the operation belongs to (`aws_sdk_s3`).
    pub(crate) fn service_crate(&self) -> String {
        derived_crate::<I>()
    }

    pub(crate) fn key(&self) -> OpKey {
        OpKey::Typed {
            type_id: TypeId::of::<I>(),
            name: derived_name::<I>(),
            krate: derived_crate::<I>(),
            checker: is_input::<I>,
            cloner: self.cloner,
        }
    }
}

/// Attaches the input cloner to operations whose input is `Clone` (see [`op!`](crate::op)).
#[doc(hidden)]
pub struct Probe<T>(pub T);

#[doc(hidden)]
pub trait AttachCloner<T> {
    fn attach(&self) -> T;
}

impl<I, O, E, B> AttachCloner<Operation<I, O, E, B>> for Probe<Operation<I, O, E, B>>
where
    I: fmt::Debug + Clone + Send + Sync + 'static,
{
    fn attach(&self) -> Operation<I, O, E, B> {
        Operation {
            cloner: Some(clone_input::<I>),
            ..self.0
        }
    }
}

#[doc(hidden)]
pub trait AttachNoCloner<T> {
    fn attach(&self) -> T;
}

impl<I, O, E, B> AttachNoCloner<Operation<I, O, E, B>> for &Probe<Operation<I, O, E, B>> {
    fn attach(&self) -> Operation<I, O, E, B> {
        self.0
    }
}

/// Stores the outputs of operations whose output is `Clone` cloneable (see [`op!`](crate::op)).
#[doc(hidden)]
pub struct OutputProbe<T>(pub T);

#[doc(hidden)]
pub trait AttachOutputCloner<T> {
    fn attach_output(&self) -> T;
}

impl<I, O, E, B> AttachOutputCloner<Operation<I, O, E, B>> for OutputProbe<Operation<I, O, E, B>>
where
    O: fmt::Debug + Clone + Send + Sync + 'static,
{
    fn attach_output(&self) -> Operation<I, O, E, B> {
        Operation {
            queue_output: Response::repeatable::<O>,
            ..self.0
        }
    }
}

#[doc(hidden)]
pub trait AttachNoOutputCloner<T> {
    fn attach_output(&self) -> T;
}

impl<I, O, E, B> AttachNoOutputCloner<Operation<I, O, E, B>>
    for &OutputProbe<Operation<I, O, E, B>>
{
    fn attach_output(&self) -> Operation<I, O, E, B> {
        self.0
    }
}

/// An operation named by service and operation strings, for data-driven tests and fixture
/// files: `OperationName::new("S3", "ListObjectsV2")`. The names are those of the SDK's
/// operation metadata; the service is compared ignoring case, spaces and dashes (so
/// `"Route53"` matches `"Route 53"`), and an empty service matches any.
///
/// A named entry can answer with a client error, raw HTTP or a fault; typed outputs and
/// input expectations need a typed [`Operation`] from [`op!`](crate::op).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationName {
    pub(crate) service: String,
    pub(crate) operation: String,
}

impl OperationName {
    /// Names an operation of a service.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::error::ProvideErrorMetadata;
    /// use aws_stubber::operation::OperationName;
    /// use aws_stubber::{client, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let op = OperationName::new("S3", "GetObject"); // the SDK's service and operation names
    /// stubber.add_client_error(op, "NoSuchKey", "The specified key does not exist.");
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let err = s3.get_object().bucket("b").key("k").send().await.unwrap_err();
    /// assert_eq!(err.code(), Some("NoSuchKey"));
    /// # });
    /// ```
    pub fn new(service: impl Into<String>, operation: impl Into<String>) -> Self {
        OperationName {
            service: service.into(),
            operation: operation.into(),
        }
    }
}

/// Anything that names the operation of a queue entry: a typed [`Operation`] (from
/// [`op!`](crate::op)), an [`OperationName`], or a `("service", "operation")` pair. Sealed: the
/// crate implements it for those, and nothing else names an operation.
///
/// ```compile_fail
/// struct Mine;
/// impl aws_stubber::operation::IntoOperation for Mine {}
/// ```
pub trait IntoOperation: sealed::Key {}

impl<T: sealed::Key> IntoOperation for T {}

pub(crate) mod sealed {
    use super::{OpKey, Operation, OperationName};
    use std::fmt;

    /// How an operation name becomes the queue's key; not nameable outside the crate.
    pub trait Key {
        fn into_key(self) -> OpKey;
    }

    impl<I, O, E, B> Key for Operation<I, O, E, B>
    where
        I: fmt::Debug + Send + Sync + 'static,
        O: fmt::Debug + Send + Sync + 'static,
        E: std::error::Error + fmt::Debug + Send + Sync + 'static,
        B: Default,
    {
        fn into_key(self) -> OpKey {
            self.key()
        }
    }

    impl Key for OperationName {
        fn into_key(self) -> OpKey {
            OpKey::Named(self)
        }
    }

    impl Key for (&str, &str) {
        fn into_key(self) -> OpKey {
            OpKey::Named(OperationName::new(self.0, self.1))
        }
    }
}

pub(crate) type Cloner = fn(&Input) -> Option<crate::history::TypedInput>;
pub(crate) type Checker = fn(&Input) -> bool;

fn is_input<I: fmt::Debug + Send + Sync + 'static>(input: &Input) -> bool {
    input.downcast_ref::<I>().is_some()
}

pub(crate) fn clone_input<I: fmt::Debug + Clone + Send + Sync + 'static>(
    input: &Input,
) -> Option<crate::history::TypedInput> {
    input
        .downcast_ref::<I>()
        .map(|i| crate::history::TypedInput {
            value: Arc::new(i.clone()),
            debug: debug_input::<I>,
        })
}

fn debug_input<I: fmt::Debug + 'static>(input: &(dyn Any + Send + Sync)) -> String {
    match input.downcast_ref::<I>() {
        Some(input) => format!("{input:?}"),
        None => String::new(),
    }
}

/// The queue's key for an operation (unnameable outside the crate).
#[doc(hidden)]
#[derive(Clone)]
pub enum OpKey {
    Typed {
        type_id: TypeId,
        name: String,
        krate: String,
        checker: Checker,
        cloner: Option<Cloner>,
    },
    Named(OperationName),
}

impl fmt::Debug for OpKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl OpKey {
    pub(crate) fn display(&self) -> String {
        match self {
            OpKey::Typed { name, .. } => name.clone(),
            OpKey::Named(n) if n.service.is_empty() => n.operation.clone(),
            OpKey::Named(n) => format!("{} {}", n.service, n.operation),
        }
    }

    pub(crate) fn operation_name(&self) -> &str {
        match self {
            OpKey::Typed { name, .. } => name,
            OpKey::Named(n) => &n.operation,
        }
    }

    pub(crate) fn matches(&self, call: &CallId) -> bool {
        match self {
            OpKey::Typed { type_id, .. } => call.input_type == Some(*type_id),
            OpKey::Named(n) => {
                n.operation == call.operation
                    && (n.service.is_empty() || normalize(&n.service) == normalize(&call.service))
            }
        }
    }
}

fn normalize(service: &str) -> String {
    service
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Input` -> `ListObjectsV2`.
/// Names a typed operation from a client method path:
/// `op!(aws_sdk_s3::Client::list_objects_v2)`.
///
/// The path is never called: it only lets the compiler infer the operation's input, output,
/// error and builder types, so a typo is a compile error and so is a response of the wrong
/// type.
#[macro_export]
macro_rules! op {
    ($($method:tt)+) => {{
        #[allow(unreachable_code, clippy::diverging_sub_expression)]
        let operation = $crate::operation::Operation::__from_hints(
            || $crate::_macro_support::type_of($($method)+(::core::unreachable!()).as_input()),
            |builder| builder.build(),
            || $($method)+(::core::unreachable!()).send(),
        );
        #[allow(unused_imports)]
        use $crate::_macro_support::{
            AttachCloner as _, AttachNoCloner as _, AttachNoOutputCloner as _,
            AttachOutputCloner as _,
        };
        let operation = (&$crate::_macro_support::Probe(operation)).attach();
        (&$crate::_macro_support::OutputProbe(operation)).attach_output()
    }};
}
