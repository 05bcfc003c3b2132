//! The confirm pane's activity line: others' changes are shown when the audit trail answers,
//! this machine's own attempts are left out, and nothing about it blocks or delays a send.

use super::update;
use crate::activity::{Change, Operation, Report, Unavailable};
use crate::api::cloudaudit::read_event;
use crate::api::{ApiError, ServiceError};
use crate::attach::preflight::{Report as Preflight, Rule, Status, Verdict};
use crate::tui::model::{ActivityCheck, Model, Screen};
use crate::tui::msg::{Effect, Msg};
use crate::tui::testdata;
use crate::tui::{Setup, keymap};
use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use std::time::Duration;

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The confirm pane for eni-free0001 → ins-web00001, and the effects opening it asked for.
/// The test setup with the audit trail asked over the default hour.
fn audited() -> Setup {
    Setup { activity_window: crate::activity::DEFAULT_WARN_WINDOW, ..testdata::setup() }
}

fn confirming(setup: Setup) -> (Model, Vec<Effect>) {
    let setup = Setup { eni: Some("eni-free0001".into()), instance: Some("ins-web00001".into()), ..setup };
    let mut model = testdata::model_with(&setup, (100, 40));
    update(&mut model, Msg::HistoryOpened(Ok(testdata::history_handle())));
    let effects = update(&mut model, key(KeyCode::Enter));
    assert!(matches!(model.screen, Screen::Confirm(_)));
    (model, effects)
}

fn id(model: &Model) -> u64 {
    model.confirm().unwrap().preflight_id
}

fn passed(model: &mut Model) {
    let verdict = Verdict {
        rule: Rule::EniExists,
        status: Status::Pass,
        reason: "ok".into(),
        code: None,
        advice: None,
        next: None,
    };
    let id = id(model);
    update(model, Msg::PreflightDone { id, result: Ok(Preflight { verdicts: vec![verdict] }) });
    update(model, Msg::Drawn(Default::default()));
    let dwell = model.confirm_dwell;
    update(model, Msg::Tick(dwell));
}

fn change(user: &str, minutes_ago: i64, now: DateTime<Utc>, this_machine: bool) -> Change {
    let time = now - chrono::Duration::minutes(minutes_ago);
    let detail = json!({"userIdentity": {"type": "CAMUser"}, "errorCode": 0,
        "requestParameters": {"NetworkInterfaceId": "eni-free0001", "InstanceId": "ins-web00001"}});
    let event = read_event(&json!({
        "EventId": format!("ev-{user}-{minutes_ago}"), "Username": user, "EventName": "AttachNetworkInterface",
        "EventTime": crate::sandbox::beijing_time(time.timestamp()), "RequestID": format!("req-{user}"),
        "CloudAuditEvent": detail.to_string(),
    }))
    .unwrap();
    Change {
        event,
        operation: Operation::Attach,
        eni: "eni-free0001".into(),
        instances: vec!["ins-web00001".into()],
        this_machine,
    }
}

fn send_key(model: &Model) -> Msg {
    let text = model.keymap.key_for(keymap::Action::Send, keymap::Focus::Confirm);
    key(KeyCode::Char(text.chars().next().unwrap()))
}

#[test]
fn opening_the_confirm_pane_asks_the_audit_trail_beside_preflight() {
    let (model, effects) = confirming(audited());
    let confirm = model.confirm().unwrap();
    assert_eq!(confirm.activity, ActivityCheck::Checking);
    assert!(matches!(&effects[..], [Effect::Preflight { .. }, Effect::CheckActivity { id, plan, window }]
        if *id == confirm.preflight_id && plan == &confirm.plan && *window == Duration::from_secs(3600)));
    let (off, effects) = confirming(Setup { activity_window: Duration::ZERO, ..audited() });
    assert_eq!(off.confirm().unwrap().activity, ActivityCheck::Off);
    assert!(!effects.iter().any(|e| matches!(e, Effect::CheckActivity { .. })), "a window of 0 asks nothing");
}

#[test]
fn others_changes_are_a_warning_and_this_machines_are_left_out() {
    let _en = crate::i18n::scoped(crate::i18n::Language::EnUs);
    let (mut model, _) = confirming(audited());
    passed(&mut model);
    let now = Utc::now();
    let report = Report {
        changes: vec![
            change("root", 1, now, true),
            change("alice", 4, now, false),
            change("bob", 90, now, false),
        ],
        ..Report::default()
    };
    let pane = id(&model);
    update(&mut model, Msg::ActivityChecked { id: pane + 1, at: now, result: Ok(Report::default()) });
    assert_eq!(
        model.confirm().unwrap().activity,
        ActivityCheck::Checking,
        "another pane's answer is dropped"
    );
    update(&mut model, Msg::ActivityChecked { id: pane, at: now, result: Ok(report) });
    let ActivityCheck::Checked { others, .. } = &model.confirm().unwrap().activity else { panic!() };
    let users: Vec<&str> = others.iter().map(Change::user).collect();
    assert_eq!(users, ["alice"], "this machine's attach and one older than the hour are not warned about");
    let screen = testdata::render(&model, 100, 40);
    assert!(screen.contains("eni-free0001 attached to ins-web00001 by alice 4 min ago"), "{screen}");
    assert!(screen.contains("minutes after it is made"), "{screen}");
    assert!(!screen.contains("by root"), "{screen}");
}

#[test]
fn a_refused_or_throttled_trail_says_so_and_the_send_goes_on() {
    let _en = crate::i18n::scoped(crate::i18n::Language::EnUs);
    let refusal = |code: &str| {
        ApiError::Service(ServiceError {
            code: code.into(),
            message: "no".into(),
            request_id: None,
            clock_skew_secs: None,
        })
    };
    for (code, says) in [
        ("UnauthorizedOperation", "activity unavailable: this key has no CloudAudit rights"),
        ("RequestLimitExceeded", "activity unavailable: CloudAudit's quota"),
    ] {
        let (mut model, _) = confirming(audited());
        passed(&mut model);
        let why = Unavailable::from(refusal(code));
        let pane = id(&model);
        update(&mut model, Msg::ActivityChecked { id: pane, at: Utc::now(), result: Err(why) });
        let screen = testdata::render(&model, 100, 40);
        assert!(screen.contains(says), "{code}: {screen}");
        let send = send_key(&model);
        let effects = update(&mut model, send);
        assert!(
            matches!(&effects[..], [Effect::RunWorkflow { .. }]),
            "{code}: the send is not blocked: {effects:?}"
        );
    }
}

#[test]
fn the_send_never_waits_for_the_audit_trail() {
    let (mut model, _) = confirming(audited());
    passed(&mut model);
    assert_eq!(model.confirm().unwrap().activity, ActivityCheck::Checking);
    let send = send_key(&model);
    let effects = update(&mut model, send);
    assert!(
        matches!(&effects[..], [Effect::RunWorkflow { .. }]),
        "sent while the trail is still asked: {effects:?}"
    );
}

fn typed(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, key(KeyCode::Char(c)));
    }
}

#[test]
fn history_has_an_account_view_filtered_like_history_with_the_events_identity() {
    let _en = crate::i18n::scoped(crate::i18n::Language::EnUs);
    let mut model = testdata::model_with(&audited(), (120, 40));
    update(&mut model, Msg::HistoryOpened(Ok(testdata::history_handle())));
    model.screen = Screen::History;
    let effects = update(&mut model, key(KeyCode::Char('a')));
    let [Effect::LoadAccountActivity { generation, region }] = &effects[..] else { panic!("{effects:?}") };
    assert_eq!(region, testdata::REGION);
    let now = Utc::now();
    let mut alices = change("alice", 4, now, false);
    alices.event.source_ip = "198.51.100.23".into();
    alices.event.secret_id_masked = "…0001".into();
    alices.event.principal_id = "100000000042".into();
    let report = Report { changes: vec![change("root", 1, now, true), alices], ..Report::default() };
    update(
        &mut model,
        Msg::AccountActivity { generation: *generation + 7, at: now, result: Ok(Report::default()) },
    );
    update(&mut model, Msg::AccountActivity { generation: *generation, at: now, result: Ok(report) });
    let screen = testdata::render(&model, 120, 40);
    assert!(screen.contains("alice (sub-user)") && screen.contains("req-root"), "{screen}");
    assert!(screen.contains(" this machine "), "{screen}");

    update(&mut model, key(KeyCode::Char('/')));
    typed(&mut model, "user:ali");
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.history.account.visible("user:ali").len(), 1);
    update(&mut model, key(KeyCode::Enter));
    let detail = testdata::render(&model, 120, 40);
    for shown in ["198.51.100.23", "…0001", "100000000042", "req-alice", "attach eni-free0001 → ins-web00001"]
    {
        assert!(detail.contains(shown), "{shown}: {detail}");
    }
    update(&mut model, key(KeyCode::Esc));
    update(&mut model, key(KeyCode::Esc));
    update(&mut model, key(KeyCode::Char('a')));
    assert_eq!(model.history.view, crate::tui::model::HistoryView::ThisMachine);
    assert!(!testdata::render(&model, 120, 40).contains("alice (sub-user)"));
}

#[test]
fn the_account_view_says_when_the_trail_is_unavailable() {
    let _en = crate::i18n::scoped(crate::i18n::Language::EnUs);
    let mut model = testdata::model_with(&audited(), (120, 40));
    model.screen = Screen::History;
    let effects = update(&mut model, key(KeyCode::Char('a')));
    let [Effect::LoadAccountActivity { generation, .. }] = &effects[..] else { panic!("{effects:?}") };
    let refusal = ApiError::Service(ServiceError {
        code: "UnauthorizedOperation".into(),
        message: "no".into(),
        request_id: None,
        clock_skew_secs: None,
    });
    let result = Err(Unavailable::from(refusal));
    update(&mut model, Msg::AccountActivity { generation: *generation, at: Utc::now(), result });
    let screen = testdata::render(&model, 120, 40);
    assert!(screen.contains("activity unavailable: this key has no CloudAudit rights"), "{screen}");
}

/// The History pane's account view at `size`, the audit trail having answered `changes`.
fn account_view(size: (u16, u16), changes: Vec<Change>, now: DateTime<Utc>) -> Model {
    let mut model = testdata::model_with(&audited(), size);
    update(&mut model, Msg::HistoryOpened(Ok(testdata::history_handle())));
    model.screen = Screen::History;
    let effects = update(&mut model, key(KeyCode::Char('a')));
    let [Effect::LoadAccountActivity { generation, .. }] = &effects[..] else { panic!("{effects:?}") };
    let report = Report { changes, ..Report::default() };
    update(&mut model, Msg::AccountActivity { generation: *generation, at: now, result: Ok(report) });
    model
}

/// In the account view the wheel and a click move the account's changes, the list on screen
/// (they moved this machine's rows, hidden behind it).
#[test]
fn the_mouse_moves_the_account_view_s_list() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let now = Utc::now();
    let changes =
        vec![change("root", 1, now, true), change("alice", 4, now, false), change("bob", 9, now, false)];
    let mut model = account_view((120, 40), changes, now);
    let mouse =
        |kind, column, row| Msg::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE });
    update(&mut model, mouse(MouseEventKind::ScrollDown, 0, 0));
    assert_eq!(model.history.account.list.selected, 1, "the wheel moves the changes");
    let rows = crate::tui::layout::history_list(
        crate::tui::layout::areas(crate::tui::layout::screen_rect(&model)).body,
    );
    update(&mut model, mouse(MouseEventKind::Down(MouseButton::Left), rows.x + 2, rows.y + 2));
    assert_eq!(model.history.account.list.selected, 2, "a click picks the change on that line");
    assert!(testdata::render(&model, 120, 40).lines().any(|l| l.starts_with("│▶") && l.contains("bob")));
    assert_eq!(model.history.list.selected, 0, "this machine's rows did not move");
}

/// An event's view scrolls with the arrows, as an attempt's record does, and the footer says
/// so; the arrows moved the list behind it (another event took its place) while the footer
/// said "move down". The lists' arrows still move.
#[test]
fn the_arrows_scroll_an_event_s_view_and_say_so() {
    let _en = crate::i18n::scoped(crate::i18n::Language::EnUs);
    let now = Utc::now();
    let changes = vec![change("root", 1, now, true), change("alice", 4, now, false)];
    let mut model = account_view((60, 12), changes, now);
    update(&mut model, key(KeyCode::Enter));
    let top = testdata::show(&mut model);
    assert!(model.history.detail_scroll_limit > 0, "the event is taller than a 12-line window:\n{top}");
    update(&mut model, key(KeyCode::Down));
    let scrolled = testdata::show(&mut model);
    assert_eq!(model.history.account.list.selected, 0, "the same event");
    assert_ne!(top, scrolled, "↓ scrolled it");
    let hints = model.keymap.hints(keymap::Focus::Detail);
    assert!(hints.iter().any(|(action, _, help)| *action == keymap::Action::Down && help == "scroll down"));
    let hints = model.keymap.hints(keymap::Focus::History);
    assert!(hints.iter().any(|(action, _, help)| *action == keymap::Action::Down && help == "move down"));
}
