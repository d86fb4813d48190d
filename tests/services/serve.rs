//! A stubber at an address: programs that build their own clients from the environment, run
//! as child processes (`bin/stubbed_tool.rs`), and botocore in a Python child, reach the
//! queue and nothing else; what they do wrong fails the test even when they exit 0.

use std::io::{Read, Write};
use std::process::{Command, Output};

use aws_sdk_s3::operation::get_object::GetObjectOutput;
use aws_sdk_s3::operation::put_object::PutObjectOutput;
use aws_sdk_s3::primitives::ByteStream;
use aws_stubber::{Stubber, op};

const TOOL: &str = env!("CARGO_BIN_EXE_stubbed-tool");

/// The child's output, with its stderr shown when it failed.
fn run(command: &mut Command) -> Output {
    let output = command.output().expect("the child process starts");
    if !output.status.success() {
        eprintln!("child stderr:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What a developer's shell and home directory may hold that would send an SDK elsewhere: a
/// profile, a per-service endpoint, a session token, and a config file with an `endpoint_url`.
fn poisoned(command: &mut Command, home: &std::path::Path) {
    let aws = home.join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("config"),
        "[default]\nendpoint_url = http://127.0.0.1:1\nregion = eu-west-3\n\
         [profile prod]\nendpoint_url = http://127.0.0.1:1\n",
    )
    .unwrap();
    std::fs::write(
        aws.join("credentials"),
        "[prod]\naws_access_key_id = AKIAPROD\naws_secret_access_key = prod\n",
    )
    .unwrap();
    command
        .env("HOME", home)
        .env("AWS_PROFILE", "prod")
        .env("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1")
        .env("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:1")
        .env("AWS_SESSION_TOKEN", "inherited")
        .env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
}

#[test]
fn a_binary_streams_an_upload_and_reads_it_back_through_the_stub_alone() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("report.csv");
    std::fs::write(&file, "day,count\nmon,3\n").unwrap();
    let stubber = Stubber::new();
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::put_object),
            PutObjectOutput::builder().e_tag("\"e1\"").build(),
        )
        .expect_http(|h| {
            h.method("PUT")
                .path("/reports/2026/report.csv")
                .body("day,count\nmon,3\n")
        });
    stubber.add_response(
        op!(aws_sdk_s3::Client::get_object),
        GetObjectOutput::builder()
            .body(ByteStream::from_static(b"day,count\nmon,3\n"))
            .content_length(16)
            .build(),
    );
    let served = stubber.serve();
    let mut command = Command::new(TOOL);
    poisoned(&mut command, home.path());
    served.env().apply(&mut command);
    command
        .args(["upload", "reports", "2026/report.csv"])
        .arg(&file);
    let output = run(&mut command);
    assert!(output.status.success());
    assert_eq!(stdout(&output), "day,count\nmon,3\n\n");

    let calls = served.calls();
    let names: Vec<_> = calls.iter().map(|c| (c.service(), c.operation())).collect();
    assert_eq!(names, [("S3", "PutObject"), ("S3", "GetObject")]);
    // Streamed as aws-chunked with the SDK's checksum trailer, read decoded.
    let put = &calls[0].requests()[0];
    assert_eq!(put.body_text(), "day,count\nmon,3\n");
    assert!(
        put.trailers
            .iter()
            .any(|(k, _)| k.starts_with("x-amz-checksum-")),
        "{:?}",
        put.trailers
    );
    // The dummy credentials, not the profile's.
    let auth = put.header_values("authorization").join("");
    assert!(auth.contains("Credential=AKIDAWSSTUBBER000000/"), "{auth}");
    served.verify().unwrap();
}

#[test]
fn a_binary_reads_instances_from_a_typed_ec2_output() {
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    use aws_sdk_ec2::types::{Instance, InstanceState, InstanceStateName, Reservation};
    let stubber = Stubber::new();
    stubber.add_response(
        op!(aws_sdk_ec2::Client::describe_instances),
        DescribeInstancesOutput::builder()
            .reservations(
                Reservation::builder()
                    .instances(
                        Instance::builder()
                            .instance_id("i-0abc")
                            .state(
                                InstanceState::builder()
                                    .name(InstanceStateName::Running)
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .build(),
    );
    let served = stubber.serve();
    let output = run(served.env().apply(Command::new(TOOL).arg("instances")));
    assert!(output.status.success());
    assert_eq!(stdout(&output), "i-0abc running\n");
    assert_eq!(served.calls()[0].operation(), "DescribeInstances");
    served.verify().unwrap();
}

#[test]
fn a_binary_handles_the_iam_error_it_is_given() {
    let stubber = Stubber::new();
    stubber
        .add_client_error(
            op!(aws_sdk_iam::Client::get_user),
            "NoSuchEntity",
            "The user ana cannot be found.",
        )
        .http_status(404)
        .expect_http(|h| h.body_contains("UserName=ana"));
    let served = stubber.serve();
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(TOOL);
    poisoned(&mut command, home.path());
    let output = run(served.env().apply(command.args(["user", "ana"])));
    assert!(output.status.success());
    assert_eq!(stdout(&output), "no user ana\n");
    served.verify().unwrap();
}

#[test]
fn a_child_that_swallows_an_extra_call_and_exits_0_fails_the_test_naming_the_call() {
    let served = Stubber::new().serve();
    let output = run(served.env().apply(Command::new(TOOL).arg("careless")));
    assert!(output.status.success(), "the child swallowed the failure");
    let message = served.verify().unwrap_err().message().to_string();
    assert!(
        message.starts_with(
            "aws-stubber: 1 stubbed call(s) failed during the test (the code under test may have \
             swallowed the error):\n1. aws-stubber: unexpected call #1 to S3 ListBuckets: no \
             response is queued (0 of 0 queued responses were used)."
        ),
        "{message}"
    );
}

#[test]
fn an_entry_the_child_never_used_fails_when_the_guard_drops() {
    let stubber = Stubber::new();
    stubber.add_client_error(op!(aws_sdk_iam::Client::get_user), "NoSuchEntity", "gone");
    let served = stubber.serve();
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(served)))
        .expect_err("the guard's drop fails the test");
    let message = panic.downcast_ref::<String>().expect("a message");
    assert!(
        message.starts_with(
            "aws-stubber: 1 response(s) remaining in queue (0 of 1 used):\n    #1 GetUser -> \
             client error NoSuchEntity (400) (queued at tests/services/serve.rs:"
        ),
        "{message}"
    );
    assert!(
        message.ends_with(
            ")\n(reported when the served stubber's guard was dropped; call verify() on it to \
             check earlier)"
        ),
        "{message}"
    );
}

#[test]
fn an_input_expectation_at_an_address_is_checked_on_the_request_a_child_sent() {
    let stubber = Stubber::new();
    stubber
        .add_client_error(op!(aws_sdk_iam::Client::get_user), "NoSuchEntity", "gone")
        .expect_input(|i| i.user_name("ana"));
    stubber
        .add_client_error(op!(aws_sdk_iam::Client::get_user), "NoSuchEntity", "gone")
        .expect_input(|i| i.user_name("ana"));
    let served = stubber.serve();
    let output = run(served.env().apply(Command::new(TOOL).args(["user", "ana"])));
    assert!(output.status.success(), "{output:?}");
    assert!(served.take_failures().is_empty());
    let output = run(served.env().apply(Command::new(TOOL).args(["user", "bob"])));
    assert!(
        !output.status.success(),
        "the child gets the failure as its error"
    );
    let failures = served.take_failures();
    let message = failures[0].message();
    assert!(
        message.starts_with(
            "aws-stubber: call #2 to IAM GetUser does not match queue entry #2 GetUser (queued \
             at tests/services/serve.rs:"
        ),
        "{message}"
    );
    assert!(
        message.ends_with(
            "): input differs from the expectation (only the fields it sets are compared):\n\
             --- expected\n\
             +++ received\n\
             \x20 GetUserInput {\n\
             -     user_name: Some(\"ana\"),\n\
             +     user_name: Some(\"bob\"),\n\
             \x20 }\n\
             The entry stays queued."
        ),
        "{message}"
    );
    served.verify_on_drop(false); // the entry stays: the call never took it
}

#[tokio::test]
async fn a_body_streamed_from_a_file_fails_its_call_and_says_what_to_queue_instead() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.bin");
    std::fs::write(&file, b"streamed").unwrap();
    let stubber = Stubber::new();
    stubber.add_response(
        op!(aws_sdk_s3::Client::get_object),
        GetObjectOutput::builder()
            .body(ByteStream::from_path(&file).await.unwrap())
            .build(),
    );
    let served = stubber.serve();
    let err = {
        let _env = served.env().set();
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .http_client(aws_smithy_http_client::Builder::new().build_http())
            .load()
            .await;
        let s3 = aws_sdk_s3::Client::new(&config);
        s3.get_object()
            .bucket("b")
            .key("k")
            .send()
            .await
            .unwrap_err()
    };
    assert!(err.as_service_error().is_some(), "{err:?}");
    let failures = served.take_failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(
        failures[0].message(),
        "aws-stubber: call #1 to S3 GetObject took an entry whose typed output cannot be \
         written on the wire: body: a streaming body (read from a file or a stream) cannot be \
         read from the output's Debug; queue the body as bytes (ByteStream::from(..)). At an \
         address, answer with add_response (typed outputs of every protocol), \
         add_client_error, add_error, add_empty_response, add_http_response, add_event_stream \
         or add_fault, and check the request with expect_input, \
         expect_input_eq or expect_http()."
    );
}

/// Sends one raw HTTP/1.1 request and returns the whole answer.
fn raw_request(addr: std::net::SocketAddr, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn a_request_of_no_operation_is_answered_with_the_reason_and_fails_the_test() {
    let served = Stubber::new().serve();
    let answer = raw_request(
        served.addr(),
        "GET /no/such/api HTTP/1.1\r\nhost: x\r\nauthorization: AWS4-HMAC-SHA256 \
         Credential=AKID/20260101/us-east-1/route53/aws4_request, SignedHeaders=host, \
         Signature=0\r\nconnection: close\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    // In the protocol of the service the signature names (Route 53's XML).
    assert!(
        answer.contains("<Code>AwsStubberFailure</Code>"),
        "{answer}"
    );
    let failures = served.take_failures();
    assert_eq!(
        failures[0].message(),
        "aws-stubber: a request to the stubber's address is no call of an AWS operation: GET \
         /no/such/api matches no operation of the services signed as \"route53\".\n    GET \
         http://x/no/such/api"
    );
}

#[tokio::test]
async fn code_that_loads_its_config_in_the_test_process_reaches_the_stub_until_the_guard_drops() {
    let stubber = Stubber::new();
    stubber
        .add_client_error(
            op!(aws_sdk_iam::Client::get_user),
            "NoSuchEntity",
            "no such user",
        )
        .http_status(404);
    let served = stubber.serve();
    {
        let _env = served.env().set();
        assert_eq!(std::env::var("AWS_ENDPOINT_URL").unwrap(), served.url());
        // The code under test, as written for production.
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .http_client(aws_smithy_http_client::Builder::new().build_http())
            .load()
            .await;
        let iam = aws_sdk_iam::Client::new(&config);
        let err = iam.get_user().user_name("ana").send().await.unwrap_err();
        assert!(err.into_service_error().is_no_such_entity_exception());
    }
    assert_ne!(std::env::var("AWS_ENDPOINT_URL").ok(), Some(served.url()));
    served.verify().unwrap();
}

/// botocore, which shares no code with the Rust SDK, against a served stubber: one error per
/// protocol, read by botocore's own parsers from what the stubber wrote.
#[test]
fn botocore_reads_each_protocols_error_from_the_address() {
    let stubber = Stubber::new();
    let errors = [
        (("S3", "GetObject"), "NoSuchKey", 404),
        (("IAM", "GetUser"), "NoSuchEntity", 404),
        (
            ("EC2", "DescribeInstances"),
            "InvalidInstanceID.NotFound",
            400,
        ),
        (
            ("DynamoDB", "DescribeTable"),
            "ResourceNotFoundException",
            400,
        ),
        (("Route 53", "GetHostedZone"), "NoSuchHostedZone", 404),
        (
            ("CloudWatch", "ListDashboards"),
            "InternalServiceError",
            500,
        ),
    ];
    for (op, code, status) in errors {
        stubber
            .add_client_error(op, code, format!("{code} from the stub"))
            .http_status(status);
    }
    let served = stubber.serve();
    let script = r#"
import boto3, botocore.config
cfg = botocore.config.Config(retries={"total_max_attempts": 1})
def code(service, call, **kw):
    client = boto3.client(service, config=cfg)
    try:
        getattr(client, call)(**kw)
        return "no error"
    except client.exceptions.ClientError as e:
        return f'{e.response["Error"]["Code"]}: {e.response["Error"].get("Message", "")}'
print(code("s3", "get_object", Bucket="b", Key="k"))
print(code("iam", "get_user", UserName="ana"))
print(code("ec2", "describe_instances", InstanceIds=["i-0abc"]))
print(code("dynamodb", "describe_table", TableName="t"))
print(code("route53", "get_hosted_zone", Id="Z1"))
print(code("cloudwatch", "list_dashboards"))
"#;
    let output = run(served
        .env()
        .apply(Command::new("python3").args(["-c", script])));
    assert!(
        output.status.success(),
        "python3 with boto3 is needed here (.ci/run installs it with moto): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<String> = stdout(&output).lines().map(str::to_string).collect();
    let expected: Vec<String> = errors
        .iter()
        .map(|(_, code, _)| format!("{code}: {code} from the stub"))
        .collect();
    assert_eq!(lines, expected);
    let operations: Vec<_> = served
        .calls()
        .iter()
        .map(|c| c.operation().to_string())
        .collect();
    assert_eq!(
        operations,
        [
            "GetObject",
            "GetUser",
            "DescribeInstances",
            "DescribeTable",
            "GetHostedZone",
            "ListDashboards"
        ]
    );
    served.verify().unwrap();
}

/// An IAM client of the address, made from the environment in this process.
async fn iam_from_env() -> aws_sdk_iam::Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .load()
        .await;
    aws_sdk_iam::Client::new(&config)
}

#[tokio::test]
async fn a_request_aws_would_refuse_fails_at_the_address_as_in_process() {
    let stubber = Stubber::new();
    stubber.add_client_error(op!(aws_sdk_iam::Client::get_user), "NoSuchEntity", "gone");
    let served = stubber.serve();
    let err = {
        let _env = served.env().set();
        let iam = iam_from_env().await;
        iam.get_user()
            .user_name("not a name!")
            .send()
            .await
            .unwrap_err()
    };
    let code = err
        .as_service_error()
        .and_then(|e| e.meta().code().map(str::to_string));
    assert_eq!(code.as_deref(), Some("AwsStubberFailure"));
    let failures = served.take_failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(
        failures[0].kind(),
        aws_stubber::StubErrorKind::InvalidRequest
    );
    // The same message as in process: the request read back against the models.
    assert!(
        failures[0].message().starts_with(
            "aws-stubber: call #1 to IAM GetUser sends a request that IAM refuses \
             (ValidationError, HTTP 400: 1 validation error by the AWS service models):\n    \
             user_name = \"not a name!\": does not match the pattern [a-zA-Z0-9_+=,.@-]+\n"
        ),
        "{}",
        failures[0].message()
    );
    served.verify_on_drop(false); // the entry stays: the refused call never took it
}

#[tokio::test]
async fn an_unordered_stubber_at_an_address_answers_calls_in_any_order() {
    let stubber = Stubber::unordered();
    for name in ["ana", "bob"] {
        stubber
            .add_client_error(
                op!(aws_sdk_iam::Client::get_user),
                "NoSuchEntity",
                format!("no {name}"),
            )
            .http_status(404)
            .expect_http(|h| h.body_contains(format!("UserName={name}")));
    }
    let served = stubber.serve();
    let messages = {
        let _env = served.env().set();
        let iam = iam_from_env().await;
        let mut messages = Vec::new();
        for name in ["bob", "ana"] {
            let err = iam.get_user().user_name(name).send().await.unwrap_err();
            messages.push(
                err.into_service_error()
                    .meta()
                    .message()
                    .unwrap_or("")
                    .to_string(),
            );
        }
        messages
    };
    assert_eq!(messages, ["no bob", "no ana"]);
    served.verify().unwrap();
}

#[test]
fn moto_at_an_address_shows_a_child_what_the_test_made_in_its_account() {
    let iam = aws_stubber::stubbed::moto::iam();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(iam.client.create_user().user_name("ana").send())
        .unwrap();
    let served = iam.serve();
    let output = run(served.env().apply(Command::new(TOOL).args(["user", "ana"])));
    assert!(output.status.success());
    // moto answered, in the fixture's account, which the child's SDK never named.
    assert_eq!(
        stdout(&output),
        format!("arn:aws:iam::{}:user/ana\n", iam.account())
    );
    // One history: the test's call, then the child's.
    let operations: Vec<_> = served
        .calls()
        .iter()
        .map(|c| c.operation().to_string())
        .collect();
    assert_eq!(operations, ["CreateUser", "GetUser"]);
    served.verify().unwrap();
}

#[test]
fn moto_at_an_address_keeps_its_stubs_in_front() {
    let iam = aws_stubber::stubbed::moto::iam();
    iam.add_client_error(
        op!(aws_sdk_iam::Client::get_user),
        "NoSuchEntity",
        "stubbed",
    )
    .http_status(404);
    let served = iam.serve();
    let output = run(served.env().apply(Command::new(TOOL).args(["user", "bob"])));
    assert!(output.status.success());
    assert_eq!(stdout(&output), "no user bob\n");
    served.verify().unwrap();
}

/// The code under test: whether an IAM user exists, from a client it makes itself (one
/// attempt per call, so that each failure comes back as it was injected).
async fn user_exists(name: &str) -> Result<bool, aws_sdk_iam::Error> {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(1))
        .load()
        .await;
    match aws_sdk_iam::Client::new(&config)
        .get_user()
        .user_name(name)
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_no_such_entity_exception()) =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

#[tokio::test]
async fn a_sweep_fails_each_call_a_served_stubber_answers_with_every_failure_it_can_meet() {
    let report = aws_stubber::sweep(|stubber: Stubber| async move {
        stubber
            .add_client_error(op!(aws_sdk_iam::Client::get_user), "NoSuchEntity", "no ana")
            .http_status(404);
        let served = stubber.serve();
        let _env = served.env().set();
        user_exists("ana").await
    })
    .report()
    .await;
    assert!(report.passed(), "{report}");
    // The one call, answered at the address with each failure of its catalogue in turn
    // (NoSuchEntity is handled; the others come back as errors, none panics or hangs).
    let catalogue = aws_stubber::sweep::catalogue("IAM", "GetUser");
    assert_eq!(report.runs().len(), catalogue.len(), "{report}");
    let text = report.to_string();
    assert!(
        text.contains("IAM GetUser  NoSuchEntity                           returned\n"),
        "{text}"
    );
}
