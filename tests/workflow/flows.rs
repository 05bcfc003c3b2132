use crate::support::*;
use tceni::attach::Event;
use tceni::attempt::Change;
use tceni::history::Outcome;

#[tokio::test]
async fn a_successful_attach_is_followed_to_success_and_recorded() {
    let rig = rig().await;
    let (finish, events) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    assert_eq!(tceni::attempt::exit_code(&finish), 0);
    assert_eq!(finish.task.status(), Some(tceni::api::TaskStatus::Success));
    let request_id = finish.request_id().unwrap();
    assert!(events.iter().any(|e| matches!(e, Event::Changed(Change::Accepted { request_id: r }) if Some(r.as_str()) == Some(request_id))));
    assert!(events.iter().any(|e| matches!(e, Event::Changed(Change::PreflightDone(r)) if r.passed())));
    assert_eq!(rig.attached_to(GOOD_ENI).as_deref(), Some(GOOD_INSTANCE));

    let row = rig.row(finish.history_id().unwrap());
    assert_eq!(row.outcome, Outcome::Succeeded);
    assert_eq!(row.request_id.as_deref(), Some(request_id));
    assert_eq!(Some(row.client_token.as_str()), finish.plan.client_token());
    assert!(row.preflight.unwrap().contains("same_zone"));
    assert_eq!(row.secret_id_masked, "…0000");
}

#[tokio::test]
async fn a_finance_region_attach_succeeds() {
    let rig = rig().await;
    let mut input = attach("eni-fsi00001", "ins-fsi00001");
    input.region = "ap-shanghai-fsi".into();
    let (finish, _) = rig.run(input, options()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
}

#[tokio::test]
async fn every_preflight_rule_refuses_before_anything_is_sent() {
    let rig = rig().await;
    let cases = [
        ("eni-zzzz9999", "ins-web00001", "ResourceNotFound"),
        ("eni-free0001", "ins-zzzz9999", "ResourceNotFound"),
        ("eni-free0001", "ins-oth00001", "UnsupportedOperation.VpcMismatch"),
        ("eni-free0001", "ins-app00001", "UnsupportedOperation.ZoneMismatch"),
        ("eni-free0001", "ins-pend0001", "UnsupportedOperation.InvalidState"),
        ("eni-sec00001", "ins-web00002", "UnsupportedOperation.AttachmentAlreadyExists"),
        ("eni-free0003", "ins-full0001", "LimitExceeded"),
    ];
    for (eni, instance, code) in cases {
        let (finish, _) = rig.run(attach(eni, instance), options()).await;
        assert_eq!(finish.outcome(), Outcome::PreflightFailed, "{eni} → {instance}");
        assert_eq!(tceni::attempt::exit_code(&finish), 5);
        let failure = finish.reason().cloned().unwrap();
        assert_eq!(failure.code, code, "{eni} → {instance}: {}", failure.message);
        assert!(!failure.explanation().action.is_empty());
        let row = rig.row(finish.history_id().unwrap());
        assert_eq!((row.outcome, row.error_code.as_deref()), (Outcome::PreflightFailed, Some(code)));
    }
    assert_eq!(rig.attach_calls(), 0, "no AttachNetworkInterface may reach the service");
}

#[tokio::test]
async fn the_message_names_the_instance_an_eni_is_attached_to() {
    let rig = rig().await;
    let (finish, _) = rig.run(attach("eni-sec00001", "ins-web00002"), options()).await;
    assert!(finish.reason().cloned().unwrap().message.contains("ins-web00001"));
}

#[tokio::test]
async fn a_malformed_id_is_refused_with_nothing_sent_and_no_request() {
    // The plan refuses it before any workflow exists; the CLI's exit 2 is tested in tests/cli.rs.
    let rig = rig().await;
    let refused =
        tceni::plan::Plan::new(&attach("eni-12345", GOOD_INSTANCE), &rig.workflow.client.endpoint_rule());
    assert!(refused.unwrap_err().to_string().contains("8 characters"));
    assert!(rig.sandbox.log().is_empty(), "nothing may reach the service");
}

#[tokio::test]
async fn the_service_refusal_without_preflight_is_explained() {
    let rig = rig().await;
    let mut opts = options();
    opts.preflight = false;
    let (finish, _) = rig.run(attach("eni-free0001", "ins-app00001"), opts).await;
    assert_eq!(finish.outcome(), Outcome::Failed);
    assert_eq!(tceni::attempt::exit_code(&finish), 1);
    let failure = finish.reason().cloned().unwrap();
    assert_eq!(failure.code, "UnsupportedOperation.ZoneMismatch");
    assert!(failure.explanation().meaning.to_lowercase().contains("zone"));
    assert_eq!(rig.attach_calls(), 1);
}

#[tokio::test]
async fn unsupported_instance_family_is_the_service_word() {
    let rig = rig().await;
    let (finish, _) = rig.run(attach("eni-free0003", "ins-bms00001"), options()).await;
    assert_eq!(finish.reason().cloned().unwrap().code, "UnsupportedOperation.UnsupportedInstanceFamily");
}

#[tokio::test]
async fn a_detach_undoes_an_attach() {
    let rig = rig().await;
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded);
    let (finish, _) = rig.run(detach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    assert_eq!(rig.attached_to(GOOD_ENI), None);
    assert_eq!(rig.rows().len(), 2);
}

#[tokio::test]
async fn no_wait_returns_once_accepted() {
    let rig = rig().await;
    let mut opts = options();
    opts.wait = false;
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), opts).await;
    assert_eq!(finish.outcome(), Outcome::Sent);
    assert_eq!(tceni::attempt::exit_code(&finish), 0);
    assert!(finish.request_id().is_some() && finish.task.status().is_none());
}

#[tokio::test]
async fn a_pending_row_left_by_a_crash_is_reconciled() {
    let rig = rig().await;
    let mut opts = options();
    opts.wait = false;
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), opts).await;
    let id = finish.history_id().unwrap();
    assert_eq!(rig.row(id).outcome, Outcome::Sent);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let history = rig.workflow.history.clone().unwrap();
    let changed = tceni::attach::reconcile::reconcile(&rig.workflow.client, &history).await;
    assert_eq!(changed, 1);
    let row = rig.row(id);
    assert_eq!(row.outcome, Outcome::Succeeded);
    assert!(row.attachment.unwrap().contains(GOOD_INSTANCE), "settled by where the ENI is");
}

#[tokio::test]
async fn a_row_whose_task_failed_is_settled_by_its_task() {
    let rig = rig().await;
    rig.sandbox.add_fault(tceni::sandbox::Fault::once(tceni::sandbox::FaultKind::TaskFailed {
        reason: Some("hot-plug refused".into()),
    }));
    let mut opts = options();
    opts.wait = false;
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), opts).await;
    let id = finish.history_id().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let history = rig.workflow.history.clone().unwrap();
    assert_eq!(tceni::attach::reconcile::reconcile(&rig.workflow.client, &history).await, 1);
    let row = rig.row(id);
    assert_eq!((row.outcome, row.task_status), (Outcome::Failed, Some(tceni::api::TaskStatus::Failed)));
    assert_eq!(row.error_code.as_deref(), Some("ClientError.TaskFailed"));
}

#[tokio::test]
async fn a_cancel_before_sending_sends_nothing() {
    let rig = rig().await;
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let cancel = tokio_util::sync::CancellationToken::new();
    cancel.cancel();
    let finish = rig.workflow.run(rig.plan(&attach(GOOD_ENI, GOOD_INSTANCE)), options(), tx, cancel).await;
    assert_eq!(finish.outcome(), Outcome::Cancelled);
    assert_eq!(rig.attach_calls(), 0);
}

#[tokio::test]
async fn a_stale_pending_row_was_never_sent_and_a_fresh_one_is_left_alone() {
    use tceni::history::Store;
    let rig = rig().await;
    let store = Store::open(&rig.store_path).unwrap();
    let plan = rig.plan(&attach(GOOD_ENI, GOOD_INSTANCE));
    let now = chrono::Utc::now().timestamp_millis();
    let stale = store.insert(&plan, &rig.workflow.caller, now - 2 * 3_600_000).unwrap();
    let fresh = store.insert(&plan, &rig.workflow.caller, now).unwrap();
    let history = rig.workflow.history.clone().unwrap();
    assert_eq!(tceni::attach::reconcile::reconcile(&rig.workflow.client, &history).await, 1);
    // Pending is written before preflight and Sending before the request: a Pending row left
    // behind never sent anything.
    let stale = rig.row(stale);
    assert_eq!(stale.outcome, Outcome::Cancelled);
    assert_eq!(stale.error_code.as_deref(), Some("ClientError.Cancelled"));
    assert_eq!(rig.row(fresh).outcome, Outcome::Pending, "a live process may still own it");
    // Without a marker (an older build), a history that could not be written may hide a sent
    // request behind Pending: the ENI is looked at first, and it is not where the plan puts it.
    assert_eq!(rig.calls("DescribeNetworkInterfaces"), 1, "one describe for the stale row");
}

#[tokio::test]
async fn a_task_the_service_forgot_is_unknown_with_the_enis_place_never_credited() {
    let rig = rig().await;
    let mut opts = options();
    opts.wait = false;
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), opts).await;
    let id = finish.history_id().unwrap();
    rig.sandbox.reset(); // the service forgets its tasks (and the attachment)
    let history = rig.workflow.history.clone().unwrap();
    let client = &rig.workflow.client;
    assert_eq!(tceni::attach::reconcile::reconcile(client, &history).await, 1);
    let row = rig.row(id);
    assert_eq!((row.outcome, row.error_code.as_deref()), (Outcome::Unknown, Some("ResourceNotFound")));
    let asked = |rig: &Rig| rig.sandbox.log().iter().filter(|e| e.action == "DescribeVpcTaskResult").count();
    let before = asked(&rig);
    assert_eq!(tceni::attach::reconcile::reconcile(client, &history).await, 0);
    assert_eq!(asked(&rig), before, "a forgotten task is not asked about again");
    // Attached by another request: where the ENI is now is said, never credited to this row.
    let unrecorded = tceni::attach::Workflow { history: None, ..rig.workflow.clone() };
    let plan = rig.plan(&attach(GOOD_ENI, GOOD_INSTANCE));
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let done = unrecorded.run(plan, options(), tx, tokio_util::sync::CancellationToken::new()).await;
    assert_eq!(done.outcome(), Outcome::Succeeded);
    assert_eq!(tceni::attach::reconcile::reconcile(client, &history).await, 1);
    let row = rig.row(id);
    assert_eq!((row.outcome, row.error_code.as_deref()), (Outcome::Unknown, Some("ResourceNotFound")));
    assert!(row.error_message.unwrap().contains(GOOD_INSTANCE));
    assert!(row.attachment.unwrap().contains(GOOD_INSTANCE));
    let before = asked(&rig);
    assert_eq!(tceni::attach::reconcile::reconcile(client, &history).await, 0);
    assert_eq!(asked(&rig), before, "a settled row costs no request at the next start");
}

#[tokio::test]
async fn reconcile_leaves_rows_of_other_endpoints_and_other_keys_alone() {
    let rig = rig().await;
    let mut opts = options();
    opts.wait = false;
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), opts).await;
    let id = finish.history_id().unwrap();
    let history = rig.workflow.history.clone().unwrap();
    // Another sandbox is another service: it would answer "no such task".
    let elsewhere = tceni::sandbox::Sandbox::start(tceni::sandbox::SandboxConfig::default()).await.unwrap();
    let other_client = demo_client(&elsewhere.url());
    assert_eq!(tceni::attach::reconcile::reconcile(&other_client, &history).await, 0);
    assert!(elsewhere.log().is_empty(), "nothing asked of a service that never saw the row");
    assert_eq!(rig.row(id).outcome, Outcome::Sent);
}
