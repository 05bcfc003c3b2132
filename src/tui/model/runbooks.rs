//! The Runbooks pane: the runbooks of the config directory (and `--runbook FILE`), one opened
//! (its variables asked for, its whole plan judged, confirmed once with `y`), and its run as a
//! live table of steps fed by the same engine as `tceni runbook apply`.

use super::input::{ListPos, TextInput};
use super::run::Ask;
use crate::attempt::{Attempt, Step};
use crate::runbook::apply::{Progress, StepEnd};
use crate::runbook::file::{Outline, Runbook, Vars};
use crate::runbook::session::{Finished, Prepared};
use std::path::PathBuf;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// One runbook file found, with its outline or why it cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookEntry {
    pub path: PathBuf,
    pub outline: Result<Outline, String>,
}

impl RunbookEntry {
    /// The file's name as the list shows it.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into())
    }
}

/// What the list knows of the runbooks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Listing {
    #[default]
    Reading,
    Read(Vec<RunbookEntry>),
    /// The directory could not be read (one line).
    Failed(String),
}

#[derive(Debug, Clone, Default)]
pub struct RunbooksPane {
    /// Where the list comes from (shown when it is empty).
    pub dir: PathBuf,
    pub listing: Listing,
    pub list: ListPos,
    /// The runbook opened, at its phase; None: the list is shown.
    pub open: Option<Opened>,
    /// `--runbook FILE`, listed after the directory's.
    pub also: Option<PathBuf>,
    /// The variables of the last plan (a re-plan after a run uses them again).
    pub last_vars: Vars,
}

impl RunbooksPane {
    pub fn entries(&self) -> &[RunbookEntry] {
        match &self.listing {
            Listing::Read(entries) => entries,
            _ => &[],
        }
    }

    /// The run under way, if any (it outlives leaving the pane).
    pub fn live_run(&self) -> Option<&RunView> {
        self.run().filter(|r| r.live.is_some())
    }

    pub fn run(&self) -> Option<&RunView> {
        match self.open.as_ref().map(|o| &o.phase) {
            Some(Phase::Running(run)) => Some(run),
            _ => None,
        }
    }

    pub fn run_mut(&mut self) -> Option<&mut RunView> {
        match self.open.as_mut().map(|o| &mut o.phase) {
            Some(Phase::Running(run)) => Some(run),
            _ => None,
        }
    }

    pub fn vars_form(&self) -> Option<&VarsForm> {
        match self.open.as_ref().map(|o| &o.phase) {
            Some(Phase::Vars(form)) => Some(form),
            _ => None,
        }
    }

    pub fn planned(&self) -> Option<&Planned> {
        match self.open.as_ref().map(|o| &o.phase) {
            Some(Phase::Planned(planned)) => Some(planned),
            _ => None,
        }
    }
}

/// A runbook opened from the list.
#[derive(Debug, Clone)]
pub struct Opened {
    pub path: PathBuf,
    /// Its name from the file (the file's name when it has none).
    pub name: String,
    pub phase: Phase,
}

#[derive(Debug, Clone)]
pub enum Phase {
    /// Its `${variables}` asked for, defaults filled in.
    Vars(VarsForm),
    /// Read, described and judged whole (effect `id`), as `tceni runbook plan` does.
    Planning {
        id: u64,
        vars: Vars,
    },
    /// It cannot be planned: one line per problem (file, line, column), or why describing failed.
    Failed {
        problems: Vec<String>,
        vars: Vars,
    },
    Planned(Box<Planned>),
    Running(Box<RunView>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VarsForm {
    /// (name, value) in the order the file uses them.
    pub fields: Vec<(String, TextInput)>,
    pub focus: usize,
}

impl VarsForm {
    pub fn vars(&self) -> Vars {
        self.fields.iter().map(|(name, input)| (name.clone(), input.text.trim().to_string())).collect()
    }

    /// The first variable left empty.
    pub fn missing(&self) -> Option<&str> {
        self.fields.iter().find(|(_, input)| input.text.trim().is_empty()).map(|(name, _)| name.as_str())
    }
}

/// The whole plan on screen, waiting for `y`.
#[derive(Debug, Clone)]
pub struct Planned {
    pub runbook: Runbook,
    pub prepared: Prepared,
    pub vars: Vars,
    pub list: ListPos,
    /// How long the verdicts have been on screen (None until drawn): `y` is honoured only once
    /// this reaches the model's `confirm_dwell`, as on the confirm pane.
    pub shown_for: Option<Duration>,
}

impl Planned {
    pub fn settled(&self, dwell: Duration) -> bool {
        self.shown_for.is_some_and(|t| t >= dwell)
    }
}

/// A step's row in the live table.
#[derive(Debug, Clone)]
pub struct StepRow {
    pub number: usize,
    pub plan: crate::plan::Plan,
    pub state: RowState,
    /// The run's clock when it started, and how long it took once it ended.
    pub started: Option<Duration>,
    pub took: Option<Duration>,
}

/// Where a step of the live table is.
#[derive(Debug, Clone)]
pub enum RowState {
    /// Not started (it waits for its turn, or will not run).
    Waiting,
    /// Its record as the workflow tells it.
    Running(Box<Attempt>),
    /// How it ended: what the run keeps of it (the record itself is let go, as the command
    /// line's run does, so a long runbook's table stays small).
    Ended(StepEnd),
}

impl StepRow {
    pub fn running(&self) -> bool {
        matches!(self.state, RowState::Running(_))
    }

    /// The step's request may be on its way and its end is not known yet.
    pub fn in_flight(&self) -> bool {
        matches!(&self.state, RowState::Running(a) if a.may_have_been_sent())
    }

    /// Where it is: waiting, one of the record's steps, or over.
    pub fn step(&self) -> Option<Step> {
        match &self.state {
            RowState::Running(a) => Some(a.step()),
            _ => None,
        }
    }

    pub fn end(&self) -> Option<&StepEnd> {
        match &self.state {
            RowState::Ended(end) => Some(end),
            _ => None,
        }
    }

    /// The RequestId its request got, running or ended.
    pub fn request_id(&self) -> Option<&str> {
        match &self.state {
            RowState::Running(a) => a.request_id(),
            RowState::Ended(StepEnd::Finished(ran)) => ran.request_id.as_deref(),
            _ => None,
        }
    }

    /// Where its ENI was found, running or ended.
    pub fn located(&self) -> Option<&crate::attempt::Located> {
        match &self.state {
            RowState::Running(a) => a.located(),
            RowState::Ended(StepEnd::Finished(ran)) => ran.located.as_ref(),
            _ => None,
        }
    }
}

/// The run of a runbook, as its messages tell it.
#[derive(Debug, Clone)]
pub struct RunView {
    /// This screen's id for the run: messages of another run are dropped.
    pub run_id: u64,
    /// The run's ID in history (`runbook:rb-…`), once it is recorded.
    pub history_run: Option<String>,
    pub rows: Vec<StepRow>,
    pub list: ListPos,
    /// Time since the run started, moved by the loop's ticks while it is live.
    pub clock: Duration,
    /// While it runs: its cancel token and the question asked before acting on steps in flight.
    pub live: Option<LiveRun>,
    /// How it ended: the exit code the command line would give and the undo runbook.
    pub finished: Option<(i32, Finished)>,
    /// The run could not start (another apply holds the runbook): one line.
    pub refused: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LiveRun {
    pub cancel: CancellationToken,
    pub asking: Option<Ask>,
    /// Esc was answered `y`: no new step starts; those in flight end as they may.
    pub cancelling: bool,
}

impl RunView {
    pub fn new(run_id: u64, runbook: &Runbook, cancel: CancellationToken) -> RunView {
        let rows = runbook
            .steps
            .iter()
            .map(|s| StepRow {
                number: s.number,
                plan: s.plan.clone(),
                state: RowState::Waiting,
                started: None,
                took: None,
            })
            .collect();
        RunView {
            run_id,
            history_run: None,
            rows,
            list: ListPos::default(),
            clock: Duration::ZERO,
            live: Some(LiveRun { cancel, asking: None, cancelling: false }),
            finished: None,
            refused: None,
        }
    }

    /// Some step's request may be on its way and its end is not known.
    pub fn in_flight(&self) -> bool {
        self.live.is_some() && self.rows.iter().any(StepRow::in_flight)
    }

    pub fn row_mut(&mut self, step: usize) -> Option<&mut StepRow> {
        self.rows.iter_mut().find(|r| r.number == step)
    }

    /// Take one report of the engine: a step's record moves on, or it ends.
    pub fn apply(&mut self, progress: Progress) {
        let clock = self.clock;
        match progress {
            Progress::Step { step, event } => {
                let Some(row) = self.row_mut(step) else { return };
                match event {
                    crate::attach::Event::Started(attempt) => {
                        row.state = RowState::Running(attempt);
                        row.started = Some(clock);
                    }
                    crate::attach::Event::Changed(change) => {
                        if let RowState::Running(attempt) = &mut row.state {
                            let _ = attempt.apply(change);
                        }
                    }
                    crate::attach::Event::Retrying(_) => {}
                }
            }
            Progress::Ran { step, attempt } => {
                let Some(row) = self.row_mut(step) else { return };
                row.took = row.started.map(|s| clock.saturating_sub(s));
                row.state = RowState::Ended(StepEnd::ran(&attempt));
            }
            Progress::Held { step, end } => {
                if let Some(row) = self.row_mut(step) {
                    row.state = RowState::Ended(end);
                }
            }
        }
    }

    /// Steps ended as the runbook says (done, or already done before).
    pub fn done(&self) -> usize {
        self.rows.iter().filter(|r| r.end().is_some_and(StepEnd::completed)).count()
    }

    pub fn running(&self) -> usize {
        self.rows.iter().filter(|r| r.running()).count()
    }
}
