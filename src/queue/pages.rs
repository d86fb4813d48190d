//! Pages of a paginated call, checked: the first request carries no page token, each later
//! one carries exactly the token(s) the page before returned, and nothing else changes.
//!
//! Tokens are found by name in the `Debug` trees of the pages (outputs) and of the calls
//! (inputs), which covers every style the SDKs use: `next_token` (most services),
//! `next_continuation_token` -> `continuation_token` (S3 ListObjectsV2), `next_marker` ->
//! `marker` (S3 ListObjects, Route 53), `marker` (IAM, RDS), `next_key_marker` ->
//! `key_marker` (S3 versions and uploads), `next_record_name` -> `start_record_name` (Route 53
//! record sets), `continuation_token` (S3 ListBuckets).

use std::sync::{Arc, OnceLock};

use crate::compare::debug_tree::Node;

/// One page's place in its run, and what its request must carry.
#[derive(Clone)]
pub(crate) struct PageCheck {
    /// From 1.
    pub(crate) number: usize,
    pub(crate) total: usize,
    /// Input fields that carry page tokens, and the value each must have in this page's
    /// request (`None` when the page before returned none, and for the first page).
    tokens: Vec<(String, Node)>,
    /// The first page's request, to which later requests are compared outside the tokens.
    first: Arc<OnceLock<Node>>,
}

/// Output fields that carry a page token: `next_*`, and `marker` / `continuation_token` (IAM,
/// RDS and S3 ListBuckets return the next token under the request's own name).
fn token_fields(output: &Node) -> Vec<(String, Node)> {
    match output {
        Node::Struct { fields, .. } => fields
            .iter()
            .filter(|(k, _)| k.starts_with("next_") || k == "marker" || k == "continuation_token")
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

fn field_names(input: &Node) -> Vec<&str> {
    match input {
        Node::Struct { fields, .. } => fields.iter().map(|(k, _)| k.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn field<'n>(node: &'n Node, name: &str) -> Option<&'n Node> {
    match node {
        Node::Struct { fields, .. } => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
        _ => None,
    }
}

/// Pairs each token field of `output` with the input field that sends it back: `next_x` goes
/// to `next_x`, `x` or `start_x`; `marker` and `continuation_token` to themselves, unless a
/// `next_` field already feeds that input field (then they echo the request).
fn token_map(output: &Node, input: &Node) -> Vec<(String, String)> {
    let inputs = field_names(input);
    let mut map: Vec<(String, String)> = Vec::new();
    let fields = token_fields(output);
    for (name, _) in fields.iter().filter(|(k, _)| k.starts_with("next_")) {
        let bare = &name["next_".len()..];
        let target = [name.clone(), bare.to_string(), format!("start_{bare}")]
            .into_iter()
            .find(|t| inputs.contains(&t.as_str()));
        if let Some(target) = target {
            map.push((name.clone(), target));
        }
    }
    for (name, _) in fields.iter().filter(|(k, _)| !k.starts_with("next_")) {
        if inputs.contains(&name.as_str()) && !map.iter().any(|(_, t)| t == name) {
            map.push((name.clone(), name.clone()));
        }
    }
    map
}

/// The checks of each page of a run, from the pages' outputs and the operation's default
/// input. `Err` says why these pages cannot be checked.
pub(crate) fn plan(outputs: &[Node], default_input: &Node) -> Result<Vec<PageCheck>, String> {
    let Some(first) = outputs.first() else {
        return Err("add_pages needs at least one page".to_string());
    };
    let map = token_map(first, default_input);
    if map.is_empty() {
        return Err(format!(
            "the output has no page token that the input sends back (fields named next_*, \
             marker or continuation_token); add_pages is for paginated operations. Output \
             fields: {}",
            field_names(first).join(", ")
        ));
    }
    let returned = |output: &Node| -> Vec<(String, Node)> {
        map.iter()
            .map(|(out, input)| {
                let value = field(output, out)
                    .cloned()
                    .unwrap_or_else(|| Node::Atom("None".into()));
                (input.clone(), value)
            })
            .collect()
    };
    let last = outputs.last().expect("not empty");
    if returned(last).iter().any(|(_, v)| !v.is_none()) {
        return Err(format!(
            "the last page returns a page token ({}), so paginating code would ask for another \
             page; end with a page that returns none",
            returned(last)
                .iter()
                .filter(|(_, v)| !v.is_none())
                .map(|(k, v)| format!("{k} = {}", v.pretty()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let first_request = Arc::new(OnceLock::new());
    let none = || {
        map.iter()
            .map(|(_, input)| (input.clone(), Node::Atom("None".into())))
            .collect::<Vec<_>>()
    };
    Ok((0..outputs.len())
        .map(|i| PageCheck {
            number: i + 1,
            total: outputs.len(),
            tokens: if i == 0 {
                none()
            } else {
                returned(&outputs[i - 1])
            },
            first: first_request.clone(),
        })
        .collect())
}

impl PageCheck {
    /// `Ok` when the call's input is right for this page, else what is wrong.
    pub(crate) fn check(&self, input: &Node) -> Result<(), String> {
        let wrong: Vec<String> = self
            .tokens
            .iter()
            .filter_map(|(name, expected)| {
                let received = field(input, name)
                    .cloned()
                    .unwrap_or_else(|| Node::Atom("None".into()));
                (received != *expected).then(|| {
                    format!(
                        "    {name}: expected {}, received {}",
                        expected.pretty(),
                        received.pretty()
                    )
                })
            })
            .collect();
        if !wrong.is_empty() {
            let what = if self.number == 1 {
                "the first page's request must carry no page token".to_string()
            } else {
                format!(
                    "page {}'s request must carry the token(s) page {} returned",
                    self.number,
                    self.number - 1
                )
            };
            return Err(format!("{what}:\n{}", wrong.join("\n")));
        }
        if let Some(first) = self.first.get() {
            let (expected, received) = (self.without_tokens(first), self.without_tokens(input));
            if expected != received {
                return Err(format!(
                    "page {}'s request changed fields other than the page token since page 1:\n{}",
                    self.number,
                    crate::compare::diff::lines(&expected.pretty(), &received.pretty())
                ));
            }
        }
        Ok(())
    }

    /// Called when the page is taken: the first page's request is what later ones keep.
    pub(crate) fn taken(&self, input: &Node) {
        if self.number == 1 {
            let _ = self.first.set(input.clone());
        }
    }

    fn without_tokens(&self, input: &Node) -> Node {
        match input {
            Node::Struct { name, fields, rest } => Node::Struct {
                name: name.clone(),
                fields: fields
                    .iter()
                    .filter(|(k, _)| !self.tokens.iter().any(|(t, _)| t == k))
                    .cloned()
                    .collect(),
                rest: *rest,
            },
            other => other.clone(),
        }
    }

    /// `page 2 of 3`, for messages.
    pub(crate) fn describe(&self) -> String {
        format!("page {} of {}", self.number, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node {
        Node::parse(text)
    }

    #[test]
    fn maps_every_token_style_to_the_field_that_sends_it_back() {
        let cases = [
            (
                "O { continuation_token: None, next_continuation_token: None }",
                "I { bucket: None, continuation_token: None }",
                vec![("next_continuation_token", "continuation_token")],
            ),
            (
                "O { next_token: None }",
                "I { next_token: None }",
                vec![("next_token", "next_token")],
            ),
            (
                "O { marker: None, next_marker: None }",
                "I { marker: None }",
                vec![("next_marker", "marker")],
            ),
            (
                "O { is_truncated: None, marker: None }",
                "I { marker: None }",
                vec![("marker", "marker")],
            ),
            (
                "O { next_record_name: None, next_record_type: None, next_record_identifier: None }",
                "I { start_record_name: None, start_record_type: None, start_record_identifier: None }",
                vec![
                    ("next_record_name", "start_record_name"),
                    ("next_record_type", "start_record_type"),
                    ("next_record_identifier", "start_record_identifier"),
                ],
            ),
            (
                "O { continuation_token: None }",
                "I { continuation_token: None }",
                vec![("continuation_token", "continuation_token")],
            ),
        ];
        for (output, input, expected) in cases {
            let map = token_map(&node(output), &node(input));
            let map: Vec<(&str, &str)> =
                map.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            assert_eq!(map, expected, "{output}");
        }
    }
}
