//! Line diffs of what a test expected against what the code sent, built on `similar`.

use similar::{ChangeTag, TextDiff};

/// Indents each line of `text` by four spaces, for text quoted inside a message.
pub(crate) fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// A diff where `-` lines are expected and `+` lines were received; unchanged lines are kept
/// for context around each change, so long inputs stay readable.
pub(crate) fn lines(expected: &str, received: &str) -> String {
    let diff = TextDiff::from_lines(expected, received);
    let mut out = String::from("--- expected\n+++ received\n");
    let total = diff.old_slices().len();
    let mut shown_to = 0;
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        elide(
            &mut out,
            diff.old_slices(),
            shown_to..first.old_range().start,
        );
        shown_to = last.old_range().end;
        for op in &group {
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
    elide(&mut out, diff.old_slices(), shown_to..total);
    out
}

/// Unchanged lines between the shown parts: `...` for a run, the lines themselves when
/// eliding would save nothing (a closing brace, say).
fn elide(out: &mut String, lines: &[&str], range: std::ops::Range<usize>) {
    match range.len() {
        0 => {}
        1 | 2 => {
            for line in &lines[range] {
                out.push_str("  ");
                out.push_str(line.trim_end_matches('\n'));
                out.push('\n');
            }
        }
        _ => out.push_str("  ...\n"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn marks_expected_and_received_lines() {
        let d = super::lines("a\nb\nc\n", "a\nx\nc\n");
        assert_eq!(d, "--- expected\n+++ received\n  a\n- b\n+ x\n  c\n");
    }

    #[test]
    fn elides_long_unchanged_runs() {
        let expected: String = (0..20).map(|i| format!("{i}\n")).collect();
        let received = expected.replace("10\n", "ten\n");
        let d = super::lines(&expected, &received);
        assert_eq!(
            d,
            "--- expected\n+++ received\n  ...\n  7\n  8\n  9\n- 10\n+ ten\n  11\n  12\n  13\n  ...\n"
        );
    }

    #[test]
    fn shows_a_line_that_eliding_would_only_replace() {
        let expected: String = (0..5).map(|i| format!("{i}\n")).collect();
        let received = expected.replace("0\n", "zero\n");
        let d = super::lines(&expected, &received);
        assert_eq!(
            d,
            "--- expected\n+++ received\n- 0\n+ zero\n  1\n  2\n  3\n  4\n"
        );
    }

    #[test]
    fn lines_without_trailing_newline_still_compare() {
        let d = super::lines("same\nold", "same\nnew");
        assert_eq!(d, "--- expected\n+++ received\n  same\n- old\n+ new\n");
    }
}
