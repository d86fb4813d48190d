//! Requests read back into typed inputs by a stubber at an address: each call made by the
//! SDK through the address, with an input expectation built from the same setters, is read
//! back from the request as sent (against the models' input shapes) and matches, in every
//! protocol: awsQuery (IAM), EC2, awsJson 1.0 (DynamoDB, SQS), awsJson 1.1 (KMS), REST-JSON
//! (SSO), REST-XML (S3, Route 53) and rpcv2Cbor (CloudWatch). `expect_input_eq` compares the
//! whole input, every member the SDK did not set included.

use aws_smithy_types::DateTime;
use aws_stubber::{Stubber, op};

/// The SDK configuration of code that builds its clients from the environment.
async fn config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .load()
        .await
}

/// Calls `$method` of `$krate`'s client at the address with the setters `$chain`, and
/// expects the input built by the same setters: the whole input (`eq`, `expect_input_eq`) or
/// the members the setters set (`partial`, `expect_input`, for operations whose members the
/// SDK fills on its own: a content length, a checksum, an idempotency token).
macro_rules! reads_back {
    (eq $krate:ident::$method:ident($input:ty) $($chain:tt)*) => {{
        let stubber = Stubber::new();
        stubber
            .add_empty_response(op!($krate::Client::$method))
            .expect_input_eq(<$input>::builder() $($chain)* .build().unwrap());
        reads_back!(@call stubber, $krate::$method $($chain)*);
    }};
    (partial $krate:ident::$method:ident $($chain:tt)*) => {{
        let stubber = Stubber::new();
        stubber
            .add_empty_response(op!($krate::Client::$method))
            .expect_input(|b| b $($chain)*);
        reads_back!(@call stubber, $krate::$method $($chain)*);
    }};
    (@call $stubber:ident, $krate:ident::$method:ident $($chain:tt)*) => {{
        let served = $stubber.serve();
        {
            let _env = served.env().set();
            let client = $krate::Client::new(&config().await);
            let _ = client.$method() $($chain)* .send().await;
        }
        let failures = served.take_failures();
        assert!(failures.is_empty(), "{}", failures[0].message());
        served.verify().unwrap();
    }};
}

#[tokio::test]
async fn aws_query_inputs_read_back_equal() {
    use aws_sdk_iam::types::Tag;
    let tag = |k: &str, v: &str| Tag::builder().key(k).value(v).build().unwrap();
    reads_back!(eq aws_sdk_iam::create_user(aws_sdk_iam::operation::create_user::CreateUserInput)
        .user_name("ana")
        .path("/team/")
        .tags(tag("team", "data"))
        .tags(tag("cost", "42")));
    reads_back!(eq aws_sdk_iam::list_users(aws_sdk_iam::operation::list_users::ListUsersInput)
        .path_prefix("/team/")
        .max_items(10)
        .marker("m1"));
    reads_back!(eq aws_sdk_iam::list_roles(aws_sdk_iam::operation::list_roles::ListRolesInput));
}

#[tokio::test]
async fn ec2_inputs_read_back_equal() {
    use aws_sdk_ec2::types::{
        BlockDeviceMapping, EbsBlockDevice, Filter, InstanceType, ResourceType, Tag,
        TagSpecification, VolumeType,
    };
    let filter = |name: &str, values: &[&str]| {
        Filter::builder()
            .name(name)
            .set_values(Some(values.iter().map(|v| v.to_string()).collect()))
            .build()
    };
    reads_back!(eq aws_sdk_ec2::describe_instances(
        aws_sdk_ec2::operation::describe_instances::DescribeInstancesInput)
        .instance_ids("i-1")
        .instance_ids("i-2")
        .filters(filter("instance-state-name", &["running", "pending"]))
        .filters(filter("tag:team", &["data"]))
        .max_results(5)
        .dry_run(false));
    // RunInstances: the SDK fills its client token.
    reads_back!(partial aws_sdk_ec2::run_instances
    .image_id("ami-12345678")
    .instance_type(InstanceType::T3Micro)
    .min_count(1)
    .max_count(2)
    .security_group_ids("sg-1")
    .block_device_mappings(
        BlockDeviceMapping::builder()
            .device_name("/dev/xvda")
            .ebs(EbsBlockDevice::builder().volume_size(20).volume_type(VolumeType::Gp3).build())
            .build()
    )
    .tag_specifications(
        TagSpecification::builder()
            .resource_type(ResourceType::Instance)
            .tags(Tag::builder().key("Name").value("web").build())
            .build()
    ));
}

#[tokio::test]
async fn aws_json_inputs_read_back_equal() {
    use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
    reads_back!(eq aws_sdk_dynamodb::put_item(aws_sdk_dynamodb::operation::put_item::PutItemInput)
        .table_name("users")
        .item("id", AttributeValue::S("user#1".into()))
        .item("visits", AttributeValue::N("42".into()))
        .item("tags", AttributeValue::Ss(vec!["a".into(), "b".into()]))
        .item("blob", AttributeValue::B(vec![0, 159, 255].into()))
        .item("gone", AttributeValue::Null(true))
        .item("ok", AttributeValue::Bool(false))
        .item("list", AttributeValue::L(vec![AttributeValue::N("1".into())]))
        .item(
            "profile",
            AttributeValue::M([("name".to_string(), AttributeValue::S("Ana \"A\"".into()))].into()),
        )
        .condition_expression("attribute_not_exists(id)")
        .return_values(ReturnValue::AllOld));
    use aws_sdk_sqs::types::MessageAttributeValue;
    reads_back!(eq aws_sdk_sqs::send_message(aws_sdk_sqs::operation::send_message::SendMessageInput)
    .queue_url("https://sqs.us-east-1.amazonaws.com/123456789012/jobs")
    .message_body("{\"job\": 1}")
    .delay_seconds(5)
    .message_attributes(
        "trace",
        MessageAttributeValue::builder()
            .data_type("String")
            .string_value("abc")
            .build()
            .unwrap()
    ));
    // awsJson 1.1; a sensitive member (the plaintext) is redacted on both sides.
    reads_back!(eq aws_sdk_kms::encrypt(aws_sdk_kms::operation::encrypt::EncryptInput)
        .key_id("alias/app")
        .plaintext(aws_smithy_types::Blob::new(b"secret".to_vec()))
        .encryption_context("purpose", "test")
        .grant_tokens("g1"));
}

#[tokio::test]
async fn rest_json_inputs_read_back_equal() {
    // A header (sensitive: redacted on both sides) and query parameters.
    reads_back!(eq aws_sdk_sso::list_account_roles(
        aws_sdk_sso::operation::list_account_roles::ListAccountRolesInput)
        .access_token("token")
        .account_id("123456789012")
        .max_results(3)
        .next_token("n1"));
}

#[tokio::test]
async fn rest_xml_inputs_read_back_equal() {
    use aws_sdk_s3::types::{EncodingType, StorageClass, Tag, Tagging};
    reads_back!(eq aws_sdk_s3::list_objects_v2(
        aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Input)
        .bucket("photos")
        .prefix("2024/ä ö/")
        .delimiter("/")
        .max_keys(50)
        .continuation_token("t+1/=")
        .encoding_type(EncodingType::Url)
        .fetch_owner(true));
    // GetObject: the SDK asks for the checksum (`checksum_mode`) on its own.
    reads_back!(partial aws_sdk_s3::get_object
        .bucket("photos")
        .key("a/b c+d.jpg")
        .range("bytes=0-9")
        .if_none_match("\"etag\"")
        .if_modified_since(DateTime::from_secs(1_700_000_000))
        .version_id("v1")
        .part_number(2));
    // PutObject: the SDK fills the content length and the checksum.
    reads_back!(partial aws_sdk_s3::put_object
        .bucket("photos")
        .key("a/b.txt")
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"hello"))
        .content_type("text/plain")
        .metadata("owner", "ana")
        .metadata("team", "data")
        .storage_class(StorageClass::StandardIa)
        .tagging("k=v"));
    // An XML payload.
    reads_back!(partial aws_sdk_s3::put_bucket_tagging
    .bucket("photos")
    .tagging(
        Tagging::builder()
            .tag_set(Tag::builder().key("team").value("data").build().unwrap())
            .tag_set(Tag::builder().key("cost").value("42").build().unwrap())
            .build()
            .unwrap()
    ));
    use aws_sdk_route53::types::{
        Change, ChangeAction, ChangeBatch, ResourceRecord, ResourceRecordSet, RrType,
    };
    reads_back!(eq aws_sdk_route53::change_resource_record_sets(
    aws_sdk_route53::operation::change_resource_record_sets::ChangeResourceRecordSetsInput)
    .hosted_zone_id("Z123")
    .change_batch(
        ChangeBatch::builder()
            .comment("web")
            .changes(
                Change::builder()
                    .action(ChangeAction::Upsert)
                    .resource_record_set(
                        ResourceRecordSet::builder()
                            .name("www.example.com")
                            .r#type(RrType::A)
                            .ttl(300)
                            .resource_records(
                                ResourceRecord::builder().value("192.0.2.1").build().unwrap()
                            )
                            .build()
                            .unwrap()
                    )
                    .build()
                    .unwrap()
            )
            .build()
            .unwrap()
    ));
}

#[tokio::test]
async fn rpc_v2_cbor_inputs_read_back_equal() {
    use aws_sdk_cloudwatch::types::{Dimension, MetricDataQuery, MetricDatum, StandardUnit};
    reads_back!(eq aws_sdk_cloudwatch::get_metric_data(
        aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataInput)
        .start_time(DateTime::from_secs(1_700_000_000))
        .end_time(DateTime::from_fractional_secs(1_700_000_600, 0.5))
        .metric_data_queries(MetricDataQuery::builder().id("m1").expression("SELECT 1").build())
        .max_datapoints(100));
    reads_back!(eq aws_sdk_cloudwatch::put_metric_data(
    aws_sdk_cloudwatch::operation::put_metric_data::PutMetricDataInput)
    .namespace("App")
    .metric_data(
        MetricDatum::builder()
            .metric_name("Latency")
            .dimensions(Dimension::builder().name("Host").value("a").build())
            .value(12.5)
            .unit(StandardUnit::Milliseconds)
            .timestamp(DateTime::from_secs(1_700_000_000))
            .build()
    ));
}

#[tokio::test]
async fn an_input_that_differs_fails_with_a_diff_of_what_was_sent() {
    let stubber = Stubber::new();
    stubber
        .add_empty_response(op!(aws_sdk_iam::Client::create_user))
        .expect_input(|i| i.user_name("ana").path("/team/"));
    let served = stubber.serve();
    {
        let _env = served.env().set();
        let iam = aws_sdk_iam::Client::new(&config().await);
        let err = iam
            .create_user()
            .user_name("bob")
            .path("/team/")
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            err.as_service_error().and_then(|e| e.meta().code()),
            Some("AwsStubberFailure")
        );
    }
    let failures = served.take_failures();
    assert_eq!(
        failures[0].message(),
        "aws-stubber: call #1 to IAM CreateUser does not match queue entry #1 CreateUser \
         (queued at tests/services/serve_inputs.rs:257:10): input differs from the \
         expectation (only the fields it sets are compared):\n\
         --- expected\n\
         +++ received\n\
         \x20 CreateUserInput {\n\
         \x20     path: Some(\"/team/\"),\n\
         -     user_name: Some(\"ana\"),\n\
         +     user_name: Some(\"bob\"),\n\
         \x20     ..\n\
         \x20 }\n\
         The entry stays queued."
    );
    served.verify_on_drop(false);
}

#[tokio::test]
async fn a_predicate_on_the_typed_input_says_what_to_check_instead() {
    let stubber = Stubber::new();
    stubber
        .add_empty_response(op!(aws_sdk_iam::Client::create_user))
        .expect_input_matches(|i| i.user_name() == Some("ana"));
    let served = stubber.serve();
    {
        let _env = served.env().set();
        let iam = aws_sdk_iam::Client::new(&config().await);
        let _ = iam.create_user().user_name("ana").send().await;
    }
    let failures = served.take_failures();
    let message = failures[0].message();
    assert!(
        message.ends_with(
            "), which checks the typed input with a predicate (expect_input_matches): a stubber \
             at an address reads the input back from the request as its Debug tree, not as the \
             SDK's value; expect_input or expect_input_eq compare it. At an address, answer \
             with add_response (typed outputs of every protocol), add_client_error, add_error, \
             add_empty_response, add_http_response, add_event_stream or add_fault, and check \
             the request with expect_input, expect_input_eq or expect_http()."
        ),
        "{message}"
    );
    served.verify_on_drop(false);
}

#[tokio::test]
async fn the_history_of_a_served_call_holds_its_input() {
    let stubber = Stubber::new();
    stubber.add_empty_response(op!(aws_sdk_iam::Client::list_users));
    let served = stubber.serve();
    {
        let _env = served.env().set();
        let iam = aws_sdk_iam::Client::new(&config().await);
        iam.list_users().path_prefix("/ops/").send().await.unwrap();
    }
    let calls = served.calls();
    assert_eq!(
        calls[0].input_debug(),
        r#"ListUsersInput { path_prefix: Some("/ops/"), marker: None, max_items: None }"#
    );
    served.verify().unwrap();
}

#[tokio::test]
async fn pages_at_an_address_check_the_tokens_the_code_sends() {
    use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
    use aws_sdk_s3::types::Object;
    let page = |key: &str, next: Option<&str>| {
        ListObjectsV2Output::builder()
            .contents(Object::builder().key(key).build())
            .set_next_continuation_token(next.map(String::from))
            .is_truncated(next.is_some())
            .build()
    };
    let queue = |stubber: &Stubber| {
        stubber
            .add_pages(
                op!(aws_sdk_s3::Client::list_objects_v2),
                [
                    page("a", Some("t1")),
                    page("b", Some("t2")),
                    page("c", None),
                ],
            )
            .expect_input(|i| i.bucket("logs"));
    };
    // The SDK's paginator at the address.
    let stubber = Stubber::new();
    queue(&stubber);
    let served = stubber.serve();
    let mut keys = Vec::new();
    {
        let _env = served.env().set();
        let s3 = aws_sdk_s3::Client::new(&config().await);
        let mut pages = s3.list_objects_v2().bucket("logs").into_paginator().send();
        while let Some(page) = pages.next().await {
            keys.extend(
                page.unwrap()
                    .contents()
                    .iter()
                    .filter_map(|o| o.key().map(String::from)),
            );
        }
    }
    assert_eq!(keys, ["a", "b", "c"]);
    served.verify().unwrap();
    // Code that asks for the second page again instead of the third.
    let stubber = Stubber::new();
    queue(&stubber);
    let served = stubber.serve();
    {
        let _env = served.env().set();
        let s3 = aws_sdk_s3::Client::new(&config().await);
        let list = || s3.list_objects_v2().bucket("logs");
        list().send().await.unwrap();
        list().continuation_token("t1").send().await.unwrap();
        list().continuation_token("t1").send().await.unwrap_err();
    }
    let failures = served.take_failures();
    assert_eq!(
        failures[0].message(),
        "aws-stubber: call #3 to S3 ListObjectsV2 does not match queue entry #3 ListObjectsV2 \
         (page 3 of 3) (queued at tests/services/serve_inputs.rs:353:14): page 3's request \
         must carry the token(s) page 2 returned:\n    continuation_token: expected \
         Some(\"t2\"), received Some(\"t1\")\nThe entry stays queued."
    );
    served.verify_on_drop(false);
}
