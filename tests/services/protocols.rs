//! Client errors queued by code, message and status come out of each service crate's own
//! deserializer as the modeled error, in every wire protocol (`error_round_trip!`, one row per
//! service); raw responses, request ids and CBOR bodies.

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_stubber::{ClientError, RawResponse, Stubber, client, op};

#[tokio::test]
async fn s3_rest_xml_error_is_modeled_with_fields_and_request_id() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_client_error_with(
        op!(aws_sdk_s3::Client::get_object),
        ClientError::new("NoSuchKey")
            .message("The specified key does not exist.")
            .status(404)
            .field("Key", "missing.txt")
            .request_id("REQ-1"),
    );
    let err = s3
        .get_object()
        .bucket("b")
        .key("missing.txt")
        .send()
        .await
        .unwrap_err();
    use aws_sdk_s3::operation::RequestId;
    assert_eq!(err.request_id(), Some("REQ-1"));
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 404);
    let err = err.into_service_error();
    assert!(err.is_no_such_key());
    assert_eq!(err.message(), Some("The specified key does not exist."));
}

#[tokio::test]
async fn s3_head_request_error_has_no_body_like_the_real_service() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_client_error(op!(aws_sdk_s3::Client::head_object), "NotFound", "")
        .http_status(404);
    let err = s3
        .head_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_not_found());
}

#[tokio::test]
async fn raw_http_response_goes_through_the_real_deserializer() {
    let stubber = Stubber::new();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    stubber.add_http_response(
        op!(aws_sdk_ec2::Client::describe_instances),
        RawResponse::new(200).header("content-type", "text/xml").body(
            r#"<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <reservationSet><item><reservationId>r-1</reservationId>
    <instancesSet><item><instanceId>i-1</instanceId><instanceState><code>16</code><name>running</name></instanceState></item></instancesSet>
  </item></reservationSet></DescribeInstancesResponse>"#,
        ),
    );
    let out = ec2.describe_instances().send().await.unwrap();
    let instance = &out.reservations()[0].instances()[0];
    assert_eq!(instance.instance_id(), Some("i-1"));
    assert_eq!(
        instance.state().and_then(|s| s.name()),
        Some(&aws_sdk_ec2::types::InstanceStateName::Running)
    );
}

#[tokio::test]
async fn operations_named_by_strings_serve_data_driven_tests() {
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    stubber
        .add_client_error(("IAM", "GetUser"), "NoSuchEntity", "gone")
        .http_status(404);
    stubber
        .add_client_error(
            aws_stubber::operation::OperationName::new("iam", "GetUser"),
            "NoSuchEntity",
            "gone",
        )
        .http_status(404);
    for _ in 0..2 {
        let err = iam
            .get_user()
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_no_such_entity_exception());
    }
}

/// Typed outputs skip the SDK's deserializer, the only code that sets an output's request id
/// (its setters are private to the SDK crate): a test that needs one answers with raw HTTP.
#[tokio::test]
async fn request_ids_come_from_raw_responses_not_typed_outputs() {
    use aws_sdk_s3::operation::{RequestId as _, RequestIdExt as _};
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let iam = client!(aws_sdk_iam, &stubber);
    let list = op!(aws_sdk_s3::Client::list_buckets);
    stubber.add_response(
        list,
        aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build(),
    );
    stubber.add_http_response(
        list,
        RawResponse::new(200)
            .header("x-amz-request-id", "REQ-S3")
            .header("x-amz-id-2", "EXT-S3")
            .body("<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>"),
    );
    stubber.add_http_response(
        op!(aws_sdk_iam::Client::list_users),
        RawResponse::new(200)
            .header("x-amzn-requestid", "REQ-IAM")
            .body(
                "<ListUsersResponse><ListUsersResult><Users/><IsTruncated>false</IsTruncated>\
             </ListUsersResult><ResponseMetadata><RequestId>REQ-IAM</RequestId>\
             </ResponseMetadata></ListUsersResponse>",
            ),
    );

    let typed = s3.list_buckets().send().await.unwrap();
    assert_eq!(typed.request_id(), None);
    let raw = s3.list_buckets().send().await.unwrap();
    assert_eq!(raw.request_id(), Some("REQ-S3"));
    assert_eq!(raw.extended_request_id(), Some("EXT-S3"));
    let users = iam.list_users().send().await.unwrap();
    assert_eq!(
        aws_sdk_iam::operation::RequestId::request_id(&users),
        Some("REQ-IAM")
    );
}

/// Queues `code` for `$op` of `$krate`, makes the call, and checks that the SDK reports the
/// code, the message and the request id, and that the service error is the modeled one.
macro_rules! error_round_trip {
    ($krate:ident, $method:ident, |$call:ident| $send:expr, $code:literal) => {{ error_round_trip!($krate, $method, |$call| $send, $code, |_e| true) }};
    ($krate:ident, $method:ident, |$call:ident| $send:expr, $code:literal, $is_modeled:ident) => {{ error_round_trip!($krate, $method, |$call| $send, $code, |e| e.$is_modeled()) }};
    ($krate:ident, $method:ident, |$call:ident| $send:expr, $code:literal, |$e:ident| $modeled:expr) => {{
        use $krate::error::ProvideErrorMetadata as _;
        use $krate::operation::RequestId as _;
        let stubber = Stubber::new();
        let client = client!($krate, &stubber);
        let request_id = concat!("REQ-", stringify!($krate));
        stubber.add_client_error_with(
            op!($krate::Client::$method),
            ClientError::new($code)
                .message("it went wrong")
                .request_id(request_id),
        );
        let $call = client.$method();
        let err = $send.await.unwrap_err();
        assert_eq!(err.code(), Some($code), "{err:?}");
        assert_eq!(err.message(), Some("it went wrong"));
        assert_eq!(err.request_id(), Some(request_id));
        let $e = err.into_service_error();
        assert!($modeled, "{:?}", $e);
    }};
}

#[tokio::test]
async fn every_protocol_gives_the_modeled_error_with_code_message_and_request_id() {
    // restXml (S3's own and Route 53's)
    error_round_trip!(
        aws_sdk_s3,
        get_object,
        |c| c.bucket("b").key("k").send(),
        "NoSuchKey",
        is_no_such_key
    );
    error_round_trip!(
        aws_sdk_route53,
        get_hosted_zone,
        |c| c.id("Z1").send(),
        "NoSuchHostedZone",
        is_no_such_hosted_zone
    );
    // awsQuery, ec2Query
    error_round_trip!(
        aws_sdk_iam,
        get_user,
        |c| c.user_name("u").send(),
        "NoSuchEntity",
        is_no_such_entity_exception
    );
    error_round_trip!(
        aws_sdk_rds,
        describe_db_instances,
        |c| c.db_instance_identifier("db-1").send(),
        "DBInstanceNotFound",
        is_db_instance_not_found_fault
    );
    error_round_trip!(
        aws_sdk_autoscaling,
        create_auto_scaling_group,
        |c| c
            .auto_scaling_group_name("g")
            .min_size(1)
            .max_size(1)
            .send(),
        "AlreadyExists",
        is_already_exists_fault
    );
    error_round_trip!(
        aws_sdk_ec2,
        describe_instances,
        |c| c.send(),
        "InvalidInstanceID.NotFound"
    ); // EC2 models no errors: the code, dots included, is what code reads
    // awsJson 1.0 with the query error codes SQS keeps
    error_round_trip!(
        aws_sdk_sqs,
        get_queue_url,
        |c| c.queue_name("q").send(),
        "AWS.SimpleQueueService.NonExistentQueue",
        is_queue_does_not_exist
    );
    // awsJson 1.1, restJson1
    error_round_trip!(
        aws_sdk_pricing,
        get_products,
        |c| c.service_code("s").send(),
        "NotFoundException",
        is_not_found_exception
    );
    error_round_trip!(
        aws_sdk_sso,
        get_role_credentials,
        |c| c.role_name("r").account_id("1").access_token("t").send(),
        "UnauthorizedException",
        is_unauthorized_exception
    );
    // rpcv2Cbor, with the query error codes CloudWatch keeps
    error_round_trip!(
        aws_sdk_cloudwatch,
        get_dashboard,
        |c| c.dashboard_name("d").send(),
        "ResourceNotFound",
        is_dashboard_not_found_error
    );
}

#[tokio::test]
async fn a_cbor_error_is_what_an_rpcv2_cbor_service_sends() {
    let stubber = Stubber::new();
    let cloudwatch = client!(aws_sdk_cloudwatch, &stubber);
    stubber.add_client_error(
        op!(aws_sdk_cloudwatch::Client::get_dashboard),
        "ResourceNotFound",
        "Dashboard d does not exist",
    );
    let err = cloudwatch
        .get_dashboard()
        .dashboard_name("d")
        .send()
        .await
        .unwrap_err();
    let raw = err.raw_response().unwrap();
    assert_eq!(raw.headers().get("content-type"), Some("application/cbor"));
    assert_eq!(raw.headers().get("smithy-protocol"), Some("rpc-v2-cbor"));
    assert_eq!(
        raw.headers().get("x-amzn-query-error"),
        Some("ResourceNotFound;Sender")
    );
    // {"__type": "ResourceNotFound", "message": "Dashboard d does not exist"}
    let body = raw.body().bytes().unwrap();
    assert_eq!(body[0], 0xa2, "a map of two entries");
    assert_eq!(
        err.into_service_error().meta().extra("type"),
        Some("Sender"),
        "the error type, from the query error header"
    );
}

/// A fixture of one interaction, with `request` as recorded and an empty answer.
fn one_interaction(
    service: &str,
    operation: &str,
    request: aws_stubber::history::RecordedRequest,
    response: RawResponse,
) -> aws_stubber::fixture::Fixture {
    let mut fixture = aws_stubber::fixture::Fixture::new();
    let mut interaction = aws_stubber::fixture::Interaction::new(service, operation, request);
    interaction.response = Some(response);
    fixture.interactions.push(interaction);
    fixture
}

#[tokio::test]
async fn a_fixture_recorded_in_another_protocol_fails_saying_so() {
    // CloudWatch spoke awsQuery before its SDK crates moved to rpcv2Cbor.
    let recorded = aws_stubber::history::RecordedRequest::new(
        "POST",
        "https://monitoring.us-east-1.amazonaws.com/",
    )
    .with_header("content-type", "application/x-www-form-urlencoded")
    .with_body("Action=GetDashboard&Version=2010-08-01&DashboardName=d");
    let answer = RawResponse::new(200)
        .header("content-type", "text/xml")
        .body("<GetDashboardResponse><GetDashboardResult/></GetDashboardResponse>");
    let dir = crate::support::TempDir::new();
    let path = dir.join("dashboard.json");
    one_interaction("CloudWatch", "GetDashboard", recorded, answer)
        .write_atomic(&path)
        .unwrap();
    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let cloudwatch = client!(aws_sdk_cloudwatch, &stubber);
    let err = cloudwatch
        .get_dashboard()
        .dashboard_name("d")
        .send()
        .await
        .unwrap_err();
    let stub = aws_stubber::StubError::find(&err).unwrap();
    assert!(
        stub.message().contains(
            "    protocol: recorded in awsQuery (or ec2Query), but this version of the SDK sends \
             rpcv2Cbor: the service changed its wire protocol. Record the fixture again \
             (AWS_STUBBER_RECORD=all) with this SDK version\n"
        ),
        "{}",
        stub.message()
    );
    stubber.take_expected_failures(&[aws_stubber::StubErrorKind::RequestMismatch]);
}

#[tokio::test]
async fn json_members_in_another_order_replay() {
    use aws_sdk_sqs::types::{MessageAttributeValue, MessageAttributeValue as V};
    let attribute = |v: &str| -> MessageAttributeValue {
        V::builder()
            .data_type("String")
            .string_value(v)
            .build()
            .unwrap()
    };
    let send = |sqs: &aws_sdk_sqs::Client| {
        sqs.send_message()
            .queue_url("https://sqs.us-east-1.amazonaws.com/123456789012/q")
            .message_body("hello")
            .message_attributes("a", attribute("1"))
            .message_attributes("b", attribute("2"))
            .message_attributes("c", attribute("3"))
            .send()
    };
    // What the SDK sends, captured from a stubbed call.
    let stubber = Stubber::new();
    let sqs = client!(aws_sdk_sqs, &stubber);
    let answer = RawResponse::new(200)
        .header("content-type", "application/x-amz-json-1.0")
        .body(r#"{"MessageId":"m-1","MD5OfMessageBody":"5d41402abc4b2a76b9719d911017c592"}"#);
    stubber.add_http_response(op!(aws_sdk_sqs::Client::send_message), answer.clone());
    send(&sqs).await.unwrap();
    let mut request = stubber.calls()[0].requests()[0].clone();
    // Recorded with every member, the attributes map included, in reverse order.
    fn reversed(value: serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Object(map) => serde_json::Value::Object(
                map.into_iter()
                    .rev()
                    .map(|(k, v)| (k, reversed(v)))
                    .collect(),
            ),
            other => other,
        }
    }
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    let body = serde_json::to_vec(&reversed(body)).unwrap();
    assert_ne!(body, request.body.to_vec(), "the order differs");
    request.body = body.into();
    let dir = crate::support::TempDir::new();
    let path = dir.join("send.json");
    one_interaction("SQS", "SendMessage", request, answer)
        .write_atomic(&path)
        .unwrap();
    let replayer = Stubber::new();
    replayer.load_fixture(&path).unwrap();
    let out = send(&client!(aws_sdk_sqs, &replayer)).await.unwrap();
    assert_eq!(out.message_id(), Some("m-1"));
}

/// A CloudWatch GetDashboard exchange as an rpcv2Cbor service has it: the request the SDK
/// sends (captured from a stubbed call) and a CBOR answer.
async fn cbor_dashboard_fixture() -> aws_stubber::fixture::Fixture {
    let stubber = Stubber::new();
    let cloudwatch = client!(aws_sdk_cloudwatch, &stubber);
    stubber.add_http_response(
        op!(aws_sdk_cloudwatch::Client::get_dashboard),
        RawResponse::new(500),
    );
    let _ = cloudwatch.get_dashboard().dashboard_name("d").send().await;
    let request = stubber.calls()[0].requests()[0].clone();
    // The answer, written in a fixture's readable form of CBOR.
    let answer = aws_stubber::fixture::Fixture::parse(
        "answer.json".as_ref(),
        br#"{ "version": 1, "interactions": [ { "service": "CloudWatch", "operation": "GetDashboard",
            "request": { "method": "POST", "uri": "https://monitoring.us-east-1.amazonaws.com/" },
            "response": { "status": 200,
                "headers": { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" },
                "body_cbor": { "DashboardName": "d", "DashboardBody": "{}",
                               "DashboardArn": "arn:aws:cloudwatch::1:dashboard/d" } } } ] }"#,
    )
    .unwrap();
    let answer = answer.interactions[0].response.clone().unwrap();
    one_interaction("CloudWatch", "GetDashboard", request, answer)
}

#[tokio::test]
async fn cbor_bodies_are_readable_in_fixture_files_and_replay_by_meaning() {
    let fixture = cbor_dashboard_fixture().await;
    let text = fixture.to_json();
    // The SDK's CBOR request, written readably.
    assert!(
        text.contains("\"body_cbor\": {\n          \"DashboardName\": \"d\"\n        }"),
        "{text}"
    );
    assert!(!text.contains("body_base64"), "{text}");
    let dir = crate::support::TempDir::new();
    let path = dir.join("dashboard.json");
    fixture.write_atomic(&path).unwrap();

    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let cloudwatch = client!(aws_sdk_cloudwatch, &stubber);
    let out = cloudwatch
        .get_dashboard()
        .dashboard_name("d")
        .send()
        .await
        .unwrap();
    assert_eq!(out.dashboard_body(), Some("{}"));
    assert_eq!(
        out.dashboard_arn(),
        Some("arn:aws:cloudwatch::1:dashboard/d")
    );

    // Another request is caught, and the difference is shown in the JSON form.
    let stubber = Stubber::new();
    stubber.load_fixture(&path).unwrap();
    let cloudwatch = client!(aws_sdk_cloudwatch, &stubber);
    let err = cloudwatch
        .get_dashboard()
        .dashboard_name("e")
        .send()
        .await
        .unwrap_err();
    let message = aws_stubber::StubError::find(&err)
        .unwrap()
        .message()
        .to_string();
    assert!(
        message.contains(
            "the HTTP request differs:\n    body differs:\n    --- expected\n    +++ received\n      {\n    -   \"DashboardName\": \"d\"\n    +   \"DashboardName\": \"e\"\n      }\n"
        ),
        "{message}"
    );
    stubber.take_expected_failures(&[aws_stubber::StubErrorKind::RequestMismatch]);
}

#[tokio::test]
async fn secrets_in_cbor_bodies_are_scrubbed_and_the_body_stays_cbor() {
    let mut fixture = cbor_dashboard_fixture().await;
    let text = fixture
        .to_json()
        .replace(r#""DashboardBody": "{}""#, r#""Password": "hunter2""#);
    fixture =
        aws_stubber::fixture::Fixture::parse("dashboard.json".as_ref(), text.as_bytes()).unwrap();
    assert!(
        String::from_utf8_lossy(
            fixture.interactions[0]
                .response
                .as_ref()
                .unwrap()
                .body_bytes()
        )
        .contains("hunter2")
    );
    aws_stubber::scrub::Scrubber::default()
        .scrub_fixture(&mut fixture)
        .unwrap();
    let text = fixture.to_json();
    assert!(text.contains(r#""Password": "REDACTED""#), "{text}");
    assert!(
        !text.contains("hunter2") && !text.contains("body_base64"),
        "{text}"
    );
}
