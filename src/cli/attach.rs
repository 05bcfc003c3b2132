//! `tceni attach` and `tceni detach`: confirm, run the workflow, print its stages, exit with a
//! documented code.

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::api::{AttachType, Call, Client, Service};
use crate::attach::preflight::{Report, Status};
use crate::attach::workflow::{
    self, AttachInput, Confirm, Confirmation, Event, EventSink, Finish, Operation, Options, Plan, Workflow,
};
use clap::{Args, ValueEnum};
use futures::future::BoxFuture;
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Args)]
pub struct TargetArgs {
    /// Region, e.g. ap-guangzhou (default: config file, then TENCENTCLOUD_REGION).
    #[arg(long)]
    pub region: Option<String>,
    /// The ENI (eni-xxxxxxxx).
    #[arg(long)]
    pub eni: String,
    /// The CVM instance (ins-xxxxxxxx).
    #[arg(long)]
    pub instance: String,
    /// Idempotency token (≤ 64 ASCII); default: a fresh UUID, reused on every retry.
    #[arg(long)]
    pub client_token: Option<String>,
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
    /// Seconds to follow the task before reporting "outcome unknown".
    #[arg(long)]
    pub wait_timeout: Option<u64>,
    #[arg(long, value_enum, default_value_t)]
    pub output: OutputFormat,
}

#[derive(Debug, Clone, Args)]
pub struct AttachArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// standard (0) or extended (1); omitted: the service's default, standard.
    #[arg(long, value_enum)]
    pub attach_type: Option<AttachTypeArg>,
}

#[derive(Debug, Clone, Args)]
pub struct DetachArgs {
    #[command(flatten)]
    pub target: TargetArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AttachTypeArg {
    Standard,
    Extended,
}

pub async fn run_attach(global: &GlobalArgs, args: AttachArgs) -> color_eyre::Result<i32> {
    let attach_type = args.attach_type.map(|t| match t {
        AttachTypeArg::Standard => AttachType::Standard,
        AttachTypeArg::Extended => AttachType::Extended,
    });
    run(global, Operation::Attach, args.target, attach_type).await
}

pub async fn run_detach(global: &GlobalArgs, args: DetachArgs) -> color_eyre::Result<i32> {
    run(global, Operation::Detach, args.target, None).await
}

async fn run(
    global: &GlobalArgs,
    operation: Operation,
    target: TargetArgs,
    attach_type: Option<AttachType>,
) -> color_eyre::Result<i32> {
    let ctx = Context::load(global)?;
    let output = target.output;
    let Some(region) = ctx.region(target.region.as_deref()) else {
        return Ok(fail_early(output, exit::INVALID_INPUT, "no region: pass --region (e.g. ap-guangzhou)"));
    };
    let input = AttachInput {
        operation,
        region,
        eni: target.eni.clone(),
        instance: target.instance.clone(),
        attach_type,
        client_token: target.client_token.clone(),
    };
    // IDs are checked before anything else, so a typo costs no credential lookup and no request.
    if let Err(e) = pre_validate(&input) {
        return Ok(fail_early(output, exit::INVALID_INPUT, &e));
    }
    let resolved = match ctx.credentials() {
        Ok(resolved) => resolved,
        Err(e) => return Ok(fail_early(output, exit::NO_CREDENTIALS, &e.to_string())),
    };
    let client = Arc::new(ctx.client(&resolved)?);
    let plan = match workflow::validate(&input, &client) {
        Ok(plan) => plan,
        Err(e) => return Ok(fail_early(output, exit::INVALID_INPUT, &e.to_string())),
    };
    let input = AttachInput { client_token: Some(plan.client_token.clone()), ..input };
    if target.dry_run {
        print_dry_run(&client, &plan, output);
        return Ok(exit::OK);
    }
    let confirm = if target.yes {
        None
    } else if std::io::stdin().is_terminal() {
        Some(Confirmation(Arc::new(Prompt { output })))
    } else {
        let msg = "refusing to send without a terminal to confirm on: add --yes";
        return Ok(fail_early(output, exit::INVALID_INPUT, msg));
    };
    if output == OutputFormat::Text {
        println!("credentials: {}", resolved.describe());
    }

    let history = ctx.open_history().await;
    if let Some(history) = &history {
        reconcile_quietly(&client, history).await;
    }
    let wf = Workflow { client, history, caller: Context::caller(&resolved) };
    let options = Options {
        preflight: !target.no_preflight,
        wait: !target.no_wait,
        poll: ctx.poll_policy(target.wait_timeout),
        override_preflight: false,
        confirm,
    };
    let finish = run_with_progress(&wf, input, options, output).await;
    match output {
        OutputFormat::Json => println!("{}", finish_json(&finish)),
        OutputFormat::Text => print_finish(&finish),
    }
    Ok(finish.exit_code())
}

fn pre_validate(input: &AttachInput) -> Result<(), String> {
    crate::attach::ids::EniId::parse(&input.eni).map_err(|e| e.to_string())?;
    crate::attach::ids::InstanceId::parse(&input.instance).map_err(|e| e.to_string())?;
    Ok(())
}

fn fail_early(output: OutputFormat, code: i32, message: &str) -> i32 {
    match output {
        OutputFormat::Json => {
            println!("{}", json!({ "outcome": "NotSent", "exit_code": code, "message": message }))
        }
        OutputFormat::Text => eprintln!("error: {message}"),
    }
    code
}

/// Ctrl-C cancels: before sending nothing goes out; after sending the row says "outcome unknown".
async fn run_with_progress(
    wf: &Workflow,
    input: AttachInput,
    options: Options,
    output: OutputFormat,
) -> Finish {
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let finish = wf.run(input, options, Printer { output }, cancel).await;
    ctrl_c.abort();
    finish
}

/// Prints each stage as it happens, in order, on stdout (text output only).
struct Printer {
    output: OutputFormat,
}

impl EventSink for Printer {
    fn emit(&self, event: Event) {
        if self.output == OutputFormat::Text {
            print_event(&event);
        }
    }
}

fn print_event(event: &Event) {
    match event {
        Event::Validated(plan) => println!(
            "{} {} → {} in {} ({})",
            plan.operation.action(),
            plan.eni,
            plan.instance,
            plan.region,
            plan.endpoint
        ),
        Event::Recorded { history_id } => println!("recorded as history #{history_id}"),
        Event::PreflightStarted => println!("preflight: checking the ENI and the instance…"),
        Event::PreflightDone(report) => print_report(report),
        Event::Sending => println!("sending…"),
        Event::Sent { request_id } => println!("sent: RequestId {request_id}"),
        Event::TaskPolled { status, elapsed } => println!("task {status} ({:.1} s)", elapsed.as_secs_f64()),
        Event::Finished(_) => {}
    }
    let _ = std::io::stdout().flush();
}

fn print_report(report: &Report) {
    for v in &report.verdicts {
        let mark = match v.status {
            Status::Pass => "✓",
            Status::Fail => "✗",
            Status::Warn => "!",
            Status::Skipped => "-",
        };
        let code = v.code.map(|c| format!(" [{c}]")).unwrap_or_default();
        println!("  {mark} {}: {}{code}", v.rule.label(), v.reason);
    }
}

fn print_finish(finish: &Finish) {
    println!("outcome: {} ({:.1} s)", finish.outcome, finish.duration.as_secs_f64());
    if let Some(output) = &finish.task_output {
        println!("task output: {output}");
    }
    if let Some(f) = &finish.failure {
        println!("error: {} — {}", f.code, f.message);
        println!("  what it means: {}", f.explanation.meaning);
        println!("  what to do: {}", f.explanation.action);
        println!("  retrying can help: {}", if f.explanation.retryable { "yes" } else { "no" });
        if let Some(advice) = &f.clock_advice {
            println!("  clock: {advice}");
        }
    }
}

pub fn finish_json(finish: &Finish) -> serde_json::Value {
    let plan = finish.plan.as_ref();
    let failure = finish.failure.as_ref();
    json!({
        "action": plan.map(|p| p.operation.action()),
        "region": plan.map(|p| p.region.clone()),
        "endpoint": plan.map(|p| p.endpoint.clone()),
        "eni": plan.map(|p| p.eni.to_string()),
        "instance": plan.map(|p| p.instance.to_string()),
        "attach_type": plan.and_then(|p| p.attach_type).map(|t| t.code()),
        "client_token": plan.map(|p| p.client_token.clone()),
        "request_id": finish.request_id,
        "task_status": finish.task_status,
        "task_output": finish.task_output,
        "outcome": finish.outcome.as_str(),
        "exit_code": finish.exit_code(),
        "preflight": finish.preflight.as_ref().map(|r| &r.verdicts),
        "error_code": failure.map(|f| f.code.clone()),
        "message": failure.map(|f| f.message.clone()),
        "explanation": failure.map(|f| f.explanation.meaning.clone()),
        "what_to_do": failure.map(|f| f.explanation.action.clone()),
        "retryable": failure.map(|f| f.explanation.retryable),
        "clock": failure.and_then(|f| f.clock_advice.clone()),
        "history_id": finish.history_id,
        "duration_ms": finish.duration.as_millis() as u64,
    })
}

/// The y/N question on the terminal, after the preflight (already printed as it ran).
/// With JSON output the question goes to stderr, so stdout stays one JSON object.
struct Prompt {
    output: OutputFormat,
}

impl Confirm for Prompt {
    fn confirm<'a>(&'a self, plan: &'a Plan, _report: Option<&'a Report>) -> BoxFuture<'a, bool> {
        let mut text = format!("About to send {} in {}:\n", plan.operation.action(), plan.region);
        text += &format!(
            "  endpoint:     {}\n  ENI:          {}\n  instance:     {}\n",
            plan.endpoint, plan.eni, plan.instance
        );
        if let Some(t) = plan.attach_type {
            text += &format!("  AttachType:   {}\n", t.label());
        }
        text += &format!("  ClientToken:  {}\nSend? [y/N] ", plan.client_token);
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

fn print_dry_run(client: &Client, plan: &Plan, output: OutputFormat) {
    let params = match plan.operation {
        Operation::Attach => plan.attach_request().params(),
        Operation::Detach => plan.detach_request().params(),
    };
    let call = Call {
        service: Service::Vpc,
        action: plan.operation.action(),
        region: Some(&plan.region),
        params: &params,
    };
    let request = client.prepare(&call, chrono::Utc::now().timestamp());
    let headers = request.redacted_headers();
    let body = String::from_utf8_lossy(&request.body).to_string();
    match output {
        OutputFormat::Json => {
            let headers: serde_json::Map<String, serde_json::Value> =
                headers.into_iter().map(|(k, v)| (k.to_string(), v.into())).collect();
            println!(
                "{}",
                json!({ "dry_run": true, "url": request.endpoint.url(), "headers": headers, "body": body })
            );
        }
        OutputFormat::Text => {
            println!("dry run: nothing is sent.");
            println!("POST {}", request.endpoint.url());
            for (name, value) in headers {
                println!("{name}: {value}");
            }
            println!();
            println!("{body}");
        }
    }
}

/// Rows a crash left open are settled before new work, bounded so a dead endpoint costs little.
pub async fn reconcile_quietly(client: &Client, history: &workflow::History) {
    let _ = tokio::time::timeout(Duration::from_secs(5), workflow::reconcile(client, history)).await;
}
