//! One plan's life, as one value: the plan, who sent it, the preflight verdicts, the send, the
//! task, the verification and how it ended. The workflow advances it with [`Attempt::apply`]
//! (the one transition function); the CLI printer, the terminal app's progress pane and
//! reconciliation apply the same changes to their copy; the history saves and loads it whole;
//! the JSON and the exit code are functions of it. Nothing re-derives a step from loose fields.

mod change;
mod code;
mod json;
mod located;
pub mod report;

pub use change::{Change, Impossible};
pub use code::{Code, Outcome, OwnCode, Reason};
pub use json::{JSON_SCHEMA, error_json, exit, exit_code, exit_code_of, to_json};
pub use located::{Located, Placement};

use crate::api::TaskStatus;
use crate::catalog::Explanation;
use crate::plan::Plan;
use report::{Report, Status};
use serde::{Deserialize, Serialize};

/// Who is calling: the profile, the masked SecretId (never the key), what the credential is,
/// and the account it acts in when sts said which.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    pub profile: String,
    pub secret_id_masked: String,
    /// sts GetCallerIdentity's AccountId; None when it is not known.
    pub account_id: Option<String>,
    /// sts GetCallerIdentity's Arn; None when it is not known.
    pub account_arn: Option<String>,
    /// Where the key came from, as shown (`assumed role …`, `environment (…1234)`); empty when
    /// not known (rows from older builds).
    pub credential: String,
}

/// One plan's life.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub plan: Plan,
    pub caller: Caller,
    /// Unix time in milliseconds when the attempt began.
    pub started_at: i64,
    /// The attempt this one sends again with the same ClientToken (history id).
    pub retry_of: Option<i64>,
    pub recording: Recording,
    pub preflight: Preflight,
    pub send: Send,
    pub task: Task,
    pub verification: Verification,
    pub end: End,
}

/// Whether the history holds this attempt as it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recording {
    /// No history was open for it.
    Off,
    /// Every write landed; the row's id.
    Recorded { id: i64 },
    /// A write failed, so the row is missing (`id` None) or behind what happened (the log has
    /// the RequestId and the ClientToken).
    Failed { id: Option<i64>, reason: String },
}

impl Recording {
    pub fn id(&self) -> Option<i64> {
        match self {
            Recording::Recorded { id } => Some(*id),
            Recording::Failed { id, .. } => *id,
            Recording::Off => None,
        }
    }

    /// The JSON's `history_recorded`.
    pub fn complete(&self) -> bool {
        matches!(self, Recording::Recorded { .. })
    }
}

/// The checks made before sending. Its text (strum) is the JSON's `preflight_state`; its serde
/// form is how the history's `state` column holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(tag = "state", content = "report", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Preflight {
    NotRun,
    /// Not run, on the operator's choice (`--no-preflight`, a re-send with the same token).
    Skipped,
    Checking,
    Checked(Report),
}

/// The request itself. Its text (strum) is the JSON's `send_state`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(tag = "state", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Send {
    NotYet,
    /// On its way (the client may be retrying it); no answer yet.
    InFlight,
    Accepted {
        request_id: String,
    },
    /// The service answered with an error: it did not act on the call.
    Refused {
        error: Reason,
        request_id: Option<String>,
    },
    /// It never reached the service (DNS, connection refused, TLS).
    NotDelivered {
        error: Reason,
    },
    /// It may have reached the service: no answer, a 5xx, `InternalError*` (with the service's
    /// RequestId), cancelled in flight.
    MaybeDelivered {
        error: Reason,
        request_id: Option<String>,
    },
}

/// The asynchronous task an accepted call starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Task {
    NotFollowed,
    /// Being asked about: `asked` polls went out (answered or not); `last` is the newest
    /// answer's status (never a terminal one).
    Polling {
        asked: u32,
        last: Option<TaskStatus>,
    },
    /// It ended SUCCESS; `at` is when, as best known (the answer that said so; unix ms; None
    /// when not known, as in rows from older builds).
    Succeeded {
        output: Option<String>,
        at: Option<i64>,
    },
    /// It ended FAILED (`output` says why, when the service said).
    Failed {
        output: Option<String>,
        at: Option<i64>,
    },
}

impl Task {
    /// The task's end for a terminal status (None: it is still running).
    pub fn ended(status: &TaskStatus, output: Option<String>, at: Option<i64>) -> Option<Task> {
        match status {
            TaskStatus::Success => Some(Task::Succeeded { output, at }),
            TaskStatus::Failed => Some(Task::Failed { output, at }),
            _ => None,
        }
    }

    pub fn output(&self) -> Option<&str> {
        match self {
            Task::Succeeded { output, .. } | Task::Failed { output, .. } => output.as_deref(),
            _ => None,
        }
    }

    /// The last status heard: the end, or the newest poll's answer.
    pub fn status(&self) -> Option<TaskStatus> {
        match self {
            Task::Succeeded { .. } => Some(TaskStatus::Success),
            Task::Failed { .. } => Some(TaskStatus::Failed),
            Task::Polling { last, .. } => last.clone(),
            Task::NotFollowed => None,
        }
    }

    /// When it ended, as best known.
    pub fn ended_at(&self) -> Option<i64> {
        match self {
            Task::Succeeded { at, .. } | Task::Failed { at, .. } => *at,
            _ => None,
        }
    }

    pub fn has_ended(&self) -> bool {
        matches!(self, Task::Succeeded { .. } | Task::Failed { .. })
    }
}

/// Describing the ENI afterwards, to see where it really is. Its text (strum) is the JSON's
/// `verification_state`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(tag = "state", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Verification {
    NotRun,
    Describing,
    Located {
        located: Located,
    },
    /// It could not be described (the reason), or the service does not know it.
    Failed {
        reason: String,
    },
}

/// How it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "ending", rename_all = "snake_case")]
pub enum End {
    Open,
    Ended(Ending),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    pub outcome: Outcome,
    /// Why, when it did not simply succeed.
    pub reason: Option<Reason>,
    /// Unix ms.
    pub at: i64,
    /// How long the run took; None when not measured (a row settled later by reconciliation
    /// after its process was gone).
    pub duration_ms: Option<u64>,
}

/// The steps a run goes through, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Start,
    Preflight,
    Send,
    Task,
    Verify,
}

impl Attempt {
    pub fn new(plan: Plan, caller: Caller, started_at: i64) -> Attempt {
        Attempt {
            plan,
            caller,
            started_at,
            retry_of: None,
            recording: Recording::Off,
            preflight: Preflight::NotRun,
            send: Send::NotYet,
            task: Task::NotFollowed,
            verification: Verification::NotRun,
            end: End::Open,
        }
    }

    pub fn ending(&self) -> Option<&Ending> {
        match &self.end {
            End::Ended(ending) => Some(ending),
            End::Open => None,
        }
    }

    /// The ending's outcome; while open, where the send stands (the history's `outcome`).
    pub fn outcome(&self) -> Outcome {
        match (&self.end, &self.send) {
            (End::Ended(ending), _) => ending.outcome,
            (End::Open, Send::NotYet) => Outcome::Pending,
            (End::Open, Send::InFlight) => Outcome::Sending,
            (End::Open, Send::Accepted { .. }) => Outcome::Sent,
            (End::Open, _) => Outcome::Unknown,
        }
    }

    /// Ended, for good or open (an unknown outcome the service may still settle).
    pub fn is_ended(&self) -> bool {
        matches!(self.end, End::Ended(_))
    }

    /// The service may still say otherwise: reconciliation looks at it.
    pub fn is_open(&self) -> bool {
        self.outcome().is_open()
    }

    pub fn history_id(&self) -> Option<i64> {
        self.recording.id()
    }

    /// The RequestId the service gave: the accepted call's, or a refusal's (what support asks for).
    pub fn request_id(&self) -> Option<&str> {
        match &self.send {
            Send::Accepted { request_id } => Some(request_id),
            Send::Refused { request_id, .. } | Send::MaybeDelivered { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// Why it ended as it did.
    pub fn reason(&self) -> Option<&Reason> {
        self.ending().and_then(|e| e.reason.as_ref())
    }

    pub fn located(&self) -> Option<&Located> {
        match &self.verification {
            Verification::Located { located } => Some(located),
            _ => None,
        }
    }

    pub fn report(&self) -> Option<&Report> {
        match &self.preflight {
            Preflight::Checked(report) => Some(report),
            _ => None,
        }
    }

    /// A request may be on the wire or may have been carried out.
    pub fn may_have_been_sent(&self) -> bool {
        matches!(self.send, Send::InFlight | Send::Accepted { .. } | Send::MaybeDelivered { .. })
    }

    /// The step the run is in (a finished run: the furthest it got).
    pub fn step(&self) -> Step {
        if !matches!(self.verification, Verification::NotRun) {
            Step::Verify
        } else if !matches!(self.task, Task::NotFollowed) {
            Step::Task
        } else if !matches!(self.send, Send::NotYet) {
            Step::Send
        } else if !matches!(self.preflight, Preflight::NotRun) {
            Step::Preflight
        } else {
            Step::Start
        }
    }

    /// What the reason means and what to do; a failed rule's advice fits the state found better
    /// than its code's generic text.
    pub fn explanation(&self) -> Option<Explanation> {
        let reason = self.reason()?;
        let mut explanation = reason.explanation();
        if self.outcome() == Outcome::PreflightFailed
            && let Some(advice) = self
                .report()
                .and_then(|r| r.verdicts.iter().find(|v| v.status == Status::Fail))
                .and_then(|v| v.advice.clone())
        {
            explanation.action = advice;
        }
        Some(explanation)
    }

    /// The step the failed rule's advice suggests, when preflight refused the plan.
    pub fn next_step(&self) -> Option<report::NextStep> {
        if self.outcome() != Outcome::PreflightFailed {
            return None;
        }
        self.report()?.failures().next()?.next
    }

    /// How long the run took, when it was measured.
    pub fn duration(&self) -> Option<std::time::Duration> {
        self.ending().and_then(|e| e.duration_ms).map(std::time::Duration::from_millis)
    }

    /// When the task ended, counted from the attempt's start, as best known.
    pub fn task_ended_after(&self) -> Option<std::time::Duration> {
        let at = self.task.ended_at()?;
        Some(std::time::Duration::from_millis((at - self.started_at).max(0) as u64))
    }
}
