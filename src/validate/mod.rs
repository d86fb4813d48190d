//! Request validation: every request a stubbed client sends is held against what the AWS
//! service models demand of it (required members, lengths, ranges, patterns, enum values),
//! read from the request as the service receives it.

pub(crate) mod rest;
mod walk;
pub(crate) mod wire;

use crate::history::RecordedRequest;
use crate::message::PREFIX;
use crate::models::constraints::{self, Location, Shape};

pub(crate) use walk::Violation;

/// A request the service would refuse.
#[derive(Debug, Clone)]
pub(crate) struct Invalid {
    /// The error code the service answers with (`ValidationError`).
    pub(crate) code: &'static str,
    pub(crate) violations: Vec<Violation>,
}

/// Error codes that answer a request the service refuses for its parameters, whatever the
/// service: an entry answering with one of them (or the service's own) takes an invalid
/// request.
const VALIDATION_CODES: &[&str] = &[
    "ValidationException",
    "ValidationError",
    "InvalidParameterValue",
    "InvalidParameterValueException",
    "InvalidParameter",
    "InvalidParameterException",
    "InvalidParameterCombination",
    "MissingParameter",
    "MissingRequiredParameter",
    "InvalidInput",
    "InvalidInputException",
    "InvalidArgument",
    "InvalidRequest",
    "InvalidRequestException",
    "BadRequestException",
];

/// The violations of the request, if any (`None` as well for a service or operation the
/// models give no constraints for, or a body that cannot be read).
pub(crate) fn check(service: &str, operation: &str, request: &RecordedRequest) -> Option<Invalid> {
    let model = constraints::service(service)?;
    let op = model.operation(operation)?;
    let mut walk = walk::Walk {
        service: model,
        form: wire::Form::Json,
        found: Vec::new(),
    };
    let rest = model.protocol.starts_with("rest-");
    // A REST body is read only when members of the input are in it: an upload's payload
    // (S3 PutObject) is not.
    let in_body = |members: &[constraints::Member]| {
        members
            .iter()
            .any(|m| matches!(m.location, Location::Body | Location::Payload))
    };
    let body = match model.shape(op.input) {
        Some(Shape::Structure(members)) if rest && !in_body(members) => None,
        _ => wire::body(model.protocol, request),
    };
    if let Some((_, form)) = &body {
        walk.form = *form;
    }
    if rest {
        let Some(Shape::Structure(members)) = model.shape(op.input) else {
            return None;
        };
        let labels = op.uri.and_then(|t| rest::labels(t, request));
        let (top, unread) = rest::rest_input(
            model,
            members,
            request,
            labels.as_deref(),
            body.as_ref().map(|b| &b.0),
        );
        walk.check_with(op.input, &top, walk::Path::Root, 0, &unread);
    } else {
        let (node, _) = body?;
        walk.check(op.input, &node, walk::Path::Root, 0);
    }
    // EC2 tells a missing parameter from a wrong one.
    let missing = walk.found.iter().any(|v| v.value.is_none());
    let code = if model.protocol == "ec2" && missing {
        "MissingParameter"
    } else {
        model.code
    };
    if walk.found.is_empty() {
        return None;
    }
    Some(Invalid {
        code,
        violations: walk.found,
    })
}

/// What the models' constraints say of `value` as the top-level input member `field` (the
/// SDK's field name) of `operation`: the first constraint it breaks, as a message's words
/// (`shorter than the min length 3`); `None` when it breaks none or the models give none.
pub(crate) fn member_violation(
    service: &str,
    operation: &str,
    field: &str,
    value: &str,
) -> Option<String> {
    let model = constraints::service(service)?;
    let op = model.operation(operation)?;
    let Some(Shape::Structure(members)) = model.shape(op.input) else {
        return None;
    };
    let member = members.iter().find(|m| m.field == field)?;
    let mut walk = walk::Walk {
        service: model,
        form: wire::Form::Json,
        found: Vec::new(),
    };
    let node = wire::Node::Scalar(std::borrow::Cow::Borrowed(value));
    walk.check(member.shape, &node, walk::Path::Root, 1);
    walk.found.into_iter().next().map(|v| v.constraint)
}

impl Invalid {
    /// Whether an answer with this error code is the service's answer to the request.
    pub(crate) fn answered_by(&self, code: &str) -> bool {
        code == self.code || VALIDATION_CODES.contains(&code)
    }

    /// One line per violation (`user_name: required, not sent`).
    pub(crate) fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.violations.iter().map(|v| match &v.value {
            Some(value) => format!("{} = {value}: {}", v.path, v.constraint),
            None => format!("{}: {}", v.path, v.constraint),
        })
    }

    /// The failure message of a call that sends this request.
    pub(crate) fn message(&self, call: usize, service: &str, operation: &str) -> String {
        self.message_with(call, service, operation, "")
    }

    /// The failure message, with `source` (lines that say where a refused value came from)
    /// after the violations.
    pub(crate) fn message_with(
        &self,
        call: usize,
        service: &str,
        operation: &str,
        source: &str,
    ) -> String {
        let count = self.violations.len();
        let lines: String = self.lines().map(|l| format!("\n    {l}")).collect();
        format!(
            "{PREFIX}{} sends a request that {service} \
             refuses ({code}, HTTP 400: {count} validation error{s} by the AWS service \
             models):{lines}{source}\n\
             No answer was handed out: a passing test means AWS would accept its calls. Fix \
             the request; or, if the test means to send it, queue the service's answer for it \
             (add_client_error(\"{operation}\", \"{code}\", \"...\")), or chain \
             .accept_invalid_request() on the entry that answers it.",
            crate::message::call(call, service, operation),
            code = self.code,
            s = if count == 1 { "" } else { "s" },
        )
    }
}

/// Whether a response body names one of the error codes of a refused request.
pub(crate) fn names_a_validation_code(body: &str) -> bool {
    VALIDATION_CODES.iter().any(|code| body.contains(code))
}
