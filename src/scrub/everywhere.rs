//! Removing every known secret value, and everything that looks like a secret, from
//! everywhere in a fixture: other fields, headers, URIs, later interactions.

use super::secrets::spans;
use super::text::replace_response_body;
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

/// Whether a byte joins a word: a secret next to one is part of another value (the
/// credential `testing` in `load-testing-latency`), not the secret itself.
fn joins_word(byte: Option<&u8>) -> bool {
    byte.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
}

/// Replaces each occurrence of `needle` that stands as a value of its own (see
/// [`joins_word`]) by `mark`; `None` when there is none.
fn replace_values(haystack: &[u8], needle: &[u8], mark: &str) -> Option<Vec<u8>> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let mut out = Vec::with_capacity(haystack.len());
    let (mut i, mut changed) = (0, false);
    while i < haystack.len() {
        if haystack[i..].starts_with(needle)
            && !joins_word(i.checked_sub(1).and_then(|p| haystack.get(p)))
            && !joins_word(haystack.get(i + needle.len()))
        {
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
    if let Some(new) = replaced_body(&request.body, variants, &mark) {
        request.body = new.into();
    }
    if let Some(response) = it.response.as_mut() {
        for (_, v) in response.headers.iter_mut() {
            *v = replace_all(v, variants, REDACTED);
        }
        if let Some(new) = replaced_body(&response.body, variants, REDACTED) {
            replace_response_body(response, new);
        }
    }
}

/// The body with secrets replaced, or `None` when it holds none.
fn replaced_body(body: &[u8], variants: &[String], mark: &str) -> Option<Vec<u8>> {
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
    // A CBOR document: replaced in its JSON form, so that its lengths stay right.
    if let Some(value) = crate::cbor::to_json(body) {
        let text = value.to_string();
        let new = replace_all(&text, variants, mark);
        if new == text {
            return None;
        }
        if let Ok(bytes) = serde_json::from_str(&new).map(|v| crate::cbor::from_json(&v)) {
            return bytes.ok();
        }
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
                "Credential=testing/2026 \"testing\" testing",
                &variants,
                "REDACTED"
            ),
            "Credential=REDACTED/2026 \"REDACTED\" REDACTED"
        );
        assert_eq!(
            replace_values(b"\x00testing\x01", b"testing", "REDACTED").as_deref(),
            Some(&b"\x00REDACTED\x01"[..])
        );
    }
}
