//! The wire protocols of AWS services, and the error responses they send.
//!
//! A client error queued by code, message and status is written as the error response the
//! real service would send, so the SDK's own deserializer turns it into the modeled error
//! (`is_no_such_key()`, `code() == Some("InvalidInstanceID.NotFound")`, ...).

use quick_xml::escape::escape;

/// An AWS wire protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum Protocol {
    /// S3's REST-XML: errors are a bare `<Error>` element.
    S3Xml,
    /// REST-XML (Route 53, CloudFront): errors wrapped in `<ErrorResponse>`.
    RestXml,
    /// EC2's query protocol: `<Response><Errors><Error>`.
    Ec2Query,
    /// The AWS query protocol (IAM, RDS, Auto Scaling, STS, ...).
    AwsQuery,
    /// AWS JSON 1.0 (DynamoDB, ...).
    AwsJson10,
    /// AWS JSON 1.1 (Pricing, ...).
    AwsJson11,
    /// REST-JSON (Lambda, SSO, ...).
    RestJson1,
    /// Smithy RPC v2 CBOR (CloudWatch, ...).
    RpcV2Cbor,
}

impl Protocol {
    /// Infers the protocol from a serialized request and the operation's service name.
    pub(crate) fn infer(service: &str, headers: &[(String, String)], body: &[u8]) -> Protocol {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let content_type = header("content-type").unwrap_or("");
        if header("smithy-protocol").is_some_and(|p| p.eq_ignore_ascii_case("rpc-v2-cbor"))
            || content_type.starts_with("application/cbor")
        {
            return Protocol::RpcV2Cbor;
        }
        if header("x-amz-target").is_some() || content_type.starts_with("application/x-amz-json") {
            return if content_type.contains("1.0") {
                Protocol::AwsJson10
            } else {
                Protocol::AwsJson11
            };
        }
        if content_type.starts_with("application/x-www-form-urlencoded")
            && (body.starts_with(b"Action=") || contains(body, b"&Action="))
        {
            return if service.eq_ignore_ascii_case("EC2") {
                Protocol::Ec2Query
            } else {
                Protocol::AwsQuery
            };
        }
        match service {
            "S3" | "S3 Control" => Protocol::S3Xml,
            "Route 53" | "CloudFront" => Protocol::RestXml,
            _ => Protocol::RestJson1,
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A synthesized error response.
pub(crate) struct ErrorResponse {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

pub(crate) struct ErrorParts<'a> {
    pub(crate) code: &'a str,
    pub(crate) message: &'a str,
    pub(crate) status: u16,
    pub(crate) request_id: &'a str,
    pub(crate) fields: &'a [(String, String)],
    pub(crate) head_request: bool,
}

/// Writes the error body and headers a service of `protocol` sends for `parts`.
pub(crate) fn error_response(protocol: Protocol, parts: &ErrorParts<'_>) -> ErrorResponse {
    let e = |s: &str| escape(s).into_owned();
    let fields: String = parts
        .fields
        .iter()
        .map(|(k, v)| format!("<{k}>{}</{k}>", e(v)))
        .collect();
    let fault = if parts.status >= 500 {
        "Receiver"
    } else {
        "Sender"
    };
    let xml = |body: String| ErrorResponse {
        headers: vec![
            ("content-type".into(), "text/xml".into()),
            ("x-amzn-requestid".into(), parts.request_id.into()),
        ],
        body: body.into_bytes(),
    };
    match protocol {
        Protocol::S3Xml => s3_error(parts, &fields),
        Protocol::RestXml | Protocol::AwsQuery => xml(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Type>{fault}</Type><Code>{}</Code><Message>{}</Message>{fields}</Error><RequestId>{}</RequestId></ErrorResponse>",
            e(parts.code),
            e(parts.message),
            e(parts.request_id)
        )),
        Protocol::Ec2Query => xml(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{}</Code><Message>{}</Message>{fields}</Error></Errors><RequestID>{}</RequestID></Response>",
            e(parts.code),
            e(parts.message),
            e(parts.request_id)
        )),
        Protocol::AwsJson10 | Protocol::AwsJson11 | Protocol::RestJson1 => {
            json_error(protocol, parts)
        }
        Protocol::RpcV2Cbor => cbor_error(parts),
    }
}

/// S3's error: its own XML, with the request id and host id headers; no body for HEAD.
fn s3_error(parts: &ErrorParts<'_>, fields: &str) -> ErrorResponse {
    let e = |s: &str| escape(s).into_owned();
    let mut headers = vec![
        ("content-type".into(), "application/xml".into()),
        ("x-amz-request-id".into(), parts.request_id.into()),
        ("x-amz-id-2".into(), "aws-stubber-host-id".into()),
    ];
    // S3 answers HEAD requests without a body; the SDK maps the status alone.
    let body = if parts.head_request {
        headers.truncate(1);
        headers[0] = ("x-amz-request-id".into(), parts.request_id.into());
        Vec::new()
    } else {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>{fields}<RequestId>{}</RequestId><HostId>aws-stubber-host-id</HostId></Error>",
            e(parts.code),
            e(parts.message),
            e(parts.request_id)
        )
        .into_bytes()
    };
    ErrorResponse { headers, body }
}

/// The `x-amzn-query-error` header (`code;Sender`): services that moved from the query
/// protocol to JSON or CBOR (SQS, CloudWatch) send their query error code in it, and their
/// SDK crates match the modeled error on it. Other SDK crates ignore it.
fn query_error_header(parts: &ErrorParts<'_>) -> (String, String) {
    let fault = if parts.status >= 500 {
        "Receiver"
    } else {
        "Sender"
    };
    (
        "x-amzn-query-error".into(),
        format!("{};{fault}", parts.code),
    )
}

/// The rpcv2Cbor error: a CBOR map with `__type`, `message` and the extra fields.
fn cbor_error(parts: &ErrorParts<'_>) -> ErrorResponse {
    let mut encoder = aws_smithy_cbor::Encoder::new(Vec::new());
    encoder.map(2 + parts.fields.len());
    encoder.str("__type").str(parts.code);
    encoder.str("message").str(parts.message);
    for (k, v) in parts.fields {
        encoder.str(k).str(v);
    }
    ErrorResponse {
        headers: vec![
            ("content-type".into(), "application/cbor".into()),
            ("smithy-protocol".into(), "rpc-v2-cbor".into()),
            ("x-amzn-requestid".into(), parts.request_id.into()),
            query_error_header(parts),
        ],
        body: encoder.into_writer(),
    }
}

/// The JSON protocols' error: `__type` and `message` in the body, the code in a header too.
fn json_error(protocol: Protocol, parts: &ErrorParts<'_>) -> ErrorResponse {
    let mut body = serde_json::Map::new();
    body.insert("__type".into(), parts.code.into());
    body.insert("message".into(), parts.message.into());
    for (k, v) in parts.fields {
        body.insert(k.clone(), v.as_str().into());
    }
    let content_type = match protocol {
        Protocol::AwsJson10 => "application/x-amz-json-1.0",
        Protocol::AwsJson11 => "application/x-amz-json-1.1",
        _ => "application/json",
    };
    ErrorResponse {
        headers: vec![
            ("content-type".into(), content_type.into()),
            ("x-amzn-errortype".into(), parts.code.into()),
            ("x-amzn-requestid".into(), parts.request_id.into()),
            query_error_header(parts),
        ],
        body: serde_json::Value::Object(body).to_string().into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn infers_protocols_from_requests() {
        let form = h(&[("content-type", "application/x-www-form-urlencoded")]);
        assert_eq!(
            Protocol::infer("EC2", &form, b"Action=DescribeInstances&Version=1"),
            Protocol::Ec2Query
        );
        assert_eq!(
            Protocol::infer("IAM", &form, b"Action=GetUser"),
            Protocol::AwsQuery
        );
        let json = h(&[
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", "P.GetProducts"),
        ]);
        assert_eq!(
            Protocol::infer("Pricing", &json, b"{}"),
            Protocol::AwsJson11
        );
        let json10 = h(&[
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", "D.GetItem"),
        ]);
        assert_eq!(
            Protocol::infer("DynamoDB", &json10, b"{}"),
            Protocol::AwsJson10
        );
        let cbor = h(&[
            ("content-type", "application/cbor"),
            ("smithy-protocol", "rpc-v2-cbor"),
        ]);
        assert_eq!(
            Protocol::infer("CloudWatch", &cbor, b"\xa0"),
            Protocol::RpcV2Cbor
        );
        assert_eq!(Protocol::infer("S3", &[], b""), Protocol::S3Xml);
        assert_eq!(Protocol::infer("Route 53", &[], b""), Protocol::RestXml);
        assert_eq!(Protocol::infer("Lambda", &[], b""), Protocol::RestJson1);
    }

    #[test]
    fn escapes_xml_and_merges_fields() {
        let fields = h(&[("BucketName", "a<b")]);
        let r = error_response(
            Protocol::S3Xml,
            &ErrorParts {
                code: "NoSuchBucket",
                message: "x & y",
                status: 404,
                request_id: "rid",
                fields: &fields,
                head_request: false,
            },
        );
        let body = String::from_utf8(r.body).unwrap();
        assert!(
            body.contains("<Message>x &amp; y</Message><BucketName>a&lt;b</BucketName>"),
            "{body}"
        );
    }
}
