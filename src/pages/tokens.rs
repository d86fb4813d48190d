//! Which output field of a paginated call feeds which input field: from the models' table,
//! or found by name in the pages' `Debug` trees for an operation the table does not know.

use crate::debug_tree::Node;
use crate::models;

/// Which output token feeds which input field, and the more-results flag.
pub(super) struct Tokens {
    /// `(output expression, input field)`.
    pub(super) pairs: Vec<(String, String)>,
    pub(super) more: Option<String>,
    /// Set when the tokens were found by name because the table did not know the operation.
    pub(super) note: Option<String>,
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

pub(super) fn field<'n>(node: &'n Node, name: &str) -> Option<&'n Node> {
    match node {
        Node::Struct { fields, .. } => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
        _ => None,
    }
}

/// `Some(x)` -> `x`.
fn unwrap_some(node: &Node) -> &Node {
    match node {
        Node::Tuple { name, items } if name == "Some" && items.len() == 1 => &items[0],
        other => other,
    }
}

/// Whether a token value means "more pages": present and not empty (the SDK's paginators
/// stop on an empty token or an empty key map too).
fn present(node: &Node) -> bool {
    match node {
        Node::Str(s) => s != "\"\"",
        Node::Map(entries) => !entries.is_empty(),
        other => !other.is_none(),
    }
}

/// The value of one path (`distribution_list.next_marker`, `contents[-1].key`) in an output,
/// without its `Some`.
fn path_value(output: &Node, path: &str) -> Option<Node> {
    let mut node = output;
    for segment in path.split('.') {
        let (name, last) = match segment.strip_suffix("[-1]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        node = unwrap_some(field(unwrap_some(node), name)?);
        if last {
            node = match node {
                Node::List(items) => unwrap_some(items.last()?),
                _ => return None,
            };
        }
    }
    Some(node.clone()).filter(present)
}

/// The value of a token expression: the first of its `||` alternatives that is present.
fn token_value(output: &Node, expression: &str) -> Option<Node> {
    expression
        .split(" || ")
        .find_map(|path| path_value(output, path))
}

/// Whether a token expression's own field is present (not a fallback such as the last key
/// of a list, which stands only when the more-results flag says more pages follow).
fn own_token(output: &Node, expression: &str) -> Option<Node> {
    let first = expression.split(" || ").next().unwrap_or(expression);
    (!first.contains("[-1]"))
        .then(|| path_value(output, first))
        .flatten()
}

/// Pairs each token field of `output` with the input field that sends it back, by name:
/// `next_x` goes to `next_x`, `x` or `start_x`; `marker` and `continuation_token` to
/// themselves, unless a `next_` field already feeds that input field (then they echo the
/// request).
pub(super) fn token_map(output: &Node, input: &Node) -> Vec<(String, String)> {
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

/// The operation's tokens: from the models' table, else by name.
pub(super) fn tokens(
    service: &str,
    operation: &str,
    first: &Node,
    input: &Node,
) -> Result<Tokens, String> {
    let version = models::version();
    let known = models::pagination(service, operation);
    if let Some(Some(p)) = known {
        let fields = field_names(input);
        if let Some(missing) = p.inputs.iter().find(|t| !fields.contains(t)) {
            return Err(format!(
                "the AWS service models ({version}) page it with the input field {missing}, \
                 which this SDK version does not have (input fields: {}); aws-stubber's \
                 tables may be newer than the SDK crate",
                fields.join(", ")
            ));
        }
        return Ok(Tokens {
            pairs: p
                .outputs
                .iter()
                .zip(&p.inputs)
                .map(|(o, i)| (o.to_string(), i.to_string()))
                .collect(),
            more: p.more.map(String::from),
            note: None,
        });
    }
    let pairs = token_map(first, input);
    let why = match known {
        Some(_) => format!("the AWS service models ({version}) have no paginator for it"),
        None => format!(
            "its service is not in aws-stubber's tables of the AWS service models ({version})"
        ),
    };
    if pairs.is_empty() {
        return Err(format!(
            "{operation} is not paginated: {why}, and its output has no field named like a \
             page token (next_*, marker or continuation_token) that the input sends back. \
             add_pages is for paginated operations; queue its answers with add_response. \
             Output fields: {}",
            field_names(first).join(", ")
        ));
    }
    Ok(Tokens {
        pairs,
        more: None,
        note: Some(format!("{why}, so its page tokens were found by name")),
    })
}

impl Tokens {
    /// What page `output` returns for the next request: each input field and its value.
    pub(super) fn returned(&self, output: &Node) -> Vec<(String, Node)> {
        self.pairs
            .iter()
            .map(|(out, input)| {
                let value = match token_value(output, out) {
                    Some(v) => Node::Tuple {
                        name: "Some".into(),
                        items: vec![v],
                    },
                    None => Node::Atom("None".into()),
                };
                (input.clone(), value)
            })
            .collect()
    }

    /// The more-results flag of a page, when the operation has one and the page sets it.
    pub(super) fn flag(&self, output: &Node) -> Option<bool> {
        let more = self.more.as_deref()?;
        match path_value(output, more)? {
            Node::Atom(a) => Some(a == "true"),
            _ => None,
        }
    }

    /// Whether paginating code asks for another page after this one; `Err` when the page
    /// says both (a page token, and a flag that says there is no more).
    pub(super) fn asks_for_more(&self, output: &Node, number: usize) -> Result<bool, String> {
        let own: Vec<String> = self
            .pairs
            .iter()
            .filter_map(|(out, _)| {
                own_token(output, out).map(|v| format!("{out} = {}", v.pretty()))
            })
            .collect();
        let any = self
            .pairs
            .iter()
            .any(|(out, _)| token_value(output, out).is_some());
        let flag_name = self.more.as_deref().unwrap_or_default();
        match self.flag(output) {
            Some(false) if !own.is_empty() => Err(format!(
                "page {number} returns {flag_name} = false but also a page token ({}): the \
                 SDK's paginator would ask for another page and a loop that reads \
                 {flag_name} would not; return neither or both",
                own.join(", ")
            )),
            Some(true) if !any => Err(format!(
                "page {number} returns {flag_name} = true but no page token, so paginating \
                 code cannot ask for the next page; return the token too"
            )),
            Some(flag) => Ok(flag),
            None => Ok(any),
        }
    }
}
