//! The sweep over every protocol: each modeled error of an operation's catalogue, and its
//! service's throttling error, reaches the SDK with the code the catalogue names, and the
//! modeled ones as the operation's typed error (not `Unhandled`).

use aws_stubber::sweep::{FailureKind, Report};
use aws_stubber::{client, op, sweep};

type Seen = Result<(), (Option<String>, bool)>;

/// What went wrong with each run: the code the SDK read differs from the failure's, or a
/// modeled error reached the code as `Unhandled`.
fn misread(report: &Report<Seen>) -> Vec<String> {
    let mut wrong = Vec::new();
    for run in report.runs() {
        let (code, unhandled) = match &run.returned {
            Some(Err(seen)) => seen.clone(),
            other => {
                wrong.push(format!("{} {}: {other:?}", run.operation, run.failure));
                continue;
            }
        };
        let expected = match &run.failure {
            aws_stubber::sweep::Failure::Modeled { code, .. } => (code.clone(), true),
            aws_stubber::sweep::Failure::Throttling { code, .. } => (code.clone(), false),
            other => panic!("{other:?} was not asked for"),
        };
        if code.as_deref() != Some(expected.0.as_str()) || (expected.1 && unhandled) {
            wrong.push(format!(
                "{} {}: read as {code:?}{}",
                run.operation,
                run.failure,
                if unhandled { ", Unhandled" } else { "" }
            ));
        }
    }
    wrong
}

macro_rules! codes_reach_the_sdk {
    ($name:ident, $krate:ident, $method:ident, |$c:ident| $call:expr, $runs:expr) => {
        #[tokio::test]
        async fn $name() {
            let report = sweep(|stubber| async move {
                let $c = client!($krate, &stubber);
                stubber.add_empty_response(op!($krate::Client::$method));
                match $call.await {
                    Ok(_) => Ok(()),
                    Err(e) => {
                        let code =
                            $krate::error::ProvideErrorMetadata::code(&e).map(str::to_string);
                        let typed = format!("{:?}", e.into_service_error());
                        Err((code, typed.starts_with("Unhandled")))
                    }
                }
            })
            .kinds([FailureKind::Modeled, FailureKind::Throttling])
            .report()
            .await;
            assert!(report.passed(), "{report}");
            assert_eq!(report.runs().len(), $runs, "{report}");
            assert_eq!(misread(&report), Vec::<String>::new(), "{report}");
        }
    };
}

// awsJson 1.0
codes_reach_the_sdk!(
    dynamodb_get_item,
    aws_sdk_dynamodb,
    get_item,
    |c| c
        .get_item()
        .table_name("users")
        .key("id", aws_sdk_dynamodb::types::AttributeValue::S("1".into()))
        .send(),
    5
);
// awsJson 1.1
codes_reach_the_sdk!(
    kinesis_describe_stream,
    aws_sdk_kinesis,
    describe_stream,
    |c| c.describe_stream().stream_name("events").send(),
    4
);
// awsJson 1.0, query-compatible error codes
codes_reach_the_sdk!(
    sqs_get_queue_url,
    aws_sdk_sqs,
    get_queue_url,
    |c| c.get_queue_url().queue_name("jobs").send(),
    5
);
// awsQuery
codes_reach_the_sdk!(
    sts_assume_role,
    aws_sdk_sts,
    assume_role,
    |c| c
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/reader")
        .role_session_name("test")
        .send(),
    5
);
// awsJson 1.1
codes_reach_the_sdk!(
    secretsmanager_get_secret_value,
    aws_sdk_secretsmanager,
    get_secret_value,
    |c| c.get_secret_value().secret_id("db").send(),
    6
);
// restXml
codes_reach_the_sdk!(
    route53_get_hosted_zone,
    aws_sdk_route53,
    get_hosted_zone,
    |c| c.get_hosted_zone().id("Z1").send(),
    3
);
// ec2Query: no declared errors, only the throttling
codes_reach_the_sdk!(
    ec2_describe_vpcs,
    aws_sdk_ec2,
    describe_vpcs,
    |c| c.describe_vpcs().send(),
    1
);
