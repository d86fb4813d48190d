//! A response body that ends in an error halfway, as when the connection drops while the body
//! is read (the sweep's "body cut short").

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;

use super::{RawResponse, Response};
use crate::message::PREFIX;

/// The error the body ends with. Its `Debug` is its message, as `unwrap()` shows it.
pub(crate) struct CutShort {
    received: usize,
    expected: usize,
}

impl std::fmt::Display for CutShort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{PREFIX}the connection dropped after {} of the body's {} bytes (a body cut short by \
             the sweep)",
            self.received, self.expected
        )
    }
}

impl std::fmt::Debug for CutShort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for CutShort {}

/// Gives the first half of a body, then the error.
pub(crate) struct CutBody {
    first: Option<Bytes>,
    expected: usize,
}

impl CutBody {
    /// The answer `written` cut short: its status and headers (with the whole body's length),
    /// and half its body.
    pub(crate) fn answer(written: RawResponse) -> (u16, Vec<(String, String)>, CutBody) {
        let expected = written.body.len().max(2);
        let mut headers: Vec<(String, String)> = written
            .headers
            .into_iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("content-length"))
            .collect();
        headers.push(("content-length".to_string(), expected.to_string()));
        let half = if written.body.is_empty() {
            Bytes::from_static(b"a")
        } else {
            written.body.slice(..written.body.len() / 2)
        };
        (
            written.status,
            headers,
            CutBody {
                first: Some(half),
                expected,
            },
        )
    }
}

impl http_body::Body for CutBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Ready(Some(match self.first.take() {
            Some(first) => Ok(http_body::Frame::data(first)),
            None => Err(Box::new(CutShort {
                received: self.expected / 2,
                expected: self.expected,
            })),
        }))
    }
}

/// The HTTP response an entry answers with as written, when it is one (raw responses,
/// fixture files). A typed output's body cannot be read back: a body cut short then gets a
/// bare 200 that sends one byte of two.
pub(crate) fn written_http(response: &Response) -> RawResponse {
    match response {
        Response::Http(raw) => raw.clone(),
        _ => RawResponse::new(200),
    }
}
