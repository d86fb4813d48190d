//! Request bodies compared by meaning for their content type (CBOR in its JSON form).

use quick_xml::Reader;
use quick_xml::events::Event;

/// A body in a form where equal meaning compares equal: form parameters sorted, JSON as a
/// value, XML as a list of canonical events, anything else as bytes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Canonical {
    Form(Vec<(String, String)>),
    Json(serde_json::Value),
    Xml(Vec<String>),
    Bytes(Vec<u8>),
}

impl Canonical {
    pub(crate) fn of(content_type: Option<&str>, body: &[u8]) -> Canonical {
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        if ct.contains("x-www-form-urlencoded") {
            let mut params: Vec<(String, String)> = form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            // By name only: a scrubbed value must stay beside its name.
            params.sort_by(|a, b| a.0.cmp(&b.0));
            return Canonical::Form(params);
        }
        if crate::cbor::is_cbor(content_type)
            && let Some(v) = crate::cbor::to_json(body)
        {
            // Compared, and shown in diffs, in its JSON form.
            return Canonical::Json(v);
        }
        // A JSON body that repeats a member is not read as a value (which would keep only one
        // of them): it is compared as it was sent, so it differs from any recording.
        if (ct.contains("json") || (ct.is_empty() && body.first() == Some(&b'{')))
            && serde_json::from_slice::<UniqueMembers>(body).is_ok()
            && let Ok(v) = serde_json::from_slice(body)
        {
            return Canonical::Json(v);
        }
        if (ct.contains("xml") || (ct.is_empty() && body.starts_with(b"<")))
            && let Some(events) = xml_events(body)
        {
            return Canonical::Xml(events);
        }
        Canonical::Bytes(body.to_vec())
    }

    /// Whether `actual` means the same as this recorded body, where the recording's scrub
    /// `mark` (a value scrubbed when recorded) matches any value that is present.
    pub(crate) fn matches(&self, actual: &Canonical, mark: &str) -> bool {
        let glob = |pattern: &str, actual: &str| {
            crate::compare::wildcard::glob_with(mark, pattern, actual)
        };
        match (self, actual) {
            (Canonical::Form(e), Canonical::Form(a)) => {
                e.len() == a.len()
                    && e.iter()
                        .zip(a)
                        .all(|((ek, ev), (ak, av))| ek == ak && glob(ev, av))
            }
            (Canonical::Json(e), Canonical::Json(a)) => json_matches(mark, e, a),
            (Canonical::Xml(e), Canonical::Xml(a)) => {
                e.len() == a.len() && e.iter().zip(a).all(|(e, a)| glob(e, a))
            }
            (Canonical::Bytes(e), Canonical::Bytes(a)) => {
                e == a
                    || match (std::str::from_utf8(e), std::str::from_utf8(a)) {
                        (Ok(e), Ok(a)) => glob(e, a),
                        _ => false,
                    }
            }
            _ => false,
        }
    }

    /// One line per part, for diffs.
    pub(crate) fn lines(&self) -> String {
        match self {
            Canonical::Form(params) => params.iter().map(|(k, v)| format!("{k}={v}\n")).collect(),
            Canonical::Json(v) => {
                let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
                s.push('\n');
                s
            }
            Canonical::Xml(events) => events.iter().map(|e| format!("{e}\n")).collect(),
            Canonical::Bytes(b) => match std::str::from_utf8(b) {
                Ok(s) => s.lines().map(|l| format!("{l}\n")).collect(),
                Err(_) => format!("<{} bytes, not UTF-8>\n", b.len()),
            },
        }
    }
}

/// Reads JSON only when no object in it names a member twice.
struct UniqueMembers;

impl<'de> serde::Deserialize<'de> for UniqueMembers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueMembers)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueMembers {
    type Value = UniqueMembers;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON whose objects name each member once")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("{key:?} is repeated")));
            }
            map.next_value::<UniqueMembers>()?;
        }
        Ok(UniqueMembers)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<UniqueMembers>()?.is_some() {}
        Ok(UniqueMembers)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(UniqueMembers)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(UniqueMembers)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(UniqueMembers)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(UniqueMembers)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(UniqueMembers)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(UniqueMembers)
    }
}

fn json_matches(mark: &str, expected: &serde_json::Value, actual: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (expected, actual) {
        (Value::String(e), Value::Null) if e == mark => false,
        // A scrubbed value of any type.
        (Value::String(e), _) if e == mark => true,
        (Value::String(e), Value::String(a)) => crate::compare::wildcard::glob_with(mark, e, a),
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, ev)| a.get(k).is_some_and(|av| json_matches(mark, ev, av)))
        }
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(e, a)| json_matches(mark, e, a))
        }
        (e, a) => e == a,
    }
}

/// The XML as a list of canonical events. Whitespace between elements is formatting and is
/// left out; any other text is kept exactly, spaces included.
fn xml_events(body: &[u8]) -> Option<Vec<String>> {
    let mut reader = Reader::from_reader(body);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let mut attrs: Vec<String> = e
                    .attributes()
                    .filter_map(Result::ok)
                    .map(|a| {
                        format!(
                            "{}={}",
                            String::from_utf8_lossy(a.key.as_ref()),
                            String::from_utf8_lossy(&a.value)
                        )
                    })
                    .collect();
                attrs.sort();
                let close = if matches!(event, Event::Empty(_)) {
                    "/"
                } else {
                    ""
                };
                out.push(format!(
                    "{}<{name}{}{close}>",
                    "  ".repeat(depth),
                    attrs_text(&attrs)
                ));
                if close.is_empty() {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                out.push(format!("{}</>", "  ".repeat(depth)));
            }
            Event::Text(t) => {
                let text = t.unescape().ok()?.into_owned();
                if !text.trim().is_empty() {
                    out.push(format!("{}{text:?}", "  ".repeat(depth)));
                }
            }
            Event::CData(t) => out.push(format!(
                "{}{:?}",
                "  ".repeat(depth),
                String::from_utf8_lossy(&t)
            )),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    (depth == 0).then_some(out)
}

fn attrs_text(attrs: &[String]) -> String {
    if attrs.is_empty() {
        String::new()
    } else {
        format!(" {}", attrs.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::Canonical;

    #[test]
    fn form_parameters_compare_in_any_order() {
        let a = Canonical::of(
            Some("application/x-www-form-urlencoded"),
            b"Action=X&B=2&A=1",
        );
        let b = Canonical::of(
            Some("application/x-www-form-urlencoded"),
            b"A=1&Action=X&B=2",
        );
        assert_eq!(a, b);
        assert_ne!(
            a,
            Canonical::of(
                Some("application/x-www-form-urlencoded"),
                b"A=1&Action=X&B=3"
            )
        );
    }

    #[test]
    fn a_repeated_json_member_is_a_difference() {
        let ct = Some("application/x-amz-json-1.1");
        let recorded = Canonical::of(ct, br#"{"Name":"a"}"#);
        let sent = Canonical::of(ct, br#"{"Name":"evil","Name":"a"}"#);
        assert!(!recorded.matches(&sent, "REDACTED"));
        assert_eq!(sent.lines(), "{\"Name\":\"evil\",\"Name\":\"a\"}\n");
        let nested = Canonical::of(ct, br#"{"A":[{"B":1,"B":2}]}"#);
        assert!(matches!(nested, Canonical::Bytes(_)));
        assert!(recorded.matches(&Canonical::of(ct, br#"{ "Name" : "a" }"#), "REDACTED"));
    }

    #[test]
    fn json_compares_structurally() {
        let a = Canonical::of(Some("application/x-amz-json-1.1"), br#"{"a":1,"b":[1,2]}"#);
        let b = Canonical::of(
            Some("application/x-amz-json-1.1"),
            br#"{ "b": [1, 2], "a": 1 }"#,
        );
        assert_eq!(a, b);
    }

    #[test]
    fn xml_ignores_formatting_and_attribute_order() {
        let a = Canonical::of(Some("application/xml"), b"<A x=\"1\" y=\"2\"><B>t</B></A>");
        let b = Canonical::of(
            Some("application/xml"),
            b"<A y=\"2\" x=\"1\">\n  <B>t</B>\n</A>",
        );
        assert_eq!(a, b);
        let c = Canonical::of(Some("application/xml"), b"<A y=\"2\" x=\"1\"><B>u</B></A>");
        assert_ne!(a, c);
    }

    #[test]
    fn malformed_bodies_fall_back_to_bytes() {
        assert!(matches!(
            Canonical::of(Some("application/xml"), b"<A><B></A>"),
            Canonical::Bytes(_)
        ));
        assert!(matches!(
            Canonical::of(Some("application/json"), b"{"),
            Canonical::Bytes(_)
        ));
    }
}
