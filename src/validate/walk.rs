//! The models' constraints held against a request's members, shape by shape.

use std::borrow::Cow;

use crate::models::constraints::{Bounds, Service, Shape};
use crate::validate::wire::{Form, Node};

/// A constraint a request breaks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Violation {
    /// The member, in the SDK's field names (`change_batch.changes[0].resource_record_set.ttl`).
    pub(crate) path: String,
    /// The value sent, cut short (`None` for a missing member).
    pub(crate) value: Option<String>,
    /// How it breaks the models' constraint (`longer than the max length 64`).
    pub(crate) constraint: String,
}

/// Values are shown up to this many characters.
const SHOWN: usize = 40;

/// How deep the check goes (the models' shapes may be recursive).
const MAX_DEPTH: usize = 64;

pub(crate) struct Walk<'a> {
    pub(crate) service: &'a Service,
    pub(crate) form: Form,
    pub(crate) found: Vec<Violation>,
}

/// Where a value is in the input, written out only when a violation names it
/// (`change_batch.changes[0].resource_record_set.ttl`): most checked values break nothing.
#[derive(Clone, Copy)]
pub(crate) enum Path<'p> {
    Root,
    Field(&'p Path<'p>, &'p str),
    Item(&'p Path<'p>, usize),
    /// A map's key (`tags[key "team"]`).
    Key(&'p Path<'p>, &'p str),
    /// A map's value (`tags["team"]`).
    Value(&'p Path<'p>, &'p str),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, field) => f.write_str(field),
            Path::Field(parent, field) => write!(f, "{parent}.{field}"),
            Path::Item(parent, i) => write!(f, "{parent}[{i}]"),
            Path::Key(parent, key) => write!(f, "{parent}[key {key:?}]"),
            Path::Value(parent, key) => write!(f, "{parent}[{key:?}]"),
        }
    }
}

fn count(n: f64) -> String {
    format!("{n}")
}

impl Walk<'_> {
    fn report(&mut self, path: Path<'_>, value: Option<String>, constraint: String) {
        self.found.push(Violation {
            path: path.to_string(),
            value,
            constraint,
        });
    }

    /// Checks `node` against the shape `name` (a shape without constraints is not in the
    /// table: nothing to check). `unread` names top-level members whose place could not be
    /// read.
    pub(crate) fn check(&mut self, name: &str, node: &Node<'_>, path: Path<'_>, depth: usize) {
        self.check_with(name, node, path, depth, &[]);
    }

    pub(crate) fn check_with(
        &mut self,
        name: &str,
        node: &Node<'_>,
        path: Path<'_>,
        depth: usize,
        unread: &[&str],
    ) {
        if depth > MAX_DEPTH || matches!(node, Node::Null) {
            return;
        }
        let Some(shape) = self.service.shape(name) else {
            return;
        };
        match shape {
            Shape::Structure(members) => {
                for m in members {
                    let mut values = node.children(m.wire).peekable();
                    if values.peek().is_none() {
                        if m.required && !unread.contains(&m.name) {
                            let here = Path::Field(&path, &m.field);
                            self.report(here, None, "required, not sent".to_string());
                        }
                        continue;
                    }
                    let here = Path::Field(&path, &m.field);
                    let flattened = matches!(
                        self.service.shape(m.shape),
                        Some(Shape::List {
                            flattened: true,
                            ..
                        })
                    );
                    if flattened && self.form == Form::Markup {
                        let items = Node::List(values.cloned().collect());
                        self.check(m.shape, &items, here, depth + 1);
                    } else {
                        for value in values {
                            self.check(m.shape, value, here, depth + 1);
                        }
                    }
                }
            }
            Shape::List { member, bounds, .. } => {
                let items = node.items();
                self.bounds(path, items.len() as f64, *bounds, "items", None);
                for (i, item) in items.into_iter().enumerate() {
                    self.check(member, item, Path::Item(&path, i), depth + 1);
                }
            }
            Shape::Map {
                key,
                value,
                key_wire,
                value_wire,
                bounds,
            } => {
                let entries: Vec<(Node<'_>, Option<&Node<'_>>)> = match (self.form, node) {
                    (Form::Json, Node::Object(children)) => children
                        .iter()
                        .map(|(k, v)| (Node::Scalar(Cow::Borrowed(&**k)), Some(v)))
                        .collect(),
                    _ => node
                        .items()
                        .into_iter()
                        .filter_map(|entry| {
                            let k = entry.children(key_wire).next()?.clone();
                            Some((k, entry.children(value_wire).next()))
                        })
                        .collect(),
                };
                self.bounds(path, entries.len() as f64, *bounds, "entries", None);
                for (k, v) in entries {
                    let shown = match &k {
                        Node::Scalar(s) => &**s,
                        _ => "",
                    };
                    self.check(key, &k, Path::Key(&path, shown), depth + 1);
                    if let Some(v) = v {
                        self.check(value, v, Path::Value(&path, shown), depth + 1);
                    }
                }
            }
            Shape::Enum(values) => {
                if let Node::Scalar(s) = node
                    && !values.contains(s)
                {
                    let values = &values.listed;
                    let listed = if values.len() > 8 {
                        format!("{}, ... ({} values)", values[..8].join(", "), values.len())
                    } else {
                        values.join(", ")
                    };
                    self.report(
                        path,
                        Some(shown(s, false)),
                        format!("not one of the values the model lists ({listed})"),
                    );
                }
            }
            Shape::String {
                bounds,
                pattern,
                sensitive,
            } => {
                let Node::Scalar(s) = node else {
                    return;
                };
                let value = || shown(s, *sensitive);
                let length = s.chars().count() as f64;
                self.bounds(path, length, *bounds, "characters", Some(&value));
                if let Some(pattern) = pattern
                    && !pattern.matches(s)
                {
                    self.report(
                        path,
                        Some(value()),
                        format!("does not match the pattern {}", pattern.source),
                    );
                }
            }
            Shape::Blob(bounds) => {
                let length = match node {
                    Node::Bytes(bytes) => bytes.len(),
                    Node::Scalar(s) => {
                        use base64::Engine as _;
                        match base64::engine::general_purpose::STANDARD.decode(s.as_bytes()) {
                            Ok(bytes) => bytes.len(),
                            Err(_) => return,
                        }
                    }
                    _ => return,
                };
                self.bounds(path, length as f64, *bounds, "bytes", None);
            }
            Shape::Number(bounds) => {
                if let Node::Scalar(s) = node
                    && let Ok(n) = s.parse::<f64>()
                {
                    if let Some(min) = bounds.min
                        && n < min
                    {
                        self.report(
                            path,
                            Some(s.to_string()),
                            format!("below the min value {}", count(min)),
                        );
                    }
                    if let Some(max) = bounds.max
                        && n > max
                    {
                        self.report(
                            path,
                            Some(s.to_string()),
                            format!("above the max value {}", count(max)),
                        );
                    }
                }
            }
        }
    }

    /// A length or count against its bounds.
    fn bounds(
        &mut self,
        path: Path<'_>,
        n: f64,
        bounds: Bounds,
        unit: &str,
        value: Option<&dyn Fn() -> String>,
    ) {
        let shown = || match value {
            Some(v) => format!("{} ({} {unit})", v(), count(n)),
            None => format!("{} {unit}", count(n)),
        };
        if let Some(min) = bounds.min
            && n < min
        {
            let constraint = match unit {
                "characters" => format!("shorter than the min length {}", count(min)),
                _ => format!("fewer than the min of {} {unit}", count(min)),
            };
            self.report(path, Some(shown()), constraint);
        }
        if let Some(max) = bounds.max
            && n > max
        {
            let constraint = match unit {
                "characters" => format!("longer than the max length {}", count(max)),
                _ => format!("more than the max of {} {unit}", count(max)),
            };
            self.report(path, Some(shown()), constraint);
        }
    }
}

/// A value as a message shows it: quoted and cut short; a sensitive one not at all.
fn shown(s: &str, sensitive: bool) -> String {
    if sensitive {
        return "(sensitive, not shown)".to_string();
    }
    if s.chars().count() > SHOWN {
        let head: String = s.chars().take(SHOWN).collect();
        format!("{:?}", format!("{head}...")).replacen("...\"", "\"...", 1)
    } else {
        format!("{s:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_and_secrets_hidden() {
        assert_eq!(shown("abc", false), "\"abc\"");
        let long = "a".repeat(65);
        assert_eq!(shown(&long, false), format!("\"{}\"...", "a".repeat(40)));
        assert_eq!(shown("hunter2", true), "(sensitive, not shown)");
    }
}
