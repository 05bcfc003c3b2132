//! The sandbox world: regions, VPCs, subnets, security groups, instances and ENIs, as loaded from
//! a world file (format in README.md, "The sandbox world file"). The ENIs' `state` and
//! `attachment` are the only fields that change at run time.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The world compiled into the binary, used unless `--world` names another file.
pub const DEFAULT_WORLD_JSON: &str = include_str!("../../assets/sandbox-world.json");

#[derive(Debug, thiserror::Error)]
pub enum WorldError {
    #[error("the world file is not valid JSON for a world: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the world file is inconsistent: {0}")]
    Inconsistent(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct World {
    #[serde(default, rename = "_comment", skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Answered as `Attachment.InstanceAccountId`.
    pub account_id: String,
    /// Instance families (the part of InstanceType before the dot) that cannot take an ENI.
    #[serde(default)]
    pub unsupported_instance_families: Vec<String>,
    pub regions: Vec<RegionWorld>,
    /// Documented (ENI, instance) pairs that reach each rule; checked by the tests.
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    /// Documented (ENI, source, destination) moves that reach each MigrateNetworkInterface rule.
    #[serde(default)]
    pub migrate_scenarios: Vec<MigrateScenario>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionWorld {
    pub region: String,
    #[serde(default)]
    pub vpcs: Vec<Vpc>,
    #[serde(default)]
    pub subnets: Vec<Subnet>,
    #[serde(default)]
    pub security_groups: Vec<SecurityGroup>,
    #[serde(default)]
    pub instances: Vec<Instance>,
    #[serde(default)]
    pub enis: Vec<Eni>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    pub id: String,
    pub name: String,
    pub cidr: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    pub id: String,
    pub name: String,
    pub vpc: String,
    pub zone: String,
    pub cidr: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub id: String,
    pub name: String,
    /// e.g. `S5.MEDIUM4`; the family is the part before the dot.
    pub instance_type: String,
    pub cpu: u32,
    /// GiB.
    pub memory: u32,
    /// InstanceState, e.g. RUNNING, STOPPED, PENDING.
    pub state: String,
    pub subnet: String,
    pub private_ips: Vec<String>,
    #[serde(default)]
    pub public_ips: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// How many standard ENIs (the primary one included) the instance can hold.
    pub eni_limit: u32,
    /// How many extended ENIs (AttachType 1) it can hold besides; answered as ExtendEniQuantity.
    #[serde(default)]
    pub extend_eni_limit: u32,
    #[serde(default = "default_ips_per_eni")]
    pub eni_ip_limit: u32,
    /// ISO 8601, as CVM answers CreatedTime.
    pub created: String,
}

fn default_ips_per_eni() -> u32 {
    10
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eni {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub subnet: String,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub primary: bool,
    pub mac: String,
    pub private_ips: Vec<String>,
    /// PENDING, AVAILABLE, ATTACHING, DETACHING or DELETING.
    #[serde(default = "available")]
    pub state: String,
    #[serde(default)]
    pub attachment: Option<Attachment>,
    /// `YYYY-MM-DD HH:MM:SS`, as VPC answers CreatedTime.
    pub created: String,
}

fn available() -> String {
    "AVAILABLE".to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub instance: String,
    pub device_index: u32,
    pub attach_time: String,
    /// 0 standard, 1 extended: each kind has its own quota on the instance.
    #[serde(default, skip_serializing_if = "is_standard")]
    pub attach_type: u64,
}

fn is_standard(attach_type: &u64) -> bool {
    *attach_type == 0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub region: String,
    pub eni: String,
    pub instance: String,
    /// `ok`, or the error code AttachNetworkInterface answers.
    pub expect: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrateScenario {
    pub name: String,
    pub region: String,
    pub eni: String,
    pub source: String,
    pub destination: String,
    /// The AttachType sent; omitted when 0.
    #[serde(default)]
    pub attach_type: u64,
    /// `ok`, or the error code MigrateNetworkInterface answers.
    pub expect: String,
    #[serde(default)]
    pub note: String,
}

impl World {
    pub fn from_json(text: &str) -> Result<World, WorldError> {
        let world: World = serde_json::from_str(text)?;
        world.check().map_err(WorldError::Inconsistent)?;
        Ok(world)
    }

    /// The world compiled into the binary.
    pub fn default_world() -> World {
        World::from_json(DEFAULT_WORLD_JSON).expect("assets/sandbox-world.json is valid (checked by a test)")
    }

    pub fn region(&self, id: &str) -> Option<&RegionWorld> {
        self.regions.iter().find(|r| r.region == id)
    }

    pub fn region_mut(&mut self, id: &str) -> Option<&mut RegionWorld> {
        self.regions.iter_mut().find(|r| r.region == id)
    }

    pub fn family_supports_eni(&self, instance_type: &str) -> bool {
        let family = instance_type.split('.').next().unwrap_or_default();
        !self.unsupported_instance_families.iter().any(|f| f == family)
    }

    /// Every reference must resolve, so the handlers can look things up without failing.
    fn check(&self) -> Result<(), String> {
        let mut ids = HashSet::new();
        for region in &self.regions {
            if crate::catalog::regions::region(&region.region).is_none() {
                return Err(format!("region {} is not in the region catalog", region.region));
            }
            region.check(&mut ids)?;
        }
        Ok(())
    }
}

impl RegionWorld {
    pub fn subnet(&self, id: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.id == id)
    }

    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.id == id)
    }

    pub fn eni(&self, id: &str) -> Option<&Eni> {
        self.enis.iter().find(|e| e.id == id)
    }

    pub fn eni_mut(&mut self, id: &str) -> Option<&mut Eni> {
        self.enis.iter_mut().find(|e| e.id == id)
    }

    /// How many ENIs of this AttachType are bound (or being bound) to the instance.
    pub fn bound_of_type(&self, instance: &str, attach_type: u64) -> usize {
        self.enis_of(instance)
            .iter()
            .filter(|e| e.attachment.as_ref().is_some_and(|a| a.attach_type == attach_type))
            .count()
    }

    /// The ENIs attached (or attaching) to an instance, primary first.
    pub fn enis_of(&self, instance: &str) -> Vec<&Eni> {
        let mut enis: Vec<&Eni> = self
            .enis
            .iter()
            .filter(|e| e.attachment.as_ref().is_some_and(|a| a.instance == instance))
            .collect();
        enis.sort_by_key(|e| e.attachment.as_ref().map(|a| a.device_index));
        enis
    }

    fn check(&self, ids: &mut HashSet<String>) -> Result<(), String> {
        let mut unique = |id: &str| {
            if ids.insert(id.to_string()) { Ok(()) } else { Err(format!("{id} is defined twice")) }
        };
        for vpc in &self.vpcs {
            unique(&vpc.id)?;
        }
        for sg in &self.security_groups {
            unique(&sg.id)?;
        }
        for subnet in &self.subnets {
            unique(&subnet.id)?;
            self.vpcs
                .iter()
                .find(|v| v.id == subnet.vpc)
                .ok_or(format!("{}: no VPC {}", subnet.id, subnet.vpc))?;
        }
        for instance in &self.instances {
            unique(&instance.id)?;
            check_id("ins-", &instance.id)?;
            self.subnet(&instance.subnet).ok_or(format!("{}: no subnet {}", instance.id, instance.subnet))?;
            self.check_groups(&instance.id, &instance.security_groups)?;
        }
        for eni in &self.enis {
            unique(&eni.id)?;
            self.check_eni(eni)?;
        }
        Ok(())
    }

    fn check_eni(&self, eni: &Eni) -> Result<(), String> {
        check_id("eni-", &eni.id)?;
        self.subnet(&eni.subnet).ok_or(format!("{}: no subnet {}", eni.id, eni.subnet))?;
        self.check_groups(&eni.id, &eni.security_groups)?;
        match &eni.attachment {
            Some(a) if self.instance(&a.instance).is_none() => {
                Err(format!("{}: attached to unknown instance {}", eni.id, a.instance))
            }
            None if eni.primary => Err(format!("{}: a primary ENI must be attached", eni.id)),
            _ => Ok(()),
        }
    }

    fn check_groups(&self, owner: &str, groups: &[String]) -> Result<(), String> {
        match groups.iter().find(|g| !self.security_groups.iter().any(|sg| &sg.id == *g)) {
            Some(g) => Err(format!("{owner}: no security group {g}")),
            None => Ok(()),
        }
    }
}

fn check_id(prefix: &str, id: &str) -> Result<(), String> {
    if is_well_formed(prefix, id) {
        Ok(())
    } else {
        Err(format!("{id} is not {prefix} + 8 lowercase letters/digits"))
    }
}

/// `eni-`/`ins-` IDs: the prefix and 8 lowercase letters or digits, as the service accepts them.
pub fn is_well_formed(prefix: &str, id: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|rest| {
        rest.len() == 8 && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_world_loads() {
        let world = World::default_world();
        assert!(world.region("ap-guangzhou").is_some());
        assert!(world.region("ap-shanghai-fsi").is_some());
        assert!(!world.scenarios.is_empty());
    }

    #[test]
    fn a_dangling_reference_is_refused() {
        let text = DEFAULT_WORLD_JSON.replacen(
            "\"subnet\": \"subnet-gz3web01\"",
            "\"subnet\": \"subnet-nowhere0\"",
            1,
        );
        assert!(matches!(World::from_json(&text), Err(WorldError::Inconsistent(_))));
    }

    #[test]
    fn id_shape() {
        assert!(is_well_formed("eni-", "eni-m6dyj72l"));
        assert!(!is_well_formed("eni-", "eni-M6dyj72l"));
        assert!(!is_well_formed("eni-", "eni-m6dyj72"));
        assert!(!is_well_formed("ins-", "eni-m6dyj72l"));
    }
}
