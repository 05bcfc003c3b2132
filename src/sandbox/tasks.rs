//! Async tasks (attach, detach, migrate): RUNNING until their delay has passed, then SUCCESS or FAILED.
//! Tasks settle lazily, whenever a request or a state dump looks at the world, so no timer
//! has to run.

use super::world::{Attachment, World};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Instant;

/// The emulated service's own task state: only the three it ever holds (the client's wire enum,
/// `api::TaskStatus`, must also take statuses it does not know). Its text (strum, serde) is what
/// `DescribeVpcTaskResult` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskStatus {
    Running,
    Success,
    Failed,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Attach,
    Detach,
    /// MigrateNetworkInterface: the ENI moves from one instance to another.
    Migrate,
}

#[derive(Debug, Clone)]
pub struct Task {
    /// The RequestId of the call that created it.
    pub id: String,
    /// RequestIds of idempotent replays that refer to this task.
    pub aliases: Vec<String>,
    pub region: String,
    pub change: Change,
    pub eni: String,
    /// The instance the ENI is bound to (attach, migrate's destination) or unbound from.
    pub instance: String,
    /// A migrate's attachment on its source instance, restored when the task fails.
    pub previous: Option<Attachment>,
    pub status: TaskStatus,
    pub output: String,
    pub due: Instant,
    /// Set by the `task-failed` fault: the task ends FAILED with this reason.
    pub fail_reason: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct TaskBook {
    tasks: Vec<Task>,
    /// RequestId (original or replay) → index in `tasks`.
    index: HashMap<String, usize>,
}

impl TaskBook {
    pub fn add(&mut self, task: Task) {
        self.index.insert(task.id.clone(), self.tasks.len());
        self.tasks.push(task);
    }

    /// A replay's RequestId answers for the same task.
    pub fn alias(&mut self, task_id: &str, request_id: &str) {
        if let Some(&i) = self.index.get(task_id) {
            self.tasks[i].aliases.push(request_id.to_string());
            self.index.insert(request_id.to_string(), i);
        }
    }

    pub fn get(&self, id: &str) -> Option<&Task> {
        self.index.get(id).map(|&i| &self.tasks[i])
    }

    pub fn all(&self) -> &[Task] {
        &self.tasks
    }

    /// Finish every task whose time has come, and apply its outcome to the world.
    pub fn settle(&mut self, world: &mut World, now: Instant) {
        for task in self.tasks.iter_mut().filter(|t| t.status == TaskStatus::Running && t.due <= now) {
            finish(task, world);
        }
    }
}

fn finish(task: &mut Task, world: &mut World) {
    let succeeded = task.fail_reason.is_none();
    task.status = if succeeded { TaskStatus::Success } else { TaskStatus::Failed };
    task.output = match &task.fail_reason {
        None => "SUCCESS".to_string(),
        Some(reason) => format!("FAILED: {reason}"),
    };
    let Some(eni) = world.region_mut(&task.region).and_then(|r| r.eni_mut(&task.eni)) else { return };
    eni.state = "AVAILABLE".to_string();
    // A failed attach and a successful detach both leave the ENI unbound; a failed migrate goes
    // back to its source; the others keep the attachment made when the call was accepted.
    match (task.change, succeeded) {
        (Change::Attach, false) | (Change::Detach, true) => eni.attachment = None,
        (Change::Migrate, false) => eni.attachment = task.previous.take(),
        _ => {}
    }
}
