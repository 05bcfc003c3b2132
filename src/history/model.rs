//! The plain data the store takes and gives back: one row per attempt, and the enums whose
//! text forms are written to disk (so those forms are part of the file format: never rename them).

use crate::attempt::{self as record, Outcome};
use crate::plan::Kind;
use std::fmt;
use std::str::FromStr;

/// A text form read from the file that names no known variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} '{text}'")]
pub struct UnknownText {
    pub kind: &'static str,
    pub text: String,
}

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable text stored in the file.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownText;
            fn from_str(text: &str) -> Result<Self, UnknownText> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == text)
                    .ok_or_else(|| UnknownText { kind: $kind, text: text.to_string() })
            }
        }
    };
}

text_enum!(
    /// `Status` of `DescribeVpcTaskResult`.
    TaskStatus, "task status", {
        Running => "RUNNING",
        Success => "SUCCESS",
        Failed => "FAILED",
    }
);

/// What the workflow learns as it goes. `None` leaves a column as it is; a column once set
/// is never cleared, because each step only adds to what is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptUpdate {
    pub request_id: Option<String>,
    /// JSON text: the verdict per preflight rule. The store refuses text that is not JSON.
    pub preflight: Option<String>,
    pub task_status: Option<TaskStatus>,
    pub task_output: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub outcome: Option<Outcome>,
    /// Unix time in milliseconds.
    pub finished_at: Option<i64>,
    pub duration_ms: Option<i64>,
    /// JSON text: where the ENI was found afterwards (see `attach::Placement`); `null` when it
    /// is attached to nothing.
    pub attachment: Option<String>,
}

/// The runbook run and step an attempt carries out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookLink {
    /// The run's ID (`runbook_runs.id`).
    pub run: String,
    /// The step's number in the file, from 1.
    pub step: u32,
}

/// A run of a runbook, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookRun {
    pub id: String,
    pub digest: String,
    pub name: String,
    pub file: String,
    pub started_at: i64,
    /// None while it runs, or when its process died before the end (it is resumed).
    pub finished_at: Option<i64>,
}

/// One stored attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub id: i64,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub profile: String,
    pub secret_id_masked: String,
    /// The account the caller acted in (sts GetCallerIdentity); None when it was not known.
    pub account_id: Option<String>,
    pub region: String,
    pub endpoint: String,
    pub action: Kind,
    pub eni_id: String,
    /// Attach/detach: the instance; move: the source.
    pub instance_id: String,
    /// Move only: the destination.
    pub destination_instance_id: Option<String>,
    pub attach_type: Option<u32>,
    pub client_token: String,
    pub request_id: Option<String>,
    pub preflight: Option<String>,
    pub task_status: Option<TaskStatus>,
    pub task_output: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub duration_ms: Option<i64>,
    pub attachment: Option<String>,
    pub outcome: Outcome,
    /// The attempt this one sent again with the same ClientToken (schema 6 on).
    pub retry_of: Option<i64>,
    /// When the task ended, as best known (unix ms; schema 6 on).
    pub task_ended_at: Option<i64>,
    /// The ENI's state when it was described (schema 6 on).
    pub eni_state: Option<String>,
    /// Where the key came from, as shown (schema 6 on).
    pub credential: Option<String>,
    /// The account's ARN (schema 6 on).
    pub account_arn: Option<String>,
}

impl Attempt {
    /// Left open by a crash, a lost answer or an interrupted poll, so the next start should look
    /// at it: by its task when the RequestId is known, else by describing the ENI.
    pub fn is_open(&self) -> bool {
        self.outcome.is_open()
    }
}

impl Attempt {
    /// The row as the attempt record it stores: the plan through [`Plan::from_stored`]'s checks,
    /// the send, task, verification and end from their columns (rows of every schema: what an
    /// older build did not store is "not known", never guessed). The preflight verdicts stay
    /// the stored JSON (see [`Attempt::preflight_json`]).
    pub fn to_record(&self) -> Result<record::Attempt, crate::plan::PlanError> {
        use record::{Code, End, Ending, Reason, Send, Task, TaskEnd, Verification};
        let plan = crate::plan::Plan::from_stored(
            self.action,
            &self.region,
            &self.endpoint,
            &self.eni_id,
            &self.instance_id,
            self.destination_instance_id.as_deref(),
            self.attach_type,
            &self.client_token,
        )?;
        let caller = record::Caller {
            profile: self.profile.clone(),
            secret_id_masked: self.secret_id_masked.clone(),
            account_id: self.account_id.clone(),
            account_arn: self.account_arn.clone(),
            credential: self.credential.clone().unwrap_or_default(),
        };
        let reason = self
            .error_code
            .as_deref()
            .map(|code| Reason::new(Code::parse(code), self.error_message.clone().unwrap_or_default()));
        let task = match self.task_status {
            Some(TaskStatus::Success) => Task::Ended {
                status: TaskEnd::Success,
                output: self.task_output.clone(),
                at: self.task_ended_at,
            },
            Some(TaskStatus::Failed) => Task::Ended {
                status: TaskEnd::Failed,
                output: self.task_output.clone(),
                at: self.task_ended_at,
            },
            Some(TaskStatus::Running) => Task::Polling { asked: 0, last: Some("RUNNING".into()) },
            None => Task::NotFollowed,
        };
        let request_id = self.request_id.clone();
        let lost = || reason.clone().unwrap_or_else(|| Reason::new(record::OwnCode::OutcomeUnknown, ""));
        let send = match (self.outcome, &request_id) {
            (Outcome::Pending | Outcome::Cancelled | Outcome::PreflightFailed | Outcome::AlreadyDone, _) => {
                Send::NotYet
            }
            (Outcome::Sending, _) => Send::InFlight,
            (Outcome::NotSent, _) if self.error_code.as_deref() == Some("ClientError.NetworkError") => {
                Send::NotDelivered { error: lost() }
            }
            (Outcome::NotSent, id) => Send::Refused { error: lost(), request_id: id.clone() },
            (Outcome::Failed, id)
                if self.task_status.is_none() && reason.as_ref().is_some_and(|r| r.code.is_service()) =>
            {
                Send::Refused { error: lost(), request_id: id.clone() }
            }
            (_, Some(id)) if self.task_status.is_some() || self.outcome == Outcome::Sent => {
                Send::Accepted { request_id: id.clone() }
            }
            (_, id) => Send::MaybeDelivered { error: lost(), request_id: id.clone() },
        };
        let verification =
            match self.attachment.as_deref().map(serde_json::from_str::<Option<record::Placement>>) {
                Some(Ok(placement)) => Verification::Located {
                    located: record::Located { placement, state: self.eni_state.clone().unwrap_or_default() },
                },
                _ => Verification::NotRun,
            };
        let end = match self.outcome {
            Outcome::Pending | Outcome::Sending => End::Open,
            outcome => End::Ended(Ending {
                outcome,
                reason,
                at: self.finished_at.unwrap_or(self.started_at),
                duration_ms: self.duration_ms.map(|d| d.max(0) as u64),
            }),
        };
        Ok(record::Attempt {
            plan,
            caller,
            started_at: self.started_at,
            retry_of: self.retry_of,
            recording: record::Recording::Recorded { id: self.id },
            preflight: record::Preflight::NotRun,
            send,
            task,
            verification,
            end,
        })
    }

    /// The stored preflight column as JSON: the verdicts, or `null` (not run, or skipped).
    pub fn preflight_json(&self) -> (&'static str, serde_json::Value) {
        let Some(text) = self.preflight.as_deref() else { return ("not_run", serde_json::Value::Null) };
        if text == super::store::PREFLIGHT_SKIPPED {
            return ("skipped", serde_json::Value::Null);
        }
        match serde_json::from_str(text) {
            Ok(verdicts) => ("checked", verdicts),
            Err(_) => ("not_run", serde_json::Value::Null),
        }
    }

    /// The one JSON of an attempt (`attempt::to_json`), from this row.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        let record = self.to_record().ok()?;
        let mut json = record::to_json(&record);
        let (state, verdicts) = self.preflight_json();
        json["preflight_state"] = state.into();
        json["preflight"] = verdicts;
        Some(json)
    }
}

/// One page of the history list, optionally filtered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryQuery {
    /// Search text (see [`super::query::parse`]); empty means everything.
    pub text: String,
    /// Keyset paging: only rows with a smaller id (pass the last id of the previous page).
    pub before_id: Option<i64>,
    /// Most rows to return.
    pub limit: u32,
}

impl HistoryQuery {
    pub const DEFAULT_LIMIT: u32 = 100;

    pub fn search(text: impl Into<String>) -> Self {
        HistoryQuery { text: text.into(), ..Self::default() }
    }

    /// The query for the page after `page`, or `None` when `page` was short (the last one).
    pub fn next_after(&self, page: &[Attempt]) -> Option<Self> {
        if page.len() < self.limit as usize {
            return None;
        }
        let last = page.last()?;
        Some(HistoryQuery { before_id: Some(last.id), ..self.clone() })
    }
}

impl Default for HistoryQuery {
    fn default() -> Self {
        HistoryQuery { text: String::new(), before_id: None, limit: Self::DEFAULT_LIMIT }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for s in TaskStatus::ALL {
            assert_eq!(s.as_str().parse::<TaskStatus>().unwrap(), *s);
        }
    }
}
