//! Pages of a paginated call, checked: the first request carries no page token, each later
//! one carries exactly the token(s) the page before returned, nothing else changes, and the
//! code stops where the SDK's paginator would.
//!
//! Which output field feeds which input field comes from the AWS service models (the table in
//! [`crate::models`]: every paginated operation of every service, nested tokens such as
//! CloudFront's `DistributionList.NextMarker` and map-valued keys such as DynamoDB's
//! `LastEvaluatedKey` included). An operation the table does not know (newer than it) falls
//! back to finding the tokens by name in the `Debug` trees of the pages and the input, and its
//! failure messages say so.

use std::sync::{Arc, OnceLock};

use super::tokens::{field, tokens};
use crate::debug_tree::Node;

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
    /// Why the tokens were found by name, for failure messages.
    note: Option<Arc<str>>,
}

/// The checks of each page of a run, from the pages' outputs, the operation's default input
/// and its service and name. `Err` says why these pages cannot be checked.
pub(crate) fn plan(
    outputs: &[Node],
    default_input: &Node,
    service: &str,
    operation: &str,
) -> Result<Vec<PageCheck>, String> {
    let Some(first) = outputs.first() else {
        return Err("add_pages needs at least one page".to_string());
    };
    let tokens = tokens(service, operation, first, default_input)?;
    let total = outputs.len();
    for (i, output) in outputs.iter().enumerate() {
        let more = tokens.asks_for_more(output, i + 1)?;
        if i + 1 == total && more {
            let returned: Vec<String> = tokens
                .returned(output)
                .iter()
                .filter(|(_, v)| !v.is_none())
                .map(|(k, v)| format!("{k} = {}", v.pretty()))
                .collect();
            // A page that asks for more always returns a token: a flag without one is refused
            // above.
            return Err(format!(
                "the last page returns a page token ({}), so paginating code would ask for \
                 another page; end with a page that returns none",
                returned.join(", ")
            ));
        }
        if i + 1 < total && !more {
            return Err(format!(
                "page {} of {total} returns no page token, so paginating code stops there and \
                 would never ask for page {}; give every page but the last a token",
                i + 1,
                i + 2
            ));
        }
    }
    // A token AWS could never return (sent back, its request would be refused): the page's
    // value is the mistake, said when the pages are queued.
    for (i, output) in outputs.iter().enumerate().take(total - 1) {
        for (input, value) in tokens.returned(output) {
            let Node::Tuple { items, .. } = &value else {
                continue;
            };
            let [Node::Str(quoted)] = items.as_slice() else {
                continue;
            };
            let text: String = serde_json::from_str(quoted)
                .unwrap_or_else(|_| quoted.trim_matches('"').to_string());
            if let Some(why) = crate::validate::member_violation(service, operation, &input, &text)
            {
                return Err(format!(
                    "page {} returns a page token AWS would never return: sent back as \
                     {input} = {text:?}, it is {why}; give the page a token the service \
                     could send",
                    i + 1
                ));
            }
        }
    }
    let first_request = Arc::new(OnceLock::new());
    let none: Vec<(String, Node)> = tokens
        .pairs
        .iter()
        .map(|(_, input)| (input.clone(), Node::Atom("None".into())))
        .collect();
    let note: Option<Arc<str>> = tokens.note.as_deref().map(Arc::from);
    Ok((0..total)
        .map(|i| PageCheck {
            number: i + 1,
            total,
            tokens: if i == 0 {
                none.clone()
            } else {
                tokens.returned(&outputs[i - 1])
            },
            first: first_request.clone(),
            note: note.clone(),
        })
        .collect())
}

/// How a token differs: on one line, or as a diff of the two values (map keys sorted, as a
/// `HashMap` prints in any order).
fn token_difference(name: &str, expected: &Node, received: &Node) -> String {
    let (expected, received) = (sorted(expected).pretty(), sorted(received).pretty());
    if !expected.contains('\n') && !received.contains('\n') {
        return format!("    {name}: expected {expected}, received {received}");
    }
    let diff = crate::compare::diff::lines(&expected, &received);
    format!(
        "    {name}:\n{}",
        crate::compare::diff::indent(&diff).trim_end()
    )
}

/// The same node with every map's entries in the order of their keys.
fn sorted(node: &Node) -> Node {
    match node {
        Node::Map(entries) => {
            let mut entries: Vec<(Node, Option<Node>)> = entries
                .iter()
                .map(|(k, v)| (sorted(k), v.as_ref().map(sorted)))
                .collect();
            entries.sort_by_key(|(k, _)| k.pretty());
            Node::Map(entries)
        }
        Node::Struct { name, fields, rest } => Node::Struct {
            name: name.clone(),
            fields: fields.iter().map(|(k, v)| (k.clone(), sorted(v))).collect(),
            rest: *rest,
        },
        Node::Tuple { name, items } => Node::Tuple {
            name: name.clone(),
            items: items.iter().map(sorted).collect(),
        },
        Node::List(items) => Node::List(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// Equal, with maps compared whatever their order (a `HashMap` prints in any order).
fn same(a: &Node, b: &Node) -> bool {
    match (a, b) {
        (Node::Map(x), Node::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter().any(|(k2, v2)| {
                        same(k, k2)
                            && match (v, v2) {
                                (Some(v), Some(v2)) => same(v, v2),
                                (None, None) => true,
                                _ => false,
                            }
                    })
                })
        }
        (
            Node::Struct { name, fields, rest },
            Node::Struct {
                name: n2,
                fields: f2,
                rest: r2,
            },
        ) => {
            name == n2
                && rest == r2
                && fields.len() == f2.len()
                && fields
                    .iter()
                    .zip(f2)
                    .all(|((k, v), (k2, v2))| k == k2 && same(v, v2))
        }
        (
            Node::Tuple { name, items },
            Node::Tuple {
                name: n2,
                items: i2,
            },
        ) => name == n2 && items.len() == i2.len() && items.iter().zip(i2).all(|(x, y)| same(x, y)),
        (Node::List(x), Node::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        _ => a == b,
    }
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
                (!same(&received, expected)).then(|| token_difference(name, expected, &received))
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
            let note = self
                .note
                .as_deref()
                .map(|n| format!("\n({n})"))
                .unwrap_or_default();
            return Err(format!("{what}:\n{}{note}", wrong.join("\n")));
        }
        if let Some(first) = self.first.get() {
            let (expected, received) = (self.without_tokens(first), self.without_tokens(input));
            if !same(&expected, &received) {
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
    use crate::models;
    use crate::pages::tokens::token_map;

    fn node(text: &str) -> Node {
        Node::parse(text)
    }

    #[test]
    fn operations_the_table_does_not_know_page_by_name_and_say_so() {
        let outputs = [
            node("ListThingsOutput { next_token: Some(\"t1\") }"),
            node("ListThingsOutput { next_token: None }"),
        ];
        let input = node("ListThingsInput { next_token: None }");
        let version = models::version();
        for (service, why) in [
            (
                "aws_sdk_brandnew",
                format!(
                    "its service is not in aws-stubber's tables of the AWS service models \
                     ({version})"
                ),
            ),
            (
                "aws_sdk_s3",
                format!("the AWS service models ({version}) have no paginator for it"),
            ),
        ] {
            let checks = plan(&outputs, &input, service, "ListThings").unwrap();
            assert_eq!(
                checks[1].check(&input).unwrap_err(),
                format!(
                    "page 2's request must carry the token(s) page 1 returned:\n    \
                     next_token: expected Some(\"t1\"), received None\n\
                     ({why}, so its page tokens were found by name)"
                )
            );
        }
    }

    #[test]
    fn a_table_token_the_sdk_input_lacks_is_named() {
        let outputs = [node("ListTablesOutput { last_evaluated_table_name: None }")];
        let input = node("ListTablesInput { limit: None }");
        let Err(err) = plan(&outputs, &input, "aws_sdk_dynamodb", "ListTables") else {
            panic!("pages planned with a token the input lacks");
        };
        assert_eq!(
            err,
            format!(
                "the AWS service models ({}) page it with the input field \
                 exclusive_start_table_name, which this SDK version does not have (input \
                 fields: limit); aws-stubber's tables may be newer than the SDK crate",
                models::version()
            )
        );
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
