//! What the REST protocols' outputs share: members in the status line and headers, and a
//! payload member written as the whole body.

use super::{Writer, Written, blob, byte_string, field, in_memory, shapes, text, timestamp};
use crate::debug_tree::Node;
use crate::models::shapes::Shape;

impl Writer<'_> {
    /// The members of a REST output that go in the status line and headers.
    pub(super) fn rest_head(
        &self,
        members: &[shapes::Member],
        node: &Node,
        written: &mut Written,
    ) -> Result<(), String> {
        for member in members {
            let Some(value) = field(node, &member.field) else {
                continue;
            };
            let target = self.shape(member.shape);
            let path = &member.field;
            match member.location {
                "statusCode" => {
                    let status = text(value, target, path)?;
                    written.status = status.parse().map_err(|_| {
                        format!("{path}: the status code {status:?} is not a number")
                    })?;
                }
                "header" => {
                    let value = match target {
                        Shape::Timestamp(format) => {
                            timestamp(&text(value, target, path)?, format, path)?
                        }
                        Shape::Scalar("timestamp") => {
                            timestamp(&text(value, target, path)?, "rfc822", path)?
                        }
                        Shape::List { member, .. } => {
                            let Node::List(items) = value else {
                                return Err(format!("{path}: {value:?} is not a list"));
                            };
                            let shape = self.shape(member);
                            let items: Result<Vec<_>, _> =
                                items.iter().map(|i| text(i, shape, path)).collect();
                            items?.join(", ")
                        }
                        _ => text(value, target, path)?,
                    };
                    // A member's header replaces the default (`Content-Type`).
                    let name = member.wire.to_ascii_lowercase();
                    written.headers.retain(|(k, _)| *k != name);
                    written.headers.push((name, value));
                }
                "headers" => {
                    let Node::Map(entries) = value else {
                        return Err(format!("{path}: {value:?} is not a map"));
                    };
                    for (k, v) in entries {
                        let k = text(k, &Shape::String, path)?;
                        let v = v.as_ref().map(|v| text(v, &Shape::String, path));
                        let name = format!("{}{}", member.wire, k).to_ascii_lowercase();
                        written
                            .headers
                            .push((name, v.transpose()?.unwrap_or_default()));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The body of a REST output whose payload member is a blob or a string, as is; `None`
    /// for a structure (written in the protocol's document format).
    pub(super) fn payload(
        &self,
        member: &shapes::Member,
        value: &Node,
    ) -> Result<Option<Vec<u8>>, String> {
        Ok(match self.shape(member.shape) {
            Shape::Scalar("blob") => Some(match value {
                Node::Struct { name, .. } if name == "Blob" => blob(value, &member.field)?,
                // A `ByteStream` prints an in-memory body (`Once(Some(b"..."))`), not a
                // streaming one (`BoxBody`).
                _ => in_memory(value).map(byte_string).ok_or_else(|| {
                    format!(
                        "{}: a streaming body (read from a file or a stream) cannot be read from \
                         the output's Debug; queue the body as bytes (ByteStream::from(..))",
                        member.field
                    )
                })?,
            }),
            Shape::Structure { .. } | Shape::List { .. } | Shape::Map { .. } => None,
            other => Some(text(value, other, &member.field)?.into_bytes()),
        })
    }
}
