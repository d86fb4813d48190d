//! The scrubber on hand-made interactions.

use super::*;
use crate::fixture::{Fixture, Interaction, Payload};
use crate::history::RecordedRequest;
use crate::respond::RawResponse;
use crate::scrub::sensitive::Sensitive;

fn interaction(ct: &str, request: &str, response: &str) -> Interaction {
    Interaction {
        service: "X".into(),
        operation: "Op".into(),
        matching: None,
        scrub_mark: None,
        request: RecordedRequest {
            method: "POST".into(),
            uri: "https://x.amazonaws.com/".into(),
            headers: vec![("content-type".to_string(), ct.to_string())],
            body: request.to_string().into(),
            trailers: Vec::new(),
        },
        response: Some(RawResponse {
            status: 200,
            headers: vec![
                ("content-type".to_string(), ct.to_string()),
                ("content-length".to_string(), response.len().to_string()),
            ],
            body: response.to_string().into(),
        }),
        fault: None,
        payload: Payload::default(),
    }
}

fn text(body: &bytes::Bytes) -> &str {
    std::str::from_utf8(body).unwrap()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    &headers.iter().find(|(k, _)| k == name).unwrap().1
}

fn scrub(it: Interaction, knowledge: Knowledge) -> Result<Interaction, ScrubError> {
    let mut fixture = Fixture::new();
    fixture.interactions.push(it);
    Scrubber::default().scrub_with(&mut fixture, &[knowledge], &[])?;
    Ok(fixture.interactions.remove(0))
}

#[test]
fn model_sensitive_members_in_json_with_shapes_kept_and_length_fixed() {
    let it = interaction(
        "application/x-amz-json-1.1",
        r#"{"KeyId":"k","Plaintext":"cGxhaW4tc2VjcmV0"}"#,
        r#"{"KeyId":"k","Plaintext":"cGxhaW4tc2VjcmV0","Count":3}"#,
    );
    let knowledge = Knowledge {
        input: Some(Sensitive::from_debug(
            r#"EncryptInput { key_id: Some("k"), plaintext: "*** Sensitive Data Redacted ***" }"#,
        )),
        output: Some(Sensitive::from_debug(
            r#"DecryptOutput { key_id: Some("k"), plaintext: "*** Sensitive Data Redacted ***", count: "*** Sensitive Data Redacted ***" }"#,
        )),
    };
    let out = scrub(it, knowledge).unwrap();
    assert_eq!(
        text(&out.request.body),
        r#"{"KeyId":"k","Plaintext":"REDACTED"}"#
    );
    let response = out.response.unwrap();
    let body = text(&response.body);
    assert_eq!(body, r#"{"KeyId":"k","Plaintext":"REDACTED","Count":0}"#);
    assert_eq!(
        header(&response.headers, "content-length"),
        body.len().to_string()
    );
}

#[test]
fn a_value_scrubbed_once_is_scrubbed_everywhere() {
    let mut it = interaction(
        "application/x-www-form-urlencoded",
        "Action=CreateLoginProfile&UserName=bob&Password=hunter2%2Fx",
        "<R><Note>hunter2/x was set</Note></R>",
    );
    it.request.uri = "https://user:p4ssw0rd@x.amazonaws.com/?note=hunter2%2Fx".into();
    let out = scrub(it, Knowledge::default()).unwrap();
    assert_eq!(
        text(&out.request.body),
        ("Action=CreateLoginProfile&UserName=bob&Password=REDACTED")
    );
    assert_eq!(out.request.uri, "https://x.amazonaws.com/?note=REDACTED");
    assert_eq!(
        text(&out.response.unwrap().body),
        ("<R><Note>REDACTED was set</Note></R>")
    );
}

#[test]
fn xml_structure_is_kept_inside_a_sensitive_structure() {
    let it = interaction(
        "text/xml",
        "Action=AssumeRole",
        "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAABCDEFGHIJKLMNOP</AccessKeyId>\
         <Expiration>2026-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>",
    );
    let knowledge = Knowledge {
        input: None,
        output: Some(Sensitive::from_debug(
            r#"AssumeRoleOutput { credentials: Some(Credentials { access_key_id: "*** Sensitive Data Redacted ***", expiration: "*** Sensitive Data Redacted ***" }) }"#,
        )),
    };
    let out = scrub(it, knowledge).unwrap();
    assert_eq!(
        text(&out.response.unwrap().body),
        ("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>REDACTED</AccessKeyId>\
             <Expiration>1970-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>")
    );
}

#[test]
fn unreadable_bodies_are_redacted_or_refused_never_passed_through() {
    for (ct, body) in [
        ("application/xml", "<A><B>secret</A>"),
        ("application/json", "{\"a\": "),
        ("application/octet-stream", "opaque secret"),
        ("", "plain secret"),
    ] {
        let out = scrub(interaction(ct, "", body), Knowledge::default()).unwrap();
        assert_eq!(text(&out.response.unwrap().body), (REDACTED), "{ct}");
        let mut fixture = Fixture::new();
        fixture.interactions.push(interaction(ct, "", body));
        let err = Scrubber::default()
            .unreadable_bodies(UnreadableBody::Refuse)
            .scrub_with(&mut fixture, &[], &[])
            .unwrap_err();
        assert!(
            err.to_string().contains("interaction #1 response body: it"),
            "{err}"
        );
    }
    let mut gzip = interaction("application/json", "", "{}");
    let response = gzip.response.as_mut().unwrap();
    response
        .headers
        .push(("content-encoding".into(), "gzip".into()));
    let out = scrub(gzip, Knowledge::default()).unwrap();
    assert_eq!(text(&out.response.unwrap().body), REDACTED);
}

#[test]
fn payload_bodies_keep_their_bytes_and_json_is_not_reformatted() {
    let mut it = interaction("application/json", "", "{ \"a\" : 1 }");
    it.payload.response = true;
    let out = scrub(it, Knowledge::default()).unwrap();
    assert_eq!(text(&out.response.unwrap().body), "{ \"a\" : 1 }");
    let untouched = interaction("application/json", "{ \"b\" : 2 }", "{}");
    let out = scrub(untouched, Knowledge::default()).unwrap();
    assert_eq!(text(&out.request.body), "{ \"b\" : 2 }");
}

#[test]
fn query_parameters_by_name_and_by_model() {
    let mut it = interaction("application/xml", "", "");
    it.request.uri = "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2F2024&\
                      X-Amz-Signature=abc&x-id=GetObject&token=s3cr3t-query"
        .into();
    let knowledge = Knowledge {
        input: Some(Sensitive::from_debug(
            r#"GetThingInput { token: "*** Sensitive Data Redacted ***", id: Some("x") }"#,
        )),
        output: None,
    };
    let out = scrub(it, knowledge).unwrap();
    assert_eq!(
        out.request.uri,
        "https://b.s3.amazonaws.com/k?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&\
         x-id=GetObject&token=REDACTED"
    );
}

#[test]
fn header_bound_sensitive_members_are_found_by_value() {
    let mut it = interaction("application/xml", "", "");
    it.request.headers.extend([
        (
            "x-amz-server-side-encryption-customer-algorithm".into(),
            "AES256".into(),
        ),
        ("x-amz-custom-secret".into(), "c3VwZXItc2VjcmV0".into()),
    ]);
    let knowledge = Knowledge {
        input: Some(Sensitive::from_debug(
            r#"PutObjectInput { sse_customer_algorithm: Some("AES256"), custom_secret: "*** Sensitive Data Redacted ***" }"#,
        )),
        output: None,
    };
    let out = scrub(it, knowledge).unwrap();
    assert_eq!(
        header(&out.request.headers, "x-amz-custom-secret"),
        REDACTED
    );
    assert_eq!(
        header(
            &out.request.headers,
            "x-amz-server-side-encryption-customer-algorithm"
        ),
        "AES256"
    );
}

#[test]
fn a_request_holding_the_word_is_scrubbed_with_a_mark_of_its_own() {
    let mut it = interaction(
        "application/x-amz-json-1.1",
        r#"{"Name":"RED\u0041CTED","Password":"p4ss-word-one","Url":"https://h/f?X-Amz-Signature=abcdef0123"}"#,
        "{}",
    );
    it.request.uri = "https://x.amazonaws.com/?ticket=t-4242".into();
    it.request
        .headers
        .push(("x-api-key".into(), "k-4242-key".into()));
    assert_eq!(fresh_mark(&it.request).as_deref(), Some("REDACTED-2"));
    it.scrub_mark = fresh_mark(&it.request);
    let mut fixture = Fixture::new();
    fixture.interactions.push(it);
    let scrubber = Scrubber::default()
        .field("Password")
        .header("x-api-key")
        .query_param("ticket");
    scrubber
        .scrub_with(&mut fixture, &[Knowledge::default()], &[])
        .unwrap();
    let out = &fixture.interactions[0];
    assert_eq!(
        text(&out.request.body),
        r#"{"Name":"REDACTED","Password":"REDACTED-2","Url":"https://h/f?X-Amz-Signature=REDACTED-2"}"#
    );
    assert_eq!(
        out.request.uri,
        "https://x.amazonaws.com/?ticket=REDACTED-2"
    );
    assert_eq!(header(&out.request.headers, "x-api-key"), "REDACTED-2");
    // Scrubbing again changes nothing: the mark is what was scrubbed.
    let again = fixture.clone();
    assert_eq!(scrubber.scrub_fixture(&mut fixture), Ok(0));
    assert_eq!(fixture, again);

    for (request, mark) in [
        ("{\"Key\":\"x\"}", None),
        ("{\"Key\":\"REDACTED.txt\"}", Some("REDACTED-2")),
        ("{\"Key\":\"REDACTED REDACTED-2\"}", Some("REDACTED-3")),
    ] {
        let it = interaction("application/json", request, "{}");
        assert_eq!(fresh_mark(&it.request).as_deref(), mark, "{request}");
    }
    let mut it = interaction("application/json", "{}", "{}");
    it.request.uri = "https://x.amazonaws.com/b/RED%41CTED.txt".into();
    assert_eq!(fresh_mark(&it.request).as_deref(), Some("REDACTED-2"));
}
