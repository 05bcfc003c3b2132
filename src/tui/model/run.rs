//! One run of the workflow as the progress pane holds it: running (at a stage that carries what
//! is known by then), cancelling, or finished with the workflow's own `Finish`. One value, so no
//! two fields can disagree about where the run is.

use super::Load;
use crate::attach::preflight::Report;
use crate::attach::{Finish, Located};
use crate::history::Outcome;
use crate::plan::Plan;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The steps a run goes through, in order; a finished run remembers the one it stopped in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Recording the attempt.
    Start,
    Preflight,
    Send,
    Task,
    Verify,
}

/// Where a run in flight is, with what is known at that point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    Starting,
    Preflight,
    /// The request is on its way (the client may be retrying it); no answer yet.
    Sending,
    /// Accepted: following the task.
    Polling {
        request_id: String,
        status: Option<String>,
        polls: u32,
    },
    /// Describing the ENI to see where it really is.
    Verifying {
        request_id: Option<String>,
        task_status: Option<String>,
    },
}

impl Stage {
    pub fn step(&self) -> Step {
        match self {
            Stage::Starting => Step::Start,
            Stage::Preflight => Step::Preflight,
            Stage::Sending => Step::Send,
            Stage::Polling { .. } => Step::Task,
            Stage::Verifying { .. } => Step::Verify,
        }
    }

    /// A request may be on the wire or carried out: quitting now leaves a row that may have
    /// been sent.
    pub fn in_flight(&self) -> bool {
        self.step() >= Step::Send
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            Stage::Polling { request_id, .. } => Some(request_id),
            Stage::Verifying { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

/// A run that has not finished.
#[derive(Debug, Clone)]
pub struct Live {
    pub stage: Stage,
    /// The run's clock when this stage began.
    pub stage_since: Duration,
    /// The verdicts the workflow acted on, once preflight is done.
    pub preflight: Option<Report>,
    /// Cancels this run's workflow. It lives in the live run, so it goes when the run ends.
    pub cancel: CancellationToken,
    /// The client's last retry within this stage, shown until the stage moves on.
    pub retry: Option<Retry>,
    /// Quit or cancel was pressed while a request is in flight: the pane asks first. It lives
    /// with the live run, so it goes when the run ends.
    pub asking: Option<Ask>,
    /// A history write failed during this run (the operation goes on; the log has the rest).
    pub history_failed: Option<String>,
}

impl Live {
    pub fn new(cancel: CancellationToken) -> Self {
        Live {
            stage: Stage::Starting,
            stage_since: Duration::ZERO,
            preflight: None,
            cancel,
            retry: None,
            asking: None,
            history_failed: None,
        }
    }
}

/// The question a live run's pane asks before acting on a request that may have been sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Quit (`q`, Ctrl-C, a signal's twin): `y` quits; Ctrl-C again quits at once.
    Quit,
    /// Cancel (Esc): `y` stops following the run; the row stays "may have been sent".
    Cancel,
}

/// A call the client is trying again: why, which try failed, and when the next one goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    pub action: String,
    /// The try that failed, counted from 1.
    pub failed_try: u32,
    /// The failed try's code.
    pub code: String,
    /// The run's clock when the next try goes (a countdown, from the ticks).
    pub next_at: Duration,
}

#[derive(Debug, Clone)]
pub enum Run {
    Running(Live),
    /// Esc was pressed: the workflow stops at its next await and says how it ended.
    Cancelling(Live),
    /// How it ended, the step it was in when it did, and where the ENI was found when the
    /// operator asked again (the re-check key).
    Finished {
        finish: Box<Finish>,
        reached: Step,
        recheck: Load<Option<Located>>,
    },
}

impl Run {
    pub fn live(&self) -> Option<&Live> {
        match self {
            Run::Running(live) | Run::Cancelling(live) => Some(live),
            Run::Finished { .. } => None,
        }
    }

    pub fn live_mut(&mut self) -> Option<&mut Live> {
        match self {
            Run::Running(live) | Run::Cancelling(live) => Some(live),
            Run::Finished { .. } => None,
        }
    }

    pub fn finish(&self) -> Option<&Finish> {
        match self {
            Run::Finished { finish, .. } => Some(finish),
            _ => None,
        }
    }

    /// The RequestId known so far: the task's while it runs, the final one once finished.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Run::Running(live) | Run::Cancelling(live) => live.stage.request_id(),
            Run::Finished { finish, .. } => finish.request_id.as_deref(),
        }
    }
}

/// One run of the workflow, as it happens.
#[derive(Debug, Clone)]
pub struct ProgressPane {
    pub run_id: u64,
    pub plan: Plan,
    pub history_id: Option<i64>,
    pub run: Run,
    /// Time since the run started, advanced by the loop's ticks while it runs.
    pub clock: Duration,
    /// How long each step that is over took.
    pub timings: Vec<(Step, Duration)>,
    /// The first line shown (the pane scrolls when its text is taller than the window).
    pub scroll: u16,
}

impl ProgressPane {
    pub fn new(run_id: u64, plan: Plan, cancel: CancellationToken) -> Self {
        ProgressPane {
            run_id,
            plan,
            history_id: None,
            run: Run::Running(Live::new(cancel)),
            clock: Duration::ZERO,
            timings: Vec::new(),
            scroll: 0,
        }
    }

    pub fn running(&self) -> bool {
        self.run.live().is_some()
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.run.finish().map(|f| f.outcome)
    }

    pub fn succeeded(&self) -> bool {
        self.outcome() == Some(Outcome::Succeeded)
    }

    /// How long a finished step took.
    pub fn took(&self, step: Step) -> Option<Duration> {
        self.timings.iter().find(|(s, _)| *s == step).map(|(_, d)| *d)
    }
}
