//! Crash safety with the real binary: a SIGKILL after the request was sent is reconciled at the
//! next start; concurrent processes lose no history row; kills mid-write never corrupt the file.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tceni::history::{HistoryQuery, Outcome, Store};
use tceni::sandbox::{DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};

struct Env {
    sandbox: Sandbox,
    dir: tempfile::TempDir,
}

impl Env {
    async fn new(task_delay: Duration) -> Env {
        let config = SandboxConfig { task_delay, ..SandboxConfig::default() };
        Env { sandbox: Sandbox::start(config).await.unwrap(), dir: tempfile::tempdir().unwrap() }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tceni"));
        cmd.args(args)
            .env("TCENI_DATA_DIR", self.dir.path().join("data"))
            .env("TCENI_STATE_DIR", self.dir.path().join("state"))
            .env("TCENI_CONFIG_DIR", self.dir.path().join("config"))
            .env("HOME", self.dir.path().join("home"))
            .env("TCENI_KEYRING", "off")
            .env("TCENI_ENDPOINT", self.sandbox.url())
            .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    }

    fn attach(&self, eni: &str, instance: &str) -> Child {
        let args = ["attach", "--region", "ap-guangzhou", "--eni", eni, "--instance", instance, "--yes"];
        self.command(&args).arg("--poll-interval-ms").arg("100").spawn().unwrap()
    }

    fn store(&self) -> Store {
        Store::open(self.dir.path().join("data").join("history.sqlite3")).unwrap()
    }
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_kill_after_sending_is_reconciled_to_success_at_the_next_start() {
    let env = Env::new(Duration::from_millis(1500)).await;
    let mut child = env.attach("eni-free0001", "ins-web00001");
    wait_for("the attach to reach the service", || {
        env.sandbox.log().iter().any(|e| e.action == "AttachNetworkInterface" && e.outcome == "ok")
    })
    .await;
    // The RequestId is recorded right after the answer; give the row a moment, then kill.
    wait_for("the RequestId in history", || {
        env.store().page(&HistoryQuery::default()).unwrap().first().is_some_and(|r| r.request_id.is_some())
    })
    .await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let row = env.store().page(&HistoryQuery::default()).unwrap().remove(0);
    assert_eq!(row.outcome, Outcome::Sent, "killed while the task was running");

    tokio::time::sleep(Duration::from_millis(1600)).await;
    let mut next = env.command(&["history", "--output", "json"]);
    let status = tokio::task::spawn_blocking(move || next.status().unwrap()).await.unwrap();
    assert!(status.success());
    let row = env.store().get(row.id).unwrap().unwrap();
    assert_eq!(row.outcome, Outcome::Succeeded);
    // Settled by describing the ENI (one request for every open row), not task by task.
    assert!(row.attachment.unwrap().contains("ins-web00001"));
}

#[tokio::test]
async fn two_processes_attaching_at_once_lose_no_row() {
    let env = Env::new(Duration::from_millis(100)).await;
    let pairs = [("eni-free0001", "ins-web00001"), ("eni-free0002", "ins-web00002")];
    for _ in 0..3 {
        let children: Vec<Child> = pairs.iter().map(|(e, i)| env.attach(e, i)).collect();
        for mut child in children {
            tokio::task::spawn_blocking(move || child.wait().unwrap()).await.unwrap();
        }
    }
    let rows = env.store().page(&HistoryQuery::default()).unwrap();
    assert_eq!(rows.len(), 6, "every attempt of both processes is recorded");
    assert!(rows.iter().all(|r| !r.outcome.is_open()), "{rows:?}");
    assert_eq!(rows.iter().filter(|r| r.outcome == Outcome::Succeeded).count(), 2);
}

#[tokio::test]
async fn kills_at_random_moments_never_corrupt_the_history_file() {
    let env = Env::new(Duration::from_millis(50)).await;
    for round in 0..8u64 {
        let mut children: Vec<Child> = (0..3).map(|_| env.attach("eni-free0001", "ins-app00001")).collect();
        tokio::time::sleep(Duration::from_millis(40 + round * 35)).await;
        for child in &mut children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
    let store = env.store();
    assert!(store.integrity_check().unwrap(), "SQLite integrity_check passes");
    let rows = store.page(&HistoryQuery::default()).unwrap();
    assert!(!rows.is_empty());
}

fn only_row(env: &Env) -> tceni::history::Attempt {
    let mut rows = env.store().page(&HistoryQuery::default()).unwrap();
    assert_eq!(rows.len(), 1);
    rows.remove(0)
}

#[tokio::test]
async fn a_kill_while_the_request_is_in_flight_leaves_sending_and_is_settled_by_describing_the_eni() {
    use tceni::sandbox::{Fault, FaultKind};
    let env = Env::new(Duration::from_millis(300)).await;
    // The service takes 800 ms to answer: the process is killed while it waits.
    env.sandbox.add_fault(Fault::once(FaultKind::Latency { ms: 800 }).for_action("AttachNetworkInterface"));
    let mut child = env.attach("eni-free0001", "ins-web00001");
    wait_for("the row to say Sending", || {
        env.store()
            .page(&HistoryQuery::default())
            .unwrap()
            .first()
            .is_some_and(|r| r.outcome == Outcome::Sending)
    })
    .await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let row = only_row(&env);
    assert_eq!(row.outcome, Outcome::Sending, "may have been sent, never 'nothing sent yet'");
    assert!(row.request_id.is_none() && !row.client_token.is_empty());

    // The service carries it out anyway; the next start settles the row by describing the ENI.
    wait_for("the sandbox to attach the ENI", || {
        env.sandbox.state().eni("eni-free0001").is_some_and(|e| e.instance.as_deref() == Some("ins-web00001"))
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await; // the task's 300 ms
    let mut next = env.command(&["history", "--output", "json"]);
    let status = tokio::task::spawn_blocking(move || next.status().unwrap()).await.unwrap();
    assert!(status.success());
    let row = env.store().get(row.id).unwrap().unwrap();
    assert_eq!(row.outcome, Outcome::Succeeded);
    assert_eq!((row.error_code, row.error_message), (None, None));
    assert!(row.attachment.unwrap().contains("ins-web00001"), "verified");
}

#[tokio::test]
async fn a_row_is_never_pending_once_its_request_reached_the_service() {
    use tceni::sandbox::{Fault, FaultKind};
    let env = Env::new(Duration::from_millis(200)).await;
    for round in 0..8u64 {
        env.sandbox.reset();
        env.sandbox
            .add_fault(Fault::once(FaultKind::Latency { ms: 150 }).for_action("AttachNetworkInterface"));
        let before = env.sandbox.request_count("AttachNetworkInterface");
        let mut child = env.attach("eni-free0001", "ins-web00001");
        // Kill at moments from start-up to after the answer.
        tokio::time::sleep(Duration::from_millis(30 + round * 45)).await;
        let _ = child.kill();
        let _ = child.wait();
        // Let a request already on its way arrive and be counted.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let reached = env.sandbox.request_count("AttachNetworkInterface") > before;
        let rows = env.store().page(&HistoryQuery::default()).unwrap();
        // The file is removed after each round: the row, if any, is this round's.
        if let Some(row) = rows.first() {
            assert!(
                !(reached && row.outcome == Outcome::Pending),
                "round {round}: the service got the request but the row says nothing was sent"
            );
        } else {
            assert!(!reached, "round {round}: a request went out with no row");
        }
        std::fs::remove_file(env.dir.path().join("data/history.sqlite3")).ok();
        std::fs::remove_file(env.dir.path().join("data/history.sqlite3-wal")).ok();
        std::fs::remove_file(env.dir.path().join("data/history.sqlite3-shm")).ok();
    }
}
