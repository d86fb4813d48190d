//! Typed outputs written on the wire, from the models: an output's `Debug` text read back as
//! a tree (`debug_tree`) and written shape by shape (`models/outputs.rs`) in the service's
//! protocol, as the service would send it. JSON and REST-JSON in `json.rs`; the query and EC2
//! protocols in `xml.rs`. REST-XML and rpcv2Cbor are not written yet.
//!
//! What the SDK's `Debug` does not show cannot be written: a member it redacts as sensitive
//! is refused, with the member's path.

mod json;
mod xml;

use base64::Engine;

use crate::debug_tree::Node;
use crate::models::outputs::{self, Service, Shape};

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
    let Some(models) = outputs::service(service) else {
        return Err(format!(
            "{service} answers in a protocol whose outputs the stubber does not write on the \
             wire yet (REST-XML or CBOR)"
        ));
    };
    let Some(op) = models.operation(operation) else {
        return Err(format!(
            "the models name no output for {service} {operation}"
        ));
    };
    let tree = Node::parse(debug);
    let writer = Writer { models };
    match models.protocol {
        "json" => {
            let body = writer.json(op.shape, &tree, "")?.unwrap_or_default();
            let content_type = json_type.unwrap_or("application/x-amz-json-1.1");
            Ok(Written {
                status: 200,
                headers: vec![("content-type".into(), content_type.into())],
                body: serde_json::to_vec(&body).unwrap_or_default(),
            })
        }
        "rest-json" => writer.rest_json(op.shape, &tree),
        "query" | "ec2" => Ok(Written {
            status: 200,
            headers: vec![("content-type".into(), "text/xml".into())],
            body: writer.query(operation, op, &tree)?.into_bytes(),
        }),
        other => Err(format!("{service}'s protocol {other} is not written yet")),
    }
}

struct Writer {
    models: &'static Service,
}

impl Writer {
    fn shape(&self, name: &str) -> &'static Shape {
        self.models.shape(name)
    }
}

/// The value inside `Some(..)`; `None` for `None`.
fn present(node: &Node) -> Option<&Node> {
    match node {
        Node::Atom(a) if a == "None" => None,
        Node::Tuple { name, items } if name == "Some" && items.len() == 1 => Some(&items[0]),
        other => Some(other),
    }
}

/// The value, unless the SDK's `Debug` hid it (a sensitive member, or a structure that holds
/// one, printed as one redacted string).
fn shown<'n>(node: &'n Node, path: &str) -> Result<&'n Node, String> {
    match node {
        Node::Str(s) if unescape(s) == REDACTED => Err(format!(
            "{path} is hidden by the SDK's Debug (a sensitive member), so its value cannot be \
             written"
        )),
        _ => Ok(node),
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
    members: &'m [outputs::Member],
    node: &'n Node,
    path: &str,
) -> Result<(&'m outputs::Member, &'n Node), String> {
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
    shown(&Node::Str(format!("{raw:?}")), path)?;
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
    fn a_member_the_sdk_redacts_is_refused_with_its_path() {
        let node = Node::Str(format!("{REDACTED:?}"));
        let err = text(&node, &Shape::String, "credentials.secret_access_key").unwrap_err();
        assert_eq!(
            err,
            "credentials.secret_access_key is hidden by the SDK's Debug (a sensitive member), so \
             its value cannot be written"
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
