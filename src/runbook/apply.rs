//! Running a checked runbook: every step is one run of the attach workflow (preflight again at
//! send time, send, follow the task, verify), recorded as an attempt linked to the runbook run.
//! An ENI's steps run in file order, and so does a step taking a slot an earlier one frees
//! ([`dependencies`]); the others run side by side (at most [`STEPS_AT_ONCE`]), within each
//! action's quota (the client's shared limiter). A step that does not complete stops
//! the steps that wait for it; the others go on (or none starts, with `stop_on_failure`).
//!
//! Applying the same runbook again after a crash resumes its run: each step's earlier try is
//! settled first ([`resume`]): an attach or detach that may have been sent is sent again with
//! its ClientToken (the service replays it), and a move that may have been delivered is never
//! sent again unless the service shows it was not carried out.

use super::file::{Runbook, Step};
use super::preflight::dependencies;
use crate::api::{ApiError, Client};
use crate::attach::{Event, EventSink, Options, PollPolicy, Workflow};
use crate::attempt::report::{Report, Rule, Status, Verdict};
use crate::attempt::{Attempt, Change, Located, OwnCode, Reason};
use crate::history::{Outcome, Row, RunbookLink};
use crate::plan::{Operation, Plan};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Progress of a run, as it happens.
#[derive(Debug, Clone)]
pub enum Progress {
    /// A step's workflow event (its start, each change to its record, the client's retries).
    Step { step: usize, event: Event },
    /// A step ran to its end: its whole record, told once (the JSON, the screen take it from
    /// here); the run itself keeps only its [`Ran`].
    Ran { step: usize, attempt: Box<Attempt> },
    /// A step that will not run, and why.
    Held { step: usize, end: StepEnd },
}

/// How a step of the run ended. Its text (strum) is the JSON's `end`.
#[derive(Debug, Clone, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum StepEnd {
    /// It ran: what the run keeps of the workflow's account of it.
    Finished(Box<Ran>),
    /// Not run: a step it waits for did not complete.
    Skipped { after: usize },
    /// Not run: another step failed and the run stops on failure.
    Stopped,
    /// Not run: cancelled before it started.
    Cancelled,
    /// Not sent: an earlier try of this move may have been delivered and the service does not
    /// show it was not.
    NotResent { reason: String },
    /// Not run: an earlier apply carried it out (the plan's verdict says how it knows); its
    /// row in this run says AlreadyDone.
    #[strum(serialize = "done_before")]
    Done { reason: String, history_id: Option<i64> },
}

impl StepEnd {
    /// The end of a step that ran: what the run keeps of its record.
    pub fn ran(attempt: &Attempt) -> StepEnd {
        StepEnd::Finished(Box::new(Ran::of(attempt)))
    }

    /// The ENI is where the step puts it: the steps waiting for it may go.
    pub fn completed(&self) -> bool {
        match self {
            StepEnd::Finished(ran) => matches!(ran.outcome, Outcome::Succeeded | Outcome::AlreadyDone),
            StepEnd::Done { .. } => true,
            _ => false,
        }
    }

    /// The step may have changed something whose end is not known.
    pub fn unknown(&self) -> bool {
        match self {
            StepEnd::Finished(ran) => ran.outcome.is_open() || ran.outcome == Outcome::Mismatch,
            StepEnd::NotResent { .. } => true,
            _ => false,
        }
    }
}

/// What a run keeps of a step that ran, once its record has been told ([`Progress::Ran`]) and
/// saved (its history row): the summary's line, the exit code and the undo runbook need no more.
/// The record itself (plan, verdicts, task output, …) is let go when the step ends, so what a
/// run holds per step stays small whatever the runbook's length.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    pub outcome: Outcome,
    /// Why, when it did not simply succeed.
    pub reason: Option<Reason>,
    pub history_id: Option<i64>,
    pub request_id: Option<String>,
    /// Where the ENI was found when the step verified it.
    pub located: Option<Located>,
    pub took: Option<Duration>,
}

impl Ran {
    pub fn of(attempt: &Attempt) -> Ran {
        Ran {
            outcome: attempt.outcome(),
            reason: attempt.reason().cloned(),
            history_id: attempt.history_id(),
            request_id: attempt.request_id().map(str::to_string),
            located: attempt.located().cloned(),
            took: attempt.duration(),
        }
    }

    /// The exit code a single run of the step would have given.
    pub fn exit_code(&self) -> i32 {
        crate::attempt::exit_code_of(self.outcome, self.reason.as_ref())
    }

    /// Verified where `plan` (the step's) puts the ENI.
    pub fn verified(&self, plan: &Plan) -> bool {
        self.located.as_ref().is_some_and(|l| l.matches(plan))
    }
}

/// How each step of a resumed run starts again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resumption {
    /// As new: nothing of an earlier try is pending.
    Fresh,
    /// Sent again with the earlier try's ClientToken: the service replays it if it got it.
    SameToken(String),
    /// Not sent: see [`StepEnd::NotResent`].
    NotResent(String),
}

/// At most this many steps are in flight at once: far above what the actions' quotas let
/// through in one task time (50 sends and 20 polls a second), and a bound on what a run holds,
/// so a runbook of any length runs in the same memory.
pub const STEPS_AT_ONCE: usize = 64;

/// What a run needs besides the runbook.
pub struct Engine {
    pub workflow: Workflow,
    pub poll: PollPolicy,
    pub stop_on_failure: bool,
    /// The destinations' ENI limits from the whole-plan describe: each step's own preflight
    /// takes its destination's from here rather than asking again.
    pub limits: HashMap<super::world::Key, crate::api::actions::EniLimit>,
}

impl Engine {
    /// Run every step but those in `done` (step → why it is done already); returns each
    /// step's end, in file order.
    pub async fn run(
        &self,
        runbook: &Runbook,
        run_id: &str,
        done: &HashMap<usize, String>,
        resumptions: &HashMap<usize, Resumption>,
        progress: Arc<dyn Fn(Progress) + Send + Sync>,
        cancel: CancellationToken,
    ) -> Vec<(usize, StepEnd)> {
        let waits = dependencies(&runbook.steps);
        let mut ends: BTreeMap<usize, StepEnd> = BTreeMap::new();
        let mut pending: Vec<(&Step, &Vec<usize>)> = runbook.steps.iter().zip(&waits).collect();
        let mut running = FuturesUnordered::new();
        loop {
            let failed = ends.values().any(|e| matches!(e, StepEnd::Finished(_)) && !e.completed());
            let mut still = Vec::new();
            for (step, waits_for) in pending {
                let held = if let Some(reason) = done.get(&step.number) {
                    let history_id = self.record_done(step, run_id, reason).await;
                    Some(StepEnd::Done { reason: reason.clone(), history_id })
                } else if cancel.is_cancelled() {
                    Some(StepEnd::Cancelled)
                } else if self.stop_on_failure && failed {
                    Some(StepEnd::Stopped)
                } else if let Some(after) =
                    waits_for.iter().find(|w| ends.get(w).is_some_and(|e| !e.completed()))
                {
                    Some(StepEnd::Skipped { after: *after })
                } else if let Some(Resumption::NotResent(reason)) = resumptions.get(&step.number) {
                    Some(StepEnd::NotResent { reason: reason.clone() })
                } else if running.len() < STEPS_AT_ONCE && waits_for.iter().all(|w| ends.contains_key(w)) {
                    running.push(self.step(
                        step,
                        run_id,
                        resumptions.get(&step.number),
                        progress.clone(),
                        &cancel,
                    ));
                    None
                } else {
                    still.push((step, waits_for));
                    None
                };
                if let Some(end) = held {
                    progress(Progress::Held { step: step.number, end: end.clone() });
                    ends.insert(step.number, end);
                }
            }
            pending = still;
            match running.next().await {
                Some((number, end)) => {
                    ends.insert(number, end);
                }
                None if pending.is_empty() => break,
                // Nothing runs and something waits: only a step ended since; look again.
                None => {}
            }
        }
        ends.into_iter().collect()
    }

    /// A step done before this apply is still an attempt of the run: AlreadyDone, saying why.
    async fn record_done(&self, step: &Step, run_id: &str, reason: &str) -> Option<i64> {
        let history = self.workflow.history.as_ref()?;
        let (plan, caller) = (step.plan.clone(), self.workflow.caller.clone());
        let link = RunbookLink { run: run_id.to_string(), step: step.number as u32 };
        let now = chrono::Utc::now().timestamp_millis();
        let mut attempt = Attempt::new(plan, caller, now);
        let verdict = Verdict {
            rule: Rule::Runbook,
            status: Status::Done,
            reason: reason.to_string(),
            code: None,
            advice: None,
            next: None,
        };
        let done = [
            Change::PreflightDone(Report { verdicts: vec![verdict] }),
            Change::Ended { outcome: Outcome::AlreadyDone, reason: None, at: now, duration_ms: Some(0) },
        ];
        for change in done {
            attempt.apply(change).ok()?;
        }
        let written = history.with(move |store| store.record(&attempt, Some(&link))).await;
        written.map_err(|e| tracing::warn!(error = %e, "could not record a step done before")).ok()
    }

    async fn step(
        &self,
        step: &Step,
        run_id: &str,
        resumption: Option<&Resumption>,
        progress: Arc<dyn Fn(Progress) + Send + Sync>,
        cancel: &CancellationToken,
    ) -> (usize, StepEnd) {
        let plan = match resumption {
            Some(Resumption::SameToken(token)) => with_client_token(&step.plan, token),
            _ => step.plan.clone(),
        };
        let options = Options {
            preflight: true,
            wait: true,
            poll: self.poll.clone(),
            override_preflight: false,
            confirm: None,
            retry_of: None,
            runbook: Some(RunbookLink { run: run_id.to_string(), step: step.number as u32 }),
            known_limit: plan
                .destination()
                .and_then(|to| self.limits.get(&(plan.region.clone(), to.to_string())).cloned()),
        };
        let sink = StepSink { step: step.number, progress: progress.clone() };
        let attempt = self.workflow.run(plan, options, sink, cancel.child_token()).await;
        let end = StepEnd::ran(&attempt);
        progress(Progress::Ran { step: step.number, attempt: Box::new(attempt) });
        (step.number, end)
    }
}

struct StepSink {
    step: usize,
    progress: Arc<dyn Fn(Progress) + Send + Sync>,
}

impl EventSink for StepSink {
    fn emit(&self, event: Event) {
        (self.progress)(Progress::Step { step: self.step, event });
    }
}

/// The same plan with an earlier try's ClientToken (a move has none).
fn with_client_token(plan: &Plan, token: &str) -> Plan {
    let mut plan = plan.clone();
    match &mut plan.operation {
        Operation::Attach { client_token, .. } | Operation::Detach { client_token, .. } => {
            *client_token = token.to_string()
        }
        Operation::Move { .. } => {}
    }
    plan
}

/// Settle each step's earlier try in a run that did not reach its end, before anything is
/// planned or sent. `attempts` are the run's rows, oldest first. The ENIs of tries that may have
/// been sent are described until they settle (within `poll.deadline`), so the plan sees where
/// they ended. A move's try that may have been delivered: its ENI where the move puts it → the
/// step is done (preflight says so); still settled on its source once `call_bound` has passed
/// since it began (the service acts on a move it accepts at once, and the sender had given up on
/// the call by then) → it was not carried out: its row says so and the step is sent again;
/// anywhere else → not sent again.
pub async fn resume(
    client: &Client,
    history: Option<&crate::history::History>,
    runbook: &Runbook,
    attempts: &[(u32, Row)],
    poll: &PollPolicy,
    call_bound: Duration,
) -> Result<HashMap<usize, Resumption>, ApiError> {
    let latest: HashMap<usize, &Row> = attempts.iter().map(|(step, a)| (*step as usize, a)).collect();
    let mut resumptions = HashMap::new();
    for step in &runbook.steps {
        let Some(attempt) = latest.get(&step.number).filter(|a| a.outcome.may_have_been_sent()) else {
            continue;
        };
        if step.plan.kind().has_client_token() {
            wait_settled(client, &step.plan, poll).await?;
            resumptions.insert(step.number, Resumption::SameToken(attempt.client_token.clone()));
            continue;
        }
        let (resumption, located) = resume_move(client, &step.plan, attempt, poll, call_bound).await?;
        // Only an ENI still on its source says the move was not carried out; one already where
        // the move puts it says nothing of which request did it (the step is done: preflight).
        if let (Some(history), Some(located)) = (history, located.filter(|l| l.unchanged(&step.plan)))
            && let Some(settled) = not_carried_out(attempt, located)
        {
            let id = attempt.id;
            if let Err(e) = history.with(move |store| store.save(id, &settled)).await {
                tracing::warn!(error = %e, "could not record that an earlier move was not carried out");
            }
        }
        resumptions.insert(step.number, resumption);
    }
    Ok(resumptions)
}

async fn resume_move(
    client: &Client,
    plan: &Plan,
    attempt: &Row,
    poll: &PollPolicy,
    call_bound: Duration,
) -> Result<(Resumption, Option<Located>), ApiError> {
    let on_source_since_bound = async {
        let began = chrono::DateTime::from_timestamp_millis(attempt.started_at).unwrap_or_default();
        let waited = (chrono::Utc::now() - began).to_std().unwrap_or_default();
        tokio::time::sleep(call_bound.saturating_sub(waited)).await;
        wait_settled(client, plan, poll).await
    };
    let located = wait_settled(client, plan, poll).await?;
    let located = match located {
        Some(l) if l.unchanged(plan) => on_source_since_bound.await?,
        other => other,
    };
    let resumption = match &located {
        Some(l) if l.matches(plan) => Resumption::Fresh,
        Some(l) if l.unchanged(plan) => Resumption::Fresh,
        Some(l) => Resumption::NotResent(crate::tr!(
            "runbook-not-resent-elsewhere",
            attempt = attempt.id,
            place = l.describe()
        )),
        None => Resumption::NotResent(crate::tr!("runbook-not-resent-gone", attempt = attempt.id)),
    };
    Ok((resumption, located))
}

/// Where the plan's ENI is once it is not in the middle of a change (or at the deadline).
async fn wait_settled(
    client: &Client,
    plan: &Plan,
    poll: &PollPolicy,
) -> Result<Option<crate::attach::Located>, ApiError> {
    let started = tokio::time::Instant::now();
    loop {
        let located = crate::attach::facts::locate(client, plan).await?;
        let moving = located.as_ref().is_some_and(|l| !l.settled());
        if !moving || started.elapsed() >= poll.deadline {
            return Ok(located);
        }
        tokio::time::sleep(poll.interval).await;
    }
}

/// The row of a move whose ENI stayed on its source: it failed, and says why (None: the row
/// cannot be read as a record, and stays as it is).
fn not_carried_out(row: &Row, located: Located) -> Option<Attempt> {
    let mut attempt = row.to_record().ok()?;
    let message = crate::tr!("runbook-not-carried-out", place = located.describe());
    let now = chrono::Utc::now().timestamp_millis();
    let reason = Some(Reason::new(OwnCode::NotCarriedOut, message));
    attempt.apply(Change::Located(located)).ok()?;
    attempt.apply(Change::Ended { outcome: Outcome::Failed, reason, at: now, duration_ms: None }).ok()?;
    Some(attempt)
}

#[cfg(test)]
mod tests {
    use super::StepEnd;

    /// `runbook apply --output json` names how each step ended: output, never renamed.
    #[test]
    fn a_step_end_prints_its_json_name() {
        let ends = [
            StepEnd::Skipped { after: 1 },
            StepEnd::Stopped,
            StepEnd::Cancelled,
            StepEnd::NotResent { reason: String::new() },
            StepEnd::Done { reason: String::new(), history_id: None },
        ];
        let names: Vec<&str> = ends.iter().map(<&str>::from).collect();
        assert_eq!(names, ["skipped", "stopped", "cancelled", "not_resent", "done_before"]);
    }
}
