//! `aws-stubber-fixture`: list, check and scrub aws-stubber fixture files.
//!
//! ```text
//! aws-stubber-fixture list FILE
//! aws-stubber-fixture check FILE...
//! aws-stubber-fixture scrub FILE [--field NAME]... [--header NAME]... [--query NAME]...
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use aws_stubber::{Fixture, Scrubber};

const USAGE: &str = "usage:
  aws-stubber-fixture list FILE                 list the interactions as a table
  aws-stubber-fixture check FILE...             check that files are valid fixtures
  aws-stubber-fixture scrub FILE [--field NAME]... [--header NAME]... [--query NAME]...
                                                scrub secrets from a file, in place";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
        Some((cmd, rest)) if cmd == "check" && !rest.is_empty() => {
            let mut out = String::new();
            for file in rest {
                let fixture = Fixture::load(file).map_err(|e| e.to_string())?;
                out.push_str(&format!(
                    "{file}: ok, {} interactions\n",
                    fixture.interactions.len()
                ));
            }
            Ok(out)
        }
        Some((cmd, rest)) if cmd == "scrub" => scrub(rest),
        _ => Err(USAGE.into()),
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
                r.status.to_string(),
                r.body_bytes().map(|b| b.len()).unwrap_or(0).to_string(),
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

fn scrub(args: &[String]) -> Result<String, String> {
    let (file, options) = args.split_first().ok_or_else(|| USAGE.to_string())?;
    let mut scrubber = Scrubber::default();
    let mut options = options.iter();
    while let Some(flag) = options.next() {
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
    for it in &mut fixture.interactions {
        scrubber.scrub(it);
    }
    let changed = fixture
        .interactions
        .iter()
        .zip(&before.interactions)
        .filter(|(a, b)| a != b)
        .count();
    if changed > 0 {
        fixture.write_atomic(file).map_err(|e| e.to_string())?;
    }
    Ok(format!(
        "{file}: scrubbed {changed} of {} interactions\n",
        fixture.interactions.len()
    ))
}
