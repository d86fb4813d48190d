//! What a failure sweep costs: a body of five S3 calls run once as written, beside the sweep
//! of the same body (the written run and one run per call and failure of its catalogues), in
//! interleaved rounds as `compare.rs`. See BENCHMARKS.md.
//!
//! ```sh
//! cargo bench --features s3 --bench sweep   # BENCH_ROUNDS=3 unless set
//! python3 benches/summarize.py target/criterion
//! ```

use std::time::Duration;

use aws_sdk_s3::operation::delete_object::DeleteObjectOutput;
use aws_sdk_s3::operation::get_object::GetObjectOutput;
use aws_sdk_s3::operation::head_object::HeadObjectOutput;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::operation::put_object::PutObjectOutput;
use aws_sdk_s3::types::Object;
use aws_stubber::{Stubber, client, op, sweep};
use criterion::{Criterion, criterion_group, criterion_main};

fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
}

/// Moves the newest log under `logs/` to `archive/`: five calls, every error returned.
async fn archive_newest(s3: &aws_sdk_s3::Client) -> Result<String, BoxError> {
    let listed = s3
        .list_objects_v2()
        .bucket("b")
        .prefix("logs/")
        .send()
        .await?;
    let key = listed
        .contents()
        .last()
        .and_then(|o| o.key())
        .unwrap_or_default()
        .to_string();
    s3.head_object().bucket("b").key(&key).send().await?;
    let object = s3.get_object().bucket("b").key(&key).send().await?;
    let bytes = object.body.collect().await?;
    let archived = format!("archive/{key}");
    s3.put_object()
        .bucket("b")
        .key(&archived)
        .body(bytes.into_bytes().into())
        .send()
        .await?;
    s3.delete_object().bucket("b").key(&key).send().await?;
    Ok(archived)
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

async fn written(stubber: Stubber) -> Result<String, BoxError> {
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_objects_v2),
        ListObjectsV2Output::builder()
            .contents(Object::builder().key("logs/1").build())
            .build(),
    );
    stubber.add_response(
        op!(aws_sdk_s3::Client::head_object),
        HeadObjectOutput::builder().build(),
    );
    stubber.add_response(
        op!(aws_sdk_s3::Client::get_object),
        GetObjectOutput::builder()
            .body(b"log".to_vec().into())
            .build(),
    );
    stubber.add_response(
        op!(aws_sdk_s3::Client::put_object),
        PutObjectOutput::builder().build(),
    );
    stubber.add_response(
        op!(aws_sdk_s3::Client::delete_object),
        DeleteObjectOutput::builder().build(),
    );
    archive_newest(&s3).await
}

fn sweep_rounds(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let runs = rt.block_on(async { sweep(written).report().await.runs().len() });
    println!("the sweep of the five-call body makes {runs} runs with a failure");
    for round in 1..=rounds() {
        let mut group = c.benchmark_group(format!("sweep/round-{round}"));
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .sample_size(20);
        group.bench_function("five S3 calls, run once as written", |b| {
            b.iter(|| rt.block_on(written(Stubber::new())).unwrap())
        });
        group.bench_function("the same body swept (written run + every failure)", |b| {
            b.iter(|| {
                let report = rt.block_on(sweep(written).report());
                assert!(report.passed(), "{report}");
                report
            })
        });
        group.finish();
    }
}

criterion_group!(benches, sweep_rounds);
criterion_main!(benches);
