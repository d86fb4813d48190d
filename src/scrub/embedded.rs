//! JSON carried as text (a JSON string, an XML element's text, a form value: an SQS message
//! body, a Step Functions input, a CloudFormation template), scrubbed with the rules of the
//! document around it, its members secret by their names too, and written back as it was
//! where nothing is secret.

use super::document::Ctx;

/// JSON carried as text is read this many levels deep (a Step Functions input holding an
/// SQS message body holding JSON is three).
const MAX_EMBEDDED: usize = 4;

impl Ctx<'_> {
    /// JSON carried as text (a JSON string, an XML element's text, a form value), scrubbed
    /// with the same rules as the document around it: the new text, or `None` when it is not
    /// JSON or holds nothing to scrub.
    pub(super) fn embedded_json(&mut self, text: &str) -> Option<String> {
        let start = text.trim_start();
        if self.embedded >= MAX_EMBEDDED || !(start.starts_with('{') || start.starts_with('[')) {
            return None;
        }
        let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
        let original = value.clone();
        let mut changed = false;
        self.embedded += 1;
        self.json_value(&mut value, &mut Vec::new(), false, &mut changed);
        self.embedded -= 1;
        if !changed {
            return None;
        }
        // The text as it was, each scrubbed string swapped where it stands (members keep their
        // order and spacing); written anew only when a value is not found as it was written.
        let mut swapped = Vec::new();
        if !changed_strings(&original, &value, &mut swapped) {
            return Some(value.to_string());
        }
        let mut out = text.to_string();
        for (old, new) in swapped {
            let old = serde_json::Value::String(old).to_string();
            if !out.contains(&old) {
                return Some(value.to_string());
            }
            out = out.replace(&old, &serde_json::Value::String(new).to_string());
        }
        Some(out)
    }
}

/// The strings `scrubbed` has in the place of others in `original`, as (old, new) pairs; false
/// when anything else changed (a number, a boolean, a shape).
fn changed_strings(
    original: &serde_json::Value,
    scrubbed: &serde_json::Value,
    out: &mut Vec<(String, String)>,
) -> bool {
    use serde_json::Value;
    match (original, scrubbed) {
        (Value::String(a), Value::String(b)) => {
            if a != b {
                out.push((a.clone(), b.clone()));
            }
            true
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| changed_strings(v, w, out)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| changed_strings(v, w, out))
        }
        (a, b) => a == b,
    }
}
