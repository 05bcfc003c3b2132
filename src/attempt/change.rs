//! The one transition function: what may happen to an attempt, in which order. A change that
//! cannot happen from the attempt's state is a bug in whoever sent it: a debug build stops on
//! it, a release build logs it and leaves the attempt as it was (never repaired to fit).

use super::report::Report;
use super::{Attempt, End, Ending, Located, Outcome, Preflight, Reason, Recording, Send, Task, Verification};
use crate::api::TaskStatus;

/// One thing that happened to an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The history row was written; its id.
    Recorded {
        id: i64,
    },
    /// A history write failed: the row is missing or behind (the reason is escaped).
    RecordingFailed {
        reason: String,
    },
    PreflightStarted,
    /// Not run on the operator's choice.
    PreflightSkipped,
    PreflightDone(Report),
    /// The request is about to leave.
    Sending,
    Accepted {
        request_id: String,
    },
    Refused {
        error: Reason,
        request_id: Option<String>,
    },
    NotDelivered(Reason),
    MaybeDelivered {
        error: Reason,
        request_id: Option<String>,
    },
    /// The task will be followed.
    Following,
    /// A poll of the task went out.
    PollSent,
    /// A poll was answered with `status` (a terminal one ends the task) at `at` (unix ms).
    PollAnswered {
        status: TaskStatus,
        output: Option<String>,
        at: i64,
    },
    Describing,
    Located(Located),
    DescribeFailed {
        reason: String,
    },
    /// How it ended; `duration_ms` None when not measured.
    Ended {
        outcome: Outcome,
        reason: Option<Reason>,
        at: i64,
        duration_ms: Option<u64>,
    },
}

/// A change that cannot happen from the attempt's state.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("impossible change {change} of an attempt ({state})")]
pub struct Impossible {
    pub change: String,
    pub state: String,
}

impl Attempt {
    /// Apply one change. Impossible ones are refused: `debug_assert` in a debug build, an error
    /// in the log in a release build, and the attempt stays as it was.
    pub fn apply(&mut self, change: Change) -> Result<(), Impossible> {
        let result = self.try_apply(change);
        if let Err(impossible) = &result {
            tracing::error!(%impossible, "an attempt was told something that cannot happen");
            debug_assert!(false, "{impossible}");
        }
        result
    }

    /// Whether `change` can happen from the attempt's state. For evidence gathered later about
    /// an old row (reconciliation): what does not fit the record is a conflict in the data,
    /// said and skipped, not a bug in the caller.
    pub fn allows(&self, change: &Change) -> bool {
        self.clone().try_apply(change.clone()).is_ok()
    }

    fn try_apply(&mut self, change: Change) -> Result<(), Impossible> {
        let settled = matches!(&self.end, End::Ended(e) if !e.outcome.is_open());
        let refuse = |attempt: &Attempt, change: &Change| Impossible {
            change: format!("{change:?}"),
            state: format!(
                "outcome {}, step {:?}, send {:?}, task {:?}",
                attempt.outcome(),
                attempt.step(),
                attempt.send,
                attempt.task
            ),
        };
        match change {
            Change::Recorded { id } => match self.recording {
                Recording::Off => self.recording = Recording::Recorded { id },
                _ => return Err(refuse(self, &Change::Recorded { id })),
            },
            Change::RecordingFailed { reason } => match &self.recording {
                Recording::Recorded { id } => self.recording = Recording::Failed { id: Some(*id), reason },
                Recording::Off => self.recording = Recording::Failed { id: None, reason },
                // The first failure says it; the row stays behind from there on.
                Recording::Failed { .. } => {}
            },
            change if settled => return Err(refuse(self, &change)),
            Change::PreflightStarted | Change::PreflightSkipped | Change::PreflightDone(_)
                if self.send != Send::NotYet || self.is_ended() =>
            {
                return Err(refuse(self, &change));
            }
            Change::PreflightStarted if self.preflight == Preflight::NotRun => {
                self.preflight = Preflight::Checking
            }
            Change::PreflightSkipped if self.preflight == Preflight::NotRun => {
                self.preflight = Preflight::Skipped
            }
            Change::PreflightDone(report)
                if matches!(self.preflight, Preflight::NotRun | Preflight::Checking) =>
            {
                self.preflight = Preflight::Checked(report)
            }
            Change::Sending if self.send == Send::NotYet && self.preflight != Preflight::Checking => {
                self.send = Send::InFlight
            }
            // A lost answer learnt later (the run's marker, the audit trail) is the answer.
            Change::Accepted { request_id } if self.may_learn_answer(Some(&request_id)) => {
                self.send = Send::Accepted { request_id }
            }
            Change::Refused { error, request_id } if self.may_learn_answer(request_id.as_deref()) => {
                self.send = Send::Refused { error, request_id }
            }
            Change::NotDelivered(error) if self.send == Send::InFlight => {
                self.send = Send::NotDelivered { error }
            }
            Change::MaybeDelivered { error, request_id } if self.send == Send::InFlight => {
                self.send = Send::MaybeDelivered { error, request_id }
            }
            Change::Following
                if matches!(self.send, Send::Accepted { .. }) && self.task == Task::NotFollowed =>
            {
                self.task = Task::Polling { asked: 0, last: None }
            }
            Change::PollAnswered { status, output, at } if self.request_id().is_some() => {
                let asked = match &self.task {
                    Task::Polling { asked, .. } => *asked,
                    Task::NotFollowed => 0,
                    Task::Succeeded { .. } | Task::Failed { .. } => {
                        return Err(refuse(self, &Change::PollAnswered { status, output, at }));
                    }
                };
                self.task = match Task::ended(&status, output, Some(at)) {
                    Some(ended) => ended,
                    None => Task::Polling { asked, last: Some(status) },
                };
            }
            Change::PollSent if matches!(self.task, Task::Polling { .. }) => {
                if let Task::Polling { asked, .. } = &mut self.task {
                    *asked += 1;
                }
            }
            Change::Describing => self.verification = Verification::Describing,
            Change::Located(located) => self.verification = Verification::Located { located },
            Change::DescribeFailed { reason } => self.verification = Verification::Failed { reason },
            Change::Ended { outcome, reason, at, duration_ms } => {
                let change = Change::Ended { outcome, reason, at, duration_ms };
                if !self.may_end_as(outcome) {
                    return Err(refuse(self, &change));
                }
                let Change::Ended { outcome, reason, at, duration_ms } = change else { unreachable!() };
                // A row settled later keeps the run's own measure of how long it took.
                let duration_ms = duration_ms.or_else(|| self.ending().and_then(|e| e.duration_ms));
                self.end = End::Ended(Ending { outcome, reason, at, duration_ms });
            }
            change => return Err(refuse(self, &change)),
        }
        Ok(())
    }

    /// The answer to the call may come now: it is in flight, or its answer was lost (and had no
    /// other RequestId).
    fn may_learn_answer(&self, request_id: Option<&str>) -> bool {
        match &self.send {
            Send::InFlight => true,
            Send::MaybeDelivered { request_id: known, .. } => {
                known.is_none() || known.as_deref() == request_id
            }
            _ => false,
        }
    }

    /// Whether the attempt's state is evidence enough for `outcome`.
    fn may_end_as(&self, outcome: Outcome) -> bool {
        let nothing_left =
            matches!(self.send, Send::NotYet | Send::NotDelivered { .. } | Send::Refused { .. });
        let task_succeeded = matches!(self.task, Task::Succeeded { .. });
        let located_as_planned = self.located().is_some_and(|l| l.matches(&self.plan));
        match outcome {
            Outcome::Pending | Outcome::Sending => false,
            Outcome::Sent => matches!(self.send, Send::Accepted { .. }),
            Outcome::PreflightFailed | Outcome::Cancelled => self.send == Send::NotYet,
            // Refused for a state an earlier try with this ClientToken made: nothing to do.
            Outcome::AlreadyDone => matches!(self.send, Send::NotYet | Send::Refused { .. }),
            Outcome::NotSent => nothing_left,
            Outcome::Succeeded => task_succeeded || located_as_planned,
            Outcome::Mismatch => task_succeeded,
            Outcome::Failed => {
                matches!(self.send, Send::Refused { .. })
                    || matches!(self.task, Task::Failed { .. })
                    || self.located().is_some_and(|l| l.unchanged(&self.plan))
            }
            Outcome::Unknown => self.send != Send::NotYet || self.recording.id().is_some(),
        }
    }
}
