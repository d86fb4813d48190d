//! What docs.rs renders: it builds with the metadata in Cargo.toml, and the front page
//! (README.md) and the guide's chapters (src/guide/) are the crate's documentation whatever the
//! features (their examples run as doctests of the workspace member tests/services, which
//! links the SDK crates they use). The root of the API holds what a first test needs.

#[test]
fn docs_rs_builds_every_feature_so_the_guide_and_all_fixtures_are_shown() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("read Cargo.toml");
    let section = manifest
        .split("[package.metadata.docs.rs]")
        .nth(1)
        .expect("Cargo.toml has a [package.metadata.docs.rs] section");
    let section = section.split("\n[").next().unwrap();
    assert!(section.contains("all-features = true"), "{section}");
    assert!(
        section.contains(r#"rustdoc-args = ["--cfg", "docsrs"]"#),
        "{section}"
    );
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs"))
        .expect("read src/lib.rs");
    assert!(
        lib.contains(r#"#![cfg_attr(not(doctest), doc = include_str!("../README.md"))]"#),
        "the README is the crate documentation in every build of the docs"
    );
    assert!(!lib.contains("#![doc ="), "no other crate documentation");
    let member = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/services/lib.rs"
    ))
    .expect("read tests/services/lib.rs");
    assert!(
        member.contains(r#"#![doc = include_str!("../../README.md")]"#),
        "the guide's examples run as doctests somewhere"
    );
}

/// The names a user sees at the crate's root: public modules, items and re-exports of
/// `src/lib.rs` and the exported macros, except those hidden from the docs.
fn root_names() -> Vec<String> {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let lib = std::fs::read_to_string(format!("{src}/lib.rs")).expect("read src/lib.rs");
    let mut names = Vec::new();
    let mut hidden = false;
    // Items at the root only: nested modules' items are indented.
    for line in lib.lines().filter(|l| !l.starts_with([' ', '}'])) {
        if line.starts_with("#[doc(hidden)]") {
            hidden = true;
            continue;
        }
        let item = [
            "pub mod ",
            "pub const ",
            "pub fn ",
            "pub struct ",
            "pub enum ",
        ]
        .iter()
        .find_map(|p| line.strip_prefix(p));
        if let Some(rest) = item {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !hidden {
                names.push(name);
            }
        } else if let Some(rest) = line.strip_prefix("pub use ") {
            let list = rest.split_once('{').map_or(rest, |(_, l)| l);
            for part in list.trim_end_matches([';', '}']).split(',') {
                let name = part.trim().rsplit("::").next().unwrap_or("").trim();
                if !name.is_empty() && !hidden {
                    names.push(name.to_string());
                }
            }
        }
        if !line.starts_with("#[") {
            hidden = false;
        }
    }
    let mut stack = vec![std::path::PathBuf::from(src)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if let Some(rest) = line.strip_prefix("macro_rules! ") {
                    let attrs = lines[..i].iter().rev().take_while(|l| l.starts_with("#["));
                    let exported = attrs.clone().any(|l| l.starts_with("#[macro_export]"));
                    let hidden = attrs.clone().any(|l| l.starts_with("#[doc(hidden)]"));
                    if exported && !hidden {
                        names.push(format!("{}!", rest.trim_end_matches(" {")));
                    }
                }
            }
        }
    }
    names.sort();
    names
}

#[test]
fn the_root_holds_what_a_first_test_needs_and_no_more() {
    let names = root_names();
    assert_eq!(
        names,
        [
            "ANY",
            "ClientError",
            "EventStream",
            "Fault",
            "QueuedResponse",
            "RawResponse",
            "StubError",
            "StubErrorKind",
            "Stubber",
            "client!",
            "entry",
            "fixture",
            "guide",
            "history",
            "op!",
            "operation",
            // IAM policies evaluated offline (issue 39).
            "policy",
            "record",
            "scrub",
            "sdk",
            "serve",
            "stubbed",
            // The module, and the function it opens with, handed on by the same name.
            "sweep",
            "sweep",
            "test_fixture!",
        ]
    );
    assert!(names.len() <= 25, "{} root names: {names:?}", names.len());
}

#[test]
fn the_front_page_is_short_and_every_chapter_of_the_guide_is_documented_and_run() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= 300,
        "README.md has {lines} lines: move a topic to the guide"
    );
    let guide = std::fs::read_to_string(format!("{root}/src/guide/mod.rs")).unwrap();
    let member = std::fs::read_to_string(format!("{root}/tests/services/lib.rs")).unwrap();
    let mut chapters: Vec<String> = std::fs::read_dir(format!("{root}/src/guide"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".md").map(str::to_string))
        .collect();
    chapters.sort();
    assert_eq!(chapters.len(), 10, "{chapters:?}");
    for chapter in &chapters {
        // A module of the guide (on docs.rs), linked from its index and from the front page,
        // and its examples run by tests/services.
        assert!(
            guide.contains(&format!(
                "doc = include_str!(\"{chapter}.md\"))]\npub mod {chapter} {{}}"
            )),
            "src/guide/mod.rs lacks the chapter {chapter}"
        );
        assert!(
            guide.contains(&format!("[`{chapter}`]")),
            "the guide's index lacks {chapter}"
        );
        assert!(
            readme.contains(&format!("aws_stubber/guide/{chapter}/")),
            "README.md does not link the chapter {chapter}"
        );
        assert!(
            member.contains(&format!(
                r#"#[doc = include_str!("../../src/guide/{chapter}.md")]"#
            )),
            "tests/services/lib.rs does not run the examples of {chapter}"
        );
    }
}

/// Every public name is shown by the module that defines it: a `pub use crate::..` that hands
/// on another room's item is one of the two named here, on purpose (the root's own, in
/// `lib.rs`, and what the macros expand to are left aside).
#[test]
fn every_public_name_is_shown_by_the_module_that_defines_it() {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, found);
                continue;
            }
            let rel = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .display()
                .to_string();
            if path.extension().is_none_or(|e| e != "rs")
                || ["src/lib.rs", "src/sdk/macro_support.rs"].contains(&rel.as_str())
            {
                continue;
            }
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if line.starts_with("pub use crate::") {
                    found.push(format!("{rel}: {line}"));
                }
            }
        }
    }
    let mut handed_on = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut handed_on,
    );
    assert_eq!(
        handed_on,
        [
            // A macro is defined at the crate's root whatever file writes it.
            "src/fixture/mod.rs: pub use crate::__test_fixture_path as test_fixture_path;",
            // Defined with the comparison that checks it, below the queue that holds it.
            "src/queue/entry/mod.rs: pub use crate::compare::http::HttpExpectation;",
        ]
    );
}
