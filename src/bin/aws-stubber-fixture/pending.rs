//! Pending recordings (`name.json.new` beside `name.json`): review them by meaning, then
//! accept or reject them.

use std::path::{Path, PathBuf};

use aws_stubber::internals::{line_diff, replay_differences};
use aws_stubber::{Fixture, Interaction, find_secrets};

/// The pending files among the arguments: `.json.new` files, and those below directories.
pub(crate) fn pending_files(args: &[String]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for arg in args {
        let path = PathBuf::from(arg);
        if !path.is_dir() {
            if is_pending(&path) {
                out.push(path);
            } else if Path::new(&format!("{arg}.new")).exists() {
                out.push(PathBuf::from(format!("{arg}.new")));
            } else {
                return Err(format!("{arg}: no pending recording (no {arg}.new)"));
            }
            continue;
        }
        out.extend(crate::files_below(&path, is_pending)?);
    }
    out.sort();
    Ok(out)
}

fn is_pending(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".json.new")
}

/// The committed fixture a pending file would replace.
fn committed(pending: &Path) -> PathBuf {
    let text = pending.to_string_lossy();
    PathBuf::from(text.strip_suffix(".new").unwrap_or(&text))
}

/// What each pending file changes, by meaning.
pub(crate) fn review(files: &[PathBuf]) -> Result<String, String> {
    if files.is_empty() {
        return Ok("no pending recordings\n".into());
    }
    let mut out = String::new();
    for pending in files {
        let new = Fixture::load(pending).map_err(|e| e.to_string())?;
        let target = committed(pending);
        if !target.exists() {
            out.push_str(&format!(
                "{}: a new fixture, {} interactions\n",
                target.display(),
                new.interactions.len()
            ));
            for (i, it) in new.interactions.iter().enumerate() {
                out.push_str(&format!("  + interaction {}: {}\n", i + 1, name(it)));
            }
            continue;
        }
        let old = Fixture::load(&target).map_err(|e| e.to_string())?;
        out.push_str(&format!("{}: pending changes\n", target.display()));
        let count = old.interactions.len().max(new.interactions.len());
        for i in 0..count {
            match (old.interactions.get(i), new.interactions.get(i)) {
                (Some(o), Some(n)) => {
                    let changes = interaction_changes(o, n);
                    if changes.is_empty() {
                        out.push_str(&format!("  = interaction {}: {}\n", i + 1, name(n)));
                    } else {
                        out.push_str(&format!("  ~ interaction {}: {}\n", i + 1, name(n)));
                        for change in changes {
                            for line in change.lines() {
                                out.push_str(&format!("      {line}\n"));
                            }
                        }
                    }
                }
                (None, Some(n)) => {
                    out.push_str(&format!("  + interaction {}: {}\n", i + 1, name(n)))
                }
                (Some(o), None) => {
                    out.push_str(&format!("  - interaction {}: {}\n", i + 1, name(o)))
                }
                (None, None) => {}
            }
        }
    }
    Ok(out)
}

fn name(it: &Interaction) -> String {
    format!("{} {}", it.service, it.operation)
}

/// How two recordings of an interaction differ: the operation, the request (as replay compares
/// it) and the response (status, headers by name, body lines).
fn interaction_changes(old: &Interaction, new: &Interaction) -> Vec<String> {
    let mut out = Vec::new();
    if (&old.service, &old.operation) != (&new.service, &new.operation) {
        out.push(format!("operation: {} -> {}", name(old), name(new)));
    }
    for difference in replay_differences(&old.request, &new.request) {
        out.push(format!("request {difference}"));
    }
    match (&old.response, &new.response) {
        (Some(o), Some(n)) => {
            if o.status_code() != n.status_code() {
                out.push(format!(
                    "response status: {} -> {}",
                    o.status_code(),
                    n.status_code()
                ));
            }
            let mut names: Vec<&str> = o
                .headers()
                .iter()
                .chain(n.headers())
                .map(|(k, _)| k.as_str())
                .filter(|k| {
                    !matches!(
                        *k,
                        "date" | "x-amz-request-id" | "x-amzn-requestid" | "x-amz-id-2"
                    )
                })
                .collect();
            names.sort_unstable();
            names.dedup();
            for header in names {
                let value = |h: &[(String, String)]| {
                    h.iter().find(|(k, _)| k == header).map(|(_, v)| v.clone())
                };
                match (value(o.headers()), value(n.headers())) {
                    (Some(a), Some(b)) if a != b => {
                        out.push(format!("response header {header:?}: {a:?} -> {b:?}"))
                    }
                    (Some(a), None) => {
                        out.push(format!("response header {header:?}: {a:?} removed"))
                    }
                    (None, Some(b)) => out.push(format!("response header {header:?}: {b:?} added")),
                    _ => {}
                }
            }
            if o.body_bytes() != n.body_bytes() {
                let text = |b: &[u8]| pretty_body(b);
                out.push(format!(
                    "response body:\n{}",
                    line_diff(&text(o.body_bytes()), &text(n.body_bytes())).trim_end()
                ));
            }
        }
        (o, n) => {
            if o.is_some() != n.is_some() || old.fault != new.fault {
                out.push(format!("response: {:?} -> {:?}", old.fault, new.fault));
            }
        }
    }
    out
}

/// A body as lines to compare: JSON pretty-printed, XML one element per line, else as text.
fn pretty_body(body: &[u8]) -> String {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        return serde_json::to_string_pretty(&value).unwrap_or_default();
    }
    let text = String::from_utf8_lossy(body);
    if text.trim_start().starts_with('<') {
        return text.replace("><", ">\n<");
    }
    text.into_owned()
}

/// Moves each pending file over its fixture, after checking it holds no secret.
pub(crate) fn accept(files: &[PathBuf]) -> Result<String, String> {
    let mut out = String::new();
    for pending in files {
        let fixture = Fixture::load(pending).map_err(|e| e.to_string())?;
        let findings = find_secrets(&fixture, &[]);
        if let Some(finding) = findings.first() {
            return Err(format!(
                "{out}{}: not accepted, it holds something that looks like a secret: {finding}",
                pending.display()
            ));
        }
        let target = committed(pending);
        std::fs::rename(pending, &target).map_err(|e| format!("{}: {e}", pending.display()))?;
        out.push_str(&format!("accepted {}\n", target.display()));
    }
    Ok(out)
}

/// Deletes each pending file, keeping the committed fixture.
pub(crate) fn reject(files: &[PathBuf]) -> Result<String, String> {
    let mut out = String::new();
    for pending in files {
        std::fs::remove_file(pending).map_err(|e| format!("{}: {e}", pending.display()))?;
        out.push_str(&format!("rejected {}\n", pending.display()));
    }
    Ok(out)
}
