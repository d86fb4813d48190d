//! Requests AWS would refuse fail at the stubbed call in the JSON and CBOR protocols:
//! awsJson 1.0 (DynamoDB, SQS), awsJson 1.1 (Kinesis), restJson (SSO: a query
//! member) and rpcv2Cbor (CloudWatch). The XML and query protocols are in
//! tests/it/validation.rs.

use aws_stubber::{Stubber, client, op};

use crate::support::refused;

fn has(message: &str, line: &str) {
    assert!(message.contains(line), "{line:?} not in:\n{message}");
}

#[tokio::test]
async fn dynamodb_checks_required_members_lengths_and_ranges() {
    use aws_sdk_dynamodb::operation::put_item::PutItemOutput;
    use aws_sdk_dynamodb::operation::scan::ScanOutput;
    use aws_sdk_dynamodb::types::AttributeValue;
    let stubber = Stubber::new();
    let dynamodb = client!(aws_sdk_dynamodb, &stubber);
    stubber.add_response(
        op!(aws_sdk_dynamodb::Client::put_item),
        PutItemOutput::builder().build(),
    );
    stubber.add_response(
        op!(aws_sdk_dynamodb::Client::scan),
        ScanOutput::builder().build(),
    );
    let err = dynamodb
        .put_item()
        .table_name("t")
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    has(
        &message,
        "aws-stubber: call #1 to DynamoDB PutItem sends a request that DynamoDB refuses \
         (ValidationException, HTTP 400: 1 validation error by the AWS service models):\n    \
         item: required, not sent\n",
    );
    let err = dynamodb
        .put_item()
        .table_name("t".repeat(1025))
        .item("id", AttributeValue::S("1".into()))
        .send()
        .await
        .unwrap_err();
    has(
        &refused(&err),
        "(1025 characters): longer than the max length 1024\n",
    );
    dynamodb
        .put_item()
        .table_name("t")
        .item("id", AttributeValue::S("1".into()))
        .send()
        .await
        .unwrap();
    let err = dynamodb
        .scan()
        .table_name("t")
        .limit(0)
        .send()
        .await
        .unwrap_err();
    has(&refused(&err), "\n    limit = 0: below the min value 1\n");
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn sqs_checks_a_required_list() {
    use aws_sdk_sqs::operation::send_message_batch::SendMessageBatchOutput;
    let stubber = Stubber::new();
    let sqs = client!(aws_sdk_sqs, &stubber);
    stubber.add_response(
        op!(aws_sdk_sqs::Client::send_message_batch),
        SendMessageBatchOutput::builder()
            .set_successful(Some(vec![]))
            .set_failed(Some(vec![]))
            .build()
            .unwrap(),
    );
    let err = sqs
        .send_message_batch()
        .queue_url("https://sqs.us-east-1.amazonaws.com/123456789012/q")
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    has(&message, "SQS refuses (ValidationException");
    has(&message, "\n    entries: required, not sent\n");
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn kinesis_checks_patterns_in_aws_json_1_1() {
    use aws_sdk_kinesis::operation::put_record::PutRecordOutput;
    let stubber = Stubber::new();
    let kinesis = client!(aws_sdk_kinesis, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_kinesis::Client::put_record),
            PutRecordOutput::builder()
                .shard_id("s")
                .sequence_number("1")
                .build()
                .unwrap(),
        )
        .times(2);
    let put = |name: &str| {
        kinesis
            .put_record()
            .stream_name(name)
            .partition_key("k")
            .data(aws_smithy_types::Blob::new("x"))
            .send()
    };
    let err = put("my stream").await.unwrap_err();
    has(
        &refused(&err),
        "\n    stream_name = \"my stream\": does not match the pattern [a-zA-Z0-9_.-]+\n",
    );
    put("my-stream").await.unwrap();
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn sso_checks_members_of_the_query_in_rest_json() {
    use aws_sdk_sso::operation::list_accounts::ListAccountsOutput;
    let stubber = Stubber::new();
    let sso = client!(aws_sdk_sso, &stubber);
    stubber.add_response(
        op!(aws_sdk_sso::Client::list_accounts),
        ListAccountsOutput::builder().build(),
    );
    let list = |max| {
        sso.list_accounts()
            .access_token("token")
            .max_results(max)
            .send()
    };
    let err = list(0).await.unwrap_err();
    let message = refused(&err);
    has(&message, "SSO refuses (ValidationException");
    has(&message, "\n    max_results = 0: below the min value 1\n");
    let err = list(101).await.unwrap_err();
    has(
        &refused(&err),
        "\n    max_results = 101: above the max value 100\n",
    );
    list(100).await.unwrap();
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn cloudwatch_checks_cbor_bodies() {
    use aws_sdk_cloudwatch::operation::put_metric_data::PutMetricDataOutput;
    let stubber = Stubber::new();
    let cloudwatch = client!(aws_sdk_cloudwatch, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_cloudwatch::Client::put_metric_data),
            PutMetricDataOutput::builder().build(),
        )
        .times(2);
    let err = cloudwatch.put_metric_data().send().await.unwrap_err();
    let message = refused(&err);
    has(&message, "CloudWatch refuses (ValidationException");
    has(&message, "\n    namespace: required, not sent\n");
    let err = cloudwatch
        .put_metric_data()
        .namespace(":reserved")
        .send()
        .await
        .unwrap_err();
    has(
        &refused(&err),
        "\n    namespace = \":reserved\": does not match the pattern [^:].*\n",
    );
    cloudwatch
        .put_metric_data()
        .namespace("App")
        .send()
        .await
        .unwrap();
    stubber.take_failures();
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn kms_checks_blob_lengths_without_showing_the_bytes() {
    use aws_sdk_kms::operation::encrypt::EncryptOutput;
    use aws_smithy_types::Blob;
    let stubber = Stubber::new();
    let kms = client!(aws_sdk_kms, &stubber);
    stubber.add_response(
        op!(aws_sdk_kms::Client::encrypt),
        EncryptOutput::builder().build(),
    );
    let encrypt = |len: usize| {
        kms.encrypt()
            .key_id("alias/app")
            .plaintext(Blob::new(vec![b'x'; len]))
            .send()
    };
    let err = encrypt(4097).await.unwrap_err();
    let message = refused(&err);
    has(
        &message,
        "\n    plaintext = 4097 bytes: more than the max of 4096 bytes\n",
    );
    assert!(!message.contains("xxxx"), "{message}");
    encrypt(4096).await.unwrap();
    stubber.take_failures();
}

#[tokio::test]
async fn dynamodb_checks_the_entries_of_a_map() {
    use aws_sdk_dynamodb::operation::batch_write_item::BatchWriteItemOutput;
    use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
    let stubber = Stubber::new();
    let dynamodb = client!(aws_sdk_dynamodb, &stubber);
    stubber.add_response(
        op!(aws_sdk_dynamodb::Client::batch_write_item),
        BatchWriteItemOutput::builder().build(),
    );
    let err = dynamodb
        .batch_write_item()
        .set_request_items(Some(Default::default()))
        .send()
        .await
        .unwrap_err();
    has(
        &refused(&err),
        "\n    request_items = 0 entries: fewer than the min of 1 entries\n",
    );
    let put = WriteRequest::builder()
        .put_request(
            PutRequest::builder()
                .item("id", AttributeValue::S("1".into()))
                .build()
                .unwrap(),
        )
        .build();
    dynamodb
        .batch_write_item()
        .request_items("orders", vec![put])
        .send()
        .await
        .unwrap();
    stubber.take_failures();
}

/// A page of DynamoDB ListTables: these table names, and the last one evaluated, if any.
fn page(
    names: &[&str],
    last: Option<&str>,
) -> aws_sdk_dynamodb::operation::list_tables::ListTablesOutput {
    aws_sdk_dynamodb::operation::list_tables::ListTablesOutput::builder()
        .set_table_names(Some(names.iter().map(|n| n.to_string()).collect()))
        .set_last_evaluated_table_name(last.map(String::from))
        .build()
}

/// A page token the code sends back as it got it: the value AWS would never send is the
/// queued answer's, and the message says which entry gave it.
#[tokio::test]
async fn a_refused_page_token_names_the_answer_that_gave_it() {
    let stubber = Stubber::new();
    let dynamodb = client!(aws_sdk_dynamodb, &stubber);
    stubber.add_response(
        op!(aws_sdk_dynamodb::Client::list_tables),
        page(&["aaa", "bbb"], Some("c")),
    );
    stubber.add_response(
        op!(aws_sdk_dynamodb::Client::list_tables),
        page(&["ccc"], None),
    );
    let first = dynamodb.list_tables().send().await.unwrap();
    let err = dynamodb
        .list_tables()
        .set_exclusive_start_table_name(first.last_evaluated_table_name)
        .send()
        .await
        .unwrap_err();
    let message = refused(&err);
    has(
        &message,
        "aws-stubber: call #2 to DynamoDB ListTables sends a request that DynamoDB refuses \
         (ValidationException, HTTP 400: 1 validation error by the AWS service models):\n    \
         exclusive_start_table_name = \"c\" (1 characters): shorter than the min length 3\n    \
         exclusive_start_table_name is ListTables's page token: the code sent back the \
         last_evaluated_table_name that queue entry #1 returned to call #1. AWS never returns \
         a token it would refuse: fix that queued answer.\n",
    );
    stubber.verify_on_drop(false);
}

/// Pages whose token AWS could never return are refused when they are queued: the value is
/// the page's, not the code's.
#[test]
fn pages_with_a_token_aws_would_refuse_are_refused_when_queued() {
    let stubber = Stubber::new();
    let message = crate::support::panic_message(|| {
        stubber.add_pages(
            op!(aws_sdk_dynamodb::Client::list_tables),
            [page(&["aaa", "bbb"], Some("c")), page(&["ccc"], None)],
        );
    });
    assert_eq!(
        message,
        "aws-stubber: add_pages for ListTables: page 1 returns a page token AWS would never \
         return: sent back as exclusive_start_table_name = \"c\", it is shorter than the min \
         length 3; give the page a token the service could send"
    );
    // A token AWS could send is queued.
    stubber.add_pages(
        op!(aws_sdk_dynamodb::Client::list_tables),
        [page(&["aaa", "bbb"], Some("bbb")), page(&["ccc"], None)],
    );
    stubber.verify_on_drop(false);
}
