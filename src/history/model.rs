//! The plain data the store takes and gives back: one row per attempt, and the enums whose
//! text forms are written to disk (so those forms are part of the file format: never rename them).

use crate::api::TaskStatus;
use crate::attempt::report::{Report, Verdict};
use crate::attempt::{self as record, Outcome};
use crate::plan::{Kind, PlanError};

/// A text form read from the file that names no known variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} '{text}'")]
pub struct UnknownText {
    pub kind: &'static str,
    pub text: String,
}

/// A stored row that cannot come back as a record: it stays as it is in the file.
#[derive(Debug, thiserror::Error)]
pub enum UnreadableRow {
    #[error("the stored plan does not pass the checks a plan must: {0}")]
    Plan(#[from] PlanError),
    #[error("the stored states cannot be read: {0}")]
    States(#[from] serde_json::Error),
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

/// One stored attempt as its columns hold it (the list, the search and the views read these);
/// [`Row::to_record`] gives the attempt record (`attempt::Attempt`) it stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
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
    /// The record's states as JSON ([`States`]; schema 7 on).
    pub state: Option<String>,
    /// The rows that sent this attempt's request again (same ClientToken; their `retry_of` is
    /// this row), oldest first: read with the row, never stored in it.
    pub continued_by: Vec<i64>,
}

/// The record's states whole, as the `state` column holds them (serde's JSON): everything but
/// the plan, the caller, the start and the attempt it re-sends, which have columns of their own.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct States {
    preflight: record::Preflight,
    send: record::Send,
    task: record::Task,
    verification: record::Verification,
    end: record::End,
}

impl States {
    pub(crate) fn of(attempt: &record::Attempt) -> States {
        States {
            preflight: attempt.preflight.clone(),
            send: attempt.send.clone(),
            task: attempt.task.clone(),
            verification: attempt.verification.clone(),
            end: attempt.end.clone(),
        }
    }

    /// Nothing happened yet: what the INSERT of a new row already says.
    pub(crate) fn is_fresh(&self) -> bool {
        use record::{End, Preflight, Send, Task, Verification};
        (&self.preflight, &self.send, &self.task, &self.verification, &self.end)
            == (&Preflight::NotRun, &Send::NotYet, &Task::NotFollowed, &Verification::NotRun, &End::Open)
    }

    /// None only if serde cannot write them (it always can: plain data): the row then loads
    /// from its flat columns, as an older build's does.
    pub(crate) fn to_json(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }
}

impl Row {
    /// Left open by a crash, a lost answer or an interrupted poll, so the next start should look
    /// at it: by its task when the RequestId is known, else by describing the ENI.
    pub fn is_open(&self) -> bool {
        self.outcome.is_open()
    }
}

impl Row {
    /// The row as the attempt record it stores: the plan through [`Plan::from_stored`]'s checks,
    /// the states as saved (the `state` column, schema 7 on), or, in rows of earlier schemas,
    /// from the flat columns: the preflight verdicts through serde, the send, task,
    /// verification and end from their columns (what an older build did not store is "not
    /// known", never guessed).
    ///
    /// [`Plan::from_stored`]: crate::plan::Plan::from_stored
    pub fn to_record(&self) -> Result<record::Attempt, UnreadableRow> {
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
        let states = match self.state.as_deref() {
            Some(json) => serde_json::from_str(json)?,
            None => self.states_from_columns()?,
        };
        let States { preflight, send, task, verification, end } = states;
        Ok(record::Attempt {
            plan,
            caller,
            started_at: self.started_at,
            retry_of: self.retry_of,
            recording: record::Recording::Recorded { id: self.id },
            preflight,
            send,
            task,
            verification,
            end,
        })
    }

    /// The states of a row written before schema 7, from its flat columns.
    fn states_from_columns(&self) -> Result<States, serde_json::Error> {
        use record::{Code, End, Ending, Reason, Send, Task, Verification};
        let reason = self
            .error_code
            .as_deref()
            .map(|code| Reason::new(Code::parse(code), self.error_message.clone().unwrap_or_default()));
        let (output, ended_at) = (self.task_output.clone(), self.task_ended_at);
        let task = match &self.task_status {
            Some(status) => Task::ended(status, output, ended_at)
                .unwrap_or_else(|| Task::Polling { asked: 0, last: Some(status.clone()) }),
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
        Ok(States { preflight: self.preflight()?, send, task, verification, end })
    }

    /// The preflight as the record has it (the verdicts typed, each with its own status).
    pub fn preflight_state(&self) -> Result<record::Preflight, serde_json::Error> {
        match self.state.as_deref() {
            Some(json) => Ok(serde_json::from_str::<States>(json)?.preflight),
            None => self.preflight(),
        }
    }

    /// The stored preflight column, typed.
    fn preflight(&self) -> Result<record::Preflight, serde_json::Error> {
        Ok(match self.preflight.as_deref() {
            None => record::Preflight::NotRun,
            Some(super::store::PREFLIGHT_SKIPPED) => record::Preflight::Skipped,
            Some(text) => {
                record::Preflight::Checked(Report { verdicts: serde_json::from_str::<Vec<Verdict>>(text)? })
            }
        })
    }

    /// The one JSON of an attempt (`attempt::to_json`), from this row.
    pub fn to_json(&self) -> Result<serde_json::Value, UnreadableRow> {
        Ok(record::to_json(&self.to_record()?))
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
    pub fn next_after(&self, page: &[Row]) -> Option<Self> {
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
