//! The one attach (or detach) workflow: validate → record pending → preflight → send with a
//! ClientToken → record the RequestId → poll the task → record the outcome. The CLI prints its
//! progress events, the TUI renders them, tests assert them; nothing else re-implements a step.

use super::exit;
use super::ids::{EniId, IdError, InstanceId};
use super::preflight::{self, Facts, Report};
use crate::api::{ApiError, AttachRequest, AttachType, Client, DetachRequest, Filter, Service, TaskStatus};
use crate::catalog::{self, Explanation};
use crate::history::{self, Action, AttemptUpdate, NewAttempt, Outcome, Store};
use futures::future::BoxFuture;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    Attach,
    Detach,
}

impl Operation {
    pub fn action(self) -> &'static str {
        self.history_action().as_str()
    }

    fn history_action(self) -> Action {
        match self {
            Operation::Attach => Action::Attach,
            Operation::Detach => Action::Detach,
        }
    }
}

/// What the operator asked for, as typed (validated by the workflow's first step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachInput {
    pub operation: Operation,
    pub region: String,
    pub eni: String,
    pub instance: String,
    pub attach_type: Option<AttachType>,
    /// None: a fresh UUID, reused on every retry of this attempt.
    pub client_token: Option<String>,
}

/// A validated request: exactly what will be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub operation: Operation,
    pub region: String,
    pub endpoint: String,
    pub eni: EniId,
    pub instance: InstanceId,
    pub attach_type: Option<AttachType>,
    pub client_token: String,
}

impl Plan {
    pub fn attach_request(&self) -> AttachRequest {
        AttachRequest {
            region: self.region.clone(),
            eni_id: self.eni.to_string(),
            instance_id: self.instance.to_string(),
            attach_type: self.attach_type,
            client_token: self.client_token.clone(),
        }
    }

    pub fn detach_request(&self) -> DetachRequest {
        DetachRequest {
            region: self.region.clone(),
            eni_id: self.eni.to_string(),
            instance_id: self.instance.to_string(),
            client_token: self.client_token.clone(),
        }
    }
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum InputError {
    #[error(transparent)]
    Id(#[from] IdError),
    #[error("region '{0}' is not a Tencent Cloud region ID (for example ap-guangzhou)")]
    Region(String),
    #[error("ClientToken must be 1 to 64 ASCII characters")]
    ClientToken,
}

#[derive(Debug, Clone)]
pub struct PollPolicy {
    pub first_delay: Duration,
    pub max_delay: Duration,
    pub deadline: Duration,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(5),
            deadline: Duration::from_secs(120),
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

/// Progress, as it happens.
#[derive(Debug, Clone)]
pub enum Event {
    Validated(Plan),
    Recorded { history_id: i64 },
    PreflightStarted,
    PreflightDone(Report),
    Sending,
    Sent { request_id: String },
    TaskPolled { status: String, elapsed: Duration },
    Finished(Box<Finish>),
}

/// How it ended, for every caller to show.
#[derive(Debug, Clone)]
pub struct Finish {
    pub plan: Option<Plan>,
    pub history_id: Option<i64>,
    pub preflight: Option<Report>,
    pub request_id: Option<String>,
    pub task_status: Option<String>,
    pub task_output: Option<String>,
    pub outcome: Outcome,
    pub failure: Option<Failure>,
    pub duration: Duration,
}

impl Finish {
    /// A run that ended before anything was known about it.
    pub fn ended_early(outcome: Outcome, failure: Option<Failure>) -> Self {
        Finish {
            plan: None,
            history_id: None,
            preflight: None,
            request_id: None,
            task_status: None,
            task_output: None,
            outcome,
            failure,
            duration: Duration::ZERO,
        }
    }

    /// The documented exit codes: 0 done, 1 refused/FAILED, 2 invalid input, 3 no credentials,
    /// 4 outcome unknown, 5 preflight failed, 130 cancelled before anything was sent.
    pub fn exit_code(&self) -> i32 {
        match self.outcome {
            Outcome::Succeeded | Outcome::Sent => exit::OK,
            Outcome::PreflightFailed => exit::PREFLIGHT_FAILED,
            Outcome::Unknown | Outcome::Pending => exit::OUTCOME_UNKNOWN,
            Outcome::Cancelled => exit::CANCELLED,
            Outcome::NotSent
                if matches!(self.failure, Some(Failure { kind: FailureKind::InvalidInput, .. })) =>
            {
                exit::INVALID_INPUT
            }
            Outcome::NotSent
                if matches!(self.failure, Some(Failure { kind: FailureKind::NoCredentials, .. })) =>
            {
                exit::NO_CREDENTIALS
            }
            Outcome::Failed | Outcome::NotSent => exit::REFUSED,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    InvalidInput,
    NoCredentials,
    Preflight,
    Api,
    TaskFailed,
    TaskTimeout,
    Cancelled,
}

/// A failure with its code and the operator's explanation.
#[derive(Debug, Clone)]
pub struct Failure {
    pub kind: FailureKind,
    pub code: String,
    pub message: String,
    pub explanation: Explanation,
    pub clock_advice: Option<String>,
}

impl Failure {
    pub fn new(kind: FailureKind, code: &str, message: String) -> Self {
        Failure { kind, code: code.into(), message, explanation: catalog::explain(code), clock_advice: None }
    }

    fn from_api(err: &ApiError) -> Self {
        Failure {
            clock_advice: err.clock_advice(),
            ..Failure::new(FailureKind::Api, err.code(), err.to_string())
        }
    }
}

/// The history store, shared by workflows; every access runs off the async threads.
#[derive(Clone)]
pub struct History(Arc<Mutex<Store>>);

impl History {
    pub fn new(store: Store) -> Self {
        History(Arc::new(Mutex::new(store)))
    }

    pub async fn with<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Store) -> Result<T, history::HistoryError> + Send + 'static,
    ) -> Result<T, history::HistoryError> {
        let store = self.0.clone();
        tokio::task::spawn_blocking(move || job(&mut store.lock().unwrap_or_else(|p| p.into_inner())))
            .await
            .expect("history job does not panic")
    }
}

/// Who is calling, for the history row.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub profile: String,
    pub secret_id_masked: String,
}

pub struct Workflow {
    pub client: Arc<Client>,
    pub history: Option<History>,
    pub caller: Caller,
}

pub fn validate(input: &AttachInput, client: &Client) -> Result<Plan, InputError> {
    let eni = EniId::parse(&input.eni)?;
    let instance = InstanceId::parse(&input.instance)?;
    let region = input.region.trim().to_string();
    let well_formed = region.split('-').count() >= 2
        && region
            .split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if !well_formed {
        return Err(InputError::Region(input.region.clone()));
    }
    let client_token = input.client_token.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    if client_token.is_empty() || client_token.len() > 64 || !client_token.is_ascii() {
        return Err(InputError::ClientToken);
    }
    let endpoint = client.endpoint(Service::Vpc, Some(&region)).url();
    Ok(Plan {
        operation: input.operation,
        region,
        endpoint,
        eni,
        instance,
        attach_type: input.attach_type,
        client_token,
    })
}

/// Describe the ENI, the instance, its ENI limit and its attached ENIs, concurrently.
pub async fn gather_facts(
    client: &Client,
    region: &str,
    eni: &str,
    instance: &str,
    attach_type: Option<AttachType>,
) -> Result<Facts, ApiError> {
    let attached_filter = [Filter::new("attachment.instance-id", &[instance])];
    let (eni_ids, instance_ids) = ([eni], [instance]);
    let (enis, instances, limit, attached) = tokio::join!(
        client.describe_network_interfaces(region, &eni_ids, &[]),
        client.describe_instances(region, &instance_ids, &[]),
        client.describe_network_interface_limit(region, instance),
        client.describe_network_interfaces(region, &[], &attached_filter),
    );
    let instance = not_found_as_none(instances)?.and_then(|list| list.into_iter().next());
    let attached = not_found_as_none(attached)?.unwrap_or_default();
    Ok(Facts {
        eni: not_found_as_none(enis)?.and_then(|list| list.into_iter().next()),
        limit: if instance.is_some() { not_found_as_none(limit)? } else { None },
        attached_to_instance: attached.len(),
        attached_extended: attached
            .iter()
            .filter(|e| e.attach_type == Some(AttachType::Extended.code()))
            .count(),
        attach_type,
        instance,
    })
}

/// "No such resource" during describe means "not there", which preflight reports as a rule.
/// Anything else (an auth failure above all) is an error of its own, never "not found".
fn not_found_as_none<T>(result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(ApiError::Service(e))
            if e.code.starts_with("ResourceNotFound") || e.code == "InvalidInstanceId.NotFound" =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The state of one run, so every exit path records and reports the same way.
struct Run<'a> {
    workflow: &'a Workflow,
    events: &'a dyn EventSink,
    started: Instant,
    finish: Finish,
}

impl Run<'_> {
    fn emit(&self, event: Event) {
        self.events.emit(event);
    }

    async fn record(&mut self, update: AttemptUpdate) {
        let (Some(history), Some(id)) = (&self.workflow.history, self.finish.history_id) else { return };
        if let Err(e) = history.with(move |store| store.update(id, &update)).await {
            tracing::warn!(error = %e, "could not update the history row");
        }
    }

    async fn end(mut self, outcome: Outcome, failure: Option<Failure>) -> Finish {
        tracing::info!(
            outcome = outcome.as_str(),
            request_id = self.finish.request_id.as_deref().unwrap_or("-"),
            code = failure.as_ref().map(|f| f.code.as_str()).unwrap_or("-"),
            "attempt ended"
        );
        self.finish.outcome = outcome;
        self.finish.duration = self.started.elapsed();
        let update = AttemptUpdate {
            outcome: Some(outcome),
            error_code: failure.as_ref().map(|f| f.code.clone()),
            error_message: failure.as_ref().map(|f| f.message.clone()),
            task_output: self.finish.task_output.clone(),
            finished_at: Some(now_ms()),
            duration_ms: Some(self.finish.duration.as_millis() as i64),
            ..Default::default()
        };
        self.finish.failure = failure;
        self.record(update).await;
        self.emit(Event::Finished(Box::new(self.finish.clone())));
        self.finish
    }
}

impl Workflow {
    /// Run one attempt to its end. Never panics on bad input or a bad answer; every way out is
    /// a `Finish` with its outcome recorded in history.
    pub async fn run(
        &self,
        input: AttachInput,
        options: Options,
        events: impl EventSink,
        cancel: CancellationToken,
    ) -> Finish {
        let mut run = Run {
            workflow: self,
            events: &events,
            started: Instant::now(),
            finish: Finish::ended_early(Outcome::Pending, None),
        };
        let plan = match validate(&input, &self.client) {
            Ok(plan) => plan,
            Err(e) => {
                let code = match e {
                    InputError::Id(_) => "InvalidParameterValue.Malformed",
                    InputError::Region(_) | InputError::ClientToken => "InvalidParameterValue",
                };
                let failure = Failure::new(FailureKind::InvalidInput, code, e.to_string());
                return run.end(Outcome::NotSent, Some(failure)).await;
            }
        };
        run.finish.plan = Some(plan.clone());
        tracing::info!(
            action = plan.operation.action(),
            region = %plan.region,
            eni = %plan.eni,
            instance = %plan.instance,
            client_token = %plan.client_token,
            secret_id = %self.caller.secret_id_masked,
            "attempt started"
        );
        run.emit(Event::Validated(plan.clone()));
        self.record_pending(&mut run, &plan).await;

        let mut report = None;
        if options.preflight {
            match self.preflight(&mut run, &plan, &cancel).await {
                Ok(done) if !done.passed() && !options.override_preflight => {
                    let first = done.failures().next().cloned();
                    let code = first.as_ref().and_then(|v| v.code).unwrap_or("FailedOperation");
                    let message = first.map(|v| v.reason).unwrap_or_default();
                    let failure = Failure::new(FailureKind::Preflight, code, message);
                    return run.end(Outcome::PreflightFailed, Some(failure)).await;
                }
                Ok(done) => report = Some(done),
                Err(None) => return run.end(Outcome::Cancelled, Some(cancelled())).await,
                Err(Some(err)) => return run.end(Outcome::NotSent, Some(Failure::from_api(&err))).await,
            }
        }
        if let Some(Confirmation(confirm)) = &options.confirm {
            let confirmed = tokio::select! {
                yes = confirm.confirm(&plan, report.as_ref()) => yes,
                _ = cancel.cancelled() => false,
            };
            if !confirmed {
                let mut failure = cancelled();
                failure.message = "not confirmed; nothing was sent".into();
                return run.end(Outcome::Cancelled, Some(failure)).await;
            }
        }
        if cancel.is_cancelled() {
            return run.end(Outcome::Cancelled, Some(cancelled())).await;
        }

        run.emit(Event::Sending);
        let sent = tokio::select! {
            result = self.send(&plan, &options.poll) => result,
            _ = cancel.cancelled() => {
                // The request may already be on the wire: we cannot say it was not carried out.
                let mut failure = cancelled();
                failure.message = "cancelled while the request was in flight; it may have been carried out".into();
                return run.end(Outcome::Unknown, Some(failure)).await;
            }
        };
        let request_id = match sent {
            Ok(id) => id,
            Err(err) => {
                let outcome = if err.outcome_unknown() {
                    Outcome::Unknown
                } else if matches!(err, ApiError::NotSent { .. }) || err.code().starts_with("AuthFailure") {
                    // The gateway checks the signature before the action runs: nothing was done.
                    Outcome::NotSent
                } else {
                    Outcome::Failed
                };
                run.finish.request_id = err.request_id().map(str::to_string);
                return run.end(outcome, Some(Failure::from_api(&err))).await;
            }
        };
        run.finish.request_id = Some(request_id.clone());
        run.record(AttemptUpdate {
            request_id: Some(request_id.clone()),
            outcome: Some(Outcome::Sent),
            ..Default::default()
        })
        .await;
        run.emit(Event::Sent { request_id: request_id.clone() });

        if !options.wait {
            return run.end(Outcome::Sent, None).await;
        }
        self.poll(run, &plan, &request_id, &options.poll, &cancel).await
    }

    async fn record_pending(&self, run: &mut Run<'_>, plan: &Plan) {
        let Some(history) = &self.history else { return };
        let row = NewAttempt {
            started_at: now_ms(),
            profile: self.caller.profile.clone(),
            secret_id_masked: self.caller.secret_id_masked.clone(),
            region: plan.region.clone(),
            endpoint: plan.endpoint.clone(),
            action: plan.operation.history_action(),
            eni_id: plan.eni.to_string(),
            instance_id: plan.instance.to_string(),
            attach_type: plan.attach_type.map(|t| t.code() as u32),
            client_token: plan.client_token.clone(),
        };
        match history.with(move |store| store.insert(&row)).await {
            Ok(id) => {
                run.finish.history_id = Some(id);
                run.emit(Event::Recorded { history_id: id });
            }
            Err(e) => tracing::warn!(error = %e, "could not record the attempt in history"),
        }
    }

    /// Ok(report), Err(None) when cancelled, Err(Some) when describing failed.
    async fn preflight(
        &self,
        run: &mut Run<'_>,
        plan: &Plan,
        cancel: &CancellationToken,
    ) -> Result<Report, Option<ApiError>> {
        run.emit(Event::PreflightStarted);
        let facts = match plan.operation {
            Operation::Attach => {
                let (eni, instance) = (plan.eni.as_str(), plan.instance.as_str());
                gather_facts(&self.client, &plan.region, eni, instance, plan.attach_type)
            }
            Operation::Detach => return Ok(Report::default()),
        };
        let facts = tokio::select! {
            facts = facts => facts.map_err(Some)?,
            _ = cancel.cancelled() => return Err(None),
        };
        let report = preflight::check(plan.eni.as_str(), plan.instance.as_str(), &facts);
        run.finish.preflight = Some(report.clone());
        let json = serde_json::to_string(&report.verdicts).ok();
        run.record(AttemptUpdate { preflight: json, ..Default::default() }).await;
        run.emit(Event::PreflightDone(report.clone()));
        Ok(report)
    }

    /// Send once (the client retries what is safe). `IdempotentProcessing` means an earlier try
    /// with this ClientToken was accepted and is still running, typically after a lost answer:
    /// keep re-sending the same request until the service gives the settled answer.
    async fn send(&self, plan: &Plan, poll: &PollPolicy) -> Result<String, ApiError> {
        let started = Instant::now();
        let mut delay = poll.first_delay;
        loop {
            let result = match plan.operation {
                Operation::Attach => self.client.attach_network_interface(&plan.attach_request()).await,
                Operation::Detach => self.client.detach_network_interface(&plan.detach_request()).await,
            };
            match result {
                Err(ApiError::Service(e))
                    if e.code == "UnsupportedOperation.IdempotentProcessing"
                        && started.elapsed() < poll.deadline =>
                {
                    tokio::time::sleep(delay).await;
                    delay = delay.mul_f64(1.5).min(poll.max_delay);
                }
                other => return other,
            }
        }
    }

    async fn poll(
        &self,
        mut run: Run<'_>,
        plan: &Plan,
        request_id: &str,
        policy: &PollPolicy,
        cancel: &CancellationToken,
    ) -> Finish {
        let started = Instant::now();
        let mut delay = policy.first_delay;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = cancel.cancelled() => {
                    let mut failure = cancelled();
                    failure.message = format!("stopped waiting; the task {request_id} may still finish");
                    return run.end(Outcome::Unknown, Some(failure)).await;
                }
            }
            delay = (delay.mul_f64(1.5)).min(policy.max_delay);
            match self.client.describe_vpc_task_result(&plan.region, request_id).await {
                Ok(task) => {
                    run.emit(Event::TaskPolled {
                        status: task.status.as_str().to_string(),
                        elapsed: started.elapsed(),
                    });
                    run.finish.task_status = Some(task.status.as_str().to_string());
                    run.finish.task_output = task.output.clone();
                    if task.status.is_terminal() {
                        return finish_task(run, task.status, task.output).await;
                    }
                }
                Err(err) if !err.retryable() => {
                    return run.end(Outcome::Unknown, Some(Failure::from_api(&err))).await;
                }
                Err(err) => tracing::debug!(code = err.code(), "task poll failed; polling again"),
            }
            if started.elapsed() >= policy.deadline {
                let message = format!("the task was still running after {} s", policy.deadline.as_secs());
                return run
                    .end(
                        Outcome::Unknown,
                        Some(Failure::new(FailureKind::TaskTimeout, "ClientError.TaskTimeout", message)),
                    )
                    .await;
            }
        }
    }
}

async fn finish_task(mut run: Run<'_>, status: TaskStatus, output: Option<String>) -> Finish {
    let task_status = match status {
        TaskStatus::Success => history::TaskStatus::Success,
        _ => history::TaskStatus::Failed,
    };
    run.record(AttemptUpdate { task_status: Some(task_status), ..Default::default() }).await;
    if status == TaskStatus::Success {
        return run.end(Outcome::Succeeded, None).await;
    }
    let message = output.unwrap_or_else(|| "the task ended FAILED".into());
    run.end(Outcome::Failed, Some(Failure::new(FailureKind::TaskFailed, "ClientError.TaskFailed", message)))
        .await
}

fn cancelled() -> Failure {
    Failure::new(FailureKind::Cancelled, "ClientError.Cancelled", "cancelled before anything was sent".into())
}

/// A Pending row with no RequestId older than this was left by a process that stopped. A live
/// attempt is Pending only until its first answer: preflight and one send are bounded by the
/// request timeout, and waiting out `IdempotentProcessing` by the task deadline (`--wait-timeout`,
/// 120 s by default), so an hour leaves a wide margin.
pub const STALE_PENDING: Duration = Duration::from_secs(3600);

/// Open rows older than this are no longer asked about at start: each costs a request, and the
/// service keeps task results for a limited time. They stay Unknown, visible in the history.
pub const RECONCILE_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// Rows a crash left open: ask the service how their task ended and record it. A row that never
/// got a RequestId cannot be asked about; once stale it is marked Unknown, so it stops looking
/// like work in progress. Returns how many rows changed.
pub async fn reconcile(client: &Client, history: &History) -> usize {
    let Ok(rows) = history.with(|store| store.open_rows()).await else { return 0 };
    let oldest = now_ms() - RECONCILE_WINDOW.as_millis() as i64;
    let mut changed = 0;
    // Only this key's rows on this endpoint: another service (the demo sandbox, a private
    // endpoint) or another account would answer "no such task" and wrongly close the row.
    let me = crate::credentials::mask_secret_id(client.secret_id());
    let worth_asking = |row: &history::Attempt| {
        let forgotten = row.error_code.as_deref().is_some_and(|c| c.starts_with("ResourceNotFound"));
        let ours = row.secret_id_masked == me
            && row.endpoint == client.endpoint(Service::Vpc, Some(&row.region)).url();
        ours && row.started_at >= oldest && !forgotten
    };
    for row in rows.into_iter().filter(|row| worth_asking(row)) {
        let update = match &row.request_id {
            Some(request_id) => match settled_task(client, &row.region, request_id).await {
                Some(update) => update,
                None => continue,
            },
            None if now_ms() - row.started_at > STALE_PENDING.as_millis() as i64 => stale_pending_update(),
            None => continue,
        };
        if history.with(move |store| store.update(row.id, &update)).await.is_ok() {
            changed += 1;
        }
    }
    tracing::info!(changed, "history reconciled");
    changed
}

async fn settled_task(client: &Client, region: &str, request_id: &str) -> Option<AttemptUpdate> {
    let task = match client.describe_vpc_task_result(region, request_id).await {
        Ok(task) => task,
        // The service no longer knows the task: say so once, and stop asking.
        Err(ApiError::Service(e)) if e.code.starts_with("ResourceNotFound") => {
            return Some(AttemptUpdate {
                outcome: Some(Outcome::Unknown),
                error_code: Some(e.code),
                error_message: Some(format!("the service no longer knows task {request_id}; check the ENI")),
                finished_at: Some(now_ms()),
                ..Default::default()
            });
        }
        Err(_) => return None,
    };
    let (outcome, status) = match task.status {
        TaskStatus::Success => (Outcome::Succeeded, history::TaskStatus::Success),
        TaskStatus::Failed => (Outcome::Failed, history::TaskStatus::Failed),
        _ => return None,
    };
    Some(AttemptUpdate {
        outcome: Some(outcome),
        task_status: Some(status),
        task_output: task.output,
        finished_at: Some(now_ms()),
        ..Default::default()
    })
}

fn stale_pending_update() -> AttemptUpdate {
    AttemptUpdate {
        outcome: Some(Outcome::Unknown),
        error_code: Some("ClientError.OutcomeUnknown".into()),
        error_message: Some(
            "tceni stopped before any answer was recorded; check the ENI's attachment before retrying".into(),
        ),
        finished_at: Some(now_ms()),
        ..Default::default()
    }
}
