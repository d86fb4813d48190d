//! Typed outputs written on the wire by a stubber at an address: each output queued with
//! `add_response`, written in its service's protocol from the models, read back by the SDK's
//! own deserializer in a client of the address, comes back equal. One or more operations per
//! protocol: awsQuery (IAM, RDS, STS), EC2, awsJson 1.0 (DynamoDB, SQS), awsJson 1.1 (KMS),
//! REST-JSON (SSO), REST-XML (S3, Route 53), rpcv2Cbor (CloudWatch).

use std::fmt::Debug;

use aws_smithy_types::DateTime;
use aws_stubber::{Stubber, op};

/// The SDK configuration of code that builds its clients from the environment.
async fn config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .load()
        .await
}

/// An output's `Debug` without the request id (the wire carries the stubber's own).
fn shown(output: &impl Debug) -> String {
    format!("{output:?}").replace(
        r#"_request_id: Some("aws-stubber-request-id")"#,
        "_request_id: None",
    )
}

/// Serves `queued` to one call made by `call` with a config of the address, and checks that
/// the output the SDK read is the one queued.
macro_rules! round_trip {
    ($op:expr, $queued:expr, |$config:ident| $call:expr) => {{
        let queued = $queued;
        let stubber = Stubber::new();
        stubber.add_response($op, queued.clone());
        let served = stubber.serve();
        let received = {
            let _env = served.env().set();
            let $config = config().await;
            $call.await
        };
        let failures = served.take_failures();
        assert!(failures.is_empty(), "{}", failures[0].message());
        assert_eq!(shown(&received.unwrap()), shown(&queued));
        served.verify().unwrap();
    }};
}

fn date(seconds: i64) -> DateTime {
    DateTime::from_secs(seconds)
}

#[tokio::test]
async fn aws_query_outputs_come_back_equal() {
    use aws_sdk_iam::operation::list_users::ListUsersOutput;
    use aws_sdk_iam::types::{Tag, User};
    let user = |name: &str| {
        User::builder()
            .path("/ops/")
            .user_name(name)
            .user_id(format!("AIDA{}", name.to_uppercase()))
            .arn(format!("arn:aws:iam::123456789012:user/ops/{name}"))
            .create_date(date(1_700_000_000))
            .tags(Tag::builder().key("team").value("a & <b>").build().unwrap())
            .build()
            .unwrap()
    };
    round_trip!(
        op!(aws_sdk_iam::Client::list_users),
        ListUsersOutput::builder()
            .users(user("ana"))
            .users(user("bob"))
            .is_truncated(true)
            .marker("next")
            .build()
            .unwrap(),
        |config| aws_sdk_iam::Client::new(&config).list_users().send()
    );
    use aws_sdk_rds::operation::describe_db_instances::DescribeDbInstancesOutput;
    use aws_sdk_rds::types::{DbInstance, Endpoint};
    round_trip!(
        op!(aws_sdk_rds::Client::describe_db_instances),
        DescribeDbInstancesOutput::builder()
            .db_instances(
                DbInstance::builder()
                    .db_instance_identifier("db-1")
                    .db_instance_class("db.t3.micro")
                    .allocated_storage(20)
                    .multi_az(false)
                    .endpoint(Endpoint::builder().address("db-1.local").port(5432).build())
                    .build()
            )
            .build(),
        |config| aws_sdk_rds::Client::new(&config)
            .describe_db_instances()
            .send()
    );
    use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput;
    round_trip!(
        op!(aws_sdk_sts::Client::get_caller_identity),
        GetCallerIdentityOutput::builder()
            .account("123456789012")
            .arn("arn:aws:iam::123456789012:user/ana")
            .user_id("AIDAANA")
            .build(),
        |config| aws_sdk_sts::Client::new(&config)
            .get_caller_identity()
            .send()
    );
}

#[tokio::test]
async fn ec2_outputs_come_back_equal() {
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    use aws_sdk_ec2::types::{
        Instance, InstanceState, InstanceStateName, InstanceType, Reservation, Tag,
    };
    round_trip!(
        op!(aws_sdk_ec2::Client::describe_instances),
        DescribeInstancesOutput::builder()
            .reservations(
                Reservation::builder()
                    .reservation_id("r-1")
                    .instances(
                        Instance::builder()
                            .instance_id("i-0abc")
                            .instance_type(InstanceType::T3Micro)
                            .state(
                                InstanceState::builder()
                                    .code(16)
                                    .name(InstanceStateName::Running)
                                    .build()
                            )
                            .launch_time(date(1_700_000_123))
                            .ebs_optimized(true)
                            .tags(Tag::builder().key("Name").value("web").build())
                            .build(),
                    )
                    .instances(
                        Instance::builder()
                            .instance_id("i-0def")
                            .instance_type(InstanceType::from("x9.future"))
                            .state(
                                InstanceState::builder()
                                    .name(InstanceStateName::ShuttingDown)
                                    .build()
                            )
                            .build(),
                    )
                    .build(),
            )
            .build(),
        |config| aws_sdk_ec2::Client::new(&config)
            .describe_instances()
            .send()
    );
}

#[tokio::test]
async fn aws_json_outputs_come_back_equal() {
    use aws_sdk_dynamodb::operation::get_item::GetItemOutput;
    use aws_sdk_dynamodb::types::AttributeValue;
    // A map: compared as values (its Debug order is the hash map's).
    let queued = GetItemOutput::builder()
        .item("id", AttributeValue::S("user#1".into()))
        .item("visits", AttributeValue::N("42".into()))
        .item("tags", AttributeValue::Ss(vec!["a".into(), "b".into()]))
        .item("blob", AttributeValue::B(vec![0, 159, 255].into()))
        .item("gone", AttributeValue::Null(true))
        .item(
            "profile",
            AttributeValue::M([("name".to_string(), AttributeValue::S("Ana \"A\"".into()))].into()),
        )
        .build();
    let stubber = Stubber::new();
    stubber.add_response(op!(aws_sdk_dynamodb::Client::get_item), queued.clone());
    let served = stubber.serve();
    let received = {
        let _env = served.env().set();
        let dynamodb = aws_sdk_dynamodb::Client::new(&config().await);
        let key = AttributeValue::S("user#1".into());
        dynamodb
            .get_item()
            .table_name("users")
            .key("id", key)
            .send()
            .await
            .unwrap()
    };
    assert_eq!(received.item(), queued.item());
    served.verify().unwrap();
    use aws_sdk_dynamodb::operation::describe_table::DescribeTableOutput;
    use aws_sdk_dynamodb::types::{TableDescription, TableStatus};
    round_trip!(
        op!(aws_sdk_dynamodb::Client::describe_table),
        DescribeTableOutput::builder()
            .table(
                TableDescription::builder()
                    .table_name("users")
                    .table_status(TableStatus::Active)
                    .creation_date_time(DateTime::from_fractional_secs(1_700_000_000, 0.5))
                    .item_count(3)
                    .table_size_bytes(1024)
                    .build()
            )
            .build(),
        |config| aws_sdk_dynamodb::Client::new(&config)
            .describe_table()
            .table_name("users")
            .send()
    );
    use aws_sdk_sqs::operation::get_queue_url::GetQueueUrlOutput;
    round_trip!(
        op!(aws_sdk_sqs::Client::get_queue_url),
        GetQueueUrlOutput::builder()
            .queue_url("https://sqs.local/123/jobs")
            .build(),
        |config| aws_sdk_sqs::Client::new(&config)
            .get_queue_url()
            .queue_name("jobs")
            .send()
    );
    use aws_sdk_kms::operation::describe_key::DescribeKeyOutput;
    use aws_sdk_kms::types::{KeyMetadata, KeyState, KeyUsageType};
    round_trip!(
        op!(aws_sdk_kms::Client::describe_key),
        DescribeKeyOutput::builder()
            .key_metadata(
                KeyMetadata::builder()
                    .key_id("1234abcd-12ab-34cd-56ef-1234567890ab")
                    .enabled(true)
                    .key_state(KeyState::PendingDeletion)
                    .key_usage(KeyUsageType::EncryptDecrypt)
                    .creation_date(date(1_600_000_000))
                    .build()
                    .unwrap()
            )
            .build(),
        |config| aws_sdk_kms::Client::new(&config)
            .describe_key()
            .key_id("alias/app")
            .send()
    );
}

#[tokio::test]
async fn rpc_v2_cbor_outputs_come_back_equal() {
    use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
    use aws_sdk_cloudwatch::types::{MetricDataResult, StatusCode};
    round_trip!(
        op!(aws_sdk_cloudwatch::Client::get_metric_data),
        GetMetricDataOutput::builder()
            .metric_data_results(
                MetricDataResult::builder()
                    .id("m1")
                    .label("Latency")
                    .timestamps(date(1_700_000_000))
                    .timestamps(DateTime::from_fractional_secs(1_700_000_060, 0.25))
                    .values(12.5)
                    .values(-0.0)
                    .status_code(StatusCode::Complete)
                    .build()
            )
            .next_token("n")
            .build(),
        |config| aws_sdk_cloudwatch::Client::new(&config)
            .get_metric_data()
            .start_time(date(1_700_000_000))
            .end_time(date(1_700_000_600))
            .metric_data_queries(
                aws_sdk_cloudwatch::types::MetricDataQuery::builder()
                    .id("m1")
                    .expression("SELECT 1")
                    .build()
            )
            .send()
    );
}

#[tokio::test]
async fn rest_json_outputs_come_back_equal() {
    use aws_sdk_sso::operation::list_accounts::ListAccountsOutput;
    use aws_sdk_sso::types::AccountInfo;
    round_trip!(
        op!(aws_sdk_sso::Client::list_accounts),
        ListAccountsOutput::builder()
            .account_list(
                AccountInfo::builder()
                    .account_id("123456789012")
                    .account_name("prod")
                    .email_address("ops@example.com")
                    .build()
            )
            .next_token("t2")
            .build(),
        |config| aws_sdk_sso::Client::new(&config)
            .list_accounts()
            .access_token("token")
            .send()
    );
}

/// The SDK's `Debug` prints a sensitive member as the same redacted text whether it is set or
/// not: the written output leaves it out, and the code reads it as absent.
#[tokio::test]
async fn a_member_the_sdk_hides_as_sensitive_is_left_out() {
    use aws_sdk_sts::operation::get_session_token::GetSessionTokenOutput;
    use aws_sdk_sts::types::Credentials;
    let stubber = Stubber::new();
    stubber.add_response(
        op!(aws_sdk_sts::Client::get_session_token),
        GetSessionTokenOutput::builder()
            .credentials(
                Credentials::builder()
                    .access_key_id("ASIAEXAMPLE")
                    .secret_access_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                    .session_token("token")
                    .expiration(date(1_700_000_000))
                    .build()
                    .unwrap(),
            )
            .session_token_size(12)
            .build(),
    );
    let served = stubber.serve();
    let out = {
        let _env = served.env().set();
        let sts = aws_sdk_sts::Client::new(&config().await);
        sts.get_session_token().send().await.unwrap()
    };
    assert!(out.credentials().is_none());
    assert_eq!(out.session_token_size(), Some(12));
    served.verify().unwrap();
}

#[tokio::test]
async fn rest_xml_outputs_come_back_equal() {
    use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
    use aws_sdk_s3::types::{CommonPrefix, Object, ObjectStorageClass};
    round_trip!(
        op!(aws_sdk_s3::Client::list_objects_v2),
        ListObjectsV2Output::builder()
            .name("logs")
            .prefix("2026/")
            .key_count(2)
            .max_keys(1000)
            .is_truncated(true)
            .next_continuation_token("t&2")
            .contents(
                Object::builder()
                    .key("2026/a.gz")
                    .size(10)
                    .e_tag("\"e1\"")
                    .last_modified(date(1_700_000_000))
                    .storage_class(ObjectStorageClass::Standard)
                    .build()
            )
            .contents(Object::builder().key("2026/b <1>.gz").size(0).build())
            .common_prefixes(CommonPrefix::builder().prefix("2026/12/").build())
            .build(),
        |config| aws_sdk_s3::Client::new(&config)
            .list_objects_v2()
            .bucket("logs")
            .send()
    );
    use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    use aws_sdk_s3::types::{Bucket, Owner};
    round_trip!(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder()
            .buckets(
                Bucket::builder()
                    .name("logs")
                    .creation_date(date(1_600_000_000))
                    .build()
            )
            .buckets(Bucket::builder().name("media").build())
            .owner(Owner::builder().id("abc").display_name("ops").build())
            .build(),
        |config| aws_sdk_s3::Client::new(&config).list_buckets().send()
    );
    use aws_sdk_s3::operation::put_object::PutObjectOutput;
    use aws_sdk_s3::types::ServerSideEncryption;
    round_trip!(
        op!(aws_sdk_s3::Client::put_object),
        PutObjectOutput::builder()
            .e_tag("\"abc\"")
            .version_id("v1")
            .server_side_encryption(ServerSideEncryption::Aes256)
            .build(),
        |config| aws_sdk_s3::Client::new(&config)
            .put_object()
            .bucket("b")
            .key("k")
            .body(b"x".to_vec().into())
            .send()
    );
    use aws_sdk_s3::operation::head_object::HeadObjectOutput;
    round_trip!(
        op!(aws_sdk_s3::Client::head_object),
        HeadObjectOutput::builder()
            .content_length(11)
            .content_type("text/csv")
            .last_modified(date(1_700_000_000))
            .metadata("owner", "ana")
            .e_tag("\"abc\"")
            .build(),
        |config| aws_sdk_s3::Client::new(&config)
            .head_object()
            .bucket("b")
            .key("k")
            .send()
    );
    use aws_sdk_s3::operation::create_multipart_upload::CreateMultipartUploadOutput;
    round_trip!(
        op!(aws_sdk_s3::Client::create_multipart_upload),
        CreateMultipartUploadOutput::builder()
            .bucket("b")
            .key("k")
            .upload_id("u-1")
            .build(),
        |config| aws_sdk_s3::Client::new(&config)
            .create_multipart_upload()
            .bucket("b")
            .key("k")
            .send()
    );
    use aws_sdk_s3::operation::get_object_tagging::GetObjectTaggingOutput;
    use aws_sdk_s3::types::Tag;
    round_trip!(
        op!(aws_sdk_s3::Client::get_object_tagging),
        GetObjectTaggingOutput::builder()
            .version_id("v2")
            .tag_set(Tag::builder().key("team").value("ops").build().unwrap())
            .build()
            .unwrap(),
        |config| aws_sdk_s3::Client::new(&config)
            .get_object_tagging()
            .bucket("b")
            .key("k")
            .send()
    );
    use aws_sdk_s3::operation::copy_object::CopyObjectOutput;
    use aws_sdk_s3::types::CopyObjectResult;
    round_trip!(
        op!(aws_sdk_s3::Client::copy_object),
        CopyObjectOutput::builder()
            .copy_object_result(
                CopyObjectResult::builder()
                    .e_tag("\"c\"")
                    .last_modified(date(1_700_000_000))
                    .build()
            )
            .version_id("v3")
            .build(),
        |config| aws_sdk_s3::Client::new(&config)
            .copy_object()
            .bucket("b")
            .key("k")
            .copy_source("src/k")
            .send()
    );
    use aws_sdk_route53::operation::list_hosted_zones::ListHostedZonesOutput;
    use aws_sdk_route53::types::{HostedZone, HostedZoneConfig};
    round_trip!(
        op!(aws_sdk_route53::Client::list_hosted_zones),
        ListHostedZonesOutput::builder()
            .hosted_zones(
                HostedZone::builder()
                    .id("/hostedzone/Z1")
                    .name("example.com.")
                    .caller_reference("ref")
                    .resource_record_set_count(3)
                    .config(HostedZoneConfig::builder().private_zone(false).build())
                    .build()
                    .unwrap()
            )
            .marker("")
            .is_truncated(false)
            .max_items(100)
            .build()
            .unwrap(),
        |config| aws_sdk_route53::Client::new(&config)
            .list_hosted_zones()
            .send()
    );
}

/// botocore, which shares no code with the Rust SDK, reads the typed outputs the stubber
/// wrote: one operation per protocol, the values printed as botocore parsed them (CloudWatch
/// in whichever of its protocols this botocore sends, JSON or CBOR: the answer follows).
#[test]
fn botocore_reads_the_typed_outputs_of_each_protocol() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let stubber = Stubber::new();
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_objects_v2),
        aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder()
            .contents(
                aws_sdk_s3::types::Object::builder()
                    .key("a & b")
                    .size(3)
                    .build(),
            )
            .is_truncated(false)
            .build(),
    );
    stubber.add_response(
        op!(aws_sdk_iam::Client::list_users),
        aws_sdk_iam::operation::list_users::ListUsersOutput::builder()
            .users(
                aws_sdk_iam::types::User::builder()
                    .path("/")
                    .user_name("ana")
                    .user_id("AIDAANA")
                    .arn("arn:aws:iam::123456789012:user/ana")
                    .create_date(date(1_700_000_000))
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap(),
    );
    stubber.add_response(
        op!(aws_sdk_ec2::Client::describe_instances),
        aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput::builder()
            .reservations(
                aws_sdk_ec2::types::Reservation::builder()
                    .instances(
                        aws_sdk_ec2::types::Instance::builder()
                            .instance_id("i-0abc")
                            .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
                            .build(),
                    )
                    .build(),
            )
            .build(),
    );
    stubber.add_response(
        op!(aws_sdk_dynamodb::Client::get_item),
        aws_sdk_dynamodb::operation::get_item::GetItemOutput::builder()
            .item("n", AttributeValue::N("42".into()))
            .build(),
    );
    stubber.add_response(
        op!(aws_sdk_kms::Client::describe_key),
        aws_sdk_kms::operation::describe_key::DescribeKeyOutput::builder()
            .key_metadata(
                aws_sdk_kms::types::KeyMetadata::builder()
                    .key_id("k-1")
                    .enabled(true)
                    .creation_date(date(1_600_000_000))
                    .build()
                    .unwrap(),
            )
            .build(),
    );
    stubber.add_response(
        op!(aws_sdk_sso::Client::list_accounts),
        aws_sdk_sso::operation::list_accounts::ListAccountsOutput::builder()
            .account_list(
                aws_sdk_sso::types::AccountInfo::builder()
                    .account_id("123456789012")
                    .build(),
            )
            .next_token("t2")
            .build(),
    );
    stubber.add_response(
        op!(aws_sdk_cloudwatch::Client::list_dashboards),
        aws_sdk_cloudwatch::operation::list_dashboards::ListDashboardsOutput::builder()
            .dashboard_entries(
                aws_sdk_cloudwatch::types::DashboardEntry::builder()
                    .dashboard_name("ops")
                    .size(42)
                    .build(),
            )
            .build(),
    );
    let served = stubber.serve();
    let script = r#"
import boto3, botocore.config
cfg = botocore.config.Config(retries={"total_max_attempts": 1})
c = lambda s: boto3.client(s, config=cfg)
o = c("s3").list_objects_v2(Bucket="b")
print("s3", o["Contents"][0]["Key"], o["Contents"][0]["Size"], o["IsTruncated"])
u = c("iam").list_users()["Users"][0]
print("iam", u["UserName"], u["CreateDate"].isoformat())
i = c("ec2").describe_instances()["Reservations"][0]["Instances"][0]
print("ec2", i["InstanceId"], i["InstanceType"])
print("dynamodb", c("dynamodb").get_item(TableName="t", Key={"id": {"S": "1"}})["Item"]["n"]["N"])
k = c("kms").describe_key(KeyId="k-1")["KeyMetadata"]
print("kms", k["KeyId"], k["Enabled"], k["CreationDate"].isoformat())
a = c("sso").list_accounts(accessToken="t")
print("sso", a["accountList"][0]["accountId"], a["nextToken"])
d = c("cloudwatch").list_dashboards()["DashboardEntries"][0]
print("cloudwatch", d["DashboardName"], d["Size"])
"#;
    let output = served
        .env()
        .apply(std::process::Command::new("python3").args(["-c", script]))
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python3 with boto3 is needed here (.ci/run installs it with moto): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "s3 a & b 3 False\n\
         iam ana 2023-11-14T22:13:20+00:00\n\
         ec2 i-0abc t3.micro\n\
         dynamodb 42\n\
         kms k-1 True 2020-09-13T12:26:40+00:00\n\
         sso 123456789012 t2\n\
         cloudwatch ops 42\n"
    );
    served.verify().unwrap();
}

/// An empty output at an address is the output with nothing set, written from the models:
/// S3's XML documents get the root their deserializers read.
#[tokio::test]
async fn empty_outputs_are_written_from_the_models() {
    let stubber = Stubber::new();
    stubber.add_empty_response(op!(aws_sdk_s3::Client::list_buckets));
    stubber.add_empty_response(op!(aws_sdk_s3::Client::list_objects_v2));
    stubber.add_empty_response(op!(aws_sdk_iam::Client::list_users));
    stubber.add_empty_response(op!(aws_sdk_cloudwatch::Client::list_dashboards));
    let served = stubber.serve();
    {
        let _env = served.env().set();
        let config = config().await;
        let s3 = aws_sdk_s3::Client::new(&config);
        assert!(s3.list_buckets().send().await.unwrap().buckets().is_empty());
        let listed = s3.list_objects_v2().bucket("b").send().await.unwrap();
        assert!(listed.contents().is_empty());
        let iam = aws_sdk_iam::Client::new(&config);
        assert!(iam.list_users().send().await.unwrap().users().is_empty());
        let cloudwatch = aws_sdk_cloudwatch::Client::new(&config);
        let dashboards = cloudwatch.list_dashboards().send().await.unwrap();
        assert!(dashboards.dashboard_entries().is_empty());
    }
    served.verify().unwrap();
}

/// A map in the query protocol (`<entry><key/><value/></entry>`), with enum keys.
#[tokio::test]
async fn a_query_map_comes_back_equal() {
    use aws_sdk_iam::operation::get_account_summary::GetAccountSummaryOutput;
    use aws_sdk_iam::types::SummaryKeyType;
    let queued = GetAccountSummaryOutput::builder()
        .summary_map(SummaryKeyType::Users, 3)
        .summary_map(SummaryKeyType::UsersQuota, 5000)
        .summary_map(SummaryKeyType::AccountMfaEnabled, 1)
        .build();
    let stubber = Stubber::new();
    stubber.add_response(
        op!(aws_sdk_iam::Client::get_account_summary),
        queued.clone(),
    );
    let served = stubber.serve();
    let received = {
        let _env = served.env().set();
        let iam = aws_sdk_iam::Client::new(&config().await);
        iam.get_account_summary().send().await.unwrap()
    };
    assert_eq!(received.summary_map(), queued.summary_map());
    served.verify().unwrap();
}

#[tokio::test]
async fn every_output_the_projects_fixture_files_hold_comes_back_equal() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut files = vec![root.join("buckets.json")];
    for entry in std::fs::read_dir(root.join("fixture_per_test")).unwrap() {
        files.push(entry.unwrap().path());
    }
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for file in files {
        let fixture: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        for (i, interaction) in fixture["interactions"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let one = dir.path().join(format!("{checked}.json"));
            let single = serde_json::json!({
                "version": fixture["version"],
                "interactions": [interaction],
            });
            std::fs::write(&one, single.to_string()).unwrap();
            let call = (
                interaction["service"].as_str().unwrap(),
                interaction["operation"].as_str().unwrap(),
            );
            match call {
                ("S3", "ListBuckets") => {
                    // Recorded bytes -> the SDK -> typed output -> the writer -> the SDK.
                    let stubber = Stubber::new();
                    stubber.load_fixture(&one).unwrap();
                    let s3 = aws_stubber::client!(aws_sdk_s3, &stubber);
                    let recorded = s3.list_buckets().send().await.unwrap();
                    round_trip!(op!(aws_sdk_s3::Client::list_buckets), recorded, |config| {
                        aws_sdk_s3::Client::new(&config).list_buckets().send()
                    });
                }
                (service, operation) => panic!(
                    "{}: interaction {i} is {service} {operation}, which this test has no call \
                     for: add one, so that every recorded output is round-tripped",
                    file.display()
                ),
            }
            checked += 1;
        }
    }
    assert!(checked >= 2, "{checked} interactions");
}

#[tokio::test]
async fn an_event_stream_reaches_the_sdks_event_receiver_through_the_address() {
    use aws_sdk_s3::types::SelectObjectContentEventStream as Event;
    use aws_sdk_s3::types::{
        CsvInput, CsvOutput, ExpressionType, InputSerialization, OutputSerialization,
    };
    let stubber = Stubber::new();
    stubber
        .add_event_stream(
            op!(aws_sdk_s3::Client::select_object_content),
            aws_stubber::EventStream::new()
                .event("Records", "application/octet-stream", "1,alice\n")
                .event("End", "application/octet-stream", ""),
        )
        .expect_input(|i| {
            i.bucket("b")
                .key("people.csv")
                .expression("select * from s3object")
        });
    let served = stubber.serve();
    let _env = served.env().set();
    let s3 = aws_sdk_s3::Client::new(&config().await);
    let mut out = s3
        .select_object_content()
        .bucket("b")
        .key("people.csv")
        .expression("select * from s3object")
        .expression_type(ExpressionType::Sql)
        .input_serialization(
            InputSerialization::builder()
                .csv(CsvInput::builder().build())
                .build(),
        )
        .output_serialization(
            OutputSerialization::builder()
                .csv(CsvOutput::builder().build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    let Some(Event::Records(records)) = out.payload.recv().await.unwrap() else {
        panic!("the Records event first");
    };
    assert_eq!(records.payload().unwrap().as_ref(), b"1,alice\n");
    assert!(matches!(
        out.payload.recv().await.unwrap(),
        Some(Event::End(_))
    ));
    assert!(out.payload.recv().await.unwrap().is_none());
    served.verify().unwrap();
}
