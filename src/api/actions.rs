//! Typed calls for each action this app uses. Responses are read leniently: nulls and unknown
//! fields are fine, because the service documents many fields as "may return null".

use super::client::{Call, Client, Service};
use super::error::ApiError;
use serde::Deserialize;
use serde_json::{Value, json};

/// Largest page the service allows for Describe* calls.
pub const PAGE_LIMIT: u64 = 100;
/// A Describe* listing stops with an error past this many pages or items: a server whose
/// TotalCount keeps running ahead of what it returns would otherwise be paged forever.
pub const MAX_PAGES: usize = 100;
pub const MAX_ITEMS: usize = 10_000;

/// Its text (strum: `standard`, `extended`) is what a runbook file writes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
)]
#[strum(serialize_all = "lowercase")]
pub enum AttachType {
    #[default]
    Standard,
    Extended,
}

impl AttachType {
    pub fn code(self) -> u64 {
        match self {
            AttachType::Standard => 0,
            AttachType::Extended => 1,
        }
    }

    /// `standard (0)`, `extended (1)`: the word and the API's number.
    pub fn label(self) -> String {
        format!("{self} ({})", self.code())
    }
}

/// `Status` of `DescribeVpcTaskResult`: the one task status, on the wire, in the attempt record
/// (a poll's last answer) and in the history's `task_status` column (so its texts are part of
/// the file format).
#[derive(Debug, Clone, PartialEq, Eq, Hash, strum::Display, strum::EnumString, strum::IntoStaticStr)]
pub enum TaskStatus {
    #[strum(serialize = "RUNNING")]
    Running,
    #[strum(serialize = "SUCCESS")]
    Success,
    #[strum(serialize = "FAILED")]
    Failed,
    /// A status this build does not know: polled again, kept as sent (`From<&str>` never fails).
    #[strum(default)]
    Other(String),
}

impl TaskStatus {
    pub fn as_str(&self) -> &str {
        match self {
            TaskStatus::Other(text) => text,
            known => known.into(),
        }
    }

    /// Only SUCCESS and FAILED end a task; anything else is polled again.
    pub fn is_terminal(&self) -> bool {
        matches!(self, TaskStatus::Success | TaskStatus::Failed)
    }
}

impl serde::Serialize for TaskStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TaskStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<TaskStatus, D::Error> {
        Ok(TaskStatus::from(String::deserialize(deserializer)?.as_str()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskResult {
    pub status: TaskStatus,
    pub output: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Attachment {
    pub instance_id: String,
    pub device_index: Option<u64>,
    pub attach_time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct PrivateIp {
    #[serde(rename = "PrivateIpAddress")]
    pub address: String,
    #[serde(rename = "Primary")]
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkInterface {
    #[serde(rename = "NetworkInterfaceId")]
    pub id: String,
    #[serde(rename = "NetworkInterfaceName", deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(rename = "NetworkInterfaceDescription", deserialize_with = "null_as_default")]
    pub description: String,
    pub vpc_id: String,
    pub subnet_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub zone: String,
    #[serde(deserialize_with = "null_as_default")]
    pub group_set: Vec<String>,
    pub primary: bool,
    /// 0 standard, 1 extended; None when the service leaves it out.
    pub attach_type: Option<u64>,
    #[serde(deserialize_with = "null_as_default")]
    pub state: String,
    pub attachment: Option<Attachment>,
    #[serde(rename = "PrivateIpAddressSet", deserialize_with = "null_as_default")]
    pub private_ips: Vec<PrivateIp>,
    #[serde(deserialize_with = "null_as_default")]
    pub mac_address: String,
}

/// An ENI state that is not in the middle of a change (the service may leave it empty).
pub fn is_settled_state(state: &str) -> bool {
    matches!(state, "AVAILABLE" | "")
}

impl NetworkInterface {
    pub fn is_settled(&self) -> bool {
        is_settled_state(&self.state)
    }

    pub fn primary_ip(&self) -> Option<&str> {
        let primary = self.private_ips.iter().find(|ip| ip.primary).or(self.private_ips.first());
        primary.map(|ip| ip.address.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Placement {
    pub zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VirtualPrivateCloud {
    pub vpc_id: String,
    pub subnet_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Instance {
    #[serde(rename = "InstanceId")]
    pub id: String,
    #[serde(rename = "InstanceName", deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub instance_type: String,
    #[serde(rename = "InstanceState", deserialize_with = "null_as_default")]
    pub state: String,
    pub placement: Placement,
    /// None for an instance outside any VPC (classic network).
    pub virtual_private_cloud: Option<VirtualPrivateCloud>,
    #[serde(deserialize_with = "null_as_default")]
    pub private_ip_addresses: Vec<String>,
}

impl Instance {
    pub fn vpc_id(&self) -> Option<&str> {
        self.virtual_private_cloud.as_ref().map(|v| v.vpc_id.as_str()).filter(|v| !v.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EniLimit {
    pub eni_quantity: u64,
    pub extend_eni_quantity: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RegionInfo {
    pub region: String,
    #[serde(deserialize_with = "null_as_default")]
    pub region_name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub region_state: String,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A filter for Describe* calls: `{"Name": ..., "Values": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

impl Filter {
    pub fn new(name: &str, values: &[&str]) -> Self {
        Filter { name: name.into(), values: values.iter().map(|v| v.to_string()).collect() }
    }
}

fn filters_json(filters: &[Filter]) -> Value {
    filters.iter().map(|f| json!({"Name": f.name, "Values": f.values})).collect()
}

fn field<T: for<'de> Deserialize<'de> + Default>(
    response: &Value,
    name: &str,
    endpoint: &str,
) -> Result<T, ApiError> {
    match response.get(name) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(value) => T::deserialize(value).map_err(|e| ApiError::Undecodable {
            endpoint: endpoint.into(),
            reason: format!("unexpected {name}: {e}"),
            excerpt: crate::api::envelope::excerpt(value.to_string().as_bytes()),
            truncated: false,
        }),
    }
}

fn request_id(response: &Value) -> Option<String> {
    response.get("RequestId").and_then(Value::as_str).filter(|id| !id.is_empty()).map(str::to_string)
}

/// The RequestId of an accepted asynchronous call: it is the TaskId to poll, so an answer
/// without one cannot be followed and says nothing certain.
fn task_request_id(response: &Value, endpoint: String) -> Result<String, ApiError> {
    request_id(response).ok_or_else(|| ApiError::Undecodable {
        endpoint,
        reason: "the answer has no RequestId".into(),
        excerpt: crate::api::envelope::excerpt(response.to_string().as_bytes()),
        truncated: false,
    })
}

impl Client {
    async fn vpc(&self, action: &str, region: &str, params: &Value) -> Result<Value, ApiError> {
        self.call(&Call { service: Service::Vpc, action, region: Some(region), params, replayable: true })
            .await
    }

    /// Send an asynchronous call (attach, detach, migrate) and return its RequestId, which is
    /// also the TaskId to follow with [`Client::describe_vpc_task_result`].
    pub async fn start_task(&self, call: &Call<'_>) -> Result<String, ApiError> {
        let response = self.call(call).await?;
        task_request_id(&response, self.endpoint(call.service, call.region).url())
    }

    /// One ENI by ID; None when the service does not know it.
    pub async fn describe_network_interface(
        &self,
        region: &str,
        eni: &str,
    ) -> Result<Option<NetworkInterface>, ApiError> {
        match self.describe_network_interfaces(region, &[eni], &[]).await {
            Ok(list) => Ok(list.into_iter().next()),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn describe_vpc_task_result(
        &self,
        region: &str,
        task_id: &str,
    ) -> Result<TaskResult, ApiError> {
        self.describe_vpc_task_result_within(region, task_id, None).await
    }

    /// [`Client::describe_vpc_task_result`] as a task's poll: in line since the task was
    /// accepted, its answer awaited at most `polled.within` once it has left the rate limiter
    /// (see [`Client::call_within`]).
    pub async fn describe_vpc_task_result_within(
        &self,
        region: &str,
        task_id: &str,
        polled: Option<super::client::Polled>,
    ) -> Result<TaskResult, ApiError> {
        let params = json!({ "TaskId": task_id });
        let call = Call {
            service: Service::Vpc,
            action: "DescribeVpcTaskResult",
            region: Some(region),
            params: &params,
            replayable: true,
        };
        let response = match polled {
            Some(polled) => self.call_within(&call, polled).await?,
            None => self.call(&call).await?,
        };
        let status = response.get("Status").and_then(Value::as_str).unwrap_or("");
        Ok(TaskResult {
            status: TaskStatus::from(status),
            output: response.get("Output").and_then(Value::as_str).map(str::to_string),
            request_id: request_id(&response),
        })
    }

    /// Every ENI matching the IDs or the filters, all pages.
    pub async fn describe_network_interfaces(
        &self,
        region: &str,
        ids: &[&str],
        filters: &[Filter],
    ) -> Result<Vec<NetworkInterface>, ApiError> {
        self.all_pages(Service::Vpc, "DescribeNetworkInterfaces", region, "NetworkInterfaceSet", |offset| {
            describe_params("NetworkInterfaceIds", ids, filters, offset)
        })
        .await
    }

    /// Every instance matching the IDs or the filters, all pages.
    pub async fn describe_instances(
        &self,
        region: &str,
        ids: &[&str],
        filters: &[Filter],
    ) -> Result<Vec<Instance>, ApiError> {
        self.all_pages(Service::Cvm, "DescribeInstances", region, "InstanceSet", |offset| {
            describe_params("InstanceIds", ids, filters, offset)
        })
        .await
    }

    pub async fn describe_network_interface_limit(
        &self,
        region: &str,
        instance_id: &str,
    ) -> Result<EniLimit, ApiError> {
        let response =
            self.vpc("DescribeNetworkInterfaceLimit", region, &json!({ "InstanceId": instance_id })).await?;
        EniLimit::deserialize(&response).map_err(|e| ApiError::Undecodable {
            endpoint: self.endpoint(Service::Vpc, Some(region)).url(),
            reason: format!("unexpected ENI limit: {e}"),
            excerpt: String::new(),
            truncated: false,
        })
    }

    pub async fn describe_regions(&self) -> Result<Vec<RegionInfo>, ApiError> {
        let params = json!({ "Product": "vpc" });
        let call = Call {
            service: Service::Region,
            action: "DescribeRegions",
            region: None,
            params: &params,
            replayable: true,
        };
        let response = self.call(&call).await?;
        field(&response, "RegionSet", &self.endpoint(Service::Region, None).url())
    }

    async fn all_pages<T: for<'de> Deserialize<'de>>(
        &self,
        service: Service,
        action: &str,
        region: &str,
        set_name: &str,
        params_for: impl Fn(u64) -> Value,
    ) -> Result<Vec<T>, ApiError> {
        let endpoint = self.endpoint(service, Some(region)).url();
        let mut items: Vec<T> = Vec::new();
        for _ in 0..MAX_PAGES {
            let params = params_for(items.len() as u64);
            let response = self
                .call(&Call { service, action, region: Some(region), params: &params, replayable: true })
                .await?;
            let page: Vec<T> = field(&response, set_name, &endpoint)?;
            let total: u64 = field(&response, "TotalCount", &endpoint)?;
            let page_len = page.len() as u64;
            items.extend(page);
            if page_len == 0 || items.len() as u64 >= total {
                return Ok(items);
            }
            if items.len() >= MAX_ITEMS {
                break;
            }
        }
        Err(ApiError::Undecodable {
            endpoint,
            reason: format!(
                "the server keeps paging: {action} still had more after {} items; tceni stops at \
                 {MAX_PAGES} pages or {MAX_ITEMS} items",
                items.len()
            ),
            excerpt: String::new(),
            truncated: false,
        })
    }
}

fn describe_params(ids_field: &str, ids: &[&str], filters: &[Filter], offset: u64) -> Value {
    let mut params = json!({ "Offset": offset, "Limit": PAGE_LIMIT });
    if !ids.is_empty() {
        params[ids_field] = json!(ids);
    }
    if !filters.is_empty() {
        params["Filters"] = filters_json(filters);
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enis_parse_leniently_with_nulls_and_unknown_fields() {
        let item = json!({
            "NetworkInterfaceId": "eni-aaaa1111", "NetworkInterfaceName": null, "VpcId": "vpc-1",
            "SubnetId": "subnet-1", "Zone": "ap-guangzhou-3", "GroupSet": null, "Primary": false,
            "State": "AVAILABLE", "Attachment": null, "SomethingNew": {"x": 1},
            "PrivateIpAddressSet": [{"PrivateIpAddress": "10.0.0.5", "Primary": true}]
        });
        let eni = NetworkInterface::deserialize(&item).unwrap();
        assert_eq!(eni.name, "");
        assert!(eni.group_set.is_empty() && eni.attachment.is_none());
        assert_eq!(eni.primary_ip(), Some("10.0.0.5"));
    }

    #[test]
    fn describe_params_page_at_the_service_maximum() {
        let p = describe_params("InstanceIds", &["ins-1"], &[], 200);
        assert_eq!(p, json!({"Offset": 200, "Limit": 100, "InstanceIds": ["ins-1"]}));
        let p = describe_params("InstanceIds", &[], &[Filter::new("zone", &["z"])], 0);
        assert_eq!(p["Filters"], json!([{"Name": "zone", "Values": ["z"]}]));
    }
}
