//! CloudAudit LookUpEvents in the sandbox: every change any key makes becomes an event (who,
//! what, result, RequestId, Beijing time), seeded past events, the delay, paging, the checks on
//! the request, the quota and a key without CloudAudit rights.

use crate::support::*;
use serde_json::{Value, json};
use std::time::Duration;
use tceni::sandbox::{
    AuditConfig, AuditSeed, AuditUser, Credential, DEMO_SECRET_ID, Sandbox, SandboxConfig, UserKind,
};

const ALICE_ID: &str = "AKIDFAKEALICE000000000000000000000001";
const ALICE_KEY: &str = "ALICEKEY000000000000000000000001";

async fn audited(seed: AuditSeed, delay: Duration) -> Sandbox {
    let mut credentials = Credential::demo();
    credentials.push(Credential::new(ALICE_ID, ALICE_KEY, None));
    let sb = sandbox_with(SandboxConfig {
        task_delay: Duration::from_millis(50),
        credentials,
        audit: AuditConfig { delay, denied: Vec::new(), seed },
        ..SandboxConfig::default()
    })
    .await;
    sb.add_audit_user(AuditUser {
        secret_id: ALICE_ID.into(),
        name: "alice".into(),
        kind: UserKind::SubUser,
        principal_id: Some("100000000042".into()),
    });
    sb
}

fn look_up(sb: &Sandbox, params: Value) -> Req {
    let mut req = Req::new(sb, "cloudaudit", "LookUpEvents", &params.to_string());
    req.version = "2019-03-19".into();
    req
}

fn last_hours(hours: i64) -> Value {
    json!({"StartTime": now() - hours * 3600, "EndTime": now() + 60, "MaxResults": 50})
}

async fn events(sb: &Sandbox, params: Value) -> Vec<Value> {
    let answer = look_up(sb, params).json().await;
    assert_eq!(code(&answer), "ok", "{answer}");
    answer["Response"]["Events"].as_array().cloned().unwrap_or_default()
}

fn detail(event: &Value) -> Value {
    serde_json::from_str(event["CloudAuditEvent"].as_str().expect("CloudAuditEvent is a string"))
        .expect("CloudAuditEvent is JSON")
}

#[tokio::test]
async fn another_users_change_becomes_an_event_with_who_what_and_result() {
    let sb = audited(AuditSeed::empty(), Duration::ZERO).await;
    let mut attach = Req::vpc(&sb, "AttachNetworkInterface", &attach_body("eni-free0001", "ins-web00001"));
    attach.secret_id = ALICE_ID.into();
    attach.secret_key = ALICE_KEY.into();
    let accepted = attach.json().await;
    assert_eq!(code(&accepted), "ok");
    let refused = attach_code(&sb, "eni-free0001", "ins-pend0001").await;
    assert_eq!(refused, "UnsupportedOperation.InvalidState");

    let listed = events(&sb, last_hours(1)).await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    let (newest, alices) = (&listed[0], &listed[1]);
    assert_eq!(alices["Username"], "alice");
    assert_eq!(alices["EventName"], "AttachNetworkInterface");
    assert_eq!(alices["RequestID"], request_id(&accepted));
    assert_eq!(alices["ErrorCode"], 0);
    assert_eq!(alices["Resources"]["ResourceName"], "eni-free0001");
    assert_eq!(alices["SecretId"], "****0001", "the answer's SecretId is masked");
    let time = alices["EventTime"].as_str().unwrap();
    let beijing = chrono::NaiveDateTime::parse_from_str(time, "%Y-%m-%d %H:%M:%S").expect(time);
    let utc = beijing.and_utc().timestamp() - 8 * 3600;
    assert!((utc - now()).abs() <= 5, "EventTime {time} is Beijing wall-clock time");
    let alice_detail = detail(alices);
    assert_eq!(alice_detail["userIdentity"]["type"], "CAMUser");
    assert_eq!(alice_detail["apiErrorCode"], "");
    let params: Value = serde_json::from_str(alice_detail["requestParameters"].as_str().unwrap()).unwrap();
    assert_eq!(params["InstanceId"], "ins-web00001");

    assert_eq!(newest["Username"], "root", "the demo key is the root account");
    assert_eq!(detail(newest)["apiErrorCode"], "UnsupportedOperation.InvalidState");
    assert_eq!(detail(newest)["userIdentity"]["type"], "root");
}

#[tokio::test]
async fn seeded_events_are_listed_and_filtered_by_attribute_and_time() {
    let sb = audited(AuditSeed::default_seed(), Duration::ZERO).await;
    let day = events(&sb, last_hours(24)).await;
    let names: Vec<&str> = day.iter().map(|e| e["Username"].as_str().unwrap()).collect();
    assert!(names.contains(&"alice") && names.contains(&"bob"), "{names:?}");
    assert!(day.len() < events(&sb, last_hours(72)).await.len(), "the two-day-old event is outside 24 h");
    let times: Vec<&str> = day.iter().map(|e| e["EventTime"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");

    let mut by_eni = last_hours(24);
    by_eni["LookupAttributes"] = json!([{"AttributeKey": "ResourceName", "AttributeValue": "eni-mig00002"}]);
    let mig = events(&sb, by_eni).await;
    assert_eq!(mig.len(), 1);
    assert_eq!(mig[0]["EventName"], "MigrateNetworkInterface");
    let mut by_instance = last_hours(24);
    by_instance["LookupAttributes"] =
        json!([{"AttributeKey": "ResourceName", "AttributeValue": "ins-dead0001"}]);
    assert_eq!(events(&sb, by_instance).await.len(), 2, "both moves name ins-dead0001");
    let mut by_user = last_hours(24);
    by_user["LookupAttributes"] = json!([{"AttributeKey": "Username", "AttributeValue": "bob"}]);
    assert!(events(&sb, by_user).await.iter().all(|e| e["Username"] == "bob"));
}

#[tokio::test]
async fn an_event_is_listed_only_after_the_delay() {
    let sb = audited(AuditSeed::empty(), Duration::from_millis(400)).await;
    assert_eq!(attach_code(&sb, "eni-free0001", "ins-web00001").await, "ok");
    assert!(events(&sb, last_hours(1)).await.is_empty(), "not listed yet");
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(events(&sb, last_hours(1)).await.len(), 1);
}

#[tokio::test]
async fn paging_returns_each_event_once_and_stops_on_list_over() {
    let sb = audited(AuditSeed::empty(), Duration::ZERO).await;
    let base = now() - 600;
    for i in 0..120 {
        let event = json!({"EventId": format!("ev-{i}"), "EventName": "DetachNetworkInterface",
            "Username": "bot", "EventTime": "2026-01-01 00:00:00", "RequestID": format!("req-{i}")});
        sb.inject_audit_event(event, base + i / 3);
    }
    let mut seen = Vec::new();
    let mut params = last_hours(1);
    let mut pages = 0;
    loop {
        let answer = look_up(&sb, params.clone()).json().await["Response"].clone();
        pages += 1;
        let page = answer["Events"].as_array().unwrap();
        seen.extend(page.iter().map(|e| e["EventId"].as_str().unwrap().to_string()));
        if answer["ListOver"] == true {
            assert!(answer["NextToken"].is_string(), "a last page may still carry a token");
            break;
        }
        // An event arriving between pages is newer than the cursor: it never repeats one.
        sb.inject_audit_event(json!({"EventId": format!("late-{pages}"), "EventName": "X"}), now());
        params["NextToken"] = answer["NextToken"].clone();
        assert!(pages < 10);
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 120);
    let unique: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), 120, "each event once");
    assert_eq!(seen[0], "ev-119", "newest first");
}

#[tokio::test]
async fn the_request_is_checked_as_the_service_checks_it() {
    let sb = audited(AuditSeed::empty(), Duration::ZERO).await;
    let t = now();
    let cases = [
        (json!({"StartTime": t - 60, "EndTime": t, "MaxResults": 51}), "InvalidParameterValue.MaxResult"),
        (json!({"StartTime": t - 60, "EndTime": t, "MaxResults": 0}), "InvalidParameterValue.MaxResult"),
        (json!({"StartTime": t, "EndTime": t - 60}), "InvalidParameterValue.Time"),
        (json!({"StartTime": t - 8 * 86400, "EndTime": t}), "LimitExceeded.OverTime"),
        (json!({"EndTime": t}), "MissingParameter"),
        (json!({"StartTime": t - 60, "EndTime": t, "NextToken": "forged"}), "InvalidParameterValue"),
        (
            json!({"StartTime": t - 60, "EndTime": t, "LookupAttributes": [{"AttributeKey": "Nope", "AttributeValue": "x"}]}),
            "InvalidParameterValue",
        ),
        (json!({"StartTime": t - 60, "EndTime": t, "Limit": 5}), "UnknownParameter"),
    ];
    for (params, expected) in cases {
        assert_eq!(look_up(&sb, params.clone()).code().await, expected, "{params}");
    }
    let mut wrong_version = look_up(&sb, last_hours(1));
    wrong_version.version = "2017-03-12".into();
    assert_eq!(wrong_version.code().await, "NoSuchVersion");
}

#[tokio::test]
async fn a_key_without_cloudaudit_rights_is_unauthorized_and_can_still_change_things() {
    let sb = audited(AuditSeed::empty(), Duration::ZERO).await;
    sb.deny_audit(DEMO_SECRET_ID, true);
    assert_eq!(look_up(&sb, last_hours(1)).code().await, "UnauthorizedOperation");
    assert_eq!(attach_code(&sb, "eni-free0001", "ins-web00001").await, "ok");
    sb.deny_audit(DEMO_SECRET_ID, false);
    assert_eq!(events(&sb, last_hours(1)).await.len(), 1);
}

#[tokio::test]
async fn the_quota_is_twenty_per_second_per_account() {
    let sb = audited(AuditSeed::empty(), Duration::ZERO).await;
    let calls = [GZ, SH].iter().cycle().take(30).map(|region| look_up(&sb, last_hours(1)).region(region));
    let calls: Vec<Req> = calls.collect();
    let codes = futures::future::join_all(calls.iter().map(Req::code)).await;
    let limited = codes.iter().filter(|c| *c == "RequestLimitExceeded").count();
    let ok = codes.iter().filter(|c| *c == "ok").count();
    assert_eq!(limited + ok, 30, "{codes:?}");
    assert!(ok >= 20 && limited >= 5, "30 at once over two regions, one quota of 20: {codes:?}");
}

#[tokio::test]
async fn reset_forgets_live_events_and_keeps_the_seed() {
    let sb = audited(AuditSeed::default_seed(), Duration::ZERO).await;
    let seeded = sb.audit_len();
    assert_eq!(attach_code(&sb, "eni-free0001", "ins-web00001").await, "ok");
    assert_eq!(sb.audit_len(), seeded + 1);
    sb.reset();
    assert_eq!(sb.audit_len(), seeded);
}
