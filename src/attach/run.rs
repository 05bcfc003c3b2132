//! The one run of a plan: record pending → preflight → confirm → send → record the RequestId →
//! poll the task → verify where the ENI is → record the outcome. The CLI prints its events, the
//! TUI renders them, tests assert them; nothing else re-implements a step.

use super::facts;
use super::outcome::Event;
use super::preflight::{self, Report};
use crate::api::{ApiError, Client, Polled, free_of_deadline, observing_retries};
use crate::attempt::{Attempt, Caller, Change, Code, Located, Outcome, OwnCode, Reason, Recording, Task};
use crate::history::History;
use crate::history::live::{Live, Step};
use crate::plan::Plan;
use crate::tr;
use futures::future::BoxFuture;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

/// When the task is asked about. Tasks take from a fraction of a second to several seconds, so
/// it is asked often while young (SUCCESS is seen within `interval` of the task's end), then
/// less and less. `DescribeVpcTaskResult`'s quota (20/s) is kept by the client, shared by every
/// run in the process.
#[derive(Debug, Clone)]
pub struct PollPolicy {
    /// Before the first poll.
    pub first_delay: Duration,
    /// Between polls while the task is young.
    pub interval: Duration,
    /// How long the task counts as young.
    pub steady_for: Duration,
    /// The longest pause between polls once the pauses grow (×1.5 each).
    pub max_delay: Duration,
    /// Give up (outcome unknown) after this long.
    pub deadline: Duration,
}

/// The least a poll is given to be answered before it is abandoned and asked again: a poll
/// that hangs must not hold up a task that has ended (the client's own timeout is 30 s).
const POLL_ANSWER_FLOOR: Duration = Duration::from_secs(1);

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            first_delay: Duration::from_millis(200),
            interval: Duration::from_millis(200),
            steady_for: Duration::from_secs(15),
            max_delay: Duration::from_secs(2),
            deadline: Duration::from_secs(120),
        }
    }
}

impl PollPolicy {
    /// How long one poll may wait for its answer: twice the pause before the next, at least
    /// [`POLL_ANSWER_FLOOR`]. Past that it is abandoned and the task is asked again.
    pub fn answer_within(&self, delay: Duration) -> Duration {
        (delay.max(self.interval) * 2).max(POLL_ANSWER_FLOOR)
    }

    /// The pause after a poll made `elapsed` after the first, which paused `last`.
    fn next_delay(&self, elapsed: Duration, last: Duration) -> Duration {
        if elapsed < self.steady_for {
            self.interval
        } else {
            last.max(self.interval).mul_f64(1.5).min(self.max_delay.max(self.interval))
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub preflight: bool,
    pub wait: bool,
    pub poll: PollPolicy,
    /// Send even when a preflight rule failed (the TUI's explicit second key).
    pub override_preflight: bool,
    /// Asked after preflight and before sending (the CLI's y/N prompt); None sends at once.
    pub confirm: Option<Confirmation>,
    /// The earlier attempt (history id) this run sends again with the same ClientToken.
    pub retry_of: Option<i64>,
    /// The runbook run and step this run carries out; its history row names them.
    pub runbook: Option<crate::history::RunbookLink>,
    /// The destination's ENI limit, when it was described just before (a runbook's whole-plan
    /// preflight): preflight does not ask it again (see [`facts::gather_knowing`]).
    pub known_limit: Option<crate::api::actions::EniLimit>,
}

/// Decides, from the plan and the preflight report, whether to send.
pub trait Confirm: Send + Sync {
    fn confirm<'a>(&'a self, plan: &'a Plan, report: Option<&'a Report>) -> BoxFuture<'a, bool>;
}

/// A shared [`Confirm`] for [`Options`].
#[derive(Clone)]
pub struct Confirmation(pub Arc<dyn Confirm>);

impl std::fmt::Debug for Confirmation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Confirmation")
    }
}

/// Where progress events go: a channel (the TUI) or anything else (the CLI prints in order).
pub trait EventSink: Send + Sync {
    fn emit(&self, event: Event);
}

impl EventSink for UnboundedSender<Event> {
    fn emit(&self, event: Event) {
        let _ = self.send(event);
    }
}

/// What a run needs: the client, where to record, who is calling, and which accounts it may
/// change.
#[derive(Clone)]
pub struct Workflow {
    pub client: Arc<Client>,
    pub history: Option<History>,
    pub caller: Caller,
    pub accounts: super::account::Accounts,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// How long a run's history write waits for another process's lock. Writes take milliseconds,
/// so this is ample beside other tceni processes; a file held longer (a shell in a transaction,
/// a backup) costs the operation this once, then [`WAIT_AFTER_FAILURE`] at the end: the run's
/// marker keeps what the row could not (see `history::live`).
const WRITE_WAIT: Duration = Duration::from_secs(2);
const WAIT_AFTER_FAILURE: Duration = Duration::from_millis(250);

/// The state of one run, so every exit path records and reports the same way.
struct Runner<'a> {
    workflow: &'a Workflow,
    events: &'a dyn EventSink,
    cancel: CancellationToken,
    started: Instant,
    attempt: Attempt,
    /// The run's marker beside the history: locked while it runs, it says how far it got.
    live: Option<Live>,
}

impl Runner<'_> {
    fn plan(&self) -> &Plan {
        &self.attempt.plan
    }

    /// Apply a change to the attempt and tell the watchers, who apply it to their copy.
    fn change(&mut self, change: Change) {
        if self.attempt.apply(change.clone()).is_ok() {
            self.events.emit(Event::Changed(change));
        }
    }

    /// A change the history must hold before the run goes on (the row is saved whole).
    async fn step(&mut self, change: Change) {
        self.change(change);
        // Once a write has failed in this run, the steps between are skipped (each could wait
        // out a lock again) and only the end is written: it carries everything known.
        if !matches!(self.attempt.recording, Recording::Failed { .. }) {
            self.save().await;
        }
    }

    /// Save the record whole; whether the write landed.
    async fn save(&mut self) -> bool {
        let (Some(history), Some(id)) = (&self.workflow.history, self.attempt.history_id()) else {
            return false;
        };
        let wait = match self.attempt.recording {
            Recording::Failed { .. } => WAIT_AFTER_FAILURE,
            _ => WRITE_WAIT,
        };
        let attempt = self.attempt.clone();
        match history.with_wait(wait, move |store| store.save(id, &attempt)).await {
            Ok(()) => true,
            Err(e) => {
                self.history_failed(&e.to_string());
                false
            }
        }
    }

    /// The marker first: it holds even where the history cannot be written.
    fn mark(&mut self, step: Step) {
        if let Some(live) = &mut self.live
            && let Err(e) = live.step(&step)
        {
            tracing::warn!(error = %e, "could not write the run's marker beside the history");
        }
    }

    /// A history write failed: the operation goes on (an incident comes first), the log keeps
    /// what is needed to find the request, and the operator is told once.
    fn history_failed(&mut self, reason: &str) {
        let reason = crate::api::text::from_server(reason);
        tracing::warn!(
            error = %reason,
            request_id = self.attempt.request_id().unwrap_or("-"),
            client_token = self.plan().client_token().unwrap_or("-"),
            eni = %self.plan().eni,
            "could not write the attempt to the history; it goes on unrecorded"
        );
        if !matches!(self.attempt.recording, Recording::Failed { .. }) {
            self.change(Change::RecordingFailed { reason });
        }
    }

    async fn end(mut self, outcome: Outcome, reason: Option<Reason>) -> Attempt {
        tracing::info!(
            outcome = outcome.as_str(),
            request_id = self.attempt.request_id().unwrap_or("-"),
            client_token = self.plan().client_token().unwrap_or("-"),
            code = reason.as_ref().map(|r| r.code.as_str()).unwrap_or("-"),
            "attempt ended"
        );
        let duration_ms = Some(self.started.elapsed().as_millis() as u64);
        let ended = Change::Ended { outcome, reason, at: now_ms(), duration_ms };
        // The end is told only once the history holds it (and the rows it settles): whoever
        // reads the history on seeing the end (the screen, a script after the exit) reads it.
        let told = self.attempt.apply(ended.clone()).is_ok().then_some(Event::Changed(ended));
        let recorded = self.save().await;
        if let Some(live) = self.live.take() {
            // Kept (and unlocked at exit) when the end is not in the history: reconciliation
            // then knows nobody will finish the row, and how far it got.
            if recorded {
                live.release();
            }
        }
        if let Some(history) = &self.workflow.history
            && self.attempt.history_id().is_some()
        {
            if let (Some(id), Outcome::Succeeded) = (self.attempt.history_id(), self.attempt.outcome()) {
                super::reconcile::settle_same_request(history, id).await;
            }
            // A finished attempt leaves the WAL, so the main file alone holds it.
            if let Err(e) = history.with(|store| store.checkpoint()).await {
                tracing::warn!(error = %e, "could not checkpoint the history");
            }
        }
        if let Some(told) = told {
            self.events.emit(told);
        }
        self.attempt
    }

    /// Describe the ENI and keep where it is; a failed (or cancelled) describe says why.
    async fn verify(&mut self) -> Option<Located> {
        self.change(Change::Describing);
        let described = tokio::select! {
            described = facts::locate(&self.workflow.client, self.plan()) => described,
            _ = self.cancel.cancelled() => {
                self.change(Change::DescribeFailed { reason: tr!("run-cancelled-before-answer") });
                return None;
            }
        };
        match described {
            Ok(Some(located)) => {
                self.change(Change::Located(located.clone()));
                Some(located)
            }
            Ok(None) => {
                self.change(Change::DescribeFailed { reason: tr!("run-eni-unknown") });
                None
            }
            Err(e) => {
                tracing::warn!(code = e.code(), "could not describe the ENI to verify the outcome");
                let reason = crate::api::text::from_server(&e.to_string());
                self.change(Change::DescribeFailed { reason });
                None
            }
        }
    }

    /// [`Runner::verify`] until the ENI settles (a change the lost try started is still under
    /// way), at the poll's pace and within its deadline.
    async fn verify_settled(&mut self, policy: &PollPolicy) -> Option<Located> {
        let started = Instant::now();
        loop {
            let located = self.verify().await;
            let moving = located.as_ref().is_some_and(|l| !l.settled());
            if !moving || started.elapsed() >= policy.deadline {
                return located;
            }
            tokio::select! {
                _ = tokio::time::sleep(policy.interval) => {}
                _ = self.cancel.cancelled() => return located,
            }
        }
    }
}

impl Workflow {
    /// Carry out one plan to its end. Never panics on a bad answer; every way out is an
    /// [`Attempt`] that has ended, recorded in history (or its `recording` saying it could not
    /// be). The client's retries are reported as [`Event::Retrying`].
    pub async fn run(
        &self,
        plan: Plan,
        options: Options,
        events: impl EventSink,
        cancel: CancellationToken,
    ) -> Attempt {
        let (retries, mut heard) = tokio::sync::mpsc::unbounded_channel();
        let body = observing_retries(retries, self.run_inner(plan, options, &events, cancel));
        tokio::pin!(body);
        loop {
            tokio::select! {
                biased;
                Some(notice) = heard.recv() => events.emit(Event::Retrying(notice)),
                attempt = &mut body => return attempt,
            }
        }
    }

    async fn run_inner(
        &self,
        plan: Plan,
        options: Options,
        events: &dyn EventSink,
        cancel: CancellationToken,
    ) -> Attempt {
        let mut attempt = Attempt::new(plan.clone(), self.caller.clone(), now_ms());
        attempt.retry_of = options.retry_of;
        let mut run = Runner { workflow: self, events, cancel, started: Instant::now(), attempt, live: None };
        tracing::info!(
            action = plan.kind().action(),
            region = %plan.region,
            eni = %plan.eni,
            instance = %plan.instance(),
            destination = plan.move_destination().map(|i| i.as_str()).unwrap_or("-"),
            client_token = plan.client_token().unwrap_or("-"),
            secret_id = %self.caller.secret_id_masked,
            "attempt started"
        );
        run.events.emit(Event::Started(Box::new(run.attempt.clone())));
        self.record_pending(&mut run, &options).await;
        if let Err((outcome, reason)) = self.before_sending(&mut run, &options).await {
            return run.end(outcome, reason).await;
        }
        self.send_and_follow(run, &options).await
    }

    /// Preflight and the confirmation: Err is how the run ends with nothing sent.
    async fn before_sending(
        &self,
        run: &mut Runner<'_>,
        options: &Options,
    ) -> Result<(), (Outcome, Option<Reason>)> {
        let cancel = run.cancel.clone();
        // allowed_accounts holds with or without preflight, and no override sends past it.
        if let Some(refusal) = self.accounts.refusal(&self.client).await {
            run.change(Change::PreflightDone(refusal.report));
            return Err((Outcome::PreflightFailed, Some(refusal.reason)));
        }
        let mut report = None;
        if !options.preflight {
            // The row says the checks were skipped, so an empty column never reads as "passed".
            run.step(Change::PreflightSkipped).await;
        } else {
            match self.preflight(run, options.known_limit.clone(), &cancel).await {
                // Already done, unless an earlier row sent this very request (its ClientToken)
                // and never heard how it ended: sending it again is how the service says
                // whether that request did it (it answers for the same request, or refuses).
                Ok((done, _)) if done.already_done().is_some() && !self.earlier_rows(run).await.open => {
                    return Err((Outcome::AlreadyDone, None));
                }
                Ok((done, under_way)) if !done.passed() && !options.override_preflight && !under_way => {
                    let first = done.failures().next();
                    let code = first.and_then(|v| v.code.as_deref()).unwrap_or("FailedOperation");
                    let message = first.map(|v| v.reason.clone()).unwrap_or_default();
                    return Err((Outcome::PreflightFailed, Some(Reason::new(Code::parse(code), message))));
                }
                Ok((done, _)) => report = Some(done),
                Err(None) => return Err((Outcome::Cancelled, Some(cancelled()))),
                Err(Some(err)) => return Err((Outcome::NotSent, Some(Reason::from_api(&err)))),
            }
        }
        if let Some(Confirmation(confirm)) = &options.confirm {
            let confirmed = tokio::select! {
                yes = confirm.confirm(run.plan(), report.as_ref()) => yes,
                _ = cancel.cancelled() => false,
            };
            if !confirmed {
                return Err((
                    Outcome::Cancelled,
                    Some(Reason::new(OwnCode::Cancelled, tr!("run-not-confirmed"))),
                ));
            }
        }
        if cancel.is_cancelled() {
            return Err((Outcome::Cancelled, Some(cancelled())));
        }
        Ok(())
    }

    /// Record Sending, send, record the RequestId, and follow the task unless told not to.
    async fn send_and_follow(&self, mut run: Runner<'_>, options: &Options) -> Attempt {
        // Written before the request leaves: a kill from here on leaves "may have been sent",
        // with the ClientToken to settle or retry it.
        run.mark(Step::Sending);
        run.step(Change::Sending).await;
        let cancel = run.cancel.clone();
        let sent = tokio::select! {
            result = self.send(run.plan(), &options.poll) => result,
            _ = cancel.cancelled() => {
                // The request may already be on the wire: we cannot say it was not carried out.
                let reason = Reason::new(OwnCode::Cancelled, tr!("run-cancelled-in-flight"));
                run.change(Change::MaybeDelivered { error: reason.clone(), request_id: None });
                return run.end(Outcome::Unknown, Some(reason)).await;
            }
        };
        // From here on the service may have the request: following it up is bounded by the
        // poll policy (`--wait-timeout`), not by what is left of the command's `--timeout`.
        let request_id = match sent {
            Ok(id) => id,
            Err(err) => return free_of_deadline(self.refused_or_lost(run, err, &options.poll)).await,
        };
        run.mark(Step::Sent { request_id: request_id.clone() });
        run.step(Change::Accepted { request_id: request_id.clone() }).await;
        if !options.wait {
            return run.end(Outcome::Sent, None).await;
        }
        free_of_deadline(self.poll(run, &request_id, &options.poll)).await
    }

    async fn record_pending(&self, run: &mut Runner<'_>, options: &Options) {
        let Some(history) = &self.history else { return };
        let (attempt, link) = (run.attempt.clone(), options.runbook.clone());
        // The marker is held before the row exists, so a kill at any moment leaves one.
        let mut live = history
            .claim(attempt.started_at)
            .map_err(|e| tracing::warn!(error = %e, "could not make the run's marker beside the history"))
            .ok();
        match history.with_wait(WRITE_WAIT, move |store| store.record(&attempt, link.as_ref())).await {
            Ok(id) => {
                if let Some(marker) = &mut live
                    && let Err(e) = history.assign(marker, id)
                {
                    tracing::warn!(error = %e, "could not name the run's marker after its row");
                    live = None;
                }
                run.live = live;
                run.change(Change::Recorded { id });
            }
            Err(e) => {
                // No row: nothing for the marker to speak for.
                if let Some(marker) = live {
                    marker.release();
                }
                run.history_failed(&e.to_string())
            }
        }
    }

    /// Ok((report, under way)), Err(None) when cancelled, Err(Some) when describing failed.
    /// "Under way": the ENI is already going to the plan's instance, as after an earlier try
    /// with this ClientToken (re-run with `--client-token`): the rules it breaks are the earlier
    /// try's doing, so the same request is sent and the service replays it (or refuses it).
    async fn preflight(
        &self,
        run: &mut Runner<'_>,
        known_limit: Option<crate::api::actions::EniLimit>,
        cancel: &CancellationToken,
    ) -> Result<(Report, bool), Option<ApiError>> {
        run.change(Change::PreflightStarted);
        let facts = tokio::select! {
            facts = facts::gather_knowing(&self.client, run.plan(), known_limit) => facts.map_err(Some)?,
            _ = cancel.cancelled() => return Err(None),
        };
        let report = preflight::check(run.plan(), &facts);
        let plan = run.plan();
        let located = facts.eni.as_ref().map(Located::of);
        // An attach ATTACHING to the plan's instance, or a detach DETACHING from it (still
        // bound there until its task ends): the plan's instance is the one in both.
        let under_way = plan.kind().has_client_token()
            && located
                .as_ref()
                .is_some_and(|l| !l.settled() && l.instance() == Some(plan.instance().as_str()));
        run.step(Change::PreflightDone(report.clone())).await;
        if report.already_done().is_some()
            && let Some(located) = located
        {
            // What the operator needs to use the NIC: where preflight found it.
            run.change(Change::Located(located));
        }
        Ok((report, under_way))
    }

    /// Send once (the client retries what is safe). `IdempotentProcessing` means an earlier try
    /// with this ClientToken was accepted and is still running, typically after a lost answer:
    /// keep re-sending the same request until the service gives the settled answer.
    async fn send(&self, plan: &Plan, poll: &PollPolicy) -> Result<String, ApiError> {
        let request = plan.request();
        let started = Instant::now();
        let mut delay = poll.first_delay;
        loop {
            match self.client.start_task(&request.call()).await {
                Err(e) if e.is_idempotent_processing() && started.elapsed() < poll.deadline => {
                    tokio::time::sleep(delay).await;
                    delay = delay.mul_f64(1.5).min(poll.max_delay);
                }
                other => return other,
            }
        }
    }

    /// The send failed. A refusal the service certainly did not act on is NotSent or Failed; a
    /// try that may have been delivered is settled by describing the ENI.
    async fn refused_or_lost(&self, mut run: Runner<'_>, err: ApiError, policy: &PollPolicy) -> Attempt {
        let reason = Reason::from_api(&err);
        let answered = matches!(err, ApiError::Service(_));
        let plan = run.plan().clone();
        if !err.may_have_been_delivered() {
            let outcome = if err.never_executed() || !answered { Outcome::NotSent } else { Outcome::Failed };
            let change = match answered {
                true => Change::Refused {
                    error: reason.clone(),
                    request_id: err.request_id().map(str::to_string),
                },
                false => Change::NotDelivered(reason.clone()),
            };
            run.change(change);
            if outcome == Outcome::Failed && plan.kind().has_client_token() && is_state_refusal(&err) {
                // Refused for the state the ENI is in, which may be this request's own earlier
                // try (its answer lost) or an earlier run's with the same ClientToken, where the
                // service checks the state before the token: said as it is once the ENI settles.
                return self.refused_by_state(run, reason, policy).await;
            }
            return run.end(outcome, Some(reason)).await;
        }
        run.change(Change::MaybeDelivered {
            error: reason.clone(),
            request_id: err.request_id().map(str::to_string),
        });
        match run.verify_settled(policy).await {
            Some(located) if located.matches(&plan) => run.end(Outcome::Succeeded, None).await,
            // Unchanged now proves nothing: a request held on its way (a proxy, a slow link)
            // can still arrive and be carried out until its signature expires. Said as
            // unknown; reconciliation settles it once the service can no longer act on it.
            Some(located) if located.unchanged(&plan) && !plan.kind().has_client_token() => {
                let message = tr!(
                    "run-move-still-on-source",
                    message = reason.message.as_str(),
                    place = located.describe()
                );
                run.end(Outcome::Unknown, Some(Reason { message, ..reason })).await
            }
            _ => run.end(Outcome::Unknown, Some(reason)).await,
        }
    }

    /// A refusal for the ENI's state. Where the ENI then settles where the plan puts it, the
    /// refusal is not "failed": an earlier row with this ClientToken owns the change (this run
    /// had nothing to do), or else nothing says whose request made it (unknown, place stated).
    async fn refused_by_state(&self, mut run: Runner<'_>, reason: Reason, policy: &PollPolicy) -> Attempt {
        let plan = run.plan().clone();
        let Some(located) = run.verify_settled(policy).await.filter(|l| l.matches(&plan)) else {
            return run.end(Outcome::Failed, Some(reason)).await;
        };
        if self.earlier_rows(&run).await.any {
            return run.end(Outcome::AlreadyDone, None).await;
        }
        let message = tr!(
            "run-refused-yet-placed",
            code = reason.code.to_string(),
            message = reason.message.as_str(),
            place = located.describe(),
            kind = plan.kind().verb()
        );
        run.end(Outcome::Unknown, Some(Reason::new(OwnCode::OutcomeUnknown, message))).await
    }

    /// Other rows of the history that sent this plan's request (same ENI and ClientToken).
    async fn earlier_rows(&self, run: &Runner<'_>) -> EarlierRows {
        let (Some(history), Some(token)) = (&self.history, run.plan().client_token()) else {
            return EarlierRows::default();
        };
        let (token, own, eni) =
            (token.to_string(), run.attempt.history_id(), run.plan().eni.as_str().to_string());
        let found = history
            .with_wait(WAIT_AFTER_FAILURE, move |store| {
                let mut rows = store.open_rows()?;
                rows.extend(store.succeeded_with_tokens(std::slice::from_ref(&token))?);
                rows.retain(|r| r.client_token == token && r.eni_id == eni && Some(r.id) != own);
                Ok(rows)
            })
            .await;
        let rows = found.unwrap_or_default();
        EarlierRows { open: rows.iter().any(|r| r.is_open()), any: !rows.is_empty() }
    }

    async fn poll(&self, mut run: Runner<'_>, request_id: &str, policy: &PollPolicy) -> Attempt {
        run.change(Change::Following);
        let started = Instant::now();
        // In the quota's line since the task was accepted: the oldest task is asked first.
        let since = tokio::time::Instant::now();
        let mut delay = policy.first_delay;
        // Polls keep to a grid from the first (not a pause after each answer), so the answers'
        // time does not add up over a long task.
        let mut next_at = tokio::time::Instant::now() + delay;
        let cancel = run.cancel.clone();
        loop {
            let within = policy.answer_within(delay);
            let polled = tokio::select! {
                polled = async {
                    tokio::time::sleep_until(next_at).await;
                    run.change(Change::PollSent);
                    // The window starts when the poll leaves the rate limiter (many tasks
                    // followed at once queue there): a poll is never abandoned unsent.
                    let region = &run.plan().region;
                    let polled = Polled { since, within };
                    match self.client.describe_vpc_task_result_within(region, request_id, Some(polled)).await {
                        Err(e @ ApiError::NoAnswer { .. }) => Err(e),
                        other => Ok(other),
                    }
                } => polled,
                _ = cancel.cancelled() => return stopped_waiting(run, request_id).await,
            };
            delay = policy.next_delay(started.elapsed(), delay);
            next_at = (next_at + delay).max(tokio::time::Instant::now());
            match polled {
                Ok(Ok(task)) => {
                    let terminal = task.status.is_terminal();
                    run.change(Change::PollAnswered {
                        status: task.status,
                        output: task.output,
                        at: now_ms(),
                    });
                    if terminal {
                        return finish_task(run).await;
                    }
                }
                Ok(Err(err)) if !err.retryable() => {
                    return run.end(Outcome::Unknown, Some(Reason::from_api(&err))).await;
                }
                Ok(Err(err)) => {
                    tracing::debug!(code = err.code(), "task poll failed; polling again");
                }
                Err(_) => {
                    tracing::debug!(
                        waited_ms = within.as_millis() as u64,
                        "task poll unanswered; asking again"
                    );
                    next_at = tokio::time::Instant::now();
                }
            }
            if started.elapsed() >= policy.deadline {
                let secs = policy.deadline.as_secs();
                let message = match run.attempt.task.status() {
                    Some(status) => tr!("run-task-still", status = status.to_string(), secs = secs),
                    None => tr!("run-task-unanswered", secs = secs),
                };
                run.verify().await;
                return run.end(Outcome::Unknown, Some(Reason::new(OwnCode::TaskTimeout, message))).await;
            }
        }
    }
}

/// Cancelled while following the task: it was accepted and may still finish either way.
async fn stopped_waiting(run: Runner<'_>, request_id: &str) -> Attempt {
    let last = match &run.attempt.task {
        Task::Polling { last: Some(status), .. } => status.to_string(),
        Task::Polling { asked: 0, .. } => "none".into(),
        _ => "unanswered".into(),
    };
    let message = tr!("run-stopped-waiting", request_id = request_id, last = last);
    run.end(Outcome::Unknown, Some(Reason::new(OwnCode::Cancelled, message))).await
}

/// The task ended: verify where the ENI is, so a SUCCESS that did not put it where the plan
/// says is a mismatch, and a FAILED says where it was left.
async fn finish_task(mut run: Runner<'_>) -> Attempt {
    if !matches!(run.attempt.recording, Recording::Failed { .. }) {
        run.save().await;
    }
    let succeeded = match run.attempt.task.clone() {
        Task::Succeeded { .. } => true,
        Task::Failed { .. } => false,
        _ => return run.end(Outcome::Unknown, None).await,
    };
    let output = run.attempt.task.output().map(str::to_string);
    let located = run.verify().await;
    if succeeded {
        let plan = run.plan().clone();
        return match located {
            Some(l) if !l.matches(&plan) => {
                let message = tr!("run-success-elsewhere", place = l.describe());
                run.end(Outcome::Mismatch, Some(Reason::new(OwnCode::VerifyMismatch, message))).await
            }
            _ => run.end(Outcome::Succeeded, None).await,
        };
    }
    let mut message = output.unwrap_or_else(|| tr!("run-task-failed"));
    if let Some(l) = &located {
        message = tr!("run-task-failed-at", message = message, place = l.describe());
    }
    run.end(Outcome::Failed, Some(Reason::new(OwnCode::TaskFailed, message))).await
}

/// What the history holds of the same request (its ClientToken) sent by other rows.
#[derive(Default)]
struct EarlierRows {
    /// One of them never heard how it ended.
    open: bool,
    any: bool,
}

/// The service refused because of the ENI's or the instance's state (already bound, busy, not
/// bound), not because of the request itself.
fn is_state_refusal(err: &ApiError) -> bool {
    matches!(err.code(), "UnsupportedOperation.AttachmentAlreadyExists" | "UnsupportedOperation.InvalidState")
}

fn cancelled() -> Reason {
    Reason::new(OwnCode::Cancelled, tr!("run-cancelled-before-sending"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_keep_the_interval_while_the_task_is_young_then_back_off_to_the_cap() {
        let policy = PollPolicy::default();
        let ms = Duration::from_millis;
        assert_eq!(policy.next_delay(ms(0), ms(200)), ms(200));
        assert_eq!(policy.next_delay(ms(14_900), ms(200)), ms(200));
        assert_eq!(policy.next_delay(ms(15_000), ms(200)), ms(300));
        assert_eq!(policy.next_delay(ms(20_000), ms(1_500)), ms(2_000), "capped");
        let slow = PollPolicy { interval: ms(3_000), ..PollPolicy::default() };
        assert_eq!(slow.next_delay(ms(60_000), ms(3_000)), ms(3_000), "never below the interval");
    }
}
