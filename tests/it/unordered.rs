//! Unordered mode: calls take the entry that matches them, whatever their order; extra calls and mismatches still fail.

use crate::pages::page;
use aws_stubber::{Stubber, client, op};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unordered_mode_serves_concurrent_tasks_by_input() {
    let stubber = Stubber::unordered();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    for n in 0..20 {
        stubber
            .add_response(list, page(&[&format!("key-{n}")], None))
            .expect_input(move |i| i.bucket(format!("bucket-{n}")));
    }
    let tasks: Vec<_> = (0..20)
        .rev()
        .map(|n| {
            let s3 = s3.clone();
            tokio::spawn(async move {
                let out = s3
                    .list_objects_v2()
                    .bucket(format!("bucket-{n}"))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(out.contents()[0].key(), Some(format!("key-{n}").as_str()));
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    stubber.assert_called_times(list, 20);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn unordered_mode_still_fails_extra_calls_and_mismatches() {
    let stubber = Stubber::unordered();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(op!(aws_sdk_s3::Client::list_objects_v2), page(&[], None))
        .expect_input(|i| i.bucket("right"));
    let err = s3
        .list_objects_v2()
        .bucket("wrong")
        .send()
        .await
        .unwrap_err();
    let message = aws_stubber::StubError::find(&err)
        .unwrap()
        .message()
        .to_string();
    assert!(
        message.starts_with("aws-stubber: call #1 to S3 ListObjectsV2 matches none of the 1 queued entries (unordered mode); the closest, queue entry #1 ListObjectsV2"),
        "{message}"
    );
    assert!(
        message.contains("-     bucket: Some(\"right\"),\n+     bucket: Some(\"wrong\"),"),
        "{message}"
    );
    let err = s3.list_buckets().send().await.unwrap_err();
    let message = aws_stubber::StubError::find(&err)
        .unwrap()
        .message()
        .to_string();
    assert!(
        message.contains("none is for ListBuckets. Queued:\n    #1 ListObjectsV2"),
        "{message}"
    );
    assert_eq!(stubber.take_failures().len(), 2);
    s3.list_objects_v2().bucket("right").send().await.unwrap();
    stubber.assert_no_pending_responses();
}
