//! The wildcard a scrubbed value leaves in a fixture file: `REDACTED` matches any value that
//! is present, and any non-empty text inside a string.
//!
//! A recording whose request already held the text `REDACTED` as data marks its scrubbed
//! values with another word instead (`REDACTED-2`, `REDACTED-3`, ...: the first that the
//! request does not hold), named by the interaction's `scrub_mark`. Only that mark is a
//! wildcard there, so a real value that reads `REDACTED` is compared like any other.

/// What replaces a scrubbed value. On replay, a recorded request value that was scrubbed
/// matches any value that is present.
pub(crate) const REDACTED: &str = "REDACTED";

/// Whether `value` is a scrub mark: `REDACTED`, or `REDACTED-N` as an interaction whose data
/// held the word uses. A value that is one was scrubbed already.
pub(crate) fn is_mark(value: &[u8]) -> bool {
    match value.strip_prefix(REDACTED.as_bytes()) {
        Some([]) => true,
        Some([b'-', digits @ ..]) => !digits.is_empty() && digits.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// The scrub mark for a request whose values (as `texts` shows them: raw and decoded) are
/// about to be scrubbed: `REDACTED`, unless one of them already holds that word; then the
/// first `REDACTED-N` (N from 2) that none holds.
#[cfg_attr(not(feature = "record"), allow(dead_code))]
pub(crate) fn choose_mark<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> String {
    let holds = |mark: &str| texts.clone().any(|t| t.contains(mark));
    if !holds(REDACTED) {
        return REDACTED.to_string();
    }
    (2..)
        .map(|n| format!("{REDACTED}-{n}"))
        .find(|mark| !holds(mark))
        .expect("some mark is not in a finite text")
}

/// Whether `actual` is `pattern`, where each `REDACTED` in the pattern stands for any
/// non-empty text.
pub(crate) fn glob(pattern: &str, actual: &str) -> bool {
    glob_with(REDACTED, pattern, actual)
}

/// Whether `actual` is `pattern`, where each `mark` in the pattern stands for any non-empty
/// text.
pub(crate) fn glob_with(mark: &str, pattern: &str, actual: &str) -> bool {
    if !pattern.contains(mark) {
        return pattern == actual;
    }
    let parts: Vec<&str> = pattern.split(mark).collect();
    let (first, rest) = parts.split_first().expect("split yields a part");
    let Some(mut remaining) = actual.strip_prefix(first) else {
        return false;
    };
    let (last, middle) = rest.split_last().expect("the pattern holds the mark");
    for part in middle {
        // At least one character stands for the scrubbed value.
        let Some(found) = remaining.get(1..).and_then(|r| r.find(part)) else {
            return false;
        };
        remaining = &remaining[1 + found + part.len()..];
    }
    remaining.len() > last.len() && remaining.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::{choose_mark, glob_with, is_mark};

    #[test]
    fn marks_are_the_word_or_the_word_numbered() {
        assert!(is_mark(b"REDACTED") && is_mark(b"REDACTED-2") && is_mark(b"REDACTED-17"));
        for not in [
            "REDACTED-",
            "REDACTED-x",
            "REDACTED.txt",
            "xREDACTED",
            "redacted",
            "",
        ] {
            assert!(!is_mark(not.as_bytes()), "{not}");
        }
    }

    #[test]
    fn a_request_holding_the_word_gets_another_mark() {
        assert_eq!(choose_mark(["a", "b"].into_iter()), "REDACTED");
        assert_eq!(choose_mark(["REDACTED.txt"].into_iter()), "REDACTED-2");
        assert_eq!(
            choose_mark(["REDACTED.txt", "x REDACTED-2 REDACTED-3"].into_iter()),
            "REDACTED-4"
        );
    }

    #[test]
    fn only_the_mark_is_a_wildcard() {
        assert!(glob_with("REDACTED-2", "REDACTED-2", "anything"));
        assert!(!glob_with("REDACTED-2", "REDACTED.txt", "secret.txt"));
        assert!(glob_with("REDACTED-2", "REDACTED.txt", "REDACTED.txt"));
        assert!(glob_with("REDACTED-2", "REDACTED/REDACTED-2", "REDACTED/x"));
    }
}
