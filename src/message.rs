//! How the messages a user reads are built: the crate's prefix, and a call and a queue entry
//! as every message names them.

/// The prefix of every message the crate prints, panics with or fails a call with.
pub(crate) const PREFIX: &str = "aws-stubber: ";

/// A call as messages name it: `call #3 to S3 ListBuckets` (the operation alone when the
/// service is not known).
pub(crate) fn call(index: usize, service: &str, operation: &str) -> String {
    if service.is_empty() {
        format!("call #{index} to {operation}")
    } else {
        format!("call #{index} to {service} {operation}")
    }
}

/// How many calls an entry that answers more than one has left, for its header: `2 of 3
/// calls left`, `answers any number of calls`; nothing for an entry of one call.
pub(crate) fn calls_left(times: usize, left: usize, forever: bool) -> Option<String> {
    if forever {
        Some("answers any number of calls".to_string())
    } else if times > 1 {
        Some(format!("{left} of {times} calls left"))
    } else {
        None
    }
}

/// A duration as messages write it: `1h 5m`, `30s`, `250ms`.
pub(crate) fn duration(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    let parts = [(secs / 3600, "h"), (secs / 60 % 60, "m"), (secs % 60, "s")];
    let text: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if text.is_empty() {
        format!("{}ms", d.as_millis())
    } else {
        text.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_named_by_its_number_service_and_operation() {
        assert_eq!(call(3, "S3", "ListBuckets"), "call #3 to S3 ListBuckets");
        assert_eq!(call(1, "", "ListBuckets"), "call #1 to ListBuckets");
        assert_eq!(
            calls_left(3, 2, false).as_deref(),
            Some("2 of 3 calls left")
        );
        assert_eq!(calls_left(1, 1, false), None);
    }

    #[test]
    fn durations_read_in_their_largest_units() {
        use std::time::Duration;
        assert_eq!(duration(Duration::from_secs(3900)), "1h 5m");
        assert_eq!(duration(Duration::from_secs(30)), "30s");
        assert_eq!(duration(Duration::from_millis(250)), "250ms");
    }
}
