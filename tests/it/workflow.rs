//! The whole recording workflow against moto, for S3, EC2 and Route 53: record -> pending ->
//! review -> accept -> replay with moto stopped -> change the code -> pending diff -> reject
//! -> expiry fails, then re-records -> new episodes -> drift, none and then after moto's
//! state changed.

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_stubber::fixture::{Fixture, FixtureErrorKind};
use aws_stubber::record::{FixtureOptions, RecordMode, WhenExpired};
use aws_stubber::{Stubber, client};

use crate::cli::tool;
use crate::moto::{Moto, start_moto, start_moto_on};
use crate::support::TempDir;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Service {
    S3,
    Ec2,
    Route53,
}

/// Which version of the test's code runs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Code {
    First,
    /// One request changed.
    Changed,
    /// The first version and one more call.
    Extended,
}

/// A call's outcome as the code under test sees it: the output, or the error's code and
/// message.
pub(crate) fn shown<T: Debug, E: ProvideErrorMetadata>(result: Result<T, E>) -> String {
    match result {
        Ok(output) => format!("{output:?}"),
        Err(err) => format!("Err({:?}: {:?})", err.code(), err.message()),
    }
}

async fn workload(service: Service, stubber: &Stubber, code: Code) -> Vec<String> {
    let extended = code == Code::Extended;
    let changed = code == Code::Changed;
    match service {
        Service::S3 => {
            let s3 = client!(aws_sdk_s3, stubber);
            let prefix = if changed { "data/" } else { "logs/" };
            let mut seen = vec![
                shown(s3.create_bucket().bucket("cycle-bucket").send().await),
                shown(
                    s3.list_objects_v2()
                        .bucket("cycle-bucket")
                        .prefix(prefix)
                        .send()
                        .await,
                ),
            ];
            if extended {
                seen.push(shown(
                    s3.list_objects_v2().bucket("no-such-bucket").send().await,
                ));
            }
            seen
        }
        Service::Ec2 => {
            let ec2 = client!(aws_sdk_ec2, stubber);
            let description = if changed {
                "web servers, v2"
            } else {
                "web servers"
            };
            let group_names = aws_sdk_ec2::types::Filter::builder()
                .name("group-name")
                .values("web")
                .values("db")
                .build();
            let mut seen = vec![
                shown(
                    ec2.create_security_group()
                        .group_name("web")
                        .description(description)
                        .send()
                        .await,
                ),
                shown(
                    ec2.describe_security_groups()
                        .filters(group_names)
                        .send()
                        .await,
                ),
            ];
            if extended {
                seen.push(shown(ec2.describe_regions().send().await));
            }
            seen
        }
        Service::Route53 => {
            let r53 = client!(aws_sdk_route53, stubber);
            let reference = if changed { "cycle-2" } else { "cycle-1" };
            let mut seen = vec![
                shown(
                    r53.create_hosted_zone()
                        .name("example.com")
                        .caller_reference(reference)
                        .send()
                        .await,
                ),
                shown(r53.list_hosted_zones().send().await),
            ];
            if extended {
                seen.push(shown(r53.list_health_checks().send().await));
            }
            seen
        }
    }
}

/// Changes moto's state behind the test's back: what the service answers now differs.
async fn change_state(service: Service, stubber: &Stubber) {
    match service {
        Service::S3 => {
            let s3 = client!(aws_sdk_s3, stubber);
            s3.create_bucket()
                .bucket("cycle-bucket")
                .send()
                .await
                .unwrap();
            s3.put_object()
                .bucket("cycle-bucket")
                .key("logs/a.txt")
                .body(aws_sdk_s3::primitives::ByteStream::from_static(b"a"))
                .send()
                .await
                .unwrap();
        }
        Service::Ec2 => {
            let ec2 = client!(aws_sdk_ec2, stubber);
            ec2.create_security_group()
                .group_name("db")
                .description("databases")
                .send()
                .await
                .unwrap();
        }
        Service::Route53 => {
            let r53 = client!(aws_sdk_route53, stubber);
            r53.create_hosted_zone()
                .name("example.org")
                .caller_reference("other")
                .send()
                .await
                .unwrap();
        }
    }
}

/// The fields moto makes anew on every run, which a drift check leaves out.
fn per_run(service: Service) -> &'static [&'static str] {
    match service {
        Service::S3 => &[],
        Service::Ec2 => &["groupId", "securityGroupArn", "vpcId"],
        Service::Route53 => &["Id", "location"],
    }
}

/// Whether moto answers the first version the same on every run (no generated ids).
fn same_answers_every_run(service: Service) -> bool {
    service == Service::S3
}

fn operations(service: Service) -> [&'static str; 3] {
    match service {
        Service::S3 => ["S3 CreateBucket", "S3 ListObjectsV2", "S3 ListObjectsV2"],
        Service::Ec2 => [
            "EC2 CreateSecurityGroup",
            "EC2 DescribeSecurityGroups",
            "EC2 DescribeRegions",
        ],
        Service::Route53 => [
            "Route 53 CreateHostedZone",
            "Route 53 ListHostedZones",
            "Route 53 ListHealthChecks",
        ],
    }
}

pub(crate) fn live(moto: &Moto) -> FixtureOptions {
    FixtureOptions::new()
        .record_on_ci(true)
        .endpoint(&moto.url)
        .credentials(Credentials::new(
            "AKIDCYCLE00000000001",
            "cycleSecretMustNotLeak",
            None,
            None,
            "test",
        ))
}

fn replay_only() -> FixtureOptions {
    FixtureOptions::new().mode(RecordMode::None)
}

/// Runs `aws-stubber-fixture` and returns what it printed; it must succeed.
pub(crate) fn run_tool(args: &[&str]) -> String {
    let (ok, out, err) = tool(args);
    assert!(ok, "aws-stubber-fixture {args:?} failed: {err}");
    out
}

pub(crate) fn pending(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.new", path.display()))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

async fn cycle(service: Service) {
    let Some(moto) = start_moto() else { return };
    let dir = TempDir::new();
    let path = dir.join("cycle.json");
    let shown_dir = dir.path().to_string_lossy().into_owned();
    let ops = operations(service);

    // 1. Record: the new fixture waits for review, and replaying it fails until then.
    let recorder = Stubber::fixture_with(&path, live(&moto).mode(RecordMode::Missing)).unwrap();
    assert!(recorder.is_recording());
    let live_run = workload(service, &recorder, Code::First).await;
    recorder.finish().unwrap();
    drop(recorder);
    assert_eq!(dir.files(), ["cycle.json.new"]);
    let err = Stubber::fixture_with(&path, replay_only()).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Pending, "{err}");

    // 2. Review, then accept.
    assert_eq!(
        run_tool(&["review", &shown_dir]),
        format!(
            "{}: a new fixture, 2 interactions\n  + interaction 1: {}\n  + interaction 2: {}\n",
            path.display(),
            ops[0],
            ops[1]
        )
    );
    assert_eq!(
        run_tool(&["accept", &shown_dir]),
        format!("accepted {}\n", path.display())
    );
    assert_eq!(dir.files(), ["cycle.json"]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("cycleSecretMustNotLeak") && !text.contains("AKIDCYCLE"));

    // 3. Replay with moto stopped: the code sees what it saw live.
    let port = moto.port();
    drop(moto);
    let replayer = Stubber::fixture_with(&path, replay_only()).unwrap();
    assert_eq!(workload(service, &replayer, Code::First).await, live_run);
    replayer.assert_no_pending_responses();
    drop(replayer);
    let moto = start_moto_on(Some(port)).expect("moto starts again");

    // 4. Change the code and record again: the change waits for review; reject it.
    let committed = std::fs::read(&path).unwrap();
    let recorder = Stubber::fixture_with(&path, live(&moto).mode(RecordMode::All)).unwrap();
    workload(service, &recorder, Code::Changed).await;
    recorder.finish().unwrap();
    drop(recorder);
    assert_eq!(dir.files(), ["cycle.json", "cycle.json.new"]);
    assert_changed_review(service, &run_tool(&["review", &shown_dir]), &path);
    assert_eq!(
        run_tool(&["reject", &shown_dir]),
        format!("rejected {}\n", pending(&path).display())
    );
    assert_eq!(std::fs::read(&path).unwrap(), committed);

    // 5. Expiry: past its maximum age the fixture fails, or is recorded again.
    let mut aged = Fixture::load(&path).unwrap();
    aged.recorded_at = Some((now() - 100 * 86_400).to_string());
    aged.write_atomic(&path).unwrap();
    let month = Duration::from_secs(30 * 86_400);
    let err =
        Stubber::fixture_with(&path, replay_only().max_age(month, WhenExpired::Fail)).unwrap_err();
    assert_eq!(err.kind(), FixtureErrorKind::Expired);
    assert!(
        err.to_string().contains("was recorded 100 days ago"),
        "{err}"
    );
    moto.reset();
    let options = live(&moto)
        .mode(RecordMode::None)
        .max_age(month, WhenExpired::Record);
    let recorder = Stubber::fixture_with(&path, options).unwrap();
    assert!(
        recorder.is_recording(),
        "an expired fixture is recorded again"
    );
    workload(service, &recorder, Code::First).await;
    recorder.finish().unwrap();
    drop(recorder);
    if same_answers_every_run(service) {
        // Unchanged by meaning: written over the fixture at once.
        assert_eq!(
            dir.files(),
            ["cycle.json"],
            "{}",
            run_tool(&["review", &shown_dir])
        );
    } else {
        // New ids: the recording waits for review like any change.
        assert_eq!(dir.files(), ["cycle.json", "cycle.json.new"]);
        run_tool(&["accept", &shown_dir]);
    }
    let fresh = Fixture::load(&path).unwrap();
    let recorded_at: u64 = fresh.recorded_at.unwrap().parse().unwrap();
    assert!(now() - recorded_at < 3600, "recorded anew");

    // 6. New episodes: the recorded calls are replayed (moto never sees them), the call
    // past the end is recorded.
    moto.reset();
    let recorder = Stubber::fixture_with(&path, live(&moto).mode(RecordMode::NewEpisodes)).unwrap();
    let extended_run = workload(service, &recorder, Code::Extended).await;
    recorder.finish().unwrap();
    drop(recorder);
    assert_eq!(
        run_tool(&["review", &shown_dir]),
        format!(
            "{}: pending changes\n  = interaction 1: {}\n  = interaction 2: {}\n  + interaction 3: {}\n",
            path.display(),
            ops[0],
            ops[1],
            ops[2]
        )
    );
    run_tool(&["accept", &shown_dir]);
    let replayer = Stubber::fixture_with(&path, replay_only()).unwrap();
    assert_eq!(
        workload(service, &replayer, Code::Extended).await,
        extended_run
    );
    drop(replayer);

    // 7. Drift: none against the same state; reported once moto's state changed, and the
    // file is left as it is.
    let drift = || {
        live(&moto)
            .mode(RecordMode::Drift)
            .per_run_fields(per_run(service).iter().copied())
    };
    moto.reset();
    let checker = Stubber::fixture_with(&path, drift()).unwrap();
    workload(service, &checker, Code::Extended).await;
    checker.finish().unwrap();
    drop(checker);
    moto.reset();
    let seed = dir.join("seed.json");
    let seeder =
        Stubber::fixture_with(&seed, live(&moto).mode(RecordMode::All).review(false)).unwrap();
    change_state(service, &seeder).await;
    seeder.finish().unwrap();
    drop(seeder);
    std::fs::remove_file(&seed).unwrap();
    let committed = std::fs::read(&path).unwrap();
    let checker = Stubber::fixture_with(&path, drift()).unwrap();
    workload(service, &checker, Code::Extended).await;
    let err = checker.finish().unwrap_err();
    drop(checker);
    assert_eq!(err.kind(), FixtureErrorKind::Drift);
    assert_drift_report(service, &err.to_string(), &path);
    assert_eq!(std::fs::read(&path).unwrap(), committed);
    assert_eq!(dir.files(), ["cycle.json"]);
}

/// The review of the changed code: the changed request is named; moto's new ids show as
/// response changes.
fn assert_changed_review(service: Service, review: &str, path: &Path) {
    let ops = operations(service);
    let expected_request = match service {
        Service::S3 => {
            assert_eq!(
                review,
                format!(
                    "{}: pending changes\n  = interaction 1: S3 CreateBucket\n  ~ interaction 2: \
                     S3 ListObjectsV2\n      request query parameter \"prefix\": expected \
                     \"logs/\", received \"data/\"\n      response body:\n      --- expected\n      \
                     +++ received\n        \
                     <?xml version=\"1.0\" encoding=\"utf-8\"?>\n        <ListBucketResult \
                     xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n        \
                     <IsTruncated>false</IsTruncated>\n        <Name>cycle-bucket</Name>\n      \
                     - <Prefix>logs/</Prefix>\n      + <Prefix>data/</Prefix>\n        \
                     <MaxKeys>1000</MaxKeys>\n        <KeyCount>0</KeyCount>\n        \
                     </ListBucketResult>\n",
                    path.display()
                )
            );
            return;
        }
        Service::Ec2 => "request body differs:",
        Service::Route53 => "request body differs:",
    };
    let lines: Vec<&str> = review.lines().collect();
    assert_eq!(
        lines[0],
        format!("{}: pending changes", path.display()),
        "{review}"
    );
    assert_eq!(
        lines[1],
        format!("  ~ interaction 1: {}", ops[0]),
        "{review}"
    );
    assert_eq!(lines[2].trim(), expected_request, "{review}");
    let changed = match service {
        Service::Ec2 => [
            "- GroupDescription=web servers",
            "+ GroupDescription=web servers, v2",
        ],
        _ => ["-     \"cycle-1\"", "+     \"cycle-2\""],
    };
    for line in changed {
        assert!(
            review.lines().any(|l| l.trim() == line),
            "{line:?} missing from:\n{review}"
        );
    }
}

/// The drift report: the interaction whose answer changed and the field that appeared.
fn assert_drift_report(service: Service, report: &str, path: &Path) {
    let ops = operations(service);
    let prefix = format!(
        "aws-stubber: fixture file {}: drift: the live endpoint now answers differently from the \
         recording (",
        path.display()
    );
    assert!(report.starts_with(&prefix), "{report}");
    assert!(
        report.contains(&format!("\n  ~ interaction 2: {}\n", ops[1])),
        "{report}"
    );
    assert!(
        report.contains(&format!("\n  = interaction 3: {}\n", ops[2])),
        "{report}"
    );
    let added = match service {
        Service::S3 => "response field ListBucketResult/Contents/Key: \"logs/a.txt\" added",
        Service::Ec2 => {
            "response field DescribeSecurityGroupsResponse/securityGroupInfo/item[2]/groupName"
        }
        Service::Route53 => "response field ListHostedZonesResponse/HostedZones/HostedZone[2]/Name",
    };
    assert!(report.contains(added), "{added:?} missing from:\n{report}");
    assert!(
        report.ends_with(
            "The file was not changed. If the new answers are right, record it again \
             (AWS_STUBBER_RECORD=all) and review the recording; name fields that differ on \
             every run (generated ids) with FixtureOptions::per_run_fields."
        ),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_cycle_for_s3() {
    cycle(Service::S3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_cycle_for_ec2() {
    cycle(Service::Ec2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_cycle_for_route53() {
    cycle(Service::Route53).await;
}
