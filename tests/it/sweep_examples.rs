//! Each seed example swept: every call of its written test answered in turn with every
//! failure it can meet. None panics or hangs; every failure comes back as the example's
//! error (the check), and what the examples leave out on purpose is in README.md.

use aws_stubber::stubbed::*;
use aws_stubber::sweep;
use aws_stubber::sweep::Report;

use crate::scenarios::*;

/// Every failure must come back as an error of the example's function.
fn every_failure_is_an_error<T, E>(run: &aws_stubber::sweep::Run<Result<T, E>>) -> bool {
    matches!(run.returned, Some(Err(_)))
}

/// Sweeps `body` with that check; the sweep must pass.
async fn swept<F, Fut, T, E>(body: F) -> Report<Result<T, E>>
where
    F: Fn(aws_stubber::Stubber) -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
    T: 'static,
    E: std::fmt::Debug + 'static,
{
    let report = sweep(body).check(every_failure_is_an_error).report().await;
    assert!(report.passed(), "{report}");
    report
}

/// The calls of the written run, as `Service Operation`.
fn calls<R>(report: &Report<R>) -> Vec<String> {
    report
        .written_calls()
        .iter()
        .map(|(service, operation)| format!("{service} {operation}"))
        .collect()
}

#[tokio::test]
async fn s3_keys_every_page_call_is_swept() {
    let report = swept(|_| async {
        let s3 = s3();
        s3_keys::queue_three_pages(&s3, "my-bucket", "logs/");
        s3_keys::last_keys(&s3.client, "my-bucket", "logs/", 2).await
    })
    .await;
    assert_eq!(calls(&report), ["S3 ListObjectsV2"; 3]);
    // NoSuchBucket, SlowDown, AccessDenied, ExpiredToken, InternalError, timeout, dropped
    // connection: for each page.
    assert_eq!(report.runs().len(), 21);
    let on_third_page = report.runs().iter().filter(|r| r.call == 3).count();
    assert_eq!(on_third_page, 7);
}

#[tokio::test]
async fn ec2_launch() {
    let report = swept(|_| async {
        let ec2 = ec2();
        ec2_launch::queue_launch(&ec2);
        ec2_launch::launch(&ec2.client, "ami-12345678", 2, "sg-web", "web").await
    })
    .await;
    assert!(!report.runs().is_empty());
}

#[tokio::test]
async fn security_groups() {
    let report = swept(|_| async {
        let ec2 = ec2();
        security_groups::queue_web_group(&ec2);
        security_groups::web_group(&ec2.client, "vpc-1").await
    })
    .await;
    assert_eq!(
        calls(&report),
        [
            "EC2 CreateSecurityGroup",
            "EC2 AuthorizeSecurityGroupIngress",
            "EC2 AuthorizeSecurityGroupEgress",
            "EC2 RevokeSecurityGroupIngress",
        ]
    );
}

#[tokio::test]
async fn iam_users() {
    swept(|_| async {
        let iam = iam();
        iam_users::queue_onboarding(&iam);
        iam_users::onboard(&iam.client, &["alice", "bob"], "admins", "alice").await
    })
    .await;
}

#[tokio::test]
async fn rds_setup_over_two_services() {
    let report = swept(|_| async {
        let (ec2, rds) = (ec2(), rds());
        rds_setup::queue_database(&ec2, &rds);
        rds_setup::database_in_vpc(&ec2.client, &rds.client, "vpc-1").await
    })
    .await;
    let services: std::collections::BTreeSet<&str> =
        report.runs().iter().map(|r| r.service.as_str()).collect();
    assert_eq!(services, ["EC2", "RDS"].into());
}

#[tokio::test]
async fn route53_records() {
    let report = swept(|_| async {
        let route53 = route53();
        route53_records::queue_zone(&route53);
        route53_records::zone_with_www(&route53.client, "example.com").await
    })
    .await;
    assert_eq!(
        calls(&report),
        [
            "Route 53 CreateHostedZone",
            "Route 53 ChangeResourceRecordSets",
            "Route 53 ListResourceRecordSets",
            "Route 53 ListResourceRecordSets",
        ]
    );
}

#[tokio::test]
async fn autoscaling_groups() {
    swept(|_| async {
        let autoscaling = autoscaling();
        autoscaling_groups::queue_groups(&autoscaling);
        autoscaling_groups::create_groups(&autoscaling.client, "lt-0abc").await
    })
    .await;
}
