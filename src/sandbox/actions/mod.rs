//! The actions the sandbox serves. Each takes the parsed call and the state, and answers the
//! fields of `Response` or the service's error.

mod change;
mod describe;
mod render;

use super::error::ApiError;
use super::params::Params;
use super::state::State;
use serde_json::{Map, Value};
use std::cell::Cell;
use std::time::Instant;

pub type Fields = Map<String, Value>;

/// One authenticated call.
pub struct Call<'a> {
    pub action: &'a str,
    /// X-TC-Region; empty for a region-service call sent without one.
    pub region: &'a str,
    pub params: &'a Params,
    pub request_id: &'a str,
    pub now: Instant,
    /// The name of a fault that acted inside the action (`task-failed`), for the log.
    pub fault: Cell<Option<&'static str>>,
}

pub fn run(state: &mut State, call: &Call) -> Result<Fields, ApiError> {
    match call.action {
        "AttachNetworkInterface" => change::attach(state, call),
        "DetachNetworkInterface" => change::detach(state, call),
        "MigrateNetworkInterface" => change::migrate(state, call),
        "DescribeVpcTaskResult" => describe::task_result(state, call),
        "DescribeNetworkInterfaces" => describe::network_interfaces(&state.world, call),
        "DescribeNetworkInterfaceLimit" => describe::network_interface_limit(&state.world, call),
        "DescribeInstances" => describe::instances(&state.world, call),
        "DescribeRegions" => describe::regions(call),
        other => Err(ApiError::new("InvalidAction", format!("The action `{other}` does not exist."))),
    }
}
