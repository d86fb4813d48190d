//! Request bodies the SDK compressed (`content-encoding: gzip`, as CloudWatch PutMetricData
//! sends a large body): fixture files hold them decompressed, with the header kept to say
//! how they were sent, and replay compares them decompressed, by meaning.

use std::borrow::Cow;
use std::io::Read as _;

use super::RecordedRequest;

/// More than any request body a test sends: a body that inflates past it is compared as sent.
const MAX_INFLATED: u64 = 256 << 20;

/// Whether `headers` say the body is gzip-compressed.
pub(crate) fn says_gzip(headers: &[(String, String)]) -> bool {
    headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("content-encoding"))
        .flat_map(|(_, v)| v.split(','))
        .any(|e| e.trim().eq_ignore_ascii_case("gzip"))
}

/// Whether `body` is gzip data (its magic bytes).
pub(crate) fn is_gzip(body: &[u8]) -> bool {
    body.starts_with(&[0x1f, 0x8b])
}

impl RecordedRequest {
    /// The body as the service reads it: decompressed when the request says `gzip` and the
    /// body is gzip data; else as it is (a recording holds it decompressed already, and a
    /// body that does not inflate is compared as sent).
    pub(crate) fn plain_body(&self) -> Cow<'_, [u8]> {
        if !says_gzip(&self.headers) || !is_gzip(&self.body) {
            return Cow::Borrowed(&self.body);
        }
        let mut out = Vec::new();
        let inflated = flate2::read::MultiGzDecoder::new(&self.body[..])
            .take(MAX_INFLATED + 1)
            .read_to_end(&mut out);
        match inflated {
            Ok(n) if (n as u64) <= MAX_INFLATED => Cow::Owned(out),
            _ => Cow::Borrowed(&self.body),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn request(encoding: &str, body: Vec<u8>) -> RecordedRequest {
        RecordedRequest {
            method: "POST".into(),
            uri: "https://monitoring.us-east-1.amazonaws.com/".into(),
            headers: vec![("content-encoding".into(), encoding.into())],
            body: body.into(),
            trailers: Vec::new(),
        }
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn a_gzip_body_reads_decompressed_and_anything_else_as_it_is() {
        let plain = b"{\"MetricData\":[1,2,3]}".to_vec();
        assert_eq!(request("gzip", gzip(&plain)).plain_body(), &plain[..]);
        assert_eq!(
            request("aws-chunked, GZIP", gzip(&plain)).plain_body(),
            &plain[..]
        );
        // Recorded decompressed already; not gzip at all; not said to be gzip.
        assert_eq!(request("gzip", plain.clone()).plain_body(), &plain[..]);
        let broken = vec![0x1f, 0x8b, 0, 1, 2];
        assert_eq!(request("gzip", broken.clone()).plain_body(), &broken[..]);
        let zipped = gzip(&plain);
        assert_eq!(
            request("identity", zipped.clone()).plain_body(),
            &zipped[..]
        );
    }
}
