//! How a run ended, in one shape both front ends render: the outcome, the explained failure and
//! where the ENI was found afterwards.

use super::preflight::Report;
use crate::api::{ApiError, NetworkInterface};
use crate::catalog::{self, Explanation};
use crate::history::Outcome;
use crate::plan::Plan;
use std::time::Duration;

/// Progress, as it happens.
#[derive(Debug, Clone)]
pub enum Event {
    Planned(Plan),
    Recorded {
        history_id: i64,
    },
    PreflightStarted,
    PreflightDone(Report),
    Sending,
    Sent {
        request_id: String,
    },
    TaskPolled {
        status: String,
        elapsed: Duration,
    },
    /// Describing the ENI to see where it really is.
    Verifying,
    /// The client is trying a call again (why, which try, when the next one goes).
    Retrying(crate::api::RetryNotice),
    /// A history write failed: the row is missing or behind what happened. Sent once per run;
    /// the operation goes on. The reason is escaped for the terminal.
    HistoryFailed {
        reason: String,
    },
    Finished(Box<Finish>),
}

/// Whether the history holds this run as it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recording {
    /// Every write landed.
    Recorded,
    /// No history was open for this run.
    Off,
    /// A write failed, so the row is missing or behind (the log has the RequestId and token).
    Failed { reason: String },
}

impl Recording {
    /// The JSON's `history_recorded`.
    pub fn complete(&self) -> bool {
        *self == Recording::Recorded
    }
}

/// Where the ENI was found when it was described after the run: what the operator needs to
/// bring the NIC up inside the OS.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Placement {
    pub instance: String,
    pub device_index: Option<u64>,
    pub mac: String,
    pub primary_ip: Option<String>,
}

/// The ENI as described: attached somewhere, or to nothing, and whether it is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub placement: Option<Placement>,
    pub state: String,
}

impl Located {
    pub fn of(eni: &NetworkInterface) -> Self {
        let placement = eni.attachment.as_ref().filter(|a| !a.instance_id.is_empty()).map(|a| Placement {
            instance: a.instance_id.clone(),
            device_index: a.device_index,
            mac: eni.mac_address.clone(),
            primary_ip: eni.primary_ip().map(str::to_string),
        });
        Located { placement, state: eni.state.clone() }
    }

    pub fn instance(&self) -> Option<&str> {
        self.placement.as_ref().map(|p| p.instance.as_str())
    }

    /// Settled (not ATTACHING, DETACHING, …) and where the plan puts it.
    pub fn matches(&self, plan: &Plan) -> bool {
        self.settled() && self.instance() == plan.destination().map(|i| i.as_str())
    }

    /// Settled and still where it was before the plan (a move's source, a detach's instance;
    /// nothing for an attach).
    pub fn unchanged(&self, plan: &Plan) -> bool {
        self.settled() && self.instance() == plan.source().map(|i| i.as_str())
    }

    pub fn settled(&self) -> bool {
        crate::api::actions::is_settled_state(&self.state)
    }

    /// One line: `on ins-… (device 1, MAC …, 10.0.0.5)` or `attached to no instance`.
    pub fn describe(&self) -> String {
        match &self.placement {
            Some(p) => format!(
                "on {} (device {}, MAC {}, IP {}){}",
                p.instance,
                p.device_index.map_or_else(|| "?".into(), |d| d.to_string()),
                if p.mac.is_empty() { "?" } else { &p.mac },
                p.primary_ip.as_deref().unwrap_or("?"),
                self.state_note()
            ),
            None => format!("attached to no instance{}", self.state_note()),
        }
    }

    fn state_note(&self) -> String {
        if self.settled() { String::new() } else { format!(", state {}", self.state) }
    }

    /// The history's `attachment` column: the placement as JSON, `null` when detached.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.placement).unwrap_or_else(|_| "null".into())
    }
}

/// How it ended, for every caller to show.
#[derive(Debug, Clone)]
pub struct Finish {
    pub plan: Plan,
    pub history_id: Option<i64>,
    pub preflight: Option<Report>,
    pub request_id: Option<String>,
    pub task_status: Option<String>,
    pub task_output: Option<String>,
    pub outcome: Outcome,
    pub failure: Option<Failure>,
    /// Where the ENI was found afterwards; None when it was not described.
    pub located: Option<Located>,
    pub duration: Duration,
    /// Whether the history row says all of this.
    pub recording: Recording,
}

impl Finish {
    pub fn new(plan: Plan) -> Self {
        Finish {
            plan,
            history_id: None,
            preflight: None,
            request_id: None,
            task_status: None,
            task_output: None,
            outcome: Outcome::Pending,
            failure: None,
            located: None,
            duration: Duration::ZERO,
            recording: Recording::Off,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    InvalidInput,
    NoCredentials,
    Preflight,
    Api,
    /// Nothing reached the service: it could not be connected to.
    Unreachable,
    TaskFailed,
    TaskTimeout,
    Cancelled,
    /// The task said SUCCESS and the ENI is elsewhere, or the outcome could not be settled.
    Verification,
    /// A local failure: the history file, the keyring.
    Local,
}

/// A failure with its code and the operator's explanation, as both front ends show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub code: String,
    pub message: String,
    pub explanation: Explanation,
    pub clock_advice: Option<String>,
}

impl Failure {
    pub fn new(kind: FailureKind, code: &str, message: impl Into<String>) -> Self {
        Failure {
            kind,
            code: code.into(),
            message: message.into(),
            explanation: catalog::explain(code),
            clock_advice: None,
        }
    }

    pub fn from_api(err: &ApiError) -> Self {
        let kind = match err {
            ApiError::NotSent { .. } => FailureKind::Unreachable,
            _ => FailureKind::Api,
        };
        let mut failure =
            Failure { clock_advice: err.clock_advice(), ..Failure::new(kind, err.code(), err.to_string()) };
        // Whether retrying helps is this failure's, not its code's in general: a redirect is an
        // HttpStatus that a retry cannot help, a signature that expired while the clocks agree
        // (a held request) is an AuthFailure that a fresh one can.
        failure.explanation.retryable = err.worth_sending_again();
        failure
    }

    /// Whether sending the same call again can help.
    pub fn retryable(&self) -> bool {
        self.explanation.retryable
    }
}
