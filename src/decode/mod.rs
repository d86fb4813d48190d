//! Requests read back into the inputs the SDK sent: a request as it reached a stubber at an
//! address, read member by member against the operation's input shape (`models/shapes.rs`)
//! into the tree the input's `Debug` text gives in process (`debug_tree`), so that input
//! expectations, page checks and the history work on served calls as they do in process.
//!
//! The tree is what the request carried: members the SDK fills on its own (a content length,
//! a checksum, an idempotency token) are there as sent; members the SDK redacts are redacted.
//! A served call reads it on first use only (`CallInput::read_later`): most calls never need
//! it, and a large upload's body is not free to print.

mod members;
mod scalar;

use crate::debug_tree::Node;
use crate::history::RecordedRequest;
use crate::models::shapes::{self, Member, Service, Shape};
use crate::validate::wire::{self, Form, Node as Wire};

/// The typed input of `operation` that `request` carries, as its `Debug` tree.
pub(crate) fn input(
    service: &str,
    operation: &str,
    request: &RecordedRequest,
) -> Result<Node, String> {
    let models = shapes::service(service).ok_or_else(|| {
        format!("{service}'s protocol is not one the models' shapes table covers")
    })?;
    let op = models
        .operation(operation)
        .ok_or_else(|| format!("the models name no operation {operation} of {service}"))?;
    let name = format!("{}Input", pascal(operation));
    if op.input.is_empty() {
        return Ok(Node::Struct {
            name,
            fields: Vec::new(),
            rest: false,
        });
    }
    let content_type = request.header_values("content-type").first().copied();
    let protocol = if crate::cbor::is_cbor(content_type) {
        "smithy-rpc-v2-cbor"
    } else {
        models.protocol
    };
    let Shape::Structure { payload, members } = models.shape(op.input) else {
        return Err(format!("{}'s input shape is no structure", op.input));
    };
    // A blob or string payload is the body's bytes, not a document.
    let raw_payload = payload.is_some_and(|p| {
        members.iter().any(|m| {
            m.name == p
                && !matches!(
                    models.shape(m.shape),
                    Shape::Structure { .. } | Shape::List { .. } | Shape::Map { .. }
                )
        })
    });
    let (body, form) = if raw_payload {
        (Wire::Object(Vec::new()), Form::Json)
    } else {
        wire::body(protocol, request)
            .ok_or_else(|| format!("the body of the request does not read as {protocol}"))?
    };
    let reader = Reader {
        models,
        form,
        ec2: protocol == "ec2",
        xml: protocol == "rest-xml",
    };
    let fields = if matches!(protocol, "rest-json" | "rest-xml") {
        let located = members::Located::new(service, operation, request, members)?;
        members
            .iter()
            .map(|m| {
                let value = match m.location {
                    "" if payload.is_some_and(|p| p == m.name) => {
                        reader.payload(m, &body, request)?
                    }
                    // With a payload member, the body is that member's alone.
                    "" if payload.is_some() => None,
                    "" => reader.member(m, &body)?,
                    _ => located.member(&reader, m)?,
                };
                Ok((m.field.clone(), reader.field(m, value)))
            })
            .collect::<Result<Vec<_>, String>>()?
    } else {
        reader.fields(members, &body)?
    };
    Ok(Node::Struct {
        name,
        fields,
        rest: false,
    })
}

/// Reads wire values by their shapes.
#[derive(Clone, Copy)]
struct Reader {
    models: &'static Service,
    form: Form,
    /// EC2's query names members by their query names (`Filter` for `Filters`).
    ec2: bool,
    /// REST-XML: a flattened list's items are the structure's children of its name.
    xml: bool,
}

impl Reader {
    /// A structure's members found in `node`, each as its field (`None` when not sent).
    fn fields(&self, members: &[Member], node: &Wire<'_>) -> Result<Vec<(String, Node)>, String> {
        members
            .iter()
            .map(|m| Ok((m.field.clone(), self.field(m, self.member(m, node)?))))
            .collect()
    }

    /// A member's field as the SDK's `Debug` prints it: `Some(value)`, `None`, or the
    /// redaction of a sensitive member, which it prints whether the member is set or not.
    fn field(&self, m: &Member, value: Option<Node>) -> Node {
        if self.models.is_sensitive(m.shape) {
            return Node::Str(crate::debug_tree::REDACTED.to_string());
        }
        optional(value)
    }

    /// One member of a structure on the wire, if sent.
    fn member(&self, m: &Member, node: &Wire<'_>) -> Result<Option<Node>, String> {
        let name = if self.ec2 { m.query.as_str() } else { m.wire };
        let found: Vec<&Wire<'_>> = node.children(name).collect();
        let Some(first) = found.first() else {
            return Ok(None);
        };
        match self.models.shape(m.shape) {
            // A flattened XML list: each child of the member's name is an item.
            Shape::List {
                member, flattened, ..
            } if self.xml && *flattened => {
                let items = found
                    .iter()
                    .map(|item| self.value(member, item))
                    .collect::<Result<_, String>>()?;
                Ok(Some(Node::List(items)))
            }
            _ => self.value(m.shape, first).map(Some),
        }
    }

    /// A value of `shape` on the wire, as the SDK's `Debug` prints it.
    fn value(&self, shape: &str, node: &Wire<'_>) -> Result<Node, String> {
        if self.models.is_sensitive(shape) {
            return Ok(Node::Str(crate::debug_tree::REDACTED.to_string()));
        }
        if matches!(node, Wire::Null) {
            return Ok(none());
        }
        match self.models.shape(shape) {
            Shape::Structure { members, .. } if self.models.is_union(shape) => {
                let Some((m, value)) = members.iter().find_map(|m| {
                    let name = if self.ec2 { m.query.as_str() } else { m.wire };
                    node.children(name).next().map(|v| (m, v))
                }) else {
                    return Ok(Node::Tuple {
                        name: "Unknown".into(),
                        items: Vec::new(),
                    });
                };
                Ok(Node::Tuple {
                    name: pascal(m.name),
                    items: vec![self.value(m.shape, value)?],
                })
            }
            Shape::Structure { members, .. } => Ok(Node::Struct {
                name: pascal(shape),
                fields: self.fields(members, node)?,
                rest: false,
            }),
            Shape::List { member, .. } => {
                let items = match (self.form, node) {
                    (_, Wire::List(items)) => items.iter().collect(),
                    (Form::Markup, _) => node.items(),
                    (Form::Json, other) => vec![other],
                };
                let items = items
                    .into_iter()
                    .map(|item| self.value(member, item))
                    .collect::<Result<_, _>>()?;
                Ok(Node::List(items))
            }
            Shape::Map {
                key,
                value,
                key_wire,
                value_wire,
                ..
            } => {
                let entries: Vec<(Wire<'_>, &Wire<'_>)> = match (self.form, node) {
                    (Form::Json, Wire::Object(children)) => children
                        .iter()
                        .map(|(k, v)| (Wire::Scalar(std::borrow::Cow::Borrowed(&**k)), v))
                        .collect(),
                    _ => node
                        .items()
                        .into_iter()
                        .filter_map(|entry| {
                            let k = entry.children(key_wire).next()?;
                            Some((k.clone(), entry.children(value_wire).next()?))
                        })
                        .collect(),
                };
                let entries = entries
                    .into_iter()
                    .map(|(k, v)| Ok((self.value(key, &k)?, Some(self.value(value, v)?))))
                    .collect::<Result<_, String>>()?;
                Ok(Node::Map(entries))
            }
            other => scalar::value(shape, other, node),
        }
    }

    /// The payload member of a REST request: the body itself.
    fn payload(
        &self,
        m: &Member,
        body: &Wire<'_>,
        request: &RecordedRequest,
    ) -> Result<Option<Node>, String> {
        match self.models.shape(m.shape) {
            Shape::Structure { .. } | Shape::List { .. } | Shape::Map { .. } => {
                if request.body.is_empty() {
                    return Ok(None);
                }
                self.value(m.shape, body).map(Some)
            }
            Shape::Scalar("blob") if self.models.is_streaming(m.shape) => {
                Ok(Some(scalar::byte_stream(&request.body)))
            }
            _ if request.body.is_empty() => Ok(None),
            Shape::Scalar("blob") => Ok(Some(scalar::blob(&request.body))),
            other => {
                let text = Wire::Scalar(String::from_utf8_lossy(&request.body));
                scalar::value(m.shape, other, &text).map(Some)
            }
        }
    }
}

fn none() -> Node {
    Node::Atom("None".into())
}

/// `Some(value)`, or `None` when not sent.
fn optional(value: Option<Node>) -> Node {
    match value {
        Some(value) => Node::Tuple {
            name: "Some".into(),
            items: vec![value],
        },
        None => none(),
    }
}

/// A model name in the SDK's spelling of types and variants (`DescribeDBInstances` ->
/// `DescribeDbInstances`, `t2.micro` -> `T2Micro`, `STANDARD_IA` -> `StandardIa`). Names
/// the SDK spells otherwise still compare equal (`debug_tree` compares such names by their
/// letters and digits).
pub(crate) fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            // A word starts a part, follows a lowercase letter or digit, or ends an acronym
            // (`DB` in `DBInstances`).
            let starts = prev.is_none_or(|p| {
                c.is_ascii_uppercase()
                    && (p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase)))
            });
            out.push(if starts {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
