//! The account's ENI activity, from its own audit trail (CloudAudit `LookUpEvents`): who
//! attached, detached, moved, created or deleted which ENI, when, with what result, and whether
//! it was this machine's attempt (its RequestId or ClientToken is in this machine's history).
//!
//! Used by `tceni activity`, the confirm pane's warning (others' recent changes to the ENI and
//! the instances of a plan), the History pane's "account" view and reconciliation. The API
//! client knows nothing of ENIs; this module knows nothing of screens.

mod words;

pub use words::{ago, describe, unavailable, user_type_label, warning};

use crate::api::cloudaudit::{self, AttributeKey, AuditEvent, CallResult, EventQuery, UserType};
use crate::api::{ApiError, Client};
use crate::history::History;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::time::Duration;

/// The API actions that change ENIs: the only events shown.
pub const ENI_ACTIONS: [&str; 5] = [
    "AttachNetworkInterface",
    "DetachNetworkInterface",
    "MigrateNetworkInterface",
    "CreateNetworkInterface",
    "DeleteNetworkInterface",
];
/// `--since` when not given.
pub const DEFAULT_SINCE: Duration = Duration::from_secs(24 * 3600);
/// How far back one look may reach: what the service searches in one call.
pub const MAX_SINCE: Duration = Duration::from_secs(cloudaudit::MAX_SPAN_SECS as u64);
/// The confirm pane's window, unless configured.
pub const DEFAULT_WARN_WINDOW: Duration = Duration::from_secs(3600);
/// Events the service stamps a little ahead of this machine's clock are still asked for.
const CLOCK_SLACK_SECS: i64 = 60;

/// What to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub region: String,
    /// Changes naming any of these ENIs or instances; none: every ENI change in the region.
    pub enis: Vec<String>,
    pub instances: Vec<String>,
    /// Only this user's changes (`Username`, any case).
    pub user: Option<String>,
    /// How far back from `now`.
    pub since: Duration,
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Attach,
    Detach,
    Move,
    Create,
    Delete,
}

impl Operation {
    fn of(action: &str) -> Option<Operation> {
        Some(match action {
            "AttachNetworkInterface" => Operation::Attach,
            "DetachNetworkInterface" => Operation::Detach,
            "MigrateNetworkInterface" => Operation::Move,
            "CreateNetworkInterface" => Operation::Create,
            "DeleteNetworkInterface" => Operation::Delete,
            _ => return None,
        })
    }
}

/// One ENI change on the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub event: AuditEvent,
    pub operation: Operation,
    pub eni: String,
    /// Attach, detach: the instance; move: the source, then the destination.
    pub instances: Vec<String>,
    /// Its RequestId or ClientToken is in this machine's history.
    pub this_machine: bool,
}

impl Change {
    fn from_event(event: AuditEvent) -> Option<Change> {
        let operation = Operation::of(&event.action)?;
        let p = &event.parameters;
        let eni = p.eni.clone().or_else(|| Some(event.resource.clone()).filter(|r| r.starts_with("eni-")));
        let instances: Vec<String> = match operation {
            Operation::Move => {
                [&p.source_instance_id, &p.destination_instance_id].into_iter().flatten().cloned().collect()
            }
            _ => p.instance_id.iter().cloned().collect(),
        };
        Some(Change { operation, eni: eni.unwrap_or_default(), instances, this_machine: false, event })
    }

    /// A move's destination, or the instance attached to / detached from.
    pub fn target_instance(&self) -> Option<&str> {
        self.instances.last().map(String::as_str)
    }

    pub fn names(&self, id: &str) -> bool {
        self.eni == id || self.instances.iter().any(|i| i == id) || self.event.resource == id
    }

    pub fn time(&self) -> DateTime<Utc> {
        self.event.time
    }

    pub fn user(&self) -> &str {
        &self.event.user
    }

    pub fn user_type(&self) -> UserType {
        self.event.user_type
    }

    pub fn result(&self) -> &CallResult {
        &self.event.result
    }

    pub fn succeeded(&self) -> bool {
        self.event.result == CallResult::Ok
    }
}

/// The changes found, newest first, and what could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
    /// Events the service answered that could not be read (skipped).
    pub skipped: usize,
    /// The listing stopped at the page limit: older changes are missing.
    pub cut_short: bool,
    /// Pages asked for, all queries together.
    pub pages: usize,
}

impl Report {
    /// Changes not made from this machine, made within `window` before `now`: the confirm
    /// pane's warning.
    pub fn by_others(&self, now: DateTime<Utc>, window: Duration) -> Vec<&Change> {
        let since = now - chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
        self.changes.iter().filter(|c| !c.this_machine && c.time() >= since).collect()
    }
}

/// Why the trail could not be read, as a person is told it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    /// The key has no CloudAudit rights.
    #[error("{0}")]
    NoRights(ApiError),
    /// The action's quota was exceeded, retries included.
    #[error("{0}")]
    Throttled(ApiError),
    #[error("{0}")]
    Failed(ApiError),
}

impl From<ApiError> for Unavailable {
    fn from(error: ApiError) -> Unavailable {
        let code = error.code();
        if code == "UnauthorizedOperation"
            || code.starts_with("UnauthorizedOperation.")
            || code.ends_with(".UnauthorizedOperation")
        {
            Unavailable::NoRights(error)
        } else if error.is_rate_limited() {
            Unavailable::Throttled(error)
        } else {
            Unavailable::Failed(error)
        }
    }
}

impl Unavailable {
    pub fn api_error(&self) -> &ApiError {
        match self {
            Unavailable::NoRights(e) | Unavailable::Throttled(e) | Unavailable::Failed(e) => e,
        }
    }
}

/// The `LookUpEvents` questions for `scope` over `[start, end]`: one per ENI or instance
/// (`ResourceName`), or one per ENI action when no ID narrows it.
pub fn queries(scope: &Scope, now: DateTime<Utc>) -> Vec<EventQuery> {
    let end = now.timestamp() + CLOCK_SLACK_SECS;
    let since = i64::try_from(scope.since.as_secs()).unwrap_or(i64::MAX);
    let start = now.timestamp().saturating_sub(since).max(end - cloudaudit::MAX_SPAN_SECS);
    let query = |key: AttributeKey, value: &str| EventQuery {
        region: scope.region.clone(),
        start,
        end,
        attributes: vec![(key, value.to_owned())],
        page_size: cloudaudit::MAX_RESULTS,
    };
    let ids: Vec<&String> = scope.enis.iter().chain(&scope.instances).collect();
    match ids.is_empty() {
        false => ids.into_iter().map(|id| query(AttributeKey::ResourceName, id)).collect(),
        true => ENI_ACTIONS.iter().map(|action| query(AttributeKey::EventName, action)).collect(),
    }
}

/// Read the trail for `scope`: the queries run side by side (each paged within the action's
/// quota), their answers merged, filtered and marked against this machine's history.
pub async fn look_up(
    client: &Client,
    history: Option<&History>,
    scope: &Scope,
    now: DateTime<Utc>,
) -> Result<Report, Unavailable> {
    let asked = queries(scope, now);
    let listings = futures::future::try_join_all(asked.iter().map(|q| client.look_up_all_events(q))).await?;
    let mut report = Report::default();
    let mut seen = HashSet::new();
    for listing in listings {
        report.skipped += listing.skipped;
        report.cut_short |= listing.cut_short;
        report.pages += listing.pages;
        for event in listing.events {
            let key = (event.event_id.clone(), event.request_id.clone(), event.action.clone(), event.time);
            if !seen.insert(key) {
                continue;
            }
            if let Some(change) = Change::from_event(event).filter(|c| in_scope(c, scope)) {
                report.changes.push(change);
            }
        }
    }
    // Stable: events of one second keep the service's order (newest first).
    report.changes.sort_by_key(|c| std::cmp::Reverse(c.time()));
    if let Some(history) = history {
        mark_this_machine(history, &mut report.changes).await;
    }
    Ok(report)
}

fn in_scope(change: &Change, scope: &Scope) -> bool {
    let ids = scope.enis.iter().chain(&scope.instances);
    let named =
        scope.enis.is_empty() && scope.instances.is_empty() || ids.into_iter().any(|id| change.names(id));
    let user = scope.user.as_deref().is_none_or(|u| change.user().eq_ignore_ascii_case(u));
    named && user
}

/// Mark the changes whose RequestId (or ClientToken) a row of this machine's history carries.
/// A history that cannot be read marks nothing: the changes are then shown as others'.
async fn mark_this_machine(history: &History, changes: &mut [Change]) {
    let request_ids: Vec<String> =
        changes.iter().map(|c| c.event.request_id.clone()).filter(|id| !id.is_empty()).collect();
    let tokens: Vec<String> = changes
        .iter()
        .filter_map(|c| c.event.parameters.client_token.clone())
        .filter(|t| !t.is_empty())
        .collect();
    if request_ids.is_empty() && tokens.is_empty() {
        return;
    }
    let known = match history.with(move |store| store.sent_here(&request_ids, &tokens)).await {
        Ok(known) => known,
        Err(e) => {
            tracing::warn!("the history could not be read to mark this machine's changes: {e}");
            return;
        }
    };
    for change in changes {
        let token = change.event.parameters.client_token.as_deref().unwrap_or_default();
        change.this_machine =
            known.contains(&change.event.request_id) || (!token.is_empty() && known.contains(token));
    }
}

/// The local time with its offset, converted from the service's Beijing time:
/// `2026-12-07 18:46:02 +08:00`.
pub fn local_time(time: DateTime<Utc>) -> String {
    time.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// `12-07 16:36` (local) and the offset it is in, `+08:00`: a list's column, whose heading
/// names the offset once.
pub fn local_time_short(time: DateTime<Utc>) -> (String, String) {
    let local = time.with_timezone(&chrono::Local);
    (local.format("%m-%d %H:%M").to_string(), local.format("%:z").to_string())
}

/// `24h`, `2h30m`, `45m`: a window as the flag takes it.
pub fn window_text(window: std::time::Duration) -> String {
    let secs = window.as_secs();
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    let parts = [(d, "d"), (h, "h"), (m, "m")];
    let text: String = parts.iter().filter(|(n, _)| *n > 0).map(|(n, u)| format!("{n}{u}")).collect();
    if text.is_empty() { format!("{secs}s") } else { text }
}

/// `30m`, `2h`, `1d`, `90s`, `1h30m`: a duration as `--since` takes it.
pub fn parse_since(text: &str) -> Option<Duration> {
    let text = text.trim();
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        let n: u64 = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        number.clear();
    }
    (number.is_empty() && total > 0).then(|| Duration::from_secs(total))
}

#[cfg(test)]
mod tests;
