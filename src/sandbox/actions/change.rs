//! AttachNetworkInterface, DetachNetworkInterface and MigrateNetworkInterface: the rules,
//! ClientToken idempotency (attach and detach; migrate has none, as the service's), and the async
//! task each accepted call starts.

use super::{Call, Fields};
use crate::sandbox::error::ApiError;
use crate::sandbox::faults::{FaultKind, FaultPoint};
use crate::sandbox::state::{State, TokenRecord};
use crate::sandbox::tasks::{Change, Task, TaskStatus};
use crate::sandbox::world::{self, Attachment, Eni, Instance, RegionWorld, World};

const MAX_CLIENT_TOKEN: usize = 64;
const DEFAULT_FAILURE: &str =
    "the instance refused to hot-plug the network interface (sandbox fault task-failed)";

/// The parameters of one attach, detach or migrate (whose `instance` is the destination).
struct ChangeRequest {
    change: Change,
    eni: String,
    instance: String,
    attach_type: u64,
    token: Option<String>,
}

impl ChangeRequest {
    /// What must be equal for a ClientToken reuse to count as the same request.
    fn fingerprint(&self, region: &str) -> String {
        format!("{region}|{}|{}|{}", self.eni, self.instance, self.attach_type)
    }
}

pub fn attach(state: &mut State, call: &Call) -> Result<Fields, ApiError> {
    call.params.allow_only(&["NetworkInterfaceId", "InstanceId", "AttachType", "ClientToken"])?;
    let attach_type = read_attach_type(call)?;
    let request = read_change(call, Change::Attach, attach_type)?;
    let check = |state: &State| -> Result<(), ApiError> {
        let region = region_of(&state.world, call.region, &request)?;
        let (eni, instance) = find_pair(region, call.region, &request)?;
        check_attach(&state.world, region, eni, instance, attach_type)
    };
    if state.token_after_state {
        check(state)?;
    }
    if let Some(fields) = replay(state, call, &request)? {
        return Ok(fields);
    }
    check(state)?;
    bind(&mut state.world, call.region, &request);
    start_task(state, call, request, None);
    Ok(Fields::new())
}

pub fn detach(state: &mut State, call: &Call) -> Result<Fields, ApiError> {
    call.params.allow_only(&["NetworkInterfaceId", "InstanceId", "ClientToken"])?;
    let request = read_change(call, Change::Detach, 0)?;
    let check = |state: &State| -> Result<(), ApiError> {
        let region = region_of(&state.world, call.region, &request)?;
        let (eni, instance) = find_pair(region, call.region, &request)?;
        check_detach(eni, instance)
    };
    if state.token_after_state {
        check(state)?;
    }
    if let Some(fields) = replay(state, call, &request)? {
        return Ok(fields);
    }
    check(state)?;
    eni_mut(&mut state.world, call.region, &request.eni).state = "DETACHING".to_string();
    start_task(state, call, request, None);
    Ok(Fields::new())
}

/// MigrateNetworkInterface has no ClientToken: `allow_only` refuses one as an unknown parameter,
/// and a repeated call is a new move (refused once the ENI has left its source). While the task
/// runs the ENI is ATTACHING on the destination, which holds the slot; a failure puts it back.
pub fn migrate(state: &mut State, call: &Call) -> Result<Fields, ApiError> {
    call.params.allow_only(&[
        "NetworkInterfaceId",
        "SourceInstanceId",
        "DestinationInstanceId",
        "AttachType",
    ])?;
    let attach_type = read_attach_type(call)?;
    let (request, source) = read_migrate(call, attach_type)?;
    let region = region_of(&state.world, call.region, &request)?;
    let eni = find_eni(region, call.region, &request.eni)?;
    let source = find_instance(region, call.region, &source)?;
    let destination = find_instance(region, call.region, &request.instance)?;
    check_migrate(&state.world, region, eni, source, destination, attach_type)?;
    let previous = bind(&mut state.world, call.region, &request);
    start_task(state, call, request, previous);
    Ok(Fields::new())
}

fn read_attach_type(call: &Call) -> Result<u64, ApiError> {
    let attach_type = call.params.uint("AttachType")?.unwrap_or(0);
    if attach_type > 1 {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("`AttachType` is {attach_type}; it must be 0 (standard) or 1 (extended)."),
        ));
    }
    Ok(attach_type)
}

fn read_change(call: &Call, change: Change, attach_type: u64) -> Result<ChangeRequest, ApiError> {
    let eni = call.params.required_string("NetworkInterfaceId")?;
    let instance = call.params.required_string("InstanceId")?;
    let token = client_token(call)?;
    check_well_formed(&[("NetworkInterfaceId", "eni-", &eni), ("InstanceId", "ins-", &instance)])?;
    Ok(ChangeRequest { change, eni, instance, attach_type, token })
}

/// A migrate's request (the destination as its instance) and its source instance.
fn read_migrate(call: &Call, attach_type: u64) -> Result<(ChangeRequest, String), ApiError> {
    let eni = call.params.required_string("NetworkInterfaceId")?;
    let source = call.params.required_string("SourceInstanceId")?;
    let destination = call.params.required_string("DestinationInstanceId")?;
    check_well_formed(&[
        ("NetworkInterfaceId", "eni-", &eni),
        ("SourceInstanceId", "ins-", &source),
        ("DestinationInstanceId", "ins-", &destination),
    ])?;
    if source == destination {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("`SourceInstanceId` and `DestinationInstanceId` are both {source}; they must differ."),
        ));
    }
    let request =
        ChangeRequest { change: Change::Migrate, eni, instance: destination, attach_type, token: None };
    Ok((request, source))
}

/// (parameter, ID prefix, value): the first malformed value is refused.
fn check_well_formed(ids: &[(&str, &str, &str)]) -> Result<(), ApiError> {
    match ids.iter().find(|(_, prefix, id)| !world::is_well_formed(prefix, id)) {
        Some((name, _, id)) => Err(ApiError::malformed(name, id)),
        None => Ok(()),
    }
}

fn client_token(call: &Call) -> Result<Option<String>, ApiError> {
    let token = call.params.string("ClientToken")?.filter(|t| !t.is_empty());
    if let Some(t) = &token
        && (t.len() > MAX_CLIENT_TOKEN || !t.is_ascii())
    {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("`ClientToken` must be at most {MAX_CLIENT_TOKEN} ASCII characters."),
        ));
    }
    Ok(token)
}

/// A ClientToken seen before: the same parameters refer to the first call's task (refused while
/// it runs, accepted again once it has ended, without a second change); others are refused.
fn replay(state: &mut State, call: &Call, request: &ChangeRequest) -> Result<Option<Fields>, ApiError> {
    let Some(token) = &request.token else { return Ok(None) };
    let Some(record) = state.tokens.get(&(call.action.to_string(), token.clone())) else { return Ok(None) };
    if record.fingerprint != request.fingerprint(call.region) {
        return Err(ApiError::new(
            "UnsupportedOperation.IdempotentParameterMismatch",
            format!("The ClientToken `{token}` was already used with other parameters."),
        )
        .zh(format!("ClientToken `{token}` 已被用于参数不同的请求。")));
    }
    let task_id = record.task_id.clone();
    if state.tasks.get(&task_id).is_some_and(|t| t.status == TaskStatus::Running) {
        return Err(ApiError::new(
            "UnsupportedOperation.IdempotentProcessing",
            format!(
                "The request with ClientToken `{token}` is still being processed (task {task_id}); retry later."
            ),
        )
        .zh(format!("使用 ClientToken `{token}` 的请求仍在处理中（任务 {task_id}），请稍后重试。")));
    }
    state.tasks.alias(&task_id, call.request_id);
    Ok(Some(Fields::new()))
}

fn region_of<'w>(
    world: &'w World,
    region: &str,
    request: &ChangeRequest,
) -> Result<&'w RegionWorld, ApiError> {
    world.region(region).ok_or_else(|| ApiError::not_found("network interface", &request.eni, region))
}

fn find_pair<'w>(
    region: &'w RegionWorld,
    region_id: &str,
    request: &ChangeRequest,
) -> Result<(&'w Eni, &'w Instance), ApiError> {
    Ok((find_eni(region, region_id, &request.eni)?, find_instance(region, region_id, &request.instance)?))
}

fn find_eni<'w>(region: &'w RegionWorld, region_id: &str, id: &str) -> Result<&'w Eni, ApiError> {
    region.eni(id).ok_or_else(|| ApiError::not_found("network interface", id, region_id))
}

fn find_instance<'w>(region: &'w RegionWorld, region_id: &str, id: &str) -> Result<&'w Instance, ApiError> {
    region.instance(id).ok_or_else(|| ApiError::not_found("instance", id, region_id))
}

fn unsupported(code: &str, message: String) -> ApiError {
    ApiError::new(format!("UnsupportedOperation{code}"), message)
}

fn check_instance_state(instance: &Instance) -> Result<(), ApiError> {
    if instance.state == "RUNNING" || instance.state == "STOPPED" {
        return Ok(());
    }
    Err(unsupported(
        ".InvalidState",
        format!("The instance {} is {}; it must be RUNNING or STOPPED.", instance.id, instance.state),
    )
    .zh(format!("云服务器 {} 的状态为 {}，必须为 RUNNING 或 STOPPED。", instance.id, instance.state)))
}

/// The rules of AttachNetworkInterface, in the order the sandbox applies them.
fn check_attach(
    world: &World,
    region: &RegionWorld,
    eni: &Eni,
    instance: &Instance,
    attach_type: u64,
) -> Result<(), ApiError> {
    check_host(world, instance)?;
    if let Some(attachment) = &eni.attachment {
        return Err(unsupported(
            ".AttachmentAlreadyExists",
            format!("The network interface {} is already bound to instance {}.", eni.id, attachment.instance),
        )
        .zh(format!("弹性网卡 {} 已绑定到云服务器 {}。", eni.id, attachment.instance)));
    }
    check_eni_settled(eni)?;
    check_fit(region, eni, instance, attach_type)
}

/// The rules of MigrateNetworkInterface: the ENI leaves its source as a detach would (not the
/// primary, bound there, settled, source RUNNING or STOPPED), and the destination must take it
/// as an attach would.
fn check_migrate(
    world: &World,
    region: &RegionWorld,
    eni: &Eni,
    source: &Instance,
    destination: &Instance,
    attach_type: u64,
) -> Result<(), ApiError> {
    check_not_primary(eni, "migrated")?;
    check_bound_to(eni, source)?;
    check_eni_settled(eni)?;
    check_instance_state(source)?;
    check_host(world, destination)?;
    check_fit(region, eni, destination, attach_type)
}

/// The instance can take an ENI at all: its family supports ENIs, and it is RUNNING or STOPPED.
fn check_host(world: &World, instance: &Instance) -> Result<(), ApiError> {
    if !world.family_supports_eni(&instance.instance_type) {
        return Err(unsupported(
            ".UnsupportedInstanceFamily",
            format!(
                "The instance type {} does not support elastic network interfaces.",
                instance.instance_type
            ),
        )
        .zh(format!("实例规格 {} 不支持弹性网卡。", instance.instance_type)));
    }
    check_instance_state(instance)
}

/// This ENI fits on this instance: same VPC and zone, a security group, a free slot of its kind.
fn check_fit(region: &RegionWorld, eni: &Eni, instance: &Instance, attach_type: u64) -> Result<(), ApiError> {
    check_placement(region, eni, instance)?;
    if eni.security_groups.is_empty() {
        return Err(unsupported(
            "",
            format!(
                "The network interface {} has no security group; associate one before binding it.",
                eni.id
            ),
        )
        .zh(format!("弹性网卡 {} 未关联安全组，请先关联安全组再绑定。", eni.id)));
    }
    check_free_slot(region, instance, attach_type)
}

/// Standard and extended ENIs have separate quotas (EniQuantity, ExtendEniQuantity); ENIs being
/// bound already hold their slot.
fn check_free_slot(region: &RegionWorld, instance: &Instance, attach_type: u64) -> Result<(), ApiError> {
    let (kind, kind_zh, limit) = if attach_type == 1 {
        ("extended ", "扩展型", instance.extend_eni_limit)
    } else {
        ("", "", instance.eni_limit)
    };
    let bound = region.bound_of_type(&instance.id, attach_type);
    if bound >= limit as usize {
        return Err(ApiError::new(
            "LimitExceeded",
            format!(
                "The instance {} already holds {bound} {kind}network interfaces, its quota.",
                instance.id
            ),
        )
        .zh(format!("云服务器 {} 已绑定 {bound} 个{kind_zh}弹性网卡，达到配额上限。", instance.id)));
    }
    Ok(())
}

/// An ENI in the middle of an attach, detach or migrate cannot start another one.
fn check_eni_settled(eni: &Eni) -> Result<(), ApiError> {
    if eni.state != "AVAILABLE" {
        return Err(unsupported(
            ".InvalidState",
            format!("The network interface {} is {}.", eni.id, eni.state),
        )
        .zh(format!("弹性网卡 {} 的状态为 {}。", eni.id, eni.state)));
    }
    Ok(())
}

fn check_placement(region: &RegionWorld, eni: &Eni, instance: &Instance) -> Result<(), ApiError> {
    let (Some(eni_subnet), Some(instance_subnet)) =
        (region.subnet(&eni.subnet), region.subnet(&instance.subnet))
    else {
        return Ok(()); // the world was checked at load: every subnet exists
    };
    if eni_subnet.vpc != instance_subnet.vpc {
        return Err(unsupported(
            ".VpcMismatch",
            format!(
                "The network interface is in {} and the instance in {}.",
                eni_subnet.vpc, instance_subnet.vpc
            ),
        )
        .zh(format!(
            "弹性网卡与云服务器不在同一私有网络：弹性网卡在 {}，云服务器在 {}。",
            eni_subnet.vpc, instance_subnet.vpc
        )));
    }
    if eni_subnet.zone != instance_subnet.zone {
        return Err(unsupported(
            ".ZoneMismatch",
            format!(
                "The network interface is in {} and the instance in {}.",
                eni_subnet.zone, instance_subnet.zone
            ),
        )
        .zh(format!(
            "弹性网卡与云服务器不在同一可用区：弹性网卡在 {}，云服务器在 {}。",
            eni_subnet.zone, instance_subnet.zone
        )));
    }
    Ok(())
}

fn check_detach(eni: &Eni, instance: &Instance) -> Result<(), ApiError> {
    check_not_primary(eni, "unbound")?;
    check_bound_to(eni, instance)?;
    check_eni_settled(eni)?;
    check_instance_state(instance)
}

fn check_not_primary(eni: &Eni, verb: &str) -> Result<(), ApiError> {
    if eni.primary {
        let verb_zh = if verb == "migrated" { "迁移" } else { "解绑" };
        return Err(unsupported("", format!("The primary network interface {} cannot be {verb}.", eni.id))
            .zh(format!("主网卡 {} 不能{verb_zh}。", eni.id)));
    }
    Ok(())
}

fn check_bound_to(eni: &Eni, instance: &Instance) -> Result<(), ApiError> {
    if eni.attachment.as_ref().is_none_or(|a| a.instance != instance.id) {
        return Err(unsupported(
            ".InvalidState",
            format!("The network interface {} is not bound to instance {}.", eni.id, instance.id),
        )
        .zh(format!("弹性网卡 {} 未绑定到云服务器 {}。", eni.id, instance.id)));
    }
    Ok(())
}

fn next_device_index(region: &RegionWorld, instance: &str) -> u32 {
    region
        .enis_of(instance)
        .iter()
        .filter_map(|e| e.attachment.as_ref())
        .map(|a| a.device_index + 1)
        .max()
        .unwrap_or(0)
}

/// Bind the ENI to the request's instance at its next device index, ATTACHING until the task
/// settles; answers the attachment it had (a migrate's source, for the rollback).
fn bind(world: &mut World, region: &str, request: &ChangeRequest) -> Option<Attachment> {
    let device_index = world.region(region).map_or(0, |r| next_device_index(r, &request.instance));
    let attachment = Attachment {
        instance: request.instance.clone(),
        device_index,
        attach_time: beijing_now(),
        attach_type: request.attach_type,
    };
    let eni = eni_mut(world, region, &request.eni);
    eni.state = "ATTACHING".to_string();
    eni.attachment.replace(attachment)
}

fn eni_mut<'w>(world: &'w mut World, region: &str, eni: &str) -> &'w mut Eni {
    world
        .region_mut(region)
        .and_then(|r| r.eni_mut(eni))
        .expect("the ENI was found a moment ago under the same lock")
}

fn start_task(state: &mut State, call: &Call, request: ChangeRequest, previous: Option<Attachment>) {
    let fail_reason = match state.faults.take(FaultPoint::Task, Some(call.action)) {
        Some(FaultKind::TaskFailed { reason }) => {
            call.fault.set(Some("task-failed"));
            Some(reason.unwrap_or_else(|| DEFAULT_FAILURE.to_string()))
        }
        _ => None,
    };
    if let Some(token) = &request.token {
        let record = TokenRecord {
            fingerprint: request.fingerprint(call.region),
            task_id: call.request_id.to_string(),
        };
        state.tokens.insert((call.action.to_string(), token.clone()), record);
    }
    state.tasks.add(Task {
        id: call.request_id.to_string(),
        aliases: Vec::new(),
        region: call.region.to_string(),
        change: request.change,
        eni: request.eni,
        instance: request.instance,
        previous,
        status: TaskStatus::Running,
        output: String::new(),
        due: call.now + state.task_delay,
        fail_reason,
    });
}

/// VPC answers times as `YYYY-MM-DD HH:MM:SS` in Beijing time (UTC+8).
pub fn beijing_now() -> String {
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    chrono::Utc::now().with_timezone(&beijing).format("%Y-%m-%d %H:%M:%S").to_string()
}
