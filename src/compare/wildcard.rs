//! The wildcard a scrubbed value leaves in a fixture file: `REDACTED` matches any value that
//! is present, and any non-empty text inside a string.

/// What replaces a scrubbed value. On replay, a recorded request value that was scrubbed
/// matches any value that is present.
pub const REDACTED: &str = "REDACTED";

/// Whether `actual` is `pattern`, where each `REDACTED` in the pattern stands for any
/// non-empty text.
pub(crate) fn glob(pattern: &str, actual: &str) -> bool {
    if !pattern.contains(REDACTED) {
        return pattern == actual;
    }
    let parts: Vec<&str> = pattern.split(REDACTED).collect();
    let (first, rest) = parts.split_first().expect("split yields a part");
    let Some(mut remaining) = actual.strip_prefix(first) else {
        return false;
    };
    let (last, middle) = rest.split_last().expect("the pattern holds REDACTED");
    for part in middle {
        // At least one character stands for the scrubbed value.
        let Some(found) = remaining.get(1..).and_then(|r| r.find(part)) else {
            return false;
        };
        remaining = &remaining[1 + found + part.len()..];
    }
    remaining.len() > last.len() && remaining.ends_with(last)
}
