//! Removing secrets from recorded interactions before anything is written.

use std::collections::BTreeMap;

use quick_xml::events::{BytesText, Event};
use quick_xml::{Reader, Writer};

use crate::fixture_file::{encode_body, Interaction};

/// What replaces a scrubbed value.
pub const REDACTED: &str = "REDACTED";

/// Which headers, query parameters and body fields carry secrets. The defaults cover AWS
/// signatures, session tokens, cookies, and fields such as `SecretAccessKey`,
/// `SessionToken` and `Password`; add your own with the builder methods.
///
/// ```
/// let scrubber = aws_stubber::Scrubber::default().field("ApiKey").header("x-api-key");
/// # let _ = scrubber;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct Scrubber {
    headers: Vec<String>,
    query: Vec<String>,
    fields: Vec<String>,
}

impl Default for Scrubber {
    fn default() -> Self {
        Scrubber {
            headers: [
                "authorization",
                "x-amz-security-token",
                "cookie",
                "set-cookie",
                "proxy-authorization",
                "x-amz-credential",
            ]
            .map(String::from)
            .to_vec(),
            query: [
                "X-Amz-Signature",
                "X-Amz-Credential",
                "X-Amz-Security-Token",
                "Signature",
                "AWSAccessKeyId",
            ]
            .map(String::from)
            .to_vec(),
            fields: [
                "SecretAccessKey",
                "SessionToken",
                "SecurityToken",
                "Password",
                "NewPassword",
                "OldPassword",
                "MasterUserPassword",
                "SecretString",
                "SecretBinary",
                "PrivateKey",
                "PrivateKeyMaterial",
                "KeyMaterial",
                "ClientSecret",
                "AuthToken",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

impl Scrubber {
    /// Also scrubs this header (name compared ignoring case).
    pub fn header(mut self, name: impl Into<String>) -> Self {
        self.headers.push(name.into());
        self
    }

    /// Also scrubs this query parameter (compared ignoring case).
    pub fn query_param(mut self, name: impl Into<String>) -> Self {
        self.query.push(name.into());
        self
    }

    /// Also scrubs body fields of this name: XML elements, JSON members and form
    /// parameters (`Foo.1.Password` counts as `Password`), compared ignoring case.
    pub fn field(mut self, name: impl Into<String>) -> Self {
        self.fields.push(name.into());
        self
    }

    fn is_secret_field(&self, name: &str) -> bool {
        let last = name.rsplit(['.', ':']).next().unwrap_or(name);
        self.fields.iter().any(|f| f.eq_ignore_ascii_case(last))
    }

    /// Scrubs one interaction in place.
    pub fn scrub(&self, interaction: &mut Interaction) {
        self.scrub_headers(&mut interaction.request.headers);
        interaction.request.uri = self.scrub_uri(&interaction.request.uri);
        let ct = interaction.request.headers.get("content-type").cloned();
        if let Ok(body) = interaction.request.body_bytes() {
            let (b, b64) = encode_body(&self.scrub_body(ct.as_deref(), &body));
            interaction.request.body = b;
            interaction.request.body_base64 = b64;
        }
        if let Some(response) = interaction.response.as_mut() {
            self.scrub_headers(&mut response.headers);
            let ct = response.headers.get("content-type").cloned();
            if let Ok(body) = response.body_bytes() {
                let (b, b64) = encode_body(&self.scrub_body(ct.as_deref(), &body));
                response.body = b;
                response.body_base64 = b64;
            }
        }
    }

    fn scrub_headers(&self, headers: &mut BTreeMap<String, String>) {
        for (k, v) in headers.iter_mut() {
            if self.headers.iter().any(|h| h.eq_ignore_ascii_case(k)) {
                *v = REDACTED.to_string();
            }
        }
    }

    fn scrub_uri(&self, uri: &str) -> String {
        let Some((base, query)) = uri.split_once('?') else {
            return uri.to_string();
        };
        let scrubbed: Vec<String> = query
            .split('&')
            .map(|pair| {
                let name = pair.split('=').next().unwrap_or("");
                let decoded = form_urlencoded::parse(name.as_bytes())
                    .next()
                    .map(|(k, _)| k.into_owned())
                    .unwrap_or_default();
                if self.query.iter().any(|q| q.eq_ignore_ascii_case(&decoded))
                    || self.is_secret_field(&decoded)
                {
                    format!("{name}={REDACTED}")
                } else {
                    pair.to_string()
                }
            })
            .collect();
        format!("{base}?{}", scrubbed.join("&"))
    }

    /// Scrubs secret fields from a body of the given content type.
    pub fn scrub_body(&self, content_type: Option<&str>, body: &[u8]) -> Vec<u8> {
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        let trimmed = body
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map(|i| body[i]);
        if ct.contains("x-www-form-urlencoded") {
            let mut out = form_urlencoded::Serializer::new(String::new());
            for (k, v) in form_urlencoded::parse(body) {
                if self.is_secret_field(&k) {
                    out.append_pair(&k, REDACTED);
                } else {
                    out.append_pair(&k, &v);
                }
            }
            return out.finish().into_bytes();
        }
        if ct.contains("json") || trimmed == Some(b'{') {
            if let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(body) {
                self.scrub_json(&mut v);
                return serde_json::to_vec(&v).unwrap_or_else(|_| body.to_vec());
            }
        }
        if ct.contains("xml") || trimmed == Some(b'<') {
            if let Some(out) = self.scrub_xml(body) {
                return out;
            }
        }
        body.to_vec()
    }

    fn scrub_json(&self, v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if self.is_secret_field(k) && !v.is_object() && !v.is_array() {
                        *v = serde_json::Value::String(REDACTED.into());
                    } else {
                        self.scrub_json(v);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_json(v)),
            _ => {}
        }
    }

    fn scrub_xml(&self, body: &[u8]) -> Option<Vec<u8>> {
        let mut reader = Reader::from_reader(body);
        let mut writer = Writer::new(Vec::new());
        let mut buf = Vec::new();
        // The depth of the secret element being skipped, if inside one.
        let mut secret: Option<usize> = None;
        let mut depth = 0usize;
        loop {
            let event = reader.read_event_into(&mut buf).ok()?;
            let write = match &event {
                Event::Eof => break,
                Event::Start(e) => {
                    depth += 1;
                    if secret.is_some() {
                        false
                    } else {
                        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                        if self.is_secret_field(&name) {
                            secret = Some(depth);
                            writer.write_event(event.clone()).ok()?;
                            writer
                                .write_event(Event::Text(BytesText::new(REDACTED)))
                                .ok()?;
                            false
                        } else {
                            true
                        }
                    }
                }
                Event::End(_) => {
                    let write = match secret {
                        Some(d) if d == depth => {
                            secret = None;
                            true
                        }
                        Some(_) => false,
                        None => true,
                    };
                    depth = depth.saturating_sub(1);
                    write
                }
                _ => secret.is_none(),
            };
            if write {
                writer.write_event(event).ok()?;
            }
            buf.clear();
        }
        Some(writer.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_xml_json_and_form_fields() {
        let s = Scrubber::default();
        let xml = br#"<R><AccessKey><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>s3cr3t</SecretAccessKey></AccessKey></R>"#;
        let out = String::from_utf8(s.scrub_body(Some("text/xml"), xml)).unwrap();
        assert_eq!(out, "<R><AccessKey><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>REDACTED</SecretAccessKey></AccessKey></R>");
        let json =
            br#"{"Credentials":{"SessionToken":"tok","Expiration":1},"List":[{"Password":"p"}]}"#;
        let out = String::from_utf8(s.scrub_body(Some("application/json"), json)).unwrap();
        assert!(!out.contains("tok") && !out.contains("\"p\""), "{out}");
        let form = b"Action=CreateLoginProfile&UserName=bob&Password=hunter2";
        let out = String::from_utf8(s.scrub_body(Some("application/x-www-form-urlencoded"), form))
            .unwrap();
        assert_eq!(
            out,
            "Action=CreateLoginProfile&UserName=bob&Password=REDACTED"
        );
    }

    #[test]
    fn scrubs_presigned_query_parameters() {
        let s = Scrubber::default();
        let uri = "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2F2024&X-Amz-Signature=abc&x-id=GetObject";
        assert_eq!(
            s.scrub_uri(uri),
            "https://b.s3.amazonaws.com/k?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&x-id=GetObject"
        );
    }

    #[test]
    fn custom_fields_are_scrubbed_too() {
        let s = Scrubber::default().field("ApiKey");
        let out = s.scrub_body(Some("application/json"), br#"{"ApiKey":"k","Name":"n"}"#);
        assert_eq!(out, br#"{"ApiKey":"REDACTED","Name":"n"}"#);
    }
}
