//! The account's activity as the terminal app holds it (from CloudAudit, see `crate::activity`):
//! the confirm pane's look at others' recent changes to the plan's ENI and instances.

use crate::activity::{Change, Unavailable};
use chrono::{DateTime, Utc};
use std::time::Duration;

/// The confirm pane's activity line. It never decides what a key does: the send keys answer
/// the preflight alone, so a slow or refused audit trail neither blocks nor delays a send.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ActivityCheck {
    /// The window is 0 (config `activity_window_mins = 0`): nothing asked, nothing shown.
    Off,
    #[default]
    Checking,
    /// What others did within `window` before `at` (when the answer came), newest first.
    Checked { others: Vec<Change>, at: DateTime<Utc>, window: Duration, skipped: usize },
    /// Why the trail could not be read (no rights, the quota, the network).
    Unavailable(Unavailable),
}

/// Which record the History pane lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HistoryView {
    /// This machine's attempts (the history file).
    #[default]
    ThisMachine,
    /// The account's ENI changes from its audit trail, this machine's marked.
    Account,
}

/// The History pane's account view: the region's ENI changes of the last day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountView {
    pub load: AccountLoad,
    pub list: super::ListPos,
    /// Answers for an older request are dropped.
    pub generation: u64,
    /// The region they were asked for.
    pub region: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AccountLoad {
    #[default]
    Idle,
    Loading,
    Loaded {
        changes: Vec<Change>,
        at: DateTime<Utc>,
        skipped: usize,
        cut_short: bool,
    },
    Unavailable(Unavailable),
}

impl AccountView {
    /// The changes the filter keeps, newest first.
    pub fn visible(&self, filter: &str) -> Vec<&Change> {
        match &self.load {
            AccountLoad::Loaded { changes, .. } => changes.iter().filter(|c| matches(c, filter)).collect(),
            _ => Vec::new(),
        }
    }

    pub fn selected(&self, filter: &str) -> Option<&Change> {
        self.visible(filter).get(self.list.selected).copied()
    }
}

/// The history filter's terms, over an account change: `user:`, `eni:`, `instance:`, `code:`
/// (a part of the value, any case), and words found anywhere in the row.
pub fn matches(change: &Change, filter: &str) -> bool {
    let has = |value: &str, part: &str| value.to_lowercase().contains(&part.to_lowercase());
    filter.split_whitespace().all(|term| match term.split_once(':') {
        Some(("user", v)) => has(change.user(), v),
        Some(("eni", v)) => has(&change.eni, v),
        Some(("instance", v)) => change.instances.iter().any(|i| has(i, v)),
        Some(("code", v)) => has(change.result().code(), v),
        _ => {
            let e = &change.event;
            [&e.user, &e.action, &change.eni, &e.request_id, &e.region, &change.result().code().to_owned()]
                .into_iter()
                .chain(&change.instances)
                .any(|field| has(field, term))
        }
    })
}
