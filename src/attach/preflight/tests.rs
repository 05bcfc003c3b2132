use super::*;
use crate::api::EndpointRule;
use crate::api::actions::{Attachment, Placement, VirtualPrivateCloud};
use crate::plan::{Kind, PlanInput};

const ENI: &str = "eni-aaaa1111";
const INS: &str = "ins-bbbb2222";
const OTHER: &str = "ins-cccc3333";

fn eni() -> NetworkInterface {
    eni_named(ENI)
}

/// A settled, unattached ENI in vpc-1 / subnet-1 (ap-guangzhou-3) with a security group: every
/// rule passes for it (the runbook's whole-plan tests build their worlds from it too).
pub(crate) fn eni_named(id: &str) -> NetworkInterface {
    NetworkInterface {
        id: id.into(),
        vpc_id: "vpc-1".into(),
        subnet_id: "subnet-1".into(),
        zone: "ap-guangzhou-3".into(),
        group_set: vec!["sg-1".into()],
        state: "AVAILABLE".into(),
        ..Default::default()
    }
}

/// A RUNNING instance in vpc-1, ap-guangzhou-3.
pub(crate) fn instance(id: &str) -> Instance {
    Instance {
        id: id.into(),
        state: "RUNNING".into(),
        placement: Placement { zone: "ap-guangzhou-3".into() },
        virtual_private_cloud: Some(VirtualPrivateCloud {
            vpc_id: "vpc-1".into(),
            subnet_id: "subnet-1".into(),
        }),
        ..Default::default()
    }
}

fn attached(eni: &mut NetworkInterface, to: &str) {
    eni.attachment = Some(Attachment { instance_id: to.into(), ..Default::default() });
}

fn facts() -> Facts {
    Facts {
        eni: Some(eni()),
        instances: vec![instance(INS), instance(OTHER)],
        limit: Some(EniLimit { eni_quantity: 2, extend_eni_quantity: Some(1) }),
        attached_to_destination: 1,
        attached_extended: 0,
    }
}

fn plan(kind: Kind) -> Plan {
    let input = match kind {
        Kind::Move => PlanInput::move_between("ap-guangzhou", ENI, OTHER, INS),
        kind => PlanInput::new(kind, "ap-guangzhou", ENI, INS),
    };
    Plan::new(&input, &EndpointRule::default()).unwrap()
}

fn extended(kind: Kind) -> Plan {
    let mut input = PlanInput::new(kind, "ap-guangzhou", ENI, INS);
    input.attach_type = Some(AttachType::Extended);
    Plan::new(&input, &EndpointRule::default()).unwrap()
}

fn failed_codes(plan: &Plan, f: &Facts) -> Vec<String> {
    check(plan, f).failures().filter_map(|v| v.code.clone()).collect()
}

#[test]
fn a_good_attach_passes_every_rule() {
    let report = check(&plan(Kind::Attach), &facts());
    assert!(report.passed() && report.already_done().is_none());
    assert_eq!(report.verdicts.len(), 8);
}

#[test]
fn each_attach_rule_names_the_code_the_service_would_answer() {
    let attach = plan(Kind::Attach);
    let mut f = facts();
    f.eni = None;
    assert_eq!(failed_codes(&attach, &f), ["ResourceNotFound"]);

    let mut f = facts();
    attached(f.eni.as_mut().unwrap(), OTHER);
    assert_eq!(failed_codes(&attach, &f), ["UnsupportedOperation.AttachmentAlreadyExists"]);
    let report = check(&attach, &f);
    assert!(report.verdicts.iter().any(|v| v.reason.contains(OTHER)));

    let mut f = facts();
    f.instances[0].state = "STARTING".into();
    assert_eq!(failed_codes(&attach, &f), ["UnsupportedOperation.InvalidState"]);

    let mut f = facts();
    f.instances[0].virtual_private_cloud.as_mut().unwrap().vpc_id = "vpc-2".into();
    assert_eq!(failed_codes(&attach, &f), ["UnsupportedOperation.VpcMismatch"]);

    let mut f = facts();
    f.instances[0].placement.zone = "ap-guangzhou-4".into();
    assert_eq!(failed_codes(&attach, &f), ["UnsupportedOperation.ZoneMismatch"]);

    let mut f = facts();
    f.attached_to_destination = 2;
    assert_eq!(failed_codes(&attach, &f), ["LimitExceeded"]);

    let mut f = facts();
    f.instances.clear();
    let report = check(&attach, &f);
    assert_eq!(failed_codes(&attach, &f), ["ResourceNotFound"]);
    assert_eq!(report.verdicts.iter().filter(|v| v.status == Status::Skipped).count(), 4);
    assert_eq!(report.verdicts.len(), 8, "every rule has a verdict");
}

#[test]
fn attaching_where_the_eni_already_is_is_nothing_to_do_not_a_failure() {
    let mut f = facts();
    attached(f.eni.as_mut().unwrap(), INS);
    f.attached_to_destination = 2; // the ENI itself fills the last slot: that must not fail
    let report = check(&plan(Kind::Attach), &f);
    assert!(report.passed());
    assert_eq!(report.already_done().unwrap().rule, Rule::EniFree);
    f.eni.as_mut().unwrap().state = "ATTACHING".into();
    assert!(check(&plan(Kind::Attach), &f).already_done().is_none(), "still attaching is not done");
}

#[test]
fn no_security_group_warns_without_blocking() {
    let mut f = facts();
    f.eni.as_mut().unwrap().group_set.clear();
    let report = check(&plan(Kind::Attach), &f);
    assert!(report.passed());
    assert!(report.verdicts.iter().any(|v| v.rule == Rule::SecurityGroup && v.status == Status::Warn));
}

#[test]
fn extended_enis_are_counted_against_their_own_quota() {
    let mut f = facts();
    assert!(check(&extended(Kind::Attach), &f).passed());
    f.attached_to_destination = 2;
    f.attached_extended = 1;
    assert_eq!(
        failed_codes(&extended(Kind::Attach), &f),
        ["LimitExceeded"],
        "the one extended slot is taken"
    );
    assert!(check(&plan(Kind::Attach), &f).passed(), "1 of 2 standard slots in use");
    f.limit.as_mut().unwrap().extend_eni_quantity = None;
    let report = check(&extended(Kind::Attach), &f);
    assert!(report.passed(), "an unknown quota warns, it does not block");
}

#[test]
fn detach_needs_the_eni_on_that_instance_secondary_and_settled() {
    let detach = plan(Kind::Detach);
    let mut f = facts();
    attached(f.eni.as_mut().unwrap(), INS);
    assert!(check(&detach, &f).passed());

    let mut wrong = f.clone();
    attached(wrong.eni.as_mut().unwrap(), OTHER);
    assert_eq!(failed_codes(&detach, &wrong), ["UnsupportedOperation.InvalidState"]);

    let mut primary = f.clone();
    primary.eni.as_mut().unwrap().primary = true;
    assert_eq!(failed_codes(&detach, &primary), ["UnsupportedOperation"]);

    let mut busy = f.clone();
    busy.eni.as_mut().unwrap().state = "ATTACHING".into();
    assert_eq!(failed_codes(&detach, &busy), ["UnsupportedOperation.InvalidState"]);

    let mut gone = f.clone();
    gone.instances.retain(|i| i.id != INS);
    assert_eq!(failed_codes(&detach, &gone), ["ResourceNotFound"]);
}

#[test]
fn detaching_an_eni_attached_to_nothing_is_nothing_to_do() {
    let report = check(&plan(Kind::Detach), &facts());
    assert!(report.passed());
    assert_eq!(report.already_done().unwrap().rule, Rule::EniOnSource);
}

#[test]
fn a_move_needs_the_eni_on_the_source_and_a_destination_that_could_take_it() {
    let moving = plan(Kind::Move);
    let mut f = facts();
    attached(f.eni.as_mut().unwrap(), OTHER);
    let report = check(&moving, &f);
    assert!(report.passed(), "{report:?}");
    assert_eq!(report.verdicts.len(), 11);

    let mut elsewhere = f.clone();
    attached(elsewhere.eni.as_mut().unwrap(), "ins-dddd4444");
    assert_eq!(failed_codes(&moving, &elsewhere), ["UnsupportedOperation.InvalidState"]);

    let mut primary = f.clone();
    primary.eni.as_mut().unwrap().primary = true;
    assert_eq!(failed_codes(&moving, &primary), ["UnsupportedOperation"]);

    let mut zone = f.clone();
    zone.instances[0].placement.zone = "ap-guangzhou-4".into();
    assert_eq!(failed_codes(&moving, &zone), ["UnsupportedOperation.ZoneMismatch"]);

    let mut full = f.clone();
    full.attached_to_destination = 2;
    assert_eq!(failed_codes(&moving, &full), ["LimitExceeded"]);

    let mut dead = f.clone();
    dead.instances[1].state = "SHUTDOWN".into();
    let report = check(&moving, &dead);
    assert!(report.passed(), "a dead source only warns");
    assert!(report.verdicts.iter().any(|v| v.rule == Rule::SourceState && v.status == Status::Warn));

    let mut no_destination = f.clone();
    no_destination.instances.retain(|i| i.id != INS);
    assert_eq!(failed_codes(&moving, &no_destination), ["ResourceNotFound"]);
}

#[test]
fn moving_an_eni_already_on_the_destination_is_nothing_to_do() {
    let mut f = facts();
    attached(f.eni.as_mut().unwrap(), INS);
    let report = check(&plan(Kind::Move), &f);
    assert!(report.passed());
    assert_eq!(report.already_done().unwrap().rule, Rule::EniOnSource);
}

// ---- advice per actual state ----

/// The failed verdicts' advice for `plan` against `f`.
fn advice(plan: &Plan, f: &Facts) -> Vec<String> {
    check(plan, f).failures().map(|v| v.advice.clone().expect("every failure says what to do")).collect()
}

fn one_advice(plan: &Plan, f: &Facts) -> String {
    let all = advice(plan, f);
    assert_eq!(all.len(), 1, "{all:?}");
    all[0].clone()
}

#[test]
fn a_stuck_detaching_eni_is_told_to_wait_never_to_detach_it_first() {
    let mut f = facts();
    attached(f.eni.as_mut().unwrap(), INS);
    f.eni.as_mut().unwrap().state = "DETACHING".into();
    let detach = one_advice(&plan(Kind::Detach), &f);
    assert!(detach.contains("has not finished") && detach.contains("contact support"), "{detach}");
    let mut elsewhere = f.clone();
    attached(elsewhere.eni.as_mut().unwrap(), OTHER);
    let attach = one_advice(&plan(Kind::Attach), &elsewhere);
    assert!(attach.contains("Wait until it is AVAILABLE"), "{attach}");
    assert_eq!(failed_codes(&plan(Kind::Attach), &elsewhere), ["UnsupportedOperation.InvalidState"]);
    for text in [detach, attach] {
        assert!(!text.contains("detach it"), "{text}");
    }
}

#[test]
fn a_primary_eni_is_told_it_never_leaves_not_to_detach() {
    let mut f = facts();
    attached(f.eni.as_mut().unwrap(), INS);
    f.eni.as_mut().unwrap().primary = true;
    for kind in [Kind::Detach, Kind::Move] {
        let mut f = f.clone();
        if kind == Kind::Move {
            attached(f.eni.as_mut().unwrap(), OTHER);
        }
        let text = one_advice(&plan(kind), &f);
        assert!(text.contains("cannot be detached or moved"), "{kind:?}: {text}");
    }
}

#[test]
fn instance_states_get_their_own_advice() {
    let attach = plan(Kind::Attach);
    let cases = [
        ("TERMINATING", "being released"),
        ("SHUTDOWN", "being released"),
        ("LAUNCH_FAILED", "never started"),
        ("STOPPING", "Wait until it is RUNNING or STOPPED"),
        ("PENDING", "Wait until it is RUNNING or STOPPED"),
        ("REBOOTING", "Wait until it is RUNNING or STOPPED"),
        ("EXPIRED", "Bring it to one of those states"),
    ];
    for (state, expected) in cases {
        let mut f = facts();
        f.instances[0].state = state.into();
        let text = one_advice(&attach, &f);
        assert!(text.contains(expected), "{state}: {text}");
        assert!(!text.contains("start/stop"), "{state}: no generic advice: {text}");
    }
}

#[test]
fn each_attach_failure_has_advice_that_fits() {
    let attach = plan(Kind::Attach);
    let mut f = facts();
    attached(f.eni.as_mut().unwrap(), OTHER);
    assert!(one_advice(&attach, &f).contains("move it instead"));
    assert_eq!(check(&attach, &f).failures().next().unwrap().next, Some(NextStep::SwitchToMove));

    let mut f = facts();
    f.eni.as_mut().unwrap().state = "PENDING".into();
    assert!(one_advice(&attach, &f).contains("Wait until it is AVAILABLE"), "a PENDING ENI is not free");
    assert_eq!(check(&attach, &f).failures().next().unwrap().next, Some(NextStep::Reload));

    let mut f = facts();
    f.instances[0].virtual_private_cloud = None;
    assert!(one_advice(&attach, &f).contains("classic network"));

    let mut f = facts();
    f.instances[0].placement.zone = "ap-guangzhou-4".into();
    assert!(one_advice(&attach, &f).contains("subnet's zone"));

    let mut f = facts();
    f.attached_to_destination = 2;
    assert!(one_advice(&attach, &f).contains("Detach an ENI it no longer needs"));

    let mut f = facts();
    f.eni = None;
    assert!(one_advice(&attach, &f).contains("Check the ENI ID and the region"));
    assert_eq!(check(&attach, &f).failures().next().unwrap().next, Some(NextStep::PickEni));

    let mut f = facts();
    f.instances.clear();
    assert_eq!(check(&attach, &f).failures().next().unwrap().next, Some(NextStep::PickInstance));
}

#[test]
fn no_text_contradicts_itself() {
    let mut f = facts();
    f.limit.as_mut().unwrap().extend_eni_quantity = Some(0);
    let report = check(&extended(Kind::Attach), &f);
    let slot = report.verdicts.iter().find(|v| v.rule == Rule::FreeEniSlot).unwrap();
    assert_eq!(slot.status, Status::Fail);
    assert_eq!(slot.reason, "its type takes no extended ENIs", "never 'all 0 … slots are in use'");
    assert!(slot.advice.as_deref().unwrap().contains("other attach type"));
    assert_eq!(slot.next, Some(NextStep::SwitchAttachType));

    f.limit.as_mut().unwrap().extend_eni_quantity = Some(1);
    f.attached_to_destination = 2;
    let full = check(&plan(Kind::Attach), &f);
    let slot = full.verdicts.iter().find(|v| v.rule == Rule::FreeEniSlot).unwrap();
    assert_eq!(slot.reason, "2 of 2 ENIs in use: none free");
}

#[test]
fn every_advice_key_names_a_rule_and_every_rule_key_is_its_stored_name() {
    let rules = [
        Rule::EniExists,
        Rule::EniFree,
        Rule::EniOnSource,
        Rule::EniNotPrimary,
        Rule::EniAvailable,
        Rule::SourceState,
        Rule::InstanceExists,
        Rule::InstanceState,
        Rule::SameVpc,
        Rule::SameZone,
        Rule::FreeEniSlot,
        Rule::SecurityGroup,
    ];
    for rule in rules {
        assert_eq!(serde_json::to_value(rule).unwrap(), rule.key(), "{rule:?}");
    }
    for key in crate::catalog::advice_keys() {
        let (rule, situation) = key.split_once('.').expect("rule.situation");
        assert!(rules.iter().any(|r| r.key() == rule) && !situation.is_empty(), "{key}");
    }
}
