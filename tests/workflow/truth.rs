//! What tceni says happened is what happened: the row before the request, settling rows that
//! may have been sent, history failures said out loud, cancels at every await, retries shown.

use crate::support::*;
use futures::future::BoxFuture;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tceni::attach::preflight::Report;
use tceni::attach::{Confirm, Confirmation, Event, Workflow};
use tceni::attempt::{Change, Recording};
use tceni::history::{History, Outcome, Store};
use tceni::plan::Plan;
use tceni::sandbox::{Fault, FaultKind};
use tokio_util::sync::CancellationToken;

fn reconcile(rig: &Rig) -> impl std::future::Future<Output = usize> + '_ {
    let history = rig.workflow.history.clone().unwrap();
    async move { tceni::attach::reconcile::reconcile(&rig.workflow.client, &history).await }
}

#[tokio::test]
async fn the_row_says_sending_while_the_request_is_in_flight() {
    let rig = rig().await;
    rig.sandbox.add_fault(Fault::once(FaultKind::Latency { ms: 600 }).for_action("AttachNetworkInterface"));
    let plan = rig.plan(&attach(GOOD_ENI, GOOD_INSTANCE));
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let workflow = rig.workflow.clone();
    let running =
        tokio::spawn(async move { workflow.run(plan, options(), tx, CancellationToken::new()).await });
    let start = Instant::now();
    let row = loop {
        let rows = rig.rows();
        if let Some(row) = rows.first().filter(|r| r.outcome != Outcome::Pending) {
            break row.clone();
        }
        assert!(start.elapsed() < Duration::from_secs(5), "the row never left Pending");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(row.outcome, Outcome::Sending, "written before the answer came");
    assert!(!row.client_token.is_empty() && row.request_id.is_none());
    let finish = running.await.unwrap();
    assert_eq!(finish.outcome(), Outcome::Succeeded);
    assert_eq!(rig.row(row.id).outcome, Outcome::Succeeded);
}

/// A row as a killed process leaves it: sending, maybe with a guess in the error columns.
fn left_sending(rig: &Rig, started_ago: Duration, guess: Option<&str>) -> i64 {
    let store = Store::open(&rig.store_path).unwrap();
    let plan = rig.plan(&attach(GOOD_ENI, GOOD_INSTANCE));
    let started = chrono::Utc::now().timestamp_millis() - started_ago.as_millis() as i64;
    let id = store.insert(&plan, &rig.workflow.caller, started).unwrap();
    drop(store);
    match guess {
        Some(code) => {
            rig.left_as(id, &format!("outcome = 'Sending', error_code = '{code}', error_message = 'a guess'"))
        }
        None => rig.left_as(id, "outcome = 'Sending'"),
    }
    id
}

#[tokio::test]
async fn a_sending_row_whose_eni_another_request_put_where_planned_is_unknown_never_succeeded() {
    let rig = rig().await;
    let id = left_sending(&rig, Duration::from_secs(1), Some("ClientError.Cancelled"));
    assert_eq!(reconcile(&rig).await, 0, "a young row without a marker may still be in flight");
    assert_eq!(rig.row(id).outcome, Outcome::Sending);
    // Its process is gone (its marker unlocked); another request attaches the ENI.
    let mut marker = tceni::history::live::Live::claim(&rig.store_path, rig.row(id).started_at).unwrap();
    marker.assign(&rig.store_path, id).unwrap();
    drop(marker);
    let unrecorded = Workflow { history: None, ..rig.workflow.clone() };
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let plan = rig.plan(&attach(GOOD_ENI, GOOD_INSTANCE));
    unrecorded.run(plan, options(), tx, CancellationToken::new()).await;
    assert_eq!(reconcile(&rig).await, 1);
    let row = rig.row(id);
    assert_eq!(row.outcome, Outcome::Unknown, "the ENI's place is not this request's result");
    assert_eq!(row.error_code.as_deref(), Some("ClientError.OutcomeUnknown"), "no stale guess");
    let message = row.error_message.unwrap();
    assert!(message.contains(GOOD_INSTANCE) && message.contains(&row.client_token), "{message}");
    let attachment: serde_json::Value = serde_json::from_str(row.attachment.as_deref().unwrap()).unwrap();
    assert_eq!(attachment["instance"], GOOD_INSTANCE, "where it was found is kept");
    assert_eq!(reconcile(&rig).await, 0, "said once");
}

#[tokio::test]
async fn a_stale_sending_row_whose_eni_is_elsewhere_is_unknown_with_its_token() {
    let rig = rig().await;
    let id = left_sending(&rig, Duration::from_secs(3600), None);
    assert_eq!(reconcile(&rig).await, 1);
    let row = rig.row(id);
    assert_eq!(row.outcome, Outcome::Unknown);
    let message = row.error_message.unwrap();
    assert!(message.contains(&row.client_token) && message.contains("attached to no instance"), "{message}");
    assert_eq!(reconcile(&rig).await, 0, "said once");
}

#[tokio::test]
async fn a_refused_row_keeps_its_request_id() {
    let rig = rig().await;
    let code = "UnsupportedOperation.InvalidState".to_string();
    rig.sandbox.add_fault(
        Fault::once(FaultKind::Error { code: code.clone(), message: None })
            .for_action("AttachNetworkInterface"),
    );
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(finish.outcome(), Outcome::Failed);
    let request_id = finish.request_id().expect("the refusal carries a RequestId");
    let row = rig.row(finish.history_id().unwrap());
    assert_eq!(row.request_id.as_deref(), Some(request_id));
    assert_eq!(row.error_code.as_deref(), Some(code.as_str()));
}

/// Confirms after doing something to the history, as if it happened between preflight and send.
struct Then(Box<dyn Fn() + Send + Sync>);

impl Confirm for Then {
    fn confirm<'a>(&'a self, _plan: &'a Plan, _report: Option<&'a Report>) -> BoxFuture<'a, bool> {
        (self.0)();
        Box::pin(async { true })
    }
}

/// Run an attach whose history breaks (by `break_it`, given the file) after preflight.
async fn attach_with_breaking_history(
    rig: &Rig,
    break_it: impl Fn(&std::path::Path) + Send + Sync + 'static,
) -> (tceni::attempt::Attempt, Vec<Event>) {
    let path = rig.store_path.clone();
    let mut opts = options();
    opts.confirm = Some(Confirmation(Arc::new(Then(Box::new(move || break_it(&path))))));
    rig.run(attach(GOOD_ENI, GOOD_INSTANCE), opts).await
}

fn history_failures(events: &[Event]) -> usize {
    events.iter().filter(|e| matches!(e, Event::Changed(Change::RecordingFailed { .. }))).count()
}

#[tokio::test]
async fn a_full_history_is_said_once_and_the_attach_goes_on() {
    let sandbox_rig = rig().await;
    // The rig's store, capped at its size and then filled: as a full disk would leave it.
    let history = sandbox_rig.workflow.history.clone().unwrap();
    let (plan, caller) =
        (sandbox_rig.plan(&attach(GOOD_ENI, GOOD_INSTANCE)), sandbox_rig.workflow.caller.clone());
    let filled = history
        .with(move |store| {
            store.set_max_pages(store.page_count()?)?;
            let mut n = 0;
            while store.insert(&plan, &caller, n).is_ok() {
                n += 1;
            }
            Ok(n)
        })
        .await
        .unwrap();
    assert!(filled < 10_000);
    let (finish, events) = sandbox_rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "the operation itself goes on");
    assert_eq!(sandbox_rig.attached_to(GOOD_ENI).as_deref(), Some(GOOD_INSTANCE));
    assert_eq!(history_failures(&events), 1, "one warning, not one per write");
    let Recording::Failed { reason, .. } = &finish.recording else { panic!("{:?}", finish.recording) };
    assert!(reason.contains("full"), "{reason}");
    assert!(finish.history_id().is_none());
    let json = tceni::attempt::to_json(&finish);
    assert_eq!(json["history_recorded"], false);
}

#[tokio::test]
async fn a_lock_held_by_another_process_after_preflight_is_said_and_the_attach_goes_on() {
    let rig = rig().await;
    let holder = Arc::new(std::sync::Mutex::new(None));
    let keep = holder.clone();
    let (finish, events) = attach_with_breaking_history(&rig, move |path| {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        *keep.lock().unwrap() = Some(conn);
    })
    .await;
    assert_eq!(finish.outcome(), Outcome::Succeeded);
    assert_eq!(history_failures(&events), 1);
    assert!(matches!(finish.recording, Recording::Failed { .. }));
    drop(holder.lock().unwrap().take());
    let row = rig.row(finish.history_id().unwrap());
    assert_eq!(row.outcome, Outcome::Pending, "the row is behind, and the run said so");
}

#[tokio::test]
async fn a_lock_released_before_the_end_lets_the_end_be_recorded() {
    let rig = rig().await;
    // Held from the confirmation for longer than a run waits (2 s): the Sending write fails,
    // the steps between are skipped, and the end (which carries everything) lands.
    let (finish, events) = attach_with_breaking_history(&rig, |path| {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(2200));
            conn.execute_batch("ROLLBACK").unwrap();
        });
    })
    .await;
    assert_eq!(finish.outcome(), Outcome::Succeeded);
    assert_eq!(history_failures(&events), 1, "said when it happened");
    let row = rig.row(finish.history_id().unwrap());
    assert_eq!(row.outcome, Outcome::Succeeded, "the end was written once the lock was gone");
    assert_eq!(row.request_id.as_deref(), finish.request_id());
}

#[tokio::test]
async fn a_lock_held_briefly_is_waited_out_and_nothing_is_said() {
    let rig = rig().await;
    let (finish, events) = attach_with_breaking_history(&rig, |path| {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            conn.execute_batch("ROLLBACK").unwrap();
        });
    })
    .await;
    assert_eq!(finish.outcome(), Outcome::Succeeded);
    assert!(matches!(finish.recording, Recording::Recorded { .. }), "{:?}", finish.recording);
    assert_eq!(history_failures(&events), 0);
    assert_eq!(rig.row(finish.history_id().unwrap()).outcome, Outcome::Succeeded);
}

#[tokio::test]
async fn a_healthy_history_is_recorded() {
    let rig = rig().await;
    let (finish, events) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert!(matches!(finish.recording, Recording::Recorded { .. }));
    assert_eq!(history_failures(&events), 0);
    assert_eq!(tceni::attempt::to_json(&finish)["history_recorded"], true);
    let unrecorded = Workflow { history: None, ..rig.workflow.clone() };
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let plan = rig.plan(&detach(GOOD_ENI, GOOD_INSTANCE));
    let finish = unrecorded.run(plan, options(), tx, CancellationToken::new()).await;
    assert_eq!(finish.recording, Recording::Off);
}

#[tokio::test]
async fn a_cancel_during_a_hanging_poll_returns_at_once_and_says_no_poll_was_answered() {
    let rig =
        rig_with(tceni::sandbox::SandboxConfig { task_delay: Duration::from_secs(5), ..Default::default() })
            .await;
    rig.sandbox.add_fault(Fault::once(FaultKind::Hang).for_action("DescribeVpcTaskResult").until_cleared());
    let plan = rig.plan(&attach(GOOD_ENI, GOOD_INSTANCE));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let cancel = CancellationToken::new();
    let workflow = rig.workflow.clone();
    let token = cancel.clone();
    let running = tokio::spawn(async move { workflow.run(plan, options(), tx, token).await });
    while let Some(event) = rx.recv().await {
        if matches!(event, Event::Changed(Change::Accepted { .. })) {
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await; // the first poll is hanging
    let cancelled_at = Instant::now();
    cancel.cancel();
    let finish = running.await.unwrap();
    assert!(cancelled_at.elapsed() < Duration::from_secs(1), "{:?}", cancelled_at.elapsed());
    assert_eq!(finish.outcome(), Outcome::Unknown);
    let message = &finish.reason().unwrap().message;
    assert!(message.contains("no poll was answered"), "{message}");
    assert_eq!(tceni::attempt::exit_code(&finish), 4);
}

#[tokio::test]
async fn the_clients_retries_are_events() {
    let rig = rig().await;
    rig.sandbox.add_fault(Fault::once(FaultKind::Http500).for_action("AttachNetworkInterface"));
    let (finish, events) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    let retries: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Retrying(notice) => Some(notice.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(retries.len(), 1, "{retries:?}");
    assert_eq!(retries[0].action, "AttachNetworkInterface");
    assert_eq!((retries[0].failed_try, retries[0].code.as_str()), (1, "ClientError.HttpStatus"));
    assert!(retries[0].next_in <= Duration::from_millis(100));
}

#[tokio::test]
async fn concurrent_runs_share_the_task_poll_quota() {
    // Seven runs polling every 50 ms would ask 140 times a second; the process keeps 20/s.
    let rig = rig_with(tceni::sandbox::SandboxConfig {
        task_delay: Duration::from_millis(1500),
        ..Default::default()
    })
    .await;
    let history = History::new(Store::open(&rig.store_path).unwrap());
    let mut runs = Vec::new();
    for i in 1..=4 {
        let workflow = Workflow { history: Some(history.clone()), ..rig.workflow.clone() };
        let plan = rig.plan(&attach(&format!("eni-free000{i}"), GOOD_INSTANCE));
        let mut opts = options();
        opts.preflight = false;
        runs.push(tokio::spawn(async move {
            let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
            workflow.run(plan, opts, tx, CancellationToken::new()).await
        }));
    }
    let started = Instant::now();
    for run in runs {
        run.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let polls = rig.calls("DescribeVpcTaskResult") as f64;
    assert!(polls <= 20.0 * elapsed + 4.0, "{polls} polls in {elapsed:.2} s");
}

#[tokio::test]
async fn a_500_after_the_change_once_is_retried_into_one_attachment() {
    let rig = rig().await;
    rig.sandbox.add_fault(Fault::once(FaultKind::Http500After).for_action("AttachNetworkInterface"));
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    assert_eq!(tceni::attempt::exit_code(&finish), 0);
    assert_eq!(rig.attached_to(GOOD_ENI).as_deref(), Some(GOOD_INSTANCE));
    assert_eq!(rig.sandbox.state().tasks.len(), 1, "one task: the retry was recognised by its token");
}

#[tokio::test]
async fn a_persistent_500_after_the_change_is_settled_by_describing_the_eni() {
    let rig = rig().await;
    rig.sandbox
        .add_fault(Fault::once(FaultKind::Http500After).for_action("AttachNetworkInterface").until_cleared());
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    assert!(finish.located().is_some_and(|l| l.instance() == Some(GOOD_INSTANCE)), "verified");
    let row = rig.row(finish.history_id().unwrap());
    assert_eq!((row.outcome, row.error_code), (Outcome::Succeeded, None));
}

#[tokio::test]
async fn a_signature_expiry_with_clocks_that_agree_does_not_blame_the_clock() {
    let rig = rig().await;
    let code = "AuthFailure.SignatureExpire".to_string();
    rig.sandbox.add_fault(
        Fault::once(FaultKind::Error { code: code.clone(), message: None })
            .for_action("AttachNetworkInterface"),
    );
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    let failure = finish.reason().cloned().expect("refused");
    assert_eq!(failure.code.as_str(), code);
    let advice = failure.clock.expect("clock advice");
    assert!(advice.contains("not the cause") && !advice.contains("sync it"), "{advice}");
}

#[tokio::test]
async fn beside_an_operation_reconcile_asks_no_task() {
    let rig = rig().await;
    let store = Store::open(&rig.store_path).unwrap();
    let plan = rig.plan(&attach("eni-free0003", "ins-web00002"));
    let id = store.insert(&plan, &rig.workflow.caller, chrono::Utc::now().timestamp_millis()).unwrap();
    let mut sent = store.get(id).unwrap().unwrap().to_record().unwrap();
    sent.apply(tceni::attempt::Change::Sending).unwrap();
    sent.apply(tceni::attempt::Change::Accepted { request_id: "req-gone".into() }).unwrap();
    store.save(id, &sent).unwrap();
    let history = rig.workflow.history.clone().unwrap();
    let client = &rig.workflow.client;
    assert_eq!(tceni::attach::reconcile::reconcile_except(client, &history, &[], 0).await, 0);
    assert_eq!(rig.calls("DescribeVpcTaskResult"), 0, "the operation's polls keep the quota");
    assert_eq!(rig.calls("DescribeNetworkInterfaces"), 1, "one describe for every open row");
    assert_eq!(tceni::attach::reconcile::reconcile_except(client, &history, &[id], 30).await, 0);
    assert_eq!(rig.calls("DescribeVpcTaskResult"), 0, "a busy row is its run's own");
    assert_eq!(tceni::attach::reconcile::reconcile(client, &history).await, 1);
    assert_eq!(rig.calls("DescribeVpcTaskResult"), 1);
}

/// A run that returned once its request was accepted (its row Sent), whose task then FAILED;
/// a later request puts the ENI where the first one's plan said.
async fn failed_then_done_by_another(rig: &Rig, first: tceni::plan::PlanInput, action: &str) -> i64 {
    rig.sandbox.add_fault(Fault::once(FaultKind::TaskFailed { reason: None }).for_action(action));
    let mut no_wait = options();
    no_wait.wait = false;
    let (finish, _) = rig.run(first.clone(), no_wait).await;
    assert_eq!(finish.outcome(), Outcome::Sent);
    tokio::time::sleep(Duration::from_millis(400)).await; // the task ends FAILED
    let (later, _) = rig.run(first, options()).await;
    assert_eq!(later.outcome(), Outcome::Succeeded, "{:?}", later.reason());
    finish.history_id().unwrap()
}

#[tokio::test]
async fn a_row_whose_task_failed_is_never_credited_with_a_later_requests_success() {
    let rig = rig().await;
    let attach_row =
        failed_then_done_by_another(&rig, attach(GOOD_ENI, GOOD_INSTANCE), "AttachNetworkInterface").await;
    let move_row = failed_then_done_by_another(
        &rig,
        move_eni("eni-mig00001", "ins-dead0001", "ins-stby0001"),
        "MigrateNetworkInterface",
    )
    .await;
    reconcile(&rig).await;
    for id in [attach_row, move_row] {
        let row = rig.row(id);
        assert_eq!(row.outcome, Outcome::Failed, "its own task said FAILED: {row:?}");
        assert_eq!(row.task_status, Some(tceni::api::TaskStatus::Failed));
        assert_eq!(row.error_code.as_deref(), Some("ClientError.TaskFailed"));
    }
}

/// A service that checks the ENI's state before it looks at the ClientToken.
async fn state_first_rig() -> Rig {
    let rig = rig().await;
    rig.sandbox.set_token_checked_after_state(true);
    rig
}

#[tokio::test]
async fn a_retry_refused_for_the_state_its_first_try_left_is_never_failed() {
    let rig = state_first_rig().await;
    // The first try is carried out and its answer lost; the retry (same token) is refused
    // because the ENI is already bound.
    rig.sandbox.add_fault(Fault::once(FaultKind::DropAfter).for_action("AttachNetworkInterface"));
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(rig.attached_to(GOOD_ENI).as_deref(), Some(GOOD_INSTANCE));
    assert_eq!(
        (finish.outcome(), tceni::attempt::exit_code(&finish)),
        (Outcome::Unknown, 4),
        "{:?}",
        finish.reason()
    );
    let message = finish.reason().cloned().unwrap().message;
    assert!(message.contains("AttachmentAlreadyExists") && message.contains(GOOD_INSTANCE), "{message}");
    // The same for a detach, refused as not bound / busy.
    rig.sandbox.add_fault(Fault::once(FaultKind::DropAfter).for_action("DetachNetworkInterface"));
    let (finish, _) = rig.run(detach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    assert_eq!(rig.attached_to(GOOD_ENI), None);
    assert_eq!(
        (finish.outcome(), tceni::attempt::exit_code(&finish)),
        (Outcome::Unknown, 4),
        "{:?}",
        finish.reason()
    );
}

#[tokio::test]
async fn a_re_run_with_its_token_refused_for_the_state_its_first_run_left_is_nothing_to_do() {
    let rig = state_first_rig().await;
    let input = tceni::plan::PlanInput {
        client_token: Some("incident-44".into()),
        ..attach(GOOD_ENI, GOOD_INSTANCE)
    };
    let mut no_wait = options();
    no_wait.wait = false;
    let (first, _) = rig.run(input.clone(), no_wait).await;
    assert_eq!(first.outcome(), Outcome::Sent);
    // While its task runs: the same request again, refused for the ATTACHING state.
    let (again, _) = rig.run(input, options()).await;
    assert_eq!(
        (again.outcome(), tceni::attempt::exit_code(&again)),
        (Outcome::AlreadyDone, 0),
        "{:?}",
        again.reason()
    );
    assert_eq!(again.located().unwrap().instance(), Some(GOOD_INSTANCE));
    reconcile(&rig).await;
    assert_eq!(rig.row(first.history_id().unwrap()).outcome, Outcome::Succeeded, "the first run's own task");
}

/// A poll that hangs is abandoned within the poll's own bound and asked again: it does not add
/// the client's whole timeout to a short task, and the task's time is when it ended, not when
/// the hung poll would have given up. (Before: the run waited out the hung poll's timeout and
/// its retries, `✓ SUCCESS in 30.2 s` for a task that ended at 1.5 s.)
#[tokio::test]
async fn a_hung_poll_is_abandoned_and_asked_again_without_holding_up_the_task() {
    let rig = rig().await;
    rig.sandbox.add_fault(Fault::once(FaultKind::Hang).for_action("DescribeVpcTaskResult"));
    let started = Instant::now();
    let (finish, _) = rig.run(attach(GOOD_ENI, GOOD_INSTANCE), options()).await;
    let took = started.elapsed();
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    // The rig's client waits 2 s for an answer and retries a lost one: the hung poll alone
    // used to hold the run for 2 s or more. Abandoned after 1 s, the run ends well before.
    assert!(took < Duration::from_millis(1900), "the hung poll held the run for {took:?}");
    let ended_after = finish.task_ended_after().expect("the task's end time is recorded");
    assert!(ended_after <= took, "{ended_after:?} after a {took:?} run");
    assert!(finish.task.has_ended());
}

/// The outcome told, and each row's outcome in the history at that moment.
type ReadAtTheEnd = (Outcome, Vec<(i64, Outcome)>);

/// Reads the history the moment the end is told, as the terminal app's screen and a script
/// that reads `tceni history` after the exit do.
#[derive(Clone)]
struct ReadsHistoryAtTheEnd {
    path: std::path::PathBuf,
    seen: Arc<std::sync::Mutex<Vec<ReadAtTheEnd>>>,
}

impl tceni::attach::EventSink for ReadsHistoryAtTheEnd {
    fn emit(&self, event: Event) {
        if let Event::Changed(Change::Ended { outcome, .. }) = event {
            let rows =
                Store::open(&self.path).unwrap().page(&tceni::history::HistoryQuery::default()).unwrap();
            self.seen.lock().unwrap().push((outcome, rows.iter().map(|r| (r.id, r.outcome)).collect()));
        }
    }
}

/// The end is told only once the history holds it, and the rows it settles: a re-send with the
/// token of a row that never heard back settles that row before anyone hears the re-send ended.
/// (Before: the end went out first, and a reader saw the re-send still `Sent` and its first
/// row still `Sending`.)
#[tokio::test]
async fn the_end_is_told_only_once_the_history_holds_it_and_the_rows_it_settles() {
    let rig = rig().await;
    let input = tceni::plan::PlanInput {
        client_token: Some("incident-45".into()),
        ..attach(GOOD_ENI, GOOD_INSTANCE)
    };
    let store = Store::open(&rig.store_path).unwrap();
    let started = chrono::Utc::now().timestamp_millis() - 1000;
    let first = store.insert(&rig.plan(&input), &rig.workflow.caller, started).unwrap();
    drop(store);
    // Its process was killed while sending (its marker unlocked): it never reached the service.
    rig.left_as(first, "outcome = 'Sending'");
    let mut marker = tceni::history::live::Live::claim(&rig.store_path, started).unwrap();
    marker.assign(&rig.store_path, first).unwrap();
    drop(marker);
    let sink = ReadsHistoryAtTheEnd { path: rig.store_path.clone(), seen: Default::default() };
    let mut resend = options();
    resend.retry_of = Some(first);
    let finish = rig.workflow.run(rig.plan(&input), resend, sink.clone(), CancellationToken::new()).await;
    assert_eq!(finish.outcome(), Outcome::Succeeded, "{:?}", finish.reason());
    let seen = sink.seen.lock().unwrap().clone();
    let own = finish.history_id().unwrap();
    assert_eq!(
        seen,
        [(Outcome::Succeeded, vec![(own, Outcome::Succeeded), (first, Outcome::Succeeded)])],
        "what a reader of the history finds when the end is told"
    );
}
