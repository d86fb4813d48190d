//! Scrubbing one body that is a document of the protocol: form parameters, JSON, XML.

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

use super::scrubber::{Scrubber, Side};
use super::text::{decode, form_path};
use crate::compare::wildcard::REDACTED;
use crate::scrub::sensitive::{Sensitive, normalize};

/// One body being scrubbed.
pub(super) struct Ctx<'a> {
    pub(super) scrubber: &'a Scrubber,
    pub(super) side: Side,
    pub(super) sensitive: Option<&'a Sensitive>,
    pub(super) secrets: &'a mut Vec<String>,
    /// What marks a scrubbed value: the interaction's mark in requests, `REDACTED` in
    /// responses.
    pub(super) mark: &'a str,
    /// How many JSON documents carried as text (in a JSON string, an XML element, a form
    /// value) the value being scrubbed sits in.
    pub(super) embedded: usize,
}

/// Members that name a pair's secret (`{"name": "DB_PASSWORD", "value": ...}`, CloudFormation's
/// `ParameterKey`/`ParameterValue`, an RDS parameter's `ParameterName`), by their normalized
/// names; and the members that hold its value.
const PAIR_NAMES: &[&str] = &["name", "key", "parametername", "parameterkey"];
const PAIR_VALUES: &[&str] = &["value", "parametervalue"];

/// The member holding a pair's value when the object is a pair whose name reads as a
/// secret's.
fn secret_pair(map: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let named_secret = map.iter().any(|(k, v)| {
        PAIR_NAMES.contains(&normalize(k).as_str())
            && v.as_str().is_some_and(super::names::reads_as_secret)
    });
    if !named_secret {
        return None;
    }
    map.keys()
        .find(|k| PAIR_VALUES.contains(&normalize(k).as_str()))
        .cloned()
}

/// The prefix of a form parameter whose last named part is one of `names`
/// (`Parameters.member.1.ParameterValue` -> `Parameters.member.1`).
fn pair_prefix<'n>(name: &'n str, names: &[&str]) -> Option<&'n str> {
    let mut end = name.len();
    loop {
        let (prefix, last) = match name[..end].rsplit_once('.') {
            Some((prefix, last)) => (Some(prefix), last),
            None => (None, &name[..end]),
        };
        if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
            end = prefix?.len();
            continue;
        }
        return names
            .contains(&normalize(last).as_str())
            .then(|| prefix.unwrap_or(""));
    }
}

impl<'a> Ctx<'a> {
    fn is_secret(&self, path: &[String], name: &str) -> bool {
        self.scrubber.is_secret_field(name) || self.sensitive.is_some_and(|s| s.covers(path))
    }

    /// What replaces a secret value: the scrub mark in requests (replay then accepts any
    /// value); in responses a value of the same shape, so that the SDK still reads it on
    /// replay.
    fn replacement<'m>(&mut self, original: &str) -> &'m str
    where
        'a: 'm,
    {
        if original.len() >= 4 && !is_plain_value(original) {
            self.secrets.push(original.to_string());
        }
        match self.side {
            Side::Request => self.mark,
            Side::Response => placeholder(original),
        }
    }

    pub(super) fn form(&mut self, body: &[u8]) -> Option<Vec<u8>> {
        let text = String::from_utf8_lossy(body);
        let pairs: Vec<(&str, &str)> = text
            .split('&')
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .collect();
        // Pairs whose name reads as a secret's: their value is one.
        let secret_pairs: Vec<String> = pairs
            .iter()
            .filter_map(|(name, value)| {
                let name = decode(name);
                let prefix = pair_prefix(&name, PAIR_NAMES)?.to_string();
                super::names::reads_as_secret(&decode(value)).then_some(prefix)
            })
            .collect();
        let mut changed = false;
        let pairs: Vec<String> = text
            .split('&')
            .zip(pairs)
            .map(|(pair, (name, value))| {
                let decoded = decode(name);
                let pair_value = pair_prefix(&decoded, PAIR_VALUES)
                    .is_some_and(|p| secret_pairs.iter().any(|s| s == p));
                if !value.is_empty()
                    && value != self.mark
                    && (pair_value || self.is_secret(&form_path(&decoded), &decoded))
                {
                    changed = true;
                    let value = decode(value);
                    format!("{name}={}", self.replacement(&value))
                } else if let Some(json) = self.embedded_json(&decode(value)) {
                    changed = true;
                    let encoded: String =
                        form_urlencoded::byte_serialize(json.as_bytes()).collect();
                    format!("{name}={}", encoded.replace('+', "%20"))
                } else {
                    pair.to_string()
                }
            })
            .collect();
        changed.then(|| pairs.join("&").into_bytes())
    }

    pub(super) fn json(&mut self, body: &[u8]) -> Result<Option<Vec<u8>>, serde_json::Error> {
        let mut value: serde_json::Value = serde_json::from_slice(body)?;
        let mut changed = false;
        self.json_value(&mut value, &mut Vec::new(), false, &mut changed);
        Ok(changed.then(|| serde_json::to_vec(&value).expect("a JSON value serializes")))
    }

    /// An event-stream body: each message's JSON or XML payload scrubbed, the frames written
    /// again. Other payloads (raw data, such as S3 Select records) are kept, except for the
    /// secret values removed everywhere afterwards.
    pub(super) fn event_stream(&mut self, body: &[u8]) -> Result<Option<Vec<u8>>, String> {
        use crate::fixture::events::{from_json, to_json};
        let mut messages = to_json(body).ok_or("its event-stream frames cannot be read")?;
        let mut changed = false;
        for message in messages.as_array_mut().into_iter().flatten() {
            if let Some(json) = message.get_mut("payload_json") {
                self.json_value(json, &mut Vec::new(), false, &mut changed);
            } else if let Some(serde_json::Value::String(text)) = message.get_mut("payload")
                && text.trim_start().starts_with('<')
                && let Some(new) = self.xml(text.as_bytes())?
            {
                *text = String::from_utf8_lossy(&new).into_owned();
                changed = true;
            }
        }
        changed.then(|| from_json(&messages)).transpose()
    }

    /// A CBOR body, scrubbed in its JSON form and written back as CBOR.
    pub(super) fn cbor(&mut self, body: &[u8]) -> Result<Option<Vec<u8>>, String> {
        let value = crate::cbor::to_json(body).ok_or("it is not valid CBOR")?;
        let json = serde_json::to_vec(&value).expect("a JSON value serializes");
        let scrubbed = self.json(&json).map_err(|e| e.to_string())?;
        scrubbed
            .map(|json| {
                let value = serde_json::from_slice(&json).map_err(|e| e.to_string())?;
                crate::cbor::from_json(&value)
            })
            .transpose()
    }

    pub(super) fn json_value(
        &mut self,
        value: &mut serde_json::Value,
        path: &mut Vec<String>,
        secret: bool,
        changed: &mut bool,
    ) {
        use serde_json::Value;
        match value {
            Value::Object(map) => {
                let pair_value = secret_pair(map);
                for (k, v) in map.iter_mut() {
                    path.push(normalize(k));
                    // A document carried in a string (a message body, a template, an input)
                    // is the user's own: its members are secret by their names too.
                    let secret = secret
                        || self.is_secret(path, k)
                        || pair_value.as_deref() == Some(k.as_str())
                        || (self.embedded > 0 && super::names::reads_as_secret(k));
                    self.json_value(v, path, secret, changed);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.json_value(item, path, secret, changed);
                }
            }
            Value::Null => {}
            Value::String(s) if secret && s != self.mark => {
                let replacement = self.replacement(s);
                if replacement != s {
                    *value = Value::String(replacement.to_string());
                    *changed = true;
                }
            }
            Value::String(s) if !secret => {
                if let Some(new) = self.embedded_json(s) {
                    *value = Value::String(new);
                    *changed = true;
                }
            }
            Value::Number(_) | Value::Bool(_) if secret => {
                let text = value.to_string();
                let replacement = self.replacement(&text);
                if replacement != text {
                    *value = serde_json::from_str(replacement)
                        .unwrap_or_else(|_| Value::String(replacement.to_string()));
                    *changed = true;
                }
            }
            _ => {}
        }
    }

    pub(super) fn xml(&mut self, body: &[u8]) -> Result<Option<Vec<u8>>, String> {
        let mut reader = Reader::from_reader(body);
        let mut writer = Writer::new(Vec::with_capacity(body.len()));
        let mut buf = Vec::new();
        // Element names from the root, and whether each is (inside) a secret.
        let mut path: Vec<String> = Vec::new();
        let mut secret: Vec<bool> = Vec::new();
        let mut changed = false;
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| e.to_string())?;
            match &event {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    path.push(normalize(&name));
                    let inside = secret.last().copied().unwrap_or(false);
                    let is_secret = inside || self.is_secret(&path, &name);
                    let scrubbed = self.xml_attributes(e, &mut path, is_secret)?;
                    if matches!(event, Event::Empty(_)) {
                        path.pop();
                    } else {
                        secret.push(is_secret);
                    }
                    if let Some(start) = scrubbed {
                        let event = match event {
                            Event::Empty(_) => Event::Empty(start),
                            _ => Event::Start(start),
                        };
                        writer.write_event(event).map_err(|e| e.to_string())?;
                        changed = true;
                        buf.clear();
                        continue;
                    }
                }
                Event::End(_) => {
                    if path.pop().is_none() {
                        return Err("an end tag without a start tag".into());
                    }
                    secret.pop();
                }
                Event::Text(t) if secret.last().copied().unwrap_or(false) => {
                    let text = t.unescape().map_err(|e| e.to_string())?.into_owned();
                    if !text.trim().is_empty() && text != self.mark {
                        let replacement = self.replacement(&text);
                        writer
                            .write_event(Event::Text(BytesText::new(replacement)))
                            .map_err(|e| e.to_string())?;
                        changed = true;
                        buf.clear();
                        continue;
                    }
                }
                Event::Text(t) => {
                    let text = t.unescape().map_err(|e| e.to_string())?;
                    if let Some(new) = self.embedded_json(&text) {
                        // Quotes stay as they are: only what XML needs is escaped.
                        let escaped = quick_xml::escape::partial_escape(&new).into_owned();
                        writer
                            .write_event(Event::Text(BytesText::from_escaped(escaped)))
                            .map_err(|e| e.to_string())?;
                        changed = true;
                        buf.clear();
                        continue;
                    }
                }
                Event::CData(_) if secret.last().copied().unwrap_or(false) => {
                    writer
                        .write_event(Event::Text(BytesText::new(self.mark)))
                        .map_err(|e| e.to_string())?;
                    changed = true;
                    buf.clear();
                    continue;
                }
                _ => {}
            }
            writer.write_event(event).map_err(|e| e.to_string())?;
            buf.clear();
        }
        if !path.is_empty() {
            return Err(format!("the element <{}> is never closed", path.join("/")));
        }
        Ok(changed.then(|| writer.into_inner()))
    }
}

impl Ctx<'_> {
    /// An element's attributes with secret values replaced (`<Credentials
    /// SecretAccessKey="..."/>`), or `None` when none is secret. An attribute is secret by its
    /// own name, under its element's path, or inside a secret element.
    fn xml_attributes(
        &mut self,
        start: &BytesStart<'_>,
        path: &mut Vec<String>,
        inside: bool,
    ) -> Result<Option<BytesStart<'static>>, String> {
        let mut attributes = Vec::new();
        let mut changed = false;
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| e.to_string())?;
            let name = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
            let value = attribute
                .unescape_value()
                .map_err(|e| e.to_string())?
                .into_owned();
            let is_namespace = attribute.key.as_namespace_binding().is_some();
            path.push(normalize(&name));
            let secret = !is_namespace && (inside || self.is_secret(path, &name));
            path.pop();
            let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
            if secret && !value.is_empty() && value != self.mark {
                let replacement = self.replacement(&value);
                changed |= replacement != value;
                attributes.push((key, replacement.to_string()));
            } else {
                attributes.push((key, value));
            }
        }
        if !changed {
            return Ok(None);
        }
        let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
        let mut new = BytesStart::new(name);
        for (key, value) in &attributes {
            new.push_attribute((key.as_str(), value.as_str()));
        }
        Ok(Some(new))
    }
}

/// A value of the same shape as `original` that carries nothing of it.
fn placeholder(original: &str) -> &'static str {
    let trimmed = original.trim();
    if trimmed.parse::<f64>().is_ok() {
        "0"
    } else if trimmed == "true" || trimmed == "false" {
        "false"
    } else if looks_like_timestamp(trimmed) {
        "1970-01-01T00:00:00Z"
    } else {
        REDACTED
    }
}

fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
}

/// Numbers, booleans and timestamps are not worth hunting for elsewhere in the file.
fn is_plain_value(s: &str) -> bool {
    s.parse::<f64>().is_ok() || s == "true" || s == "false" || looks_like_timestamp(s)
}
