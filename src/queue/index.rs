//! Finding the entries a call may take in unordered mode without looking at the others.
//!
//! Entries are filed by operation and by the plain values their input expectation requires
//! of top-level fields (`bucket: Some("logs"), key: Some("a.txt")`: strings, numbers, enums),
//! all of them together. A call looks only at the entries of its operation that require
//! no plain value, or exactly the values the call sent in those fields, in queue order. So a
//! call's cost does not grow with the entries it cannot match, and its input is read once.

use std::any::TypeId;
use std::collections::{BTreeSet, HashMap};
use std::iter::Peekable;

use crate::compare::expect::InputExpectation;
use crate::debug_tree::{Node, REDACTED};
use crate::history::CallId;
use crate::operation::OpKey;
use crate::queue::slot::Entry;

/// The operation an entry is filed under: its input type when typed, else its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Bucket {
    Type(TypeId),
    Name(String),
}

/// The top-level fields an entry requires plain values of, in the input's order.
type Fields = Vec<String>;
/// Those values, as `Debug` prints them.
type Values = Vec<String>;

/// The entries of one operation.
#[derive(Debug, Default)]
struct Entries {
    /// By the fields they require plain values of, then by those values.
    keyed: HashMap<Fields, HashMap<Values, BTreeSet<usize>>>,
    /// Entries that require no plain value of a top-level field.
    unkeyed: BTreeSet<usize>,
}

/// The sealed entries of an unordered queue, by number.
#[derive(Debug, Default)]
pub(crate) struct Index {
    by_op: HashMap<Bucket, Entries>,
}

fn bucket(op: &OpKey) -> Bucket {
    match op {
        OpKey::Typed { type_id, .. } => Bucket::Type(*type_id),
        OpKey::Named(n) => Bucket::Name(n.operation.clone()),
    }
}

/// A value that only an equal value matches, whatever the mode of comparison: a string,
/// number, boolean or enum, bare or in `Some(..)`.
fn plain(value: &Node) -> bool {
    match value {
        Node::Str(s) => s != REDACTED && !value.is_any(),
        Node::Atom(a) => a != "None" && !a.contains(' '),
        Node::Tuple { name, items } => name == "Some" && items.len() == 1 && plain(&items[0]),
        _ => false,
    }
}

/// The fields an entry requires plain values of, with the values; `None` when there is none.
fn key(entry: &Entry) -> Option<(Fields, Values)> {
    let tree = match entry.input.as_ref()? {
        InputExpectation::Partial { expected } | InputExpectation::Exact { expected, .. } => {
            expected
        }
        InputExpectation::Predicate { .. } => return None,
    };
    let Node::Struct { fields, .. } = tree else {
        return None;
    };
    let (names, values): (Fields, Values) = fields
        .iter()
        .filter(|(_, value)| plain(value))
        .map(|(name, value)| (name.clone(), format!("{value:?}")))
        .unzip();
    (!names.is_empty()).then_some((names, values))
}

/// The values of these top-level fields of a call's input, as [`key`] writes them.
fn values(tree: &Node, names: &[String]) -> Option<Values> {
    let Node::Struct { fields, .. } = tree else {
        return None;
    };
    names
        .iter()
        .map(|name| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, value)| format!("{value:?}"))
        })
        .collect()
}

impl Index {
    pub(crate) fn insert(&mut self, entry: &Entry) {
        let entries = self.by_op.entry(bucket(&entry.op)).or_default();
        match key(entry) {
            Some((names, values)) => {
                entries
                    .keyed
                    .entry(names)
                    .or_default()
                    .entry(values)
                    .or_default()
                    .insert(entry.number);
            }
            None => {
                entries.unkeyed.insert(entry.number);
            }
        }
    }

    pub(crate) fn remove(&mut self, entry: &Entry) {
        let Some(entries) = self.by_op.get_mut(&bucket(&entry.op)) else {
            return;
        };
        let Some((names, values)) = key(entry) else {
            entries.unkeyed.remove(&entry.number);
            return;
        };
        let Some(by_values) = entries.keyed.get_mut(&names) else {
            return;
        };
        if let Some(set) = by_values.get_mut(&values) {
            set.remove(&entry.number);
            if set.is_empty() {
                by_values.remove(&values);
            }
        }
        if by_values.is_empty() {
            entries.keyed.remove(&names);
        }
    }

    /// The numbers of the entries the call may take, in queue order (each still to be
    /// checked in full).
    pub(crate) fn candidates<'a>(
        &'a self,
        call: &CallId,
        tree: &Node,
    ) -> impl Iterator<Item = usize> + 'a {
        let buckets = [
            call.input_type.map(Bucket::Type),
            Some(Bucket::Name(call.operation.clone())),
        ];
        let mut sets: Vec<&'a BTreeSet<usize>> = Vec::new();
        for entries in buckets.iter().flatten().filter_map(|b| self.by_op.get(b)) {
            sets.push(&entries.unkeyed);
            for (names, by_values) in &entries.keyed {
                if let Some(set) = values(tree, names).and_then(|v| by_values.get(&v)) {
                    sets.push(set);
                }
            }
        }
        Merge {
            iters: sets.into_iter().map(|s| s.iter().peekable()).collect(),
        }
    }
}

/// The numbers of several sorted sets, in ascending order.
struct Merge<'a> {
    iters: Vec<Peekable<std::collections::btree_set::Iter<'a, usize>>>,
}

impl Iterator for Merge<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let (i, _) = self
            .iters
            .iter_mut()
            .enumerate()
            .filter_map(|(i, it)| it.peek().map(|n| (i, **n)))
            .min_by_key(|(_, n)| *n)?;
        self.iters[i].next().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{Merge, plain};
    use crate::debug_tree::Node;
    use std::collections::BTreeSet;

    #[test]
    fn sets_merge_in_order() {
        let a: BTreeSet<usize> = [1, 4, 9].into();
        let b: BTreeSet<usize> = [2, 3, 10].into();
        let merged: Vec<usize> = Merge {
            iters: vec![a.iter().peekable(), b.iter().peekable()],
        }
        .collect();
        assert_eq!(merged, [1, 2, 3, 4, 9, 10]);
    }

    #[test]
    fn only_plain_values_file_an_entry() {
        for (text, is_plain) in [
            ("Some(\"logs\")", true),
            ("Some(42)", true),
            ("Some(Requester)", true),
            ("\"logs\"", true),
            ("None", false),
            ("Some(\"<ANY>\")", false),
            ("Some([\"a\"])", false),
            ("Some(Tagging { tag_set: [] })", false),
            ("\"*** Sensitive Data Redacted ***\"", false),
        ] {
            assert_eq!(plain(&Node::parse(text)), is_plain, "{text}");
        }
    }
}
