//! Each sandbox fault, persistent on AttachNetworkInterface, becomes the right typed failure,
//! exit code and history row; a transient one is absorbed by a retry with the same ClientToken
//! and never makes two attachments.

use crate::support::*;
use std::time::Duration;
use tceni::history::Outcome;
use tceni::sandbox::{Fault, FaultKind, SandboxConfig};

const ATTACH: &str = "AttachNetworkInterface";

fn no_preflight() -> tceni::attach::Options {
    let mut opts = options();
    opts.preflight = false;
    opts
}

fn persistent(kind: FaultKind) -> Fault {
    Fault::once(kind).for_action(ATTACH).until_cleared()
}

async fn run_with_fault(fault: Fault) -> (Rig, tceni::attempt::Attempt) {
    let rig = rig().await;
    rig.sandbox.add_fault(fault);
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), no_preflight()).await;
    (rig, finish)
}

/// The failure's code, the outcome, the exit code, and the history row agree.
fn assert_failed(rig: &Rig, finish: &tceni::attempt::Attempt, code: &str, outcome: Outcome, exit: i32) {
    let failure = finish.reason().expect("a failure");
    assert_eq!(failure.code.as_str(), code, "{}", failure.message);
    assert_eq!(finish.outcome(), outcome);
    assert_eq!(tceni::attempt::exit_code(finish), exit);
    assert!(!failure.explanation().meaning.is_empty());
    let row = rig.row(finish.history_id().unwrap());
    assert_eq!(row.outcome, outcome);
    assert_eq!(row.error_code.as_deref(), Some(code));
}

fn attachments(rig: &Rig) -> usize {
    usize::from(rig.attached_to(GOOD_ENI).is_some())
}

#[tokio::test]
async fn http_500_is_an_http_status_failure_with_outcome_unknown() {
    let (rig, finish) = run_with_fault(persistent(FaultKind::Http500)).await;
    assert_failed(&rig, &finish, "ClientError.HttpStatus", Outcome::Unknown, 4);
    assert!(finish.reason().cloned().unwrap().message.contains("HTTP 500"));
}

#[tokio::test]
async fn an_html_502_is_explained_with_its_status_and_title() {
    let (rig, finish) = run_with_fault(persistent(FaultKind::Html502)).await;
    assert_failed(&rig, &finish, "ClientError.HttpStatus", Outcome::Unknown, 4);
    let message = finish.reason().cloned().unwrap().message;
    assert!(message.contains("HTTP 502"), "{message}");
    assert!(!message.contains("<html"), "one readable line, not the page: {message}");
}

#[tokio::test]
async fn a_persistent_truncated_answer_is_settled_by_describing_the_eni() {
    // The service carried the attach out every time; only its answers were cut short. Once
    // the ENI settles where the plan puts it, that is the outcome (not "unknown forever").
    let (rig, finish) = run_with_fault(persistent(FaultKind::TruncatedBody)).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    assert_eq!(tceni::attempt::exit_code(&finish), 0);
    assert_eq!(attachments(&rig), 1);
    let row = rig.row(finish.history_id().unwrap());
    assert_eq!((row.outcome, row.error_code), (Outcome::Succeeded, None));
}

#[tokio::test]
async fn a_connection_dropped_before_processing_is_outcome_unknown() {
    let (rig, finish) = run_with_fault(persistent(FaultKind::DropBefore)).await;
    assert_failed(&rig, &finish, "ClientError.OutcomeUnknown", Outcome::Unknown, 4);
    assert_eq!(attachments(&rig), 0);
}

#[tokio::test]
async fn a_request_that_never_answers_times_out_as_outcome_unknown() {
    let (rig, finish) = run_with_fault(persistent(FaultKind::Hang)).await;
    assert_failed(&rig, &finish, "ClientError.OutcomeUnknown", Outcome::Unknown, 4);
    assert!(finish.reason().cloned().unwrap().message.contains("timed out"));
}

#[tokio::test]
async fn latency_beyond_the_timeout_is_settled_by_describing_the_eni() {
    // Every try times out, but the service carries the first one out late: the ENI is described
    // afterwards, and the outcome says what the description shows, never a guess.
    let (rig, finish) = run_with_fault(persistent(FaultKind::Latency { ms: 3_000 })).await;
    let located = finish.located().expect("an unknown outcome is verified by describing the ENI");
    if located.matches(&finish.plan) {
        assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
        assert_eq!(rig.attached_to(GOOD_ENI).as_deref(), Some(GOOD_INSTANCE));
        assert_eq!(rig.row(finish.history_id().unwrap()).outcome, Outcome::Succeeded);
    } else {
        assert_failed(&rig, &finish, "ClientError.OutcomeUnknown", Outcome::Unknown, 4);
    }
    assert!(attachments(&rig) <= 1);
}

#[tokio::test]
async fn a_dropped_answer_after_processing_is_retried_with_the_same_token_into_one_attachment() {
    let (rig, finish) = run_with_fault(Fault::once(FaultKind::DropAfter).for_action(ATTACH)).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    let attach_log: Vec<_> = rig.sandbox.log().into_iter().filter(|e| e.action == ATTACH).collect();
    // The first answer was lost, so the client sent again (and again while the service said
    // IdempotentProcessing), always with the same ClientToken.
    assert!(attach_log.len() >= 2, "{attach_log:?}");
    let first_token = &attach_log[0].params["ClientToken"];
    assert!(
        attach_log.iter().all(|e| &e.params["ClientToken"] == first_token),
        "a retry reuses the ClientToken"
    );
    let state = rig.sandbox.state();
    let attached: Vec<_> =
        state.enis.iter().filter(|e| e.instance.as_deref() == Some(GOOD_INSTANCE)).collect();
    assert_eq!(attached.iter().filter(|e| e.id == GOOD_ENI).count(), 1);
    let tasks = state.tasks.iter().filter(|t| format!("{t:?}").contains(GOOD_ENI)).count();
    assert_eq!(tasks, 1, "exactly one attach task in the sandbox");
}

#[tokio::test]
async fn transient_faults_are_absorbed_by_retries() {
    for kind in [FaultKind::Http500, FaultKind::Html502, FaultKind::DropBefore, FaultKind::TruncatedBody] {
        let (rig, finish) = run_with_fault(Fault::once(kind.clone()).for_action(ATTACH)).await;
        assert_eq!(finish.outcome(), Outcome::Succeeded, "{kind:?}: {:?}", finish.reason());
        assert_eq!(attachments(&rig), 1);
    }
}

#[tokio::test]
async fn service_error_codes_become_service_failures() {
    let cases = [
        ("RequestLimitExceeded", Outcome::Failed, 1),
        ("LimitExceeded.ActionLimited", Outcome::Failed, 1),
        // The service failed inside, maybe after acting: unknown, never "refused".
        ("InternalError", Outcome::Unknown, 4),
        // Refused at the gateway before the action runs: recorded as not sent.
        ("AuthFailure.TokenFailure", Outcome::NotSent, 1),
    ];
    for (code, outcome, exit) in cases {
        let fault = persistent(FaultKind::Error { code: code.into(), message: Some("forced".into()) });
        let (rig, finish) = run_with_fault(fault).await;
        assert_failed(&rig, &finish, code, outcome, exit);
        assert_eq!(attachments(&rig), 0);
        let row = rig.row(finish.history_id().unwrap());
        assert!(row.request_id.is_some(), "{code}: the refusal's RequestId is kept");
    }
}

#[tokio::test]
async fn an_exhausted_retry_after_a_possible_delivery_is_outcome_unknown_not_refused() {
    // The first try gets no answer (it may have been carried out); every later try is refused
    // with a retryable code. Saying "refused" could hide an attachment that happened.
    let rig = rig().await;
    rig.sandbox.add_fault(Fault::once(FaultKind::DropBefore).for_action(ATTACH));
    rig.sandbox.add_fault(
        Fault::once(FaultKind::Error { code: "RequestLimitExceeded".into(), message: None })
            .for_action(ATTACH)
            .times(10),
    );
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), no_preflight()).await;
    assert_failed(&rig, &finish, "ClientError.OutcomeUnknown", Outcome::Unknown, 4);
    assert!(finish.reason().cloned().unwrap().message.contains("earlier try may have been carried out"));
}

#[tokio::test]
async fn retryable_codes_are_retried_and_others_are_not() {
    let (rig, finish) = run_with_fault(
        Fault::once(FaultKind::Error { code: "RequestLimitExceeded".into(), message: None })
            .for_action(ATTACH),
    )
    .await;
    assert_eq!(finish.outcome(), Outcome::Succeeded);
    assert_eq!(rig.attach_calls(), 2);

    let (rig, _) = run_with_fault(
        Fault::once(FaultKind::Error { code: "AuthFailure.TokenFailure".into(), message: None })
            .for_action(ATTACH),
    )
    .await;
    assert_eq!(rig.attach_calls(), 1, "an auth failure is never retried");
}

#[tokio::test]
async fn a_failed_task_is_recorded_as_failed_with_its_output() {
    let fault = Fault::once(FaultKind::TaskFailed { reason: Some("hot-plug refused by the guest".into()) });
    let (rig, finish) = run_with_fault(fault).await;
    assert_failed(&rig, &finish, "ClientError.TaskFailed", Outcome::Failed, 1);
    assert_eq!(finish.task.status(), Some(tceni::api::TaskStatus::Failed));
    assert!(finish.task.output().unwrap().contains("hot-plug refused"));
    assert_eq!(attachments(&rig), 0, "a FAILED task is rolled back");
}

#[tokio::test]
async fn wrong_credentials_are_a_signature_failure() {
    let rig = rig().await;
    let client = tceni::api::Client::new(
        tceni::credentials::Credential::new(
            tceni::sandbox::DEMO_SECRET_ID,
            "WRONGKEY00000000000000000000000",
            None,
        ),
        fast_config(&rig.sandbox.url()),
    )
    .unwrap();
    let err = client.describe_regions().await.unwrap_err();
    assert_eq!(err.code(), "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn the_task_deadline_ends_in_outcome_unknown_not_a_hang() {
    let rig =
        rig_with(SandboxConfig { task_delay: Duration::from_secs(30), ..SandboxConfig::default() }).await;
    let mut opts = no_preflight();
    opts.poll.deadline = Duration::from_millis(300);
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), opts).await;
    assert_eq!(finish.outcome(), Outcome::Unknown);
    assert_eq!(tceni::attempt::exit_code(&finish), 4);
    assert_eq!(finish.reason().cloned().unwrap().code.as_str(), "ClientError.TaskTimeout");
    assert!(finish.request_id().is_some());
}

#[tokio::test]
async fn a_ten_minute_clock_skew_is_explained_with_the_measured_skew() {
    let config = SandboxConfig { clock_offset_secs: 600, ..SandboxConfig::default() };
    let rig = rig_with(config).await;
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    let failure = finish.reason().cloned().unwrap();
    assert_eq!(failure.code.as_str(), "AuthFailure.SignatureExpire");
    let advice = failure.clock.expect("the skew is measured from the Date header");
    assert!(advice.contains("10 min") && advice.contains("behind"), "{advice}");
    assert_eq!(tceni::attempt::exit_code(&finish), 1);
    assert_eq!(rig.attach_calls(), 0, "nothing is attached with a wrong clock");
}
