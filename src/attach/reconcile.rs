//! Rows a crash left open are settled with the service: by the task when its RequestId is
//! known. Only this key's rows on this endpoint are asked about.

use crate::api::{Client, Service, TaskStatus};
use crate::history::{self, AttemptUpdate, History, Outcome};
use std::time::Duration;

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A Pending row with no RequestId older than this was left by a process that stopped. A live
/// attempt is Pending only until its first answer: preflight and one send are bounded by the
/// request timeout, and waiting out `IdempotentProcessing` by the task deadline (`--wait-timeout`,
/// 120 s by default), so an hour leaves a wide margin.
pub const STALE_PENDING: Duration = Duration::from_secs(3600);

/// Open rows older than this are no longer asked about at start: each costs a request, and the
/// service keeps task results for a limited time. They stay Unknown, visible in the history.
pub const RECONCILE_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// Rows a crash left open: ask the service how their task ended and record it. A row that never
/// got a RequestId cannot be asked about; once stale it is marked Unknown, so it stops looking
/// like work in progress. Returns how many rows changed.
pub async fn reconcile(client: &Client, history: &History) -> usize {
    let Ok(rows) = history.with(|store| store.open_rows()).await else { return 0 };
    let oldest = now_ms() - RECONCILE_WINDOW.as_millis() as i64;
    let mut changed = 0;
    // Only this key's rows on this endpoint: another service (the demo sandbox, a private
    // endpoint) or another account would answer "no such task" and wrongly close the row.
    let me = crate::credentials::mask_secret_id(client.secret_id());
    let worth_asking = |row: &history::Attempt| {
        let forgotten = row.error_code.as_deref().is_some_and(|c| c.starts_with("ResourceNotFound"));
        let ours = row.secret_id_masked == me
            && row.endpoint == client.endpoint(Service::Vpc, Some(&row.region)).url();
        ours && row.started_at >= oldest && !forgotten
    };
    for row in rows.into_iter().filter(|row| worth_asking(row)) {
        let update = match &row.request_id {
            Some(request_id) => match settled_task(client, &row.region, request_id).await {
                Some(update) => update,
                None => continue,
            },
            None if now_ms() - row.started_at > STALE_PENDING.as_millis() as i64 => stale_pending_update(),
            None => continue,
        };
        if history.with(move |store| store.update(row.id, &update)).await.is_ok() {
            changed += 1;
        }
    }
    tracing::info!(changed, "history reconciled");
    changed
}

async fn settled_task(client: &Client, region: &str, request_id: &str) -> Option<AttemptUpdate> {
    let task = match client.describe_vpc_task_result(region, request_id).await {
        Ok(task) => task,
        // The service no longer knows the task: say so once, and stop asking.
        Err(e) if e.is_not_found() => {
            return Some(AttemptUpdate {
                outcome: Some(Outcome::Unknown),
                error_code: Some(e.code().to_string()),
                error_message: Some(format!("the service no longer knows task {request_id}; check the ENI")),
                finished_at: Some(now_ms()),
                ..Default::default()
            });
        }
        Err(_) => return None,
    };
    let (outcome, status) = match task.status {
        TaskStatus::Success => (Outcome::Succeeded, history::TaskStatus::Success),
        TaskStatus::Failed => (Outcome::Failed, history::TaskStatus::Failed),
        _ => return None,
    };
    Some(AttemptUpdate {
        outcome: Some(outcome),
        task_status: Some(status),
        task_output: task.output,
        finished_at: Some(now_ms()),
        ..Default::default()
    })
}

fn stale_pending_update() -> AttemptUpdate {
    AttemptUpdate {
        outcome: Some(Outcome::Unknown),
        error_code: Some("ClientError.OutcomeUnknown".into()),
        error_message: Some(
            "tceni stopped before any answer was recorded; check the ENI's attachment before retrying".into(),
        ),
        finished_at: Some(now_ms()),
        ..Default::default()
    }
}
