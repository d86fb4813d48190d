//! Calls that no queued entry names, sent on to a live server behind the address (a moto
//! fixture's, with the fixture's account in a header), as an in-process stubber in front of
//! moto sends them.

use std::net::SocketAddr;

use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use hyper_util::rt::TokioIo;

use super::reply::Reply;

/// Where calls without an entry go, and the headers they gain on the way.
#[derive(Debug, Clone)]
pub(crate) struct Behind {
    pub(crate) addr: SocketAddr,
    pub(crate) headers: Vec<(String, String)>,
}

/// A request as it reached the address, body untouched (still `aws-chunked` if it was).
pub(crate) struct Raw {
    pub(crate) method: http::Method,
    pub(crate) path: String,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Bytes,
}

impl Behind {
    /// Sends the request to the server behind and hands back its answer.
    pub(crate) async fn send(&self, raw: Raw) -> Result<Reply, String> {
        let stream = tokio::net::TcpStream::connect(self.addr)
            .await
            .map_err(|e| {
                format!(
                    "the server behind the address ({}) is not there: {e}",
                    self.addr
                )
            })?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let mut request = http::Request::builder().method(raw.method).uri(raw.path);
        for (name, value) in &raw.headers {
            request = request.header(name, value);
        }
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let request = request
            .body(SdkBody::from(raw.body))
            .map_err(|e| e.to_string())?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let (parts, body) = response.into_parts();
        let body = aws_smithy_types::byte_stream::ByteStream::new(SdkBody::from_body_1_x(body))
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .into_bytes();
        let headers = parts
            .headers
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "content-length" | "transfer-encoding"))
            .map(|(k, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (k.as_str().to_string(), value)
            })
            .collect();
        Ok(Reply::Http {
            status: parts.status.as_u16(),
            headers,
            body: SdkBody::from(body),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::RecordedRequest;

    #[tokio::test]
    async fn a_server_behind_that_is_gone_fails_the_call_and_says_where_it_was() {
        let gone = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let addr = gone.local_addr().unwrap();
        drop(gone);
        let stubber = crate::Stubber::new();
        stubber.verify_on_drop(false);
        let behind = Behind {
            addr,
            headers: Vec::new(),
        };
        let shared = super::super::call::Shared::new(stubber.inner.clone(), Some(behind));
        let body = "Action=ListUsers&Version=2010-05-08";
        let request = RecordedRequest::new("POST", "http://127.0.0.1:1/")
            .with_header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/iam/aws4_request, \
                 SignedHeaders=host, Signature=0",
            )
            .with_header("content-type", "application/x-www-form-urlencoded")
            .with_body(body);
        let raw = Raw {
            method: http::Method::POST,
            path: "/".into(),
            headers: http::HeaderMap::new(),
            body: Bytes::from(body),
        };
        let Reply::Http { status, .. } = shared.answer(request, raw).await else {
            panic!("an answer");
        };
        assert_eq!(status, 400);
        let failures = stubber.take_failures();
        assert_eq!(
            failures[0].message(),
            format!(
                "aws-stubber: call #1 to IAM ListUsers could not be sent on: the server behind \
                 the address ({addr}) is not there: Connection refused (os error 111)"
            )
        );
    }
}
