//! Line diffs of what a test expected against what the code sent, built on `similar`.

use similar::{ChangeTag, TextDiff};

/// A diff where `-` lines are expected and `+` lines were received; unchanged lines are kept
/// for context around each change, so long inputs stay readable.
pub(crate) fn lines(expected: &str, received: &str) -> String {
    let diff = TextDiff::from_lines(expected, received);
    let mut out = String::from("--- expected\n+++ received\n");
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            out.push_str("  ...\n");
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                out.push(sign);
                out.push(' ');
                out.push_str(change.value().trim_end_matches('\n'));
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn marks_expected_and_received_lines() {
        let d = super::lines("a\nb\nc\n", "a\nx\nc\n");
        assert_eq!(d, "--- expected\n+++ received\n  a\n- b\n+ x\n  c\n");
    }

    #[test]
    fn lines_without_trailing_newline_still_compare() {
        let d = super::lines("same\nold", "same\nnew");
        assert_eq!(d, "--- expected\n+++ received\n  same\n- old\n+ new\n");
    }
}
