//! What comes into `update` ([`Msg`]) and what goes out of it ([`Effect`]).

use crate::api::{Instance, NetworkInterface, actions::EniLimit};
use crate::attach::preflight::Report;
use crate::attach::{Event, Failure, Located};
use crate::credentials::Secret;
use crate::history::{HistoryQuery, Row};
use crate::plan::Plan;
use crate::runbook::apply::Progress;
use crate::runbook::file::{Runbook, Vars};
use crate::runbook::session::{Finished, Prepared};
use crate::tui::model::runbooks::RunbookEntry;
use crate::tui::workers::{HistoryHandle, KeyStored};
use crossterm::event::{KeyEvent, MouseEvent};
use std::collections::BTreeMap;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// SIGTERM / SIGINT / SIGHUP: leave cleanly.
    Terminate,
    /// Time passed (sent by the loop every 100 ms while a run is live): the run's clock, and so
    /// its spinner and step times, move on.
    Tick(std::time::Duration),
    /// A frame was drawn: what the model held is now on screen, and what it measured.
    Drawn(Shown),
    EnisLoaded {
        region: String,
        result: Result<Vec<NetworkInterface>, Failure>,
    },
    InstancesLoaded {
        region: String,
        result: Result<Vec<Instance>, Failure>,
    },
    /// Instance ID → its ENI limit, None for one that did not answer.
    LimitsLoaded {
        region: String,
        limits: BTreeMap<String, Option<EniLimit>>,
    },
    PreflightDone {
        id: u64,
        result: Result<Report, Failure>,
    },
    Workflow {
        run_id: u64,
        event: Event,
    },
    /// Where the run's ENI is now (None: it does not exist), asked with the re-check key.
    Located {
        run_id: u64,
        result: Result<Option<Located>, Failure>,
    },
    /// The store is open: the loop keeps the handle for the effects.
    HistoryOpened(Result<HistoryHandle, String>),
    HistoryPage {
        generation: u64,
        append: bool,
        result: Result<Vec<Row>, String>,
    },
    Reconciled(usize),
    /// sts GetCallerIdentity answered lookup `id` (asked with the key whose masked SecretId is
    /// `secret_id_masked`), or why it did not (a short reason).
    AccountChecked {
        id: u64,
        secret_id_masked: String,
        result: Result<crate::attach::account::Account, String>,
    },
    /// The audit trail answered the confirm pane of preflight `id` (at `at`), or why not.
    ActivityChecked {
        id: u64,
        at: chrono::DateTime<chrono::Utc>,
        result: Result<crate::activity::Report, crate::activity::Unavailable>,
    },
    /// The account's ENI changes for the History pane's account view (request `generation`).
    AccountActivity {
        generation: u64,
        at: chrono::DateTime<chrono::Utc>,
        result: Result<crate::activity::Report, crate::activity::Unavailable>,
    },
    /// The key went into the keyring (and for how long) with the client it brings (the loop
    /// installs it), or why not.
    KeyStored(Result<KeyStored, String>),
    /// The runbooks found (the config directory's, then `--runbook FILE`), or why the
    /// directory could not be read.
    RunbooksListed(Result<Vec<RunbookEntry>, String>),
    /// Plan `id` of the opened runbook: judged whole, or its problems (one line each).
    RunbookPlanned {
        id: u64,
        result: Result<Box<(Runbook, Prepared)>, Vec<String>>,
    },
    /// Run `run_id` started under its history ID, or could not start (one line).
    RunbookStarted {
        run_id: u64,
        result: Result<String, String>,
    },
    /// A step of run `run_id` moved on or ended (the engine's own report).
    RunbookProgress {
        run_id: u64,
        progress: Progress,
    },
    /// Run `run_id` is over: the command line's exit code for it, its end and undo runbook.
    RunbookFinished {
        run_id: u64,
        code: i32,
        finished: Finished,
    },
}

/// A key the dialog stored: the header's new description, and the notice saying where it went
/// and whether it survives a reboot (never "stored" when it does not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyKept {
    pub describe: String,
    pub notice: String,
}

/// What the workflow does about preflight before it sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreflightMode {
    /// Check, and refuse to send when a rule fails.
    Check,
    /// Check and record the verdicts, but send despite a failed rule (the explicit second key).
    Override,
    /// The operator's named "send without preflight", when preflight could not run.
    Skip,
    /// A re-send of a plan whose outcome is unknown, with its ClientToken: no preflight, which
    /// would judge the state the first try may have created; the token makes the service the
    /// judge (it carries the request out at most once).
    Resend,
}

#[derive(Debug, Clone)]
pub enum Effect {
    LoadEnis {
        region: String,
    },
    LoadInstances {
        region: String,
    },
    LoadLimits {
        region: String,
        instances: Vec<String>,
    },
    Preflight {
        id: u64,
        plan: Plan,
    },
    /// The region's ENI changes of the last day, for the History pane's account view.
    LoadAccountActivity {
        generation: u64,
        region: String,
    },
    /// Read the audit trail for changes to the plan's ENI and instances within `window`.
    CheckActivity {
        id: u64,
        plan: Plan,
        window: std::time::Duration,
    },
    RunWorkflow {
        run_id: u64,
        plan: Plan,
        preflight: PreflightMode,
        /// The run's own token: the model keeps it while the run is live, and it goes with it.
        cancel: CancellationToken,
        /// The attempt (history id) this run sends again with the same ClientToken.
        retry_of: Option<i64>,
    },
    /// Cancel a run: its workflow stops at its next await and reports how it ended.
    Cancel(CancellationToken),
    /// Describe the run's ENI to see where it is now.
    Locate {
        run_id: u64,
        plan: Plan,
    },
    OpenHistory,
    LoadHistory {
        generation: u64,
        query: HistoryQuery,
        append: bool,
    },
    Reconcile,
    /// Ask sts which account the session's credential acts in (lookup `id`).
    CheckAccount {
        id: u64,
    },
    StoreKey {
        profile: String,
        secret_id: String,
        secret_key: Secret,
    },
    /// List the runbooks of the config directory, and `also` (`--runbook FILE`) after them.
    ListRunbooks {
        also: Option<std::path::PathBuf>,
    },
    /// Read the runbook with `vars`, describe what it names, judge it whole (`runbook plan`),
    /// settling an unfinished earlier run of it first.
    PlanRunbook {
        id: u64,
        path: std::path::PathBuf,
        vars: Vars,
    },
    /// Apply the runbook as planned: the steps `done` before are not run again.
    RunRunbook {
        run_id: u64,
        planned: Box<(Runbook, Prepared)>,
        cancel: CancellationToken,
    },
    /// Put text on the clipboard with OSC 52 (written to the terminal by the loop).
    Copy(String),
    Quit,
}

/// What a drawn frame measured that keys need: the view lays the text out, the model keeps the
/// result, so `update` clamps with it and never calls the view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shown {
    /// The furthest the progress pane can scroll at the frame's size (0: it fits); None when
    /// the frame did not show it.
    pub progress_scroll_limit: Option<u16>,
    /// The same for the confirm pane (what will be sent, the verdicts and their advice).
    pub confirm_scroll_limit: Option<u16>,
    /// The same for the History pane's record of one attempt.
    pub detail_scroll_limit: Option<u16>,
    /// The help's scroll from its section's first line as drawn (clamped to the help's
    /// first and last lines); None when the frame did not show the help.
    pub help_scroll: Option<i32>,
}
