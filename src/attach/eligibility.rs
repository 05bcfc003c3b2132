//! Which candidates a picker may offer, judged by preflight's own rule functions (one code path:
//! a row marked eligible is one preflight would pass, given what is known so far). Pure: the
//! caller passes what is already chosen and the facts it has listed.

use super::preflight::{self, Facts, Status, Verdict};
use crate::api::{AttachType, Instance, NetworkInterface, actions::EniLimit};
use crate::plan::Kind;

/// What the picker's candidate would be in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The ENI acted on.
    Eni,
    /// Detach's instance, move's source: where the ENI is now.
    Source,
    /// Attach's instance, move's destination: where the ENI goes.
    Destination,
}

impl Role {
    /// The role of the instance field for an operation.
    pub fn of_instance_field(kind: Kind, destination_field: bool) -> Role {
        match (kind, destination_field) {
            (Kind::Attach, _) | (Kind::Move, true) => Role::Destination,
            _ => Role::Source,
        }
    }
}

/// What the form already holds: each is the listed resource when the typed ID names one.
#[derive(Debug, Clone, Copy, Default)]
pub struct Chosen<'a> {
    pub eni: Option<&'a NetworkInterface>,
    /// Detach's instance or move's source, by ID (the source may be gone from the listing).
    pub source: Option<&'a str>,
    pub destination: Option<&'a Instance>,
    pub attach_type: Option<AttachType>,
}

/// How full a destination is, as far as is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slots {
    /// Its limit is being asked for.
    Checking,
    /// Its limit, and the ENIs on it now (all, and the extended ones).
    Known { limit: EniLimit, attached: usize, extended: usize },
    /// The limit could not be read: the rule warns, as preflight's does.
    Unknown,
}

/// A candidate, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// Every rule known passes (warnings kept, to show).
    Eligible { warnings: Vec<Verdict> },
    /// Nothing failed so far, but the slot limit is not in yet: not a pick until it is.
    Checking,
    /// The ENI is already where this pick would put it: nothing to do, so not offered.
    AlreadyThere(Verdict),
    /// The failed rules, each with its reason and advice.
    Ineligible(Vec<Verdict>),
}

impl Judgement {
    pub fn eligible(&self) -> bool {
        matches!(self, Judgement::Eligible { .. })
    }

    /// Sort key: eligible first, then still checking, then nothing to do, then refused.
    pub fn rank(&self) -> u8 {
        match self {
            Judgement::Eligible { .. } => 0,
            Judgement::Checking => 1,
            Judgement::AlreadyThere(_) => 2,
            Judgement::Ineligible(_) => 3,
        }
    }

    fn from_verdicts(verdicts: Vec<Verdict>, checking: bool) -> Judgement {
        let failed: Vec<Verdict> = verdicts.iter().filter(|v| v.status == Status::Fail).cloned().collect();
        if !failed.is_empty() {
            return Judgement::Ineligible(failed);
        }
        if checking {
            return Judgement::Checking;
        }
        Judgement::Eligible { warnings: verdicts.into_iter().filter(|v| v.status == Status::Warn).collect() }
    }
}

/// An ENI as the candidate for `kind`, given the instance(s) already chosen.
pub fn judge_eni(kind: Kind, eni: &NetworkInterface, chosen: &Chosen) -> Judgement {
    let destination = chosen.destination.filter(|_| kind != Kind::Detach);
    let target = match kind {
        Kind::Detach => None,
        _ => destination.map(|d| d.id.as_str()),
    };
    if let Some(done) = preflight::already_there(kind, target, eni) {
        return Judgement::AlreadyThere(done);
    }
    let mut verdicts = match kind {
        Kind::Attach => vec![preflight::eni_free(eni)],
        Kind::Detach | Kind::Move => source_verdicts(eni, chosen.source),
    };
    if let Some(instance) = destination {
        verdicts.push(preflight::same_vpc(eni, instance));
        verdicts.push(preflight::same_zone(eni, instance));
    }
    Judgement::from_verdicts(verdicts, false)
}

/// Detach and move: on the source (or, with none chosen yet, on some instance), secondary,
/// settled.
fn source_verdicts(eni: &NetworkInterface, source: Option<&str>) -> Vec<Verdict> {
    let attached_to = eni.attachment.as_ref().map(|a| a.instance_id.as_str()).filter(|id| !id.is_empty());
    let on_source = match (source, attached_to) {
        (Some(source), _) => Some(preflight::eni_on_source(eni, source)),
        // No source chosen: any instance will do, but attached to nothing is not a candidate.
        (None, None) => Some(preflight::eni_on_source(eni, "")),
        (None, Some(_)) => None,
    };
    on_source.into_iter().chain([preflight::eni_not_primary(eni), preflight::eni_available(eni)]).collect()
}

/// An instance as the candidate in `role` for `kind`, given the ENI (and source) chosen.
pub fn judge_instance(
    kind: Kind,
    role: Role,
    instance: &Instance,
    chosen: &Chosen,
    slots: &Slots,
) -> Judgement {
    match role {
        Role::Destination => judge_destination(kind, instance, chosen, slots),
        Role::Source | Role::Eni => judge_source(kind, instance, chosen),
    }
}

fn judge_destination(kind: Kind, instance: &Instance, chosen: &Chosen, slots: &Slots) -> Judgement {
    if let Some(eni) = chosen.eni
        && let Some(done) = preflight::already_there(kind, Some(&instance.id), eni)
    {
        return Judgement::AlreadyThere(done);
    }
    if chosen.source == Some(instance.id.as_str()) {
        return Judgement::AlreadyThere(preflight::the_source(&instance.id));
    }
    let mut verdicts = vec![preflight::instance_state(instance)];
    if let Some(eni) = chosen.eni {
        verdicts.push(preflight::same_vpc(eni, instance));
        verdicts.push(preflight::same_zone(eni, instance));
    }
    let checking = match slots {
        Slots::Checking => true,
        Slots::Known { limit, attached, extended } => {
            let facts = Facts {
                limit: Some(limit.clone()),
                attached_to_destination: *attached,
                attached_extended: *extended,
                ..Facts::default()
            };
            verdicts.push(preflight::free_slot(chosen.attach_type, &facts));
            false
        }
        Slots::Unknown => {
            verdicts.push(preflight::free_slot(chosen.attach_type, &Facts::default()));
            false
        }
    };
    Judgement::from_verdicts(verdicts, checking)
}

fn judge_source(kind: Kind, instance: &Instance, chosen: &Chosen) -> Judgement {
    let mut verdicts = Vec::new();
    if let Some(eni) = chosen.eni {
        verdicts.push(preflight::eni_on_source(eni, &instance.id));
    }
    // Detach acts on the instance itself; a move's source may be dead (its state only warns).
    if kind == Kind::Detach {
        verdicts.push(preflight::instance_state(instance));
    }
    Judgement::from_verdicts(verdicts, false)
}

#[cfg(test)]
mod tests;
