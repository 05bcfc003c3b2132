//! `tceni runbook apply FILE`: one apply of a runbook at a time (a lock), an unfinished earlier
//! run resumed, the plan shown and confirmed once, the steps run, an undo runbook written.

use super::runbook::{ApplyArgs, Loaded, check, fail, load, plan_json, print_plan};
use super::{GlobalArgs, OutputFormat, exit};
use crate::attach::{Event, Workflow};
use crate::attempt::Change;
use crate::history::{Caller, History, Outcome, RunbookRun};
use crate::runbook::apply::{Engine, Progress, StepEnd, resume};
use crate::runbook::lock::ApplyLock;
use crate::runbook::preflight::{Done, Verdict};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
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
        let message = "refusing to apply without a terminal to confirm on: add --yes";
        return Ok(fail(output, exit::INVALID_INPUT, message));
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
    let earlier = match &history {
        Some(history) => unfinished_run(history, &loaded.runbook.digest).await,
        None => None,
    };
    let mut resumptions = HashMap::new();
    if let (Some((run, attempts)), Some(history)) = (&earlier, &history) {
        if output == OutputFormat::Text {
            println!(
                "resuming run {} (started {}, did not reach its end): settling its steps first…",
                run.id,
                when(run.started_at)
            );
        }
        // Rows the dead process left open are settled with the service first (its tasks, its
        // ClientTokens), as at any start.
        super::attach::reconcile_quietly(&loaded.client, history).await;
        let bound = loaded.client.config().request_timeout;
        match resume(&loaded.client, Some(history), &loaded.runbook, attempts, &poll, bound).await {
            Ok(found) => resumptions = found,
            Err(e) => {
                let message = format!("could not settle the earlier run's steps: {e}; nothing was sent");
                return Ok(fail(output, exit::FAILED, &message));
            }
        }
    }

    let done_by_run: HashMap<usize, i64> = match &earlier {
        Some((_, attempts)) => attempts
            .iter()
            .filter(|(_, a)| matches!(a.outcome, Outcome::Succeeded | Outcome::AlreadyDone))
            .map(|(step, a)| (*step as usize, a.id))
            .collect(),
        None => HashMap::new(),
    };
    let (described, check) = match check(&loaded, output, &done_by_run).await {
        Ok(checked) => checked,
        Err(code) => return Ok(code),
    };
    if output == OutputFormat::Text {
        print_plan(&loaded.runbook, &check);
    }
    if !check.runnable() {
        if output == OutputFormat::Json {
            let mut out = plan_json(&loaded.runbook, &check);
            out["outcome"] = "PreflightFailed".into();
            out["exit_code"] = exit::PREFLIGHT_FAILED.into();
            println!("{out}");
        } else {
            println!("nothing was sent.");
        }
        return Ok(exit::PREFLIGHT_FAILED);
    }
    if !args.yes && !confirm(&loaded, output).await {
        return Ok(fail(output, exit::CANCELLED, "not confirmed; nothing was sent"));
    }

    let run_id = match &earlier {
        Some((run, _)) => run.id.clone(),
        None => start_run(history.as_ref(), &loaded).await,
    };
    if output == OutputFormat::Text {
        println!("run {run_id}: `tceni history --search runbook:{run_id}` lists its attempts");
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
    };
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let printer: Arc<dyn Fn(Progress) + Send + Sync> = match output {
        OutputFormat::Text => Arc::new(print_progress),
        OutputFormat::Json => Arc::new(|_| {}),
    };
    // Steps an earlier apply carried out are not run again; the others run (a step whose ENI is
    // already in place finds it so in its own preflight).
    let done: HashMap<usize, String> = check
        .steps
        .iter()
        .filter_map(|s| match &s.verdict {
            Verdict::AlreadyDone { by: by @ (Done::LaterStep { .. } | Done::History { .. }) } => {
                Some((s.step, super::runbook::verdict_text(&Verdict::AlreadyDone { by: *by })))
            }
            _ => None,
        })
        .collect();
    let ends = engine.run(&loaded.runbook, &run_id, &done, &resumptions, printer, cancel).await;
    ctrl_c.abort();

    let reached_end = ends.iter().all(|(_, end)| !end.unknown() && !matches!(end, StepEnd::Cancelled));
    if let (true, Some(history)) = (reached_end, &history) {
        let id = run_id.clone();
        let at = chrono::Utc::now().timestamp_millis();
        if let Err(e) = history.with(move |store| store.finish_runbook_run(&id, at)).await {
            tracing::warn!(error = %e, "could not record the end of the runbook run");
        }
    }
    let completed = changed_by_run(history.as_ref(), &run_id, &ends).await;
    let undo = write_undo(&loaded, &run_id, &completed, &described);
    let code = exit_code(&ends);
    match output {
        OutputFormat::Json => print_json(&loaded, &run_id, earlier.is_some(), &ends, &undo, code),
        OutputFormat::Text => print_summary(&ends, &run_id, &undo, reached_end),
    }
    let _ = std::io::stdout().flush();
    Ok(code)
}

/// The newest run of this runbook when it did not reach its end, with its attempts.
async fn unfinished_run(
    history: &History,
    digest: &str,
) -> Option<(RunbookRun, Vec<(u32, crate::history::Attempt)>)> {
    let digest = digest.to_string();
    let found = history
        .with(move |store| {
            let Some(run) = store.latest_runbook_run(&digest)? else { return Ok(None) };
            if run.finished_at.is_some() {
                return Ok(None);
            }
            let attempts = store.runbook_attempts(&run.id)?;
            Ok(Some((run, attempts)))
        })
        .await;
    found.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "could not look for an unfinished run of this runbook");
        None
    })
}

/// A new run ID, recorded with the runbook's digest (a later apply resumes it if this one dies).
async fn start_run(history: Option<&History>, loaded: &Loaded) -> String {
    let id = format!("rb-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let Some(history) = history else { return id };
    let run = RunbookRun {
        id: id.clone(),
        digest: loaded.runbook.digest.clone(),
        name: loaded.runbook.name.clone(),
        file: loaded.runbook.path.display().to_string(),
        started_at: chrono::Utc::now().timestamp_millis(),
        finished_at: None,
    };
    if let Err(e) = history.with(move |store| store.start_runbook_run(&run)).await {
        eprintln!("warning: the runbook run could not be recorded ({e}); its steps are still recorded");
    }
    id
}

/// Ask once, after the plan was shown.
async fn confirm(loaded: &Loaded, output: OutputFormat) -> bool {
    let question = format!(
        "Apply {} steps of {:?} with the credential {}? [y/N] ",
        loaded.runbook.steps.len(),
        loaded.runbook.name,
        loaded.provider.describe()
    );
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

/// The steps whose change this run made (in this process or the one it resumes): the undo's.
async fn changed_by_run(history: Option<&History>, run_id: &str, ends: &[(usize, StepEnd)]) -> Vec<usize> {
    let mut steps: BTreeSet<usize> = ends
        .iter()
        .filter(|(_, end)| matches!(end, StepEnd::Finished(f) if f.outcome() == Outcome::Succeeded))
        .map(|(step, _)| *step)
        .collect();
    if let Some(history) = history {
        let id = run_id.to_string();
        if let Ok(rows) = history.with(move |store| store.runbook_attempts(&id)).await {
            steps.extend(
                rows.iter().filter(|(_, a)| a.outcome == Outcome::Succeeded).map(|(s, _)| *s as usize),
            );
        }
    }
    steps.into_iter().collect()
}

/// The undo runbook, written 0600 beside the history; None when nothing changed.
fn write_undo(
    loaded: &Loaded,
    run_id: &str,
    completed: &[usize],
    described: &crate::runbook::world::Described,
) -> Option<PathBuf> {
    if completed.is_empty() {
        return None;
    }
    let text = crate::runbook::undo::inverse(&loaded.runbook, run_id, completed, described);
    let dir = loaded.ctx.data_dir().join("runbooks");
    let path = dir.join(format!("undo-{run_id}.toml"));
    let written = crate::paths::create_private_dir(&dir).and_then(|()| {
        let mut file = crate::paths::open_private_append(&path)?;
        file.set_len(0)?;
        file.write_all(text.as_bytes())
    });
    match written {
        Ok(()) => Some(path),
        Err(e) => {
            eprintln!("warning: could not write the undo runbook {}: {e}", path.display());
            None
        }
    }
}

/// The worst end decides: unknown 4, a failed step its own code, a step not run 1, Ctrl-C 130.
fn exit_code(ends: &[(usize, StepEnd)]) -> i32 {
    if ends.iter().any(|(_, e)| e.unknown()) {
        return exit::OUTCOME_UNKNOWN;
    }
    let failed = ends.iter().find_map(|(_, e)| match e {
        StepEnd::Finished(f) if !e.completed() => Some(crate::attempt::exit_code(f)),
        _ => None,
    });
    if let Some(code) = failed {
        return code;
    }
    if ends.iter().any(|(_, e)| matches!(e, StepEnd::Skipped { .. } | StepEnd::Stopped)) {
        return exit::FAILED;
    }
    if ends.iter().any(|(_, e)| matches!(e, StepEnd::Cancelled)) {
        return exit::CANCELLED;
    }
    exit::OK
}

fn end_text(end: &StepEnd) -> String {
    match end {
        StepEnd::Finished(f) => {
            let took = f.duration().map(|d| format!(" ({:.1} s)", d.as_secs_f64())).unwrap_or_default();
            let mut text = format!("{}{took}", f.outcome());
            if let Some(located) = f.located() {
                text += &format!(": the ENI is {}", located.describe());
            }
            if let Some(reason) = f.reason() {
                text += &format!(": {} — {}", reason.code, reason.message);
            }
            text
        }
        StepEnd::Skipped { after } => format!("not run: step {after} did not complete"),
        StepEnd::Stopped => "not run: a step failed and --stop-on-failure stops the rest".into(),
        StepEnd::Cancelled => "not run: cancelled".into(),
        StepEnd::NotResent { reason } => format!("not sent: {reason}"),
        StepEnd::Done { reason, .. } => reason.clone(),
    }
}

fn print_progress(progress: Progress) {
    match progress {
        Progress::Step { step, event: Event::Changed(Change::Accepted { request_id }) } => {
            println!("step {step}: sent, RequestId {request_id}")
        }
        Progress::Ran { step, attempt } => println!("step {step}: {}", end_text(&StepEnd::Finished(attempt))),
        Progress::Step { step, event: Event::Changed(Change::RecordingFailed { reason }) } => {
            eprintln!(
                "warning: step {step} could not be fully recorded in the history ({reason}); it goes on"
            )
        }
        Progress::Step { step, event: Event::Retrying(notice) } => println!(
            "step {step}: {} try {} answered {}; trying again in {:.1} s",
            notice.action,
            notice.failed_try,
            notice.code,
            notice.next_in.as_secs_f64()
        ),
        Progress::Step { .. } => {}
        Progress::Held { step, end } => println!("step {step}: {}", end_text(&end)),
    }
    let _ = std::io::stdout().flush();
}

fn print_summary(ends: &[(usize, StepEnd)], run_id: &str, undo: &Option<PathBuf>, reached_end: bool) {
    let done = ends.iter().filter(|(_, e)| e.completed()).count();
    println!("{done} of {} steps done (run {run_id})", ends.len());
    for (step, end) in ends.iter().filter(|(_, e)| !e.completed()) {
        println!("  step {step}: {}", end_text(end));
    }
    if !reached_end {
        println!("the run did not reach its end: apply the same file again to resume it");
    }
    if let Some(path) = undo {
        println!("undo runbook: {}", path.display());
    }
}

fn print_json(
    loaded: &Loaded,
    run_id: &str,
    resumed: bool,
    ends: &[(usize, StepEnd)],
    undo: &Option<PathBuf>,
    code: i32,
) {
    let steps: Vec<serde_json::Value> = ends
        .iter()
        .map(|(step, end)| {
            let mut value = match end {
                StepEnd::Finished(f) => crate::attempt::to_json(f),
                StepEnd::Done { reason, history_id } => {
                    json!({ "outcome": "AlreadyDone", "message": reason, "history_id": history_id })
                }
                other => json!({ "outcome": "NotSent", "message": end_text(other) }),
            };
            value["step"] = (*step).into();
            value["end"] = <&str>::from(end).into();
            if let StepEnd::Skipped { after } = end {
                value["after_step"] = (*after).into();
            }
            value
        })
        .collect();
    let out = json!({
        "runbook": loaded.runbook.name,
        "file": loaded.runbook.path.display().to_string(),
        "digest": loaded.runbook.digest,
        "run_id": run_id,
        "resumed": resumed,
        "exit_code": code,
        "steps": steps,
        "undo": undo.as_ref().map(|p| p.display().to_string()),
    });
    println!("{out}");
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default()
}
