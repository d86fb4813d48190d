//! The sweep in front of moto: calls moto answers are failed in turn like queued ones, and the
//! stubs in front of moto too.

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::operation::get_bucket_accelerate_configuration::GetBucketAccelerateConfigurationOutput;
use aws_stubber::op;
use aws_stubber::stubbed::moto;
use aws_stubber::sweep;
use aws_stubber::sweep::FailureKind;

use crate::moto_fixtures::moto_runs;

/// Puts a file and reads it back from moto; asks a stub in front of moto for the bucket's
/// acceleration. Every failure comes back as the code of the error, or its kind.
async fn put_and_read(s3: &aws_sdk_s3::Client) -> Result<String, String> {
    let code = |e: &dyn ProvideErrorMetadata, kind: &str| e.code().unwrap_or(kind).to_string();
    s3.create_bucket()
        .bucket("swept")
        .send()
        .await
        .map_err(|e| code(&e, "create"))?;
    s3.put_object()
        .bucket("swept")
        .key("a")
        .body(b"moto".to_vec().into())
        .send()
        .await
        .map_err(|e| code(&e, "put"))?;
    let object = s3.get_object().bucket("swept").key("a").send().await;
    let object = object.map_err(|e| code(&e, "get"))?;
    let bytes = object
        .body
        .collect()
        .await
        .map_err(|_| "read".to_string())?;
    s3.get_bucket_accelerate_configuration()
        .bucket("swept")
        .send()
        .await
        .map_err(|e| code(&e, "accelerate"))?;
    Ok(String::from_utf8_lossy(&bytes.into_bytes()).into_owned())
}

#[tokio::test]
async fn calls_moto_answers_and_stubs_in_front_are_swept() {
    if !moto_runs() {
        return;
    }
    let report = sweep(|_| async {
        let s3 = moto::s3();
        s3.add_response(
            op!(aws_sdk_s3::Client::get_bucket_accelerate_configuration),
            GetBucketAccelerateConfigurationOutput::builder().build(),
        );
        put_and_read(&s3.client).await
    })
    .kinds([
        FailureKind::Modeled,
        FailureKind::Timeout,
        FailureKind::BodyCutShort,
    ])
    .check(|run| matches!(run.returned, Some(Err(_))))
    .report()
    .await;
    assert!(report.passed(), "{report}");
    assert_eq!(
        report.written_calls(),
        [
            ("S3".to_string(), "CreateBucket".to_string()),
            ("S3".to_string(), "PutObject".to_string()),
            ("S3".to_string(), "GetObject".to_string()),
            (
                "S3".to_string(),
                "GetBucketAccelerateConfiguration".to_string()
            ),
        ]
    );
    let outcomes: Vec<String> = report
        .runs()
        .iter()
        .map(|r| format!("#{} {} x {}: {}", r.call, r.operation, r.failure, r.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            "#1 CreateBucket x BucketAlreadyExists: returned an error: \"BucketAlreadyExists\"",
            "#1 CreateBucket x BucketAlreadyOwnedByYou: returned an error: \"BucketAlreadyOwnedByYou\"",
            "#1 CreateBucket x timeout: returned an error: \"create\"",
            "#2 PutObject x InvalidRequest: returned an error: \"InvalidRequest\"",
            "#2 PutObject x InvalidWriteOffset: returned an error: \"InvalidWriteOffset\"",
            "#2 PutObject x TooManyParts: returned an error: \"TooManyParts\"",
            "#2 PutObject x EncryptionTypeMismatch: returned an error: \"EncryptionTypeMismatch\"",
            "#2 PutObject x timeout: returned an error: \"put\"",
            // moto holds the object; the sweep answers NoSuchKey all the same.
            "#3 GetObject x NoSuchKey: returned an error: \"NoSuchKey\"",
            "#3 GetObject x InvalidObjectState: returned an error: \"InvalidObjectState\"",
            "#3 GetObject x timeout: returned an error: \"get\"",
            "#3 GetObject x body cut short: returned an error: \"read\"",
            "#4 GetBucketAccelerateConfiguration x timeout: returned an error: \"accelerate\"",
        ]
    );
    // The stub in front was left unused when the code stopped before it; when its own call
    // failed, the failure answered in its stead and nothing was left.
    assert_eq!(report.runs()[0].entries_left, 1);
    assert_eq!(report.runs()[12].entries_left, 0);
}
