//! One ENI's activity among 2,000 events of the last 24 h on the account, with the service
//! answering each `LookUpEvents` page in 100 ms (a sandbox `latency=100` fault on the action)
//! and its quota of 20/s enforced on both sides:
//!
//! 1. the confirm pane's activity line: `activity::look_up` for a move's ENI and both its
//!    instances (what the terminal app's `CheckActivity` effect runs; the effect adds a task
//!    spawn and a channel send), over the pane's default hour and over 24 h;
//! 2. `tceni activity --eni E --since 24h`: the whole process, spawn to exit;
//! 3. for comparison, `tceni activity --since 24h` (every ENI change: no resource to narrow the
//!    search, so all 2,000 events are paged through).
//!
//! Run: `cargo bench --bench activity` (release; `-- quick` for fewer rounds). The figures go
//! in the README's benchmark table.

#[path = "../tests/common/isolated.rs"]
mod isolated;

use serde_json::json;
use std::time::{Duration, Instant};
use tceni::activity::{self, Scope};
use tceni::api::{Client, ClientConfig};
use tceni::credentials::Credential;
use tceni::sandbox::{
    AuditConfig, AuditSeed, DEMO_SECRET_ID, DEMO_SECRET_KEY, Fault, FaultKind, Sandbox, SandboxConfig,
    beijing_time,
};

const REGION: &str = "ap-shanghai";
const TARGET_ENI: &str = "eni-bench001";
const SOURCE: &str = "ins-bench001";
const DESTINATION: &str = "ins-bench002";
const EVENTS: usize = 2_000;

/// 2,000 ENI changes spread over 24 h: 12 name the target ENI, 30 more name one of its
/// instances (with other ENIs), the rest are other ENIs on other instances.
fn seed(sandbox: &Sandbox) {
    let now = chrono::Utc::now().timestamp();
    let actions = ["AttachNetworkInterface", "DetachNetworkInterface", "MigrateNetworkInterface"];
    for i in 0..EVENTS {
        let time = now - 60 - (i as i64 * 86_000 / EVENTS as i64);
        let (eni, instance) = match i % 50 {
            0 if i < 600 => (TARGET_ENI.to_string(), SOURCE.to_string()),
            1..=3 if i < 500 => (format!("eni-o{:07}", i), DESTINATION.to_string()),
            _ => (format!("eni-o{:07}", i % 300), format!("ins-o{:07}", i % 120)),
        };
        let action = actions[i % 3];
        let params = match action {
            "MigrateNetworkInterface" => json!({"NetworkInterfaceId": eni, "SourceInstanceId": instance,
                "DestinationInstanceId": format!("ins-s{:07}", i % 40)}),
            _ => json!({"NetworkInterfaceId": eni, "InstanceId": instance}),
        };
        let detail = json!({"userIdentity": {"type": "CAMUser", "principalId": "100000000042"},
            "errorCode": 0, "requestParameters": params.to_string()});
        let event = json!({
            "EventId": format!("ev-{i}"), "Username": format!("user{}", i % 7), "EventName": action,
            "EventTime": beijing_time(time), "RequestID": format!("req-{i}"), "EventRegion": REGION,
            "SecretId": "AKID****0001", "SourceIPAddress": "198.51.100.7",
            "Resources": {"ResourceType": "eni", "ResourceName": eni},
            "CloudAuditEvent": detail.to_string(),
        });
        sandbox.inject_audit_event(event, time);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (values[values.len() / 2], values[values.len() - 1])
}

fn process(sandbox: &Sandbox, dir: &std::path::Path, args: &[&str]) -> (Duration, usize) {
    let mut cmd = isolated::tceni(dir, args);
    cmd.env("TCENI_ENDPOINT", sandbox.url())
        .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
    let started = Instant::now();
    let out = cmd.output().expect("tceni runs");
    let took = started.elapsed();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (took, out.stdout.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    let rounds = if quick { 3 } else { 9 };
    let config = SandboxConfig {
        audit: AuditConfig { seed: AuditSeed::empty(), ..AuditConfig::default() },
        log_to_stderr: false,
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config).await.expect("sandbox");
    seed(&sandbox);
    sandbox.add_fault(Fault::once(FaultKind::Latency { ms: 100 }).for_action("LookUpEvents").until_cleared());
    let client_config = ClientConfig { endpoint_override: Some(sandbox.url()), ..ClientConfig::default() };
    let client = Client::new(Credential::new(DEMO_SECRET_ID, DEMO_SECRET_KEY, None), client_config).unwrap();
    println!("{EVENTS} events over 24 h, LookUpEvents answering in 100 ms, quota 20/s");

    for (label, since) in [
        ("confirm pane, 1 h", activity::DEFAULT_WARN_WINDOW),
        ("confirm pane, 24 h", activity::DEFAULT_SINCE),
    ] {
        let scope = Scope {
            region: REGION.into(),
            enis: vec![TARGET_ENI.into()],
            instances: vec![SOURCE.into(), DESTINATION.into()],
            user: None,
            since,
        };
        let mut times = Vec::new();
        let mut found = (0, 0);
        for _ in 0..rounds {
            let asked = sandbox.request_count("LookUpEvents");
            let started = Instant::now();
            let report =
                activity::look_up(&client, None, &scope, chrono::Utc::now()).await.expect("answered");
            times.push(ms(started.elapsed()));
            found = (report.changes.len(), (sandbox.request_count("LookUpEvents") - asked) as usize);
            tokio::time::sleep(Duration::from_millis(1100)).await;
        }
        let (median, max) = median(times);
        println!(
            "{label:<22} median {median:7.1} ms  max {max:7.1} ms  ({} changes, {} pages)",
            found.0, found.1
        );
    }

    let dir = tempfile::tempdir().unwrap();
    for (label, args) in [
        (
            "tceni activity --eni",
            vec!["activity", "--region", REGION, "--eni", TARGET_ENI, "--since", "24h", "--output", "json"],
        ),
        ("tceni activity (all)", vec!["activity", "--region", REGION, "--since", "24h", "--output", "json"]),
    ] {
        let mut times = Vec::new();
        let mut lines = 0;
        for _ in 0..rounds.min(5) {
            let asked = sandbox.request_count("LookUpEvents");
            let sandbox_ref = &sandbox;
            let dir_ref = dir.path();
            let (took, count) = tokio::task::block_in_place(|| process(sandbox_ref, dir_ref, &args));
            times.push(ms(took));
            lines = count;
            let pages = sandbox.request_count("LookUpEvents") - asked;
            if times.len() == 1 {
                println!("{label:<22} {lines} changes in {pages} pages");
            }
            tokio::time::sleep(Duration::from_millis(1100)).await;
        }
        let (median, max) = median(times);
        println!("{label:<22} median {median:7.1} ms  max {max:7.1} ms  (whole process, {lines} lines)");
    }
}
