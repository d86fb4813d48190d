//! The source layout `.ci/run` holds the crate to: no import circle between files (checked by
//! `tools/check_imports.py`, tried here on the crate and on trees made to have one).

use std::process::Command;

/// Runs the import check on `src`; `None` (with the reason printed) where Python is missing
/// outside CI.
fn check(src: &std::path::Path) -> Option<std::process::Output> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/check_imports.py");
    match Command::new("python3")
        .arg(script)
        .arg("--src")
        .arg(src)
        .output()
    {
        Ok(output) => Some(output),
        Err(e) if std::env::var_os("CI").is_none() => {
            println!("SKIPPED the import check: python3 cannot be run ({e})");
            None
        }
        Err(e) => panic!("python3 cannot be run ({e}); CI must run the import check"),
    }
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join("src").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn the_crate_has_no_import_circle() {
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let Some(output) = check(src) else { return };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.starts_with("no import circle among "), "{stdout}");
}

#[test]
fn a_circle_between_files_is_found_and_named() {
    let dir = tree(&[
        ("lib.rs", "mod room;\n"),
        ("room/mod.rs", "mod a;\nmod b;\nmod c;\n"),
        ("room/a.rs", "use super::b::Bee;\npub(crate) struct Ay;\n"),
        ("room/b.rs", "pub(crate) struct Bee(crate::room::c::Sea);\n"),
        (
            "room/c.rs",
            "pub(crate) struct Sea;\nfn f() -> super::a::Ay { todo!() }\n",
        ),
    ]);
    let Some(output) = check(&dir.path().join("src")) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "1 import circle(s):\n  src/room/a.rs <-> src/room/b.rs <-> src/room/c.rs\n"
    );
}

#[test]
fn a_parent_that_only_re_exports_its_children_is_no_step_of_a_circle() {
    // `b` names `Ay` through the parent's re-export, and the parent re-exports `b`'s item:
    // the only real import is b -> a.
    let dir = tree(&[
        ("lib.rs", "pub mod room;\n"),
        (
            "room/mod.rs",
            "mod a;\nmod b;\npub use a::Ay;\npub use b::Bee;\n",
        ),
        ("room/a.rs", "pub struct Ay;\n"),
        ("room/b.rs", "use super::Ay;\npub struct Bee(Ay);\n"),
        (
            "room/tests.rs",
            "use crate::room::Bee;\n#[test]\nfn t() { let _ = std::mem::size_of::<Bee>(); }\n",
        ),
    ]);
    let Some(output) = check(&dir.path().join("src")) else {
        return;
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "no import circle among 4 files (1 imports)\n"
    );
}
