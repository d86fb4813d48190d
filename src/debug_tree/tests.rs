//! Unit tests of the `Debug`-text trees.

use super::*;

#[derive(Debug)]
#[allow(dead_code)]
struct Input {
    bucket: Option<String>,
    max: Option<i32>,
    tags: Option<Vec<Tag>>,
    kind: Kind,
    map: std::collections::BTreeMap<String, String>,
}
#[derive(Debug)]
#[allow(dead_code)]
struct Tag {
    key: Option<String>,
    value: Option<String>,
}
#[derive(Debug)]
#[allow(dead_code)]
enum Kind {
    Small,
    Unknown(String),
}

fn sample(bucket: &str) -> Input {
    Input {
        bucket: Some(bucket.into()),
        max: Some(10),
        tags: Some(vec![Tag {
            key: Some("k, \"quoted\" {".into()),
            value: None,
        }]),
        kind: Kind::Small,
        map: [("a".to_string(), "b".to_string())].into_iter().collect(),
    }
}

#[test]
fn round_trips_debug_output() {
    let text = format!("{:?}", sample("b"));
    let node = Node::parse(&text);
    assert!(
        matches!(&node, Node::Struct { name, fields, .. } if name == "Input" && fields.len() == 5)
    );
    let pretty = node.pretty();
    assert!(pretty.contains("bucket: Some(\"b\"),"), "{pretty}");
    assert!(
        pretty.contains("key: Some(\"k, \\\"quoted\\\" {\"),"),
        "{pretty}"
    );
}

#[test]
fn partial_ignores_unset_fields_and_any_matches_present_values() {
    let actual = Node::parse(&format!("{:?}", sample("real")));
    let expected = Node::parse(
        r#"Input { bucket: Some("real"), max: None, tags: None, kind: Small, map: {} }"#,
    );
    assert!(expected.matches(&actual, true));
    assert!(!expected.matches(&actual, false));
    let wrong = Node::parse(r#"Input { bucket: Some("other"), max: None }"#);
    assert!(!wrong.matches(&actual, true));
    let any = Node::parse(r#"Input { bucket: Some("<ANY>"), max: None }"#);
    assert!(any.matches(&actual, true));
    let absent = Node::parse(r#"Input { bucket: None, max: Some("<ANY>") }"#);
    assert!(absent.matches(&actual, true));
    let none_actual = Node::parse(r#"Input { bucket: None }"#);
    assert!(
        !any.matches(&none_actual, true),
        "Some(ANY) requires a value"
    );
}

#[test]
fn projection_keeps_only_constrained_fields() {
    let actual = Node::parse(&format!("{:?}", sample("real")));
    let expected = Node::parse(r#"Input { bucket: Some("x"), max: None, tags: None }"#);
    let (e, a) = expected.project(&actual);
    assert_eq!(e.pretty(), "Input {\n    bucket: Some(\"x\"),\n    ..\n}");
    assert!(a.pretty().contains("bucket: Some(\"real\")"));
    assert!(!a.pretty().contains("max"));
}

#[test]
fn fields_left_at_their_default_are_not_compared() {
    let default = Node::parse(r#"Put { bucket: None, body: Stream { data: b"" } }"#);
    let expected = Node::parse(r#"Put { bucket: Some("b"), body: Stream { data: b"" } }"#)
        .without_defaults(&default);
    let actual = Node::parse(r#"Put { bucket: Some("b"), body: Stream { data: b"hello" } }"#);
    assert!(expected.matches(&actual, true));
    let set_body = Node::parse(r#"Put { bucket: None, body: Stream { data: b"x" } }"#)
        .without_defaults(&default);
    assert!(!set_body.matches(&actual, true));
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "{",
        "Foo {",
        "Some(",
        "\"unterminated",
        "a: b: c",
        "}}}",
        "b\"x",
        "'",
    ] {
        let _ = Node::parse(text).pretty();
    }
}
