//! The seed's rules, checked before anything is sent: pure functions over the resources that
//! were described. Each failed rule names the code the service would have answered, so the
//! operator reads the same explanation either way.

use crate::api::{AttachType, Instance, NetworkInterface, actions::EniLimit};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    EniExists,
    EniFree,
    InstanceExists,
    InstanceState,
    SameVpc,
    SameZone,
    FreeEniSlot,
    SecurityGroup,
}

impl Rule {
    pub fn label(self) -> &'static str {
        match self {
            Rule::EniExists => "ENI exists",
            Rule::EniFree => "ENI is not attached",
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
    /// Could not be checked because an earlier rule failed.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub rule: Rule,
    pub status: Status,
    pub reason: String,
    /// The code the service would answer when this rule fails.
    pub code: Option<&'static str>,
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
}

/// What preflight described, for one (ENI, instance) pair.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub eni: Option<NetworkInterface>,
    pub instance: Option<Instance>,
    pub limit: Option<EniLimit>,
    /// ENIs attached to the instance now, its primary ENI included.
    pub attached_to_instance: usize,
    /// Of those, how many are extended (AttachType 1): extended ENIs have a quota of their own.
    pub attached_extended: usize,
    /// The AttachType that will be sent (None: the service's default, standard).
    pub attach_type: Option<AttachType>,
}

/// Check every rule; a rule that depends on a missing resource is Skipped, not failed twice.
pub fn check(eni_id: &str, instance_id: &str, facts: &Facts) -> Report {
    let mut verdicts = vec![eni_exists(eni_id, facts), instance_exists(instance_id, facts)];
    match (&facts.eni, &facts.instance) {
        (Some(eni), Some(instance)) => {
            verdicts.push(eni_free(eni, instance_id));
            verdicts.push(instance_state(instance));
            verdicts.push(same_vpc(eni, instance));
            verdicts.push(same_zone(eni, instance));
            verdicts.push(free_slot(facts));
        }
        _ => {
            for rule in [Rule::EniFree, Rule::InstanceState, Rule::SameVpc, Rule::SameZone, Rule::FreeEniSlot]
            {
                verdicts.push(skipped(rule));
            }
        }
    }
    // The security group needs only the ENI.
    verdicts.push(facts.eni.as_ref().map_or_else(|| skipped(Rule::SecurityGroup), security_group));
    verdicts.sort_by_key(|v| v.rule as u8);
    Report { verdicts }
}

fn pass(rule: Rule, reason: String) -> Verdict {
    Verdict { rule, status: Status::Pass, reason, code: None }
}

fn fail(rule: Rule, code: &'static str, reason: String) -> Verdict {
    Verdict { rule, status: Status::Fail, reason, code: Some(code) }
}

fn skipped(rule: Rule) -> Verdict {
    Verdict {
        rule,
        status: Status::Skipped,
        reason: "not checked: a resource was not found".into(),
        code: None,
    }
}

fn eni_exists(eni_id: &str, facts: &Facts) -> Verdict {
    match &facts.eni {
        Some(eni) => pass(Rule::EniExists, format!("{} in {} / {}", eni.id, eni.vpc_id, eni.subnet_id)),
        None => fail(Rule::EniExists, "ResourceNotFound", format!("no ENI {eni_id} in this region")),
    }
}

fn instance_exists(instance_id: &str, facts: &Facts) -> Verdict {
    match &facts.instance {
        Some(ins) => pass(Rule::InstanceExists, format!("{} ({})", ins.id, ins.name)),
        None => fail(
            Rule::InstanceExists,
            "ResourceNotFound",
            format!("no instance {instance_id} in this region"),
        ),
    }
}

fn eni_free(eni: &NetworkInterface, instance_id: &str) -> Verdict {
    match &eni.attachment {
        Some(a) if a.instance_id == instance_id => fail(
            Rule::EniFree,
            "UnsupportedOperation.AttachmentAlreadyExists",
            format!("{} is already attached to this instance", eni.id),
        ),
        Some(a) if !a.instance_id.is_empty() => fail(
            Rule::EniFree,
            "UnsupportedOperation.AttachmentAlreadyExists",
            format!("{} is attached to another instance, {}", eni.id, a.instance_id),
        ),
        _ if !matches!(eni.state.as_str(), "AVAILABLE" | "") => fail(
            Rule::EniFree,
            "UnsupportedOperation.InvalidState",
            format!("{} is {}; wait until it is AVAILABLE", eni.id, eni.state),
        ),
        _ => pass(Rule::EniFree, "not attached to any instance".into()),
    }
}

fn instance_state(ins: &Instance) -> Verdict {
    match ins.state.as_str() {
        "RUNNING" | "STOPPED" => pass(Rule::InstanceState, ins.state.clone()),
        other => fail(
            Rule::InstanceState,
            "UnsupportedOperation.InvalidState",
            format!("the instance is {other}; it must be RUNNING or STOPPED"),
        ),
    }
}

fn same_vpc(eni: &NetworkInterface, ins: &Instance) -> Verdict {
    match ins.vpc_id() {
        Some(vpc) if vpc == eni.vpc_id => pass(Rule::SameVpc, vpc.to_string()),
        Some(vpc) => fail(
            Rule::SameVpc,
            "UnsupportedOperation.VpcMismatch",
            format!("the ENI is in {}, the instance in {vpc}", eni.vpc_id),
        ),
        None => {
            fail(Rule::SameVpc, "UnsupportedOperation.VpcMismatch", "the instance is not in a VPC".into())
        }
    }
}

fn same_zone(eni: &NetworkInterface, ins: &Instance) -> Verdict {
    if eni.zone == ins.placement.zone {
        pass(Rule::SameZone, eni.zone.clone())
    } else {
        fail(
            Rule::SameZone,
            "UnsupportedOperation.ZoneMismatch",
            format!("the ENI's subnet is in {}, the instance in {}", eni.zone, ins.placement.zone),
        )
    }
}

fn free_slot(facts: &Facts) -> Verdict {
    let unknown = |reason: &str| Verdict {
        rule: Rule::FreeEniSlot,
        status: Status::Warn,
        reason: reason.into(),
        code: None,
    };
    let Some(limit) = &facts.limit else {
        return unknown("the instance's ENI limit could not be read");
    };
    let (kind, quota, used) = match facts.attach_type {
        Some(AttachType::Extended) => match limit.extend_eni_quantity {
            Some(quota) => ("extended ", quota, facts.attached_extended),
            None => return unknown("the service gives no extended-ENI quota for this instance"),
        },
        _ => ("", limit.eni_quantity, facts.attached_to_instance - facts.attached_extended),
    };
    let used = used as u64;
    if used < quota {
        pass(Rule::FreeEniSlot, format!("{used} of {quota} {kind}ENIs in use"))
    } else {
        fail(Rule::FreeEniSlot, "LimitExceeded", format!("all {quota} {kind}ENI slots are in use"))
    }
}

fn security_group(eni: &NetworkInterface) -> Verdict {
    if eni.group_set.is_empty() {
        Verdict {
            rule: Rule::SecurityGroup,
            status: Status::Warn,
            reason: "the ENI has no security group; bind one (AssociateNetworkInterfaceSecurityGroups)"
                .into(),
            code: None,
        }
    } else {
        pass(Rule::SecurityGroup, eni.group_set.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::actions::{Attachment, Placement, VirtualPrivateCloud};

    fn eni() -> NetworkInterface {
        NetworkInterface {
            id: "eni-aaaa1111".into(),
            vpc_id: "vpc-1".into(),
            subnet_id: "subnet-1".into(),
            zone: "ap-guangzhou-3".into(),
            group_set: vec!["sg-1".into()],
            state: "AVAILABLE".into(),
            ..Default::default()
        }
    }

    fn instance() -> Instance {
        Instance {
            id: "ins-bbbb2222".into(),
            state: "RUNNING".into(),
            placement: Placement { zone: "ap-guangzhou-3".into() },
            virtual_private_cloud: Some(VirtualPrivateCloud {
                vpc_id: "vpc-1".into(),
                subnet_id: "subnet-1".into(),
            }),
            ..Default::default()
        }
    }

    fn facts() -> Facts {
        Facts {
            eni: Some(eni()),
            instance: Some(instance()),
            limit: Some(EniLimit { eni_quantity: 2, extend_eni_quantity: Some(1) }),
            attached_to_instance: 1,
            attached_extended: 0,
            attach_type: None,
        }
    }

    fn failed_codes(f: &Facts) -> Vec<&'static str> {
        check("eni-aaaa1111", "ins-bbbb2222", f).failures().filter_map(|v| v.code).collect()
    }

    #[test]
    fn a_good_pair_passes_every_rule() {
        let report = check("eni-aaaa1111", "ins-bbbb2222", &facts());
        assert!(report.passed());
        assert_eq!(report.verdicts.len(), 8);
    }

    #[test]
    fn each_rule_names_the_code_the_service_would_answer() {
        let mut f = facts();
        f.eni = None;
        assert_eq!(failed_codes(&f), ["ResourceNotFound"]);

        let mut f = facts();
        f.eni.as_mut().unwrap().attachment =
            Some(Attachment { instance_id: "ins-cccc3333".into(), ..Default::default() });
        assert_eq!(failed_codes(&f), ["UnsupportedOperation.AttachmentAlreadyExists"]);
        let reason = &check("eni-aaaa1111", "ins-bbbb2222", &f).verdicts[1].reason;
        assert!(reason.contains("ins-cccc3333"), "{reason}");

        let mut f = facts();
        f.instance.as_mut().unwrap().state = "STARTING".into();
        assert_eq!(failed_codes(&f), ["UnsupportedOperation.InvalidState"]);

        let mut f = facts();
        f.instance.as_mut().unwrap().virtual_private_cloud.as_mut().unwrap().vpc_id = "vpc-2".into();
        assert_eq!(failed_codes(&f), ["UnsupportedOperation.VpcMismatch"]);

        let mut f = facts();
        f.instance.as_mut().unwrap().placement.zone = "ap-guangzhou-4".into();
        assert_eq!(failed_codes(&f), ["UnsupportedOperation.ZoneMismatch"]);

        let mut f = facts();
        f.attached_to_instance = 2;
        assert_eq!(failed_codes(&f), ["LimitExceeded"]);
    }

    #[test]
    fn no_security_group_warns_without_blocking() {
        let mut f = facts();
        f.eni.as_mut().unwrap().group_set.clear();
        let report = check("eni-aaaa1111", "ins-bbbb2222", &f);
        assert!(report.passed());
        assert!(report.verdicts.iter().any(|v| v.rule == Rule::SecurityGroup && v.status == Status::Warn));
    }

    #[test]
    fn a_missing_instance_skips_the_rules_that_need_it() {
        let mut f = facts();
        f.instance = None;
        let report = check("eni-aaaa1111", "ins-bbbb2222", &f);
        assert_eq!(failed_codes(&f), ["ResourceNotFound"]);
        assert_eq!(report.verdicts.iter().filter(|v| v.status == Status::Skipped).count(), 5);
        assert_eq!(report.verdicts.len(), 8, "every rule has a verdict");
    }

    #[test]
    fn extended_enis_are_counted_against_their_own_quota() {
        let mut f = facts();
        f.attach_type = Some(AttachType::Extended);
        assert!(check("eni-aaaa1111", "ins-bbbb2222", &f).passed());
        f.attached_to_instance = 2;
        f.attached_extended = 1;
        assert_eq!(failed_codes(&f), ["LimitExceeded"], "the one extended slot is taken");
        f.attach_type = None;
        assert!(check("eni-aaaa1111", "ins-bbbb2222", &f).passed(), "1 of 2 standard slots in use");
        f.attach_type = Some(AttachType::Extended);
        f.limit.as_mut().unwrap().extend_eni_quantity = None;
        let report = check("eni-aaaa1111", "ins-bbbb2222", &f);
        assert!(report.passed(), "an unknown quota warns, it does not block");
        assert!(report.verdicts.iter().any(|v| v.rule == Rule::FreeEniSlot && v.status == Status::Warn));
    }
}
