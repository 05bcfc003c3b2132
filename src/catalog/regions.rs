//! The region catalog (`assets/regions.json`) and the endpoint rule.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub finance: bool,
    #[serde(default)]
    pub maybe_retired: bool,
    /// The console's Chinese name (华南地区(广州)).
    #[serde(default)]
    pub name_zh: String,
    /// What operators type for it (`gz`, `guangzhou`, `广州`); each names one region.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Region {
    /// The name in the run's language (the English one where the catalog has no Chinese).
    pub fn local_name(&self) -> &str {
        self.name_in(crate::i18n::Language::current())
    }

    /// The name in the other language, shown beside it so either can be read and searched.
    pub fn other_name(&self) -> &str {
        match crate::i18n::Language::current() {
            crate::i18n::Language::EnUs => self.name_in(crate::i18n::Language::ZhCn),
            crate::i18n::Language::ZhCn => &self.name,
        }
    }

    pub fn name_in(&self, language: crate::i18n::Language) -> &str {
        match language {
            crate::i18n::Language::ZhCn if !self.name_zh.is_empty() => &self.name_zh,
            _ => &self.name,
        }
    }
}

/// What `--region` named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionMatch {
    /// A catalog ID, as typed.
    Id(&'static Region),
    /// An alias or a name that names exactly one region.
    Alias(&'static Region),
    /// A well-formed ID the catalog does not know yet (the service may: new regions appear).
    Uncatalogued,
}

/// Said to the person who typed it, in the run's language (log lines are written in English:
/// see `logging`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    #[error("{}", crate::tr!("region-unknown", typed = .0.as_str()))]
    Unknown(String),
    #[error("{}", crate::tr!("region-ambiguous", typed = typed.as_str(), candidates = either(candidates)))]
    Ambiguous { typed: String, candidates: Vec<String> },
}

/// `a or b or c`, with the language's own word between the choices.
fn either(candidates: &[String]) -> String {
    candidates.join(&crate::tr!("region-list-or"))
}

/// Resolve what an operator typed for a region: an ID, an alias (`gz`, `广州`), or a part of a
/// name that names one region only. Pure; the launch uses it to refuse a bad `--region` at once.
pub fn resolve_region(typed: &str) -> Result<RegionMatch, RegionError> {
    let text = typed.trim();
    let lower = text.to_lowercase();
    if let Some(found) = region(&lower) {
        return Ok(RegionMatch::Id(found));
    }
    if let Some(found) = regions().iter().find(|r| r.aliases.iter().any(|a| a.to_lowercase() == lower)) {
        return Ok(RegionMatch::Alias(found));
    }
    let named: Vec<&Region> = regions()
        .iter()
        .filter(|r| !lower.is_empty() && (r.name.to_lowercase().contains(&lower) || r.name_zh.contains(text)))
        .collect();
    match named[..] {
        [one] => Ok(RegionMatch::Alias(one)),
        [] if well_formed_id(&lower) => Ok(RegionMatch::Uncatalogued),
        [] => Err(RegionError::Unknown(text.to_string())),
        _ => Err(RegionError::Ambiguous {
            typed: text.to_string(),
            candidates: named.iter().map(|r| r.id.clone()).collect(),
        }),
    }
}

/// The region ID for what was typed (see [`resolve_region`]).
pub fn resolve_region_id(typed: &str) -> Result<String, RegionError> {
    resolve_region(typed).map(|found| found.id(typed))
}

/// A catalog region's ID for what was typed: as [`resolve_region_id`], but a well-formed ID the
/// catalog does not know is refused (the terminal app offers catalog regions only).
pub fn resolve_catalog_region(typed: &str) -> Result<String, RegionError> {
    match resolve_region(typed)? {
        RegionMatch::Uncatalogued => Err(RegionError::Unknown(typed.trim().to_string())),
        found => Ok(found.id(typed)),
    }
}

impl RegionMatch {
    /// The region ID to use for what was typed.
    pub fn id(self, typed: &str) -> String {
        match self {
            RegionMatch::Id(r) | RegionMatch::Alias(r) => r.id.clone(),
            RegionMatch::Uncatalogued => typed.trim().to_lowercase(),
        }
    }
}

/// `xx-name[-more]`: lowercase letters and digits between dashes, as every region ID is.
fn well_formed_id(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 2
        && parts[0].len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[derive(Deserialize)]
struct Catalog {
    global_host_suffix: String,
    regions: Vec<Region>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        serde_json::from_str(include_str!("../../assets/regions.json"))
            .expect("assets/regions.json is valid (checked by a test)")
    })
}

/// Every region we know, in catalog order.
pub fn regions() -> &'static [Region] {
    &catalog().regions
}

/// A region from the catalog, if we know it.
pub fn region(id: &str) -> Option<&'static Region> {
    regions().iter().find(|r| r.id == id)
}

/// Finance regions are isolated from the rest: an `-fsi` region is finance even when it is not in
/// our catalog yet (DescribeRegions may return one we have never seen, like ap-beijing-fsi).
pub fn is_finance(region_id: &str) -> bool {
    region(region_id).map(|r| r.finance).unwrap_or_else(|| region_id.ends_with("-fsi"))
}

/// The host for a service (`vpc`, `cvm`, `region`) in a region: Finance regions must use
/// `<service>.<region>.tencentcloudapi.com`; every other region uses the nearest-access host.
pub fn service_host(service: &str, region_id: &str) -> String {
    let suffix = &catalog().global_host_suffix;
    if is_finance(region_id) && service != "region" {
        format!("{service}.{region_id}.{suffix}")
    } else {
        format!("{service}.{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_every_region_of_the_reference() {
        assert_eq!(regions().len(), 22);
        assert_eq!(region("ap-guangzhou").unwrap().name, "South China (Guangzhou)");
        let finance: Vec<_> = regions().iter().filter(|r| r.finance).map(|r| r.id.as_str()).collect();
        assert_eq!(finance, ["ap-shanghai-fsi", "ap-shenzhen-fsi"]);
    }

    #[test]
    fn aliases_and_names_resolve_to_one_region() {
        let id = |typed: &str| resolve_region(typed).map(|m| m.id(typed));
        assert_eq!(resolve_region("ap-guangzhou"), Ok(RegionMatch::Id(region("ap-guangzhou").unwrap())));
        assert_eq!(resolve_region("gz"), Ok(RegionMatch::Alias(region("ap-guangzhou").unwrap())));
        for (typed, expected) in [
            ("GZ", "ap-guangzhou"),
            ("广州", "ap-guangzhou"),
            ("Guangzhou", "ap-guangzhou"),
            (" sh ", "ap-shanghai"),
            ("sh-fsi", "ap-shanghai-fsi"),
            ("上海金融", "ap-shanghai-fsi"),
            ("Virginia", "na-ashburn"),
            ("ap-beijing-fsi", "ap-beijing-fsi"),
        ] {
            assert_eq!(id(typed).as_deref(), Ok(expected), "{typed}");
        }
        assert!(matches!(resolve_region("gzz"), Err(RegionError::Unknown(_))));
        assert!(matches!(resolve_region(""), Err(RegionError::Unknown(_))));
        let Err(RegionError::Ambiguous { candidates, .. }) = resolve_region("华南") else { panic!() };
        assert_eq!(candidates, ["ap-guangzhou", "ap-guangzhou-open", "ap-shenzhen-fsi"]);
        assert_eq!(
            resolve_region("gzz").unwrap_err().to_string(),
            "unknown region 'gzz': give an ID like ap-guangzhou or an alias like gz (tceni regions lists them)"
        );
    }

    #[test]
    fn every_alias_names_exactly_one_region() {
        let mut seen = std::collections::BTreeSet::new();
        for r in regions() {
            assert!(!r.name_zh.is_empty(), "{}", r.id);
            for alias in &r.aliases {
                assert!(seen.insert(alias.to_lowercase()), "{alias} is used twice");
                assert!(region(&alias.to_lowercase()).is_none(), "{alias} is also an ID");
            }
        }
    }

    #[test]
    fn finance_regions_use_their_own_host() {
        assert_eq!(service_host("vpc", "ap-shanghai-fsi"), "vpc.ap-shanghai-fsi.tencentcloudapi.com");
        assert_eq!(service_host("cvm", "ap-shenzhen-fsi"), "cvm.ap-shenzhen-fsi.tencentcloudapi.com");
        assert_eq!(service_host("vpc", "ap-beijing-fsi"), "vpc.ap-beijing-fsi.tencentcloudapi.com");
    }

    #[test]
    fn other_regions_use_the_nearest_access_host() {
        assert_eq!(service_host("vpc", "ap-guangzhou"), "vpc.tencentcloudapi.com");
        assert_eq!(service_host("cvm", "eu-frankfurt"), "cvm.tencentcloudapi.com");
        assert_eq!(service_host("region", "ap-shanghai-fsi"), "region.tencentcloudapi.com");
    }
}
