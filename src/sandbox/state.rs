//! Everything that changes while the sandbox runs, behind one lock: the world, the tasks, the
//! ClientTokens seen, the rate buckets, the faults and the request log. Every operation on it is
//! short and synchronous.

use super::faults::FaultBook;
use super::log::RequestLog;
use super::ratelimit::RateLimiter;
use super::tasks::TaskBook;
use super::world::World;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// What a ClientToken was first used for.
#[derive(Debug, Clone)]
pub struct TokenRecord {
    /// The parameters of the first call, so a reuse with others can be refused.
    pub fingerprint: String,
    pub task_id: String,
}

#[derive(Debug)]
pub struct State {
    pub world: World,
    pub tasks: TaskBook,
    /// (action, ClientToken) → the first call with it.
    pub tokens: HashMap<(String, String), TokenRecord>,
    pub limiter: RateLimiter,
    pub faults: FaultBook,
    pub log: RequestLog,
    pub task_delay: Duration,
    /// The rules of an attach or detach are checked before its ClientToken is looked up.
    pub token_after_state: bool,
    /// CloudAudit's trail of every change.
    pub audit: super::audit::AuditTrail,
}

impl State {
    pub fn settle(&mut self, now: Instant) {
        self.tasks.settle(&mut self.world, now);
    }

    /// Back to the initial world: no tasks, tokens, faults or rate history. The log is kept
    /// (with its sequence numbers) so a test can still read what happened before.
    pub fn reset(&mut self, world: World, rate_limit: u32) {
        self.world = world;
        self.tasks = TaskBook::default();
        self.tokens.clear();
        self.limiter = RateLimiter::new(rate_limit);
        self.faults.clear();
        self.audit.reset();
    }

    pub fn dump(&mut self, now: Instant) -> StateDump {
        self.settle(now);
        let mut dump = StateDump::default();
        for region in &self.world.regions {
            for eni in &region.enis {
                dump.enis.push(EniDump {
                    region: region.region.clone(),
                    id: eni.id.clone(),
                    state: eni.state.clone(),
                    primary: eni.primary,
                    instance: eni.attachment.as_ref().map(|a| a.instance.clone()),
                    device_index: eni.attachment.as_ref().map(|a| a.device_index),
                });
            }
            for instance in &region.instances {
                dump.instances.push(InstanceDump {
                    region: region.region.clone(),
                    id: instance.id.clone(),
                    state: instance.state.clone(),
                    eni_limit: instance.eni_limit,
                    enis: region.enis_of(&instance.id).iter().map(|e| e.id.clone()).collect(),
                });
            }
        }
        dump.tasks = self.tasks.all().iter().map(TaskDump::from).collect();
        dump
    }
}

/// A snapshot of the mutable world, for tests and `GET /_sandbox/state`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StateDump {
    pub enis: Vec<EniDump>,
    pub instances: Vec<InstanceDump>,
    pub tasks: Vec<TaskDump>,
}

impl StateDump {
    pub fn eni(&self, id: &str) -> Option<&EniDump> {
        self.enis.iter().find(|e| e.id == id)
    }

    pub fn instance(&self, id: &str) -> Option<&InstanceDump> {
        self.instances.iter().find(|i| i.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EniDump {
    pub region: String,
    pub id: String,
    pub state: String,
    pub primary: bool,
    /// The instance it is attached (or attaching) to.
    pub instance: Option<String>,
    pub device_index: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstanceDump {
    pub region: String,
    pub id: String,
    pub state: String,
    pub eni_limit: u32,
    /// Attached (or attaching) ENIs, primary first.
    pub enis: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskDump {
    pub task_id: String,
    pub aliases: Vec<String>,
    pub region: String,
    pub change: super::tasks::Change,
    pub eni: String,
    /// The instance bound to (a migrate's destination) or unbound from.
    pub instance: String,
    /// A migrate's source instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub status: super::tasks::TaskStatus,
    pub output: String,
}

impl From<&super::tasks::Task> for TaskDump {
    fn from(t: &super::tasks::Task) -> TaskDump {
        TaskDump {
            task_id: t.id.clone(),
            aliases: t.aliases.clone(),
            region: t.region.clone(),
            change: t.change,
            eni: t.eni.clone(),
            instance: t.instance.clone(),
            source: t.previous.as_ref().map(|a| a.instance.clone()),
            status: t.status,
            output: t.output.clone(),
        }
    }
}
