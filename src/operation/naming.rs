//! An operation's name and crate, read from its input type's path.

pub(crate) fn derived_name<I: 'static>() -> String {
    name_of(std::any::type_name::<I>())
}

/// The operation named by an input type's path (`aws_sdk_s3::...::ListObjectsV2Input`), out
/// of line: the generic shells are compiled once per operation a test names.
fn name_of(full: &str) -> String {
    let last = full.rsplit("::").next().unwrap_or(full);
    last.strip_suffix("Input").unwrap_or(last).to_string()
}

pub(crate) fn derived_crate<I: 'static>() -> String {
    crate_of(std::any::type_name::<I>())
}

fn crate_of(full: &str) -> String {
    full.split("::").next().unwrap_or(full).to_string()
}
