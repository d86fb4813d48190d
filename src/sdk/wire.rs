//! The request as it goes on the wire: read at the HTTP client, after every interceptor of the
//! SDK has run (checksums, MD5, aws-chunked encoding, trailers, signing).

use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;

use crate::history::RecordedRequest;

/// Trailer fields that differ on every call and are never kept.
const VOLATILE_TRAILERS: &[&str] = &["x-amz-trailer-signature"];

/// The request when its body is in memory (no waiting needed).
pub(crate) fn read_now(request: &HttpRequest) -> Option<RecordedRequest> {
    let body = request.body().bytes()?;
    Some(record(request, Bytes::copy_from_slice(body)))
}

/// The request with a streaming body: the body is read from a clone when the SDK can rebuild
/// it, otherwise it is read once and put back as bytes, so the request can still be sent.
pub(crate) async fn read_streaming(request: &mut HttpRequest) -> Result<RecordedRequest, String> {
    let body = match request.body().try_clone() {
        Some(clone) => collect(clone).await?,
        None => {
            let taken = std::mem::replace(request.body_mut(), SdkBody::taken());
            let bytes = collect(taken).await?;
            *request.body_mut() = SdkBody::from(bytes.clone());
            bytes
        }
    };
    Ok(record(request, body))
}

async fn collect(body: SdkBody) -> Result<Bytes, String> {
    aws_smithy_types::byte_stream::ByteStream::new(body)
        .collect()
        .await
        .map(|b| b.into_bytes())
        .map_err(|e| format!("the request body could not be read: {e}"))
}

fn record(request: &HttpRequest, body: Bytes) -> RecordedRequest {
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect();
    recorded(
        request.method().to_string(),
        request.uri().to_string(),
        headers,
        body,
    )
}

/// A request from its parts as sent (headers named in lowercase), its `aws-chunked` body
/// decoded.
pub(crate) fn recorded(
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Bytes,
) -> RecordedRequest {
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "content-encoding" && v.contains("aws-chunked"));
    let (body, trailers) = match chunked.then(|| decode_aws_chunked(&body)).flatten() {
        Some((payload, trailers)) => (payload, trailers),
        None => (body, Vec::new()),
    };
    RecordedRequest {
        method,
        uri,
        headers,
        body,
        trailers,
    }
}

/// Decodes an `aws-chunked` body into its payload and trailer fields. Chunk signatures and
/// the trailer signature are dropped: they change on every call. `None` when the body is not
/// valid aws-chunked encoding.
pub(crate) fn decode_aws_chunked(body: &[u8]) -> Option<(Bytes, Vec<(String, String)>)> {
    let mut payload = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = find_crlf(rest)?;
        let line = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_text = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            break;
        }
        if rest.len() < size + 2 || &rest[size..size + 2] != b"\r\n" {
            return None;
        }
        payload.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
    let mut trailers = Vec::new();
    while !rest.is_empty() {
        let line_end = find_crlf(rest).unwrap_or(rest.len());
        let line = std::str::from_utf8(&rest[..line_end]).ok()?;
        rest = rest.get(line_end + 2..).unwrap_or(&[]);
        if line.is_empty() {
            continue;
        }
        let (name, value) = line.split_once(':')?;
        let name = name.trim().to_ascii_lowercase();
        if !VOLATILE_TRAILERS.contains(&name.as_str()) {
            trailers.push((name, value.trim().to_string()));
        }
    }
    Some((Bytes::from(payload), trailers))
}

fn find_crlf(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|w| w == b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::decode_aws_chunked;

    #[test]
    fn decodes_unsigned_and_signed_chunks_with_trailers() {
        let unsigned = b"5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
        let (payload, trailers) = decode_aws_chunked(unsigned).unwrap();
        assert_eq!(&payload[..], b"hello world");
        assert_eq!(
            trailers,
            [("x-amz-checksum-crc32".to_string(), "DUoRhQ==".to_string())]
        );
        let signed = b"5;chunk-signature=abc\r\nhello\r\n0;chunk-signature=def\r\n\
                       x-amz-checksum-crc32:DUoRhQ==\r\nx-amz-trailer-signature:123\r\n\r\n";
        let (payload, trailers) = decode_aws_chunked(signed).unwrap();
        assert_eq!(&payload[..], b"hello");
        assert_eq!(trailers.len(), 1, "the trailer signature is volatile");
    }

    #[test]
    fn rejects_what_is_not_aws_chunked() {
        assert!(decode_aws_chunked(b"hello").is_none());
        assert!(decode_aws_chunked(b"5\r\nhel").is_none());
    }
}
