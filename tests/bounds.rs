//! Everything tceni reads from a server is bounded and escaped, and `--timeout` bounds the
//! command: the built binary against hostile local servers (a metadata service that hangs,
//! trickles, floods, redirects or writes terminal escapes) and against the sandbox.

#[path = "common/isolated.rs"]
mod isolated;

use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the hostile server does once it has read a request.
#[derive(Clone, Copy, Debug)]
enum Hostile {
    /// Never answers; the connection stays open.
    Hang,
    /// A 200 whose body comes one byte every 200 ms, for ever.
    Trickle,
    /// A 200 with no Content-Length and 300 MB of body.
    Flood,
    /// A 200 whose body is a role name carrying an OSC 52 clipboard write and a screen clear.
    Escapes,
    /// A 307 to another local server, which counts whoever connects.
    Redirect,
}

/// The OSC 52 payload the `Escapes` server answers (base64 of `rm -rf ~`).
const OSC52: &str = "\u{1b}]52;c;cm0gLXJmIH4K\u{7}\u{1b}[2Jevil";

struct Server {
    url: String,
    /// Connections the redirect target accepted.
    followed: Arc<AtomicUsize>,
}

async fn serve(mode: Hostile) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let target = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let target_url = format!("http://{}/", target.local_addr().unwrap());
    let followed = Arc::new(AtomicUsize::new(0));
    let counter = followed.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = target.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer(stream, mode, target_url.clone()));
        }
    });
    Server { url, followed }
}

async fn answer(mut stream: TcpStream, mode: Hostile, target: String) {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    match mode {
        Hostile::Hang => tokio::time::sleep(Duration::from_secs(600)).await,
        Hostile::Trickle => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n").await;
            while stream.write_all(b"a").await.is_ok() {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        Hostile::Flood => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n").await;
            let chunk = vec![b'a'; 1024 * 1024];
            for _ in 0..300 {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
            }
        }
        Hostile::Escapes => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", OSC52.len());
            let _ = stream.write_all(format!("{head}{OSC52}").as_bytes()).await;
        }
        Hostile::Redirect => {
            let head =
                format!("HTTP/1.1 307 Temporary Redirect\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
        }
    }
}

async fn run(mut cmd: Command) -> (Output, Duration) {
    let started = Instant::now();
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap();
    (out, started.elapsed())
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The CVM role from a hostile metadata service, with `--timeout 2`: every mode ends in one
/// explained line and exit 3 within the timeout (it took 15 s on a hang and 20.8 s on a slow
/// answer), reads at most 64 KiB (a 300 MB answer used to take 1.77 GB and reach stdout),
/// never follows a redirect, and writes no escape sequence to the terminal.
#[tokio::test]
async fn a_hostile_metadata_service_is_bounded_escaped_and_never_followed() {
    for mode in [Hostile::Hang, Hostile::Trickle, Hostile::Flood, Hostile::Escapes, Hostile::Redirect] {
        let server = serve(mode).await;
        let dir = tempfile::tempdir().unwrap();
        for output in ["text", "json"] {
            let mut cmd = isolated::tceni(
                dir.path(),
                &["--use-cvm-role", "--timeout", "2", "credentials", "show", "--output", output],
            );
            cmd.env("TCENI_METADATA_URL", &server.url);
            let (out, took) = run(cmd).await;
            let all = text(&out);
            assert_eq!(out.status.code(), Some(3), "{mode:?} {output}: {all}");
            assert!(took < Duration::from_millis(3500), "{mode:?} {output}: took {took:?}");
            assert!(out.stdout.len() + out.stderr.len() < 4096, "{mode:?} {output}: {} bytes", all.len());
            assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'), "{mode:?} {output}: {all:?}");
            assert!(all.contains("CVM role"), "{mode:?} {output}: {all}");
        }
        assert_eq!(server.followed.load(Ordering::SeqCst), 0, "{mode:?}: a redirect was followed");
    }
}
