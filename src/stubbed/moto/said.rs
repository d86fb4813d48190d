//! A call moto did not answer as AWS would, in moto's words: it did not answer in time, its
//! server exited, it does not implement the operation, or it failed on it (its traceback,
//! summed up). Each is a [`MotoError`] that the call's connector error carries.

use std::time::Duration;

use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};

use super::error::MotoError;
use super::process::Process;

/// How many lines of moto's output a message shows.
const SHOWN_LINES: usize = 12;

/// The call a message names: the service and operation as the SDK names them.
#[derive(Debug, Clone)]
pub(super) struct CallName {
    service: String,
    operation: String,
}

impl std::fmt::Display for CallName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.service, self.operation)
    }
}

impl CallName {
    /// The stubber's names for a fixture's call; for a client without its interceptor, the
    /// service its signature names and the operation its target header or `Action` shows.
    pub(super) fn of(request: &HttpRequest) -> CallName {
        if let Some(attempt) = request.extension::<crate::queue::attempt::Attempt>() {
            return CallName {
                service: attempt.call.id.service.clone(),
                operation: attempt.call.id.operation.clone(),
            };
        }
        let header = |name: &str| request.headers().get(name).unwrap_or_default();
        let service = header("authorization")
            .split("Credential=")
            .nth(1)
            .and_then(|scope| scope.split('/').nth(3))
            .unwrap_or("a service")
            .to_string();
        let form = request
            .body()
            .bytes()
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|body| {
                body.split('&')
                    .find_map(|pair| pair.strip_prefix("Action="))
                    .map(str::to_string)
            });
        let operation = match header("x-amz-target").rsplit_once('.') {
            Some((_, operation)) => operation.to_string(),
            None => form.unwrap_or_else(|| format!("{} {}", request.method(), request.uri())),
        };
        CallName { service, operation }
    }
}

/// Names the server: its pid and port.
fn server(process: &Process) -> String {
    match process.pid() {
        Some(pid) => format!("moto's server (pid {pid}, port {})", process.port),
        None => format!("moto's server (port {})", process.port),
    }
}

fn tail(process: &Process) -> String {
    let lines = process.tail(SHOWN_LINES);
    if lines.is_empty() {
        return "(nothing)".to_string();
    }
    lines.join("\n")
}

/// The server took longer than `limit` to answer.
pub(super) fn wedged(process: &Process, call: &CallName, limit: Duration) -> MotoError {
    MotoError::new(format!(
        "{} did not answer {call} within {limit:?}: it is stuck or overloaded, and no fixture \
         gets it again. Its output ends:\n{}\nIf moto is only slow here, give the client a \
         longer read timeout: `.timeout_config(TimeoutConfig::builder().read_timeout(..).\
         build())` on its config",
        server(process),
        tail(process)
    ))
}

/// The server exited before it answered.
pub(super) fn exited(process: &Process, call: &CallName, status: &str) -> MotoError {
    process.wait_for_end(Duration::from_millis(500));
    MotoError::new(format!(
        "{} exited ({status}) before it answered {call}; its output ends:\n{}\nThe next \
         fixture starts a new server (this test's resources are gone with this one)",
        server(process),
        tail(process)
    ))
}

/// Whether moto answered with its own crash page (HTTP 500 in HTML), which no AWS protocol
/// reads, rather than an error of the service.
pub(super) fn crashed(response: &HttpResponse) -> bool {
    response.status().as_u16() == 500
        && response
            .headers()
            .get("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
}

/// Whether the lines hold the end of a Python traceback: its exception line.
pub(super) fn has_exception(lines: &[String]) -> bool {
    exceptions(lines).next().is_some()
}

/// The exception lines of the tracebacks in `lines`, with the lines of their frames.
fn exceptions(lines: &[String]) -> impl Iterator<Item = (usize, &str)> {
    let mut in_traceback = false;
    lines.iter().enumerate().filter_map(move |(i, line)| {
        if line.starts_with("Traceback (most recent call last)") {
            in_traceback = true;
            return None;
        }
        if in_traceback && !line.starts_with(' ') && !line.is_empty() {
            in_traceback = false;
            return Some((i, line.as_str()));
        }
        None
    })
}

/// The snake-case name of an operation (`DescribeCapacityReservations` reads
/// `describe_capacity_reservations`), as moto and the SDK's client methods name it.
fn snake(operation: &str) -> String {
    let chars: Vec<char> = operation.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        let after_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
        let ends_acronym = i > 0
            && chars[i - 1].is_uppercase()
            && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        if c.is_uppercase() && (after_lower || ends_acronym) {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// moto answered its crash page: the operation it does not implement, or the summary of the
/// traceback it printed after `lines` began (for the call, when several failed at once).
pub(super) fn failed(process: &Process, call: &CallName, lines: &[String]) -> (MotoError, bool) {
    crash(&server(process), || tail(process), call, lines)
}

/// [`failed`], with the server's name and a way to read the end of its output.
fn crash(
    server: &str,
    tail: impl FnOnce() -> String,
    call: &CallName,
    lines: &[String],
) -> (MotoError, bool) {
    let action = snake(&call.operation);
    let not_implemented = exceptions(lines).find_map(|(_, line)| {
        let what = line.strip_prefix("NotImplementedError: The ")?;
        let named = what.strip_suffix(" action has not been implemented")?;
        (named == action || call.operation.contains(' ')).then(|| named.to_string())
    });
    let krate = format!(
        "aws_sdk_{}",
        call.service.to_lowercase().replace([' ', '-'], "")
    );
    if let Some(named) = not_implemented {
        return (
            MotoError::new(format!(
                "moto does not implement {call} (it answered HTTP 500: \"The {named} action \
                 has not been implemented\"). Queue an entry for it on the moto fixture, which \
                 answers it in front of moto: `fixture.add_response(op!({krate}::Client::\
                 {named}), ..)` (or `add_client_error`, ...)"
            )),
            true,
        );
    }
    // moto fails to find a backend for a service it lacks altogether.
    let no_service = exceptions(lines).last().is_some_and(|(end, _)| {
        lines[..end]
            .iter()
            .rev()
            .take_while(|l| !l.starts_with("Traceback (most recent call last)"))
            .any(|l| l.trim_end().ends_with("in create_backend_app"))
    });
    if no_service && !call.operation.contains(' ') {
        return (
            MotoError::new(format!(
                "moto does not implement {call}: it has no {} service at all (it answered \
                 HTTP 500 as it looked for one). Queue an entry for each of its calls on the \
                 moto fixture, which answers them in front of moto: `fixture.add_response(op!(\
                 {krate}::Client::{action}), ..)` (or `add_client_error`, ...)",
                call.service
            )),
            true,
        );
    }
    let summary = traceback_end(lines)
        .unwrap_or_else(|| format!("(no traceback in its output, which ends:)\n{}", tail()));
    (
        MotoError::new(format!(
            "{server} failed on {call} (it answered HTTP 500); its traceback ends:\n{summary}"
        )),
        false,
    )
}

/// The end of the last traceback in `lines`: its last three frames (paths from the
/// interpreter's `site-packages`, without the code lines) and its exception line.
fn traceback_end(lines: &[String]) -> Option<String> {
    let (end, exception) = exceptions(lines).last()?;
    let start = lines[..end]
        .iter()
        .rposition(|l| l.starts_with("Traceback (most recent call last)"))
        .unwrap_or(0);
    let frames: Vec<String> = lines[start..end]
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.starts_with("File \""))
        .map(|l| match l.split_once("site-packages/") {
            Some((_, rest)) => format!("  File \"{rest}"),
            None => format!("  {l}"),
        })
        .collect();
    let shown = &frames[frames.len().saturating_sub(3)..];
    Some(format!("{}\n  {exception}", shown.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    fn ec2(operation: &str) -> CallName {
        CallName {
            service: "EC2".into(),
            operation: operation.into(),
        }
    }

    const SERVER: &str = "moto's server (pid 7, port 5000)";

    #[test]
    fn a_crash_reads_as_what_moto_lacks_or_as_the_end_of_its_traceback() {
        let said = |operation: &str, output: &str| {
            let (err, not_implemented) = crash(
                SERVER,
                || "the tail".into(),
                &ec2(operation),
                &lines(output),
            );
            (err.to_string(), not_implemented)
        };
        let frame = |name: &str| {
            format!(
                "  File \"/usr/lib/python3/site-packages/moto/{name}.py\", line 1, in {name}\n    \
                 {name}()"
            )
        };
        let missing = format!(
            "Traceback (most recent call last):\n{}\nNotImplementedError: The \
             describe_capacity_reservations action has not been implemented",
            frame("responses")
        );
        assert_eq!(
            said("DescribeCapacityReservations", &missing),
            (
                "aws-stubber: moto does not implement EC2 DescribeCapacityReservations (it \
                 answered HTTP 500: \"The describe_capacity_reservations action has not been \
                 implemented\"). Queue an entry for it on the moto fixture, which answers it in \
                 front of moto: `fixture.add_response(op!(aws_sdk_ec2::Client::\
                 describe_capacity_reservations), ..)` (or `add_client_error`, ...)"
                    .to_string(),
                true
            )
        );
        // Another call's missing action, printed at the same time, is not this call's.
        assert!(!said("DescribeVpcs", &missing).1);
        let crashed = format!(
            "Traceback (most recent call last):\n{}\n{}\n{}\n{}\nKeyError: 'vpc-1'",
            frame("a"),
            frame("b"),
            frame("c"),
            frame("d")
        );
        assert_eq!(
            said("DescribeVpcs", &crashed),
            (
                "aws-stubber: moto's server (pid 7, port 5000) failed on EC2 DescribeVpcs (it \
                 answered HTTP 500); its traceback ends:\n  File \"moto/b.py\", line 1, in b\n  \
                 File \"moto/c.py\", line 1, in c\n  File \"moto/d.py\", line 1, in d\n  \
                 KeyError: 'vpc-1'"
                    .to_string(),
                false
            )
        );
        assert_eq!(
            said("DescribeVpcs", "127.0.0.1 - - \"POST / HTTP/1.1\" 500 -").0,
            "aws-stubber: moto's server (pid 7, port 5000) failed on EC2 DescribeVpcs (it \
             answered HTTP 500); its traceback ends:\n(no traceback in its output, which \
             ends:)\nthe tail"
        );
    }

    #[test]
    fn operations_read_as_moto_names_its_actions() {
        assert_eq!(
            snake("DescribeCapacityReservations"),
            "describe_capacity_reservations"
        );
        assert_eq!(snake("ListObjectsV2"), "list_objects_v2");
        assert_eq!(snake("GetMLTaskRun"), "get_ml_task_run");
    }

    #[test]
    fn the_exception_line_of_each_traceback_is_found() {
        let output = lines(
            "127.0.0.1 - - [05/Dec/2026 09:19:32] \"POST / HTTP/1.1\" 500 -\n\
             Error on request:\n\
             Traceback (most recent call last):\n  \
               File \"/usr/lib/python3/site-packages/moto/core/responses.py\", line 563, in call_action\n    \
                 raise KeyError(name)\n\
             KeyError: 'vpc-1'\n\
             127.0.0.1 - - [05/Dec/2026 09:19:33] \"POST / HTTP/1.1\" 200 -",
        );
        let found: Vec<_> = exceptions(&output).collect();
        assert_eq!(found, vec![(5, "KeyError: 'vpc-1'")]);
        assert!(has_exception(&output));
        assert!(!has_exception(&output[..4]));
        assert_eq!(
            traceback_end(&output).unwrap(),
            "  File \"moto/core/responses.py\", line 563, in call_action\n  KeyError: 'vpc-1'"
        );
    }
}
