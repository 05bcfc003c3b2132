//! The real binary in a pseudo-terminal against an in-process sandbox (the terminal app, and the
//! CLI's confirmation prompt): prefilled flags → Enter →
//! y → SUCCESS with the RequestId, the row in History; Ctrl-C, SIGTERM and a panic all leave the
//! terminal restored; no secret reaches the screen, a file or the panic report.

mod common;
use common::{contains, files_under};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tceni::sandbox::{
    DEFAULT_TASK_DELAY, DEMO_SECRET_ID, DEMO_SECRET_KEY, DEMO_TEMP_SECRET_ID, DEMO_TEMP_SECRET_KEY,
    DEMO_TOKEN, Sandbox, SandboxConfig,
};

const ROWS: u16 = 30;
const COLS: u16 = 120;

/// One run of the binary in a pty, its screen parsed by vt100, everything it printed kept.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    keys: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    reading: Option<std::thread::JoinHandle<()>>,
}

impl Session {
    fn start(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tceni"));
        cmd.args(args);
        cmd.env("TCENI_KEYRING", "off");
        cmd.env("TCENI_LOG", "debug");
        cmd.env("HOME", home);
        cmd.env("TERM", "xterm-256color");
        for (var, sub) in
            [("TCENI_DATA_DIR", "data"), ("TCENI_STATE_DIR", "state"), ("TCENI_CONFIG_DIR", "config")]
        {
            cmd.env(var, home.join(sub));
        }
        for (var, value) in env {
            cmd.env(var, value);
        }
        cmd.cwd(home);
        let child = pty.slave.spawn_command(cmd).expect("spawn tceni");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (feed, keep) = (parser.clone(), raw.clone());
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
                keep.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let keys = pty.master.take_writer().unwrap();
        Session { child, master: Some(pty.master), keys, parser, raw, reading: Some(reading) }
    }

    fn press(&mut self, bytes: &[u8]) {
        self.keys.write_all(bytes).unwrap();
        self.keys.flush().unwrap();
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Wait until the screen shows every one of `needles`; fail with the screen if it does not.
    fn wait_for(&self, needles: &[&str], within: Duration) -> Duration {
        let started = Instant::now();
        loop {
            let text = self.text();
            if needles.iter().all(|n| text.contains(n)) {
                return started.elapsed();
            }
            assert!(started.elapsed() < within, "waited {within:?} for {needles:?}; screen:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait for the process to end, then for all its output; return its exit status.
    fn finish(&mut self, what: &str) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(5);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "tceni did not exit on {what}");
            std::thread::sleep(Duration::from_millis(20));
        };
        drop(self.master.take());
        if let Some(reading) = self.reading.take() {
            let _ = reading.join();
        }
        status
    }

    fn assert_terminal_restored(&self) {
        let parser = self.parser.lock().unwrap();
        assert!(!parser.screen().alternate_screen(), "left the alternate screen");
        assert!(!parser.screen().hide_cursor(), "the cursor is visible again");
    }

    fn output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).to_string()
    }
}

fn demo_env(sandbox_url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID.to_string()),
        ("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY.to_string()),
        ("TCENI_ENDPOINT", sandbox_url.to_string()),
    ]
}

fn as_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

const PREFILLED: [&str; 6] =
    ["--region", "ap-guangzhou", "--eni", "eni-free0001", "--instance", "ins-web00001"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attach_end_to_end_in_a_pty() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let env = demo_env(&sandbox.url());
    let mut session = Session::start(home.path(), &PREFILLED, &as_refs(&env));

    session.wait_for(&["Review and confirm", "eni-free0001", "ins-web00001"], Duration::from_secs(10));
    assert!(
        session.parser.lock().unwrap().screen().alternate_screen(),
        "the app runs in the alternate screen"
    );
    session.press(b"\r");
    session.wait_for(&["ClientToken", "y attach eni-free0001 to ins-web00001"], Duration::from_secs(5));
    session.press(b"y");
    let took = session.wait_for(&["SUCCESS in", "RequestId"], DEFAULT_TASK_DELAY + Duration::from_secs(2));
    eprintln!("y → SUCCESS on screen in {took:?}");

    session.press(b"\t"); // Progress → History
    session.wait_for(&["History", "succeeded", "eni-free0001"], Duration::from_secs(5));

    session.press(b"\x03"); // Ctrl-C
    assert!(session.finish("Ctrl-C").success());
    session.assert_terminal_restored();
    assert_eq!(sandbox.state().eni("eni-free0001").unwrap().instance.as_deref(), Some("ins-web00001"));
}

/// The ap-shanghai incident: eni-mig00001 is on ins-dead0001 (STOPPED); the form is switched to
/// move (Ctrl-O twice), the standby typed as the destination, confirmed, carried out; the screen
/// says where the ENI ended up and History holds the move.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_end_to_end_in_a_pty() {
    const UP: &[u8] = b"\x1b[A";
    const DOWN: &[u8] = b"\x1b[B";
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let env = demo_env(&sandbox.url());
    let args = ["--region", "ap-shanghai", "--eni", "eni-mig00001", "--instance", "ins-dead0001"];
    let mut session = Session::start(home.path(), &args, &as_refs(&env));
    session.wait_for(&["Review and confirm", "eni-mig00001", "ins-dead0001"], Duration::from_secs(10));

    session.press(b"\x0f\x0f"); // Ctrl-O twice: attach ▸ detach ▸ move
    session.wait_for(&["From instance", "To instance", "2 Move"], Duration::from_secs(5));
    session.press(UP); // Submit → attach type
    session.press(UP); // → To instance
    session.press(b"ins-stby0001");
    session.press(DOWN);
    session.press(DOWN);
    session.press(b"\r");
    session.wait_for(
        &[
            "Confirm move",
            "MigrateNetworkInterface",
            "ins-stby0001",
            "ClientToken none",
            "y move eni-mig00001",
        ],
        Duration::from_secs(5),
    );
    session.press(b"y");
    let took =
        session.wait_for(&["SUCCESS in", "on ins-stby0001"], DEFAULT_TASK_DELAY + Duration::from_secs(5));
    eprintln!("y → SUCCESS on screen in {took:?}");

    session.press(b"\t"); // Progress → History
    session.wait_for(&["History", "move", "eni-mig00001", "succeeded"], Duration::from_secs(5));
    session.press(b"\r");
    session.wait_for(&["MigrateNetworkInterface", "ins-dead0001 → ins-stby0001"], Duration::from_secs(5));

    session.press(b"\x03"); // Ctrl-C
    assert!(session.finish("Ctrl-C").success());
    session.assert_terminal_restored();
    assert_eq!(sandbox.state().eni("eni-mig00001").unwrap().instance.as_deref(), Some("ins-stby0001"));
}

/// SIGTERM (a closing terminal tab, `kill`) goes through the same exit path as `q`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_restores_the_terminal() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let env = demo_env(&sandbox.url());
    let mut session = Session::start(home.path(), &["--region", "ap-guangzhou"], &as_refs(&env));
    session.wait_for(&["Review and confirm"], Duration::from_secs(10));
    let pid = session.child.process_id().expect("a pid").to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    session.finish("SIGTERM");
    session.assert_terminal_restored();
}

/// A panic restores the terminal before the report prints, and the report names no secret.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_restores_the_terminal_and_its_report_leaks_no_secret() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let mut env = token_env(&sandbox.url());
    env.push(("TCENI_FORCE_PANIC", "1".into()));
    env.push(("RUST_BACKTRACE", "full".into()));
    let mut session = Session::start(home.path(), &PREFILLED, &as_refs(&env));
    let status = session.finish("a panic");
    assert!(!status.success());
    session.assert_terminal_restored();
    let output = session.output();
    assert!(output.contains("forced panic"), "the report is printed: {output}");
    assert_no_secret(&output, "the panic report");
}

fn token_env(sandbox_url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("TENCENTCLOUD_SECRET_ID", DEMO_TEMP_SECRET_ID.to_string()),
        ("TENCENTCLOUD_SECRET_KEY", DEMO_TEMP_SECRET_KEY.to_string()),
        ("TENCENTCLOUD_TOKEN", DEMO_TOKEN.to_string()),
        ("TCENI_ENDPOINT", sandbox_url.to_string()),
    ]
}

fn assert_no_secret(text: &str, place: &str) {
    for secret in [DEMO_TEMP_SECRET_KEY, DEMO_TOKEN] {
        assert!(!text.contains(secret), "a secret reached {place}");
    }
}

/// The TUI flows with a token credential and debug logging: no key or token on any screen, in
/// the bytes written to the terminal, or in any file under the data, state and config dirs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_screen_or_a_file_in_the_tui_flows() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let env = token_env(&sandbox.url());
    let mut session = Session::start(home.path(), &PREFILLED, &as_refs(&env));
    session.wait_for(&["Review and confirm"], Duration::from_secs(10));
    session.press(b"\r");
    session.wait_for(&["y attach eni-free0001"], Duration::from_secs(5));
    assert_no_secret(&session.text(), "the confirm pane");
    session.press(b"y");
    session.wait_for(&["SUCCESS in"], Duration::from_secs(5));
    session.press(b"d"); // detach through the same confirm step
    session.wait_for(&["DetachNetworkInterface", "y detach eni-free0001"], Duration::from_secs(5));
    session.press(b"y");
    session.wait_for(&["SUCCESS in"], Duration::from_secs(5));
    session.press(b"\t");
    session.wait_for(&["History"], Duration::from_secs(5));
    session.press(b"\r"); // the full record
    std::thread::sleep(Duration::from_millis(300));
    assert_no_secret(&session.text(), "the history record");
    session.press(b"\x03");
    session.finish("Ctrl-C");
    assert_no_secret(&session.output(), "the terminal");
    let mut files = 0;
    for file in files_under(home.path()) {
        files += 1;
        let bytes = std::fs::read(&file).unwrap();
        for secret in [DEMO_TEMP_SECRET_KEY, DEMO_TOKEN] {
            assert!(!contains(&bytes, secret.as_bytes()), "a secret reached {}", file.display());
        }
    }
    assert!(files >= 2, "the history and the log were written");
}

/// The fault matrix through the terminal app: each fault on AttachNetworkInterface shows its code
/// and explanation on screen, records the row, and never leaves two attachments.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_is_explained_on_screen_and_recorded() {
    use tceni::history::{HistoryQuery, Store};
    use tceni::sandbox::{Fault, FaultKind};
    // (fault, what the screen shows, the recorded outcome, the recorded error code). A body cut
    // off after the service acted is settled by describing the ENI: it is on the instance.
    let cases: Vec<(FaultKind, &str, &str, Option<&str>)> = vec![
        (FaultKind::Http500, "ClientError.HttpStatus", "Unknown", Some("ClientError.HttpStatus")),
        (FaultKind::Html502, "ClientError.HttpStatus", "Unknown", Some("ClientError.HttpStatus")),
        (FaultKind::TruncatedBody, "SUCCESS in", "Succeeded", None),
        (FaultKind::DropBefore, "ClientError.OutcomeUnknown", "Unknown", Some("ClientError.OutcomeUnknown")),
        (FaultKind::Hang, "ClientError.OutcomeUnknown", "Unknown", Some("ClientError.OutcomeUnknown")),
        (
            FaultKind::Error { code: "InternalError".into(), message: None },
            "InternalError",
            // The service failed inside, maybe after acting (issue 10.1): unknown, not refused.
            "Unknown",
            Some("InternalError"),
        ),
        (
            FaultKind::Error { code: "LimitExceeded.ActionLimited".into(), message: None },
            "LimitExceeded.ActionLimited",
            "Failed",
            Some("LimitExceeded.ActionLimited"),
        ),
        (
            FaultKind::Error { code: "AuthFailure.TokenFailure".into(), message: None },
            "AuthFailure.TokenFailure",
            "NotSent",
            Some("AuthFailure.TokenFailure"),
        ),
        (
            FaultKind::TaskFailed { reason: Some("guest refused".into()) },
            "ClientError.TaskFailed",
            "Failed",
            Some("ClientError.TaskFailed"),
        ),
    ];
    for (kind, screen, outcome, code) in cases {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
        let fault = Fault::once(kind.clone()).for_action("AttachNetworkInterface");
        sandbox.add_fault(if matches!(kind, FaultKind::TaskFailed { .. }) {
            fault
        } else {
            fault.until_cleared()
        });
        let home = tempfile::tempdir().unwrap();
        let env = demo_env(&sandbox.url());
        let mut args = PREFILLED.to_vec();
        args.extend(["--timeout", "1", "--poll-interval-ms", "50"]);
        let mut session = Session::start(home.path(), &args, &as_refs(&env));
        session.wait_for(&["Review and confirm"], Duration::from_secs(10));
        session.press(b"\r");
        session.wait_for(&["y attach eni-free0001"], Duration::from_secs(5));
        session.press(b"y");
        session.wait_for(&[screen], Duration::from_secs(15));
        // The code can show in a retry note while the run is still live; Ctrl-C then asks
        // first (a request is in flight). Wait for the run's end.
        let deadline = Instant::now() + Duration::from_secs(15);
        while session.text().contains(" working · ") && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        session.press(b"\x03");
        session.finish(&format!("Ctrl-C after {kind:?}"));
        let store = Store::open(home.path().join("data").join("history.sqlite3")).unwrap();
        let row = store.page(&HistoryQuery::default()).unwrap().remove(0);
        assert_eq!((row.outcome.as_str(), row.error_code.as_deref()), (outcome, code), "{kind:?}");
        let tasks =
            sandbox.state().tasks.iter().filter(|t| format!("{t:?}").contains("eni-free0001")).count();
        assert!(tasks <= 1, "{kind:?}: at most one attach carried out, whatever was retried");
    }
}

/// With no credential anywhere, the dialog explains the sources; Ctrl-D opens the demo on the
/// built-in sandbox in the same run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_credentials_the_dialog_opens_the_demo() {
    let home = tempfile::tempdir().unwrap();
    let mut session = Session::start(home.path(), &["--region", "ap-guangzhou"], &[]);
    session.wait_for(&["TENCENTCLOUD_SECRET_ID"], Duration::from_secs(10));
    session.press(b"\x04"); // Ctrl-D
    session.wait_for(&["SANDBOX", "sandbox demo"], Duration::from_secs(10));
    session.press(b"\x03");
    assert!(session.finish("Ctrl-C").success());
    session.assert_terminal_restored();
}

/// `tceni attach` in a terminal without --yes shows what will be sent and the preflight, and
/// asks; `n` sends nothing, `y` sends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_asks_before_sending_in_a_terminal() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let env = demo_env(&sandbox.url());
    let args = ["attach", "--region", "ap-guangzhou", "--eni", "eni-free0001", "--instance", "ins-web00001"];
    let mut refused = Session::start(home.path(), &args, &as_refs(&env));
    refused.wait_for(&["ClientToken:", "same VPC", "Send? [y/N]"], Duration::from_secs(10));
    refused.press(b"n\r");
    assert_eq!(refused.finish("n").exit_code(), 130, "declined: cancelled before anything was sent");
    assert!(refused.text().contains("nothing was sent"));
    assert!(sandbox.log().iter().all(|e| e.action != "AttachNetworkInterface"));

    let mut args = args.to_vec();
    args.extend(["--poll-interval-ms", "50"]);
    let mut accepted = Session::start(home.path(), &args, &as_refs(&env));
    accepted.wait_for(&["Send? [y/N]"], Duration::from_secs(10));
    accepted.press(b"y\r");
    accepted.wait_for(&["outcome: Succeeded"], Duration::from_secs(10));
    assert!(accepted.finish("the attach").success());
}

/// `q` or Ctrl-C while the attach hangs in flight asks first; any other key stays, `y` quits
/// (exit 0, terminal restored) and the history row stays open ("may have been sent") with its
/// ClientToken, for the next start to settle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quitting_with_a_request_in_flight_asks_first() {
    use tceni::history::{HistoryQuery, Store};
    use tceni::sandbox::{Fault, FaultKind};
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    sandbox.add_fault(Fault::once(FaultKind::Hang).for_action("AttachNetworkInterface").until_cleared());
    let home = tempfile::tempdir().unwrap();
    let env = demo_env(&sandbox.url());
    let mut args = PREFILLED.to_vec();
    args.extend(["--timeout", "60"]);
    let mut session = Session::start(home.path(), &args, &as_refs(&env));
    session.wait_for(&["Review and confirm"], Duration::from_secs(10));
    session.press(b"\r");
    session.wait_for(&["y attach eni-free0001"], Duration::from_secs(5));
    session.press(b"y");
    session.wait_for(&["sending AttachNetworkInterface"], Duration::from_secs(10));

    session.press(b"q");
    session.wait_for(&["quit anyway?", "may have been sent"], Duration::from_secs(5));
    session.press(b"n");
    session.wait_for(&["still running", "sending AttachNetworkInterface"], Duration::from_secs(5));
    assert!(!session.text().contains("quit anyway?"), "any other key closes the question");
    assert!(session.child.try_wait().unwrap().is_none(), "and the app stays");

    session.press(b"\x03"); // Ctrl-C asks the same
    session.wait_for(&["quit anyway?"], Duration::from_secs(5));
    session.press(b"y");
    assert!(session.finish("y to the quit question").success());
    session.assert_terminal_restored();

    let store = Store::open(home.path().join("data").join("history.sqlite3")).unwrap();
    let row = store.page(&HistoryQuery::default()).unwrap().remove(0);
    // Never "nothing sent yet": the cancelled run recorded that it may have been sent.
    assert!(
        row.outcome.is_open() && row.outcome != tceni::history::Outcome::Pending,
        "the row may have been sent: {:?} {:?}",
        row.outcome,
        row.error_message
    );
    assert!(row.client_token.starts_with("tceni-"), "with its ClientToken: {}", row.client_token);
}
