//! A small program of the kind that cannot take a client from its test: it builds its clients
//! from the environment, as `aws_config::load_from_env()` does, and `serve.rs` runs it as a
//! child process against a stubber at an address.
//!
//!     stubbed-tool upload BUCKET KEY FILE   PutObject streamed from FILE, then GetObject; prints it
//!     stubbed-tool instances                DescribeInstances; prints "ID STATE" per instance
//!     stubbed-tool user NAME                GetUser; "no user NAME" when IAM says NoSuchEntity
//!     stubbed-tool careless                 ListBuckets, its error ignored; exits 0 whatever happens

use std::error::Error;

use aws_config::BehaviorVersion;
use aws_smithy_http_client::tls;

async fn config() -> aws_config::SdkConfig {
    // load_from_env() with the HTTP client set: the SDK's default one would build aws-lc,
    // which this workspace does not otherwise need. Everything else is read from the
    // environment and the shared config files, as load_from_env() reads it.
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https();
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .load()
        .await
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = config().await;
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["upload", bucket, key, file] => {
            let s3 = aws_sdk_s3::Client::new(&config);
            let body = aws_sdk_s3::primitives::ByteStream::from_path(file).await?;
            s3.put_object()
                .bucket(*bucket)
                .key(*key)
                .body(body)
                .send()
                .await?;
            let object = s3.get_object().bucket(*bucket).key(*key).send().await?;
            let bytes = object.body.collect().await?.into_bytes();
            println!("{}", String::from_utf8_lossy(&bytes));
        }
        ["instances"] => {
            let ec2 = aws_sdk_ec2::Client::new(&config);
            let out = ec2.describe_instances().send().await?;
            for instance in out.reservations().iter().flat_map(|r| r.instances()) {
                let state = instance.state().and_then(|s| s.name());
                println!(
                    "{} {}",
                    instance.instance_id().unwrap_or("?"),
                    state.map_or("?", |s| s.as_str())
                );
            }
        }
        ["user", name] => {
            let iam = aws_sdk_iam::Client::new(&config);
            match iam.get_user().user_name(*name).send().await {
                Ok(out) => println!("{}", out.user().map_or("?", |u| u.arn())),
                Err(err)
                    if err
                        .as_service_error()
                        .is_some_and(|e| e.is_no_such_entity_exception()) =>
                {
                    println!("no user {name}");
                }
                Err(err) => return Err(err.into()),
            }
        }
        ["careless"] => {
            let s3 = aws_sdk_s3::Client::new(&config);
            let _ = s3.list_buckets().send().await;
        }
        other => return Err(format!("unknown command {other:?}").into()),
    }
    Ok(())
}
