//! The pickers' judgement agrees with preflight: whatever a picker calls a good pick, preflight
//! passes, and every rule a picker names is one preflight fails.

use super::*;
use crate::api::EndpointRule;
use crate::api::actions::{Attachment, Placement, VirtualPrivateCloud};
use crate::attach::preflight::{Report, Rule, check};
use crate::plan::{Plan, PlanInput};

const ENI: &str = "eni-aaaa1111";
const INS: &str = "ins-bbbb2222";
const OTHER: &str = "ins-cccc3333";

fn eni(state: &str, on: Option<&str>, vpc: &str) -> NetworkInterface {
    NetworkInterface {
        id: ENI.into(),
        vpc_id: vpc.into(),
        subnet_id: "subnet-1".into(),
        zone: "z-1".into(),
        group_set: vec!["sg-1".into()],
        state: state.into(),
        attachment: on.map(|i| Attachment { instance_id: i.into(), ..Default::default() }),
        ..Default::default()
    }
}

fn instance(id: &str, state: &str, zone: &str) -> Instance {
    Instance {
        id: id.into(),
        state: state.into(),
        placement: Placement { zone: zone.into() },
        virtual_private_cloud: Some(VirtualPrivateCloud { vpc_id: "vpc-1".into(), subnet_id: "s".into() }),
        ..Default::default()
    }
}

fn preflight(
    kind: Kind,
    eni: &NetworkInterface,
    to: &Instance,
    from: Option<&Instance>,
    used: usize,
) -> Report {
    let input = match (kind, from) {
        (Kind::Move, Some(from)) => PlanInput::move_between("ap-guangzhou", ENI, &from.id, &to.id),
        _ => PlanInput::new(kind, "ap-guangzhou", ENI, &to.id),
    };
    let plan = Plan::new(&input, &EndpointRule::default()).unwrap();
    let facts = Facts {
        eni: Some(eni.clone()),
        instances: [Some(to.clone()), from.cloned()].into_iter().flatten().collect(),
        limit: Some(EniLimit { eni_quantity: 2, extend_eni_quantity: Some(0) }),
        attached_to_destination: used,
        attached_extended: 0,
    };
    check(&plan, &facts)
}

const DESTINATION_RULES: [Rule; 4] = [Rule::InstanceState, Rule::SameVpc, Rule::SameZone, Rule::FreeEniSlot];

#[test]
fn a_destination_is_judged_exactly_as_preflight_judges_it() {
    let mut cases = 0;
    for eni_state in ["AVAILABLE", "PENDING", "DETACHING"] {
        for on in [None, Some(INS), Some(OTHER)] {
            for vpc in ["vpc-1", "vpc-2"] {
                for state in ["RUNNING", "STOPPED", "STOPPING", "TERMINATING"] {
                    for zone in ["z-1", "z-2"] {
                        for used in [1, 2] {
                            let e = eni(eni_state, on, vpc);
                            let to = instance(INS, state, zone);
                            let chosen = Chosen { eni: Some(&e), ..Chosen::default() };
                            let slots = Slots::Known {
                                limit: EniLimit { eni_quantity: 2, extend_eni_quantity: Some(0) },
                                attached: used,
                                extended: 0,
                            };
                            let judged =
                                judge_instance(Kind::Attach, Role::Destination, &to, &chosen, &slots);
                            let report = preflight(Kind::Attach, &e, &to, None, used);
                            agree(&judged, &report, &DESTINATION_RULES);
                            cases += 1;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(cases, 288);
}

/// The picker's judgement of the candidate matches preflight's report on the rules that are
/// about the candidate (the others are the ENI's, shown on its own row).
fn agree(judged: &Judgement, report: &Report, about: &[Rule]) {
    let failed: Vec<Rule> = report.failures().map(|v| v.rule).filter(|r| about.contains(r)).collect();
    match judged {
        Judgement::AlreadyThere(v) => assert_eq!(report.already_done(), Some(v), "{report:?}"),
        Judgement::Ineligible(verdicts) => {
            let named: Vec<Rule> = verdicts.iter().map(|v| v.rule).collect();
            assert_eq!(named, failed, "{report:?}");
            for v in verdicts {
                assert!(report.verdicts.contains(v), "the same verdict, reason and advice: {v:?}");
            }
        }
        Judgement::Eligible { .. } => {
            assert!(failed.is_empty() && report.already_done().is_none(), "{report:?}")
        }
        Judgement::Checking => panic!("the slots were known"),
    }
}

#[test]
fn an_eni_is_judged_exactly_as_preflight_judges_it_for_each_operation() {
    let to = instance(INS, "RUNNING", "z-1");
    let from = instance(OTHER, "RUNNING", "z-1");
    let eni_rules = [
        Rule::EniFree,
        Rule::EniOnSource,
        Rule::EniNotPrimary,
        Rule::EniAvailable,
        Rule::SameVpc,
        Rule::SameZone,
    ];
    for state in ["AVAILABLE", "ATTACHING", "DETACHING", "PENDING", ""] {
        for on in [None, Some(INS), Some(OTHER)] {
            for primary in [false, true] {
                let mut e = eni(state, on, "vpc-1");
                e.primary = primary;
                let attach = Chosen { destination: Some(&to), ..Chosen::default() };
                agree(
                    &judge_eni(Kind::Attach, &e, &attach),
                    &preflight(Kind::Attach, &e, &to, None, 1),
                    &eni_rules,
                );
                let detach = Chosen { source: Some(INS), ..Chosen::default() };
                agree(
                    &judge_eni(Kind::Detach, &e, &detach),
                    &preflight(Kind::Detach, &e, &to, None, 1),
                    &eni_rules,
                );
                let moving = Chosen { source: Some(OTHER), destination: Some(&to), ..Chosen::default() };
                let report = preflight(Kind::Move, &e, &to, Some(&from), 1);
                agree(&judge_eni(Kind::Move, &e, &moving), &report, &eni_rules);
            }
        }
    }
}

#[test]
fn transitional_states_are_never_eligible() {
    for state in ["PENDING", "ATTACHING", "DETACHING", "DELETING", "MODIFYING"] {
        for on in [None, Some(INS)] {
            let e = eni(state, on, "vpc-1");
            for kind in [Kind::Attach, Kind::Detach, Kind::Move] {
                let chosen = Chosen { source: on, ..Chosen::default() };
                assert!(!judge_eni(kind, &e, &chosen).eligible(), "{state} {on:?} {kind:?}");
            }
        }
    }
    let e = eni("AVAILABLE", None, "vpc-1");
    let chosen = Chosen { eni: Some(&e), ..Chosen::default() };
    for state in ["PENDING", "STARTING", "STOPPING", "REBOOTING", "TERMINATING"] {
        let to = instance(INS, state, "z-1");
        assert!(!judge_instance(Kind::Attach, Role::Destination, &to, &chosen, &Slots::Unknown).eligible());
    }
}

#[test]
fn checking_until_the_limit_is_in_but_a_known_refusal_is_said_at_once() {
    let e = eni("AVAILABLE", None, "vpc-1");
    let chosen = Chosen { eni: Some(&e), ..Chosen::default() };
    let good = instance(INS, "RUNNING", "z-1");
    let judged = judge_instance(Kind::Attach, Role::Destination, &good, &chosen, &Slots::Checking);
    assert_eq!(judged, Judgement::Checking);
    let far = instance(INS, "RUNNING", "z-2");
    let judged = judge_instance(Kind::Attach, Role::Destination, &far, &chosen, &Slots::Checking);
    assert!(matches!(judged, Judgement::Ineligible(_)), "{judged:?}");
}
