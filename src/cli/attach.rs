//! `tceni attach` and `tceni detach`: confirm, run the workflow, print its steps, exit with a
//! documented code.

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::api::{AttachType, Client};
use crate::attach::preflight::{NextStep, Report};
use crate::attach::reconcile;
use crate::attach::{Confirm, Confirmation, Event, EventSink, Options, Workflow};
use crate::attempt::{self, Attempt, Caller, Change, Recording, Send};
use crate::history::History;
use crate::plan::{Kind, Operation, Plan, PlanInput};
use crate::tr;
use clap::{Args, ValueEnum};
use futures::future::BoxFuture;
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use unicode_width::UnicodeWidthStr;

/// The flags every operation shares.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Region, e.g. ap-guangzhou (default: config file, then TENCENTCLOUD_REGION).
    #[arg(long)]
    pub region: Option<String>,
    /// The ENI (eni-xxxxxxxx).
    #[arg(long)]
    pub eni: String,
    /// Return once the request is accepted; do not follow the task.
    #[arg(long)]
    pub no_wait: bool,
    /// Skip the checks made before sending.
    #[arg(long)]
    pub no_preflight: bool,
    /// Print what would be sent (endpoint, headers, body) and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Send without asking (required when there is no terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Seconds to follow the task before reporting "outcome unknown" (1 to 86400).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub wait_timeout: Option<u64>,
    #[arg(long, value_enum, default_value_t)]
    pub output: OutputFormat,
}

#[derive(Debug, Clone, Args)]
pub struct AttachArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// The CVM instance (ins-xxxxxxxx).
    #[arg(long)]
    pub instance: String,
    /// standard (0) or extended (1); omitted: the service's default, standard.
    #[arg(long, value_enum)]
    pub attach_type: Option<AttachTypeArg>,
    /// Idempotency token (≤ 64 ASCII); default: a fresh UUID, reused on every retry.
    #[arg(long)]
    pub client_token: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct DetachArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// The CVM instance the ENI is attached to (ins-xxxxxxxx).
    #[arg(long)]
    pub instance: String,
    /// Idempotency token (≤ 64 ASCII); default: a fresh UUID, reused on every retry.
    #[arg(long)]
    pub client_token: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct MoveArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// The instance the ENI is attached to now (ins-xxxxxxxx).
    #[arg(long)]
    pub from: String,
    /// The instance to move it to (ins-xxxxxxxx).
    #[arg(long)]
    pub to: String,
    /// standard (0) or extended (1) on the destination; omitted: the service's default.
    #[arg(long, value_enum)]
    pub attach_type: Option<AttachTypeArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AttachTypeArg {
    Standard,
    Extended,
}

impl AttachTypeArg {
    fn api(self) -> AttachType {
        match self {
            AttachTypeArg::Standard => AttachType::Standard,
            AttachTypeArg::Extended => AttachType::Extended,
        }
    }
}

pub async fn run_attach(global: &GlobalArgs, args: AttachArgs) -> color_eyre::Result<i32> {
    let input = |region: String| PlanInput {
        attach_type: args.attach_type.map(AttachTypeArg::api),
        client_token: args.client_token.clone(),
        ..PlanInput::new(Kind::Attach, &region, &args.run.eni, &args.instance)
    };
    run(global, &args.run, input).await
}

pub async fn run_detach(global: &GlobalArgs, args: DetachArgs) -> color_eyre::Result<i32> {
    let input = |region: String| PlanInput {
        client_token: args.client_token.clone(),
        ..PlanInput::new(Kind::Detach, &region, &args.run.eni, &args.instance)
    };
    run(global, &args.run, input).await
}

pub async fn run_move(global: &GlobalArgs, args: MoveArgs) -> color_eyre::Result<i32> {
    let input = |region: String| PlanInput {
        attach_type: args.attach_type.map(AttachTypeArg::api),
        ..PlanInput::move_between(&region, &args.run.eni, &args.from, &args.to)
    };
    run(global, &args.run, input).await
}

/// With no `allowed_accounts` rule, the operation waits at most this long for sts to name the
/// account (for the output and the history row); the lookup goes on meanwhile, and a hung sts
/// never holds an operation that does not need its answer.
const ACCOUNT_GRACE: Duration = Duration::from_millis(500);

async fn run(
    global: &GlobalArgs,
    args: &RunArgs,
    input: impl FnOnce(String) -> PlanInput,
) -> color_eyre::Result<i32> {
    let started = tokio::time::Instant::now();
    let ctx = Context::load(global)?;
    let output = args.output;
    let Some(region) = ctx.region(args.region.as_deref()) else {
        return Ok(fail_early(output, exit::INVALID_INPUT, &tr!("attach-no-region")));
    };
    // The plan is checked before anything else, so a typo costs no credential lookup and no request.
    let plan = match Plan::new(&input(region), &ctx.endpoint_rule()) {
        Ok(plan) => plan,
        Err(e) => return Ok(fail_early(output, exit::INVALID_INPUT, &e.to_string())),
    };
    // `--timeout` bounds the command: the credentials, the account, preflight and the send share
    // it (following an accepted task is `--wait-timeout`'s).
    let deadline = started + ctx.client_config().request_timeout;
    crate::api::within_deadline(deadline, operate(&ctx, args, plan, deadline)).await
}

async fn operate(
    ctx: &Context,
    args: &RunArgs,
    plan: Plan,
    deadline: tokio::time::Instant,
) -> color_eyre::Result<i32> {
    let output = args.output;
    let resolved = match tokio::time::timeout_at(deadline, ctx.credentials()).await {
        Ok(Ok(resolved)) => resolved,
        Ok(Err(e)) => return Ok(fail_early(output, exit::NO_CREDENTIALS, &e.to_string())),
        Err(_) => {
            let message = tr!("attach-credentials-timeout");
            return Ok(fail_early(output, exit::NO_CREDENTIALS, &message));
        }
    };
    let client = Arc::new(ctx.client(&resolved)?);
    if args.dry_run {
        print_dry_run(&client, &plan, output);
        return Ok(exit::OK);
    }
    let confirm = if args.yes {
        None
    } else if std::io::stdin().is_terminal() {
        Some(Confirmation(Arc::new(Prompt { output })))
    } else {
        let msg = tr!("attach-needs-terminal");
        return Ok(fail_early(output, exit::INVALID_INPUT, &msg));
    };
    // Which account is about to change: asked once (cached per credential); the account
    // guard and the JSON below use the same answer. The history opens meanwhile (the file and
    // the request are independent). Only an allowed_accounts rule waits for the answer.
    let accounts = ctx.accounts();
    let mut lookup = {
        let (accounts, client) = (accounts.clone(), client.clone());
        tokio::spawn(crate::api::within_deadline(deadline, async move { accounts.of(&client).await }))
    };
    let grace = (tokio::time::Instant::now() + ACCOUNT_GRACE).min(deadline);
    let history = ctx.open_history().await;
    let account = match accounts.has_rule() {
        true => Some(joined(&mut lookup).await),
        false => tokio::time::timeout_at(grace, joined(&mut lookup)).await.ok(),
    };
    if output == OutputFormat::Text {
        println!("{}", tr!("attach-credentials", credential = resolved.describe()));
        match &account {
            Some(account) => {
                println!("{}", tr!("attach-account", account = super::credentials::account_text(account)))
            }
            None => println!("{}", tr!("attach-account-pending")),
        }
    }

    let beside = history.clone().map(|history| reconcile::Beside::start(client.clone(), history));
    let (beside, reconciling) = beside.unzip();
    // The row names the account, so a later run with another temporary key of it settles the row.
    let known = account.as_ref().and_then(|a| a.as_ref().ok());
    let caller = Caller {
        account_id: known.map(|a| a.id.clone()),
        account_arn: known.map(|a| a.arn.clone()),
        credential: resolved.describe(),
        ..Context::caller(&resolved)
    };
    let wf = Workflow { client, history, caller, accounts };
    let options = Options {
        known_limit: None,
        preflight: !args.no_preflight,
        wait: !args.no_wait,
        poll: ctx.poll_policy(args.wait_timeout),
        override_preflight: false,
        confirm,
        retry_of: earlier_with_token(wf.history.as_ref(), &plan).await,
        runbook: None,
    };
    let printer = Printer { output, beside, attempt: std::sync::Mutex::new(None) };
    let mut attempt = run_with_progress(&wf, plan, options, printer).await;
    // An answer that came while the operation ran still names the account (in the record, so
    // the history and the JSON say the same); none is waited for.
    if account.is_none() && lookup.is_finished() {
        if let Ok(late) = joined(&mut lookup).await {
            attempt.caller.account_id = Some(late.id);
            attempt.caller.account_arn = Some(late.arn);
            if let (Some(history), Some(id)) = (&wf.history, attempt.history_id()) {
                let record = attempt.clone();
                if let Err(e) = history.with(move |store| store.save(id, &record)).await {
                    tracing::warn!(error = %e, "could not record the account the run acted in");
                }
            }
        }
    } else if account.is_none() {
        lookup.abort();
    }
    match output {
        OutputFormat::Json => println!("{}", attempt::to_json(&attempt)),
        OutputFormat::Text => print_end(&attempt),
    }
    if let Some(reconciling) = reconciling {
        // The outcome is out; older rows get a little longer to settle, then wait for next time.
        let _ = tokio::time::timeout(RECONCILE_GRACE, reconciling).await;
    }
    Ok(attempt::exit_code(&attempt))
}

/// A re-run with the `--client-token` of an earlier attempt of the same plan continues it: the
/// newest such row is the one this run's `retry_of` names (a fresh UUID matches none).
async fn earlier_with_token(history: Option<&History>, plan: &Plan) -> Option<i64> {
    let (history, token) = (history?, plan.client_token()?.to_string());
    let (kind, eni) = (plan.kind(), plan.eni.clone());
    let rows = history
        .with(move |store| {
            store.page(&crate::history::HistoryQuery::search(token.clone())).map(|r| (r, token))
        })
        .await
        .ok()?;
    let (rows, token) = rows;
    rows.into_iter()
        .find(|r| r.client_token == token && r.action == kind && r.eni_id == eni.as_str())
        .map(|r| r.retry_of.unwrap_or(r.id))
}

/// How long the process stays, after the outcome is printed, for reconciliation to finish (it
/// began when the request was answered); what is left waits for the next start.
const RECONCILE_GRACE: Duration = Duration::from_millis(250);

/// The account lookup's answer (a lookup that panicked is one that did not answer).
async fn joined(
    lookup: &mut tokio::task::JoinHandle<Result<crate::attach::account::Account, crate::api::ApiError>>,
) -> Result<crate::attach::account::Account, crate::api::ApiError> {
    lookup.await.unwrap_or_else(|e| {
        Err(crate::api::ApiError::NoAnswer {
            endpoint: "sts".into(),
            reason: tr!("attach-lookup-failed", reason = e.to_string()),
        })
    })
}

fn fail_early(output: OutputFormat, code: i32, message: &str) -> i32 {
    // It may repeat what the operator typed (or a server said): escaped, never obeyed.
    let message = &crate::api::text::escape_controls(message);
    match output {
        OutputFormat::Json => println!("{}", attempt::error_json(code, message)),
        OutputFormat::Text => eprintln!("{}", tr!("cli-error", message = message.as_str())),
    }
    code
}

/// Ctrl-C cancels: before sending nothing goes out; after sending the row says "outcome unknown".
async fn run_with_progress(wf: &Workflow, plan: Plan, options: Options, printer: Printer) -> Attempt {
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let attempt = wf.run(plan, options, printer, cancel).await;
    ctrl_c.abort();
    attempt
}

/// Prints each change as it happens, in order, on stdout (text output only), keeping its own
/// copy of the attempt with the one transition function; hands each event to the
/// reconciliation beside the run.
struct Printer {
    output: OutputFormat,
    beside: Option<Arc<reconcile::Beside>>,
    attempt: std::sync::Mutex<Option<Attempt>>,
}

impl EventSink for Printer {
    fn emit(&self, event: Event) {
        if let Some(beside) = &self.beside {
            beside.observe(&event);
        }
        if let Event::Changed(Change::RecordingFailed { reason }) = &event {
            // On stderr in every output format: stdout stays one JSON object.
            eprintln!("{}", tr!("attach-not-recorded-warning", reason = reason.to_string()));
        }
        let mut copy = self.attempt.lock().unwrap_or_else(|p| p.into_inner());
        let line = match event {
            Event::Started(attempt) => {
                let plan = &attempt.plan;
                let line = tr!(
                    "attach-started",
                    summary = plan.summary(),
                    region = plan.region.as_str(),
                    endpoint = plan.endpoint.to_string()
                );
                *copy = Some(*attempt);
                Some(line)
            }
            Event::Retrying(notice) => Some(tr!(
                "attach-retrying",
                action = notice.action.to_string(),
                failed = notice.failed_try,
                code = notice.code.to_string(),
                wait = tenths(notice.next_in)
            )),
            Event::Changed(change) => copy.as_mut().and_then(|attempt| {
                let line = change_line(attempt, &change);
                let _ = attempt.apply(change);
                line
            }),
        };
        if self.output == OutputFormat::Text
            && let Some(line) = line
        {
            println!("{line}");
            let _ = std::io::stdout().flush();
        }
    }
}

/// What the text output says of one change (None: nothing worth a line).
fn change_line(attempt: &Attempt, change: &Change) -> Option<String> {
    let after = |at: i64| tenths(Duration::from_millis((at - attempt.started_at).max(0) as u64));
    Some(match change {
        Change::Recorded { id } => tr!("attach-recorded", id = *id),
        Change::PreflightStarted => tr!("attach-preflight-checking"),
        Change::PreflightSkipped => tr!("attach-preflight-skipped"),
        Change::PreflightDone(report) => report_lines(report),
        Change::Sending => tr!("attach-sending"),
        Change::Accepted { request_id } => tr!("attach-sent", request_id = request_id.as_str()),
        Change::PollAnswered { status, at, .. } => {
            tr!("attach-polled", status = status.as_str(), after = after(*at))
        }
        Change::Describing => tr!("attach-verifying"),
        _ => return None,
    })
}

/// Seconds with one decimal (`1.2`), as every time in the text output is given.
fn tenths(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64())
}

fn report_lines(report: &Report) -> String {
    let lines: Vec<String> = report
        .verdicts
        .iter()
        .map(|v| {
            let code = v.code.as_ref().map(|c| format!(" [{c}]")).unwrap_or_default();
            let verdict = tr!("attach-verdict", rule = v.rule.label(), reason = v.reason.to_string());
            format!("  {} {verdict}{code}", v.status.mark())
        })
        .collect();
    lines.join("\n")
}

/// The step the advice suggests, in the CLI's own words; the app's keys mean nothing here, and
/// a step with no command or flag of its own (pick from a list, reload) is not repeated.
fn next_step_words(next: NextStep) -> Option<String> {
    match next {
        NextStep::SwitchToMove => Some(tr!("attach-next-move")),
        NextStep::SwitchAttachType => Some(tr!("attach-next-attach-type")),
        NextStep::PickEni | NextStep::PickInstance | NextStep::Reload => None,
    }
}

/// How it ended, after the steps: the outcome, where the ENI is, and for a failure its code,
/// the message (said once), the RequestId, what it means and what to do.
fn print_end(attempt: &Attempt) {
    let took = attempt.duration().map_or_else(|| "none".to_string(), tenths);
    println!("{}", tr!("attach-outcome", outcome = attempt.outcome().to_string(), took = took));
    if let Recording::Failed { reason, .. } = &attempt.recording {
        println!("{}", tr!("attach-not-recorded", reason = reason.to_string()));
    }
    if let (true, Some(status), Some(after)) =
        (attempt.task.has_ended(), attempt.task.status(), attempt.task_ended_after())
    {
        println!("{}", tr!("attach-task-ended", status = status.to_string(), after = tenths(after)));
    }
    if let Some(output) = attempt.task.output() {
        println!("{}", tr!("attach-task-output", output = output));
    }
    match &attempt.verification {
        attempt::Verification::Located { located } => {
            println!("{}", tr!("attach-located", place = located.describe()))
        }
        attempt::Verification::Failed { reason } => {
            println!("{}", tr!("attach-not-verified", reason = reason.to_string()))
        }
        _ => {}
    }
    if let (Some(reason), Some(explanation)) = (attempt.reason(), attempt.explanation()) {
        println!(
            "{}",
            tr!("attach-error", code = reason.code.to_string(), message = reason.message.as_str())
        );
        if let Send::Refused { request_id: Some(id), .. } = &attempt.send {
            println!("{}", tr!("attach-request-id", request_id = id.as_str()));
        }
        println!("{}", tr!("attach-meaning", meaning = explanation.meaning));
        println!("{}", tr!("attach-action", action = explanation.action));
        if let Some(next) = attempt.next_step().and_then(next_step_words) {
            println!("{next}");
        }
        let retryable = if explanation.retryable { "yes" } else { "no" };
        println!("{}", tr!("attach-retryable", retryable = retryable));
        if let Some(clock) = &reason.clock {
            println!("{}", tr!("attach-clock", clock = clock.as_str()));
        }
    }
}

/// The y/N question on the terminal, after the preflight (already printed as it ran).
/// With JSON output the question goes to stderr, so stdout stays one JSON object.
struct Prompt {
    output: OutputFormat,
}

impl Confirm for Prompt {
    fn confirm<'a>(&'a self, plan: &'a Plan, _report: Option<&'a Report>) -> BoxFuture<'a, bool> {
        let about = tr!("attach-confirm", action = plan.kind().action(), region = plan.region.as_str());
        let text = format!("{about}\n{}{}", plan_lines(plan), tr!("attach-confirm-ask"));
        match self.output {
            OutputFormat::Text => {
                print!("{text}");
                let _ = std::io::stdout().flush();
            }
            OutputFormat::Json => eprint!("{text}"),
        }
        Box::pin(async move {
            let mut answer = String::new();
            let read =
                tokio::task::spawn_blocking(move || std::io::stdin().read_line(&mut answer).map(|_| answer));
            matches!(read.await, Ok(Ok(a)) if matches!(a.trim(), "y" | "Y" | "yes"))
        })
    }
}

/// What will be sent, a field a line.
fn plan_lines(plan: &Plan) -> String {
    let mut fields = vec![
        (tr!("attach-field-endpoint"), plan.endpoint.to_string()),
        (tr!("attach-field-eni"), plan.eni.to_string()),
    ];
    match &plan.operation {
        Operation::Attach { instance, .. } | Operation::Detach { instance, .. } => {
            fields.push((tr!("attach-field-instance"), instance.to_string()));
        }
        Operation::Move { from, to, .. } => {
            fields.push((tr!("attach-field-from"), from.to_string()));
            fields.push((tr!("attach-field-to"), to.to_string()));
        }
    }
    if let Some(t) = plan.attach_type() {
        fields.push(("AttachType".into(), t.label().to_string()));
    }
    let token = plan.client_token().map_or_else(|| tr!("attach-no-client-token"), str::to_string);
    fields.push(("ClientToken".into(), token));
    // The labels in one column, however wide the language's words are.
    let labels: Vec<String> =
        fields.iter().map(|(label, _)| tr!("attach-field", label = label.as_str())).collect();
    let width = labels.iter().map(|label| label.width()).max().unwrap_or(0) + 2;
    labels
        .iter()
        .zip(&fields)
        .map(|(label, (_, value))| format!("  {}{value}\n", crate::i18n::pad(label, width)))
        .collect()
}

fn print_dry_run(client: &Client, plan: &Plan, output: OutputFormat) {
    let request = plan.request();
    let prepared = client.prepare(&request.call(), chrono::Utc::now().timestamp());
    let headers = prepared.redacted_headers();
    let body = String::from_utf8_lossy(&prepared.body).to_string();
    match output {
        OutputFormat::Json => {
            let headers: serde_json::Map<String, serde_json::Value> =
                headers.into_iter().map(|(k, v)| (k.to_string(), v.into())).collect();
            println!(
                "{}",
                json!({ "dry_run": true, "url": prepared.endpoint.url(), "headers": headers, "body": body })
            );
        }
        OutputFormat::Text => {
            println!("{}", tr!("attach-dry-run"));
            println!("POST {}", prepared.endpoint.url());
            for (name, value) in headers {
                println!("{name}: {value}");
            }
            println!();
            println!("{body}");
        }
    }
}

/// Rows a crash left open are settled before new work, bounded so a dead endpoint costs little.
pub async fn reconcile_quietly(client: &Client, history: &History) {
    let _ = tokio::time::timeout(Duration::from_secs(5), reconcile::reconcile(client, history)).await;
}
