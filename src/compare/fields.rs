//! A response body as a list of fields (`path = value`), so that two bodies can be compared
//! field by field: fields added, removed, or with another value.
//!
//! XML: `Root/Child/Leaf`, the second sibling of the same name `Leaf[2]`, attributes
//! `Elem@name`; JSON: `key.key[1]` (lists counted from 1); form bodies: `name`. A body that
//! is none of these is one field, `(body)`, holding its text.

use quick_xml::Reader;
use quick_xml::events::Event;

/// The fields of a body, in document order.
pub(crate) fn fields(content_type: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("x-www-form-urlencoded") {
        return form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    }
    let trimmed = body.trim_ascii_start();
    if (ct.contains("json") || trimmed.first() == Some(&b'{'))
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(body)
    {
        let mut out = Vec::new();
        json_fields(String::new(), &value, &mut out);
        return out;
    }
    if (ct.contains("xml") || trimmed.starts_with(b"<"))
        && let Some(out) = xml_fields(body)
    {
        return out;
    }
    if body.is_empty() {
        return Vec::new();
    }
    let text = match std::str::from_utf8(body) {
        Ok(text) => text.to_string(),
        Err(_) => format!("<{} bytes, not UTF-8>", body.len()),
    };
    vec![("(body)".to_string(), text)]
}

/// The fields of a document already read as JSON (CBOR and event streams in their JSON form).
pub(crate) fn json_document_fields(value: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    json_fields(String::new(), value, &mut out);
    out
}

fn json_fields(path: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                json_fields(child, v, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                json_fields(format!("{path}[{}]", i + 1), v, out);
            }
        }
        Value::String(s) => out.push((path, s.clone())),
        other => out.push((path, other.to_string())),
    }
}

/// One open element: its path, the names of its children seen so far, and its text.
struct Open {
    path: String,
    children: Vec<(String, usize)>,
    text: String,
}

impl Open {
    /// The path of the next child named `name`: `name`, then `name[2]`, `name[3]`...
    fn child(&mut self, name: &str) -> String {
        let count = match self.children.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                self.children.push((name.to_string(), 1));
                1
            }
        };
        let step = if count == 1 {
            name.to_string()
        } else {
            format!("{name}[{count}]")
        };
        if self.path.is_empty() {
            step
        } else {
            format!("{}/{step}", self.path)
        }
    }
}

fn xml_fields(body: &[u8]) -> Option<Vec<(String, String)>> {
    let mut reader = Reader::from_reader(body);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut stack = vec![Open {
        path: String::new(),
        children: Vec::new(),
        text: String::new(),
    }];
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let path = stack.last_mut()?.child(&name);
                for a in e.attributes().filter_map(Result::ok) {
                    let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    if key == "xmlns" || key.starts_with("xmlns:") {
                        continue;
                    }
                    let value = a.unescape_value().ok()?.into_owned();
                    out.push((format!("{path}@{key}"), value));
                }
                let open = Open {
                    path,
                    children: Vec::new(),
                    text: String::new(),
                };
                if matches!(event, Event::Empty(_)) {
                    out.push((open.path, String::new()));
                } else {
                    stack.push(open);
                }
            }
            Event::End(_) => {
                let open = stack.pop()?;
                stack.last()?;
                if open.children.is_empty() {
                    out.push((open.path, open.text));
                }
            }
            Event::Text(t) => {
                let text = t.unescape().ok()?;
                if !text.trim().is_empty() {
                    stack.last_mut()?.text.push_str(&text);
                }
            }
            Event::CData(t) => stack
                .last_mut()?
                .text
                .push_str(&String::from_utf8_lossy(&t)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    (stack.len() == 1).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::fields;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn xml_siblings_of_one_name_are_numbered_from_the_second() {
        let body = br#"<?xml version="1.0"?>
            <R xmlns="http://x"><Buckets><Bucket><Name>a</Name></Bucket><Bucket><Name>b</Name></Bucket></Buckets><Empty/><E k="v">t</E></R>"#;
        assert_eq!(
            fields(Some("application/xml"), body),
            pairs(&[
                ("R/Buckets/Bucket/Name", "a"),
                ("R/Buckets/Bucket[2]/Name", "b"),
                ("R/Empty", ""),
                ("R/E@k", "v"),
                ("R/E", "t"),
            ])
        );
    }

    #[test]
    fn json_lists_are_numbered_and_empty_containers_kept() {
        let body = br#"{"Zones":[{"Id":"z1"},{"Id":"z2"}],"Next":null,"Tags":{}}"#;
        assert_eq!(
            fields(Some("application/x-amz-json-1.1"), body),
            pairs(&[
                ("Zones[1].Id", "z1"),
                ("Zones[2].Id", "z2"),
                ("Next", "null"),
                ("Tags", "{}"),
            ])
        );
    }

    #[test]
    fn other_bodies_are_one_field_and_malformed_xml_is_text() {
        assert_eq!(fields(None, b"hello"), pairs(&[("(body)", "hello")]));
        assert_eq!(
            fields(Some("text/xml"), b"<A><B></A>"),
            pairs(&[("(body)", "<A><B></A>")])
        );
        assert!(fields(None, b"").is_empty());
    }
}
