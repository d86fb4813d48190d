//! The tables generated from the AWS service models: they are what the pinned models give,
//! and their field names are those of the SDK crates.

use std::process::Command;

/// One paginated operation, as `models_generated.rs` lists it.
pub struct Page {
    pub service: &'static str,
    pub operation: &'static str,
    /// The `Debug` text of the operation's input builder, and the fields the table names in
    /// it.
    pub input: String,
    pub input_fields: &'static [&'static str],
    /// The same for the output (the first field of a nested token's path).
    pub output: String,
    pub output_fields: &'static [&'static str],
}

#[test]
fn every_paginated_operation_of_the_linked_crates_has_the_fields_the_table_names() {
    let pages = super::models_generated::pages();
    let mut wrong = Vec::new();
    for page in &pages {
        for (debug, fields) in [
            (&page.input, page.input_fields),
            (&page.output, page.output_fields),
        ] {
            for field in fields {
                if !debug.contains(&format!("{field}: ")) {
                    wrong.push(format!(
                        "{} {}: no field {field} in {debug}",
                        page.service, page.operation
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(pages.len() > 350, "{} operations", pages.len());
}

/// `python3 tools/generate_models.py --check`: whether the committed tables are what the
/// pinned models give. `None` (with the reason) where Python or pip is missing.
fn generator_check() -> Result<std::process::Output, String> {
    Command::new("python3")
        .args(["tools/generate_models.py", "--check"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .map_err(|e| format!("python3 cannot be run ({e})"))
}

#[test]
fn the_committed_tables_are_what_the_pinned_models_give() {
    let output = match generator_check() {
        Ok(output) => output,
        Err(why) if std::env::var_os("CI").is_none() => {
            println!("SKIPPED the_committed_tables_are_what_the_pinned_models_give: {why}");
            return;
        }
        Err(why) => panic!("{why}; CI must run the generator check"),
    };
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
