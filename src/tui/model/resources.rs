//! The region's ENIs and instances as the pickers list them, each row judged by preflight's own
//! rules ([`crate::attach::eligibility`]) against what the form already holds. Pure functions
//! over what the API returned.

use super::{FormPane, Load};
use crate::api::{AttachType, Instance, NetworkInterface, actions::EniLimit};
use crate::attach::eligibility::{self, Chosen, Judgement, Role, Slots};
use crate::plan::Kind;
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// An instance's ENI limit, as far as the app knows it. Limits are static per instance type, so
/// they are kept across reloads of the same region and asked again only on Ctrl-R.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotLimit {
    Checking,
    Known(EniLimit),
    /// Asked, and the service did not answer.
    Unknown,
}

/// What the pickers list, for one region.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    pub region: String,
    pub enis: Load<Vec<NetworkInterface>>,
    pub instances: Load<Vec<Instance>>,
    /// ENI limits of the instances asked about (only those a picker showed).
    pub limits: BTreeMap<String, SlotLimit>,
}

impl Resources {
    pub fn for_region(region: &str) -> Self {
        Resources {
            region: region.to_string(),
            enis: Load::Loading,
            instances: Load::Loading,
            ..Default::default()
        }
    }

    /// List the region again: the limits stay when the region is the same (they do not change
    /// when an ENI moves).
    pub fn reload(&mut self, region: &str) {
        let limits = if self.region == region { std::mem::take(&mut self.limits) } else { BTreeMap::new() };
        *self = Resources { limits, ..Resources::for_region(region) };
    }

    pub fn eni(&self, id: &str) -> Option<&NetworkInterface> {
        self.enis.loaded()?.iter().find(|e| e.id == id.trim())
    }

    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.loaded()?.iter().find(|i| i.id == id.trim())
    }

    /// ENIs attached to an instance now, and how many of them are extended, counted from the
    /// ENI listing (primary included).
    fn attached(&self, instance_id: &str) -> Option<(usize, usize)> {
        let on: Vec<&NetworkInterface> = self
            .enis
            .loaded()?
            .iter()
            .filter(|e| e.attachment.as_ref().is_some_and(|a| a.instance_id == instance_id))
            .collect();
        let extended = on.iter().filter(|e| e.attach_type == Some(AttachType::Extended.code())).count();
        Some((on.len(), extended))
    }

    /// How full an instance is: checking until both its limit and the ENI listing are in.
    pub fn slots(&self, instance_id: &str) -> Slots {
        match (self.limits.get(instance_id), self.attached(instance_id)) {
            (Some(SlotLimit::Unknown), _) => Slots::Unknown,
            (Some(SlotLimit::Known(limit)), Some((attached, extended))) => {
                Slots::Known { limit: limit.clone(), attached, extended }
            }
            _ => Slots::Checking,
        }
    }

    /// What the form holds, as listed resources.
    pub fn chosen<'a>(&'a self, form: &'a FormPane) -> Chosen<'a> {
        let kind = form.operation;
        let source = (kind != Kind::Attach).then(|| form.instance.text.trim()).filter(|s| !s.is_empty());
        let destination = match kind {
            Kind::Attach => self.instance(&form.instance.text),
            Kind::Move => self.instance(&form.destination.text),
            Kind::Detach => None,
        };
        Chosen {
            eni: self.eni(&form.eni.text),
            source,
            destination,
            attach_type: kind.has_attach_type().then_some(form.attach_type),
        }
    }
}

/// A list filter: every word must match a row. An ID matches only exactly or by prefix (with
/// or without its `eni-`/`ins-` part), so a fuzzy hit can never pick the wrong resource; a name
/// matches fuzzily (nucleo: `wb1` finds web-1); facts (VPC, zone, state, IP…) by substring.
pub struct ListFilter {
    words: Vec<(String, Atom)>,
    matcher: RefCell<Matcher>,
}

/// What a row offers to the filter.
pub struct Searchable<'a> {
    pub ids: &'a [&'a str],
    pub names: &'a [&'a str],
    pub facts: &'a [&'a str],
}

impl ListFilter {
    pub fn new(text: &str) -> ListFilter {
        let words = text
            .split_whitespace()
            .map(|w| {
                let atom = Atom::new(w, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy, false);
                (w.to_lowercase(), atom)
            })
            .collect();
        ListFilter { words, matcher: RefCell::new(Matcher::new(Config::DEFAULT)) }
    }

    pub fn matches(&self, row: &Searchable) -> bool {
        let mut matcher = self.matcher.borrow_mut();
        let mut buf = Vec::new();
        self.words.iter().all(|(word, atom)| {
            row.ids.iter().any(|id| id_prefix(id, word))
                || row.facts.iter().any(|f| f.to_lowercase().contains(word.as_str()))
                || row.names.iter().any(|n| {
                    // A CJK word is matched whole: as a subsequence, 华南 would find 华东地区(南京).
                    if word.is_ascii() {
                        atom.score(Utf32Str::new(n, &mut buf), &mut matcher).is_some()
                    } else {
                        n.to_lowercase().contains(word.as_str())
                    }
                })
        })
    }
}

/// `eni-abc123` is found by `eni-abc`, `abc` and `eni-abc123`, never by `bc1`.
fn id_prefix(id: &str, word: &str) -> bool {
    let id = id.to_lowercase();
    id.starts_with(word) || id.split_once('-').is_some_and(|(_, rest)| rest.starts_with(word))
}

/// Why a picker row is not a good pick, in full: the first failed rule's reason and what to do
/// about it (or why there is nothing to do). None for a good pick or one still being checked.
pub fn why_not(judgement: &Judgement) -> Option<String> {
    match judgement {
        Judgement::Ineligible(failed) => failed.first().map(|v| match &v.advice {
            Some(advice) => crate::tr!("picker-why", reason = v.reason.as_str(), advice = advice.as_str()),
            None => v.reason.clone(),
        }),
        Judgement::AlreadyThere(done) => Some(done.reason.clone()),
        Judgement::Eligible { .. } | Judgement::Checking => None,
    }
}

/// One ENI picker row: the ENI and how preflight would judge it for the form's operation.
#[derive(Debug, Clone)]
pub struct EniRow<'a> {
    pub eni: &'a NetworkInterface,
    pub judgement: Judgement,
}

/// Good picks first, then the rest with their reasons (still listed: an operator may be
/// looking for one).
pub fn eni_rows<'a>(resources: &'a Resources, form: &FormPane, filter: &str) -> Vec<EniRow<'a>> {
    let Some(enis) = resources.enis.loaded() else { return Vec::new() };
    let chosen = resources.chosen(form);
    let filter = ListFilter::new(filter);
    let mut rows: Vec<EniRow> = enis
        .iter()
        .filter(|e| {
            let ip = e.primary_ip().unwrap_or("");
            let on = e.attachment.as_ref().map(|a| a.instance_id.as_str()).unwrap_or("");
            let facts = [e.vpc_id.as_str(), &e.subnet_id, ip, &e.zone, &e.state];
            filter.matches(&Searchable { ids: &[&e.id, on], names: &[&e.name], facts: &facts })
        })
        .map(|eni| EniRow { eni, judgement: eligibility::judge_eni(form.operation, eni, &chosen) })
        .collect();
    rows.sort_by_key(|r| r.judgement.rank());
    rows
}

/// One instance picker row: the instance and how preflight would judge it in its role.
#[derive(Debug, Clone)]
pub struct InstanceRow<'a> {
    pub instance: &'a Instance,
    pub judgement: Judgement,
}

impl InstanceRow<'_> {
    pub fn eligible(&self) -> bool {
        self.judgement.eligible()
    }
}

/// Good picks first, then those still being checked, then the rest, each with its reasons.
pub fn instance_rows<'a>(
    resources: &'a Resources,
    form: &FormPane,
    role: Role,
    filter: &str,
) -> Vec<InstanceRow<'a>> {
    let Some(instances) = resources.instances.loaded() else { return Vec::new() };
    let chosen = resources.chosen(form);
    let filter = ListFilter::new(filter);
    let mut rows: Vec<InstanceRow> = instances
        .iter()
        .filter(|i| {
            let ip = i.private_ip_addresses.first().map(String::as_str).unwrap_or("");
            let subnet = i.virtual_private_cloud.as_ref().map(|v| v.subnet_id.as_str()).unwrap_or("");
            let facts = [i.vpc_id().unwrap_or(""), subnet, ip, &i.placement.zone, &i.instance_type, &i.state];
            filter.matches(&Searchable { ids: &[&i.id], names: &[&i.name], facts: &facts })
        })
        .map(|instance| {
            let slots = resources.slots(&instance.id);
            let judgement = eligibility::judge_instance(form.operation, role, instance, &chosen, &slots);
            InstanceRow { instance, judgement }
        })
        .collect();
    rows.sort_by_key(|r| r.judgement.rank());
    rows
}
