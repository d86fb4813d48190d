//! Scalars on the wire as the SDK's `Debug` prints them: strings quoted, enums by variant,
//! numbers, timestamps (`DateTime`'s text), blobs (`Blob { inner: <hex> }`) and streamed
//! bodies (a `ByteStream` of the bytes).

use aws_smithy_types::date_time::{DateTime, Format};
use base64::Engine;

use crate::debug_tree::Node;
use crate::models::shapes::Shape;
use crate::validate::wire::Node as Wire;

/// The scalar `node` of shape `name` (`shape`).
pub(super) fn value(name: &str, shape: &Shape, node: &Wire<'_>) -> Result<Node, String> {
    let text = match node {
        Wire::Scalar(text) => &**text,
        Wire::Bytes(bytes) => return Ok(blob(bytes)),
        Wire::Null => return Ok(super::none()),
        // A tagged CBOR value (a timestamp: tag 1 over epoch seconds).
        Wire::Object(_) if node.children("$value").next().is_some() => {
            let tagged = node.children("$value").next().unwrap_or(node);
            return value(name, shape, tagged);
        }
        other => {
            return Err(format!(
                "{name} is a scalar, but the request holds {other:?} in its place"
            ));
        }
    };
    Ok(match shape {
        Shape::Enum(values) if values.contains(&text) => Node::Atom(super::pascal(text)),
        Shape::Enum(_) => Node::Tuple {
            name: "Unknown".into(),
            items: vec![Node::Tuple {
                name: "UnknownVariantValue".into(),
                items: vec![Node::Str(format!("{text:?}"))],
            }],
        },
        Shape::Timestamp(_) | Shape::Scalar("timestamp") => Node::Atom(timestamp(text)?),
        Shape::Scalar("blob") => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .map_err(|e| format!("{name}: the blob {text:?} is not base64: {e}"))?;
            blob(&bytes)
        }
        Shape::Scalar("float") => Node::Atom(number::<f32>(name, text)?),
        Shape::Scalar("double") => Node::Atom(number::<f64>(name, text)?),
        Shape::Scalar("boolean" | "integer" | "long" | "short" | "byte" | "bigInteger") => {
            Node::Atom(text.to_string())
        }
        _ => Node::Str(format!("{text:?}")),
    })
}

/// A floating-point number as `Debug` prints it (`1.0`, `NaN`).
fn number<F: std::str::FromStr + std::fmt::Debug>(
    name: &str,
    text: &str,
) -> Result<String, String> {
    let text = match text {
        "Infinity" => "inf",
        "-Infinity" => "-inf",
        other => other,
    };
    text.parse::<F>()
        .map(|n| format!("{n:?}"))
        .map_err(|_| format!("{name}: {text:?} is not a number"))
}

/// A timestamp in any of the wire's formats, as `DateTime` prints it.
fn timestamp(text: &str) -> Result<String, String> {
    [Format::DateTime, Format::EpochSeconds, Format::HttpDate]
        .into_iter()
        .find_map(|format| DateTime::from_str(text.trim(), format).ok())
        .map(|t| t.to_string())
        .ok_or_else(|| format!("the timestamp {text:?} is in no format of the wire"))
}

/// A blob as `Debug` prints it.
pub(super) fn blob(bytes: &[u8]) -> Node {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Node::Struct {
        name: "Blob".into(),
        fields: vec![("inner".into(), Node::Atom(hex))],
        rest: false,
    }
}

/// A streamed body as the `Debug` of a `ByteStream` of its bytes prints it.
pub(super) fn byte_stream(bytes: &bytes::Bytes) -> Node {
    let stream = aws_smithy_types::byte_stream::ByteStream::from(bytes.clone());
    Node::parse(&format!("{stream:?}"))
}
