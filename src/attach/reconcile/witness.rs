//! The account's audit trail (CloudAudit) as a witness: an open row whose own call is in the
//! trail — by its RequestId, or by its ClientToken when the answer (and so the RequestId) was
//! lost — with the service's answer is settled by it, and still verified by describing the ENI:
//! accepted and the ENI where the plan puts it → succeeded; refused → failed with the service's
//! code, the ENI not where the plan puts it.

use super::{Answer, Found, Located};
use crate::activity::ENI_ACTIONS;
use crate::api::Client;
use crate::api::cloudaudit::{self, AttributeKey, AuditEvent, CallResult, EventQuery};
use crate::attempt::{Attempt, Code, Outcome, OwnCode, Reason, Send};
use crate::tr;

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
    ) -> Option<Found> {
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
        // Found by its ClientToken, the request may show several calls: the first and the
        // client's re-sends. An acceptance answers for the request; a re-send refused because the
        // same request was still being processed says nothing of it.
        let own: Vec<&AuditEvent> = listing.events.iter().filter(|e| is_own_call(row, e)).collect();
        let says_nothing = |e: &&&AuditEvent| matches!(&e.result, CallResult::Failed(code) if code.starts_with("UnsupportedOperation.Idempotent"));
        let accepted = own.iter().find(|e| matches!(e.result, CallResult::Ok));
        let event = accepted.or_else(|| own.iter().find(|e| !says_nothing(e)))?;
        judge(row, event, located)
    }
}

/// The row's call: its RequestId when known, else its ENI (then matched by ClientToken), from
/// a minute before the row started.
fn query(row: &Attempt) -> EventQuery {
    let end = chrono::Utc::now().timestamp() + 60;
    let start = (row.started_at / 1000 - 60).max(end - cloudaudit::MAX_SPAN_SECS);
    let attribute = match row.request_id() {
        Some(id) => (AttributeKey::RequestId, id.to_string()),
        None => (AttributeKey::ResourceName, row.plan.eni.to_string()),
    };
    EventQuery {
        region: row.plan.region.clone(),
        start,
        end,
        attributes: vec![attribute],
        page_size: cloudaudit::MAX_RESULTS,
    }
}

fn is_own_call(row: &Attempt, event: &AuditEvent) -> bool {
    if !ENI_ACTIONS.contains(&event.action.as_str()) || event.action != row.plan.kind().action() {
        return false;
    }
    if let Some(id) = row.request_id() {
        return event.request_id == id;
    }
    let p = &event.parameters;
    row.plan.client_token().is_some_and(|token| p.client_token.as_deref() == Some(token))
        && p.eni.as_deref() == Some(row.plan.eni.as_str())
}

fn judge(row: &Attempt, event: &AuditEvent, located: &Located) -> Option<Found> {
    let placed = located.matches(&row.plan);
    let place = located.describe();
    let request = &event.request_id;
    // The trail names the call's RequestId, which the row learns when its answer was lost.
    let learnt = (row.request_id().is_none() && !request.is_empty()).then(|| request.clone());
    let (answer, outcome, reason) = match (&event.result, placed) {
        (CallResult::Ok, true) => {
            let message = tr!("witness-accepted", request_id = request.as_str(), place = place.as_str());
            let answer = learnt.map(|request_id| Answer::Accepted { request_id });
            (answer, Outcome::Succeeded, Reason::new(OwnCode::AuditTrail, message))
        }
        // A call the service accepted is not refused by any later word of the trail.
        (CallResult::Failed(code), false) if !matches!(row.send, Send::Accepted { .. }) => {
            let message = tr!(
                "witness-refused",
                request_id = request.as_str(),
                code = code.to_string(),
                place = place.as_str()
            );
            let error = Reason::new(Code::parse(code), message);
            let answer = Answer::Refused { error: error.clone(), request_id: learnt };
            (Some(answer), Outcome::Failed, error)
        }
        // Accepted but the ENI is elsewhere (its task may have failed, or a later change moved
        // it), or refused yet where the plan puts it (another call did it): the trail does not
        // settle it.
        _ => return None,
    };
    Some(Found { answer, ..Found::ended(outcome, Some(reason)).at(Some(located)) })
}
