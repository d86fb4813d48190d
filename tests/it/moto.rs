//! A moto server (a real AWS protocol peer) on 127.0.0.1 for the record-and-replay tests, a
//! canned local server for what moto lacks, and temporary fixture paths.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A moto server on a free loopback port, stopped on drop.
pub struct Moto {
    child: Child,
    pub url: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn moto_command() -> Option<Command> {
    for candidate in ["moto_server"] {
        if Command::new(candidate)
            .arg("--help")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            return Some(Command::new(candidate));
        }
    }
    let python_has_moto = Command::new("python3")
        .args(["-c", "import moto.server"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    python_has_moto.then(|| {
        let mut c = Command::new("python3");
        c.args(["-m", "moto.server"]);
        c
    })
}

impl Moto {
    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.url.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// Forgets every resource (moto's `/moto-api/reset`), as a fresh server would.
    pub fn reset(&self) {
        let address = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).unwrap();
        stream
            .write_all(
                format!(
                    "POST /moto-api/reset HTTP/1.1\r\nhost: {address}\r\ncontent-length: 0\r\n\
                     connection: close\r\n\r\n"
                )
                .as_bytes(),
            )
            .unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 200"), "moto reset: {answer}");
    }
}

/// Starts moto, or explains how to install it (and fails under CI, where it must run).
pub fn start_moto() -> Option<Moto> {
    start_moto_on(None)
}

/// [`start_moto`] on this port (the one a stopped server used: a fixture names its
/// endpoint), or on a free one.
pub fn start_moto_on(port: Option<u16>) -> Option<Moto> {
    let Some(mut command) = moto_command() else {
        let how = "moto's server is not installed: pip install 'moto[server]'";
        if std::env::var_os("CI").is_some() {
            panic!("{how} (it is required under CI; .ci/run installs it)");
        }
        eprintln!("skipping the moto-backed test: {how}");
        return None;
    };
    let port = port.unwrap_or_else(|| {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    });
    let child = command
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto server starts");
    let moto = Moto {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "moto did not start listening on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(moto)
}

/// A local server on 127.0.0.1 that answers every request (up to 64) with status 200 and
/// this body; returns its URL.
pub fn canned_server(content_type: &'static str, body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { return };
            let mut buf = [0u8; 16384];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
                     connection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            );
        }
    });
    url
}
