//! Comparing arbitrary requests (URIs, headers, bodies of any content type) never panics, a
//! request always matches its own recording, and Debug text always pretty-prints.
#![no_main]

use aws_stubber::internals::{line_diff, pretty_debug, replay_differences};
use aws_stubber::history::RecordedRequest;
use libfuzzer_sys::fuzz_target;

fn request(parts: &[&[u8]]) -> RecordedRequest {
    let text = |i: usize| String::from_utf8_lossy(parts.get(i).copied().unwrap_or_default()).into_owned();
    let content_types = ["application/xml", "application/json", "application/x-www-form-urlencoded", "text/plain", ""];
    let ct = content_types[parts.get(4).and_then(|p| p.first()).copied().unwrap_or(0) as usize % content_types.len()];
    RecordedRequest::new(text(0), text(1))
        .with_header("content-type", ct)
        .with_header("x-amz-target", text(2))
        .with_body(bytes::Bytes::copy_from_slice(parts.get(3).copied().unwrap_or_default()))
}

fuzz_target!(|data: &[u8]| {
    let halves: Vec<&[u8]> = data.splitn(2, |b| *b == 0xff).collect();
    let a_parts: Vec<&[u8]> = halves[0].split(|b| *b == 0).collect();
    let b_parts: Vec<&[u8]> = halves.get(1).copied().unwrap_or_default().split(|b| *b == 0).collect();
    let a = request(&a_parts);
    let b = request(&b_parts);
    let _ = replay_differences(&a, &b);
    assert!(replay_differences(&a, &a).is_empty(), "a request must match its own recording: {a:?}");
    let text = String::from_utf8_lossy(data);
    let _ = pretty_debug(&text);
    let _ = line_diff(&text, &String::from_utf8_lossy(halves[0]));
});
