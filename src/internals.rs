//! Entry points for fuzzing and tooling. No stability promise: they may change in any
//! release.

use crate::history::RecordedRequest;

/// How `actual` differs from a recorded request, as replay reports it (empty when it
/// matches).
pub fn replay_differences(recorded: &RecordedRequest, actual: &RecordedRequest) -> Vec<String> {
    crate::compare::replayed::Recorded::new(recorded.clone(), crate::scrub::REDACTED)
        .differences(actual)
}

/// Reads a value's `Debug` text back and prints it the way failure messages do.
pub fn pretty_debug(text: &str) -> String {
    crate::debug_tree::Node::parse(text).pretty()
}

/// What a new recording changes in a fixture, by meaning, as `aws-stubber-fixture
/// review` shows it: one block per interaction (`=` unchanged, `~` changed, `+` added,
/// `-` removed).
pub fn fixture_changes(old: &crate::fixture::Fixture, new: &crate::fixture::Fixture) -> String {
    crate::record::changes::review(old, new)
}

/// What the AWS service models say the service would refuse in a request of `service`'s
/// `operation` (the stubber's request validation): one line per broken constraint
/// (`user_name: required, not sent`), empty when the request passes.
pub fn request_violations(
    service: &str,
    operation: &str,
    request: &RecordedRequest,
) -> Vec<String> {
    crate::validate::check(service, operation, request)
        .map(|invalid| invalid.lines().collect())
        .unwrap_or_default()
}

/// A line diff of two texts, as failure messages show it.
pub fn line_diff(expected: &str, received: &str) -> String {
    crate::compare::diff::lines(expected, received)
}

/// Inflates `service`'s part of a compiled-in table (`constraints`, `errors`, `pages`,
/// `sensitive`) anew, as its first use does; the text's length in bytes, `None` for an unknown
/// table or service.
pub fn inflate_table_part(table: &str, service: &str) -> Option<usize> {
    crate::models::inflate_part(table, service)
}
