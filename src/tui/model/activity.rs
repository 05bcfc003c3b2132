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
