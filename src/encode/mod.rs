//! Typed outputs written on the wire, from the models: an output's `Debug` text read back as
//! a tree (`debug_tree`) and written shape by shape (`models/shapes.rs`) in the service's
//! protocol, as the service would send it. JSON, REST-JSON and rpcv2Cbor (as the JSON form
//! `cbor.rs` writes) in `json.rs`; the query, EC2 and REST-XML protocols in `xml.rs`.
//!
//! What the SDK's `Debug` does not show cannot be written: a member it redacts as sensitive
//! (it prints the same text whether the member is set or not) is left out.

mod json;
mod rest;
mod xml;

use base64::Engine;

use crate::debug_tree::Node;
use crate::models::shapes::{self, Service, Shape};

/// An output as the service sends it.
#[derive(Debug)]
pub(crate) struct Written {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

/// The request id written into answers that carry one in their body.
const REQUEST_ID: &str = "aws-stubber-request-id";

/// Writes the output whose `Debug` text is `debug` as `service` answers `operation`;
/// `json_type` is the content type of an awsJson request (`application/x-amz-json-1.0`).
pub(crate) fn write(
    service: &str,
    operation: &str,
    json_type: Option<&str>,
    debug: &str,
) -> Result<Written, String> {
    let Some(models) = shapes::service(service) else {
        return Err(format!("{service} is not in the models' shapes table"));
    };
    let Some(op) = models
        .operation(operation)
        .filter(|op| !op.shape.is_empty())
    else {
        return Err(format!(
            "the models name no output for {service} {operation}"
        ));
    };
    let tree = Node::parse(debug);
    // A service of both RPC protocols answers in the one the request came in.
    let cbor = crate::cbor::is_cbor(json_type)
        || (json_type.is_none() && models.protocol == "smithy-rpc-v2-cbor");
    // The output's own request ids (an output recorded or built with `request_id`), else the
    // stubber's.
    let id = |name: &str| match field(&tree, name) {
        Some(Node::Str(quoted)) => Some(unescape(quoted)),
        _ => None,
    };
    let (request_id, extended_id) = (id("_request_id"), id("_extended_request_id"));
    let writer = Writer {
        models,
        cbor,
        request_id: request_id.as_deref().unwrap_or(REQUEST_ID),
    };
    let mut written = match models.protocol {
        "json" | "smithy-rpc-v2-cbor" if cbor => {
            let body = writer.json(op.shape, &tree, "")?.unwrap_or_default();
            Ok(Written {
                status: 200,
                headers: vec![
                    ("content-type".into(), "application/cbor".into()),
                    ("smithy-protocol".into(), "rpc-v2-cbor".into()),
                ],
                body: crate::cbor::from_json(&body)?,
            })
        }
        "json" | "smithy-rpc-v2-cbor" => {
            let body = writer.json(op.shape, &tree, "")?.unwrap_or_default();
            let content_type = json_type.unwrap_or("application/x-amz-json-1.1");
            Ok(Written {
                status: 200,
                headers: vec![("content-type".into(), content_type.into())],
                body: serde_json::to_vec(&body).unwrap_or_default(),
            })
        }
        "rest-json" => writer.rest_json(op.shape, &tree),
        "rest-xml" => writer.rest_xml(operation, op, &tree),
        "query" | "ec2" => Ok(Written {
            status: 200,
            headers: vec![("content-type".into(), "text/xml".into())],
            body: writer.query(operation, op, &tree)?.into_bytes(),
        }),
        other => Err(format!("{service}'s protocol {other} is not written yet")),
    }?;
    // Where each protocol's SDK reads the request ids from: headers (the query protocols
    // read theirs from the body).
    let headers: &[(&str, Option<String>)] = match models.protocol {
        "rest-xml" => &[
            ("x-amz-request-id", request_id),
            ("x-amz-id-2", extended_id),
        ],
        "query" | "ec2" => &[],
        _ => &[("x-amzn-requestid", request_id)],
    };
    for (name, value) in headers {
        if let Some(value) = value {
            written.headers.push((name.to_string(), value.clone()));
        }
    }
    Ok(written)
}

struct Writer<'a> {
    models: &'static Service,
    /// The request id a query protocol's body carries.
    request_id: &'a str,
    /// JSON values in the form `cbor::from_json` writes as CBOR (blobs as byte strings,
    /// timestamps as tag 1).
    cbor: bool,
}

impl Writer<'_> {
    fn shape(&self, name: &str) -> &'static Shape {
        self.models.shape(name)
    }
}

/// The value inside `Some(..)`; `None` for `None`, and for what the SDK's `Debug` hides as
/// sensitive (it prints the same text whether the member is set or not, so the member is
/// left out: it reaches the code as absent).
fn present(node: &Node) -> Option<&Node> {
    match node {
        Node::Atom(a) if a == "None" => None,
        Node::Str(s) if unescape(s) == REDACTED => None,
        Node::Tuple { name, items } if name == "Some" && items.len() == 1 => Some(&items[0]),
        other => Some(other),
    }
}

/// A structure's field, when present.
fn field<'n>(node: &'n Node, name: &str) -> Option<&'n Node> {
    let Node::Struct { fields, .. } = node else {
        return None;
    };
    fields
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| present(v))
}

/// The member a union's variant names (`S("x")` -> member `S`, `Null(true)` -> `NULL`), and
/// its value.
fn variant<'m, 'n>(
    members: &'m [shapes::Member],
    node: &'n Node,
    path: &str,
) -> Result<(&'m shapes::Member, &'n Node), String> {
    let Node::Tuple { name, items } = node else {
        return Err(format!("{path}: {node:?} is not a union's variant"));
    };
    let member = members
        .iter()
        .find(|m| normalize(m.name) == normalize(name))
        .ok_or_else(|| format!("{path}: the union has no member {name}"))?;
    let value = items
        .first()
        .ok_or_else(|| format!("{path}: the variant {name} holds no value"))?;
    Ok((member, value))
}

/// What the SDK prints for a sensitive member.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The text of a string (its `Debug` quotes and escapes undone), an enum (the model's value
/// its variant names) or any other scalar as printed.
fn text(node: &Node, shape: &Shape, path: &str) -> Result<String, String> {
    let raw = match node {
        Node::Str(s) => unescape(s),
        Node::Atom(a) => a.clone(),
        // `Unknown(UnknownVariantValue("x"))`: a value the SDK does not know, sent as is.
        Node::Tuple { name, items } if name == "Unknown" => match items.first() {
            Some(Node::Tuple { items, .. }) if !items.is_empty() => {
                text(&items[0], &Shape::String, path)?
            }
            _ => return Err(format!("{path}: an unknown enum value without its text")),
        },
        other => return Err(format!("{path}: {other:?} is not a scalar")),
    };
    Ok(match (shape, node) {
        (Shape::Enum(values), Node::Atom(variant)) => {
            let want = normalize(variant);
            values
                .iter()
                .find(|v| normalize(v) == want)
                .map_or(raw, |v| v.to_string())
        }
        _ => raw,
    })
}

/// Letters and digits, lowercase: an enum value (`t3.micro`) as its variant (`T3Micro`) reads.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A Rust string literal as `Debug` prints it, back to its text.
fn unescape(quoted: &str) -> String {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(quoted);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                if let Some(c) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The bytes an in-memory `SdkBody` prints (`Once(Some(b"..."))`), as printed.
fn in_memory(node: &Node) -> Option<&str> {
    match node {
        Node::Tuple { name, items } if name == "Once" => match items.as_slice() {
            [Node::Tuple { name, items }] if name == "Some" => match items.as_slice() {
                [Node::Str(bytes)] => Some(bytes),
                _ => None,
            },
            _ => None,
        },
        Node::Tuple { items, .. } | Node::List(items) => items.iter().find_map(in_memory),
        Node::Struct { fields, .. } => fields.iter().find_map(|(_, v)| in_memory(v)),
        _ => None,
    }
}

/// A byte string literal as `Debug` prints it (`b"a\x00\n"`), back to its bytes.
fn byte_string(printed: &str) -> Vec<u8> {
    let inner = printed
        .strip_prefix("b\"")
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(printed);
    let bytes = inner.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 == bytes.len() {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let (byte, width) = match bytes[i + 1] {
            b'n' => (b'\n', 2),
            b'r' => (b'\r', 2),
            b't' => (b'\t', 2),
            b'0' => (0, 2),
            b'x' => {
                let hex = inner.get(i + 2..i + 4).unwrap_or("");
                (u8::from_str_radix(hex, 16).unwrap_or(b'?'), 4)
            }
            other => (other, 2),
        };
        out.push(byte);
        i += width;
    }
    out
}

/// A blob's bytes from its `Debug` (`Blob { inner: 68690a }`, lowercase hex).
fn blob(node: &Node, path: &str) -> Result<Vec<u8>, String> {
    let hex = match field(node, "inner") {
        Some(Node::Atom(hex)) => hex.clone(),
        _ => return Err(format!("{path}: {node:?} is not a blob")),
    };
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{path}: a blob's hex {hex:?} does not read"))
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A timestamp (its `Debug` is RFC 3339) in a wire format: `iso8601`, `rfc822` (HTTP date),
/// or `unixTimestamp` (epoch seconds, as a number's text).
fn timestamp(text: &str, format: &str, path: &str) -> Result<String, String> {
    use aws_smithy_types::date_time::{DateTime, Format};
    let parsed = DateTime::from_str(text, Format::DateTime)
        .or_else(|_| DateTime::from_str(text, Format::EpochSeconds))
        .map_err(|e| format!("{path}: the timestamp {text:?} does not read: {e}"))?;
    let wire = match format {
        "unixTimestamp" => Format::EpochSeconds,
        "rfc822" => Format::HttpDate,
        _ => Format::DateTime,
    };
    parsed
        .fmt(wire)
        .map_err(|e| format!("{path}: the timestamp {text:?} cannot be written: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_read_back_from_their_debug_text() {
        assert_eq!(unescape(r#""a \"b\"\n\\ \u{e9}""#), "a \"b\"\n\\ \u{e9}");
    }

    #[test]
    fn a_member_the_sdk_redacts_is_left_out() {
        let node = Node::parse(&format!(
            "Out {{ secret: {REDACTED:?}, name: Some(\"a\") }}"
        ));
        assert!(field(&node, "secret").is_none());
        assert_eq!(field(&node, "name"), Some(&Node::Str("\"a\"".into())));
    }

    #[test]
    fn an_in_memory_body_is_read_from_its_debug_text() {
        let body = aws_smithy_types::byte_stream::ByteStream::from(b"a\x00\n\"\\\xff".to_vec());
        let node = Node::parse(&format!("Out {{ body: {body:?} }}"));
        assert_eq!(
            in_memory(&node).map(byte_string),
            Some(b"a\x00\n\"\\\xff".to_vec())
        );
    }

    #[test]
    fn an_enum_variant_is_written_as_the_models_value() {
        let shape = Shape::Enum(vec!["t3.micro", "shutting-down"]);
        let variant = |v: &str| text(&Node::Atom(v.into()), &shape, "x").unwrap();
        assert_eq!(variant("T3Micro"), "t3.micro");
        assert_eq!(variant("ShuttingDown"), "shutting-down");
    }
}
