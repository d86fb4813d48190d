//! A tree read back from a value's `Debug` text.
//!
//! SDK inputs derive `Debug` but share no trait that walks their fields, so partial
//! expectations, the `ANY` wildcard and readable diffs work on the structure that `{:?}`
//! prints: `Name { field: value, .. }`, `Some(..)`, `[..]`, `{k: v}`, strings and atoms.

mod parse;
mod pretty;

/// The text `Debug` prints for a field whose value the SDK redacts.
pub(crate) const REDACTED: &str = "\"*** Sensitive Data Redacted ***\"";

/// A wildcard for input expectations: as the value of a string field (or of an SDK enum
/// built from it) it matches any value that is present. `repr` as in botocore: `<ANY>`.
pub const ANY: &str = "<ANY>";

/// The wildcard as `Debug` prints it (see [`ANY`]).
pub(crate) const ANY_TEXT: &str = "\"<ANY>\"";

/// What a partial expectation requires of a field it does not set (`expect_absent`,
/// `expect_present`). Stored in the tree as an atom whose text is shown as is in diffs and
/// that parsed `Debug` text never holds (parsed atoms have no spaces or parentheses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldRule {
    Absent,
    Present,
}

impl FieldRule {
    fn mark(self) -> &'static str {
        match self {
            FieldRule::Absent => "None (must be absent)",
            FieldRule::Present => "Some(<ANY>) (any value)",
        }
    }

    fn word(self) -> &'static str {
        match self {
            FieldRule::Absent => "absent",
            FieldRule::Present => "present",
        }
    }

    fn of(node: &Node) -> Option<FieldRule> {
        match node {
            Node::Atom(a) if a == FieldRule::Absent.mark() => Some(FieldRule::Absent),
            Node::Atom(a) if a == FieldRule::Present.mark() => Some(FieldRule::Present),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `Name { a: 1, b: 2 }`; `rest` is true for `Name { a: 1, .. }`.
    Struct {
        name: String,
        fields: Vec<(String, Node)>,
        rest: bool,
    },
    /// `Some(x)`, `Unknown(..)`, or an anonymous tuple `(a, b)` (empty name).
    Tuple {
        name: String,
        items: Vec<Node>,
    },
    List(Vec<Node>),
    /// A map (`{k: v}`); a set (`{a, b}`) has `None` values.
    Map(Vec<(Node, Option<Node>)>),
    /// A quoted string or byte string, kept as printed (quotes and escapes included).
    Str(String),
    /// Numbers, booleans, unit variants, `None`.
    Atom(String),
}

impl Node {
    /// Reads `Debug` text back; what the grammar does not cover is kept verbatim, so that
    /// comparisons stay exact.
    pub(crate) fn parse(text: &str) -> Node {
        parse::parse(text)
    }

    pub(crate) fn is_none(&self) -> bool {
        matches!(self, Node::Atom(a) if a == "None")
    }

    /// `ANY`, or a wrapper such as `Unknown(UnknownVariantValue("<ANY>"))` around it
    /// (an SDK enum built `From` the wildcard string). `Some(ANY)` is not a wildcard by
    /// itself: it still requires the value to be present.
    pub(crate) fn is_any(&self) -> bool {
        match self {
            Node::Str(s) => s == ANY_TEXT,
            Node::Tuple { name, items } => name != "Some" && items.len() == 1 && items[0].is_any(),
            _ => false,
        }
    }

    pub(crate) fn contains_any(&self) -> bool {
        self.is_any() || self.children().any(Node::contains_any)
    }

    fn children(&self) -> Box<dyn Iterator<Item = &Node> + '_> {
        match self {
            Node::Struct { fields, .. } => Box::new(fields.iter().map(|(_, v)| v)),
            Node::Tuple { items, .. } | Node::List(items) => Box::new(items.iter()),
            Node::Map(entries) => Box::new(
                entries
                    .iter()
                    .flat_map(|(k, v)| std::iter::once(k).chain(v.iter())),
            ),
            _ => Box::new(std::iter::empty()),
        }
    }

    /// Does `actual` satisfy `self` as an expectation? In `partial` mode a `None` in the
    /// expectation means "not constrained"; otherwise everything must be equal. `ANY`
    /// matches any value in both modes.
    pub(crate) fn matches(&self, actual: &Node, partial: bool) -> bool {
        if self.is_any() {
            return true;
        }
        match FieldRule::of(self) {
            Some(FieldRule::Absent) => return actual.is_none(),
            Some(FieldRule::Present) => return !actual.is_none(),
            None => {}
        }
        if partial && (self.is_none() || matches!(self, Node::Str(s) if s == REDACTED)) {
            // Unset, or hidden by the SDK's redacting Debug: not compared.
            return true;
        }
        self.matches_shape(actual, partial)
    }

    /// Both nodes of the same kind, their parts matching (see [`Node::matches`]).
    fn matches_shape(&self, actual: &Node, partial: bool) -> bool {
        match (self, actual) {
            // A value read back from a request (see `decode`) cannot tell a required member
            // (`T`) from an optional one (`Option<T>`); in process both sides are one type.
            (Node::Tuple { name, items }, other)
                if name == "Some" && items.len() == 1 && !other.is_none() && !other.is_some() =>
            {
                items[0].matches(other, partial)
            }
            (other, Node::Tuple { name, items })
                if name == "Some" && items.len() == 1 && !other.is_none() && !other.is_some() =>
            {
                other.matches(&items[0], partial)
            }
            (
                Node::Struct {
                    name: en,
                    fields: ef,
                    ..
                },
                Node::Struct {
                    name: an,
                    fields: af,
                    ..
                },
            ) => {
                same_name(en, an)
                    && (partial || ef.len() == af.len())
                    && ef.iter().all(|(k, ev)| {
                        af.iter()
                            .find(|(ak, _)| ak == k)
                            .is_some_and(|(_, av)| ev.matches(av, partial))
                    })
            }
            (
                Node::Tuple {
                    name: en,
                    items: ei,
                },
                Node::Tuple {
                    name: an,
                    items: ai,
                },
            ) => {
                same_name(en, an)
                    && ei.len() == ai.len()
                    && ei.iter().zip(ai).all(|(e, a)| e.matches(a, partial))
            }
            (Node::List(ei), Node::List(ai)) => {
                ei.len() == ai.len() && ei.iter().zip(ai).all(|(e, a)| e.matches(a, partial))
            }
            (Node::Map(em), Node::Map(am)) => {
                (partial || em.len() == am.len())
                    && em.iter().all(|(ek, ev)| {
                        am.iter().any(|(ak, av)| {
                            ek.matches(ak, false)
                                && match (ev, av) {
                                    (Some(e), Some(a)) => e.matches(a, partial),
                                    (None, None) => true,
                                    _ => false,
                                }
                        })
                    })
            }
            (Node::Str(e), Node::Str(a)) => e == a,
            // Unit variants compare by their letters and digits, as names do.
            (Node::Atom(e), Node::Atom(a)) => {
                e == a || (is_variant(e) && is_variant(a) && same_name(e, a))
            }
            _ => false,
        }
    }

    fn is_some(&self) -> bool {
        matches!(self, Node::Tuple { name, .. } if name == "Some")
    }

    /// The parts of `self` and `actual` that a partial expectation looks at: unset (`None`)
    /// fields of the expectation are dropped from both sides, so a diff shows only what the
    /// test asked for.
    pub(crate) fn project(&self, actual: &Node) -> (Node, Node) {
        match (self, actual) {
            (
                Node::Struct { name, fields, .. },
                Node::Struct {
                    name: an,
                    fields: af,
                    ..
                },
            ) if same_name(name, an) => project_fields(name, fields, af),
            (
                Node::Tuple { name, items },
                Node::Tuple {
                    name: an,
                    items: ai,
                },
            ) if same_name(name, an) && items.len() == ai.len() => {
                let (e, a) = items.iter().zip(ai).map(|(e, a)| e.project(a)).unzip();
                (
                    Node::Tuple {
                        name: name.clone(),
                        items: e,
                    },
                    Node::Tuple {
                        name: an.clone(),
                        items: a,
                    },
                )
            }
            (Node::List(items), Node::List(ai)) if items.len() == ai.len() => {
                let (e, a) = items.iter().zip(ai).map(|(e, a)| e.project(a)).unzip();
                (Node::List(e), Node::List(a))
            }
            _ => (self.clone(), actual.clone()),
        }
    }

    /// Applies `rule` to the top-level field `name` of this structure; `Err` says why it
    /// cannot be (no such field, or one the expectation sets or that is never absent).
    pub(crate) fn require(&mut self, name: &str, rule: FieldRule) -> Result<(), String> {
        let Node::Struct { fields, .. } = self else {
            return Err("the input is not a structure".to_string());
        };
        let names = fields
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        match fields.iter_mut().find(|(k, _)| k == name) {
            Some((_, v)) if v.is_none() || FieldRule::of(v).is_some() => {
                *v = Node::Atom(rule.mark().to_string());
                Ok(())
            }
            Some(_) => Err(format!(
                "field `{name}` is set by the expectation or is not optional, so it cannot be required {}",
                rule.word()
            )),
            None => Err(format!(
                "the input has no field `{name}`; its fields are: {names}"
            )),
        }
    }

    /// The top-level fields of this structure that a [`FieldRule`] applies to.
    pub(crate) fn field_rules(&self) -> Vec<(String, FieldRule)> {
        match self {
            Node::Struct { fields, .. } => fields
                .iter()
                .filter_map(|(k, v)| FieldRule::of(v).map(|rule| (k.clone(), rule)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Marks the fields that still hold the builder's default as unconstrained (`None`), so
    /// a partial expectation compares only what the test set, even for fields that are not
    /// options (such as a streaming body).
    pub(crate) fn without_defaults(self, default: &Node) -> Node {
        match (self, default) {
            (
                Node::Struct { name, fields, rest },
                Node::Struct {
                    name: dn,
                    fields: df,
                    ..
                },
            ) if name == *dn => Node::Struct {
                fields: fields
                    .into_iter()
                    .map(|(k, v)| match df.iter().find(|(dk, _)| *dk == k) {
                        Some((_, dv)) if v == *dv => (k, Node::Atom("None".into())),
                        Some((_, dv)) => (k, v.without_defaults(dv)),
                        None => (k, v),
                    })
                    .collect(),
                name,
                rest,
            },
            (node, _) => node,
        }
    }
}

/// [`Node::project`] of a structure's fields: what the expectation sets, with the fields that
/// match shown as unchanged context on both sides.
fn project_fields(
    name: &str,
    fields: &[(String, Node)],
    actual: &[(String, Node)],
) -> (Node, Node) {
    let mut e_out = Vec::new();
    let mut a_out = Vec::new();
    for (k, ev) in fields {
        if ev.is_none() {
            continue;
        }
        match actual.iter().find(|(ak, _)| ak == k) {
            // A field that matches (ANY included) shows as unchanged context.
            Some((_, av)) if ev.matches(av, true) => {
                e_out.push((k.clone(), av.clone()));
                a_out.push((k.clone(), av.clone()));
            }
            Some((_, av)) => {
                let (e, a) = ev.project(av);
                e_out.push((k.clone(), e));
                a_out.push((k.clone(), a));
            }
            None => e_out.push((k.clone(), ev.clone())),
        }
    }
    let rest = fields.len() > e_out.len();
    let named = |fields| Node::Struct {
        name: name.to_string(),
        fields,
        rest,
    };
    (named(e_out), named(a_out))
}

#[cfg(test)]
mod tests;

/// Type and variant names, equal by their letters and digits (`DescribeDbInstancesInput` and
/// `DescribeDBInstancesInput`, `Crc32C` and `Crc32c`): a tree read back from a request (see
/// `decode`) spells them from the models, the SDK by its own rules. Within one type no two
/// of its names differ only so.
fn same_name(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    a == b || letters(a) == letters(b)
}

/// A unit variant's name (`T2Micro`), not a number, `true` or `None`.
fn is_variant(atom: &str) -> bool {
    atom.starts_with(|c: char| c.is_ascii_uppercase()) && atom != "None"
}
