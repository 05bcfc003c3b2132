//! `tceni sandbox` as a process: the first line on stdout, a call with the credentials it was
//! given, and no secret in any log line.

use crate::support::*;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

const ID: &str = "AKIDPROCESSTEST0000000000000000000001";
const KEY: &str = "PROCESSTESTKEY-do-not-print-0001";
const TOKEN: &str = "PROCESSTESTTOKEN-do-not-print-0001";

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_serves_and_never_logs_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let log_file = dir.path().join("sandbox.log");
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_tceni"))
            .args(["sandbox", "--secret-id", ID, "--token-file"])
            .arg(&token_file)
            .args(["--task-delay-ms", "20"])
            .env("TCENI_SANDBOX_SECRET_KEY", KEY)
            .arg("--log")
            .arg(&log_file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tceni runs"),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first.trim().strip_prefix("listening ").expect("first line is `listening URL`").to_string();
    let host = url.strip_prefix("http://").unwrap().to_string();
    let mut second = String::new();
    stdout.read_line(&mut second).unwrap();
    assert!(second.contains(ID) && !second.contains(KEY) && !second.contains(TOKEN), "{second}");

    let sb_stub = Endpoint { url: url.clone(), host };
    let mut req =
        sb_stub.req("AttachNetworkInterface", &attach_with_token("eni-free0001", "ins-web00001", "p-1"));
    assert_eq!(req.code().await, "ok");
    req.secret_key = "WRONGKEY".into();
    assert_eq!(req.code().await, "AuthFailure.SignatureFailure");

    child.0.kill().unwrap();
    child.0.wait().unwrap();
    let mut stderr = String::new();
    child.0.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let logged = std::fs::read_to_string(&log_file).unwrap();
    assert!(stderr.contains("AttachNetworkInterface") && stderr.contains("outcome=ok"), "{stderr}");
    assert!(logged.contains("AuthFailure.SignatureFailure"), "{logged}");
    for text in [&stderr, &logged] {
        assert!(!text.contains(KEY) && !text.contains(TOKEN) && !text.contains("WRONGKEY"), "{text}");
        assert!(!text.contains(ID), "the SecretId is masked: {text}");
    }
}

/// The sandbox's own key never goes on the command line (where `ps` shows it): `--secret-key`
/// and `--token` are refused as unknown flags (exit 2), and `--secret-id` without a key in the
/// environment or a file is refused naming where to put it. Nothing listens in either case.
#[test]
fn the_sandbox_takes_its_key_from_the_environment_or_a_file_only() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tceni"))
            .args(args)
            .env_remove("TCENI_SANDBOX_SECRET_KEY")
            .env_remove("TCENI_SANDBOX_TOKEN")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    for flag in ["--secret-key", "--token"] {
        let out = run(&["sandbox", "--secret-id", ID, flag, KEY]);
        let text =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(2), "{flag}: {text}");
        assert!(!text.contains("listening"), "{flag}: {text}");
    }
    let out = run(&["sandbox", "--secret-id", ID]);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("TCENI_SANDBOX_SECRET_KEY") && !text.contains("listening"), "{text}");
}

/// A sandbox known only by its URL (the one in the child process).
struct Endpoint {
    url: String,
    host: String,
}

impl Endpoint {
    fn req(&self, action: &str, body: &str) -> Req {
        Req {
            client: reqwest::Client::new(),
            url: format!("{}/", self.url),
            method: "POST",
            signed_host: self.host.clone(),
            query: String::new(),
            service: "vpc".into(),
            action: action.into(),
            version: "2017-03-12".into(),
            region: Some(GZ.into()),
            body: body.as_bytes().to_vec(),
            content_type: "application/json".into(),
            secret_id: ID.into(),
            secret_key: KEY.into(),
            token: Some(TOKEN.into()),
            timestamp: now(),
            sign_action: false,
            authorization: None,
            body_after_signing: None,
            language: None,
        }
    }
}
