//! The read actions: DescribeNetworkInterfaces, DescribeInstances, DescribeNetworkInterfaceLimit,
//! DescribeVpcTaskResult and DescribeRegions, with the paging and filters of the real service.

use super::{Call, Fields, render};
use crate::sandbox::error::ApiError;
use crate::sandbox::params::{Filter, FilterCodes, Params};
use crate::sandbox::state::State;
use crate::sandbox::world::{self, Eni, Instance, RegionWorld, World};
use serde_json::{Value, json};

const MAX_IDS: usize = 100;

const VPC_FILTERS: FilterCodes = FilterCodes {
    not_dict: "InvalidParameter.FilterNotDict",
    values_not_list: "InvalidParameter.FilterValuesNotList",
};
const CVM_FILTERS: FilterCodes = FilterCodes { not_dict: "InvalidFilter", values_not_list: "InvalidFilter" };

const ENI_FILTER_NAMES: &[&str] = &[
    "vpc-id",
    "subnet-id",
    "network-interface-id",
    "attachment.instance-id",
    "groups.security-group-id",
    "network-interface-name",
    "network-interface-description",
    "address-ip",
    "is-primary",
    "eni-type",
];
const INSTANCE_FILTER_NAMES: &[&str] = &[
    "zone",
    "vpc-id",
    "subnet-id",
    "instance-id",
    "instance-name",
    "instance-state",
    "private-ip-address",
    "public-ip-address",
    "security-group-id",
];
const MAX_INSTANCE_FILTERS: usize = 10;
const MAX_INSTANCE_FILTER_VALUES: usize = 5;

fn fields(value: Value) -> Fields {
    match value {
        Value::Object(map) => map,
        _ => Fields::new(),
    }
}

/// IDs given instead of filters: at most 100, each well formed, never together with Filters.
fn id_list(
    params: &Params,
    name: &str,
    prefix: &str,
    filters: bool,
    coexist_code: &str,
    malformed_code: &str,
) -> Result<Option<Vec<String>>, ApiError> {
    let Some(ids) = params.strings(name)? else { return Ok(None) };
    if filters {
        return Err(ApiError::new(coexist_code, format!("`{name}` and `Filters` cannot be given together.")));
    }
    if ids.len() > MAX_IDS {
        return Err(ApiError::new(
            "InvalidParameterValue.LimitExceeded",
            format!("`{name}` holds {} IDs; at most {MAX_IDS} are allowed.", ids.len()),
        ));
    }
    if let Some(bad) = ids.iter().find(|id| !world::is_well_formed(prefix, id)) {
        return Err(ApiError::new(
            malformed_code,
            format!("The value `{bad}` of parameter `{name}` is malformed."),
        ));
    }
    Ok(Some(ids))
}

fn check_filter_names(filters: &[Filter], known: &[&str], code: &str) -> Result<(), ApiError> {
    match filters.iter().find(|f| !known.contains(&f.name.as_str())) {
        Some(f) => Err(ApiError::new(code, format!("The filter `{}` is not supported.", f.name))),
        None => Ok(()),
    }
}

/// Names match by substring (as the console's search does); everything else exactly.
fn any_value(filter: &Filter, test: impl Fn(&str) -> bool) -> bool {
    filter.values.iter().any(|v| test(v))
}

pub fn network_interfaces(world: &World, call: &Call) -> Result<Fields, ApiError> {
    let params = call.params;
    params.allow_only(&["NetworkInterfaceIds", "Filters", "Offset", "Limit"])?;
    let filters = params.filters("Filters", VPC_FILTERS)?;
    let ids = id_list(
        params,
        "NetworkInterfaceIds",
        "eni-",
        filters.is_some(),
        "InvalidParameter.Coexist",
        "InvalidParameterValue.Malformed",
    )?;
    let filters = filters.unwrap_or_default();
    check_filter_names(&filters, ENI_FILTER_NAMES, "InvalidParameter.FilterInvalidKey")?;
    let paging = params.paging()?;
    let Some(region) = world.region(call.region) else {
        return Ok(fields(json!({ "TotalCount": 0, "NetworkInterfaceSet": [] })));
    };
    let matching: Vec<&Eni> = region
        .enis
        .iter()
        .filter(|e| ids.as_ref().is_none_or(|ids| ids.contains(&e.id)))
        .filter(|e| filters.iter().all(|f| eni_matches(region, e, f)))
        .collect();
    let total = matching.len();
    let items: Vec<Value> =
        paging.page(matching).into_iter().map(|e| render::eni(region, &world.account_id, e)).collect();
    Ok(fields(json!({ "TotalCount": total, "NetworkInterfaceSet": items })))
}

fn eni_matches(region: &RegionWorld, eni: &Eni, filter: &Filter) -> bool {
    let subnet = region.subnet(&eni.subnet);
    match filter.name.as_str() {
        "vpc-id" => any_value(filter, |v| subnet.is_some_and(|s| s.vpc == v)),
        "subnet-id" => any_value(filter, |v| eni.subnet == v),
        "network-interface-id" => any_value(filter, |v| eni.id == v),
        "attachment.instance-id" => {
            any_value(filter, |v| eni.attachment.as_ref().is_some_and(|a| a.instance == v))
        }
        "groups.security-group-id" => any_value(filter, |v| eni.security_groups.iter().any(|g| g == v)),
        "network-interface-name" => any_value(filter, |v| eni.name.contains(v)),
        "network-interface-description" => any_value(filter, |v| eni.description.contains(v)),
        "address-ip" => any_value(filter, |v| eni.private_ips.iter().any(|ip| ip == v)),
        "is-primary" => {
            any_value(filter, |v| v.eq_ignore_ascii_case(if eni.primary { "true" } else { "false" }))
        }
        "eni-type" => any_value(filter, |v| v == if eni.primary { "1" } else { "0" }),
        _ => false,
    }
}

pub fn instances(world: &World, call: &Call) -> Result<Fields, ApiError> {
    let params = call.params;
    params.allow_only(&["InstanceIds", "Filters", "Offset", "Limit"])?;
    let filters = params.filters("Filters", CVM_FILTERS)?;
    let ids = id_list(
        params,
        "InstanceIds",
        "ins-",
        filters.is_some(),
        "InvalidParameter",
        "InvalidInstanceId.Malformed",
    )?;
    let filters = filters.unwrap_or_default();
    check_filter_names(&filters, INSTANCE_FILTER_NAMES, "InvalidFilter")?;
    if filters.len() > MAX_INSTANCE_FILTERS
        || filters.iter().any(|f| f.values.len() > MAX_INSTANCE_FILTER_VALUES)
    {
        return Err(ApiError::new(
            "InvalidFilterValue.LimitExceeded",
            format!(
                "At most {MAX_INSTANCE_FILTERS} filters of {MAX_INSTANCE_FILTER_VALUES} values each are allowed."
            ),
        ));
    }
    let paging = params.paging()?;
    let Some(region) = world.region(call.region) else {
        return Ok(fields(json!({ "TotalCount": 0, "InstanceSet": [] })));
    };
    let matching: Vec<&Instance> = region
        .instances
        .iter()
        .filter(|i| ids.as_ref().is_none_or(|ids| ids.contains(&i.id)))
        .filter(|i| filters.iter().all(|f| instance_matches(region, i, f)))
        .collect();
    let total = matching.len();
    let items: Vec<Value> = paging.page(matching).into_iter().map(|i| render::instance(region, i)).collect();
    Ok(fields(json!({ "TotalCount": total, "InstanceSet": items })))
}

fn instance_matches(region: &RegionWorld, instance: &Instance, filter: &Filter) -> bool {
    let subnet = region.subnet(&instance.subnet);
    match filter.name.as_str() {
        "zone" => any_value(filter, |v| subnet.is_some_and(|s| s.zone == v)),
        "vpc-id" => any_value(filter, |v| subnet.is_some_and(|s| s.vpc == v)),
        "subnet-id" => any_value(filter, |v| instance.subnet == v),
        "instance-id" => any_value(filter, |v| instance.id == v),
        "instance-name" => any_value(filter, |v| instance.name.contains(v)),
        "instance-state" => any_value(filter, |v| instance.state == v),
        "private-ip-address" => any_value(filter, |v| instance.private_ips.iter().any(|ip| ip == v)),
        "public-ip-address" => any_value(filter, |v| instance.public_ips.iter().any(|ip| ip == v)),
        "security-group-id" => any_value(filter, |v| instance.security_groups.iter().any(|g| g == v)),
        _ => false,
    }
}

/// The ENI quota of an instance; `eni_limit` counts the primary ENI. An `eni-` ID answers the
/// quota of the instance it is bound to.
pub fn network_interface_limit(world: &World, call: &Call) -> Result<Fields, ApiError> {
    call.params.allow_only(&["InstanceId"])?;
    let id = call.params.required_string("InstanceId")?;
    if !world::is_well_formed("ins-", &id) && !world::is_well_formed("eni-", &id) {
        return Err(ApiError::malformed("InstanceId", &id));
    }
    let region =
        world.region(call.region).ok_or_else(|| ApiError::not_found("instance", &id, call.region))?;
    let instance_id = match region.eni(&id) {
        Some(eni) => eni.attachment.as_ref().map(|a| a.instance.clone()),
        None => Some(id.clone()),
    };
    let instance = instance_id.and_then(|i| region.instance(&i));
    let instance = instance.ok_or_else(|| ApiError::not_found("instance", &id, call.region))?;
    Ok(fields(json!({
        "EniQuantity": instance.eni_limit,
        "EniPrivateIpAddressQuantity": instance.eni_ip_limit,
        "ExtendEniQuantity": instance.extend_eni_limit,
        "ExtendEniPrivateIpAddressQuantity": 0,
        "SubEniQuantity": 0,
        "SubEniPrivateIpAddressQuantity": 0,
    })))
}

/// A task answers only in the region it was created in, as the service's do.
pub fn task_result(state: &mut State, call: &Call) -> Result<Fields, ApiError> {
    call.params.allow_only(&["TaskId"])?;
    let task_id = call.params.required_string("TaskId")?;
    let task = state.tasks.get(&task_id).filter(|t| t.region == call.region);
    let task = task.ok_or_else(|| ApiError::not_found("task", &task_id, call.region))?;
    Ok(fields(json!({ "Status": task.status.as_str(), "Output": task.output, "Result": [] })))
}

pub fn regions(call: &Call) -> Result<Fields, ApiError> {
    call.params.allow_only(&["Product", "Scene"])?;
    call.params.required_string("Product")?;
    call.params.uint("Scene")?;
    let set: Vec<Value> = crate::catalog::regions::regions()
        .iter()
        .map(|r| {
            json!({
                "Region": r.id,
                "RegionName": r.name,
                "RegionState": "AVAILABLE",
                "RegionTypeMC": null,
                "LocationMC": null,
                "RegionNameMC": null,
                "RegionIdMC": null,
            })
        })
        .collect();
    Ok(fields(json!({ "TotalCount": set.len(), "RegionSet": set })))
}
