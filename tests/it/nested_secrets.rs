//! Secrets in nested and paired places: JSON carried as text (in an XML element, a JSON
//! string, a form value), name/value pairs whose name reads as a secret's, the credential
//! headers of the SDKs' signing and auth, and the fixture's `endpoint`. Each is scrubbed by
//! `scrub` and reported by `check` (`Scrubber::findings`), and by the recorder where one of
//! the six services carries it. CBOR bodies and JSON strings of the JSON protocols are in
//! tests/services/nested_secrets.rs.

use aws_credential_types::Credentials;
use aws_stubber::RawResponse;
use aws_stubber::fixture::{Fixture, Interaction};
use aws_stubber::history::RecordedRequest;
use aws_stubber::record::{FixtureOptions, RecordMode};
use aws_stubber::scrub::{Scrubber, find_secrets};
use aws_stubber::{Stubber, client};

use crate::moto::canned_server;
use crate::support::TempFixture;

/// One interaction with this request (content type and body) and a 200 answer.
fn one_call(
    service: &str,
    operation: &str,
    content_type: &str,
    body: &str,
    response: (&str, &str),
) -> Fixture {
    let request = RecordedRequest::new(
        "POST",
        format!(
            "https://{}.amazonaws.com/",
            service.to_lowercase().replace(' ', "")
        ),
    )
    .with_header("content-type", content_type)
    .with_body(body.to_string());
    let mut it = Interaction::new(service, operation, request);
    it.response = Some(
        RawResponse::new(200)
            .header("content-type", response.0)
            .body(response.1.to_string()),
    );
    let mut fixture = Fixture::new();
    fixture.interactions.push(it);
    fixture
}

const FORM: &str = "application/x-www-form-urlencoded";
const XML: &str = "text/xml";

/// `check` reports the secret, `scrub` removes it (and keeps `kept`), and `check` is then
/// clean.
fn scrubbed(mut fixture: Fixture, secret: &str, kept: &[&str]) -> String {
    let findings = Scrubber::default().findings(&fixture);
    assert!(
        !findings.is_empty(),
        "check finds nothing in {}",
        fixture.to_json()
    );
    Scrubber::default().scrub_fixture(&mut fixture).unwrap();
    let text = fixture.to_json();
    assert!(!text.contains(secret), "{secret} is still in {text}");
    for k in kept {
        assert!(text.contains(k), "{k} was scrubbed too: {text}");
    }
    let after = Scrubber::default().findings(&fixture);
    assert!(after.is_empty(), "{after:?}");
    assert!(find_secrets(&fixture, &[secret]).is_empty());
    text
}

#[test]
fn json_inside_an_xml_element_is_scrubbed_by_the_same_rules() {
    let body = "<GetRolePolicyResponse><GetRolePolicyResult><PolicyName>p</PolicyName>\
        <PolicyDocument>{\"SecretAccessKey\":\"xml-held-json-secret\",\"Note\":\"kept\"}</PolicyDocument>\
        </GetRolePolicyResult></GetRolePolicyResponse>";
    let text = scrubbed(
        one_call(
            "IAM",
            "GetRolePolicy",
            FORM,
            "Action=GetRolePolicy&RoleName=r&PolicyName=p",
            (XML, body),
        ),
        "xml-held-json-secret",
        &["kept"],
    );
    assert!(
        text.contains(r#"\"SecretAccessKey\":\"REDACTED\""#),
        "{text}"
    );
}

#[test]
fn json_inside_a_json_string_is_scrubbed_several_levels_deep() {
    // An EventBridge event whose detail holds a payload that holds JSON.
    let inner =
        serde_json::json!({"password": "twice-embedded-secret", "size": "large"}).to_string();
    let detail = serde_json::json!({"user": "alice", "payload": inner}).to_string();
    let body = serde_json::json!({"Entries": [{"Source": "app", "DetailType": "signup", "Detail": detail}]})
        .to_string();
    scrubbed(
        one_call(
            "EventBridge",
            "PutEvents",
            "application/x-amz-json-1.1",
            &body,
            ("application/x-amz-json-1.1", "{}"),
        ),
        "twice-embedded-secret",
        &["large", "alice", "signup"],
    );
}

#[test]
fn cloudformation_parameters_named_as_secrets_are_scrubbed_and_others_kept() {
    let body = "Action=CreateStack&Version=2010-05-15&StackName=app\
        &Parameters.member.1.ParameterKey=DBPassword&Parameters.member.1.ParameterValue=cfn-db-secret-1\
        &Parameters.member.2.ParameterKey=InstanceType&Parameters.member.2.ParameterValue=t3.micro\
        &Parameters.member.3.ParameterKey=KeyName&Parameters.member.3.ParameterValue=my-key";
    let text = scrubbed(
        one_call(
            "CloudFormation",
            "CreateStack",
            FORM,
            body,
            (XML, "<CreateStackResponse/>"),
        ),
        "cfn-db-secret-1",
        &[
            "ParameterValue=t3.micro",
            "ParameterValue=my-key",
            "ParameterKey=DBPassword",
        ],
    );
    assert!(
        text.contains("Parameters.member.1.ParameterValue=REDACTED"),
        "{text}"
    );
}

#[test]
fn an_rds_parameter_named_as_a_secret_is_scrubbed() {
    let body = "Action=ModifyDBParameterGroup&Version=2014-10-31&DBParameterGroupName=app\
        &Parameters.member.1.ParameterName=rds.master_password&Parameters.member.1.ParameterValue=rds-param-secret\
        &Parameters.member.1.ApplyMethod=immediate\
        &Parameters.member.2.ParameterName=max_connections&Parameters.member.2.ParameterValue=150";
    scrubbed(
        one_call(
            "RDS",
            "ModifyDBParameterGroup",
            FORM,
            body,
            (XML, "<ModifyDBParameterGroupResponse/>"),
        ),
        "rds-param-secret",
        &["ParameterValue=150", "ApplyMethod=immediate"],
    );
}

#[test]
fn environment_pairs_named_as_secrets_are_scrubbed() {
    // ECS task definitions: the models mark the whole environment list sensitive.
    let ecs = serde_json::json!({
        "family": "app",
        "containerDefinitions": [{
            "name": "web",
            "image": "nginx",
            "environment": [{"name": "DB_PASSWORD", "value": "ecs-env-secret"}]
        }]
    })
    .to_string();
    scrubbed(
        one_call(
            "ECS",
            "RegisterTaskDefinition",
            "application/x-amz-json-1.1",
            &ecs,
            ("application/x-amz-json-1.1", "{}"),
        ),
        "ecs-env-secret",
        &["nginx"],
    );
    // CodeBuild's overrides are not marked: the pair's name says it.
    let codebuild = serde_json::json!({
        "projectName": "p",
        "environmentVariablesOverride": [
            {"name": "GITHUB_TOKEN", "value": "codebuild-token-secret", "type": "PLAINTEXT"},
            {"name": "STAGE", "value": "prod", "type": "PLAINTEXT"}
        ]
    })
    .to_string();
    scrubbed(
        one_call(
            "CodeBuild",
            "StartBuild",
            "application/x-amz-json-1.1",
            &codebuild,
            ("application/x-amz-json-1.1", "{}"),
        ),
        "codebuild-token-secret",
        &["prod", "PLAINTEXT", "GITHUB_TOKEN"],
    );
    // A secret-named pair in a response of a service the models do not know.
    let listed = serde_json::json!({"variables": [{"Name": "api_key", "Value": "listed-api-key-secret"}, {"Name": "region", "Value": "eu-west-1"}]})
        .to_string();
    scrubbed(
        one_call(
            "Custom",
            "ListVariables",
            "application/json",
            "{}",
            ("application/json", &listed),
        ),
        "listed-api-key-secret",
        &["eu-west-1", "api_key"],
    );
}

#[test]
fn credential_headers_of_the_sdks_signing_and_auth_are_scrubbed() {
    for (header, secret) in [
        ("x-amz-s3session-token", "s3-express-session-token-secret"),
        ("x-api-key", "api-gateway-key-secret"),
    ] {
        let mut fixture = one_call("S3", "GetObject", "text/plain", "", ("text/plain", "data"));
        let request = &mut fixture.interactions[0].request;
        *request = request.clone().with_header(header, secret);
        let text = scrubbed(fixture, secret, &[header]);
        assert!(
            text.contains(&format!("\"{header}\": \"REDACTED\"")),
            "{text}"
        );
    }
}

#[test]
fn a_token_in_the_endpoints_query_is_scrubbed_like_any_uri() {
    let mut fixture = one_call(
        "S3",
        "ListBuckets",
        "text/plain",
        "",
        (XML, "<ListAllMyBucketsResult/>"),
    );
    fixture.endpoint =
        Some("http://127.0.0.1:4566/?token=endpoint-query-secret&region=local".into());
    let text = scrubbed(fixture, "endpoint-query-secret", &["region=local"]);
    assert!(text.contains("?token=REDACTED"), "{text}");
}

#[test]
fn ordinary_names_and_words_are_kept() {
    // A parameter that is not a secret, a key pair's name, the word token in a description,
    // a filter on key names, a page token.
    let body = "Action=DescribeKeyPairs&Version=2016-11-15&KeyName.1=deploy-key\
        &Filter.1.Name=key-name&Filter.1.Value.1=deploy-key\
        &Description=rotates%20the%20token%20daily&NextToken=page-2";
    let mut fixture = one_call(
        "EC2",
        "DescribeKeyPairs",
        FORM,
        body,
        (XML, "<DescribeKeyPairsResponse/>"),
    );
    let before = fixture.to_json();
    assert!(Scrubber::default().findings(&fixture).is_empty());
    Scrubber::default().scrub_fixture(&mut fixture).unwrap();
    assert_eq!(fixture.to_json(), before);
    // A JSON tag pair whose key is no secret's, and a description holding the word.
    let json = serde_json::json!({
        "Tags": [{"Key": "InstanceType", "Value": "t3.micro"}, {"Key": "cost-center", "Value": "42"}],
        "Description": "the token is rotated"
    })
    .to_string();
    let mut fixture = one_call(
        "SSM",
        "AddTagsToResource",
        "application/x-amz-json-1.1",
        &json,
        ("application/x-amz-json-1.1", "{}"),
    );
    let before = fixture.to_json();
    Scrubber::default().scrub_fixture(&mut fixture).unwrap();
    assert_eq!(fixture.to_json(), before);
}

fn record_options(url: &str) -> FixtureOptions {
    FixtureOptions::new()
        .mode(RecordMode::All)
        .record_on_ci(true)
        .review(false)
        .endpoint(url)
        .credentials(Credentials::new(
            "AKIDNESTEDSECRETS001",
            "nested-secrets-key",
            None,
            None,
            "test",
        ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recorder_scrubs_pairs_embedded_json_and_credential_headers() {
    const IAM_BODY: &str = "<GetRolePolicyResponse><GetRolePolicyResult><RoleName>r</RoleName>\
        <PolicyName>p</PolicyName><PolicyDocument>{\"password\":\"recorded-xml-json-secret\"}</PolicyDocument>\
        </GetRolePolicyResult></GetRolePolicyResponse>";
    let path = TempFixture::new("nested.json");
    let iam_url = canned_server("text/xml", IAM_BODY);
    let recorder = Stubber::fixture_with(&*path, record_options(&iam_url)).unwrap();
    let iam = client!(aws_sdk_iam, &recorder);
    let policy = iam
        .get_role_policy()
        .role_name("r")
        .policy_name("p")
        .send()
        .await
        .unwrap();
    assert!(
        policy
            .policy_document()
            .contains("recorded-xml-json-secret")
    );
    recorder.finish().unwrap();
    drop(recorder);
    let text = std::fs::read_to_string(&*path).unwrap();
    assert!(!text.contains("recorded-xml-json-secret"), "{text}");

    let rds_url = canned_server(
        "text/xml",
        "<ModifyDBParameterGroupResponse><ModifyDBParameterGroupResult><DBParameterGroupName>app\
         </DBParameterGroupName></ModifyDBParameterGroupResult></ModifyDBParameterGroupResponse>",
    );
    let path = TempFixture::new("pairs.json");
    let recorder = Stubber::fixture_with(&*path, record_options(&rds_url)).unwrap();
    let rds = client!(aws_sdk_rds, &recorder);
    let parameter = |name: &str, value: &str| {
        aws_sdk_rds::types::Parameter::builder()
            .parameter_name(name)
            .parameter_value(value)
            .apply_method(aws_sdk_rds::types::ApplyMethod::Immediate)
            .build()
    };
    rds.modify_db_parameter_group()
        .db_parameter_group_name("app")
        .parameters(parameter("rds.master_password", "recorded-rds-pair-secret"))
        .parameters(parameter("max_connections", "150"))
        .send()
        .await
        .unwrap();
    recorder.finish().unwrap();
    drop(recorder);
    let text = std::fs::read_to_string(&*path).unwrap();
    assert!(!text.contains("recorded-rds-pair-secret"), "{text}");
    assert!(text.contains("ParameterValue=150"), "{text}");

    let s3_url = canned_server("text/plain", "data");
    let path = TempFixture::new("headers.json");
    let recorder = Stubber::fixture_with(&*path, record_options(&s3_url)).unwrap();
    let s3 = client!(aws_sdk_s3, &recorder, |c| c.force_path_style(true));
    s3.get_object()
        .bucket("b")
        .key("k")
        .customize()
        .mutate_request(|r| {
            r.headers_mut()
                .insert("x-amz-s3session-token", "recorded-session-token-secret");
            r.headers_mut()
                .insert("x-api-key", "recorded-api-key-secret");
        })
        .send()
        .await
        .unwrap();
    recorder.finish().unwrap();
    drop(recorder);
    let text = std::fs::read_to_string(&*path).unwrap();
    for secret in ["recorded-session-token-secret", "recorded-api-key-secret"] {
        assert!(!text.contains(secret), "{text}");
    }
    // The recording replays: the scrubbed headers match any value.
    let replayer =
        Stubber::fixture_with(&*path, FixtureOptions::new().mode(RecordMode::None)).unwrap();
    let s3 = client!(aws_sdk_s3, &replayer, |c| c.force_path_style(true));
    s3.get_object()
        .bucket("b")
        .key("k")
        .customize()
        .mutate_request(|r| {
            r.headers_mut()
                .insert("x-amz-s3session-token", "another-session-token");
            r.headers_mut().insert("x-api-key", "another-api-key");
        })
        .send()
        .await
        .unwrap();
    replayer.assert_no_pending_responses();
}
