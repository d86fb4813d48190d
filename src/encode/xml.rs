//! Outputs in the XML protocols: awsQuery (`<OpResponse><OpResult>`, lists of `member`,
//! maps of `entry`), EC2's (`<OpResponse>`, lists of `item`) and REST-XML (headers and the
//! status code, then a root element or the payload).

use quick_xml::escape::escape;

use super::{Writer, Written, base64, blob, field, present, text, timestamp};
use crate::debug_tree::Node;
use crate::models::shapes::{Operation, Shape};

impl Writer<'_> {
    /// The whole response document of `operation`.
    pub(super) fn query(
        &self,
        operation: &str,
        op: &Operation,
        node: &Node,
    ) -> Result<String, String> {
        let ec2 = self.models.protocol == "ec2";
        let namespace = self.models.namespace;
        let request_id = self.request_id;
        let mut members = String::new();
        self.members(op.shape, node, "", ec2, &mut members)?;
        Ok(if ec2 {
            format!(
                "<{operation}Response xmlns=\"{namespace}\"><requestId>{request_id}</requestId>\
                 {members}</{operation}Response>"
            )
        } else {
            let result = if op.wrapper.is_empty() {
                String::new()
            } else {
                format!("<{0}>{members}</{0}>", op.wrapper)
            };
            format!(
                "<{operation}Response xmlns=\"{namespace}\">{result}<ResponseMetadata>\
                 <RequestId>{request_id}</RequestId></ResponseMetadata></{operation}Response>"
            )
        })
    }

    /// A REST-XML output: members in headers and the status code, the rest in the root
    /// element (or the payload member as the body).
    pub(super) fn rest_xml(
        &self,
        operation: &str,
        op: &Operation,
        node: &Node,
    ) -> Result<Written, String> {
        if op.root == "-" {
            return Err(format!(
                "{operation}'s output is read from a document the stubber does not write yet"
            ));
        }
        let mut written = Written {
            status: 200,
            headers: vec![("content-type".into(), "application/xml".into())],
            body: Vec::new(),
        };
        let Shape::Structure { payload, members } = self.shape(op.shape) else {
            return Ok(written);
        };
        self.rest_head(members, node, &mut written)?;
        let namespace = match self.models.namespace {
            "" => String::new(),
            ns => format!(" xmlns=\"{ns}\""),
        };
        if let Some(payload) = payload {
            let member = members.iter().find(|m| m.name == *payload);
            let value = member.and_then(|m| field(node, &m.field));
            if let (Some(m), Some(v)) = (member, value) {
                written.body = match self.payload(m, v)? {
                    Some(raw) => raw,
                    None => {
                        let root = if m.wire == m.name { m.shape } else { m.wire };
                        let mut inner = String::new();
                        self.members(m.shape, v, &m.field, false, &mut inner)?;
                        format!("<{root}{namespace}>{inner}</{root}>").into_bytes()
                    }
                };
            }
            return Ok(written);
        }
        let body_members = members.iter().any(|m| m.location.is_empty());
        if body_members {
            let mut inner = String::new();
            self.members(op.shape, node, "", false, &mut inner)?;
            let root = op.root;
            written.body = format!("<{root}{namespace}>{inner}</{root}>").into_bytes();
        }
        Ok(written)
    }

    /// The elements of a structure's members.
    fn members(
        &self,
        shape: &str,
        node: &Node,
        path: &str,
        ec2: bool,
        out: &mut String,
    ) -> Result<(), String> {
        let Shape::Structure { members, .. } = self.shape(shape) else {
            return Ok(());
        };
        for member in members.iter().filter(|m| m.location.is_empty()) {
            if let Some(value) = field(node, &member.field) {
                let path = if path.is_empty() {
                    member.field.clone()
                } else {
                    format!("{path}.{}", member.field)
                };
                self.element(member.shape, value, member.wire, &path, ec2, out)?;
            }
        }
        Ok(())
    }

    /// One value as the element `name` (a flattened list or map as several).
    fn element(
        &self,
        shape: &str,
        node: &Node,
        name: &str,
        path: &str,
        ec2: bool,
        out: &mut String,
    ) -> Result<(), String> {
        let Some(node) = present(node) else {
            return Ok(());
        };
        let shape_ref = self.shape(shape);
        match shape_ref {
            Shape::Structure { .. } => {
                out.push_str(&format!("<{name}>"));
                self.members(shape, node, path, ec2, out)?;
                out.push_str(&format!("</{name}>"));
            }
            Shape::List {
                member,
                wire,
                flattened,
            } => {
                let Node::List(items) = node else {
                    return Err(format!("{path}: {node:?} is not a list"));
                };
                let item_name = match (*wire, ec2) {
                    ("", true) => "item",
                    ("", false) => "member",
                    (wire, _) => wire,
                };
                if *flattened {
                    for (i, item) in items.iter().enumerate() {
                        self.element(member, item, name, &format!("{path}[{i}]"), ec2, out)?;
                    }
                } else {
                    out.push_str(&format!("<{name}>"));
                    for (i, item) in items.iter().enumerate() {
                        self.element(member, item, item_name, &format!("{path}[{i}]"), ec2, out)?;
                    }
                    out.push_str(&format!("</{name}>"));
                }
            }
            Shape::Map {
                key,
                value,
                key_wire,
                value_wire,
                flattened,
            } => {
                let Node::Map(entries) = node else {
                    return Err(format!("{path}: {node:?} is not a map"));
                };
                // `<name><entry><key/><value/></entry>...</name>`, or flattened
                // `<name><key/><value/></name>...`.
                let entry = if *flattened { name } else { "entry" };
                if !flattened {
                    out.push_str(&format!("<{name}>"));
                }
                for (k, v) in entries {
                    out.push_str(&format!("<{entry}>"));
                    self.element(key, k, key_wire, path, ec2, out)?;
                    if let Some(v) = v {
                        self.element(value, v, value_wire, path, ec2, out)?;
                    }
                    out.push_str(&format!("</{entry}>"));
                }
                if !flattened {
                    out.push_str(&format!("</{name}>"));
                }
            }
            _ => {
                let text = match shape_ref {
                    Shape::Scalar("blob") => base64(&blob(node, path)?),
                    Shape::Timestamp(format) => {
                        timestamp(&text(node, shape_ref, path)?, format, path)?
                    }
                    Shape::Scalar("timestamp") => {
                        timestamp(&text(node, shape_ref, path)?, "iso8601", path)?
                    }
                    Shape::Scalar(kind @ "document") => {
                        return Err(format!("{path}: a {kind} is not written yet"));
                    }
                    _ => text(node, shape_ref, path)?,
                };
                out.push_str(&format!("<{name}>{}</{name}>", escape(&text)));
            }
        }
        Ok(())
    }
}
