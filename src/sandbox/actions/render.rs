//! World records rendered as the service's JSON items, field names and nesting as the API has them.

use crate::sandbox::world::{Eni, Instance, RegionWorld};
use serde_json::{Value, json};

pub fn eni(region: &RegionWorld, account_id: &str, eni: &Eni) -> Value {
    let subnet = region.subnet(&eni.subnet);
    let attachment = eni.attachment.as_ref().map(|a| {
        json!({
            "InstanceId": a.instance,
            "DeviceIndex": a.device_index,
            "InstanceAccountId": account_id,
            "AttachTime": a.attach_time,
        })
    });
    let addresses: Vec<Value> = eni
        .private_ips
        .iter()
        .enumerate()
        .map(|(i, ip)| {
            json!({
                "PrivateIpAddress": ip,
                "Primary": i == 0,
                "PublicIpAddress": "",
                "AddressId": "",
                "Description": "",
                "IsWanIpBlocked": false,
                "State": "AVAILABLE",
                "QosLevel": "DEFAULT",
            })
        })
        .collect();
    json!({
        "NetworkInterfaceId": eni.id,
        "NetworkInterfaceName": eni.name,
        "NetworkInterfaceDescription": eni.description,
        "VpcId": subnet.map(|s| s.vpc.as_str()).unwrap_or_default(),
        "SubnetId": eni.subnet,
        "Zone": subnet.map(|s| s.zone.as_str()).unwrap_or_default(),
        "GroupSet": eni.security_groups,
        "Primary": eni.primary,
        "EniType": if eni.primary { 1 } else { 0 },
        "AttachType": eni.attachment.as_ref().map_or(0, |a| a.attach_type),
        "MacAddress": eni.mac,
        "State": eni.state,
        "NetworkInterfaceState": interface_state(eni),
        "PrivateIpAddressSet": addresses,
        "Attachment": attachment,
        "CreatedTime": eni.created,
        "Ipv6AddressSet": [],
        "TagSet": [],
        "Business": "cvm",
        "CdcId": "",
        "QosLevel": "DEFAULT",
    })
}

/// NetworkInterfaceState has one value more than State: INUSE, for a bound, settled ENI.
fn interface_state(eni: &Eni) -> &str {
    match (&eni.attachment, eni.state.as_str()) {
        (Some(_), "AVAILABLE") => "INUSE",
        (_, state) => state,
    }
}

pub fn instance(region: &RegionWorld, instance: &Instance) -> Value {
    let subnet = region.subnet(&instance.subnet);
    let public: Value = if instance.public_ips.is_empty() { Value::Null } else { json!(instance.public_ips) };
    json!({
        "InstanceId": instance.id,
        "InstanceName": instance.name,
        "InstanceType": instance.instance_type,
        "CPU": instance.cpu,
        "Memory": instance.memory,
        "InstanceState": instance.state,
        "Placement": { "Zone": subnet.map(|s| s.zone.as_str()).unwrap_or_default(), "ProjectId": 0 },
        "VirtualPrivateCloud": {
            "VpcId": subnet.map(|s| s.vpc.as_str()).unwrap_or_default(),
            "SubnetId": instance.subnet,
            "AsVpcGateway": false,
        },
        "PrivateIpAddresses": instance.private_ips,
        "PublicIpAddresses": public,
        "SecurityGroupIds": instance.security_groups,
        "InstanceChargeType": "POSTPAID_BY_HOUR",
        "CreatedTime": instance.created,
        "RestrictState": "NORMAL",
        "LatestOperation": null,
        "LatestOperationState": null,
        "Uuid": format!("sandbox-{}", instance.id),
    })
}
