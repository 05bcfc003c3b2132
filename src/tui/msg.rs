//! What comes into `update` ([`Msg`]) and what goes out of it ([`Effect`]).

use crate::api::{Instance, NetworkInterface, actions::EniLimit};
use crate::attach::preflight::Report;
use crate::attach::{Event, Failure};
use crate::credentials::Secret;
use crate::history::{Attempt, HistoryQuery};
use crate::plan::Plan;
use crossterm::event::{KeyEvent, MouseEvent};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// SIGTERM / SIGINT / SIGHUP: leave cleanly.
    Terminate,
    /// A frame was drawn: what the model held is now on screen.
    Drawn,
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
    HistoryOpened(Result<(), String>),
    HistoryPage {
        generation: u64,
        append: bool,
        result: Result<Vec<Attempt>, String>,
    },
    Reconciled(usize),
    /// The key went into the keyring: the new credential's description, or why not.
    KeyStored(Result<String, String>),
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
        /// False: the operator chose "send without preflight" because it could not run.
        preflight: bool,
    },
    Cancel {
        run_id: u64,
    },
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
