//! S3 under moto: bucket names are one namespace for every account, so each S3 fixture has a
//! server of its own, leased from a pool and reset before it is leased again; and what a
//! server that fails to start says.

use aws_sdk_s3::Client;
use aws_stubber::stubbed::moto::{self, MotoS3};

use crate::moto_fixtures::{bucket_names, create_bucket, moto_runs};
use crate::support::{in_a_child, stderr_of_a_child};

#[tokio::test]
async fn two_s3_fixtures_alive_at_once_create_the_same_bucket() {
    if !moto_runs() {
        return;
    }
    let (a, b): (MotoS3, MotoS3) = (moto::s3(), moto::s3());
    create_bucket(&a.client, "reports").await;
    create_bucket(&b.client, "reports").await;
    a.client
        .put_object()
        .bucket("reports")
        .key("only-in-a.txt")
        .body(b"a".to_vec().into())
        .send()
        .await
        .unwrap();
    let in_b = b
        .client
        .list_objects_v2()
        .bucket("reports")
        .send()
        .await
        .unwrap();
    assert!(in_b.contents().is_empty(), "{in_b:?}");
    assert_ne!(a.config().endpoint_url(), b.config().endpoint_url());
}

#[tokio::test]
async fn a_server_back_in_the_pool_is_reset_before_the_next_fixture() {
    if !moto_runs() {
        return;
    }
    // Another test may lease the returned server first: try a few times to get it back.
    let mut reused = false;
    for _ in 0..5 {
        let first = moto::s3();
        create_bucket(&first.client, "left-over").await;
        let url = first.config().endpoint_url().map(str::to_string);
        drop(first);
        let next = moto::s3();
        assert_eq!(bucket_names(&next.client).await, Vec::<String>::new());
        if next.config().endpoint_url().map(str::to_string) == url {
            reused = true;
            break;
        }
    }
    assert!(reused, "the server was never leased again");
}

#[tokio::test]
async fn clients_of_one_isolated_config_share_its_server() {
    if !moto_runs() {
        return;
    }
    let config = moto::isolated_config();
    let client = |config: &aws_types::SdkConfig| {
        Client::from_conf(
            aws_sdk_s3::config::Builder::from(config)
                .force_path_style(true)
                .build(),
        )
    };
    create_bucket(&client(&config), "reports").await;
    assert_eq!(bucket_names(&client(&config)).await, ["reports"]);
    let other = moto::isolated_config();
    assert!(bucket_names(&client(&other)).await.is_empty());
    create_bucket(&client(&other), "reports").await;
}

/// An executable `moto_server` in `dir` that runs `script`.
fn fake_moto_server(dir: &std::path::Path, script: &str) {
    let fake = dir.join("moto_server");
    std::fs::write(&fake, script).unwrap();
    let mut permissions = std::fs::metadata(&fake).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&fake, permissions).unwrap();
}

#[test]
fn a_moto_that_exits_at_start_fails_with_the_end_of_its_output() {
    // In a copy of this binary whose PATH finds a `moto_server` that fails as it starts.
    let dir = tempfile::tempdir().unwrap();
    fake_moto_server(
        dir.path(),
        "#!/bin/sh\necho 'starting'\necho 'ImportError: cannot import name werkzeug' >&2\nexit 3\n",
    );
    let path = format!("{}:/usr/bin:/bin", dir.path().display());
    if let Some(stderr) = stderr_of_a_child(
        "moto_isolation::a_moto_that_exits_at_start_fails_with_the_end_of_its_output",
        &[("PATH", &path)],
    ) {
        let port = stderr
            .split("on port ")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .unwrap_or("?");
        let expected = format!(
            "aws-stubber: moto's server (`moto_server`) exited (exit status: 3) on port {port}; \
             its output ends:\nstarting\nImportError: cannot import name werkzeug\nReinstall it \
             with \
             `pip install 'moto[server]'` if it fails to start"
        );
        assert!(stderr.contains(&expected), "{stderr}");
        assert!(port.parse::<u16>().is_ok(), "{stderr}");
        return;
    }
    assert!(in_a_child());
    eprintln!("{}", moto::try_config().unwrap_err());
    // An S3 fixture starts a server of its own the same way, and fails the same way.
    eprintln!("{}", moto::try_isolated_config().unwrap_err());
}

#[test]
fn without_python_the_fixture_says_its_keeper_cannot_run() {
    // A `moto_server` on the PATH, but no Python to run the keeper that stops it.
    let dir = tempfile::tempdir().unwrap();
    fake_moto_server(dir.path(), "#!/bin/sh\nexit 0\n");
    let path = dir.path().to_str().unwrap().to_string();
    if let Some(stderr) = stderr_of_a_child(
        "moto_isolation::without_python_the_fixture_says_its_keeper_cannot_run",
        &[("PATH", &path)],
    ) {
        assert!(
            stderr.contains(
                "aws-stubber: cannot run moto's server: its keeper needs `python3` (or \
                 `python`) on the PATH, as moto does: "
            ),
            "{stderr}"
        );
        return;
    }
    assert!(in_a_child());
    eprintln!("{}", moto::try_config().unwrap_err());
}
