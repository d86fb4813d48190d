//! `aws-stubber-fixture`: list, check and scrub aws-stubber fixture files.
//!
//! ```text
//! aws-stubber-fixture list FILE [--bodies]
//! aws-stubber-fixture check FILE|DIR...
//! aws-stubber-fixture scrub FILE [--field NAME]... [--header NAME]... [--query NAME]...
//!                                [--redact-unreadable]
//! aws-stubber-fixture review|accept|reject [FILE|DIR...]
//! aws-stubber-fixture serve FILE [-- COMMAND [ARG...]]
//! ```

mod pending;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aws_stubber::fixture::Fixture;
use aws_stubber::scrub::{Scrubber, UnreadableBody};

const USAGE: &str = "usage:
  aws-stubber-fixture list FILE [--bodies]      list the interactions as a table; with
                                                --bodies, each request and response body
                                                too (JSON pretty-printed, CBOR and event
                                                streams in their JSON form)
  aws-stubber-fixture check FILE|DIR...         check that files (DIR: every .json file in it,
                                                recursively) are valid fixtures that hold
                                                nothing that looks like a secret and no
                                                value scrub would remove (members the AWS
                                                service models mark sensitive, secrets by
                                                name)
  aws-stubber-fixture scrub FILE [--field NAME]... [--header NAME]... [--query NAME]...
                                [--redact-unreadable]
                                                scrub secrets from a file, in place; a body it
                                                cannot read is an error unless
                                                --redact-unreadable replaces it whole
  aws-stubber-fixture review [FILE|DIR...]      show what each pending recording (name.json.new)
                                                changes in its fixture, by meaning
                                                (default: tests/fixtures)
  aws-stubber-fixture accept [FILE|DIR...]      move pending recordings over their fixtures
                                                (refused if one holds a secret)
  aws-stubber-fixture reject [FILE|DIR...]      delete pending recordings
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some((cmd, rest)) = args.split_first()
        && cmd == "serve"
    {
        return serve::main(rest);
    }
    match run(&args) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    match args.split_first() {
        Some((cmd, [file])) if cmd == "list" => list(&PathBuf::from(file)),
        Some((cmd, [file, flag])) if cmd == "list" && flag == "--bodies" => {
            let table = list(&PathBuf::from(file))?;
            Ok(format!("{table}{}", bodies(&PathBuf::from(file))?))
        }
        Some((cmd, rest)) if cmd == "check" && !rest.is_empty() => check(rest),
        Some((cmd, rest)) if cmd == "scrub" => scrub(rest),
        Some((cmd, rest)) if ["review", "accept", "reject"].contains(&cmd.as_str()) => {
            let default = ["tests/fixtures".to_string()];
            let files = pending::pending_files(if rest.is_empty() { &default } else { rest })?;
            match cmd.as_str() {
                "review" => pending::review(&files),
                "accept" => pending::accept(&files),
                _ => pending::reject(&files),
            }
        }
        _ => Err(format!("{USAGE}{}", serve::USAGE)),
    }
}

/// Every `.json` file below a directory, sorted; a file argument as it is.
fn expand(arg: &str) -> Result<Vec<PathBuf>, String> {
    let path = PathBuf::from(arg);
    if !path.is_dir() {
        return Ok(vec![path]);
    }
    files_below(&path, |p| p.extension().is_some_and(|e| e == "json"))
}

/// The files below `dir` (recursively) that `pick` keeps, sorted.
fn files_below(dir: &Path, pick: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if pick(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn check(args: &[String]) -> Result<String, String> {
    let mut out = String::new();
    let mut problems = String::new();
    let scrubber = Scrubber::default();
    for arg in args {
        let files = expand(arg)?;
        if files.is_empty() {
            return Err(format!(
                "{arg}: holds no fixture file (*.json), so nothing was checked; name the \
                 files or folders that hold your fixtures"
            ));
        }
        for file in files {
            let fixture = match Fixture::load(&file) {
                Ok(f) => f,
                Err(e) => {
                    problems.push_str(&format!("{e}\n"));
                    continue;
                }
            };
            let findings = scrubber.findings(&fixture);
            if findings.is_empty() {
                out.push_str(&format!(
                    "{}: ok, {} interactions, nothing that looks like a secret\n",
                    file.display(),
                    fixture.interactions.len()
                ));
            }
            for f in findings {
                problems.push_str(&format!("{}: {f}\n", file.display()));
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(format!(
            "{out}{problems}Scrub the file (aws-stubber-fixture scrub FILE --field NAME ...) or \
             re-record it, and check it again before committing it."
        ))
    }
}

fn list(path: &PathBuf) -> Result<String, String> {
    let fixture = Fixture::load(path).map_err(|e| e.to_string())?;
    let mut rows = vec![[
        "#".to_string(),
        "service".into(),
        "operation".into(),
        "method".into(),
        "path".into(),
        "status".into(),
        "response bytes".into(),
    ]];
    for (i, it) in fixture.interactions.iter().enumerate() {
        let uri = &it.request.uri;
        let path = uri
            .split_once("://")
            .map(|(_, rest)| rest.find('/').map(|p| &rest[p..]).unwrap_or("/"))
            .unwrap_or(uri);
        let (status, bytes) = match (&it.response, it.fault) {
            (Some(r), _) => (
                r.status_code().to_string(),
                r.body_bytes().len().to_string(),
            ),
            (None, Some(fault)) => (format!("{fault:?}"), "-".to_string()),
            (None, None) => ("-".to_string(), "-".to_string()),
        };
        rows.push([
            (i + 1).to_string(),
            it.service.clone(),
            it.operation.clone(),
            it.request.method.clone(),
            path.chars().take(60).collect(),
            status,
            bytes,
        ]);
    }
    let widths: Vec<usize> = (0..7)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// Each interaction's bodies as the file shows them: text as it is (JSON pretty-printed),
/// CBOR in its JSON form, other bytes by their size.
fn bodies(path: &PathBuf) -> Result<String, String> {
    let fixture = Fixture::load(path).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for (i, it) in fixture.interactions.iter().enumerate() {
        let file = serde_json::to_value(it).map_err(|e| e.to_string())?;
        for side in ["request", "response"] {
            let part = &file[side];
            let (kind, shown) = if let Some(cbor) = part.get("body_cbor") {
                (" (CBOR)", pretty(cbor))
            } else if let Some(events) = part.get("body_events") {
                (" (event stream)", pretty(events))
            } else if let Some(text) = part.get("body").and_then(|b| b.as_str()) {
                match serde_json::from_str::<serde_json::Value>(text) {
                    Ok(json) => ("", pretty(&json)),
                    Err(_) => ("", text.to_string()),
                }
            } else if let Some(b64) = part.get("body_base64").and_then(|b| b.as_str()) {
                (" (base64)", format!("{} characters, not text", b64.len()))
            } else {
                continue;
            };
            out.push_str(&format!("\n#{} {side} body{kind}:\n{shown}\n", i + 1));
        }
    }
    Ok(out)
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn scrub(args: &[String]) -> Result<String, String> {
    let (file, options) = args.split_first().ok_or_else(|| USAGE.to_string())?;
    let mut scrubber = Scrubber::default().unreadable_bodies(UnreadableBody::Refuse);
    let mut options = options.iter();
    while let Some(flag) = options.next() {
        if flag == "--redact-unreadable" {
            scrubber = scrubber.unreadable_bodies(UnreadableBody::Redact);
            continue;
        }
        let value = options
            .next()
            .ok_or_else(|| format!("{flag} needs a NAME\n{USAGE}"))?;
        scrubber = match flag.as_str() {
            "--field" => scrubber.field(value),
            "--header" => scrubber.header(value),
            "--query" => scrubber.query_param(value),
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        };
    }
    let mut fixture = Fixture::load(file).map_err(|e| e.to_string())?;
    let before = fixture.clone();
    let changed = scrubber
        .scrub_fixture(&mut fixture)
        .map_err(|e| format!("{file}: {e}"))?;
    if fixture != before {
        fixture.write_atomic(file).map_err(|e| e.to_string())?;
    }
    Ok(format!(
        "{file}: scrubbed {changed} of {} interactions\n",
        fixture.interactions.len()
    ))
}
