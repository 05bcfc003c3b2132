//! Reconcile with the account's audit trail as a witness: a row left Sending by a crash (no
//! RequestId) is settled by its own call found in the trail by its ClientToken, and still
//! verified by describing the ENI; a trail the key may not read changes nothing.

use crate::support::*;
use std::time::Duration;
use tceni::attach::reconcile::reconcile;
use tceni::history::{History, Outcome, Store};
use tceni::sandbox::DEMO_SECRET_ID;

/// A crash after sending: the row says Sending (with its ClientToken, no RequestId) and the
/// process that wrote it is gone; the request did reach the service, whose answer nobody read.
async fn lost_attach(rig: &Rig, instance: &str) -> i64 {
    let plan = rig.plan(&attach(GOOD_ENI, instance));
    let store = Store::open(&rig.store_path).unwrap();
    let started = chrono::Utc::now().timestamp_millis() - 2000;
    let id = store.insert(&plan, &rig.workflow.caller, started).unwrap();
    rig.left_as(id, &format!("outcome = 'Sending', finished_at = {started}"));
    let _ = rig.workflow.client.start_task(&plan.request().call()).await;
    tokio::time::sleep(Duration::from_millis(300)).await; // its task ends
    id
}

async fn reconciled(rig: &Rig) {
    let history = History::new(Store::open(&rig.store_path).unwrap());
    reconcile(&rig.workflow.client, &history).await;
}

#[tokio::test]
async fn an_accepted_call_found_by_its_client_token_settles_the_row_verified() {
    let rig = rig().await;
    let id = lost_attach(&rig, GOOD_INSTANCE).await;
    reconciled(&rig).await;
    let row = rig.row(id);
    assert_eq!(row.outcome, Outcome::Succeeded, "{row:?}");
    let message = row.error_message.clone().unwrap_or_default();
    assert!(message.contains("audit trail shows the service accepted"), "{message}");
    assert!(row.request_id.is_some(), "the RequestId is learnt from the trail");
    assert!(row.attachment.as_deref().is_some_and(|a| a.contains(GOOD_INSTANCE)), "verified: {row:?}");
}

#[tokio::test]
async fn a_refused_call_found_in_the_trail_fails_the_row_with_the_services_code() {
    let rig = rig().await;
    let id = lost_attach(&rig, "ins-pend0001").await;
    reconciled(&rig).await;
    let row = rig.row(id);
    assert_eq!(row.outcome, Outcome::Failed, "{row:?}");
    assert_eq!(row.error_code.as_deref(), Some("UnsupportedOperation.InvalidState"));
    assert!(row.error_message.unwrap_or_default().contains("refused"));
}

#[tokio::test]
async fn without_cloudaudit_rights_the_row_is_settled_as_before() {
    let rig = rig().await;
    rig.sandbox.deny_audit(DEMO_SECRET_ID, true);
    let id = lost_attach(&rig, GOOD_INSTANCE).await;
    reconciled(&rig).await;
    let row = rig.row(id);
    assert_ne!(row.outcome, Outcome::Succeeded, "no witness, no credit: {row:?}");
    assert_eq!(rig.calls("LookUpEvents"), 1, "asked once, then not again this time");
}

/// The trail holds the request twice: the call itself, accepted, and the client's re-send with
/// the same ClientToken, refused because that request was still being processed. The refusal
/// says nothing of the request: the row is credited by the acceptance. (Before: whichever came
/// first in the trail judged it, and an attach that was carried out could read Failed.)
#[tokio::test]
async fn a_resend_refused_as_still_processing_never_fails_the_request() {
    let rig = rig().await;
    let plan = rig.plan(&attach(GOOD_ENI, GOOD_INSTANCE));
    let store = Store::open(&rig.store_path).unwrap();
    let started = chrono::Utc::now().timestamp_millis() - 2000;
    let id = store.insert(&plan, &rig.workflow.caller, started).unwrap();
    rig.left_as(id, &format!("outcome = 'Sending', finished_at = {started}"));
    let first = rig.workflow.client.start_task(&plan.request().call()).await;
    let again = rig.workflow.client.start_task(&plan.request().call()).await;
    assert!(first.is_ok(), "{first:?}");
    let refused = again.expect_err("the same request while it is processed");
    assert!(refused.code().contains("Idempotent"), "{refused:?}");
    tokio::time::sleep(Duration::from_millis(300)).await; // its task ends
    reconciled(&rig).await;
    let row = rig.row(id);
    assert_eq!(row.outcome, Outcome::Succeeded, "{row:?}");
}
