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
