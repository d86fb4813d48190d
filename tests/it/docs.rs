//! What docs.rs renders: it builds with the metadata in Cargo.toml, and the guide (README.md)
//! is the crate's documentation whatever the features (its examples, which use S3, are
//! doctests only with the `s3` feature).

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
        lib.contains(
            r#"#![cfg_attr(any(not(doctest), feature = "s3"), doc = include_str!("../README.md"))]"#
        ),
        "the README is the crate documentation in every build of the docs"
    );
    assert!(!lib.contains("#![doc ="), "no other crate documentation");
}
