//! A policy document's statements, read from its JSON.

use serde_json::Value;

use super::PolicyError;
use super::condition::Operator;

/// One condition: an operator, a key and the values it is held against.
#[derive(Debug, Clone)]
pub(super) struct Condition {
    pub(super) operator: Operator,
    /// `StringEquals on s3:prefix`, for messages.
    pub(super) text: String,
    pub(super) key: String,
    pub(super) values: Vec<String>,
}

/// One statement of a policy.
#[derive(Debug, Clone)]
pub(super) struct Statement {
    pub(super) name: String,
    pub(super) allow: bool,
    pub(super) actions: Vec<String>,
    pub(super) not_action: bool,
    pub(super) resources: Vec<String>,
    pub(super) not_resource: bool,
    pub(super) conditions: Vec<Condition>,
}

/// A string or a list of strings (`"Action": "s3:*"` or `["s3:GetObject", ...]`).
fn strings(value: &Value, what: &str) -> Result<Vec<String>, PolicyError> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                Value::Bool(b) => Ok(b.to_string()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(PolicyError(format!("{what} holds {i}, not a string"))),
            })
            .collect(),
        Value::Bool(b) => Ok(vec![b.to_string()]),
        Value::Number(n) => Ok(vec![n.to_string()]),
        other => Err(PolicyError(format!(
            "{what} is {other}, not a string or a list of strings"
        ))),
    }
}

/// The element named `a` or `not_a` of a statement: its values and whether it was the `Not`.
fn element(
    statement: &serde_json::Map<String, Value>,
    name: &str,
    what: &str,
) -> Result<(Vec<String>, bool), PolicyError> {
    let not = format!("Not{name}");
    match (statement.get(name), statement.get(&not)) {
        (Some(v), None) => Ok((strings(v, &format!("{what}'s {name}"))?, false)),
        (None, Some(v)) => Ok((strings(v, &format!("{what}'s {not}"))?, true)),
        (Some(_), Some(_)) => Err(PolicyError(format!("{what} has both {name} and {not}"))),
        (None, None) => Err(PolicyError(format!("{what} has neither {name} nor {not}"))),
    }
}

pub(super) fn statement(i: usize, value: &Value) -> Result<Statement, PolicyError> {
    let Value::Object(s) = value else {
        return Err(PolicyError(format!(
            "statement #{} is not an object",
            i + 1
        )));
    };
    // The statement's Sid, or its position; `name` in messages.
    let id = match s.get("Sid") {
        Some(Value::String(sid)) if !sid.is_empty() => sid.clone(),
        _ => format!("#{}", i + 1),
    };
    let name = format!("statement {id}");
    let allow = match s.get("Effect").and_then(Value::as_str) {
        Some("Allow") => true,
        Some("Deny") => false,
        other => {
            return Err(PolicyError(format!(
                "{name}'s Effect is {other:?}: \"Allow\" or \"Deny\""
            )));
        }
    };
    if s.contains_key("Principal") || s.contains_key("NotPrincipal") {
        return Err(PolicyError(format!(
            "{name} names a Principal: this is a resource policy, and only identity policies \
             and permissions boundaries are evaluated"
        )));
    }
    let (actions, not_action) = element(s, "Action", &name)?;
    let (resources, not_resource) = element(s, "Resource", &name)?;
    let mut conditions = Vec::new();
    match s.get("Condition") {
        None => {}
        Some(Value::Object(operators)) => {
            for (op, keys) in operators {
                let operator =
                    Operator::parse(op).map_err(|e| PolicyError(format!("{name}: {e}")))?;
                let Value::Object(keys) = keys else {
                    return Err(PolicyError(format!(
                        "{name}'s {op} is not an object of keys"
                    )));
                };
                for (key, values) in keys {
                    conditions.push(Condition {
                        operator,
                        text: format!("{op} on {key}"),
                        key: key.clone(),
                        values: strings(values, &format!("{name}'s {op} {key}"))?,
                    });
                }
            }
        }
        Some(_) => return Err(PolicyError(format!("{name}'s Condition is not an object"))),
    }
    Ok(Statement {
        name: id,
        allow,
        actions,
        not_action,
        resources,
        not_resource,
        conditions,
    })
}
