//! Pages of paginated calls, checked (`add_pages`), for the six services and every token
//! style, through the SDK's paginators and hand-written loops.

use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::types::Object;
use aws_stubber::{StubError, StubErrorKind, Stubber, client, op};

use crate::support::{panic_message, scrub};

/// How many pages a paginator yields, every one a success.
async fn page_count<T, E: std::fmt::Debug>(
    mut pages: aws_smithy_async::future::pagination_stream::PaginationStream<Result<T, E>>,
) -> usize {
    let mut count = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        count += 1;
    }
    count
}

fn s3_page(keys: &[&str], next: Option<&str>) -> ListObjectsV2Output {
    ListObjectsV2Output::builder()
        .set_contents(Some(
            keys.iter()
                .map(|k| Object::builder().key(*k).build())
                .collect(),
        ))
        .set_next_continuation_token(next.map(String::from))
        .is_truncated(next.is_some())
        .build()
}

fn three_s3_pages(stubber: &Stubber) {
    stubber
        .add_pages(
            op!(aws_sdk_s3::Client::list_objects_v2),
            [
                s3_page(&["a"], Some("t1")),
                s3_page(&["b"], Some("t2")),
                s3_page(&["c"], None),
            ],
        )
        .expect_input(|i| i.bucket("logs"));
}

#[tokio::test]
async fn s3_continuation_tokens_through_the_sdk_paginator() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    three_s3_pages(&stubber);
    let mut pages = s3.list_objects_v2().bucket("logs").into_paginator().send();
    let mut keys = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        keys.extend(
            page.contents()
                .iter()
                .filter_map(|o| o.key().map(String::from)),
        );
    }
    assert_eq!(keys, ["a", "b", "c"]);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_loop_that_resends_the_first_token_fails_with_the_page_and_the_token() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    three_s3_pages(&stubber);
    let first = s3.list_objects_v2().bucket("logs").send().await.unwrap();
    let token = first.next_continuation_token().unwrap();
    s3.list_objects_v2()
        .bucket("logs")
        .continuation_token(token)
        .send()
        .await
        .unwrap();
    // The bug: the loop sends page 1's token again.
    let err = s3
        .list_objects_v2()
        .bucket("logs")
        .continuation_token(token)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        scrub(StubError::find(&err).unwrap().message()),
        "aws-stubber: call #3 to S3 ListObjectsV2 does not match queue entry #3 ListObjectsV2 (page 3 of 3) (queued at <loc>): \
         page 3's request must carry the token(s) page 2 returned:\n    \
         continuation_token: expected Some(\"t2\"), received Some(\"t1\")\n\
         The entry stays queued."
    );
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch]);
}

#[tokio::test]
async fn a_first_request_with_a_token_and_a_changed_field_are_caught() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    three_s3_pages(&stubber);
    let err = s3
        .list_objects_v2()
        .bucket("logs")
        .continuation_token("stale")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        scrub(StubError::find(&err).unwrap().message()),
        "aws-stubber: call #1 to S3 ListObjectsV2 does not match queue entry #1 ListObjectsV2 (page 1 of 3) (queued at <loc>): \
         the first page's request must carry no page token:\n    \
         continuation_token: expected None, received Some(\"stale\")\n\
         The entry stays queued."
    );
    s3.list_objects_v2()
        .bucket("logs")
        .max_keys(1)
        .send()
        .await
        .unwrap();
    let err = s3
        .list_objects_v2()
        .bucket("logs")
        .max_keys(1000)
        .continuation_token("t1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        scrub(StubError::find(&err).unwrap().message()),
        "aws-stubber: call #3 to S3 ListObjectsV2 does not match queue entry #2 ListObjectsV2 (page 2 of 3) (queued at <loc>): \
         page 2's request changed fields other than the page token since page 1:\n\
         --- expected\n\
         +++ received\n  \
         ListObjectsV2Input {\n      \
               bucket: Some(\"logs\"),\n      \
               delimiter: None,\n      \
               encoding_type: None,\n\
         -     max_keys: Some(1),\n\
         +     max_keys: Some(1000),\n      \
               prefix: None,\n      \
               fetch_owner: None,\n      \
               start_after: None,\n  \
         ...\n\
         The entry stays queued."
    );
    stubber.take_expected_failures(&[StubErrorKind::InputMismatch, StubErrorKind::InputMismatch]);
    for token in ["t1", "t2"] {
        s3.list_objects_v2()
            .bucket("logs")
            .max_keys(1)
            .continuation_token(token)
            .send()
            .await
            .unwrap();
    }
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn code_that_stops_early_leaves_the_pages_it_never_asked_for() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    three_s3_pages(&stubber);
    s3.list_objects_v2().bucket("logs").send().await.unwrap();
    assert_eq!(
        scrub(&stubber.verify().unwrap_err().to_string()),
        "aws-stubber: 2 response(s) remaining in queue (1 of 3 used):\n    \
         #2 ListObjectsV2 (page 2 of 3) -> output ListObjectsV2Output (queued at <loc>)\n    \
         #3 ListObjectsV2 (page 3 of 3) -> output ListObjectsV2Output (queued at <loc>)"
    );
    stubber.verify_on_drop(false);
}

#[test]
fn pages_that_cannot_be_checked_are_refused_where_they_are_queued() {
    let stubber = Stubber::new();
    stubber.verify_on_drop(false);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    assert_eq!(
        panic_message(|| {
            stubber.add_pages(list, [s3_page(&["a"], Some("t1"))]);
        }),
        "aws-stubber: add_pages for ListObjectsV2: the last page returns a page token \
         (continuation_token = Some(\"t1\")), so paginating code would ask for another page; \
         end with a page that returns none"
    );
    assert_eq!(
        panic_message(|| {
            stubber.add_pages(list, []);
        }),
        "aws-stubber: add_pages for ListObjectsV2: add_pages needs at least one page"
    );
    let head = panic_message(|| {
        stubber.add_pages(
            op!(aws_sdk_s3::Client::head_bucket),
            [aws_sdk_s3::operation::head_bucket::HeadBucketOutput::builder().build()],
        );
    });
    assert!(
        head.starts_with(
            "aws-stubber: add_pages for HeadBucket: the output has no page token that the input \
             sends back (fields named next_*, marker or continuation_token); add_pages is for \
             paginated operations. Output fields: "
        ),
        "{head}"
    );
}

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
        match out.next_marker() {
            Some(next) => marker = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(keys, ["a", "b"]);
    stubber.assert_no_pending_responses();
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
