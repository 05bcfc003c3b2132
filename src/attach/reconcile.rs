//! Rows a crash, a lost answer or an interrupted poll left open are settled with the service:
//! by the task when its RequestId is known and the service still knows it, otherwise by
//! describing the ENI (where the plan puts it → succeeded, verified). Only this account's rows
//! (this key's, where a row or the key has no known account) on this endpoint are asked about.
//! A settled row carries only what is now known.

use super::outcome::Event;
use crate::api::{Client, Service, TaskStatus};
use crate::attempt::{Change, Located, Outcome};
use crate::history::{self, Attempt, AttemptUpdate, History};
use crate::plan::Kind;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A Pending row older than this was left by a process that stopped before sending: a live
/// attempt is Pending only through preflight and the confirmation prompt. The row is written
/// as Sending before the request leaves, so a stale Pending row is "nothing was sent".
pub const STALE_PENDING: Duration = Duration::from_secs(3600);

/// A row that may have been sent and whose ENI is not where the plan puts it is left alone this
/// long: its process may still be sending (one call is bounded by `--timeout`, waiting out
/// `IdempotentProcessing` by `--wait-timeout`). After that its request either took effect or
/// never will.
pub const STALE_SENDING: Duration = Duration::from_secs(600);

/// Open rows older than this are no longer asked about at start: each costs a request, and the
/// service keeps task results for a limited time. They stay as they are, visible in the history.
pub const RECONCILE_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// Rows left open: ask the service how they ended and record it. Returns how many rows changed.
/// The ENIs are described first, one request per region for all of them: a row whose ENI is
/// where its plan puts it is settled without asking about its task. The tasks of the rest are
/// asked about one at a time, so reconciling beside an operation takes little of the quota
/// the operation itself needs.
pub async fn reconcile(client: &Client, history: &History) -> usize {
    reconcile_except(client, history, &[], MAX_TASK_QUERIES).await
}

/// [`reconcile`] beside running operations: their rows (`busy`) are left to them, and at most
/// `max_tasks` tasks are asked about. Beside an operation that is 0: task queries share
/// `DescribeVpcTaskResult`'s quota with the operation's own polls, and rows whose ENI is where
/// planned are settled by the one describe anyway; the rest wait for `tceni history` or the
/// terminal app.
pub async fn reconcile_except(client: &Client, history: &History, busy: &[i64], max_tasks: usize) -> usize {
    let Ok(rows) = history.with(|store| store.open_rows()).await else { return 0 };
    let oldest = now_ms() - RECONCILE_WINDOW.as_millis() as i64;
    let rows: Vec<Attempt> = rows
        .into_iter()
        .filter(|row| {
            let here = row.endpoint == client.endpoint(Service::Vpc, Some(&row.region)).url();
            here && row.started_at >= oldest && !busy.contains(&row.id)
        })
        .collect();
    let me = Me::of(client, &rows).await;
    let rows: Vec<Attempt> = rows.into_iter().filter(|row| me.owns(row)).collect();
    if rows.is_empty() {
        return 0;
    }
    let places = describe_all(client, &rows).await;
    let mut updates = Vec::new();
    let mut tasks_left = max_tasks;
    for row in &rows {
        let here = places.get(&(row.region.clone(), row.eni_id.clone()));
        if let Some(update) = settle(client, row, here, &mut tasks_left).await {
            updates.push((row.id, update));
        }
    }
    let count = updates.len();
    let written = history.with(move |store| store.settle_all(&updates)).await;
    let changed = match written {
        Ok(()) => count,
        Err(e) => {
            tracing::warn!(error = %e, "could not record the reconciled rows");
            0
        }
    };
    tracing::info!(changed, "history reconciled");
    changed
}

/// Who is asking. Only a caller's own rows are asked about: another service (the demo sandbox, a
/// private endpoint) or another account would answer "no such task" and wrongly close the row.
struct Me {
    secret_id_masked: String,
    /// None when no row needs it, or sts did not answer.
    account_id: Option<String>,
}

impl Me {
    /// The account is asked of sts only when a row has one to compare with.
    async fn of(client: &Client, rows: &[Attempt]) -> Me {
        let secret_id_masked = crate::auth::mask_secret_id(client.secret_id());
        let account_id = match rows.iter().any(|row| row.account_id.is_some()) {
            true => crate::api::sts::get_caller_identity(client).await.ok().map(|me| me.account_id),
            false => None,
        };
        Me { secret_id_masked, account_id }
    }

    /// By account when both sides know it: a temporary key (a role, OIDC, sso) has a new
    /// SecretId at every refresh and every run, so the key would never find a crash's rows.
    /// Otherwise by the masked SecretId.
    fn owns(&self, row: &Attempt) -> bool {
        match (&row.account_id, &self.account_id) {
            (Some(row_account), Some(mine)) => row_account == mine,
            _ => row.secret_id_masked == self.secret_id_masked,
        }
    }
}

/// Reconciliation beside a running operation, never before it: it starts once the run's request
/// is answered (the task then takes a while) or the run ended without one, asks no task (the
/// polls keep the quota) and leaves the run's own row to the run. Feed it the run's events.
#[derive(Default)]
pub struct Beside {
    /// The request was answered, or the run ended without one.
    sent: tokio::sync::Notify,
    /// The run's own row, which it settles itself.
    own_row: std::sync::Mutex<Option<i64>>,
}

/// The longest reconciliation beside an operation may take.
const BESIDE_LIMIT: Duration = Duration::from_secs(5);

impl Beside {
    /// Start waiting for the run; the task ends once the rows are settled (or after
    /// [`BESIDE_LIMIT`]).
    pub fn start(client: Arc<Client>, history: History) -> (Arc<Beside>, tokio::task::JoinHandle<()>) {
        let beside = Arc::new(Beside::default());
        let watching = beside.clone();
        let task = tokio::spawn(async move {
            watching.sent.notified().await;
            let own: Vec<i64> =
                watching.own_row.lock().map(|id| id.iter().copied().collect()).unwrap_or_default();
            let _ = tokio::time::timeout(BESIDE_LIMIT, reconcile_except(&client, &history, &own, 0)).await;
        });
        (beside, task)
    }

    /// One event of the run beside which it reconciles.
    pub fn observe(&self, event: &Event) {
        let Event::Changed(change) = event else { return };
        match change {
            Change::Recorded { id } => {
                if let Ok(mut own) = self.own_row.lock() {
                    *own = Some(*id);
                }
            }
            Change::Accepted { .. }
            | Change::Refused { .. }
            | Change::NotDelivered(_)
            | Change::MaybeDelivered { .. }
            | Change::Ended { .. } => self.sent.notify_one(),
            _ => {}
        }
    }
}

/// Where each row's ENI is, by (region, ENI): one request per region (per 100 ENIs). An ENI
/// the service does not know, or a request that fails, is simply absent.
async fn describe_all(client: &Client, rows: &[Attempt]) -> HashMap<(String, String), Located> {
    let mut wanted: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.outcome.may_have_been_sent()) {
        wanted.entry(&row.region).or_default().insert(&row.eni_id);
    }
    let mut places = HashMap::new();
    for (region, enis) in wanted {
        let enis: Vec<&str> = enis.into_iter().collect();
        for chunk in enis.chunks(100) {
            let described = match client.describe_network_interfaces(region, chunk, &[]).await {
                Ok(list) => list,
                // One unknown ENI fails the whole call: ask about each on its own.
                Err(e) if e.is_not_found() => one_by_one(client, region, chunk).await,
                Err(_) => continue,
            };
            for eni in described {
                places.insert((region.to_string(), eni.id.clone()), Located::of(&eni));
            }
        }
    }
    places
}

async fn one_by_one(client: &Client, region: &str, enis: &[&str]) -> Vec<crate::api::NetworkInterface> {
    let mut found = Vec::new();
    for eni in enis {
        if let Ok(Some(described)) = client.describe_network_interface(region, eni).await {
            found.push(described);
        }
    }
    found
}

/// At most this many tasks are asked about per reconciliation (oldest rows first): the rest
/// wait for the next one, so a long list costs a bounded time.
pub const MAX_TASK_QUERIES: usize = 30;

/// The code that says the service no longer knows a row's task: it is not asked about again.
const TASK_FORGOTTEN: &str = "ResourceNotFound";

/// What the service says about one open row; None leaves it as it is.
async fn settle(
    client: &Client,
    row: &Attempt,
    here: Option<&Located>,
    tasks_left: &mut usize,
) -> Option<AttemptUpdate> {
    let age = Duration::from_millis((now_ms() - row.started_at).max(0) as u64);
    if row.outcome == Outcome::Pending {
        // Sending is written before the request leaves: a Pending row never sent anything.
        return (age > STALE_PENDING).then(stale_pending_update);
    }
    let here = here.filter(|l| l.settled());
    if let Some(located) = here
        && located.instance() == planned_instance(row)
    {
        return Some(verified(located, Outcome::Succeeded, None));
    }
    let forgotten = row.error_code.as_deref().is_some_and(|c| c.starts_with(TASK_FORGOTTEN));
    if let Some(request_id) = row.request_id.as_deref().filter(|_| !forgotten) {
        if *tasks_left == 0 {
            return None;
        }
        *tasks_left -= 1;
        match by_task(client, &row.region, request_id).await {
            Task::Settled(update) => return Some(update),
            Task::Running | Task::Unanswered => return None,
            Task::Forgotten => {
                return Some(by_location(row, here, age).unwrap_or_else(|| forgotten_update(request_id)));
            }
        }
    }
    by_location(row, here, age)
}

/// The task is gone and the ENI does not settle the row yet: say so once, and stop asking about
/// the task (the ENI is still looked at).
fn forgotten_update(request_id: &str) -> AttemptUpdate {
    AttemptUpdate {
        outcome: Some(Outcome::Unknown),
        error_code: Some(TASK_FORGOTTEN.into()),
        error_message: Some(format!("the service no longer knows task {request_id}; check the ENI")),
        finished_at: Some(now_ms()),
        ..Default::default()
    }
}

enum Task {
    Settled(AttemptUpdate),
    Running,
    /// The service no longer knows the task (or never did): the ENI has to say.
    Forgotten,
    /// The service could not be asked now.
    Unanswered,
}

async fn by_task(client: &Client, region: &str, request_id: &str) -> Task {
    let task = match client.describe_vpc_task_result(region, request_id).await {
        Ok(task) => task,
        Err(e) if e.is_not_found() => return Task::Forgotten,
        Err(_) => return Task::Unanswered,
    };
    let (outcome, status) = match task.status {
        TaskStatus::Success => (Outcome::Succeeded, history::TaskStatus::Success),
        TaskStatus::Failed => (Outcome::Failed, history::TaskStatus::Failed),
        _ => return Task::Running,
    };
    let failed = outcome == Outcome::Failed;
    Task::Settled(AttemptUpdate {
        outcome: Some(outcome),
        task_status: Some(status),
        error_code: failed.then(|| "ClientError.TaskFailed".into()),
        error_message: failed.then(|| task.output.clone().unwrap_or_else(|| "the task ended FAILED".into())),
        task_output: task.output,
        finished_at: Some(now_ms()),
        ..Default::default()
    })
}

/// The instance the row's plan puts the ENI on (None: attached to nothing).
fn planned_instance(row: &Attempt) -> Option<&str> {
    match row.action {
        Kind::Attach => Some(&row.instance_id),
        Kind::Detach => None,
        Kind::Move => row.destination_instance_id.as_deref(),
    }
}

/// The instance the ENI was on before the plan (None: attached to nothing).
fn previous_instance(row: &Attempt) -> Option<&str> {
    match row.action {
        Kind::Attach => None,
        Kind::Detach | Kind::Move => Some(&row.instance_id),
    }
}

/// The row's ENI as described, with only what is now known in the error columns.
fn verified(located: &Located, outcome: Outcome, error: Option<(&str, String)>) -> AttemptUpdate {
    AttemptUpdate {
        outcome: Some(outcome),
        error_code: error.as_ref().map(|(code, _)| code.to_string()),
        error_message: error.map(|(_, message)| message),
        attachment: Some(serde_json::to_string(&located.placement).unwrap_or_else(|_| "null".into())),
        finished_at: Some(now_ms()),
        ..Default::default()
    }
}

/// A row that may have been sent, whose ENI is not where the plan puts it and whose task cannot
/// settle it: once its process must be gone, say what is known.
fn by_location(row: &Attempt, located: Option<&Located>, age: Duration) -> Option<AttemptUpdate> {
    let located = located?;
    if age <= STALE_SENDING {
        return None;
    }
    let unchanged = located.instance() == previous_instance(row);
    if unchanged && !row.action.has_client_token() {
        // A move is never re-sent, and a stale one that left the ENI on its source never ran.
        let message = format!("the ENI is still {}: the move was not carried out", located.describe());
        return Some(verified(located, Outcome::Failed, Some(("ClientError.NotCarriedOut", message))));
    }
    if row.outcome == Outcome::Unknown {
        // Already says so, with the run's reason; it settles once the ENI is where planned.
        return None;
    }
    let message = format!(
        "the ENI is {}, not where this {} puts it: it was probably not carried out; sending it again \
         with ClientToken {} is safe",
        located.describe(),
        row.action.verb(),
        row.client_token
    );
    Some(verified(located, Outcome::Unknown, Some(("ClientError.OutcomeUnknown", message))))
}

fn stale_pending_update() -> AttemptUpdate {
    AttemptUpdate {
        outcome: Some(Outcome::Cancelled),
        error_code: Some("ClientError.Cancelled".into()),
        // Sending is written before every request: only a history that could not be written
        // then (and said so at the time) leaves a sent request behind a Pending row.
        error_message: Some(
            "tceni stopped (killed or crashed) before it recorded sending anything: nothing was sent".into(),
        ),
        finished_at: Some(now_ms()),
        ..Default::default()
    }
}
