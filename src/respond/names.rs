//! Type names read from `std::any::type_name` and from erased values' `Debug` text.

/// `aws_sdk_s3::operation::list_buckets::ListBucketsOutput` -> `ListBucketsOutput`.
pub(crate) fn short_type_name<T>() -> &'static str {
    short_name(std::any::type_name::<T>())
}

/// The last segment of a type's path, its generics left out (out of line: the generic shell
/// is compiled once per type).
fn short_name(name: &'static str) -> &'static str {
    let name = name.split('<').next().unwrap_or(name);
    name.rsplit("::").next().unwrap_or(name)
}

/// `TypeErasedBox[!Clone]:ListBucketsOutput { .. }` -> `ListBucketsOutput`.
pub(crate) fn type_of_debug(debug: &str) -> String {
    let inner = strip_erased(debug);
    inner
        .split([' ', '{', '('])
        .next()
        .unwrap_or(inner)
        .to_string()
}

/// Strips the `Input(TypeErasedBox[..]:` wrapping that erased values print.
pub(crate) fn strip_erased(debug: &str) -> &str {
    let mut text = debug;
    let mut wrapped = false;
    for wrapper in ["Input(", "Output(", "Error("] {
        if let Some(rest) = text.strip_prefix(wrapper) {
            text = rest;
            wrapped = true;
            break;
        }
    }
    if text.starts_with("TypeErasedBox[") {
        text = text.split_once("]:").map(|(_, rest)| rest).unwrap_or(text);
    }
    if wrapped {
        text = text.strip_suffix(')').unwrap_or(text);
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn strips_erased_wrappers() {
        assert_eq!(
            super::strip_erased("Input(TypeErasedBox[!Clone]:A { b: 1 })"),
            "A { b: 1 }"
        );
        assert_eq!(super::strip_erased("TypeErasedBox[Clone]:A"), "A");
        assert_eq!(
            super::type_of_debug("Output(TypeErasedBox[!Clone]:ListBucketsOutput { x: 1 })"),
            "ListBucketsOutput"
        );
    }
}
