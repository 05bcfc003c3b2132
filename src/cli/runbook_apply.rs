//! `tceni runbook apply FILE`: one apply of a runbook at a time (a lock), an unfinished earlier
//! run resumed, the plan shown and confirmed once, the steps run, an undo runbook written.

use super::runbook::{ApplyArgs, Loaded, fail, load, plan_json, print_plan, say_described, say_describing};
use super::{GlobalArgs, OutputFormat, exit};
use crate::attach::{Event, Workflow};
use crate::attempt::Change;
use crate::history::Caller;
use crate::runbook::apply::{Engine, Progress, StepEnd};
use crate::runbook::lock::ApplyLock;
use crate::runbook::session;
use crate::tr;
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

pub async fn apply(global: &GlobalArgs, args: &ApplyArgs) -> color_eyre::Result<i32> {
    let output = args.file.output;
    let loaded = match load(global, &args.file).await? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    if !args.yes && !std::io::stdin().is_terminal() {
        return Ok(fail(output, exit::INVALID_INPUT, &tr!("runbook-needs-yes")));
    }
    let _lock = match ApplyLock::take(&loaded.ctx.data_dir(), &loaded.runbook.digest) {
        Ok(lock) => lock,
        Err(e) => return Ok(fail(output, exit::FAILED, &e.to_string())),
    };
    let (account, history) = tokio::join!(loaded.accounts.of(&loaded.client), loaded.ctx.open_history());
    let caller = Caller {
        account_id: account.as_ref().ok().map(|a| a.id.clone()),
        ..super::context::Context::caller(&loaded.provider)
    };
    let poll = loaded.ctx.poll_policy(args.wait_timeout);

    // An earlier apply of this very runbook that did not reach its end is resumed: its steps'
    // tries are settled before anything is planned.
    say_describing(&loaded, output);
    let bound = loaded.client.config().request_timeout;
    let prepared =
        match session::prepare(&loaded.client, history.as_ref(), &loaded.runbook, &poll, bound).await {
            Ok(prepared) => prepared,
            Err(e) => {
                let code = if e.unreachable() { exit::UNREACHABLE } else { exit::FAILED };
                return Ok(fail(output, code, &e.to_string()));
            }
        };
    if let (Some(run), OutputFormat::Text) = (&prepared.resumed, output) {
        println!("{}", tr!("runbook-resuming", run = run.id.as_str(), started = when(run.started_at)));
    }
    say_described(&prepared.described, output);
    let check = &prepared.check;
    if output == OutputFormat::Text {
        print_plan(&loaded.runbook, check);
    }
    if !check.runnable() {
        if output == OutputFormat::Json {
            let mut out = plan_json(&loaded.runbook, check);
            out["outcome"] = "PreflightFailed".into();
            out["exit_code"] = exit::PREFLIGHT_FAILED.into();
            println!("{out}");
        } else {
            println!("{}", tr!("runbook-nothing-sent"));
        }
        return Ok(exit::PREFLIGHT_FAILED);
    }
    if !args.yes && !confirm(&loaded, output).await {
        return Ok(fail(output, exit::CANCELLED, &tr!("runbook-not-confirmed")));
    }

    let run_id = match session::start_run(history.as_ref(), &loaded.runbook, &prepared).await {
        Ok(id) => id,
        Err((id, e)) => {
            eprintln!("{}", tr!("runbook-run-not-recorded", error = e.to_string()));
            id
        }
    };
    if output == OutputFormat::Text {
        println!("{}", tr!("runbook-run-started", run = run_id.as_str()));
    }
    let engine = Engine {
        workflow: Workflow {
            client: loaded.client.clone(),
            history: history.clone(),
            caller,
            accounts: loaded.accounts.clone(),
        },
        poll,
        stop_on_failure: args.stop_on_failure,
        limits: prepared.described.limits.clone(),
    };
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    // Steps an earlier apply carried out are not run again; the others run (a step whose ENI is
    // already in place finds it so in its own preflight).
    let done = prepared.done_before();
    // The verdicts were shown and acted on: the run holds what it still needs, not them.
    let session::Prepared { resumed, resumptions, described, check } = prepared;
    drop(check);
    let json =
        (output == OutputFormat::Json).then(|| Arc::new(JsonRun::start(&loaded, &run_id, resumed.is_some())));
    let printer: Arc<dyn Fn(Progress) + Send + Sync> = match &json {
        None => Arc::new(print_progress),
        Some(json) => {
            let json = json.clone();
            Arc::new(move |progress| json.step(progress))
        }
    };
    let ends = engine.run(&loaded.runbook, &run_id, &done, &resumptions, printer, cancel).await;
    ctrl_c.abort();

    let data_dir = loaded.ctx.data_dir();
    let finished =
        session::finish(history.as_ref(), &data_dir, &loaded.runbook, &run_id, &ends, &described).await;
    let undo = match &finished.undo {
        Some(Ok(path)) => Some(path.clone()),
        Some(Err(e)) => {
            eprintln!("{}", tr!("runbook-warning", message = e.to_string()));
            None
        }
        None => None,
    };
    let code = session::exit_code(&ends);
    match json {
        Some(json) => json.finish(code, &undo),
        None => print_summary(&ends, &run_id, &undo, finished.reached_end),
    }
    let _ = std::io::stdout().flush();
    Ok(code)
}

/// Ask once, after the plan was shown.
async fn confirm(loaded: &Loaded, output: OutputFormat) -> bool {
    let question = tr!(
        "runbook-confirm",
        steps = loaded.runbook.steps.len(),
        name = loaded.runbook.name.as_str(),
        credential = loaded.provider.describe()
    ) + " ";
    match output {
        OutputFormat::Text => print!("{question}"),
        OutputFormat::Json => eprint!("{question}"),
    }
    let _ = std::io::stdout().flush();
    let read = tokio::task::spawn_blocking(|| {
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer).map(|_| answer)
    });
    matches!(read.await, Ok(Ok(a)) if matches!(a.trim(), "y" | "Y" | "yes"))
}

fn end_text(end: &StepEnd) -> String {
    match end {
        StepEnd::Finished(ran) => {
            let outcome = ran.outcome.to_string();
            let mut text = match ran.took {
                Some(took) => {
                    tr!("runbook-end-took", outcome = outcome, seconds = format!("{:.1}", took.as_secs_f64()))
                }
                None => outcome,
            };
            if let Some(located) = &ran.located {
                text += &tr!("runbook-end-located", place = located.describe());
            }
            if let Some(reason) = &ran.reason {
                text += &tr!(
                    "runbook-end-reason",
                    code = reason.code.to_string(),
                    message = reason.message.as_str()
                );
            }
            text
        }
        StepEnd::Skipped { after } => tr!("runbook-end-skipped", step = *after),
        StepEnd::Stopped => tr!("runbook-end-stopped"),
        StepEnd::Cancelled => tr!("runbook-end-cancelled"),
        StepEnd::NotResent { reason } => tr!("runbook-end-not-resent", reason = reason.as_str()),
        StepEnd::Done { reason, .. } => reason.clone(),
    }
}

fn print_progress(progress: Progress) {
    match progress {
        Progress::Step { step, event: Event::Changed(Change::Accepted { request_id }) } => {
            println!("{}", tr!("runbook-step-sent", step = step, request_id = request_id))
        }
        Progress::Ran { step, attempt } => {
            println!("{}", tr!("runbook-step-line", step = step, text = end_text(&StepEnd::ran(&attempt))))
        }
        Progress::Step { step, event: Event::Changed(Change::RecordingFailed { reason }) } => {
            eprintln!("{}", tr!("runbook-step-not-recorded", step = step, reason = reason))
        }
        Progress::Step { step, event: Event::Retrying(notice) } => println!(
            "{}",
            tr!(
                "runbook-step-retrying",
                step = step,
                action = notice.action.as_str(),
                try_number = notice.failed_try,
                code = notice.code.as_str(),
                seconds = format!("{:.1}", notice.next_in.as_secs_f64())
            )
        ),
        Progress::Step { .. } => {}
        Progress::Held { step, end } => {
            println!("{}", tr!("runbook-step-line", step = step, text = end_text(&end)))
        }
    }
    let _ = std::io::stdout().flush();
}

fn print_summary(ends: &[(usize, StepEnd)], run_id: &str, undo: &Option<PathBuf>, reached_end: bool) {
    let done = ends.iter().filter(|(_, e)| e.completed()).count();
    println!("{}", tr!("runbook-summary", done = done, total = ends.len(), run = run_id));
    for (step, end) in ends.iter().filter(|(_, e)| !e.completed()) {
        println!("  {}", tr!("runbook-step-line", step = *step, text = end_text(end)));
    }
    if !reached_end {
        println!("{}", tr!("runbook-run-not-ended"));
    }
    if let Some(path) = undo {
        println!("{}", tr!("runbook-undo-written", path = path.display().to_string()));
    }
}

/// The run's one JSON object, written as the run goes: its head before the first step, each
/// step's object as that step ends (in that order; each names its `step`), then `exit_code` and
/// `undo`. A step's record is printed and dropped when it ends: the output of a runbook of any
/// length never sits in memory.
struct JsonRun {
    /// Whether a step was written (the next one is preceded by a comma).
    wrote_step: std::sync::Mutex<bool>,
}

impl JsonRun {
    fn start(loaded: &Loaded, run_id: &str, resumed: bool) -> JsonRun {
        let head = json!({
            "runbook": loaded.runbook.name,
            "file": loaded.runbook.path.display().to_string(),
            "digest": loaded.runbook.digest,
            "run_id": run_id,
            "resumed": resumed,
        })
        .to_string();
        write_out(format_args!("{},\"steps\":[", head.trim_end_matches('}')));
        JsonRun { wrote_step: std::sync::Mutex::new(false) }
    }

    fn step(&self, progress: Progress) {
        let value = match progress {
            Progress::Ran { step, attempt } => {
                step_json(step, crate::attempt::to_json(&attempt), (&StepEnd::ran(&attempt)).into())
            }
            Progress::Held { step, end } => held_json(step, &end),
            Progress::Step { .. } => return,
        };
        let mut wrote = self.wrote_step.lock().unwrap_or_else(|p| p.into_inner());
        write_out(format_args!("{}{value}", if *wrote { "," } else { "" }));
        *wrote = true;
    }

    fn finish(&self, code: i32, undo: &Option<PathBuf>) {
        let undo = json!(undo.as_ref().map(|p| p.display().to_string()));
        write_out(format_args!("],\"exit_code\":{code},\"undo\":{undo}}}\n"));
    }
}

/// Write to stdout at once (the object is read as it grows); a failed write is logged.
fn write_out(text: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(text).and_then(|()| out.flush()) {
        tracing::warn!(error = %e, "could not write the run's JSON");
    }
}

/// A step's object: its attempt's JSON (the same as `attach --output json`), or why it did not
/// run, with `step` and `end`.
fn step_json(step: usize, mut value: serde_json::Value, end: &str) -> serde_json::Value {
    value["step"] = step.into();
    value["end"] = end.into();
    value
}

fn held_json(step: usize, end: &StepEnd) -> serde_json::Value {
    let value = match end {
        StepEnd::Done { reason, history_id } => {
            json!({ "outcome": "AlreadyDone", "message": reason, "history_id": history_id })
        }
        other => json!({ "outcome": "NotSent", "message": end_text(other) }),
    };
    let mut value = step_json(step, value, <&str>::from(end));
    if let StepEnd::Skipped { after } = end {
        value["after_step"] = (*after).into();
    }
    value
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default()
}
