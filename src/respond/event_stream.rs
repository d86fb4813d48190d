//! Event-stream responses (`application/vnd.amazon.eventstream`): messages framed as the
//! service frames them and handed to the SDK one by one, with pauses between them on tokio's
//! clock, so that code reading the SDK's event receiver sees every event in order.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::Bytes;

/// The content type of event-stream bodies.
pub(crate) const EVENT_STREAM: &str = "application/vnd.amazon.eventstream";

/// An event-stream response: the messages an event-stream operation (S3
/// `SelectObjectContent`, Kinesis `SubscribeToShard`, Bedrock `ConverseStream`, ...)
/// receives, each framed as `vnd.amazon.eventstream` and decoded by the SDK's own
/// unmarshaller. Payloads are written in the service's protocol (XML for S3, JSON for the
/// JSON protocols); see the README for each message type.
///
/// ```
/// use std::time::Duration;
/// use aws_stubber::EventStream;
///
/// let stream = EventStream::new()
///     .event("Records", "application/octet-stream", "1,alice\n")
///     .pause(Duration::from_millis(100))
///     .event("End", "application/octet-stream", "");
/// assert_eq!(stream.messages(), 2);
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "an EventStream does nothing until it is queued with Stubber::add_event_stream"]
pub struct EventStream {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) parts: Vec<Part>,
}

/// A framed message, or a pause before the next one.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    Frame(Bytes),
    Pause(Duration),
}

impl EventStream {
    /// A stream with no message yet (status 200).
    pub fn new() -> Self {
        Self::default()
    }

    /// An event: `:message-type` `event`, `:event-type` (the union member's name, such as
    /// `Records`), `:content-type`, and the payload.
    ///
    /// ```
    /// use aws_stubber::EventStream;
    ///
    /// let stats = "<Stats><BytesScanned>10</BytesScanned><BytesProcessed>10</BytesProcessed>\
    ///              <BytesReturned>8</BytesReturned></Stats>";
    /// let stream = EventStream::new().event("Stats", "text/xml", stats);
    /// assert_eq!(stream.messages(), 1);
    /// ```
    pub fn event(self, event_type: &str, content_type: &str, payload: impl Into<Bytes>) -> Self {
        self.message(
            &[
                (":message-type", "event"),
                (":event-type", event_type),
                (":content-type", content_type),
            ],
            payload,
        )
    }

    /// A modeled error in the middle of the stream: `:message-type` `exception`,
    /// `:exception-type` (the error's shape name), and its payload. The SDK's receiver
    /// returns it as the stream's error type.
    ///
    /// ```
    /// use aws_stubber::EventStream;
    ///
    /// let stream = EventStream::new().exception(
    ///     "ResourceNotFoundException",
    ///     "application/json",
    ///     r#"{"message":"Stream s was deleted"}"#,
    /// );
    /// assert_eq!(stream.messages(), 1);
    /// ```
    pub fn exception(
        self,
        exception_type: &str,
        content_type: &str,
        payload: impl Into<Bytes>,
    ) -> Self {
        self.message(
            &[
                (":message-type", "exception"),
                (":exception-type", exception_type),
                (":content-type", content_type),
            ],
            payload,
        )
    }

    /// An error the service model does not name: `:message-type` `error`, with
    /// `:error-code` and `:error-message`. The SDK's receiver fails with it.
    ///
    /// ```
    /// use aws_stubber::EventStream;
    ///
    /// let stream = EventStream::new().error("InternalFailure", "try again");
    /// assert_eq!(stream.messages(), 1);
    /// ```
    pub fn error(self, code: &str, message: &str) -> Self {
        self.message(
            &[
                (":message-type", "error"),
                (":error-code", code),
                (":error-message", message),
            ],
            Bytes::new(),
        )
    }

    /// A message with these string headers, as it is: for what the other methods do not
    /// write (an `initial-response`, say).
    ///
    /// ```
    /// use aws_stubber::EventStream;
    ///
    /// let stream = EventStream::new().message(
    ///     &[(":message-type", "event"), (":event-type", "initial-response")],
    ///     "{}",
    /// );
    /// assert_eq!(stream.messages(), 1);
    /// ```
    pub fn message(mut self, headers: &[(&str, &str)], payload: impl Into<Bytes>) -> Self {
        let mut message = Message::new(payload.into());
        for (name, value) in headers {
            message = message.add_header(Header::new(
                name.to_string(),
                HeaderValue::String(value.to_string().into()),
            ));
        }
        let mut frame = Vec::new();
        aws_smithy_eventstream::frame::write_message_to(&message, &mut frame)
            .expect("a message of string headers is framed");
        self.parts.push(Part::Frame(frame.into()));
        self
    }

    /// A pause before the next message, on tokio's clock (so `tokio::time::pause()` and
    /// `advance` control it in tests).
    ///
    /// ```
    /// use std::time::Duration;
    /// use aws_stubber::EventStream;
    ///
    /// let stream = EventStream::new().pause(Duration::from_secs(1));
    /// assert_eq!(stream.messages(), 0);
    /// ```
    pub fn pause(mut self, pause: Duration) -> Self {
        self.parts.push(Part::Pause(pause));
        self
    }

    /// An extra header on the HTTP response that carries the stream.
    ///
    /// ```
    /// use aws_stubber::EventStream;
    ///
    /// let stream = EventStream::new().header("x-amz-request-id", "REQ-1");
    /// # let _ = stream;
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Every frame, one after another (the body, without its pauses).
    #[cfg(test)]
    pub(crate) fn frames(self) -> Vec<u8> {
        self.parts
            .into_iter()
            .flat_map(|p| match p {
                Part::Frame(b) => b.to_vec(),
                Part::Pause(_) => Vec::new(),
            })
            .collect()
    }

    /// How many messages the stream holds.
    ///
    /// ```
    /// assert_eq!(aws_stubber::EventStream::new().messages(), 0);
    /// ```
    pub fn messages(&self) -> usize {
        self.parts
            .iter()
            .filter(|p| matches!(p, Part::Frame(_)))
            .count()
    }
}

/// The body of an event-stream response: one frame at a time, pausing where asked.
pub(crate) struct FrameBody {
    parts: VecDeque<Part>,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl FrameBody {
    pub(crate) fn new(parts: Vec<Part>) -> Self {
        FrameBody {
            parts: parts.into(),
            pause: None,
        }
    }
}

impl http_body::Body for FrameBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        loop {
            if let Some(pause) = self.pause.as_mut() {
                std::task::ready!(pause.as_mut().poll(cx));
                self.pause = None;
            }
            match self.parts.pop_front() {
                None => return Poll::Ready(None),
                Some(Part::Frame(bytes)) => {
                    return Poll::Ready(Some(Ok(http_body::Frame::data(bytes))));
                }
                Some(Part::Pause(d)) => self.pause = Some(Box::pin(tokio::time::sleep(d))),
            }
        }
    }
}
