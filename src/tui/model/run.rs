//! One run of the workflow as the progress pane holds it: the attempt record (advanced by the
//! same transition function as the workflow's own copy), and whether the run is still going
//! (with the cancel token it alone holds), being cancelled, or over. The steps shown are the
//! record's; nothing here re-derives them.

use super::Load;
use crate::attempt::{Attempt, Caller, Located, Outcome, Step};
use crate::plan::Plan;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// A run that has not finished: what only the screen needs beside the record.
#[derive(Debug, Clone)]
pub struct Live {
    /// The step the record was in when it was last seen to move on, and the run's clock then.
    pub step: Step,
    pub step_since: Duration,
    /// Cancels this run's workflow. It lives in the live run, so it goes when the run ends.
    pub cancel: CancellationToken,
    /// The client's last retry within this step, shown until the step moves on.
    pub retry: Option<Retry>,
    /// Quit or cancel was pressed while a request is in flight: the pane asks first. It lives
    /// with the live run, so it goes when the run ends.
    pub asking: Option<Ask>,
}

impl Live {
    pub fn new(cancel: CancellationToken) -> Self {
        Live { step: Step::Start, step_since: Duration::ZERO, cancel, retry: None, asking: None }
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
    /// Over; where the ENI was found when the operator asked again (the re-check key).
    Finished {
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
}

/// One run of the workflow, as it happens.
#[derive(Debug, Clone)]
pub struct ProgressPane {
    pub run_id: u64,
    /// The record, as the workflow told it.
    pub attempt: Attempt,
    pub run: Run,
    /// Time since the run started, advanced by the loop's ticks while it runs.
    pub clock: Duration,
    /// How long each step that is over took.
    pub timings: Vec<(Step, Duration)>,
    /// The first line shown (the pane scrolls when its text is taller than the window).
    pub scroll: u16,
    /// The furthest `scroll` goes, as the last frame measured it.
    pub scroll_limit: u16,
}

impl ProgressPane {
    /// A run of `plan` about to start (the workflow's `Started` brings its record).
    pub fn new(run_id: u64, plan: Plan, cancel: CancellationToken) -> Self {
        ProgressPane {
            run_id,
            attempt: Attempt::new(plan, Caller::default(), chrono::Utc::now().timestamp_millis()),
            run: Run::Running(Live::new(cancel)),
            clock: Duration::ZERO,
            timings: Vec::new(),
            scroll: 0,
            scroll_limit: 0,
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.attempt.plan
    }

    pub fn running(&self) -> bool {
        self.run.live().is_some()
    }

    /// How it ended, once it has.
    pub fn outcome(&self) -> Option<Outcome> {
        self.attempt.is_ended().then(|| self.attempt.outcome())
    }

    pub fn succeeded(&self) -> bool {
        self.outcome() == Some(Outcome::Succeeded)
    }

    /// How long a finished step took.
    pub fn took(&self, step: Step) -> Option<Duration> {
        self.timings.iter().find(|(s, _)| *s == step).map(|(_, d)| *d)
    }
}
