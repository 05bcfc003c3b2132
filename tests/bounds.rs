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

// ---- --timeout bounds the command; the account lookup holds only what needs it ----

mod command {
    use super::*;
    use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Fault, FaultKind, Sandbox, SandboxConfig};

    pub(super) const ROLE_ARN: &str = "qcs::cam::uin/100000000001:roleName/ops";

    pub(super) struct Bin {
        pub sandbox: Sandbox,
        pub dir: tempfile::TempDir,
    }

    impl Bin {
        pub async fn new() -> Bin {
            Bin::with(SandboxConfig::default()).await
        }

        pub async fn with(config: SandboxConfig) -> Bin {
            let dir = tempfile::tempdir().unwrap();
            Bin { sandbox: Sandbox::start(config).await.unwrap(), dir }
        }

        /// The binary, isolated, against the sandbox with the demo key in the environment.
        pub fn command(&self, args: &[&str]) -> Command {
            let mut cmd = isolated::tceni(self.dir.path(), args);
            cmd.env("TCENI_ENDPOINT", self.sandbox.url())
                .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
                .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
            cmd
        }

        pub fn config(&self, text: &str) {
            let dir = self.dir.path().join("config");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("config.toml"), text).unwrap();
        }

        pub fn slow(&self, action: &str, ms: u64) {
            self.sandbox.add_fault(Fault::once(FaultKind::Latency { ms }).for_action(action).until_cleared());
        }
    }

    pub(super) const ATTACH: [&str; 11] = [
        "attach",
        "--region",
        "ap-guangzhou",
        "--eni",
        "eni-free0001",
        "--instance",
        "ins-web00001",
        "--poll-interval-ms",
        "100",
        "--yes",
        "--output",
    ];

    /// sts GetCallerIdentity hangs and no allowed_accounts rule is set: the attach goes on
    /// without waiting for it (it waited the whole --timeout: 30.4 s for a 0.44 s attach), and
    /// its duration_ms is the time it took.
    #[tokio::test]
    async fn a_hung_account_lookup_does_not_hold_an_operation_without_an_account_rule() {
        let bin = Bin::new().await;
        bin.sandbox.add_fault(Fault::once(FaultKind::Hang).for_action("GetCallerIdentity").until_cleared());
        let args = [&["--timeout", "6"][..], &ATTACH, &["json"]].concat();
        let (out, took) = run(bin.command(&args)).await;
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["outcome"], "Succeeded", "{v}");
        assert!(took < Duration::from_secs(4), "took {took:?}");
        assert_eq!(v["account"], serde_json::Value::Null, "{v}");
        let duration = Duration::from_millis(v["duration_ms"].as_u64().unwrap());
        assert!(took.saturating_sub(duration) < Duration::from_millis(2000), "{duration:?} of {took:?}");
    }

    /// Three calls in a row, each well within --timeout 2 (an AssumeRole, the account lookup an
    /// allowed_accounts rule needs, preflight's describe, each held 1.2 s): the command, not each
    /// call, is bounded. It used to take all three and send; now it stops at 2 s, nothing sent.
    #[tokio::test]
    async fn the_timeout_bounds_the_whole_command_not_each_call() {
        let bin = Bin::new().await;
        bin.config("allowed_accounts = ['100000000001']\n");
        for action in ["AssumeRole", "GetCallerIdentity", "DescribeNetworkInterfaces"] {
            bin.slow(action, 1200);
        }
        let args = [&["--timeout", "2", "--role-arn", ROLE_ARN][..], &ATTACH, &["json"]].concat();
        let (out, took) = run(bin.command(&args)).await;
        assert_ne!(out.status.code(), Some(0), "{}", text(&out));
        assert!(took < Duration::from_millis(3200), "took {took:?}: {}", text(&out));
        assert_eq!(bin.sandbox.request_count("AttachNetworkInterface"), 0);
    }
}

// ---- one quota, many processes ----

mod quota {
    use super::command::{ATTACH, Bin};
    use super::*;
    use tceni::sandbox::SandboxConfig;

    /// 30 separate `tceni attach` processes at once against a sandbox allowing 10 a second that
    /// counts refused tries (as the real service does), with `rate_limit = 10`: they queue on the
    /// machine's one schedule (a file in the state directory) and none is refused; each used to
    /// keep the rate on its own, so most were.
    #[tokio::test]
    async fn separate_processes_queue_on_one_quota() {
        let config = SandboxConfig {
            rate_limit: 10,
            count_refused_tries: true,
            task_delay: Duration::ZERO,
            ..SandboxConfig::default()
        };
        let bin = Bin::with(config).await;
        bin.config("rate_limit = 10\n");
        let args = [&["--timeout", "5"][..], &ATTACH, &["json", "--no-preflight", "--no-wait"]].concat();
        let args: Vec<&str> = [&args[..], &["--client-token", "tceni-quota-test-0001"]].concat();
        let started = Instant::now();
        let runs = (0..30).map(|i| {
            let mut cmd = bin.command(&args);
            // Each its own history: the test measures the quota, not SQLite's locking.
            cmd.env("TCENI_DATA_DIR", bin.dir.path().join(format!("data-{i}")));
            run(cmd)
        });
        let outs = futures::future::join_all(runs).await;
        let took = started.elapsed();
        let refused =
            outs.iter().filter(|(out, _)| String::from_utf8_lossy(&out.stdout).contains("LimitExceeded"));
        assert_eq!(refused.count(), 0, "of 30 processes, refused by the quota");
        for (out, _) in &outs {
            assert_eq!(out.status.code(), Some(0), "{}", text(out));
        }
        // 30 at 10 a second: the last leaves about 3 s after the first.
        assert!(took >= Duration::from_millis(2500), "took {took:?}: not spaced");
        assert_eq!(bin.sandbox.request_count("AttachNetworkInterface"), 30, "one try each");
    }
}

// ---- what the operator is told agrees with itself ----

mod advice {
    use super::command::{ATTACH, Bin};
    use super::*;
    use tceni::sandbox::{Fault, FaultKind, SandboxConfig};

    /// AuthFailure.SignatureExpire with clocks that agree (a held request) and with this machine
    /// 10 minutes behind: the explanation, what to do and the measured clock line say one thing
    /// (it used to say "not the cause… send it again" beside "This machine's clock is wrong").
    #[tokio::test]
    async fn the_clock_advice_never_contradicts_itself() {
        let cases = [
            (0, "not the cause", ["retrying can help: no", "\"retryable\":false"]),
            (600, "behind", ["not the cause", "retrying can help: yes"]),
        ];
        for (offset, says, never) in cases {
            let bin =
                Bin::with(SandboxConfig { clock_offset_secs: offset, ..SandboxConfig::default() }).await;
            if offset == 0 {
                let expired = FaultKind::Error { code: "AuthFailure.SignatureExpire".into(), message: None };
                bin.sandbox
                    .add_fault(Fault::once(expired).for_action("AttachNetworkInterface").until_cleared());
            }
            for output in ["text", "json"] {
                let args = [&ATTACH[..], &[output, "--no-preflight"]].concat();
                let (out, _) = run(bin.command(&args)).await;
                let all = text(&out);
                assert_eq!(out.status.code(), Some(1), "{offset}: {all}");
                assert!(all.contains("AuthFailure.SignatureExpire") && all.contains(says), "{offset}: {all}");
                for contradiction in never.into_iter().chain(["clock is wrong", "Clock skew"]) {
                    assert!(!all.contains(contradiction), "{offset} {output}: '{contradiction}' in {all}");
                }
            }
        }
    }
}

// ---- bad input is refused locally, in one line, escaped ----

mod input {
    use super::command::{ATTACH, Bin, ROLE_ARN};
    use super::*;

    /// Each is invalid input: exit 2 (no panic, no 1 or 6), nothing sent, and no escape sequence
    /// of the input reaches the terminal.
    #[tokio::test]
    async fn bad_flags_are_refused_before_anything_is_sent() {
        let bin = Bin::new().await;
        fn attach(before: &[&'static str], after: &[&'static str]) -> Vec<&'static str> {
            [before, &ATTACH, &["text"], after].concat()
        }
        let cases: Vec<Vec<&str>> = vec![
            attach(&["--timeout", "18446744073709551615"], &[]),
            attach(&["--timeout", "0"], &[]),
            attach(&["--timeout", "\u{1b}[2J"], &[]),
            attach(&["--wait-timeout", "18446744073709551615"], &[]),
            attach(&["--proxy", "http://exa mple:3128"], &[]),
            attach(&["--proxy", "ftp://proxy.corp:21"], &[]),
            attach(&[], &["--client-token", "tok\u{1b}]52;c;cm0gLXJmIH4K\u{7}"]),
            attach(&[], &["--client-token", "two words"]),
            vec!["--role-arn", "not-an-arn", "credentials", "show"],
            vec!["--role-arn", ROLE_ARN, "--role-session-name", "bad name!", "credentials", "show"],
            vec![
                "attach",
                "--region",
                "ap-guangzhou",
                "--eni",
                "eni-\u{1b}]52;c;eA==\u{7}",
                "--instance",
                "ins-web00001",
                "--yes",
            ],
            vec![
                "attach",
                "--region",
                "\u{1b}[2Jap-guangzhou",
                "--eni",
                "eni-free0001",
                "--instance",
                "ins-web00001",
                "--yes",
            ],
        ];
        for args in cases {
            let (out, _) = run(bin.command(&args)).await;
            let all = text(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {all}");
            assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'), "{args:?}: {all:?}");
            assert!(!all.contains("panicked"), "{args:?}: {all}");
        }
        assert!(bin.sandbox.log().is_empty(), "sent: {:?}", bin.sandbox.log());
    }

    /// A proxy that answers 407 forwarded nothing: exit 6 ("nothing could be sent; again is
    /// safe"), for a plain-HTTP endpoint (the 407 is an answer) as for HTTPS (a refused tunnel).
    #[tokio::test]
    async fn a_proxy_asking_for_authentication_means_nothing_was_sent() {
        let proxy = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = proxy.accept().await {
                tokio::spawn(async move {
                    let mut buf = [0u8; 8192];
                    let _ = stream.read(&mut buf).await;
                    let answer = "HTTP/1.1 407 Proxy Authentication Required\r\n\
                                  Proxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n";
                    let _ = stream.write_all(answer.as_bytes()).await;
                });
            }
        });
        let bin = Bin::new().await;
        for endpoint in ["http://vpc.example.test", "https://vpc.example.test"] {
            let args = [&["--proxy", &proxy_url, "--timeout", "5"][..], &ATTACH, &["text", "--no-preflight"]]
                .concat();
            let mut cmd = bin.command(&args);
            cmd.env("TCENI_ENDPOINT", endpoint);
            let (out, _) = run(cmd).await;
            let all = text(&out);
            assert_eq!(out.status.code(), Some(6), "{endpoint}: {all}");
            assert!(all.contains("407") || all.contains("proxy authorization required"), "{endpoint}: {all}");
        }
    }
}
