//! The members of a REST request where their locations put them: URI labels by the
//! operation's template, query parameters, headers, and the body.

use std::borrow::Cow;

use crate::history::RecordedRequest;
use crate::models::constraints::{Location, Member, Service, Shape};
use crate::validate::wire::Node;

/// The labels of the request's path by the operation's URI template (`{Id}`, `{Key+}`);
/// `None` when the path does not follow it. An S3 request addressed to the bucket's own host
/// (`bucket.s3.region.amazonaws.com/key`) has its bucket there.
pub(crate) fn labels(template: &str, request: &RecordedRequest) -> Option<Vec<(String, String)>> {
    // A trailing slash is not told apart (`/hostedzone/{Id}/rrset/`).
    let template = template.split('?').next().unwrap_or_default();
    let template = template.strip_suffix('/').unwrap_or(template);
    let path = request.raw_path();
    let path = path.strip_suffix('/').unwrap_or(path);
    let host = request.origin().split("://").nth(1).unwrap_or_default();
    if let Some(rest_of_template) = template.strip_prefix("/{Bucket}")
        && let Some((bucket, domain)) = host.split_once('.')
        && domain.starts_with("s3")
    {
        let mut found = match_template(rest_of_template, path)?;
        found.push(("Bucket".to_string(), bucket.to_string()));
        return Some(found);
    }
    match_template(template, path)
}

fn match_template(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let mut found = Vec::new();
    let mut rest = path;
    let mut parts = template.split('{').peekable();
    let literal = parts.next().unwrap_or_default();
    rest = rest.strip_prefix(literal)?;
    while let Some(part) = parts.next() {
        let (label, literal) = part.split_once('}')?;
        let greedy = label.ends_with('+');
        let label = label.trim_end_matches('+');
        let last = parts.peek().is_none();
        let end = if greedy || (last && literal.is_empty()) {
            if literal.is_empty() {
                rest.len()
            } else {
                rest.rfind(literal)?
            }
        } else if literal.is_empty() {
            rest.find('/').unwrap_or(rest.len())
        } else {
            rest.find(literal)?
        };
        let raw = &rest[..end];
        if !greedy && raw.contains('/') {
            return None;
        }
        found.push((label.to_string(), crate::history::decode_component(raw)));
        rest = rest[end..].strip_prefix(literal)?;
    }
    rest.is_empty().then_some(found)
}

/// The top-level members of a REST request found where their locations say: one node whose
/// children are named by the members' wire names.
pub(crate) fn rest_input<'b>(
    service: &Service,
    members: &[Member],
    request: &RecordedRequest,
    labels: Option<&[(String, String)]>,
    body: Option<&Node<'b>>,
) -> (Node<'b>, Vec<&'static str>) {
    let mut children = Vec::new();
    // Members whose place could not be read: never reported missing.
    let mut unread = Vec::new();
    let query = request.query_pairs();
    let is_list = |m: &Member| matches!(service.shape(m.shape), Some(Shape::List { .. }));
    for m in members {
        match m.location {
            Location::Uri => match labels {
                Some(labels) => children.extend(
                    labels
                        .iter()
                        .filter(|(k, _)| k == m.wire)
                        .map(|(_, v)| (Cow::Borrowed(m.wire), Node::text(v.clone()))),
                ),
                None => unread.push(m.name),
            },
            Location::Query => {
                let values: Vec<Node<'_>> = query
                    .iter()
                    .filter(|(k, _)| k == m.wire)
                    .map(|(_, v)| Node::text(v.clone()))
                    .collect();
                if values.is_empty() {
                    continue;
                }
                if is_list(m) {
                    children.push((Cow::Borrowed(m.wire), Node::List(values)));
                } else {
                    children.extend(values.into_iter().map(|v| (Cow::Borrowed(m.wire), v)));
                }
            }
            Location::Header => {
                let values = request.header_values(m.wire);
                let Some(first) = values.first() else {
                    continue;
                };
                let node = if is_list(m) {
                    // A list in a header: its items separated by commas.
                    Node::List(first.split(',').map(|v| Node::text(v.trim())).collect())
                } else {
                    Node::text(first.to_string())
                };
                children.push((Cow::Borrowed(m.wire), node));
            }
            Location::Headers => {
                let prefix = m.wire.to_ascii_lowercase();
                let entries: Vec<(Cow<'static, str>, Node<'static>)> = request
                    .headers
                    .iter()
                    .filter_map(|(k, v)| {
                        let name = k.to_ascii_lowercase();
                        let key = name.strip_prefix(&prefix)?;
                        Some((Cow::Owned(key.to_string()), Node::text(v.clone())))
                    })
                    .collect();
                if !entries.is_empty() {
                    children.push((Cow::Borrowed(m.wire), Node::Object(entries)));
                }
            }
            Location::Payload => match body {
                Some(node) if !is_empty(node) => {
                    children.push((Cow::Borrowed(m.wire), node.clone()))
                }
                Some(_) => {}
                None => unread.push(m.name),
            },
            Location::Body => match body {
                Some(node) => children.extend(
                    node.children(m.wire)
                        .map(|n| (Cow::Borrowed(m.wire), n.clone())),
                ),
                None => unread.push(m.name),
            },
        }
    }
    (Node::Object(children), unread)
}

fn is_empty(node: &Node<'_>) -> bool {
    matches!(node, Node::Object(c) if c.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_give_the_labels() {
        let labels = |t: &str, uri: &str| labels(t, &RecordedRequest::new("GET", uri));
        assert_eq!(
            labels(
                "/2013-04-01/hostedzone/{Id}/rrset/",
                "https://route53.amazonaws.com/2013-04-01/hostedzone/Z1/rrset"
            ),
            Some(vec![("Id".into(), "Z1".into())])
        );
        assert_eq!(
            labels(
                "/{Bucket}/{Key+}?x-id=GetObject",
                "https://b.s3.us-east-1.amazonaws.com/a/b%20c?x-id=GetObject"
            ),
            Some(vec![
                ("Key".into(), "a/b c".into()),
                ("Bucket".into(), "b".into())
            ])
        );
        assert_eq!(
            labels("/{Bucket}/{Key+}", "http://127.0.0.1:5000/b/k"),
            Some(vec![
                ("Bucket".into(), "b".into()),
                ("Key".into(), "k".into())
            ])
        );
        assert_eq!(labels("/functions/{Name}", "https://x/other"), None);
    }
}
