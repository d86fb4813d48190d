//! What the listener writes back for a request: an answer's bytes, a closed connection, or
//! nothing at all.

use aws_smithy_types::body::SdkBody;

use crate::error::StubError;
use crate::history::RecordedRequest;
use crate::respond::{Answer, ClientError, Fault, Response};

/// The error code of the answer to a call the stubber failed (the message says why).
pub(crate) const FAILURE_CODE: &str = "AwsStubberFailure";

/// What the listener writes back.
pub(crate) enum Reply {
    Http {
        status: u16,
        headers: Vec<(String, String)>,
        body: SdkBody,
    },
    /// Close the connection without an answer.
    Drop,
    /// Never answer (a stubbed timeout, a hung sweep run): the client gives up, or the
    /// guard's drop closes the connection.
    Hang,
}

/// The reply for an answer (typed answers are written before they get here).
pub(crate) fn reply(answer: Answer) -> Reply {
    match answer {
        Answer::Http {
            status,
            headers,
            body,
        } => Reply::Http {
            status,
            headers,
            body: SdkBody::from(body),
        },
        Answer::Stream { headers, parts } => {
            let mut all = vec![(
                "content-type".to_string(),
                crate::respond::EVENT_STREAM.to_string(),
            )];
            all.extend(headers);
            Reply::Http {
                status: 200,
                headers: all,
                body: SdkBody::from_body_1_x(crate::respond::FrameBody::new(parts)),
            }
        }
        Answer::Fault(Fault::Timeout) => Reply::Hang,
        Answer::Fault(Fault::ConnectionRefused | Fault::ConnectionReset) | Answer::Typed => {
            Reply::Drop
        }
    }
}

/// The answer to a call the stubber failed: an error in the service's protocol that names
/// the failure, with status 400 so that no SDK retries it.
pub(crate) fn failure_reply(service: &str, request: &RecordedRequest, err: &StubError) -> Reply {
    let error = ClientError::new(FAILURE_CODE)
        .message(err.message())
        .status(400);
    reply(Response::Client(error).into_answer(service, request).0)
}
