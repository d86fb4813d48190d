//! The interceptor: tells the stubber which operation is called and with what input, tags
//! each attempt for the HTTP client (which picks the queue entry with the final request), and
//! hands typed outputs and errors to the SDK.

use std::fmt;
use std::sync::Arc;

use aws_runtime::invocation_id::InvocationIdInterceptor;
use aws_smithy_runtime::client::auth::no_auth::NO_AUTH_SCHEME_ID;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::auth::{AuthSchemeId, AuthSchemePreference};
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextMut, BeforeSerializationInterceptorContextRef,
    BeforeTransmitInterceptorContextMut, Error, FinalizerInterceptorContextMut,
};
use aws_smithy_runtime_api::client::interceptors::{DisableInterceptor, Intercept};
use aws_smithy_runtime_api::client::orchestrator::{Metadata, OrchestratorError};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::client::ser_de::SharedResponseDeserializer;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

use crate::error::{StubError, StubErrorKind};
use crate::history::{Call, CallContext, CallId, CallInput};
use crate::message::PREFIX;
use crate::queue::attempt::{Answered, Attempt};
use crate::queue::state::Inner;
use crate::respond::strip_erased;

/// The interceptor half of a [`Stubber`](crate::Stubber); install it with
/// [`Stubber::interceptor`](crate::Stubber::interceptor) (the [`client!`](crate::client)
/// macro does).
#[derive(Clone)]
pub struct StubInterceptor {
    inner: Arc<Inner>,
}

impl fmt::Debug for StubInterceptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StubInterceptor")
    }
}

impl StubInterceptor {
    pub(crate) fn new(inner: Arc<Inner>) -> Self {
        StubInterceptor { inner }
    }
}

#[aws_smithy_runtime_api::client::interceptors::dyn_dispatch_hint]
impl Intercept for StubInterceptor {
    fn name(&self) -> &'static str {
        "aws-stubber"
    }

    fn read_before_serialization(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if is_presigning(cfg) {
            // Presigning sends nothing: it takes no queue entry and is no call. Its URL is
            // signed with SigV4 (with the stubber's dummy credentials), never left unsigned
            // by the no-auth preference of stubbed clients.
            cfg.interceptor_state().store_put(Presigning);
            cfg.interceptor_state()
                .store_put(AuthSchemePreference::from([AuthSchemeId::new("sigv4")]));
            return Ok(());
        }
        let (service, operation) = match cfg.load::<Metadata>() {
            Some(m) => (m.service().to_string(), m.name().to_string()),
            None => (String::new(), String::new()),
        };
        let input = context.input();
        let mut state = self.inner.lock();
        let mut typed = None;
        let mut input_type = None;
        for (type_id, (is_type, cloner)) in &state.input_types {
            if is_type(input) {
                input_type = Some(*type_id);
                typed = cloner.and_then(|clone| clone(input));
                break;
            }
        }
        let call_input = Arc::new(match typed {
            Some(typed) => CallInput::from_typed(typed),
            // The input goes to the serializer next: keep its text now.
            None => CallInput::from_debug(strip_erased(&format!("{input:?}")).to_string()),
        });
        let signs = state.signs_requests();
        let index = state.calls.len() + 1;
        state.calls.push(Call {
            index,
            service: service.clone(),
            operation: operation.clone(),
            input: call_input.clone(),
            requests: Vec::new(),
        });
        drop(state);
        if !signs {
            cfg.interceptor_state()
                .store_put(AuthSchemePreference::from([NO_AUTH_SCHEME_ID]));
        }
        cfg.interceptor_state().store_put(CallContext {
            index,
            id: CallId {
                service,
                operation,
                input_type,
            },
            input: call_input,
        });
        Ok(())
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if cfg.load::<Presigning>().is_some() {
            return Ok(());
        }
        let Some(call) = cfg.load::<CallContext>().cloned() else {
            let err = StubError::new(
                StubErrorKind::Misuse,
                format!(
                    "{PREFIX}the interceptor saw an attempt but not the call's input; install \
                     it on the client config (aws_stubber::client! does), not on a single operation"
                ),
            );
            return Err(self.inner.fail(err).into());
        };
        // Extensions do not survive the rewind before a retry: tag every attempt. The HTTP
        // client reads the tag with the final request, after every other interceptor ran.
        let attempt = Attempt::new(call);
        cfg.interceptor_state().store_put(attempt.clone());
        context.request_mut().add_extension(attempt);
        Ok(())
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        // An empty output: its XML root is the one the operation's deserializer reads.
        let cfg: &ConfigBag = cfg;
        if let Some(attempt) = cfg.load::<Attempt>()
            && attempt.take_fit()
            && let Some(deserializer) = cfg.load::<SharedResponseDeserializer>()
        {
            crate::respond::fit_empty(context.response_mut(), deserializer, cfg);
        }
        Ok(())
    }

    fn modify_before_attempt_completion(
        &self,
        context: &mut FinalizerInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(attempt) = cfg.load::<Attempt>().cloned() else {
            return Ok(());
        };
        if let Some(seen) = attempt.take_result_watch() {
            // A recording learns which of the output's fields the SDK treats as sensitive.
            if let Some(result) = context.output_or_error() {
                let debug = match result {
                    Ok(output) => format!("{output:?}"),
                    Err(err) => match err.as_operation_error() {
                        Some(e) => format!("{e:?}"),
                        None => String::new(),
                    },
                };
                seen(strip_erased(&debug).to_string());
            }
        }
        let Some(typed) = attempt.take_typed() else {
            return Ok(());
        };
        let replace = match context.output_or_error() {
            // Ended by the stub HTTP client with a typed answer.
            Some(Err(e)) if is_answered(e) => true,
            // Went over the stub HTTP client: replace only what the SDK deserialized, never
            // a timeout or dispatch failure on the way.
            Some(Ok(_)) => typed.via_http && context.response().is_some(),
            Some(Err(e)) => {
                typed.via_http
                    && context.response().is_some()
                    && (e.as_operation_error().is_some() || e.is_response_error())
            }
            None => false,
        };
        if replace {
            context
                .inner_mut()
                .set_output_or_error(typed.value.map_err(OrchestratorError::operation));
        }
        Ok(())
    }
}

/// Marks a call that only presigns a request.
#[derive(Debug, Clone)]
struct Presigning;

impl Storable for Presigning {
    type Storer = StoreReplace<Self>;
}

/// Whether the call presigns a request instead of sending it: every SDK's presigning plugin
/// disables the invocation-id interceptor (a presigned request is sent later, by someone
/// else).
fn is_presigning(cfg: &ConfigBag) -> bool {
    cfg.load::<DisableInterceptor<InvocationIdInterceptor>>()
        .is_some()
}

fn is_answered(err: &OrchestratorError<Error>) -> bool {
    let Some(connector) = err.as_connector_error() else {
        return false;
    };
    std::error::Error::source(connector).is_some_and(|s| s.is::<Answered>())
}
