//! Finding what looks like a secret in a fixture file: AWS access key ids, JWT-shaped tokens,
//! PEM private keys, and values the caller knows are secret (the credentials a recording
//! used).

use std::fmt;

use super::text::{body_text, stands_as_value};
use crate::fixture::Fixture;

/// An AWS access key id that AWS's own documentation uses as an example.
const DOCUMENTED_EXAMPLE_KEY: &str = "AKIAIOSFODNN7EXAMPLE";

/// Where a fixture holds what looks like a secret, as `aws-stubber-fixture check` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SecretFinding {
    /// The interaction (from 1), or `None` for the file's `endpoint`.
    pub interaction: Option<usize>,
    /// The field: `request header "x-api-key"`, `response body`, `request uri`, ...
    pub field: String,
    /// What it looks like: `an AWS access key id`, `a JWT`, `a PEM private key`, `a
    /// credential the recording used`.
    pub what: &'static str,
}

impl fmt::Display for SecretFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.interaction {
            Some(i) => write!(f, "interaction #{i} {}: {}", self.field, self.what),
            None => write!(f, "{}: {}", self.field, self.what),
        }
    }
}

/// A span of text that looks like a secret.
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) what: &'static str,
}

/// Every span of `text` that looks like a secret, in order and not overlapping. `known`
/// values (at least 4 bytes long) count where they stand as a value of their own (see
/// [`stands_as_value`]), as scrubbing replaces them.
pub(crate) fn spans(text: &str, known: &[&str]) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for value in known.iter().filter(|v| v.len() >= 4) {
        for (start, _) in text
            .match_indices(*value)
            .filter(|(start, _)| stands_as_value(bytes, *start, start + value.len()))
        {
            out.push(Span {
                start,
                end: start + value.len(),
                what: "a credential the recording used",
            });
        }
    }
    let sigv2 = text.to_ascii_lowercase().contains("awsaccesskeyid");
    let mut i = 0;
    while i < bytes.len() {
        if let Some((start, end)) = presigned_at(bytes, i, sigv2) {
            out.push(Span {
                start,
                end,
                what: "a presigned URL's signature or credential",
            });
            i = end;
            continue;
        }
        let found = access_key_id_at(text, i)
            .map(|end| (end, "an AWS access key id"))
            .or_else(|| ecr_token_at(bytes, i).map(|end| (end, "an ECR authorization token")))
            .or_else(|| jwt_at(bytes, i).map(|end| (end, "a JWT")))
            .or_else(|| pem_private_key_at(text, i).map(|end| (end, "a PEM private key")));
        match found {
            Some((end, what)) => {
                out.push(Span {
                    start: i,
                    end,
                    what,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut merged: Vec<Span> = Vec::with_capacity(out.len());
    for span in out {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// `AKIA`/`ASIA` followed by 16 upper-case letters or digits, as a whole word.
fn access_key_id_at(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = i + 20;
    if end > bytes.len() || (i > 0 && is_word(bytes[i - 1])) {
        return None;
    }
    let candidate = &bytes[i..end];
    let prefix_ok = candidate.starts_with(b"AKIA") || candidate.starts_with(b"ASIA");
    let body_ok = candidate[4..]
        .iter()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let boundary = end == bytes.len() || !is_word(bytes[end]);
    (prefix_ok && body_ok && boundary && &text[i..end] != DOCUMENTED_EXAMPLE_KEY).then_some(end)
}

/// The query parameters of a presigned URL that carry its signature or a credential: SigV4's,
/// and SigV2's (`Signature` counts only in a text that also holds `AWSAccessKeyId`).
const PRESIGNED: [&str; 5] = [
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "awsaccesskeyid",
    "signature",
];

/// What separates query parameters, plain, percent-encoded (a URL inside another URL's
/// query) or XML-escaped.
const SEPARATORS: [&[u8]; 6] = [b"?", b"&", b"&amp;", b"%3f", b"%26", b"\\u0026"];

/// At `i`, a separator and a presigned URL's secret parameter: the span of its value (kept
/// out: the URL, the other parameters, the expiry). A value already `REDACTED` is none.
fn presigned_at(bytes: &[u8], i: usize, sigv2: bool) -> Option<(usize, usize)> {
    let lower =
        |from: usize, len: usize| bytes.get(from..from + len).map(|s| s.to_ascii_lowercase());
    let (separator, name) = SEPARATORS
        .iter()
        .filter(|s| lower(i, s.len()).as_deref() == Some(**s))
        .find_map(|separator| {
            let from = i + separator.len();
            PRESIGNED
                .iter()
                .find(|n| {
                    lower(from, n.len()).as_deref() == Some(n.as_bytes())
                        && (**n != "signature" || sigv2)
                })
                .map(|name| (separator, name))
        })?;
    let after = i + separator.len() + name.len();
    let encoded = separator.starts_with(b"%");
    let equals: &[u8] = if encoded { b"%3d" } else { b"=" };
    if lower(after, equals.len()).as_deref() != Some(equals) {
        return None;
    }
    let start = after + equals.len();
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        let stop = matches!(b, b'&' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'\\')
            || b.is_ascii_whitespace()
            || (encoded && lower(end, 3).as_deref() == Some(b"%26"));
        if stop {
            break;
        }
        end += 1;
    }
    let value = &bytes[start..end];
    (!value.is_empty() && !crate::compare::wildcard::is_mark(value)).then_some((start, end))
}

/// An ECR authorization token: base64 of `AWS:<password>` (a docker login credential), as a
/// whole word of at least 20 characters.
fn ecr_token_at(bytes: &[u8], i: usize) -> Option<usize> {
    let base64 = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    if !bytes[i..].starts_with(b"QVdTO") || (i > 0 && base64(&bytes[i - 1])) {
        return None;
    }
    let end = i + bytes[i..].iter().take_while(|b| base64(b)).count();
    (end - i >= 20).then_some(end)
}

/// `eyJ<header>.eyJ<payload>[.<signature>]`, each part base64url.
fn jwt_at(bytes: &[u8], i: usize) -> Option<usize> {
    if !bytes[i..].starts_with(b"eyJ") || (i > 0 && is_word(bytes[i - 1])) {
        return None;
    }
    let part = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
            .count()
    };
    let header = part(i);
    if header < 10 || bytes.get(i + header) != Some(&b'.') {
        return None;
    }
    let payload_start = i + header + 1;
    if !bytes[payload_start..].starts_with(b"eyJ") {
        return None;
    }
    let mut end = payload_start + part(payload_start);
    if bytes.get(end) == Some(&b'.') {
        end += 1 + part(end + 1);
    }
    Some(end)
}

/// `-----BEGIN ... PRIVATE KEY-----` through its `END` line (or the end of the text).
fn pem_private_key_at(text: &str, i: usize) -> Option<usize> {
    // Checked on bytes first: `i` may fall inside a character (of a binary body read
    // lossily); an ASCII match starts on a character boundary.
    if !text.as_bytes()[i..].starts_with(b"-----BEGIN ") {
        return None;
    }
    let rest = &text[i..];
    let line_end = rest[11..].find("-----")? + 11;
    if !rest[..line_end].ends_with("PRIVATE KEY") {
        return None;
    }
    let after = line_end + 5;
    let end = match rest[after..].find("-----END ") {
        Some(e) => {
            let close = after + e + 9;
            rest[close..]
                .find("-----")
                .map(|c| close + c + 5)
                .unwrap_or(text.len() - i)
        }
        None => text.len() - i,
    };
    Some(i + end)
}

/// Everything in `fixture` that looks like a secret, or is one of `known` (for example the
/// credentials a recording used), with the interaction and field it is in.
///
/// ```
/// let mut fixture = aws_stubber::fixture::Fixture::new();
/// fixture.endpoint = Some("http://AKIAZZZZZZZZZZZZZZZZ@localhost:4566".into());
/// let findings = aws_stubber::scrub::find_secrets(&fixture, &[]);
/// assert_eq!(findings[0].to_string(), "endpoint: an AWS access key id");
/// ```
pub fn find_secrets(fixture: &Fixture, known: &[&str]) -> Vec<SecretFinding> {
    let mut out = Vec::new();
    let mut look = |interaction: Option<usize>, field: String, text: &str| {
        if let Some(span) = spans(text, known).first() {
            out.push(SecretFinding {
                interaction,
                field,
                what: span.what,
            });
        }
    };
    if let Some(endpoint) = &fixture.endpoint {
        look(None, "endpoint".into(), endpoint);
    }
    for (i, it) in fixture.interactions.iter().enumerate() {
        let n = Some(i + 1);
        look(n, "request uri".into(), &it.request.uri);
        for (k, v) in it.request.headers.iter().chain(&it.request.trailers) {
            look(n, format!("request header {k:?}"), v);
        }
        look(
            n,
            "request body".into(),
            &body_text(&it.request.headers, &it.request.body),
        );
        if let Some(response) = &it.response {
            for (k, v) in &response.headers {
                look(n, format!("response header {k:?}"), v);
            }
            look(
                n,
                "response body".into(),
                &body_text(&response.headers, &response.body),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::spans;

    fn kinds(text: &str) -> Vec<&'static str> {
        spans(text, &["s3cr3t-value"])
            .iter()
            .map(|s| s.what)
            .collect()
    }

    #[test]
    fn finds_each_kind_of_secret() {
        assert_eq!(kinds("id=AKIAABCDEFGHIJKLMNOP&x"), ["an AWS access key id"]);
        assert_eq!(kinds("ASIAABCDEFGHIJKLMNOP"), ["an AWS access key id"]);
        assert!(
            kinds("AKIAIOSFODNN7EXAMPLE").is_empty(),
            "AWS's documented example"
        );
        assert!(
            kinds("XAKIAABCDEFGHIJKLMNOP").is_empty(),
            "not a whole word"
        );
        assert_eq!(
            kinds(r#"{"IdToken":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"}"#),
            ["a JWT"]
        );
        assert_eq!(
            kinds("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"),
            ["a PEM private key"]
        );
        assert!(kinds("-----BEGIN CERTIFICATE-----").is_empty());
        assert_eq!(
            kinds("token: s3cr3t-value"),
            ["a credential the recording used"]
        );
        assert!(kinds("nothing to see").is_empty());
    }

    fn redacted(text: &str) -> String {
        let mut out = text.to_string();
        for span in spans(text, &[]).iter().rev() {
            out.replace_range(span.start..span.end, "REDACTED");
        }
        out
    }

    #[test]
    fn presigned_urls_keep_everything_but_their_signature_and_credentials() {
        let sigv4 = "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256\
            &X-Amz-Credential=ASIAX%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z\
            &X-Amz-Expires=900&X-Amz-Security-Token=IQoJb3JpZ2luX2Vj&X-Amz-SignedHeaders=host\
            &X-Amz-Signature=0123456789abcdef";
        assert_eq!(
            redacted(sigv4),
            "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256\
            &X-Amz-Credential=REDACTED&X-Amz-Date=20260101T000000Z\
            &X-Amz-Expires=900&X-Amz-Security-Token=REDACTED&X-Amz-SignedHeaders=host\
            &X-Amz-Signature=REDACTED"
        );
        // In JSON and XML, and percent-encoded inside another URL.
        assert_eq!(
            redacted(r#"{"Location":"https://h/f?x-amz-signature=abc\u0026X-Amz-Date=1"}"#),
            r#"{"Location":"https://h/f?x-amz-signature=REDACTED\u0026X-Amz-Date=1"}"#
        );
        assert_eq!(
            redacted("<Url>https://h/f?a=1&amp;X-Amz-Signature=abc</Url>"),
            "<Url>https://h/f?a=1&amp;X-Amz-Signature=REDACTED</Url>"
        );
        assert_eq!(
            redacted("next=https%3A%2F%2Fh%2Ff%3FX-Amz-Signature%3Dabc%26X-Amz-Date%3D1"),
            "next=https%3A%2F%2Fh%2Ff%3FX-Amz-Signature%3DREDACTED%26X-Amz-Date%3D1"
        );
        // SigV2: Signature and AWSAccessKeyId, with Expires kept.
        assert_eq!(
            redacted("https://h/f?AWSAccessKeyId=testing&Expires=1767225600&Signature=c2ln%3D"),
            "https://h/f?AWSAccessKeyId=REDACTED&Expires=1767225600&Signature=REDACTED"
        );
        assert!(kinds("https://h/?Signature=not-presigned").is_empty());
        assert!(kinds("https://h/?X-Amz-Signature=REDACTED").is_empty());
    }

    #[test]
    fn ecr_authorization_tokens_are_found_by_what_they_decode_to() {
        // base64 of `AWS:docker-login-password`
        assert_eq!(
            kinds(r#"{"authorizationToken":"QVdTOmRvY2tlci1sb2dpbi1wYXNzd29yZA=="}"#),
            ["an ECR authorization token"]
        );
        assert!(kinds("QVdTOmE=").is_empty(), "too short to be a token");
    }

    #[test]
    fn text_read_lossily_from_binary_is_scanned_without_panicking() {
        // Event-stream frames, read as text: replacement characters between ASCII runs.
        let frames = [
            0u8, 0, 0, 0x74, 0xd2, 0x8a, b'-', b'-', 0xff, 0xfe, b'A', b'K',
        ];
        let text = String::from_utf8_lossy(&frames);
        assert!(kinds(&text).is_empty());
        let key = "\u{fffd}-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----";
        assert_eq!(kinds(key), ["a PEM private key"]);
    }
}
