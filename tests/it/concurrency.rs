//! Load and concurrency: the stubber neither loses entries nor deadlocks.

use std::collections::BTreeSet;

use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_stubber::{StubErrorKind, Stubber, client, op};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unordered_8_tasks_by_1000_calls_consume_exactly_the_queue() {
    let stubber = Stubber::unordered();
    let s3 = client!(aws_sdk_s3, &stubber);
    let list = op!(aws_sdk_s3::Client::list_objects_v2);
    for n in 0..8000 {
        stubber.add_response(
            list,
            ListObjectsV2Output::builder()
                .name(format!("entry-{n}"))
                .build(),
        );
    }
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let s3 = s3.clone();
            tokio::spawn(async move {
                let mut seen = Vec::with_capacity(1000);
                for _ in 0..1000 {
                    let out = s3
                        .list_objects_v2()
                        .bucket("my-bucket")
                        .send()
                        .await
                        .unwrap();
                    seen.push(out.name().unwrap().to_string());
                }
                seen
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let distinct: BTreeSet<_> = all.iter().cloned().collect();
    assert_eq!(all.len(), 8000);
    assert_eq!(distinct.len(), 8000, "no entry served twice");
    assert_eq!(stubber.calls().len(), 8000);
    stubber.assert_no_pending_responses();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn strict_mode_under_concurrency_reports_failures_without_deadlock() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    // Alternating operations; tasks call them in whatever order the scheduler picks.
    for _ in 0..200 {
        stubber.add_response(
            op!(aws_sdk_s3::Client::list_buckets),
            ListBucketsOutput::builder().build(),
        );
        stubber.add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            ListObjectsV2Output::builder().build(),
        );
    }
    let tasks: Vec<_> = (0..8)
        .map(|t| {
            let s3 = s3.clone();
            tokio::spawn(async move {
                let mut failed = 0;
                for _ in 0..50 {
                    let ok = if t % 2 == 0 {
                        s3.list_buckets().send().await.is_ok()
                    } else {
                        s3.list_objects_v2().bucket("b").send().await.is_ok()
                    };
                    if !ok {
                        failed += 1;
                    }
                }
                failed
            })
        })
        .collect();
    let done = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        let mut failed = 0;
        for t in tasks {
            failed += t.await.unwrap();
        }
        failed
    })
    .await
    .expect("no deadlock");
    let failures = stubber.take_failures();
    assert_eq!(failures.len(), done, "every failed call is reported");
    assert!(
        failures
            .iter()
            .all(|f| f.kind() == StubErrorKind::OperationMismatch
                || f.kind() == StubErrorKind::UnexpectedCall)
    );
    stubber.verify_on_drop(false);
}
