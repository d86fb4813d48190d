//! Everyday tests written shorter: whole-request checks, answers built per call, entry
//! handles, empty answers.

use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_stubber::{RawResponse, StubError, StubErrorKind, Stubber, client, op};

use crate::support::{only_failure, panic_message, scrub};

#[tokio::test]
async fn whole_request_checks_pass_on_the_request_as_sent() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            ListObjectsV2Output::builder().build(),
        )
        .expect_http(|h| {
            h.host("logs.s3.us-east-1.amazonaws.com")
                .origin("https://logs.s3.us-east-1.amazonaws.com")
                .uri("https://logs.s3.us-east-1.amazonaws.com/?list-type=2&prefix=2024%2F")
                .query_exact([("prefix", "2024/"), ("list-type", "2")])
                .header_absent("x-amz-request-payer")
        });
    s3.list_objects_v2()
        .bucket("logs")
        .prefix("2024/")
        .send()
        .await
        .unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn whole_request_checks_name_every_difference() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber
        .add_http_response(
            op!(aws_sdk_s3::Client::list_objects_v2),
            RawResponse::new(200),
        )
        .expect_http(|h| {
            h.host("other.s3.us-east-1.amazonaws.com")
                .origin("http://logs.s3.us-east-1.amazonaws.com")
                .uri("https://logs.s3.us-east-1.amazonaws.com/?list-type=2")
                .query_exact([("list-type", "2"), ("prefix", "2025/"), ("max-keys", "5")])
                .header_absent("x-amz-request-payer")
        });
    let err = s3
        .list_objects_v2()
        .bucket("logs")
        .prefix("2024/")
        .fetch_owner(true)
        .request_payer(aws_sdk_s3::types::RequestPayer::Requester)
        .send()
        .await
        .unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(stub.kind(), StubErrorKind::RequestMismatch);
    assert_eq!(
        scrub(stub.message()),
        "aws-stubber: call #1 to S3 ListObjectsV2 does not match queue entry #1 ListObjectsV2 \
         (queued at <loc>): the HTTP request differs:\n    \
         uri: expected \"https://logs.s3.us-east-1.amazonaws.com/?list-type=2\", received \
         \"https://logs.s3.us-east-1.amazonaws.com/?list-type=2&prefix=2024%2F&fetch-owner=true\"\n    \
         scheme, host or port: expected \"http://logs.s3.us-east-1.amazonaws.com\", received \
         \"https://logs.s3.us-east-1.amazonaws.com\"\n    \
         host: expected \"other.s3.us-east-1.amazonaws.com\", received \"logs.s3.us-east-1.amazonaws.com\"\n    \
         query parameter \"max-keys\": expected \"5\", but it is absent\n    \
         query parameter \"prefix\": expected \"2025/\", received \"2024/\"\n    \
         query parameter \"fetch-owner\": not expected, received \"true\"\n    \
         header \"x-amz-request-payer\": expected to be absent, received [\"requester\"]\n\
         The entry stays queued."
    );
    only_failure(&stubber);
    stubber.verify_on_drop(false);
}

#[tokio::test]
async fn answers_that_cannot_be_cloned_are_built_per_call_and_repeat() {
    use aws_sdk_s3::operation::get_object::{GetObjectError, GetObjectOutput};
    use aws_sdk_s3::primitives::ByteStream;
    use aws_sdk_s3::types::error::NoSuchKey;

    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let get = op!(aws_sdk_s3::Client::get_object);
    let found = stubber
        .add_response_fn(get, || {
            GetObjectOutput::builder()
                .body(ByteStream::from_static(b"hello"))
                .build()
        })
        .times(3)
        .handle();
    let missing = stubber
        .add_error_fn(get, || {
            GetObjectError::NoSuchKey(NoSuchKey::builder().build())
        })
        .http_status(404)
        .times(2)
        .handle();
    for _ in 0..3 {
        let out = s3.get_object().bucket("b").key("k").send().await.unwrap();
        let body = out.body.collect().await.unwrap().into_bytes();
        assert_eq!(body.as_ref(), b"hello");
    }
    for _ in 0..2 {
        let err = s3
            .get_object()
            .bucket("b")
            .key("gone")
            .send()
            .await
            .unwrap_err();
        let raw = err.raw_response().map(|r| r.status().as_u16());
        assert!(err.into_service_error().is_no_such_key());
        assert_eq!(raw, Some(404));
    }
    assert_eq!((found.calls(), missing.calls()), (3, 2));
    assert_eq!(
        missing.inputs().iter().map(|i| i.key()).collect::<Vec<_>>(),
        [Some("gone"), Some("gone")]
    );
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn a_computed_answer_may_be_an_output_or_a_modeled_error() {
    use aws_sdk_s3::operation::head_object::{HeadObjectError, HeadObjectOutput};
    use aws_sdk_s3::types::error::NotFound;

    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let head = stubber
        .add_computed_response(op!(aws_sdk_s3::Client::head_object), |input| {
            match input.key() {
                Some("missing") => Err(HeadObjectError::NotFound(NotFound::builder().build())),
                key => Ok(HeadObjectOutput::builder()
                    .content_length(key.unwrap_or_default().len() as i64)
                    .build()),
            }
        })
        .http_status(404)
        .times(3)
        .handle();
    assert_eq!(
        stubber.pending_descriptions()[0]
            .split(" (queued at")
            .next()
            .unwrap(),
        "#1 HeadObject -> computed output HeadObjectOutput or error, 3 of 3 calls left"
    );
    let out = s3
        .head_object()
        .bucket("b")
        .key("abcd")
        .send()
        .await
        .unwrap();
    assert_eq!(out.content_length(), Some(4));
    let err = s3
        .head_object()
        .bucket("b")
        .key("missing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(404));
    assert!(err.into_service_error().is_not_found());
    s3.head_object().bucket("b").key("x").send().await.unwrap();
    assert_eq!(head.calls(), 3);
    assert_eq!(
        head.requests()
            .iter()
            .map(|r| r.raw_path().to_string())
            .collect::<Vec<_>>(),
        ["/b/abcd", "/b/missing", "/b/x"]
    );
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn repeatedly_answers_any_number_of_calls_in_unordered_mode_only() {
    use aws_sdk_s3::operation::head_bucket::HeadBucketOutput;
    let head = op!(aws_sdk_s3::Client::head_bucket);

    let strict = Stubber::new();
    strict.verify_on_drop(false);
    assert_eq!(
        panic_message(|| {
            strict
                .add_response(head, HeadBucketOutput::builder().build())
                .repeatedly();
        }),
        "aws-stubber: repeatedly() on queue entry #1 of a strict stubber: each call takes the \
         next entry there, so an entry that answers any number of calls would keep every entry \
         after it from being reached. Use times(n) for a known number of calls, or make the \
         stubber with Stubber::unordered()"
    );

    let stubber = Stubber::unordered();
    let s3 = client!(aws_sdk_s3, &stubber);
    let any = stubber
        .add_response(head, HeadBucketOutput::builder().build())
        .expect_input(|i| i.bucket(aws_stubber::ANY))
        .repeatedly()
        .handle();
    stubber
        .add_client_error(op!(aws_sdk_s3::Client::list_buckets), "AccessDenied", "no")
        .repeatedly();
    for bucket in ["one-bucket", "two-bucket", "three-bucket", "four-bucket"] {
        s3.head_bucket().bucket(bucket).send().await.unwrap();
    }
    assert_eq!(any.calls(), 4);
    // Used at least once: satisfied. Never used: reported like any other entry.
    assert_eq!(
        scrub(stubber.verify().unwrap_err().message()),
        "aws-stubber: 1 response(s) remaining in queue (1 of 2 used):\n    \
         #2 ListBuckets -> client error AccessDenied (400), answers any number of calls (0 so \
         far) (queued at <loc>)"
    );
    stubber.verify_on_drop(false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unordered_mode_gives_each_of_many_concurrent_callers_its_own_answer() {
    use aws_sdk_s3::operation::head_object::HeadObjectOutput;
    const TASKS: usize = 16;
    const CALLS: usize = 100;

    let stubber = Stubber::unordered();
    let s3 = client!(aws_sdk_s3, &stubber);
    let head = op!(aws_sdk_s3::Client::head_object);
    for task in 0..TASKS {
        for call in 0..CALLS {
            let key = format!("t{task}-{call}");
            stubber
                .add_response(head, HeadObjectOutput::builder().e_tag(&key).build())
                .expect_input(|i| i.bucket("b").key(&key));
        }
    }
    // Entries that require no plain value, or ANY: found beside the filed ones.
    let any_key = stubber
        .add_response(head, HeadObjectOutput::builder().e_tag("any").build())
        .expect_input(|i| i.bucket("other").key(aws_stubber::ANY))
        .handle();
    let no_input = stubber
        .add_http_response(op!(aws_sdk_s3::Client::list_buckets), RawResponse::new(200))
        .handle();
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let s3 = s3.clone();
            tokio::spawn(async move {
                for call in (0..CALLS).rev() {
                    let key = format!("t{task}-{call}");
                    let out = s3.head_object().bucket("b").key(&key).send().await.unwrap();
                    assert_eq!(out.e_tag(), Some(key.as_str()));
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let out = s3
        .head_object()
        .bucket("other")
        .key("x")
        .send()
        .await
        .unwrap();
    assert_eq!(out.e_tag(), Some("any"));
    s3.list_buckets().send().await.ok();
    assert_eq!((any_key.calls(), no_input.calls()), (1, 1));
    // Every entry was taken: one call more is unexpected.
    let err = s3
        .head_object()
        .bucket("b")
        .key("t0-0")
        .send()
        .await
        .unwrap_err();
    let stub = StubError::find(&err).unwrap();
    assert_eq!(
        stub.kind(),
        StubErrorKind::UnexpectedCall,
        "{}",
        stub.message()
    );
    stubber.take_expected_failures(&[StubErrorKind::UnexpectedCall]);
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn an_empty_answer_in_every_protocol() {
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    let ec2 = client!(aws_sdk_ec2, &stubber);
    let iam = client!(aws_sdk_iam, &stubber);
    let rds = client!(aws_sdk_rds, &stubber);
    let r53 = client!(aws_sdk_route53, &stubber);
    let dynamodb = client!(aws_sdk_dynamodb, &stubber);
    let cloudwatch = client!(aws_sdk_cloudwatch, &stubber);
    let sso = client!(aws_sdk_sso, &stubber);
    // restXml without and with a body (whose root only the SDK knows), S3's odd root,
    // ec2Query, awsQuery, Route 53's restXml, awsJson 1.0, rpcv2Cbor, restJson.
    stubber.add_empty_response(op!(aws_sdk_s3::Client::delete_object));
    stubber
        .add_empty_response(op!(aws_sdk_s3::Client::list_buckets))
        .times(2);
    stubber.add_empty_response(op!(aws_sdk_s3::Client::get_bucket_location));
    stubber.add_empty_response(op!(aws_sdk_ec2::Client::describe_instances));
    stubber.add_empty_response(op!(aws_sdk_iam::Client::create_user));
    stubber.add_empty_response(op!(aws_sdk_rds::Client::describe_db_instances));
    stubber.add_empty_response(op!(aws_sdk_route53::Client::delete_health_check));
    stubber.add_empty_response(op!(aws_sdk_dynamodb::Client::list_tables));
    stubber.add_empty_response(op!(aws_sdk_cloudwatch::Client::list_metrics));
    stubber.add_empty_response(op!(aws_sdk_sso::Client::logout));

    s3.delete_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap();
    for _ in 0..2 {
        assert!(s3.list_buckets().send().await.unwrap().buckets().is_empty());
    }
    // S3 answers us-east-1's location with an empty `<LocationConstraint/>`: so does this.
    let location = s3
        .get_bucket_location()
        .bucket("logs")
        .send()
        .await
        .unwrap();
    assert_eq!(location.location_constraint().map(|c| c.as_str()), Some(""));
    let instances = ec2.describe_instances().send().await.unwrap();
    assert!(instances.reservations().is_empty());
    assert_eq!(
        iam.create_user()
            .user_name("u")
            .send()
            .await
            .unwrap()
            .user(),
        None
    );
    let dbs = rds.describe_db_instances().send().await.unwrap();
    assert!(dbs.db_instances().is_empty());
    r53.delete_health_check()
        .health_check_id("h")
        .send()
        .await
        .unwrap();
    assert!(
        dynamodb
            .list_tables()
            .send()
            .await
            .unwrap()
            .table_names()
            .is_empty()
    );
    assert!(
        cloudwatch
            .list_metrics()
            .send()
            .await
            .unwrap()
            .metrics()
            .is_empty()
    );
    sso.logout().access_token("t").send().await.unwrap();
    stubber.assert_no_pending_responses();
}

#[tokio::test]
async fn an_output_with_required_members_gets_their_empty_values() {
    // The SDK fills members the service always sends with empty values when a response
    // lacks them (its deserializers' error correction), in every protocol.
    let stubber = Stubber::new();
    let kinesis = client!(aws_sdk_kinesis, &stubber);
    let iam = client!(aws_sdk_iam, &stubber);
    stubber.add_empty_response(op!(aws_sdk_kinesis::Client::list_streams));
    stubber.add_empty_response(op!(aws_sdk_iam::Client::list_users));
    let streams = kinesis.list_streams().send().await.unwrap();
    assert!(streams.stream_names().is_empty() && !streams.has_more_streams());
    assert!(iam.list_users().send().await.unwrap().users().is_empty());
    assert_eq!(
        stubber.pending_descriptions(),
        Vec::<String>::new(),
        "both entries were used"
    );
}

#[tokio::test]
async fn a_handle_counts_each_attempt_it_answered() {
    use aws_sdk_s3::operation::head_bucket::HeadBucketOutput;
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber, |c| c
        .retry_config(aws_stubber::sdk::retries(3)));
    let busy = stubber
        .add_client_error(op!(aws_sdk_s3::Client::head_bucket), "SlowDown", "")
        .http_status(503)
        .times(2)
        .handle();
    let ok = stubber
        .add_response(
            op!(aws_sdk_s3::Client::head_bucket),
            HeadBucketOutput::builder().build(),
        )
        .handle();
    s3.head_bucket().bucket("logs").send().await.unwrap();
    assert_eq!(
        (busy.calls(), ok.calls()),
        (2, 1),
        "three attempts of one call"
    );
    assert_eq!(busy.requests().len(), 2);
    assert_eq!(
        ok.requests()[0].header_values("amz-sdk-request"),
        ["attempt=3; max=3"]
    );
    assert_eq!(ok.inputs()[0].bucket(), Some("logs"));
    assert_eq!(format!("{ok:?}"), "EntryHandle(#2, 1 calls)");
    stubber.assert_no_pending_responses();
}

#[test]
fn repeatedly_applies_to_one_entry_not_to_a_run_of_pages() {
    let stubber = Stubber::unordered();
    stubber.verify_on_drop(false);
    let message = panic_message(|| {
        stubber
            .add_pages(
                op!(aws_sdk_s3::Client::list_objects_v2),
                [
                    ListObjectsV2Output::builder()
                        .next_continuation_token("t")
                        .is_truncated(true)
                        .build(),
                    ListObjectsV2Output::builder().build(),
                ],
            )
            .repeatedly();
    });
    assert_eq!(
        message,
        "aws-stubber: times and repeatedly apply to a single entry; each page of add_pages \
         answers one call"
    );
}
