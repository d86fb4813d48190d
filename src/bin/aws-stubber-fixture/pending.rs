//! Pending recordings (`name.json.new` beside `name.json`): review them by meaning, then
//! accept or reject them.

use std::path::{Path, PathBuf};

use aws_stubber::fixture::{Fixture, Interaction};
use aws_stubber::internals::fixture_changes;
use aws_stubber::scrub::Scrubber;

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
        out.push_str(&fixture_changes(&old, &new));
    }
    Ok(out)
}

fn name(it: &Interaction) -> String {
    format!("{} {}", it.service, it.operation)
}

/// Moves each pending file over its fixture, after checking it holds no secret.
pub(crate) fn accept(files: &[PathBuf]) -> Result<String, String> {
    let mut out = String::new();
    for pending in files {
        let fixture = Fixture::load(pending).map_err(|e| e.to_string())?;
        let findings = Scrubber::default().findings(&fixture);
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
