//! Scrubbing one interaction: its URI, headers and bodies, by the members the service model
//! marks sensitive and by the scrubber's names.

use super::document::Ctx;
use super::names::{RESPONSE_META_HEADERS, SDK_HEADERS};
use super::scrubber::{Knowledge, Scrubber, Side, UnreadableBody};
use super::sensitive::Sensitive;
use super::text::{decode, form_path, replace_response_body, strip_userinfo};
use crate::compare::wildcard::REDACTED;
use crate::fixture::Interaction;
use crate::respond::EVENT_STREAM;

impl Scrubber {
    pub(super) fn scrub_interaction(
        &self,
        it: &mut Interaction,
        k: &Knowledge,
        secrets: &mut Vec<String>,
    ) -> Result<(), String> {
        let (input, output) = (k.input.as_ref(), k.output.as_ref());
        let mark = it.mark().to_string();
        let request = &mut it.request;
        let uri = strip_userinfo(&request.uri, secrets);
        request.uri = self.scrub_uri(&uri, input, secrets, &mark);
        self.scrub_headers(&mut request.headers, input, SDK_HEADERS, secrets, &mark);
        let mut problems = Vec::new();
        let payload = it.payload.request || input.is_some_and(Sensitive::has_payload);
        let body = &request.body;
        match self.scrub_body(
            (Side::Request, &mark),
            &request.headers,
            body,
            payload,
            input,
            secrets,
        ) {
            Ok(Some(new)) => request.body = new.into(),
            Ok(None) => it.payload.request |= payload && !body.is_empty(),
            Err(why) => problems.push(format!("request body: {why}")),
        }
        if let Some(response) = it.response.as_mut() {
            self.scrub_headers(
                &mut response.headers,
                output,
                RESPONSE_META_HEADERS,
                secrets,
                REDACTED,
            );
            let payload = it.payload.response || output.is_some_and(Sensitive::has_payload);
            let body = &response.body;
            match self.scrub_body(
                (Side::Response, REDACTED),
                &response.headers,
                body,
                payload,
                output,
                secrets,
            ) {
                Ok(Some(new)) => replace_response_body(response, new),
                Ok(None) => it.payload.response |= payload && !body.is_empty(),
                Err(why) => problems.push(format!("response body: {why}")),
            }
        }
        self.settle_unreadable(it, &problems)
    }

    /// The bodies that could not be read: replaced whole by the scrub mark, or an error
    /// that names them when unreadable bodies are refused.
    fn settle_unreadable(&self, it: &mut Interaction, problems: &[String]) -> Result<(), String> {
        if problems.is_empty() {
            return Ok(());
        }
        if self.unreadable == UnreadableBody::Refuse {
            return Err(problems.join("; "));
        }
        for p in problems {
            if p.starts_with("request") {
                it.request.body = it.mark().to_string().into();
            } else if let Some(response) = it.response.as_mut() {
                replace_response_body(response, REDACTED.into());
            }
        }
        Ok(())
    }

    /// Scrubs headers named secret, and, when the value has sensitive members, every
    /// `x-amz-` header whose value the SDK's `Debug` does not show (a sensitive member bound
    /// to a header, such as S3's SSE-C key or SSO's bearer token).
    fn scrub_headers(
        &self,
        headers: &mut [(String, String)],
        sensitive: Option<&Sensitive>,
        computed: &[&str],
        secrets: &mut Vec<String>,
        mark: &str,
    ) {
        for (name, value) in headers.iter_mut() {
            if value == mark {
                continue;
            }
            let by_model = sensitive.is_some_and(|s| {
                s.header(name)
                    || s.typed()
                        && s.any()
                        && name.starts_with("x-amz-")
                        && !name.starts_with("x-amz-checksum-")
                        && !computed.contains(&name.as_str())
                        && !s.shows(value)
            });
            if self.is_secret_header(name) || by_model {
                let old = std::mem::replace(value, mark.to_string());
                // A value found only because the SDK does not show it may be a header the
                // model does not know at all (`x-amz-storage-class` on some answers): it is
                // hunted through the file only when it is long enough to be key material.
                if self.is_secret_header(name) || old.len() >= 16 {
                    secrets.push(old);
                }
            }
        }
    }

    /// A fixture's `endpoint`, scrubbed like any URI: its user info goes (`strip_userinfo`),
    /// and so does every query parameter named secret or whose name reads as a secret's
    /// (`?token=...`, `?api_key=...`).
    pub(super) fn scrub_endpoint(&self, endpoint: &str, secrets: &mut Vec<String>) -> String {
        let endpoint = strip_userinfo(endpoint, secrets);
        self.scrub_query(&endpoint, None, true, secrets, REDACTED)
    }

    fn scrub_uri(
        &self,
        uri: &str,
        input: Option<&Sensitive>,
        secrets: &mut Vec<String>,
        mark: &str,
    ) -> String {
        self.scrub_query(uri, input, false, secrets, mark)
    }

    /// The query parameters of `uri` named secret (by the scrubber's names, the model's
    /// members, or with `by_reading` how the name reads) replaced by `mark`.
    fn scrub_query(
        &self,
        uri: &str,
        input: Option<&Sensitive>,
        by_reading: bool,
        secrets: &mut Vec<String>,
        mark: &str,
    ) -> String {
        let Some((base, query)) = uri.split_once('?') else {
            return uri.to_string();
        };
        let scrubbed: Vec<String> = query
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                let decoded = decode(name);
                let secret = self.query.iter().any(|q| q.eq_ignore_ascii_case(&decoded))
                    || self.is_secret_field(&decoded)
                    || (by_reading && super::names::reads_as_secret(&decoded))
                    || input
                        .is_some_and(|s| s.query_param(&decoded) || s.covers(&form_path(&decoded)));
                if secret && !value.is_empty() && value != mark {
                    secrets.push(decode(value));
                    format!("{name}={mark}")
                } else {
                    pair.to_string()
                }
            })
            .collect();
        format!("{base}?{}", scrubbed.join("&"))
    }

    /// The scrubbed body, `None` when it stays as it was, or why it cannot be read. `side`
    /// comes with what marks a scrubbed value there.
    fn scrub_body(
        &self,
        (side, mark): (Side, &str),
        headers: &[(String, String)],
        body: &[u8],
        payload: bool,
        sensitive: Option<&Sensitive>,
        secrets: &mut Vec<String>,
    ) -> Result<Option<Vec<u8>>, String> {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let (content_type, content_encoding) = (header("content-type"), header("content-encoding"));
        let mut ctx = Ctx {
            scrubber: self,
            side,
            sensitive,
            secrets,
            mark,
            embedded: 0,
        };
        // An event stream (by its content type or its frames) is read message by message,
        // even as an operation's payload: its JSON and XML messages are documents.
        if is_event_stream(content_type, body) {
            return ctx.event_stream(body);
        }
        if body.is_empty() || payload {
            return Ok(None);
        }
        // A request body the SDK gzipped is recorded decompressed (see
        // `RecordedRequest::plain_body`); its `gzip` says how it was sent.
        let decompressed = side == Side::Request && !crate::history::encoding::is_gzip(body);
        check_encoding(content_encoding, decompressed)?;
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        let text = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let first = text.iter().find(|b| !b.is_ascii_whitespace()).copied();
        if ct.contains("x-www-form-urlencoded") {
            return Ok(ctx.form(body));
        }
        if crate::cbor::is_cbor(content_type) {
            return ctx.cbor(body);
        }
        if ct.contains("json") || (!ct.contains("xml") && matches!(first, Some(b'{' | b'['))) {
            return ctx
                .json(text)
                .map_err(|e| format!("it is not valid JSON ({e})"));
        }
        if ct.contains("xml") || first == Some(b'<') {
            return ctx
                .xml(text)
                .map_err(|e| format!("it is not valid XML ({e})"));
        }
        Err(match content_type {
            Some(ct) => format!("its content type {ct:?} is not one the scrubber reads"),
            None => "it has no content type and is not JSON or XML".into(),
        })
    }
}

/// Whether a body is an event stream, by its content type or its frames (some endpoints
/// label event streams `application/xml`).
fn is_event_stream(content_type: Option<&str>, body: &[u8]) -> bool {
    !body.is_empty()
        && (content_type.is_some_and(|ct| ct.to_ascii_lowercase().starts_with(EVENT_STREAM))
            || (std::str::from_utf8(body).is_err()
                && crate::fixture::events::to_json(body).is_some()))
}

/// Fails for a body compressed or otherwise encoded: the scrubber cannot read it. A body
/// `decompressed` already may say `gzip`.
fn check_encoding(content_encoding: Option<&str>, decompressed: bool) -> Result<(), String> {
    let encoding = content_encoding.unwrap_or("").to_ascii_lowercase();
    if encoding.split(',').map(str::trim).any(|e| {
        !e.is_empty() && e != "identity" && e != "aws-chunked" && !(decompressed && e == "gzip")
    }) {
        return Err(format!("its content-encoding is {encoding:?}"));
    }
    Ok(())
}
