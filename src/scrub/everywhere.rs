//! Removing every known secret value, and everything that looks like a secret, from
//! everywhere in a fixture: other fields, headers, URIs, later interactions.

use super::secrets::spans;
use super::text::{replace_response_body, stands_as_value};
use crate::compare::wildcard::REDACTED;
use crate::compare::wildcard::is_mark;
use crate::fixture::Interaction;

/// Each secret as it may appear: raw, percent-encoded (both styles), JSON- and XML-escaped.
/// Longest first, so that a secret containing another is replaced whole.
pub(super) fn variants(secrets: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in secrets
        .iter()
        .filter(|s| s.len() >= 4 && !is_mark(s.as_bytes()))
    {
        let form: String = form_urlencoded::byte_serialize(s.as_bytes()).collect();
        let json = serde_json::to_string(s).expect("a string serializes");
        out.extend([
            s.clone(),
            form.replace('+', "%20"),
            form,
            json[1..json.len() - 1].to_string(),
            quick_xml::escape::escape(s.as_str()).into_owned(),
        ]);
    }
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out
}

/// Replaces each occurrence of `needle` that stands as a value of its own (see
/// [`stands_as_value`]) by `mark`; `None` when there is none.
fn replace_values(haystack: &[u8], needle: &[u8], mark: &str) -> Option<Vec<u8>> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let mut out = Vec::with_capacity(haystack.len());
    let (mut i, mut changed) = (0, false);
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) && stands_as_value(haystack, i, i + needle.len()) {
            out.extend_from_slice(mark.as_bytes());
            i += needle.len();
            changed = true;
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    changed.then_some(out)
}

/// Replaces every secret value where it stands as a value, and every span that looks like a
/// secret, by `mark`.
pub(super) fn replace_all(text: &str, variants: &[String], mark: &str) -> String {
    let mut out = text.to_string();
    for v in variants {
        if out.contains(v.as_str())
            && let Some(new) = replace_values(out.as_bytes(), v.as_bytes(), mark)
        {
            // Only whole values are replaced, so the text stays UTF-8.
            out = String::from_utf8(new).expect("replacing whole values keeps UTF-8");
        }
    }
    let found = spans(&out, &[]);
    if found.is_empty() {
        return out;
    }
    let mut result = String::with_capacity(out.len());
    let mut last = 0;
    for span in found {
        result.push_str(&out[last..span.start]);
        result.push_str(mark);
        last = span.end;
    }
    result.push_str(&out[last..]);
    result
}

/// Removes every known secret value from everywhere in an interaction.
pub(super) fn propagate(it: &mut Interaction, variants: &[String]) {
    let mark = it.mark().to_string();
    let request = &mut it.request;
    request.uri = replace_all(&request.uri, variants, &mark);
    for (_, v) in request
        .headers
        .iter_mut()
        .chain(request.trailers.iter_mut())
    {
        *v = replace_all(v, variants, &mark);
    }
    let cbor = is_cbor(&request.headers);
    if let Some(new) = replaced_body(&request.body, cbor, variants, &mark) {
        request.body = new.into();
    }
    if let Some(response) = it.response.as_mut() {
        for (_, v) in response.headers.iter_mut() {
            *v = replace_all(v, variants, REDACTED);
        }
        let cbor = is_cbor(&response.headers);
        if let Some(new) = replaced_body(&response.body, cbor, variants, REDACTED) {
            replace_response_body(response, new);
        }
    }
}

/// Whether headers say the body is CBOR.
fn is_cbor(headers: &[(String, String)]) -> bool {
    let content_type = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str());
    crate::cbor::is_cbor(content_type)
}

/// A CBOR document with secrets replaced in its JSON form, so that its lengths stay right
/// and a value is replaced only where it is a whole value (in the bytes, the length before a
/// text joins it); `None` when it holds none or is not CBOR.
fn replaced_cbor(body: &[u8], variants: &[String], mark: &str) -> Option<Vec<u8>> {
    let value = crate::cbor::to_json(body)?;
    let text = value.to_string();
    let new = replace_all(&text, variants, mark);
    if new == text {
        return None;
    }
    serde_json::from_str(&new)
        .ok()
        .and_then(|v| crate::cbor::from_json(&v).ok())
}

/// The body with secrets replaced, or `None` when it holds none. A CBOR body (`cbor`, by its
/// content type) is read as CBOR first: its bytes may well be UTF-8.
fn replaced_body(body: &[u8], cbor: bool, variants: &[String], mark: &str) -> Option<Vec<u8>> {
    if cbor && crate::cbor::to_json(body).is_some() {
        return replaced_cbor(body, variants, mark);
    }
    // An event stream: replaced in its messages, and framed again, so that every frame's
    // lengths and checksums stay right.
    if let Some(messages) = crate::fixture::events::to_json(body) {
        let text = messages.to_string();
        let new = replace_all(&text, variants, mark);
        if new == text {
            return None;
        }
        if let Ok(bytes) = serde_json::from_str(&new)
            .map_err(|e| e.to_string())
            .and_then(|v| crate::fixture::events::from_json(&v))
        {
            return Some(bytes);
        }
    }
    if let Ok(text) = std::str::from_utf8(body) {
        let new = replace_all(text, variants, mark);
        return (new != text).then(|| new.into_bytes());
    }
    // A CBOR document without its content type.
    if crate::cbor::to_json(body).is_some() {
        return replaced_cbor(body, variants, mark);
    }
    // A binary body: the secret's bytes are replaced wherever they stand as a value.
    let mut out = body.to_vec();
    for v in variants {
        if let Some(new) = replace_values(&out, v.as_bytes(), mark) {
            out = new;
        }
    }
    (out != body).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credential_is_replaced_where_it_is_a_value_not_inside_other_words() {
        let variants = variants(&["testing".to_string()]);
        assert_eq!(
            replace_all(
                "load-testing-latency retesting testing_x",
                &variants,
                "REDACTED"
            ),
            "load-testing-latency retesting testing_x"
        );
        assert_eq!(
            replace_all(
                "Credential=testing/2026 \"testing\" <Key>testing</Key> a=testing&b testing",
                &variants,
                "REDACTED"
            ),
            "Credential=REDACTED/2026 \"REDACTED\" <Key>REDACTED</Key> a=REDACTED&b testing"
        );
        assert_eq!(
            replace_values(b"\x00testing\x01", b"testing", "REDACTED").as_deref(),
            Some(&b"\x00REDACTED\x01"[..])
        );
    }

    #[test]
    fn a_credential_that_is_a_plain_word_is_data_inside_text() {
        // moto's suggested dummy credentials, and an alarm described in words.
        let word = variants(&["testing".to_string()]);
        let body = r#"{"AlarmDescription":"Latency during load testing","Owner":"testing"}"#;
        assert_eq!(
            replace_all(body, &word, "REDACTED"),
            r#"{"AlarmDescription":"Latency during load testing","Owner":"REDACTED"}"#
        );
        // A credential that is no word is removed wherever it stands.
        let key = variants(&["wJalrXUtnFEMIK7MDENG".to_string()]);
        assert_eq!(
            replace_all("the key wJalrXUtnFEMIK7MDENG leaked", &key, "REDACTED"),
            "the key REDACTED leaked"
        );
    }
}
