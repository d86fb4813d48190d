//! `aws-stubber-fixture serve`: a fixture file served at an address to a program in another
//! language (botocore, in a Python child), strictly; what the program did not call or called
//! beyond the file fails the command, even when the program exits 0.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::cli::tool;

const LIST_BUCKETS: &str = "import boto3, botocore.config\n\
    s3 = boto3.client('s3', config=botocore.config.Config(retries={'total_max_attempts': 1}))\n\
    print([b['Name'] for b in s3.list_buckets()['Buckets']])\n";

#[test]
fn serves_a_recorded_file_to_botocore_and_says_every_interaction_was_called() {
    let (ok, stdout, stderr) = tool(&[
        "serve",
        "tests/fixtures/buckets.json",
        "--",
        "python3",
        "-c",
        LIST_BUCKETS,
    ]);
    assert!(ok, "{stderr}");
    // The Rust SDK recorded it; botocore reads the same answer.
    assert_eq!(stdout, "['my-bucket']\n");
    assert!(
        stderr.starts_with(
            "aws-stubber: serving tests/fixtures/buckets.json (1 interactions) at http://127.0.0.1:"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("aws-stubber: every interaction was called, in order, and nothing else\n"),
        "{stderr}"
    );
}

#[test]
fn a_call_beyond_the_file_fails_the_command_though_the_program_exits_0() {
    let twice = format!(
        "{LIST_BUCKETS}try:\n    s3.list_buckets()\nexcept Exception as e:\n    print('swallowed')\n"
    );
    let (ok, stdout, stderr) = tool(&[
        "serve",
        "tests/fixtures/buckets.json",
        "--",
        "python3",
        "-c",
        &twice,
    ]);
    assert!(!ok, "the extra call must fail the command");
    assert_eq!(stdout, "['my-bucket']\nswallowed\n");
    assert!(
        stderr.contains(
            "1 stubbed call(s) failed during the test (the code under test may have swallowed \
             the error):\n1. aws-stubber: unexpected call #2 to S3 ListBuckets: no response is \
             queued (1 of 1 queued responses were used)."
        ),
        "{stderr}"
    );
}

#[test]
fn without_a_command_it_prints_the_environment_and_reports_on_sigterm() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_aws-stubber-fixture"))
        .args(["serve", "tests/fixtures/buckets.json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let endpoint = lines
        .by_ref()
        .map(Result::unwrap)
        .find(|l| l.starts_with("export AWS_ENDPOINT_URL="))
        .expect("the environment is printed");
    assert!(
        endpoint.starts_with("export AWS_ENDPOINT_URL=http://127.0.0.1:"),
        "{endpoint}"
    );
    let status = Command::new("kill")
        .arg(server.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let out = server.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the interaction was never called"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("aws-stubber: 1 response(s) remaining in queue (0 of 1 used):\n    #1 S3 ListBuckets \"buckets.json interaction 1\""),
        "{stderr}"
    );
}

#[test]
fn a_command_that_cannot_run_or_a_missing_file_is_said_plainly() {
    let (ok, _, stderr) = tool(&[
        "serve",
        "tests/fixtures/buckets.json",
        "--",
        "no-such-program-here",
    ]);
    assert!(!ok);
    let last = stderr.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "aws-stubber: no-such-program-here could not be run: No such file or directory (os error 2)"
    );
    let (ok, _, stderr) = tool(&["serve", "no/such.json"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("aws-stubber: fixture file no/such.json: does not exist."),
        "{stderr}"
    );
    let (ok, _, stderr) = tool(&["serve"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("usage:\n  aws-stubber-fixture serve FILE [-- COMMAND [ARG...]]"),
        "{stderr}"
    );
}
