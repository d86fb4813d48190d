//! Pages of paginated calls, checked (`add_pages`), for the six services and every token
//! style (continuation tokens, markers, next tokens, Route 53's record names, DynamoDB's own
//! names, S3's two tokens of object versions), through the SDK's paginators and hand-written
//! loops.

use aws_sdk_s3::types::Object;
use aws_stubber::{StubError, StubErrorKind, Stubber, client, op};

use crate::pages::page_count;
use crate::support::scrub;

#[tokio::test]
async fn s3_markers_in_a_hand_written_loop() {
    use aws_sdk_s3::operation::list_objects::ListObjectsOutput;
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let page = |key: &str, next: Option<&str>| {
        ListObjectsOutput::builder()
            .contents(Object::builder().key(key).build())
            .set_next_marker(next.map(String::from))
            .is_truncated(next.is_some())
            .build()
    };
    stubber.add_pages(
        op!(aws_sdk_s3::Client::list_objects),
        [page("a", Some("a")), page("b", None)],
    );
    let keys = list_objects_loop(&s3, |out, _| out.next_marker().map(String::from)).await;
    assert_eq!(keys, ["a", "b"]);
    stubber.assert_no_pending_responses();
}

/// A hand-written ListObjects loop: `next` says which marker the next request sends, from the
/// page and the keys so far (`None`: stop).
async fn list_objects_loop(
    s3: &aws_sdk_s3::Client,
    next: impl Fn(&aws_sdk_s3::operation::list_objects::ListObjectsOutput, &[String]) -> Option<String>,
) -> Vec<String> {
    let mut marker = None;
    let mut keys = Vec::new();
    loop {
        let out = s3
            .list_objects()
            .bucket("logs")
            .set_marker(marker.clone())
            .send()
            .await
            .unwrap();
        keys.extend(
            out.contents()
                .iter()
                .filter_map(|o| o.key().map(String::from)),
        );
        match next(&out, &keys) {
            Some(next) => marker = Some(next),
            None => return keys,
        }
    }
}

#[tokio::test]
async fn ec2_and_autoscaling_next_tokens_through_paginators() {
    use aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput;
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    let stubber = Stubber::new();
    let ec2 = client!(aws_sdk_ec2, &stubber);
    let asg = client!(aws_sdk_autoscaling, &stubber);
    let ec2_page = |next: Option<&str>| {
        DescribeInstancesOutput::builder()
            .set_next_token(next.map(String::from))
            .build()
    };
    stubber
        .add_pages(
            op!(aws_sdk_ec2::Client::describe_instances),
            [ec2_page(Some("e1")), ec2_page(Some("e2")), ec2_page(None)],
        )
        .expect_input(|i| i.max_results(5));
    let asg_page = |next: Option<&str>| {
        DescribeAutoScalingGroupsOutput::builder()
            .set_auto_scaling_groups(Some(Vec::new()))
            .set_next_token(next.map(String::from))
            .build()
    };
    stubber.add_pages(
        op!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups),
        [asg_page(Some("g1")), asg_page(None)],
    );
    assert_eq!(
        page_count(
            ec2.describe_instances()
                .max_results(5)
                .into_paginator()
                .send()
        )
        .await,
        3
    );
    assert_eq!(
        page_count(asg.describe_auto_scaling_groups().into_paginator().send()).await,
        2
    );
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn iam_and_rds_markers_through_paginators() {
    use aws_sdk_iam::operation::list_users::ListUsersOutput;
    use aws_sdk_rds::operation::describe_db_instances::DescribeDbInstancesOutput;
    let stubber = Stubber::new();
    let iam = client!(aws_sdk_iam, &stubber);
    let rds = client!(aws_sdk_rds, &stubber);
    let users = |marker: Option<&str>| {
        ListUsersOutput::builder()
            .set_users(Some(Vec::new()))
            .is_truncated(marker.is_some())
            .set_marker(marker.map(String::from))
            .build()
            .unwrap()
    };
    stubber.add_pages(
        op!(aws_sdk_iam::Client::list_users),
        [users(Some("m1")), users(None)],
    );
    let dbs = |marker: Option<&str>| {
        DescribeDbInstancesOutput::builder()
            .set_marker(marker.map(String::from))
            .build()
    };
    stubber.add_pages(
        op!(aws_sdk_rds::Client::describe_db_instances),
        [dbs(Some("r1")), dbs(Some("r2")), dbs(None)],
    );
    assert_eq!(
        page_count(iam.list_users().into_paginator().send()).await,
        2
    );
    assert_eq!(
        page_count(rds.describe_db_instances().into_paginator().send()).await,
        3
    );
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn route53_record_sets_carry_name_type_and_identifier() {
    use aws_sdk_route53::operation::list_resource_record_sets::ListResourceRecordSetsOutput;
    use aws_sdk_route53::types::RrType;
    let stubber = Stubber::new();
    let r53 = client!(aws_sdk_route53, &stubber);
    let page = |next: Option<(&str, RrType, &str)>| {
        ListResourceRecordSetsOutput::builder()
            .set_resource_record_sets(Some(Vec::new()))
            .is_truncated(next.is_some())
            .set_next_record_name(next.as_ref().map(|n| n.0.to_string()))
            .set_next_record_type(next.as_ref().map(|n| n.1.clone()))
            .set_next_record_identifier(next.as_ref().map(|n| n.2.to_string()))
            .max_items(1)
            .build()
            .unwrap()
    };
    stubber
        .add_pages(
            op!(aws_sdk_route53::Client::list_resource_record_sets),
            [
                page(Some(("b.example.com.", RrType::A, "blue"))),
                page(None),
            ],
        )
        .expect_input(|i| i.hosted_zone_id("Z1"));
    let first = r53
        .list_resource_record_sets()
        .hosted_zone_id("Z1")
        .send()
        .await
        .unwrap();
    // The bug: the loop forgets the record identifier.
    let err = r53
        .list_resource_record_sets()
        .hosted_zone_id("Z1")
        .set_start_record_name(first.next_record_name().map(String::from))
        .set_start_record_type(first.next_record_type().cloned())
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        scrub(StubError::find(&err).unwrap().message()),
        "aws-stubber: call #2 to Route 53 ListResourceRecordSets does not match queue entry #2 ListResourceRecordSets (page 2 of 2) (queued at <loc>): \
         page 2's request must carry the token(s) page 1 returned:\n    \
         start_record_identifier: expected Some(\"blue\"), received None\n\
         The entry stays queued."
    );
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
    r53.list_resource_record_sets()
        .hosted_zone_id("Z1")
        .set_start_record_name(first.next_record_name().map(String::from))
        .set_start_record_type(first.next_record_type().cloned())
        .set_start_record_identifier(first.next_record_identifier().map(String::from))
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

/// DynamoDB names its tokens unlike any other service: `LastEvaluatedTableName` ->
/// `ExclusiveStartTableName`, and the map-valued `LastEvaluatedKey` -> `ExclusiveStartKey`.
mod dynamodb {
    use std::collections::HashMap;

    use aws_sdk_dynamodb::operation::list_tables::ListTablesOutput;
    use aws_sdk_dynamodb::operation::query::QueryOutput;
    use aws_sdk_dynamodb::operation::scan::ScanOutput;
    use aws_sdk_dynamodb::types::AttributeValue;
    use aws_stubber::{StubError, StubErrorKind, Stubber, client, op};

    use super::page_count;
    use crate::support::scrub;

    fn key(pk: &str, sk: &str) -> HashMap<String, AttributeValue> {
        HashMap::from([
            ("pk".to_string(), AttributeValue::S(pk.into())),
            ("sk".to_string(), AttributeValue::N(sk.into())),
        ])
    }

    #[tokio::test]
    async fn list_tables_through_the_sdk_paginator() {
        let stubber = Stubber::new();
        let ddb = client!(aws_sdk_dynamodb, &stubber);
        let page = |names: &[&str], last: Option<&str>| {
            ListTablesOutput::builder()
                .set_table_names(Some(names.iter().map(|n| n.to_string()).collect()))
                .set_last_evaluated_table_name(last.map(String::from))
                .build()
        };
        stubber.add_pages(
            op!(aws_sdk_dynamodb::Client::list_tables),
            // Table names of at least 3 characters, as DynamoDB demands of the start name.
            [page(&["aaa", "bbb"], Some("bbb")), page(&["ccc"], None)],
        );
        let names: Vec<String> = ddb
            .list_tables()
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .unwrap();
        assert_eq!(names, ["aaa", "bbb", "ccc"]);
        stubber.assert_no_pending_responses();
    }

    #[tokio::test]
    async fn scan_and_query_send_back_the_last_evaluated_key_map() {
        let stubber = Stubber::new();
        let ddb = client!(aws_sdk_dynamodb, &stubber);
        let scan = |last: Option<HashMap<String, AttributeValue>>| {
            ScanOutput::builder()
                .count(1)
                .set_last_evaluated_key(last)
                .build()
        };
        stubber
            .add_pages(
                op!(aws_sdk_dynamodb::Client::scan),
                [
                    scan(Some(key("a", "1"))),
                    scan(Some(key("b", "2"))),
                    scan(None),
                ],
            )
            .expect_input(|i| i.table_name("orders"));
        let query = |last: Option<HashMap<String, AttributeValue>>| {
            QueryOutput::builder()
                .count(1)
                .set_last_evaluated_key(last)
                .build()
        };
        stubber.add_pages(
            op!(aws_sdk_dynamodb::Client::query),
            [query(Some(key("a", "1"))), query(None)],
        );
        let scanned = ddb.scan().table_name("orders").into_paginator().send();
        assert_eq!(page_count(scanned).await, 3);
        let queried = ddb
            .query()
            .table_name("orders")
            .key_condition_expression("pk = :pk")
            .into_paginator()
            .send();
        assert_eq!(page_count(queried).await, 2);
        stubber.assert_no_pending_responses();
    }

    #[tokio::test]
    async fn a_loop_that_sends_back_another_key_fails_naming_the_key() {
        let stubber = Stubber::new();
        let ddb = client!(aws_sdk_dynamodb, &stubber);
        let scan = |last: Option<HashMap<String, AttributeValue>>| {
            ScanOutput::builder().set_last_evaluated_key(last).build()
        };
        stubber.add_pages(
            op!(aws_sdk_dynamodb::Client::scan),
            [scan(Some(key("a", "1"))), scan(None)],
        );
        ddb.scan().table_name("t").send().await.unwrap();
        // The bug: the loop builds the next key from its own data, with the wrong sort key.
        let err = ddb
            .scan()
            .table_name("t")
            .set_exclusive_start_key(Some(key("a", "2")))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            scrub(StubError::find(&err).unwrap().message()),
            "aws-stubber: call #2 to DynamoDB Scan does not match queue entry #2 Scan (page 2 of \
             2) (queued at <loc>): page 2's request must carry the token(s) page 1 returned:\n    \
             exclusive_start_key:\n    \
             --- expected\n    \
             +++ received\n      \
               Some(\n          \
                   {\n              \
                       \"pk\": S(\"a\"),\n    \
             -         \"sk\": N(\"1\"),\n    \
             +         \"sk\": N(\"2\"),\n          \
                   },\n      \
               )\n\
             The entry stays queued."
        );
        stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
        // The same key, built anew (a map prints its entries in any order), is accepted.
        ddb.scan()
            .table_name("t")
            .set_exclusive_start_key(Some(key("a", "1")))
            .send()
            .await
            .unwrap();
        stubber.assert_no_pending_responses();
    }
}

#[tokio::test]
async fn s3_object_versions_carry_two_tokens_in_a_hand_written_loop() {
    use aws_sdk_s3::operation::list_object_versions::ListObjectVersionsOutput;
    use aws_sdk_s3::types::ObjectVersion;
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let page = |key: &str, next: Option<(&str, &str)>| {
        ListObjectVersionsOutput::builder()
            .versions(ObjectVersion::builder().key(key).version_id("v").build())
            .is_truncated(next.is_some())
            .set_next_key_marker(next.map(|n| n.0.to_string()))
            .set_next_version_id_marker(next.map(|n| n.1.to_string()))
            .build()
    };
    stubber.add_pages(
        op!(aws_sdk_s3::Client::list_object_versions),
        [page("a", Some(("a", "v1"))), page("b", None)],
    );
    let first = s3.list_object_versions().bucket("b").send().await.unwrap();
    // The bug: the loop sends the key marker back but forgets the version id marker.
    let err = s3
        .list_object_versions()
        .bucket("b")
        .set_key_marker(first.next_key_marker().map(String::from))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        scrub(StubError::find(&err).unwrap().message()),
        "aws-stubber: call #2 to S3 ListObjectVersions does not match queue entry #2 ListObjectVersions (page 2 of 2) (queued at <loc>): \
         page 2's request must carry the token(s) page 1 returned:\n    \
         version_id_marker: expected Some(\"v1\"), received None\n\
         The entry stays queued."
    );
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
    s3.list_object_versions()
        .bucket("b")
        .set_key_marker(first.next_key_marker().map(String::from))
        .set_version_id_marker(first.next_version_id_marker().map(String::from))
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn s3_list_objects_without_next_marker_sends_back_the_last_key() {
    // Without a delimiter S3 returns no NextMarker: the next request starts after the last
    // key of the page, and IsTruncated says whether there is one.
    use aws_sdk_s3::operation::list_objects::ListObjectsOutput;
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let page = |keys: &[&str], truncated: bool| {
        ListObjectsOutput::builder()
            .set_contents(Some(
                keys.iter()
                    .map(|k| Object::builder().key(*k).build())
                    .collect(),
            ))
            .is_truncated(truncated)
            .build()
    };
    stubber.add_pages(
        op!(aws_sdk_s3::Client::list_objects),
        [page(&["a", "b"], true), page(&["c"], false)],
    );
    let keys = list_objects_loop(&s3, |out, keys| {
        (out.is_truncated() == Some(true))
            .then(|| keys.last().cloned())
            .flatten()
    })
    .await;
    assert_eq!(keys, ["a", "b", "c"]);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn sso_next_tokens_of_a_rest_json_service_through_the_paginator() {
    use aws_sdk_sso::operation::list_accounts::ListAccountsOutput;
    let stubber = Stubber::new();
    let sso = client!(aws_sdk_sso, &stubber);
    let page = |next: Option<&str>| {
        ListAccountsOutput::builder()
            .set_next_token(next.map(String::from))
            .build()
    };
    stubber
        .add_pages(
            op!(aws_sdk_sso::Client::list_accounts),
            [page(Some("n1")), page(Some("n2")), page(None)],
        )
        .expect_input(|i| i.max_results(10));
    let pages = sso
        .list_accounts()
        .access_token("token")
        .max_results(10)
        .into_paginator()
        .send();
    assert_eq!(page_count(pages).await, 3);
    stubber.assert_no_pending_responses();
}
