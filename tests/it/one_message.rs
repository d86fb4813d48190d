//! The whole output of the three common mistakes (the calls in another order than queued, a
//! call with nothing queued, an input other than expected), as a test that makes them prints
//! it: with `unwrap()`, with `?` in a test returning `Result`, and with an rstest fixture.
//! Each mistake is made in a copy of this test binary (the test that makes it fails there);
//! the test here pins what the copy printed.

use std::error::Error;

use aws_sdk_s3::operation::get_object::GetObjectOutput;
use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_stubber::stubbed::{StubbedS3, s3};
use aws_stubber::{Stubber, client, op};
use rstest::rstest;

use crate::support::{CHILD, in_a_child};

/// Runs the test `name` in a copy of this binary, where it fails, and returns what it printed
/// (the harness's own lines and the panic's thread id left out, the backtrace hint kept out by
/// `RUST_BACKTRACE=0`).
fn output_of_the_failing_copy(name: &str) -> String {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 failed"),
        "{name} did not fail:\n{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .lines()
        .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .map(|l| match (l.find("' ("), l.find(") panicked at ")) {
            // `thread 'name' (12345) panicked at`: the id changes from run to run.
            (Some(open), Some(close)) if open < close => {
                format!("{}'{}", &l[..open], &l[close + 1..])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// In the copy, the mistake; here, the check of what the copy printed.
macro_rules! pinned {
    ($name:expr, $expected:expr) => {
        pinned!($name, $expected, ())
    };
    ($name:expr, $expected:expr, $done:expr) => {
        if !in_a_child() {
            let printed = output_of_the_failing_copy(&format!("one_message::{}", $name));
            assert_eq!(printed, $expected, "{printed}");
            return $done;
        }
    };
}

fn queue_list_then_get(stubber: &Stubber) {
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    stubber
        .add_response(
            op!(aws_sdk_s3::Client::get_object),
            GetObjectOutput::builder().build(),
        )
        .expect_input(|i| i.bucket("app").key("config"));
}

/// The three mistakes, each as a function of the client that makes it after queueing on the
/// stubber: the result of the call that goes wrong.
async fn wrong_order(s3: &aws_sdk_s3::Client, stubber: &Stubber) -> Result<(), Box<dyn Error>> {
    queue_list_then_get(stubber);
    s3.get_object().bucket("app").key("config").send().await?;
    Ok(())
}

async fn missing_answer(s3: &aws_sdk_s3::Client, stubber: &Stubber) -> Result<(), Box<dyn Error>> {
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    s3.list_buckets().send().await?;
    s3.list_buckets().send().await?;
    Ok(())
}

async fn wrong_input(s3: &aws_sdk_s3::Client, stubber: &Stubber) -> Result<(), Box<dyn Error>> {
    stubber.add_response(
        op!(aws_sdk_s3::Client::list_buckets),
        ListBucketsOutput::builder().build(),
    );
    s3.list_buckets().send().await?;
    queue_list_then_get(stubber);
    s3.list_buckets().send().await?;
    s3.get_object().bucket("app").key("settings").send().await?;
    Ok(())
}

macro_rules! mistake {
    ($mistake:ident, $unwrap:ident, $question:ident, $fixture:ident, [$e1:expr, $e2:expr, $e3:expr]) => {
        #[tokio::test]
        async fn $unwrap() {
            pinned!(stringify!($unwrap), $e1);
            let stubber = Stubber::new();
            let s3 = client!(aws_sdk_s3, &stubber);
            $mistake(&s3, &stubber).await.unwrap();
        }

        #[tokio::test]
        async fn $question() -> Result<(), Box<dyn Error>> {
            pinned!(stringify!($question), $e2, Ok(()));
            let stubber = Stubber::new();
            let s3 = client!(aws_sdk_s3, &stubber);
            $mistake(&s3, &stubber).await?;
            Ok(())
        }

        #[rstest]
        #[tokio::test]
        async fn $fixture(s3: StubbedS3) {
            pinned!(stringify!($fixture), $e3);
            $mistake(&s3.client, &s3).await.unwrap();
        }
    };
}

mistake!(
    wrong_order,
    wrong_order_unwrap,
    wrong_order_question_mark,
    wrong_order_fixture,
    [
        WRONG_ORDER_UNWRAP,
        WRONG_ORDER_QUESTION_MARK,
        WRONG_ORDER_FIXTURE
    ]
);
mistake!(
    missing_answer,
    missing_answer_unwrap,
    missing_answer_question_mark,
    missing_answer_fixture,
    [
        MISSING_ANSWER_UNWRAP,
        MISSING_ANSWER_QUESTION_MARK,
        MISSING_ANSWER_FIXTURE
    ]
);
mistake!(
    wrong_input,
    wrong_input_unwrap,
    wrong_input_question_mark,
    wrong_input_fixture,
    [
        WRONG_INPUT_UNWRAP,
        WRONG_INPUT_QUESTION_MARK,
        WRONG_INPUT_FIXTURE
    ]
);

// What the copies print, pinned whole.
const WRONG_ORDER_UNWRAP: &str = r#"
thread 'one_message::wrong_order_unwrap' panicked at tests/it/one_message.rs:132:1:
called `Result::unwrap()` on an `Err` value: DispatchFailure(DispatchFailure { source: ConnectorError { kind: Other(None), source: StubError(OperationMismatch):

aws-stubber: call #1 to S3 GetObject does not match queue entry #1 ListBuckets (queued at tests/it/one_message.rs:62:13): operation mismatch
    expected: ListBuckets
    received: GetObject
The entry stays queued. Queue responses in the order the code makes its calls, or use Stubber::unordered().

, connection: Unknown } })
aws-stubber: 1 other response(s) remaining in queue (0 of 2 used):
    #2 GetObject -> output GetObjectOutput (queued at tests/it/one_message.rs:67:10)
(reported while the thread was already panicking)"#;
const WRONG_ORDER_QUESTION_MARK: &str = r#"
thread 'one_message::wrong_order_question_mark' panicked at src/queue/stubber.rs:344:17:
aws-stubber: 1 stubbed call(s) failed during the test (the test did not panic with the error: it is returning it, which is not printed after this, or the code under test swallowed it):
1. aws-stubber: call #1 to S3 GetObject does not match queue entry #1 ListBuckets (queued at tests/it/one_message.rs:62:13): operation mismatch
    expected: ListBuckets
    received: GetObject
The entry stays queued. Queue responses in the order the code makes its calls, or use Stubber::unordered().

aws-stubber: 1 other response(s) remaining in queue (0 of 2 used):
    #2 GetObject -> output GetObjectOutput (queued at tests/it/one_message.rs:67:10)
(reported when the Stubber made at tests/it/one_message.rs:132:1 was dropped; call assert_no_pending_responses() to check earlier, or verify_on_drop(false) to opt out)"#;
const WRONG_ORDER_FIXTURE: &str = r#"
thread 'one_message::wrong_order_fixture' panicked at tests/it/one_message.rs:132:1:
called `Result::unwrap()` on an `Err` value: DispatchFailure(DispatchFailure { source: ConnectorError { kind: Other(None), source: StubError(OperationMismatch):

aws-stubber: call #1 to S3 GetObject does not match queue entry #1 ListBuckets (queued at tests/it/one_message.rs:62:13): operation mismatch
    expected: ListBuckets
    received: GetObject
The entry stays queued. Queue responses in the order the code makes its calls, or use Stubber::unordered().

, connection: Unknown } })
aws-stubber: 1 other response(s) remaining in queue (0 of 2 used):
    #2 GetObject -> output GetObjectOutput (queued at tests/it/one_message.rs:67:10)
(reported while the thread was already panicking)"#;
const MISSING_ANSWER_UNWRAP: &str = r#"
thread 'one_message::missing_answer_unwrap' panicked at tests/it/one_message.rs:143:1:
called `Result::unwrap()` on an `Err` value: DispatchFailure(DispatchFailure { source: ConnectorError { kind: Other(None), source: StubError(UnexpectedCall):

aws-stubber: unexpected call #2 to S3 ListBuckets: no response is queued (1 of 1 queued responses were used).
Queue one with add_response/add_client_error before the code makes this call, or remove the call.
Input:
    ListBucketsInput {
        max_buckets: None,
        continuation_token: None,
        prefix: None,
        bucket_region: None,
    }


, connection: Unknown } })"#;
const MISSING_ANSWER_QUESTION_MARK: &str = r#"
thread 'one_message::missing_answer_question_mark' panicked at src/queue/stubber.rs:344:17:
aws-stubber: 1 stubbed call(s) failed during the test (the test did not panic with the error: it is returning it, which is not printed after this, or the code under test swallowed it):
1. aws-stubber: unexpected call #2 to S3 ListBuckets: no response is queued (1 of 1 queued responses were used).
Queue one with add_response/add_client_error before the code makes this call, or remove the call.
Input:
    ListBucketsInput {
        max_buckets: None,
        continuation_token: None,
        prefix: None,
        bucket_region: None,
    }
(reported when the Stubber made at tests/it/one_message.rs:143:1 was dropped; call assert_no_pending_responses() to check earlier, or verify_on_drop(false) to opt out)"#;
const MISSING_ANSWER_FIXTURE: &str = r#"
thread 'one_message::missing_answer_fixture' panicked at tests/it/one_message.rs:143:1:
called `Result::unwrap()` on an `Err` value: DispatchFailure(DispatchFailure { source: ConnectorError { kind: Other(None), source: StubError(UnexpectedCall):

aws-stubber: unexpected call #2 to S3 ListBuckets: no response is queued (1 of 1 queued responses were used).
Queue one with add_response/add_client_error before the code makes this call, or remove the call.
Input:
    ListBucketsInput {
        max_buckets: None,
        continuation_token: None,
        prefix: None,
        bucket_region: None,
    }


, connection: Unknown } })"#;
const WRONG_INPUT_UNWRAP: &str = r#"
thread 'one_message::wrong_input_unwrap' panicked at tests/it/one_message.rs:154:1:
called `Result::unwrap()` on an `Err` value: DispatchFailure(DispatchFailure { source: ConnectorError { kind: Other(None), source: StubError(InputMismatch):

aws-stubber: call #3 to S3 GetObject does not match queue entry #3 GetObject (queued at tests/it/one_message.rs:67:10): input differs from the expectation (only the fields it sets are compared):
--- expected
+++ received
  GetObjectInput {
      bucket: Some("app"),
-     key: Some("config"),
+     key: Some("settings"),
      ..
  }
The entry stays queued.

, connection: Unknown } })"#;
const WRONG_INPUT_QUESTION_MARK: &str = r#"
thread 'one_message::wrong_input_question_mark' panicked at src/queue/stubber.rs:344:17:
aws-stubber: 1 stubbed call(s) failed during the test (the test did not panic with the error: it is returning it, which is not printed after this, or the code under test swallowed it):
1. aws-stubber: call #3 to S3 GetObject does not match queue entry #3 GetObject (queued at tests/it/one_message.rs:67:10): input differs from the expectation (only the fields it sets are compared):
--- expected
+++ received
  GetObjectInput {
      bucket: Some("app"),
-     key: Some("config"),
+     key: Some("settings"),
      ..
  }
The entry stays queued.
(reported when the Stubber made at tests/it/one_message.rs:154:1 was dropped; call assert_no_pending_responses() to check earlier, or verify_on_drop(false) to opt out)"#;
const WRONG_INPUT_FIXTURE: &str = r#"
thread 'one_message::wrong_input_fixture' panicked at tests/it/one_message.rs:154:1:
called `Result::unwrap()` on an `Err` value: DispatchFailure(DispatchFailure { source: ConnectorError { kind: Other(None), source: StubError(InputMismatch):

aws-stubber: call #3 to S3 GetObject does not match queue entry #3 GetObject (queued at tests/it/one_message.rs:67:10): input differs from the expectation (only the fields it sets are compared):
--- expected
+++ received
  GetObjectInput {
      bucket: Some("app"),
-     key: Some("config"),
+     key: Some("settings"),
      ..
  }
The entry stays queued.

, connection: Unknown } })"#;
