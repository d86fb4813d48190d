//! Paginators against the queue: one entry per page, each page's token checked (the service crates' page checks are in tests/services/pages.rs).

use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::types::Object;
use aws_stubber::{Stubber, client, op};

pub(crate) fn page(keys: &[&str], next: Option<&str>) -> ListObjectsV2Output {
    ListObjectsV2Output::builder()
        .set_contents(Some(
            keys.iter()
                .map(|k| Object::builder().key(*k).build())
                .collect(),
        ))
        .is_truncated(next.is_some())
        .set_next_continuation_token(next.map(str::to_string))
        .build()
}

#[tokio::test]
async fn paginator_takes_one_entry_per_page_with_tokens_checked() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    stubber
        .add_response(list, page(&["a", "b"], Some("t1")))
        .expect_input(|i| i.bucket("b").prefix("p/"));
    stubber
        .add_response(list, page(&["c"], Some("t2")))
        .expect_input(|i| i.bucket("b").continuation_token("t1"));
    stubber
        .add_response(list, page(&["d"], None))
        .expect_input(|i| i.bucket("b").continuation_token("t2"));
    let keys: Vec<String> = s3
        .list_objects_v2()
        .bucket("b")
        .prefix("p/")
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap()
        .into_iter()
        .flat_map(|page| page.contents.unwrap_or_default())
        .filter_map(|o| o.key)
        .collect();
    assert_eq!(keys, ["a", "b", "c", "d"]);
    stubber.assert_no_pending_responses();
}
