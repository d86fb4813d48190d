//! The `aws-stubber-fixture` command-line tool.

use std::process::Command;

const FIXTURE: &str = r#"{
  "version": 1,
  "interactions": [
    {
      "service": "IAM",
      "operation": "CreateLoginProfile",
      "request": {
        "method": "POST",
        "uri": "https://iam.amazonaws.com/",
        "headers": { "content-type": "application/x-www-form-urlencoded", "authorization": "AWS4-HMAC-SHA256 Credential=AKIDLEAK/20240101" },
        "body": "Action=CreateLoginProfile&UserName=bob&Password=hunter2&Version=2010-05-08"
      },
      "response": { "status": 200, "headers": { "content-type": "text/xml" }, "body": "<CreateLoginProfileResponse/>" }
    }
  ]
}
"#;

fn tool(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_aws-stubber-fixture"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("aws-stubber-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn list_prints_a_table() {
    let path = temp_file("list.json", FIXTURE);
    let (ok, out, err) = tool(&["list", &path]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        "#  service  operation           method  path  status  response bytes\n\
         1  IAM      CreateLoginProfile  POST    /     200     29\n"
    );
}

#[test]
fn check_reports_bad_files_with_their_path() {
    let good = temp_file("good.json", FIXTURE);
    let bad = temp_file(
        "bad.json",
        &FIXTURE.replace("\"status\": 200", "\"status\": 99"),
    );
    let (ok, out, _) = tool(&["check", &good]);
    assert!(ok);
    assert_eq!(
        out,
        format!("{good}: ok, 1 interactions, nothing that looks like a secret\n")
    );
    let (ok, _, err) = tool(&["check", &good, &bad]);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "aws-stubber: fixture file {bad}: interaction #1 has response status 99"
        )),
        "{err}"
    );
}

#[test]
fn scrub_rewrites_secrets_in_place() {
    let path = temp_file("scrub.json", FIXTURE);
    let (ok, out, err) = tool(&["scrub", &path, "--field", "UserName"]);
    assert!(ok, "{err}");
    assert_eq!(out, format!("{path}: scrubbed 1 of 1 interactions\n"));
    let text = std::fs::read_to_string(&path).unwrap();
    for secret in ["hunter2", "AKIDLEAK", "bob"] {
        assert!(!text.contains(secret), "{secret} left in {text}");
    }
    assert!(text.contains("Password=REDACTED"), "{text}");
    let (ok, _, err) = tool(&["scrub", &path, "--bogus", "x"]);
    assert!(!ok);
    assert!(err.starts_with("unknown option --bogus"), "{err}");
}

#[test]
fn usage_is_printed_for_bad_arguments() {
    let (ok, _, err) = tool(&["frobnicate"]);
    assert!(!ok);
    assert!(err.starts_with("usage:"), "{err}");
}
