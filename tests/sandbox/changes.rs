//! Attach and detach as async tasks, the FAILED path with its rollback, and ClientToken
//! idempotency (same parameters, other parameters, still running).

use crate::support::*;
use std::time::Duration;
use tceni::sandbox::{Fault, FaultKind, TaskStatus};

#[tokio::test]
async fn attach_runs_then_succeeds() {
    let sb = sandbox().await;
    let answer =
        Req::vpc(&sb, "AttachNetworkInterface", &attach_body("eni-free0001", "ins-web00001")).json().await;
    let task = request_id(&answer);
    let eni = describe_eni(&sb, "eni-free0001").await;
    assert_eq!(eni["State"], "ATTACHING");
    assert_eq!(eni["Attachment"]["InstanceId"], "ins-web00001");
    assert_eq!(eni["Attachment"]["DeviceIndex"], 2, "after the primary (0) and eni-sec00001 (1)");
    assert_eq!(eni["Attachment"]["InstanceAccountId"], "100000000001");
    assert_eq!(task_status(&sb, &task).await["Status"], "RUNNING");
    let done = wait_task(&sb, &task).await;
    assert_eq!(done["Status"], "SUCCESS");
    assert_eq!(done["Output"], "SUCCESS");
    let eni = describe_eni(&sb, "eni-free0001").await;
    assert_eq!(eni["State"], "AVAILABLE");
    assert_eq!(eni["NetworkInterfaceState"], "INUSE");
    assert_eq!(eni["Attachment"]["InstanceId"], "ins-web00001");
}

#[tokio::test]
async fn a_failed_task_rolls_the_attachment_back() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::TaskFailed { reason: Some("hot-plug refused".into()) }));
    let answer =
        Req::vpc(&sb, "AttachNetworkInterface", &attach_body("eni-free0001", "ins-web00001")).json().await;
    assert_eq!(code(&answer), "ok", "the call itself is accepted");
    assert_eq!(describe_eni(&sb, "eni-free0001").await["State"], "ATTACHING");
    let done = wait_task(&sb, &request_id(&answer)).await;
    assert_eq!(done["Status"], "FAILED");
    assert!(done["Output"].as_str().unwrap().contains("hot-plug refused"));
    let eni = describe_eni(&sb, "eni-free0001").await;
    assert_eq!(eni["State"], "AVAILABLE");
    assert!(eni["Attachment"].is_null());
    assert_eq!(sb.log().last().unwrap().fault, None);
    assert!(sb.log().iter().any(|e| e.fault.as_deref() == Some("task-failed")));
}

#[tokio::test]
async fn unknown_task_is_not_found() {
    let sb = sandbox().await;
    let body = r#"{"TaskId":"00000000-0000-4000-8000-000000000000"}"#;
    assert_eq!(Req::vpc(&sb, "DescribeVpcTaskResult", body).code().await, "ResourceNotFound");
    assert_eq!(Req::vpc(&sb, "DescribeVpcTaskResult", "{}").code().await, "MissingParameter");
}

#[tokio::test]
async fn detach_runs_then_unbinds() {
    let sb = sandbox().await;
    let answer =
        Req::vpc(&sb, "DetachNetworkInterface", &attach_body("eni-sec00001", "ins-web00001")).json().await;
    assert_eq!(code(&answer), "ok");
    assert_eq!(describe_eni(&sb, "eni-sec00001").await["State"], "DETACHING");
    assert_eq!(wait_task(&sb, &request_id(&answer)).await["Status"], "SUCCESS");
    let eni = describe_eni(&sb, "eni-sec00001").await;
    assert_eq!(eni["State"], "AVAILABLE");
    assert!(eni["Attachment"].is_null());
}

#[tokio::test]
async fn a_failed_detach_keeps_the_attachment() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::TaskFailed { reason: None }).for_action("DetachNetworkInterface"));
    let answer =
        Req::vpc(&sb, "DetachNetworkInterface", &attach_body("eni-sec00001", "ins-web00001")).json().await;
    assert_eq!(wait_task(&sb, &request_id(&answer)).await["Status"], "FAILED");
    assert_eq!(describe_eni(&sb, "eni-sec00001").await["Attachment"]["InstanceId"], "ins-web00001");
}

#[tokio::test]
async fn detach_rules() {
    let sb = sandbox().await;
    let detach = |eni: &str, ins: &str| Req::vpc(&sb, "DetachNetworkInterface", &attach_body(eni, ins));
    assert_eq!(detach("eni-free0001", "ins-web00001").code().await, "UnsupportedOperation.InvalidState");
    assert_eq!(detach("eni-sec00001", "ins-web00002").code().await, "UnsupportedOperation.InvalidState");
    assert_eq!(detach("eni-pweb0001", "ins-web00001").code().await, "UnsupportedOperation");
    assert_eq!(detach("eni-bad", "ins-web00001").code().await, "InvalidParameterValue.Malformed");
    assert_eq!(detach("eni-zzzz9999", "ins-web00001").code().await, "ResourceNotFound");
}

#[tokio::test]
async fn same_token_same_parameters_after_completion_succeeds_without_a_second_attach() {
    let sb = sandbox().await;
    let body = attach_with_token("eni-free0001", "ins-web00001", "token-same-1");
    let first = Req::vpc(&sb, "AttachNetworkInterface", &body).json().await;
    let first_id = request_id(&first);
    wait_task(&sb, &first_id).await;
    let again = Req::vpc(&sb, "AttachNetworkInterface", &body).json().await;
    assert_eq!(code(&again), "ok");
    let again_id = request_id(&again);
    assert_ne!(again_id, first_id, "every answer has its own RequestId");
    assert_eq!(
        task_status(&sb, &again_id).await["Status"],
        "SUCCESS",
        "the replay's RequestId names the task"
    );
    let state = sb.state();
    assert_eq!(state.tasks.len(), 1, "no second attach");
    assert_eq!(state.tasks[0].aliases, vec![again_id]);
    assert_eq!(state.instance("ins-web00001").unwrap().enis.len(), 3);
}

#[tokio::test]
async fn same_token_other_parameters_is_a_mismatch() {
    let sb = sandbox().await;
    let first = attach_with_token("eni-free0001", "ins-web00001", "token-mismatch");
    let answer = Req::vpc(&sb, "AttachNetworkInterface", &first).json().await;
    wait_task(&sb, &request_id(&answer)).await;
    let other = attach_with_token("eni-free0002", "ins-web00001", "token-mismatch");
    let code = Req::vpc(&sb, "AttachNetworkInterface", &other).code().await;
    assert_eq!(code, "UnsupportedOperation.IdempotentParameterMismatch");
}

#[tokio::test]
async fn same_token_while_running_is_still_processing() {
    let sb = sandbox_with(tceni::sandbox::SandboxConfig {
        task_delay: Duration::from_millis(400),
        ..Default::default()
    })
    .await;
    let body = attach_with_token("eni-free0001", "ins-web00001", "token-running");
    assert_eq!(Req::vpc(&sb, "AttachNetworkInterface", &body).code().await, "ok");
    let code = Req::vpc(&sb, "AttachNetworkInterface", &body).code().await;
    assert_eq!(code, "UnsupportedOperation.IdempotentProcessing");
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(Req::vpc(&sb, "AttachNetworkInterface", &body).code().await, "ok");
    assert_eq!(sb.state().tasks.len(), 1);
}

#[tokio::test]
async fn a_retry_after_a_lost_answer_survives_with_the_same_token() {
    let sb = sandbox().await;
    sb.add_fault(Fault::once(FaultKind::DropAfter).for_action("AttachNetworkInterface"));
    let body = attach_with_token("eni-free0001", "ins-web00001", "token-lost");
    assert!(Req::vpc(&sb, "AttachNetworkInterface", &body).send().await.is_err(), "no answer");
    assert_eq!(sb.state().eni("eni-free0001").unwrap().state, "ATTACHING", "but it was processed");
    let mut answer = Req::vpc(&sb, "AttachNetworkInterface", &body).json().await;
    while code(&answer) == "UnsupportedOperation.IdempotentProcessing" {
        tokio::time::sleep(Duration::from_millis(20)).await;
        answer = Req::vpc(&sb, "AttachNetworkInterface", &body).json().await;
    }
    assert_eq!(code(&answer), "ok");
    assert_eq!(wait_task(&sb, &request_id(&answer)).await["Status"], "SUCCESS");
    let state = sb.state();
    assert_eq!(state.tasks.len(), 1);
    assert_eq!(state.tasks[0].status, TaskStatus::Success);
}
