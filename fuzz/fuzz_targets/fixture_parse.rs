//! Any bytes given to the fixture parser give a fixture or a clear error, never a panic; a
//! parsed fixture writes back to JSON that parses to the same fixture.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz.json");
    if let Ok(fixture) = aws_stubber::fixture::Fixture::parse(path, data) {
        let again = aws_stubber::fixture::Fixture::parse(path, fixture.to_json().as_bytes())
            .expect("a written fixture parses");
        assert_eq!(again, fixture);
    }
});
