//! A request as the service reads it: its members found in the URI, the query, the headers
//! and the body (JSON, CBOR, XML or a query form), as one tree.

use std::borrow::Cow;

use serde_json::Value;

use crate::history::RecordedRequest;

/// A value on the wire; its text borrows from the request where it can (a query form's
/// names and values, unescaped, are slices of the body).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    /// Text, a number or a boolean, as written.
    Scalar(Cow<'a, str>),
    /// A byte string of CBOR.
    Bytes(Vec<u8>),
    Null,
    /// Members of a structure (or entries of a JSON map, or children of an XML element or of
    /// a query prefix), in order; XML and query names may repeat.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
    List(Vec<Node<'a>>),
}

/// How the body writes lists and maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// JSON and CBOR: arrays and objects.
    Json,
    /// XML elements and query keys: items are children (`member.1`, `<item>`).
    Markup,
}

impl<'a> Node<'a> {
    /// A scalar of owned text.
    pub(crate) fn text(text: impl Into<String>) -> Self {
        Node::Scalar(Cow::Owned(text.into()))
    }

    /// The children named `name`.
    pub(crate) fn children<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Node<'a>> {
        let children = match self {
            Node::Object(children) => children.as_slice(),
            _ => &[],
        };
        children
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// The items of a list (or the entries of a map written as children) in markup form:
    /// `1`, `2`, ... children, or those of a single wrapper (`member`, `entry`, an XML item
    /// name), or every child of an XML element.
    pub(crate) fn items(&self) -> Vec<&Node<'a>> {
        match self {
            Node::List(items) => items.iter().collect(),
            Node::Object(children) => {
                if let [(_, only)] = children.as_slice()
                    && let Node::Object(inner) = only
                    && !inner.is_empty()
                    && inner.iter().all(|(k, _)| numeric(k))
                {
                    return numbered(inner);
                }
                if children.iter().all(|(k, _)| numeric(k)) {
                    return numbered(children);
                }
                children.iter().map(|(_, v)| v).collect()
            }
            // An empty list: `Names=` in a query, `<Names/>` in XML.
            Node::Scalar(s) if s.is_empty() => Vec::new(),
            other => vec![other],
        }
    }
}

fn numeric(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit())
}

fn numbered<'s, 'a>(children: &'s [(Cow<'a, str>, Node<'a>)]) -> Vec<&'s Node<'a>> {
    let mut items: Vec<(u64, &Node<'a>)> = children
        .iter()
        .map(|(k, v)| (k.parse().unwrap_or(u64::MAX), v))
        .collect();
    items.sort_by_key(|(n, _)| *n);
    items.into_iter().map(|(_, v)| v).collect()
}

fn from_json(value: &Value) -> Node<'static> {
    match value {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::text(b.to_string()),
        Value::Number(n) => Node::text(n.to_string()),
        Value::String(s) => Node::text(s.clone()),
        Value::Array(items) => Node::List(items.iter().map(from_json).collect()),
        Value::Object(map) => {
            // CBOR's byte strings, as the crate's CBOR reader writes them.
            if let (1, Some(Value::String(b64))) = (map.len(), map.get("$bytes")) {
                use base64::Engine as _;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap_or_default();
                return Node::Bytes(bytes);
            }
            Node::Object(
                map.iter()
                    .map(|(k, v)| (Cow::Owned(k.clone()), from_json(v)))
                    .collect(),
            )
        }
    }
}

/// An element being read: its name, its children so far, its text.
type Open = (String, Vec<(Cow<'static, str>, Node<'static>)>, String);

/// An XML document's root element as a node (its attributes are children too, under their
/// qualified names); `None` when the body is not XML.
fn from_xml(body: &[u8]) -> Option<Node<'static>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(body);
    // Open elements: name, children, text.
    let mut stack: Vec<Open> = Vec::new();
    let mut buf = Vec::new();
    let attributes =
        |e: &quick_xml::events::BytesStart<'_>| -> Vec<(Cow<'static, str>, Node<'static>)> {
            e.attributes()
                .flatten()
                .filter(|a| !a.key.as_ref().starts_with(b"xmlns"))
                .map(|a| {
                    let value = a
                        .unescape_value()
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    (
                        Cow::Owned(String::from_utf8_lossy(a.key.as_ref()).into_owned()),
                        Node::text(value),
                    )
                })
                .collect()
        };
    let close = |(name, children, text): Open| {
        let node = if children.is_empty() {
            Node::text(text)
        } else {
            Node::Object(children)
        };
        (Cow::Owned(name), node)
    };
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.push((name, attributes(&e), String::new()));
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let (name, node) = close((name, attributes(&e), String::new()));
                match stack.last_mut() {
                    Some(parent) => parent.1.push((name, node)),
                    None => return Some(node),
                }
            }
            Event::Text(t) => {
                if let Some(open) = stack.last_mut() {
                    open.2.push_str(&t.unescape().ok()?);
                }
            }
            Event::CData(t) => {
                if let Some(open) = stack.last_mut() {
                    open.2.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::End(_) => {
                let (name, node) = close(stack.pop()?);
                match stack.last_mut() {
                    Some(parent) => parent.1.push((name, node)),
                    None => return Some(node),
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// A query form (`Action=CreateUser&UserName=alice&Tags.member.1.Key=team`) as a tree whose
/// names and values borrow from the body: the body is checked as UTF-8 once, and only a pair
/// with an escape (`%`, `+`) is decoded.
fn from_form(body: &[u8]) -> Node<'_> {
    let mut root = Node::Object(Vec::new());
    let Ok(text) = std::str::from_utf8(body) else {
        // Not what an SDK sends: read as form_urlencoded reads any bytes.
        for (key, value) in form_urlencoded::parse(body) {
            put(&mut root, key, value);
        }
        return root;
    };
    // One pass over the bytes: where each pair ends, where its `=` is, whether it has an
    // escape (the body of a RunInstances is read on every call: the check's largest cost).
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let (mut equals, mut escaped) = (None, false);
        while at < bytes.len() && bytes[at] != b'&' {
            match bytes[at] {
                b'=' if equals.is_none() => equals = Some(at),
                b'%' | b'+' => escaped = true,
                _ => {}
            }
            at += 1;
        }
        let pair = &text[start..at];
        at += 1;
        if pair.is_empty() {
            continue;
        }
        if escaped {
            if let Some((key, value)) = form_urlencoded::parse(pair.as_bytes()).next() {
                put(&mut root, key, value);
            }
            continue;
        }
        let (key, value) = match equals {
            Some(e) => (&text[start..e], &text[e + 1..start + pair.len()]),
            None => (pair, ""),
        };
        put(&mut root, Cow::Borrowed(key), Cow::Borrowed(value));
    }
    root
}

/// The segments of a parameter's name, split at its dots (`Tag.1.Key`).
struct Dots<'a>(Option<&'a str>);

impl<'a> Iterator for Dots<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.0?;
        match rest.bytes().position(|b| b == b'.') {
            Some(dot) => {
                self.0 = Some(&rest[dot + 1..]);
                Some(&rest[..dot])
            }
            None => {
                self.0 = None;
                Some(rest)
            }
        }
    }
}

/// Puts one parameter of a form in the tree (`Action` and `Version` name no member).
fn put<'a>(root: &mut Node<'a>, key: Cow<'a, str>, value: Cow<'a, str>) {
    if key == "Action" || key == "Version" {
        return;
    }
    match key {
        Cow::Borrowed(key) => insert(root, Dots(Some(key)).map(Cow::Borrowed), value),
        Cow::Owned(key) => insert(
            root,
            Dots(Some(&key)).map(|s| Cow::Owned(s.to_string())),
            value,
        ),
    }
}

/// Puts `value` at the place its name's segments lead to, making the objects on the way.
fn insert<'a>(
    root: &mut Node<'a>,
    segments: impl Iterator<Item = Cow<'a, str>>,
    value: Cow<'a, str>,
) {
    let mut node = root;
    for segment in segments {
        let Node::Object(children) = node else {
            break;
        };
        let at = match children.iter().position(|(k, _)| *k == segment) {
            Some(at) => at,
            None => {
                children.push((segment, Node::Object(Vec::new())));
                children.len() - 1
            }
        };
        node = &mut children[at].1;
    }
    if let Node::Object(children) = node
        && children.is_empty()
    {
        *node = Node::Scalar(value);
    }
}

/// The body as a node, and the form its lists take; `None` when it cannot be read (the
/// check then leaves the body's members alone).
pub(crate) fn body<'r>(protocol: &str, request: &'r RecordedRequest) -> Option<(Node<'r>, Form)> {
    let body = &request.body[..];
    match protocol {
        "query" | "ec2" => Some((from_form(body), Form::Markup)),
        "smithy-rpc-v2-cbor" => {
            if body.is_empty() {
                return Some((Node::Object(Vec::new()), Form::Json));
            }
            crate::cbor::to_json(body).map(|v| (from_json(&v), Form::Json))
        }
        "rest-xml" => {
            if body.is_empty() {
                return Some((Node::Object(Vec::new()), Form::Markup));
            }
            from_xml(body).map(|n| (n, Form::Markup))
        }
        _ => {
            if body.is_empty() {
                return Some((Node::Object(Vec::new()), Form::Json));
            }
            serde_json::from_slice::<Value>(body)
                .ok()
                .map(|v| (from_json(&v), Form::Json))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_form_is_a_tree_with_numbered_items() {
        let node = from_form(
            b"Action=RunInstances&Version=1&MinCount=1&TagSpecification.1.Tag.1.Key=team&Names.member.2=b&Names.member.1=a",
        );
        assert_eq!(node.children("MinCount").next(), Some(&Node::text("1")));
        let names: Vec<_> = node.children("Names").next().unwrap().items();
        assert_eq!(names, [&Node::text("a"), &Node::text("b")]);
        let specs = node.children("TagSpecification").next().unwrap().items();
        assert_eq!(specs.len(), 1);
        assert!(from_form(b"Action=X").children("Action").next().is_none());
    }

    #[test]
    fn the_one_pass_form_reader_reads_as_form_urlencoded_does() {
        fn reference(body: &[u8]) -> Node<'_> {
            let mut root = Node::Object(Vec::new());
            for (key, value) in form_urlencoded::parse(body) {
                put(&mut root, key, value);
            }
            root
        }
        for body in [
            &b"Action=X&A=1&B.1=x&B.2=y"[..],
            b"A=a+b%20c&K%2E1=v&&C&D=&E==f&Tag.1.Key=k%3D&.&Z.=1",
            b"Name=%E2%9C%93&Other=plain&Action=RunInstances&Version=2016-11-15",
            b"",
            b"&&&",
        ] {
            assert_eq!(
                from_form(body),
                reference(body),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn xml_elements_and_attributes_are_children() {
        let node = from_xml(
            br#"<?xml version="1.0"?><R xmlns="x"><A>1</A><L><M>a</M><M>b</M></L><E/><G xmlns:xsi="y" xsi:type="User"><ID>i</ID></G></R>"#,
        )
        .unwrap();
        assert_eq!(node.children("A").next(), Some(&Node::text("1")));
        assert_eq!(node.children("L").next().unwrap().items().len(), 2);
        assert_eq!(node.children("E").next().unwrap().items().len(), 0);
        let grantee = node.children("G").next().unwrap();
        assert_eq!(
            grantee.children("xsi:type").next(),
            Some(&Node::text("User"))
        );
        assert!(from_xml(b"not xml").is_none());
    }
}
