//! Scenario 1: the last N keys of a bucket under a prefix, following ListObjectsV2
//! continuation tokens across pages.
//!
//! `cargo run --example s3_keys --features s3`

use aws_sdk_s3::operation::list_objects_v2::{ListObjectsV2Input, ListObjectsV2Output};
use aws_sdk_s3::types::Object;
use aws_stubber::entry::EntryHandle;
use aws_stubber::{Stubber, client, op};

/// The code under test: the last `n` keys under `prefix`, in listing order.
pub async fn last_keys(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    prefix: &str,
    n: usize,
) -> Result<Vec<String>, aws_sdk_s3::Error> {
    let mut keys = Vec::new();
    let mut token = None;
    loop {
        let page = s3
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .set_continuation_token(token.take())
            .send()
            .await?;
        keys.extend(
            page.contents()
                .iter()
                .filter_map(|o| o.key().map(str::to_string)),
        );
        match page.next_continuation_token() {
            Some(next) if page.is_truncated() == Some(true) => token = Some(next.to_string()),
            _ => break,
        }
    }
    let skip = keys.len().saturating_sub(n);
    Ok(keys.split_off(skip))
}

/// One page of a listing.
pub fn page(keys: &[&str], next: Option<&str>) -> ListObjectsV2Output {
    ListObjectsV2Output::builder()
        .set_contents(Some(
            keys.iter()
                .map(|k| Object::builder().key(*k).build())
                .collect(),
        ))
        .key_count(keys.len() as i32)
        .is_truncated(next.is_some())
        .set_next_continuation_token(next.map(str::to_string))
        .build()
}

/// Queues three pages: the stubber checks that each request carries the token the page
/// before returned, and that bucket and prefix stay the same. The handle says how many
/// pages were asked for, with which inputs.
pub fn queue_three_pages(
    stubber: &Stubber,
    bucket: &str,
    prefix: &str,
) -> EntryHandle<ListObjectsV2Input> {
    let (b, p) = (bucket.to_string(), prefix.to_string());
    stubber
        .add_pages(
            op!(aws_sdk_s3::Client::list_objects_v2),
            [
                page(&["logs/2024-01", "logs/2024-02"], Some("token-1")),
                page(&["logs/2024-03", "logs/2024-04"], Some("token-2")),
                page(&["logs/2024-05"], None),
            ],
        )
        .expect_input(|i| i.bucket(b.clone()).prefix(p.clone()))
        .handle()
}

#[allow(dead_code)]
#[tokio::main]
async fn main() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let pages = queue_three_pages(&stubber, "my-bucket", "logs/");
    let keys = last_keys(&s3, "my-bucket", "logs/", 3)
        .await
        .expect("listing works");
    println!(
        "last 3 keys under logs/ in my-bucket ({} pages):",
        pages.calls()
    );
    for key in &keys {
        println!("  {key}");
    }
    stubber.assert_no_pending_responses();
}
