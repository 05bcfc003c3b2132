//! Knowledge that is data: regions with their endpoint rules, and error explanations. Both are
//! embedded from `assets/` at build time; code only looks them up.

pub(crate) mod explain;
pub mod regions;

pub use explain::{Explanation, advice, advice_keys, all_codes, explain, is_retryable};
pub use regions::{
    Region, RegionError, RegionMatch, region, regions, resolve_catalog_region, resolve_region,
    resolve_region_id, service_host,
};
