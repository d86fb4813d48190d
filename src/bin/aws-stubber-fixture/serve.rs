//! `aws-stubber-fixture serve FILE [-- COMMAND [ARG...]]`: a fixture file served at an
//! address, strictly, to a program in any language that uses an AWS SDK.

use std::process::{Command, ExitCode};

use aws_stubber::Stubber;

pub(crate) const USAGE: &str = "  aws-stubber-fixture serve FILE [-- COMMAND [ARG...]]
                                                serve FILE's interactions at an address on
                                                127.0.0.1, in order, to an AWS SDK; with a
                                                COMMAND, run it with the environment that
                                                sends its SDK there and stop when it ends,
                                                else print that environment and serve until
                                                interrupted (Ctrl-C, SIGTERM). Then say what
                                                was not called or not expected: exit status 1
                                                if anything was, else COMMAND's";

pub(crate) fn main(args: &[String]) -> ExitCode {
    let (file, command) = match args {
        [file] => (file, None),
        [file, dashes, command @ ..] if dashes == "--" && !command.is_empty() => {
            (file, Some(command))
        }
        _ => {
            eprintln!("usage:\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let stubber = Stubber::new();
    let count = match stubber.load_fixture(file) {
        Ok(count) => count,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    // Reported below, not by a panic when the stubber drops.
    stubber.verify_on_drop(false);
    let served = stubber.serve();
    eprintln!(
        "aws-stubber: serving {file} ({count} interactions) at {}",
        served.url()
    );
    let status = match command {
        Some(command) => {
            let mut child = Command::new(&command[0]);
            child.args(&command[1..]);
            served.env().apply(&mut child);
            match child.status() {
                Ok(status) => Some(status),
                Err(e) => {
                    eprintln!("aws-stubber: {} could not be run: {e}", command[0]);
                    return ExitCode::FAILURE;
                }
            }
        }
        None => {
            print!("{}", served.env().shell());
            eprintln!("aws-stubber: serving until interrupted (Ctrl-C)");
            wait_for_a_signal();
            None
        }
    };
    match served.verify() {
        Err(e) => {
            eprintln!("{}", e.message());
            ExitCode::FAILURE
        }
        Ok(()) => {
            eprintln!("aws-stubber: every interaction was called, in order, and nothing else");
            match status {
                Some(status) if !status.success() => {
                    ExitCode::from(status.code().map_or(1, |c| c.clamp(1, 255) as u8))
                }
                _ => ExitCode::SUCCESS,
            }
        }
    }
}

/// Returns on SIGINT or SIGTERM.
fn wait_for_a_signal() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime to wait on");
    runtime.block_on(async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let mut term = signal(SignalKind::terminate()).expect("SIGTERM can be waited on");
            let mut interrupt = std::pin::pin!(tokio::signal::ctrl_c());
            std::future::poll_fn(|cx| {
                use std::task::Poll;
                if interrupt.as_mut().poll(cx).is_ready() || term.poll_recv(cx).is_ready() {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            })
            .await;
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    });
}
