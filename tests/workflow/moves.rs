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

#[tokio::test]
async fn a_lost_answer_before_the_move_was_read_says_not_carried_out() {
    let rig = rig().await;
    rig.sandbox.add_fault(Fault::once(FaultKind::DropBefore).for_action(MIGRATE));
    let (finish, _) = rig.run(move_eni(ENI, DEAD, STANDBY), options()).await;
    assert_eq!(rig.calls(MIGRATE), 1);
    assert_eq!(finish.outcome(), Outcome::Failed, "{:?}", finish.reason());
    let failure = finish.reason().cloned().unwrap();
    assert_eq!(failure.code, "ClientError.NotCarriedOut");
    assert!(failure.message.contains(DEAD), "{}", failure.message);
    assert_eq!(rig.attached_to(ENI).as_deref(), Some(DEAD));
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
