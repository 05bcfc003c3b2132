//! The account's audit trail (CloudAudit) as a witness: an open row whose own call is in the
//! trail — by its RequestId, or by its ClientToken when the answer (and so the RequestId) was
//! lost — with the service's answer is settled by it, and still verified by describing the ENI:
//! accepted and the ENI where the plan puts it → succeeded; refused → failed with the service's
//! code, the ENI not where the plan puts it.

use super::{Located, now_ms, planned_instance, verified};
use crate::activity::ENI_ACTIONS;
use crate::api::Client;
use crate::api::cloudaudit::{self, AttributeKey, AuditEvent, CallResult, EventQuery};
use crate::history::{Attempt, AttemptUpdate, Outcome};

/// Rows asked about per reconciliation: each is a `LookUpEvents` call (20/s per account).
const MAX_QUERIES: usize = 10;

/// Asks the trail about a few rows; a trail that cannot be read (no CloudAudit rights, the
/// quota, a network failure) testifies nothing, and the row is settled as it would be without.
pub(super) struct Witness {
    asked: usize,
    /// Once refused, not asked again this time.
    refused: bool,
}

impl Witness {
    pub(super) fn new() -> Witness {
        Witness { asked: 0, refused: false }
    }

    /// What the trail says of `row`'s own call, verified by where its ENI is now.
    pub(super) async fn testify(
        &mut self,
        client: &Client,
        row: &Attempt,
        described: Option<&Located>,
    ) -> Option<AttemptUpdate> {
        let located = described.filter(|l| l.settled())?;
        if self.refused || self.asked >= MAX_QUERIES {
            return None;
        }
        self.asked += 1;
        let listing = match client.look_up_all_events(&query(row)).await {
            Ok(listing) => listing,
            Err(e) => {
                tracing::info!(code = e.code(), "the audit trail could not be asked: no witness");
                self.refused = true;
                return None;
            }
        };
        let event = listing.events.iter().find(|e| is_own_call(row, e))?;
        judge(row, event, located)
    }
}

/// The row's call: its RequestId when known, else its ENI (then matched by ClientToken), from
/// a minute before the row started.
fn query(row: &Attempt) -> EventQuery {
    let end = chrono::Utc::now().timestamp() + 60;
    let start = (row.started_at / 1000 - 60).max(end - cloudaudit::MAX_SPAN_SECS);
    let attribute = match &row.request_id {
        Some(id) => (AttributeKey::RequestId, id.clone()),
        None => (AttributeKey::ResourceName, row.eni_id.clone()),
    };
    EventQuery {
        region: row.region.clone(),
        start,
        end,
        attributes: vec![attribute],
        page_size: cloudaudit::MAX_RESULTS,
    }
}

fn is_own_call(row: &Attempt, event: &AuditEvent) -> bool {
    if !ENI_ACTIONS.contains(&event.action.as_str()) || event.action != row.action.action() {
        return false;
    }
    if let Some(id) = &row.request_id {
        return &event.request_id == id;
    }
    let p = &event.parameters;
    !row.client_token.is_empty()
        && p.client_token.as_deref() == Some(row.client_token.as_str())
        && p.eni.as_deref() == Some(row.eni_id.as_str())
}

fn judge(row: &Attempt, event: &AuditEvent, located: &Located) -> Option<AttemptUpdate> {
    let placed = located.instance() == planned_instance(row);
    let place = located.describe();
    let request = &event.request_id;
    let mut update = match (&event.result, placed) {
        (CallResult::Ok, true) => {
            let message = format!(
                "the account's audit trail shows the service accepted this request (RequestId {request}), \
                 and the ENI is {place}, where it puts it"
            );
            AttemptUpdate { error_message: Some(message), ..verified(located, Outcome::Succeeded, None) }
        }
        (CallResult::Failed(code), false) => {
            let message = format!(
                "the account's audit trail shows the service refused this request (RequestId {request}: \
                 {code}); the ENI is {place}"
            );
            verified(located, Outcome::Failed, Some((code.as_str(), message)))
        }
        // Accepted but the ENI is elsewhere (its task may have failed, or a later change moved
        // it), or refused yet where the plan puts it (another call did it): the trail does not
        // settle it.
        _ => return None,
    };
    if row.request_id.is_none() && !request.is_empty() {
        update.request_id = Some(request.clone());
    }
    update.finished_at = Some(now_ms());
    Some(update)
}
