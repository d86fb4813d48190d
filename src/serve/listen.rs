//! The listener: HTTP/1.1 on `127.0.0.1`, on a thread of its own with its own runtime (so it
//! answers whatever runtime, or none, the test and the code under test use), stopped when
//! the guard drops.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use aws_smithy_types::body::SdkBody;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

use super::call::Shared;
use super::reply::Reply;
use crate::message::PREFIX;

pub(crate) struct Listener {
    pub(crate) addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    /// Listens on a free port of `127.0.0.1`; returns once the port is bound.
    pub(crate) fn start(served: Arc<Shared>) -> std::io::Result<Listener> {
        let std_listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("aws-stubber {addr}"))
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(std_listener) {
                        Ok(listener) => {
                            tokio::spawn(accept(listener, served));
                        }
                        Err(e) => eprintln!("{PREFIX}the listener on {addr} failed: {e}"),
                    }
                    let _ = stopped.await;
                });
                // Dropping the runtime ends every connection, answered or not.
                drop(runtime);
            })?;
        Ok(Listener {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Stops listening and closes every connection; returns when the thread has ended.
    pub(crate) fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn accept(listener: tokio::net::TcpListener, served: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let served = served.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let served = served.clone();
                async move { answer(&served, request).await }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// A connection closed on purpose (a stubbed dropped connection).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a stubbed fault")
    }
}

impl std::error::Error for Dropped {}

async fn answer(
    served: &Shared,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<SdkBody>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = aws_smithy_types::byte_stream::ByteStream::new(SdkBody::from_body_1_x(body))
        .collect()
        .await
        .map(|b| b.into_bytes())
        .map_err(|_| Dropped)?;
    let host = parts
        .headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    let path = parts
        .uri
        .path_and_query()
        .map_or("/".to_string(), |p| p.to_string());
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| {
            let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (k.as_str().to_ascii_lowercase(), value)
        })
        .collect();
    let request = crate::sdk::wire::recorded(
        parts.method.to_string(),
        format!("http://{host}{path}"),
        headers,
        body.clone(),
    );
    let raw = super::forward::Raw {
        method: parts.method,
        path,
        headers: parts.headers,
        body,
    };
    match served.answer(request, raw).await {
        Reply::Http {
            status,
            headers,
            body,
        } => {
            let mut response = hyper::Response::builder().status(status);
            for (name, value) in &headers {
                response = response.header(name.as_str(), value.as_str());
            }
            Ok(response.body(body).unwrap_or_else(|e| {
                let mut response = hyper::Response::new(SdkBody::from(format!(
                    "{PREFIX}the queued response is not valid HTTP: {e}"
                )));
                *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
                response
            }))
        }
        Reply::Drop => Err(Dropped),
        Reply::Hang => std::future::pending().await,
    }
}
