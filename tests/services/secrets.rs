//! No secret reaches a fixture file: calls whose requests or responses carry secrets in
//! every placement (XML, JSON and form bodies, headers, query, URL user info) are recorded
//! against moto (or a local fake server for what moto lacks), and the written file is
//! searched for every secret value used or received. Then the recording replays. Secrets
//! inside application data, and values that read like the scrub mark, are
//! `secrets_in_data.rs`.

use aws_credential_types::Credentials;
use aws_stubber::fixture::Fixture;
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::scrub::find_secrets;
use aws_stubber::{Stubber, client};

use crate::moto::start_moto;
use crate::support::TempFixture;

const ACCESS_KEY: &str = "AKIDSECRETSTEST00001";
const SECRET_KEY: &str = "secretsTestSecretKey/MustNeverBeWritten";
const SESSION_TOKEN: &str = "secretsTestSessionTokenMustNeverBeWritten";

const LOGIN_PASSWORD: &str = "Login-Password-Secret-1!";
const WEB_IDENTITY_TOKEN: &str =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJ3ZWItaWRlbnRpdHkifQ.c2lnbmF0dXJl";
const SAML_ASSERTION: &str = "U0FNTC1hc3NlcnRpb24tdGhhdC1pcy1zZWNyZXQ=";
const KMS_PLAINTEXT: &[u8] = b"kms plaintext that is secret";
const SSM_SECURE_VALUE: &str = "ssm-secure-string-secret-value";
const SECRETS_MANAGER_VALUE: &str = "{\"password\":\"secrets-manager-secret-value\"}";
const COGNITO_TEMPORARY: &str = "Cognito-Temporary-Secret-1!";
const COGNITO_PASSWORD: &str = "Cognito-Permanent-Secret-2!";
const COGNITO_NEW_PASSWORD: &str = "Cognito-Proposed-Secret-3!";
const RDS_PASSWORD: &str = "rds-master-user-password-secret";
/// 32 bytes, base64: an SSE-C key.
pub(crate) const SSE_C_KEY: &str = "c3NlLWMta2V5LXRoYXQtaXMtMzItYnl0ZXMtbG9uZyE=";
pub(crate) const SSE_C_KEY_MD5: &str = "2wAV/oRAOvt0iNfp7b8WsA==";
const SSO_TOKEN: &str = "sso-bearer-token-that-is-secret";
const ENDPOINT_PASSWORD: &str = "endpoint-password-secret";

pub(crate) fn options(url: &str) -> FixtureOptions {
    FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .review(false)
        .endpoint(url)
        .credentials(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            Some(SESSION_TOKEN.into()),
            None,
            "test",
        ))
}

/// Every secret the workload sent or moto answered with.
#[derive(Default)]
struct Received(Vec<String>);

impl Received {
    fn add(&mut self, value: Option<&str>) {
        if let Some(v) = value.filter(|v| v.len() >= 6) {
            self.0.push(v.to_string());
        }
    }
}

async fn sts_and_iam(stubber: &Stubber, got: &mut Received) {
    let sts = client!(aws_sdk_sts, stubber);
    let iam = client!(aws_sdk_iam, stubber);
    let role = sts
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/app")
        .role_session_name("app-session")
        .send()
        .await
        .unwrap();
    let c = role.credentials().unwrap();
    got.add(Some(c.secret_access_key()));
    got.add(Some(c.session_token()));
    let session = sts.get_session_token().send().await.unwrap();
    let c = session.credentials().unwrap();
    got.add(Some(c.secret_access_key()));
    got.add(Some(c.session_token()));
    let web = sts
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/web")
        .role_session_name("web-session")
        .web_identity_token(WEB_IDENTITY_TOKEN)
        .send()
        .await
        .unwrap();
    got.add(web.credentials().map(|c| c.secret_access_key()));
    got.add(web.credentials().map(|c| c.session_token()));
    // moto cannot read this assertion: the request is what matters, and its error too.
    let _ = sts
        .assume_role_with_saml()
        .role_arn("arn:aws:iam::123456789012:role/saml")
        .principal_arn("arn:aws:iam::123456789012:saml-provider/p")
        .saml_assertion(SAML_ASSERTION)
        .send()
        .await;
    iam.create_user()
        .user_name("secret-user")
        .send()
        .await
        .unwrap();
    iam.create_login_profile()
        .user_name("secret-user")
        .password(LOGIN_PASSWORD)
        .send()
        .await
        .unwrap();
    let key = iam
        .create_access_key()
        .user_name("secret-user")
        .send()
        .await
        .unwrap();
    let key = key.access_key().unwrap();
    got.add(Some(key.secret_access_key()));
    got.add(Some(key.access_key_id()));
    // The new key's id comes back in a later response: scrubbed there too.
    iam.list_access_keys()
        .user_name("secret-user")
        .send()
        .await
        .unwrap();
}

async fn kms_ssm_secrets_manager(stubber: &Stubber, got: &mut Received) {
    let kms = client!(aws_sdk_kms, stubber);
    let ssm = client!(aws_sdk_ssm, stubber);
    // Its idempotency tokens must be fixed for requests to compare across runs.
    let sm = client!(aws_sdk_secretsmanager, stubber, |c| c
        .idempotency_token_provider(aws_stubber::sdk::IDEMPOTENCY_TOKEN));
    let key = kms.create_key().send().await.unwrap();
    let key_id = key.key_metadata().unwrap().key_id().to_string();
    let encrypted = kms
        .encrypt()
        .key_id(&key_id)
        .plaintext(aws_sdk_kms::primitives::Blob::new(KMS_PLAINTEXT))
        .send()
        .await
        .unwrap();
    kms.decrypt()
        .ciphertext_blob(encrypted.ciphertext_blob().unwrap().clone())
        .send()
        .await
        .unwrap();
    let data_key = kms
        .generate_data_key()
        .key_id(&key_id)
        .number_of_bytes(32)
        .send()
        .await
        .unwrap();
    let plaintext = data_key.plaintext().unwrap().as_ref();
    use base64::Engine as _;
    got.add(Some(
        &base64::engine::general_purpose::STANDARD.encode(plaintext),
    ));

    ssm.put_parameter()
        .name("/app/db-password")
        .value(SSM_SECURE_VALUE)
        .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
        .send()
        .await
        .unwrap();
    ssm.get_parameter()
        .name("/app/db-password")
        .with_decryption(true)
        .send()
        .await
        .unwrap();
    ssm.get_parameters()
        .names("/app/db-password")
        .with_decryption(true)
        .send()
        .await
        .unwrap();

    sm.create_secret()
        .name("app/db")
        .secret_string(SECRETS_MANAGER_VALUE)
        .send()
        .await
        .unwrap();
    sm.get_secret_value()
        .secret_id("app/db")
        .send()
        .await
        .unwrap();
    let random = sm.get_random_password().send().await.unwrap();
    got.add(random.random_password());
}

async fn cognito(stubber: &Stubber, got: &mut Received) {
    use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ExplicitAuthFlowsType};
    let idp = client!(aws_sdk_cognitoidentityprovider, stubber);
    let pool = idp.create_user_pool().pool_name("p").send().await.unwrap();
    let pool_id = pool.user_pool().unwrap().id().unwrap().to_string();
    let app = idp
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("app")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .unwrap();
    let client_id = app
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    idp.admin_create_user()
        .user_pool_id(&pool_id)
        .username("carol")
        .temporary_password(COGNITO_TEMPORARY)
        .send()
        .await
        .unwrap();
    idp.admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("carol")
        .password(COGNITO_PASSWORD)
        .permanent(true)
        .send()
        .await
        .unwrap();
    let auth = idp
        .admin_initiate_auth()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .auth_flow(AuthFlowType::AdminUserPasswordAuth)
        .auth_parameters("USERNAME", "carol")
        .auth_parameters("PASSWORD", COGNITO_PASSWORD)
        .send()
        .await
        .unwrap();
    let tokens = auth.authentication_result().unwrap();
    got.add(tokens.access_token());
    got.add(tokens.id_token());
    got.add(tokens.refresh_token());
    idp.change_password()
        .access_token(tokens.access_token().unwrap())
        .previous_password(COGNITO_PASSWORD)
        .proposed_password(COGNITO_NEW_PASSWORD)
        .send()
        .await
        .unwrap();
}

async fn ec2_rds_s3(stubber: &Stubber, got: &mut Received) {
    let ec2 = client!(aws_sdk_ec2, stubber);
    let rds = client!(aws_sdk_rds, stubber);
    let s3 = client!(aws_sdk_s3, stubber, |c| c.force_path_style(true));
    let pair = ec2.create_key_pair().key_name("k").send().await.unwrap();
    got.add(pair.key_material());
    let run = ec2
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap();
    let instance = run.instances()[0].instance_id().unwrap().to_string();
    let password = ec2
        .get_password_data()
        .instance_id(&instance)
        .send()
        .await
        .unwrap();
    got.add(password.password_data());
    rds.create_db_instance()
        .db_instance_identifier("db")
        .db_instance_class("db.t3.micro")
        .engine("postgres")
        .master_username("admin")
        .master_user_password(RDS_PASSWORD)
        .allocated_storage(20)
        .send()
        .await
        .unwrap();
    s3.create_bucket().bucket("sse-c").send().await.unwrap();
    s3.put_object()
        .bucket("sse-c")
        .key("k")
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"data"))
        .sse_customer_algorithm("AES256")
        .sse_customer_key(SSE_C_KEY)
        .sse_customer_key_md5(SSE_C_KEY_MD5)
        .send()
        .await
        .unwrap();
    let _ = s3
        .get_object()
        .bucket("sse-c")
        .key("k")
        .sse_customer_algorithm("AES256")
        .sse_customer_key(SSE_C_KEY)
        .sse_customer_key_md5(SSE_C_KEY_MD5)
        .send()
        .await;
}

pub(crate) fn assert_clean(path: &std::path::Path, secrets: &[String]) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    for secret in secrets {
        if let Some(at) = text.find(secret.as_str()) {
            let start = text[..at]
                .char_indices()
                .rev()
                .nth(600)
                .map_or(0, |(i, _)| i);
            panic!(
                "{} holds the secret {secret:?}, here:\n{}",
                path.display(),
                &text[start..(at + secret.len()).min(text.len())]
            );
        }
    }
    let fixture = Fixture::load(path).unwrap();
    assert_eq!(
        find_secrets(&fixture, &[]),
        [],
        "the secret scanner finds nothing"
    );
    text
}

fn sent_secrets() -> Vec<String> {
    use base64::Engine as _;
    [
        ACCESS_KEY,
        SECRET_KEY,
        SESSION_TOKEN,
        LOGIN_PASSWORD,
        WEB_IDENTITY_TOKEN,
        SAML_ASSERTION,
        SSM_SECURE_VALUE,
        "secrets-manager-secret-value",
        COGNITO_TEMPORARY,
        COGNITO_PASSWORD,
        COGNITO_NEW_PASSWORD,
        RDS_PASSWORD,
        SSE_C_KEY,
        SSE_C_KEY_MD5,
        &base64::engine::general_purpose::STANDARD.encode(KMS_PLAINTEXT),
    ]
    .map(String::from)
    .to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_of_nine_services_never_reach_the_file_and_the_calls_replay() {
    let Some(moto) = start_moto() else { return };
    // Credentials in the endpoint's user info too.
    let url = moto
        .url
        .replace("http://", &format!("http://user:{ENDPOINT_PASSWORD}@"));
    let path = TempFixture::new("secrets.json");
    let recorder = Stubber::fixture_with(&*path, options(&url)).unwrap();
    let mut got = Received::default();
    sts_and_iam(&recorder, &mut got).await;
    kms_ssm_secrets_manager(&recorder, &mut got).await;
    cognito(&recorder, &mut got).await;
    ec2_rds_s3(&recorder, &mut got).await;
    recorder.finish().unwrap();
    drop(recorder);
    drop(moto);

    let mut secrets = sent_secrets();
    secrets.push(ENDPOINT_PASSWORD.into());
    secrets.extend(got.0);
    let text = assert_clean(&path, &secrets);
    assert!(
        text.contains("\"endpoint\": \"http://127.0.0.1:"),
        "user info removed"
    );

    // Every call replays under strict matching, scrubbed values included.
    let replayer =
        Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    let mut ignored = Received::default();
    sts_and_iam(&replayer, &mut ignored).await;
    kms_ssm_secrets_manager(&replayer, &mut ignored).await;
    cognito(&replayer, &mut ignored).await;
    ec2_rds_s3(&replayer, &mut ignored).await;
    replayer.assert_no_pending_responses();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bearer_token_header_and_a_json_credential_response_are_scrubbed() {
    const ROLE_SECRET: &str = "sso-role-secret-access-key-value";
    const ROLE_TOKEN: &str = "sso-role-session-token-value";
    // moto has no SSO portal: a canned local server answers.
    let url = crate::moto::canned_server(
        "application/json",
        "{\"roleCredentials\":{\"accessKeyId\":\"ASIAFAKEFAKEFAKEFAKE\",\"secretAccessKey\":\
         \"sso-role-secret-access-key-value\",\"sessionToken\":\"sso-role-session-token-value\",\
         \"expiration\":1700000000000}}",
    );
    let path = TempFixture::new("sso.json");
    let recorder = Stubber::fixture_with(&*path, options(&url)).unwrap();
    let sso = client!(aws_sdk_sso, &recorder);
    let out = sso
        .get_role_credentials()
        .role_name("r")
        .account_id("123456789012")
        .access_token(SSO_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.role_credentials().unwrap().secret_access_key(),
        Some(ROLE_SECRET)
    );
    recorder.finish().unwrap();
    drop(recorder);
    let text = assert_clean(
        &path,
        &[SSO_TOKEN, ROLE_SECRET, ROLE_TOKEN, "ASIAFAKEFAKEFAKEFAKE"].map(String::from),
    );
    assert!(
        text.contains("\"x-amz-sso_bearer_token\": \"REDACTED\""),
        "{text}"
    );

    // The scrubbed response still replays as a response the SDK reads.
    let replayer =
        Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    let out = client!(aws_sdk_sso, &replayer)
        .get_role_credentials()
        .role_name("r")
        .account_id("123456789012")
        .access_token("another-token")
        .send()
        .await
        .unwrap();
    let credentials = out.role_credentials().unwrap();
    assert_eq!(credentials.secret_access_key(), Some("REDACTED"));
    assert_eq!(credentials.expiration(), 0, "numbers keep their type");
    replayer.assert_no_pending_responses();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sso_oidc_tokens_and_client_secrets_are_scrubbed() {
    const CLIENT_SECRET: &str = "oidc-client-secret-value";
    const DEVICE_CODE: &str = "oidc-device-code-value";
    const ACCESS: &str = "oidc-access-token-value";
    const REFRESH: &str = "oidc-refresh-token-value";
    // moto has no SSO-OIDC: a canned local server answers.
    let url = crate::moto::canned_server(
        "application/json",
        "{\"accessToken\":\"oidc-access-token-value\",\"refreshToken\":\"oidc-refresh-token-value\",\
         \"idToken\":\"eyJhbGciOiJub25lIn0.eyJzdWIiOiJvaWRjIn0.\",\"tokenType\":\"Bearer\",\"expiresIn\":3600}",
    );
    let path = TempFixture::new("oidc.json");
    let recorder = Stubber::fixture_with(&*path, options(&url)).unwrap();
    let oidc = client!(aws_sdk_ssooidc, &recorder);
    let out = oidc
        .create_token()
        .client_id("client")
        .client_secret(CLIENT_SECRET)
        .grant_type("urn:ietf:params:oauth:grant-type:device_code")
        .device_code(DEVICE_CODE)
        .send()
        .await
        .unwrap();
    assert_eq!(out.access_token(), Some(ACCESS));
    recorder.finish().unwrap();
    drop(recorder);
    assert_clean(
        &path,
        &[
            CLIENT_SECRET,
            ACCESS,
            REFRESH,
            "eyJhbGciOiJub25lIn0",
            // The models do not mark a device code sensitive; it is a credential by name.
            DEVICE_CODE,
        ]
        .map(String::from),
    );
}
