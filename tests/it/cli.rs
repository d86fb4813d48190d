//! The `aws-stubber-fixture` command-line tool.

use crate::support::TempDir;
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

/// Runs `aws-stubber-fixture` with `args`: whether it succeeded, its stdout and its stderr.
pub fn tool(args: &[&str]) -> (bool, String, String) {
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

/// Writes `text` to `name` in `dir` and returns the path as an argument for the tool.
fn temp_file(dir: &TempDir, name: &str, text: &str) -> String {
    dir.write(name, text).to_string_lossy().into_owned()
}

#[test]
fn list_prints_a_table() {
    let dir = TempDir::new();
    let path = temp_file(&dir, "list.json", FIXTURE);
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
    let dir = TempDir::new();
    let good = temp_file(&dir, "good.json", LISTING);
    let bad = temp_file(
        &dir,
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
    let dir = TempDir::new();
    let path = temp_file(&dir, "scrub.json", FIXTURE);
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

/// A hand-written fixture holding an access key id, a JWT and a private key, and a body no
/// scrubber can read.
const LEAKY: &str = r#"{
  "version": 1,
  "interactions": [
    {
      "service": "STS",
      "operation": "AssumeRole",
      "request": {
        "method": "POST",
        "uri": "https://sts.amazonaws.com/",
        "headers": { "content-type": "application/x-www-form-urlencoded", "x-amz-security-token": "ASIAQWERTYUIOPASDFGH" },
        "body": "Action=AssumeRole&Version=2011-06-15"
      },
      "response": {
        "status": 200,
        "headers": { "content-type": "application/json" },
        "body": "{\"IdToken\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl\"}"
      }
    },
    {
      "service": "EC2",
      "operation": "CreateKeyPair",
      "request": { "method": "POST", "uri": "https://ec2.amazonaws.com/", "headers": {}, "body": "" },
      "response": {
        "status": 200,
        "headers": { "content-type": "text/xml" },
        "body": "<CreateKeyPairResponse><keyMaterial>-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----</keyMaterial><broken></CreateKeyPairResponse>"
      }
    }
  ]
}
"#;

#[test]
fn check_names_the_file_interaction_and_field_of_each_secret() {
    let dir = TempDir::new();
    let path = temp_file(&dir, "leaky.json", LEAKY);
    let (ok, _, err) = tool(&["check", &path]);
    assert!(!ok, "secrets make check fail");
    assert_eq!(
        err,
        format!(
            "{path}: interaction #1 request header \"x-amz-security-token\": an AWS access key id\n\
             {path}: interaction #1 response body: a JWT\n\
             {path}: interaction #2 response body: a PEM private key\n\
             Scrub the file (aws-stubber-fixture scrub FILE --field NAME ...) or re-record it, \
             and check it again before committing it.\n"
        )
    );
    // A directory is checked file by file.
    let dir = std::path::Path::new(&path)
        .parent()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let (ok, _, err) = tool(&["check", &dir]);
    assert!(!ok);
    assert!(err.contains(&format!("{path}: interaction #1")), "{err}");
}

#[test]
fn scrub_refuses_a_body_it_cannot_read_unless_told_to_redact_it() {
    let dir = TempDir::new();
    let path = temp_file(&dir, "unreadable.json", LEAKY);
    let (ok, _, err) = tool(&["scrub", &path]);
    assert!(!ok, "an unreadable body fails the scrub");
    assert_eq!(
        err,
        format!(
            "{path}: cannot be scrubbed safely, so nothing was written: interaction #2 response \
             body: it is not valid XML (ill-formed document: expected `</broken>`, but \
             `</CreateKeyPairResponse>` was found). Redact such bodies whole instead \
             (UnreadableBody::Redact, or --redact-unreadable), or mark a body that is an \
             operation's raw payload with \"payload\": true\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        LEAKY,
        "the file is untouched"
    );

    let (ok, out, err) = tool(&["scrub", &path, "--redact-unreadable"]);
    assert!(ok, "{err}");
    assert_eq!(out, format!("{path}: scrubbed 2 of 2 interactions\n"));
    let (ok, _, err) = tool(&["check", &path]);
    assert!(ok, "nothing is left for check to find: {err}");
    let fixture = aws_stubber::fixture::Fixture::load(&path).unwrap();
    let key_pair = fixture.interactions[1].response.as_ref().unwrap();
    assert_eq!(key_pair.body_bytes().as_ref(), b"REDACTED");
}

const LISTING: &str = r#"{
  "version": 1,
  "interactions": [
    {
      "service": "S3",
      "operation": "ListBuckets",
      "request": { "method": "GET", "uri": "https://s3.us-east-1.amazonaws.com/?x-id=ListBuckets", "headers": {}, "body": "" },
      "response": { "status": 200, "headers": { "content-type": "application/xml", "x-amz-request-id": "A1" }, "body": "<ListAllMyBucketsResult><Buckets><Bucket><Name>logs</Name></Bucket></Buckets></ListAllMyBucketsResult>" }
    }
  ]
}
"#;

/// The same listing re-recorded: another bucket, another request id, and one more call.
fn relisted() -> String {
    LISTING
        .replace("<Name>logs</Name>", "<Name>logs</Name></Bucket><Bucket><Name>audit</Name>")
        .replace("\"A1\"", "\"B2\"")
        .replace(
            "\n  ]\n}",
            r#",
    {
      "service": "S3",
      "operation": "HeadBucket",
      "request": { "method": "HEAD", "uri": "https://audit.s3.us-east-1.amazonaws.com/", "headers": {}, "body": "" },
      "response": { "status": 404, "headers": {}, "body": "" }
    }
  ]
}"#,
        )
}

#[test]
fn review_shows_what_a_pending_recording_changes_by_meaning() {
    let dir = TempDir::new();
    let fixture = dir.write("list.json", LISTING);
    dir.write("list.json.new", relisted());
    dir.write("fresh.json.new", LISTING);
    let (ok, out, err) = tool(&["review", dir.path().to_str().unwrap()]);
    assert!(ok, "{err}");
    let root = dir.path().display();
    assert_eq!(
        out,
        format!(
            "{root}/fresh.json: a new fixture, 1 interactions\n  \
             + interaction 1: S3 ListBuckets\n\
             {root}/list.json: pending changes\n  \
             ~ interaction 1: S3 ListBuckets\n      \
             response body:\n      \
             --- expected\n      \
             +++ received\n        \
             <ListAllMyBucketsResult>\n        \
             <Buckets>\n        \
             <Bucket>\n        \
             <Name>logs</Name>\n        \
             </Bucket>\n      \
             + <Bucket>\n      \
             + <Name>audit</Name>\n      \
             + </Bucket>\n        \
             </Buckets>\n        \
             </ListAllMyBucketsResult>\n  \
             + interaction 2: S3 HeadBucket\n"
        )
    );
    // Reviewing changes nothing.
    assert_eq!(std::fs::read_to_string(&fixture).unwrap(), LISTING);
}

#[test]
fn accept_and_reject_finish_pending_recordings() {
    let dir = TempDir::new();
    let list = dir.write("list.json", LISTING);
    dir.write("list.json.new", relisted());
    let other = dir.write("other.json", LISTING);
    dir.write("other.json.new", relisted());

    let (ok, out, err) = tool(&["accept", list.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert_eq!(out, format!("accepted {}\n", list.display()));
    assert_eq!(std::fs::read_to_string(&list).unwrap(), relisted());

    let (ok, out, err) = tool(&["reject", dir.path().to_str().unwrap()]);
    assert!(ok, "{err}");
    assert_eq!(out, format!("rejected {}.new\n", other.display()));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), LISTING);
    assert_eq!(dir.files(), ["list.json", "other.json"]);
}

#[test]
fn a_pending_recording_with_a_secret_is_not_accepted() {
    let dir = TempDir::new();
    dir.write("leaky.json", LISTING);
    let pending = dir.write(
        "leaky.json.new",
        LISTING.replace("\"A1\"", "\"AKIAABCDEFGHIJKLMNOP\""),
    );
    let (ok, _, err) = tool(&["accept", dir.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.starts_with(&format!(
            "{}: not accepted, it holds something that looks like a secret: ",
            pending.display()
        )),
        "{err}"
    );
    assert_eq!(dir.files(), ["leaky.json", "leaky.json.new"]);
}

#[test]
fn replaying_a_fixture_with_a_pending_recording_fails_and_says_what_to_do() {
    let dir = TempDir::new();
    let list = dir.write("list.json", LISTING);
    dir.write("list.json.new", relisted());
    let err = aws_stubber::Stubber::fixture_with(
        &list,
        aws_stubber::record::FixtureOptions::new().mode(aws_stubber::record::RecordMode::None),
    )
    .unwrap_err();
    assert_eq!(err.kind(), aws_stubber::fixture::FixtureErrorKind::Pending);
    assert_eq!(
        err.to_string(),
        format!(
            "aws-stubber: fixture file {}: a new recording of it waits for review in {}.new: run `aws-stubber-fixture review`, then `accept` or `reject` it",
            list.display(),
            list.display()
        )
    );
}

#[test]
fn list_shows_bodies_readably_cbor_included() {
    let dir = TempDir::new();
    let path = temp_file(
        &dir,
        "cbor.json",
        r#"{ "version": 1, "interactions": [ { "service": "CloudWatch", "operation": "GetDashboard",
            "request": { "method": "POST", "uri": "https://monitoring.us-east-1.amazonaws.com/",
                "headers": { "content-type": "application/cbor" }, "body_cbor": { "DashboardName": "d" } },
            "response": { "status": 200, "headers": { "content-type": "application/cbor" },
                "body_cbor": { "DashboardBody": "{}", "At": { "$tag": 1, "$value": 1700000000 } } } } ] }"#,
    );
    let (ok, out, err) = tool(&["list", &path, "--bodies"]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        "#  service     operation     method  path  status  response bytes\n\
         1  CloudWatch  GetDashboard  POST    /     200     27\n\
         \n\
         #1 request body (CBOR):\n\
         {\n  \"DashboardName\": \"d\"\n}\n\
         \n\
         #1 response body (CBOR):\n\
         {\n  \"DashboardBody\": \"{}\",\n  \"At\": {\n    \"$tag\": 1,\n    \"$value\": 1700000000\n  }\n}\n"
    );
}

/// One interaction as a fixture file holds it.
fn interaction(service: &str, operation: &str, request: &str, response: &str) -> String {
    format!(
        r#"{{ "service": "{service}", "operation": "{operation}", "request": {request}, "response": {response} }}"#
    )
}

fn form_request(body: &str) -> String {
    format!(
        r#"{{ "method": "POST", "uri": "https://aws.example/", "headers": {{ "content-type": "application/x-www-form-urlencoded" }}, "body": "{body}" }}"#
    )
}

fn json(body: &str) -> String {
    format!(
        r#"{{ "status": 200, "headers": {{ "content-type": "application/x-amz-json-1.1" }}, "body": {} }}"#,
        serde_json::to_string(body).unwrap()
    )
}

const EMPTY_XML: &str =
    r#"{ "status": 200, "headers": { "content-type": "text/xml" }, "body": "<R/>" }"#;

/// Secrets the AWS service models mark sensitive, or that are secret by name, in every place a
/// protocol puts them; none of them looks like a secret by its shape.
fn secrets_no_scanner_sees() -> String {
    let json_request = r#"{ "method": "POST", "uri": "https://aws.example/", "headers": { "content-type": "application/x-amz-json-1.1" }, "body": "{}" }"#;
    let interactions = [
        interaction(
            "SSM",
            "GetParameter",
            json_request,
            &json(r#"{"Parameter":{"Name":"db","Value":"ssm-parameter-secret"}}"#),
        ),
        interaction(
            "KMS",
            "Decrypt",
            json_request,
            &json(r#"{"KeyId":"k-1","Plaintext":"a21zLXBsYWludGV4dC1zZWNyZXQ="}"#),
        ),
        interaction(
            "STS",
            "AssumeRoleWithWebIdentity",
            &form_request(
                "Action=AssumeRoleWithWebIdentity&RoleArn=arn&WebIdentityToken=web-identity-secret&Version=2011-06-15",
            ),
            EMPTY_XML,
        ),
        interaction(
            "STS",
            "AssumeRoleWithSAML",
            &form_request("Action=AssumeRoleWithSAML&SAMLAssertion=saml-assertion-secret"),
            EMPTY_XML,
        ),
        interaction(
            "STS",
            "AssumeRole",
            &form_request("Action=AssumeRole"),
            r#"{ "status": 200, "headers": { "content-type": "text/xml" }, "body": "<AssumeRoleResponse><Credentials AccessKeyId=\"id\" SecretAccessKey=\"xml-attribute-secret\"/></AssumeRoleResponse>" }"#,
        ),
        interaction(
            "RDS",
            "CreateDBInstance",
            &form_request(
                "Action=CreateDBInstance&DBInstanceIdentifier=db&TdeCredentialPassword=rds-parameter-secret",
            ),
            EMPTY_XML,
        ),
        interaction(
            "S3",
            "ListBuckets",
            r#"{ "method": "GET", "uri": "https://s3.amazonaws.com/", "headers": { "authorization": "AWS4-HMAC-SHA256 Credential=k/20260101, Signature=authorization-secret" }, "body": "" }"#,
            EMPTY_XML,
        ),
    ];
    format!(
        "{{ \"version\": 1, \"interactions\": [\n{}\n] }}\n",
        interactions.join(",\n")
    )
}

const SECRETS: [&str; 7] = [
    "ssm-parameter-secret",
    "a21zLXBsYWludGV4dC1zZWNyZXQ=",
    "web-identity-secret",
    "saml-assertion-secret",
    "xml-attribute-secret",
    "rds-parameter-secret",
    "authorization-secret",
];

#[test]
fn check_names_every_value_the_models_mark_sensitive_and_scrub_removes_them() {
    let dir = TempDir::new();
    let path = temp_file(&dir, "models.json", &secrets_no_scanner_sees());
    let (ok, _, err) = tool(&["check", &path]);
    assert!(!ok, "check passes a file holding sensitive values");
    let what = "a value scrub removes (a member the AWS service models mark sensitive, or a secret by name)";
    let expected: Vec<String> = [
        "interaction #1 response body field Parameter.Value",
        "interaction #2 response body field Plaintext",
        "interaction #3 request body field WebIdentityToken",
        "interaction #4 request body field SAMLAssertion",
        "interaction #5 response body field AssumeRoleResponse/Credentials@SecretAccessKey",
        "interaction #6 request body field TdeCredentialPassword",
        "interaction #7 request header \"authorization\"",
    ]
    .iter()
    .map(|field| format!("{path}: {field}: {what}"))
    .collect();
    assert_eq!(
        err,
        format!(
            "{}\nScrub the file (aws-stubber-fixture scrub FILE --field NAME ...) or re-record \
             it, and check it again before committing it.\n",
            expected.join("\n")
        )
    );

    let (ok, out, err) = tool(&["scrub", &path]);
    assert!(ok, "{err}");
    assert_eq!(out, format!("{path}: scrubbed 7 of 7 interactions\n"));
    let text = std::fs::read_to_string(&path).unwrap();
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} left in {text}");
    }
    let (ok, out, err) = tool(&["check", &path]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        format!("{path}: ok, 7 interactions, nothing that looks like a secret\n")
    );
}

#[test]
fn accept_refuses_a_pending_recording_holding_a_sensitive_value() {
    let dir = TempDir::new();
    dir.write("models.json", LISTING);
    let pending = dir.write("models.json.new", secrets_no_scanner_sees());
    let (ok, _, err) = tool(&["accept", dir.path().to_str().unwrap()]);
    assert!(!ok, "accepted a file holding sensitive values");
    assert_eq!(
        err,
        format!(
            "{}: not accepted, it holds something that looks like a secret: interaction #1 \
             response body field Parameter.Value: a value scrub removes (a member the AWS \
             service models mark sensitive, or a secret by name)\n",
            pending.display()
        )
    );
    assert_eq!(dir.files(), ["models.json", "models.json.new"]);
}

#[test]
fn check_on_a_folder_without_fixtures_fails() {
    let dir = TempDir::new();
    dir.write("notes.txt", "not a fixture");
    let folder = dir.path().to_str().unwrap();
    let (ok, out, err) = tool(&["check", folder]);
    assert!(!ok, "a check that checked nothing passed");
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "{folder}: holds no fixture file (*.json), so nothing was checked; name the files \
             or folders that hold your fixtures\n"
        )
    );
}

/// A JSON request of `target` (`AmazonSQS.SendMessage`) whose body is `body`.
fn json_request(target: &str, body: &serde_json::Value) -> String {
    format!(
        r#"{{ "method": "POST", "uri": "https://aws.example/", "headers": {{ "content-type": "application/x-amz-json-1.0", "x-amz-target": "{target}" }}, "body": {} }}"#,
        serde_json::to_string(&body.to_string()).unwrap()
    )
}

#[test]
fn documents_carried_in_strings_are_scrubbed_by_their_members_names() {
    // The user's own JSON in an SQS message body, an SNS message, a Step Functions input and a
    // CloudFormation template and parameter: members named as secrets are secrets there.
    let secret = "k8Hq2vLr9Tz4Wm1Xc7Bn3Pd6Fs0Gy5Ja";
    let doc = serde_json::json!({ "secretKey": secret, "user": "ana" }).to_string();
    let nested = serde_json::json!({ "job": { "db_password": secret }, "n": 1 }).to_string();
    let template = serde_json::json!({
        "Resources": { "Db": { "Properties": { "MasterUserPassword": secret, "Engine": "mysql" } } }
    })
    .to_string();
    let calls = [
        (
            "SQS",
            "SendMessage",
            serde_json::json!({ "QueueUrl": "https://sqs.example/1/jobs", "MessageBody": doc }),
        ),
        (
            "SNS",
            "Publish",
            serde_json::json!({ "TopicArn": "arn:aws:sns:us-east-1:1:t", "Message": nested }),
        ),
        (
            "SFN",
            "StartExecution",
            serde_json::json!({ "stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:m", "input": doc }),
        ),
        (
            "CloudFormation",
            "CreateStack",
            serde_json::json!({ "StackName": "s", "TemplateBody": template }),
        ),
    ];
    let interactions: Vec<String> = calls
        .iter()
        .map(|(service, operation, body)| {
            interaction(
                service,
                operation,
                &json_request(&format!("X.{operation}"), body),
                &json("{}"),
            )
        })
        .collect();
    let text = format!(
        r#"{{ "version": 1, "interactions": [{}] }}"#,
        interactions.join(",")
    );
    let dir = TempDir::new();
    let path = temp_file(&dir, "messages.json", &text);
    let (ok, _, err) = tool(&["check", &path]);
    assert!(!ok, "check passes a secret in a message body");
    assert_eq!(
        err,
        format!(
            "{path}: interaction #1 request body field MessageBody: a value scrub removes (a \
             member the AWS service models mark sensitive, or a secret by name)\n\
             {path}: interaction #2 request body field Message: a value scrub removes (a member \
             the AWS service models mark sensitive, or a secret by name)\n\
             {path}: interaction #3 request body field input: a value scrub removes (a member \
             the AWS service models mark sensitive, or a secret by name)\n\
             {path}: interaction #4 request body field TemplateBody: a value scrub removes (a \
             member the AWS service models mark sensitive, or a secret by name)\n\
             Scrub the file (aws-stubber-fixture scrub FILE --field NAME ...) or re-record it, \
             and check it again before committing it.\n"
        )
    );
    let (ok, out, err) = tool(&["scrub", &path]);
    assert!(ok, "{err}");
    assert!(out.contains("scrubbed 4 of 4 interactions"), "{out}");
    let scrubbed = std::fs::read_to_string(&path).unwrap();
    assert!(!scrubbed.contains(secret), "{scrubbed}");
    // What is not secret stays as it was, inside the string.
    assert!(
        scrubbed.contains(r#"\\\"user\\\":\\\"ana\\\""#),
        "{scrubbed}"
    );
    assert!(
        scrubbed.contains(r#"\\\"Engine\\\":\\\"mysql\\\""#),
        "{scrubbed}"
    );
    let (ok, _, err) = tool(&["check", &path]);
    assert!(ok, "{err}");
}

#[test]
fn a_credential_that_is_a_plain_word_stays_in_sentences_and_goes_as_a_value() {
    // Recorded by hand with moto's dummy credentials `testing`/`testing`: the signature names
    // the key id, the alarm's description uses the word, the owner field is the whole value.
    let request = r#"{ "method": "POST", "uri": "https://monitoring.example/", "headers": { "content-type": "application/x-amz-json-1.0", "authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0" }, "body": "{}" }"#;
    let response = json(
        r#"{"MetricAlarms":[{"AlarmName":"latency","AlarmDescription":"Latency during load testing","Owner":"testing"}]}"#,
    );
    let text = format!(
        r#"{{ "version": 1, "interactions": [{}] }}"#,
        interaction("CloudWatch", "DescribeAlarms", request, &response)
    );
    let dir = TempDir::new();
    let path = temp_file(&dir, "alarms.json", &text);
    let (ok, out, err) = tool(&["scrub", &path]);
    assert!(ok, "{err}");
    assert!(out.contains("scrubbed 1 of 1 interactions"), "{out}");
    let scrubbed = std::fs::read_to_string(&path).unwrap();
    assert!(
        scrubbed.contains("Latency during load testing"),
        "{scrubbed}"
    );
    assert!(!scrubbed.contains(r#"\"Owner\":\"testing\""#), "{scrubbed}");
    assert!(!scrubbed.contains("Credential=testing"), "{scrubbed}");
    let (ok, _, err) = tool(&["check", &path]);
    assert!(ok, "{err}");
}
