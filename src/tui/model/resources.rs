//! The region's ENIs and instances as the pickers list them, and why an instance cannot take
//! the chosen ENI. Pure functions over what the API returned.

use super::Load;
use crate::api::{Instance, NetworkInterface};
use std::collections::BTreeMap;

/// What the pickers list, for one region.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    pub region: String,
    pub enis: Load<Vec<NetworkInterface>>,
    pub instances: Load<Vec<Instance>>,
    /// Standard ENI quota per instance, for those whose limit is known.
    pub limits: BTreeMap<String, u64>,
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

    pub fn eni(&self, id: &str) -> Option<&NetworkInterface> {
        self.enis.loaded()?.iter().find(|e| e.id == id.trim())
    }

    /// ENIs attached to an instance now, counted from the ENI listing (primary included).
    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.loaded()?.iter().find(|i| i.id == id.trim())
    }

    pub fn attached_count(&self, instance_id: &str) -> Option<usize> {
        let enis = self.enis.loaded()?;
        Some(
            enis.iter()
                .filter(|e| e.attachment.as_ref().is_some_and(|a| a.instance_id == instance_id))
                .count(),
        )
    }
}

/// Case-insensitive match of every word of the filter against any of the fields.
pub fn matches_filter(filter: &str, fields: &[&str]) -> bool {
    let filter = filter.to_lowercase();
    filter.split_whitespace().all(|word| fields.iter().any(|f| f.to_lowercase().contains(word)))
}

/// One ENI picker row: the ENI and, when it is attached, to what.
#[derive(Debug, Clone)]
pub struct EniRow<'a> {
    pub eni: &'a NetworkInterface,
    pub note: Option<String>,
}

/// Free ENIs first, then attached ones (still listed: an operator may be looking for one).
pub fn eni_rows<'a>(resources: &'a Resources, filter: &str) -> Vec<EniRow<'a>> {
    let Some(enis) = resources.enis.loaded() else { return Vec::new() };
    let mut rows: Vec<EniRow> = enis
        .iter()
        .filter(|e| {
            let ip = e.primary_ip().unwrap_or("");
            matches_filter(filter, &[&e.id, &e.name, &e.vpc_id, &e.subnet_id, ip, &e.zone])
        })
        .map(|eni| EniRow {
            eni,
            note: eni
                .attachment
                .as_ref()
                .filter(|a| !a.instance_id.is_empty())
                .map(|a| format!("attached to {}", a.instance_id)),
        })
        .collect();
    rows.sort_by_key(|r| r.note.is_some());
    rows
}

/// One instance picker row: the instance and every reason it cannot take the chosen ENI.
#[derive(Debug, Clone)]
pub struct InstanceRow<'a> {
    pub instance: &'a Instance,
    pub problems: Vec<String>,
}

impl InstanceRow<'_> {
    pub fn eligible(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Eligible instances first; each ineligible one says why (state, VPC, zone, ENI slots).
pub fn instance_rows<'a>(resources: &'a Resources, eni_id: &str, filter: &str) -> Vec<InstanceRow<'a>> {
    let Some(instances) = resources.instances.loaded() else { return Vec::new() };
    let eni = resources.eni(eni_id);
    let mut rows: Vec<InstanceRow> = instances
        .iter()
        .filter(|i| {
            let ip = i.private_ip_addresses.first().map(String::as_str).unwrap_or("");
            let subnet = i.virtual_private_cloud.as_ref().map(|v| v.subnet_id.as_str()).unwrap_or("");
            matches_filter(filter, &[&i.id, &i.name, i.vpc_id().unwrap_or(""), subnet, ip, &i.placement.zone])
        })
        .map(|instance| InstanceRow { instance, problems: problems(resources, eni, instance) })
        .collect();
    rows.sort_by_key(|r| !r.eligible());
    rows
}

fn problems(resources: &Resources, eni: Option<&NetworkInterface>, instance: &Instance) -> Vec<String> {
    let mut problems = Vec::new();
    if !matches!(instance.state.as_str(), "RUNNING" | "STOPPED") {
        problems.push(format!("state {}", instance.state));
    }
    if let Some(eni) = eni {
        let vpc = instance.vpc_id().unwrap_or("no VPC");
        if vpc != eni.vpc_id {
            problems.push(format!("other VPC ({vpc})"));
        }
        if !eni.zone.is_empty() && instance.placement.zone != eni.zone {
            problems.push(format!("other zone ({})", instance.placement.zone));
        }
    }
    let limit = resources.limits.get(&instance.id);
    if let (Some(&limit), Some(attached)) = (limit, resources.attached_count(&instance.id))
        && attached as u64 >= limit
    {
        problems.push(format!("no free ENI slot ({attached}/{limit})"));
    }
    problems
}
