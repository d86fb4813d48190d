//! The macros that name a test's fixture file after the running test: `test_fixture!` and
//! `test_fixture_path!`.

/// The running test's fixture file, with no path to write: `tests/fixtures/<module path>/<test
/// name>.json` under the crate's directory (the name the test harness gives the test, so each
/// `#[rstest]` case gets its own file, under cargo test and cargo-nextest alike). Replays it,
/// or records it when the record mode says so, as [`Stubber::fixture`](crate::Stubber::fixture)
/// does; `test_fixture!(options)` takes [`FixtureOptions`](crate::record::FixtureOptions). Call it in
/// the test itself, not in a thread or task the test spawns (it fails there, saying so).
///
/// ```
/// # #[cfg(feature = "s3")]
/// # async fn lists_buckets() {
/// use aws_stubber::{client, test_fixture};
///
/// // In tests/storage.rs, test `lists_buckets`: tests/fixtures/lists_buckets.json;
/// // in a module `listing` of it: tests/fixtures/listing/lists_buckets.json.
/// let stubber = test_fixture!().unwrap();
/// let s3 = client!(aws_sdk_s3, &stubber);
/// s3.list_buckets().send().await.unwrap();
/// stubber.finish().unwrap();
/// # }
/// ```
#[macro_export]
macro_rules! test_fixture {
    () => {
        $crate::test_fixture!($crate::record::FixtureOptions::new())
    };
    ($options:expr $(,)?) => {
        $crate::_macro_support::test_fixture(::core::env!("CARGO_MANIFEST_DIR"), $options)
    };
}

/// The path [`test_fixture!`](crate::test_fixture) uses for the running test:
/// `tests/fixtures/<module path>/<test name>.json` under the crate's manifest directory.
///
/// ```
/// # fn in_a_test() {
/// let path = aws_stubber::fixture::test_fixture_path!().unwrap();
/// assert!(path.ends_with("tests/fixtures/listing/lists_buckets.json"));
/// # }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __test_fixture_path {
    () => {
        $crate::_macro_support::test_fixture_path(::core::env!("CARGO_MANIFEST_DIR"))
    };
}
