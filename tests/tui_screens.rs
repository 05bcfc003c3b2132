//! The screens an operator must be able to trust, on the real binary in a pseudo-terminal against
//! an in-process sandbox: a confirm that cannot be rushed, and the named way past a preflight
//! that cannot run. What was sent is read from the sandbox's own count (`/_sandbox/counts`).

#[path = "common/pty.rs"]
mod pty;

use pty::PtyApp;
use std::time::Duration;
use tceni::history::{HistoryQuery, Store};
use tceni::sandbox::{DEFAULT_TASK_DELAY, Fault, FaultKind, Sandbox, SandboxConfig};

const PREFILLED: [&str; 6] =
    ["--region", "ap-guangzhou", "--eni", "eni-free0001", "--instance", "ins-web00001"];

/// What `y` does, as the footer says it.
const SENDS: &str = "y attach eni-free0001 to ins-web00001 in ap-guangzhou";

fn start(sandbox: &Sandbox, home: &std::path::Path, extra: &[&str]) -> PtyApp {
    let mut args = PREFILLED.to_vec();
    args.extend(extra);
    PtyApp::on(sandbox, home, &args)
}

/// `AttachNetworkInterface` requests the sandbox received, asked over its control endpoint.
async fn attaches_received(sandbox: &Sandbox) -> u64 {
    let url = format!("{}/_sandbox/counts", sandbox.url().trim_end_matches('/'));
    let text = reqwest::get(url).await.unwrap().text().await.unwrap();
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    body["counts"]["AttachNetworkInterface"].as_u64().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_enter_sends_nothing_and_only_y_sends() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let mut session = start(&sandbox, home.path(), &[]);
    session.wait_for(&["Review and confirm", "eni-free0001", "ins-web00001"], Duration::from_secs(10));

    session.press(b"\r\r"); // review, and the rushed second Enter of the incident
    session.wait_for(&["Confirm attach", SENDS], Duration::from_secs(5));
    session.press(b"\r"); // Enter once the verdicts are on screen
    session.wait_for(&["Enter does not send here: press y to send"], Duration::from_secs(5));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(attaches_received(&sandbox).await, 0, "Enter Enter sent nothing");
    assert!(session.text().contains("Confirm attach"), "still on the confirm pane");

    session.press(b"y");
    session.wait_for(&["SUCCESS", "RequestId"], DEFAULT_TASK_DELAY + Duration::from_secs(3));
    assert_eq!(attaches_received(&sandbox).await, 1, "y sent exactly one request");

    session.quit();
}

/// Describe calls fail (the ENI cannot be described) while attach works: the confirm pane says
/// preflight could not run, `y` does not send, the named key does, and the row says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_describe_outage_is_passed_only_by_the_named_override() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let outage = FaultKind::Error { code: "InternalError".into(), message: None };
    sandbox.add_fault(Fault::once(outage).for_action("DescribeNetworkInterfaces").until_cleared());
    let home = tempfile::tempdir().unwrap();
    let mut session = start(&sandbox, home.path(), &["--timeout", "2", "--poll-interval-ms", "50"]);
    session.wait_for(&["Review and confirm"], Duration::from_secs(10));

    session.press(b"\r");
    session.wait_for(
        &["preflight could not run", "s send without preflight: attach eni-free0001 to ins-web00001"],
        Duration::from_secs(10),
    );
    session.press(b"y");
    session.wait_for(&["s sends without preflight"], Duration::from_secs(5));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(attaches_received(&sandbox).await, 0, "y does not skip the checks");

    session.press(b"s");
    session.wait_for(&["SUCCESS"], DEFAULT_TASK_DELAY + Duration::from_secs(5));
    assert_eq!(attaches_received(&sandbox).await, 1);
    // The task's SUCCESS shows while the run still verifies; Ctrl-C then would ask first.
    session.wait_until_idle(Duration::from_secs(10));
    session.quit();

    let store = Store::open(home.path().join("data").join("history.sqlite3")).unwrap();
    let row = store.page(&HistoryQuery::default()).unwrap().remove(0);
    let preflight = row.preflight.expect("the row records the preflight");
    assert!(preflight.contains("sent without preflight"), "{preflight}");
    assert!(row.request_id.is_some());
}

/// Pasting a ticket's `eni-… ins-…` fills both fields; the pane keys the tab line shows switch
/// panes from the form itself (F-keys too), and never take a digit typed in a field; then the
/// confirm.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paste_fills_both_fields_and_pane_keys_switch_panes_from_anywhere() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let mut session = PtyApp::on(&sandbox, home.path(), &["--region", "gz"]);
    session.wait_for(
        &["ap-guangzhou", "Alt-1 Region", "Alt-2 Attach", "Alt-3 History"],
        Duration::from_secs(10),
    );

    session.press(b"\x1b[200~eni-free0001 ins-web00001\n\x1b[201~");
    session.wait_for(
        &["eni-free0001", "✓ RUNNING · ap-guangzhou-3 · S5.MEDIUM4 · web-1"],
        Duration::from_secs(5),
    );

    session.press(b"\x1b3"); // Alt-3, from the form
    session.wait_for(&["newest first"], Duration::from_secs(5));
    session.press(b"\x1bOR"); // F3: the form
    session.wait_for(&["eni-free0001", "ins-web00001", "Review and confirm"], Duration::from_secs(5));
    session.press(b"\r");
    session.wait_for(&[SENDS], Duration::from_secs(5));
    assert_eq!(attaches_received(&sandbox).await, 0);
    session.quit();
}

/// Without a terminal the app says what to use instead, in one line, and exits 2.
#[test]
fn without_a_terminal_the_app_says_to_use_the_commands() {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tceni"))
        .args(["--region", "gz"])
        .env("HOME", home.path())
        .env("TCENI_KEYRING", "off")
        .env("TCENI_DATA_DIR", home.path().join("data"))
        .env("TCENI_STATE_DIR", home.path().join("state"))
        .env("TCENI_CONFIG_DIR", home.path().join("config"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("needs a terminal") && stderr.contains("tceni attach"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn a_region_that_names_none_is_refused_at_launch() {
    for (region, message) in [
        ("gzz", "tceni: unknown region 'gzz'"),
        ("华南", "tceni: '华南' could be ap-guangzhou or ap-guangzhou-open or ap-shenzhen-fsi"),
        // Well formed, but no catalog region: the app could not list it either.
        ("xx-bad", "tceni: unknown region 'xx-bad'"),
    ] {
        let home = tempfile::tempdir().unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tceni"))
            .args(["--region", region])
            .env("HOME", home.path())
            .env("TCENI_KEYRING", "off")
            .env("TCENI_DATA_DIR", home.path().join("data"))
            .env("TCENI_STATE_DIR", home.path().join("state"))
            .env("TCENI_CONFIG_DIR", home.path().join("config"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
        assert!(stderr.starts_with(message), "{stderr}");
        assert!(out.stdout.is_empty(), "the app never opened");
    }
}
