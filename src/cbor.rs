//! CBOR bodies (the rpcv2Cbor protocol) as JSON values, so that fixture files show them
//! readably, replay compares them by meaning, and the scrubber reads them.
//!
//! Maps with text keys become objects and arrays arrays; text, integers, floats, booleans
//! and null keep their JSON form. What JSON has no form for is an object with one `$` key:
//! `{"$bytes": "<base64>"}`, `{"$tag": 1, "$value": 1700000000}` (tag 1 is a timestamp),
//! `{"$float": "NaN"}`, `{"$undefined": true}`, `{"$simple": 16}`, and
//! `{"$map": [[key, value], ...]}` for a map whose keys are not all text (or start with `$`).
//! Written back, lengths are definite and a float takes 32 bits when that keeps its value
//! exactly: the same meaning, in the bytes an encoder would choose.

use base64::Engine as _;
use minicbor::data::{Tag, Type};
use serde_json::{Map, Value, json};

/// Whether a content type is CBOR's.
pub(crate) fn is_cbor(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| {
        ct.trim()
            .to_ascii_lowercase()
            .starts_with("application/cbor")
    })
}

/// The JSON form of a body that is exactly one CBOR item; `None` otherwise.
pub(crate) fn to_json(bytes: &[u8]) -> Option<Value> {
    let mut d = minicbor::Decoder::new(bytes);
    let value = item(&mut d, 0)?;
    (d.position() == bytes.len()).then_some(value)
}

/// Nesting deeper than this is not read (a hostile body cannot exhaust the stack).
const MAX_DEPTH: usize = 128;

fn item(d: &mut minicbor::Decoder<'_>, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let value = match d.datatype().ok()? {
        Type::Bool => Value::Bool(d.bool().ok()?),
        Type::Null => {
            d.null().ok()?;
            Value::Null
        }
        Type::Undefined => {
            d.undefined().ok()?;
            json!({ "$undefined": true })
        }
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => Value::from(d.u64().ok()?),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => {
            let int = i128::from(d.int().ok()?);
            match i64::try_from(int) {
                Ok(i) => Value::from(i),
                Err(_) => Value::from(u64::try_from(int).ok()?),
            }
        }
        Type::F16 => float(f64::from(d.f16().ok()?)),
        Type::F32 => float(f64::from(d.f32().ok()?)),
        Type::F64 => float(d.f64().ok()?),
        Type::Simple => json!({ "$simple": d.simple().ok()? }),
        Type::Bytes | Type::BytesIndef => {
            let mut bytes = Vec::new();
            for chunk in d.bytes_iter().ok()? {
                bytes.extend_from_slice(chunk.ok()?);
            }
            json!({ "$bytes": base64::engine::general_purpose::STANDARD.encode(bytes) })
        }
        Type::String | Type::StringIndef => {
            let mut text = String::new();
            for chunk in d.str_iter().ok()? {
                text.push_str(chunk.ok()?);
            }
            Value::String(text)
        }
        Type::Array | Type::ArrayIndef => {
            let len = d.array().ok()?;
            Value::Array(entries(d, len, |d| item(d, depth + 1))?)
        }
        Type::Map | Type::MapIndef => {
            let len = d.map().ok()?;
            let pairs = entries(d, len, |d| Some((item(d, depth + 1)?, item(d, depth + 1)?)))?;
            map(pairs)
        }
        Type::Tag => {
            let tag = d.tag().ok()?.as_u64();
            json!({ "$tag": tag, "$value": item(d, depth + 1)? })
        }
        Type::Break | Type::Unknown(_) => return None,
    };
    Some(value)
}

/// The entries of an array or map: `len` of them, or up to the break of an indefinite one.
fn entries<T>(
    d: &mut minicbor::Decoder<'_>,
    len: Option<u64>,
    mut next: impl FnMut(&mut minicbor::Decoder<'_>) -> Option<T>,
) -> Option<Vec<T>> {
    let mut out = Vec::new();
    match len {
        Some(n) => {
            for _ in 0..n {
                out.push(next(d)?);
            }
        }
        None => loop {
            if d.datatype().ok()? == Type::Break {
                d.skip().ok()?;
                break;
            }
            out.push(next(d)?);
        },
    }
    Some(out)
}

fn float(f: f64) -> Value {
    match serde_json::Number::from_f64(f) {
        Some(n) => Value::Number(n),
        None if f.is_nan() => json!({ "$float": "NaN" }),
        None if f > 0.0 => json!({ "$float": "Infinity" }),
        None => json!({ "$float": "-Infinity" }),
    }
}

/// An object when every key is text that cannot be taken for one of the `$` forms.
fn map(pairs: Vec<(Value, Value)>) -> Value {
    let plain = pairs
        .iter()
        .all(|(k, _)| k.as_str().is_some_and(|k| !k.starts_with('$')));
    if plain {
        let mut object = Map::new();
        for (k, v) in pairs {
            if let Value::String(k) = k {
                object.insert(k, v);
            }
        }
        return Value::Object(object);
    }
    let pairs = pairs.into_iter().map(|(k, v)| json!([k, v])).collect();
    json!({ "$map": Value::Array(pairs) })
}

/// The CBOR bytes of a JSON form (see the module docs), or what is wrong with it.
pub(crate) fn from_json(value: &Value) -> Result<Vec<u8>, String> {
    let mut e = minicbor::Encoder::new(Vec::new());
    write(&mut e, value).map_err(|err| format!("`body_cbor` {err}"))?;
    Ok(e.into_writer())
}

type Encoder = minicbor::Encoder<Vec<u8>>;

fn write(e: &mut Encoder, value: &Value) -> Result<(), String> {
    let done = |r: Result<&mut Encoder, minicbor::encode::Error<std::convert::Infallible>>| {
        r.map(|_| ()).map_err(|err| err.to_string())
    };
    match value {
        Value::Null => done(e.null()),
        Value::Bool(b) => done(e.bool(*b)),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => done(e.u64(u)),
            (None, Some(i), _) => done(e.i64(i)),
            (None, None, Some(f)) if (f as f32) as f64 == f => done(e.f32(f as f32)),
            (None, None, Some(f)) => done(e.f64(f)),
            _ => Err(format!("has a number CBOR cannot hold: {n}")),
        },
        Value::String(s) => done(e.str(s)),
        Value::Array(items) => {
            done(e.array(items.len() as u64))?;
            items.iter().try_for_each(|v| write(e, v))
        }
        Value::Object(object) => match special(object) {
            Some(result) => result(e),
            None => {
                done(e.map(object.len() as u64))?;
                object.iter().try_for_each(|(k, v)| {
                    done(e.str(k))?;
                    write(e, v)
                })
            }
        },
    }
}

type Special<'a> = Box<dyn FnOnce(&mut Encoder) -> Result<(), String> + 'a>;

/// The writer of a `$` form, or `None` for a plain object.
fn special(object: &Map<String, Value>) -> Option<Special<'_>> {
    let key = object.keys().next()?;
    if !key.starts_with('$') {
        return None;
    }
    let wrong = |what: &str| -> Special<'_> {
        let what = what.to_string();
        Box::new(move |_| Err(format!("has {what}")))
    };
    let done = |r: Result<&mut Encoder, minicbor::encode::Error<std::convert::Infallible>>| {
        r.map(|_| ()).map_err(|err| err.to_string())
    };
    Some(match (key.as_str(), object.len()) {
        ("$bytes", 1) => match object[key]
            .as_str()
            .map(|b| base64::engine::general_purpose::STANDARD.decode(b.trim()))
        {
            Some(Ok(bytes)) => Box::new(move |e| done(e.bytes(&bytes))),
            _ => wrong("a `$bytes` that is not base64 text"),
        },
        ("$tag", 2) | ("$value", 2) => match (
            object.get("$tag").and_then(Value::as_u64),
            object.get("$value"),
        ) {
            (Some(tag), Some(inner)) => Box::new(move |e| {
                done(e.tag(Tag::new(tag)))?;
                write(e, inner)
            }),
            _ => wrong("a `$tag` without a number and a `$value`"),
        },
        ("$float", 1) => match object[key].as_str() {
            Some("NaN") => Box::new(move |e| done(e.f64(f64::NAN))),
            Some("Infinity") => Box::new(move |e| done(e.f64(f64::INFINITY))),
            Some("-Infinity") => Box::new(move |e| done(e.f64(f64::NEG_INFINITY))),
            _ => wrong("a `$float` other than \"NaN\", \"Infinity\" or \"-Infinity\""),
        },
        ("$undefined", 1) => Box::new(move |e| done(e.undefined())),
        ("$simple", 1) => match object[key].as_u64().and_then(|n| u8::try_from(n).ok()) {
            Some(n) => Box::new(move |e| done(e.simple(n))),
            None => wrong("a `$simple` that is not a number from 0 to 255"),
        },
        ("$map", 1) => match object[key].as_array() {
            Some(pairs) => Box::new(move |e| write_pairs(e, pairs)),
            None => wrong("a `$map` that is not a list of [key, value] pairs"),
        },
        (other, _) => {
            let other = other.to_string();
            Box::new(move |_| {
                Err(format!(
                    "has an unknown form {other:?}; a map key cannot start with `$` outside `$map`"
                ))
            })
        }
    })
}

/// A `$map`: a map with any keys, from its `[key, value]` pairs.
fn write_pairs(e: &mut Encoder, pairs: &[Value]) -> Result<(), String> {
    e.map(pairs.len() as u64).map_err(|err| err.to_string())?;
    pairs
        .iter()
        .try_for_each(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([k, v]) => write(e, k).and_then(|()| write(e, v)),
            _ => Err("has a `$map` entry that is not a [key, value] pair".into()),
        })
}

#[cfg(test)]
mod tests {
    use super::{from_json, to_json};
    use serde_json::json;

    #[test]
    fn every_kind_of_item_round_trips() {
        let value = json!({
            "__type": "ResourceNotFound",
            "count": 3,
            "negative": -7,
            "ratio": 0.5,
            "precise": 0.1,
            "flags": [true, false, null],
            "blob": {"$bytes": "AAH/"},
            "at": {"$tag": 1, "$value": 1700000000},
            "odd": {"$map": [[1, "one"], ["$x", 2]]},
            "nan": {"$float": "NaN"},
            "nothing": {"$undefined": true},
            "simple": {"$simple": 16},
        });
        let bytes = from_json(&value).unwrap();
        assert_eq!(to_json(&bytes).unwrap(), value);
        // Written again, the bytes are the same: what a file holds is stable.
        assert_eq!(from_json(&to_json(&bytes).unwrap()).unwrap(), bytes);
    }

    #[test]
    fn indefinite_lengths_and_widths_read_the_same() {
        // {_ "a": [_ 1, 2], "b": 1.5 (as f64)}
        let bytes = [
            0xbf, 0x61, b'a', 0x9f, 0x01, 0x02, 0xff, 0x61, b'b', 0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0,
            0, 0xff,
        ];
        assert_eq!(to_json(&bytes).unwrap(), json!({"a": [1, 2], "b": 1.5}));
    }

    #[test]
    fn doubles_keep_every_bit_through_the_file_form() {
        // 0.1 + 0.002 is 0.10200000000000001, one unit in the last place above 0.102.
        for x in [
            0.1f64 + 0.002,
            0.1 + 0.2,
            1e-310,
            f64::MAX,
            123_456.789_012_345_67,
        ] {
            let mut bytes = vec![0xfb];
            bytes.extend(x.to_bits().to_be_bytes());
            let text = to_json(&bytes).unwrap().to_string();
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(from_json(&back).unwrap(), bytes, "{x:?} as {text}");
        }
    }

    #[test]
    fn what_is_not_one_cbor_item_is_not_read() {
        assert!(to_json(&[0x01, 0x02]).is_none(), "two items");
        assert!(to_json(&[0xa1, 0x61]).is_none(), "cut short");
        assert!(to_json(&[0xff]).is_none(), "a lone break");
        let deep: Vec<u8> = std::iter::repeat_n(0x81, 10_000).chain([0x00]).collect();
        assert!(to_json(&deep).is_none(), "nested too deep");
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_what_is_read_writes_back() {
        // A small xorshift generator: the same inputs on every run.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            if let Some(value) = to_json(&bytes) {
                let again = from_json(&value).unwrap();
                assert_eq!(to_json(&again), Some(value), "{bytes:02x?}");
            }
        }
    }

    #[test]
    fn bad_forms_say_what_is_wrong() {
        assert_eq!(
            from_json(&json!({"$bytes": "not base64!"})).unwrap_err(),
            "`body_cbor` has a `$bytes` that is not base64 text"
        );
        assert!(
            from_json(&json!({"$other": 1}))
                .unwrap_err()
                .contains("unknown form \"$other\"")
        );
    }
}
