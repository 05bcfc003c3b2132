//! Rows a crash, a lost answer or an interrupted poll left open are settled with the service:
//! by the task when its RequestId is known and the service still knows it, otherwise by
//! describing the ENI (where the plan puts it → succeeded, verified). Only this account's rows
//! (this key's, where a row or the key has no known account) on this endpoint are asked about.
//! Each row comes back as its attempt record (`history::Row::to_record`), what was learnt is
//! applied to it as [`Change`]s (the record's one transition function), and the record is saved
//! whole: a settled row carries only what is now known.

mod witness;

use super::outcome::Event;
use crate::api::{Client, Service, TaskResult};
use crate::attempt::{self as record, Change, Code, Located, Outcome, OwnCode, Reason, Send};
use crate::history::live::{Holder, Step};
use crate::history::{History, Row};
use crate::tr;
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
/// The ENIs are described first, one request per region for all of them. The tasks are asked
/// about one at a time, so reconciling beside an operation takes little of the quota the
/// operation itself needs.
pub async fn reconcile(client: &Client, history: &History) -> usize {
    reconcile_except(client, history, &[], MAX_TASK_QUERIES).await
}

/// [`reconcile`] beside running operations: their rows (`busy`) are left to them, and at most
/// `max_tasks` tasks are asked about (task queries share `DescribeVpcTaskResult`'s quota with
/// the operation's own polls). Rows another process still works on (its marker is locked) are
/// left to it; a row whose process is gone is settled now, from what its marker says it reached.
pub async fn reconcile_except(client: &Client, history: &History, busy: &[i64], max_tasks: usize) -> usize {
    let Ok(rows) = history.with(|store| store.open_rows()).await else { return 0 };
    let oldest = now_ms() - RECONCILE_WINDOW.as_millis() as i64;
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|row| {
            let here = row.endpoint == client.endpoint(Service::Vpc, Some(&row.region)).url();
            here && row.started_at >= oldest && !busy.contains(&row.id)
        })
        .collect();
    let me = Me::of(client, &rows).await;
    let replays = Replays::of(history, &rows).await;
    let rows: Vec<Left> = rows
        .into_iter()
        .filter(|row| me.owns(row))
        .filter_map(|row| {
            let holder = history.holder(&row);
            Left::of(row, holder)
        })
        .collect();
    if rows.is_empty() {
        return 0;
    }
    let places = describe_all(client, &rows).await;
    let mut settled = Vec::new();
    let mut tasks_left = max_tasks;
    let mut witness = witness::Witness::new();
    for left in &rows {
        let row = &left.row;
        let here = places.get(&(row.region.clone(), row.eni_id.clone()));
        let found = settle(client, left, here, &replays, &mut tasks_left, &mut witness).await;
        let settled_record = found.and_then(|found| found.applied_to(left.record.clone()));
        // What the marker added is written even when the service cannot settle the row yet.
        let record = settled_record.or_else(|| left.marked.then(|| left.record.clone()));
        if let Some(record) = record {
            settled.push((row.id, record));
        }
    }
    let count = settled.len();
    let written_ids: Vec<i64> = settled.iter().map(|(id, _)| *id).collect();
    let written = history.with(move |store| store.save_all(&settled)).await;
    let changed = match written {
        Ok(()) => count,
        Err(e) => {
            tracing::warn!(error = %e, "could not record the reconciled rows");
            return 0;
        }
    };
    // What a dead process's marker said is in its row now.
    for left in rows.iter().filter(|l| l.gone && written_ids.contains(&l.row.id)) {
        history.forget(&left.row);
    }
    tracing::info!(changed, "history reconciled");
    changed
}

/// An open row as reconciliation sees it: with what its dead process's marker adds.
struct Left {
    row: Row,
    /// The row as its record, the marker's steps applied: what is learnt is applied to it.
    record: record::Attempt,
    /// Its process is gone (its marker is unlocked): nobody else will finish it.
    gone: bool,
    /// The marker added to the record (Pending → Sending, the RequestId): it is written even
    /// when the service cannot settle the row yet.
    marked: bool,
}

impl Left {
    /// None when a live process still works on the row (or the row cannot be read as a record:
    /// it stays as it is).
    fn of(mut row: Row, holder: Holder) -> Option<Left> {
        let mut record = match row.to_record() {
            Ok(record) => record,
            Err(e) => {
                tracing::warn!(id = row.id, error = %e, "an open row cannot be read as a record: left as it is");
                return None;
            }
        };
        let step = match holder {
            Holder::Running => return None,
            // A run that recorded its end (an open one: Sent with --no-wait, Unknown) is done
            // with the row; without an end, only the row's age can say.
            Holder::Unmarked => {
                let gone = row.finished_at.is_some();
                return Some(Left { row, record, gone, marked: false });
            }
            Holder::Gone { step } => step,
        };
        let mut marked = false;
        if step.is_some() && record.send == Send::NotYet && record.allows(&Change::Sending) {
            record.apply(Change::Sending).ok()?;
            row.outcome = record.outcome();
            marked = true;
        }
        if let Some(Step::Sent { request_id }) = step
            && row.request_id.is_none()
        {
            let accepted = Change::Accepted { request_id: request_id.clone() };
            if record.allows(&accepted) {
                record.apply(accepted).ok()?;
                (row.request_id, row.outcome) = (Some(request_id), record.outcome());
                marked = true;
            }
        }
        Some(Left { row, record, gone: true, marked })
    }
}

/// What reconciliation learnt of one open row, applied to its record in the order it happens:
/// the answer to its call, its task's end, where its ENI is, how it ended.
struct Found {
    /// The row's own call's answer, learnt after the fact (the account's audit trail).
    answer: Option<Answer>,
    /// The row's own task's end.
    task: Option<TaskResult>,
    located: Option<Located>,
    outcome: Outcome,
    reason: Option<Reason>,
}

enum Answer {
    Accepted { request_id: String },
    Refused { error: Reason, request_id: Option<String> },
}

impl Found {
    /// An end with what it rests on added by the builders below.
    fn ended(outcome: Outcome, reason: Option<Reason>) -> Found {
        Found { answer: None, task: None, located: None, outcome, reason }
    }

    fn at(self, located: Option<&Located>) -> Found {
        Found { located: located.cloned(), ..self }
    }

    /// The record with what was learnt applied; None (the row left as it is) when the record
    /// cannot take it: evidence that contradicts what the row already holds is said in the log
    /// and settles nothing.
    fn applied_to(self, mut record: record::Attempt) -> Option<record::Attempt> {
        let now = now_ms();
        let answer = self.answer.map(|answer| match answer {
            Answer::Accepted { request_id } => Change::Accepted { request_id },
            Answer::Refused { error, request_id } => Change::Refused { error, request_id },
        });
        // A lost answer is learnt only where the record can still take it.
        let answer = answer.filter(|answer| record.allows(answer));
        let task = self.task.filter(|_| !record.task.has_ended());
        let task = task.map(|t| Change::PollAnswered { status: t.status, output: t.output, at: now });
        let located = self.located.map(Change::Located);
        let end = Change::Ended { outcome: self.outcome, reason: self.reason, at: now, duration_ms: None };
        for change in answer.into_iter().chain(task).chain(located).chain([end]) {
            if !record.allows(&change) {
                let id = record.history_id();
                tracing::warn!(?id, ?change, "what reconciliation found does not fit the row: left as it is");
                return None;
            }
            record.apply(change).ok()?;
        }
        Some(record)
    }
}

/// The ClientTokens whose request the service is known to have carried out: a row that sent it
/// again with the same token and was answered (a replay, or the first arrival) and SUCCEEDED.
/// An earlier row with that token is the same request, so the later row's proof is its proof.
pub(crate) struct Replays(HashMap<String, Row>);

impl Replays {
    async fn of(history: &History, open: &[Row]) -> Replays {
        let tokens: Vec<String> = open
            .iter()
            .filter(|row| row.request_id.is_none() && !row.client_token.is_empty())
            .map(|row| row.client_token.clone())
            .collect();
        if tokens.is_empty() {
            return Replays(HashMap::new());
        }
        let found = history.with(move |store| store.succeeded_with_tokens(&tokens)).await.unwrap_or_default();
        Replays(found.into_iter().map(|row| (row.client_token.clone(), row)).collect())
    }

    /// Rows still open that sent the same request as `proof` (its ClientToken), settled by it.
    pub(crate) fn settle_with(proof: Row, open: Vec<Row>) -> Vec<(i64, record::Attempt)> {
        let replays = Replays(HashMap::from([(proof.client_token.clone(), proof)]));
        let settled = open.into_iter().filter_map(|row| {
            let found = replays.proof_for(&row)?;
            Some((row.id, found.applied_to(row.to_record().ok()?)?))
        });
        settled.collect()
    }

    /// The same request (action, ENI, instance, token) answered and SUCCEEDED for another row,
    /// and its ENI found where the plan puts it.
    fn proof_for(&self, row: &Row) -> Option<Found> {
        let proof = self.0.get(&row.client_token).filter(|p| {
            p.id != row.id
                && (p.action, &p.eni_id, &p.instance_id) == (row.action, &row.eni_id, &row.instance_id)
        })?;
        let message = tr!(
            "reconcile-same-request",
            token = row.client_token.as_str(),
            id = proof.id,
            request_id = proof.request_id.as_deref().unwrap_or("?")
        );
        // One request (its ClientToken), one task: the service answered this row's request as
        // the proof's RequestId, and that task ended SUCCESS.
        let proof_record = proof.to_record().ok()?;
        let request_id = proof_record.request_id()?.to_string();
        let output = proof_record.task.output().map(str::to_string);
        let task = TaskResult { status: crate::api::TaskStatus::Success, output, request_id: None };
        let reason = Reason::new(OwnCode::SameRequest, message);
        let found = Found::ended(Outcome::Succeeded, Some(reason)).at(proof_record.located());
        Some(Found { answer: Some(Answer::Accepted { request_id }), task: Some(task), ..found })
    }
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
    async fn of(client: &Client, rows: &[Row]) -> Me {
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
    fn owns(&self, row: &Row) -> bool {
        match (&row.account_id, &self.account_id) {
            (Some(row_account), Some(mine)) => row_account == mine,
            _ => row.secret_id_masked == self.secret_id_masked,
        }
    }
}

/// Reconciliation beside a running operation, never before it: it starts once the run's request
/// is answered (the task then takes a while) or the run ended without one, asks a few tasks at
/// most (the polls keep the quota) and leaves the run's own row to the run. Feed it the run's
/// events.
#[derive(Default)]
pub struct Beside {
    /// The request was answered, or the run ended without one.
    sent: tokio::sync::Notify,
    /// The run's own row, which it settles itself.
    own_row: std::sync::Mutex<Option<i64>>,
}

/// Tasks asked about beside an operation: a few, so a re-run after a crash settles the crashed
/// row by its own task, while the operation's polls keep nearly all of the 20/s quota.
const BESIDE_TASK_QUERIES: usize = 3;

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
            let tasks = BESIDE_TASK_QUERIES;
            let _ =
                tokio::time::timeout(BESIDE_LIMIT, reconcile_except(&client, &history, &own, tasks)).await;
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

/// A run that sent its request again with the ClientToken of earlier rows that never heard
/// how it ended, and SUCCEEDED: the service answered for that same request, so those rows are
/// settled now, by this row's proof.
pub async fn settle_same_request(history: &History, own: i64) {
    let settled = history
        .with(move |store| {
            let Some(proof) = store.get(own)?.filter(|p| {
                p.outcome == Outcome::Succeeded && !p.client_token.is_empty() && p.request_id.is_some()
            }) else {
                return Ok(0);
            };
            let settled = Replays::settle_with(proof, store.open_rows()?);
            store.save_all(&settled)?;
            Ok(settled.len())
        })
        .await;
    if let Err(e) = settled {
        tracing::warn!(error = %e, "could not settle the rows of the same request");
    }
}

/// Where each row's ENI is, by (region, ENI): one request per region (per 100 ENIs). An ENI
/// the service does not know, or a request that fails, is simply absent.
async fn describe_all(client: &Client, rows: &[Left]) -> HashMap<(String, String), Located> {
    let mut wanted: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let stale = now_ms() - STALE_PENDING.as_millis() as i64;
    let unsure = |l: &&Left| {
        let row = &l.row;
        row.outcome.may_have_been_sent()
            || (row.outcome == Outcome::Pending && !l.gone && row.started_at < stale)
    };
    for row in rows.iter().filter(unsure).map(|l| &l.row) {
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

/// What is known of one open row; None leaves it as it is. A row is credited with a result
/// only on evidence that its own request did it: its task's answer, or the same request (its
/// ClientToken) answered for another row. Where the ENI is now says only where it is.
async fn settle(
    client: &Client,
    left: &Left,
    here: Option<&Located>,
    replays: &Replays,
    tasks_left: &mut usize,
    witness: &mut witness::Witness,
) -> Option<Found> {
    let row = &left.row;
    let age = Duration::from_millis((now_ms() - row.started_at).max(0) as u64);
    let (described, here) = (here, here.filter(|l| l.settled()));
    if row.outcome == Outcome::Pending {
        return settle_pending(left, here, age);
    }
    let forgotten = row.error_code.as_deref().is_some_and(|c| c.starts_with(TASK_FORGOTTEN));
    if let Some(request_id) = row.request_id.as_deref().filter(|_| !forgotten) {
        if *tasks_left == 0 {
            return None;
        }
        *tasks_left -= 1;
        match by_task(client, &row.region, request_id).await {
            Task::Settled(found) => return Some((*found).at(here)),
            Task::Running | Task::Unanswered => return None,
            Task::Forgotten => {
                if let Some(testified) = witness.testify(client, &left.record, described).await {
                    return Some(testified);
                }
                let located = by_location(left, described, age).map(|f| as_forgotten(f, request_id));
                return Some(located.unwrap_or_else(|| task_forgotten(request_id)));
            }
        }
    }
    if let Some(proof) = replays.proof_for(row) {
        return Some(proof);
    }
    if let Some(testified) = witness.testify(client, &left.record, described).await {
        return Some(testified);
    }
    by_location(left, described, age)
}

/// A Pending row: its process never began sending (the marker says "sending" before the
/// request leaves), or, without a marker, one old enough that its process must be gone.
fn settle_pending(left: &Left, here: Option<&Located>, age: Duration) -> Option<Found> {
    if left.gone {
        return Some(stale_pending());
    }
    if age <= STALE_PENDING {
        return None;
    }
    // No marker (an older build, or one that could not be made): a history that could not be
    // written leaves Pending behind a sent request, so the ENI is looked at before "nothing sent".
    match here {
        Some(located) if located.matches(&left.record.plan) => {
            let message =
                tr!("reconcile-never-recorded", kind = left.row.action.verb(), place = located.describe());
            Some(unknown(OwnCode::OutcomeUnknown, message).at(Some(located)))
        }
        _ => Some(stale_pending()),
    }
}

/// An open row's end that says the task is gone, so it is not asked about again.
fn as_forgotten(mut found: Found, request_id: &str) -> Found {
    if found.outcome == Outcome::Unknown {
        let known = found.reason.map(|r| r.message).unwrap_or_default();
        let message = tr!("reconcile-task-forgotten-known", request_id = request_id, known = known);
        found.reason = Some(Reason::new(Code::parse(TASK_FORGOTTEN), message));
    }
    found
}

/// The task is gone and the ENI does not settle the row yet: say so once, and stop asking about
/// the task (the ENI is still looked at).
fn task_forgotten(request_id: &str) -> Found {
    let message = tr!("reconcile-task-forgotten", request_id = request_id);
    Found::ended(Outcome::Unknown, Some(Reason::new(Code::parse(TASK_FORGOTTEN), message)))
}

fn unknown(code: impl Into<Code>, message: String) -> Found {
    Found::ended(Outcome::Unknown, Some(Reason::new(code, message)))
}

enum Task {
    Settled(Box<Found>),
    Running,
    /// The service no longer knows the task (or never did): the ENI has to say.
    Forgotten,
    /// The service could not be asked now.
    Unanswered,
}

async fn by_task(client: &Client, region: &str, request_id: &str) -> Task {
    let task = match client.describe_vpc_task_result(region, request_id).await {
        Ok(task) if task.status.is_terminal() => task,
        Ok(_) => return Task::Running,
        Err(e) if e.is_not_found() => return Task::Forgotten,
        Err(_) => return Task::Unanswered,
    };
    let found = match task.status {
        crate::api::TaskStatus::Success => Found::ended(Outcome::Succeeded, None),
        _ => {
            let message = task.output.clone().unwrap_or_else(|| tr!("run-task-failed"));
            Found::ended(Outcome::Failed, Some(Reason::new(OwnCode::TaskFailed, message)))
        }
    };
    Task::Settled(Box::new(Found { task: Some(task), ..found }))
}

/// A row that may have been sent and whose own task cannot settle it: say where the ENI is, and
/// no more than that. Left alone while its process may still be sending. Once the service can
/// no longer act on the request ([`STALE_SENDING`]: its signature has expired), an unchanged ENI
/// means a move (never re-sent: it has no ClientToken) was not carried out.
fn by_location(left: &Left, located: Option<&Located>, age: Duration) -> Option<Found> {
    let (row, plan, located) = (&left.row, &left.record.plan, located?);
    let expired = age > STALE_SENDING;
    // An ENI still changing is said only of a row nobody else will finish.
    if !left.gone && (!expired || !located.settled()) {
        return None;
    }
    let unchanged = located.unchanged(plan);
    if unchanged && expired && !row.action.has_client_token() {
        let message = tr!("reconcile-move-not-carried-out", place = located.describe());
        let reason = Reason::new(OwnCode::NotCarriedOut, message);
        return Some(Found::ended(Outcome::Failed, Some(reason)).at(Some(located)));
    }
    if row.outcome == Outcome::Unknown
        && left.record.located().map(|l| &l.placement) == Some(&located.placement)
    {
        // Already says where the ENI is; it changes only on new evidence.
        return None;
    }
    let verb = row.action.verb();
    let token = (!row.client_token.is_empty()).then_some(row.client_token.as_str());
    let place = located.describe();
    let message = match (located.matches(plan), token) {
        _ if !located.settled() => tr!("reconcile-changing", place = place, kind = verb),
        (true, Some(token)) => tr!("reconcile-placed-token", place = place, kind = verb, token = token),
        (true, None) => tr!("reconcile-placed", place = place, kind = verb),
        (false, Some(token)) if unchanged && expired => {
            tr!("reconcile-unchanged-token", place = place, kind = verb, token = token)
        }
        (false, _) => tr!("reconcile-elsewhere", place = place, kind = verb),
    };
    let forgotten = row.error_code.as_deref().is_some_and(|c| c.starts_with(TASK_FORGOTTEN));
    let code = if forgotten { Code::parse(TASK_FORGOTTEN) } else { OwnCode::OutcomeUnknown.into() };
    Some(unknown(code, message).at(Some(located)))
}

/// Sending is written before every request: only a history that could not be written then (and
/// said so at the time) leaves a sent request behind a Pending row.
fn stale_pending() -> Found {
    let message = tr!("reconcile-stale-pending");
    Found::ended(Outcome::Cancelled, Some(Reason::new(OwnCode::Cancelled, message)))
}
