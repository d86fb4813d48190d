//! An empty answer: an operation's output with nothing set, without naming its type.
//!
//! The SDK's own deserializer builds it from the emptiest success response of the
//! protocol: `{}` in JSON, an empty CBOR map, and in XML a root element with nothing in it.
//! XML outputs are read from a root of a name only the SDK knows (S3's ListBuckets reads
//! `<ListAllMyBucketsResult>`), so the answer starts with a placeholder root, and the
//! interceptor, which holds the operation's deserializer, asks it which root it expects
//! before the SDK reads the response ([`fit`]).

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::ser_de::{DeserializeResponse, SharedResponseDeserializer};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;

use super::Answer;
use super::protocol::Protocol;
use crate::history::RecordedRequest;

/// The root an XML answer starts with, until the deserializer names the one it reads.
const PLACEHOLDER_ROOT: &str = "AwsStubberEmptyAnswer";
const PLACEHOLDER: &str = "<AwsStubberEmptyAnswer/>";

/// The emptiest success response of the request's protocol.
pub(crate) fn answer(service: &str, request: &RecordedRequest) -> Answer {
    let protocol = Protocol::infer(service, &request.headers, &request.body);
    let (content_type, body): (&str, &[u8]) = match protocol {
        Protocol::RpcV2Cbor => ("application/cbor", &[0xa0]),
        Protocol::AwsJson10 => ("application/x-amz-json-1.0", b"{}"),
        Protocol::AwsJson11 => ("application/x-amz-json-1.1", b"{}"),
        Protocol::RestJson1 => ("application/json", b"{}"),
        Protocol::S3Xml | Protocol::RestXml | Protocol::Ec2Query | Protocol::AwsQuery => {
            ("text/xml", PLACEHOLDER.as_bytes())
        }
    };
    let mut headers = vec![("content-type".to_string(), content_type.to_string())];
    if protocol == Protocol::RpcV2Cbor {
        headers.push(("smithy-protocol".into(), "rpc-v2-cbor".into()));
    }
    Answer::Http {
        status: 200,
        headers,
        body: bytes::Bytes::copy_from_slice(body),
    }
}

/// Gives an empty XML answer the elements the operation's deserializer reads: asks the
/// deserializer (a few times) and takes the names its errors give, a root (`expected
/// ListAllMyBucketsResult but got ..`) or a child it requires (`expected ListUsersResult
/// tag`). A response the deserializer reads as it is (JSON, CBOR, outputs without a body)
/// stays as it is.
pub(crate) fn fit(
    response: &mut HttpResponse,
    deserializer: &SharedResponseDeserializer,
    cfg: &ConfigBag,
) {
    let mut elements: Vec<String> = Vec::new();
    for _ in 0..4 {
        let Some(body) = response.body().bytes().map(<[u8]>::to_vec) else {
            return;
        };
        if !body.starts_with(b"<") {
            return;
        }
        let mut probe = HttpResponse::new(response.status(), SdkBody::from(body));
        for (name, value) in response.headers() {
            probe
                .headers_mut()
                .insert(name.to_string(), value.to_string());
        }
        // A streaming output reads its payload as it is.
        if deserializer
            .deserialize_streaming_with_config(&mut probe, cfg)
            .is_some()
        {
            return;
        }
        let Err(err) = deserializer.deserialize_nonstreaming_with_config(&probe, cfg) else {
            return;
        };
        match expected(&format!("{err:?}")) {
            Some(Expected::Child(child)) if !elements.is_empty() => elements.push(child),
            // Before any root was named, a tag expected is the root (S3's
            // GetBucketLocation reads `<LocationConstraint>` as its root).
            Some(Expected::Root(root) | Expected::Child(root)) => elements = vec![root],
            None => return,
        }
        *response.body_mut() = SdkBody::from(nest(&elements));
    }
}

/// `<a><b/></a>` for `[a, b]`.
fn nest(elements: &[String]) -> String {
    let Some((last, outer)) = elements.split_last() else {
        return String::new();
    };
    let mut xml: String = outer.iter().map(|e| format!("<{e}>")).collect();
    xml.push_str(&format!("<{last}/>"));
    xml.extend(outer.iter().rev().map(|e| format!("</{e}>")));
    xml
}

/// What an XML deserializer's error says it expected.
#[derive(Debug, PartialEq)]
enum Expected {
    /// Another root element.
    Root(String),
    /// A child of the innermost element.
    Child(String),
}

fn expected(error: &str) -> Option<Expected> {
    let after = error.split("expected ").nth(1)?;
    let name: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    if name.is_empty() || name == PLACEHOLDER_ROOT {
        return None;
    }
    Some(if after[name.len()..].starts_with(" tag") {
        Expected::Child(name)
    } else {
        Expected::Root(name)
    })
}

#[cfg(test)]
mod tests {
    use super::{Expected, expected, nest};

    #[test]
    fn the_elements_come_from_the_deserializers_errors() {
        assert_eq!(
            expected(
                "encountered invalid XML root: expected ListAllMyBucketsResult but got \
                 StartEl { name: AwsStubberEmptyAnswer }. This is likely a bug in the SDK."
            ),
            Some(Expected::Root("ListAllMyBucketsResult".into()))
        );
        assert_eq!(
            expected("invalid root, expected ListUsersResponse got StartEl"),
            Some(Expected::Root("ListUsersResponse".into()))
        );
        assert_eq!(
            expected("Custom(\"expected ListUsersResult tag\")"),
            Some(Expected::Child("ListUsersResult".into()))
        );
        assert_eq!(expected("users was not specified but it is required"), None);
        assert_eq!(
            nest(&["A".into(), "B".into(), "C".into()]),
            "<A><B><C/></B></A>"
        );
    }
}
