//! `tceni attach` and `tceni detach`: confirm, run the workflow, print its steps, exit with a
//! documented code.

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::api::{AttachType, Client};
use crate::attach::preflight::Report;
use crate::attach::reconcile;
use crate::attach::{Confirm, Confirmation, Event, EventSink, Options, Workflow};
use crate::attempt::{self, Attempt, Caller, Change, Recording, Send, Task};
use crate::history::History;
use crate::plan::{Kind, Operation, Plan, PlanInput};
use clap::{Args, ValueEnum};
use futures::future::BoxFuture;
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

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
        return Ok(fail_early(output, exit::INVALID_INPUT, "no region: pass --region (e.g. ap-guangzhou)"));
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
            let message = "getting the credentials outlasted --timeout; nothing was sent";
            return Ok(fail_early(output, exit::NO_CREDENTIALS, message));
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
        let msg = "refusing to send without a terminal to confirm on: add --yes";
        return Ok(fail_early(output, exit::INVALID_INPUT, msg));
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
        println!("credentials: {}", resolved.describe());
        match &account {
            Some(account) => println!("account: {}", super::credentials::account_text(account)),
            None => {
                println!("account: not known yet (sts has not answered; no allowed_accounts rule needs it)")
            }
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
            reason: format!("the lookup failed: {e}"),
        })
    })
}

fn fail_early(output: OutputFormat, code: i32, message: &str) -> i32 {
    // It may repeat what the operator typed (or a server said): escaped, never obeyed.
    let message = &crate::api::text::escape_controls(message);
    match output {
        OutputFormat::Json => println!("{}", attempt::error_json(code, message)),
        OutputFormat::Text => eprintln!("error: {message}"),
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
            eprintln!(
                "warning: this attempt could not be fully recorded in the history ({reason}); it goes on"
            );
        }
        let mut copy = self.attempt.lock().unwrap_or_else(|p| p.into_inner());
        let line = match event {
            Event::Started(attempt) => {
                let plan = &attempt.plan;
                let line = format!("{} in {} ({})", plan.summary(), plan.region, plan.endpoint);
                *copy = Some(*attempt);
                Some(line)
            }
            Event::Retrying(notice) => Some(format!(
                "{}: try {} answered {}; trying again in {:.1} s",
                notice.action,
                notice.failed_try,
                notice.code,
                notice.next_in.as_secs_f64()
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
    let after = |at: i64| Duration::from_millis((at - attempt.started_at).max(0) as u64).as_secs_f64();
    Some(match change {
        Change::Recorded { id } => format!("recorded as history #{id}"),
        Change::PreflightStarted => "preflight: checking the ENI and the instance…".into(),
        Change::PreflightSkipped => "preflight: skipped".into(),
        Change::PreflightDone(report) => report_lines(report),
        Change::Sending => "sending…".into(),
        Change::Accepted { request_id } => format!("sent: RequestId {request_id}"),
        Change::PollAnswered { status, at, .. } => format!("task {status} ({:.1} s)", after(*at)),
        Change::Describing => "verifying: describing the ENI…".into(),
        _ => return None,
    })
}

fn report_lines(report: &Report) -> String {
    let lines: Vec<String> = report
        .verdicts
        .iter()
        .map(|v| {
            let code = v.code.map(|c| format!(" [{c}]")).unwrap_or_default();
            format!("  {} {}: {}{code}", v.status.mark(), v.rule.label(), v.reason)
        })
        .collect();
    lines.join("\n")
}

/// How it ended, after the steps: the outcome, where the ENI is, and for a failure its code,
/// the message (said once), the RequestId, what it means and what to do.
fn print_end(attempt: &Attempt) {
    let took = attempt.duration().map(|d| format!(" ({:.1} s)", d.as_secs_f64())).unwrap_or_default();
    println!("outcome: {}{took}", attempt.outcome());
    if let Recording::Failed { reason, .. } = &attempt.recording {
        println!("history: NOT fully recorded ({reason}); the log has the RequestId and ClientToken");
    }
    if let (Task::Ended { status, .. }, Some(after)) = (&attempt.task, attempt.task_ended_after()) {
        println!("task: {status}, ended by {:.1} s", after.as_secs_f64());
    }
    if let Some(output) = attempt.task.output() {
        println!("task output: {output}");
    }
    match &attempt.verification {
        attempt::Verification::Located { located } => println!("the ENI is now {}", located.describe()),
        attempt::Verification::Failed { reason } => {
            println!("not verified: the ENI could not be described ({reason})")
        }
        _ => {}
    }
    if let (Some(reason), Some(explanation)) = (attempt.reason(), attempt.explanation()) {
        println!("error: {} — {}", reason.code, reason.message);
        if let Send::Refused { request_id: Some(id), .. } = &attempt.send {
            println!("  RequestId: {id}");
        }
        println!("  what it means: {}", explanation.meaning);
        println!("  what to do: {}", explanation.action);
        println!("  retrying can help: {}", if explanation.retryable { "yes" } else { "no" });
        if let Some(clock) = &reason.clock {
            println!("  clock: {clock}");
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
        let text = format!(
            "About to send {} in {}:\n{}Send? [y/N] ",
            plan.kind().action(),
            plan.region,
            plan_lines(plan)
        );
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
    let mut text = format!("  endpoint:     {}\n  ENI:          {}\n", plan.endpoint, plan.eni);
    match &plan.operation {
        Operation::Attach { instance, .. } | Operation::Detach { instance, .. } => {
            text += &format!("  instance:     {instance}\n");
        }
        Operation::Move { from, to, .. } => {
            text += &format!("  from:         {from}\n  to:           {to}\n")
        }
    }
    if let Some(t) = plan.attach_type() {
        text += &format!("  AttachType:   {}\n", t.label());
    }
    match plan.client_token() {
        Some(token) => text += &format!("  ClientToken:  {token}\n"),
        None => text += "  ClientToken:  none (this API has none: a lost answer is never re-sent)\n",
    }
    text
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
            println!("dry run: nothing is sent.");
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
