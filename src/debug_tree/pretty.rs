//! A [`Node`] printed for failure messages.

use std::fmt::Write as _;

use super::Node;

impl Node {
    /// A pretty form close to `{:#?}`, but with short values kept on one line.
    pub(crate) fn pretty(&self) -> String {
        let mut out = String::new();
        self.write_pretty(&mut out, 0);
        out
    }

    /// The one-line form `{:?}` prints (`Name { a: 1, b: Some("x") }`).
    pub(crate) fn compact(&self) -> String {
        let join = |items: &mut dyn Iterator<Item = String>| items.collect::<Vec<_>>().join(", ");
        match self {
            Node::Str(s) | Node::Atom(s) => s.clone(),
            Node::Struct { name, fields, rest } => {
                let mut parts: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.compact()))
                    .collect();
                if *rest {
                    parts.push("..".to_string());
                }
                if parts.is_empty() {
                    name.clone()
                } else {
                    format!("{name} {{ {} }}", parts.join(", "))
                }
            }
            Node::Tuple { name, items } => {
                format!("{name}({})", join(&mut items.iter().map(Node::compact)))
            }
            Node::List(items) => format!("[{}]", join(&mut items.iter().map(Node::compact))),
            Node::Map(entries) => {
                let mut parts = entries.iter().map(|(k, v)| match v {
                    Some(v) => format!("{}: {}", k.compact(), v.compact()),
                    None => k.compact(),
                });
                format!("{{{}}}", join(&mut parts))
            }
        }
    }

    fn inline(&self) -> Option<String> {
        let text = match self {
            Node::Str(s) | Node::Atom(s) => s.clone(),
            Node::Tuple { name, items } => {
                let parts: Option<Vec<String>> = items.iter().map(Node::inline).collect();
                format!("{name}({})", parts?.join(", "))
            }
            Node::List(items) if items.is_empty() => "[]".to_string(),
            Node::Map(items) if items.is_empty() => "{}".to_string(),
            Node::Struct { name, fields, rest } if fields.is_empty() => {
                if *rest {
                    format!("{name} {{ .. }}")
                } else {
                    format!("{name} {{}}")
                }
            }
            _ => return None,
        };
        (text.len() <= 80).then_some(text)
    }

    fn write_pretty(&self, out: &mut String, depth: usize) {
        if let Some(text) = self.inline() {
            out.push_str(&text);
            return;
        }
        let pad = "    ".repeat(depth + 1);
        let end_pad = "    ".repeat(depth);
        match self {
            Node::Struct { name, fields, rest } => {
                let _ = writeln!(out, "{name} {{");
                for (k, v) in fields {
                    let _ = write!(out, "{pad}{k}: ");
                    v.write_pretty(out, depth + 1);
                    out.push_str(",\n");
                }
                if *rest {
                    let _ = writeln!(out, "{pad}..");
                }
                let _ = write!(out, "{end_pad}}}");
            }
            Node::Tuple { name, items } => {
                let _ = writeln!(out, "{name}(");
                for v in items {
                    out.push_str(&pad);
                    v.write_pretty(out, depth + 1);
                    out.push_str(",\n");
                }
                let _ = write!(out, "{end_pad})");
            }
            Node::List(items) => {
                out.push_str("[\n");
                for v in items {
                    out.push_str(&pad);
                    v.write_pretty(out, depth + 1);
                    out.push_str(",\n");
                }
                let _ = write!(out, "{end_pad}]");
            }
            Node::Map(entries) => {
                out.push_str("{\n");
                for (k, v) in entries {
                    out.push_str(&pad);
                    k.write_pretty(out, depth + 1);
                    if let Some(v) = v {
                        out.push_str(": ");
                        v.write_pretty(out, depth + 1);
                    }
                    out.push_str(",\n");
                }
                let _ = write!(out, "{end_pad}}}");
            }
            Node::Str(s) | Node::Atom(s) => out.push_str(s),
        }
    }
}
