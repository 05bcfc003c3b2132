//! What comes into `update` ([`Msg`]) and what goes out of it ([`Effect`]).

use crate::api::{Instance, NetworkInterface};
use crate::attach::preflight::Report;
use crate::attach::{Event, Failure};
use crate::credentials::Secret;
use crate::history::{Attempt, HistoryQuery};
use crate::plan::Plan;
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
    /// its spinner and stage times, move on.
    Tick(std::time::Duration),
    EnisLoaded {
        region: String,
        result: Result<Vec<NetworkInterface>, Failure>,
    },
    InstancesLoaded {
        region: String,
        result: Result<Vec<Instance>, Failure>,
    },
    /// Instance ID → standard ENI quota, for the ones that answered.
    LimitsLoaded {
        region: String,
        limits: BTreeMap<String, u64>,
    },
    PreflightDone {
        id: u64,
        result: Result<Report, Failure>,
    },
    Workflow {
        run_id: u64,
        event: Event,
    },
    /// The store is open: the loop keeps the handle for the effects.
    HistoryOpened(Result<HistoryHandle, String>),
    HistoryPage {
        generation: u64,
        append: bool,
        result: Result<Vec<Attempt>, String>,
    },
    Reconciled(usize),
    /// The key went into the keyring: the new credential and its client (the loop installs
    /// them), or why not.
    KeyStored(Result<KeyStored, String>),
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
    RunWorkflow {
        run_id: u64,
        plan: Plan,
        override_preflight: bool,
        /// The run's own token: the model keeps it while the run is live, and it goes with it.
        cancel: CancellationToken,
    },
    /// Cancel a run: its workflow stops at its next await and reports how it ended.
    Cancel(CancellationToken),
    OpenHistory,
    LoadHistory {
        generation: u64,
        query: HistoryQuery,
        append: bool,
    },
    Reconcile,
    StoreKey {
        profile: String,
        secret_id: String,
        secret_key: Secret,
    },
    /// Put text on the clipboard with OSC 52 (written to the terminal by the loop).
    Copy(String),
    Quit,
}
