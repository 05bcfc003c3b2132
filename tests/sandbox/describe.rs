//! The read actions: paging, filters, IDs, limits, regions; and the per-(action, region) rate
//! limit.

use crate::support::*;
use serde_json::Value;
use tceni::sandbox::SandboxConfig;

fn ids(answer: &Value, set: &str, field: &str) -> Vec<String> {
    answer["Response"][set]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[field].as_str().unwrap().to_string())
        .collect()
}

async fn enis(sb: &tceni::sandbox::Sandbox, body: &str) -> Value {
    Req::vpc(sb, "DescribeNetworkInterfaces", body).json().await
}

async fn instances(sb: &tceni::sandbox::Sandbox, body: &str) -> Value {
    Req::cvm(sb, "DescribeInstances", body).json().await
}

#[tokio::test]
async fn network_interfaces_page_with_offset_and_limit() {
    let sb = sandbox().await;
    let all = enis(&sb, "{}").await;
    let total = all["Response"]["TotalCount"].as_u64().unwrap();
    assert_eq!(total, 17);
    assert_eq!(all["Response"]["NetworkInterfaceSet"].as_array().unwrap().len(), 17, "default limit 20");
    let page = enis(&sb, r#"{"Offset":5,"Limit":5}"#).await;
    assert_eq!(page["Response"]["TotalCount"], total);
    assert_eq!(
        ids(&page, "NetworkInterfaceSet", "NetworkInterfaceId"),
        ids(&all, "NetworkInterfaceSet", "NetworkInterfaceId")[5..10]
    );
    let past_the_end = enis(&sb, r#"{"Offset":100}"#).await;
    assert_eq!(past_the_end["Response"]["NetworkInterfaceSet"], serde_json::json!([]));
    assert_eq!(code(&enis(&sb, r#"{"Limit":101}"#).await), "InvalidParameterValue.LimitExceeded");
    assert_eq!(code(&enis(&sb, r#"{"Limit":100}"#).await), "ok");
    assert_eq!(code(&enis(&sb, r#"{"Limit":"5"}"#).await), "InvalidParameter");
}

#[tokio::test]
async fn network_interface_items_carry_every_field() {
    let sb = sandbox().await;
    let eni = describe_eni(&sb, "eni-sec00001").await;
    for field in [
        "NetworkInterfaceId",
        "NetworkInterfaceName",
        "NetworkInterfaceDescription",
        "VpcId",
        "SubnetId",
        "Zone",
        "GroupSet",
        "Primary",
        "EniType",
        "AttachType",
        "MacAddress",
        "State",
        "NetworkInterfaceState",
        "PrivateIpAddressSet",
        "Attachment",
        "CreatedTime",
    ] {
        assert!(eni.get(field).is_some(), "missing {field}");
    }
    assert_eq!(eni["VpcId"], "vpc-gz0main1");
    assert_eq!(eni["Zone"], "ap-guangzhou-3");
    assert_eq!(eni["PrivateIpAddressSet"][0]["PrivateIpAddress"], "10.0.1.20");
    for field in ["InstanceId", "DeviceIndex", "InstanceAccountId", "AttachTime"] {
        assert!(eni["Attachment"].get(field).is_some(), "missing Attachment.{field}");
    }
    assert!(describe_eni(&sb, "eni-free0001").await["Attachment"].is_null());
}

#[tokio::test]
async fn network_interface_filters() {
    let sb = sandbox().await;
    let by = |name: &str, values: &str| format!(r#"{{"Filters":[{{"Name":"{name}","Values":{values}}}]}}"#);
    let attached = enis(&sb, &by("attachment.instance-id", r#"["ins-web00001"]"#)).await;
    assert_eq!(ids(&attached, "NetworkInterfaceSet", "NetworkInterfaceId"), ["eni-pweb0001", "eni-sec00001"]);
    let other_vpc = enis(&sb, &by("vpc-id", r#"["vpc-gz0othr1"]"#)).await;
    assert_eq!(other_vpc["Response"]["TotalCount"], 2);
    let zone4 = enis(&sb, &by("subnet-id", r#"["subnet-gz4app01"]"#)).await;
    assert_eq!(zone4["Response"]["TotalCount"], 2);
    let primaries = enis(&sb, &by("is-primary", r#"["true"]"#)).await;
    assert_eq!(primaries["Response"]["TotalCount"], 7);
    let by_ip = enis(&sb, &by("address-ip", r#"["10.0.1.33"]"#)).await;
    assert_eq!(ids(&by_ip, "NetworkInterfaceSet", "NetworkInterfaceId"), ["eni-free0003"]);
    let by_name = enis(&sb, &by("network-interface-name", r#"["spare"]"#)).await;
    assert_eq!(by_name["Response"]["TotalCount"], 7);
    let by_id = enis(&sb, &by("network-interface-id", r#"["eni-free0001","eni-free0002"]"#)).await;
    assert_eq!(by_id["Response"]["TotalCount"], 2, "values within a filter are ORed");
    let anded = r#"{"Filters":[{"Name":"vpc-id","Values":["vpc-gz0main1"]},{"Name":"is-primary","Values":["false"]},{"Name":"subnet-id","Values":["subnet-gz3web01"]}]}"#;
    assert_eq!(enis(&sb, anded).await["Response"]["TotalCount"], 8, "filters are ANDed");
    assert_eq!(code(&enis(&sb, &by("colour", r#"["red"]"#)).await), "InvalidParameter.FilterInvalidKey");
    assert_eq!(
        code(&enis(&sb, &by("vpc-id", r#""vpc-gz0main1""#)).await),
        "InvalidParameter.FilterValuesNotList"
    );
    assert_eq!(code(&enis(&sb, r#"{"Filters":["vpc-id"]}"#).await), "InvalidParameter.FilterNotDict");
}

#[tokio::test]
async fn network_interface_ids() {
    let sb = sandbox().await;
    let found = enis(&sb, r#"{"NetworkInterfaceIds":["eni-free0002","eni-zzzz9999"]}"#).await;
    assert_eq!(ids(&found, "NetworkInterfaceSet", "NetworkInterfaceId"), ["eni-free0002"]);
    let both = r#"{"NetworkInterfaceIds":["eni-free0002"],"Filters":[{"Name":"vpc-id","Values":["x"]}]}"#;
    assert_eq!(code(&enis(&sb, both).await), "InvalidParameter.Coexist");
    assert_eq!(
        code(&enis(&sb, r#"{"NetworkInterfaceIds":["nope"]}"#).await),
        "InvalidParameterValue.Malformed"
    );
    let in_fsi = Req::vpc(&sb, "DescribeNetworkInterfaces", "{}").region("ap-shanghai-fsi").json().await;
    assert_eq!(in_fsi["Response"]["TotalCount"], 2);
}

#[tokio::test]
async fn instances_page_and_filter() {
    let sb = sandbox().await;
    let all = instances(&sb, "{}").await;
    assert_eq!(all["Response"]["TotalCount"], 7);
    let item = &all["Response"]["InstanceSet"][0];
    for field in [
        "InstanceId",
        "InstanceName",
        "InstanceType",
        "CPU",
        "Memory",
        "InstanceState",
        "PrivateIpAddresses",
        "PublicIpAddresses",
        "SecurityGroupIds",
    ] {
        assert!(item.get(field).is_some(), "missing {field}");
    }
    assert_eq!(item["Placement"]["Zone"], "ap-guangzhou-3");
    assert_eq!(item["VirtualPrivateCloud"]["VpcId"], "vpc-gz0main1");
    assert_eq!(item["VirtualPrivateCloud"]["SubnetId"], "subnet-gz3web01");
    let page = instances(&sb, r#"{"Offset":2,"Limit":2}"#).await;
    assert_eq!(ids(&page, "InstanceSet", "InstanceId"), ids(&all, "InstanceSet", "InstanceId")[2..4]);
    let by = |name: &str, value: &str| format!(r#"{{"Filters":[{{"Name":"{name}","Values":["{value}"]}}]}}"#);
    assert_eq!(instances(&sb, &by("zone", "ap-guangzhou-4")).await["Response"]["TotalCount"], 1);
    assert_eq!(instances(&sb, &by("vpc-id", "vpc-gz0main1")).await["Response"]["TotalCount"], 6);
    assert_eq!(instances(&sb, &by("subnet-id", "subnet-gz3oth01")).await["Response"]["TotalCount"], 1);
    assert_eq!(instances(&sb, &by("instance-state", "STOPPED")).await["Response"]["TotalCount"], 1);
    assert_eq!(instances(&sb, &by("instance-name", "web")).await["Response"]["TotalCount"], 2);
    assert_eq!(instances(&sb, &by("instance-id", "ins-bms00001")).await["Response"]["TotalCount"], 1);
    let by_ip = instances(&sb, &by("private-ip-address", "10.0.1.13")).await;
    assert_eq!(ids(&by_ip, "InstanceSet", "InstanceId"), ["ins-full0001"]);
    let by_ids = instances(&sb, r#"{"InstanceIds":["ins-web00002"]}"#).await;
    assert_eq!(ids(&by_ids, "InstanceSet", "InstanceId"), ["ins-web00002"]);
    let both = r#"{"InstanceIds":["ins-web00002"],"Filters":[{"Name":"zone","Values":["x"]}]}"#;
    assert_eq!(code(&instances(&sb, both).await), "InvalidParameter");
    assert_eq!(code(&instances(&sb, r#"{"Limit":101}"#).await), "InvalidParameterValue.LimitExceeded");
    assert_eq!(code(&instances(&sb, &by("flavour", "x")).await), "InvalidFilter");
    assert_eq!(code(&instances(&sb, r#"{"InstanceIds":["i-123"]}"#).await), "InvalidInstanceId.Malformed");
}

#[tokio::test]
async fn network_interface_limit() {
    let sb = sandbox().await;
    let limit =
        |id: &str| Req::vpc(&sb, "DescribeNetworkInterfaceLimit", &format!(r#"{{"InstanceId":"{id}"}}"#));
    let answer = limit("ins-full0001").json().await;
    assert_eq!(answer["Response"]["EniQuantity"], 2);
    assert_eq!(answer["Response"]["EniPrivateIpAddressQuantity"], 10);
    assert_eq!(
        limit("eni-sful0001").json().await["Response"]["EniQuantity"],
        2,
        "an ENI answers for its instance"
    );
    assert_eq!(limit("ins-zzzz9999").code().await, "ResourceNotFound");
    assert_eq!(limit("x").code().await, "InvalidParameterValue.Malformed");
}

#[tokio::test]
async fn regions_come_from_the_catalog() {
    let sb = sandbox().await;
    let answer = Req::new(&sb, "region", "DescribeRegions", r#"{"Product":"vpc"}"#).json().await;
    let set = answer["Response"]["RegionSet"].as_array().unwrap();
    assert_eq!(answer["Response"]["TotalCount"].as_u64().unwrap() as usize, set.len());
    assert_eq!(set.len(), tceni::catalog::regions::regions().len());
    let fsi = set.iter().find(|r| r["Region"] == "ap-shanghai-fsi").unwrap();
    assert_eq!(fsi["RegionState"], "AVAILABLE");
    assert!(fsi["RegionName"].is_string());
    assert_eq!(Req::new(&sb, "region", "DescribeRegions", "{}").code().await, "MissingParameter");
}

#[tokio::test]
async fn a_burst_over_the_rate_limit_is_refused() {
    let sb = sandbox_with(SandboxConfig::default()).await;
    let client = reqwest::Client::new();
    let burst = (0..80).map(|_| {
        let req = Req::cvm(&sb, "DescribeInstances", r#"{"Limit":1}"#).with_client(&client);
        async move { req.code().await }
    });
    let codes = futures::future::join_all(burst).await;
    let refused = codes.iter().filter(|c| *c == "RequestLimitExceeded").count();
    let passed = codes.iter().filter(|c| *c == "ok").count();
    assert!(refused >= 1 && passed >= 50 && refused + passed == codes.len(), "{codes:?}");
    let other_action = Req::vpc(&sb, "DescribeNetworkInterfaces", "{}").with_client(&client).code().await;
    assert_eq!(other_action, "ok", "each action has its own bucket");
    let other_region = Req::cvm(&sb, "DescribeInstances", "{}").region("ap-shanghai-fsi").code().await;
    assert_eq!(other_region, "ok", "each region has its own bucket");
}

#[tokio::test]
async fn rate_limit_zero_is_off() {
    let sb = sandbox_with(SandboxConfig { rate_limit: 0, ..SandboxConfig::default() }).await;
    let client = reqwest::Client::new();
    for _ in 0..80 {
        assert_eq!(
            Req::cvm(&sb, "DescribeInstances", r#"{"Limit":1}"#).with_client(&client).code().await,
            "ok"
        );
    }
}
