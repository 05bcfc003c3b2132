//! MigrateNetworkInterface: every rule of the world's migrate scenarios, the task to SUCCESS or
//! FAILED (rolled back to the source), faults, the rate limit, and no idempotency (no ClientToken).

use crate::support::*;
use serde_json::Value;
use std::time::Duration;
use tceni::sandbox::{Change, Fault, FaultKind, Sandbox, SandboxConfig, StateDump, World, parse_fault};

const MIGRATE: &str = "MigrateNetworkInterface";
const DEAD: &str = "ins-dead0001";
const STANDBY: &str = "ins-stby0001";
const ENI: &str = "eni-mig00001";

/// The world without its tasks: what a refused call must leave untouched.
fn world_of(sb: &Sandbox) -> StateDump {
    StateDump { tasks: Vec::new(), ..sb.state() }
}

#[tokio::test]
async fn every_migrate_scenario_answers_its_code_and_a_refusal_changes_nothing() {
    let sb = sandbox().await;
    let world = World::default_world();
    assert!(world.migrate_scenarios.len() >= 15);
    for s in &world.migrate_scenarios {
        sb.reset();
        let before = world_of(&sb);
        let body = match s.attach_type {
            0 => migrate_body(&s.eni, &s.source, &s.destination),
            n => migrate_body(&s.eni, &s.source, &s.destination)
                .replace('}', &format!(r#","AttachType":{n}}}"#)),
        };
        let code = Req::vpc(&sb, MIGRATE, &body).region(&s.region).code().await;
        assert_eq!(code, s.expect, "scenario {}", s.name);
        if s.expect != "ok" {
            assert_eq!(world_of(&sb), before, "scenario {} changed the world", s.name);
            assert!(sb.state().tasks.is_empty(), "scenario {} started a task", s.name);
        }
    }
}

#[tokio::test]
async fn a_move_is_attaching_on_the_destination_then_lands_there() {
    let sb = sandbox().await;
    let answer = migrate(&sb, ENI, DEAD, STANDBY).json().await;
    assert_eq!(code(&answer), "ok");
    assert_eq!(answer["Response"].as_object().unwrap().len(), 1, "RequestId only: {answer}");
    let task = request_id(&answer);
    let eni = describe_eni_in(&sb, SH, ENI).await;
    assert_eq!(eni["State"], "ATTACHING");
    assert_eq!(eni["Attachment"]["InstanceId"], STANDBY);
    assert_eq!(task_status_in(&sb, SH, &task).await["Status"], "RUNNING");
    let done = wait_task_in(&sb, SH, &task).await;
    assert_eq!((done["Status"].as_str(), done["Output"].as_str()), (Some("SUCCESS"), Some("SUCCESS")));
    let eni = describe_eni_in(&sb, SH, ENI).await;
    assert_eq!(eni["State"], "AVAILABLE");
    assert_eq!(eni["NetworkInterfaceState"], "INUSE");
    assert_eq!(eni["Attachment"]["InstanceId"], STANDBY);
    assert_eq!(eni["Attachment"]["DeviceIndex"], 1, "next after the standby's primary (0)");
    assert_eq!(eni["AttachType"], 0);
    let state = sb.state();
    assert_eq!(state.instance(STANDBY).unwrap().enis, ["eni-pstb0001", ENI]);
    assert!(!state.instance(DEAD).unwrap().enis.contains(&ENI.to_string()));
    let dump = &state.tasks[0];
    assert_eq!(
        (dump.change, dump.source.as_deref(), dump.instance.as_str()),
        (Change::Migrate, Some(DEAD), STANDBY)
    );
}

#[tokio::test]
async fn an_extended_move_takes_an_extended_slot() {
    let sb = sandbox().await;
    let body = migrate_body(ENI, DEAD, STANDBY).replace('}', r#","AttachType":1}"#);
    let answer = Req::vpc(&sb, MIGRATE, &body).region(SH).json().await;
    assert_eq!(wait_task_in(&sb, SH, &request_id(&answer)).await["Status"], "SUCCESS");
    assert_eq!(describe_eni_in(&sb, SH, ENI).await["AttachType"], 1);
    let limit = Req::vpc(&sb, "DescribeNetworkInterfaceLimit", &format!(r#"{{"InstanceId":"{STANDBY}"}}"#))
        .region(SH)
        .json()
        .await;
    assert_eq!(limit["Response"]["ExtendEniQuantity"], 2);
}

#[tokio::test]
async fn a_moving_eni_holds_its_slot_on_the_destination() {
    let sb =
        sandbox_with(SandboxConfig { task_delay: Duration::from_millis(400), ..Default::default() }).await;
    // standby-full (2/2) gets one slot free when its data ENI moves away.
    let away = migrate(&sb, "eni-shfl0002", "ins-shfl0001", STANDBY).json().await;
    assert_eq!(wait_task_in(&sb, SH, &request_id(&away)).await["Status"], "SUCCESS");
    assert_eq!(migrate(&sb, ENI, DEAD, "ins-shfl0001").code().await, "ok");
    assert_eq!(migrate(&sb, "eni-mig00002", DEAD, "ins-shfl0001").code().await, "LimitExceeded");
}

#[tokio::test]
async fn a_failed_task_leaves_the_eni_on_its_source() {
    let sb = sandbox().await;
    let reason = Some("hot-plug refused".to_string());
    sb.add_fault(Fault::once(FaultKind::TaskFailed { reason }).for_action(MIGRATE));
    let answer = migrate(&sb, ENI, DEAD, STANDBY).json().await;
    assert_eq!(code(&answer), "ok", "the call itself is accepted");
    let done = wait_task_in(&sb, SH, &request_id(&answer)).await;
    assert_eq!(done["Status"], "FAILED");
    assert!(done["Output"].as_str().unwrap().contains("hot-plug refused"));
    let eni = describe_eni_in(&sb, SH, ENI).await;
    assert_eq!(eni["State"], "AVAILABLE");
    assert_eq!(eni["Attachment"]["InstanceId"], DEAD);
    assert_eq!(eni["Attachment"]["DeviceIndex"], 1, "its old DeviceIndex");
    assert_eq!(eni["Attachment"]["AttachTime"], "2024-06-01 16:05:00");
    assert!(sb.log().iter().any(|e| e.action == MIGRATE && e.fault.as_deref() == Some("task-failed")));
    assert_eq!(migrate(&sb, ENI, DEAD, STANDBY).code().await, "ok", "it can be moved again");
}

#[tokio::test]
async fn parameters_are_checked_and_a_client_token_is_unknown() {
    let sb = sandbox().await;
    let before = world_of(&sb);
    let call = |body: String| Req::vpc(&sb, MIGRATE, &body).region(SH);
    let with = |extra: &str| migrate_body(ENI, DEAD, STANDBY).replace('}', &format!(",{extra}}}"));
    assert_eq!(call(with(r#""ClientToken":"token-1""#)).code().await, "UnknownParameter");
    assert_eq!(call(with(r#""AttachType":2"#)).code().await, "InvalidParameterValue");
    assert_eq!(call(with(r#""AttachType":"0""#)).code().await, "InvalidParameter");
    let missing = format!(r#"{{"NetworkInterfaceId":"{ENI}","SourceInstanceId":"{DEAD}"}}"#);
    assert_eq!(call(missing).code().await, "MissingParameter");
    assert_eq!(call(migrate_body(ENI, "ins-dead", STANDBY)).code().await, "InvalidParameterValue.Malformed");
    assert_eq!(world_of(&sb), before);
    assert_eq!(sb.request_count(MIGRATE), 5);
}

#[tokio::test]
async fn a_lost_answer_moved_the_eni_once_and_the_same_call_is_then_refused() {
    let sb = sandbox().await;
    sb.add_fault(parse_fault("drop-after,action=MigrateNetworkInterface").unwrap());
    assert!(migrate(&sb, ENI, DEAD, STANDBY).send().await.is_err(), "no answer");
    assert_eq!(sb.request_count(MIGRATE), 1);
    let state = sb.state();
    assert_eq!(state.eni(ENI).unwrap().instance.as_deref(), Some(STANDBY), "but it was processed");
    assert_eq!(state.tasks.len(), 1);
    let retry = migrate(&sb, ENI, DEAD, STANDBY).code().await;
    assert_eq!(retry, "UnsupportedOperation.InvalidState", "no idempotency: the ENI left its source");
    let task = sb.state().tasks[0].task_id.clone();
    assert_eq!(wait_task_in(&sb, SH, &task).await["Status"], "SUCCESS");
    assert_eq!(migrate(&sb, ENI, DEAD, STANDBY).code().await, "UnsupportedOperation.InvalidState");
    let state = sb.state();
    assert_eq!(state.tasks.len(), 1, "moved once");
    assert_eq!(state.eni(ENI).unwrap().instance.as_deref(), Some(STANDBY));
    assert_eq!(sb.request_count(MIGRATE), 3);
}

#[tokio::test]
async fn transport_and_error_faults_target_migrate() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::Http500).for_action(MIGRATE));
    assert_eq!(migrate(&sb, ENI, DEAD, STANDBY).send().await.unwrap().status(), 500);
    assert_eq!(sb.state().eni(ENI).unwrap().instance.as_deref(), Some(DEAD), "not processed");
    let kind = FaultKind::Error { code: "InternalError.ModuleError".into(), message: None };
    sb.add_fault(Fault::once(kind).for_action(MIGRATE));
    assert_eq!(migrate(&sb, ENI, DEAD, STANDBY).code().await, "InternalError.ModuleError");
    sb.add_fault(Fault::once(FaultKind::TruncatedBody).for_action(MIGRATE));
    let response = migrate(&sb, ENI, DEAD, STANDBY).send().await.expect("the head arrives");
    assert!(response.bytes().await.is_err(), "the body is cut short");
    assert_eq!(sb.state().eni(ENI).unwrap().instance.as_deref(), Some(STANDBY), "processed");
    let outcomes: Vec<(String, Option<String>)> =
        sb.log().into_iter().filter(|e| e.action == MIGRATE).map(|e| (e.outcome, e.fault)).collect();
    let expected =
        [("http-500", "http-500"), ("InternalError.ModuleError", "error"), ("ok", "truncated-body")];
    let expected: Vec<(String, Option<String>)> =
        expected.iter().map(|(o, f)| (o.to_string(), Some(f.to_string()))).collect();
    assert_eq!(outcomes, expected);
    assert_eq!(sb.request_count(MIGRATE), 3);
}

#[tokio::test]
async fn migrate_has_its_own_rate_bucket() {
    let sb = sandbox_with(SandboxConfig { rate_limit: 2, ..Default::default() }).await;
    assert_eq!(migrate(&sb, "eni-shfr0001", DEAD, STANDBY).code().await, "UnsupportedOperation.InvalidState");
    assert_eq!(migrate(&sb, "eni-shfr0001", DEAD, STANDBY).code().await, "UnsupportedOperation.InvalidState");
    assert_eq!(migrate(&sb, ENI, DEAD, STANDBY).code().await, "RequestLimitExceeded");
    assert_eq!(sb.state().eni(ENI).unwrap().instance.as_deref(), Some(DEAD));
    let describe = Req::vpc(&sb, "DescribeNetworkInterfaces", "{}").region(SH);
    assert_eq!(describe.code().await, "ok", "other actions are counted apart");
}

#[tokio::test]
async fn the_control_endpoint_counts_requests_per_action() {
    let sb = sandbox().await;
    assert_eq!(migrate(&sb, ENI, DEAD, STANDBY).code().await, "ok");
    sb.add_fault(Fault::once(FaultKind::DropBefore));
    assert!(migrate(&sb, ENI, DEAD, STANDBY).send().await.is_err());
    sb.reset();
    let url = format!("{}/_sandbox/counts", sb.url());
    let body = reqwest::get(url).await.unwrap().bytes().await.unwrap();
    let counts: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(counts["counts"][MIGRATE], 2, "every request that reached it, kept across a reset");
    assert_eq!(sb.request_counts().get(MIGRATE), Some(&2));
    assert_eq!(sb.request_count("AttachNetworkInterface"), 0);
}
