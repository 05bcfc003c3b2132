//! `tceni runbook plan|apply FILE`: the runbook read, described once, checked whole, printed as a
//! table of steps; `apply` asks once and runs it. Every sentence the operator reads about a
//! runbook is written here.

use super::context::Context;
use super::{GlobalArgs, OutputFormat, exit};
use crate::api::{ApiError, Client};
use crate::credentials::CredentialProvider;
use crate::runbook::preflight::{Check, Verdict};
use crate::runbook::world::{self, Described};
use crate::runbook::{Problems, Runbook, Vars, file::parse_set};
use crate::tr;
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct RunbookArgs {
    #[command(subcommand)]
    pub command: RunbookCommand,
}

#[derive(Debug, Subcommand)]
pub enum RunbookCommand {
    /// Check every step against the world the steps before it leave; send nothing.
    Plan(FileArgs),
    /// Show the plan, ask once, run the steps (independent ones side by side).
    Apply(ApplyArgs),
}

impl RunbookCommand {
    pub fn output(&self) -> OutputFormat {
        match self {
            RunbookCommand::Plan(args) => args.output,
            RunbookCommand::Apply(args) => args.file.output,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct FileArgs {
    /// The runbook (TOML; example: assets/runbook-example.toml).
    pub file: PathBuf,
    /// Set a ${name} variable of the runbook (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_set)]
    pub set: Vec<(String, String)>,
    #[arg(long, value_enum, default_value_t)]
    pub output: OutputFormat,
}

#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub file: FileArgs,
    /// Run without asking (required when there is no terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Start no new step once one has failed (default: only the steps that wait for it stop).
    #[arg(long)]
    pub stop_on_failure: bool,
    /// Seconds to follow each step's task before reporting "outcome unknown".
    #[arg(long)]
    pub wait_timeout: Option<u64>,
}

pub async fn run(global: &GlobalArgs, args: RunbookArgs) -> color_eyre::Result<i32> {
    match args.command {
        RunbookCommand::Plan(args) => plan(global, &args).await,
        RunbookCommand::Apply(args) => super::runbook_apply::apply(global, &args).await,
    }
}

/// A runbook read, with the client that will describe and change what it names.
pub(super) struct Loaded {
    pub ctx: Context,
    pub runbook: Runbook,
    pub provider: Arc<CredentialProvider>,
    pub client: Arc<Client>,
    pub accounts: crate::attach::account::Accounts,
}

/// Read the file, find the credential, check the account; Err is the exit code, the reason
/// already printed.
pub(super) async fn load(global: &GlobalArgs, args: &FileArgs) -> color_eyre::Result<Result<Loaded, i32>> {
    let ctx = Context::load(global)?;
    let output = args.output;
    let vars: Vars = args.set.iter().cloned().collect();
    let runbook = match Runbook::load(&args.file, &vars, &ctx.endpoint_rule()) {
        Ok(runbook) => runbook,
        Err(problems) => return Ok(Err(refuse_file(output, &problems))),
    };
    let provider = match ctx.credentials().await {
        Ok(provider) => provider,
        Err(e) => return Ok(Err(fail(output, exit::NO_CREDENTIALS, &e.to_string()))),
    };
    let client = Arc::new(ctx.client(&provider)?);
    let accounts = ctx.accounts();
    if let Some(refusal) = accounts.refusal(&client).await {
        return Ok(Err(fail(output, exit::PREFLIGHT_FAILED, &refusal.reason.message)));
    }
    Ok(Ok(Loaded { ctx, runbook, provider, client, accounts }))
}

/// Say what is being described (text output only).
pub(super) fn say_describing(loaded: &Loaded, output: OutputFormat) {
    if output == OutputFormat::Text {
        let runbook = &loaded.runbook;
        println!(
            "{}",
            tr!(
                "runbook-describing",
                name = runbook.name.as_str(),
                file = runbook.path.display().to_string(),
                steps = runbook.steps.len()
            )
        );
    }
}

/// Say how much was described (text output only).
pub(super) fn say_described(described: &Described, output: OutputFormat) {
    if output == OutputFormat::Text {
        println!(
            "{}",
            tr!("runbook-described", enis = described.enis.len(), instances = described.instances.len())
        );
    }
}

/// Describe what the runbook names, once, and judge every step; Err is the exit code.
async fn check(loaded: &Loaded, output: OutputFormat) -> Result<Check, i32> {
    let runbook = &loaded.runbook;
    say_describing(loaded, output);
    let described = match world::describe(&loaded.client, runbook.steps.iter().map(|s| &s.plan)).await {
        Ok(described) => described,
        Err(e) => return Err(described_failed(output, &e)),
    };
    say_described(&described, output);
    Ok(crate::runbook::preflight::check(&runbook.steps, &described, &Default::default()))
}

async fn plan(global: &GlobalArgs, args: &FileArgs) -> color_eyre::Result<i32> {
    let loaded = match load(global, args).await? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let check = match check(&loaded, args.output).await {
        Ok(checked) => checked,
        Err(code) => return Ok(code),
    };
    let code = if check.runnable() { exit::OK } else { exit::PREFLIGHT_FAILED };
    match args.output {
        OutputFormat::Json => {
            let mut out = plan_json(&loaded.runbook, &check);
            out["exit_code"] = code.into();
            println!("{out}");
        }
        OutputFormat::Text => {
            print_plan(&loaded.runbook, &check);
            println!("{}", tr!("runbook-nothing-sent"));
        }
    }
    Ok(code)
}

/// The table of steps with their verdicts, then what blocks the runbook.
pub(super) fn print_plan(runbook: &Runbook, check: &Check) {
    let table: Vec<[String; 3]> = runbook
        .steps
        .iter()
        .zip(&check.steps)
        .map(|(step, judged)| [format!("{:>4}", step.number), step.plan.summary(), judged.verdict.describe()])
        .collect();
    for line in super::table::lines(&table) {
        println!("{line}");
    }
    let blocked: Vec<_> = check.blocked().collect();
    if blocked.is_empty() {
        let done = check.steps.iter().filter(|s| matches!(s.verdict, Verdict::AlreadyDone { .. })).count();
        println!("{}", tr!("runbook-plan-all-run", send = check.steps.len() - done, done = done));
        return;
    }
    println!("{}", tr!("runbook-plan-some-blocked", blocked = blocked.len(), total = check.steps.len()));
    for (step, b) in blocked {
        let code = b.code.as_ref().map(|c| format!(" [{c}]")).unwrap_or_default();
        println!(
            "  {}",
            tr!("runbook-plan-blocked-step", step = step.step, rule = format!("{}{code}", b.rule.key()))
        );
        println!("    {}", tr!("runbook-plan-what-to-do", advice = b.advice.as_str()));
    }
}

pub(super) fn plan_json(runbook: &Runbook, check: &Check) -> serde_json::Value {
    let steps: Vec<serde_json::Value> = runbook
        .steps
        .iter()
        .zip(&check.steps)
        .map(|(step, judged)| {
            let plan = &step.plan;
            json!({
                "step": step.number,
                "action": plan.kind().verb(),
                "region": plan.region,
                "eni": plan.eni.as_str(),
                "instance": plan.instance().as_str(),
                "destination": plan.move_destination().map(|i| i.as_str()),
                "attach_type": plan.attach_type().map(|t| t.code()),
                "check": judged.verdict,
                "preflight": judged.report.verdicts,
                "waits_for": judged.waits_for,
            })
        })
        .collect();
    json!({
        "runbook": runbook.name,
        "file": runbook.path.display().to_string(),
        "digest": runbook.digest,
        "runnable": check.runnable(),
        "steps": steps,
    })
}

/// The file cannot be used: one line per problem (stderr), or one JSON object; exit 2.
fn refuse_file(output: OutputFormat, problems: &Problems) -> i32 {
    match output {
        OutputFormat::Json => {
            let lines: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
            println!(
                "{}",
                json!({ "outcome": "NotSent", "exit_code": exit::INVALID_INPUT, "message": lines.join("; "), "problems": lines })
            );
        }
        OutputFormat::Text => {
            for problem in &problems.0 {
                eprintln!("{}", tr!("cli-error", message = problem.to_string()));
            }
        }
    }
    exit::INVALID_INPUT
}

pub(super) fn fail(output: OutputFormat, code: i32, message: &str) -> i32 {
    match output {
        OutputFormat::Json => {
            println!("{}", json!({ "outcome": "NotSent", "exit_code": code, "message": message }))
        }
        OutputFormat::Text => eprintln!("{}", tr!("cli-error", message = message)),
    }
    code
}

/// Describing failed: nothing was sent; unreachable is 6, anything else 1.
pub(super) fn described_failed(output: OutputFormat, error: &ApiError) -> i32 {
    let code = if matches!(error, ApiError::NotSent { .. }) { exit::UNREACHABLE } else { exit::FAILED };
    fail(output, code, &tr!("runbook-describe-failed", error = error.to_string()))
}
