//! One apply of a runbook from start to end, as the command line and the terminal app both run
//! it: the earlier run of the same runbook resumed when it did not reach its end, the world
//! described and the steps judged ([`prepare`]), the run recorded ([`start_run`]), its steps run
//! by the [`Engine`](super::apply::Engine), its end recorded and the undo runbook written
//! ([`finish`]). Nothing here prints: the callers say what happened, each in its own way.

use super::apply::{Resumption, StepEnd, resume};
use super::file::Runbook;
use super::preflight::{Check, Done, Verdict};
use super::world::{self, Described};
use crate::api::{ApiError, Client};
use crate::attach::PollPolicy;
use crate::history::{History, Outcome, Row, RunbookRun};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long the rows a dead process left open are settled with the service before planning.
const RECONCILE_BOUND: Duration = Duration::from_secs(5);

/// Why a runbook could not be planned for an apply; nothing was sent.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error("{}", crate::tr!("runbook-settle-failed", error = .0.to_string()))]
    Settle(ApiError),
    #[error("{}", crate::tr!("runbook-describe-failed", error = .0.to_string()))]
    Describe(ApiError),
}

impl PrepareError {
    /// Nothing could be sent at all (the service is unreachable).
    pub fn unreachable(&self) -> bool {
        matches!(self, PrepareError::Describe(ApiError::NotSent { .. }))
    }
}

/// A runbook judged for an apply: what an earlier run left, the world, the verdicts.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The earlier run of this runbook that did not reach its end: this apply continues it.
    pub resumed: Option<RunbookRun>,
    /// How each step of the resumed run starts again.
    pub resumptions: HashMap<usize, Resumption>,
    pub described: Described,
    pub check: Check,
}

impl Prepared {
    /// The steps an earlier apply carried out (the history or the world shows it), with why:
    /// they are not run again.
    pub fn done_before(&self) -> HashMap<usize, String> {
        self.check
            .steps
            .iter()
            .filter_map(|s| match &s.verdict {
                Verdict::AlreadyDone { by: by @ (Done::LaterStep { .. } | Done::History { .. }) } => {
                    Some((s.step, Verdict::AlreadyDone { by: *by }.describe()))
                }
                _ => None,
            })
            .collect()
    }
}

/// Settle the earlier run of this runbook if it did not reach its end, then describe what the
/// runbook names once and judge every step (a step that run carried out is done).
pub async fn prepare(
    client: &Client,
    history: Option<&History>,
    runbook: &Runbook,
    poll: &PollPolicy,
    call_bound: Duration,
) -> Result<Prepared, PrepareError> {
    let earlier = match history {
        Some(history) => unfinished_run(history, &runbook.digest).await,
        None => None,
    };
    let mut resumptions = HashMap::new();
    let mut done_by_run = HashMap::new();
    if let (Some((_, attempts)), Some(history)) = (&earlier, history) {
        // Rows the dead process left open are settled with the service first (its tasks, its
        // ClientTokens), as at any start.
        let _ =
            tokio::time::timeout(RECONCILE_BOUND, crate::attach::reconcile::reconcile(client, history)).await;
        resumptions = resume(client, Some(history), runbook, attempts, poll, call_bound)
            .await
            .map_err(PrepareError::Settle)?;
        done_by_run = attempts
            .iter()
            .filter(|(_, a)| matches!(a.outcome, Outcome::Succeeded | Outcome::AlreadyDone))
            .map(|(step, a)| (*step as usize, a.id))
            .collect();
    }
    let described = world::describe(client, runbook.steps.iter().map(|s| &s.plan))
        .await
        .map_err(PrepareError::Describe)?;
    let check = super::preflight::check(&runbook.steps, &described, &done_by_run);
    Ok(Prepared { resumed: earlier.map(|(run, _)| run), resumptions, described, check })
}

/// The newest run of this runbook when it did not reach its end, with its attempts.
async fn unfinished_run(history: &History, digest: &str) -> Option<(RunbookRun, Vec<(u32, Row)>)> {
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

/// The run's ID: the resumed run's, or a new one recorded with the runbook's digest (a later
/// apply resumes it if this one dies). Err carries the new ID and why it was not recorded (the
/// steps are still recorded, each in its own row).
pub async fn start_run(
    history: Option<&History>,
    runbook: &Runbook,
    prepared: &Prepared,
) -> Result<String, (String, crate::history::HistoryError)> {
    if let Some(run) = &prepared.resumed {
        return Ok(run.id.clone());
    }
    let id = format!("rb-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let Some(history) = history else { return Ok(id) };
    let run = RunbookRun {
        id: id.clone(),
        digest: runbook.digest.clone(),
        name: runbook.name.clone(),
        file: runbook.path.display().to_string(),
        started_at: chrono::Utc::now().timestamp_millis(),
        finished_at: None,
    };
    match history.with(move |store| store.start_runbook_run(&run)).await {
        Ok(()) => Ok(id),
        Err(e) => Err((id, e)),
    }
}

/// How a run ended, once its steps have.
#[derive(Debug, Clone)]
pub struct Finished {
    /// Every step ended knowing how (none unknown, none cancelled): the run is over, and the
    /// next apply of the runbook starts a new one.
    pub reached_end: bool,
    /// The inverse runbook of what the run changed; None when nothing changed.
    pub undo: Option<Result<PathBuf, UndoNotWritten>>,
}

/// The undo runbook could not be written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", crate::tr!("runbook-undo-not-written", path = .path.display().to_string(), error = .error.clone()))]
pub struct UndoNotWritten {
    pub path: PathBuf,
    pub error: String,
}

/// Record the end of the run (when it reached it) and write the undo runbook of the steps the
/// run changed (in this process or the one it resumes) under `data_dir`.
pub async fn finish(
    history: Option<&History>,
    data_dir: &Path,
    runbook: &Runbook,
    run_id: &str,
    ends: &[(usize, StepEnd)],
    described: &Described,
) -> Finished {
    let reached_end = ends.iter().all(|(_, end)| !end.unknown() && !matches!(end, StepEnd::Cancelled));
    if let (true, Some(history)) = (reached_end, history) {
        let id = run_id.to_string();
        let at = chrono::Utc::now().timestamp_millis();
        if let Err(e) = history.with(move |store| store.finish_runbook_run(&id, at)).await {
            tracing::warn!(error = %e, "could not record the end of the runbook run");
        }
    }
    let completed = changed_by_run(history, run_id, ends).await;
    let undo = (!completed.is_empty()).then(|| write_undo(data_dir, runbook, run_id, &completed, described));
    Finished { reached_end, undo }
}

/// The steps whose change this run made (in this process or the one it resumes).
async fn changed_by_run(history: Option<&History>, run_id: &str, ends: &[(usize, StepEnd)]) -> Vec<usize> {
    let mut steps: BTreeSet<usize> = ends
        .iter()
        .filter(|(_, end)| matches!(end, StepEnd::Finished(ran) if ran.outcome == Outcome::Succeeded))
        .map(|(step, _)| *step)
        .collect();
    if let Some(history) = history {
        let id = run_id.to_string();
        match history.with(move |store| store.runbook_steps_ended(&id, Outcome::Succeeded)).await {
            Ok(done) => steps.extend(done.into_iter().map(|s| s as usize)),
            Err(e) => tracing::warn!(error = %e, "could not read which steps of the run succeeded"),
        }
    }
    steps.into_iter().collect()
}

/// The undo runbook, written 0600 in `<data_dir>/runbooks/`.
fn write_undo(
    data_dir: &Path,
    runbook: &Runbook,
    run_id: &str,
    completed: &[usize],
    described: &Described,
) -> Result<PathBuf, UndoNotWritten> {
    let text = super::undo::inverse(runbook, run_id, completed, described);
    let dir = data_dir.join("runbooks");
    let path = dir.join(format!("undo-{run_id}.toml"));
    let written = crate::paths::create_private_dir(&dir).and_then(|()| {
        let mut file = crate::paths::open_private_append(&path)?;
        file.set_len(0)?;
        file.write_all(text.as_bytes())
    });
    match written {
        Ok(()) => Ok(path),
        Err(e) => Err(UndoNotWritten { path, error: e.to_string() }),
    }
}

/// The run's exit code, the worst end deciding: unknown 4, a failed step its own code, a step
/// not run 1, cancelled before starting 130.
pub fn exit_code(ends: &[(usize, StepEnd)]) -> i32 {
    use crate::attempt::exit;
    if ends.iter().any(|(_, e)| e.unknown()) {
        return exit::OUTCOME_UNKNOWN;
    }
    let failed = ends.iter().find_map(|(_, e)| match e {
        StepEnd::Finished(ran) if !e.completed() => Some(ran.exit_code()),
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
