//! Pages of paginated calls, checked (`add_pages`): what a page check catches and where it
//! refuses pages it cannot check. Each service's token style is `pages_by_service.rs`.

use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::types::Object;
use aws_stubber::{StubError, StubErrorKind, Stubber, client, op};

use crate::support::{panic_message, scrub};

/// How many pages a paginator yields, every one a success.
pub(crate) async fn page_count<T, E: std::fmt::Debug>(
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
    assert_eq!(
        panic_message(|| {
            stubber.add_pages(
                op!(aws_sdk_s3::Client::head_bucket),
                [aws_sdk_s3::operation::head_bucket::HeadBucketOutput::builder().build()],
            );
        }),
        format!(
            "aws-stubber: add_pages for HeadBucket: HeadBucket is not paginated: the AWS \
             service models (botocore {}) have no paginator for it, and its output has no field \
             named like a page token (next_*, marker or continuation_token) that the input \
             sends back. add_pages is for paginated operations; queue its answers with \
             add_response. Output fields: bucket_arn, bucket_location_type, \
             bucket_location_name, bucket_region, access_point_alias, _extended_request_id, \
             _request_id",
            MODELS
        )
    );
}

/// The version of the AWS service models aws-stubber's tables come from.
const MODELS: &str = "1.43.123";

#[test]
fn pages_that_stop_early_or_contradict_their_flag_are_refused_where_queued() {
    use aws_sdk_iam::operation::list_users::ListUsersOutput;
    let stubber = Stubber::new();
    stubber.verify_on_drop(false);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    assert_eq!(
        panic_message(|| {
            stubber.add_pages(list, [s3_page(&["a"], None), s3_page(&["b"], None)]);
        }),
        "aws-stubber: add_pages for ListObjectsV2: page 1 of 2 returns no page token, so \
         paginating code stops there and would never ask for page 2; give every page but the \
         last a token"
    );
    let users = |marker: Option<&str>, truncated: bool| {
        ListUsersOutput::builder()
            .set_users(Some(Vec::new()))
            .is_truncated(truncated)
            .set_marker(marker.map(String::from))
            .build()
            .unwrap()
    };
    assert_eq!(
        panic_message(|| {
            stubber.add_pages(
                op!(aws_sdk_iam::Client::list_users),
                [users(Some("m1"), false), users(None, false)],
            );
        }),
        "aws-stubber: add_pages for ListUsers: page 1 returns is_truncated = false but also a \
         page token (marker = \"m1\"): the SDK's paginator would ask for another page and a \
         loop that reads is_truncated would not; return neither or both"
    );
    assert_eq!(
        panic_message(|| {
            stubber.add_pages(op!(aws_sdk_iam::Client::list_users), [users(None, true)]);
        }),
        "aws-stubber: add_pages for ListUsers: page 1 returns is_truncated = true but no page \
         token, so paginating code cannot ask for the next page; return the token too"
    );
}
