use super::*;
use crate::api::EndpointRule;
use crate::api::actions::EniLimit;
use crate::attach::preflight::tests::{eni_named, instance};
use crate::plan::{Kind, PlanInput};

const R: &str = "ap-guangzhou";

fn eni(id: &str, on: Option<&str>) -> NetworkInterface {
    let attachment =
        on.map(|i| Attachment { instance_id: i.into(), device_index: Some(1), attach_time: None });
    NetworkInterface { attachment, ..eni_named(id) }
}

/// Instances with an ENI limit each, and ENIs on them (or on nothing).
fn world(instances: &[(&str, u64)], enis: &[(&str, Option<&str>)]) -> Described {
    let k = |id: &str| (R.to_string(), id.to_string());
    Described {
        enis: enis.iter().map(|(id, on)| (k(id), eni(id, *on))).collect(),
        instances: instances.iter().map(|(id, _)| (k(id), instance(id))).collect(),
        limits: instances
            .iter()
            .map(|(id, n)| (k(id), EniLimit { eni_quantity: *n, extend_eni_quantity: Some(0) }))
            .collect(),
    }
}

fn step(number: usize, kind: Kind, eni: &str, a: &str, b: &str) -> Step {
    let input = match kind {
        Kind::Move => PlanInput::move_between(R, eni, a, b),
        _ => PlanInput::new(kind, R, eni, a),
    };
    Step { number, plan: Plan::new(&input, &EndpointRule::default()).unwrap(), position: (number, 1) }
}

fn attach(n: usize, eni: &str, to: &str) -> Step {
    step(n, Kind::Attach, eni, to, "")
}
fn detach(n: usize, eni: &str, from: &str) -> Step {
    step(n, Kind::Detach, eni, from, "")
}
fn moved(n: usize, eni: &str, from: &str, to: &str) -> Step {
    step(n, Kind::Move, eni, from, to)
}

fn blocked(check: &Check, step: usize) -> &Blocked {
    match &check.steps[step - 1].verdict {
        Verdict::Blocked(b) => b,
        other => panic!("step {step} is {other:?}"),
    }
}

/// Each step alone passes against the world as described.
fn each_alone_passes(steps: &[Step], w: &Described) {
    for s in steps {
        let alone = check(std::slice::from_ref(s), w, &HashMap::new());
        assert!(alone.runnable(), "step {} alone: {:?}", s.number, alone.steps[0].verdict);
    }
}

#[test]
fn slots_are_counted_across_steps() {
    // ins-full0001 holds 2 ENIs: its primary and one more, so one free slot.
    let w = world(
        &[("ins-full0001", 2)],
        &[("eni-prim0001", Some("ins-full0001")), ("eni-aaaa0001", None), ("eni-bbbb0001", None)],
    );
    let steps = [attach(1, "eni-aaaa0001", "ins-full0001"), attach(2, "eni-bbbb0001", "ins-full0001")];
    each_alone_passes(&steps, &w);
    let found = check(&steps, &w, &HashMap::new());
    assert!(!found.runnable());
    assert_eq!(found.steps[0].verdict, Verdict::Run);
    let b = blocked(&found, 2);
    assert_eq!((b.rule, b.after_step, b.passes_alone), (Rule::FreeEniSlot, Some(1), true));
    assert_eq!(b.reason, "2 of 2 ENIs in use: none free");
}

#[test]
fn a_slot_taken_by_a_move_is_taken_for_an_attach() {
    let w = world(
        &[("ins-dead0001", 4), ("ins-full0001", 2)],
        &[
            ("eni-prim0001", Some("ins-full0001")),
            ("eni-mig00001", Some("ins-dead0001")),
            ("eni-aaaa0001", None),
        ],
    );
    let steps =
        [moved(1, "eni-mig00001", "ins-dead0001", "ins-full0001"), attach(2, "eni-aaaa0001", "ins-full0001")];
    each_alone_passes(&steps, &w);
    assert_eq!(blocked(&check(&steps, &w, &HashMap::new()), 2).rule, Rule::FreeEniSlot);
}

#[test]
fn an_eni_moved_cannot_then_be_detached_from_where_it_was() {
    let w = world(&[("ins-dead0001", 4), ("ins-stby0001", 4)], &[("eni-mig00001", Some("ins-dead0001"))]);
    let steps =
        [moved(1, "eni-mig00001", "ins-dead0001", "ins-stby0001"), detach(2, "eni-mig00001", "ins-dead0001")];
    each_alone_passes(&steps, &w);
    let b = blocked(&check(&steps, &w, &HashMap::new()), 2).clone();
    assert_eq!((b.rule, b.after_step), (Rule::EniOnSource, Some(1)));
    assert!(b.reason.contains("attached to ins-stby0001, not to ins-dead0001"), "{}", b.reason);
    // Detached from where the move put it, it is fine.
    let fine =
        [moved(1, "eni-mig00001", "ins-dead0001", "ins-stby0001"), detach(2, "eni-mig00001", "ins-stby0001")];
    assert!(check(&fine, &w, &HashMap::new()).runnable());
}

#[test]
fn the_same_eni_claimed_twice_is_refused() {
    let w = world(&[("ins-aaaa0001", 4), ("ins-bbbb0001", 4)], &[("eni-free0001", None)]);
    let steps = [attach(1, "eni-free0001", "ins-aaaa0001"), attach(2, "eni-free0001", "ins-bbbb0001")];
    each_alone_passes(&steps, &w);
    let b = blocked(&check(&steps, &w, &HashMap::new()), 2).clone();
    assert_eq!((b.rule, b.after_step, b.passes_alone), (Rule::EniFree, Some(1), true));
}

#[test]
fn an_order_that_cannot_work_says_which_order_can() {
    // The standby is full until the old ENI leaves it, which the runbook does one step too late.
    let w = world(
        &[("ins-stby0001", 2)],
        &[
            ("eni-prim0001", Some("ins-stby0001")),
            ("eni-old00001", Some("ins-stby0001")),
            ("eni-new00001", None),
        ],
    );
    let steps = [attach(1, "eni-new00001", "ins-stby0001"), detach(2, "eni-old00001", "ins-stby0001")];
    let found = check(&steps, &w, &HashMap::new());
    let b = blocked(&found, 1);
    assert_eq!(b.rule, Rule::FreeEniSlot);
    assert_eq!(b.advice, "step 2 makes room for it: put step 1 after step 2");
    let swapped = [detach(1, "eni-old00001", "ins-stby0001"), attach(2, "eni-new00001", "ins-stby0001")];
    assert!(check(&swapped, &w, &HashMap::new()).runnable());
}

#[test]
fn a_step_already_carried_out_is_done_and_a_later_one_sees_it() {
    let w = world(&[("ins-stby0001", 4)], &[("eni-mig00001", Some("ins-stby0001"))]);
    let steps = [attach(1, "eni-mig00001", "ins-stby0001"), detach(2, "eni-mig00001", "ins-stby0001")];
    let found = check(&steps, &w, &HashMap::new());
    assert_eq!(found.steps[0].verdict, Verdict::AlreadyDone { by: Done::World });
    assert_eq!(found.steps[1].verdict, Verdict::Run);
}

#[test]
fn steps_wait_only_for_earlier_steps_on_their_eni_or_a_slot_they_take() {
    let steps = [
        moved(1, "eni-aaaa0001", "ins-dead0001", "ins-stby0001"),
        moved(2, "eni-bbbb0001", "ins-dead0002", "ins-stby0002"),
        attach(3, "eni-cccc0001", "ins-stby0001"),
        detach(4, "eni-aaaa0001", "ins-stby0001"),
        attach(5, "eni-dddd0001", "ins-other001"),
        // Takes the slot step 1 frees on the dead host: after step 1.
        attach(6, "eni-eeee0001", "ins-dead0001"),
        // Takes a slot on the standby that step 4 frees.
        attach(7, "eni-ffff0001", "ins-stby0001"),
    ];
    assert_eq!(
        dependencies(&steps),
        [vec![], vec![], vec![], vec![1], vec![], vec![1], vec![4]],
        "attaches to one instance run side by side; a slot freed then taken keeps file order"
    );
}

#[test]
fn attaches_of_different_enis_to_one_instance_all_run_at_once() {
    let steps: Vec<Step> = (1..=5).map(|n| attach(n, &format!("eni-para000{n}"), "ins-stby0001")).collect();
    assert!(dependencies(&steps).iter().all(Vec::is_empty));
    let names: Vec<String> = (1..=5).map(|n| format!("eni-para000{n}")).collect();
    let enis: Vec<(&str, Option<&str>)> = names.iter().map(|e| (e.as_str(), None)).collect();
    let w = world(&[("ins-stby0001", 5)], &enis);
    let found = check(&steps, &w, &HashMap::new());
    assert!(found.runnable(), "the five slots are counted whole: each may go at once");
}

#[test]
fn a_chain_an_earlier_apply_carried_out_is_done_as_far_as_the_eni_got() {
    // detach from the dead host, attach to the standby: the ENI is on the standby already.
    let w = world(&[("ins-dead0001", 4), ("ins-stby0001", 4)], &[("eni-bk000001", Some("ins-stby0001"))]);
    let steps = [detach(1, "eni-bk000001", "ins-dead0001"), attach(2, "eni-bk000001", "ins-stby0001")];
    let found = check(&steps, &w, &HashMap::new());
    assert_eq!(found.steps[0].verdict, Verdict::AlreadyDone { by: Done::LaterStep { step: 2 } });
    assert_eq!(found.steps[1].verdict, Verdict::AlreadyDone { by: Done::World });
    // Half way: detached, not attached yet.
    let w = world(&[("ins-dead0001", 4), ("ins-stby0001", 4)], &[("eni-bk000001", None)]);
    let found = check(&steps, &w, &HashMap::new());
    assert_eq!(found.steps[0].verdict, Verdict::AlreadyDone { by: Done::World });
    assert_eq!(found.steps[1].verdict, Verdict::Run);
}

#[test]
fn a_round_trip_is_not_started_unless_the_history_says_so() {
    let w = world(&[("ins-aaaa0001", 4), ("ins-bbbb0001", 4)], &[("eni-rt000001", Some("ins-aaaa0001"))]);
    let steps = [
        moved(1, "eni-rt000001", "ins-aaaa0001", "ins-bbbb0001"),
        moved(2, "eni-rt000001", "ins-bbbb0001", "ins-aaaa0001"),
    ];
    assert!(check(&steps, &w, &HashMap::new()).steps.iter().all(|s| s.verdict == Verdict::Run));
    let done = HashMap::from([(1, 7), (2, 8)]);
    let found = check(&steps, &w, &done);
    assert_eq!(found.steps[1].verdict, Verdict::AlreadyDone { by: Done::History { attempt: 8 } });
}
