//! The seed's rules, checked before anything is sent: pure functions over the resources that
//! were described, one set per operation. Each failed rule names the code the service would
//! have answered, so the operator reads the same explanation either way. A plan that would
//! change nothing (the ENI is already where it would put it) is "done", not failed.

use crate::api::{AttachType, Instance, NetworkInterface, actions::EniLimit};
use crate::plan::{InstanceId, Kind, Plan};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The credential's account is in `allowed_accounts` (checked first, see `attach::account`).
    AccountAllowed,
    EniExists,
    /// Attach: the ENI is attached to nothing (and settled).
    EniFree,
    /// Detach and move: the ENI is attached to the instance named as its source.
    EniOnSource,
    /// Detach and move: the primary ENI never leaves its instance.
    EniNotPrimary,
    /// Detach and move: the ENI is not in the middle of another change.
    EniAvailable,
    /// Move: the source's state (a warning: the service may refuse an instance in transition).
    SourceState,
    InstanceExists,
    InstanceState,
    SameVpc,
    SameZone,
    FreeEniSlot,
    SecurityGroup,
}

impl Rule {
    /// The rule's name in the stored JSON and in advice keys.
    pub fn key(self) -> &'static str {
        match self {
            Rule::AccountAllowed => "account_allowed",
            Rule::EniExists => "eni_exists",
            Rule::EniFree => "eni_free",
            Rule::EniOnSource => "eni_on_source",
            Rule::EniNotPrimary => "eni_not_primary",
            Rule::EniAvailable => "eni_available",
            Rule::SourceState => "source_state",
            Rule::InstanceExists => "instance_exists",
            Rule::InstanceState => "instance_state",
            Rule::SameVpc => "same_vpc",
            Rule::SameZone => "same_zone",
            Rule::FreeEniSlot => "free_eni_slot",
            Rule::SecurityGroup => "security_group",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rule::AccountAllowed => "account is allowed",
            Rule::EniExists => "ENI exists",
            Rule::EniFree => "ENI is not attached",
            Rule::EniOnSource => "ENI is attached to the source",
            Rule::EniNotPrimary => "ENI is not a primary ENI",
            Rule::EniAvailable => "ENI is AVAILABLE",
            Rule::SourceState => "source is RUNNING or STOPPED",
            Rule::InstanceExists => "instance exists",
            Rule::InstanceState => "instance is RUNNING or STOPPED",
            Rule::SameVpc => "same VPC",
            Rule::SameZone => "ENI subnet's zone = instance zone",
            Rule::FreeEniSlot => "instance has a free ENI slot",
            Rule::SecurityGroup => "ENI has a security group",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// Worth knowing, does not block.
    Warn,
    /// Could not be checked because an earlier rule failed, or there is nothing to do.
    Skipped,
    /// The ENI is already where the plan puts it: nothing to send.
    Done,
}

impl Status {
    /// The one-character mark a list of verdicts shows.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pass => "✓",
            Status::Fail => "✗",
            Status::Warn => "!",
            Status::Skipped => "-",
            Status::Done => "=",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub rule: Rule,
    pub status: Status,
    pub reason: String,
    /// The code the service would answer when this rule fails.
    pub code: Option<&'static str>,
    /// What to do about it, for the state actually found (`assets/errors.toml`, `[advice]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<&'static str>,
}

impl Verdict {
    /// Attach the advice for `rule.situation` (a key of the asset's `[advice]` table).
    fn advise(self, situation: &str) -> Verdict {
        let key = format!("{}.{situation}", self.rule.key());
        Verdict { advice: crate::catalog::advice(&key), ..self }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Report {
    pub verdicts: Vec<Verdict>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.verdicts.iter().all(|v| v.status != Status::Fail)
    }

    pub fn failures(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts.iter().filter(|v| v.status == Status::Fail)
    }

    /// The verdict saying the plan is already carried out, if one does.
    pub fn already_done(&self) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.status == Status::Done)
    }
}

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
        let missing =
            fail(Rule::EniExists, "ResourceNotFound", format!("no ENI {} in this region", plan.eni));
        let mut verdicts = vec![missing.advise("missing")];
        verdicts.extend(rules_for(plan).into_iter().skip(1).map(skipped));
        return Report { verdicts };
    };
    let mut verdicts =
        vec![pass(Rule::EniExists, format!("{} in {} / {}", eni.id, eni.vpc_id, eni.subnet_id))];
    if let Some(done) = already_there_for(plan, eni) {
        let rest = rules_for(plan).into_iter().skip(1).filter(|r| *r != done.rule);
        let rest: Vec<Verdict> =
            rest.map(|rule| Verdict { reason: "nothing to do".into(), ..skipped(rule) }).collect();
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
            (rule, format!("{} is already attached to {to}: nothing to do", eni.id))
        }
        (Kind::Detach, _, None) => {
            (Rule::EniOnSource, format!("{} is attached to no instance: nothing to detach", eni.id))
        }
        _ => return None,
    };
    eni.is_settled().then_some(Verdict { rule, status: Status::Done, reason, code: None, advice: None })
}

/// A move's source offered as its destination: the ENI would not move.
pub fn the_source(instance: &str) -> Verdict {
    let reason = format!("{instance} is the source: moving there changes nothing");
    Verdict { rule: Rule::EniOnSource, status: Status::Done, reason, code: None, advice: None }
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
            || warn(Rule::SourceState, format!("{source} is not known to the service")),
            |ins| {
                match ins.state.as_str() {
                    "RUNNING" | "STOPPED" => pass(Rule::SourceState, ins.state.clone()),
                    other => warn(
                        Rule::SourceState,
                        format!("the source is {other}; the service may refuse the move"),
                    )
                    .advise("unusual"),
                }
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
    Verdict { rule, status: Status::Pass, reason, code: None, advice: None }
}

fn fail(rule: Rule, code: &'static str, reason: String) -> Verdict {
    Verdict { rule, status: Status::Fail, reason, code: Some(code), advice: None }
}

fn warn(rule: Rule, reason: String) -> Verdict {
    Verdict { rule, status: Status::Warn, reason, code: None, advice: None }
}

fn skipped(rule: Rule) -> Verdict {
    Verdict {
        rule,
        status: Status::Skipped,
        reason: "not checked: a resource was not found".into(),
        code: None,
        advice: None,
    }
}

fn instance_exists(id: &InstanceId, found: Option<&Instance>) -> Verdict {
    match found {
        Some(ins) => pass(Rule::InstanceExists, format!("{} ({})", ins.id, ins.name)),
        None => fail(Rule::InstanceExists, "ResourceNotFound", format!("no instance {id} in this region"))
            .advise("missing"),
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
            format!("{} is the primary ENI of {on}", eni.id),
        )
        .advise("primary"),
        // Settled on another instance; one in transition is told by its state, below.
        Some(on) if eni.is_settled() => fail(
            Rule::EniFree,
            "UnsupportedOperation.AttachmentAlreadyExists",
            format!("{} is attached to another instance, {on}", eni.id),
        )
        .advise("attached_elsewhere"),
        on if !eni.is_settled() => {
            let code = match (eni.state.as_str(), on) {
                ("ATTACHING", Some(_)) => "UnsupportedOperation.AttachmentAlreadyExists",
                _ => "UnsupportedOperation.InvalidState",
            };
            fail(Rule::EniAvailable, code, format!("{} is {}, not AVAILABLE", eni.id, eni.state))
                .advise("in_transition")
        }
        _ => pass(Rule::EniFree, "not attached to any instance".into()),
    }
}

/// Detach and move: the ENI is on `source`.
pub fn eni_on_source(eni: &NetworkInterface, source: &str) -> Verdict {
    let code = "UnsupportedOperation.InvalidState";
    match attached_instance(eni) {
        Some(on) if on == source => pass(Rule::EniOnSource, format!("attached to {source}")),
        Some(on) => fail(Rule::EniOnSource, code, format!("{} is attached to {on}, not to {source}", eni.id))
            .advise("elsewhere"),
        None => {
            fail(Rule::EniOnSource, code, format!("{} is attached to no instance", eni.id)).advise("detached")
        }
    }
}

/// Detach and move: a primary ENI never leaves its instance.
pub fn eni_not_primary(eni: &NetworkInterface) -> Verdict {
    if eni.primary {
        fail(Rule::EniNotPrimary, "UnsupportedOperation", format!("{} is its instance's primary ENI", eni.id))
            .advise("primary")
    } else {
        pass(Rule::EniNotPrimary, "secondary ENI".into())
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
        format!("{} is {}, not AVAILABLE", eni.id, eni.state),
    )
    .advise("in_transition")
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
    fail(
        Rule::InstanceState,
        "UnsupportedOperation.InvalidState",
        format!("the instance is {state}, not RUNNING or STOPPED"),
    )
    .advise(situation)
}

pub fn same_vpc(eni: &NetworkInterface, ins: &Instance) -> Verdict {
    let code = "UnsupportedOperation.VpcMismatch";
    match ins.vpc_id() {
        Some(vpc) if vpc == eni.vpc_id => pass(Rule::SameVpc, vpc.to_string()),
        Some(vpc) => {
            fail(Rule::SameVpc, code, format!("the ENI is in {}, the instance in {vpc}", eni.vpc_id))
                .advise("mismatch")
        }
        None => fail(Rule::SameVpc, code, "the instance is not in a VPC".into()).advise("no_vpc"),
    }
}

pub fn same_zone(eni: &NetworkInterface, ins: &Instance) -> Verdict {
    if eni.zone == ins.placement.zone {
        pass(Rule::SameZone, eni.zone.clone())
    } else {
        fail(
            Rule::SameZone,
            "UnsupportedOperation.ZoneMismatch",
            format!("the ENI's subnet is in {}, the instance in {}", eni.zone, ins.placement.zone),
        )
        .advise("mismatch")
    }
}

/// A free slot of the kind the plan attaches as, from the destination's limit and its ENIs.
pub fn free_slot(attach_type: Option<AttachType>, facts: &Facts) -> Verdict {
    let Some(limit) = &facts.limit else {
        return warn(Rule::FreeEniSlot, "the instance's ENI limit could not be read".into())
            .advise("unknown");
    };
    let (kind, quota, used) = match attach_type {
        Some(AttachType::Extended) => match limit.extend_eni_quantity {
            Some(quota) => ("extended ", quota, facts.attached_extended),
            None => {
                return warn(Rule::FreeEniSlot, "the service gives no extended-ENI quota for it".into())
                    .advise("unknown");
            }
        },
        _ => ("", limit.eni_quantity, facts.attached_to_destination.saturating_sub(facts.attached_extended)),
    };
    let used = used as u64;
    if quota == 0 {
        let reason = format!("its type takes no {kind}ENIs");
        return fail(Rule::FreeEniSlot, "LimitExceeded", reason).advise("none_allowed");
    }
    if used < quota {
        pass(Rule::FreeEniSlot, format!("{used} of {quota} {kind}ENIs in use"))
    } else {
        fail(Rule::FreeEniSlot, "LimitExceeded", format!("{used} of {quota} {kind}ENIs in use: none free"))
            .advise("full")
    }
}

pub fn security_group(eni: &NetworkInterface) -> Verdict {
    if eni.group_set.is_empty() {
        warn(Rule::SecurityGroup, "the ENI has no security group".into()).advise("none")
    } else {
        pass(Rule::SecurityGroup, eni.group_set.join(", "))
    }
}

#[cfg(test)]
pub(crate) mod tests;
