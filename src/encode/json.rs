//! Outputs in the JSON protocols: awsJson 1.0 and 1.1 (the body) and REST-JSON (headers, the
//! status code, and the body or its payload member).

use serde_json::{Map, Number, Value};

use super::{Writer, Written, base64, blob, field, present, text, timestamp};
use crate::debug_tree::Node;
use crate::models::shapes::Shape;

impl Writer<'_> {
    /// The JSON of a value of `shape`; `None` for an absent one.
    pub(super) fn json(
        &self,
        shape: &str,
        node: &Node,
        path: &str,
    ) -> Result<Option<Value>, String> {
        let Some(node) = present(node) else {
            return Ok(None);
        };
        let shape_ref = self.shape(shape);
        Ok(Some(match shape_ref {
            // A union (`S("x")` of DynamoDB's AttributeValue): the member its variant names.
            Shape::Structure { members, .. } if matches!(node, Node::Tuple { .. }) => {
                let (member, value) = super::variant(members, node, path)?;
                let path = join(path, &member.field);
                let mut object = Map::new();
                if let Some(json) = self.json(member.shape, value, &path)? {
                    object.insert(member.wire.to_string(), json);
                }
                Value::Object(object)
            }
            Shape::Structure { members, .. } => {
                let mut object = Map::new();
                for member in members.iter().filter(|m| m.location.is_empty()) {
                    let Some(value) = field(node, &member.field) else {
                        continue;
                    };
                    let path = join(path, &member.field);
                    if let Some(json) = self.json(member.shape, value, &path)? {
                        object.insert(member.wire.to_string(), json);
                    }
                }
                Value::Object(object)
            }
            Shape::List { member, .. } => {
                let Node::List(items) = node else {
                    return Err(format!("{path}: {node:?} is not a list"));
                };
                let mut array = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let path = format!("{path}[{i}]");
                    array.push(self.json(member, item, &path)?.unwrap_or(Value::Null));
                }
                Value::Array(array)
            }
            Shape::Map { key, value, .. } => {
                let Node::Map(entries) = node else {
                    return Err(format!("{path}: {node:?} is not a map"));
                };
                let mut object = Map::new();
                for (k, v) in entries {
                    let k = text(k, self.shape(key), path)?;
                    let path = format!("{path}[{k:?}]");
                    let v = match v {
                        Some(v) => self.json(value, v, &path)?.unwrap_or(Value::Null),
                        None => Value::Null,
                    };
                    object.insert(k, v);
                }
                Value::Object(object)
            }
            // CBOR: a timestamp is tag 1 over epoch seconds, whatever the models' format.
            Shape::Timestamp(_) | Shape::Scalar("timestamp") if self.cbor => {
                let text = text(node, shape_ref, path)?;
                let seconds =
                    timestamp_json(&timestamp(&text, "unixTimestamp", path)?, "unixTimestamp");
                serde_json::json!({ "$tag": 1, "$value": seconds })
            }
            Shape::Timestamp(format) => {
                let text = text(node, shape_ref, path)?;
                timestamp_json(&timestamp(&text, format, path)?, format)
            }
            Shape::Scalar("timestamp") => {
                let text = text(node, shape_ref, path)?;
                timestamp_json(&timestamp(&text, "unixTimestamp", path)?, "unixTimestamp")
            }
            Shape::Scalar("blob") if self.cbor => {
                serde_json::json!({ "$bytes": base64(&blob(node, path)?) })
            }
            Shape::Scalar("blob") => Value::String(base64(&blob(node, path)?)),
            Shape::Scalar("boolean") => Value::Bool(text(node, shape_ref, path)? == "true"),
            Shape::Scalar("integer" | "long" | "short" | "byte" | "float" | "double") => {
                let value = number(&text(node, shape_ref, path)?, path)?;
                match value {
                    // CBOR has NaN and the infinities as floats.
                    Value::String(special) if self.cbor => serde_json::json!({ "$float": special }),
                    value => value,
                }
            }
            Shape::Scalar(kind @ ("document" | "structure")) => {
                return Err(format!("{path}: a {kind} is not written yet"));
            }
            Shape::Scalar(_) | Shape::Enum(_) | Shape::String => {
                Value::String(text(node, shape_ref, path)?)
            }
        }))
    }

    /// A REST-JSON output: members in headers and the status code, the rest in the body (or
    /// the payload member as the body).
    pub(super) fn rest_json(&self, shape: &str, node: &Node) -> Result<Written, String> {
        let mut written = Written {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: b"{}".to_vec(),
        };
        let Shape::Structure { payload, members } = self.shape(shape) else {
            return Ok(written);
        };
        self.rest_head(members, node, &mut written)?;
        if let Some(payload) = payload {
            let member = members.iter().find(|m| m.name == *payload);
            let value = member.and_then(|m| field(node, &m.field));
            written.body = match (member, value) {
                (Some(m), Some(v)) => match self.payload(m, v)? {
                    Some(raw) => raw,
                    None => {
                        serde_json::to_vec(&self.json(m.shape, v, &m.field)?).unwrap_or_default()
                    }
                },
                _ => Vec::new(),
            };
            return Ok(written);
        }
        let body = self.json(shape, node, "")?.unwrap_or_default();
        written.body = serde_json::to_vec(&body).unwrap_or_default();
        Ok(written)
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// A timestamp in a JSON body: epoch seconds as a number, other formats as strings.
fn timestamp_json(text: &str, format: &str) -> Value {
    if format == "unixTimestamp"
        && let Ok(n) = text.parse::<f64>()
    {
        return Number::from_f64(n).map_or(Value::Null, Value::Number);
    }
    Value::String(text.to_string())
}

/// A number as JSON: an integer, a float, or the strings JSON protocols use for NaN and the
/// infinities.
fn number(text: &str, path: &str) -> Result<Value, String> {
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Value::Number(i.into()));
    }
    match text {
        "NaN" => return Ok(Value::String("NaN".into())),
        "inf" => return Ok(Value::String("Infinity".into())),
        "-inf" => return Ok(Value::String("-Infinity".into())),
        _ => {}
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| format!("{path}: {text:?} is not a number"))
}
