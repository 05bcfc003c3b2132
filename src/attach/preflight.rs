//! The seed's rules, checked before anything is sent: pure functions over the resources that
//! were described, one set per operation. Each failed rule names the code the service would
//! have answered, so the operator reads the same explanation either way. A plan that would
//! change nothing (the ENI is already where it would put it) is "done", not failed.

use crate::api::{AttachType, Instance, NetworkInterface, actions::EniLimit};
pub use crate::attempt::report::{NextStep, Report, Rule, Status, Verdict};
use crate::plan::{InstanceId, Kind, Plan};
use crate::tr;

/// What preflight described for one plan.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub eni: Option<NetworkInterface>,
    /// The instances the plan names that the service knows (one, or a move's two).
    pub instances: Vec<Instance>,
    /// The destination's ENI limit; None when it could not be read.
    pub limit: Option<EniLimit>,
    /// ENIs attached to the destination now, its primary ENI included.
    pub attached_to_destination: usize,
    /// Of those, how many are extended (AttachType 1): extended ENIs have a quota of their own.
    pub attached_extended: usize,
}

impl Facts {
    fn instance(&self, id: &InstanceId) -> Option<&Instance> {
        self.instances.iter().find(|i| i.id == id.as_str())
    }
}

/// Check every rule of the plan's operation; a rule that depends on a missing resource is
/// Skipped, not failed twice.
pub fn check(plan: &Plan, facts: &Facts) -> Report {
    let Some(eni) = &facts.eni else {
        let missing = fail(Rule::EniExists, "ResourceNotFound", tr!("pf-no-eni", eni = plan.eni.to_string()));
        let mut verdicts = vec![missing.advise("missing").suggesting(NextStep::PickEni)];
        verdicts.extend(rules_for(plan).into_iter().skip(1).map(skipped));
        return Report { verdicts };
    };
    let mut verdicts = vec![pass(
        Rule::EniExists,
        tr!("pf-eni-in", eni = eni.id.as_str(), vpc = eni.vpc_id.as_str(), subnet = eni.subnet_id.as_str()),
    )];
    if let Some(done) = already_there_for(plan, eni) {
        let rest = rules_for(plan).into_iter().skip(1).filter(|r| *r != done.rule);
        let rest: Vec<Verdict> =
            rest.map(|rule| Verdict { reason: tr!("pf-nothing-to-do"), ..skipped(rule) }).collect();
        verdicts.push(done);
        verdicts.extend(rest);
        verdicts.sort_by_key(|v| v.rule);
        return Report { verdicts };
    }
    if let Some(source) = plan.source() {
        verdicts.extend(source_rules(plan, source, eni, facts));
    } else {
        verdicts.push(eni_free(eni));
    }
    if let Some(destination) = plan.destination() {
        verdicts.extend(destination_rules(plan, destination, eni, facts));
    }
    verdicts.sort_by_key(|v| v.rule);
    Report { verdicts }
}

/// Every rule an operation is judged by, in display order.
fn rules_for(plan: &Plan) -> Vec<Rule> {
    use Rule::*;
    match plan.kind() {
        crate::plan::Kind::Attach => {
            vec![
                EniExists,
                EniFree,
                InstanceExists,
                InstanceState,
                SameVpc,
                SameZone,
                FreeEniSlot,
                SecurityGroup,
            ]
        }
        crate::plan::Kind::Detach => {
            vec![EniExists, EniOnSource, EniNotPrimary, EniAvailable, InstanceExists, InstanceState]
        }
        crate::plan::Kind::Move => vec![
            EniExists,
            EniOnSource,
            EniNotPrimary,
            EniAvailable,
            SourceState,
            InstanceExists,
            InstanceState,
            SameVpc,
            SameZone,
            FreeEniSlot,
            SecurityGroup,
        ],
    }
}

/// "Done" when the ENI already sits where the plan would put it (settled, not in transition).
fn already_there_for(plan: &Plan, eni: &NetworkInterface) -> Option<Verdict> {
    already_there(plan.kind(), plan.destination().map(InstanceId::as_str), eni)
}

/// "Done" when an ENI already sits where `kind` would put it: on `destination` (attach, move),
/// or on nothing (detach). Also asked by the pickers, for a candidate.
pub fn already_there(kind: Kind, destination: Option<&str>, eni: &NetworkInterface) -> Option<Verdict> {
    let on = attached_instance(eni);
    let (rule, reason) = match (kind, destination, on) {
        (Kind::Attach | Kind::Move, Some(to), Some(on)) if on == to => {
            let rule = if kind == Kind::Move { Rule::EniOnSource } else { Rule::EniFree };
            (rule, tr!("pf-already-on", eni = eni.id.as_str(), instance = to))
        }
        (Kind::Detach, _, None) => (Rule::EniOnSource, tr!("pf-nothing-to-detach", eni = eni.id.as_str())),
        _ => return None,
    };
    eni.is_settled().then_some(Verdict {
        rule,
        status: Status::Done,
        reason,
        code: None,
        advice: None,
        next: None,
    })
}

/// A move's source offered as its destination: the ENI would not move.
pub fn the_source(instance: &str) -> Verdict {
    let reason = tr!("pf-is-the-source", instance = instance);
    Verdict { rule: Rule::EniOnSource, status: Status::Done, reason, code: None, advice: None, next: None }
}

fn attached_instance(eni: &NetworkInterface) -> Option<&str> {
    eni.attachment.as_ref().map(|a| a.instance_id.as_str()).filter(|id| !id.is_empty())
}

/// Detach and move: the ENI must be on the source, secondary and settled.
fn source_rules(plan: &Plan, source: &InstanceId, eni: &NetworkInterface, facts: &Facts) -> Vec<Verdict> {
    let mut verdicts = vec![eni_on_source(eni, source.as_str()), eni_not_primary(eni), eni_available(eni)];
    let source_instance = facts.instance(source);
    match plan.destination() {
        // Move: the source may be dead; its state only warns.
        Some(_) => verdicts.push(source_instance.map_or_else(
            || warn(Rule::SourceState, tr!("pf-source-unknown", instance = source.to_string())),
            |ins| match ins.state.as_str() {
                "RUNNING" | "STOPPED" => pass(Rule::SourceState, ins.state.clone()),
                other => warn(Rule::SourceState, tr!("pf-source-state", state = other)).advise("unusual"),
            },
        )),
        // Detach: the instance itself is the one acted on.
        None => {
            verdicts.push(instance_exists(source, source_instance));
            verdicts.push(source_instance.map_or_else(|| skipped(Rule::InstanceState), instance_state));
        }
    }
    verdicts
}

/// Attach and move: the destination must exist, be settled, share the ENI's VPC and zone, and
/// have a free slot of the right kind.
fn destination_rules(plan: &Plan, to: &InstanceId, eni: &NetworkInterface, facts: &Facts) -> Vec<Verdict> {
    let Some(instance) = facts.instance(to) else {
        let mut verdicts = vec![instance_exists(to, None)];
        for rule in [Rule::InstanceState, Rule::SameVpc, Rule::SameZone, Rule::FreeEniSlot] {
            verdicts.push(skipped(rule));
        }
        verdicts.push(security_group(eni));
        return verdicts;
    };
    vec![
        instance_exists(to, Some(instance)),
        instance_state(instance),
        same_vpc(eni, instance),
        same_zone(eni, instance),
        free_slot(plan.attach_type(), facts),
        security_group(eni),
    ]
}

fn pass(rule: Rule, reason: String) -> Verdict {
    Verdict { rule, status: Status::Pass, reason, code: None, advice: None, next: None }
}

fn fail(rule: Rule, code: &'static str, reason: String) -> Verdict {
    Verdict { rule, status: Status::Fail, reason, code: Some(code.to_string()), advice: None, next: None }
}

fn warn(rule: Rule, reason: String) -> Verdict {
    Verdict { rule, status: Status::Warn, reason, code: None, advice: None, next: None }
}

fn skipped(rule: Rule) -> Verdict {
    Verdict {
        rule,
        status: Status::Skipped,
        reason: tr!("pf-not-checked"),
        code: None,
        advice: None,
        next: None,
    }
}

fn instance_exists(id: &InstanceId, found: Option<&Instance>) -> Verdict {
    match found {
        Some(ins) => pass(Rule::InstanceExists, format!("{} ({})", ins.id, ins.name)),
        None => {
            fail(Rule::InstanceExists, "ResourceNotFound", tr!("pf-no-instance", instance = id.to_string()))
                .advise("missing")
                .suggesting(NextStep::PickInstance)
        }
    }
}

/// Attach: the ENI is attached to nothing and settled. A primary ENI is told that it never
/// leaves its instance (not to move it); one in the middle of a change is judged by the rule it
/// really fails, "ENI is AVAILABLE" (busy), with the code the service answers: an ATTACHING
/// ENI already holds an attachment.
pub fn eni_free(eni: &NetworkInterface) -> Verdict {
    match attached_instance(eni) {
        Some(on) if eni.primary => fail(
            Rule::EniFree,
            "UnsupportedOperation.AttachmentAlreadyExists",
            tr!("pf-primary-of", eni = eni.id.as_str(), instance = on),
        )
        .advise("primary"),
        // Settled on another instance; one in transition is told by its state, below.
        Some(on) if eni.is_settled() => fail(
            Rule::EniFree,
            "UnsupportedOperation.AttachmentAlreadyExists",
            tr!("pf-attached-elsewhere", eni = eni.id.as_str(), instance = on),
        )
        .advise("attached_elsewhere")
        .suggesting(NextStep::SwitchToMove),
        on if !eni.is_settled() => {
            let code = match (eni.state.as_str(), on) {
                ("ATTACHING", Some(_)) => "UnsupportedOperation.AttachmentAlreadyExists",
                _ => "UnsupportedOperation.InvalidState",
            };
            fail(
                Rule::EniAvailable,
                code,
                tr!("pf-not-available", eni = eni.id.as_str(), state = eni.state.as_str()),
            )
            .advise("in_transition")
            .suggesting(NextStep::Reload)
        }
        _ => pass(Rule::EniFree, tr!("pf-not-attached")),
    }
}

/// Detach and move: the ENI is on `source`.
pub fn eni_on_source(eni: &NetworkInterface, source: &str) -> Verdict {
    let code = "UnsupportedOperation.InvalidState";
    match attached_instance(eni) {
        Some(on) if on == source => pass(Rule::EniOnSource, tr!("pf-attached-to", instance = source)),
        Some(on) => {
            fail(Rule::EniOnSource, code, tr!("pf-on-other", eni = eni.id.as_str(), on = on, source = source))
                .advise("elsewhere")
        }
        None => fail(Rule::EniOnSource, code, tr!("pf-on-nothing", eni = eni.id.as_str())).advise("detached"),
    }
}

/// Detach and move: a primary ENI never leaves its instance.
pub fn eni_not_primary(eni: &NetworkInterface) -> Verdict {
    if eni.primary {
        fail(Rule::EniNotPrimary, "UnsupportedOperation", tr!("pf-is-primary", eni = eni.id.as_str()))
            .advise("primary")
    } else {
        pass(Rule::EniNotPrimary, tr!("pf-secondary"))
    }
}

/// Detach and move: the ENI is not in the middle of another change.
pub fn eni_available(eni: &NetworkInterface) -> Verdict {
    if eni.is_settled() {
        return pass(Rule::EniAvailable, "AVAILABLE".into());
    }
    fail(
        Rule::EniAvailable,
        "UnsupportedOperation.InvalidState",
        tr!("pf-not-available", eni = eni.id.as_str(), state = eni.state.as_str()),
    )
    .advise("in_transition")
    .suggesting(NextStep::Reload)
}

/// Instance states the service moves out of by itself, and those it never comes back from.
const INSTANCE_IN_TRANSITION: &[&str] = &["PENDING", "STARTING", "STOPPING", "REBOOTING"];
const INSTANCE_GONE: &[&str] = &["TERMINATING", "SHUTDOWN", "LAUNCH_FAILED"];

/// The instance acted on is RUNNING or STOPPED.
pub fn instance_state(ins: &Instance) -> Verdict {
    let state = ins.state.as_str();
    if matches!(state, "RUNNING" | "STOPPED") {
        return pass(Rule::InstanceState, ins.state.clone());
    }
    let situation = if INSTANCE_IN_TRANSITION.contains(&state) {
        "in_transition"
    } else if INSTANCE_GONE.contains(&state) {
        "gone"
    } else {
        "other"
    };
    fail(Rule::InstanceState, "UnsupportedOperation.InvalidState", tr!("pf-instance-state", state = state))
        .advise(situation)
}

pub fn same_vpc(eni: &NetworkInterface, ins: &Instance) -> Verdict {
    let code = "UnsupportedOperation.VpcMismatch";
    match ins.vpc_id() {
        Some(vpc) if vpc == eni.vpc_id => pass(Rule::SameVpc, vpc.to_string()),
        Some(vpc) => fail(
            Rule::SameVpc,
            code,
            tr!("pf-vpc-mismatch", eni_vpc = eni.vpc_id.as_str(), instance_vpc = vpc),
        )
        .advise("mismatch"),
        None => fail(Rule::SameVpc, code, tr!("pf-no-vpc")).advise("no_vpc"),
    }
}

pub fn same_zone(eni: &NetworkInterface, ins: &Instance) -> Verdict {
    if eni.zone == ins.placement.zone {
        pass(Rule::SameZone, eni.zone.clone())
    } else {
        fail(
            Rule::SameZone,
            "UnsupportedOperation.ZoneMismatch",
            tr!(
                "pf-zone-mismatch",
                eni_zone = eni.zone.as_str(),
                instance_zone = ins.placement.zone.as_str()
            ),
        )
        .advise("mismatch")
    }
}

/// A free slot of the kind the plan attaches as, from the destination's limit and its ENIs.
pub fn free_slot(attach_type: Option<AttachType>, facts: &Facts) -> Verdict {
    let Some(limit) = &facts.limit else {
        return warn(Rule::FreeEniSlot, tr!("pf-limit-unread")).advise("unknown");
    };
    let (kind, quota, used) = match attach_type {
        Some(AttachType::Extended) => match limit.extend_eni_quantity {
            Some(quota) => ("extended", quota, facts.attached_extended),
            None => {
                return warn(Rule::FreeEniSlot, tr!("pf-no-extended-quota")).advise("unknown");
            }
        },
        _ => (
            "standard",
            limit.eni_quantity,
            facts.attached_to_destination.saturating_sub(facts.attached_extended),
        ),
    };
    let used = used as u64;
    if quota == 0 {
        let reason = tr!("pf-takes-none", kind = kind);
        return fail(Rule::FreeEniSlot, "LimitExceeded", reason)
            .advise("none_allowed")
            .suggesting(NextStep::SwitchAttachType);
    }
    if used < quota {
        pass(Rule::FreeEniSlot, tr!("pf-slots", used = used, quota = quota, kind = kind))
    } else {
        fail(
            Rule::FreeEniSlot,
            "LimitExceeded",
            tr!("pf-slots-full", used = used, quota = quota, kind = kind),
        )
        .advise("full")
    }
}

pub fn security_group(eni: &NetworkInterface) -> Verdict {
    if eni.group_set.is_empty() {
        warn(Rule::SecurityGroup, tr!("pf-no-security-group")).advise("none")
    } else {
        pass(Rule::SecurityGroup, eni.group_set.join(", "))
    }
}

#[cfg(test)]
pub(crate) mod tests;
