//! The failure sweep: every call of a body answered in turn with each failure it can meet;
//! what each run did, the report, retries, filters, and the limits of a hang.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::operation::get_object::GetObjectOutput;
use aws_sdk_s3::operation::head_bucket::HeadBucketOutput;
use aws_sdk_s3::operation::put_object::PutObjectOutput;
use aws_stubber::sweep::{Failure, FailureKind, Outcome};
use aws_stubber::{RawResponse, Stubber, client, op, sweep};

/// Queues the one answer `read_*` needs: the object `config` of bucket `app`.
fn queue_config(stubber: &Stubber) {
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::get_object),
            GetObjectOutput::builder()
                .body(b"debug = true".to_vec().into())
                .build(),
        )
        .expect_input(|i| i.bucket("app").key("config"));
}

/// The planted bug: a missing object panics.
async fn read_unwrapping(s3: &aws_sdk_s3::Client) -> String {
    let object = s3
        .get_object()
        .bucket("app")
        .key("config")
        .send()
        .await
        .unwrap(); // PLANTED
    let bytes = object.body.collect().await.unwrap();
    String::from_utf8_lossy(&bytes.into_bytes()).into_owned()
}

/// The same code with the bug fixed: every failure comes back as an error.
async fn read_fixed(s3: &aws_sdk_s3::Client) -> Result<String, String> {
    let object = s3
        .get_object()
        .bucket("app")
        .key("config")
        .send()
        .await
        .map_err(|e| format!("get: {e}"))?;
    let bytes = object
        .body
        .collect()
        .await
        .map_err(|e| format!("read: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes.into_bytes()).into_owned())
}

/// The body of the planted bug's sweep.
async fn planted_body(stubber: Stubber) {
    let s3 = client!(aws_sdk_s3, &stubber);
    queue_config(&stubber);
    read_unwrapping(&s3).await;
}

/// The body of the fixed code's sweep.
async fn fixed_body(stubber: Stubber) -> Result<String, String> {
    let s3 = client!(aws_sdk_s3, &stubber);
    queue_config(&stubber);
    read_fixed(&s3).await
}

/// A hang on the stubber's clock costs no wall time: the sweep took seconds, not hours.
fn assert_no_wall_wait(started: Instant) {
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "{took:?}");
}

/// The number of the first line of this file that holds `text`.
fn line_of(text: &str) -> usize {
    let source = include_str!("sweep.rs");
    source.lines().position(|l| l.contains(text)).unwrap() + 1
}

fn planted_line() -> usize {
    line_of("// PLANTED")
}

#[tokio::test]
async fn names_the_call_and_failure_that_panic_the_planted_bug() {
    let report = sweep(planted_body).report().await;
    assert!(!report.passed());
    let text = report.to_string();
    // The lead: each place once, with the calls and failures that reach it.
    let (planted, read) = (planted_line(), planted_line() + 1);
    let lead = format!(
        "aws-stubber: the sweep found 10 run(s) that fail, of 10 failure(s) over 1 call(s):\n\
         \x20   tests/it/sweep.rs:{planted}:10 panics on call #1 GetObject, for 9 failures: \
         NoSuchKey, InvalidObjectState, NoSuchBucket (documented, Bucket), SlowDown (throttling), \
         AccessDenied (documented, every call), ExpiredToken (documented, every call), \
         InternalError (500), timeout, dropped connection\n\
         \x20     called `Result::unwrap()` on an `Err` value: ServiceError(ServiceError {{ source: \
         NoSuchKey(NoSuchKey {{ message: Some(\"injected by aws_stubber::sweep\"), meta: Er...\n\
         \x20   tests/it/sweep.rs:{read}:45 panics on call #1 GetObject, for 1 failure: body cut \
         short\n\
         \x20     called `Result::unwrap()` on an `Err` value: Error {{ kind: StreamingError(\
         aws-stubber: the connection dropped after 1 of the body's 2 bytes (a body cut short by...\n\
         \x20   call  operation     failure                                outcome\n"
    );
    assert!(text.starts_with(&lead), "{text}");
    // Every failure of GetObject panics this code: the body cut short in the second unwrap.
    let kinds: Vec<String> = report
        .runs()
        .iter()
        .map(|r| r.failure.to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "NoSuchKey",
            "InvalidObjectState",
            "NoSuchBucket (documented, Bucket)",
            "SlowDown (throttling)",
            "AccessDenied (documented, every call)",
            "ExpiredToken (documented, every call)",
            "InternalError (500)",
            "timeout",
            "dropped connection",
            "body cut short"
        ]
    );
    let cut = &report.runs()[9];
    match &cut.outcome {
        Outcome::Panicked { message, location } => {
            // A typed output's body is not known to the stubber: one byte of two.
            assert!(
                message.contains("the connection dropped after 1 of the body's 2 bytes"),
                "{message}"
            );
            let expected = format!("tests/it/sweep.rs:{}:", planted_line() + 1);
            assert!(
                location.as_deref().unwrap().starts_with(&expected),
                "{location:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
#[should_panic(
    expected = "panics on call #1 GetObject, for 9 failures: NoSuchKey, InvalidObjectState, NoSuchBucket (documented, Bucket), SlowDown (throttling), AccessDenied (documented, every call), ExpiredToken (documented, every call), InternalError (500), timeout, dropped connection\n"
)]
async fn run_panics_with_the_report_when_a_run_panicked() {
    sweep(planted_body).run().await;
}

#[tokio::test]
async fn the_same_code_with_the_bug_fixed_passes() {
    let report = sweep(fixed_body).report().await;
    assert!(report.passed(), "{report}");
    assert_eq!(report.runs().len(), 10);
    assert_eq!(
        report.written_calls(),
        [("S3".to_string(), "GetObject".to_string())]
    );
    for run in report.runs() {
        assert!(matches!(run.outcome, Outcome::ReturnedError(_)), "{run:?}");
        assert_eq!(
            run.entries_left, 0,
            "the failed call's entry, which the failure answered in its stead, is not left: \
             {run:?}"
        );
    }
    // The modeled error reaches the code as the SDK's typed error.
    let no_such_key = &report.runs()[0];
    let Some(Err(text)) = &no_such_key.returned else {
        panic!()
    };
    assert!(text.starts_with("get: service error"), "{text}");
    assert_eq!(
        report.runs()[7]
            .returned
            .as_ref()
            .unwrap()
            .as_ref()
            .unwrap_err(),
        "get: dispatch failure"
    );
    sweep(fixed_body).run().await;
}

#[tokio::test]
async fn the_report_is_a_table_of_call_operation_failure_and_outcome() {
    let report = sweep(fixed_body)
        .kinds([FailureKind::Timeout, FailureKind::InternalError])
        .report()
        .await;
    assert_eq!(
        report.to_string(),
        "aws-stubber: the sweep passed: 2 failure(s) over 1 call(s), none panicked or hung\n\
         \x20   call  operation     failure              outcome\n\
         \x20   #1    S3 GetObject  InternalError (500)  returned an error: \"get: service error\"\n\
         \x20   #1    S3 GetObject  timeout              returned an error: \"get: dispatch failure\"\n"
    );
}

/// `get` then `put`, returning at the first error.
async fn copy_config(s3: &aws_sdk_s3::Client) -> Result<(), String> {
    let text = read_fixed(s3).await?;
    s3.put_object()
        .bucket("backup")
        .key("config")
        .body(text.into_bytes().into())
        .send()
        .await
        .map_err(|e| format!("put: {e}"))?;
    Ok(())
}

fn queue_copy(stubber: &Stubber) {
    queue_config(stubber);
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::put_object),
            PutObjectOutput::builder().build(),
        )
        .expect_input(|i| i.bucket("backup").key("config"));
}

#[tokio::test]
async fn a_retry_gets_the_written_answer_unless_the_failure_persists() {
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber, |c| c
            .retry_config(aws_stubber::sdk::retries(3)));
        queue_config(&stubber);
        let read = read_fixed(&s3).await;
        let attempts = stubber.calls()[0].requests().len();
        read.map(|_| attempts).map_err(|e| (attempts, e))
    })
    .report()
    .await;
    assert!(report.passed(), "{report}");
    let seen: Vec<(String, Result<usize, usize>)> = report
        .runs()
        .iter()
        .map(|r| {
            let returned = r.returned.as_ref().unwrap();
            (
                r.failure.to_string(),
                returned.clone().map_err(|(attempts, _)| attempts),
            )
        })
        .collect();
    let expected: Vec<(String, Result<usize, usize>)> = [
        // A modeled error is not retried by the SDK.
        ("NoSuchKey", Err(1)),
        ("InvalidObjectState", Err(1)),
        ("NoSuchBucket (documented, Bucket)", Err(1)),
        // Throttling persists: every one of the three attempts is throttled.
        ("SlowDown (throttling)", Err(3)),
        ("AccessDenied (documented, every call)", Err(1)),
        ("ExpiredToken (documented, every call)", Err(1)),
        // Transient: the SDK's second attempt gets the written answer.
        ("InternalError (500)", Ok(2)),
        ("timeout", Ok(2)),
        ("dropped connection", Ok(2)),
        // The body is read after the call returned: no retry.
        ("body cut short", Err(1)),
    ]
    .into_iter()
    .map(|(f, r)| (f.to_string(), r))
    .collect();
    assert_eq!(seen, expected);
    // The SDK's retry took the entry, or the failure answered in its stead: nothing was left.
    assert_eq!(report.runs()[7].entries_left, 0);
    assert_eq!(report.runs()[0].entries_left, 0);
}

#[tokio::test]
async fn a_retry_by_the_code_gets_a_persisting_failure_again() {
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        queue_config(&stubber);
        match read_fixed(&s3).await {
            Ok(text) => Ok(text),
            // The code's own retry: the same call again.
            Err(_) => read_fixed(&s3).await,
        }
    })
    .kinds([FailureKind::Modeled, FailureKind::Timeout])
    .report()
    .await;
    let outcomes: Vec<String> = report
        .runs()
        .iter()
        .map(|r| format!("{}: {}", r.failure, r.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            "NoSuchKey: returned an error: \"get: service error\"",
            "InvalidObjectState: returned an error: \"get: service error\"",
            "timeout: returned",
        ]
    );
    assert_eq!(
        report.runs()[2].returned.as_ref().unwrap().as_deref(),
        Ok("debug = true")
    );
}

#[tokio::test]
async fn a_body_cut_short_sends_half_the_written_http_body() {
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        stubber.add_http_response(
            op!(aws_sdk_s3::Client::get_object),
            RawResponse::new(200)
                .header("content-type", "text/plain")
                .body("0123456789"),
        );
        let object = s3.get_object().bucket("app").key("config").send().await;
        let object = object.map_err(|e| format!("get: {e}"))?;
        let length = object.content_length();
        let read = object.body.collect().await;
        read.map(|_| ()).map_err(|e| format!("{length:?}: {e:?}"))
    })
    .kinds([FailureKind::BodyCutShort])
    .report()
    .await;
    assert_eq!(report.runs().len(), 1);
    assert_eq!(
        report.runs()[0].outcome,
        Outcome::ReturnedError(
            "\"Some(10): Error { kind: StreamingError(aws-stubber: the connection dropped after 5 \
             of the body's 10 bytes (a body cut short by the sweep)) }\""
                .to_string()
        )
    );
}

#[tokio::test]
async fn calls_after_the_failure_with_nothing_queued_are_named() {
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        queue_config(&stubber);
        if read_fixed(&s3).await.is_err() {
            // A fallback the written run never takes: nothing is queued for it.
            let _ = s3.create_bucket().bucket("app").send().await;
        }
    })
    .kinds([FailureKind::Modeled])
    .operations(["GetObject"])
    .report()
    .await;
    assert!(report.passed(), "{report}");
    let run = &report.runs()[0];
    assert_eq!(run.outcome, Outcome::Returned);
    let queued = format!(
        "queue entry #1 GetObject (queued at tests/it/sweep.rs:{}:10)",
        line_of(".add_response(")
    );
    assert_eq!(
        run.went_on,
        [format!(
            "call #2 to S3 CreateBucket does not match {queued}: operation mismatch"
        )]
    );
    assert_eq!(run.entries_left, 0);
    let row = format!(
        "    #1    S3 GetObject  NoSuchKey           returned; then call #2 to S3 CreateBucket does not match {queued}: \
         operation mismatch\n"
    );
    assert!(report.to_string().contains(&row), "{report}");
}

#[tokio::test]
async fn after_a_failure_a_call_may_skip_the_entries_before_its_own() {
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        queue_config(&stubber);
        stubber.add_response(
            op!(aws_sdk_s3::Client::head_bucket),
            HeadBucketOutput::builder().build(),
        );
        // The code goes on after a failed read.
        let read = read_fixed(&s3).await;
        s3.head_bucket()
            .bucket("app")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        read
    })
    .kinds([FailureKind::Modeled])
    .operations(["GetObject"])
    .report()
    .await;
    let run = &report.runs()[0];
    assert!(matches!(run.outcome, Outcome::ReturnedError(_)), "{run:?}");
    assert!(run.went_on.is_empty(), "{run:?}");
    assert_eq!(run.entries_left, 0);
}

#[tokio::test]
async fn stops_early_without_failing_the_sweep() {
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        queue_copy(&stubber);
        copy_config(&s3).await
    })
    .kinds([FailureKind::Timeout])
    .report()
    .await;
    assert!(report.passed(), "{report}");
    let left: Vec<(usize, usize)> = report
        .runs()
        .iter()
        .map(|r| (r.call, r.entries_left))
        .collect();
    // The failed GetObject leaves PutObject's entry; the failed PutObject leaves nothing (the
    // failure answered in its entry's stead).
    assert_eq!(left, [(1, 1), (2, 0)]);
}

#[tokio::test]
async fn a_loop_that_retries_a_persisting_failure_forever_is_hung_at_no_wall_cost() {
    let started = Instant::now();
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        queue_config(&stubber);
        loop {
            if read_fixed(&s3).await.is_ok() {
                return;
            }
        }
    })
    .kinds([FailureKind::Modeled, FailureKind::Timeout])
    .hang_limits(20, Duration::from_secs(60))
    .report()
    .await;
    let outcomes: Vec<String> = report
        .runs()
        .iter()
        .map(|r| r.outcome.to_string())
        .collect();
    assert_eq!(
        outcomes,
        [
            "hung: 22 attempts, more than the 21 allowed, and still calling (S3 GetObject)",
            "hung: 22 attempts, more than the 21 allowed, and still calling (S3 GetObject)",
            "returned",
        ]
    );
    assert!(
        report.to_string().contains(
            "    a hang (hung: 22 attempts, more than the 21 allowed, and still calling (S3 \
             GetObject)) on call #1 GetObject, for 2 failures: NoSuchKey, InvalidObjectState\n"
        ),
        "{report}"
    );
    assert_no_wall_wait(started);
}

#[tokio::test]
async fn a_waiter_that_polls_a_persisting_failure_hangs_on_the_stubbers_clock() {
    let started = Instant::now();
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        stubber.add_response(
            op!(aws_sdk_s3::Client::head_bucket),
            HeadBucketOutput::builder().build(),
        );
        use aws_sdk_s3::client::Waiters;
        s3.wait_until_bucket_exists()
            .bucket("app")
            .wait(Duration::from_secs(10 * 3600))
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
    // HeadBucket's NoSuchBucket reaches the waiter as a 404, which it polls on.
    .kinds([FailureKind::Modeled])
    .report()
    .await;
    let run = &report.runs()[0];
    let text = run.outcome.to_string();
    assert!(
        text.starts_with("hung: waited 1h ")
            && text.ends_with(
                " on the stubber's clock, more than the 1h allowed (last call S3 HeadBucket)"
            ),
        "{text}"
    );
    assert_no_wall_wait(started);
}

#[tokio::test]
async fn a_wait_outside_the_stubbers_clock_is_hung_after_the_wall_limit() {
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        queue_config(&stubber);
        if read_fixed(&s3).await.is_err() {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    })
    .kinds([FailureKind::Timeout])
    .wall_limit(Duration::from_millis(200))
    .report()
    .await;
    assert_eq!(
        report.runs()[0].outcome,
        Outcome::Hung(
            "hung: not done after 200ms of wall time, waiting on something other than the \
             stubber's clock (Sweep::wall_limit)"
                .to_string()
        )
    );
    assert!(!report.passed());
}

#[tokio::test]
async fn a_body_that_does_not_repeat_its_calls_is_named() {
    let runs = Arc::new(AtomicUsize::new(0));
    let report = sweep(move |stubber| {
        let run = runs.fetch_add(1, Ordering::SeqCst);
        async move {
            let s3 = client!(aws_sdk_s3, &stubber);
            stubber.verify_on_drop(false);
            if run == 0 {
                queue_config(&stubber);
                read_fixed(&s3).await.map(|_| ())
            } else {
                let _ = s3.head_bucket().bucket("app").send().await;
                Ok(())
            }
        }
    })
    .kinds([FailureKind::Timeout])
    .report()
    .await;
    assert_eq!(
        report.runs()[0].outcome,
        Outcome::NotReached(
            "call #1 was GetObject in the written run and S3 HeadBucket in this one".to_string()
        )
    );
    assert!(!report.passed());
}

#[tokio::test]
async fn filters_by_operation_and_kind_within_a_budget() {
    let body = |stubber: Stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        queue_copy(&stubber);
        copy_config(&s3).await
    };
    let report = sweep(body).operations(["S3 PutObject"]).report().await;
    let tried: Vec<String> = report
        .runs()
        .iter()
        .map(|r| format!("#{} {} x {}", r.call, r.operation, r.failure))
        .collect();
    assert_eq!(
        tried,
        [
            "#2 PutObject x InvalidRequest",
            "#2 PutObject x InvalidWriteOffset",
            "#2 PutObject x TooManyParts",
            "#2 PutObject x EncryptionTypeMismatch",
            "#2 PutObject x NoSuchBucket (documented, Bucket)",
            "#2 PutObject x SlowDown (throttling)",
            "#2 PutObject x AccessDenied (documented, every call)",
            "#2 PutObject x ExpiredToken (documented, every call)",
            "#2 PutObject x InternalError (500)",
            "#2 PutObject x timeout",
            "#2 PutObject x dropped connection",
        ]
    );

    let report = sweep(body)
        .kinds([FailureKind::Throttling, FailureKind::DroppedConnection])
        .budget(3)
        .report()
        .await;
    let tried: Vec<String> = report
        .runs()
        .iter()
        .map(|r| format!("#{} {} x {}", r.call, r.operation, r.failure))
        .collect();
    assert_eq!(
        tried,
        [
            "#1 GetObject x SlowDown (throttling)",
            "#1 GetObject x dropped connection",
            "#2 PutObject x SlowDown (throttling)",
        ]
    );
    assert_eq!(report.not_run(), 1);
    assert!(report.to_string().contains(
        "1 more run(s) were not made: the budget is 3 runs (Sweep::budget; narrow the sweep \
         with Sweep::operations or Sweep::kinds).\n"
    ));
    assert_eq!(
        Failure::Throttling {
            code: "SlowDown".into(),
            status: 503
        },
        report.runs()[0].failure
    );
}

#[tokio::test]
async fn a_check_rejects_outcomes_the_user_does_not_accept() {
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        queue_config(&stubber);
        // The bug: every failure reads as an empty file.
        Ok::<_, String>(read_fixed(&s3).await.unwrap_or_default())
    })
    .kinds([FailureKind::Modeled])
    .check(|run| matches!(run.returned, Some(Err(_))))
    .report()
    .await;
    assert!(!report.passed());
    assert_eq!(
        report.to_string().lines().take(3).collect::<Vec<_>>(),
        [
            "aws-stubber: the sweep found 2 run(s) that fail, of 2 failure(s) over 1 call(s):",
            "    the check rejects a run that returned on call #1 GetObject, for 2 failures: \
             NoSuchKey, InvalidObjectState",
            "    call  operation     failure             outcome",
        ]
    );
}

#[tokio::test]
async fn the_written_run_must_pass_first() {
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        queue_copy(&stubber);
        read_fixed(&s3).await
    })
    .report()
    .await;
    assert!(report.runs().is_empty());
    assert_eq!(
        report.to_string(),
        format!(
            "aws-stubber: the sweep tried no failure: the written run (every call answered as queued) \
         must pass first, and it did not use its stubber as queued:\n\
         aws-stubber: 1 response(s) remaining in queue (1 of 2 used):\n\
         \x20   #2 PutObject -> output PutObjectOutput (queued at tests/it/sweep.rs:{}:10)",
            line_of("fn queue_copy") + 3
        )
    );

    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        read_fixed(&s3).await
    })
    .report()
    .await;
    let why = report.written_run_failure().unwrap();
    assert!(
        why.starts_with("returned an error: \"get: dispatch failure\""),
        "{why}"
    );
}

#[tokio::test]
async fn fixtures_and_other_services_join_the_run() {
    use aws_sdk_iam::operation::get_user::GetUserOutput;
    use aws_sdk_iam::types::User;
    let report = sweep(|_| async {
        // rstest fixtures made in the body: each run gets its own.
        let iam = aws_stubber::stubbed::iam();
        let ec2 = aws_stubber::stubbed::ec2();
        let user = User::builder()
            .user_name("ana")
            .user_id("AIDAEXAMPLE")
            .arn("arn:aws:iam::123456789012:user/ana")
            .path("/")
            .create_date(aws_sdk_iam::primitives::DateTime::from_secs(0))
            .build()
            .unwrap();
        iam.add_response(
            op!(aws_sdk_iam::Client::get_user),
            GetUserOutput::builder().user(user).build(),
        );
        ec2.add_response(
            op!(aws_sdk_ec2::Client::describe_vpcs),
            aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput::builder().build(),
        );
        let user = iam.client.get_user().send().await;
        let vpcs = ec2.client.describe_vpcs().send().await;
        match (user, vpcs) {
            (Ok(_), Ok(_)) => Ok(()),
            (Err(e), _) => Err(e.code().unwrap_or("no code").to_string()),
            (_, Err(e)) => Err(e.code().unwrap_or("no code").to_string()),
        }
    })
    .kinds([FailureKind::Modeled, FailureKind::Throttling])
    .report()
    .await;
    assert!(report.passed(), "{report}");
    let codes: Vec<String> = report
        .runs()
        .iter()
        .map(|r| format!("#{} {} {}: {}", r.call, r.service, r.operation, r.outcome))
        .collect();
    assert_eq!(
        codes,
        [
            "#1 IAM GetUser: returned an error: \"NoSuchEntity\"",
            "#1 IAM GetUser: returned an error: \"ServiceFailure\"",
            "#1 IAM GetUser: returned an error: \"Throttling\"",
            "#2 EC2 DescribeVpcs: returned an error: \"RequestLimitExceeded\"",
        ]
    );
}

#[tokio::test]
async fn a_recorded_fixture_file_is_swept_call_by_call() {
    let report = sweep(|_| async {
        let stubber = Stubber::fixture("tests/fixtures/buckets.json").unwrap();
        let s3 = client!(aws_sdk_s3, &stubber);
        s3.list_buckets()
            .send()
            .await
            .map(|_| ())
            .map_err(|e| e.code().map(str::to_string))
    })
    .report()
    .await;
    assert!(report.passed(), "{report}");
    let outcomes: Vec<String> = report
        .runs()
        .iter()
        .map(|r| format!("{}: {}", r.failure, r.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            "SlowDown (throttling): returned an error: Some(\"SlowDown\")",
            // The SDK reads the documented errors' codes as AWS sends them.
            "AccessDenied (documented, every call): returned an error: Some(\"AccessDenied\")",
            "ExpiredToken (documented, every call): returned an error: Some(\"ExpiredToken\")",
            "InternalError (500): returned an error: Some(\"InternalError\")",
            "timeout: returned an error: None",
            "dropped connection: returned an error: None",
        ]
    );
}

/// Copies an object, and deletes the copy's marker when the copy fails: a cleanup the code
/// makes only after a failure.
async fn copy_with_cleanup(s3: &aws_sdk_s3::Client) -> Result<(), String> {
    s3.put_object()
        .bucket("b")
        .key("marker")
        .send()
        .await
        .map_err(|e| e.code().unwrap_or("put").to_string())?;
    if let Err(e) = s3.head_bucket().bucket("b").send().await {
        s3.delete_object()
            .bucket("b")
            .key("marker")
            .send()
            .await
            .map_err(|e| format!("cleanup: {}", e.code().unwrap_or("delete")))?;
        return Err(e.code().unwrap_or("head").to_string());
    }
    Ok(())
}

#[tokio::test]
async fn an_optional_entry_answers_a_cleanup_in_failure_runs_and_may_go_unused() {
    use aws_sdk_s3::operation::delete_object::DeleteObjectOutput;
    let report = sweep(|stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        stubber.add_response(
            op!(aws_sdk_s3::Client::put_object),
            PutObjectOutput::builder().build(),
        );
        stubber.add_response(
            op!(aws_sdk_s3::Client::head_bucket),
            HeadBucketOutput::builder().build(),
        );
        stubber
            .add_response(
                op!(aws_sdk_s3::Client::delete_object),
                DeleteObjectOutput::builder().build(),
            )
            .optional();
        copy_with_cleanup(&s3).await
    })
    .kinds([FailureKind::Modeled, FailureKind::Timeout])
    .check(|run| matches!(run.returned, Some(Err(_))))
    .report()
    .await;
    // The written run never makes the cleanup: the optional entry is not reported.
    assert!(report.passed(), "{report}");
    let head: Vec<&aws_stubber::sweep::Run<Result<(), String>>> = report
        .runs()
        .iter()
        .filter(|r| r.operation == "HeadBucket")
        .collect();
    assert!(!head.is_empty());
    for run in head {
        // The cleanup took its entry: nothing went on unanswered, nothing was left.
        assert!(run.went_on.is_empty(), "{run:?}");
        assert_eq!(run.entries_left, 0, "{run:?}");
        assert!(
            !format!("{:?}", run.returned).contains("cleanup"),
            "{run:?}"
        );
    }
    // The cleanup is swept itself, in the first run that reached it: HeadBucket's NoSuchBucket,
    // then each failure of DeleteObject's catalogue (of the kinds asked for).
    let cleanup: Vec<String> = report
        .runs()
        .iter()
        .filter(|r| r.after.is_some())
        .map(|r| format!("#{} {} {:?}", r.call, r.operation, r.returned))
        .collect();
    assert_eq!(
        cleanup,
        ["#3 DeleteObject Some(Err(\"cleanup: delete\"))"],
        "{report}"
    );
    let earlier = report.runs().last().unwrap().after.clone().unwrap();
    assert_eq!(
        earlier,
        aws_stubber::sweep::Earlier {
            call: 2,
            operation: "HeadBucket".into(),
            failure: Failure::Modeled {
                code: "NoSuchBucket".into(),
                status: 404
            }
        }
    );
    assert!(
        report
            .to_string()
            .contains("#3    S3 DeleteObject  timeout after #2 HeadBucket: NoSuchBucket  returned an error: \"cleanup: delete\""),
        "{report}"
    );
}

#[tokio::test]
async fn a_strict_call_skips_the_optional_entries_before_its_own() {
    use aws_sdk_s3::operation::delete_object::DeleteObjectOutput;
    let stubber = Stubber::new();
    let s3 = client!(aws_sdk_s3, &stubber);
    stubber.add_response(
        op!(aws_sdk_s3::Client::put_object),
        PutObjectOutput::builder().build(),
    );
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::delete_object),
            DeleteObjectOutput::builder().build(),
        )
        .optional();
    stubber.add_response(
        op!(aws_sdk_s3::Client::head_bucket),
        HeadBucketOutput::builder().build(),
    );
    copy_with_cleanup(&s3).await.unwrap();
    stubber.assert_no_pending_responses();
}

/// The code and HTTP status of an SDK error, as code that matches on them reads them.
type CodeAndStatus = Result<(), (Option<String>, Option<u16>)>;

fn code_and_status<T, E: aws_sdk_s3::error::ProvideErrorMetadata>(
    result: Result<T, aws_sdk_s3::error::SdkError<E, aws_sdk_s3::config::http::HttpResponse>>,
) -> CodeAndStatus {
    result.map(|_| ()).map_err(|e| {
        let status = e.raw_response().map(|r| r.status().as_u16());
        (e.code().map(str::to_string), status)
    })
}

/// Each run's failure and what the body returned.
fn failures_and_returns(report: &aws_stubber::sweep::Report<CodeAndStatus>) -> Vec<String> {
    report
        .runs()
        .iter()
        .map(|r| format!("{}: {:?}", r.failure, r.returned.as_ref().unwrap()))
        .collect()
}

/// The errors AWS documents and the models leave out, as the SDK reads them: EC2's codes for
/// an instance id that does not exist or is not one (what a `DescribeInstances` by id and the
/// waiters meet), S3's `NoSuchBucket` on an upload, each with its status.
#[tokio::test]
async fn documented_errors_reach_the_code_as_the_sdk_reads_them() {
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
    let report = sweep(|stubber: Stubber| async move {
        let ec2 = client!(aws_sdk_ec2, &stubber);
        stubber.add_response(
            op!(aws_sdk_ec2::Client::describe_instances),
            DescribeInstancesOutput::builder().build(),
        );
        code_and_status(ec2.describe_instances().instance_ids("i-1").send().await)
    })
    .kinds([FailureKind::Documented])
    .report()
    .await;
    assert!(report.passed(), "{report}");
    assert_eq!(
        failures_and_returns(&report),
        [
            "InvalidInstanceID.NotFound (documented, InstanceIds): \
             Err((Some(\"InvalidInstanceID.NotFound\"), Some(400)))",
            "InvalidInstanceID.Malformed (documented, InstanceIds): \
             Err((Some(\"InvalidInstanceID.Malformed\"), Some(400)))",
            "UnauthorizedOperation (documented, every call): \
             Err((Some(\"UnauthorizedOperation\"), Some(403)))",
            "AuthFailure (documented, every call): Err((Some(\"AuthFailure\"), Some(401)))",
        ]
    );

    let report = sweep(|stubber: Stubber| async move {
        let s3 = client!(aws_sdk_s3, &stubber);
        stubber.add_response(
            op!(aws_sdk_s3::Client::put_object),
            PutObjectOutput::builder().build(),
        );
        code_and_status(s3.put_object().bucket("app").key("k").send().await)
    })
    .kinds([FailureKind::Documented])
    .report()
    .await;
    assert_eq!(
        failures_and_returns(&report),
        [
            "NoSuchBucket (documented, Bucket): Err((Some(\"NoSuchBucket\"), Some(404)))",
            "AccessDenied (documented, every call): Err((Some(\"AccessDenied\"), Some(403)))",
            "ExpiredToken (documented, every call): Err((Some(\"ExpiredToken\"), Some(400)))",
        ]
    );
    assert!(
        Failure::Documented {
            code: "NoSuchBucket".into(),
            status: 404,
            source: "Bucket"
        }
        .persists()
    );
}
