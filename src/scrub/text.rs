//! Helpers the scrubbing passes share: decoding names, form paths, URL user info, a
//! response body replaced, and the scrub mark of a fresh recording.

use super::sensitive::normalize;
use crate::compare::wildcard::REDACTED;
use crate::respond::RawResponse;

/// The scrub mark a fresh recording of `request` needs: `None` (`REDACTED`) unless the
/// request already holds that word as data, raw or decoded (an object key `REDACTED.txt`,
/// a JSON string `"RED\u0041CTED"`); then the first `REDACTED-N` it does not hold.
#[cfg_attr(not(feature = "record"), allow(dead_code))]
pub(crate) fn fresh_mark(request: &crate::history::RecordedRequest) -> Option<String> {
    let content_type = request
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str());
    let decoded_uri = decode(&request.uri.replace('&', "%26"));
    let texts = [
        request.uri.clone(),
        decoded_uri,
        String::from_utf8_lossy(&request.body).into_owned(),
        crate::compare::body::Canonical::of(content_type, &request.body).lines(),
    ];
    let values = request
        .headers
        .iter()
        .chain(&request.trailers)
        .map(|(_, v)| v.as_str());
    let mark =
        crate::compare::wildcard::choose_mark(texts.iter().map(String::as_str).chain(values));
    (mark != REDACTED).then_some(mark)
}

pub(super) fn decode(text: &str) -> String {
    form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// `Credentials.member.1.Password` -> `[credentials, member, password]`.
pub(super) fn form_path(name: &str) -> Vec<String> {
    name.split('.')
        .filter(|p| !p.is_empty() && !p.bytes().all(|b| b.is_ascii_digit()))
        .map(normalize)
        .collect()
}

/// Removes `user:password@` from a URL, keeping both as secrets.
pub(super) fn strip_userinfo(url: &str, secrets: &mut Vec<String>) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_string();
    };
    // The password; a user name alone is often a token (`https://TOKEN@host`).
    let userinfo = &rest[..at];
    let secret = userinfo
        .split_once(':')
        .map_or(userinfo, |(_, password)| password);
    secrets.push(decode(secret));
    format!("{scheme}://{}", &rest[at + 1..])
}

/// Sets a response body that scrubbing changed: its `content-length` follows, and checksums
/// of the old bytes go (they would fail the SDK's validation on replay).
pub(super) fn replace_response_body(response: &mut RawResponse, bytes: Vec<u8>) {
    let length = bytes.len().to_string();
    response.body = bytes.into();
    for (k, v) in response.headers.iter_mut() {
        if k.eq_ignore_ascii_case("content-length") {
            v.clone_from(&length);
        }
    }
    response.headers.retain(|(k, _)| {
        let k = k.to_ascii_lowercase();
        !k.starts_with("x-amz-checksum-") && k != "content-md5"
    });
}

/// Whether a byte joins a word: a secret next to one is part of another value (the
/// credential `testing` in `load-testing-latency`), not the secret itself.
fn joins_word(byte: Option<&u8>) -> bool {
    byte.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
}

/// Whether the secret at `at..end` of `text` stands as a value of its own: no word goes on
/// before or after it (see [`joins_word`]), and, for a plain word, it is a whole value or a
/// credential scope's key id (see [`stands_whole`]).
pub(super) fn stands_as_value(text: &[u8], at: usize, end: usize) -> bool {
    !joins_word(at.checked_sub(1).and_then(|p| text.get(p)))
        && !joins_word(text.get(end))
        && (!is_plain_word(&text[at..end]) || stands_whole(text, at, end))
}

/// Whether a secret is a plain word (`testing`, `dummy`): letters only, short. Such a value
/// cannot be told from the same word in text, so it is a secret only where it stands as a
/// whole value or in a credential scope (see [`stands_whole`]); any other secret is one
/// wherever it stands.
fn is_plain_word(secret: &[u8]) -> bool {
    secret.len() <= 16 && secret.iter().all(u8::is_ascii_alphabetic)
}

/// Whether the occurrence of a plain word at `at..end` of `text` is a whole value (a JSON
/// string, an XML element's text, a form or query value, a header value, a line) or the key
/// id of a credential scope (`Credential=testing/20260101/...`).
fn stands_whole(text: &[u8], at: usize, end: usize) -> bool {
    let before = at.checked_sub(1).map(|p| text[p]);
    let after = text.get(end).copied();
    // Control bytes bound a value too: the length of a CBOR text, an event-stream frame's.
    let opens = before.is_none_or(|b| b < 0x20 || matches!(b, b'"' | b'>' | b'='));
    let closes = after.is_none_or(|b| b < 0x20 || matches!(b, b'"' | b'<' | b'&' | b'\\'));
    let scope = [&b"Credential="[..], b"Credential%3D", b"credential="]
        .iter()
        .any(|key| text[..at].ends_with(key))
        && (after == Some(b'/') || text[end..].starts_with(b"%2F"));
    (opens && closes) || scope
}

/// A body as text to search: a CBOR body (by its content type) in its JSON form, where each
/// text stands apart from the length before it; any other as its bytes.
pub(super) fn body_text(headers: &[(String, String)], body: &[u8]) -> String {
    let content_type = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str());
    if crate::cbor::is_cbor(content_type)
        && let Some(value) = crate::cbor::to_json(body)
    {
        return value.to_string();
    }
    String::from_utf8_lossy(body).into_owned()
}
