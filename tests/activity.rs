//! `tceni activity` (the built binary) over the sandbox's CloudAudit: another user's change is
//! listed and this machine's own attempt marked, local time from Beijing time under two zones,
//! paging without repeats, UnauthorizedOperation and RequestLimitExceeded said so, hostile and
//! unreadable events handled, no credential from an event shown or stored.

mod common;
use common::{contains, files_under};
#[path = "common/isolated.rs"]
mod isolated;

use serde_json::{Value, json};
use std::process::Output;
use std::time::Duration;
use tceni::api::{Client, ClientConfig};
use tceni::credentials::Credential;
use tceni::sandbox::{
    AuditConfig, AuditSeed, AuditUser, Credential as SandboxCredential, DEMO_SECRET_ID, DEMO_SECRET_KEY,
    Fault, FaultKind, Sandbox, SandboxConfig, UserKind,
};

const ALICE_ID: &str = "AKIDFAKEALICE000000000000000000000001";
const ALICE_KEY: &str = "ALICEKEY000000000000000000000001";
const SH: &str = "ap-shanghai";

struct Rig {
    sandbox: Sandbox,
    dir: tempfile::TempDir,
}

async fn rig(seed: AuditSeed) -> Rig {
    let mut credentials = SandboxCredential::demo();
    credentials.push(SandboxCredential::new(ALICE_ID, ALICE_KEY, None));
    let config = SandboxConfig {
        task_delay: Duration::from_millis(100),
        credentials,
        audit: AuditConfig { seed, ..AuditConfig::default() },
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config).await.unwrap();
    sandbox.add_audit_user(AuditUser {
        secret_id: ALICE_ID.into(),
        name: "alice".into(),
        kind: UserKind::SubUser,
        principal_id: None,
    });
    Rig { sandbox, dir: tempfile::tempdir().unwrap() }
}

impl Rig {
    async fn run_in(&self, zone: &str, args: &[&str]) -> Output {
        let mut cmd = isolated::tceni(self.dir.path(), args);
        cmd.env("TCENI_ENDPOINT", self.sandbox.url())
            .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY)
            .env("TCENI_LANGUAGE", "en-US")
            .env("TZ", zone);
        tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap()
    }

    async fn run(&self, args: &[&str]) -> Output {
        self.run_in("UTC", args).await
    }

    /// alice moves an ENI with her own key, through the library's client.
    async fn alice_moves(&self, eni: &str, from: &str, to: &str) -> String {
        let config = ClientConfig { endpoint_override: Some(self.sandbox.url()), ..ClientConfig::default() };
        let client = Client::new(Credential::new(ALICE_ID, ALICE_KEY, None), config).unwrap();
        let params =
            json!({"NetworkInterfaceId": eni, "SourceInstanceId": from, "DestinationInstanceId": to});
        let call = tceni::api::Call {
            service: tceni::api::Service::Vpc,
            action: "MigrateNetworkInterface",
            region: Some(SH),
            params: &params,
            replayable: false,
        };
        client.start_task(&call).await.expect("alice's move is accepted")
    }
}

fn lines(out: &Output) -> Vec<Value> {
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[tokio::test]
async fn another_users_change_is_listed_and_this_machines_own_attempt_is_marked() {
    let rig = rig(AuditSeed::empty()).await;
    let alice_request = rig.alice_moves("eni-mig00001", "ins-dead0001", "ins-stby0001").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let back =
        ["move", "--region", SH, "--eni", "eni-mig00001", "--from", "ins-stby0001", "--to", "ins-dead0001"];
    let mut own = back.to_vec();
    own.extend(["--yes", "--output", "json", "--poll-interval-ms", "50"]);
    let moved = rig.run(&own).await;
    assert_eq!(moved.status.code(), Some(0), "{:?}", text(&moved));
    let own_request = serde_json::from_slice::<Value>(&moved.stdout).unwrap()["request_id"].clone();

    let out = rig.run(&["activity", "--region", SH, "--eni", "eni-mig00001", "--output", "json"]).await;
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let changes = lines(&out);
    assert_eq!(changes.len(), 2, "{changes:?}");
    let (mine, alices) = (&changes[0], &changes[1]);
    assert_eq!(mine["request_id"], own_request, "newest first");
    assert_eq!(mine["this_machine"], true);
    assert_eq!(mine["user"], "root");
    assert_eq!(mine["user_type"], "root");
    assert_eq!(alices["request_id"], alice_request.as_str());
    assert_eq!(alices["this_machine"], false);
    assert_eq!(alices["user"], "alice");
    assert_eq!(alices["user_type"], "sub-user");
    assert_eq!(alices["action"], "MigrateNetworkInterface");
    assert_eq!(alices["eni"], "eni-mig00001");
    assert_eq!(alices["instances"], json!(["ins-dead0001", "ins-stby0001"]));
    assert_eq!(alices["region"], SH);
    assert_eq!(alices["result"], "ok");
    for key in [
        "time",
        "user",
        "user_type",
        "action",
        "eni",
        "instances",
        "region",
        "result",
        "request_id",
        "this_machine",
    ] {
        assert!(alices.get(key).is_some(), "{key} missing: {alices}");
    }

    let table = rig.run(&["activity", "--region", SH, "--instance", "ins-stby0001"]).await;
    let (stdout, _) = text(&table);
    assert!(
        stdout.contains("alice (sub-user)")
            && stdout.contains("move eni-mig00001 ins-dead0001 → ins-stby0001"),
        "{stdout}"
    );
    assert!(stdout.contains("[this machine]"), "{stdout}");
    assert!(stdout.contains("minutes after"), "the delay is said: {stdout}");
    let only_alice = rig.run(&["activity", "--region", SH, "--user", "alice", "--output", "json"]).await;
    assert!(lines(&only_alice).iter().all(|c| c["user"] == "alice"));
}

/// An event stamped two minutes ago, its EventTime Beijing wall-clock time: read back under
/// TZ=UTC it is that instant at +00:00, under TZ=Asia/Shanghai the same wall time at +08:00.
async fn local_time_near_now(rig: &Rig) {
    let now = chrono::Utc::now().timestamp() - 120;
    let beijing = tceni::sandbox::beijing_time(now);
    let event = json!({
        "EventId": "ev-now", "Username": "bob", "EventName": "AttachNetworkInterface",
        "EventTime": beijing, "RequestID": "req-now", "EventRegion": SH,
        "Resources": {"ResourceType": "eni", "ResourceName": "eni-tz000002"},
        "CloudAuditEvent": json!({"userIdentity": {"type": "CAMUser"}, "errorCode": 0,
            "requestParameters": {"NetworkInterfaceId": "eni-tz000002", "InstanceId": "ins-tz000001"}}).to_string(),
    });
    rig.sandbox.inject_audit_event(event, now);
    let args = ["activity", "--region", SH, "--eni", "eni-tz000002", "--output", "json"];
    let utc = lines(&rig.run_in("UTC", &args).await);
    let shanghai = lines(&rig.run_in("Asia/Shanghai", &args).await);
    let expect_utc = chrono::DateTime::from_timestamp(now, 0).unwrap();
    assert_eq!(utc[0]["time"], expect_utc.format("%Y-%m-%dT%H:%M:%S+00:00").to_string());
    let (date, clock) = beijing.split_once(' ').unwrap();
    assert_eq!(shanghai[0]["time"], format!("{date}T{clock}+08:00"), "Beijing time is Shanghai's wall clock");
    let table = rig.run_in("Asia/Shanghai", &args[..args.len() - 2]).await;
    assert!(text(&table).0.contains(&format!("{beijing} +08:00")), "{:?}", text(&table));
}

#[tokio::test]
async fn event_times_in_two_zones_name_the_same_instant() {
    let rig = rig(AuditSeed::empty()).await;
    local_time_near_now(&rig).await;
}

#[tokio::test]
async fn paging_lists_each_event_once() {
    let rig = rig(AuditSeed::empty()).await;
    let now = chrono::Utc::now().timestamp();
    for i in 0..130 {
        let t = now - 3600 + i;
        let event = json!({
            "EventId": format!("ev-{i}"), "Username": "bot", "EventName": "DetachNetworkInterface",
            "EventTime": tceni::sandbox::beijing_time(t), "RequestID": format!("req-{i}"), "EventRegion": SH,
            "Resources": {"ResourceType": "eni", "ResourceName": "eni-page0001"},
            "CloudAuditEvent": json!({"userIdentity": {"type": "CAMUser"}, "errorCode": 0,
                "requestParameters": {"NetworkInterfaceId": "eni-page0001", "InstanceId": "ins-page0001"}}).to_string(),
        });
        rig.sandbox.inject_audit_event(event, t);
    }
    let before = rig.sandbox.request_count("LookUpEvents");
    let out = rig
        .run(&["activity", "--region", SH, "--eni", "eni-page0001", "--since", "2h", "--output", "json"])
        .await;
    let ids: Vec<String> =
        lines(&out).iter().map(|c| c["request_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 130);
    assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), 130, "each event once");
    assert_eq!(ids[0], "req-129", "newest first");
    assert_eq!(rig.sandbox.request_count("LookUpEvents") - before, 3, "50 + 50 + 30");
}

#[tokio::test]
async fn a_key_without_cloudaudit_rights_and_the_quota_are_said_so() {
    let rig = rig(AuditSeed::empty()).await;
    rig.sandbox.deny_audit(DEMO_SECRET_ID, true);
    let out = rig.run(&["activity", "--region", SH]).await;
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = text(&out);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("activity unavailable: this key has no CloudAudit rights"), "{stderr}");
    let attach =
        ["attach", "--region", "ap-guangzhou", "--eni", "eni-free0001", "--instance", "ins-web00001"];
    let mut send = attach.to_vec();
    send.extend(["--yes", "--poll-interval-ms", "50"]);
    assert_eq!(rig.run(&send).await.status.code(), Some(0), "changes are still sent");

    rig.sandbox.deny_audit(DEMO_SECRET_ID, false);
    rig.sandbox.add_fault(
        Fault::once(FaultKind::Error { code: "RequestLimitExceeded".into(), message: None })
            .for_action("LookUpEvents")
            .until_cleared(),
    );
    let out = rig.run(&["activity", "--region", SH, "--timeout", "2"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("RequestLimitExceeded"), "{:?}", text(&out));
}

#[tokio::test]
async fn hostile_and_unreadable_events_are_escaped_or_skipped_and_no_key_is_shown_or_stored() {
    let rig = rig(AuditSeed::empty()).await;
    let now = chrono::Utc::now().timestamp() - 60;
    let hostile = json!({
        "EventId": "ev-h", "Username": "mallory\u{1b}]52;c;Zm9yZ2Vk\u{7}\u{1b}[2J", "EventName": "AttachNetworkInterface",
        "EventTime": tceni::sandbox::beijing_time(now), "RequestID": "req-h\r\nERROR forged", "EventRegion": SH,
        "Resources": {"ResourceType": "eni", "ResourceName": "eni-host0001"},
        "CloudAuditEvent": json!({"userIdentity": {"type": "CAMUser", "secretId": "AKIDFAKEWHOLEKEYFROMEVENT0000000000",
            "sessionContext": {"token": "SESSIONTOKENFROMEVENT"}}, "errorCode": 0,
            "requestParameters": {"NetworkInterfaceId": "eni-host0001", "InstanceId": "ins-\u{1b}[31mred", "SecretKey": "LEAKEDKEY"}}).to_string(),
    });
    rig.sandbox.inject_audit_event(hostile, now);
    let unreadable = json!({"EventId": "ev-bad", "EventName": "AttachNetworkInterface", "EventTime": "last tuesday",
        "Resources": {"ResourceName": "eni-host0001"}, "CloudAuditEvent": "{}"});
    rig.sandbox.inject_audit_event(unreadable, now);
    for args in [
        vec!["activity", "--region", SH, "--eni", "eni-host0001"],
        vec!["activity", "--region", SH, "--eni", "eni-host0001", "--output", "json"],
    ] {
        let out = rig.run(&args).await;
        assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
        let (stdout, stderr) = text(&out);
        assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b), "no raw ESC: {stdout}");
        assert!(stdout.contains("mallory\\x1b]52") || stdout.contains("mallory\\\\x1b]52"), "{stdout}");
        assert!(!stdout.lines().any(|l| l.starts_with("ERROR forged")), "{stdout}");
        assert!(stderr.contains("1 event could not be read and was skipped"), "{stderr}");
        for secret in ["AKIDFAKEWHOLEKEYFROMEVENT", "SESSIONTOKENFROMEVENT", "LEAKEDKEY"] {
            assert!(!stdout.contains(secret) && !stderr.contains(secret), "{secret} shown");
        }
    }
    for file in files_under(rig.dir.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        for secret in ["AKIDFAKEWHOLEKEYFROMEVENT", "SESSIONTOKENFROMEVENT", "LEAKEDKEY"] {
            assert!(!contains(&bytes, secret.as_bytes()), "{secret} stored in {}", file.display());
        }
    }
}

#[tokio::test]
async fn bad_flags_are_refused_before_anything_is_sent() {
    let rig = rig(AuditSeed::empty()).await;
    for (args, says) in [
        (vec!["activity", "--region", SH, "--since", "2w"], "not a duration"),
        (vec!["activity", "--region", SH, "--since", "8d"], "at most 7d"),
        (vec!["activity", "--region", SH, "--eni", "eni-BAD"], "ENI ID"),
        (vec!["activity", "--region", "atlantis"], "atlantis"),
    ] {
        let out = rig.run(&args).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out).1.contains(says), "{args:?}: {:?}", text(&out));
    }
    assert_eq!(rig.sandbox.request_count("LookUpEvents"), 0);
}
