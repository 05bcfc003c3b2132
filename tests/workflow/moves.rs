//! Move, detach and "nothing to do" over real HTTP against the sandbox: every rule refuses with
//! nothing sent, a move is followed to SUCCESS and verified, a lost answer is settled without a
//! second MigrateNetworkInterface, and a FAILED task leaves the ENI on the source.

use crate::support::*;
use tceni::history::Outcome;
use tceni::sandbox::{Fault, FaultKind};

const MIGRATE: &str = "MigrateNetworkInterface";
const ENI: &str = "eni-mig00001";
const DEAD: &str = "ins-dead0001";
const STANDBY: &str = "ins-stby0001";

fn exit(finish: &tceni::attempt::Attempt) -> i32 {
    tceni::attempt::exit_code(finish)
}

#[tokio::test]
async fn the_incident_move_is_followed_to_success_and_verified() {
    let rig = rig().await;
    let (finish, _) = rig.run(move_eni(ENI, DEAD, STANDBY), options()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    assert_eq!(exit(&finish), 0);
    assert_eq!(finish.plan.client_token(), None);
    let placement = finish.located().and_then(|l| l.placement.clone()).expect("verified");
    assert_eq!(placement.instance, STANDBY);
    assert!(placement.device_index.is_some() && !placement.mac.is_empty() && placement.primary_ip.is_some());
    assert_eq!(rig.attached_to(ENI).as_deref(), Some(STANDBY));
    assert_eq!(rig.calls(MIGRATE), 1);
    let row = rig.row(finish.history_id().unwrap());
    assert_eq!((row.action, row.outcome), (tceni::plan::Kind::Move, Outcome::Succeeded));
    assert_eq!((row.instance_id.as_str(), row.destination_instance_id.as_deref()), (DEAD, Some(STANDBY)));
    assert!(row.attachment.unwrap().contains(STANDBY));
}

#[tokio::test]
async fn every_move_rule_refuses_before_anything_is_sent() {
    let rig = rig().await;
    let cases = [
        ("eni-pdead001", DEAD, STANDBY, "UnsupportedOperation"),
        (ENI, STANDBY, "ins-shfl0001", "UnsupportedOperation.InvalidState"),
        ("eni-shfr0001", DEAD, STANDBY, "UnsupportedOperation.InvalidState"),
        ("eni-busy0001", DEAD, STANDBY, "UnsupportedOperation.InvalidState"),
        (ENI, DEAD, "ins-shpd0001", "UnsupportedOperation.InvalidState"),
        (ENI, DEAD, "ins-shot0001", "UnsupportedOperation.VpcMismatch"),
        (ENI, DEAD, "ins-stby0002", "UnsupportedOperation.ZoneMismatch"),
        (ENI, DEAD, "ins-shfl0001", "LimitExceeded"),
        (ENI, DEAD, "ins-zzzz9999", "ResourceNotFound"),
        ("eni-zzzz9999", DEAD, STANDBY, "ResourceNotFound"),
    ];
    for (eni, from, to, code) in cases {
        let (finish, _) = rig.run(move_eni(eni, from, to), options()).await;
        let what = format!("{eni}: {from} → {to}");
        assert_eq!(finish.outcome(), Outcome::PreflightFailed, "{what}: {:?}", finish.reason());
        assert_eq!(exit(&finish), 5);
        assert_eq!(finish.reason().cloned().unwrap().code, code, "{what}");
    }
    assert_eq!(rig.calls(MIGRATE), 0, "no MigrateNetworkInterface may reach the service");
}

#[tokio::test]
async fn a_lost_answer_after_the_move_was_applied_is_settled_by_describing_the_eni() {
    let rig = rig().await;
    rig.sandbox.add_fault(Fault::once(FaultKind::DropAfter).for_action(MIGRATE));
    let (finish, _) = rig.run(move_eni(ENI, DEAD, STANDBY), options()).await;
    assert_eq!(rig.calls(MIGRATE), 1, "without a ClientToken a maybe-delivered move is never re-sent");
    let located = finish.located().cloned().expect("the ENI was described");
    if located.settled() {
        assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
        assert_eq!(located.instance(), Some(STANDBY));
    } else {
        // Still ATTACHING on the destination when described: said as unknown, never guessed.
        assert_eq!(finish.outcome(), Outcome::Unknown);
        assert_eq!(exit(&finish), 4);
    }
}

/// Ages row `id` by `by`, as if it had been started that long ago.
fn age(rig: &Rig, id: i64, by: std::time::Duration) {
    let raw = rusqlite::Connection::open(&rig.store_path).unwrap();
    raw.execute(
        "UPDATE attempts SET started_at = started_at - ?2 WHERE id = ?1",
        [id, by.as_millis() as i64],
    )
    .unwrap();
}

async fn reconcile(rig: &Rig) -> usize {
    let history = rig.workflow.history.clone().unwrap();
    tceni::attach::reconcile::reconcile(&rig.workflow.client, &history).await
}

#[tokio::test]
async fn a_lost_answer_before_the_move_was_read_is_unknown_until_it_can_no_longer_arrive() {
    let rig = rig().await;
    rig.sandbox.add_fault(Fault::once(FaultKind::DropBefore).for_action(MIGRATE));
    let (finish, _) = rig.run(move_eni(ENI, DEAD, STANDBY), options()).await;
    assert_eq!(rig.calls(MIGRATE), 1);
    assert_eq!((finish.outcome(), exit(&finish)), (Outcome::Unknown, 4), "{:?}", finish.reason());
    let failure = finish.reason().cloned().unwrap();
    assert!(
        failure.message.contains(DEAD) && failure.message.contains("signature expires"),
        "{}",
        failure.message
    );
    assert_eq!(rig.attached_to(ENI).as_deref(), Some(DEAD));
    // A move has no ClientToken: nothing may tell the operator that sending it again helps.
    let explained = finish.explanation().expect("an unknown outcome is explained");
    assert!(!explained.retryable, "{explained:?}");
    assert!(!explained.meaning.contains("attach"), "{explained:?}");
    assert!(
        explained.action.contains("a move") && explained.action.contains("never sent again"),
        "{explained:?}"
    );
    let id = finish.history_id().unwrap();
    assert_eq!(reconcile(&rig).await, 0, "it may still arrive: nothing new to say");
    // Past the signature's life the service can no longer act on it: not carried out.
    age(&rig, id, std::time::Duration::from_secs(900));
    assert_eq!(reconcile(&rig).await, 1);
    let row = rig.row(id);
    assert_eq!(
        (row.outcome, row.error_code.as_deref()),
        (Outcome::Failed, Some("ClientError.NotCarriedOut"))
    );
}

#[tokio::test]
async fn a_move_that_reaches_the_service_after_the_timeout_is_never_recorded_as_not_done() {
    let rig = rig().await;
    // Held on its way longer than the client waits (2 s), then carried out.
    rig.sandbox.add_fault(Fault::once(FaultKind::Latency { ms: 3000 }).for_action(MIGRATE));
    let (finish, _) = rig.run(move_eni(ENI, DEAD, STANDBY), options()).await;
    assert_eq!(finish.outcome(), Outcome::Unknown, "{:?}", finish.reason());
    assert_ne!(finish.reason().unwrap().code, "ClientError.NotCarriedOut");
    let started = std::time::Instant::now();
    while rig.attached_to(ENI).as_deref() != Some(STANDBY) {
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "the late move never arrived");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await; // its task
    assert_eq!(rig.calls(MIGRATE), 1, "never re-sent");
    let id = finish.history_id().unwrap();
    age(&rig, id, std::time::Duration::from_secs(900));
    reconcile(&rig).await;
    let row = rig.row(id);
    assert_eq!(row.outcome, Outcome::Unknown, "the ENI moved: never 'not carried out'");
    let message = row.error_message.unwrap();
    assert!(message.contains(&format!("on {STANDBY}")), "the ENI's place is stated: {message}");
}

#[tokio::test]
async fn a_failed_move_task_leaves_the_eni_on_the_source_and_says_so() {
    let rig = rig().await;
    rig.sandbox.add_fault(Fault::once(FaultKind::TaskFailed { reason: None }).for_action(MIGRATE));
    let (finish, _) = rig.run(move_eni(ENI, DEAD, STANDBY), options()).await;
    assert_eq!(finish.outcome(), Outcome::Failed);
    assert_eq!(exit(&finish), 1);
    let failure = finish.reason().cloned().unwrap();
    assert_eq!(failure.code, "ClientError.TaskFailed");
    assert!(failure.message.contains(&format!("on {DEAD}")), "{}", failure.message);
    assert_eq!(finish.located().cloned().unwrap().instance(), Some(DEAD));
    assert_eq!(rig.attached_to(ENI).as_deref(), Some(DEAD));
}

#[tokio::test]
async fn each_nothing_to_do_case_exits_0_with_nothing_sent() {
    let rig = rig().await;
    // A move there, then the same move again: already on the destination.
    let (first, _) = rig.run(move_eni(ENI, DEAD, STANDBY), options()).await;
    assert_eq!(first.outcome(), Outcome::Succeeded, "{:?}", first.reason());
    let (again, _) = rig.run(move_eni(ENI, DEAD, STANDBY), options()).await;
    assert_eq!((again.outcome(), exit(&again)), (Outcome::AlreadyDone, 0));
    assert_eq!(again.located().cloned().unwrap().instance(), Some(STANDBY));
    assert_eq!(rig.calls(MIGRATE), 1);

    // Attaching an ENI to the instance it is already on.
    let (attached, _) = rig.run(attach("eni-sec00001", "ins-web00001"), options()).await;
    assert_eq!((attached.outcome(), exit(&attached)), (Outcome::AlreadyDone, 0));
    // Detaching an ENI attached to nothing.
    let (detached, _) = rig.run(detach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!((detached.outcome(), exit(&detached)), (Outcome::AlreadyDone, 0));
    assert_eq!(rig.calls("AttachNetworkInterface") + rig.calls("DetachNetworkInterface"), 0);
    assert_eq!(rig.row(detached.history_id().unwrap()).outcome, Outcome::AlreadyDone);
}

#[tokio::test]
async fn detach_rules_refuse_before_anything_is_sent() {
    let rig = rig().await;
    let cases = [
        ("eni-sec00001", "ins-web00002", "UnsupportedOperation.InvalidState"),
        ("eni-zzzz9999", GOOD_INSTANCE, "ResourceNotFound"),
    ];
    for (eni, instance, code) in cases {
        let (finish, _) = rig.run(detach(eni, instance), options()).await;
        assert_eq!(finish.outcome(), Outcome::PreflightFailed, "{eni} from {instance}");
        assert_eq!(finish.reason().cloned().unwrap().code, code, "{eni} from {instance}");
    }
    let (primary, _) = rig.run(move_eni("eni-pdead001", DEAD, STANDBY), options()).await;
    assert_eq!(primary.reason().cloned().unwrap().code, "UnsupportedOperation");
    let mut p = detach("eni-pdead001", DEAD);
    p.region = MOVE_REGION.into();
    let (finish, _) = rig.run(p, options()).await;
    assert_eq!(
        finish.reason().cloned().unwrap().code,
        "UnsupportedOperation",
        "a primary ENI is never detached"
    );
    assert_eq!(rig.calls("DetachNetworkInterface"), 0);
}

/// Resuming a runbook whose move may have been delivered: an ENI found where the move puts it
/// says nothing of which request put it there, so the earlier try is never written "not carried
/// out, stayed on the source" (the step is done: preflight says so). (Before: any ENI found
/// settled, there or still on the source, failed the row with "stayed on" its source.)
#[tokio::test]
async fn a_resumed_runbook_never_says_a_move_found_at_its_destination_stayed_on_its_source() {
    use tceni::history::{RunbookLink, RunbookRun, Store};
    use tceni::runbook::{Runbook, Step};
    let rig = rig().await;
    let plan = rig.plan(&move_eni(ENI, DEAD, STANDBY));
    let runbook = Runbook {
        name: "failover".into(),
        path: "failover.toml".into(),
        digest: "digest-failover".into(),
        steps: vec![Step { number: 1, plan: plan.clone(), position: (1, 1) }],
    };
    // The earlier apply: its run never finished, its move's answer was never read.
    let store = Store::open(&rig.store_path).unwrap();
    let started = chrono::Utc::now().timestamp_millis() - 60_000;
    let run = RunbookRun {
        id: "run-1".into(),
        digest: runbook.digest.clone(),
        name: runbook.name.clone(),
        file: "failover.toml".into(),
        started_at: started,
        finished_at: None,
    };
    store.start_runbook_run(&run).unwrap();
    let link = RunbookLink { run: run.id.clone(), step: 1 };
    let earlier = store.insert_linked(&plan, &rig.workflow.caller, started, Some(&link)).unwrap();
    drop(store);
    rig.left_as(earlier, "outcome = 'Sending'");
    // Another request carries the move out.
    let (moved, _) = rig.run(move_eni(ENI, DEAD, STANDBY), options()).await;
    assert_eq!(moved.outcome(), Outcome::Succeeded);
    let history = rig.workflow.history.clone().unwrap();
    let poll = options().poll;
    let client = &rig.workflow.client;
    let prepared =
        tceni::runbook::session::prepare(client, Some(&history), &runbook, &poll, std::time::Duration::ZERO)
            .await;
    assert!(prepared.is_ok_and(|p| p.resumed.is_some()), "the earlier run is resumed");
    let row = rig.row(earlier);
    assert_ne!(row.outcome, Outcome::Failed, "{row:?}");
    assert!(!row.error_message.unwrap_or_default().contains("stayed"));
}
