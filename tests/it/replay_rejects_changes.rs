//! A recording of uploads and scrubbed calls (against moto) replays identically, and every kind of change to a replayed request is rejected with a message that names it.

use std::path::{Path, PathBuf};

use aws_credential_types::Credentials;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart, ObjectCannedAcl, StorageClass, Tag,
    Tagging,
};
use aws_stubber::fixture::Fixture;
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::{StubError, StubErrorKind, Stubber, client};

use crate::moto::start_moto;
use crate::support::TempFixture;
use crate::wire_stage::{BUCKET, TempFile};

fn record_options(url: &str) -> FixtureOptions {
    FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .review(false)
        .endpoint(url)
        .credentials(Credentials::new(
            "AKIDWIRESTAGE0000001",
            "wireStageSecretKey/NeverWritten",
            None,
            None,
            "test",
        ))
}

/// Uploads of every kind the SDK encodes differently, and a call with a scrubbed field.
async fn workload(stubber: &Stubber, file: &Path) -> Vec<String> {
    let s3 = client!(aws_sdk_s3, stubber, |c| c.force_path_style(true));
    let iam = client!(aws_sdk_iam, stubber);
    let mut seen = Vec::new();
    s3.create_bucket().bucket(BUCKET).send().await.unwrap();
    let from_bytes = s3
        .put_object()
        .bucket(BUCKET)
        .key("dir/bytes.json")
        .content_type("application/json")
        .storage_class(StorageClass::StandardIa)
        .body(ByteStream::from_static(b"{ \"pretty\" : [1, 2] }"))
        .send()
        .await
        .unwrap();
    seen.push(format!("{:?}", from_bytes.e_tag()));
    let from_file = s3
        .put_object()
        .bucket(BUCKET)
        .key("dir/file.txt")
        .body(ByteStream::from_path(file).await.unwrap())
        .send()
        .await
        .unwrap();
    seen.push(format!("{:?}", from_file.e_tag()));
    let upload = s3
        .create_multipart_upload()
        .bucket(BUCKET)
        .key("big")
        .send()
        .await
        .unwrap();
    let upload_id = upload.upload_id().unwrap().to_string();
    let mut parts = Vec::new();
    for (n, content) in [(1, vec![b'a'; 5 * 1024 * 1024]), (2, b"tail".to_vec())] {
        let part = s3
            .upload_part()
            .bucket(BUCKET)
            .key("big")
            .upload_id(&upload_id)
            .part_number(n)
            .body(ByteStream::from(content))
            .send()
            .await
            .unwrap();
        parts.push(
            CompletedPart::builder()
                .part_number(n)
                .set_e_tag(part.e_tag().map(str::to_string))
                .set_checksum_crc32(part.checksum_crc32().map(str::to_string))
                .build(),
        );
    }
    // moto names the root element of this answer `CompleteMultipartUploadResponse`, which
    // the SDK rejects: replay must reproduce that outcome exactly, like any other.
    let completed = s3
        .complete_multipart_upload()
        .bucket(BUCKET)
        .key("big")
        .upload_id(&upload_id)
        .multipart_upload(
            CompletedMultipartUpload::builder()
                .set_parts(Some(parts))
                .build(),
        )
        .send()
        .await;
    seen.push(match completed {
        Ok(out) => format!("{:?}", out.e_tag()),
        Err(err) => format!("{:?}", err.into_service_error()),
    });
    s3.put_bucket_tagging()
        .bucket(BUCKET)
        .tagging(
            Tagging::builder()
                .tag_set(Tag::builder().key("env").value("prod").build().unwrap())
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let listed = s3
        .list_objects_v2()
        .bucket(BUCKET)
        .prefix("dir/")
        .send()
        .await
        .unwrap();
    seen.push(format!("{:?}", listed.contents()));
    let got = s3
        .get_object()
        .bucket(BUCKET)
        .key("dir/bytes.json")
        .send()
        .await
        .unwrap();
    let body = got.body.collect().await.unwrap().into_bytes();
    seen.push(String::from_utf8(body.to_vec()).unwrap());
    iam.create_user()
        .user_name("wire-user")
        .send()
        .await
        .unwrap();
    iam.create_login_profile()
        .user_name("wire-user")
        .password("Wire-Stage-Password-1!")
        .send()
        .await
        .unwrap();
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_and_scrubbed_calls_replay_identically_and_every_change_is_caught() {
    let Some(moto) = start_moto() else { return };
    let file = TempFile::new("file.txt", b"streamed file content");
    let path = TempFixture::new("wire.json");

    let recorder = Stubber::fixture_with(&*path, record_options(&moto.url)).unwrap();
    let live = workload(&recorder, &file.0).await;
    recorder.finish().unwrap();
    drop(recorder);
    drop(moto);

    let text = std::fs::read_to_string(&*path).unwrap();
    assert!(!text.contains("Wire-Stage-Password-1!"), "{text}");
    assert!(
        text.contains("\"body\": \"streamed file content\""),
        "the streaming upload is recorded decoded"
    );
    assert!(text.contains("\"x-amz-checksum-crc32\""), "{text}");
    assert!(
        live[4] == "{ \"pretty\" : [1, 2] }",
        "an object whose content is JSON keeps its bytes: {}",
        live[4]
    );

    // Replayed identically, under the default strict matching.
    let replayer =
        Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    let replayed = workload(&replayer, &file.0).await;
    assert_eq!(replayed, live);
    replayer.assert_no_pending_responses();
    drop(replayer);

    mutations(&path).await;
}

/// The fixture reduced to its interaction `index` (from 0), so that one call can be replayed
/// against it alone.
fn only(path: &Path, operation: &str, nth: usize, edit: impl FnOnce(&mut Fixture)) -> PathBuf {
    let mut fixture = Fixture::load(path).unwrap();
    let position = fixture
        .interactions
        .iter()
        .enumerate()
        .filter(|(_, it)| it.operation == operation)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no {operation} #{nth} in the fixture"));
    fixture.interactions = vec![fixture.interactions.remove(position)];
    edit(&mut fixture);
    let out = path.with_file_name(format!("{operation}-{nth}.json"));
    fixture.write_atomic(&out).unwrap();
    out
}

/// The message of the request mismatch a mutated call gets.
async fn rejected<F, Fut, T, E>(fixture: &Path, call: F) -> String
where
    F: FnOnce(Stubber) -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
    E: std::error::Error + 'static,
    T: std::fmt::Debug,
{
    let stubber =
        Stubber::fixture_with(fixture, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    stubber.verify_on_drop(false);
    let err = call(stubber.clone())
        .await
        .expect_err("a changed request must be rejected");
    let stub = StubError::find(&err).expect("a stub error");
    assert_eq!(
        stub.kind(),
        StubErrorKind::RequestMismatch,
        "{}",
        stub.message()
    );
    stub.message().to_string()
}

fn assert_names(message: &str, difference: &str) {
    assert!(
        message.contains(difference),
        "expected the message to name {difference:?}:\n{message}"
    );
}

async fn mutations(path: &Path) {
    let s3 = |s: &Stubber| client!(aws_sdk_s3, s, |c| c.force_path_style(true));
    let bytes_put = only(path, "PutObject", 0, |_| {});
    let file_put = only(path, "PutObject", 1, |_| {});
    // The first PutObject exactly as the workload sent it; each case changes one thing.
    let recorded_put = move |s: &Stubber| {
        s3(s)
            .put_object()
            .bucket(BUCKET)
            .key("dir/bytes.json")
            .content_type("application/json")
            .storage_class(StorageClass::StandardIa)
            .body(ByteStream::from_static(b"{ \"pretty\" : [1, 2] }"))
    };

    // 1. Another endpoint port.
    let other_port = only(path, "PutObject", 0, |f| {
        let endpoint = f.endpoint.clone().unwrap();
        let (base, _) = endpoint.rsplit_once(':').unwrap();
        f.endpoint = Some(format!("{base}:1"));
    });
    let m = rejected(
        &other_port,
        |s| async move { recorded_put(&s).send().await },
    )
    .await;
    assert_names(&m, "scheme, host or port: expected \"http://127.0.0.1:");

    // 2. Another bucket (the path).
    let m = rejected(&bytes_put, |s| async move {
        recorded_put(&s).bucket("other-bucket").send().await
    })
    .await;
    assert_names(
        &m,
        "path: expected \"/wire-bucket/dir/bytes.json\", received \"/other-bucket/dir/bytes.json\"",
    );

    // 3. The path as sent: `%2F` is not `/`.
    let encoded = only(path, "PutObject", 0, |f| {
        let uri = &mut f.interactions[0].request.uri;
        *uri = uri.replace("/dir/bytes.json", "/dir%2Fbytes.json");
    });
    let m = rejected(&encoded, |s| async move { recorded_put(&s).send().await }).await;
    assert_names(
        &m,
        "path: expected \"/wire-bucket/dir%2Fbytes.json\", received \"/wire-bucket/dir/bytes.json\"",
    );

    // 4. An added header.
    let m = rejected(&bytes_put, |s| async move {
        recorded_put(&s)
            .acl(ObjectCannedAcl::PublicRead)
            .send()
            .await
    })
    .await;
    assert_names(
        &m,
        "header \"x-amz-acl\": not recorded, received \"public-read\"",
    );

    // 5. A changed header.
    let m = rejected(&bytes_put, |s| async move {
        recorded_put(&s).content_type("text/plain").send().await
    })
    .await;
    assert_names(
        &m,
        "header \"content-type\": expected \"application/json\", received \"text/plain\"",
    );

    // 6. A removed header.
    let m = rejected(&bytes_put, |s| async move {
        recorded_put(&s).set_storage_class(None).send().await
    })
    .await;
    assert_names(
        &m,
        "header \"x-amz-storage-class\": expected \"STANDARD_IA\", but it is absent",
    );

    // 7. An in-memory body changed: its checksum header and the body differ.
    let m = rejected(&bytes_put, |s| async move {
        recorded_put(&s)
            .body(ByteStream::from_static(b"{ \"pretty\" : [1, 3] }"))
            .send()
            .await
    })
    .await;
    assert_names(&m, "header \"x-amz-checksum-crc32\": expected");
    assert_names(&m, "body differs");

    // 8. Another checksum algorithm: one header removed, another added.
    let m = rejected(&bytes_put, |s| async move {
        recorded_put(&s)
            .checksum_algorithm(ChecksumAlgorithm::Sha256)
            .send()
            .await
    })
    .await;
    assert_names(&m, "header \"x-amz-checksum-sha256\": not recorded");
    assert_names(&m, "header \"x-amz-checksum-crc32\": expected");

    // 9. A streaming body changed (same length): its payload and trailer differ.
    let changed = TempFile::new("changed.txt", b"STREAMED file content");
    let changed_path = changed.0.to_path_buf();
    let m = rejected(&file_put, |s| async move {
        s3(&s)
            .put_object()
            .bucket(BUCKET)
            .key("dir/file.txt")
            .body(ByteStream::from_path(&changed_path).await.unwrap())
            .send()
            .await
    })
    .await;
    assert_names(&m, "trailer \"x-amz-checksum-crc32\": expected");
    assert_names(&m, "- streamed file content");

    // 10. The same content sent in memory instead of streamed: another encoding.
    let m = rejected(&file_put, |s| async move {
        s3(&s)
            .put_object()
            .bucket(BUCKET)
            .key("dir/file.txt")
            .body(ByteStream::from_static(b"streamed file content"))
            .send()
            .await
    })
    .await;
    assert_names(
        &m,
        "header \"content-encoding\": expected \"aws-chunked\", but it is absent",
    );
    assert_names(&m, "trailer \"x-amz-checksum-crc32\": expected");

    // 11. A query value added.
    let list = only(path, "ListObjectsV2", 0, |_| {});
    let m = rejected(&list, |s| async move {
        s3(&s)
            .list_objects_v2()
            .bucket(BUCKET)
            .prefix("dir/")
            .max_keys(5)
            .send()
            .await
    })
    .await;
    assert_names(
        &m,
        "query parameter \"max-keys\": not recorded, received \"5\"",
    );

    // 12. A query value changed.
    let m = rejected(&list, |s| async move {
        s3(&s)
            .list_objects_v2()
            .bucket(BUCKET)
            .prefix("dir2/")
            .send()
            .await
    })
    .await;
    assert_names(
        &m,
        "query parameter \"prefix\": expected \"dir/\", received \"dir2/\"",
    );

    // 13. A repeated query value added to the recording's own.
    let repeated = only(path, "ListObjectsV2", 0, |f| {
        let uri = &mut f.interactions[0].request.uri;
        *uri = uri.replace("prefix=dir%2F", "prefix=dir%2F&prefix=dir%2F");
    });
    let m = rejected(&repeated, |s| async move {
        s3(&s)
            .list_objects_v2()
            .bucket(BUCKET)
            .prefix("dir/")
            .send()
            .await
    })
    .await;
    assert_names(
        &m,
        "query parameter \"prefix\": expected \"dir/\", but it is absent",
    );

    // 14. An XML body field changed, by whitespace only: values are not trimmed.
    let tagging = only(path, "PutBucketTagging", 0, |_| {});
    let m = rejected(&tagging, |s| async move {
        s3(&s)
            .put_bucket_tagging()
            .bucket(BUCKET)
            .tagging(
                Tagging::builder()
                    .tag_set(Tag::builder().key("env").value(" prod").build().unwrap())
                    .build()
                    .unwrap(),
            )
            .send()
            .await
    })
    .await;
    assert_names(&m, "-         \"prod\"\n    +         \" prod\"");

    // 15. A form body field changed.
    let create_user = only(path, "CreateUser", 0, |_| {});
    let m = rejected(&create_user, |s| async move {
        client!(aws_sdk_iam, &s)
            .create_user()
            .user_name("someone-else")
            .send()
            .await
    })
    .await;
    assert_names(&m, "- UserName=wire-user");
    assert_names(&m, "+ UserName=someone-else");

    // 16. A field that was scrubbed still has to be there, and the rest must match.
    let login = only(path, "CreateLoginProfile", 0, |_| {});
    let m = rejected(&login, |s| async move {
        client!(aws_sdk_iam, &s)
            .create_login_profile()
            .user_name("wire-user")
            .password("Another-Password-2!")
            .password_reset_required(true)
            .send()
            .await
    })
    .await;
    assert_names(&m, "+ PasswordResetRequired=true");
    assert_names(&m, "(scrubbed when recorded: any present value matches)");
    // ... and a different password alone is accepted: it was scrubbed.
    let stubber =
        Stubber::fixture_with(&login, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    client!(aws_sdk_iam, &stubber)
        .create_login_profile()
        .user_name("wire-user")
        .password("Another-Password-2!")
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();

    // 17. Another region reaches another host (AWS's own endpoints).
    let regional = only(path, "ListObjectsV2", 0, |f| {
        f.endpoint = None;
        let uri = &mut f.interactions[0].request.uri;
        let (_, rest) = uri.split_once("/wire-bucket").unwrap();
        *uri = format!("https://wire-bucket.s3.us-east-1.amazonaws.com{rest}");
    });
    let m = rejected(&regional, |s| async move {
        client!(aws_sdk_s3, &s, |c| c
            .region(aws_sdk_s3::config::Region::new("eu-west-1")))
        .list_objects_v2()
        .bucket(BUCKET)
        .prefix("dir/")
        .send()
        .await
    })
    .await;
    assert_names(
        &m,
        "scheme, host or port: expected \"https://wire-bucket.s3.us-east-1.amazonaws.com\", received \"https://wire-bucket.s3.eu-west-1.amazonaws.com\"",
    );

    // 18. Another bucket in virtual-hosted style: only the host says so.
    let m = rejected(&regional, |s| async move {
        client!(aws_sdk_s3, &s)
            .list_objects_v2()
            .bucket("other-bucket")
            .prefix("dir/")
            .send()
            .await
    })
    .await;
    assert_names(
        &m,
        "received \"https://other-bucket.s3.us-east-1.amazonaws.com\"",
    );
}
